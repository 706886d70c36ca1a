"""Render an executed frame as a short answer in the question's language, every figure cited at its cell's line
and every computed figure shown with its operands and formula. Names and figures stay as the reports print them.
"""
from __future__ import annotations

import re
from typing import Any

from index.models import TableRecord

from app.engine.cite import Cites
from app.engine.execute import Result
from app.engine.frame import Frame
from app.engine.lexicon import lexicon
from app.engine.tables import scale_of
from app.engine.text import has_batchim, compact, josa

KLASS_KO = {"department": "부서", "project": "사업", "revenue": "세입 항목", "job": "직종", "item": "항목", "team": "팀"}
KLASS_EN = {"department": "department", "project": "project", "revenue": "revenue item", "job": "job series"}
COMP_KO = {"gt": "초과", "ge": "이상", "lt": "미만", "le": "이하", "eq": ""}
COMP_EN = {"gt": "above", "ge": "at least", "lt": "below", "le": "at most", "eq": "equal to"}


def value_text(rec: TableRecord) -> str:
    """The cell as printed, with its unit when the cell does not print one ('51,701' → '51,701천원')."""
    raw = rec.value_raw.strip()
    unit = rec.unit or ""
    rate = any(w in rec.column for w in ("률", "율", "륜"))
    if rec.value is None:
        return raw
    if unit and not raw.endswith(unit) and not re.search(r"\(.*\)$", raw):
        raw = raw + unit
    elif unit and re.match(r"^(△?[\d,]+(?:\.\d+)?)(\s*\(.*\))$", raw):
        m = re.match(r"^(△?[\d,]+(?:\.\d+)?)(\s*\(.*\))$", raw)
        assert m is not None
        raw = m.group(1) + unit + m.group(2)
    if rate and not raw.endswith("%"):
        raw += "%"
    return raw


def _is_change_cell(rec: TableRecord) -> bool:
    from app.engine.tables import metric_of

    return metric_of(rec.column, lexicon()) in ("change", "change_rate")


def _number(value: float, like: TableRecord) -> str:
    m = re.search(r"[\d,]+(?:\.(\d+))?", like.value_raw)
    decimals = len(m.group(1)) if m and m.group(1) else 0
    text = f"{abs(value):,.{decimals}f}"
    return ("△" + text) if value < 0 else text


def _unit(rec: TableRecord) -> str:
    if any(w in rec.column for w in ("률", "율")):
        return "%"
    return rec.unit or ""


def _column_name(rec: TableRecord) -> str:
    return rec.column if not re.fullmatch(r"['’]?\d{2,4}\s*년?", rec.column.strip()) else "금액"


def _label(rec: TableRecord, data: Any = None) -> str:
    from app.engine.execute import _label as label

    return label(rec)


def _dated(rec: TableRecord, other: TableRecord) -> str:
    """'(2026. 3. 31. 기준)' when two figures come from reports of different dates, else ''."""
    if rec.doc == other.doc or not rec.as_of:
        return ""
    return f"({rec.as_of.strip()} 기준)"


def _metric_name(metric: str | None, rec: TableRecord) -> str:
    m = lexicon().metrics.get(metric or "")
    return m.name if m else rec.column


def _year_of(rec: TableRecord) -> int:
    from app.engine.tables import column_year

    return column_year(rec.column) or rec.year


def _as_of(recs: list[TableRecord]) -> str:
    dates = [r.as_of for r in recs if r.as_of]
    return f" ({dates[0]} 기준)" if dates else ""


def _as_of_inline(recs: list[TableRecord]) -> str:
    """The date of the figures inside a parenthesis already open ('(계산: 23 − 24 = △1; 2026.3.31. 기준)')."""
    dates = [r.as_of for r in recs if r.as_of]
    return f"; {dates[0]} 기준" if dates else ""


def _is_rate(metric: str | None) -> bool:
    return metric in ("exec_rate", "spend_rate", "change_rate")


def render(res: Result, f: Frame, data: Any) -> tuple[str, list[Any]]:
    """(answer text, citations) for an executed frame."""
    return render_each([(res, f)], data)


def render_each(parts: list[tuple[Result, Frame]], data: Any) -> tuple[str, list[Any]]:
    """(answer text, citations) for several executed frames answered together ('정원·현원 … 비교'): one sentence
    each, citations numbered across them."""
    cites = Cites(data)
    texts = []
    for res, f in parts:
        fn = _RENDER.get(res.op)
        if fn is None:
            raise ValueError(f"no renderer for operation {res.op!r}")
        texts.append(fn(res, f, cites, f.lang == "en", data))
    return " ".join(texts), cites.build()


def _fig(cites: Cites, rec: TableRecord, pair: str | None = None, twins: bool = True) -> str:
    """The cell's value with its citation marker(s), and a particle chosen by the value ('…천원[1]으로'); the same
    figure printed for the same row in another table of the report is cited too ('9.4%[1][2]')."""
    v = value_text(rec)
    if _is_change_cell(rec) and rec.value not in (None, 0):  # a change: its size and its direction in words
        v = v.lstrip("△-−") + (" 감소" if rec.value < 0 else " 증가")
    particle = josa(v, pair)[len(v):] if pair else ""
    marks = f"[{cites.figure(rec)}]"
    if twins:
        from app.engine.tables import tables_of, twins as twin_cells

        for t in twin_cells(tables_of(cites.data), rec):
            marks += f"[{cites.figure(t)}]"
    return f"{v}{marks}{particle}"


