"""Audit preparation (행정사무감사 준비): findings with cell-level evidence and draft questions.

`find_findings(index)` reads the parsed table records, sections and original lines of the index and
returns `Finding`s of five kinds:

- ``slow_execution``  budget lines whose 원인행위 집행률 lies far below the share of the fiscal year
  elapsed at the table's as-of date;
- ``yoy_change``      large year-over-year changes, as printed (증감액/증감률 columns) or computed by
  matching the same item across two reports;
- ``account_change``  the same item under a different account (printed ``회계 변경`` rows, or a
  different 회계 ancestor for the same item across reports);
- ``inconsistency``   the same figure stated twice with different values (within a report, across
  reports, text against table), a parent row against the sum of its child rows, a total in the text
  against its stated parts;
- ``open_demand``     items of the audit-results section (``행정사무감사 처리결과``) still 추진중/검토중,
  with the later report's best matching line cited beside them.

Every figure that a finding states with a citation is the printed value of the cited cell or line;
computed figures (differences, sums, the elapsed share) carry no citation and are labelled as computed.
Severity rules are documented in docs/audit.md and in `_severity_*` below.
"""
from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Protocol

from app.types import Citation
from index import settings as _settings
from index.models import Section, TableRecord
from index.normalize import fix_slips, strip_html

log = logging.getLogger(__name__)

# --- settings ---------------------------------------------------------------------------------------
_settings.declare(
    "audit_exec_gap", 15.0,
    "Slow execution: flag a budget line whose 원인행위 집행률 (%) is below the elapsed share of the fiscal "
    "year at the as-of date minus this many percentage points.")
_settings.declare(
    "audit_change_pct", 30.0,
    "Year-over-year change: flag a line whose |증감률| is at least this many percent.")
_settings.declare(
    "audit_change_amount", 1_000_000.0,
    "Year-over-year change: flag a line whose |증감액| is at least this amount in 천원 (1,000,000천원 = 10억원); "
    "also the amount above which a finding is rated high.")
_settings.declare(
    "audit_llm_max_findings", 10,
    "When an LLM backend is configured, at most this many findings (highest severity first) get LLM-written "
    "draft questions (each checked by the number verifier); the others keep the template questions. 0 = never.")
_settings.declare(
    "audit_min_budget", 100_000.0,
    "Skip budget lines smaller than this amount in 천원 for slow execution and percentage-only changes.")

KINDS = ("slow_execution", "yoy_change", "account_change", "inconsistency", "open_demand")
KIND_LABELS = {
    "slow_execution": "집행 부진",
    "yoy_change": "예산 급증감",
    "account_change": "회계 변경",
    "inconsistency": "수치 불일치",
    "open_demand": "감사 요구 미완료",
}
SEVERITIES = ("high", "medium", "low")
SEVERITY_LABELS = {"high": "높음", "medium": "보통", "low": "낮음"}
BUREAU = "국 전체"  # department label for bureau-wide lines (totals, revenue without an owner)

COLUMNS = ("번호", "부서", "유형", "유형코드", "심각도", "제목", "설명", "수치", "근거", "질문 초안")


class AuditError(ValueError):
    """Bad input to the audit (unknown document or department)."""


@dataclass(frozen=True)
class AuditSettings:
    exec_gap: float = 15.0
    change_pct: float = 30.0
    change_amount: float = 1_000_000.0  # 천원
    min_budget: float = 100_000.0  # 천원

    @classmethod
    def from_settings(cls, overrides: dict[str, Any] | None = None) -> "AuditSettings":
        """Read the declared settings (environment DCQA_AUDIT_*), then apply `overrides` by short name."""
        s = cls(
            exec_gap=float(_settings.get("audit_exec_gap")),
            change_pct=float(_settings.get("audit_change_pct")),
            change_amount=float(_settings.get("audit_change_amount")),
            min_budget=float(_settings.get("audit_min_budget")),
        )
        if overrides:
            known = {f for f in cls.__dataclass_fields__}
            for k in overrides:
                if k.removeprefix("audit_") not in known:
                    raise AuditError(f"알 수 없는 감사 설정입니다: {k!r}. 가능한 설정: {', '.join(sorted(known))}")
            s = cls(**{**s.__dict__, **{k.removeprefix("audit_"): float(v) for k, v in overrides.items()}})
        return s


@dataclass
class Finding:
    kind: str  # one of KINDS
    severity: str  # "high" | "medium" | "low"
    department: str  # owning department, or BUREAU
    title: str
    explanation: str  # Korean, one paragraph, figures as printed with unit and [n] markers
    figures: list[dict[str, Any]]  # {label, value_raw, unit, cite}; cite = citation n or None (computed)
    citations: list[Citation]
    questions: list[str] = field(default_factory=list)  # 1-3 Korean draft questions
    finding_id: str = ""
    docs: tuple[str, ...] = ()  # documents the finding draws on

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.finding_id,
            "kind": self.kind,
            "severity": self.severity,
            "department": self.department,
            "title": self.title,
            "explanation": self.explanation,
            "figures": [dict(f) for f in self.figures],
            "citations": [c.to_json() for c in self.citations],
            "questions": list(self.questions),
        }


class _DataLike(Protocol):
    sections: list[Section]

    def all_records(self) -> list[TableRecord]: ...
    def lines(self, doc: str) -> list[str]: ...


# --- text helpers -----------------------------------------------------------------------------------
_NUM_PREFIX = re.compile(r"^\s*(?:\d+(?:[-.]\d+)*\s*[).](?=\s|[가-힣A-Za-z(])|[IVX]+\.\s|[①-⑳]|[○●□■▶※·\-]+)\s*")
_PUNCT = re.compile(r"[\s·‧,、.ㆍ'’‘\"“”]+")
_PAREN = re.compile(r"^(.*?)\s*[(（]([^()（）]*)[)）]\s*$")
_ACCOUNT = re.compile(r"(일반|특별|균형발전특별|균특|도시개발특별|기금)?(회계|기계)$")
_DEPT_LIKE = re.compile(r"(과|센터|기록원|담당관|사업소|본부)$")
_TOTAL_LABELS = {"계", "합계", "소계", "총계", "총괄"}


@lru_cache(maxsize=8192)
def _fix_slips(text: str) -> str:
    """NFC plus the ingest's conversion-slip table (일반기계 → 일반회계, …)."""
    return fix_slips(unicodedata.normalize("NFC", text))


def _strip_html(text: str) -> str:
    """The ingest's HTML stripping, whitespace collapsed."""
    return re.sub(r"\s+", " ", strip_html(text)).strip()


@lru_cache(maxsize=8192)
def _compact(text: str) -> str:
    """Label without numbering, spaces and light punctuation, for matching."""
    s = _fix_slips(text)
    s = _NUM_PREFIX.sub("", s)
    return _PUNCT.sub("", s)


@dataclass(frozen=True)
class _Name:
    full: str
    base: str
    qual: str

    @classmethod
    def of(cls, label: str, strip: Iterable[str] = ()) -> "_Name":
        full = _compact(label)
        for prefix in strip:  # a department name repeated in front of an item name
            p = _compact(prefix)
            if p and full.startswith(p) and len(full) > len(p) + 1:
                full = full[len(p):]
        m = _PAREN.match(_NUM_PREFIX.sub("", _fix_slips(label)).strip())
        if m:
            base, qual = _compact(m.group(1)), _compact(m.group(2))
            for prefix in strip:
                p = _compact(prefix)
                if p and base.startswith(p) and len(base) > len(p) + 1:
                    base = base[len(p):]
        else:
            base, qual = full, ""
        return cls(full, base, qual)

    def same_item(self, other: "_Name") -> bool:
        """Same item: equal names, equal base with a compatible qualifier, or one's qualifier is the other's base."""
        if self.full == other.full:
            return True
        if self.base == other.base and (not self.qual or not other.qual or self.qual == other.qual):
            return True
        if self.qual and (self.qual == other.base or self.qual == other.full):
            return True
        if other.qual and (other.qual == self.base or other.qual == self.full):
            return True
        return False


def _account_class(label: str) -> str | None:
    """'일반' or '특별:<kind>' for an account label (회계, also the 기계 slip), else None."""
    s = _compact(label)
    m = _ACCOUNT.search(s)
    if not m or len(s) > 12:
        return None
    kind = m.group(1) or ""
    if kind == "일반":
        return "일반"
    if kind in {"특별", ""}:
        return "특별:" if kind == "특별" else None
    return "특별:" + kind.replace("균특", "균형발전특별")


def _accounts_differ(a: str, b: str) -> bool:
    """Two account classes are different accounts (a generic 특별회계 matches any special account)."""
    if a == b:
        return False
    if a.startswith("특별:") and b.startswith("특별:"):
        return a != "특별:" and b != "특별:" and a != b
    return True


def _fmt_num(v: float, decimals: int = 0) -> str:
    """Thousands separators; negatives with △ as the reports print them."""
    s = f"{abs(v):,.{decimals}f}"
    return ("△" + s) if v < 0 else s


