"""The LLM path offline: scripted fake backends, backend selection, and the OpenAI-compatible client
against the stdlib server (tools/openai_server.py) on 127.0.0.1 fed by a fake backend."""
from __future__ import annotations

import logging
import re
import time
from collections import deque
from pathlib import Path
from typing import Iterator

import pytest

from app import llm
from app.llm import LLMBackend, LLMConfigError, LLMUnavailableError, OpenAICompatibleBackend, get_backend
from app.llm_path import answer_with_llm, check_format, stream_with_llm
from app.types import ABSTAIN_TEXT, Answer, Citation
from index import settings
from tools.openai_server import start as start_server
from tests.net import free_port

DOC26 = "seoul-digital-city-bureau-2026-04-current-issues.txt"
STAFF_ROW = "| 정원 | 274명 | 34명 | 30명 | 39명 | 27명 | 27명 | 26명 | 67명 | 24명 |"
C1 = Citation(1, DOC26, "1. 일반현황 (2026.3.31. 기준)", 37, 37, STAFF_ROW, "디지털도시국 인력", "정원", "데이터센터", "67명")
C2 = Citation(2, DOC26, "1. 일반현황 (2026.3.31. 기준)", 37, 37, STAFF_ROW, "디지털도시국 인력", "정원", "서울기록원", "24명")
QUESTION = "데이터센터 정원은?"


def grounded(**kw: object) -> Answer:
    base = dict(text="데이터센터 정원은 67명입니다 [1].", citations=[C1, C2], abstained=False, mode="grounded",
                latency_ms=12.0, question=QUESTION)
    base.update(kw)
    return Answer(**base)  # type: ignore[arg-type]


class FakeBackend(LLMBackend):
    """Plays back scripted token lists, one list per call; records the prompts it was given."""

    def __init__(self, *scripts: list[str], delay_s: float = 0.0, fail_after: int | None = None) -> None:
        self.name = "fake"
        self.scripts = deque(scripts)
        self.calls: list[tuple[str, str]] = []
        self.delay_s = delay_s
        self.fail_after = fail_after
        self.closed = False

    def stream(self, system: str, user: str) -> Iterator[str]:
        self.calls.append((system, user))
        script = self.scripts.popleft()
        try:
            for i, piece in enumerate(script):
                if self.fail_after is not None and i == self.fail_after:
                    raise RuntimeError("연결이 끊겼습니다")
                if self.delay_s:
                    time.sleep(self.delay_s)
                yield piece
        finally:
            self.closed = True


def run(backend: FakeBackend, answer: Answer | None = None) -> tuple[Answer, list[str]]:
    tokens: list[str] = []
    return answer_with_llm(QUESTION, answer or grounded(), backend, tokens.append), tokens


# --- answer_with_llm -------------------------------------------------------------------------------


def test_verified_answer_is_returned_with_only_the_cited_evidence() -> None:
    backend = FakeBackend(["데이터센터의 ", "정원은 ", "67명", "입니다 [1]."])
    result, tokens = run(backend)
    assert tokens == ["데이터센터의 ", "정원은 ", "67명", "입니다 [1]."]
    assert result.text == "데이터센터의 정원은 67명입니다 [1]."
    assert result.mode == "llm:fake"
    assert result.citations == [C1]
    assert (result.abstained, result.question) == (False, QUESTION)
    assert result.notes == ["LLM 답변 검증 통과: 수치 1개, 근거 1개"]
    assert result.latency_ms >= 12.0
    system, user = backend.calls[0]
    assert "[1] 값: 67명" in user and "[2] 값: 24명" in user and user.endswith("[질문]\n데이터센터 정원은?\n\n[답변]\n")
    assert ABSTAIN_TEXT in system


def test_gemma_274_answer_falls_back_to_grounded(caplog: pytest.LogCaptureFixture) -> None:
    g = grounded()
    with caplog.at_level(logging.WARNING, logger="dcqa.llm"):
        result, tokens = run(FakeBackend(["데이터센터 정원은 ", "274명입니다 [1]."]), g)
    assert tokens == ["데이터센터 정원은 ", "274명입니다 [1]."]  # streamed before the verdict
    assert (result.text, result.citations, result.mode) == (g.text, g.citations, "grounded")
    assert result.notes == ["LLM(fake) 답변을 쓰지 않고 근거 기반 답변을 냈습니다: 근거에 없는 수치: 274명"]
    assert g.notes == []  # the grounded answer passed in is not modified
    assert any("근거에 없는 수치: 274명" in r.getMessage() for r in caplog.records if r.name == "dcqa.llm")