def _rank_computed(res: Result, f: Frame, cites: Cites) -> str:
    """Rows ranked by a measure computed from two cited cells of each row (execute._rank_by_computed): 현원 − 정원
    when the table prints no 과부족, or one measure over another; ties at the cut shown too."""
    items = res.items
    values = [float(x[6:]) for x in res.notes if x.startswith("value:")]
    k = min(max(f.k, 1), len(items))
    while k < len(items) and values[k] == values[k - 1]:
        k += 1
    if "computed gap" in res.notes:
        word = "정원보다 현원이 가장 많이 부족한" if f.order == "asc" else "정원보다 현원이 가장 많이 초과한"
        unit = _unit(items[0].record)
        shown = [f"{it.label}(현원 {_fig(cites, it.record, twins=False)} − 정원 {_fig(cites, it.also[0], twins=False)}"
                 f" = {'+' if v > 0 else ('△' if v < 0 else '')}{abs(v):g}{unit})" for it, v in zip(items[:k], values[:k])]
        computed = "과부족"
    else:
        num, den = items[0].record.column, items[0].also[0].column
        word = f"{den} 대비 {num} 비율이 가장 {'낮은' if f.order == 'asc' else '높은'}"
        shown = [f"{it.label}({num} {_fig(cites, it.record, twins=False)} ÷ {den} {_fig(cites, it.also[0], twins=False)}"
                 f" × 100 = {v:.1f}%)" for it, v in zip(items[:k], values[:k])]
        computed = "비율"
    table = res.table.title if res.table else ""
    return (f"{res.year}년 {table} 기준 {word} {KLASS_KO.get(res.klass or 'department', '항목')}는 "
            + ", ".join(shown) + f"입니다 ({computed}은 계산값){_as_of([items[0].record])}.")


def _rank(res: Result, f: Frame, cites: Cites, en: bool, data: Any) -> str:
    items = res.items
    if ("computed gap" in res.notes or "computed ratio" in res.notes) and not en:
        return _rank_computed(res, f, cites)
    k = min(max(f.k, 1), len(items))
    top = items[:k]
    # ties at the cut are shown too
    while k < len(items) and items[k].value == top[-1].value:
        top.append(items[k])
        k += 1
    col = top[0].record.column if res.klass != "job" else lexicon().metrics["staff"].name
    if (res.metric or "").startswith("part:"):
        col = res.metric.split(":", 1)[1] + " 현원"
    table = res.table.title if res.table else top[0].record.table_title
    klass_ko = KLASS_KO.get(res.klass or "department", "항목") if not (res.klass or "").startswith("rows:") \
        else res.klass[5:]  # the rows' own name, from their table's header ('분야')
    klass_ko += _among(f)
    asc = f.order == "asc"
    change = res.metric in ("change", "change_rate")
    if en:
        word = ("lowest" if asc else "highest") if _is_rate(res.metric) or change else ("smallest" if asc else "largest")
        klass = KLASS_EN.get(res.klass or "department", "item")
        parts = [f"{it.label} {_fig(cites, it.record, twins=False)}" for it in top]
        head = f"By {col} ({res.year}, table '{table}'), the {word} {klass}"
        if len(top) == 1:
            return f"{head} is {parts[0]}."
        return f"{head}s are: " + "; ".join(f"{i}. {p}" for i, p in enumerate(parts, 1)) + "."
    if change:
        word = "가장 많이 줄어든" if asc else "가장 많이 늘어난"
        if asc and all((it.value or 0) >= 0 for it in top):
            word = "가장 적게 늘어난"
        if not asc and all((it.value or 0) < 0 for it in top):
            word = "가장 적게 줄어든"
    elif _is_rate(res.metric):
        word = "가장 낮은" if asc else "가장 높은"
    else:
        word = "가장 적은" if asc else "가장 많은"
    if "among named" in res.notes:  # 'A랑 B 중 더 큰 쪽': of the things named, not a class of all rows
        word, klass_ko = word.replace("가장", "더"), "쪽"
    subject = f"{res.year}년 {table} 기준 {josa(col, '이/가')} {word} {klass_ko}"
    cond = _condition_text(res, en) if res.conditions and "among named" not in res.notes else ""
    if cond:  # ('집행률 0%인 사업 가운데 예산이 가장 큰 건': the filter said before the ranking)
        subject = f"{res.year}년 {table} 기준 {cond} {klass_ko} 가운데 {josa(col, '이/가')} {word} {klass_ko}"
    if res.metric == "gap" and "among named" not in res.notes and all((it.value or 0) < 0 for it in top) == asc:
        # ('과부족이 가장 적은 부서는 서울기록원(△3명)': said as what it is, the largest shortfall)
        subject = f"{res.year}년 {table} 기준 정원 대비 현원이 가장 많이 {'부족한' if asc else '초과한'} {klass_ko}"
    after = next((n.split(": ", 1)[1] for n in res.notes if n.startswith("after: ")), None)
    if after is not None and res.sub is not None and res.sub.items:  # '데이터센터 다음으로 큰 부서'
        before, it = res.sub.items[0], top[0]
        more = word.replace("가장 ", "")
        return (f"{res.year}년 {table} 기준 {josa(col, '이/가')} {after}({_fig(cites, before.record)}) 다음으로 {more} "
                f"{josa(klass_ko, '은/는')} {it.label}({_fig(cites, it.record)})입니다{_as_of([it.record])}.")
    if len(top) == 1 and len(items) >= 3 and _BOTH_ENDS.search(compact(f.text)) and "among named" not in res.notes:
        # '예산현액이 가장 큰 부서랑 가장 작은 부서는?': both ends of the one ranking
        it, low = top[0], items[-1]
        other = {"가장 적은": "가장 많은", "가장 많은": "가장 적은", "가장 낮은": "가장 높은",
                 "가장 높은": "가장 낮은"}.get(word, word) + f" {klass_ko}"
        return (f"{josa(subject, '은/는')} {it.label}({_fig(cites, it.record)})이고, {josa(other, '은/는')} "
                f"{low.label}({_fig(cites, low.record)})입니다{_as_of([it.record])}.")
    if len(top) == 1:
        it = top[0]
        text = f"{josa(subject, '은/는')} {it.label}({_fig(cites, it.record)})입니다"
        if len(items) > 1:
            nxt = items[1]
            text += f". 다음은 {nxt.label}({_fig(cites, nxt.record, twins=False)})입니다"
        if "among named" in res.notes and res.formula:  # 'A랑 B 중 어디가 더 많고 차이는?': the gap too
            unit = "%p" if _is_rate(res.metric) else (it.record.unit or "")
            gap = res.formula.rsplit("= ", 1)[-1]
            text += f". 두 값의 차이는 {gap}{unit}입니다 (계산: {res.formula})"
        return text + _as_of([it.record]) + "."
    listed = ", ".join(f"{i}) {it.label} {_fig(cites, it.record, twins=False)}" for i, it in enumerate(top, 1))
    return f"{josa(subject, '은/는')} {listed} 순입니다{_as_of([top[0].record])}."


