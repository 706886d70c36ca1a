"""Number and citation verifier for LLM answers: pure functions, no model, no I/O.

Every figure in the LLM's text must equal (after unit conversion) a figure of the numbered evidence
(`Answer.citations`), or a sum/difference of two evidence figures that the grounded answer itself states;
every `[n]` must name an existing evidence item, and the text must cite at least one. Years, dates,
section numbers, list markers and ordinals are not figures. A refusal (`ABSTAIN_TEXT`) is an abstention.

For a table cell citation only the cell value(s) (and the numbers of its own row and column labels) count as
evidence, not the other cells printed on the same source line nor its section heading: the row
"정원 | 274명 | … | 67명" cited for 데이터센터 supports 67명, never 274명. Numbers are compared exactly after unit
conversion: a rounded figure ("약 19억원" for 1,940백만원) is rejected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Iterable, Sequence

from app.types import ABSTAIN_TEXT, Citation

# --- units -----------------------------------------------------------------------------------------

SCALES: dict[str, Decimal] = {
    "조": Decimal(10) ** 12,
    "억": Decimal(10) ** 8,
    "천만": Decimal(10) ** 7,
    "백만": Decimal(10) ** 6,
    "십만": Decimal(10) ** 5,
    "만": Decimal(10) ** 4,
    "천": Decimal(10) ** 3,
}
MONEY = "원"
PERCENT = "%"
POINT = "%p"
# Counter words: a figure "67명" has unit "명"; longest first so that "개소" wins over "개".
COUNTERS: tuple[str, ...] = tuple(
    sorted(
        ["명", "식", "건", "국", "개소", "개사", "개국", "개월", "개", "대", "팀", "과", "곳", "회", "종", "시간",
         "배", "인", "석", "권", "편", "가구", "본부", "사업소", "년", "점", "종류", "대수", "가지", "km", "Mbps",
         "Gbps", "GB", "TB", "MB", "kW", "MW", "미터", "킬로미터"],
        key=len,
        reverse=True,
    )
)
# A number followed by one of these is an ordinal or a date part, not a figure.
ORDINALS: tuple[str, ...] = ("차년도", "차", "단계", "급", "행", "번째", "분기", "순위", "위", "등급", "호", "항", "월", "일")
# Words right after a positive figure that say it is a decrease (so it may match a △ evidence value).
DECREASE_WORDS = ("감소", "줄", "축소", "하락", "감액", "순감", "삭감", "마이너스", "적자")

_UNIT_IN_LABEL = re.compile(r"단위\s*[:：]?\s*(천원|백만원|억원|만원|원|명|%|건|식)|\((천원|백만원|억원|만원|원|명|%|건|식)\)")
_RATE_LABEL = re.compile(r"률|율|비율|%")


@dataclass(frozen=True)
class Figure:
    """A number found in a text, with its unit and its character span in that text."""

    raw: str  # as written, e.g. "19.4억원", "△79,074", "67명"
    value: Decimal  # the number as written, sign included, e.g. Decimal("19.4")
    scale: Decimal  # multiplier of a 천/만/백만/억/조 prefix, 1 if none
    unit: str | None  # "원", "%", "%p", a counter such as "명", or None when none is written
    start: int
    end: int
    kind: str = "number"  # "number" or "section" (a heading number like "3.9." that may not be a figure)

    @property
    def magnitude(self) -> Decimal:
        return self.value * self.scale


@dataclass(frozen=True)
class EvidenceFigure:
    """A figure that an answer may state: from citation `n` ("value", "label", "quote") or "derived"."""

    n: int  # citation number; 0 for a derived figure (sum/difference stated by the grounded answer)
    figure: Figure
    origin: str


@dataclass
class VerifyResult:
    ok: bool
    reasons: list[str]
    numbers_checked: int
    abstained: bool = False
    cited: list[int] = field(default_factory=list)  # the [n] markers used, in order of first use


# --- extraction -----------------------------------------------------------------------------------

_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,，]\s*\d+)*)\s*\]")
_NUMBER = re.compile(
    r"(?P<sign>[△▽▼▲+]|(?<![\w\d.,)\]])-)?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
)
_SCALE_RE = "|".join(sorted(SCALES, key=len, reverse=True))
_AFTER = re.compile(
    rf"(?: (?=(?:{_SCALE_RE})원))?"  # '10,128 백만원': a money scale written after a space
    rf"(?P<scale>{_SCALE_RE})?(?P<sp>\s?)(?P<unit>%p|%|원|{'|'.join(re.escape(c) for c in COUNTERS)})?"
)
# Spans that contain digits but no figures.
_NON_FIGURES = [
    re.compile(r"[’'‘]\d{2}(?!\d)(?:\.\s*\d{1,2}){0,2}\.?"),  # '26, '24.12.26, '25. 1. 31.
    re.compile(
        r"(?<![\d.,])(?:19|20)\d{2}\s*[.\-/]\s*\d{1,2}(?:\s*[.\-/]\s*\d{1,2})?\s*\.?(?:\s*[~∼]\s*\d{1,2}(?![\d,]))?"
    ),  # 2026. 4. / 2026.3.31. / 2025.2~3
    re.compile(r"(?<![\d.,])\d{1,2}\.\s+\d{1,2}\.(?!\d)"),  # 5. 19. (month. day.)
    re.compile(r"(?<![\d.,])(?:19|20)\d{2}\s*[~∼\-–]\s*(?:(?:19|20)\d{2}|\d{2})(?!\d)\s*년?"),  # 2025~2026
    re.compile(r"(?<![\d.,])(?:19|20)\d{2}\s*년"),  # 2026년
    re.compile(r"[~∼]\s*\d{1,2}\s*[.)](?!\d)"),  # the end of a month range: 2026. 9. ~ 12.
    re.compile(r"(?<![\d,.])\d+(?:[-–]\d+)+\)?"),  # row labels 1-1-3), 3-3, line ranges 37–39
    re.compile(r"(?m)(?:^|(?<=\s))\(?\d{1,2}\)"),  # list markers 1) (2)
    re.compile(r"(?<![가-힣])제\s*\d+"),  # 제3조 (not the end of a word: 임기제 1명 written without a space)
    re.compile(r"(?m)^[ \t]*(?:[-*•]\s*)?\d{1,2}\.(?=\s)"),  # a numbered list item "1. "
    re.compile(r"(?<![\d,.])\d{1,2}:\d{2}(?!\d)"),  # times 10:00
    re.compile(r"(?<![\d,.])\d{1,2}:\d{1,2}(?![\d:])"),  # ratios 5:5
    re.compile(r"[A-Za-z]\d+"),  # IPv6, S1
]
_ORDINAL_AFTER = re.compile(rf"(?:{'|'.join(ORDINALS)})")
_ASCII_AFTER = re.compile(r"[A-Za-z]")
_SECTION = re.compile(r"(?<![\d.,])\d{1,2}(?:\.\d{1,2})+\.(?=\s*[가-힣A-Za-z(「『\"'])")


def markers(text: str) -> list[tuple[int, int, int]]:
    """Every [n] (also [1, 2]) in `text` as (n, start, end)."""
    out: list[tuple[int, int, int]] = []
    for m in _MARKER.finditer(text):
        for part in re.split(r"\s*[,，]\s*", m.group(1)):
            out.append((int(part), m.start(), m.end()))
    return out


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace the given spans with spaces, keeping every other offset unchanged."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = " "
    return "".join(chars)


def extract_figures(text: str) -> list[Figure]:
    """Every figure in `text` (markers, years, dates, labels and ordinals left out), with offsets."""
    masked = _mask(text, [(a, b) for _, a, b in markers(text)])
    for pattern in _NON_FIGURES:
        masked = _mask(masked, [(m.start(), m.end()) for m in pattern.finditer(masked)])
    sections: list[tuple[int, int]] = [(m.start(), m.end()) for m in _SECTION.finditer(masked)]
    masked = _mask(masked, sections)
    figures: list[Figure] = [
        Figure(text[a:b], Decimal(".".join(text[a:b].split(".")[:2])), Decimal(1), None, a, b, "section")
        for a, b in sections
    ]
    for m in _NUMBER.finditer(masked):
        fig = _figure_at(text, masked, m)
        if fig is not None:
            figures.append(fig)
    figures.extend(_hangul_figures(text, masked))
    figures.sort(key=lambda f: f.start)
    return _merge_compound(text, figures)


# Numbers written in words: "육십칠 명", "이백칠십사명", "두 명", "세 곳". They are figures like any other.
_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SINO_SMALL = {"십": 10, "백": 100, "천": 1000}
_SINO_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}
_NATIVE = {"하나": 1, "한": 1, "둘": 2, "두": 2, "셋": 3, "세": 3, "넷": 4, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7,
           "여덟": 8, "아홉": 9, "열": 10}
_WORD_UNITS = "명|원|건|개소|개|곳|과|팀|대|가지|퍼센트|%"
_SINO_RE = re.compile(rf"(?<![가-힣\d])(?P<num>[일이삼사오육칠팔구십백천만억조]{{2,}})\s?(?P<unit>{_WORD_UNITS})")
_NATIVE_RE = re.compile(
    rf"(?<![가-힣\d])(?P<num>{'|'.join(sorted(_NATIVE, key=len, reverse=True))})\s?(?P<unit>{_WORD_UNITS})"
)


def sino_korean_value(word: str) -> int | None:
    """The value of a Sino-Korean numeral ("이백칠십사" → 274), or None when the word is not one."""
    total = group = 0
    digit: int | None = None
    for ch in word:
        if ch in _SINO_DIGITS:
            if digit is not None:
                return None  # two digits in a row: "사이" is not a number
            digit = _SINO_DIGITS[ch]
        elif ch in _SINO_SMALL:
            group += (1 if digit is None else digit) * _SINO_SMALL[ch]
            digit = None
        else:
            group += digit or 0
            digit = None
            total += (group or 1) * _SINO_BIG[ch]
            group = 0
    return total + group + (digit or 0)


def _hangul_figures(text: str, masked: str) -> list[Figure]:
    """Figures written in Korean number words, each with its counter or unit."""
    out: list[Figure] = []
    for pattern in (_SINO_RE, _NATIVE_RE):
        for m in pattern.finditer(masked):
            if re.search(r"\d\s?$", masked[: m.start()]):
                continue  # "1,940 천만원" belongs to the digits before it
            if re.search(r"단위\s*[:：]?\s*$", masked[: m.start()]):
                continue  # "(단위:백만원)" names the unit of a table's cells; it is no amount of 1,000,000원
            word = m.group("num")
            value = _NATIVE.get(word) if pattern is _NATIVE_RE else sino_korean_value(word)
            if value is None:
                continue
            unit = PERCENT if m.group("unit") in ("%", "퍼센트") else m.group("unit")
            out.append(Figure(text[m.start() : m.end()], Decimal(value), Decimal(1), unit, m.start(), m.end()))
    return out


def _figure_at(text: str, masked: str, m: re.Match[str]) -> Figure | None:
    """Turn one number match into a Figure, or None when it is an ordinal, a year or a code."""
    end = m.end("num")
    after = _AFTER.match(masked, end)
    scale_word, unit = after.group("scale"), after.group("unit")
    if after.group("sp") and unit and unit not in (MONEY, PERCENT, POINT):
        unit = None  # "3 과제": a counter must be written right after the number
    if after.group("sp") and not unit:
        stop = after.start("sp")
    else:
        stop = after.end()
    if not scale_word and not unit and _ASCII_AFTER.match(masked, end):
        return None  # 3D, 5G, 10px: a code, not a figure
    if unit is None and scale_word is None and _ORDINAL_AFTER.match(masked, end):
        return None
    digits = m.group("num").replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if scale_word is None and unit is None and "," not in m.group("num") and "." not in digits:
        if 1900 <= value <= 2099:
            return None  # a bare year
    sign = m.group("sign")
    if sign in ("△", "▽", "▼", "-"):
        value = -value
    if scale_word in ("억", "조") and unit is None:
        unit = MONEY  # "19.4억" is money
    start = m.start("sign") if sign else m.start("num")
    return Figure(text[start:stop].strip(), value, SCALES.get(scale_word or "", Decimal(1)), unit, start, stop)


def _merge_compound(text: str, figures: list[Figure]) -> list[Figure]:
    """Join "19억 4천만원" (a 조/억/만 amount followed by a smaller one) into one figure."""
    out: list[Figure] = []
    for fig in figures:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == fig.kind == "number"
            and prev.scale >= SCALES["만"]
            and prev.raw[-1:] in ("조", "억", "만")
            and fig.scale < prev.scale
            and fig.value >= 0
            and text[prev.end : fig.start].strip() == ""
            and fig.unit in (MONEY, None)
            and (fig.unit == MONEY or fig.scale > 1)
        ):
            unit = fig.unit or prev.unit
            merged = Figure(
                text[prev.start : fig.end], prev.magnitude + fig.magnitude, Decimal(1), unit, prev.start, fig.end
            )
            out[-1] = merged
            continue
        out.append(fig)
    return out


# --- evidence --------------------------------------------------------------------------------------


def _digits_of(raw: str) -> str:
    """The number as printed, without sign or unit: "△2,118,769천원" → "2,118,769"."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", raw)
    return m.group() if m else ""


