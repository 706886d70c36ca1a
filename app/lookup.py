"""Deterministic figure lookups over `TableRecord`s: match, pick the year, compare, detect disagreements.

Pure functions: no I/O, no model. A table may be printed either way round (departments as rows and
'정원' as a column, or the reverse), so a record's labels are its row path, its column and its department.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from index.models import TableRecord
from index.synonyms import SYNONYMS

from app.records import RecordSet, key_of, label_of, section_ids_of_department
from app.vocab import column_year, compact, record_labels, strip_numbering, value_year

# --- column concepts ---------------------------------------------------------------------------------
CONCEPTS = ("정원", "현원", "예산현액", "원인행위액", "지출액", "원인행위 집행률", "지출액 집행률", "집행률",
            "증감액", "증감률", "과부족")


def _is_rate(c: str) -> bool:
    return "률" in c or "율" in c or "륜" in c


def concept_matches(concept: str, label: str) -> bool:
    """Whether a compact column (or row) label carries the given column concept."""
    c = label
    if concept == "정원":
        return "정원" in c and "현원" not in c
    if concept == "현원":
        return "현원" in c
    if concept == "예산현액":
        return not _is_rate(c) and "증감" not in c and ("예산현액" in c or c.endswith("예산액") or "최종예산" in c
                                                       or c.endswith("예산") or c == "예산")
    if concept == "원인행위액":
        return not _is_rate(c) and ("원인행위액" in c or c.endswith("집행액"))
    if concept == "지출액":
        return not _is_rate(c) and "지출액" in c
    if concept == "원인행위 집행률":
        return _is_rate(c) and "집행" in c and "지출" not in c or (c.startswith("원인행위") and _is_rate(c))
    if concept == "지출액 집행률":
        return _is_rate(c) and "지출" in c
    if concept == "집행률":
        return _is_rate(c) and ("집행" in c or "원인행위" in c or "지출" in c)
    if concept == "증감액":
        return "증감" in c and not _is_rate(c)
    if concept == "증감률":
        return "증감" in c and _is_rate(c)
    if concept == "과부족":
        return "과부족" in c
    return compact(concept) in c


def _record_has_concept(rec: TableRecord, concept: str) -> bool:
    """The concept appears in the record's column, or (transposed tables) in its row path."""
    if concept_matches(concept, compact(rec.column)):
        return True
    if concept in ("정원", "현원"):
        return any(concept_matches(concept, compact(strip_numbering(p))) for p in rec.row_path)
    return False


# --- matching ----------------------------------------------------------------------------------------


@dataclass
class RowMatch:
    """The cells of one table row that match a query, with how specific the match is."""

    key: tuple[str, str, tuple[str, ...]]  # (doc, table_id, row_path)
    records: list[TableRecord]
    slack: int  # row-path elements after the last matched entity (0 = the row is the entity itself)
    item: str  # the matched line item or department (compact)
    on_column: bool = False  # a question term named the column: `records` are just those cells

    @property
    def doc(self) -> str:
        return self.key[0]

    @property
    def year(self) -> int:
        return self.records[0].year

    @property
    def line(self) -> int:
        return min(r.line for r in self.records)

    def cell(self, concept: str, year: int | None = None) -> TableRecord | None:
        """The row's record for a column concept (and the year the figure is about, if given)."""
        cands = [r for r in self.records if _record_has_concept(r, concept)]
        if not cands and self.on_column and column_cells_can_be(concept, self.records[0]):
            cands = list(self.records)
        if not cands and concept == "예산현액" and all(YEAR_ONLY_COLUMN.fullmatch(r.column) for r in self.records):
            # a project's cost by year ('사업비 | 2025년 | 2026년 | …'): each year's money cell is its budget
            cands = [r for r in self.records if r.unit in MONEY_UNITS and r.value is not None]
        if year is not None:
            cands = [r for r in cands if value_year(r) == year]
        if not cands:
            return None
        # a column without a year prefix, or with the report's own year, is the report's own figure
        cands.sort(key=lambda r: (column_year(r.column) not in (None, r.year), r.line))
        return cands[0]


def column_cells_can_be(concept: str, rec: TableRecord) -> bool:
    """Whether a breakdown cell (a job series, an item) can stand for the concept: a table of 현원 by job series
    ('직종별 현원', or '인력' where only 현원 is broken down) holds no 정원."""
    if concept == "정원":
        return "정원" in compact(rec.table_title)
    if concept == "현원":
        return "정원" not in compact(rec.table_title) or "현원" in compact(rec.table_title)
    return True


TOTAL_LABELS = frozenset({"계", "합계", "총계", "총합계"})
MONEY_UNITS = frozenset({"원", "천원", "만원", "백만원", "억원"})
YEAR_ONLY_COLUMN = re.compile(r"['’]?\d{2}(?:\d{2})?\s*년?(?:도)?")


