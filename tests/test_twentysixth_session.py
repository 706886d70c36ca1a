"""The twenty-sixth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

from collections import Counter

RECOVERY = ("seoul-digital-city-bureau-2026-04-current-issues.txt", "3. 주요 현안업무 > 3.9. 디지털 재난 대비 재해복구시스템 확대")
RESOURCES = ("seoul-digital-city-bureau-2025-02-work-report.txt",
             "III. 주요 추진 업무 > 3. 누구나 누리는 디지털 일상 도시 구현 > 3-3. 정보자원의 통합구축 및 안정적 운영")


class _Data:
    def __init__(self, data: object) -> None:
        self.data = data


# ---- a described thing: the vote's winner yields to a runner-up whose line prints the thing itself ----

def test_a_vote_winner_that_prints_only_the_field_yields_to_the_line_of_the_thing() -> None:
    from app.engine.described import _outvoted_by_line
    from tests.test_answer import corpus_index

    idx = _Data(corpus_index().data)
    votes = Counter({RESOURCES: 4, RECOVERY: 2})
    # '서울시 대표누리집 재해복구 구축' prints 서울시, 대표, 누리집 (홈페이지), 복구 (되살리다); the other project's
    # lines print no more than 재난 of it
    found = _outvoted_by_line(idx, "서울시 대표 홈페이지를 재난 때 되살려 두는 작업", votes, RESOURCES)
    assert found == RECOVERY, found


def test_a_vote_winner_whose_lines_hold_their_own_stands() -> None:
    from app.engine.described import _outvoted_by_line
    from tests.test_answer import corpus_index

    idx = _Data(corpus_index().data)
    votes = Counter({RESOURCES: 4, RECOVERY: 2})
    assert _outvoted_by_line(idx, "서버랑 스토리지 같은 정보자원 노후장비 교체하는 작업", votes, RESOURCES) is None


def test_a_device_that_stops_something_is_the_thing_described() -> None:
    from app.engine.described import split

    parts = split("공공시설 예약에서 매크로 돌리는 사람을 걸러내는 장치 도입 비용은?")
    assert parts == ("공공시설 예약에서 매크로 돌리는 사람을 걸러내는 장치", "도입 비용은?"), parts


# ---- which unit does the work described ----

def test_the_unit_of_work_described_in_everyday_words_is_cited_at_its_duties(corpus_idx) -> None:  # noqa: ANN001
    from app.answer import _unit_of_work_described
    from app.engine import understand

    q = "하늘에서 내려다 찍은 사진을 판독해서 현황도 만드는 일은 어느 부서 몫이야?"
    found = _unit_of_work_described(q, understand(q, corpus_idx.data, [], None), corpus_idx)
    assert found is not None, found
    text, cites = found[1].text, found[1].citations
    assert text == "공간정보과[1] 소관입니다." and "항공사진 판독" in cites[0].quote, (text, cites)
    # a unit named, or no unit asked: not this reading
    for other in ("공간정보과 항공사진 판독 업무는 어느 팀이 해?", "하늘에서 내려다 찍은 사진을 판독하는 예산 얼마야?"):
        assert _unit_of_work_described(other, understand(other, corpus_idx.data, [], None), corpus_idx) is None


def test_a_unit_asked_by_what_it_does_is_not_answered_with_a_budget_cell(ask) -> None:  # noqa: ANN001
    text = ask("지반변화 감지하는 부서는?")
    assert "공간정보과" in text and "천원" not in text and "예산" not in text, text


# ---- English: a score asked is a figure in points ----

def test_an_english_score_is_answered_only_by_a_line_that_prints_points(ask) -> None:  # noqa: ANN001
    assert "95.3점" in ask("What satisfaction score did the 디지털동행플라자 get?")
    # a line that only says satisfaction is to improve prints no score: refused, not quoted
    assert ask("What satisfaction score did 서울톡 users give?").startswith("문서에서")


# ---- a glossary term named by what it does ----

def test_a_term_described_in_everyday_words_is_named_from_the_glossary(ask) -> None:  # noqa: ANN001
    text = ask("가상공간에 현실이랑 똑같은 쌍둥이를 만들어 미리 시뮬레이션 해보는 기술을 뭐라고 해?")
    assert "'디지털 트윈'입니다" in text and "[1]" in text, text


def test_a_term_named_is_not_looked_for_by_its_description(corpus_idx) -> None:  # noqa: ANN001
    from app.answer import _term_named_by_description
    from app.engine import understand

    q = "디지털 트윈을 영어 약자로 뭐라고 해?"
    assert _term_named_by_description(q, understand(q, corpus_idx.data, [], None), corpus_idx) is None
    vague = "그 기술 이름이 뭐야?"  # too few words to tell one entry from another
    assert _term_named_by_description(vague, understand(vague, corpus_idx.data, [], None), corpus_idx) is None


# ---- headcounts: every figure of a sentence is of one year ----

def test_a_shortfall_the_newest_report_does_not_print_is_computed_not_taken_from_another_year(ask) -> None:  # noqa: ANN001
    text = ask("데이터센터 정원이랑 현원, 과부족까지 알려줘")
    # the 2026 report prints 정원 67 and 현원 65 but no 과부족 column; the 2025 report's +2 is not 2026's
    assert "2026년" in text and "과부족은 △2명" in text and "+2" not in text, text


# ---- a remainder of what is committed ----

def test_what_is_committed_but_not_yet_paid_is_the_commitment_less_the_payments(ask) -> None:  # noqa: ANN001
    text = ask("정보보안과 계약은 다 걸었는데 아직 지출 안 된 돈 얼마야?")
    assert "원인행위액 4,931,577천원" in text and "4,138,976" in text, text


# ---- a unit found by the budget line it holds ----

def test_the_unit_that_holds_a_named_budget_line_then_its_figure(ask) -> None:  # noqa: ANN001
    text = ask("서울AI재단 출연 예산 갖고 있는 과 정원은?")
    assert "디지털정책과" in text and "34명" in text, text


# ---- English: an execution rate based on expenditure ----

def test_an_expenditure_based_rate_in_english_is_the_spending_rate(ask) -> None:  # noqa: ANN001
    text = ask("What is the expenditure-based execution rate of the whole bureau in 2026?")
    assert "22.5%" in text and "46.5%" not in text, text


# ---- people narrowed by sex or age: a breakdown the reports never print ----

def test_a_headcount_of_women_or_men_is_refused_not_answered_with_the_whole(ask) -> None:  # noqa: ANN001
    assert ask("데이터센터 남직원 몇 명이야?").startswith("문서에서")
    assert ask("정보통신과 여직원 수 알려줘").startswith("문서에서")


def test_a_word_that_only_contains_such_letters_is_not_a_qualifier() -> None:
    from app.analyze import person_qualifiers_in

    assert person_qualifiers_in("디지털동행 파트너 참여자 수는?") == []
    assert person_qualifiers_in("정보통신과 여직원 수") == ["여직원"]


# ---- yes/no claims ----

def test_a_count_claimed_of_the_subject_is_checked_against_the_subjects_count(ask) -> None:  # noqa: ANN001
    text = ask("AI 행정서비스 시정 적용 사업이 40개 추진 중이라던데 맞나요?")
    assert text.startswith("아니요") and "45개" in text, text


def test_a_distance_claimed_is_a_figure_with_its_unit(ask) -> None:  # noqa: ANN001
    assert ask("용어설명상 와이파이 기업용 접속범위 100미터 맞아?").startswith("네")


def test_a_bound_claimed_is_checked_as_a_bound_not_as_the_figure(ask) -> None:  # noqa: ANN001
    # 43.5% is below half: '절반도 안 된다' and '50% 미만' are true, though 43.5% is not 50%
    assert ask("데이터센터 원인행위 집행률이 절반도 안 된다던데 진짜야?").startswith("네")
    assert ask("데이터센터 원인행위 집행률이 50% 미만이라던데 맞아?").startswith("네")
    assert ask("데이터센터 원인행위 집행률이 60% 넘는다던데 맞아?").startswith("아니요")


# ---- sums and changes ----

def test_a_sum_asked_as_hapsan_adds_the_two_quoted_figures(ask) -> None:  # noqa: ANN001
    text = ask("서울시민카드랑 서울지갑 회원수 합산하면 몇 명이야?")
    assert "46만명" in text, text


def test_a_change_and_a_rate_asked_in_two_clauses_are_both_answered(ask) -> None:  # noqa: ANN001
    text = ask("정보보안과 2026년 예산 전년 최종예산 대비 얼마나 늘었고, 집행률은 어느 정도야?")
    assert "232,836" in text and "집행률" in text, text


def test_a_change_between_two_reports_of_a_line_with_no_printed_change(ask) -> None:  # noqa: ANN001
    text = ask("빅데이터 캠퍼스 운영 예산 2025년보다 2026년에 얼마나 늘었어?")
    assert "553,003" in text and "562,701" in text and "9,698" in text, text


def test_a_row_of_a_table_of_counts_asked_how_many(ask) -> None:  # noqa: ANN001
    assert "8개" in ask("AI 업무방식 혁신 분야는 몇 개야?")


def test_which_of_two_years_is_more_reads_each_year(ask) -> None:  # noqa: ANN001
    text = ask("CCTV 교체 대수는 2024년 실적이랑 2025년 계획 중 어느 쪽이 더 많아?")
    assert "4,039" in text and "3,333" in text, text


def test_the_last_clause_is_what_is_asked_of_a_described_thing() -> None:
    from app.answer import _asked_core

    assert _asked_core("그거 새로 짓고 몇 군데 더 만드는 데 올해 돈이 얼마나 들어?") == "올해 돈이 얼마나 들어?"
    assert _asked_core("언제 끝나?") == ""
