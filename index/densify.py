"""The dense leg, built after the index is already answering: embed what the cache lacks, publish a build with it.

    python -m index.densify [--index DIR]        # what `ingest.py --dense background` and the UI start

A build published by `build_index(..., dense="background")` has BM25, table records and the vectors that were
already cached; this process embeds the rest (with `embed_build_threads` threads, below normal CPU priority),
then, under the writer lock, publishes a new build that hard-links the unchanged files and adds the complete
`faiss.index` — one atomic swap of `current`. If another build was published meanwhile, its result is dropped
(the vectors stay cached for that build). At most one such process runs per index directory (`.dense.lock`);
progress goes to `dense-status.json` (read by `dense_status()`) and `dense.log`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from index import layout, settings

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class DenseStatus:
    """Where the dense (embedding) leg of an index stands; `message` is a one-line Korean banner ('' when ready).

    state: 'ready' (complete), 'building' (a background build is embedding: done/total), 'waiting' (incomplete and
    nothing is building it), 'failed' (the last background build failed: message says why), 'missing' (no index).
    """

    state: str
    done: int = 0
    total: int = 0
    covered: int = 0
    chunks: int = 0
    message: str = ""

    @property
    def ready(self) -> bool:
        return self.state == "ready"


def _dense_entry(cfg: dict[str, Any] | None) -> dict[str, Any] | None:
    """The config's dense entry (covered/total/complete), or None without a search entry."""
    search = (cfg or {}).get("search")
    if not isinstance(search, dict):
        return None
    d = search.get("dense")
    if isinstance(d, dict):
        return d
    n = int(search.get("n_chunks") or 0)
    return {"covered": n, "total": n, "complete": True}  # an index built before the dense leg could be partial


def status(home: Path, served: dict[str, Any] | None = None) -> DenseStatus:
    """The dense leg's status for the index directory `home` (of the build `served` when given, else the current)."""
    home = Path(home)
    build = layout.current_build(home)
    cfg = served if served is not None else (None if build is None else layout.read_json(build / "config.json"))
    d = _dense_entry(cfg)
    if d is None:
        return DenseStatus("missing", message="색인이 없습니다. `python ingest.py`로 만드세요.")
    covered, total = int(d.get("covered", 0)), int(d.get("total", 0))
    if d.get("complete"):
        return DenseStatus("ready", covered=covered, chunks=total)
    st = layout.read_json(home / layout.DENSE_STATUS) or {}
    running = layout.lock_is_held(home / layout.DENSE_LOCK)
    if running:
        done, todo = int(st.get("done", 0)), int(st.get("total", 0))
        return DenseStatus("building", done, todo, covered, total,
                           f"의미 검색 색인을 만드는 중입니다 ({done}/{todo}). 그동안은 표와 키워드 검색으로 답합니다.")
    if st.get("state") == "failed" and build is not None and st.get("build") == layout.build_id(build):
        return DenseStatus("failed", covered=covered, chunks=total,
                           message=f"의미 검색 색인을 만들지 못했습니다 ({st.get('error', '?')}). 표와 키워드 검색으로 "
                                   "답합니다. `python ingest.py`로 다시 만드세요.")
    return DenseStatus("waiting", covered=covered, chunks=total,
                       message=f"의미 검색 색인이 아직 완성되지 않았습니다 ({covered}/{total}). 표와 키워드 검색으로 "
                               "답합니다. `python ingest.py`로 완성하세요.")


def dense_status(index_dir: Path | str | None = None) -> DenseStatus:
    """The UI's one call: the dense leg's status of the index directory (default: setting `index_dir`)."""
    return status(Path(index_dir or settings.get("index_dir")))


