"""The OpenAI-compatible backend (llama-index OpenAILike) against real servers on 127.0.0.1 running the real
Gemma 3 270M GGUF model.

- tools/openai_server.py (stdlib) in front of the in-process model: streaming (SSE) and non-streaming;
- cyllama's own OpenAI-compatible server (`cyllama.llama.server.PythonServer`): it answers
  /v1/chat/completions without streaming only (a `"stream": true` request gets plain JSON back), and in
  cyllama 0.2.18 only its first request per start decodes (the slot keeps its KV cache), so it gets one
  non-streaming request here.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from app import llm
from app.llm import DEFAULT_GGUF_PATH, GGUFBackend, OpenAICompatibleBackend, ensure_gguf, get_backend
from app.llm_path import answer_with_llm
from tools.openai_server import OpenAIServer
from tools.openai_server import start as start_server

from tests.llm_common import GROUNDED, QUESTION
from tests.net import free_port

pytestmark = pytest.mark.llm

MAX_TOKENS = 24


@pytest.fixture(scope="module")
def gemma_server() -> Iterator[OpenAIServer]:
    backend = GGUFBackend(ensure_gguf(DEFAULT_GGUF_PATH), max_tokens=MAX_TOKENS, n_ctx=2048, timeout_s=120)
    server, thread = start_server(backend, model="gemma-local")
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    backend.close()


@pytest.fixture()
def openai_env(monkeypatch: pytest.MonkeyPatch, gemma_server: OpenAIServer) -> Iterator[None]:
    monkeypatch.setenv("DCQA_LLM", "openai")
    monkeypatch.setenv("DCQA_LLM_BASE_URL", gemma_server.base_url)
    monkeypatch.setenv("DCQA_LLM_MAX_TOKENS", str(MAX_TOKENS))
    monkeypatch.setenv("DCQA_LLM_TIMEOUT_S", "120")
    llm.clear_cache()
    yield
    llm.clear_cache()


def test_openai_backend_streams_real_gemma_tokens(openai_env: None, gemma_server: OpenAIServer) -> None:
    backend = get_backend()
    assert isinstance(backend, OpenAICompatibleBackend) and backend.name == "gemma-local"
    pieces = list(backend.stream("한국어로 답하십시오.", "디지털도시국은"))
    assert len(pieces) >= 1 and "".join(pieces).strip()
    assert gemma_server.requests[-1]["stream"] is True
    assert gemma_server.requests[-1]["max_tokens"] == MAX_TOKENS


def test_openai_backend_without_streaming_real_gemma(openai_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_LLM_STREAM", "0")
    backend = get_backend()
    assert backend is not None
    pieces = list(backend.stream("한국어로 답하십시오.", "디지털도시국은"))
    assert len(pieces) == 1 and pieces[0].strip()


def test_answer_with_llm_over_http_verifies_or_falls_back(openai_env: None) -> None:
    backend = get_backend()
    assert backend is not None
    tokens: list[str] = []
    result = answer_with_llm(QUESTION, GROUNDED, backend, tokens.append)
    assert len(tokens) >= 1
    assert result.mode in ("grounded", "llm:gemma-local")
    if result.mode == "grounded":
        assert result.text == GROUNDED.text
        assert result.notes[-1].startswith("LLM(gemma-local) 답변을 쓰지 않고 근거 기반 답변을 냈습니다: ")


def test_cyllama_openai_server_non_streaming() -> None:
    from cyllama.llama.server import PythonServer, PythonServerConfig

    port = free_port()
    config = PythonServerConfig(model_path=str(ensure_gguf(DEFAULT_GGUF_PATH)), host="127.0.0.1", port=port,
                                n_ctx=2048, n_gpu_layers=0, model_alias="gemma-cyllama")
    server = PythonServer(config)
    assert server.start(), "cyllama PythonServer did not start"
    try:
        backend = OpenAICompatibleBackend(f"http://127.0.0.1:{port}/v1", "gemma-cyllama", "not-needed",
                                          max_tokens=MAX_TOKENS, timeout_s=120, stream=False)
        pieces = list(backend.stream("한국어로 답하십시오.", "디지털도시국은"))
        assert len(pieces) == 1 and pieces[0].strip()
    finally:
        server.stop()
