"""Questions about a list the reports print item by item, each with an owner and a status: the audit-results
section (행정사무감사 처리결과; items parsed by app.audit.parse_demands, the one owner of that section's geometry).

Three operations, all over the parsed items and all cited at each item's own line:
- count  ('행감 지적사항 총 몇 건이야?', '정보보안과 소관 추진 중인 건 몇 개?'): the items that pass the filters;
- list   ('아직 검토 중인 건의사항 뭐 있어?', '데이터센터 관련 행감 지적 다 알려줘'): the same items, each named;
- status ('WeGO 회비 징수율 지적은 어떻게 처리됐어?'): the one item the question's own words single out;
- summary ('행감 처리결과 총괄 현황', '유형별 건수'): every kind's count by status, cited at the summary table's cells.

Filters: status (the printed 추진완료/추진중/검토중, or 'not yet done'), kind (시정·처리 요구, 건의, 기타), owner (a unit
named in the question) and topic (the question's remaining nouns, each of which must be printed in the item).
Nothing is guessed: a topic no item prints, a year no audit has, or two items that match a status question
equally well and differ, give None and the reader takes over.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from app.engine.frame import Frame, compare
from app.engine.lexicon import lexicon, raw_lexicon
from app.engine.text import compact

MAX_LISTED = 15  # a list longer than this names the first items and counts the rest
ITEM_CHARS = 90  # a listed item's text is cut here (the cited line holds all of it)
STATUS_TOPIC_SHARE = 0.6  # a status question's item must print at least this share of the question's topic words


@dataclass(frozen=True)
class ListedQuery:
    op: str  # 'count' | 'list' | 'status' | 'summary'
    statuses: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    topic: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    report: int | None = None  # the report named ('25년 보고서'): only the items it prints


@dataclass
class ListedAnswer:
    text: str
    cites: list[Any]
    items: list[Any] = field(default_factory=list)


def _lex() -> dict[str, Any]:
    return raw_lexicon().get("listed_items", {})


def _has(key: str, cues: list[str]) -> bool:
    return any(compact(c) in key for c in cues)


def _names_kind(key: str, cues: list[str]) -> bool:
    """Whether a kind of item is named ('건의사항', '건의 몇 건'), not a word that only spells it: '완료된 건의 비율' is
    건 + 의 (of the items), a share asked of every kind."""
    return any(re.search(re.escape(compact(c)) + r"(?!\s*(?:비율|비중|퍼센트|%|몇\s*%|몇\s*퍼))", key) for c in cues)


def _items(data: Any) -> list[Any]:
    from app.audit import parse_demands
    from app.indexcache import derived

    return derived(data, "listed_items", lambda: parse_demands(data))


# the statuses asked are to be added up: '완료랑 추진 중 합치면', '완료된 거 빼면 나머지', '아직 안 끝난 건'
_TOGETHER = re.compile(r"합치|합하|더하|합계|총합|빼|제외|말고|나머지|남은|남아|아직|안\s*끝|미완료|미처리|미결|못")
_SHARE = re.compile(r"비율|비중|퍼센트|%|몇\s*프로|몇\s*할")


def _topic_words(f: Frame, owners: set[str], lex: dict[str, Any]) -> tuple[str, ...]:
    """The question's nouns that could single out an item: not a cue, status, kind, owner, year or filler."""
    from app.audit import _nouns

    drop = {compact(w) for w in lex.get("generic", [])} | {"비율", "비중", "퍼센트", "프로", "정도"}  # a share asked
    if re.search(r"비율|비중|퍼센트|%|몇\s*프로", f.text):
        drop |= {"대비", "건수", "전체"}  # ('총 건수 대비 완료된 건의 비중': the whole of a share, no topic)
    for group in ("cues", "open", "ask_count", "ask_list", "ask_status", "ask_summary"):
        drop |= {compact(w) for w in lex.get(group, [])}
    for words in list(lex.get("status", {}).values()) + list(lex.get("kinds", {}).values()):
        drop |= {compact(w) for w in words}
    drop |= {compact(w) for w in lex.get("kind_names", {}).values()}  # '시정·처리요구사항' read as one noun
    drop |= lexicon().question_words  # '… 비율 얼마야?': Kiwi's noun '얼마' singles out no item
    drop |= {compact(w) for w in raw_lexicon().get("requests", {}).get("verbs", [])}  # '… 현황을 제시하시오'
    kind_words = [compact(w) for words in lex.get("kinds", {}).values() for w in words]
    kind_words += [compact(w) for w in lex.get("kind_names", {}).values()]
    owner_keys = {compact(o) for o in owners}
    out: list[str] = []
    text = f.text
    for g in sorted((w for w in lex.get("generic", []) if len(compact(w)) >= 4), key=len, reverse=True):
        text = re.sub(r"\s*".join(map(re.escape, compact(g))), " ", text)  # '업무보고': no '업무' of an item
    for n in sorted(_nouns(text), key=text.find):
        k = compact(n)
        if len(k) < 2 or k in drop or any(k in w for w in kind_words) or k.isdigit() or re.fullmatch(r"\d+년?", k) \
                or any(k in o for o in owner_keys):
            continue
        if any(k in compact(c) for c in lex.get("cues", [])):
            continue
        if any(k in compact(w) and compact(w) in compact(f.text) for ws in lex.get("status", {}).values() for w in ws):
            continue  # '미반영된 게': the status asked, whose stem ('반영') names no item
        m = re.search(re.escape(k), compact(text), re.I)
        out.append(m.group(0) if m else k)  # as the question wrote it ('CCTV', not Kiwi's 'cctv')
    return tuple(out)


