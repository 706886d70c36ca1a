"""The hybrid retriever as a llama-index `BaseRetriever`, so query engines and evaluators can use it."""
from __future__ import annotations

from typing import Any

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index.models import Chunk
from index.search import Filters, Hit

# metadata the LLM sees next to each passage (the rest stays available to code)
LLM_METADATA = ("doc", "section", "line_start", "line_end")


def chunk_node(chunk: Chunk) -> TextNode:
    """A llama-index node carrying the chunk's display text and citation metadata."""
    meta: dict[str, Any] = {
        "doc": chunk.doc,
        "section": " > ".join(chunk.section_path),
        "section_id": chunk.section_id,
        "line_start": chunk.line_start,
        "line_end": chunk.line_end,
        "kind": chunk.kind,
        "year": chunk.year,
        "department": chunk.department or "",
        "table_id": chunk.table_id or "",
        "chunk_id": chunk.chunk_id,
    }
    hidden = [k for k in meta if k not in LLM_METADATA]
    return TextNode(id_=chunk.chunk_id, text=chunk.text, metadata=meta,
                    excluded_llm_metadata_keys=hidden, excluded_embed_metadata_keys=list(meta))


def hit_node(hit: Hit) -> NodeWithScore:
    """A search hit as a scored llama-index node."""
    return NodeWithScore(node=chunk_node(hit.chunk), score=hit.score)


class HybridRetriever(BaseRetriever):
    """Retrieves `NodeWithScore`s from an opened `index.api.Index` (default: `open_index()`)."""

    def __init__(self, index: Any = None, *, k: int = 5, filters: Filters | dict | None = None,
                 method: str = "hybrid", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if index is None:
            from index.api import open_index

            index = open_index()
        self._index = index
        self._k = k
        self._filters = filters
        self._method = method

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        """Search the index with the query string."""
        hits = self._index.search(query_bundle.query_str, k=self._k, filters=self._filters, method=self._method)
        return [hit_node(h) for h in hits]
