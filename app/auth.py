"""Optional sign-in for the chat UI: configured users with scrypt-hashed passwords, or the user name a reverse
proxy put in a header after authenticating the request itself.

- `DCQA_AUTH_USERS_FILE=/etc/dcqa/users`: one `name:scrypt$N$r$p$salt$hash` line per user (`python -m app passwd
  NAME` prints one); the UI shows gradio's login page and every page, API call (`/ask`), audit tab and download
  needs a signed-in session.
- `DCQA_AUTH_HEADER=X-Forwarded-User`: the proxy (nginx with auth_request, an SSO gateway) authenticates; the UI
  trusts the header only on requests from `DCQA_AUTH_PROXY_IPS` and answers 401 to anything else.
- Neither: no sign-in; `exposure_warning` says so when the UI listens beyond localhost.

See docs/security.md.
"""
from __future__ import annotations

import asyncio
import base64
import getpass
import hashlib
import hmac
import ipaddress
import re
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable

from index import settings

settings.declare("auth_users_file", "", "File of UI users, one 'name:scrypt$…' line each (`python -m app passwd "
                 "NAME` prints one); when set, the UI, /ask and the audit tab need a sign-in. Empty: no sign-in.")
settings.declare("auth_header", "", "Header in which a reverse proxy that authenticated the request passes the user "
                 "name (e.g. X-Forwarded-User); trusted only from auth_proxy_ips. Empty: not used.")
settings.declare("auth_proxy_ips", "127.0.0.1,::1", "Comma-separated addresses or networks of the reverse proxy whose "
                 "auth_header is trusted.")

SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2**14, 8, 1, 16, 32
MIN_PASSWORD_CHARS = 10
MAX_FAILURES, LOCKOUT_S = 5, 60.0
_NAME = re.compile(r"[A-Za-z0-9가-힣._@-]{1,64}")
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "ip6-localhost"})


class AuthConfigError(ValueError):
    """The sign-in configuration cannot be used (named file and line, what to do)."""


# --- passwords -----------------------------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """'scrypt$N$r$p$salt$key' for a password (hashlib.scrypt, random 16-byte salt)."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=64 * 1024 * 1024)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(key)}"


def _parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    kind, n, r, p, salt, key = stored.split("$")
    if kind != "scrypt":
        raise ValueError(f"unknown hash kind {kind!r}")
    n_, r_, p_ = int(n), int(r), int(p)
    if n_ < 2 or n_ & (n_ - 1) or not (1 <= r_ <= 64 and 1 <= p_ <= 16 and n_ <= 2**20):
        raise ValueError("scrypt parameters out of range")
    return n_, r_, p_, base64.b64decode(salt, validate=True), base64.b64decode(key, validate=True)