def query_of(f: Frame, data: Any) -> ListedQuery | None:
    """The list question the frame asks, or None when it does not ask about a printed item list."""
    lex = _lex()
    key = f.key
    if f.linked is not None:  # '지적직 몇 명': a column's name (the 지적 job series) is no cue of the audit lists
        for lk in f.linked.links:
            if "column" in lk.kinds and lk.end <= len(key) and re.search(r"직|직렬|직종|현원|정원|인원|명", key[lk.end:]):
                key = key[:lk.start] + "#" * (lk.end - lk.start) + key[lk.end:]
    if not lex or not _has(key, lex.get("cues", [])):
        return None
    items = _items(data)
    if not items:
        return None
    statuses: set[str] = set()
    for status, cues in lex.get("status", {}).items():
        if _has(key, cues):
            statuses.add(status)
    negated = re.search(r"안\s*(?:된|끝난|끝낸|한)|못\s*(?:한|끝낸)|미완료|(?:완료|끝난|처리된|조치된)\S*\s*(?:거|것|건)?\S*\s*"
                        r"(?:빼|제외|말고)", f.text)  # '완료된 거 빼면 나머지': every status but done
    if negated:
        statuses.discard("추진완료")  # '안 끝난': '끝난' is negated, not a status asked
    if (_has(key, lex.get("open", [])) or negated) and not statuses:
        # '아직 남은 것': every status but done ('아직 검토 중인' keeps the status it names)
        statuses = {s for s in {it.status for it in items} if compact(s) != "추진완료"}
    kinds = {k for k, cues in lex.get("kinds", {}).items() if _names_kind(key, cues)}
    printed_owners = {it.department for it in items}
    owners = {o for o in printed_owners if compact(o) in key} | {u for u in f.units if u in printed_owners}
    from app.engine.vocab import vocabulary

    # the reporting bureau's own name ('디지털도시국 행감 몇 건') is the whole, never a topic that singles out items
    topic = tuple(t for t in _topic_words(f, owners, lex)
                  if not any(compact(t) in o or o in compact(t) for o in vocabulary(data).orgs))
    # only a year written in digits names an audit; '작년 행감' means the latest audit the reports print
    # ('25년 보고서 행감 처리결과': that year names the report the audit results are printed in, not the audit)
    years = tuple(sorted(set(y for y in f.written_years() if y != f.report_year)))
    asks_list = _has(key, lex.get("ask_summary", [])) or _has(key, lex.get("ask_list", []))
    if _has(key, lex.get("ask_summary", [])):  # '유형별': Kiwi's noun '유형' singles out no item
        topic = tuple(t for t in topic if not any(compact(t) in compact(c) for c in lex.get("ask_summary", [])))
    if _has(key, lex.get("ask_summary", [])) and not (statuses or kinds or owners or topic):
        op = "summary"  # '행감 처리결과 총괄 현황 제시', '유형별 건수': every kind, by status
    elif _has(key, lex.get("ask_count", [])) or (f.claim is not None and f.claim.unit in ("건", "개", "가지")) or (
            statuses and _SHARE.search(f.text)):  # a status's share of the items is counted
        op = "count"
    elif topic and (_has(key, lex.get("ask_status", [])) or (f.op == "verify" and (statuses or f.claim_status))):
        op = "status"  # 'X 지적 추진상황은?', 'X 지적된 거 처리 끝났어?'
    elif topic and not asks_list:
        return None  # one item's details ('… 몇 대 바꿀 계획이야?'): the reader quotes its measures
    elif statuses or kinds or owners or topic:
        op = "list"
    else:
        op = "count"  # 'the audit results': how many, by status, cited at the printed total
    return ListedQuery(op, frozenset(statuses), frozenset(kinds), frozenset(owners), topic, years, f.report_year)


