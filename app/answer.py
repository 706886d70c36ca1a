"""One entry point for every adapter: `answer(question, filters=None) -> Answer`.

The grounded path (default) never asks a model for a number: figures come from table records
(app/lookup.py), text answers are lines quoted from the top passages (app/compose.py), and a question
whose key entities the evidence does not cover is refused with `ABSTAIN_TEXT` and the closest sections.
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from typing import Any, Callable, Iterable, Iterator, Sequence

from index import settings

from app.analyze import ALIASES, FIGURE_INTENTS, GENERIC, Analysis, analyze, asks_department, counter_copula_terms, glued_terms, set_aside_terms
from app.compose import (COUNTED, ROW_OWN_COUNT, Composed, after_markers, asks_each_report, compose_columns_of_row, compose_each, compose_extractive, compose_figures,
                         cover_pieces, coverage, merge_by_report, parent_bullet, satisfies, value_years,
                         PassageHit, widen_to_passages, with_department)
from app.engine.claims import asks_truth, claimed_figure, claimed_owner, claimed_when
from app.engine.parse import ASKED_REPORT_ROW
from app.engine.text import held_against, josa
from app.inputs import QuestionError, check_question
from app.types import ABSTAIN_TEXT, Answer, Citation
from app.vocab import Vocab, compact, vocab_for

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000  # default of the setting max_question_chars
GROUNDED = "grounded"

settings.declare("mode", GROUNDED, "Answer mode: 'grounded' (tables and quoted lines, no model) or 'llm' "
                 "(the LLM backend phrases the grounded evidence; numbers verified, grounded fallback).")
settings.declare("abstain_coverage", 1.0, "Refuse a text answer whose quoted lines cover less than this share "
                 "of the question's key terms (0-1).", float)
settings.declare("search_method", "bm25", "Retrieval for text answers after a keyword (bm25) pass found no "
                 "covering passage: 'bm25' (keyword only: no second pass, fastest), 'hybrid' or 'dense' (adds the "
                 "embedding model: on the dev set +1 answer, p95 latency ×40 on a loaded 2-core machine).")
settings.declare("search_k", 8, "Passages retrieved for text (schedule, list, definition, audit, narrative) answers.")
if "max_question_chars" not in settings.all_settings():  # app/ui.py may declare it first (same default)
    settings.declare("max_question_chars", MAX_QUESTION_CHARS, "Longest question (characters) the UI, /ask and "
                     "`python -m app ask` accept.")


# a report named by its year ('2025년 2월 업무보고', '2025 보고서', "'25년 현안보고"): only its own lines answer
NAMES_REPORT = re.compile(r"(?:20\d{2}|['’]\d{2})\s*년?\s*(?:\d{1,2}\s*월\s*)?(?:주요\s*|현안\s*)?(?:업무\s*)?보고")
NOT_IN_TABLES = frozenset({"person"})  # kinds of value asked that no table cell holds


def _open(index: Any | None) -> Any:
    """The given index, else the process-wide one (`index.api.open_index`)."""
    if index is not None:
        return index
    from index.api import open_index

    return open_index()


def _search_filters(filters: dict[str, Any] | None) -> dict[str, Any] | None:
    """The adapter's filters as `Index.search` takes them ({"doc", "year", "department"}), or None."""
    if not filters:
        return None
    out = {k: filters[k] for k in ("doc", "year", "department") if filters.get(k)}
    return out or None


def _records(data: Any, filters: dict[str, Any] | None) -> list[Any]:
    """All table records, narrowed by the adapter's filters (a `RecordSet` built once per index and filters)."""
    from app.records import records_of

    return records_of(data, filters)


def _closest_sections(hits: list[Any], limit: int = 3) -> list[str]:
    """Distinct section paths of the top hits, for the refusal message."""
    out: list[str] = []
    for h in hits:
        p = " > ".join(h.chunk.section_path)
        if p and p not in out:
            out.append(p)
        if len(out) >= limit:
            break
    return out


def _abstain(reason: str, hits: list[Any]) -> Composed:
    """The refusal text plus the names of the closest sections found."""
    near = _closest_sections(hits)
    text = ABSTAIN_TEXT
    if near:
        text += " 가장 가까운 섹션: " + "; ".join(near) + "."
    return Composed(text=text, citations=[], kind="abstain", notes=[reason])


def grounded(a: Analysis, idx: Any, vocab: Vocab, filters: dict[str, Any] | None = None) -> Composed:
    """The grounded answer for an analysed question (figures from tables, else quoted lines, else refusal)."""
    data = idx.data
    a = years_of_titles(a, data, vocab)
    cache: dict[str, list[Any]] = {}

    def search(method: str = "bm25") -> list[Any]:
        if method not in cache:
            query = a.norm + (" 행정사무감사 처리결과 추진상황" if a.intent == "audit" else "")
            cache[method] = list(idx.search(query, k=int(settings.get("search_k")),
                                            filters=_search_filters(filters), method=method))
        return cache[method]

    if a.unknown:
        return _abstain(f"not in the corpus: {', '.join(a.unknown)}", search())
    figs: Composed | None = None
    named_item = any(e not in vocab.departments for e in a.entities) or bool(a.partials)
    dept_asked = asks_department(a.key)
    if a.wants in NOT_IN_TABLES or dept_asked:
        pass  # a person's name or a department is never a table cell: quoted lines or a refusal
    elif a.intent in FIGURE_INTENTS or (a.intent in ("narrative", "audit") and named_item):
        if a.uncovered_years and a.intent in FIGURE_INTENTS:
            return _abstain(f"no figures for year(s) {a.uncovered_years}", search())
        figs = compose_figures(a, data, vocab, _records(data, filters))
        if figs is not None and figs.kind == "abstain":
            return figs  # ('행정직 정원': no table prints it; the refusal says what is printed instead)
        if a.intent == "audit" and figs is not None and figs.kind != "row":
            figs = None  # audit questions take a whole summary row, else the quoted audit lines
        if figs is not None and a.wants in COUNTED and not satisfies(a.wants, figs.text):
            figs = None  # '몇 팀이야?' is not answered by an amount in 천원: the cells must hold the counter asked
        if figs is not None and figs.coverage >= 1.0 and not (figs.ambiguous and not a.entities) and not figs.defer:
            return figs
    columns = compose_columns_of_row(a, data, _records(data, filters))  # '완료랑 추진 중이 각각 몇 건'
    if columns is not None and columns.coverage >= 1.0:
        return _whole_row(a, data, vocab, _records(data, filters), columns) or columns
    each = compose_each(a, data, search())  # 'A랑 B … 각각': one line per item, each with its own value
    if each is not None and not (a.year_explicit and not _mentions_year(each, a.years, data, a.wants)):
        return each
    per_report = _each_report(a, idx, filters) if asks_each_report(a) else None
    if per_report is not None:
        return per_report
    if _counts_table_cells(a, data):
        return _abstain("asks a count of a table column (audit summary); no single row or cell answered", search())
    named = _named_report_lines(a, idx, vocab, filters) if names_report(a) and not dept_asked else None
    if named is not None:
        return named
    cov = 0.0
    # keyword search first (cheap); the configured method (hybrid: adds the embedding model) only if needed
    methods = ["bm25"] + ([m] if (m := str(settings.get("search_method"))) != "bm25" else [])
    for method in methods:
        composed, cov = compose_extractive(a, data, widen_to_passages(data, search(method), a.key_terms))
        if composed is not None and cov >= float(settings.get("abstain_coverage")):
            if dept_asked and not _names_department(composed, vocab):  # 'which department': it must be named
                composed = with_department(data, composed)  # the project's own department, cited at its head
                if composed is None:
                    continue
            if names_report(a) and not _from_asked_reports(composed, a, data):
                continue  # '2025년 2월 업무보고 당시 …': a line of another report does not answer
            year_bound = a.intent in FIGURE_INTENTS or a.wants is not None
            if not (a.year_explicit and year_bound and not _mentions_year(composed, a.years, data, a.wants,
                                                                           "까지" in a.norm)):
                return composed
            in_year = _read_in_asked_reports(a, idx, data, filters, method) if year_bound else None
            if in_year is not None:  # another report's passage ranked first: the asked year's report read instead
                return in_year
    if figs is not None and figs.coverage >= 1.0:
        return figs
    if a.key_terms and float(settings.get("abstain_coverage")) >= 1.0:
        # retrieval missed it: passages with a line that names every key term (one line, not scattered words)
        scanned = _line_scan_hits(a, data, filters)
        if scanned:
            composed, cov = compose_extractive(a, data, scanned)
            if composed is not None and dept_asked and not _names_department(composed, vocab) and cov >= 1.0 \
                    and _cites_a_whole_line(composed, a):
                composed = with_department(data, composed)  # '서울톡 고도화 담당 부서는?': the project's own department
            docs = {d.doc: d.year for d in data.documents}
            # stricter than the passages retrieval found: an asked year must be the cited report's own year
            if composed is not None and cov >= 1.0 and _cites_a_whole_line(composed, a) and (
                    not dept_asked or _names_department(composed, vocab)) and (
                    not a.year_explicit or (all(docs.get(c.doc) in a.years for c in composed.citations)
                                            and _mentions_year(composed, a.years, data, a.wants))):
                composed.notes.append("found by the line scan (retrieval missed the passage)")
                return composed
    reason = f"evidence covers {cov:.2f} of the key terms {a.key_terms}" + (f", wants {a.wants}" if a.wants else "")
    return _abstain(reason, search(methods[-1]))


def _read_in_asked_reports(a: Analysis, idx: Any, data: Any, filters: dict[str, Any] | None,
                           method: str) -> Composed | None:
    """The passages of the report of each asked year only ('26년 … 신설 몇 대': the 2026 report's line, when the
    2025 report's similar passage ranked first and prints another year's figure), read the same way; None when
    none of them answers with full coverage and the year."""
    reports = {d.year for d in data.documents}
    for year in a.years:
        if year not in reports or (filters or {}).get("year") not in (None, year):
            continue
        hits = list(idx.search(a.norm, k=int(settings.get("search_k")),
                               filters={**(_search_filters(filters) or {}), "year": year}, method=method))
        composed, cov = compose_extractive(a, data, hits)
        if composed is not None and cov >= float(settings.get("abstain_coverage")) and \
                _mentions_year(composed, a.years, data, a.wants):
            return composed
    return None


TITLE_MATCH_CHARS = 3  # characters after the year that the question and the section title must share


def years_of_titles(a: Analysis, data: Any, vocab: Vocab) -> Analysis:
    """'2024 행감 처리결과': a year written just before the words that follow it in a section title
    ('V. 2024 행정사무감사 처리결과') names that section, so the report holding the section is the one asked."""
    if not a.years:
        return a
    key = a.key
    for short, full in ALIASES.items():
        key = key.replace(short, full)
    docs = {d.doc: d.year for d in data.documents}
    mapped: dict[int, int] = {}
    for sec in data.sections:
        title = compact(sec.title)
        for m in re.finditer(r"(?<!\d)(20\d{2})(?:년도?)?", title):
            year, after = int(m.group(1)), title[m.end():m.end() + TITLE_MATCH_CHARS]
            if year not in a.years or len(after) < TITLE_MATCH_CHARS or docs.get(sec.doc) in (None, year):
                continue
            written = rf"(?:{year}|['’]{year % 100:02d}|(?<!\d){year % 100:02d}년)(?:년도?)?"
            if re.search(written + re.escape(after), key):
                mapped[year] = docs[sec.doc]
    if not mapped:
        return a
    years = list(dict.fromkeys(mapped.get(y, y) for y in a.years))
    return replace(a, years=years, uncovered_years=[y for y in years if vocab.figure_years and y not in vocab.figure_years])


def _whole_row(a: Analysis, data: Any, vocab: Vocab, records: list[Any], columns: Composed) -> Composed | None:
    """'건의사항 몇 건이고 완료랑 추진 중은 각각?': when the row named before the columns is asked its own count, the whole
    row (its 계 and every column) read out, if it is the row the columns were read from; else None."""
    from app.records import column_keys

    names = column_keys(records)
    rows = [e for e in a.entities if compact(e) not in names]
    if len(rows) != 1 or not re.search(re.escape(compact(rows[0])) + ROW_OWN_COUNT, a.key):
        return None
    whole = compose_figures(replace(a, entities=rows, columns=[]), data, vocab, records)
    if whole is None or whole.kind != "row" or whole.coverage < 1.0:
        return None
    lines = {(c.doc, c.line_start) for c in columns.citations}
    return whole if {(c.doc, c.line_start) for c in whole.citations} == lines else None


def _counts_table_cells(a: Analysis, data: Any) -> bool:
    """'행감 완료된 거 몇 건이야?': an audit count whose every key term is a column name (완료, 추진 중) asks a cell of
    the summary table; a quoted audit item (one requirement) never states it."""
    if a.intent != "audit" or a.wants not in COUNTED or not a.key_terms:
        return False
    from app.records import column_keys, records_of

    names = column_keys(records_of(data))
    return all(any(compact(t) == n or (len(t) >= 2 and n.startswith(compact(t))) for n in names) for t in a.key_terms)


def _each_report(a: Analysis, idx: Any, filters: dict[str, Any] | None) -> Composed | None:
    """'작년 보고랑 올해 보고에 각각': the quoted answer of each asked report (all reports when no year is named),
    each searched on its own; None unless every one of them answers."""
    docs = sorted(idx.data.documents, key=lambda d: d.year)
    if a.year_explicit:
        docs = [d for d in docs if d.year in a.years]
    if (filters or {}).get("doc") or (filters or {}).get("year") or len(docs) < 2:
        return None
    query = a.norm + (" 행정사무감사 처리결과 추진상황" if a.intent == "audit" else "")
    parts: list[tuple[int, Composed]] = []
    for d in docs:
        hits = list(idx.search(query, k=int(settings.get("search_k")), filters={"doc": d.doc}, method="bm25"))
        composed, cov = compose_extractive(a, idx.data, hits)
        if composed is None or cov < float(settings.get("abstain_coverage")) or any(
                c.doc != d.doc for c in composed.citations):
            return None
        parts.append((d.year, composed))
    return merge_by_report(parts)


def _line_keys(data: Any) -> Any:
    """Compact form of every line of every document with its line index (app/substrings.py), and the chunks (by
    their order in `data.chunks`) that list each (doc, line): built once per loaded index."""
    from app.indexcache import derived
    from app.substrings import corpus_lines

    def chunks_by_line() -> dict[tuple[str, int], list[int]]:
        out: dict[tuple[str, int], list[int]] = {}
        for order, ch in enumerate(data.chunks):
            for ln in dict.fromkeys(ch.lines or range(ch.line_start, ch.line_end + 1)):
                out.setdefault((ch.doc, ln), []).append(order)
        return out

    return corpus_lines(data), derived(data, "chunks_by_line", chunks_by_line)


def _line_scan_hits(a: Analysis, data: Any, filters: dict[str, Any] | None, limit: int = 8) -> list[PassageHit]:
    """Chunks holding a line that mentions every key term (and the kind of value asked), most such lines first.

    Only the lines that can mention every term (app/substrings.py, from `cover_pieces`) are read, and only the
    chunks that list one of them are counted."""
    scan, chunks_of_line = _line_keys(data)
    keys = scan.keys
    doc_years = {d.doc: d.year for d in data.documents}
    want_doc = (filters or {}).get("doc")
    want_year = (filters or {}).get("year")
    pools = [scan.maybe_holding(cover_pieces(t, strict=True, slips=True)) for t in a.key_terms]
    narrowed = [p for p in pools if p is not None]
    passes: dict[tuple[str, int], bool] = {}
    if narrowed:  # a line outside every term's candidates cannot pass
        candidates = set.intersection(*narrowed)
        orders = sorted({o for where in candidates for o in chunks_of_line.get(where, ())})
        chunks = [(o, data.chunks[o]) for o in orders]
        passes = {(ch.doc, ln): False for _, ch in chunks
                  for ln in (ch.lines or range(ch.line_start, ch.line_end + 1)) if (ch.doc, ln) not in candidates}
    else:
        chunks = list(enumerate(data.chunks))
    found: list[tuple[int, int, Any]] = []
    for order, ch in chunks:
        if (want_doc and ch.doc != want_doc) or (want_year and doc_years.get(ch.doc) != int(want_year)):
            continue
        lines = keys.get(ch.doc, [])
        numbers = ch.lines or tuple(range(ch.line_start, ch.line_end + 1))
        n_full = 0
        for ln in numbers:
            if not 1 <= ln <= len(lines):
                continue
            ok = passes.get((ch.doc, ln))
            if ok is None:
                ok = passes[(ch.doc, ln)] = coverage(a.key_terms, lines[ln - 1], strict=True) >= 1.0 \
                    and satisfies(a.wants, "".join(lines[ln - 1:ln + 2]))  # the value may sit on a sub-line
            n_full += ok
        if n_full:
            found.append((-n_full, order, ch))
    found.sort(key=lambda x: (x[0], x[1]))
    return [PassageHit(ch, float(-neg), rank) for rank, (neg, _, ch) in enumerate(found[:limit], start=1)]


def _cites_a_whole_line(c: Composed, a: Analysis) -> bool:
    """Whether one cited line alone mentions every key term, and the cited lines hold the kind of value asked."""
    quotes = " ".join(cit.quote for cit in c.citations)
    return satisfies(a.wants, quotes) and any(coverage(a.key_terms, compact(cit.quote), strict=True) >= 1.0
                                              for cit in c.citations)


def names_report(a: Analysis) -> bool:
    """Whether the question names a report by its year ('2025년 2월 업무보고 당시', '2025 보고서에서')."""
    return a.year_explicit and bool(NAMES_REPORT.search(a.norm))


