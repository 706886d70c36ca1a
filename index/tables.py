"""Pipe and tab tables → logical tables → typed `TableRecord`s (one per numeric or flagged cell).

How a table is read (nothing here depends on line numbers or on a fixed list of names):

1. **Blocks**: runs of consecutive pipe rows (`| a | b |`) or tab rows. A tab block is split where a row starts a new
   `구분` header (a table nested in another) or is a caption row (`〈 정보자원 보유 현황 〉 … ('25.1월 기준)`).
2. **Header rows**: pipe rows above the `|---|` line; in tab blocks the `구분` row plus the following rows that start
   with an empty cell and hold no number (multi-row headers), else the leading rows without numbers.
3. **Columns**: each header row is forward-filled to the right inside its parent's span; a column is named by its
   deepest header cell. A parent is joined only where the child alone is ambiguous: a one-syllable child (`증 감` +
   `액` → `증감액`) or a child under a rate (`원인행위` under `집행률 (%)` → `원인행위 집행률`). `(%)` moves into the
   unit; a child `합계` under `직종별 현원` becomes `현원`; the year prefix is kept on budget columns (`2025 최종예산`).
4. **Continuation**: a block separated from the previous table only by blank lines and starting with a repeated
   header is the same logical table (page break): it keeps the first block's columns, title, unit and row context.
5. **Row paths**: numbered labels build the tree from their numbers (`1-1-8) 기본경비` under `1-1) 일반회계` under
   `1) 디지털정책과`); unnumbered tables use implied parents — a department row, then an account row (`…회계`), then
   items — and otherwise the label's column (an indented label is a child of the last label in the first column).
   The bureau-total row (`계`, `합계`, or the bureau's own name such as `디지털도시국`) gets row path `("계",)`.
6. **Transposed** tables (departments as columns, `정원`/`현원` as rows) are stored entity-as-row: row path
   `("데이터센터",)`, column `정원`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.models import Document, Section, TableRecord
from index.normalize import is_numeric_cell, join_split_label, normalize_text, parse_value
from index.sections import find_as_of, is_table_line

_SEP_ROW = re.compile(r"^\|?\s*:?-{2,}")
_NUMBERING = re.compile(r"^(?P<num>\d{1,2}(?:-\d{1,2})*)\)\s*(?P<label>.*)$")
_UNIT_IN_LABEL = re.compile(r"\s*\(\s*단위\s*[:：]?\s*(?P<unit>[^,)\s]+)[^)]*\)\s*")
_UNIT_CAPTION = re.compile(r"단위\s*[:：]?\s*(?P<unit>[가-힣A-Za-z]+)")
_CAPTION_CELL = re.compile(r"^(?:[〈<].*[〉>]|\(.*\))$")
_MARKED = re.compile(r"^[○●◎□■▶◇◆]\s*(?P<t>.+)$")
_BRACKETED = re.compile(r"^[〈<\[]\s*(?P<t>.+?)\s*[〉>\]]$")
_SHORT_DASH = re.compile(r"^-\s*(?P<t>\S.{0,14})$")
_ASOF_PAREN = re.compile(r"\s*\([^()]*기준[^()]*\)\s*")
_UNIT_SUFFIX = re.compile(r"^[가-힣A-Za-z0-9]{2,}(?:과|담당관)$")
_TOTALS = {"계", "합계", "총계"}
_HEADCOUNT = {"정원", "현원"}
_COUNT_COLUMNS = {"개수": "개", "건수": "건", "인원": "명", "인원수": "명"}  # a count column names its unit
_TRAILING_UNIT = re.compile(r"\(([가-힣A-Za-z0-9]+)\)\s*$")
_COUNTER = re.compile(r"(?P<n>\d[\d,]*)\s*(?P<u>건|개|명|식)")


@dataclass
class Row:
    """One physical table row."""

    line: int
    cells: list[str]
    kind: str = "data"  # header | data | caption | note
    label: str = ""
    path: tuple[str, ...] = ()
    department: str | None = None
    unit_row: bool = False  # a department row: starts a new block in chunking


@dataclass
class Segment:
    """A physical block of a logical table: its own header lines and rows."""

    header: list[Row]
    rows: list[Row]
    label_cols: int


@dataclass
class Table:
    """A logical table (blocks joined across page breaks) with its records."""

    table_id: str
    doc: str
    section_id: str
    title: str
    unit: str | None
    as_of: str | None
    columns: list[str]
    rate: list[bool]
    segments: list[Segment] = field(default_factory=list)
    transposed: bool = False
    records: list[TableRecord] = field(default_factory=list)
    numeric_cells: int = 0
    covered_cells: int = 0
    caption_lines: list[int] = field(default_factory=list)
    is_numeric_hint: bool = False  # some data row holds a number (known before records are made)

    @property
    def lines(self) -> list[int]:
        out = list(self.caption_lines)
        for seg in self.segments:
            out += [r.line for r in seg.header] + [r.line for r in seg.rows]
        return sorted(set(out))

    @property
    def is_numeric(self) -> bool:
        return self.numeric_cells > 0


@dataclass
class DocTables:
    """All tables of a document plus the names the parser learned (for the Kiwi user dictionary)."""

    tables: list[Table]
    records: list[TableRecord]
    units: set[str]
    terms: set[str]
    numeric_cells: int
    covered_cells: int


# --- cells and rows ----------------------------------------------------------------------------------------


def split_cells(line: str) -> list[str]:
    """Cells of a pipe or tab row (stripped; trailing empty tab cells dropped)."""
    s = line.strip()
    if "\t" not in line and s.startswith("|"):
        return [c.strip() for c in s.strip("|").split("|")]
    cells = [c.strip() for c in line.rstrip("\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _is_gubun(cells: list[str]) -> int:
    """Label-column count (1 or 2) when the row is a `구분` header row, else 0."""
    if not cells:
        return 0
    first = normalize_text(cells[0]).replace(" ", "")
    if first in {"구분"}:
        return 1
    if len(cells) > 1 and (normalize_text(cells[0]) + normalize_text(cells[1])).replace(" ", "") == "구분":
        return 2
    return 0


def _is_caption_row(cells: list[str]) -> bool:
    """A tab row whose non-empty cells are all captions (`〈 … 〉`, `(… 기준)`)."""
    ne = [c for c in cells if c]
    return bool(ne) and all(_CAPTION_CELL.match(c) for c in ne) and any(c.startswith(("〈", "<")) for c in ne)


def _has_numeric(cells: list[str], start: int = 0) -> bool:
    """True when any cell from `start` on is numeric (or a dash flag)."""
    return any(parse_value(c) is not None for c in cells[start:])


# --- columns -----------------------------------------------------------------------------------------------


def canon_column(name: str) -> tuple[str, bool]:
    """Canonical column name and whether it is a rate (`%`) column."""
    n = normalize_text(name)
    pct = "%" in n
    n = re.sub(r"\(\s*%\s*\)", "", n).replace("%", "").strip()
    n = re.sub(r"^대비\s*", "", n)
    n = re.sub(r"^((?:19|20)\d{2})\s*년\s+(?=\S)", r"\1 ", n)
    n = re.sub(r"^(?:19|20)\d{2}\s+(?=증감)", "", n)
    n = n.replace("감율", "감률").replace("행율", "행률").replace("대비율", "대비률")
    n = re.sub(r"\s+", " ", n).strip()
    rate = pct or n.endswith("률") or n.endswith("율")
    return n, rate


def _leaf_name(parents: list[str], leaf: str) -> str:
    """Join a parent header to its child only where the child alone is ambiguous."""
    if not parents:
        return leaf
    parent = parents[-1]
    pname, prate = canon_column(parent)
    lname, _ = canon_column(leaf)
    if len(lname) == 1:
        return pname + lname
    if lname in {"합계", "계"}:
        return re.sub(r"^\S+별\s+", "", pname)
    if prate and not lname.endswith(("률", "율")):
        return f"{lname} {pname}"
    return leaf


def columns_from_header(header: list[list[str]], label_cols: int, width: int) -> list[str]:
    """Names of the value columns (index >= label_cols) from one or more header rows."""
    if not header:
        return [f"열{j + 1}" for j in range(max(width - label_cols, 0))]
    width = max(width, max(len(h) for h in header))
    grid = [h + [""] * (width - len(h)) for h in header]
    # forward-fill each header row within its parent's span
    filled: list[list[str]] = []
    starts: list[list[int]] = []
    for r, row in enumerate(grid):
        f, st = [""] * width, [0] * width
        cur, cur_start = "", 0
        for j in range(width):
            parent_start = starts[r - 1][j] if r else 0
            if row[j]:
                cur, cur_start = row[j], j
            elif cur_start < parent_start or (r and filled[r - 1][j] != filled[r - 1][cur_start]):
                cur, cur_start = "", j
            f[j], st[j] = cur, cur_start
        filled.append(f)
        starts.append(st)
    names = []
    for j in range(label_cols, width):
        leaf_r = max((r for r in range(len(grid)) if grid[r][j]), default=None)
        if leaf_r is None:
            # a spanned cell (no own text): the deepest forward-filled name
            leaf_r = max((r for r in range(len(grid)) if filled[r][j]), default=None)
            if leaf_r is None:
                names.append(f"열{j + 1}")
                continue
            leaf = filled[leaf_r][j]
        else:
            leaf = grid[leaf_r][j]
        parents = [filled[r][j] for r in range(leaf_r) if filled[r][j]]
        names.append(_leaf_name(parents, leaf))
    # duplicate leaf names: join with their parent to tell them apart
    return names


# --- organisation units ------------------------------------------------------------------------------------


class Units:
    """Organisational units of one document, learned from its headings, contact lines and org tables."""

    def __init__(self, seed: set[str], bureau: str | None) -> None:
        self.names = {s for s in seed if s}
        self.bureau = bureau

    def unit_of(self, label: str) -> str | None:
        """The unit a row label names (`정보보안과`, `폐지 정보공개담당관` → `정보공개담당관`), else None."""
        if not label or label == self.bureau:
            return None
        last = label.split(" ")[-1]
        for cand in (label, last):
            if cand in self.names:
                return cand
        if " " in label and len(label.split(" ")) > 2:
            return None
        if _UNIT_SUFFIX.match(last) and len(last) >= 4:
            return last
        return None

    def is_total(self, label: str) -> bool:
        """The grand-total row of a table: `계`, `합계`, `총계`, or the bureau's own name."""
        return label in _TOTALS or (self.bureau is not None and label == self.bureau)


