"""Golden tests of the number and citation verifier (app/verify.py), with the traps it must catch."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.types import ABSTAIN_TEXT, Citation
from app.verify import evidence_figures, extract_figures, infer_unit, markers, verify_answer

DOC26 = "seoul-digital-city-bureau-2026-04-current-issues.txt"
STAFF_ROW = "| 정원 | 274명 | 34명 | 30명 | 39명 | 27명 | 27명 | 26명 | 67명 | 24명 |"
BUDGET_ROW = "| 2) 데이터전략과 | 11,777,671 | 13,896,440 | △2,118,769 | △15.2% | 5,824,177 | 49.5 |"
TOTAL_ROW = "| 계 | 188,462,187 | 185,838,410 | 2,623,777 | 1.4% | 87,718,888 | 46.5 |"


def cell(n: int, column: str, value: str, *, quote: str = STAFF_ROW, row: str = "정원", table: str = "디지털도시국 인력",
         line: int = 37) -> Citation:
    return Citation(n, DOC26, "1. 일반현황 (2026.3.31. 기준)", line, line, quote, table, row, column, value)


def passage(n: int, quote: str, line: int = 434) -> Citation:
    return Citation(n, DOC26, "3. 주요 현안업무 > 3.10. 기록환경 변화에 맞춘 차세대 디지털 아카이브 운영", line, line, quote)


DATACENTER = cell(1, "데이터센터", "67명")
ARCHIVE = cell(2, "서울기록원", "24명")
BUDGET_TABLE = "세출총괄 부서별 (단위 : 천원, %)"


# --- the traps ------------------------------------------------------------------------------------


def test_274_rejected_when_evidence_says_67() -> None:
    # the Gemma 270M answer when tried; 274명 is printed on the same source line (the bureau total)
    r = verify_answer("데이터센터 정원은 274명입니다 [1].", [DATACENTER])
    assert (r.ok, r.reasons, r.numbers_checked) == (False, ["근거에 없는 수치: 274명"], 1)


def test_67_accepted_for_datacenter() -> None:
    r = verify_answer("데이터센터 정원은 67명입니다 [1].", [DATACENTER])
    assert (r.ok, r.reasons, r.numbers_checked, r.cited) == (True, [], 1, [1])


def test_152_rejected_when_evidence_says_125() -> None:
    c = passage(1, "- 참여 인원 : 125명")
    assert verify_answer("참여 인원은 152명입니다 [1].", [c]).reasons == ["근거에 없는 수치: 152명"]
    assert verify_answer("참여 인원은 125명입니다 [1].", [c]).ok


@pytest.mark.parametrize("stated", ["19.4억원", "19.4억", "1,940백만원", "1940백만원", "1,940,000천원", "19억 4천만원",
                                    "1,940,000,000원", "1,940"])
def test_1940_million_won_accepted_in_any_unit(stated: str) -> None:
    c = passage(1, "- 사업예산 : 1,940백만원")
    r = verify_answer(f"사업예산은 {stated}입니다 [1].", [c])
    assert (r.ok, r.reasons, r.numbers_checked) == (True, [], 1)


@pytest.mark.parametrize("stated", ["194억원", "1,940만원", "19.5억원", "1,904백만원", "19억원"])
def test_1940_million_won_wrong_scale_or_rounding_rejected(stated: str) -> None:
    c = passage(1, "- 사업예산 : 1,940백만원")
    assert verify_answer(f"사업예산은 {stated}입니다 [1].", [c]).reasons == [f"근거에 없는 수치: {stated}"]


def test_other_cells_of_the_cited_row_are_not_evidence() -> None:
    # 서울기록원 24명 is on the cited line, but the citation is the 데이터센터 cell
    assert verify_answer("데이터센터 정원은 24명입니다 [1].", [DATACENTER]).reasons == ["근거에 없는 수치: 24명"]


def test_figure_cited_to_the_wrong_item_rejected() -> None:
    r = verify_answer("데이터센터 정원은 24명입니다 [1].", [DATACENTER, ARCHIVE])
    assert r.reasons == ["인용 불일치: 24명은(는) [1]의 근거와 맞지 않습니다"]
    assert verify_answer("데이터센터 67명, 서울기록원 24명입니다 [1][2].", [DATACENTER, ARCHIVE]).ok


def test_marker_after_the_full_stop_belongs_to_its_sentence() -> None:
    text = "데이터센터 정원은 67명입니다. [1] 서울기록원 정원은 24명입니다. [2]"
    assert verify_answer(text, [DATACENTER, ARCHIVE]).ok


# --- markers and abstention ------------------------------------------------------------------------


def test_answer_without_any_marker_fails() -> None:
    assert verify_answer("데이터센터 정원은 67명입니다.", [DATACENTER]).reasons == ["근거 번호 [n]이 하나도 없습니다"]


def test_marker_of_missing_evidence_fails() -> None:
    r = verify_answer("데이터센터 정원은 67명입니다 [1][3].", [DATACENTER])
    assert (r.ok, r.reasons) == (False, ["존재하지 않는 근거 번호: [3]"])


def test_grouped_markers_are_parsed() -> None:
    assert [n for n, _, _ in markers("정원 67명, 24명 [1, 2]")] == [1, 2]
    assert verify_answer("정원은 67명, 24명입니다 [1, 2].", [DATACENTER, ARCHIVE]).cited == [1, 2]


def test_refusal_is_an_abstention() -> None:
    r = verify_answer(ABSTAIN_TEXT, [DATACENTER])
    assert (r.ok, r.abstained, r.reasons) == (True, True, [])
    assert verify_answer(f' "{ABSTAIN_TEXT}" ', [DATACENTER]).abstained


def test_empty_answer_fails() -> None:
    assert verify_answer("  \n", [DATACENTER]).reasons == ["빈 답변"]


# --- what is not a figure --------------------------------------------------------------------------


def test_years_dates_and_section_numbers_are_not_figures() -> None:
    c = passage(1, "- 서울시 대표누리집 재해복구 구축 : 2026. 9. ~ 12. / 사업예산 : 867백만원", line=425)
    c = Citation(1, DOC26, "3. 주요 현안업무 > 3.9. 디지털 재난 대비 재해복구시스템 확대", 425, 425, c.quote)
    text = "3.9. 디지털 재난 대비 사업은 2026년에 추진되며, 재해복구 구축은 2026. 9. ~ 12.에 하고 예산은 867백만원입니다 [1]."
    r = verify_answer(text, [c])
    assert (r.ok, r.numbers_checked) == (True, 1)


def test_extract_figures_golden() -> None:
    text = "(2026.3.31. 기준) 1국 6과 31팀, 2025년 5. 19. 출범, 정원 52명, 3D 지도, 1-1-3) 기타사용료 12,009, 제3조, 2단계, '24.12.26"
    assert [f.raw for f in extract_figures(text)] == ["1국", "6과", "31팀", "52명", "12,009"]


def test_extract_figures_units_and_signs() -> None:
    got = [(f.raw, f.magnitude, f.unit) for f in extract_figures("△79,074천원, -15.2%, 2.1%p, 1억 2,345만원, 32만명, ▲3건")]
    assert got == [
        ("△79,074천원", Decimal("-79074000"), "원"),
        ("-15.2%", Decimal("-15.2"), "%"),
        ("2.1%p", Decimal("2.1"), "%p"),
        ("1억 2,345만원", Decimal("123450000"), "원"),
        ("32만명", Decimal("320000"), "명"),
        ("▲3건", Decimal("3"), "건"),
    ]


def test_numbered_list_items_and_times_are_not_figures() -> None:
    assert [f.raw for f in extract_figures("1. 정원은 67명\n2. 오전(10:00~13:00) 운영")] == ["67명"]


# --- units of table cells --------------------------------------------------------------------------


def budget(n: int, column: str, value: str, table: str = BUDGET_TABLE) -> Citation:
    return cell(n, column, value, quote=BUDGET_ROW, row="2) 데이터전략과", table=table, line=112)


def test_negative_cell_matches_triangle_minus_and_decrease_word() -> None:
    c = budget(1, "증감액", "△2,118,769")
    for text in ("증감액은 △2,118,769천원입니다 [1].", "증감액은 -2,118,769천원입니다 [1].",
                 "전년보다 2,118,769천원 감소했습니다 [1]."):
        assert verify_answer(text, [c]).ok, text
    assert verify_answer("전년보다 2,118,769천원 증가했습니다 [1].", [c]).reasons == ["근거에 없는 수치: 2,118,769천원"]


def test_cell_unit_from_the_table_caption() -> None:
    c = budget(1, "2026 예산현액", "11,777,671")
    assert infer_unit(c) == (Decimal(1000), "원")
    assert verify_answer("예산현액은 11,777,671천원(약 117.77671억원)입니다 [1].", [c]).ok
    assert verify_answer("예산현액은 11,777,671원입니다 [1].", [c]).reasons == ["근거에 없는 수치: 11,777,671원"]


def test_cell_unit_unknown_money_rejected_but_grounded_text_can_name_it() -> None:
    c = budget(1, "2026 예산현액", "11,777,671", table="세출총괄 부서별")
    assert verify_answer("예산현액은 11,777,671천원입니다 [1].", [c]).reasons == ["단위를 확인할 수 없는 수치: 11,777,671천원"]
    assert verify_answer("예산현액은 11,777,671입니다 [1].", [c]).ok
    grounded = "데이터전략과 2026 예산현액은 11,777,671천원입니다 [1]."
    assert verify_answer("예산현액은 11,777,671천원입니다 [1].", [c], grounded).ok


def test_rate_column_is_a_percentage() -> None:
    c = budget(1, "집행률", "49.5")
    assert verify_answer("집행률은 49.5%입니다 [1].", [c]).ok
    assert verify_answer("집행률은 49.5%p입니다 [1].", [c]).reasons == ["근거에 없는 수치: 49.5%p"]
    assert verify_answer("집행률은 94.5%입니다 [1].", [c]).reasons == ["근거에 없는 수치: 94.5%"]


def test_label_numbers_of_the_cited_cell_are_evidence() -> None:
    c = Citation(1, DOC26, "1. 일반현황", 17, 17, "| 디지털정책과(6팀) | 시디지털정책기획팀 / … |", "디지털도시국 조직",
                 "디지털정책과(6팀)", "내용", "시디지털정책기획팀")
    assert verify_answer("디지털정책과는 6팀으로 구성됩니다 [1].", [c]).ok


# --- sums and differences --------------------------------------------------------------------------


def test_difference_accepted_only_when_the_grounded_answer_states_it() -> None:
    this_year = cell(1, "2026 예산현액", "188,462,187", quote=TOTAL_ROW, row="계", table=BUDGET_TABLE, line=108)
    last_year = cell(2, "2025 최종예산", "185,838,410", quote=TOTAL_ROW, row="계", table=BUDGET_TABLE, line=108)
    llm = "올해 예산은 188,462,187천원으로 전년보다 2,623,777천원 늘었습니다 [1][2]."
    grounded = "2026 예산현액은 188,462,187천원[1]으로 2025 최종예산 185,838,410천원[2]보다 2,623,777천원 많습니다."
    assert verify_answer(llm, [this_year, last_year], grounded).ok
    assert verify_answer(llm, [this_year, last_year]).reasons == ["근거에 없는 수치: 2,623,777천원"]
    derived = [e for e in evidence_figures([this_year, last_year], grounded) if e.origin == "derived"]
    # the difference, and its signed reading (a change written as a size plus 증가/감소 still backs 'a − b = △c')
    assert sorted((e.n, e.figure.raw, float(e.figure.value)) for e in derived) == [
        (0, "2,623,777천원", -2623777.0), (0, "2,623,777천원", 2623777.0)]


def test_a_grounded_figure_that_is_no_sum_or_difference_is_not_evidence() -> None:
    grounded = "데이터센터 정원은 67명[1]이고 전체는 300명입니다."
    assert verify_answer("전체 정원은 300명입니다 [1].", [DATACENTER, ARCHIVE], grounded).reasons == ["근거에 없는 수치: 300명"]


def test_all_figures_of_a_passage_are_evidence() -> None:
    c = passage(1, "- 사업예산 : 867백만원(시스템개발 552백만원/상용SW 232백만원/감리 81백만원)")
    assert verify_answer("시스템개발 552백만원(5.52억원), 감리 81백만원입니다 [1].", [c]).ok
    assert verify_answer("상용SW는 323백만원입니다 [1].", [c]).reasons == ["근거에 없는 수치: 323백만원"]


# --- regressions found by verifying every grounded dev-set answer against its own citations -----------


def test_bundled_cells_of_one_row_are_all_evidence_with_their_own_units() -> None:
    # the grounded answerer cites several cells of a row as one citation: values and columns joined by ", "
    c = Citation(1, "seoul-digital-city-bureau-2025-02-work-report.txt", "세입", 500, 500,
                 "\t서울기록원 시설 (컨퍼런스룸) 사용료 수입\t3,952\t2,458\t1,494\t60.8%", "세입예산 세부내역",
                 "서울기록원 시설 (컨퍼런스룸) 사용료 수입", "2025 예산현액, 2024 최종예산, 증감액, 증감률",
                 "3,952, 2,458, 1,494, 60.8%")
    grounded = "2025 예산현액은 3,952천원[1]으로 2024 최종예산 2,458천원[1] 대비 1,494천원[1], 60.8%[1] 증가했습니다."
    assert verify_answer(grounded, [c], grounded).ok
    assert verify_answer("2024 최종예산은 2,458천원, 증감률은 60.8%입니다 [1].", [c], grounded).ok
    assert verify_answer("증감률은 1,494%입니다 [1].", [c], grounded).reasons == ["근거에 없는 수치: 1,494%"]


def test_count_with_share_in_one_cell() -> None:
    c = cell(1, "전산", "81 (29.6%)", quote="계\t274\t274\t58 (21.2%)\t81 (29.6%)", row="계", table="인력")
    assert verify_answer("전산직 현원은 81명(29.6%)입니다 [1].", [c]).ok


def test_apostrophe_year_date_is_not_a_figure() -> None:
    # ('25. 1. 31. 기준) once left "31" behind as a figure
    assert extract_figures("('25. 1. 31. 기준) (’25. 1.31. 기준) 2025. 1. 31.") == []


def test_heading_numbers_of_a_cell_citation_are_not_evidence() -> None:
    # the real section path of the 데이터센터 정원 cell holds the bureau total
    c = Citation(1, DOC26, "1. 일반현황 (2026.3.31. 기준) > 디지털도시국 인력 : 정원 274명 / 현원 279명", 37, 37, STAFF_ROW,
                 "디지털도시국 인력", "데이터센터", "정원", "67명")
    assert verify_answer("데이터센터 정원은 274명입니다 [1].", [c]).reasons == ["근거에 없는 수치: 274명"]


def test_heading_numbers_of_a_passage_citation_are_evidence() -> None:
    c = Citation(1, DOC26, "1. 일반현황 (2026.3.31. 기준) > 디지털도시국 조직 : 1국 6과 31팀 2사업소", 29, 29,
                 "| 서울기록원 | 기록정책과 / 보존서비스과 / 운영지원과 |")
    assert verify_answer("디지털도시국은 1국 6과 31팀 2사업소이며 서울기록원은 3개 과입니다 [1].", [c]).reasons == [
        "근거에 없는 수치: 3개"
    ]


# --- numbers written in words ----------------------------------------------------------------------


def test_number_words_are_figures_too() -> None:
    assert verify_answer("데이터센터 정원은 육십칠 명입니다 [1].", [DATACENTER]).ok
    assert verify_answer("데이터센터 정원은 이백칠십사 명입니다 [1].", [DATACENTER]).reasons == [
        "근거에 없는 수치: 이백칠십사 명"
    ]
    c = passage(1, "- 대상 : 3개 기관, 2명")
    assert verify_answer("세 개 기관의 두 명입니다 [1].", [c]).ok
    assert verify_answer("네 개 기관입니다 [1].", [c]).reasons == ["근거에 없는 수치: 네 개"]


def test_words_that_only_look_like_numbers() -> None:
    assert extract_figures("팀의 일원으로 이 과정과 사업 대상, 네, 그렇습니다") == []
    assert [f.raw for f in extract_figures("이백칠십사명, 천만원, 65세")] == ["이백칠십사명", "천만원", "65"]


def test_zero_cell_takes_its_unit_from_the_grounded_text_not_from_zero_percent() -> None:
    # "0" once matched both "0천원" and "0.0%" in the grounded text, so its unit was unknown
    c = budget(1, "원인행위액, 원인행위 집행률", "0, 0.0%", table="세출예산 집행현황")
    grounded = "원인행위액은 0천원[1]으로 원인행위 집행률은 0.0%[1]입니다."
    assert verify_answer(grounded, [c], grounded).ok


def test_percentage_point_gap_stated_by_the_grounded_answer() -> None:
    rate26 = budget(1, "집행률", "49.5")
    rate25 = budget(2, "집행률", "37.2")
    grounded = "집행률은 49.5%[1]로 전년 37.2%[2]보다 12.3%p 높습니다."
    assert verify_answer("집행률은 49.5%로 12.3%p 높아졌습니다 [1][2].", [rate26, rate25], grounded).ok
    assert verify_answer("집행률 합은 86.7%p입니다 [1][2].", [rate26, rate25], "합은 86.7%p").reasons == [
        "근거에 없는 수치: 86.7%p"
    ]


def test_share_of_a_total_stated_by_the_grounded_answer_is_a_derived_figure() -> None:
    part = cell(1, "2026 예산현액", "61,426,877", quote=BUDGET_ROW, row="데이터센터", table=BUDGET_TABLE, line=118)
    total = cell(2, "2026 예산현액", "188,462,187", quote=TOTAL_ROW, row="계", table=BUDGET_TABLE, line=111)
    grounded = ("데이터센터의 2026 예산현액은 61,426,877천원[1]으로 합계 188,462,187천원[2]의 32.6%입니다. "
                "계산: 61,426,877 ÷ 188,462,187 × 100 = 32.6%")
    assert verify_answer(grounded, [part, total], grounded).ok
    wrong = grounded.replace("32.6%", "33.6%")
    assert not verify_answer(wrong, [part, total], grounded).ok
    # a percentage the grounded answer never states is not derived, even when it is a true ratio
    assert not verify_answer("비중은 32.6%입니다[1][2].", [part, total], "데이터센터 61,426,877천원[1]").ok
