"""The query log and feedback store (SQLite, WAL, shared between threads)."""
from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest

from app.logstore import DB_NAME, LogStore, LogStoreError

CITATION = {
    "n": 1,
    "doc": "seoul-digital-city-bureau-2026-04-current-issues.txt",
    "section": "1. 일반현황",
    "line_start": 37,
    "line_end": 37,
    "quote": "| 정원 | 274명 |",
    "table": None,
    "row_path": "정원",
    "column": "데이터센터",
    "value": "67명",
}


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[LogStore]:
    s = LogStore(tmp_path / "data" / DB_NAME)
    yield s
    s.close()


def test_log_query_round_trips_korean_text_and_citations(store: LogStore) -> None:
    qid = store.log_query(
        "2026년 데이터센터 정원은?",
        "데이터센터 정원은 67명입니다 [1].",
        [CITATION],
        "grounded",
        12.34,
        {"doc": None, "year": 2026, "department": "데이터센터"},
        notes=["tables disagree"],
    )
    [row] = store.queries()
    assert row.id == qid
    assert row.question == "2026년 데이터센터 정원은?"
    assert row.answer == "데이터센터 정원은 67명입니다 [1]."
    assert row.citations == [CITATION]
    assert row.mode == "grounded"
    assert row.latency_ms == pytest.approx(12.34)
    assert row.filters == {"department": "데이터센터", "doc": None, "year": 2026}
    assert row.channel == "ui"
    assert row.notes == ["tables disagree"]
    assert datetime.fromisoformat(row.time).utcoffset().total_seconds() == 0


def test_citations_are_stored_as_readable_json(store: LogStore) -> None:
    store.log_query("q", "a", [CITATION], "grounded", 1.0)
    raw = sqlite3.connect(store.path).execute("SELECT citations, filters FROM queries").fetchone()
    assert '"데이터센터"' in raw[0]  # not \\uXXXX escapes: staff read the log with plain sqlite tools
    assert raw[1] == "{}"


def test_queries_newest_first_with_limit(store: LogStore) -> None:
    ids = [store.log_query(f"질문 {i}", "답", [], "grounded", 1.0) for i in range(3)]
    assert [r.id for r in store.queries()] == ids[::-1]
    assert [r.question for r in store.queries(limit=2)] == ["질문 2", "질문 1"]


def test_feedback_thumbs_up_and_down_with_comment(store: LogStore) -> None:
    qid = store.log_query("q", "a", [], "grounded", 1.0)
    store.add_feedback(qid, 1)
    store.add_feedback(qid, -1, "  숫자가 틀렸습니다  ")
    rows = store.feedback(qid)
    assert [(r.rating, r.comment) for r in rows] == [(1, ""), (-1, "숫자가 틀렸습니다")]
    assert store.feedback(qid + 1) == []


def test_feedback_rejects_bad_rating(store: LogStore) -> None:
    qid = store.log_query("q", "a", [], "grounded", 1.0)
    with pytest.raises(LogStoreError, match=r"\+1 .*-1"):
        store.add_feedback(qid, 0)


def test_feedback_for_unknown_query_names_the_id(store: LogStore) -> None:
    with pytest.raises(LogStoreError, match="no logged query with id 99"):
        store.add_feedback(99, 1)


def test_database_uses_wal(store: LogStore) -> None:
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_concurrent_writers_lose_nothing(store: LogStore) -> None:
    def work(t: int) -> None:
        for i in range(25):
            qid = store.log_query(f"{t}-{i}", "a", [], "grounded", 1.0)
            store.add_feedback(qid, 1 if i % 2 else -1)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(store.queries()) == 100
    assert len(store.feedback()) == 100


def test_two_stores_on_one_file_see_each_other(tmp_path: Path) -> None:
    a = LogStore(tmp_path / DB_NAME)
    b = LogStore(tmp_path / DB_NAME)
    try:
        qid = a.log_query("q", "a", [], "grounded", 1.0)
        b.add_feedback(qid, 1)
        assert [r.query_id for r in a.feedback()] == [qid]
    finally:
        a.close()
        b.close()


def test_open_default_uses_data_dir_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_DATA_DIR", str(tmp_path / "elsewhere"))
    s = LogStore.open_default()
    try:
        assert s.path == tmp_path / "elsewhere" / DB_NAME
        assert s.path.exists()
    finally:
        s.close()


def test_unwritable_data_dir_says_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LogStoreError, match="DCQA_DATA_DIR"):
        LogStore(blocker / "sub" / DB_NAME)


def test_database_of_an_older_version_gets_the_new_columns(tmp_path: Path) -> None:
    """Regression: a query log written before `notes` existed made every log_query() fail."""
    path = tmp_path / DB_NAME
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE queries (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, question TEXT NOT NULL, "
        "answer TEXT NOT NULL, citations TEXT NOT NULL, mode TEXT NOT NULL, latency_ms REAL NOT NULL, "
        "filters TEXT NOT NULL);"
        "INSERT INTO queries (time, question, answer, citations, mode, latency_ms, filters) "
        "VALUES ('2026-04-01T00:00:00+00:00', '예전 질문', '예전 답', '[]', 'grounded', 1.0, '{}');"
    )
    old.commit()
    old.close()
    s = LogStore(path)
    try:
        qid = s.log_query("새 질문", "새 답", [], "grounded", 2.0, notes=["n"])
        rows = s.queries()
        assert [(r.id, r.question, r.channel, r.notes) for r in rows] == [
            (qid, "새 질문", "ui", ["n"]), (1, "예전 질문", "ui", [])]
    finally:
        s.close()
