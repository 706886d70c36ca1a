"""The twentieth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import re


def _answer(corpus_idx, question: str):  # noqa: ANN001, ANN202
    from app.answer import answer

    return answer(question, index=corpus_idx)


def _lines_printing(answer, figure: str) -> set[int]:  # noqa: ANN001
    """The cited lines whose quote prints `figure`."""
    return {c.line_start for c in answer.citations if figure in c.quote}


def _marks_after(text: str, figure: str) -> set[int]:
    """The citation markers right after each place the answer states `figure`."""
    out: set[int] = set()
    for m in re.finditer(re.escape(figure) + r"[^\[\s]{0,3}((?:\[\d+\])+)", text):
        out |= {int(x) for x in re.findall(r"\d+", m.group(1))}
    return out


# ---- the same figures printed elsewhere in the report are cited too ----

def test_a_units_row_printed_in_two_tables_is_cited_at_both(corpus_idx) -> None:  # noqa: ANN001
    a = _answer(corpus_idx, "데이터전략과 원인행위 기준 집행률이 어떻게 돼?")
    assert "49.5%" in a.text, a.text
    # the 세출총괄 row and the 세출예산 집행현황 row print the same 예산현액, 원인행위액 and rate
    assert len(_lines_printing(a, "11,777,671")) == 2, a.citations
    marks = _marks_after(a.text, "49.5%")
    assert {c.n for c in a.citations if "49.5" in c.quote} <= marks, a.text


def test_the_sentence_stating_a_tables_total_is_cited_with_the_total(corpus_idx) -> None:  # noqa: ANN001
    a = _answer(corpus_idx, "우리 국 인원 정원 합계 몇 명?")
    assert "274명" in a.text, a.text
    headline = [c for c in a.citations if "정원 274명" in c.quote and "|" not in c.quote]
    assert headline, a.citations  # '□ 디지털도시국 인력 : 정원 274명 / 현원 279명'
    assert headline[0].n in _marks_after(a.text, "274명"), a.text


def test_a_units_figure_is_not_cited_at_the_sentence_of_the_total(corpus_idx) -> None:  # noqa: ANN001
    a = _answer(corpus_idx, "공간정보과 정원 몇 명이야")
    assert "26명" in a.text, a.text
    assert all("|" in c.quote or "\t" in c.quote for c in a.citations), a.citations


def test_a_ranking_keeps_one_citation_a_row(corpus_idx) -> None:  # noqa: ANN001
    a = _answer(corpus_idx, "지출액 집행률 제일 높은 과 3개")
    assert not a.abstained, a.text
    # three units ranked: three rows cited, not each row again from another table
    assert len(a.citations) <= 3, a.citations


def test_also_printed_leaves_an_answer_without_table_figures_unchanged(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.cite import also_printed
    from app.types import Citation

    cites = [Citation(n=1, doc="d", section="s", line_start=3, line_end=3, quote="- 사업기간 : 2026. 1. ~ 12.")]
    text = "사업기간은 2026. 1. ~ 12.[1]입니다."
    assert also_printed(text, cites, corpus_idx.data) == (text, cites)


# ---- a ranking whose number of places is said after the things ranked ----

def test_top_k_said_after_the_things_ranked_is_a_ranking(corpus_idx) -> None:  # noqa: ANN001
    a = _answer(corpus_idx, "현원 많은 과 2개만 알려줘")
    assert not a.abstained, a.text
    # 데이터센터 65명 and 정보시스템과 40명 are the two largest 현원
    assert "65명" in a.text and "40명" in a.text, a.text
    assert "37명" not in a.text, a.text  # (the third, 디지털정책과, not listed)


def test_a_condition_with_a_count_is_no_ranking(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.pipeline import understand

    u = understand("예산 10억보다 많은 사업 몇 개야?", corpus_idx.data)
    assert u.frame.op != "rank", u.frame


# ---- items of a list named with the words they share, said once ----

def test_items_sharing_their_last_words_are_each_a_row(ask) -> None:  # noqa: ANN001
    out = ask("2026 세입에서 자치구 부담금 중 기록관리시스템 운영이랑 시군구 재해복구시스템 두 개 더하면?")
    # each item is '… 자치구 부담금': 593,804 + 39,825
    assert "633,629" in out, out


def test_items_after_their_shared_opening_are_each_a_row(ask) -> None:  # noqa: ANN001
    out = ask("2025년 에스플렉스센터 운영수입 중 대관료랑 주차수입 합계")
    # '에스플렉스센터 운영수입 (대관료)' 439,834 + '(주차수입)' 471,816; the 운영수입 said once is not summed too
    assert "911,650" in out, out


def test_a_third_item_after_a_comma_is_linked_too(ask) -> None:  # noqa: ANN001
    out = ask("올해 에스플렉스센터 사용료·관리비 수입, 대관료 수입, 부설주차장 운영 수입 다 더하면 얼마?")
    assert "8,281,025" in out, out  # 7,546,535 + 341,748 + 392,742


def test_a_row_named_whole_is_not_cut_into_list_items(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.link import link
    from app.engine.vocab import vocabulary

    linked = link("에스플렉스센터 부설주차장 운영 수입이 대관료 수입보다 얼마 더 많아?", vocabulary(corpus_idx.data))
    rows = [lk.key for lk in linked.links if "row" in lk.kinds]
    assert rows == ["에스플렉스센터부설주차장운영수입", "에스플렉스센터대관료수입"], rows


def test_a_thing_compared_with_boda_is_a_difference(ask) -> None:  # noqa: ANN001
    out = ask("2026년 에스플렉스센터 부설주차장 운영 수입이 대관료 수입보다 얼마 더 많아?")
    assert "50,994" in out, out  # 392,742 − 341,748


def test_a_row_printed_twice_with_a_dash_in_the_year_asked_is_the_other(ask) -> None:  # noqa: ANN001
    # the 2025 report prints '에스플렉스센터 운영수입 (대관료)' under two heads: 439,834 for 2025 on one, '-' on the other
    out = ask("2025년 에스플렉스센터 운영수입 중 사용료·관리비랑 대관료 더하면")
    assert "6,896,629" in out, out  # 6,456,795 + 439,834


# ---- council requests about an audit item ----

def test_the_current_status_of_an_audit_item_is_the_one_its_report_prints(ask) -> None:  # noqa: ANN001
    # '현재 추진상황' asks the state the report prints, not figures of this year (the audit results are in 2025's)
    out = ask("행감에서 에스플렉스센터 임대료 체납 징수하라고 한 건, 현재 추진상황은 어떻고 강제집행은 몇 개소입니까?")
    assert "추진중" in out and "1개소" in out, out  # '무단점유 시설 강제집행 추진중 (1개소, …)'


def test_now_said_of_an_audit_item_is_no_year(corpus_idx) -> None:  # noqa: ANN001
    from app.analyze import analyze
    from app.vocab import vocab_for

    a = analyze("행감 지적사항 중 정류소 와이파이 건, 현재 설치된 곳 통신비는 누가 내?", vocab_for(corpus_idx.data))
    assert a.intent == "audit" and a.years == [], (a.intent, a.years)


def test_a_council_aides_preamble_words_are_not_asked_of_the_reports(ask) -> None:  # noqa: ANN001
    out = ask("의원님께서 지적하셨던 사안입니다. 서울기록원 보존서고 부족 문제의 처리상황을 알려 주십시오.")
    assert out != "" and "찾을 수 없습니다" not in out, out


def test_the_audit_item_that_names_the_asked_words_is_quoted_first(corpus_idx) -> None:  # noqa: ANN001
    from app.answer import answer

    a = answer("버스정류소 와이파이 건의 관련해서, 정류소 와이파이 월 통신비는 설치 재원별로 어느 부서가 얼마씩 내고 있나요?",
               index=corpus_idx)
    assert not a.abstained, a.text
    assert "버스정류소" in a.citations[0].quote, [c.quote[:60] for c in a.citations]


# ---- a condition on the mark a cell prints in place of a number ----

def test_items_whose_change_is_printed_as_a_mark_are_counted(ask) -> None:  # noqa: ANN001
    out = ask("26년 세입 세부 항목 중에 증감이 순증이라고 나온 거 몇 개임?")
    assert "5개" in out and "디지털배움터 운영" in out, out


def test_a_mark_no_item_of_the_summary_prints_is_read_in_the_detailed_table(ask) -> None:  # noqa: ANN001
    out = ask("2026년 세입 항목 중 순증인 거 뭐 있어?")
    assert "5개" in out and "에스플렉스센터 변상금 및 임대료 미반납금" in out, out


def test_a_mark_condition_is_not_a_sign_of_a_number() -> None:
    from app.engine.execute import _passes
    from app.engine.frame import Condition

    assert not _passes(5.0, Condition("change", "flag", flag="순증"))
    assert _passes(5.0, Condition("change", "pos"))


def test_a_figure_compared_with_an_earlier_reports_is_the_difference_of_the_two(ask) -> None:  # noqa: ANN001
    out = ask("디지털 아카이브 구축 예산현액, 작년 보고서보다 올해 얼마나 늘었는지 알려줘")
    assert "691,443" in out, out  # 1,481,603 (2026 report) − 790,160 (2025 report)


def test_items_that_are_rows_themselves_keep_their_own_rows(ask) -> None:  # noqa: ANN001
    # '균형발전' and '도시개발' are rows under 특별회계 of the 회계별 table; '균형발전특별회계' is one unit's row
    out = ask("올해 특별회계 중 균형발전하고 도시개발 예산 합치면 얼마?")
    assert "15,200,260" in out, out  # 7,519,776 + 7,680,484


# ---- classes read from blind41/blind42 after their end runs ----

def test_a_month_of_record_names_the_report_dated_then(ask) -> None:  # noqa: ANN001
    # the 2025 report is dated 2025. 1. 31.: '1월말 기준' asks its figures, not the newest report's
    out = ask("데이터센터 기본경비 1월말 기준 예산현액 알려줘")
    assert "2025년" in out and "2026년" not in out, out


def test_a_month_no_report_is_dated_names_no_report(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.pipeline import understand

    f = understand("데이터센터 기본경비 6월말 기준 예산현액 알려줘", corpus_idx.data).frame
    assert f.report_year is None, f.report_year


def test_a_claim_in_a_coarse_unit_is_compared_at_its_precision(ask) -> None:  # noqa: ANN001
    # 11,388,383천원 is 113.9억: '114억' claims it to the 억; '113억' does not
    assert ask("지능형 CCTV 고도화 예산현액 114억 맞지?").startswith("네"), ask("지능형 CCTV 고도화 예산현액 114억 맞지?")
    assert ask("지능형 CCTV 고도화 예산현액 113억 맞지?").startswith("아니요")


def test_two_digit_claims_stay_exact() -> None:
    from app.engine.frame import Quantity
    from app.engine.parse import _rounded_claim

    assert not _rounded_claim(Quantity(200_000_000.0, "원", "2억원", "eq", 0, 100_000_000.0))
    assert _rounded_claim(Quantity(11_400_000_000.0, "원", "114억원", "eq", 0, 100_000_000.0))


def test_the_units_under_a_body_are_listed_from_its_organisation_line(ask) -> None:  # noqa: ANN001
    out = ask("데이터센터 아래 어떤 과가 있나요?")
    assert "기획관리과" in out and "에스플렉스센터운영과" in out, out


def test_a_vowel_typed_for_its_twin_is_read_as_meant() -> None:
    from app.engine.normalize import _twin_vowel_slip

    assert _twin_vowel_slip("기쥰", "기준")  # ㅠ for ㅜ
    assert _twin_vowel_slip("현엑", "현액")  # ㅔ for ㅐ
    assert not _twin_vowel_slip("기쥰", "기존")  # ㅠ for ㅗ: another vowel


def test_slips_in_words_of_asking_do_not_refuse_the_question(ask) -> None:  # noqa: ANN001
    assert "13,983,195" in ask("데이터전략과 2025년 예산 현엑 얼마?")
    assert "3,989백만원" in ask("빅데이터 서비스 플랫폼 소요예산 25년 업무보고 기쥰으로 얼마?")


def test_a_sentence_announcing_the_question_is_not_part_of_it(ask) -> None:  # noqa: ANN001
    out = ask("행감 대비 질의입니다. 스마트빌리지 보급 및 확산 사업 예산현액은?")
    assert "2,530,000" in out, out
    # a sentence that names the subject stays part of the question
    assert "67명" in ask("데이터센터 관련 질의입니다. 정원은 몇 명입니까?")


def test_one_row_named_under_each_of_two_heads_is_read_under_each(ask) -> None:  # noqa: ANN001
    out = ask("2026년 자치단체간부담금 및 지역균형발전특별회계보조금(균특)의 디지털배움터 운영 예산현액 각각")
    assert "340,000" in out and "3,256,000" in out, out


def test_a_level_of_units_said_is_no_word_to_find(ask) -> None:  # noqa: ANN001
    out = ask("과 단위로 보면 2026년 정원이 제일 많은 곳은?")
    assert "데이터센터" in out and "67명" in out, out


def test_an_auto_click_program_is_the_reports_macro(ask) -> None:  # noqa: ANN001
    out = ask("테니스장 자동 클릭 프로그램 막는 사업 예산?")
    assert "165백만원" in out, out  # data/thesaurus.json: '자동클릭프로그램' → 매크로
