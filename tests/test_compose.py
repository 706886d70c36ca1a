"""The grounded composer: Korean particles, line cleaning, citations at cells, extractive blocks."""
from __future__ import annotations

import pytest

from app.compose import Cites, _audit_summary, clean_line, josa, satisfies, states_value, value_years
from tests.test_answer import DOC_2025, DOC_2026, corpus_data, tiny_data


@pytest.mark.parametrize("word,pair,expected", [
    ("정원", "은/는", "정원은"),
    ("지출액 집행률", "은/는", "지출액 집행률은"),
    ("현원", "이/가", "현원이"),
    ("기본경비", "은/는", "기본경비는"),
    ("67명", "으로/로", "67명으로"),
    ("0.1%", "은/는", "0.1%는"),
    ("서울", "으로/로", "서울로"),
])
def test_josa(word: str, pair: str, expected: str) -> None:
    assert josa(word, pair) == expected


def test_clean_line_strips_html_tabs_and_pipes() -> None:
    assert clean_line("| 정원 | 274명 |  |") == "정원 | 274명"
    assert clean_line("<p>○ 조치바람 (정보시스템과)</p>\t<p>추진상황 : 추진완료</p>") == \
        "○ 조치바람 (정보시스템과) | 추진상황 : 추진완료"


def test_audit_row_summary_keeps_request_and_status() -> None:
    row = clean_line(corpus_data().lines(DOC_2025)[1073 - 1])
    out = _audit_summary(row)
    assert out.startswith("서울시민이 매크로를 활용한 부정예약의 피해를 보지 않도록 조치바람 (정보시스템과) → 추진상황: 추진완료.")


def test_figure_citations_share_a_line_and_carry_the_cell() -> None:
    data = tiny_data()
    cites = Cites(data)
    r1, r2 = data.recs[0], data.recs[2]
    assert cites.figure(r1) == 1 and cites.figure(r2) == 2 and cites.figure(data.recs[3]) == 2
    c = cites.build()
    assert c[0].doc == DOC_2026 and c[0].line_start == c[0].line_end == 37
    assert c[0].quote == "| 정원 | 274명 | 34명 | 30명 | 39명 | 27명 | 27명 | 26명 | 67명 | 24명 |"
    assert c[0].table == "디지털도시국 인력" and c[0].column == "정원" and c[0].value == "67명"
    assert c[1].column == "2026 예산현액, 2025 최종예산" and c[1].value == "43,298,294, 52,926,546"


def test_text_citation_names_the_deepest_section() -> None:
    data = tiny_data()
    cites = Cites(data)
    cites.text(DOC_2026, 425, 426)
    c = cites.build()[0]
    assert c.section == "3. 주요 현안업무 > 3.9. 디지털 재난 대비 재해복구시스템 확대"
    assert c.quote.splitlines() == ["- 서울시 대표누리집 재해복구 구축 : 2026. 9. ~ 12.",
                                    "- 원격지 온라인 백업장비 확대 구축 : 2026. 10. ~ 12."]


@pytest.mark.parametrize("wants,text,ok", [
    ("명", "사용인원: 6,739명", True),
    ("명", "사업예산 : 2,179백만원", False),
    ("money", "사업예산 : 2,179백만원", True),
    ("date", "- 서울시 대표누리집 재해복구 구축 : 2026. 9. ~ 12.", True),
    ("date", "재해복구 시스템 구축", False),
    (None, "아무 문장", True),
])
def test_value_kind_check(wants: str | None, text: str, ok: bool) -> None:
    assert satisfies(wants, text) is ok


@pytest.mark.parametrize("wants,text", [("명", "'24년 이용자수 32만명"), ("명", "이용자수 17천명"), ("건", "1.2억건 처리")])
def test_issue_count_with_a_scale_word_is_a_count(wants: str, text: str) -> None:
    """Pins a bug: '32만명' was not taken for a count of people, so the line holding it was refused."""
    assert satisfies(wants, text)


def test_value_years_dates_each_value_by_the_year_written_before_it() -> None:
    text = "(서울톡) '24년 이용자수 32만명, 가입자수 48만명 ○ 운영실적 증가를 위한 방안 마련 및 홍보 강화 추진, 사용인원 6,739명"
    assert value_years("명", text) == [2024, 2024, None]
    assert value_years("money", "예산 3,000천원") == [None]
    assert value_years(None, "32만명") == []


def test_count_wants_any_counter() -> None:
    assert satisfies("count", "회원수 약 12만명") and satisfies("count", "관할기관 61개")
    assert not satisfies("count", "사업예산 2,179백만원")


@pytest.mark.parametrize("text,ok", [
    ("원격지 온라인 백업 주기 단축(3개월→1일)", True),
    ("점검 주기 2주", True),
    ("사업예산 : 1,940백만원(서초센터 2식)", False),
    ("원격지 백업 주기 단축 및 온라인 백업 확대(~2026년)", False),
])
def test_issue_a_length_of_time_needs_a_duration_unit(text: str, ok: bool) -> None:
    """Pins a bug: a cycle question was answered with a budget line; a period needs 개월/주/일/시간 on the line."""
    assert satisfies("period", text) is ok


def test_each_question_needs_one_line_per_item_with_a_shared_term_and_its_own_value() -> None:
    """'A랑 B 회원수 각각': a line per item, both naming 회원수 and holding a count; no pair of lines about one item."""
    from app.compose import _each_lines, each_items
    from app.vocab import compact

    def keyed(*lines: str) -> list[tuple[str, int, str, str]]:
        return [("d", i, compact(x), x) for i, x in enumerate(lines, start=1)]

    terms = ["서울지갑", "서울시민카드", "회원수"]
    items = each_items(terms, compact("서울지갑이랑 서울시민카드 회원수가 각각 얼마야?"))
    assert items == ["서울지갑", "서울시민카드"]
    both = keyed("서울지갑과 서울시민카드 통합(1회 가입)", "서울지갑 | 회원수 약 12만명", "서울 시민카드 | 회원수 약 34만명")
    assert _each_lines(terms, items, "count", both) == [("d", 2), ("d", 3)]
    one_item = keyed("서울지갑 | 회원수 약 12만명", "서울지갑 회원수 목표 20만명")
    assert _each_lines(terms, items, "count", one_item) is None
    no_value = keyed("서울지갑 | 회원수 증가", "서울 시민카드 | 회원수 약 34만명")
    assert _each_lines(terms, items, "count", no_value) is None
    no_shared = keyed("서울지갑 약 12만명", "서울시민카드 회원수 약 34만명")
    assert _each_lines(terms, items, "count", no_shared) is None


def test_a_listing_satisfies_a_count_but_does_not_state_one() -> None:
    """A listing answers 'which' for '몇 개' but only a number with its counter states the count."""
    listing = "· 기록관리 지도·점검 · 시정기록 인수 · 기록물 보존"
    assert satisfies("개", listing) and not states_value("개", listing)
    assert states_value("개", "- 관할기관(61개) 특성 고려한 지도감독")
    assert not states_value(None, "61개")
