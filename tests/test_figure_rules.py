"""Regression tests of the table-figure path (app/compose.py figures, app/lookup.py), each named after what it pins.

They run on the real corpus through the in-memory stand-in index of tests/test_answer.py (no embeddings).
"""
from __future__ import annotations

import re

import pytest

from app.answer import answer
from tests.test_answer import DOC_2025, DOC_2026, FakeIndex, cited_lines, corpus_index


@pytest.fixture(scope="module")
def corpus() -> FakeIndex:
    return corpus_index()


def test_partial_label_match_needs_every_distinctive_term(corpus: FakeIndex) -> None:
    """Pins a wrong answer: 'CCTV 통합 관리' matched the row '정보자원 통합 관리' on '통합' and stated its budget."""
    ans = answer("CCTV 통합 관리 예산 얼마 잡혔어?", index=corpus)
    assert "18,729,857" not in ans.text, ans.text
    assert (DOC_2026, 623) not in cited_lines(ans)


def test_label_named_whole_still_answers_without_the_table_word(corpus: FakeIndex) -> None:
    """'공유재산 임대료 수입': '수입' is implied by the revenue table; the row named whole answers."""
    ans = answer("2025년 공유재산 임대료 수입 예산은?", index=corpus)
    assert "6,978,632천원" in ans.text, ans.text


def test_previous_year_is_counted_from_the_year_named() -> None:
    """'2025 … 전년 대비' compares 2025 with 2024, not the newest report with 2025."""
    from app.analyze import find_years

    assert find_years("2025 세출 예산현액의 전년 대비 증감", 2026) == ([2025, 2024], True)
    assert find_years("세출 예산 전년 대비 얼마나 늘었어", 2026) == ([2025], True)
    assert find_years("작년 세출 예산", 2026) == ([2025], True)


def test_label_spelt_by_question_nouns_with_a_short_gap_is_named() -> None:
    """'시도비보조금 반환금 수입' names the label '시도비보조금등반환금수입' (one connecting syllable left out)."""
    from app.analyze import gapped_labels

    labels = ["시도비보조금등반환금수입", "보조금", "반환금수입정산", "기타반환금수입"]
    assert gapped_labels(["시도비보조금", "반환금", "수입"], labels) == ["시도비보조금등반환금수입"]
    assert gapped_labels(["반환금", "수입"], labels) == []  # too little of any long label spelt
    assert gapped_labels(["시도비", "수입"], labels) == []  # a long gap is not a connecting syllable


def test_growth_rate_of_a_revenue_row_named_by_its_parts(corpus: FakeIndex) -> None:
    ans = answer("시도비보조금 반환금 수입은 얼마나 늘었어?", index=corpus)
    assert "527,823천원" in ans.text and "310,505천원" in ans.text, ans.text
    assert (DOC_2026, 85) in cited_lines(ans)


def test_year_named_with_previous_year_answers_from_that_years_report(corpus: FakeIndex) -> None:
    ans = answer("2025년 세출 예산현액은 전년도보다 얼마나 늘었나요?", index=corpus)
    assert "12,226,388천원" in ans.text and "179,524,030천원" in ans.text, ans.text
    assert (DOC_2025, 85) in cited_lines(ans)


def test_two_tables_that_disagree_also_state_the_gap(corpus: FakeIndex) -> None:
    ans = answer("올해 주차요금수입 예산은 얼마야?", index=corpus)
    assert "404,751천원" in ans.text and "392,742천원" in ans.text, ans.text
    assert "두 값의 차이는 12,009천원입니다 (계산: 404,751 − 392,742 = 12,009)." in ans.text
    assert {(DOC_2026, 79), (DOC_2026, 472)} <= cited_lines(ans)


def test_same_label_under_two_parents_of_one_table_is_two_items_not_a_disagreement(corpus: FakeIndex) -> None:
    """Pins a bug: '정보통신공사업 위반 과태료' under 지방행정제재·부과금 and under 지난연도 수입 was called '표마다 다르게'."""
    ans = answer("정보통신공사업 위반 과태료 세입 예산은?", index=corpus)
    assert "표마다 다르게" not in ans.text, ans.text
    assert "298,935천원[1]" in ans.text and "다른 항목: 세외수입 지난연도 수입 정보통신공사업 위반 과태료 3,072천원[2]" in ans.text