def _year_ok(it: Any, years: tuple[int, ...], data: Any) -> bool:
    """A year named with the audit is the audit's year ('2025년 행정사무감사' is not the 2024 audit)."""
    return not years or it.audit_year is None or it.audit_year in years


def _prints(it: Any, word: str) -> bool:
    return word.lower() in compact(it.text).lower()


def select(q: ListedQuery, data: Any) -> list[Any] | None:
    """The items that pass every filter; None when a filter names something no item prints."""
    report_of = {d.doc: d.year for d in data.documents}
    items = [it for it in _items(data) if _year_ok(it, q.years, data)
             and (q.report is None or report_of.get(it.doc) == q.report)]
    if not items:
        return None
    if q.statuses and q.op != "status":  # '어떻게 처리됐어' asks the status; it does not filter by one
        items = [it for it in items if it.status in q.statuses]
    if q.kinds:
        items = [it for it in items if it.category in q.kinds]
    if q.owners:
        items = [it for it in items if it.department in q.owners]
    if q.topic and q.op != "status":
        items = [it for it in items if all(_prints(it, w) for w in q.topic)]
        if not items:
            return None  # a topic no item prints: not '0건', which the reports do not say
    return items


def _best(q: ListedQuery, items: list[Any]) -> list[Any]:
    """The items a status question singles out: most topic words printed, rare words weighing more."""
    if not q.topic:
        return []
    df = {w: sum(_prints(it, w) for it in items) for w in q.topic}
    scored = []
    for it in items:
        hit = [w for w in q.topic if _prints(it, w)]
        if len(hit) < max(1, round(STATUS_TOPIC_SHARE * len(q.topic))):
            continue
        scored.append((sum(1.0 / df[w] for w in hit), it))
    if not scored:
        return []
    scored.sort(key=lambda s: -s[0])
    top = scored[0][0]
    return [it for s, it in scored if s >= top - 1e-9][:3]


def _name(lex: dict[str, Any], q: ListedQuery) -> str:
    kinds = lex.get("kind_names", {})
    what = "·".join(kinds.get(k, k) for k in sorted(q.kinds)) if q.kinds else "처리요구사항 등"
    return what


def _status_word(q: ListedQuery) -> str:
    if not q.statuses:
        return ""
    return "·".join(sorted(q.statuses)) + " 상태인 "


def _summary(data: Any, it: Any, terms: tuple[str, ...] = ()) -> str:
    from app.compose import _audit_summary, clean_line

    raw = data.lines(it.doc)[it.line - 1]
    text = _audit_summary(clean_line(raw), terms)
    _, _, detail = text.partition(f"추진상황: {it.status}.")
    return detail.strip()


