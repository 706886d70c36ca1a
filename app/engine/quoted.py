"""Arithmetic on figures the reader quoted from running text ('2등급(5종)', '3·4등급(6종)' → 11종; '본청(6,400대) →
전체(13,610대)' → 7,210대 more), when the question asks a sum or a difference and no table holds the figures.

Only figures printed in the cited lines are used, each shown with its citation marker, and the formula is shown.
Which figures: those with the unit the question counts in ('몇 종', '몇 대'), else the one unit that has them; when
a line prints more of them than the operation takes, only those whose own label shares a word with the question
('(지정) … 17.9억, (공모) … 13억' for '지정이랑 공모'). Anything less clear gives None: the quoted lines stand alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

from app.engine.frame import Frame
from app.engine.text import compact, has_batchim

_COUNTER = re.compile(r"몇\s*([가-힣]{1,2})")
_ALL = re.compile(r"모두|전부|다\s*(?:더|합)|총")
_BETWEEN_COMMA = r",(?!\d{3}(?!\d))"  # a comma between words or parts, never the one inside '1,796'
_LABEL_GAP = re.compile(_BETWEEN_COMMA + r"|[;/]|→|➡|⇒|▶|->|\s{2,}")
_HANJA = re.compile(r"[\u4e00-\u9fff]")  # a one-letter name as the reports print it ('市', '區')
_CHANGE_ASKED = re.compile(r"얼마나|몇")
MAX_SUM_TERMS = 4


@dataclass(frozen=True)
class Quoted:
    raw: str
    value: Decimal  # magnitude (value × scale)
    scale: Decimal
    unit: str
    n: int  # citation marker
    label: str  # the words just before the figure on its line
    part_of: str | None = None  # the figure this one breaks down ('4,419백만원(市 535백만원, …)' → '4,419백만원')
    year: str | None = None  # the year the line names last before the figure ("'24년 노후교체 329식" → '24')


_YEAR_SAID = re.compile(r"(?<!\d)(?:20(\d{2})|['’‘](\d{2}))\s*년")


def _year_before(text: str, start: int) -> str | None:
    """The year a line names last before a position, as two digits ("'24년", '2024년' → '24')."""
    found = list(_YEAR_SAID.finditer(text[:start]))
    return (found[-1].group(1) or found[-1].group(2)) if found else None


_LEAD_DIGITS = re.compile(r"^[\d,.]+\s*")


def _figures(citations: list[Any]) -> list[Quoted]:
    from app.verify import extract_figures

    out: list[Quoted] = []
    for c in citations:
        text = c.quote
        figs = extract_figures(text)
        for fig in figs:
            whole = None
            if fig.kind == "number" and not fig.unit and re.fullmatch(r"\d[\d,]*(?:\.\d+)?", fig.raw):
                # '808백만원(핵심사업 컨설팅 688, 펠로우십 120)': a bare number inside a figure's breakdown is in
                # the whole's unit
                whole = next((w for w in figs if w.unit and w.unit not in ("년", "월", "일")
                              and _enclosing(text, fig.start) == w.raw), None)
            if whole is not None:
                label = _LABEL_GAP.split(text[:fig.start])[-1]
                unit_said = _LEAD_DIGITS.sub("", whole.raw)  # ('808백만원' → '백만원')
                out.append(Quoted(fig.raw + unit_said, fig.value * whole.scale, whole.scale, whole.unit, c.n, label,
                                  whole.raw, _year_before(text, fig.start)))
                continue
            if fig.kind != "number" or not fig.unit or fig.unit in ("년", "월", "일") or not re.search(r"\d", fig.raw):
                continue  # ('(단위:백만원)': a unit printed alone is no figure)
            label = _LABEL_GAP.split(text[:fig.start])[-1]  # the words since the last comma or arrow
            out.append(Quoted(fig.raw, fig.magnitude, fig.scale, fig.unit, c.n, label, _enclosing(text, fig.start),
                              _year_before(text, fig.start)))
    return out


def _enclosing(text: str, start: int) -> str | None:
    """The figure printed right before the parenthesis this position is in ('4,419백만원(市 535백만원' → '4,419백만원'):
    the figures inside are its parts, never summed with it."""
    depth, i = 0, start - 1
    while i >= 0:
        ch = text[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                before = re.search(r"(\d[\d,.]*\s*[가-힣A-Za-z%]{0,4})\s*$", text[:i])
                return before.group(1).strip() if before else None
            depth -= 1
        i -= 1
    return None


def hanja_readings() -> dict[str, str]:
    """One-letter Hanja names the reports print and how they are read ('市' → '시'): lexicon `hanja_readings`. A
    question says '시 예산' or '시비' for the '市 535백만원' of a quoted breakdown."""
    from app.engine.lexicon import raw_lexicon

    return dict(raw_lexicon().get("hanja_readings", {}).get("letters", {}))


def _names_a_figure(word: str) -> bool:
    """A question word long enough to pick a figure by its label: two letters, or one Hanja letter ('市')."""
    return len(word) >= 2 or bool(_HANJA.fullmatch(word))


_HANJA_OF = {"시": "市", "구": "區"}
_ONE_LETTER_BODY = re.compile(r"(?<![가-힣])(시|구)(?=\s|$|(?:가|는|의|도|랑|와|에서)(?:\s|$)|부담|몫|비(?![가-힣]))")


def _question_words(f: Frame, context: str = "") -> set[str]:
    text = f.text + " " + context
    # ('市 부담분': a one-letter Hanja name of the city or a district, as the reports print it, is a word too)
    words = {m.group(0) for m in re.finditer(_HANJA.pattern + r"(?=\s|$|[가-힣])", text)}
    # ('시 부담', '시가 내는 몫'): the city or a district said in one Hangul letter, which the reports print in Hanja
    words |= {_HANJA_OF[m.group(1)] for m in _ONE_LETTER_BODY.finditer(text)}
    for w in re.findall(r"[가-힣A-Za-z0-9·]{2,}", text):
        k = compact(w)
        for p in ("에서는", "에는", "보다", "이랑", "랑", "하고", "으로", "로", "과", "와", "은", "는", "이", "가", "을", "를", "의",
                  "에서", "엔", "에", "도"):
            if k.endswith(p) and len(k) > len(p) + 1:
                k = k[: -len(p)]
                break
        words.add(k)
        done = re.match(r"([가-힣]{2,})(?:한|된|하는|되는|했던|됐던|할|될)$", k)
        if done:  # ('CCTV 신설한 거랑 교체한 거': the act's noun, '신설', '교체', is the word a figure is printed after)
            words.add(done.group(1))
    return words


_JOINED_PAIR = re.compile(r"([가-힣A-Za-z0-9·]{2,}?)(?:이랑|랑|하고|과|와)\s*([가-힣A-Za-z0-9·]{2,}?)(?:을|를|이|가|은|는|의)?\s*"
                          r"(?:다\s*)?(?:합치|합하|합계|합산|더하|더한|차이|빼)")


def _joined_pair(f: Frame, figs: list[Quoted]) -> list[Quoted] | None:
    """'신설이랑 교체 합치면': the two figures the two joined words each name (one each), in that order; None
    otherwise (the other words of the question, '지능형 CCTV 사업', say what the line is about, not which figures)."""
    m = _JOINED_PAIR.search(f.text)
    if not m:
        return None
    out = []
    for w in (compact(m.group(1)), compact(m.group(2))):
        named = [q for q in figs if w in compact(_LABEL_GAP.split(q.label)[-1])]
        if len(named) != 1:
            return None
        out.append(named[0])
    return out if out[0] is not out[1] else None


_JOIN_WORD = re.compile(r"^(.+?)(?:이랑|랑|하고)$|^(.{2,}?)(?:과|와)$")
_NOT_A_NAME = re.compile(r"^(?:각각|몇|모두|전부|얼마|어떻게|어때|알려|다합|다더|총합|합치|합하|더하|차이|\d)|^(?:각|다|총|좀)(?![가-힣])")  # ('다라앱': a name)
_PARTICLE_END = re.compile(r"(?:은|는|이|가|을|를|의|도|만|으로|로|에서|에|까지)$")


def _joins(context: str) -> Iterator[tuple[list[str], list[str]]]:
    """The words on each side of each joining particle of a question (up to two before it, up to two after it)."""
    words = context.split()
    for i, w in enumerate(words):
        m = _JOIN_WORD.match(w)
        if not m or i + 1 >= len(words):
            continue
        a = [x for x in words[max(0, i - 1):i] if not _NOT_A_NAME.match(x)] + [m.group(1) or m.group(2)]
        b = []
        for x in words[i + 1:i + 3]:
            if _NOT_A_NAME.match(x):
                break
            b.append(_PARTICLE_END.sub("", x) if len(x) > 2 else x)
        yield a, b


def _apart(a: list[str], b: list[str]) -> tuple[set[str], set[str]] | None:
    """Two sides' words (compact, two letters or more) less those both share ('점검' of '정기 점검이랑 수시 점검');
    None when either side is left with none."""
    sa, sb = {compact(x) for x in a if len(x) >= 2}, {compact(x) for x in b if len(x) >= 2}
    return (sa - sb, sb - sa) if sa - sb and sb - sa else None


def _joined_sides(context: str) -> list[tuple[set[str], set[str]]]:
    """The two things a question joins ('핵심 분석과제랑 수요조사 과제 각각 몇 건?'): the words of each side, less the
    words both sides share."""
    return [sides for a, b in _joins(context) if (sides := _apart(a, b)) is not None]


def _pair_named_before(context: str, figs: list[Quoted], citations: list[Any]) -> list[Quoted] | None:
    """'핵심 분석과제랑 수요조사 과제 각각 몇 건?' asked before '둘이 합하면?': for each side, the one figure whose
    line names more of that side's words than of the other's; a figure whose line names both sides as much is their
    total ('… 수요조사를 통한 상반기 분석과제 55건'), not one of them. None unless each side has one such figure."""
    lines = {c.n: compact(c.quote or "") for c in citations}
    per_line = {n: sum(1 for q in figs if q.n == n) for n in lines}

    def said(q: Quoted) -> str:  # the line, when it prints no other figure of the kind; else the figure's label
        return lines.get(q.n, "") if per_line.get(q.n) == 1 else compact(q.label)

    for a, b in _joined_sides(context):
        score = {id(q): sum(w in said(q) for w in a) - sum(w in said(q) for w in b) for q in figs}
        best_a = [q for q in figs if score[id(q)] > 0]
        best_b = [q for q in figs if score[id(q)] < 0]
        top_a = [q for q in best_a if score[id(q)] == max(score[id(x)] for x in best_a)] if best_a else []
        top_b = [q for q in best_b if score[id(q)] == min(score[id(x)] for x in best_b)] if best_b else []
        if len(top_a) == 1 and len(top_b) == 1:
            return [top_a[0], top_b[0]]
    return None


def _as_joined(text: str) -> str:
    """'A 회원수가 B 회원수보다 얼마나 많아?' as 'A 회원수랑 B 회원수 …': the two things held against each other, joined
    as the question that names both would join them (the first is side 0)."""
    from app.engine.text import held_against, josa

    h = held_against(text)
    if h is None or not h[2][:1].isspace() or re.search(r"\d", h[1]):
        return text  # ('2026년이 2025년보다': two years, not two things)
    return f"{josa(h[0], '이랑/랑')} {h[1]} {h[2].lstrip()}"


def sides_of(text: str, picked: list[Quoted], citations: list[Any]) -> list[tuple[int, str]] | None:
    """For a question that joins two things the quoted lines print ('서울시민카드랑 서울지갑 회원 차이는?'): which
    side (0 or 1) each of the two picked figures is of, by the words of its label, or of its line when the line prints
    no other figure of the pair; [] when they are not one figure of each side (the '앱 1회, 회원 1회' of a line about
    both is a figure of neither); None when the question joins no two things that the lines print. Each side comes
    with its name: its words that the lines print and no figure's text shares with the other ('서울시민카드')."""
    lines = {c.n: compact(c.quote or "") for c in citations}
    printed = " ".join(lines.values())
    per_line = {n: sum(1 for q in picked if q.n == n) for n in lines}

    def said(q: Quoted) -> str:  # (its own label: the words after the figure before it, '…신설(1,796대)·교체(')
        return lines.get(q.n, "") if per_line.get(q.n) == 1 else compact(_clean(q.label) or q.label)

    for words_a, words_b in _joins(text):
        whole = _apart(words_a, words_b)
        if whole is None or not (any(w in printed for w in whole[0]) and any(w in printed for w in whole[1])):
            continue
        # the words beside the particle first ('신설이랑 교체 CCTV' → 신설, 교체), then all the words of each side
        for a, b in (x for x in (_apart(words_a[-1:], words_b[:1]), whole) if x is not None):
            shared = {w for w in a | b if all(w in said(q) for q in picked)}  # ('회원수': what is asked of both)
            a, b = a - shared, b - shared
            score = [sum(w in said(q) for w in a) - sum(w in said(q) for w in b) for q in picked]
            if len(score) == 2 and score[0] * score[1] < 0:
                names = [" ".join(sorted((w for w in side if w in printed), key=lambda w: compact(text).find(w)))
                         for side in (a, b)]
                return [(0, names[0]) if s > 0 else (1, names[1]) for s in score]
        return []
    return None


