"""Write report blocks as a PDF with reportlab (BSD): NanumGothic embedded, ruled tables, page numbers.

Tables are drawn with a full grid; merged cells are real spans (no inner rules), header rows repeat where a
table breaks across pages (`repeatRows`), and every page carries `- n -` at its foot. Column widths follow
the text; a table too wide for the page gets a smaller font (down to 5 pt), and only long text cells wrap.
Needs Debian's `fonts-nanum` (`/usr/share/fonts/truetype/nanum/NanumGothic.ttf`).
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from tools.renditions import Para, TableBlock

FONT_PATHS = (Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),)
FONT = "NanumGothic"
FALLBACK = "DejaVuSans"  # for the few symbols NanumGothic lacks (➡)
FALLBACK_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_GLYPHS: set[int] = set()


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    path = next((p for p in FONT_PATHS if p.exists()), None)
    if path is None:
        raise FileNotFoundError("NanumGothic.ttf not found: apt-get install fonts-nanum")
    font = TTFont(FONT, str(path))
    pdfmetrics.registerFont(font)
    _GLYPHS.update(font.face.charToGlyph)
    if FALLBACK_PATH.exists():
        pdfmetrics.registerFont(TTFont(FALLBACK, str(FALLBACK_PATH)))


def markup(text: str) -> str:
    """Paragraph markup: escaped, with characters NanumGothic lacks set in the fallback font."""
    if not FALLBACK_PATH.exists():
        return escape(text)
    return "".join(escape(ch) if ord(ch) in _GLYPHS or ch in " \t" else f'<font name="{FALLBACK}">{escape(ch)}</font>'
                   for ch in text)


def write_pdf(blocks: list[Para | TableBlock], path: Path, *, font_size: float = 9.0,
              landscape_tables: bool = False) -> Path:
    """Write a PDF of the blocks (A4 portrait); returns its path."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register()
    body = ParagraphStyle("body", fontName=FONT, fontSize=font_size, leading=font_size * 1.45)
    margin = 18 * mm
    avail = A4[0] - 2 * margin
    story = []
    for b in blocks:
        if isinstance(b, Para):
            if b.text and b.indent:
                story.append(Paragraph(markup(b.text), ParagraphStyle("ind", parent=body, leftIndent=12 * b.indent)))
            elif b.text:
                story.append(Paragraph(markup(b.text), body))
            else:
                story.append(Spacer(1, font_size * 0.8))
            continue
        story.append(Spacer(1, 2))
        story.append(_table(b, avail, font_size, Paragraph, ParagraphStyle, Table, TableStyle, stringWidth))
        story.append(Spacer(1, 2))

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {doc.page} -")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title="report", author="dcqa renditions")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return Path(path)


def _table(b: TableBlock, avail: float, font_size: float, Paragraph, ParagraphStyle, Table, TableStyle,  # noqa: ANN001, N803
           stringWidth):  # noqa: ANN001, N803, ANN202
    """A reportlab Table for one block, sized to the page."""
    texts = {(c.row, c.col): " ".join(c.paragraphs) for c in b.cells}
    pad = 6.0
    size = min(font_size, 8.0)

    def natural(sz: float) -> list[float]:
        w = [12.0] * b.n_cols
        for c in b.cells:
            if c.col_span == 1:
                w[c.col] = max(w[c.col], stringWidth(texts[(c.row, c.col)], FONT, sz) + pad)
        for c in b.cells:  # a merged cell's text needs the width of the columns it spans
            if c.col_span > 1:
                need = stringWidth(texts[(c.row, c.col)], FONT, sz) + pad - sum(w[c.col:c.col + c.col_span])
                if need > 0:
                    for j in range(c.col, c.col + c.col_span):
                        w[j] += need / c.col_span
        return w

    widths = natural(size)
    long_cols: set[int] = set()
    while sum(widths) > avail and size > 5.0:
        size -= 0.5
        widths = natural(size)
    if sum(widths) > avail:  # long text cells wrap: give them what is left, shared by their natural width
        short = [w for w in widths if w <= 110]
        long_cols = {j for j, w in enumerate(widths) if w > 110}
        left = max(avail - sum(short), 60.0 * max(len(long_cols), 1))
        total_long = sum(widths[j] for j in long_cols) or 1.0
        widths = [widths[j] if j not in long_cols else max(60.0, left * widths[j] / total_long)
                  for j in range(b.n_cols)]
    style = ParagraphStyle("cell", fontName=FONT, fontSize=size, leading=size * 1.3)
    data: list[list[object]] = [[""] * b.n_cols for _ in range(b.n_rows)]
    cmds: list[tuple] = [("FONT", (0, 0), (-1, -1), FONT, size), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                         ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                         ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    for c in b.cells:
        t = texts[(c.row, c.col)]
        span_w = sum(widths[c.col:c.col + c.col_span])
        if c.col in long_cols or stringWidth(t, FONT, size) + pad > span_w:
            data[c.row][c.col] = Paragraph("<br/>".join(markup(p) for p in c.paragraphs), style)
        else:
            data[c.row][c.col] = t
        if c.row_span > 1 or c.col_span > 1:
            cmds.append(("SPAN", (c.col, c.row), (c.col + c.col_span - 1, c.row + c.row_span - 1)))
    return Table(data, colWidths=widths, repeatRows=b.header_rows, style=TableStyle(cmds), hAlign="LEFT")
