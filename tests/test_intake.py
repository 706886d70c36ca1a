"""Adding a report (UI tab and `ingest.py FILE`): bad uploads get one clear message and the index keeps serving."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from index import intake
from index.intake import IntakeError
from tests.conftest import CORPUS, DOC_2025, DOC_2026
from tools.renditions import Para, report_blocks
from tools.renditions.hwp import hwp_bytes
from tools.renditions.hwpx import write_hwpx


@pytest.fixture()
def served(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus holding the 2026 report and its built index (hash embedder)."""
    from index.build import build_index

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copyfile(CORPUS / DOC_2026, corpus / DOC_2026)
    build_index(corpus, index_dir, embedder="hash")
    return corpus, index_dir


@pytest.fixture(scope="module")
def report_2025_hwpx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("up") / "seoul-2025-work-report.hwpx"
    return write_hwpx(report_blocks((CORPUS / DOC_2025).read_text(encoding="utf-8")), out)


def _state(corpus: Path, index_dir: Path) -> tuple[list[str], str]:
    return sorted(p.name for p in corpus.iterdir()), (index_dir / "current" / "config.json").read_text(encoding="utf-8")


def _corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ngarbage\n%%EOF"


@pytest.mark.parametrize(("name", "data", "words"), [
    ("empty.pdf", b"", "empty file"),
    ("blank.hwpx", b"   \n", "empty file"),
    ("report.hwpx", b"%PDF-1.4\n...", "mislabelled"),
    ("report.pdf", b"PK\x03\x04garbage", "mislabelled"),
    ("report.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "mislabelled"),
    ("broken.pdf", _corrupt_pdf(), "cannot read"),
    ("report.docx", b"PK\x03\x04", "unsupported type"),
    ("../escape.pdf", b"%PDF-1.4", "bad file name"),
])
def test_a_bad_upload_gets_one_clear_line_and_changes_nothing(served: tuple[Path, Path], name: str, data: bytes,
                                                                words: str) -> None:
    corpus, index_dir = served
    before = _state(corpus, index_dir)
    with pytest.raises(IntakeError) as e:
        intake.inspect(data, name)
    msg = str(e.value)
    assert words in msg and "\n" not in msg
    assert _state(corpus, index_dir) == before


def test_an_oversized_upload_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_UPLOAD_MAX_MB", "1")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(IntakeError, match="too large: big.pdf is 2.0 MiB, the limit is 1 MiB"):
        intake.inspect_file(big)


def test_a_corrupt_hwpx_member_is_one_line(tmp_path: Path) -> None:
    p = tmp_path / "c.hwpx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/hwp+zip")
        z.writestr("Contents/section0.xml", "<hs:sec><hp:p>unclosed")
    with pytest.raises(IntakeError, match="not well-formed XML"):
        intake.inspect_file(p)


def test_a_partial_parse_is_shown_and_never_added(served: tuple[Path, Path]) -> None:
    corpus, index_dir = served
    it = intake.inspect(hwp_bytes([Para("본문만 있고 제목에 연도가 없는 문서")]), "noyear.hwp")
    assert it.partial and any("연도" in r for r in it.refusals)
    assert any("추가할 수 없습니다" in ln for ln in it.summary_lines())
    before = _state(corpus, index_dir)
    with pytest.raises(IntakeError, match="partial parse"):
        intake.add([it], corpus, index_dir, embedder="hash")
    assert _state(corpus, index_dir) == before


def test_adding_an_hwpx_report_rebuilds_the_index(served: tuple[Path, Path], report_2025_hwpx: Path) -> None:
    from index.store import load_index

    corpus, index_dir = served
    it = intake.inspect_file(report_2025_hwpx)
    lines = it.summary_lines()
    assert it.year == 2025 and not it.partial and it.coverage == 1.0
    assert "셀 커버리지 100.0%" in lines[2] and lines[3] == "읽지 못한 부분 없음"
    summary = intake.add([it], corpus, index_dir, embedder="hash")
    data = load_index(index_dir, corpus)
    assert summary.documents == 2 and report_2025_hwpx.name in {d.doc for d in data.documents}
    title = data.lines(report_2025_hwpx.name).index("2025년 주요 업무보고") + 1
    assert data.position(report_2025_hwpx.name, title) == f"문단 {title}"  # blank paragraphs before it count too
    with pytest.raises(IntakeError, match="already in the corpus"):
        intake.add([it], corpus, index_dir, embedder="hash")


