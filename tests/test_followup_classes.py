"""Classes of questions read from the fourth session's regression sets, each with its own examples (none from an
eval set): a Latin word typed in another case, a quoted line's figure as an operand, a column's name inside a
longer word, a row named without its last generic word, a bare name after a measure, the kind of thing a ranking
follow-up names, and a thing asked with no measure."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.answer import answer
from app.engine import results
from app.engine.normalize import corpus_cased
from app.engine.parse import parse
from app.engine.vocab import vocabulary
from tests.test_answer import DOC_2025, DOC_2026, cited_lines, corpus_index
from tests.test_conversation import chat


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_latin_word_is_read_in_the_reports_spelling() -> None:
    forms = {"edr": "EDR", "it": "IT", "is": "IS", "seoul": "Seoul"}
    assert corpus_cased("edr 설치는 언제?", forms) == "EDR 설치는 언제?"
    assert corpus_cased("Edr랑 it 예산", forms) == "EDR랑 IT 예산"
    # in an English question only acronyms of three or more letters change: 'is' and 'it' stay English words
    assert corpus_cased("when is it edr", forms, english=True) == "when is it EDR"


def test_a_lower_case_acronym_finds_the_line_the_upper_case_one_does(idx) -> None:  # noqa: ANN001
    lower, upper = answer("edr 확대 설치 언제야?", index=idx), answer("EDR 확대 설치 언제야?", index=idx)
    assert not lower.abstained and "2026. 1. ~ 8." in lower.text
    assert cited_lines(lower) == cited_lines(upper)


def test_figures_of_a_quoted_report_line_are_not_figures_the_answer_stated() -> None:
    said = "문서에 따르면 다음과 같습니다.\n- 가 사업 규모 : 신설 10대, 교체 20대 [1]"
    assert results.stated(said) == []
    assert [f.raw for f in results.stated("가의 예산은 1,200천원[1]입니다.\n- 가 : 1,200천원 [1]")] == ["1,200천원"]


def _quoting_turn(text: str, quote: str) -> SimpleNamespace:
    cite = SimpleNamespace(n=1, doc="d", line_start=5, line_end=5, quote=quote, row_path=None, column=None, value=None)
    return SimpleNamespace(question=text, text=text, said=f"문서에 따르면 다음과 같습니다.\n- {quote} [1]",
                           cited=[("d", 5, quote)], citations=[cite], quoted=True, items=[],
                           frame=SimpleNamespace(units=[], rows=[], parts=[], projects=[], metrics=[]))


def test_each_quoting_answer_gives_the_figure_printed_after_its_questions_word() -> None:
    line = "가 사업 규모 : 총 12억원, 신설 100대(10개소), 교체 250대, 전환 300대"
    prior = [_quoting_turn("가 사업 신설 몇 대?", line), _quoting_turn("가 사업 교체 몇 대?", line)]
    said, _, _ = results.compute("sum", "합치면 몇 대?", prior)
    assert "350대" in said and "100 + 250" in said
    # the same figure given twice is one thing, not two operands
    twice = [_quoting_turn("가 사업 교체 몇 대?", line), _quoting_turn("가 사업 교체는 몇 대?", line)]
    assert results.compute("diff", "차이는?", twice) is None


def test_two_quoting_answers_on_two_lines_are_summed(idx) -> None:  # noqa: ANN001
    *_, total = chat(idx, "2025 보고서 cctv 교체 몇 대였어?", "지능형 전환은?", "둘이 합치면?")
    assert "3,333" in total.text and "17,200" in total.text and "20,533대" in total.text
    assert {(DOC_2025, ln) for _, ln in cited_lines(total)} == cited_lines(total)


def test_a_column_name_inside_a_longer_printed_word_is_not_that_column(idx) -> None:  # noqa: ANN001
    v = vocabulary(idx.data)
    assert parse("행정정보통신망 예산 얼마?", v).parts == []
    assert parse("2025년 정보통신 몇 식?", v).parts == ["정보통신"]  # the column itself, a word of its own


def test_a_row_named_without_its_generic_last_word(idx) -> None:  # noqa: ANN001
    a = answer("행정정보통신망 예산 얼마?", index=idx)
    assert "1,315,390천원" in a.text and not a.abstained
    assert {d for d, _ in cited_lines(a)} == {DOC_2026}  # the newest report's row, when no year is asked
    # words that go on into a longer name the reports print are that longer thing, not the row
    v = vocabulary(idx.data)
    assert not [r for r in parse("차세대 디지털 아카이브 사업비 얼마?", v).rows if "아카이브" in r]


def test_a_bare_name_after_a_measure_asks_that_measure_of_the_name(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "디지털배움터 운영 지출액 집행률?", "행정정보통신망은?")
    assert "12.4%" in follow.text and "행정정보통신망" in follow.resolved


def test_a_ranking_follow_up_that_says_departments_ranks_departments(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "2026년 행정직 현원 몇 명?", "그중 제일 많은 부서는?")
    assert "디지털정책과" in follow.text and "19명" in follow.text and "직종은" not in follow.text


def test_a_thing_asked_with_no_measure_gets_its_tables_headline_figure(idx) -> None:  # noqa: ANN001
    a = answer("2025년 보고서 기준 정보통신공사업 위반 과태료는?", index=idx)
    assert "351,000천원" in a.text
    _, follow = chat(idx, "정보통신공사업 위반 과태료 올해 얼마야?", "작년 보고서엔?")
    assert follow.resolved == "2025년 정보통신공사업 위반 과태료는?" and "351,000천원" in follow.text


def test_the_askers_judgement_before_a_request_is_not_what_is_asked(idx) -> None:  # noqa: ANN001
    from app.engine.pipeline import without_preamble

    v = vocabulary(idx.data)
    assert without_preamble("가나 사업 집행이 미흡한데, 원인행위액을 제출 바랍니다.", v) == \
        "가나 사업 집행이 원인행위액을 제출 바랍니다."
    # a figure the asker states stays: it may be what a yes/no question checks
    assert "67명인데," in without_preamble("데이터센터 정원은 67명인데, 현원은?", v)
    a = answer("열린데이터광장 운영 예산 집행이 저조한데, 원인행위액을 제출 바랍니다.", index=idx)
    assert "744,600천원" in a.text and not a.abstained


def test_a_quoted_count_asked_again_in_another_report_reads_that_reports_lines(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "디지털동행플라자 몇 개소 운영 중이야?", "25년 보고서엔 몇 개소라고 돼 있어?")
    assert follow.resolved.startswith("2025년 보고서 기준 디지털동행플라자") and "부서" not in follow.resolved
    assert not follow.abstained and {d for d, _ in cited_lines(follow)} == {DOC_2025}


def _turn(question: str, said: str, metrics: list[str]) -> SimpleNamespace:
    frame = SimpleNamespace(units=["가과"], rows=[], parts=[], projects=[], metrics=metrics)
    return SimpleNamespace(question=question, text=question, said=said, cited=[("d", 3, "q"), ("d", 4, "r")],
                           citations=[], quoted=False, items=[], frame=frame)


def test_both_items_of_an_answer_that_named_one_other_reading_are_summed() -> None:
    said = "가 사업의 2026 예산현액은 340천원[1]입니다. 다른 항목: 나 사업 100천원[2]. 원하는 항목(부서)을 지정해 주세요."
    got = results.compute("sum", "두 개 합치면?", [_turn("가 사업 얼마?", said, ["budget"])])
    assert got is not None and "440천원" in got[0] and "340 + 100" in got[0]


def test_what_is_left_of_the_whole_after_its_part_in_one_answer() -> None:
    said = "가과의 예산현액은 1,000천원[1], 원인행위액은 300천원[1]으로 원인행위 집행률은 30.0%[1]입니다."
    got = results.compute("rest", "안 쓴 잔액은?", [_turn("가과 예산현액이랑 원인행위액", said, ["budget", "executed"])])
    assert got is not None and "700천원" in got[0] and "1,000 − 300" in got[0]


def test_a_yes_no_on_whether_a_project_has_a_budget(idx) -> None:  # noqa: ANN001
    funded = answer("재해복구시스템 확대 사업은 비예산이야?", index=idx)
    assert funded.text.startswith("아니요") and "1,940백만원" in funded.text
    unfunded = answer("디지털동행 파트너 운영에 예산이 배정돼 있어?", index=idx)
    assert unfunded.text.startswith("아니요") and "비예산" in unfunded.text
    claimed = answer("디지털동행 파트너 운영은 예산 없는 사업 맞아?", index=idx)
    assert claimed.text.startswith("네") and "비예산" in claimed.text


def test_whose_project_it_is_is_asked_by_where_it_is_done(idx) -> None:  # noqa: ANN001
    a = answer("빅데이터 캠퍼스 어디서 하는 사업이야?", index=idx)
    assert "담당 부서는 데이터전략과" in a.text and "천원" not in a.text


def test_a_pronoun_after_an_audit_item_points_at_that_item(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "행감에서 스마트서울뷰 유지관리비 지적 있었지?", "그거 추진상황은?")
    assert "스마트서울뷰" in follow.resolved and "추진완료" in follow.text
    assert "41건" not in follow.text  # not the whole audit list's count


def test_a_tables_header_line_names_its_rows() -> None:
    from app.engine.vocab import row_headers

    recs = [SimpleNamespace(table_id="d:t1", doc="d", line=4), SimpleNamespace(table_id="d:t1", doc="d", line=5),
            SimpleNamespace(table_id="d:t2", doc="d", line=9)]
    lines = ["제목", "", "권 역\t개소\t비고", "동북\t3\t-", "서남\t2\t-", "", "", "구분\t정원", "가과\t12"]
    assert row_headers(recs, lambda doc: lines) == [("권역", "권역", "d:t1")]  # '구분' names nothing


def test_a_ranking_over_the_rows_a_table_header_names(idx) -> None:  # noqa: ANN001
    a = answer("AI 행정서비스 분야 중 개수 제일 적은 분야는?", index=idx)
    assert "AI 업무방식 혁신(8개" in a.text and "가장 적은 분야" in a.text
    assert {d for d, _ in cited_lines(a)} == {DOC_2025}


def test_a_numbered_name_after_a_quoted_answer_replaces_the_one_of_its_kind(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "재해복구 2등급으로 구축 끝난 시스템 알려줘", "3·4등급은요?")
    assert follow.resolved == "재해복구 3·4등급 구축 끝난 시스템 알려줘"
    assert "외국어누리집" in follow.text and "재해복구시스템이란" not in follow.text


def test_a_rate_asked_again_on_another_basis(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "정보보안과 원인행위 집행률 얼마야?", "지출액 기준으로는?")
    assert follow.resolved == "정보보안과 지출액 집행률은?" and "7.8%" in follow.text


def test_all_the_named_figures_of_the_quoted_line_summed(idx) -> None:  # noqa: ANN001
    _, total = chat(idx, "2026 CCTV 사업에서 전환 몇 대야?", "신설이랑 교체까지 다 합치면?")
    assert "8,536대" in total.text and "114" not in total.text.split("\n")[0]


def test_units_with_a_staff_shortfall_are_those_below_their_authorized_headcount(idx) -> None:  # noqa: ANN001
    a = answer("26년에 인력이 부족한 과 어디야?", index=idx)
    assert "현원이 정원보다 적은 부서는 2곳" in a.text and "데이터센터" in a.text and "서울기록원" in a.text
    old = answer("2025년 결원 난 부서 알려줘", index=idx)
    assert "3곳" in old.text and {d for d, _ in cited_lines(old)} == {DOC_2025}


def test_an_acronym_typed_with_a_slip_and_a_count_typed_one_key_off() -> None:
    from app.engine.normalize import count_slips_fixed

    forms = {"edr": "EDR", "ismp": "ISMP", "wifi": "WiFi"}
    assert corpus_cased("ISPM 추진 언제?", forms) == "ISMP 추진 언제?"  # two letters swapped
    assert corpus_cased("wufi 몇 대?", forms) == "wufi 몇 대?"  # only acronyms printed in capitals are corrected
    assert count_slips_fixed("과가 멋개 있어요?") == "과가 몇 개 있어요?"
    assert count_slips_fixed("멋있는 사업 알려줘") == "멋있는 사업 알려줘"


def test_a_glossary_acronym_typed_with_two_letters_swapped(idx) -> None:  # noqa: ANN001
    a = answer("RIFD 뜻이 뭐야?", index=idx)
    assert "전자태그" in a.text and not a.abstained


def test_names_inside_a_question_typed_without_spaces_are_set_apart(idx) -> None:  # noqa: ANN001
    from app.engine.normalize import respaced

    v = vocabulary(idx.data)
    from app.engine.link import link

    text = "2026년공간정보과소속팀몇개야"
    assert respaced(text, link(text, v)).startswith("2026년 공간정보과 ")
    assert respaced("공간정보과 팀 몇 개야", link("공간정보과 팀 몇 개야", v)) == "공간정보과 팀 몇 개야"
    a = answer("2026년공간정보과소속팀전부알려줘", index=idx)
    assert not a.abstained and "공간정보기획팀" in a.text and "지도서비스팀" in a.text


def test_the_reporting_bureau_named_beside_what_is_asked_is_not_a_word_a_line_must_print(idx) -> None:  # noqa: ANN001
    from app.analyze import analyze
    from app.vocab import vocab_for

    v = vocab_for(idx.data)
    assert "디지털도시국" not in analyze("디지털도시국의 정책 목표는 무엇입니까?", v).key_terms
    assert "디지털도시국" in analyze("디지털도시국 정원 몇 명?", v).key_terms  # its own total is asked
    a = answer("디지털도시국의 정책 목표는 무엇입니까?", index=idx)
    assert "디지털로 즐거운 도시" in a.text


def test_a_ranking_that_names_a_table_is_not_answered_from_another_table(idx) -> None:  # noqa: ANN001
    from app.engine.pipeline import _names_another_table
    from app.engine.tables import tables_of

    tabs = tables_of(idx.data)
    f = parse("2025년 정보자원 보유 현황 중 가장 적은 부서는?", vocabulary(idx.data))
    owns = [t for t in tabs.tables if t.year == 2025 and "정보자원" in t.title]
    other = [t for t in tabs.tables if t.year == 2025 and "세출" in t.title and not t.virtual]
    assert owns and other
    assert not _names_another_table(f, owns[0], tabs) and _names_another_table(f, other[0], tabs)
    b = answer("2026년 세출총괄 기준 예산 제일 많은 부서는?", index=idx)
    assert "데이터센터" in b.text  # the table named is the one ranked


def test_a_word_of_asking_with_a_slip(idx) -> None:  # noqa: ANN001
    from app.engine.normalize import cue_typos_fixed

    printed = {"집행률", "예산"}
    fixed, changed = cue_typos_fixed("가과 지행률 알려줘", ["집행률"], lambda w: w in printed)
    assert changed and fixed == "가과 집행률 알려줘"  # only the first syllable's final consonant dropped
    assert cue_typos_fixed("가과 시행률 알려줘", ["집행률"], lambda w: w in printed) == ("가과 시행률 알려줘", False)
    a = answer("데이터센터 정언 몇명이야?", index=idx)
    assert "67명" in a.text


def test_a_word_of_asking_the_reports_never_print_is_not_an_unknown_thing(idx) -> None:  # noqa: ANN001
    from app.analyze import analyze
    from app.vocab import vocab_for

    v = vocab_for(idx.data)
    assert "변동" not in analyze("정보보안과 예산 변동 있어?", v).unknown  # '변동' asks a change
    assert "블록체인" in analyze("블록체인 예산 얼마야?", v).unknown  # a thing the reports never name still is
    a = answer("공유재산임대료 예산현액은 얼마이며 전년 대비 어떻게 변동했어?", index=idx)
    assert "7,970,130천원" in a.text and "991,498천원" in a.text