def _is_account(label: str) -> bool:
    """An account row such as `일반회계`, `특별회계`, `균형발전특별회계`."""
    return " " not in label and label.endswith("회계") and len(label) <= 12


# --- table detection ---------------------------------------------------------------------------------------


@dataclass
class _Block:
    lines: list[int]
    rows: list[list[str]]
    pipe: bool


def _blocks(lines: list[str]) -> list[_Block]:
    """Maximal runs of table lines; tab runs are split at nested `구분` headers and caption rows."""
    out: list[_Block] = []
    i, n = 0, len(lines)
    while i < n:
        if not is_table_line(lines[i]):
            i += 1
            continue
        pipe = "\t" not in lines[i]
        j = i
        while j < n and is_table_line(lines[j]) and (("\t" not in lines[j]) == pipe):
            j += 1
        nums = list(range(i + 1, j + 1))
        rows = [split_cells(lines[k - 1]) for k in nums]
        if pipe:
            out.append(_Block(nums, rows, True))
        else:
            cur_l: list[int] = []
            cur_r: list[list[str]] = []
            for ln, cells in zip(nums, rows):
                starts_new = cur_l and (_is_gubun(cells) and not _is_gubun(cur_r[-1]))
                if starts_new and not _is_caption_row(cur_r[-1]):
                    out.append(_Block(cur_l, cur_r, False))
                    cur_l, cur_r = [], []
                cur_l.append(ln)
                cur_r.append(cells)
            if cur_l:
                out.append(_Block(cur_l, cur_r, False))
        i = j
    return out


