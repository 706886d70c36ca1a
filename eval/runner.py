"""Run an answer function over a dataset, score every answer with `eval.metrics`, summarise by type, gate.

`run(dataset, answer_fn=...)` is the library entry point; `python -m eval` (eval/__main__.py) is a thin
adapter over it. The answer function takes the question text and returns an `app.types.Answer`; by default it
is `app.answer.answer` over the index from `index.api.open_index`.
"""
from __future__ import annotations

import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from app.types import Answer
from eval import metrics as M

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO_ROOT / "eval" / "data" / "dev.jsonl"
DEFAULT_THRESHOLDS = REPO_ROOT / "eval" / "thresholds.json"
TYPES = ("headcount", "org", "budget_figure", "budget_compare", "execution_rate", "schedule", "project_fact",
         "audit", "glossary", "unanswerable")
UNANSWERABLE = "unanswerable"
REQUIRED = ("id", "question", "type", "doc", "line", "must_contain")
SEARCH_K = 10
_YEAR_RE = re.compile(r"^\s*((?:19|20)\d\d)")

AnswerFn = Callable[[str], Answer]
SearchFn = Callable[[str], Sequence[M.Span]]


class DatasetError(ValueError):
    """The dataset file is missing, unreadable or has a malformed line."""


class GateConfigError(ValueError):
    """The thresholds file is missing, unreadable or names an unknown metric."""


# --- dataset ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One dataset line; `lines` maps a report year ("2025") to its 1-based gold lines."""

    id: str
    question: str
    type: str
    doc: str
    lines: dict[str, tuple[int, ...]]
    must_contain: tuple[str, ...]
    answer: str = ""
    section: str = ""
    alt_forms: Any = None
    computed: str | None = None
    phrasing: str | None = None
    line_no: int = 0
    style: str | None = None  # how it is asked (casual, rank, verify, english, a follow-up kind ...)
    verdict: str | None = None  # "yes" / "no": what a yes/no question's answer must open with
    history: tuple[str, ...] = ()  # earlier questions of the same conversation, oldest first

    @property
    def answerable(self) -> bool:
        return self.type != UNANSWERABLE


def _parse_lines(value: Any, doc: str, where: str) -> dict[str, tuple[int, ...]]:
    """Normalise the `line` field (int, list, or {year: list}) into {year: lines}."""
    def ints(v: Any, key: str) -> tuple[int, ...]:
        if isinstance(v, int) and not isinstance(v, bool):
            v = [v]
        if v is None:
            return ()
        if not isinstance(v, list) or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in v):
            raise DatasetError(f"{where}: line{key} must be a list of 1-based line numbers, got {v!r}")
        return tuple(v)

    if isinstance(value, dict):
        return {str(k): ints(v, f"[{k!r}]") for k, v in value.items()}
    if doc == "both":
        if ints(value, "") == ():
            return {}
        raise DatasetError(f"{where}: doc 'both' needs line as an object per report year, e.g. "
                           '{"2025": [88], "2026": [109]}')
    return {doc: ints(value, "")}


