"""The index's table records as tables again: rows in a tree, columns read as (measure, year), and the sets
of comparable items (departments, projects, revenue items, job series) that rankings, counts and filters range
over. Works on any table the parser produced; nothing here names a particular table.

Project budgets printed as bullets ('- 사업예산 : 2,179백만원', '- (소요예산) 447백만원') become one more table per
report ('사업예산'), so 'which projects cost over 1 billion' is answered like any other column.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from index.models import TableRecord
from index.normalize import parse_value

from app.engine.lexicon import Lexicon, lexicon
from app.engine.text import compact, strip_numbering
from app.engine.vocab import TOTAL_LABELS, Vocabulary, vocabulary

MONEY_SCALE = {"원": 1.0, "천원": 1e3, "만원": 1e4, "백만원": 1e6, "억원": 1e8, "억": 1e8, "조원": 1e12, "조": 1e12}
ACCOUNT = re.compile(r"회계$")  # '일반회계', '균형발전특별회계': a fund, not a project
_YEAR_PREFIX = re.compile(r"^\s*['’]?(\d{4}|\d{2})(?!\d)\s*년?\s*")
_PROJECT_BUDGET = re.compile(r"^\s*[-○□*·]?\s*\(?\s*(사업예산|소요예산|총사업비|사업비)\s*\)?\s*[:：]?\s*(.+?)\s*$")
_AMOUNT = re.compile(r"(△?\d[\d,]*(?:\.\d+)?)\s*(백만원|천원|억원|만원|원)")


def is_project_budget_line(line: str) -> bool:
    """Whether a line prints a project's whole budget ('- 사업예산 : 17,963백만원', '- (소요예산) 447백만원')."""
    m = _PROJECT_BUDGET.match(line)
    return m is not None and _AMOUNT.search(m.group(2)) is not None


def column_year(column: str) -> int | None:
    """The year a column is about when it starts with one ('2025 최종예산' → 2025)."""
    m = _YEAR_PREFIX.match(column)
    if not m or not re.search(r"[가-힣A-Za-z]", column[m.end():] or "x"):
        return None
    y = int(m.group(1))
    return y + 2000 if y < 100 else y


def scale_of(unit: str | None) -> float | None:
    """원 per unit for money units, None for others (명, %, 건 …)."""
    return MONEY_SCALE.get(unit or "")


@dataclass(frozen=True)
class Column:
    name: str
    metric: str | None  # lexicon metric id, or None for a breakdown column ('행정', '완료', '전산장비')
    year: int  # the year the figures are about (the column's own year, else the report's)


@dataclass
class Row:
    table: "Table"
    path: tuple[str, ...]  # labels without outline numbers
    line: int
    cells: dict[str, TableRecord] = field(default_factory=dict)  # column name → record
    department: str | None = None

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def key(self) -> str:
        return compact(self.label)

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def is_total(self) -> bool:
        return self.key in TOTAL_LABELS

    def cell(self, column: str) -> TableRecord | None:
        return self.cells.get(column)


@dataclass
class Table:
    id: str
    doc: str
    year: int  # the report's year
    title: str
    section_id: str
    rows: list[Row] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    virtual: bool = False  # built from bullet lines, not a printed table

    def column(self, metric: str, year: int | None = None) -> Column | None:
        """The column holding a measure (for a year, when given); a column without a year prefix first."""
        cands = [c for c in self.columns if c.metric == metric and (year is None or c.year == year)]
        return cands[0] if cands else None

    def children(self, row: Row) -> list[Row]:
        n = row.depth
        return [r for r in self.rows if r.depth == n + 1 and r.path[:n] == row.path]

    def is_leaf(self, row: Row) -> bool:
        n = row.depth
        return not any(r.depth > n and r.path[:n] == row.path for r in self.rows)

    def breakdown(self) -> list[Column]:
        """Columns that split one total into parts ('행정', '전산' …; '완료', '추진 중' …)."""
        return [c for c in self.columns if c.metric is None and compact(c.name) not in TOTAL_LABELS]


