"""Plan and execute a frame over the index's tables: lookups, rankings, filters (lists and counts), sums,
differences, shares, yes/no checks and two-step questions. Every operation works on any table whose columns
carry the measure asked; the result keeps the cells it read so that each figure is cited at its line.

Returns None whenever the frame cannot be answered from tables with certainty (an unknown measure, an
ambiguous row, no table for the year): the caller then reads passages or refuses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

from index.models import TableRecord

from app.engine.frame import ONE_YEAR_TWO_REPORTS, Condition, Frame, Quantity, compare
from app.engine.tables import (Item, Row, Table, Tables, department_rows, descendant_rows, project_rows,
                               revenue_rows, scale_of, total_row)
from app.engine.text import compact

RATE_KINDS = ("exec_rate", "spend_rate", "change_rate")
PROJECT_BUDGET_WORDS = ("사업예산", "현안", "소요예산", "추진사업", "주요사업", "핵심사업")  # the projects' own budget bullets
_SAME_WORDS = __import__("re").compile(r"같|동일|일치|똑같")
MAX_LISTED = 12


@dataclass
class Result:
    op: str
    items: list[Item] = field(default_factory=list)
    metric: str | None = None
    year: int | None = None
    table: Table | None = None
    value: float | None = None  # a computed figure (sum, difference, share, count)
    unit: str | None = None
    formula: str | None = None
    verdict: str | None = None  # 'yes' / 'no' for a yes/no question
    klass: str | None = None
    conditions: list[Condition] = field(default_factory=list)
    sub: "Result | None" = None  # two-step: the first step's result
    then: "Result | None" = None  # two-step: a second step that is itself an operation (a difference, a share)
    notes: list[str] = field(default_factory=list)
    claim: Quantity | None = None
    direction: str | None = None  # verify of a change: 'pos' / 'neg' as asked


# --- years ------------------------------------------------------------------------------------------


def default_year(f: Frame, tabs: Tables) -> int:
    """The year a figure is asked for: the one named, else the named report's, else the newest report's."""
    if f.report_year is not None and not f.years:
        return f.report_year
    if f.years:
        if len(set(f.years)) >= 2 and (set(f.metrics) & {"change", "change_rate"} or any(
                c.metric in ("change", "change_rate") for c in f.conditions)):
            return max(f.years)  # '2025년 대비 2026년 감소한': the change printed in the later year
        return f.years[0]
    return tabs.report_years()[0]


def _table_order(t: Table, year: int, report_year: int | None, key: str = "", orgs: Iterable[str] = ()) -> tuple:
    """Tables of the asked report first; among them one the question names by a word of its title ('세부내역',
    '세입총괄'), then printed before built ones, then the smaller (the summary before the detail)."""
    own = t.year == (report_year or year)
    named = bool(key) and not t.virtual and any(w in key for w in _naming_words(t.title, orgs))
    return (not own, not named, t.virtual, len(t.rows))


def _naming_words(title: str, orgs: Iterable[str] = ()) -> set[str]:
    """The title words that tell a table from the others of its kind: not a kind of table with '예산' ('세입예산'
    names every revenue table) and not the organisation's name ('디지털도시국 인력')."""
    return {w for w in _kindless_title_words(title) if w not in orgs}


@lru_cache(maxsize=256)
def _kindless_title_words(title: str) -> tuple[str, ...]:
    """A title's words that are more than a kind of table with '예산' (read once per title: tables are ordered for
    every ranking, filter and list)."""
    generic = re.compile("|".join(TABLE_HINTS) + "|예산")
    return tuple(w for w in _title_words(title) if generic.sub("", w))


def _column(t: Table, metric: str, year: int) -> Any:
    col = t.column(metric, year)
    if col is None and metric in ("change", "change_rate", "exec_rate", "executed", "spent", "spend_rate", "gap"):
        col = t.column(metric, t.year) if t.year == year else None
    return col


# --- item sets --------------------------------------------------------------------------------------


def item_sets(tabs: Tables, klass: str, metric: str | None, year: int, report_year: int | None,
              scope: str | None = None, key: str = "", under: str | None = None,
              among: tuple[str, ...] | None = None) -> list[tuple[Table, list[Row], str]]:
    """(table, rows, column name) sets that a ranking or filter can range over, best first. With `under`, each
    department's own line of that label ('부서별 기본경비': every department's 기본경비 row); with `among`, only the
    rows of those units (departments) or under them (projects): '사업소 빼고'."""
    out: list[tuple[Table, list[Row], str]] = []
    bullets = klass == "project" and any(w in key for w in PROJECT_BUDGET_WORDS)
    order = (lambda t: (not t.virtual, *_table_order(t, year, report_year, key, tabs.vocab.orgs))) if bullets else \
        (lambda t: _table_order(t, year, report_year, key, tabs.vocab.orgs))
    for t in sorted(tabs.tables, key=order):
        if report_year is not None and t.year != report_year:
            continue
        if klass == "job":
            continue
        col = _column(t, metric, year) if metric else None
        if col is None:
            continue
        if klass == "department" and under:
            rows, seen = [], set()
            for r in t.rows:
                if r.key == compact(under) and r.department and tabs.is_department(r.department) \
                        and r.department not in seen:
                    seen.add(r.department)
                    rows.append(r)
        elif klass == "department":
            rows = department_rows(t, tabs)
        elif klass == "project":
            if t.virtual and not bullets:
                continue
            rows = project_rows(t, tabs, scope)
        elif klass == "revenue":
            rows = revenue_rows(t)
            if "세부" not in key and len(rows) > 25:
                continue  # the summary table answers '세입 항목 중'; the detailed one only when asked
        else:
            rows = []
        if scope and klass == "department":
            rows = [r for r in rows if compact(r.label) == scope]
        if among is not None and klass == "department":
            rows = [r for r in rows if compact(r.label) in among]
        elif among is not None and klass == "project":
            rows = [r for r in rows if compact(r.department or "") in among]
        if len(rows) >= 2 or (klass == "project" and rows):
            out.append((t, rows, col.name))
    if klass == "revenue" and "세부" in key:
        out.sort(key=lambda s: -len(s[1]))  # '세입 세부내역에서 …': the detailed table's items, not the summary's
    return out


def job_items(tabs: Tables, year: int, scope: str | None) -> list[Item]:
    """The job-series breakdown (행정, 전산 …) of the bureau's total row, or of one unit's row."""
    for t in sorted(tabs.tables, key=lambda t: (t.year != year, len(t.columns))):
        if t.year != year:
            continue
        parts = [c for c in t.breakdown() if any((r.cells.get(c.name) and r.cells[c.name].unit == "명") for r in t.rows)]
        if len(parts) < 3:
            continue
        row = next((r for r in t.rows if compact(r.label) == scope), None) if scope else total_row(t, tabs)
        if row is None:
            continue
        items = [Item(c.name, row.cells[c.name], row) for c in parts if c.name in row.cells and row.cells[c.name].value is not None]
        if items:
            return items
    return []


def _items(rows: list[Row], col: str) -> list[Item]:
    out = []
    for r in rows:
        rec = r.cells.get(col)
        if rec is not None and rec.value is not None:
            out.append(Item(r.label, rec, r))
    return out


# --- lookups ----------------------------------------------------------------------------------------


def _row_matches(r: Row, unit: str | None, row_label: str | None, tabs: Tables) -> bool:
    keys = [compact(p) for p in r.path]
    if row_label is not None:
        rk = compact(row_label)
        if r.key != rk and compact(_strip_unit(r.label)) != rk and _without_owner(r) != _drop_owner(rk, r) \
                and tabs.vocab.present_name(r.key) != tabs.vocab.present_name(rk) \
                and not initial_slip(r.key, rk):  # (a body renamed, or a slip in one report's print: one row)
            return False
        if unit is not None:
            return unit in keys[:-1] or compact(r.department or "") == unit
        return True
    if unit is not None:
        return r.key == unit
    return False


SLIP_KEY_MIN = 8  # letters of a row label long enough that one letter printed otherwise is a slip, not another row


def initial_slip(a: str, b: str) -> bool:
    """Whether two long compact labels differ in one letter only, and in that letter only by its first consonant
    ('세계스마트시티기구운영' / '세계스마트시티지구운영': one report's print slipped): the same row."""
    if len(a) != len(b) or len(a) < SLIP_KEY_MIN or a == b:
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    if not ("가" <= x <= "힣" and "가" <= y <= "힣"):
        return False
    return (ord(x) - 0xAC00) % 588 == (ord(y) - 0xAC00) % 588  # the same vowel and final, another first consonant


def _owners(r: Row) -> list[str]:
    return [k for k in [compact(r.department or "")] + [compact(p) for p in r.path[:-1]] if len(k) >= 2]


def _drop_owner(key: str, r: Row) -> str:
    """A label without the unit name it opens with ('서울기록원기록수집보존관리' → '기록수집보존관리' under 서울기록원)."""
    for o in _owners(r):
        if key.startswith(o) and len(key) > len(o) + 1:
            return key[len(o):]
    return key


def _without_owner(r: Row) -> str:
    return _drop_owner(r.key, r)


def _strip_unit(label: str) -> str:
    import re

    return re.sub(r"\s*\([^()]*\)\s*$", "", label)


def _part_is(column: str, part: str) -> bool:
    """A breakdown column named by the question ('연구직' names the job-series column '연구')."""
    c, p = compact(column), compact(part)
    return c == p or (p.endswith("직") and c == p[:-1])


def lookup_cells(tabs: Tables, metric: str, year: int, *, unit: str | None = None, row: str | None = None,
                 part: str | None = None, report_year: int | None = None, total: bool = False,
                 hints: list[str] | None = None, strict: bool = True) -> list[TableRecord]:
    """Cells of one thing for one measure and year, best table first ([] when none; several when ambiguous).
    `hints`: words a table's title must hold when the question names them ('세입', '세출')."""
    found: list[tuple[tuple, TableRecord]] = []
    titled = [t for t in tabs.tables if hints and any(h in compact(t.title) for h in hints)]
    for t in (titled or tabs.tables):
        if report_year is not None and t.year != report_year:
            continue
        if part is not None:
            if not any(_part_is(c.name, part) for c in t.columns):
                continue
            if not (metric in ("staff", None) or t.column(metric, year) is None):
                pass
            if row is not None:
                cands = [r for r in t.rows if r.key == compact(row)]
            else:
                cands = [r for r in t.rows if (unit is None and (r.is_total or r.key in tabs.vocab.orgs or len(t.rows) == 1))
                         or (unit and r.key == unit)]
            for r in cands:
                rec = next((v for k, v in r.cells.items() if _part_is(k, part)), None)
                if rec is not None and rec.value is not None and (rec.year == year or t.year == year or not strict):
                    found.append(((_table_order(t, year, report_year), r.depth), rec))
            continue
        col = _column(t, metric, year)
        if col is None:
            continue
        if total and unit is None and row is None:
            rows = [r for r in t.rows if r.is_total or r.key in tabs.vocab.orgs]
            rows = rows[:1]
        else:
            rows = [r for r in t.rows if _row_matches(r, unit, row, tabs)]
        for r in rows:
            rec = r.cells.get(col.name)
            if rec is not None:
                found.append(((_table_order(t, year, report_year), r.depth), rec))
    found.sort(key=lambda x: x[0])
    return [rec for _, rec in found]


def lookup_one(tabs: Tables, metric: str, year: int, *, within: Sequence[str] = (), **kw: Any) -> TableRecord | None:
    """The single best cell, or None when there is none or the row is ambiguous (same label, other figures).
    `within`: rows the question names above the one asked ('균특 보조금 중 디지털배움터 운영'): cells under them first."""
    cells = lookup_cells(tabs, metric, year, **kw)
    inside = [c for c in cells if any(w in compact(p) for p in c.row_path[:-1] for w in within)]
    cells = inside or cells
    if not cells:
        return None
    best = cells[0]
    same_table = [c for c in cells if c.table_id == best.table_id]
    printed = [c for c in same_table if c.value is not None]
    if printed and len(printed) < len(same_table) and len({c.value for c in printed}) == 1:
        # ('에스플렉스센터 운영수입 (대관료)' printed twice, '-' in the year asked on one: the other is that year's)
        return printed[0]
    if len({c.value for c in same_table}) > 1:
        top = [c for c in same_table if len(c.row_path) == 1]
        if len(top) == 1 and not kw.get("unit"):
            return top[0]  # '일반회계' of the whole table, printed on its own row above each unit's '일반회계'
        return None  # e.g. '기본경비' under every department, no department named
    return best


# --- operations -------------------------------------------------------------------------------------


