"""The index's vocabulary as typed entries the linker can find: departments, teams, table row labels, columns,
projects (numbered section titles), glossary terms and aliases mined from the reports themselves.

Everything is derived from the loaded index (records, sections, lines), so a new report in the same formats
extends the vocabulary with no code change. `vocabulary(data)` builds it once per loaded index.
"""
from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from app.engine.text import compact, strip_numbering

KINDS = ("org", "department", "team", "unit", "row", "column", "project", "glossary", "alias", "table", "heading",
         "rowheader")
# a department-like unit name: the bureau's divisions and offices end in one of these
UNIT_SUFFIX = re.compile(r"(과|국|센터|원|재단|담당관|사업소|본부)$")
# a word that names a unit by its shape ('디지털혁신과', '빅데이터담당관'): a stem of three or more characters and a
# unit suffix; '결과', '효과' and the like end in 과 without being units
_UNIT_SHAPED = re.compile(r"^([가-힣A-Za-z]{3,}?)(과|담당관|사업소|본부|재단)$")
_NOT_UNITS = re.compile(r"(?:결|효|성|통|초|경|교|사|학|부|전)과$")
_PARTICLES = re.compile(r"(?:은요|는요|에서|은|는|이|가|을|를|의|도|만|랑|하고)?[?？.!]*$")


def unlisted_unit(text: str, vocab: "Vocabulary", spans: Iterable[tuple[int, int]] = ()) -> str | None:
    """A unit the question names by its shape that the reports never print ('그럼 디지털혁신과는?'), or None.
    `spans` are the linked names' spans in the compact question: a word holding one is a name the index has."""
    key, pos = compact(text), 0
    for word in text.split():
        bare = _PARTICLES.sub("", word)
        k = compact(bare)
        at = key.find(k, pos)
        pos = at + len(k) if at >= 0 else pos
        if not _UNIT_SHAPED.match(k) or _NOT_UNITS.search(k) or vocab.in_corpus(bare):
            continue
        if at >= 0 and any(a < at + len(k) and at < b for a, b in spans):
            continue
        return bare
    return None


# HTML tags some table cells carry ('<p>', '<input type="checkbox">'): markup, not words the reports print
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>")
TOTAL_LABELS = frozenset({"계", "합계", "총계", "총합계", "소계"})
_ABBR = re.compile(r"([가-힣A-Za-z0-9·\s]{2,30}?)\s*\(\s*([A-Za-z][A-Za-z0-9\-]{1,9})\s*\)")
_TEAM_CELL = re.compile(r"([가-힣A-Za-z0-9]{2,}팀)")
_SUBUNIT_CELL = re.compile(r"(?:^|[|/\t]\s*)([가-힣]{2,}과)(?=\s*(?:/|\||$))")
_PAREN = re.compile(r"\s*\([^()]*\)\s*")


@dataclass(frozen=True)
class Entry:
    """One thing the reports name, as a key for matching (compact) and the text to show."""

    key: str  # compact form, e.g. "데이터센터"
    text: str  # as printed, e.g. "데이터센터"
    kind: str  # one of KINDS
    target: str = ""  # for an alias: the compact key of what it stands for
    refs: tuple[str, ...] = ()  # table ids or section ids where it is printed
    department: str | None = None  # the unit it belongs to (a team's or project's department)

    @property
    def is_initials(self) -> bool:
        """A unit or a kind of row named by the first syllables of its words ('데센' for 데이터센터, `initials_of`;
        '특회' for 특별회계, `shared_row_initials`, whose entries name the label they stand for as their target)."""
        if self.kind == "row":
            return bool(self.target) and self.target == compact(self.text) and self.key != self.target
        return self.kind == "department" and self.key != compact(self.text)


_LIST_SEPARATORS = re.compile(r"[·ㆍ,、]")


def separators_as_one(key: str) -> str:
    """A compact key with its list separators written alike ('사용료,관리비' and '사용료ㆍ관리비' → '사용료·관리비'): a
    question and a label that list the same things differ only there."""
    return _LIST_SEPARATORS.sub("·", key)


