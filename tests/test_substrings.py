"""app/substrings.py: the line index answers what a search of the whole text answers."""
from __future__ import annotations

import random

import pytest

from app.substrings import LineIndex, line_index
from app.vocab import compact
from tests.test_answer import corpus_data


@pytest.fixture(scope="module")
def lines() -> list[str]:
    data = corpus_data()
    return [compact(x) for d in data.documents for x in data.lines(d.doc)]


def test_line_index_answers_like_a_search_of_the_whole_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    ix = LineIndex(lines)
    rng = random.Random(13)
    probes = ["", "\n", "가", "데이터센터", "디지털도시국", "없는말이다", "EDR", "정원", "△9,628,252"]
    for _ in range(1500):
        line = rng.choice([x for x in lines if x])
        a = rng.randrange(len(line))
        piece = line[a:a + rng.randint(1, 10)]
        probes.append(piece)
        j = rng.randrange(len(piece))
        probes.append(piece[:j] + rng.choice("가힣AZ09·") + piece[j + 1:])  # often in no line
        probes.append(piece + "\n" + piece)  # spans two lines: never a line's
    for p in probes:
        assert (p in ix) == (bool(p) and "\n" not in p and p in text), p


def test_line_index_is_shared_by_equal_texts(lines: list[str]) -> None:
    assert line_index(list(lines)) is line_index(list(lines))
    assert line_index(["가나다"]) is not line_index(["가나다라"])


def test_vocabularies_say_in_corpus_what_their_corpus_text_says() -> None:
    """Both vocabularies look terms up in the line index (built once, shared when their texts agree)."""
    from app.engine.text import compact as engine_compact
    from app.engine.vocab import build_vocabulary
    from app.vocab import build_vocab

    data = corpus_data()
    engine = build_vocabulary(data.all_records(), data.sections, data.documents, data.lines)
    old = build_vocab(data.all_records(), data.sections, data.documents, data.lines)
    probes = ["데이터 센터", "서울톡", "정원", "가", "", " ", "없는말이다", "EDR", "스마트라이프워크", "2,179백만원"]
    for t in probes:
        assert engine.in_corpus(t) == (bool(engine_compact(t)) and engine_compact(t) in engine.corpus_key), t
        assert old.in_corpus(t) == (bool(compact(t)) and compact(t) in old.corpus_compact), t
    if engine.corpus_key == old.corpus_compact:
        assert engine._corpus_lines() is old._corpus_lines()