def parse_question(obj: Any, where: str, line_no: int = 0) -> Question:
    """Build a `Question` from one decoded JSON line; DatasetError names the field that is wrong."""
    if not isinstance(obj, dict):
        raise DatasetError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    missing = [k for k in REQUIRED if k not in obj]
    if missing:
        raise DatasetError(f"{where}: missing field(s) {', '.join(missing)}; required are {', '.join(REQUIRED)}")
    for key in ("id", "question", "type", "doc"):
        if not isinstance(obj[key], str) or not obj[key].strip():
            raise DatasetError(f"{where}: field {key!r} must be a non-empty string, got {obj[key]!r}")
    if obj["type"] not in TYPES:
        raise DatasetError(f"{where}: type {obj['type']!r} is not one of {', '.join(TYPES)}")
    must = obj["must_contain"]
    if not isinstance(must, list) or not all(isinstance(s, str) and s.strip() for s in must):
        raise DatasetError(f"{where}: must_contain must be a list of non-empty strings, got {must!r}")
    if obj["type"] != UNANSWERABLE and not must:
        raise DatasetError(f"{where}: must_contain is empty for an answerable question; list the exact strings")
    computed = obj.get("computed")
    if computed is not None and (not isinstance(computed, str) or M.computed_result(computed) is None):
        raise DatasetError(f"{where}: computed must be a formula string like 'a - b = c', got {computed!r}")
    verdict = obj.get("verdict")
    if verdict is not None and verdict not in ("yes", "no"):
        raise DatasetError(f"{where}: verdict must be 'yes' or 'no', got {verdict!r}")
    history = obj.get("history") or []
    if not isinstance(history, list) or not all(isinstance(h, str) and h.strip() for h in history):
        raise DatasetError(f"{where}: history must be a list of earlier questions (strings), got {history!r}")
    style = obj.get("style")
    if style is not None and not isinstance(style, str):
        raise DatasetError(f"{where}: style must be a string, got {style!r}")
    alt = obj.get("alt_forms")
    try:
        M.alternatives_for(must, alt)
    except TypeError as e:
        raise DatasetError(f"{where}: alt_forms: {e}") from e
    nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
    return Question(
        id=obj["id"], question=nfc(obj["question"]), type=obj["type"], doc=str(obj["doc"]),
        lines=_parse_lines(obj["line"], str(obj["doc"]), where), must_contain=tuple(nfc(s) for s in must),
        answer=str(obj.get("answer", "")), section=str(obj.get("section", "")), alt_forms=alt, computed=computed,
        phrasing=obj.get("phrasing"), line_no=line_no, style=style, verdict=verdict,
        history=tuple(nfc(h) for h in history),
    )


def load_dataset(path: Path | str) -> list[Question]:
    """Read a JSONL dataset; a missing file or a malformed line raises DatasetError naming it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise DatasetError(f"dataset {path} does not exist; pass --dataset FILE (JSON lines, see eval/README.md)") from e
    except (OSError, UnicodeDecodeError) as e:
        raise DatasetError(f"dataset {path} cannot be read as UTF-8 text ({e}); check the file") from e
    out: list[Question] = []
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise DatasetError(f"{where}: not valid JSON ({e.msg} at column {e.colno}); one object per line") from e
        q = parse_question(obj, where, n)
        if q.id in seen:
            raise DatasetError(f"{where}: duplicate id {q.id!r}; ids must be unique")
        seen.add(q.id)
        out.append(q)
    if not out:
        raise DatasetError(f"dataset {path} has no questions; expected one JSON object per line")
    return out


def corpus_years(corpus_dir: Path | str) -> dict[str, str]:
    """Map each report year to its corpus file name, by the 4-digit year starting its first non-empty line."""
    from index.readers import ReaderError, corpus_files, read_text

    corpus_dir = Path(corpus_dir)
    years: dict[str, str] = {}
    for p in corpus_files(corpus_dir):  # .txt, and .hwpx/.hwp/.pdf through their text rendering
        try:
            text = p.read_text(encoding="utf-8") if p.suffix.lower() == ".txt" else read_text(p)
        except ReaderError as e:
            raise DatasetError(f"corpus file {p.name} cannot be read: {e}") from e
        first = next((ln for ln in text.splitlines() if ln.strip()), "")
        m = _YEAR_RE.match(first)
        if m and m.group(1) not in years:
            years[m.group(1)] = p.name
    if not years:
        raise DatasetError(f"corpus {corpus_dir} has no *.txt report whose first line starts with a year; "
                           "pass --corpus DIR")
    return years


def gold_lines(q: Question, years: dict[str, str]) -> list[M.GoldLine]:
    """The question's gold lines as (file name, line)."""
    out: list[M.GoldLine] = []
    for year, lines in q.lines.items():
        if lines and year not in years:
            raise DatasetError(f"line {q.line_no} ({q.id}): doc {year!r} is not a report year of the corpus "
                               f"{sorted(years)}; fix the dataset or pass --corpus DIR")
        out.extend((years[year], ln) for ln in lines)
    return out