def _segment(block: _Block) -> tuple[list[Row], list[Row], list[Row], int]:
    """(caption rows, header rows, body rows, label column count) of one block."""
    rows = [Row(ln, cells) for ln, cells in zip(block.lines, block.rows)]
    captions: list[Row] = []
    while rows and not block.pipe and _is_caption_row(rows[0].cells):
        rows[0].kind = "caption"
        captions.append(rows.pop(0))
    header: list[Row] = []
    if block.pipe:
        sep = next((k for k, r in enumerate(rows) if _SEP_ROW.match("|" + "|".join(r.cells) + "|")
                    and all(re.fullmatch(r":?-*:?", c) for c in r.cells)), None)
        if sep is not None:
            header = rows[:sep]
            rows = rows[sep + 1:]  # the separator line itself is layout, kept in `lines` via header
            header.append(Row(block.lines[sep], block.rows[sep], "header"))
    else:
        g = _is_gubun(rows[0].cells) if rows else 0
        any_num = any(_has_numeric(r.cells, 1) for r in rows)
        if g:
            k = 1
            while k < len(rows) and k < 4 and rows[k].cells and not rows[k].cells[0] \
                    and not _has_numeric(rows[k].cells):
                k += 1
            header, rows = rows[:k], rows[k:]
        elif any_num:
            k = 0
            while k < len(rows) and not _has_numeric(rows[k].cells) and k < 3:
                k += 1
            header, rows = rows[:k], rows[k:]
        elif len(rows) > 1 and all(len(c) <= 25 for c in rows[0].cells):
            header, rows = rows[:1], rows[1:]
    for r in header:
        r.kind = "header"
    header_cells = [r.cells for r in header if not all(re.fullmatch(r":?-*:?", c) for c in r.cells)]
    g = _is_gubun(header_cells[0]) if header_cells else 0
    if g:
        label_cols = g
    else:
        width = max((len(c) for c in header_cells), default=0) or 10**6
        firsts = []
        for r in rows:
            idx = next((k for k, c in enumerate(r.cells) if is_numeric_cell(c)), None)
            if idx is not None and idx < width:
                firsts.append(idx)
        label_cols = min(firsts) if firsts else 1
    for r in rows:
        if r.cells and r.cells[0].startswith(("※", "*")) and not _has_numeric(r.cells, 1):
            r.kind = "note"
    return captions, header, rows, label_cols


