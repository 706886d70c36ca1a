"""The twenty-fifth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations


# ---- the audit results' summary table: every kind's counts, and the words of asking that single out no item ----

def test_the_audit_summary_is_every_kind_counted_by_status(ask) -> None:  # noqa: ANN001
    text = ask("행감 처리결과 구분별로 건수 좀 정리해줄래?")
    for figure in ("41건", "17건", "22건", "19건", "5건"):
        assert figure in text, text
    assert "건의사항 19건" in text and "기타(자료제출 등) 5건" in text, text


def test_a_share_asked_with_the_printed_total_is_the_status_share(ask) -> None:  # noqa: ANN001
    text = ask("행감 지적 41건 가운데 마무리된 건 비율 얼마쯤 돼?")
    assert "17 ÷ 41" in text and "41.5%" in text, text


def test_a_kind_and_a_status_asked_also_state_the_whole_of_that_status(ask) -> None:  # noqa: ANN001
    text = ask("행감 추진 중인 건은 전부 몇 건이고 그중 건의사항은?")
    assert "22건" in text and "14건" in text, text


def test_a_council_request_verb_is_no_topic_of_an_audit_item() -> None:
    from app.engine import listed
    from app.engine.parse import parse_question
    from tests.test_answer import corpus_index

    data = corpus_index().data
    q = listed.query_of(parse_question("행정사무감사 처리결과 총괄을 보고하시오.", data), data)
    assert q is not None and q.op == "summary" and q.topic == (), q


# ---- a unit claimed to own a thing: checked against the owner the reports print ----

def test_an_owner_claimed_wrongly_is_answered_no_with_the_printed_owner(ask) -> None:  # noqa: ANN001
    text = ask("서울서베이는 정보보안과 소관이지?")
    assert text.startswith("아니요") and "데이터전략과" in text, text


def test_an_owner_claimed_rightly_is_answered_yes(ask) -> None:  # noqa: ANN001
    text = ask("서울서베이 데이터전략과에서 맡고 있는 거 맞지?")
    assert text.startswith("네") and "데이터전략과" in text, text


def test_an_audit_item_owner_claim_is_checked_against_its_printed_department(ask) -> None:  # noqa: ANN001
    text = ask("행감에서 WeGO 회비 징수율 지적은 정보통신과 소관 맞나요?")
    assert text.startswith("아니요") and "디지털정책과" in text, text


def test_a_question_of_who_owns_a_thing_claims_no_owner() -> None:
    from app.engine.claims import claimed_owner
    from app.engine.parse import parse_question
    from tests.test_answer import corpus_index

    data = corpus_index().data
    assert claimed_owner(parse_question("서울서베이 담당 부서는 어느 과지?", data)) is None
    assert claimed_owner(parse_question("서울서베이는 공간정보과 담당이지?", data)) == ("공간정보과", 7)


# ---- two things claimed one above the other: both read, the difference decides ----

def test_a_claimed_order_of_two_quoted_figures_is_checked(ask) -> None:  # noqa: ANN001
    text = ask("와이파이 기기 교체 대수가 신설 대수보다 적지?")
    assert text.startswith("아니요") and "450" in text and "280" in text, text


def test_a_claimed_order_that_holds_is_answered_yes(ask) -> None:  # noqa: ANN001
    text = ask("서울시민카드 회원수가 서울지갑 회원수보다 많은 거 맞지?")
    assert text.startswith("네") and "34만명" in text and "12만명" in text, text


def test_the_two_things_held_against_each_other_end_at_a_particle_that_fits() -> None:
    from app.engine.text import held_against

    # the '이' of '공공와이파이' follows a vowel: no subject particle there
    assert held_against("공공와이파이 신설 대수가 교체 대수보다 많아?") == ("공공와이파이 신설 대수", "교체 대수", " 많아?")
    assert held_against("정원은 현원보다 많아?") == ("정원", "현원", " 많아?")
    assert held_against("데이터센터보다 많은 곳") is None  # one thing only


# ---- an everyday phrase found inside a word the reports print is no everyday phrase there ----

def test_a_thesaurus_phrase_does_not_cut_through_a_printed_word() -> None:
    from app.engine.normalize import everyday_text

    def in_corpus(s: str) -> bool:
        return any(s in p for p in ("서울서베이", "통계조사팀", "CCTV"))

    everyday = {"서베이담당": "통계조사팀", "방범카메라": "CCTV"}
    assert everyday_text("서울서베이 담당 부서는?", everyday, in_corpus) == ("서울서베이 담당 부서는?", False)
    assert everyday_text("동네 방범카메라 몇 대?", everyday, in_corpus)[0] == "동네 CCTV 몇 대?"


# ---- a year claimed of a thing a table prints under one year's column ----

def test_a_year_claimed_of_a_table_cell_is_read_against_its_column(ask) -> None:  # noqa: ANN001
    text = ask("SDA 누리집 구축은 2026년에 하는 거 맞아?")
    assert text.startswith("아니요") and "2027년" in text, text


def test_a_year_claimed_rightly_of_a_table_cell_is_answered_yes(ask) -> None:  # noqa: ANN001
    text = ask("차세대 SDA 시스템 오픈은 2028년 예정이지?")
    assert text.startswith("네") and "2028년" in text, text


# ---- a counter of its own ('몇 식') ----

def test_a_counter_asked_links_the_one_table_that_counts_in_it(ask) -> None:  # noqa: ANN001
    text = ask("데이터센터 장비 다 해서 몇 식이야?")
    assert "4,165식" in text, text


def test_a_line_counting_something_else_is_no_answer_to_a_counter_asked(ask) -> None:  # noqa: ANN001
    text = ask("2024년 노후교체 몇 식 했어?")
    assert "933대" not in text, text  # (the Wi-Fi replacement count of that year, in 대)


def test_a_money_claim_of_a_count_is_not_answered_with_a_budget_cell(ask) -> None:  # noqa: ANN001
    text = ask("데이터센터가 운영하는 정보자원이 4,165식 맞지?")
    assert "천원" not in text.split("\n")[0], text


# ---- a line labelled with the words asked ----

def test_a_line_labelled_with_the_words_asked_answers(ask) -> None:  # noqa: ANN001
    text = ask("지능형 CCTV 사업 규모 정리해줘")
    assert "114억원" in text and "1,880대" in text, text


# ---- the unit whose project heading holds a line is evidence of it ----

def test_the_unit_of_a_project_heading_covers_the_unit_asked(ask) -> None:  # noqa: ANN001
    text = ask("데이터센터 재해복구시스템 확대 사업예산 얼마 잡혀 있어?")
    assert "1,940백만원" in text, text


# ---- words of a question read whole ----

def test_a_heading_word_kiwi_cuts_is_read_whole() -> None:
    from app.analyze import analyze
    from app.answer import vocab_for
    from tests.test_answer import corpus_index

    vocab = vocab_for(corpus_index().data)
    assert "라이다" in analyze("업무보고 용어설명에 라이다가 뭐라고 돼 있어?", vocab).key_terms
    assert "추진일정" not in analyze("ISMP 추진일정은?", vocab).key_terms  # every project's sub-heading


def test_an_agent_noun_is_covered_by_its_activity() -> None:
    from app.analyze import term_variants

    assert "자원봉사" in term_variants("자원봉사자")
    assert "이용" not in term_variants("이용자")  # (a two-letter stem says too little)


# ---- English: change words, and which ones of a listed set ----

def test_english_growth_is_a_change_between_the_years(ask) -> None:  # noqa: ANN001
    text = ask("How much did the Data Center's budget grow in 2026 compared with the 2025 final budget?")
    assert "computed:" in text and ("up" in text or "down" in text), text


def test_english_which_ones_get_the_listed_set(ask) -> None:  # noqa: ANN001
    text = ask("Which bus terminals does the Digital Companion Partner pilot cover?")
    assert "센트럴시티터미널" in text and "남부터미널" in text, text


# ---- classes read from blind51/blind52 after their end runs ----

def test_a_claimed_order_is_read_from_the_question_even_when_its_reading_drops_it(ask) -> None:  # noqa: ANN001
    text = ask("25년 보고서 보면 서울지갑 회원수가 서울시민카드보다 많다던데, 사실이야?")
    assert text.startswith("아니요") and "12만명" in text and "34만명" in text, text


def test_the_subject_of_a_claimed_order_is_the_last_subject_before_it() -> None:
    from app.engine.text import held_against

    assert held_against("2024년 CCTV는 신설 대수가 교체 대수보다 많았지?") == ("2024년 CCTV는 신설 대수", "교체 대수",
                                                                         " 많았지?")


def test_where_a_thing_is_held_is_not_answered_with_its_budget(ask) -> None:  # noqa: ANN001
    text = ask("드론 스포츠 경진대회 개최 장소가 어디야?")
    assert "천원" not in text, text


def test_a_former_name_of_a_body_reads_the_report_that_prints_it(ask) -> None:  # noqa: ANN001
    text = ask("세출예산 집행현황에서 서울 디지털 재단 출연 원인행위액은 얼마야?")
    assert "4,232,513" in text and "3,581,634" not in text, text  # (the 2025 report's row; 2026 prints 서울AI재단 출연)


def test_a_glossary_term_asked_among_other_words_gets_its_entry(ask) -> None:  # noqa: ANN001
    text = ask("매크로 막으려고 도입했다는 '심플 캡차'가 무슨 뜻이야?")
    assert text.startswith("문서의 용어 설명입니다") and "심플 캡차" in text, text


def test_a_glossary_term_asked_alone_gets_its_entry_not_a_contact_line(ask) -> None:  # noqa: ANN001
    text = ask("와이파이는 무슨 뜻이야?")
    assert text.startswith("문서의 용어 설명입니다") and "☎" not in text, text


def test_a_glossary_term_inside_another_word_is_not_the_term_asked(ask) -> None:  # noqa: ANN001
    text = ask("공공와이파이 기동대란 뭐야?")
    assert not text.startswith("문서의 용어 설명입니다"), text