def _unit_of(f: Figure, column: str | None, citation: Citation, grounded_text: str) -> tuple[Decimal, str | None]:
    """(scale, unit) of a cell figure printed without a unit: from the grounded text, the column or a caption."""
    if grounded_text:
        bare = _digits_of(f.raw)
        found = {
            (g.scale, g.unit)
            for g in extract_figures(grounded_text)
            if g.unit and g.kind == "number" and abs(g.value) == abs(f.value) and _digits_of(g.raw) == bare
        }
        if len(found) == 1:
            return found.pop()
    if column and _RATE_LABEL.search(column):
        return Decimal(1), PERCENT
    for label in (column, citation.table, citation.row_path):
        m = _UNIT_IN_LABEL.search(label or "")
        if m:
            fig = extract_figures("1" + (m.group(1) or m.group(2)))
            if fig and fig[0].unit:
                return fig[0].scale, fig[0].unit
    return Decimal(1), None


def cell_figures(citation: Citation, grounded_text: str = "") -> list[Figure]:
    """The figures of a table cell citation's value, with units filled in where the table printed them elsewhere.

    A citation may bundle cells of one row: value "3,952, 2,458, 60.8%" with column "2025 예산현액, 2024 최종예산,
    증감률" (the i-th value belongs to the i-th column when the counts agree)."""
    if citation.value is None:
        return []
    figures = [f for f in extract_figures(citation.value) if f.kind == "number"]
    columns = [part.strip() for part in (citation.column or "").split(", ")]
    if len(columns) != len(figures):
        columns = [citation.column or ""] * len(figures)
    out: list[Figure] = []
    for f, column in zip(figures, columns):
        if f.unit is None:
            scale, unit = _unit_of(f, column, citation, grounded_text)
            f = Figure(f.raw, f.value, scale, unit, f.start, f.end)
        out.append(f)
    return out


