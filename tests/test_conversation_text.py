"""Follow-ups of questions the reports answered by quoting a line (no table cell holds what they were about), or
did not answer: read on the earlier question's own words. Own conversations, none from an eval set."""
from __future__ import annotations

import pytest

from tests.test_answer import DOC_2025, corpus_index
from tests.test_conversation import chat


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_measure_printed_beside_the_quoted_subject_keeps_that_subject(idx) -> None:  # noqa: ANN001
    first, follow = chat(idx, "디지털동행플라자 방문인원 몇 명이야?", "만족도는?")
    assert "72,737명" in first.text
    assert "디지털동행플라자" in (follow.resolved or "") and "95.3점" in follow.text, follow.text


def test_after_a_refused_question_its_words_carry_the_follow_up(idx) -> None:  # noqa: ANN001
    # the 2026 report prints no audit results (the 2025 one does)
    refused, follow = chat(idx, "26년 보고서에 행감 결과 실려 있나?", "그럼 25년 보고서엔?")
    assert refused.abstained
    assert "41건" in follow.text and "행정사무감사" in (follow.resolved or ""), follow.text


def test_everything_but_done_on_an_audit_list_is_counted_and_summed(idx) -> None:  # noqa: ANN001
    _, rest = chat(idx, "2024 행감 처리결과 총 몇 건이야?", "완료된 거 빼고 나머지는 몇 건?")
    assert "24건" in rest.text, rest.text
    alone = chat(idx, "2024 행감 결과 중 완료된 거 빼면 몇 건 남았어?")[0]
    assert "22건" in alone.text and "2 + 22 = 24건" in alone.text, alone.text


def test_a_change_between_two_figures_of_the_quoted_line(idx) -> None:  # noqa: ANN001
    *_, change = chat(idx, "사이버안전센터 보안관제 2025년엔 몇 개 기관이었어?", "2026년엔?", "몇 개 늘어?")
    assert "10개" in change.text and "계산: 96개 − 86개 = 10개" in change.text, change.text


def test_a_pronoun_points_at_the_subject_words_of_a_quoted_question(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "2025 인구주택총조사는 언제 실시해?", "거기 조사 대상은 몇 가구야?")
    assert "인구주택총조사" in (follow.resolved or "") and "100만 가구" in follow.text, follow.text
    assert all(c.doc == DOC_2025 for c in follow.citations)


def test_a_bare_name_after_a_quoted_schedule_asks_the_same_of_it(idx) -> None:  # noqa: ANN001
    _, other = chat(idx, "2026년 서울시 대표누리집 재해복구 구축 언제 해?", "응답소는?")
    assert other.resolved and "응답소" in other.resolved and "대표누리집" not in other.resolved, other.resolved


def test_a_follow_up_asking_last_years_final_budget_reads_the_next_report(idx) -> None:  # noqa: ANN001
    """'25년 최종예산은?': the column asked stays in the question and is read where it is printed (the 2026 report's
    '2025 최종예산'), not the 2025 report's own 예산현액."""
    _, final, gap = chat(idx, "공간정보과 26년 예산현액 얼마야?", "25년 최종예산은?", "차이 얼마임?")
    assert "최종예산" in (final.resolved or "") and "2025 최종예산" in final.text, final.text
    assert "차이는" in gap.text and "계산:" in gap.text


def test_a_definition_after_a_figure_is_a_new_topic(idx) -> None:  # noqa: ANN001
    _, define = chat(idx, "정보보안과 26년 기본경비 얼마야?", "근데 스마트폴이 뭐야?")
    assert "용어 설명" in define.text and "기본경비" not in (define.resolved or ""), define.text
