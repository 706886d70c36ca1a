"""Query log and 👍/👎 feedback in one SQLite file under the data directory (`DCQA_DATA_DIR`).

The bureau's plan for AI services requires every question to be logged with its answer and sources.
Several people use the UI at once: the database runs in WAL mode and every write holds a lock.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from index import settings
from index.settings import REPO_ROOT

settings.declare(
    "data_dir",
    str(REPO_ROOT / "var" / "data"),
    "Directory of the UI's own data: the query log and feedback database (querylog.sqlite3).",
)

DB_NAME = "querylog.sqlite3"

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
    notes TEXT NOT NULL DEFAULT '[]'     -- JSON list: the answer layer's notes (why the LLM was not used, ...)
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    query_id INTEGER NOT NULL REFERENCES queries(id),
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_query ON feedback(query_id);
"""

# Columns added after the first release, with their definitions: an older database gets them on open.
_ADDED_COLUMNS = {
    "queries": {
        "channel": "TEXT NOT NULL DEFAULT 'ui'",
        "notes": "TEXT NOT NULL DEFAULT '[]'",
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


class LogStore:
    """The query log and feedback tables of one SQLite file; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise LogStoreError(
                f"cannot create the data directory {self.path.parent} for the query log: {e}. "
                "Set DCQA_DATA_DIR to a writable directory."
            ) from e
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._conn.row_factory = sqlite3.Row
        with self._lock, self._conn:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.executescript(_SCHEMA)
            self._migrate()

    def _migrate(self) -> None:
        """Add the columns a database written by an older version lacks (data is kept)."""
        for table, columns in _ADDED_COLUMNS.items():
            have = {row["name"] for row in self._conn.execute(f"PRAGMA table_info({table})")}
            for name, definition in columns.items():
                if name not in have:
                    self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")

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
    ) -> int:
        """Append one question and its answer; returns the new query id (for feedback)."""
        row = (
            _now(),
            question,
            answer,
            json.dumps(citations, ensure_ascii=False),
            mode,
            float(latency_ms),
            json.dumps(filters or {}, ensure_ascii=False, sort_keys=True),
            channel,
            json.dumps(list(notes or []), ensure_ascii=False),
        )
        with self._lock, self._conn:
            cur = self._conn.execute(
                "INSERT INTO queries (time, question, answer, citations, mode, latency_ms, filters, channel, notes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                (query_id, rating, (comment or "").strip(), _now()),
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