def _positions(rec: TableRecord) -> list[tuple[int, str]]:
    """(position, compact label) pairs: row-path elements by index, the column at len(row_path)."""
    out = [(i, label_of(p)) for i, p in enumerate(rec.row_path)]
    out.append((len(rec.row_path), key_of(rec.column)))
    return out


_STEM_SUFFIXES = ("직", "비", "금")


def _stem(label: str) -> str:
    """A label without a job/expense suffix ('연구직' → '연구'), so both reports' spellings meet."""
    for suf in _STEM_SUFFIXES:
        if label.endswith(suf) and len(label) > len(suf) + 1:
            return label[: -len(suf)]
    return label


def _cover(rec: TableRecord, labels: list[tuple[int, str]], term: str, exact: bool,
           org_names: frozenset[str], section_departments: Mapping[str, str] | None = None,
           departments: frozenset[str] = frozenset()) -> list[int]:
    """Positions on the record where a question term is found (-1: only the record's department)."""
    if exact:
        stem = _stem(term)
        pos = [i for i, lab in labels if lab == term or lab == stem or _stem(lab) == term]
        if not pos:  # '균형발전특별회계' is printed as the row '균형발전' under its parent '특별회계'
            pos = [i for (i, lab), (_, up) in zip(labels[1:], labels) if i < len(rec.row_path)
                   and term in (lab + up, up + lab)]
        if not pos and term in departments:  # '서울기록원 시설(컨퍼런스룸) 사용료 수입': the unit opens the label
            pos = [i for i, lab in labels if i < len(rec.row_path) and lab.startswith(term) and len(lab) > len(term)]
        if not pos and term in org_names:
            pos = [i for i, lab in labels if lab in TOTAL_LABELS or lab == term]
    else:
        alias = compact(SYNONYMS.get(term, ""))  # '국비' is printed '국고보조금' on the rows
        pos = [i for i, lab in labels if term in lab or (alias and alias in lab)]
    if not pos and rec.department and compact(rec.department) == term:
        pos = [-1]  # department known from the table's context, not printed on the row
    if not pos and not exact and len(term) >= 3 and term in compact(rec.table_title):
        pos = [-1]  # a project's own small table ('사업비' by year) is titled by the project, not its rows
    if not pos and rec.department is None and section_departments \
            and compact(section_departments.get(rec.section_id, "")) == term:
        pos = [-1]  # a table without departments inside a department's own section (a project's figures)
    return pos


def find_rows(records: Iterable[TableRecord], entities: list[str], partials: list[str] = (),  # type: ignore[assignment]
              *, want_total: bool = False, org_names: Iterable[str] = (), doc: str | None = None,
              year: int | None = None, title_terms: Iterable[str] = (),
              section_departments: Mapping[str, str] | None = None,
              departments: Iterable[str] = (), renames: Mapping[str, str] | None = None) -> list[RowMatch]:
    """Rows whose labels carry every entity (exactly) and partial term (inside a label), most specific first.

    A term found only in the column restricts the row to that cell (e.g. '전산' in a headcount-by-job table).
    `renames` (a body's former name → its present one): an entity named by either name finds the rows printed
    under the other too ('서울AI재단 출연' is the 2025 report's '서울 디지털 재단 출연').
    """
    if renames:
        kw = dict(want_total=want_total, org_names=org_names, doc=doc, year=year, title_terms=title_terms,
                  section_departments=section_departments, departments=departments)
        found = find_rows(records, entities, partials, **kw)
        seen = {m.key for m in found}
        for old, new in renames.items():
            for a, b in ((new, old), (old, new)):
                other = [compact(e).replace(a, b) for e in entities]
                if other != [compact(e) for e in entities]:
                    extra = [m for m in find_rows(records, other, partials, **kw) if m.key not in seen]
                    seen |= {m.key for m in extra}
                    found += extra
        found.sort(key=lambda m: (m.slack, len(m.key[2]), -m.year, m.line))
        return found
    orgs = frozenset(compact(o) for o in org_names)
    units = frozenset(compact(d) for d in departments)
    ents = [compact(e) for e in entities]
    parts = [compact(p) for p in partials]
    titles = [compact(t) for t in title_terms]
    if not ents and not parts and not want_total and not titles:
        return []
    need_total = (want_total or not (ents or parts)) and not any(e in orgs for e in ents)
    if isinstance(records, RecordSet):  # only the records that can match, looked up in its label maps
        records = _candidates(records, ents, parts, need_total, titles, doc, year, orgs, units, section_departments)
    rows: dict[tuple[str, str, tuple[str, ...]], list[TableRecord]] = {}
    info: dict[tuple[str, str, tuple[str, ...]], tuple[int, str, bool]] = {}
    for rec in records:
        if doc and rec.doc != doc:
            continue
        if year and rec.year != year:
            continue
        if titles and not all(t in compact(rec.table_title) for t in titles):
            continue
        labels = _positions(rec)
        last = -1
        matched = ""
        on_column = False
        ok = True
        for term, exact in [(e, True) for e in ents] + [(p, False) for p in parts]:
            pos = _cover(rec, labels, term, exact, orgs, section_departments, units)
            if not pos:
                ok = False
                break
            if max(pos) == len(rec.row_path):
                on_column = True
            last = max(last, max(p for p in pos if p < len(rec.row_path)) if any(p < len(rec.row_path) for p in pos) else -1)
            matched = term
        if not ok:
            continue
        if need_total:
            tpos = [i for i, lab in labels if lab in TOTAL_LABELS]
            if not tpos:
                continue
            if tpos[0] == len(rec.row_path):
                on_column = True
            else:
                last = max(last, tpos[0])
            matched = matched or "계"
        key = (rec.doc, rec.table_id, tuple(rec.row_path))
        rows.setdefault(key, []).append(rec)
        depth = len(rec.row_path)
        slack = sum(1 for i, lab in labels[:depth] if i > last and lab not in TOTAL_LABELS
                    and not any(concept_matches(c, lab) for c in CONCEPTS))
        prev = info.get(key)
        if prev is None or slack < prev[0]:
            info[key] = (slack, matched, on_column)
    out = [RowMatch(key=k, records=v, slack=info[k][0], item=info[k][1], on_column=info[k][2]) for k, v in rows.items()]
    # among rows that carry every asked label equally closely, the one with the fewest other labels is the thing
    # named ('특별회계' → the row '특별회계', not '디지털정책과 > 특별회계')
    out.sort(key=lambda m: (m.slack, len(m.key[2]), -m.year, m.line))
    return out