def _printed_cell(data: Any, items: list[Any], n: int, kinds: frozenset[str], status: str | None) -> Any | None:
    """The summary-table cell of the items' section that prints this count for this kind and status (row: one
    named by the kind's words, else the total '계'; column: one named by the status's words, else '계'), or None."""
    if len(kinds) > 1 or not items:
        return None
    lex = _lex()
    doc, root = items[0].doc, items[0].section
    row_words = [compact(w) for w in lex.get("kinds", {}).get(next(iter(kinds)), [])] if kinds else []
    col_words = {compact(w) for w in lex.get("status", {}).get(status, [status])} if status else {"계"}
    secs = {sec.section_id for sec in data.sections if sec.doc == doc and sec.path_text.startswith(root)}
    for rec in data.records(doc=doc):
        if rec.section_id not in secs or rec.value != n:
            continue
        label = compact(rec.row_path[-1]) if rec.row_path else ""
        row_ok = any(w in label for w in row_words) if row_words else label.startswith("계")
        if row_ok and compact(rec.column) in col_words:
            return rec
    return None


def _statuses(q: ListedQuery, f: Frame, lex: dict[str, Any], items: list[Any]) -> set[str]:
    """The statuses a yes/no question asks about ('끝났어?' → done; '아직 진행 중이야?' → ongoing)."""
    asked = set(q.statuses)
    if not asked and f.claim_status == "done":
        asked = {"추진완료"}
    elif not asked and f.claim_status == "ongoing":
        asked = {it.status for it in items if it.status != "추진완료"} or {"추진중"}
    return asked


