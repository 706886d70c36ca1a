"""Section tree for both numbering styles of the bureau's reports.

Heading styles, by rank (a heading's parent is the nearest earlier heading of a lower rank):

| rank | style | examples |
| --- | --- | --- |
| 0 | Roman numeral, appendix marker | `III. 주요 추진 업무`, `참고` |
| 1 | number with a dot; first short line of an appendix | `3. 주요 현안업무`, `1. 세계를 선도하는 …`, `용 어 설 명` |
| 2 | `3.10.` decimal or `1-1.` dashed | `3.9. 디지털 재난 대비 …`, `4-4. 서울서베이 등 통계조사 추진` |
| 3 | `□` sub-head (and a bare line equal to a `□` title used elsewhere), `■` term, bare title line | `□ 사업개요`, `■ 챗봇 (Chatbot)`, `조직` |

A **bare title line** is a sub-head printed without `□`, as in the 2025 report's `I. 일반 현황`: `조직` / `인력` /
`부서별 주요업무` / `2025년도 세입·세출 예산현황`, each alone between blank lines and heading its own block (the 2026
report prints the same blocks as `□ 디지털도시국 조직 : …`). A line counts when it is 1–3 Hangul words (`·` inside a
word and a leading `2025년`/`2025년도` allowed, no other digits or signs, no sentence ending such as `다`/`함`/`음`),
has a blank line before and after, is followed by content (not by another heading or title line), sits directly in
a numbered section (`I.`, `3.`, `3.1.`, `1-1.`; not inside a `□`/`■` block, the front matter or an appendix), and has
at least one such sibling in the same numbered section (a lone short line is more likely a diagram label, e.g.
`목표` in the 2025 policy-goal chart).

Table-of-contents lines are not sections: bulleted entries (`- 3.1. …`) never match, and a numbered heading whose
number and title appear again later (the 2025 report lists `1-1. …` … `1-5. …` before the bodies) is treated as
body text of its parent. Owning departments come from a trailing `(디지털정책과)` in the title or on the next line,
or from a contact line such as `디지털정책과장 : 김숙희 ☎…` (→ `디지털정책과`); children inherit it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.models import Document, Section
from index.normalize import normalize_text

_ROMAN = re.compile(r"^(?P<num>[IVX]{1,4})\.\s+(?P<title>\S.*)$")
_APPENDIX = re.compile(r"^(?:참\s*고|붙\s*임|별\s*첨)$")
_NUM_DOT = re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<title>\S.*)$")
_DECIMAL = re.compile(r"^(?P<num>\d{1,2}\.\d{1,2})\.\s+(?P<title>\S.*)$")
_DASH = re.compile(r"^(?P<num>\d{1,2}-\d{1,2})\.\s+(?P<title>\S.*)$")
_BOX = re.compile(r"^□\s*(?P<title>\S.*)$")
_TERM = re.compile(r"^■\s*(?P<title>\S.*)$")
_HANGUL = re.compile(r"[가-힣]")
_BARE_TITLE = re.compile(r"^(?:(?:19|20)\d{2}년도?\s+)?[가-힣]+(?:·[가-힣]+)*(?:\s+[가-힣]+(?:·[가-힣]+)*)*$")
_SENTENCE_END = re.compile(r"(?:다|요|음|함|임|됨|까)$")
_NUMBERED_STYLES = frozenset({"roman", "num", "decimal", "dash"})
_DEPT_SUFFIX = r"(?:과|센터|원|담당관|사업소|본부|관)"
_TRAILING_DEPT = re.compile(rf"\s*\((?P<dept>[가-힣A-Za-z0-9]+{_DEPT_SUFFIX})\)\s*$")
_CONTACT = re.compile(r"^(?P<who>[가-힣A-Za-z0-9]+?)(?P<role>과장|소장|원장|센터장|담당관|본부장)\s*:")
_ASOF = re.compile(r"((?:\d{4}|['’]\d{2})\.\s*\d{1,2}(?:\.\s*\d{1,2})?\.?(?:\s*월)?)\s*기준")
_DATE_LINE = re.compile(r"^\d{4}\.\s*\d{1,2}\.(?:\s*\d{1,2}\.)?$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*년")


@dataclass(frozen=True)
class Heading:
    """A heading line found in a document."""

    line: int  # 1-based
    rank: int
    style: str  # roman | appendix | num | decimal | dash | box | term | glossary | bare
    num: str  # "III", "3", "3.9", "1-1", "" for □/■
    title: str  # normalised title without number and department, e.g. "사업개요"
    label: str  # path element as shown, e.g. "3.9. 디지털 재난 대비 재해복구시스템 확대"
    department: str | None


def is_table_line(line: str) -> bool:
    """Pipe-table rows and tab-separated rows are table lines, never headings."""
    s = line.strip()
    return "\t" in line or (s.startswith("|") and s.endswith("|") and len(s) > 1)


def unit_from_contact(line: str) -> str | None:
    """`디지털정책과장 : 김숙희 ☎…` → `디지털정책과`; `데이터센터소장 : …` → `데이터센터`; `서울기록원장 : …` → `서울기록원`."""
    m = _CONTACT.match(line.strip())
    if not m:
        return None
    who, role = m.group("who"), m.group("role")
    if role == "과장":
        return who + "과"
    if role == "원장":
        return who + "원"
    if role == "센터장":
        return who + "센터"
    if role == "담당관":
        return who + "담당관"
    return who  # 소장, 본부장: the unit name precedes the title (데이터센터소장)


def find_as_of(text: str) -> str | None:
    """The as-of date printed before `기준`, e.g. `2026. 3. 31.` or `'25. 1. 31.`."""
    m = _ASOF.search(text)
    return m.group(1).strip() if m else None


def document_meta(doc: str, lines: list[str], sha256: str) -> Document:
    """Title from the first non-empty line, fiscal year from the title, as-of from the first `… 기준` date."""
    nonempty = [ln.strip() for ln in lines if ln.strip()]
    if not nonempty:
        raise ValueError(f"{doc}: the file has no text; expected a report. Check the file or remove it from the corpus.")
    title = nonempty[0]
    m = _YEAR.search(title)
    year = int(m.group(1)) if m else 0
    if not year:
        for ln in nonempty[:10]:
            m2 = re.search(r"((?:19|20)\d{2})\.", ln)
            if m2:
                year = int(m2.group(1))
                break
    as_of = None
    for ln in lines:
        as_of = find_as_of(ln)
        if as_of:
            break
    if as_of is None:
        as_of = next((ln for ln in nonempty[1:10] if _DATE_LINE.match(ln)), "")
    return Document(doc=doc, title=title, year=year, as_of=as_of, sha256=sha256, n_lines=len(lines))


def _split_department(title: str) -> tuple[str, str | None]:
    """Strip a trailing `(디지털정책과)` from a heading title."""
    m = _TRAILING_DEPT.search(title)
    if m:
        return title[: m.start()].rstrip(), m.group("dept")
    return title, None


def _classify(line: str) -> tuple[int, str, str, str] | None:
    """(rank, style, num, raw title) for a heading line, else None."""
    s = line.strip()
    if not s or is_table_line(line) or len(s) > 120:
        return None
    if _APPENDIX.match(s):
        return 0, "appendix", normalize_text(s), normalize_text(s)
    for rx, rank, style in ((_ROMAN, 0, "roman"), (_DECIMAL, 2, "decimal"), (_DASH, 2, "dash"), (_NUM_DOT, 1, "num")):
        m = rx.match(s)
        if m and _HANGUL.search(m.group("title")):
            return rank, style, m.group("num"), m.group("title")
    m = _BOX.match(s)
    if m:
        return 3, "box", "", m.group("title")
    m = _TERM.match(s)
    if m:
        return 3, "term", "", m.group("title")
    return None


def find_headings(lines: list[str]) -> list[Heading]:
    """All section headings of a document, table-of-contents repeats removed."""
    raw: list[tuple[int, int, str, str, str]] = []  # (line, rank, style, num, title)
    box_titles: set[str] = set()
    for i, line in enumerate(lines, start=1):
        c = _classify(line)
        if c:
            raw.append((i, *c))
            if c[1] == "box":
                box_titles.add(normalize_text(c[3]))
    # A bare line equal to a □ title used elsewhere in the document is a sub-head too (`사업개요` without `□`).
    # The first short line after an appendix marker names the appendix part (`용 어 설 명`).
    seen = {r[0] for r in raw}
    extra: list[tuple[int, int, str, str, str]] = []
    for i, line in enumerate(lines, start=1):
        s = line.strip()
        if i in seen or not s or is_table_line(line):
            continue
        if normalize_text(s) in box_titles and len(s) <= 20:
            extra.append((i, 3, "box", "", s))
    raw = sorted(raw + extra)
    out: list[tuple[int, int, str, str, str]] = []
    for k, (i, rank, style, num, title) in enumerate(raw):
        if style == "appendix":
            nxt = _next_nonempty(lines, i)
            if nxt and not _classify(lines[nxt - 1]) and len(lines[nxt - 1].strip()) <= 16:
                out.append((i, rank, style, num, title))
                out.append((nxt, 1, "glossary", "", lines[nxt - 1].strip()))
                continue
        out.append((i, rank, style, num, title))
    # table-of-contents repeats: a numbered heading whose (number, title) appears again later is not a section
    keys = [(style, num, normalize_text(_split_department(title)[0])) for _, _, style, num, title in out]
    result: list[Heading] = []
    last_num: int | None = None  # the current `N.` heading under the current rank-0 heading
    for k, (i, rank, style, num, title) in enumerate(out):
        if num and style in {"roman", "num", "decimal", "dash"} and keys[k] in keys[k + 1:]:
            continue
        # numbering must follow on: a body list `1. …` inside `3.` is not a heading, nor `2.4.` under `3.`
        if style == "num":
            n = int(num)
            if last_num is not None and n != last_num + 1:
                continue
            last_num = n
        elif style in {"decimal", "dash"} and last_num is not None and int(re.split(r"[.-]", num)[0]) != last_num:
            continue
        elif rank == 0:
            last_num = None
        bare, dept = _split_department(normalize_text(title))
        if dept is None and style in {"decimal", "dash", "num"}:
            nxt = _next_nonempty(lines, i)
            if nxt:
                m = re.match(rf"^\((?P<dept>[가-힣A-Za-z0-9]+{_DEPT_SUFFIX})\)$", lines[nxt - 1].strip())
                if m:
                    dept = m.group("dept")
        if dept is None and style in {"decimal", "dash"}:
            for j in range(i + 1, min(i + 6, len(lines) + 1)):
                unit = unit_from_contact(lines[j - 1])
                if unit:
                    dept = unit
                    break
        if style == "roman":
            label = f"{num}. {bare}"
        elif style in {"num", "decimal", "dash"}:
            label = f"{num}. {bare}"
        else:
            label = bare
        result.append(Heading(i, rank, style, num, bare, label, dept))
    return sorted(result + _bare_headings(lines, result), key=lambda h: h.line)


def _is_bare_title(lines: list[str], i: int) -> bool:
    """Line `i` (1-based) is a short title-only line between blank lines (see the module docstring)."""
    raw = lines[i - 1]
    s = normalize_text(raw.strip())
    if not s or is_table_line(raw) or len(s) > 20 or not _BARE_TITLE.match(s) or _SENTENCE_END.search(s):
        return False
    if len(s.split()) > 3:
        return False
    before = lines[i - 2].strip() if i > 1 else ""
    after = lines[i].strip() if i < len(lines) else ""
    return not before and not after


def _bare_headings(lines: list[str], heads: list[Heading]) -> list[Heading]:
    """Bare title lines that head a block directly inside a numbered section, when two or more share one."""
    head_at = {h.line: h for h in heads}
    candidates = [i for i in range(1, len(lines) + 1) if i not in head_at and _is_bare_title(lines, i)]
    cand_set = set(candidates)
    groups: dict[int, list[int]] = {}  # line of the enclosing numbered heading -> its bare title lines
    current: Heading | None = None
    for i in range(1, len(lines) + 1):
        if i in head_at:
            current = head_at[i]
            continue
        if i not in cand_set or current is None or current.style not in _NUMBERED_STYLES:
            continue
        nxt = _next_nonempty(lines, i)
        if nxt is None or nxt in head_at or nxt in cand_set:
            continue  # not followed by content of its own
        groups.setdefault(current.line, []).append(i)
    out: list[Heading] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        for i in group:
            title = normalize_text(lines[i - 1].strip())
            out.append(Heading(i, 3, "bare", "", title, title, None))
    return out


def _next_nonempty(lines: list[str], line_no: int) -> int | None:
    """1-based number of the next non-empty line after `line_no`."""
    for j in range(line_no + 1, len(lines) + 1):
        if lines[j - 1].strip():
            return j
    return None


def _id_part(h: Heading) -> str:
    """Path component of a section id: its number, or its title for □/■ heads."""
    if h.num:
        return h.num
    return re.sub(r"\s+", "", re.split(r"[:(（]", h.title)[0])[:24] or re.sub(r"\s+", "", h.title)[:24]


def build_sections(doc_key: str, doc: Document, lines: list[str]) -> list[Section]:
    """The section tree of a document; the first section (`<key>:0`) holds the front matter (title block)."""
    heads = find_headings(lines)
    n = len(lines)
    sections: list[Section] = []
    first = heads[0].line if heads else n + 1
    front_end = _trim_end(lines, 1, first - 1)
    sections.append(Section(f"{doc_key}:0", doc.doc, (doc.title,), doc.title, 0, None, 1, max(front_end, 1), None))
    stack: list[tuple[Heading, Section, list[str]]] = []
    used_ids: set[str] = set()
    for k, h in enumerate(heads):
        end = n
        for h2 in heads[k + 1:]:
            if h2.rank <= h.rank:
                end = h2.line - 1
                break
        end = _trim_end(lines, h.line, end)
        while stack and stack[-1][0].rank >= h.rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        parts = (stack[-1][2] if stack else []) + [_id_part(h)]
        id_parts = [p for j, p in enumerate(parts) if not (j + 1 < len(parts) and parts[j + 1].startswith(p + "."))]
        sid = f"{doc_key}:" + "/".join(id_parts)
        base, dup = sid, 2
        while sid in used_ids:
            sid = f"{base}#{dup}"
            dup += 1
        used_ids.add(sid)
        dept = h.department or (parent.department if parent else None)
        path = (parent.path if parent else ()) + (h.label,)
        sec = Section(sid, doc.doc, path, h.title, (parent.level + 1) if parent else 1, dept, h.line, end,
                      parent.section_id if parent else None)
        sections.append(sec)
        stack.append((h, sec, parts))
    return sections


def _trim_end(lines: list[str], start: int, end: int) -> int:
    """Move `end` back over blank lines (never before `start`)."""
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def line_owners(sections: list[Section], n_lines: int) -> list[Section]:
    """For each line (index i-1 for 1-based line i), the deepest section whose range contains it."""
    owners: list[Section] = [sections[0]] * n_lines
    for sec in sorted(sections[1:], key=lambda s: (s.line_start, s.level)):
        for i in range(sec.line_start, sec.line_end + 1):
            owners[i - 1] = sec
    return owners