def test_total_of_a_one_row_breakdown_lists_its_parts(corpus: FakeIndex) -> None:
    ans = answer("정보자원 보유 현황 총합계는 몇 식이야?", index=corpus)
    assert "총합계는 4,165식[1](전산장비 2,843식[1], 정보통신 689식[1], 정보보호 319식[1], 기반시설 314식[1])입니다" in ans.text, ans.text
    assert cited_lines(ans) == {(DOC_2025, 658)}


def test_department_of_a_project_section_names_its_tables(corpus: FakeIndex) -> None:
    """A table with no department column inside a department's project section belongs to that department."""
    ans = answer("데이터센터 정보자원 보유 현황 총합계 알려줘", index=corpus)
    assert "4,165식" in ans.text, ans.text


@pytest.mark.parametrize("question", ["디지털정책과 정원 2025년이랑 2026년 비교해줘", "2026년이랑 2025년 디지털정책과 정원 비교"])
def test_change_across_reports_runs_from_the_earlier_year_whatever_the_order_asked(corpus: FakeIndex, question: str) -> None:
    """Pins a wrong answer: '25년이랑 26년' computed 2025 − 2026 and called a rise a fall."""
    ans = answer(question, index=corpus)
    assert "2025년 보고서(2025. 1. 31. 기준) 35명[1]에서 2026년 보고서(2026.3.31. 기준) 34명[2]으로 1명 감소했습니다" in ans.text, ans.text
    assert "계산: 34 − 35 = △1" in ans.text


def test_budget_not_yet_committed_is_budget_minus_commitments(corpus: FakeIndex) -> None:
    ans = answer("공간정보과 예산 중에 원인행위 아직 안 된 건 얼마야?", index=corpus)
    # (each figure cited at its row; the same row of the 세출총괄 table prints both too)
    assert re.search(r"예산현액 10,709,252천원\[1\](?:\[\d\])* 중 원인행위액 2,268,655천원\[1\](?:\[\d\])*을 뺀 "
                     r"8,440,597천원이 아직 원인행위되지 않았습니다", ans.text), ans.text
    assert "계산: 10,709,252 − 2,268,655 = 8,440,597" in ans.text


def test_budget_not_yet_spent_uses_the_spending_column() -> None:
    from app.analyze import remainder_basis

    assert remainder_basis("정보시스템과예산중아직안쓴돈은얼마야?") == "지출액"
    assert remainder_basis("미집행예산얼마?") == "원인행위액"
    assert remainder_basis("지출안된금액") == "지출액"
    assert remainder_basis("정보시스템과예산얼마야?") is None
    assert remainder_basis("데이터센터안쓴예산얼마?") == "지출액"  # '아직' dropped as a filler
    assert remainder_basis("예산중에안지출액?") == "지출액"  # everyday '나간 돈' read as 지출액 first


def test_budget_not_yet_executed_is_a_remainder_not_a_rate(corpus: FakeIndex) -> None:
    """'집행 안 된 금액' names 집행 but asks an amount: the budget left over, never a rate or a project's budget."""
    ans = answer("공간정보과 아직 집행 안 된 금액 얼마야?", index=corpus)
    assert "8,440,597천원이 아직 원인행위되지 않았습니다" in ans.text, ans.text
    rate = answer("공간정보과 집행률 얼마야?", index=corpus)
    assert "%" in rate.text and "아직" not in rate.text


def test_new_line_item_states_its_net_increase_flag(corpus: FakeIndex) -> None:
    ans = answer("초고속정보통신 인프라 보조금 발생이자 예산은 얼마야?", index=corpus)
    assert "47,224천원[1], 증감은 순증[1]입니다" in ans.text, ans.text


def test_net_flag_is_not_attached_to_an_earlier_years_figure(corpus: FakeIndex) -> None:
    """The 순감 of the 2025 report compares 2025 with 2024; it says nothing about the 2024 figure itself."""
    ans = answer("2024년 특별교부세는 얼마였어?", index=corpus)
    assert "988,100천원" in ans.text and "순감" not in ans.text, ans.text


def test_project_cost_by_year_table_answers_future_years(corpus: FakeIndex) -> None:
    ans = answer("차세대 디지털 아카이브 사업비 2028년에는 얼마야?", index=corpus)
    assert "'기록환경 변화에 맞춘 차세대 디지털 아카이브 운영' 사업비의 금액은 3,573백만원[1]" in ans.text, ans.text
    assert cited_lines(ans) == {(DOC_2026, 449)}


