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


# ---- read from blind39/blind40 after their end runs ----

def test_the_measure_compared_is_the_one_named_right_before_the_baseline(ask) -> None:  # noqa: ANN001
    text = ask("정원·현원 표에서 현원이 정원보다 적은 곳은 어디야?")
    assert "현원이 정원보다 적은" in text and "데이터센터" in text and "디지털정책과" not in text, text


def test_two_reports_each_with_its_own_year_are_two_years() -> None:
    from app.engine.parse import _same_year_in_two_reports

    assert not _same_year_in_two_reports("25년보고서의2025예산현액이랑26년보고서의2026예산현액차이")
    assert _same_year_in_two_reports("2025년예산이작년보고때랑올해보고에서다른데")


def test_a_digit_is_never_read_as_a_slip_of_a_name(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.parse import parse
    from app.engine.vocab import vocabulary

    f = parse("지방행정제재부과금2025예산현액 알려줘", vocabulary(corpus_idx.data))
    assert "2025" in f.text, f.text


def test_a_ranking_of_a_units_items_keeps_to_the_account_named(ask) -> None:  # noqa: ANN001
    text = ask("정보통신과 특별회계 세부사업 중 예산현액 제일 큰 건?")
    assert "스마트도시 통신인프라 구축" in text and "지능형 CCTV 고도화" not in text, text


def test_a_claimed_amount_of_an_unfunded_project_is_no(ask) -> None:  # noqa: ANN001
    text = ask("스마트서울맵 활성화 사업에 3억원 들어간다던데 맞아?")
    assert text.startswith("아니요") and "비예산" in text, text


def test_a_row_printed_above_each_units_row_of_the_same_name_is_the_one_meant(ask) -> None:  # noqa: ANN001
    text = ask("2025년 세출 일반회계랑 특별회계 예산현액 합치면?")
    assert "179,524,030" in text, text


def test_a_job_series_asked_with_the_word_for_civil_servant(ask) -> None:  # noqa: ANN001
    text = ask("2025년 임기제 공무원 현원이랑 구성비 알려줘")
    assert "27명" in text and "9.9%" in text, text


def test_how_many_places_asked_with_gunde(ask) -> None:  # noqa: ANN001
    text = ask("디지털동행플라자 2025년에 몇 군데 추가로 만들어?")
    assert "3개" in text, text  # ('3개소' or '3개 권역'), not a line without a count


def test_a_sentence_reporting_a_judgement_keeps_what_it_is_about() -> None:
    from app.engine.pipeline import without_preamble

    out = without_preamble("정보통신과 예산이 과다하다는 지적이 있습니다. 기본경비 예산현액이 얼마입니까?")
    assert out.startswith("정보통신과") and "지적" not in out, out


def test_a_date_of_record_that_a_line_prints_is_no_reports_date_missing(ask) -> None:  # noqa: ANN001
    assert "470만명" in ask("행감에서 공공와이파이 효과성 지적 건, '24년 12월 기준 하루 평균 이용자 수는?")
    assert ask("2025년 12월 말 기준 정보통신과 집행률은?").startswith(ABSTAIN_TEXT)


def test_a_compound_kiwi_keeps_whole_alone_is_searched_by_its_pieces(corpus_idx) -> None:  # noqa: ANN001
    assert list(corpus_idx.search("드론공간정보시스템", k=5, method="bm25"))


def test_a_two_step_subject_after_where_the_asker_reads(ask) -> None:  # noqa: ANN001
    text = ask("2025년 보고서에서 드론공간정보시스템 운영하는 과의 2025 예산현액은?")
    assert "공간정보과" in text and "8,732,802" in text, text


def test_two_parts_of_a_table_printed_in_one_report_are_summed(ask) -> None:  # noqa: ANN001
    assert "3,157" in ask("정보자원 보유 현황 전산장비랑 기반시설 합치면?")


def test_a_count_quoted_for_a_described_project_must_be_of_the_thing_described(monkeypatch) -> None:  # noqa: ANN001
    from types import SimpleNamespace

    from app.engine import described as D

    lines = ["- (개인정보) 전 부서 대상 현장점검 45개→50개", "- 사이버안전센터 96개 기관 보안관제 확대"]
    data = SimpleNamespace(lines=lambda doc: lines)
    monkeypatch.setattr(D, "_passage_lines", lambda data, doc, passage: [1, 2])
    found = D.Described("산하기관 해킹 시도 지켜봐 주는 거", "몇 군데까지 늘려?", "정보보안 강화", "d", "p")
    other = [_quote(lines[0])]
    assert D.counts_another_thing(found, other, data, "개")  # the line of 보안관제 is the one described
    assert not D.counts_another_thing(found, [_quote(lines[1], 2)], data, "개")
    assert not D.counts_another_thing(found, other, data, "money")  # a budget has a line of its own
