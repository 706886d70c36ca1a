"""The engine's order of work for one question: understand it (parse, and resolve a follow-up against the
conversation), then answer from tables when the operation is one tables can answer with certainty.

`answer_from_tables` returns None when the tables cannot answer: the caller (app/answer.py) then reads
passages with the question as the engine understood it (`Understood.reading`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

from app.engine import llm_frame
from app.engine.coverage import coverage
from app.engine.execute import Result, asks_budget_lines, execute, run_lookup
from app.engine.frame import Frame
from app.engine.parse import RATE_OF_TWO, parse
from app.engine.render import render, render_each
from app.engine.tables import tables_of
from app.engine.text import compact
from app.engine.vocab import vocabulary
from app.llm import LLMError

TABLE_OPS = ("rank", "list", "count", "sum", "diff", "ratio", "verify", "two_step", "who")


@dataclass
class Understood:
    """A question as the engine reads it."""

    frame: Frame
    reading: str  # the question handed to the passage reader (corrected, translated or resolved)
    resolved: str | None = None  # a follow-up written out as a standalone question, when it was one


@dataclass
class TableAnswer:
    text: str
    citations: list[Any]
    result: Result


def understand(question: str, data: Any, prior: Sequence[Any] | None = None,
               filters: dict[str, Any] | None = None) -> Understood:
    """Parse the question, and resolve it against the conversation's earlier turns (`prior`: conversation.Turn)."""
    vocab = vocabulary(data)
    frame = parse(without_preamble(question, vocab), vocab)
    frame.question = question
    resolved = None
    by_llm, notes = _llm_reading(question, frame, prior, vocab)  # (None, []) unless settings frame_llm and llm are on
    if by_llm is not None:
        frame, resolved = by_llm
    elif prior:
        from app.engine.conversation import resolve

        merged, resolved = resolve(frame, prior, vocab)
        if resolved:
            frame = _reparsed(resolved, merged, vocab)
    frame.notes.extend(notes)
    if filters:
        year = filters.get("year")
        if year and frame.report_year is None and not frame.years:
            frame.report_year = int(year)
    reading = resolved or _without_fillers(frame.text, vocab)
    if frame.lang == "en" and not resolved:  # English words left untranslated that the reports never print
        reading = " ".join(w for w in reading.split()
                           if not (re.fullmatch(r"[A-Za-z][A-Za-z'’\-]*", w) and not vocab.in_corpus(w)))
    if not resolved:
        from app.engine.lexicon import lexicon
        from app.engine.normalize import everyday_text

        org = sorted(vocab.orgs)[0] if vocab.orgs else None
        reading, _ = everyday_text(reading, lexicon().everyday, vocab.in_corpus, org)
    return Understood(frame, reading, resolved)


def _llm_reading(question: str, builtin: Frame, prior: Sequence[Any] | None,
                 vocab: Any) -> tuple[tuple[Frame, str] | None, list[str]]:
    """The question as the LLM reads it, once checked ((frame, standalone question)), or None; and the notes that
    say which parser was used. Asks nothing unless the settings frame_llm and llm are both on
    (app/engine/llm_frame.py): a follow-up is rewritten as a standalone question, any other question gets a
    proposed frame; a rejected or failed proposal leaves the built-in reading."""
    try:
        backend = llm_frame.frame_backend()
    except LLMError as e:
        return None, [f"parser: builtin (llm unavailable: {e})"]
    if backend is None:
        return None, []
    text = without_preamble(question, vocab)
    if prior:
        rewrite = llm_frame.rewrite_followup(text, llm_frame.history_lines(prior), backend)
        if rewrite is None:
            return None, ["parser: builtin (llm rewrite failed: an error, a timeout or no question in the reply)"]
        if compact(rewrite) == compact(text):
            return None, ["parser: builtin (llm: the question stands alone)"]
        try:
            f = llm_frame.check_rewrite(rewrite, text, prior, vocab, builtin)
        except llm_frame.ProposalRejected as e:
            return None, [f"parser: builtin (llm rewrite rejected: {e})"]
        f.question, f.resolved_from = question, rewrite
        return (f, rewrite), [f"parser: llm rewrite ({rewrite})"]
    proposal = llm_frame.propose_frame(text, vocab, backend, builtin)
    if proposal is None:
        return None, ["parser: builtin (llm frame failed: an error, a timeout or no JSON object in the reply)"]
    try:
        checked = llm_frame.check_frame(proposal, text, vocab, builtin)
    except llm_frame.ProposalRejected as e:
        return None, [f"parser: builtin (llm frame rejected: {e})"]
    if llm_frame.reading_of(checked) == llm_frame.reading_of(builtin):
        return None, ["parser: builtin (the llm frame agrees)"]
    from app.engine.conversation import standalone_text

    reading = standalone_text(checked)
    if not re.search(r"[가-힣A-Za-z0-9]{2}", reading):
        return None, [f"parser: builtin (llm frame rejected: it reads as no question ({reading!r}))"]
    f = _reparsed(reading, checked, vocab)
    f.lang = builtin.lang  # answered in the language asked
    return (f, reading), [f"parser: llm ({reading})"]


