"""The index directory: contents, load_index() checks, records queries, atomic replace and reuse."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from index.build import build_index
from index.store import FORMAT_VERSION, IndexMissingError, IndexStaleError, load_index
from tests.conftest import CORPUS, DOC_2025, DOC_2026


def test_index_directory_layout(built_index: Path) -> None:
    cfg = json.loads((built_index / "config.json").read_text(encoding="utf-8"))
    assert cfg["format_version"] == FORMAT_VERSION
    assert set(cfg["corpus"]) == {DOC_2025, DOC_2026}
    assert cfg["settings"]["embedder"] == "hash"
    assert cfg["counts"]["numeric_cells"] == cfg["counts"]["covered_cells"] > 1900
    assert "python" in cfg["versions"] and cfg["built_at"]
    for name in (DOC_2025, DOC_2026):
        assert (built_index / "docs" / name).read_bytes() == (CORPUS / name).read_bytes()
    con = sqlite3.connect(built_index / "records.sqlite")
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    finally:
        con.close()
    assert {"documents", "sections", "records"} <= tables
    assert {"records_doc", "records_column", "records_department"} <= indexes
    assert not list(built_index.parent.glob(f".{built_index.name}.tmp-*"))


def test_load_index_and_query_records(built_index: Path) -> None:
    ix = load_index(built_index, CORPUS)
    assert {d.year for d in ix.documents} == {2025, 2026}
    assert ix.document(DOC_2026).title == "2026년 현안 업무보고"
    recs = ix.records(year=2025, column="예산현액", department="데이터전략과", table_title="세출예산 집행현황")
    basic = [r for r in recs if r.row_path == ("데이터전략과", "일반회계", "기본경비")]
    assert [(r.value_raw, r.value, r.unit, r.line) for r in basic] == [("51,901", 51901.0, "천원", 970)]
    assert ix.lines(DOC_2025)[969].split("\t")[2] == "51,901"
    for r in ix.all_records():
        assert r.value_raw in ix.lines(r.doc)[r.line - 1]
    c = ix.chunks[0]
    assert ix.chunk(c.chunk_id) == c
    assert ix.section(c.section_id).doc == c.doc
    with pytest.raises(KeyError, match="unknown section"):
        ix.section("nope")


def test_missing_index_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="python ingest.py --force"):
        load_index(tmp_path / "absent")


def test_stale_corpus_is_detected(built_index: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / DOC_2026).chmod(0o644)
    (corpus / DOC_2026).write_text((CORPUS / DOC_2026).read_text(encoding="utf-8") + "\n추가 줄\n", encoding="utf-8")
    with pytest.raises(IndexStaleError, match=DOC_2026):
        load_index(built_index, corpus)


def test_wrong_format_version_is_stale(built_index: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ix"
    shutil.copytree(built_index, copy)
    cfg = json.loads((copy / "config.json").read_text(encoding="utf-8"))
    cfg["format_version"] = -1
    (copy / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    with pytest.raises(IndexStaleError, match="ingest.py --force"):
        load_index(copy)


def _small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "small"
    corpus.mkdir()
    (corpus / "r.txt").write_text(
        "2027년 업무보고\n\n2027. 1.\n\n1. 일반현황\n\n(단위 : 천원)\n\n| 구분 | 예산 |\n|---|---|\n| 계 | 1,000 |\n"
        "| 1) 정보보안과 | 1,000 |\n", encoding="utf-8")
    return corpus


def test_failed_build_keeps_the_old_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _small_corpus(tmp_path)
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir, embedder="hash")
    before = (index_dir / "config.json").read_text(encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> dict:
        raise RuntimeError("interrupted")

    import index.search

    monkeypatch.setattr(index.search, "build_search", boom)
    with pytest.raises(RuntimeError, match="interrupted"):
        build_index(corpus, index_dir, embedder="hash", force=True)
    assert (index_dir / "config.json").read_text(encoding="utf-8") == before
    assert not list(tmp_path.glob(".index.tmp-*"))
    load_index(index_dir, corpus)


def test_up_to_date_index_is_reused_unless_forced(tmp_path: Path) -> None:
    corpus = _small_corpus(tmp_path)
    index_dir = tmp_path / "index"
    first = build_index(corpus, index_dir, embedder="hash")
    assert not first.reused and first.records == 2 and first.coverage == 1.0
    again = build_index(corpus, index_dir, embedder="hash")
    assert again.reused and again.records == 2
    forced = build_index(corpus, index_dir, embedder="hash", force=True)
    assert not forced.reused
    other = build_index(corpus, index_dir, embedder="hash:256")
    assert not other.reused  # a different embedder setting is a different index