def _pick(f: Frame, figs: list[Quoted], want: int | None, context: str = "",
          citations: list[Any] | None = None) -> list[Quoted] | None:
    pair = _joined_pair(f, figs)
    if pair is not None and want in (None, 2):
        return pair
    if want == 2 and context and len(figs) > 2 and citations:
        pair = _pair_named_before(context, figs, citations)
        if pair is not None:
            return pair
    words = _question_words(f, context)
    named = [q for q in figs if any(w in compact(q.label) for w in words if _names_a_figure(w))]
    if want is not None and len(named) > want:  # '재단 부담분이 市 부담분보다': the parts named, not their whole
        parts = [q for q in named if not any(o.part_of and compact(o.part_of) == compact(q.raw) for o in named)]
        named = parts if len(parts) == want else named
    if want is not None and len(named) > want:  # 'A 24년 대비 25년': the figures labelled by a year asked
        years = {w for w in words if re.fullmatch(r"\d{2,4}년", w)}
        dated = [q for q in named if any(y in compact(q.label) for y in years)]
        named = dated if len(dated) == want else named
    if want is not None:
        if len(figs) == want:
            return figs
        return named if len(named) == want else None
    if 2 <= len(figs) <= MAX_SUM_TERMS and (len(figs) == 2 or _ALL.search(f.text)):
        return figs
    return named if 2 <= len(named) <= MAX_SUM_TERMS else None