def answer(f: Frame, data: Any) -> ListedAnswer | None:
    """The count, list or status the question asks of a printed item list; None when it asks none of them. An
    English question gets the count only (the items are printed in Korean), introduced in English."""
    q = query_of(f, data)
    if q is None or (f.lang == "en" and q.op != "count"):
        return None
    if f.lang == "en":
        got = answer(replace(f, lang="ko"), data)
        return None if got is None else ListedAnswer("From the reports (in Korean): " + got.text, got.cites, got.items)
    items = select(q, data)
    if items is None:
        return None
    from app.engine.cite import Cites

    lex = _lex()
    cites = Cites(data)
    every = select(replace(q, statuses=frozenset()), data) or items
    head = every[0].section if every else ""
    audit = f"{every[0].audit_year}년 행정사무감사" if every and every[0].audit_year else "행정사무감사"

    def cite(it: Any) -> str:
        return f"[{cites.text(it.doc, it.line, it.line, section=it.section)}]"

    if q.op == "list" and q.topic and len(items) == 1 and not q.statuses:
        q = replace(q, op="status")  # '보존서고 확보 요구, 지금 뭘 추진하고 있어?': that one item and its measures
    if q.op == "status":
        best = _best(q, items)
        if not best or len({it.status for it in best}) > 1:
            return None
        lead = ""
        if f.op == "verify":
            asked = _statuses(q, f, lex, best)
            if asked:
                lead = "네. " if best[0].status in asked else "아니요. "
        parts = []
        for it in best:
            detail = _summary(data, it, q.topic)
            parts.append(f"'{it.text}'({it.department}){cite(it)}의 추진상황은 '{it.status}'입니다."
                         + (f" {detail}" if detail else ""))
        return ListedAnswer(lead + f"{audit} 처리결과에 따르면 " + " ".join(parts), cites.build(), best)
    owners = "·".join(sorted(q.owners))
    scope = (f"{owners} 소관 " if owners else "") + (f"'{' '.join(q.topic)}' 관련 " if q.topic else "")
    what = f"{scope}{_name(lex, q)}"
    status_word = "·".join(sorted(q.statuses))
    n, n_all = len(items), len(every)
    by_status: dict[str, int] = {}
    for it in every:
        by_status[it.status] = by_status.get(it.status, 0) + 1
    printed = not q.owners and not q.topic  # whole kinds: the summary table prints their counts

    def counted(k: int, status: str | None) -> str:
        rec = _printed_cell(data, every, k, q.kinds, status) if printed else None
        return f"{k}건[{cites.figure(rec)}]" if rec is not None else f"{k}건"

    if q.op == "summary":
        return _summary_answer(data, lex, every, audit, cites)
    if q.op == "count":
        verdict = ""
        if f.claim is not None and f.claim.unit in ("건", "개", "가지"):  # '완료된 게 10건 넘어?': its comparator
            verdict = "네. " if compare(n, f.claim.comparator, f.claim.value) else "아니요. "
        elif f.claim is not None and f.claim.unit == "%" and q.statuses and n != n_all and n_all:
            # '완료된 게 절반 넘어?' ('50%'): the share of the statuses asked, its operands shown below
            verdict = "네. " if compare(round(n / n_all * 100, 1), f.claim.comparator, f.claim.value) else "아니요. "
        if len(q.statuses) > 1 and n != n_all:  # '완료랑 추진 중이 각각': each status asked, counted
            asked = ", ".join(f"{st} {counted(by_status.get(st, 0), st)}" for st in sorted(q.statuses)
                              if by_status.get(st))
            rest = ", ".join(f"{st} {counted(c, st)}" for st, c in by_status.items() if st not in q.statuses)
            text = (f"{audit} 처리결과의 {what}은 총 {counted(n_all, None)}이며, 그중 {asked}입니다"
                    + (f"(그 밖에 {rest})" if rest else "") + ".")
            parts = [by_status.get(st, 0) for st in sorted(q.statuses) if by_status.get(st)]
            if len(parts) > 1 and _TOGETHER.search(f.text):  # '완료랑 추진 중 합치면', '완료된 거 빼면 나머지': the statuses asked, together
                text += f" 합치면 {' + '.join(str(x) for x in parts)} = {sum(parts)}건입니다."
        elif q.statuses and n != n_all:
            rest = ", ".join(f"{s} {counted(c, s)}" for s, c in sorted(by_status.items(), key=lambda sc: -sc[1])
                             if s not in q.statuses)
            text = (f"{audit} 처리결과의 {what}은 총 {counted(n_all, None)}이며, 그중 {status_word} 상태는 "
                    f"{counted(n, status_word if len(q.statuses) == 1 else None)}입니다" + (f"(그 밖에 {rest})" if rest else "") + ".")
            whole = select(replace(q, kinds=frozenset()), data) if q.kinds and _status_first(f.key, lex) else None
            if whole and len(q.statuses) == 1:  # '추진 중인 건 모두 몇 건이고, 그중 건의사항은?': the whole's count too
                rec = _printed_cell(data, whole, len(whole), frozenset(), status_word)
                text += (f" 전체 처리요구사항 등 가운데 {status_word} 상태는 "
                         f"{len(whole)}건{f'[{cites.figure(rec)}]' if rec is not None else ''}입니다.")
            if (_SHARE.search(f.text) or (f.claim is not None and f.claim.unit == "%")) and n_all:
                # '완료된 거 비율이 어느 정도야?', '… 절반 넘어?': the share, its operands shown
                text += f" 비율은 {n / n_all * 100:.1f}%입니다 (계산: {n} ÷ {n_all} × 100 = {n / n_all * 100:.1f}%)."
        else:
            rest = ", ".join(f"{s} {counted(c, s)}" for s, c in sorted(by_status.items(), key=lambda sc: -sc[1]))
            text = (f"{audit} 처리결과의 {(status_word + ' 상태인 ') if q.statuses else ''}{what}은 총 "
                    f"{counted(n, None if not q.statuses else status_word)}입니다"
                    + (f"({rest})" if len(by_status) > 1 else "") + ".")
        if verdict.startswith("아니요"):
            text = "아니요. " + text
        elif verdict:
            text = verdict + text
        if printed and "[" in text:
            return ListedAnswer(text, cites.build(), items)
        if n > MAX_LISTED:
            total = _printed_total(data, items, n)
            if total is not None:
                doc, ln = total
                return ListedAnswer(text.replace(f"{n}건", f"{n}건[{cites.text(doc, ln, ln, section=head)}]", 1),
                                    cites.build(), items)
    else:
        if not items:
            return ListedAnswer(f"{audit} 처리결과({head})에는 {(status_word + ' 상태인 ') if q.statuses else ''}"
                                f"{what}이 없습니다.", cites.build(), [])
        shown = {}
        for it in items:
            shown[it.status] = shown.get(it.status, 0) + 1
        breakdown = ", ".join(f"{s} {counted(c, s) if not q.statuses else f'{c}건'}"
                              for s, c in sorted(shown.items(), key=lambda sc: -sc[1]))
        one = status_word if len(q.statuses) == 1 else None
        text = (f"{audit} 처리결과의 {(status_word + ' 상태인 ') if q.statuses else ''}{what}은 "
                f"{counted(n, one) if (one or not q.statuses) else f'{n}건'}입니다"
                + (f"({breakdown})" if len(shown) > 1 else "") + ":")
    lines = []
    for i, it in enumerate(items[:MAX_LISTED], 1):
        text_i = it.text if len(it.text) <= ITEM_CHARS else it.text[:ITEM_CHARS].rstrip() + "…"
        lines.append(f"{i}) {text_i} ({it.department}, {it.status}){cite(it)}")
    more = "\n(이하 생략: 전체는 인용한 섹션에 있습니다)" if n > MAX_LISTED else ""
    return ListedAnswer(text + ("\n" + "\n".join(lines) + more if lines else ""), cites.build(), items)


