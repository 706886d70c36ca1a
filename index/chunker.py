"""Sections and tables → retrievable `Chunk`s.

- **Text chunks**: a section's own lines (its heading and body up to its first sub-section, table rows left out)
  are cut into blocks at top-level lines; indented sub-bullets (` - …`, ` ※ …`) and notes (`※`, `*`) stay with
  their parent line. Blocks are packed greedily up to `chunk_max_chars`. A heading with no body of its own (e.g.
  `4. 2026 세입 · 세출예산 세부현황` directly followed by `□ 세입예산 세부내역`) is carried into the next chunk.
- **Table chunks**: one per department block or at most `table_chunk_rows` rows; each repeats its header lines
  and its search text writes out every row's path with its column/value pairs
  (`데이터센터 > 일반회계 > 기본경비 예산현액 313,132 …`).
- Every chunk has a stable id `<doc key>:<line_start>-<line_end>:<kind>`, the original line numbers of its display
  text in `lines`, and `search_text` = breadcrumb (report title + section path) + normalised text.
"""
from __future__ import annotations

import re

from index import settings
from index.models import Chunk, Document, Section, TableRecord
from index.normalize import normalize_text, strip_html
from index.tables import Row, Table

settings.declare("chunk_max_chars", 800, "Largest text chunk in characters (a single longer line stays whole).")
settings.declare("table_chunk_rows", 15, "Most table rows in one table chunk (a department row also starts one).")

_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ATTACH = ("※", "*", "▶", "ㆍ", "·")


def display_line(line: str) -> str:
    """The display form of an original line: HTML tags stripped, otherwise verbatim."""
    return strip_html(line) if _HTML.search(line) else line.rstrip("\n")


def breadcrumb(doc: Document, sec: Section) -> str:
    """`2026년 현안 업무보고 > 3. 주요 현안업무 > 3.9. …` (the report title carries the year)."""
    path = [p for p in sec.path if p != doc.title]
    return " > ".join([doc.title] + path)


def _blocks(line_nos: list[int], lines: list[str], table_lines: set[int] = frozenset()) -> list[list[int]]:
    """Group a section's own non-empty lines into blocks that must not be split (never across a table)."""
    blocks: list[list[int]] = []
    for ln in line_nos:
        raw = lines[ln - 1]
        s = raw.strip()
        attach = raw.startswith((" ", "\t")) or s.startswith(_ATTACH)
        if blocks and any(k in table_lines for k in range(blocks[-1][-1] + 1, ln)):
            attach = False
        if blocks and attach:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    return blocks


def _chunk_id(doc_key: str, start: int, end: int, kind: str, used: set[str]) -> str:
    """Stable id from document, line range and kind (a numeric suffix only on a collision)."""
    cid = f"{doc_key}:{start}-{end}:{kind}"
    base, n = cid, 2
    while cid in used:
        cid = f"{base}#{n}"
        n += 1
    used.add(cid)
    return cid


_NUMBERED = re.compile(r"^(?:[IVX]+|\d+(?:[.-]\d+)*)\.\s")


def _container(sec: Section, by_id: dict[str, Section]) -> Section:
    """The nearest numbered (or top-level) section: `□`/`■` sub-heads are chunk boundaries inside it, not groups."""
    cur = sec
    while cur.parent_id and not _NUMBERED.match(cur.path[-1] if cur.path else ""):
        cur = by_id[cur.parent_id]
    return cur


def text_chunks(doc_key: str, doc: Document, lines: list[str], sections: list[Section], owners: list[Section],
                table_lines: set[int], used: set[str]) -> list[Chunk]:
    """Text chunks of every numbered section (own lines and `□` sub-sections; table rows excluded)."""
    max_chars = int(settings.get("chunk_max_chars"))
    min_chars = max_chars // 4
    by_id = {s.section_id: s for s in sections}
    heading_lines = {s.line_start for s in sections if s.level > 0}
    groups_by_container: dict[str, list[int]] = {}
    order: list[str] = []
    for i, line in enumerate(lines, start=1):
        if line.strip() and i not in table_lines:
            cid = _container(owners[i - 1], by_id).section_id
            if cid not in groups_by_container:
                groups_by_container[cid] = []
                order.append(cid)
            groups_by_container[cid].append(i)
    chunks: list[Chunk] = []
    pending: list[int] = []
    for cid in order:
        nos = groups_by_container[cid]
        if len(nos) == 1 and nos[0] in heading_lines:
            pending.append(nos[0])  # a heading without a body: joins the next chunk
            continue
        groups: list[list[int]] = []
        cur: list[int] = list(pending)
        cur_len = sum(len(lines[n - 1]) + 1 for n in cur)
        pending = []
        for block in _blocks(nos, lines, table_lines):
            blen = sum(len(lines[n - 1]) + 1 for n in block)
            boundary = block[0] in heading_lines
            gap = bool(cur) and any(k in table_lines for k in range(cur[-1] + 1, block[0]))
            if cur and (gap or (cur_len + blen > max_chars and cur_len >= 40) or (boundary and cur_len >= min_chars)):
                groups.append(cur)
                cur, cur_len = [], 0
            cur += block
            cur_len += blen
        if cur:
            groups.append(cur)
        for g in groups:
            first_body = next((n for n in g if n not in heading_lines), g[0])
            chunks.append(_text_chunk(doc_key, doc, lines, owners[first_body - 1], g, used))
    if pending:  # headings at the very end of a document
        chunks.append(_text_chunk(doc_key, doc, lines, owners[pending[0] - 1], pending, used))
    return chunks