def _stated_and_next(f: Frame, figs: list[Quoted]) -> list[Quoted] | None:
    """'285백만원에서 얼마로 바꿨고 얼마나 깎인': the figure the question states and the one printed after it on the
    same line ('(기존) 285백만원 → (변경) 185백만원')."""
    stated = {compact(m.group(0)) for m in re.finditer(r"\d[\d,.]*\s*[가-힣]{1,3}", f.text)}
    for i, q in enumerate(figs[:-1]):
        nxt = figs[i + 1]
        if compact(q.raw) in stated and nxt.n == q.n and nxt.unit == q.unit and compact(nxt.raw) not in stated \
                and nxt.part_of is None:
            return [q, nxt]
    return None


def _clean(label: str) -> str:
    """A figure's label as shown beside it ('- 2등급(' → '2등급')."""
    text = re.sub(r"^.*\d[^()]*\)", "", label)  # '신설(1,796대)·교체(': the words after the last figure's bracket
    text = re.sub(r"^.*\d[^()\d]*\(", "", text)  # '4,419백만원(市 ': the words inside the bracket a figure opens
    text = re.sub(r"^[\s\-–·○□※>]+|[\s(:：\[]+$", "", text)
    if len(text) > 24 and text.split():  # a long clause before the figure: its last word names it ('… CCTV 신설',
        text = text.split()[-1]  # '… (기존)', and of '… 실시(현장점검' what the open bracket holds)
        if "(" in text and ")" not in text[text.rfind("("):]:
            text = text[text.rfind("(") + 1:]
    return text if len(text) <= 24 else ""


def _named(q: Quoted, name: str) -> str:
    """A figure's label as shown, led by the name of the thing the question joined it to when the label lacks it
    ('서울시민카드 약' for the '회원수 약 34만명' of its row)."""
    label = _clean(q.label)
    return f"{name} {label}".strip() if name and compact(name) not in compact(label) else label


def _fmt(value: Decimal, scale: Decimal, unit: str) -> str:
    v = value / scale
    text = f"{v:,.2f}".rstrip("0").rstrip(".") if v != v.to_integral_value() else f"{int(v):,}"
    prefix = {Decimal(10**4): "만", Decimal(10**8): "억", Decimal(10**12): "조", Decimal(1000): "천",
              Decimal(10**6): "백만"}.get(scale, "")
    return f"{text}{prefix}{unit}" if unit != "원" or prefix else f"{text}{unit}"


_BEFORE = re.compile(r"(?:기존|원래|종전|이전|전년|작년|지금|현재)\s*보다")  # '기존보다 몇 개 늘려': a change, not two named things


_MORE_ASKED = re.compile(r"몇\s*[가-힣]{1,2}\s*더(?![가-힣])|얼마나\s*더(?![가-힣])")  # '몇 대 더 까는', '얼마나 더 늘려'
_MONEY_ASKED = re.compile(r"얼마|금액|예산|비용")  # an earlier question of the conversation asked an amount of money
# '셋 더하면', '세 개 다 합치면', '네 가지 합계': how many figures a sum is of, said in words
_HOW_MANY = re.compile(r"(?<![가-힣])(셋|넷|다섯|세|네)\s*(?:개|곳|가지|항목|금액|건)?\s*(?:이|을|를|의)?\s*(?:다\s*)?(?:합|더)")
_HOW_MANY_N = {"셋": 3, "세": 3, "넷": 4, "네": 4, "다섯": 5}


def _parts_of_one(figs: list[Quoted], n: int) -> list[Quoted] | None:
    """The n figures a quoted line prints as the parts of one whole ('867백만원(시스템개발 552백만원/상용SW 232백만원/
    감리 81백만원)'), when exactly one whole has n parts."""
    groups: dict[tuple[int, str], list[Quoted]] = {}
    for q in figs:
        if q.part_of:
            groups.setdefault((q.n, compact(q.part_of)), []).append(q)
    found = [g for g in groups.values() if len(g) == n]
    return found[0] if len(found) == 1 else None


_TWO = re.compile(r"(?<![가-힣])(?:둘|두\s*(?:개|곳|가지|항목|금액))(?:이|을|를|의|다)?\s*(?:합|더|차이|빼)")


def _of_the_measure(f: Frame, picked: list[Quoted], citations: list[Any]) -> bool:
    """Whether the quoted line of a change's figures names the measure asked: a budget's change ('예산 … 깎였어') read
    from a line that names a budget word (data/lexicon.json, the budget's cues), not from one that prints other
    amounts ('통신비 월1회선 33,000원 → 38,000원'). True when no measure is asked or the figures are no money."""
    from app.engine.lexicon import lexicon

    if "budget" not in f.metrics or picked[0].unit != "원":
        return True
    cues = [compact(c) for c in lexicon().metrics["budget"].cues if len(compact(c)) >= 2]
    line = compact(getattr(citations[picked[0].n - 1], "quote", "") or "") if 0 < picked[0].n <= len(citations) else ""
    return not line or any(c in line for c in cues)


