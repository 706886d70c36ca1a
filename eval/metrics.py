"""Pure, deterministic, Korean-safe metrics: numbers are compared as numbers, never as characters.

Nothing here reads files or calls a model. The runner (`eval/runner.py`) feeds these functions with
answer texts, citations as `(doc, line_start, line_end)` and gold lines as `(doc, line)`.

Number semantics (see docs/eval.md):
- thousands separators are ignored: `1,940` == `1940`;
- `△`, `▽`, `▼`, `-` and `−` directly before a number make it negative (Korean budget tables print minus as `△`;
  `▲` marks an increase and is positive, as in the product's parser);
  a number followed by a decrease word (`감소`, `줄어`, `하락`, `축소`, `순감`, `삭감`) is flagged `decrease`;
- money units are scaled to 원 (`천원` ×1,000, `백만원` ×10⁶, `억원` ×10⁸, `만원` ×10⁴, `조원` ×10¹²), so
  `2,179백만원` == `21억 7,900만원`; `%`, `명` and other counters are kept as the unit;
- years (`2026년`, a bare `2025`), dates (`2026. 3. 31.`, `4월`, `13일`), times (`10:00`), citation markers
  (`[1]`), list ordinals (`1)`, `1-1)`), section numbers (`3.9.`) and the `× 100` of a percent formula are
  not quantities.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

# --- number extraction -----------------------------------------------------------------------------

MONEY_UNITS: dict[str, float] = {
    "조원": 1e12,
    "억원": 1e8,
    "천만원": 1e7,
    "백만원": 1e6,
    "십만원": 1e5,
    "만원": 1e4,
    "천원": 1e3,
    "원": 1.0,
}
MAGNITUDES: dict[str, float] = {"조": 1e12, "억": 1e8, "천만": 1e7, "백만": 1e6, "만": 1e4, "천": 1e3}
COUNTERS: tuple[str, ...] = (
    "퍼센트", "개소", "개월", "시간", "사업소", "%", "％", "명", "건", "개", "대", "종", "팀", "과", "국", "곳",
    "회", "배", "식", "인", "차", "주", "분", "년", "월", "일",
)
_DATE_UNITS = {"년", "월", "일"}

_NUM_RE = re.compile(r"(?<![0-9A-Za-z.,])(?P<sign>[△▲▽▼]\s?|[+\-−](?=\d))?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
_APPROX_BEFORE_RE = re.compile(r"(?:약|대략|최대|최소)\s?$")
_APPROX_AFTER_RE = re.compile(r"\s?(?:가량|정도|내외|여)")
_DECREASE_RE = re.compile(r"\s?(?:이|가|로|으로|만큼|이나)?\s?(?:감소|줄어|줄었|하락|축소|순감|삭감|감액)")
# spans whose digits are not quantities
_SKIP_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\[\d+\]"),  # citation markers
    re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)"),  # times
    # dates with a year: 2026. 3. 31. / 2026.4~6월 / 2026-04-01 / 2025년 5. 19.
    re.compile(r"(?<![\d,.])(?:19|20)\d{2}\s?(?:[./\-]|년)\s?\d{1,2}(?:\s?[./\-~]\s?\d{1,2})*\s?[.월일]?(?!\d)"),
    re.compile(r"['’‘]\d{2}(?:\s?\.\s?\d{1,2})*\s?[.년]?"),  # '25. 1.31. / ’25년
    # month.day. or section number 3.9. (a number with two dots and a trailing dot)
    re.compile(r"(?<![\d,.])\d{1,2}\.\s?\d{1,2}\.(?!\d)"),
    re.compile(r"(?<![\d,.])\d+(?:\.\d+){2,}\.?(?!\d)"),  # 3.1.2 section paths
    re.compile(r"(?m)(?:^|(?<=\s))\d+(?:-\d+)*\)"),  # list ordinals "1) " "1-1) " (not "집행액(7)")
    re.compile(r"(?m)^\s*[-*]?\s*\d+\.(?=\s)"),  # "1. " at the start of a line
    re.compile(r"[×*]\s?100(?![\d,.])"),  # the "× 100" of a percent formula
)


@dataclass(frozen=True)
class Number:
    """A number found in a text, with its unit and character span."""

    raw: str  # as printed, sign and unit included, e.g. "△79,074천원"
    value: float  # signed number as printed, before unit scaling, e.g. -79074.0
    scale: float  # unit multiplier to the base unit (천원 → 1000), 1 otherwise
    unit: str  # "원" for money, a counter such as "%" or "명", or "" for a bare number
    decrease: bool  # followed by a decrease word (감소, 줄어, …)
    decimals: int  # digits after the decimal point as printed
    start: int
    end: int
    kind: str = "quantity"  # "quantity" | "year" | "date"
    approx: bool = False  # stated as approximate: "약 101억원", "101억원 가량"
    mag: bool = False  # scaled by a magnitude word outside a money unit: "12만명", "682만", "617억"

    @property
    def base(self) -> float:
        """The value in the base unit (원 for money)."""
        return self.value * self.scale


def _skip_spans(text: str) -> list[tuple[int, int]]:
    """Character spans that hold markers, dates, times, ordinals or section numbers."""
    spans: list[tuple[int, int]] = []
    for pat in _SKIP_PATTERNS:
        spans.extend((m.start(), m.end()) for m in pat.finditer(text))
    return spans


def _read_unit(text: str, pos: int) -> tuple[str, float, int, bool]:
    """Read a unit starting at `pos` (one optional space allowed); returns (unit, scale, end, magnitude word)."""
    p = pos
    if p < len(text) and text[p] == " ":
        p += 1
    for name, scale in MONEY_UNITS.items():
        if text.startswith(name, p):
            return "원", scale, p + len(name), False
    for name, scale in MAGNITUDES.items():
        if text.startswith(name, p) and not text.startswith(name + "원", p):
            q = p + len(name)
            for counter in COUNTERS:
                if text.startswith(counter, q) and counter not in _DATE_UNITS:
                    return _norm_counter(counter), scale, q + len(counter), True
            return "", scale, q, True
    for counter in COUNTERS:
        if text.startswith(counter, p):
            return _norm_counter(counter), 1.0, p + len(counter), False
    return "", 1.0, pos, False


def _norm_counter(counter: str) -> str:
    """Canonical spelling of a counter unit."""
    return "%" if counter in {"%", "％", "퍼센트"} else counter


def extract_numbers(text: str, *, quantities_only: bool = True) -> list[Number]:
    """All numbers in `text` in order; with `quantities_only`, years, dates and markers are left out."""
    text = unicodedata.normalize("NFC", text)
    skips = _skip_spans(text)
    out: list[Number] = []
    for m in _NUM_RE.finditer(text):
        num_start = m.start("num")
        in_skip = any(a <= num_start < b for a, b in skips)
        digits = m.group("num").replace(",", "")
        sign_txt = (m.group("sign") or "").strip()
        value = float(digits)
        if sign_txt in {"△", "▽", "▼", "-", "−"}:
            value = -value
        unit, scale, end, mag = _read_unit(text, m.end())
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        kind = "quantity"
        if unit in _DATE_UNITS:
            kind = "date" if unit != "년" else "year"
        elif in_skip:
            kind = "date"
        elif (unit == "" and scale == 1.0 and "," not in m.group("num") and decimals == 0
              and len(digits) == 4 and 1900 <= value <= 2099):
            kind = "year"
        decrease = bool(_DECREASE_RE.match(text, end))
        approx = bool(_APPROX_BEFORE_RE.search(text, 0, m.start()) or _APPROX_AFTER_RE.match(text, end))
        out.append(Number(text[m.start():end], value, scale, unit, decrease, decimals, m.start(), end, kind, approx, mag))
    out = _merge_compounds(text, out)
    if quantities_only:
        out = [n for n in out if n.kind == "quantity"]
    return out


def _merge_compounds(text: str, nums: list[Number]) -> list[Number]:
    """Join `21억 7,900만원` into one number (a bare 조/억/만 part followed by a smaller part)."""
    merged: list[Number] = []
    for n in nums:
        prev = merged[-1] if merged else None
        if (prev is not None and prev.kind == "quantity" and n.kind == "quantity" and prev.unit == ""
                and prev.scale >= 1e4 and n.scale < prev.scale and n.value >= 0 and prev.value >= 0
                and text[prev.end:n.start].strip() == ""):
            total = prev.base + n.base
            merged[-1] = Number(text[prev.start:n.end], total, 1.0, n.unit, n.decrease, n.decimals, prev.start,
                                n.end, "quantity", prev.approx or n.approx, True)
            continue
        merged.append(n)
    return merged


# --- answer correctness ----------------------------------------------------------------------------


def normalize_text(text: str) -> str:
    """NFC and every whitespace character removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _close(a: float, b: float) -> bool:
    """Equal up to float noise."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def number_matches(gold: Number, got: Number) -> bool:
    """Whether `got` states the same figure as `gold`: same value in a compatible unit and the same sign."""
    if gold.unit == "원" or (gold.unit == "" and gold.scale != 1.0):
        # money or a scaled amount ("101억"): compare in the base unit; the answer must carry a unit too
        units = {"원"} if gold.unit == "원" else {"", "원"}
        if got.unit not in units or not _close(abs(gold.base), abs(got.base)):
            return False
    elif gold.unit:  # a counter: "125명", "12만명" (a magnitude word makes it a different number)
        if gold.mag or got.mag:
            if got.unit != gold.unit or not _close(abs(gold.base), abs(got.base)):
                return False
        elif got.unit not in {gold.unit, ""} or not _close(abs(gold.value), abs(got.value)):
            return False
    else:  # a bare gold number: the printed figure must match; a unit on the answer side is fine, 만/억 is not
        if not ((_close(abs(gold.value), abs(got.value)) and not got.mag) or _close(abs(gold.value), abs(got.base))):
            return False
    # signs: a printed minus must be stated as a minus or as a decrease in words; a printed positive figure is
    # not matched by a minus, unless a decrease word says it is the size of a cut ("△333백만원 삭감")
    if gold.value < 0:
        return got.value < 0 or got.decrease
    return got.value >= 0 or got.decrease


_FULL_NUMBER_RE = re.compile(r"^\s*[△▲+\-−]?\s?[\d,.]+\s?[^\s\d]{0,4}\s*$")


def _is_number_string(s: str) -> bool:
    """A must_contain item that is one number with an optional sign and unit, e.g. `△79,074천원`."""
    if not _FULL_NUMBER_RE.match(s):
        return False
    nums = extract_numbers(s, quantities_only=False)
    return len(nums) == 1 and normalize_text(s) == normalize_text(nums[0].raw)


_DATE_PART_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.")  # "9.30." may follow "'25." in a date


def _contains_text(haystack: str, needle: str) -> bool:
    """Substring test after NFC + whitespace removal that never splits a number (`1국` is not in `11국`)."""
    hay, ned = normalize_text(haystack), normalize_text(needle)
    if not ned:
        return True
    start = 0
    while True:
        i = hay.find(ned, start)
        if i < 0:
            return False
        j = i + len(ned)
        ok_left = not (ned[0].isdigit() and i > 0 and (
            hay[i - 1].isdigit() or hay[i - 1] == "," or (hay[i - 1] == "." and not _DATE_PART_RE.match(ned))))
        ok_right = not (ned[-1].isdigit() and j < len(hay) and (
            hay[j].isdigit() or (hay[j] in ",." and j + 1 < len(hay) and hay[j + 1].isdigit())))
        if ok_left and ok_right:
            return True
        start = i + 1


def as_written_in(gold: Number, gold_answer: str | None) -> list[Number]:
    """A bare gold number and the forms the gold answer itself writes it in with a magnitude word: `22` of a gold
    answer '약 22만명 더 많습니다' is also `22만명` (a figure counted in 만 by the writer, as its operands were)."""
    out = [gold]
    if gold_answer and not gold.unit and gold.scale == 1.0 and not gold.mag:
        out += [n for n in extract_numbers(gold_answer, quantities_only=False)
                if n.mag and _close(abs(n.value), abs(gold.value))]
    return out


def contains_item(answer_text: str, item: str, gold_answer: str | None = None) -> bool:
    """Whether one must_contain item is present: a number as a number, text verbatim (NFC, no whitespace). A bare
    number the gold answer writes with a magnitude word may be stated so (`as_written_in`)."""
    if _is_number_string(item):
        golds = as_written_in(extract_numbers(item, quantities_only=False)[0], gold_answer)
        return any(number_matches(g, got) for got in extract_numbers(answer_text, quantities_only=False) for g in golds)
    if _contains_text(answer_text, item):
        return True
    # mixed text such as "정원 274명": every number as a number and every word piece present
    gold_nums = extract_numbers(item, quantities_only=False)
    if not gold_nums:
        return False
    got_nums = extract_numbers(answer_text, quantities_only=False)
    if not all(any(number_matches(g, n) for n in got_nums) for g in gold_nums):
        return False
    rest = item
    for g in sorted(gold_nums, key=lambda n: -n.start):
        rest = rest[:g.start] + " " + rest[g.end:]
    pieces = [p for p in re.split(r"[\s,.()·:/~\-]+", rest) if len(p) >= 2]
    return all(_contains_text(answer_text, p) for p in pieces)


def alternatives_for(must_contain: Sequence[str], alt_forms: object) -> list[list[str]]:
    """Accepted forms for each must_contain item: the item itself plus its `alt_forms`.

    `alt_forms` may be a mapping item → alternative(s), a list parallel to `must_contain` (each entry a string
    or a list), or a flat list of strings; a flat-list entry applies to the items with the same digits (`1940`
    for `1,940`), or to every item when it has no digits.
    """
    forms = [[m] for m in must_contain]
    if not alt_forms:
        return forms
    if isinstance(alt_forms, Mapping):
        for i, m in enumerate(must_contain):
            extra = alt_forms.get(m, [])
            forms[i].extend([extra] if isinstance(extra, str) else list(extra))
        return forms
    if not isinstance(alt_forms, (list, tuple)):
        raise TypeError(f"alt_forms must be a mapping or a list, got {type(alt_forms).__name__}")
    if len(alt_forms) == len(must_contain) and any(isinstance(a, (list, tuple)) for a in alt_forms):
        for i, extra in enumerate(alt_forms):
            if extra:
                forms[i].extend([extra] if isinstance(extra, str) else list(extra))
        return forms
    for alt in alt_forms:
        if not isinstance(alt, str):
            raise TypeError(f"alt_forms entries must be strings, got {alt!r}")
        alt_digits = re.sub(r"\D", "", alt)
        for i, m in enumerate(must_contain):
            if (alt_digits and alt_digits == re.sub(r"\D", "", m)) or (not alt_digits and not re.search(r"\d", m)):
                forms[i].append(alt)
    return forms


def computed_result(formula: str) -> Number | None:
    """The result of a `computed` formula such as `185,838,410 - 179,524,030 = 6,314,380` (right of `=`)."""
    if "=" not in formula:
        return None
    nums = extract_numbers(formula.rsplit("=", 1)[1], quantities_only=False)
    return nums[0] if nums else None


def check_formula(formula: str) -> bool:
    """Whether a `computed` formula of the form `a op b [op c …] = r` is arithmetically right."""
    left, _, right = formula.rpartition("=")
    if not left:
        return False
    counted = re.fullmatch(r"\s*count\((.+)\)\s*", left)
    if counted:  # 'count(A | B | C) = 3': the number of items listed
        result = computed_result(formula)
        return result is not None and result.value == len([x for x in counted.group(1).split("|") if x.strip()])
    tokens = re.findall(r"△?\d[\d,]*(?:\.\d+)?|[+\-−×x*/÷]", left)
    result = computed_result(formula)
    if not tokens or result is None:
        return False
    total: float | None = None
    op = "+"
    for tok in tokens:
        if tok in {"+", "-", "−", "×", "x", "*", "/", "÷"}:
            op = tok
            continue
        v = float(tok.replace(",", "").replace("△", "-"))
        if total is None:
            total = v
        elif op == "+":
            total += v
        elif op in {"-", "−"}:
            total -= v
        elif op in {"×", "x", "*"}:
            total *= v
        else:
            total = total / v if v else math.inf
    assert total is not None
    if op in {"/", "÷"} and result.unit == "%":
        total *= 100
    tol = 0.5 * 10 ** -result.decimals + 1e-9
    return abs(total - result.value) <= tol


@dataclass(frozen=True)
class Correctness:
    correct: bool
    missing: tuple[str, ...]  # must_contain items (or the computed result) not found


def answer_correctness(answer_text: str, must_contain: Sequence[str], alt_forms: object = None,
                       computed: str | None = None, gold_answer: str | None = None) -> Correctness:
    """Every must_contain item (or one of its alternatives) and the computed result must be present. `gold_answer`:
    the item's gold answer, which says in what magnitude a bare gold number is meant (`as_written_in`)."""
    missing: list[str] = []
    for forms in alternatives_for(must_contain, alt_forms):
        if not any(contains_item(answer_text, f, gold_answer) for f in forms) and forms[0] not in missing:
            missing.append(forms[0])
    if computed:
        res = computed_result(computed)
        if res is None:
            raise ValueError(f"computed formula {computed!r} has no result after '='; expected 'a - b = c'")
        got = extract_numbers(answer_text, quantities_only=False)
        golds = [_unsigned(g) for g in as_written_in(res, gold_answer)]
        if not any(number_matches(g, _unsigned(n)) for n in got for g in golds) and res.raw.strip() not in missing:
            missing.append(res.raw.strip())
    return Correctness(not missing, tuple(missing))


