"""The LLM path end to end with the real runtime (cyllama) and the real Gemma 3 270M GGUF weights.

Asserts mechanics, not quality: tokens stream, the reply is verified or rejected with a reason, and a reply
made wrong on purpose always falls back to the grounded answer. The GGUF file is assembled from the
installed package into var/models/ (git-ignored) on first use and reused afterwards.
"""
from __future__ import annotations

import logging
import time
from typing import Iterator

import pytest

from app.llm import DEFAULT_GGUF_PATH, GGUFBackend, LLMBackend, ensure_gguf, get_backend
from app.llm_path import answer_with_llm
from app.verify import verify_answer

from tests.llm_common import GROUNDED, QUESTION

pytestmark = pytest.mark.llm

MAX_TOKENS = 32


@pytest.fixture(scope="module")
def gemma() -> Iterator[GGUFBackend]:
    started = time.perf_counter()
    path = ensure_gguf(DEFAULT_GGUF_PATH)
    backend = GGUFBackend(path, max_tokens=MAX_TOKENS, temperature=0.0, n_ctx=2048, timeout_s=120)
    logging.getLogger("dcqa.llm").info("gemma ready in %.1fs", time.perf_counter() - started)
    yield backend
    backend.close()


class AppendWrongFigure(LLMBackend):
    """Wraps a real backend and appends a figure that is not in the evidence."""

    def __init__(self, inner: LLMBackend) -> None:
        self.inner = inner
        self.name = inner.name

    def stream(self, system: str, user: str) -> Iterator[str]:
        yield from self.inner.stream(system, user)
        yield " 데이터센터 정원은 274명입니다 [1]."


def test_gguf_file_is_assembled_and_named(gemma: GGUFBackend) -> None:
    assert gemma.path == DEFAULT_GGUF_PATH and gemma.path.stat().st_size > 100_000_000
    assert gemma.name == "gemma-3-270m-q4_k_m"


def test_gemma_streams_tokens(gemma: GGUFBackend) -> None:
    pieces = list(gemma.stream("한국어로 짧게 답하십시오.", "서울의 디지털도시국은 무엇을 하나요?"))
    assert len(pieces) >= 1
    assert all(isinstance(p, str) for p in pieces)
    assert "".join(pieces).strip()


def test_gemma_answer_verifies_or_falls_back_with_a_reason(gemma: GGUFBackend) -> None:
    tokens: list[str] = []
    result = answer_with_llm(QUESTION, GROUNDED, gemma, tokens.append)
    assert len(tokens) >= 1
    if result.mode == "grounded":
        assert (result.text, result.citations) == (GROUNDED.text, GROUNDED.citations)
        assert result.notes[-1].startswith("LLM(gemma-3-270m-q4_k_m) 답변을 쓰지 않고 근거 기반 답변을 냈습니다: ")
    else:
        assert result.mode == "llm:gemma-3-270m-q4_k_m"
        assert result.text == "".join(tokens).strip()
        assert verify_answer(result.text, GROUNDED.citations, GROUNDED.text).ok


def test_wrong_figure_appended_to_gemma_reply_is_rejected(gemma: GGUFBackend, caplog: pytest.LogCaptureFixture) -> None:
    tokens: list[str] = []
    with caplog.at_level(logging.WARNING, logger="dcqa.llm"):
        result = answer_with_llm(QUESTION, GROUNDED, AppendWrongFigure(gemma), tokens.append)
    assert tokens[-1] == " 데이터센터 정원은 274명입니다 [1]." and len(tokens) >= 2
    assert (result.text, result.mode) == (GROUNDED.text, "grounded")
    assert "근거에 없는 수치: 274명" in result.notes[-1]
    assert any("274명" in r.getMessage() for r in caplog.records if r.name == "dcqa.llm")


def test_gguf_backend_from_settings(monkeypatch: pytest.MonkeyPatch, gemma: GGUFBackend) -> None:
    monkeypatch.setenv("DCQA_LLM", "gguf")
    monkeypatch.setenv("DCQA_LLM_MAX_TOKENS", "8")
    backend = get_backend()
    assert isinstance(backend, GGUFBackend) and backend.name == "gemma-3-270m-q4_k_m"
    assert get_backend() is backend
    assert len(list(backend.stream("", "디지털도시국"))) >= 1
    backend.close()
    from app import llm

    llm.clear_cache()


def test_gguf_timeout_cancels_generation_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_LLM_TIMEOUT_S", "0.3")
    backend = GGUFBackend(ensure_gguf(DEFAULT_GGUF_PATH), max_tokens=256, n_ctx=2048, timeout_s=0.3)
    try:
        started = time.perf_counter()
        result = answer_with_llm(QUESTION, GROUNDED, backend)
        assert time.perf_counter() - started < 30  # cancelled, not 256 tokens later
        assert result.mode == "grounded"
        assert "LLMTimeoutError" in result.notes[-1]
        assert isinstance(list(backend.stream("", "디지털도시국")), list)  # usable again: no stuck lock, no error
    finally:
        backend.close()