def _condition_ok(item_row: Row, cond: Condition, year: int) -> tuple[bool, TableRecord | None]:
    t = item_row.table
    metric = cond.metric or "budget"
    col = _column(t, metric, year)
    if col is None and metric == "gap":  # a table that prints no 과부족: 현원 − 정원 of the row
        return _computed_gap_ok(item_row, cond, year)
    if col is None:
        return False, None
    rec = item_row.cells.get(col.name)
    if cond.comparator == "flag":  # '순증으로 표시된': the mark the cell prints
        return rec is not None and compact(rec.flag or "") == compact(cond.flag or ""), rec
    if rec is not None and rec.value is None and rec.flag == "-" and cond.bound is not None and cond.bound.value == 0:
        return cond.comparator in ("eq", "le", "ge"), rec  # a printed dash: nothing committed yet ('원인행위 전혀 없는')
    if rec is None or rec.value is None:
        if cond.comparator == "pos" and rec is not None and rec.flag == "순증":
            return True, rec
        return False, rec
    v = rec.value
    if cond.other is not None:
        ocol = _column(t, cond.other, year)
        orec = item_row.cells.get(ocol.name) if ocol else None
        if orec is None or orec.value is None:
            return False, rec
        return compare(v, cond.comparator, orec.value), rec
    if cond.comparator == "neg":
        return v < 0, rec
    if cond.comparator == "pos":
        return v > 0, rec
    assert cond.bound is not None
    if cond.bound.unit == "원":
        scale = scale_of(rec.unit)
        if scale is None:
            return False, rec
        v = v * scale
    return compare(v, cond.comparator, cond.bound.value), rec


def _computed_gap_ok(item_row: Row, cond: Condition, year: int) -> tuple[bool, TableRecord | None]:
    """A 과부족 condition on a row of a table that prints 정원 and 현원 but no 과부족: the difference of the two."""
    t = item_row.table
    s_col, a_col = _column(t, "staff", year), _column(t, "authorized", year)
    if s_col is None or a_col is None:
        return False, None
    s, a = item_row.cells.get(s_col.name), item_row.cells.get(a_col.name)
    if s is None or a is None or s.value is None or a.value is None:
        return False, s
    return _passes(s.value - a.value, cond), s


def header_tables(f: Frame, tabs: Tables) -> list[Table]:
    """The tables whose header line names the rows asked ('rows:분야'), of the asked report first."""
    ids = {ref for e in tabs.vocab.get((f.klass or "")[5:]) if e.kind == "rowheader" for ref in e.refs}
    found = [t for t in tabs.tables if t.id in ids and (f.report_year is None or t.year == f.report_year)]
    return sorted(found, key=lambda t: -t.year)


def _rank_header_rows(f: Frame, tabs: Tables) -> Result | None:
    """'분야 중 개수가 가장 많은 분야': the rows of the table whose header names them, ranked by the column named, else
    by its one measured column."""
    for t, items in _header_items(f, tabs, f.parts):
        ranked = _ranked(items, f)
        return Result("rank", ranked, None, t.year, t, klass=f.klass)
    return None


def _header_items(f: Frame, tabs: Tables, parts: Sequence[str] = ()) -> Iterator[tuple[Table, list[Item]]]:
    """Each table whose header names the rows asked, with its rows' cells in the column named among `parts`, else
    in its one measured column; tables with no such single column or fewer than two rows are passed over."""
    named = {compact(p) for p in parts}
    for t in header_tables(f, tabs):
        cols = [c.name for c in t.columns if compact(c.name) in named] or \
            list(dict.fromkeys(c for r in t.rows for c, rec in r.cells.items() if rec.value is not None))
        if len(cols) != 1:
            continue
        items = _items([r for r in t.rows if not r.is_total], cols[0])
        if len(items) >= 2:
            yield t, items


def _header_rows(f: Frame, tabs: Tables) -> Result | None:
    """'AI 행정서비스 분야는 몇 개야?', '분야별 개수 알려줘', '개수가 10개 이상인 분야는 몇 개?': the rows of the table
    whose header names them, each with its one measured column, kept by the question's conditions on that column."""
    for t, items in _header_items(f, tabs):
        if f.conditions:
            if any(c.other is not None or c.metric not in (None, "count") for c in f.conditions):
                return None
            items = [it for it in items if all(_passes(it.magnitude, c) for c in f.conditions)]
        res = Result(f.op, items, None, t.year, t, klass=f.klass, conditions=list(f.conditions))
        res.value = float(len(items))
        return res
    return None


def _share_of_named_row(f: Frame, tabs: Tables) -> Result | None:
    """'AI 행정서비스 분야 중 AI 매력서비스 비중': the one row named, in a printed table with one measured column (or
    the column named), against the table's total row, else against the sum of its rows (_share_of_summed_rows)."""
    named = compact(f.rows[0])
    parts = {compact(p) for p in f.parts}
    for t in sorted(tabs.tables, key=lambda t: -t.year):
        if t.virtual or (f.report_year is not None and t.year != f.report_year):
            continue
        own_row = next((r for r in t.rows if r.key == named and not r.is_total), None)
        if own_row is None:
            continue
        cols = [c.name for c in t.columns if compact(c.name) in parts] or \
            list(dict.fromkeys(c for r in t.rows for c, rec in r.cells.items() if rec.value is not None))
        own = own_row.cells.get(cols[0]) if len(cols) == 1 else None
        if own is None or own.value is None:
            continue
        tot = total_row(t, tabs)
        trec = tot.cells.get(own.column) if tot is not None else None
        if trec is not None and trec.value:
            share = own.value / trec.value * 100
            return Result("ratio", [Item(own_row.label, own, own_row), Item(_label(trec), trec, tot)], None, t.year,
                          t, value=share, unit="%", formula=f"{_num(own)} ÷ {_num(trec)} × 100 = {share:.1f}%")
        header = next((k for k, es in tabs.vocab.entries.items()
                       if any(e.kind == "rowheader" and t.id in e.refs for e in es)), None)
        return _share_of_summed_rows(f.with_(klass=f"rows:{header}" if header else f.klass), t, own, None, t.year)
    return None


def _items_named(f: Frame, items: list[Item]) -> list[Item]:
    """The items the question names by the part of their labels the others do not share ('AI 약자와의 동행', 'AI 안전망
    조성' named '약자와의 동행이랑 안전망 조성'), when it names two or more but not all; else every item."""
    labels = [compact(it.label) for it in items]
    if len(labels) < 3:
        return items
    shared = 0
    while all(len(x) > shared + 1 and x[shared] == labels[0][shared] for x in labels):
        shared += 1
    named = [it for it, x in zip(items, labels) if len(x[shared:]) >= 3 and x[shared:] in f.key]
    return named if 2 <= len(named) < len(items) else items


def _sum_header_rows(f: Frame, tabs: Tables) -> Result | None:
    """'분야별 사업 개수 다 더하면?': the sum of the measured column over the rows a table's header names (every row
    but a printed total), with its formula; None when the cells are not in one unit."""
    for t, items in _header_items(f, tabs, f.parts):
        if f.rows:  # 'AI 매력서비스랑 AI 업무방식 혁신 사업 수 합치면': the rows named, when all are the table's
            rows = {compact(r) for r in f.rows}
            items = [it for it in items if compact(it.label) in rows]
            if len(items) != len(rows) or len(items) < 2:
                continue
        items = _items_named(f, items)
        recs = [it.record for it in items]
        if any(r.value is None or r.unit != recs[0].unit for r in recs):
            return None
        total = sum(r.value for r in recs)
        formula = " + ".join(_num(r) for r in recs) + f" = {_fmt(total, recs[0])}"
        return Result("sum", items, None, t.year, t, value=total, unit=recs[0].unit, formula=formula, klass=f.klass)
    return None


def run_rank(f: Frame, tabs: Tables) -> Result | None:
    if (f.klass or "").startswith("rows:"):
        return _rank_header_rows(f, tabs)
    metric = f.metric or ("staff" if f.klass == "job" else "budget")
    year = default_year(f, tabs)
    if "among named" in f.notes and (len(_entities(f)) >= 2 or (len(f.projects) >= 2 and not _entities(f))):
        return _rank_named(f, tabs, metric, year)  # (the things named, never every row of a table)
    scope = compact(f.units[0]) if f.units and f.klass in ("project", "job") else None
    if f.klass == "job":
        items = job_items(tabs, year, scope)
        if not items:
            return None
        ranked = _ranked(items, f)
        return Result("rank", ranked, "staff", year, items[0].row.table, klass="job")
    if f.parts and f.klass in (None, "department"):  # '전산직 제일 많은 부서': a breakdown column across units
        return _rank_by_part(f, tabs, year)
    if len(f.rows) == 1 and not f.units:  # '기타이자수입 중에 제일 큰 항목': the items under a named row
        under = _rank_under(f, tabs, metric, year)
        if under is not None:
            return under
    if metric.startswith("ratio:"):
        num, den = metric[6:].split("/")
        return _rank_by_computed(f, tabs, year, num, den, "ratio")
    sets = item_sets(tabs, f.klass or "department", metric, year, f.report_year, scope, f.key, among=f.among)
    if not sets and metric == "gap":
        return _rank_by_computed(f, tabs, year, "staff", "authorized", "gap")
    if not sets:
        return None
    t, rows, col = sets[0]
    if f.klass == "project" and f.rows:  # '정보통신과 일반회계 세부사업 중': the items under the row named above them
        rows = _under_rows_named(rows, f.rows)
        if not rows:
            return None
    if f.conditions:  # '… 사업 중 제일 큰 것': rank among the items that pass the filters
        rows = [r for r in rows if all(_condition_ok(r, c, year)[0] for c in f.conditions)]
    named = {compact(x) for x in f.units + f.rows} if f.klass in ("department", None) else set()
    if len(named) >= 2:  # '데이터센터랑 정보통신과 중 어디가 더 커?': among the things named
        rows = [r for r in rows if r.key in named]
    items = _items(rows, col)
    if len(items) < 2 and not (f.conditions and items):
        return None
    ranked = _ranked(items, f)
    if f.after is not None:  # '데이터센터 다음으로 큰 부서': the one right after the unit named
        at = next((i for i, it in enumerate(ranked) if compact(it.label) == compact(f.after)), None)
        if at is None or at + 1 >= len(ranked):
            return None
        return Result("rank", ranked[at + 1:], metric, year, t, klass=f.klass, notes=[f"after: {f.after}"],
                      sub=Result("rank", [ranked[at]], metric, year, t))
    return Result("rank", ranked, metric, year, t, klass=f.klass, conditions=list(f.conditions))


def _under_rows_named(rows: list[Row], named: Sequence[str]) -> list[Row]:
    """The rows printed under each named row that stands above some of them ('일반회계'; '특별회계' for
    '도시개발특별회계', the end of its name); all of them when no named row stands above any."""
    def above(r: Row) -> list[str]:
        return [compact(p) for p in r.path[:-1]]

    under = [compact(x) for x in named if any(p.endswith(compact(x)) for r in rows for p in above(r))]
    return [r for r in rows if all(any(p.endswith(u) for p in above(r)) for u in under)]


def _rank_named(f: Frame, tabs: Tables, metric: str, year: int) -> Result | None:
    """'A랑 B 중 어디가 더 커?': each named thing's cell of the measure, ordered; None unless every one is found in
    one unit of measure."""
    items = []
    for e in _entities(f):
        rec = _lookup_entity(tabs, e, metric, year, f.report_year, strict=bool(f.year_explicit or f.report_year))
        if rec is None or rec.value is None:
            return None
        items.append(Item(_label(rec), rec, _row_of(tabs.by_id(rec.table_id), rec)))
    if not items and len(f.projects) >= 2 and metric == "budget":  # 'A 사업이랑 B 사업 중 예산 더 큰 건?'
        for p in f.projects:
            rec = project_budget(tabs, f.with_(projects=[p]))
            if rec is None or rec.value is None or not scale_of(rec.unit):
                return None
            items.append(Item(p.text, rec, None))
        if len({it.record.unit for it in items}) != 1:
            return None
        ranked = sorted(items, key=lambda it: it.record.value, reverse=f.order != "asc")
        years = {it.record.year for it in items}
        res = Result("rank", ranked, metric, years.pop() if len(years) == 1 else year, None, klass="project",
                     notes=["among named", "project"])
        if len(ranked) == 2:  # two things: how far apart they are, shown with its formula
            a, b = sorted((it.record for it in ranked), key=lambda r: r.value, reverse=True)
            res.value, res.formula = a.value - b.value, f"{_num(a)} − {_num(b)} = {_fmt(a.value - b.value, a)}"
        return res
    if not items:
        return None
    if len({it.record.unit for it in items}) != 1:
        return None
    ranked = sorted(items, key=lambda it: it.record.value, reverse=f.order != "asc")
    t = tabs.by_id(ranked[0].record.table_id)
    res = Result("rank", ranked, metric, year, t, klass=None, notes=["among named"])
    if len(ranked) == 2:  # two things: how far apart they are, shown with its formula
        a, b = sorted((it.record for it in ranked), key=lambda r: r.value, reverse=True)
        res.value = a.value - b.value
        res.formula = f"{_num(a)} − {_num(b)} = {_fmt(res.value, a)}"
    return res