def test_a_failed_build_leaves_corpus_and_index_as_they_were(served: tuple[Path, Path], report_2025_hwpx: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from index import build
    from index.store import load_index

    corpus, index_dir = served
    before = _state(corpus, index_dir)

    def boom(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise build.CorpusError("disk full")

    monkeypatch.setattr(build, "build_index", boom)
    with pytest.raises(IntakeError, match="the build failed: disk full"):
        intake.add([intake.inspect_file(report_2025_hwpx)], corpus, index_dir, embedder="hash")
    assert _state(corpus, index_dir) == before
    assert [d.doc for d in load_index(index_dir, corpus).documents] == [DOC_2026]  # still serving


def test_ingest_cli_check_prints_the_summary_and_adds_nothing(served: tuple[Path, Path], report_2025_hwpx: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import ingest

    corpus, index_dir = served
    before = _state(corpus, index_dir)
    code = ingest.main(["--corpus", str(corpus), "--index", str(index_dir), "--check", str(report_2025_hwpx)])
    out = capsys.readouterr().out
    assert code == 0 and "2025년 주요 업무보고 — 2025년 보고서" in out and "셀 커버리지 100.0%" in out
    assert _state(corpus, index_dir) == before


def test_ingest_cli_refuses_a_mislabelled_file_with_exit_2(served: tuple[Path, Path], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import ingest

    corpus, index_dir = served
    fake = tmp_path / "report.hwp"
    fake.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code = ingest.main(["--corpus", str(corpus), "--index", str(index_dir), "--yes", str(fake)])
    err = capsys.readouterr().err
    assert code == 2 and "mislabelled: report.hwp says HWP but the content is PDF" in err
    assert "the index is unchanged" in err


def test_ingest_cli_adds_with_yes(served: tuple[Path, Path], report_2025_hwpx: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    import ingest

    corpus, index_dir = served
    code = ingest.main(["--corpus", str(corpus), "--index", str(index_dir), "--embedder", "hash", "--yes",
                        str(report_2025_hwpx)])
    assert code == 0 and "documents 2" in capsys.readouterr().out
    assert json.loads((index_dir / "current" / "config.json").read_text())["corpus"].keys() == {DOC_2026, report_2025_hwpx.name}


def test_eval_maps_a_year_to_an_hwpx_report(tmp_path: Path, report_2025_hwpx: Path) -> None:
    from eval.runner import corpus_years

    shutil.copyfile(report_2025_hwpx, tmp_path / report_2025_hwpx.name)
    shutil.copyfile(CORPUS / DOC_2026, tmp_path / DOC_2026)
    assert corpus_years(tmp_path) == {"2025": report_2025_hwpx.name, "2026": DOC_2026}


# --- the UI tab's adapter ---------------------------------------------------------------------------------


class _Holder:
    def __init__(self, index: object) -> None:
        self.index = index


def test_upload_tab_keeps_the_old_index_until_the_new_one_is_ready(served: tuple[Path, Path],
                                                                    report_2025_hwpx: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui_upload import Uploader, wait_idle

    monkeypatch.setenv("DCQA_EMBEDDER", "hash")
    corpus, index_dir = served
    old, new = object(), object()
    holder = _Holder(old)
    up = Uploader(holder, corpus, index_dir, opener=lambda d: new)
    md, it = up.check(str(report_2025_hwpx))
    assert it is not None and md.startswith(f"**{report_2025_hwpx.name} (HWPX)")
    th = up.start(it)
    assert th is not None and up.start(it) is None or not th.is_alive()  # one rebuild at a time
    wait_idle(up)
    assert holder.index is new and up.status.startswith("✅")


def test_upload_tab_shows_one_line_for_a_bad_file(tmp_path: Path) -> None:
    from app.ui_upload import Uploader

    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"")
    md, it = Uploader(_Holder(object()), tmp_path, tmp_path / "ix").check(str(bad))
    assert it is None and md.startswith("❌ 빈 파일입니다") and "\n" not in md
