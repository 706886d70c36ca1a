"""Hybrid retrieval: `build_search()` writes the BM25 and FAISS files; `Retriever` loads and queries them.

`build_search` = `build_lexical` (BM25, seconds) + `build_dense` (FAISS; `cached_only=True` takes only the vectors
already in the embedding cache, so a build can be published before its embeddings are done). `Retriever.load` opens
BM25 at once and the dense leg (FAISS file and embedding model) on first use; a dense leg that covers no chunk yet
is skipped by hybrid search.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from index import settings
from index.bm25 import BM25
from index.dense import DenseIndex
from index.embed import EMBED_TEXT_VERSION, Embedder, cached_vectors, embed_passages_cached, get_embedder
from index.fusion import fuse
from index.models import Chunk
from index.store import corrupt
from index.synonyms import SYNONYMS, SynonymMap, find_abbreviations, synonym_map
from index.tokenize import BIGRAM_JOINER, TOKENIZER_VERSION, Analyzer, VariantIndex, add_terms

Progress = Callable[[str, int, int], None]

settings.declare("fusion", "convex", "Hybrid fusion: 'convex' (min-max normalised score mix, measured best) or 'rrf' "
                 "(reciprocal rank, uses fusion_k).")
settings.declare("search_depth", 100, "Candidates taken from each leg before fusion.")
settings.declare("hybrid_skip_ratio", 1.5, "Hybrid answers from BM25 alone (no query embedding) when its best score is at "
                 "least this many times the second best; 0 always embeds. 1.5 skipped 55% of autorag-ko and 21% of "
                 "dev questions with the same hit rates.")
settings.declare("bm25_bigrams", True, "Also index pairs of neighbouring terms in BM25 (phrase matching).")
settings.declare("bm25_bigram_weight", 1.0, "Query weight of a bigram relative to a single term (0.5: dev hit@5 "
                 "+0.019, autorag-ko hybrid R@1 -0.026; see docs/retrieval.md).")

METHODS = ("bm25", "dense", "hybrid")
FORMAT = 2  # 2: FAISS ids are chunk positions and may cover some chunks only ("dense" entry)


class IndexMismatchError(ValueError):
    """The search files do not belong to these chunks or this embedder."""


@dataclass
class Filters:
    """Metadata filters; None means any."""

    doc: str | None = None
    year: int | None = None
    department: str | None = None
    kind: str | None = None  # "text" | "table"

    @classmethod
    def from_dict(cls, d: dict | None) -> "Filters | None":
        """Filters from the UI/CLI dict form ({"doc":…, "year":…, "department":…, "kind":…}); None if empty."""
        if not d:
            return None
        unknown = set(d) - {"doc", "year", "department", "kind"}
        if unknown:
            raise ValueError(f"unknown filter keys {sorted(unknown)}; expected doc, year, department, kind")
        f = cls(**{k: v for k, v in d.items() if v not in (None, "")})
        return None if f.is_empty() else f

    def is_empty(self) -> bool:
        return self.doc is None and self.year is None and self.department is None and self.kind is None

    def matches(self, c: Chunk) -> bool:
        """True when the chunk passes every filter set."""
        if self.doc is not None and c.doc != self.doc:
            return False
        if self.year is not None and c.year != int(self.year):
            return False
        if self.kind is not None and c.kind != self.kind:
            return False
        if self.department is not None:
            dep = self.department.replace(" ", "")
            if (c.department or "").replace(" ", "") != dep and dep not in "".join(c.section_path).replace(" ", ""):
                return False
        return True


@dataclass
class Hit:
    chunk: Chunk
    score: float
    rank: int  # 1-based


def chunks_fingerprint(chunks: Sequence[Chunk]) -> str:
    """sha256 over chunk ids and search texts: identifies the corpus the search files were built from."""
    h = hashlib.sha256()
    for c in chunks:
        h.update(c.chunk_id.encode("utf-8"))
        h.update(b"\0")
        h.update(hashlib.sha256(c.search_text.encode("utf-8")).digest())
    return h.hexdigest()


def _synonyms_fingerprint() -> str:
    """sha256 of the built-in synonym map (a change means the BM25 postings are stale)."""
    return hashlib.sha256(json.dumps(SYNONYMS, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def build_lexical(index_dir: Path, chunks: list[Chunk], embedder_spec: str | None = None,
                  progress: Progress | None = None, terms: Iterable[str] = ()) -> dict:
    """Write `bm25.npz` for `chunks` into `index_dir`; returns the config entries of the lexical leg."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    kept_terms = add_terms(terms)
    texts = [c.search_text for c in chunks]
    abbreviations = find_abbreviations(texts)
    bigrams = bool(settings.get("bm25_bigrams"))
    analyzer = Analyzer(kept_terms, synonym_map(abbreviations), bigrams=bigrams)
    if progress:
        progress("tokenize", 0, len(chunks))
    tokenized = analyzer.tokenize_many(texts)
    if progress:
        progress("tokenize", len(chunks), len(chunks))
    bm25 = BM25.build(tokenized)
    bm25.save(index_dir)
    return {
        "format": FORMAT,
        "tokenizer": TOKENIZER_VERSION,
        "bigrams": bigrams,
        "user_terms": kept_terms,
        "abbreviations": abbreviations,
        "synonyms_sha": _synonyms_fingerprint(),
        "bm25": {"k1": bm25.k1, "b": bm25.b, "n_terms": len(bm25.vocab), "avgdl": round(bm25.avgdl, 2)},
        "embedder_spec": embedder_spec or settings.get("embedder"),
        "n_chunks": len(chunks),
        "chunks_sha256": chunks_fingerprint(chunks),
        "seconds": {"bm25": round(time.perf_counter() - t0, 2)},
    }