@dataclass
class Vocabulary:
    """Entries by key (one key may name several things: a department and a row label)."""

    entries: dict[str, list[Entry]] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)  # compact → display
    orgs: set[str] = field(default_factory=set)  # compact names of the reporting bureau(s)
    report_years: list[int] = field(default_factory=list)  # newest first
    # a report's name without its year, compact ('주요업무보고', '주요보고'; from its title line '2025년 주요 업무보고')
    # → its year, for the names only one report has
    report_titles: dict[str, int] = field(default_factory=dict)
    report_dates: list[tuple[int, int]] = field(default_factory=list)  # (year, month) of record of each report
    report_months: dict[int, int] = field(default_factory=dict)  # month of record → year of the one report dated then
    # (year, the words after it, report year) of headings that write a year other than their report's
    # ('V. 2024 행정사무감사 처리결과' in the 2025 report): '24년 행감' means that report's section
    heading_years: list[tuple[int, str, int]] = field(default_factory=list)
    corpus_key: str = ""  # every line of every report, compact, '\n'-joined
    latin_forms: dict[str, str] = field(default_factory=dict)  # a Latin word lower-cased → its spelling in the reports
    unit_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # '사업소' → the units listed under '○ 2사업소'
    projects: list[Entry] = field(default_factory=list)
    max_key: int = 0
    nested: set[tuple[str, str]] = field(default_factory=set)  # two keys on one row path (either order)
    ancestors: set[tuple[str, str]] = field(default_factory=set)  # (ancestor, descendant) on some row path
    # a body's former name → its present one, compact, as a report states the change ('서울AI재단 : 2016년
    # 서울디지털재단 설립 후 2025년 5. 19. 출범'); a row printed under either name is the same row
    renames: dict[str, str] = field(default_factory=dict)
    # a counter the cells print ('식' of '4,165식') → {table title: its columns, compact}: the tables that count in it
    counters: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    _bigrams: dict[str, set[str]] = field(default_factory=dict)
    _lines: Any = field(default=None, repr=False, compare=False)  # (corpus_key, its app.substrings.LineIndex)
    _kinds: dict[str, set[tuple[str, str, str | None]]] = field(default_factory=dict, repr=False, compare=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def derived(self, name: str, build: Any) -> Any:
        """A value computed from the finished vocabulary alone (an index over its titles …), built once."""
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]

    def add(self, e: Entry) -> None:
        """Add an entry unless its key already has one of the same kind, target and department."""
        if len(e.key) < 2 and not e.key.isascii():
            return
        bucket = self.entries.setdefault(e.key, [])
        have = self._kinds.get(e.key)
        if have is None or len(have) != len(bucket):  # (re)built when the bucket was filled another way
            have = self._kinds[e.key] = {(x.kind, x.target, x.department) for x in bucket}
        if (e.kind, e.target, e.department) in have:
            return
        have.add((e.kind, e.target, e.department))
        bucket.append(e)
        self.max_key = max(self.max_key, len(e.key))
        for i in range(len(e.key) - 1):
            self._bigrams.setdefault(e.key[i:i + 2], set()).add(e.key)
        same = separators_as_one(e.key)
        if same != e.key:  # '사용료, 관리비 수입' found as '사용료·관리비 수입' too (the linker reads the question so)
            self.entries.setdefault(same, [])
            if e not in self.entries[same]:
                self.entries[same].append(e)
            for i in range(len(same) - 1):
                self._bigrams.setdefault(same[i:i + 2], set()).add(same)

    def get(self, key: str) -> list[Entry]:
        return self.entries.get(key, [])

    def names_a_body(self, word: str) -> bool:
        """Whether a word names a unit or body of the reports ('정보통신과', '서울AI재단'), a particle after it allowed."""
        key = compact(word)
        bare = re.sub(r"(?:의|은|는|이|가|에서)$", "", key)
        return any(self.kinds(k) & {"org", "department", "team", "unit"} for k in (key, bare))

    def same_thing(self, a: str, b: str) -> bool:
        """Whether two compact names are names of one thing: one an alias of the other ('서울디지털재단' of
        '서울AI재단'), or both aliases of one name."""
        def targets(k: str) -> set[str]:
            return {e.target.lower() for e in self.entries.get(k, []) if e.kind == "alias" and e.target}
        ta, tb = targets(a), targets(b)
        renamed = self.renames.get(a) == b or self.renames.get(b) == a
        return a.lower() != b.lower() and (renamed or b.lower() in ta or a.lower() in tb or bool(ta & tb))

    def present_name(self, key: str) -> str:
        """A compact key with each former name of a body written as its present one ('서울디지털재단출연' →
        '서울AI재단출연'; `renames`); the key itself when it holds none."""
        for old, new in self.renames.items():
            if old in key and new not in key:
                key = key.replace(old, new)
        return key

    def kinds(self, key: str) -> set[str]:
        return {e.kind for e in self.entries.get(key, [])}

    def in_corpus(self, term: str) -> bool:
        """Whether the term (whitespace ignored) occurs in some line of the reports (`corpus_key`), looked up in a
        line index built once instead of searched through the whole text."""
        k = compact(term)
        return bool(k) and k in self._corpus_lines()

    def _corpus_lines(self) -> Any:
        hit = self._lines
        if hit is None or hit[0] is not self.corpus_key:
            from app.substrings import line_index

            hit = self._lines = (self.corpus_key, line_index(self.corpus_key.split("\n")))
        return hit[1]

    def keys_sharing_bigrams(self, text: str, at_least: int) -> set[str]:
        """Entry keys sharing at least `at_least` distinct character bigrams with `text` (typo candidates)."""
        counts: dict[str, int] = defaultdict(int)
        for bg in {text[i:i + 2] for i in range(len(text) - 1)}:
            for k in self._bigrams.get(bg, ()):
                counts[k] += 1
        return {k for k, n in counts.items() if n >= at_least}

    @property
    def newest_year(self) -> int | None:
        return self.report_years[0] if self.report_years else None