def _with_unit(value_raw: str, unit: str | None) -> str:
    if not unit or value_raw.endswith(unit) or value_raw in {"-", "순증", "순감", "회계 변경"}:
        return value_raw
    return value_raw + unit


def _to_cheonwon(v: float, unit: str | None) -> float:
    return {"백만원": 1000.0, "억원": 100_000.0, "원": 0.001}.get(unit or "천원", 1.0) * v


_DATE = re.compile(r"[\'’‘]?(\d{2,4})\s*[.년]\s*(\d{1,2})\s*[.월]\s*(\d{1,2})")


def parse_as_of(text: str | None) -> _dt.date | None:
    """The date in an as-of text such as '2026. 3. 31.' or "'25. 1.31."; None when there is no full date."""
    if not text:
        return None
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if y < 100:
        y += 2000
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def elapsed_share(as_of: _dt.date) -> float:
    """Share (0..1) of the calendar fiscal year elapsed at the end of `as_of` (3.31 → 0.247, 1.31 → 0.085)."""
    start = _dt.date(as_of.year, 1, 1)
    days = (_dt.date(as_of.year + 1, 1, 1) - start).days
    return ((as_of - start).days + 1) / days


# --- table rows -------------------------------------------------------------------------------------
_COL_YEAR = re.compile(r"^(\d{4})년?(.*)$")


@dataclass
class _Row:
    doc: str
    year: int
    table_id: str
    table_title: str
    kind: str | None  # "세입" | "세출" | None
    row_path: tuple[str, ...]
    department: str | None
    section_id: str
    cells: dict[str, TableRecord]  # canonical column → record
    name: _Name
    parent: str  # compact parent label ("" at the top)
    line: int

    @property
    def label(self) -> str:
        return _NUM_PREFIX.sub("", self.row_path[-1]).strip() if self.row_path else ""

    @property
    def display(self) -> str:
        """The label for a reader: a total as '세출 총계', an account row with its department."""
        if self.name.full in _TOTAL_LABELS:
            return f"{self.kind or ''} 총계".strip()
        if _account_class(self.label) is not None and self.department and len(self.row_path) > 1:
            return f"{self.department} {_fix_slips(self.label)}"
        if _account_class(self.label) is not None and self.kind:
            return f"{self.kind} {_fix_slips(self.label)}"
        return self.label

    def first(self, *roles: str) -> TableRecord | None:
        for r in roles:
            if r in self.cells:
                return self.cells[r]
        return None


def _column_role(column: str, unit: str | None, value_raw: str, doc_year: int) -> str | None:
    """Map a normalised column name to a role: cur, prev, chg_amt, chg_pct, rate_commit, rate_spend, amt_commit."""
    c = _compact(column)
    m = _COL_YEAR.match(c)
    year = int(m.group(1)) if m else None
    rest = m.group(2) if m else c
    is_pct = unit == "%" or value_raw.endswith("%") or "률" in c or "율" in c or "(%)" in column
    if "집행률" in c or "집행율" in c or (rest in {"원인행위", "지출액", "지출"} and is_pct):
        if "지출" in c:
            return "rate_spend"
        return "rate_commit"  # 원인행위 집행률, or a plain 집행률 where 집행액 is 원인행위 기준
    if re.search(r"증감(률|율|륜)$|대비(증감)?(률|율)$", c):
        return "chg_pct"
    if re.search(r"증감액?$", c) and not is_pct:
        return "chg_amt"
    if rest in {"원인행위액", "원인행위", "집행액"}:
        return "amt_commit"
    if re.search(r"(예산현액|예산액|최종예산|최증예산|예산)$", rest):
        if year is None or year == doc_year:
            return "cur"
        if year == doc_year - 1:
            return "prev"
    return None


def _table_kind(title: str, roles: set[str]) -> str | None:
    t = _compact(title)
    if "세입" in t and "세출" not in t:
        return "세입"
    if "세출" in t and "세입" not in t:
        return "세출"
    if "rate_commit" in roles or "rate_spend" in roles:
        return "세출"
    return None


def _rows(data: _DataLike, departments: set[str]) -> list[_Row]:
    """Group the numeric/flag records into table rows with their cells keyed by column role."""
    groups: dict[tuple[str, str, tuple[str, ...]], list[TableRecord]] = {}
    for rec in data.all_records():
        groups.setdefault((rec.doc, rec.table_id, rec.row_path), []).append(rec)
    table_roles: dict[tuple[str, str], set[str]] = {}
    rows: list[_Row] = []
    for (doc, table_id, row_path), recs in groups.items():
        if not row_path:
            continue
        cells: dict[str, TableRecord] = {}
        for rec in sorted(recs, key=lambda r: r.line):
            role = _column_role(rec.column, rec.unit, rec.value_raw, rec.year)
            if role and role not in cells:
                cells[role] = rec
        if not cells:
            continue
        r0 = recs[0]
        dept = r0.department or _department_of(row_path, departments)
        parent = _compact(row_path[-2]) if len(row_path) > 1 else ""
        rows.append(_Row(doc, r0.year, table_id, r0.table_title, None, row_path, dept, r0.section_id, cells,
                         _Name.of(row_path[-1], [dept] if dept else []), parent, min(r.line for r in recs)))
        table_roles.setdefault((doc, table_id), set()).update(cells)
    for row in rows:
        row.kind = _table_kind(row.table_title, table_roles[(row.doc, row.table_id)])
    rows.sort(key=lambda r: (r.doc, r.line))
    return rows


def _department_of(row_path: tuple[str, ...], departments: set[str]) -> str | None:
    """The first label on the row path that names a known department, or a department qualifier."""
    for label in row_path:
        c = _compact(label)
        for d in departments:
            if c == _compact(d):
                return d
    n = _Name.of(row_path[-1])
    for d in departments:
        if n.qual and n.qual == _compact(d):
            return d
    if n.qual and _DEPT_LIKE.search(n.qual) and len(n.qual) <= 10:
        return n.qual  # a qualifier such as "(데이터센터)" names the owning unit
    return None


def _is_aggregate(row: _Row, rows_by_table: dict[tuple[str, str], list[_Row]], departments: set[str]) -> bool:
    """A total, department or account line, or a row that other rows of its table sit under."""
    c = row.name.full
    if c in _TOTAL_LABELS or _account_class(row.label) is not None:
        return True
    if any(c == _compact(d) for d in departments):
        return True
    n = len(row.row_path)
    return any(len(o.row_path) > n and o.row_path[:n] == row.row_path for o in rows_by_table[(row.doc, row.table_id)])


def _account_of(row: _Row) -> str | None:
    for label in reversed(row.row_path[:-1]):
        a = _account_class(label)
        if a is not None:
            return a
    return None


# --- citations --------------------------------------------------------------------------------------
class _Cites:
    """Collects citations for one finding, numbering them [1], [2], … and de-duplicating cells."""

    def __init__(self, ctx: "_Ctx") -> None:
        self.ctx = ctx
        self.items: list[Citation] = []

    def cell(self, rec: TableRecord) -> int:
        for c in self.items:
            if c.doc == rec.doc and c.line_start == rec.line and c.column == rec.column and c.row_path == rec.row_path_text:
                return c.n
        n = len(self.items) + 1
        self.items.append(Citation(
            n=n, doc=rec.doc, section=self.ctx.section_text(rec.section_id), line_start=rec.line, line_end=rec.line,
            quote=self.ctx.quote(rec.doc, rec.line), table=rec.table_title, row_path=rec.row_path_text,
            column=rec.column, value=rec.value_raw))
        return n

    def line(self, doc: str, line: int, value: str | None, section: str | None = None) -> int:
        for c in self.items:
            if c.doc == doc and c.line_start == line and c.value == value and c.table is None:
                return c.n
        n = len(self.items) + 1
        self.items.append(Citation(n=n, doc=doc, section=section or self.ctx.section_at(doc, line), line_start=line,
                                   line_end=line, quote=self.ctx.quote(doc, line), value=value))
        return n


def _fig(label: str, value_raw: str, unit: str | None, cite: int | None) -> dict[str, Any]:
    return {"label": label, "value_raw": value_raw, "unit": unit or "", "cite": cite}


def _cited(rec: TableRecord, cites: _Cites, label: str, figures: list[dict[str, Any]]) -> str:
    """Cite a cell, add it to the figures and return its printed text with unit and marker."""
    n = cites.cell(rec)
    figures.append(_fig(label, rec.value_raw, rec.unit, n))
    return f"{_with_unit(rec.value_raw, rec.unit)}[{n}]"