def test_abstained_grounded_answer_does_not_ask_the_model() -> None:
    backend = FakeBackend(["아무 말 [1]"])
    g = grounded(text=ABSTAIN_TEXT, citations=[], abstained=True)
    result, tokens = run(backend, g)
    assert result is g and backend.calls == [] and tokens == []


def test_backend_exception_falls_back_with_reason() -> None:
    backend = FakeBackend(["데이터센터 ", "정원은 ", "67명"], fail_after=2)
    result, tokens = run(backend)
    assert tokens == ["데이터센터 ", "정원은 "]
    assert result.mode == "grounded"
    assert result.notes == ["LLM(fake) 답변을 쓰지 않고 근거 기반 답변을 냈습니다: RuntimeError: 연결이 끊겼습니다"]


def test_timeout_falls_back_and_closes_the_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_LLM_TIMEOUT_S", "0.05")
    backend = FakeBackend(["가"] * 50, delay_s=0.02)
    result, tokens = run(backend)
    assert result.mode == "grounded" and len(tokens) < 50 and backend.closed
    assert result.notes[-1].endswith("LLMTimeoutError: LLM이 0.05초 안에 답하지 못했습니다 (설정 llm_timeout_s)")


def test_echoed_prompt_is_rejected_even_when_its_numbers_verify() -> None:
    # what Gemma 270M (a base model) tends to do: repeat the evidence block
    echo = "[근거]\n[1] 값: 67명 | 표: 디지털도시국 인력\n\n[질문]\n데이터센터 정원은?"
    result, _ = run(FakeBackend([echo]))
    assert result.mode == "grounded"
    assert result.notes[-1].endswith("프롬프트를 되풀이함: [근거]; 프롬프트를 되풀이함: [질문]")


def test_role_label_in_reply_is_rejected() -> None:
    assert check_format("정원은 67명 [1]\nUser: 다음 질문", []) == ["프롬프트 형식이 답변에 섞임: User:"]


def test_model_refusal_of_an_answered_question_returns_the_grounded_answer() -> None:
    """A bare refusal from the model while the grounded answer has evidence: the grounded answer, with a note."""
    base = grounded()
    result, _ = run(FakeBackend([ABSTAIN_TEXT]), base)
    assert (result.text, result.abstained, result.mode) == (base.text, False, "grounded")
    assert result.citations == base.citations
    assert result.notes == ["LLM(fake)이 답변을 보류했지만 근거에서 찾은 답변을 냈습니다."]


def test_several_problems_are_all_reported() -> None:
    result, _ = run(FakeBackend(["정원은 274명, 서울기록원 24명 [3]"]))
    assert result.notes[-1].endswith("존재하지 않는 근거 번호: [3]; 근거에 없는 수치: 274명")


def test_broken_prompt_file_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "system.txt").write_text("{abstain_text} {oops}", encoding="utf-8")
    (tmp_path / "user.txt").write_text("{evidence} {question}", encoding="utf-8")
    monkeypatch.setenv("DCQA_LLM_PROMPT_DIR", str(tmp_path))
    backend = FakeBackend(["67명 [1]"])
    result, _ = run(backend)
    assert result.mode == "grounded" and backend.calls == []
    assert "PromptError: prompt system.txt uses {oops}" in result.notes[-1]


def test_stream_with_llm_yields_tokens_then_one_answer() -> None:
    events = list(stream_with_llm(QUESTION, grounded(), FakeBackend(["정원은 ", "67명 [1]"])))
    assert [k for k, _ in events] == ["token", "token", "answer"]
    assert [v for k, v in events if k == "token"] == ["정원은 ", "67명 [1]"]
    final = events[-1][1]
    assert isinstance(final, Answer) and (final.text, final.mode) == ("정원은 67명 [1]", "llm:fake")


def test_stream_with_llm_rejected_answer_comes_last() -> None:
    events = list(stream_with_llm(QUESTION, grounded(), FakeBackend(["정원은 ", "274명 [1]"])))
    assert [k for k, _ in events] == ["token", "token", "answer"]
    final = events[-1][1]
    assert isinstance(final, Answer) and final.mode == "grounded" and final.text == grounded().text


