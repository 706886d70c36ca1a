"""The index directory's lifecycle: never write into what is not an index, survive kill -9 at every step of a build
and of the background dense build, report damaged files in one line, limits, and serve while the dense leg builds.

The kill tests run `ingest.py` / `python -m index.densify` in subprocesses with the test hook
`DCQA_TEST_KILL_AT=<step>` (SIGKILL at that step) or `DCQA_TEST_PAUSE_AT=<step>` (the test sends SIGKILL).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ingest
from index import layout
from index.build import build_index
from index.densify import run as densify_run
from index.densify import status
from index.api import _open_build
from index.store import IndexCorruptError, IndexMissingError, load_index

REPO = Path(__file__).resolve().parent.parent

REPORT = """2027년 업무보고

2027. 1.

미래도시국

1. 일반현황

(단위 : 천원)

| 구분 | 예산 | 정원 |
|---|---|---|
| 계 | 1,000 | 20명 |
| 1) 정보보안과 | 600 | 12명 |
| 2) 스마트교통과 | 400 | 8명 |

2. 주요 현안업무

2.1. 교통 데이터 개방 (스마트교통과)

- 사업내용 : 교통 데이터 개방 플랫폼 구축
- 사업예산 : 500백만원
"""


@pytest.fixture(autouse=True)
def _own_corpus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """open_index checks the index against the corpus setting: point it at this test's corpus."""
    monkeypatch.setenv("DCQA_CORPUS_DIR", str(tmp_path / "corpus"))


def _corpus(tmp_path: Path, extra: str | None = None) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "r2027.txt").write_text(REPORT, encoding="utf-8")
    if extra:
        (corpus / "r2028.txt").write_text(extra, encoding="utf-8")
    return corpus


def _snapshot(root: Path) -> dict[str, tuple]:
    """Every path under root with its kind, bytes (or link target), mode and mtime."""
    out: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            if p.is_symlink():
                out[str(p.relative_to(root))] = ("link", os.readlink(p), st.st_mtime_ns)
            elif p.is_dir():
                out[str(p.relative_to(root))] = ("dir", st.st_mode, st.st_mtime_ns)
            else:
                out[str(p.relative_to(root))] = ("file", p.read_bytes(), st.st_mode, st.st_mtime_ns)
    out["."] = ("root", root.stat().st_mode, root.stat().st_mtime_ns)
    return out


