"""A small OpenAI-compatible HTTP server (stdlib only) in front of any `app.llm.LLMBackend`.

Serves `GET /v1/models`, `GET /health` and `POST /v1/chat/completions` (JSON, or SSE when `"stream": true`).
Tests use it to drive the OpenAI-compatible backend against a real server on 127.0.0.1; developers can use it
to expose the in-process Gemma model to other tools:

    .venv/bin/python tools/openai_server.py --port 8080            # serves the default GGUF model
    DCQA_LLM=openai DCQA_LLM_BASE_URL=http://127.0.0.1:8080/v1 .venv/bin/python -m app ask "..."
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.llm import LLMBackend  # noqa: E402


class OpenAIServer(ThreadingHTTPServer):
    """HTTP server holding the backend; one generation at a time."""

    daemon_threads = True

    def __init__(self, backend: LLMBackend, host: str = "127.0.0.1", port: int = 0, *, model: str | None = None,
                 api_key: str | None = None) -> None:
        super().__init__((host, port), _Handler)
        self.backend = backend
        self.model = model or backend.name
        self.api_key = api_key
        self.generate_lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []  # request bodies received (tests inspect them)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/v1"


def split_messages(messages: list[dict[str, Any]]) -> tuple[str, str]:
    """(system, user) text of an OpenAI message list: system messages joined, then the other turns."""
    if not isinstance(messages, list) or not messages:
        raise ValueError("'messages' must be a non-empty list of {role, content} objects")
    system = "\n\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "system")
    user = "\n\n".join(str(m.get("content") or "") for m in messages if m.get("role") != "system")
    return system, user


class _Handler(BaseHTTPRequestHandler):
    server: OpenAIServer
    protocol_version = "HTTP/1.0"  # one response per connection: an SSE body simply ends at close

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Keep test output quiet."""

    def _json(self, status: int, data: dict[str, Any]) -> None:
        """Send a JSON response."""
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        """Send an OpenAI-style error object."""
        self._json(status, {"error": {"message": message, "type": "invalid_request_error"}})

    def _authorised(self) -> bool:
        """Whether the request carries the server's key (when it has one)."""
        if not self.server.api_key:
            return True
        return self.headers.get("Authorization", "") == f"Bearer {self.server.api_key}"

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path.rstrip("/") in ("/health", "/v1/health"):
            self._json(200, {"status": "ok"})
        elif self.path.rstrip("/") == "/v1/models":
            self._json(200, {"object": "list", "data": [{"id": self.server.model, "object": "model", "owned_by": "dcqa"}]})
        else:
            self._error(404, f"no route {self.path}; expected /v1/models or /v1/chat/completions")

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._error(404, f"no route {self.path}; expected /v1/chat/completions")
            return
        if not self._authorised():
            self._error(401, "missing or wrong API key")
            return
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            system, user = split_messages(body.get("messages"))
        except (ValueError, AttributeError) as e:
            self._error(400, f"bad request: {e}")
            return
        self.server.requests.append(body)
        with self.server.generate_lock:
            if body.get("stream"):
                self._stream(system, user)
            else:
                text = self.server.backend.complete(system, user)
                self._json(200, {
                    "id": "chatcmpl-" + uuid.uuid4().hex, "object": "chat.completion", "created": int(time.time()),
                    "model": self.server.model,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                })

    def _stream(self, system: str, user: str) -> None:
        """Send the backend's pieces as server-sent events, then [DONE]."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        cid, created = "chatcmpl-" + uuid.uuid4().hex, int(time.time())

        def event(delta: dict[str, str], finish: str | None = None) -> None:
            chunk = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": self.server.model,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            self.wfile.write(b"data: " + json.dumps(chunk, ensure_ascii=False).encode("utf-8") + b"\n\n")
            self.wfile.flush()

        event({"role": "assistant", "content": ""})
        for piece in self.server.backend.stream(system, user):
            if piece:
                event({"content": piece})
        event({}, "stop")
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


def start(backend: LLMBackend, host: str = "127.0.0.1", port: int = 0, **kwargs: Any) -> tuple[OpenAIServer, threading.Thread]:
    """Start a server on a free port (port=0) in a daemon thread; stop it with `server.shutdown()`."""
    server = OpenAIServer(backend, host, port, **kwargs)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    return server, thread


def main(argv: list[str] | None = None) -> int:
    from app.llm import get_backend

    parser = argparse.ArgumentParser(description="Serve a GGUF model (or any dcqa LLM backend) over an OpenAI-compatible API.")
    parser.add_argument("--gguf", default="", help="GGUF file (default: setting llm_gguf_path, Gemma 3 270M)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--api-key", default=None, help="require this Bearer key")
    args = parser.parse_args(argv)
    backend = get_backend("gguf:" + args.gguf if args.gguf else "gguf")
    assert backend is not None
    server = OpenAIServer(backend, args.host, args.port, api_key=args.api_key)
    print(f"serving {backend.name} at {server.base_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
