"""The index directory: atomic write and `load_index()`.

An index directory is a home of versioned builds with a `current` link (see `index/layout.py`); one build holds:

- `config.json`   marker `index_kind`, format version, corpus files with sha256, settings used, package versions,
                  build time, counts, coverage, file sizes, and the retrieval layer's entries under `search`
- `docs/<file>`   verbatim copy of every corpus file (citations quote the lines of a .txt file)
- `renderings/<file>.txt`, `positions/<file>.json`   for an .hwpx/.hwp/.pdf file: its text rendering (the lines
                  citations quote) and where each line is in the original (index/readers)
- `chunks.jsonl`  one `Chunk` per line
- `records.sqlite` tables `documents`, `sections`, `records` (indexes on doc, column, department)
- whatever `index.search` writes (BM25, FAISS)

A build is written into `builds/.tmp-<id>` and published by renaming it and then its link (`layout.publish`), so an
interrupted ingest never leaves a half-written index; `load_index` finishes or undoes what a killed ingest left.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index import layout
from index.models import Chunk, Document, Section, TableRecord

FORMAT_VERSION = 1
REBUILD_HINT = "python ingest.py"
# files whose size config.json records: a truncated one is reported as corrupt (and rebuilt by `python ingest.py`)
CHECKED_FILES = ("chunks.jsonl", "records.sqlite", "bm25.npz", "faiss.index")


class IndexMissingError(FileNotFoundError):
    """No usable index directory."""


class IndexStaleError(ValueError):
    """The index was built from other corpus files or by an incompatible format version."""


class IndexCorruptError(IndexStaleError):
    """A file of the index is truncated or unreadable (the message names it and the command that rebuilds it)."""


def rebuild_command(index_dir: Path | str | None = None, *, force: bool = False) -> str:
    """`python ingest.py [--force] [--index DIR]`: `--index` only when DIR is not the configured index directory
    (ingest refuses a directory that is not an index, so the command never destroys anything else)."""
    from index import settings

    cmd = REBUILD_HINT + (" --force" if force else "")
    if index_dir is not None:
        same = Path(os.path.abspath(index_dir)) == Path(os.path.abspath(settings.get("index_dir")))
        if not same:
            cmd += f" --index {index_dir}"
    return cmd


def corrupt(index_dir: Path, name: str, detail: str) -> IndexCorruptError:
    """The one-line error for a damaged index file."""
    return IndexCorruptError(
        f"색인 파일이 손상되었습니다 / index file {name} in {index_dir} is damaged ({detail}). "
        f"Rebuild it: {rebuild_command(index_home(index_dir), force=True)}")


def index_home(build_dir: Path) -> Path:
    """The home directory of a build directory (builds/<id> → home), or the directory itself (flat layout)."""
    build_dir = Path(build_dir)
    if build_dir.parent.name == layout.BUILDS and layout.BUILD_RE.match(build_dir.name):
        return build_dir.parent.parent
    return build_dir


def file_sizes(build_dir: Path) -> dict[str, int]:
    """Sizes of the checked files present in a build directory."""
    return {n: (Path(build_dir) / n).stat().st_size for n in CHECKED_FILES if (Path(build_dir) / n).exists()}


def check_sizes(build_dir: Path, config: dict[str, Any], names: tuple[str, ...] = CHECKED_FILES) -> None:
    """IndexCorruptError when a file is missing or its size differs from the one config.json recorded."""
    want = config.get("files") or {}
    for n in names:
        if n not in want:
            continue
        p = Path(build_dir) / n
        try:
            have = p.stat().st_size
        except OSError:
            raise corrupt(build_dir, n, "missing") from None
        if have != want[n]:
            raise corrupt(build_dir, n, f"{have:,} bytes, expected {want[n]:,}")


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
    index_dir = Path(index_dir)
    tmp = index_dir / "config.json.tmp"
    tmp.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, index_dir / "config.json")


def read_config(index_dir: Path) -> dict[str, Any] | None:
    """The config.json of an index directory's current build (or of a build directory), or None when there is none
    (or it is unreadable)."""
    build = layout.current_build(Path(index_dir))
    return None if build is None else layout.read_json(build / "config.json")


_RECORD_COLUMNS = ("record_id, doc, year, section_id, table_id, table_title, row_path, column_name, value_raw, value, "
                   "flag, unit, as_of, line, department")


def _record(r: tuple) -> TableRecord:
    """A TableRecord from a `records` row (columns in `_RECORD_COLUMNS` order)."""
    return TableRecord(r[0], r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6])), r[7], r[8], r[9], r[10], r[11],
                       r[12], r[13], r[14])


@dataclass
class IndexData:
    """A loaded index: documents, sections, chunks and (lazily) table records.

    `records(...)` and the `*_of`/`*_on` accessors use maps built once per loaded index, so a question that asks
    for one table, document, line or label does not scan every record as the corpus grows.
    """

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
        self._maps: dict[str, dict[Any, list[Any]]] = {}

    def all_records(self) -> list[TableRecord]:
        """Every table record of the index (loaded from SQLite on first use)."""
        if self._records is None:
            try:
                con = sqlite3.connect(f"file:{self.dir / 'records.sqlite'}?mode=ro", uri=True)
                try:
                    rows = con.execute(f"SELECT {_RECORD_COLUMNS} FROM records ORDER BY doc, line, record_id").fetchall()
                finally:
                    con.close()
            except sqlite3.Error as e:
                raise corrupt(self.dir, "records.sqlite", str(e)) from e
            self._records = [_record(r) for r in rows]
        return self._records

    def _map(self, name: str) -> dict[Any, list[Any]]:
        """A map from a key to the records (or sections, chunks) that have it, built on first use."""
        m = self._maps.get(name)
        if m is None:
            m = {}
            if name == "section_doc":
                items: list[Any] = self.sections
            elif name == "chunk_doc":
                items = self.chunks
            else:
                items = self.all_records()
            key = _MAP_KEYS[name]
            for it in items:
                for k in key(it):
                    m.setdefault(k, []).append(it)
            self._maps[name] = m
        return m

    def records(self, *, doc: str | None = None, year: int | None = None, table_title: str | None = None,
                column: str | None = None, department: str | None = None) -> list[TableRecord]:
        """Records matching every given filter (exact matches), in index order."""
        given = [(n, v) for n, v in (("doc", doc), ("year", year), ("table_title", table_title), ("column", column),
                                     ("department", department)) if v is not None]
        if not given:
            return list(self.all_records())
        cands = min((self._map(n).get(int(v) if n == "year" else v, []) for n, v in given), key=len)
        return [r for r in cands
                if (doc is None or r.doc == doc) and (year is None or r.year == year)
                and (table_title is None or r.table_title == table_title) and (column is None or r.column == column)
                and (department is None or r.department == department)]

    def records_of_table(self, table_id: str) -> list[TableRecord]:
        """Every record of one table (ids like `2026:t13`)."""
        return list(self._map("table_id").get(table_id, []))

    def records_on_line(self, doc: str, line: int) -> list[TableRecord]:
        """The records printed on one line of a document (a table row)."""
        return list(self._map("line").get((doc, line), []))

    def records_of_section(self, section_id: str) -> list[TableRecord]:
        """The records of the tables under one section."""
        return list(self._map("section_id").get(section_id, []))

    def records_with_label(self, label: str) -> list[TableRecord]:
        """Records whose row path holds `label` (exactly, as stored) at any depth."""
        return list(self._map("label").get(label, []))

    def label_keys(self) -> list[str]:
        """Every distinct label key (`label_key`) of the records' row paths and columns: a few thousand where there
        are hundreds of thousands of records, so a term can be matched against labels instead of records."""
        return list(self._map("label_key"))

    def records_with_label_key(self, key: str) -> list[TableRecord]:
        """Records with a row-path label or column whose `label_key` is `key`."""
        return list(self._map("label_key").get(key, []))

    def sections_of(self, doc: str) -> list[Section]:
        """The sections of one document, in index order."""
        return list(self._map("section_doc").get(doc, []))

    def chunks_of(self, doc: str) -> list[Chunk]:
        """The chunks of one document, in index order."""
        return list(self._map("chunk_doc").get(doc, []))

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
            raise KeyError(f"unknown document {doc!r}; indexed: {sorted(self._docs)[:10]}") from None

    def lines(self, doc: str) -> list[str]:
        """Original lines of a corpus file (from the index's own copy in docs/; for an .hwpx/.hwp/.pdf file, the
        lines of its text rendering in renderings/)."""
        if doc not in self._lines:
            self.document(doc)
            from index.readers import rendering_path

            path = rendering_path(self.dir, doc) or self.dir / "docs" / doc
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as e:
                raise corrupt(self.dir, str(path.relative_to(self.dir)), str(e)) from e
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

    def rebase(self, build_dir: Path, config: dict[str, Any]) -> None:
        """Point this loaded index at another build of the same content (the dense leg added): loaded records,
        lines and maps stay, later reads come from `build_dir`."""
        self.config = config
        self.dir = Path(build_dir)


_SPACE = re.compile(r"\s+")


def label_key(label: str) -> str:
    """A label's lookup key: NFC without whitespace (app/vocab.compact; row-path labels are stored with their
    numbering already stripped)."""
    return _SPACE.sub("", unicodedata.normalize("NFC", label))


_MAP_KEYS: dict[str, Any] = {
    "label_key": lambda r: tuple(dict.fromkeys(label_key(x) for x in (*r.row_path, r.column))),
    "doc": lambda r: (r.doc,),
    "year": lambda r: (r.year,),
    "table_title": lambda r: (r.table_title,),
    "column": lambda r: (r.column,),
    "department": lambda r: (r.department,),
    "table_id": lambda r: (r.table_id,),
    "line": lambda r: ((r.doc, r.line),),
    "section_id": lambda r: (r.section_id,),
    "label": lambda r: tuple(dict.fromkeys(r.row_path)),
    "section_doc": lambda s: (s.doc,),
    "chunk_doc": lambda c: (c.doc,),
}


def load_index(index_dir: Path, corpus_dir: Path | None = None) -> IndexData:
    """Load an index directory (a home with builds, or one build directory); with `corpus_dir`, also check that it
    was built from exactly those files. Finishes or undoes what a killed ingest left first."""
    index_dir = Path(index_dir)
    if index_home(index_dir) == index_dir:  # a home (not one of its builds): finish what a killed ingest left
        layout.restore_sibling_leftovers(index_dir)
        layout.recover_quietly(index_dir)
    build = layout.current_build(index_dir)
    config = None if build is None else layout.read_json(build / "config.json")
    if config is None:
        state = layout.inspect(index_dir)
        if state.kind == "foreign":
            raise IndexMissingError(
                f"색인이 없습니다 / {index_dir} is not an index directory ({state.reason}). Point DCQA_INDEX_DIR at "
                f"the index directory, or at a new or empty one and run: {REBUILD_HINT} --index DIR")
        raise IndexMissingError(
            f"색인이 없습니다 / no index at {index_dir} (config.json missing). Run: {rebuild_command(index_dir)}")
    assert build is not None
    home = index_home(build)
    if config.get("format_version") != FORMAT_VERSION:
        raise IndexStaleError(
            f"색인 형식이 다릅니다 / index format {config.get('format_version')!r} at {index_dir}, expected "
            f"{FORMAT_VERSION}. Run: {rebuild_command(home)}")
    if corpus_dir is not None:
        have = corpus_hashes(Path(corpus_dir))
        want = config.get("corpus", {})
        if have != want:
            changed = sorted(set(have) ^ set(want) | {k for k in have if k in want and have[k] != want[k]})
            shown = ", ".join(changed[:5]) + (f" … ({len(changed)} files)" if len(changed) > 5 else "")
            raise IndexStaleError(
                f"색인이 오래되었습니다 / index at {index_dir} does not match corpus {corpus_dir} "
                f"(changed: {shown or '?'}). Run: {rebuild_command(home)}")
    check_sizes(build, config, ("chunks.jsonl", "records.sqlite"))
    try:
        con = sqlite3.connect(f"file:{build / 'records.sqlite'}?mode=ro", uri=True)
        try:
            documents = [Document(*r) for r in con.execute(
                "SELECT doc, title, year, as_of, sha256, n_lines FROM documents ORDER BY doc")]
            sections = [Section(r[0], r[1], tuple(json.loads(r[2])), r[3], r[4], r[5], r[6], r[7], r[8])
                        for r in con.execute("SELECT section_id, doc, path, title, level, department, line_start,"
                                             " line_end, parent_id FROM sections ORDER BY doc, line_start, level")]
        finally:
            con.close()
        with open(build / "chunks.jsonl", encoding="utf-8") as f:
            chunks = [Chunk.from_dict(json.loads(line)) for line in f if line.strip()]
    except (OSError, sqlite3.Error, ValueError, TypeError, KeyError) as e:
        raise corrupt(build, "records.sqlite / chunks.jsonl", f"{type(e).__name__}: {e}") from e
    return IndexData(build, config, documents, sections, chunks)