_HIGH = r"(?:큰|많은|높은|많이\s*받은|최대|최고)"
_LOW = r"(?:작은|적은|낮은|최소|최저)"
_BOTH_ENDS = re.compile(rf"(?:가장|제일|젤){_HIGH}.{{0,12}}(?:랑|이랑|와|과|하고|,|및|그리고).{{0,6}}(?:가장|제일|젤){_LOW}"
                        rf"|(?:가장|제일|젤){_LOW}.{{0,12}}(?:랑|이랑|와|과|하고|,|및|그리고).{{0,6}}(?:가장|제일|젤){_HIGH}")


def _among(f: Frame) -> str:
    """'(사업소 제외)' after the class word when the question kept the units to one kind, so the reader sees it."""
    return f"({f.among_said})" if f.among is not None and f.among_said else ""


CHANGES = frozenset({"change", "change_rate"})  # measures whose sign says whether something rose or fell


def _condition_text(res: Result, en: bool) -> str:
    lex = lexicon()
    out = []
    for c in res.conditions:
        name = lex.metrics[c.metric].name if c.metric in lex.metrics else (
            c.metric or (res.items[0].record.column if res.items else ""))  # (a table's own column: '개수')
        if en:
            name = lex.metrics[c.metric].name_en if c.metric in lex.metrics else (c.metric or "")
            if (c.metric or "").startswith("part:"):
                out.append(f"{c.metric[5:]} staff {'present' if c.comparator == 'pos' else COMP_EN.get(c.comparator, '') + ' ' + (c.bound.raw if c.bound else '')}")
            elif c.other is not None:
                other = lex.metrics[c.other].name_en if c.other in lex.metrics else c.other
                out.append(f"{name} {'above' if c.comparator == 'gt' else 'below'} {other}")
            elif c.comparator == "flag":
                out.append(f"{name} printed as '{c.flag}'")
            elif c.comparator in ("neg", "pos") and c.metric not in CHANGES:
                out.append(f"{name} {'negative' if c.comparator == 'neg' else 'positive'}")
            elif c.comparator in ("neg", "pos"):
                out.append(f"{name} {'negative (a decrease)' if c.comparator == 'neg' else 'positive (an increase)'}")
            elif c.bound is not None:
                out.append(f"{name} {COMP_EN[c.comparator]} {c.bound.raw}")
            continue
        if (c.metric or "").startswith("part:"):  # a breakdown column: '지적 현원이 있는', '연구 현원이 2명 초과인'
            col = f"{c.metric[5:]} 현원"
            out.append(f"{col}이 있는" if c.comparator == "pos" else
                       f"{col}이 {c.bound.raw}{' ' + COMP_KO[c.comparator] if COMP_KO[c.comparator] else ''}인"
                       if c.bound is not None else f"{col}이 없는")
        elif c.other is not None:
            other = lex.metrics[c.other].name if c.other in lex.metrics else c.other
            out.append(f"{josa(name, '이/가')} {other}보다 {'많은' if c.comparator == 'gt' else '적은'}")
        elif c.comparator == "flag":  # '증감이 '순증'인': the mark printed in place of a number
            out.append(f"{josa(name, '이/가')} '{c.flag}'인")
        elif c.comparator in ("neg", "pos") and c.metric not in CHANGES:  # '과부족이 플러스인': a sign, not a change
            out.append(f"{josa(name, '이/가')} {'마이너스(0 미만)' if c.comparator == 'neg' else '플러스(0 초과)'}인")
        elif c.comparator == "neg":
            out.append(f"{josa(name, '이/가')} 감소한")
        elif c.comparator == "pos":
            out.append(f"{josa(name, '이/가')} 증가한")
        elif c.bound is not None:
            out.append(f"{josa(name, '이/가')} {c.bound.raw}{' ' + COMP_KO[c.comparator] if COMP_KO[c.comparator] else ''}인")
    return (" and " if en else ", ").join(out)


def _col_fig(cites: Cites, rec: TableRecord, also: tuple[TableRecord, ...]) -> str:
    """'37명[1]', or with the compared measure: '현원 37명[1], 정원 34명[1]'."""
    if not also:
        return _fig(cites, rec)
    return ", ".join(f"{r.column} {_fig(cites, r, twins=False)}" for r in (rec, *also))


