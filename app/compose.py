"""The grounded composer: short Korean answers whose every figure is cited at its source line.

Two builders:
- `compose_figures` answers figure, change and rate questions from `TableRecord`s (no model involved);
- `compose_extractive` answers schedule, list, definition, audit and narrative questions with lines
  taken verbatim from the top retrieved passages, each marked `[n]`.
Both return `Composed` (text + citations) or None when the evidence does not cover the question.
"""
from __future__ import annotations

import bisect
import html
import re
from functools import lru_cache
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Sequence

from index.models import TableRecord

from app.analyze import COUNTED, GENERIC, Analysis, asks_column_word, remainder_minuend, remainder_verb
from app.lookup import (
    TOTAL_LABELS,
    YEAR_ONLY_COLUMN,
    CONCEPTS,
    Difference,
    RowMatch,
    column_cells_can_be,
    concept_matches,
    difference,
    disagreements,
    display_value,
    find_rows,
    fmt_number,
    number_part,
    rows_with_concept,
    same_row_change,
)
from app.engine.cite import Cites, _section_or_none, _section_path, section_of
from app.indexcache import derived, sections_of
from app.records import column_keys, of_doc, of_row, of_table, records_of, tables_with_columns
from app.engine.text import KOREAN_NUMBERS, has_batchim as _has_batchim, josa
from app.types import ABSTAIN_TEXT, Citation
from app.vocab import Vocab, column_year, compact, strip_numbering, value_year

MAX_ALTERNATIVES = 7
MAX_TEXT_LINES = 6


@dataclass
class Composed:
    """Answer text with its citations, plus notes for logs."""

    text: str
    citations: list[Citation]
    kind: str  # "figure", "row" (a whole row read out), "change", "rate", "extractive", "abstain"
    notes: list[str] = field(default_factory=list)
    coverage: float = 1.0  # share of the question's key terms the cited evidence mentions
    ambiguous: bool = False  # other readings were listed
    defer: bool = False  # a figure answer to use only when the quoted-lines path finds nothing better


# --- Korean helpers ----------------------------------------------------------------------------------


# --- figures -----------------------------------------------------------------------------------------


def _concept_like(label: str) -> bool:
    return any(concept_matches(c, label) for c in CONCEPTS) or label in TOTAL_LABELS


def row_label(m: RowMatch, cell: TableRecord | None = None) -> str:
    """How to name a row in the answer: department, row path (without outline numbers), column entity."""
    rec = cell or m.records[0]
    parts = [strip_numbering(p) for p in rec.row_path]
    shown = [p for p in parts if p and not _concept_like(compact(p))]
    if rec.department and all(compact(rec.department) not in compact(p) for p in parts):
        shown.insert(0, rec.department)
    if m.on_column and not _concept_like(compact(rec.column)):
        shown.append(rec.column)
    if year_only_column(rec):  # a project's cost by year: the table is named after the project
        return f"'{rec.table_title}' " + " ".join(shown or parts)
    if not shown:
        return f"{rec.table_title} 합계" if parts and compact(parts[-1]) in TOTAL_LABELS else (parts[-1] if parts else rec.table_title)
    return " ".join(shown)


def column_name(m: RowMatch, cell: TableRecord) -> str:
    """How to name the figure: its column, or (transposed tables) the concept row such as '정원'."""
    if m.on_column:
        for p in cell.row_path:
            if _concept_like(compact(p)) and compact(p) not in TOTAL_LABELS:
                return strip_numbering(p)
        return "현원" if cell.unit == "명" else cell.column
    if year_only_column(cell):
        return "금액"
    return cell.column


def year_only_column(rec: TableRecord) -> bool:
    """The column is a bare year ('2027년'): the figure is the row's amount for that year."""
    return bool(YEAR_ONLY_COLUMN.fullmatch(rec.column))


def _value(cell: TableRecord, concept: str | None = None) -> str:
    """Printed value with unit; rates get '%' even when the table put it in the header."""
    v = display_value(cell)
    rate = concept and ("률" in concept or "율" in concept)
    if (rate or "률" in cell.column or "율" in cell.column) and cell.value is not None and not v.endswith("%"):
        v += "%"
    return v


_COLUMN_YEAR = re.compile(r"^\s*['’]?\d{2,4}\s*년?\s*")


def _identity(m: RowMatch, cell: TableRecord) -> tuple[Any, ...]:
    """Cells with the same identity should hold the same figure, whichever table prints them."""
    path = tuple(compact(strip_numbering(p)) for p in cell.row_path)
    # '2026 예산현액' in one table is '예산현액' in the report's other table: the year is part of the identity already
    column = _COLUMN_YEAR.sub("", cell.column) if column_year(cell.column) is not None else cell.column
    return (path[-1:] if path else (), compact(cell.department or ""), compact(cell.column) if m.on_column else "",
            value_year(cell), compact(column))


def _choose(rows: list[RowMatch], concept: str | None, year: int | None,
            newest_first: bool = True, final: bool = False) -> list[tuple[RowMatch, TableRecord]]:
    """Cells for a concept (None: the entity cell itself) and year; the newest report when no year."""
    if concept is None:
        pairs = [(m, m.records[0]) for m in rows if m.on_column]
        if year is not None:
            pairs = [(m, c) for m, c in pairs if value_year(c) == year]
        if pairs:
            best = min(m.slack for m, _ in pairs)
            pairs = [(m, c) for m, c in pairs if m.slack == best]
    else:
        pairs = rows_with_concept(rows, concept, year)
    if not pairs:
        return []
    if year is not None:
        if final:  # '작년 최종예산': the later report's final figure for that year, where one prints it
            closing = [(m, c) for m, c in pairs if "최종" in c.column and c.year > year]
            if closing:
                return closing
        own = [(m, c) for m, c in pairs if c.year == year]
        return own or pairs
    newest = max(c.year for _, c in pairs)
    pairs = [(m, c) for m, c in pairs if c.year == newest]
    own = [(m, c) for m, c in pairs if column_year(c.column) in (None, c.year)]
    return own or pairs


def _unparented(pairs: list[tuple[RowMatch, TableRecord]], a: Analysis) -> list[tuple[RowMatch, TableRecord]]:
    """A label printed under several parents ('일반회계' on its own and under each 과): when the question names no
    department, the row printed on its own (the whole bureau's), where one is; else the pairs as they were."""
    if a.departments or not pairs:
        return pairs
    top = [(m, c) for m, c in pairs if len(m.key[2]) == 1]
    return top if top and len(top) < len(pairs) else pairs


def _group(pairs: list[tuple[RowMatch, TableRecord]]) -> list[list[tuple[RowMatch, TableRecord]]]:
    """Group cells by identity, keeping the order of first appearance."""
    groups: dict[tuple[Any, ...], list[tuple[RowMatch, TableRecord]]] = {}
    for m, c in pairs:
        ident = _identity(m, c)
        group = groups.get(ident, [])
        if any(g.doc == c.doc and g.table_id == c.table_id and g.row_path != c.row_path for _, g in group):
            ident = ident + (c.row_path,)  # two rows of one table under different parents are two items
        groups.setdefault(ident, []).append((m, c))
    return list(groups.values())


def _asof(cell: TableRecord) -> str:
    return f"({cell.as_of} 기준)" if cell.as_of else f"({cell.year}년 보고서)"


def _shortfall_computed(picked: dict[str | None, TableRecord]) -> str | None:
    """'과부족은 △2명(표에 없어 계산: 현원 65 − 정원 67)': the shortfall of a unit whose report prints its 정원 and
    현원 but no 과부족 column, in the reports' own sign (+ more staff than authorised, △ fewer); None without both."""
    auth, cur = picked.get("정원"), picked.get("현원")
    if auth is None or cur is None or auth.value is None or cur.value is None or auth.year != cur.year:
        return None
    d = int(round(cur.value - auth.value))
    shown = "0" if d == 0 else (f"+{d}" if d > 0 else f"△{-d}")
    return f"과부족은 {shown}명(표에 없어 계산: 현원 {cur.value:,.0f} − 정원 {auth.value:,.0f})"


def _concepts_for(a: Analysis, rows: list[RowMatch]) -> list[str | None]:
    """Which figures to state for a plain figure question."""
    basis_rate = "지출액 집행률" if a.rate_basis == "지출액" else "원인행위 집행률"
    cs: list[str | None] = []
    for c in a.columns:
        if c in ("증감액",):
            continue
        c2 = basis_rate if c == "집행률" else c
        if c2 not in cs:
            cs.append(c2)
    if "예산현액" in cs and len(cs) > 1 and any(c in cs for c in ("정원", "현원", "과부족")):
        cs.remove("예산현액")
    if "과부족" in cs:  # a shortfall is read against both headcounts
        cs = [c for c in ("정원", "현원") if c not in cs] + cs
    if not cs or any(m.on_column for m in rows) and not any(c in ("정원", "현원", "과부족") for c in cs if c):
        if any(m.on_column for m in rows):
            return [None]
        return ["예산현액"] if not cs else cs
    return cs


_ABBREVIATION = re.compile(r"[A-Z][A-Za-z0-9]{1,7}")
PROJECT_SPAN = 80  # lines: the largest section around a cited line that still counts as one project


