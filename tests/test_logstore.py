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


# --- personal data, limits, privacy and retention (issue 15) ------------------------------------------------

SECRET_Q = "제 주민번호 900101-1234567, 전화 010-1234-5678, 메일 hong@example.com 인데 데이터센터 정원은?"
SECRETS = ("900101-1234567", "010-1234-5678", "hong@example.com")


def _file_bytes(store: LogStore) -> bytes:
    """Everything on disk for the store: the database, its WAL and shared-memory files."""
    out = b""
    for suffix in ("", "-wal", "-shm"):
        p = store.path.with_name(store.path.name + suffix)
        if p.exists():
            out += p.read_bytes()
    return out


def test_question_answer_notes_and_comment_are_masked_before_they_are_written(store: LogStore) -> None:
    qid = store.log_query(SECRET_Q, "답변 010-1234-5678", [], "grounded", 1.0, {"department": "hong@example.com"},
                          notes=["question had 900101-1234567"], conversation="c1", resolved=SECRET_Q)
    store.add_feedback(qid, -1, "제 번호 010-1234-5678 로 연락 주세요, hong@example.com")
    [row] = store.queries()
    assert row.question == ("제 주민번호 [주민등록번호], 전화 [전화번호], 메일 [이메일] 인데 데이터센터 정원은?")
    assert row.resolved == row.question and row.conversation == "c1"
    assert row.answer == "답변 [전화번호]" and row.notes == ["question had [주민등록번호]"]
    assert store.feedback(qid)[0].comment == "제 번호 [전화번호] 로 연락 주세요, [이메일]"
    raw = _file_bytes(store)
    for secret in SECRETS:
        assert secret.encode() not in raw


def test_an_over_long_question_is_logged_as_a_masked_prefix_and_its_length(store: LogStore,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_MAX_QUESTION_CHARS", "20")
    store.log_query("전화 010-1234-5678 " + "가" * 5_000_000, "너무 깁니다", [], "error", 1.0)
    [row] = store.queries()
    assert row.question == "전화 [전화번호] " + "가" * 10 + " …[잘림: 전체 5,000,017자]"


def test_a_number_cut_at_the_limit_is_still_masked(store: LogStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_MAX_QUESTION_CHARS", "10")
    store.log_query("가나다라마바 010-1234-5678 " + "x" * 100, "a", [], "error", 1.0)
    assert "010" not in store.queries()[0].question and "1234" not in store.queries()[0].question


def test_lone_surrogates_are_stored_as_replacement_characters(store: LogStore) -> None:
    """Regression: a question with a lone surrogate (invalid UTF-8 from a client) was not logged at all."""
    qid = store.log_query("질문\ud800", "오류", [], "error", 1.0, notes=["\udcff"])
    store.add_feedback(qid, 1, "\udc80 의견")
    assert store.queries()[0].question == "질문\ufffd"
    assert store.feedback(qid)[0].comment == "\ufffd 의견"


def test_data_directory_and_files_are_private(tmp_path: Path) -> None:
    s = LogStore(tmp_path / "data" / DB_NAME)
    try:
        s.log_query("q", "a", [], "grounded", 1.0)
        assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
        for p in (tmp_path / "data").iterdir():
            assert p.stat().st_mode & 0o077 == 0, p
    finally:
        s.close()


def test_an_existing_loose_data_directory_of_ours_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / DB_NAME).write_bytes(b"")
    (data / DB_NAME).chmod(0o644)
    LogStore(data / DB_NAME).close()
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / DB_NAME).stat().st_mode & 0o777 == 0o600


def test_a_shared_directory_is_not_chmod_ed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    (shared / "someone-elses.txt").write_text("x")
    LogStore(shared / DB_NAME).close()
    assert shared.stat().st_mode & 0o777 == 0o755
    assert "readable by other users" in caplog.text
    assert (shared / DB_NAME).stat().st_mode & 0o777 == 0o600


def test_retention_deletes_old_rows_and_their_feedback(store: LogStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta, timezone

    old = store.log_query("오래된 질문", "a", [], "grounded", 1.0)
    store.add_feedback(old, 1, "old")
    new = store.log_query("새 질문", "a", [], "grounded", 1.0)
    store.add_feedback(new, -1, "new")
    with sqlite3.connect(store.path) as c:
        c.execute("UPDATE queries SET time = '2020-01-01T00:00:00+00:00' WHERE id = ?", (old,))
    assert store.purge() == 0  # the default keeps everything
    monkeypatch.setenv("DCQA_LOG_RETENTION_DAYS", "30")
    assert store.purge() == 1
    assert [r.id for r in store.queries()] == [new]
    assert [f.comment for f in store.feedback()] == ["new"]
    from datetime import datetime

    assert store.purge(now=datetime.now(timezone.utc) + timedelta(days=31)) == 1
    assert store.queries() == []


def test_retention_is_applied_when_the_log_is_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = LogStore(tmp_path / DB_NAME)
    s.log_query("q", "a", [], "grounded", 1.0)
    s.close()
    with sqlite3.connect(tmp_path / DB_NAME) as c:
        c.execute("UPDATE queries SET time = '2020-01-01T00:00:00+00:00'")
    monkeypatch.setenv("DCQA_LOG_RETENTION_DAYS", "365")
    s = LogStore(tmp_path / DB_NAME)
    try:
        assert s.queries() == []
    finally:
        s.close()


def test_bad_retention_setting_names_the_variable(store: LogStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.settings import SettingError

    monkeypatch.setenv("DCQA_LOG_RETENTION_DAYS", "-1")
    with pytest.raises(SettingError, match="DCQA_LOG_RETENTION_DAYS='-1'"):
        store.purge()


def test_an_older_database_gets_conversation_and_resolved_and_its_rows_masked(tmp_path: Path) -> None:
    """A log written before masking existed: the new columns are added and earlier rows masked, once."""
    path = tmp_path / DB_NAME
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE queries (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, question TEXT NOT NULL, "
        "answer TEXT NOT NULL, citations TEXT NOT NULL, mode TEXT NOT NULL, latency_ms REAL NOT NULL, "
        "filters TEXT NOT NULL, channel TEXT NOT NULL DEFAULT 'ui', notes TEXT NOT NULL DEFAULT '[]');"
        "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, query_id INTEGER NOT NULL, "
        "rating INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT '', time TEXT NOT NULL);"
        "INSERT INTO queries (time, question, answer, citations, mode, latency_ms, filters) "
        "VALUES ('2026-04-01T00:00:00+00:00', '전화 010-1234-5678 정원은?', '답', '[]', 'grounded', 1.0, '{}');"
        "INSERT INTO feedback (query_id, rating, comment, time) VALUES (1, 1, 'hong@example.com', '2026-04-01');"
    )
    old.commit()
    old.close()
    s = LogStore(path)
    try:
        [row] = s.queries()
        assert (row.question, row.conversation, row.resolved) == ("전화 [전화번호] 정원은?", None, None)
        assert s.feedback()[0].comment == "[이메일]"
        cols = {r[1] for r in s._conn.execute("PRAGMA table_info(queries)")}
        assert {"conversation", "resolved"} <= cols
        assert b"010-1234-5678" not in _file_bytes(s)  # secure_delete and a checkpoint: the old text is overwritten
    finally:
        s.close()


def test_a_file_that_is_not_a_database_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"not a database at all" * 100)
    with pytest.raises(LogStoreError, match="cannot be opened as an SQLite database.*DCQA_DATA_DIR"):
        LogStore(tmp_path / DB_NAME)
