"""The units a unit is made of, asked in any words and after a pronoun; a day asked as '<event>일'; a count with its
own counter after '근데' is a new topic; a year written with a month and day is the day of an event, not the year of
the figure beside it."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.compose import value_years
from app.engine.normalize import event_days_split
from tests.test_answer import corpus_index
from tests.test_conversation import chat


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


@pytest.mark.parametrize("q", ["서울기록원 과는 어떻게 나뉘어 있어?", "서울기록원은 과가 어떻게 구성돼?"])
def test_the_units_of_a_unit_asked_in_other_words(idx, q: str) -> None:  # noqa: ANN001
    a = answer(q, index=idx)
    assert all(u in a.text for u in ("기록정책과", "보존서비스과", "운영지원과")), a.text


def test_the_units_of_the_unit_a_pronoun_stands_for(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "서울기록원 현원 몇 명이야?", "거기 과는 어떻게 나뉘어?")
    assert all(u in follow.text for u in ("기록정책과", "보존서비스과", "운영지원과")), follow.text
    assert "명" not in follow.text.split("이해했습니다.")[-1], follow.text  # no headcount carried over


def test_a_day_asked_as_the_event_and_il() -> None:
    printed = {"공포", "조례", "개통"}.__contains__
    assert event_days_split("조례 공포일 언제야?", printed) == ("조례 공포 날짜 언제야?", True)
    # a word the reports print with '일', or whose event they do not print, stays
    assert event_days_split("조례 공포일 언제야?", lambda w: w in {"공포", "공포일"})[1] is False
    assert event_days_split("생일 언제야?", printed)[1] is False


def test_an_ordinance_day_asked_with_il_is_answered(idx) -> None:  # noqa: ANN001
    a = answer("사이버보안 조례 공포일은 언제야?", index=idx)
    assert "9. 29." in a.text and not a.abstained, a.text


def test_a_count_with_its_own_counter_after_but_is_a_new_topic(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "데이터센터 현원 몇 명?", "근데 2025년 정보자원 보유 현황은 총 몇 식이야?")
    assert "4,165" in follow.text and not follow.abstained, follow.text


def test_an_event_day_before_a_figure_does_not_date_it() -> None:
    assert value_years("명", "○○재단 : 2016년 설립 후 2025년 5. 19. 출범 / 2본부(정원 40명)") == [None]
    assert value_years("명", "('25. 1.31. 기준) 현원 38명") == [2025]  # a day figures are counted at dates them
    assert value_years("명", "'24년 이용자수 32만명") == [2024]


def test_a_figure_printed_after_an_event_day_answers_its_report_year(idx) -> None:  # noqa: ANN001
    a = answer("2026년 서울AI재단 정원은 몇 명이야?", index=idx)
    assert "52명" in a.text and not a.abstained, a.text


def test_a_row_printed_with_its_unit_in_front_in_another_report_is_read_in_the_asked_one(idx) -> None:  # noqa: ANN001
    # the 2025 table prints '서울기록원 디지털 아카이브 구축', the 2026 one '8-1-2) 디지털 아카이브 구축' under 서울기록원:
    # a question without a year is about the newest report's row, not the older report's figure
    a = answer("서울기록원 디지털 아카이브 구축 예산현액 얼마야?", index=idx)
    assert "1,481,603" in a.text and "790,160" not in a.text, a.text
    old = answer("2025년 서울기록원 디지털 아카이브 구축 예산현액 얼마야?", index=idx)
    assert "790,160" in old.text, old.text


def test_the_report_named_with_the_audit_results_is_not_the_audits_year(idx) -> None:  # noqa: ANN001
    # the 2025 report prints the 2024 audit's results: '25년 보고서 행감' names the report; '2025년 행감' an audit it
    # does not print; the 2026 report prints none
    a = answer("25년 보고서에 나온 행감 처리결과는 모두 몇 건이야?", index=idx)
    assert "41건" in a.text and not a.abstained, a.text
    assert answer("2025년 행정사무감사 처리결과는 모두 몇 건이야?", index=idx).abstained
    assert answer("26년 보고서에 나온 행감 처리결과는 모두 몇 건이야?", index=idx).abstained


def test_a_follow_up_naming_the_printed_list_itself_stands_on_its_own(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "24년 행감 결과 있지?", "처리요구사항 몇 건?")
    assert "41건" in follow.text and not follow.abstained, follow.text


def test_a_place_pronoun_after_a_row_with_no_unit_stands_for_that_row(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "2026년 서울AI재단 출연 예산 얼마야?", "걔네 지출액은?")
    assert "3,581,634" in follow.text and not follow.abstained, follow.text


def test_a_headcount_change_between_the_reports_is_their_difference(idx) -> None:  # noqa: ANN001
    a = answer("정보보안과 현원이 2025년 1월과 2026년 3월 사이에 몇 명 늘었어?", index=idx)
    assert "26명" in a.text and "27명" in a.text and "1명 증가" in a.text, a.text
    assert "천원" not in a.text  # no budget change column for a headcount


def test_a_change_is_not_answered_with_one_figure(idx) -> None:  # noqa: ANN001
    a = answer("서울시민카드 회원수는 2025년 대비 2026년에 얼마나 늘었어?", index=idx)
    assert a.abstained, a.text  # one figure is printed ('약 34만명'), no change


def test_a_year_follow_up_with_a_month_end_keeps_the_subject(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "정보통신과 원인행위 집행률 어떻게 돼?", "작년 1월말 기준은?")
    assert "정보통신과" in follow.text and "6.1%" in follow.text, follow.text


def test_a_row_spelled_one_letter_apart_in_the_asked_report_is_read_there(idx) -> None:  # noqa: ANN001
    # the 2026 table prints '세계스마트시티지구 운영' (a conversion slip); the 2025 one '세계스마트시티기구 운영'
    a = answer("세계스마트시티기구 운영 2026년 예산현액 얼마야?", index=idx)
    assert "1,922,517" in a.text and not a.abstained, a.text


def test_a_zero_rate_is_shown_with_what_it_is_of(idx) -> None:  # noqa: ANN001
    a = answer("위성영상 활용 광역 지반침하 감지체계 구축 사업의 집행 실적을 제출 바랍니다.", index=idx)
    assert "0.0%" in a.text and "1,480,245" in a.text, a.text


def test_are_two_measures_the_same_is_answered_yes_or_no(idx) -> None:  # noqa: ANN001
    same = answer("지금 정보보안과는 정원이랑 현원이 같아?", index=idx)
    assert same.text.startswith("네") and "27명" in same.text, same.text
    differ = answer("데이터센터는 정원이랑 현원이 똑같아?", index=idx)
    assert differ.text.startswith("아니요") and "65명" in differ.text and "67명" in differ.text, differ.text


def test_which_of_two_dates_has_more_is_a_comparison_not_a_when(idx) -> None:  # noqa: ANN001
    a = answer("방송통신직 현원은 25년이랑 26년 중 언제가 더 많았어?", index=idx)
    assert "56명" in a.text and "55명" in a.text and "감소" in a.text, a.text


def test_a_part_compared_across_reports_is_named_with_its_row(idx) -> None:  # noqa: ANN001
    a = answer("전산직 현원 2025년이랑 2026년 비교해줘", index=idx)
    assert "전산" in a.text.split("현원은")[0] and "81명" in a.text and "83명" in a.text, a.text
