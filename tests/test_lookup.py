"""Table lookups on hand-made records: column concepts, row matching, differences, disagreements."""
from __future__ import annotations

import pytest

from app.lookup import (
    concept_matches,
    difference,
    disagreements,
    display_value,
    find_rows,
    fmt_number,
    rows_with_concept,
    same_row_change,
)
from index.models import TableRecord

DOC = "report-2026.txt"


def rec(row: tuple[str, ...], col: str, raw: str, *, unit: str = "천원", line: int = 10, table: str = "t1",
        dept: str | None = None, year: int = 2026) -> TableRecord:
    num = None if raw in ("순증", "순감", "-") else float(raw.replace(",", "").replace("명", "").replace("%", "").replace("△", "-"))
    return TableRecord(f"{table}:{line}:{col}", DOC, year, "s1", table, f"title {table}", row, col, raw, num,
                       None, unit, "2026. 3. 31.", line, dept)


@pytest.mark.parametrize("concept,label,expected", [
    ("예산현액", "2026예산현액", True),
    ("예산현액", "2025최종예산", True),
    ("예산현액", "증감액", False),
    ("원인행위액", "집행액", True),
    ("원인행위액", "원인행위액", True),
    ("원인행위 집행률", "집행률", True),
    ("원인행위 집행률", "지출액집행률", False),
    ("지출액 집행률", "지출액집행률", True),
    ("지출액", "지출액집행률", False),
    ("증감액", "증감액", True),
    ("증감률", "증감률", True),
    ("정원", "정원", True),
    ("정원", "현원", False),
    ("과부족", "과부족", True),
])
def test_concept_matches(concept: str, label: str, expected: bool) -> None:
    assert concept_matches(concept, label) is expected


def test_department_row_is_preferred_over_its_children() -> None:
    recs = [
        rec(("정보통신과",), "2026 예산현액", "43,298,294", line=115, dept="정보통신과"),
        rec(("정보통신과", "일반회계"), "2026 예산현액", "35,617,810", line=116, dept="정보통신과"),
    ]
    rows = find_rows(recs, ["정보통신과"])
    assert [m.slack for m in rows] == [0, 1]
    pairs = rows_with_concept(rows, "예산현액", 2026)
    assert [c.value_raw for _, c in pairs] == ["43,298,294"]


def test_term_found_only_in_the_column_restricts_the_row_to_that_cell() -> None:
    recs = [
        rec(("공간정보과",), "계", "27명", unit="명", line=50, dept="공간정보과"),
        rec(("공간정보과",), "지적", "11명", unit="명", line=50, dept="공간정보과"),
        rec(("데이터센터",), "지적", "-", unit="명", line=51, dept="데이터센터"),
    ]
    rows = find_rows(recs, ["공간정보과", "지적"])
    assert len(rows) == 1 and rows[0].on_column
    assert rows[0].cell("현원").value_raw == "11명"  # the named column stands in for the concept


def test_partial_term_matches_inside_a_label() -> None:
    recs = [rec(("디지털정책과", "일반회계", "엠보팅 서비스 운영"), "지출액", "439", line=546, dept="디지털정책과"),
            rec(("디지털정책과", "일반회계", "기본경비"), "지출액", "64,203", line=549, dept="디지털정책과")]
    rows = find_rows(recs, [], ["엠보팅"])
    assert [m.records[0].line for m in rows] == [546]


def test_total_rows_stand_for_the_organisation() -> None:
    recs = [rec(("계",), "2026 예산현액", "188,462,187", line=108), rec(("정보통신과",), "2026 예산현액", "1", line=115)]
    rows = find_rows(recs, ["디지털도시국"], org_names=["디지털도시국"])
    assert [m.records[0].line for m in rows] == [108]


def test_same_row_change_uses_printed_difference_and_formula() -> None:
    recs = [
        rec(("정보통신과",), "2026 예산현액", "43,298,294", line=115, dept="정보통신과"),
        rec(("정보통신과",), "2025 최종예산", "52,926,546", line=115, dept="정보통신과"),
        rec(("정보통신과",), "증감액", "△9,628,252", line=115, dept="정보통신과"),
        rec(("정보통신과",), "증감률", "△18.2%", unit="%", line=115, dept="정보통신과"),
    ]
    d = same_row_change(find_rows(recs, ["정보통신과"])[0])
    assert d is not None and d.agrees
    assert d.formula == "43,298,294 − 52,926,546 = △9,628,252"
    assert d.printed.value_raw == "△9,628,252" and d.rate.value_raw == "△18.2%"


def test_difference_of_a_flag_is_none() -> None:
    assert difference(rec(("a",), "x", "순증"), rec(("a",), "y", "1")) is None


def test_disagreement_between_tables_is_reported_once_per_value() -> None:
    a = rec(("주차요금수입",), "2026 예산현액", "404,751", line=79, table="t06")
    b = rec(("주차요금수입",), "2026 예산현액", "392,742", line=472, table="t12")
    c = rec(("주차요금수입",), "2026 예산현액", "392,742", line=473, table="t12")
    assert [r.line for r in disagreements([b, a, c])] == [79, 472]
    assert disagreements([b, c]) == []


@pytest.mark.parametrize("value,like,expected", [
    (-9628252, "43,298,294", "△9,628,252"),
    (3, "37명", "3"),
    (12.25, "46.5", "12.2"),
    (0, "1", "0"),
])
def test_fmt_number(value: float, like: str, expected: str) -> None:
    assert fmt_number(value, like) == expected


def test_display_value_adds_the_unit_only_once() -> None:
    assert display_value(rec(("a",), "정원", "67명", unit="명")) == "67명"
    assert display_value(rec(("a",), "예산현액", "51,901")) == "51,901천원"
    assert display_value(rec(("a",), "증감액", "순증")) == "순증"


def test_display_value_puts_the_unit_before_a_printed_share() -> None:
    cell = TableRecord("x", DOC, 2025, "s", "t", "인력", ("계",), "행정", "58 (21.2%)", 58.0, None, "명", None, 25)
    assert display_value(cell) == "58명 (21.2%)"