def _header_sig(header: list[Row]) -> str:
    """A spacing-insensitive signature of the header rows (to recognise a header repeated after a page break)."""
    return "|".join("".join(normalize_text(c).replace(" ", "") for c in r.cells) for r in header)


# --- titles, units, dates ----------------------------------------------------------------------------------


def _clean_title(t: str) -> str:
    """Strip markers, `(… 기준)` and a trailing `: …` summary from a caption."""
    t = normalize_text(t)
    t = _ASOF_PAREN.sub(" ", t).strip()
    t = re.split(r"\s+:\s+", t)[0].strip()
    return t


def _numbered_ancestor(sec: Section, by_id: dict[str, Section]) -> Section:
    """The nearest section (itself included) with a numbered heading, else the section."""
    cur: Section | None = sec
    while cur is not None:
        if re.match(r"^(?:[IVX]+|\d+(?:[.-]\d+)*)\.\s", cur.path[-1] if cur.path else ""):
            return cur
        cur = by_id.get(cur.parent_id) if cur.parent_id else None
    return sec


def _section_title(sec: Section) -> str:
    """A section's title without its number and `(… 기준)`."""
    return _clean_title(re.sub(r"^(?:[IVX]+|\d+(?:[.-]\d+)*)\.\s*", "", sec.title))


def _find_title(lines: list[str], start: int, sec: Section, by_id: dict[str, Section]) -> tuple[str, list[int]]:
    """Title of the table starting at 1-based line `start`, and the caption lines passed on the way."""
    passed: list[int] = []
    j = start - 1
    while j >= 1:
        s = lines[j - 1].strip()
        if not s:
            j -= 1
            continue
        if s.startswith("(") and s.endswith(")") and ("단위" in s or "기준" in s):
            passed.append(j)
            j -= 1
            continue
        break
    if j < 1:
        return _section_title(sec), passed
    s = lines[j - 1].strip()
    if is_table_line(lines[j - 1]):
        return _section_title(_numbered_ancestor(sec, by_id)), passed
    if j == sec.line_start:
        return _section_title(sec), passed
    m = _MARKED.match(s) or _BRACKETED.match(s)
    if m:
        return _clean_title(m.group("t")), passed + [j]
    m = _SHORT_DASH.match(s)
    if m:
        k = j - 1
        while k >= max(sec.line_start, 1):
            mk = _MARKED.match(lines[k - 1].strip())
            if mk and not is_table_line(lines[k - 1]):
                return f"{_clean_title(mk.group('t'))} {normalize_text(m.group('t'))}", passed + [j]
            k -= 1
        return normalize_text(m.group("t")), passed + [j]
    if len(s) <= 25 and not s.startswith(("-", "※", "*")) and not s.endswith(("다", "다.", "함", "음")):
        return _clean_title(s), passed + [j]
    return _section_title(_numbered_ancestor(sec, by_id)), passed


