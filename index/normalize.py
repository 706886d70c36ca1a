"""Text normalisation for search (display text always stays original) and number parsing.

- `nfc`: Unicode NFC.
- `collapse_spacing`: joins letter-spaced Hangul/digits (`보 조 금` → `보조금`, `2 0 2 5 년` → `2025년`) without
  merging real words: a run needs three or more single-character tokens (two when the run is the whole text, as
  in a table cell `구 분`) and never swallows a function word such as `및`.
- `strip_html`: removes tags (`<p>`, `<ul …>`, `<input type="checkbox"/>` used as a bullet) keeping their text.
- `fix_slips`: a small table of conversion slips seen in the reports (`일반기계` → `일반회계`, …), see `SLIPS`.
- `normalize_text`: all of the above, for search text and labels.
- `parse_value`: a table cell → `ParsedValue` (number, flag, unit hint) or None when the cell is not numeric.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Conversion slips seen in the reports (OCR / HWP conversion errors), applied after spacing collapse.
# Each entry: (pattern, replacement, note). Patterns are regular expressions on normalised text.
SLIPS: list[tuple[str, str, str]] = [
    (r"일반기계", "일반회계", "account name: 회계 misread as 기계"),
    (r"특별기계", "특별회계", "account name: 회계 misread as 기계"),
    (r"입시적", "임시적", "임시적세외수입"),
    (r"최증예산", "최종예산", "column header `최 증 예 산`"),
    (r"원격이증화", "원격이중화", "remote duplication (DR)"),
    (r"증감륜", "증감률", "column header `증 감 륜`"),
    (r"사량의\s?PC", "사랑의PC", "programme name"),
    (r"공공외이파이", "공공와이파이", "public Wi-Fi"),
    # `서울온` is the city's app; `서울은` only when it names the app (followed by 앱/기반/복지 or in parentheses).
    (r"서울은(?=\s*(?:앱|기반|복지|\(|\)))", "서울온", "app name 서울온"),
]
_SLIP_RES = [(re.compile(p), r) for p, r, _ in SLIPS]

# Single tokens that are real words on their own and must never be glued into a neighbour.
_FUNCTION_WORDS = {"및", "등", "또는", "또", "의", "→", "~"}
_SINGLE = re.compile(r"^(?:[가-힣]|\d|·)$")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")  # HTML only: `<추진절차(…)>` is text
_INPUT_BULLET = re.compile(r"<input\b[^<>]*>", re.I)
_WS = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def strip_html(text: str) -> str:
    """Remove HTML tags, keeping their text; checkbox inputs used as bullets become `□`."""
    if "<" not in text:
        return text
    text = _INPUT_BULLET.sub(" □ ", text)
    text = _TAG.sub(" ", text)
    return _WS.sub(" ", text).strip()


def collapse_spacing(text: str) -> str:
    """Join letter-spaced runs of single Hangul syllables or digits (`예 산 현 액` → `예산현액`)."""
    tokens = text.split(" ")
    if len(tokens) < 2:
        return text
    if len(tokens) >= 3 and all(_SINGLE.match(t) for t in tokens):
        return "".join(tokens)  # a wholly letter-spaced label: `자 체 보 조 금 등 반 환 수 입`
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and _SINGLE.match(tokens[j]) and tokens[j] not in _FUNCTION_WORDS:
            j += 1
        run = j - i
        if run >= 3 or (run == 2 and len(tokens) == 2):
            out.append("".join(tokens[i:j]))
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


def join_split_label(first: str, second: str) -> str:
    """A label split across two tab cells (`보` + `조 금`, `보` + `전 수입 등`) → one normalised label."""
    first, second = first.strip(), second.strip()
    if not first:
        return normalize_text(second)
    if not second:
        return normalize_text(first)
    joined = normalize_text(first + " " + second)
    if len(first) == 1 and joined.startswith(first + " "):
        joined = first + joined[2:]
    return joined


def fix_slips(text: str) -> str:
    """Apply the conversion-slip table `SLIPS`."""
    for rx, rep in _SLIP_RES:
        text = rx.sub(rep, text)
    return text


def normalize_text(text: str) -> str:
    """NFC, HTML stripped, whitespace collapsed, letter spacing collapsed, slips fixed (for search and labels)."""
    text = strip_html(nfc(text))
    text = _WS.sub(" ", text.replace("\t", " ")).strip()
    text = collapse_spacing(text)
    return fix_slips(text)


def normalize_cell(text: str) -> str:
    """Normalise one table cell; spaces inside a letter-spaced cell are joined (`구 분` → `구분`)."""
    return normalize_text(text)


# --- numbers -----------------------------------------------------------------------------------------

FLAGS = ("순증", "순감", "회계 변경", "회계변경")
_NUM = r"[△▲▽+\-−]?\s?\d[\d,]*(?:\.\d+)?"
_VALUE = re.compile(
    rf"^(?P<num>{_NUM})\s*(?P<unit>%|명|식|건|개|천원|백만원|억원|원)?"
    rf"(?:\s*\(\s*(?P<share>{_NUM})\s*%\s*\))?$"
)


@dataclass(frozen=True)
class ParsedValue:
    """A numeric or flagged table cell."""

    raw: str  # the cell as printed (stripped)
    value: float | None
    flag: str | None  # 순증 / 순감 / 회계 변경 / "-"
    unit: str | None  # unit printed in the cell, e.g. "명", "식", "%"


def parse_number(num: str) -> float:
    """`△79,074` → -79074.0, `+1` → 1.0, `1,234.5` → 1234.5."""
    s = num.replace(" ", "").replace(",", "")
    sign = 1.0
    if s and s[0] in "△▲▽-−":
        sign = -1.0 if s[0] in "△▽-−" else 1.0
        s = s[1:]
    elif s.startswith("+"):
        s = s[1:]
    return sign * float(s)


def parse_value(cell: str) -> ParsedValue | None:
    """Parse a table cell: a number (`51,701`, `△79,074`, `24.8%`, `67명`, `58 (21.2%)`), a flag, or `-`."""
    raw = cell.strip()
    if not raw:
        return None
    if raw in {"-", "−", "–"}:
        return ParsedValue(raw, None, "-", None)
    compact = raw.replace(" ", "")
    for flag in FLAGS:
        if compact == flag.replace(" ", ""):
            return ParsedValue(raw, None, "회계 변경" if "회계" in flag else flag, None)
    m = _VALUE.match(raw)
    if not m:
        return None
    return ParsedValue(raw, parse_number(m.group("num")), None, m.group("unit"))


def is_numeric_cell(cell: str) -> bool:
    """True for cells that must become table records (numbers, △ numbers, %, N명, N식, 순증/순감/회계 변경)."""
    pv = parse_value(cell)
    return pv is not None and pv.flag != "-"