def _rank_by_computed(f: Frame, tabs: Tables, year: int, num: str, den: str, kind: str) -> Result | None:
    """Rows ranked by a measure computed from two cited cells of each row: 현원 − 정원 when the table prints no
    과부족 (kind 'gap'), or one measure over another ('정원 대비 현원 비율', kind 'ratio', in %)."""
    sets = item_sets(tabs, f.klass or "department", num, year, f.report_year, None, f.key, among=f.among)
    if not sets:
        return None
    t, rows, col = sets[0]
    dcol = _column(t, den, year)
    if dcol is None:
        return None
    scored: list[tuple[float, Item]] = []
    for r in rows:
        n_, d_ = r.cells.get(col), r.cells.get(dcol.name)
        if n_ is None or d_ is None or n_.value is None or d_.value is None or r.is_total:
            continue
        if kind == "ratio":
            if not d_.value:
                continue
            scored.append((round(n_.value / d_.value * 100, 1), Item(r.label, n_, r, (d_,))))
        else:
            scored.append((n_.value - d_.value, Item(r.label, n_, r, (d_,))))
    if len(scored) < 2:
        return None
    scored.sort(key=lambda x: x[0], reverse=f.order != "asc")
    return Result("rank", [it for _, it in scored], "gap" if kind == "gap" else f.metric, year, t,
                  klass=f.klass or "department", notes=[f"computed {kind}"] + [f"value:{d:g}" for d, _ in scored])


def _ranked(items: list[Item], f: Frame) -> list[Item]:
    """The items by their figure, largest first unless the question asks for the smallest."""
    return sorted(items, key=lambda it: it.magnitude, reverse=f.order != "asc")


def _tables_holding(f: Frame, tabs: Tables, metric: str, year: int) -> Iterator[tuple[Table, Any]]:
    """Each table of the asked report (the asked year's first) with its column of the measure for the year."""
    for t in sorted(tabs.tables, key=lambda t: _table_order(t, year, f.report_year, f.key, tabs.vocab.orgs)):
        if f.report_year is not None and t.year != f.report_year:
            continue
        col = _column(t, metric, year)
        if col is not None:
            yield t, col


def _rank_under(f: Frame, tabs: Tables, metric: str, year: int) -> Result | None:
    for t, col in _tables_holding(f, tabs, metric, year):
        rows = descendant_rows(t, f.rows[0])
        items = _items(rows, col.name)
        if len(items) >= 2:
            ranked = _ranked(items, f)
            return Result("rank", ranked, metric, year, t, klass="item")
    return None


def _rank_by_part(f: Frame, tabs: Tables, year: int) -> Result | None:
    part = compact(f.parts[0])
    for t in sorted(tabs.tables, key=lambda t: _table_order(t, year, f.report_year)):
        if f.report_year is not None and t.year != f.report_year:
            continue
        if t.year != year:
            continue
        col = next((c for c in t.columns if compact(c.name) in (part, part + "직", part.removesuffix("직"))), None)
        if col is None:
            continue
        items = _items(department_rows(t, tabs), col.name)
        if len(items) >= 2:
            ranked = _ranked(items, f)
            return Result("rank", ranked, "part:" + col.name, year, t, klass="department")
    return None


def _filter_by_part(f: Frame, tabs: Tables, year: int, part: str) -> Result | None:
    """The units whose cell of one breakdown column ('연구', '지적') passes every condition on it; None when no table
    of the year has that column."""
    for t in sorted(tabs.tables, key=lambda t: _table_order(t, year, f.report_year)):
        if (f.report_year is not None and t.year != f.report_year) or t.year != year:
            continue
        col = next((c for c in t.columns if compact(c.name) in (part, part + "직")), None)
        if col is None:
            continue
        kept: list[Item] = []
        for r in department_rows(t, tabs):
            rec = r.cells.get(col.name)
            if rec is None or r.is_total:
                continue
            v = rec.value if rec.value is not None else (0.0 if rec.flag == "-" else None)
            if v is None:
                continue
            if all(_passes(v, c) for c in f.conditions):
                kept.append(Item(r.label, rec, r))
        res = Result(f.op, kept, "part:" + col.name, year, t, klass="department", conditions=list(f.conditions))
        res.value = float(len(kept))
        return res
    return None


def _passes(v: float, c: Condition) -> bool:
    """Whether a value passes a condition of sign ('pos', 'neg') or of a bound; False without a bound (and for a
    printed mark: a number is none)."""
    if c.comparator == "flag":
        return False
    if c.comparator == "pos":
        return v > 0
    if c.comparator == "neg":
        return v < 0
    return c.bound is not None and compare(v, c.comparator, c.bound.value)


def run_filter(f: Frame, tabs: Tables) -> Result | None:
    year = default_year(f, tabs)
    conds = f.conditions
    first = conds[0]
    metric = first.metric or "budget"
    if metric.startswith("part:"):
        return _filter_by_part(f, tabs, year, metric[5:])
    scope = compact(f.units[0]) if f.units and f.klass in ("project",) else None
    under = _line_of_each_unit(f)
    sets = item_sets(tabs, f.klass or "department", metric, year, f.report_year, scope, f.key, under, f.among)
    if not sets and metric == "gap":  # no table prints 과부족: the rows of 현원, each held against its 정원
        sets = item_sets(tabs, f.klass or "department", "staff", year, f.report_year, scope, f.key, under, f.among)
    if not sets:
        return None
    marks = [c for c in conds if c.comparator == "flag"]
    if marks:  # '순증으로 표시된 항목': the first table whose items print that mark (none printing it is no answer)
        def printing(candidates: list[tuple[Table, list[Row], str]]) -> list[tuple[Table, list[Row], str]]:
            return [s_ for s_ in candidates if any(_condition_ok(r, marks[0], year)[0] for r in s_[1])]

        marked = printing(sets)
        if not marked and f.klass == "revenue":  # (the summary prints none: the detailed table's items do)
            marked = printing(item_sets(tabs, "revenue", metric, year, f.report_year, scope, f.key + "세부"))
        if not marked:
            return None
        sets = marked
    t, rows, col = sets[0]
    base = next((m for m in f.metrics if m not in ("change", "change_rate")), None)
    if metric in ("change", "change_rate") and base not in (None, "budget") and _column(t, base, year) is None:
        return _filter_by_change_across_reports(f, tabs, base, first)  # '정원 늘어난 부서': no 증감 column
    kept: list[Item] = []
    for r in rows:
        ok_all, shown = True, None
        for c in conds:
            ok, rec = _condition_ok(r, c, year)
            if not ok:
                ok_all = False
                break
            shown = shown or rec
        if ok_all and shown is not None:
            extra = [c.other for c in conds if c.other is not None]
            if metric == "gap" and _column(t, "gap", year) is None:
                extra.append("authorized")  # the computed 과부족's other operand, shown beside the 현원
            extra += [m for m in f.metrics if m != metric and m not in extra]
            if metric == "change" and "change_rate" not in extra:
                extra.append("change_rate")  # a change is read with its rate
            also: list[TableRecord] = []
            for m in extra:
                col_ = _column(t, m, year)
                rec = r.cells.get(col_.name) if col_ is not None else None
                if rec is not None and rec is not shown and rec not in also:
                    also.append(rec)
            kept.append(Item(r.department if under and r.department else r.label, shown, r, tuple(also)))
    res = Result(f.op, kept, metric, year, t, klass=f.klass, conditions=list(conds),
                 notes=[f"under:{under}"] if under else [])
    res.value = float(len(kept))
    return res


def _line_of_each_unit(f: Frame) -> str | None:
    """'부서별 기본경비 가운데 …': departments compared on one line each prints (the row named), not their totals."""
    if (f.klass or "department") == "department" and len(f.rows) == 1 and not f.units:
        return f.rows[0]
    return None


def _filter_by_change_across_reports(f: Frame, tabs: Tables, base: str, cond: Condition) -> Result | None:
    """Items whose measure rose (or fell) from the earlier report to the later one, when no table prints the change
    ('작년보다 정원 늘어난 부서'): each item's figure read from each report's own row, the difference computed."""
    years = sorted(tabs.report_years())
    if len(years) < 2 or cond.comparator not in ("pos", "neg"):
        return None
    early, late = years[-2], years[-1]
    sets = item_sets(tabs, f.klass or "department", base, late, late, None, f.key, among=f.among)
    if not sets:
        return None
    t, rows, col = sets[0]
    kept: list[Item] = []
    for r in rows:
        a = r.cells.get(col)
        b = lookup_one(tabs, base, early, unit=r.key, report_year=early)
        if a is None or b is None or a.value is None or b.value is None:
            continue
        d = a.value - b.value
        if (d > 0) if cond.comparator == "pos" else (d < 0):
            kept.append(Item(r.label, a, r, (b,)))
    res = Result(f.op, kept, base, late, t, klass=f.klass, conditions=[cond], notes=["across reports", str(early)])
    res.value = float(len(kept))
    return res


def _entities(f: Frame) -> list[dict[str, str | None]]:
    """What each named thing is, for lookups: a unit, a row (under a unit), or a breakdown part."""
    units = [compact(u) for u in f.units]
    if len(units) == 1 and f.rows and all(units[0] in compact(r) for r in f.rows):
        units = []  # '서울기록원 세입, 공유재산 임대수입이랑 …': the unit is a word of every row's own label, not their owner
    if f.rows or f.parts:
        slot, names = ("row", f.rows) if f.rows else ("part", f.parts)
        if len(units) > 1 and len(names) == 1:  # '정보보안과랑 정보통신과 방송통신직': that row or part of each unit
            out = [{"unit": u, "row": None, "part": None, slot: names[0]} for u in units]
        else:
            out = [{"unit": units[0] if len(units) == 1 else None, "row": None, "part": None, slot: n} for n in names]
    else:
        out = [{"unit": u, "row": None, "part": None} for u in units]
    if f.rows and f.parts and len(f.rows) == 1:  # a breakdown column of a named row ('정보자원 보유 현황'의 전산장비)
        out = [{"unit": units[0] if len(units) == 1 else None, "row": f.rows[0], "part": p} for p in f.parts]
    return out


def _lookup_entity(tabs: Tables, e: dict[str, str | None], metric: str, year: int, report_year: int | None,
                   strict: bool = True, within: Sequence[str] = ()) -> TableRecord | None:
    return lookup_one(tabs, metric, year, unit=e["unit"], row=e["row"], part=e["part"], report_year=report_year,
                      strict=strict, within=within)


def _total_or_entity(tabs: Tables, e: dict[str, str | None] | None, metric: str, year: int, report_year: int | None,
                     hints: Any, within: Sequence[str] = ()) -> TableRecord | None:
    """The thing's cell, or the bureau's total row when nothing is named (e None or all slots empty)."""
    if e is None or (e["unit"] is None and e["row"] is None and e["part"] is None):
        cells = lookup_cells(tabs, metric, year, report_year=report_year, total=True, hints=hints)
        return cells[0] if cells else None
    return _lookup_entity(tabs, e, metric, year, report_year, within=within)


def _within(f: Frame) -> list[str]:
    """The rows a question names above the ones it asks (notes 'within:', parse._drop_nested), compact."""
    return [compact(n[7:]) for n in f.notes if n.startswith("within:")]


def _one_year_two_reports(f: Frame, tabs: Tables, ent: dict[str, str | None], metric: str) -> Result | None:
    """One year's figure as the report of that year prints it (its 예산현액) and as the next report prints it (its
    최종예산): both, the later printing first, and the later less the earlier. None unless both reports print it."""
    years = sorted(tabs.report_years())
    y = next((y for y in sorted(set(f.years)) if y in years and y + 1 in years), None)
    if y is None:
        return None
    a = _lookup_entity(tabs, ent, metric, y, y)
    b = _lookup_entity(tabs, ent, metric, y, y + 1)
    if a is None or b is None or a.value is None or b.value is None or a.unit != b.unit:
        return None
    d = b.value - a.value  # (the later printing against the earlier, as a change is read)
    items = [Item(f"{ry}년 보고서의 {_label(r)} {r.column}", r, _row_of(tabs.by_id(r.table_id), r))
             for ry, r in ((y + 1, b), (y, a))]
    return Result("diff", items, metric, y, None, value=d, unit=a.unit, formula=f"{_num(b)} − {_num(a)} = {_fmt(d, a)}",
                  notes=["reports"])