def _find_unit_caption(lines: list[str], start: int, sec: Section) -> str | None:
    """The money unit of the nearest `(단위 : 천원, %)` caption above the table inside its section."""
    for j in range(start - 1, max(sec.line_start, 1) - 1, -1):
        s = lines[j - 1].strip()
        if "단위" in s and not is_table_line(lines[j - 1]):
            for u in re.findall(r"(?:천원|백만원|억원|원|명|식|건|개)", s.split("단위", 1)[1]):
                return u
    return None


def _ancestor_as_of(sec: Section, by_id: dict[str, Section]) -> str | None:
    """An as-of date printed in the titles of the section or its ancestors."""
    cur: Section | None = sec
    while cur is not None:
        d = find_as_of(cur.path[-1] if cur.path else "")
        if d:
            return d
        cur = by_id.get(cur.parent_id) if cur.parent_id else None
    return None


# --- parsing -----------------------------------------------------------------------------------------------


def _row_label(cells: list[str], label_cols: int) -> tuple[str, int]:
    """Normalised label of a row and its indent (0: first label column, 1: later column)."""
    if label_cols <= 0:
        return "", 0
    lab = cells[:label_cols] + [""] * (label_cols - len(cells[:label_cols]))
    if label_cols == 1:
        return normalize_text(lab[0]), 0
    first, second = lab[0], lab[1]
    if first and second and normalize_text(first) == normalize_text(second):
        return normalize_text(first), 0
    if first and second:
        return join_split_label(first, second), 0
    if first:
        return normalize_text(first), 0
    return normalize_text(second), 1