def _named_report_lines(a: Analysis, idx: Any, vocab: Vocab, filters: dict[str, Any] | None) -> Composed | None:
    """'2025년 2월 업무보고 당시 디지털도시국 조직': the quoted lines of the one report named, searched on its own; the
    bureau's own name (the report's author) need not be printed on the line. None unless they cover the question."""
    docs = [d.doc for d in idx.data.documents if d.year in a.years]
    if len(docs) != 1 or (filters or {}).get("doc") or (filters or {}).get("year"):
        return None
    own = [t for t in a.key_terms if t not in vocab.org_names]
    bare = replace(a, key_terms=own or a.key_terms)
    hits = list(idx.search(a.norm, k=int(settings.get("search_k")), filters={"doc": docs[0]}, method="bm25"))
    composed, cov = compose_extractive(bare, idx.data, hits)
    if composed is None or cov < float(settings.get("abstain_coverage")) or not _from_asked_reports(composed, a, idx.data):
        return None
    return composed


def _from_asked_reports(c: Composed, a: Analysis, data: Any) -> bool:
    """Whether every cited line lies in a report of an asked year."""
    docs = {d.doc: d.year for d in data.documents}
    return all(docs.get(cit.doc) in a.years for cit in c.citations)


def _names_department(c: Composed, vocab: Vocab) -> bool:
    """Whether the quoted lines or their sections name a department of the index."""
    text = "".join(compact(cit.quote + cit.section) for cit in c.citations)
    return any(d in text for d in vocab.departments)


def _mentions_year(c: Composed, years: list[int], data: Any, wants: str | None = None, until: bool = True) -> bool:
    """Whether the quoted line holding the value is about an asked year (its report's, or the year written out).
    With `until` False (the question asks a year's own figure, not a total up to it), a value counted up to a year
    ("'26년까지 16,239대") is of no asked year."""
    docs = {d.doc: d.year for d in data.documents}
    for cit in c.citations:
        if wants is not None and not satisfies(wants, cit.quote):
            continue
        dated = value_years(wants, cit.quote, until)
        if any(y in years for y in dated):
            return True
        if dated and None not in dated:
            continue  # every value on the line is dated by another year written just before it
        if docs.get(cit.doc) in years:
            return True
        text = cit.quote + cit.section + _parent_text(data, cit.doc, cit.line_start)
        if any(str(y) in text or f"'{str(y)[2:]}" in text or f"’{str(y)[2:]}" in text for y in years):
            return True
    return False


_RANKED_WORDS = re.compile(r"가장|제일|최대|최고|최다|최초|최소|최저|1위|1등|첫\s*번째|순위|상위|하위|으뜸|대표")


def _of_asked_years(f: Any, citations: list[Citation], data: Any) -> list[Citation]:
    """The quoted lines an operation may compute on when the question names its years: a line dated (by itself or
    its parent bullet) to none of them ('(추진실적) 2024년 … CCTV 신설 3,096대, 교체 4,039대' for a 2025 plan) is left
    out; when every quoted line is dated to another year, nothing is left to compute on (no figure of another year
    is given as the asked one's)."""
    from app.compose import DATED_LINE_CHARS, _dated_years

    asked = set(f.years)
    if not asked:
        return citations

    def other_year(x: Citation) -> bool:
        dating = compact(_parent_text(data, x.doc, x.line_start) + (x.quote or ""))
        years = _dated_years(dating) if len(dating) <= DATED_LINE_CHARS else set()
        return bool(years) and not years & asked

    return [x for x in citations if not other_year(x)]


def _parent_text(data: Any, doc: str, line: int) -> str:
    """The bullet a cited sub-bullet is indented under ('- (추진실적) 2024년 …' over ' - CCTV 신설 3,096대'), else ''."""
    lines = data.lines(doc)
    if not 1 <= line <= len(lines):
        return ""
    parent = parent_bullet(lines, line)
    return lines[parent - 1] if parent is not None else ""


def _describes_a_row_of(u: Any, idx: Any) -> bool:
    """'데이터센터에서 안 쓰는 물건 팔아서 들어오는 돈, 2026년에는 얼마?': a unit named with a description of one of its
    rows (`described.described_row` finds it), so the unit's own total is not what is asked: the described row is
    read instead (by `_read_again`)."""
    from app.engine.described import described_row, split

    f = u.frame
    return bool(f.units) and not (f.rows or f.parts or f.projects) and split(f.text) is not None and \
        described_row(f.text, idx, f) is not None


def _to_answer(question: str, c: Composed, mode: str, t0: float, data: Any = None) -> Answer:
    """The answer of a composed reading; with `data`, the other lines of the report that print the figures it cites
    are cited too (cite.also_printed)."""
    if data is not None and c.kind != "abstain":
        from app.engine.cite import also_printed

        text, cites = also_printed(c.text, list(c.citations), data)
        c = replace(c, text=text, citations=cites)
    return Answer(text=c.text, citations=list(c.citations), abstained=c.kind == "abstain", mode=mode,
                  latency_ms=(time.perf_counter() - t0) * 1000.0, question=question, notes=list(c.notes))


MAX_HISTORY_TURNS = 8  # earlier turns a follow-up is read against (older ones are dropped)


def _turn_input(item: Any) -> tuple[str, Any | None]:
    """(question, its Answer when the caller kept it) of one history entry: a string or {"question", "answer"}."""
    if isinstance(item, str):
        return item, None
    if isinstance(item, dict) and isinstance(item.get("question"), str):
        ans = item.get("answer")
        return item["question"], ans if isinstance(ans, Answer) else None
    raise QuestionError("대화 기록(history)의 각 항목은 이전 질문 문자열이거나 {\"question\": ...} 형식이어야 합니다.")


def _read_again(q: str, u: Any, c: Composed, idx: Any, filters: dict[str, Any] | None,
                this_year: bool = True) -> tuple[Any, Composed]:
    """A refused standalone question read again: with the reports' words for its everyday ones
    ('방범카메라 새로 다는 건 몇 대?': 'CCTV'), as a project named by what it does ('… 자동 클릭 프로그램 막는 사업,
    예산 얼마?'), as a table row named by what it is ('안 쓰는 물품 팔아서 들어오는 돈': 불용품매각대금); then, when it
    asks of this year ('올해'), all of that again as of each earlier report's year, for a plan that report makes for its
    own year (`_as_an_earlier_reports_year`). The first reading answered (its understanding is marked resolved, so the
    answer says how it was read), else the refusal as it was."""
    readers = ([_in_reports_words] if u.frame.lang != "en" else []) + [
        lambda q_, idx_, f_: _as_described(q_, u.frame, idx_, f_),
        lambda q_, idx_, f_: _as_described_row(q_, u.frame, idx_, f_),
        lambda q_, idx_, f_: _as_described_series(q_, u.frame, idx_, f_)] + (
        [_in_glossed_words] if u.frame.lang != "en" else [])
    for reader in readers:
        again = reader(q, idx, filters)
        if again is not None:
            return again
    if u.frame.lang != "en":
        again = _described_in_reports_words(q, idx, filters)
        if again is not None:
            return again
        again = _term_named_by_description(q, u, idx)  # '… 반복해주는 프로그램, 보고서에선 뭐라고 불러요?'
        if again is not None:
            return again
        again = _unit_of_work_described(q, u, idx)  # '… 살피는 일은 어느 부서 몫이야?': no project or row
        if again is not None:  # named it; the unit's own line of duties does
            return again
        again = _unit_described_then_asked(q, idx, filters)  # '… 보존하고 전시도 하는 사업소, 그 안에 과가 …'
        if again is not None:
            return again
        # a project only some of the opinions named, read by its title last, once no other reading stood
        again = _as_described(q, u.frame, idx, filters, weak_ok=True)
        if again is not None:
            return again
    if this_year and u.frame.lang != "en":
        again = _as_an_earlier_reports_year(q, idx, filters)
        if again is not None:
            return again
    return u, c


def _described_in_reports_words(q: str, idx: Any, filters: dict[str, Any] | None) -> tuple[Any, Composed] | None:
    """A refused question that describes a project or a row in words the reports never print, read as described once
    its everyday words are in the reports' words ('기록원 창고에 움직이는 책장 …': 서고, 모빌랙; '재래시장 가게마다
    …': 전통시장): the thesaurus, its phrases found with words between, the glosses, and the glosses over the
    thesaurus's reading, each in turn; the first found and answered, else None. The readers of a description keep
    their own checks (retrievals that agree, what is asked printed)."""
    from app.engine import understand
    from app.engine.described import _agreed, described, in_reports_words
    from app.engine.lexicon import glosses
    from app.engine.normalize import glossed_words

    in_corpus = vocab_for(idx.data).in_corpus

    def readings() -> Iterator[tuple[str | None, str | None]]:  # (each made only when the one before found nothing)
        strict = in_reports_words(q, idx)
        yield strict, None
        loose = in_reports_words(q, idx, True)
        yield loose, None
        for plain in (q, strict, loose):
            yield plain and glossed_words(plain, glosses(), in_corpus), plain

    seen = {q}
    as_asked: list[tuple[str, str] | None] = []  # the passage both retrievals rank first for the question as asked
    for text, glossed_from in readings():
        if not text or text in seen:
            continue
        seen.add(text)
        frame = understand(text, idx.data, [], filters).frame
        found = described(text, idx, frame)
        if glossed_from is not None and not _one_project_each_gloss(glossed_from, text, found, idx, filters):
            continue
        if found is not None:
            if not as_asked:
                as_asked.append(_agreed(idx, q))
            if as_asked[0] in (None, (found.doc, found.passage)):
                # (both retrievals agree on another project for the question as asked: the reading is not trusted;
                # '… 다른 센터에 복사본 두는 사업' read as 백업 names the backup project, its 대표 홈페이지 the other)
                again = _as_described(text, frame, idx, filters, found)
                if again is not None:
                    return again
        again = _as_described_row(text, frame, idx, filters)
        if again is not None:
            return again
    return None


GLOSS_READINGS = 3  # the glosses of a word tried for a reading to stand ('복사': 백업, 복제, …)


def _one_project_each_gloss(plain: str, text: str, first: Any, idx: Any, filters: dict[str, Any] | None) -> bool:
    """Whether a description read word for word (`text`, each word's first gloss, describing `first`, or None)
    describes the same project when its words take their other glosses ('시청 직원들 …': 서울시 직원들, 본청
    직원들): a reading whose project another gloss of the same words does not find again is not trusted."""
    from app.engine import understand
    from app.engine.described import described
    from app.engine.lexicon import glosses
    from app.engine.normalize import glossed_words

    if first is None:
        return True  # (no project found: nothing to confirm)
    in_corpus = vocab_for(idx.data).in_corpus
    for k in range(1, GLOSS_READINGS):
        other = glossed_words(plain, glosses(), in_corpus, k)
        if not other or other == text:
            continue
        found = described(other, idx, understand(other, idx.data, [], filters).frame)
        if found is None or (found.doc, found.passage) != (first.doc, first.passage):
            return False  # (another reading that finds no project does not confirm the first's)
    return True


def _as_an_earlier_reports_year(q: str, idx: Any, filters: dict[str, Any] | None) -> tuple[Any, Composed] | None:
    """A refused question of this year ('디지털동행플라자 올해 몇 개소 추가 조성해?': the newest report's year) or of
    last year ('작년 이용자': the year before it) read again as of each earlier report, newest first ('올해' its year,
    '작년' the year before), as written and then as `_read_again` reads it: (its understanding, marked resolved so
    the answer names the year it was read as, and answer), or None."""
    from app.engine import understand
    from app.engine.normalize import as_year
    from app.engine.vocab import vocabulary

    if analyze(q, vocab_for(idx.data)).wants == "money":
        return None  # '올해 예산 얼마': an earlier report's budget is another year's, never this year's
    for year in vocabulary(idx.data).report_years[1:]:
        text = as_year(q, year)
        if text is None:
            return None
        u = understand(text, idx.data, [], filters)
        c = _answer_understood(u, idx, filters)
        if c.kind == "abstain" and not u.resolved:
            u, c = _read_again(text, u, c, idx, filters, this_year=False)
        if c.kind != "abstain" and len(_of_asked_years(u.frame, c.citations, idx.data)) < len(c.citations):
            continue  # a quoted line dated to another year ('(추진실적) 2024년 …'): not that year's plan alone
        if c.kind != "abstain":
            u.resolved = u.resolved or text
            return u, replace(c, notes=[*c.notes, f"the year asked has nothing on it; read as of the {year} report"])
    return None


def _prior_turns(history: list[Any] | None, idx: Any, filters: dict[str, Any] | None) -> list[Any]:
    """The conversation's earlier turns as the engine understood and answered them (re-answered when not given)."""
    if not history:
        return []
    if not isinstance(history, (list, tuple)):
        raise QuestionError("대화 기록(history)은 이전 질문들의 목록이어야 합니다.")
    from app.engine import understand
    from app.engine.conversation import turn_of
    from app.engine.vocab import vocabulary

    turns: list[Any] = []
    for item in list(history)[-MAX_HISTORY_TURNS:]:
        q, given = _turn_input(item)
        q = q.strip()
        if q:
            from app.pii import mask

            q = mask(check_question(q))
        if not q:
            continue
        u = understand(q, idx.data, turns, None)
        ans = given if given is not None else _answer_understood(u, idx, filters)
        if given is None and ans.kind == "abstain" and not turns and not u.resolved:
            # ('… 복합 공간, 몇 곳 더 만들어?' then '예산은?': the project the first question described is the subject)
            u, ans = _read_again(q, u, ans, idx, filters)
        turns.append(turn_of(q, u.frame, u.reading, ans, idx.data, vocabulary(idx.data)))
    return turns


_PER_UNIT = re.compile(r"(?:개소|[0-9일한]\s*인|명|대|건|곳|개|회|가구|기관|세대)\s*당(?![가-힣])")


def _answer_understood(u: Any, idx: Any, filters: dict[str, Any] | None) -> Composed:
    """The grounded answer of an understood question; a figure per unit ('개소당 얼마씩') only where a cited line prints
    one (a total divided by a count is not what the report says)."""
    c = _answer_understood_any(u, idx, filters)
    if c.kind != "abstain" and _PER_UNIT.search(u.frame.text) and not any(
            re.search(r"당|평균", x.quote or "") for x in c.citations):
        return _abstain("a figure per unit is asked; no cited line prints one", [])
    if c.kind != "abstain" and u.frame.lang == "en" and (names := _names_not_printed(u, idx)):
        # 'How many CCTV cameras were installed in Gangnam-gu?': a name the reports never print is not in them
        return _abstain(f"not in the corpus: {', '.join(names)}", [])
    grades = set(_GRADE.findall(u.frame.text))
    if c.kind != "abstain" and grades and not all(
            any(re.search(rf"(?<![\d.]){g}\s*급", x.quote or "") for x in c.citations) for g in grades):
        # '5급 이상 인원 몇 명': the people of a grade; a unit's whole headcount is not theirs
        return _abstain(f"a grade is asked ({', '.join(sorted(grades))}급); no cited line prints it", [])
    return c


def _quotes_none_of_the_terms_meant(q: str, c: Composed, idx: Any) -> bool:
    """Whether the question's everyday words stand, by the thesaurus, for terms the reports print ('집에서 일하는' →
    재택근무), the quote rests on one word asked ('직원') and no quoted line (nor its section) prints any of those
    terms: the quote is then of something else."""
    from app.engine.cite import section_of
    from app.engine.described import in_reports_words

    plain = in_reports_words(q, idx)  # (first: it is the cheaper check, and most questions have no such words)
    if not plain or any(w in compact(q) and w not in compact(plain) for w in _ASKING):
        return False  # (a reading that took a word of asking away is no reading of what was asked)
    if len(analyze(q, vocab_for(idx.data)).key_terms) > 1:
        return False  # (the quote rests on more than one word asked: the reader's own checks hold)
    asked = compact(q)
    meant = [compact(w) for w in plain.split() if len(compact(w)) >= 2 and compact(w) not in asked]
    if not meant:
        return False
    text = "".join(compact(x.quote or "") + compact(section_of(idx.data, x.doc, x.line_start)) for x in c.citations)
    return not any(m[:k] in text for m in meant for k in range(len(m), 1, -1) if k >= min(3, len(m)))


_ASKING = ("몇", "얼마", "언제", "어디", "누구", "무엇", "뭐", "어느")


def _names_not_printed(u: Any, idx: Any) -> list[str]:
    """The capitalised words of an English question that its Korean reading kept as they were (no English term
    renders them) and that the reports never print ('Gangnam-gu', 'Seobuk'): names of places or bodies the reports do
    not cover. The question's first word is left out ('What's', 'From')."""
    text = u.frame.text or ""
    first = re.match(r"\s*([A-Za-z][A-Za-z'\-]*)", text)
    opening = first.group(1).split("'")[0] if first else ""
    in_corpus = vocab_for(idx.data).in_corpus
    out = []
    for w in re.findall(r"(?<![A-Za-z])[A-Z][A-Za-z\-]{2,}", text):
        forms = {w, w.upper(), w.lower(), w.replace("-", ""), w.split("-")[0]}
        if w != opening and w.lower() not in _ENGLISH_FUNCTION_WORDS and not any(in_corpus(f) for f in forms) \
                and w not in out:
            out.append(w)
    return out


_ENGLISH_FUNCTION_WORDS = frozenset("what when where which who whom whose why how from the and for with does did are "
                                    "was were has have can could will would should is it its this that these those".split())
_GRADE = re.compile(r"(?<![\d.~])([1-9])\s*급(?![가-힣]*(?:지|제|여|식))")  # '5급 이상', '6급 직원' (not '등급')


def _measure_not_printed(c: Composed) -> bool:
    """Whether a refusal says the table holding the thing asked prints no such measure for it ('행정직 정원'): then
    no other reading may answer with another measure of it."""
    from app.compose import MEASURE_NOT_PRINTED

    return c.kind == "abstain" and any(n.startswith(MEASURE_NOT_PRINTED) for n in c.notes)


