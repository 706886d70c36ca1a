"""Adding a report to the corpus: check the upload, show what was read, then add it and rebuild the index.

    inspect(data, name) -> Intake        # size, type by content, rendering, sections/tables/records, problems
    add([intake, …], corpus_dir, index_dir) -> BuildSummary
                                         # writes the files into the corpus and rebuilds the index atomically

The UI tab (`app/ui_upload.py`) and `python ingest.py FILE…` are thin adapters over these two calls.

Guarantees: a file is checked by its content (zip with the OWPML mimetype, OLE2 with an HWP FileHeader, `%PDF-`,
UTF-8 text), not by its name, and must be of the format its name says; an empty, oversized, corrupt or
mislabelled file is refused with one line (`IntakeError`). A partial parse (text or tables lost, no report year,
cell coverage under the `upload_min_coverage` setting) is refused too. `add` builds the new index beside the
old one (`index.build` writes a temporary directory and renames it), so the old index keeps answering during
the build and stays in place when anything fails; the added files are then taken out of the corpus again.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from index import readers, settings
from index.readers import FORMAT_NAMES, ReaderError, Rendering



def _positive_int(v: str) -> int:
    n = int(v)
    if n <= 0:
        raise ValueError("must be a positive number of MiB")
    return n


settings.declare("upload_max_mb", 50, "Largest report file accepted by the UI upload and `ingest.py FILE` (MiB).",
                 _positive_int)
settings.declare("upload_min_coverage", 0.95, "Share of a new report's numeric table cells that must become records "
                 "for it to be added (below it the parse counts as partial and the report is refused).", float)


class IntakeError(ValueError):
    """A report cannot be added (one line: what was wrong, what was expected, what to do)."""


@dataclass
class Intake:
    """A checked and parsed report, not yet added."""

    name: str
    data: bytes
    rendering: Rendering
    title: str
    year: int
    sections: int
    tables: int
    records: int
    numeric_cells: int
    covered_cells: int
    problems: list[str] = field(default_factory=list)  # "p. 3: …", "문단 12: …"
    refusals: list[str] = field(default_factory=list)  # why the parse counts as partial

    @property
    def fmt(self) -> str:
        return self.rendering.fmt

    @property
    def coverage(self) -> float:
        return 1.0 if not self.numeric_cells else self.covered_cells / self.numeric_cells

    @property
    def partial(self) -> bool:
        return bool(self.refusals)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def summary_lines(self) -> list[str]:
        """The parse summary a person reads before confirming (Korean, one fact a line)."""
        pages = f", {self.rendering.pages}쪽" if self.rendering.pages else ""
        out = [f"{self.name} ({FORMAT_NAMES[self.fmt]}{pages}): {self.title} — {self.year}년 보고서",
               f"섹션 {self.sections}개, 표 {self.tables}개, 표 수치(레코드) {self.records:,}개",
               f"표의 숫자 칸 {self.numeric_cells:,}개 중 {self.covered_cells:,}개를 읽음 (셀 커버리지 {self.coverage:.1%})"]
        if self.problems:
            out.append(f"읽지 못한 부분 {len(self.problems)}곳:")
            out += [f"  - {p}" for p in self.problems[:20]]
            if len(self.problems) > 20:
                out.append(f"  - … 외 {len(self.problems) - 20}곳")
        else:
            out.append("읽지 못한 부분 없음")
        if self.refusals:
            out.append("추가할 수 없습니다 (일부만 읽힘): " + "; ".join(self.refusals))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "format": self.fmt, "title": self.title, "year": self.year,
                "pages": self.rendering.pages, "sections": self.sections, "tables": self.tables,
                "records": self.records, "numeric_cells": self.numeric_cells, "covered_cells": self.covered_cells,
                "coverage": self.coverage, "problems": self.problems, "partial": self.partial,
                "refusals": self.refusals}


def _check_name(name: str) -> str:
    """A plain file name with a supported suffix."""
    base = name or ""
    if not base or "/" in base or "\\" in base or base.startswith(".") or "\x00" in base:
        raise IntakeError(f"파일 이름이 올바르지 않습니다 / bad file name {name!r}: use a plain name such as report.pdf")
    if readers.format_of_name(base) is None:
        raise IntakeError(f"지원하지 않는 파일 형식입니다 / unsupported type {Path(base).suffix or '(none)'!r} "
                          f"({base}): upload .hwpx, .hwp, .pdf or .txt")
    return base


def inspect(data: bytes, name: str) -> Intake:
    """Check and parse an uploaded report; IntakeError with one line when it cannot be added at all."""
    from index.build import doc_keys, parse_document
    from index.sections import document_meta

    base = _check_name(name)
    _check_size(len(data), base)
    if not data.strip():
        raise IntakeError(f"빈 파일입니다 / empty file: {base} holds no data; upload the report itself")
    claimed = readers.format_of_name(base)
    actual = readers.detect_format(data)
    if claimed == "txt" and actual is None and b"\x00" not in data[:8192]:
        raise IntakeError(f"UTF-8 텍스트가 아닙니다 / not UTF-8: {base}; convert it (iconv -f CP949 -t UTF-8) and "
                          f"upload it again")
    if actual != claimed:
        what = FORMAT_NAMES.get(actual or "", "알 수 없는 형식 / unknown")
        hint = (f"이름을 .{actual}로 바꿔 다시 올리세요 / rename it to .{actual}" if actual
                else "손상되었거나 보고서 파일이 아닙니다 / damaged or not a report: export it again")
        raise IntakeError(f"파일 내용과 확장자가 다릅니다 / mislabelled: {base} says {FORMAT_NAMES[claimed]} but the "
                          f"content is {what}; {hint}")
    try:
        r = readers.read_bytes(data, base)
    except ReaderError as e:
        raise IntakeError(f"파일을 읽을 수 없습니다 / cannot read: {e}") from e
    except (MemoryError, RecursionError) as e:  # a hostile or broken file must not take the app down
        raise IntakeError(f"파일을 읽을 수 없습니다 / cannot read: {base} ({type(e).__name__}); export it again") from e
    try:
        meta = document_meta(base, r.lines, hashlib.sha256(data).hexdigest())
        pd = parse_document(doc_keys([meta])[base], meta, r.lines)
    except ValueError as e:
        raise IntakeError(f"보고서 구조를 읽을 수 없습니다 / cannot parse: {base}: {e}") from e
    refusals = [str(p) for p in r.problems if p.severe]
    if not meta.year:
        refusals.append("첫 줄(제목)에서 보고서 연도를 찾지 못했습니다 — 제목이 '2027년 주요 업무보고'처럼 연도로 시작해야 합니다")
    cov = 1.0 if not pd.numeric_cells else pd.covered_cells / pd.numeric_cells
    if cov < float(settings.get("upload_min_coverage")):
        refusals.append(f"표 숫자 칸의 {cov:.1%}만 레코드가 되었습니다 (기준 {float(settings.get('upload_min_coverage')):.0%})")
    return Intake(base, data, r, meta.title, meta.year, len(pd.sections), len(pd.tables), len(pd.records),
                  pd.numeric_cells, pd.covered_cells, [str(p) for p in r.problems], refusals)


def _check_size(size: int, name: str) -> None:
    limit = int(settings.get("upload_max_mb")) * 1024 * 1024
    if size > limit:
        raise IntakeError(f"파일이 너무 큽니다 / too large: {name} is {size / 2**20:.1f} MiB, the limit is "
                          f"{limit // 2**20} MiB (setting DCQA_UPLOAD_MAX_MB)")


def inspect_file(path: Path) -> Intake:
    """inspect() for a file on disk (the size is checked before the file is read)."""
    path = Path(path)
    try:
        _check_size(path.stat().st_size, path.name)
        data = path.read_bytes()
    except OSError as e:
        raise IntakeError(f"파일을 열 수 없습니다 / cannot open {path}: {e.strerror or e}") from e
    return inspect(data, path.name)


@contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
    """One intake at a time per index (a lock file beside the index directory)."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    path = index_dir.parent / f".{index_dir.name}.intake.lock"
    with open(path, "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IntakeError("다른 보고서를 추가하는 중입니다 / another report is being added: try again when it "
                              "has finished") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def add(intakes: list[Intake], corpus_dir: Path, index_dir: Path, *, embedder: str | None = None,
        progress: Callable[[str, int, int], None] | None = None) -> Any:
    """Write the reports into the corpus and rebuild the index; on any failure nothing changes.

    Returns index.build.BuildSummary. The old index answers until the new one is renamed into place."""
    from index.build import CorpusError, build_index

    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    for it in intakes:
        if it.partial:
            raise IntakeError(f"일부만 읽힌 보고서는 추가하지 않습니다 / partial parse, not added: {it.name}: "
                              + "; ".join(it.refusals))
    if not corpus_dir.is_dir():
        raise IntakeError(f"코퍼스 폴더가 없습니다 / corpus directory not found: {corpus_dir}")
    written: list[Path] = []
    with _lock(index_dir):
        for it in intakes:
            dest = corpus_dir / it.name
            if dest.exists():
                same = hashlib.sha256(dest.read_bytes()).hexdigest() == it.sha256
                raise IntakeError(f"이미 있는 파일입니다 / already in the corpus: {it.name}"
                                  + (" (same content)" if same else "; rename the new file or remove the old one"))
        try:
            for it in intakes:
                tmp = corpus_dir / f".{it.name}.upload-{os.getpid()}"
                tmp.write_bytes(it.data)
                os.replace(tmp, corpus_dir / it.name)
                written.append(corpus_dir / it.name)
            return build_index(corpus_dir, index_dir, embedder=embedder, progress=progress)
        except BaseException as e:
            for p in written:
                p.unlink(missing_ok=True)
            if isinstance(e, IntakeError):
                raise
            if isinstance(e, CorpusError):
                raise IntakeError(f"색인을 만들 수 없어 추가하지 않았습니다 / not added, the build failed: {e}") from e
            raise


