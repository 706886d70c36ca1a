"""Which lines of the corpus can hold a text, without reading the whole corpus per question.

`LineIndex` keeps the distinct lines and, for every two- and three-character piece, the lines that contain it: a
text can only occur in the lines that hold all of its pieces (the rarest few are intersected, then only those lines
are read). `text in index` says whether some line holds the text; `maybe_holding` narrows a line scan to the lines
that can pass it. `line_index(lines)` gives one index per list of lines (the vocabularies of app/vocab.py and
app/engine/vocab.py and the answer's line scan read the same lines, so they share it).
"""
from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any, Iterable, Sequence

import numpy as np

ENOUGH = 16  # candidate lines few enough to read instead of intersecting further
_NONE = np.zeros(0, dtype=np.uint32)


class LineIndex:
    """The lines of a corpus (compact text, one string per line) by the two- and three-character pieces they hold."""

    def __init__(self, lines: Sequence[str]) -> None:
        where: dict[str, list[int]] = {}
        for i, x in enumerate(lines):
            if x:
                where.setdefault(x, []).append(i)
        self._lines = list(where)  # distinct non-empty lines
        self._where = list(where.values())  # their positions in `lines`
        chars: set[str] = set()
        grams: defaultdict[str, list[int]] = defaultdict(list)
        for i, line in enumerate(self._lines):
            chars.update(line)
            for n in (2, 3):
                for g in {line[j:j + n] for j in range(len(line) - n + 1)}:
                    grams[g].append(i)
        self._chars = chars
        self._grams = {g: np.asarray(ids, dtype=np.uint32) for g, ids in grams.items()}

    def _candidates(self, text: str) -> np.ndarray | None:
        """Distinct lines holding every piece of `text` (a superset of those holding `text`); None for a text of one
        character (any line may hold it)."""
        if len(text) < 2:
            return None
        n = 2 if len(text) == 2 else 3
        posts = []
        for g in {text[j:j + n] for j in range(len(text) - n + 1)}:
            p = self._grams.get(g)
            if p is None:
                return _NONE
            posts.append(p)
        posts.sort(key=len)
        cand = posts[0]
        for p in posts[1:]:
            if len(cand) <= ENOUGH:
                break
            cand = np.intersect1d(cand, p, assume_unique=True)
        return cand

    def __contains__(self, text: object) -> bool:
        """Whether some line holds `text` (a text with a line break never does)."""
        if not isinstance(text, str) or not text or "\n" in text:
            return False
        if len(text) == 1:
            return text in self._chars
        cand = self._candidates(text)
        assert cand is not None
        return any(text in self._lines[i] for i in cand.tolist())

    def maybe_holding(self, alternatives: Iterable[Sequence[str]]) -> set[int] | None:
        """Positions (in the `lines` given) of the lines that may hold every piece of at least one alternative: a
        superset, found from each alternative's longest piece. None when an alternative's longest piece is a single
        character (no narrowing: every line may pass)."""
        distinct: set[int] = set()
        for alt in alternatives:
            longest = max(alt, key=len, default="")
            if "\n" in longest:
                continue  # no line holds it
            cand = self._candidates(longest)
            if cand is None:
                return None
            distinct.update(cand.tolist())
        return {p for i in distinct for p in self._where[i]}


_CACHE: dict[str, LineIndex] = {}
_LOCK = threading.Lock()


def line_index(lines: Sequence[str]) -> LineIndex:
    """The index of these lines, built once per distinct text (the latest one kept)."""
    key = "\n".join(lines)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is None:
            hit = LineIndex(lines)
            _CACHE.clear()
            _CACHE[key] = hit
        return hit


class CorpusLines:
    """Every line of every document of a loaded index in compact form (`app.vocab.compact`), with the line index
    over them: `maybe_holding` gives the (doc, line) pairs a scan needs to read."""

    def __init__(self, keys: dict[str, list[str]]) -> None:
        self.keys = keys  # doc → compact lines
        self.at = [(doc, n) for doc, lines in keys.items() for n in range(1, len(lines) + 1)]  # position → (doc, line)
        self.index = line_index([x for lines in keys.values() for x in lines])

    def maybe_holding(self, alternatives: Iterable[Sequence[str]]) -> set[tuple[str, int]] | None:
        """(doc, line) of the lines that may hold every piece of one alternative (`LineIndex.maybe_holding`); None
        when any line may."""
        found = self.index.maybe_holding(alternatives)
        return None if found is None else {self.at[p] for p in found}


def corpus_lines(data: Any) -> CorpusLines:
    """The compact lines of a loaded index and their line index, built once per index object."""
    from app.indexcache import derived
    from app.vocab import compact

    return derived(data, "corpus_lines", lambda: CorpusLines(
        {d.doc: [compact(x) for x in data.lines(d.doc)] for d in data.documents}))
