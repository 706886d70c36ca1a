"""Okapi BM25 over pre-tokenized documents; postings saved as one .npz file of our own layout."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from index import settings

settings.declare("bm25_k1", 0.9, "BM25 term-frequency saturation k1 (0.9 measured best on autorag-ko with bigrams).")
settings.declare("bm25_b", 0.75, "BM25 length normalisation b.")

FILE_NAME = "bm25.npz"


class BM25:
    """Inverted index: term -> (document indices, term frequencies), with document lengths."""

    def __init__(self, vocab: list[str], indptr: np.ndarray, docs: np.ndarray, tfs: np.ndarray,
                 doc_len: np.ndarray, k1: float, b: float) -> None:
        self.vocab = vocab
        self.term_id = {t: i for i, t in enumerate(vocab)}
        self.indptr, self.docs, self.tfs, self.doc_len = indptr, docs, tfs, doc_len
        self.k1, self.b = k1, b
        self.n_docs = int(doc_len.shape[0])
        self.avgdl = float(doc_len.mean()) if self.n_docs else 0.0
        df = np.diff(indptr).astype(np.float64)
        # the "plus one" idf stays positive for terms in more than half of the documents
        self.idf = np.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))
        self._norm = k1 * (1.0 - b + b * doc_len / self.avgdl) if self.n_docs else doc_len.astype(np.float64)

    @classmethod
    def build(cls, tokenized: Sequence[Sequence[str]], k1: float | None = None, b: float | None = None) -> "BM25":
        """Index tokenized documents."""
        k1 = float(settings.get("bm25_k1") if k1 is None else k1)
        b = float(settings.get("bm25_b") if b is None else b)
        postings: dict[str, list[tuple[int, int]]] = {}
        doc_len = np.zeros(len(tokenized), np.float32)
        for d, toks in enumerate(tokenized):
            doc_len[d] = len(toks)
            for term, tf in Counter(toks).items():
                postings.setdefault(term, []).append((d, tf))
        vocab = sorted(postings)
        indptr = np.zeros(len(vocab) + 1, np.int64)
        docs: list[int] = []
        tfs: list[int] = []
        for i, term in enumerate(vocab):
            for d, tf in postings[term]:
                docs.append(d)
                tfs.append(tf)
            indptr[i + 1] = len(docs)
        return cls(vocab, indptr, np.asarray(docs, np.int32), np.asarray(tfs, np.float32), doc_len, k1, b)

    def scores(self, query_tokens: Sequence[str] | Mapping[str, float]) -> np.ndarray:
        """BM25 score of every document for the query: a token list (a repeated term counts once per occurrence)
        or a mapping of term -> query weight."""
        out = np.zeros(self.n_docs, np.float64)
        weights = query_tokens if isinstance(query_tokens, Mapping) else Counter(query_tokens)
        for term, qtf in weights.items():
            i = self.term_id.get(term)
            if i is None:
                continue
            lo, hi = self.indptr[i], self.indptr[i + 1]
            d = self.docs[lo:hi]
            tf = self.tfs[lo:hi]
            out[d] += qtf * self.idf[i] * tf * (self.k1 + 1.0) / (tf + self._norm[d])
        return out

    def top(self, query_tokens: Sequence[str] | Mapping[str, float], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best (document index, score) pairs with a positive score, best first."""
        s = self.scores(query_tokens)
        if mask is not None:
            s = np.where(mask, s, 0.0)
        n_pos = int((s > 0).sum())
        if n_pos == 0:
            return []
        k = min(k, n_pos)
        idx = np.argpartition(-s, k - 1)[:k]
        idx = idx[np.lexsort((idx, -s[idx]))]
        return [(int(i), float(s[i])) for i in idx]

    def save(self, index_dir: Path) -> Path:
        """Write the postings to `index_dir/bm25.npz`."""
        path = Path(index_dir) / FILE_NAME
        np.savez_compressed(
            path, vocab=np.frombuffer(json.dumps(self.vocab, ensure_ascii=False).encode("utf-8"), np.uint8),
            indptr=self.indptr, docs=self.docs, tfs=self.tfs, doc_len=self.doc_len,
            params=np.asarray([self.k1, self.b], np.float64),
        )
        return path

    @classmethod
    def load(cls, index_dir: Path) -> "BM25":
        """Read `index_dir/bm25.npz`."""
        path = Path(index_dir) / FILE_NAME
        if not path.exists():
            raise FileNotFoundError(f"BM25 postings {path} are missing; rebuild the index with `python ingest.py --force`.")
        with np.load(path) as z:
            vocab = json.loads(z["vocab"].tobytes().decode("utf-8"))
            k1, b = (float(x) for x in z["params"])
            return cls(vocab, z["indptr"], z["docs"], z["tfs"], z["doc_len"], k1, b)