def test_stream_with_llm_closed_early_closes_the_backend_stream() -> None:
    backend = FakeBackend(["가"] * 10)
    events = stream_with_llm(QUESTION, grounded(), backend)
    assert next(events) == ("token", "가")
    events.close()
    assert backend.closed


# --- settings and backend selection ----------------------------------------------------------------


def test_llm_settings_are_declared_with_help() -> None:
    names = {"llm", "llm_base_url", "llm_model", "llm_api_key", "llm_gguf_path", "llm_gguf_n_ctx", "llm_max_tokens",
             "llm_timeout_s", "llm_temperature", "llm_stream", "llm_prompt_dir"}
    declared = settings.all_settings()
    assert names <= declared.keys()
    assert all(declared[n].help.strip() for n in names)
    assert settings.get("llm") == ""  # off by default (conftest also forces it off)


def test_backend_off_by_default() -> None:
    assert get_backend() is None
    assert get_backend("off") is None


def test_unknown_backend_names_the_setting() -> None:
    with pytest.raises(LLMConfigError, match=r"DCQA_LLM='vllm'는 알 수 없는 값입니다"):
        get_backend("vllm")


def test_openai_without_base_url_names_the_setting() -> None:
    with pytest.raises(LLMConfigError, match="DCQA_LLM_BASE_URL이 비어 있습니다"):
        get_backend("openai")


def test_openai_unreachable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    with pytest.raises(LLMUnavailableError, match="LLM 서버에 연결할 수 없습니다"):
        get_backend("openai")


def test_gguf_missing_custom_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(LLMConfigError, match="DCQA_LLM_GGUF_PATH"):
        get_backend(f"gguf:{tmp_path / 'nope.gguf'}")


# --- the OpenAI-compatible client against a stdlib server on 127.0.0.1 -------------------------------


class Scripted(LLMBackend):
    """Always answers with the same pieces."""

    name = "scripted-model"

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces

    def stream(self, system: str, user: str) -> Iterator[str]:
        yield from self.pieces


@pytest.fixture()
def fake_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    server, thread = start_server(Scripted(["데이터센터 정원은 ", "67명", "입니다 [1]."]), api_key="city-key")
    monkeypatch.setenv("DCQA_LLM", "openai")
    monkeypatch.setenv("DCQA_LLM_BASE_URL", server.base_url)
    monkeypatch.setenv("DCQA_LLM_API_KEY", "city-key")
    llm.clear_cache()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    llm.clear_cache()


def test_openai_backend_streams_from_server(fake_server: object) -> None:
    backend = get_backend()
    assert isinstance(backend, OpenAICompatibleBackend)
    assert backend.name == "scripted-model"  # taken from /v1/models when llm_model is empty
    assert list(backend.stream("시스템", "사용자")) == ["데이터센터 정원은 ", "67명", "입니다 [1]."]
    body = fake_server.requests[-1]  # type: ignore[attr-defined]
    assert body["stream"] is True and body["model"] == "scripted-model"
    assert body["messages"] == [{"role": "system", "content": "시스템"}, {"role": "user", "content": "사용자"}]
    assert get_backend() is backend  # cached