def _label(part: str) -> str:
    return strip_numbering(part).strip()


def _add_row(v: Vocabulary, rec: Any) -> None:
    """A record's row: which labels sit on one row path (nested, ancestors) and each label as a row entry."""
    keys = [compact(_label(p)) for p in rec.row_path]
    if rec.department and compact(rec.department) not in keys:
        keys.insert(0, compact(rec.department))
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if a and b and a != b:
                v.nested.add((a, b))
                v.nested.add((b, a))
                v.ancestors.add((a, b))
    for part in rec.row_path:
        lab = _label(part)
        key, bare, opened = row_label_keys(lab)
        if key and key not in TOTAL_LABELS:
            v.add(Entry(key, lab, "row", refs=(rec.table_id,), department=rec.department))
            if bare != key and len(bare) >= 3:
                v.add(Entry(bare, _PAREN.sub(" ", lab).strip(), "row", refs=(rec.table_id,), department=rec.department))
            if opened != key and opened != bare:
                v.add(Entry(opened, lab, "row", refs=(rec.table_id,), department=rec.department))


def row_label_keys(label: str) -> tuple[str, str, str]:
    """A row label's keys: as printed, without its bracketed part ('불용품매각대금 (데이터센터)' is also asked without
    its unit) and with its brackets opened ('주소정보시설 유지관리(보조금) 발생이자' typed without brackets)."""
    return compact(label), compact(_PAREN.sub("", label)), compact(re.sub(r"[()]", "", label))


MIN_CONJUNCT = 5  # letters (compact) the first half of an 'A 및 B' row must have to name the row alone


