"""Bare title lines (`조직`, `인력` without `□`) as sub-sections of a numbered section; false positives pinned."""
from __future__ import annotations

from index.sections import find_headings, line_owners
from tests.conftest import DOC_2025, DOC_2026
from tests.test_ingest_helpers import parse_text, parsed_corpus

# A small report in the 2025 layout: bare titles between blank lines inside `I.`, a lone one inside `II.`.
LAYOUT_2025 = """2027년 주요 업무보고

2027. 2.

디지털도시국

I. 일반 현황

조직

..... 1국 5과 20팀 1사업소

인력

(2027. 1. 31. 기준)

구분\t정원\t현원
계\t120\t118

2027년도 세입·세출 예산현황

● 세입 총괄

- 세입 합계 1,000천원

II. 정책목표 및 추진과제

목표

디지털로 **편리한** 도시, 디지털로 **안전한** 도시

추진
방향

III. 주요 추진 업무
"""


def _bare(text: str) -> list[tuple[int, str]]:
    """(line, title) of the bare-title headings of a text."""
    lines = text.split("\n")
    return [(h.line, h.title) for h in find_headings(lines) if h.style == "bare"]


def test_bare_titles_in_a_numbered_section_are_sub_sections() -> None:
    assert _bare(LAYOUT_2025) == [(9, "조직"), (13, "인력"), (20, "2027년도 세입·세출 예산현황")]


def test_bare_title_sections_have_paths_ranges_and_the_owner_of_their_body() -> None:
    pd = parse_text("synthetic-2027.txt", LAYOUT_2025)
    secs = {s.section_id: s for s in pd.sections}
    org = secs["2027:I/조직"]
    assert org.path == ("I. 일반 현황", "조직")
    assert (org.line_start, org.line_end, org.parent_id) == (9, 11, "2027:I")
    people = secs["2027:I/인력"]
    assert (people.line_start, people.line_end) == (13, 18)
    budget = secs["2027:I/2027년도세입·세출예산현황"]
    assert (budget.line_start, budget.line_end) == (20, 24)
    owners = line_owners(pd.sections, len(pd.lines))
    assert owners[11 - 1].section_id == "2027:I/조직"
    assert owners[17 - 1].section_id == "2027:I/인력"
    table = pd.tables[0]
    assert (table.section_id, table.title) == ("2027:I/인력", "인력")


def test_lone_bare_title_in_a_section_is_not_a_heading() -> None:
    """`목표` alone in `II.` (a diagram label in the 2025 policy chart) would swallow the rest of the section."""
    assert 28 not in [line for line, _ in _bare(LAYOUT_2025)]
    text = "I. 일반 현황\n\n목표\n\n디지털로 **편리한** 도시, 디지털로 **안전한** 도시\n"
    assert _bare(text) == []


def test_bare_title_needs_blank_lines_around_it() -> None:
    text = "I. 일반 현황\n\n조직\n..... 1국 5과\n\n인력\n\n계 120명\n"
    assert _bare(text) == []


def test_bare_title_rejects_digits_signs_sentences_and_long_phrases() -> None:
    body = "\n\n- 내용 한 줄\n\n"
    for line in ("1국 6과 31팀", "조직 : 1국", "추진 완료함", "누구나 누리는 디지털 일상 도시 구현", "(기준)", "AI 현황"):
        text = "I. 일반 현황\n\n" + line + body + "인력" + body
        assert _bare(text) == [], line


def test_bare_title_inside_a_box_block_is_not_a_heading() -> None:
    """Diagram labels under `□ 추진내용` (`디지털 교육` / `디지털 상담` in 2025 3-1) stay body text."""
    text = "1. 일반\n\n□ 추진내용\n\n- 첫 줄\n\n디지털 교육\n\n- 교육 내용\n\n디지털 상담\n\n- 상담 내용\n"
    assert _bare(text) == []


def test_bare_title_followed_by_another_title_is_a_label_not_a_heading() -> None:
    text = "I. 일반 현황\n\n디지털 교육\n\n디지털 상담\n\n디지털 체험\n\n- 내용\n"
    assert _bare(text) == []


def test_bare_title_in_front_matter_is_not_a_heading() -> None:
    text = "2027년 주요 업무보고\n\n디지털도시국\n\n도시정보국\n\n- 내용\n\nI. 일반 현황\n\n- 내용\n"
    assert _bare(text) == []


def test_2025_line_14_is_in_section_organisation() -> None:
    """og-012's line `..... 1국 6과 31팀 2사업소` belongs to `I. 일반 현황 > 조직`, and so does its text chunk."""
    pd = parsed_corpus()[2025]
    owner = line_owners(pd.sections, len(pd.lines))[14 - 1]
    assert (owner.section_id, owner.path, owner.title) == ("2025:I/조직", ("I. 일반 현황", "조직"), "조직")
    assert (owner.line_start, owner.line_end, owner.doc) == (12, 14, DOC_2025)
    chunk = next(c for c in pd.chunks if c.kind == "text" and 14 in c.lines)
    assert chunk.section_path == ("I. 일반 현황", "조직")


def test_2025_general_status_blocks_match_the_2026_box_heads() -> None:
    secs = {s.section_id: s for s in parsed_corpus()[2025].sections}
    got = [(s.path[-1], s.line_start, s.line_end) for s in secs.values() if s.parent_id == "2025:I"]
    assert got == [("조직", 12, 14), ("인력", 18, 33), ("부서별 주요업무", 35, 45),
                   ("2025년도 세입·세출 예산현황", 47, 104)]
    tables = {t.table_id: t.section_id for t in parsed_corpus()[2025].tables}
    assert tables["2025:t01"] == "2025:I/인력"
    assert tables["2025:t03"] == "2025:I/2025년도세입·세출예산현황"


def test_bare_titles_accepted_in_both_reports_are_exactly_the_four_of_2025_general_status() -> None:
    """Pins the false positives: `목표` (II), `디지털 교육` (under □), `건의 사항` (under □ 총괄), TOC theme titles."""
    got = {}
    for year in (2025, 2026):
        pd = parsed_corpus()[year]
        got[year] = [(h.line, h.title) for h in find_headings(list(pd.lines)) if h.style == "bare"]
    assert got == {2025: [(12, "조직"), (18, "인력"), (35, "부서별 주요업무"), (47, "2025년도 세입·세출 예산현황")],
                   2026: []}
    assert parsed_corpus()[2026].document.doc == DOC_2026


def test_box_head_after_bare_titles_ends_the_last_bare_section() -> None:
    text = "2027년 보고\n\nI. 일반 현황\n\n조직\n\n- 내용 가\n\n인력\n\n- 내용 나\n\n□ 예산\n\n- 내용 다\n"
    pd = parse_text("x-2027.txt", text)
    got = [(s.path, s.line_start, s.line_end) for s in pd.sections[1:]]
    assert got == [(("I. 일반 현황",), 3, 15), (("I. 일반 현황", "조직"), 5, 7), (("I. 일반 현황", "인력"), 9, 11),
                   (("I. 일반 현황", "예산"), 13, 15)]
