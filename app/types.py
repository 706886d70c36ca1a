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
        """The stable CLI JSON contract (`python -m app ask --json`)."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "mode": self.mode,
            "latency_ms": round(self.latency_ms, 1),
        }
