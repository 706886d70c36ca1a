"""'…알려주시기 바랍니다' is a polite 'tell me', not a question of when ('시기'): the question is read for what it asks."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_a_formal_request_for_the_unit_in_charge() -> None:
    a = answer("항공사진 촬영 및 관리는 어느 부서가 담당하는지 알려주시기 바랍니다.", index=corpus_index())
    assert "공간정보과" in a.text and not a.abstained, a.text