def test_this_years_cost_also_quotes_the_projects_budget_bullet(corpus: FakeIndex) -> None:
    ans = answer("차세대 디지털 아카이브 올해 사업비는?", index=corpus)
    assert "868백만원[1]" in ans.text and "사업 개요에는 867백만원으로 다르게 적혀 있습니다[2]." in ans.text, ans.text
    assert cited_lines(ans) == {(DOC_2026, 449), (DOC_2026, 434)}


def test_headcount_column_without_a_figure_word_still_reads_the_table(corpus: FakeIndex) -> None:
    """'과부족이 어떻게 돼?' has no figure word (얼마, 몇 명) but asks for the headcount table's cells."""
    ans = answer("2025년 서울기록원 과부족 상황 어떻게 돼?", index=corpus)
    assert "과부족은 △3명[1]" in ans.text, ans.text


def test_question_alias_matches_the_row_printed_with_the_full_name(corpus: FakeIndex) -> None:
    """'국비' (SYNONYMS → 국고보조금) is printed '국고보조금등' on the row path of a subsidy line."""
    ans = answer("국비 스마트빌리지 조성 지원 보조금은 얼마나 줄었어?", index=corpus)
    assert "1,074,000천원 감소했습니다" in ans.text, ans.text
    assert (DOC_2026, 526) in cited_lines(ans)


@pytest.mark.parametrize("question, figure", [("세입 총계는 작년보다 얼마나 늘었어?", "3,745,917천원"),
                                              ("디지털 아카이브 구축 실제 지출은?", "66,292천원")])
def test_question_words_total_and_actual_are_not_entities(corpus: FakeIndex, question: str, figure: str) -> None:
    ans = answer(question, index=corpus)
    assert figure in ans.text, ans.text


def test_last_year_and_this_year_in_either_order_compare_this_year_with_last(corpus: FakeIndex) -> None:
    """Pins a wrong answer: '작년 예산이랑 올해 예산 차이' read 작년 first and answered 2025 against 2024."""
    ans = answer("공간정보과 작년 예산이랑 올해 예산 차이", index=corpus)
    assert "2025년 8,732,802천원[1]에서 2026년 10,709,252천원[1][2]으로 1,976,450천원 증가했습니다" in ans.text, ans.text
    assert ans.citations[0].line_start == 118  # one row prints both years: the 2026 report's own change


def test_other_readings_do_not_cover_the_question_for_the_first(corpus: FakeIndex) -> None:
    """'에스플렉스센터 임대료 수입': the first reading (공유재산임대료) lacks 에스플렉스센터; a listed alternative that has it
    must not make the answer count as covering the question."""
    ans = answer("에스플렉스센터 임대료 수입 얼마야?", index=corpus)
    assert not ans.text.startswith("2026년 세외수입 경상적세외수입 공유재산임대료"), ans.text


def test_same_figure_in_two_tables_of_one_report_is_one_reading(corpus: FakeIndex) -> None:
    """'2026 예산현액' (세출총괄) and '예산현액' (집행현황) are one figure: both cited, no '다른 항목'."""
    ans = answer("정보시스템과 올해 예산 얼마야?", index=corpus)
    assert ans.text == "2026년 정보시스템과의 2026 예산현액은 10,641,969천원[1][2]입니다 (2026. 3. 31. 기준).", ans.text


def test_authorised_headcount_of_a_job_series_is_not_answered_with_its_current_headcount(corpus: FakeIndex) -> None:
    """Pins a wrong-thing answer: '행정직 정원' was answered '행정의 현원은 59명' as if it were the 정원. No report
    prints a 정원 by job series: refused, saying only the 현원 is printed (the 현원 is given when it is asked too)."""
    ans = answer("행정직 정원 몇 명이야?", index=corpus)
    assert ans.abstained and "행정은 정원이 따로 나와 있지 않고 현원만 있습니다" in ans.text, ans.text
    assert "59명" not in ans.text, ans.text
    both = answer("행정직 정원이랑 현원 알려줘", index=corpus)
    assert both.text.startswith("행정은 정원이 따로 나와 있지 않고 현원만 있습니다.") and "59명" in both.text, both.text