def _status_first(key: str, lex: dict[str, Any]) -> bool:
    """Whether the question names a status before a kind ('추진 중인 건은 모두 몇 건이고, 그중 건의사항은'): the
    status's items are the whole it counts first, the kind a part of them."""
    def first(groups: list[list[str]]) -> int:
        at = [key.find(compact(w)) for words in groups for w in words if compact(w) in key]
        return min(at) if at else len(key)

    return first(list(lex.get("status", {}).values())) < first(list(lex.get("kinds", {}).values()))


def _summary_answer(data: Any, lex: dict[str, Any], every: list[Any], audit: str, cites: Any) -> ListedAnswer:
    """Every kind's count and its statuses ('총 41건(추진완료 17건, …). 유형별로는 시정·처리 요구사항 17건(…), …'),
    each count cited at the summary table's cell that prints it, else stated as counted from the items."""
    def counts(items: list[Any], kinds: frozenset[str]) -> str:
        by: dict[str, int] = {}
        for it in items:
            by[it.status] = by.get(it.status, 0) + 1
        parts = []
        for st, c in sorted(by.items(), key=lambda sc: -sc[1]):
            rec = _printed_cell(data, items, c, kinds, st)
            parts.append(f"{st} {c}건" + (f"[{cites.figure(rec)}]" if rec is not None else ""))
        rec = _printed_cell(data, items, len(items), kinds, None)
        total = f"{len(items)}건" + (f"[{cites.figure(rec)}]" if rec is not None else "")
        return total + (f"({', '.join(parts)})" if parts else "")

    names = lex.get("kind_names", {})
    kinds = [k for k in lex.get("kinds", {}) if any(it.category == k for it in every)]
    text = f"{audit} 처리결과는 총 {counts(every, frozenset())}입니다."
    if kinds:
        text += " 유형별로는 " + ", ".join(
            f"{names.get(k, k)} {counts([it for it in every if it.category == k], frozenset({k}))}" for k in kinds) + "입니다."
    return ListedAnswer(text, cites.build(), every)


def _printed_total(data: Any, items: list[Any], n: int) -> tuple[str, int] | None:
    """The line before the items that prints their number ('수감결과 처리요구사항 등 총 41건'), if any."""
    doc = items[0].doc
    first = min(it.line for it in items if it.doc == doc)
    lines = data.lines(doc)
    pat = re.compile(rf"(?<![\d,.]){n}(?![\d,.])")
    for ln in range(max(1, first - 30), first):
        if pat.search(lines[ln - 1]) and ("총" in lines[ln - 1] or "계" in lines[ln - 1]):
            return doc, ln
    return None


def item_at(data: Any, cited: list[tuple[str, int, str]]) -> Any | None:
    """The printed list item an earlier answer quoted first ((doc, line, quote) as a conversation turn keeps them),
    or None when it quoted none."""
    items = {(it.doc, it.line): it for it in _items(data)}
    for doc, line, _ in cited[:1]:
        if (doc, line) in items:
            return items[(doc, line)]
    return None
