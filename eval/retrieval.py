"""Retrieval benchmark: `python -m eval retrieval --bench DIR [--json] [--methods bm25,dense,hybrid]`.

`--dev eval/data/dev.jsonl` instead measures hit@1/hit@5 on the built project index, of the gold lines (a top-k
chunk contains one) and of the gold sections (a top-k chunk's section is the deepest section holding a gold line,
or the chunk contains a gold line).

The benchmark directory holds `corpus.jsonl` ({"doc_id", "contents"}, one page a line) and `qa.jsonl`
({"qid", "query", "retrieval_gt": [doc_id, ...]}). Pages become `Chunk`s and go through the same code path as the
reports (`index.search.build_search` + `Retriever`); vectors are cached by content hash, so a rerun is quick.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Sequence

from index import settings
from index.models import Chunk, Section
from index.search import METHODS, Retriever, build_search

CUTOFFS = (1, 5, 10)


class BenchError(ValueError):
    """The benchmark directory is not in the expected layout."""


def page_chunk(doc_id: str, contents: str, *, title: bool = True) -> Chunk:
    """One benchmark page as a text Chunk; the file name (without page number) is its breadcrumb."""
    doc, _, page = doc_id.rpartition(" - ")
    if not doc or not page.strip().isdigit():
        doc, page = doc_id, "1"
    text = unicodedata.normalize("NFC", contents)
    stem = doc[:-4] if doc.lower().endswith(".pdf") else doc
    n_lines = max(1, text.count("\n") + 1)
    search_text = f"{stem}\n{text}" if title else text
    return Chunk(
        chunk_id=doc_id, doc=doc, year=0, section_id=f"{doc}:p{page}", section_path=(stem, f"p.{page}"),
        kind="text", line_start=1, line_end=n_lines, text=text, search_text=search_text,
    )


def _read_jsonl(path: Path, required: Sequence[str]) -> list[dict]:
    """Rows of a JSON Lines file, each checked for the required keys."""
    if not path.exists():
        raise BenchError(f"{path} is missing; a benchmark directory needs corpus.jsonl and qa.jsonl")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = [k for k in required if k not in row]
        if missing:
            raise BenchError(f"{path}:{n} lacks {missing}; expected keys {list(required)}")
        rows.append(row)
    return rows


def load_bench(bench: Path, *, title: bool = True) -> tuple[list[Chunk], list[dict]]:
    """The benchmark's pages as chunks, and its questions."""
    corpus = _read_jsonl(bench / "corpus.jsonl", ("doc_id", "contents"))
    qa = _read_jsonl(bench / "qa.jsonl", ("query", "retrieval_gt"))
    return [page_chunk(r["doc_id"], r["contents"], title=title) for r in corpus], qa


# --- metrics (pure) -----------------------------------------------------------------------------------
def dedupe(ids: Sequence[str]) -> list[str]:
    """Ids in first-seen order without repeats."""
    return list(dict.fromkeys(ids))


