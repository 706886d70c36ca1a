"""A team (or a 사업소's section) named to mean the unit it belongs to: '… 있는 과', '… 소속 부서', '…은 어느 과
소속': the unit is read from the organisation line that lists the team, cited there, then its figure is looked up
like any unit's. A team's own figure, which no table prints, is still refused."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.parse import parse
from app.engine.vocab import vocabulary
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_the_unit_a_team_belongs_to_is_read_and_its_figure_looked_up(idx) -> None:  # noqa: ANN001
    a = answer("공간정보운영팀 소속 부서 집행률은?", index=idx)
    assert "공간정보과" in a.text and "21.2%" in a.text, a.text
    quotes = [c.quote for c in a.citations]
    assert any("공간정보운영팀" in q for q in quotes), quotes  # the organisation line that lists the team is cited


def test_a_team_named_with_its_unit_word_reads_a_budget_line_of_that_unit(idx) -> None:  # noqa: ANN001
    a = answer("사이버안전센터팀 있는 과 기본경비 얼마야?", index=idx)
    assert "정보보안과" in a.text and "기본경비" in a.text, a.text
    assert not a.abstained


def test_a_section_of_a_business_office_names_the_office(idx) -> None:  # noqa: ANN001
    a = answer("운영지원과 속한 사업소 정원 몇명?", index=idx)
    assert "서울기록원" in a.text and "24명" in a.text, a.text


def test_which_unit_a_team_belongs_to_is_answered_plainly(idx) -> None:  # noqa: ANN001
    a = answer("통신인프라팀은 어느 과 소속이에요?", index=idx)
    assert a.text.startswith("통신인프라팀은 정보통신과") and "소속" in a.text, a.text


def test_a_teams_own_headcount_is_not_answered_with_its_units(idx) -> None:  # noqa: ANN001
    a = answer("공간영상활용팀 정원은 몇 명이야?", index=idx)
    assert a.abstained and "명" not in a.text.split("가장 가까운")[0], a.text


def test_a_team_named_as_a_thing_is_not_read_as_its_unit(idx) -> None:  # noqa: ANN001
    f = parse("공공와이파이팀 업무가 뭐야?", vocabulary(idx.data))
    assert f.member is None


@pytest.mark.parametrize(("question", "office", "section"), [("서울기록원 보존서비스과 정원은?", "서울기록원", "보존서비스과"),
                                                          ("데이터센터 상암정보운영과 현원 몇명이야?", "데이터센터", "상암정보운영과")])
def test_a_section_of_a_business_office_is_a_row_to_find_not_a_word_to_drop(idx, question, office, section) -> None:  # noqa: ANN001
    # the staffing tables print the office, not its 과: reading the office's own figure would answer the wrong thing,
    # so the section stays a name the table lookup must find (and refuses when no table prints it)
    f = parse(question, vocabulary(idx.data))
    assert f.units == [office] and section in f.rows, (f.units, f.rows)
