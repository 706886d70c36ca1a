"""Hand-computed cases for eval.metrics: numbers as numbers, Korean text verbatim, no LLM judge."""
from __future__ import annotations

import math

import pytest

from eval.metrics import (
    answer_correctness,
    alternatives_for,
    check_formula,
    citation_precision,
    citation_recall,
    computed_result,
    contains_item,
    extract_numbers,
    first_hit_rank,
    hit_at_k,
    numeric_grounding,
    percentile,
    reciprocal_rank,
)


def _q(text: str) -> list[tuple[str, float, str]]:
    """(raw, base value, unit) of the quantities in `text`."""
    return [(n.raw, n.base, n.unit) for n in extract_numbers(text)]


# --- the traps of the issue ------------------------------------------------------------------------


def test_rouge_trap_different_ministry_and_unit_is_wrong() -> None:
    # A ROUGE tokenizer keeping only [a-z0-9] scores these two sentences 1.0 ("2024", "1", "234").
    gold = "2024년 행정안전부 정원은 1,234명이다"
    got = "2024년 국방부 예산은 1,234억원이 아니다"
    res = answer_correctness(got, ["행정안전부", "1,234명"])
    assert not res.correct
    assert res.missing == ("행정안전부", "1,234명")
    assert answer_correctness(gold, ["행정안전부", "1,234명"]).correct


def test_char_f1_trap_152_is_not_125() -> None:
    # Character F1 scores "152명" vs "125명" as 1.0 (same multiset of characters).
    assert not answer_correctness("정원은 152명입니다.", ["125명"]).correct
    assert answer_correctness("정원은 125명입니다.", ["125명"]).correct


def test_number_inside_longer_number_does_not_match() -> None:
    assert not contains_item("정원 1,274명", "274명")
    assert not contains_item("정원 2740명", "274")
    assert not contains_item("집행률 46.55", "46.5")
    assert contains_item("정원은 274명 (현원 279명)", "274명")


def test_money_number_matched_with_its_unit() -> None:
    # "1,234" of "1,234억원" is 123,400,000,000 원, not 1,234 원 or 1,234 천원
    assert contains_item("예산은 1,234억원이다", "1,234억원")
    assert not contains_item("예산은 1,234천원이다", "1,234억원")
    assert not contains_item("예산은 1,234이다", "1,234억원")
    assert contains_item("사업예산은 21억 7,900만원", "2,179백만원")
    assert contains_item("사업예산은 2,179,000천원", "2,179백만원")
    # a bare 억 amount in the gold is money-compatible (dev item bf-046)
    assert contains_item("예산현액은 약 101억원입니다", "101억")
    assert not contains_item("예산현액은 약 101천원입니다", "101억")


def test_magnitude_words_change_the_number() -> None:
    assert contains_item("이용자수 32만명", "32만명")
    assert contains_item("이용자수 320,000명", "32만명")
    assert not contains_item("이용자수 32명", "32만명")
    assert not contains_item("이용자수 32만명", "32명")
    assert not contains_item("이용자수 32만명", "32")
    assert contains_item("이용자수 32만명", "320,000")
    assert contains_item("이용자 17천명", "17,000명")


def test_bare_gold_number_accepts_a_unit_in_the_answer() -> None:
    assert contains_item("세출 예산현액은 188,462,187천원입니다.", "188,462,187")
    assert contains_item("집행률은 46.5%입니다.", "46.5")
    assert not contains_item("집행률은 46.6%입니다.", "46.5")


def test_thousands_separators_and_alt_forms() -> None:
    assert contains_item("정원 1940명", "1,940명")
    assert answer_correctness("합계 1940", ["1,940"], {"1,940": ["1940"]}).correct
    assert alternatives_for(["1,940", "정보통신과"], ["1940"]) == [["1,940", "1940"], ["정보통신과"]]