_SENTENCE_END = re.compile(r"(?<=[.!。?？])\s+|(?<=용으로,)\s*|(?<=용도로,)\s*|(?<=데요,)\s*|(?<=던데,)\s*|(?<=는데,)\s*|(?<=인데,)\s*|(?<=한데,)\s*|(?<=은데,)\s*")


def without_preamble(question: str, vocab: Any = None) -> str:
    """The question without a leading sentence that only says why it is asked ('행감 자료 준비용입니다. …'): a
    sentence with a preamble cue (data/lexicon.json) and no figure, followed by another sentence."""
    from app.engine.lexicon import raw_lexicon

    cues = raw_lexicon().get("preamble", {}).get("cues", [])
    question = _without_purpose_clause(question, raw_lexicon().get("preamble", {}).get("occasions", []))
    question = _without_purpose_phrase(question, cues)
    label = _LABEL.match(question)
    if label and any(c in label.group(1) for c in raw_lexicon().get("preamble", {}).get("occasions", [])):
        question = question[label.end():]
    parts = [p for p in _SENTENCE_END.split(question.strip()) if p.strip()]
    purposes = raw_lexicon().get("preamble", {}).get("purposes", [])
    while len(parts) > 1 and (any(c in parts[0] for c in cues) and not re.search(r"\d", parts[0])
                              or _ASKING_FORMULA.search(parts[0].strip()) and any(
                                  p in _ASKING_FORMULA.sub("", parts[0].strip()) for p in purposes)):
        parts = parts[1:]  # ('1분기 … 점검 차원에서 질의드립니다.': a sentence that only announces the question)
    # '… 집행 실적이 어떻게 돼? 행감 자료로 필요함': a closing sentence that only says why, after a question
    while len(parts) > 1 and re.search(r"[?？.!]$", parts[-2].strip()) and any(c in parts[-1] for c in cues) \
            and not re.search(r"\d|[?？]", parts[-1]):
        parts = parts[:-1]
    # '… 집행률이 얼마입니까? 집행 부진 아닙니까?': a closing rhetorical question (no figure to check) after the
    # question is the asker's judgement; the figures asked answer it
    while len(parts) > 1 and re.search(r"[?？]$", parts[-2].strip()) and _RHETORICAL.search(parts[-1].strip()) \
            and not re.search(r"\d", parts[-1]):
        parts = parts[:-1]
    if len(parts) > 1:  # '서울AI재단 출연금 집행이 부진하다는 지적이 예상됩니다. …': what it is about stays
        parts[0] = _JUDGED.sub("", parts[0].strip()).strip() or parts[0]
    if len(parts) > 1 and vocab is not None:
        parts[0] = _without_judgement(parts[0], vocab)
    return _without_purpose(" ".join(parts) if parts else question, vocab)


