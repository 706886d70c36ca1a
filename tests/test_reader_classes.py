"""Passage-reader and table classes from the blind12 first run, each with its own examples (none from an eval set):
places and periods of an event, sums in 억 and over a span of years, a two-step subject named
'… 사업'."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.answer import answer
from app.engine.parse import parse
from tests.test_answer import DOC_2025, corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_an_events_period_is_read_from_its_labelled_line(idx) -> None:  # noqa: ANN001
    a = answer("서울 AI 페스타 행사 기간 언제야?", index=idx)
    assert "3.8." in a.text and "기간·장소" in a.text, a.text
    assert all(c.doc == DOC_2025 for c in a.citations)


def test_a_span_of_years_of_a_cost_row_is_summed(idx) -> None:  # noqa: ANN001
    a = answer("차세대 디지털 아카이브 사업비 2027년부터 2028년까지 합치면?", index=idx)
    assert "6,078백만원" in a.text and "계산: 2,505 + 3,573 = 6,078" in a.text, a.text


def test_a_two_step_subject_named_with_saeop_finds_its_unit(idx) -> None:  # noqa: ANN001
    a = answer("공공와이파이 확충 사업 맡은 과의 2025년 현원은?", index=idx)
    assert "정보통신과" in a.text and "28명" in a.text, a.text


@dataclass
class _Cite:
    n: int
    quote: str


def test_quoted_amounts_in_eok_are_summed_when_asked_how_many_eok(idx) -> None:  # noqa: ANN001
    from app.engine.quoted import arithmetic
    from app.engine.vocab import vocabulary

    f = parse("가지구랑 나지구 합치면 몇 억이야?", vocabulary(idx.data))
    said = arithmetic(f, [_Cite(1, "- 교부 완료 : (가지구) 3개區 1.5억, (나지구) 2개區 2억")])
    assert said is not None and "3.5억" in said, said


def test_a_definition_asked_in_the_engine_lexicons_casual_words_reads_the_glossary(idx) -> None:  # noqa: ANN001
    for q in ("스마트폴이 뭐임?", "메타데이터 뭐냐"):
        a = answer(q, index=idx)
        assert a.text.startswith("문서의 용어 설명입니다"), (q, a.text)


def test_a_row_under_every_unit_is_summed_when_all_are_asked(idx) -> None:  # noqa: ANN001
    a = answer("2025년 부서별 기본경비 전부 합치면?", index=idx)
    assert "1,370,903천원" in a.text and a.text.count("기본경비") >= 8, a.text
    one = answer("2025년 정보보안과 기본경비 얼마야?", index=idx)
    assert "63,770천원" in one.text and "1,370,903" not in one.text


def test_words_that_name_the_kind_of_answer_need_no_evidence(idx) -> None:  # noqa: ANN001
    """'… 시기와 기구', '(… 포함)': they say what to answer with, the line need not print them."""
    a = answer("인재개발원 e-러닝 정보공개 교육 이수 실적(인원 포함)은?", index=idx)
    assert not a.abstained and "34,958명" in a.text, a.text


def test_everyday_words_for_the_reports_terms(idx) -> None:  # noqa: ANN001
    """Lexicon data, not rules: '해킹 막는' is the reports' 정보보안, '안 쓰는 물건' their 불용품."""
    from app.engine.lexicon import lexicon
    from app.engine.normalize import everyday_text
    from app.engine.vocab import vocabulary

    vocab = vocabulary(idx.data)
    text, changed = everyday_text("해킹 막는 과 정원은?", lexicon().everyday, vocab.in_corpus)
    assert changed and "정보보안" in text
    a = answer("해킹 막는 부서 2026년 정원 몇 명이야?", index=idx)
    assert "정보보안과" in a.text and "27명" in a.text, a.text


def test_a_date_of_record_no_report_has_is_refused_not_answered_with_another_date(idx) -> None:  # noqa: ANN001
    late = answer("2026년 6월 말 기준 정보보안과 집행률은?", index=idx)
    assert late.abstained, late.text
    own = answer("2026년 3월 31일 기준 정보보안과 집행률은?", index=idx)
    assert "48.7%" in own.text
    until = answer("데이터센터 정원 몇 명이야? 8월 말까지 그대로야?", index=idx)
    assert not until.abstained  # '8월 말까지' is a deadline, not a date of record


def test_least_money_used_ranks_by_execution_rate_ascending(idx) -> None:  # noqa: ANN001
    a = answer("돈 제일 못 쓴 부서 어디야?", index=idx)
    assert "집행률이 가장 낮은" in a.text and "예산현액이 가장 많은" not in a.text, a.text


def test_one_year_as_two_reports_print_it_is_compared_for_a_same_check(idx) -> None:  # noqa: ANN001
    a = answer("데이터센터 2025년 예산, 작년 업무보고 예산현액이랑 올해 보고서 최종예산이 같아?", index=idx)
    assert a.text.startswith("아니요") and "52,688,205" in a.text and "52,700,772" in a.text, a.text
    assert "적습니다" in a.text  # the earlier report's figure is the smaller one