# --- scoring one answer ----------------------------------------------------------------------------


@dataclass
class QuestionResult:
    """Everything measured for one question (JSON-ready)."""

    id: str
    type: str
    question: str
    expected: str
    must_contain: list[str]
    got: str
    abstained: bool
    citations: list[dict[str, Any]]
    correct: bool
    missing: list[str]
    n_numbers: int
    n_grounded: int
    ungrounded: list[str]
    cite_rank: int | None
    cite_precision: float | None
    cite_recall: float | None
    search_rank: int | None
    latency_ms: float
    answer_chars: int
    phrasing: str | None = None
    error: str | None = None
    gold: list[list[Any]] = field(default_factory=list)
    searched: bool = False  # whether Index.search was measured for this question
    mode: str = ""  # the Answer's mode, e.g. "grounded"
    direction: str = "unchecked"  # "ok" | "reversed" | "unchecked" (no clear gold direction, or no answer)
    style: str | None = None
    history: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.type != UNANSWERABLE


def score_answer(q: Question, ans: Answer | None, gold: list[M.GoldLine], latency_ms: float,
                 search_spans: Sequence[M.Span] | None = None, error: str | None = None) -> QuestionResult:
    """Score one answer against its question (pure: no I/O)."""
    text = ans.text if ans is not None else ""
    abstained = bool(ans.abstained) if ans is not None else False
    cites = list(ans.citations) if ans is not None else []
    spans: list[M.Span] = [(c.doc, c.line_start, c.line_end) for c in cites]
    if ans is None:
        correct, missing = False, ["(error)"]
    elif not q.answerable:
        correct, missing = abstained, ([] if abstained else ["(should abstain)"])
    elif abstained:
        correct, missing = False, list(q.must_contain)
    else:
        c = M.answer_correctness(text, q.must_contain, q.alt_forms, q.computed, q.answer)
        correct, missing = c.correct, list(c.missing)
        if q.verdict is not None and M.verdict_of(text) != q.verdict:
            correct, missing = False, missing + [f"(verdict {q.verdict})"]
    direction = "unchecked"
    if ans is not None and q.answerable and not abstained:
        # an answer stating the opposite direction of change to the gold is wrong whatever figures it holds
        direction = M.direction_check(text, M.gold_direction(q.answer, q.computed))
        if direction == "reversed":
            correct = False
    # the cited section paths count as sources too, so "3.3. 사업개요" in an answer is grounded by its citation
    g = M.Grounding(0, 0, ())
    if ans is not None and not abstained:
        g = M.numeric_grounding(text, [c.quote for c in cites], [c.section for c in cites])
    answerable = q.answerable
    return QuestionResult(
        id=q.id, type=q.type, question=q.question, expected=q.answer or " / ".join(q.must_contain),
        must_contain=list(q.must_contain), got=text, abstained=abstained,
        citations=[{"n": c.n, "doc": c.doc, "line_start": c.line_start, "line_end": c.line_end, "quote": c.quote}
                   for c in cites],
        correct=correct, missing=missing, n_numbers=g.n_numbers, n_grounded=g.n_grounded,
        ungrounded=list(g.ungrounded),
        cite_rank=M.first_hit_rank(spans, gold) if answerable else None,
        cite_precision=M.citation_precision(spans, gold) if answerable else None,
        cite_recall=M.citation_recall(spans, gold) if answerable else None,
        search_rank=M.first_hit_rank(search_spans, gold) if answerable and search_spans is not None else None,
        latency_ms=latency_ms, answer_chars=len(text), phrasing=q.phrasing, error=error,
        gold=[[d, ln] for d, ln in gold], searched=search_spans is not None,
        mode=ans.mode if ans is not None else "", direction=direction, style=q.style, history=list(q.history),
    )


# --- summaries -------------------------------------------------------------------------------------

