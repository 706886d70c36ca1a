"""Audit findings: hand-made table records over the real corpus lines, then the real index (`built_index`)."""
from __future__ import annotations

import csv
import dataclasses
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app import audit
from app.audit import AuditError, AuditSettings, Finding, find_findings, parse_as_of, elapsed_share
from index.models import Document, Section, TableRecord

from tests.conftest import CORPUS, DOC_2025, DOC_2026

_LINES = {d: (CORPUS / d).read_text(encoding="utf-8").split("\n") for d in (DOC_2025, DOC_2026)}


def rec(doc: str, line: int, table_id: str, title: str, row_path: tuple[str, ...], column: str, value_raw: str,
        unit: str | None = "천원", flag: str | None = None, department: str | None = None,
        section_id: str = "s") -> TableRecord:
    """A hand-made record; the test data itself is checked against the corpus line."""
    assert value_raw in _LINES[doc][line - 1], (doc, line, value_raw)
    year = 2026 if doc == DOC_2026 else 2025
    v: float | None
    if value_raw == "-":
        flag = "-"
    if flag:
        v = None
    else:
        s = value_raw.replace(",", "").replace("%", "")
        v = -float(s[1:]) if s.startswith("△") else float(s)
    return TableRecord(f"{doc}:{line}:{column}", doc, year, section_id, table_id, title, row_path, column, value_raw, v,
                       flag, unit, "2026. 3. 31." if year == 2026 else "2025. 1. 31.", line, department)


@dataclass
class FakeData:
    recs: list[TableRecord]
    sections: list[Section] = field(default_factory=list)
    documents: list[Document] = field(default_factory=lambda: [
        Document(DOC_2025, "2025년 주요 업무보고", 2025, "2025. 2.", "x", len(_LINES[DOC_2025])),
        Document(DOC_2026, "2026년 현안 업무보고", 2026, "2026. 4.", "y", len(_LINES[DOC_2026]))])

    def all_records(self) -> list[TableRecord]:
        return list(self.recs)

    def lines(self, doc: str) -> list[str]:
        return _LINES[doc]


EXEC = "세출예산 집행현황"


def exec_row(doc, line, tid, path, dept, values):
    cols = ("예산현액", "원인행위액", "지출액", "원인행위 집행률", "지출액 집행률")
    units = ("천원", "천원", "천원", "%", "%")
    return [rec(doc, line, tid, EXEC, path, c, v, u, department=dept) for c, v, u in zip(cols, values, units) if v]


def assert_citations_hold(findings: list[Finding]) -> None:
    """Every cited figure is printed on its cited line, and equals the citation's value."""
    for f in findings:
        by_n = {c.n: c for c in f.citations}
        assert f.citations, f.title
        for c in f.citations:
            line = _LINES[c.doc][c.line_start - 1]
            if c.value:
                assert c.value in line, (f.title, c)
        for fig in f.figures:
            if fig["cite"] is None:
                assert "계산" in fig["label"], fig
                continue
            c = by_n[fig["cite"]]
            assert fig["value_raw"] in _LINES[c.doc][c.line_start - 1], (f.title, fig, c)
            assert fig["value_raw"] == c.value, (fig, c)
        for n in re.findall(r"\[(\d+)\]", f.explanation):
            assert int(n) in by_n, (f.explanation, n)


def test_elapsed_share_is_computed_from_the_as_of_date() -> None:
    assert round(elapsed_share(parse_as_of("2026. 3. 31.")) * 100, 1) == 24.7
    assert round(elapsed_share(parse_as_of("('25. 1. 31. 기준, 단위 : 천원)")) * 100, 1) == 8.5
    assert parse_as_of("2026. 4.") is None


def test_audit_settings_are_declared_read_from_the_environment_and_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    from index import settings

    names = sorted(n for n in settings.all_settings() if n.startswith("audit_"))
    assert names == ["audit_change_amount", "audit_change_pct", "audit_exec_gap", "audit_llm_max_findings",
                     "audit_min_budget"]
    doc = (CORPUS.parent / "docs" / "audit.md").read_text(encoding="utf-8")
    assert all(f"`{n}`" in doc for n in names)
    monkeypatch.setenv("DCQA_AUDIT_CHANGE_PCT", "50")
    assert AuditSettings.from_settings() == AuditSettings(change_pct=50.0)
    assert AuditSettings.from_settings({"audit_min_budget": 5}).min_budget == 5.0