def _unsigned(n: Number) -> Number:
    """The same number without its sign (a computed difference may be stated as an increase or decrease)."""
    return Number(n.raw, abs(n.value), n.scale, n.unit, False, n.decimals, n.start, n.end, n.kind, n.approx, n.mag)


# --- numeric grounding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Grounding:
    n_numbers: int
    n_grounded: int
    ungrounded: tuple[str, ...]

    @property
    def score(self) -> float:
        """Share of grounded numbers; 1.0 for an answer with no numbers."""
        return 1.0 if self.n_numbers == 0 else self.n_grounded / self.n_numbers


def numeric_grounding(answer_text: str, quotes: Iterable[str], context: Iterable[str] = ()) -> Grounding:
    """Share of quantities in the answer found in a cited quote or derived from two (sum, difference, ratio, rate).

    Any number printed in a quote or in `context` (e.g. the cited section paths) grounds itself; only the
    quantities of the quotes (not years, dates or ordinals) are combined into sums, differences and ratios.
    """
    direct: list[tuple[float, str]] = []  # (|figure|, unit) printed in a quote or the context
    approx_pool: list[float] = []  # for "약 …": bare table figures may be in 천원 or 백만원 (unit in the header)
    operands: set[float] = set()
    repeated: set[float] = set()  # a figure printed twice may be subtracted from or added to itself
    for q in quotes:
        for s in extract_numbers(q, quantities_only=False):
            direct.extend((v, s.unit) for v in {abs(s.value), abs(s.base)})
            approx_pool.append(abs(s.base))
            if s.unit == "" and s.scale == 1.0:
                approx_pool.extend((abs(s.value) * 1e3, abs(s.value) * 1e6))
            if s.kind == "quantity":
                for v in {abs(s.value), abs(s.base)}:
                    (repeated if v in operands else operands).add(v)
    for c in context:
        for s in extract_numbers(c, quantities_only=False):
            direct.extend((v, s.unit) for v in {abs(s.value), abs(s.base)})
    exact: set[float] = {0.0, *(round(2 * v, 6) for v in repeated)} if repeated else set()
    ratios: list[float] = [1.0, 100.0, 0.0] if repeated else []
    vals = sorted(operands)
    for i, a in enumerate(vals):
        for b in vals[i + 1:]:
            exact.add(round(a + b, 6))
            exact.add(round(b - a, 6))
            if a:  # ratios and rates of change (증감률), in both directions, as shares and percents
                ratios.extend((b / a, a / b, 100 * a / b, 100 * b / a, 100 * (b - a) / a, 100 * (b - a) / b))
    ratios.sort()
    approx_pool.sort()
    nums = extract_numbers(answer_text)
    bad: list[str] = []
    for n in nums:
        cands = {abs(n.value), abs(n.base)}
        # a printed figure grounds the same figure in a compatible unit (a bare table cell fits any unit)
        if any(_close(c, d) and (unit == n.unit or "" in (unit, n.unit)) for c in cands for d, unit in direct):
            continue
        if any(round(c, 6) in exact for c in cands):
            continue
        # "약 101억원": a cited figure rounded to the precision printed in the answer's own unit
        if n.approx and n.scale != 1.0 and _any_within(approx_pool, abs(n.value) * n.scale,
                                                       0.5 * 10 ** -n.decimals * n.scale):
            continue
        # a ratio grounds only a share: a percent, a multiple (배) or a bare decimal, never a count like 36명
        is_share = n.unit in {"%", "배"} or (n.unit == "" and n.scale == 1.0 and n.decimals > 0)
        if is_share and _any_within(ratios, abs(n.value), 0.5 * 10 ** -n.decimals):
            continue
        bad.append(n.raw.strip())
    return Grounding(len(nums), len(nums) - len(bad), tuple(bad))