# name → (direction, description); "min" metrics must stay at or above their threshold, "max" at or below.
METRICS: dict[str, tuple[str, str]] = {
    "answer_correct": ("min", "share of questions answered right (figures present; unanswerable → abstained)"),
    "citation_hit": ("min", "answerable: share with a citation at a gold line (±1)"),
    "citation_precision": ("min", "answerable: mean share of citations at a gold line"),
    "citation_recall": ("min", "answerable: mean share of gold lines cited"),
    "cite_hit@1": ("min", "answerable: first citation at a gold line"),
    "cite_hit@3": ("min", "answerable: a gold line among the first 3 citations"),
    "cite_hit@5": ("min", "answerable: a gold line among the first 5 citations"),
    "cite_mrr": ("min", "answerable: mean reciprocal rank of the first gold citation"),
    "search_hit@1": ("min", "answerable: Index.search top-1 chunk holds a gold line"),
    "search_hit@3": ("min", "answerable: a gold line in the top 3 chunks of Index.search"),
    "search_hit@5": ("min", "answerable: a gold line in the top 5 chunks of Index.search"),
    "search_mrr": ("min", f"answerable: reciprocal rank of the first gold chunk of Index.search (top {SEARCH_K})"),
    "numeric_grounding": ("min", "share of numbers in answers found in, or computed from, their cited quotes"),
    "direction_reversed": ("max", "answerable: answers stating the opposite direction of change to the gold (count)"),
    "abstention_accuracy": ("min", "unanswerable: share abstained"),
    "false_refusal_rate": ("max", "answerable: share abstained"),
    "answer_chars_mean": ("max", "mean answer length in characters"),
    "latency_p50_ms": ("max", "median wall time per answer"),
    "latency_p95_ms": ("max", "95th percentile wall time per answer"),
    "error_rate": ("max", "share of questions where the answer function raised"),
}


def _nan_to_none(x: float) -> float | None:
    """JSON has no NaN: an undefined metric is null."""
    return None if isinstance(x, float) and math.isnan(x) else x


def summarize(results: Sequence[QuestionResult]) -> dict[str, Any]:
    """All metrics for one group of results; a metric with no questions to measure is None."""
    ans = [r for r in results if r.answerable]
    una = [r for r in results if not r.answerable]
    n_num = sum(r.n_numbers for r in results)
    out: dict[str, Any] = {
        "n": len(results), "n_answerable": len(ans), "n_unanswerable": len(una),
        "answer_correct": M.mean([float(r.correct) for r in results]),
        "citation_hit": M.mean([M.hit_at_k(r.cite_rank, 10**9) for r in ans]),
        "citation_precision": M.mean([r.cite_precision or 0.0 for r in ans]),
        "citation_recall": M.mean([r.cite_recall or 0.0 for r in ans]),
    }
    for k in (1, 3, 5):
        out[f"cite_hit@{k}"] = M.mean([M.hit_at_k(r.cite_rank, k) for r in ans])
    out["cite_mrr"] = M.mean([M.reciprocal_rank(r.cite_rank) for r in ans])
    searched = [r for r in ans if r.searched]
    for k in (1, 3, 5):
        out[f"search_hit@{k}"] = M.mean([M.hit_at_k(r.search_rank, k) for r in searched])
    out["search_mrr"] = M.mean([M.reciprocal_rank(r.search_rank) for r in searched])
    out["numeric_grounding"] = 1.0 if n_num == 0 else sum(r.n_grounded for r in results) / n_num
    out["n_numbers"] = n_num
    out["direction_reversed"] = sum(r.direction == "reversed" for r in ans)
    out["n_direction_checked"] = sum(r.direction != "unchecked" for r in ans)
    out["abstention_accuracy"] = M.mean([float(r.abstained) for r in una])
    out["false_refusal_rate"] = M.mean([float(r.abstained) for r in ans])
    out["answer_chars_mean"] = M.mean([float(r.answer_chars) for r in results if not r.abstained])
    lat = [r.latency_ms for r in results]
    out["latency_p50_ms"] = M.percentile(lat, 50)
    out["latency_p95_ms"] = M.percentile(lat, 95)
    out["error_rate"] = M.mean([float(r.error is not None) for r in results])
    return {k: _nan_to_none(v) for k, v in out.items()}


