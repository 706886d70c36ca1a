"""A figure per unit ('1인당', '개소당') is answered only from a line that prints one; a total is not it."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_a_per_person_budget_no_line_prints_is_refused() -> None:
    a = answer("데이터센터 1인당 예산은?", index=corpus_index())
    assert a.abstained, a.text


def test_a_per_site_figure_the_report_prints_is_quoted() -> None:
    a = answer("디지털동행플라자 개소당 하루 평균 몇 명 와?", index=corpus_index())
    assert "112명" in a.text and not a.abstained, a.text
