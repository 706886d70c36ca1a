"""report.json / report.md / report.html from a run with fake answers: content, escaping, self-containment."""
from __future__ import annotations

import json
import re
from pathlib import Path

from app.types import ABSTAIN_TEXT, Answer, Citation
from eval.report import fmt, problems, svg_bars, to_html, to_markdown, write_reports
from eval.runner import Question, check_gate, run
from tests.conftest import CORPUS, DOC_2026

QUOTE = "| 정원 | 274명 | 34명 | 30명 | 39명 | 27명 | 27명 | 26명 | 67명 | 24명 |"
QUESTIONS = [
    Question(id="hc-1", question="디지털도시국 정원은?", type="headcount", doc="2026", lines={"2026": (37,)},
             must_contain=("274명",), answer="274명", phrasing="literal"),
    Question(id="hc-2", question="데이터전략과 <b>정원</b>은?", type="headcount", doc="2026", lines={"2026": (37,)},
             must_contain=("30명",), answer="30명"),
    Question(id="un-1", question="2030년 정원은?", type="unanswerable", doc="2026", lines={}, must_contain=()),
]


def fake(q: str) -> Answer:
    cite = Citation(1, DOC_2026, "1. 일반현황", 37, 37, QUOTE)
    if q.startswith("디지털도시국"):
        return Answer("정원은 274명입니다 [1].", [cite], False, "grounded", 3.0, question=q)
    if q.startswith("데이터전략과"):
        return Answer("정원은 <i>35명</i>입니다 [1].", [cite], False, "grounded", 3.0, question=q)
    return Answer(ABSTAIN_TEXT, [], True, "grounded", 1.0, question=q)


def _run():  # noqa: ANN202
    r = run(QUESTIONS, answer_fn=fake, corpus_dir=CORPUS)
    r.gate = check_gate(r.overall, {"answer_correct": 0.9, "false_refusal_rate_max": 0.05})
    return r


def test_reports_written_and_json_complete(tmp_path: Path) -> None:
    paths = write_reports(_run(), tmp_path / "out")
    assert sorted(p.name for p in paths.values()) == ["report.html", "report.json", "report.md"]
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["overall"]["answer_correct"] == 2 / 3
    assert data["by_type"]["headcount"]["answer_correct"] == 0.5
    assert data["by_type"]["unanswerable"]["citation_hit"] is None  # JSON null, never NaN
    assert data["gate"]["passed"] is False
    assert [r["id"] for r in data["results"]] == ["hc-1", "hc-2", "un-1"]
    assert data["results"][1]["ungrounded"] == ["35명"]
    assert data["metrics"]["false_refusal_rate"]["direction"] == "max"
    assert data["answer_modes"] == {"grounded": 3}
    assert "NaN" not in paths["json"].read_text(encoding="utf-8")


def test_markdown_summary_table_by_type() -> None:
    md = to_markdown(_run())
    assert "Gate: **FAILED**. Answer modes: grounded × 3." in md
    assert "| answer_correct | 0.667 | ≥ 0.900 | ❌ |" in md
    assert "| false_refusal_rate | 0.000 | ≤ 0.050 | ✅ |" in md
    assert "| headcount | 2 | 0.500 | 1.000 | 0.500 | — | 0.000 | 1.000 | — |" in md
    assert "| unanswerable | 1 | 1.000 | — | 1.000 | 1.000 | — | — | — |" in md
    assert "| literal | 1 | 1.000 | 1.000 | 1.000 | — | 0.000 | 1.000 | — |" in md  # only items that carry one
    assert "| headcount | 2 | 0.500 | 1.000 | 0.500 | — | 0.000 | 1.000 | — | " in md
    assert "- `hc-2` 데이터전략과 &lt;b&gt;정원&lt;/b&gt;은? — missing: 30명; ungrounded: 35명; cited: " in md
    assert "hc-1" not in md.split("Failures:")[1]


def test_html_is_self_contained_with_charts_and_escaped_failures() -> None:
    page = to_html(_run())
    assert page.startswith("<!doctype html>")
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert re.findall(r"https?://[^\"]+", page) == ["http://www.w3.org/2000/svg"] * page.count("<svg")
    assert page.count("<svg") >= 8
    assert 'aria-label="answer_correct"' in page
    # the failures table: one row (hc-2), question and answer escaped, citation and gold line shown
    assert "데이터전략과 &lt;b&gt;정원&lt;/b&gt;은?" in page and "<b>정원</b>" not in page
    assert "정원은 &lt;i&gt;35명&lt;/i&gt;입니다 [1]." in page
    assert f"{DOC_2026}:37-37" in page and f"{DOC_2026}:37</td>" in page
    assert "missing: 30명; ungrounded: 35명" in page
    assert "Failures (1)" in page


def test_svg_bars_values_missing_and_gate_line() -> None:
    svg = svg_bars("answer_correct", [("headcount", 0.5), ("unanswerable", None), ("all", 1.0)], scale_max=1.0,
                   bar=0.9)
    assert svg.count("<rect") == 2
    assert ">n/a</text>" in svg
    assert 'width="160.0"' in svg and 'width="320.0"' in svg  # 0.5 and 1.0 of a 320-px plot
    assert 'fill="#c0392b"' in svg  # below the bar: red
    assert "stroke-dasharray" in svg and "gate ≥ 0.9" in svg


def test_fmt() -> None:
    assert fmt(None) == "—"
    assert fmt(0.95) == "0.950"
    assert fmt(1234.4, "latency_p50_ms") == "1,234"
    assert fmt(3.14, "latency_p95_ms") == "3.1"
    assert fmt(0.5, "numeric_grounding") == "0.500"
    assert fmt(12, "n_answerable") == "12"


def test_problems_name_why_a_question_failed() -> None:
    def wrong_line(q: str) -> Answer:
        return Answer("정원은 274명입니다 [1].", [Citation(1, DOC_2026, "1. 일반현황", 44, 44, QUOTE)], False,
                      "grounded", 1.0)

    def boom(q: str) -> Answer:
        raise KeyError("no table")

    r = run(QUESTIONS[:1], answer_fn=wrong_line, corpus_dir=CORPUS)
    assert r.results[0].correct and problems(r.results[0]) == ["no citation at a gold line"]
    r = run(QUESTIONS[:1], answer_fn=boom, corpus_dir=CORPUS)
    assert problems(r.results[0]) == ["error: KeyError: 'no table'", "missing: (error)", "no citation at a gold line"]
