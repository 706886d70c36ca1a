"""Personal data masked before anything is written: `mask(text) -> str`, `detect(text) -> list[Finding]`.

Detection is ko-pii (a rule-based Korean PII detector: formats, checksums, dictionaries; MIT, no model, no
network) for 주민등록번호, 외국인등록번호, phone numbers, e-mail, card and account numbers, passport and driver's
licence numbers and addresses, plus our own rules for what it lets through (numbers issued since 2020 without a
valid checksum, test card numbers, account numbers after a bank word, Hangul e-mail domains). The rules, the
placeholders and the shapes that are never masked (dates such as `2026. 3. 31.`, budget figures such as
`18,859,041`, percentages) live in `app/data/pii_rules.json`. A person's name counts as personal data here only
together with an address in the same text (names of departments and officials fill the reports).

Used by the query log (`app.logstore`), the UI's Markdown export, application logs (`install_log_masking`) and,
through the engine, on the question itself.
"""
from __future__ import annotations

import json
import logging
import numbers
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

RULES_PATH = Path(__file__).resolve().parent / "data" / "pii_rules.json"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: our label ('rrn', 'phone', …), its character span and what found it."""

    label: str
    start: int
    end: int
    source: str  # "ko-pii:<LABEL>" or "rule:<name>" or "person:<how>"

    def text(self, s: str) -> str:
        return s[self.start:self.end]


@dataclass(frozen=True)
class _Rule:
    name: str
    label: str
    regex: re.Pattern[str]
    min_digits: int
    max_digits: int


class Masker:
    """Detects and masks personal data with one rule set (see app/data/pii_rules.json)."""

    def __init__(self, rules: dict[str, Any]) -> None:
        self.placeholders: dict[str, str] = dict(rules["placeholders"])
        self.library: dict[str, str] = dict(rules.get("library", {}))
        self.rules = [
            _Rule(r["name"], r["label"], re.compile(r["pattern"]), int(r.get("min_digits", 0)),
                  int(r.get("max_digits", 10**6)))
            for r in rules.get("rules", [])
        ]
        self.keep = [re.compile(p) for p in rules.get("keep", {}).get("patterns", [])]
        person = rules.get("person", {})
        self.person_min_conf = float(person.get("min_confidence", 0.9))
        gap = int(person.get("max_gap", 3))
        self.not_names = frozenset(person.get("not_names", []))
        self.place_suffixes = str(person.get("place_suffixes", ""))
        alt = lambda words: "|".join(map(re.escape, words)) or "(?!)"  # noqa: E731
        self._name_before = re.compile(rf"(?<![가-힣])([가-힣]{{2,4}})[\s(,:·/]{{0,{gap}}}$")
        self._name_after = re.compile(rf"^[\s),:·/]{{0,{gap}}}([가-힣]{{2,4}})(?![가-힣])")
        self._name_titled = re.compile(rf"(?<![가-힣])([가-힣]{{2,4}}?)\s?(?:{alt(person.get('titles', []))})(?![가-힣])")
        self._name_copula = re.compile(rf"(?<![가-힣])([가-힣]{{3}})(?:{alt(person.get('copulas', []))})")
        self._name_keyword = re.compile(
            rf"(?:{alt(person.get('name_keywords', []))})(?:은|는|이|:|：)?\s*[:：]?\s*([가-힣]{{2,4}}?)"
            rf"(?:{alt(person.get('copulas', []))}|[^가-힣]|$)")
        for label in [*self.library.values(), *(r.label for r in self.rules), "person"]:
            if label not in self.placeholders:
                raise ValueError(f"{RULES_PATH}: label {label!r} has no placeholder; add it to 'placeholders'")

    # --- detection -------------------------------------------------------------------------------

    def _library(self, text: str, labels: list[str]) -> list[tuple[str, int, int, float]]:
        """(ko-pii label, start, end, confidence) of the library's findings."""
        from ko_pii import detect_all

        try:
            found = detect_all(text, include=labels)
        except Exception as e:  # library boundary: our own rules still run
            log.warning("ko-pii failed on a %d-character text (%s); masking with our own rules only",
                        len(text), type(e).__name__)
            return []
        return [(d.label, d.start, d.end, float(d.confidence)) for d in found if 0 <= d.start < d.end <= len(text)]

    def _kept(self, s: str) -> bool:
        """True when the found text has a shape that is never personal data (a date, a budget figure)."""
        t = s.strip()
        return any(p.fullmatch(t) for p in self.keep)

    def _rule_findings(self, text: str) -> list[Finding]:
        out = []
        for r in self.rules:
            for m in r.regex.finditer(text):
                start, end = m.span("value") if "value" in r.regex.groupindex else m.span()
                digits = sum(ch.isdigit() for ch in text[start:end])
                if r.min_digits <= digits <= r.max_digits and start < end:
                    out.append(Finding(r.label, start, end, f"rule:{r.name}"))
        return out

    def _is_name(self, word: str) -> bool:
        """A surname-led word that is not a place word (a province, district or 동, or a `not_names` prefix)."""
        from ko_pii.dictionaries import districts
        from ko_pii.dictionaries.surnames import is_surname

        if len(word) < 2 or not is_surname(word[0]) or word[-1] in self.place_suffixes:
            return False
        if any(word.startswith(w) for w in self.not_names):
            return False
        stem = word[:-1] if len(word) > 2 and word[-1] in "은는이가의을를와과도" else word
        return not any(f(w) for w in (word, stem) for f in (districts.is_province, districts.is_district,
                                                              districts.is_common_dong, districts.is_admin_unit))

    def _names_near(self, text: str, addresses: list[Finding]) -> list[Finding]:
        """Names next to an address, followed by a title or a copula, or after 이름/성명 (the text holds an address)."""
        out = []
        for a in addresses:
            base = max(0, a.start - 12)
            m = self._name_before.search(text[base:a.start])
            if m and self._is_name(m.group(1)):
                out.append(Finding("person", base + m.start(1), base + m.end(1), "person:before-address"))
            m = self._name_after.search(text[a.end:a.end + 12])
            if m and self._is_name(m.group(1)):
                out.append(Finding("person", a.end + m.start(1), a.end + m.end(1), "person:after-address"))
        for how, regex in (("title", self._name_titled), ("copula", self._name_copula), ("keyword", self._name_keyword)):
            for m in regex.finditer(text):
                if self._is_name(m.group(1)):
                    out.append(Finding("person", m.start(1), m.end(1), f"person:{how}"))
        return out

    def detect(self, text: str) -> list[Finding]:
        """Non-overlapping findings in text order."""
        if not isinstance(text, str) or not text:
            return []
        found = [Finding(self.library[lab], s, e, f"ko-pii:{lab}")
                 for lab, s, e, _ in self._library(text, list(self.library))]
        found += self._rule_findings(text)
        found = [f for f in found if not self._kept(f.text(text))]
        addresses = [f for f in found if f.label == "address"]
        if addresses:
            found += [Finding("person", s, e, "ko-pii:PERSON") for lab, s, e, conf in self._library(text, ["PERSON"])
                      if conf >= self.person_min_conf and not self._kept(text[s:e])]
            found += self._names_near(text, addresses)
        return _merge(found)

    def mask(self, text: str) -> str:
        """The text with every finding replaced by its placeholder ('[전화번호]', …)."""
        if not isinstance(text, str) or not text:
            return text
        findings = self.detect(text)
        if not findings:
            return text
        parts, pos = [], 0
        for f in findings:
            parts.append(text[pos:f.start])
            parts.append(self.placeholders[f.label])
            pos = f.end
        parts.append(text[pos:])
        return "".join(parts)