# --- context ----------------------------------------------------------------------------------------
class _Ctx:
    """Per-call view of the index data with small caches."""

    def __init__(self, data: _DataLike, settings: AuditSettings) -> None:
        self.data = data
        self.s = settings
        self.sections = list(getattr(data, "sections", []))
        self._sec = {s.section_id: s for s in self.sections}
        self._lines: dict[str, list[str]] = {}
        docs = list(getattr(data, "documents", []))
        self.doc_year = {d.doc: d.year for d in docs}
        self.doc_as_of = {d.doc: d.as_of for d in docs}
        self.departments = {s.department for s in self.sections if s.department}
        for rec in data.all_records():
            self.doc_year.setdefault(rec.doc, rec.year)
            if rec.department:
                self.departments.add(rec.department)
        self.rows = _rows(data, self.departments)
        self.noun_df: dict[str, tuple[dict[str, int], int]] = {}
        self.rows_by_table: dict[tuple[str, str], list[_Row]] = {}
        for r in self.rows:
            self.rows_by_table.setdefault((r.doc, r.table_id), []).append(r)

    def lines(self, doc: str) -> list[str]:
        if doc not in self._lines:
            self._lines[doc] = list(self.data.lines(doc))
        return self._lines[doc]

    def quote(self, doc: str, line: int, limit: int = 400) -> str:
        lines = self.lines(doc)
        text = lines[line - 1].rstrip("\n") if 0 < line <= len(lines) else ""
        return text if len(text) <= limit else text[:limit] + "…"

    def section_text(self, section_id: str) -> str:
        s = self._sec.get(section_id)
        return s.path_text if s else ""

    def section_obj_at(self, doc: str, line: int) -> Section | None:
        """The innermost section of `doc` that contains `line`."""
        best: Section | None = None
        for s in self.sections:
            if s.doc == doc and s.line_start <= line <= s.line_end and (best is None or len(s.path) > len(best.path)):
                best = s
        return best

    def section_at(self, doc: str, line: int) -> str:
        best = self.section_obj_at(doc, line)
        return best.path_text if best else ""

    def project_section(self, sec: Section) -> Section:
        """The section of a project (a numbered heading with an owning department) that contains `sec`.

        Sub-heads such as '□ 사업개요' and '□ 추진현황' share their project's tables, so a budget stated in
        one is compared with a table in the other."""
        cur = sec
        while cur.parent_id and cur.parent_id in self._sec:
            parent = self._sec[cur.parent_id]
            if not parent.department or parent.department != sec.department:
                break
            cur = parent
        return cur

    def docs_by_year(self) -> list[str]:
        return sorted(self.doc_year, key=lambda d: (self.doc_year[d], d))


def _fid(kind: str, *parts: object) -> str:
    h = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:8]
    return f"{kind}:{h}"


def _dept(row: _Row) -> str:
    return row.department or BUREAU


# --- slow execution ---------------------------------------------------------------------------------
def _severity_slow(budget: float, rate: float, s: AuditSettings) -> str:
    """high: ≥ change_amount and rate ≤ 1%; medium: ≥ change_amount or rate ≤ 1%; low otherwise."""
    if budget >= s.change_amount and rate <= 1.0:
        return "high"
    if budget >= s.change_amount or rate <= 1.0:
        return "medium"
    return "low"


def _slow_execution(ctx: _Ctx) -> list[Finding]:
    s = ctx.s
    best: dict[tuple[str, str, str], _Row] = {}
    for row in ctx.rows:
        if row.kind != "세출" or "cur" not in row.cells or "rate_commit" not in row.cells:
            continue
        if _is_aggregate(row, ctx.rows_by_table, ctx.departments):
            continue
        key = (row.doc, _dept(row), row.name.full)
        if key not in best or len(row.cells) > len(best[key].cells):
            best[key] = row
    out: list[tuple[float, Finding]] = []
    for row in best.values():
        cur, rate_rec = row.cells["cur"], row.cells["rate_commit"]
        if cur.value is None or rate_rec.value is None:
            continue
        budget = _to_cheonwon(cur.value, cur.unit)
        as_of = parse_as_of(rate_rec.as_of or cur.as_of or ctx.doc_as_of.get(row.doc))
        if budget < s.min_budget or as_of is None:
            continue
        elapsed = elapsed_share(as_of) * 100
        if rate_rec.value >= elapsed - s.exec_gap:
            continue
        cites, figs = _Cites(ctx), []
        t_budget = _cited(cur, cites, "예산현액", figs)
        t_rate = _cited(rate_rec, cites, "원인행위 집행률", figs)
        extra = ""
        spend = row.cells.get("rate_spend")
        if spend is not None:
            extra = f", 지출액 집행률은 {_cited(spend, cites, '지출액 집행률', figs)}"
        t_elapsed = f"{elapsed:.1f}%"
        figs.append(_fig("회계연도 경과율(계산)", f"{elapsed:.1f}", "%", None))
        figs.append(_fig("경과율과의 차이(계산)", f"{elapsed - rate_rec.value:.1f}", "%p", None))
        as_of_text = f"{as_of.year}. {as_of.month}. {as_of.day}."
        expl = (f"{_dept(row)} '{row.display}' 사업은 예산현액 {t_budget} 가운데 {as_of_text} 기준 원인행위 집행률이 "
                f"{t_rate}{extra}입니다. 같은 시점 회계연도 경과율 {t_elapsed}(계산값)보다 "
                f"{elapsed - rate_rec.value:.1f}%p(계산값) 낮아 집행 부진이 우려됩니다.")
        q = [f"'{row.display}' 사업은 예산현액 {_with_unit(cur.value_raw, cur.unit)} 중 {as_of_text} 기준 원인행위 집행률이 "
             f"{_with_unit(rate_rec.value_raw, rate_rec.unit)}에 그치고 있습니다. 집행이 늦어지는 사유와 월별 집행 계획은 무엇입니까?",
             f"'{row.display}' 사업의 연내 집행이 어려울 경우 예상되는 불용액 또는 이월 규모와 그 대책은 무엇입니까?"]
        f = Finding("slow_execution", _severity_slow(budget, rate_rec.value, s), _dept(row),
                    f"{row.display}: 원인행위 집행률 {_with_unit(rate_rec.value_raw, rate_rec.unit)} "
                    f"(예산현액 {_with_unit(cur.value_raw, cur.unit)})",
                    expl, figs, cites.items, q, _fid("slow_execution", row.doc, row.line, row.name.full), (row.doc,))
        out.append((budget, f))
    out.sort(key=lambda t: -t[0])
    return [f for _, f in out]


# --- year-over-year changes -------------------------------------------------------------------------
def _severity_change(amount: float | None, pct: float | None, s: AuditSettings) -> str:
    """high: both thresholds met; medium: the amount threshold met; low: only the percentage."""
    big_amt = amount is not None and abs(amount) >= s.change_amount
    big_pct = pct is not None and abs(pct) >= s.change_pct
    if big_amt and big_pct:
        return "high"
    return "medium" if big_amt else "low"


