"""A comparator word belongs to the number just before it: in '6개 과 중에 팀이 4개인 과', '6개 과' says how many
there are to choose from, and only '4개인' is a condition."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_the_number_of_units_to_choose_from_is_not_a_condition() -> None:
    a = answer("2026년 기준 디지털도시국 6개 과 중에 팀이 4개인 과는 몇 곳이야?", index=corpus_index())
    assert "1곳" in a.text and "공간정보과" in a.text and "6개인" not in a.text, a.text