def arithmetic(f: Frame, citations: list[Any], context: str = "") -> str | None:
    """A sentence with the sum or difference of the quoted figures the question asks about, or None. `context`: the
    conversation's earlier questions, whose words also name the figures ('지정으로 얼마', '공모는?', '두 개 합치면')."""
    op = f.op
    if op == "lookup" and ("change" in f.metrics or _BEFORE.search(f.text) or _MORE_ASKED.search(f.text)) \
            and _CHANGE_ASKED.search(f.text):
        op = "diff"  # '몇 대 늘어나?', '얼마나 줄었나요?', '몇 대 더 까는 거야?': the figures before and after
    elif op == "lookup" and re.search(r"보다\s*(?:몇|얼마)", f.text) and not _BEFORE.search(f.text):
        op = "compare"  # '전환이 교체보다 몇 대 많아?': two figures the question names, compared
    elif op == "lookup" and re.search(r"차이|차액", f.text) and not _BEFORE.search(f.text):
        op = "compare"  # '재단 부담이랑 시 부담 차이?': two figures the question names, compared
    compare = op == "compare"
    op = "diff" if compare else op
    if op not in ("sum", "diff") or not citations:
        return None
    figs = _figures(citations)
    m = _COUNTER.search(f.text) or (_COUNTER.search(context) if context and not re.search(r"얼마|금액|원", f.text)
                                    else None)  # ('몇 대야?' … '다 합치면?': the counter asked before)
    unit = m.group(1) if m and m.group(1) not in ("년", "월", "일", "번") else None
    in_money = bool(unit) and unit[0] in "억천만조백"  # '몇 억이야': an amount of money in 억
    if unit and not in_money:  # '몇 대야': the counter is '대' (or a two-syllable one, '몇 개소')
        figs = [q for q in figs if q.unit in (unit, unit[:1])]
    else:
        if len({q.unit for q in figs}) > 1:  # '회원수 합치면', '회원수보다 얼마나': the figures right after a word asked
            words = [w for w in _question_words(f, context) if len(w) >= 2]
            close = [q for q in figs if any(re.search(re.escape(w) + (r"(?:은|는|이|가|:|：|\()?" if not re.search(
                r"\d", w) else r"(?:은|는|이|가|:|：)?") + r"(?:약|총|각)?$",
                                                      compact(q.label)) for w in words)]
            if close and len({q.unit for q in close}) == 1:
                figs = close
        money = [q for q in figs if q.unit == "원"]
        asked_money = "얼마" in f.text or in_money or (not unit and bool(_MONEY_ASKED.search(context)))
        if asked_money and money and len({q.unit for q in figs}) > 1:
            figs = money  # '얼마야': an amount of money, not the counts printed beside it ('5개區 17.9억')
        units = {q.unit for q in figs}
        if len(units) != 1:
            return None
    if not figs or len({q.unit for q in figs}) != 1 or len({q.scale for q in figs}) != 1:
        return None
    picked = _stated_and_next(f, figs) if op == "diff" else None
    many = _HOW_MANY.search(f.text) if op == "sum" else None
    if many:  # '셋 더하면 얼마야?' after a budget quoted with its three parts: those parts
        picked = _parts_of_one(figs, _HOW_MANY_N[many.group(1)]) or _pick(f, figs, _HOW_MANY_N[many.group(1)],
                                                                           context, citations)
    picked = picked or _pick(f, figs, 2 if op == "diff" or _TWO.search(f.text) else None, context, citations)
    if not picked:
        return None
    sides = sides_of(_as_joined(f.text), picked, citations) if len(picked) == 2 else None
    if sides == []:
        return None  # two things named, and the figures are not one of each
    if op == "diff" and sides:
        compare = True  # 'A랑 B 회원 차이': two things named, each with its figure, compared
        order = [side for side, _ in sides]
        picked = [picked[order.index(0)], picked[order.index(1)]]
        sides = [sides[order.index(0)], sides[order.index(1)]]
    elif op == "diff":
        i, j = figs.index(picked[0]), figs.index(picked[1])
        if abs(i - j) != 1 or picked[0].n != picked[1].n:
            return None  # a change reads one figure and the next printed after it; others lie between, unsaid
    if op == "diff" and not compare and not _of_the_measure(f, picked, citations):
        return None  # '… 예산 작년보다 얼마나 깎였어?': two amounts of a line that names no budget are not its change
    years = {q.year for q in picked if q.year}
    asked = set(re.findall(r"(?<!\d)(?:20)?(\d{2})\s*년", f.text))
    if op == "sum" and len(years) > 1 and not years <= asked:
        return None  # "'24년 … 329식, 113식 / '25년 … 53식": figures of different years, not asked by their years
    raws = {compact(q.raw) for q in picked}
    if any(q.part_of and compact(q.part_of) in raws for q in picked):
        return None  # a total and one of its own parts: no sum or difference of the two means anything
    u, scale = picked[0].unit, picked[0].scale
    shown = [f"{_named(q, sides[i][1] if sides else '')} {q.raw}[{q.n}]".strip() for i, q in enumerate(picked)]
    if op == "sum":
        total = sum((q.value for q in picked), Decimal(0))
        formula = " + ".join(q.raw for q in picked) + f" = {_fmt(total, scale, u)}"
        whole = next((q for q in figs if picked[0].part_of and len({p.part_of for p in picked}) == 1
                      and compact(q.raw) == compact(picked[0].part_of) and q.n == picked[0].n), None)
        note = (f" 문서에 적힌 합계는 {whole.raw}[{whole.n}]로, 부분의 합과 {_fmt(abs(whole.value - total), scale, u)} 다릅니다."
                if whole is not None and whole.value != total else "")
        return f"인용한 수치를 합치면 {' + '.join(shown)} = {_fmt(total, scale, u)}입니다 (계산: {formula}).{note}"
    a, b = picked  # (two sides named: already in the order the question names them)
    if compare and not sides:  # 'A가 B보다 몇 대 많아?': A is the one the question names first
        first = {q.raw: min((f.text.find(w) for w in _question_words(f) if _names_a_figure(w)
                             and w in compact(_clean(q.label) or q.label) and f.text.find(w) >= 0),
                            default=len(f.text)) for q in picked}  # (its own label: not the whole's words before it)
        a, b = sorted(picked, key=lambda q: first[q.raw])
    if compare:
        d = a.value - b.value
        sa, sb = (f"{_named(q, sides[i][1] if sides else '')} {q.raw}[{q.n}]".strip() for i, q in enumerate((a, b)))
        word = "많습니다" if d > 0 else ("적습니다" if d < 0 else "같습니다")
        size = _fmt(abs(d), scale, u)
        return (f"인용한 수치로는 {sa}{'이' if has_batchim(a.raw) else '가'} {sb}보다 {size} {word} "
                f"(계산: {a.raw} − {b.raw} = {_fmt(d, scale, u) if d >= 0 else '△' + _fmt(-d, scale, u)}).")
    d = b.value - a.value
    word = "증가" if d > 0 else ("감소" if d < 0 else "변동 없음")
    formula = f"{b.raw} − {a.raw} = {_fmt(d, scale, u) if d >= 0 else '△' + _fmt(-d, scale, u)}"
    if not d:
        return f"인용한 수치는 {shown[0]}, {shown[1]}으로 같습니다 (계산: {formula})."
    return f"인용한 수치로는 {shown[0]}에서 {shown[1]}로 {_fmt(abs(d), scale, u)} {word}입니다 (계산: {formula})."


_COUNT_ASKED = re.compile(r"몇\s*(개|가지|종|곳|군데|분야|개소)")
_ALL_OF_THEM = re.compile(r"다\s*해서|다\s*합|합치면|합쳐서|합하면|합산(?:하면|해서|하면은)|모두\s*합|전부\s*합|총\s*몇")
_ENUMERATION = re.compile(r"([^:：|\-\n]{2,40}?)\s*[:：|]\s*([^:：|]+?)\s*\|?$")  # 'A : a, b' or a row '| A | a / b |'


