"""50 parallel askers x 4 questions: no errors, every question logged exactly once (issue 15's bar)."""
from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest

from bench.ui_parallel import QUESTIONS
from bench.ui_parallel import run as run_over_http

ASKERS, EACH = 50, 4


def test_fifty_parallel_askers_through_the_api_function(built_index: Path, tmp_path: Path) -> None:
    """The /ask function (masking, validation, query log) from 50 threads at once on the real engine."""
    from app import ui
    from app.logstore import DB_NAME, LogStore
    from index.api import open_index

    store = LogStore(tmp_path / DB_NAME)
    asker = ui.Asker(open_index(built_index), store)
    errors: list[str] = []
    start = threading.Barrier(ASKERS)

    def work(a: int) -> None:
        start.wait()
        for q in range(EACH):
            out = asker.ask_json(f"{QUESTIONS[q]} (질문자 {a}-{q}, 연락처 010-{1000 + a}-{5000 + q})")
            if "answer" not in out:
                errors.append(f"{a}-{q}: {out}")

    threads = [threading.Thread(target=work, args=(a,)) for a in range(ASKERS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    rows = store.queries()
    store.close()
    assert errors == []
    counts = Counter(r.question for r in rows)
    assert len(rows) == ASKERS * EACH and set(counts.values()) == {1}
    assert all("[전화번호]" in q and "010-" not in q for q in counts)


@pytest.mark.slow
def test_fifty_parallel_askers_over_http(built_index: Path, tmp_path: Path) -> None:
    """The same through the running gradio server and gradio_client (bench/ui_parallel.py)."""
    from index.api import open_index

    result = run_over_http(open_index(built_index), ASKERS, EACH, tmp_path)
    assert result["errors"] == 0, result["error_samples"]
    assert result["rows_logged"] == ASKERS * EACH and result["not_logged_once"] == []
