"""Citations: figures and quoted lines collected in order of first use, one marker per source line.

`Cites` is shared by every answer builder (the engine's table operations and the passage reader), so a
figure cited twice keeps one number and every citation carries its section path and the original line(s).
"""
from __future__ import annotations

import re

from typing import Any

from index.models import TableRecord
from index.normalize import parse_number

from app.engine.vocab import TOTAL_LABELS
from app.types import Citation


class Cites:
    """Collects citations in order of first use; one per source line (figures of one line merge)."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self._items: list[dict[str, Any]] = []
        self._by_key: dict[tuple[str, int, int], int] = {}

    def _quote(self, doc: str, start: int, end: int) -> str:
        lines = self.data.lines(doc)
        return "\n".join(x.rstrip() for x in lines[start - 1:end])

    def text(self, doc: str, start: int, end: int | None = None, section: str | None = None) -> int:
        """Cite original lines start..end of a document; returns the marker number."""
        end = end or start
        key = (doc, start, end)
        if key in self._by_key:
            return self._by_key[key]
        item = {
            "doc": doc, "line_start": start, "line_end": end, "quote": self._quote(doc, start, end),
            "section": section if section is not None else section_of(self.data, doc, start),
        }
        where = _position(self.data, doc, start)
        if where:
            item["position"] = where
        self._items.append(item)
        self._by_key[key] = len(self._items)
        return len(self._items)

    def figure(self, rec: TableRecord) -> int:
        """Cite a table cell at its line; cells of one line share a marker."""
        n = self.text(rec.doc, rec.line, rec.line, section=_section_path(self.data, rec.section_id))
        item = self._items[n - 1]
        cell = _cell_index(rec.record_id)
        if "position" in item and cell is not None:  # HWP/HWPX/PDF: name the table cell too
            where = _position(self.data, rec.doc, rec.line, cell)
            if where:
                item["position"] = where
        item.setdefault("table", rec.table_title)
        item.setdefault("row_path", rec.row_path_text)
        cols = item.get("column")
        item["column"] = rec.column if not cols else (cols if rec.column in cols.split(", ") else f"{cols}, {rec.column}")
        vals = item.get("value")
        item["value"] = rec.value_raw if vals is None else f"{vals}, {rec.value_raw}"
        return n

    def build(self) -> list[Citation]:
        return [Citation(n=i + 1, **it) for i, it in enumerate(self._items)]


def _section_or_none(data: Any, section_id: str) -> Any | None:
    """The index's section of that id, or None when it does not know it."""
    try:
        return data.section(section_id)
    except KeyError:
        return None


def _section_path(data: Any, section_id: str) -> str:
    """The ' > ' joined path of a section id, or '' when the index does not know it."""
    try:
        return data.section(section_id).path_text
    except (KeyError, LookupError, AttributeError):
        return ""


def section_of(data: Any, doc: str, line: int) -> str:
    """The path of the deepest section of `doc` whose line range holds `line`."""
    best = _deepest_section(data, doc, line)
    return best.path_text if best else ""


def _deepest_section(data: Any, doc: str, line: int, numbered: bool = False) -> Any:
    """The deepest section of `doc` whose line range holds `line` (with `numbered`, of those whose title is numbered:
    '3-2. …', not a block such as '사업개요'), or None."""
    from app.indexcache import derived, sections_of

    by_level = derived(data, f"sections_by_level:{doc}",
                       lambda: sorted(sections_of(data, doc), key=lambda s: (s.level, s.line_start)))
    best = None
    for s in by_level:
        if numbered and not (s.path and _NUMBERED.match(s.path[-1])):
            continue
        if s.line_start <= line <= s.line_end and (best is None or s.level >= best.level):
            best = s
    return best


_NUMBERED = re.compile(r"^\s*(?:[IVX]+\.|\d+(?:[.-]\d+)*\.?)\s*\S")


