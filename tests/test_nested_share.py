"""A share of a nested row is taken against the row it sits under; a measure left unsaid is the one the tables
printing every named row lead with; a follow-up naming a row of the unit just asked stays with that unit."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_a_share_of_a_units_account_is_of_that_units_total() -> None:
    a = answer("25년 정보통신과 특별회계 비중은?", index=corpus_index())
    assert "17.7%" in a.text and "9,085,037 ÷ 51,346,546" in a.text, a.text


def test_a_share_of_the_whole_is_of_the_tables_total() -> None:
    a = answer("25년 정보통신과 특별회계가 국 전체에서 차지하는 비중은?", index=corpus_index())
    assert "5.1%" in a.text and "9,085,037 ÷ 179,524,030" in a.text, a.text


def test_two_rows_of_a_unit_asked_without_a_measure_give_their_headline_figures() -> None:
    a = answer("2025년 정보통신과 일반회계랑 특별회계 얼마씩이야", index=corpus_index())
    assert not a.abstained, a.text
    assert "42,261,509" in a.text and "9,085,037" in a.text, a.text


def test_a_follow_up_share_of_a_row_stays_with_the_unit_just_asked() -> None:
    a = answer("일반회계 비중은?", index=corpus_index(), history=["2025년 정보통신과 예산 얼마?"])
    assert "82.3%" in a.text and "42,261,509 ÷ 51,346,546" in a.text, a.text
    assert "비중" in a.text.split("이해했습니다")[0], a.text  # what was understood says a share was asked


def test_a_share_of_the_units_own_whole_said_as_gwa_jeonche() -> None:
    from tests.test_conversation import chat

    idx = corpus_index()
    own = answer("2026년 디지털정책과 특별회계가 과 전체 예산에서 몇 퍼센트야?", index=idx)
    assert "19.2%" in own.text and "3.5%" not in own.text, own.text  # 6,600,000 of the 과's 34,326,934
    bureau = answer("2026년 디지털정책과 특별회계가 국 전체 예산에서 몇 퍼센트야?", index=idx)
    assert "3.5%" in bureau.text, bureau.text
    _, follow = chat(idx, "2026년 디지털정책과 특별회계 예산현액 얼마야?", "그게 과 전체 예산에서 몇 퍼센트야?")
    assert "19.2%" in follow.text, follow.text
