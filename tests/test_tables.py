"""Tables → typed records: golden figures of both reports, row paths, units, dates, coverage."""
from __future__ import annotations

import pytest

from index.models import TableRecord
from index.tables import canon_column, columns_from_header
from tests.test_ingest_helpers import parsed_corpus


def _recs(year: int, *, last: str | None = None, path: tuple[str, ...] | None = None, column: str | None = None,
          title: str | None = None) -> list[TableRecord]:
    return [r for r in parsed_corpus()[year].records
            if (last is None or r.row_path[-1] == last) and (path is None or r.row_path == path)
            and (column is None or r.column == column) and (title is None or r.table_title == title)]


def _one(year: int, **kw: object) -> TableRecord:
    found = _recs(year, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def test_2026_basic_expenses_resolve_to_department() -> None:
    r = _one(2026, path=("디지털정책과", "일반회계", "기본경비"), column="예산현액")
    assert (r.value_raw, r.value, r.unit, r.department, r.line) == ("249,876", 249876.0, "천원", "디지털정책과", 549)
    assert (r.table_title, r.as_of) == ("세출예산 집행현황", "2026. 3. 31.")
    dc = _one(2026, path=("데이터센터", "일반회계", "기본경비"), column="예산현액")
    assert dc.value_raw == "313,132"


def test_2025_basic_expenses_resolve_to_department() -> None:
    r = _one(2025, path=("데이터전략과", "일반회계", "기본경비"), column="예산현액")
    assert (r.value_raw, r.department, r.table_title, r.as_of, r.line) == (
        "51,901", "데이터전략과", "세출예산 집행현황", "'25. 1. 31.", 970)


def test_2025_items_after_page_break_header_keep_department() -> None:
    """`행정포털 운영` follows a repeated header (page break) and is printed in the second column."""
    r = _one(2025, last="행정포털 운영", column="예산현액")
    assert r.row_path == ("정보시스템과", "일반회계", "행정포털 운영")
    assert (r.value_raw, r.department, r.line) == ("1,992,972", "정보시스템과", 977)
    # after the second page break the department rows move back to the first column
    r = _one(2025, last="3D기반 Virtual Seoul 구축", column="예산현액")
    assert r.row_path == ("공간정보과", "일반회계", "3D기반 Virtual Seoul 구축")


def test_2025_account_slip_is_normalised() -> None:
    """정보보안과's account row is printed `일반기계`."""
    r = _one(2025, path=("정보보안과", "일반회계"), column="예산현액")
    assert (r.value_raw, r.value, r.line) == ("10,361,254", 10361254.0, 988)
    assert _one(2025, path=("정보통신과", "특별회계"), column="예산현액").value_raw == "9,085,037"


def test_2025_execution_rates() -> None:
    r = _one(2025, path=("정보시스템과", "일반회계", "행정포털 운영"), column="원인행위 집행률")
    assert (r.value_raw, r.value, r.unit) == ("36.1%", 36.1, "%")
    r = _one(2025, path=("정보시스템과", "일반회계", "행정포털 운영"), column="지출액 집행률")
    assert r.value_raw == "0.5%"
    r = _one(2025, path=("정보시스템과", "일반회계", "행정포털 운영"), column="지출액")
    assert r.value_raw == "10,044"


def test_headcount_both_years() -> None:
    assert _one(2026, path=("데이터센터",), column="정원", title="디지털도시국 인력").value_raw == "67명"
    r = _one(2026, path=("데이터센터",), column="현원", title="디지털도시국 인력")
    assert (r.value_raw, r.value, r.unit, r.department) == ("65명", 65.0, "명", "데이터센터")
    r25 = _one(2025, path=("데이터센터",), column="정원")
    assert (r25.value_raw, r25.value, r25.unit) == ("67", 67.0, "명")
    assert _one(2025, path=("데이터센터",), column="현원").value == 69.0
    total = _one(2025, path=("계",), column="행정")
    assert (total.value_raw, total.value) == ("58 (21.2%)", 58.0)
    assert _one(2025, path=("데이터센터",), column="과부족").value_raw == "+2"
    assert _one(2026, path=("데이터센터",), column="전산").value_raw == "25명"


def test_2026_parking_revenue_in_summary_and_detail() -> None:
    recs = _recs(2026, last="주차요금수입", column="2026 예산현액")
    assert sorted((r.table_title, r.value_raw, r.line) for r in recs) == [
        ("세입예산 세부내역", "392,742", 472), ("세입총괄", "404,751", 79)]
    assert all(r.row_path == ("세외수입", "경상적세외수입", "주차요금수입") for r in recs)


def test_2026_revenue_columns_and_flags() -> None:
    r = _one(2026, last="주차요금수입", column="증감률", title="세입총괄")
    assert (r.value_raw, r.value, r.unit) == ("△16.8%", -16.8, "%")
    flag = _one(2026, last="초고속정보통신 인프라 보조금 발생이자", column="증감액")
    assert (flag.value_raw, flag.value, flag.flag) == ("순증", None, "순증")
    assert _one(2026, last="주차요금수입", column="2025 최종예산", title="세입총괄").value_raw == "471,816"


def test_2026_bureau_total_row() -> None:
    r = _one(2026, path=("계",), column="예산현액", title="세출예산 집행현황")
    assert (r.value_raw, r.department, r.line) == ("188,462,187", None, 539)


def test_2026_sda_yearly_budget() -> None:
    r = _one(2026, path=("사업비",), column="2026년")
    assert (r.value_raw, r.value, r.unit) == ("868", 868.0, "백만원")


def test_2025_audit_summary() -> None:
    got = {r.column: r.value for r in _recs(2025, path=("계",)) if r.unit == "건"}
    assert got == {"계": 41.0, "완료": 17.0, "추진 중": 22.0, "검토 중": 2.0}


def test_2025_information_resources() -> None:
    r = _one(2025, column="총합계")
    assert (r.value_raw, r.value, r.unit, r.as_of) == ("4,165식", 4165.0, "식", "'25.1월")
    assert r.table_title == "정보자원 보유 현황"


def test_2025_revenue_split_label_and_letter_spacing() -> None:
    r = _one(2025, path=("보조금",), column="2025 예산현액", title="세입예산 세부내역")  # printed `보\t조 금`
    assert (r.value_raw, r.line) == ("4,137,861", 923)
    assert _one(2025, last="주차요금수입", column="2025 예산현액", title="세입 총괄").value_raw == "471,816"


def test_every_record_line_contains_its_printed_value() -> None:
    for pd in parsed_corpus().values():
        for r in pd.records:
            assert r.value_raw in pd.lines[r.line - 1], r


def test_numeric_cell_coverage_is_complete() -> None:
    for year, pd in parsed_corpus().items():
        assert pd.numeric_cells > 900, year
        assert pd.covered_cells == pd.numeric_cells, year


def test_record_ids_are_unique() -> None:
    ids = [r.record_id for pd in parsed_corpus().values() for r in pd.records]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("raw", "name", "rate"),
    [("증 감 륜", "증감률", True), ("원인행위 집행률(%)", "원인행위 집행률", True), ("2025년 예산현액", "2025 예산현액", False),
     ("2024년 증감액", "증감액", False), ("대비 증감율", "증감률", True), ("2026년", "2026년", False)],
)
def test_canonical_column_names(raw: str, name: str, rate: bool) -> None:
    assert canon_column(raw) == (name, rate)


