"""Dense leg: L2-normalised vectors in a FAISS inner-product index stored as `faiss.index`.

The index maps FAISS ids to chunk positions (`IndexIDMap2`), so it may cover only some chunks: a build published
before its embeddings are complete holds the vectors found in the cache, and the background dense build
(`index/densify.py`) publishes the complete leg. FAISS is imported on first use only: a question answered from
table records or BM25 never loads it.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

FILE_NAME = "faiss.index"


def _faiss():  # noqa: ANN202 - module object
    """Import faiss with an actionable message."""
    try:
        import faiss
    except ImportError as e:  # pragma: no cover - dependency of the project
        raise ImportError("the dense leg needs faiss: pip install 'faiss-cpu>=1.15,<1.16'") from e
    return faiss


class DenseIndex:
    """Exact inner-product search (cosine on normalised vectors) over one vector per covered chunk."""

    def __init__(self, index: object) -> None:
        self.index = index
        self.dim = int(index.d)  # type: ignore[attr-defined]
        self.n = int(index.ntotal)  # type: ignore[attr-defined]

    @classmethod
    def build(cls, vectors: np.ndarray, ids: np.ndarray | None = None, dim: int | None = None) -> "DenseIndex":
        """An inner-product index over `vectors` (n, dim) with chunk positions `ids` (default 0..n-1)."""
        faiss = _faiss()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        d = int(vectors.shape[1]) if vectors.ndim == 2 and vectors.shape[1] else int(dim or 0)
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(d))
        if len(vectors):
            ids = np.arange(len(vectors), dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
            index.add_with_ids(vectors, ids)
        return cls(index)

    def top(self, query_vec: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k nearest (chunk position, cosine) pairs, best first; `mask` (over all chunks) limits the candidates."""
        faiss = _faiss()
        if self.n == 0 or k <= 0:
            return []
        q = np.ascontiguousarray(query_vec.reshape(1, -1), dtype=np.float32)
        params = None
        if mask is not None:
            ids = np.flatnonzero(mask).astype(np.int64)
            if len(ids) == 0:
                return []
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(ids))
            k = min(k, len(ids))
        k = min(k, self.n)
        scores, idx = self.index.search(q, k, params=params)  # type: ignore[attr-defined]
        return [(int(i), float(s)) for i, s in zip(idx[0], scores[0]) if i >= 0]

    def save(self, index_dir: Path) -> Path:
        """Write `index_dir/faiss.index`."""
        path = Path(index_dir) / FILE_NAME
        _faiss().write_index(self.index, str(path))
        return path

    @classmethod
    def load(cls, index_dir: Path) -> "DenseIndex":
        """Read `index_dir/faiss.index` (FileNotFoundError when missing, ValueError naming the file when damaged)."""
        path = Path(index_dir) / FILE_NAME
        if not path.exists():
            raise FileNotFoundError(f"dense vectors {path} are missing; rebuild the index with `python ingest.py --force`.")
        try:
            return cls(_faiss().read_index(str(path)))
        except RuntimeError as e:  # faiss reports a truncated or foreign file as RuntimeError
            raise ValueError(f"{path} is not a readable FAISS index ({str(e).splitlines()[-1][:120]})") from e
