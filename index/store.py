"""The index directory: atomic write and `load_index()`.

Layout of an index directory:

- `config.json`   format version, corpus files with sha256, settings used, package versions, build time, counts,
                  coverage, and the retrieval layer's entries under `search`
- `docs/<file>`   verbatim copy of every corpus file (citations quote the lines of a .txt file)
- `renderings/<file>.txt`, `positions/<file>.json`   for an .hwpx/.hwp/.pdf file: its text rendering (the lines
                  citations quote) and where each line is in the original (index/readers)
- `chunks.jsonl`  one `Chunk` per line
- `records.sqlite` tables `documents`, `sections`, `records` (indexes on doc, column, department)
- whatever `index.search.build_search()` writes (BM25, FAISS)

Writes are atomic: everything goes to a temporary sibling directory `.<name>.tmp-<pid>` that is renamed over the
old index only when complete, so an interrupted ingest never leaves a half-written index.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.models import Chunk, Document, Section, TableRecord

FORMAT_VERSION = 1
REBUILD_HINT = "python ingest.py --force"


class IndexMissingError(FileNotFoundError):
    """No usable index directory."""


class IndexStaleError(ValueError):
    """The index was built from other corpus files or by an incompatible format version."""


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corpus_hashes(corpus_dir: Path) -> dict[str, str]:
    """{file name: sha256} for every report file (.txt, .hwpx, .hwp, .pdf) of a corpus directory."""
    from index.readers import corpus_files

    return {p.name: sha256_file(p) for p in corpus_files(Path(corpus_dir))}


def split_lines(text: str) -> list[str]:
    """Lines as numbered by citations: split on `\\n` only (a final newline does not start a line)."""
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    return [ln.rstrip("\r") for ln in lines]


_SCHEMA = """
CREATE TABLE documents (doc TEXT PRIMARY KEY, title TEXT, year INTEGER, as_of TEXT, sha256 TEXT, n_lines INTEGER);
CREATE TABLE sections (section_id TEXT PRIMARY KEY, doc TEXT, path TEXT, title TEXT, level INTEGER,
    department TEXT, line_start INTEGER, line_end INTEGER, parent_id TEXT);
CREATE TABLE records (record_id TEXT PRIMARY KEY, doc TEXT, year INTEGER, section_id TEXT, table_id TEXT,
    table_title TEXT, row_path TEXT, column_name TEXT, value_raw TEXT, value REAL, flag TEXT, unit TEXT,
    as_of TEXT, line INTEGER, department TEXT);
