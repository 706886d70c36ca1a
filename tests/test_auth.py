"""Optional sign-in for the UI (app/auth.py): scrypt hashes, the users file, lockout, the proxy header, the
warning when listening beyond localhost, and the whole app behind gradio's login."""
from __future__ import annotations

import asyncio
import io
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from app import auth
from app.auth import AuthConfigError, Throttle, hash_password, load_users, verify_password

FAST = {"n": 2**4, "r": 1, "p": 1}  # tiny scrypt cost for tests; real hashes use N=2**14


def test_scrypt_hash_round_trip_and_salt() -> None:
    h = hash_password("correct horse battery", **FAST)
    assert h.startswith("scrypt$16$1$1$")
    assert verify_password("correct horse battery", h)
    assert not verify_password("wrong", h)
    assert hash_password("correct horse battery", **FAST) != h  # a new salt each time


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$x$1$1$AA==$AA==", "bcrypt$16$1$1$AA==$AA==",
                                    "scrypt$15$1$1$AA==$AA==", "scrypt$16$1$1$!!$AA=="])
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert verify_password("x", stored) is False


def test_users_file_and_its_errors(tmp_path: Path) -> None:
    f = tmp_path / "users"
    f.write_text(f"# staff\nkim:{hash_password('pw-kim-12345', **FAST)}\n\n이영희:{hash_password('pw-lee-12345', **FAST)}\n")
    assert sorted(load_users(f)) == ["kim", "이영희"]
    f.write_text("kim:plaintext\n")
    with pytest.raises(AuthConfigError, match="line 1.*python -m app passwd"):
        load_users(f)
    f.write_text(f"kim:{hash_password('a', **FAST)}\nkim:{hash_password('b', **FAST)}\n")
    with pytest.raises(AuthConfigError, match="line 2: user 'kim' appears twice"):
        load_users(f)
    f.write_text("# nobody\n")
    with pytest.raises(AuthConfigError, match="holds no users"):
        load_users(f)
    with pytest.raises(AuthConfigError, match="cannot read the users file"):
        load_users(tmp_path / "missing")


def test_password_login_with_lockout_after_five_failures() -> None:
    users = {"kim": hash_password("pw-kim-12345", **FAST)}
    login = auth.password_login(users, Throttle(max_failures=5, lockout_s=60))
    run = lambda u, p: asyncio.run(login(u, p))  # noqa: E731
    assert run("kim", "pw-kim-12345") is True
    assert run("nobody", "pw-kim-12345") is False
    for _ in range(5):
        assert run("kim", "guess") is False
    assert run("kim", "pw-kim-12345") is False  # locked out, even with the right password


def test_throttle_lifts_after_the_lockout() -> None:
    t = Throttle(max_failures=2, lockout_s=10)
    t.record("kim", False, now=0)
    t.record("kim", False, now=1)
    assert t.locked("kim", now=5) and not t.locked("kim", now=12)


def _request(host: str, **headers: str) -> SimpleNamespace:
    return SimpleNamespace(client=SimpleNamespace(host=host), headers=headers)


def test_proxy_header_trusted_only_from_the_proxy() -> None:
    user = auth.header_login("X-Forwarded-User", "127.0.0.1,10.0.0.0/24")
    assert user(_request("127.0.0.1", **{"X-Forwarded-User": "kim"})) == "kim"
    assert user(_request("10.0.0.7", **{"X-Forwarded-User": "lee"})) == "lee"
    assert user(_request("192.168.1.5", **{"X-Forwarded-User": "kim"})) is None  # not the proxy: 401
    assert user(_request("127.0.0.1")) is None
    assert user(_request("127.0.0.1", **{"X-Forwarded-User": "kim\nadmin"})) is None
    with pytest.raises(AuthConfigError, match="DCQA_AUTH_PROXY_IPS"):
        auth.header_login("X-Forwarded-User", "proxy.local")
    with pytest.raises(AuthConfigError, match="not a header name"):
        auth.header_login("X User", "127.0.0.1")


def test_configure_from_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert auth.configure().mode == "none"
    f = tmp_path / "users"
    f.write_text(f"kim:{hash_password('pw-kim-12345', **FAST)}\n")
    monkeypatch.setenv("DCQA_AUTH_USERS_FILE", str(f))
    a = auth.configure()
    assert a.mode == "users" and callable(a.launch_kwargs["auth"])
    monkeypatch.setenv("DCQA_AUTH_HEADER", "X-Forwarded-User")
    with pytest.raises(AuthConfigError, match="not both"):
        auth.configure()
    monkeypatch.delenv("DCQA_AUTH_USERS_FILE")
    assert auth.configure().mode == "header"