def test_slow_execution_largest_budget_first_and_skips_account_rows() -> None:
    d = DOC_2026
    recs = (exec_row(d, 618, "t9", ("데이터센터",), "데이터센터", ("61,426,877", "26,726,908", "7,724,873", "43.5", "12.6"))
            + exec_row(d, 629, "t9", ("데이터센터", "특별회계"), "데이터센터", ("919,776", "", "", "0.0", "0.0"))
            + exec_row(d, 630, "t9", ("데이터센터", "특별회계", "정보취약계층 정보격차해소 (장애인 정보통신보조기기 보급)"),
                       "데이터센터", ("919,776", "", "", "0.0", "0.0"))
            + exec_row(d, 623, "t9", ("데이터센터", "일반회계", "정보자원 통합 관리"), "데이터센터",
                       ("18,729,857", "600", "600", "0.0", "0.0"))
            + exec_row(d, 620, "t9", ("데이터센터", "일반회계", "정보시스템 유지관리"), "데이터센터",
                       ("10,069,569", "10,051,786", "1,675,744", "99.8", "16.6")))
    fs = [f for f in find_findings(FakeData(recs)) if f.kind == "slow_execution"]
    assert [f.title for f in fs] == [
        "정보자원 통합 관리: 원인행위 집행률 0.0% (예산현액 18,729,857천원)",
        "정보취약계층 정보격차해소 (장애인 정보통신보조기기 보급): 원인행위 집행률 0.0% (예산현액 919,776천원)",
    ]
    assert fs[0].severity == "high" and fs[1].severity == "medium"
    assert [c.line_start for c in fs[0].citations] == [623, 623, 623]
    assert "회계연도 경과율 24.7%(계산값)" in fs[0].explanation
    assert fs[0].explanation.startswith("데이터센터 '정보자원 통합 관리' 사업은 예산현액 18,729,857천원[1] 가운데 2026. 3. 31. 기준 "
                                        "원인행위 집행률이 0.0%[2], 지출액 집행률은 0.0%[3]입니다.")
    assert_citations_hold(fs)


def test_slow_execution_threshold_is_a_setting() -> None:
    d = DOC_2026
    recs = exec_row(d, 621, "t9", ("데이터센터", "일반회계", "정보통신시설 유지관리"), "데이터센터",
                    ("6,014,510", "1,522,988", "237,388", "25.3", "3.9"))
    assert not [f for f in find_findings(FakeData(recs)) if f.kind == "slow_execution"]
    fs = find_findings(FakeData(recs), settings={"audit_exec_gap": -1.0})
    assert [f.kind for f in fs] == ["slow_execution"]
    with pytest.raises(AuditError, match="알 수 없는 감사 설정입니다: 'gap'"):
        find_findings(FakeData(recs), settings={"gap": 1})


def rev(doc, line, tid, title, path, values, cols=("2026 예산현액", "2025 최종예산", "증감액", "증감률")):
    out = []
    for c, v in zip(cols, values):
        if v in {"순증", "순감", "회계 변경", "-"}:
            out.append(rec(doc, line, tid, title, path, c, v, None if "률" in c else "천원", flag=v))
        elif v:
            out.append(rec(doc, line, tid, title, path, c, v, "%" if "률" in c else "천원"))
    return out


