"""Query log and 👍/👎 feedback in one SQLite file under the data directory (`DCQA_DATA_DIR`).

The bureau's plan for AI services requires every question to be logged with its answer and sources.
Several people use the UI at once: the database runs in WAL mode and every write holds a lock.

Personal data never reaches the file: questions, answers, notes, the engine's resolved question and feedback
comments are masked (`app.pii.mask`) before they are written, and a question is kept to `max_question_chars`
characters (an over-long one as a masked prefix and its length). The directory is 0700 and the files 0600;
rows older than `log_retention_days` are deleted (SQLite `secure_delete`, so their text is overwritten).
"""
from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from app import private
from app.inputs import max_question_chars
from app.pii import mask, mask_value
from index import settings
from index.settings import REPO_ROOT

log = logging.getLogger(__name__)

settings.declare(
    "data_dir",
    str(REPO_ROOT / "var" / "data"),
    "Directory of the UI's own data: the query log and feedback database (querylog.sqlite3) and short-lived "
    "download files; made private to the service user (0700, files 0600).",
)


def _retention_days(raw: str) -> int:
    """0 (keep every row) or a whole number of days up to 100 years."""
    value = int(raw)
    if not 0 <= value <= 36500:
        raise ValueError(f"must be 0 (keep) or 1-36500 days, got {value}")
    return value


settings.declare(
    "log_retention_days", 0,
    "Days a query-log row and its feedback are kept; older rows are deleted at start-up and hourly (0 keeps "
    "everything). Set it to the bureau's retention period for such logs.", _retention_days,
)