def run_values(f: Frame, tabs: Tables, op: str) -> Result | None:
    """sum / diff / ratio over the named things (one measure), or over one thing's two years."""
    from app.engine.lexicon import lexicon

    metric = f.metric or "budget"
    if op == "sum" and lexicon().is_rate(metric):
        return None  # rates are not added: 58.1% and 48.7% make no 106.8% of anything
    year = default_year(f, tabs)
    ents = _entities(f)
    recs: list[TableRecord] = []
    if not ents and len(f.projects) >= 2 and metric == "budget" and op in ("sum", "diff"):
        # 'SLW 소요예산이랑 합치면?' after the festival's: each project's own budget bullet
        for p in f.projects:
            rec = project_budget(tabs, f.with_(projects=[p]))
            if rec is None or rec.value is None:
                return None
            recs.append(rec)
        items = [Item(p.text, r, None) for p, r in zip(f.projects, recs)]
        if len({(r.unit, r.scale if hasattr(r, "scale") else None) for r in recs}) != 1:
            return None
        if op == "sum":
            total = sum(r.value for r in recs if r.value is not None)
            formula = " + ".join(_num(r) for r in recs) + f" = {_fmt(total, recs[0])}"
            return Result("sum", items, metric, year, None, value=total, unit=recs[0].unit, formula=formula,
                          notes=["project"])
        a, b = recs[0], recs[1]
        d = (a.value or 0) - (b.value or 0)
        return Result("diff", items[:2], metric, year, None, value=d, unit=a.unit,
                      formula=f"{_num(a)} − {_num(b)} = {_fmt(d, a)}", notes=["project"])
    if op == "sum" and len(ents) == 1 and ents[0]["row"] and not ents[0]["unit"] and not ents[0]["part"] \
            and _EVERY.search(f.key):
        # '8개 부서 기본경비 다 더하면': the row under every unit of one table, summed
        cells = lookup_cells(tabs, metric, year, row=ents[0]["row"], report_year=f.report_year,
                             hints=table_hints(f.key) or None)
        cells = [c for c in cells if c.table_id == cells[0].table_id and c.value is not None] if cells else []
        owners = [c.row_path[0] for c in cells]
        if len(cells) < 2 or len(set(owners)) != len(owners) or len({c.unit for c in cells}) != 1:
            return None
        t = tabs.by_id(cells[0].table_id)
        items = [Item(_label(c), c, _row_of(t, c)) for c in cells]
        total = sum(c.value for c in cells if c.value is not None)
        formula = " + ".join(_num(c) for c in cells) + f" = {_fmt(total, cells[0])}"
        return Result("sum", items, metric, year, t, value=total, unit=cells[0].unit, formula=formula)
    if op == "diff" and len(ents) == 1 and ONE_YEAR_TWO_REPORTS in f.notes:
        return _one_year_two_reports(f, tabs, ents[0], metric)
    if op == "sum" and not ents and not f.projects and not f.conditions and table_hints(f.key) and \
            _asks_total(f, tabs) and len(set(f.years)) < 2:
        return run_lookup(f.with_(op="lookup"), tabs)  # '세입 총괄 합계는?': nothing to add; the printed total
    if op == "sum" and (own := _sum_of_unit_projects(f, tabs, metric, year)) is not None:
        return own  # '서울기록원 세부사업 (기본경비 빼고) 예산현액 다 더하면': the unit's budget lines, summed
    if len(ents) >= 2:
        for e in ents:
            rec = _lookup_entity(tabs, e, metric, year, f.report_year, within=_within(f))
            if rec is None and e["part"] and not f.year_explicit:  # (a breakdown printed once, in one report)
                rec = _lookup_entity(tabs, e, metric, year, f.report_year, strict=False, within=_within(f))
            if rec is None or rec.value is None:
                return None
            recs.append(rec)
    elif len(ents) == 1 and op in ("sum", "diff") and len(set(f.years)) >= 2:
        return _across_years(f, tabs, ents[0], metric, op)
    elif len(ents) == 1 and op == "diff" and len(set(f.metrics)) >= 2 and len(set(f.years)) < 2:
        return _two_measures(f, tabs, ents[0], year)
    elif not ents and op == "diff" and len(set(f.metrics)) >= 2 and len(set(f.years)) < 2 and _asks_total(f, tabs):
        return _two_measures(f, tabs, {"unit": None, "row": None, "part": None}, year)  # '국 전체 원인행위액이랑 지출액'
    elif not ents and op == "diff" and len(set(f.years)) >= 2 and (
            _names_org(f, tabs) or (table_hints(f.key) and (not _names_reports(f.key) or _each_from_its_report(f.key)))):
        # '디지털도시국 현원, 2025년 보고서 때보다 얼마나 늘었어?', '2025년 세입예산은 2024년과 비교해': the total in each
        # year (a change asked is the change of the amount, not of the printed change column)
        base = "budget" if metric in ("change", "change_rate") else metric
        return _across_years(f, tabs, {"unit": None, "row": None, "part": None}, base, op)
    elif op == "ratio" and len(ents) <= 1 and len(set(f.metrics)) >= 2 and len(set(f.years)) < 2 and (
            ents or _asks_total(f, tabs)):
        return _two_measures(f, tabs, ents[0] if ents else {"unit": None, "row": None, "part": None}, year, "ratio")
    elif op == "ratio" and len(ents) == 1:
        rec = _lookup_entity(tabs, ents[0], metric, year, f.report_year, strict=bool(f.year_explicit or f.report_year))
        if rec is None or rec.value is None:
            return None
        t = tabs.by_id(rec.table_id)
        if ents[0]["part"] is not None:  # '전산직이 전체 현원에서 몇 %': the part against its row's total
            row = _row_of(t, rec)
            tot_col = next((c for c in (t.columns if t else []) if c.name != rec.column and (
                compact(c.name) in ("계", "합계", "총계", "총합계") or c.metric in ("staff", "budget"))), None)
            trec = row.cells.get(tot_col.name) if (row is not None and tot_col is not None) else None
            if trec is None or not trec.value:
                return None
            share = rec.value / trec.value * 100
            items = [Item(_label(rec) + " " + rec.column, rec, row), Item(_label(trec) + " " + trec.column, trec, row)]
            return Result("ratio", items, metric, year, t, value=share, unit="%",
                          formula=f"{_num(rec)} ÷ {_num(trec)} × 100 = {share:.1f}%")
        within = _within(f)
        row = _row_of(t, rec) if t else None
        named = [r for r in (t.rows if t and row and within else []) if r.key in within and r is not row]
        tot = next((r for r in named if r.path == row.path[:len(r.path)] and r.depth < row.depth),
                   named[0] if len(named) == 1 else None)  # (a flat table prints the whole named on its own row)
        if tot is None and t and row is not None and len(f.units) == 1 and not _asks_total(f, tabs):
            # '정보통신과 중 지능형 CCTV 고도화 비중': the unit named is the whole, above its account (일반회계) row
            unit = compact(f.units[0])
            tot = next((r for r in t.rows if r.depth < row.depth and r.path == row.path[:len(r.path)]
                        and not r.is_total and compact(r.path[-1]) == unit), None)
        if tot is None and t and not _asks_total(f, tabs):
            tot = _parent_row(t, row)
        # '디지털정책과 특별회계 비중': a row nested under another is a share of that row (its unit's own total);
        # a share 'of the whole' (전체, 국 전체, 합계) or of a top-level row is taken against the table's total
        tot = tot or (total_row(t, tabs) if t else None)
        if tot is None and t is not None and row is not None:
            return _share_of_summed_rows(f, t, rec, metric, year)
        trec = tot.cells.get(rec.column) if tot else None
        if trec is None or trec.value in (None, 0):
            return None
        share = rec.value / trec.value * 100
        items = [Item(_label(rec), rec, _row_of(t, rec)), Item(_label(trec), trec, tot)]
        return Result("ratio", items, metric, year, t, value=share, unit="%",
                      formula=f"{_num(rec)} ÷ {_num(trec)} × 100 = {share:.1f}%")
    else:
        return None
    items = [Item(_label(r) + (f" {r.column}" if e["part"] else ""), r, _row_of(tabs.by_id(r.table_id), r))
             for r, e in zip(recs, ents)]
    unit = recs[0].unit
    if any(r.unit != unit for r in recs):
        return None
    if op == "sum":
        total = sum(r.value for r in recs if r.value is not None)
        formula = " + ".join(_num(r) for r in recs) + f" = {_fmt(total, recs[0])}"
        return Result("sum", items, metric, year, None, value=total, unit=unit, formula=formula)
    a, b = recs[0], recs[1]
    if op == "diff":
        d = (a.value or 0) - (b.value or 0)
        formula = f"{_num(a)} − {_num(b)} = {_fmt(d, a)}"
        return Result("diff", items[:2], metric, year, None, value=d, unit=unit, formula=formula)
    if op == "ratio":
        if not b.value:
            return None
        r = (a.value or 0) / b.value
        return Result("ratio", items[:2], metric, year, None, value=r, unit="배",
                      formula=f"{_num(a)} ÷ {_num(b)} = {r:.2f}")
    return None


_EVERY = re.compile(r"(?<![가-힣])다(?:더|합|해서)|전부|모든|모두|전체부서|부서별|각부서|\d+개(?:부서|과)")
_PROJECTS_OF = re.compile(r"(?:세부\s*사업|사업(?!소|예산|비))")


def _left_out(f: Frame) -> set[str]:
    """The rows the question leaves out of a sum ('기본경비 빼고', '기본경비를 제외한'), compact."""
    return {compact(r) for r in f.rows if re.search(re.escape(r) + r"\s*" + _LEFT_OUT_WORDS, f.text)}


_LEFT_OUT_WORDS = r"(?:은|는|을|를|이|가)?\s*(?:빼고|빼면|뺀|제외|말고)"


def _sum_of_unit_projects(f: Frame, tabs: Tables, metric: str, year: int) -> Result | None:
    """The sum of one unit's budget lines (세부사업) in the year's spending table, less those the question leaves out
    ('서울기록원 사업 (기본경비 빼고) 예산현액 다 더하면?'); None unless one unit is named with its projects, every row
    named is one left out, and all are added ('다 더하면', '합계')."""
    if len(f.units) != 1 or f.projects or not _PROJECTS_OF.search(f.key) or not re.search(
            r"다더|더하|합치|합하|합계|총합|합산|모두|전부", f.key):
        return None
    out = _left_out(f)
    if {compact(r) for r in f.rows} != out:
        return None  # (a row named to be added, not left out: the named rows' own sum)
    unit = compact(f.units[0])
    sets = item_sets(tabs, "project", metric, year, f.report_year or year, among=(unit,))
    sets = [(t, rows, col) for t, rows, col in sets if not t.virtual]
    if not sets:
        return None
    t, rows, col = sets[0]
    kept = [r for r in rows if r.key not in out and compact(_without_owner(r)) not in out]
    if len(kept) == len(rows) and out or len(kept) < 2:
        return None  # (a row to leave out that is no line of the unit)
    cells = [r.cells.get(col) for r in kept]
    if any(c is None or c.value is None for c in cells) or len({c.unit for c in cells}) != 1:  # type: ignore[union-attr]
        return None
    items = [Item(_label(c), c, r) for c, r in zip(cells, kept)]  # type: ignore[arg-type]
    total = sum(c.value for c in cells)  # type: ignore[union-attr,misc]
    formula = " + ".join(_num(c) for c in cells) + f" = {_fmt(total, cells[0])}"  # type: ignore[arg-type]
    notes = ["unit projects"] + ([f"left out: {'|'.join(sorted(out))}"] if out else [])
    return Result("sum", items, metric, year, t, value=total, unit=cells[0].unit, formula=formula, notes=notes)  # type: ignore[union-attr]


def project_budget(tabs: Tables, f: Frame) -> TableRecord | None:
    """The budget bullet of the project the question names (its report's own line), or None."""
    if not f.projects:
        return None
    e = f.projects[0]
    for t in tabs.tables:
        if not t.virtual:
            continue
        for r in t.rows:
            rec = next(iter(r.cells.values()))
            if e.refs and rec.section_id == e.refs[0]:
                if f.years and rec.year not in f.years and _year_written(f.question or f.text, f.years):
                    return None  # '2026년 SLW 사업예산': the 2025 report's bullet is that year's budget, not 2026's
                    # (a year the asker wrote; '올해' of a report's own plan is read as that report's year)
                return rec
    return None


def _year_written(question: str, years: Sequence[int]) -> bool:
    """Whether the asker wrote one of the years in figures ('2026년', '26년', "'26")."""
    key = compact(question)
    return any(re.search(rf"(?<!\d)(?:{y}|{y % 100:02d})년|['’]{y % 100:02d}(?!\d)", key) for y in years)


