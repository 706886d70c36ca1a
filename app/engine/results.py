"""A follow-up that computes on what the conversation's answers stated: '차이는?', '둘이 합치면?', '다 합치면?',
'나머지는?' asked with nothing of its own (no unit, row, project, measure, year or other words).

The operands are figures the earlier answers stated with a citation marker right after them ('341,748천원[1]'),
outside the computation notes and the 'other readings' the answer listed. Which figures:
- '다/전부/모두 합치면': every figure the last answer stated in the unit of its first one (two or more);
- the last answer stated two or more figures for two or more things it was asked about ('각각 얼마야?'): its first two;
- otherwise the first figure of each of the last two answers ('… 대관료 얼마야?', '25년 최종예산은?', '차이는?');
- '나머지는?': the earlier answer's figure (the whole) minus the last one's (its part), when the whole is larger.
Figures of different units ('명' and '천원') are never combined. Each operand is cited at the line its answer
cited it at, and the computation is shown. None when the conversation does not give the operands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from app.engine.frame import Frame
from app.engine.text import josa

ALL = re.compile(r"(?<![가-힣])(?:다|전부|모두|몽땅|싹\s*다)\s*(?:더하|합|해서)|총합|all of them|altogether", re.I)
REST = re.compile(r"나머지|남은\s*(?:건|것|거|게|돈|금액|예산)|빼면|잔액|안\s*(?:된|쓴|나간)|못\s*(?:쓴|한)"
                  r"|안\s*[가-힣]{1,3}[ㄴ-ㅎ]?\s*(?:돈|금액|예산|액수)|remaining|the rest", re.I)  # ('아직 안 잡힌 돈은?')
# '셋 중에 제일 많은 데는?': a ranking among the figures the last N answers gave, one each (N said by the number)
AMONG_ANSWERS = re.compile(r"(?<![가-힣])(?:(둘|두)|(셋|세)|(넷|네)|(다섯))\s*(?:개|곳|군데|과|부서|사업|기관|항목|가지)?\s*"
                           r"(?:중|가운데)")
BOTH = re.compile(r"둘|두\s*(?:개|곳|군데|가지|항목|사업|부서)|양쪽|각각|both", re.I)
SEVERAL = re.compile(r"^(?:셋|넷|다섯|세|네)(?:개|곳|가지|항목)?$")  # '셋 더하면': how many, not a name
PERCENT = re.compile(r"퍼센트|프로(?![가-힣])|비율|비중|%|몇\s*퍼|percent|percentage|share", re.I)
_WHICH_MORE = re.compile(r"(?:어느\s*쪽|어디|어떤\s*게|뭐)(?:이|가)?\s*(?:얼마나\s*)?더\s*(?:많|크|높|적|작|낮)|which\s+is\s+(?:more|larger|bigger|higher)", re.I)
_TOTAL_LABEL = re.compile(r"(?:^|\s)(?:총합계|합계|총계|계|총액|전체|total)$", re.I)
_LOW = re.compile(r"적은|작은|낮은|최소|최저|꼴찌|꼴등|제일\s*덜|least|lowest|smallest|fewest", re.I)
_SHARE_OF_BOTH = re.compile(r"비중|차지|점유")
_MORE_LESS = re.compile(r"보다.{0,8}?(?:많|적|높|낮|크|작|늘|줄|더|덜)")
_UNDERSTOOD = re.compile(r"^'[^']*'\(으\)로 이해했습니다\.\s*")
_NOTES = re.compile(r"\((?:계산|calculation)[^)]*\)|다른 항목:.*$|Other readings:.*$", re.S)
_QUOTED_LINE = re.compile(r"^- .*\[\d+\]\s*$", re.M)
_PAREN = re.compile(r"\([^()]*\)")
_SENTENCE = re.compile(r"(?<=[다요)\]])\.\s+|\n")
_LABEL_END = re.compile(r"(?:의|은|는|이|가|에|에서|으로|로|:)\s*$")


@dataclass(frozen=True)
class Stated:
    """A figure an answer stated, with the citation marker after it and the words before it."""

    raw: str
    magnitude: Decimal
    scale: Decimal
    unit: str
    marker: int
    label: str  # the measure as the answer named it ('2026 예산현액')
    thing: str  # what it is of, as the answer named it (its last words: '대관료 수입'), or ''
    lead: str  # the year its sentence opens with ('2025년'), or ''
    in_parens: bool


def stated(said: str) -> list[Stated]:
    """The figures an answer's text states with a citation marker right after them, in order."""
    from app.verify import extract_figures

    body = _UNDERSTOOD.sub("", said)
    cut = _NOTES.search(body)
    while cut:  # computation notes and other readings are not what the answer states
        body = body[:cut.start()] + " " * (cut.end() - cut.start()) + body[cut.end():]
        cut = _NOTES.search(body)
    parens = [(m.start(), m.end()) for m in _PAREN.finditer(body)]
    quotes = [(m.start(), m.end()) for m in _QUOTED_LINE.finditer(body)]  # '- <a report line> [1]': quoted, not said
    out: list[Stated] = []
    for fig in extract_figures(body):
        if fig.kind != "number" or not fig.unit or fig.unit in ("년", "월", "일"):
            continue
        mark = re.match(r"\s?\[(\d+)\]", body[fig.end:])
        if not mark or any(a <= fig.start < b for a, b in quotes):
            continue
        head = _SENTENCE.split(body[:fig.start])[-1]
        head = re.sub(r"\[\d+\]", "", head)
        lead = next(iter(re.findall(r"^\s*((?:20\d{2})년)", head)), "")
        head = _LABEL_END.sub("", re.split(r"[,;(:]", head)[-1].strip()).strip()
        thing, _, measure = head.rpartition("의 ")
        out.append(Stated(fig.raw, fig.magnitude, fig.scale, fig.unit, int(mark.group(1)), measure[-40:],
                          " ".join(thing.split()[-2:]), lead,
                          any(a <= fig.start < b for a, b in parens)))
    return out


