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
