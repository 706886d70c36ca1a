"""Council-style requests: '○○ 사업에 대한 추진실적과 향후계획은?' quotes the project's record and plan blocks; the
request nouns ('추진실적', '향후계획', '개선방안') are not words the evidence must print; a stated rate of change
('전년보다 N% 늘었다던데') is checked against the printed 증감률, never against an amount."""
from __future__ import annotations

import pytest

from app.answer import answer
from tests.test_answer import DOC_2025, DOC_2026, corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_projects_record_and_plan_are_quoted_block_by_block(idx) -> None:  # noqa: ANN001
    a = answer("스마트서울맵 활성화 사업의 추진실적과 향후계획을 제시하시오.", index=idx)
    assert "[추진현황]" in a.text and "[추진일정]" in a.text, a.text
    assert a.text.index("[추진현황]") < a.text.index("[추진일정]")
    assert all(c.doc == DOC_2026 for c in a.citations) and len(a.citations) >= 3


def test_only_the_plan_is_quoted_when_only_the_plan_is_asked(idx) -> None:  # noqa: ANN001
    a = answer("전통시장 입체주소 구축 사업 향후계획은?", index=idx)
    assert "[추진일정]" in a.text and "[추진내용]" not in a.text, a.text
    assert all(c.doc == DOC_2025 for c in a.citations)


def test_a_figure_asked_of_a_project_is_not_answered_with_its_blocks(idx) -> None:  # noqa: ANN001
    a = answer("스마트서울맵 활성화 사업 추진실적 중 예산은 얼마야?", index=idx)
    assert "[추진현황]" not in a.text


@pytest.mark.parametrize("q, verdict", [
    ("데이터센터 2026년 예산 전년보다 16.6% 늘었다던데 맞아?", "네"),
    ("정보보안과 2026년 예산이 2.2% 감소한 거 맞지?", "네"),
    ("데이터센터 2026년 예산 10% 줄었어?", "아니요"),
])
def test_a_stated_rate_of_change_is_checked_against_the_printed_rate(idx, q: str, verdict: str) -> None:  # noqa: ANN001
    a = answer(q, index=idx)
    assert a.text.startswith(verdict), a.text
    assert "증감률" in a.text or "%" in a.text
