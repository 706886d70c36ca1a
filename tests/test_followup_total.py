"""A follow-up that changes the measure of a total ('집행률은?' after '세출 전체 얼마야') stays with that table's
total: the kind of table and the 'whole' asked before are carried into the question it is read as."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_a_measure_follow_up_of_an_expenditure_total() -> None:
    a = answer("집행률은?", index=corpus_index(), history=["2026년 세출 전체 얼마야"])
    assert not a.abstained, a.text
    assert "46.5%" in a.text, a.text
    assert "세출" in a.text.split("이해했습니다")[0], a.text


def test_a_year_follow_up_after_a_measure_follow_up_of_a_revenue_total() -> None:
    a = answer("2025년은?", index=corpus_index(), history=["26년 세입 총계 얼마?", "증감액은?"])
    assert not a.abstained, a.text
    assert "세입" in a.text.split("이해했습니다")[0], a.text
    assert "3,090,742" in a.text, a.text  # the 2025 report's revenue total changed by △3,090,742
