"""The question engine's stages, each on its own small examples: text helpers, the lexicon file, linking and
parsing into a frame. (Own examples, none from an eval set.)"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.engine.lexicon import LexiconError, lexicon, parse_lexicon
from app.engine.link import find_projects, link
from app.engine.parse import find_k, find_years, parse
from app.engine.text import compact, jamo, jamo_distance, josa
from app.engine.vocab import build_vocabulary
from tests.test_answer import corpus_data


@pytest.fixture(scope="module")
def vocab():  # noqa: ANN201
    d = corpus_data()
    return build_vocabulary(d.all_records(), d.sections, d.documents, d.lines)


# --- text -----------------------------------------------------------------------------------------------
def test_a_vowel_slip_is_one_letter_away() -> None:
    assert jamo("데이터") == "ㄷㅔㅇㅣㅌㅓ"
    assert jamo_distance("데이타센터", "데이터센터") == 1
    assert jamo_distance("정보보안괴", "정보보안과") == 1
    assert jamo_distance("서울기록원", "서울시청") > 2


@pytest.mark.parametrize("word,pair,expected", [
    ("데이터센터", "은/는", "데이터센터는"), ("정보통신과", "은/는", "정보통신과는"), ("67명", "이/가", "67명이"),
    ("46.5%", "으로/로", "46.5%로"), ("61,426,877천원", "으로/로", "61,426,877천원으로"), ("서울", "으로/로", "서울로"),
])
def test_particles_follow_the_last_sound(word: str, pair: str, expected: str) -> None:
    assert josa(word, pair) == expected


# --- lexicon ----------------------------------------------------------------------------------------------
def test_the_packaged_lexicon_loads_and_names_every_operation() -> None:
    lex = lexicon()
    assert {"rank", "count", "list", "sum", "diff", "ratio", "verify"} <= set(lex.operations)
    assert lex.metrics["authorized"].matches_column("정원")
    assert lex.metrics["budget"].matches_column("2026 예산현액") and not lex.metrics["budget"].matches_column("증감액")
    assert lex.metrics["spend_rate"].matches_column("지출액 집행률")
    assert not lex.metrics["exec_rate"].matches_column("지출액 집행률")


def test_a_malformed_lexicon_names_what_is_wrong() -> None:
    raw = json.loads(Path("app/engine/data/lexicon.json").read_text(encoding="utf-8"))
    raw["metrics"]["budget"]["kind"] = "weight"
    with pytest.raises(LexiconError, match="metrics.budget.kind"):
        parse_lexicon(raw)
    raw = json.loads(Path("app/engine/data/lexicon.json").read_text(encoding="utf-8"))
    raw["operations"]["guess"] = {"cues": ["추측"]}
    with pytest.raises(LexiconError, match="unknown operation"):
        parse_lexicon(raw)


# --- vocabulary and linking -------------------------------------------------------------------------------
def test_vocabulary_knows_units_teams_projects_and_glossary_terms(vocab) -> None:  # noqa: ANN001
    kinds = lambda k: {e.kind for e in vocab.get(compact(k))}  # noqa: E731
    assert "department" in kinds("정보보안과")
    assert "team" in kinds("지도서비스팀")
    assert "unit" in kinds("보존서비스과")  # a section of 서울기록원, from the organisation table
    assert "glossary" in kinds("메타데이터")
    assert any(e.department == "공간정보과" for e in vocab.projects)
    assert ("정보통신과", "일반회계") in vocab.ancestors


@pytest.mark.parametrize("question,surface,key,how", [
    ("데이타센터 사람 몇이야", "데이타센터", "데이터센터", "typo"),
    ("공간정보괴 예산", "공간정보괴", "공간정보과", "typo"),
    ("기록원 인원", "기록원", "서울기록원", "partial"),
    ("정보통신과예산얼마", "정보통신과", "정보통신과", "exact"),
])
def test_names_link_despite_typos_missing_spaces_and_short_forms(vocab, question, surface, key, how) -> None:  # noqa: ANN001
    lk = next(x for x in link(question, vocab).links if x.key == key)
    assert (lk.surface, lk.how) == (surface, how)


def test_a_two_letter_label_inside_a_longer_word_is_not_linked(vocab) -> None:  # noqa: ANN001
    keys = {lk.key for lk in link("행정사무감사 결과", vocab).links}
    assert "행정" not in keys  # '행정' (a job series) is only the start of 행정사무감사
    assert "행정" in {lk.key for lk in link("행정직 몇 명", vocab).links}


def test_a_project_links_by_the_piece_of_its_title_the_question_repeats(vocab) -> None:  # noqa: ANN001
    best = find_projects(compact("재해복구시스템 확대는 누가 해"), vocab)[0]
    assert best.entries[0].department == "데이터센터"
    assert not [p for p in find_projects(compact("서울AI재단 정원"), vocab) if "페스타" in p.entries[0].text]


# --- parsing ------------------------------------------------------------------------------------------------
def test_years_explicit_short_and_relative() -> None:
    lex = lexicon()
    assert find_years(compact("25년 예산"), 2026, lex) == ([2025], True)
    assert find_years(compact("재작년이랑 올해"), 2026, lex) == ([2024, 2026], True)
    assert find_years(compact("예산은"), 2026, lex) == ([], False)


@pytest.mark.parametrize("text,k", [("상위 5개", 5), ("세 곳만", 3), ("top 2", 2), ("제일 큰 곳", 1)])
def test_how_many_to_list(text: str, k: int) -> None:
    assert find_k(text) == k


@pytest.mark.parametrize("question,op", [
    ("예산 젤 적은 과는 어디야", "rank"),
    ("정원 40명 이상인 곳 몇 개?", "count"),
    ("집행률 30% 밑도는 부서 알려줘", "list"),
    ("공간정보과 정원 26명 맞지?", "verify"),
    ("정보보안과 예산 줄었지?", "verify"),
    ("데이터센터랑 서울기록원 현원 합치면?", "sum"),
    ("정보통신과가 공간정보과보다 예산 얼마나 더 많아?", "diff"),
    ("세출 총액에서 정보보안과가 차지하는 비중", "ratio"),
    ("집행률 꼴찌 부서의 현원은?", "two_step"),
    ("메타데이터가 뭐야?", "define"),
    ("공간정보과 2025년이랑 2026년 현원 비교", "diff"),
    ("데이터센터 정원은?", "lookup"),
    ("사업예산 검토 결과는?", "lookup"),  # a topic asked with 은/는, not a yes/no
])
def test_operation_of_a_question(vocab, question: str, op: str) -> None:  # noqa: ANN001
    assert parse(question, vocab).op == op


def test_a_bound_becomes_a_condition_on_the_measure_named_before_it(vocab) -> None:  # noqa: ANN001
    f = parse("원인행위 집행률이 30%도 안 되는 부서", vocab)
    c = f.conditions[0]
    assert (c.metric, c.comparator, c.bound.value) == ("exec_rate", "lt", 30.0)
    f = parse("예산 5억 넘는 사업 뭐 있어", vocab)
    c = f.conditions[0]
    assert (c.metric, c.comparator, c.bound.value, f.klass) == ("budget", "gt", 5e8, "project")
    f = parse("전년보다 3% 이상 깎인 부서", vocab)
    c = f.conditions[0]
    assert (c.metric, c.comparator, c.bound.value) == ("change_rate", "le", -3.0)  # a cut of at least 3 %


def test_one_measure_against_another(vocab) -> None:  # noqa: ANN001
    c = parse("정원보다 현원이 많은 과는?", vocab).conditions[0]
    assert (c.metric, c.comparator, c.other) == ("staff", "gt", "authorized")


def test_a_ranking_by_change_is_ranked_by_the_change(vocab) -> None:  # noqa: ANN001
    f = parse("작년 대비 예산이 제일 많이 깎인 부서", vocab)
    assert f.op == "rank" and f.metric == "change" and f.order == "asc"


def test_english_is_read_in_the_reports_words(vocab) -> None:  # noqa: ANN001
    f = parse("What is the execution rate of the Spatial Information Division?", vocab)
    assert f.lang == "en" and f.units == ["공간정보과"] and f.metrics == ["exec_rate"]


def test_everyday_words_become_the_reports_words_only_where_the_reports_lack_them() -> None:
    from app.engine.normalize import everyday_text

    printed = {"세입", "임기제"}.__contains__
    text, changed = everyday_text("26년 우리 국으로 들어오는 돈 전부 얼마야?", lexicon().everyday, printed, "디지털도시국")
    assert changed and text == "26년 디지털도시국으로 세입 전부 얼마야?"
    same, changed = everyday_text("디지털도시국 전체 현원은?", lexicon().everyday, printed, "디지털도시국")
    assert not changed and same == "디지털도시국 전체 현원은?"  # '국 전체' inside the bureau's own name stays


def test_a_row_named_without_its_short_opening_links_to_the_row(vocab) -> None:  # noqa: ANN001
    """'CCTV안전센터 운영' names the row '서울시 CCTV안전센터 운영' (the only label ending that way); words that also
    stand on their own in the reports ('처리요구사항') are not tied to the one label that ends with them."""
    from app.engine.link import link

    v = vocab
    got = {lk.key for lk in link("CCTV안전센터 운영 예산 얼마야", v).links}
    assert "서울시cctv안전센터운영" in {k.lower() for k in got}, got
    assert not any("시정" in lk.key for lk in link("처리요구사항 몇 건이야", v).links)


def test_a_term_written_without_spaces_is_covered_by_a_line_printing_its_words_apart() -> None:
    from app.compose import covered
    from app.engine.text import compact

    line = compact("- 市 사이버안전센터 96개 기관 보안관제 100% 확대 추진")
    assert covered("사이버안전센터보안관제", line)
    assert not covered("사이버안전센터예산편성", line)  # one of its words is not on the line


def test_an_english_question_keeps_only_words_the_reports_can_match(vocab) -> None:  # noqa: ANN001
    """Untranslated English words cannot be evidence in Korean reports: the reader does not require them."""
    from app.answer import answer
    from tests.test_answer import corpus_index

    a = answer("How many companies took part in Smart Life Week in 2024?", index=corpus_index())
    assert "147개 기업" in a.text, a.text


def test_the_parser_reads_punctuation_alone_without_failing() -> None:
    from app.engine.parse import parse
    from app.engine.vocab import Vocabulary

    assert parse("? ?", Vocabulary()).op == "lookup"
