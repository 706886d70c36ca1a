"""The typed frame a question becomes: what operation, over which things, for which measure and year.

Every stage reads and fills this one object (parse → link → plan → execute → render); no stage reaches back
into another's patterns. `Frame.standalone()` writes the frame back as a plain Korean question in the reports'
own words, which is how a follow-up or an English question is handed to the readers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from app.engine.link import Linked
from app.engine.text import josa

COMPARATOR_WORDS = {"gt": "넘는", "ge": "이상인", "lt": "미만인", "le": "이하인", "eq": "인"}


def compare(v: float, comp: str, bound: float) -> bool:
    """Whether v stands to bound as the comparator says (gt, ge, lt, le, eq)."""
    eps = 1e-9
    return {"gt": v > bound + eps, "ge": v >= bound - eps, "lt": v < bound - eps, "le": v <= bound + eps,
            "eq": abs(v - bound) <= eps}[comp]


# a frame note: one year's figure asked as two reports print it (its own report's, and the next one's)
ONE_YEAR_TWO_REPORTS = "one year as two reports print it"


@dataclass(frozen=True)
class Quantity:
    """A number the question states ('67명', '40%', '10억'), with a comparator when it is a bound."""

    value: float  # the magnitude: in 원 for money ('10억' → 1e9), else as written
    unit: str | None  # '원' for money, '%', or a counter ('명', '건', '식', '개소' …)
    raw: str
    comparator: str = "eq"  # eq, gt, ge, lt, le
    start: int = 0  # position in the compact question
    step: float = 1.0  # the precision it was written with, in the same unit ('610억' → 1e8)

    def base(self) -> float:
        return self.value


@dataclass(frozen=True)
class Condition:
    """A filter on items: measure, comparator and bound ('집행률이 40%도 안 되는' → exec_rate lt 40)."""

    metric: str | None
    comparator: str  # gt, ge, lt, le, eq, neg (a decrease), pos (an increase), flag (a printed mark: '순증')
    bound: Quantity | None = None
    other: str | None = None  # a second measure of the same row as the bound ('현원이 정원보다 많은')
    flag: str | None = None  # the mark a cell prints instead of a number ('순증', '순감', '회계 변경'), for 'flag'

    def describe(self, names: dict[str, str]) -> str:
        name = names.get(self.metric or "", self.metric or "")
        if self.comparator == "flag":
            return f"{josa(name, '이/가')} '{self.flag}'인"
        if self.comparator == "neg":
            return f"{josa(name, '이/가')} 감소한"
        if self.comparator == "pos":
            return f"{josa(name, '이/가')} 증가한"
        if self.other is not None:
            other = names.get(self.other, self.other)
            return f"{josa(name, '이/가')} {other}보다 {'많은' if self.comparator in ('gt', 'ge') else '적은'}"
        assert self.bound is not None
        return f"{josa(name, '이/가')} {self.bound.raw} {COMPARATOR_WORDS.get(self.comparator, '')}".strip()


@dataclass
class Frame:
    question: str  # as asked
    text: str  # the Korean question the engine reads (English translated, typos corrected)
    key: str  # `text` without spaces
    lang: str = "ko"  # language of the question ("ko", "en")
    op: str = "lookup"  # lookup, rank, count, list, sum, diff, ratio, verify, define, when, where, who, status
    years: list[int] = field(default_factory=list)  # asked years (explicit or relative), question order
    year_explicit: bool = False
    report_year: int | None = None  # a report named by its year ('2025년 업무보고 기준')
    units: list[str] = field(default_factory=list)  # departments named (display form)
    rows: list[str] = field(default_factory=list)  # table row labels named
    parts: list[str] = field(default_factory=list)  # breakdown columns named ('행정', '완료')
    projects: list[Any] = field(default_factory=list)  # vocab Entries of projects named
    terms: list[str] = field(default_factory=list)  # glossary terms, teams and other named things (display)
    project_score: float = 0.0  # how much of the project's title the question repeats (0-1+)
    member: str | None = None  # two-step: a team named for the unit it belongs to ('지도서비스팀 있는 과')
    subject: str | None = None  # two-step: the words naming what the unit does ('EDR 확대 설치')
    subject_rest: str | None = None  # two-step: what is asked of that unit ('정원보다 몇 명 모자라?')
    after: str | None = None  # rank: the item named as the one before the answer ('데이터센터 다음으로 큰 부서')
    cited: list[tuple[str, int, str]] = field(default_factory=list)  # a follow-up's context: lines the last answer cited
    metrics: list[str] = field(default_factory=list)  # measures asked, question order
    klass: str | None = None  # what a ranking/count ranges over: department, project, revenue, job
    order: str | None = None  # desc / asc
    k: int = 1
    conditions: list[Condition] = field(default_factory=list)
    claim: Quantity | None = None  # verify: the value stated
    claim_direction: str | None = None  # verify: 'pos' (늘었지?) or 'neg'
    claim_status: str | None = None  # verify: 'done' (끝났어?), 'ongoing', 'exists' (편성되어 있나요?), 'unfunded' (비예산 맞지?)
    linked: Linked | None = None
    corrected: bool = False  # a typo or partial name was read as an index name
    notes: list[str] = field(default_factory=list)
    sub: "Frame | None" = None  # two-step: the frame whose answer fills this one's unit
    first_key: str = ""  # two-step of two clauses: the clause that picks the first step's thing ('…항목은 뭐고')
    then_order: str | None = None  # … whose second clause ranks the items under that thing: 'asc' / 'desc'
    resolved_from: str | None = None  # a follow-up: the standalone question it was read as
    among: tuple[str, ...] | None = None  # the units a class of departments is kept to ('사업소 빼고', '사업소 중')
    among_said: str = ""  # how the question said it, for the answer ('사업소 제외')
    counted_in: str | None = None  # the one table whose cells count in the counter asked ('몇 식'), linked by it
    scope: list[str] = field(default_factory=list)  # a follow-up of a total: the kind of table and 'whole' asked before ('세입 전체')

    @property
    def metric(self) -> str | None:
        return self.metrics[0] if self.metrics else None

    @property
    def year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def asks_team(self) -> bool:
        """Whether the question asks which team (팀), not which 과, is responsible ('담당팀은?', '어느 팀이 맡아?');
        cues in data/lexicon.json team_asked, read on the question as asked (a follow-up's own words)."""
        from app.engine.lexicon import raw_lexicon
        from app.engine.text import compact

        sec = raw_lexicon().get("team_asked", {})
        said = compact(self.question) + " " + self.key
        low = self.question.lower()
        return any(compact(c) in said for c in sec.get("cues", [])) or any(w in low for w in sec.get("english", []))

    def with_(self, **kw: Any) -> "Frame":
        return replace(self, **kw)

    def written_years(self) -> list[int]:
        """The years asked that the question writes in digits ('2024년', '24년'), not relative words ('작년')."""
        return [y for y in self.years if re.search(rf"{y}|(?<!\d){y % 100:02d}\s*년", self.text)]

    def entities(self) -> list[str]:
        """Everything named, in a stable order (units, rows, parts, projects)."""
        return [*self.units, *self.rows, *self.parts, *(p.text for p in self.projects)]

    def standalone(self, names: dict[str, str]) -> str:
        """The frame as a plain Korean question in the reports' words ('2025년 데이터센터 정원은?')."""
        bits: list[str] = []
        if self.years:
            bits.append(" ".join(f"{y}년" for y in self.years[:2]) + ("" if len(self.years) < 2 else ""))
        ents = self.entities()
        if self.op in ("sum", "diff") and len(ents) >= 2:
            bits.append(f"{josa(ents[0], '과/와')} {ents[1]}")
        elif ents:
            bits.append(" ".join(ents))
        metric = " ".join(names.get(m, m) for m in self.metrics)
        if self.op == "rank":
            klass = {"department": "부서", "project": "사업", "revenue": "세입 항목", "job": "직종"}.get(self.klass or "", "부서")
            word = "가장 많은" if self.order != "asc" else "가장 적은"
            if self.metric in ("exec_rate", "spend_rate", "change_rate"):
                word = "가장 높은" if self.order != "asc" else "가장 낮은"
            head = f"{metric}이 {word} {klass}" if metric else f"{word} {klass}"
            if self.k > 1:
                head += f" 상위 {self.k}곳"
            return " ".join(bits + [head]) + "는?"
        if self.op == "sum":
            return " ".join(bits + [metric, "합치면?"]).strip()
        if self.op == "diff":
            return " ".join(bits + [metric, "차이는?"]).strip()
        if self.op == "who":
            return " ".join(bits + ["담당 팀은?" if self.asks_team else "담당 부서는?"]).strip()
        if self.op == "when":
            return " ".join(bits + ["일정은?"]).strip()
        tail = josa(metric, "은/는") + "?" if metric else "?"
        return " ".join(bits + [tail]).strip()
