"""Yes/no questions: the verdict follows what the reports print, whichever path answered. A claimed figure is the
one the claim ends on, checked at the thing it is about; a claimed end month against the printed period; a claimed
direction against the direction the answer computed; a 'than <year>' baseline is that year. (Own questions, none
from an eval set.)"""
from __future__ import annotations

import pytest

from app.answer import answer
from tests.test_answer import cited_lines, corpus_index, DOC_2026


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def ask(idx, q: str):  # noqa: ANN001, ANN201
    a = answer(q, index=idx)
    assert not a.abstained, a.text
    return a


def test_a_wrong_part_of_a_stated_total_is_a_no(idx) -> None:  # noqa: ANN001
    a = ask(idx, "컨설팅 지원 사업예산 808백만원 가운데 핵심사업 컨설팅이 700백만원이 맞아?")
    assert a.text.startswith("아니요") and "688" in a.text.split("\n")[0], a.text


def test_the_right_part_of_a_stated_total_is_a_yes(idx) -> None:  # noqa: ANN001
    a = ask(idx, "컨설팅 지원 사업예산 808백만원 가운데 펠로우십이 120백만원 맞지?")
    assert a.text.startswith("네"), a.text


def test_a_claimed_end_month_is_checked_against_the_printed_period(idx) -> None:  # noqa: ANN001
    no = ask(idx, "버스터미널 키오스크 안내 자원봉사 시범운영 9월까지 하는 거 맞아?")
    assert no.text.startswith("아니요") and "7월" in no.text.split("\n")[0], no.text
    yes = ask(idx, "버스터미널 키오스크 안내 자원봉사 시범운영 7월까지 맞지?")
    assert yes.text.startswith("네"), yes.text