def _filter(res: Result, f: Frame, cites: Cites, en: bool, data: Any) -> str:
    table = res.table.title if res.table else ""
    header = (res.klass or "")[5:] if (res.klass or "").startswith("rows:") else None  # '분야': a table's own rows
    klass_ko = (header or KLASS_KO.get(res.klass or "department", "항목")) + _among(f)
    cond = _condition_text(res, en)
    items = res.items
    n = len(items)
    shown = items[:12]
    if en:
        klass = KLASS_EN.get(res.klass or "department", "item")
        if not items:
            return f"No {klass} in {table} ({res.year}) has {cond}."
        body = "; ".join(f"{it.label} {_fig(cites, it.record, twins=False)}" for it in shown)
        return f"{n} {klass}{'s' if n != 1 else ''} in '{table}' ({res.year}) {'have' if n != 1 else 'has'} {cond}: {body}."
    under = next((x[6:] for x in res.notes if x.startswith("under:")), None)
    head = re.sub(r"\s+", " ", f"{res.year}년 {table} 기준 {under + ' ' if under else ''}{cond} {klass_ko}")
    owner = next((x[9:] for x in res.notes if x.startswith("lines of:")), None)
    if owner:  # every budget line of one unit
        head = f"{res.year}년 {table} 기준 {owner}의 세부사업"
    whole = next((x[9:] for x in res.notes if x.startswith("parts of:")), None)
    if whole:  # the rows printed under one row (those that pass the conditions asked)
        head = f"{res.year}년 {table} 기준 {whole}의 세부항목" + (f" 중 {cond} 항목" if cond else "")
    if "across reports" in res.notes and not en:  # no printed change: each report's own figure, compared
        early = res.notes[res.notes.index("across reports") + 1]
        word = "증가한" if any(c.comparator == "pos" for c in res.conditions) else "감소한"
        col = _metric_name(res.metric, items[0].record) if items else ""
        head = f"{early}년 보고서보다 {res.year}년 보고서에서 {col}{'이' if has_batchim(col) else '가'} {word} {klass_ko}"
        body = ", ".join(f"{it.label}({_fig(cites, it.also[0], twins=False)} → {_fig(cites, it.record, twins=False)})"
                         for it in items[:12])
        if not items:
            return f"{josa(head, '은/는')} 없습니다."
        unit = "곳" if res.klass in ("department", None) else "개"
        return f"{josa(head, '은/는')} {len(items)}{unit}입니다: {body}{_as_of([items[0].record])}."
    if not items:
        if res.table and res.table.rows:
            first = res.table.rows[0]
            rec = next(iter(first.cells.values()))
            return f"{josa(head, '은/는')} 없습니다[{cites.figure(rec)}]."
        return f"{josa(head, '은/는')} 없습니다."
    body = ", ".join(f"{it.label}({_col_fig(cites, it.record, it.also)})" if it.also else f"{it.label} {_fig(cites, it.record, twins=False)}"
                     for it in shown)
    more = f" 외 {n - len(shown)}곳" if n > len(shown) else ""
    unit = "곳" if res.klass in ("department", None) else "개"
    return f"{josa(head, '은/는')} {n}{unit}입니다: {body}{more}{_as_of([items[0].record])}." + _headcount_of_part(res, f)


def _headcount_of_part(res: Result, f: Frame) -> str:
    """The people of one breakdown column over the units listed ('연구직은 몇 명이고 어느 과에 있어?': 3 + 8 = 11명),
    when the headcount is asked with where they are and several units have them; '' otherwise."""
    items = res.items
    if "staff" not in f.metrics or len(items) < 2 or not any((c.metric or "").startswith("part:") for c in res.conditions):
        return ""
    values = [it.record.value for it in items]
    if any(v is None for v in values):
        return ""
    total = sum(values)
    operands = " + ".join(_number(v, items[0].record) for v in values)
    unit = _unit(items[0].record)
    return f" 모두 {_number(total, items[0].record)}{unit}입니다 (계산: {operands} = {_number(total, items[0].record)})."