def _answer_understood_any(u: Any, idx: Any, filters: dict[str, Any] | None) -> Composed:
    """The grounded answer of an understood question: a table operation, else the passage reader."""
    from app.engine import answer_from_tables
    from app.engine.pipeline import focus_notes

    unreported = _as_of_not_reported(u.frame.text, idx.data)
    if unreported is not None:  # '2025년 12월 말 기준 집행률': no report is dated then; another date's figure is not it
        return _abstain(f"no report is dated {unreported}", list(idx.search(u.reading, k=3, method="bm25")))
    if u.frame.lang == "en" and not u.resolved:
        from app.engine.lexicon import lexicon
        from app.engine.normalize import unread_measure

        measure = unread_measure(u.frame.question, lexicon(), vocab_for(idx.data).in_corpus)
        if measure is not None:  # 'What is the annual salary of …': no word of the measure is one the reports print
            return _abstain(f"the measure asked ('{measure}') is not one the reports print", [])
    from app.engine.parse import FORMER_NAME_NOTE

    entry = _glossary_term_asked(u, idx.data)
    if entry is not None:  # '부정예약 방지에 쓰인다는 '동적 예약버튼'은 무슨 뜻이에요?', '와이파이가 뭐야?': its entry
        got = _glossary_entry(entry, idx.data)
        if got is not None:
            return _quoted_in_korean(u, got)

    if FORMER_NAME_NOTE in u.frame.notes and not (filters or {}).get("year"):
        filters = {**(filters or {}), "year": u.frame.report_year}  # (read in that report only)
    owner = _owner_claimed(u, idx, filters)
    if owner is not None:  # '서울서베이는 공간정보과 소관이지?': who owns it, read without the unit claimed
        return _quoted_in_korean(u, owner)
    table = answer_from_tables(u, idx.data, lambda q: list(idx.search(q, k=5, method="bm25")))
    if table is not None and _claim_of_another_kind(u.frame, table.text):
        table = None  # '… 정보자원 4,165식 맞아?': a cell of money is no check of a count of things claimed
    if table is not None:
        return Composed(text=table.text, citations=table.citations, kind=table.result.op,
                        notes=[f"engine: {table.result.op}", *focus_notes(table.result)])
    from app.engine.outline import outline_answer, parts_counted

    outline = parts_counted(u.frame.text, idx.data, u.frame.report_year)
    if outline is not None:  # '주요 현안업무 몇 개야?': the numbered parts under a heading of the report
        text, cites = outline_answer(outline, idx.data)
        return Composed(text=text, citations=cites, kind="extractive", notes=["outline: parts of a heading"])
    account = _project_account(u, idx.data)
    if account is not None:  # '○○ 사업 추진실적과 향후계획은?': the project's record and plan blocks
        return account
    uncovered = _headcount_year_not_reported(u.frame, idx.data)
    if uncovered is not None:  # '2024년 초 정원이랑 비교하면': no report prints a headcount for that year
        return _abstain(f"no report prints the headcount of {uncovered}", list(idx.search(u.reading, k=3, method="bm25")))
    if any(n.startswith(ASKED_REPORT_ROW) for n in u.frame.notes):
        # '서울기록원 디지털 아카이브 구축 집행률': the label the reader would match is the other report's row; the asked
        # report's own row is read by the engine
        from app.engine.pipeline import fallback_lookup

        table = fallback_lookup(u, idx.data)
        if table is not None:
            return _from_engine(table, "lookup", "the row as the asked report prints it")
    c = read(u.reading, idx, filters)
    if c.kind == "extractive" and (unit := _headcount_of_unprinted_unit(u.frame, c, idx.data)) is not None:
        # '데이터센터 기획관리과 정원은?': the department's row of figures quoted for one of its 과, whose own headcount
        # no line prints
        return _abstain(f"no quoted line prints a headcount of {unit}", [])
    if c.kind == "extractive" and (part := _part_of_a_project_budget(u.frame, c, idx.data)) is not None:
        # '… 450대 교체하는 데 들어가는 예산': the quoted 사업예산 is the whole project's, of which the 450대 are one part
        return _abstain(f"the budget of one part ({part}) is asked; the quoted budget is the whole project's", [])
    if c.kind != "abstain" and (kind := _place_not_named(u.frame.text, c)) is not None:
        # '… 신규 3개소는 각각 어느 자치구에 생겨?': lines about the centres that name no district are no answer
        return _abstain(f"a {kind} is asked; no quoted line names one", [])
    if c.kind == "figure" and _other_row(u.frame, c):
        # '2026년주소정보시설유지관리보조금발생이자…': the reader's cell is of a shorter name ('보조금') than the row the
        # linker found; that row's own cell answers, else nothing does
        from app.engine.pipeline import fallback_lookup

        table = fallback_lookup(u, idx.data)
        if table is not None:
            return _from_engine(table, "lookup", "the reader's cell was of another row")
        c = _abstain("the reader's cell is not of the row named", [])
    if c.kind == "figure" and u.frame.op == "who":  # '서울서베이 담당 과는?': a unit is asked, not the row's amount
        from app.engine.pipeline import fallback_who

        table = fallback_who(u, idx.data)
        if table is not None:
            return _from_engine(table, "who", "the reader gave a figure", u.frame)
        c = _abstain("a unit is asked; the reader found only a figure", [])
    if c.kind in ("figure", "change", "rate") and u.frame.op == "rank":
        # '감소액이 가장 큰 항목은?': the engine found no ranking to run; one cell the reader matched is not the first
        c = _abstain("a ranking is asked; the reader found one figure", [])
    from app.engine.pipeline import COUNT_ASKED

    if c.kind in ("figure", "change", "rate") and (u.frame.op == "count" or COUNT_ASKED.search(u.frame.text)) \
            and re.search(r"\d(?:천원|백만원|원|%)", c.text) \
            and not re.search(r"\d\s*(?:개|건|곳|명|종|대)(?![가-힣])", c.text.split("\n")[0]):
        # '집행률이 100%인 건 몇 개야?', '주차장 주차면수는 몇 면이야?': how many is asked; one cell of money or a
        # rate is not how many
        c = _abstain("a count is asked; the reader found an amount", [])
    if c.kind in ("figure", "change", "rate") and _WHERE_HELD.search(compact(u.frame.text)):
        # '2026년 드론 스포츠 경진대회는 어디서 열려?': where a thing is held is asked; a budget cell is no place
        c = _abstain("a place is asked; the reader found a figure", [])
    if c.kind == "figure" and (labelled := _labelled_line_asked(u.reading, idx.data, c)) is not None and (
            not u.frame.year_explicit or {d.doc: d.year for d in idx.data.documents}.get(labelled[0]) in u.frame.years):
        # '지능형 CCTV 사업 규모가 어떻게 돼?': a line prints that very label ('- CCTV 사업 규모 : 총 114억원, 신설 …');
        # it answers, not one budget cell of the row the other words name
        doc, line = labelled
        cites = _line_citations(idx.data, [(doc, line)])
        c = Composed(text=f"문서에 따르면 다음과 같습니다.\n- {cites[0].quote.strip(' -')} [1]", citations=cites,
                     kind="extractive", notes=["a line labelled with the words asked"])
    if c.kind == "extractive" and _counter_not_quoted(u.frame, c, idx.data):
        # '24년에 노후교체 몇 식 했어?': a count in '식' is asked; lines that count '대' of something else are no answer
        c = _abstain("the counter asked is printed on no quoted line", [])
    if c.kind in ("figure", "change", "rate") and _claim_of_another_kind(u.frame, c.text):
        # '… 정보자원 4,165식 맞아?': a count of things is claimed; one cell of money is no check of it
        c = _abstain("a count is claimed; the reader found another kind of figure", [])
    if c.kind == "extractive" and _TERM_NAME_ASKED.search(u.frame.text) and u.frame.lang != "en":
        # '… 재는 기술을 뭐라고 해?': the lines of one glossary entry quoted without its name; the answer names it
        c = _entry_quoted_named(c, idx.data) or c
    if c.kind == "extractive" and _TERM_NAME_ASKED.search(u.frame.text) and _glossary_entries_cited(c, idx.data) >= 2:
        # '… 확인하는 방식, 용어설명에선 뭐라고 불러?': lines of several glossary entries name none of them
        c = _abstain("a term's name is asked; the quoted lines are of several glossary entries", [])
    if c.kind == "extractive" and u.frame.op == "rank" and not any(_RANKED_WORDS.search(x.quote or "") for x in c.citations):
        # '49종 모델 중 가장 많이 쓰인 모델은?': lines about the models that rank none of them are no answer
        c = _abstain("a ranking is asked; no quoted line ranks anything", [])
    if c.kind == "abstain" and not _measure_not_printed(c):
        from app.engine.pipeline import fallback_lookup, fallback_who

        table = fallback_lookup(u, idx.data) or fallback_who(u, idx.data)
        if table is not None and not _describes_a_row_of(u, idx):
            return _from_engine(table, "lookup", "the reader found no passage", u.frame)
    if u.frame.op in ("sum", "diff") and c.kind in ("abstain", "extractive") and (each := _each_operand(u.reading)):
        # '서울지갑이랑 서울시민카드 회원수 합치면?': when what was quoted gives no operands, the two are read as
        # '… 각각' and computed on what that quotes
        from app.engine.quoted import arithmetic

        if c.kind == "abstain" or arithmetic(u.frame, c.citations) is None:
            again = read(each, idx, filters)
            if again.kind == "extractive" and arithmetic(u.frame, again.citations):
                c = replace(again, notes=[*again.notes, "each operand read"])
            elif c.kind == "abstain" and (apart := _read_apart(u, idx, filters)) is not None:
                c = apart  # '스마트라이프워크랑 서울 AI 페스타 소요예산 합치면?': two passages, one figure each
    if u.frame.op == "lookup" and c.kind in ("abstain", "extractive") and (each := _each_of_compared(u.reading)):
        # '서울시민카드 회원수가 서울지갑 회원수보다 얼마나 많아?': when what was quoted holds not both figures, the
        # two are read as '… 각각' and compared on what that quotes
        from app.engine.quoted import arithmetic

        if c.kind == "abstain" or arithmetic(u.frame, c.citations) is None:
            again = read(each, idx, filters)
            if again.kind == "extractive" and arithmetic(u.frame, again.citations):
                c = replace(again, notes=[*again.notes, "each of the two compared read"])
    if u.frame.op in ("diff", "compare", "lookup") and c.kind in ("abstain", "extractive") and (
            years := _read_years_apart(u, idx, filters)) is not None:
        c = years  # 'CCTV 신설 대수, 2024년 실적이랑 2025년 계획 차이': each year's line read on its own
    if c.kind == "abstain" and u.frame.op in ("lookup", "compare") and (which := which_more_of_two(u, idx, filters)):
        c = which  # '소요예산으로 보면 A랑 B 중 어느 쪽이 더 많아?': two passages, one figure each, compared
    if u.frame.op == "ratio" and c.kind in ("abstain", "extractive"):
        # '사업예산 중 펠로우십이 차지하는 비중': a part of a quoted whole, over the whole (read as an amount when
        # the reader found no percent printed)
        from app.engine.quoted import quoted_times, share, share_of_stated_whole

        got = share(u.frame, c.citations) if c.kind == "extractive" else None
        if got is None and (amount := _as_amount(u.reading)) != u.reading:
            again = read(amount, idx, filters)
            got = share(u.frame, again.citations) if again.kind == "extractive" else None
            if got is None and again.kind == "extractive":  # '55건 중에 … 몇 %': the whole is the one stated
                stated = share_of_stated_whole(u.frame, again.citations, idx.data)
                if stated is not None:
                    got, at = stated
                    whole = replace(_line_citations(idx.data, [at])[0], n=len(again.citations) + 1)
                    again = replace(again, citations=[*again.citations, whole])
            c = again if got else c
        if got:
            c = replace(c, text=got + "\n" + c.text, notes=[*c.notes, "share of a quoted whole"])
        elif c.kind == "extractive" and (times := quoted_times(u.frame.text, c.citations)) is not None:
            c = replace(c, text=times + "\n" + c.text, notes=[*c.notes, "times, of the change one quoted line prints"])
    if u.frame.op in ("sum", "diff", "lookup") and c.kind == "extractive":
        from app.engine.quoted import arithmetic

        computed = arithmetic(u.frame, _of_asked_years(u.frame, c.citations, idx.data))
        # ('2등급(5종)', '3·4등급(6종)' quoted: their sum, shown)
        if computed:
            c = replace(c, text=computed + "\n" + c.text, notes=[*c.notes, "computed on quoted figures"])
    if c.kind == "extractive":
        from app.engine.quoted import enumeration_near

        near = enumeration_near(u.frame, idx.data, c.citations)  # '6종이 뭐뭐야': the footnote that lists them
        if near is not None:
            said, (doc, line) = near
            if not any((x.doc, x.line_start) == (doc, line) for x in c.citations):
                extra = replace(_line_citations(idx.data, [(doc, line)])[0], n=len(c.citations) + 1)
                c = replace(c, citations=[*c.citations, extra])
                n = extra.n
            else:
                n = next(x.n for x in c.citations if (x.doc, x.line_start) == (doc, line))
            c = replace(c, text=f"{said}[{n}].\n" + c.text, notes=[*c.notes, "listed items near the quoted line"])
    if u.frame.op in ("lookup", "count") and c.kind == "extractive":
        from app.engine.quoted import count_listed

        counted = count_listed(u.frame, c.citations)  # 'A : a, b, c' quoted for '몇 개': the items counted
        if counted:
            c = replace(c, text=counted + "\n" + c.text, notes=[*c.notes, "counted quoted items"])
    if u.frame.counted_in and not u.resolved and compact(u.frame.counted_in) not in compact(u.reading) and \
            c.kind in ("abstain", "extractive"):
        # '데이터센터 장비 다 합치면 몇 식이야?': read in the one table that counts in the counter asked, when that
        # reading stands (else the question's own reading: '노후·신규 장비 몇 식 교체·도입해?' is a line's count)
        again = read(f"{u.frame.counted_in} {u.reading}", idx, filters)
        if again.kind != "abstain" and _counts_in(again.text, u.frame):
            c = replace(again, notes=[*again.notes, "read in the table that counts in the counter asked"])
    if u.frame.op == "verify" or claimed_owner(u.frame) or (asks_truth(u.frame.text) and c.kind != "abstain"
                                                             and not c.text.startswith(("네", "아니요", "Yes", "No"))):
        c = _judged(u, c, idx, filters)
    return _quoted_in_korean(u, c)


def _quoted_in_korean(u: Any, c: Composed) -> Composed:
    """An English question's answer from quoted lines, said to be quoted in Korean."""
    if u.frame.lang == "en" and c.kind != "abstain":
        return replace(c, text="From the reports (quoted in Korean): " + c.text)
    return c


_OPERATION_WORDS = re.compile(r"(?:다\s*)?(?:단순\s*)?(?:합치면|합하면|더하면|합산하면|합산해서|합산|합쳐서|합쳐|합계는?|총합은?|차이는?|차이가|빼면)")
_JOINED = re.compile(r"[가-힣A-Za-z0-9]+(?:이랑|랑|하고|과|와)\s+[가-힣A-Za-z0-9]+")


def _as_amount(reading: str) -> str:
    """'A 중 B가 차지하는 비중은?' as 'A 중 B 얼마?': the operands asked, for a share computed on what is quoted."""
    text = re.sub(r"(?:가|이)?\s*차지하는\s*", " ", reading)
    # ('市 부담 비율': the part's share of the cost is its share of the whole)
    text = re.sub(r"(?:부담|분담)(?:분|액|금)?(?:의|이|가)?\s*(?=비중|비율|몇\s*%|몇\s*퍼센트|퍼센트)", " ", text)
    stated = re.search(r"\d[\d,]*\s*(건|명|개소|개|대|곳|종|회|권)\s*(?:중|가운데)", text)
    asked = f" 몇 {stated.group(1)}" if stated else " 얼마"  # ('55건 중에 … 몇 %': a count of the same kind)
    text = re.sub(r"(?:비중|비율|퍼센트|몇\s*%|몇\s*퍼센트|몇\s*프로)(?:은|는|이|가|을|를)?(?:\s*몇\s*(?:%|퍼센트|프로))?",
                  asked, text)
    return re.sub(r"\s+", " ", text).strip()


def _each_operand(reading: str) -> str | None:
    """'A랑 B X 합치면 몇 명?' as 'A랑 B X 각각 몇 명?': the two operands asked each, so the reader quotes both;
    None when the question joins no two things or says no operation."""
    if not _JOINED.search(reading) or not _OPERATION_WORDS.search(reading):
        return None
    return re.sub(r"\s+", " ", _OPERATION_WORDS.sub(" 각각 ", reading, count=1)).strip()


_HOW_FAR = re.compile(r"\s*(?:얼마나|몇\s*\S+)\s*(?:더\s*)?(?:많|적|크|작|높|낮)")  # after 'A가 B보다'


_CLAIMED_ORDER = re.compile(r"\s*(?:더\s*)?(많|적|크|작|높|낮)")  # after 'A가 B보다': the order a yes/no claims
_ASKED_ORDER = {"많": "많아?", "적": "적어?", "크": "커?", "작": "작아?", "높": "높아?", "낮": "낮아?"}


def _compared_verdict(u: Any, c: Composed, idx: Any, filters: dict[str, Any] | None) -> Composed | None:
    """'A 회원수가 B보다 적지?': A and B read each (as 'A가 B보다 얼마나 적어?' is), their difference computed, and
    네 when it goes the way claimed, else 아니요; None when the two figures are not both quoted."""
    from app.engine.described import in_reports_words

    texts = [u.reading, u.frame.text, u.frame.question or ""]  # (a reading may drop the claim: '… 적다던데,')
    plain = in_reports_words(u.frame.question or u.reading, idx)  # ('새로 단 대수가' → '신설 대수가')
    for text in dict.fromkeys(texts + ([plain] if plain else [])):
        h = held_against(text)
        m = _CLAIMED_ORDER.match(h[2]) if h else None
        if m is None or _WH_WORD.search(text):
            continue
        got = _compared_in(u, c, idx, filters, text, h, m.group(1))
        if got is not None:
            return got
    return None