def year_cells(tabs: Tables, ent: dict[str, str | None], metric: str, years: list[int],
               hints: list[str] | None = None) -> list[TableRecord] | None:
    """One cell per year for one thing (or the bureau's total), each read from the report of that year when there
    is one."""
    own = set(tabs.report_years())
    out = []
    total = ent["unit"] is None and ent["row"] is None and ent["part"] is None
    for y in years:
        if total:
            cells = lookup_cells(tabs, metric, y, report_year=y if y in own else None, total=True, hints=hints)
            out.append(cells[0]) if cells else None
            if not cells:
                return None
            continue
        rec = _lookup_entity(tabs, ent, metric, y, y if y in own else None)
        if rec is None:
            rec = _lookup_entity(tabs, ent, metric, y, None)
        if rec is None or rec.value is None:
            return None
        out.append(rec)
    return out


def _each_from_its_report(key: str) -> bool:
    """'25년 2월 업무보고의 세입 계와 26년 4월 보고의 세입 계': two reports named, each the source of one figure (not
    one report named as the basis, '2026년 보고 기준', nor one year as two reports print it)."""
    from app.engine.parse import _REPORT_MENTION, _same_year_in_two_reports

    return len(_REPORT_MENTION.findall(key)) >= 2 and not _same_year_in_two_reports(key)


def _names_reports(key: str) -> bool:
    import re

    return bool(re.search(r"보고서|업무보고|현안보고|주요보고|보고(?:때|기준|에서|에는|엔|의|[(랑와과])", key))


def same_row_years(tabs: Tables, ent: dict[str, str | None], metric: str, years: list[int],
                   hints: list[str] | None = None) -> list[TableRecord] | None:
    """Both years' figures from one row of one table (the later report prints last year's final budget beside its
    own), so a change is read where the report itself states it; None when no table prints both. With no unit, row
    or part named: the total row of the table the hints name ('세입')."""
    early, late = years[0], years[-1]
    whole = not (ent["unit"] or ent["row"] or ent["part"])
    if whole and not hints:
        return None
    for t in sorted(tabs.tables, key=lambda t: _table_order(t, late, late)):
        if t.year != late or (hints and not any(h in compact(t.title) for h in hints)):
            continue
        ca, cb = t.column(metric, early), t.column(metric, late)
        if ca is None or cb is None or ca.name == cb.name:
            continue
        if whole:
            rows = [r for r in t.rows if r.is_total or r.key in tabs.vocab.orgs][:1]
        else:
            rows = [r for r in t.rows if _row_matches(r, ent["unit"], ent["row"], tabs)] if not ent["part"] else []
        for r in rows:
            a, b = r.cells.get(ca.name), r.cells.get(cb.name)
            if a is not None and b is not None and a.value is not None and b.value is not None:
                return [a, b]
    return None


_SPENT_OF_BUDGET = frozenset({"executed", "spent"})  # measures that are a part of a row's budget


def _two_measures(f: Frame, tabs: Tables, ent: dict[str, str | None], year: int, op: str = "diff") -> Result | None:
    """One thing's two measures of one row compared ('현원이 정원보다 얼마나 부족'): the first minus the second, and the
    row's printed 과부족 (gap) cell beside them when the table has one; or (op "ratio", '정원 대비 현원 비율') the first
    over the second in percent."""
    m1, m2 = f.metrics[0], f.metrics[1]
    if ent["unit"] is None and ent["row"] is None and ent["part"] is None:  # the whole: each table's total row
        hints = table_hints(f.key)
        cells = [lookup_cells(tabs, m, year, report_year=f.report_year, total=True, hints=hints) for m in (m1, m2)]
        a, b = (cells[0][0] if cells[0] else None), (cells[1][0] if cells[1] else None)
    else:
        a = _lookup_entity(tabs, ent, m1, year, f.report_year)
        b = _lookup_entity(tabs, ent, m2, year, f.report_year)
    if a is not None and b is not None and a.table_id != b.table_id:  # both read from the same row of one table
        a, b = _same_row(tabs, a, m2, year, first=True) or _same_row(tabs, b, m1, year, first=False) or (None, None)
    if a is None or b is None or a.value is None or b.value is None or a.unit != b.unit or a.table_id != b.table_id:
        return None
    t = tabs.by_id(a.table_id)
    row = _row_of(t, a)
    items = [Item(f"{_label(a)} {a.column}", a, row), Item(f"{_label(b)} {b.column}", b, row)]
    if op == "ratio":
        if m1 == "budget" and m2 in _SPENT_OF_BUDGET:
            a, b, items = b, a, items[::-1]  # ('budget … and what share had been executed': the amount executed is
            # the part, the budget the whole, whichever the question names first)
        if not b.value:
            return None
        share = a.value / b.value * 100
        return Result("ratio", items, m1, year, t, value=share, unit="%",
                      formula=f"{_num(a)} ÷ {_num(b)} × 100 = {share:.1f}%", notes=["measures"])
    gap_col = t.column("gap", t.year) if t is not None else None
    gap = row.cells.get(gap_col.name) if (row is not None and gap_col is not None) else None
    if gap is not None and gap.value is not None:
        items.append(Item(_label(gap), gap, row))
    d = a.value - b.value
    return Result("diff", items, m1, year, t, value=d, unit=a.unit, formula=f"{_num(a)} − {_num(b)} = {_fmt(d, a)}",
                  notes=["measures"])


def _same_row(tabs: Tables, rec: TableRecord, other: str, year: int, first: bool) -> tuple[Any, Any] | None:
    """`rec` and the `other` measure of the same row of its table, in question order; None when that table has no
    such column."""
    t = tabs.by_id(rec.table_id)
    row = _row_of(t, rec) if t is not None else None
    col = _column(t, other, year) if t is not None else None
    cell = row.cells.get(col.name) if (row is not None and col is not None) else None
    if cell is None:
        return None
    return (rec, cell) if first else (cell, rec)


_TWO_PRINTS = re.compile(r"차이|다르|다른|달라|비교|어긋|불일치|안맞|같|동일|일치|각각")


def _title_words(title: str) -> set[str]:
    """The words of a table's title a question can name it by ('세입예산 세부내역' → 세입예산, 세부내역); the whole
    title when no word is three letters long ('세입 총괄' → 세입총괄)."""
    return {compact(w) for w in title.split() if len(compact(w)) >= 3} or {compact(title)}


def run_two_tables(f: Frame, tabs: Tables) -> Result | None:
    """One row printed in two tables of a report, each named by a word of its title ('주차요금수입이 세입총괄이랑 세부내역
    에서 다르던데 차이가 얼마야?'): the row's figure in the first table named less the one in the second, read in
    the measure asked (else the first column the two tables share). None unless the question asks a difference of
    one row and names exactly two tables that print it."""
    if len(f.rows) != 1 or f.units or f.projects or not _TWO_PRINTS.search(f.key):
        return None
    key = compact(f.rows[0])
    year = default_year(f, tabs)
    named: list[tuple[int, Table, Row]] = []
    for t in tabs.tables:
        if t.virtual or t.year != (f.report_year or year):  # (the tables of the report of the year asked)
            continue
        rows = [r for r in t.rows if r.key == key or _drop_owner(r.key, r) == key]
        words = _title_words(t.title)
        at = min((f.key.find(w) for w in words if w in f.key), default=-1)
        if len(rows) == 1 and at >= 0:
            named.append((at, t, rows[0]))
    if len({t.title for _, t, _ in named}) != 2 or len(named) != 2:
        return None
    (_, ta, ra), (_, tb, rb) = sorted(named, key=lambda x: x[0])
    if _title_words(ta.title) <= _title_words(tb.title) or _title_words(tb.title) <= _title_words(ta.title):
        return None  # (one title's words all in the other's: the question may name only the longer one)
    if f.metrics:
        ca, cb = _column(ta, f.metrics[0], year), _column(tb, f.metrics[0], year)
    else:
        shared = [c for c in ta.columns if any(c.name == d.name for d in tb.columns)]
        ca = cb = shared[0] if shared else None
    a = ra.cells.get(ca.name) if ca is not None else None
    b = rb.cells.get(cb.name) if cb is not None else None
    if a is None or b is None or a.value is None or b.value is None or a.unit != b.unit:
        return None
    items = [Item(f"{ta.title}의 {_label(a)} {a.column}", a, ra), Item(f"{tb.title}의 {_label(b)} {b.column}", b, rb)]
    d = a.value - b.value
    return Result("diff", items, f.metrics[0] if f.metrics else None, year, None, value=d, unit=a.unit,
                  formula=f"{_num(a)} − {_num(b)} = {_fmt(d, a)}", notes=["two tables"])


def _names_org(f: Frame, tabs: Tables) -> bool:
    """The question names the organisation itself (the bureau), whose figure is its tables' total row."""
    return bool(f.linked and any("org" in lk.kinds for lk in f.linked.links))


def _across_years(f: Frame, tabs: Tables, ent: dict[str, str | None], metric: str, op: str) -> Result | None:
    """One thing's figure in two years (each from its own report), summed or compared (later minus earlier)."""
    years = sorted(set(f.years))[-2:]
    hints = table_hints(f.key)
    recs = None if _names_reports(f.key) else same_row_years(tabs, ent, metric, years, hints)
    recs = recs or year_cells(tabs, ent, metric, years, hints or None)
    if recs is None or recs[0].unit != recs[1].unit:
        return None
    early, late = recs
    # (a part of a row, '전산직 현원': the part named with the row, '직종별 현원 합계 전산')
    items = [Item(_label(r) + (f" {r.column}" if ent.get("part") else ""), r, _row_of(tabs.by_id(r.table_id), r))
             for r in (early, late)]
    if early.line == late.line and early.table_id == late.table_id:  # one row: its printed rate of change too
        t = tabs.by_id(late.table_id)
        row = _row_of(t, late)
        col = t.column("change_rate", t.year) if t is not None else None
        rate = row.cells.get(col.name) if (row is not None and col is not None) else None
        if rate is not None and rate.value is not None:
            items.append(Item(_label(rate), rate, row))
    if op == "sum":
        total = (early.value or 0) + (late.value or 0)
        return Result("sum", items, metric, years[-1], None, value=total, unit=early.unit,
                      formula=f"{_num(early)} + {_num(late)} = {_fmt(total, early)}", notes=["years"])
    d = (late.value or 0) - (early.value or 0)
    return Result("diff", items, metric, years[-1], None, value=d, unit=early.unit,
                  formula=f"{_num(late)} − {_num(early)} = {_fmt(d, late)}", notes=["years"])


def _printed_change(tabs: Tables, ent: dict[str, str | None], base: str, year: int,
                    report_year: int | None) -> TableRecord | None:
    """The change column of the row that holds `base` for the thing (a budget row's 증감액); None when the table
    that holds the measure prints no change (headcounts, execution rates)."""
    cell = _lookup_entity(tabs, ent, base, year, report_year)
    if cell is None:
        return None
    t = tabs.by_id(cell.table_id)
    row = _row_of(t, cell)
    col = t.column("change", t.year) if t is not None else None
    return row.cells.get(col.name) if (row is not None and col is not None) else None


