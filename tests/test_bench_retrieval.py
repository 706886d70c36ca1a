"""The retrieval benchmark command on a tiny benchmark made in tmp_path, and its metric math."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.retrieval import dedupe, main, mrr_at, ndcg_at, page_chunk, percentile, recall_at, score_run

PAGES = {
    "finance - 은행 가이드.pdf - 1": "지방은행이 시중은행으로 전환하려면 금융위원회 인가가 필요하다. 최저자본금 1,000억원.",
    "finance - 은행 가이드.pdf - 2": "예비인가 절차는 생략할 수 있으며 본인가 심사기한은 3개월이다.",
    "public - 도시 보고서.pdf - 1": "서울시 공공와이파이 확대 사업 예산 120억원, 2025년 완료 예정.",
    "public - 도시 보고서.pdf - 2": "재해복구시스템 구축으로 데이터센터 장애에 대비한다.",
    "medical - 건강 안내.pdf - 1": "고혈압 환자의 하루 나트륨 섭취 권장량은 2,000mg 이하이다.",
}
QA = [
    {"qid": "q1", "query": "시중은행 전환 시 최저자본금은 얼마인가요?", "retrieval_gt": ["finance - 은행 가이드.pdf - 1"]},
    {"qid": "q2", "query": "본인가 심사기한은?", "retrieval_gt": ["finance - 은행 가이드.pdf - 2"]},
    {"qid": "q3", "query": "하루 나트륨 권장량", "retrieval_gt": ["medical - 건강 안내.pdf - 1"]},
    {"qid": "q4", "query": "DR 시스템 구축 목적", "retrieval_gt": ["public - 도시 보고서.pdf - 2"]},
]


@pytest.fixture()
def bench(tmp_path: Path) -> Path:
    d = tmp_path / "bench"
    d.mkdir()
    (d / "corpus.jsonl").write_text(
        "".join(json.dumps({"doc_id": k, "contents": v}, ensure_ascii=False) + "\n" for k, v in PAGES.items()),
        encoding="utf-8")
    (d / "qa.jsonl").write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QA), encoding="utf-8")
    return d


def test_bm25_leg_json(bench: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--bench", str(bench), "--json", "--methods", "bm25"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["methods"]) == {"bm25"}
    assert out["methods"]["bm25"] == {"r@1": 1.0, "r@5": 1.0, "r@10": 1.0, "mrr@10": 1.0, "ndcg@10": 1.0}
    assert out["index_s"] >= 0 and out["query_ms_p95"] >= out["query_ms_p50"] > 0
    assert out["n_pages"] == 5 and out["n_questions"] == 4


def test_all_methods_json_shape(bench: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--bench", str(bench), "--json"]) == 0  # hash embedder (conftest)
    out = json.loads(capsys.readouterr().out)
    assert set(out["methods"]) == {"bm25", "dense", "hybrid"}
    for scores in out["methods"].values():
        assert set(scores) == {"r@1", "r@5", "r@10", "mrr@10", "ndcg@10"}
        assert scores["r@5"] == 1.0  # five pages: every gold page is in the top 5
    assert out["methods"]["hybrid"]["r@1"] >= 0.75


def test_table_output(bench: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--bench", str(bench), "--methods", "bm25"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["method", "r@1", "r@5"]
    assert out.splitlines()[1].startswith("bm25")


def test_missing_files_and_bad_methods(tmp_path: Path, bench: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--bench", str(tmp_path / "nope"), "--methods", "bm25"]) == 2
    assert "corpus.jsonl and qa.jsonl" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--bench", str(bench), "--methods", "bm25,splade"])


def test_page_chunk_breadcrumb() -> None:
    c = page_chunk("finance - 은행 가이드.pdf - 12", "본문\n둘째 줄")
    assert c.doc == "finance - 은행 가이드.pdf" and c.section_path == ("finance - 은행 가이드", "p.12")
    assert c.search_text == "finance - 은행 가이드\n본문\n둘째 줄" and c.line_end == 2
    assert page_chunk("x - 1", "본문", title=False).search_text == "본문"


def test_metrics_hand_computed() -> None:
    ranked = ["a", "b", "c", "d"]
    assert recall_at(ranked, {"b", "z"}, 1) == 0.0 and recall_at(ranked, {"b", "z"}, 5) == 0.5
    assert mrr_at(ranked, {"c"}, 10) == pytest.approx(1 / 3) and mrr_at(ranked, {"c"}, 2) == 0.0
    assert ndcg_at(ranked, {"a"}, 10) == 1.0
    assert ndcg_at(ranked, {"b"}, 10) == pytest.approx(1 / 1.5849625007)
    assert dedupe(["a", "a", "b"]) == ["a", "b"]
    assert score_run([(["a"], {"a"}), (["b"], {"a"})])["r@1"] == 0.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5 and percentile([], 95) == 0.0


def test_regression_gate(bench: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--bench", str(bench), "--methods", "bm25", "--min", "bm25:r@5=1.0"]) == 0
    assert main(["--bench", str(bench), "--methods", "bm25", "--min", "bm25:r@1=1.01"]) == 1
    assert "gate failed: bm25 r@1 = 1.0 < 1.01" in capsys.readouterr().err
    assert main(["--bench", str(bench), "--methods", "bm25", "--min", "hybrid:r@1=0.5"]) == 1
    with pytest.raises(SystemExit):
        main(["--bench", str(bench), "--min", "r@1>0.5"])
