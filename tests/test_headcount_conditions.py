"""Conditions on a headcount difference and operations on what the last answer listed or stated, each with its own
examples (none from an eval set): a 과부족 bounded by its sign or by a bare number, computed as 현원 − 정원 where the
table prints no 과부족; '현원이 정원을 넘는'; a sum over the units the last answer listed; the smallest or largest
of the figures the last answer stated; two quoted amounts added when the conversation asked an amount."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.answer import answer
from app.engine.parse import parse
from app.engine.quoted import arithmetic
from app.engine.results import compute, stated
from app.engine.vocab import vocabulary
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def _listed(a) -> set[str]:  # noqa: ANN001
    return set(next(n[6:].strip() for n in a.notes if n.startswith("items:")).split("|"))


@pytest.mark.parametrize("question", ["2026년 과부족 마이너스인 과는?", "2026년 과부족이 음수인 부서 알려줘"])
def test_a_sign_word_bounds_a_computed_shortfall(idx, question: str) -> None:  # noqa: ANN001
    a = answer(question, index=idx)  # the 2026 table prints 정원 and 현원 only: 현원 − 정원 < 0
    assert not a.abstained, a.text
    assert _listed(a) == {"데이터센터", "서울기록원"}
    assert "65명" in a.text and "67명" in a.text  # each unit's two operands, cited


def test_a_bare_number_bounds_the_printed_shortfall(idx) -> None:  # noqa: ANN001
    a = answer("2025년 과부족이 1보다 큰 과는?", index=idx)  # the 2025 table prints 과부족 (+2 for one unit)
    assert not a.abstained and _listed(a) == {"데이터센터"}, a.text
    assert "+2명" in a.text


def test_one_measure_above_another_said_with_a_verb(idx) -> None:  # noqa: ANN001
    a = answer("2026년 현원이 정원을 넘는 부서는 어디야?", index=idx)
    assert not a.abstained, a.text
    assert _listed(a) == {"디지털정책과", "데이터전략과", "정보시스템과", "정보통신과", "공간정보과"}


def test_a_sum_over_the_units_the_last_answer_listed(idx) -> None:  # noqa: ANN001
    a = answer("그 과들 정원 합치면 몇 명이야?", index=idx, history=["2026년 과부족 마이너스인 과는?"])
    assert not a.abstained and "91명" in a.text, a.text  # 67 + 24, not the first two figures stated


def test_the_largest_of_the_figures_the_last_answer_stated() -> None:
    said = "2025년 보고서 '가 현황'에서 가 현황: 총합계 100대[1], 갑 60대[1], 을 25대[1], 병 15대[1]입니다."
    assert [x.label for x in stated(said)] == ["총합계", "갑", "을", "병"]  # the label after a colon, not the lead
    turn = SimpleNamespace(said=said, quoted=False, items=[], citations=[], cited=[("d", 5, "q")],
                           frame=SimpleNamespace(units=[], rows=[], parts=[], projects=[], metrics=[]), question="가 현황")
    low = compute("rank", "제일 적은 건?", [turn])
    assert low is not None and "병 15대" in low[0] and "총합계" not in low[0].split("(비교")[0]
    high = compute("rank", "가장 많은 거는?", [turn])
    assert high is not None and "갑 60대" in high[0]  # the total is not one of the things compared


def test_two_quoted_amounts_added_when_the_conversation_asked_an_amount(idx) -> None:  # noqa: ANN001
    cite = SimpleNamespace(quote="※ 지원 완료 : (가구) 3개소 12.5억, (나구) 2개소 7억 / (추가) 4억 하반기", n=1)
    f = parse("둘이 합치면?", vocabulary(idx.data))
    said = arithmetic(f, [cite], "가구랑 나구에 각각 얼마 지원했어?")
    assert said is not None and "19.5억" in said, said  # the two amounts, not the unit counts or the third amount


@pytest.mark.parametrize("question,units", [
    ("2026년 연구직 있는 과는?", {"정보시스템과", "서울기록원"}),
    ("2026년 방송통신직이 10명 넘는 부서 알려줘", {"정보보안과", "정보통신과", "데이터센터"}),
])
def test_a_bound_on_a_job_series_is_read_on_that_column(idx, question: str, units: set[str]) -> None:  # noqa: ANN001
    a = answer(question, index=idx)  # not on each unit's whole 현원 (every unit has more than 10)
    assert not a.abstained and _listed(a) == units, a.text


def test_a_number_after_a_word_ending_in_je_is_a_figure() -> None:
    from app.verify import extract_figures

    assert [f.raw for f in extract_figures("임기제1명이상")] == ["1명"]  # '임기제 1명' typed without a space
    assert extract_figures("제3조에 따라") == []  # an article number is still no figure


def test_there_is_the_one_unit_a_list_answer_named(idx) -> None:  # noqa: ANN001
    a = answer("거기 현원은?", index=idx, history=["2026년 연구직 5명 넘는 과는?"])
    assert not a.abstained and "서울기록원" in a.text and "23명" in a.text, a.text


def _turn(said: str, question: str):  # noqa: ANN202
    return SimpleNamespace(said=said, quoted=False, items=[], citations=[], cited=[("d", 1, "q"), ("d", 2, "q")],
                           frame=SimpleNamespace(units=[], rows=[], parts=[], projects=[], metrics=[]),
                           question=question, text=question)


def test_which_of_two_stated_figures_is_larger_and_by_how_much() -> None:
    prior = [_turn("가 사업의 예산은 1,200천원[1]입니다.", "가 사업 예산?"),
             _turn("나 사업의 예산은 2,000천원[1]입니다.", "나 사업은?")]
    said = compute("diff", "어느 쪽이 얼마나 더 많아?", prior)
    assert said is not None and "800천원" in said[0] and said[0].rstrip().endswith("800천원 더 많습니다."), said
    assert "나 사업" in said[0].split("차이는")[-1]  # the larger one is named


def test_a_casual_change_word_asks_the_change_of_the_last_two_figures(idx) -> None:  # noqa: ANN001
    a = answer("얼마 늘은거야?", index=idx, history=["26년 보고서 데이터센터 정원?", "25년 보고서에선?"])
    assert not a.abstained and "계산" in a.text, a.text  # the two reports' figures compared, with the formula