def test_triangle_is_minus_and_decrease_words_count() -> None:
    assert _q("증감액 △79,074천원") == [("△79,074천원", -79_074_000.0, "원")]
    assert contains_item("주차요금수입은 △79,074천원입니다.", "△79,074")
    assert contains_item("주차요금수입은 79,074천원 감소했습니다.", "△79,074")
    assert contains_item("주차요금수입은 -79,074천원입니다.", "△79,074")
    assert not contains_item("주차요금수입은 79,074천원 늘었습니다.", "△79,074")
    # a printed positive figure is not matched by an explicit minus
    assert not contains_item("증감액은 △3,745,917천원", "3,745,917")
    assert contains_item("증감액은 3,745,917천원 증가", "3,745,917")
    # a printed positive size of a cut is matched by "△… 삭감" (dev item au-007)
    assert contains_item("618백만원 → 285백만원 (△333백만원 삭감)", "333백만원")


def test_date_parts_match_after_a_year_dot() -> None:
    # dev item sc-012: "9.30." inside "'25.9.30.(화)"; a plain number never matches after a decimal point
    assert contains_item("'25.9.30.(화)~10.2.(목) 코엑스", "9.30.")
    assert contains_item("'25.9.30.(화)~10.2.(목) 코엑스", "10.2.")
    assert not contains_item("'25.9.30.(화)", "9.3.")
    assert not contains_item("집행률 1.5%", "5%")


def test_text_items_are_matched_after_nfc_and_whitespace_removal() -> None:
    decomposed = "\u1100\u1161\u11ab\u1112\u1161\u11ab"  # "간한" in Jamo (NFD)
    assert contains_item("간한 테스트", decomposed)
    assert contains_item("데이터 센터는 …", "데이터센터")
    assert not contains_item("데이터전략과", "데이터센터")
    # a text item that starts with a number never matches inside a longer number
    assert contains_item("조직은 1국 6과 31팀 2사업소", "1국 6과 31팀 2사업소")
    assert not contains_item("조직은 11국 6과 31팀 2사업소", "1국 6과 31팀 2사업소")


def test_mixed_item_numbers_as_numbers_and_words_present() -> None:
    assert contains_item("디지털도시국의 정원은 274명입니다", "정원 274명")
    assert not contains_item("디지털도시국의 정원은 247명입니다", "정원 274명")
    assert not contains_item("디지털도시국의 현원은 274명입니다", "정원 274명")


def test_computed_value_must_appear() -> None:
    formula = "185,838,410 - 179,524,030 = 6,314,380"
    assert computed_result(formula).value == 6_314_380
    assert check_formula(formula)
    assert not check_formula("185,838,410 - 179,524,030 = 6,314,381")
    assert check_formula("87,718,888 / 188,462,187 = 46.5%")
    text = "2025 최종예산 185,838,410천원, 2025 예산현액 179,524,030천원"
    must = ["185,838,410", "179,524,030"]
    assert answer_correctness(text, must).correct
    res = answer_correctness(text, must, computed=formula)
    assert not res.correct and res.missing == ("6,314,380",)
    # a computed result that is also a must_contain item is listed once (dev item bf-037)
    res = answer_correctness(text, [*must, "6,314,380"], computed=formula)
    assert res.missing == ("6,314,380",)
    assert answer_correctness(text + ", 차이 6,314,380천원", must, computed=formula).correct


# --- number extraction -----------------------------------------------------------------------------


def test_years_dates_markers_ordinals_are_not_quantities() -> None:
    text = ("2026년 예산은 188,462,187천원[1]이며 2026. 3. 31. 기준 집행률 46.5%[2]. "
            "일정: 2026. 4.13.(월) ~ 7.31.(금), 10:00~13:00, 4월 중")
    assert _q(text) == [("188,462,187천원", 188_462_187_000.0, "원"), ("46.5%", 46.5, "%")]
    assert _q("1-1) 일반회계 27,726,934") == [("27,726,934", 27_726_934.0, "")]
    assert _q("| 3-1-3) 공공서비스 예약시스템 운영 | 333,232 |") == [("333,232", 333_232.0, "")]
    assert _q("건수(7)") == [("7", 7.0, "")]
    assert _q("3.9. 디지털 재난 대비 재해복구시스템 확대") == []
    assert _q("('25. 1.31. 기준, 단위 : 천원, %)") == []
    assert _q("2025 예산현액") == []
    assert _q("25,163,647 ÷ 43,298,294 × 100 = 58.1%") == [
        ("25,163,647", 25_163_647.0, ""), ("43,298,294", 43_298_294.0, ""), ("58.1%", 58.1, "%")]


