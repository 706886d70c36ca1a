"""A report's outline: how many numbered parts a heading of the report holds ('2026 업무보고에 주요 현안업무 몇 개
올라와 있어?' → the ten '3.x.' sections under '3. 주요 현안업무'), each part cited at its heading line.

Read from the sections the index parsed (`data.sections`, each with its heading path), so it works on any report
whose headings are numbered; nothing here knows a report's titles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.engine.text import compact, strip_numbering

_COUNT_ASKED = re.compile(r"몇\s*(?:개|가지|건|과제|꼭지)|(?:개수|갯수)")
_NUMBERED = re.compile(r"^\s*(?:[IVX]+\.|\d+(?:[.-]\d+)*\.?)\s+\S")
_NARROWED = re.compile(r"(?:의|에서|에서는|에는)?(?:중|중에|중에서|가운데|안에서)(?!요)")  # 'X 중 …': some of X's parts
MIN_TITLE = 4  # letters of a heading's title the question must name whole


@dataclass
class Outline:
    doc: str
    heading: str  # the heading as printed ('3. 주요 현안업무')
    parts: list[tuple[str, int]]  # each numbered part's heading as printed and its line


def parts_counted(text: str, data: Any, report_year: int | None = None) -> Outline | None:
    """The heading a question counts the parts of, with its numbered parts; None when no count is asked, no heading
    of two numbered parts or more is named whole, or two reports' headings of that name differ in their count and
    no report is named."""
    if not _COUNT_ASKED.search(text):
        return None
    key = compact(text)
    years = {d.doc: d.year for d in data.documents}
    found: list[Outline] = []
    for s in data.sections:
        if report_year is not None and years.get(s.doc) != report_year:
            continue
        title = compact(strip_numbering(s.path[-1]))
        if len(title) < MIN_TITLE or title not in key or _NARROWED.match(key, key.find(title) + len(title)):
            continue  # ('주요 현안업무 중 AI 관련 몇 개': some of the parts, not all of them)
        depth = len(s.path)
        parts = [(c.path[-1], c.line_start) for c in data.sections
                 if c.doc == s.doc and len(c.path) == depth + 1 and c.path[:depth] == s.path
                 and _NUMBERED.match(c.path[-1])]
        if len(parts) >= 2:
            found.append(Outline(s.doc, s.path[-1], parts))
    if not found:
        return None
    longest = max(len(compact(strip_numbering(o.heading))) for o in found)
    found = [o for o in found if len(compact(strip_numbering(o.heading))) == longest]
    if len({len(o.parts) for o in found}) > 1:
        return None  # the reports' headings of that name hold different counts: the report must be named
    return max(found, key=lambda o: years.get(o.doc, 0))


def outline_answer(o: Outline, data: Any) -> tuple[str, list[Any]]:
    """The count of a heading's numbered parts, each part named and cited at its heading line."""
    from app.engine.cite import Cites

    cites = Cites(data)
    year = next((d.year for d in data.documents if d.doc == o.doc), None)
    named = ", ".join(f"{title}[{cites.text(o.doc, ln)}]" for title, ln in o.parts)
    report = f"{year}년 보고서의 " if year else ""
    return f"{report}'{o.heading}'에는 {len(o.parts)}개 항목이 있습니다: {named}.", cites.build()