def numbered_span(data: Any, doc: str, line: int) -> tuple[int, int] | None:
    """The lines (first, last) of the deepest numbered section of `doc` that holds `line` ('3-2. 공공와이파이 확충 …'
    around its '사업개요' block): the whole project a line is part of; None when no numbered section holds it."""
    best = _deepest_section(data, doc, line, numbered=True)
    return (best.line_start, best.line_end) if best else None


def _position(data: Any, doc: str, line: int, cell: int | None = None) -> str | None:
    """Where a cited line is in the original file ('p. 3', '표 2, 4행 3열'); None for .txt reports."""
    fn = getattr(data, "position", None)
    if fn is None:
        return None
    try:
        return fn(doc, line, cell)
    except (OSError, ValueError, KeyError, IndexError):
        return None


def _cell_index(record_id: str) -> int | None:
    """The 0-based cell of a record id ('2025:t01:L25:c3' → 3)."""
    tail = record_id.rsplit(":", 1)[-1]
    return int(tail[1:]) if tail.startswith("c") and tail[1:].isdigit() else None


# --- the same figures printed elsewhere in the report -----------------------------------------------------------

# a figure the answer states and the marker(s) after it: '274명[1]', '82.4%[1][2]', '10,641,969천원[3]'
_STATED = re.compile(r"(?<![\d.,])(△?\d[\d,]*(?:\.\d+)?)\s*(?:%|명|식|건|개|대|회|천원|백만원|억원|원)?((?:\[\d+\])+)")
_MARK = re.compile(r"\[(\d+)\]")
# a number printed in a report's line, with its unit when it has one ('정원 274명', '총 41건')
_PRINTED = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*(%|명|식|건|개|대|회|천원|백만원|억원|원)?")
_TOTAL_WORDS = ("총", "계", "합계", "전체", "모두")
_ROWS_FOR_TWINS = 2  # an answer citing more table lines than this (a ranking, a list) keeps one citation a row
_HEADLINE_REACH = 15  # lines above a table a sentence stating its total may stand


def also_printed(text: str, citations: list[Citation], data: Any) -> tuple[str, list[Citation]]:
    """The lines of the same report that print the figures an answer cites from a table line, cited too: the row of
    the same thing in another table of the report (세출총괄 and 세출예산 집행현황 print a unit's 예산현액 and
    원인행위액 alike), and the sentence above a table that states its total ('□ 디지털도시국 인력 : 정원 274명 /
    현원 279명' over the 정원/현원 table). Each such line is a source the reader may check, so each figure's marker
    gains its number. Text and citations are returned unchanged when nothing else prints them."""
    if not citations or data is None:
        return text, citations
    from app.engine.tables import tables_of

    try:
        tabs = tables_of(data)
    except (AttributeError, KeyError, LookupError):
        return text, citations
    stated = [(parse_number(m.group(1)), m) for m in _STATED.finditer(text)]
    figure_cites = [c for c in citations if c.table]
    out = list(citations)
    at = {(c.doc, c.line_start): c.n for c in out if c.line_start == c.line_end}
    links: list[tuple[int, int, set[float]]] = []  # (cited marker, marker of a line printing it too, its values)
    for c in figure_cites:
        values = {v for v, m in stated if c.n in _markers(m)}
        recs = [r for r in _records_at(data, c.doc, c.line_start) if r.value is not None and r.value in values]
        if not recs:
            continue
        found: dict[int, set[float]] = {}
        if len(figure_cites) <= _ROWS_FOR_TWINS:
            for line, vals in _twin_lines(data, tabs, c.doc, c.line_start, recs).items():
                found.setdefault(line, set()).update(vals)
        for line, vals in _headlines(data, tabs, c.doc, recs).items():
            found.setdefault(line, set()).update(vals)
        for line, vals in sorted(found.items()):
            if (c.doc, line) in at and at[(c.doc, line)] <= len(citations):
                continue  # the answer cites that line already
            n = at.get((c.doc, line))
            if n is None:
                n = len(out) + 1
                out.append(Citation(n=n, doc=c.doc, section=section_of(data, c.doc, line), line_start=line,
                                    line_end=line, quote=data.lines(c.doc)[line - 1].rstrip()))
                at[(c.doc, line)] = n
            links.append((c.n, n, vals))
    if not links:
        return text, citations

    def mark(m: re.Match[str]) -> str:
        v = parse_number(m.group(1))
        have = _markers(m)
        more = [n for n0, n, vals in links if n0 in have and v in vals and n not in have]
        return m.group(0) + "".join(f"[{n}]" for n in dict.fromkeys(more))

    return _STATED.sub(mark, text), out