def _any_within(sorted_vals: list[float], x: float, tol: float) -> bool:
    """Whether some value of a sorted list lies in [x - tol, x + tol) (round-half-up display)."""
    import bisect

    i = bisect.bisect_left(sorted_vals, x - tol - 1e-9)
    return i < len(sorted_vals) and sorted_vals[i] < x + tol - 1e-12


# --- citations and retrieval -----------------------------------------------------------------------

Span = tuple[str, int, int]  # (doc, line_start, line_end), 1-based inclusive
GoldLine = tuple[str, int]  # (doc, line)


def span_hits(span: Span, gold: GoldLine, slack: int = 1) -> bool:
    """A cited line range hits a gold line when the docs match and the range contains it (±`slack`)."""
    doc, a, b = span
    gdoc, line = gold
    return doc == gdoc and a - slack <= line <= b + slack


def first_hit_rank(spans: Sequence[Span], gold: Iterable[GoldLine], slack: int = 1) -> int | None:
    """1-based rank of the first span that hits any gold line, or None."""
    gold = list(gold)
    for rank, sp in enumerate(spans, 1):
        if any(span_hits(sp, g, slack) for g in gold):
            return rank
    return None


def hit_at_k(rank: int | None, k: int) -> float:
    """1.0 when the first hit is within the top k."""
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None) -> float:
    """1/rank of the first hit, 0 when none."""
    return 0.0 if rank is None else 1.0 / rank


