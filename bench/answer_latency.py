"""Answer latency on the real index: per-question p50/p95 after warm-up, `ask --jsonl` wall time, and the wall
time of one-off `python -m app ask` commands.

    python bench/answer_latency.py [--questions eval/data/dev.jsonl] [--index DIR] [--n 100] [--mode grounded]
                                   [--oneoff 10]

Prints one JSON object (also written to var/bench/answer_latency.json):
  per_question_ms: p50, p95, max over every question of the file (answered in-process, after warm-up);
  jsonl_wall_s: wall time of `python -m app ask --jsonl` over `--n` questions in a fresh process (start-up,
  index load, model warm-up and all answers included), and its exit code;
  oneoff_ask_s: min/median/max wall time of `--oneoff` runs of `python -m app ask "2026년 데이터센터 정원은?"`
  (a figure answered from the table records) and of a question answered from BM25 text, each a fresh process
  on a warm disk (the first run of each is discarded as the disk warm-up).
The index must exist (`python ingest.py`); nothing is rebuilt here.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    xs = sorted(values)
    k = max(0, min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1))
    return xs[k]


def load_questions(path: Path) -> list[dict]:
    """{"id", "question"} objects of a JSONL file (other fields ignored)."""
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        obj = json.loads(line)
        if not isinstance(obj.get("question"), str):
            raise SystemExit(f"{path}:{no}: expected a \"question\" string")
        out.append({"id": obj.get("id", str(no)), "question": obj["question"]})
    if not out:
        raise SystemExit(f"{path}: no questions")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, default=REPO / "eval" / "data" / "dev.jsonl")
    ap.add_argument("--index", type=Path, default=None, help="index directory (default: setting DCQA_INDEX_DIR)")
    ap.add_argument("--n", type=int, default=100, help="questions for the --jsonl wall-time run")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--mode", default=None)
    ap.add_argument("--oneoff", type=int, default=10, help="runs of each one-off `python -m app ask` (0: skip)")
    ap.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "answer_latency.json")
    args = ap.parse_args(argv)

    from app.answer import answer, warm_caches
    from index.api import open_index

    env = dict(os.environ)
    if args.index:
        env["DCQA_INDEX_DIR"] = str(args.index.resolve())
    questions = load_questions(args.questions)
    t0 = time.perf_counter()
    idx = open_index(args.index)
    idx.warm_up()  # both Kiwi models and BM25
    idx.search(questions[0]["question"], k=3, method="dense")  # FAISS and the embedding model (loaded lazily)
    for q in questions[: args.warmup]:
        answer(q["question"], index=idx, mode=args.mode)
    warm_caches(idx)  # as the UI's warm-up does: what the first refused question would build
    warm_s = time.perf_counter() - t0

    per_q: list[float] = []
    slow: list[tuple[float, str]] = []
    for q in questions:
        t = time.perf_counter()
        answer(q["question"], index=idx, mode=args.mode)
        ms = (time.perf_counter() - t) * 1000.0
        per_q.append(ms)
        slow.append((ms, q["id"]))

    batch = [questions[i % len(questions)] for i in range(args.n)]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, q in enumerate(batch):
            f.write(json.dumps({"id": f"{q['id']}#{i}", "question": q["question"]}, ensure_ascii=False) + "\n")
        batch_path = f.name
    cmd = [sys.executable, "-m", "app", "ask", "--jsonl", batch_path]
    if args.mode:
        cmd += ["--mode", args.mode]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    os.unlink(batch_path)
    answered = sum(1 for line in proc.stdout.splitlines() if line.strip())

    oneoff = {}
    for label, question in (("records", "2026년 데이터센터 정원은?"), ("text", "재해복구시스템 확대 사업 추진 일정은?")):
        walls = []
        for i in range(args.oneoff + 1 if args.oneoff else 0):
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "app", "ask", question], cwd=REPO, env=env,
                                  capture_output=True, text=True)
            if i:  # the first run warms the disk cache
                walls.append(time.perf_counter() - t)
            if done.returncode != 0:
                sys.stderr.write(done.stderr[-2000:])
                return 1
        if walls:
            oneoff[label] = {"question": question, "runs": len(walls), "min": round(min(walls), 2),
                             "median": round(statistics.median(walls), 2), "max": round(max(walls), 2)}

    result = {
        "questions": str(args.questions), "n_questions": len(questions), "index": str(idx.dir),
        "open_and_warmup_s": round(warm_s, 2),
        "per_question_ms": {"p50": round(statistics.median(per_q), 1), "p95": round(percentile(per_q, 95), 1),
                            "max": round(max(per_q), 1), "mean": round(statistics.fmean(per_q), 1)},
        "slowest": [{"id": i, "ms": round(ms, 1)} for ms, i in sorted(slow, reverse=True)[:5]],
        "jsonl": {"n": args.n, "answered": answered, "exit_code": proc.returncode, "wall_s": round(wall, 2)},
        "oneoff_ask_s": oneoff,
        "cpus": os.cpu_count(), "load_avg": [round(x, 2) for x in os.getloadavg()],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-2000:])
    return 0 if proc.returncode == 0 and answered == args.n else 1


if __name__ == "__main__":
    sys.exit(main())
