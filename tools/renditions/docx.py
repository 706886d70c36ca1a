"""Write report blocks as a Word document (python-docx, MIT), for an independent PDF rendition.

LibreOffice (Debian `libreoffice-writer-nogui`) lays the document out and exports the PDF
(`soffice --headless --convert-to pdf`): its own line breaking, column widths, fonts and table rules, none of
which the project's PDF writer or reader chose. Tables use the `Table Grid` style (all cells ruled), merged
cells are real merges, and header rows are marked to repeat on each page (`w:tblHeader`).
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from tools.renditions import Para, TableBlock

FONT = "NanumGothic"


def _font(run_or_style, size: float | None = None) -> None:  # noqa: ANN001
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run_or_style.font.name = FONT
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run_or_style.font.size = Pt(size)


def write_docx(blocks: list[Para | TableBlock], path: Path, *, font_size: float = 9.0,
               table_font_size: float = 7.0) -> Path:
    """Write a .docx of the blocks (A4 portrait, 18 mm margins)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Mm(18)
    normal = d.styles["Normal"]
    _font(normal, font_size)
    normal.paragraph_format.space_after = Pt(2)
    for b in blocks:
        if isinstance(b, Para):
            para = d.add_paragraph(b.text)
            if b.indent:
                para.paragraph_format.left_indent = Pt(12 * b.indent)
            continue
        t = d.add_table(rows=b.n_rows, cols=b.n_cols)
        t.style = d.styles["Table Grid"]
        for c in b.cells:
            cell = t.cell(c.row, c.col)
            if c.row_span > 1 or c.col_span > 1:
                cell = cell.merge(t.cell(c.row + c.row_span - 1, c.col + c.col_span - 1))
            paras = c.paragraphs
            cell.paragraphs[0].text = paras[0] if paras else ""
            for p in paras[1:]:
                cell.add_paragraph(p)
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                for run in p.runs:
                    _font(run, table_font_size)
        for r in range(b.header_rows):
            trpr = t.rows[r]._tr.get_or_add_trPr()
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            trpr.append(el)
        d.add_paragraph("")
    d.save(str(path))
    return Path(path)


def to_pdf(docx_path: Path, out_dir: Path, timeout: float = 300) -> Path:
    """Export a .docx to PDF with LibreOffice (headless); returns the PDF path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir),
                    str(docx_path)], check=True, capture_output=True, timeout=timeout)
    return out_dir / (Path(docx_path).stem + ".pdf")