_OTHERS = re.compile(r"다른 항목:(.*?)(?:원하는 항목|$)", re.S)


def _other_items(said: str) -> list[Stated]:
    """The figures of the other readings an answer listed after its own ('다른 항목: … 3,256,000천원[3].')."""
    m = _OTHERS.search(_UNDERSTOOD.sub("", said))
    return stated(m.group(1)) if m else []


def _main(figs: list[Stated]) -> list[Stated]:
    """The figures an answer states as its answer: outside parentheses, in the unit of the first one."""
    top = [x for x in figs if not x.in_parens]
    return [x for x in top if x.unit == top[0].unit] if top else []


def _quoted_figure(turn: Any) -> list[Stated]:
    """The figure a quoting answer gave for its question ('교체 몇 대?' over '… 신설(1,796대)·교체(3,333대)' →
    3,333대): on the lines it cited, the figure printed closest after a word of the question (in the counter
    asked, '몇 대'), when one is closest; [] otherwise."""
    from types import SimpleNamespace

    from app.engine.quoted import _question_words
    from app.engine.text import compact
    from app.verify import extract_figures

    words = [w for w in _question_words(SimpleNamespace(text=turn.text)) if len(w) >= 2 and not re.search(r"\d", w)]
    counter = _COUNTER_ASKED.search(turn.text)
    best: list[tuple[int, Stated]] = []
    counted: list[Stated] = []  # every figure in the counter asked
    for c in list(getattr(turn, "citations", []) or [])[:3]:
        named = next((w for w in words if w in compact(c.quote)), "")  # (the question's word the line prints)
        for fig in extract_figures(c.quote):
            if fig.kind != "number" or not fig.unit or fig.unit in ("년", "월", "일"):
                continue
            if counter and fig.unit not in (counter.group(1), counter.group(1)[:1]):
                continue
            counted.append(Stated(fig.raw, fig.magnitude, fig.scale, fig.unit, c.n, named, "", "", False))
            head = compact(c.quote[:fig.start])
            gaps = sorted((len(head) - head.rfind(w) - len(w), w) for w in words if w in head)
            if gaps:
                gap, word = gaps[0]
                best.append((gap, Stated(fig.raw, fig.magnitude, fig.scale, fig.unit, c.n, word, "", "", False)))
    best.sort(key=lambda x: x[0])
    if not best or best[0][0] > 6 or (len(best) > 1 and best[1][0] == best[0][0]
                                      and best[1][1].magnitude != best[0][1].magnitude):
        if counter and len(counted) == 1 and best:  # ('서울지갑 | … | 회원수 약 12만명' for '서울지갑 몇 명?': the
            return counted  # one figure the quoted lines print in the counter asked, on a line a question word names)
        return _quoted_cell(turn, counter.group(1) if counter else None)
    return [best[0][1]]