_ASKING_FORMULA = re.compile(r"(?:질의|문의|질문)\s*(?:드립니다|드려요|합니다|하겠습니다|입니다)[.!]?$|여쭙(?:겠)?습니다[.!]?$|여쭤\s*봅니다[.!]?$")
_RHETORICAL = re.compile(r"(?:아닙니까|아닌가요|아닌가|아니냐|아니야|아닌지요|않습니까|않나요|않은가요|않냐|않아요|않나)[?？]?$")
_PURPOSE_PHRASE = re.compile(r"^\s*((?:\S+\s+){0,5}?\S*(?:용으로|용도로|용이라|차원에서|자료로서?,?))\s+(?=\S)")
# '행감 후속 점검: …': a short opening label, closed by a colon, that names the occasion of the question
_LABEL = re.compile(r"^\s*([^:：\d]{2,16}?)\s*[:：]\s+(?=\S+\s+\S)")


# an opening clause closed by a comma that says what the answer is for ('행감 준비 관련해서, …', '감사 때 짚으려고
# 하는데, …', '의원님 질의용으로요, …')
_PURPOSE_CLAUSE = re.compile(r"^\s*([^,\d?？.]{2,40}?(?:관련해서|관련하여|려고\s*하는데요?|려는데요?|려고요|하는데요?|"
                             r"인데요?|용으로요?|용이에요|중인데요?|중이에요|으로요|로요))\s*,\s*(?=\S)")


def _without_purpose_clause(question: str, occasions: list[str]) -> str:
    """The question without an opening clause, closed by a comma, that names the occasion it is asked for (an
    audit, a council question: data/lexicon.json preamble 'occasions', and '의원') and holds no figure: the occasion
    is why it is asked, not what (an audit's own items are asked in the words after it: '…, 2024 행감 때 … 건의')."""
    m = _PURPOSE_CLAUSE.match(question)
    if m is None or not any(o in compact(m.group(1)) for o in [*occasions, "의원"]):
        return question
    rest = question[m.end():]
    return rest if len(compact(rest)) >= 6 else question


def _without_purpose_phrase(question: str, cues: list[str]) -> str:
    """The question without an opening phrase that only says what the answer is for ('행감 질의 대비용으로 정보보안과
    …'), when the phrase holds a preamble cue (or its stem: '질의' of '질의용') and no figure."""
    m = _PURPOSE_PHRASE.match(question)
    if m is None or re.search(r"\d", m.group(1)):
        return question
    phrase = compact(m.group(1))
    stems = {compact(c) for c in cues} | {compact(c)[:-1] for c in cues if c.endswith("용") and len(compact(c)) >= 3}
    if phrase.endswith("차원에서"):  # ('예산 대비 집행 점검 차원에서 …': a purpose noun before '차원에서')
        from app.engine.lexicon import raw_lexicon

        stems |= {compact(p) for p in raw_lexicon().get("preamble", {}).get("purposes", [])}
    rest = question[m.end():]
    first = _SENTENCE_END.split(rest.strip(), maxsplit=1)[0]
    if _ASKING_FORMULA.search(first.strip()):
        return question  # ('… 점검 차원에서 질의드립니다. …': the whole sentence only announces; it is dropped as one)
    return rest if any(s and s in phrase for s in stems) else question


# a sentence's predicate that reports a judgement ('… 부진하다는 지적이 예상됩니다', '… 과다하다는 우려가 있습니다')
_JUDGED = re.compile(r"\S+(?:다는|라는|다고|단)\s+(?:지적|우려|비판|의견|목소리|평가|문제\s*제기)(?:이|가|도)?\s+\S+(?:\s+\S+)?[.!]?$")
_BACKGROUND_END = re.compile(r"(?:한데|인데|는데|은데|던데|ㄴ데|데요)[,.]?$")


def _without_judgement(clause: str, vocab: Any) -> str:
    """A background clause before the request ('… 사업의 집행이 부진한데, 원인행위액을 제출 바랍니다') without the
    asker's judgement: its predicate (the last word, before the connective: '부진한데', '저조한데'); what it is
    about (the words before) stays. A predicate with a figure ('67명인데') or a name of the index stays."""
    words = clause.split()
    if len(words) < 2 or not _BACKGROUND_END.search(words[-1]) or re.search(r"\d", words[-1]):
        return clause
    if words[-2] in ("안", "못") or re.search(r"절반|\d", words[-2]):
        return clause  # ('집행률이 절반도 안 된다던데': the predicate is the claim asked about, not a judgement)
    stem = re.sub(r"(?:하|이|했|였|된|되)$", "", _BACKGROUND_END.sub("", words[-1]))
    if vocab.get(stem) or vocab.get(compact(words[-1])):
        return clause
    return " ".join(words[:-1])


