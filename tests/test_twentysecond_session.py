"""The twenty-second session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import re


# ---- a word for word reading takes each of a word's glosses in turn ----

def test_a_glossed_reading_can_take_a_words_other_gloss() -> None:
    from app.engine.normalize import glossed_words

    glosses = {"복사": ["백업", "복제"], "가입자": ["회원수"]}
    printed = {"백업", "복제", "회원수"}.__contains__
    q = "자료 복사 하는 사업 예산?"
    assert glossed_words(q, glosses, printed) == "자료 백업 하는 사업 예산?"
    assert glossed_words(q, glosses, printed, 1) == "자료 복제 하는 사업 예산?"
    # a word with fewer glosses keeps its last
    assert glossed_words("가입자 몇 명?", glosses, printed, 2) == "회원수 몇 명?"


def test_a_gloss_the_reports_never_print_is_never_taken() -> None:
    from app.engine.normalize import glossed_words

    glosses = {"복사": ["백업", "복제"]}
    assert glossed_words("자료 복사 사업", glosses, {"복제"}.__contains__) == "자료 복제 사업"
    assert glossed_words("자료 복사 사업", glosses, {"복제"}.__contains__, 1) == "자료 복제 사업"


# ---- a line is dated by the bullet it sits under, also when it is read for the value below a line ----

def test_a_record_of_another_year_is_no_plan_of_the_year_asked() -> None:
    from app.compose import _PLAN_OR_RESULT, _dated_score

    plan = _PLAN_OR_RESULT.search("2025년계획몇대")
    record = "-(추진실적)2024년키오스크설치-키오스크120대설치"
    assert _dated_score(10.0, record, {2025}, plan) is None
    assert _dated_score(10.0, record, {2024}, None) == 10.0
    # no year asked and the question not of what was done: an earlier year's record ranks lower than the plan
    assert _dated_score(10.0, record, set(), None, 2025, past=False) < 10.0
    assert _dated_score(10.0, record, set(), None, 2025, past=True) == 10.0
    assert _dated_score(10.0, "-키오스크130대설치", set(), None, 2025, past=False) == 10.0


def test_the_plan_of_the_year_asked_is_quoted_not_the_record_below_its_heading(ask) -> None:  # noqa: ANN001
    text = ask("25년 CCTV 신설 계획 몇 대야?")
    assert "1,796" in text, text
    assert "3,096" not in text, text  # the 2024 record under '(추진실적) 2024년 …'


def test_a_project_scale_asked_with_no_year_is_no_earlier_years_record(ask) -> None:  # noqa: ANN001
    text = ask("지능형 CCTV 사업 규모 중 신설 대수는?")
    assert re.search(r"1,880|1,796", text), text  # a plan (the 2026 or the 2025 report's)
    assert "3,096" not in text, text  # not the record of 2024


# ---- a count claimed of an action is checked against the count of that action ----

def test_the_action_said_by_a_claimed_count() -> None:
    from app.compose import action_of_count, claimed_count_actions

    q = "쉼터가 벌써 4개소 운영 중이라던데 맞아?"
    at = q.index("4개소")
    assert claimed_count_actions(q, at, at + 3) == {"운영"}
    line = "- 쉼터 5개 권역 추가 조성으로 거점 마련"
    assert action_of_count(line, line.index("5개"), line.index("5개") + 2) == "조성"


def test_a_count_claimed_of_running_places_is_not_confirmed_by_places_to_be_built(ask) -> None:  # noqa: ANN001
    text = ask("25년 보고서 보면 동행플라자 벌써 세 곳 말고 3개소 운영하고 있다는 거 맞지?")
    assert not text.startswith("네"), text
    text = ask("2025년 보고서에서 동행플라자 3개소 운영 중인 거 맞아?")
    assert text.startswith("아니요"), text
    assert "2개소" in text, text


# ---- a project named in English is not answered with its unit's total ----

def test_an_english_question_of_a_projects_budget_quotes_the_project(ask) -> None:  # noqa: ANN001
    text = ask("Project budget of the Seoul Metropolitan Archives next-generation digital archive in 2026?")
    assert "867" in text, text
    assert "6,152,772" not in text, text  # the archives' whole budget is not the project's


# ---- a row that names a unit asks nothing by the words of the unit's name ----

def test_a_units_row_named_with_a_cue_word_in_its_name_is_looked_up(ask) -> None:  # noqa: ANN001
    text = ask("25년 세출총괄에서 폐지 정보공개담당관 24년 최종예산 알려줘")
    assert "137,272" in text, text
    assert not re.search(r"담당 부서는", text), text


# ---- how much more a place can hold is a count, also of a body whose name ends in 원 ----

def test_how_much_more_an_archive_can_hold_is_a_count(ask) -> None:  # noqa: ANN001
    text = ask("서울기록원에 기록물 얼마나 더 들여놓을 수 있게 돼?")
    assert "10만권" in text, text
    text = ask("서울기록원 보관할 수 있는 양 얼마나 늘어나?")
    assert "10만권" in text, text


def test_a_sum_of_money_named_by_its_unit_stays_money() -> None:
    from app.analyze import _WANTS

    count = next(p for name, p in _WANTS if name == "count" and "얼마나" in p.pattern)
    assert count.search("서울기록원서고얼마나더보관할수있게돼?")
    assert not count.search("예산얼마나더쓸수있어?")
    assert not count.search("100원얼마나더모을수있어?")


# ---- a count asked of an action is read only from counts of the kind asked, in the reports' words for the act ----

def test_only_counts_of_the_kind_asked_decide_the_action() -> None:
    from app.compose import counts_another_action

    line = "- 노후장비 교체 40식, 신규 도입 12식 완료, 중요 시스템 9종 이중화 구축완료"
    # '몇 종': the 식 counts of other acts are no reason to set the line aside
    assert not counts_another_action("이중화 구축 시스템 몇 종까지 늘려?", line)
    assert counts_another_action("장비 몇 식 구축했어?", "- 노후장비 교체 40식, 신규 도입 12식")


def test_an_act_asked_in_the_askers_word_is_the_reports_act() -> None:
    from app.compose import counts_another_action, same_actions

    assert "신설" in same_actions(frozenset({"설치"}))
    assert not counts_another_action("쉼터 올해 몇 곳 설치해?", "- 쉼터 신설 12개소, 교체 4개소")


# ---- a count asked of a described thing is of the thing its words qualify ----

def test_a_count_of_the_described_things_needs_their_qualifier_printed() -> None:
    from types import SimpleNamespace

    from app.engine.described import Described, misses_the_thing_counted

    found = Described("센터가 가진 보안 장비", "몇 식이야?", "정보자원 운영", "d", "p")
    other = [SimpleNamespace(quote="- 노후·신규 장비 총 129식 교체 및 도입")]
    own = [SimpleNamespace(quote="- 보안 장비 1,024식 운영")]
    assert misses_the_thing_counted(found, other)
    assert not misses_the_thing_counted(found, own)
    # what is asked names its own noun ('사람 몇 명'): the description's head is not what is counted
    asked_people = Described("센터가 가진 보안 장비", "다룬 사람 몇 명이야?", "정보자원 운영", "d", "p")
    assert not misses_the_thing_counted(asked_people, other)


# ---- second round: from blind45/blind46 after their end runs ----

def test_a_share_executed_is_the_printed_rate_not_the_budget_over_the_amount(ask) -> None:  # noqa: ANN001
    text = ask("For 2026, what is the bureau's total budget (예산현액) and what share of it has been executed?")
    assert "46.5%" in text, text
    assert "214.8" not in text, text  # the budget over the amount executed is no share


def test_one_measure_over_another_that_the_tables_print_as_a_rate(ask) -> None:  # noqa: ANN001
    text = ask("공간정보과 예산현액 대비 집행액 비율 알려줘")
    assert "21.2%" in text, text
    assert "2025년 보고서" not in text, text  # not the two reports' 집행액 compared


def test_the_unit_most_short_of_people_is_ranked_by_its_shortfall(ask) -> None:  # noqa: ANN001
    text = ask("2026년 사람이 제일 모자란 부서는?")
    assert "부족" in text, text
    assert "현원이 가장 많은" not in text, text


def test_a_project_asked_in_english_is_not_answered_with_its_units_budget(ask) -> None:  # noqa: ANN001
    text = ask("How much is budgeted to expand the disaster recovery system of the data center?")
    assert "61,426,877" not in text, text  # the data center's whole budget is not the project's


def test_two_syllables_typed_in_each_others_place_are_put_right(ask) -> None:  # noqa: ANN001
    from app.engine.normalize import _one_slip_away

    assert _one_slip_away("동행플자라", "디지털동행플라자운영") == {"동행플라자"}
    text = ask("디지털동행플자라 몇 개소 운영 중이야?")
    assert "2개소" in text, text


def test_one_row_in_two_reports_which_is_larger(ask) -> None:  # noqa: ANN001
    text = ask("정보보안과 기본경비는 25년 보고서랑 26년 보고서 중 어디가 더 커?")
    assert "2025년 보고서" in text and "2026년 보고서" in text, text
    assert "63,770" in text, text  # the row's 2025 figure, held against its 2026 one


def test_a_counted_number_with_its_subject_particle_is_no_noun() -> None:
    from app.analyze import counter_copula_terms

    # '6종이 뭐뭐예요': 종이 (paper) is not asked, nor after a figure
    assert counter_copula_terms("지하시설물 6종이 뭐뭐예요?", ["지하시설물", "종이"]) == ["지하시설물"]
    assert counter_copula_terms("시스템 몇 종이야?", ["시스템", "종이"]) == ["시스템"]
    assert counter_copula_terms("종이 문서 몇 권이야?", ["종이", "문서"]) == ["종이", "문서"]


def test_a_person_word_is_covered_by_its_stem_where_the_lexicon_says_so() -> None:
    from app.analyze import term_variants

    assert "참여" in term_variants("참여자")
    # not by a rule on every word ending in 자: a 사업자 (a contractor) is no 사업, an 이용자 no 이용료
    assert "사업" not in term_variants("사업자")
    assert "이용" not in term_variants("이용자")


def test_items_named_by_a_word_of_the_row_they_sit_under_are_ranked(ask) -> None:  # noqa: ANN001
    text = ask("26년 기타이자수입 중에 예산현액 제일 큰 이자 항목은 뭐야?")
    assert "가장 많은 항목은" in text, text
    assert "발생이자" in text, text