def infer_unit(citation: Citation, grounded_text: str = "") -> tuple[Decimal, str | None]:
    """(scale, unit) of a single-cell citation, e.g. 51,701 in a "(단위 : 천원)" table → (1000, "원")."""
    figures = cell_figures(citation, grounded_text)
    return (figures[0].scale, figures[0].unit) if figures else (Decimal(1), None)


def evidence_figures(citations: Sequence[Citation], grounded_text: str = "") -> list[EvidenceFigure]:
    """The figures an answer may state, plus sums/differences of two of them that `grounded_text` states.

    A table cell citation supports its cell value(s) and the numbers of its own row and column labels; a passage
    citation supports every number of its quote and of its section heading. The section path of a cell citation
    does not count: it may hold a heading such as "정원 274명 / 현원 279명" over a cell that says 67명."""
    out: list[EvidenceFigure] = []
    for c in citations:
        if c.value is not None:
            out.extend(EvidenceFigure(c.n, f, "value") for f in cell_figures(c, grounded_text))
            for label in (c.row_path, c.column):
                out.extend(EvidenceFigure(c.n, f, "label") for f in extract_figures(label or "") if f.kind == "number")
        else:
            out.extend(EvidenceFigure(c.n, f, "quote") for f in extract_figures(c.quote))
            out.extend(EvidenceFigure(c.n, f, "section") for f in extract_figures(c.section) if f.kind == "number")
    if grounded_text:
        base = [e.figure for e in out if e.figure.kind == "number"]
        for f in extract_figures(grounded_text):
            if f.kind != "number" or any(_same(f, e.figure) for e in out):
                continue
            if _is_sum_or_difference(f, base) or _is_share_or_rate(f, base):
                out.append(EvidenceFigure(0, f, "derived"))
                # a change stated as its size and a direction word ('200천원 감소') also supports the signed
                # result of its formula ('51,701 − 51,901 = △200')
                out.append(EvidenceFigure(0, replace(f, value=-f.value), "derived"))
    return out


