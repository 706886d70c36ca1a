"""Citations: figures and quoted lines collected in order of first use, one marker per source line.

`Cites` is shared by every answer builder (the engine's table operations and the passage reader), so a
figure cited twice keeps one number and every citation carries its section path and the original line(s).
"""
from __future__ import annotations

import re

from typing import Any

from index.models import TableRecord

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