def _values(res: Result, f: Frame, cites: Cites, en: bool, data: Any) -> str:
    items = res.items
    unit = _unit(items[0].record)
    parts = [f"{it.label} {_fig(cites, it.record)}" for it in items] if res.op == "sum" and "years" not in res.notes else []
    if res.op == "sum" and "years" not in res.notes:  # (one thing in two years: below)
        total = _number(res.value or 0.0, items[0].record) + unit
        if en:
            return f"{' + '.join(parts)} = {total} in total (computed: {res.formula})."
        last = re.sub(r"(?:\[\d+\])+$", "", parts[-1]) if parts else ""
        left = next((n.split(": ", 1)[1].replace("|", ", ") for n in res.notes if n.startswith("left out: ")), "")
        left = f"({left} 제외) " if left else ""  # '기본경비 빼고': the answer says what it left out
        return f"{left}{', '.join(parts)}{'을' if has_batchim(last) else '를'} 합치면 {total}입니다 (계산: {res.formula})."
    if res.op == "diff" and "years" in res.notes:  # one thing in two years: earlier → later
        early, late = items[0], items[1]
        d = res.value or 0.0
        mag = _number(abs(d), late.record) + unit
        ye, yl = _year_of(early.record), _year_of(late.record)
        if _is_rate(res.metric):
            mag = f"{abs(d):.1f}%p"
        if en:
            word = "up" if d > 0 else ("down" if d < 0 else "unchanged")
            rate = ""
            if len(items) > 2:  # the row's printed rate of change
                printed = items[2].record
                rate = f" ({value_text(printed).lstrip('△-−')} as printed[{cites.figure(printed)}])"
            return (f"{late.label} {late.record.column}: {ye} {_fig(cites, early.record)} → {yl} {_fig(cites, late.record)}, "
                    f"{word} {mag}{rate} (computed: {res.formula}).")
        moved = "증가했습니다" if d > 0 else ("감소했습니다" if d < 0 else "변동이 없습니다")
        if len(items) > 2:  # the row's printed rate of change
            rate = items[2].record
            word = "증가" if (rate.value or 0) > 0 else "감소"
            moved += f"(증감률 {value_text(rate).lstrip('△-−')} {word})[{cites.figure(rate)}]"
        two_reports = early.record.doc != late.record.doc
        de = (" 보고서" + _dated(early.record, late.record)) if two_reports else ""
        dl = (" 보고서" + _dated(late.record, early.record)) if two_reports else ""
        col = _metric_name(res.metric, late.record)
        if not d:  # the same figure in both: no '0명 변동'
            return (f"{late.label}의 {josa(col, '은/는')} {ye}년{de} {_fig(cites, early.record)}, "
                    f"{yl}년{dl} {_fig(cites, late.record)}으로 변동이 없습니다 (계산: {res.formula}).")
        return (f"{late.label}의 {josa(col, '은/는')} {ye}년{de} {_fig(cites, early.record, '에서/에서')} "
                f"{yl}년{dl} {_fig(cites, late.record, '으로/로')} {mag} {moved} (계산: {res.formula}).")
    if res.op == "sum" and "years" in res.notes:
        early, late = items[0], items[1]
        total = _number(res.value or 0.0, late.record) + unit
        if en:
            return f"{late.label}: {_year_of(early.record)} {_fig(cites, early.record)} + {_year_of(late.record)} {_fig(cites, late.record)} = {total} (computed: {res.formula})."
        return (f"{late.label}의 {_year_of(early.record)}년 {_fig(cites, early.record)}과 {_year_of(late.record)}년 "
                f"{_fig(cites, late.record)}을 합치면 {total}입니다 (계산: {res.formula}).")
    if res.op == "diff":
        a, b = items[0], items[1]
        d = res.value or 0.0
        mag = _number(abs(d), a.record) + unit
        if en:
            rel = "more than" if d > 0 else ("less than" if d < 0 else "the same as")
            return f"{a.label} {_fig(cites, a.record)} is {mag} {rel} {b.label} {_fig(cites, b.record)} (computed: {res.formula})."
        if d == 0:
            tw = "two tables" not in res.notes  # (one row in two tables: each figure cited at its own table)
            wa, wb = ("과", "은") if has_batchim(unit or "0") else ("와", "는")  # ('471,816천원과 … 천원은')
            return f"{a.label} {_fig(cites, a.record, twins=tw)}{wa} {b.label} {_fig(cites, b.record, twins=tw)}{wb} 같습니다."
        more = "많습니다" if d > 0 else "적습니다"
        if _is_rate(res.metric):
            more = "높습니다" if d > 0 else "낮습니다"
            mag = f"{abs(d):.1f}%p"
        gap, when = "", ""
        if "measures" in res.notes:
            when = f"{res.year}년 "
            if len(items) > 2:  # the row's printed 과부족
                gap = f" 표의 {josa(items[2].record.column, '은/는')} {_fig(cites, items[2].record)}입니다."
            from app.analyze import remainder_basis, remainder_verb

            basis = remainder_basis(f.key) if d > 0 and len(items) == 2 else None
            if basis:  # '아직 계약 안 걸린 돈': the budget less the measure, said in the asker's terms
                word = remainder_verb(basis)
                col_a = a.record.column
                row = a.label[:-len(col_a)].strip() if a.label.endswith(col_a) else a.label
                col_a = "예산현액" if "예산현액" in col_a else col_a  # ('2026 예산현액': the year is said before)
                return (f"{when}{row}의 {col_a} {_fig(cites, a.record, twins=False)} 중 {basis} "
                        f"{_fig(cites, b.record, '을/를', twins=False)} 뺀 "
                        f"{mag}이 아직 {word} 않았습니다 (계산: {res.formula}{_as_of_inline([a.record])}).")
        return (f"{when}{josa(a.label, '이/가')} {_fig(cites, a.record, '으로/로')} {b.label} {_fig(cites, b.record)}보다 {mag} {more} "
                f"(계산: {res.formula}{_as_of_inline([a.record]) if when else ''}).{gap}")
    if res.op == "ratio" and "whole summed" in res.notes:  # a flat table with no total: the rows added up
        a, rest = items[0], items[1:]
        word = (res.klass or "")[5:] if (res.klass or "").startswith("rows:") else ""
        parts = [f"{it.label} {_fig(cites, it.record, twins=False)}" for it in rest]
        whole = _number(sum(it.record.value or 0.0 for it in items), a.record) + (a.record.unit or "")
        if en:
            return (f"{a.label} {_fig(cites, a.record, twins=False)} is {res.value:.1f}% of the {len(items)} rows' sum "
                    f"{whole} (the table prints no total; the others: {', '.join(parts)}; computed: {res.formula}).")
        return (f"{josa(a.label, '은/는')} {_fig(cites, a.record, '으로/로', twins=False)}, 표의 {len(items)}개 "
                f"{josa(word or '항목', '을/를')} 모두 더한 {whole}의 {res.value:.1f}%입니다(표에 합계가 없어 더했습니다: "
                f"{', '.join(parts)}) (계산: {res.formula}).")
    if res.op == "ratio":
        a, b = items[0], items[1]
        if res.unit == "%":
            if en:
                return f"{a.label} {_fig(cites, a.record, twins=False)} is {res.value:.1f}% of {b.label} {_fig(cites, b.record, twins=False)} (computed: {res.formula})."
            return f"{josa(a.label, '은/는')} {_fig(cites, a.record, '으로/로', twins=False)} {b.label} {_fig(cites, b.record, twins=False)}의 {res.value:.1f}%입니다 (계산: {res.formula})."
        if en:
            return f"{a.label} {_fig(cites, a.record, twins=False)} is {res.value:.2f} times {b.label} {_fig(cites, b.record, twins=False)} (computed: {res.formula})."
        return f"{josa(a.label, '은/는')} {_fig(cites, a.record, '으로/로', twins=False)} {b.label} {_fig(cites, b.record, twins=False)}의 {res.value:.2f}배입니다 (계산: {res.formula})."
    raise ValueError(res.op)


