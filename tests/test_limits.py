"""Request and upload limits in front of gradio (app/limits.py) and private download files (app/private.py)."""
from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from app import limits, private
from app.limits import Limits, RequestLimits, allowed_file, upload_filenames

LIMITS = Limits(max_body=1000, max_upload=5000, upload_types=(".txt", ".md"))


def _multipart(*files: tuple[str, bytes]) -> tuple[bytes, str]:
    boundary = "----dcqa-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{n}"\r\n'
             f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n" for n, data in files]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _call(path: str, body: bytes, headers: dict[str, str] | None = None, chunk: int = 0) -> tuple[int, dict, bytes]:
    """(status, JSON or {}, body the app received) of one request through the middleware."""
    seen: dict[str, Any] = {}

    async def app(scope: dict, receive: Any, send: Any) -> None:
        msg = await receive()
        seen["body"] = msg["body"]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    pieces = [body[i:i + chunk] for i in range(0, len(body), chunk)] if chunk else [body]
    messages = [{"type": "http.request", "body": p, "more_body": i < len(pieces) - 1} for i, p in enumerate(pieces)]
    sent: list[dict] = []

    async def receive() -> dict:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(msg: dict) -> None:
        sent.append(msg)

    raw_headers = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {"type": "http", "path": path, "headers": raw_headers}
    asyncio.run(RequestLimits(app, LIMITS)(scope, receive, send))
    status = sent[0]["status"]
    payload = b"".join(m.get("body", b"") for m in sent[1:])
    return status, (json.loads(payload) if status != 200 else {}), seen.get("body", b"")


def test_a_small_body_reaches_the_app_unchanged() -> None:
    body = json.dumps({"data": ["정원은?"]}).encode()
    assert _call("/gradio_api/call/ask", body, chunk=7) == (200, {}, body)


def test_a_large_body_is_refused_before_the_app_reads_it() -> None:
    status, err, seen = _call("/gradio_api/call/ask", b"x" * 1001, chunk=100)  # no Content-Length: counted
    assert status == 413 and seen == b"" and "DCQA_UI_MAX_REQUEST_KB" in err["error"] and "\n" not in err["error"]
    status, err, seen = _call("/gradio_api/call/ask", b"", {"Content-Length": "99999999"})
    assert status == 413 and seen == b""
    assert _call("/x", b"", {"Content-Length": "lots"})[0] == 400


def test_uploads_have_their_own_size_limit() -> None:
    body, ctype = _multipart(("report.txt", b"a" * 3000))
    assert _call("/gradio_api/upload", body, {"Content-Type": ctype})[0] == 200  # over max_body, under max_upload
    body, ctype = _multipart(("report.txt", b"a" * 6000))
    status, err, _ = _call("/gradio_api/upload", body, {"Content-Type": ctype})
    assert status == 413 and "DCQA_UI_MAX_UPLOAD_MB" in err["error"]


@pytest.mark.parametrize("name", ["evil.exe", "report.txt.exe", "noext", ".htaccess", "x.TXT.sh", "a.html"])
def test_uploads_of_other_types_are_refused(name: str) -> None:
    body, ctype = _multipart(("ok.md", b"# ok"), (name, b"MZ"))
    status, err, seen = _call("/gradio_api/upload", body, {"Content-Type": ctype})
    assert status == 415 and name in err["error"] and ".txt, .md" in err["error"] and seen == b""


def test_file_contents_that_look_like_headers_are_not_file_names() -> None:
    body, ctype = _multipart(("ok.txt", b'Content-Disposition: form-data; filename="evil.exe"'))
    assert upload_filenames(body, ctype) == ["ok.txt"]
    assert _call("/gradio_api/upload", body, {"Content-Type": ctype})[0] == 200


def test_allowed_file_names() -> None:
    assert allowed_file("보고서.TXT", (".txt",)) and allowed_file("dir\\a.md", (".md",))
    assert not allowed_file("a.txt.", (".txt",)) and not allowed_file("", (".txt",))


def test_limit_settings_are_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    from index.settings import SettingError

    monkeypatch.setenv("DCQA_UI_UPLOAD_TYPES", "txt,.md")
    with pytest.raises(SettingError, match="DCQA_UI_UPLOAD_TYPES"):
        Limits.from_settings()
    monkeypatch.setenv("DCQA_UI_UPLOAD_TYPES", ".TXT, .md")
    monkeypatch.setenv("DCQA_UI_MAX_UPLOAD_MB", "0")
    with pytest.raises(SettingError, match="DCQA_UI_MAX_UPLOAD_MB='0'"):
        Limits.from_settings()
    monkeypatch.setenv("DCQA_UI_MAX_UPLOAD_MB", "2")
    assert Limits.from_settings() == Limits(1024 * 1024, 2 * 1024 * 1024, (".txt", ".md"))
    assert limits.launch_kwargs()["max_file_size"] == 2 * 1024 * 1024


def test_downloads_are_private_and_swept(tmp_path: Path) -> None:
    base = tmp_path / "downloads"
    d = private.download_dir(base)
    f = private.write_private(d / "대화.md", "내용")
    assert base.stat().st_mode & 0o777 == 0o700 and f.stat().st_mode & 0o777 == 0o600
    assert private.sweep(base, 600) == 0 and f.exists()
    old = time.time() - 601
    os.utime(d, (old, old))
    assert private.sweep(base, 600) == 1 and not d.exists()
    d2 = private.download_dir(base)
    private.discard(d2)
    assert not d2.exists()
    private.discard(base)  # not a download directory: left alone
    assert base.exists()
