"""The common shape of every reader: a text rendering in the project's layout plus a position map.

A reader turns a report file into `Rendering`: the lines that the `.txt` parsers read (`index.sections`,
`index.tables`), one position per line that tells a person where the line is in the original, and the problems
met on the way. Tables are rendered as tab rows (the layout of the 2025 report, which the table parser reads
with its header, span and continuation rules); merged cells are expanded so that a spanned cell's text stands
in its top-left grid cell and the covered cells are empty, as in the `.txt` files. Paragraphs become one line
each; tabs inside a paragraph become spaces so that no paragraph is mistaken for a table row.

Positions are small dicts (JSON in the index directory):

- `{"p": 3}`: page 3 of a PDF (`{"p": 3, "t": 2, "r": 4}` for a table row);
- `{"s": 1, "para": 12}`: paragraph 12 of section 1 of an HWP/HWPX file;
- `{"s": 1, "t": 2, "r": 4, "c": [1, 2, 4]}`: row 4 of table 2; `c` names the original column of each rendered
  cell (a merged cell keeps the column it starts in).

`describe(pos, cell)` writes one as a person reads it: `p. 3`, `문단 12`, `표 2, 4행 3열`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Position = dict[str, Any]

_WS = re.compile(r"[ \t\u00a0\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")  # missing glyphs and stray controls


class ReaderError(ValueError):
    """A report file cannot be read (the message names the file, what was wrong and what to do)."""


class MissingDependency(ReaderError):
    """An optional package that a reader needs is not installed (`install X to enable`)."""


@dataclass
class Problem:
    """Something the reader could not read, and where (a page or a paragraph, as `describe` writes it)."""

    where: str
    what: str
    severe: bool = False  # text or a table is lost (a partial parse); False: a picture or another object skipped

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class Rendering:
    """A report rendered into the project's text layout."""

    doc: str  # file name
    fmt: str  # "hwpx" | "hwp" | "pdf" | "txt"
    lines: list[str]
    positions: list[Position | None]
    problems: list[Problem] = field(default_factory=list)
    pages: int | None = None  # PDF page count
    tables: int = 0  # tables found by the reader

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    @property
    def partial(self) -> bool:
        """True when some text or table could not be read."""
        return any(p.severe for p in self.problems)


def clean_text(text: str) -> str:
    """One line of paragraph text: tabs, line breaks and runs of spaces become one space; ends stripped."""
    return _WS.sub(" ", _CONTROL.sub(" ", text.replace("\r", " ").replace("\n", " "))).strip()


def clean_cell(text: str) -> str:
    """One table cell on one line (a cell's paragraphs joined by a space)."""
    return clean_text(text)


class LayoutBuilder:
    """Collects paragraphs and tables in document order into lines and positions."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.positions: list[Position | None] = []
        self.tables = 0

    def paragraph(self, text: str, pos: Position | None, indent: int = 0) -> None:
        """One paragraph as one line (an empty paragraph is a blank line). Indentation (typed leading spaces, or
        `indent` levels from the paragraph's margin or position) becomes leading spaces, one per level, as the
        `.txt` reports print a sub-bullet (` - …`) under its bullet."""
        line = clean_text(text)
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            line = line[1:].strip()  # a paragraph never reads as a pipe-table row
        lead = len(text) - len(text.lstrip(" \t\u00a0\u3000"))
        if line and (lead or indent):
            line = " " * min(lead + indent, 8) + line
        self.lines.append(line)
        self.positions.append(pos if line else None)

    def blank(self) -> None:
        """A blank line, unless the last line is already blank."""
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.positions.append(None)

    def table(self, grid: list[list[str]], positions: list[Position | None]) -> None:
        """A table as tab rows; a blank line before and after keeps it a block of its own."""
        self.blank()
        self.table_rows(grid, positions)
        self.blank()
        self.tables += 1

    def table_rows(self, grid: list[list[str]], positions: list[Position | None]) -> None:
        """Rows appended to the current block (a table continued on the next page without a repeated header)."""
        for row, pos in zip(grid, positions):
            cells = [clean_cell(c) for c in row]
            self.lines.append(tab_row(cells))
            self.positions.append(pos)


def tab_row(cells: list[str]) -> str:
    """A tab row; a one-cell row keeps a trailing tab so it still reads as a table line."""
    if len(cells) == 1:
        return cells[0] + "\t"
    return "\t".join(cells)


def expand_spans(cells: list[tuple[int, int, int, int, str]], n_rows: int | None = None,
                 n_cols: int | None = None) -> tuple[list[list[str]], list[list[int]]]:
    """Grid of texts from (row, col, row_span, col_span, text) cells, and each grid cell's origin column.

    A merged cell's text goes to its top-left grid cell; the cells it covers stay empty (as the `.txt` layout
    prints a spanned header). Origin columns are 1-based (for positions)."""
    rows = max([r + max(rs, 1) for r, _, rs, _, _ in cells] + [n_rows or 0])
    cols = max([c + max(cs, 1) for _, c, _, cs, _ in cells] + [n_cols or 0])
    grid = [[""] * cols for _ in range(rows)]
    origin = [[j + 1 for j in range(cols)] for _ in range(rows)]
    for r, c, rs, cs, text in cells:
        if 0 <= r < rows and 0 <= c < cols:
            grid[r][c] = text
        for dr in range(max(rs, 1)):
            for dc in range(max(cs, 1)):
                if r + dr < rows and c + dc < cols:
                    origin[r + dr][c + dc] = c + 1
    return grid, origin


def trim_grid(grid: list[list[str]]) -> tuple[list[list[str]], int]:
    """Drop trailing all-empty columns; returns the grid and how many columns remain."""
    width = max((len(r) for r in grid), default=0)
    while width > 0 and all((len(r) < width or not r[width - 1].strip()) for r in grid):
        width -= 1
    return [r[:width] for r in grid], width


def describe(pos: Position | None, cell: int | None = None) -> str | None:
    """A position as a person finds it: `p. 3`, `문단 12`, `표 2, 4행 3열` (cell: 0-based rendered cell index)."""
    if not pos:
        return None
    parts: list[str] = []
    if "p" in pos:
        parts.append(f"p. {pos['p']}")
    elif pos.get("s", 1) > 1:
        parts.append(f"구역 {pos['s']}")
    if "t" in pos:
        where = f"표 {pos['t']}, {pos['r']}행"
        cols = pos.get("c")
        if cell is not None and cell >= 0:
            col = cols[cell] if cols and cell < len(cols) else cell + 1
            where += f" {col}열"
        parts.append(where)
    elif "para" in pos:
        parts.append(f"문단 {pos['para']}")
    return ", ".join(parts) or None