# '- (대상) 장애인, 국가유공자, …': a list after a bracketed label
_LABELLED_LIST = re.compile(r"^\s*[-*·○◦]?\s*\(([^()]{1,10})\)\s*([^()]+(?:\([^()]*\)[^()]*)*)$")
# an item that states a figure ('5개區 17.9억', '450대') is no name; an age or a grade in a name is ('65세이상 어르신')
_FIGURE_IN_ITEM = re.compile(r"\d[\d,.]*\s*(?:원|천원|백만원|억|명|개|대|건|%|곳|식|종)")


def _items_of(text: str) -> list[str]:
    """The items of an enumeration, split at commas outside parentheses ('아리수본부(자재관리, 통합인증)' is one)."""
    items, depth, cur = [], 0, ""
    for ch in text.strip():
        depth += ch in "(（[" and 1 or 0
        depth -= ch in ")）]" and 1 or 0
        if ch == "," and depth <= 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    if len(items) == 1 and " / " in text:  # '기록정책과 / 보존서비스과 / 운영지원과'
        items = text.split(" / ")
    return [x.strip(" .·") for x in items if x.strip(" .·")]


MAX_ENUMERATION_AT = 6  # quoted lines searched for the enumeration counted (its label must share a word asked)


def count_listed(f: Frame, citations: list[Any]) -> str | None:
    """'디지털재난 분야 몇 개로 나눠놨어?': the items a quoted line enumerates after its label ('디지털재난분야 : 정보시스템
    장애, 정보자원 장애, …'), counted and named, when the label shares a word with the question. Items must be
    short names without figures; anything less clear gives None."""
    m = _COUNT_ASKED.search(f.text)
    if not m or not citations:
        return None
    words = {w for w in _question_words(f) if len(w) >= 2 and not w.startswith("몇")}
    counter = m.group(1) if m.group(1) not in ("분야",) else "개"
    found: list[tuple[str, list[str], int]] = []  # (label, items, citation number)
    for c in citations[:MAX_ENUMERATION_AT]:
        line = re.sub(r"<[^>]+>", " ", c.quote).strip()
        e = _ENUMERATION.search(line) or _LABELLED_LIST.search(line)
        if not e:
            continue
        label = compact(e.group(1))
        if not any(w in label for w in words):
            continue
        items = _items_of(e.group(2))
        if len(items) < 2 or any(len(x) > 24 or _FIGURE_IN_ITEM.search(x) for x in items):
            continue
        printed = re.search(r"(\d+)\s*" + re.escape(counter), e.group(1))
        # the count the label prints wins ('3·4등급(6종): …, 아리수본부(자재관리, 통합인증, 예산회계)' names 4 items)
        count = int(printed.group(1)) if printed else len(items)
        found.append((re.sub(r"\s*\(.*$", "", e.group(1)).strip(" -*·○※"), items, c.n, count))
    if not found:
        return None
    asked = len(_COUNT_ASKED.findall(f.text))
    if asked >= 2 or (len(found) >= 2 and _ALL_OF_THEM.search(f.text)):
        # '2등급 몇 종이고 3·4등급 몇 종이야?': each enumeration counted; '다 해서 몇 종?': and added up
        each = [f"{label} {count}{counter}[{n}]" for label, _, n, count in found]
        if _ALL_OF_THEM.search(f.text) and len(found) >= 2:
            total = sum(count for *_, count in found)
            return (f"{', '.join(each)}을 합치면 {total}{counter}입니다 "
                    f"(계산: {' + '.join(str(count) for *_, count in found)} = {total}).")
        return ", ".join(each) + "입니다."
    label, items, n, count = found[0]
    return f"{count}{counter}입니다[{n}]: {', '.join(items)}."


_LIST_ASKED = re.compile(r"뭐뭐|어디어디|무엇무엇|뭐가\s*있|뭐\s*있|어떤\s*것들|종류|목록|어디\s*있|(?:무슨|어느)\s*\w+들|"
                         r"어느\s*\d+\s*(?:대|곳|개|종|가지|개소)|"  # '어느 4대 버스터미널': which ones of a counted set
                         r"\d+\s*(?:대|곳|개|종|가지|개소)\s*[가-힣]{1,8}?\s*(?:이|가|은|는)?\s*(?:어디|어느|뭐야|뭐지|무엇)|"
                         r"(?:다|전부|모두)\s*(?:알려|말해|보여|나열)|산하|밑에\s*(?:있는|과|팀|부서)|소속\s*(?:과|팀|부서)")
_WHICH_ONES = re.compile(r"\b(?:which|what)\s+(?:[a-z\-]+\s+){0,3}[a-z\-]+[^su\W]s\b", re.I)  # 'which bus terminals'
NEARBY_LINES = 12  # how far from a quoted line an enumeration of the thing asked may be printed (a footnote)


def enumeration_near(f: Frame, data: Any, citations: list[Any]) -> tuple[str, Any] | None:
    """'지하시설물 6종이 뭐뭐야?': a labelled enumeration printed near a quoted line ('* 6종 시설물 : 상수도, 하수도,
    …', '※ 4대 버스터미널 : …') whose label shares a word with the question; (its items as a sentence, (doc, line)).
    None when the question does not ask for a list or no such line is near."""
    plural = f.lang == "en" and _WHICH_ONES.search(f.question or "")  # 'Which bus terminals are …'
    if not (_LIST_ASKED.search(f.text) or plural) or not citations:
        return None
    words = {w for w in _question_words(f) if len(w) >= 2 and not re.fullmatch(r"뭐뭐|어디어디|뭐가|종류|목록", w)}
    counted = {m.group(0) for m in re.finditer(r"\d+\s*(?:종|대|개|곳|가지|개소)", f.text)}
    seen: set[tuple[str, int]] = set()
    for c in citations[:3]:
        lines = data.lines(c.doc)
        lo, hi = max(1, c.line_start - NEARBY_LINES), min(len(lines), c.line_start + NEARBY_LINES)
        for n in sorted(range(lo, hi + 1), key=lambda k: abs(k - c.line_start)):
            if (c.doc, n) in seen:
                continue
            seen.add((c.doc, n))
            line = re.sub(r"<[^>]+>", " ", lines[n - 1]).strip()
            e = _ENUMERATION.search(line)
            if not e:
                continue
            label = compact(e.group(1))
            if not (any(w in label for w in words) or any(compact(x) in label for x in counted)):
                continue
            items = _items_of(e.group(2))
            if len(items) < 2 or any(len(x) > 30 for x in items):
                continue
            head = re.sub(r"^[\s\-–·※*＊]+", "", e.group(1)).strip()
            return f"{head}: {', '.join(items)}", (c.doc, n)
    return None


