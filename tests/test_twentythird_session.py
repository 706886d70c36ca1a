"""The twenty-third session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import re


# ---- a table named by a word of its title is the one read ----

def test_the_words_that_name_a_table() -> None:
    from app.engine.execute import _naming_words

    assert _naming_words("세입예산 세부내역") == {"세부내역"}  # '세입예산' names every revenue table
    assert _naming_words("세입총괄") == {"세입총괄"}
    assert _naming_words("디지털도시국 인력", {"디지털도시국"}) == set()  # the organisation names no table


def test_items_under_a_row_are_filtered_in_the_table_named(ask) -> None:  # noqa: ANN001
    text = ask("2026 세입 세부내역 보조금 가운데 순증 항목은?")
    assert "디지털배움터 운영" in text and "3,256,000" in text, text
    assert "세부내역" in text, text  # read from the detailed table, not the summary


def test_items_among_a_row_that_fell_are_its_items_not_its_own_change(ask) -> None:  # noqa: ANN001
    text = ask("2026년 세입총괄에서 세외수입 중 줄어든 항목은?")
    assert "불용품매각대금" in text and "기타과태료" in text, text
    assert "12,528,819" not in text, text  # the row's own total is not what was asked


# ---- a ranking in two clauses: the second asks of the first one's winner ----

def test_a_second_clause_ranks_the_winners_budget_lines(ask) -> None:  # noqa: ANN001
    text = ask("2026 세출총괄에서 예산 제일 많은 부서는 어디고, 그 부서 세부사업 중 제일 큰 건?")
    assert "데이터센터" in text and "정보자원 통합 관리" in text and "18,729,857" in text, text


def test_a_second_clause_asks_one_line_of_the_winner(ask) -> None:  # noqa: ANN001
    text = ask("2026년 예산 제일 많이 줄어든 부서는 어디고, 그 부서 기본경비는 얼마야?")
    assert "정보통신과" in text and "60,562" in text, text


def test_the_first_clause_keeps_its_own_table() -> None:
    from app.engine.parse import _ranked_clauses

    key = "세입총괄에서증감률이가장높은항목은뭐고,그세부내역중금액이가장큰건?"
    end, start, ranks = _ranked_clauses(key)
    assert key[:end].endswith("항목은") and key[start:].startswith("그세부내역") and ranks
    assert _ranked_clauses("예산제일많은부서는어디고,그부서기본경비는얼마야?")[2] is False
    assert _ranked_clauses("데이터센터정원은몇명이고현원은?") is None  # no ranking: one question of two figures


# ---- a two-step asks each measure named of the unit it finds ----

def test_a_unit_found_from_what_it_does_gets_each_measure_asked(ask) -> None:  # noqa: ANN001
    text = ask("공공와이파이 확대 담당하는 과 정원이랑 현원 알려줘")
    assert "정보통신과" in text and "27명" in text and "29명" in text, text


# ---- a shortfall and a minus are ranked most negative first; '과부족' itself is no shortfall ----

def test_the_largest_minus_is_the_most_negative(ask) -> None:  # noqa: ANN001
    text = ask("26년 인력표 과부족 마이너스 제일 큰 부서 어디야?")
    assert "데이터센터" in text and "△2" in text, text


def test_the_word_gwabujok_alone_ranks_the_largest_surplus(ask) -> None:  # noqa: ANN001
    text = ask("26년 과부족 제일 큰 부서?")
    assert "디지털정책과" in text and "+3" in text, text


def test_a_table_word_is_no_measure_when_another_is_named() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.parse import find_metrics

    assert [m for _, m in find_metrics("인력표에서과부족제일큰부서", lexicon())] == ["gap"]


# ---- an English word read with its inflection ----

def test_english_words_are_read_with_their_endings() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.normalize import translate_english

    ko = translate_english("How many smart poles were installed cumulatively for children?", lexicon())
    assert "누적" in ko and "설치" in ko and "어린이" in ko, ko
    assert re.search(r"\btopic\b", translate_english("What is the topic?", lexicon())), "a longer word stays whole"


# ---- a total asked of one kind of table where the question names two kinds ----

def test_the_kind_a_total_is_asked_of() -> None:
    from app.engine.execute import table_hints

    assert table_hints("2026년세입·세출예산현황상세입총계는?") == ["세입"]
    assert table_hints("세출합계랑세입합계") == ["세입", "세출"]  # a total of each: both kinds stay


def test_a_total_asked_as_a_sum_of_nothing_named_is_the_printed_total(ask) -> None:  # noqa: ANN001
    text = ask("2026 세출 합계는?")
    assert "188,462,187" in text, text


# ---- where the people of one job series are ----

def test_where_a_job_series_works_lists_each_unit_with_its_count(ask) -> None:  # noqa: ANN001
    text = ask("방송통신직 직원은 어느 과에 몇 명씩 있어?")
    assert "정보통신과 23명" in text and "정보보안과 14명" in text, text


# ---- how one thing changed between two years is a difference, not a lookup ----

def test_how_a_line_changed_between_two_years_is_computed(ask) -> None:  # noqa: ANN001
    text = ask("정보보안과 기본경비 2025년이랑 2026년 사이 변화는?")
    assert "63,770" in text and "63,108" in text and "662" in text, text


# ---- 'last year' read as of an earlier report when the newest says nothing of its year ----

def test_last_year_is_written_as_the_year_before_the_report() -> None:
    from app.engine.normalize import as_year

    assert as_year("서우리 작년에 몇 명 썼어?", 2025) == "서우리 2024년에 몇 명 썼어?"
    assert as_year("올해 몇 개 만들어?", 2025) == "2025년 몇 개 만들어?"
    assert as_year("작년이랑 올해 비교", 2025) is None  # two years asked: not one to move



# ---- a description that lists things with commas is not closed by its first comma ----

def test_a_comma_between_listed_things_does_not_end_the_description() -> None:
    from app.engine.described import split

    desc, rest = split("땅속에 묻힌 수도관, 가스관 같은 걸 입체로 보여주는 서비스 만드는 데 얼마 들어?")
    assert desc.endswith("서비스") and "가스관" in desc, desc
    assert rest.startswith("만드는 데"), rest


def test_what_making_something_costs_asks_its_budget() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.parse import find_metrics

    assert "budget" in [m for _, m in find_metrics("그거만드는데얼마들어?", lexicon())]
    assert "budget" in [m for _, m in find_metrics("유지관리비용은?", lexicon())]


# ---- an opening clause that says what the answer is for is not what is asked ----

def test_an_occasion_clause_before_the_question_is_dropped() -> None:
    from app.engine.pipeline import without_preamble

    assert without_preamble("행감 준비 관련해서, 정보통신과 집행률 알려줘") == "정보통신과 집행률 알려줘"
    assert without_preamble("의원님 질의용으로요, 공간정보과 현원은?") == "공간정보과 현원은?"
    # an audit's own item asked after a comma keeps its words
    assert without_preamble("행감에서 지적된 건, 어떻게 처리됐어?") == "행감에서 지적된 건, 어떻게 처리됐어?"


def test_a_figure_asked_for_an_audit_is_the_tables_figure(ask) -> None:  # noqa: ANN001
    text = ask("행감 준비 관련해서, 공간정보과 2026 예산현액이랑 집행률 알려주세요.")
    assert "10,709,252" in text and "21.2" in text, text
    assert "행정사무감사" not in text, text  # (was: the audit results quoted)


# ---- the unit that tops a job series ('… 제일 많은 데') ----

def test_the_place_with_most_of_a_job_series_is_a_unit(ask) -> None:  # noqa: ANN001
    text = ask("직종별 현원 기준으로 방송통신직 제일 많은 데가 어디야?")
    assert "정보통신과" in text and "23명" in text, text


# ---- a 정원 of a job series is printed nowhere: refused, not answered with its 현원 ----

def test_the_authorised_headcount_of_a_job_series_set_against_the_current_is_refused(ask) -> None:  # noqa: ANN001
    text = ask("공간정보과 지적직 정원은 몇 명이야? 현원 말고")
    assert text.startswith("문서에서 해당 정보를 찾을 수 없습니다") and "현원만 있습니다" in text, text
    assert "11명" not in text, text


# ---- words of asking that are no thing to look for ----

def test_how_many_glued_to_the_word_it_counts_is_read_apart(ask) -> None:  # noqa: ANN001
    text = ask("2025년1월직종별현원행정직몇명")
    assert "58명" in text, text


def test_how_it_stands_asked_formally_is_no_word_to_find(ask) -> None:  # noqa: ANN001
    text = ask("지능형 CCTV 고도화 집행률은 어떠한지요?")
    assert "100.0%" in text, text


def test_what_a_short_name_stands_for_is_its_definition(ask) -> None:  # noqa: ANN001
    text = ask("LiDAR는 뭐의 약자야?")
    assert "레이저 펄스" in text, text


# ---- one year's figure as two reports print it ----

def test_one_years_budget_as_each_report_prints_it(ask) -> None:  # noqa: ANN001
    text = ask("공간정보과 2025년 예산, 작년 업무보고랑 올해 업무보고에 나온 숫자 각각 얼마야?")
    assert "2025년 보고서" in text and "2026년 보고서" in text and "최종예산" in text, text
    assert "8,732,802" in text, text  # the 2026 report's 2025 최종예산


# ---- English: a figure and its change from the year before; a name's letters ask nothing ----

def test_an_english_figure_and_its_change_from_the_year_before(ask) -> None:  # noqa: ANN001
    text = ask("What is the Data Center's 2026 budget and how much did it change compared with 2025?")
    assert "61,426,877" in text and "8,726,105" in text and "16.6%" in text, text


def test_the_letters_of_a_name_ask_no_time(ask) -> None:  # noqa: ANN001
    # '세계스마트도시기구' holds '시기' (when): a body's name is no question of when
    text = ask("세계스마트도시기구 사무국 운영은 어느 과가 맡아?")
    assert "디지털정책과" in text, text


def test_an_english_adverb_has_a_reading_without_it() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.normalize import english_readings

    readings = english_readings("When was the new portal officially launched?", lexicon())
    assert any("출범" in r and "정식" not in r for r in readings), readings


# ---- a count of things asked after a clause naming who does it ----

def test_a_count_of_machines_after_a_clause_of_who_looks_after_them_is_no_question_of_who(ask) -> None:  # noqa: ANN001
    text = ask("공공와이파이 고장 나면 출동하는 팀이 맡고 있는 기계가 몇 대야?")
    assert "담당 팀은" not in text, text  # (was: the team answered for the count)