def test_units_and_magnitudes() -> None:
    assert _q("사용인원 6,739명, 682만 크레딧") == [("6,739명", 6739.0, "명"), ("682만", 6_820_000.0, "")]
    assert _q("808백만원") == [("808백만원", 808_000_000.0, "원")]
    assert _q("3조원") == [("3조원", 3e12, "원")]


# --- numeric grounding -----------------------------------------------------------------------------


def test_grounding_direct_and_computed() -> None:
    quotes = ["| 계 | 188,462,187 | 185,838,410 | 2,623,777 | 1.4% | 87,718,888 | 46.5 |"]
    g = numeric_grounding("2026년 예산현액은 188,462,187천원, 집행률 46.5%입니다 [1].", quotes)
    assert (g.n_numbers, g.n_grounded, g.score) == (2, 2, 1.0)
    # a difference of two cited figures is grounded; a made-up figure is not
    g = numeric_grounding("차이는 100,743,299천원, 그리고 12,345천원", quotes)
    assert g.n_numbers == 2 and g.n_grounded == 1 and g.ungrounded == ("12,345천원",)
    assert g.score == pytest.approx(0.5)
    # a rate of change of two cited figures, rounded as printed
    g = numeric_grounding("증가율 3.5%", ["2025 179,524,030", "2026 185,838,410"])
    assert g.score == 1.0
    assert numeric_grounding("증가율 3.6%", ["2025 179,524,030", "2026 185,838,410"]).score == 0.0
    # a ratio grounds shares only: 24/67 = 35.8% is grounded, a count "36명" is not
    assert numeric_grounding("비율 35.8%", ["24명 67명"]).score == 1.0
    assert numeric_grounding("정원 36명", ["24명 67명"]).score == 0.0
    # years and ordinals of the quotes ground themselves but are not combined (2026 - 2025 ≠ a 1명 figure)
    assert numeric_grounding("1명", ["2026년 대비 2025년"]).score == 0.0
    # dev item hc-012: 정원 38, 현원 38 → "0명 차이" is 38 − 38; a single 38 does not ground a 0
    assert numeric_grounding("현원이 정원보다 0명 많습니다. 계산: 38 − 38 = 0", ["정보시스템과\t38\t38\t13"]).score == 1.0
    assert numeric_grounding("0명 차이", ["정보시스템과\t38\t13"]).score == 0.0
    assert numeric_grounding("3.3. 사업개요", [], ["3. 주요 현안업무 > 3.3. 서울은"]).score == 1.0
    assert numeric_grounding("3.3 사업개요", [], ["3. 주요 현안업무 > 3.3. 서울은"]).score == 1.0


def test_grounding_scaled_units_and_no_numbers() -> None:
    assert numeric_grounding("사업예산은 21억 7,900만원", ["- 사업예산 : 2,179백만원"]).score == 1.0
    assert numeric_grounding("문서에서 해당 정보를 찾을 수 없습니다.", []).score == 1.0
    assert numeric_grounding("정원 152명", ["정원 125명"]).score == 0.0
    # the ROUGE trap again: 1,234명 in the source does not ground 1,234억원 in the answer
    assert numeric_grounding("국방부 예산은 1,234억원", ["행정안전부 정원은 1,234명이다"]).score == 0.0
    assert numeric_grounding("정원은 1,234명", ["행정안전부 정원은 1,234명이다"]).score == 1.0
    assert numeric_grounding("정원은 1,234명", ["| 행정안전부 | 1,234 |"]).score == 1.0
    # "약 101억원" is 10,128,418천원 rounded to 억원 (dev item bf-046); without "약" it must be exact
    assert numeric_grounding("약 101억원입니다", ["| 4) 정보보안과 | 10,128,418 |"]).score == 1.0  # 천원 table
    assert numeric_grounding("101억원입니다", ["| 4) 정보보안과 | 10,128,418 |"]).score == 0.0
    assert numeric_grounding("약 101억원입니다", ["정보보안과 10,128,418천원"]).score == 1.0
    assert numeric_grounding("101억원입니다", ["정보보안과 10,128,418천원"]).score == 0.0
    assert numeric_grounding("약 102억원입니다", ["정보보안과 10,128,418천원"]).score == 0.0


