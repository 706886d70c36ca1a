"""Pure fusion of ranked lists of (id, score): reciprocal-rank fusion and a normalised convex combination."""
from __future__ import annotations

from typing import Sequence

Ranking = Sequence[tuple[str, float]]


def _check_weights(rankings: Sequence[Ranking], weights: Sequence[float] | None) -> list[float]:
    """Weights as a list the length of `rankings` (default: all 1.0)."""
    if weights is None:
        return [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"got {len(weights)} weights for {len(rankings)} rankings; pass one weight per ranking")
    return [float(w) for w in weights]


def _sorted(scores: dict[str, float], order: dict[str, int]) -> list[tuple[str, float]]:
    """Best score first; ties keep first-seen order."""
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def rrf(rankings: Sequence[Ranking], weights: Sequence[float] | None = None, k: float = 60) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: score(id) = sum_i w_i / (k + rank_i(id)), ranks from 1; an id counts once per list."""
    ws = _check_weights(rankings, weights)
    scores: dict[str, float] = {}
    order: dict[str, int] = {}
    for w, ranking in zip(ws, rankings):
        seen: set[str] = set()
        for rank, (doc_id, _) in enumerate(ranking, start=1):
            if doc_id in seen:
                continue
            seen.add(doc_id)
            order.setdefault(doc_id, len(order))
            scores[doc_id] = scores.get(doc_id, 0.0) + w / (k + rank)
    return _sorted(scores, order)


def convex(rankings: Sequence[Ranking], weights: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """Convex combination of scores min-max normalised per list (an id missing from a list scores 0 there)."""
    ws = _check_weights(rankings, weights)
    total = sum(ws) or 1.0
    scores: dict[str, float] = {}
    order: dict[str, int] = {}
    for w, ranking in zip(ws, rankings):
        best: dict[str, float] = {}
        for doc_id, s in ranking:
            if doc_id not in best or s > best[doc_id]:
                best[doc_id] = s
        if not best:
            continue
        hi, lo = max(best.values()), min(best.values())
        span = hi - lo
        for doc_id, s in best.items():
            order.setdefault(doc_id, len(order))
            norm = 1.0 if span == 0 else (s - lo) / span
            scores[doc_id] = scores.get(doc_id, 0.0) + (w / total) * norm
    for doc_id in order:
        scores.setdefault(doc_id, 0.0)
    return _sorted(scores, order)


def fuse(method: str, rankings: Sequence[Ranking], weights: Sequence[float] | None = None, k: float = 60
         ) -> list[tuple[str, float]]:
    """Dispatch on the fusion method name: 'rrf' or 'convex'."""
    if method == "rrf":
        return rrf(rankings, weights, k)
    if method == "convex":
        return convex(rankings, weights)
    raise ValueError(f"unknown fusion method {method!r}; expected 'rrf' or 'convex' (setting DCQA_FUSION)")