_PURPOSE = re.compile(r"([가-힣]+)(?:을|를)\s+위(?:해서?|하여)\s+")


def _without_purpose(question: str, vocab: Any = None) -> str:
    """The question without a clause that says what the asker will do with the answer ('… 사업의 집행 부진 사유 파악을
    위해 예산현액과 집행률을 제출하시오'), when the purpose is one of the lexicon's (preamble.purposes: 파악, 검토, …).
    The clause's own words (up to three, after the word its subject ends: '사업의') go with it only when one of them
    is a word the reports never print ('부진') and none is a name of the index; otherwise only '파악을 위해' goes. A
    purpose of the work itself ('격차 해소를 위해 추진하는 사업') is part of what is asked and stays."""
    from app.engine.lexicon import raw_lexicon
    from app.engine.text import compact

    purposes = set(raw_lexicon().get("preamble", {}).get("purposes", []))
    m = _PURPOSE.search(question)
    if m is None or m.group(1) not in purposes or not re.search(r"[가-힣A-Za-z]{2}", question[m.end():]):
        return question
    head = question[:m.start()].split()
    start = len(head)
    while start > 0 and len(head) - start < 3 and not re.search(r"[가-힣](?:의|에|에서|에는)$|[,.?]$", head[start - 1]):
        start -= 1
    clause = [compact(re.sub(r"(?:을|를|의|은|는|이|가|에|도|과|와)$", "", w)) for w in head[start:]]
    bounded = start > 0 and re.search(r"[가-힣](?:의|에|에서|에는)$|[,.?]$", head[start - 1])
    if vocab is None or not clause or not bounded or any(vocab.get(w) for w in clause) \
            or all(vocab.in_corpus(w) for w in clause):
        start = len(head)
    return " ".join(head[:start] + [question[m.end():]]).strip()


def _reparsed(text: str, merged: Frame, vocab: Any) -> Frame:
    """The standalone question parsed again (so every stage reads one consistent text), with the slots the
    text cannot carry (items, conditions, the operation) taken from the merged frame."""
    f = parse(text, vocab)
    own = (f.op, f.klass, f.order, f.k)
    for name in ("op", "units", "rows", "parts", "projects", "metrics", "years", "year_explicit", "report_year",
                 "klass", "order", "k", "conditions", "claim", "claim_direction", "claim_status"):
        setattr(f, name, getattr(merged, name))
    from app.engine.conversation import ANY_PRONOUN, PLACE, THING

    pointing = not merged.subject or any(x.fullmatch(merged.subject.strip()) for x in (PLACE, THING, ANY_PRONOUN))
    if merged.op == "two_step" and merged.units and pointing and not merged.member:
        # '거기 담당하는 과 정원은?': the unit the clause asked for is the one the conversation resolved; what is left
        # is the standalone question's own operation (a lookup), never a ranking's first step
        f.op, f.klass, f.order, f.k = own
    f.question = merged.question
    f.resolved_from = text
    return f


def _without_fillers(text: str, vocab: Any) -> str:
    """The question without filler words the reports never print ('별도', '이미'): they carry no evidence."""
    from app.engine.lexicon import raw_lexicon
    from app.engine.text import compact

    adverbs = set(raw_lexicon().get("fillers", {}).get("adverbs", []))
    words = text.split()
    kept = [w for w in words if not (compact(w) in adverbs and not vocab.in_corpus(w))]
    return " ".join(kept) if len(kept) != len(words) and kept else text