def cli_add(files: list[Path], corpus_dir: Path, index_dir: Path, *, yes: bool, check_only: bool,
            embedder: str | None, progress: Callable[[str, int, int], None] | None,
            format_summary: Callable[[Any], str], ask: Callable[[str], str] | None = None) -> int:
    """`python ingest.py FILE…`: print each file's parse summary, ask, add them all; returns the exit code."""
    import sys

    intakes: list[Intake] = []
    failed = False
    for f in files:
        try:
            it = inspect_file(f)
        except IntakeError as e:
            print(f"error: {e}", file=sys.stderr)
            failed = True
            continue
        print("\n".join(it.summary_lines()))
        failed = failed or it.partial
        intakes.append(it)
    if failed:
        print("error: nothing was added (fix the files above and run again); the index is unchanged", file=sys.stderr)
        return 2
    if check_only:
        return 0
    if not yes:
        if ask is None and not sys.stdin.isatty():
            print("error: not added: confirm with --yes (no terminal to ask on)", file=sys.stderr)
            return 2
        answer = (ask or input)(f"{len(intakes)}개 보고서를 코퍼스 {corpus_dir}에 추가하고 색인을 다시 만들까요? [y/N] ")
        if answer.strip().lower() not in {"y", "yes", "예", "네", "ㅇ"}:
            print("추가하지 않았습니다 / not added")
            return 1
    try:
        summary = add(intakes, corpus_dir, index_dir, embedder=embedder, progress=progress)
    except IntakeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(format_summary(summary))
    return 0