# --- citations and retrieval -----------------------------------------------------------------------


def test_citation_precision_recall_and_ranks() -> None:
    gold = [("a.txt", 108), ("b.txt", 85)]
    spans = [("a.txt", 1, 5), ("a.txt", 109, 109), ("b.txt", 80, 84), ("b.txt", 200, 210)]
    # (a,109) is within ±1 of 108; (b,80-84) is within ±1 of 85; the other two miss
    assert citation_precision(spans, gold) == 0.5
    assert citation_recall(spans, gold) == 1.0
    assert citation_recall(spans[:2], gold) == 0.5
    assert first_hit_rank(spans, gold) == 2
    assert first_hit_rank([("a.txt", 110, 120)], gold) is None  # 2 lines away
    assert first_hit_rank([("b.txt", 108, 108)], gold) is None  # right line, wrong file
    assert reciprocal_rank(2) == 0.5 and reciprocal_rank(None) == 0.0
    assert hit_at_k(2, 1) == 0.0 and hit_at_k(2, 3) == 1.0 and hit_at_k(None, 5) == 0.0
    assert citation_precision([], gold) == 0.0 and citation_precision([], []) == 1.0


def test_percentile_nearest_rank() -> None:
    vals = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]
    assert percentile(vals, 50) == 50.0
    assert percentile(vals, 95) == 100.0
    assert percentile([5.0], 95) == 5.0
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError, match="outside 0..100"):
        percentile(vals, 101)


# --- direction of a change (gold vs answer) --------------------------------------------------------

from app.types import Answer, Citation  # noqa: E402
from eval.metrics import direction_check, gold_direction, stated_directions  # noqa: E402
from eval.runner import Question, score_answer, summarize  # noqa: E402

GOLD_UP = "디지털정책과 현원은 2025. 1. 31. 기준 36명에서 2026. 3. 31. 기준 37명으로 늘었습니다."
GOLD_DOWN = "2025년 보고 51,901천원, 2026년 보고 51,701천원으로 200천원 줄었습니다."
COMPUTED_DOWN = "51,901 - 51,701 = 200"  # earlier − later: a positive result is a decrease


def test_issue_answer_calling_a_rise_a_fall_is_reversed() -> None:
    # the answer of the issue: every figure present, direction reversed
    got = ("2025년 보고서의 현원은 36명으로 2026년 보고서의 현원 37명 대비 △1명 감소했습니다. "
           "계산: 36 − 37 = △1")
    gold = gold_direction(GOLD_UP)
    assert gold.direction == "increase"
    assert answer_correctness(got, ["36명", "37명"]).correct  # containment alone is blind to it
    assert direction_check(got, gold) == "reversed"


def test_answer_with_the_gold_direction_is_ok() -> None:
    got = "디지털정책과의 2026년 보고서의 현원은 37명[1]으로 2025년 보고서의 현원 36명[2] 대비 1명 증가했습니다. 계산: 37 − 36 = 1"
    assert direction_check(got, gold_direction(GOLD_UP)) == "ok"
    got_down = ("2026년 보고서의 예산현액은 51,701천원[1]으로 2025년 보고서의 예산현액 51,901천원[2] 대비 △200천원 "
                "감소했습니다. 계산: 51,701 − 51,901 = △200")
    assert direction_check(got_down, gold_direction(GOLD_DOWN, COMPUTED_DOWN)) == "ok"


def test_answer_stating_no_direction_is_not_penalised() -> None:
    got = "2025년 보고 51,901천원[1], 2026년 보고 51,701천원[2]입니다."
    assert stated_directions(got) == []
    assert direction_check(got, gold_direction(GOLD_DOWN, COMPUTED_DOWN)) == "ok"


