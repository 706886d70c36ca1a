"""Prompt files and their rendering (app/prompts.py): loud failures, exact evidence lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.prompts import (
    SYSTEM_PROMPT,
    USER_PROMPT,
    PromptError,
    evidence_block,
    load_prompt,
    render,
    render_messages,
    scaffold_lines,
    variables,
)
from app.types import ABSTAIN_TEXT, Answer, Citation

DOC26 = "seoul-digital-city-bureau-2026-04-current-issues.txt"
STAFF_ROW = "| 정원 | 274명 | 34명 | 30명 | 39명 | 27명 | 27명 | 26명 | 67명 | 24명 |"
DATACENTER = Citation(1, DOC26, "1. 일반현황 (2026.3.31. 기준)", 37, 37, STAFF_ROW, "디지털도시국 인력", "정원", "데이터센터", "67명")
PASSAGE = Citation(2, DOC26, "3. 주요 현안업무 > 3.10. 기록환경 변화에 맞춘 차세대 디지털 아카이브 운영", 432, 434,
                   "- 추진배경 : 전자기록 환경변화에 대응\n- 사업예산 : 867백만원")


def test_render_fills_named_variables() -> None:
    assert render("질문: {question}", question="정원은?") == "질문: 정원은?"
    assert render("{{literal}} {x}", x="1") == "{literal} 1"


def test_render_fails_on_missing_variable() -> None:
    with pytest.raises(PromptError, match=r"uses \{question\} but no value was given"):
        render("{evidence}\n{question}", "user.txt", evidence="[1] …")


def test_render_fails_on_unused_variable() -> None:
    with pytest.raises(PromptError, match=r"does not use \{question\}"):
        render("{evidence}", "user.txt", evidence="[1] …", question="정원은?")


@pytest.mark.parametrize("template", ["{}", "{0}", "{q.attr}", "{q!r}", "{q:>10}"])
def test_render_fails_on_non_plain_fields(template: str) -> None:
    with pytest.raises(PromptError, match="expected a plain name"):
        render(template, q="x")


def test_render_fails_on_unbalanced_brace() -> None:
    with pytest.raises(PromptError, match="not a valid template"):
        variables("{question", "user.txt")


def test_shipped_prompt_files_use_exactly_their_variables() -> None:
    assert variables(load_prompt(SYSTEM_PROMPT)) == {"abstain_text"}
    assert variables(load_prompt(USER_PROMPT)) == {"evidence", "question"}
    assert scaffold_lines(load_prompt(USER_PROMPT)) == ["[근거]", "[질문]", "[답변]"]


def test_system_prompt_is_korean_and_states_the_rules() -> None:
    system, _ = render_messages("데이터센터 정원은?", Answer("…", [DATACENTER], False, "grounded", 1.0))
    assert f'"{ABSTAIN_TEXT}"라고만 답하십시오' in system
    assert "[1]처럼 붙이십시오" in system
    assert "번호 붙은 항목만 사용해" in system


def test_evidence_block_golden() -> None:
    assert evidence_block([DATACENTER, PASSAGE]).splitlines() == [
        "[1] 값: 67명 | 표: 디지털도시국 인력 | 행: 정원 | 열: 데이터센터 | 출처: "
        f"{DOC26} 37행 (1. 일반현황 (2026.3.31. 기준)) | 원문: {STAFF_ROW}",
        f"[2] 출처: {DOC26} 432–434행 (3. 주요 현안업무 > 3.10. 기록환경 변화에 맞춘 차세대 디지털 아카이브 운영) | "
        "원문: - 추진배경 : 전자기록 환경변화에 대응 / - 사업예산 : 867백만원",
    ]


def test_evidence_value_gets_the_unit_of_its_table_caption() -> None:
    c = Citation(1, DOC26, "2. 예산", 112, 112, "| 2) 데이터전략과 | 11,777,671 | … |", "세출총괄 (단위 : 천원, %)",
                 "2) 데이터전략과", "2026 예산현액", "11,777,671")
    assert evidence_block([c]).startswith("[1] 값: 11,777,671천원 | ")


def test_long_quote_is_cut_in_the_prompt() -> None:
    c = Citation(1, DOC26, "s", 1, 1, "가" * 1000)
    line = evidence_block([c])
    assert line.endswith("가" * 399 + "…")


def test_render_messages_golden_user_prompt() -> None:
    grounded = Answer("데이터센터 정원은 67명입니다 [1].", [DATACENTER], False, "grounded", 1.0)
    _, user = render_messages("  데이터센터 정원은? ", grounded)
    assert user == f"[근거]\n{evidence_block([DATACENTER])}\n\n[질문]\n데이터센터 정원은?\n\n[답변]\n"


def test_missing_prompt_file_names_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_LLM_PROMPT_DIR", str(tmp_path))
    with pytest.raises(PromptError, match="DCQA_LLM_PROMPT_DIR"):
        load_prompt(SYSTEM_PROMPT)


def test_prompt_dir_setting_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / SYSTEM_PROMPT).write_text("규칙 {abstain_text}", encoding="utf-8")
    (tmp_path / USER_PROMPT).write_text("Q {question}\nE {evidence}", encoding="utf-8")
    monkeypatch.setenv("DCQA_LLM_PROMPT_DIR", str(tmp_path))
    system, user = render_messages("정원?", Answer("…", [DATACENTER], False, "grounded", 1.0))
    assert system == f"규칙 {ABSTAIN_TEXT}"
    assert user.startswith("Q 정원?\nE [1] 값: 67명")