def _printed_changes(ctx: _Ctx) -> list[Finding]:
    s = ctx.s
    out: list[Finding] = []
    # the same printed line repeated (a summary and a detail table; a parent with a single child) is reported once,
    # at its deepest row
    chosen: dict[tuple[Any, ...], _Row] = {}
    for row in ctx.rows:
        if row.kind is None or "cur" not in row.cells or not ({"chg_amt", "chg_pct"} & set(row.cells)):
            continue
        vals = tuple(row.cells[r].value_raw if r in row.cells else None for r in ("cur", "prev", "chg_amt", "chg_pct"))
        k = (row.doc, row.kind, _dept(row), vals)
        if k not in chosen or len(row.row_path) > len(chosen[k].row_path):
            chosen[k] = row
    keep = {id(r) for r in chosen.values()}
    for row in ctx.rows:
        if id(row) not in keep:
            continue
        cur, prev = row.cells["cur"], row.cells.get("prev")
        amt_rec, pct_rec = row.cells.get("chg_amt"), row.cells.get("chg_pct")
        flags = {r.flag for r in (amt_rec, pct_rec) if r is not None and r.flag}
        if "회계 변경" in flags:
            continue  # reported as an account change
        cur_k = _to_cheonwon(cur.value or 0.0, cur.unit)
        prev_k = _to_cheonwon(prev.value or 0.0, prev.unit) if prev is not None else 0.0
        new_or_gone = flags & {"순증", "순감"}
        if new_or_gone:
            size = max(cur_k, prev_k)
            if size < s.min_budget:
                continue
            amount, pct = (cur_k - prev_k), None
        else:
            amount = _to_cheonwon(amt_rec.value, amt_rec.unit) if amt_rec is not None and amt_rec.value is not None else None
            pct = pct_rec.value if pct_rec is not None and pct_rec.value is not None else None
            big_amt = amount is not None and abs(amount) >= s.change_amount
            big_pct = pct is not None and abs(pct) >= s.change_pct and max(cur_k, prev_k) >= s.min_budget
            if not (big_amt or big_pct):
                continue
        cites, figs = _Cites(ctx), []
        cur_year = _COL_YEAR.match(_compact(cur.column))
        cur_label = cur.column if cur_year else f"{row.year} {cur.column}"
        t_cur = _cited(cur, cites, cur_label, figs)
        t_prev = _cited(prev, cites, prev.column, figs) if prev is not None else None
        parts = []
        if amt_rec is not None:
            parts.append(f"증감액 {_cited(amt_rec, cites, '증감액', figs)}")
        if pct_rec is not None and pct_rec is not amt_rec:
            parts.append(f"증감률 {_cited(pct_rec, cites, '증감률', figs)}")
        name = row.display
        if new_or_gone:
            what = "신규 편성(순증)" if "순증" in new_or_gone else "전액 감소(순감)"
            expl = (f"{row.kind} '{name}'은(는) {cur_label} {t_cur}"
                    + (f", {prev.column} {t_prev}" if t_prev else "") + f"로 {what}되었습니다.")
            sev = "medium" if max(cur_k, prev_k) >= s.change_amount else "low"
            title = f"{name}: {what} ({_with_unit(cur.value_raw if '순증' in new_or_gone else (prev.value_raw if prev else cur.value_raw), cur.unit)})"
        else:
            expl = (f"{row.kind} '{name}'은(는) {cur_label} {t_cur}"
                    + (f"로 {prev.column} {t_prev} 대비 " if t_prev else "로 ") + ", ".join(parts)
                    + " 변동했습니다.")
            sev = _severity_change(amount, pct, s)
            shown = pct_rec.value_raw if pct_rec is not None else amt_rec.value_raw  # type: ignore[union-attr]
            kind_txt = "" if name.startswith(row.kind or "") else f"{row.kind} "
            title = (f"{name}: {kind_txt}{row.year - 1}→{row.year} {shown} "
                     f"({_with_unit(prev.value_raw, prev.unit) + ' → ' if prev else ''}{_with_unit(cur.value_raw, cur.unit)})")
        expl += f" ({row.table_title} 표)"
        prev_txt = _with_unit(prev.value_raw, prev.unit) if prev is not None else "전년도"
        q = [f"'{name}' {row.kind}예산이 {prev_txt}에서 {_with_unit(cur.value_raw, cur.unit)}(으)로 바뀐 구체적인 사유는 무엇입니까?",
             f"'{name}'의 변동에 따라 사업 범위나 성과 목표가 어떻게 달라졌는지 설명해 주십시오."]
        out.append(Finding("yoy_change", sev, _dept(row), title, expl, figs, cites.items, q,
                           _fid("yoy_change", row.doc, row.line, row.name.full), (row.doc,)))
    return out


def _match(row: _Row, candidates: list[_Row], role: str = "cur") -> _Row | None:
    """The candidate row that is the same item (same kind and department); when candidates with different `role`
    values match, only an exact name with a compatible parent counts, and a remaining ambiguity gives None."""
    same = [c for c in candidates if c.kind == row.kind and _dept(c) == _dept(row) and c.name.same_item(row.name)]

    def distinct(rows: list[_Row]) -> int:
        return len({c.cells[role].value_raw if role in c.cells else c.line for c in rows})

    if distinct(same) > 1:
        same = [c for c in same if c.name.full == row.name.full and (not c.parent or not row.parent or c.parent == row.parent)]
        if distinct(same) > 1:
            return None
    return same[0] if same else None


def _year_pairs(ctx: _Ctx) -> list[tuple[str, str]]:
    """(older doc, newer doc) pairs of consecutive report years."""
    docs = ctx.docs_by_year()
    return [(a, b) for a in docs for b in docs if ctx.doc_year[b] == ctx.doc_year[a] + 1]


def _project_rows(ctx: _Ctx, doc: str) -> list[_Row]:
    best: dict[tuple[str, str], _Row] = {}
    for r in ctx.rows:
        if r.doc != doc or r.kind != "세출" or "cur" not in r.cells or _is_aggregate(r, ctx.rows_by_table, ctx.departments):
            continue
        key = (_dept(r), r.name.full)
        if key not in best or len(r.cells) > len(best[key].cells):
            best[key] = r
    return list(best.values())


def _cross_changes(ctx: _Ctx) -> list[Finding]:
    """Project lines without a printed comparison: match the item in the previous year's report."""
    s = ctx.s
    out: list[Finding] = []
    for old_doc, new_doc in _year_pairs(ctx):
        olds = _project_rows(ctx, old_doc)
        for row in _project_rows(ctx, new_doc):
            if "prev" in row.cells or "chg_amt" in row.cells or "chg_pct" in row.cells:
                continue
            old = _match(row, olds)
            if old is None:
                continue
            a, b = old.cells["cur"], row.cells["cur"]
            if a.value is None or b.value is None:
                continue
            ak, bk = _to_cheonwon(a.value, a.unit), _to_cheonwon(b.value, b.unit)
            diff = bk - ak
            pct = (diff / ak * 100) if ak else None
            big_amt = abs(diff) >= s.change_amount
            big_pct = pct is not None and abs(pct) >= s.change_pct and max(ak, bk) >= s.min_budget
            if not (big_amt or big_pct):
                continue
            cites, figs = _Cites(ctx), []
            t_old = _cited(a, cites, f"{old.year} {a.column} ({old.year}년 보고서)", figs)
            t_new = _cited(b, cites, f"{row.year} {b.column}", figs)
            t_diff = _fmt_num(diff) + "천원"
            figs.append(_fig("증감액(계산)", _fmt_num(diff), "천원", None))
            t_pct = ""
            if pct is not None:
                t_pct = f", {_fmt_num(pct, 1)}%"
                figs.append(_fig("증감률(계산)", _fmt_num(pct, 1), "%", None))
            old_as_of = a.as_of or ctx.doc_as_of.get(old_doc) or ""
            expl = (f"{_dept(row)} '{row.display}' 사업의 예산현액은 {old.year}년 보고서({old_as_of} 기준) {t_old}에서 "
                    f"{row.year}년 보고서 {t_new}(으)로 {t_diff}{t_pct}(계산값) 변동했습니다. "
                    f"두 보고서의 기준일이 달라 추경·이월이 반영되지 않았을 수 있습니다.")
            q = [f"'{row.display}' 예산이 {_with_unit(a.value_raw, a.unit)}에서 {_with_unit(b.value_raw, b.unit)}(으)로 "
                 f"{t_diff} 변동한 사유는 무엇입니까?",
                 f"'{row.display}'의 {old.year}년 최종 집행 실적과 불용액은 얼마이며, {row.year}년 예산 산정에 어떻게 반영했습니까?"]
            out.append(Finding("yoy_change", _severity_change(diff, pct, s), _dept(row),
                               f"{row.display}: {_with_unit(a.value_raw, a.unit)} → {_with_unit(b.value_raw, b.unit)} ({t_diff})",
                               expl, figs, cites.items, q, _fid("yoy_change", old_doc, new_doc, row.name.full), (old_doc, new_doc)))
    return out