_LEAVE_OUT = re.compile(r"(?P<part>[^\s?]{1,20}?)(?:\s*(?:된|인|한|된\s*건|인\s*건))?\s*(?:거|것|건)?\s*(?:을|를|은|는)?\s*"
                        r"(?:빼면|빼고|제외하면|제외하고|말고)")
_TOTAL_WORDS = re.compile(r"총|합계|전체|모두|(?<![가-힣])계(?![가-힣])")


def remainder(question: str, said: str) -> tuple[str, list[int]] | None:
    """'완료된 거 빼면 몇 건 남아?' after an answer that stated a total and its parts ('건의사항은 총 19건[1]이며,
    그중 추진완료 3건[1] …'): the total minus the part named, with the markers of both figures; None when the
    answer does not state the part and one total of the same unit above it."""
    m = _LEAVE_OUT.search(question)
    if not m or not re.search(r"나머지|남|몇|얼마", question[m.end():]):
        return None
    part = re.sub(r"^(?:그중|그럼|거기서|여기서)", "", compact(m.group("part")))
    if len(part) < 2:
        return None
    from app.verify import extract_figures

    figs = []
    for fig in extract_figures(said):
        if fig.kind != "number" or not fig.unit or fig.unit in ("년", "월", "일"):
            continue
        marker = re.match(r"\[(\d+)\]", said[fig.end:])
        before = re.split(r"[,.;:()]|\]|이며|이고|그중|중", said[:fig.start])[-1]
        figs.append((fig, compact(before), int(marker.group(1)) if marker else None))
    parts = [x for x in figs if part in x[1]]
    if len(parts) != 1:
        return None
    p, p_label, p_n = parts[0]
    totals = [x for x in figs if x[0].unit == p.unit and x[0].magnitude > p.magnitude and _TOTAL_WORDS.search(x[1])]
    if len(totals) != 1:
        return None
    t, t_label, t_n = totals[0]
    rest = t.magnitude - p.magnitude
    shown = _fmt(rest, p.scale, p.unit)
    marks = [n for n in (t_n, p_n) if n is not None]
    cite = lambda n: f"[{n}]" if n is not None else ""  # noqa: E731
    return (f"{t.raw}{cite(t_n)}에서 {part} {p.raw}{cite(p_n)}을 빼면 {shown}입니다 "
            f"(계산: {t.raw} − {p.raw} = {shown})."), marks


_PARTICLE = "이|가|은|는|의|을|를|도|만|로|으로"
_SHARE_OF = re.compile(r"([가-힣A-Za-z0-9]{2,}?)(?:이|가|은|는|의)?\s*(?:비중|비율|차지|몇\s*(?:%|퍼센트|프로))")
_WHOLE_PARTS = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(백만원|천원|억원|만원|원|명|대|개소|개|건|식|종)\s*\(([^()]*)\)")
_PARTS_SEP = re.compile(_BETWEEN_COMMA + r"\s*|/\s*")  # between parts, never inside '3,884'
_PART = re.compile(r"^\s*(.+?)\s*(\d[\d,]*(?:\.\d+)?)\s*(백만원|천원|억원|만원|원|명|대|개소|개|건|식|종)?\s*$")


_STATED_UNIT = re.compile(r"\d[\d,]*\s*(건|명|개소|개|대|곳|종|회|권)(?![가-힣])")


def share(f: Frame, citations: list[Any]) -> str | None:
    """'사업예산 중 펠로우십이 차지하는 비중': a quoted whole with its parts in brackets ('808백만원(핵심사업 컨설팅
    688, 펠로우십 120)'), the one part the question names over the whole, shown with its formula; a part printed
    without a unit is in the whole's. None unless exactly one part is named."""
    words = [w for w in _question_words(f) if _names_a_figure(w) and not re.search(r"\d", w)]
    words += [h for h, reading in hanja_readings().items()
              if re.search(rf"(?<![가-힣]){reading}(?:비)?(?:{_PARTICLE})?(?![가-힣])", f.text)]  # ('시비가 차지하는')
    stated = set(_STATED_UNIT.findall(f.text))  # ('55건 중에 … 비중': a share of a count, not of a sum of money)
    found = []
    for c in citations:
        for m in _WHOLE_PARTS.finditer(c.quote):
            if stated and m.group(2) not in stated:
                continue
            whole = Decimal(m.group(1).replace(",", ""))
            unit = m.group(2)
            for item in _PARTS_SEP.split(m.group(3)):
                p = _PART.match(item)
                if not p or (p.group(3) and p.group(3) != unit) or not whole:
                    continue
                label = p.group(1).strip()
                if any(w in compact(label) or compact(label) in w for w in words):
                    head = re.split(r"[:：]", c.quote[:m.start()])
                    name = _clean(head[-2] if len(head) > 1 and not head[-1].strip() else head[-1]) or "전체"
                    found.append((label, Decimal(p.group(2).replace(",", "")), whole, unit, m.group(1), c.n, name))
    if len(found) > 1:  # ('핵심사업 컨설팅' and '펠로우십' both hold a question word): the part named before the share
        named = _SHARE_OF.search(f.text)
        key = compact(named.group(1)) if named else ""
        readings = hanja_readings()  # ('시비가 차지하는': the part printed '市')
        found = [x for x in found if key and (key in compact(x[0]) or compact(x[0]) in key
                                              or key in (readings.get(x[0], "-"), readings.get(x[0], "-") + "비"))] or found
    if len(found) != 1:
        return None
    label, part, whole, unit, whole_raw, n, name = found[0]
    pct = part / whole * 100
    part_raw = f"{part:,}"
    return (f"인용한 수치로는 {label} {part_raw}{unit}[{n}]{'은' if has_batchim(unit) else '는'} {name} {whole_raw}{unit}[{n}]의 "
            f"{pct:.1f}%입니다 (계산: {part_raw} ÷ {whole_raw} × 100 = {pct:.1f}%).")


_WHOLE_STATED = re.compile(r"(\d[\d,]*)\s*(건|명|개소|개|대|곳|종|회|권)\s*(?:중|가운데|에서)")
SHARE_REACH = 6  # lines from a quoted part within which the whole the question states must be printed


