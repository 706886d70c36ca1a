"""Readers for HWPX, HWP 5.0 and PDF: round trips against the .txt reports, merged cells, page breaks, positions."""
from __future__ import annotations

import collections
import zipfile
from pathlib import Path

import pytest

from index import readers
from index.build import parse_document
from index.readers.base import describe
from index.sections import document_meta
from index.store import split_lines
from tests.conftest import CORPUS, DOC_2025, DOC_2026
from tools.renditions import Cell, Para, TableBlock, report_blocks
from tools.renditions.hwp import hwp_bytes, write_hwp
from tools.renditions.hwpx import write_hwpx

NANUM = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
needs_pdf = pytest.mark.skipif(not NANUM.exists(), reason="needs Debian fonts-nanum (apt-get install fonts-nanum)")


def parsed(name: str, lines: list[str]):  # noqa: ANN201
    meta = document_meta(name, lines, "x")
    return parse_document(str(meta.year), meta, lines)


def numeric_keys(pd) -> collections.Counter:  # noqa: ANN001
    return collections.Counter((r.row_path, r.column, r.value_raw) for r in pd.records if r.value is not None)


def share_equal(txt_name: str, rendition: Path) -> float:
    """Share of the .txt report's numeric records that the rendition gives back (row path, column, value)."""
    want = numeric_keys(parsed(txt_name, split_lines((CORPUS / txt_name).read_text(encoding="utf-8"))))
    got = numeric_keys(parsed(rendition.name, readers.read_file(rendition).lines))
    return sum((want & got).values()) / sum(want.values())


@pytest.fixture(scope="session")
def renditions(session_tmp: Path) -> dict[str, Path]:
    """HWPX, HWP and (with fonts-nanum) PDF renditions of both reports, written once."""
    out = session_tmp / "renditions"
    out.mkdir(exist_ok=True)
    files: dict[str, Path] = {}
    for name in (DOC_2025, DOC_2026):
        blocks = report_blocks((CORPUS / name).read_text(encoding="utf-8"))
        stem = Path(name).stem
        files[f"{stem}.hwpx"] = write_hwpx(blocks, out / f"{stem}.hwpx")
        files[f"{stem}.hwp"] = write_hwp(blocks, out / f"{stem}.hwp")
        if NANUM.exists():
            from tools.renditions.pdf import write_pdf

            files[f"{stem}.pdf"] = write_pdf(blocks, out / f"{stem}.pdf")
    return files


# --- round trips: the bars of issue 14 ---------------------------------------------------------------------


@pytest.mark.parametrize("name", [DOC_2025, DOC_2026])
def test_hwpx_rendition_gives_the_txt_records(renditions: dict[str, Path], name: str) -> None:
    assert share_equal(name, renditions[f"{Path(name).stem}.hwpx"]) >= 0.995


@pytest.mark.parametrize("name", [DOC_2025, DOC_2026])
def test_hwp_rendition_gives_the_txt_records(renditions: dict[str, Path], name: str) -> None:
    assert share_equal(name, renditions[f"{Path(name).stem}.hwp"]) >= 0.995


@needs_pdf
@pytest.mark.parametrize("name", [DOC_2025, DOC_2026])
def test_pdf_rendition_gives_the_txt_records(renditions: dict[str, Path], name: str) -> None:
    assert share_equal(name, renditions[f"{Path(name).stem}.pdf"]) >= 0.98


@needs_pdf
def test_pdf_rendition_embeds_the_korean_font(renditions: dict[str, Path]) -> None:
    data = renditions[f"{Path(DOC_2026).stem}.pdf"].read_bytes()
    assert b"/FontFile2" in data and b"NanumGothic" in data


def test_hwpx_rendition_has_merged_header_cells(renditions: dict[str, Path]) -> None:
    with zipfile.ZipFile(renditions[f"{Path(DOC_2025).stem}.hwpx"]) as z:
        xml = z.read("Contents/section0.xml").decode("utf-8")
        assert z.namelist()[0] == "mimetype" and z.read("mimetype") == b"application/hwp+zip"
    assert 'colSpan="2"' in xml and 'rowSpan="2"' in xml and 'header="1"' in xml


