"""Issue 15's privacy bar: a question with a 주민등록번호, a phone number and an e-mail leaves none of them in the query
log, feedback, exports or application logs — through the UI's own event functions, /ask, and the files on disk."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import ui
from app.logstore import DB_NAME, LogStore
from app.pii import install_log_masking
from tests.test_ui_api import FakeIndex, fake_stream

SECRETS = ("900101-1234567", "010-1234-5678", "hong.gildong@example.com")
QUESTION = (f"제 주민등록번호는 {SECRETS[0]}이고 전화 {SECRETS[1]}, 메일 {SECRETS[2]} 입니다. "
            "2026년 데이터센터 정원은?")
COMMENT = f"답이 틀렸어요. {SECRETS[1]} 또는 {SECRETS[2]}로 연락 주세요"


def _on_disk(root: Path) -> bytes:
    """Every file under root (the database, its WAL, exports)."""
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def _assert_clean(blob: bytes | str) -> None:
    raw = blob.encode("utf-8") if isinstance(blob, str) else blob
    for secret in SECRETS:
        assert secret.encode() not in raw, secret
    assert b"1234567" not in raw and b"hong.gildong" not in raw


@pytest.fixture()
def app_fns(tmp_path: Path) -> Iterator[tuple[dict[str, Any], LogStore, Path]]:
    data_dir = tmp_path / "data"
    store = LogStore(data_dir / DB_NAME)
    demo = ui.build_app(FakeIndex(), store, stream=fake_stream)
    fns: dict[str, Any] = {}
    for f in demo.fns.values():
        fns.setdefault(f.name, f.fn)
    yield fns, store, data_dir
    store.close()


def test_chat_feedback_and_export_keep_no_personal_data(app_fns: tuple[dict[str, Any], LogStore, Path]) -> None:
    fns, store, data_dir = app_fns
    *_, last = fns["respond"](QUESTION, [], ui.ALL, ui.ALL)  # the chat's own event function, as a browser calls it
    turns = last[2]
    assert turns[0]["query_id"] is not None
    feedback_status, _ = fns["feedback_up"](turns, 0, COMMENT)  # 👍 with a comment
    assert "저장했습니다" in feedback_status
    file_update, _ = fns["export"](turns)
    value = file_update["value"] if isinstance(file_update, dict) else file_update.value
    exported = Path(value["path"] if isinstance(value, dict) else value)
    text = exported.read_text(encoding="utf-8")
    assert "[주민등록번호]" in text and "[전화번호]" in text and "[이메일]" in text
    _assert_clean(text)
    assert exported.stat().st_mode & 0o077 == 0  # the copy gradio serves is private too
    assert list((data_dir / "downloads").rglob("*.md")) == []  # ours is gone once gradio holds its copy
    [row] = store.queries()
    _assert_clean(row.question + row.answer + " ".join(row.notes))
    _assert_clean(store.feedback()[0].comment)
    _assert_clean(_on_disk(data_dir))


def test_ask_api_keeps_no_personal_data(tmp_path: Path) -> None:
    store = LogStore(tmp_path / DB_NAME)
    try:
        asker = ui.Asker(FakeIndex(), store, fake_stream)
        assert "answer" in asker.ask_json(QUESTION)
        assert "error" in asker.ask_json(QUESTION + " " + "가" * 5000)  # refused as too long: still logged masked
        assert len(store.queries()) == 2
        _assert_clean(_on_disk(tmp_path))
    finally:
        store.close()


def test_application_logs_keep_no_personal_data(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """An answering failure is logged with the question and its traceback: both masked."""
    install_log_masking()

    def failing_stream(question: str, *_: Any, **__: Any) -> Iterator[tuple[str, object]]:
        raise RuntimeError(f"engine failed on {question!r}")
        yield  # pragma: no cover

    handler_file = tmp_path / "app.log"
    handler = logging.FileHandler(handler_file, encoding="utf-8")
    logging.getLogger().addHandler(handler)
    store = LogStore(tmp_path / DB_NAME)
    try:
        with caplog.at_level(logging.INFO):
            out = ui.Asker(FakeIndex(), store, failing_stream).ask_json(QUESTION)
        assert out["error"] == ui.MSG_INTERNAL
        assert "answering" in caplog.text and "RuntimeError" in caplog.text
        _assert_clean(caplog.text)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        store.close()
    _assert_clean(handler_file.read_bytes())
    _assert_clean(_on_disk(tmp_path))