_COUNTER_ASKED = re.compile(r"몇\s*([가-힣]{1,2})")  # '몇 대', '몇 개소': the counter a count is asked in
_COUNT_HEADER = re.compile(r"개수|갯수|건수|수량|수$")


def _quoted_cell(turn: Any, counter: str | None, named: bool = False) -> list[Stated]:
    """'AI 안전망 조성 | 16 | …' quoted under its header 'ㅇ 분 야 | 개수 | 주요 서비스' for '… 몇 개야?': the bare
    number in the header's count column, in the counter asked; [] when the answer quoted no such header and row."""
    from app.engine.text import compact

    if not counter:
        return []
    counter = counter if counter in ("개소", "가구", "가지") else counter[:1]  # '몇 개야' -> 개
    cites = list(getattr(turn, "citations", []) or [])[:8]
    rows = [(c, [x.strip() for x in re.split(r"\||\t", (c.quote or "").strip().lstrip("-"))]) for c in cites]
    headers = [cells for c, cells in rows if len(cells) >= 2 and not re.search(r"\d", "".join(cells))]
    for header in headers:
        j = next((i for i, h in enumerate(header) if _COUNT_HEADER.search(compact(h))), None)
        if j is None:
            continue
        found = [(c, cells) for c, cells in rows if len(cells) == len(header) and cells is not header
                 and re.fullmatch(r"\d[\d,]*", cells[j])
                 and (not named or compact(cells[0]) in compact(getattr(turn, "text", "")))]
        if len(found) == 1:
            c, cells = found[0]
            n = Decimal(cells[j].replace(",", ""))
            return [Stated(f"{cells[j]}{counter}", n, Decimal(1), counter, c.n, header[j], cells[0], "", False)]
    return []


def _turn_figures(turn: Any) -> list[Stated]:
    """The figures a turn's answer gave: those it stated, else the one its quoted lines print for its question."""
    if getattr(turn, "quoted", False):
        counter = _COUNTER_ASKED.search(turn.text)
        named_row = _quoted_cell(turn, counter.group(1) if counter else None, named=True)
        if named_row:  # a quoted table row the question names, read in its header's count column
            return named_row
    mine = _main(stated(turn.said))
    return mine if mine or not getattr(turn, "quoted", False) else _quoted_figure(turn)


def asks_on_results(f: Frame, own: Sequence[str]) -> str | None:
    """'sum', 'diff' or 'rest' when the question only asks an operation on earlier results, else None."""
    own = [w for w in own if not (REST.search(w) or ALL.search(w) or BOTH.search(w) or PERCENT.search(w)
                                  or SEVERAL.match(w))]
    if PERCENT.search(f.text) and f.conditions and all(c.other is not None for c in f.conditions):
        f = Frame(**{**f.__dict__, "conditions": []})  # '현원이 정원보다 몇 퍼센트 많아?': two measures, named
    if f.units or f.rows or f.parts or f.projects or f.terms or f.year_explicit or f.conditions or own:
        return None
    if PERCENT.search(f.text) and _printed_rate(f):
        return None  # '집행률은 몇 %야?' after two units' budgets: the rate the reports print, not one over the other
    if REST.search(f.text) and f.op in ("lookup", "count", "diff"):
        return "rest"
    if PERCENT.search(f.text) and f.op in ("lookup", "diff", "ratio") and not f.conditions:
        return "share"  # '몇 퍼센트야?', '비율로 하면?': one earlier figure over the other
    if f.op in ("sum", "diff"):
        return f.op
    if f.op == "lookup" and _WHICH_MORE.search(f.text):
        return "diff"  # '어느 쪽이 얼마나 더 많아?' after two figures: their difference, each named
    if f.op == "rank" and not f.metrics and not _names_class(f.key):
        return "rank"  # '제일 적은 건?' after an answer that stated several figures: the smallest of them
    if f.op in ("rank", "lookup") and not f.metrics and AMONG_ANSWERS.search(f.text) and (
            f.op == "rank" or _WHICH_MORE.search(f.text)):
        return "rank"  # '셋 중에 제일 많은 데는?', '두 곳 중 어디가 더 많아?': among the figures the answers gave
    return None


def _printed_rate(f: Frame) -> bool:
    """Whether the question names a rate the reports print in a column of their own (집행률, 증감률)."""
    from app.engine.lexicon import lexicon

    return any(lexicon().is_rate(m) for m in f.metrics)


_PART_NAMED = re.compile(r"([가-힣A-Za-z]{2,})\s*(?:의\s*)?(?:비율|비중|퍼센트|률|율)")


