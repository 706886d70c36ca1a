"""The fourteenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.types import ABSTAIN_TEXT


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    from tests.test_answer import corpus_index

    return corpus_index()


def _ask(idx, question: str, history: list[str] | None = None) -> str:  # noqa: ANN001
    from app.answer import answer

    return answer(question, history=history, index=idx).text


def test_a_clause_that_says_the_question_is_for_an_audit_is_not_what_is_asked(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "행정사무감사 질의용으로, 2026년 지능형 CCTV 고도화 원인행위 집행률 알려줘")
    assert "100.0%" in text and "11,383,350" in text  # the row's own rate, not a refusal nor an audit item


def test_a_closing_sentence_that_only_says_why_is_left_out(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2026년 지능형 CCTV 고도화 지출액 얼마야? 행감 자료로 필요함")
    assert "11,383,350" in text


def test_a_heard_judgement_before_the_question_is_set_apart(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2026년 3월 말 기준 정보통신과 집행이 부진하던데, 지능형 CCTV 고도화 지출액은?")
    assert "11,383,350" in text


def test_a_name_kiwi_splits_is_read_whole() -> None:
    from app.analyze import glued_terms
    from app.answer import vocab_for
    from tests.test_answer import corpus_data

    vocab = vocab_for(corpus_data())
    # Kiwi reads '서울톡' as 서울 + 톡 (an adverb): the key term is the whole name the reports print, not '서울'
    assert glued_terms("서울톡 요새 몇 명이나 써?", ["서울"], vocab) == ["서울톡"]


def test_a_word_set_aside_needs_no_evidence_and_a_tensed_slip_is_mended(idx) -> None:  # noqa: ANN001
    assert "1,880대" in _ask(idx, "2026년 CCTV 신썰 몇 대야? 교체 말구")
    text = _ask(idx, "2026년 공공와이파이 신썰 몇 대? 교체 말고")
    assert ABSTAIN_TEXT in text and "450대" not in text  # the 2026 report replaces 450; it installs none new


def test_a_tensed_slip_is_mended_only_when_the_word_is_no_word_of_its_own() -> None:
    from app.engine.normalize import _untensed, short_typos_fixed

    assert _untensed("신썰") == "신설" and _untensed("쎈터") == "센터"
    fixed, _ = short_typos_fixed("진짜 나간 돈", "진자진자", lambda w: w == "진자", ["얼마"])
    assert fixed.startswith("진짜")  # '진짜' is an adverb Kiwi knows, not a slip of '진자'


def test_the_meaning_of_a_word_only_used_in_the_reports_is_refused(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "EDR이 무슨 뜻이야?")
    assert ABSTAIN_TEXT in text  # lines that install EDR say nothing of what it means


def test_a_line_that_defines_a_word_is_told_from_one_that_uses_it() -> None:
    from app.compose import defines, meaning_asked_of

    assert meaning_asked_of("제로트러스트가 무슨 뜻이야?") == "제로트러스트"
    assert meaning_asked_of("SDP는 뭘 의미해?") == "SDP" and meaning_asked_of("SDP 예산 얼마?") is None
    assert defines(" - * SDP : 사용자와 기기의 신원을 먼저 확인한 후 …", "SDP")
    assert defines("- 전 직원 SDP(사용자기기 다중인증) 기반 원격근무 환경 조성", "SDP")
    assert not defines("- 내부망 보안강화를 위한 EDR시스템 확대 설치", "EDR")


def test_a_total_up_to_a_year_is_not_that_years_figure() -> None:
    from app.compose import UNTIL, value_years

    line = "'26년까지 노후 CCTV 16,239대 교체 추진중임"
    assert value_years("대", line) == [2026]  # asked '2026년까지': the total by then is the answer
    assert value_years("대", line, until=False) == [UNTIL]  # asked '2026년': it is no figure of that year


def test_departments_ranked_by_a_job_column_when_the_ranking_says_top_k(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2026 직종별 현원 기준 행정직이 많은 부서 상위 2곳")
    assert "디지털정책과 19명" in text and "정보시스템과 11명" in text


def test_a_title_that_prints_an_abbreviation_is_linked_as_written() -> None:
    from app.engine.link import find_projects
    from app.engine.pipeline import vocabulary
    from tests.test_answer import corpus_data

    found = find_projects("2025서울AI페스타예산", vocabulary(corpus_data()))
    assert found and "페스타" in found[0].key


def test_which_of_two_projects_is_larger_when_each_is_read_on_its_own(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2025 소요예산 기준 스마트라이프워크랑 서울 AI 페스타 중 어디가 더 커?")
    head = text.split("\n")[0]
    assert "4,419" in head and "150" in head and "4,269" in head
    # the larger one is said to be larger (read by the engine from both budget bullets since the sixteenth session)
    assert "스마트라이프워크 쪽이 더 많음" in head or "더 많은 쪽은 서울 스마트라이프워크" in head


def test_a_word_inside_another_word_of_the_description_counts_once() -> None:
    from app.engine.described import _printed, _printed_distinct

    description = "스마트서울맵 고치는 서울맵"
    line = "스마트서울맵 개선"
    assert _printed_distinct(description, line) == _printed(description, line) - 1  # '서울' within '스마트서울맵'


def test_two_asks_in_one_sentence_are_split_at_the_first_verb() -> None:
    from app.answer import two_asks

    assert two_asks("그 플라자 올해 몇 곳 더 짓고 돈은 얼마 들어?") == ["그 플라자 올해 몇 곳 더 짓고", "돈은 얼마 들어?"]
    assert two_asks("어르신들 배우고 상담받는 공간 몇 곳이야?") is None  # one ask: '배우고' comes before it


def test_two_asks_are_each_answered(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2025년 디지털동행플라자 몇 곳 더 만들고 소요예산은 얼마야?")
    assert "3개소" in text and "6,100" in text


def test_a_year_that_is_the_reports_own_need_not_be_printed_on_the_line() -> None:
    from app.answer import Citation
    from app.engine.described import Described, answers_what_is_asked
    from tests.test_answer import corpus_data

    data = corpus_data()
    doc25 = next(d.doc for d in data.documents if d.year == 2025)
    cite = Citation(n=1, doc=doc25, section="", line_start=576, line_end=576, quote="- (사업내용) 추가 조성(3개소)")
    found = Described("…", "2025년에 몇 곳 더 만들어?", "t", doc25, "")
    assert answers_what_is_asked(found, [cite], data)  # the 2025 report's lines are of 2025
    later = Described("…", "2027년에는 몇 곳이야?", "t", doc25, "")
    assert not answers_what_is_asked(later, [cite], data)  # another year must be printed


def test_the_rows_a_header_names_are_summed(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2025년 분야별 서비스 개수 다 더하면 몇 개야?")
    assert "45" in text and "10 + 11 + 16 + 8" in text


def test_a_description_of_money_coming_in_is_no_project() -> None:
    from app.engine.described import _names_revenue

    assert _names_revenue("상암 빌딩 입주한 회사들이 내는 관리비 수입")
    assert not _names_revenue("어르신들이 스마트폰 배우는 공간")


def test_a_word_the_reports_never_print_is_read_as_their_word_for_it() -> None:
    from app.engine.lexicon import glosses
    from app.engine.normalize import glossed_words

    printed = {"방문인원", "디지털동행플라자"}
    assert glossed_words("디지털동행플라자 방문자 몇 명?", glosses(), lambda w: w in printed) == \
        "디지털동행플라자 방문인원 몇 명?"
    assert glossed_words("디지털동행플라자 방문인원 몇 명?", glosses(), lambda w: w in printed) is None


def test_how_many_subscribers_asks_people_and_is_read_in_the_reports_word(idx) -> None:  # noqa: ANN001
    from app.analyze import analyze
    from app.answer import vocab_for

    assert analyze("서울시민카드 가입자 얼마나 돼?", vocab_for(idx.data)).wants == "명"  # people, not money
    text = _ask(idx, "서울시민카드 가입자 얼마나 되지?")
    assert "34만명" in text  # printed as '회원수 약 34만명'


def test_the_share_of_it_in_a_named_unit_keeps_the_row_answered(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "그게 정보통신과 예산에서 몇 퍼센트야?", history=["2026년 지능형 CCTV 고도화 예산현액 얼마야?"])
    assert "26.3%" in text and "23.0%" not in text  # 11,388,383 of 43,298,294, not the unit's share of the bureau


def test_a_sum_asked_with_a_question_mark_is_no_yes_no(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2026년 데이터전략과 기본경비랑 공간정보과 기본경비 예산현액 합하면?")
    assert "합치면" in text and not text.startswith("네")


def test_a_revenue_total_is_never_read_from_the_spending_tables(idx) -> None:  # noqa: ANN001
    text = _ask(idx, "2026년도 세입·세출 예산 현황에서 세입 합계(예산현액)는 얼마입니까?")
    assert "188,462,187" not in text  # the 세출 total