def answer_from_tables(u: Understood, data: Any, search: Any = None) -> TableAnswer | None:
    """The table operation's answer, or None when tables cannot answer it with certainty."""
    f = u.frame
    tabs = tables_of(data)
    res: Result | None = None
    from app.engine import listed

    items = listed.answer(f, data)
    if items is not None:  # a printed item list (audit results): counted, listed or one item's status
        return TableAnswer(items.text, items.cites, Result("list", notes=[f"listed: {len(items.items)}"]))
    from app.engine import owned

    projects = owned.answer(f, data, tabs.vocab)
    if projects is not None:  # '서울기록원이 맡은 사업이 뭐야?': the unit's project sections, named and cited
        return TableAnswer(projects.text, projects.cites,
                           Result("list", notes=["owned projects", "items: " + "|".join(projects.projects)]))
    claims = _claims_each(f, tabs, data)
    if claims is not None:  # '정보통신과 정원 27명에 현원 29명 맞아?': each measure's figure checked, one verdict
        return claims
    from app.engine.execute import run_two_tables

    two = run_two_tables(f, tabs)
    if two is not None:  # '주차요금수입이 세입총괄이랑 세부내역에서 다르던데 차이가 얼마야?': one row, two tables' figures
        text, cites = render(two, f, data)
        if f.op == "verify":  # '… 금액 같아?': 네/아니요 on the computed difference
            from app.engine.claims import judge_equal, lead

            v = judge_equal(f, text)
            text = lead(v, f.lang) + text if v is not None else text
        return TableAnswer(text, cites, two)
    unknown = _unknown_unit(f, tabs.vocab)
    if unknown is not None:  # '정보통신과 스마트폴팀은 무슨 업무 …': a team no report names; its unit's figures are not its
        f.notes.append(f"tables skipped: no unit named {unknown}")
        return None
    cov = coverage(f, tabs.vocab, headings=True)
    if not cov.complete and not _describes_header_table(f, cov, tabs, data):
        f.notes.append(f"tables skipped: words not covered {cov.absent + cov.unused}")
        return None
    if f.op == "who" and not f.resolved_from and not f.member and not (f.projects and (f.project_score >= 0.6 or re.search(
            r"사업|프로젝트", f.key))):
        return None  # 'X 업무 하는 팀 어느 과': the reader quotes the line that says it (the engine answers if it cannot)
    measures = [m for m in dict.fromkeys(f.metrics) if m not in ("change", "change_rate")]
    if f.op in ("diff", "compare") and len(set(f.years)) >= 2 and len(measures) >= 2:
        # '정원·현원, 2025년이랑 2026년 비교하면': each measure across the two years, answered one after the other
        each = [(execute(f.with_(metrics=[m]), tabs, data, search), f.with_(metrics=[m])) for m in measures]
        if all(r is not None for r, _ in each):
            text, cites = render_each(each, data)  # type: ignore[arg-type]
            return TableAnswer(text, cites, Result("compare", notes=["measures: " + "|".join(measures)]))
    if f.op in TABLE_OPS or asks_budget_lines(f):
        res = execute(f, tabs, data, search)
    elif _change_of_two_reports(f, tabs):
        # '디지털 아카이브 구축 예산이 2025년보다 2026년에 얼마나 늘었나요?': a line no table prints a change for, in
        # each report: the two reports' figures, and their difference
        res = execute(f.with_(op="diff", metrics=[m for m in f.metrics if m not in ("change", "change_rate")]
                              or ["budget"]), tabs, data, search)
    elif f.op == "lookup" and f.metrics and _only_in_virtual_tables(f.metrics[-1], tabs):
        res = run_lookup(f, tabs)  # a measure only list-tables carry ('팀 수'): the reader has no grid to read
    elif f.op == "lookup" and RATE_OF_TWO in f.notes:
        res = run_lookup(f, tabs)  # '예산현액 대비 집행액 비율': the rate cell, not the reader's '대비' of two reports
    elif (f.lang == "en" or f.resolved_from or f.among is not None) and f.op == "lookup":
        res = run_lookup(f, tabs)  # English, or a follow-up: the figure read from its table at once
        if res is not None and not of_the_project(f, res):
            res = None  # (the reader quotes the project's line)
    elif f.op == "lookup" and f.rows and not f.parts and not (f.metrics or f.units or f.conditions) and \
            re.search(r"몇\s*(?:개|곳|군데|건|가지)", f.key) and (column := _one_count_column(f.rows[0], tabs)):
        res = run_lookup(f.with_(metrics=["count"], parts=[column[0]], years=[column[1]]), tabs)  # 'AI 안전망 조성은
        # 몇 개야?': the row's one column of counts ('개수'), in the report that prints it
    elif f.op == "lookup" and f.rows and f.parts and not (f.metrics or f.units or f.conditions):
        # 'AI 안전망 조성은 몇 개야' in a table whose one measure is its column '개수': the row's cell in that column
        for year in ([] if f.years else tabs.report_years()):  # the report that prints the row, when no year is said
            res = res or run_lookup(f.with_(metrics=["count"], years=[year]), tabs)
        res = res or run_lookup(f.with_(metrics=["count"]), tabs)
        one = tabs.by_id(res.items[0].record.table_id) if res is not None and res.items else None
        if one is None or len(one.columns) != 1:
            res = None  # (a table of several columns, '정보자원 보유 현황': the reader shows the row whole)
    if res is None:
        return None
    if _money_for_a_count(f, res):
        f.notes.append("tables skipped: a count is asked and the figure found is an amount of money")
        return None  # '관제하는 기관 몇 개로 늘어?': not the owning unit's budget change
    if res.op in ("rank", "list", "count") and res.table is not None and _names_another_table(f, res.table, tabs):
        f.notes.append(f"tables skipped: the question names a table other than {res.table.title}")
        return None  # '정보자원 보유현황 … 제일 적은 건?': not the departments' budgets of another table
    if res.op in ("rank", "list", "count") and not res.items and res.op == "rank":
        return None
    if res.op == "rank" and res.items:  # how many the answer shows (ties at the cut too): '그중 …' ranges over those
        k = min(max(f.k, 1), len(res.items))
        while k < len(res.items) and res.items[k].value == res.items[k - 1].value:
            k += 1
        res.notes.append(f"shown:{k}")
    text, cites = render(res, f, data)
    return TableAnswer(text, cites, res)