def test_printed_yoy_changes_use_both_thresholds() -> None:
    d, t = DOC_2026, "세입예산 세부내역"
    recs = (rev(d, 526, "t7", t, ("보조금", "국고보조금등", "지역균형발전특별회계보조금(균특)", "스마트빌리지 조성 지원"),
                ("2,530,000", "3,604,000", "△1,074,000", "△29.8%"))
            + rev(d, 493, "t7", t, ("세외수입", "임시적세외수입", "자치단체간부담금", "기록관리시스템 운영 자치구 부담금"),
                  ("593,804", "764,342", "△170,538", "△22.3%"))
            + rev(d, 480, "t7", t, ("세외수입", "경상적세외수입", "기타이자수입", "우편모아시스템 유지관리 위탁사업비 발생이자"),
                  ("39", "29", "10", "34.5%"))
            + rev(d, 527, "t7", t, ("보조금", "국고보조금등", "지역균형발전특별회계보조금(균특)", "디지털배움터 운영"),
                  ("3,256,000", "-", "순증", "순증"))
            + rev(d, 501, "t7", t, ("세외수입", "임시적세외수입", "보조금반환수입", "시·도비보조금등반환수입", "CCTV 설치 사업 보조금 집행잔액"),
                  ("477,747", "195,962", "281,785", "143.8%")))
    fs = [f for f in find_findings(FakeData(recs)) if f.kind == "yoy_change"]
    titles = {f.title for f in fs}
    assert titles == {
        "스마트빌리지 조성 지원: 세입 2025→2026 △29.8% (3,604,000천원 → 2,530,000천원)",
        "디지털배움터 운영: 신규 편성(순증) (3,256,000천원)",
        "CCTV 설치 사업 보조금 집행잔액: 세입 2025→2026 143.8% (195,962천원 → 477,747천원)",
    }
    smart = next(f for f in fs if f.title.startswith("스마트빌리지"))
    assert smart.severity == "medium"
    assert smart.explanation == ("세입 '스마트빌리지 조성 지원'은(는) 2026 예산현액 2,530,000천원[1]로 2025 최종예산 3,604,000천원[2] 대비 "
                                 "증감액 △1,074,000천원[3], 증감률 △29.8%[4] 변동했습니다. (세입예산 세부내역 표)")
    assert_citations_hold(fs)


def test_account_change_across_reports_issue_example() -> None:
    """장애인 정보통신보조기기 보급 919,776천원: 2025 일반회계 → 2026 특별회계."""
    recs = (exec_row(DOC_2025, 1032, "a9", ("데이터센터", "일반기계", "정보취약계층 정보격차해소 (장애인 정보통신보조기기 보급)"),
                     "데이터센터", ("919,776", "0", "0", "0.0%", "0.0%"))
            + exec_row(DOC_2026, 630, "t9", ("데이터센터", "특별회계", "정보취약계층 정보격차해소 (장애인 정보통신보조기기 보급)"),
                       "데이터센터", ("919,776", "", "", "0.0", "0.0"))
            + exec_row(DOC_2025, 1033, "a9", ("데이터센터", "일반기계", "정보취약계층 정보격차해소 (장애인 정보화교육)"),
                       "데이터센터", ("147,946", "0", "0", "0.0%", "0.0%"))
            + exec_row(DOC_2026, 627, "t9", ("데이터센터", "일반회계", "정보취약계층 정보격차해소 (장애인 정보화 교육)"),
                       "데이터센터", ("147,946", "", "", "0.0", "0.0")))
    fs = [f for f in find_findings(FakeData(recs)) if f.kind == "account_change"]
    assert len(fs) == 1
    f = fs[0]
    assert f.title == "정보취약계층 정보격차해소 (장애인 정보통신보조기기 보급): 일반회계 → 특별회계 (919,776천원)"
    assert [(c.doc, c.line_start, c.value) for c in f.citations] == [(DOC_2025, 1032, "919,776"), (DOC_2026, 630, "919,776")]
    assert f.department == "데이터센터"
    assert_citations_hold(fs)


def test_printed_account_change_flags_are_paired() -> None:
    d, t = DOC_2026, "세입예산 세부내역"
    recs = (rev(d, 524, "t7", t, ("보조금", "국고보조금등", "지역균형발전특별회계보조금(일반)", "장애인 정보통신보조기기 보급(데이터센터)"),
                ("-", "459,888", "회계 변경", "회계 변경"))
            + rev(d, 528, "t7", t, ("보조금", "국고보조금등", "지역균형발전특별회계보조금(균특)", "장애인 정보통신보조기기 보급(데이터센터)"),
                  ("459,888", "-", "회계 변경", "회계 변경")))
    fs = find_findings(FakeData(recs))
    assert [f.kind for f in fs] == ["account_change"]
    f = fs[0]
    assert f.title == "장애인 정보통신보조기기 보급(데이터센터): 지역균형발전특별회계보조금(일반) → 지역균형발전특별회계보조금(균특) (회계 변경)"
    assert {c.line_start for c in f.citations} == {524, 528}
    assert f.department == "데이터센터"
    assert_citations_hold(fs)


