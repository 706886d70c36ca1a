"""A question that says it changes topic ('그건 그렇고', '아 그리고', 'btw') or that adds a whole question of its own
after '근데'/'그리고' is answered on its own, never with the earlier turn's subject; and a passage of the asked
year's report answers when another report's similar passage ranked first."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.conversation import topic_switched
from tests.test_answer import DOC_2026, corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


@pytest.mark.parametrize("said, rest", [
    ("그건 그렇고, 서울기록원 예산은?", "서울기록원 예산은?"),
    ("아 그리고 공간정보과 현원은?", "공간정보과 현원은?"),
    ("음 그나저나 세입 총계 얼마야", "세입 총계 얼마야"),
    ("btw, what is the budget?", "what is the budget?"),
])
def test_a_topic_switch_marker_leaves_the_question_of_its_own(said: str, rest: str) -> None:
    assert topic_switched(said) == rest


@pytest.mark.parametrize("said", ["그건 그렇고요", "됐고요 현원은?", "그럼 작년엔?", "그리고 현원은?"])
def test_words_that_only_begin_like_a_marker_are_not_a_switch(said: str) -> None:
    assert topic_switched(said) is None


def test_after_a_switch_the_old_subject_is_not_carried(idx) -> None:  # noqa: ANN001
    a = answer("그건 그렇고 정보보안과 현원은 몇 명이야?", index=idx, history=["서울기록원 기본경비 얼마야?"])
    assert "정보보안과" in a.text and "서울기록원" not in a.text and "이해했습니다" not in a.text, a.text


def test_and_before_a_whole_definition_question_starts_afresh(idx) -> None:  # noqa: ANN001
    a = answer("근데 용어설명에 디지털 트윈은 뭐라고 나와?", index=idx, history=["데이터센터 현원 몇 명이야?"])
    assert "디지털 트윈" in a.text and "현원" not in a.text, a.text


def test_and_before_an_elliptical_question_still_follows_up(idx) -> None:  # noqa: ANN001
    a = answer("그리고 현원은?", index=idx, history=["공간정보과 정원 몇 명이야?"])
    assert "공간정보과" in a.text and "27명" in a.text, a.text


def test_the_asked_years_report_is_read_when_the_other_reports_passage_ranks_first(idx) -> None:  # noqa: ANN001
    a = answer("26년 지능형 CCTV 전환 몇 대야?", index=idx)
    assert "3,343대" in a.text and all(c.doc == DOC_2026 for c in a.citations), a.text
