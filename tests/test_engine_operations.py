"""Table operations end to end over the real corpus (parsed records, no search files): each answer carries the
right figures, every figure is cited at its own line, and computed figures show their operands. (Own questions,
none from an eval set.)"""
from __future__ import annotations

import re

import pytest

from app.answer import answer
from tests.test_answer import DOC_2025, DOC_2026, cited_lines, corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def ask(idx, q: str, **kw):  # noqa: ANN001, ANN201
    a = answer(q, index=idx, **kw)
    assert not a.abstained, a.text
    return a


def test_rank_lowest_budget_among_departments(idx) -> None:  # noqa: ANN001
    a = ask(idx, "26년 예산이 젤 적은 과 두 곳")
    assert a.text.startswith("2026년 세출총괄 부서별 기준 2026 예산현액이 가장 적은 부서는 1) 서울기록원 6,152,772천원[1], "
                             "2) 정보보안과 10,128,418천원[2] 순입니다"), a.text
    assert {(DOC_2026, 122), (DOC_2026, 114)} <= cited_lines(a)


def test_rank_by_change_calls_a_fall_a_fall(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 보고서에서 전년보다 예산이 가장 많이 늘어난 부서")
    assert "가장 많이 늘어난 부서는 디지털정책과(6,798,848천원 증가[1])" in a.text, a.text
    assert (DOC_2025, 88) in cited_lines(a)


def test_rank_within_a_unit_ranges_over_its_budget_lines(idx) -> None:  # noqa: ANN001
    a = ask(idx, "공간정보과 세부사업 중 2026년 예산 제일 큰 거")
    assert "가장 많은 사업은" in a.text and "공간정보과" not in a.text.split("사업은")[1][:12], a.text


def test_filter_lists_every_item_past_the_bound_with_its_figure(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 집행률 45% 넘는 부서 어디야")
    for unit, rate in (("데이터전략과", "49.5%"), ("정보시스템과", "82.4%"), ("정보보안과", "48.7%"), ("정보통신과", "58.1%")):
        assert f"{unit} {rate}" in a.text, a.text
    assert "공간정보과" not in a.text and "4곳" in a.text


def test_count_of_units_over_a_headcount_bound(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 현원 30명 넘는 과가 몇 곳이야?")
    assert "3곳" in a.text and "데이터센터 69명" in a.text and "데이터전략과" not in a.text, a.text  # 29명: not over


def test_items_where_one_measure_exceeds_another(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년에 현원이 정원보다 많은 부서는?")
    assert "현원이 정원보다 많은 부서는 4곳입니다" in a.text, a.text
    assert "데이터센터(현원 69명" in a.text


def test_sum_and_difference_show_their_operands(idx) -> None:  # noqa: ANN001
    a = ask(idx, "정보보안과랑 공간정보과 2026 예산 합치면 얼마야")
    assert "10,128,418 + 10,709,252 = 20,837,670" in a.text, a.text
    d = ask(idx, "공간정보과가 정보보안과보다 2026년 예산이 얼마나 많아?")
    assert "580,834천원 많습니다" in d.text and "10,709,252 − 10,128,418 = 580,834" in d.text, d.text


def test_share_of_the_total(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 세출 예산에서 서울기록원이 차지하는 비중")
    assert "3.3%" in a.text and "6,152,772 ÷ 188,462,187 × 100" in a.text, a.text


def test_yes_no_checks_answer_yes_or_no_with_the_printed_figure(idx) -> None:  # noqa: ANN001
    yes = ask(idx, "2026년 정보통신과 현원 29명 맞아?")
    assert yes.text.startswith("네") and "29명[1]" in yes.text, yes.text
    no = ask(idx, "2026년 데이터전략과 예산 늘었지?")
    assert no.text.startswith("아니요, 데이터전략과의 예산은 2,118,769천원(15.2%) 감소했습니다[1]"), no.text
    bound = ask(idx, "정보시스템과 2026년 집행률 90% 넘어?")
    assert bound.text.startswith("아니요") and "82.4%" in bound.text, bound.text


def test_two_step_names_the_unit_then_its_figure(idx) -> None:  # noqa: ANN001
    a = ask(idx, "스마트서울맵 활성화 맡은 부서의 2026년 현원은?")
    assert "공간정보과" in a.text and "27명" in a.text, a.text
    assert (DOC_2026, 38) in cited_lines(a)  # the 현원 row


def test_one_thing_in_two_reports_is_read_from_each_report_and_dated(idx) -> None:  # noqa: ANN001
    a = ask(idx, "서울기록원 현원 25년 보고서랑 26년 보고서 비교")
    assert "2025년 보고서(2025. 1. 31. 기준) 21명" in a.text and "23명" in a.text and "2명 증가" in a.text, a.text
    assert (DOC_2025, 33) in cited_lines(a) and (DOC_2026, 38) in cited_lines(a)


def test_english_question_gets_the_printed_figure_in_an_english_sentence(idx) -> None:  # noqa: ANN001
    a = ask(idx, "How many authorized positions does the Seoul Archives have in 2026?")
    assert "24명" in a.text and "(2026)" in a.text and (DOC_2026, 37) in cited_lines(a), a.text


def test_a_word_the_reports_never_use_is_not_answered_with_another_figure(idx) -> None:  # noqa: ANN001
    a = answer("정보통신과 예산 가운데 출장비 비중은?", index=idx)
    assert a.abstained, a.text  # no 출장비 anywhere: not the 정보통신과 share of the total


def test_share_of_a_breakdown_part_within_its_own_row(idx) -> None:  # noqa: ANN001
    a = ask(idx, "정보자원 보유 현황 중에서 정보보호가 차지하는 비중은?")
    assert "319식" in a.text and "4,165식" in a.text and "7.7%" in a.text, a.text


def test_a_claimed_gap_between_two_measures_is_checked_as_a_gap(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 정보보안과 현원이 정원보다 1명 적었던 거 맞지?")
    assert a.text.startswith("네.") and "26명" in a.text and "27명" in a.text, a.text
    b = ask(idx, "2025년 정보보안과 현원이 정원보다 2명 적었던 거 맞지?")
    assert b.text.startswith("아니요."), b.text


def test_a_budget_line_under_a_named_unit_keeps_both(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 서울기록원이랑 공간정보과 기본경비 합치면?")
    assert "서울기록원" in a.text and "공간정보과" in a.text and "기본경비" in a.text and "=" in a.text, a.text


def test_two_step_finds_the_unit_from_what_it_does(idx) -> None:  # noqa: ANN001
    """The unit is read from the line that says it does the work (a duties table row), then its figure."""
    a = ask(idx, "기록물 보존처리 맡고 있는 곳 현원 몇 명")
    assert "서울기록원" in a.text and "23명" in a.text, a.text
    quotes = " ".join(c.quote for c in a.citations)
    assert "보존처리" in quotes, a.citations  # the line that names the work is cited


def test_two_step_by_what_a_unit_does_keeps_a_printed_year_once(idx) -> None:  # noqa: ANN001
    a = ask(idx, "항공사진 촬영 하는 과 2026 예산")
    assert "공간정보과" in a.text and "10,709,252천원" in a.text, a.text
    assert "2026년 2026" not in a.text, a.text


def test_a_list_table_of_teams_answers_lookup_with_the_names_listed(idx) -> None:  # noqa: ANN001
    """An organisation table lists each unit's teams on one line: the count printed beside the unit, and the names."""
    a = ask(idx, "정보통신과에는 팀이 몇 개 있어?")
    assert "5팀[1]" in a.text and "스마트CCTV팀" in a.text and "CCTV안전센터팀" in a.text, a.text
    assert (DOC_2026, 21) in cited_lines(a)


def test_units_ranked_and_filtered_by_their_number_of_teams(idx) -> None:  # noqa: ANN001
    top = ask(idx, "팀 수 가장 적은 과 어디?")
    assert "가장 적은 부서는 공간정보과(4팀" in top.text, top.text
    six = ask(idx, "팀이 6개인 부서 알려줘")
    assert "디지털정책과" in six.text and "정보시스템과" in six.text and "공간정보과" not in six.text, six.text


def test_budget_lines_named_without_their_units_prefix_are_summed(idx) -> None:  # noqa: ANN001
    """The 2025 report prints '서울기록원 기록수집보존관리'; the question names the line without the unit."""
    a = ask(idx, "2025 기록수집보존관리랑 기록정보서비스 활성화 예산 더하면 얼마")
    assert "1,577,837천원[1]" in a.text and "569,800천원[2]" in a.text and "2,147,637천원" in a.text, a.text
    assert {(DOC_2025, 1040), (DOC_2025, 1041)} <= cited_lines(a)


def test_how_far_one_measure_falls_short_of_another_for_one_unit(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 데이터센터 현원이 정원보다 몇 명 모자라?")
    assert "65명" in a.text and "67명" in a.text and "2명 적습니다" in a.text, a.text
    assert (DOC_2026, 37) in cited_lines(a) and (DOC_2026, 38) in cited_lines(a)


def test_a_tables_total_compared_across_years_when_only_the_table_is_named(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 세출 예산 작년보다 얼마 늘었나")
    assert "185,838,410천원" in a.text and "188,462,187천원" in a.text and "2,623,777천원 증가" in a.text, a.text


def test_an_abbreviation_of_the_report_reads_as_the_report(idx) -> None:  # noqa: ANN001
    """'업보' is everyday shorthand for 업무보고 (lexicon everyday words): '작년 업보' is the 2025 report."""
    a = ask(idx, "작년 업보에서 데이터센터 정원 몇 명이었어")
    assert "2025년 데이터센터의 정원은 67명" in a.text, a.text
    assert cited_lines(a) == {(DOC_2025, 32)}  # the 2025 report's row, not the 2026 one


def test_a_change_between_two_named_years_is_read_in_the_later_years_table(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 대비 2026년 예산 줄어든 과 몇 개야?")
    assert a.text.startswith("2026년 세출총괄 부서별 기준") and "3곳" in a.text and "데이터전략과" in a.text, a.text


def test_the_smallest_project_budgets_leave_out_a_budget_printed_only_by_its_parts(idx) -> None:  # noqa: ANN001
    """'엠보팅(220,435천원), 서울은(기존사업 범위 내 추진)' prints one part's budget, not the project's: the two
    smallest project budgets are 119백만원 and 808백만원, in that order."""
    a = ask(idx, "사업예산 제일 작은 사업 두 개")
    first, second = a.text.index("119백만원"), a.text.index("808백만원")
    assert first < second and "220,435" not in a.text, a.text


def test_a_ranking_does_not_ignore_a_topic_word_it_cannot_filter_by(idx) -> None:  # noqa: ANN001
    a = answer("AI 쪽 사업 중 사업예산 가장 큰 건?", index=idx)
    assert "17,963백만원" not in a.text, a.text  # the largest project overall is not an AI project


def test_a_measure_without_a_printed_change_is_compared_report_to_report(idx) -> None:  # noqa: ANN001
    a = ask(idx, "작년 대비 정원 감소한 부서 있나?")
    assert "디지털정책과(35명[1] → 34명[2])" in a.text and "1곳" in a.text, a.text
    assert "증감액" not in a.text  # not the budget's change column


def test_two_step_without_a_possessive_ranks_then_reads_the_other_measure(idx) -> None:  # noqa: ANN001
    a = ask(idx, "집행률 젤 낮은 부서 현원 몇명")
    assert "공간정보과" in a.text and "27명" in a.text, a.text


def test_units_ranked_by_staff_over_authorized_when_no_gap_column_is_printed(idx) -> None:  # noqa: ANN001
    """The 2026 table prints 정원 and 현원 but no 과부족: the difference is computed per unit from the two cells."""
    over = ask(idx, "2026년 정원보다 현원 제일 많이 초과한 부서")
    assert "디지털정책과(현원 37명[1] − 정원 34명[2] = +3명)" in over.text, over.text
    short = ask(idx, "2026년 결원 가장 많은 과")
    assert "데이터센터(현원 65명" in short.text and "△2명" in short.text, short.text


def test_units_ranked_by_one_measure_over_another(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 현원을 정원으로 나눈 비율, 정원 대비 현원 비율이 가장 낮은 과는?")
    assert "서울기록원" in a.text and "21명" in a.text and "24명" in a.text and "87.5%" in a.text, a.text


def test_a_request_for_the_units_that_fell_is_a_list_not_a_yes_no(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 보고서 세출에서 전년보다 예산이 깎인 부서들을 추려 주세요")
    assert not a.text.startswith(("네", "아니요")), a.text
    for unit in ("정보시스템과", "공간정보과", "데이터센터", "서울기록원"):
        assert unit in a.text, a.text


def test_an_everyday_word_for_the_staff_held_against_the_authorized(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 데이터전략과 정원 대비 사람 몇 명 부족해?")
    assert "29명" in a.text and "30명" in a.text and "1명" in a.text, a.text


def test_money_coming_in_is_revenue(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년에 우리 국에 들어올 돈 전체 얼마야?")
    assert "세입" in a.text and "15,108,165천원" in a.text, a.text


def test_two_step_ranked_by_a_job_column_then_another_measure(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 연구직 인원 젤 많은 과의 현원은?")
    assert "서울기록원" in a.text and "8명" in a.text and "23명" in a.text, a.text


def test_two_step_over_projects_reads_the_same_rows_other_cell(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 예산현액이 제일 큰 세부사업의 지출액 집행률은?")
    assert "정보자원 통합 관리" in a.text and "가장 많은 사업" in a.text and "부서는" not in a.text, a.text


def test_two_step_with_each_step_in_its_own_report(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 보고서에서 현원이 가장 많은 과는 2026년 보고서에서 정원이 몇 명이야?")
    assert "데이터센터" in a.text and "69명" in a.text and "67명" in a.text and "2026년 정원" in a.text, a.text


def test_each_units_own_line_filtered(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 부서별 기본경비 원인행위 집행률 40% 넘는 곳은?")
    assert "기본경비" in a.text and "정보보안과 48.7%" in a.text and "1곳" in a.text, a.text


def test_a_sentence_saying_why_the_question_is_asked_is_not_read(idx) -> None:  # noqa: ANN001
    a = ask(idx, "업무보고 자료 준비 중인데요, 2025년 서울기록원 정원은 몇 명이죠?")
    assert "24명" in a.text, a.text


def test_ranked_by_the_change_against_a_named_baseline(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 예산이 2025년 최종예산보다 가장 많이 늘어난 과는?")
    assert "가장 많이 늘어난 부서는 데이터센터(8,726,105천원 증가[1])" in a.text, a.text


def test_the_projects_a_unit_runs_are_named_and_cited_at_their_headings(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년에 데이터센터가 맡은 현안사업 뭐 있어?")
    assert "디지털 재난 대비 재해복구시스템 확대" in a.text and "1개" in a.text, a.text
    assert any("재해복구시스템 확대" in c.quote for c in a.citations), a.citations


def test_a_units_budget_lines_are_listed_with_their_amounts(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 서울기록원 세부사업 목록 알려줘")
    assert "5개" in a.text and "서울기록원 디지털 아카이브 구축 790,160천원" in a.text, a.text


def test_the_class_a_superlative_heads_is_ranked_not_the_tables_class(idx) -> None:  # noqa: ANN001
    a = answer("2026년 직종별 현원 중 행정 직렬 인원이 가장 많은 부서와 그 인원은?", index=idx)
    assert not a.abstained and "부서는" in a.text and "직종은" not in a.text


def test_a_units_share_of_the_whole_is_computed_from_the_total_row(idx) -> None:  # noqa: ANN001
    a = answer("데이터센터 예산이 국 전체 세출의 몇 퍼센트야?", index=idx)
    assert "61,426,877 ÷ 188,462,187 × 100 = 32.6%" in a.text


def test_a_definition_asked_with_a_softener_is_read_from_the_glossary(idx) -> None:  # noqa: ANN001
    a = answer("메타데이터 뜻 좀 알려줘", index=idx)
    assert a.text.startswith("문서의 용어 설명입니다") and any("메타데이터" in c.quote for c in a.citations)


def test_a_year_written_before_a_word_starting_with_won_is_not_an_amount(idx) -> None:  # noqa: ANN001
    a = answer("2025 원인행위 집행률 제일 높은 부서는?", index=idx)  # '2025원인행위' is not '2,025원'
    assert not a.abstained and "가장 높은 부서는" in a.text


def test_the_items_of_a_table_cell_separated_by_slashes_are_counted() -> None:
    from types import SimpleNamespace

    from app.engine.frame import Frame
    from app.engine.quoted import count_listed

    q = "데이터센터 밑에 과 몇 개 있어?"
    row = SimpleNamespace(n=1, quote="| 데이터센터 | 기획관리과 / 정보자원운영과 / 인터넷통신과 |")
    said = count_listed(Frame(question=q, text=q, key=q.replace(" ", ""), units=["데이터센터"]), [row])
    assert said == "3개입니다[1]: 기획관리과, 정보자원운영과, 인터넷통신과."


def test_a_total_of_two_named_units_is_their_sum(idx) -> None:  # noqa: ANN001
    a = answer("2026 정보보안과랑 공간정보과 기본경비 합계 얼마야?", index=idx)
    assert "합치면" in a.text and re.search(r"계산: [\d,]+ \+ [\d,]+ = [\d,]+", a.text)


def test_a_total_named_with_its_part_is_not_summed_with_it(idx) -> None:  # noqa: ANN001
    a = answer("25년 보고서 정보자원 보유현황에서 총합계랑 정보통신 몇 식이야?", index=idx)
    assert "합치면" not in a.text and "4,165식" in a.text


def test_an_english_question_on_the_bureaus_overall_rate_reads_the_total_row(idx) -> None:  # noqa: ANN001
    a = answer("What is the bureau's overall execution rate (commitment basis) as of March 31, 2026?", index=idx)
    assert not a.abstained and "46.5%" in a.text


def test_an_english_count_of_audit_items_is_answered_from_the_printed_list(idx) -> None:  # noqa: ANN001
    a = answer("How many of the 2024 council audit items are still in progress?", index=idx)
    assert a.text.startswith("From the reports") and "22건" in a.text and "41건" in a.text


def test_the_unit_running_a_project_called_an_institution_then_its_line(idx) -> None:  # noqa: ANN001
    a = answer("EDR 확대 설치 담당하는 기관 기본경비 2026년 얼마야?", index=idx)
    assert "담당 부서는 정보보안과" in a.text and "정보보안과 기본경비의" in a.text


def test_a_bullet_dated_to_another_year_does_not_answer_the_year_asked(idx) -> None:  # noqa: ANN001
    # the 2025 report prints '(추진실적) 2024년 …' with '교체 4,039대' under it, and the 2025 plan '교체(3,333대)'
    a = answer("25년 계획상 CCTV 교체 대수는?", index=idx)
    assert "3,333" in a.text and "4,039" not in a.text