def _ingest(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = ingest.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _subprocess_ingest(corpus: Path, index_dir: Path, env_extra: dict[str, str], *more: str,
                       pause: str | None = None) -> subprocess.CompletedProcess | None:
    """Run ingest.py in a subprocess; with `pause`, wait until it pauses at that step and SIGKILL it."""
    env = dict(os.environ, **env_extra)
    cmd = [sys.executable, str(REPO / "ingest.py"), "--corpus", str(corpus), "--index", str(index_dir),
           "--embedder", "hash", *more]
    if pause is None:
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, cwd=REPO)
    env["DCQA_TEST_PAUSE_AT"] = pause
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=REPO)
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.strip() == f"paused at {pause}":
            break
    else:  # pragma: no cover - the step was never reached
        proc.wait(30)
        pytest.fail(f"ingest never reached step {pause}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    return None


# --- never destroy what is not ours ----------------------------------------------------------------------------
@pytest.mark.parametrize("content", ["documents", "foreign_config", "foreign_builds"])
def test_refuses_a_non_index_directory_and_leaves_it_byte_identical(tmp_path: Path, content: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "target"
    (target / "sub").mkdir(parents=True)
    (target / "sub" / "보고서.hwp").write_bytes(b"\x00\x01binary")
    (target / "link").symlink_to("sub")
    if content == "documents":
        (target / "notes.txt").write_text("내 문서", encoding="utf-8")
    elif content == "foreign_config":
        (target / "config.json").write_text('{"theme": "dark"}', encoding="utf-8")
    else:
        (target / "builds").mkdir()
        (target / "builds" / "release-1.0").mkdir()
    before = _snapshot(target)
    code, out, err = _ingest(capsys, "--corpus", str(_corpus(tmp_path)), "--index", str(target), "--embedder", "hash",
                             "--force")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: refusing to write the index into")
    assert "nothing was changed" in err
    assert _snapshot(target) == before


def test_a_build_inside_an_index_directory_is_not_a_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    build_index(corpus, home, embedder="hash")
    before = _snapshot(home)
    code, _, err = _ingest(capsys, "--corpus", str(corpus), "--index", str(home / "current"), "--embedder", "hash",
                           "--force")
    assert code == 2 and "one build inside the index directory" in err and f"--index {home}" in err
    assert _snapshot(home) == before


def test_empty_or_new_directory_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path)
    (tmp_path / "empty").mkdir()
    for target in (tmp_path / "empty", tmp_path / "new" / "index"):
        code, out, _ = _ingest(capsys, "--corpus", str(corpus), "--index", str(target), "--embedder", "hash")
        assert code == 0 and "index built" in out
        assert load_index(target).config["index_kind"] == layout.INDEX_KIND


def test_flat_index_of_the_earlier_layout_is_replaced_by_a_build(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    build_index(corpus, home, embedder="hash")
    flat = tmp_path / "flat"
    os.rename(layout.current_build(home), flat)  # a complete build, as the earlier code wrote it: files at the top
    cfg = json.loads((flat / "config.json").read_text(encoding="utf-8"))
    del cfg["index_kind"]
    (flat / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    assert layout.inspect(flat).kind == "legacy"
    load_index(flat)
    build_index(corpus, flat, embedder="hash", force=True)
    assert sorted(os.listdir(flat)) == [".lock", "builds", "current"]
    assert load_index(flat).config["index_kind"] == layout.INDEX_KIND


def test_a_second_ingest_into_the_same_directory_is_refused_while_one_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    build_index(corpus, home, embedder="hash")
    with layout.writer_lock(home):
        code, _, err = _ingest(capsys, "--corpus", str(corpus), "--index", str(home), "--embedder", "hash", "--force")
    assert code == 2 and "another ingest is writing" in err and err.count("\n") == 1


# --- kill -9 at any step -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("step", ["written", "renamed", "linked", "swapped"])
def test_kill_during_a_rebuild_leaves_the_old_index_loadable(tmp_path: Path, step: str) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    env = {"DCQA_EMBED_CACHE_DIR": str(tmp_path / "cache")}
    assert _subprocess_ingest(corpus, home, env).returncode == 0
    old = layout.current_build(home)
    proc = _subprocess_ingest(corpus, home, {**env, "DCQA_TEST_KILL_AT": step}, "--force")
    assert proc is not None and proc.returncode == -signal.SIGKILL
    data = load_index(home, corpus)  # recovers: removes the unfinished build, the stray link
    assert data.records(column="정원")
    if step in ("written", "renamed", "linked"):
        assert Path(data.dir) == old  # the swap had not happened
    else:
        assert Path(data.dir) != old  # the new build was published
    assert not [n for n in os.listdir(home / "builds") if n.startswith(".")]
    assert not [n for n in os.listdir(home) if n.startswith(".current.tmp")]
    again = _subprocess_ingest(corpus, home, env)
    assert again is not None and again.returncode == 0


@pytest.mark.parametrize("step", ["written", "renamed", "linked"])
def test_kill_during_the_first_build_then_recovery(tmp_path: Path, step: str) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    _subprocess_ingest(corpus, home, {"DCQA_EMBED_CACHE_DIR": str(tmp_path / "cache")}, pause=step)
    if step == "written":  # killed before publishing: no index yet, and nothing half-written is left behind
        with pytest.raises(IndexMissingError, match="python ingest.py --index"):
            load_index(home)
        assert not [n for n in os.listdir(home / "builds") if n.startswith(".")]
    else:  # the complete build was renamed into place: recovery makes it current
        assert load_index(home, corpus).records(column="정원")
    assert _subprocess_ingest(corpus, home, {"DCQA_EMBED_CACHE_DIR": str(tmp_path / "cache")}).returncode == 0
    assert load_index(home, corpus).records(column="정원")


def test_kill_while_replacing_a_flat_index_keeps_it_recognised(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    build_index(corpus, home, embedder="hash")
    flat = tmp_path / "flat"
    os.rename(layout.current_build(home), flat)
    proc = _subprocess_ingest(corpus, flat, {"DCQA_TEST_KILL_AT": "legacy-cleared"}, "--force")
    assert proc is not None and proc.returncode == -signal.SIGKILL
    assert layout.inspect(flat).kind == "home"
    load_index(flat, corpus)
    assert sorted(os.listdir(flat)) == [".lock", "builds", "current"]  # the flat files' remains were removed


@pytest.mark.parametrize("step", ["dense-embedded", "dense-written", "renamed", "linked"])
def test_kill_during_the_background_dense_build(tmp_path: Path, step: str, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    env = {"DCQA_EMBED_CACHE_DIR": str(tmp_path / "cache"), "DCQA_EMBEDDER": "hash"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    build_index(corpus, home, embedder="hash", dense="off")
    assert status(home).state == "waiting"
    proc = subprocess.run([sys.executable, "-m", "index.densify", "--index", str(home)], cwd=REPO,
                          env=dict(os.environ, **env, DCQA_TEST_KILL_AT=step), capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    data = load_index(home, corpus)
    assert data.records(column="정원")
    assert status(home).state in ("waiting", "ready")
    assert densify_run(home) in ("published", "ready")
    assert status(home).state == "ready"
    assert not [n for n in os.listdir(home / "builds") if n.startswith(".")]


def test_leftovers_of_the_earlier_code_are_recovered(tmp_path: Path) -> None:
    """The earlier swap renamed the old index to .<name>.old-<pid> first: a kill there left no index at all."""
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    build_index(corpus, home, embedder="hash")
    os.rename(layout.current_build(home), tmp_path / ".flat.old-4242")
    (tmp_path / ".flat.tmp-4243").mkdir()
    (tmp_path / ".flat.tmp-4243" / "chunks.jsonl").write_text("", encoding="utf-8")
    data = load_index(tmp_path / "flat", corpus)
    assert data.records(column="정원")
    assert sorted(n for n in os.listdir(tmp_path) if n.startswith(".flat")) == []


# --- damaged files -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["bm25.npz", "faiss.index", "records.sqlite"])
def test_truncated_index_file_is_one_line_naming_the_rebuild(tmp_path: Path, name: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    build_index(corpus, home, embedder="hash")
    p = layout.current_build(home) / name
    p.write_bytes(p.read_bytes()[: max(1, p.stat().st_size // 3)])
    env = dict(os.environ, DCQA_INDEX_DIR=str(home), DCQA_CORPUS_DIR=str(corpus), DCQA_EMBEDDER="hash")
    proc = subprocess.run([sys.executable, "-m", "app", "ask", "정보보안과 예산은?"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and name in proc.stderr and "python ingest.py --force" in proc.stderr
    with pytest.raises(IndexCorruptError, match=name.replace(".", r"\.")):
        _open_build(home)
    fixed = _subprocess_ingest(corpus, home, {"DCQA_EMBED_CACHE_DIR": str(tmp_path / "cache")})
    assert fixed.returncode == 0 and "index built" in fixed.stdout  # a plain ingest notices the damage
    load_index(home, corpus)


def test_damaged_faiss_index_of_the_same_size_is_reported_at_the_first_dense_search(tmp_path: Path) -> None:
    from index.api import clear_cache, open_index

    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    build_index(corpus, home, embedder="hash")
    p = layout.current_build(home) / "faiss.index"
    p.write_bytes(b"\0" * p.stat().st_size)
    clear_cache()
    idx = open_index(home)
    assert idx.search("정보보안과", method="bm25")
    with pytest.raises(IndexCorruptError, match=r"faiss\.index .*python ingest.py --force"):
        idx.search("정보보안과", method="dense")


# --- limits ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("limit,value,needle", [("DCQA_MAX_REPORT_BYTES", "200", "report too large"),
                                                ("DCQA_MAX_LINE_CHARS", "30", "line too long")])
def test_report_limits_refuse_before_anything_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch, limit: str, value: str,
                                                         needle: str) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    build_index(corpus, home, embedder="hash")
    before = _snapshot(home)
    (corpus / "r2027.txt").write_text(REPORT + "\n- 추가 줄 " + "가" * 60 + "\n", encoding="utf-8")
    monkeypatch.setenv(limit, value)
    code, out, err = _ingest(capsys, "--corpus", str(corpus), "--index", str(home), "--embedder", "hash")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert needle in err and "r2027.txt" in err and limit in err and "Nothing was written" in err
    assert _snapshot(home) == before


# --- serving while the dense leg builds, and across a rebuild ---------------------------------------------------
def test_index_answers_from_bm25_before_its_dense_leg_is_built_then_attaches_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.api import clear_cache, dense_status, open_index

    monkeypatch.setenv("DCQA_EMBED_CACHE_DIR", str(tmp_path / "cache"))  # nothing cached yet
    monkeypatch.setenv("DCQA_INDEX_REFRESH_SECONDS", "0")
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    summary = build_index(corpus, home, embedder="hash", dense="off")
    assert summary.dense == "partial" and summary.dense_covered == 0
    clear_cache()
    idx = open_index(home)
    data = idx.data
    hits = idx.search("교통 데이터 개방", k=3)  # hybrid falls back to BM25
    assert hits and "교통 데이터 개방" in hits[0].chunk.text
    assert idx.search("교통 데이터 개방", method="dense") == []
    st = dense_status(home)
    assert st.state == "waiting" and st.covered == 0 and "표와 키워드 검색으로" in st.message
    assert densify_run(home) == "published"
    assert idx.refresh(wait=True)
    assert idx.data is data  # the same loaded data, now with the dense leg
    assert idx.retriever.dense_covered == len(data.chunks) and idx.search("교통 데이터 개방", method="dense")
    assert dense_status(home).ready and idx.dense_status().ready and dense_status(home).message == ""


def test_a_rebuild_keeps_the_old_build_serving_until_the_new_one_is_published(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.api import clear_cache, open_index

    monkeypatch.setenv("DCQA_INDEX_REFRESH_SECONDS", "0")
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    build_index(corpus, home, embedder="hash")
    clear_cache()
    idx = open_index(home)
    old_build = idx.build_id
    _corpus(tmp_path, REPORT.replace("2027", "2028").replace("미래도시국", "혁신도시국"))
    build_index(corpus, home, embedder="hash")
    assert idx.build_id == old_build and len(idx.data.documents) == 1  # still serving the old build
    assert (home / "builds" / old_build).is_dir()  # kept for readers (setting keep_builds)
    assert idx.refresh(wait=True)
    assert idx.build_id != old_build and len(idx.data.documents) == 2
    assert open_index(home) is idx


def test_background_dense_build_started_by_ingest_completes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    home = tmp_path / "index"
    env = {"DCQA_EMBED_CACHE_DIR": str(tmp_path / "cache"), "DCQA_EMBEDDER": "hash"}
    proc = _subprocess_ingest(corpus, home, env, "--dense", "background")
    assert proc is not None and proc.returncode == 0
    assert "the rest embedded in the background" in proc.stdout
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    deadline = time.monotonic() + 90
    while status(home).state != "ready" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert status(home).state == "ready", (home / layout.DENSE_LOG).read_text(encoding="utf-8")
    assert "published" in (home / layout.DENSE_LOG).read_text(encoding="utf-8")