def _first_conjuncts(v: Vocabulary) -> None:
    """A row printed as two things joined by '및' ('에스플렉스센터 변상금 및 임대료 미반납금') is also named by its
    first thing alone, when no other name of the index is that first thing."""
    for key, entries in list(v.entries.items()):
        for e in entries:
            if e.kind != "row" or " 및 " not in e.text:
                continue
            first = compact(e.text.split(" 및 ", 1)[0])
            if len(first) >= MIN_CONJUNCT and not v.get(first):
                v.add(Entry(first, e.text, "row", refs=e.refs, department=e.department))


def _add_table_headings(v: "Vocabulary", records: list[Any], by_id: dict[str, Any]) -> None:
    """The headings a table sits under, outside any project ('V. 2024 행정사무감사 처리결과' over '총괄 조치내역'),
    without numbering and years, as names of that table: '24년 행감 … 완료 몇 건' names the table by its heading.
    Only the table reader counts them as understood words (coverage(..., headings=True)): for telling a new topic
    from a follow-up they stay the question's own words."""
    seen: set[str] = set()
    for rec in records:
        if rec.table_id in seen:
            continue
        seen.add(rec.table_id)
        sec = by_id.get(rec.section_id)
        while sec is not None:
            for m in re.finditer(r"(?<!\d)((?:19|20)\d{2})\s*(?:년도?)?", sec.title):
                after = compact(sec.title[m.end():])
                if int(m.group(1)) != rec.year and len(after) >= 2 and \
                        (int(m.group(1)), after, rec.year) not in v.heading_years:
                    v.heading_years.append((int(m.group(1)), after, rec.year))
            if not sec.department:
                name = re.sub(r"\s+", " ", re.sub(r"(?:19|20)\d{2}\s*(?:년도?)?|\([^()]*\)", " ", strip_numbering(sec.title))).strip()
                if len(compact(name)) >= 4 and not re.match(r"^\d", compact(name)) and compact(name) not in v.entries:
                    v.add(Entry(compact(name), name, "heading", refs=(rec.table_id,)))
            sec = by_id.get(sec.parent_id) if sec.parent_id else None


def _title_keys(lines: Sequence[str]) -> list[str]:
    """The names a report's title line gives it without its year ('2025년 주요 업무보고' → '주요업무보고', '주요보고'),
    when the title is a kind of report ('…보고'); [] otherwise."""
    title = next((compact(x) for x in lines[:5] if x.strip()), "")
    name = re.sub(r"^\d{4}년(?:도)?", "", title)
    if not re.fullmatch(r"[가-힣]{2,}업무보고", name):
        return []
    return [name, name.replace("업무보고", "보고")]


_NAME = r"[가-힣A-Za-z]{2,}(?:\s?[가-힣A-Za-z]{2,}){0,2}"
# '서울AI재단 : 2016년 서울디지털재단 설립 후 2025년 5. 19. 출범': the body named first was founded under the other
# name; 'A(구 B)', 'A(舊 B)': B is A's former name; 'B에서 A로 명칭 변경'
_RENAMED = (
    re.compile(r"(?P<new>" + _NAME + r")\s*[:：]\s*(?:\d{4}년\s*)?(?P<old>" + _NAME + r")\s*설립\s*후[^/]{0,30}?(?:출범|개편|전환|변경)"),
    re.compile(r"(?P<new>" + _NAME + r")\s*\(\s*(?:구|舊)\s*[:.]?\s*(?P<old>" + _NAME + r")\s*\)"),
    re.compile(r"(?P<old>" + _NAME + r")에서\s*(?P<new>" + _NAME.replace("{2,}", "{2,}?") + r")(?:으로|로)\s*(?:명칭|기관명|이름)\s*(?:을\s*)?(?:변경|바꿈|개칭)"),
)


def renamed_in(line: str) -> list[tuple[str, str]]:
    """(former name, present name), compact, of each change of name a line states; names of one word each side
    that differ ('서울디지털재단' → '서울AI재단')."""
    out = []
    for pat in _RENAMED:
        for m in pat.finditer(line):
            old, new = compact(m.group("old").split()[-1]), compact(m.group("new").split()[-1])
            if len(old) >= 3 and len(new) >= 3 and old != new:
                out.append((old, new))
    return out