def test_inconsistency_within_report_parking_revenue() -> None:
    """2026 주차요금수입 404,751 (세입총괄) vs 392,742 (세입예산 세부내역)."""
    d = DOC_2026
    recs = (rev(d, 79, "t3", "세입총괄", ("세외수입", "경상적세외수입", "주차요금수입"), ("404,751", "471,816", "△79,074", "△16.8%"))
            + rev(d, 472, "t7", "세입예산 세부내역", ("세외수입", "경상적세외수입", "주차요금수입"),
                  ("392,742", "471,816", "△79,074", "△16.8%")))
    fs = [f for f in find_findings(FakeData(recs)) if f.kind == "inconsistency"]
    assert len(fs) == 1
    f = fs[0]
    assert f.severity == "high"
    assert [(c.line_start, c.value) for c in f.citations] == [(79, "404,751"), (472, "392,742")]
    assert f.explanation == ("같은 보고서 안에서 세입 '주차요금수입'의 2026 예산현액이(가) 세입총괄 표에는 404,751천원[1], "
                             "세입예산 세부내역 표에는 392,742천원[2]로 서로 다르게 적혀 있습니다(차이 12,009천원, 계산값).")
    assert_citations_hold(fs)


def test_inconsistency_across_reports_total_expenditure() -> None:
    """2025 세출 예산현액 179,524,030 (2025 report) vs 2025 최종예산 185,838,410 (2026 report)."""
    recs = ([rec(DOC_2025, 85, "a2", "세출 총괄", ("계",), "2025 예산현액", "179,524,030")]
            + [rec(DOC_2026, 108, "t4", "세출총괄", ("계",), c, v, u) for c, v, u in
               (("2026 예산현액", "188,462,187", "천원"), ("2025 최종예산", "185,838,410", "천원"),
                ("증감액", "2,623,777", "천원"), ("증감률", "1.4%", "%"), ("집행률", "46.5", "%"))])
    fs = [f for f in find_findings(FakeData(recs)) if f.kind == "inconsistency"]
    assert len(fs) == 1
    f = fs[0]
    assert [(c.doc, c.line_start, c.value) for c in f.citations] == [(DOC_2025, 85, "179,524,030"), (DOC_2026, 108, "185,838,410")]
    assert f.title == "세출 총계: 2025년 예산 179,524,030천원 vs 185,838,410천원 (보고서 간)"
    assert f.severity == "medium"
    assert "6,314,380천원(계산값)" in f.explanation
    assert_citations_hold(fs)


def test_inconsistency_parent_differs_from_the_sum_of_its_children() -> None:
    """2026 세출총괄: 정보통신과 2025 최종예산 52,926,546 but 43,841,809 + 9,085,037 = 52,926,846."""
    cols = ("2026 예산현액", "2025 최종예산")
    recs = (rev(DOC_2026, 115, "t4", "세출총괄 부서별", ("정보통신과",), ("43,298,294", "52,926,546"), cols)
            + rev(DOC_2026, 116, "t4", "세출총괄 부서별", ("정보통신과", "일반회계"), ("35,617,810", "43,841,809"), cols)
            + rev(DOC_2026, 117, "t4", "세출총괄 부서별", ("정보통신과", "특별회계"), ("7,680,484", "9,085,037"), cols))
    recs = [dataclasses.replace(r, department="정보통신과") for r in recs]
    fs = [f for f in find_findings(FakeData(recs)) if f.kind == "inconsistency"]
    assert [f.title for f in fs] == ["정보통신과: 전년도 예산 52,926,546천원 ≠ 하위 합 52,926,846천원"]
    assert fs[0].explanation.endswith("의 합은 52,926,846천원(계산값)로 상위 행보다 300천원(계산값) 많습니다.")
    assert [c.line_start for c in fs[0].citations] == [115, 116, 117]
    assert_citations_hold(fs)