def _candidates(records: RecordSet, ents: list[str], parts: list[str], need_total: bool, titles: list[str],
                doc: str | None, year: int | None, orgs: frozenset[str], units: frozenset[str],
                section_departments: Mapping[str, str] | None) -> Sequence[TableRecord]:
    """The records `find_rows` can match, in order: those carrying every term somewhere `_cover` looks (and a total
    label, the title terms, the document and year when asked). A superset of the matches; `find_rows` still checks
    each one."""
    pools: list[set[int]] = []
    for term, exact in [(e, True) for e in ents] + [(p, False) for p in parts]:
        if term:  # an empty term narrows nothing (every record is checked for it)
            pools.append(_term_positions(records, term, exact, orgs, units, section_departments))
    labels = records.positions("label")
    if need_total:
        pools.append({i for t in TOTAL_LABELS for i in labels.get(t, ())})
    if titles:
        by_title = records.positions("title")
        pools.append({i for t in by_title if all(x in t for x in titles) for i in by_title[t]})
    if doc:
        pools.append(set(records.positions("doc").get(doc, ())))
    if year:
        pools.append(set(records.positions("year").get(year, ())))
    if not pools:
        return records
    pools.sort(key=len)
    return records.at(set.intersection(*pools))


def _term_positions(records: RecordSet, term: str, exact: bool, orgs: frozenset[str], units: frozenset[str],
                    section_departments: Mapping[str, str] | None) -> set[int]:
    """Positions of the records on which `_cover` can find `term` (each of its rules, read off the maps)."""
    labels = records.positions("label")
    found: set[str] = set()  # labels that carry the term
    pos: set[int] = set()
    if exact:
        found |= {term, _stem(term), *records.memo("stems", lambda: _labels_by_stem(labels)).get(term, ())}
        for k in range(1, len(term)):  # a label split over a row and its parent ('균형발전' under '특별회계')
            a, b = term[:k], term[k:]
            if a in labels and b in labels:
                pos |= set(labels[a]) & set(labels[b])
        if term in units:
            found |= set(records.memo(("opens", term), lambda: [x for x in labels if x.startswith(term)
                                                                   and len(x) > len(term)]))
        if term in orgs:
            found |= TOTAL_LABELS
    else:
        alias = compact(SYNONYMS.get(term, ""))
        found |= set(records.memo(("inside", term, alias), lambda: [x for x in labels
                                                                    if term in x or (alias and alias in x)]))
        if len(term) >= 3:
            by_title = records.positions("title")
            for t in records.memo(("title", term), lambda: [t for t in by_title if term in t]):
                pos.update(by_title[t])
    for lab in found:
        pos.update(labels.get(lab, ()))
    pos.update(records.positions("department").get(term, ()))
    if section_departments:
        by_section = records.positions("section")
        for sid in section_ids_of_department(records, section_departments, term):
            pos.update(by_section.get(sid, ()))
    return pos