def build_vocabulary(records: Iterable[Any], sections: Iterable[Any], documents: Iterable[Any],
                     lines_of: Any) -> Vocabulary:
    """Collect every name the index knows, with the kind of thing it names."""
    v = Vocabulary()
    sections = list(sections)
    years: set[int] = set()
    titles: dict[str, set[int]] = {}
    months: dict[int, set[int]] = {}
    for doc in documents:
        years.add(doc.year)
        dated = re.match(r"\s*['’]?(\d{2,4})\s*\.\s*(\d{1,2})", getattr(doc, "as_of", None) or "")
        if dated:  # ('2025. 1. 31.', "'25. 1. 31.")
            y, month = int(dated.group(1)), int(dated.group(2))
            v.report_dates.append((y + 2000 if y < 100 else y, month))
            months.setdefault(month, set()).add(doc.year)
        lines = lines_of(doc.doc)
        for key in _title_keys(lines):
            titles.setdefault(key, set()).add(doc.year)
        for head in lines[:12]:  # the cover names the reporting bureau
            w = compact(head)
            if 2 < len(w) <= 12 and w.endswith("국") and re.fullmatch(r"[가-힣]+", w):
                v.orgs.add(w)
    v.report_years = sorted(years, reverse=True)
    v.report_titles = {k: next(iter(ys)) for k, ys in titles.items() if len(ys) == 1}
    v.report_months = {m: next(iter(ys)) for m, ys in months.items() if len(ys) == 1}
    for o in v.orgs:
        v.add(Entry(o, o, "org"))
    for sec in sections:
        if sec.department:
            v.departments.setdefault(compact(sec.department), sec.department)
    records = list(records)
    for rec in records:
        if rec.department:
            v.departments.setdefault(compact(rec.department), rec.department)
    for key, text in v.departments.items():
        v.add(Entry(key, text, "department"))
    documents = list(documents)
    v.corpus_key = "\n".join(compact(_MARKUP.sub(" ", x)) for doc in documents for x in lines_of(doc.doc))
    v.latin_forms = latin_forms(x for doc in documents for x in lines_of(doc.doc))
    for abbr, text in initials_of(v.departments, v.corpus_key).items():  # '데센' for 데이터센터, '디정과' for 디지털정책과
        v.add(Entry(abbr, text, "department"))
    done: set[tuple[Any, ...]] = set()  # what a record adds repeats for every cell of its row: added once
    for rec in records:
        row = ("row", rec.row_path, rec.department, rec.table_id)
        if row not in done:
            done.add(row)
            _add_row(v, rec)
        col = ("column", rec.column, rec.table_id)
        if col not in done:
            done.add(col)
            key = compact(rec.column)
            if key and not re.match(r"^['’]?\d", key):
                v.add(Entry(key, rec.column, "column", refs=(rec.table_id,)))
        if rec.unit and rec.unit not in ("원", "천원", "백만원", "%") and rec.table_title:
            v.counters.setdefault(rec.unit, {}).setdefault(rec.table_title, set()).add(compact(rec.column))
        table = ("table", rec.table_title, rec.table_id)
        if table not in done:
            done.add(table)
            v.add(Entry(compact(rec.table_title), rec.table_title, "table", refs=(rec.table_id,)))
    _first_conjuncts(v)
    for abbr, (text, refs) in shared_row_initials(v, records).items():  # '특회' for 특별회계 (under every unit)
        v.add(Entry(abbr, text, "row", target=compact(text), refs=refs))
    for key, text, table_id in row_headers(records, lines_of):  # '분 야 | 개수 | 주요 서비스': rows of '분야'
        if not v.get(key) and "계" not in key:  # (a column's or row's name: the line above is a header of columns)
            v.add(Entry(key, text, "rowheader", refs=(table_id,)))
    by_id = {sec.section_id: sec for sec in sections}
    for sec in sections:
        parent = by_id.get(sec.parent_id) if sec.parent_id else None
        if sec.department and (parent is None or not parent.department):  # a project: the top section a unit owns
            name = re.sub(r"\s*\([^()]*\)\s*$", "", sec.title).strip(" '‘’\"")
            if len(compact(name)) >= 4:
                e = Entry(compact(name), name, "project", refs=(sec.section_id,), department=sec.department)
                v.add(e)
                v.projects.append(e)
        if parent is not None and "용어" in parent.title:  # the glossary's terms: '재해복구시스템(DR:Disaster Recovery)'
            term = sec.title.strip()
            head = re.split(r"\s*\(", term)[0].strip()
            v.add(Entry(compact(head), head, "glossary", refs=(sec.section_id,)))
            for part in re.split(r"[(),:]", term)[1:]:
                p = part.strip()
                if len(compact(p)) >= 2 and compact(p) != compact(head):
                    v.add(Entry(compact(p), p, "alias", target=compact(head)))
    named = _DepartmentFinder(v.departments)
    for doc in documents:
        lines = lines_of(doc.doc)
        for ln in lines:
            if "/" in ln and ("|" in ln or "\t" in ln):  # a unit's sections listed: '데이터센터 | 기획관리과 / …'
                dept = named(ln)
                for m in _SUBUNIT_CELL.finditer(ln):
                    name = m.group(1)
                    if compact(name) not in v.departments:
                        v.add(Entry(compact(name), name, "unit", department=dept))
            for m in _TEAM_CELL.finditer(ln):  # org tables list teams: '정보보안정책팀 / 정보보안관리팀 …'
                if "/" in ln or "|" in ln:
                    team = m.group(1)
                    if team[0].isdigit():
                        continue
                    dept = named(ln)
                    v.add(Entry(compact(team), team, "team", department=dept))
            for m in _ABBR.finditer(ln):  # '서울 스마트라이프워크(SLW)': SLW stands for the words before it
                full, abbr = m.group(1).strip(), m.group(2)
                words = full.split()
                if abbr.isupper() and words:
                    target = compact(" ".join(words[-2:]) if len(words[-1]) < 4 else words[-1])
                    if len(target) >= 2:
                        v.add(Entry(compact(abbr), abbr, "alias", target=target))
    for doc in documents:
        for ln in lines_of(doc.doc):
            for old, new in renamed_in(ln):
                v.renames.setdefault(old, new)
                v.add(Entry(old, old, "alias", target=new))
    _add_table_headings(v, records, by_id)
    v.unit_groups = unit_groups(documents, lines_of, v.departments)
    return v