def summarize_by(results: Sequence[QuestionResult], key: Callable[[QuestionResult], str | None]) -> dict[str, Any]:
    """`summarize` per group, groups in first-seen order (None keys are skipped)."""
    groups: dict[str, list[QuestionResult]] = {}
    for r in results:
        k = key(r)
        if k is not None:
            groups.setdefault(k, []).append(r)
    return {k: summarize(v) for k, v in groups.items()}


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class EvalRun:
    """Results of one evaluation: per question, overall and per type."""

    dataset: str
    mode: str
    results: list[QuestionResult]
    overall: dict[str, Any]
    by_type: dict[str, dict[str, Any]]
    by_phrasing: dict[str, dict[str, Any]]
    started: str
    wall_s: float
    gate: dict[str, Any] = field(default_factory=dict)
    by_style: dict[str, dict[str, Any]] = field(default_factory=dict)

    def failures(self) -> list[QuestionResult]:
        """Questions answered wrong, with ungrounded numbers, or without a citation at a gold line."""
        return [r for r in self.results
                if not r.correct or r.ungrounded or r.error or (r.answerable and r.cite_rank is None)]

    def answer_modes(self) -> dict[str, int]:
        """How many answers each mode produced (an LLM run may fall back to grounded answers)."""
        return dict(Counter(r.mode for r in self.results if r.mode).most_common())

    def to_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset, "mode": self.mode, "answer_modes": self.answer_modes(),
            "started": self.started, "wall_s": round(self.wall_s, 2),
            "overall": self.overall, "by_type": self.by_type, "by_phrasing": self.by_phrasing,
            "by_style": self.by_style,
            "metrics": {k: {"direction": d, "help": h} for k, (d, h) in METRICS.items()},
            "gate": self.gate, "results": [asdict(r) for r in self.results],
        }


def default_answer_fn(mode: str | None = None, index_dir: Path | None = None,
                      corpus_dir: Path | None = None) -> tuple[AnswerFn, SearchFn | None]:
    """`app.answer.answer` over the project index (built first if it is missing or stale) and its search."""
    from app.answer import answer
    from index.api import open_index

    try:
        index = open_index(index_dir)
    except (FileNotFoundError, ValueError) as e:  # index missing, stale or built by other code: rebuild it
        from index import settings
        from index.build import build_index

        target = Path(index_dir or settings.get("index_dir"))
        print(f"eval: {e} — building the index in {target} first", file=sys.stderr)
        build_index(Path(corpus_dir or settings.get("corpus_dir")), target, force=True)
        index = open_index(index_dir)

    def answer_fn(question: str, history: Sequence[str] = ()) -> Answer:
        if history:
            return answer(question, None, mode=mode, index=index, history=list(history))
        return answer(question, None, mode=mode, index=index)

    def search_fn(question: str) -> list[M.Span]:
        return [(h.chunk.doc, h.chunk.line_start, h.chunk.line_end) for h in index.search(question, k=SEARCH_K)]

    return answer_fn, search_fn