def parse_tables(doc_key: str, doc: Document, lines: list[str], sections: list[Section],
                 owners: list[Section], seed_units: set[str]) -> DocTables:
    """All logical tables of a document and their records."""
    by_id = {s.section_id: s for s in sections}
    bureau = _bureau_name(lines, sections)
    units = Units(set(seed_units), bureau)
    blocks = _blocks(lines)
    parsed = [(_segment(b), b) for b in blocks]
    # learn units from organisation tables (header mentions 부서/기관, or headcount tables) before building paths
    for (captions, header, rows, label_cols), _b in parsed:
        hdr = " ".join(normalize_text(c) for r in header for c in r.cells)
        if "부서" in hdr or "기관" in hdr or any(h in hdr for h in _HEADCOUNT):
            for r in rows:
                lab = re.sub(r"\(\d+\s*팀\)$", "", normalize_text(r.cells[0]) if r.cells else "").strip()
                if lab and " " not in lab and lab not in _TOTALS and len(lab) >= 3:
                    units.names.add(lab)
    terms: set[str] = set(units.names)
    tables: list[Table] = []
    prev: Table | None = None
    prev_end = 0
    for (captions, header, rows, label_cols), block in parsed:
        start = block.lines[0]
        between = [lines[k - 1] for k in range(prev_end + 1, start)] if prev else []
        sig = _header_sig(header)
        only_blank = all(not x.strip() or is_table_line(x) for x in between)
        continued = (
            prev is not None and bool(header) and all(not x.strip() for x in between)
            and (sig == _sig_of(prev) or sig == _header_sig(prev.segments[-1].header)
                 or (bool(_is_gubun(header[0].cells)) and prev.is_numeric_hint
                     and 0 < _max_values(rows, label_cols) <= len(prev.columns)))
        )
        if not continued and prev is not None and header and only_blank and len(tables) >= 2:
            # the page continues a table interrupted by a nested one (2025: 시정·처리 요구사항 around line 1092)
            earlier = tables[-2]
            if sig and sig in {_sig_of(earlier), _header_sig(earlier.segments[-1].header)} and \
                    all(not lines[k - 1].strip() or is_table_line(lines[k - 1]) for k in range(earlier.lines[-1] + 1, start)):
                prev, continued = earlier, True
        sec = owners[start - 1]
        if continued and prev is not None:
            table = prev
        else:
            title, passed = _find_title(lines, start, sec, by_id)
            if start >= 2 and is_table_line(lines[start - 2]) and tables:
                title = tables[-1].title  # a table nested right after another one's row takes its title
            cap_title, cap_asof = None, None
            for c in captions:
                for cell in c.cells:
                    m = _BRACKETED.match(cell)
                    if m:
                        cap_title = _clean_title(m.group("t"))
                    cap_asof = cap_asof or find_as_of(cell)
            if cap_title:
                title = cap_title
            as_of = cap_asof
            for p in passed:
                as_of = as_of or find_as_of(lines[p - 1])
            as_of = as_of or find_as_of(lines[start - 2] if start >= 2 else "") or _ancestor_as_of(sec, by_id) or doc.as_of
            width = max((len(r.cells) for r in header + rows), default=0)
            hdr_cells = [r.cells for r in header if not all(re.fullmatch(r":?-*:?", c) for c in r.cells)]
            raw_cols = columns_from_header(hdr_cells, label_cols, width)
            cols, rate = [], []
            measure = title.split(" ")[-1] if title else ""
            for c in raw_cols:
                name, is_rate = canon_column(c)
                if name in _TOTALS and measure in _HEADCOUNT:
                    name = measure  # `계` of a `직종별 현원` table is the 현원 total
                cols.append(name)
                rate.append(is_rate)
            table = Table(f"{doc_key}:t{len(tables) + 1:02d}", doc.doc, sec.section_id, title,
                          _find_unit_caption(lines, start, sec), as_of, cols, rate)
            table.caption_lines = [c.line for c in captions] + [p for p in passed if p < start]
            tables.append(table)
        table.caption_lines += [c.line for c in captions] if continued else []
        seg = Segment(header, rows, label_cols)
        table.segments.append(seg)
        table.is_numeric_hint = table.is_numeric_hint or any(
            r.kind == "data" and any(is_numeric_cell(c) for c in r.cells) for r in rows)
        prev, prev_end = table, block.lines[-1]
    # labels printed in the first label column anywhere in the document (e.g. the 세입 총괄 rows) are categories;
    # after a page break a category may be printed in the second column
    categories: set[str] = set()
    for table in tables:
        labels = [_row_label(r.cells, seg.label_cols) for seg in table.segments for r in seg.rows
                  if r.kind == "data" and seg.label_cols >= 1]
        if any(units.unit_of(lab) or _is_account(lab) for lab, _ in labels):
            continue  # a department/account table: its first-column labels are not revenue categories
        categories.update(lab.replace(" ", "") for lab, indent in labels if lab and indent == 0)
    records: list[TableRecord] = []
    n_num = n_cov = 0
    for table in tables:
        _build_paths(table, units, categories)
        _make_records(table, doc, units, lines, owners, by_id)
        records += table.records
        n_num += table.numeric_cells
        n_cov += table.covered_cells
        for seg in table.segments:
            for r in seg.rows:
                terms.update(p for p in r.path if p and len(p) <= 30)
                if r.department:
                    terms.add(r.department)
    return DocTables(tables, records, units.names, terms, n_num, n_cov)


def _sig_of(t: Table) -> str:
    """Header signature of a table's first segment."""
    return _header_sig(t.segments[0].header) if t.segments else ""


def _max_values(rows: list[Row], label_cols: int) -> int:
    """Largest number of value cells in a data row."""
    return max((len(r.cells) - label_cols for r in rows if r.kind == "data" and _has_numeric(r.cells, label_cols)),
               default=0)


def _bureau_name(lines: list[str], sections: list[Section]) -> str | None:
    """The bureau named in the front matter (`디지털도시국`)."""
    front = sections[0]
    for i in range(front.line_start, front.line_end + 1):
        s = lines[i - 1].strip()
        if re.fullmatch(r"[가-힣]{2,}(?:국|본부|실)", s):
            return s
    return None


