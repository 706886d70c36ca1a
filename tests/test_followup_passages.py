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


def test_a_bare_name_of_another_kind_is_asked_the_last_question(idx) -> None:  # noqa: ANN001
    a = answer("서울AI재단은?", index=idx, history=["26년 직종별 현원에 데이터센터 임기제 몇 명?"])
    # the organisation has no row in the job-series table: refused, never its budget row (출연) instead
    assert a.abstained, a.text
    assert a.text.startswith("'26년 직종별 현원에 서울AI재단 임기제 몇 명?'")


def test_a_headcount_asked_of_a_job_series_is_not_an_authorised_headcount_nearby(idx) -> None:  # noqa: ANN001
    a = answer("2026년 서울AI재단 행정직 현원 몇 명이야?", index=idx)
    assert a.abstained, a.text  # '(정원 52명)' beside the foundation's name is no 현원 of a job series


def test_a_number_of_teams_is_answered_by_a_count_of_teams_or_refused(idx) -> None:  # noqa: ANN001
    a = answer("2026년 정보보안과 팀 수는?", index=idx)
    assert not a.abstained and "5팀" in a.text, a.text
    b = answer("2025년 정보보안과 팀 수는?", index=idx)  # the 2025 report prints no team count per unit
    assert b.abstained, b.text  # never the unit's duties or a budget row instead


def test_the_unit_in_charge_of_the_last_project_is_asked_its_figure(idx) -> None:  # noqa: ANN001
    a = answer("그 소관 과 현원은?", index=idx, history=["26년 EDR 확대 설치 사업 예산 얼마야?"])
    assert not a.abstained and "정보보안과" in a.text and "27명" in a.text, a.text


def test_a_bare_two_digit_year_before_a_budget_column_is_a_year() -> None:
    from app.engine.text import YEAR2, year2_of

    assert [year2_of(m) for m in YEAR2.finditer("25 최종예산은?")] == [2025]
    assert [year2_of(m) for m in YEAR2.finditer("'24년 대비 26 예산현액")] == [2024, 2026]
    assert list(YEAR2.finditer("25억 넘는 예산")) == []  # an amount, not a year


def test_the_final_budget_of_a_year_written_bare_is_that_year_column(idx) -> None:  # noqa: ANN001
    a = answer("25 최종예산은?", index=idx, history=["데이터센터 26년 예산현액 얼마?"])
    assert not a.abstained and "2025 최종예산" in a.text, a.text
    assert "2026 예산현액" not in a.text.split("이해했습니다.")[-1]  # not the 2026 figure again