def share_of_stated_whole(f: Frame, citations: list[Any], data: Any) -> tuple[str, tuple[str, int]] | None:
    """'분석과제 55건 중에 … 핵심 분석과제는 몇 %야?': the whole the question states ('55건'), printed near the quoted
    line, and the one figure of that counter the quoted lines print ('(27건)'): the part over the whole, shown with
    its formula, and the (doc, line) of the whole, to be cited next after the quoted lines. None unless exactly one
    such part is quoted and the whole is printed within SHARE_REACH lines."""
    m = _WHOLE_STATED.search(f.text)
    if m is None or not citations:
        return None
    whole_raw, unit = m.group(1), m.group(2)
    whole = Decimal(whole_raw.replace(",", ""))
    fig = re.compile(r"(?<![\d,.])(\d[\d,]*)\s*" + unit + r"(?![가-힣])")
    parts = [(Decimal(x.group(1).replace(",", "")), c) for c in citations for x in fig.finditer(c.quote or "")
             if Decimal(x.group(1).replace(",", "")) != whole]
    if len(parts) != 1 or not whole:
        return None
    part, c = parts[0]
    lines = data.lines(c.doc)
    lo, hi = max(1, c.line_start - SHARE_REACH), min(len(lines), c.line_end + SHARE_REACH)
    printed = next((n for n in range(lo, hi + 1) if any(
        Decimal(x.group(1).replace(",", "")) == whole for x in fig.finditer(lines[n - 1]))), None)
    if printed is None or part > whole:
        return None
    pct = part / whole * 100
    n = max(x.n for x in citations) + 1  # (the whole's line, cited next)
    return (f"인용한 수치로는 {part:,}{unit}[{c.n}]{'은' if has_batchim(unit) else '는'} {whole_raw}{unit}[{n}]의 "
            f"{pct:.1f}%입니다 (계산: {part:,} ÷ {whole_raw} × 100 = {pct:.1f}%).", (c.doc, printed))


def ranked_part(f: Frame, citations: list[Any]) -> str | None:
    """'그 중에 제일 큰 항목은?' after an answer that quoted a whole with its parts in brackets ('867백만원(시스템개발
    552백만원/상용SW 232백만원/감리 81백만원)'): the largest (or, asked, the smallest) part, with the others as printed.
    None unless the quoted lines print exactly one such whole, with two or more parts in its unit and no tie."""
    wholes = []
    for c in citations:
        for m in _WHOLE_PARTS.finditer(c.quote or ""):
            unit, parts = m.group(2), []
            for item in _PARTS_SEP.split(m.group(3)):
                p = _PART.match(item)
                if not p or (p.group(3) and p.group(3) != unit):
                    parts = []
                    break
                parts.append((_clean(p.group(1)), Decimal(p.group(2).replace(",", "")), p.group(2)))
            if len(parts) >= 2 and all(label for label, _, _ in parts):
                wholes.append((m.group(1), unit, parts, c.n))
    if len(wholes) != 1:
        return None
    whole_raw, unit, parts, n = wholes[0]
    ranked = sorted(parts, key=lambda x: x[1], reverse=f.order != "asc")
    if ranked[0][1] == ranked[1][1]:
        return None
    top = ranked[0]
    word = "가장 작은" if f.order == "asc" else "가장 큰"
    others = ", ".join(f"{label} {raw}{unit}" for label, _, raw in ranked[1:])
    return (f"인용한 내역 중 {word} 항목은 {top[0]} {top[2]}{unit}[{n}]입니다 "
            f"(나머지: {others}; 전체 {whole_raw}{unit}[{n}]).")


_YEAR_FIGURE = re.compile(r"(?<![\d])(?:['’](\d{2})|(20\d{2}))\s*년도?\s*[:：]?\s*(?:예산|실적|금액)?\s*[:：]?\s*"
                          r"(\d[\d,]*(?:\.\d+)?\s*(?:백만원|천원|억원|만원|원|명|대|건|개소|개|%))")


def _year_figures(citations: list[Any]) -> dict[int, list[tuple[str, int, str]]]:
    """Figures the quoted lines label with a year ("'24년 : 959,678천원"): year → [(figure, citation marker, the
    words printed from the year to the next item)]."""
    from index.normalize import strip_html

    out: dict[int, list[tuple[str, int, str]]] = {}
    for c in citations:
        text = strip_html(c.quote or "")
        for m in _YEAR_FIGURE.finditer(text):
            year = 2000 + int(m.group(1)) if m.group(1) else int(m.group(2))
            said = re.split(r"\s(?:-|○|·|□)\s", text[m.start():], maxsplit=1)[0].strip()
            out.setdefault(year, []).append((re.sub(r"\s+", "", m.group(3)), c.n, said))
    return out


def year_in_quote(year: int, asked_before: list[int], citations: list[Any]) -> str | None:
    """''25년은?' after an answer that quoted a line listing a figure per year ("'23년 : 981,633천원 … '24년 :
    959,678천원 … '25년 : 613,132천원") for the year asked before: the figure that line prints for the year now
    asked. None unless the quote labels one figure with each of the two years."""
    figs = _year_figures(citations)
    if len(figs.get(year, [])) != 1 or not any(len(figs.get(y, [])) == 1 for y in asked_before if y != year):
        return None
    raw, n, said = figs[year][0]
    return f"인용한 내용에서 '{year % 100:02d}년은 {raw}[{n}]입니다.\n- {said} [{n}]"


_RAW_NUMBER = re.compile(r"^([\d,]+(?:\.\d+)?)\s*(.*)$")


def of_each_read_apart(op: str, operands: list[tuple[str, list[Any]]]) -> str | None:
    """The sum or difference of two things each read on its own ('스마트라이프워크랑 서울 AI 페스타 소요예산
    합치면?': each project's own passage quoted): each operand's first quoted figure that is no part of another
    (not inside the parentheses after one: '4,419백만원(市 535백만원, …)' gives 4,419백만원), both written in one
    unit, a difference said as the larger less the smaller; None when an operand has no such figure or the units differ. Citations are numbered across operands."""
    if op not in ("sum", "diff") or len(operands) != 2:
        return None
    leads = []
    for name, cites in operands:
        figs = [q for q in _figures(cites[:1]) if q.part_of is None]
        m = _RAW_NUMBER.match(figs[0].raw) if figs else None
        if m is None:
            return None
        leads.append((name, figs[0], Decimal(m.group(1).replace(",", "")), m.group(2).strip()))
    if len({unit for *_, unit in leads}) != 1 or not leads[0][3]:
        return None
    (a_name, a, av, unit), (b_name, b, bv, _) = leads
    if op == "diff" and bv > av:  # the larger first: a difference is said as how much more one is
        (a_name, a, av), (b_name, b, bv) = (b_name, b, bv), (a_name, a, av)
    value = av + bv if op == "sum" else av - bv
    places = max(-av.as_tuple().exponent, -bv.as_tuple().exponent, 0)
    shown = f"{value:,.{places}f}{unit}"
    sign = "+" if op == "sum" else "−"
    what = "합계" if op == "sum" else f"차이: {a_name} 쪽이 더 많음" if value else "차이 없음"
    return f"{a_name} {a.raw}[{a.n}] {sign} {b_name} {b.raw}[{b.n}] = {shown} ({what})"


# 'which … was chosen' ('대상 자치구는 어디로 선정됐어?', '사업자는 누구로 정해졌어?'): an outcome of a selection asked
_SELECTION_ASKED = re.compile(r"(?:어디|어느|누구|무슨|뭐|무엇)[^?]{0,12}?(?:선정|선발|(?<![확책측])정(?:해|했)|결정|뽑)")
# ('어디서 확정해': where a plan is finalised, not which one was chosen)
# a line that schedules a selection rather than reports its outcome: '5월(대상자치구 선정)', '대상지 선정 : '25. 2.',
# '… 대상 선정 등'
_SELECTION_SCHEDULED = re.compile(r"\([^()]*(?:선정|선발|결정)\s*\)|(?:선정|선발|결정)\s*[:：]\s*['’]?\d|(?:선정|선발)\s*등")
_SELECTION_WORD = re.compile(r"선정|선발|결정")


