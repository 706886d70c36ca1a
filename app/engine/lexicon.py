"""The engine's word lists, read from `app/engine/data/lexicon.json` (data, reviewed like code).

`lexicon()` returns one typed, validated `Lexicon`; a malformed file fails at load with a message naming the key.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from app.engine.text import compact

DATA = Path(__file__).resolve().parent / "data" / "lexicon.json"
THESAURUS = DATA.with_name("thesaurus.json")
GLOSSES = DATA.with_name("glosses.json")
ENGLISH_TERMS = DATA.with_name("english_terms.json")  # English names of the reports' things (optional)
OPERATIONS = ("rank", "count", "list", "sum", "diff", "ratio", "verify", "define", "when", "where", "who", "status")


class LexiconError(ValueError):
    """The lexicon file is missing a key or holds a value of the wrong shape."""


@dataclass(frozen=True)
class Metric:
    """A measure a table column can hold (정원, 예산, 집행률 …), with the words that ask for it."""

    id: str
    name: str
    name_en: str
    kind: str  # "money", "count" or "percent"
    cues: tuple[str, ...]
    english: tuple[str, ...]
    columns: tuple[re.Pattern[str], ...]

    def matches_column(self, column: str) -> bool:
        """Whether a column header (any spacing) holds this measure."""
        key = compact(column)
        key = re.sub(r"^['’]?\d{2,4}년?도?", "", key)  # '2026 예산현액' → '예산현액'
        return any(p.search(key) for p in self.columns)


@dataclass(frozen=True)
class EntityClass:
    """A kind of thing a ranking or count ranges over (부서, 사업, 세입 항목, 직종)."""

    id: str
    name: str
    name_en: str
    cues: tuple[str, ...]
    english: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    metrics: dict[str, Metric]
    operations: dict[str, tuple[str, ...]]
    operations_en: dict[str, tuple[str, ...]]
    order: dict[str, tuple[str, ...]]
    classes: dict[str, EntityClass]
    comparators: dict[str, tuple[str, ...]]
    relative_years: dict[str, int]
    relative_years_en: dict[str, int]
    english: dict[str, str]  # lower-case English phrase -> Korean words
    english_stopwords: frozenset[str]
    everyday: dict[str, str]  # compact everyday word -> the reports' word
    question_words: frozenset[str] = field(default_factory=frozenset)
    fillers: frozenset[str] = field(default_factory=frozenset)
    unit_group_words: dict[str, str] = field(default_factory=dict)  # compact word -> a kind of unit ('본청' -> '과')
    described_heads: tuple[str, ...] = ()  # head nouns of a description that name a project itself ('사업', '서비스')

    @cached_property
    def metric_cues(self) -> frozenset[str]:
        """Every measure's cue ('예산', '집행률', '인력'), read once per lexicon."""
        return frozenset(c for m in self.metrics.values() for c in m.cues)

    def is_rate(self, metric: str | None) -> bool:
        """Whether the measure is a rate (집행률, 증감률: a percent column), which is never added up."""
        m = self.metrics.get(metric or "")
        return m is not None and m.kind == "percent"


def _strs(obj: Any, where: str) -> tuple[str, ...]:
    if not isinstance(obj, list) or not all(isinstance(x, str) and x for x in obj):
        raise LexiconError(f"{DATA.name}: {where} must be a list of non-empty strings")
    return tuple(obj)