def build_dense(index_dir: Path, chunks: list[Chunk], embedder_spec: str | None = None,
                progress: Progress | None = None, *, texts: Sequence[str] | None = None,
                cached_only: bool = False) -> dict:
    """Write `faiss.index` into `index_dir`: every chunk's vector (embedding what the cache lacks), or with
    `cached_only` the cached ones only. `texts`: what is embedded per chunk (default: its search text).
    Returns the config entries of the dense leg."""
    t0 = time.perf_counter()
    spec = embedder_spec or settings.get("embedder")
    texts = [c.search_text for c in chunks] if texts is None else list(texts)
    embedder = get_embedder(spec)
    if cached_only:
        found = cached_vectors(embedder, texts)
        ids = np.asarray(sorted(found), dtype=np.int64)
        vectors = np.stack([found[i] for i in ids]) if len(ids) else np.zeros((0, embedder.dim), np.float32)
    else:
        vectors = embed_passages_cached(embedder, texts, progress=progress)
        ids = np.arange(len(texts), dtype=np.int64)
    DenseIndex.build(vectors, ids, dim=embedder.dim).save(index_dir)
    return {
        "embedder_spec": spec,
        "embedder": embedder.name,
        "dim": embedder.dim,
        "dense": {"covered": int(len(ids)), "total": len(chunks), "complete": int(len(ids)) == len(chunks),
                  "text": EMBED_TEXT_VERSION, "seconds": round(time.perf_counter() - t0, 2)},
    }


def build_search(index_dir: Path, chunks: list[Chunk], embedder_spec: str | None = None,
                 progress: Progress | None = None, terms: Iterable[str] = (), *,
                 texts: Sequence[str] | None = None) -> dict:
    """Write `bm25.npz` and `faiss.index` for `chunks` into `index_dir`; returns the config entries to store."""
    t0 = time.perf_counter()
    cfg = build_lexical(index_dir, chunks, embedder_spec, progress, terms)
    cfg.update(build_dense(index_dir, chunks, embedder_spec, progress, texts=texts))
    cfg["seconds"]["total"] = round(time.perf_counter() - t0, 2)
    return cfg


