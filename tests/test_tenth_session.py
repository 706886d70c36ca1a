"""The tenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.normalize import short_typos_fixed
from app.engine.vocab import vocabulary
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_slip_in_a_short_word_no_one_writes_is_put_right(idx) -> None:  # noqa: ANN001
    vocab = vocabulary(idx.data)

    def fixed(text: str) -> str:
        return short_typos_fixed(text, vocab.corpus_key, vocab.in_corpus, ["몇명", "언제", "얼마"])[0]

    assert fixed("정보보안과 현원 몃명?") == "정보보안과 현원 몇명?"  # a slip in the question word
    assert fixed("보존서고 만고 예샹 시기") == "보존서고 만고 예상 시기"  # a slip in a word the reports print
    assert fixed("정보보안과 현원 몇명?") == "정보보안과 현원 몇명?"  # nothing to mend
    assert fixed("데이터센터 월급 얼마") == "데이터센터 월급 얼마"  # a word Kiwi knows is never changed


def test_a_headcount_asked_with_a_slipped_question_word_is_answered(idx) -> None:  # noqa: ANN001
    a = answer("2026년 정보보안과 현원 몃명이에요?", index=idx)
    assert "27명" in a.text