def run(dataset: Path | str | Sequence[Question], answer_fn: AnswerFn | None = None, *, mode: str | None = None,
        corpus_dir: Path | str | None = None, index_dir: Path | str | None = None,
        search_fn: SearchFn | None = None, limit: int | None = None,
        progress: Callable[[int, int, QuestionResult], None] | None = None) -> EvalRun:
    """Answer every question of `dataset` and score it; `answer_fn` defaults to `app.answer.answer`."""
    if isinstance(dataset, (str, Path)):
        name = str(dataset)
        questions = load_dataset(dataset)
    else:
        name, questions = "<in-memory>", list(dataset)
    if limit is not None:
        questions = questions[:limit]
    if corpus_dir is None:
        from index import settings

        corpus_dir = settings.get("corpus_dir")
    years = corpus_years(Path(corpus_dir))
    golds = [gold_lines(q, years) for q in questions]  # fail on a bad doc before answering anything
    if answer_fn is None:
        answer_fn, default_search = default_answer_fn(mode, Path(index_dir) if index_dir else None, Path(corpus_dir))
        search_fn = search_fn or default_search
        if questions:  # one untimed call loads the tokenizer and models, so latency is per answer, not start-up
            try:
                answer_fn(questions[0].question)
            except Exception:  # noqa: BLE001 — the timed call below records the error
                pass
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    t_run = time.perf_counter()
    results: list[QuestionResult] = []
    for i, (q, gold) in enumerate(zip(questions, golds), 1):
        t0 = time.perf_counter()
        ans: Answer | None = None
        err: str | None = None
        try:
            # a follow-up is asked after its conversation's earlier questions (only the last one is scored)
            ans = answer_fn(q.question, history=q.history) if q.history else answer_fn(q.question)  # type: ignore[call-arg]
        except Exception as e:  # noqa: BLE001 — one failing question must not hide the others' scores
            err = f"{type(e).__name__}: {e}"
        latency = (time.perf_counter() - t0) * 1000
        spans = None
        if search_fn is not None and q.answerable:
            try:
                spans = list(search_fn(q.question))
            except Exception as e:  # noqa: BLE001
                err = err or f"search: {type(e).__name__}: {e}"
                spans = []
        r = score_answer(q, ans, gold, latency, spans, err)
        results.append(r)
        if progress is not None:
            progress(i, len(questions), r)
    modes = Counter(r.mode for r in results if r.mode)
    used_mode = mode or (modes.most_common(1)[0][0] if modes else "grounded")
    return EvalRun(
        dataset=name, mode=used_mode, results=results, overall=summarize(results),
        by_type=summarize_by(results, lambda r: r.type),
        by_phrasing=summarize_by(results, lambda r: r.phrasing), started=started,
        wall_s=time.perf_counter() - t_run, by_style=summarize_by(results, lambda r: r.style),
    )


# --- the gate --------------------------------------------------------------------------------------


def load_thresholds(path: Path | str = DEFAULT_THRESHOLDS) -> dict[str, float]:
    """Read thresholds.json: `{metric: bar}`; a `<metric>_max` key is an upper bound."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise GateConfigError(f"thresholds file {path} does not exist; pass --thresholds FILE or --no-gate") from e
    except (OSError, json.JSONDecodeError) as e:
        raise GateConfigError(f"thresholds file {path} is not valid JSON ({e}); fix it") from e
    if not isinstance(data, dict):
        raise GateConfigError(f"thresholds file {path} must hold a JSON object {{metric: bar}}")
    out: dict[str, float] = {}
    for key, bar in data.items():
        if key.startswith("_"):
            continue  # comments
        metric = key[:-4] if key.endswith("_max") else key
        if metric not in METRICS:
            raise GateConfigError(f"thresholds file {path}: unknown metric {key!r}; known are "
                                  f"{', '.join(sorted(METRICS))} (add _max for an upper bound)")
        if not isinstance(bar, (int, float)) or isinstance(bar, bool):
            raise GateConfigError(f"thresholds file {path}: {key!r} must be a number, got {bar!r}")
        out[key] = float(bar)
    return out


def check_gate(overall: dict[str, Any], thresholds: dict[str, float]) -> dict[str, Any]:
    """Compare the overall metrics with the bars; `passed` is False when any measured metric misses its bar."""
    checks: list[dict[str, Any]] = []
    for key, bar in thresholds.items():
        is_max = key.endswith("_max")
        metric = key[:-4] if is_max else key
        value = overall.get(metric)
        if value is None:
            checks.append({"key": key, "metric": metric, "bar": bar, "value": None, "ok": True,
                           "note": "not measured on this dataset"})
            continue
        ok = value <= bar + 1e-12 if is_max else value >= bar - 1e-12
        checks.append({"key": key, "metric": metric, "bar": bar, "value": value, "ok": ok})
    return {"passed": all(c["ok"] for c in checks), "checks": checks}