def _is_share_or_rate(f: Figure, base: list[Figure]) -> bool:
    """True when a percentage equals a/b × 100 or (a − b)/b × 100 of two evidence figures of one unit, rounded to
    one decimal as the grounded answer writes it (a share of a total, a change rate the table does not print)."""
    if f.unit != PERCENT:
        return False
    target = abs(f.magnitude)
    for a in base:
        for b in base:
            if a is b or a.unit != b.unit or a.unit == PERCENT or not b.magnitude:
                continue
            for part in (a.magnitude, a.magnitude - b.magnitude):
                if abs(round(abs(part) / abs(b.magnitude) * 100, 1) - target) < Decimal("0.05"):
                    return True
    return False


def _is_sum_or_difference(f: Figure, base: list[Figure]) -> bool:
    """True when |f| equals a+b or |a-b| for two evidence figures of the same unit (a %p figure: a difference of
    two percentages)."""
    target = abs(f.magnitude)
    want = PERCENT if f.unit == POINT else f.unit
    for i, a in enumerate(base):
        for b in base[i + 1 :]:
            if a.unit != b.unit or (want is not None and a.unit is not None and want != a.unit):
                continue
            difference = abs(a.magnitude - b.magnitude)
            if target == difference or (f.unit != POINT and target == abs(a.magnitude + b.magnitude)):
                return True
    return False