def citation_precision(spans: Sequence[Span], gold: Iterable[GoldLine], slack: int = 1) -> float:
    """Share of citations that hit a gold line (1.0 when there is no citation and no gold)."""
    gold = list(gold)
    if not spans:
        return 1.0 if not gold else 0.0
    return sum(any(span_hits(sp, g, slack) for g in gold) for sp in spans) / len(spans)


def citation_recall(spans: Sequence[Span], gold: Iterable[GoldLine], slack: int = 1) -> float:
    """Share of gold lines covered by some citation (1.0 when there is no gold line)."""
    gold = list(gold)
    if not gold:
        return 1.0
    return sum(any(span_hits(sp, g, slack) for sp in spans) for g in gold) / len(gold)


# --- aggregates ------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    if not values:
        return math.nan
    if not 0 <= p <= 100:
        raise ValueError(f"percentile p={p} is outside 0..100")
    s = sorted(values)
    k = max(1, math.ceil(p / 100 * len(s)))
    return s[k - 1]


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; NaN for no values."""
    return sum(values) / len(values) if values else math.nan


# --- direction of a change -------------------------------------------------------------------------
# Containment cannot see direction: "36명 … 37명 대비 △1명 감소" contains every figure of a gold answer that says
# the staff went from 36 to 37. These functions read the direction a text states, independently of app/.

INCREASE, DECREASE = "increase", "decrease"
# change words only: a plain comparative (`많습니다`, `적습니다`) depends on which figure is the subject, so it
# is not read as a direction; `많아지`/`적어지` (became more/fewer) are changes
_INC_WORDS = ("증가", "늘었", "늘어", "늘려", "늘렸", "늘린", "늘고", "상승", "순증", "증액", "많아지", "많아졌", "많아진")
_DEC_WORDS = ("감소", "줄었", "줄어", "줄여", "줄였", "줄인", "줄고", "하락", "순감", "삭감", "감액", "적어지",
              "적어졌", "적어진")
# `감액` inside `증감액` (the change column's name) is no direction
_DIR_RE = re.compile("(?<!증)(?:" + "|".join(sorted(_INC_WORDS + _DEC_WORDS, key=len, reverse=True)) + ")")
# "줄지 않았", "감소하지는 않", "증가는 없", "늘어나지 못": a negated change word states no direction
_NEG_AFTER_RE = re.compile(r"[가-힣]{0,3}?\s?(?:지\s?(?:는|도|가)?\s?(?:않|못|말)|(?:은|는|이|가|도)?\s?없)")
_NEG_BEFORE_RE = re.compile(r"(?<![가-힣])(?:안|못)\s?$")
_SENTENCE_END_RE = re.compile(r"(?<=[다요음함임])\.(?!\d)|\n")
_YEAR_TAG_RE = re.compile(r"(?<![\d,.])((?:19|20)\d{2})(?![\d,])|['’‘](\d{2})(?=\s?[.년])")
_FORMULA_RE = re.compile(r"(?P<a>[△▲\-−]?\s?\d[\d,]*(?:\.\d+)?)[^\d=△▲\-−+×*/÷]{0,6}\s?[\-−]\s?"
                         r"(?P<b>[△▲]?\s?\d[\d,]*(?:\.\d+)?)[^\d=]{0,6}=\s?(?P<c>[△▲\-−]?\s?\d[\d,]*(?:\.\d+)?)")


@dataclass(frozen=True)
class DirectionStatement:
    """A direction stated in a text and the figures it is tied to (those before it in its sentence)."""

    direction: str  # INCREASE | DECREASE
    figures: tuple[float, ...]  # absolute values (as printed and in the base unit) of the tied figures
    start: int


def _figure_values(nums: Iterable[Number]) -> tuple[float, ...]:
    """Absolute values of numbers, as printed and in the base unit (so `51,901` meets `51,901천원`)."""
    out: set[float] = set()
    for n in nums:
        out.update({abs(n.value), abs(n.base)})
    return tuple(sorted(out))


def _negated(text: str, m: re.Match[str]) -> bool:
    """Whether a change word is negated (`줄지 않았`, `감소하지는 않`, `증가는 없`, `안 늘었`)."""
    if _NEG_BEFORE_RE.search(text, max(0, m.start() - 3), m.start()):
        return True
    return bool(_NEG_AFTER_RE.match(text, m.end()))


def _word_direction(word: str) -> str:
    """INCREASE or DECREASE for a change word."""
    return INCREASE if word in _INC_WORDS else DECREASE


def direction_words(text: str) -> tuple[list[DirectionStatement], bool]:
    """Change words of a text with the figures before them in their sentence; True when a word is negated."""
    text = unicodedata.normalize("NFC", text)
    nums = extract_numbers(text)
    bounds = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    out: list[DirectionStatement] = []
    negated = False
    prev_end = 0
    for m in _DIR_RE.finditer(text):
        if _negated(text, m):
            negated = True
            continue
        start = max([prev_end, *(b for b in bounds if b <= m.start())])
        tied = [n for n in nums if start <= n.start and n.end <= m.start()]
        out.append(DirectionStatement(_word_direction(m.group()), _figure_values(tied), m.start()))
        prev_end = m.end()
    return out, negated


def _formula_statements(text: str) -> list[DirectionStatement]:
    """`계산: a − b = △c` in an answer states a decrease (a negative result); a positive result states nothing."""
    out: list[DirectionStatement] = []
    for m in _FORMULA_RE.finditer(unicodedata.normalize("NFC", text)):
        c = m.group("c").replace(" ", "")
        if c[0] in "△▲-−":
            nums = [n for g in ("a", "b", "c") for n in extract_numbers(m.group(g), quantities_only=False)]
            out.append(DirectionStatement(DECREASE, _figure_values(nums), m.start()))
    return out


def stated_directions(answer_text: str) -> list[DirectionStatement]:
    """Every direction an answer states: change words (not negated) and the sign of a `a − b = △c` formula."""
    words, _ = direction_words(answer_text)
    return sorted(words + _formula_statements(answer_text), key=lambda s: s.start)


def _year_tags(text: str, nums: Sequence[Number]) -> list[tuple[int, ...]]:
    """For each number, the years written between the previous number and it, nearest first."""
    tags: list[tuple[int, ...]] = []
    prev = 0
    for n in nums:
        years = [int(m.group(1)) if m.group(1) else 2000 + int(m.group(2))
                 for m in _YEAR_TAG_RE.finditer(text, prev, n.start)]
        tags.append(tuple(reversed(years)))
        prev = n.end
    return tags


def _sign(x: float) -> str | None:
    """INCREASE for a positive change, DECREASE for a negative one, None for zero."""
    return INCREASE if x > 0 else DECREASE if x < 0 else None


@dataclass(frozen=True)
class GoldDirection:
    """The direction of the change a gold item is about, and the figures that identify that change."""

    direction: str | None  # INCREASE | DECREASE | None (no clear direction: not checked)
    figures: tuple[float, ...]
    sources: tuple[str, ...]  # which readings agreed: "words", "computed", "years"


def gold_direction(answer: str, computed: str | None = None) -> GoldDirection:
    """The gold direction from the gold answer's change words, the sign of a `later − earlier` computed result
    and a pair of figures tied to two different years; any disagreement, negation or doubt gives None."""
    text = unicodedata.normalize("NFC", answer or "")
    readings: dict[str, str] = {}
    figures: set[float] = set()
    words, negated = direction_words(text)
    word_dirs = {s.direction for s in words}
    if negated or len(word_dirs) > 1:
        return GoldDirection(None, (), ())
    if word_dirs:
        readings["words"] = word_dirs.pop()
        for s in words:
            figures.update(s.figures)
    nums = extract_numbers(text)
    tags = _year_tags(text, nums)
    tag_of: dict[float, set[tuple[int, ...]]] = {}
    for n, t in zip(nums, tags):
        if t:
            for v in {abs(n.value), abs(n.base)}:
                tag_of.setdefault(v, set()).add(t)
    if computed:
        m = re.fullmatch(r"\s*([△▲\-−]?\s?\d[\d,]*(?:\.\d+)?)\s?[\-−]\s?(\d[\d,]*(?:\.\d+)?)\s?=\s?(.+?)\s*", computed)
        res = computed_result(computed)
        if m and res is not None:
            a, b = (abs(extract_numbers(g, quantities_only=False)[0].value) for g in m.groups()[:2])
            ta, tb = tag_of.get(a, set()), tag_of.get(b, set())
            figures.update({a, b, abs(res.value)})
            if len(ta) == 1 and len(tb) == 1 and ta != tb:
                later_first = next(iter(ta)) > next(iter(tb))
                d = _sign(res.value if later_first else -res.value)
                if d:
                    readings["computed"] = d
    tagged = [(n, t) for n, t in zip(nums, tags) if t]
    if len(tagged) == 2:
        (n1, t1), (n2, t2) = tagged
        if n1.unit == n2.unit and n1.scale == n2.scale and t1 != t2 and n1.value >= 0 and n2.value >= 0:
            later, earlier = (n1, n2) if t1 > t2 else (n2, n1)
            d = _sign(later.base - earlier.base)
            # the pair is a change only when no other figure of its unit is written, except their difference
            others = [n for n in nums if n is not n1 and n is not n2 and n.unit == n1.unit]
            if d and all(_close(abs(n.base), abs(later.base - earlier.base)) for n in others):
                readings["years"] = d
                figures.update({*_figure_values([n1, n2]), abs(later.base - earlier.base),
                                abs(later.value - earlier.value)})
    if len(set(readings.values())) != 1:
        return GoldDirection(None, (), tuple(readings))
    return GoldDirection(next(iter(readings.values())), tuple(sorted(figures)), tuple(readings))


def _shares_figure(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether two sets of figure values share one."""
    return any(_close(x, y) for x in a for y in b)