# --- account changes --------------------------------------------------------------------------------
def _account_changes(ctx: _Ctx) -> list[Finding]:
    out: list[Finding] = []
    # (a) printed 회계 변경 flags: pair the two rows of the same item in one table
    flagged: dict[tuple[str, str], list[_Row]] = {}
    for row in ctx.rows:
        if any(r.flag == "회계 변경" for r in row.cells.values()):
            flagged.setdefault((row.doc, row.table_id), []).append(row)
    for (doc, _tid), rows in flagged.items():
        used: set[int] = set()
        for i, a in enumerate(rows):
            if i in used:
                continue
            partner = next((j for j in range(i + 1, len(rows)) if j not in used and rows[j].name.same_item(a.name)), None)
            pair = [a] if partner is None else [a, rows[partner]]
            used.update({i} | ({partner} if partner is not None else set()))
            src = next((r for r in pair if r.cells.get("prev") is not None and r.cells["prev"].value), None)
            dst = next((r for r in pair if r.cells.get("cur") is not None and r.cells["cur"].value), None)
            cites, figs = _Cites(ctx), []
            bits = []
            if src is not None:
                p = src.cells["prev"]
                bits.append(f"{_parent_label(src)}({p.column} {_cited(p, cites, p.column, figs)})")
            if dst is not None:
                c = dst.cells["cur"]
                bits.append(f"{_parent_label(dst)}({c.column} {_cited(c, cites, c.column, figs)})")
            marks = []
            for r in pair:
                flag = next(rec for rec in r.cells.values() if rec.flag == "회계 변경")
                marks.append(f"[{cites.cell(flag)}]")
                figs.append(_fig("증감 표기", flag.value_raw, None, cites.cell(flag)))
            moved = (src or dst or a)
            amount_rec = (src.cells["prev"] if src else (dst.cells["cur"] if dst else None))
            amount_k = _to_cheonwon(amount_rec.value or 0.0, amount_rec.unit) if amount_rec else 0.0
            expl = (f"{moved.kind or ''} '{moved.display}' 항목이 {' → '.join(bits) if bits else '같은 표 안에서'}(으)로 "
                    f"옮겨졌고, 증감란에는 '회계 변경'{''.join(marks)}으로 표기되어 있습니다.")
            from_to = f"{_parent_label(src) if src else '?'} → {_parent_label(dst) if dst else '?'}"
            q = [f"'{moved.display}'의 재원이 {from_to}(으)로 변경된 사유와 근거 법령·지침은 무엇입니까?",
                 f"회계 변경에 따라 '{moved.display}' 사업의 국비·시비 분담 구조와 집행 절차가 어떻게 달라졌습니까?"]
            out.append(Finding("account_change", "high" if amount_k >= ctx.s.change_amount else "medium", _dept(moved),
                               f"{moved.display}: {from_to} (회계 변경)", expl, figs, cites.items, q,
                               _fid("account_change", doc, moved.line, moved.name.full), (doc,)))
    # (b) the same project line under a different account in consecutive reports
    for old_doc, new_doc in _year_pairs(ctx):
        olds = [r for r in _project_rows(ctx, old_doc) if _account_of(r)]
        for row in _project_rows(ctx, new_doc):
            acc_new = _account_of(row)
            old = _match(row, olds) if acc_new else None
            if old is None or acc_new is None:
                continue
            acc_old = _account_of(old)
            if acc_old is None or not _accounts_differ(acc_old, acc_new):
                continue
            a, b = old.cells["cur"], row.cells["cur"]
            cites, figs = _Cites(ctx), []
            t_a = _cited(a, cites, f"{old.year} {a.column}", figs)
            t_b = _cited(b, cites, f"{row.year} {b.column}", figs)
            acc_a, acc_b = _account_label(old), _account_label(row)
            expl = (f"{_dept(row)} '{row.display}' 사업이 {old.year}년 보고서에서는 {acc_a} {t_a}, {row.year}년 보고서에서는 "
                    f"{acc_b} {t_b}로 편성되어 회계가 바뀌었습니다.")
            q = [f"'{row.display}' 사업이 {acc_a}에서 {acc_b}(으)로 옮겨진 사유와 근거는 무엇입니까?",
                 f"회계 변경 후 '{row.display}' 예산 {_with_unit(b.value_raw, b.unit)}의 집행 계획과 현재 집행 실적은 어떻습니까?"]
            amount_k = _to_cheonwon(b.value or 0.0, b.unit)
            out.append(Finding("account_change", "high" if amount_k >= ctx.s.change_amount else "medium", _dept(row),
                               f"{row.display}: {acc_a} → {acc_b} ({_with_unit(b.value_raw, b.unit)})", expl, figs,
                               cites.items, q, _fid("account_change", old_doc, new_doc, row.name.full), (old_doc, new_doc)))
    return out


def _parent_label(row: _Row) -> str:
    return _NUM_PREFIX.sub("", row.row_path[-2]).strip() if len(row.row_path) > 1 else "(상위 항목 없음)"


def _account_label(row: _Row) -> str:
    for label in reversed(row.row_path[:-1]):
        if _account_class(label) is not None:
            return _fix_slips(_NUM_PREFIX.sub("", label).strip()).replace("기계", "회계")
    return "(회계 미상)"


# --- inconsistencies --------------------------------------------------------------------------------
def _inconsistencies_within(ctx: _Ctx) -> list[Finding]:
    out: list[Finding] = []
    done: set[tuple[str, ...]] = set()
    by_doc: dict[str, list[_Row]] = {}
    for r in ctx.rows:
        if r.kind:
            by_doc.setdefault(r.doc, []).append(r)
    for doc, rows in by_doc.items():
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if a.table_id == b.table_id or a.kind != b.kind or _dept(a) != _dept(b) or a.name.full != b.name.full:
                    continue
                if a.parent and b.parent and a.parent != b.parent:
                    continue
                for role in ("cur", "prev"):
                    ra, rb = a.cells.get(role), b.cells.get(role)
                    if ra is None or rb is None or ra.value is None or rb.value is None:
                        continue
                    if _to_cheonwon(ra.value, ra.unit) == _to_cheonwon(rb.value, rb.unit):
                        continue
                    key = (doc, a.kind or "", _dept(a), a.name.full, role, *sorted((ra.value_raw, rb.value_raw)))
                    if key in done:
                        continue
                    done.add(key)
                    cites, figs = _Cites(ctx), []
                    t_a = _cited(ra, cites, f"{ra.column} ({a.table_title})", figs)
                    t_b = _cited(rb, cites, f"{rb.column} ({b.table_title})", figs)
                    diff = _to_cheonwon(rb.value, rb.unit) - _to_cheonwon(ra.value, ra.unit)
                    figs.append(_fig("차이(계산)", _fmt_num(abs(diff)), "천원", None))
                    expl = (f"같은 보고서 안에서 {a.kind} '{a.display}'의 {ra.column}이(가) {a.table_title} 표에는 {t_a}, "
                            f"{b.table_title} 표에는 {t_b}로 서로 다르게 적혀 있습니다(차이 {_fmt_num(abs(diff))}천원, 계산값).")
                    q = [f"'{a.display}' {ra.column}이(가) {a.table_title}에는 {_with_unit(ra.value_raw, ra.unit)}, "
                         f"{b.table_title}에는 {_with_unit(rb.value_raw, rb.unit)}로 다르게 기재된 사유는 무엇이며, 어느 수치가 정확합니까?",
                         f"보고서 수치 검증 절차에서 이 불일치가 걸러지지 않은 이유와 재발 방지 대책은 무엇입니까?"]
                    out.append(Finding("inconsistency", "high", _dept(a),
                                       f"{a.display}: {_with_unit(ra.value_raw, ra.unit)} vs {_with_unit(rb.value_raw, rb.unit)} (같은 보고서)",
                                       expl, figs, cites.items, q, _fid("inconsistency", *key), (doc,)))
    return out


def _inconsistencies_across(ctx: _Ctx) -> list[Finding]:
    """The old report's own-year 예산현액 against the new report's previous-year 최종예산 column."""
    s = ctx.s
    out: list[Finding] = []
    for old_doc, new_doc in _year_pairs(ctx):
        olds = [r for r in ctx.rows if r.doc == old_doc and r.kind and "cur" in r.cells]
        news = [r for r in ctx.rows if r.doc == new_doc and r.kind and "prev" in r.cells]
        done: set[tuple[str, ...]] = set()
        for row in ctx.rows:
            if row.doc != new_doc or not row.kind or "prev" not in row.cells:
                continue
            old = _match(row, olds)
            back = _match(old, news, "prev") if old is not None else None
            if back is None or back.cells["prev"].value_raw != row.cells["prev"].value_raw:
                continue  # the old line matches several new lines (e.g. one total split in two): ambiguous
            a, b = old.cells["cur"], row.cells["prev"]
            if a.value is None or b.value is None:
                continue
            ak, bk = _to_cheonwon(a.value, a.unit), _to_cheonwon(b.value, b.unit)
            if ak == bk:
                continue
            key = (row.kind or "", _dept(row), row.name.base, a.value_raw, b.value_raw)
            if key in done:
                continue
            done.add(key)
            cites, figs = _Cites(ctx), []
            old_as_of = a.as_of or ctx.doc_as_of.get(old_doc) or ""
            t_a = _cited(a, cites, f"{old.year} {a.column} ({old.year}년 보고서)", figs)
            t_b = _cited(b, cites, f"{b.column} ({row.year}년 보고서)", figs)
            diff = bk - ak
            figs.append(_fig("차이(계산)", _fmt_num(diff), "천원", None))
            expl = (f"{row.kind} '{row.display}'의 {old.year}년 예산이 {old.year}년 보고서({old_as_of} 기준)에는 예산현액 {t_a}, "
                    f"{row.year}년 보고서에는 {b.column} {t_b}로 적혀 {_fmt_num(diff)}천원(계산값) 차이가 납니다. "
                    f"추경·이월·전용 등으로 설명되는지 확인이 필요합니다.")
            q = [f"'{row.display}'의 {old.year}년 예산이 {_with_unit(a.value_raw, a.unit)}에서 최종 {_with_unit(b.value_raw, b.unit)}(으)로 "
                 f"{_fmt_num(diff)}천원 달라진 경위(추경, 이월, 전용 등)를 설명해 주십시오."]
            sev = "medium" if abs(diff) >= s.change_amount else "low"
            out.append(Finding("inconsistency", sev, _dept(row),
                               f"{row.display}: {old.year}년 예산 {_with_unit(a.value_raw, a.unit)} vs {_with_unit(b.value_raw, b.unit)} (보고서 간)",
                               expl, figs, cites.items, q, _fid("inconsistency", old_doc, new_doc, *key), (old_doc, new_doc)))
    return out


_SUM_ROLES = {"cur": "예산", "prev": "전년도 예산", "amt_commit": "원인행위액"}