def test_sum_check_skips_rounding_and_misnested_children() -> None:
    cols = ("2026 예산현액",)
    # 27,726,934 vs its eight projects summing to 27,726,935: rounding of 천원, not a finding
    kids = [(542, "1,361,505"), (543, "3,657,943"), (544, "6,070,663"), (545, "13,119,777"), (546, "383,741"),
            (547, "960,913"), (548, "1,922,517"), (549, "249,876")]
    recs = rev(DOC_2026, 541, "t9", EXEC, ("디지털정책과", "일반회계"), ("27,726,934",), ("예산현액",))
    for line, v in kids:
        recs += rev(DOC_2026, line, "t9", EXEC, ("디지털정책과", "일반회계", f"p{line}"), (v,), ("예산현액",))
    assert not [f for f in find_findings(FakeData(recs)) if "하위 합" in f.title]
    # 보조금 6,319,861 with 국고보조금등 6,319,861 and a mis-numbered 2-2-2) row under it
    recs = (rev(DOC_2026, 93, "t3", "세입총괄", ("보조금",), ("6,319,861",), cols)
            + rev(DOC_2026, 94, "t3", "세입총괄", ("보조금", "국고보조금등"), ("6,319,861",), cols)
            + rev(DOC_2026, 96, "t3", "세입총괄", ("보조금", "지역균형발전특별회계보조금(균특)"), ("6,245,888",), cols))
    assert not [f for f in find_findings(FakeData(recs)) if "하위 합" in f.title]


def test_regression_one_old_total_split_in_two_is_not_an_inconsistency() -> None:
    """2025 지역균형발전특별회계보조금 3,677,973 became (일반) and (균특) in 2026: no pair is 'the same item'."""
    old = [rec(DOC_2025, 928, "a10", "세입예산 세부내역", ("보조금", "지역균형발전특별회계보조금"), "2025 예산현액", "3,677,973")]
    cols = ("2026 예산현액", "2025 최종예산")
    new = (rev(DOC_2026, 95, "t3", "세입총괄", ("보조금", "국고보조금등", "지역균형발전특별회계보조금(일반)"), ("73,973", "533,861"), cols)
           + rev(DOC_2026, 96, "t3", "세입총괄", ("보조금", "국고보조금등", "지역균형발전특별회계보조금(균특)"),
                 ("6,245,888", "3,604,000"), cols))
    assert not [f for f in find_findings(FakeData(old + new)) if f.kind == "inconsistency"]


def test_regression_same_name_under_two_parents_is_not_matched() -> None:
    """정보통신공사업 위반 과태료 appears under 지방행정제재·부과금 (351,000) and under 지난연도 수입 (3,305)."""
    old = [rec(DOC_2025, 920, "a10", "세입예산 세부내역", ("기타과태료", "정보통신공사업 위반 과태료"), "2025 예산현액", "351,000")]
    cols = ("2026 예산현액", "2025 최종예산")
    new = (rev(DOC_2026, 516, "t7", "세입예산 세부내역", ("세외수입", "지방행정제재·부과금", "정보통신공사업 위반 과태료"),
               ("298,935", "351,000"), cols)
           + rev(DOC_2026, 518, "t7", "세입예산 세부내역", ("세외수입", "지난연도 수입", "정보통신공사업 위반 과태료"),
                 ("3,072", "3,305"), cols))
    assert not [f for f in find_findings(FakeData(old + new)) if f.kind == "inconsistency"]


def _sections_2026_sda() -> list[Section]:
    return [Section("2026:3", DOC_2026, ("3. 주요 현안업무",), "3. 주요 현안업무", 1, None, 146, 456),
            Section("2026:3.10", DOC_2026, ("3. 주요 현안업무", "3.10. 기록환경 변화에 맞춘 차세대 디지털 아카이브 운영 (서울기록원)"),
                    "3.10. 기록환경 변화에 맞춘 차세대 디지털 아카이브 운영 (서울기록원)", 2, "서울기록원", 428, 456, "2026:3")]


def test_inconsistency_text_vs_table_sda_867_vs_868() -> None:
    recs = [rec(DOC_2026, 449, "t8", "", ("사업비 (단위:백만원)",), "2026년", "868", "백만원", section_id="2026:3.10"),
            rec(DOC_2026, 449, "t8", "", ("사업비 (단위:백만원)",), "2025년", "200", "백만원", section_id="2026:3.10")]
    fs = [f for f in find_findings(FakeData(recs, _sections_2026_sda())) if f.kind == "inconsistency"]
    table = [f for f in fs if "vs 표" in f.title]
    assert len(table) == 1
    f = table[0]
    assert f.title == "기록환경 변화에 맞춘 차세대 디지털 아카이브 운영: 본문 867백만원 vs 표 868백만원"
    assert [(c.line_start, c.value) for c in f.citations] == [(434, "867"), (449, "868")]
    assert f.department == "서울기록원"
    # the same line's parts (552 + 232 + 81 = 865) do not add up to 867 either
    parts = [f for f in fs if "세부 합" in f.title]
    assert [p.title for p in parts] == ["기록환경 변화에 맞춘 차세대 디지털 아카이브 운영: 합계 867백만원 ≠ 세부 합 865백만원"]
    assert_citations_hold(fs)


