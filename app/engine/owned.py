"""The projects a unit runs: '서울기록원이 맡은 사업이 뭐야?', '데이터센터 2026년 현안사업 뭐 있어?'.

A report's project sections carry the unit that runs them (the 담당 line, `Section.department`); the vocabulary's
project entries keep that unit and the section. Asked which projects one unit runs — a unit named, the class
'사업', no measure, no condition — the answer names each project of that unit in the report asked (else in every
report, the newest first), each cited at its section's heading line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.engine.cite import Cites, _section_or_none
from app.engine.frame import Frame
from app.engine.text import compact

_WHICH = re.compile(r"뭐|무엇|무슨|어떤|어느|목록|알려|있어|있나|있습니까|이름|리스트|나열|정리|what|which|list", re.I)


@dataclass
class OwnedAnswer:
    text: str
    cites: list[Any]
    projects: list[str]


def asks_owned(f: Frame) -> bool:
    """Whether the frame asks which projects one named unit runs."""
    if re.search(r"세부사업|단위사업|예산사업|세출", f.key):
        return False  # the budget lines of the expenditure tables, not the report's project sections
    return (len(f.units) == 1 and f.klass == "project" and not f.metrics and not f.conditions and not f.rows
            and not f.projects and f.op in ("define", "list", "lookup", "who", "count") and bool(_WHICH.search(f.text)
                                                                                              or f.op == "count"))


def answer(f: Frame, data: Any, vocab: Any) -> OwnedAnswer | None:
    """The projects the named unit runs, cited at their headings, or None when the frame asks something else or
    the reports give that unit no project."""
    if not asks_owned(f):
        return None
    unit = compact(f.units[0])
    years = sorted({y for y in ([f.report_year] if f.report_year else f.years)}, reverse=True)
    found: dict[str, Any] = {}
    for entries in vocab.entries.values():
        for e in entries:
            if e.kind != "project" or compact(e.department or "") != unit or not e.refs:
                continue
            sec = _section_or_none(data, e.refs[0])
            if sec is None or sec.section_id in found:
                continue
            year = int(sec.section_id.split(":", 1)[0]) if sec.section_id.split(":", 1)[0].isdigit() else None
            if years and year not in years:
                continue
            found[sec.section_id] = (year, sec)
    if not found:
        return None
    cites = Cites(data)
    ordered = sorted(found.values(), key=lambda ys: (-(ys[0] or 0), ys[1].line_start))
    by_year: dict[Any, list[str]] = {}
    names: list[str] = []
    for year, sec in ordered:
        n = cites.text(sec.doc, sec.line_start, sec.line_start, section=" > ".join(sec.path))
        by_year.setdefault(year, []).append(f"'{sec.title}'[{n}]")
        names.append(sec.title)
    unit_text = f.units[0]
    parts = []
    for year, shown in by_year.items():
        lead = f"{year}년 보고서에서 " if year else ""
        parts.append(f"{lead}{unit_text}{'이' if _batchim(unit_text) else '가'} 맡은 사업은 {len(shown)}개입니다: "
                     + ", ".join(shown) + ".")
    return OwnedAnswer(" ".join(parts), cites.build(), names)


def _batchim(word: str) -> bool:
    from app.engine.text import has_batchim

    return has_batchim(word)