def _compared_in(u: Any, c: Composed, idx: Any, filters: dict[str, Any] | None, text: str, h: tuple[str, str, str],
                 claimed: str) -> Composed | None:
    """The yes/no verdict of `_compared_verdict` for one wording of the question, or None."""
    from app.engine.quoted import arithmetic

    asked = text[:len(text) - len(h[2])] + " 얼마나 " + _ASKED_ORDER[claimed]
    each = _each_of_compared(asked)
    if each is None:
        return None
    frame = replace(u.frame, op="lookup", text=asked)
    for got in (c, None):
        got = got or read(each, idx, filters)  # (each of the two read only when the first quotes settle nothing)
        computed = arithmetic(frame, got.citations) if got.kind == "extractive" else None
        said = re.search(r"보다\s*(?:약\s*)?[\d,.]+\S*\s*(많|적|높|낮|크|작)습니다", computed or "")
        if said:
            more = said.group(1) in "많높크"
            yes = more == (claimed in "많높크")
            return replace(got, text=("네. " if yes else "아니요. ") + computed + "\n" + got.text,
                           notes=[*got.notes, "two figures compared for a yes/no claim"])
    return None


_WH_WORD = re.compile(r"얼마|몇|어느|누구|언제|어디|뭐|무엇")


def _each_of_compared(reading: str) -> str | None:
    """'A 회원수가 B 회원수보다 얼마나 많아?' as 'A 회원수랑 B 회원수 각각 얼마야?': the two things compared asked each,
    so the reader quotes both; None when the question holds no two things compared so."""
    from app.engine.lexicon import raw_lexicon

    h = held_against(reading)
    if h is None or not _HOW_FAR.match(h[2]) or re.search(r"\d", h[1]) or any(
            w in compact(h[1]) for w in raw_lexicon().get("relative_years", {})):
        return None  # ('2026년이 2025년보다 …', '… 작년보다': years compared are read by their own reader)
    a, b = h[0].split(), h[1].split()
    if len(a) > 1 and len(b) > 1 and a[-1] == b[-1]:  # ('A 회원수가 B 회원수보다': the measure said once, after both)
        return f"{josa(' '.join(a[:-1]), '이랑/랑')} {' '.join(b[:-1])} {a[-1]} 각각 얼마야?"
    if len(a) > 1 and len(b) == 1:  # ('A 회원수가 B보다': B's measure is A's)
        return f"{josa(' '.join(a[:-1]), '이랑/랑')} {b[0]} {a[-1]} 각각 얼마야?"
    return f"{josa(' '.join(a), '이랑/랑')} {' '.join(b)} 각각 얼마야?"


_JOINER = re.compile(r"^(.+?)(?:이랑|랑|하고|과|와)$")


def operands_apart(reading: str, metric_cues: Any) -> tuple[list[str], str, str, str] | None:
    """'25년 A랑 B C 소요예산 합치면 얼마야?' as ([A, B C], what is asked of each ('소요예산'), the words before both
    ('25년'), the asking ('얼마야?')): the operand before the joining particle, the one after it up to the first word
    of a measure; None when the question joins no two things before a measure."""
    words = reading.split()
    j = next((i for i, w in enumerate(words) if _JOINER.match(w) and i + 1 < len(words)), None)
    if j is None:
        return None
    tail = next((i for i in range(j + 1, len(words)) if any(c in compact(words[i]) for c in metric_cues)), None)
    if tail is None:
        return _measure_first(words, j, metric_cues)
    if tail == j + 1:
        return None
    lead = [w for w in words[:j] if re.match(r"^(?:20)?\d{2}년|^20\d{2}$", w)]
    first = " ".join([w for w in words[:j] if w not in lead] + [_JOINER.match(words[j]).group(1)])
    second = " ".join(w for w in words[j + 1:tail] if not re.fullmatch(r"중|중에|중에서|가운데", w))
    ask_at = next((i for i in range(tail, len(words)) if _OPERATION_WORDS.match(words[i])), len(words))
    measure = " ".join(words[tail:ask_at])
    return [first, second], measure, " ".join(lead), "얼마야?"


_AMONG = re.compile(r"^(?:중|중에|중에서|중에선|가운데|둘\s*중|어느|어디|뭐가|어떤)")
_MEASURE_TAIL = re.compile(r"(?:으로|로|상|기준으로|기준)$")


def _measure_first(words: list[str], j: int, metric_cues: Any) -> tuple[list[str], str, str, str] | None:
    """'25년 소요예산으로 보면 A랑 B 중 어느 쪽이 더 많아?': the measure said before the two things: (the two, the
    measure, the years before, the asking); None when no measure word stands before the first."""
    at = next((i for i in range(j - 1, -1, -1) if any(c in compact(words[i]) for c in metric_cues)), None)
    end = next((i for i in range(j + 1, len(words)) if _AMONG.match(words[i])), None)
    if at is None or end is None or end == j + 1:
        return None
    start = at + 1
    while start < j and re.fullmatch(r"보면|보니|봤을\s*때|기준으로?|놓고|볼\s*때|따지면", words[start]):
        start += 1
    if start > j:
        return None
    lead = [w for w in words[:at] if re.match(r"^(?:20)?\d{2}년|^20\d{2}$", w)]
    first = " ".join(words[start:j] + [_JOINER.match(words[j]).group(1)])
    second = " ".join(words[j + 1:end])
    measure = _MEASURE_TAIL.sub("", words[at]) or words[at]
    return [first, second], measure, " ".join(lead), "얼마야?"


_WHICH_MORE = re.compile(r"(?:어느|어디|뭐가|어떤|누가)[^?]{0,10}?더\s*(?:많|크|큰|커|높|적|작|낮)")


def which_more_of_two(u: Any, idx: Any, filters: dict[str, Any] | None) -> Composed | None:
    """'A랑 B 중 어느 쪽이 더 많아?' of two things no one passage holds: each read on its own and the two figures
    compared (the larger named, with the difference); None when the question asks no such choice or either read
    gives no figure."""
    if not _WHICH_MORE.search(u.frame.text):
        return None
    return _read_apart(u, idx, filters, "diff")


def _read_apart(u: Any, idx: Any, filters: dict[str, Any] | None, op: str | None = None) -> Composed | None:
    """A sum or difference of two things no one passage holds, each read on its own ('… 소요예산 얼마야?') and the
    first figure each quotes (not a part of another) added or subtracted (`quoted.of_each_read_apart`); None when
    either is refused or no figure pair is found."""
    from app.engine.lexicon import lexicon
    from app.engine.quoted import of_each_read_apart

    cues = [c for m in lexicon().metrics.values() for c in m.cues if len(c) >= 2]
    parts = operands_apart(u.reading, cues)
    if parts is None:
        return None
    names, measure, lead, ask = parts
    reads = [read(" ".join(x for x in (lead, name, measure, ask) if x), idx, filters) for name in names]
    if any(r.kind != "extractive" or not r.citations for r in reads):
        return None
    first = list(reads[0].citations[:1])
    second = [replace(c, n=c.n + len(first)) for c in reads[1].citations[:1]]
    line = of_each_read_apart(op or u.frame.op, [(names[0], first), (names[1], second)])
    if line is None:
        return None
    body = "\n".join(f"- {c.quote.lstrip('- ').strip()} [{c.n}]" for c in [*first, *second])
    return Composed(text=line + "\n" + body, citations=[*first, *second], kind="computed",
                    notes=["each operand read apart"])


_PLAN_OR_RECORD = frozenset({"실적", "계획", "예정", "목표", "추진실적", "추진계획", "대수", "건수"})
_TWO_YEARS_ASKED = re.compile(r"차이|늘었|줄었|늘어|줄어|증가|감소|보다|비교|변했|달라|어느\s*쪽|더\s*(?:많|적|크|작)")
_YEAR_WORDS = re.compile(r"(?:20)?\d{2}\s*년(?:도)?(?:에|의|엔|에는|은|는)?|['’]\d{2}년?")


_COUNTED_WORD = re.compile(r"([가-힣A-Za-z]{2,}?)(?:한|된|할|하는|될|된\s*것)?(?:\s*(?:실적|계획|예정|목표))?\s*$")


def _read_years_apart(u: Any, idx: Any, filters: dict[str, Any] | None) -> Composed | None:
    """A change of one thing between two years that no table holds, each year read on its own ('2024년 CCTV 신설
    몇 대', '2025년 CCTV 신설 몇 대') and the thing's figure in each compared (`quoted.of_two_years`); None unless two
    years are asked, the question names no table row or unit, both readings quote a line and the figures agree in
    unit."""
    from app.engine.quoted import of_two_years

    f = u.frame
    years = sorted(set(f.years))
    if len(years) != 2 or f.units or f.rows or not _TWO_YEARS_ASKED.search(f.key):
        return None
    a = analyze(_YEAR_WORDS.sub(" ", u.reading), vocab_for(idx.data))
    terms = [t for t in a.key_terms if not re.search(r"\d", t) and t not in _PLAN_OR_RECORD]
    counter = re.search(r"몇\s*([가-힣]{1,2})|대수|건수|인원", f.text)
    if not terms or counter is None:
        return None
    counted = _COUNTED_WORD.search(f.text[:counter.start()]) if not counter.group(1) else None
    if counted and counted.group(1) not in terms and counted.group(1) not in _PLAN_OR_RECORD:
        terms.append(counted.group(1))  # '신설한 대수', '신설 계획 대수': the figure is labelled by '신설' 
    ask = f"몇 {counter.group(1)}" if counter.group(1) else {"대수": "몇 대", "건수": "몇 건", "인원": "몇 명"}[counter.group(0)]
    thing = " ".join(terms)
    reads = [(y, read(f"{y}년 {thing} {ask}", idx, filters)) for y in years]
    if any(r.kind != "extractive" or not r.citations for _, r in reads):
        return None
    first = list(reads[0][1].citations[:1])
    second = [replace(x, n=x.n + len(first)) for x in reads[1][1].citations[:1]]
    if (first[0].doc, first[0].line_start) == (second[0].doc, second[0].line_start):
        return None  # (one line read for both years: it dates one of them at most)
    line = of_two_years(thing, [(years[0], first), (years[1], second)])
    if line is None:
        return None
    body = "\n".join(f"- {x.quote.lstrip('- ').strip()} [{x.n}]" for x in [*first, *second])
    return Composed(text=line + "\n" + body, citations=[*first, *second], kind="computed",
                    notes=["each year read apart"])


_SAME_COUNTERS = ({"개", "개소", "곳", "군데"}, {"명", "인"})
_MAGNITUDE = r"(?:[만천백억조]\s*)?"  # '100만 가구'


def _counter_not_quoted(f: Any, c: Composed, data: Any) -> bool:
    """Whether the question asks how many in a counter of its own ('몇 식', '몇 종', '몇 대'; not the counters of
    anything, nor a magnitude of money '몇 억'), one the reports print after a figure somewhere, and no quoted line
    prints a figure in it while some prints a figure in another counter."""
    from app.engine.parse import GENERAL_COUNTERS, counter_asked

    counter = counter_asked(f.text)
    if counter is None or counter[:1] in GENERAL_COUNTERS or counter in GENERAL_COUNTERS or counter[:1] in "만천백억조":
        return False
    kin = next((g for g in _SAME_COUNTERS if counter in g or counter[:1] in g), {counter})
    pattern = r"\d\s*" + _MAGNITUDE + r"(?:" + "|".join(map(re.escape, sorted(kin, key=len, reverse=True))) + r")(?![가-힣])"
    if not re.search(pattern, vocab_for(data).corpus_compact):
        return False  # ('몇이야', '몇 군데': no figure of the reports is counted so)
    quotes = " ".join(x.quote or "" for x in c.citations)
    return bool(re.search(r"\d\s*[가-힣]", quotes)) and not re.search(pattern, quotes)


def _counts_in(text: str, f: Any) -> bool:
    """Whether an answer prints a figure in the counter the question asks or claims ('몇 식' → '4,165식')."""
    from app.engine.parse import counter_asked

    counter = counter_asked(f.text) or (f.claim.unit if f.claim is not None else None)
    return bool(counter) and bool(re.search(r"\d\s*(?:" + re.escape(counter) + "|" + re.escape(counter[:1]) + r")(?![가-힣])",
                                             text))


def _claim_of_another_kind(f: Any, text: str) -> bool:
    """Whether a yes/no question claims a count of things ('4,165식', '30개') and the table answer gives no verdict
    and no figure of that counter: its cell is another kind of figure (money, a rate) of the thing."""
    claim = f.claim
    if claim is None or not claim.unit or claim.unit in ("원", "%") or not asks_truth(f.text):
        return False
    if text.startswith(("네", "아니요", "Yes", "No")):
        return False
    return not re.search(r"\d\s*" + re.escape(claim.unit) + r"(?![가-힣])", text)


_WHERE_HELD = re.compile(r"어디(?:서|에서)|장소|개최지")
_LINE_LABEL = re.compile(r"^[\s\-·○■□※*]*([^:：()\[\]|]{2,24}?)\s*[:：]\s*\S")
LABEL_MIN = 5  # letters of a line's label that the question must hold whole ('CCTV사업규모')
LABEL_SHARED = 3  # letters the label shares with the figure's row ('CCTV'), and letters it says beyond them


def _labelled_line_asked(question: str, data: Any, figure: Composed) -> tuple[str, int] | None:
    """The one line whose label ('- CCTV 사업 규모 : …') the question holds whole and that says more of the figure's
    row than its name ('CCTV' of the row '지능형 CCTV 고도화', and '사업 규모'), or None (no such label; a label printed
    on more than one line, such as '사업예산'; a label that only names the row, '서울AI재단', or names another thing,
    '디지털도시국 인력' for a unit's headcount)."""
    from difflib import SequenceMatcher
    from app.indexcache import derived

    def build() -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        for d in data.documents:
            for n, line in enumerate(data.lines(d.doc), 1):
                m = _LINE_LABEL.match(line)
                if m and len(compact(m.group(1))) >= LABEL_MIN:
                    out.setdefault(compact(m.group(1)), []).append((d.doc, n))
        return out

    key = compact(question)
    found = [(label, at) for label, at in derived(data, "line_labels", build).items() if label in key]
    if len(found) != 1 or len(found[0][1]) != 1:
        return None
    label = found[0][0]
    rows = [compact((x.row_path or "").split(">")[-1]) for x in figure.citations if x.row_path]
    for row in rows:
        m = SequenceMatcher(None, label, row).find_longest_match(0, len(label), 0, len(row))
        if m.size >= LABEL_SHARED and len(label) - m.size >= LABEL_SHARED:
            return found[0][1][0]
    return None


GLOSSARY_LEAD = "문서의 용어 설명입니다"


def _glossary_term_asked(u: Any, data: Any) -> Any | None:
    """The glossary entry a definition question asks of ('부정예약 방지에 쓰인다는 '동적 예약버튼'은 무슨 뜻이에요?',
    '와이파이가 뭐야?'): the term is the last thing named, a word of its own (not '공공와이파이'), and only the asking
    follows it; None otherwise."""
    from app.engine.vocab import vocabulary

    if u.frame.op != "define" or u.resolved:
        return None
    text = u.frame.text
    key = compact(text)
    v = vocabulary(data)
    for e in sorted((e for k, es in v.entries.items() if len(k) >= 2 and k in key for e in es if e.kind == "glossary"),
                    key=lambda e: -len(e.key)):
        at = key.rfind(e.key)
        tail = key[at + len(e.key):]
        if not re.fullmatch(r"['’‘\"”“]?(?:은|는|이|가|란|이란|라는게|이라는게|라는건|이라는건)?\s*"
                            r"(?:무슨|뭔|뭐|무엇|어떤|어떻게)\S*", tail):
            continue
        before = key[:at].rstrip("'’‘\"”“")
        if before and re.search(r"[가-힣A-Za-z0-9]$", before) and not _word_starts(text, e.key):
            continue  # ('공공와이파이': the term is part of another word)
        return e
    return None


def _word_starts(text: str, term_key: str) -> bool:
    """Whether the compact term begins a word of the text (after a space, a quote or the start)."""
    pattern = r"(?:^|[\s'’‘\"”“(])" + r"\s*".join(map(re.escape, term_key))
    return re.search(pattern, text) is not None


def _glossary_entry(entry: Any, data: Any) -> Composed | None:
    """The glossary section of an entry quoted: its '■ term' heading and the explanation lines after it."""
    from app.engine.cite import _section_or_none

    sec = _section_or_none(data, entry.refs[0]) if entry.refs else None
    if sec is None:
        return None
    lines = data.lines(sec.doc)
    picked = [n for n in range(sec.line_start, sec.line_end + 1)
              if lines[n - 1].strip() and not re.match(r"^\s*[-*]?\s*(?:업무보고|p\.)", lines[n - 1].strip())]
    picked = picked[:MAX_GLOSSARY_LINES]
    if len(picked) < 2:
        return None
    cites = _line_citations(data, [(sec.doc, n) for n in picked])
    body = "\n".join(f"- {c.quote.strip(' -')} [{c.n}]" for c in cites)
    return Composed(text=f"{GLOSSARY_LEAD}.\n{body}", citations=cites, kind="extractive",
                    notes=["the glossary entry of the term asked"])


MAX_GLOSSARY_LINES = 5


