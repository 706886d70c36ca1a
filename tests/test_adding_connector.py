"""'근데/그런데 …' before a question with subject words of its own is a new topic: nothing of the last turn is
carried into it; '근데 현원은?' (nothing of its own) still varies the last question."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_but_then_a_new_passage_topic_stands_alone() -> None:
    a = answer("그런데 서울데이터허브 주제분석 시각화 몇 개로 늘려?", index=corpus_index(), history=["정보보안과 예산 얼마?"])
    assert "이해했습니다" not in a.text and "15개" in a.text, a.text
    assert all(c.line_start == 772 for c in a.citations), a.citations


def test_but_then_a_bare_measure_still_follows_up() -> None:
    a = answer("근데 현원은?", index=corpus_index(), history=["데이터센터 정원"])
    assert "데이터센터 현원" in a.text and "65명" in a.text, a.text