def _one_count_column(row: str, tabs: Any) -> tuple[str, int] | None:
    """(column, year) of the one table that prints the row and has a single column, of counts ('개수': 16개), or
    None when no such table or more than one does."""
    key = compact(row)
    found = {(t.columns[0].name, t.year) for t in tabs.tables if len(t.columns) == 1
             for r in t.rows if r.path and compact(r.path[-1]) == key
             for c in r.cells.values() if c.unit in ("개", "곳", "건", "개소", "종", "가지")}
    return found.pop() if len(found) == 1 else None


def _change_of_two_reports(f: Frame, tabs: Any) -> bool:
    """Whether a change between two years is asked of a named line (not a unit) whose tables print no change: the
    lookup of the change finds nothing, so the two years' figures are read and subtracted instead."""
    if f.op != "lookup" or "change" not in f.metrics or len(set(f.years)) != 2 or not f.rows or f.units:
        return False
    return run_lookup(f, tabs) is None


_VERDICT_LEAD = re.compile(r"^(?:네, 맞습니다(?:\([^)]*\))?\.|아니요\.|Yes\.|No\.)\s*")


def _claims_each(f: Frame, tabs: Any, data: Any) -> TableAnswer | None:
    """A yes/no question that states a figure for each of two measures of one thing ('정보통신과 정원 27명에 현원
    29명 맞아?'): each measure checked against its own figure (the measure named before it), and 네 only when every
    one holds; None unless two measures are each followed by a figure of their kind."""
    from app.engine.execute import Result as R
    from app.engine.lexicon import lexicon
    from app.engine.parse import _quantities, find_metrics

    if f.op != "verify" or len(set(f.metrics)) != 2:
        return None
    named = find_metrics(f.key, lexicon(), [])
    stated = [q for q in _quantities(f.key, f.years) if q.unit]
    if len(named) != 2 or len(stated) != 2:
        return None
    (pa, ma), (pb, mb) = sorted(named)
    qa, qb = sorted(stated, key=lambda q: q.start)
    if not (pa < qa.start < pb < qb.start):
        return None  # (each measure before its own figure)
    each = []
    for m, q in ((ma, qa), (mb, qb)):
        sub = f.with_(metrics=[m], claim=q, conditions=[])
        res = execute(sub, tabs, None)
        if not isinstance(res, R) or res.verdict not in ("yes", "no"):
            return None
        each.append((res, sub))
    text, cites = render_each(each, data)
    parts = [_VERDICT_LEAD.sub("", t) for t in re.split(r"(?<=\.)\s+(?=(?:네, 맞습니다|아니요\.|Yes\.|No\.))", text)]
    yes = all(r.verdict == "yes" for r, _ in each)
    head = ("Yes. " if yes else "No. ") if f.lang == "en" else ("네, 맞습니다. " if yes else "아니요. ")
    return TableAnswer(head + " ".join(parts), cites, R("verify", [it for r, _ in each for it in r.items],
                                                        verdict="yes" if yes else "no", notes=["each claim"]))