def test_reversed_words_with_positive_formula_result_is_reversed() -> None:
    # old answer of dev bc-012: "증가" for a cut; the formula's positive result states no direction
    got = ("데이터전략과 일반회계 기본경비의 2025년 보고서의 예산현액은 51,901천원[1]으로 2026년 보고서의 예산현액 "
           "51,701천원[2] 대비 200천원 증가했습니다. 계산: 51,901 − 51,701 = 200")
    assert [s.direction for s in stated_directions(got)] == ["increase"]
    assert direction_check(got, gold_direction(GOLD_DOWN, COMPUTED_DOWN)) == "reversed"


def test_triangle_on_formula_result_states_a_decrease() -> None:
    got = "2026년 현원은 37명[1], 2025년 현원은 36명[2]입니다. 계산: 36 − 37 = △1"
    assert [s.direction for s in stated_directions(got)] == ["decrease"]
    assert direction_check(got, gold_direction(GOLD_UP)) == "reversed"
    assert [s.direction for s in stated_directions("계산: 37 − 36 = 1")] == []


def test_mixed_answer_judges_only_the_gold_change() -> None:
    gold = gold_direction(GOLD_DOWN, COMPUTED_DOWN)
    both = ("2026년 예산현액은 51,701천원[1]으로 51,901천원[2] 대비 △200천원 감소했고, "
            "집행률은 40.1%에서 45.3%로 상승했습니다.")
    assert direction_check(both, gold) == "ok"
    # a rise of another figure (the rate) is not a statement about the gold's change
    rate_only = "집행률은 40.1%에서 45.3%로 상승했습니다. 2026년 예산현액은 51,701천원[1]입니다."
    assert direction_check(rate_only, gold) == "ok"
    wrong = ("2026년 예산현액은 51,701천원[1]으로 51,901천원[2] 대비 200천원 증가했고, "
             "집행률은 40.1%에서 45.3%로 하락했습니다.")
    assert direction_check(wrong, gold) == "reversed"
    # a change word tied to no figure is judged only against a gold change that has no figures either
    assert direction_check("지출은 늘었습니다. 2026년 예산현액은 51,701천원[1]입니다.", gold) == "ok"
    assert direction_check("현원이 줄었습니다.", gold_direction("현원이 늘었습니다.")) == "reversed"


def test_negated_change_word_gives_no_gold_direction_and_no_statement() -> None:
    assert gold_direction("2026년 현원은 37명으로 줄지 않았습니다.").direction is None
    assert gold_direction("예산은 감소하지 않았고 2026년 51,701천원입니다.").direction is None
    assert stated_directions("예산은 감소하지는 않았습니다.") == []
    assert stated_directions("현원은 안 늘었습니다.") == []
    assert [s.direction for s in stated_directions("개선방안 증가")] == ["increase"]


def test_gold_direction_from_computed_follows_the_years_of_its_operands() -> None:
    # the same formula is a decrease when its first operand is the earlier year's figure, an increase otherwise
    g = gold_direction("2025년 보고 51,901천원, 2026년 보고 51,701천원으로 200천원 차이입니다.", COMPUTED_DOWN)
    assert (g.direction, g.sources) == ("decrease", ("computed", "years"))
    g = gold_direction("2026년 보고 51,901천원, 2025년 보고 51,701천원으로 200천원 차이입니다.", COMPUTED_DOWN)
    assert g.direction == "increase"


def test_no_gold_direction_without_years_or_change_words() -> None:
    # 정원 vs 현원 of one report: a comparison, not a change; "많습니다" depends on the subject
    g = gold_direction("디지털정책과는 정원 34명, 현원 37명으로 현원이 3명 많습니다.", "37 - 34 = 3")
    assert g.direction is None
    assert direction_check("현원이 정원보다 3명 적습니다.", g) == "unchecked"


def test_words_and_computed_disagreeing_give_no_gold_direction() -> None:
    g = gold_direction("2025년 보고 51,901천원, 2026년 보고 51,701천원으로 200천원 늘었습니다.", COMPUTED_DOWN)
    assert g.direction is None
    assert direction_check("200천원 감소했습니다.", g) == "unchecked"