def _owner_claimed(u: Any, idx: Any, filters: dict[str, Any] | None) -> Composed | None:
    """A unit claimed to own a thing, answered by the reader's owner of it (the question asked as '… 담당 부서는
    어디야?'): 네 or 아니요 with the owner printed; None when no owner claim or the reading states none."""
    from app.engine.claims import judge_owner, lead, owner_question

    asked = owner_question(u.frame, u.reading)
    if asked is None:
        return None
    again = read(asked, idx, filters)
    v = judge_owner(u.frame, again.text) if again.kind != "abstain" else None
    return replace(again, text=lead(v, u.frame.lang) + again.text, notes=[*again.notes, "owner claimed"]) if v else None


def _from_engine(table: Any, kind: str, why: str, frame: Any = None) -> Composed:
    """The engine's table answer, taken instead of the reader's (why, for the notes); a yes/no question's claimed
    owner ('… 공간정보과 담당 맞아?') checked against the owner it states."""
    from app.engine.claims import judge_owner, lead
    from app.engine.pipeline import focus_notes

    text = table.text
    if frame is not None and (v := judge_owner(frame, text)) is not None:
        text = lead(v, frame.lang) + text
    return Composed(text=text, citations=table.citations, kind=kind,
                    notes=[f"engine: {kind} ({why})", *focus_notes(table.result)])


def _headcount_of_unprinted_unit(f: Any, c: Composed, data: Any) -> str | None:
    """The unit below a department (a 과 of a 사업소, a team) whose headcount is asked when no quoted line prints a
    figure of people next to its name, nor is a table row or column of it: the figures quoted are other units'. None
    when the question asks something else, names no such unit, or a quoted line prints its figure."""
    from app.engine.lexicon import lexicon
    from app.engine.vocab import vocabulary

    metrics = lexicon().metrics
    asked = [metrics[m] for m in f.metrics if m in metrics and metrics[m].kind == "count"]
    if f.op != "lookup" or not asked or not any(
            r.unit == "명" and any(p.search(r.column) for m in asked for p in m.columns) for r in data.all_records()):
        return None  # (a count of teams, '팀 수', is no headcount)
    vocab = vocabulary(data)
    named = [compact(x) for x in [*f.rows, *f.units]
             if any(e.kind in ("unit", "team") for e in vocab.get(compact(x)))]
    if not named:
        return None
    for x in c.citations:
        quote = compact(x.quote or "")
        if not re.search(r"\d[\d,]*명", quote):
            continue
        labels = {compact(lab) for r in data.records_on_line(x.doc, x.line_start)
                  for lab in (*r.row_path, r.column)}
        if all(k in quote and not labels or k in labels for k in named):
            return None
    return named[0]


_QUANTITY = re.compile(r"(?<![\d.,])(\d[\d,]*)\s*(대|개소|곳|명|건|개|종|식|기|km)(?![가-힣]*원)")


def _part_of_a_project_budget(f: Any, c: Composed, data: Any = None) -> str | None:
    """The quantity that names one part of a project ('450대 교체하는 데 드는 예산') when a budget is asked and the
    quoted money is a project's whole budget line ('사업예산 : 17,963백만원') while the quantity is printed on another
    line of the same project (quoted, or in the numbered section around the budget line): that budget is not the
    part's. None otherwise."""
    from app.engine.cite import numbered_span
    from app.engine.tables import is_project_budget_line

    if "budget" not in f.metrics:
        return None
    quotes = [x.quote or "" for x in c.citations]
    if not any(is_project_budget_line(q) for q in quotes):
        return None
    around: list[str] = []
    for x in c.citations:
        span = numbered_span(data, x.doc, x.line_start) if data is not None and is_project_budget_line(x.quote or "") else None
        if span is not None:
            lines = data.lines(x.doc)
            around += [ln for i, ln in enumerate(lines[span[0] - 1:span[1]], span[0]) if i != x.line_start]
    for m in _QUANTITY.finditer(f.text):
        said = compact(m.group(0))
        if any(said in compact(q) and not is_project_budget_line(q) for q in quotes + around):
            return m.group(0)
    return None


def _place_not_named(question: str, c: Composed) -> str | None:
    """The kind of place asked by 'which' (lexicon `places`: '어느 자치구에') when no quoted line names a place of
    that kind; None when no such place is asked or a quoted line names one."""
    from app.engine.lexicon import raw_lexicon

    said = compact(question).lower()
    for kind, place in raw_lexicon().get("places", {}).items():
        if not isinstance(place, dict):
            continue
        asked = [compact(a).lower() for a in place.get("asked", [])]
        if not any(re.search(re.escape(a) + (r"(?:[에야이가로도]|인지|인가|$|[^가-힣])" if a.endswith("구") else ""), said)
                   for a in asked):  # ('어느 구역' is no district: a cue ending in 구 ends the word)
            continue
        names = {x for n in place.get("names", []) for x in (n, n[:-1] if len(n) >= 3 else n)}  # '(영등포)' too
        if not any(re.search(r"(?<![가-힣])" + re.escape(n), x.quote or "") for n in names for x in c.citations):
            return kind
    return None


def _other_row(f: Any, c: Composed) -> bool:
    """Whether every table cell the reader cited lies on a row other than the (longer) rows the question names."""
    rows = [compact(re.sub(r"[()]", "", r)) for r in f.rows]
    paths = [compact(re.sub(r"[()]", "", x.row_path or "")).split(">") for x in c.citations if x.row_path]

    def left(r: str, path: list[str]) -> str:  # what the named row says beyond the cell's path ('도시개발특별회계': '')
        for part in path:
            r = r.replace(part, "", 1)
        return r

    return bool(rows and paths) and all(
        any(path[-1] in r and len(left(r, path)) >= 2 for r in rows) for path in paths)


def _grounded_answer(question: str, filters: dict[str, Any] | None, index: Any | None, t0: float,
                     history: list[Any] | None = None) -> Answer:
    from app.pii import mask

    q = mask(check_question(question))  # the question is answered (and logged) with personal data masked
    idx = _open(index)
    from app.engine import understand

    from app.engine.conversation import topic_switched

    switched = topic_switched(q) if history else None
    if switched:  # '그건 그렇고, …': a question of its own, whatever came before
        q, history = switched, None
    prior = _prior_turns(history, idx, filters)
    counted = (_count_of_last_answer(q, prior, idx.data) or _owner_of_last_item(q, prior, idx.data)
               or _remainder_of_last_answer(q, prior, idx.data)) if prior else None
    if counted is not None:  # '몇 개야?' after a quoted enumeration; '그건 어느 과 소관이야?' after an audit item
        return _to_answer(question, counted, GROUNDED, t0, idx.data)
    in_quote = _named_in_last_quote(q, prior, idx, filters) if prior else None
    if in_quote is not None:  # '교체는?' after a quoted '신설 1,880대, 교체 3,313대': that line's figure
        c, what = in_quote
        out = _to_answer(question, replace(c, text=f"'{what}'(으)로 이해했습니다. " + c.text) if what else c,
                         GROUNDED, t0, idx.data)
        out.resolved = what
        return out
    on_results = _on_last_results(q, prior, idx.data) if prior else None
    if on_results is not None:  # '차이는?', '다 합치면?', '나머지는?': computed on the figures the answers stated
        c, what = on_results
        out = _to_answer(question, replace(c, text=f"'{what}'(으)로 이해했습니다. " + c.text), GROUNDED, t0, idx.data)
        out.resolved = what
        return out
    u = understand(q, idx.data, prior, filters)
    u = _as_definition(u)
    if _ranks_beyond_the_quote(q, u, prior):
        c = Composed(text=ABSTAIN_TEXT, citations=[], kind="abstain",
                     notes=["a ranking among what the last answer quoted is not a ranking of the tables' rows"])
        out = _to_answer(question, c, GROUNDED, t0, idx.data)
        out.resolved = u.resolved
        return out
    c = _answer_understood(u, idx, filters)
    if c.kind == "extractive" and not prior and not u.resolved and _quotes_none_of_the_terms_meant(q, c, idx):
        # '직원들 집에서 일하는 거 얼마나 늘린다고 …': lines that only print '직원' are not of 재택근무, the term the
        # asker's words stand for; the question is read in the reports' words, or refused
        c = _abstain("the question's everyday words stand for terms no quoted line prints", [])
    if c.kind == "abstain" and not prior and not u.resolved:
        u, c = _read_again(q, u, c, idx, filters)
    if c.kind == "abstain" and u.frame.lang == "en" and not u.resolved:
        other = _other_english_reading(q, idx, filters)  # 'launched': 개시 found nothing; 출범 is the report's word
        if other is not None:
            c = other
    if c.kind == "extractive":
        from app.engine.quoted import each_unanswered, selection_unnamed

        if selection_unnamed(q, c.citations):  # '대상 자치구 어디로 선정됐어?' quoted with '5월(대상자치구 선정)'
            c = _abstain("a selection's outcome is asked; the quoted lines only schedule it", [])
        elif each_unanswered(q, c.citations):  # '3개소는 각각 얼마씩?' quoted with one total: no sum of each
            c = _abstain("a sum of each thing is asked; the quoted lines print one total", [])
    if u.resolved:
        c = replace(c, text=f"'{u.resolved}'(으)로 이해했습니다. " + c.text)
    out = _to_answer(question, c, GROUNDED, t0, idx.data)
    out.resolved = u.resolved
    out.notes.extend(n for n in u.frame.notes if n.startswith("parser:"))  # which parser read it (LLM or built-in)
    return out


def _ranks_beyond_the_quote(q: str, u: Any, prior: list[Any]) -> bool:
    """'그중에 제일 큰 항목은?' / '그중에 제일 먼저 시작하는 거?' after an answer that listed no items of a table (a
    budget's parts, a schedule quoted): read as a ranking of every row of a table, it would name another thing's
    figure, so it is refused."""
    from app.engine.conversation import AMONG

    f = u.frame
    if not prior or len(prior[-1].items) >= 2 or prior[-1].refused:
        return False
    if prior[-1].frame.klass == "department" or re.search(r"부서|과별|별로|별\s|별$", prior[-1].question):
        return False  # (units ranked after '부서별로 알려줘' answered with the total: the units are what was asked)
    return bool(AMONG.search(q)) and f.op == "rank" and not (f.units or f.rows or f.parts or f.projects)


_TERM_NAME_ASKED = re.compile(r"뭐라고\s*(?:불|부르|해|하|칭)|(?:이름|명칭|용어)(?:이|은|는|을)?\s*(?:뭐|무엇|어떻게)"
                              r"|(?:영어\s*)?약자로|약어(?:로|는|가)?")
_WHERE_NAMED = re.compile(r"[,\s]*(?:(?:보고서|문서|업무보고|용어\s*설명|여기)(?:에서는|에선|에서|에는|엔|의)?\s*)*$")
# the kind of thing a glossary term is, as the description ends ('… 반복해주는 프로그램', '… 재는 기술')
_TERM_KIND = re.compile(r"(?:기술|방식|방법|기법|개념|용어|프로그램|소프트웨어|장치|기능|코드|(?<=[는은던]\s)(?:거|것))"
                        r"(?:을|를|은|는|이|가)?$")  # ('… 치게 하는 거 뭐라고 해?': a thing said by what it does)
MIN_TERM_CONCEPTS = 4  # words of the description (or their glosses) the glossary entry must print
TERM_LEAD = 3  # and by how many more than any other entry


def _glossary_entries_cited(c: Composed, data: Any) -> int:
    """How many glossary entries (sections under a '용어' heading) an answer's citations quote lines of."""
    return len({(x.doc, sec.section_id) for x in c.citations
                if (sec := _glossary_section(data, x.doc, x.line_start)) is not None})


def _glossary_section(data: Any, doc: str, line: int) -> Any | None:
    """The glossary entry (a section under a '용어' heading) a line stands in, or None."""
    from app.indexcache import sections_of

    return next((s for s in sections_of(data, doc) if s.line_start <= line <= s.line_end
                 and any("용어" in p for p in s.path[:-1])), None)


def _entry_quoted_named(c: Composed, data: Any) -> Composed | None:
    """An answer that quotes only the explanation of one glossary entry (or a footnote that defines a term) while a
    term's name is asked, given again as that entry with its name said first; None when it quotes anything else or
    names the term already."""
    from app.engine.vocab import vocabulary

    if not c.citations:
        return None
    secs = {sec.section_id if (sec := _glossary_section(data, x.doc, x.line_start)) is not None else None
            for x in c.citations}
    if len(secs) == 1 and None not in secs:
        ref = secs.pop()
        entry = next((e for es in vocabulary(data).entries.values() for e in es
                      if e.kind == "glossary" and e.refs and e.refs[0] == ref), None)
        if entry is None or compact(entry.text) in compact(c.text):
            return None
        quoted = _glossary_entry(entry, data)
        if quoted is None:
            return None
        return replace(quoted, text=f"용어설명의 '{entry.text}'입니다. " + quoted.text,
                       notes=[*quoted.notes, f"term quoted, named: {entry.text}"])
    defined = {(d, ln): name for d, ln, name, _ in _footnote_definitions(data)}
    if len(c.citations) == 1 and (name := defined.get((c.citations[0].doc, c.citations[0].line_start))):
        if compact(name) in compact(c.text.split("\n", 1)[0]):
            return None
        return replace(c, text=f"'{name}'입니다. " + c.text, notes=[*c.notes, f"term quoted, named: {name}"])
    return None


def _term_named_by_description(q: str, u: Any, idx: Any) -> tuple[Any, Composed] | None:
    """'사람 대신 … 클릭하는 걸 저장해뒀다가 자동으로 반복해주는 프로그램, 보고서에선 뭐라고 불러요?': the glossary term
    whose explanation prints most of the description's words (their glosses too), MIN_TERM_CONCEPTS or more and
    TERM_LEAD more than any other entry, named and its entry quoted; None when no name is asked, a glossary term
    is named already, or no entry stands out. `u`: the question as understood (its reading is returned resolved)."""
    from app.engine.cite import _section_or_none
    from app.engine.described import _concept_forms
    from app.engine.vocab import vocabulary

    m = _TERM_NAME_ASKED.search(q)
    if m is None or u.frame.lang == "en":
        return None
    description = re.sub(r"(?<=[가-힣])(?:을|를|은|는)$", "", _WHERE_NAMED.sub("", q[:m.start()]).strip(" ,"))
    if not _TERM_KIND.search(description):
        return None  # ('… 로그인되는 거, 그 서비스 이름이 뭐였지?': a service's name is a project's, not a term's)
    v = vocabulary(idx.data)
    key = compact(q)
    entries: dict[str, Any] = {}
    for k, es in v.entries.items():
        for e in es:
            if e.kind == "glossary" and e.refs:
                if len(k) >= 2 and k in key:
                    return None  # ('SDP를 영어 약자로 뭐라고 …': the term is named; its own reading answers)
                entries.setdefault(e.refs[0], e)
    forms = [f for f in _concept_forms(description) if f]
    if len(forms) < MIN_TERM_CONCEPTS:
        return None
    scored: list[tuple[int, Any]] = []
    for ref, e in entries.items():
        sec = _section_or_none(idx.data, ref)
        if sec is None:
            continue
        text = compact(" ".join(idx.data.lines(sec.doc)[sec.line_start - 1:sec.line_end])).lower()
        scored.append((sum(any(x in text for x in f) for f in forms), e))
    for doc, ln, name, said in _footnote_definitions(idx.data):  # ('* SDP : 사용자와 기기의 신원을 …')
        if compact(name) in key:
            return None  # (the term is named: its own reading answers)
        text = compact(said).lower()
        scored.append((sum(any(x in text for x in f) for f in forms), (doc, ln, name)))
    scored.sort(key=lambda x: -x[0])
    if not scored or scored[0][0] < MIN_TERM_CONCEPTS or \
            (len(scored) > 1 and scored[0][0] - scored[1][0] < TERM_LEAD):
        return None
    term = scored[0][1]
    if isinstance(term, tuple):  # a term a footnote defines where the report uses it
        doc, ln, name = term
        cites = _line_citations(idx.data, [(doc, ln)])
        text = f"'{name}'입니다. 문서의 설명입니다.\n- {cites[0].quote.strip(' -*')} [1]"
        return replace(u, resolved=f"{description}: 용어"), Composed(
            text=text, citations=cites, kind="extractive", notes=[f"term described: {name} (a footnote's definition)"])
    entry = _glossary_entry(term, idx.data)
    if entry is None:
        return None
    text = f"용어설명의 '{term.text}'입니다. " + entry.text
    return replace(u, resolved=f"{description}: 용어"), replace(entry, text=text,
                                                               notes=[*entry.notes, f"term described: {term.text}"])


_FOOTNOTE_DEFINITION = re.compile(r"^\s*[-·]?\s*(?:\*+|※)\s*([A-Za-z][A-Za-z0-9\-]{1,15}|[가-힣A-Za-z0-9 ]{2,15}?)\s*[:：]\s*(.{8,})$")


def _footnote_definitions(data: Any) -> list[tuple[str, int, str, str]]:
    """The terms a report defines in a footnote where it uses them ('* SDP : 사용자와 기기의 신원을 먼저 확인한 후, …'):
    (doc, line, term, definition) for every such line of every report."""
    from app.indexcache import derived

    def build() -> list[tuple[str, int, str, str]]:
        out = []
        for d in data.documents:
            for i, line in enumerate(data.lines(d.doc), start=1):
                m = _FOOTNOTE_DEFINITION.match(line)
                if m and not re.search(r"\d", m.group(1)) and not re.search(r"[\d,]+\s*(?:백만원|천원|억|명|개|건|대)", m.group(2)):
                    out.append((d.doc, i, m.group(1).strip(), m.group(2).strip()))
        return out

    return derived(data, "footnote_definitions", build)


_WORK_ASKED = re.compile(r"\s*(?:일|업무|거|것|건)?\s*(?:은|는|이|가)?\s*,?\s*(?:어느|어떤|무슨|어디|누가|누구)")


