"""Readers for reports as they really come (HWPX, HWP 5.0, PDF) next to the project's own `.txt` layout.

Design: a reader does not build sections or table records itself. It renders the file into the project's text
layout (paragraph lines, tables as tab rows with merged cells expanded) plus a position map (rendered line →
page, or section/paragraph/table cell), and the same parsers that read the `.txt` reports (`index.sections`,
`index.tables`, `index.chunker`) run on that rendering. So header spans, units, row paths and page-break
continuation are one piece of code for every format, and a citation names a line of the rendering (what the
source viewer shows) plus, through `position()`, where that line is in the original file.

    read_file(path) -> Rendering          # content-checked: the bytes must be the format the name says
    detect_format(data) -> "hwpx" | "hwp" | "pdf" | "txt" | None
    corpus_files(dir) -> [Path]           # every supported report file of a corpus directory
    read_text(path) -> str                # the text the parsers read (the file itself for .txt)
    save_renderings(index_dir, files)     # renderings/<file>.txt and positions/<file>.json in an index
    position(index_dir, doc, line, cell=None) -> "p. 3" | "표 2, 4행 3열" | None

Optional dependencies: olefile (.hwp) and pdfplumber (.pdf), from the `formats` extra; a missing one fails with
"install X to enable". HWPX needs only the standard library.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from index.readers.base import MissingDependency, Position, Problem, ReaderError, Rendering, describe

__all__ = ["SUFFIXES", "MissingDependency", "Problem", "ReaderError", "Rendering", "corpus_files", "describe",
           "detect_format", "position", "read_bytes", "read_file", "read_text", "save_renderings"]

# file suffix → format; a corpus may mix them
SUFFIXES = {".txt": "txt", ".hwpx": "hwpx", ".hwp": "hwp", ".pdf": "pdf"}
FORMAT_NAMES = {"txt": "텍스트(.txt)", "hwpx": "HWPX", "hwp": "HWP", "pdf": "PDF"}
_CACHE: dict[str, Rendering] = {}  # sha256 of the bytes → rendering (a build reads each file once)


def detect_format(data: bytes) -> str | None:
    """The format of a file by its content (magic bytes), not its name; None when it is none of them."""
    from index.readers.hwp import OLE_MAGIC, is_hwp
    from index.readers.hwpx import is_hwpx
    from index.readers.pdf import is_pdf

    if data.startswith(b"PK\x03\x04"):
        return "hwpx" if is_hwpx(data) else None
    if data.startswith(OLE_MAGIC):
        return "hwp" if is_hwp(data) else None
    if is_pdf(data):
        return "pdf"
    if b"\x00" in data[:8192]:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "txt"


def format_of_name(name: str) -> str | None:
    """The format a file name claims (by suffix), or None for an unsupported suffix."""
    return SUFFIXES.get(Path(name).suffix.lower())


def read_bytes(data: bytes, name: str) -> Rendering:
    """Render a report from its bytes; `name` (the file name) must claim the format the content has."""
    claimed = format_of_name(name)
    if claimed is None:
        raise ReaderError(f"{name}: unsupported file type {Path(name).suffix or '(no suffix)'!r}; "
                          f"expected one of {', '.join(sorted(SUFFIXES))}")
    if not data.strip():
        raise ReaderError(f"{name}: empty file; expected a report")
    actual = detect_format(data)
    if actual != claimed:
        what = FORMAT_NAMES.get(actual or "", "알 수 없는 형식")
        raise ReaderError(f"{name}: the content is {what}, not {FORMAT_NAMES[claimed]} as the name says; "
                          f"rename it to the right suffix or export the report again")
    key = hashlib.sha256(data).hexdigest() + ":" + name
    if key in _CACHE:
        return _CACHE[key]
    if claimed == "txt":
        from index.store import split_lines

        lines = split_lines(data.decode("utf-8").lstrip("\ufeff"))
        r = Rendering(name, "txt", lines, [None] * len(lines))
    elif claimed == "hwpx":
        from index.readers.hwpx import read_hwpx

        r = read_hwpx(data, name)
    elif claimed == "hwp":
        from index.readers.hwp import read_hwp

        r = read_hwp(data, name)
    else:
        from index.readers.pdf import read_pdf

        r = read_pdf(data, name)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[key] = r
    return r


def clear_cache() -> None:
    """Forget the renderings read so far (benchmarks time each read)."""
    _CACHE.clear()


def read_file(path: Path) -> Rendering:
    """Render a report file (see read_bytes)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReaderError(f"cannot read {path}: {e.strerror or e} (check the path and permissions)") from e
    return read_bytes(data, path.name)


def read_text(path: Path) -> str:
    """The text the section and table parsers read for a corpus file: its rendering."""
    return read_file(path).text


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every report file of a corpus directory with a supported suffix, sorted by name."""
    return sorted(p for p in Path(corpus_dir).iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))


def save_renderings(index_dir: Path, files: list[Path]) -> None:
    """Write `renderings/<file>.txt` and `positions/<file>.json` for every file that is not `.txt`."""
    index_dir = Path(index_dir)
    for p in files:
        if format_of_name(p.name) in (None, "txt"):
            continue
        r = read_file(p)
        (index_dir / "renderings").mkdir(exist_ok=True)
        (index_dir / "positions").mkdir(exist_ok=True)
        (index_dir / "renderings" / f"{p.name}.txt").write_text(r.text, encoding="utf-8")
        payload = {"format": r.fmt, "pages": r.pages, "problems": [str(x) for x in r.problems],
                   "lines": r.positions}
        tmp = index_dir / "positions" / f".{p.name}.json.tmp"
        tmp.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, index_dir / "positions" / f"{p.name}.json")


def rendering_path(index_dir: Path, doc: str) -> Path | None:
    """The stored rendering of a non-.txt document in an index directory, if there is one."""
    p = Path(index_dir) / "renderings" / f"{doc}.txt"
    return p if p.exists() else None


_POS_CACHE: dict[tuple[str, str, float], list[Position | None]] = {}


def positions(index_dir: Path, doc: str) -> list[Position | None]:
    """The position map of a document in an index directory (empty for `.txt` documents)."""
    p = Path(index_dir) / "positions" / f"{doc}.json"
    try:
        key = (str(p), doc, p.stat().st_mtime)
    except OSError:
        return []
    if key not in _POS_CACHE:
        _POS_CACHE[key] = json.loads(p.read_text(encoding="utf-8")).get("lines", [])
    return _POS_CACHE[key]


def position(index_dir: Path, doc: str, line: int, cell: int | None = None) -> str | None:
    """Where a rendered line (1-based) is in the original file: `p. 3`, `문단 12`, `표 2, 4행 3열`; None for .txt.

    `cell` is the 0-based index of a cell in a table row (the `c<k>` of a record id) to name its column."""
    pos = positions(index_dir, doc)
    if not (1 <= line <= len(pos)):
        return None
    return describe(pos[line - 1], cell)
