"""Kiwi tokenizer shared by BM25 and question analysis.

`tokenize(text)` returns the content morphemes (nouns, verbs, adjectives, roots, numbers, foreign words and a few
meaningful symbols such as `%`), plus the user-dictionary compounds found in the text (`정보보안과`, which Kiwi
otherwise splits into `정보` + `보안과`), plus the tokens of synonym expansions. The plain tokens are always kept:
indexing only the compounds hurt paraphrased questions.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from typing import TYPE_CHECKING, Iterable, Sequence

from index.synonyms import SynonymMap, synonym_map

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi

TOKENIZER_VERSION = "kiwi-content-v1"

# Kiwi tags kept as index terms
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "VV", "VA", "XR", "SN", "SL", "SH"})
WORD_TAGS_PREFIX = "W_"  # W_URL, W_EMAIL, W_SERIAL (dates like 2026.3.31.), W_HASHTAG, ...
KEEP_SYMBOLS = frozenset("%‰△▲▽▼$₩€¥℃㎡㎢㎞±")
NOUN_TAGS = frozenset({"NNG", "NNP"})

_HANGUL = re.compile(r"[가-힣]")
# three or more single Hangul syllables separated by single spaces: "정 보 보 안 과" -> "정보보안과"
_LETTER_SPACED = re.compile(r"(?<![가-힣])[가-힣](?: [가-힣]){2,}(?![가-힣])")
_RUN = re.compile(r"[가-힣A-Za-z0-9]+")

_kiwi: "Kiwi | None" = None
_terms: dict[str, list[str]] = {}  # user-dictionary term -> its plain tokens
_lock = threading.RLock()
_default_synonyms: SynonymMap | None = None


def get_kiwi() -> "Kiwi":
    """The process-wide Kiwi instance, with every user-dictionary term added so far."""
    global _kiwi
    with _lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            _kiwi = Kiwi()
        return _kiwi


def _collapse_letter_spacing(text: str) -> str:
    """Join runs of letter-spaced Hangul syllables."""
    return _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


def normalize(text: str) -> str:
    """Search normalisation: the ingest's `normalize_for_search` when present, then NFC and letter-spacing."""
    try:
        from index.normalize import normalize_for_search
    except ImportError:
        normalize_for_search = None
    if normalize_for_search is not None:
        text = normalize_for_search(text)
    text = unicodedata.normalize("NFC", text)
    return _collapse_letter_spacing(text)


def clean_term(term: str) -> str:
    """A dictionary term without spaces and surrounding punctuation, or '' if unusable."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFC", term)).strip("·-_/()[]<>「」『』,.")
    if len(t) < 2 or len(t) > 30 or not _HANGUL.search(t) or not re.fullmatch(r"[가-힣A-Za-z0-9·\-]+", t):
        return ""
    return t


def add_terms(terms: Iterable[str]) -> list[str]:
    """Add domain words (department, team, programme names) to the Kiwi user dictionary; returns those kept."""
    kiwi = get_kiwi()
    kept: list[str] = []
    with _lock:
        for raw in terms:
            t = clean_term(raw)
            if not t:
                continue
            if t not in _terms:
                _terms[t] = _plain_tokens(kiwi, t)
                if len(_terms[t]) <= 1:  # already one morpheme: nothing to add
                    _terms[t] = []
                    kept.append(t)
                    continue
                kiwi.add_user_word(t, "NNP", 0.0)
            kept.append(t)
    return sorted(set(kept))


def user_terms() -> list[str]:
    """The user-dictionary terms added in this process."""
    with _lock:
        return sorted(_terms)


def _plain_tokens(kiwi: "Kiwi", text: str) -> list[str]:
    """Content tokens of `text` as Kiwi splits it."""
    return _content(kiwi.tokenize(text))


def _content(tokens: Sequence[object]) -> list[str]:
    """Filter Kiwi tokens to index terms, adding noun+suffix joins (`집행`+`률` -> `집행률`)."""
    out: list[str] = []
    prev = None
    for tok in tokens:
        form, tag = tok.form, str(tok.tag).split(".")[-1]  # type: ignore[attr-defined]
        if tag in CONTENT_TAGS or tag.startswith(WORD_TAGS_PREFIX):
            if tag == "SL":
                form = form.lower()
            out.append(form)
            if tag == "SN" and "," in form:
                out.append(form.replace(",", ""))
        elif tag == "SW" and form in KEEP_SYMBOLS:
            out.append(form)
        elif tag == "XSN" and prev is not None and prev[1] in NOUN_TAGS:
            out.append(prev[0] + form)
        prev = (form, tag)
    return out


def _with_compounds(tokens: Sequence[object]) -> list[str]:
    """Content tokens where each user-dictionary compound also contributes its plain parts."""
    out: list[str] = []
    for form in _content(tokens):
        out.append(form)
        parts = _terms.get(form)
        if parts:
            out.extend(parts)
    return out


def default_synonyms() -> SynonymMap:
    """The built-in synonym map (no index-specific abbreviations)."""
    global _default_synonyms
    if _default_synonyms is None:
        _default_synonyms = synonym_map()
    return _default_synonyms


def prepare(text: str, synonyms: SynonymMap | None = None) -> str:
    """Normalise and append synonym expansions: the exact string Kiwi sees."""
    return (synonyms or default_synonyms()).expand(normalize(text))


def tokenize(text: str, synonyms: SynonymMap | None = None) -> list[str]:
    """Index terms of one text: content morphemes + dictionary compounds + synonym expansions."""
    kiwi = get_kiwi()
    return _with_compounds(kiwi.tokenize(prepare(text, synonyms)))


def tokenize_many(texts: Sequence[str], synonyms: SynonymMap | None = None) -> list[list[str]]:
    """`tokenize` over many texts in one Kiwi call."""
    kiwi = get_kiwi()
    prepared = [prepare(t, synonyms) for t in texts]
    return [_with_compounds(toks) for toks in kiwi.tokenize(prepared)]


def _skeleton(word: str) -> str:
    """Initial consonant of each Hangul syllable (other characters kept): words that differ only in vowels or
    final consonants share a skeleton."""
    return "".join(chr(0x1100 + (ord(ch) - 0xAC00) // 588) if "가" <= ch <= "힣" else ch for ch in word)


class VariantIndex:
    """Finds candidate terms that a word of a query spells with vowel or final-consonant slips
    (`스마트라이프위크` -> `스마트라이프워크`).

    Conservative on purpose: candidates of 4+ syllables matched against any stretch of a word of the query, with
    the same initial consonants, at most one differing syllable (two from 8 syllables).
    """

    def __init__(self, candidates: Iterable[str]) -> None:
        self._by_key: dict[str, list[str]] = {}
        self._lengths: set[int] = set()
        for c in set(candidates):
            if len(c) >= 4 and _HANGUL.search(c):
                self._by_key.setdefault(_skeleton(c), []).append(c)
                self._lengths.add(len(c))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())

    def find(self, text: str) -> list[str]:
        """Candidates spelled differently in `text` (exact spellings are not returned)."""
        found: list[str] = []
        lengths = sorted(self._lengths)
        for run in _RUN.findall(normalize(text)):
            for start in range(len(run)):
                for n in lengths:
                    if start + n > len(run):
                        break
                    head = run[start : start + n]
                    for cand in self._by_key.get(_skeleton(head), ()):
                        diff = sum(1 for x, y in zip(head, cand) if x != y)
                        if 0 < diff <= (2 if n >= 8 else 1) and cand not in found:
                            found.append(cand)
        return found
