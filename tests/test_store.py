"""The index directory: contents, load_index() checks, records queries, atomic replace and reuse.

The crash-safety and refusal tests of the index directory itself live in tests/test_index_lifecycle.py."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from index.build import build_index
from index.layout import current_build
from index.store import FORMAT_VERSION, IndexMissingError, IndexStaleError, load_index
from tests.conftest import CORPUS, DOC_2025, DOC_2026


def test_index_directory_layout(built_index: Path) -> None:
    assert (built_index / "current").is_symlink()
    build = current_build(built_index)
    assert build is not None and build.parent.name == "builds"
    cfg = json.loads((build / "config.json").read_text(encoding="utf-8"))
    assert cfg["index_kind"] == "dcqa-index" and cfg["format_version"] == FORMAT_VERSION
    assert cfg["search"]["dense"]["complete"] and cfg["files"]["bm25.npz"] == (build / "bm25.npz").stat().st_size
    assert set(cfg["corpus"]) == {DOC_2025, DOC_2026}
    assert cfg["settings"]["embedder"] == "hash"
    assert cfg["counts"]["numeric_cells"] == cfg["counts"]["covered_cells"] > 1900
    assert "python" in cfg["versions"] and cfg["built_at"]
    for name in (DOC_2025, DOC_2026):
        assert (build / "docs" / name).read_bytes() == (CORPUS / name).read_bytes()
    con = sqlite3.connect(build / "records.sqlite")
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    finally:
        con.close()
    assert {"documents", "sections", "records"} <= tables
    assert {"records_doc", "records_column", "records_department"} <= indexes
    assert not list((built_index / "builds").glob(".tmp-*"))


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
    with pytest.raises(IndexMissingError, match=f"python ingest.py --index {tmp_path / 'absent'}"):
        load_index(tmp_path / "absent")


def test_missing_index_message_never_suggests_force_on_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("not an index", encoding="utf-8")
    with pytest.raises(IndexMissingError) as e:
        load_index(tmp_path / "mine")
    msg = str(e.value)
    assert "not an index directory" in msg and "notes.txt" in msg
    assert "--force" not in msg and f"--index {tmp_path / 'mine'}" not in msg


def test_indexed_record_accessors_agree_with_a_scan(built_index: Path) -> None:
    ix = load_index(built_index)
    everything = ix.all_records()
    r = next(x for x in everything if x.department == "데이터센터" and x.column == "정원")
    assert ix.records_on_line(r.doc, r.line) == [x for x in everything if (x.doc, x.line) == (r.doc, r.line)]
    assert ix.records_of_table(r.table_id) == [x for x in everything if x.table_id == r.table_id]
    assert ix.records_of_section(r.section_id) == [x for x in everything if x.section_id == r.section_id]
    assert ix.records_with_label("데이터센터") == [x for x in everything if "데이터센터" in x.row_path]
    assert ix.records(year=2026, column="정원") == [x for x in everything if x.year == 2026 and x.column == "정원"]
    assert ix.sections_of(DOC_2026) == [s for s in ix.sections if s.doc == DOC_2026]
    assert "정보보안과" in ix.label_keys() and "예산현액" in ix.label_keys()
    assert ix.records_with_label_key("예산현액") == [x for x in everything
                                                 if "예산현액" in [p.replace(" ", "") for p in (*x.row_path, x.column)]]
    assert ix.chunks_of(DOC_2025) == [c for c in ix.chunks if c.doc == DOC_2025]


def test_stale_corpus_is_detected(built_index: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / DOC_2026).chmod(0o644)
    (corpus / DOC_2026).write_text((CORPUS / DOC_2026).read_text(encoding="utf-8") + "\n추가 줄\n", encoding="utf-8")
    with pytest.raises(IndexStaleError, match=DOC_2026):
        load_index(built_index, corpus)


def test_wrong_format_version_is_stale(built_index: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ix"
    shutil.copytree(current_build(built_index), copy)  # one build directory loads on its own too
    cfg = json.loads((copy / "config.json").read_text(encoding="utf-8"))
    cfg["format_version"] = -1
    (copy / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    with pytest.raises(IndexStaleError, match=r"Run: python ingest.py --index"):  # a plain ingest rebuilds it
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
    before = (index_dir / "current" / "config.json").read_text(encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> dict:
        raise RuntimeError("interrupted")

    import index.search

    monkeypatch.setattr(index.search, "build_lexical", boom)
    with pytest.raises(RuntimeError, match="interrupted"):
        build_index(corpus, index_dir, embedder="hash", force=True)
    assert (index_dir / "current" / "config.json").read_text(encoding="utf-8") == before
    assert not list((index_dir / "builds").glob(".tmp-*")) and len(list((index_dir / "builds").iterdir())) == 1
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
