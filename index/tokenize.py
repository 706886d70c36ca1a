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

TOKENIZER_VERSION = "kiwi-content-v6"  # v5: Kiwi without its multi-word dictionary (see _new_kiwi); v6: _glued_verb

# Kiwi tags kept as index terms
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "VV", "VA", "XR", "SN", "SL", "SH"})
WORD_TAGS_PREFIX = "W_"  # W_URL, W_EMAIL, W_SERIAL (dates like 2026.3.31.), W_HASHTAG, ...
KEEP_SYMBOLS = frozenset("%‰△▲▽▼$₩€¥℃㎡㎢㎞±")
NOUN_TAGS = frozenset({"NNG", "NNP"})
# question words and light verbs: frequent in questions, no help in finding a passage (dropped on both sides)
STOPWORDS = frozenset({"얼마", "몇", "무엇", "뭐", "무슨", "어느", "어떻", "어떠", "언제", "어디", "누구", "왜",
                       "알리", "궁금", "하", "되", "있", "없", "나오", "말하", "주"})
BIGRAM_JOINER = "_"

_HANGUL = re.compile(r"[가-힣]")
# three or more single Hangul syllables separated by single spaces: "정 보 보 안 과" -> "정보보안과"
_LETTER_SPACED = re.compile(r"(?<![가-힣])[가-힣](?: [가-힣]){2,}(?![가-힣])")
_RUN = re.compile(r"[가-힣A-Za-z0-9]+")

_base_kiwi: "Kiwi | None" = None  # no user words: the plain tokens never depend on the dictionary
_dict_kiwi: "Kiwi | None" = None  # with the user dictionary, for question analysis
_terms: set[str] = set()  # every user-dictionary term registered in this process
_lock = threading.RLock()
_default_synonyms: SynonymMap | None = None


def _new_kiwi() -> "Kiwi":
    """A Kiwi without the multi-word dictionary: it loads and prepares in about 0.9 s instead of 2.4 s on the 2-core
    machine, and on the corpus and the 649 eval questions it changes the terms of one chunk (the multi-word entry
    `데이터 사이언스`) and the analysis of no question (measured before the switch)."""
    from kiwipiepy import Kiwi

    return Kiwi(load_multi_dict=False)


def _base() -> "Kiwi":
    """The Kiwi instance used for index terms (built-in dictionary only)."""
    global _base_kiwi
    with _lock:
        if _base_kiwi is None:
            _base_kiwi = _new_kiwi()
        return _base_kiwi


def get_kiwi() -> "Kiwi":
    """The shared Kiwi for question analysis, with every user-dictionary term registered so far (as NNP).

    Add terms before the first analysis when possible: a word added after Kiwi has analysed text makes the
    next call rebuild its model (seconds on 2 cores).
    """
    global _dict_kiwi
    with _lock:
        if _dict_kiwi is None:
            _dict_kiwi = _new_kiwi()
            for t in sorted(_terms):
                _dict_kiwi.add_user_word(t, "NNP", 0.0)
        return _dict_kiwi


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
    if len(t) < 3 or len(t) > 30 or not _HANGUL.search(t) or not re.fullmatch(r"[가-힣A-Za-z0-9·\-]+", t):
        return ""
    return t


def add_terms(terms: Iterable[str]) -> list[str]:
    """Register domain words (department, team, programme names); returns the cleaned terms kept, sorted."""
    kept = sorted({t for t in (clean_term(raw) for raw in terms) if t})
    with _lock:
        new = [t for t in kept if t not in _terms]
        _terms.update(new)
        if _dict_kiwi is not None:
            for t in new:
                _dict_kiwi.add_user_word(t, "NNP", 0.0)
    return kept


def user_terms() -> list[str]:
    """The user-dictionary terms registered in this process."""
    with _lock:
        return sorted(_terms)


def _content(tokens: Sequence[object], bigrams: bool = False) -> list[str]:
    """Filter Kiwi tokens to index terms, adding noun+suffix joins (`집행`+`률` -> `집행률`), numbers without
    thousands separators and, with `bigrams`, pairs of neighbouring terms (`시중_은행`) for phrase matching."""
    main: list[str] = []
    extra: list[str] = []
    prev = None
    run: list[object] = []  # the nouns written together just before this token ('스마트', '서울')
    for i, tok in enumerate(tokens):
        form, tag = tok.form, str(tok.tag).split(".")[-1]  # type: ignore[attr-defined]
        if _glued_verb(tokens, i, run):
            # '스마트서울맵': Kiwi reads the last syllable of a compound it does not know as a verb ('맵다', VA-I) with
            # no ending after it; it is the compound's last noun, and the whole compound is a term
            main.append(form)
            extra.append("".join(t.form for t in run) + form)  # type: ignore[attr-defined]
            run.append(tok)
            prev = (form, "NNG")
            continue
        run = run + [tok] if tag in NOUN_TAGS and (not run or _touches(run[-1], tok)) else ([tok] if tag in NOUN_TAGS else [])
        if tag in CONTENT_TAGS or tag.startswith(WORD_TAGS_PREFIX):
            if tag == "SL":
                form = form.lower()
            if form in STOPWORDS and tag in {"NNG", "VV", "VA", "XR", "NR"}:
                prev = (form, tag)
                continue
            main.append(form)
            if tag == "SN" and "," in form:
                extra.append(form.replace(",", ""))
        elif tag == "SW" and form in KEEP_SYMBOLS:
            main.append(form)
        elif tag == "XSN" and prev is not None and prev[1] in NOUN_TAGS:
            extra.append(prev[0] + form)
        prev = (form, tag)
    if bigrams:
        extra.extend(f"{a}{BIGRAM_JOINER}{b}" for a, b in zip(main, main[1:]))
    return main + extra