def run_verify(f: Frame, tabs: Tables) -> Result | None:
    year = default_year(f, tabs)
    ents = _entities(f)
    if not ents and f.projects and (f.claim is not None or f.claim_status in ("exists", "unfunded")):
        rec = project_budget(tabs, f)  # '재해복구시스템 확대 사업예산 20억 넘어?', '별도 예산이 편성되어 있나요?'
        if rec is None:
            return None
        item = Item(f.projects[0].text, rec, None)
        if rec.value is None and re.search(r"\d", rec.value_raw or ""):
            return None  # 'A(220,435천원), B(기존사업 범위 내)': one part funded, another not: no one verdict
        if f.claim is not None and f.claim.unit == "원" and rec.value is None and "비예산" in (rec.value_raw or ""):
            # '… 예산이 5억원 정도 편성됐다는데 맞나요?' of a project printed '사업예산 : 비예산': no amount is funded
            return Result("verify", [item], "budget", rec.year, None, verdict="no", claim=f.claim, notes=["unfunded"])
        if f.claim_status in ("exists", "unfunded"):  # '편성되어 있나요?', '비예산 맞지?': a figure, or 비예산
            funded = rec.value is not None
            return Result("verify", [item], "budget", rec.year, None,
                          verdict="yes" if funded == (f.claim_status == "exists") else "no", notes=["exists"])
        if f.claim is not None and f.claim.unit == "원" and rec.value is not None and scale_of(rec.unit):
            v = rec.value * (scale_of(rec.unit) or 1)
            ok = (abs(v - f.claim.value) < max(f.claim.step / 2, 1e-9)) if f.claim.comparator == "eq" else compare(
                v, f.claim.comparator, f.claim.value)
            return Result("verify", [item], "budget", rec.year, None, verdict="yes" if ok else "no", claim=f.claim)
        return None
    pair = next((c for c in f.conditions if c.other is not None), None)
    if f.claim is not None and len(ents) == 1 and pair is not None and pair.metric:
        a = _lookup_entity(tabs, ents[0], pair.metric, year, f.report_year)
        b = _lookup_entity(tabs, ents[0], pair.other, year, f.report_year)
        if a is None or b is None or a.value is None or b.value is None:
            return None
        gap = a.value - b.value  # '현원이 정원보다 3명 모자란': 현원 − 정원 = −3
        want = -f.claim.value if pair.comparator == "lt" else f.claim.value
        t = tabs.by_id(a.table_id)
        items = [Item(_label(a), a, _row_of(t, a)), Item(_label(b), b, _row_of(tabs.by_id(b.table_id), b))]
        return Result("verify", items, pair.metric, year, None, value=gap, unit=a.unit,
                      formula=f"{_num(a)} − {_num(b)} = {_fmt(gap, a)}", verdict="yes" if abs(gap - want) < 1e-9 else "no",
                      notes=["gap"])
    whole = not ents and _asks_total(f, tabs)
    if f.claim is None and (len(ents) == 1 or whole) and pair is not None and pair.metric \
            and pair.comparator in ("gt", "lt"):
        # '정원이 현원보다 많은 게 맞아?': one thing's two measures held against each other, no figure claimed
        a, b = (_total_or_entity(tabs, None if whole else ents[0], m, year, f.report_year, table_hints(f.key))
                for m in (pair.metric, pair.other))
        if a is None or b is None or a.value is None or b.value is None or a.unit != b.unit:
            return None
        gap = a.value - b.value
        items = [Item(_label(a), a, _row_of(tabs.by_id(a.table_id), a)),
                 Item(_label(b), b, _row_of(tabs.by_id(b.table_id), b))]
        return Result("verify", items, pair.metric, year, None, value=gap, unit=a.unit,
                      formula=f"{_num(a)} − {_num(b)} = {_fmt(gap, a)}",
                      verdict="yes" if compare(a.value, pair.comparator, b.value) else "no", notes=["gap"])
    if f.claim is not None and len(ents) == 1:
        metrics = list(f.metrics) or _metrics_for_unit(f.claim.unit)
        for metric in metrics:
            rec = _lookup_entity(tabs, ents[0], metric, year, f.report_year)
            if rec is None or rec.value is None:
                continue
            v = rec.value
            if f.claim.unit == "원":
                scale = scale_of(rec.unit)
                if scale is None:
                    continue
                v = v * scale
            elif f.claim.unit not in (rec.unit, None, "%") and not (f.claim.unit == "%" and _is_rate_cell(rec)):
                continue
            elif f.claim.unit == "%" and not _is_rate_cell(rec):
                continue  # a rate stated is never checked against an amount
            claim = f.claim.value
            if f.claim.comparator == "eq":
                ok = abs(v - claim) < max(f.claim.step / 2, 1e-9) if f.claim.step > 1 else abs(v - claim) < 1e-9
            else:
                ok = compare(v, f.claim.comparator, claim)
            item = Item(_label(rec), rec, _row_of(tabs.by_id(rec.table_id), rec))
            return Result("verify", [item], metric, year, None, verdict="yes" if ok else "no", claim=f.claim)
        return None
    if f.claim_direction is not None and len(ents) == 1:
        base = next((m for m in f.metrics if m not in ("change", "change_rate")), "budget")
        rec = _printed_change(tabs, ents[0], base, year, f.report_year)
        if rec is None:  # no table prints this measure's change: compare the two reports' figures
            newest = tabs.report_years()[0]
            years = sorted(set(f.years) | {newest}) if f.years else [newest - 1, newest]
            if len(years) < 2:
                return None
            r = _across_years(f.with_(years=years[-2:]), tabs, ents[0], base, "diff")
            if r is None or r.value is None:
                return None
            r.op = "verify"
            r.verdict = "yes" if (r.value > 0) == (f.claim_direction == "pos") and r.value != 0 else "no"
            return r
        t = tabs.by_id(rec.table_id)
        row = _row_of(t, rec)
        if rec.value is None:
            if rec.flag == "순증":
                verdict = "yes" if f.claim_direction == "pos" else "no"
            else:
                return None
        else:
            verdict = "yes" if (rec.value > 0) == (f.claim_direction == "pos") and rec.value != 0 else "no"
        items = [Item(_label(rec), rec, row)]
        if row is not None and t is not None:  # the two years the change is between
            for c in sorted((c for c in t.columns if c.metric == base), key=lambda c: -c.year):
                cell = row.cells.get(c.name)
                if cell is not None:
                    items.append(Item(_label(cell), cell, row))
            rate = next((row.cells[c.name] for c in t.columns if c.metric == "change_rate" and c.name in row.cells
                         and row.cells[c.name].value is not None), None)
            if rate is not None:  # the row's printed rate of change, said with the change ('16.6%')
                items.append(Item(_label(rate), rate, row))
        return Result("verify", items, "change", year, t, verdict=verdict, direction=f.claim_direction)
    if len(ents) == 1 and f.metrics and f.years and _SAME_WORDS.search(f.key):
        from app.engine.parse import _same_year_in_two_reports

        y = min(f.years)
        if _same_year_in_two_reports(f.key) and y + 1 in tabs.report_years():
            # '2025년 예산, 2월 업무보고 예산현액이랑 올해 보고서 최종예산이 같아?': one year as each report prints it
            a = _lookup_entity(tabs, ents[0], f.metrics[0], y, y)
            b = _lookup_entity(tabs, ents[0], f.metrics[0], y, y + 1)
            if a is None or b is None or a.value is None or b.value is None or a.unit != b.unit:
                return None
            d = a.value - b.value
            items = [Item(f"{_label(r)} {r.column}", r, _row_of(tabs.by_id(r.table_id), r)) for r in (a, b)]
            return Result("verify", items, f.metrics[0], y, None, value=d, unit=a.unit,
                          formula=f"{_num(a)} − {_num(b)} = {_fmt(d, a)}", verdict="yes" if abs(d) < 1e-9 else "no",
                          notes=["reports"])
    if len(ents) == 1 and f.metrics and len(set(f.years)) >= 2 and _SAME_WORDS.search(f.key):
        r = _across_years(f, tabs, ents[0], f.metrics[0], "diff")  # '작년 보고서랑 똑같지?'
        if r is None or r.value is None:
            return None
        r.op, r.verdict = "verify", "yes" if abs(r.value) < 1e-9 else "no"
        return r
    if len(ents) >= 2 and f.metrics:
        r = run_values(f, tabs, "diff")
        if r is None or r.value is None:
            return None
        import re as _re

        less = bool(_re.search(r"보다.{0,8}?(?:적|작|낮|모자|못하)", f.key))
        verdict = "yes" if ((r.value < 0) if less else (r.value > 0)) else "no"
        if _re.search(r"같|동일|일치", f.key):
            verdict = "yes" if abs(r.value) < 1e-9 else "no"
        r.op, r.verdict = "verify", verdict
        return r
    return None


def _is_rate_cell(rec: TableRecord) -> bool:
    return rec.unit == "%" or any(w in rec.column for w in ("률", "율"))


def _metrics_for_unit(unit: str | None) -> list[str]:
    if unit == "명":
        return ["authorized", "staff"]
    if unit == "%":
        return ["exec_rate"]
    if unit == "원":
        return ["budget"]
    return []


_SUBJECT_TAIL = re.compile(r"(?:을|를|이|가|은|는|의|에|에서|와|과|도|만)$")


def _subject_terms(subject: str) -> list[str]:
    """The words of what a unit does: its nouns ('위성으로 … 지반 변화 감지하는 사업' → ['위성', '지반', '변화',
    '감지']), else its words with particles dropped ('공공 와이파이를' → ['공공', '와이파이'])."""
    from index.tokenize import get_kiwi

    nouns = [compact(t.form) for t in get_kiwi().tokenize(subject) if t.tag in ("NNG", "NNP", "SL", "SH")]
    nouns = [w for w in dict.fromkeys(nouns) if len(w) >= 2 and w not in _SUBJECT_GENERIC]
    if len(nouns) >= 2:
        return nouns
    out = []
    for w in subject.split():
        w = compact(w)
        if len(w) > 2:
            w = _SUBJECT_TAIL.sub("", w)
        if len(w) >= 2 and w not in _SUBJECT_GENERIC:
            out.append(w)
    return out


# words that say a subject is a project or a task, never what it is ('스마트서울맵 사업': the map)
_SUBJECT_GENERIC = frozenset({"사업", "사업을", "사업의", "업무", "과제", "프로젝트", "일", "것", "건"})


_BUDGET_OF = re.compile(r"(?:의|을|를|이|가|은|는)?$")
_MONEY_WORD = re.compile(r"(?:사업예산|예산현액|사업비|예산|돈)$")


def _budget_row_named(subject: str, tabs: Tables, data: Any) -> tuple[str, str, int | None] | None:
    """(unit, section id, line) of the budget line the subject names whole ('드론 스포츠 경진대회 예산을'), the newest
    report's, when the lines of that name all sit under one unit; None otherwise."""
    key = _BUDGET_OF.sub("", compact(subject))
    key = _BUDGET_OF.sub("", _MONEY_WORD.sub("", key)) or key
    depts = {e.department for e in tabs.vocab.get(key) if e.kind == "row"}
    if len(depts) != 1 or None in depts:
        return None
    dept = depts.pop()
    recs = [r for r in data.all_records() if r.department == dept and r.row_path and compact(r.row_path[-1]) == key]
    if not recs:
        return None
    rec = max(recs, key=lambda r: (r.year, -r.line))
    return dept, rec.section_id, rec.line


def unit_of_subject(subject: str, tabs: Tables, data: Any, search: Any) -> tuple[str, str, int | None] | None:
    """(unit, section id, line) of the passage that best matches what a unit does ('EDR 확대 설치' → the project
    that prints it, and that project's unit). Each of the best passages votes: the line that holds most of the
    words names its unit when exactly one unit is printed on it (a duties table, a contact line), else the
    passage's section names it. None when the votes do not clearly favour one unit."""
    if search is None or not subject:
        return None
    from app.engine.link import find_projects

    proj = find_projects(compact(subject), tabs.vocab)
    if proj and proj[0].score >= 0.45 and proj[0].entries[0].department:
        e = proj[0].entries[0]
        return e.department, (e.refs[0] if e.refs else ""), None
    row = _budget_row_named(subject, tabs, data)
    if row is not None:  # '드론 스포츠 경진대회 예산을 가진 과': the unit above the budget line of that name
        return row
    terms = _subject_terms(subject) or [compact(subject)]
    whole = compact(subject)
    names = dict(tabs.vocab.departments)
    votes: dict[str, float] = {}
    where: dict[str, tuple[str, int | None]] = {}
    for rank, h in enumerate(search(subject)[:5]):
        ch = h.chunk
        weight = 1.0 / (rank + 1)
        lines = data.lines(ch.doc)
        best: tuple[float, int] | None = None
        for ln in (ch.lines or range(ch.line_start, ch.line_end + 1)):
            text = compact(lines[ln - 1]) if 0 < ln <= len(lines) else ""
            cov = 1.0 if whole in text else sum(t in text for t in terms) / len(terms)
            if cov >= 0.5 and (best is None or cov > best[0]):
                best = (cov, ln)
        if best is None:
            continue  # the passage matched on its breadcrumb or stray words only
        cov, ln = best
        text = compact(lines[ln - 1])
        on_line = {name for key, name in names.items() if key in text}
        unit: str | None = None
        if len(on_line) == 1:
            unit = on_line.pop()
        else:
            try:
                sec = data.section(ch.section_id)
                while sec is not None and not sec.department and sec.parent_id:
                    sec = data.section(sec.parent_id)
            except (KeyError, LookupError):
                sec = None
            if sec is not None and sec.department:
                unit, ln = sec.department, None
        if unit is None:
            continue
        votes[unit] = votes.get(unit, 0.0) + weight * cov
        where.setdefault(unit, (ch.section_id, ln))
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] * 1.5 > ranked[0][1]:
        return None  # two units do it about as well: ask rather than guess
    unit = ranked[0][0]
    return unit, where[unit][0], where[unit][1]


