"""A project's account, asked the way council aides ask it ('○○ 사업에 대한 추진실적과 향후계획은?'): the
top-level bullets of the project's own record block (추진현황/추진내용 …) and plan block (추진일정 …), quoted and
cited line by line. Which request words ask for which block is data (lexicon.json 'council.accounts'), so a report
with other sub-headings needs a data change, not code."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.engine.frame import Frame
from app.engine.lexicon import raw_lexicon
from app.engine.text import compact

MIN_PROJECT_SCORE = 0.6  # how much of the project's title the question must repeat
MAX_LINES = 8  # lines quoted per block
_FIGURE = re.compile(r"몇|얼마|대수|건수|개수|인원수")  # a figure asked, not the account
_AUDIT = re.compile(r"행감|행정사무감사|감사|요구사항|지적|시정|건의")  # audit items have their own reader (listed.py)


@dataclass
class Block:
    heading: str  # the sub-heading as printed ('추진현황')
    doc: str
    lines: list[int]


def _accounts() -> list[dict[str, list[str]]]:
    return list(raw_lexicon().get("council", {}).get("accounts", []))


def asked_blocks(key: str) -> list[list[str]]:
    """The heading lists of the blocks a question asks for, in question order ('추진실적과 향후계획')."""
    found = []
    for acc in _accounts():
        at = [key.find(compact(a)) for a in acc.get("asks", []) if compact(a) in key]
        if at:
            found.append((min(at), [compact(h) for h in acc.get("headings", [])]))
    return [h for _, h in sorted(found)]


def project_account(f: Frame, data: Any) -> tuple[str, list[Block]] | None:
    """(project title, blocks) when the question names one project and asks for its record and/or plan; None
    when it asks a figure, names no project clearly, is about an audit item, or the project has no such block."""
    if not f.projects or f.project_score < MIN_PROJECT_SCORE or f.metrics or f.conditions or \
            f.op not in ("lookup", "status", "when") or _AUDIT.search(f.key) or _FIGURE.search(f.key):
        return None  # ('2024년 추진실적에서 CCTV 신설 대수는 얼마?': a figure of the record, for the reader)
    wanted = asked_blocks(f.key)
    if not wanted:
        return None
    entry = f.projects[0]
    sec_id = entry.refs[0] if entry.refs else ""
    children = [s for s in data.sections if s.parent_id == sec_id]
    blocks: list[Block] = []
    for headings in wanted:
        sec = next((s for h in headings for s in children if compact(s.title) == h), None)
        if sec is None:
            continue
        picked = _bullets(data.lines(sec.doc), sec.line_start + 1, sec.line_end)
        if picked:
            blocks.append(Block(sec.title, sec.doc, picked))
    return (entry.text, blocks) if blocks else None


def _bullets(lines: list[str], start: int, end: int) -> list[int]:
    """The block's bullets: every top-level bullet and sub-bullet (notes '※' left out) when they fit in MAX_LINES,
    else each top-level bullet with its first sub-bullet; a block without bullets gives its first lines."""
    top: list[int] = []
    sub: dict[int, list[int]] = {}
    for ln in range(start, min(end, len(lines)) + 1):
        text = lines[ln - 1]
        if re.match(r"^[-○•·▪◦]\s*\S", text):
            top.append(ln)
        elif re.match(r"^\s+[-○•·▪◦]\s*\S", text) and top and "※" not in text[:8]:
            sub.setdefault(top[-1], []).append(ln)
    if not top:
        return [ln for ln in range(start, min(end, len(lines)) + 1) if lines[ln - 1].strip()][:MAX_LINES]
    every = sorted(top + [s for v in sub.values() for s in v])
    if len(every) <= MAX_LINES:
        return every
    return sorted(top + [v[0] for v in sub.values()])[:MAX_LINES]
