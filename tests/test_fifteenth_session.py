"""The fifteenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.types import ABSTAIN_TEXT


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    from tests.test_answer import corpus_index

    return corpus_index()


def _ask(idx, question: str, history: list[str] | None = None) -> str:  # noqa: ANN001
    from app.answer import answer

    return answer(question, history=history, index=idx).text


# ---- revenue rows described in everyday words ----

def test_money_coming_in_is_told_from_money_going_out() -> None:
    from app.engine.described import money_in

    assert money_in("기록원 강당 빌려주고 받는 돈 올해 얼마야?")  # a verb of money coming in said of money
    assert money_in("상암 건물 주차장에서 벌어들일 돈 얼마?")
    assert money_in("그 보조금 이자 내년에 얼마 들어오는 걸로 돼 있어?")  # an amount asked of money coming in
    assert not money_in("구청에 CCTV 다는 데 쓰는 돈 얼마야?")
    assert not money_in("디지털 교육 받는 어르신 몇 명이야?")  # '받는' said of people, no amount asked


def test_a_noun_kiwi_splits_into_a_determiner_and_a_bound_noun_is_one_word() -> None:
    from app.engine.described import content_words

    assert "이자" in content_words("시티넷 부담금에서 붙는 이자, 25년에 얼마?")  # Kiwi: 이(MM) + 자(NNB)


def test_a_unit_that_modifies_the_described_thing_is_told_from_its_owner() -> None:
    from app.engine.described import _unit_modifies

    assert _unit_modifies("서울기록원 강당 빌려주고 받는 돈 얼마야?", "서울기록원")
    assert not _unit_modifies("데이터센터가 관리하는 건물 입주사 관리비 수입 얼마야?", "데이터센터")


def test_rows_of_a_year_are_those_of_the_reports_that_print_it(idx) -> None:  # noqa: ANN001
    from app.engine.described import row_keys_by_year, revenue_row_keys

    by_year = row_keys_by_year(idx.data)
    # the 2026 report prints 2026 and 2025; its parking row is no row of 2024, which only the 2025 report prints
    assert "에스플렉스센터부설주차장운영수입" in by_year[2026] and "에스플렉스센터부설주차장운영수입" not in by_year[2024]
    revenue = revenue_row_keys(idx.data)
    assert "에스플렉스센터부설주차장운영수입" in revenue and "지능형CCTV고도화" not in revenue


def test_a_fine_for_unauthorised_use_described_in_everyday_words_is_read_as_its_row(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "에스플렉스 입주사가 밀린 임대료랑 허락 없이 무단으로 쓰다 물어내는 돈, 2026년에 얼마 들어와?")
    assert "245,298" in text


def test_a_grant_described_by_what_it_paid_for_is_read_as_its_row(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "흐릿한 옛날 방범카메라 교체하라고 내려온 교부금, 2024년엔 얼마 받았어?")
    assert "988,100" in text


def test_a_unit_that_owns_the_building_does_not_hide_the_revenue_row(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "데이터센터가 맡고 있는 상암 건물 입주사 사용료·관리비로 들어오는 수입, 전년보다 얼마나 늘었어?")
    assert "1,089,740" in text


def test_money_coming_in_is_never_read_as_a_project_budget(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "기록원 회의실 빌려주고 받는 돈 2026년엔 얼마로 잡혀 있어?")
    assert "867백만원" not in text  # the archive's project budget is no revenue
    assert "7,211" in text or ABSTAIN_TEXT in text


# ---- typos, counts asked each, remainders, two years, two measures ----

def test_a_slip_with_two_readings_takes_the_one_printed_before_the_next_word() -> None:
    from app.engine.normalize import word_typos_fixed
    from app.engine.vocab import vocabulary
    from tests.test_answer import corpus_data

    v = vocabulary(corpus_data())
    # '디지털재반' is one letter from both 디지털재난 and 디지털재단; only '디지털재난' is printed before '대응체계'
    fixed, changed = word_typos_fixed("디지털재반 대응체계 추진현황 알려줘", v.corpus_key, v.in_corpus)
    assert changed and fixed.startswith("디지털재난 대응체계")
    kept, changed = word_typos_fixed("디지털재반 소식 알려줘", v.corpus_key, v.in_corpus)
    assert not changed and kept.startswith("디지털재반")  # nothing tells the two apart: left as asked


def test_a_count_glued_to_its_counter_and_each_is_spaced() -> None:
    from app.engine.normalize import count_slips_fixed

    assert count_slips_fixed("센터별로 몇식씩 깔아?") == "센터별로 몇 식씩 깔아?"
    assert count_slips_fixed("몇몇 센터") == "몇몇 센터"


def test_the_budget_left_after_commitments_is_computed_for_the_row(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2026년 지능형 CCTV 고도화 예산 중에 아직 계약 안 걸린 금액은 얼마야?")
    assert "5,033" in text and "아직 원인행위되지 않" in text  # 11,388,383 − 11,383,350
    text = _ask(idx, "2026년 서울기록원 운영 관리 미집행액 알려줘")
    assert "1,187,295" in text  # 2,522,771 − 1,335,476, not the 원인행위액 alone


def test_which_of_two_years_is_larger_compares_the_two_years(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "정보통신과 기본경비 2025년하고 2026년 중 어느 해가 더 커?")
    assert "2025년" in text and "2026년" in text and "계산" in text


def test_two_sums_of_money_of_two_measures_are_each_answered(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "정보통신과 기본경비 26년 얼마 잡혔고 여태 얼마 나감?")
    assert "60,562" in text and "20,194" in text  # the budget, then what was spent of it


# ---- a total is no sum of each; a share of a count is not read from sums of money ----

class _Cite:
    def __init__(self, quote: str, n: int = 1) -> None:
        self.quote, self.n = quote, n


def test_a_total_quoted_for_each_of_several_things_is_no_answer() -> None:
    from app.engine.quoted import each_unanswered

    total = [_Cite("- (소요예산) 2,400백만원")]
    assert each_unanswered("새로 짓는 센터 두 곳은 각각 예산이 얼마씩 들어가?", total)
    assert each_unanswered("센터 한 곳당 얼마 들어가?", total)
    assert not each_unanswered("센터 짓는 소요예산 얼마야?", total)  # the total is what is asked
    per_item = [_Cite("- 센터당 1,200백만원씩 2개소")]
    assert not each_unanswered("센터 두 곳은 각각 얼마씩 들어가?", per_item)


def test_a_share_of_a_count_is_not_read_from_a_budget_breakdown() -> None:
    from app.engine.frame import Frame
    from app.engine.quoted import share

    quote = [_Cite("- 사업예산 : 500백만원(컨설팅 400, 교육 100)")]
    assert share(Frame(question="q", text="교육이 사업예산에서 차지하는 비중은?", key="교육이사업예산에서차지하는비중은?"),
                 quote) is not None
    assert share(Frame(question="q", text="과제 40건 중에 교육 과제가 차지하는 비중은?",
                       key="과제40건중에교육과제가차지하는비중은?"), quote) is None


def test_a_hangul_word_glued_to_a_latin_word_is_spaced_but_a_particle_stays() -> None:
    from app.engine.normalize import scripts_spaced

    assert scripts_spaced("스마트cctv 몇 대야?") == "스마트 cctv 몇 대야?"
    assert scripts_spaced("서울AI재단 정원은?") == "서울AI재단 정원은?"  # a name typed as printed
    assert scripts_spaced("CCTV를 몇 대 달아?") == "CCTV를 몇 대 달아?"  # a particle after a Latin word stays on it


def test_a_plan_asked_with_a_glued_name_is_not_read_from_last_years_record(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2025년 지능형cctv 교체 몇 대 계획이야?")
    assert "3,333대" in text and "4,039대" not in text  # the 2025 plan, not the 2024 record above it


def test_warming_builds_what_the_first_refused_question_needs(idx) -> None:  # noqa: ANN001
    from app.answer import warm_caches
    from app.engine.vocab import vocabulary

    vocab = vocabulary(idx.data)
    vocab._derived.pop("row_documents", None)
    warm_caches(idx)
    assert len(vocab._derived["row_documents"]) > 100  # every row's words, built before anyone asks


def test_the_meaning_of_the_word_asked_is_not_read_as_another_glossary_term(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "부정예약 솔루션 오탐이 무슨 뜻이야?")
    assert "잘못 판단" in text and "솔루션(Solution)" not in text  # 오탐's line, not the glossary entry of 솔루션


def test_a_term_asked_by_its_last_word_is_still_read_as_the_glossary_term(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "예약 시스템 얘기에 나오는 동적 예약버튼은 무슨 뜻이야?")
    assert "무작위" in text  # the glossary entry of '동적 예약버튼' (the meaning asked of its last word, 예약버튼)
