"""`python -m app audit`: formats, filters and one-line errors (fake index), then the real index."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app import audit_cli
from tests.conftest import DOC_2026
from tests.test_audit import FakeData, exec_row, rev


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeData:
    recs = (exec_row(DOC_2026, 623, "t9", ("데이터센터", "일반회계", "정보자원 통합 관리"), "데이터센터",
                     ("18,729,857", "600", "600", "0.0", "0.0"))
            + exec_row(DOC_2026, 612, "t9", ("공간정보과", "일반회계", "1:1,000 수치지형도 갱신"), "공간정보과",
                       ("1,200,000", "", "", "0.0", "0.0"))
            + rev(DOC_2026, 79, "t3", "세입총괄", ("세외수입", "경상적세외수입", "주차요금수입"), ("404,751", "471,816", "△79,074", "△16.8%"))
            + rev(DOC_2026, 472, "t7", "세입예산 세부내역", ("세외수입", "경상적세외수입", "주차요금수입"),
                  ("392,742", "471,816", "△79,074", "△16.8%")))
    data = FakeData(recs)
    monkeypatch.setattr(audit_cli, "_open", lambda index_dir: data)
    return data


def test_markdown_to_stdout_grouped_by_department(fake: FakeData) -> None:
    buf = io.StringIO()
    assert audit_cli.main([], out=buf) == 0
    md = buf.getvalue()
    assert md.startswith("# 행정사무감사 준비 자료\n")
    assert md.index("## 공간정보과 (1건)") < md.index("## 데이터센터 (1건)") < md.index("## 국 전체 (1건)")


def test_department_filter_and_csv(fake: FakeData) -> None:
    buf = io.StringIO()
    assert audit_cli.main(["--department", "데이터센터", "--format", "csv"], out=buf) == 0
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [(r["부서"], r["유형코드"], r["심각도"]) for r in rows] == [("데이터센터", "slow_execution", "높음")]
    assert "[1] seoul-digital-city-bureau-2026-04-current-issues.txt:623" in rows[0]["근거"]


def test_unknown_department_lists_known_ones(fake: FakeData, capsys: pytest.CaptureFixture[str]) -> None:
    assert audit_cli.main(["--department", "총무과"]) == 2
    err = capsys.readouterr().err
    assert err == "오류: 알 수 없는 부서입니다: '총무과'. 가능한 부서: 공간정보과, 데이터센터, 국 전체\n"


def test_xlsx_needs_out(fake: FakeData, capsys: pytest.CaptureFixture[str]) -> None:
    assert audit_cli.main(["--format", "xlsx"]) == 2
    assert capsys.readouterr().err == "오류: --format xlsx에는 --out 파일이 필요합니다. 예: --format xlsx --out var/audit.xlsx\n"


def test_bad_format_is_one_line_exit_2(fake: FakeData, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        audit_cli.main(["--format", "pdf"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("오류: argument --format: invalid choice: 'pdf'") and err.count("\n") == 1


def test_xlsx_file_opens_with_expected_columns(fake: FakeData, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from app.audit import COLUMNS

    out = tmp_path / "a" / "audit.xlsx"
    assert audit_cli.main(["--format", "xlsx", "--out", str(out), "--doc", "2026"]) == 0
    ws = load_workbook(out)["지적사항"]
    assert tuple(c.value for c in ws[1]) == COLUMNS
    assert ws.max_row == 4


def test_missing_index_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert audit_cli.main(["--index", str(tmp_path / "nothing")]) == 1
    assert capsys.readouterr().err.startswith("오류: 색인을 열 수 없습니다: ")


def test_real_index_csv_end_to_end(built_index: Path) -> None:
    buf = io.StringIO()
    assert audit_cli.main(["--index", str(built_index), "--format", "csv", "--department", "서울기록원"], out=buf) == 0
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows and {r["부서"] for r in rows} == {"서울기록원"}
    sda = [r for r in rows if r["제목"] == "기록환경 변화에 맞춘 차세대 디지털 아카이브 운영: 본문 867백만원 vs 표 868백만원"]
    assert len(sda) == 1 and sda[0]["심각도"] == "높음" and sda[0]["유형코드"] == "inconsistency"
    assert "[1] seoul-digital-city-bureau-2026-04-current-issues.txt:434 = 867" in sda[0]["근거"]
