"""Tests of `app.answer` — and a small in-memory stand-in for `index.api.Index`, for the answering tests (owned by app/answer*).

`corpus_index()` parses the real corpus with the ingest's section and table parsers (no embeddings, no
files written) and searches with a deterministic term-overlap scorer. `tiny_index()` is fully hand-made.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.models import Chunk, Document, Section, TableRecord

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
DOC_2026 = "seoul-digital-city-bureau-2026-04-current-issues.txt"
DOC_2025 = "seoul-digital-city-bureau-2025-02-work-report.txt"


@dataclass
class FakeHit:
    chunk: Chunk
    score: float
    rank: int


@dataclass
class FakeData:
    documents: list[Document]
    sections: list[Section]
    chunks: list[Chunk]
    recs: list[TableRecord]
    doc_lines: dict[str, list[str]]
    dir: Path = REPO
    config: dict[str, Any] = field(default_factory=dict)

    def all_records(self) -> list[TableRecord]:
        return list(self.recs)

    def records(self, **kw: Any) -> list[TableRecord]:
        out = self.recs
        for k, v in kw.items():
            if v is not None:
                out = [r for r in out if getattr(r, k) == v]
        return list(out)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.section_id == section_id:
                return s
        raise KeyError(section_id)

    def document(self, doc: str) -> Document:
        return next(d for d in self.documents if d.doc == doc)

    def lines(self, doc: str) -> list[str]:
        return self.doc_lines[doc]

    def chunk(self, chunk_id: str) -> Chunk:
        return next(c for c in self.chunks if c.chunk_id == chunk_id)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


class FakeIndex:
    """`data` + `search()` with a term-overlap scorer over character bigrams (deterministic)."""

    def __init__(self, data: FakeData) -> None:
        self.data = data
        self._keys = [_key(c.search_text) for c in data.chunks]
        self.calls: list[str] = []

    def search(self, query: str, k: int = 10, filters: Any = None, method: str = "hybrid") -> list[FakeHit]:
        self.calls.append(query)
        q = _key(query)
        grams = {q[i:i + 2] for i in range(len(q) - 1) if re.match(r"[가-힣A-Za-z0-9]{2}", q[i:i + 2])}
        scored = []
        for c, key in zip(self.data.chunks, self._keys):
            if isinstance(filters, dict) and filters.get("doc") and c.doc != filters["doc"]:
                continue
            s = sum(1 for g in grams if g in key) / (1 + len(key) / 2000)
            if s > 0:
                scored.append((s, c))
        scored.sort(key=lambda x: (-x[0], x[1].chunk_id))
        return [FakeHit(c, s, i + 1) for i, (s, c) in enumerate(scored[:k])]


def _read(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@lru_cache(maxsize=1)
def corpus_data() -> FakeData:
    """The real corpus parsed with index.sections / index.tables (no search files)."""
    from index.sections import build_sections, document_meta, line_owners
    from index.tables import parse_tables

    documents, sections, chunks, recs, doc_lines = [], [], [], [], {}
    for f in sorted(CORPUS.glob("*.txt")):
        raw = f.read_bytes()
        lines = _read(f)
        doc = document_meta(f.name, lines, hashlib.sha256(raw).hexdigest())
        key = str(doc.year)
        secs = build_sections(key, doc, lines)
        owners = line_owners(secs, len(lines))
        dt = parse_tables(key, doc, lines, secs, owners, set())
        documents.append(doc)
        sections.extend(secs)
        recs.extend(dt.records)
        doc_lines[f.name] = lines
        parents = {s.parent_id for s in secs}
        for s in secs:
            start = s.line_start
            end = s.line_end
            if s.section_id in parents:  # only the heading region before the first child
                kids = [c.line_start for c in secs if c.parent_id == s.section_id]
                end = min(kids) - 1 if kids else end
            for a in range(start, end + 1, 25):
                b = min(end, a + 24)
                body = "\n".join(lines[a - 1:b])
                if not body.strip():
                    continue
                chunks.append(Chunk(
                    chunk_id=f"{key}:{a}-{b}:text", doc=f.name, year=doc.year, section_id=s.section_id,
                    section_path=s.path, kind="text", line_start=a, line_end=b, text=body,
                    search_text=" > ".join(s.path) + "\n" + body, department=s.department,
                    lines=tuple(range(a, b + 1))))
    return FakeData(documents, sections, chunks, recs, doc_lines)


def corpus_index() -> FakeIndex:
    return FakeIndex(corpus_data())


def tiny_data() -> FakeData:
    """Three hand-made records and one section over the real 2026 file's lines."""
    lines = _read(CORPUS / DOC_2026)
    doc = Document(DOC_2026, "2026년 현안 업무보고", 2026, "2026. 3. 31.", "x", len(lines))
    sec = Section("2026:1", DOC_2026, ("1. 일반현황",), "1. 일반현황", 1, None, 9, 137)
    sec9 = Section("2026:3.9", DOC_2026, ("3. 주요 현안업무", "3.9. 디지털 재난 대비 재해복구시스템 확대"),
                   "3.9. 디지털 재난 대비 재해복구시스템 확대", 2, "데이터센터", 401, 427)

    def rec(i: int, row: tuple[str, ...], col: str, raw: str, unit: str, line: int, dept: str | None,
            table: str = "디지털도시국 인력", tid: str = "2026:t03") -> TableRecord:
        num = None if raw in ("순증", "순감", "-") else float(raw.replace(",", "").replace("명", "").replace("△", "-"))
        return TableRecord(f"r{i}", DOC_2026, 2026, "2026:1", tid, table, row, col, raw, num, None, unit,
                           "2026. 3. 31.", line, dept)

    recs = [
        rec(1, ("데이터센터",), "정원", "67명", "명", 37, "데이터센터"),
        rec(2, ("데이터센터",), "현원", "65명", "명", 38, "데이터센터"),
        rec(3, ("정보통신과",), "2026 예산현액", "43,298,294", "천원", 115, "정보통신과", "세출총괄 부서별", "2026:t07"),
        rec(4, ("정보통신과",), "2025 최종예산", "52,926,546", "천원", 115, "정보통신과", "세출총괄 부서별", "2026:t07"),
        rec(5, ("정보통신과",), "증감액", "△9,628,252", "천원", 115, "정보통신과", "세출총괄 부서별", "2026:t07"),
    ]
    body = "\n".join(lines[400:427])
    chunk = Chunk("2026:401-427:text", DOC_2026, 2026, "2026:3.9", sec9.path, "text", 401, 427, body,
                  " > ".join(sec9.path) + "\n" + body, "데이터센터", None, tuple(range(401, 428)))
    return FakeData([doc], [sec, sec9], [chunk], recs, {DOC_2026: lines})


def tiny_index() -> FakeIndex:
    return FakeIndex(tiny_data())
