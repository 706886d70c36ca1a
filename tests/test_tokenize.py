"""Golden cases for the Kiwi tokenizer: particles, dictionary compounds, letter spacing, synonyms, variants."""
from __future__ import annotations

from index.synonyms import SynonymMap, find_abbreviations, synonym_map
from index.tokenize import Analyzer, VariantIndex, add_terms, clean_term, get_kiwi, normalize
from index.tokenize import tokenize as tokenize_with_registered_terms


def tokenize(text: str) -> list[str]:
    """Built-in synonyms, no dictionary terms: independent of what other tests registered in this process."""
    return Analyzer([]).tokenize(text)


def test_particles_and_endings_are_dropped() -> None:
    assert tokenize("예산은 늘었습니까?") == ["예산", "늘"]


def test_department_name_kept_as_compound_and_parts() -> None:
    # Kiwi alone splits 정보보안과 (정보 + 보안과, or drops 과 as a particle); the dictionary adds the name.
    assert Analyzer(["정보보안과"]).tokenize("정보보안과의 정원은 몇 명인가요?") == ["정보", "보안과", "정원", "정보보안과"]
    add_terms(["정보보안과"])
    assert tokenize_with_registered_terms("정보보안과의 정원")[-1] == "정보보안과"


def test_analyzer_matches_compounds_across_spaces() -> None:
    a = Analyzer(["서울스마트라이프워크"], SynonymMap({}))
    assert a.tokenize("서울 스마트라이프워크 운영") == ["서울", "스마트", "라이프", "워크", "운영", "서울스마트라이프워크"]
    assert Analyzer([], SynonymMap({})).tokenize("서울 스마트라이프워크") == ["서울", "스마트", "라이프", "워크"]


def test_question_kiwi_has_the_user_dictionary() -> None:
    add_terms(["정보보안과"])
    assert [(t.form, str(t.tag)) for t in get_kiwi().tokenize("정보보안과의")][0] == ("정보보안과", "NNP")


def test_letter_spaced_input_matches_plain_input() -> None:
    a = Analyzer(["정보보안과"])
    assert normalize("정 보 보 안 과 정원") == "정보보안과 정원"
    assert a.tokenize("정 보 보 안 과 정원") == a.tokenize("정보보안과 정원") == ["정보", "보안과", "정원", "정보보안과"]


def test_numbers_percent_and_suffix_joins() -> None:
    assert tokenize("집행률 46.5%") == ["집행", "46.5", "%", "집행률"]
    assert tokenize("△79,074천원") == ["△", "79,074", "천", "79074"]


def test_bigrams_of_neighbouring_terms() -> None:
    a = Analyzer([], SynonymMap({}), bigrams=True)
    assert a.tokenize("시중은행 전환 인가") == ["시중", "은행", "전환", "인가", "시중_은행", "은행_전환", "전환_인가"]


def test_synonyms_expand_to_canonical_tokens() -> None:
    assert tokenize("DR 구축 예산") == ["dr", "구축", "예산", "재해", "복구"]
    assert tokenize("국비 지원") == ["국비", "지원", "국고", "보조금"]
    assert tokenize("행감 지적사항")[-3:] == ["행정", "사무", "감사"]


def test_hangul_alias_needs_a_word_start() -> None:
    m = SynonymMap({"행감": "행정사무감사"})
    assert m.expansions("시행감독") == []
    assert m.expansions("행감에서") == ["행정사무감사"]


def test_latin_alias_is_a_whole_word() -> None:
    m = SynonymMap({"DR": "재해복구"})
    assert m.expansions("DRAM 구매") == []
    assert m.expansions("DR센터") == ["재해복구"]


def test_abbreviations_found_in_text() -> None:
    got = find_abbreviations(["1-1. 서울 스마트라이프워크(SLW) 추진", "인공지능(AI) 기반 행정", "챗봇(Chatbot)"])
    assert got == {"SLW": "스마트라이프워크", "AI": "인공지능"}


def test_builtin_synonyms_win_over_found_abbreviations() -> None:
    assert synonym_map({"DR": "원격이중화"}).mapping["DR"] == "재해복구"


def test_spelling_variant_finds_dictionary_term() -> None:
    v = VariantIndex(["스마트라이프워크", "정보보안과"])
    assert v.find("스마트라이프위크 예산은?") == ["스마트라이프워크"]
    assert v.find("서울스마트라이프위크") == ["스마트라이프워크"]


def test_spelling_variant_does_not_swap_units() -> None:
    # 과 -> 팀 changes the initial consonant: a different unit, not a spelling slip
    assert VariantIndex(["정보보안과"]).find("정보보안팀") == []
    assert VariantIndex(["정보보안과"]).find("정보보안과") == []


def test_clean_term_rejects_unusable_words() -> None:
    assert clean_term(" 서울 스마트라이프워크 ") == "서울스마트라이프워크"
    assert clean_term("과장") == ""
    assert clean_term("ABC") == ""


def test_budget_table_paraphrases_reach_the_column_and_row_names() -> None:
    """Pins the dev-set section misses bc-016-style (증가율), bf-001 (총액), bf-040 (출연금), pf-001 (쓰는)."""
    assert tokenize("서울기록원 예산 증가율") == ["서울", "기록원", "예산", "증가", "증감", "증가율", "증감률"]
    assert tokenize("대비 증감율")[-1] == "증감률"  # the 2025 layout's spelling finds the 2026 column
    assert tokenize("세입 예산현액 총액") == ["세입", "예산", "현", "액", "총액", "계"]
    assert tokenize("서울디지털재단 출연금") == ["서울", "디지털", "재단", "출연금", "출연"]
    assert tokenize("서울AI챗 쓰는 직원")[-1] == "사용"
    assert "사용" not in tokenize("글쓰는 직원")  # a Hangul alias needs a word start


def test_a_compound_whose_last_syllable_kiwi_reads_as_a_verb_is_one_term() -> None:
    # Kiwi reads '맵' of '스마트서울맵' as the adjective '맵다' (no ending follows): the compound is still a term, in a
    # heading and in a question alike, so the question finds the heading's passage
    heading = tokenize("3.8. 똑똑한 서울생활의 나침반, 스마트서울맵 활성화 (공간정보과)")
    question = tokenize("스마트서울맵 추진일정은?")
    assert "스마트서울맵" in heading and "스마트서울맵" in question
    # a real predicate keeps its reading: an adjective with its ending is no noun
    assert tokenize("예산이 많다") == ["예산", "많"]
    assert not any(t.endswith("맵") and len(t) > 1 for t in tokenize("서울시 맵다"))