# --- HWPX reader ------------------------------------------------------------------------------------------


def _merged_table() -> TableBlock:
    """구분 | 2025 예산 | 증 감 (액, 률) — a two-row header with one row span and one column span."""
    cells = [Cell(0, 0, "구분", row_span=2, header=True), Cell(0, 1, "2025 예산현액", row_span=2, header=True),
             Cell(0, 2, "증 감", col_span=2, header=True), Cell(1, 2, "액", header=True), Cell(1, 3, "률", header=True),
             Cell(2, 0, "계"), Cell(2, 1, "1,000"), Cell(2, 2, "△10"), Cell(2, 3, "△1.0%"),
             Cell(3, 0, "<ul> · 가 항목 · 나 항목"), Cell(3, 1, "500"), Cell(3, 2, "5"), Cell(3, 3, "1.0%")]
    return TableBlock(4, 4, cells, 2)


def test_hwpx_merged_cells_expand_like_the_txt_layout(tmp_path: Path) -> None:
    p = write_hwpx([Para("2027년 주요 업무보고"), Para("□ 예산 (단위 : 천원)"), _merged_table(), Para("끝")],
                   tmp_path / "r.hwpx")
    r = readers.read_file(p)
    assert r.lines[:2] == ["2027년 주요 업무보고", "□ 예산 (단위 : 천원)"]
    rows = [ln for ln in r.lines if "\t" in ln]
    assert rows[0] == "구분\t2025 예산현액\t증 감\t"
    assert rows[1] == "\t\t액\t률"
    assert rows[3] == "· 가 항목 · 나 항목\t500\t5\t1.0%"  # a list inside a cell: its items joined
    k = r.lines.index(rows[2])
    assert describe(r.positions[k], 2) == "표 1, 3행 3열" and describe(r.positions[0]) == "문단 1"
    pd = parsed(p.name, r.lines)
    assert {(x.row_path, x.column, x.value_raw) for x in pd.records} >= {
        (("계",), "2025 예산현액", "1,000"), (("계",), "증감액", "△10"), (("계",), "증감률", "△1.0%")}


def test_hwpx_tab_in_a_paragraph_is_not_a_table_row(tmp_path: Path) -> None:
    p = tmp_path / "t.hwpx"
    sec = ('<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="urn:s" xmlns:hp="urn:p">'
           '<hp:p><hp:run><hp:t>2027년 보고</hp:t></hp:run></hp:p>'
           '<hp:p><hp:run><hp:t>가<hp:tab/>나<hp:lineBreak/>다</hp:t></hp:run></hp:p></hs:sec>')
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/hwp+zip")
        z.writestr("Contents/section0.xml", sec)
    assert readers.read_file(p).lines == ["2027년 보고", "가 나 다"]


def test_hwpx_nested_table_is_rendered_after_its_outer_table(tmp_path: Path) -> None:
    inner = ('<hp:tbl rowCnt="1" colCnt="2"><hp:tr><hp:tc><hp:subList><hp:p><hp:run><hp:t>총계</hp:t></hp:run></hp:p>'
             '</hp:subList><hp:cellAddr colAddr="0" rowAddr="0"/><hp:cellSpan colSpan="1" rowSpan="1"/></hp:tc>'
             '<hp:tc><hp:subList><hp:p><hp:run><hp:t>186,930</hp:t></hp:run></hp:p></hp:subList>'
             '<hp:cellAddr colAddr="1" rowAddr="0"/><hp:cellSpan colSpan="1" rowSpan="1"/></hp:tc></hp:tr></hp:tbl>')
    outer = ('<hp:tbl rowCnt="1" colCnt="1"><hp:tr><hp:tc><hp:subList><hp:p><hp:run><hp:t>조치 결과</hp:t>'
             f'{inner}</hp:run></hp:p></hp:subList><hp:cellAddr colAddr="0" rowAddr="0"/></hp:tc></hp:tr></hp:tbl>')
    sec = ('<hs:sec xmlns:hs="urn:s" xmlns:hp="urn:p"><hp:p><hp:run><hp:t>2027년 보고</hp:t></hp:run></hp:p>'
           f'<hp:p><hp:run>{outer}</hp:run></hp:p></hs:sec>')
    p = tmp_path / "n.hwpx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/hwp+zip")
        z.writestr("Contents/section0.xml", sec)
    assert [ln for ln in readers.read_file(p).lines if ln] == ["2027년 보고", "조치 결과\t", "총계\t186,930"]


