"""The index home directory: versioned builds, an atomic `current` link, recognition, locking and recovery.

An index directory (setting `index_dir`, `ingest.py --index DIR`) is a *home* that holds:

- `builds/<id>/`       complete builds, never modified once published (config.json, docs/, chunks.jsonl,
                         records.sqlite, bm25.npz, faiss.index); `<id>` is a UTC time stamp and a pid
- `builds/.tmp-<id>/`  a build being written (removed at start-up when its writer is gone)
- `current`            a relative symlink `builds/<id>`: the published build. It is replaced with one
                         `rename(2)` of a new link over it, so a reader sees the old build or the new one, never
                         none and never a mix
- `.lock`              `flock` of the writer (one ingest or swap at a time); `.dense.lock`, `dense-status.json`,
                         `dense.log` belong to the background dense build (`index/densify.py`)

Every build's config.json carries the marker `"index_kind": "dcqa-index"`. A directory is written to only when it is
absent, empty, a home as above, or an index of the earlier flat layout (config.json with format_version, corpus and
code_version at the top, which the next build replaces); anything else is refused and left untouched.

`recover(home)` runs at the start of every build and of `load_index`: it removes temporary builds and links left by a
killed writer, points `current` at the newest complete build when the link is missing, removes the files of the flat
layout once a `current` link exists, and prunes builds beyond the newest `keep_builds`.

Test hook (not a setting): `DCQA_TEST_KILL_AT=<step>` makes the process kill itself with SIGKILL at that step of a
build (`written`, `renamed`, `linked`, `swapped`, `legacy-cleared`, `dense-embedded`, `dense-written`), and
`DCQA_TEST_PAUSE_AT=<step>` makes it print `paused at <step>` on stderr and sleep, so a test can kill it there.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from index import settings

INDEX_KIND = "dcqa-index"
BUILDS = "builds"
CURRENT = "current"
LOCK = ".lock"
DENSE_LOCK = ".dense.lock"
DENSE_STATUS = "dense-status.json"
DENSE_LOG = "dense.log"
_TMP_PREFIX = ".tmp-"
_LINK_TMP_PREFIX = ".current.tmp-"
_STATUS_TMP_PREFIX = ".dense-status.tmp-"
BUILD_RE = re.compile(r"^\d{8}T\d{12}Z-\d+$")
_TMP_RE = re.compile(r"^\.tmp-\d{8}T\d{12}Z-\d+$")
# the files of the earlier flat layout (an index written straight into the directory)
LEGACY_NAMES = frozenset({"config.json", "config.json.tmp", "docs", "chunks.jsonl", "records.sqlite", "bm25.npz",
                          "faiss.index"})
HOME_NAMES = frozenset({BUILDS, CURRENT, LOCK, DENSE_LOCK, DENSE_STATUS, DENSE_LOG})

settings.declare("keep_builds", 2, "Complete index builds kept in the index directory (the current one and the ones "
                 "before it, so a process still reading an older build is not cut off); at least 1.")


class IndexDirError(ValueError):
    """The index directory cannot be written: it holds something that is not an index (the message says what)."""


class IndexBusyError(RuntimeError):
    """Another process is writing the index directory."""


@dataclass(frozen=True)
class HomeState:
    """What a directory holds: 'absent', 'empty', 'home' (builds + current), 'legacy' (flat index) or 'foreign'."""

    kind: str
    reason: str = ""


# --- test hook ---------------------------------------------------------------------------------------
def step(name: str) -> None:
    """A named point of a build: the test hook kills or pauses the process here when asked (no-op otherwise)."""
    if os.environ.get("DCQA_TEST_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("DCQA_TEST_PAUSE_AT") == name:
        sys.stderr.write(f"paused at {name}\n")
        sys.stderr.flush()
        time.sleep(3600)


# --- recognising a directory -------------------------------------------------------------------------
def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file, or None when missing, unreadable or not an object."""
    try:
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return obj if isinstance(obj, dict) else None


def is_index_config(cfg: dict[str, Any] | None) -> bool:
    """True for the config.json of an index this code wrote (marker), or of the earlier flat layout."""
    if not cfg:
        return False
    if cfg.get("index_kind") == INDEX_KIND:
        return True
    return all(k in cfg for k in ("format_version", "corpus", "code_version"))


