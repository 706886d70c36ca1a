"""Chunks: every line covered, display text quotes the original, stable ids, table chunks carry header and paths."""
from __future__ import annotations

from index.chunker import display_line, uncovered_lines
from tests.test_ingest_helpers import parsed_corpus


def test_every_non_empty_line_is_in_a_chunk() -> None:
    for year, pd in parsed_corpus().items():
        assert uncovered_lines(pd.lines, pd.chunks) == [], year


def test_chunk_text_quotes_the_original_lines() -> None:
    for pd in parsed_corpus().values():
        for c in pd.chunks:
            assert c.lines, c.chunk_id
            assert c.text.split("\n") == [display_line(pd.lines[n - 1]) for n in c.lines], c.chunk_id
            assert c.line_start <= c.line_end
            assert c.line_start in c.lines and c.line_end in c.lines
            for n in c.lines:
                if not (c.line_start <= n <= c.line_end):
                    assert c.kind == "table", c.chunk_id  # only a repeated table header lies outside the range


def test_chunk_ids_are_unique_and_stable() -> None:
    from index.build import parse_document

    for pd in parsed_corpus().values():
        ids = [c.chunk_id for c in pd.chunks]
        assert len(ids) == len(set(ids))
        key = pd.sections[0].section_id.split(":")[0]
        again = parse_document(key, pd.document, pd.lines)
        assert [c.chunk_id for c in again.chunks] == ids
        assert all(cid.startswith(f"{key}:") and cid.endswith((":text", ":table")) for cid in ids)


def test_text_chunks_keep_sub_bullets_with_their_parent() -> None:
    for pd in parsed_corpus().values():
        for c in pd.chunks:
            if c.kind == "text":
                first = pd.lines[c.lines[0] - 1]
                assert not first.startswith(" - "), (c.chunk_id, first)


def test_text_chunk_sizes() -> None:
    for pd in parsed_corpus().values():
        for c in pd.chunks:
            if c.kind == "text" and len(c.lines) > 1:
                longest = max(len(pd.lines[n - 1]) for n in c.lines)
                assert len(c.text) <= max(900, longest + 200), c.chunk_id


def test_search_text_has_breadcrumb_and_normalised_text() -> None:
    pd = parsed_corpus()[2026]
    c = next(c for c in pd.chunks if c.kind == "text" and 411 in c.lines)
    assert c.search_text.startswith("2026년 현안 업무보고 > 3. 주요 현안업무 > 3.9. 디지털 재난 대비 재해복구시스템 확대")
    assert "사업예산 : 1,940백만원" in c.text
    assert c.department == "데이터센터"
    c25 = next(c for c in parsed_corpus()[2025].chunks if 1084 in c.lines)
    assert "원격이중화" in c25.search_text and "원격이증화" in c25.text


def test_table_chunks_repeat_header_and_write_row_paths() -> None:
    pd = parsed_corpus()[2026]
    c = next(c for c in pd.chunks if c.kind == "table" and 628 in c.lines)
    assert 569 in c.lines or 604 in c.lines  # the header of its page is repeated
    assert "데이터센터 > 일반회계 > 기본경비 예산현액 313,132" in c.search_text
    assert c.department == "데이터센터"
    assert c.table_id is not None
    c25 = next(c for c in parsed_corpus()[2025].chunks if c.kind == "table" and 977 in c.lines)
    assert 975 in c25.lines and 976 in c25.lines
    assert "정보시스템과 > 일반회계 > 행정포털 운영 예산현액 1,992,972" in c25.search_text


def test_table_rows_never_leave_their_header() -> None:
    for pd in parsed_corpus().values():
        for t in pd.tables:
            for seg in t.segments:
                if not seg.header or not seg.rows:
                    continue
                for c in pd.chunks:
                    if c.table_id == t.table_id and seg.rows[0].line <= c.line_end and c.line_start <= seg.rows[-1].line:
                        assert all(h.line in c.lines for h in seg.header), c.chunk_id


def test_audit_rows_carry_their_department() -> None:
    """2025 audit tables: `○ … (정보보안과)` rows give their chunk the department named in the row."""
    pd = parsed_corpus()[2025]
    c = next(c for c in pd.chunks if 1068 in c.lines)
    assert c.kind == "table" and c.department == "정보보안과"
    assert 1069 not in c.lines  # the next row belongs to 데이터센터


def test_angle_bracket_caption_keeps_its_text() -> None:
    """2025 line 369 `<추진절차(순목타워예시)>` is text in angle brackets, not an HTML tag."""
    c = next(c for c in parsed_corpus()[2025].chunks if 369 in c.lines)
    assert "<추진절차(순목타워예시)>" in c.text and "추진절차" in c.search_text