def _is_transposed(table: Table, units: Units) -> bool:
    """Departments as columns and measures as rows."""
    cols = [c for c in table.columns if c not in _TOTALS]
    if len(cols) < 2:
        return False
    hits = sum(1 for c in cols if units.unit_of(c))
    return hits * 2 >= len(cols)


_SPACED = re.compile(r"^\s*[가-힣](?:\s[가-힣·]){2,}\s*$")


def _build_paths(table: Table, units: Units, categories: set[str] = frozenset()) -> None:
    """Assign row paths and departments to every data row of a logical table."""
    table.transposed = _is_transposed(table, units)
    numbered = any(_NUMBERING.match(normalize_text(r.cells[0]) if r.cells else "")
                   for seg in table.segments for r in seg.rows if r.kind == "data")
    by_num: dict[str, tuple[str, ...]] = {}
    dept: str | None = None
    dept_label: str | None = None
    acct: str | None = None
    cat: str | None = None
    for seg in table.segments:
        for r in seg.rows:
            if r.kind != "data":
                continue
            label, indent = _row_label(r.cells, seg.label_cols)
            label = _UNIT_IN_LABEL.sub(" ", label).strip() if label else label
            if seg.label_cols == 0:
                r.label, r.path = table.title, (table.title,)
                continue
            if numbered:
                m = _NUMBERING.match(label)
                if m:
                    num, lab = m.group("num"), m.group("label").strip()
                    parts = num.split("-")
                    parent: tuple[str, ...] = ()
                    for k in range(len(parts) - 1, 0, -1):
                        key = "-".join(parts[:k])
                        if key in by_num:
                            parent = by_num[key]
                            break
                    r.label, r.path = lab, parent + (lab,)
                    by_num[num] = r.path
                elif units.is_total(label):
                    r.label, r.path = label, ("계",)
                else:
                    r.label, r.path = label, (label,)
                r.department = next((u for u in (units.unit_of(p) for p in r.path) if u), None)
                if r.department is None:
                    m2 = re.search(r"\(([^()]+)\)$", r.label)
                    if m2 and units.unit_of(m2.group(1)):
                        r.department = units.unit_of(m2.group(1))
                r.unit_row = bool(units.unit_of(r.label)) and len(r.path) == 1
                continue
            r.label = label
            if not label:
                r.path = ()
            elif units.is_total(label):
                r.path = ("계",)
                dept = dept_label = acct = cat = None
            elif units.unit_of(label) and not table.transposed:
                dept, dept_label, acct, cat = units.unit_of(label), label, None, None
                r.path, r.unit_row = (label,), True
            elif _is_account(label) and (dept or not cat):
                acct = label
                r.path = ((dept_label,) if dept_label else ()) + (label,)
            elif dept or acct:
                r.path = tuple(x for x in (dept_label, acct) if x) + (label,)
            elif indent == 0 or label.replace(" ", "") in categories or any(_SPACED.match(c) for c in r.cells[:seg.label_cols]):
                cat = label  # a category: first column, or letter-spaced / known category in a later column
                r.path = (label,)
            else:
                r.path = ((cat,) if cat else ()) + (label,)
            r.department = dept if r.path and r.path[0] != "계" else None
            if r.department is None and r.path and r.path[0] != "계":
                r.department = units.unit_of(r.path[0])
            if r.department is None and label:
                m3 = _TRAILING_UNIT.search(label)  # `○ … 개선 필요 (정보보안과)` in audit tables
                if m3 and units.unit_of(m3.group(1)):
                    r.department = units.unit_of(m3.group(1))