def run_two_step(f: Frame, tabs: Tables, data: Any, search: Any = None) -> Result | None:
    """The unit that owns a project (or does what the question says, or tops a ranking), then its figure."""
    final = f.metrics[-1] if f.metrics else ("budget" if f.member and f.rows else None)
    if final is None:
        return None
    unit: str | None = None
    sub: Result | None = None
    if f.subject is not None and not f.projects:
        found = unit_of_subject(f.subject, tabs, data, search)
        if found is None:
            return None
        unit, sec_id, line = found
        sub = Result("who", [], None, None, None, notes=[f"{f.subject} → {unit}", _project_section(data, sec_id)]
                     + ([f"{sec_id}@{line}"] if line else []))
    elif f.member:
        from app.engine.orgtables import member_line

        entry = next((e for e in tabs.vocab.get(compact(f.member)) if e.kind in ("team", "unit") and e.department), None)
        at = member_line(data, f.member, f.report_year)
        if entry is None or at is None:
            return None
        unit = entry.department
        sub = Result("who", [], None, None, None, notes=[f"{f.member} → {unit}", at[2], f"{at[2]}@{at[1]}"])
    elif f.projects:
        e = f.projects[0]
        unit = e.department
        sub = Result("who", [], None, None, None, notes=[f"{e.text} → {unit}"])
        sub.notes.append(e.refs[0] if e.refs else "")
    else:
        first = f.sub.with_(k=1) if f.sub is not None else \
            f.with_(op="rank", metrics=f.metrics[:-1] or ["budget"], k=1, units=[], rows=[])
        sub = run_rank(first, tabs)
        if sub is None or not sub.items:
            return None
        unit = sub.items[0].label
        if f.then_order is not None:  # '… 가장 높은 항목은 뭐고, 그 세부내역 중 가장 큰 건?': its items, ranked
            rest = f.key[len(f.first_key):]
            if (sub.klass or "department") == "department":  # '그 부서 세부사업 중 …': the unit's budget lines
                then = run_rank(f.with_(op="rank", klass="project", units=[unit], rows=[], key=rest, metrics=[final],
                                        order=f.then_order, k=1, conditions=[], sub=None), tabs)
            else:
                then = _rank_under(f.with_(op="rank", rows=[unit], units=[], key=rest, order=f.then_order, k=1),
                                   tabs, final, default_year(f, tabs))
            if then is None:
                return None
            return Result("two_step", then.items, then.metric, then.year, None, sub=sub, notes=[unit], then=then)
    if not unit:
        return None
    if f.subject is not None and f.subject_rest:
        then = _operation_on_unit(unit, f.subject_rest, tabs, data)
        if then is not None:  # '… 보관하는 그 기관, 정원보다 몇 명 모자라?': the unit's own difference of two measures
            return Result("two_step", then.items, then.metric, then.year, None, sub=sub, notes=[unit], then=then)
    finals = _second_measures(f, final)
    final = finals[0]
    if final in ("change", "change_rate") and len(f.years) > 1:
        second_year = max(f.years)  # '2026년 예산은 전년보다 얼마나 줄었어': the change printed in the later year's row
    else:
        second_year = f.years[-1] if len(f.years) > 1 else default_year(f, tabs)
    rows = [r for r in f.rows if compact(r) != compact(unit)]
    ranked_item = sub is not None and sub.op == "rank" and (sub.klass or "department") not in ("department", "job")
    # the first step's breakdown ('연구직 제일 많은 부서') is not the second step's measure ('… 정원은?')
    parts = [] if sub is not None and sub.op == "rank" else list(f.parts)
    step = f.with_(op="lookup", units=[] if ranked_item else [unit], rows=[unit] if ranked_item else rows[:1],
                   parts=parts, metrics=[final], years=[second_year],
                   report_year=None if len(f.years) > 1 else f.report_year)
    if ranked_item:  # '예산 제일 큰 세부사업의 집행률': the same row's other cell
        top = sub.items[0]
        col = _column(top.row.table, final, second_year) if top.row is not None else None
        cell = top.row.cells.get(col.name) if col is not None else None
        if cell is None or cell.value is None:
            return None
        return Result("two_step", [Item(top.label, cell, top.row)], final, second_year, None, sub=sub, notes=[unit])
    ents = _entities(step)
    if not ents:
        return None
    items: list[Item] = []
    for m in finals:  # '그 부서 정원·현원은 각각': each measure of the second step
        rec = _lookup_entity(tabs, ents[0], m, second_year, step.report_year)
        if rec is None:
            return None
        items.append(Item(_label(rec), rec, _row_of(tabs.by_id(rec.table_id), rec)))
    return Result("two_step", items, final, second_year, None, sub=sub, notes=[unit])


def _second_measures(f: Frame, final: str) -> list[str]:
    """The measures a two-step asks of the unit it finds: those after the first clause's own ('… 가장 모자란 부서는
    어디고, 그 부서 정원·현원은?'), or every one asked of a unit found from what it does ('… 담당하는 과 정원이랑
    현원'); else the last one named."""
    if f.sub is not None:
        return f.metrics[len(f.sub.metrics or ["budget"]):] or [final]
    if f.subject is not None and f.subject_rest:
        from app.engine.lexicon import lexicon
        from app.engine.parse import find_metrics

        rest = compact(f.subject_rest)
        named = list(dict.fromkeys(m for _, m in find_metrics(rest, lexicon())))
        # (two measures joined, '정원이랑 현원'; not one measured against another, '예산은 전년 최종예산보다 …')
        joined = len(named) >= 2 and not set(named) & {"change", "change_rate"} and not re.search(r"보다|대비", rest)
        return named if joined and final in named else [final]
    return [final]


def _operation_on_unit(unit: str, rest: str, tabs: Tables, data: Any) -> Result | None:
    """What is asked of a unit found from what it does, when that is itself an operation over the unit's figures
    ('정원보다 몇 명 모자라?', '정원 대비 현원 비율은?'): the question asked of the unit by name, executed; None when
    it reads as anything else (a plain figure is the two-step lookup's)."""
    from app.engine.parse import parse

    step = parse(f"{unit} {rest}", tabs.vocab)
    if step.op not in ("diff", "ratio", "sum") or [compact(u) for u in step.units] != [compact(unit)]:
        return None
    res = execute(step, tabs, data)
    return res if res is not None and res.items and res.op in ("diff", "ratio", "sum") else None


def run_lookup(f: Frame, tabs: Tables) -> Result | None:
    """A plain lookup of each named thing's figure (used for English questions and follow-ups)."""
    if not f.metrics:
        return _row_by_column(f, tabs)
    year = default_year(f, tabs)
    if not (f.units or f.rows or f.parts) and f.projects and f.metrics == ["budget"]:
        if f.year_explicit and any(y not in tabs.report_years() for y in f.years):
            return None  # '… 2030년 예산은?': a project's budget bullet is its report's year, not a later one
        rec = project_budget(tabs, f)  # 'SLW 예산 얼마야?': the project's own budget bullet
        if rec is None:
            return None
        return Result("lookup", [Item(f.projects[0].text, rec, None)], "budget", rec.year, None, notes=["project"])
    ents = _entities(f) or ([{"unit": None, "row": None, "part": None}] if _asks_total(f, tabs) else [])
    years = sorted(set(f.years)) if len(set(f.years)) >= 2 and len(ents) == 1 else []
    if len(years) == 2 and years[1] - years[0] == 1 and (set(f.metrics) <= {"change", "change_rate"} or (
            "change" in f.metrics and re.search(r"보다|대비|from|since|compared", f.key, re.IGNORECASE))) \
            and not re.search(r"각각|각자|연도별|년도별|해마다|매년", f.key):
        # ('… 2026 budget, and how much did it change from 2025?': the later year's figure and its change column)
        # '26년 예산이랑 25년 최종예산 … 몇 퍼센트 줄었어?': the change between two consecutive years is the later
        # year's change column (printed against the year before), not each year's own change
        year, years = years[1], []
        f = f.with_(years=[year])
    hints = table_hints(f.key)
    if "최종예산" in f.key and f.report_year is None and year + 1 in tabs.report_years() and not years:
        f = f.with_(report_year=year + 1)  # '2025년 최종예산': printed by the next year's report, not 2025's own 예산현액
    if years:  # one thing in each year asked, each from that year's own report
        items = []
        for metric in f.metrics:
            recs = year_cells(tabs, ents[0], metric, years, hints)
            if recs is None:
                return None
            items += [Item(_label(r), r, _row_of(tabs.by_id(r.table_id), r)) for r in recs]
        return Result("lookup", items, f.metric, years[-1], None, notes=["years"])
    items = []
    within = _within(f)
    # '디지털배움터 운영과 관련된 자치단체간부담금 및 균특의 예산현액 각각': one row named under each of two heads
    # named, one cell under each
    heads = [[w] for w in within] if len(within) >= 2 and len(ents) == 1 and ents[0]["row"] else [within]
    for e in ents:
        for head in heads:
            for metric in f.metrics:
                rec = _total_or_entity(tabs, e, metric, year, f.report_year, hints, within=head)
                if rec is None or (len(heads) > 1 and not any(head[0] in compact(p) for p in rec.row_path[:-1])):
                    return None
                items.append(Item(_label(rec), rec, _row_of(tabs.by_id(rec.table_id), rec)))
    if not items:
        return None
    return Result("lookup", items, f.metric, year, None)


def inferred_measure(f: Frame, tabs: Tables) -> str | None:
    """The measure of a question that names things but no measure ('디지털정책과 일반회계랑 특별회계 26년 얼마?'): the
    headline column (the first measured one) of the tables that print every named thing, when they agree on one."""
    ents = _entities(f)
    units = _ASKED_UNITS.get(next((w for w in _ASKED_UNITS if w in f.key), ""), ())
    if not units and len(ents) == 1 and _BARE_TOPIC.search(f.text) and not _ANY_ASK.search(f.key):
        units = None  # '2025년 보고서 기준 정보통신공사업 위반 과징금은?': one thing named, its table's headline figure
    if not ents or f.metrics or units == () or _EXCEPT.search(f.key):
        return None  # the way of asking must say what kind of figure ('얼마' an amount, '몇 명' a headcount)
    year = default_year(f, tabs)
    found = set()
    for m in dict.fromkeys(c.metric for t in tabs.tables for c in t.columns if c.metric):
        recs = [_lookup_entity(tabs, e, m, year, f.report_year, within=_within(f)) for e in ents]
        if all(r is not None and r.value is not None and (units is None or r.unit in units) for r in recs) and all(
                _headline(tabs.by_id(r.table_id)) == r.column for r in recs):
            found.add(m)
    return found.pop() if len(found) == 1 else None


_ASKED_UNITS = {"얼마": ("천원", "백만원", "원"), "금액": ("천원", "백만원", "원"), "몇명": ("명",)}
_EXCEPT = re.compile(r"빼고|빼면|제외|말고")
_BARE_TOPIC = re.compile(r"(?:은|는|은요|는요)\s*[?？]?\s*$")
_ANY_ASK = re.compile(r"몇|얼마|언제|어디|누구|누가|뭐|무엇|무슨|어떻게|어때|어떤|있어|있나|있지|맞|비율|비중|차이|합|순위")


def _headline(t: Table | None) -> str | None:
    return next((c.name for c in t.columns if c.metric), None) if t is not None else None


def _row_by_column(f: Frame, tabs: Tables) -> Result | None:
    """'기타(자료제출 등) 중 완료 몇 건': a named row's cell in a named column, when no measure is asked; only when
    exactly one table of the year asked holds that row and column."""
    if len(f.rows) != 1 or len(f.parts) != 1 or f.units:
        return None
    year = f.report_year or default_year(f, tabs)
    row_key, part = compact(f.rows[0]), compact(f.parts[0])
    found = [(t, r, rec) for t in tabs.tables if t.year == year for r in t.rows if r.key == row_key
             for name, rec in r.cells.items() if compact(name) == part and rec.value is not None]
    if len({(t.id, r.line) for t, r, _ in found}) != 1:
        return None
    t, r, rec = found[0]
    return Result("lookup", [Item(_label(rec), rec, r)], None, year, t)


TABLE_HINTS = ("세입", "세출", "인력", "직종")


def table_hints(key: str) -> list[str]:
    """Words of the question that name a kind of table ('세입 총계' is read from a 세입 table, not 세출); of two, the
    one a total is asked of ('세입·세출 예산 현황상 세입 총계': the 세입 table's)."""
    found = [h for h in TABLE_HINTS if h in key]
    if len(found) >= 2:
        whole = [h for h in found if re.search(h + r"(?:예산)?(?:의)?(?:총계|합계|총액|총괄|전체)", key)]
        if len(whole) == 1:
            return whole
    return found


# '과 전체 예산', '부서 전체', '데이터센터 전체': the whole of the unit named, not of the bureau
_UNIT_WHOLE = re.compile(r"(?:과|부서|사업소|센터|원|팀)(?:의)?전체")


def _asks_total(f: Frame, tabs: Tables) -> bool:
    key = f.key
    if any(o in key for o in tabs.vocab.orgs) or any(w in key for w in ("국전체", "총", "합계")):
        return True
    if "전체" not in key:
        return False
    own = [m.start() for m in _UNIT_WHOLE.finditer(key)] + [
        i for u in f.units for i in [key.find(compact(u) + "전체")] if i >= 0]
    return len(own) < key.count("전체")  # a '전체' not of the unit named is the bureau's