def _verify(res: Result, f: Frame, cites: Cites, en: bool, data: Any) -> str:
    yes = res.verdict == "yes"
    if "gap" in res.notes:  # one measure against another of the same row
        a, b = res.items[0], res.items[1]
        lead = ("네." if yes else "아니요.") if not en else ("Yes." if yes else "No.")
        if en:
            return f"{lead} {a.label}: {a.record.column} {_fig(cites, a.record)}, {b.record.column} {_fig(cites, b.record)} (computed: {res.formula})."
        gap = res.formula.rsplit('= ', 1)[1].lstrip('△') + (a.record.unit or '')
        d = (a.record.value or 0) - (b.record.value or 0)
        counted = (a.record.unit or "") in ("명", "개", "건", "개소", "곳", "대")
        more = ("많습니다" if counted else "큽니다") if d > 0 else ("적습니다" if counted else "작습니다")
        said = (f"{josa(a.record.column, '이/가')} {b.record.column}보다 {gap} {more}" if d
                else f"{josa(a.record.column, '과/와')} {josa(b.record.column, '이/가')} 같습니다")
        return (f"{lead} {a.label}의 {josa(a.record.column, '은/는')} {_fig(cites, a.record)}, "
                f"{josa(b.record.column, '은/는')} {_fig(cites, b.record, '으로/로')} {said}"
                f" (계산: {res.formula}{'; ' + a.record.as_of + ' 기준' if a.record.as_of else ''}).")
    if "exists" in res.notes:
        it = res.items[0]
        fig = _fig(cites, it.record)
        if en:
            return f"{'Yes' if yes else 'No'}. The budget of '{it.label}' is printed as {fig}."
        return f"{'네' if yes else '아니요'}. '{it.label}'의 사업예산은 {fig}입니다."
    if res.claim is not None:
        it = res.items[0]
        col = _column_name(it.record) if not it.record.table_id.endswith(":projects") else "사업예산"
        fig = _fig(cites, it.record)
        if en:
            return f"{'Yes' if yes else 'No'}. The {col} of {it.label} is {fig}."
        lead = "네, 맞습니다." if yes else "아니요."
        operands = _rate_operands(it, cites)  # (a rate checked shows the amounts it is of, as a lookup does)
        if not operands and res.claim.unit == "%":  # (a change's rate checked shows the change it is of)
            operands = _companion(it, f, cites)
        if yes and res.claim.step >= 10_000 and not operands:  # a claim at its precision: '11,388,383천원(약 114억원)'
            operands = f"약 {res.claim.raw}"
        return f"{lead} {it.label}의 {josa(col, '은/는')} {fig}{f'({operands})' if operands else ''}입니다{_as_of([it.record])}."
    if res.direction is not None:
        from app.engine.tables import metric_of

        ch = res.items[0]
        rates = [o for o in res.items[1:] if metric_of(o.record.column, lexicon()) == "change_rate"]
        others = [o for o in res.items[1:] if o not in rates]
        fig = _fig(cites, ch.record)
        moved = "증가" if (ch.record.value or 0) > 0 or ch.record.flag == "순증" else ("감소" if (ch.record.value or 0) < 0 else "변동 없음")
        span = ""
        if len(others) >= 2:
            span = f" ({others[1].record.column} {_fig(cites, others[1].record)} → {others[0].record.column} {_fig(cites, others[0].record)})"
        if en:
            return f"{'Yes' if yes else 'No'}. The change for {ch.label} is {fig}{span}."
        lead = "네," if yes else "아니요,"
        base = _metric_name(metric_of(others[0].record.column, lexicon()) if others else "budget", ch.record)
        size = value_text(ch.record).lstrip("△-−")
        if rates and moved != "변동 없음":  # '8,726,105천원(16.6%) 증가'
            size += f"({value_text(rates[0].record).lstrip('△-−')})"  # (the same row: cited with the change)
        if moved == "변동 없음":
            return f"{lead} {ch.label}의 {josa(base, '은/는')} 변동이 없습니다[{cites.figure(ch.record)}]{span}."
        return (f"{lead} {ch.label}의 {josa(base, '은/는')} {size} {moved}했습니다[{cites.figure(ch.record)}]"
                f"{span}{_as_of([ch.record])}.")
    lead = ("네. " if yes else "아니요. ") if not en else ("Yes. " if yes else "No. ")
    return lead + _values(Result("diff", res.items, res.metric, res.year, value=res.value, formula=res.formula,
                                 notes=res.notes), f, cites, en, data)


# the year or report a two-step question opens with ('2025년 보고서에서 …를 맡는 부서'): said by the answer's date,
# not part of what the unit does
_REPORT_LEAD = re.compile(r"^\s*(?:(?:20)?\d{2}\s*년(?:도)?\s*(?:주요\s*|현안\s*)?(?:업무\s*)?(?:보고서?)?\s*"
                          r"(?:에서는?|에선|의|엔|에는|기준으로?)?\s*)+")