def test_hwpx_with_a_dtd_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "bomb.hwpx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/hwp+zip")
        z.writestr("Contents/section0.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    with pytest.raises(readers.ReaderError, match="DTD"):
        readers.read_file(p)


# --- HWP 5.0 reader (on files built byte by byte from the specification) ------------------------------------


def test_hwp_small_file_built_byte_by_byte(tmp_path: Path) -> None:
    p = write_hwp([Para("2027년 주요 업무보고"), Para(""), Para("□ 예산 (단위 : 천원)"), _merged_table()],
                  tmp_path / "small.hwp")
    r = readers.read_file(p)
    assert r.fmt == "hwp" and r.lines[0] == "2027년 주요 업무보고"
    rows = [ln for ln in r.lines if "\t" in ln]
    assert rows[:3] == ["구분\t2025 예산현액\t증 감\t", "\t\t액\t률", "계\t1,000\t△10\t△1.0%"]
    assert describe(r.positions[r.lines.index(rows[2])], 1) == "표 1, 3행 2열"
    assert describe(r.positions[2]) == "문단 3"


def test_hwp_uncompressed_body_reads_too(tmp_path: Path) -> None:
    p = tmp_path / "u.hwp"
    p.write_bytes(hwp_bytes([Para("2027년 보고"), Para("○ 본문")], compressed=False))
    assert readers.read_file(p).lines == ["2027년 보고", "○ 본문"]


def test_hwp_password_protected_file_is_refused(tmp_path: Path) -> None:
    data = bytearray(hwp_bytes([Para("2027년 보고")]))
    i = data.index(b"HWP Document File")
    data[i + 36] |= 0x2  # FileHeader flags: password
    p = tmp_path / "locked.hwp"
    p.write_bytes(bytes(data))
    with pytest.raises(readers.ReaderError, match="password"):
        readers.read_file(p)


# --- PDF reader --------------------------------------------------------------------------------------------


@needs_pdf
def test_pdf_table_broken_across_pages_is_one_table_and_pages_are_cited(tmp_path: Path) -> None:
    from tools.renditions.pdf import write_pdf

    head = [Cell(0, 0, "구분", header=True), Cell(0, 1, "정원", header=True), Cell(0, 2, "현원", header=True)]
    body = [c for i in range(90) for c in (Cell(i + 1, 0, f"{i + 1}팀"), Cell(i + 1, 1, f"{10 + i}명"),
                                            Cell(i + 1, 2, f"{11 + i}명"))]
    p = write_pdf([Para("2027년 주요 업무보고"), Para("□ 인력 현황"), TableBlock(91, 3, head + body, 1)],
                  tmp_path / "long.pdf")
    r = readers.read_file(p)
    assert r.pages >= 2 and not r.problems
    assert not any(ln.strip(" -").isdigit() for ln in r.lines)  # page numbers `- n -` dropped
    pd = parsed(p.name, r.lines)
    assert len({x.table_id for x in pd.records}) == 1 and len(pd.records) == 180
    last = max(x.line for x in pd.records if x.row_path == ("90팀",))
    assert describe(r.positions[last - 1]).startswith(f"p. {r.pages}")
    assert r.lines.count("구분\t정원\t현원") == r.pages  # the header repeated on every page, kept as printed


# --- positions stored in an index ---------------------------------------------------------------------------


def test_index_of_a_hwpx_report_cites_table_cells(tmp_path: Path, renditions: dict[str, Path]) -> None:
    from index.build import build_index
    from index.store import load_index

    corpus = tmp_path / "c"
    corpus.mkdir()
    src = renditions[f"{Path(DOC_2026).stem}.hwpx"]
    (corpus / src.name).write_bytes(src.read_bytes())
    build_index(corpus, tmp_path / "ix", embedder="hash")
    data = load_index(tmp_path / "ix", corpus)
    rec = next(r for r in data.records(column="정원") if r.row_path == ("데이터센터",))
    cell = int(rec.record_id.rsplit(":c", 1)[1])
    assert rec.value_raw in data.lines(src.name)[rec.line - 1].split("\t")
    assert data.position(src.name, rec.line, cell) == "표 3, 2행 9열"
    assert (Path(data.dir) / "docs" / src.name).read_bytes() == src.read_bytes()  # the original is kept


def test_citation_position_is_optional_in_the_json_contract() -> None:
    from app.types import Citation

    c = Citation(1, "a.txt", "s", 3, 3, "q")
    assert "position" not in c.to_json()
    assert Citation(1, "a.pdf", "s", 3, 3, "q", position="p. 2").to_json()["position"] == "p. 2"


def test_missing_optional_dependency_says_how_to_enable(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def fake(name: str, *a, **k):  # noqa: ANN002, ANN003, ANN202
        if name == "pdfplumber":
            raise ImportError("no pdfplumber")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(readers.MissingDependency, match="install it to enable"):
        readers.read_bytes(b"%PDF-1.4\n%%EOF\n", "x.pdf")


def test_formats_benchmark_reports_the_share_per_format_and_report(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from bench.formats_roundtrip import main

    assert main(["--formats", "hwpx", "--out", str(tmp_path)]) == 0
    rows = json.loads((tmp_path / "formats.json").read_text(encoding="utf-8"))
    assert {(r["format"], r["report"]) for r in rows} == {("hwpx", DOC_2025), ("hwpx", DOC_2026)}
    assert all(r["share"] >= 0.995 and r["numeric_cells"] > 900 for r in rows)
    assert "| hwpx |" in capsys.readouterr().out


def test_indented_sub_bullets_keep_their_indent_in_hwpx_and_hwp(tmp_path: Path) -> None:
    blocks = [Para("2027년 보고"), Para("□ 추진내용"), Para("- 1단계", 0), Para("- (2025년) 86개 기관", 1)]
    for path in (write_hwpx(blocks, tmp_path / "i.hwpx"), write_hwp(blocks, tmp_path / "i.hwp")):
        assert readers.read_file(path).lines[-2:] == ["- 1단계", " - (2025년) 86개 기관"], path.suffix


@needs_pdf
def test_indented_sub_bullets_keep_their_indent_in_pdf(tmp_path: Path) -> None:
    from tools.renditions.pdf import write_pdf

    p = write_pdf([Para("2027년 보고"), Para("- 1단계"), Para("- (2025년) 86개 기관", 1)], tmp_path / "i.pdf")
    assert [ln for ln in readers.read_file(p).lines if ln][-2:] == ["- 1단계", " - (2025년) 86개 기관"]


def test_pdf_row_cut_by_a_page_break_is_joined_to_its_row() -> None:
    from index.readers.base import LayoutBuilder
    from index.readers.pdf import _Item, _lay_table

    out = LayoutBuilder()
    head = ["시정 및 처리 요구사항", "조치결과"]
    cur = _lay_table(out, _Item(0, 0, "table", rows=[head, ["○ 챗봇 예산 점검 필요", "□ 추진완료 ○ 예산조정"]]), 1,
                     None, False)
    _lay_table(out, _Item(0, 0, "table", rows=[head, ["", "- (기존) 285백만원 → (변경) 185백만원"],
                                               ["○ CCTV 편차 해소", "□ 추진중"]]), 2, cur, True)
    rows = [ln for ln in out.lines if "\t" in ln]
    assert rows[1] == "○ 챗봇 예산 점검 필요\t□ 추진완료 ○ 예산조정 - (기존) 285백만원 → (변경) 185백만원"
    assert rows[2:] == ["\t".join(head), "○ CCTV 편차 해소\t□ 추진중"] and out.tables == 1


def test_hwp_without_olefile_says_how_to_enable(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def fake(name: str, *a, **k):  # noqa: ANN002, ANN003, ANN202
        if name == "olefile":
            raise ImportError("no olefile")
        return real(name, *a, **k)

    data = hwp_bytes([Para("2027년 보고")])
    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(readers.MissingDependency, match="needs olefile: install it to enable"):
        readers.read_bytes(data, "r.hwp")
