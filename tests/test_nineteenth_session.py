"""The nineteenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

from app.types import ABSTAIN_TEXT, Citation


def _quote(text: str, n: int = 1) -> Citation:
    return Citation(n=n, doc="d", section="p", line_start=n, line_end=n, quote=text)


def _frame(text: str, op: str):  # noqa: ANN202
    from app.engine.frame import Frame
    from app.engine.text import compact

    return Frame(question=text, text=text, key=compact(text), op=op)


# ---- arithmetic on quoted figures: the operands are the things named ----

def test_two_things_joined_take_one_figure_each_or_nothing_is_computed() -> None:
    from app.engine.quoted import arithmetic

    line = "- 가나포털/다라앱 화면 통합(다라앱 로그인 1회, 인증 1회)"
    # both figures belong to the line about both things: neither is the one thing or the other's
    assert arithmetic(_frame("가나포털이랑 다라앱 인증 차이는?", "diff"), [_quote(line)]) is None
    rows = [_quote("가나포털 | 지역 안내 서비스 | 이용자 약 30만명", 1), _quote("다라앱 | 모바일 증명 | 이용자 약 8만명", 2)]
    out = arithmetic(_frame("가나포털이랑 다라앱 이용자 차이는?", "diff"), rows)
    assert out is not None and "22만명" in out and out.index("가나포털") < out.index("다라앱"), out
    out = arithmetic(_frame("다라앱이랑 가나포털 이용자 합치면?", "sum"), rows)
    assert out is not None and "38만명" in out, out


def test_the_word_beside_the_particle_names_the_side() -> None:
    from app.engine.quoted import arithmetic

    out = arithmetic(_frame("개설이랑 폐지 창구 합치면 몇 곳?", "sum"), [_quote("- 창구 개설 12곳, 폐지 5곳, 이전 3곳")])
    assert out is not None and "17곳" in out, out


def test_figures_of_different_years_are_not_summed_unless_those_years_are_asked() -> None:
    from app.engine.quoted import arithmetic

    line = "- '24년 서버 교체 120식, 신규 도입 30식 / '25년 교체 40식 예정"
    assert arithmetic(_frame("서버 다 합치면 몇 식이야?", "sum"), [_quote(line)]) is None
    out = arithmetic(_frame("24년이랑 25년 교체 합치면 몇 식?", "sum"), [_quote("- '24년 교체 120식, '25년 교체 40식")])
    assert out is not None and "160식" in out, out


# ---- a body renamed: one row under either name ----

def test_a_change_of_name_stated_in_a_report_is_mined() -> None:
    from app.engine.vocab import renamed_in

    assert renamed_in("※ 한빛재단 : 2015년 가온재단 설립 후 2024년 3. 1. 출범") == [("가온재단", "한빛재단")]
    assert renamed_in("한빛센터(구 가온센터) 운영") == [("가온센터", "한빛센터")]
    assert renamed_in("가온센터에서 한빛센터로 명칭 변경") == [("가온센터", "한빛센터")]
    assert renamed_in("정책과 : 계획 수립 후 시행") == []


def test_a_row_of_a_renamed_body_is_compared_across_the_two_reports(ask) -> None:  # noqa: ANN001
    # the 2025 report prints the row under the body's former name ('서울 디지털 재단 출연')
    text = ask("서울AI재단 출연 예산현액 2026년 보고서가 2025년 보고서보다 얼마나 많아?")
    assert "13,119,777" in text and "10,857,229" in text and "2,262,548" in text, text


def test_a_former_name_finds_the_present_row(ask) -> None:  # noqa: ANN001
    text = ask("서울디지털재단 출연 2026년 예산현액 알려줘")
    assert "13,119,777" in text, text


# ---- reading in the reports' words ----

def test_a_replacement_that_opens_with_the_words_before_the_phrase_does_not_repeat_them() -> None:
    from app.engine.normalize import everyday_text

    out, changed = everyday_text("가온AI센터 후원금 얼마야", {"센터후원금": "가온AI센터 후원"}, lambda w: False)
    assert changed and out == "가온AI센터 후원 얼마야", out


def test_a_loose_phrase_is_found_with_particles_between_its_words() -> None:
    from app.engine.normalize import loose_spans

    key = "구독료를지원하는사업"
    assert loose_spans(key, "구독료지원", lambda w: False) == [(0, 6)]
    assert loose_spans("구독료1지원", "구독료지원", lambda w: False) == []


# ---- two things asked each, and summed in a follow-up ----

def test_each_item_is_quoted_from_its_own_line_when_the_passage_prints_the_other_words(ask) -> None:  # noqa: ANN001
    text = ask("서울지갑과 서울시민카드 통합 사업의 회원수는 각각 몇 명이야?")
    assert "12만명" in text and "34만명" in text, text  # '통합' is printed by the passage, not by the two rows


def test_two_quoted_answers_are_summed_in_a_follow_up(ask) -> None:  # noqa: ANN001
    text = ask("둘 합치면 몇 명?", ["서울 시민카드 회원 몇 명이야?", "서울지갑은?"])
    assert "46만명" in text, text
