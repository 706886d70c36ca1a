"""Values derived from one loaded index alone (sections by document, heading lines …), built once per index object.

The answering code asks these per question; `derived(data, name, build)` builds each on first use and keeps it while
that index object is the one answering (a newly loaded index gets its own).
"""
from __future__ import annotations

import threading
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_CACHE: dict[int, tuple[Any, dict[str, Any]]] = {}
_LOCK = threading.RLock()


def derived(data: Any, name: str, build: Callable[[], T]) -> T:
    """The value `name` of this index object, built by `build()` once."""
    with _LOCK:
        hit = _CACHE.get(id(data))
        if hit is None or hit[0] is not data:  # holding `data` keeps its id from being reused
            if len(_CACHE) > 4:
                _CACHE.clear()
            hit = (data, {})
            _CACHE[id(data)] = hit
        values = hit[1]
        if name not in values:
            values[name] = build()
        return values[name]


def sections_by_doc(data: Any) -> dict[str, list[Any]]:
    """The index's sections grouped by document, each list in index order."""
    def build() -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for s in data.sections:
            out.setdefault(s.doc, []).append(s)
        return out

    return derived(data, "sections_by_doc", build)


def sections_of(data: Any, doc: str) -> list[Any]:
    """The sections of one document, in index order."""
    return sections_by_doc(data).get(doc, [])