def test_a_claimed_direction_is_checked_against_the_computed_change(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 세입예산이 2024년보다 증가한 거 맞아?")
    assert a.text.startswith("아니요") and "감소" in a.text, a.text


def test_two_measures_compared_in_a_yes_no_question(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 데이터센터 현원이 정원보다 적은 게 맞나요?")
    assert a.text.startswith("네") and "65명" in a.text and "67명" in a.text, a.text


def test_than_a_named_year_compares_the_next_report_against_it(idx) -> None:  # noqa: ANN001
    a = ask(idx, "정보통신과 예산 2025년보다 늘어난 거지?")
    assert a.text.startswith("아니요") and "감소" in a.text and "2026 예산현액" in a.text, a.text
    assert any(doc == DOC_2026 for doc, _ in cited_lines(a)), a.text


def test_a_percent_equal_to_a_hundred_is_not_read_as_zero(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 지출액 집행률이 100%인 세부사업 알려줘")
    assert "100%인 사업" in a.text and "0인" not in a.text and "지능형 CCTV 고도화" in a.text, a.text


def test_a_total_and_its_own_parts_are_never_summed(idx) -> None:  # noqa: ANN001
    from app.engine.frame import Frame
    from app.engine.quoted import arithmetic
    from app.types import Citation

    f = Frame(question="합치면?", text="소요예산이랑 재단 예산 합치면?", key="소요예산이랑재단예산합치면?", op="sum")
    quote = "(소요예산) 4,419백만원(市 535백만원, 서울디지털재단 3,884백만원)"
    cite = Citation(n=1, doc="d", section="p", line_start=1, line_end=1, quote=quote)
    assert arithmetic(f, [cite]) is None


def test_two_year_columns_asked_are_the_two_compared(idx) -> None:  # noqa: ANN001
    a = ask(idx, "차세대 디지털 아카이브 사업비 25년에서 26년 되면 얼마나 늘어?")
    assert "868" in a.text and "200" in a.text and "668" in a.text and "3,573" not in a.text, a.text


def _quote(text: str, n: int = 1):  # noqa: ANN202
    from app.types import Citation

    return Citation(n=n, doc="d", section="p", line_start=n, line_end=n, quote=text)


def _frame(text: str, op: str, metrics: list[str] | None = None):  # noqa: ANN202
    from app.engine.frame import Frame
    from app.engine.text import compact

    return Frame(question=text, text=text, key=compact(text), op=op, metrics=metrics or [])


def test_a_stated_figure_and_the_one_printed_after_it_are_compared() -> None:
    from app.engine.quoted import arithmetic

    f = _frame("유지비 120백만원에서 얼마나 줄었어?", "lookup", ["budget", "change"])
    out = arithmetic(f, [_quote("- 예산 : (당초) 300백만원 → 120백만원(△180백만원), (조정) 120백만원 → 90백만원")])
    assert out is not None and "30백만원 감소" in out, out


def test_figures_labelled_by_the_years_asked_are_the_operands() -> None:
    from app.engine.quoted import arithmetic

    f = _frame("상담 실적 23년 대비 24년에 몇 건 늘었어?", "lookup", ["change"])
    out = arithmetic(f, [_quote("※ (상담 실적) '22년 10건 ➡ '23년 15건 ➡ '24년 40건")])
    assert out is not None and "25건 증가" in out, out


def test_the_items_a_labelled_line_enumerates_are_counted() -> None:
    from app.engine.quoted import count_listed

    f = _frame("지원 분야 몇 개야?", "lookup")
    out = count_listed(f, [_quote("- 지원분야 : 교육, 상담, 장비 대여")])
    assert out is not None and out.startswith("3개") and "장비 대여" in out, out
    assert count_listed(_frame("예산 몇 개야?", "lookup"), [_quote("- 지원분야 : 교육, 상담, 장비 대여")]) is None


def test_a_note_line_is_read_with_the_line_it_annotates(idx) -> None:  # noqa: ANN001
    a = ask(idx, "서울AI챗 사용인원이 몇 명이에요?")
    assert "6,739명" in a.text, a.text


def test_question_words_about_size_or_talk_are_not_subjects(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 CCTV 사업 규모는 총 몇 억짜리야?")
    assert "114억원" in a.text, a.text


def test_english_project_words_reach_the_projects_lines(idx) -> None:  # noqa: ANN001
    a = ask(idx, "How much money goes to the disaster recovery system expansion project?")
    assert "1,940백만원" in a.text, a.text
    b = ask(idx, "Smart poles near school zones: how many will be installed?")
    assert "24대" in b.text, b.text


def test_a_claimed_date_of_an_event_is_checked_against_the_date_printed_with_it(idx) -> None:  # noqa: ANN001
    no = ask(idx, "사이버보안 조례 공포 2025년 10월 맞아?")
    assert no.text.startswith("아니요") and "9." in no.text.split("\n")[0], no.text
    yes = ask(idx, "서울AI재단 2025년에 출범했지?")
    assert yes.text.startswith("네"), yes.text


def test_a_claimed_count_is_compared_with_the_figures_of_the_same_noun(idx) -> None:  # noqa: ANN001
    a = ask(idx, "사이버안전센터 보안관제 2026년에 90개 기관으로 확대하는 거 맞아?")
    assert a.text.startswith("아니요") and "96개" in a.text.split("\n")[0], a.text


def test_a_claimed_meaning_printed_with_the_term_is_a_yes(idx) -> None:  # noqa: ANN001
    a = ask(idx, "RFID는 전자태그를 뜻하는 거 맞지?")
    assert a.text.startswith("네"), a.text


def test_money_actually_spent_is_the_spent_amount(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 데이터센터 실제로 쓴 돈 얼마야?")
    assert "지출액은 7,724,873천원" in a.text, a.text


def test_a_slip_inside_a_project_title_still_names_the_project(idx) -> None:  # noqa: ANN001
    a = ask(idx, "빅데이타 서비스 플랫폼 통합 운영 소요예산이 얼마였더라")
    assert "3,989백만원" in a.text, a.text


def test_TO_is_the_authorized_headcount(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 정보보안과 TO 몇 명이야")
    assert "정원은 27명" in a.text, a.text


def test_two_quoted_figures_compared_by_their_names() -> None:
    from app.engine.quoted import arithmetic

    f = _frame("체험이 교육보다 몇 명 많아?", "lookup")
    out = arithmetic(f, [_quote("- 참여 인원 : 교육 120명, 체험 150명")])
    assert out is not None and "체험 150명" in out and "30명 많습니다" in out, out


def test_two_measures_of_one_row_from_the_table_printing_both(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2026년 데이터센터 원인행위액이랑 지출액 차이 얼마야?")
    assert "26,726,908" in a.text and "7,724,873" in a.text and "19,002,035" in a.text, a.text


def test_a_table_title_named_in_part_selects_that_table(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 집행현황에서 원인행위 집행률 100%인 세부사업 몇 개?")
    assert "3개" in a.text and "급여관리시스템 운영" in a.text, a.text


def test_a_list_asked_is_read_from_the_enumeration_printed_near_the_quote(idx) -> None:  # noqa: ANN001
    a = ask(idx, "3D 지하시설물 서비스 대상 6종 시설물 뭐뭐 있어?")
    assert "상수도" in a.text and "난방" in a.text, a.text
    assert any("상수도" in c.quote for c in a.citations), a.citations


def test_enumerated_items_are_split_outside_parentheses() -> None:
    from app.engine.quoted import count_listed

    f = _frame("연계 시스템 몇 개야?", "lookup")
    out = count_listed(f, [_quote("- 연계 시스템 : 예약, 징수, 본부(자재관리, 통합인증)")])
    assert out is not None and out.startswith("3개"), out


def test_a_headcount_of_a_year_no_report_prints_is_refused(idx) -> None:  # noqa: ANN001
    a = answer("데이터센터 2023년 현원이랑 비교하면 2026년에 몇 명 늘었어?", index=idx)
    assert a.abstained, a.text
    b = ask(idx, "2025년 데이터센터 정원 몇 명이었어?")
    assert "67명" in b.text, b.text


def test_a_claim_about_a_year_is_checked_against_the_figure_printed_after_that_year(idx) -> None:  # noqa: ANN001
    a = ask(idx, "사이버안전센터 보안관제 기관 2026년에도 86개 기관이지?")  # '(2025년) 86개 → (2026년) 96개'
    assert a.text.startswith("아니요") and "96개" in a.text.split("\n")[0]


def test_a_claimed_figure_is_checked_against_the_table_cell_the_answer_reads(idx) -> None:  # noqa: ANN001
    a = ask(idx, "2025년 서울기록원 정원 30명 맞아?")  # the 2025 row prints bare numbers ('24'), the answer '24명'
    assert a.text.startswith("아니요") and "24명" in a.text


def test_a_claimed_month_is_checked_against_the_line_that_dates_the_event(idx) -> None:  # noqa: ANN001
    no = ask(idx, "디지털동행 파트너 터미널 봉사활동 9월까지 하는 거 맞지?")  # printed: 2026. 4.13. ~ 7.31.
    yes = ask(idx, "디지털동행 파트너 터미널 봉사활동 7월까지 하는 거 맞지?")
    assert no.text.startswith("아니요") and yes.text.startswith("네")
    assert any("7.31." in c.quote for c in no.citations)


def test_a_question_word_makes_it_a_question_not_a_claim(idx) -> None:  # noqa: ANN001
    a = ask(idx, "작년 업무보고 때 서울기록원 현원이 몇 명이었지?")
    assert not a.text.startswith(("네", "아니요")) and "명" in a.text
