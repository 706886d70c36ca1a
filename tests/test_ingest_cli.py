"""`python ingest.py`: one-line errors with exit code 2 for bad input, a closing summary, reuse."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import ingest

REPO = Path(__file__).resolve().parent.parent


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = ingest.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_corpus_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "ix"))
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0
    assert "corpus directory not found" in err and "nope" in err


def test_no_txt_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c").mkdir()
    code, _, err = _run(capsys, "--corpus", str(tmp_path / "c"), "--index", str(tmp_path / "ix"))
    assert code == 2 and "no .txt files" in err


def test_empty_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = tmp_path / "c"
    c.mkdir()
    (c / "blank.txt").write_text("  \n\n", encoding="utf-8")
    code, _, err = _run(capsys, "--corpus", str(c), "--index", str(tmp_path / "ix"))
    assert code == 2 and "empty file" in err and "blank.txt" in err
    assert err.strip().count("\n") == 0


def test_non_utf8_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = tmp_path / "c"
    c.mkdir()
    (c / "cp949.txt").write_bytes("2025년 업무보고".encode("cp949"))
    code, _, err = _run(capsys, "--corpus", str(c), "--index", str(tmp_path / "ix"))
    assert code == 2 and "not UTF-8" in err and "cp949.txt" in err
    assert not (tmp_path / "ix").exists()


def test_build_summary_and_reuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = tmp_path / "c"
    c.mkdir()
    (c / "r.txt").write_text(
        "2027년 업무보고\n\n1. 일반현황\n\n(단위 : 천원, %)\n\n| 구분 | 예산현액 | 집행률 |\n|---|---|---|\n"
        "| 계 | 1,000 | 10.0 |\n| 1) 정보보안과 | 1,000 | 10.0 |\n", encoding="utf-8")
    ix = tmp_path / "ix"
    code, out, err = _run(capsys, "--corpus", str(c), "--index", str(ix), "--embedder", "hash")
    assert code == 0
    assert "index built" in out and "documents 1" in out and "records 4" in out
    assert "became records 4 (100.0%)" in out
    assert "parse" in err  # progress on stderr
    code, out, _ = _run(capsys, "--corpus", str(c), "--index", str(ix), "--embedder", "hash")
    assert code == 0 and "reused" in out
    code, out, _ = _run(capsys, "--corpus", str(c), "--index", str(ix), "--embedder", "hash", "--force")
    assert code == 0 and "index built" in out


def test_script_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(REPO / "ingest.py"), "--corpus", str(tmp_path / "missing")],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: corpus directory not found")


def test_unreadable_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    c = tmp_path / "c"
    c.mkdir()
    (c / "locked.txt").write_text("2027년 업무보고\n", encoding="utf-8")
    real = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    code, _, err = _run(capsys, "--corpus", str(c), "--index", str(tmp_path / "ix"))
    assert code == 2 and "cannot read" in err and "locked.txt" in err and "Permission denied" in err
