"""Files and directories private to the service user: the data directory (0700), the query log (0600) and
short-lived download files (Markdown exports, audit workbooks) that are removed once they are old.

A directory is only tightened when it is ours: newly created, or holding nothing but the names we write.
A shared directory (say `DCQA_DATA_DIR=/tmp`) is never chmod-ed; the caller gets a warning to log instead.
"""
from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600


def _loose(mode: int) -> bool:
    return bool(mode & (stat.S_IRWXG | stat.S_IRWXO))


def make_private_dir(path: Path, own_names: frozenset[str] | set[str] = frozenset()) -> str | None:
    """Create `path` (and parents) and make it 0700 when it is ours; returns a warning when it stays readable by
    others (an existing directory holding files we did not write), else None."""
    path = Path(path)
    created = not path.exists()
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    st = path.stat()
    if not _loose(st.st_mode):
        return None
    foreign = [p.name for p in path.iterdir() if not any(p.name.startswith(n) for n in own_names)]
    if created or not foreign:
        try:
            os.chmod(path, DIR_MODE)
            return None
        except OSError as e:
            return f"cannot make {path} private (chmod 700): {e}"
    return (f"{path} is readable by other users (mode {stat.S_IMODE(st.st_mode):o}) and holds files that are not "
            f"ours ({', '.join(sorted(foreign)[:3])}); give the service its own directory or run chmod 700 on it")


def make_private_file(path: Path) -> None:
    """Create the file if missing, with mode 0600; tighten an existing one (owned by us) to 0600."""
    path = Path(path)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    try:
        if _loose(os.fstat(fd).st_mode):
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def tighten(path: Path) -> None:
    """chmod 600 an existing file we wrote (no error when it is gone or not ours)."""
    try:
        if Path(path).exists() and _loose(Path(path).stat().st_mode):
            os.chmod(path, FILE_MODE)
    except OSError as e:
        log.warning("cannot make %s private: %s", path, e)


def download_dir(base: Path) -> Path:
    """A new private directory under `base` for one file to download (removed by `sweep`)."""
    make_private_dir(base)
    return Path(tempfile.mkdtemp(prefix="dl-", dir=base))


def write_private(path: Path, data: bytes | str) -> Path:
    """Write a file only the service user can read."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    with os.fdopen(fd, "wb") as f:
        f.write(raw)
    return Path(path)


def discard(directory: Path) -> None:
    """Remove one download directory now (it is no longer needed)."""
    if Path(directory).name.startswith("dl-"):
        shutil.rmtree(directory, ignore_errors=True)


def sweep(base: Path, max_age_s: float, now: float | None = None) -> int:
    """Remove download directories under `base` older than `max_age_s`; returns how many were removed."""
    base = Path(base)
    if not base.is_dir():
        return 0
    now = time.time() if now is None else now
    removed = 0
    for p in base.iterdir():
        if not p.name.startswith("dl-"):
            continue
        try:
            if now - p.stat().st_mtime >= max_age_s:
                shutil.rmtree(p, ignore_errors=True)
                removed += 1
        except OSError as e:  # a concurrent sweep removed it first
            log.debug("sweep %s: %s", p, e)
    return removed