def _share_of_summed_rows(f: Frame, t: Table, rec: TableRecord, metric: str | None, year: int) -> Result | None:
    """'AI 안전망 조성 분야가 전체에서 차지하는 비율': a row's share of a printed table that has no total row, taken
    against the sum of its rows (said so, every operand shown). Only for a flat table (every row at one level, so the
    rows do not count one another) of at least two rows in one unit; None for a table built from bullet lines."""
    if t.virtual or any(r.depth != 1 for r in t.rows):
        return None
    items = _items(list(t.rows), rec.column)
    if len(items) < 2 or any(it.record.unit != rec.unit for it in items) or all(it.record is not rec for it in items):
        return None
    whole = sum(it.record.value for it in items)
    if not whole or any(it.record.value < 0 for it in items):
        return None
    share = rec.value / whole * 100
    own = next(it for it in items if it.record is rec)
    summed = " + ".join(_num(it.record) for it in items)
    return Result("ratio", [own] + [it for it in items if it is not own], metric, year, t, value=share, unit="%",
                  formula=f"{_num(rec)} ÷ ({summed} = {_fmt(whole, rec)}) × 100 = {share:.1f}%",
                  klass=f.klass, notes=["whole summed"])


def _parent_row(t: Table, row: Row | None) -> Row | None:
    """The row a nested row sits under ('디지털정책과' for its '특별회계'), or None for a top-level row."""
    if row is None or row.depth < 2:
        return None
    return next((r for r in t.rows if r.path == row.path[:-1] and not r.is_total), None)


def _row_of(t: Table | None, rec: TableRecord) -> Row | None:
    if t is None:
        return None
    for r in t.rows:
        if r.cells.get(rec.column) is rec:
            return r
    return None


def _label(rec: TableRecord) -> str:
    from app.engine.text import strip_numbering

    parts = [strip_numbering(p) for p in rec.row_path]
    if rec.department and all(compact(rec.department) not in compact(p) for p in parts):
        parts.insert(0, rec.department)
    parts = [p for p in parts if compact(p) not in ("계", "합계", "총계")] or [rec.table_title + " 합계"]
    if len(parts) > 1:  # '서울기록원 일반회계 서울기록원 기록수집보존관리': the leaf already names its unit
        leaf = compact(parts[-1])
        parts = [p for p in parts[:-1] if not leaf.startswith(compact(p))] + parts[-1:]
    return " ".join(parts)


def _num(rec: TableRecord) -> str:
    import re

    m = re.search(r"△?[\d,]+(?:\.\d+)?", rec.value_raw)
    return m.group(0) if m else rec.value_raw


def _fmt(value: float, like: TableRecord) -> str:
    core = _num(like).lstrip("△").replace(",", "")
    decimals = len(core.split(".")[1]) if "." in core else 0
    text = f"{abs(value):,.{decimals}f}"
    return ("△" + text) if value < 0 else text


_PERSON_ASKED = re.compile(r"(?:장|담당자|책임자|주무관)(?:님)?(?:의|은|는|이|가)?(?:이름|성함|성명|누구|누가)")


def run_who(f: Frame, tabs: Tables, data: Any) -> Result | None:
    """The unit responsible for a named project (its section's unit) or budget line (the unit above it); None when
    a person is asked ('담당 팀장 이름은?'): a unit is not the name asked."""
    if _PERSON_ASKED.search(f.key):
        return None
    if f.member:  # '공간정보운영팀 소속 부서는?': the unit whose organisation line lists the team
        from app.engine.orgtables import member_line

        entry = next((e for e in tabs.vocab.get(compact(f.member)) if e.kind in ("team", "unit") and e.department), None)
        at = member_line(data, f.member, f.report_year)
        if entry is None or at is None:
            return None
        return Result("who", [], None, None, None, notes=[entry.department, f.member, "", f"{at[0]}:{at[1]}"])
    if f.projects:
        e = f.projects[0]
        if not e.department:
            return None
        return Result("who", [], None, None, None, notes=[e.department, e.text, e.refs[0] if e.refs else ""])
    if f.cited and not f.rows:  # '그건 어느 과 소관이야?' after a quoted item: the unit its line names
        doc, line, quote = f.cited[0]
        named = [d for d in tabs.vocab.departments.values() if compact(d) in compact(quote)]
        if len(named) == 1:
            return Result("who", [], None, None, None, notes=[named[0], "", "", f"{doc}:{line}"])
        return None
    if f.rows and not f.units:
        year = default_year(f, tabs)
        owned = []  # '보조금 장애인 정보통신보조기기 보급 소관은?': of a heading row and a line under it, the line's unit
        for row in f.rows:
            cells = lookup_cells(tabs, "budget", year, row=row, report_year=f.report_year)
            depts = {c.department for c in cells if c.department}
            if len(depts) == 1 and cells:
                owned.append((row, cells, depts))
        if len(owned) == 1 and (len(f.rows) == 1 or len(owned[0][0]) == max(map(len, f.rows))):
            row, cells, depts = owned[0]
            dept = next(iter(depts))
            rec = next(c for c in cells if c.department == dept)  # (a revenue line of that name prints no unit)
            key = compact(row)
            titled = [e for es in tabs.vocab.entries.values() for e in es if e.kind == "project" and e.refs
                      and e.department == dept and key in compact(e.text)]
            if len({e.refs[0] for e in titled}) == 1:  # '서울서베이 담당 팀은?': the project the line is named for
                return Result("who", [], None, None, None, notes=[dept, titled[0].text, titled[0].refs[0]])
            return Result("who", [Item(row, rec, _row_of(tabs.by_id(rec.table_id), rec))], None, year, None,
                          notes=[rec.department or "", row, ""])
        if len(f.rows) == 1 and not owned:
            return _spent_as(f.rows[0], tabs, year, f.report_year)
    return None


def _spent_as(label: str, tabs: Tables, year: int, report_year: int | None) -> Result | None:
    """'스마트빌리지 조성 지원(세입)은 어느 과 소관이야?': a line of a table that prints no unit (a revenue item) is owned
    by the unit of the lines that share its own name word ('스마트빌리지'), when they all sit under one unit; the
    answer names and cites that line."""
    words = [w for w in re.split(r"[\s()·,/]+", label) if len(w) >= 4 and re.search(r"[가-힣A-Za-z]{4}", w)]
    if not words:
        return None
    found = []
    for t in tabs.tables:
        if report_year is not None and t.year != report_year:
            continue
        for r in t.rows:
            if any(compact(w) in r.key for w in words):
                cell = next((c for c in r.cells.values() if c.department), None)
                if cell is not None:
                    found.append((t, r, cell))
    depts = {c.department for _, _, c in found}
    if len(depts) != 1:
        return None
    found.sort(key=lambda x: (x[0].year != year, -x[0].year))
    t, r, rec = found[0]
    return Result("who", [Item(r.path[-1], rec, r)], None, year, None, notes=[rec.department, r.path[-1], ""])


def _project_section(data: Any, section_id: str) -> str:
    """The id of the unit's top section above a section (the project whose heading or contact line names it)."""
    try:
        sec = data.section(section_id)
        while sec.parent_id and data.section(sec.parent_id).department:
            sec = data.section(sec.parent_id)
        return sec.section_id
    except (KeyError, LookupError):
        return section_id


_BUDGET_LINES = re.compile(r"세부사업|단위사업|예산사업")


_LINE_MEASURES = ("budget", "exec_rate", "spent", "executed", "spend_rate")  # a budget line's own columns (lexicon ids)


def asks_budget_lines(f: Frame) -> bool:
    """'정보통신과 세부사업 뭐 있어?', '디지털정책과 균형발전특별회계 세부사업들 예산현액': every budget line of one unit
    (under one account or heading row of it, when named), with one measure of its own at most."""
    return f.op in ("lookup", "list", "count", "define") and f.klass == "project" and len(f.units) == 1 and not (
        f.conditions or f.parts or f.projects or len(f.rows) > 1 or len(f.metrics) > 2
        or any(m not in _LINE_MEASURES for m in f.metrics)) and bool(_BUDGET_LINES.search(f.key))


def run_budget_lines(f: Frame, tabs: Tables) -> Result | None:
    """'정보통신과 세부사업 뭐 있어?': every budget line (세부사업) of one unit in the year's expenditure table, each
    with its 예산현액 (or the measure asked); only the lines under the account or heading row named, when one is."""
    year = default_year(f, tabs)
    metric = f.metrics[0] if f.metrics else "budget"
    sets = item_sets(tabs, "project", metric, year, f.report_year, compact(f.units[0]), f.key)
    sets = [s_ for s_ in sets if not s_[0].virtual]
    if not sets:
        return None
    t, rows, col = sets[0]
    if f.rows:
        head = compact(f.rows[0])
        rows = [r for r in rows if head in (compact(p) for p in r.path[:-1])]
        if not rows:
            return None  # the named row is no heading of this unit's lines: not a list of its lines
    items = _items(rows, col)
    if not items:
        return None
    if len(f.metrics) == 2:  # '세부사업들의 예산현액과 집행률': each line's second measure beside the first
        other = _column(t, f.metrics[1], year)
        if other is None:
            return None
        items = [replace(it, also=(it.row.cells[other.name],)) for it in items if it.row and other.name in it.row.cells]
        if not items:
            return None
    res = Result("list", items, metric, year, t, klass="project",
                 notes=[f"lines of:{f.units[0]}{(' ' + f.rows[0]) if f.rows else ''}"])
    res.value = float(len(items))
    return res


def run_children(f: Frame, tabs: Tables) -> Result | None:
    """The rows a table prints under the one row named ('자치단체간부담금 세부항목'), each with its figure of the
    measure asked (the budget when none is), from the asked year's tables first; None when no table prints two or
    more rows under it."""
    year = default_year(f, tabs)
    want = compact(f.rows[0])
    metric = f.metrics[0] if f.metrics else "budget"
    for t, col in _tables_holding(f, tabs, metric, year):
        for r in t.rows:
            if r.key != want:
                continue
            kids = [k for k in t.children(r) if not k.is_total]
            while len(kids) == 1 and t.children(kids[0]):  # ('2) 보조금' → its one '2-1) 국고보조금등' → the items)
                kids = [k for k in t.children(kids[0]) if not k.is_total]
            items = [Item(k.label, k.cells[col.name], k) for k in kids if col.name in k.cells]
            if f.conditions and len(items) >= 2:  # '… 세부항목 중 2025 최종예산보다 줄어든 항목': those that pass
                leaves = [k for k in descendant_rows(t, r.label) if not k.is_total and col.name in k.cells]
                kept = []
                for k in leaves or [it.row for it in items]:  # (the items at the bottom, under the rows between)
                    checks = [_condition_ok(k, c, year) for c in f.conditions]
                    if all(ok for ok, _ in checks) and checks[0][1] is not None:
                        rec = k.cells[col.name]
                        kept.append(Item(k.label, checks[0][1], k, (rec,) if rec is not checks[0][1] else ()))
                if not kept and any(c.comparator == "flag" for c in f.conditions):
                    continue  # '순증으로 표시된 항목': a table that prints no such mark under the row says nothing
                res = Result(f.op, kept, f.conditions[0].metric, year, t, klass="item",
                             conditions=list(f.conditions), notes=[f"parts of:{r.label}"])
                res.value = float(len(kept))
                return res
            if len(items) >= 2 and f.op == "rank":  # '그중 제일 큰 건?': those rows, ranked
                ranked = _ranked(items, f)
                return Result("rank", ranked, metric, year, t, klass="item")
            if len(items) >= 2:
                res = Result(f.op, items, metric, year, t, klass="item", notes=[f"parts of:{r.label}"])
                res.value = float(len(items))
                return res
    return None


def execute(f: Frame, tabs: Tables, data: Any, search: Any = None) -> Result | None:
    """Run the frame's operation; None when tables cannot answer it with certainty."""
    if f.klass == "children" and f.rows:
        return run_children(f, tabs)
    if asks_budget_lines(f):
        return run_budget_lines(f, tabs)
    if f.op == "rank":
        return run_rank(f, tabs)
    if f.op in ("list", "count") and (f.klass or "").startswith("rows:"):
        return _header_rows(f, tabs)
    if f.op == "sum" and (f.klass or "").startswith("rows:") and not f.units:
        res = _sum_header_rows(f, tabs)
        if res is not None or not f.rows:
            return res
    if f.op in ("list", "count") and f.conditions:
        return run_filter(f, tabs)
    if f.op in ("sum", "diff", "ratio"):
        res = run_values(f, tabs, f.op)
        if res is None and f.op == "ratio" and len(f.rows) == 1 and not f.units:
            res = _share_of_named_row(f, tabs)
        return res
    if f.op == "verify":
        return run_verify(f, tabs)
    if f.op == "two_step":
        return run_two_step(f, tabs, data, search)
    if f.op == "who":
        return run_who(f, tabs, data)
    return None