@pytest.mark.parametrize("host, warned", [("127.0.0.1", False), ("localhost", False), ("::1", False),
                                          ("127.0.1.1", False), ("0.0.0.0", True), ("10.1.2.3", True), ("::", True)])
def test_warning_when_listening_beyond_localhost_without_sign_in(host: str, warned: bool) -> None:
    none = auth.Access("none", {}, "")
    assert (auth.exposure_warning(host, none) is not None) == warned
    assert auth.exposure_warning(host, auth.Access("users", {}, "")) is None


def test_passwd_prints_a_line_the_users_file_accepts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-password\n"))
    assert auth.passwd_main(["kim"]) == 0
    line = capsys.readouterr().out
    f = tmp_path / "users"
    f.write_text(line)
    assert verify_password("a-long-password", load_users(f)["kim"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert auth.passwd_main(["kim"]) == 2
    assert "10자 이상" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-password\n"))
    assert auth.passwd_main(["bad name"]) == 2


def test_the_whole_app_needs_a_sign_in_when_users_are_configured(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """/ask, the page config and the upload endpoint answer 401 without a session; with one, /ask answers."""
    import httpx
    from gradio_client import Client

    from app import ui
    from app.logstore import DB_NAME, LogStore
    from tests.net import free_port
    from tests.test_ui_api import Q, FakeIndex, fake_stream

    f = tmp_path / "users"
    f.write_text(f"kim:{hash_password('pw-kim-12345', **FAST)}\n")
    monkeypatch.setenv("DCQA_AUTH_USERS_FILE", str(f))
    store = LogStore(tmp_path / DB_NAME)
    demo = ui.build_app(FakeIndex(), store, stream=fake_stream)
    _, url, _ = ui.launch(demo, "127.0.0.1", free_port(), prevent_thread_lock=True, quiet=True)
    try:
        base = url.rstrip("/")
        assert httpx.post(f"{base}/gradio_api/call/ask", json={"data": [Q]}).status_code == 401
        assert httpx.get(f"{base}/config").status_code == 401
        assert httpx.post(f"{base}/gradio_api/upload", files={"files": ("a.txt", b"x")}).status_code == 401
        with pytest.raises(Exception):  # noqa: B017 - gradio_client's own error type varies by version
            Client(url, verbose=False, auth=("kim", "wrong-password"))
        out = Client(url, verbose=False, auth=("kim", "pw-kim-12345")).predict(Q, api_name="/ask")
        assert "67명" in out["answer"]
    finally:
        demo.close()
        store.close()


def test_behind_a_proxy_only_requests_carrying_its_header_get_in(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    from app import ui
    from app.logstore import DB_NAME, LogStore
    from tests.net import free_port
    from tests.test_ui_api import Q, FakeIndex, fake_stream

    monkeypatch.setenv("DCQA_AUTH_HEADER", "X-Forwarded-User")
    store = LogStore(tmp_path / DB_NAME)
    demo = ui.build_app(FakeIndex(), store, stream=fake_stream)
    _, url, _ = ui.launch(demo, "127.0.0.1", free_port(), prevent_thread_lock=True, quiet=True)
    try:
        base = url.rstrip("/")
        assert httpx.post(f"{base}/gradio_api/call/ask", json={"data": [Q]}).status_code == 401
        r = httpx.post(f"{base}/gradio_api/call/ask", json={"data": [Q]}, headers={"X-Forwarded-User": "kim"})
        assert r.status_code == 200
        events = httpx.get(f"{base}/gradio_api/call/ask/{r.json()['event_id']}",
                           headers={"X-Forwarded-User": "kim"}).text
        assert "67" in events
    finally:
        demo.close()
        store.close()


def test_start_up_warns_when_listening_beyond_localhost_without_sign_in(monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from app import ui
    from tests.test_ui_api import FakeIndex

    launched: list[tuple[str, str]] = []
    monkeypatch.setattr(ui, "prepare_index", lambda: FakeIndex())
    monkeypatch.setattr(ui, "warm_up", lambda index: None)
    monkeypatch.setattr(ui, "build_app", lambda index, store: "demo")
    monkeypatch.setattr(ui, "launch", lambda demo, host, port, access: launched.append((host, access.mode)))
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        assert ui.main(["--host", "0.0.0.0", "--port", "8080"]) == 0
        assert os.umask(umask) == 0o077  # the service writes private files
    finally:
        os.umask(umask)
    err = capsys.readouterr().err
    assert "경고: 0.0.0.0에서 로그인 없이 실행합니다" in err and launched == [("0.0.0.0", "none")]
    try:
        assert ui.main(["--host", "127.0.0.1"]) == 0
    finally:
        os.umask(umask)
    assert "경고" not in capsys.readouterr().err