# '몇 개', '몇 면': a count, in any counter but those of money, a rate or a time ('몇 억', '몇 %', '몇 년')
COUNT_ASKED = re.compile(r"몇\s*(?!억|천|만|백|조|퍼센트|프로|%|년|월|일|시|배|차|살|등)[가-힣]")
_MONEY_UNITS = ("원", "천원", "백만원", "억원", "만원")


# a team's name ('스마트폴팀'); a 과 is left to the headcount check of the reader (a word ending in 과 is as often a
# noun joined to the next by 과: '행정직과 전산직', '항목과 감소액')
_UNIT_WORD = re.compile(r"([가-힣A-Za-z0-9]{2,}팀)(?:은|는|이|가|을|를|의|에|에서|도|만|랑|하고|과|와)?(?=\s|[?？.,]|$)")


def _unknown_unit(f: Frame, vocab: Any) -> str | None:
    """A team the question names that no report prints (its name never occurs in the reports), or None."""
    for m in _UNIT_WORD.finditer(f.text):
        word = compact(m.group(1))
        if len(word) < 3 or vocab.get(word) or vocab.in_corpus(word):
            continue
        if re.fullmatch(r"(?:담당|소관|어느|무슨|어떤|해당|각|전|모든|우리|그|저|이|몇개|몇)팀", word):
            continue  # ('담당팀', '어느 과'): a word of asking, not a name
        return m.group(1)
    return None


def _money_for_a_count(f: Frame, res: Result) -> bool:
    """Whether a count is asked ('몇 개', '몇 명') and every figure a lookup found is an amount of money (a count of
    rows, '집행액이 0인 사업 몇 개', counts items whatever their figures are)."""
    if res.op not in ("lookup", "two_step"):
        return False
    units = [getattr(getattr(it, "record", None), "unit", None) for it in res.items]
    return bool(COUNT_ASKED.search(f.text)) and bool(units) and all(u in _MONEY_UNITS for u in units)


def _names_another_table(f: Frame, table: Any, tabs: Any) -> bool:
    """Whether the question names a table by its title (four letters or more) and the result's table is none of
    those it names."""
    named = {k for k, es in tabs.vocab.entries.items() if len(k) >= 4 and k in f.key and any(
        e.kind == "table" and any(getattr(tabs.by_id(r), "year", None) == table.year for r in e.refs) for e in es)}
    title = compact(table.title)
    return bool(named) and not table.virtual and not any(k in title or title in k for k in named)


def _describes_header_table(f: Frame, cov: Any, tabs: Any, data: Any) -> bool:
    """A question over the rows a table's header names ('AI 행정서비스 분야 중 …') whose other words are all printed
    in the section that holds the table: they say which table, not what else to find."""
    if cov.absent:
        return False
    from app.engine.execute import header_tables

    if (f.klass or "").startswith("rows:"):
        found = header_tables(f, tabs)
    elif f.rows:  # 'AI 행정서비스 사업 중 AI 안전망 조성 분야 비율': the rows named are rows of such a table
        named = {compact(r) for r in f.rows}
        headed = {ref for es in tabs.vocab.entries.values() for e in es if e.kind == "rowheader" for ref in e.refs}
        found = [t for t in tabs.tables if t.id in headed and named <= {r.key for r in t.rows}]
    else:
        return False
    for t in found:
        try:
            sec = data.section(t.section_id)
        except (KeyError, LookupError):
            continue
        text = compact(" ".join(data.lines(sec.doc)[sec.line_start - 1:sec.line_end]))
        if all(compact(w) in text for w in cov.unused):
            return True
    return False