def _inconsistencies_sums(ctx: _Ctx) -> list[Finding]:
    """A parent row whose amount differs from the sum of its child rows (beyond rounding of one unit per child).

    Skipped when a child prints the parent's own amount: then the other 'children' are mis-nested grandchildren
    (a numbering slip such as `2-2-2)` under `2)`), not a second part of the total."""
    out: list[Finding] = []
    for (_doc, _tid), rows in ctx.rows_by_table.items():
        for parent in rows:
            n = len(parent.row_path)
            kids = [o for o in rows if len(o.row_path) == n + 1 and o.row_path[:n] == parent.row_path]
            if len(kids) < 2:
                continue
            for role, what in _SUM_ROLES.items():
                p = parent.cells.get(role)
                if p is None or p.value is None:
                    continue
                cells = [k.cells.get(role) for k in kids]
                if any(c is None or (c.value is None and c.flag != "-") for c in cells):
                    continue
                vals = [c.value or 0.0 for c in cells]  # type: ignore[union-attr]
                total = sum(vals)
                diff = total - p.value
                if abs(diff) <= len(kids) or any(v == p.value for v in vals):
                    continue
                cites, figs = _Cites(ctx), []
                t_p = _cited(p, cites, f"{p.column} (상위 행)", figs)
                parts = [f"'{k.display}' {_cited(c, cites, f'{c.column} (하위 행)', figs)}"  # type: ignore[arg-type]
                         for k, c in zip(kids, cells)]
                unit = p.unit or ""
                figs.append(_fig("하위 행 합계(계산)", _fmt_num(total), unit, None))
                figs.append(_fig("차이(계산)", _fmt_num(abs(diff)), unit, None))
                expl = (f"{parent.table_title} 표에서 {parent.kind or ''} '{parent.display}'의 {p.column}은(는) {t_p}이지만, "
                        f"하위 행 {len(kids)}개({', '.join(parts)})의 합은 {_fmt_num(total)}{unit}(계산값)로 상위 행보다 "
                        f"{_fmt_num(abs(diff))}{unit}(계산값) {'많습니다' if diff > 0 else '적습니다'}.")
                q = [f"'{parent.display}' {p.column} {_with_unit(p.value_raw, p.unit)}와 하위 항목 합계 {_fmt_num(total)}{unit}가 "
                     f"다른 사유는 무엇이며, 어느 쪽이 정확합니까?"]
                big = abs(_to_cheonwon(diff, p.unit)) >= ctx.s.change_amount
                out.append(Finding("inconsistency", "high" if big else "medium", _dept(parent),
                                   f"{parent.display}: {what} {_with_unit(p.value_raw, p.unit)} ≠ 하위 합 {_fmt_num(total)}{unit}",
                                   expl, figs, cites.items, q, _fid("inconsistency", parent.doc, parent.line, role, "sum"),
                                   (parent.doc,)))
    return out


_BUDGET_TEXT = re.compile(r"(사업예산|소요예산|사업비|총사업비)\)?\s*[:：]?\s*(\d[\d,]*(?:\.\d+)?)\s*(백만원|천원|억원)")
_PART = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([가-힣A-Za-z%]*)")


def _num(raw: str) -> float:
    return float(raw.replace(",", ""))


def _inconsistencies_text(ctx: _Ctx) -> list[Finding]:
    """A budget stated in a section's text against its table, and a total against its stated parts."""
    out: list[Finding] = []
    recs_by_doc: dict[str, list[TableRecord]] = {}
    for rec in ctx.data.all_records():
        recs_by_doc.setdefault(rec.doc, []).append(rec)
    for doc in ctx.docs_by_year():
        lines = ctx.lines(doc)
        for ln, text in enumerate(lines, 1):
            m = _BUDGET_TEXT.search(text)
            if not m:
                continue
            inner = ctx.section_obj_at(doc, ln)
            if inner is None:
                continue
            sec = ctx.project_section(inner)
            total_raw, unit = m.group(2), m.group(3)
            total = _num(total_raw)
            dept = sec.department or inner.department or BUREAU
            year = ctx.doc_year.get(doc)
            in_section = [r for r in recs_by_doc.get(doc, []) if sec.line_start <= r.line <= sec.line_end]
            if sum(1 for t in lines[sec.line_start - 1: sec.line_end] if _BUDGET_TEXT.search(t)) > 1:
                in_section = []  # a section with several projects' budgets: no one table belongs to this one
            # (1) the section's own table: a budget row/column for the report year
            for rec in in_section:
                if rec.value is None or year is None:
                    continue
                head = _compact(" ".join(rec.row_path) + " " + rec.column)
                if str(year) not in _compact(rec.column) + _compact(" ".join(rec.row_path)):
                    continue
                if not re.search(r"사업비|예산", head):
                    continue
                rec_unit = rec.unit or ("백만원" if "백만원" in head else "천원" if "천원" in head else None)
                if rec_unit is None or _to_cheonwon(rec.value, rec_unit) == _to_cheonwon(total, unit):
                    continue
                cites, figs = _Cites(ctx), []
                n = cites.line(doc, ln, total_raw, inner.path_text)
                figs.append(_fig(f"{m.group(1)}(본문)", total_raw, unit, n))
                t_tab = _cited(rec, cites, f"{rec.row_path_text} {rec.column}", figs)
                label = _section_label(sec)
                expl = (f"'{label}' 본문에는 {m.group(1)}이(가) {total_raw}{unit}[{n}]으로 적혀 있으나, 같은 절의 표에는 "
                        f"{year}년 {rec.row_path[-1] if rec.row_path else ''} {t_tab}로 적혀 있어 서로 다릅니다.")
                q = [f"'{label}'의 {year}년 예산이 본문에는 {total_raw}{unit}, 표에는 {_with_unit(rec.value_raw, rec_unit)}로 "
                     f"다르게 적힌 사유는 무엇이며 정확한 금액은 얼마입니까?"]
                out.append(Finding("inconsistency", "high", dept, f"{label}: 본문 {total_raw}{unit} vs 표 {_with_unit(rec.value_raw, rec_unit)}",
                                   expl, figs, cites.items, q, _fid("inconsistency", doc, ln, rec.line), (doc,)))
            # (2) the parts listed in parentheses right after the total
            rest = text[m.end():]
            pm = re.match(r"\s*\(([^()]*)\)", rest)
            if not pm:
                continue
            parts: list[str] = []
            for num, suffix in _PART.findall(pm.group(1)):
                if suffix and not suffix.startswith(unit) and suffix not in {"", ","}:
                    parts = []
                    break
                parts.append(num)
            if len(parts) < 2:
                continue
            total_parts = sum(_num(p) for p in parts)
            if abs(total_parts - total) < 1e-9:
                continue
            cites, figs = _Cites(ctx), []
            n = cites.line(doc, ln, total_raw, inner.path_text)
            figs.append(_fig(f"{m.group(1)}(합계)", total_raw, unit, n))
            marked = []
            for p in parts:
                k = cites.line(doc, ln, p, inner.path_text)
                figs.append(_fig("세부 금액", p, unit, k))
                marked.append(f"{p}[{k}]")
            figs.append(_fig("세부 금액 합(계산)", _fmt_num(total_parts), unit, None))
            label = _section_label(sec)
            expl = (f"'{label}' 본문의 {m.group(1)} {total_raw}{unit}[{n}]은 괄호 안 세부 금액 "
                    f"{' + '.join(marked)}의 합 {_fmt_num(total_parts)}{unit}(계산값)과 맞지 않습니다.")
            q = [f"'{label}'의 {m.group(1)} {total_raw}{unit}와 세부 내역 합계 {_fmt_num(total_parts)}{unit}의 차이는 어디에 쓰입니까?"]
            out.append(Finding("inconsistency", "medium", dept, f"{label}: 합계 {total_raw}{unit} ≠ 세부 합 {_fmt_num(total_parts)}{unit}",
                               expl, figs, cites.items, q, _fid("inconsistency", doc, ln, "parts"), (doc,)))
    return out


def _section_label(sec: Section) -> str:
    title = re.sub(r"\s*\([^()]*\)\s*$", "", sec.title).strip()
    return _NUM_PREFIX.sub("", title).strip() or title


# --- open audit demands -----------------------------------------------------------------------------
_AUDIT_SECTION = re.compile(r"행정\s*사무\s*감사\s*처리\s*결과")
_AUDIT_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:년도?)?\s*행정\s*사무\s*감사")
_STATUS = re.compile(r"추진\s*상황\s*[:：]\s*([가-힣]+)")
_OPEN = {"추진중", "검토중"}
_SPECIFIC_SHARE = 0.035  # a noun on more than 3.5% of the searched report's lines is too generic to tie two texts
_RARE_SHARE = 0.01
_DEMAND_DEPT = re.compile(r"\(([^()]+)\)\s*$")
_STOP = {"필요", "방안", "대책", "추진", "사업", "서울시", "서울", "개선", "마련", "운영", "관련", "확대", "강화", "예산",
         "계획", "점검", "대하", "위하", "노력", "검토", "요구", "사항", "조치", "결과", "이상", "정도", "차원", "측면",
         "근본", "바람", "구체", "적극", "시민", "시", "것", "등", "수", "때", "중", "바", "이", "그", "해당", "보다"}


