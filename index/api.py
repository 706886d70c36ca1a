"""`open_index()`: the loaded index directory (data + retriever), one handle per directory and process.

The handle follows the directory's `current` build: when another process (an ingest, the background dense build)
publishes a new build, the next access after at most `index_refresh_seconds` notices it and loads the new build in
a background thread while the old one keeps answering; a build that only adds the dense leg to the same content is
attached in place (same `data` object). Nothing heavy is loaded up front: the BM25 postings are read at open, the
Kiwi models at the first question that needs them, FAISS and the embedding model at the first dense search.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index import layout, settings
from index.search import Filters, Hit, IndexMismatchError, Retriever
from index.store import IndexMissingError, IndexStaleError, check_sizes, index_home, load_index
from index.tokenize import get_kiwi

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi

log = logging.getLogger(__name__)

# The errors that mean "this index cannot be used; rebuild it": their messages name the command to run.
INDEX_ERRORS: tuple[type[BaseException], ...] = (FileNotFoundError, IndexMissingError, IndexStaleError,
                                                 IndexMismatchError)

settings.declare("index_refresh_seconds", 2.0, "How often an open index checks whether a new build was published "
                 "(a rebuild, or the background dense build finishing); 0 never checks.")

_CACHE: dict[str, "Index"] = {}
_WARM_UP_TEXT = "디지털도시국 예산 집행률은 얼마인가요?"
_LOCK = threading.Lock()


@dataclass
class _Generation:
    """One loaded build: its data and retriever."""

    build: Path
    data: Any
    retriever: Retriever


def _open_build(index_dir: Path) -> _Generation:
    """Load the current build of `index_dir` (checked against the corpus when the corpus directory exists)."""
    corpus = Path(settings.get("corpus_dir"))
    data = load_index(index_dir, corpus if corpus.is_dir() else None)
    check_sizes(data.dir, data.config, ("bm25.npz", "faiss.index"))
    return _Generation(Path(data.dir), data, Retriever.load(data.dir, data.chunks, data.config))


class Index:
    """An opened index: `data` (IndexData from index.store) and hybrid search over its chunks."""

    def __init__(self, data: Any, retriever: Retriever, home: Path | None = None) -> None:
        self._gen = _Generation(Path(data.dir), data, retriever)
        self.home = Path(home) if home is not None else index_home(Path(data.dir))
        self._checked = time.monotonic()
        self._loading: threading.Thread | None = None
        self._reload_lock = threading.Lock()

    # --- the current generation ---------------------------------------------------------------------
    @property
    def data(self) -> Any:
        return self._current().data

    @property
    def retriever(self) -> Retriever:
        return self._current().retriever

    @property
    def dir(self) -> Path:
        """The index directory as opened (the build being served is `data.dir`)."""
        return self.home

    @property
    def build_id(self) -> str:
        """The id of the build being served."""
        return layout.build_id(self._gen.build)

    def _current(self) -> _Generation:
        """The loaded generation, after a cheap check (at most every `index_refresh_seconds`) for a newer build."""
        every = float(settings.get("index_refresh_seconds"))
        now = time.monotonic()
        if every > 0 and now - self._checked >= every:
            self._checked = now
            self.refresh()
        return self._gen

    def refresh(self, wait: bool = False) -> bool:
        """Start loading the published build if it differs from the one served; True when one was (or is being)
        loaded. With `wait`, load in this thread."""
        try:
            build = layout.current_build(self.home)
        except OSError:
            return False
        if build is None or build == self._gen.build:
            return False
        with self._reload_lock:
            if self._loading is not None and self._loading.is_alive():
                return True
            if wait:
                self._load(build)
                return True
            self._loading = threading.Thread(target=self._load, args=(build,), name="index-reload", daemon=True)
            self._loading.start()
        return True

    def _load(self, build: Path) -> None:
        """Swap in `build`: attach its dense leg to the loaded data when the content is the same, else load it."""
        old = self._gen
        try:
            cfg = layout.read_json(build / "config.json") or {}
            same = (cfg.get("corpus") == old.data.config.get("corpus")
                    and (cfg.get("search") or {}).get("chunks_sha256")
                    == (old.data.config.get("search") or {}).get("chunks_sha256")
                    and (cfg.get("search") or {}).get("embedder_spec")
                    == (old.data.config.get("search") or {}).get("embedder_spec"))
            if same:
                retriever = Retriever.load(build, old.data.chunks, cfg)
                old.data.rebase(build, cfg)
                self._gen = _Generation(build, old.data, retriever)
            else:
                self._gen = _open_build(self.home)
            log.info("index: now serving build %s", layout.build_id(self._gen.build))
        except Exception as e:  # noqa: BLE001 - a failed reload keeps the loaded build serving
            log.warning("index: could not load build %s, still serving %s: %s", build, old.build, e)

    # --- the interface app/ uses ---------------------------------------------------------------------
    @property
    def kiwi(self) -> "Kiwi":
        """The shared Kiwi instance with this index's user dictionary."""
        return get_kiwi()

    @property
    def user_terms(self) -> list[str]:
        """Domain words (departments, teams, programmes, row labels) in the Kiwi user dictionary."""
        return list(self.retriever.config.get("user_terms") or [])

    def tokenize(self, text: str) -> list[str]:
        """BM25 terms of `text` with this index's synonyms and abbreviations."""
        return self.retriever.analyzer.tokenize(text)

    def warm_up(self) -> None:
        """Load both Kiwi models and the BM25 leg now, so the first question does not pay for it (about 2 s)."""
        self.tokenize(_WARM_UP_TEXT)  # plain Kiwi (index terms) + BM25 analyzer
        list(self.kiwi.tokenize(_WARM_UP_TEXT))  # user-dictionary Kiwi: builds its model once per process
        self.retriever.search(_WARM_UP_TEXT, k=1, method="bm25")

    def search(self, query: str, k: int = 10, filters: Filters | dict | None = None,
               method: str = "hybrid") -> list[Hit]:
        """The k best chunks for `query` ('bm25', 'dense' or 'hybrid'); filters: Filters or {"doc", "year", ...}."""
        return self.retriever.search(query, k=k, filters=filters, method=method)

    def dense_status(self) -> "DenseStatus":
        """Where the dense leg of the published index stands (see `dense_status()`); also picks up a newly
        published build, as any access does."""
        from index.densify import status

        self._current()
        return status(self.home)


def open_index(index_dir: Path | str | None = None) -> Index:
    """The index directory's handle, loaded once per process (default: setting `index_dir`), checked against the
    corpus. Nothing is warmed up here (see `Index.warm_up`); a later build is picked up by the handle itself."""
    path = Path(os.path.abspath(index_dir or settings.get("index_dir")))
    with _LOCK:
        idx = _CACHE.get(str(path))
        current = layout.current_build(path) if idx is not None else None
        if idx is None or current is None:
            gen = _open_build(path)
            idx = Index(gen.data, gen.retriever, home=path)
            _CACHE[str(path)] = idx
        elif current != idx._gen.build:  # rebuilt since: serve the new build from this call on
            idx.refresh(wait=True)
        return idx


def clear_cache() -> None:
    """Forget opened indexes (tests, or after a rebuild in the same process)."""
    with _LOCK:
        _CACHE.clear()


from index.densify import DenseStatus, dense_status  # noqa: E402 - re-exported: the UI's one-call interface

__all__ = ["INDEX_ERRORS", "DenseStatus", "Index", "clear_cache", "dense_status", "open_index"]
