"""Tables the reports print as lists rather than grids: an organisation table lists each unit's teams on one line
('| 공간정보과(4팀) | 공간정보기획팀 / 공간영상활용팀 / … |'). Read as a virtual table ('부서별 팀', one row per
unit, column '팀 수'), so ranking, filtering, counting and lookup work on it like on any printed table; the count
is the one printed beside the unit ('(4팀)') when there is one, else the number of teams listed, and the cell is
cited at that line."""
from __future__ import annotations

import re
from typing import Any

from index.models import TableRecord

from app.engine.tables import Column, Row, Table
from app.engine.text import compact
from app.engine.vocab import Vocabulary

TEAM_COLUMN = "팀 수"
TEAM_TABLE = "부서별 팀"
_TEAM = re.compile(r"([가-힣A-Za-z0-9]{2,}팀)(?![가-힣])")
_PRINTED_COUNT = re.compile(r"\(\s*(\d+)\s*팀\s*\)")


def team_names(line: str) -> list[str]:
    """The teams a line of an organisation table lists, in order ('정보보안정책팀', …)."""
    out: list[str] = []
    for m in _TEAM.finditer(line):
        name = m.group(1)
        if not name[0].isdigit() and name not in out:
            out.append(name)
    return out


def _section_of(data: Any, doc: str, line: int) -> str:
    best = None
    for sec in data.sections:
        if sec.doc == doc and sec.line_start <= line <= sec.line_end:
            if best is None or sec.line_start >= best.line_start:
                best = sec
    return best.section_id if best is not None else ""


def team_table(data: Any, vocab: Vocabulary, doc: Any) -> Table | None:
    """One report's units with their number of teams, from the lines that list a unit's teams."""
    from app.engine.vocab import _team_department

    t = Table(f"{doc.year}:teams:{doc.doc}", doc.doc, doc.year, TEAM_TABLE, "", virtual=True)
    seen: set[str] = set()
    for ln, line in enumerate(data.lines(doc.doc), 1):
        if "/" not in line or not ("|" in line or "\t" in line):
            continue
        names = team_names(line)
        if len(names) < 2:
            continue
        dept = _team_department(line, vocab.departments)
        if not dept or dept in seen:
            continue
        seen.add(dept)
        printed = _PRINTED_COUNT.search(line)
        n = int(printed.group(1)) if printed else len(names)
        sec_id = _section_of(data, doc.doc, ln)
        rec = TableRecord(record_id=f"{t.id}:{ln}", doc=doc.doc, year=doc.year, section_id=sec_id, table_id=t.id,
                          table_title=TEAM_TABLE, row_path=(dept,), column=TEAM_COLUMN, value_raw=f"{n}팀",
                          value=float(n), flag=None, unit="팀", as_of=doc.as_of, line=ln, department=dept)
        t.rows.append(Row(t, (dept,), ln, {TEAM_COLUMN: rec}, dept))
        if not t.section_id:
            t.section_id = sec_id
    if len(t.rows) < 2:
        return None  # one line with two team names is not an organisation table
    t.columns = [Column(TEAM_COLUMN, "teams", doc.year)]
    return t


def is_team_cell(rec: TableRecord) -> bool:
    return rec.table_title == TEAM_TABLE and compact(rec.column) == compact(TEAM_COLUMN)


def member_line(data: Any, member: str, year: int | None = None) -> tuple[str, int, str] | None:
    """(doc, line, section id) of the organisation line that lists a team or a 사업소's section ('… / 지도서비스팀 / …'),
    in the report of `year` when it lists it, else the newest report that does."""
    key = compact(member)
    docs = sorted(data.documents, key=lambda d: (d.year != year, -d.year))
    for doc in docs:
        for ln, line in enumerate(data.lines(doc.doc), 1):
            if "/" in line and ("|" in line or "\t" in line) and key in compact(line):
                return doc.doc, ln, _section_of(data, doc.doc, ln)
    return None