def _sections_2025_audit() -> list[Section]:
    return [Section("2025:V", DOC_2025, ("V. 2024 행정사무감사 처리결과",), "V. 2024 행정사무감사 처리결과", 1, None, 1044, 1149)]


def test_parse_demands_status_category_department() -> None:
    ds = audit.parse_demands(FakeData([], _sections_2025_audit()))
    by_line = {d.line: d for d in ds}
    assert by_line[1060].text == "우리 동네 디지털 안내소 사업에 대하여 보다 적극적인 홍보 및 시 예산지원 등 활성화를 위한 대책이 필요함"
    assert (by_line[1060].department, by_line[1060].status, by_line[1060].category) == ("디지털정책과", "추진중", "시정·처리 요구")
    assert (by_line[1088].department, by_line[1088].status) == ("데이터센터", "추진중")
    assert (by_line[1120].status, by_line[1120].category) == ("검토중", "건의")
    assert by_line[1128].department == "정보보안과"
    assert by_line[1146].category == "기타"
    assert by_line[1064].status == "추진완료"
    assert {d.audit_year for d in ds} == {2024}


def test_open_demands_cite_a_later_mention_only_when_on_topic() -> None:
    fs = [f for f in find_findings(FakeData([], _sections_2025_audit())) if f.kind == "open_demand"]
    lines = {f.citations[0].line_start for f in fs}
    assert 1064 not in lines and 1060 in lines and 1120 in lines
    arrears = next(f for f in fs if f.citations[0].line_start == 1088)
    assert arrears.department == "데이터센터" and arrears.severity == "high"
    assert len(arrears.citations) == 2 and arrears.citations[1].doc == DOC_2026
    later = _LINES[DOC_2026][arrears.citations[1].line_start - 1]
    assert "에스플렉스센터" in later
    assert_citations_hold(fs)


def test_unknown_department_and_doc_are_named() -> None:
    recs = exec_row(DOC_2026, 623, "t9", ("데이터센터", "일반회계", "정보자원 통합 관리"), "데이터센터",
                    ("18,729,857", "600", "600", "0.0", "0.0"))
    with pytest.raises(AuditError, match="알 수 없는 부서입니다: '없는과'. 가능한 부서: 데이터센터"):
        find_findings(FakeData(recs), department="없는과")
    with pytest.raises(AuditError, match="알 수 없는 문서입니다: 'x.txt'"):
        find_findings(FakeData(recs), doc="x.txt")
    assert len(find_findings(FakeData(recs), department="데이터센터")) == 1


def test_outputs_markdown_csv_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    recs = (exec_row(DOC_2026, 623, "t9", ("데이터센터", "일반회계", "정보자원 통합 관리"), "데이터센터",
                     ("18,729,857", "600", "600", "0.0", "0.0"))
            + rev(DOC_2026, 79, "t3", "세입총괄", ("세외수입", "경상적세외수입", "주차요금수입"), ("404,751", "471,816", "△79,074", "△16.8%"))
            + rev(DOC_2026, 472, "t7", "세입예산 세부내역", ("세외수입", "경상적세외수입", "주차요금수입"),
                  ("392,742", "471,816", "△79,074", "△16.8%")))
    fs = find_findings(FakeData(recs))
    md = audit.to_markdown(fs)
    assert md.index("## 데이터센터") < md.index("## 국 전체")
    assert "### 1. [높음] 집행 부진 — 정보자원 통합 관리: 원인행위 집행률 0.0% (예산현액 18,729,857천원)" in md
    rows = list(csv.reader(io.StringIO(audit.to_csv(fs))))
    assert tuple(rows[0]) == audit.COLUMNS and len(rows) == len(fs) + 1
    out = tmp_path / "audit.xlsx"
    audit.to_xlsx(fs, out)
    wb = load_workbook(out)
    ws = wb["지적사항"]
    assert tuple(c.value for c in ws[1]) == audit.COLUMNS
    assert ws.max_row == len(fs) + 1
    assert ws["D2"].value == "slow_execution" and ws["A2"].value == 1 and ws.auto_filter.ref == f"A1:J{ws.max_row}"
    assert wb["근거"].max_row == 1 + sum(len(f.citations) for f in fs)



