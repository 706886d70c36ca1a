"""Yes/no questions answered from quoted lines: the claim the question states (a figure, a date, a status)
checked against the lines the reader cited. Used when no table cell holds the claimed figure.

A verdict is given only when the quotes settle it: the claimed figure (in a compatible unit) is printed, or a
different figure of the same kind is printed on the line that matches the question; the claimed date is or is
not the printed date; the printed status (추진완료 / 추진중 / 검토중) is or is not the one claimed. Otherwise
there is no verdict and the reader's answer is shown as it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from app.engine.frame import Frame
from app.engine.text import compact, without_subject

_DATE_Q = re.compile(r"(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_DATE_LINE = re.compile(r"(?:['’]?\d{2}(?:\d{2})?\s*\.\s*)?(?<![\d,])(\d{1,2})\s*\.\s*(\d{1,2})\s*\.(?!\s*\d)|(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_MONTH_Q = re.compile(r"(?:(20\d{2})\s*년\s*)?(?<!\d)(\d{1,2})\s*월(?!\s*\d{1,2}\s*일)\s*(말|초|중순|중|안)?\s*(까지|에|중)?")
_MONTH_LINE = re.compile(r"(?:(20\d{2})|['’](\d{2}))\s*\.\s*(\d{1,2})\s*\.|(?<![\d.])(\d{1,2})\s*월")
_RANGE_END = re.compile(r"[~∼～]\s*(?:(?:20\d{2}|['’]\d{2})\s*\.\s*)?(\d{1,2})\s*(?:월|\.)")
_TRUTH = re.compile(r"맞(?:아|나|지|죠|습니까|는지|는가|니|냐|을까|는거)|사실(?:이|인)|(?:거|게|것)(?:지|죠|맞)|아니(?:야|지|죠|냐)")
_STATUS = re.compile(r"추진\s*상황\s*[:：]\s*(추진\s*완료|추진\s*중|검토\s*중|완료|미반영)")


@dataclass
class Verdict:
    verdict: str  # 'yes' or 'no'
    evidence: str  # what the quotes print, in a few words ('41건', '2025. 9. 29.', '추진완료')


def _figures(text: str) -> list[Any]:
    from app.verify import extract_figures

    return [f for f in extract_figures(text) if f.kind == "number" and f.unit]


def _same_kind(unit_a: str | None, unit_b: str | None) -> bool:
    if unit_a == unit_b:
        return True
    counters = {"개", "개소", "곳"}
    return unit_a in counters and unit_b in counters


_LABEL_BEFORE = re.compile(r"([가-힣A-Za-z]{2,})\s*[:：(]?\s*$")
MIN_PAIRS = 2  # labelled figures a claim must state for each to be checked against its own label


def _labelled(text: str) -> dict[str, list[Any]]:
    """Each figure of a text under the word printed right before it ('서초센터 2식' → 서초센터: [2식])."""
    out: dict[str, list[Any]] = {}
    for g in _figures(text):
        m = _LABEL_BEFORE.search(text[max(0, g.start - 24):g.start])
        if m:
            out.setdefault(m.group(1), []).append(g)
    return out


def judge_pairs(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    """A claim of several labelled figures ('서초센터 3식, 상암센터 2식으로 구성된 게 맞나요?'): each figure against
    the one the quotes print under the same label; 'no' when any differs (the printed pairs are the evidence),
    'yes' when every one matches, None when a label is not printed with a figure of the same kind."""
    claimed = {k: v[0] for k, v in _labelled(f.text).items() if len(v) == 1}
    if len(claimed) < MIN_PAIRS:
        return None
    printed: dict[str, list[Any]] = {}
    for q in quotes:
        for k, v in _labelled(q).items():
            printed.setdefault(k, []).extend(v)
    differ, shown = False, []
    for label, c in claimed.items():
        same_kind = [g for g in printed.get(label, []) if _same_kind(g.unit, c.unit)]
        if len({g.raw for g in same_kind}) != 1:
            return None  # not printed, or printed twice with two figures: the pair does not settle it
        g = same_kind[0]
        shown.append(f"{label} {g.raw}")
        if abs(g.value * g.scale - c.value * c.scale) > Decimal("1e-9"):
            differ = True
    return Verdict("no" if differ else "yes", ", ".join(shown))


_NOT_A_NOUN = re.compile(r"(?:넘|이상|이하|미만|초과|못|안|되|돼|됐|정도|쯤|가량|밖에|이나|이야|이지|이라|라는|라고|인|입|이에|예요|"
                        r"이던|였|이었|짜리|씩|나|도|를|을|이|가|는|은)")


_CLAUSE_START = re.compile(r"(?:^|[-○·▶□]\s|,\s|\|)")
RIVAL_LEAD = 6  # characters before two figures that must read the same for them to be parallel ('(월1회선 ')


def _clause(q: str, g: Any) -> str:
    """The words of a quote from the start of the clause a figure ends ('- 시비 설치 760개소(월1회선 ') to it."""
    starts = [m.end() for m in _CLAUSE_START.finditer(q, 0, g.start)]
    return q[(starts[-1] if starts else 0):g.start]


def _parallel_rival(q: str, fig: Any, question: str) -> Any | None:
    """A figure of the same kind and another value the quote prints after the same words as `fig` ('국비 설치
    1,580개소(월1회선 33,000원', '시비 설치 760개소(월1회선 38,000원'), when the question does not pick `fig`'s clause:
    that figure when the question names a word of its clause only (the claim is of it), else `fig` itself (the
    claim may be of either); None when there is no such figure or the question names `fig`'s clause only."""
    lead = compact(q[max(0, fig.start - RIVAL_LEAD):fig.start])
    key = compact(question)
    words = lambda t: {w for w in re.findall(r"[가-힣A-Za-z]{2,}", t)}  # noqa: E731
    for g in _figures(q):
        if g.start == fig.start or not _same_kind(g.unit, fig.unit) or g.value * g.scale == fig.value * fig.scale:
            continue
        if not lead or compact(q[max(0, g.start - RIVAL_LEAD):g.start]) != lead:
            continue
        own, other = words(_clause(q, fig)), words(_clause(q, g))
        mine, theirs = any(w in key for w in own - other), any(w in key for w in other - own)
        if theirs and not mine:
            return g
        if not mine or theirs:
            return fig
    return None


def judge_quantity(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    claim = f.claim
    if claim is None:
        return None
    target = Decimal(str(claim.value))
    seen: list[Any] = []
    written = re.search(r"\s*".join(map(re.escape, claim.raw.replace(" ", ""))), f.text)  # ('3만 대' for '3만대')
    at, end = (written.start(), written.end()) if written else (-1, -1)
    after = re.match(r"\s*([가-힣]{2,})", f.text[end:]) if at >= 0 else None
    if after and _NOT_A_NOUN.match(after.group(1)):
        after = None  # '40개 넘는 거': a verb, not what is counted
    noun = after.group(1)[:2] if after else None  # '100개 기관으로': only figures of 기관 are compared
    said_before = re.search(r"([가-힣]{2,})(?:이|가|은|는|도)\s*$", f.text[:at]) if at >= 0 else None
    subject = said_before.group(1)[-2:] if said_before else None  # '사업이 50개를 넘는다는데': figures of 사업

    def of_subject(q: str, g: Any) -> bool:  # '45개 사업 추진 중', '사업 45개'
        return bool(subject) and (bool(re.match(r"\s*" + re.escape(subject or ""), q[g.start + len(g.raw):])) or
                                  q[max(0, g.start - 8):g.start].rstrip(" :：").endswith(subject or ""))

    def of_after(q: str, g: Any) -> bool:
        return bool(noun) and bool(re.match(r"\s*" + re.escape(noun or ""), q[g.start + len(g.raw):]))

    # the word after the figure when one is printed after a figure of the quotes; else the subject said before it
    # ('사업이 50개 추진 중이라던데': '추진' follows no figure, '45개 사업' is the subject's)
    of_noun = of_after if after and any(of_after(q, g) for q in quotes for g in _figures(q)) else of_subject

    from app.compose import action_of_count, claimed_count_actions

    # '이미 3개소 운영 중이라는데 맞아?': only counts of the action claimed ('2개소(서남, 서북) 운영'), not those of
    # another ('추가 조성(3개소)')
    acts = claimed_count_actions(f.text, at, end) if at >= 0 else frozenset()

    def of_action(q: str, g: Any) -> bool:
        bound = action_of_count(q, g.start, g.start + len(g.raw)) if acts else None
        return bound is None or any(bound.endswith(a) or a.endswith(bound) for a in acts)

    by_noun = any(of_noun(q, g) for q in quotes for g in _figures(q))
    by_year = any(_of_year(f, q, g) for q in quotes for g in _figures(q) if _same_kind(g.unit, claim.unit)
                  and of_action(q, g))
    for q in quotes:
        for fig in _figures(q):
            if not _same_kind(fig.unit, claim.unit):
                continue
            if by_noun and not of_noun(q, fig):
                continue
            if not of_action(q, fig):
                continue
            if by_year and not _of_year(f, q, fig):
                continue  # '26년에도 6,400대?': '(2026년) … 13,610대' is the figure of the year asked
            v = fig.value * fig.scale
            seen.append(fig)
            if claim.comparator == "eq" and abs(v - target) <= Decimal(str(max(claim.step / 2, 1e-9))):
                rival = _parallel_rival(q, fig, f.text)
                if rival is not None:  # '국비 … 월1회선 33,000원, 시비 … 월1회선 38,000원'
                    return Verdict("no", rival.raw) if rival is not fig else None  # the other one named, or unsaid
                rounded = claim.step >= 10_000 and compact(fig.raw) != compact(claim.raw)
                return Verdict("yes", f"{fig.raw}, 약 {claim.raw}" if rounded else fig.raw)  # ('114억원' of 11,388,383천원)
    anchored = _anchored(f, quotes)
    if claim.comparator == "eq" and anchored is not None:
        word, value = anchored  # printed without a unit, like the number the claim writes ('120백만원' → 120)
        said = re.search(r"\d[\d,]*(?:\.\d+)?", claim.raw)
        same = said is not None and abs(float(said.group(0).replace(",", "")) - value) < 1e-9
        return Verdict("yes" if same else "no", f"{word} {plain_number(value)}")
    if not seen:
        return None
    if claim.comparator == "eq":
        return Verdict("no", seen[0].raw) if len({f.raw for f in seen}) <= 3 else None
    if len(seen) > 1:  # several: the one printed right after the measure the question names ('사업예산 : 867백만원')
        key = compact(f.text)
        named = [g for q in quotes for label, gs in _labelled(q).items() if len(label) >= 3 and compact(label) in key
                 for g in gs[:1] if any((g.raw, g.start) == (x.raw, x.start) for x in seen)]
        if len({g.raw for g in named}) == 1:
            seen = named[:1]
    if len(seen) == 1:  # a bound: only one candidate figure can settle it
        v = float(seen[0].value * seen[0].scale)
        ok = {"gt": v > claim.value, "ge": v >= claim.value, "lt": v < claim.value, "le": v <= claim.value}[claim.comparator]
        return Verdict("yes" if ok else "no", seen[0].raw)
    return None


def plain_number(value: float) -> str:
    """A figure as the reports print one: thousands separated, never in exponent form ('5,464,532', '48.7')."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


YEAR_REACH = 24  # characters between a printed year and the figure it dates ('(2026년) 본청·사업소 전체(13,610대)')


def _of_year(f: Frame, q: str, g: Any) -> bool:
    """Whether the quote prints a year the question writes just before the figure, with no other figure between."""
    before = q[max(0, g.start - YEAR_REACH):g.start]
    for y in f.written_years():
        m = None
        for m in re.finditer(rf"(?:{y}|['’]{y % 100:02d})\s*년?", before):
            pass
        if m is not None and not re.search(r"\d", before[m.end():]):
            return True
    return False


def judge_stated(f: Frame, answer: str) -> Verdict | None:
    """A claimed figure against the one figure of its kind the answer states (a table cell read for the thing and
    measure asked: '정원은 274명'), when the quoted row prints bare numbers. None when the answer states more than
    one figure of that kind: which of them the claim is about is not certain."""
    if f.claim is None or not answer:
        return None
    text = re.sub(r"\[\d+\]", "", answer)
    if len([g for g in _figures(text) if _same_kind(g.unit, f.claim.unit)]) != 1:
        return None
    return judge_quantity(f, [text])


_NUMBER_AFTER = r"\s*[:：]?\s*(\d[\d,]*(?:\.\d+)?)"
_PARTICLE = re.compile(r"(?:은|는|이|가|도|의|을|를|만)$")


def _anchored(f: Frame, quotes: Sequence[str]) -> tuple[str, float] | None:
    """The number a quote prints right after the thing the claim is about ('펠로우십 예산이 220백만원이 맞나요?' →
    '펠로우십 120' in '808백만원(핵심사업 컨설팅 688, 펠로우십 120)'), when the claim states a figure after a
    context figure ('808백만원 중 …'). None when the question states one figure or no quote prints such a pair."""
    claim = f.claim
    if claim is None or len(_figures(f.text)) < 2:
        return None
    before = f.text[:f.text.find(claim.raw)] if claim.raw in f.text else ""
    words = [_PARTICLE.sub("", w) for w in re.findall(r"[가-힣A-Za-z]{2,}", before)][-3:]
    for w in reversed(words):
        if len(w) < 2 or w in ("예산", "사업", "금액", "규모"):
            continue
        for q in quotes:
            m = re.search(re.escape(w) + _NUMBER_AFTER, q)
            if m:
                return w, float(m.group(1).replace(",", ""))
    return None


def judge_date(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    m = _DATE_Q.search(f.text)
    if not m:
        return None
    want = (int(m.group(1)), int(m.group(2)))
    found: list[tuple[int, int, str]] = []
    for q in quotes:
        for d in _DATE_LINE.finditer(q):
            mo, dy = (d.group(1), d.group(2)) if d.group(1) else (d.group(3), d.group(4))
            found.append((int(mo), int(dy), d.group(0).strip()))
    if not found:
        return None
    for mo, dy, raw in found:
        if (mo, dy) == want:
            return Verdict("yes", raw)
    return Verdict("no", found[0][2])


def judge_month(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    """A month claimed without a day: '8월 말까지 하는 거 맞지?' against the end of the printed period ('4월 ~ 7월'),
    '2026년 4월에 확정되는 일정이 맞나요?' against the printed month ('2026. 4.'). An end month that is not printed
    is a 아니요; a month that is not printed settles nothing (the quotes hold many dates)."""
    m = _MONTH_Q.search(f.text)
    if not m or not (m.group(4) or asks_truth(f.text)):
        return None
    year, month = (int(m.group(1)) if m.group(1) else None), int(m.group(2))
    if not 1 <= month <= 12:
        return None
    if m.group(4) == "까지":
        ends = [(int(e.group(1)), e.group(0)) for q in quotes for e in _RANGE_END.finditer(q)]
        if not ends:
            return None
        for mo, raw in ends:
            if mo == month:
                return Verdict("yes", raw.lstrip("~∼～ "))
        first = next(q for q in quotes if _RANGE_END.search(q))
        start = max(0, _RANGE_END.search(first).start() - 12)
        span = re.search(r"[\d'’][^()]*?[~∼～][^()]*?(?:월|\.)", first[start:])
        return Verdict("no", (span.group(0) if span else ends[0][1]).strip())
    for q in quotes:
        for d in _MONTH_LINE.finditer(q):
            if d.group(3):
                y = int(d.group(1)) if d.group(1) else 2000 + int(d.group(2))
                mo = int(d.group(3))
            else:
                y, mo = None, int(d.group(4))
            if mo == month and (year is None or y in (None, year)):
                return Verdict("yes", d.group(0).strip())
    return judge_event_date(f, quotes)


_Q_DATE = re.compile(r"(?:(20\d{2})|['’]?(\d{2}))\s*년\s*(?:(\d{1,2})\s*월)?|(?<!\d)(\d{1,2})\s*월")
_L_DATE = re.compile(r"(?:(20\d{2})\s*년?\s*\.?\s*(?:(\d{1,2})\s*[.월])?|['’](\d{2})\s*\.\s*(\d{1,2})\s*\.)")
_EVENT_STOP = {"맞아", "맞지", "맞죠", "맞나요", "맞습니까", "예정", "계획", "거지", "거야", "건가"}


def judge_event_date(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    """A date claimed for an event ('2024년에 출범한 거 맞죠?', '조례 공포가 25년 8월 예정이지?') against the date
    printed on a quoted line that names the event ('… 2025년 5. 19. 출범', '조례 공포 : '25. 9. 29.'). 아니요 only
    when every such line prints another date; nothing when no quoted line names the event with a date."""
    m = _Q_DATE.search(f.text)
    if not m:
        return None
    year = int(m.group(1)) if m.group(1) else (2000 + int(m.group(2)) if m.group(2) else None)
    month = int(m.group(3) or m.group(4)) if (m.group(3) or m.group(4)) else None
    def words_of(text: str) -> list[str]:
        return [w for w in (re.sub(r"(?:은|는|이|가|을|를|의|에|로|으로|한|된|될|할|하는|되는|이지|이죠)$", "", x)
                            for x in re.findall(r"[가-힣A-Za-z]{2,}", text)) if len(w) >= 2 and w not in _EVENT_STOP]

    after, before = words_of(f.text[m.end():]), words_of(f.text[:m.start()])
    words = after[:1] + before[::-1] + after[1:]  # the event named right after the date, then its subject
    seen: list[tuple[bool, str]] = []
    for q in quotes:
        named = [w for w in words if w in q]
        if not named:
            continue
        at = q.find(named[0])  # the date printed nearest the event word is the event's
        for d in sorted(_L_DATE.finditer(q), key=lambda d: abs(d.start() - at)):
            y = int(d.group(1)) if d.group(1) else (2000 + int(d.group(3)) if d.group(3) else None)
            mo = int(d.group(2) or d.group(4)) if (d.group(2) or d.group(4)) else None
            if y is None:
                continue
            ok = (year is None or y == year) and (month is None or mo == month)
            seen.append((ok, d.group(0).strip()))
    if not seen:
        return None
    hit = next((raw for ok, raw in seen if ok), None)
    return Verdict("yes", hit) if hit else Verdict("no", seen[0][1])


_CHANGE_SAID = re.compile(r"(증가|감소|늘었|줄었|많습니다|적습니다|변동이 없)")


def judge_direction(f: Frame, answer: str) -> Verdict | None:
    """A claimed direction ('24년보다 늘어난 거지?', '현원이 정원보다 많은 게 맞나요?') against the direction the answer
    computed and printed ('… 3,090,742천원 감소했습니다', '현원이 정원보다 5명 많습니다'). Figures the question states
    ('35명에서 34명으로 줄었나요?') must all be in the answer, or nothing is settled."""
    key = compact(f.text)
    claimed = f.claim_direction
    baseline = re.search(r"([가-힣A-Za-z]{1,8})보다", key)
    if claimed is None:
        dec = re.search(r"줄었|줄어|감소|감액|깎|삭감", key)
        inc = re.search(r"늘었|늘어|증가|증액|올랐|오른", key)
        if bool(dec) != bool(inc):
            claimed = "neg" if dec else "pos"
    if claimed is None and baseline:
        if re.search(r"보다.{0,8}?(?:많|크|높|넘|앞서)", key):
            claimed = "pos"
        elif re.search(r"보다.{0,8}?(?:적|작|낮|모자|못하)", key):
            claimed = "neg"
    if claimed is None or not answer:
        return None
    for fig in _figures(f.text):
        if fig.unit in ("년", "월", "일", "년도"):
            continue
        if compact(fig.raw) not in compact(answer) and fig.raw.rstrip("명원개건%") not in answer:
            return None
    first = answer.split("계산:")[0]
    said = _CHANGE_SAID.search(first)
    if not said:
        return None
    word = said.group(1)
    if word in ("많습니다", "적습니다"):
        # two measures compared: the answer must hold them against the same baseline as the question
        if not baseline or not re.search(re.escape(baseline.group(1)[-2:]) + r"\s*보다", first):
            return None
    moved = "none" if word == "변동이 없" else ("pos" if word in ("증가", "늘었", "많습니다") else "neg")
    if word not in ("많습니다", "적습니다") and claimed in ("pos", "neg") and _other_baseline_year(key, first):
        claimed = "neg" if claimed == "pos" else "pos"  # ('2027년 것이 2028년보다 많지?' of a change from 2027 to 2028)
    sentence = first[max(0, said.start() - 30):said.end()]
    amount = re.findall(r"[△\d][\d,.]*\s*(?:천원|백만원|억원|원|명|개|건|%)?\s*(?=(?:증가|감소|늘|줄|많|적))", sentence)
    evidence = (amount[-1].strip() + " " if amount else "") + {"pos": "증가", "neg": "감소", "none": "변동 없음"}[moved]
    if word in ("많습니다", "적습니다"):
        evidence = (amount[-1].strip() + " " if amount else "") + ("많음" if moved == "pos" else "적음")
    return Verdict("yes" if moved == claimed else "no", evidence)


def _year4(y: str) -> str:
    return y if len(y) == 4 else f"20{y}"


def _other_baseline_year(key: str, answer: str) -> bool:
    """Whether the claim holds one year against another ('2027년 사업비가 2028년보다 많지?': 2028 the baseline) while
    the answer states the change from the other one ('2028년은 … 2027년 … 대비 … 증가'): the claimed direction is then
    the answer's read backwards."""
    claim = re.search(r"(20\d{2}|(?<!\d)\d{2})년(?:도)?(?:의|에|엔|에는)?(?:사업비|예산|것|거)?보다", key)
    said = re.findall(r"(20\d{2})년", answer.split("대비")[0]) if "대비" in answer else []
    if not claim or not said:
        return False
    years = {_year4(y) for y in re.findall(r"(20\d{2}|(?<![\d.])\d{2})년", key)}
    return len(years) == 2 and _year4(claim.group(1)) != said[-1] and said[-1] in years


_MEANS = re.compile(r"^\s*(.+?)(?:이|가|은|는|란|이란)\s+(.+?)(?:을|를)?\s*(?:말하는|뜻하는|의미하는|가리키는|부르는|말함|뜻함)")


def judge_meaning(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    """'RFID가 전자태그 말하는 거 맞아?': 네 when a quoted line names the term and the meaning claimed together;
    nothing otherwise (a definition not printed is not a 아니요)."""
    m = _MEANS.search(f.text)
    if not m:
        return None
    term, meaning = compact(m.group(1)), compact(m.group(2))
    if len(term) < 2 or len(meaning) < 2:
        return None
    for q in quotes:
        k = compact(q)
        if term.lower() in k.lower() and meaning in k:
            return Verdict("yes", m.group(2).strip())
    return None


_WH = re.compile(r"몇|얼마|언제|어디|무엇|뭐|누구|어느|어떤|어떻게|왜")  # '몇 명이었지?' asks, it claims nothing


def claimed_when(text: str) -> str | None:
    """The question with the month or date it claims replaced by '언제' ('8월 말까지 하는 거 맞지?' → '언제까지 하는
    거 맞지?'), so the reader looks for the line that dates the thing; None when it claims no month or date."""
    m = _DATE_Q.search(text) or _MONTH_Q.search(text)
    if m is None or _WH.search(compact(text)):
        return None
    tail = m.group(0)
    particle = re.search(r"(까지|부터|에)\s*$", tail)
    return (text[:m.start()] + "언제" + (particle.group(1) if particle else "") + text[m.end():]).strip()


def claimed_figure(f: Frame) -> str | None:
    """The question asked for the figure its claim states ('… 사업이 50개를 넘는다는데 맞아?' → '… 사업이 몇 개?',
    '… 사업예산이 100억원을 넘는다는 게 사실이야?' → '… 사업예산이 얼마?'), so the reader looks for the line that
    prints it; None when no figure is claimed."""
    claim = f.claim
    if claim is None or claim.raw not in f.text or not claim.unit:
        return None
    ask = "얼마" if claim.unit == "원" else ("몇 %" if claim.unit == "%" else f"몇 {claim.unit}")
    head = f.text[:f.text.find(claim.raw)].rstrip()
    return f"{head} {ask}?" if len(compact(head)) >= 4 else None


def asks_truth(text: str) -> bool:
    """'… 맞나요?', '… 늘어난 거지?', '… 사실이야?', '… 8월 예정이지?': the question states something and asks
    whether it is so."""
    key = compact(text)
    return bool(_TRUTH.search(key)) or bool(re.search(r"\d", key) and not _WH.search(key) and re.search(
        r"(?:이지|이죠|잖아|이잖아|[었았했였됐났]지|[었았했였됐났]죠)\??$", key))


def judge_status(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    if f.claim_status not in ("done", "ongoing"):
        return None
    statuses = [compact(m.group(1)) for q in quotes for m in _STATUS.finditer(q)]
    if not statuses or len(set(statuses)) > 1:
        return None
    done = statuses[0] in ("추진완료", "완료")
    yes = done if f.claim_status == "done" else statuses[0] in ("추진중",)
    return Verdict("yes" if yes else "no", statuses[0])


_ORDINAL_Q = re.compile(r"(?:제\s*(\d{1,3})\s*(회|차|기)|(\d{1,3})\s*(회|차|기|번)\s*째)")
_ORDINAL_LINE = re.compile(r"(?<![가-힣])제\s*(\d{1,3})\s*(회|차|기)|(?<![\d,.])(\d{1,3})\s*(회|차|기|번)\s*째")


def judge_ordinal(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    """A claim of which time something is held ('시상식이 2회째 맞나?', '제5회 맞지?') against the one ordinal of the
    same counter the quotes print ('제3회 … 시상식 개최'); None when they print none, or two different ones."""
    m = _ORDINAL_Q.search(f.text)
    if m is None:
        return None
    said, unit = int(m.group(1) or m.group(3)), m.group(2) or m.group(4)
    printed = {(int(x.group(1) or x.group(3)), x.group(0).strip()) for q in quotes for x in _ORDINAL_LINE.finditer(q)
               if (x.group(2) or x.group(4)) in ({unit, "번"} if unit == "회" else {unit})}
    if len({n for n, _ in printed}) != 1:
        return None
    n, raw = next(iter(printed))
    return Verdict("yes" if n == said else "no", raw)


# a place claimed for an event: '코엑스에서 열리는 거 맞아?', '광화문에서 하는 거지?'
PLACE_CLAIM = re.compile(r"([가-힣A-Za-z0-9]{2,14}?)\s*에서\s*(?:열리|열려|열린|열렸|열릴|개최|하는|한대|했|진행|치러)")
_PLACE_PRINTED = re.compile(r"\(\s*[^()]{0,8}장\s*소\s*\)|장\s*소\s*[:：]")


def claimed_place(text: str) -> str | None:
    """The place a yes/no question claims an event is held at ('… 코엑스에서 열리는 거 맞아?' → '코엑스'), or None."""
    m = PLACE_CLAIM.search(text)
    return compact(m.group(1)) if m and asks_truth(text) else None


def judge_place(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    """A place claimed for an event against the quoted line that prints its place ('- (기간/장소) … 광화문광장 또는
    동대문디자인플라자(DDP)'): 네 when that line names the place claimed, else 아니요 with what it prints; nothing when no
    quoted line prints a place."""
    place = claimed_place(f.text)
    lines = [q for q in quotes if _PLACE_PRINTED.search(q)]
    if place is None or not lines:
        return None
    for q in lines:
        if place in compact(q):
            return Verdict("yes", place)
    printed = _PLACE_PRINTED.split(lines[0], maxsplit=1)[-1].strip(" -:：")
    return Verdict("no", printed[:80])


_YEAR_CLAIM = re.compile(r"(?:(20\d{2})|['’]?(\d{2}))\s*년(?:도)?\s*(?:에|이|으로|로|부터|까지)?")
_YEAR_CELL = re.compile(r"^\s*(?:(20\d{2})|['’](\d{2}))\s*년?\s*(?:도)?\s*$")
MIN_CELL_WORDS = 2  # words of the claim a table cell must print to be the thing claimed


def judge_column_year(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    """A year claimed for a thing a quoted table prints under one year's column ('차세대 SDA 시스템 오픈이 2028년
    맞지?' against '구분 | 2025년 | … | 2028년' and '사업내용 | … | 차세대 SDA 시스템 오픈'): 네 when the cell that
    prints most of the claim's words stands under that year, else 아니요 with its year; nothing when no such table
    is quoted or two cells print the claim's words equally."""
    m = _YEAR_CLAIM.search(f.text)
    if m is None or not asks_truth(f.text) and not _CLAIM_END.search(f.text):
        return None
    year = int(m.group(1)) if m.group(1) else 2000 + int(m.group(2))
    words = {compact(w) for w in re.findall(r"[가-힣A-Za-z0-9]{2,}", re.sub(r"(?:은|는|이|가|을|를|도)(?=\s|$)", "",
                                                                         f.text[:m.start()]))}
    if len(words) < MIN_CELL_WORDS:
        return None
    rows = [q.strip().strip("|").split("|") for q in quotes if "|" in q]
    header = next(([_YEAR_CELL.match(c) for c in cells] for cells in rows
                   if sum(bool(_YEAR_CELL.match(c)) for c in cells) >= 2), None)
    if header is None:
        return None
    best: list[tuple[int, int]] = []
    for cells in rows:
        if len(cells) != len(header) or any(header[i] and _YEAR_CELL.match(c) for i, c in enumerate(cells)):
            continue
        for i, cell in enumerate(cells):
            if header[i] is None:
                continue
            hits = sum(1 for w in words if w.lower() in compact(cell).lower())
            if hits >= MIN_CELL_WORDS:
                best.append((hits, i))
    if not best:
        return None
    best.sort(reverse=True)
    if len(best) > 1 and best[1][0] == best[0][0] and best[1][1] != best[0][1]:
        return None
    h = header[best[0][1]]
    printed = int(h.group(1)) if h.group(1) else 2000 + int(h.group(2))
    return Verdict("yes" if printed == year else "no", f"{printed}년")


_OWNER_CUE = r"\s*(?:이|가|에서|의|은|는)?\s*(?:담당|맡|소관|관할|주관|소속|관리하)"
# who the answer says owns the thing: the engine's '… 담당 부서는 공간정보과[1]입니다', or an audit item's department
# printed after it ('… 대책을 강구할 것 (경제정책과) | 추진상황 : 검토중', '…(디지털정책과) → 추진상황')
_STATED_OWNER = re.compile(r"담당\s*부서는\s*([가-힣A-Za-z]{2,16}?)\s*(?:\[|입니다)")
_ITEM_OWNER = re.compile(r"\(([가-힣]{2,12}(?:과|센터|원|관|단|실))\)\s*(?:\||→|의 추진상황)")


OWNER_CLAIM_TAIL = 12  # letters after '… 소관' that may end an owner claim ('으로 올라가 있지?', '고 있는 거 맞지?')
_CLAIM_END = re.compile(r"(?:이지|이죠|인가요|인가|입니까|이잖아|[지죠])\s*\??\s*$")  # '… 데이터전략과 소관이지?'


def claimed_owner(f: Frame) -> tuple[str, int] | None:
    """The unit a yes/no question claims owns the thing ('스마트서울맵은 정보통신과가 맡는 거 맞지?' → ('정보통신과',
    where it is named)), or None when it claims no owner."""
    if not asks_truth(f.text) and (_WH.search(compact(f.text)) or not _CLAIM_END.search(f.text)):
        return None
    for unit in f.units:
        m = re.search(re.escape(unit) + _OWNER_CUE, f.text)
        rest = compact(f.text[m.end():]) if m else ""
        if m and len(rest) <= OWNER_CLAIM_TAIL and not re.search(r"\d", rest):
            return unit, m.start()  # (what follows the owner is the claim's ending, not a figure claimed of it)
    return None


def judge_owner(f: Frame, answer: str) -> Verdict | None:
    """An owner claimed against the one owner the answer states: 네 when it is the unit claimed, else 아니요 with the
    unit printed; nothing when the answer states no owner, or more than one."""
    claim = claimed_owner(f)
    if claim is None or not answer:
        return None
    words = [without_subject(re.sub(r"(?:을|를|의|에서|에|도)$", "", w)) for w in f.text[:claim[1]].split()]
    thing = max(words, key=len, default="")
    if len(thing) < 2 or compact(thing).lower() not in compact(answer).lower():
        return None  # the answer is of another thing than the one asked about ('서울서베이' not in it)
    stated = {m.group(1) for m in _STATED_OWNER.finditer(answer)}
    if not stated and (first := _ITEM_OWNER.search(answer)):
        stated = {first.group(1)}  # the first quoted item: the reader's best line
    if len(stated) != 1:
        return None
    owner = next(iter(stated))
    return Verdict("yes" if compact(owner) == compact(claim[0]) else "no", owner)


def owner_question(f: Frame, reading: str) -> str | None:
    """The question of who owns the thing, without the unit claimed ('스마트서울맵은 정보통신과가 맡는 거 맞지?' →
    '스마트서울맵 담당 부서는 어디야?'), so the reader finds the owner the reports print; None without an owner claim."""
    claim = claimed_owner(f)
    if claim is None:
        return None
    at = reading.find(claim[0])
    head = (reading[:at] if at >= 0 else f.text[:claim[1]]).rstrip(" ,")
    head = re.sub(r"\s*도$", "", head)
    head = " ".join([*head.split()[:-1], without_subject(head.split()[-1])]) if head.split() else head
    return f"{head} 담당 부서는 어디야?" if len(compact(head)) >= 3 else None


def judge(f: Frame, quotes: Sequence[str], answer: str = "") -> Verdict | None:
    """A verdict on the question's claim from the quoted lines (and the direction the answer computed), or None
    when they do not settle it."""
    if claimed_owner(f) is not None:  # '… 디지털정책과 소관이지?': the owner the answer states, or no verdict
        return judge_owner(f, answer or "\n".join(quotes))
    if re.search(r"에서.{0,14}(?:으로|로).{0,4}(?:줄|늘|감소|증가)", compact(f.text)) or f.claim_direction:
        v = judge_direction(f, answer)  # '35명에서 34명으로 줄었나요?': the direction is the claim
        if v is not None:
            return v
    for fn in (judge_place, judge_meaning, judge_ordinal, judge_date, judge_month, judge_column_year, judge_pairs,
               judge_quantity, judge_status, judge_event_date):
        v = fn(f, quotes)
        if v is not None:
            return v
    return judge_direction(f, answer) or judge_stated(f, answer) or judge_equal(f, answer)


_ASKS_EQUAL = re.compile(r"같아|같나|같습니까|같은가|같은지|같지|같니|동일해|동일한가|동일합니까|똑같")


def judge_equal(f: Frame, answer: str) -> Verdict | None:
    """'정원이랑 현원이 같아?': settled by the comparison the answer computed ('… 같습니다' or '… 2명 적습니다')."""
    if not _ASKS_EQUAL.search(compact(f.text)) or not answer:
        return None
    calc = re.search(r"계산:\s*([^\n)]+)", answer)
    evidence = calc.group(1).strip() if calc else "계산한 차이"
    if re.search(r"같습니다", answer):
        return Verdict("yes", evidence)
    if re.search(r"(?:보다|대비)\s*[\d,.]+\S*\s*(?:많습니다|적습니다|높습니다|낮습니다)", answer):
        return Verdict("no", evidence)
    return None


def lead(v: Verdict, lang: str = "ko") -> str:
    """The opening of a yes/no answer."""
    if lang == "en":
        return ("Yes. " if v.verdict == "yes" else "No. ") + f"The reports print {v.evidence}. "
    if v.verdict == "yes":
        return f"네, 맞습니다({v.evidence}). "
    return f"아니요. 문서에는 {v.evidence}(으)로 되어 있습니다. "
