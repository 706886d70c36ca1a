"""BM25 scoring and persistence."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from index.bm25 import BM25

DOCS = [["예산", "집행", "예산"], ["정원", "현원"], ["예산", "정원", "인력", "충원", "계획"]]


def test_idf_and_score_hand_computed() -> None:
    bm = BM25.build(DOCS, k1=1.2, b=0.75)
    avgdl = 10 / 3
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    expected0 = idf * 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 3 / avgdl))
    assert bm.scores(["예산"])[0] == pytest.approx(expected0)
    assert bm.scores(["예산"])[1] == 0.0


def test_top_orders_and_skips_zero_scores() -> None:
    bm = BM25.build(DOCS)
    top = bm.top(["정원", "충원"], 10)
    assert [d for d, _ in top] == [2, 1]
    assert bm.top(["없는말"], 5) == []


def test_mask_limits_candidates() -> None:
    bm = BM25.build(DOCS)
    assert [d for d, _ in bm.top(["예산"], 5, mask=np.array([False, True, True]))] == [2]


def test_save_load_roundtrip(tmp_path: Path) -> None:
    bm = BM25.build(DOCS)
    bm.save(tmp_path)
    again = BM25.load(tmp_path)
    assert again.vocab == bm.vocab
    assert np.allclose(again.scores(["예산", "정원"]), bm.scores(["예산", "정원"]))


def test_load_missing_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="ingest.py --force"):
        BM25.load(tmp_path)


def test_weighted_query_mapping() -> None:
    bm = BM25.build(DOCS)
    assert np.allclose(bm.scores({"예산": 2.0}), bm.scores(["예산", "예산"]))
    assert np.allclose(bm.scores({"예산": 0.5}), 0.5 * bm.scores(["예산"]))
