"""Limits on what the UI's web server accepts, in one ASGI middleware in front of gradio:

- a request body larger than `ui_max_request_kb` (the chat, `/ask`, the login form) is refused with 413 before the
  application reads it;
- an upload (gradio's `/upload` endpoint, used by any file component) larger than `ui_max_upload_mb` is refused
  with 413, and one whose file name does not end in one of `ui_upload_types` with 415 — for every file component,
  present or future, since the check sits in front of the endpoint they all share.

Bodies are read up to the limit and then handed to gradio unchanged. Errors are one JSON line:
`{"error": "<Korean message>"}`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Awaitable, Callable

from index import settings


def _positive(kind: type) -> Callable[[str], Any]:
    def parse(raw: str) -> Any:
        value = kind(raw)
        if not (value > 0 and value < 10**7):
            raise ValueError(f"must be a number above 0, got {raw!r}")
        return value

    return parse


def _types(raw: str) -> str:
    parts = [p.strip().lower() for p in raw.split(",") if p.strip()]
    bad = [p for p in parts if not re.fullmatch(r"\.[a-z0-9]{1,10}", p)]
    if bad:
        raise ValueError(f"expected comma-separated extensions such as .txt,.md; not {bad[0]!r}")
    return ",".join(parts)


settings.declare("ui_max_request_kb", 1024, "Largest request body (KiB) the UI accepts outside uploads: a question, "
                 "an /ask call, the login form.", _positive(int))
settings.declare("ui_max_upload_mb", 50, "Largest upload (MiB) through the UI's upload endpoint; also gradio's "
                 "max_file_size (the 보고서 추가 tab checks its own limit, upload_max_mb, after this one).", _positive(int))
settings.declare("ui_upload_types", ".hwpx,.hwp,.pdf,.txt,.md,.csv,.tsv,.jsonl", "File name extensions the UI's upload "
                 "endpoint "
                 "accepts (comma-separated); anything else is refused with 415. Empty: no upload is accepted.", _types)
settings.declare("ui_download_ttl_s", 600, "Seconds a Markdown export or audit workbook stays on the server for "
                 "download before it is deleted.", _positive(int))

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Limits:
    max_body: int  # bytes
    max_upload: int  # bytes
    upload_types: tuple[str, ...]

    @classmethod
    def from_settings(cls) -> "Limits":
        types = tuple(t for t in str(settings.get("ui_upload_types")).split(",") if t)
        return cls(int(settings.get("ui_max_request_kb")) * 1024, int(settings.get("ui_max_upload_mb")) * 1024 * 1024,
                   types)


def is_upload(path: str) -> bool:
    """True for gradio's upload endpoint (`/gradio_api/upload`, or `/upload` under a root path)."""
    return path.rstrip("/").endswith("/upload")


_FILENAME = re.compile(rb'filename\*?=(?:"((?:[^"\\]|\\.)*)"|([^;\r\n]*))', re.I)


def upload_filenames(body: bytes, content_type: str) -> list[str]:
    """File names of the parts of a multipart/form-data body (headers only; the file contents are not searched)."""
    m = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not m:
        return []
    delim = b"--" + m.group(1).encode("latin-1", "replace")
    names = []
    for part in body.split(delim)[1:]:
        head = part.split(b"\r\n\r\n", 1)[0]
        for disp in re.findall(rb"(?im)^content-disposition:[^\r\n]*", head):
            f = _FILENAME.search(disp)
            if f:
                raw = f.group(1) if f.group(1) is not None else f.group(2)
                name = raw.decode("utf-8", "replace").strip()
                if name.lower().startswith("utf-8''"):
                    from urllib.parse import unquote

                    name = unquote(name[7:])
                names.append(name)
    return names


def allowed_file(name: str, types: tuple[str, ...]) -> bool:
    """True when the file name ends in one of the allowed extensions."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    return bool(suffix) and suffix in types


class RequestLimits:
    """ASGI middleware enforcing `Limits` on every HTTP request (see the module docstring)."""

    def __init__(self, app: Any, limits: Limits | None = None) -> None:
        self.app = app
        self.limits = limits or Limits.from_settings()

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        upload = is_upload(scope.get("path", ""))
        cap = self.limits.max_upload if upload else self.limits.max_body
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _reply(send, 400, "요청 헤더 Content-Length가 숫자가 아닙니다.")
                return
            if declared > cap:
                await _reply(send, 413, _too_large(upload, declared, cap))
                return
        body = bytearray()
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body += msg.get("body", b"")
            if len(body) > cap:
                await _reply(send, 413, _too_large(upload, len(body), cap))
                return
            if not msg.get("more_body", False):
                break
        if upload:
            ctype = headers.get(b"content-type", b"").decode("latin-1")
            names = upload_filenames(bytes(body), ctype)
            bad = [n for n in names if not allowed_file(n, self.limits.upload_types)]
            if bad or not self.limits.upload_types:
                kinds = ", ".join(self.limits.upload_types) or "없음"
                await _reply(send, 415, f"올릴 수 없는 파일 형식입니다 ({bad[0] if bad else '업로드 꺼짐'!r}). "
                                        f"허용 형식: {kinds} (설정 DCQA_UI_UPLOAD_TYPES).")
                return
        await self.app(scope, _replay(bytes(body), receive), send)


def _too_large(upload: bool, size: int, cap: int) -> str:
    if upload:
        return (f"파일이 너무 큽니다 ({size / 1048576:,.1f}MB 이상). {cap // 1048576:,}MB 이하만 올릴 수 있습니다 "
                "(설정 DCQA_UI_MAX_UPLOAD_MB).")
    return (f"요청이 너무 큽니다 ({size / 1024:,.0f}KB 이상). {cap // 1024:,}KB 이하만 받습니다 "
            "(설정 DCQA_UI_MAX_REQUEST_KB).")


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that gives the buffered body once, then passes on (so a disconnect is still seen)."""
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _reply(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def launch_kwargs() -> dict[str, Any]:
    """Keyword arguments for gradio's launch(): the middleware and gradio's own per-file size limit."""
    from starlette.middleware import Middleware

    limits = Limits.from_settings()
    return {"app_kwargs": {"middleware": [Middleware(RequestLimits, limits=limits)]},
            "max_file_size": limits.max_upload}
