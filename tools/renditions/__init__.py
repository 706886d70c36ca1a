"""Renditions of a `.txt` report as the documents staff really receive: HWPX, HWP 5.0, PDF, DOCX.

Used by the round-trip tests and `bench/formats_roundtrip.py`: a report's `.txt` is read into paragraphs and
tables (`report_blocks`), and a writer lays them out as a real document: tables with ruled cells, header
spans as merged cells (`rowSpan`/`colSpan`), a label that fills two label columns as one merged cell, HTML
lists inside cells as paragraphs of the cell, header rows repeated where a table breaks across pages (PDF).
The readers in `index/readers` must then give back the same table records as the `.txt` file.

Writers: `hwpx.write_hwpx` (OWPML by hand, standard library), `hwp.write_hwp` (HWP 5.0 compound file built
byte by byte: no HWP writer exists on PyPI), `pdf.write_pdf` (reportlab with NanumGothic embedded),
`docx.write_docx` (python-docx; LibreOffice turns it into an independent PDF rendition).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.normalize import strip_html
from index.sections import is_table_line
from index.store import split_lines
from index.tables import _blocks, _segment, split_cells  # the parser's own block split: one table per block

_P_SPLIT = re.compile(r"</p>\s*<p>|<br\s*/?>|</li>\s*<li>", re.I)
_BULLET_SPLIT = re.compile(r"\s(?=[·○□■◦-]\s)")


@dataclass
class Para:
    text: str
    indent: int = 0  # indentation level (the `.txt` prints a sub-bullet with one leading space)


@dataclass
class Cell:
    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    header: bool = False

    @property
    def paragraphs(self) -> list[str]:
        """The cell's text as paragraphs: HTML paragraphs and list items of the `.txt` become paragraphs."""
        return cell_paragraphs(self.text)


@dataclass
class TableBlock:
    n_rows: int
    n_cols: int
    cells: list[Cell]
    header_rows: int  # rows repeated on a page break (captions and header rows)
    source_lines: list[int] = field(default_factory=list)

    def grid(self) -> list[list[str]]:
        """Texts by grid position (covered cells empty)."""
        g = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            g[c.row][c.col] = c.text
        return g


def cell_paragraphs(text: str) -> list[str]:
    """`<ul …> · a · b` → ["· a", "· b"]; `<p>x</p> <p>y</p>` → ["x", "y"]; plain text → [text]."""
    if "<" not in text:
        return [text]
    parts = [strip_html(p) for p in _P_SPLIT.split(text)]
    out: list[str] = []
    for p in parts:
        out += [q.strip() for q in _BULLET_SPLIT.split(p) if q.strip()]
    return out or [""]


def _merges(rows: list[list[str]], header_rows: int, label_cols: int) -> list[Cell]:
    """Cells with spans inferred the way a person drew the table: header cells span the empty cells beside
    (over sub-columns) or below them; a label printed in the first of two label columns spans both."""
    n_rows = len(rows)
    n_cols = max((len(r) for r in rows), default=0)
    grid = [r + [""] * (n_cols - len(r)) for r in rows]
    covered = [[False] * n_cols for _ in range(n_rows)]
    cells: list[Cell] = []
    for r in range(n_rows):
        for c in range(n_cols):
            if covered[r][c]:
                continue
            text = grid[r][c]
            rs = cs = 1
            if text and r < header_rows:
                if r + 1 < header_rows:
                    while c + cs < n_cols and not grid[r][c + cs] and grid[r + 1][c + cs] and not covered[r][c + cs]:
                        cs += 1
                if cs == 1:
                    while r + rs < header_rows and not grid[r + rs][c] and not covered[r + rs][c]:
                        rs += 1
            elif text and r >= header_rows and label_cols == 2 and c == 0 and n_cols > 1 and not grid[r][1]:
                cs = 2
            for dr in range(rs):
                for dc in range(cs):
                    covered[r + dr][c + dc] = True
            cells.append(Cell(r, c, text, rs, cs, header=r < header_rows))
    return cells


def report_blocks(text: str) -> list[Para | TableBlock]:
    """A `.txt` report as paragraphs (one per line; blank lines kept) and tables (one per parser block)."""
    lines = split_lines(text.lstrip("\ufeff"))
    blocks = {b.lines[0]: b for b in _blocks(lines)}
    out: list[Para | TableBlock] = []
    k = 1
    while k <= len(lines):
        b = blocks.get(k)
        if b is None:
            if not is_table_line(lines[k - 1]):
                raw = lines[k - 1]
                out.append(Para(raw.strip(), len(raw) - len(raw.lstrip()) if raw.strip() else 0))
            k += 1
            continue
        captions, header, body, label_cols = _segment(b)
        sep = {r.line for r in header if all(re.fullmatch(r":?-*:?", c) for c in r.cells) and r.cells}
        rows, src = [], []
        for ln, cells in zip(b.lines, b.rows):
            if ln in sep:
                continue
            rows.append(cells)
            src.append(ln)
        n_head = len(captions) + len(header) - len(sep)
        cells = _merges(rows, n_head, label_cols if n_head else 0)
        out.append(TableBlock(len(rows), max(len(r) for r in rows), cells, n_head, src))
        k = b.lines[-1] + 1
    return out


def plain_rows(block: TableBlock) -> list[list[str]]:
    """Rows of a table as the `.txt` printed them (used by writers that cannot merge)."""
    return [[c for c in row] for row in block.grid()]


__all__ = ["Cell", "Para", "TableBlock", "cell_paragraphs", "plain_rows", "report_blocks", "split_cells"]