class _FakeLLM:
    """A backend whose reply is fixed; records the prompts it got."""

    name = "fake"

    def __init__(self, reply: str) -> None:
        self.reply, self.prompts = reply, []

    def complete(self, system: str, user: str) -> str:
        self.prompts.append(user)
        return self.reply


def _parking() -> FakeData:
    return FakeData(rev(DOC_2026, 79, "t3", "세입총괄", ("세외수입", "경상적세외수입", "주차요금수입"),
                        ("404,751", "471,816", "△79,074", "△16.8%"))
                    + rev(DOC_2026, 472, "t7", "세입예산 세부내역", ("세외수입", "경상적세외수입", "주차요금수입"),
                          ("392,742", "471,816", "△79,074", "△16.8%")))


def test_llm_questions_kept_only_when_the_verifier_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.llm

    good = _FakeLLM("1. 주차요금수입이 세입총괄에는 404,751천원[1], 세부내역에는 392,742천원[2]으로 다른 이유는 무엇입니까?")
    monkeypatch.setattr(app.llm, "get_backend", lambda spec=None: good)
    fs = find_findings(_parking())
    assert fs[0].questions == ["주차요금수입이 세입총괄에는 404,751천원[1], 세부내역에는 392,742천원[2]으로 다른 이유는 무엇입니까?"]
    assert good.prompts == [fs[0].explanation]

    bad = _FakeLLM("주차요금수입이 500,000천원[1]으로 늘어난 이유는 무엇입니까?")
    monkeypatch.setattr(app.llm, "get_backend", lambda spec=None: bad)
    fs = find_findings(_parking())
    assert bad.prompts and fs[0].questions[0].startswith("'주차요금수입' 2026 예산현액이(가) 세입총괄에는 404,751천원")

    monkeypatch.setenv("DCQA_AUDIT_LLM_MAX_FINDINGS", "0")
    never = _FakeLLM("x")
    monkeypatch.setattr(app.llm, "get_backend", lambda spec=None: never)
    find_findings(_parking())
    assert never.prompts == []


# --- the real index (ingest of the real corpus, hash embedder) ---------------------------------------------------
_REAL: dict[str, list[Finding]] = {}


@pytest.fixture
def real_findings(built_index: Path) -> list[Finding]:
    """All findings of the real index, computed once per test session."""
    if str(built_index) not in _REAL:
        from index.api import open_index

        _REAL[str(built_index)] = find_findings(open_index(built_index))
    return _REAL[str(built_index)]


def _cited(f: Finding) -> set[tuple[str, int, str | None]]:
    return {(c.doc, c.line_start, c.value) for c in f.citations}


def _find(findings: list[Finding], kind: str, *cells: tuple[str, int, str]) -> Finding:
    """The finding of `kind` that cites every given (doc, line, value)."""
    hits = [f for f in findings if f.kind == kind and set(cells) <= _cited(f)]
    assert hits, f"no {kind} finding citing {cells}; {kind} findings: {[f.title for f in findings if f.kind == kind]}"
    return hits[0]


def test_real_index_every_citation_is_printed_on_its_line(real_findings: list[Finding]) -> None:
    assert {f.kind for f in real_findings} == set(audit.KINDS)
    assert_citations_hold(real_findings)
    for f in real_findings:
        assert f.severity in audit.SEVERITIES and 1 <= len(f.questions) <= 3 and f.department
        assert len({f.finding_id for f in real_findings}) == len(real_findings)


def test_real_index_parking_revenue_summary_vs_detail(real_findings: list[Finding]) -> None:
    f = _find(real_findings, "inconsistency", (DOC_2026, 79, "404,751"), (DOC_2026, 472, "392,742"))
    assert f.severity == "high"
    assert [x["value_raw"] for x in f.figures[:2]] == ["404,751", "392,742"]


