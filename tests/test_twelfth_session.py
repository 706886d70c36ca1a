"""The twelfth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.vocab import unlisted_unit, vocabulary
from app.types import ABSTAIN_TEXT
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_change_against_last_year_is_the_change_of_the_figure_just_asked(idx) -> None:  # noqa: ANN001
    a = answer("작년보다 얼마나 늘었어?", history=["데이터전략과 2026 예산 얼마야?"], index=idx)
    # the figure fell: the printed change says so, whatever the question presumed
    assert "2,118,769천원 감소" in a.text and "11,777,671" in a.text


def test_how_many_more_people_than_last_year_keeps_the_measure_asked(idx) -> None:  # noqa: ANN001
    a = answer("작년보다 몇 명 늘었어?", history=["서울기록원 26년 정원은?"], index=idx)
    assert "정원" in a.text and "현원" not in a.text


def test_a_unit_the_reports_never_print_is_refused_in_a_follow_up(idx) -> None:  # noqa: ANN001
    # read as its words, the name found another subject's figure: 행정 (a job series) or an AI project's budget
    a = answer("그럼 스마트행정과는?", history=["공간정보과 현원 몇명"], index=idx)
    assert ABSTAIN_TEXT in a.text and "스마트행정과" in a.text and "59명" not in a.text
    b = answer("그럼 AI전략과는?", history=["정보보안과 2026 예산 얼마야?"], index=idx)
    assert ABSTAIN_TEXT in b.text and "2,179" not in b.text


def test_a_unit_shaped_word_is_told_from_units_and_common_words(idx) -> None:  # noqa: ANN001
    v = vocabulary(idx.data)
    assert unlisted_unit("그럼 스마트미래과는?", v) == "스마트미래과"
    assert unlisted_unit("빅데이터혁신담당관 예산은?", v) == "빅데이터혁신담당관"
    assert unlisted_unit("정보통신과는?", v) is None  # printed in the reports
    assert unlisted_unit("감사 결과는?", v) is None and unlisted_unit("추진 효과는?", v) is None


def test_a_claimed_count_is_checked_against_the_line_that_prints_it(idx) -> None:  # noqa: ANN001
    a = answer("서울AI챗 쓰는 사람이 1만명 넘는다는 게 사실이야?", index=idx)
    assert a.text.startswith("아니요") and "6,739명" in a.text


def test_a_bound_on_a_budget_with_a_breakdown_reads_the_labelled_total(idx) -> None:  # noqa: ANN001
    a = answer("SDA 사업예산이 8억 넘어?", index=idx)
    assert a.text.startswith("네") and "867백만원" in a.text
    b = answer("SDA 사업예산이 9억 넘어?", index=idx)
    assert b.text.startswith("아니요") and "867백만원" in b.text


def test_a_column_header_inside_a_longer_printed_word_is_not_linked(idx) -> None:  # noqa: ANN001
    from app.engine.parse import parse

    v = vocabulary(idx.data)
    assert parse("사이버보안·개인정보보호 예산 얼마야?", v).parts == []
    assert parse("25년 정보보호 장비 몇 식이야?", v).parts == ["정보보호"]


def test_rates_are_never_added(idx) -> None:  # noqa: ANN001
    a = answer("정보통신과랑 정보보안과 집행률 합치면?", index=idx)
    assert ABSTAIN_TEXT in a.text and "%" not in a.text.split(ABSTAIN_TEXT)[0]
    b = answer("둘이 합치면?", history=["정보통신과 집행률은?", "정보보안과는?"], index=idx)
    assert ABSTAIN_TEXT in b.text


def test_a_measure_named_after_listed_rates_is_summed_from_the_table(idx) -> None:  # noqa: ANN001
    a = answer("두 개 예산 합치면 얼마야?", history=["데이터센터 사업 중에 지출액 집행률 0%인 거 뭐뭐야?"], index=idx)
    assert "18,729,857천원" in a.text and "합치면" in a.text and "0.0%" not in a.text


def test_one_part_asked_of_a_figure_printed_for_the_whole_is_refused(idx) -> None:  # noqa: ANN001
    a = answer("서북센터만 따지면?", history=["서울디지털동행플라자 방문인원 몇 명?"], index=idx)
    assert ABSTAIN_TEXT in a.text and "72,737" not in a.text
    b = answer("일반회계만 보면?", history=["정보통신과 예산 얼마야?"], index=idx)  # a part the table prints
    assert "35,617,810" in b.text


def test_a_description_is_set_apart_by_its_head_word_with_its_suffix() -> None:
    from app.engine.described import split

    # '공유' + '기' is the head '공유기'; a survey is a thing a description can name
    assert split("길가에 달린 낡은 무료 인터넷 공유기, 몇 대 바꿔?") == ("길가에 달린 낡은 무료 인터넷 공유기", "몇 대 바꿔?")
    assert split("집집마다 방문해서 하는 인구 조사, 조사원 몇 명 채용해?") == ("집집마다 방문해서 하는 인구 조사",
                                                                 "조사원 몇 명 채용해?")
    # a plural suffix still leaves its head ('봉사자' + '들')
    assert split("역에서 표 뽑는 거 알려주는 봉사자들, 몇 명이야?") == ("역에서 표 뽑는 거 알려주는 봉사자들", "몇 명이야?")


def test_a_one_letter_slip_in_a_measure_word_is_read_as_the_measure(idx) -> None:  # noqa: ANN001
    a = answer("데이터센터 졍원 몇 명이야?", index=idx)
    assert "67명" in a.text and "정원" in a.text
    b = answer("데이터센터 졍원이랑 현원 알려줘", index=idx)  # Kiwi reads '졍원이랑' as pieces
    assert "67명" in b.text and "현원" in b.text


def test_a_units_team_names_are_its_teams_not_a_definition(idx) -> None:  # noqa: ANN001
    a = answer("정보통신과 팀 이름 뭐야?", index=idx)
    assert "공공와이파이팀" in a.text and "|" not in a.text  # the teams named, not a table row quoted
    assert ABSTAIN_TEXT not in a.text


def test_a_bare_number_after_a_rate_is_a_percent(idx) -> None:  # noqa: ANN001
    a = answer("원인행위 집행률이 80 넘는 과 어디야?", index=idx)
    assert "정보시스템과" in a.text and "82.4%" in a.text and "1곳" in a.text
    b = answer("지출액 집행률이 0인 사업 몇 개야?", index=idx)
    assert "12개" in b.text and b.text.count("집행률이 0인") == 1  # one condition, not the zero read twice


def test_a_field_line_is_no_line_a_description_means() -> None:
    from app.engine.described import _FIELD_LINE

    assert _FIELD_LINE.match("- 사업예산 : 1,940백만원(서초센터 2식, 상암센터 3식)")
    assert _FIELD_LINE.match("- (사업내용) 행정서비스 확대")
    assert not _FIELD_LINE.match("- 서울은 앱 기반 복지대상자 모바일 자격확인 서비스 도입")


def test_six_opinions_settle_a_description_the_two_retrievals_disagree_on() -> None:
    from app.engine import described as D

    class Hit:  # one retrieval's first passage per text and method
        def __init__(self, doc: str, path: list[str]) -> None:
            self.chunk = type("C", (), {"doc": doc, "section_path": path, "kind": "text"})()

    a, b = ["III. 사업", "3-1. 플라자 운영"], ["III. 사업", "3-2. 와이파이 확충"]
    answers = {("desc", "bm25"): b, ("desc", "dense"): a, ("q", "bm25"): a, ("q", "dense"): a}

    class Idx:
        data = None

        def search(self, text: str, k: int, method: str) -> list[Hit]:
            key = ("desc" if text == "desc" else "q", method)
            return [Hit("d", answers[key])] if key in answers else []

    orig = D.in_reports_words
    D.in_reports_words = lambda *a, **k: None
    try:
        assert D._voted(Idx(), "desc", "q") is None  # 3 votes against 1: fewer than four
        answers[("q", "bm25")] = a
        answers.update({("desc", "bm25"): a})
        assert D._voted(Idx(), "desc", "q") == ("d", "III. 사업 > 3-1. 플라자 운영")  # four votes, none against
    finally:
        D.in_reports_words = orig


def test_a_header_word_ending_a_longer_word_lists_no_header_rows(idx) -> None:  # noqa: ANN001
    a = answer("디지털재난 대응체계 구축에서 디지털재난분야는 뭐뭐야?", index=idx)
    assert "사이버보안 사고" in a.text and "AI 약자와의 동행" not in a.text


def test_geogiseo_is_a_pronoun_with_its_particle() -> None:
    from app.engine.conversation import _PRONOUNS

    assert _PRONOUNS.sub("", "거기서 말하는 분야 뭐야") == "말하는 분야 뭐야"


def test_html_markup_is_no_word_the_reports_print(idx) -> None:  # noqa: ANN001
    v = vocabulary(idx.data)
    assert not v.in_corpus("table") and not v.in_corpus("checkbox")  # tags inside 2025 table cells
    assert v.in_corpus("SDA") and v.in_corpus("데이터센터")


def test_an_enumerations_printed_count_wins_over_its_items(idx) -> None:  # noqa: ANN001
    # '3·4등급(6종): …, 아리수본부(자재관리, 통합인증, 예산회계)' names four items for six systems
    a = answer("재해복구 구축 끝난 3·4등급 시스템 몇 종이야?", index=idx)
    assert "6종" in a.text.split("\n")[0] and "4종" not in a.text


def test_two_counts_asked_then_added_up(idx) -> None:  # noqa: ANN001
    q = "재해복구 끝난 2등급 시스템은 몇 종이고 3·4등급은 몇 종이야?"
    a = answer(q, index=idx)
    assert "5종" in a.text.split("\n")[0] and "6종" in a.text.split("\n")[0]
    b = answer("합치면 몇 종이야?", history=[q], index=idx)
    assert "11종" in b.text and "6종" in b.text
