"""The index's own vocabulary (departments, row labels, columns, section titles, years) for question analysis.

Everything here is derived from the loaded records, sections and document lines, so a new report in the
same formats extends the vocabulary without code changes.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

from index.models import Section, TableRecord

# (the same outline numbers as app/engine/text.py's, '2-4.' included: keep the two in step)
_NUMBERING = re.compile(r"^\s*(?:\d+(?:-\d+)*\)|\d+(?:\.\d+)*\.|\d+(?:-\d+)+\.(?!\d)|[IVX]+\.|[①-⑳]|[-○□■●▶※*·])\s*")
_SPACE = re.compile(r"\s+")
_HANGUL_ONLY = re.compile(r"[가-힣]+")
_YEAR_PREFIX = re.compile(r"^\s*['’]?(\d{4}|\d{2})(?!\d)\s*년?\s*(?=\S)")


def nfc(text: str) -> str:
    """NFC-normalise and collapse runs of whitespace to one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def compact(text: str) -> str:
    """NFC text without any whitespace: the key for substring matching across letter-spaced text."""
    return _SPACE.sub("", unicodedata.normalize("NFC", text))


def strip_numbering(label: str) -> str:
    """Drop a leading outline number such as '1-1-5)', '3.9.', 'IV.' or a bullet from a label."""
    prev = None
    out = label
    while prev != out:
        prev = out
        out = _NUMBERING.sub("", out, count=1)
    return out.strip()


def column_year(column: str) -> int | None:
    """The fiscal year a column is about when it starts with one ('2025 최종예산' → 2025), else None."""
    m = _YEAR_PREFIX.match(column)
    if not m:
        return None
    y = int(m.group(1))
    return y + 2000 if y < 100 else y


def value_year(rec: TableRecord) -> int:
    """The year a figure is about: a year-prefixed column's year, else the report's year."""
    return column_year(rec.column) or rec.year


def record_labels(rec: TableRecord) -> list[str]:
    """Compact labels that describe a cell: its row path, column, department and table title."""
    labels = [compact(strip_numbering(p)) for p in rec.row_path]
    labels.append(compact(rec.column))
    if rec.department:
        labels.append(compact(rec.department))
    return [x for x in labels if x]


@dataclass
class Vocab:
    """Terms known to the index, each as compact key → display form."""

    departments: dict[str, str] = field(default_factory=dict)
    row_labels: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    section_titles: dict[str, str] = field(default_factory=dict)
    repeated_titles: set[str] = field(default_factory=set)  # section titles printed more than once (sub-headings)
    labels: dict[str, str] = field(default_factory=dict)  # row labels, columns and departments together
    table_titles: dict[str, str] = field(default_factory=dict)
    org_names: set[str] = field(default_factory=set)  # the reporting organisation(s), e.g. '디지털도시국'
    report_years: list[int] = field(default_factory=list)  # newest first
    figure_years: set[int] = field(default_factory=set)  # years some table figure is about
    corpus_compact: str = ""  # every document line, whitespace removed, joined by '\n'
    section_departments: dict[str, str] = field(default_factory=dict)  # section_id → its department

    @property
    def newest_year(self) -> int | None:
        return self.report_years[0] if self.report_years else None

    def label_count(self, term: str) -> int:
        """How many distinct labels contain the term (a measure of how specific it is)."""
        cache = self.__dict__.setdefault("_label_count", {})
        if term not in cache:
            cache[term] = sum(1 for k in self.labels if term in k)
        return cache[term]

    def in_corpus(self, term: str) -> bool:
        """True when the term (whitespace ignored) occurs somewhere in the corpus text."""
        key = compact(term)
        return bool(key) and key in self._corpus_lines()

    def _corpus_lines(self) -> Any:
        """The line index of `corpus_compact` (app/substrings.py), built on first use."""
        hit = self.__dict__.get("_lines")
        if hit is None or hit[0] is not self.corpus_compact:
            from app.substrings import line_index

            hit = self.__dict__["_lines"] = (self.corpus_compact, line_index(self.corpus_compact.split("\n")))
        return hit[1]


def build_vocab(records: Iterable[TableRecord], sections: Iterable[Section], documents: Iterable[Any],
                lines_of: Any) -> Vocab:
    """Collect the vocabulary from records, sections and the documents' original lines."""
    v = Vocab()
    years: set[int] = set()
    for rec in records:
        years.add(rec.year)
        v.figure_years.add(value_year(rec))
        if rec.department:
            v.departments.setdefault(compact(rec.department), rec.department)
        for part in rec.row_path:
            label = strip_numbering(part)
            if label:
                v.row_labels.setdefault(compact(label), label)
        v.columns.setdefault(compact(rec.column), rec.column)
        v.table_titles.setdefault(compact(rec.table_title), rec.table_title)
    for sec in sections:
        if sec.department:
            v.departments.setdefault(compact(sec.department), sec.department)
            v.section_departments[sec.section_id] = sec.department
        title = strip_numbering(sec.title)
        if title:
            if compact(title) in v.section_titles:
                v.repeated_titles.add(compact(title))  # ('추진일정': a sub-heading of every project)
            v.section_titles.setdefault(compact(title), title)
    texts = []
    for doc in documents:
        years.add(doc.year)
        lines = lines_of(doc.doc)
        texts.append("\n".join(compact(x) for x in lines))
        for head in lines[:12]:  # the cover page names the reporting organisation
            word = compact(head)
            if 2 < len(word) <= 12 and word.endswith("국") and _HANGUL_ONLY.fullmatch(word):
                v.org_names.add(word)
    v.labels.update(v.columns)
    v.labels.update(v.row_labels)
    v.labels.update(v.departments)
    v.report_years = sorted(years, reverse=True)
    v.corpus_compact = "\n".join(texts)
    return v


_CACHE: dict[int, tuple[Any, Vocab]] = {}
_LOCK = threading.Lock()


def vocab_for(data: Any) -> Vocab:
    """The vocabulary of a loaded `IndexData`, built once per object."""
    key = id(data)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is None or hit[0] is not data:
            vocab = build_vocab(data.all_records(), data.sections, data.documents, data.lines)
            _CACHE.clear()  # one index per process in practice; holding `data` keeps its id unique
            hit = (data, vocab)
            _CACHE[key] = hit
        return hit[1]