def _units_of_work(subject: str, idx: Any) -> Iterator[tuple[str, tuple[str, str, int]]]:
    """The unit doing the work a subject describes, for each reading of it (as asked, then in the reports' words, strict
    and loose): (reading, (unit, section id, line)) as `execute.unit_of_subject` finds it from the line that names the
    unit (a unit found from a section's heading only is passed over: the line that says it is not known)."""
    from app.engine.described import in_reports_words
    from app.engine.execute import unit_of_subject
    from app.engine.pipeline import tables_of

    tabs = tables_of(idx.data)

    def search(text: str) -> list[Any]:
        return list(idx.search(text, k=5, method="bm25"))

    for reading in dict.fromkeys(r for r in (subject, in_reports_words(subject, idx),
                                             in_reports_words(subject, idx, True)) if r):
        found = unit_of_subject(reading, tabs, idx.data, search)
        if found is not None and found[2] is not None:
            yield reading, found


def _unit_of_work_described(q: str, u: Any, idx: Any) -> tuple[Any, Composed] | None:
    """'하늘에서 찍은 사진을 판독하고 위성으로 땅이 내려앉는지 살피는 일은 어느 부서 몫이야?': which unit does the work
    the words before the asking describe, read as a two-step question's subject is (`execute.unit_of_subject`: the
    passages that print most of its words vote for the unit their line or section names), as asked and then in the
    reports' words (the thesaurus); the unit cited at the line that names it. None when no unit is asked, a unit or
    project is named, or the votes favour no one unit. `u`: the question as understood."""

    f = u.frame
    if f.op != "who" or f.lang == "en" or f.units or f.projects or f.member or f.rows:
        return None
    m = _WORK_ASKED.search(q)
    subject = max(q[:m.start()].split(","), key=len).strip() if m else ""  # ('… 살펴보는 사업, 국 안에서 어느 과')
    if len(compact(subject)) < 6:
        return None
    for reading, (unit, sec_id, line) in _units_of_work(subject, idx):
        try:
            doc = idx.data.section(sec_id).doc
        except (KeyError, LookupError):
            continue
        c = Composed(text=f"{unit}[1] 소관입니다.", citations=_line_citations(idx.data, [(doc, line)]),
                     kind="extractive", notes=[f"unit of the work described: {reading} → {unit}"])
        return replace(u, resolved=f"{subject}: 담당 부서"), c
    return None


_UNIT_HEAD = re.compile(r"(?:사업소|부서|기관|과|센터)\s*(?:있잖아요?)?\s*,\s*")
_BACK_TO_IT = re.compile(r"^(?:그\s*(?:안에|안에서|밑에|아래|곳|데|부서|기관|사업소|과)(?:의|에|는|은|서)?|거기(?:에|의|는|서)?"
                         r"(?:\s*(?:밑에|아래|안에|아래에))?)\s*")  # ('거기 밑에 과가 뭐뭐야?')


def _unit_described_then_asked(q: str, idx: Any, filters: dict[str, Any] | None) -> tuple[Any, Composed] | None:
    """'시 옛날 공문서 … 보존하고 전시도 하는 사업소, 그 안에 과가 어떻게 나뉘어 있어?': a unit described by its work,
    closed by a comma after its kind (사업소, 부서, 기관 …), then asked of: the unit found as a two-step question's
    subject is (`execute.unit_of_subject`, from the line that names it), and what follows asked of it by name. None
    when no unit is found from a line, or the question so read is refused."""
    from app.engine import understand

    m = _UNIT_HEAD.search(q)
    if m is None:
        return None
    subject, rest = q[:m.start()].strip(), _BACK_TO_IT.sub("", q[m.end():].strip())
    if len(compact(subject)) < 8 or len(compact(rest)) < 4:
        return None
    for reading, found in _units_of_work(subject, idx):
        asked = f"{found[0]} {rest}"
        u = understand(asked, idx.data, [], filters)
        c = _answer_understood(u, idx, filters)
        if c.kind == "abstain":
            return None
        u.resolved = asked
        return u, replace(c, notes=[*c.notes, f"unit described: {reading} → {found[0]}"])
    return None


_CLAUSE_JOINT = re.compile(r"(?<=[가-힣])(?:는\s*데|고|며|서)\s+")


def _asked_core(rest: str) -> str:
    """The last clause of what is asked of a described thing, when earlier clauses say more of it ('그거 운영하고 몇 군데
    더 만드는 데 2025년에 돈이 얼마나 들어?' → '2025년에 돈이 얼마나 들어?'); '' when it is one clause or the last one
    asks nothing."""
    parts = _CLAUSE_JOINT.split(rest)
    last = parts[-1].strip() if len(parts) > 1 else ""
    return last if len(compact(last)) >= 4 and re.search(r"얼마|몇|언제|어디|누구|무엇|뭐", last) else ""


_SPENDING = re.compile(r"집행|지출|원인행위|계약\s*(?:잡|걸|된|한)|(?:쓴|썼|나간|써버린)\s*(?:돈|금액|거|게)?")


def _spending_unanswered(asked: str, c: Composed) -> bool:
    """Whether what is asked is what was spent of a budget ('예산 대비 얼마나 집행됐어?', '얼마나 썼어?') and the answer
    says nothing spent: a budget quoted is not its execution."""
    if not _SPENDING.search(asked):
        return False
    said = c.text + " ".join(x.quote or "" for x in c.citations) + " ".join(x.column or "" for x in c.citations)
    return not re.search(r"집행|지출|원인행위", said)


MIN_DESCRIBED_QUOTED = 2  # words of the description a reading's quoted lines print to be about the thing described
_CONTENT_ASKED = re.compile(r"(?:어떤|무슨|무엇|뭐|뭘)")
_WHEN_OR_WHO = re.compile(r"언제|날짜|기간|일정|몇\s*(?:년|월|일)|어느\s*(?:과|팀|부서|기관|곳)|누가|누구|담당|소관")


def _description_quoted(description: str, c: Composed) -> int:
    """How many of a description's words (or their glosses) an answer's quoted lines print."""
    from app.engine.described import _printed_distinct

    return _printed_distinct(description, " ".join(x.quote or "" for x in c.citations))


def _as_described(q: str, u_frame: Any, idx: Any, filters: dict[str, Any] | None,
                  found: Any = None, weak_ok: bool = False) -> tuple[Any, Composed] | None:
    """A refused question that names a project by what it does, read again with the project's title in place of
    the description (`app.engine.described`): (its understanding, marked resolved, and answer), or None when no
    project is found or the question so read is still not answered (a project's heading quoted is no answer)."""
    from app.engine import understand
    from app.analyze import analyze
    from app.engine.described import (answers_what_is_asked, counts_another_noun, counts_another_thing, described,
                                      heading_only, misses_the_head_counted, misses_the_thing_counted, names_asked,
                                      reading_of, typed_answer, with_bullets_asked)
    found = found or described(q, idx, u_frame)
    if found is None:
        return None
    if u_frame.op == "rank" and not _RANKED_WORDS.search(compact(found.rest)):
        return None  # ('49종 모델 중 가장 많이 쓰인 모델은 뭐야?': the ranking asked would be lost in the reading)
    naming = names_asked(found.rest)  # '… 로그인되는 거, 그 서비스 이름이 뭐였지?': the bullet of the line meant
    wants = analyze(found.rest, vocab_for(idx.data)).wants  # the kind of value asked of the project
    if wants is None and re.search(r"몇\s*(?:가지|종류)", found.rest):
        wants = "개"  # ('… 거기서 쓸 수 있는 모델이 몇 가지야?': a count of kinds, '49종'; a listing answers too)
    core = _asked_core(found.rest)  # ('그거 운영하고 몇 군데 더 만드는 데 2025년에 돈이 얼마나 들어?': the last clause)
    readings = [found.question, found.line_question, f"{found.title} {core}" if core else ""]
    if wants in COUNTED and found.line_question:
        # ('… 고장 나면 출동하는 팀이 맡고 있는 기계가 전부 몇 대': a count is of the thing the line described counts,
        # not of whatever the project's lines count first)
        readings = [found.line_question, found.question, readings[2]]
    accepted: list[tuple[int, Any, Composed]] = []
    for i, reading in enumerate(readings):
        # the project's title, else its line the words mean, else its title with only the last clause asked
        if not reading or naming or found.weak and not weak_ok or (accepted and i >= 2):
            continue
        u = understand(reading, idx.data, [], filters)
        c = _answer_understood(u, idx, filters)
        if c.kind == "abstain" or heading_only(c.citations, idx.data) or not answers_what_is_asked(
                found, c.citations, idx.data) or counts_another_thing(found, c.citations, idx.data, wants) \
                or misses_the_thing_counted(found, c.citations) or (
                    wants in COUNTED and not any(satisfies(wants, x.quote or "") for x in c.citations)) \
                or _spending_unanswered(found.rest, c) or counts_another_noun(found.rest, c.citations) \
                or misses_the_head_counted(found, c.citations, wants):
            continue  # (a count asked: some quoted line prints a count, or lists the things)
        u.resolved = reading
        accepted.append((_description_quoted(found.description, c), u, c))
    if accepted:
        # the first reading that answered; but when what is asked is what a thing holds ('어떤 정보 담았어?') and the
        # first reading's lines print almost none of the description while the line's reading prints more, the line's
        # ('… 아이돌 복귀 공연 때 만든 안내 지도': the BTS bullet and its details, not the project's other lines). A
        # date, an owner or a count asked keeps the order tried: the title's schedule or unit answers those.
        _, u, c = accepted[0]
        if len(accepted) > 1 and _CONTENT_ASKED.search(found.rest) and not _WHEN_OR_WHO.search(found.rest) and \
                accepted[0][0] < MIN_DESCRIBED_QUOTED and accepted[1][0] > accepted[0][0]:
            _, u, c = accepted[1]
        c = with_bullets_asked(found, c, idx.data)
        c = replace(c, notes=[*c.notes, f"described project: {found.title} ({found.description})"])
        return u, c
    c = typed_answer(idx, found, wants)
    if c is None or misses_the_thing_counted(found, c.citations) or _spending_unanswered(found.rest, c) or \
            counts_another_noun(found.rest, c.citations) or misses_the_head_counted(found, c.citations, wants):
        return None  # (the project's line the description means, with a value of the kind asked under it)
    u = understand(found.question, idx.data, [], filters)
    first = c.citations[0]
    u.resolved = reading_of(idx.data, first.doc, first.line_start, found.rest)
    return u, replace(c, notes=[*c.notes, f"described project, its line: {found.title} ({found.description})"])


def _as_described_row(q: str, u_frame: Any, idx: Any, filters: dict[str, Any] | None) -> tuple[Any, Composed] | None:
    """A refused question that names a table row by what it is, read again with the row's label in place of the
    description (`app.engine.described.described_row`): (its understanding, marked resolved, and answer), or None
    when no row stands out or the question so read is still refused."""
    from app.engine import understand
    from app.engine.described import described_row

    found = described_row(q, idx, u_frame)
    if found is None:
        return None
    # the measures asked are those of the words after the description ('직원들 봉급 계산해 주는 …, 지출된 건 얼마':
    # 지출액; the 직원 of the description asks no 현원)
    wanted = understand(found.rest, idx.data, [], filters).frame.metrics if found.rest else list(u_frame.metrics)
    quoted = None  # (the first reading answered by quoted lines, each printing the row: kept while a figure is sought)
    for question in (found.question, *found.others):  # (the row as the table of the measure asked labels it)
        u = understand(question, idx.data, [], filters)
        if not u.frame.metrics:
            u.frame.metrics = list(wanted or u_frame.metrics)  # ('… 들어오는 돈, 26년엔 얼마': the money asked)
        if not set(wanted) <= set(u.frame.metrics):
            continue  # the measure asked is lost in the reading ('몇 명' read as the row's budget)
        if wanted and len(u.frame.metrics) > len(wanted):
            # ('… 전산 돌리는 비용, 계약 걸어 놓은 비율이 얼마': the cost is the row described; the rate is asked)
            u.frame.metrics = [m for m in u.frame.metrics if m in wanted]
        c = _answer_understood(u, idx, filters)
        if c.kind == "abstain":
            continue
        u.resolved = question
        c = replace(c, notes=[*c.notes, f"described row: {found.label} (score {found.score:.1f}; next {found.runner_up})"])
        if any(getattr(x, "value", None) for x in c.citations) or not wanted:
            return u, c  # a figure of a table cell (or no measure asked: '… 나눠주는 일은 어느 과가 맡아요?')
        if quoted is None and c.citations and all(_prints_row(x.quote or "", found) for x in c.citations):
            quoted = (u, c)  # (lines that quote other rows, '… 균특 | … | 73.3%', are no answer of this one)
    return quoted


def _prints_row(quote: str, found: Any) -> bool:
    """Whether a quoted line prints the described row under one of its labels (bracketed words and all spacing)."""
    text = compact(re.sub(r"[()]", "", quote))
    return any(compact(re.sub(r"[()]", "", label)) in text for label in (found.label, *found.labels))


def _as_described_series(q: str, u_frame: Any, idx: Any, filters: dict[str, Any] | None) -> tuple[Any, Composed] | None:
    """A refused question that names a job series by what its people do, read again with the series' column in place
    of the description (`app.engine.series`): (its understanding, marked resolved, and answer), or None."""
    from app.engine import understand
    from app.engine.series import described_series

    found = described_series(q, idx.data, u_frame)
    if found is None:
        return None
    u = understand(found.question, idx.data, [], filters)
    if not u.frame.parts:
        return None  # (the reading must name the series as a column)
    c = _answer_understood(u, idx, filters)
    if c.kind == "abstain":
        return None
    u.resolved = found.question
    return u, replace(c, notes=[*c.notes, f"described job series: {found.column} ({', '.join(found.words)})"])


def _in_glossed_words(q: str, idx: Any, filters: dict[str, Any] | None) -> tuple[Any, Composed] | None:
    """A refused question read again with each noun the reports never print replaced by the reports' word for it
    (app/engine/data/glosses.json: '서울지갑 가입자' → '서울지갑 회원수'): (its understanding, marked resolved so the
    answer says how it was read, and answer), or None when nothing is replaced or it is still refused."""
    from app.engine.described import in_reports_words
    from app.engine.lexicon import glosses
    from app.engine.normalize import glossed_words

    in_corpus = vocab_for(idx.data).in_corpus

    def readings() -> Iterator[str | None]:  # (each made only when the one before is refused)
        yield glossed_words(q, glosses(), in_corpus)
        plain = in_reports_words(q, idx)  # ('사무실 복합기 …': '복합기' by the thesaurus, then '사무실' by its gloss)
        yield plain and glossed_words(plain, glosses(), in_corpus)
    return _first_reading_answered(readings(), idx, filters)


def _first_reading_answered(texts: Iterable[str | None], idx: Any,
                            filters: dict[str, Any] | None) -> tuple[Any, Composed] | None:
    """The first of the question's readings in the reports' words (None ones and repeats passed over) that is
    answered: (its understanding, marked resolved so the answer says how it was read, and answer); else None.
    `texts` is read lazily: a reading is made only when the ones before are refused."""
    from app.engine import understand

    seen: set[str] = set()
    for text in texts:
        if not text or text in seen:
            continue
        seen.add(text)
        u = understand(text, idx.data, [], filters)
        c = _answer_understood(u, idx, filters)
        if c.kind == "abstain":
            continue
        u.resolved = text
        return u, replace(c, notes=[*c.notes, f"read in the reports' words: {text}"])
    return None


def _in_reports_words(q: str, idx: Any, filters: dict[str, Any] | None) -> tuple[Any, Composed] | None:
    """A refused question read again with its everyday words replaced by the reports' own terms (the thesaurus,
    app/engine/data/thesaurus.json: '방범카메라' -> 'CCTV', '땅 꺼지는' -> '지반침하'): (its understanding, marked
    resolved so the answer says how it was read, and answer), or None when nothing is replaced or it is still
    refused. Only a refused question is read again: a word the reports print themselves is never replaced."""
    from app.engine.described import in_reports_words

    # as written first; then with words between the phrase's words
    return _first_reading_answered((in_reports_words(q, idx, loose) for loose in (False, True)), idx, filters)


def _other_english_reading(q: str, idx: Any, filters: dict[str, Any] | None) -> Composed | None:
    """The answer to an English question read with another rendering of a phrase (lexicon values 'a|b|c'), when the
    first reading was refused; None when every reading is refused."""
    from app.engine import understand
    from app.engine.lexicon import lexicon
    from app.engine.normalize import english_readings

    for ko in english_readings(q, lexicon())[1:]:
        u = understand(ko, idx.data, [], filters)
        c = _answer_understood(u, idx, filters)
        if c.kind != "abstain":
            return replace(c, text="From the reports (quoted in Korean): " + c.text,
                           notes=[*c.notes, f"english read as: {ko.strip()}"])
    return None


def _as_definition(u: Any) -> Any:
    """A definition asked in words the reader does not take for one ('입체주소 뜻 좀 알려줘'): the reader is handed
    the term in the form it reads as a definition ('입체주소란 무엇인가?'), so the glossary entry answers."""
    f = u.frame
    if f.op != "define" or len(f.terms) != 1 or f.units or f.rows or f.metrics or u.resolved or \
            not re.search(r"뜻|의미|정의|개념", f.key):
        return u
    from app.compose import meaning_asked_of

    asked = meaning_asked_of(f.text)
    of_term = bool(asked) and (compact(f.terms[0]) in compact(asked) or compact(asked) in compact(f.terms[0]))
    if asked and not of_term:
        return u  # '… 솔루션에서 말하는 오탐이 무슨 뜻이야?': the meaning of 오탐 is asked, not the term 솔루션
    if f.projects and not of_term:
        return u  # (a project named, and no term asked apart from it: the project's words are not a term's)
    return replace(u, reading=f"{josa(f.terms[0], '이란/란')} 무엇인가?")