def _merge(found: list[Finding]) -> list[Finding]:
    """Overlapping findings joined into one span (labelled by the longest), sorted by position."""
    out: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if out and f.start < out[-1].end:
            last = out[-1]
            label = last.label if (last.end - last.start) >= (f.end - f.start) else f.label
            out[-1] = Finding(label, last.start, max(last.end, f.end), last.source)
        else:
            out.append(f)
    return out


@lru_cache(maxsize=1)
def default_masker() -> Masker:
    """The masker over app/data/pii_rules.json (loaded once)."""
    return Masker(json.loads(RULES_PATH.read_text(encoding="utf-8")))


def detect(text: str) -> list[Finding]:
    """Personal data found in text (non-overlapping, in order)."""
    return default_masker().detect(text)


def mask(text: str) -> str:
    """The text with personal data replaced by placeholders such as [주민등록번호], [전화번호], [이메일]."""
    return default_masker().mask(text)


def mask_value(value: Any) -> Any:
    """Strings inside a JSON-like value (dict, list, tuple) masked; other values as they are."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: mask_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_value(v) for v in value]
    return value


def placeholders() -> set[str]:
    """Every placeholder text ('[전화번호]', …), for callers that must recognise masked spans."""
    return set(default_masker().placeholders.values())


# --- application logs ----------------------------------------------------------------------------------------

_installed = False
_install_lock = threading.Lock()
_busy = threading.local()


def _masked_arg(a: Any) -> Any:
    if a is None or isinstance(a, numbers.Number):
        return a
    return mask(a if isinstance(a, str) else str(a))


def mask_record(record: logging.LogRecord) -> None:
    """Mask the message, its arguments and any traceback text of one log record in place."""
    if getattr(_busy, "on", False):  # a log line written while masking: leave it
        return
    _busy.on = True
    try:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _masked_arg(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
    finally:
        _busy.on = False


def install_log_masking() -> None:
    """Mask personal data in every log record created from now on, whatever handler writes it (idempotent)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            mask_record(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
