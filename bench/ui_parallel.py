"""Parallel askers against the chat UI's `/ask` endpoint over HTTP: errors, query-log rows, latency.

    python bench/ui_parallel.py [--askers 50] [--questions 4] [--index DIR] [--concurrency 2]

Launches the real app (index from the setting index_dir, or --index; a fresh query log in a temporary data
directory) on 127.0.0.1, then `--askers` threads each send `--questions` questions through gradio_client at once.
Every question carries the asker's and its own number, so the log can be checked for exactly one row per question.
Prints one JSON object: errors, rows logged, questions logged other than once, latency p50/p95/max, wall time.
The same function runs in tests/test_concurrency.py (marked slow).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTIONS = ["2026년 데이터센터 정원은?", "정보통신과 예산이 작년보다 얼마나 줄었어?", "서울AI재단 언제 출범했어?",
             "2026년 양자컴퓨팅 예산은?"]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    xs = sorted(values)
    return xs[max(0, min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1))]


def run(index: Any, askers: int = 50, per_asker: int = 4, data_dir: Path | None = None) -> dict[str, Any]:
    """Serve the app over `index`, ask askers x per_asker questions at once, and check the query log."""
    from gradio_client import Client

    from app import ui
    from app.logstore import DB_NAME, LogStore
    from tests.net import free_port

    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="dcqa-bench-"))
    store = LogStore(data_dir / DB_NAME)
    demo = ui.build_app(index, store)
    _, url, _ = ui.launch(demo, "127.0.0.1", free_port(), prevent_thread_lock=True, quiet=True)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(askers)

    def asker(a: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as e:  # noqa: BLE001 - counted as an error of this asker
            with lock:
                errors.append(f"asker {a}: connect: {type(e).__name__}: {e}")
            start.abort()
            return
        try:
            start.wait(timeout=120)
        except threading.BrokenBarrierError:
            pass
        for q in range(per_asker):
            question = f"{QUESTIONS[q % len(QUESTIONS)]} (질문자 {a}-{q})"
            t0 = time.perf_counter()
            try:
                out = client.predict(question, api_name="/ask")
                bad = None if isinstance(out, dict) and "answer" in out else f"no answer: {out!r}"
            except Exception as e:  # noqa: BLE001 - counted as an error
                bad = f"{type(e).__name__}: {e}"
            with lock:
                latencies.append((time.perf_counter() - t0) * 1000)
                if bad:
                    errors.append(f"asker {a} question {q}: {bad}")

    t0 = time.perf_counter()
    threads = [threading.Thread(target=asker, args=(a,)) for a in range(askers)]
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
        rows = store.queries()
    finally:
        demo.close()
        store.close()
    counts = Counter(r.question for r in rows)
    expected = {f"{QUESTIONS[q % len(QUESTIONS)]} (질문자 {a}-{q})" for a in range(askers) for q in range(per_asker)}
    return {
        "askers": askers, "questions_each": per_asker, "errors": len(errors), "error_samples": errors[:5],
        "rows_logged": len(rows), "not_logged_once": sorted(q for q in expected if counts.get(q) != 1)[:10],
        "latency_ms": {"p50": round(statistics.median(latencies), 1) if latencies else None,
                       "p95": round(percentile(latencies, 95), 1) if latencies else None,
                       "max": round(max(latencies), 1) if latencies else None},
        "wall_s": round(wall, 2),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--askers", type=int, default=50)
    p.add_argument("--questions", type=int, default=4)
    p.add_argument("--index", type=Path, default=None)
    args = p.parse_args()
    from index.api import open_index

    result = run(open_index(args.index), args.askers, args.questions)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if result["errors"] == 0 and not result["not_logged_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
