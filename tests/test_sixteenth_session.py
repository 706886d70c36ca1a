"""The sixteenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

from app.types import ABSTAIN_TEXT


def _ask(idx, question: str) -> str:  # noqa: ANN001
    from app.answer import answer

    return answer(question, index=idx).text


# ---- a figure for the wrong thing becomes a refusal ----

def test_headcount_of_a_unit_below_a_department_is_not_the_departments_row(corpus_idx) -> None:  # noqa: ANN001
    # the 과 of a 사업소 has no headcount of its own in the reports: the department row's figures are not its answer
    assert _ask(corpus_idx, "데이터센터 인터넷통신과 정원 몇 명이야?").startswith(ABSTAIN_TEXT)
    assert "67명" in _ask(corpus_idx, "데이터센터 정원 몇 명이야?")  # the department's own figure still answers


def test_budget_of_one_part_of_a_project_is_not_the_projects_whole_budget(corpus_idx) -> None:  # noqa: ANN001
    assert _ask(corpus_idx, "CCTV 신설 1,880대 하는 데 드는 예산은?").startswith(ABSTAIN_TEXT)
    assert "17,963" in _ask(corpus_idx, "스마트 초고속 정보통신 인프라 확충 사업예산은?")


def test_a_district_asked_is_answered_only_by_a_line_that_names_one(corpus_idx) -> None:  # noqa: ANN001
    from app.answer import _place_not_named
    from app.compose import Composed
    from app.types import Citation

    def said(quote: str) -> Composed:
        return Composed(text=quote, citations=[Citation(n=1, doc="d", section="s", line_start=1, line_end=1,
                                                        quote=quote)], kind="extractive")

    assert _place_not_named("보조금 받은 곳이 어느 구야?", said("- 보조금 교부 완료 : 5개區")) == "district"
    assert _place_not_named("보조금 받은 곳이 어느 구야?", said("- 서남(영등포), 서북(은평)센터 운영")) is None
    assert _place_not_named("어느 구역을 관리해?", said("- 광케이블 관리")) is None  # a 구역 is no district
    assert _ask(corpus_idx, "보조금 교부된 5개 자치구가 어느 구야?").startswith(ABSTAIN_TEXT)


# ---- yes/no on whether a budget is set aside ----

def test_a_claimed_budget_of_an_unfunded_project_is_answered_no(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "디지털동행 파트너 운영에 예산 편성된 거 맞아?")
    assert text.startswith("아니요") and "비예산" in text
    assert _ask(corpus_idx, "스마트 초고속 정보통신 인프라 확충 사업에 돈 들어가는 거 맞지?").startswith("네")


# ---- a project named by a name only its title prints ----

def test_a_name_only_one_title_prints_links_its_project_however_long_the_title(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.link import find_projects
    from app.engine.vocab import vocabulary

    vocab = vocabulary(corpus_idx.data)
    found = find_projects("스마트서울맵예산얼마야", vocab)
    assert found and found[0].score >= 0.45 and "스마트서울맵" in found[0].entries[0].key
    assert "비예산" in _ask(corpus_idx, "스마트서울맵 사업예산 얼마야?")
    assert "150백만원" in _ask(corpus_idx, "AI페스타예산얼마")  # the name ends where a measure's word begins


# ---- one row printed in two tables ----

def test_one_rows_figures_in_two_tables_named_by_their_titles_are_compared(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "공유재산임대료 세입총괄이랑 세입예산 세부내역 금액 같아?")
    assert text.startswith("네") and text.count("7,970,130") >= 2
    text = _ask(corpus_idx, "주차요금수입 세입총괄이랑 세부내역 얼마나 차이 나?")
    assert "12,009" in text and "404,751" in text and "392,742" in text


# ---- a unit found from what it does, then an operation over its figures ----

def test_a_unit_described_by_its_work_then_asked_an_operation_gets_the_operation(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "기록물 보존처리하고 복원하는 그 기관, 정원 대비 현원 비율은?")
    assert "서울기록원" in text and "95.8%" in text  # 23 ÷ 24, not the 현원 alone
    text = _ask(corpus_idx, "기록물 보존처리하고 복원하는 그 기관, 현원 몇 명이야?")  # '그 기관,' closes the clause
    assert "서울기록원" in text and "23명" in text


# ---- a sum of one unit's budget lines, less those left out ----

def test_a_units_budget_lines_are_summed_without_the_line_left_out(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "2026년 서울기록원 기본경비 빼고 세부사업 예산현액 다 더하면?")
    assert "6,061,332" in text and "기본경비 제외" in text  # 6,152,772 − 91,440: the four projects only
    assert "91,440" not in text


def test_a_count_of_things_added_is_no_claim_about_their_sum() -> None:
    from app.engine.parse import parse
    from app.engine.vocab import Vocabulary

    f = parse("서울기록원 사업 3개 예산 다 더하면?", Vocabulary())
    assert f.op == "sum"  # '3개' says how many are added; a yes/no needs a claim about the amount
    assert parse("서울기록원 사업 예산 다 더하면 50억 넘지?", Vocabulary()).op == "verify"


def test_an_opening_phrase_that_only_says_what_the_answer_is_for_is_left_out(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.pipeline import without_preamble

    assert without_preamble("감사 자료 준비용으로 공간정보과 정원 알려줘") == "공간정보과 정원 알려줘"
    assert without_preamble("교육용으로 쓰는 PC 몇 대야?") == "교육용으로 쓰는 PC 몇 대야?"  # no preamble cue
    assert "26명" in _ask(corpus_idx, "감사 자료 준비용으로 공간정보과 정원 알려줘")


def test_a_verdicts_evidence_prints_a_large_figure_in_full() -> None:
    from app.engine.claims import plain_number

    assert plain_number(5464532.0) == "5,464,532" and plain_number(48.7) == "48.7"  # never '5.46453e+06'


# ---- two projects named together ----

def test_the_smaller_of_two_projects_named_together_is_chosen_by_their_budgets(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "서울 AI 페스타랑 스마트라이프워크 중 소요예산 적은 쪽은?")
    assert text.index("150백만원") < text.index("4,419백만원") and "4,269" in text  # 'cheaper' asked, without '더'
    assert "2025년" in text  # the year of the report that prints both budgets


def test_a_word_of_a_name_is_no_word_of_order(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.parse import parse
    from app.engine.vocab import vocabulary

    f = parse("스마트라이프워크랑 AI 페스타 중 소요예산 적은 건?", vocabulary(corpus_idx.data))
    assert f.op == "rank" and f.order == "asc"  # ('워크' holds the '크' of 크다: a name, not a word of order)


# ---- English: hyphenated words and lengths ----

def test_an_english_hyphenated_name_and_a_count_of_kilometres_are_read() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.normalize import translate_english

    ko = translate_english("How many kilometres of fibre-optic cable get a safety check?", lexicon())
    assert "광케이블" in ko and "몇 km" in ko


# ---- a budget line described in everyday words, then a measure asked by a verb ----

def test_the_measure_asked_after_a_described_row_is_kept_and_the_descriptions_words_ask_none(corpus_idx) -> None:  # noqa: ANN001,E501
    from app.engine import understand
    from app.engine.described import described_row

    q = "공무원 봉급 처리해 주는 전산 시스템 돌리는 데 드는 돈, 26년에 지출된 금액은?"
    found = described_row(q, corpus_idx, understand(q, corpus_idx.data, [], None).frame)
    assert found is not None and found.label == "급여관리시스템 운영"
    # the measure a verb says (지출된) is kept: named (지출액) or as said, with the word it is said of ('지출된 금액')
    assert "지출액" in found.question or "지출된 금액" in found.question
    text = _ask(corpus_idx, q)
    assert "80,635" in text  # 지출액, not the 현원 that '공무원' would ask, nor the budget alone


# ---- rankings: a shortfall ranked as the first of two steps; the one after a named unit ----

def test_a_shortfall_ranked_first_is_the_most_negative_gap_then_the_second_step(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "2025년 보고서에서 정원 대비 인원이 제일 많이 부족했던 부서가 어디고, 그 부서 2026년 현원은 몇 명이야?")
    assert "서울기록원" in text and "△3" in text and "23명" in text  # not the largest 정원 (데이터센터)


def test_the_unit_right_after_a_named_one_in_a_ranking(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "2026년 현원 기준으로 데이터센터 다음으로 많은 부서는?")
    assert "정보시스템과" in text and "40명" in text and "다음으로" in text


def test_two_rates_of_one_unit_differ_in_percentage_points(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "정보보안과 원인행위 집행률과 지출액 집행률의 차이는?")
    assert "40.9%p" in text and "48.7" in text and "7.8" in text


def test_a_remainder_said_as_not_yet_booked_is_the_budget_less_the_commitments(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "데이터전략과 예산현액 중에 원인행위 아직 안 잡힌 돈 얼마 남았어?")
    assert "원인행위되지 않았습니다" in text


def test_a_shortfall_ranking_then_a_measure_named_in_the_ranking_too(corpus_idx) -> None:  # noqa: ANN001
    # 정원 is named in both clauses: the second clause's 정원 is the unit's own figure, asked after the ranking
    text = _ask(corpus_idx, "2025년 보고서 기준 정원 대비 현원이 가장 많이 부족했던 부서가 어디고, 그 부서 2026년 정원은?")
    assert "서울기록원" in text and "24명" in text and "가장 많이 부족한" in text


# ---- a year or a ranking the quoted lines do not give ----

def test_a_projects_budget_bullet_answers_only_the_year_of_its_report(corpus_idx) -> None:  # noqa: ANN001
    assert _ask(corpus_idx, "2026년 전통시장 입체주소 구축 사업예산은 얼마야?").startswith(ABSTAIN_TEXT)  # 2025's only
    assert "900백만원" in _ask(corpus_idx, "2025년 전통시장 입체주소 구축 사업예산은 얼마야?")


def test_a_ranking_asked_of_lines_that_rank_nothing_is_refused(corpus_idx) -> None:  # noqa: ANN001
    assert _ask(corpus_idx, "서울AI챗 모델 중에 제일 많이 쓴 모델이 뭐야?").startswith(ABSTAIN_TEXT)


# ---- one thing in two years, each year's line read on its own ----

def test_a_record_and_a_plan_of_two_years_are_each_read_and_compared(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "CCTV 교체 대수는 2024년 실적에 비해 2025년 계획이 얼마나 달라?")
    assert "4,039" in text and "3,333" in text and "706" in text  # not 신설 vs 교체 of the 2024 line


def test_of_two_years_takes_the_figure_labelled_by_the_thing() -> None:
    from app.engine.quoted import of_two_years
    from app.types import Citation

    def cite(n: int, quote: str) -> Citation:
        return Citation(n=n, doc="d", section="s", line_start=n, line_end=n, quote=quote)

    line = of_two_years("CCTV 교체", [(2024, [cite(1, " - CCTV 신설 3,096대, 교체 4,039대")]),
                                      (2025, [cite(2, " - CCTV 신설(1,796대)·교체(3,333대)")])])
    assert line is not None and "4,039대[1]" in line and "3,333대[2]" in line and "706" in line
    assert of_two_years("CCTV 철거", [(2024, [cite(1, "신설 3대")]), (2025, [cite(2, "신설 4대")])]) is None


# ---- read from blind33/34's failures (after their end runs) ----

def test_a_yes_no_on_two_measures_holds_only_when_each_figure_does(corpus_idx) -> None:  # noqa: ANN001
    assert _ask(corpus_idx, "데이터전략과 정원 30명에 현원 31명 맞지?").startswith("네")
    text = _ask(corpus_idx, "데이터전략과 정원 30명에 현원 35명 맞지?")
    assert text.startswith("아니요") and "31명" in text  # (the 정원 holds; the 현원 does not)


def test_how_many_in_any_counter_is_not_answered_with_an_amount(corpus_idx) -> None:  # noqa: ANN001
    assert _ask(corpus_idx, "에스플렉스센터 부설주차장 주차 칸은 몇 칸이야?").startswith(ABSTAIN_TEXT)


def test_a_district_asked_as_which_district_is_it(corpus_idx) -> None:  # noqa: ANN001
    assert _ask(corpus_idx, "지능형 CCTV 시범 사업 대상 자치구는 어디야?").startswith(ABSTAIN_TEXT)


def test_a_team_no_report_names_is_neither_its_units_figure_nor_another_team(corpus_idx) -> None:  # noqa: ANN001
    assert _ask(corpus_idx, "공간정보과 드론팀은 무슨 일 해?").startswith(ABSTAIN_TEXT)
    assert "4팀" in _ask(corpus_idx, "공간정보과 팀 몇 개야?")


def test_two_reports_compared_by_a_change_word_are_each_reports_own_figure(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "데이터전략과 예산현액, 25년 보고서랑 26년 보고서 비교하면 늘었어 줄었어?")
    assert "13,983,195" in text and "11,777,671" in text and "2,205,524" in text


def test_a_described_project_must_print_a_term_the_description_stands_for(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.described import _misses_the_terms_meant
    from tests.conftest import DOC_2025

    cctv = (DOC_2025, "III. 주요 추진 업무 > 2. 재난·위기에 강한 디지털 안전 도시 조성 > 2-1. AI 기반 지능형 CCTV로 도시통합 안전망 구축")
    # '인공위성 사진' stands for 위성영상 (the thesaurus): the CCTV safety-net passage prints no such word
    assert _misses_the_terms_meant(corpus_idx, "인공위성 사진으로 땅 꺼지는 거 보는 시스템", cctv)
    # '방범카메라' stands for CCTV, which that passage prints
    assert not _misses_the_terms_meant(corpus_idx, "동네 방범카메라 똑똑하게 바꾸는 사업", cctv)