# '○ 6과 31팀', '○ 2사업소': a heading of the organisation list that counts a kind of unit; the first count on the
# heading line names the kind of the units its table lists
_GROUP_HEADING = re.compile(r"^\s*[○□●◦▪-]?\s*(\d+)\s*(과|사업소|담당관|본부|센터|관)(?![가-힣])")


def unit_groups(documents: Iterable[Any], lines_of: Any, departments: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """The kinds of unit the reports group their organisation by ('과' → the six 과 of the 본청, '사업소' → the two
    사업소), each mined from a heading that counts them ('○ 2사업소') and the table lines below it, whose first cell
    names one unit each. A group is kept only when it lists as many units as its heading counts, so a heading read
    wrongly adds nothing. Unit names are the same in every report, so a report that prints no such heading (a
    one-line '1국 6과 31팀 2사업소') is read with the groups another report prints."""
    groups: dict[str, tuple[str, ...]] = {}
    for doc in documents:
        lines = lines_of(doc.doc)
        for i, line in enumerate(lines):
            m = _GROUP_HEADING.match(line)
            if not m:
                continue
            count, kind = int(m.group(1)), m.group(2)
            units: list[str] = []
            for nxt in lines[i + 1:i + 4 + count * 2]:
                if _GROUP_HEADING.match(nxt) or re.match(r"^\s*[□※]", nxt):
                    break
                if not ("|" in nxt or "\t" in nxt):
                    continue
                first = next((c.strip() for c in _CELLS.split(nxt) if c.strip()), "")
                name = compact(re.sub(r"\(.*?\)", "", first))
                if name in departments and name not in units:
                    units.append(name)
            if len(units) == count and kind not in groups:
                groups[kind] = tuple(units)  # in the order printed
    return groups


# Kiwi's score for a one-token analysis of a word in its dictionary is above this (공정 -18.7, 정시 -18.2, 정보
# -15.8); a syllable pair it does not know scores lower (데센 -25.2)
KNOWN_WORD_SCORE = -22.0


_GENERIC_HEADERS = frozenset({"구분", "항목", "계", "합계", "총계", "내용", "비고", "부서", "부서명", "세부사업", "사업명"})
_CELLS = re.compile(r"\t|\s*\|\s*")


def row_headers(records: Iterable[Any], lines_of: Any) -> list[tuple[str, str, str]]:
    """(key, header as printed, table id) of each table whose header line, just above its first row, names what its
    rows are ('분 야' over 'AI 약자와의 동행 | 10'), when that word is not a generic one ('구분', '항목')."""
    first: dict[str, tuple[str, int]] = {}
    for rec in records:
        if rec.table_id not in first or rec.line < first[rec.table_id][1]:
            first[rec.table_id] = (rec.doc, rec.line)
    out = []
    for table_id, (doc, line) in first.items():
        lines = lines_of(doc)
        for i in range(line - 2, max(line - 5, -1), -1):  # the header, above a '|---|' rule if there is one
            if i < 0 or i >= len(lines):
                continue
            cells = [c.strip() for c in _CELLS.split(lines[i].strip().strip("|")) if c.strip()]
            if len(cells) < 2 or re.fullmatch(r"[\s|:\-]+", lines[i].strip()):
                continue
            if any(re.search(r"\d", c) for c in cells):
                break
            key = compact(cells[0])
            if 2 <= len(key) <= 6 and re.fullmatch(r"[가-힣]+", key) and key not in _GENERIC_HEADERS:
                out.append((key, key, table_id))
            break
    return out


_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z][A-Za-z0-9]*(?![A-Za-z])")


