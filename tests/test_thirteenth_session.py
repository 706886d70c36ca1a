"""The thirteenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import numpy as np
import pytest

from tests.test_answer import corpus_data

DOC_2026 = "seoul-digital-city-bureau-2026-04-current-issues.txt"
PARTNER = "3. 주요 현안업무 > 3.2. '디지털동행 파트너' 운영"


class BigramEmbedder:
    """A deterministic stand-in for the embedding model: character bigrams hashed into a unit vector."""

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(512)
        t = "".join(text.split())
        for i in range(len(t) - 1):
            v[hash(t[i:i + 2]) % 512] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts])


class LineIdx:
    def __init__(self) -> None:
        self.data = corpus_data()
        self.retriever = type("R", (), {"embedder": BigramEmbedder()})()


@pytest.fixture(scope="module")
def line_idx() -> LineIdx:
    return LineIdx()


def _found(description: str, rest: str, passage: str = PARTNER, doc: str = DOC_2026):  # noqa: ANN202
    from app.engine.described import Described, title_of

    return Described(description, rest, title_of(passage), doc, passage)


def test_a_described_line_answers_with_the_value_of_the_kind_asked_under_it(line_idx: LineIdx) -> None:
    from app.engine.described import typed_lines

    found = _found("키오스크 안내하러 나오는 자원봉사자 모집", "한 달에 몇 명이야?")
    picked = typed_lines(line_idx, found, "명")
    lines = line_idx.data.lines(DOC_2026)
    assert picked, "the bullet on recruiting volunteers prints '월 160명'"
    assert any("160명" in lines[ln - 1] for _, ln in picked)
    assert not any("160명" in lines[ln - 1] for _, ln in typed_lines(line_idx, found, "money"))  # no amount there


def test_nothing_is_read_from_a_described_line_when_no_kind_of_value_is_asked(line_idx: LineIdx) -> None:
    from app.engine.described import typed_lines

    assert typed_lines(line_idx, _found("키오스크 안내하러 나오는 자원봉사자 모집", "어떤 식으로 해?"), None) == []


def test_a_clause_of_what_was_heard_closed_by_a_comma_is_a_description() -> None:
    from app.engine.described import split

    parts = split("구청 민원실 앞에 번호표 뽑는 기계를 여러 대 새로 들여놓는다던데, 몇 대나 돼?")
    assert parts is not None
    description, rest = parts
    assert description.endswith("들여놓는다던데") and rest == "몇 대나 돼?"
    assert split("구청이 새로 한다던데, 뭐야?") is None  # names too little to find a project by


def test_an_act_said_of_the_project_is_no_noun_the_answer_must_print() -> None:
    from app.engine.described import asked_nouns

    assert asked_nouns("올해 몇 곳 운영해?") == []
    assert asked_nouns("어느 구에서 운영해?") == ["구"] or asked_nouns("어느 구청에서 운영해?") == ["구청"]


def test_how_much_more_it_can_hold_asks_a_count_not_money(line_idx: LineIdx) -> None:
    from app.analyze import analyze
    from app.vocab import vocab_for

    vocab = vocab_for(line_idx.data)
    assert analyze("창고 넓히면 얼마나 더 보관할 수 있어?", vocab).wants == "count"
    assert analyze("창고 넓히는 데 예산이 얼마나 더 들 수 있어?", vocab).wants == "money"
