"""Section tree for both numbering styles, table-of-contents lines, departments, document metadata."""
from __future__ import annotations

from index.sections import find_headings, unit_from_contact
from tests.conftest import DOC_2025, DOC_2026
from tests.test_ingest_helpers import parsed_corpus


def _by_label(year: int) -> dict[str, object]:
    return {s.path[-1]: s for s in parsed_corpus()[year].sections}


def test_document_metadata() -> None:
    d26, d25 = parsed_corpus()[2026].document, parsed_corpus()[2025].document
    assert (d26.doc, d26.title, d26.year) == (DOC_2026, "2026년 현안 업무보고", 2026)
    assert (d25.doc, d25.title, d25.year) == (DOC_2025, "2025년 주요 업무보고", 2025)
    assert d26.as_of == "2026.3.31."
    assert d25.as_of == "2025. 1. 31."


def test_2026_numbering_and_department_in_title() -> None:
    secs = {s.section_id: s for s in parsed_corpus()[2026].sections}
    s = secs["2026:3.9"]
    assert s.path == ("3. 주요 현안업무", "3.9. 디지털 재난 대비 재해복구시스템 확대")
    assert s.department == "데이터센터"
    assert (s.line_start, s.level, s.parent_id) == (401, 2, "2026:3")
    assert secs["2026:3.10"].department == "서울기록원"
    assert secs["2026:4"].path == ("4. 2026 세입 · 세출예산 세부현황",)
    # department on the line after the title: `3.2. '디지털동행 파트너' 운영` / `(디지털정책과)`
    assert secs["2026:3.2"].department == "디지털정책과"
    # □ sub-heads, also the bare `사업개요` of 3.5 (same title as □ sub-heads elsewhere)
    assert secs["2026:3.5/사업개요"].line_start == 285
    assert secs["2026:3.5/사업개요"].department == "정보시스템과"


def test_2026_toc_bullets_are_not_sections() -> None:
    starts = [s.line_start for s in parsed_corpus()[2026].sections if s.title.startswith("전략적 AI")]
    assert starts == [159]


def test_2025_numbering_and_contact_line_department() -> None:
    secs = {s.section_id: s for s in parsed_corpus()[2025].sections}
    s = secs["2025:III/3/3-3"]
    assert s.path == ("III. 주요 추진 업무", "3. 누구나 누리는 디지털 일상 도시 구현", "3-3. 정보자원의 통합구축 및 안정적 운영")
    assert s.department == "데이터센터"
    assert secs["2025:III/4/4-3"].department == "정보시스템과"
    assert secs["2025:III/3/3-4"].department == "서울기록원"
    assert secs["2025:III/1/1-1/사업개요"].department == "디지털정책과"
    assert secs["2025:V"].title == "2024 행정사무감사 처리결과"


def test_2025_toc_repeats_are_not_sections() -> None:
    """`1-1. …` appears in the theme overview (line 232) before its body (line 242): only the body is a section."""
    starts = sorted(s.line_start for s in parsed_corpus()[2025].sections if s.title == "서울 스마트라이프워크(SLW) 추진")
    assert starts == [242]
    themes = sorted(s.line_start for s in parsed_corpus()[2025].sections if s.title == "누구나 누리는 디지털 일상 도시 구현")
    assert themes == [557]


def test_2025_glossary_terms() -> None:
    secs = [s for s in parsed_corpus()[2025].sections if s.path[:2] == ("참고", "용어설명")]
    titles = [s.title for s in secs]
    assert "챗봇 (Chatbot)" in titles
    assert all(s.level == 3 for s in secs if s.title == "챗봇 (Chatbot)")


def test_every_section_range_is_inside_the_file() -> None:
    for pd in parsed_corpus().values():
        for s in pd.sections:
            assert 1 <= s.line_start <= s.line_end <= pd.document.n_lines, s


def test_contact_line_units() -> None:
    assert unit_from_contact("디지털정책과장 : 김숙희 ☎2133-2910 디지털정책기획팀장 : 유혜정") == "디지털정책과"
    assert unit_from_contact("데이터센터소장 : 추경수 ☎3470-1300") == "데이터센터"
    assert unit_from_contact("서울기록원장 : 고경희 ☎350-5610") == "서울기록원"
    assert unit_from_contact("정보통신과장:주덕현☎2133-2860") == "정보통신과"
    assert unit_from_contact("- 사업예산 : 119백만원") is None


def test_headings_of_a_new_report_in_the_same_format() -> None:
    lines = ["2027년 업무보고", "", "1. 일반현황", "", "2. 주요 현안업무", "", "- 2.1. 목차 줄", "",
             "2.1. 새 사업 (정보보안과)", "", "□ 사업개요", "", "- 사업예산 : 5백만원"]
    heads = find_headings(lines)
    assert [(h.line, h.num, h.department) for h in heads] == [
        (3, "1", None), (5, "2", None), (9, "2.1", "정보보안과"), (11, "", None)]


def test_parser_terms_for_the_user_dictionary() -> None:
    """Department, team and row names found by the parser go to the Kiwi user dictionary."""
    t26, t25 = parsed_corpus()[2026].terms, parsed_corpus()[2025].terms
    assert {"데이터센터", "서울기록원", "정보보안과", "시행정운영팀", "기본경비", "주차요금수입"} <= t26
    assert {"디지털정책기획팀", "인공지능행정팀", "행정포털 운영", "정보공개담당관"} <= t25
    assert not any(t[0].isdigit() for t in t26 | t25 if t.endswith("팀"))


def test_numbered_body_list_is_not_a_heading() -> None:
    """`1. …` inside section `2.` breaks the numbering sequence, so it is body text, not a new top section."""
    lines = ["2027년 업무보고", "", "1. 일반현황", "", "2. 주요 현안업무", "", "2.1. 새 사업 (정보보안과)", "",
             "1. 추진배경 설명", "", "2.2. 다른 사업 (정보통신과)", "", "3. 예산 현황", "", "4.1. 잘못된 번호"]
    heads = find_headings(lines)
    assert [(h.line, h.num) for h in heads] == [(3, "1"), (5, "2"), (7, "2.1"), (11, "2.2"), (13, "3")]