def start_background(home: Path) -> bool:
    """Start `python -m index.densify --index HOME` detached, unless the dense leg is complete or being built;
    True when a process was started."""
    home = Path(home).resolve()
    st = status(home)
    if st.state in ("ready", "building", "missing"):
        return False
    log = open(home / layout.DENSE_LOG, "ab")  # noqa: SIM115 - handed to the child
    try:
        subprocess.Popen([sys.executable, "-m", "index.densify", "--index", str(home)], cwd=REPO_ROOT,
                         stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    finally:
        log.close()
    return True


def _link_tree(src: Path, dst: Path, skip: set[str]) -> None:
    """Hard-link (or copy where links are impossible) every file of `src` into the new directory `dst`."""
    dst.mkdir()
    for p in sorted(src.iterdir()):
        if p.name in skip:
            continue
        if p.is_dir():
            _link_tree(p, dst / p.name, set())
            continue
        try:
            os.link(p, dst / p.name)
        except OSError:
            shutil.copy2(p, dst / p.name)


def run(home: Path, progress: Callable[[str, int, int], None] | None = None) -> str:
    """Complete the dense leg of `home`'s current build and publish it; returns 'published', 'ready' (nothing to
    do), 'running' (another process is at it), 'superseded' (a newer build was published meanwhile) or 'missing'."""
    from index.dense import DenseIndex
    from index.embed import EMBED_TEXT_VERSION, embed_passages_cached, get_embedder
    from index.store import file_sizes, load_index, write_config

    home = Path(home)
    fd = layout.try_lock(home / layout.DENSE_LOCK)
    if fd is None:
        return "running"
    bid = ""
    try:
        base = layout.current_build(home)
        if base is None:
            return "missing"
        bid = layout.build_id(base)
        cfg = layout.read_json(base / "config.json") or {}
        d = _dense_entry(cfg)
        if d is None:
            return "missing"
        if d.get("complete"):
            return "ready"
        data = load_index(base)
        search = dict(cfg["search"])
        texts = [c.search_text for c in data.chunks]
        embedder = get_embedder(search["embedder_spec"])
        t0 = time.perf_counter()
        last = [0.0]

        def report(stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if done in (0, total) or now - last[0] >= 1.0:
                last[0] = now
                rate = done / (now - t0) if now > t0 else 0.0
                layout.write_status(home, {"state": "embedding", "build": bid, "pid": os.getpid(), "done": done,
                                           "total": total, "chunks_per_s": round(rate, 2),
                                           "updated": time.strftime("%Y-%m-%dT%H:%M:%S")})
            if progress:
                progress(stage, done, total)

        vectors = embed_passages_cached(embedder, texts, progress=report)
        layout.step("dense-embedded")
        with layout.writer_lock(home, wait=600):
            if layout.current_build(home) != base:
                layout.write_status(home, {"state": "superseded", "build": bid, "pid": os.getpid()})
                return "superseded"
            tmp, new_bid = layout.new_tmp(home)
            try:
                _link_tree(base, tmp, {"config.json", "faiss.index"})
                DenseIndex.build(vectors, dim=embedder.dim).save(tmp)
                layout.step("dense-written")
                search["dense"] = {"covered": len(texts), "total": len(texts), "complete": True,
                                   "text": EMBED_TEXT_VERSION, "seconds": round(time.perf_counter() - t0, 2)}
                search["embedder"], search["dim"] = embedder.name, embedder.dim
                new_cfg = dict(cfg, search=search, dense_built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                               base_build=bid)
                new_cfg["files"] = file_sizes(tmp)
                write_config(tmp, new_cfg)
                layout.publish(home, tmp, new_bid)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        layout.write_status(home, {"state": "done", "build": new_bid, "pid": os.getpid(), "done": len(texts),
                                   "total": len(texts), "seconds": round(time.perf_counter() - t0, 2)})
        return "published"
    except Exception as e:
        layout.write_status(home, {"state": "failed", "build": bid, "pid": os.getpid(),
                                   "error": f"{type(e).__name__}: {e}"[:300]})
        raise
    finally:
        os.close(fd)


def main(argv: list[str] | None = None) -> int:
    """`python -m index.densify [--index DIR]`: build the dense leg of the index directory in this process."""
    ap = argparse.ArgumentParser(prog="python -m index.densify", description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, default=None, help="index directory (default: setting index_dir)")
    args = ap.parse_args(argv)
    from index.embed import use_build_threads

    use_build_threads()
    try:
        os.nice(10)  # answering in the UI comes first
    except OSError:
        pass
    home = args.index or Path(settings.get("index_dir"))
    t0 = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        dt = time.perf_counter() - t0
        if done == total or done % 32 == 0:
            print(f"[{dt:7.1f}s] dense {stage} {done}/{total}", file=sys.stderr, flush=True)

    try:
        outcome = run(home, progress)
    except (OSError, ValueError, RuntimeError) as e:
        print(f"error: dense build of {home} failed: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(f"[{time.perf_counter() - t0:7.1f}s] dense build of {home}: {outcome}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