_EACH_ASKED = re.compile(r"얼마씩|각각[^?？]*얼마|(?:개소|곳|군데|개|명|인|회)당[^?？]*얼마")
_PER_ITEM = re.compile(r"당|씩|각|/")


def each_unanswered(question: str, citations: list[Any]) -> bool:
    """Whether the question asks a sum of money for each of several things ('3개소는 각각 얼마씩', '개소당 얼마') and
    the quoted lines print one sum only and no sum per item: a total quoted for 'each' would read as each one's."""
    if not _EACH_ASKED.search(question.replace(" ", "")) or not citations:
        return False
    money = [q for q in _figures(citations) if q.unit and "원" in q.unit]
    if len({q.value for q in money}) != 1:
        return False
    return not any(_PER_ITEM.search(q.raw) or _PER_ITEM.search(q.label or "") for q in money)


def selection_unnamed(question: str, citations: list[Any]) -> bool:
    """Whether the question asks which thing or body was selected and no quoted line reports a selection's outcome:
    every quoted line that speaks of a selection only schedules it ('5월(대상자치구 선정)'), or none speaks of one.
    Such lines are no answer: quoting them would read as naming what the reports never name."""
    if not _SELECTION_ASKED.search(question.replace(" ", "")) or not citations:
        return False
    said = [c.quote or "" for c in citations if _SELECTION_WORD.search(c.quote or "")]
    return all(_SELECTION_SCHEDULED.search(q) for q in said)


_STATED_NUMBER = re.compile(r"(?<![\d.,'’])(\d[\d,]*(?:\.\d+)?)(?!\s*(?:년|월|일|시|분|차|회|번|[.,]\d))")
_CHANGE_WORDS = re.compile(r"줄|늘|깎|삭감|감소|증가|차이|빠졌|빠진|올랐|오른|내려|떨어")


def stated_change(question: str, citations: list[Any]) -> str | None:
    """'처음 618에서 최종 185까지면 총 얼마 줄은 거야?' after an answer that quoted '618백만원 → 285백만원' and
    '(기존) 285백만원 → (변경) 185백만원': the two figures the question states (bare numbers, each printed in the
    quotes, of one unit) and their difference, from the first stated to the second, cited where they are printed;
    None unless exactly two numbers are stated, each found, and a change is asked."""
    if not citations or not _CHANGE_WORDS.search(question):
        return None
    stated = [m.group(1).replace(",", "") for m in _STATED_NUMBER.finditer(question)]
    if len(stated) != 2 or stated[0] == stated[1]:
        return None
    figs = _figures(citations)
    picked = []
    for s in stated:
        same = [q for q in figs if re.sub(r"[^\d.]", "", q.raw.split("(")[0]) == s]
        if not same:
            return None
        picked.append(same[0])
    a, b = picked
    if a.unit != b.unit or a.scale != b.scale:
        return None
    d = b.value - a.value
    u, scale = a.unit, a.scale
    word = "증가" if d > 0 else ("감소" if d < 0 else "변동 없음")
    size = _fmt(abs(d), scale, u)
    formula = f"{b.raw} − {a.raw} = {size if d >= 0 else '△' + size}"
    return f"인용한 수치로는 {a.raw}[{a.n}]에서 {b.raw}[{b.n}]로 {size} {word}입니다 (계산: {formula})."



# ---- how many times, of a change printed as 'A → B' on one quoted line ('본청(6,400대) → 전체(13,610대)') ----

_TIMES_ASKED = re.compile(r"몇\s*배|배\s*(?:로|나|가|쯤|정도|는)|배수|how\s+many\s+times", re.I)
_ARROW = "→"


def quoted_times(question: str, citations: list[Any]) -> str | None:
    """'… 기존 대비 몇 배로 늘어나?' answered by quoting one line that prints a change as 'A → B' (one figure of one
    unit each side): B ÷ A, cited at that line; None when no times are asked, or not exactly one quoted line prints
    such a change."""
    if not _TIMES_ASKED.search(question):
        return None
    from app.verify import extract_figures

    found = []
    for c in citations:
        quote = (c.quote or "").replace("->", _ARROW)
        if quote.count(_ARROW) != 1:
            continue
        sides = [[f for f in extract_figures(s) if f.kind == "number" and f.unit and f.unit not in ("년", "월", "일")]
                 for s in quote.split(_ARROW)]
        if len(sides[0]) == 1 and len(sides[1]) == 1 and sides[0][0].unit == sides[1][0].unit:
            found.append((c, sides[0][0], sides[1][0]))
    if len(found) != 1 or found[0][1].magnitude <= 0:
        return None
    c, a, b = found[0]
    shown = f"{b.magnitude / a.magnitude:.1f}".rstrip("0").rstrip(".")
    return f"인용한 수치로는 {a.raw}에서 {b.raw}로 약 {shown}배입니다[{c.n}] (계산: {b.raw} ÷ {a.raw} ≈ {shown})."


def of_two_years(thing: str, reads: list[tuple[int, list[Any]]]) -> str | None:
    """One thing's figure in two years, each read on its own ('CCTV 신설 대수, 2024년 실적이랑 2025년 계획 차이'):
    in each year's first quoted line, the first figure labelled by the thing's last word ('신설 3,096대',
    '신설(1,796대)'), else none; the change from the earlier year to the later, in one unit. None when a year has no
    such figure or the units differ."""
    word = compact(thing.split()[-1]) if thing.split() else ""
    picked = []
    for year, cites in sorted(reads, key=lambda x: x[0]):
        figs = [q for q in _figures(cites[:1]) if q.part_of is None or word in compact(q.label)]
        named = [q for q in figs if word and compact(q.label).rstrip("(:：").endswith(word)]
        if not named:
            return None
        picked.append((year, named[0]))
    (ya, a), (yb, b) = picked
    if a.unit != b.unit or a.scale != b.scale:
        return None
    ma, mb = _RAW_NUMBER.match(a.raw), _RAW_NUMBER.match(b.raw)
    if ma is None or mb is None:
        return None
    av, bv = Decimal(ma.group(1).replace(",", "")), Decimal(mb.group(1).replace(",", ""))
    unit = ma.group(2).strip()
    d = bv - av
    moved = "늘었습니다" if d > 0 else ("줄었습니다" if d < 0 else "같습니다")
    size = f"{abs(d):,}{unit} " if d else ""
    return (f"{thing}: {ya}년 {a.raw}[{a.n}] → {yb}년 {b.raw}[{b.n}], {size}{moved} "
            f"(계산: {bv:,} − {av:,} = {'△' if d < 0 else ''}{abs(d):,})")
