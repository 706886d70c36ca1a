"""Follow-ups of the seventh session: a share of two earlier figures named by the part ('현원 비율은?'), a printed
rate asked after two units' budgets (never one budget over the other), and the bureau as a whole named in a
follow-up ('국 전체는?'). Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.answer import answer
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_share_named_by_its_part_puts_that_figure_over_the_other(idx) -> None:  # noqa: ANN001
    a = answer("현원 비율은 몇 %야?", index=idx, history=["2026년 정보시스템과 정원 몇 명?", "현원은?"])
    # 정원 39명, 현원 40명: the part named is 현원, so 40 ÷ 39 (not 39 ÷ 40 = 97.5%)
    assert "102.6%" in a.text and "40 ÷ 39" in a.text, a.text


def test_a_printed_rate_after_two_budgets_is_the_last_units_rate(idx) -> None:  # noqa: ANN001
    a = answer("집행률은 몇 %야?", index=idx, history=["2026년 정보통신과 예산현액 얼마?", "공간정보과는?"])
    # not 공간정보과's budget as a share of 정보통신과's (24.7%): the rate the report prints for 공간정보과
    assert "24.7%" not in a.text and "공간정보과" in a.text and "21.2%" in a.text, a.text


def test_the_bureau_as_a_whole_after_a_division(idx) -> None:  # noqa: ANN001
    a = answer("국 전체는?", index=idx, history=["2026년 정보시스템과 정원 몇 명?"])
    assert "274명" in a.text and "디지털도시국" in a.text, a.text


def test_a_question_naming_the_bureau_after_a_definition_stands_alone(idx) -> None:  # noqa: ANN001
    a = answer("근데 2026년 국 전체 현원은 몇 명이야?", index=idx, history=["용어설명에 클라우드가 뭐야?"])
    assert "이해했습니다" not in a.text and "명[" in a.text, a.text