@dataclass(frozen=True)
class Demand:
    doc: str
    line: int
    text: str  # the demand, HTML stripped, without the leading ○ and the department
    department: str
    status: str
    category: str  # "시정·처리 요구" | "건의" | "기타"
    section: str
    audit_year: int | None = None  # the year of the audit, from the section title ("V. 2024 행정사무감사 처리결과")


def parse_demands(data: _DataLike) -> list[Demand]:
    """Rows of every '… 행정사무감사 처리결과' section: demand text, department, status and category."""
    out: list[Demand] = []
    roots = [s for s in data.sections if _AUDIT_SECTION.search(s.title)]
    for sec in roots:
        lines = data.lines(sec.doc)
        category = "시정·처리 요구"
        for ln in range(sec.line_start, min(sec.line_end, len(lines)) + 1):
            raw = lines[ln - 1]
            cells = raw.split("\t")
            first = _strip_html(cells[0])
            if "○" not in first:
                head = _compact(first)
                if "요구" in head and len(head) < 20:
                    category = "시정·처리 요구"
                elif "건의" in head and len(head) < 20:
                    category = "건의"
                elif ("기타" in head or "자료제출" in head) and len(head) < 20:
                    category = "기타"
                continue
            sm = _STATUS.search(_strip_html(raw))
            if not sm:
                continue
            body = first.split("○", 1)[1].strip()
            dm = _DEMAND_DEPT.search(body)
            dept = dm.group(1).strip() if dm else (sec.department or BUREAU)
            if dm:
                body = body[: dm.start()].strip()
            ym = _AUDIT_YEAR.search(sec.title)
            out.append(Demand(sec.doc, ln, body, dept, sm.group(1), category, sec.path_text,
                              int(ym.group(1)) if ym else None))
    return out


_NOUN_CACHE: dict[str, frozenset[str]] = {}
_NOUN_TAGS = {"NNG", "NNP", "SL", "SN"}


def _kiwi() -> Any:
    """The retrieval layer's shared Kiwi (one model per process, with the index's user words)."""
    from index.tokenize import get_kiwi

    return get_kiwi()


def _nouns_many(texts: list[str]) -> list[frozenset[str]]:
    """Key nouns (NNG/NNP/SL/SN, 2+ characters, not generic) of each text; new texts are analysed in one batch."""
    todo = [t for t in dict.fromkeys(texts) if t not in _NOUN_CACHE]
    if todo:
        for text, tokens in zip(todo, _kiwi().tokenize([_fix_slips(t) for t in todo])):
            _NOUN_CACHE[text] = frozenset(tok.form.lower() for tok in tokens
                                          if tok.tag in _NOUN_TAGS and len(tok.form) >= 2 and tok.form not in _STOP)
    return [_NOUN_CACHE[t] for t in texts]


def _nouns(text: str) -> frozenset[str]:
    return _nouns_many([text])[0]


def _noun_df(ctx: _Ctx, doc: str) -> tuple[dict[str, int], int]:
    """Document frequency of each key noun over the non-empty lines of `doc` (the report searched), and their count."""
    if doc not in ctx.noun_df:
        texts = [_strip_html(line) for line in ctx.lines(doc) if line.strip()]
        df: dict[str, int] = {}
        for nouns in _nouns_many(texts):
            for w in nouns:
                df[w] = df.get(w, 0) + 1
        ctx.noun_df[doc] = (df, len(texts))
    return ctx.noun_df[doc]


def _topic_score(ctx: _Ctx, doc: str, key: frozenset[str], line: str,
                 need_rare: bool) -> tuple[float, frozenset[str]] | None:
    """Shared-noun score (sum of IDF) of a line against a demand, or None unless ≥ 2 shared nouns are specific
    (and, when `need_rare`, one of them is rare).

    A noun is specific when it occurs on at most `_SPECIFIC_SHARE` of the report's non-empty lines (at least 5),
    rare at most `_RARE_SHARE` (at least 3), so generic words of the bureau ('정보', '시스템', '서비스') never make
    two texts 'about the same topic'."""
    df, n = _noun_df(ctx, doc)
    shared = key & _nouns(_strip_html(line))
    limit = max(5, _SPECIFIC_SHARE * n)
    specific = [w for w in shared if df.get(w, 0) <= limit]
    rare = [w for w in shared if df.get(w, 0) <= max(3, _RARE_SHARE * n)]
    if len(specific) < 2 or (need_rare and not rare):
        return None
    return sum(math.log((n + 1) / (1 + df.get(w, 0))) for w in shared), frozenset(shared)