def latin_forms(lines: Iterable[str]) -> dict[str, str]:
    """Each Latin word of the reports, lower-cased, with the spelling the reports print most ('cctv' → 'CCTV',
    'rfid' → 'RFID'): a question typed in another case is read in the reports' spelling."""
    seen: dict[str, Counter] = {}
    for line in lines:
        for w in _LATIN_WORD.findall(line):
            seen.setdefault(w.lower(), Counter())[w] += 1
    return {low: c.most_common(1)[0][0] for low, c in seen.items()}


def initials_of(departments: dict[str, str], corpus_key: str) -> dict[str, str]:
    """Chat abbreviations of unit names made of the first syllable of each word ('데이터센터' → '데센', '정보통신과'
    → '디정과'): kept only when the name has two or more words of two or more syllables, the abbreviation is printed
    nowhere in the reports, its initials are not part of another unit's name ('정보과' would be any of three) nor a
    word of their own ('정통과' reads '정통' and '과'), and it names one unit.
    A name opening with the city ('서울기록원') is not abbreviated that way."""
    from index.tokenize import _base

    kiwi = _base()
    found: dict[str, list[str]] = {}
    for key, text in departments.items():
        if key.startswith("서울"):
            continue
        stem, tail = (key[:-1], "과") if key.endswith("과") else (key, "")
        words = [t.form for t in kiwi.tokenize(stem)]
        if len(words) < 2 or "".join(words) != stem or any(len(w) < 2 for w in words):
            continue
        initials = "".join(w[0] for w in words)
        abbr = initials + tail
        if len(abbr) < 2 or abbr in corpus_key or any(initials in k for k in departments if k != key):
            continue
        (tokens, score), = kiwi.analyze(initials, top_n=1)
        if len(tokens) == 1 and score > KNOWN_WORD_SCORE:
            continue  # '공정', '정시', '정통' are words of their own ('공정과 투명성'): not read as a unit
        found.setdefault(abbr, []).append(text)
    return {a: names[0] for a, names in found.items() if len(names) == 1}


