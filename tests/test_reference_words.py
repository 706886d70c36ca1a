"""'기존보다', '원래보다' name the figure before a change, not a word the quoted line must print, and not a second
thing to compare with: the change between the two printed figures is computed and shown."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_a_change_against_the_existing_figure_is_computed_from_the_arrow_line() -> None:
    a = answer("서울데이터허브 주제분석 시각화 기존보다 몇 개 늘려?", index=corpus_index())
    assert "5개 증가" in a.text and "15개 − 10개" in a.text, a.text


def test_a_change_against_the_original_figure() -> None:
    a = answer("개인정보 현장점검 원래보다 몇 개 늘어?", index=corpus_index())
    assert "5개 증가" in a.text and any(c.line_start == 328 for c in a.citations), a.text
