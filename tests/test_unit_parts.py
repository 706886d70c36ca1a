"""One breakdown column (a job series) named with two units: the operation works on that column of each unit."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_a_job_column_of_two_units_is_summed_cell_by_cell() -> None:
    a = answer("정보보안과랑 정보통신과 전산직 합치면?", index=corpus_index())
    assert "8명" in a.text and "5 + 3 = 8" in a.text, a.text
    assert {c.line_start for c in a.citations} == {48, 49}


def test_a_job_column_of_two_units_is_compared() -> None:
    a = answer("데이터센터랑 서울기록원 행정직 현원 차이는?", index=corpus_index())
    assert "1명" in a.text and "5 − 4 = 1" in a.text, a.text