def _two_step(res: Result, f: Frame, cites: Cites, en: bool, data: Any) -> str:
    it = res.items[0]
    unit = res.notes[0] if res.notes else it.label
    fig = _fig(cites, it.record)
    col = _column_name(it.record)
    first = ""
    sub = res.sub
    if sub is not None and sub.op == "who":
        name = re.sub(r"(?<=[가-힣'’\"”])(?:을|를)$", "", _REPORT_LEAD.sub("", sub.notes[0].split(" → ")[0]).strip()) \
            if sub.notes else ""
        name = re.sub(r"\s+", " ", re.sub(r"['‘’\"“”]", "", name)).strip()  # (quoted once by the answer, not twice)
        sec_id = sub.notes[1] if len(sub.notes) > 1 else ""
        at = sub.notes[2] if len(sub.notes) > 2 else ""
        n = _cite_line(cites, data, at) if at else _cite_department(cites, data, sec_id, unit)
        marker = f"[{n}]" if n else ""
        if f.member:  # a team named for its unit: the organisation line that lists it
            first = (f"{name} belongs to {unit}{marker}; " if en else f"{josa(name, '은/는')} {unit}{marker} 소속이며, ")
        else:
            first = (f"'{name}' is run by {unit}{marker}; " if en else f"'{name}'의 담당 부서는 {unit}{marker}이며, ")
    elif sub is not None and sub.items:
        top = sub.items[0]
        if f.sub is not None:  # (a first clause read on its own: its own order)
            f = f.sub.with_(lang=f.lang, then_order=f.then_order)
        word = ("가장 낮은" if f.order == "asc" else "가장 높은") if _is_rate(sub.metric) else ("가장 적은" if f.order == "asc" else "가장 많은")
        if en:
            first = f"{unit} has the {'lowest' if f.order == 'asc' else 'highest'} {top.record.column} ({_fig(cites, top.record)}); "
        else:
            lead = f"{josa(top.record.column, '이/가')} {word}"
            if sub.metric in ("change", "change_rate"):  # '예산 제일 많이 줄어든 부서': a change ranked by its size
                lead = "전년 대비 가장 많이 " + ("줄어든" if f.order == "asc" else "늘어난")
            elif sub.metric == "gap":  # '정원 대비 제일 많이 모자란 부서': 과부족, the most negative first
                lead = "정원 대비 현원이 가장 많이 " + ("부족한" if f.order == "asc" else "초과한")
            first = f"{lead} {KLASS_KO.get(sub.klass or 'department', '부서')}{'은' if has_batchim(KLASS_KO.get(sub.klass or 'department', '부서')) else '는'} {unit}({_fig(cites, top.record)})이며, "
    if res.then is not None:  # the second step is an operation of its own: said as it would be of the unit named
        return first + _RENDER[res.then.op](res.then, f.with_(order=f.then_order or f.order), cites, en, data)
    others = res.items[1:]  # '정원·현원은 각각': each measure asked of the unit, in the order asked
    if en:
        more = "".join(f", its {_column_name(o.record)} is {_fig(cites, o.record)}" for o in others)
        return f"{first}its {col} ({res.year}) is {fig}{more}."
    when = "" if str(res.year) in col else f"{res.year}년 "  # '2026 예산현액' already says the year
    row = it.record.row_path[-1] if it.record.row_path else ""
    # a line of the unit's asked ('데이터센터 기본경비'), not its total: its label is said
    whose = unit if compact(it.label) == compact(unit) else f"{unit} {row or it.label}"
    more = "".join(f", {josa(_column_name(o.record), '은/는')} {_fig(cites, o.record)}" for o in others)
    return f"{first}{whose}의 {when}{josa(col, '은/는')} {fig}{more}입니다{_as_of([it.record])}."


def _cite_line(cites: Cites, data: Any, at: str) -> int | None:
    """Cite one line given as 'section id@line' (the line that printed what a unit does)."""
    sec_id, _, ln = at.rpartition("@")
    try:
        sec = data.section(sec_id)
    except (KeyError, LookupError):
        return None
    return cites.text(sec.doc, int(ln), int(ln), section=sec.path_text)


def _head_lines(data: Any, section_id: str) -> tuple[Any, list[tuple[int, str]]] | None:
    """A section and its heading with the lines just below it (where a project names its unit and contacts)."""
    try:
        sec = data.section(section_id)
    except (KeyError, LookupError):
        return None
    lines = data.lines(sec.doc)
    return sec, [(ln, lines[ln - 1]) for ln in range(sec.line_start, min(sec.line_end, sec.line_start + 6) + 1)]


def _cite_department(cites: Cites, data: Any, section_id: str, unit: str) -> int | None:
    """Cite the line that names a project's department (its heading, else a contact line near it)."""
    head = _head_lines(data, section_id)
    if head is None:
        return None
    sec, lines = head
    ln = next((n for n, text in lines if compact(unit) in compact(text)), sec.line_start)
    return cites.text(sec.doc, ln, ln, section=sec.path_text)


def _breakdown(data: Any, rec: Any) -> str:
    """What the line prints in parentheses right after a figure ('867백만원(시스템개발 552백만원/…)', '150백만원
    (서울디지털재단)'): its parts or who funds it, as printed, shown with it (the line is the figure's citation)."""
    try:
        line = data.lines(rec.doc)[rec.line - 1]
    except (AttributeError, IndexError, TypeError):
        return ""
    at = line.find(rec.value_raw)
    if at < 0:
        return ""
    m = re.match(r"\s*\(([^()]{2,80})\)", line[at + len(rec.value_raw):])
    return m.group(1).strip() if m and re.search(r"[\d가-힣]{2}", m.group(1)) else ""  # ('150백만원(서울디지털재단)')


def _lookup(res: Result, f: Frame, cites: Cites, en: bool, data: Any) -> str:
    if "project" in res.notes:  # a project's budget bullet
        it = res.items[0]
        parts = _breakdown(data, it.record)
        if en:
            return f"The budget of '{it.label}' is {_fig(cites, it.record, twins=False)}{f' ({parts})' if parts else ''}."
        return (f"'{it.label}'의 사업예산은 {_fig(cites, it.record, twins=False)}"
                f"{f'({parts})' if parts else ''}입니다.")
    if "years" in res.notes:  # one thing, one figure per year (each dated: two reports)
        rows = []
        for it in res.items:
            y = _year_of(it.record)
            when = f" ({it.record.as_of.strip()} 기준)" if it.record.as_of else ""
            rows.append(f"{y}년{when} {_fig(cites, it.record)}" if not en else f"{y}: {_fig(cites, it.record)}")
        first = res.items[0]
        col = _metric_name(res.metric, first.record)
        if en:
            return f"{first.label} — {col}: " + "; ".join(rows) + "."
        return f"{first.label}의 {josa(col, '은/는')} " + ", ".join(rows) + "입니다."
    parts = []
    for it in res.items:
        col = _column_name(it.record)
        if en:
            companion = _companion(it, f, cites)
            members = _members(data, it.record)  # (the teams a count of teams is of, as the Korean answer lists them)
            operands = _rate_operands(it, cites)  # (a rate with the two amounts it is of, as in Korean)
            parts.append(f"{it.label} — {col} ({res.year}): {_fig(cites, it.record)}"
                         + (f": {', '.join(members)}" if members else "") + (f" ({operands})" if operands else "")
                         + (f" ({companion})" if companion else ""))
        else:
            members = _members(data, it.record)
            operands = _rate_operands(it, cites)
            companion = _companion(it, f, cites)
            parts.append(f"{it.label}의 {josa(col, '은/는')} {_fig(cites, it.record)}"
                         + (f"({', '.join(members)})" if members else "") + (f"({operands})" if operands else "")
                         + (f"({companion})" if companion else ""))
    if en:
        asof = res.items[0].record.as_of
        return "; ".join(parts) + (f" (as of {asof.strip()})" if asof else "") + "."
    return f"{res.year}년 " + ", ".join(parts) + f"입니다{_as_of([res.items[0].record])}."