def _abbreviation_in_cited_project(data: Any, term: str, citations: Sequence[Citation]) -> bool:
    """A Latin abbreviation ('SDA') the cited project section itself prints ('… 시스템(SDA)') names that project."""
    if not _ABBREVIATION.fullmatch(term):
        return False
    for c in citations:
        around = [sec for sec in sections_of(data, c.doc) if sec.line_start <= c.line_start <= sec.line_end
                  and sec.line_end - sec.line_start <= PROJECT_SPAN]
        if not around:
            continue
        sec = max(around, key=lambda x: x.line_end - x.line_start)
        lines = data.lines(c.doc)[sec.line_start - 1:sec.line_end]
        if any(re.search(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", x) for x in lines):
            return True
    return False


def _cited_departments(data: Any, citations: Sequence[Citation]) -> set[str]:
    """Departments of the sections that hold the cited lines (a project section names its department)."""
    return {d for c in citations for d in _departments_at(data, c.doc, c.line_start)}


# a refusal's note when the table holding the thing asked prints no such measure for it: no other reading answers it
MEASURE_NOT_PRINTED = "measure not printed:"
_SET_ASIDE_STAFF = re.compile(r"현원(?:은|는|이|가)?(?:말고|아니고|빼고|제외)")  # '현원 말고 정원으로요': 현원 not asked


def compose_figures(a: Analysis, data: Any, vocab: Vocab, records: Sequence[TableRecord]) -> Composed | None:
    """Answer a figure, change or rate question from table records, or None when no row matches."""
    from app.engine.vocab import vocabulary

    # a share ('국 전체에서 데이터센터가 차지하는 비중') names the whole only as the denominator
    whole = a.wants_total and not (a.share and (a.entities or a.partials))
    rows = find_rows(records, a.entities, a.partials, want_total=whole, org_names=vocab.org_names,
                     title_terms=a.title_terms, section_departments=vocab.section_departments,
                     departments=vocab.departments, renames=vocabulary(data).renames)
    if not rows and a.wants_total and (a.entities or a.partials):  # '보조금 세입 규모': the named row itself
        rows = find_rows(records, a.entities, a.partials, org_names=vocab.org_names, title_terms=a.title_terms,
                         section_departments=vocab.section_departments, departments=vocab.departments)
    if not rows:
        return None
    out = None
    if a.remainder:
        out = _compose_remainder(a, data, rows)
    if out is None and a.share:
        out = _compose_share(a, data, rows, records)
    if out is None and _SUM.search(a.key):
        out = _compose_year_sum(a, data, rows) or _compose_sum(a, data, rows)
    if out is None and a.intent == "change":
        out = _compose_change(a, data, rows)
    if out is None and a.intent == "rate":
        out = _compose_rate(a, data, rows)
    if out is None:
        keys = {m.key for m in rows if m.on_column}
        totals: dict[tuple[str, str, tuple[str, ...]], list[TableRecord]] = {}
        for k in keys:
            cells = of_row(records, *k)
            if cells:
                totals[k] = cells
        out = _compose_plain(a, data, rows, totals, records)
    if out is not None and "집행률" in a.columns and out.kind != "rate":
        return None  # an execution rate was asked and none is printed for it: a budget figure is not the answer
    staff_only = [m for m in rows if m.on_column and m.records[0].unit == "명"
                  and not column_cells_can_be("정원", m.records[0])]
    if "정원" in a.columns and staff_only and (out is None or "현원" in a.columns):
        # '행정직 정원': the table breaks down 현원 only. The 정원 asked is printed nowhere: refused, saying so; the
        # 현원 is given only when it is asked too ('행정직 정원이랑 현원'), after saying there is no 정원
        name = staff_only[0].records[0].column
        unprinted = f"{josa(name, '은/는')} 정원이 따로 나와 있지 않고 현원만 있습니다."
        if "현원" not in a.columns or _SET_ASIDE_STAFF.search(a.key):
            return Composed(text=f"{ABSTAIN_TEXT} {unprinted}", citations=[], kind="abstain",
                            notes=[f"{MEASURE_NOT_PRINTED} the 정원 of {name} (its table breaks down 현원 only)"])
        out = out or _compose_plain(replace(a, columns=["현원"]), data, rows, totals)
        if out is not None and not out.text.startswith(unprinted):
            out.text = f"{unprinted} " + out.text
    if out is None and not a.columns:
        out = _compose_row(a, data, rows)
    if out is not None and out.kind == "figure" and _defers_to_budget_bullet(a, data, rows, out.citations):
        out.defer = True  # this year's cost of a project: its budget bullet leads (quoted lines) when it can
    if out is not None:
        # the answer itself must cover the question: the readings listed under '다른 항목' do not count
        primary = {int(n) for n in re.findall(r"\[(\d+)\]", out.text.split("\n다른 항목")[0])}
        cited = [c for c in out.citations if c.n in primary] or out.citations
        key = "".join(compact(f"{c.table or ''}{c.row_path or ''}{c.column or ''}{c.section}") for c in cited)
        key += "".join(compact(d) for d in _cited_departments(data, cited))
        totals = any(compact(c.row_path or "").split(">")[-1] in TOTAL_LABELS for c in cited)
        # a word printed in many labels ('수입', '운영') may stay implicit only beside a label named whole:
        # rows found by a partial noun alone ('통합') must carry every key term ('CCTV')
        weak = set(a.weak_terms) if a.entities else set()
        weak -= _naming_a_longer_row(data, a.entities, weak)  # '사물인터넷 도시조성 발생이자': another row's words
        needed = [t for t in a.key_terms if t not in weak and not (totals and t in vocab.org_names)
                  and not asks_column_word(t, a.columns)  # '부족' asked for 과부족: the column, not a label
                  and not _abbreviation_in_cited_project(data, t, cited)]
        out.coverage = coverage(needed, key)
    return out


def _row_label_keys(data: Any) -> frozenset[str]:
    return derived(data, "row_label_keys", lambda: frozenset(
        compact(p) for r in data.all_records() for p in r.row_path if p))


def _naming_a_longer_row(data: Any, entities: Sequence[str], weak: set[str]) -> set[str]:
    """The weak terms (printed in many labels) that, after a named entity, name a longer row the tables print that
    opens with it ('발생이자' after '사물인터넷 도시조성': the row '사물인터넷 도시조성 사업비 발생이자'): they must be
    covered, or the entity's own row answers what was not asked."""
    labels = _row_label_keys(data)
    return {t for t in weak if any(k.startswith(e) and t in k[len(e):] for e in entities for k in labels)}


MAX_ROW_CELLS = 10
NET_FLAGS = frozenset({"순증", "순감"})  # a 증감 cell printed as a word: the line item is new (or gone)


def _compose_row(a: Analysis, data: Any, rows: list[RowMatch]) -> Composed | None:
    """No column asked and no budget column in the row: read out the one matching row, every cell cited.

    Only when exactly one row (of the asked or newest report) matches best: '건의사항: 계 19건, 완료 3건 …'."""
    best = [m for m in rows if not m.on_column]
    if not best:
        return None
    slack = min(m.slack for m in best)
    best = [m for m in best if m.slack == slack]
    years = set(a.years)
    best = [m for m in best if m.year in years] if years else [m for m in best if m.year == max(x.year for x in best)]
    if len({m.key for m in best}) != 1:
        return None
    m = best[0]
    cells = sorted((r for r in m.records if r.value is not None), key=lambda r: (r.line, r.record_id))
    if not 2 <= len(cells) <= MAX_ROW_CELLS or len({r.column for r in cells}) != len(cells):
        return None
    cites = Cites(data)
    parts = [f"{c.column} {_value(c)}[{cites.figure(c)}]" for c in cells]
    text = f"{m.year}년 보고서 '{cells[0].table_title}'에서 {row_label(m, cells[0])}: {', '.join(parts)}입니다 {_asof(cells[0])}."
    return Composed(text=text, citations=cites.build(), kind="row")


ROW_OWN_COUNT = r"(?:은|는|이|가|의|도)?(?:총|전체|모두)?몇"  # '건의사항은 몇 건이고 …': a row asked its own count


def compose_columns_of_row(a: Analysis, data: Any, records: Sequence[TableRecord]) -> Composed | None:
    """Two or more asked items that are columns of one table ('완료랑 추진 중이 각각 몇 건'): each cell of the one
    row they are asked about (a named row, else the table's total row), each cited; None unless exactly one row fits."""
    asked = [compact(e) for e in a.entities]
    names = column_keys(records)
    cols = [e for e in asked if e in names]
    if len(cols) == 1 and any(re.search(re.escape(t) + ROW_OWN_COUNT, a.key) for t in asked if t not in cols):
        cols = ["계"] + cols  # '건의사항은 몇 건이며 그중 추진 중은': the row's 계 column as well
    if len(cols) < 2:
        return None
    row_terms = [e for e in asked if e not in cols]
    fits = tables_with_columns(records, cols)
    if a.years:
        fits = [rs for rs in fits if rs[0].year in a.years]
    elif fits:
        newest = max(rs[0].year for rs in fits)
        fits = [rs for rs in fits if rs[0].year == newest]
    rows: dict[tuple[str, str, tuple[str, ...]], list[TableRecord]] = {}
    for rs in fits:
        for r in rs:
            path = [compact(p) for p in r.row_path]
            named = all(any(t in p for p in path) for t in row_terms) if row_terms else path[-1:] and path[-1] in TOTAL_LABELS
            if named and compact(r.column) in cols and r.value is not None:
                rows.setdefault((r.doc, r.table_id, tuple(r.row_path)), []).append(r)
    complete = [cells for cells in rows.values() if {compact(c.column) for c in cells} == set(cols) and len(cells) == len(cols)]
    if len(complete) != 1:
        return None  # no row, or several rows: better a quoted line or a refusal than a guess
    cells = sorted(complete[0], key=lambda c: cols.index(compact(c.column)))
    if not a.key_terms or not all(satisfies(a.wants, _value(c)) for c in cells):
        return None  # the cells must hold the kind of value asked ('몇 건' is not answered by '58명')
    cites = Cites(data)
    first = cells[0]
    total = None if "계" in cols else next((r for r in records if r.table_id == first.table_id and r.doc == first.doc
                                           and tuple(r.row_path) == tuple(first.row_path) and r.value is not None
                                           and compact(r.column) in ("계", "합계", "총계")), None)
    lead = f"{total.column} {_value(total)}[{cites.figure(total)}] 중 " if total is not None else ""  # '17건 중 완료 9건'
    parts = [f"{c.column} {_value(c)}[{cites.figure(c)}]" for c in cells]
    label = " > ".join(first.row_path)
    text = f"{first.year}년 보고서 '{first.table_title}'에서 {label}: {lead}{', '.join(parts)}입니다 {_asof(first)}."
    out = Composed(text=text, citations=cites.build(), kind="row")
    key = "".join(compact(f"{c.table or ''}{c.row_path or ''}{c.column or ''}{c.section}") for c in out.citations)
    out.coverage = coverage([t for t in a.key_terms if t not in a.weak_terms], key)
    return out


def column_name_total(rec: TableRecord) -> str:
    """'계' of a breakdown table reads as the table's subject ('직종별 현원' → '현원'), else the column."""
    if compact(rec.column) in TOTAL_LABELS:
        words = rec.table_title.split()
        return words[-1] if words else rec.column
    return rec.column


_TOTAL_AND = re.compile(r"(?:총계|합계|총액|전체)(?:와|과|랑|이랑|하고|및|,)")  # '총계와 그중 일반회계': both asked


def _compose_plain(a: Analysis, data: Any, rows: list[RowMatch],
                   row_totals: dict[tuple[str, str, tuple[str, ...]], list[TableRecord]] | None = None,
                   all_records: Sequence[TableRecord] = ()) -> Composed | None:
    cites = Cites(data)
    years: list[int | None] = list(a.years) or _each_year(a, rows) or [None]
    sentences: list[str] = []
    after: list[str] = []  # sentences that follow a year's sentence (the gap between disagreeing tables)
    notes: list[str] = []
    alternatives: list[str] = []
    answered: set[int] = set()  # years a sentence states a figure for
    for year in years:
        parts: list[str] = []
        head: tuple[RowMatch, TableRecord] | None = None
        picked: dict[str | None, TableRecord] = {}
        concepts = _concepts_for(a, rows)
        for concept in concepts:
            pairs = _choose(rows, concept, year, final="최종" in a.key)
            if year is None and head is not None:  # no year asked: every figure of the sentence is of the first
                # figure's year ('정원·현원·과부족': the 2026 report prints no 과부족; the 2025 one is not 2026's)
                pairs = [(pm, pc) for pm, pc in pairs if value_year(pc) == value_year(head[1])]
            if not pairs:
                continue
            groups = _group(pairs)
            # (of two rows of one label, one printing '-' where the other prints a figure, the figure leads: '장애인
            # 정보통신보조기기 보급(데이터센터)' moved from one account to another is 459,888, its old row '-')
            groups = sorted(groups, key=lambda g: g[0][1].value is None) if len(groups) > 1 else groups
            primary = groups[0]
            if head is None:
                head = primary[0]
            elif _identity(head[0], head[1])[:3] != _identity(*primary[0])[:3]:
                same = [g for g in groups if _identity(*g[0])[:3] == _identity(head[0], head[1])[:3]]
                if not same:
                    continue
                primary = same[0]
            m, cell = primary[0]
            picked[concept] = cell
            differing = disagreements([c for _, c in primary])
            name = column_name(m, cell)
            if differing:
                shown = ", ".join(f"{c.table_title} {_value(c, concept)}[{cites.figure(c)}]" for c in differing)
                parts.append(f"{josa(name, '은/는')} 표마다 다르게 적혀 있습니다: {shown}")
                gap = _gap(differing)
                if gap:
                    after.append(gap)
                notes.append("tables disagree")
            else:
                marks = "".join(f"[{cites.figure(c)}]" for _, c in primary[:2])
                parts.append(f"{josa(name, '은/는')} {_value(cell, concept)}{marks}")
            for g in groups[1:]:
                if g is primary:
                    continue
                gm, gc = g[0]
                if len(alternatives) < MAX_ALTERNATIVES:
                    alternatives.append(f"{row_label(gm, gc)} {_value(gc, concept)}[{cites.figure(gc)}]")
        if head is None:
            continue
        shortfall = _shortfall_computed(picked) if "과부족" in concepts and "과부족" not in picked else None
        if shortfall:  # the report prints both headcounts but no 과부족 column (the 2026 one)
            parts.append(shortfall)
        m, cell = head
        label = row_label(m, cell)
        net = next((r for r in m.records if r.flag in NET_FLAGS and "증감" in r.column and r.year == cell.year), None)
        if column_year(cell.column) not in (None, cell.year) and not year_only_column(cell):
            net = None  # the flag compares the report's own year, not this earlier figure
        if net is not None:  # '순증': a new line item, no figure the year before
            parts.append(f"증감은 {net.flag}[{cites.figure(net)}]")
        if m.on_column and row_totals is not None and compact(cell.column) in TOTAL_LABELS:
            # a total of a one-row breakdown ('총합계 4,165식'): its parts, each cited
            pool = [r for r in row_totals.get(m.key, []) if r.value is not None and r.column != cell.column
                    and r.unit == cell.unit and compact(r.column) not in TOTAL_LABELS]
            if parts and 0 < len(pool) <= MAX_ROW_CELLS:
                parts[-1] += "(" + ", ".join(f"{r.column} {_value(r)}[{cites.figure(r)}]" for r in pool) + ")"

        elif m.on_column and row_totals is not None:  # a cell of a breakdown: give the row's total as well
            pool = [r for r in row_totals.get(m.key, []) if r.value is not None and r.column != cell.column]
            total = None
            for want in (TOTAL_LABELS, {"현원"}, {"정원"}):
                total = next((r for r in pool if compact(r.column) in want), None)
                if total is not None:
                    break
            if total is not None:
                whole = " ".join(strip_numbering(p) for p in total.row_path
                                 if compact(strip_numbering(p)) not in TOTAL_LABELS) or "전체"
                parts.append(f"{whole} {josa(column_name_total(total), '은/는')} {_value(total)}[{cites.figure(total)}]")
        yr = f"{value_year(cell)}년 "
        answered.add(value_year(cell))
        sentences.append(f"{yr}{label}의 " + ", ".join(parts) + f"입니다 {_asof(cell)}.")
        stated = _project_budget_line(data, cell) if year_only_column(cell) and value_year(cell) == cell.year else None
        if stated is not None:  # the project's own budget bullet, beside its cost-by-year table
            n = cites.text(cell.doc, stated[0])
            same = "같은 금액이" if re.match(r"[\d,]+", stated[1]).group(0) == cell.value_raw else "다르게"
            after.append(f"사업 개요에는 {stated[1]}으로 {same} 적혀 있습니다[{n}]")
        if _TOTAL_AND.search(a.key) and all_records and not m.on_column \
                and compact(strip_numbering(cell.row_path[0])) not in TOTAL_LABELS:
            # '세출 예산현액 총계와 그중 일반회계': the table's total row beside the named row
            total = next((r for r in of_table(all_records, cell.doc, cell.table_id)
                          if r.column == cell.column and r.row_path
                          and compact(strip_numbering(r.row_path[0])) in TOTAL_LABELS and r.value is not None), None)
            if total is not None:
                after.append(f"{cell.table_title} 합계는 {_value(total)}[{cites.figure(total)}]입니다")
        sentences.extend(f"{x}." for x in after)
        after.clear()
    if not sentences:
        return None
    if a.intent == "change" and len(years) >= 2 and len(answered) < 2:
        return None  # '작년보다 얼마나 줄었어' is not answered by one year's figure
    text = " ".join(sentences)
    if alternatives:
        text += "\n다른 항목: " + ", ".join(alternatives) + ". 원하는 항목(부서)을 지정해 주세요."
    return Composed(text=text, citations=cites.build(), kind="figure", notes=notes, ambiguous=bool(alternatives))


_AMOUNT = re.compile(r"[\d,]+\s*(?:백만원|천원|억원|원)")


@lru_cache(maxsize=1)
def _each_year_cues() -> tuple[str, ...]:
    from app.engine.lexicon import raw_lexicon

    return tuple(compact(c) for c in raw_lexicon().get("each_year", {}).get("cues", []))


YEAR_SPAN = re.compile(r"(20\d{2}|['’]?\d{2})\s*년?\s*(?:~|∼|-|–|부터|에서)\s*(20\d{2}|['’]?\d{2})\s*년")


def _compose_year_sum(a: Analysis, data: Any, rows: list[RowMatch]) -> Composed | None:
    """'2025~2028년 사업비 다 합치면', '연도별 사업비 합계': the row's bare-year cells (those of the span asked, else
    all) added up, each cited, the formula shown; None unless the best row prints two or more such years."""
    span = YEAR_SPAN.search(a.norm)
    named = sorted(set(a.years)) if len(set(a.years)) >= 2 and not span else []  # '2027년과 2028년 계획분을 합치면'
    if not (span or named or _each_year(a, rows)) or not rows:
        return None
    lo, hi = (None, None)
    if span:
        y1, y2 = (int(re.sub(r"\D", "", g)) for g in span.groups())
        lo, hi = sorted(y + 2000 if y < 100 else y for y in (y1, y2))
    cells = sorted((r for r in rows[0].records if year_only_column(r) and r.value is not None
                    and (lo is None or lo <= (column_year(r.column) or 0) <= hi)
                    and (not named or column_year(r.column) in named)), key=lambda r: column_year(r.column) or 0)
    if named and len(cells) != len(named):
        return None  # a year asked that the row does not print: no sum of the others
    if len(cells) < 2 or len({c.unit for c in cells}) != 1:
        return None
    cites = Cites(data)
    total = sum(c.value or 0.0 for c in cells)
    first = cells[0]
    parts = ", ".join(f"{c.column} {_value(c)}[{cites.figure(c)}]" for c in cells)
    formula = " + ".join(number_part(c.value_raw) for c in cells) + f" = {fmt_number(total, first.value_raw)}"
    name = strip_numbering(first.row_path[-1]) if first.row_path else first.table_title
    years = [column_year(c.column) or 0 for c in cells]
    joined = "~" if years == list(range(years[0], years[0] + len(years))) else "·"  # a span, or the years named
    text = (f"{first.table_title or name} {name}의 {cells[0].column}{joined}{cells[-1].column if joined == '~' else '·'.join(c.column for c in cells[1:])} 합계는 "
            f"{fmt_number(total, first.value_raw)}{first.unit or ''}입니다 {_asof(first)}: {parts}. 계산: {formula}")
    return Composed(text=text, citations=cites.build(), kind="change")


def _each_year(a: Analysis, rows: list[RowMatch]) -> list[int | None]:
    """'연도별 사업비 보여줘': every year the best matching row prints in a bare-year column ('2025년 | 2026년 | …'),
    so each is read out; [] when the question does not ask by year or the row has no such columns."""
    key = compact(a.key).lower()
    if not rows or not any(c in key for c in _each_year_cues()):
        return []
    years = sorted({column_year(r.column) for r in rows[0].records if year_only_column(r) and r.value is not None}
                   - {None})
    return list(years) if len(years) >= 2 else []


def _project_budget_line(data: Any, cell: TableRecord) -> tuple[int, str] | None:
    """(line, amount text) of the budget bullet in the project section that holds a cost-by-year table."""
    sec = _section_or_none(data, cell.section_id)
    title = compact(cell.table_title)
    while sec is not None and title not in compact(sec.title):
        sec = _section_or_none(data, sec.parent_id) if sec.parent_id else None
    if sec is None:
        return None
    lines = data.lines(cell.doc)
    for no in range(sec.line_start, min(sec.line_end, len(lines)) + 1):
        amount = _AMOUNT.search(lines[no - 1]) if BUDGET_LINE.match(lines[no - 1]) else None
        if amount:
            return no, amount.group(0).strip()
    return None


def _defers_to_budget_bullet(a: Analysis, data: Any, rows: list[RowMatch], citations: Sequence[Citation]) -> bool:
    """The answer reads only the report's own year of a project's cost-by-year table, and the project states its
    budget in a bullet."""
    cited = {(c.doc, c.line_start) for c in citations}
    for m in rows:
        if (m.doc, m.line) not in cited or not all(year_only_column(r) for r in m.records):
            continue
        if all(y == m.year for y in (a.years or [m.year])) and _project_budget_line(data, m.records[0]):
            return True
    return False


_SUM = re.compile(r"합치|합하|더하|합산|다합|모두합|총합")
MAX_SUM_PARTS = 4


def _compose_sum(a: Analysis, data: Any, rows: list[RowMatch]) -> Composed | None:
    """'A 다 합치면 얼마야?': the figures of every reading of one label (one unit, one year), added up, each cited."""
    concept = next((c for c in a.columns if c in ("정원", "현원", "원인행위액", "지출액")), "예산현액")
    year = a.years[0] if a.years else None
    groups = _group(_choose(rows, concept, year))
    cells = [g[0][1] for g in groups]
    if not 2 <= len(cells) <= MAX_SUM_PARTS or any(c.value is None for c in cells) or len({c.unit for c in cells}) != 1 \
            or len({value_year(c) for c in cells}) != 1 or len({"세입" in compact(c.table_title) for c in cells}) != 1:
        return None  # (money coming in and money going out are never one sum)
    cites = Cites(data)
    total = sum(c.value or 0.0 for c in cells)
    first = cells[0]
    parts = " + ".join(f"{row_label(m, c)} {_value(c)}[{cites.figure(c)}]" for (m, c) in (g[0] for g in groups))
    formula = " + ".join(number_part(c.value_raw) for c in cells) + f" = {fmt_number(total, first.value_raw)}"
    name = strip_numbering(first.row_path[-1]) if first.row_path else first.table_title
    text = (f"{value_year(first)}년 {name}의 {first.column}을 모두 합하면 {fmt_number(total, first.value_raw)}{first.unit or ''}입니다 "
            f"{_asof(first)}: {parts}. 계산: {formula}")
    return Composed(text=text, citations=cites.build(), kind="change")


def _compose_share(a: Analysis, data: Any, rows: list[RowMatch], records: Sequence[TableRecord]) -> Composed | None:
    """A row's figure as a share of its table's total row (same column), both cited, the division shown."""
    concept = next((c for c in a.columns if c in ("정원", "현원")), "예산현액")
    year = a.years[0] if a.years else None
    for m, cell in _choose(rows, concept, year):
        if cell.value is None or m.on_column or compact(strip_numbering(cell.row_path[-1])) in TOTAL_LABELS:
            continue
        total = next((r for r in of_table(records, cell.doc, cell.table_id) if r.column == cell.column
                      and r.row_path and compact(strip_numbering(r.row_path[0])) in TOTAL_LABELS and r.value), None)
        if total is None or total.unit != cell.unit:
            continue
        cites = Cites(data)
        pct = fmt_number(round(cell.value / total.value * 100, 1), "0.0")
        text = (f"{value_year(cell)}년 {row_label(m, cell)}의 {cell.column}{'은' if _has_batchim(cell.column) else '는'} "
                f"{_value(cell)}[{cites.figure(cell)}]으로 {cell.table_title} 합계 {_value(total)}[{cites.figure(total)}]의 "
                f"{pct}%입니다 {_asof(cell)}. 계산: {number_part(cell.value_raw)} ÷ {number_part(total.value_raw)} × 100 = {pct}%")
        return Composed(text=text, citations=cites.build(), kind="figure")
    return None


def _compose_remainder(a: Analysis, data: Any, rows: list[RowMatch]) -> Composed | None:
    """The budget not yet committed (or spent): 예산현액 − 원인행위액 (지출액) of one row, operands cited."""
    basis = a.remainder or "원인행위액"
    year = a.years[0] if a.years else None
    whole = remainder_minuend(a.key)  # ('원인행위는 해놨는데 아직 안 나간 돈': 원인행위액 less 지출액)
    for m, budget in _choose(rows, whole, year):
        used = m.cell(basis, value_year(budget))
        if used is None or used.value is None or budget.value is None or used.unit != budget.unit:
            continue
        d = difference(budget, used)
        if d is None:
            continue
        cites = Cites(data)
        word = remainder_verb(basis)
        text = (f"{value_year(budget)}년 {row_label(m, budget)}의 {whole} {_value(budget)}[{cites.figure(budget)}] 중 "
                f"{basis} {_value(used)}[{cites.figure(used)}]을 뺀 {fmt_number(d.value, budget.value_raw)}{budget.unit or ''}"
                f"이 아직 {word} 않았습니다 {_asof(budget)}. 계산: {d.formula}")
        return Composed(text=text, citations=cites.build(), kind="change")
    return None


def _gap(cells: Sequence[TableRecord]) -> str:
    """'차이는 12,009천원 (404,751 − 392,742)' for two differing amounts of one unit; '' otherwise."""
    if len(cells) != 2 or any(c.value is None for c in cells) or cells[0].unit != cells[1].unit \
            or cells[0].unit == "%":
        return ""
    hi, lo = sorted(cells, key=lambda c: -(c.value or 0.0))
    d = difference(hi, lo)
    if d is None:
        return ""
    return f"두 값의 차이는 {fmt_number(d.value, hi.value_raw)}{hi.unit or ''}입니다 (계산: {d.formula})"


def _compose_rate(a: Analysis, data: Any, rows: list[RowMatch]) -> Composed | None:
    spent_concept, rate_concept, other_rate = (
        ("지출액", "지출액 집행률", "원인행위 집행률") if a.rate_basis == "지출액"
        else ("원인행위액", "원인행위 집행률", "지출액 집행률"))
    cites = Cites(data)
    sentences: list[str] = []
    for year in (a.years or [None]):
        chosen = None
        pairs = _unparented(_choose(rows, "예산현액", year), a)
        for explicit in (True, False):  # prefer the execution table, whose columns name the basis
            for m, bcell in pairs:
                row = next((r for r in rows if r.key == m.key), m)
                vy = value_year(bcell)
                rc = row.cell(rate_concept, vy)
                if rc is None and row.cell(spent_concept, vy) is None:
                    continue
                if explicit and not (rc is not None and re.search(r"원인행위|지출", rc.column)):
                    continue
                chosen = (row, bcell, vy)
                break
            if chosen:
                break
        if chosen is None:
            continue
        row, bcell, vy = chosen
        spent, rate = row.cell(spent_concept, vy), row.cell(rate_concept, vy)
        other = row.cell(other_rate, vy)
        other_amount = row.cell("원인행위액" if spent_concept == "지출액" else "지출액", vy)
        text = f"{vy}년 {row_label(row, bcell)}의 {bcell.column}은 {_value(bcell)}[{cites.figure(bcell)}]"
        if spent is not None:
            text += f", {spent.column}은 {_value(spent)}[{cites.figure(spent)}]"
        if rate is not None:
            text += f"으로 {rate.column}은 {_value(rate, rate_concept)}[{cites.figure(rate)}]"
        text += f"입니다 {_asof(bcell)}."
        if other is not None and other is not rate:
            # the other basis's amount is cited as its own cell, so the citation carries every stated figure
            extra = "" if other_amount is None else f"{other_amount.column} {_value(other_amount)}, "
            n_other = cites.figure(other)
            if other_amount is not None:
                cites.figure(other_amount)
            text += f" 참고로 {extra}{other.column}은 {_value(other, other_rate)}입니다[{n_other}]."
        sentences.append(text)
    if not sentences:
        return None
    return Composed(text=" ".join(sentences), citations=cites.build(), kind="rate")


_RATE_WORDS = re.compile(r"증감률|증감율|증가율|감소율|증가률|퍼센트|몇%|비율|%")


def _asks_rate(a: Analysis) -> bool:
    """The question asks for the change as a percentage too."""
    return a.wants == "percent" or bool(_RATE_WORDS.search(a.key))


def _change_sentence(label: str, d: Difference, cites: Cites, want_rate: bool = False) -> str:
    """'X의 A는 a로 B b 대비 △c 감소했습니다 (a − b = c)' with every operand cited; a rate the table does not print
    is computed (with its formula) when the question asks for one."""
    na, nb = cites.figure(d.a), cites.figure(d.b)
    value_text = d.printed.value_raw if (d.printed is not None and d.agrees and d.printed.value is not None) \
        else d.formula.rsplit("= ", 1)[1]
    value_text = value_text.lstrip("△-−")  # the size of the change; its direction is written out in words
    unit = d.a.unit or ""
    mark = f"[{cites.figure(d.printed)}]" if d.printed is not None and d.agrees else ""
    word = "감소" if d.value < 0 else "증가"
    direction = f"{word}했습니다" if d.value != 0 else "변동이 없습니다"
    rate = ""
    rate_formula = ""
    if d.rate is not None and d.rate.value is not None:
        rate = f"(증감률 {_value(d.rate, '증감률').lstrip('△-−')} {word})[{cites.figure(d.rate)}]"
    elif want_rate and d.b.value:
        pct = fmt_number(round(d.value / abs(d.b.value) * 100, 1), "0.0")
        rate = f"(증감률 {pct.lstrip('△')}% {word})"
        rate_formula = f"; {fmt_number(d.value, d.b.value_raw)} ÷ {number_part(d.b.value_raw)} × 100 = {pct}%"
    col_a, col_b = d.a.column, d.b.column
    if column_year(col_a) is None or column_year(col_b) is None or col_a == col_b or d.a.doc != d.b.doc:
        # two reports' snapshots: each dated, so a 3-month figure is not read as comparable to a 1-month one
        when_a, when_b = (f"({d.a.as_of} 기준) ", f"({d.b.as_of} 기준) ") if d.a.as_of and d.b.as_of \
            and d.a.as_of != d.b.as_of and d.a.unit != "명" else ("", "")
        col_a, col_b = f"{d.a.year}년 보고서{when_a and ' ' + when_a.strip()}의 {col_a}", \
            f"{d.b.year}년 보고서{when_b and ' ' + when_b.strip()}의 {col_b}"
    if d.value == 0:
        return (f"{label}의 {col_a}{'은' if _has_batchim(col_a) else '는'} {_value(d.a)}[{na}], "
                f"{col_b} {_value(d.b)}[{nb}]로 변동이 없습니다. 계산: {d.formula}")
    if rate and mark and rate.endswith(mark):
        rate, tail = rate[: -len(mark)], mark
    else:
        tail = mark
    s = (f"{label}의 {col_a}{'은' if _has_batchim(col_a) else '는'} {_value(d.a)}[{na}]으로 "
         f"{col_b} {_value(d.b)}[{nb}] 대비 {value_text}{unit} {direction}{rate}{tail}. "
         f"계산: {d.formula}{rate_formula}")
    if d.printed is not None and not d.agrees:
        s += f" (표의 증감액은 {d.printed.value_raw}[{cites.figure(d.printed)}]로 계산과 다릅니다)"
    return s


# a report named by its year: '25년 업무보고 때', '2025년 보고서에서', '26년 보고서'
_REPORT_NAMED = re.compile(r"['’]?(\d{2}|20\d{2})\s*년?\s*(?:도\s*)?(?:주요\s*|현안\s*)?(?:업무\s*)?보고(?:서)?")


_LAST_REPORT = re.compile(r"(?:작년|지난해|전년|지난)\s*(?:도\s*)?(?:주요\s*)?(?:업무\s*)?보고")


_FINAL_OF_YEAR_BEFORE = re.compile(r"(?:전년|작년|지난해|직전|이전)(?:도|년도)?(?:의)?최종")


def _compose_same_year_across_reports(a: Analysis, data: Any, rows: list[RowMatch], cites: Cites) -> Composed | None:
    """One year's budget as first reported (예산현액) and as finally reported in a later report (최종예산)."""
    written = sorted({int(x) for x in re.findall(r"(?<!\d)(20\d{2})(?!\d)", a.norm)})
    if _FINAL_OF_YEAR_BEFORE.search(a.key):
        return None  # '2025년 … 예산현액과 전년도 최종예산 대비': the 2024 최종예산 its own table prints, not a later report's
    if len(written) == 1 and "최종" in a.key and re.search(r"예산현액|연초|당초|보고", a.key):
        y = written[0]
    elif len(_REPORT_NAMED.findall(a.norm)) >= 2 and len(a.years) >= 2 \
            and not any(c in a.columns for c in ("정원", "현원", "과부족", "원인행위액", "지출액")):
        y = min(a.years)  # '25년 예산이 25년 업무보고랑 26년 보고서에서 다르게': the older report's year, as both print it
    else:
        return None
    pairs = rows_with_concept(rows, "예산현액", y)
    first = [(m, c) for m, c in pairs if c.year == y]
    later = [(m, c) for m, c in pairs if c.year > y and "최종" in c.column]
    if not first or not later:
        return None
    (m0, c0), (m1, c1) = first[0], later[0]
    d = difference(c1, c0)
    if d is None:
        return None
    label = row_label(m1, c1)
    direction = "늘었습니다" if d.value > 0 else ("줄었습니다" if d.value < 0 else "같습니다")
    amount = fmt_number(d.value, c1.value_raw)
    text = (f"{y}년 {label}의 예산은 {c0.year}년 보고서의 {c0.column} {_value(c0)}[{cites.figure(c0)}] "
            f"{_asof(c0)}에서 {c1.year}년 보고서의 {c1.column} {_value(c1)}[{cites.figure(c1)}]로 "
            f"{amount}{c1.unit or ''} {direction}. 계산: {d.formula}")
    return Composed(text=text, citations=cites.build(), kind="change")


def _compose_change(a: Analysis, data: Any, rows: list[RowMatch]) -> Composed | None:
    cites = Cites(data)
    # two headcount concepts in one year: 현원 − 정원
    people = [c for c in a.columns if c in ("정원", "현원")]
    if len(people) == 2:
        year = a.years[0] if a.years else None
        cur = _choose(rows, "현원", year)
        auth = _choose(rows, "정원", year)
        if cur and auth:
            (mc, cc), (ma, ca) = cur[0], auth[0]
            d = difference(cc, ca)
            if d is not None:
                label = row_label(mc, cc)
                word = "많습니다" if d.value > 0 else ("적습니다" if d.value < 0 else "같습니다")
                diff = f"{abs(d.value):,.0f}{cc.unit or ''}"
                compared = f"현원이 정원보다 {diff} {word}" if d.value else "현원과 정원이 같습니다"
                text = (f"{value_year(cc)}년 {label}의 현원은 {_value(cc)}[{cites.figure(cc)}], 정원은 "
                        f"{_value(ca)}[{cites.figure(ca)}]으로 {compared} {_asof(cc)}. "
                        f"계산: {d.formula}")
                return Composed(text=text, citations=cites.build(), kind="change")
    cross = _compose_same_year_across_reports(a, data, rows, cites)
    if cross is not None:
        return cross
    year = a.years[0] if a.years else None
    first = next((c for c in a.columns if c in ("정원", "현원", "원인행위액", "지출액")), "예산현액")
    pairs = _choose(rows, first, year) or _choose(rows, None, year)
    # the earlier figure taken from an older report named in the question ('25년 업무보고 때 세출예산이랑 올해')
    named = {2000 + int(y) if len(y) == 2 else int(y) for y in _REPORT_NAMED.findall(a.norm)}
    if _LAST_REPORT.search(a.norm) and rows:  # '작년 업무보고 때': the report before the newest
        named.add(max(m.year for m in rows) - 1)
    for m, cell in pairs:
        # a row's printed change compares its budget columns: it answers a budget question only ('원인행위액 비교' is not),
        # and not when the question takes the earlier figure from an older report it names
        d = same_row_change(m) if first == "예산현액" and not any(y < m.year for y in named) else None
        if d is not None and len(set(a.years)) >= 2 and {column_year(d.a.column), column_year(d.b.column)} != set(a.years[:2]):
            d = None  # '26년에서 27년 되면': the two years asked, not the two columns the row's change compares
        if d is not None:
            text = _change_sentence(f"{row_label(m, cell)}", d, cites, _asks_rate(a)).replace(
                ". 계산:", f" {_asof(cell)}. 계산:", 1)
            return Composed(text=text, citations=cites.build(), kind="change")
    # across reports: the asked years, else the newest year and the one before
    years = list(a.years)
    if len(years) < 2:
        newest = max((c.year for _, c in pairs), default=None)
        if newest is None:
            return None
        years = [years[0] if years else newest, (years[0] if years else newest) - 1]
    y0, y1 = sorted(years[:2], reverse=True)  # a change runs from the earlier year to the later, however asked
    concept = next((c for c in a.columns if c in ("정원", "현원", "원인행위액", "지출액")), "예산현액")
    cur = _choose(rows, concept, y0)
    prev = _choose(rows, concept, y1)
    if not cur or not prev:
        return None
    d = difference(cur[0][1], prev[0][1])
    if d is None:
        return None
    text = _change_sentence(f"{row_label(*cur[0])}", d, cites, _asks_rate(a))
    return Composed(text=text, citations=cites.build(), kind="change")


# --- extractive --------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"^\s*(?:□|■|○|●|\d+(?:[.\-]\d+)*\.?\s|[IVX]+\.\s|\d+\s*$|\[|<)")
_BULLET = re.compile(r"^\s*(?:[-*·▶※]|\(\w+\)|[①-⑳])")
_LEADER = re.compile(r"^\s*(?:\.{3,}|…{2,}|·{3,})\s*\S")  # '..... 1국 6과 31팀': a dotted leader continues its heading


def clean_line(line: str) -> str:
    """Original line without HTML tags, checkbox markup and table pipes/tabs, whitespace collapsed."""
    t = html.unescape(_TAG.sub(" ", line))
    t = t.replace("\t", " | ")
    t = re.sub(r"\s*\|\s*(\|\s*)+", " | ", t)
    t = re.sub(r"\s+", " ", t).strip(" |")
    return t


_EXPENSE_SUFFIXES = ("비", "금")  # 운영비 ~ 운영 names a budget line; in running text 업무추진비 ≠ 업무추진


MIN_SLIP_SYLLABLES = 5  # a term this long (all Hangul) may match a line that slips one syllable's vowel


def slipped_in(term: str, text_key: str) -> bool:
    """Whether the text holds the term with one inner syllable (not the first or the last) slipped to another of
    the same initial consonant ('원격이증화' for '원격이중화'); only for Hangul terms of at least MIN_SLIP_SYLLABLES
    syllables."""
    from app.analyze import _same_initial

    if len(term) < MIN_SLIP_SYLLABLES or not all("가" <= ch <= "힣" for ch in term):
        return False
    for i in range(1, len(term) - 1):  # a syllable after the slip must match too: '국장' is not '국 조직'
        head, tail = term[:i], term[i + 1:]
        start = text_key.find(head)
        while start != -1:
            j = start + i
            if j < len(text_key) and text_key[j] != term[i] and _same_initial(text_key[j], term[i]) \
                    and text_key.startswith(tail, j + 1):
                return True
            start = text_key.find(head, start + 1)
    return False


def covered(term: str, text_key: str, strict: bool = False, slips: bool = False) -> bool:
    """Whether a compact text mentions a question term (or its form without a question suffix, or both halves).

    `strict` (running text) keeps expense suffixes: '업무추진비' is not covered by '업무 추진'. `slips` also accepts
    a one-syllable vowel slip of a long term (`slipped_in`).
    """
    from app.analyze import term_variants

    if _share_in_breakdown(term, text_key):
        return True  # '재단 부담': an amount broken down into its funders' parts prints the shares
    variants = term_variants(term)
    if strict:
        if any(re.search(re.escape(v) + r"[:(]?\d", text_key) for v in _expense_stems(term)):
            return True  # '감리비' asked, '감리 81백만원' printed: the stem labels an amount, so it is that cost
        variants = [v for v in variants if v == term or not term.endswith(_EXPENSE_SUFFIXES)]
    if any(v in text_key for v in variants):
        return True
    if slips and slipped_in(term, text_key):
        return True
    if len(term) >= 4:
        half = len(term) // 2
        if term[:half] in text_key and term[half:] in text_key:
            return True
    return len(term) >= GLUED_MIN and _pieces_in(term, text_key)


GLUED_MIN = 8  # a term this long may be words written without spaces ('사이버안전센터보안관제')
PIECE_MIN = 3


def _pieces_in(term: str, text_key: str, parts: int = 3) -> bool:
    """Whether the term splits into at most `parts` pieces of PIECE_MIN+ characters that the text each prints."""
    if term in text_key:
        return True
    if parts == 1:
        return False
    for cut in range(PIECE_MIN, len(term) - PIECE_MIN + 1):
        if term[:cut] in text_key and _pieces_in(term[cut:], text_key, parts - 1):
            return True
    return False


def _expense_stems(term: str) -> list[str]:
    """A cost asked with its suffix, without it ('감리비' → '감리'), two letters or more: strict coverage accepts the
    stem only where it labels an amount ('감리 81백만원')."""
    return [term[:-len(s)] for s in _EXPENSE_SUFFIXES if term.endswith(s) and len(term) - len(s) >= 2]


def cover_pieces(term: str, strict: bool = False, slips: bool = False) -> list[tuple[str, ...]]:
    """What a compact text must hold for `covered(term, text, strict, slips)` to be true: every piece of at least one
    of these alternatives (a variant of the term, the term with one inner syllable slipped, the two halves). A line
    that holds none of them need not be checked."""
    from app.analyze import term_variants

    variants = term_variants(term)
    if strict:
        variants = [v for v in variants if v == term or not term.endswith(_EXPENSE_SUFFIXES)] + _expense_stems(term)
    out = [(v,) for v in variants]
    if slips and len(term) >= MIN_SLIP_SYLLABLES and all("가" <= ch <= "힣" for ch in term):
        for i in range(1, len(term) - 1):  # every syllable of the same initial consonant in place of term[i]
            block = 0xAC00 + (ord(term[i]) - 0xAC00) // 588 * 588
            out += [(term[:i] + chr(c) + term[i + 1:],) for c in range(block, block + 588) if chr(c) != term[i]]
    if len(term) >= 4:
        out.append((term[:len(term) // 2], term[len(term) // 2:]))
    return out


def coverage(terms: Sequence[str], text_key: str, strict: bool = False) -> float:
    """Share of the question's key terms that a compact text covers (1.0 when there are none).

    Strict coverage (quoted lines) accepts a one-syllable slip of a long term; the table path's is exact.
    """
    if not terms:
        return 1.0
    return sum(1 for t in terms if covered(t, text_key, strict, slips=strict)) / len(terms)


_SCALE = r"\s*(?:천|만|십만|백만|천만|억)?\s*"  # '32만명', '17천명', '1.2억건'
_WANT_PATTERNS = {
    "명": re.compile(r"\d" + _SCALE + "명"),
    "건": re.compile(r"\d" + _SCALE + "건"),
    "대": re.compile(r"\d" + _SCALE + "대"),
    "개": re.compile(r"\d" + _SCALE + "(?:개|종|곳|과|팀|식)"),
    "count": re.compile(r"\d" + _SCALE + "(?:명|건|개|대|곳|종|식|권|회|가구)"),
    "팀": re.compile(r"\d\s*(?:개\s*)?팀"),
    "과": re.compile(r"\d\s*(?:개\s*)?과(?![가-힣])"),
    "money": re.compile(r"\d\s*(?:천원|백만원|억|만원|원)"),
    "date": re.compile(r"\d{1,4}\s*\.\s*\d{1,2}\s*[.~월]|\d\s*월|(?:19|20)\d{2}\s*년|연중|상반기|하반기|['’]\d\d"
                      r"|[(,]\s*(?:1[0-2]|0?[1-9])\.(?:[12]\d|3[01]|0?[1-9])(?=\s*[),(])"),  # '교육(3.12, 4.23(예정))'
    "percent": re.compile(r"\d\s*%"),
    "clock": re.compile(r"(?<!\d)\d{1,2}\s*:\s*\d{2}(?!\d)|오전|오후|\d\s*시\s*(?:~|부터|까지|\d)"),
    "period": re.compile(r"\d\s*(?:개월|주|일|시간|분|초)(?![가-힣])"),
    "frequency": re.compile(r"(?:연|년|월|주|일|분기|반기)\s*\d+\s*회|\d+\s*회(?:\s*이상)?|매(?:일|주|월|년|분기)|분기별|반기별"
                            r"|상시|수시|\d\s*(?:년|개월|주|일|시간)\s*(?:마다|단위|주기)"),
    "units": re.compile(r"[가-힣A-Za-z]{2,}(?:과|팀)\s*[/·]\s*[가-힣A-Za-z]{2,}(?:과|팀)(?![가-힣])"),  # '기록정책과 / 보존서비스과'
    "extent": re.compile(r"\d"),  # how far a thing goes ('얼마나 허용돼'): any figure printed
    "length": re.compile(r"\d\s*(?:km|㎞|킬로미터|미터|m)(?![A-Za-z])"),  # a length: '광케이블 421km'
    "measure": re.compile(r"\d\s*(?:[KMGTP]?(?:bps|B)|㎡|㎢|m2|km2|평|톤|kg|℃)(?![A-Za-z])"),  # '100~200Mbps', '3PB', '1,200㎡'
    "점": re.compile(r"\d\s*점(?![검거유수])"),  # a score: '95.3점'
    "person": re.compile(r"(?:장|담당|대표|관)\s*[:：]\s*[가-힣]{2,4}(?![가-힣])"),  # '디지털정책과장 : 김숙희'
}


def satisfies(wants: str | None, text: str) -> bool:
    """Whether a text holds the kind of value the question asks for (a count, an amount, a date …)."""
    if wants is None:
        return True
    pat = _WANT_PATTERNS.get(wants)
    if pat is None or pat.search(text):
        return True
    return wants == "개" and len(re.findall(r"\s/\s|·|,(?!\d)", text)) >= 2  # a listing answers 'how many / which'


def states_headcount_asked(question_key: str, text: str) -> bool:
    """False when the question asks one of 정원/현원 only and the text prints the other one only ('현원은? 정원 말고':
    the one set aside is not asked)."""
    question_key = re.sub(r"(?:현원|정원)(?:은|는|이|가)?(?:말고|아니고|빼고)", "", question_key)
    for asked, other in (("현원", "정원"), ("정원", "현원")):
        if asked in question_key and other not in question_key:
            return not (other in text and asked not in text)
    return True


def names_post_holder(terms: Sequence[str], text: str) -> bool:
    """Whether a text prints a name right after an asked post ('디지털정책과장 : 김숙희' for '디지털정책과장')."""
    from app.analyze import PERSON_TITLE

    key = compact(text)
    posts = [t for t in terms if re.search(PERSON_TITLE + "$", t)]
    return any(re.search(re.escape(t) + r"[:：][가-힣]{2,4}(?![가-힣])", key) for t in posts)


def states_value(wants: str | None, text: str) -> bool:
    """Whether a text prints a value of the asked kind itself (a number with its counter), not only a listing."""
    pat = _WANT_PATTERNS.get(wants or "")
    return bool(pat and pat.search(text))


_YEAR_MENTION = re.compile(r"(?<!\d)(20\d{2})(?!\d)|['’‘](\d{2})(?!\d)")
YEAR_REACH = 40  # characters before a value within which a written year dates it ("'24년 이용자수 32만명")
# a year written with its month and day is the day of an event ('2025년 5. 19. 출범 / … 정원 52명'), not the year a
# figure is for; a day the figures are counted at ('25. 1.31. 기준') still dates them
_EVENT_DAY = re.compile(r"(?>\s*년?\s*\.?\s*\d{1,2}\s*[.월]\s*\d{1,2}\s*[.일]?)(?!\s*\.?\s*\)?\s*(?:기준|현재))")


UNTIL = 0  # the "year" of a value counted up to a year ("'26년까지 16,239대"): a total by then, not that year's


def value_years(wants: str | None, text: str, until: bool = True) -> list[int | None]:
    """For each value of the asked kind in `text`, the year written closest before it (None: no year near it).
    With `until` False, a value counted up to a year ("'26년까지 … 16,239대") is dated `UNTIL`: it is the total by
    that year, not the year's own figure."""
    pat = _WANT_PATTERNS.get(wants or "")
    if pat is None:
        return []
    out: list[int | None] = []
    for m in pat.finditer(text):
        window = text[max(0, m.start() - YEAR_REACH):m.start()]
        found = list(_YEAR_MENTION.finditer(window))
        if not found or _EVENT_DAY.match(window, found[-1].end()):  # the nearest is an event's day: no year dates it
            out.append(None)
            continue
        last = found[-1]
        if not until and re.match(r"\s*년?\s*까지", window[last.end():]):
            out.append(UNTIL)
            continue
        out.append(int(last.group(1)) if last.group(1) else 2000 + int(last.group(2)))
    return out


def _doc_years(data: Any) -> dict[str, int]:
    return {d.doc: d.year for d in data.documents}


def _hits_score(key: str, terms: Sequence[str]) -> float:
    """Characters of the question terms a compact line mentions."""
    return float(sum(len(t) for t in terms if covered(t, key, slips=True)))


def _block_after(lines: list[str], start: int, stop: int, heading_pat: re.Pattern[str]) -> list[int]:
    """1-based line numbers of the non-empty lines after the heading at `start` up to the next heading."""
    out: list[int] = []
    for i in range(start + 1, stop + 1):
        raw = lines[i - 1].strip()
        if not raw:
            continue
        if heading_pat.match(raw) and not _BULLET.match(raw):
            break
        out.append(i)
    return out


_TEAM_OF_DEPARTMENT = re.compile(r"팀(?:은|이|는)?(?:어느|어떤|무슨)(?:과|부서)|팀(?:은|이|는)?어디(?:과|부서|소속)")


def _sections_of_hits(data: Any, hits: Sequence[Any], terms: Sequence[str]) -> list[Any]:
    """Sections of the hits, best first: title matches weigh most, then retrieval rank."""
    seen: dict[str, tuple[float, Any]] = {}
    for h in hits:
        sid = h.chunk.section_id
        if sid in seen:
            continue
        try:
            sec = data.section(sid)
        except (KeyError, LookupError):
            continue
        score = 3 * _hits_score(compact(sec.title), terms) + _hits_score(compact(sec.path_text), terms) \
            + 2.0 / (h.rank + 1)
        seen[sid] = (score, sec)
    return [sec for _, sec in sorted(seen.values(), key=lambda x: -x[0])]


_ROWS_ASKED = re.compile(r"나열|뭐뭐|무엇무엇|뭐가있|뭐있|어떤것들|어떤게있|종류|목록|구성(?:이|은|은요)?(?:어떻게|뭐)")
_CELLS = re.compile(r"\t|\s\|\s")  # a line of a text table: cells split by tabs or ' | '


def _cells(line: str) -> list[str]:
    """The cells of a text table's line (one cell when the line is no table row)."""
    return _CELLS.split(line.strip().strip("|"))


def _rows_named_by_header(data: Any, sections: Sequence[Any], terms: Sequence[str],
                          limit: int = MAX_TEXT_LINES) -> list[tuple[str, int]]:
    """The rows of a text table whose header's first cell names an asked term ('공 간 명 | 세부내용' for '공간 뭐뭐
    있어?'), in the best section that has one: every line of the table after its header (at most MAX_TEXT_LINES)."""
    from app.engine.cite import numbered_span

    for sec in sections[:3]:
        lines = data.lines(sec.doc)
        start, end = numbered_span(data, sec.doc, sec.line_start) or (sec.line_start, sec.line_end)  # the project
        end = min(end, len(lines))
        for i in range(start, end + 1):
            cells = [c for c in _cells(lines[i - 1]) if c.strip()]
            if len(cells) < 2 or re.search(r"\d", cells[0]) or (i > 1 and len(_cells(lines[i - 2])) > 1):
                continue  # (a header is a table's first line)
            head = compact(cells[0])
            if not any(len(t) >= 2 and t in head and len(head) <= len(t) + 2 for t in terms):
                continue
            rows = []
            for n in range(i + 1, end + 1):
                if len(_cells(lines[n - 1])) < 2:
                    break
                if not re.fullmatch(r"[\s|:\-]*", lines[n - 1]):  # (a markdown rule line is no row)
                    rows.append((sec.doc, n))
            firsts = [compact(_cells(lines[n - 1])[0]) for _, n in rows]
            if any(len(t) >= 2 and t not in compact(sec.path_text) and sum(t in f for f in firsts) == 1 for t in terms):
                return []  # '정보통신과의 주요업무에는 어떤 것들': one row is named; its own line answers
            if len(rows) >= 2:
                return rows[:limit]
    return []


_ROWS_COUNTED = re.compile(r"몇(?:개|가지|종류|곳)(?:로|나|이나|의)?(?:구성|나뉘|나눠|있|돼|되|야|인|이야)")  # '공간이 몇 개로 구성돼'
MAX_COUNTED_ROWS = 30  # rows of a table counted for 'how many' (all of them cited)


_LAUNCH_ASKED = re.compile(r"나와|나오|나온|출시|오픈|개통|런칭|론칭|서비스\s*시작")  # '합친 앱 언제 나와?'
_LAUNCH_PRINTED = re.compile(r"오픈|출시|개통|개시|런칭")


def _schedule_block(data: Any, sections: Sequence[Any], terms: Sequence[str], key: str = "") -> list[tuple[str, int]]:
    """The lines under '추진일정' of the best section that has one (only the matching lines when some match); when a
    launch is asked ('언제 나와?'), the line that schedules it ('… 안정화('26.1 오픈예정)') first."""
    for sec in sections[:3]:
        lines = data.lines(sec.doc)
        for i in range(sec.line_start, min(sec.line_end, len(lines)) + 1):
            if "추진일정" in compact(lines[i - 1]) and len(compact(lines[i - 1])) <= 8:
                block = _block_after(lines, i, min(sec.line_end + 8, len(lines)), _HEADING)
                if not block:
                    continue
                title_key = compact(sec.path_text)
                specific = [n for n in block if any(covered(t, compact(lines[n - 1])) and not covered(t, title_key)
                                                    for t in terms)]
                picked = specific or block
                if _LAUNCH_ASKED.search(key):
                    launch = [n for n in block if _LAUNCH_PRINTED.search(lines[n - 1])]
                    picked = launch + [n for n in picked if n not in launch] if launch else picked
                return [(sec.doc, n) for n in picked][:MAX_TEXT_LINES]
    return []


ASKS_PLACE = re.compile(r"어디서|어디에서|장소|개최지")  # not a bare '어디' ('어디 과', '어디까지 됐어')
ASKS_PERIOD = re.compile(r"기간(?:은|이|는)?\s*(?:언제|어떻게|며칠)|며칠\s*동안|언제부터\s*언제까지")
_PERIOD_LINE = re.compile(r"^\s*[-*·○]?\s*(?:\(\s*[^()]{0,8}기\s*간[^()]{0,8}\)|기\s*간\s*[:：])")  # '- (기간/장소) …'
_PLACE_LINE = re.compile(r"^\s*[-*·○]?\s*(?:\(\s*[^()]{0,8}장\s*소\s*\)|장\s*소\s*[:：])")  # '- (기간/장소) …'


def _project_section(data: Any, sec: Any) -> Any:
    """The numbered section (one project) that holds a section, or the section itself."""
    want = _passage(" > ".join(sec.path))
    for s in sections_of(data, sec.doc):
        if " > ".join(s.path) == want:
            return s
    return sec


def _place_lines(data: Any, sections: Sequence[Any], terms: Sequence[str],
                 label: re.Pattern[str] | None = None) -> list[tuple[str, int]]:
    """The line labelled with a place ('(기간/장소)', '(장소)', '장소 :') of the best project that has one (or with
    the `label` given: '(기간)' for an event's dates)."""
    label = label or _PLACE_LINE
    seen: set[str] = set()
    for sec in sections[:6]:
        proj = _project_section(data, sec)
        if proj.section_id in seen:
            continue
        seen.add(proj.section_id)
        lines = data.lines(proj.doc)
        for i in range(proj.line_start, min(proj.line_end, len(lines)) + 1):
            if label.match(lines[i - 1]):
                return [(proj.doc, i)]
    return []


_PAGE_LINE = re.compile(r"^\s*업무보고\s*p\.")
_ASKS_PAGE = re.compile(r"페이지|몇쪽|쪽수|p\.", re.IGNORECASE)


def _definition_block(data: Any, hits: Sequence[Any], terms: Sequence[str],
                      pages: bool = False) -> list[tuple[str, int]]:
    """The '■ term' heading and its explanation lines of the best matching glossary entry."""
    best: tuple[float, str, int] | None = None
    for h in hits:
        doc = h.chunk.doc
        lines = data.lines(doc)
        for i in range(h.chunk.line_start, min(h.chunk.line_end, len(lines)) + 1):
            raw = lines[i - 1].strip()
            if raw.startswith("■"):
                sc = _hits_score(compact(raw), terms)
                if sc > 0 and (best is None or sc > best[0]):
                    best = (sc, doc, i)
    if best is None:
        return []
    _, doc, i = best
    lines = data.lines(doc)
    block = [j for j in _block_after(lines, i, min(len(lines), i + 12), re.compile(r"^\s*■"))
             if pages or not _PAGE_LINE.match(lines[j - 1])]  # the page reference only when a page is asked
    return [(doc, i)] + [(doc, j) for j in block[:MAX_TEXT_LINES - 1]]


_DEF_LINE = re.compile(r"^\s*[-*※·○]*\s*([^:：()]{1,30}?)\s*(?:\([^()]*\))?\s*[:：]\s*\S")  # '* 오탐(False Positive) : …'


def _term_definition_line(data: Any, hits: Sequence[Any], terms: Sequence[str]) -> list[tuple[str, int]]:
    """The first line of the top passages of the form 'term(…) : definition' whose term is an asked term."""
    for h in hits[:8]:
        c = h.chunk
        lines = data.lines(c.doc)
        for ln in c.lines or range(c.line_start, c.line_end + 1):
            m = _DEF_LINE.match(lines[ln - 1]) if 1 <= ln <= len(lines) else None
            if m and compact(m.group(1)) in terms:
                return [(c.doc, ln)]
    return []


_HEADING_FIGURE = re.compile(r"[:：]\s*[^:：]*\d")


def _states_itself(heading: str) -> bool:
    """A heading line that is evidence on its own: a glossary term, or a title that states a figure after ':'."""
    return heading.lstrip().startswith("■") or bool(_HEADING_FIGURE.search(heading))


def is_audit_row(raw: str) -> bool:
    """One item of an audit-result table: the requirement cell, a tab, then the cell with its 추진상황."""
    return "\t" in raw and "추진상황" in compact(raw)


def _repeats(key: str, terms: Sequence[str]) -> float:
    """How often the asked terms recur in a compact text after their first mention (each counted at most 3 times)."""
    return float(sum(min(key.count(t) - 1, 3) for t in terms if key.count(t) >= 2))


_PLAN_OR_RESULT = re.compile(r"(계획|실적)")
DATED_LINE_CHARS = 160  # a bullet (with its parent) short enough that a year in it dates what it says


def _dated_years(text: str) -> set[int]:
    """The years a line (with its parent bullet) is dated to: '2024년', "'24년", '(2025년 계획)'."""
    out = {int(m.group(1)) for m in re.finditer(r"(?<!\d)(20\d{2})(?:년|\))", text)}
    out |= {2000 + int(m.group(1)) for m in re.finditer(r"['’](\d{2})(?:년)", text)}
    return out


_PAST_ASKED = re.compile(r"했|됐|였|었|았|실적|작년|지난")  # a question of what was done ('몇 대 신설했어?')
EARLIER_RECORD_PENALTY = 4  # a record of a year before its report's, for a question of no year in the present


def _dated_score(score: float, dating: str, asked: set[int], plan: re.Match[str] | None,
                 report_year: int | None = None, past: bool = True) -> float | None:
    """A line's score as the years its text (with the bullet it sits under) is dated to allow: None for a record or
    plan of another year than the one asked ('(추진실적) 2024년 … 신설 3,096대' for the 2025 plan), lower for a line
    dated to another year, or of a record where a plan is asked (or the other way round); lower too for a line dated
    only to years before its report's own when no year is asked and the question is not of what was done ('지능형
    CCTV 사업 규모 중 신설 대수': the plan, not the record of 2024)."""
    dated = _dated_years(dating) if len(dating) <= DATED_LINE_CHARS else set()
    said = _PLAN_OR_RESULT.search(dating) if len(dating) <= DATED_LINE_CHARS else None
    if asked and dated and not dated & asked:
        if plan and said and plan.group(1) != said.group(1):
            return None
        score -= 6
    if not asked and not past and dated and report_year is not None and max(dated) < report_year:
        score -= EARLIER_RECORD_PENALTY
    if plan and said and plan.group(1) != said.group(1):
        score -= 2
    return score


def _candidate_lines(a: Analysis, data: Any, hits: Sequence[Any], terms: Sequence[str],
                     sections: Sequence[Any]) -> list[tuple[float, str, int]]:
    """(score, doc, line) for the lines of the top passages that mention question terms."""
    sec_rank = {s.section_id: i for i, s in enumerate(sections)}
    scored: list[tuple[float, str, int]] = []
    seen: set[tuple[str, int]] = set()
    years = _doc_years(data)
    asked = set(a.years) if a.year_explicit else set()
    newest = max(years.values(), default=None)
    soft = [t for t in a.terms if len(t) >= 2 and t not in terms and not t.isdigit()]
    if _ASKS_DONE.search(a.key) and "완료" not in soft:
        soft.append("완료")  # '구축 끝난 시스템': the line saying what was completed ('구축 완료')
    from app.analyze import asked_kinds

    team_of_department = bool(_TEAM_OF_DEPARTMENT.search(a.key))
    extra_kinds = [k for k in asked_kinds(a.norm) if k != a.wants]  # '총 얼마고 신설 몇 대야': money besides 대
    plan = _PLAN_OR_RESULT.search(a.key)  # '계획' or '실적' asked
    past = bool(_PAST_ASKED.search(a.key))
    headings = _heading_lines(data)
    for h in hits[:8]:
        c = h.chunk
        lines = data.lines(c.doc)
        sec_key = compact(" ".join(c.section_path))
        numbers = c.lines or tuple(range(c.line_start, c.line_end + 1))
        for ln in numbers:
            if (c.doc, ln) in seen or ln < 1 or ln > len(lines) or (c.doc, ln) in headings:
                continue
            seen.add((c.doc, ln))
            raw = lines[ln - 1]
            key = compact(raw)
            if len(key) < 4 or re.fullmatch(r"[|\-:]+", key):
                continue
            own = _hits_score(key, terms)
            parent = parent_bullet(lines, ln) if _LISTING.search(raw) else None
            read = key if parent is None else compact(lines[parent - 1]) + key
            if own > 0 and parent is not None:  # '- 구축 완료' / ' - 2등급(5종): A, B, C': a listing reads with its parent
                own = max(own, _hits_score(read, terms))
            sec_hits = _hits_score(sec_key, terms)
            title_hits = _hits_score(compact(c.section_path[-1]) if c.section_path else "", terms)
            if own <= 0 and not (sec_hits > 0 and satisfies(a.wants, raw) and a.wants) and not (
                    title_hits > 0 and (_BULLET.match(raw) or _LEADER.match(raw)) and a.wants is None):
                continue
            s = own + 0.5 * sec_hits + 1.0 / (h.rank + 1)
            s += sum(1.0 for t in soft if t in read)  # question words ('사업', '규모', '팀') break ties
            s += 1.0 / (1 + sec_rank.get(c.section_id, 9))
            s += 4 * sum(1 for k in extra_kinds if states_value(k, raw))  # each other asked kind the line holds
            if team_of_department and own > 0 and states_value("units", raw):
                s += 4  # '…팀 어느 과 소속이야': the organisation line listing the team under its 과
            below: int | None = None
            if satisfies(a.wants, raw):
                s += 4
            elif a.wants and own > 0:  # the value may sit on the next lines ('- ※ 사용인원: 6,739명')
                below = next((nb for nb in (ln + 1, ln + 2) if nb <= len(lines) and (c.doc, nb) not in seen
                              and satisfies(a.wants, lines[nb - 1])), None)
            if below is not None:
                # (dated as the line it sits under: '(추진실적) 2024년 CCTV 신설 및 교체' dates ' - CCTV 신설 3,096대')
                nb_s = _dated_score(s + 2, key + compact(lines[below - 1]), asked, plan, years.get(c.doc), past)
                if nb_s is not None:
                    scored.append((nb_s, c.doc, below))
            if years.get(c.doc) in asked:
                s += 3
            elif not asked and years.get(c.doc) == newest:
                s += 1.5  # no year named: the current report first
            up = parent_bullet(lines, ln) if raw.startswith((" ", "\t")) else None  # a sub-bullet is dated by its parent too
            dating = (compact(lines[up - 1]) if up else "") + key
            # ('(추진실적) 2024년 … 신설 3,096대' is nothing of the 2025 plan asked: another year's record; a bullet
            # dated to another year loses as much as a bullet dated to the asked year gains, below)
            dated_s = _dated_score(s, dating, asked, plan, years.get(c.doc), past)
            if dated_s is None:
                continue
            s = dated_s
            dated = _dated_years(dating) if len(dating) <= DATED_LINE_CHARS else set()
            if asked and dated & asked and years.get(c.doc) not in asked:
                s += 6  # '24년에 몇 대 신설': the 2025 report's bullet dated 2024, over the same report's 2025 plan
            if a.intent == "audit":
                s += (3 if "추진상황" in key else 0) + (5 if "감사" in sec_key else 0)
            scored.append((s, c.doc, ln))
    if a.intent == "audit" and terms:  # the audit-result sections, found by their titles, are read whole
        # (only their lines that may mention a term: the others score nothing)
        maybe = _lines_maybe_mentioning(data, terms)
        for sec in derived(data, "audit_sections", lambda: [x for x in data.sections if "감사" in compact(x.path_text)]):
            lines = data.lines(sec.doc)
            span = range(sec.line_start, min(sec.line_end, len(lines)) + 1)
            if maybe is not None:
                have = maybe.get(sec.doc, [])
                span = have[bisect.bisect_left(have, span.start):bisect.bisect_left(have, span.stop)]  # type: ignore[assignment]
            for ln in span:
                if (sec.doc, ln) in seen:
                    continue
                seen.add((sec.doc, ln))
                key = compact(lines[ln - 1])
                own = _hits_score(key, terms)
                if own > 0:
                    scored.append((own + 5 + (3 if "추진상황" in key else 0), sec.doc, ln))
    scored.sort(key=lambda x: -x[0])
    return scored


def _lines_maybe_mentioning(data: Any, terms: Sequence[str]) -> dict[str, list[int]] | None:
    """doc → the sorted lines that may mention one of the terms (`covered`, slips allowed), from the corpus line index;
    None when any line may."""
    from app.substrings import corpus_lines

    found: set[tuple[str, int]] = set()
    for t in terms:
        some = corpus_lines(data).maybe_holding(cover_pieces(t, slips=True))
        if some is None:
            return None
        found |= some
    out: dict[str, list[int]] = {}
    for doc, ln in sorted(found):
        out.setdefault(doc, []).append(ln)
    return out


def _heading_lines(data: Any) -> set[tuple[str, int]]:
    """(doc, line) of every section heading whose title travels in the section path (not the glossary terms or
    '조직 : 1국 6과', which state something themselves), once per loaded index."""
    return derived(data, "heading_lines", lambda: {(sec.doc, sec.line_start) for sec in data.sections
                                                   if not _states_itself(data.lines(sec.doc)[sec.line_start - 1])})


_ASKS_DONE = re.compile(r"끝난|끝났|끝낸|마친|마쳤|완료된|완료한|완료됐")


_LISTING = re.compile(r"(?:,(?!\d)[^,]*){2,}|(?:\s/\s.*){2,}")  # 'A, B, C' or 'A / B / C': items listed


def parent_bullet(lines: Sequence[str], ln: int, reach: int = 4) -> int | None:
    """The 1-based line of the bullet a sub-bullet at `ln` is indented under (within `reach` lines), else None."""
    raw = lines[ln - 1]
    indent = len(raw) - len(raw.lstrip())
    if not indent or not _BULLET.match(raw):
        return None
    for j in range(ln - 1, max(0, ln - 1 - reach), -1):
        prev = lines[j - 1]
        if not prev.strip():
            return None
        if len(prev) - len(prev.lstrip()) < indent:
            return j if _BULLET.match(prev) else None
    return None


_BOLD = re.compile(r"\*\*[^*\n]+\*\*")  # '**체험형 전시관**': emphasis, not a footnote marker
_NOTE_MARK = re.compile(r"(?<=[^\s*])(\*{1,3})(?!\*)")  # '지하시설물(6종)*', '직권취소**', '한끼*식당'
_NOTE_LINE = re.compile(r"^\s*(?:-\s*)?(\*{1,3})\s")  # '* 6종 시설물 : …', ' - * 카카오 대란 …'
FOOTNOTE_REACH = 6  # lines below a marked line its footnote may stand


def footnote_lines(lines: Sequence[str], ln: int) -> list[int]:
    """The 1-based lines of the footnotes ('* 6종 시설물 : 상수도, …') that a line's own markers ('지하시설물(6종)*')
    point to: the first line below, within FOOTNOTE_REACH, that opens with each marker; none past a new heading."""
    marks = {m.group(1) for m in _NOTE_MARK.finditer(_BOLD.sub("", lines[ln - 1]))}
    found: list[int] = []
    for j in range(ln + 1, min(len(lines), ln + FOOTNOTE_REACH) + 1):
        raw = lines[j - 1]
        m = _NOTE_LINE.match(raw)
        if m and (m.group(1) in marks or any(k in raw for k in marks if len(k) > len(m.group(1)))):
            found.append(j)  # ('* 동적 예약버튼 … ** 2024년 315건': one line may hold two footnotes)
            marks.discard(m.group(1))
        elif raw.strip() and not m and not raw.lstrip().startswith(("-", "※")) and len(raw.strip()) > 1:
            break  # a heading or paragraph of its own: the footnote would have stood before it
        if not marks:
            break
    return found


def _with_footnotes(data: Any, picked: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Each picked line brings the footnotes its markers point to: what '6종' or '분야별*' stands for."""
    out = list(picked)
    for doc, ln in picked:
        out += [(doc, j) for j in footnote_lines(data.lines(doc), ln) if (doc, j) not in out]
    return sorted(out)


def _with_parent_of_listing(data: Any, picked: list[tuple[str, int]], terms: Sequence[str]) -> list[tuple[str, int]]:
    """A picked listing sub-bullet that misses a key term its parent bullet names brings the parent, which says what
    the items are ('- … 재해복구시스템 구축 완료' above ' - 2등급(5종): A, B, C')."""
    out = list(picked)
    for doc, ln in picked:
        lines = data.lines(doc)
        raw = lines[ln - 1]
        parent = parent_bullet(lines, ln) if _LISTING.search(raw) else None
        if parent is None or (doc, parent) in out:
            continue
        own, up = compact(raw), compact(lines[parent - 1])
        if any(covered(t, up) and not covered(t, own) for t in terms):
            out.append((doc, parent))
    return sorted(out)


def _passage_key(data: Any, doc: str, ln: int) -> str:
    """Compact text of every line of the project passage (numbered section and its sub-headings) holding a line."""
    want = _passage(section_of(data, doc, ln))
    spans = [(s.line_start, s.line_end) for s in sections_of(data, doc) if _passage(" > ".join(s.path)) == want]
    lines = data.lines(doc)
    return "".join(compact(lines[i - 1]) for a, b in spans for i in range(a, min(b, len(lines)) + 1)) + compact(want)


def _names_own_term(data: Any, picked: Sequence[tuple[str, int]], terms: Sequence[str]) -> bool:
    """Whether every picked line names an asked term that its section path does not."""
    for d, n in picked:
        own, path = compact(data.lines(d)[n - 1]), compact(section_of(data, d, n))
        if not any(covered(t, own, strict=True) and not covered(t, path) for t in terms):
            return False
    return True


def _passage(path: str) -> str:
    """A section path without trailing unnumbered sub-headings ('사업개요', '추진현황'): one project's passage."""
    parts = path.split(" > ")
    while len(parts) > 1 and not re.match(r"^\s*(?:\d|[IVX]+\.)", parts[-1]):
        parts.pop()
    return " > ".join(parts)


@dataclass(frozen=True)
class PassageHit:
    """A chunk found other than by retrieval (a retrieved project's other chunks, a line scan), in the shape of
    `index.search.Hit`."""

    chunk: Any
    score: float
    rank: int


def _chunks_by_passage(data: Any) -> dict[tuple[str, str], list[Any]]:
    """The index's text chunks grouped by (report, project passage)."""
    def build() -> dict[tuple[str, str], list[Any]]:
        out: dict[tuple[str, str], list[Any]] = {}
        for ch in data.chunks:
            if ch.kind == "text" and len(ch.section_path) > 1:
                out.setdefault((ch.doc, _passage(" > ".join(ch.section_path))), []).append(ch)
        return out
    return derived(data, "chunks_by_passage", build)


# share of the key terms a project's headings must name for its other chunks to be read ('AI 페스타 소요예산': the
# title names 'AI', '페스타'; the '(소요예산)' line names the rest). The answer still needs every term covered.
WIDEN_COVERAGE = 0.6


def widen_to_passages(data: Any, hits: Sequence[Any], terms: Sequence[str], top: int = 3) -> list[Any]:
    """The hits, each of the first `top` followed by the other chunks of its project's passage when the passage's
    headings name most key terms (WIDEN_COVERAGE) ('AI 페스타 예산': the '(소요예산)' line sits in the project's
    사업개요 chunk, which retrieval ranked below the project's other chunks because the line itself names nothing)."""
    if not terms:
        return list(hits)
    have = {h.chunk.chunk_id for h in hits}
    out: list[Any] = []
    for i, h in enumerate(hits):
        out.append(h)
        ch = h.chunk
        if i >= top or ch.kind != "text" or len(ch.section_path) < 2:
            continue
        passage = _passage(" > ".join(ch.section_path))
        if " > " not in passage or coverage(terms, compact(passage.split(" > ", 1)[1])) < WIDEN_COVERAGE:
            continue
        for sib in _chunks_by_passage(data).get((ch.doc, passage), ()):
            if sib.chunk_id not in have:
                have.add(sib.chunk_id)
                out.append(PassageHit(sib, 0.0, 0))
    return [h if h.rank == k else PassageHit(h.chunk, h.score, k) for k, h in enumerate(out, start=1)]


AUDIT_ITEM = re.compile(r"추진상황\s*:")  # a line of the audit results: one demand with its status and measures


def _pick_lines(a: Analysis, data: Any, scored: list[tuple[float, str, int]], terms: Sequence[str]) -> list[tuple[str, int]]:
    """The best line, then lines that add missing terms or values, at most 3 (6 for lists)."""
    limit = MAX_TEXT_LINES if a.intent == "list" else 3
    picked: list[tuple[str, int]] = []
    key = ""
    first_section = None
    for s, doc, ln in scored:
        if len(picked) >= limit:
            break
        raw = data.lines(doc)[ln - 1]
        sec = _passage(section_of(data, doc, ln))
        k = compact(raw) + compact(sec)
        if not picked:
            picked.append((doc, ln))
            key = k
            first_section = (doc, sec)
            continue
        if (doc, sec) != first_section:
            continue  # evidence is one passage: lines from elsewhere cannot complete it
        if a.intent not in ("list", "audit") and AUDIT_ITEM.search(raw) and any(AUDIT_ITEM.search(data.lines(d)[n - 1])
                                                                  for d, n in picked):
            continue  # an audit item is a record of its own: another item's words cannot complete it
        adds = any(covered(t, k) and not covered(t, key) for t in terms)
        adds_value = not satisfies(a.wants, " ".join(data.lines(d)[n - 1] for d, n in picked)) and satisfies(a.wants, raw)
        if adds or adds_value or (a.intent == "list" and s >= scored[0][0] * 0.8):
            picked.append((doc, ln))
            key += k
    picked.sort()
    return picked


def _with_details(data: Any, picked: list[tuple[str, int]], terms: Sequence[str]) -> list[tuple[str, int]]:
    """The first picked bullet brings its indented sub-bullets that hold figures or question terms."""
    if not picked:
        return picked
    doc, ln = picked[0]
    lines = data.lines(doc)
    head = lines[ln - 1]
    indent = len(head) - len(head.lstrip())
    out = list(picked)
    for j in range(ln + 1, min(len(lines), ln + 4) + 1):
        raw = lines[j - 1]
        if not raw.strip():
            break
        deeper = (len(raw) - len(raw.lstrip())) > indent or re.match(r"^\s*[-*]?\s*[※*▶]", raw)
        if not deeper:
            break
        if (re.search(r"\d", raw) or any(covered(t, compact(raw)) for t in terms)) and (doc, j) not in out:
            out.append((doc, j))
        if len(out) >= len(picked) + 2:
            break
    return sorted(out)


def _expand_glossary(data: Any, picked: list[tuple[str, int]], pages: bool = False,
                     terms: Sequence[str] = ()) -> list[tuple[str, int]]:
    """A picked '■ term' heading brings its explanation lines (the first four, and any naming a question term)."""
    out: list[tuple[str, int]] = []
    for doc, ln in picked:
        lines = data.lines(doc)
        if (doc, ln) not in out:
            out.append((doc, ln))
        if lines[ln - 1].strip().startswith("■"):
            block = [j for j in _block_after(lines, ln, min(len(lines), ln + 12), re.compile(r"^\s*■"))
                     if pages or not _PAGE_LINE.match(lines[j - 1])]
            head_key = compact(lines[ln - 1])
            wanted = [j for k, j in enumerate(block) if k < 4 or any(
                covered(t, compact(lines[j - 1])) and not covered(t, head_key) for t in terms)]
            out.extend((doc, j) for j in wanted if (doc, j) not in out)
    return sorted(out)


LISTED_FACTS_CHARS = 150  # a bullet up to this length lists facts clause by clause ('A 4개소 운영, B 등 확대')
_LINE_LABEL = re.compile(r"^\s*[-*·※○□▶]?\s*([^:：]{2,30}?)\s*[:：]")
_CLAUSE_BREAK = re.compile(r",(?!\d)|;|\s/\s|※")


def clauses(line: str) -> list[str]:
    """A line cut at its commas, semicolons, slashes and notes outside parentheses ('버스터미널 4개소 시범운영(4월 ~
    7월)', '8월 이후 KTX역 등 단계적 확대 추진'); a thousands comma does not cut."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(line):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and i >= start and (m := _CLAUSE_BREAK.match(line, i)):
            out.append(line[start:i])
            start = m.end()
    out.append(line[start:])
    return [c for c in out if c.strip()]


_PLACES = r"(?:곳|개소|군데|개\s*소)"
_STATED_PLACES = re.compile(r"(?<![\d,.])(\d+|(?<![가-힣])(?:" + "|".join(KOREAN_NUMBERS) + r"))\s*" + _PLACES  # ('설치한 곳': no 1)
                            + r"(?![가-힣]*\s*(?:인지|인가|야|이야))")
_PRINTED_PLACES = re.compile(r"(?<![\d,.])(\d+)\s*" + _PLACES)


def _other_count_of_places(a: Analysis, data: Any, picked: Sequence[tuple[str, int]]) -> bool:
    """Whether the question names its subject by a number of places ('새로 만든 3곳의 방문인원') and a quoted line
    with a figure, read with its parent bullet, counts the places it is about differently ('2개소(서남, 서북)
    운영'): the figure is of other places. A line that counts no places does not decide."""
    if not picked or re.search(r"몇\s*" + _PLACES, a.norm):
        return False  # the number of places is what is asked
    stated = {int(n) if n.isdigit() else KOREAN_NUMBERS[n] for n in _STATED_PLACES.findall(a.norm)}
    if not stated:
        return False
    for doc, ln in picked:
        lines = data.lines(doc)
        if not re.search(r"\d", lines[ln - 1]):
            continue  # only a line that prints a figure is about a number of places
        up = parent_bullet(lines, ln)
        text = lines[ln - 1] + (" " + lines[up - 1] if up else "")
        printed = {int(n) for n in _PRINTED_PLACES.findall(text)}
        if printed and not stated & printed:
            return True
    return False


_COUNTERS = "개소|곳|군데|개|대|명|건|식|종"  # the counters of a count printed or asked ('몇 종', '3개소')
_COUNT_FIGURE = re.compile(r"(?<![\d,.])\d[\d,]*\s*(" + _COUNTERS + ")")
_COUNT_ASKED = re.compile(r"몇(" + _COUNTERS + ")")
_PLACE_COUNTERS = frozenset({"개소", "곳", "군데"})


def _counter_class(counter: str) -> str:
    """A counter as the kind of count it is: '개소', '곳' and '군데' count places alike."""
    return "곳" if counter in _PLACE_COUNTERS else counter


ACTION_NEAR_ASK = 8  # letters between '몇' and an action word said of the count asked ('몇 군데 운영 중')
ACTION_NEAR_FIGURE = 8  # letters between a printed count and the action word it is the count of


def count_actions() -> frozenset[str]:
    """Nouns of what is done to the things counted (lexicon `count_actions`: '신설', '운영', '조성')."""
    from app.engine.lexicon import raw_lexicon

    return frozenset(raw_lexicon().get("count_actions", {}).get("words", []))


@lru_cache(maxsize=1)
def _actions_longest_first() -> tuple[str, ...]:
    """`count_actions`, the longest first (a longer action word is matched before one inside it)."""
    return tuple(sorted(count_actions(), key=len, reverse=True))


@lru_cache(maxsize=256)
def asked_count_actions(question: str) -> frozenset[str]:
    """The action words said next to the count asked ('몇 군데 운영 중이야?' → {'운영'}; '신설 대수는 몇 대' →
    {'신설'}); empty when no count is asked or none is said."""
    key = compact(question)
    asks = [m.start() for m in re.finditer("몇", key)]
    out = set()
    actions = count_actions()
    for w in actions:
        for m in re.finditer(re.escape(w), key):
            if any(abs(p - q) <= ACTION_NEAR_ASK for q in asks for p in (m.start(), m.end())):
                out.add(w)
    if asks and not out:  # '몇 군데 더 짓는대?': a verb of the asker's whose glosses are an action ('짓' → 조성)
        from app.engine.lexicon import glosses
        from index.tokenize import get_kiwi

        gl = glosses()
        pos = [i for i, ch in enumerate(question) if not ch.isspace()]
        for t in get_kiwi().tokenize(question):
            if t.tag in ("VV", "VV-R", "VV-I") and t.start < len(question):
                at = len([i for i in pos if i < t.start])
                if any(abs(at - q) <= ACTION_NEAR_ASK + 4 for q in asks):
                    out |= {g for g in gl.get(t.form, ()) if g in actions}
    return frozenset(out)


def bound_actions(line: str) -> list[str | None]:
    """For each count a line prints, the action word it counts: the one just before it ('추가 조성(3개소)') or just
    after it, past a bracket of names ('2개소(서남, 서북) 운영', '4개소 시범운영'); None where no action is said."""
    return [action_of_count(line, m.start(), m.end()) for m in _COUNT_FIGURE.finditer(line)]


def action_of_count(line: str, start: int, end: int) -> str | None:
    """The action word the count printed at line[start:end] counts: the one just before it ('추가 조성(3개소)') or
    just after it, past a bracket of names ('2개소(서남, 서북) 운영'); None where no action is said."""
    actions = _actions_longest_first()
    before = compact(line[max(0, start - ACTION_NEAR_FIGURE - 2):start]).rstrip("(（")
    after = compact(re.sub(r"^\s*\([^()]*\)", "", line[end:]))[:ACTION_NEAR_FIGURE]
    found = next((w for w in actions if before.endswith(w) or before.endswith(w + "및")), None)
    if found is None:
        # (past the noun counted: '3개 권역 추가 조성')
        found = next((w for w in actions if re.match(r"(?:[가-힣]{1,3}?)?(?:시범|추가|신규)?" + re.escape(w),
                                                      after)), None)
    return found


def same_actions(actions: frozenset[str]) -> frozenset[str]:
    """Action words with the reports' words for the same act (lexicon `paraphrases`: '설치' → 신설)."""
    from app.analyze import PARAPHRASES

    return frozenset(actions) | {p for a in actions for p in PARAPHRASES.get(a, ())}


def claimed_count_actions(text: str, start: int, end: int) -> frozenset[str]:
    """The action words a question says by the count it claims at text[start:end] ('이미 3개소 운영 중이라는데' →
    {'운영'}), read as a printed count's own action is (`action_of_count`)."""
    found = action_of_count(text, start, end)
    if found is None:
        after = compact(text[end:])[:ACTION_NEAR_ASK]
        found = next((w for w in _actions_longest_first() if w in after), None)
    return same_actions(frozenset({found} if found else ()))


def counts_another_action(question: str, line: str) -> bool:
    """Whether every count a line prints is the count of another action than the one the question asks a count of
    ('… 몇 군데 운영 중이야?': '운영 및 추가 조성(3개소)' counts the places to be built, not those running); False
    when the question says no action by its count, or the line prints a count of no said action."""
    asked = same_actions(asked_count_actions(question))
    if not asked:
        return False
    unit = _COUNT_ASKED.search(compact(question))
    if unit is not None:  # only the line's counts of the kind asked ('몇 종': not its '329식', '76식')
        figures = [m for m in _COUNT_FIGURE.finditer(line) if _counter_class(m.group(1)) == _counter_class(unit.group(1))]
        bound = [action_of_count(line, m.start(), m.end()) for m in figures]
    else:
        bound = bound_actions(line)
    return bool(bound) and all(b is not None and not any(b.endswith(a) or a.endswith(b) for a in asked)
                               for b in bound)


def _count_bound(a: Analysis, data: Any, picked: Sequence[tuple[str, int]], terms: Sequence[str]) -> bool:
    """Whether a count the question asks for is read from a clause of its own line that is about what is asked: a
    count printed in a clause that names no key term is not the count of a key term another clause of the same line
    names after it ('버스터미널 4개소 시범운영, 8월 이후 KTX역 등 확대': no count of the stations), unless its bullets
    above, its label or its section path name that term for the whole line. The picked lines are read with the
    sub-bullets quoted with them."""
    from app.engine.lexicon import raw_lexicon

    actions = set(raw_lexicon().get("count_actions", {}).get("words", []))
    key = compact(getattr(a, "key", ""))
    asks = [m.start() for m in re.finditer("몇", key)]
    # an action word said next to the count asked ('신설 대수는 몇 대', '몇 대 새로 설치'), not one of a title's words
    asked_action = [t for t in terms if t in actions and any(
        abs(p - m) <= 8 for m in asks for p in (key.find(t), key.find(t) + len(t)) if key.find(t) >= 0)]
    subject = [t for t in terms if t not in actions]
    counted = False
    for doc, ln in picked:
        lines = data.lines(doc)
        parts = clauses(lines[ln - 1])
        holding = [c for c in parts if states_value(a.wants, c)]
        if not holding:
            continue
        counted = True
        if counts_another_action(getattr(a, "norm", ""), lines[ln - 1]):
            continue  # '몇 군데 운영 중': a line that counts the places to be built answers no count of those running
        context = compact(section_of(data, doc, ln)) + _annotated(data, doc, ln)
        up = ln
        while (up := parent_bullet(lines, up)) is not None:
            context += compact(lines[up - 1])
        label = _LINE_LABEL.match(lines[ln - 1])
        if label:
            context += compact(label.group(1))
        around = compact(lines[ln - 1]) + context
        if asked_action and subject and not (any(covered(t, around, strict=True) for t in subject)
                                             and any(covered(t, around, strict=True) for t in asked_action)):
            # '공공와이파이 신설 몇 대': a line counting another thing's 신설 (CCTV), or the thing's 교체, is no count of it
            continue
        if len(lines[ln - 1]) > LISTED_FACTS_CHARS:
            return True  # a long sentence carries its subject across its commas
        if any(covered(t, compact(c), strict=True) for c in holding for t in terms):
            return True
        last = max(i for i, c in enumerate(parts) if c in holding)
        after = [compact(c) for c in parts[last + 1:last + 2]]  # the clause next to it (its subject comes before it)
        if not any(covered(t, o, strict=True) and not covered(t, context, strict=True) for t in terms for o in after):
            return True
    return not counted


# an amount broken down into two or more named parts: '4,419백만원(市 535백만원, 서울디지털재단 3,884백만원)'
_BREAKDOWN = re.compile(r"\d\s*(?:천원|백만원|억원?|만원|원)\s*\(\s*[^()\d]{1,20}?\s*[\d,.]+\s*(?:천원|백만원|억원?|만원|원)?"
                        r"\s*[,/·]\s*[^()\d]{1,20}?\s*[\d,.]+")


def _share_in_breakdown(term: str, text: str) -> bool:
    """Whether a question word names a funder's share of a budget (lexicon `budget_shares`: '부담', '몫') and the
    text breaks an amount down into named parts: the parts are the shares, so the word needs no evidence of its own."""
    from app.engine.lexicon import raw_lexicon

    shares = raw_lexicon().get("budget_shares", {}).get("words", [])
    return term in shares and bool(_BREAKDOWN.search(text))


def _evidence_key(data: Any, picked: Sequence[tuple[str, int]]) -> str:
    """Compact text of picked lines with their section paths and the unit whose project heading holds them ('3.9.
    … 재해복구시스템 확대 (데이터센터)'; what the coverage check reads); a note line ('※ …') is read with the line it
    annotates."""
    return "".join(compact(data.lines(d)[n - 1]) + compact(section_of(data, d, n)) + _annotated(data, d, n)
                   + "".join(compact(x) for x in _departments_at(data, d, n)) for d, n in picked)


def _departments_at(data: Any, doc: str, line: int) -> list[str]:
    """The departments printed on the headings of the sections that hold a line (one project's unit), in order."""
    return list(dict.fromkeys(sec.department for sec in sections_of(data, doc)
                              if sec.department and sec.line_start <= line <= sec.line_end))


_NOTE = re.compile(r"^\s*[-·]?\s*[※*＊]")


def _annotated(data: Any, doc: str, line: int) -> str:
    """For a note line ('- ※ 사용인원: 6,739명'), the compact text of the line just above it, which it annotates
    ('- 서울AI챗(공개용): …'): the note's subject is named there, not in the note."""
    lines = data.lines(doc)
    if not _NOTE.match(lines[line - 1]) or line < 2:
        return ""
    above = lines[line - 2]
    return compact(above) if above.strip() and not _NOTE.match(above) else ""


def _lead_with_covering_line(a: Analysis, data: Any, scored: list[tuple[float, str, int]],
                             terms: Sequence[str], reach: int = 20) -> list[tuple[str, int]]:
    """When the best line's passage misses a term: the lines picked around the first candidate that, with its
    section path, names every key term and holds the value asked (e.g. a glossary line under '■ 와이파이')."""
    for i, (_, doc, ln) in enumerate(scored[:reach]):
        raw = data.lines(doc)[ln - 1]
        if coverage(terms, _evidence_key(data, [(doc, ln)]), strict=True) >= 1.0 and satisfies(a.wants, raw):
            return _pick_lines(a, data, [scored[i], *scored[:i], *scored[i + 1:]], terms)
    return []


def _raw_text(data: Any, picked: Sequence[tuple[str, int]]) -> str:
    """The original text of picked lines, one per line."""
    return "\n".join(data.lines(d)[n - 1] for d, n in picked)


def _lead_with_stated_value(a: Analysis, data: Any, scored: list[tuple[float, str, int]],
                            terms: Sequence[str], reach: int = 20) -> list[tuple[str, int]]:
    """When the picked lines only list items ('· A · B') for a count: the lines picked around the first candidate
    that prints a number with the asked counter ('관할기관(61개)') and, with its passage, names every key term."""
    return _lead_with_printing(a, data, scored, terms, lambda line: states_value(a.wants, line), reach)


def _lead_with_printing(a: Analysis, data: Any, scored: list[tuple[float, str, int]], terms: Sequence[str],
                        prints: Callable[[str], Any], reach: int = 20) -> list[tuple[str, int]]:
    """The lines picked around the first of the best `reach` candidates whose line `prints` what is asked (a count
    with its counter, a running total) and, with its passage, names every key term; [] when none does."""
    for i, (_, doc, ln) in enumerate(scored[:reach]):
        if not prints(data.lines(doc)[ln - 1]):
            continue
        picked = _pick_lines(a, data, [scored[i], *scored[:i], *scored[i + 1:]], terms)
        if coverage(terms, _evidence_key(data, picked), strict=True) >= 1.0:
            return picked
    return []


_WHERE_ASKED = re.compile(r"어디어디|어디에있|어디있|어디에위치|위치(?:가|는|한)?어디|어느동네|어느구|어느지역")


@lru_cache(maxsize=1)
def _district_pattern() -> re.Pattern[str]:
    from app.engine.lexicon import raw_lexicon

    names = raw_lexicon().get("places", {}).get("district", {}).get("names", [])  # '영등포구', also '(영등포)'
    stems = sorted({n[:-1] if len(n) >= 3 and n.endswith("구") else n for n in names}, key=len, reverse=True)
    return re.compile(r"(?<![가-힣])(?:" + "|".join(map(re.escape, stems)) + r")(?:구|區)?(?![가-힣])") if stems \
        else re.compile(r"(?!x)x")


def _names_a_district(line: str) -> bool:
    """Whether a line names one of Seoul's districts as a word of its own ('서남(영등포)', '은평구')."""
    return bool(_district_pattern().search(line))


def _lead_with_district(data: Any, scored: list[tuple[float, str, int]],
                        terms: Sequence[str]) -> list[tuple[str, int]]:
    """'디지털동행플라자 지금 어디어디 있어?': the lines picked around the first candidate that names a district
    ('서남(영등포), 서북(은평)센터 2개소 운영 중') and, with its passage, names every key term; [] when none does."""
    from app.engine.cite import numbered_span

    seen: set[tuple[str, int, int]] = set()
    for _, doc, ln in scored[:3]:  # the projects of the best candidates, read whole (the line may name no key term)
        span = numbered_span(data, doc, ln)
        if span is None or (doc, *span) in seen:
            continue
        seen.add((doc, *span))
        lines = data.lines(doc)
        for n in range(span[0], min(span[1], len(lines)) + 1):
            if _names_a_district(lines[n - 1]) and coverage(terms, _evidence_key(data, [(doc, n)]), strict=True) >= 1.0:
                return [(doc, n)]
    return []


_CUMULATIVE_ASKED = re.compile(r"지금까지|누적|여태|통틀어|여지껏|이제까지|현재까지")
_CUMULATIVE_PRINTED = re.compile(r"누적\s*[:：]?\s*\d|누계\s*[:：]?\s*\d")


ASKS_BUDGET = re.compile(r"예산|사업비")
# a project's own budget bullet: '- 사업예산 : 808백만원(…)', '- (소요예산) 335백만원'
BUDGET_LINE = re.compile(r"^\s*[-*·○]?\s*\(?\s*(?:총\s*)?(?:사업\s*예산|소요\s*예산|총?\s*사업비)\s*\)?\s*[:：]?\s*[\d약총]")
_MILLION = re.compile(r"([\d,]+(?:\.\d+)?)\s*백만원")


def _year_order(a: Analysis, data: Any, doc: str) -> int:
    """0 for the report asked about (else the newest report), 1 for the others."""
    years = _doc_years(data)
    if a.year_explicit:
        return 0 if years.get(doc) in a.years else 1
    return 0 if years.get(doc) == max(years.values(), default=None) else 1


def _lead_with_budget_line(a: Analysis, data: Any, scored: list[tuple[float, str, int]],
                           terms: Sequence[str], reach: int = 30) -> list[tuple[str, int]]:
    """For a project's budget: the lines picked around its own budget bullet, the asked (else newest) report's first,
    whose passage names every key term."""
    budget = [(i, d, n) for i, (_, d, n) in enumerate(scored[:reach])
              if BUDGET_LINE.match(data.lines(d)[n - 1]) and satisfies("money", data.lines(d)[n - 1])]
    budget.sort(key=lambda x: (_year_order(a, data, x[1]), x[0]))
    for i, _, _ in budget:
        picked = _pick_lines(a, data, [scored[i], *scored[:i], *scored[i + 1:]], terms)
        if coverage(terms, _evidence_key(data, picked), strict=True) >= 1.0:
            return picked
    return []


def _table_budget_differs(a: Analysis, data: Any, doc: str, ln: int) -> TableRecord | None:
    """A 사업비/예산 cell in a table of the same project for the asked (else the report's) year whose value differs
    from the amount of the budget bullet at `ln` (both in 백만원)."""
    m = _MILLION.search(data.lines(doc)[ln - 1])
    if not m:
        return None
    text_value = float(m.group(1).replace(",", ""))
    year = a.years[0] if a.year_explicit and a.years else _doc_years(data).get(doc)
    project = _passage(section_of(data, doc, ln))
    for rec in of_doc(records_of(data), doc):
        if rec.unit != "백만원" or rec.value is None or column_year(rec.column) != year:
            continue
        if not re.search(r"사업비|예산", compact(rec.row_path_text)):
            continue
        if _passage(_section_path(data, rec.section_id)) != project:
            continue
        return rec if rec.value != text_value else None
    return None


MAX_EQUAL_AUDIT_ITEMS = 3
AUDIT_NEAR = 3.0  # audit items scored within this of the best line are compared by how well they match


def _audit_match(key: str, terms: Sequence[str]) -> tuple[frozenset[str], float]:
    """How an audit item matches the question: the asked terms it names and how often it repeats them."""
    return frozenset(t for t in terms if covered(t, key, strict=True)), _repeats(key, terms)


def _best_audit_items(data: Any, scored: list[tuple[float, str, int]], picked: list[tuple[str, int]],
                      terms: Sequence[str]) -> list[tuple[str, int]]:
    """When the best line is an audit item: among the items scored close to it, the one naming most asked terms
    and repeating them most leads, and items that match exactly as well are quoted with it."""
    top = next(((s, d, n) for s, d, n in scored if (d, n) in picked), None)
    if top is None or not is_audit_row(data.lines(top[1])[top[2] - 1]):
        return picked
    near = [(d, n) for s, d, n in scored
            if d == top[1] and s >= top[0] - AUDIT_NEAR and is_audit_row(data.lines(d)[n - 1])]
    rank = {dn: _audit_match(compact(data.lines(dn[0])[dn[1] - 1]), terms) for dn in near}
    best = max(near, key=lambda dn: (len(rank[dn][0]), rank[dn][1]))  # first (best scored) among equals
    if rank[best][0] != rank[(top[1], top[2])][0] and not rank[best][0] > rank[(top[1], top[2])][0]:
        best = (top[1], top[2])  # another set of terms, not a superset: keep the retrieval's choice
    out = [dn for dn in picked if dn != (top[1], top[2])]
    for dn in [best] + [dn for dn in near if dn != best and rank[dn] == rank[best]]:
        if dn not in out and len(out) < len(picked) - 1 + MAX_EQUAL_AUDIT_ITEMS:
            out.append(dn)
    return [best] + sorted(dn for dn in out if dn != best)  # the item that names most asked terms leads


# 'RAG가 무슨 뜻이야?', 'SDP 의미가 뭐예요', 'EDR이 뭐의 약자야': the meaning of a word is asked (not what a project does)
_MEANING_ASKED = re.compile(r"([A-Za-z가-힣][A-Za-z0-9가-힣·\-]*?)(?:이|가|은|는|의|란|이란)?\s*(?:뭐의\s*|무엇의\s*)?"
                            r"(?:무슨\s*뜻|뜻(?:이|은)?|의미(?:가|는)?|정의(?:가|는)?|약자|약어|줄임말|풀네임)")


def meaning_asked_of(question: str) -> str | None:
    """The word whose meaning the question asks ('RAG가 무슨 뜻이야?' → 'RAG'), or None when it asks no meaning."""
    m = _MEANING_ASKED.search(re.sub(r"(?:무엇|뭐|뭘)(?:을|를)?\s*(?=의미|뜻)", "", question))  # ('SDP는 무엇을 의미')
    return m.group(1) if m and len(m.group(1)) >= 2 else None


def defines(line: str, word: str) -> bool:
    """Whether a line says what a word means: a glossary-style 'word(…)'/'word :'/'word란 …', or the word in
    parentheses after its long form ('검색증강생성(RAG)'), not a line that only uses it."""
    key = compact(line).lstrip("-○•·▪◦*")
    w = compact(word)
    return key.startswith(w) or bool(re.search(re.escape(w) + r"(?:\(|:|：|이란|란|라\s*함|이라\s*함)", key)) \
        or bool(re.search(r"[가-힣A-Za-z]{2,}\(" + re.escape(w) + r"[,)]", key))


def compose_extractive(a: Analysis, data: Any, hits: Sequence[Any]) -> tuple[Composed | None, float]:
    """An answer quoting the best lines of the top passages, and the share of key terms they cover.

    A result that does not hold the kind of value asked for (a count, an amount, a date) has coverage 0.
    """
    terms = a.key_terms
    pages = bool(_ASKS_PAGE.search(a.key))  # "몇 페이지": the glossary entry keeps its "업무보고 p.N" line
    if not hits:
        return None, 0.0
    sections = _sections_of_hits(data, hits, terms)
    picked: list[tuple[str, int]] = []
    block = ""
    blocks: list[tuple[str, Callable[[], list[tuple[str, int]]]]] = []
    from app.engine.claims import claimed_place

    if ASKS_PLACE.search(a.key) or claimed_place(a.norm):  # '언제 어디서', '코엑스에서 열리는 거 맞아?': the
        # '(기간/장소)' line answers both
        blocks.append(("place", lambda: _place_lines(data, sections, terms)))
    elif ASKS_PERIOD.search(a.key):  # '행사 기간 언제': the event's '(기간/장소)' or '(기간)' line
        blocks.append(("place", lambda: _place_lines(data, sections, terms, _PERIOD_LINE)))
    rows_counted = bool(_ROWS_COUNTED.search(a.key))  # '페스타 공간이 몇 개로 구성돼?': the rows counted, each named
    if rows_counted:
        blocks.append(("rows", lambda: _rows_named_by_header(data, sections, terms, MAX_COUNTED_ROWS)))
    elif _ROWS_ASKED.search(a.key):  # 'AI 페스타 공간 뭐뭐 있어?': the rows of the table whose header names 공간
        blocks.append(("rows", lambda: _rows_named_by_header(data, sections, terms)))
    if a.intent == "schedule":
        blocks.append(("schedule", lambda: _schedule_block(data, sections, terms, a.key)))
    elif a.intent == "definition":
        blocks.append(("definition", lambda: _definition_block(data, hits, terms, pages)))
        blocks.append(("term", lambda: _term_definition_line(data, hits, terms)))
    passage_key = ""
    lead_item: tuple[str, int] | None = None
    for name, build in blocks:
        picked = build()
        if picked and coverage(terms, _evidence_key(data, picked)) >= 1.0:
            block = name
            break
        if picked and (name == "place" or (name == "schedule" and _names_own_term(data, picked, terms))):
            # a '(기간/장소)' line is a label line: its project's passage says what event it is of
            passage_key = _passage_key(data, *picked[0])  # the project's other lines say what the schedule is of
            if coverage(terms, passage_key, strict=True) >= 1.0:
                block = name
                break
            passage_key = ""
        picked = []
    if not picked:
        scored = _candidate_lines(a, data, hits, terms, sections)
        picked = _pick_lines(a, data, scored, terms)
        if picked and coverage(terms, _evidence_key(data, picked), strict=True) < 1.0:
            picked = _lead_with_covering_line(a, data, scored, terms) or picked
        if picked and a.wants == "개" and not states_value(a.wants, _raw_text(data, picked)):
            picked = _lead_with_stated_value(a, data, scored, terms) or picked
        picked = _best_audit_items(data, scored, picked, terms) if picked else picked
        if picked and is_audit_row(data.lines(picked[0][0])[picked[0][1] - 1]):
            lead_item = picked[0]  # (the audit item that names most asked terms is quoted first)
        if picked and a.wants == "money" and a.intent != "audit" and ASKS_BUDGET.search(a.key):
            picked = _lead_with_budget_line(a, data, scored, terms) or picked
        if picked and _WHERE_ASKED.search(a.key) and not any(_names_a_district(data.lines(d)[n - 1]) for d, n in picked):
            picked = _lead_with_district(data, scored, terms) or picked
        if picked and _CUMULATIVE_ASKED.search(a.key) and not any(
                _CUMULATIVE_PRINTED.search(data.lines(d)[n - 1]) for d, n in picked):
            picked = _lead_with_printing(a, data, scored, terms, _CUMULATIVE_PRINTED.search) or picked  # ('누적 872대')
    if picked and a.wants in COUNTED:
        kept = [(d, n) for d, n in picked if not counts_another_action(a.norm, data.lines(d)[n - 1])]
        if len(kept) < len(picked) and any(states_value(a.wants, data.lines(d)[n - 1]) for d, n in kept):
            picked = kept  # '몇 개소 운영 중': a line counting the places to be built is not quoted with the answer
    if not picked:
        return None, 0.0
    if a.intent == "definition" and not block and (word := meaning_asked_of(a.norm)) is not None \
            and not any(defines(data.lines(d)[n - 1], word) for d, n in picked):
        return None, 0.0  # 'RAG가 무슨 뜻이야?': lines that only use the word do not say what it means
    picked = _expand_glossary(data, picked, pages, terms)
    # the decision rests on the picked lines; sub-bullets below the first one are added for the reader
    evidence_key = _evidence_key(data, picked)
    evidence_key += passage_key
    raw_text = "\n".join(data.lines(d)[n - 1] for d, n in picked)
    cov = coverage(terms, evidence_key, strict=True)
    rows_counted = rows_counted and block == "rows"
    if not satisfies(a.wants if a.intent != "audit" else None, raw_text) and not rows_counted:
        cov = 0.0
    if not from_to_answered(a.norm, "\n".join(data.lines(d)[n - 1] for d, n in _with_details(data, picked, terms))):
        cov = 0.0  # '몇 개에서 몇 개로 늘려?': only a line that prints a figure and what it becomes answers
    if a.wants == "person" and not names_post_holder(terms, raw_text):
        cov = 0.0  # a person's name only from a line that prints it beside the asked post
    holding = "\n".join(x for x in raw_text.split("\n") if states_value(a.wants, x)) if a.wants in COUNTED else ""
    if not states_headcount_asked(a.key, holding or raw_text):
        cov = 0.0  # '현원 몇 명' is not answered by a line that prints only the 정원 (or the other way round), nor by
        # a 정원 printed beside a heading that says 현원 ('○ 직종별 현원' above, '… (정원 52명)' of another body)
    if cov >= 1.0 and _other_count_of_places(a, data, picked):
        cov = 0.0  # '새로 만든 3곳 방문인원': the line counts the 2개소 already running, not the 3 asked
    if cov >= 1.0 and a.wants in COUNTED and a.intent != "audit" and not _count_bound(
            a, data, _with_details(data, picked, terms), terms):
        cov = 0.0  # '8월 이후 KTX역 몇 곳': the '4개소' on the line counts the bus terminals of another clause
    picked = _with_parent_of_listing(data, picked, terms)
    picked = _with_footnotes(data, _with_details(data, picked, terms))
    if lead_item in picked:
        picked = [lead_item] + [dn for dn in picked if dn != lead_item]
    cites = Cites(data)
    body: list[str] = []
    for doc, ln in picked:
        raw = data.lines(doc)[ln - 1]
        txt = clean_line(raw)
        if a.intent == "audit":
            txt = _audit_summary(txt, terms, a.wants)
        if _LEADER.match(raw):  # the heading it continues is shown with it: '조직 ..... 1국 6과 31팀 2사업소'
            txt = f"{section_of(data, doc, ln).split(' > ')[-1]} {txt}"
        txt = re.sub(r"^[-*·▶\s]+", "", txt)
        n = cites.text(doc, ln)
        body.append(f"- {txt} [{n}]")
    sec = _passage(section_of(data, picked[0][0], picked[0][1]))
    title = strip_numbering(sec.split(" > ")[-1]) if sec else ""
    title = re.sub(r"['‘’]", "", title)  # ("'디지털동행 파트너' 운영": quoted once, not twice)
    if rows_counted:
        names = [re.sub(r"\s+", " ", _cells(data.lines(d)[n - 1])[0]).strip() for d, n in picked]
        lead = f"표에 적힌 것은 {len(picked)}개입니다: {', '.join(names)}."
    elif block == "schedule":
        lead = f"'{title}'의 추진일정입니다." if title else "추진일정입니다."
    elif block == "place":
        lead = f"'{title}'의 기간·장소입니다." if title else "문서에 따르면 다음과 같습니다."
    elif block == "definition":
        lead = "문서의 용어 설명입니다."
    elif a.intent == "audit":
        lead = "행정사무감사 처리결과에 따르면 다음과 같습니다."
    else:
        lead = "문서에 따르면 다음과 같습니다."
    text = lead + "\n" + "\n".join(body)
    if a.wants == "money" and ASKS_BUDGET.search(a.key):
        for doc, ln in picked:
            rec = _table_budget_differs(a, data, doc, ln) if BUDGET_LINE.match(data.lines(doc)[ln - 1]) else None
            if rec is not None:  # the text and the project's table disagree: both are stated, each cited
                text += (f"\n같은 사업의 표에는 {rec.column} {josa(rec.row_path_text, '이/가')} {rec.value_raw}{rec.unit}"
                         f"[{cites.figure(rec)}]으로 적혀 있어 본문과 다릅니다.")
                break
    return Composed(text=text, citations=cites.build(), kind="extractive"), cov


_FROM_TO_ASKED = re.compile(r"(?:몇|얼마)\s*[가-힣]{0,3}\s*에서\s*(?:몇|얼마)")
_FROM_TO_PRINTED = re.compile(r"\d[^\d\n]{0,12}(?:→|->|⇒|➝|➞)[^\d\n]{0,12}\d|\d[\d,.]*\s*[가-힣%]{0,3}\s*에서\s*\d")


def from_to_answered(question: str, text: str) -> bool:
    """False when the question asks what a figure was and became ('몇 개에서 몇 개로') and the text prints no figure
    with what it becomes ('10개 → 15개', '3개월에서 1일로')."""
    return not _FROM_TO_ASKED.search(question) or bool(_FROM_TO_PRINTED.search(text))


_STATUS = re.compile(r"추진상황\s*:\s*(\S+)")


AUDIT_DETAIL_CHARS = 220  # the 추진내용 shown whole up to this length
AUDIT_MATCHED_CHARS = 480  # longer: the measures naming the question's terms or values, up to this length


def _matching_measures(detail: str, terms: Sequence[str], wants: str | None, first: bool = True) -> str:
    """The measures ('○ …' with their '- …' sub-items) of a long 추진내용 that name an asked term or hold the
    kind of value asked, the first measure always (unless `first` is False); '' when no later measure matches."""
    pieces = [p.strip() for p in re.split(r"\s*○\s*", detail) if p.strip()]
    keep = [p for i, p in enumerate(pieces) if (i == 0 and first) or any(covered(t, compact(p), strict=True, slips=True)
                                                                        for t in terms) or states_value(wants, p)]
    if len(keep) <= (1 if first else 0):
        return ""
    out = " ○ ".join(keep)
    if len(out) > AUDIT_MATCHED_CHARS:  # too long: the measures naming most asked terms are kept whole first
        keep = _fitting_measures(keep, terms)
        out = " ○ ".join(keep)
    return "○ " + out[:AUDIT_MATCHED_CHARS].rstrip() + ("…" if len(out) > AUDIT_MATCHED_CHARS else "")


def _fitting_measures(measures: Sequence[str], terms: Sequence[str]) -> list[str]:
    """The measures that fit in AUDIT_MATCHED_CHARS, taken by how many asked terms they name (the first measure and
    then the earlier one among equals), shown in their order; the best one alone when none fits."""
    named = [sum(1 for t in terms if covered(t, compact(p), strict=True, slips=True)) for p in measures]
    order = sorted(range(len(measures)), key=lambda i: (-named[i], i != 0, i))
    chosen: list[int] = []
    size = 0
    for i in order:
        extra = len(measures[i]) + (3 if chosen else 0)
        if size + extra <= AUDIT_MATCHED_CHARS:
            chosen.append(i)
            size += extra
    return [measures[i] for i in sorted(chosen or order[:1])]


def _audit_summary(text: str, terms: Sequence[str] = (), wants: str | None = None) -> str:
    """'요구사항 → 추진상황: X; 추진내용 …' from an audit-result table row (cleaned); a long 추진내용 keeps the
    measures that name the question's terms."""
    m = _STATUS.search(text)
    if not m:
        return text
    ask, _, rest = text.partition("|")
    status = m.group(1)
    detail = rest[m.end() - len(ask) - 1:] if m.end() > len(ask) else rest
    detail = re.sub(r"^[□\s]*추진내용(?:\s*및\s*향후\s*추진계획)?\s*", "", detail.strip())
    plan_at = _PLAN.search(detail)
    done, plan = (detail[:plan_at.start()].strip(), detail[plan_at.end():].strip()) if plan_at else (detail, "")
    if plan and wants is None and len(done) <= AUDIT_DONE_CHARS:
        # what was done, whole ('사용허가 취소 …, 강제집행 …, 이행보증보험금 청구'); of the plan, the measures that
        # name an asked term (all of it when the plan is asked)
        ahead = plan if _plan_asked(terms) else _matching_measures(" ○ " + plan, terms, None, first=False)
        ahead = ahead[:AUDIT_DETAIL_CHARS].rstrip() + ("…" if len(ahead) > AUDIT_DETAIL_CHARS else "")
        return (f"{ask.strip().lstrip('○ ').strip()} → 추진상황: {status}. {done}"
                f"{(' (향후계획) ' + ahead.strip()) if ahead.strip() else ''}").strip()
    matched = _matching_measures(detail, terms, wants) if len(detail) > AUDIT_DETAIL_CHARS else ""
    if matched:
        detail = matched
    else:
        detail = detail[:AUDIT_DETAIL_CHARS].rstrip() + ("…" if len(detail) > AUDIT_DETAIL_CHARS else "")
    return f"{ask.strip().lstrip('○ ').strip()} → 추진상황: {status}. {detail}".strip()


_PLAN = re.compile(r"□?\s*향후\s*(?:추진\s*)?계획\s*")
AUDIT_DONE_CHARS = 480  # what was done (before the plan) shown whole up to this length


def _plan_asked(terms: Sequence[str]) -> bool:
    """Whether the question asks the plan of an audit item ('향후', '계획', '앞으로', '예정')."""
    return any(re.search(r"향후|계획|앞으로|예정", t) for t in terms)


EACH = re.compile(r"각각|각자|따로따로|하나씩")


_JOINED = re.compile(r"(?:이랑|랑|하고|와|과|및|그리고|,|·|/)")


def each_items(terms: Sequence[str], key: str) -> list[str]:
    """The asked terms written joined by a conjunction in the compact question ('A랑B회원수' → ['A', 'B'])."""
    out: list[str] = []
    for t1 in terms:
        for t2 in terms:
            if t1 == t2:
                continue
            for m in re.finditer(re.escape(t1), key):
                rest = key[m.end():]
                j = _JOINED.match(rest)
                if j and rest[j.end():].startswith(t2):
                    out += [t for t in (t1, t2) if t not in out]
    return [t for t in terms if t in out]


def _each_lines(terms: Sequence[str], items: Sequence[str], wants: str,
                keyed: list[tuple[str, int, str, str]], passage: str = "") -> list[tuple[str, int]] | None:
    """One line per asked item from one passage: it names that item only, the other asked terms and a value. An
    other term the line does not print may be printed by the passage (its headings and lines: '통합하는 거' of
    '서울지갑이랑 서울시민카드 통합하는 거 회원수 각각'), when the line prints one of them at least ('회원수')."""
    shared = [t for t in terms if t not in items]
    if len(items) < 2 or not shared:
        return None
    picked: list[tuple[str, int]] = []
    for item in items:
        for doc, ln, key, raw in keyed:
            named = [i for i in items if covered(i, key, strict=True)]
            on_line = [t for t in shared if covered(t, key, strict=True)]
            if named == [item] and on_line and all(t in on_line or covered(t, passage, strict=True) for t in shared) \
                    and satisfies(wants, raw):
                picked.append((doc, ln))
                break
        else:
            return None
    return picked


def compose_each(a: Analysis, data: Any, hits: Sequence[Any]) -> Composed | None:
    """'A랑 B 회원수가 각각 얼마야?': one quoted line per item from one passage, each with its own value; else None."""
    terms = list(dict.fromkeys(a.key_terms))
    if not EACH.search(a.key) or a.wants is None or a.intent == "audit" or not 3 <= len(terms) <= 4:
        return None
    for h in hits:
        ch = h.chunk
        lines = data.lines(ch.doc)
        numbers = ch.lines or tuple(range(ch.line_start, ch.line_end + 1))
        keyed = [(ch.doc, ln, compact(lines[ln - 1]), lines[ln - 1]) for ln in numbers if 1 <= ln <= len(lines)]
        passage = compact(" ".join(ch.section_path)) + "".join(k for _, _, k, _ in keyed)
        picked = _each_lines(terms, each_items(terms, a.key), a.wants, keyed, passage)
        if picked is None:
            continue
        cites = Cites(data)
        body = []
        for doc, ln in picked:
            txt = re.sub(r"^[-*·▶\s]+", "", clean_line(data.lines(doc)[ln - 1]))
            body.append(f"- {txt} [{cites.text(doc, ln)}]")
        return Composed(text="문서에 따르면 다음과 같습니다.\n" + "\n".join(body), citations=cites.build(),
                        kind="extractive", notes=["one line per item ('각각')"])
    return None


# --- the same thing in each report ('작년 보고랑 올해 보고에 각각') ------------------------------------------

ASKS_EACH_REPORT = re.compile(
    r"(?:작년|올해|재작년|금년|\d{2,4}년?)(?:주요|현안)?(?:업무)?보고서?(?:랑|이랑|와|과|하고|및|,)?"
    r"(?:작년|올해|재작년|금년|\d{2,4}년?)(?:주요|현안)?(?:업무)?보고"
    r"|(?:\d{2,4}년?)(?:이랑|랑|와|과|하고)(?:\d{2,4}년?)보고서?에?각각"
    r"|두보고|각보고|보고서마다|보고마다|양쪽보고")


def asks_each_report(a: Analysis) -> bool:
    """Whether the question asks for the same thing as written in two or more reports."""
    return bool(ASKS_EACH_REPORT.search(a.key))


def after_markers(text: str, citations: Sequence[Citation], offset: int) -> tuple[str, list[Citation]]:
    """An answer's text and citations with every marker moved past `offset` ('[1]' → '[3]' after two citations),
    for answers joined one after another."""
    from dataclasses import replace

    moved = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", text)
    return moved, [replace(c, n=c.n + offset) for c in citations]


def merge_by_report(parts: Sequence[tuple[int, Composed]]) -> Composed:
    """One answer from per-report quoted answers, each block labelled by its report's year, markers renumbered."""
    lines: list[str] = ["보고서별로 적힌 내용은 다음과 같습니다."]
    citations: list[Citation] = []
    for year, part in parts:
        body = part.text.split("\n", 1)[1] if "\n" in part.text else part.text
        body, cites = after_markers(body, part.citations, len(citations))
        lines.append(f"{year}년 보고서:")
        lines.append(body)
        citations.extend(cites)
    return Composed(text="\n".join(lines), citations=citations, kind="extractive",
                    notes=["one quoted answer per report"])


# --- 'which department' ('어느 부서 담당이야?') ----------------------------------------------------------

DEPARTMENT_HEAD_LINES = 6  # a project's department is printed in its title or its first lines (the contact line)


def department_line(data: Any, doc: str, line: int) -> tuple[str, int] | None:
    """The department owning the project that holds a line, and the line of that project's head naming it (the
    title '3.7. … (정보통신과)' or the contact line '정보통신과장 : …'); None when the section has no department."""
    best = None
    for s in sections_of(data, doc):
        if s.line_start <= line <= s.line_end and s.department and (best is None or s.level >= best.level):
            best = s
    if best is None:
        return None
    proj = _project_section(data, best)
    lines = data.lines(doc)
    want = compact(best.department)
    for ln in range(proj.line_start, min(proj.line_start + DEPARTMENT_HEAD_LINES, proj.line_end, len(lines)) + 1):
        if want in compact(lines[ln - 1]):
            return best.department, ln
    return None


def with_department(data: Any, c: Composed) -> Composed | None:
    """A quoted answer to 'which department' whose lines name none: the department of the first quoted line's
    project added as a sentence, cited at the project's line that names it; None when that project has none."""
    if not c.citations:
        return None
    first = c.citations[0]
    found = department_line(data, first.doc, first.line_start)
    if found is None:
        return None
    dept, ln = found
    cites = Cites(data)
    for cit in c.citations:
        cites.text(cit.doc, cit.line_start, cit.line_end, section=cit.section)
    n = cites.text(first.doc, ln)
    title = strip_numbering(_passage(section_of(data, first.doc, first.line_start)).split(" > ")[-1])
    text = c.text + f"\n'{title}'의 담당 부서는 {dept}입니다 [{n}]."
    return Composed(text=text, citations=cites.build(), kind=c.kind, notes=c.notes + ["department of the project"])