def test_openai_backend_without_streaming(fake_server: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_LLM_STREAM", "false")
    monkeypatch.setenv("DCQA_LLM_MODEL", "city-llm")
    backend = get_backend()
    assert backend is not None and backend.name == "city-llm"
    assert list(backend.stream("s", "u")) == ["데이터센터 정원은 67명입니다 [1]."]
    assert fake_server.requests[-1]["stream"] is False  # type: ignore[attr-defined]


def test_openai_api_key_falls_back_to_openai_api_key(fake_server: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_LLM_API_KEY", "")
    monkeypatch.setenv("OPENAI_API_KEY", "city-key")
    backend = get_backend()
    assert backend is not None and backend.complete("s", "u") == "데이터센터 정원은 67명입니다 [1]."


def test_wrong_api_key_falls_back_to_grounded(fake_server: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_LLM_API_KEY", "wrong")
    backend = get_backend()
    assert backend is not None
    result = answer_with_llm(QUESTION, grounded(), backend)
    assert result.mode == "grounded" and "AuthenticationError" in result.notes[-1]


def test_answer_with_llm_over_http(fake_server: object) -> None:
    backend = get_backend()
    assert backend is not None
    tokens: list[str] = []
    result = answer_with_llm(QUESTION, grounded(), backend, tokens.append)
    assert tokens == ["데이터센터 정원은 ", "67명", "입니다 [1]."]
    assert (result.text, result.mode, result.citations) == ("데이터센터 정원은 67명입니다 [1].", "llm:scripted-model", [C1])


def test_server_gone_raises_the_domain_error() -> None:
    server, thread = start_server(Scripted(["67명 [1]"]))
    backend = OpenAICompatibleBackend(server.base_url, "scripted-model", "k", timeout_s=5)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    with pytest.raises(LLMUnavailableError, match="LLM 서버 요청이 실패했습니다: .*APIConnectionError"):
        backend.complete("s", "u")


# --- the grounded answerer's real answers against the verifier ---------------------------------------


def _dev_questions(step: int = 3) -> list[str]:
    import json

    path = Path(__file__).resolve().parent.parent / "eval" / "data" / "dev.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [item["question"] for item in items[::step]]


def test_real_grounded_answers_verify_and_a_changed_digit_is_caught(built_index: Path) -> None:
    """Grounded answers verify against their own citations (else the LLM path could never pass for them), and the
    same answer with one digit changed never does.

    A cell of the cited line that the citation's value/column lists leave out (once "참고로 지출액 3,162,564천원")
    is counted apart so that the failure names it, and must not occur either."""
    from app.answer import answer
    from app.verify import evidence_figures, extract_figures, verify_answer
    from index.api import open_index

    index = open_index(built_index)
    unverified, omitted, uncaught, mutated, answered = [], [], [], 0, 0
    for q in _dev_questions(step=1):
        a = answer(q, mode="grounded", index=index)
        if a.abstained or not a.citations:
            continue
        answered += 1
        reasons = verify_answer(a.text, a.citations, a.text).reasons
        if reasons:
            figures_refused = [r.split(": ", 1)[1] for r in reasons if r.startswith("근거에 없는 수치: ")]
            digits = [re.sub(r"[^\d,.]", "", f) for f in figures_refused]
            if len(figures_refused) == len(reasons) and all(
                any(d in c.quote for c in a.citations if c.value is not None) for d in digits
            ):
                omitted.append((q, figures_refused))
            else:
                unverified.append((q, a.text, reasons))
            continue
        figures = [f for f in extract_figures(a.text) if f.kind == "number"]
        if not figures:
            continue
        f = figures[0]
        digits = [i for i in range(f.start, f.end) if a.text[i].isdigit()]
        i = digits[-1]
        changed = a.text[:i] + str((int(a.text[i]) + 1) % 10) + a.text[i + 1:]
        new = next(g for g in extract_figures(changed) if g.start == f.start)
        known = {e.figure.magnitude for e in evidence_figures(a.citations, a.text)} | {
            e.figure.value for e in evidence_figures(a.citations, a.text)}
        if new.magnitude in known or new.value in known:
            continue  # the changed figure happens to be another evidence figure
        mutated += 1
        if verify_answer(changed, a.citations, a.text).ok:
            uncaught.append((q, changed))
    assert answered >= 40
    assert unverified == []
    assert omitted == []
    assert uncaught == []
    assert mutated >= 20


def test_stdlib_server_rejects_bad_requests() -> None:
    import json
    import urllib.error
    import urllib.request

    server, thread = start_server(Scripted(["x"]))
    try:
        def post(path: str, body: bytes) -> tuple[int, dict]:
            req = urllib.request.Request(server.base_url.removesuffix("/v1") + path, data=body,
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=5) as resp:
                    return resp.status, json.loads(resp.read())
            except urllib.error.HTTPError as e:
                return e.code, json.loads(e.read())

        status, body = post("/v1/chat/completions", b'{"messages": []}')
        assert status == 400 and "'messages' must be a non-empty list" in body["error"]["message"]
        status, body = post("/v1/chat/completions", b"not json")
        assert status == 400
        status, body = post("/v1/completions", b"{}")
        assert status == 404 and "expected /v1/chat/completions" in body["error"]["message"]
        status, body = post("/v1/chat/completions", b'{"messages": [{"role": "user", "content": "q"}]}')
        assert status == 200 and body["choices"][0]["message"]["content"] == "x"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