@dataclass
class Tables:
    """Every table of the index, with the vocabulary used to read them."""

    tables: list[Table]
    vocab: Vocabulary
    lex: Lexicon

    def by_id(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def report_years(self) -> list[int]:
        return sorted({t.year for t in self.tables}, reverse=True)

    def is_department(self, label: str) -> bool:
        return compact(label) in self.vocab.departments


def metric_of(column: str, lex: Lexicon) -> str | None:
    """The lexicon measure a column header holds, or None."""
    for m in lex.metrics.values():
        if m.matches_column(column):
            return m.id
    return None


def _build_table(recs: Sequence[TableRecord], lex: Lexicon) -> Table:
    first = recs[0]
    t = Table(first.table_id, first.doc, first.year, first.table_title, first.section_id)
    rows: dict[tuple[str, ...], Row] = {}
    cols: dict[str, Column] = {}
    for r in recs:
        path = tuple(strip_numbering(p) for p in r.row_path)
        row = rows.get(path)
        if row is None:
            row = rows[path] = Row(t, path, r.line, department=r.department)
        row.cells.setdefault(r.column, r)
        row.line = min(row.line, r.line)
        if r.column not in cols:
            cols[r.column] = Column(r.column, metric_of(r.column, lex), column_year(r.column) or r.year)
    t.rows = sorted(rows.values(), key=lambda x: x.line)
    t.columns = list(cols.values())
    return t


_NAMED_PART = re.compile(r"[^\s(),]+\s*\(\s*$")  # a part's name and its opening bracket, just before an amount


def project_budget_table(data: Any, vocab: Vocabulary, doc: Any) -> Table | None:
    """The budget bullet of every project section of one report, as a table ('사업예산' per project)."""
    lines = data.lines(doc.doc)
    t = Table(f"{doc.year}:projects", doc.doc, doc.year, "사업예산", "", virtual=True)
    col = "사업예산"
    for e in vocab.projects:
        sec = data.section(e.refs[0]) if e.refs else None
        if sec is None or sec.doc != doc.doc:
            continue
        for ln in range(sec.line_start, min(sec.line_end, len(lines)) + 1):
            m = _PROJECT_BUDGET.match(lines[ln - 1])
            if not m:
                continue
            amount = _AMOUNT.search(m.group(2))
            if amount and _NAMED_PART.search(m.group(2)[:amount.start()]):
                amount = None  # '엠보팅(220,435천원), 서울은(기존사업 범위 내 추진)': parts' figures, no project total
                raw = m.group(2).strip()
            else:
                raw = f"{amount.group(1)}{amount.group(2)}" if amount else m.group(2).split("(")[0].strip()
            pv = parse_value(amount.group(1)) if amount else None
            rec = TableRecord(record_id=f"{t.id}:{ln}", doc=doc.doc, year=doc.year, section_id=sec.section_id,
                              table_id=t.id, table_title="사업예산", row_path=(e.text,), column=col, value_raw=raw,
                              value=pv.value if pv else None, flag=None if pv else raw, unit=amount.group(2) if amount else None,
                              as_of=doc.as_of, line=ln, department=e.department)
            row = Row(t, (e.text,), ln, {col: rec}, e.department)
            t.rows.append(row)
            break
    if not t.rows:
        return None
    t.columns = [Column(col, "budget", doc.year)]
    return t


def build_tables(data: Any, lex: Lexicon | None = None) -> Tables:
    """Group the index's records into tables (and add each report's project-budget table)."""
    lex = lex or lexicon()
    vocab = vocabulary(data)
    by_table: dict[str, list[TableRecord]] = {}
    for r in data.all_records():
        by_table.setdefault(r.table_id, []).append(r)
    tables = [_build_table(recs, lex) for recs in by_table.values()]
    for doc in data.documents:
        pt = project_budget_table(data, vocab, doc)
        if pt is not None:
            tables.append(pt)
        from app.engine.orgtables import team_table

        tt = team_table(data, vocab, doc)
        if tt is not None:
            tables.append(tt)
    return Tables(tables, vocab, lex)


_CACHE: dict[int, tuple[Any, Tables]] = {}
_LOCK = threading.Lock()


def tables_of(data: Any) -> Tables:
    """The tables of a loaded index, built once per object."""
    with _LOCK:
        hit = _CACHE.get(id(data))
        if hit is None or hit[0] is not data:
            hit = (data, build_tables(data))
            _CACHE.clear()
            _CACHE[id(data)] = hit
        return hit[1]


# --- item sets --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One comparable thing with its figure: a row (or a breakdown column of a row) and the cell read."""

    label: str
    record: TableRecord
    row: Row | None
    also: tuple[TableRecord, ...] = ()  # other cells of the row shown beside the figure (the measure compared)

    @property
    def value(self) -> float | None:
        return self.record.value

    @property
    def magnitude(self) -> float:
        """The figure in base units for comparing items printed in different scales (천원 and 백만원 in one list)."""
        v = self.record.value or 0.0
        scale = scale_of(self.record.unit)
        return v * scale if scale else v


def department_rows(t: Table, tabs: Tables) -> list[Row]:
    """The rows of a table that are departments, at the shallowest depth they appear."""
    rows = [r for r in t.rows if tabs.is_department(r.label)]
    if not rows:
        return []
    d = min(r.depth for r in rows)
    return [r for r in rows if r.depth == d]


def project_rows(t: Table, tabs: Tables, scope: str | None = None) -> list[Row]:
    """Leaf rows under a department that are neither funds (…회계) nor totals: the budget lines (세부사업)."""
    if t.virtual:
        rows = list(t.rows)
    else:
        if not department_rows(t, tabs):
            return []
        rows = [r for r in t.rows if t.is_leaf(r) and not r.is_total and not ACCOUNT.search(r.key)
                and not tabs.is_department(r.label) and r.depth >= 2
                and any(tabs.is_department(p) for p in r.path[:-1])]
    if scope:
        rows = [r for r in rows if compact(r.department or "") == scope or any(compact(p) == scope for p in r.path[:-1])]
    return rows


def revenue_rows(t: Table) -> list[Row]:
    """The items of a revenue table: its leaf rows, totals left out."""
    if "세입" not in compact(t.title):
        return []
    return [r for r in t.rows if not r.is_total and t.is_leaf(r)]


def total_row(t: Table, tabs: Tables) -> Row | None:
    """The table's own total row (계, 합계, or the bureau's name)."""
    for r in t.rows:
        if r.is_total or r.key in tabs.vocab.orgs:
            return r
    return None


def descendant_rows(t: Table, label: str) -> list[Row]:
    """The leaf rows under the row labelled `label` (its items), or [] when it has none in this table."""
    key = compact(label)
    heads = [r for r in t.rows if r.key == key or compact(re.sub(r"\s*\([^()]*\)\s*$", "", r.label)) == key]
    for h in heads:
        n = h.depth
        leaves = [r for r in t.rows if r.depth > n and r.path[:n] == h.path and t.is_leaf(r)]
        if len(leaves) >= 2:
            return leaves
    return []


def twins(tabs: Tables, rec: TableRecord) -> list[TableRecord]:
    """The same figure printed for the same row in another table of the same report (세출총괄 and
    세출예산 집행현황 both print a unit's 집행률): each is a source, so each is cited."""
    t = tabs.by_id(rec.table_id)
    if t is None:
        return []
    metric = metric_of(rec.column, tabs.lex)
    year = column_year(rec.column) or rec.year
    label = compact(strip_numbering(rec.row_path[-1])) if rec.row_path else ""
    out = []
    for other in tabs.tables:
        if other.id == rec.table_id or other.doc != rec.doc or other.virtual:
            continue
        col = next((c for c in other.columns if c.metric == metric and c.year == year and metric), None)
        if col is None:
            continue
        for r in other.rows:
            if r.key != label or (r.department or None) != (rec.department or None):
                continue
            cell = r.cells.get(col.name)
            if cell is not None and cell.value is not None and rec.value is not None and abs(cell.value - rec.value) < 1e-9:
                out.append(cell)
    return out