def test_change_of_commitments_compares_commitments_not_the_budget(corpus: FakeIndex) -> None:
    """Pins a wrong-thing answer: '원인행위액 비교' was answered with the row's printed budget change."""
    ans = answer("정보보안과 원인행위액 작년이랑 올해 비교", index=corpus)
    assert "4,931,577천원" in ans.text and "971,565천원" in ans.text, ans.text
    assert "10,128,418" not in ans.text
    assert "(2026. 3. 31. 기준)" in ans.text  # two snapshots of different dates are dated


def test_change_rate_the_tables_do_not_print_is_computed_when_asked(corpus: FakeIndex) -> None:
    ans = answer("데이터전략과 기본경비 증감률", index=corpus)
    assert "200천원 감소했습니다(증감률 0.4% 감소)" in ans.text and "△200 ÷ 51,901 × 100 = △0.4%" in ans.text, ans.text


def test_share_of_the_total_is_computed_from_two_cited_cells(corpus: FakeIndex) -> None:
    ans = answer("세출 예산 중 데이터센터 비중은 몇 퍼센트야?", index=corpus)
    assert "61,426,877천원[1]으로 세출총괄 부서별 합계 188,462,187천원[2]의 32.6%입니다" in ans.text, ans.text
    assert "계산: 61,426,877 ÷ 188,462,187 × 100 = 32.6%" in ans.text


def test_execution_rate_asked_for_a_year_without_one_is_refused_not_answered_with_a_budget(corpus: FakeIndex) -> None:
    """Pins a wrong-thing answer: '2024년 집행률' gave the 2024 최종예산 (no report prints a 2024 execution rate)."""
    ans = answer("데이터센터 2024년 집행률 몇 %였어?", index=corpus)
    assert ans.abstained, ans.text


def test_year_of_a_final_budget_column_is_the_base_of_the_change(corpus: FakeIndex) -> None:
    """'2025 최종예산 대비' compares the newest report's figure with that column."""
    ans = answer("도시개발 특별회계 2025 최종예산 대비 증감액은?", index=corpus)
    assert "7,680,484천원[1]으로 2025 최종예산 9,085,037천원[1] 대비 1,404,553천원 감소했습니다" in ans.text, ans.text


def test_label_named_with_its_parent_matches_the_child_row() -> None:
    """'균형발전특별회계' is the row '균형발전' under '특별회계' in the 2026 layout."""
    from app.lookup import find_rows
    from index.models import TableRecord

    rec = TableRecord("r", "d", 2026, "s", "t", "회계별", ("특별회계", "균형발전"), "2026 예산현액", "7,519,776",
                      7519776.0, None, "천원", None, 131)
    other = TableRecord("o", "d", 2026, "s", "t", "회계별", ("특별회계", "도시개발"), "2026 예산현액", "7,680,484",
                        7680484.0, None, "천원", None, 132)
    assert [m.key for m in find_rows([rec, other], ["균형발전특별회계"])] == [("d", "t", ("특별회계", "균형발전"))]


def test_current_headcount_is_not_answered_by_a_line_with_the_authorised_headcount(corpus: FakeIndex) -> None:
    """Pins a wrong-thing answer: '서울AI재단 현원' quoted '(정원 52명)'."""
    ans = answer("서울AI재단 현원 몇 명이야?", index=corpus)
    assert ans.abstained, ans.text
    assert "정원 52명" in answer("서울AI재단 정원은 몇 명이야?", index=corpus).text


def test_row_asked_its_own_count_and_one_column_reads_its_total_and_that_column(corpus: FakeIndex) -> None:
    ans = answer("행정사무감사 건의사항은 총 몇 건이고 그중 완료는 몇 건이야?", index=corpus)
    assert "총 19건[1]" in ans.text and "추진완료 상태는 3건[1]" in ans.text, ans.text
    assert cited_lines(ans) == {(DOC_2025, 1054)}


def test_label_inside_a_longer_question_word_is_not_an_entity() -> None:
    """'행정' (a job series column) inside '행정사무감사' named a column the question never asked."""
    from app.analyze import _inside_question_word

    assert _inside_question_word("행정", "2024행정사무감사건의사항은몇건")
    assert not _inside_question_word("행정", "행정직현원은")
    assert not _inside_question_word("행정", "행정사무감사에서행정직")


def test_change_question_is_not_answered_by_one_years_figure(corpus: FakeIndex) -> None:
    """Pins a non-answer: '작년보다 얼마나 줄었지?' got only the 2025 report's figure of a row the 2026 report renamed."""
    ans = answer("에스플렉스 주차수입 작년보다 얼마나 줄었지?", index=corpus)
    assert ans.abstained or "△" in ans.text, ans.text