def _same(answer: Figure, evidence: Figure, *, decrease: bool = False) -> bool:
    """Whether an answer figure states the evidence figure (units converted; see module docstring)."""
    a_mag, e_mag = answer.magnitude, evidence.magnitude
    values = {a_mag}
    if decrease and a_mag > 0:
        values.add(-a_mag)  # "79,074천원 감소" states △79,074
    if answer.unit is None:
        return bool(values & {e_mag, evidence.value})
    if evidence.unit is None:
        # The evidence has no known unit: a counter or percentage may be named by the answer, an amount may not.
        return answer.unit != MONEY and answer.scale == 1 and bool(values & {evidence.value})
    if answer.unit != evidence.unit:
        return False
    return bool(values & {e_mag})


# --- verification ----------------------------------------------------------------------------------


def is_abstention(text: str) -> bool:
    """Whether `text` is the refusal sentence alone (markers, quotes and punctuation aside)."""
    def squash(s: str) -> str:
        return re.sub(r"[\s\"'“”‘’.。!]", "", _MARKER.sub("", s))

    return squash(text) == squash(ABSTAIN_TEXT)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split at line breaks and after "다." / "요." style endings; trailing [n] stay put."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"\n+|(?<=[가-힣]\.)(?:\s*\[\s*\d+(?:\s*[,，]\s*\d+)*\s*\])*\s+", text):
        end = m.start() if m.group().startswith("\n") else m.end()
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in spans if text[s[0] : s[1]].strip()]


def verify_answer(text: str, citations: Sequence[Citation], grounded_text: str = "") -> VerifyResult:
    """Check every figure and every [n] of an LLM answer against the numbered evidence."""
    if not text.strip():
        return VerifyResult(False, ["빈 답변"], 0)
    if is_abstention(text):
        return VerifyResult(True, [], 0, abstained=True)
    reasons: list[str] = []
    known = {c.n for c in citations}
    found = markers(text)
    cited: list[int] = []
    for n, _, _ in found:
        if n not in known and f"존재하지 않는 근거 번호: [{n}]" not in reasons:
            reasons.append(f"존재하지 않는 근거 번호: [{n}]")
        if n in known and n not in cited:
            cited.append(n)
    if not found:
        reasons.append("근거 번호 [n]이 하나도 없습니다")
    evidence = evidence_figures(citations, grounded_text)
    quotes = " ".join([c.section for c in citations] + [c.quote for c in citations])
    sentences = _sentence_spans(text)
    checked = 0
    for fig in extract_figures(text):
        if fig.kind == "section" and fig.raw in quotes:
            continue
        if fig.raw == "100" and text[: fig.start].rstrip().endswith("×"):
            continue  # the '× 100' of a percentage formula is not a figure
        checked += 1
        decrease = any(w in text[fig.end : fig.end + 12] for w in DECREASE_WORDS)
        matches = [e for e in evidence if _same(fig, e.figure, decrease=decrease)]
        if not matches:
            unitless = [e for e in evidence if e.figure.unit is None and e.figure.value == fig.value]
            if fig.unit == MONEY and unitless:
                reasons.append(f"단위를 확인할 수 없는 수치: {fig.raw}")
            else:
                reasons.append(f"근거에 없는 수치: {fig.raw}")
            continue
        sentence_refs = {
            n for n, a, _ in found for s, e in sentences if s <= fig.start < e and s <= a < e and n in known
        }
        if sentence_refs and not any(e.n in sentence_refs or e.origin == "derived" for e in matches):
            refs = ", ".join(str(n) for n in sorted(sentence_refs))
            reasons.append(f"인용 불일치: {fig.raw}은(는) [{refs}]의 근거와 맞지 않습니다")
    return VerifyResult(not reasons, reasons, checked, cited=cited)