_BARE_COUNT = re.compile(r"^\s*(?:그럼\s*|그\s*중\s*|그거\s*|그건\s*|모두\s*|전부\s*|다\s*해서\s*|총\s*)?몇\s*(?:개|종|가지|곳|군데)"
                         r"(?:야|예요|이야|이에요|인가요|인데|임|지|죠|냐)?\s*[?？.]?\s*$")


def _project_account(u: Any, data: Any) -> Composed | None:
    """The project's record and plan blocks, each bullet quoted and cited (app.engine.account), or None."""
    from app.engine.account import project_account

    found = project_account(u.frame, data)
    if found is None:
        return None
    title, blocks = found
    cites = _line_citations(data, [(b.doc, ln) for b in blocks for ln in b.lines])
    by_line = {(c.doc, c.line_start): c for c in cites}
    named = title if "'" in title else f"'{title}'"
    out = [f"{named}의 {'·'.join(b.heading for b in blocks)}입니다."]
    for b in blocks:
        out.append(f"[{b.heading}]")
        out += [f"- {by_line[(b.doc, ln)].quote.strip().lstrip('-○•·▪◦ ').strip()} [{by_line[(b.doc, ln)].n}]"
                for ln in b.lines]
    return Composed(text="\n".join(out), citations=cites, kind="extractive",
                    notes=["engine: project account (" + ", ".join(b.heading for b in blocks) + ")"])


def _line_citations(data: Any, lines: list[tuple[str, int]]) -> list[Citation]:
    """Citations of whole lines (doc, line), numbered from 1, through the one citation builder (app.engine.cite)."""
    from app.engine.cite import Cites

    cites = Cites(data)
    for doc, line in lines:
        cites.text(doc, line)
    return cites.build()


_OWNER_ASKED = re.compile(r"^\s*(?:그건|그거|그게|그것은|이건|해당\s*건은?|그\s*건은?)?\s*(?:어느|어떤|무슨)\s*(?:과|부서)"
                          r"\s*(?:소관|담당|거|건|에서|가|이)|^\s*(?:그건|그거|그\s*건)?\s*(?:소관|담당)\s*(?:부서|과)(?:는|가|은)?")


def _owner_of_last_item(question: str, prior: list[Any], data: Any) -> Composed | None:
    """'그건 어느 과 소관이야?' right after an answer that quoted one audit item: the department the item prints,
    cited at its line; None otherwise."""
    if not _OWNER_ASKED.search(question):
        return None
    from app.engine.listed import item_at

    prev = prior[-1]
    it = item_at(data, prev.cited)
    if it is None or not it.department:
        return None
    short = it.text if len(it.text) <= 60 else it.text[:60] + "…"
    return Composed(text=f"'{short}' 건은 {it.department} 소관입니다(추진상황: {it.status})[1].",
                    citations=_line_citations(data, [(it.doc, it.line)]), kind="extractive",
                    notes=["owner of the last answer's item"])


_AS_OF_ASKED = re.compile(r"(?:(20\d{2}|['’]?\d{2})\s*년\s*)?(\d{1,2})\s*월\s*(?:말|\d{1,2}\s*일)?\s*(?:기준|현재)")


def _as_of_not_reported(text: str, data: Any) -> str | None:
    """The date of record a question asks for ('2025년 12월 말 기준') when no report is dated that year and month, else
    None. A report's figures (execution, staff) hold at its own date only."""
    m = _AS_OF_ASKED.search(text)
    if not m:
        return None
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    year = int(re.sub(r"\D", "", m.group(1))) if m.group(1) else None
    if year is not None and year < 100:
        year += 2000
    from app.engine.vocab import vocabulary

    dated = vocabulary(data).report_dates
    if not dated or any(mm == month and (year is None or yy == year) for yy, mm in dated):
        return None
    if year is not None:  # "'24년 12월 기준 1일 평균 470만명": a line prints figures of that date itself
        yy = year % 100
        forms = (f"'{yy}년{month}월", f"’{yy}년{month}월", f"{year}년{month}월", f"'{yy}.{month}월", f"{year}.{month}월")
        if any(vocabulary(data).in_corpus(x + end) for x in forms for end in ("기준", "말기준", "현재")):
            return None
    return f"{year}년 {month}월" if year else f"{month}월"


_STAFF_WORDS = re.compile(r"정원|현원|인원|직원|공무원|인력|근무|일하는|티오|TO")


def _headcount_year_not_reported(f: Any, data: Any) -> int | None:
    """A headcount (정원/현원) asked for a year written out that no report covers — headcounts are printed for the
    report's own date only — or None. (Budgets differ: a report also prints the year before as 최종예산.)"""
    if not (set(f.metrics) & {"authorized", "staff"}) or not f.year_explicit:
        return None
    if not (f.units or _STAFF_WORDS.search(f.key)):
        return None  # '2024년 관람객 몇 명': people a passage counts, not a unit's headcount
    reported = {d.year for d in data.documents}
    missing = [y for y in f.written_years() if y not in reported]
    return missing[0] if missing else None


def _count_of_last_answer(question: str, prior: list[Any], data: Any) -> Composed | None:
    """'몇 개야?' asked right after an answer that quoted a labelled enumeration ('2등급(5종): A, B, …'): the items
    of that line counted and named, cited at the same line; None otherwise."""
    if not _BARE_COUNT.search(question):
        return None
    from app.engine.quoted import count_listed
    from app.engine.text import compact

    prev = prior[-1]
    if not prev.cited:
        return None
    frame = replace(prev.frame, text=prev.question + " " + question, key=compact(prev.question + question))
    cites = _line_citations(data, [(d, ln) for d, ln, _ in prev.cited[:3]])
    said = count_listed(frame, cites)
    if said is None:
        return None
    marks = list(dict.fromkeys(int(x) for x in re.findall(r"\[(\d+)\]", said)))
    renum = {n: i for i, n in enumerate(marks, 1)}
    used = [replace(next(c for c in cites if c.n == n), n=renum[n]) for n in marks]
    return Composed(text=re.sub(r"\[(\d+)\]", lambda m: f"[{renum[int(m.group(1))]}]", said), citations=used,
                    kind="extractive", notes=["counted the last answer's quoted items"])


_BARE_ASKED = re.compile(r"^\s*(?:그럼|그러면|그리고)?\s*(?P<name>[가-힣A-Za-z0-9·]{2,12}?(?:\s[가-힣A-Za-z0-9·]{1,8}?)?)\s*"
                         r"(?:(?:대수|건수|개수|인원|규모)\s*)?(?:은|는|은요|는요|도)?\s*(?:몇\s*(?P<counter>[가-힣]{1,2}?))?"
                         r"\s*(?:이야|야|인데|임)?\s*[?？]?\s*$")
_PRINTED_WITH = r"{name}\s*[:：]?\s*\(?\s*(\d[\d,.]*\s*(?:[가-힣]{{1,2}})?)"


def _named_in_last_quote(question: str, prior: list[Any], idx: Any,
                         filters: dict[str, Any] | None) -> tuple[Composed, str | None] | None:
    """'교체는?' right after an answer that quoted a line printing that word with a figure ('신설 1,880대(470개소),
    교체 3,313대'): that figure, cited at the same line, so the follow-up keeps the line's year and project, and what
    the follow-up reads as (shown as for any follow-up); None when the word is not printed with a figure in exactly
    one quoted line."""
    data = idx.data
    m = _BARE_ASKED.match(question)
    prev = prior[-1]
    if m is None or not prev.quoted or prev.refused or not prev.cited:
        return None
    name = m.group("name")
    if not re.search(r"[가-힣]{2}", name) or re.search(r"\d|올해|작년|내년|보고서", name):
        return None  # ('25년은?', '작년엔?': another year of the last question, not a word of its line)
    found = []
    for doc, ln, quote in prev.cited[:3]:
        for hit in re.finditer(_PRINTED_WITH.format(name=r"\s*".join(map(re.escape, name.split()))), quote or ""):
            value = hit.group(1).strip()
            if m.group("counter") and not value.endswith(m.group("counter")):
                continue
            found.append((doc, ln, value))
    if len({(d, v) for d, _, v in found}) != 1:
        return None
    doc, ln, value = found[0]
    cite = replace(_line_citations(data, [(doc, ln)])[0], n=1)
    text = f"앞의 답이 인용한 줄에 따르면 {josa(name, '은/는')} {value}[1]입니다."
    c = Composed(text=text, citations=[cite], kind="extractive", notes=["a word of the last quoted line"])
    from app.engine import understand

    what = understand(question, data, prior, filters).resolved
    quotes = " ".join(quote or "" for _, _, quote in prev.cited[:3])
    for w in prev.question.split() if what else []:
        bare = re.sub(r"(?:은|는|이|가|을|를|도|만)$", "", w)
        if len(bare) >= 2 and bare in what and bare not in question and re.search(
                _PRINTED_WITH.format(name=re.escape(bare)), quotes):
            what = re.sub(r"\s+", " ", what.replace(bare, "", 1)).strip()  # ('신설 교체는?': the word asked before)
    return c, what


_ASKS_TWO = re.compile(r"각각|랑|하고|및|,|둘|두\s*(?:개|곳|가지|항목)|both|\band\b", re.I)


def _names_each_turn(said: str, turns: Sequence[Any]) -> bool:
    """Whether a computed sentence names a word that only the first turn asked and one that only the second did
    ('지정 …' and '공모는?'); words as written, particles off."""
    def words(t: Any) -> set[str]:
        return {re.sub(r"(?:은|는|이|가|을|를|으로|로|에|에서|의|도|만)$", "", w) for w in re.findall(r"[가-힣A-Za-z]{2,}", t.question)}

    a, b = words(turns[0]), words(turns[1])
    key = compact(said)
    return any(compact(w) in key for w in a - b if len(w) >= 2) and any(compact(w) in key for w in b - a if len(w) >= 2)


def _on_last_results(question: str, prior: list[Any], data: Any) -> tuple[Composed, str] | None:
    """A follow-up that only asks an operation ('차이는?', '둘이 합치면?', '다 합치면?', '나머지는?') computed on
    the figures the earlier answers stated (app/engine/results.py), with what it was understood as; None otherwise."""
    from app.engine import results
    from app.engine.conversation import own_words
    from app.engine.parse import parse
    from app.engine.pipeline import without_preamble
    from app.engine.vocab import vocabulary

    vocab = vocabulary(data)
    f = parse(without_preamble(question), vocab)
    said_before = compact(" ".join(t.question for t in prior[-2:]))
    own = [w for w in own_words(f, vocab) if compact(w) not in said_before]  # ('완료 비율은?' after '… 완료된 건 몇 건?')
    if results.PERCENT.search(f.text) and not re.search(r"전체|총|합계", f.text):
        # a share of one earlier figure in the other, named by a word the conversation said ('완료 비율은?' after
        # '전체 몇 건?', '그중 완료된 건 몇 건?'); a share of a whole ('… 전체에서 몇 %') is the engine's
        f = replace(f, parts=[x for x in f.parts if compact(x) not in said_before])
    from app.engine.conversation import AMONG, PLURAL

    if len(prior[-1].items) > 2 and PLURAL.search(f.text) and not results.BOTH.search(f.text):
        return None  # '걔네 정원 합치면?' after three units listed: every one of them, read by the engine
    if prior[-1].citations and f.year_explicit and len(f.years) == 1 and f.op == "lookup" and not own and \
            not (f.metrics or f.units or f.rows or f.parts or f.projects or f.terms):
        from app.engine.quoted import year_in_quote  # ''25년은?' after a quoted line listing a figure per year

        said = year_in_quote(f.years[0], prior[-1].frame.years, prior[-1].citations)
        if said is not None:
            cites = [c for c in prior[-1].citations if f"[{c.n}]" in said]
            return Composed(text=said, citations=cites[:1], kind="extractive",
                            notes=["the year asked, in the line the last answer quoted"]), \
                f"앞의 답이 인용한 내용의 {f.years[0]}년 수치"
    if prior[-1].citations and not (f.units or f.rows or f.parts or f.projects):
        from app.engine.quoted import stated_change  # '처음 618에서 최종 185까지면 얼마 줄은 거야?'

        said = stated_change(f.text, prior[-1].citations)
        if said is not None:
            cites = [c for c in prior[-1].citations if f"[{c.n}]" in said]
            return Composed(text=said, citations=cites, kind="extractive",
                            notes=["the change between two figures the question states, as the last answer quoted them"]), \
                "앞의 답이 인용한 두 수치의 차이"
    if prior[-1].citations and f.op == "rank" and AMONG.search(f.text) and not (f.units or f.rows or f.parts or f.projects):
        from app.engine.quoted import ranked_part  # '그 중에 제일 큰 항목은?' after a budget quoted with its parts

        said = ranked_part(f, prior[-1].citations)
        if said is not None:
            cites = list(prior[-1].citations)
            return Composed(text=said, citations=cites[:3], kind="extractive",
                            notes=["ranked among the parts the last answer quoted"]), "앞의 답이 인용한 내역 중 순위"
    kind = results.asks_on_results(f, own)
    if kind is None and "change" in f.metrics and f.op == "lookup":
        kind = results.asks_on_results(replace(f, op="diff", metrics=[]), own)  # '그럼 몇 대 늘어나는 거야?'
    named = [w for w in own if w not in GENERIC]  # ('교체 대수랑': '대수' is how it is counted, not a name)
    if kind is None and prior[-1].quoted and f.op == "sum" and named and not (f.units or f.rows or f.projects):
        quoted = compact(" ".join(c.quote for c in prior[-1].citations))
        if all(compact(w) in quoted for w in named):
            kind = "sum"  # '교체랑 전환까지 다 합치면?': figures the last quoted line prints, named
    got = results.compute(kind, question, prior) if kind else None
    # '둘이 합치면?' after two turns that each asked one figure: one figure named by each turn's own words, never two
    # figures of the last answer's quoted lines that neither names ('45개 사업 … 23개 실국')
    each_turn = bool(results.BOTH.search(f.text)) and len(prior) >= 2 and not _ASKS_TWO.search(prior[-1].text)
    lead_quoted = prior[-1].quoted or bool(prior[-1].citations and not getattr(prior[-1].citations[0], "value", None))
    if got is None and kind in ("sum", "diff") and lead_quoted:
        # the last answer quoted a line: the figures it prints that the conversation's words name
        from app.engine.quoted import arithmetic

        context = " ".join(t.question for t in prior[-2:])
        said = arithmetic(replace(f, op=kind), prior[-1].citations, context)
        if said is None or (each_turn and not _names_each_turn(said.split("(계산")[0], prior[-2:])):
            return None
        cites = list(prior[-1].citations)
        return Composed(text=said + "\n" + "\n".join(f"- {c.quote.strip().lstrip('-○•·▪◦ ').strip()} [{c.n}]"
                                                      for c in cites[:3]), citations=cites[:3],
                        kind="extractive", notes=[f"computed on the last answer's quoted figures ({kind})"]), \
            f"앞의 답이 인용한 수치의 {'합' if kind == 'sum' else '차이'}"
    if got is None:
        return None
    text, what, sources = got
    cites = []
    for i, src in enumerate(sources, 1):  # an earlier answer's citation (of its cell), else its line
        cites.append(_line_citations(data, [src])[0] if isinstance(src, tuple) else src)
        cites[-1] = replace(cites[-1], n=i)
    return Composed(text=text, citations=cites, kind="extractive",
                    notes=[f"computed on the earlier answers' figures ({kind})"]), what


def _remainder_of_last_answer(question: str, prior: list[Any], data: Any) -> Composed | None:
    """'전산장비 빼면 나머지는 몇 식이야?' right after an answer that stated a total and that part: the total minus
    the part, cited at the lines the two figures were cited at; None otherwise."""
    from app.engine.quoted import remainder

    prev = prior[-1]
    got = remainder(question, prev.said) if prev.said and prev.cited else None
    if got is None:
        return None
    text, marks = got
    cites = _line_citations(data, [(d, ln) for d, ln, _ in prev.cited[:3]])
    if any(n > len(cites) for n in marks):
        return None
    return Composed(text=text, citations=cites, kind="extractive", notes=["remainder of the last answer's figures"])


HEADER_REACH = 6  # lines above a quoted table row where its header of columns may be printed


def _with_table_headers(quotes: list[str], citations: list[Any], data: Any) -> list[str]:
    """The quotes, with the header line of columns above each quoted table row that is not quoted itself ('구분 |
    2025년 | 2026년 | …' above '사업내용 | … | 누리집 구축 | …'): a claim of a cell's year is read against it."""
    out = list(quotes)
    for cit in citations:
        if "|" not in (cit.quote or "") or not cit.doc:
            continue
        lines = data.lines(cit.doc)
        width = (cit.quote or "").strip().strip("|").count("|")
        for n in range(cit.line_start - 1, max(0, cit.line_start - 1 - HEADER_REACH), -1):
            above = lines[n - 1].strip() if n >= 1 else ""
            if above.strip("|").count("|") == width and re.search(r"\|\s*(?:20\d{2}|['’]\d{2})\s*년?", above):
                if above not in out:
                    out.append(above)
                break
    return out