class Retriever:
    """BM25, dense and fused search over one index directory's chunks.

    `dense` and `embedder` may be given, or left to `load()`, which opens them on first use (a question answered
    from BM25 alone never loads FAISS or the embedding model).
    """

    def __init__(self, chunks: list[Chunk], config: dict, bm25: BM25, dense: DenseIndex | None = None,
                 embedder: Embedder | None = None, *, index_dir: Path | None = None, spec: str | None = None) -> None:
        self.chunks = chunks
        self.config = config
        self.bm25 = bm25
        self._dense = dense
        self._embedder = embedder
        self._dir = index_dir
        self._spec = spec or config.get("embedder_spec")
        self._lock = threading.Lock()
        self.synonyms: SynonymMap = synonym_map(config.get("abbreviations") or {})
        terms = add_terms(config.get("user_terms") or [])  # also for the question-analysis Kiwi
        self.analyzer = Analyzer(terms, self.synonyms, bigrams=bool(config.get("bigrams")))
        long_vocab = (t for t in bm25.vocab if len(t) >= 4 and BIGRAM_JOINER not in t)
        self.variants = VariantIndex([*terms, *self.synonyms.mapping.values(), *long_vocab])
        self._query_cache: dict[str, np.ndarray] = {}

    def clear_query_cache(self) -> None:
        """Forget cached query vectors (benchmarks time the embedding too)."""
        self._query_cache.clear()

    @property
    def dense_covered(self) -> int:
        """How many chunks the dense leg covers (all of them once the index's embeddings are complete)."""
        if self._dense is not None:
            return self._dense.n
        d = self.config.get("dense")
        return int(d.get("covered", 0)) if isinstance(d, dict) else len(self.chunks)

    @property
    def dense(self) -> DenseIndex:
        """The FAISS leg (read on first use; IndexMismatchError when it does not fit the chunks)."""
        if self._dense is None:
            with self._lock:
                if self._dense is None:
                    if self._dir is None:
                        raise IndexMismatchError("this retriever has no dense leg; expected one from Retriever.load")
                    try:
                        dense = DenseIndex.load(self._dir)
                    except ValueError as e:
                        raise corrupt(self._dir, "faiss.index", str(e.__cause__ or e).splitlines()[-1][:120]) from e
                    covered = self.dense_covered
                    if dense.n != covered or dense.dim != self.config.get("dim"):
                        raise IndexMismatchError(
                            f"{self._dir}: FAISS holds {dense.n} vectors of dim {dense.dim}, config.json says {covered} "
                            f"of dim {self.config.get('dim')}; the directory is inconsistent. Rebuild with "
                            "`python ingest.py --force`.")
                    self._dense = dense
        return self._dense

    @property
    def embedder(self) -> Embedder:
        """The query embedder (loaded on first use and checked against the model that made the vectors)."""
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    model = get_embedder(self._spec)
                    cfg = self.config
                    if model.name != cfg.get("embedder") or model.dim != cfg.get("dim"):
                        raise IndexMismatchError(
                            f"{self._dir}: vectors come from {cfg.get('embedder')} (dim {cfg.get('dim')}) but embedder "
                            f"{self._spec!r} is {model.name} (dim {model.dim}). Rebuild with `python ingest.py --force`.")
                    self._embedder = model
        return self._embedder

    @classmethod
    def load(cls, index_dir: Path, chunks: list[Chunk], config: dict, embedder: str | None = None) -> "Retriever":
        """Open the search files of `index_dir`; `config` is the index config (or its "search" entry)."""
        index_dir = Path(index_dir)
        cfg = config.get("search", config) if isinstance(config.get("search"), dict) else config
        if not cfg or "embedder" not in cfg:
            raise IndexMismatchError(
                f"{index_dir}: the index config has no search entry (built before retrieval existed?); "
                "expected the dict returned by build_search(). Rebuild with `python ingest.py --force`."
            )
        if cfg.get("format") != FORMAT or cfg.get("tokenizer") != TOKENIZER_VERSION:
            raise IndexMismatchError(
                f"{index_dir}: search files have format {cfg.get('format')}/{cfg.get('tokenizer')}, this code expects "
                f"{FORMAT}/{TOKENIZER_VERSION}. Rebuild with `python ingest.py --force`."
            )
        spec = embedder or settings.get("embedder")
        if spec != cfg.get("embedder_spec"):
            raise IndexMismatchError(
                f"{index_dir} was built with embedder {cfg.get('embedder_spec')!r} ({cfg.get('embedder')}), but the "
                f"configured embedder is {spec!r}. Rebuild with `python ingest.py --force` (DCQA_EMBEDDER={spec}) "
                f"or set DCQA_EMBEDDER={cfg.get('embedder_spec')}."
            )
        if cfg.get("n_chunks") != len(chunks) or cfg.get("chunks_sha256") != chunks_fingerprint(chunks):
            raise IndexMismatchError(
                f"{index_dir}: search files were built from another corpus ({cfg.get('n_chunks')} chunks, "
                f"fingerprint {str(cfg.get('chunks_sha256'))[:12]}) than the {len(chunks)} chunks given "
                f"({chunks_fingerprint(chunks)[:12]}). Rebuild with `python ingest.py --force`."
            )
        try:
            bm25 = BM25.load(index_dir)
        except FileNotFoundError:
            raise
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:
            raise corrupt(index_dir, "bm25.npz", f"{type(e).__name__}: {str(e)[:100]}") from e
        if bm25.n_docs != len(chunks):
            raise IndexMismatchError(
                f"{index_dir}: BM25 has {bm25.n_docs} documents for {len(chunks)} chunks; "
                "the directory is inconsistent. Rebuild with `python ingest.py --force`."
            )
        return cls(chunks, cfg, bm25, index_dir=index_dir, spec=spec)

    # --- query side --------------------------------------------------------------------------------
    def query_tokens(self, query: str) -> list[str]:
        """BM25 terms of a query, including dictionary spellings of slightly misspelled words."""
        toks = self.analyzer.tokenize(query)
        known = self.bm25.term_id
        for t in [t for t in toks if t not in known and len(t) >= 4 and BIGRAM_JOINER not in t]:
            # a compound Kiwi keeps whole when it stands alone ('드론공간정보시스템') is split as in running text,
            # where the index read it ('드론 공간 정보 시스템 운영'): its pieces the index knows, not asked already
            pieces = [p for p in self.analyzer.tokenize(t + "을") if p in known and BIGRAM_JOINER not in p]
            toks.extend(p for p in dict.fromkeys(pieces) if p not in toks)
        for variant in self.variants.find(query):
            toks.extend(self.analyzer.tokenize(variant))
        return toks

    def query_weights(self, query: str) -> dict[str, float]:
        """BM25 query terms with their weights (bigrams weighted by the setting bm25_bigram_weight)."""
        w_bigram = float(settings.get("bm25_bigram_weight"))
        out: dict[str, float] = {}
        for t in self.query_tokens(query):
            out[t] = out.get(t, 0.0) + (w_bigram if BIGRAM_JOINER in t else 1.0)
        return out

    def query_vector(self, query: str) -> np.ndarray:
        """The query embedding (cached per process)."""
        v = self._query_cache.get(query)
        if v is None:
            v = self.embedder.embed_queries([query])[0]
            if len(self._query_cache) > 4096:
                self._query_cache.clear()
            self._query_cache[query] = v
        return v

    def _mask(self, filters: Filters | None) -> np.ndarray | None:
        """Boolean mask of chunks that pass the filters (None when unfiltered)."""
        if filters is None or filters.is_empty():
            return None
        return np.fromiter((filters.matches(c) for c in self.chunks), dtype=bool, count=len(self.chunks))

    def rank(self, query: str, method: str = "hybrid", depth: int | None = None,
             filters: Filters | None = None) -> list[tuple[int, float]]:
        """Ranked (chunk index, score) pairs of one method."""
        if method not in METHODS:
            raise ValueError(f"unknown search method {method!r}; expected one of {', '.join(METHODS)}")
        depth = depth or int(settings.get("search_depth"))
        mask = self._mask(filters)
        if mask is not None and not mask.any():
            return []
        if method == "bm25":
            return self.bm25.top(self.query_weights(query), depth, mask)
        if method == "dense":
            return self.dense.top(self.query_vector(query), depth, mask) if self.dense_covered else []
        lex = self.bm25.top(self.query_weights(query), depth, mask)
        den = [] if self._lexical_is_decisive(lex) or not self.dense_covered else \
            self.dense.top(self.query_vector(query), depth, mask)
        fused = fuse(
            settings.get("fusion"),
            [[(str(i), s) for i, s in lex], [(str(i), s) for i, s in den]],
            [float(settings.get("fusion_weight_bm25")), float(settings.get("fusion_weight_dense"))],
            float(settings.get("fusion_k")),
        )
        return [(int(i), s) for i, s in fused]

    @staticmethod
    def _lexical_is_decisive(lex: Sequence[tuple[int, float]]) -> bool:
        """True when BM25's best hit leads the second by the factor `hybrid_skip_ratio` (dense would not change it)."""
        ratio = float(settings.get("hybrid_skip_ratio"))
        if ratio <= 0 or not lex:
            return False
        return len(lex) == 1 or lex[0][1] >= ratio * lex[1][1]

    def search(self, query: str, k: int = 10, filters: Filters | None = None, method: str = "hybrid") -> list[Hit]:
        """The k best chunks for `query`, best first."""
        if not query or not query.strip():
            return []
        if isinstance(filters, dict):
            filters = Filters.from_dict(filters)
        ranked = self.rank(query, method, max(k, int(settings.get("search_depth"))), filters)[:k]
        return [Hit(self.chunks[i], float(s), r) for r, (i, s) in enumerate(ranked, start=1)]
