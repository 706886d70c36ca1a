"""The twelfth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.vocab import unlisted_unit, vocabulary
from app.types import ABSTAIN_TEXT
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_change_against_last_year_is_the_change_of_the_figure_just_asked(idx) -> None:  # noqa: ANN001
    a = answer("작년보다 얼마나 늘었어?", history=["데이터전략과 2026 예산 얼마야?"], index=idx)
    # the figure fell: the printed change says so, whatever the question presumed
    assert "2,118,769천원 감소" in a.text and "11,777,671" in a.text


def test_how_many_more_people_than_last_year_keeps_the_measure_asked(idx) -> None:  # noqa: ANN001
    a = answer("작년보다 몇 명 늘었어?", history=["서울기록원 26년 정원은?"], index=idx)
    assert "정원" in a.text and "현원" not in a.text


def test_a_unit_the_reports_never_print_is_refused_in_a_follow_up(idx) -> None:  # noqa: ANN001
    # read as its words, the name found another subject's figure: 행정 (a job series) or an AI project's budget
    a = answer("그럼 스마트행정과는?", history=["공간정보과 현원 몇명"], index=idx)
    assert ABSTAIN_TEXT in a.text and "스마트행정과" in a.text and "59명" not in a.text
    b = answer("그럼 AI전략과는?", history=["정보보안과 2026 예산 얼마야?"], index=idx)
    assert ABSTAIN_TEXT in b.text and "2,179" not in b.text


def test_a_unit_shaped_word_is_told_from_units_and_common_words(idx) -> None:  # noqa: ANN001
    v = vocabulary(idx.data)
    assert unlisted_unit("그럼 스마트미래과는?", v) == "스마트미래과"
    assert unlisted_unit("빅데이터혁신담당관 예산은?", v) == "빅데이터혁신담당관"
    assert unlisted_unit("정보통신과는?", v) is None  # printed in the reports
    assert unlisted_unit("감사 결과는?", v) is None and unlisted_unit("추진 효과는?", v) is None


def test_a_claimed_count_is_checked_against_the_line_that_prints_it(idx) -> None:  # noqa: ANN001
    a = answer("서울AI챗 쓰는 사람이 1만명 넘는다는 게 사실이야?", index=idx)
    assert a.text.startswith("아니요") and "6,739명" in a.text


def test_a_bound_on_a_budget_with_a_breakdown_reads_the_labelled_total(idx) -> None:  # noqa: ANN001
    a = answer("SDA 사업예산이 8억 넘어?", index=idx)
    assert a.text.startswith("네") and "867백만원" in a.text
    b = answer("SDA 사업예산이 9억 넘어?", index=idx)
    assert b.text.startswith("아니요") and "867백만원" in b.text


def test_a_column_header_inside_a_longer_printed_word_is_not_linked(idx) -> None:  # noqa: ANN001
    from app.engine.parse import parse

    v = vocabulary(idx.data)
    assert parse("사이버보안·개인정보보호 예산 얼마야?", v).parts == []
    assert parse("25년 정보보호 장비 몇 식이야?", v).parts == ["정보보호"]