def inspect(home: Path) -> HomeState:
    """Classify a directory before writing into it (reads names and config.json files only)."""
    home = Path(home)
    if not os.path.lexists(home):
        return HomeState("absent")
    if not home.is_dir():
        return HomeState("foreign", "it is a file, not a directory")
    try:
        names = set(os.listdir(home))
    except OSError as e:
        return HomeState("foreign", f"it cannot be listed ({e.strerror or e})")
    if not names:
        return HomeState("empty")
    ours = {n for n in names if n in HOME_NAMES or n.startswith((_LINK_TMP_PREFIX, _STATUS_TMP_PREFIX))}
    legacy = names & LEGACY_NAMES
    other = names - ours - legacy
    if other:
        shown = ", ".join(sorted(other)[:3]) + (" …" if len(other) > 3 else "")
        return HomeState("foreign", f"it holds files that are not part of an index ({shown})")
    if legacy and not (home / CURRENT).is_symlink():  # with a current link they are leftovers of a replaced index
        if not is_index_config(read_json(home / "config.json")):
            return HomeState("foreign", "its config.json is not an index configuration")
        return HomeState("legacy")
    builds = home / BUILDS
    if builds.exists():
        if not builds.is_dir() or builds.is_symlink():
            return HomeState("foreign", f"{BUILDS} is not a directory of index builds")
        for n in os.listdir(builds):
            if not (BUILD_RE.match(n) or _TMP_RE.match(n)):
                return HomeState("foreign", f"{BUILDS}/{n} is not an index build")
            if BUILD_RE.match(n) and not is_index_config(read_json(builds / n / "config.json")):
                return HomeState("foreign", f"{BUILDS}/{n} has no index config.json")
    cur = home / CURRENT
    if os.path.lexists(cur) and not cur.is_symlink():
        return HomeState("foreign", f"{CURRENT} is not a link to a build")
    return HomeState("home")


def check_writable(home: Path) -> HomeState:
    """The state of `home`, or IndexDirError (one line) when ingest must not write there."""
    real = Path(os.path.realpath(home))
    if real.parent.name == BUILDS and BUILD_RE.match(real.name):
        raise IndexDirError(
            f"refusing to write the index into {home}: it is one build inside the index directory "
            f"{real.parent.parent}; nothing was changed. Pass --index {real.parent.parent} instead.")
    state = inspect(home)
    if state.kind == "foreign":
        raise IndexDirError(
            f"refusing to write the index into {home}: {state.reason}. Expected an empty or new directory, or an "
            f"index built by ingest.py; nothing was changed. Choose another --index DIR (or DCQA_INDEX_DIR).")
    return state


# --- reading ------------------------------------------------------------------------------------------
def current_build(home: Path) -> Path | None:
    """The directory of the published build: `current`'s target, a flat-layout index, else None."""
    home = Path(home)
    cur = home / CURRENT
    if cur.is_symlink():
        target = home / os.readlink(cur)
        if (target / "config.json").exists():
            return Path(os.path.realpath(target))
        return None
    if (home / "config.json").exists():
        return home  # flat layout (or a build directory given directly)
    return None


def build_id(build_dir: Path) -> str:
    """The id of a build (its directory name; the directory itself for a flat layout)."""
    return Path(build_dir).name