_RATE_PARTS = {"exec_rate": "executed", "spend_rate": "spent"}


def _rate_operands(it: Any, cites: Cites) -> str:
    """A rate read from a row is shown with the two amounts of that row it is computed from ('원인행위액 8,149천원 /
    예산현액 553,003천원'), cited at the same line."""
    row = it.row
    if row is None:
        return ""
    metric_of = {c.name: c.metric for c in row.table.columns}
    part = _RATE_PARTS.get(metric_of.get(it.record.column) or "")
    if part is None:
        return ""
    # (an amount printed '-' is none spent: shown as printed, so a 0.0% rate still says what it is of)
    num = next((r for n, r in row.cells.items() if metric_of.get(n) == part and (r.value is not None or
                                                                               r.value_raw.strip() in ("-", "–"))), None)
    den = next((r for n, r in row.cells.items() if metric_of.get(n) == "budget" and r.value is not None), None)
    if num is None or den is None:
        return ""
    return f"{num.column} {_fig(cites, num, twins=False)} / {den.column} {_fig(cites, den, twins=False)}"


# a figure asked whose row prints a twin figure of the same thing: shown beside it, cited at the same line. A change
# and its rate go together; a plain 집행률 is also the 지출액 기준 rate, unless the question says which basis it asks.
_COMPANIONS = {"change": "change_rate", "change_rate": "change", "exec_rate": "spend_rate"}
_BASIS_SAID = re.compile(r"원인행위|계약")


def _companion(it: Any, f: Frame, cites: Cites) -> str:
    """The row's companion figure of the one asked ('증감률 22.6% 증가' beside a 증감액, '지출액 집행률 43.1%' beside a
    plain 집행률), '' when the row prints none or the question names the basis of its rate."""
    from app.engine.execute import _row_of
    from app.engine.tables import tables_of, twins

    if it.row is None:
        return ""
    asked = {c.name: c.metric for c in it.row.table.columns}.get(it.record.column) or ""
    other = _COMPANIONS.get(asked)
    if other is None or (other == "spend_rate" and _BASIS_SAID.search(f.key + compact(f.question or ""))):
        return ""
    tabs = tables_of(cites.data)
    # the row itself first, then the row of the same figure in another table of the report (세출총괄 prints a unit's
    # 집행률 alone; 세출예산 집행현황 prints it beside the 지출액 집행률)
    rows = [it.row] + [r for t in twins(tabs, it.record) if (r := _row_of(tabs.by_id(t.table_id), t)) is not None]
    for row in rows:
        metric_of = {c.name: c.metric for c in row.table.columns}
        rec = next((r for n, r in row.cells.items() if metric_of.get(n) == other and r.value is not None), None)
        if rec is not None:
            return f"{_column_name(rec)} {_fig(cites, rec, twins=False)}"
    return ""


def _members(data: Any, rec: TableRecord) -> list[str]:
    """The names a list-table cell counts, read from its own line ('5팀' → the five teams listed)."""
    from app.engine.orgtables import is_team_cell, team_names

    if not is_team_cell(rec):
        return []
    return team_names(data.lines(rec.doc)[rec.line - 1])


def _who(res: Result, f: Frame, cites: Cites, en: bool, data: Any) -> str:
    unit, name, sec_id, at = (res.notes + ["", "", "", ""])[:4]
    if at:  # the unit named on the line the last answer quoted
        doc, line = at.rsplit(":", 1)
        n = cites.text(doc, int(line), int(line))
        if f.member:
            return f"{josa(f.member, '은/는')} {unit}[{n}] 소속입니다." if not en else f"{f.member} belongs to {unit}[{n}]."
        return f"{unit}[{n}] 소관입니다." if not en else f"It is the work of {unit}[{n}]."
    if sec_id:
        n = _cite_department(cites, data, sec_id, unit)
        marker = f"[{n}]" if n else ""
    else:
        rec = res.items[0].record
        marker = f"[{cites.figure(rec)}]"
    team = _contact_team(data, sec_id) if sec_id and f.asks_team else None
    if team is not None:  # '담당팀은?': the team on the project's contact line ('시스템운영팀장 : …'), cited there
        name_t, doc, ln, path = team
        n = cites.text(doc, ln, ln, section=path)
        if en:
            return f"'{name}' is the work of the {name_t} of {unit}[{n}]."
        return f"'{name}'의 담당 팀은 {unit} {name_t}[{n}]입니다."
    if en:
        return f"'{name}' is the work of {unit}{marker}."
    return f"'{name}'의 담당 부서는 {unit}{marker}입니다."


_TEAM_HEAD = re.compile(r"([가-힣A-Za-z0-9·]+팀)장\s*:")


def _contact_team(data: Any, section_id: str) -> tuple[str, str, int, str] | None:
    """The team whose head the project's contact line names, with the line (doc, number) and section path."""
    head = _head_lines(data, section_id)
    if head is None:
        return None
    sec, lines = head
    for ln, text in lines:
        m = _TEAM_HEAD.search(text)
        if m:
            return m.group(1), sec.doc, ln, sec.path_text
    return None


_RENDER = {"rank": _rank, "list": _filter, "count": _filter, "sum": _values, "diff": _values, "ratio": _values,
           "verify": _verify, "two_step": _two_step, "lookup": _lookup, "who": _who}