def _text_chunk(doc_key: str, doc: Document, lines: list[str], sec: Section, nos: list[int], used: set[str]) -> Chunk:
    """One text chunk over the original lines `nos` (section: the owner of its first line)."""
    return Chunk(
        chunk_id=_chunk_id(doc_key, nos[0], nos[-1], "text", used), doc=doc.doc, year=doc.year,
        section_id=sec.section_id, section_path=sec.path, kind="text", line_start=nos[0], line_end=nos[-1],
        text="\n".join(display_line(lines[n - 1]) for n in nos),
        search_text=breadcrumb(doc, sec) + "\n" + normalize_text_lines(nos, lines), department=sec.department,
        lines=tuple(nos))


def normalize_text_lines(nos: list[int], lines: list[str]) -> str:
    """Normalised search text of some original lines."""
    return "\n".join(normalize_text(lines[n - 1]) for n in nos)


def _row_search(row: Row, records: dict[int, list[TableRecord]], label_cols: int) -> str:
    """`데이터센터 > 일반회계 > 기본경비 예산현액 313,132 원인행위액 51,327 …` for one row."""
    recs = records.get(row.line, [])
    if recs:
        parts: list[str] = []
        last_path = None
        for r in recs:
            if r.row_path != last_path:
                parts.append(r.row_path_text)
                last_path = r.row_path
            parts.append(f"{r.column} {r.value_raw}")
        return " ".join(parts)
    cells = [normalize_text(c) for c in row.cells if c.strip()]
    return " | ".join(c for c in cells if c)


def table_chunks(doc_key: str, doc: Document, lines: list[str], tables: list[Table], by_id: dict[str, Section],
                 used: set[str]) -> list[Chunk]:
    """Table chunks: header repeated, one department block or at most `table_chunk_rows` rows each."""
    max_rows = int(settings.get("table_chunk_rows"))
    max_chars = max(int(settings.get("chunk_max_chars")) * 2, 800)
    out: list[Chunk] = []
    for t in tables:
        sec = by_id[t.section_id]
        recs_by_line: dict[int, list[TableRecord]] = {}
        for r in t.records:
            recs_by_line.setdefault(r.line, []).append(r)
        crumb = breadcrumb(doc, sec)
        meta = " ".join(x for x in (t.title, f"(단위: {t.unit})" if t.unit else "", f"({t.as_of} 기준)" if t.as_of else "") if x)
        for si, seg in enumerate(t.segments):
            head = ([c for c in t.caption_lines if c < (seg.rows[0].line if seg.rows else 10**9)] if si == 0 else []) \
                + [h.line for h in seg.header]
            head = sorted(set(head))
            head_text = " | ".join(normalize_text(c) for h in seg.header for c in h.cells if c and c.strip("-: "))
            groups: list[list[Row]] = []
            cur: list[Row] = []
            cur_chars = 0
            for row in seg.rows:
                rlen = len(lines[row.line - 1])
                data_rows = sum(1 for r in cur if r.kind == "data")
                dept_change = bool(cur) and row.department != cur[-1].department and \
                    row.line not in recs_by_line and cur[-1].line not in recs_by_line  # text rows (audit tables)
                if cur and ((row.unit_row and data_rows >= 3) or len(cur) >= max_rows or cur_chars + rlen > max_chars
                            or dept_change):
                    groups.append(cur)
                    cur, cur_chars = [], 0
                cur.append(row)
                cur_chars += rlen
            if cur:
                groups.append(cur)
            if not groups:
                groups = [[]]
            for gi, g in enumerate(groups):
                row_lines = [r.line for r in g]
                nos = sorted(set(head + row_lines))
                first = nos[0] if gi == 0 else (row_lines[0] if row_lines else nos[0])
                last = nos[-1]
                depts = {r.department for r in g if r.department}
                dept = depts.pop() if len(depts) == 1 else sec.department
                search = "\n".join([crumb, meta, head_text] + [_row_search(r, recs_by_line, seg.label_cols) for r in g])
                out.append(Chunk(
                    chunk_id=_chunk_id(doc_key, first, last, "table", used), doc=doc.doc, year=doc.year,
                    section_id=t.section_id, section_path=sec.path, kind="table", line_start=first, line_end=last,
                    text="\n".join(display_line(lines[n - 1]) for n in nos), search_text=search,
                    department=dept, table_id=t.table_id, lines=tuple(nos)))
    return out


def uncovered_lines(lines: list[str], chunks: list[Chunk]) -> list[int]:
    """Non-empty lines that no chunk quotes (must be empty)."""
    covered: set[int] = set()
    for c in chunks:
        covered.update(c.lines)
    return [i for i, line in enumerate(lines, start=1) if line.strip() and i not in covered]
