"""open_index() on the real corpus (hash embedder) and the llama-index retriever over it."""
from __future__ import annotations

from pathlib import Path

import pytest
from llama_index.core.schema import NodeWithScore, QueryBundle

from index.api import Index, open_index
from index.li_retriever import HybridRetriever, chunk_node
from tests.conftest import DOC_2025, DOC_2026


@pytest.fixture()
def index(built_index: Path) -> Index:
    return open_index(built_index)


def _covers(hit_chunk, doc: str, line: int) -> bool:  # noqa: ANN001 - a Chunk
    return hit_chunk.doc == doc and hit_chunk.line_start <= line <= hit_chunk.line_end


def test_open_index_is_cached_per_path(built_index: Path) -> None:
    assert open_index(built_index) is open_index(built_index)


def test_open_index_defaults_to_the_setting(built_index: Path) -> None:
    assert open_index().dir == built_index  # conftest points DCQA_INDEX_DIR at the built index


@pytest.mark.parametrize("method", ["bm25", "hybrid"])
def test_headcount_table_found_for_literal_and_paraphrased_question(index: Index, method: str) -> None:
    # 2026 report, line 37: "| 정원 | 274명 | 34명 | ..." in the 디지털도시국 인력 table
    for q in ("2026년 디지털도시국 정원과 현원은 몇 명인가요?", "디지털도시국 사람 몇 명이야?"):
        hits = index.search(q, k=5, filters={"year": 2026}, method=method)
        assert any(_covers(h.chunk, DOC_2026, 37) for h in hits), [h.chunk.chunk_id for h in hits]


def test_year_filter_keeps_one_report(index: Index) -> None:
    hits = index.search("정보보안과 정원", k=10, filters={"year": 2025})
    assert hits and {h.chunk.doc for h in hits} == {DOC_2025}


def test_index_exposes_kiwi_and_terms(index: Index) -> None:
    assert "정보보안과" in index.user_terms
    assert index.kiwi.tokenize("정보보안과의")[0].form == "정보보안과"
    assert "정보보안과" in index.tokenize("정보보안과 인력")


def test_llama_index_retriever_returns_cited_nodes(index: Index) -> None:
    nodes = HybridRetriever(index, k=3).retrieve("데이터센터 정원")
    assert 1 <= len(nodes) <= 3 and all(isinstance(n, NodeWithScore) for n in nodes)
    meta = nodes[0].node.metadata
    assert {"doc", "section", "line_start", "line_end", "kind", "year", "chunk_id"} <= set(meta)
    assert meta["doc"] in {DOC_2025, DOC_2026} and meta["line_start"] <= meta["line_end"]
    assert nodes[0].score is not None and nodes[0].score >= nodes[-1].score


def test_llama_index_retriever_accepts_filters_and_bundles(index: Index) -> None:
    nodes = HybridRetriever(index, k=5, filters={"year": 2026}, method="bm25").retrieve(QueryBundle("세출예산 집행률"))
    assert nodes and all(n.node.metadata["year"] == 2026 for n in nodes)


def test_node_shows_only_citation_metadata_to_the_llm(index: Index) -> None:
    node = chunk_node(index.data.chunks[0])
    content = node.get_content(metadata_mode="llm")
    assert node.metadata["doc"] in content and "chunk_id" not in content
