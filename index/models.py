"""Typed records that every layer passes around; each one carries its source lines."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One corpus file. `doc` is the file name; line numbers are 1-based lines of that file."""

    doc: str  # corpus file name, e.g. "seoul-digital-city-bureau-2026-04-current-issues.txt"
    title: str  # e.g. "2026년 현안 업무보고"
    year: int  # the report's fiscal year, e.g. 2026
    as_of: str  # as printed, e.g. "2026. 3. 31."
    sha256: str
    n_lines: int


@dataclass(frozen=True)
class Section:
    """A node of a document's section tree."""

    section_id: str  # stable, e.g. "2026:3.9" or "2025:III/3/3-3"
    doc: str
    path: tuple[str, ...]  # titles from the root, e.g. ("3. 주요 현안업무", "3.9. 디지털 재난 대비 재해복구시스템 확대")
    title: str
    level: int
    department: str | None  # owning department, e.g. "데이터센터"
    line_start: int  # 1-based, inclusive: the heading line
    line_end: int  # 1-based, inclusive
    parent_id: str | None = None

    @property
    def path_text(self) -> str:
        return " > ".join(self.path)


@dataclass(frozen=True)
class TableRecord:
    """One numeric (or flagged) cell of a parsed table, cited at its source line."""

    record_id: str
    doc: str
    year: int  # report year of the document
    section_id: str
    table_id: str  # stable within the index, e.g. "2026:t07"
    table_title: str  # e.g. "세출예산 집행현황"
    row_path: tuple[str, ...]  # e.g. ("데이터전략과", "일반회계", "기본경비"), normalised labels
    column: str  # normalised column name, e.g. "예산현액", "2025 최종예산", "원인행위 집행률", "정원"
    value_raw: str  # as printed in the file, e.g. "51,701", "△79,074", "순증", "46.5"
    value: float | None  # parsed number (△ → negative); None for flags
    flag: str | None  # "순증", "순감", "회계 변경", "-" (empty dash) or None
    unit: str | None  # "천원", "백만원", "%", "명", "식", "건" ...
    as_of: str | None  # e.g. "2026. 3. 31."
    line: int  # 1-based source line that contains value_raw
    department: str | None = None  # first organisational unit on the row path, if any

    @property
    def row_path_text(self) -> str:
        return " > ".join(self.row_path)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["row_path"] = list(self.row_path)
        return d


@dataclass(frozen=True)
class Chunk:
    """A retrievable unit: a piece of a section body or a slice of a table with its header."""

    chunk_id: str  # stable: f"{doc_key}:{line_start}-{line_end}:{kind}"
    doc: str
    year: int
    section_id: str
    section_path: tuple[str, ...]
    kind: str  # "text" | "table"
    line_start: int
    line_end: int
    text: str  # display text: original lines (HTML stripped for tables is allowed), for quoting
    search_text: str  # normalised text with the section breadcrumb, for BM25 and embeddings
    department: str | None = None
    table_id: str | None = None
    lines: tuple[int, ...] = field(default=())  # original line numbers the display text comes from

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["section_path"] = list(self.section_path)
        d["lines"] = list(self.lines)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Chunk":
        d = dict(d)
        d["section_path"] = tuple(d["section_path"])
        d["lines"] = tuple(d.get("lines", ()))
        return cls(**d)