def _make_records(table: Table, doc: Document, units: Units, lines: list[str], owners: list[Section],
                  by_id: dict[str, Section]) -> None:
    """One record per numeric or flagged value cell; counts numeric cells for the coverage figure."""
    headcount = any(c in _HEADCOUNT for c in table.columns) or "인력" in table.title or "현원" in table.title
    context_unit = _context_unit(table, lines, owners)
    for seg in table.segments:
        for r in seg.header + seg.rows:
            if r.kind != "data":
                table.numeric_cells += sum(1 for c in r.cells if is_numeric_cell(c))
                continue
            cells = r.cells
            label_unit = None
            m = _UNIT_IN_LABEL.search(" ".join(cells[: max(seg.label_cols, 1)]))
            if m:
                label_unit = normalize_text(m.group("unit"))
            inline = _inline_table(cells)
            for k, cell in enumerate(cells):
                pv = parse_value(cell)
                if pv is None:
                    continue
                if k in inline:
                    if pv.flag != "-":
                        table.numeric_cells += 1
                        table.covered_cells += 1
                    ilabel, icol = inline[k]
                    icol_name, irate = canon_column(icol)
                    table.records.append(TableRecord(
                        record_id=f"{table.table_id}:L{r.line}:c{k}", doc=doc.doc, year=doc.year,
                        section_id=owners[r.line - 1].section_id, table_id=table.table_id, table_title=table.title,
                        row_path=(ilabel,), column=icol_name, value_raw=pv.raw, value=pv.value, flag=pv.flag,
                        unit=pv.unit or ("%" if irate else None), as_of=table.as_of, line=r.line,
                        department=r.department))
                    continue
                numeric = pv.flag != "-"
                if numeric:
                    table.numeric_cells += 1
                j = k - seg.label_cols
                if j < 0 or j >= len(table.columns) or not r.path:
                    continue
                column, is_rate = table.columns[j], table.rate[j]
                if table.transposed:
                    col_ent = column
                    row_path = ("계",) if col_ent in _TOTALS else (col_ent,)
                    column, is_rate = canon_column(r.label)
                    dept = units.unit_of(col_ent)
                else:
                    row_path, dept = r.path, r.department
                if pv.unit:
                    unit = pv.unit
                elif is_rate:
                    unit = "%"
                elif label_unit:
                    unit = label_unit
                elif table.unit:
                    unit = table.unit
                elif headcount:
                    unit = "명"
                elif column in _COUNT_COLUMNS:
                    unit = _COUNT_COLUMNS[column]
                else:
                    unit = context_unit
                rec = TableRecord(
                    record_id=f"{table.table_id}:L{r.line}:c{k}",
                    doc=doc.doc,
                    year=doc.year,
                    section_id=owners[r.line - 1].section_id,
                    table_id=table.table_id,
                    table_title=table.title,
                    row_path=row_path,
                    column=column,
                    value_raw=pv.raw,
                    value=pv.value,
                    flag=pv.flag,
                    unit=unit,
                    as_of=table.as_of,
                    line=r.line,
                    department=dept,
                )
                table.records.append(rec)
                if numeric:
                    table.covered_cells += 1


def _inline_table(cells: list[str]) -> dict[int, tuple[str, str]]:
    """A table flattened into the cells of one row (`… 구 분 | h1 | h2 | 총 생산문서(A) | 186,930 | …`).

    Returns {cell index: (row label, column name)} for its value cells; empty when the row holds none.
    """
    p = next((k for k, c in enumerate(cells) if k > 0 and normalize_text(c).replace(" ", "") == "구분"), None)
    if p is None:
        return {}
    k = p + 1
    while k < len(cells) and not is_numeric_cell(cells[k]):
        k += 1
    heads = cells[p + 1:k - 1]  # the last text cell before the first number is the first row label
    if not heads or k >= len(cells):
        return {}
    out: dict[int, tuple[str, str]] = {}
    i = k - 1
    while i + len(heads) < len(cells) + 1 and i < len(cells):
        label = normalize_text(cells[i])
        vals = cells[i + 1:i + 1 + len(heads)]
        if not label or not vals or not all(parse_value(v) is not None for v in vals):
            break
        for j in range(len(vals)):
            out[i + 1 + j] = (label, heads[j])
        i += 1 + len(heads)
    return out


def _context_unit(table: Table, lines: list[str], owners: list[Section]) -> str | None:
    """A counter unit (`건`, `개`, `명`, `식`) from text above the table that prints one of its values (`총 41건`)."""
    first = table.lines[0]
    sec = owners[first - 1]
    values = {r.cells[k] for seg in table.segments for r in seg.rows for k in range(len(r.cells))
              if is_numeric_cell(r.cells[k])}
    for j in range(first - 1, max(sec.line_start, 1) - 1, -1):
        if is_table_line(lines[j - 1]):
            break
        for m in _COUNTER.finditer(lines[j - 1]):
            if m.group("n") in values:
                return m.group("u")
    return None