def _judged(u: Any, c: Composed, idx: Any, filters: dict[str, Any] | None) -> Composed:
    """A yes/no question read from quoted lines: the claim checked against them (re-read without the claimed
    figure when the first reading found nothing); no verdict when the quotes do not settle it."""
    from app.engine.claims import judge, lead

    f = u.frame
    if c.kind == "abstain" and f.claim is not None:
        bare = u.reading.replace(f.claim.raw, " ")
        again = read(bare, idx, filters)
        other = again.kind in ("figure", "change", "rate") and _claim_of_another_kind(f, again.text)
        if again.kind != "abstain" and not other:
            c = again  # (a cell of money found for '… 4,165식 맞아?' is no check of the count claimed)
        if (other or "another kind of figure" in " ".join(c.notes)) and (asked := claimed_figure(f)):
            again = read(asked, idx, filters)  # '… 정보자원 몇 식?': the lines that print how many, checked
            if again.kind != "abstain" and (w := judge(f, [x.quote for x in again.citations], again.text)) is not None:
                return replace(again, text=lead(w, f.lang) + again.text)
    if c.kind == "abstain":
        return c
    if c.text.startswith(("네", "아니요", "Yes", "No")):
        return c  # the engine settled it
    v = judge(f, _with_table_headers([cit.quote for cit in c.citations], c.citations, idx.data), c.text)
    if v is None and (compared := _compared_verdict(u, c, idx, filters)) is not None:
        return compared
    if v is None:
        # read again as what the claim states: '8월 말까지 하는 거 맞지?' as '언제까지' (the lines that date it), '… 사업이
        # 50개를 넘는다는데 맞아?' as '몇 개' (the lines that print how many); the first that settles it
        # (an owner claimed was read as '… 담당 부서는 어디야?' before any other reading: _owner_claimed)
        for restate in (lambda: claimed_when(u.reading), lambda: claimed_figure(f)):
            asked = restate()
            again = read(asked, idx, filters) if asked else None
            if again is not None and again.kind != "abstain" and (
                    w := judge(f, [x.quote for x in again.citations], again.text)) is not None:
                return replace(again, text=lead(w, f.lang) + again.text)
        return c
    return replace(c, text=lead(v, f.lang) + c.text)


def read(question: str, idx: Any, filters: dict[str, Any] | None = None) -> Composed:
    """The passage-and-lookup reader over one (standalone, Korean) question."""
    vocab = vocab_for(idx.data)
    a = analyze(question, vocab)
    widened = set_aside_terms(a.norm, glued_terms(a.norm, counter_copula_terms(a.norm, a.key_terms), vocab))
    if widened != a.key_terms:
        a = replace(a, key_terms=widened)
    c = grounded(a, idx, vocab, filters)
    if c.kind == "extractive" and _counts_the_whole(a.norm, c):
        return _abstain("a part of a counted whole is asked; the quoted line counts the whole", [])
    if c.kind == "extractive" and _only_a_part(question, c, vocab):
        return _abstain("one part is asked ('… 서남센터만'); the quoted lines print no figure of that part", [])
    if c.kind == "extractive" and _one_figure_for_a_change(a, c):
        return _abstain("a change between two years is asked; the quoted lines print one figure and no change", [])
    return c


_CHANGE_ASKED = re.compile(r"늘었|줄었|늘어났|줄어들|줄어든|늘어난|증가했|감소했|변했|달라졌|차이")
_CHANGE_PRINTED = re.compile(r"증가|감소|증감|늘|줄|△|▲|→|↑|↓")


def _one_figure_for_a_change(a: Analysis, c: Composed) -> bool:
    """Whether the question asks how a figure changed between two years ('회원수는 2025년 대비 2026년에 얼마나
    늘었나요?') and the quoted lines print one figure of that kind and no change: that figure is no answer."""
    if len(set(a.years)) < 2 or not _CHANGE_ASKED.search(compact(a.norm)) or a.wants is None:
        return False
    quotes = [x.quote for x in c.citations]
    values = sum(len(value_years(a.wants, q)) for q in quotes)
    return values < 2 and not any(_CHANGE_PRINTED.search(q) for q in quotes)


# 'A 중 B는 몇 곳': a count of B among A
_PART_OF_WHOLE = re.compile(r"([가-힣A-Za-z]{2,})\s*(?:중에서|중에|중|가운데)\s+([가-힣A-Za-z]{2,}?)(?:은|는|이|가|도)?\s*"
                            r"(?:총\s*)?몇")


def _counts_the_whole(question: str, c: Composed) -> bool:
    """Whether the question asks a count of a part of something ('공공시설 중 공공도서관은 몇 곳') and the quoted lines
    count only the whole ('833개 공공시설'): that figure is not the part's."""
    m = _PART_OF_WHOLE.search(question)
    if m is None:
        return False
    whole, part = compact(m.group(1)), compact(m.group(2))
    quotes = [compact(x.quote) for x in c.citations]
    counted = re.compile(r"\d[\d,]*(?:개소|개|곳|종|건|명|대)(" + "|".join(map(re.escape, (whole, part))) + ")")
    found = {g for q in quotes for g in counted.findall(q)}
    return whole in found and part not in found and not any(re.search(re.escape(part) + r"\S{0,3}\d", q) for q in quotes)


_ONLY_PART = re.compile(r"([가-힣A-Za-z]{2,})만\s*(?:따지면|따져서|치면|보면|놓고|계산하면|하면|은|는|요|[?？]|$)")
_ONLY_PART_MONEY = re.compile(r"([가-힣A-Za-z]{2,})\s*(?:\d+\s*[가-힣]{1,2})?(?:에|에서|의|에게|으로|로)?\s*"
                             r"(?:배정된|배정한|해당하는|해당되는|들어간|들어가는|쓰인|쓰는|편성된|잡힌)?\s*(?:몫의?|부분의?|분의?)?\s*"
                             r"(?:금액|예산|돈|비용|액수|사업비)만")
_PART_SUFFIX = re.compile(r"(?:센터|쪽|거|것|지역|권|분)$")


def _only_a_part(question: str, c: Composed, vocab: Any) -> bool:
    """Whether the question asks about one part only ('그중에 서남센터만 따지면?') and no quoted line prints a figure
    next to that part ('2개소(서남, 서북) … 방문인원 72,737명' counts both): the figure quoted is the whole's."""
    from app.engine.lexicon import lexicon

    m = _ONLY_PART.search(question)
    money = _ONLY_PART_MONEY.search(question)
    if money is not None:  # '서초센터 2식에 배정된 금액만 따로 얼마야?': an amount of the part, printed next to it
        part = compact(money.group(1))
        quotes = [compact(x.quote or "") for x in c.citations]
        return part not in GENERIC and any(part in q for q in quotes) and not any(
            re.search(re.escape(part) + r"[^\d,()]{0,6}[:：]?\d[\d,.]*(?![\d,.])(?!\s*(?:식|대|개|명|곳|건|회|종|팀|과|차|년|월|일))",
                      q) for q in quotes)  # ('펠로우십 120' is an amount in the unit of its whole; '서초센터 2식' is none)
    if m is None:
        return False
    part = compact(m.group(1))
    lex = lexicon()
    cues = {x for mt in lex.metrics.values() for x in mt.cues}
    if part in cues or part in lex.fillers or part in lex.relative_years or part in GENERIC:
        return False  # ('정원만 보면', '올해만'): a measure or a time, not a part of the thing
    stems = {part, _PART_SUFFIX.sub("", part)}
    quotes = [compact(x.quote or "") for x in c.citations]
    if not any(re.search(r"\d", q) for q in quotes):
        return False
    return not any(len(s) >= 2 and (re.search(re.escape(s) + r"[^\d,()]{0,4}[:：]?\d", q) or
                                    re.search(r"\d[\d,.]*[가-힣%]{0,3}" + re.escape(s), q))
                   for s in stems for q in quotes)


def _resolve_mode(mode: str | None) -> str:
    m = (mode or settings.get("mode") or GROUNDED).strip().lower()
    if m not in (GROUNDED, "llm"):
        raise ValueError(f"unknown answer mode {m!r}: expected 'grounded' or 'llm' (setting DCQA_MODE)")
    return m


def _with_llm(question: str, base: Answer, on_token: Callable[[str], None] | None, t0: float) -> Answer:
    """The LLM path over the grounded answer; any missing piece or failure falls back to `base` with a note."""
    if base.abstained:
        return base
    try:
        from app.llm import get_backend
        from app.llm_path import answer_with_llm
    except ImportError as e:
        base.notes.append(f"LLM mode unavailable ({e}); grounded answer shown.")
        return base
    try:
        backend = get_backend()
        if backend is None:
            base.notes.append("LLM mode: no backend configured (setting DCQA_LLM); grounded answer shown.")
            return base
        out = answer_with_llm(question, base, backend, on_token)
    except Exception as e:  # noqa: BLE001 - any backend failure must fall back to the grounded answer
        log.warning("LLM path failed, grounded answer used: %s", e)
        base.notes.append(f"LLM path failed ({type(e).__name__}: {e}); grounded answer shown.")
        return base
    out.latency_ms = (time.perf_counter() - t0) * 1000.0
    out.question = question
    return out


def warm_caches(index: Any | None = None) -> None:
    """Build once what the first refused question would build while a user waits (a second or more on 2 cores): the
    vocabulary's line index the thesaurus reading looks words up in, and the row documents a description of a row
    is ranked against (`app.engine.described.row_ranking`). The thesaurus's phrase patterns are built only for the
    phrases a question holds the first letters of (`normalize.everyday_text`), cheaply, when asked."""
    from app.engine.described import in_reports_words, row_ranking
    from app.engine.vocab import vocabulary

    idx = _open(index)
    in_reports_words("준비", idx, loose=True)
    row_ranking("준비", vocabulary(idx.data), frozenset())


def answer(question: str, filters: dict[str, Any] | None = None, *, mode: str | None = None,
           index: Any | None = None, history: list[Any] | None = None) -> Answer:
    """Answer one question; raises QuestionError for empty or over-long input. `history`: the conversation's
    earlier turns, oldest first (questions as strings, or dicts with a "question"); a follow-up is resolved
    against them and the answer says how it was understood."""
    t0 = time.perf_counter()
    m = _resolve_mode(mode)
    base = _base_answer(question, filters, index, t0, history)
    if m == "llm":
        return _with_llm(question, base, None, t0)
    return base


def _base_answer(question: str, filters: dict[str, Any] | None, index: Any | None, t0: float,
                 history: list[Any] | None) -> Answer:
    """The grounded answer of one message: its chained questions in turn, else the question; two asks of one
    sentence answered in turn where one answer does not hold both."""
    base = _chained_answer(question, filters, index, t0, history) or \
        _grounded_answer(question, filters, index, t0, history)
    return _two_asks_answer(question, base, filters, index, t0, history) or \
        _elliptic_answer(question, base, filters, index, t0, history) or base


# '서울지갑 회원 몇 명임? 시민카드는?': a closing question of a name alone, asking the same of another thing
_ELLIPTIC_LAST = re.compile(r"^(?:그럼\s*|그리고\s*)?[가-힣A-Za-z0-9·\s]{2,24}?(?:은|는|도)\s*[?？]$")


def _elliptic_answer(question: str, base: Answer, filters: dict[str, Any] | None, index: Any | None, t0: float,
                     history: list[Any] | None) -> Answer | None:
    """A refused message of a question and a closing 'Y는?' (`_ELLIPTIC_LAST`): the question answered, then 'Y는?'
    as its follow-up (the conversation reader carries the measure over), the answers joined; None when the message
    is answered as one, has another shape, or either part is refused."""
    if not base.abstained:
        return None
    parts = [p.strip() for p in _QUESTION_END.split(question.strip()) if p.strip()]
    if len(parts) != 2 or not _ELLIPTIC_LAST.match(parts[1]) or len(compact(parts[0])) <= len(compact(parts[1])):
        return None
    answers = _answered_in_turn(parts, filters, index, t0, history)
    if any(a.abstained for a in answers):
        return None
    return _joined(question, answers, t0, "a question and its elliptic follow-up answered in turn")


_QUESTION_END = re.compile(r"(?<=[?？])\s+")
MAX_CHAINED = 3  # questions in one message answered one after the other


def chained_questions(question: str) -> list[str] | None:
    """The questions of one message that asks two or three in a row, a later one pointing back at what an earlier
    one asked ('그거 어느 과 예산이야? 그 과 전체 집행률은?'), or None (one question; or several that stand alone, which
    the engine reads as one: 'A 정원은? B는?')."""
    from app.engine.conversation import PLACE, THING, UNIT_POINTER

    parts = [p.strip() for p in _QUESTION_END.split(question.strip()) if p.strip()]
    if not 2 <= len(parts) <= MAX_CHAINED or not all(re.search(r"[가-힣A-Za-z]{2}", p) for p in parts):
        return None
    if not any(x.search(p) for p in parts[1:] for x in (PLACE, UNIT_POINTER, THING)):
        return None
    return parts


def _chained_answer(question: str, filters: dict[str, Any] | None, index: Any | None, t0: float,
                    history: list[Any] | None) -> Answer | None:
    """Two or three questions in one message, the later pointing back at the earlier (`chained_questions`): each
    answered as a turn of the conversation after the ones before it, the answers joined in order with their
    citation markers renumbered. The message is refused when its last question is."""
    parts = chained_questions(question)
    if parts is None:
        return None
    check_question(question)
    answers = _answered_in_turn(parts, filters, index, t0, history)
    return _joined(question, answers, t0, f"chained: {len(parts)} questions")


def _answered_in_turn(parts: list[str], filters: dict[str, Any] | None, index: Any | None, t0: float,
                      history: list[Any] | None) -> list[Answer]:
    """Each part answered as a turn of the conversation after the ones before it."""
    turns = list(history or [])
    answers = []
    for p in parts:
        answers.append(_grounded_answer(p, filters, index, t0, turns))
        turns.append(p)
    return answers


def _joined(question: str, answers: list[Answer], t0: float, note: str) -> Answer:
    """Answers given in turn as one: texts in order with their citation markers renumbered; refused when the last
    one is; read as the readings joined."""
    texts, cites, readings = [], [], []
    for a in answers:
        text, moved = after_markers(a.text, a.citations, len(cites))
        texts.append(text)
        cites.extend(moved)
        readings.append(a.resolved or a.question)
    last = answers[-1]
    out = Answer(text="\n".join(texts), citations=cites, abstained=last.abstained, mode=last.mode,
                 latency_ms=(time.perf_counter() - t0) * 1000.0, question=question,
                 notes=[note, *[n for a in answers for n in a.notes]])
    out.resolved = " / ".join(readings)
    return out


# '… 몇 곳 더 만들고 예산은 얼마야?': two asks in one sentence, the first closed by a verb in '-고'
_TWO_ASKS = re.compile(r"^(?P<first>.*?(?:몇|얼마)[^?？]*?[가-힣]고),?\s+"
                       r"(?P<second>[^?？]*?(?:몇|얼마|언제|어디|어느\s*정도|어떻게)[^?？]*[?？]?)\s*$")


def two_asks(question: str) -> list[str] | None:
    """The two asks of a question that asks one thing and then another of the same subject ('… 올해 몇 건 하고 돈은
    얼마 배정됐어?' → ['… 올해 몇 건 하고', '돈은 얼마 배정됐어?']), or None."""
    m = _TWO_ASKS.match(question.strip())
    if m is None or not re.search(r"[가-힣]{2}", m.group("second")):
        return None
    return [m.group("first").strip(), m.group("second").strip()]


_CHANGE_STATED = re.compile(r"증가했|감소했|증감|늘었|줄었|차이는|많습니다|적습니다")
_ROW_SUMS = ("budget", "executed", "spent")  # a row's sums of money, each a measure of its own ('얼마 잡혔고 … 얼마 나감')


def _two_asks_answer(question: str, base: Answer, filters: dict[str, Any] | None, index: Any | None, t0: float,
                     history: list[Any] | None) -> Answer | None:
    """A question of two asks (`two_asks`) whose answer does not hold a value of each kind asked: each ask answered
    as a turn of the conversation, the second after the first (so it keeps its subject), the answers joined; None
    when the question has one ask, the answer holds both, or the second ask is refused."""
    parts = two_asks(question)
    if parts is None:
        return None
    idx = _open(index)
    vocab = vocab_for(idx.data)
    wants = [analyze(p, vocab).wants for p in parts]
    if None in wants:
        return None
    if wants[0] == wants[1]:  # two sums of money: two asks only when they ask two measures ('얼마 잡혔고 … 얼마 나감')
        from app.engine.lexicon import lexicon
        from app.engine.parse import parse
        from app.engine.vocab import vocabulary

        measures = [parse(p, vocabulary(idx.data)).metrics or ["budget"] for p in parts]  # (a sum asked: its budget)
        names = [lexicon().metrics[m[0]].name for m in measures if m[0] in _ROW_SUMS]
        if len(names) != 2 or names[0] == names[1] or (not base.abstained and all(n in base.text for n in names)):
            return None
    elif not base.abstained and all(satisfies(w, base.text) for w in wants) and not (
            any(analyze(p, vocab).intent == "change" for p in parts) and not _CHANGE_STATED.search(base.text)):
        return None  # (an ask of a change is answered only by a change stated: '… 대비 얼마나 증액됐고, … 집행률은')
    answers = _answered_in_turn(parts, filters, index, t0, history)
    if any(a.abstained for a in answers):
        return None
    return _joined(question, answers, t0, "two asks answered in turn")


def _pieces(text: str, size: int = 12) -> Iterator[str]:
    """The text in small pieces for streaming adapters."""
    for i in range(0, len(text), size):
        yield text[i:i + size]


def stream_answer(question: str, filters: dict[str, Any] | None = None, *, mode: str | None = None,
                  index: Any | None = None, history: list[Any] | None = None) -> Iterator[tuple[str, object]]:
    """Yield ("token", str) pieces of the answer text, then exactly one ("answer", Answer)."""
    t0 = time.perf_counter()
    m = _resolve_mode(mode)
    base = _base_answer(question, filters, index, t0, history)
    if m == "llm" and not base.abstained:
        tokens: list[str] = []
        out = _with_llm(question, base, tokens.append, t0)
        if out is not base and tokens and "".join(tokens) == out.text:
            for t in tokens:
                yield ("token", t)
        else:
            yield from (("token", p) for p in _pieces(out.text))
        yield ("answer", out)
        return
    for p in _pieces(base.text):
        yield ("token", p)
    yield ("answer", base)


__all__ = ["Answer", "Citation", "QuestionError", "answer", "stream_answer", "check_question", "grounded",
           "MAX_QUESTION_CHARS"]