def _touches(a: object, b: object) -> bool:
    """Whether token b starts where token a ends (written together, in one word)."""
    return getattr(a, "start", -1) + getattr(a, "len", 0) == getattr(b, "start", -2)


def _glued_verb(tokens: Sequence[object], i: int, run: Sequence[object]) -> bool:
    """Whether tokens[i] is a verb or adjective stem written right after nouns and followed by no ending: a syllable
    of a compound noun Kiwi did not know, not a predicate."""
    tok = tokens[i]
    tag = str(tok.tag).split(".")[-1]  # type: ignore[attr-defined]
    if not run or not tag.startswith(("VV", "VA")) or not _touches(run[-1], tok):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is None or not str(nxt.tag).split(".")[-1].startswith(("E", "XS"))  # type: ignore[attr-defined]


def default_synonyms() -> SynonymMap:
    """The built-in synonym map (no index-specific abbreviations)."""
    global _default_synonyms
    if _default_synonyms is None:
        _default_synonyms = synonym_map()
    return _default_synonyms


class Analyzer:
    """Index terms of a text: Kiwi content morphemes + the dictionary compounds it contains + synonym expansions.

    Compounds are found by string matching on the text with spaces removed (`서울 스마트라이프워크` counts for
    `서울스마트라이프워크`), so the plain morphemes stay exactly what Kiwi's own dictionary gives.
    """

    def __init__(self, terms: Iterable[str] = (), synonyms: SynonymMap | None = None, bigrams: bool = False) -> None:
        self.bigrams = bigrams
        self.terms = sorted({t for t in (clean_term(x) for x in terms) if t}, key=lambda t: (-len(t), t))
        self.synonyms = synonyms or default_synonyms()
        self._pattern = re.compile("|".join(re.escape(t) for t in self.terms)) if self.terms else None

    def prepare(self, text: str) -> str:
        """Normalise and append synonym expansions: the exact string Kiwi sees."""
        return self.synonyms.expand(normalize(text))

    def compounds(self, prepared: str) -> list[str]:
        """Dictionary terms occurring in the text (longest match first, once per occurrence)."""
        if self._pattern is None:
            return []
        return self._pattern.findall(re.sub(r"\s+", "", prepared))

    def tokenize(self, text: str) -> list[str]:
        """Index terms of one text."""
        prepared = self.prepare(text)
        return _content(_base().tokenize(prepared), self.bigrams) + self.compounds(prepared)

    def tokenize_many(self, texts: Sequence[str]) -> list[list[str]]:
        """`tokenize` over many texts in one Kiwi call."""
        prepared = [self.prepare(t) for t in texts]
        return [_content(toks, self.bigrams) + self.compounds(p) for p, toks in zip(prepared, _base().tokenize(prepared))]


def prepare(text: str, synonyms: SynonymMap | None = None) -> str:
    """Normalise and append synonym expansions: the exact string Kiwi sees."""
    return (synonyms or default_synonyms()).expand(normalize(text))


_analyzers: dict[tuple[int, int], Analyzer] = {}


def _analyzer(synonyms: SynonymMap | None) -> Analyzer:
    """An Analyzer over every registered term, reused until a term is added (terms only grow)."""
    with _lock:
        key = (len(_terms), id(synonyms))
        a = _analyzers.get(key)
        if a is None or a.synonyms is not (synonyms or default_synonyms()):
            if len(_analyzers) > 16:
                _analyzers.clear()
            a = _analyzers[key] = Analyzer(_terms, synonyms)
        return a


def tokenize(text: str, synonyms: SynonymMap | None = None) -> list[str]:
    """Index terms of one text with the built-in synonyms and every term registered by `add_terms`."""
    return _analyzer(synonyms).tokenize(text)


def tokenize_many(texts: Sequence[str], synonyms: SynonymMap | None = None) -> list[list[str]]:
    """`tokenize` over many texts in one Kiwi call."""
    return _analyzer(synonyms).tokenize_many(texts)


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
            sk = _skeleton(run)  # one character per character, so slices line up with the run
            for start in range(len(run)):
                for n in lengths:
                    if start + n > len(run):
                        break
                    head = run[start : start + n]
                    for cand in self._by_key.get(sk[start : start + n], ()):
                        diff = sum(1 for x, y in zip(head, cand) if x != y)
                        if 0 < diff <= (2 if n >= 8 else 1) and cand not in found:
                            found.append(cand)
        return found