def _named_part(text: str, ops: list[tuple[Stated, Any]], default: int) -> int:
    """'완료 비율은?' after '전체 몇 건?' and '그중 완료된 건 몇 건?': the operand whose label or question names the
    word before 비율/비중 is the part (the other is the whole); the default when the word names neither or both."""
    m = _PART_NAMED.search(text)
    if not m:
        return default
    word = re.sub(r"(?:이|가|은|는)$", "", m.group(1))
    for said in (lambda fig, turn: f"{fig.thing} {fig.label}", lambda fig, turn: getattr(turn, "question", "")):
        hits = [i for i, (fig, turn) in enumerate(ops) if word in re.sub(r"\s+", "", said(fig, turn))]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return default
    return default


def _names_class(key: str) -> bool:
    """Whether the question names what a ranking ranges over ('부서', '사업'): then it is a ranking of its own."""
    from app.engine.lexicon import lexicon

    return any(c and c in key for cl in lexicon().classes.values() for c in cl.cues)


def operands(kind: str, text: str, prior: Sequence[Any]) -> list[tuple[Stated, Any]] | None:
    """The figures (with the turn that stated each) the operation works on, or None."""
    last = prior[-1]
    mine = _turn_figures(last)
    if kind == "rank":
        parts = [x for x in mine if not _TOTAL_LABEL.search(x.label)]
        if len(parts) >= 2 and not last.items:
            return [(x, last) for x in parts]
        return _one_each(text, prior)
    several = len(last.frame.units) + len(last.frame.rows) + len(last.frame.parts) + len(last.frame.projects) >= 2 \
        or len(last.items) >= 2 or len(set(getattr(last.frame, "metrics", []))) >= 2 \
        or bool(re.search(r"각각|연도별|별로|both|each", last.question))
    if kind == "sum" and ALL.search(text) and len(mine) >= 2:
        return [(x, last) for x in mine]
    if kind in ("sum", "diff", "share") and several and len(mine) >= 2:
        return [(x, last) for x in mine[:2]]
    if kind == "rest" and several and len(mine) >= 2 and mine[0].unit == mine[1].unit \
            and mine[0].magnitude > mine[1].magnitude:
        return [(x, last) for x in mine[:2]]  # '예산현액이랑 원인행위액' then '안 된 잔액은?': the whole less its part
    others = _other_items(last.said)
    if kind in ("sum", "diff") and (BOTH.search(text) or BOTH.search(last.question)) and len(mine) == 1 \
            and len(others) == 1 and others[0].unit == mine[0].unit:
        # '두 개 합치면?' after an answer of one item that named one other reading ('다른 항목: …'), or '합하면?' after
        # '… 두 군데 있던데 각각 얼마야?' answered so: the two items
        return [(mine[0], last), (others[0], last)]
    if len(prior) < 2:
        return None
    before = _turn_figures(prior[-2])
    if not (mine and before) or mine[0].unit != before[0].unit:
        return None
    pair = [(before[0], prior[-2]), (mine[0], last)]
    if before[0].raw == mine[0].raw and before[0].magnitude == mine[0].magnitude and \
            _source(prior[-2], before[0]) in (None, _source(last, mine[0])):
        return None  # the same figure twice from one line: the two answers gave one thing, not two operands
    if kind == "rest" and not before[0].magnitude > mine[0].magnitude:
        return None
    return pair


def _one_each(text: str, prior: Sequence[Any]) -> list[tuple[Stated, Any]] | None:
    """'셋 중에 제일 많은 데는?' after three answers that each gave one figure: the last N answers' figures (N as
    the question says it), each of one thing and all in one unit; None when the number is not said, or an answer
    of those gave no figure, several, or one in another unit."""
    m = AMONG_ANSWERS.search(text)
    if m is None:
        return None
    n = next(i + 2 for i in range(4) if m.group(i + 1))
    if len(prior) < n:
        return None
    out = []
    for turn in prior[-n:]:
        figs = _turn_figures(turn)
        if len(figs) != 1 or getattr(turn, "refused", False):
            return None
        out.append((figs[0], turn))
    return out if len({f.unit for f, _ in out}) == 1 else None


def _source(turn: Any, fig: Stated) -> tuple | None:
    """(doc, line) of the citation a stated figure's marker points at, or None."""
    cites = list(getattr(turn, "citations", []) or [])
    if 1 <= fig.marker <= len(cites):
        c = cites[fig.marker - 1]
        return (c.doc, c.line_start)
    return None