def _labels_by_stem(labels: Iterable[str]) -> dict[str, list[str]]:
    """Labels by their stem (`_stem`), for those a suffix was cut from."""
    out: dict[str, list[str]] = {}
    for lab in labels:
        s = _stem(lab)
        if s != lab:
            out.setdefault(s, []).append(lab)
    return out


def rows_with_concept(rows: list[RowMatch], concept: str, year: int | None) -> list[tuple[RowMatch, TableRecord]]:
    """(row, cell) pairs that carry the concept for the year, the least slack first."""
    out = []
    for m in rows:
        cell = m.cell(concept, year)
        if cell is not None:
            out.append((m, cell))
    if not out:
        return out
    best = min(m.slack for m, _ in out)
    return [(m, c) for m, c in out if m.slack == best]


def pick_year_cells(pairs: list[tuple[RowMatch, TableRecord]], year: int) -> list[tuple[RowMatch, TableRecord]]:
    """Prefer cells from the report of that year; else any report's column about that year."""
    own = [(m, c) for m, c in pairs if c.year == year]
    return own or pairs


# --- arithmetic --------------------------------------------------------------------------------------


def fmt_number(value: float, like: str = "") -> str:
    """Format like the reports: thousands separators, △ for negatives, decimals as in `like`."""
    decimals = 0
    core = like.replace("%", "").replace(",", "").strip().lstrip("△-")
    if "." in core:
        decimals = len(core.split(".", 1)[1])
    neg = value < 0
    text = f"{abs(value):,.{decimals}f}"
    return ("△" + text) if neg else text


def display_value(rec: TableRecord) -> str:
    """The cell as printed plus its unit when the printed text does not already carry it."""
    raw = rec.value_raw.strip()
    unit = rec.unit or ""
    if rec.value is None or not unit or raw.endswith(unit):
        return raw
    m = re.match(r"^(△?[\d,]+(?:\.\d+)?)(\s*\(.*\))$", raw)  # '58 (21.2%)' → '58명 (21.2%)'
    if m:
        return m.group(1) + unit + m.group(2)
    return raw + unit


def number_part(raw: str) -> str:
    """The number as printed without a unit or share ('274명' → '274', '58 (21.2%)' → '58')."""
    m = re.search(r"△?[\d,]+(?:\.\d+)?", raw)
    return m.group(0) if m else raw


@dataclass
class Difference:
    """a − b with both operands cited; `printed` is the table's own 증감액 cell when it has one."""

    a: TableRecord
    b: TableRecord
    value: float
    printed: TableRecord | None = None
    rate: TableRecord | None = None

    @property
    def formula(self) -> str:
        a, b = number_part(self.a.value_raw), number_part(self.b.value_raw)
        return f"{a} − {b} = {fmt_number(self.value, a)}"

    @property
    def agrees(self) -> bool:
        return self.printed is None or self.printed.value is None or abs(self.printed.value - self.value) < 0.5


def difference(a: TableRecord, b: TableRecord, printed: TableRecord | None = None,
               rate: TableRecord | None = None) -> Difference | None:
    """The difference of two numeric cells, or None when either is a flag."""
    if a.value is None or b.value is None:
        return None
    return Difference(a=a, b=b, value=a.value - b.value, printed=printed, rate=rate)


def same_row_change(m: RowMatch) -> Difference | None:
    """A row that prints both years and the change (e.g. '2026 예산현액 | 2025 최종예산 | 증감액')."""
    year_cols = [r for r in m.records if column_year(r.column) is not None and r.value is not None
                 and not _is_rate(compact(r.column)) and "증감" not in r.column]
    if len(year_cols) < 2:
        return None
    year_cols.sort(key=lambda r: -(column_year(r.column) or 0))
    a, b = year_cols[0], year_cols[1]
    if column_year(a.column) == column_year(b.column):
        return None
    printed = next((r for r in m.records if _record_has_concept(r, "증감액")), None)
    rate = next((r for r in m.records if _record_has_concept(r, "증감률")), None)
    return difference(a, b, printed, rate)


def disagreements(cells: list[TableRecord]) -> list[TableRecord]:
    """Distinct printed values among cells that should hold the same figure (first of each value)."""
    seen: dict[str, TableRecord] = {}
    for c in sorted(cells, key=lambda r: r.line):
        seen.setdefault(c.value_raw.strip(), c)
    return list(seen.values()) if len(seen) > 1 else []


@dataclass
class LookupOutcome:
    """Cells chosen for an answer, in answer order, with notes for the composer."""

    rows: list[RowMatch] = field(default_factory=list)
    alternatives: list[RowMatch] = field(default_factory=list)  # other readings of an ambiguous question
