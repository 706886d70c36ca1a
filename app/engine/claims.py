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
from app.engine.text import compact

_DATE_Q = re.compile(r"(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_DATE_LINE = re.compile(r"(?:['’]?\d{2}(?:\d{2})?\s*\.\s*)?(?<![\d,])(\d{1,2})\s*\.\s*(\d{1,2})\s*\.(?!\s*\d)|(\d{1,2})\s*월\s*(\d{1,2})\s*일")
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


def judge_quantity(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    claim = f.claim
    if claim is None:
        return None
    target = Decimal(str(claim.value))
    seen: list[Any] = []
    for q in quotes:
        for fig in _figures(q):
            if not _same_kind(fig.unit, claim.unit):
                continue
            v = fig.value * fig.scale
            seen.append(fig)
            if claim.comparator == "eq" and abs(v - target) <= Decimal(str(max(claim.step / 2, 1e-9))):
                return Verdict("yes", fig.raw)
    if not seen:
        return None
    if claim.comparator == "eq":
        return Verdict("no", seen[0].raw) if len({f.raw for f in seen}) <= 3 else None
    if len(seen) == 1:  # a bound: only one candidate figure can settle it
        v = float(seen[0].value * seen[0].scale)
        ok = {"gt": v > claim.value, "ge": v >= claim.value, "lt": v < claim.value, "le": v <= claim.value}[claim.comparator]
        return Verdict("yes" if ok else "no", seen[0].raw)
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


def judge_status(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    if f.claim_status not in ("done", "ongoing"):
        return None
    statuses = [compact(m.group(1)) for q in quotes for m in _STATUS.finditer(q)]
    if not statuses or len(set(statuses)) > 1:
        return None
    done = statuses[0] in ("추진완료", "완료")
    yes = done if f.claim_status == "done" else statuses[0] in ("추진중",)
    return Verdict("yes" if yes else "no", statuses[0])


def judge(f: Frame, quotes: Sequence[str]) -> Verdict | None:
    """A verdict on the question's claim from the quoted lines, or None when they do not settle it."""
    for fn in (judge_date, judge_quantity, judge_status):
        v = fn(f, quotes)
        if v is not None:
            return v
    return None


def lead(v: Verdict, lang: str = "ko") -> str:
    """The opening of a yes/no answer."""
    if lang == "en":
        return ("Yes. " if v.verdict == "yes" else "No. ") + f"The reports print {v.evidence}. "
    if v.verdict == "yes":
        return f"네, 맞습니다({v.evidence}). "
    return f"아니요. 문서에는 {v.evidence}(으)로 되어 있습니다. "