def _key(source: Any) -> tuple:
    if isinstance(source, tuple):
        return source
    return (source.doc, source.line_start, source.row_path, source.column, source.value) if source.value else \
        (source.doc, source.line_start)


def _bare(raw: str) -> str:
    """A printed figure without its unit ('341,748천원' → '341,748'), as the engine writes its formulas."""
    m = re.match(r"[△▲+\-−]?\s*[\d,]+(?:\.\d+)?", raw)
    return m.group(0) if m else raw


def _particle(word: str, pair: str) -> str:
    return josa(word, pair)[len(word):]


def _fmt(value: Decimal, like: Stated) -> str:
    from app.engine.quoted import _fmt as fmt

    return fmt(value, like.scale, like.unit)


def compute(kind: str, text: str, prior: Sequence[Any]) -> tuple[str, str, list[Any]] | None:
    """(answer sentence, what it was understood as, the sources numbered [1], [2], …) or None. A source is the
    earlier answer's citation of the figure (its cell, when it cited one), else its line (doc, line)."""
    ops = operands(kind, text, prior)
    if not ops:
        return None
    if kind == "sum" and any(f.unit == "%" for f, _ in ops):
        return None  # rates are not added ('두 개 예산 합치면?' after two 집행률: the 예산 is the engine's to read)
    lines: list[Any] = []
    shown: list[str] = []
    names: list[str] = []
    things = {f.thing for f, _ in ops}
    alike = len({(f.thing, f.label) for f, _ in ops}) < len(ops)  # '2025년 … 금액', '2026년 … 금액': the years tell
    for fig, turn in ops:
        cites = list(getattr(turn, "citations", []) or [])
        if fig.marker <= len(cites):
            c = cites[fig.marker - 1]
            src: Any = _key(c)
            source: Any = c
        elif fig.marker <= len(turn.cited):
            src = source = turn.cited[fig.marker - 1][:2]
        else:
            return None
        keys = [_key(x) for x in lines]
        if src not in keys:
            lines.append(source)
            keys.append(src)
        n = keys.index(src) + 1
        name = " ".join(x for x in ((fig.lead if alike else ""), (fig.thing if len(things) > 1 else ""), fig.label) if x)
        shown.append(f"{name} {fig.raw}[{n}]".strip())
        names.append(name or fig.raw)
    values = [f.magnitude for f, _ in ops]
    first = ops[0][0]
    if kind == "rank":
        low = bool(_LOW.search(text))
        i = values.index(min(values) if low else max(values))
        if values.count(values[i]) > 1:
            return None  # a tie: no one figure is the first
        said = (f"앞의 답에 나온 수치 중 가장 {'적은' if low else '큰'} 것은 {shown[i]}입니다 "
                f"(비교: {', '.join(shown)}).")
        return said, f"앞의 답에 나온 수치 중 가장 {'적은' if low else '큰'} 것", lines
    if kind == "sum":
        total = sum(values, Decimal(0))
        formula = " + ".join(_bare(f.raw) for f, _ in ops)
        last = ops[-1][0].raw
        said = (f"{', '.join(shown)}{_particle(last, '을/를')} 합치면 {_fmt(total, first)}입니다 "
                f"(계산: {formula} = {_bare(_fmt(total, first))}).")
        return said, f"앞의 답에 나온 {', '.join(names)}의 합", lines
    (a, _), (b, _) = ops[0], ops[1]
    if kind == "rest":
        rest = a.magnitude - b.magnitude
        said = (f"{shown[0]}에서 {shown[1]}{_particle(b.raw, '을/를')} 빼면 나머지는 {_fmt(rest, a)}입니다 "
                f"(계산: {_bare(a.raw)} − {_bare(b.raw)} = {_bare(_fmt(rest, a))}).")
        return said, f"앞의 답에 나온 {names[0]}에서 {names[1]}{_particle(names[1], '을/를')} 뺀 나머지", lines
    if kind == "share":
        return _share(text, ops, shown, names, lines)
    big, small = (a, b) if a.magnitude >= b.magnitude else (b, a)
    gap = big.magnitude - small.magnitude
    unit_gap = _fmt(gap, big) if big.unit != "%" else _fmt(gap, big).replace("%", "%p")
    said = f"{shown[0]}{_particle(a.raw, '과/와')} {shown[1]}의 차이는 {unit_gap}입니다 (계산: {_bare(big.raw)} − {_bare(small.raw)} = {_bare(unit_gap)})."
    if _WHICH_MORE.search(text) and big.magnitude != small.magnitude:  # '어느 쪽이 더 많아?': the larger one, named
        name = names[0] if big is a else names[1]
        said += f" {name}{_particle(name, '이/가')} {unit_gap} 더 많습니다."
    return said, f"앞의 답에 나온 {names[0]}{_particle(names[0], '과/와')} {names[1]}의 차이", lines