def _only_in_virtual_tables(metric: str, tabs: Any) -> bool:
    cols = [t for t in tabs.tables if any(c.metric == metric for c in t.columns)]
    return bool(cols) and all(t.virtual for t in cols)


def focus_notes(res: Result) -> list[str]:
    """What an answer was about, for the next follow-up: 'focus: <unit>' and 'items: a|b|c'."""
    notes = []
    if res.op == "who" and res.notes:
        notes.append(f"focus: {res.notes[0]}")
    elif res.op == "two_step" and res.notes:
        notes.append(f"focus: {res.notes[0]}")
    elif res.op == "rank" and res.items and res.klass in ("department", None):
        notes.append(f"focus: {res.items[0].label}")
    elif res.op == "rank" and res.items:
        notes.append(f"thing: {res.items[0].label}")
    if res.op in ("rank", "list", "count", "lookup", "sum", "diff") and res.items:
        shown = next((int(n.split(":")[1]) for n in res.notes if n.startswith("shown:")), 12)
        notes.append("items: " + "|".join(it.label for it in res.items[:min(shown, 12)]))
    return notes


def fallback_who(u: Understood, data: Any) -> TableAnswer | None:
    """'어느 과' when the reader found no line that says it: the unit of the named project or budget line."""
    f = u.frame
    if f.op != "who":
        return None
    tabs = tables_of(data)
    res = execute(f, tabs, data)
    if res is None:
        return None
    text, cites = render(res, f, data)
    return TableAnswer(text, cites, res)


def of_the_project(f: Any, res: Result) -> bool:
    """Whether a lookup's figures are of the project the question names, when it names one and no table row: 'the
    project budget for the next-generation digital archive of the Seoul Metropolitan Archives' is not answered with
    a figure of the archives' own rows (the project's title must be on the figure's row)."""
    if not f.projects or f.rows:
        return True
    titles = [t for t in (compact(getattr(p, "text", "") or "") for p in f.projects) if t]
    for it in res.items:
        record = getattr(it, "record", None)
        path = compact(" ".join(getattr(record, "row_path", ()) or ())) if record is not None else ""
        if path and any(t in path or path in t for t in titles):
            return True
    return False


def fallback_lookup(u: Understood, data: Any) -> TableAnswer | None:
    """When the passage reader refuses a question whose every word the engine understood and whose thing and
    measure name one cell ('2025년 보고서의 공간정보과 기본경비 예산현액'), that cell answers it."""
    f = u.frame
    if f.op not in ("lookup", "when", "status"):
        return None
    tabs = tables_of(data)
    if not coverage(f, tabs.vocab, headings=True).complete or _unknown_unit(f, tabs.vocab) is not None:
        return None
    if not f.metrics:  # '디지털정책과 일반회계랑 특별회계 얼마?': the measure the tables printing those rows lead with
        from app.engine.execute import inferred_measure

        m = inferred_measure(f, tabs) if f.op == "lookup" else None
        if m is None:
            return None
        f = f.with_(metrics=[m])
    res = run_lookup(f.with_(op="lookup"), tabs)
    if res is None or not res.items or not of_the_project(f, res):
        return None
    if f.klass == "revenue" and any("세출" in _table_title(it) and "세입" not in _table_title(it) for it in res.items):
        return None  # '… 세입 총계는?': a total of the spending tables is no revenue figure
    text, cites = render(res, f, data)
    return TableAnswer(text, cites, res)


def _table_title(item: Any) -> str:
    """The title of the table an item's cell is printed in ('세출총괄 회계별'), or ''."""
    row = getattr(item, "row", None)
    table = getattr(row, "table", None) if row is not None else None
    return str(getattr(table, "title", "") or getattr(item.record, "table_title", "") or "")