# --- writing ------------------------------------------------------------------------------------------
def new_build_id() -> str:
    """A fresh, sortable build id: UTC time to the microsecond and the pid."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"


def new_tmp(home: Path) -> tuple[Path, str]:
    """A new temporary build directory (not created) under builds/, with the id it will be published as."""
    bid = new_build_id()
    (Path(home) / BUILDS).mkdir(parents=True, exist_ok=True)
    return Path(home) / BUILDS / f"{_TMP_PREFIX}{bid}", bid


@contextmanager
def writer_lock(home: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the home's writer lock; IndexBusyError when another process holds it for longer than `wait` seconds."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = _lock_holder(fd)
                    raise IndexBusyError(
                        f"another ingest is writing {home}{f' (pid {holder})' if holder else ''}; wait for it to "
                        f"finish (or stop it) and run the command again") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # releases the lock


def _lock_holder(fd: int) -> str:
    """The pid written into a lock file by its holder ('' when unknown)."""
    try:
        return os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""


def try_lock(path: Path) -> int | None:
    """An fd holding an exclusive lock on `path`, or None when another process holds it (or it cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def lock_is_held(path: Path) -> bool:
    """True when some process holds the lock file `path` (a probe that takes and drops it otherwise)."""
    if not Path(path).exists():
        return False
    fd = try_lock(path)
    if fd is None:
        return os.access(path, os.W_OK)  # unreadable lock file: only 'held' if we could have taken it
    os.close(fd)
    return False


def publish(home: Path, tmp: Path, bid: str) -> Path:
    """Make the complete temporary build `tmp` the current one; returns its final directory.

    Steps (a kill between any two leaves a loadable index; `recover` finishes or undoes the rest):
    rename tmp → builds/<id>; make a new link; rename the link over `current`; remove flat-layout files; prune.
    """
    home = Path(home)
    final = home / BUILDS / bid
    _fsync_dir(tmp)
    os.rename(tmp, final)
    _fsync_dir(final.parent)
    step("renamed")
    link = home / f"{_LINK_TMP_PREFIX}{os.getpid()}"
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(f"{BUILDS}/{bid}", link)
    step("linked")
    os.replace(link, home / CURRENT)
    _fsync_dir(home)
    step("swapped")
    _clear_legacy(home)
    prune(home)
    return final


def _fsync_dir(path: Path) -> None:
    """fsync a directory so a rename in it survives a power cut (best effort)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _clear_legacy(home: Path) -> None:
    """Remove the flat layout's files once `current` points at a build (config.json last, so a kill midway
    still leaves a recognisable directory)."""
    for name in sorted(LEGACY_NAMES, key=lambda n: (n == "config.json", n)):
        p = home / name
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        elif os.path.lexists(p):
            os.unlink(p)
        if name == "bm25.npz":
            step("legacy-cleared")


def complete_builds(home: Path) -> list[Path]:
    """Published builds (with an index config.json), oldest first."""
    d = Path(home) / BUILDS
    if not d.is_dir():
        return []
    return [d / n for n in sorted(os.listdir(d)) if BUILD_RE.match(n) and is_index_config(read_json(d / n / "config.json"))]


def prune(home: Path) -> None:
    """Remove published builds beyond the newest `keep_builds` (never the current one)."""
    keep = max(1, int(settings.get("keep_builds")))
    cur = current_build(home)
    builds = complete_builds(home)
    for b in builds[:-keep] if len(builds) > keep else []:
        if cur is not None and Path(os.path.realpath(b)) == cur:
            continue
        doomed = b.parent / f"{_TMP_PREFIX}{b.name}"  # renamed first: a kill mid-removal leaves a temporary build
        os.rename(b, doomed)
        shutil.rmtree(doomed, ignore_errors=True)


def recover(home: Path) -> list[str]:
    """Finish or undo what a killed writer left (caller holds the writer lock); returns what was done."""
    home = Path(home)
    done: list[str] = []
    if not home.is_dir():
        return done
    builds = home / BUILDS
    if builds.is_dir():
        for n in os.listdir(builds):
            if _TMP_RE.match(n):
                shutil.rmtree(builds / n, ignore_errors=True)
                done.append(f"removed unfinished build {n}")
    for n in os.listdir(home):
        if n.startswith((_LINK_TMP_PREFIX, _STATUS_TMP_PREFIX)):
            pid = n.rsplit("-", 1)[-1]
            if n.startswith(_STATUS_TMP_PREFIX) and pid.isdigit() and _pid_alive(int(pid)):
                continue  # a running background dense build is writing its status
            os.unlink(home / n)
            done.append(f"removed {n}")
    cur = home / CURRENT
    if os.path.lexists(cur) and current_build(home) is None:
        os.unlink(cur)  # dangling: its build was removed
        done.append("removed a dangling current link")
    if not os.path.lexists(cur):
        complete = complete_builds(home)
        if complete and not (home / "config.json").exists():
            link = home / f"{_LINK_TMP_PREFIX}{os.getpid()}"
            os.symlink(f"{BUILDS}/{complete[-1].name}", link)
            os.replace(link, cur)
            done.append(f"current → {complete[-1].name}")
    if cur.is_symlink() and any(os.path.lexists(home / n) for n in LEGACY_NAMES):
        _clear_legacy(home)
        done.append("removed the flat-layout files replaced by a build")
    prune(home)
    return done


def recover_quietly(home: Path) -> None:
    """`recover` when no writer is running and the directory is ours and writable; otherwise nothing."""
    home = Path(home)
    if inspect(home).kind not in ("home", "legacy") or not os.access(home, os.W_OK):
        return
    try:
        with writer_lock(home):
            recover(home)
    except (IndexBusyError, OSError):
        return


def restore_sibling_leftovers(home: Path) -> None:
    """The earlier code's swap left `.<name>.old-<pid>` (the old index) when killed between its two renames, and
    `.<name>.tmp-<pid>` after any killed build: put the old index back when the directory is gone, and remove the
    rest (only directories that hold an index config.json)."""
    home = Path(home)
    parent = home.parent
    if not parent.is_dir():
        return
    try:
        names = os.listdir(parent)
    except OSError:
        return
    olds = sorted(n for n in names if n.startswith(f".{home.name}.old-"))
    tmps = [n for n in names if n.startswith(f".{home.name}.tmp-")]
    for n in reversed(olds):
        p = parent / n
        if not is_index_config(read_json(p / "config.json")):
            continue
        if not os.path.lexists(home):
            os.rename(p, home)
        else:
            shutil.rmtree(p, ignore_errors=True)
    for n in tmps:
        p = parent / n
        pid = n.rsplit("-", 1)[-1]
        if pid.isdigit() and _pid_alive(int(pid)):
            continue
        if is_index_config(read_json(p / "config.json")) or (p / "chunks.jsonl").exists() or not any(p.iterdir()):
            shutil.rmtree(p, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    """True when a process with that pid exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_status(home: Path, obj: dict[str, Any]) -> None:
    """Write dense-status.json via a temporary file and rename."""
    tmp = Path(home) / f"{_STATUS_TMP_PREFIX}{os.getpid()}"
    path = Path(home) / DENSE_STATUS
    tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