def _get(obj: dict[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise LexiconError(f"{DATA.name}: {where} has no {key!r}")
    return obj[key]


def parse_lexicon(raw: dict[str, Any]) -> Lexicon:
    """Check and type the decoded JSON; LexiconError names the first thing wrong."""
    metrics: dict[str, Metric] = {}
    for mid, m in _get(raw, "metrics", "the file").items():
        where = f"metrics.{mid}"
        kind = _get(m, "kind", where)
        if kind not in ("money", "count", "percent"):
            raise LexiconError(f"{DATA.name}: {where}.kind must be money, count or percent, not {kind!r}")
        try:
            cols = tuple(re.compile(p) for p in _strs(_get(m, "columns", where), where + ".columns"))
        except re.error as e:
            raise LexiconError(f"{DATA.name}: {where}.columns has a bad pattern ({e})") from e
        metrics[mid] = Metric(mid, _get(m, "name", where), _get(m, "name_en", where), kind,
                              tuple(compact(c) for c in _strs(_get(m, "cues", where), where + ".cues")),
                              tuple(x.lower() for x in _strs(_get(m, "english", where), where + ".english")), cols)
    ops_raw = _get(raw, "operations", "the file")
    unknown = sorted(set(ops_raw) - set(OPERATIONS))
    if unknown:
        raise LexiconError(f"{DATA.name}: unknown operation(s) {unknown}; known are {list(OPERATIONS)}")
    ops = {op: tuple(compact(c) for c in _strs(_get(v, "cues", f"operations.{op}"), f"operations.{op}.cues"))
           for op, v in ops_raw.items()}
    ops_en = {op: tuple(x.lower() for x in _strs(v.get("english", []) or ["-"], f"operations.{op}.english"))
              for op, v in ops_raw.items()}
    order_raw = _get(raw, "order", "the file")
    order = {k: tuple(compact(x) if not k.endswith("english") else x.lower() for x in _strs(v, f"order.{k}"))
             for k, v in order_raw.items()}
    classes = {}
    for cid, c in _get(raw, "classes", "the file").items():
        where = f"classes.{cid}"
        classes[cid] = EntityClass(cid, _get(c, "name", where), _get(c, "name_en", where),
                                   tuple(compact(x) for x in _strs(_get(c, "cues", where), where + ".cues")),
                                   tuple(x.lower() for x in _strs(_get(c, "english", where), where + ".english")))
    comps = {k: tuple(compact(x) if not k.endswith("english") else x.lower() for x in _strs(v, f"comparators.{k}"))
             for k, v in _get(raw, "comparators", "the file").items()}
    rel = {compact(k): int(v) for k, v in _get(raw, "relative_years", "the file").items()}
    rel_en = {k.lower(): int(v) for k, v in raw.get("relative_years_english", {}).items()}
    eng = _get(raw, "english", "the file")
    phrases = {k.lower(): v for k, v in _get(eng, "phrases", "english").items() if not k.startswith("_")}
    stop = frozenset(x.lower() for x in _strs(_get(eng, "stopwords", "english"), "english.stopwords"))
    every = {compact(k): v for k, v in _get(_get(raw, "everyday", "the file"), "words", "everyday").items()}
    qwords = frozenset(compact(x) for x in raw.get("question_words", []))
    fill = raw.get("fillers", {}).get("words", [])
    if not isinstance(fill, list):
        raise LexiconError(f"{DATA.name}: fillers.words must be a list of words")
    requests = raw.get("requests", {}).get("verbs", [])
    if not isinstance(requests, list):
        raise LexiconError(f"{DATA.name}: requests.verbs must be a list of words")
    council = raw.get("council", {}).get("asks", [])
    if not isinstance(council, list):
        raise LexiconError(f"{DATA.name}: council.asks must be a list of words")
    groups = raw.get("unit_groups", {}).get("words", {})
    if not isinstance(groups, dict) or not all(isinstance(k, str) and k and isinstance(v, str) and v
                                               for k, v in groups.items()):
        raise LexiconError(f"{DATA.name}: unit_groups.words must map words to a kind of unit")
    return Lexicon(metrics, ops, ops_en, order, classes, comps, rel, rel_en, phrases, stop, every, qwords,
                   frozenset(compact(x) for x in [*fill, *requests, *council]),
                   {compact(k): v for k, v in groups.items()},
                   tuple(compact(x) for x in _strs(raw.get("described", {}).get("heads", ["사업"]), "described.heads")))


@lru_cache(maxsize=4)
def lexicon(path: Path = DATA) -> Lexicon:
    """The lexicon at `path` (default: the packaged data file), parsed once per process; the packaged one reads
    English names of the reports' things too (data/english_terms.json), its own English phrases winning."""
    raw = _read(path, "lexicon")
    if Path(path) == DATA and ENGLISH_TERMS.exists():
        terms = _read(ENGLISH_TERMS, "English terms").get("phrases", {})
        if not isinstance(terms, dict) or not all(isinstance(k, str) and isinstance(v, str) and k.strip()
                                                  for k, v in terms.items()):
            raise LexiconError(f"{ENGLISH_TERMS.name}: 'phrases' must map English phrases to the reports' words")
        eng = raw.get("english", {})
        if isinstance(eng, dict) and isinstance(eng.get("phrases"), dict):
            own = {k.lower() for k in eng["phrases"]}
            eng["phrases"] = {**{k: v for k, v in terms.items() if k.lower() not in own}, **eng["phrases"]}
    return parse_lexicon(raw)


def _read(path: Path, what: str) -> Any:
    """A data file decoded, or a LexiconError naming it ('lexicon file … is missing; restore …')."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise LexiconError(f"{what} file {path} is missing; restore app/engine/data/{Path(path).name}") from e
    except json.JSONDecodeError as e:
        raise LexiconError(f"{what} file {path} is not valid JSON ({e.msg}, line {e.lineno}); fix it") from e


@lru_cache(maxsize=1)
def thesaurus(path: Path = THESAURUS) -> dict[str, str]:
    """Everyday words for the reports' own terms (data/thesaurus.json: compact everyday word -> printed term)."""
    raw = _read(path, "thesaurus")
    words = raw.get("words") if isinstance(raw, dict) else None
    if not isinstance(words, dict) or not all(isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
                                               for k, v in words.items()):
        raise LexiconError(f"{Path(path).name}: 'words' must map everyday words to the reports' terms")
    # a team the reports never name ('드론팀', '스마트폴팀') is not read as a team they do name: which team does what is
    # an organisation fact the thesaurus cannot supply, and such a question is refused as asked
    return {compact(k): v for k, v in words.items() if not (compact(k).endswith("팀") and compact(v).endswith("팀"))}


@lru_cache(maxsize=1)
def glosses(path: Path = GLOSSES) -> dict[str, tuple[str, ...]]:
    """Everyday words and the reports' words for the same act or thing (data/glosses.json: Kiwi lemma -> words)."""
    raw = _read(path, "glosses")
    words = raw.get("words") if isinstance(raw, dict) else None
    if not isinstance(words, dict) or not all(isinstance(k, str) and k.strip() and isinstance(v, list) and v and all(
            isinstance(x, str) and x.strip() for x in v) for k, v in words.items()):
        raise LexiconError(f"{Path(path).name}: 'words' must map each everyday word to a list of the reports' words")
    return {k.strip(): tuple(x.strip() for x in v) for k, v in words.items()}


@lru_cache(maxsize=4)
def raw_lexicon(path: Path = DATA) -> dict[str, Any]:
    """The decoded lexicon file, for sections read by one stage only (e.g. 'claims')."""
    lexicon(path)  # validates the file first
    return json.loads(Path(path).read_text(encoding="utf-8"))