def _later_mention(ctx: _Ctx, index: Any, demand: Demand, newer: str) -> tuple[int, frozenset[str]] | None:
    """The newer report's line about the demand's topic: the best line of the best-ranked retrieved chunk that
    shares ≥ 2 specific key nouns with the demand; without a retriever, the best line of the report that also
    shares a rare noun."""
    units = {_compact(d).lower() for d in ctx.departments | {demand.department}}
    key = frozenset(w for w in _nouns(demand.text) if _compact(w) not in units)  # a unit's name is no topic
    if len(key) < 2:
        return None
    lines = ctx.lines(newer)
    groups: list[list[int]] = []
    search = getattr(index, "search", None)
    ranked = callable(search)  # retrieval ranks chunks by topic; a plain scan needs the stricter rare-noun test
    if ranked:
        from index.search import Filters

        for h in search(demand.text, k=10, filters=Filters(doc=newer)):
            ch = h.chunk
            if ch.doc == newer:
                groups.append(list(ch.lines or range(ch.line_start, ch.line_end + 1)))
    else:  # no retriever (plain IndexData): the whole report is one candidate group
        groups.append(list(range(1, len(lines) + 1)))
    lengths = sorted(len(_strip_html(t)) for t in lines if t.strip())
    too_long = 4 * lengths[len(lengths) // 2] if lengths else 0  # a line far longer than usual lists many topics
    for group in groups:
        best: tuple[float, int, frozenset[str]] | None = None
        for ln in dict.fromkeys(group):
            if not (0 < ln <= len(lines)) or not lines[ln - 1].strip() or len(_strip_html(lines[ln - 1])) > too_long:
                continue
            scored = _topic_score(ctx, newer, key, lines[ln - 1], need_rare=not ranked)
            if scored is not None and (best is None or scored[0] > best[0]):
                best = (scored[0], ln, scored[1])
        if best is not None:
            return best[1], best[2]
    return None


def _open_demands(ctx: _Ctx, index: Any) -> list[Finding]:
    out: list[Finding] = []
    demands = parse_demands(ctx.data)
    for d in demands:
        if _compact(d.status) not in _OPEN:
            continue
        year = ctx.doc_year.get(d.doc, 0)
        newer = [doc for doc in ctx.docs_by_year() if ctx.doc_year[doc] > year]
        cites, figs = _Cites(ctx), []
        n = cites.line(d.doc, d.line, d.status, d.section)
        figs.append(_fig("추진상황", d.status, "", n))
        expl = (f"{ctx.doc_year.get(d.doc, '')}년 보고서의 행정사무감사 처리결과에서 {d.department} 소관 {d.category} 사항 "
                f"'{d.text}'의 추진상황이 '{d.status}'[{n}]으로 아직 완료되지 않았습니다.")
        mention = None
        if newer:
            mention = _later_mention(ctx, index, d, newer[-1])
        if mention is not None:
            ln, shared = mention
            m = cites.line(newer[-1], ln, None)
            snippet = _strip_html(ctx.lines(newer[-1])[ln - 1])
            snippet = snippet if len(snippet) <= 120 else snippet[:120] + "…"
            expl += (f" {ctx.doc_year[newer[-1]]}년 보고서에서 관련 후보로 찾은 문장은 '{snippet}'[{m}]입니다"
                     f"(공통 핵심어: {', '.join(sorted(shared))}; 같은 사안인지 확인이 필요합니다).")
        elif newer:
            expl += f" {ctx.doc_year[newer[-1]]}년 보고서에서는 같은 주제의 후속 언급을 찾지 못했습니다."
        short = d.text if len(d.text) <= 60 else d.text[:60] + "…"
        which = f"{d.audit_year}년 행정사무감사" if d.audit_year else "지난 행정사무감사"
        q = [f"{which}에서 요구한 '{short}' 사항이 아직 '{d.status}' 상태인 사유는 무엇이며, 완료 예정 시기는 언제입니까?"]
        if mention is not None:
            q.append(f"최근 보고서에 적힌 관련 추진 내용이 이 요구사항의 조치로서 충분한지, 남은 과제는 무엇인지 설명해 주십시오.")
        else:
            q.append(f"최근 업무보고에 이 요구사항의 후속 조치가 보고되지 않은 이유는 무엇입니까?")
        sev = {"시정·처리 요구": "high", "건의": "medium"}.get(d.category, "low")
        out.append(Finding("open_demand", sev, d.department, f"{short} ({d.status})", expl, figs, cites.items, q,
                           _fid("open_demand", d.doc, d.line), (d.doc,) + ((newer[-1],) if mention else ())))
    return out


# --- questions via an optional LLM ------------------------------------------------------------------
def _llm_questions(findings: list[Finding]) -> None:
    """Replace template questions with the LLM's when a backend is configured and the verifier accepts them."""
    if not findings or int(_settings.get("audit_llm_max_findings")) <= 0:
        return
    from app.llm import LLMError, get_backend

    try:
        backend = get_backend()
    except LLMError as e:
        log.warning("LLM backend unavailable for audit questions (%s); keeping the template questions", e)
        return
    if backend is None:
        return
    from app.verify import verify_answer

    system = ("당신은 서울시의회 행정사무감사를 준비하는 보좌관입니다. 주어진 지적사항에 대해 시의원이 물을 질문을 "
              "1~3개, 한 줄에 하나씩 한국어로 쓰십시오. 설명에 있는 수치만 그대로 쓰고 [n] 표시를 붙이며, 새 수치를 만들지 마십시오.")
    limit = int(_settings.get("audit_llm_max_findings"))
    order = {k: i for i, k in enumerate(SEVERITIES)}
    for f in sorted(findings, key=lambda f: order.get(f.severity, 9))[:max(0, limit)]:
        try:
            text = backend.complete(system, f.explanation)
        except LLMError as e:
            log.warning("LLM audit questions failed for %s (%s); keeping the template questions", f.finding_id, e)
            continue
        qs = [re.sub(r"^\s*(?:\d+[.)]|[-•*])\s*", "", q).strip() for q in text.splitlines() if q.strip()][:3]
        if not qs:
            continue
        result = verify_answer("\n".join(qs), f.citations, f.explanation)
        if result.ok and not result.abstained:
            f.questions = qs
        else:
            log.info("LLM audit questions rejected for %s: %s", f.finding_id, "; ".join(result.reasons))


# --- public API -------------------------------------------------------------------------------------
def find_findings(index: Any, *, doc: str | None = None, department: str | None = None,
                  settings: AuditSettings | dict[str, Any] | None = None) -> list[Finding]:
    """All findings of the index (an `index.api.Index`, or an `IndexData` without retrieval), filtered.

    `doc` keeps findings that draw on that document; `department` keeps that department's findings.
    Raises `AuditError` naming the known documents/departments when a filter matches none.
    """
    data = getattr(index, "data", index)
    s = settings if isinstance(settings, AuditSettings) else AuditSettings.from_settings(settings)
    ctx = _Ctx(data, s)
    if doc is not None and doc not in ctx.doc_year:
        by_year = [d for d, y in ctx.doc_year.items() if str(y) == str(doc).strip()]
        doc = by_year[0] if len(by_year) == 1 else doc
    if doc is not None and doc not in ctx.doc_year:
        raise AuditError(f"알 수 없는 문서입니다: {doc!r}. 가능한 문서: {', '.join(ctx.docs_by_year())} "
                         f"(또는 보고서 연도 {', '.join(str(ctx.doc_year[d]) for d in ctx.docs_by_year())})")
    findings = (_slow_execution(ctx) + _printed_changes(ctx) + _cross_changes(ctx) + _account_changes(ctx)
                + _inconsistencies_within(ctx) + _inconsistencies_sums(ctx) + _inconsistencies_across(ctx)
                + _inconsistencies_text(ctx)
                + _open_demands(ctx, index))
    if department is not None:
        known = known_departments(findings, ctx)
        want = _compact(department)
        if not any(_compact(k) == want for k in known):
            raise AuditError(f"알 수 없는 부서입니다: {department!r}. 가능한 부서: {', '.join(known)}")
        findings = [f for f in findings if _compact(f.department) == want]
    if doc is not None:
        findings = [f for f in findings if doc in f.docs]
    _llm_questions(findings)
    return findings


def known_departments(findings: list[Finding], ctx: _Ctx | None = None) -> list[str]:
    """Departments that findings or sections name, sorted, with BUREAU last."""
    names = {f.department for f in findings} | (ctx.departments if ctx else set())
    return sorted(n for n in names if n != BUREAU) + ([BUREAU] if BUREAU in names else [])


def _sorted_groups(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    order = {k: i for i, k in enumerate(SEVERITIES)}
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.department, []).append(f)
    keys = sorted(groups, key=lambda d: (d == BUREAU, d))
    return [(d, sorted(groups[d], key=lambda f: (order.get(f.severity, 9), KINDS.index(f.kind)))) for d in keys]


def _cite_text(c: Citation) -> str:
    where = f"{c.doc}:{c.line_start}" + (f"-{c.line_end}" if c.line_end != c.line_start else "")
    cell = " > ".join(x for x in (c.table, c.row_path, c.column) if x)
    return f"[{c.n}] {where}" + (f" ({cell})" if cell else "") + (f" = {c.value}" if c.value else "")


def _figure_text(f: dict[str, Any]) -> str:
    ref = f"[{f['cite']}]" if f.get("cite") else "(계산)"
    return f"{f['label']}: {_with_unit(f['value_raw'], f.get('unit'))}{ref}"


def to_markdown(findings: list[Finding]) -> str:
    """Markdown report grouped by department, high severity first."""
    if not findings:
        return "# 행정사무감사 준비 자료\n\n해당 조건에 맞는 지적사항이 없습니다.\n"
    out = ["# 행정사무감사 준비 자료", "", f"지적사항 {len(findings)}건 (부서별, 심각도 순)", ""]
    counts = {k: sum(1 for f in findings if f.kind == k) for k in KINDS}
    out.append(" · ".join(f"{KIND_LABELS[k]} {v}건" for k, v in counts.items() if v))
    out.append("")
    num = 0
    for dept, items in _sorted_groups(findings):
        out += [f"## {dept} ({len(items)}건)", ""]
        for f in items:
            num += 1
            out.append(f"### {num}. [{SEVERITY_LABELS.get(f.severity, f.severity)}] {KIND_LABELS[f.kind]} — {f.title}")
            out += ["", f.explanation, ""]
            if f.questions:
                out.append("**질문 초안**")
                out += [f"{i}. {q}" for i, q in enumerate(f.questions, 1)]
                out.append("")
            out.append("**근거**")
            quoted: set[tuple[str, int]] = set()
            for c in f.citations:
                out.append(f"- {_cite_text(c)}")
                if c.quote and (c.doc, c.line_start) not in quoted:  # each source line quoted once
                    quoted.add((c.doc, c.line_start))
                    text = _strip_html(c.quote.replace("\t", " | "))
                    out.append(f"  > {text if len(text) <= 300 else text[:300] + '…'}")
            out.append("")
    return "\n".join(out)


def _table_rows(findings: list[Finding]) -> list[list[str]]:
    rows = []
    num = 0
    for dept, items in _sorted_groups(findings):
        for f in items:
            num += 1
            rows.append([str(num), dept, KIND_LABELS[f.kind], f.kind, SEVERITY_LABELS.get(f.severity, f.severity), f.title,
                         f.explanation, "\n".join(_figure_text(x) for x in f.figures),
                         "\n".join(_cite_text(c) for c in f.citations),
                         "\n".join(f"{i}. {q}" for i, q in enumerate(f.questions, 1))])
    return rows


def to_csv(findings: list[Finding]) -> str:
    """CSV text, one row per finding; columns are `COLUMNS`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(_table_rows(findings))
    return buf.getvalue()


def to_xlsx(findings: list[Finding], path: Path) -> None:
    """Write an XLSX workbook: sheet '지적사항' (one row per finding) and sheet '근거' (one row per citation)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "지적사항"
    ws.append(list(COLUMNS))
    for row in _table_rows(findings):
        ws.append([int(row[0])] + row[1:])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.auto_filter.ref = ws.dimensions  # filter by department, kind, severity in Excel
    widths = {"A": 6, "B": 14, "C": 14, "D": 16, "E": 8, "F": 40, "G": 80, "H": 40, "I": 60, "J": 70}
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    for r in ws.iter_rows(min_row=2):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    cs = wb.create_sheet("근거")
    cs.append(["번호", "인용", "문서", "줄", "절", "표", "행", "열", "값", "원문"])
    num = 0
    for _dept_name, items in _sorted_groups(findings):
        for f in items:
            num += 1
            for c in f.citations:
                cs.append([num, c.n, c.doc, c.line_start, c.section, c.table or "", c.row_path or "", c.column or "",
                           c.value or "", c.quote])
    for cell in cs[1]:
        cell.font = Font(bold=True)
    cs.auto_filter.ref = cs.dimensions
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