MIN_SHARED_UNITS = 3  # units a row label must stand under to be a kind of row (일반회계, 특별회계, 기본경비)


def shared_row_initials(v: Vocabulary, records: Sequence[Any]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Chat abbreviations of the row labels that stand under many units ('특회' for 특별회계), made like a unit's
    (`initials_of`): two or more words of two or more syllables, the abbreviation printed nowhere, not a word of its
    own ('일회' is 'one time', so 일반회계 gets none) and naming one label. abbreviation → (label, its tables)."""
    from index.tokenize import _base

    owners: dict[str, set[str]] = {}
    texts: dict[str, str] = {}
    tables: dict[str, set[str]] = {}
    for rec in records:
        if not rec.department:
            continue
        for part in rec.row_path:
            key = compact(_label(part))
            if key and key not in TOTAL_LABELS and key not in v.departments:
                owners.setdefault(key, set()).add(rec.department)
                texts.setdefault(key, _label(part))
                tables.setdefault(key, set()).add(rec.table_id)
    kiwi = _base()
    found: dict[str, list[str]] = {}
    for key, units in owners.items():
        if len(units) < MIN_SHARED_UNITS or not re.fullmatch(r"[가-힣]+", key):
            continue
        words = [t.form for t in kiwi.tokenize(key)]
        if len(words) < 2 or "".join(words) != key or any(len(w) < 2 for w in words):
            continue
        abbr = "".join(w[0] for w in words)
        if abbr in v.corpus_key or v.get(abbr):
            continue
        (tokens, score), = kiwi.analyze(abbr, top_n=1)
        if len(tokens) == 1 and score > KNOWN_WORD_SCORE:
            continue
        found.setdefault(abbr, []).append(key)
    return {a: (texts[k[0]], tuple(sorted(tables[k[0]]))) for a, k in found.items() if len(k) == 1}


def _team_department(line: str, departments: dict[str, str]) -> str | None:
    """The department a line of an organisation table belongs to (the one named on it)."""
    key = compact(line)
    found = [d for d in departments if d in key]
    return departments[max(found, key=len)] if found else None


class _DepartmentFinder:
    """`_team_department` for many lines: the departments a line names are found from the departments starting with
    each two letters of it (not by trying every department on it); the same one is chosen (the longest, the first
    in `departments` among equals)."""

    def __init__(self, departments: dict[str, str]) -> None:
        self.departments = departments
        self.rank = {d: i for i, d in enumerate(departments)}
        self.short = [d for d in departments if len(d) < 2]
        self.by_head: dict[str, list[str]] = {}  # first two letters → departments
        for d in departments:
            if len(d) >= 2:
                self.by_head.setdefault(d[:2], []).append(d)

    def __call__(self, line: str) -> str | None:
        key = compact(line)
        found = {d for d in self.short if d in key}
        for i in range(len(key) - 1):
            found.update(d for d in self.by_head.get(key[i:i + 2], ()) if key.startswith(d, i))
        if not found:
            return None
        return self.departments[max(found, key=lambda d: (len(d), -self.rank[d]))]


_CACHE: dict[int, tuple[Any, Vocabulary]] = {}
_LOCK = threading.Lock()


def vocabulary(data: Any) -> Vocabulary:
    """The vocabulary of a loaded `IndexData`, built once per object."""
    with _LOCK:
        hit = _CACHE.get(id(data))
        if hit is None or hit[0] is not data:
            v = build_vocabulary(data.all_records(), data.sections, data.documents, data.lines)
            _CACHE.clear()
            hit = (data, v)
            _CACHE[id(data)] = hit
        return hit[1]