def direction_check(answer_text: str, gold: GoldDirection) -> str:
    """`reversed` when the answer states only the opposite of the gold direction for the gold's change,
    `ok` when it does not, `unchecked` when the gold has no clear direction.

    A statement counts when it is tied to a figure of the gold's change; one tied to no figure counts only when
    the gold's change has no figures either (a statement about another change, e.g. a rate, is not judged).
    """
    if gold.direction is None:
        return "unchecked"
    relevant = [s for s in stated_directions(answer_text)
                if (_shares_figure(s.figures, gold.figures) if s.figures and gold.figures
                    else not s.figures and not gold.figures)]
    stated = {s.direction for s in relevant}
    return "reversed" if stated and gold.direction not in stated else "ok"


# --- yes/no questions --------------------------------------------------------------------------------

_YES_RE = re.compile(r"^\W*(?:네|예|맞습니다|맞아요|맞아|그렇습니다|yes\b|correct\b|true\b)", re.IGNORECASE)
_NO_RE = re.compile(r"^\W*(?:아니요|아니오|아뇨|아닙니다|아니에요|아니|틀립니다|no\b|incorrect\b|false\b)", re.IGNORECASE)


_UNDERSTOOD_RE = re.compile(r"^\s*'.*?'\(으\)로 이해했습니다\.\s*", re.S)  # a follow-up's reading, said first


def verdict_of(answer_text: str) -> str | None:
    """'yes' or 'no' when the answer opens with a yes/no word (네/예/맞습니다/Yes, 아니요/아닙니다/No), else None.
    A follow-up's answer opens with what it was read as ('…'(으)로 이해했습니다.); the answer proper comes after."""
    text = _UNDERSTOOD_RE.sub("", unicodedata.normalize("NFC", answer_text or ""), count=1)
    if _NO_RE.match(text):
        return "no"
    if _YES_RE.match(text):
        return "yes"
    return None