def verify_password(password: str, stored: str) -> bool:
    """True when the password matches the stored scrypt hash (constant-time comparison)."""
    try:
        n, r, p, salt, key = _parse_hash(stored)
        got = hashlib.scrypt(password.encode("utf-8", "surrogatepass"), salt=salt, n=n, r=r, p=p, dklen=len(key),
                             maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(got, key)


def load_users(path: Path) -> dict[str, str]:
    """{name: stored hash} from a users file; AuthConfigError naming the file and line of a bad entry."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise AuthConfigError(f"cannot read the users file {path} ({type(e).__name__}: {e}); set DCQA_AUTH_USERS_FILE "
                              "to a readable file made with `python -m app passwd NAME`") from e
    users: dict[str, str] = {}
    for no, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, stored = line.partition(":")
        try:
            if not sep or not _NAME.fullmatch(name):
                raise ValueError("expected 'name:scrypt$…' with a name of letters, digits, ._@-")
            _parse_hash(stored)
        except ValueError as e:
            raise AuthConfigError(f"{path} line {no}: {e}; make the line with `python -m app passwd NAME`") from e
        if name in users:
            raise AuthConfigError(f"{path} line {no}: user {name!r} appears twice")
        users[name] = stored
    if not users:
        raise AuthConfigError(f"{path} holds no users; add one with `python -m app passwd NAME >> {path}`")
    return users


# --- sign-in for gradio ----------------------------------------------------------------------------------------


class Throttle:
    """After MAX_FAILURES wrong passwords for one name, refuse that name for LOCKOUT_S seconds."""

    def __init__(self, max_failures: int = MAX_FAILURES, lockout_s: float = LOCKOUT_S) -> None:
        self.max_failures, self.lockout_s = max_failures, lockout_s
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def locked(self, name: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            count, since = self._failures.get(name, (0, 0.0))
            if count >= self.max_failures and now - since < self.lockout_s:
                return True
            if count >= self.max_failures:
                self._failures.pop(name, None)
            return False

    def record(self, name: str, ok: bool, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            if ok:
                self._failures.pop(name, None)
            else:
                count, _ = self._failures.get(name, (0, now))
                self._failures[name] = (count + 1, now)


def password_login(users: dict[str, str], throttle: Throttle | None = None) -> Callable[[str, str], Awaitable[bool]]:
    """gradio's `auth` callable: checks the name and password off the event loop, with a lockout."""
    throttle = throttle or Throttle()
    dummy = hash_password(secrets.token_hex(8))  # an unknown name costs as much time as a known one

    def check(username: str, password: str) -> bool:
        name = (username or "").strip()
        if throttle.locked(name):
            return False
        ok = verify_password(password or "", users.get(name, dummy)) and name in users
        throttle.record(name, ok)
        return ok

    async def login(username: str, password: str) -> bool:
        return await asyncio.to_thread(check, username, password)

    return login


def _proxy_networks(spec: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    nets = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        try:
            nets.append(ipaddress.ip_network(part, strict=False))
        except ValueError as e:
            raise AuthConfigError(f"DCQA_AUTH_PROXY_IPS={spec!r}: {part!r} is not an address or network ({e}); "
                                  "expected e.g. 127.0.0.1,::1 or 10.0.0.0/24") from e
    if not nets:
        raise AuthConfigError("DCQA_AUTH_PROXY_IPS is empty; name the reverse proxy's address, e.g. 127.0.0.1")
    return nets


def header_login(header: str, proxies: str) -> Callable[[Any], str | None]:
    """gradio's `auth_dependency`: the user name in `header` on a request from a trusted proxy, else None (401)."""
    nets = _proxy_networks(proxies)
    if not re.fullmatch(r"[A-Za-z0-9-]{1,64}", header):
        raise AuthConfigError(f"DCQA_AUTH_HEADER={header!r} is not a header name; expected e.g. X-Forwarded-User")

    def user(request: Any) -> str | None:
        host = getattr(getattr(request, "client", None), "host", None)
        try:
            addr = ipaddress.ip_address(host or "")
        except ValueError:
            return None
        if not any(addr in n for n in nets):
            return None
        name = (request.headers.get(header) or "").strip()
        return name if _NAME.fullmatch(name) else None

    return user


@dataclass(frozen=True)
class Access:
    """How the UI signs users in: 'users' (password file), 'header' (reverse proxy) or 'none'."""

    mode: str
    launch_kwargs: dict[str, Any]
    detail: str


def configure() -> Access:
    """The sign-in of the UI from the settings; AuthConfigError when they cannot be used."""
    users_file = str(settings.get("auth_users_file")).strip()
    header = str(settings.get("auth_header")).strip()
    if users_file and header:
        raise AuthConfigError("set either DCQA_AUTH_USERS_FILE (users and passwords) or DCQA_AUTH_HEADER (a reverse "
                              "proxy signs users in), not both")
    if users_file:
        users = load_users(Path(users_file))
        return Access("users", {"auth": password_login(users), "auth_message": "디지털도시국 업무보고 Q&A: 로그인하세요."},
                      f"로그인 사용자 {len(users)}명 ({users_file})")
    if header:
        proxies = str(settings.get("auth_proxy_ips"))
        return Access("header", {"auth_dependency": header_login(header, proxies)},
                      f"역방향 프록시 인증 (헤더 {header}, 프록시 {proxies})")
    return Access("none", {}, "로그인 없음")


def exposure_warning(host: str, access: Access) -> str | None:
    """A warning when the UI listens beyond this machine and nobody has to sign in."""
    if access.mode != "none" or host.strip().lower() in LOCAL_HOSTS or host.startswith("127."):
        return None
    return (f"경고: {host}에서 로그인 없이 실행합니다. 같은 네트워크의 누구나 질문하고 감사 준비 탭을 볼 수 있습니다. "
            "DCQA_AUTH_USERS_FILE 또는 역방향 프록시(DCQA_AUTH_HEADER)를 설정하세요 (docs/security.md).")


# --- python -m app passwd NAME ------------------------------------------------------------------------------


def passwd_main(argv: list[str]) -> int:
    """Print 'name:scrypt$…' for a new user (password read twice from the terminal, or once from stdin)."""
    from app.guard import OneLineParser

    p = OneLineParser(prog="python -m app passwd", usage_hint="python -m app passwd NAME >> users-file",
                      description="UI 로그인 사용자 한 줄을 만듭니다 (DCQA_AUTH_USERS_FILE에 추가).")
    p.add_argument("name", help="사용자 이름 (영문·숫자·한글·._@-, 64자 이내)")
    args = p.parse_args(argv)
    if not _NAME.fullmatch(args.name):
        sys.stderr.write("오류: 사용자 이름은 영문·숫자·한글과 ._@- 로 64자 이내여야 합니다.\n")
        return 2
    if sys.stdin.isatty():
        first = getpass.getpass("비밀번호: ")
        if getpass.getpass("비밀번호 확인: ") != first:
            sys.stderr.write("오류: 두 비밀번호가 다릅니다. 다시 실행하세요.\n")
            return 2
    else:
        first = sys.stdin.readline().rstrip("\r\n")
    if len(first) < MIN_PASSWORD_CHARS:
        sys.stderr.write(f"오류: 비밀번호는 {MIN_PASSWORD_CHARS}자 이상이어야 합니다.\n")
        return 2
    sys.stdout.write(f"{args.name}:{hash_password(first)}\n")
    return 0
