"""`open_index()`: the loaded index directory (data + retriever), cached per process by path."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index import settings
from index.search import Filters, Hit, IndexMismatchError, Retriever
from index.store import IndexMissingError, IndexStaleError
from index.tokenize import get_kiwi

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi

# The errors that mean "this index cannot be used; rebuild it": their messages name the command to run.
INDEX_ERRORS: tuple[type[BaseException], ...] = (FileNotFoundError, IndexMissingError, IndexStaleError,
                                                 IndexMismatchError)

_CACHE: dict[tuple[str, float], "Index"] = {}
_WARM_UP_TEXT = "디지털도시국 예산 집행률은 얼마인가요?"
_LOCK = threading.Lock()


class Index:
    """An opened index: `data` (IndexData from index.store) and hybrid search over its chunks."""

    def __init__(self, data: Any, retriever: Retriever) -> None:
        self.data = data
        self.retriever = retriever

    @property
    def dir(self) -> Path:
        return Path(self.data.dir)

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
        """Load both Kiwi models and the BM25 leg now, so the first question does not pay for it (3-5 s)."""
        self.tokenize(_WARM_UP_TEXT)  # plain Kiwi (index terms) + BM25 analyzer
        list(self.kiwi.tokenize(_WARM_UP_TEXT))  # user-dictionary Kiwi: builds its model once per process
        self.retriever.search(_WARM_UP_TEXT, k=1, method="bm25")

    def search(self, query: str, k: int = 10, filters: Filters | dict | None = None,
               method: str = "hybrid") -> list[Hit]:
        """The k best chunks for `query` ('bm25', 'dense' or 'hybrid'); filters: Filters or {"doc", "year", ...}."""
        return self.retriever.search(query, k=k, filters=filters, method=method)


def _config_mtime(index_dir: Path) -> float:
    """Modification time of config.json (0 if missing), so a rebuilt index is reopened."""
    p = index_dir / "config.json"
    return p.stat().st_mtime if p.exists() else 0.0


def open_index(index_dir: Path | str | None = None) -> Index:
    """Load the index directory once per process (default: setting `index_dir`), checked against the corpus.

    The Kiwi models are prepared here (`Index.warm_up`), not at the first question.
    """
    from index.store import load_index

    path = Path(index_dir or settings.get("index_dir")).resolve()
    key = (str(path), _config_mtime(path))
    with _LOCK:
        idx = _CACHE.get(key)
        if idx is None:
            corpus = Path(settings.get("corpus_dir"))
            data = load_index(path, corpus if corpus.is_dir() else None)
            idx = Index(data, Retriever.load(path, data.chunks, data.config))
            idx.warm_up()
            for old in [k for k in _CACHE if k[0] == key[0]]:
                del _CACHE[old]
            _CACHE[key] = idx
        return idx


def clear_cache() -> None:
    """Forget opened indexes (tests, or after a rebuild in the same process)."""
    with _LOCK:
        _CACHE.clear()
