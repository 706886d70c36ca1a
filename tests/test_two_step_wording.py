"""Two-step questions ('X 맡는 부서의 …'): the unit found from what it does, then its figure in the year asked; a
change asked of it is the later year's printed change, whatever word asks it ('변했어', '달라졌어')."""
from __future__ import annotations

import pytest

from app.answer import answer
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_the_unit_that_takes_on_a_duty_then_its_headcount(idx) -> None:  # noqa: ANN001
    a = answer("항공사진 판독 맡는 부서의 2026년 현원은?", index=idx)
    assert "공간정보과" in a.text and "27명" in a.text, a.text


def test_a_change_of_that_units_budget_is_the_later_years_change(idx) -> None:  # noqa: ANN001
    a = answer("항공사진 판독을 하는 부서의 2026년 세출 예산은 전년 최종예산보다 얼마나 변했어?", index=idx)
    assert "공간정보과" in a.text and "1,976,450" in a.text and "증가" in a.text, a.text
    assert "8,732,802천원[1][2]입니다" not in a.text  # not the 2025 report's budget as the answer


def test_a_change_asked_as_dallajyeosseo(idx) -> None:  # noqa: ANN001
    a = answer("2026년 공간정보과 예산 전년보다 얼마나 달라졌어?", index=idx)
    assert "1,976,450" in a.text and "증가" in a.text, a.text


def test_a_count_of_members_asked_without_a_question_word_wants_the_people_counted(idx) -> None:  # noqa: ANN001
    # '회원수 알려줘' asks a number of people: the line printing '회원수 약 12만명', not an audit line naming 서울지갑
    a = answer("서울지갑 회원수 알려줘", index=idx)
    assert "12만명" in a.text and "구글 평점" not in a.text, a.text


def test_a_unit_called_by_the_first_syllables_of_its_words(idx) -> None:  # noqa: ANN001
    a = answer("데센 현원은?", index=idx)
    assert "데이터센터" in a.text and "65명" in a.text, a.text
    b = answer("디정과 2026 예산 얼마야?", index=idx)
    assert "디지털정책과" in b.text and "34,326,934" in b.text, b.text
    # an abbreviation is matched as typed only: '예정 시기' is no slip of any unit's initials
    c = answer("서울지갑 통합 앱 오픈 예정 시기가 언제야?", index=idx)
    assert "정보시스템과" not in c.text.split("\n")[0], c.text


def test_initials_are_kept_only_when_they_name_one_unit_and_are_no_word_of_their_own() -> None:
    from app.engine.vocab import initials_of

    units = {k: k for k in ("데이터센터", "디지털정책과", "정보보안과", "정보시스템과", "정보통신과", "서울기록원")}
    got = initials_of(units, corpus_key="")
    assert got["데센"] == "데이터센터" and got["디정과"] == "디지털정책과"
    assert "정보과" not in got  # '정보' is part of other units' names
    assert "정시과" not in got and "정통과" not in got  # '정시', '정통' are words ('정시에', '정통과 현대')
    assert not any(v == "서울기록원" for v in got.values())  # the city is not abbreviated
    assert "데센" not in initials_of(units, corpus_key="…데센…")  # printed in the reports: a word of its own


def test_how_often_is_answered_by_a_frequency_not_an_amount(idx) -> None:  # noqa: ANN001
    a = answer("사업체조사는 얼마나 자주 실시해?", index=idx)
    assert "매년" in a.text and not a.abstained, a.text
    b = answer("인구주택총조사 실시 주기는?", index=idx)
    assert "5년 주기" in b.text, b.text
    # a council request asking a cycle and a count of sessions: '주기', '횟수' say how to answer, not what to find
    c = answer("디지털재난 대응체계 구축 사업의 장애대응 모의훈련 주기와 직원 역량강화 교육 횟수를 제시하시오.", index=idx)
    assert "연1회" in c.text and "연2회" in c.text, c.text