def recall_at(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """Share of the gold ids found in the top k."""
    return len(gold & set(ranked[:k])) / len(gold) if gold else 0.0


def mrr_at(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """Reciprocal rank of the first gold id within the top k (0 if none)."""
    for r, i in enumerate(ranked[:k], start=1):
        if i in gold:
            return 1.0 / r
    return 0.0


def ndcg_at(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """Binary-relevance nDCG@k."""
    dcg = sum(1.0 / math.log2(r + 1) for r, i in enumerate(ranked[:k], start=1) if i in gold)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(len(gold), k) + 1))
    return dcg / ideal if ideal else 0.0


def score_run(runs: Sequence[tuple[Sequence[str], set[str]]]) -> dict[str, float]:
    """Mean R@1/5/10, MRR@10 and nDCG@10 over (ranked ids, gold ids) pairs."""
    n = len(runs) or 1
    out = {f"r@{k}": sum(recall_at(r, g, k) for r, g in runs) / n for k in CUTOFFS}
    out["mrr@10"] = sum(mrr_at(r, g, 10) for r, g in runs) / n
    out["ndcg@10"] = sum(ndcg_at(r, g, 10) for r, g in runs) / n
    return {k: round(v, 4) for k, v in out.items()}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    if not values:
        return 0.0
    s = sorted(values)
    pos = (len(s) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


# --- the run -----------------------------------------------------------------------------------------
def run_bench(bench: Path, methods: Sequence[str], embedder: str, index_dir: Path | None = None,
              title: bool = True, log=None) -> dict:  # noqa: ANN001 - log is a print-like callable
    """Index the benchmark corpus and score each method; returns the --json object."""
    chunks, qa = load_bench(bench, title=title)
    if index_dir is None:
        index_dir = Path(tempfile.mkdtemp(prefix="bench-index-"))

    def progress(stage: str, done: int, total: int) -> None:
        if log and (done == total or done % 64 == 0):
            log(f"{stage} {done}/{total}")

    t0 = time.perf_counter()
    config = build_search(index_dir, chunks, embedder, progress)
    index_s = time.perf_counter() - t0
    retriever = Retriever.load(index_dir, chunks, config, embedder=embedder)
    page_of = [c.chunk_id for c in retriever.chunks]

    # warm-up: the first query loads models and fills caches
    for m in methods:
        retriever.rank(qa[0]["query"], m)
    result: dict = {"methods": {}, "latency_ms": {}}
    for m in methods:
        retriever.clear_query_cache()  # each method pays for its own query embeddings
        runs = []
        times = []
        for q in qa:
            t = time.perf_counter()
            ranked = retriever.rank(q["query"], m)[:10]  # fusion sees search_depth candidates per leg, as in search()
            times.append((time.perf_counter() - t) * 1000.0)
            runs.append((dedupe([page_of[i] for i, _ in ranked]), set(q["retrieval_gt"])))
        result["methods"][m] = score_run(runs)
        result["latency_ms"][m] = {"p50": round(percentile(times, 50), 2), "p95": round(percentile(times, 95), 2)}
    main_method = "hybrid" if "hybrid" in methods else methods[0]
    result["index_s"] = round(index_s, 2)
    result["query_ms_p50"] = result["latency_ms"][main_method]["p50"]
    result["query_ms_p95"] = result["latency_ms"][main_method]["p95"]
    result["n_questions"] = len(qa)
    result["n_pages"] = len(chunks)
    result["embedder"] = config["embedder"]
    result["fusion"] = {"method": settings.get("fusion"), "k": settings.get("fusion_k"),
                        "w_bm25": settings.get("fusion_weight_bm25"), "w_dense": settings.get("fusion_weight_dense")}
    result["title_breadcrumb"] = title
    return result


def chunk_covers(chunk: Chunk, year: int, lines: Sequence[int]) -> bool:
    """True when the chunk is from that report year and contains one of the gold lines."""
    if chunk.year != year:
        return False
    covered = set(chunk.lines) if chunk.lines else set(range(chunk.line_start, chunk.line_end + 1))
    return any(n in covered for n in lines)


def deepest_section(sections: Sequence[Section], doc: str, line: int) -> Section | None:
    """The deepest section of `doc` whose line range contains `line` (the narrowest range on a tie)."""
    best: Section | None = None
    for s in sections:
        if s.doc != doc or not s.line_start <= line <= s.line_end:
            continue
        if best is None or (s.level, best.line_end - best.line_start) > (best.level, s.line_end - s.line_start):
            best = s
    return best


def gold_sections(sections: Sequence[Section], doc_of_year: dict[int, str],
                  lines: dict[str, Sequence[int]]) -> set[str]:
    """Section ids of the deepest sections that contain a gold line ({year: lines} → {section_id})."""
    out: set[str] = set()
    for year, ls in lines.items():
        doc = doc_of_year.get(int(year))
        for n in ls if doc else ():
            s = deepest_section(sections, doc, n)
            if s is not None:
                out.add(s.section_id)
    return out


def dev_found(chunks: Sequence[Chunk], lines: dict[str, Sequence[int]], sections: set[str],
              k: int) -> tuple[list[bool], list[bool]]:
    """Per rank (padded to k): does the chunk contain a gold line; is it in a gold section (or contain a line)."""
    by_line = [any(chunk_covers(c, int(y), ls) for y, ls in lines.items()) for c in chunks[:k]]
    by_section = [hit or c.section_id in sections for c, hit in zip(chunks[:k], by_line)]
    pad = [False] * (k - len(by_line))
    return by_line + pad, by_section + pad


def hit_rates(found: Sequence[Sequence[bool]], ks: Sequence[int]) -> dict[str, float]:
    """hit@k: share of questions with a True within the first k ranks."""
    n = len(found) or 1
    return {f"hit@{k}": round(sum(any(f[:k]) for f in found) / n, 4) for k in ks}


def score_dev(index, questions: Sequence, methods: Sequence[str],  # noqa: ANN001 - Index-like, eval Questions
              ks: Sequence[int] = (1, 5)) -> dict:
    """Line- and section-level hit@k per method and phrasing; `index` needs `.search` and `.data` sections."""
    data = index.data
    doc_of_year = {d.year: d.doc for d in data.documents}
    gold_secs = {q.id: gold_sections(data.sections, doc_of_year, q.lines) for q in questions}
    top = max(ks)
    result: dict = {"methods": {}, "latency_ms": {}, "n_questions": len(questions), "misses": {},
                    "section_misses": {}}
    for m in methods:
        if questions:
            index.search(questions[0].question, k=top, method=m)  # warm-up
        retriever = getattr(index, "retriever", None)
        if retriever is not None:
            retriever.clear_query_cache()
        groups: dict[str, list[tuple[list[bool], list[bool]]]] = {}
        times: list[float] = []
        misses: list[str] = []
        section_misses: list[str] = []
        for q in questions:
            t = time.perf_counter()
            hits = index.search(q.question, k=top, method=m)
            times.append((time.perf_counter() - t) * 1000.0)
            by_line, by_section = dev_found([h.chunk for h in hits], q.lines, gold_secs[q.id], top)
            for g in ("all", q.phrasing or "unspecified"):
                groups.setdefault(g, []).append((by_line, by_section))
            if not any(by_line):
                misses.append(q.id)
            if not any(by_section):
                section_misses.append(q.id)
        result["methods"][m] = {}
        for g, fs in groups.items():
            by_sec = hit_rates([s for _, s in fs], ks)
            result["methods"][m][g] = (hit_rates([f for f, _ in fs], ks)
                                       | {f"section_{name}": v for name, v in by_sec.items()} | {"n": len(fs)})
        result["latency_ms"][m] = {"p50": round(percentile(times, 50), 2), "p95": round(percentile(times, 95), 2)}
        result["misses"][m] = misses
        result["section_misses"][m] = section_misses
    return result


def run_dev(dev: Path, methods: Sequence[str], index_dir: Path | None = None, ks: Sequence[int] = (1, 5)) -> dict:
    """hit@k of the gold lines and gold sections on the project index, per method and phrasing."""
    from eval.runner import load_dataset
    from index.api import open_index

    index = open_index(index_dir)
    questions = [q for q in load_dataset(dev) if q.answerable and q.lines]
    return score_dev(index, questions, methods, ks)


def _dev_table(result: dict) -> str:
    """Human-readable dev report."""
    cols = ["hit@1", "hit@5", "section_hit@1", "section_hit@5"]
    lines = [f"{'method':8} {'group':12} {'n':>4} " + " ".join(f"{c:>13}" for c in cols)]
    for m, groups in result["methods"].items():
        for g, s in groups.items():
            lines.append(f"{m:8} {g:12} {s['n']:4d} " + " ".join(f"{s[c]:13.3f}" for c in cols))
        lines.append(f"{m:8} line misses@5: {' '.join(result['misses'][m]) or '-'}")
        lines.append(f"{m:8} section misses@5: {' '.join(result['section_misses'][m]) or '-'}")
    return "\n".join(lines)


def parse_gate(text: str) -> tuple[str, str, float]:
    """`bm25:r@1=0.90` -> ("bm25", "r@1", 0.90)."""
    try:
        left, value = text.split("=", 1)
        method, metric = left.split(":", 1)
        return method.strip(), metric.strip(), float(value)
    except ValueError:
        raise ValueError(f"--min {text!r}: expected METHOD:METRIC=VALUE, e.g. bm25:r@1=0.90") from None


def check_gates(result: dict, gates: Sequence[tuple[str, str, float]]) -> list[str]:
    """Messages for the gates a benchmark result does not meet (a method or metric not measured fails)."""
    failed = []
    for method, metric, floor in gates:
        got = result["methods"].get(method, {}).get(metric)
        if got is None or got < floor:
            failed.append(f"{method} {metric} = {got} < {floor}")
    return failed


def _table(result: dict) -> str:
    """Human-readable report."""
    cols = ["r@1", "r@5", "r@10", "mrr@10", "ndcg@10"]
    lines = [f"{'method':8} " + " ".join(f"{c:>8}" for c in cols) + f" {'p50 ms':>8} {'p95 ms':>8}"]
    for m, s in result["methods"].items():
        lat = result["latency_ms"][m]
        lines.append(f"{m:8} " + " ".join(f"{s[c]:8.3f}" for c in cols) + f" {lat['p50']:8.1f} {lat['p95']:8.1f}")
    lines.append(f"index {result['index_s']:.1f} s, {result['n_pages']} pages, {result['n_questions']} questions, "
                 f"embedder {result['embedder']}, fusion {result['fusion']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (`python -m eval retrieval ...`)."""
    p = argparse.ArgumentParser(prog="python -m eval retrieval", description=__doc__.splitlines()[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--bench", type=Path, help="benchmark directory (corpus.jsonl, qa.jsonl)")
    src.add_argument("--dev", type=Path, help="project question set (eval/data/dev.jsonl): hit@k of gold lines and gold sections "
                     "on the built index (--index-dir, default setting index_dir)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of bm25,dense,hybrid")
    p.add_argument("--embedder", default=None,
                   help="embedder spec (default: setting `embedder`; 'hash' when only bm25 is asked for)")
    p.add_argument("--index-dir", type=Path, default=None, help="where to write the benchmark index (default: temp)")
    p.add_argument("--no-title", action="store_true", help="do not prefix pages with their file name")
    p.add_argument("--min", action="append", default=[], metavar="METHOD:METRIC=VALUE",
                   help="regression gate, e.g. --min bm25:r@1=0.90 (exit 1 when a score is lower); repeatable")
    a = p.parse_args(argv)
    try:
        gates = [parse_gate(g) for g in a.min]
    except ValueError as e:
        p.error(str(e))
    methods = [m.strip() for m in a.methods.split(",") if m.strip()]
    bad = [m for m in methods if m not in METHODS]
    if bad or not methods:
        p.error(f"--methods {a.methods!r}: expected a comma-separated subset of {', '.join(METHODS)}")
    if a.dev is not None:
        res = run_dev(a.dev, methods, a.index_dir)
        print(json.dumps(res, ensure_ascii=False) if a.json else _dev_table(res))
        return 0
    embedder = a.embedder or ("hash" if methods == ["bm25"] else settings.get("embedder"))
    log = None if a.json else (lambda s: print(s, file=sys.stderr, flush=True))
    try:
        result = run_bench(a.bench, methods, embedder, a.index_dir, title=not a.no_title, log=log)
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False) if a.json else _table(result))
    failed = check_gates(result, gates)
    for msg in failed:
        print(f"gate failed: {msg}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