def _share(text: str, ops: list[tuple[Stated, Any]], shown: list[str], names: list[str],
           lines: list[Any]) -> tuple[str, str, list[Any]] | None:
    """'몇 퍼센트야?' on two earlier figures of one unit: the smaller as a share of the larger; '현원이 정원보다 몇
    퍼센트 많아?' (more/less than): the difference over the figure named before 보다 (else the smaller), shown."""
    (a, _), (b, _) = ops[0], ops[1]
    if a.unit != b.unit or a.unit == "%" or not a.magnitude or not b.magnitude:
        return None
    i_small = 0 if a.magnitude <= b.magnitude else 1
    if _MORE_LESS.search(text):
        base_word = re.split(r"보다", text)[0].split()[-1] if "보다" in text else ""
        base_word = re.sub(r"(?:이|가|은|는)$", "", base_word)
        named = [i for i, (f, _) in enumerate(ops) if base_word and base_word in f.label]
        ib = named[0] if named else i_small
        base, other = ops[ib][0], ops[1 - ib][0]
        pct = (other.magnitude - base.magnitude) / base.magnitude * 100
        word = "많습니다" if pct >= 0 else "적습니다"
        said = (f"{shown[1 - ib]}{_particle(other.raw, '은/는')} {shown[ib]}보다 {abs(pct):.1f}% {word} "
                f"(계산: ({_bare(other.raw)} − {_bare(base.raw)}) ÷ {_bare(base.raw)} × 100 = {pct:.1f}%).")
        return said, f"앞의 답에 나온 {names[1 - ib]}{_particle(names[1 - ib], '이/가')} {names[ib]}보다 많은 비율", lines
    named = re.search(r"([가-힣A-Za-z]+?)(?:이|가|은|는)\s*([가-힣A-Za-z]+?)(?:의|에서|중에?|대비)\s*(?:몇|비율|비중)", text)
    if named:  # '현원이 정원의 몇 퍼센트': the part and the whole as named, whichever is larger
        ip = [i for i, (f, _) in enumerate(ops) if named.group(1) in f.label]
        iw = [i for i, (f, _) in enumerate(ops) if named.group(2) in f.label]
        if len(ip) == 1 and len(iw) == 1 and ip != iw:
            i_small = ip[0]
    else:
        i_small = _named_part(text, ops, i_small)
    part, whole = ops[i_small][0], ops[1 - i_small][0]
    if _SHARE_OF_BOTH.search(text) and a.label == b.label and a.thing != b.thing and not any(
            _TOTAL_LABEL.search(x.thing) or _TOTAL_LABEL.search(x.label) for x in (a, b)):
        # '특별회계 비중은?' after '일반회계랑 특별회계 각각 얼마?': one of two parts as a share of the two together
        both = a.magnitude + b.magnitude
        pct = part.magnitude / both * 100
        total = _bare(_fmt(both, a))
        said = (f"{shown[i_small]}{_particle(part.raw, '은/는')} {shown[0]}, {shown[1]}의 합 {_fmt(both, a)}의 "
                f"{pct:.1f}%입니다 (계산: {_bare(a.raw)} + {_bare(b.raw)} = {total}; {_bare(part.raw)} ÷ {total} × 100 = "
                f"{pct:.1f}%).")
        return said, f"앞의 답에 나온 {names[0]}, {names[1]}의 합에서 {names[i_small]}{_particle(names[i_small], '이/가')} 차지하는 비중", lines
    pct = part.magnitude / whole.magnitude * 100
    said = (f"{shown[i_small]}{_particle(part.raw, '은/는')} {shown[1 - i_small]}의 {pct:.1f}%입니다 "
            f"(계산: {_bare(part.raw)} ÷ {_bare(whole.raw)} × 100 = {pct:.1f}%).")
    return said, f"앞의 답에 나온 {names[i_small]}{_particle(names[i_small], '이/가')} {names[1 - i_small]}에서 차지하는 비율", lines