def test_real_index_2025_budget_in_two_reports(real_findings: list[Finding]) -> None:
    fs = [f for f in real_findings if f.kind == "inconsistency"
          and {v for _, _, v in _cited(f)} >= {"179,524,030", "185,838,410"}]
    assert len(fs) == 1
    lines = {(d, n) for d, n, _ in _cited(fs[0])}
    assert lines & {(DOC_2025, 85), (DOC_2025, 946)} and lines & {(DOC_2026, 108), (DOC_2026, 128)}


def test_real_index_sums_that_do_not_add_up(real_findings: list[Finding]) -> None:
    _find(real_findings, "inconsistency", (DOC_2026, 115, "52,926,546"), (DOC_2026, 116, "43,841,809"),
          (DOC_2026, 117, "9,085,037"))
    f = _find(real_findings, "inconsistency", (DOC_2026, 591, "35,617,810"))
    assert "72,500천원(계산값) 적습니다" in f.explanation
    f = _find(real_findings, "inconsistency", (DOC_2026, 77, "8,612,969"), (DOC_2026, 79, "404,751"))
    assert "12,009천원(계산값) 많습니다" in f.explanation


def test_real_index_sda_text_867_vs_table_868(real_findings: list[Finding]) -> None:
    f = _find(real_findings, "inconsistency", (DOC_2026, 434, "867"), (DOC_2026, 449, "868"))
    assert f.department == "서울기록원"
    assert "867백만원[1]" in f.explanation and "868백만원[2]" in f.explanation


def test_real_index_assistive_devices_moved_to_special_account(real_findings: list[Finding]) -> None:
    f = _find(real_findings, "account_change", (DOC_2025, 1032, "919,776"), (DOC_2026, 630, "919,776"))
    assert f.department == "데이터센터"
    assert "일반회계 → 특별회계" in f.title
    _find(real_findings, "account_change", (DOC_2026, 524, "459,888"), (DOC_2026, 528, "459,888"))


def test_real_index_slow_execution_zero_percent_at_3_31(real_findings: list[Finding]) -> None:
    slow = [f for f in real_findings if f.kind == "slow_execution"]
    f = _find(slow, "slow_execution", (DOC_2026, 623, "18,729,857"), (DOC_2026, 623, "0.0"))
    assert slow[0] is f  # the largest budget first
    assert all(c.doc == DOC_2026 for g in slow for c in g.citations)  # at 1.31 nothing is 15 points behind


def test_real_index_year_over_year_changes(real_findings: list[Finding]) -> None:
    printed = _find(real_findings, "yoy_change", (DOC_2026, 526, "2,530,000"), (DOC_2026, 526, "△1,074,000"))
    assert printed.severity == "medium"
    cross = _find(real_findings, "yoy_change", (DOC_2025, 1003, "20,128,100"), (DOC_2026, 598, "11,388,383"))
    assert cross.severity == "high" and "△8,739,717천원" in cross.explanation
    # '서울기록원 디지털 아카이브 구축' (2025) is '디지털 아카이브 구축' (2026): the department prefix is dropped
    renamed = _find(real_findings, "yoy_change", (DOC_2025, 1039, "790,160"), (DOC_2026, 634, "1,481,603"))
    assert renamed.department == "서울기록원"


def test_real_index_open_demands_are_the_open_rows(real_findings: list[Finding]) -> None:
    expected = {n for n, line in enumerate(_LINES[DOC_2025], 1)
                if re.search(r"추진상황\s*:\s*(추진중|검토중)", line)}
    demands = [f for f in real_findings if f.kind == "open_demand"]
    assert {f.citations[0].line_start for f in demands} == expected
    for f in demands:
        assert f.citations[0].value in {"추진중", "검토중"}
        later = f.citations[1:]
        assert all(c.doc == DOC_2026 for c in later)
        assert ("관련 후보로 찾은 문장" in f.explanation) == bool(later)
        if not later:
            assert "후속 언급을 찾지 못했습니다" in f.explanation


def test_real_index_xlsx_and_csv(real_findings: list[Finding], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "audit.xlsx"
    audit.to_xlsx(real_findings, out)
    ws = load_workbook(out)["지적사항"]
    assert tuple(c.value for c in ws[1]) == audit.COLUMNS and ws.max_row == len(real_findings) + 1
    rows = list(csv.DictReader(io.StringIO(audit.to_csv(real_findings))))
    assert len(rows) == len(real_findings) and {r["유형코드"] for r in rows} == set(audit.KINDS)