CREATE INDEX records_doc ON records(doc);
CREATE INDEX records_column ON records(column_name);
CREATE INDEX records_department ON records(department);
CREATE INDEX records_table ON records(table_title);
"""


def write_index(tmp_dir: Path, *, config: dict[str, Any], documents: list[Document], sections: list[Section],
                chunks: list[Chunk], records: list[TableRecord], corpus_files: list[Path]) -> None:
    """Write every file of an index into `tmp_dir` (which must not exist yet), except config.json."""
    tmp_dir.mkdir(parents=True)
    (tmp_dir / "docs").mkdir()
    for p in corpus_files:
        shutil.copyfile(p, tmp_dir / "docs" / p.name)
    with open(tmp_dir / "chunks.jsonl", "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    con = sqlite3.connect(tmp_dir / "records.sqlite")
    try:
        con.executescript(_SCHEMA)
        con.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?)",
                        [(d.doc, d.title, d.year, d.as_of, d.sha256, d.n_lines) for d in documents])
        con.executemany("INSERT INTO sections VALUES (?,?,?,?,?,?,?,?,?)",
                        [(s.section_id, s.doc, json.dumps(list(s.path), ensure_ascii=False), s.title, s.level,
                          s.department, s.line_start, s.line_end, s.parent_id) for s in sections])
        con.executemany("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        [(r.record_id, r.doc, r.year, r.section_id, r.table_id, r.table_title,
                          json.dumps(list(r.row_path), ensure_ascii=False), r.column, r.value_raw, r.value, r.flag,
                          r.unit, r.as_of, r.line, r.department) for r in records])
        con.commit()
    finally:
        con.close()
    write_config(tmp_dir, config)


def write_config(index_dir: Path, config: dict[str, Any]) -> None:
    """Write config.json (via a temporary file and rename)."""
    tmp = index_dir / "config.json.tmp"
    tmp.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, index_dir / "config.json")


def swap_in(tmp_dir: Path, index_dir: Path) -> None:
    """Replace `index_dir` by the complete `tmp_dir` (rename; the old index is removed afterwards)."""
    old = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}"
    if index_dir.exists():
        os.replace(index_dir, old)
    os.replace(tmp_dir, index_dir)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def read_config(index_dir: Path) -> dict[str, Any] | None:
    """The config.json of an index directory, or None when there is none (or it is unreadable)."""
    p = Path(index_dir) / "config.json"
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass
class IndexData:
    """A loaded index: documents, sections, chunks and (lazily) table records."""

    dir: Path
    config: dict[str, Any]
    documents: list[Document]
    sections: list[Section]
    chunks: list[Chunk]
    _records: list[TableRecord] | None = field(default=None, repr=False)
    _lines: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._sections = {s.section_id: s for s in self.sections}
        self._docs = {d.doc: d for d in self.documents}
        self._chunks = {c.chunk_id: c for c in self.chunks}

    def all_records(self) -> list[TableRecord]:
        """Every table record of the index (loaded from SQLite on first use)."""
        if self._records is None:
            con = sqlite3.connect(f"file:{self.dir / 'records.sqlite'}?mode=ro", uri=True)
            try:
                rows = con.execute(
                    "SELECT record_id, doc, year, section_id, table_id, table_title, row_path, column_name, value_raw,"
                    " value, flag, unit, as_of, line, department FROM records ORDER BY doc, line, record_id").fetchall()
            finally:
                con.close()
            self._records = [TableRecord(r[0], r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6])), r[7], r[8],
                                         r[9], r[10], r[11], r[12], r[13], r[14]) for r in rows]
        return self._records

    def records(self, *, doc: str | None = None, year: int | None = None, table_title: str | None = None,
                column: str | None = None, department: str | None = None) -> list[TableRecord]:
        """Records matching every given filter (exact matches)."""
        return [r for r in self.all_records()
                if (doc is None or r.doc == doc) and (year is None or r.year == year)
                and (table_title is None or r.table_title == table_title) and (column is None or r.column == column)
                and (department is None or r.department == department)]

    def section(self, section_id: str) -> Section:
        """A section by id (KeyError naming the id when unknown)."""
        try:
            return self._sections[section_id]
        except KeyError:
            raise KeyError(f"unknown section id {section_id!r}; expected one of the index's sections") from None

    def document(self, doc: str) -> Document:
        """A document by file name."""
        try:
            return self._docs[doc]
        except KeyError:
            raise KeyError(f"unknown document {doc!r}; indexed: {sorted(self._docs)}") from None

    def lines(self, doc: str) -> list[str]:
        """Original lines of a corpus file (from the index's own copy in docs/; for an .hwpx/.hwp/.pdf file, the
        lines of its text rendering in renderings/)."""
        if doc not in self._lines:
            self.document(doc)
            from index.readers import rendering_path

            path = rendering_path(self.dir, doc) or self.dir / "docs" / doc
            text = path.read_text(encoding="utf-8-sig")
            self._lines[doc] = split_lines(text)
        return self._lines[doc]

    def position(self, doc: str, line: int, cell: int | None = None) -> str | None:
        """Where line `line` of a document is in the original file (`p. 3`, `문단 12`, `표 2, 4행 3열`); None for a
        .txt document. `cell`: 0-based cell index in a table row (the `c<k>` of a record id) to name the column."""
        from index.readers import position

        return position(self.dir, doc, line, cell)

    def chunk(self, chunk_id: str) -> Chunk:
        """A chunk by id."""
        try:
            return self._chunks[chunk_id]
        except KeyError:
            raise KeyError(f"unknown chunk id {chunk_id!r}") from None


def load_index(index_dir: Path, corpus_dir: Path | None = None) -> IndexData:
    """Load an index directory; with `corpus_dir`, also check that it was built from exactly those files."""
    index_dir = Path(index_dir)
    config = read_config(index_dir)
    if config is None:
        raise IndexMissingError(
            f"색인이 없습니다 / no index at {index_dir} (config.json missing). Run: {REBUILD_HINT} --index {index_dir}")
    if config.get("format_version") != FORMAT_VERSION:
        raise IndexStaleError(
            f"색인 형식이 다릅니다 / index format {config.get('format_version')!r} at {index_dir}, expected "
            f"{FORMAT_VERSION}. Run: {REBUILD_HINT} --index {index_dir}")
    if corpus_dir is not None:
        have = corpus_hashes(Path(corpus_dir))
        want = config.get("corpus", {})
        if have != want:
            changed = sorted(set(have) ^ set(want) | {k for k in have if k in want and have[k] != want[k]})
            raise IndexStaleError(
                f"색인이 오래되었습니다 / index at {index_dir} does not match corpus {corpus_dir} "
                f"(changed: {', '.join(changed) or '?'}). Run: {REBUILD_HINT}")
    try:
        con = sqlite3.connect(f"file:{index_dir / 'records.sqlite'}?mode=ro", uri=True)
        try:
            documents = [Document(*r) for r in con.execute(
                "SELECT doc, title, year, as_of, sha256, n_lines FROM documents ORDER BY doc")]
            sections = [Section(r[0], r[1], tuple(json.loads(r[2])), r[3], r[4], r[5], r[6], r[7], r[8])
                        for r in con.execute("SELECT section_id, doc, path, title, level, department, line_start,"
                                             " line_end, parent_id FROM sections ORDER BY doc, line_start, level")]
        finally:
            con.close()
        with open(index_dir / "chunks.jsonl", encoding="utf-8") as f:
            chunks = [Chunk.from_dict(json.loads(line)) for line in f if line.strip()]
    except (OSError, sqlite3.Error, ValueError, TypeError) as e:
        raise IndexStaleError(
            f"색인이 손상되었습니다 / index at {index_dir} is unreadable ({e}). Run: {REBUILD_HINT}") from e
    return IndexData(index_dir, config, documents, sections, chunks)
