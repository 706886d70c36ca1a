"""The answer contract shared by the CLI, the UI, the eval harness and the audit report."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ABSTAIN_TEXT = "문서에서 해당 정보를 찾을 수 없습니다."


@dataclass(frozen=True)
class Citation:
    n: int  # 1-based marker used as [n] in the answer text
    doc: str  # corpus file name
    section: str  # section path, " > " joined
    line_start: int  # 1-based lines of the corpus file
    line_end: int
    quote: str  # the cited original line(s)
    # for a figure: the table cell it comes from
    table: str | None = None
    row_path: str | None = None
    column: str | None = None
    value: str | None = None  # as printed
    # where the cited line is in the original file when it is not a .txt report: "p. 3" (PDF), "문단 12" or
    # "표 2, 4행 3열" (HWP/HWPX); filled from `IndexData.position(doc, line, cell)`
    position: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        if d["position"] is None:  # the field is optional: .txt citations keep the original contract
            del d["position"]
        return d


@dataclass
class Answer:
    text: str
    citations: list[Citation]
    abstained: bool
    mode: str  # "grounded" or "llm:<model name>"
    latency_ms: float
    question: str = ""
    notes: list[str] = field(default_factory=list)  # e.g. why the LLM answer was rejected
    resolved: str | None = None  # a follow-up as the standalone question it was understood as

    def to_json(self) -> dict[str, Any]:
        """The stable CLI JSON contract (`python -m app ask --json`); a follow-up adds "resolved" (the standalone
        question it was understood as), nothing else changes."""
        out = {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "mode": self.mode,
            "latency_ms": round(self.latency_ms, 1),
        }
        if self.resolved:
            out["resolved"] = self.resolved
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any], notes: list[str] | None = None) -> "Answer":
        """An Answer back from `to_json()` (a conversation kept as JSON, e.g. in a browser session)."""
        cites = []
        for c in d.get("citations") or []:
            known = {k: c[k] for k in Citation.__dataclass_fields__ if k in c}
            cites.append(Citation(**known))
        return cls(text=str(d.get("answer", "")), citations=cites, abstained=bool(d.get("abstained")),
                   mode=str(d.get("mode", "")), latency_ms=float(d.get("latency_ms") or 0.0),
                   question=str(d.get("question", "")), notes=list(notes or []), resolved=d.get("resolved"))
