"""Follow-ups of an answer that quoted a project's lines, each with its own examples (none from an eval set): a part
of the quoted whole asked with 'among' ('그중 상용SW는?'), a cost asked with its suffix where the report prints the
stem beside the amount ('감리비' for '감리 81백만원'), and a question whose words all stand in the quoted passage."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.compose import covered
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_part_of_the_quoted_budget_asked_with_among(idx) -> None:  # noqa: ANN001
    a = answer("그중 상용SW는?", index=idx, history=["차세대 디지털 아카이브 사업예산 얼마야?"])
    assert not a.abstained and "232백만원" in a.text, a.text
    assert a.text.startswith("'차세대 디지털 아카이브 사업예산 중 상용SW는?'")  # what it was read as, shown


def test_a_cost_suffix_is_covered_by_its_stem_beside_an_amount() -> None:
    assert covered("감리비", "사업예산:867백만원(시스템개발552백만원/감리81백만원)", strict=True)
    assert not covered("업무추진비", "업무추진계획수립", strict=True)  # the stem alone is an activity, not its cost


def test_a_question_on_the_quoted_passage_keeps_its_subject(idx) -> None:  # noqa: ANN001
    a = answer("올해는 몇 대 설치 계획이야?", index=idx, history=["스마트폴 사업 소요예산 얼마야?"])
    assert a.text.startswith("'"), a.text  # read on the last subject (스마트폴), shown
    assert "EDR" not in a.text  # never another project's count