DB_NAME = "querylog.sqlite3"
MAX_COMMENT_CHARS = 2000
PURGE_EVERY_S = 3600.0
MASKED_VERSION = 1  # PRAGMA user_version once the rows written before masking have been masked
_INVALID = re.compile("[\ud800-\udfff]")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS queries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,              -- UTC, ISO 8601
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,         -- JSON list of Citation.to_json()
    mode TEXT NOT NULL,              -- "grounded", "llm:<model>" or "error"
    latency_ms REAL NOT NULL,
    filters TEXT NOT NULL,           -- JSON object
    channel TEXT NOT NULL DEFAULT 'ui',  -- "ui" (chat) or "api" (/ask endpoint)
    notes TEXT NOT NULL DEFAULT '[]',    -- JSON list: the answer layer's notes (why the LLM was not used, ...)
    conversation TEXT,               -- id of the conversation the question belongs to (NULL: not known)
    resolved TEXT                    -- the standalone question the engine understood (NULL: the question itself)
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    query_id INTEGER NOT NULL REFERENCES queries(id),
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_query ON feedback(query_id);
CREATE INDEX IF NOT EXISTS queries_time ON queries(time);
"""

# Columns added after the first release, with their definitions: an older database gets them on open.
_ADDED_COLUMNS = {
    "queries": {
        "channel": "TEXT NOT NULL DEFAULT 'ui'",
        "notes": "TEXT NOT NULL DEFAULT '[]'",
        "conversation": "TEXT",
        "resolved": "TEXT",
    },
}


class LogStoreError(ValueError):
    """A log or feedback entry was not valid."""


@dataclass(frozen=True)
class QueryRow:
    """One logged question with its answer."""

    id: int
    time: str
    question: str
    answer: str
    citations: list[dict[str, Any]]
    mode: str
    latency_ms: float
    filters: dict[str, Any]
    channel: str
    notes: list[str]
    conversation: str | None = None
    resolved: str | None = None


@dataclass(frozen=True)
class FeedbackRow:
    """One 👍 (+1) or 👎 (−1) on a logged answer."""

    id: int
    query_id: int
    rating: int
    comment: str
    time: str


def _now() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _clean(text: str) -> str:
    """Text SQLite can store: a lone surrogate (invalid UTF-8 passed through) becomes U+FFFD."""
    return _INVALID.sub("\ufffd", text)


def stored_text(text: Any, limit: int) -> str:
    """What the log keeps of a user's text: masked, and at most `limit` characters; a longer text is kept as its
    masked prefix followed by its length."""
    text = "" if text is None else text if isinstance(text, str) else str(text)
    if len(text) <= limit:
        return mask(_clean(text))
    # mask a little more than the prefix, so that a number cut at the limit is still recognised, then cut
    head = mask(_clean(text[: limit + 64]))[:limit]
    return f"{head} …[잘림: 전체 {len(text):,}자]"


def stored_question(question: Any) -> str:
    """The question as the log keeps it (masked, capped at max_question_chars)."""
    return stored_text(question, max_question_chars())


class LogStore:
    """The query log and feedback tables of one SQLite file; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            warning = private.make_private_dir(self.path.parent, {DB_NAME, "downloads"})
            private.make_private_file(self.path)
        except OSError as e:
            raise LogStoreError(
                f"cannot create the data directory {self.path.parent} for the query log: {e}. "
                "Set DCQA_DATA_DIR to a writable directory."
            ) from e
        if warning:
            log.warning("query log: %s", warning)
        self._lock = threading.Lock()
        self._last_purge = 0.0
        self._checkpoint = False  # set when earlier rows were masked on open
        try:
            self._conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self._conn.row_factory = sqlite3.Row
            with self._lock, self._conn:
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA foreign_keys=ON")
                self._conn.execute("PRAGMA secure_delete=ON")
                self._conn.executescript(_SCHEMA)
                self._migrate()
        except sqlite3.DatabaseError as e:
            raise LogStoreError(
                f"the query log {self.path} cannot be opened as an SQLite database ({e}). Move the file aside "
                "(a new one is created) or set DCQA_DATA_DIR to another directory."
            ) from e
        if self._checkpoint:  # earlier rows were masked: overwrite their old text on disk now
            with self._lock:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ("-wal", "-shm"):
            private.tighten(self.path.with_name(self.path.name + suffix))
        self.purge()

    def _migrate(self) -> None:
        """Add the columns a database written by an older version lacks (data is kept), and mask the rows written
        before masking existed."""
        for table, columns in _ADDED_COLUMNS.items():
            have = {row["name"] for row in self._conn.execute(f"PRAGMA table_info({table})")}
            for name, definition in columns.items():
                if name not in have:
                    self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")
        if self._conn.execute("PRAGMA user_version").fetchone()[0] < MASKED_VERSION:
            self._mask_existing_rows()
            self._conn.execute(f"PRAGMA user_version={MASKED_VERSION}")

    def _mask_existing_rows(self) -> None:
        """Rows logged by a version that stored questions verbatim: mask them now (once)."""
        t0, n = time.perf_counter(), 0
        rows = self._conn.execute("SELECT id, question, answer, notes, resolved FROM queries").fetchall()
        for r in rows:
            new = (stored_question(r["question"]), stored_text(r["answer"], len(r["answer"])),
                   json.dumps(mask_value(json.loads(r["notes"] or "[]")), ensure_ascii=False),
                   None if r["resolved"] is None else stored_question(r["resolved"]))
            if new != (r["question"], r["answer"], r["notes"], r["resolved"]):
                self._conn.execute("UPDATE queries SET question=?, answer=?, notes=?, resolved=? WHERE id=?",
                                   (*new, r["id"]))
                n += 1
        for r in self._conn.execute("SELECT id, comment FROM feedback").fetchall():
            comment = stored_text(r["comment"], MAX_COMMENT_CHARS)
            if comment != r["comment"]:
                self._conn.execute("UPDATE feedback SET comment=? WHERE id=?", (comment, r["id"]))
                n += 1
        if rows:
            log.info("query log: masked personal data in %d earlier rows (%.1f s)", n, time.perf_counter() - t0)
        self._checkpoint = n > 0

    def purge(self, now: datetime | None = None) -> int:
        """Delete rows older than `log_retention_days` (and their feedback); returns how many queries went."""
        days = int(settings.get("log_retention_days"))
        self._last_purge = time.monotonic()
        if days <= 0:
            return 0
        cutoff = ((now or datetime.now(timezone.utc)) - timedelta(days=days)).isoformat(timespec="seconds")
        with self._lock, self._conn:
            self._conn.execute("DELETE FROM feedback WHERE query_id IN (SELECT id FROM queries WHERE time < ?)",
                               (cutoff,))
            n = self._conn.execute("DELETE FROM queries WHERE time < ?", (cutoff,)).rowcount
        if n:
            log.info("query log: deleted %d rows older than %d days", n, days)
        return int(n)

    @classmethod
    def open_default(cls) -> "LogStore":
        """The store in the configured data directory (setting `data_dir`)."""
        return cls(Path(settings.get("data_dir")) / DB_NAME)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def log_query(
        self,
        question: str,
        answer: str,
        citations: list[dict[str, Any]],
        mode: str,
        latency_ms: float,
        filters: dict[str, Any] | None = None,
        channel: str = "ui",
        notes: list[str] | None = None,
        conversation: str | None = None,
        resolved: str | None = None,
    ) -> int:
        """Append one question and its answer (personal data masked, the question capped); returns the new query
        id (for feedback). `conversation`: the id of the conversation; `resolved`: the standalone question the
        engine answered when it differs from the one asked."""
        if time.monotonic() - self._last_purge >= PURGE_EVERY_S:
            self.purge()
        row = (
            _now(),
            stored_question(question),
            stored_text(answer, max(len(answer or ""), 1)),
            _clean(json.dumps(citations, ensure_ascii=False)),
            _clean(str(mode)),
            float(latency_ms),
            _clean(json.dumps(mask_value(filters or {}), ensure_ascii=False, sort_keys=True)),
            _clean(str(channel)),
            _clean(json.dumps(mask_value(list(notes or [])), ensure_ascii=False)),
            None if conversation is None else stored_text(conversation, 200),
            None if resolved is None else stored_question(resolved),
        )
        with self._lock, self._conn:
            cur = self._conn.execute(
                "INSERT INTO queries (time, question, answer, citations, mode, latency_ms, filters, channel, notes, "
                "conversation, resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid)

    def add_feedback(self, query_id: int, rating: int, comment: str = "") -> int:
        """Record 👍 (+1) or 👎 (−1) with an optional comment for a logged query; returns the feedback id."""
        if rating not in (1, -1):
            raise LogStoreError(f"feedback rating must be +1 (👍) or -1 (👎), got {rating!r}")
        with self._lock, self._conn:
            exists = self._conn.execute("SELECT 1 FROM queries WHERE id = ?", (query_id,)).fetchone()
            if exists is None:
                raise LogStoreError(
                    f"no logged query with id {query_id!r}; feedback needs the id returned by log_query()"
                )
            cur = self._conn.execute(
                "INSERT INTO feedback (query_id, rating, comment, time) VALUES (?, ?, ?, ?)",
                (query_id, rating, stored_text((comment or "").strip(), MAX_COMMENT_CHARS), _now()),
            )
            return int(cur.lastrowid)

    def queries(self, limit: int | None = None) -> list[QueryRow]:
        """Logged queries, newest first."""
        sql = "SELECT * FROM queries ORDER BY id DESC"
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (int(limit),)
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return [
            QueryRow(
                id=r["id"],
                time=r["time"],
                question=r["question"],
                answer=r["answer"],
                citations=json.loads(r["citations"]),
                mode=r["mode"],
                latency_ms=r["latency_ms"],
                filters=json.loads(r["filters"]),
                channel=r["channel"],
                notes=json.loads(r["notes"]),
                conversation=r["conversation"],
                resolved=r["resolved"],
            )
            for r in rows
        ]

    def feedback(self, query_id: int | None = None) -> list[FeedbackRow]:
        """Feedback rows, oldest first; only those of `query_id` when given."""
        sql = "SELECT * FROM feedback"
        params: tuple[Any, ...] = ()
        if query_id is not None:
            sql += " WHERE query_id = ?"
            params = (query_id,)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY id", params).fetchall()
        return [FeedbackRow(r["id"], r["query_id"], r["rating"], r["comment"], r["time"]) for r in rows]