def test_row_with_fewest_other_labels_is_the_one_named(corpus: FakeIndex) -> None:
    """Pins a wrong-row answer: '특별회계' took '디지털정책과 > 특별회계' instead of the row '특별회계' itself."""
    ans = answer("특별회계 세출예산 작년 최종예산 대비 얼마나 늘었나?", index=corpus)
    assert ans.text.startswith("특별회계의 2026 예산현액은 15,200,260천원[1]"), ans.text


def test_department_opening_a_row_label_names_that_row(corpus: FakeIndex) -> None:
    ans = answer("2025년 서울기록원 컨퍼런스룸 사용료 수입 예산은?", index=corpus)
    assert "3,952천원" in ans.text and (DOC_2025, 878) in cited_lines(ans), ans.text


def test_question_word_for_the_asked_column_is_not_a_label_term(corpus: FakeIndex) -> None:
    """'부족' asks for 과부족 (a column); it need not be printed in the row's labels."""
    ans = answer("데이터센터 정원 대비 현원 부족 인원은 몇 명?", index=corpus)
    assert "65명" in ans.text and "67명" in ans.text and "2명 적습니다" in ans.text, ans.text


def test_departments_short_of_their_authorised_headcount_are_listed_with_both_cells(corpus: FakeIndex) -> None:
    ans = answer("정원보다 현원이 부족한 부서는 어디야?", index=corpus)
    assert ans.text.startswith("2026년 디지털도시국 인력 기준 현원이 정원보다 적은 부서는 2곳입니다: 데이터센터(현원 65명[1], "
                               "정원 67명[2]), 서울기록원(현원 23명[1], 정원 24명[2])"), ans.text
    assert cited_lines(ans) == {(DOC_2026, 37), (DOC_2026, 38)}


def test_money_asked_as_don_wants_an_amount() -> None:
    """'드는 돈은?' asks for money: a schedule line alone does not answer it."""
    from app.analyze import _WANTS

    money = dict((name, pat) for name, pat in reversed(_WANTS))["money"]
    assert money.search("빅데이터서비스플랫폼통합운영에드는돈은?")
    assert not money.search("돈의문박물관마을일정")


def test_one_years_budget_as_two_reports_print_it(corpus: FakeIndex) -> None:
    """'25년 예산이 25년 업무보고랑 26년 보고서에서 다르게': the 2025 report's 예산현액 against the 2026 report's 2025 최종예산."""
    ans = answer("공간정보과 25년 예산이 25년 업무보고랑 26년 보고서에서 어떻게 달라?", index=corpus)
    assert "2025년 보고서의 2025 예산현액 8,732,802천원[1]" in ans.text, ans.text
    assert "2026년 보고서의 2025 최종예산" in ans.text


def test_earlier_figure_from_an_older_report_named_in_the_question(corpus: FakeIndex) -> None:
    """'25년 업무보고 때 세출예산이랑 올해' compares with the 2025 report's own 예산현액, not the 2026 report's 최종예산."""
    ans = answer("25년 업무보고 때 세출예산이랑 올해 세출예산 비교하면 얼마나 늘었어?", index=corpus)
    assert "179,524,030천원[2]" in ans.text and "8,938,157천원 증가" in ans.text, ans.text
    same = answer("25년 보고서 기준 정보보안과 예산 전년 대비 증가율은?", index=corpus)
    assert "(증감률 49.2% 증가)[1]" in same.text, same.text  # the named report's own row still prints its change


def test_abbreviation_printed_in_the_cited_project_section_names_it(corpus: FakeIndex) -> None:
    """'SDA' is printed only in the project's text ('… 시스템(SDA)'), not in its cost table's title or labels."""
    ans = answer("SDA 사업비 2028년 계획은 얼마야?", index=corpus)
    assert "3,573백만원[1]" in ans.text, ans.text
    assert answer("EA 사업비 2028년 계획은 얼마야?", index=corpus).abstained  # another project's abbreviation


def test_sum_of_every_reading_of_one_label_with_its_formula(corpus: FakeIndex) -> None:
    ans = answer("정보통신공사업 위반 과태료 다 합치면 얼마야?", index=corpus)
    assert ans.text.startswith("2026년 정보통신공사업 위반 과태료의 2026 예산현액을 모두 합하면 302,007천원입니다"), ans.text
    assert "계산: 298,935 + 3,072 = 302,007" in ans.text
    from app.verify import verify_answer

    assert verify_answer(ans.text, ans.citations, ans.text).ok


