"""A one-letter slip in a word of asking (a measure or '언제') is put right before parsing; ordinary words,
particles and verb endings near such words are left as typed."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.parse import _cue_words, parse
from app.engine.lexicon import lexicon
from app.engine.normalize import cue_typos_fixed
from app.engine.vocab import vocabulary
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


@pytest.mark.parametrize("typed, meant", [
    ("정보보안과 집행뉼 얼마야?", "정보보안과 집행률 얼마야?"),
    ("서울 AI 페스타 소요얘산은?", "서울 AI 페스타 소요예산은?"),
    ("스마트서울맵 오픈 언졔야?", "스마트서울맵 오픈 언제야?"),
])
def test_a_slip_in_a_word_of_asking_is_corrected(idx, typed: str, meant: str) -> None:  # noqa: ANN001
    v = vocabulary(idx.data)
    assert cue_typos_fixed(typed, _cue_words(lexicon()), v.in_corpus)[0] == meant


@pytest.mark.parametrize("typed", [
    "디지털도시국 조직 구성이 어떻게 돼?",
    "발생이자는 전년 대비 얼마나 감소하였습니까?",
    "기본경비 예산현액의 증감을 제시하시오.",
    "전산직은?",
    "서울지갑이랑 서울시민카드 회원수가 각각 얼마야?",
])
def test_ordinary_words_and_endings_are_left_alone(idx, typed: str) -> None:  # noqa: ANN001
    v = vocabulary(idx.data)
    assert cue_typos_fixed(typed, _cue_words(lexicon()), v.in_corpus) == (typed, False)


def test_the_corrected_question_is_answered(idx) -> None:  # noqa: ANN001
    a = answer("정보보안과 집행뉼 얼마야?", index=idx)
    assert "48.7%" in a.text, a.text
    assert parse("정보보안과 집행뉼 얼마야?", vocabulary(idx.data)).corrected
