"""The eighteenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

from app.types import ABSTAIN_TEXT


def _ask(idx, question: str) -> str:  # noqa: ANN001
    from app.answer import answer

    return answer(question, index=idx).text


# ---- numbers ----

def test_a_tables_unit_declaration_is_no_amount() -> None:
    from app.verify import extract_figures

    raws = [f.raw for f in extract_figures("| 사업비 (단위:백만원) | 200 | 868 |")]
    assert "백만원" not in raws and "868" in raws
    assert [f.value for f in extract_figures("1인당 백만원 지원") if f.unit == "원"] == [1000000]


def test_a_claim_of_one_of_two_parallel_figures_is_checked_against_its_own(corpus_idx) -> None:  # noqa: ANN001
    # the audit answer prints 월1회선 33,000원 (국비) and 월1회선 38,000원 (시비)
    text = _ask(corpus_idx, "버스정류소 와이파이 국비로 설치한 곳 통신비 월 38,000원 맞아?")
    assert text.startswith("아니요") and "33,000원" in text.split(".")[1]
    assert not _ask(corpus_idx, "버스정류소 와이파이 통신비가 월 1회선 38,000원 맞아?").startswith(("네", "아니요"))


def test_a_verb_before_a_place_counts_no_place() -> None:
    from app.compose import _STATED_PLACES

    assert _STATED_PLACES.findall("와이파이 설치한 곳 통신비") == []
    assert _STATED_PLACES.findall("새로 만든 세 곳, 한 곳") == ["세", "한"]


# ---- what the asker says around the question ----

def test_an_opening_label_or_materials_phrase_of_the_occasion_is_no_part_of_the_question() -> None:
    from app.engine.pipeline import without_preamble

    assert without_preamble("의원실 질의: 정보통신과 현원은 몇 명이야?") == "정보통신과 현원은 몇 명이야?"
    assert without_preamble("업무보고 자료로, 공간정보과 정원 알려줘") == "공간정보과 정원 알려줘"
    assert without_preamble("예산 확인: 정원 몇 명?") == "예산 확인: 정원 몇 명?"  # no occasion named
    assert without_preamble("감사 때 물어보려는데, 정보보안과 현원은?") == "정보보안과 현원은?"


def test_a_council_preamble_leaves_a_change_between_two_columns_answered(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "행감 대비 자료로 정보보안과 세출예산이 2025 최종예산 대비 얼마나 변했는지 알려줘")
    assert "232,836" in text and "감소" in text


def test_a_closing_name_alone_asks_the_same_of_it() -> None:
    from app.answer import _ELLIPTIC_LAST

    assert _ELLIPTIC_LAST.match("시민카드는?") and _ELLIPTIC_LAST.match("그럼 서울기록원은?")
    assert not _ELLIPTIC_LAST.match("정원은 몇 명이야?")


# ---- spelling and glued words ----

def test_two_vowel_slips_in_a_long_name(corpus_idx) -> None:  # noqa: ANN001
    from app.analyze import correct_spelling
    from app.vocab import vocab_for

    vocab = vocab_for(corpus_idx.data)
    assert "재해복구시스템" in correct_spelling("제해복구시스탬 추진일정", vocab)
    assert correct_spelling("재해복구시스템 추진일정", vocab) == "재해복구시스템 추진일정"


def test_a_one_syllable_word_of_asking_glued_after_a_term() -> None:
    from app.analyze import _split_generic

    assert _split_generic("캡차뜻") == ["캡차"]
    assert _split_generic("예산") == []


def test_two_nouns_written_apart_that_together_are_a_word_of_asking() -> None:
    from app.analyze import _generic_pairs_joined

    joined = _generic_pairs_joined([[("부담", "NNG")], [("주체", "NNG")], [("예산", "NNG")]])
    assert joined[0] == [("부담", "NNG"), ("주체", "NNG")] and len(joined) == 2


# ---- operations ----

def test_a_ranking_by_the_gap_asked_again_as_how_many_stays_a_ranking(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "현원이 정원보다 제일 많이 모자란 과는 어디고 몇 명 부족해?")
    assert "데이터센터" in text and "△2명" in text


def test_a_sum_of_the_rows_named_among_a_tables_rows(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "AI 분야별 사업 중 매력서비스랑 업무방식 혁신 사업 수 더하면?")
    assert "19개" in text and "16" not in text


def test_each_year_read_apart_keeps_the_counted_word(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "지능형 CCTV 2024년 교체 대수와 2025년 교체 계획 대수 차이는?")
    assert "706" in text and "4,039" in text and "3,333" in text


def test_an_amount_of_one_part_not_printed_is_refused(corpus_idx) -> None:  # noqa: ANN001
    assert _ask(corpus_idx, "재해복구시스템 사업예산에서 상암센터 3식 몫 금액만 얼마야?").startswith(ABSTAIN_TEXT)
    assert "120" in _ask(corpus_idx, "펠로우십 예산만 얼마야?")  # printed next to the part, in the whole's unit


def test_a_figure_and_what_it_becomes_is_asked_of_a_line_that_prints_both() -> None:
    from app.compose import from_to_answered

    assert from_to_answered("몇 개에서 몇 개로 늘어?", "시각화 확대(10개 → 15개)")
    assert from_to_answered("주기 얼마에서 얼마로 줄여?", "주기를 3개월에서 1일로 단축")
    assert not from_to_answered("몇 개에서 몇 개로 늘어?", "도시정책지표(122개) 구축")
    assert from_to_answered("몇 개야?", "122개")


# ---- words ----

def test_spent_it_all_asks_the_execution_rate(corpus_idx) -> None:  # noqa: ANN001
    assert "집행률" in _ask(corpus_idx, "다기능 사무기기 보급관리 예산 다 씀?")


def test_what_it_means_said_as_what_it_is_talking_about() -> None:
    from app.analyze import _asks_definition

    assert _asks_definition("디지털트윈이정확히뭘말하는거야?")
    assert _asks_definition("RFID는무엇을의미하는거예요?")
    assert not _asks_definition("디지털트윈예산얼마야?")


def test_english_what_is_puts_the_thing_first() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.normalize import translate_english

    assert translate_english("What is a smart pole?", lexicon()).rstrip(" ?").endswith("뭐야")
    assert not translate_english("What is the budget of the Data Center?", lexicon()).rstrip(" ?").endswith("뭐야")


def test_a_description_closed_by_you_know(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.described import split

    assert split("예약을 매크로로 싹쓸이하는 문제 있잖아, 언제부터 막았어?") == (
        "예약을 매크로로 싹쓸이하는 문제", "언제부터 막았어?")


def test_a_description_of_a_units_row_is_not_the_units_total(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "데이터센터 쓰다 남은 물품 팔아서 생기는 수입 2026년 얼마?")
    assert "2,000천원" in text and "61,426,877" not in text


def test_a_replaced_verbs_linking_ending_goes_with_it() -> None:
    from app.engine.normalize import _verb_tail

    text = "물건 팔아서 들어오는 돈"
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    assert _verb_tail(text, pos, 3) == ("아서", "")  # after '물건팔'


def test_two_reports_named_by_year_and_title_ask_each_report() -> None:
    from app.compose import ASKS_EACH_REPORT
    from app.vocab import compact

    assert ASKS_EACH_REPORT.search(compact("보안관제 기관 수, 25년 주요업무보고랑 26년 현안보고에 각각 얼마야?"))
    assert ASKS_EACH_REPORT.search(compact("정원이 24년이랑 25년 보고서에 각각 몇 명이야?"))
    assert not ASKS_EACH_REPORT.search(compact("2026년 현안보고 데이터센터 정원은?"))


def test_the_rows_of_a_text_table_whose_header_names_what_is_asked(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "서울 AI 페스타에서 꾸민 공간 종류 알려줘")
    assert "엉뚱한 AI 전시관" in text and "AI 플렉스팟" in text


def test_which_ones_asked_with_a_plural() -> None:
    from app.engine.quoted import _LIST_ASKED

    assert _LIST_ASKED.search("어느 구들에서 해?") and _LIST_ASKED.search("무슨 서비스들 있어?")
    assert not _LIST_ASKED.search("어느 과 예산이야?")


def test_the_bureaus_own_name_is_no_topic_of_audit_items(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "우리 디지털도시국 2024 행감 요구사항 전체 몇 건이야?")
    assert "41건" in text and "관련" not in text.split("\n")[0]


def test_installed_is_printed_as_new_installation() -> None:
    from app.analyze import term_variants

    assert "신설" in term_variants("설치")


def test_words_an_english_question_says_only_to_connect() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.normalize import translate_english

    ko = translate_english("How many of them were raised under the plan?", lexicon())
    assert not any(w in ko for w in ("them", "raised", "under"))


def test_a_column_word_inside_a_project_title_written_loosely_is_no_column(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "How much money does the strategic AI operations for intelligent administration project get in 2026?")
    assert "2,179" in text and "59명" not in text


def test_a_running_total_asked_leads_with_the_line_that_prints_one(corpus_idx) -> None:  # noqa: ANN001
    assert "872" in _ask(corpus_idx, "통합안전 스마트폴 여태까지 전부 몇 대 세웠어?")


def test_where_asked_leads_with_the_line_that_names_a_district(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "디지털동행플라자는 어느 구에 있어?")
    assert "영등포" in text and "은평" in text


def test_both_ends_of_one_ranking(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "2026년 현원이 제일 많은 과와 제일 적은 과는?")
    assert "데이터센터" in text and "서울기록원" in text and "가장 적은" in text


def test_a_fall_ranks_from_the_most_negative() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.parse import detect_order

    assert detect_order("증감률이가장크게떨어진부서", lexicon(), "change_rate") == "asc"
    assert detect_order("증감률이가장크게오른부서", lexicon(), "change_rate") == "desc"


def test_a_request_typed_with_a_slip_is_no_unknown_word() -> None:
    from app.analyze import slipped_request

    assert slipped_request("알려즈세요") and slipped_request("알려쥬세요")
    assert not slipped_request("알려드려요") and not slipped_request("서남센터")


def test_the_headcount_set_aside_is_not_asked() -> None:
    from app.compose import states_headcount_asked

    assert not states_headcount_asked("재단현원은몇명이야?정원말고실제근무인원", "2본부 10팀(정원 52명)")
    assert states_headcount_asked("재단정원몇명이야?", "2본부 10팀(정원 52명)")


def test_a_units_head_said_apart_is_the_post_the_reports_print(corpus_idx) -> None:  # noqa: ANN001
    from app.analyze import _unit_head_joined

    assert _unit_head_joined("공간정보과 과장님 누구야?") == "공간정보과장 누구야?"
    assert _unit_head_joined("통계조사팀 팀장 이름") == "통계조사팀장 이름"
    assert _unit_head_joined("공간정보과 팀장 누구야?") == "공간정보과 팀장 누구야?"  # not the unit's own post
    assert "윤충식" in _ask(corpus_idx, "데이터전략과 과장님 성함이 어떻게 돼?")


def test_a_row_with_the_conjunction_glued_on_is_still_the_row(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "2026년 다기능 사무기기 보급관리랑 지능형 CCTV 고도화 예산현액 더하면?")
    assert "합치면" in text and "4,574,477" in text and "11,388,383" in text


def test_a_sentence_that_announces_a_council_question_with_a_period_in_it() -> None:
    from app.engine.pipeline import without_preamble

    assert without_preamble("상반기 집행 실적 점검 차원에서 질의드립니다. 정보통신과 집행률은?") == "정보통신과 집행률은?"
    assert without_preamble("데이터센터 정원에 대해 질의드립니다. 67명 맞습니까?").startswith("데이터센터")
