"""'Which team' is answered with the team on the project's contact line, cited there; a question asking for a
unit is never answered with a budget row's amount."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index

DOC_2025 = "seoul-digital-city-bureau-2025-02-work-report.txt"


def test_which_team_names_the_team_on_the_contact_line() -> None:
    a = answer("공공와이파이 확충 사업 어느 팀이 맡아?", index=corpus_index())
    assert "공공와이파이팀" in a.text and "정보통신과" in a.text, a.text
    assert any(c.doc == DOC_2025 and c.line_start == 618 for c in a.citations), a.citations


def test_which_team_as_a_follow_up_keeps_the_project() -> None:
    a = answer("담당팀은?", index=corpus_index(), history=["메타데이터 관리체계 개선 언제까지야?"])
    assert "데이터플랫폼팀" in a.text, a.text
    assert "담당 팀" in a.text.split("이해했습니다")[0], a.text


def test_which_unit_for_a_budget_row_names_the_unit_not_the_amount() -> None:
    a = answer("서울서베이 담당 과는?", index=corpus_index())
    assert "데이터전략과" in a.text and "천원" not in a.text, a.text
