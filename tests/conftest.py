"""Shared fixtures. Every test runs offline; state goes to temporary directories.

- `isolated_env` (autouse): points the index, caches and data directories at a temp dir and selects the
  deterministic `hash` embedder, so no test reads or writes the developer's own index.
- `built_index` (session): the real corpus ingested once into a temp index with the `hash` embedder.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
DOC_2026 = "seoul-digital-city-bureau-2026-04-current-issues.txt"
DOC_2025 = "seoul-digital-city-bureau-2025-02-work-report.txt"


@pytest.fixture(scope="session")
def session_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dcqa")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, session_tmp: Path) -> None:
    monkeypatch.setenv("DCQA_INDEX_DIR", str(session_tmp / "index"))
    monkeypatch.setenv("DCQA_EMBED_CACHE_DIR", str(session_tmp / "embed-cache"))
    monkeypatch.setenv("DCQA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DCQA_EMBEDDER", "hash")
    monkeypatch.setenv("DCQA_LLM", "")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def built_index(session_tmp: Path) -> Path:
    """Ingest the real corpus once per test session (hash embedder) and return the index directory."""
    from index.build import build_index

    index_dir = session_tmp / "index"
    old = os.environ.get("DCQA_EMBED_CACHE_DIR")
    os.environ["DCQA_EMBED_CACHE_DIR"] = str(session_tmp / "embed-cache")
    try:
        build_index(CORPUS, index_dir, force=True, embedder="hash")
    finally:
        if old is None:
            os.environ.pop("DCQA_EMBED_CACHE_DIR", None)
        else:
            os.environ["DCQA_EMBED_CACHE_DIR"] = old
    return index_dir


@pytest.fixture(scope="session")
def corpus_idx():  # noqa: ANN201
    """The real corpus's index (hash embedder), built once per test session: for tests that ask questions."""
    from tests.test_answer import corpus_index

    return corpus_index()


@pytest.fixture
def ask(corpus_idx):  # noqa: ANN001, ANN201
    """Ask the real corpus's index a question (with earlier questions of the conversation, oldest first); the
    answer's text."""
    from app.answer import answer

    def _ask(question: str, history: list[str] | None = None) -> str:
        return answer(question, index=corpus_idx, history=history).text if history else \
            answer(question, index=corpus_idx).text

    return _ask