def test_final_budget_of_a_year_comes_from_the_later_report_that_closes_it(corpus: FakeIndex) -> None:
    """'작년 최종예산' is the 2026 report's '2025 최종예산', not the 2025 report's own 예산현액."""
    ans = answer("세출예산 재작년 최종예산, 작년 최종예산, 올해 예산현액 정리해줘", index=corpus)
    assert "2024 최종예산은 167,297,642천원" in ans.text and "2025 최종예산은 185,838,410천원" in ans.text, ans.text
    assert "2026 예산현액은 188,462,187천원" in ans.text


def test_total_and_one_row_of_it_are_both_answered(corpus: FakeIndex) -> None:
    ans = answer("2025년 세출 예산현액 총계랑 일반회계 금액은?", index=corpus)
    assert "166,834,993천원" in ans.text and "세출 총괄 합계는 179,524,030천원" in ans.text, ans.text
    plain = answer("올해 보조금 세입 규모는?", index=corpus)
    assert "합계는" not in plain.text, plain.text  # '규모' asks for the row's size, not the table's total


def test_last_years_report_named_relatively_gives_that_reports_own_figure(corpus: FakeIndex) -> None:
    ans = answer("공간정보과 예산, 작년 업무보고 때 예산현액이랑 올해 예산현액 차이는?", index=corpus)
    assert "2025년 보고서" in ans.text and "8,732,802천원" in ans.text, ans.text


def test_quarter_is_a_question_word_for_the_as_of_date(corpus: FakeIndex) -> None:
    ans = answer("1분기 기준 국 전체 예산 집행률 어떻게 돼?", index=corpus)
    assert "원인행위 집행률은 46.5%[1]" in ans.text and "(2026. 3. 31. 기준)" in ans.text, ans.text


def test_a_money_scale_written_after_a_space_is_part_of_the_figure() -> None:
    from app.verify import extract_figures

    (fig,) = extract_figures("사업예산 : 10,128 백만원")
    assert fig.unit == "원" and fig.value * fig.scale == 10_128_000_000
    assert [f.unit for f in extract_figures("3 과제")] == [None]  # a counter after a space stays apart


def test_two_measures_of_the_whole_bureau_are_compared_on_its_total_row(corpus: FakeIndex) -> None:
    ans = answer("2025년 국 전체 원인행위액이랑 지출액 차이 얼마야?", index=corpus)
    assert "계산: 37,741,665 − 7,369,917 = 30,371,748" in ans.text, ans.text


def test_the_measure_before_boda_is_the_one_compared_against(corpus: FakeIndex) -> None:
    """'정원보다 몇 명 더 많아?': the staff (현원) against the authorised headcount, never the other way round."""
    ans = answer("2025년 데이터센터는 정원보다 몇 명 더 많아?", index=corpus)
    assert "현원이 69명" in ans.text and "정원 67명" in ans.text and "2명 많습니다" in ans.text, ans.text


def test_everyday_words_for_the_two_headcounts(corpus: FakeIndex) -> None:
    ans = answer("2025년 데이터센터 실제 인원이 정해진 인원보다 몇 명 많아?", index=corpus)
    assert "2명 많습니다" in ans.text, ans.text


def test_a_word_set_aside_needs_no_evidence_and_a_measure_set_aside_is_not_asked(corpus: FakeIndex) -> None:
    ans = answer("2026년 정보보안과가 계약 말고 실제로 나간 돈 얼마야?", index=corpus)
    assert "792,601천원" in ans.text and not ans.abstained, ans.text


def test_two_reports_named_as_sources_each_give_their_own_total(corpus: FakeIndex) -> None:
    """Each report named as the source of one figure: its own table's total, not the later report's printed change
    against 최종예산 (a different figure); one report named as the basis keeps the printed change."""
    ans = answer("2025년 주요 업무보고 세출 예산현액 총계랑 2026년 현안보고 세출 예산현액 총계 차이는?", index=corpus)
    assert "179,524,030" in ans.text and "188,462,187" in ans.text, ans.text
    basis = answer("세입이 전년보다 얼마나 늘었어? 2026년 보고 기준", index=corpus)
    assert "2025 최종예산" in basis.text, basis.text
