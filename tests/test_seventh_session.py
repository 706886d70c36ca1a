"""Follow-ups of the seventh session: a share of two earlier figures named by the part ('현원 비율은?'), a printed
rate asked after two units' budgets (never one budget over the other), and the bureau as a whole named in a
follow-up ('국 전체는?'). Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.vocab import vocabulary
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_share_named_by_its_part_puts_that_figure_over_the_other(idx) -> None:  # noqa: ANN001
    a = answer("현원 비율은 몇 %야?", index=idx, history=["2026년 정보시스템과 정원 몇 명?", "현원은?"])
    # 정원 39명, 현원 40명: the part named is 현원, so 40 ÷ 39 (not 39 ÷ 40 = 97.5%)
    assert "102.6%" in a.text and "40 ÷ 39" in a.text, a.text


def test_a_printed_rate_after_two_budgets_is_the_last_units_rate(idx) -> None:  # noqa: ANN001
    a = answer("집행률은 몇 %야?", index=idx, history=["2026년 정보통신과 예산현액 얼마?", "공간정보과는?"])
    # not 공간정보과's budget as a share of 정보통신과's (24.7%): the rate the report prints for 공간정보과
    assert "24.7%" not in a.text and "공간정보과" in a.text and "21.2%" in a.text, a.text


def test_the_bureau_as_a_whole_after_a_division(idx) -> None:  # noqa: ANN001
    a = answer("국 전체는?", index=idx, history=["2026년 정보시스템과 정원 몇 명?"])
    assert "274명" in a.text and "디지털도시국" in a.text, a.text


def test_a_question_naming_the_bureau_after_a_definition_stands_alone(idx) -> None:  # noqa: ANN001
    a = answer("근데 2026년 국 전체 현원은 몇 명이야?", index=idx, history=["용어설명에 클라우드가 뭐야?"])
    assert "이해했습니다" not in a.text and "명[" in a.text, a.text


def test_two_parts_share_of_their_sum_shows_the_sum(idx) -> None:  # noqa: ANN001
    a = answer("비중은 몇 퍼센트야?", index=idx, history=["2026년 정보시스템과 예산현액 얼마?", "공간정보과는?"])
    # one of two units' budgets as a share of the two together, the sum shown (never one over the other)
    assert "의 합" in a.text and "÷" in a.text and "+" in a.text, a.text


def test_a_share_under_a_named_unit_is_of_that_unit_not_its_account_row(idx) -> None:  # noqa: ANN001
    a = answer("2026년 정보통신과 중 지능형 CCTV 고도화 예산현액 비중은?", index=idx)
    # the whole is 정보통신과 (43,298,294천원), not its 일반회계 row
    assert "43,298,294" in a.text, a.text


# --- who runs a line ---------------------------------------------------------------------------------


def test_the_unit_of_a_line_named_with_its_heading_row(idx) -> None:  # noqa: ANN001
    a = answer("국고보조금 중에 디지털배움터 운영은 어느 과 소관이야?", index=idx)
    assert "디지털정책과" in a.text and "담당 부서는 [" not in a.text, a.text


def test_a_revenue_line_is_owned_by_the_unit_that_spends_it(idx) -> None:  # noqa: ANN001
    from app.engine.execute import _spent_as
    from app.engine.tables import tables_of

    tabs = tables_of(idx.data)
    got = _spent_as("디지털배움터 운영", tabs, 2026, None)
    assert got is not None and got.notes[0] == "디지털정책과"
    assert _spent_as("과징금", tabs, 2026, None) is None  # no word of four letters that names a spending line


# --- everyday words read in the reports' words ---------------------------------------------------------


def test_a_refused_question_in_everyday_words_is_read_in_the_reports_words(idx) -> None:  # noqa: ANN001
    a = answer("싱크홀 잡아내는 사업 예산 얼마야?", index=idx)
    # '싱크홀' is never printed: read as 지반침하, and the answer says how it was read
    assert "1,480,245" in a.text and "지반침하" in a.text and "이해했습니다" in a.text, a.text


def test_the_thesaurus_maps_only_unprinted_words_to_printed_terms(idx) -> None:  # noqa: ANN001
    from app.engine.lexicon import thesaurus

    v = vocabulary(idx.data)
    words = thesaurus()
    assert len(words) > 500
    printed = [k for k in words if v.in_corpus(k)]
    assert len(printed) < len(words) * 0.05, printed[:20]  # everyday keys; the reader skips any the reports print
    assert all(v.in_corpus(t) or v.in_corpus(t.replace(" ", "")) for t in list(words.values())[:200])


def test_a_replaced_word_takes_the_particle_it_needs() -> None:
    from app.engine.normalize import everyday_text

    assert everyday_text("방범카메라를 몇 대", {"방범카메라": "CCTV"}, lambda p: False)[0] == "CCTV를 몇 대"
    assert everyday_text("수도관이랑 가스관", {"수도관": "상수도"}, lambda p: False)[0] == "상수도랑 가스관"
    assert everyday_text("노인은 몇 명", {"노인": "장노년층"}, lambda p: False)[0] == "장노년층은 몇 명"


def test_a_malformed_thesaurus_fails_with_a_clear_message(tmp_path) -> None:  # noqa: ANN001
    from app.engine.lexicon import LexiconError, thesaurus

    bad = tmp_path / "thesaurus.json"
    bad.write_text('{"words": ["방범카메라"]}', encoding="utf-8")
    with pytest.raises(LexiconError, match="words"):
        thesaurus.__wrapped__(bad)


# --- a row named under another, and counts quoted from a table row ------------------------------------


def test_a_row_printed_twice_is_read_under_the_row_named_above_it(idx) -> None:  # noqa: ANN001
    from app.engine.execute import lookup_one
    from app.engine.tables import tables_of

    tabs = tables_of(idx.data)
    # '디지털배움터 운영' is a revenue line under two headings (자치단체간부담금 and 균특 보조금)
    under_grants = lookup_one(tabs, "budget", 2026, row="디지털배움터 운영", report_year=2026, within=["보조금"])
    under_shares = lookup_one(tabs, "budget", 2026, row="디지털배움터 운영", report_year=2026,
                              within=["자치단체간부담금"])
    assert under_grants is not None and under_grants.value == 3256000
    assert under_shares is not None and under_shares.value == 340000


def test_a_count_is_read_from_the_quoted_row_the_question_names() -> None:
    from types import SimpleNamespace as NS

    from app.engine.results import _turn_figures

    cites = [NS(n=1, quote="- 정비사업 12개 추진 중 ※5개 구"), NS(n=2, quote="구 분\t개수\t비고"),
             NS(n=3, quote="가로 정비\t7\t-"), NS(n=4, quote="공원 정비\t9\t-")]
    turn = NS(text="공원 정비 분야 사업 몇 개야?", said="…", quoted=True, citations=cites, cited=[], items=[])
    got = _turn_figures(turn)
    # the row the question names, under its header's 개수 column (not '12개' or '5개' of the first line)
    assert [(x.raw, x.marker) for x in got] == [("9개", 4)]


def test_both_after_two_turns_never_sums_two_figures_of_the_last_quote(idx) -> None:  # noqa: ANN001
    a = answer("둘이 합치면?", index=idx, history=["2025년 AI 매력서비스 분야 사업 몇 개야?", "AI 업무방식 혁신은?"])
    # the last answer quoted '45개 사업 추진 중 ※23개 실국': '둘' is one figure of each turn, never 45 + 23
    assert "68" not in a.text, a.text


# --- a time of day and how often ---------------------------------------------------------------------------


def test_a_time_of_day_is_answered_by_a_clock_time_not_a_date(idx) -> None:  # noqa: ANN001
    from app.analyze import analyze
    from app.compose import satisfies
    from app.vocab import vocab_for

    v = vocab_for(idx.data)
    assert analyze("상담센터 운영 시간대가 어떻게 돼?", v).wants == "clock"
    assert analyze("교육은 몇 시부터 해?", v).wants == "clock"
    assert analyze("점검은 하루에 몇 번 해?", v).wants == "frequency"
    assert satisfies("clock", "평일 오전(09:00~12:00) 운영") and not satisfies("clock", "2026. 4. 13. ~ 7. 31.")


def test_how_often_a_day_is_read_from_the_line_with_the_count(idx) -> None:  # noqa: ANN001
    a = answer("디지털동행 파트너는 하루에 몇 번 활동해?", index=idx)
    assert "2회" in a.text, a.text


# --- 'what is that?' after a question that named a glossary term ------------------------------------------


def test_what_is_that_after_a_glossary_term_defines_the_term(idx) -> None:  # noqa: ANN001
    a = answer("그게 뭐야?", index=idx, history=["클라우드로 옮긴다던데"])
    assert "클라우드란 무엇인가?" in a.text and "가상" in a.text, a.text


def test_a_question_of_its_own_words_after_a_term_is_not_a_definition(idx) -> None:  # noqa: ANN001
    a = answer("그거 예산은 몇 개 사업에 나눠져 있어?", index=idx, history=["클라우드로 옮긴다던데"])
    assert "란 무엇인가" not in a.text, a.text


def test_adding_up_after_asking_for_each_of_two_readings() -> None:
    from types import SimpleNamespace as NS

    from app.engine.results import compute

    said = ("2026년 세외수입 주차 수입의 2026 예산현액은 120,000천원[1]입니다 (2026. 3. 31. 기준).\n"
            "다른 항목: 보조금 주차 수입 80,000천원[2]. 원하는 항목(부서)을 지정해 주세요.")
    cites = [NS(doc="d", line_start=1, row_path=(), column="", value="120,000"),
             NS(doc="d", line_start=2, row_path=(), column="", value="80,000")]
    frame = NS(units=[], rows=["주차 수입"], parts=[], projects=[], metrics=["budget"])
    turn = NS(question="주차 수입이 두 군데 있던데 각각 얼마야?", text="", said=said, quoted=False, items=[],
              frame=frame, citations=cites, cited=[])
    got = compute("sum", "합하면?", [turn])
    # the question asked for each of two readings: '합하면?' adds the one answered and the other listed
    assert got is not None and "200,000천원" in got[0], got


# --- the rows a table's header names, counted and listed ---------------------------------------------------


def test_the_rows_a_header_names_are_counted_with_a_condition_on_the_tables_column(idx) -> None:  # noqa: ANN001
    a = answer("2025년 AI 행정서비스 분야 중 개수가 12개 미만인 분야는 몇 개?", index=idx)
    # 10, 11 and 8 are under 12; 16 is not
    assert "분야는 3개" in a.text and "16개" not in a.text, a.text


def test_the_rows_a_header_names_are_listed(idx) -> None:  # noqa: ANN001
    a = answer("2025년 AI 행정서비스 분야는 뭐뭐야?", index=idx)
    assert "분야는 4개" in a.text and "AI 업무방식 혁신 8개" in a.text, a.text


# --- sums over a row's year columns, and one thing in two years --------------------------------------------


def test_two_named_years_of_a_cost_by_year_row_are_summed(idx) -> None:  # noqa: ANN001
    a = answer("차세대 디지털 아카이브 사업비 2025년이랑 2027년 합치면?", index=idx)
    assert "2,705" in a.text and "200 + 2,505" in a.text and "2025년·2027년" in a.text, a.text


def test_a_span_of_years_asked_as_a_follow_up_keeps_every_year(idx) -> None:  # noqa: ANN001
    a = answer("2026년부터 2028년까지 다 합치면?", index=idx,
               history=["차세대 디지털 아카이브 연도별 사업비 보여줘"])
    assert "6,946" in a.text and "868 + 2,505 + 3,573" in a.text, a.text


def test_one_thing_summed_over_two_years_names_both_figures(idx) -> None:  # noqa: ANN001
    a = answer("2025년이랑 합치면?", index=idx, history=["정보시스템과 26년 정원 몇 명?"])
    # each year's figure is shown before the total (the sentence opened with '를 합치면' and no figure)
    assert not a.text.split("이해했습니다. ")[-1].startswith("를") and "2025년" in a.text and "명[" in a.text, a.text


def test_a_persons_name_asked_is_not_answered_with_a_unit(idx) -> None:  # noqa: ANN001
    a = answer("디지털동행 파트너 담당 과장 이름이 뭐야?", index=idx)
    # the reports print the unit that runs it, not who its 과장 is: a unit is not the name asked
    assert a.abstained, a.text
    assert "디지털정책과" in answer("디지털동행 파트너 담당 과는?", index=idx).text


def test_a_year_no_report_covers_is_read_as_a_record_of_the_report_asked_before(idx) -> None:  # noqa: ANN001
    a = answer("2024년 실적은?", index=idx, history=["25년 업무보고에 CCTV 올해 신설 계획 몇 대야?"])
    # there is no 2024 report: the 2025 report's '24 record (3,096대), not a '2024년 보고서'
    assert "2024년 보고서" not in a.text and "3,096대" in a.text, a.text


def test_a_figure_asked_of_a_projects_record_is_not_answered_with_the_whole_account(idx) -> None:  # noqa: ANN001
    a = answer("AI 기반 지능형 CCTV 도시통합 안전망 구축 사업 2024년 추진실적 중 지능형 전환은 몇 대였나요?", index=idx)
    # the 2024 record line (5,478대), not the account block that quotes the 2025 plan (17,200대)
    assert "5,478대" in a.text and "추진내용입니다" not in a.text, a.text


def test_a_pronoun_with_a_measure_reads_the_row_the_last_answer_read(idx) -> None:  # noqa: ANN001
    from app.engine.conversation import Turn, merge
    from app.engine.parse import parse

    v = vocabulary(idx.data)
    # the last question named its subject in words the index does not link; its answer read one row
    prev = Turn("올해 그 재단 돈 얼마야?", parse("올해 그 재단 돈 얼마야?", v), "올해 그 재단 돈 얼마야?")
    prev.focus_things = ["서울AI재단 출연"]
    assert merge(parse("걔네 출연금 지출액은?", v), prev, None, v).rows == ["서울AI재단 출연"]
    # a question of no measure ('거기 누리집은 언제 열어?') keeps its own words, not the budget row
    assert merge(parse("걔네 누리집은 언제 열어?", v), prev, None, v).rows == []


def test_a_count_of_one_things_action_is_not_read_from_another_things_line(idx) -> None:  # noqa: ANN001
    # 2026: CCTV 신설 1,880대 and 공공와이파이 450대 교체 are printed; no line counts a 공공와이파이 신설
    assert answer("2026년 공공와이파이 신설은 몇 대 해?", index=idx).abstained
    wifi = answer("2026년 공공와이파이 교체는 몇 대야?", index=idx)
    assert "450대" in wifi.text, wifi.text
    cctv = answer("2026년 CCTV 교체는 몇 대야?", index=idx)
    assert "3,313대" in cctv.text, cctv.text


# --- read from conv15 after its two runs: change words, a term named in a follow-up, rankings after a quote ---


def test_changed_asks_the_change(idx) -> None:  # noqa: ANN001
    a = answer("공간정보과 26년 예산 전년보다 얼마나 바뀌었어?", index=idx)
    assert "대비" in a.text and "계산" in a.text, a.text


def test_a_follow_up_naming_a_glossary_term_defines_it(idx) -> None:  # noqa: ANN001
    a = answer("그거 클라우드가 정확히 뭐임?", index=idx, history=["2025년 정보자원 통합구축 사업 뭐 하는 거야?"])
    assert "클라우드란 무엇인가?" in a.text, a.text


def test_a_ranking_among_a_quoted_budget_is_not_a_ranking_of_every_project(idx) -> None:  # noqa: ANN001
    a = answer("그중에 제일 큰 건 뭐야?", index=idx, history=["26년 재해복구시스템 확대 사업예산 내역 알려줘"])
    # the last answer quoted one project's budget; the tables' largest project is another thing's figure
    assert "가장 많은 사업은" not in a.text, a.text