def test_multi_row_header_columns() -> None:
    header = [["구", "분", "예산현액", "집행액", "", "집행률 (%)", ""],
              ["", "", "", "원인행위액", "지출액", "원인행위", "지출액"]]
    cols = [canon_column(c)[0] for c in columns_from_header(header, 2, 7)]
    assert cols == ["예산현액", "원인행위액", "지출액", "원인행위 집행률", "지출액 집행률"]
    header = [["구 분", "2025 예산현액", "2024 최종예산", "증 감", ""], ["", "", "", "액", "률"]]
    assert [canon_column(c)[0] for c in columns_from_header(header, 1, 5)] == [
        "2025 예산현액", "2024 최종예산", "증감액", "증감률"]


def test_2025_revenue_categories_after_page_break() -> None:
    """After the page break the categories are printed letter-spaced in the second column (`⇥기 타 과 태 료`)."""
    r = _one(2025, last="정보통신공사업 위반 과태료", column="2025 예산현액")
    assert (r.row_path, r.value_raw, r.line) == (("기타과태료", "정보통신공사업 위반 과태료"), "351,000", 920)
    r = _one(2025, last="스마트빌리지 조성 지원", column="2025 예산현액")
    assert r.row_path == ("지역균형발전특별회계보조금", "스마트빌리지 조성 지원")
    r = _one(2025, last="지자체 저화질 CCTV 교체", column="2024 최종예산")
    assert (r.row_path, r.value_raw) == (("특별교부세", "지자체 저화질 CCTV 교체"), "988,100")


def test_2025_revenue_items_under_first_column_category() -> None:
    r = _one(2025, last="에스플렉스센터 운영수입 (주차수입)", column="2025 예산현액")
    assert (r.row_path[0], r.value_raw, r.unit) == ("주차요금수입", "471,816", "천원")


def test_2025_ai_services_count_column_unit() -> None:
    r = _one(2025, path=("AI 안전망 조성",), column="개수")
    assert (r.value_raw, r.value, r.unit, r.line) == ("16", 16.0, "개", 295)


def test_2025_nested_table_and_resumed_audit_table() -> None:
    """Lines 1092-1095 (a small table nested after row 1091) and the page resuming at 1097 keep the audit title."""
    recs = _recs(2025, path=("총 생산문서(A)",), column="'24. 11월")
    # the same figure also sits flattened in the cells of row 1091: both are records, each cited at its own line
    assert sorted((r.value_raw, r.table_title, r.line) for r in recs) == [
        ("186,930", "시정·처리 요구사항", 1091), ("186,930", "시정·처리 요구사항", 1093)]
    tables = {t.table_id: t for t in parsed_corpus()[2025].tables}
    resumed = next(t for t in tables.values() if 1098 in t.lines)
    assert resumed.title == "시정·처리 요구사항" and 1060 in resumed.lines