def _markers(m: re.Match[str]) -> set[int]:
    return {int(x) for x in _MARK.findall(m.group(2))}


def _records_at(data: Any, doc: str, line: int) -> list[TableRecord]:
    return _by_line_cached(data, doc).get(line, [])


def _by_line(data: Any, doc: str) -> dict[int, list[TableRecord]]:
    out: dict[int, list[TableRecord]] = {}
    for r in data.records(doc=doc):
        out.setdefault(r.line, []).append(r)
    return out


def _row_key(rec: TableRecord) -> str:
    from app.engine.text import compact, strip_numbering

    return compact(strip_numbering(rec.row_path[-1])) if rec.row_path else ""


def _is_total(rec: TableRecord, tabs: Any) -> bool:
    key = _row_key(rec)
    return key in _TOTAL_KEYS or key in tabs.vocab.orgs


_TOTAL_KEYS = TOTAL_LABELS - {"소계"}  # (a subtotal is no table's total)


def _twin_lines(data: Any, tabs: Any, doc: str, line: int, recs: list[TableRecord]) -> dict[int, set[float]]:
    """Lines of other tables of the report whose row is the same thing (the same label and unit, or each table's
    total) and prints at least two of the figures cited (one figure alone may be a coincidence)."""
    cited = {r.value for r in recs}
    if len(cited) < 2:
        return {}
    first = recs[0]
    key, dept, total = _row_key(first), first.department or None, _is_total(first, tabs)
    out: dict[int, set[float]] = {}
    for ln, others in _by_line_cached(data, doc).items():
        if ln == line or any(o.table_id == first.table_id for o in others):
            continue
        o = others[0]
        same = (_is_total(o, tabs) and total) if total else (_row_key(o) == key and (o.department or None) == dept)
        if not same:
            continue
        shared = cited & {x.value for x in others if x.value is not None}
        if len(shared) >= 2:
            out[ln] = shared
    return out


def _by_line_cached(data: Any, doc: str) -> dict[int, list[TableRecord]]:
    """A report's table records by line, built once per loaded index."""
    from app.indexcache import derived

    return derived(data, f"records_by_line:{doc}", lambda: _by_line(data, doc))


def _headlines(data: Any, tabs: Any, doc: str, recs: list[TableRecord]) -> dict[int, set[float]]:
    """The sentence above a table, in its section, that states the table's total as the cited cell prints it: the
    number with its measure named right before it ('정원 274명') or a total word ('총 41건')."""
    from app.engine.text import compact

    totals = [r for r in recs if _is_total(r, tabs)]
    if not totals:
        return {}
    first_line = min(ln for ln, rs in _by_line_cached(data, doc).items() if any(r.table_id == totals[0].table_id for r in rs))
    sec = _section_or_none(data, totals[0].section_id)
    start = max(first_line - _HEADLINE_REACH, sec.line_start if sec is not None else 1)
    lines = data.lines(doc)
    out: dict[int, set[float]] = {}
    for ln in range(start, first_line):
        text = lines[ln - 1]
        if "|" in text or "\t" in text.strip() or ln in _by_line_cached(data, doc):
            continue
        for m in _PRINTED.finditer(text):
            v = parse_number(m.group(1))
            before = compact(re.split(r"[\d/,:;()·]", text[:m.start()])[-1])
            for r in totals:
                if v != r.value:
                    continue
                col = compact(r.column)
                if (col and before.endswith(col)) or before.endswith(_TOTAL_WORDS):
                    out.setdefault(ln, set()).add(v)
    return out
