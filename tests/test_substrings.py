"""app/substrings.py and the answer's line scan: the line index answers what a search of the whole text answers,
and narrowing the scan to the lines that can cover the key terms finds the same passages as reading every line."""
from __future__ import annotations

import random
from dataclasses import replace

import pytest

from app.analyze import analyze
from app.answer import _line_keys, _line_scan_hits
from app.compose import cover_pieces, coverage, covered, satisfies
from app.substrings import LineIndex, line_index
from app.vocab import compact, vocab_for
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


@pytest.mark.parametrize("term,line", [
    ("원격이중화", "데이터센터원격이증화구축"),  # a slipped syllable (strict coverage accepts it)
    ("이용자수", "서울톡이용자32만명"),  # the term without its question-side suffix
    ("행감", "2024년행정사무감사처리결과"),  # the report's word for it
    ("정보보안과", "정보보안정책팀/정보보안관리팀과"),  # both halves, apart
])
def test_cover_pieces_name_what_a_covering_line_holds(term: str, line: str) -> None:
    assert covered(term, line, strict=True, slips=True)
    assert any(all(p in line for p in alt) for alt in cover_pieces(term, strict=True, slips=True))


def test_cover_pieces_are_necessary_on_the_corpus(lines: list[str]) -> None:
    """No corpus line covers a term unless it holds every piece of one of the term's alternatives."""
    vocab = vocab_for(corpus_data())
    terms = sorted(vocab.labels)[::11] + ["원격이중화", "국비", "출연금", "서울톡", "이용자", "업무추진비"]
    for t in terms:
        alts = cover_pieces(t, strict=True, slips=True)
        for x in lines:
            if covered(t, x, strict=True, slips=True):
                assert any(all(p in x for p in alt) for alt in alts), (t, x)


def _scan_every_line(a, data, filters, limit=8):  # noqa: ANN001, ANN202 - the line scan as it was: every chunk
    keys = _line_keys(data)[0].keys
    doc_years = {d.doc: d.year for d in data.documents}
    want_doc, want_year = (filters or {}).get("doc"), (filters or {}).get("year")
    found = []
    for order, ch in enumerate(data.chunks):
        if (want_doc and ch.doc != want_doc) or (want_year and doc_years.get(ch.doc) != int(want_year)):
            continue
        lines = keys.get(ch.doc, [])
        n_full = sum(1 for ln in (ch.lines or tuple(range(ch.line_start, ch.line_end + 1)))
                     if 1 <= ln <= len(lines) and coverage(a.key_terms, lines[ln - 1], strict=True) >= 1.0
                     and satisfies(a.wants, "".join(lines[ln - 1:ln + 2])))
        if n_full:
            found.append((-n_full, order, ch))
    found.sort(key=lambda x: (x[0], x[1]))
    return [(ch.chunk_id, float(-neg)) for neg, _, ch in found[:limit]]


@pytest.mark.parametrize("question,filters", [
    ("서울톡 이용자 수는 몇 명이야?", None),
    ("EDR 설치 대수가 얼마나 늘어나?", None),
    ("데이터센터 원격이중화 사업 예산은?", None),
    ("서울AI재단 출연금 얼마야?", {"year": 2025}),
    ("정보보안과 팀은 어떻게 구성돼?", None),
    ("디지털 약자 교육 몇 명 했어?", {"doc": "seoul-digital-city-bureau-2026-04-current-issues.txt"}),
])
def test_narrowed_line_scan_finds_what_reading_every_line_finds(question: str, filters: dict | None) -> None:
    data = corpus_data()
    a = analyze(question, vocab_for(data))
    for terms in (a.key_terms, a.key_terms[:1], ["원격이중화"], ["없는단어", "서울톡"]):
        q = replace(a, key_terms=list(terms))
        got = [(h.chunk.chunk_id, h.score) for h in _line_scan_hits(q, data, filters)]
        assert got == _scan_every_line(q, data, filters), (question, terms)


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


@pytest.mark.parametrize("question", ["행감 시정·처리요구사항은 몇 건이고 몇 건 완료됐어?",
                                      "행감 때 지적된 WeGO 회비 문제 지금 어디까지 됐어?",
                                      "서울톡 유지관리비 과다 지적 받고 예산 얼마로 줄였어?"])
def test_audit_sections_read_only_where_a_term_may_be_give_the_same_lines(question: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from app import compose
    from tests.test_answer import corpus_index

    idx = corpus_index()
    a = replace(analyze(question, vocab_for(idx.data)), intent="audit")
    hits = idx.search(a.norm, k=8)
    terms = list(a.key_terms)
    sections = compose._sections_of_hits(idx.data, hits, terms)
    assert compose._lines_maybe_mentioning(idx.data, terms) is not None  # the audit sections are narrowed
    got = compose._candidate_lines(a, idx.data, hits, terms, sections)
    monkeypatch.setattr(compose, "_lines_maybe_mentioning", lambda data, terms: None)  # every line read
    assert got == compose._candidate_lines(a, idx.data, hits, terms, sections) and got
