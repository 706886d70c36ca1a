"""Regression tests of the table-figure path (app/compose.py figures, app/lookup.py), each named after what it pins.

They run on the real corpus through the in-memory stand-in index of tests/test_answer.py (no embeddings).
"""
from __future__ import annotations

import pytest

from app.answer import answer
from tests.test_answer import DOC_2025, DOC_2026, FakeIndex, cited_lines, corpus_index


@pytest.fixture(scope="module")
def corpus() -> FakeIndex:
    return corpus_index()


def test_partial_label_match_needs_every_distinctive_term(corpus: FakeIndex) -> None:
    """Pins a wrong answer: 'CCTV 통합 관리' matched the row '정보자원 통합 관리' on '통합' and stated its budget."""
    ans = answer("CCTV 통합 관리 예산 얼마 잡혔어?", index=corpus)
    assert "18,729,857" not in ans.text, ans.text
    assert (DOC_2026, 623) not in cited_lines(ans)


def test_label_named_whole_still_answers_without_the_table_word(corpus: FakeIndex) -> None:
    """'공유재산 임대료 수입': '수입' is implied by the revenue table; the row named whole answers."""
    ans = answer("2025년 공유재산 임대료 수입 예산은?", index=corpus)
    assert "6,978,632천원" in ans.text, ans.text