def test_change_column_name_is_not_a_decrease_word() -> None:
    # "감액" inside "증감액" (a column name) is no direction
    assert stated_directions("증감액은 12,009천원입니다.") == []
    assert gold_direction("두 표 모두 증감액은 79,074천원입니다.").direction is None


def test_year_pair_with_an_unrelated_third_figure_gives_no_direction() -> None:
    g = gold_direction("'25년 목표는 노후 CCTV 3,333대(중국산 1,652대) 교체이며, '26년까지 16,239대를 교체합니다.")
    assert g.direction is None
    g = gold_direction("2025년 보고(2025. 1. 31.)에는 연구직 6명, 2026년 보고(2026. 3. 31.)에는 8명입니다.")
    assert g.direction == "increase"


def test_runner_scores_a_reversed_answer_as_wrong_and_counts_it() -> None:
    q = Question(id="bc-900", question="기본경비 작년이랑 올해 차이?", type="budget_compare", doc="both",
                 lines={"2025": (10,), "2026": (20,)}, must_contain=("51,901", "51,701", "200천원"),
                 answer=GOLD_DOWN, computed=COMPUTED_DOWN)
    cites = [Citation(1, "a.txt", "s", 10, 10, "| 기본경비 | 51,901 |"),
             Citation(2, "b.txt", "s", 20, 20, "| 기본경비 | 51,701 |")]
    gold = [("a.txt", 10), ("b.txt", 20)]
    bad = Answer("2025년 51,901천원[1]으로 2026년 51,701천원[2] 대비 200천원 증가했습니다.", cites, False, "grounded", 1.0)
    good = Answer("2026년 51,701천원[2]으로 2025년 51,901천원[1] 대비 △200천원 감소했습니다.", cites, False, "grounded", 1.0)
    r_bad, r_good = score_answer(q, bad, gold, 1.0), score_answer(q, good, gold, 1.0)
    assert (r_bad.correct, r_bad.direction, r_bad.missing) == (False, "reversed", [])
    assert (r_good.correct, r_good.direction) == (True, "ok")
    s = summarize([r_bad, r_good])
    assert (s["direction_reversed"], s["n_direction_checked"]) == (1, 2)


def test_up_triangle_is_an_increase_as_in_the_product_parser() -> None:
    from eval.metrics import extract_numbers

    assert [n.value for n in extract_numbers("▲1,000 △2,000 ▽3")] == [1000.0, -2000.0, -3.0]


def test_verdict_is_read_from_the_opening_word() -> None:
    from eval.metrics import verdict_of

    assert verdict_of("네, 67명입니다 [1].") == "yes"
    assert verdict_of("아니요. 정원은 67명입니다.") == "no"
    assert verdict_of("Yes — 67 staff [1].") == "yes"
    assert verdict_of("No, it is 67.") == "no"
    assert verdict_of("정원은 67명입니다.") is None
    assert verdict_of("Notably 67") is None


def test_a_follow_ups_verdict_comes_after_what_it_was_read_as() -> None:
    from eval.metrics import verdict_of

    assert verdict_of("'2026년 공간정보과 예산이 늘었어?'(으)로 이해했습니다. 아니요, 줄었습니다.") == "no"
    assert verdict_of("'…'(으)로 이해했습니다. 네, 맞습니다.") == "yes"
    assert verdict_of("'…'(으)로 이해했습니다. 2026년 공간정보과의 예산은 …") is None  # no verdict said


def test_a_bare_gold_number_the_gold_answer_writes_in_man_accepts_that_magnitude() -> None:
    # the writer counted in 만 ('약 30만명' − '약 10만명' = 20): the answer '20만명' states the gold figure
    gold = "약 20만명 더 많습니다."
    assert answer_correctness("가는 약 30만명, 나는 약 10만명으로 20만명 많습니다.", ["20"], computed="30 - 10 = 20",
                              gold_answer=gold).correct
    # without the gold answer's word, a bare 20 is not 20만 (a table cell in 천원 is no count in 만)
    assert not answer_correctness("20만명 많습니다.", ["20"], computed="30 - 10 = 20").correct
    # and the magnitude must be the one the gold answer writes
    assert not answer_correctness("20천명 많습니다.", ["20"], gold_answer=gold).correct
