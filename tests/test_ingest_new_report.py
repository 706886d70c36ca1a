"""A new report in the same formats ingests without code changes (nothing is tied to the two corpus files)."""
from __future__ import annotations

from tests.test_ingest_helpers import parse_text

REPORT_2027 = """\

2027년 현안 업무보고

2027. 5.

미래도시국

1. 일반현황 (2027.4.30. 기준)

□ 미래도시국 인력 : 정원 20명 / 현원 21명

| 구분 | 계 | 스마트교통과 | 미래전략과 |
|----|------|--------|--------|
| 정원 | 20명 | 12명 | 8명 |
| 현원 | 21명 | 12명 | 9명 |

2. 주요 현안업무

- 2.1. 교통 데이터 개방

2.1. 교통 데이터 개방 (스마트교통과)

□ 사업개요

- 사업내용 : 교통 데이터 개방
 - ※ 세부 내용은 별도 보고
- 사업예산 : 500백만원

3. 2027 세출예산 세부현황

□ 세출예산 집행현황 (2027. 4. 30. 기준)

(단위 : 천원, %)

| 구분 | 예산현액 | 원인행위액 | 원인행위 집행률(%) |
|---|---|---|---|
| 미래도시국 | 3,000 | 1,500 | 50.0 |
| 1) 스마트교통과 | 2,000 | 1,000 | 50.0 |
| 1-1) 일반기계 | 2,000 | 1,000 | 50.0 |
| 1-1-1) 기본경비 | 100 | 10 | 10.0 |

| 구분 | 예산현액 | 원인행위액 | 원인행위 집행률(%) |
|---|---|---|---|
| 2) 미래전략과 | 1,000 | 500 | 50.0 |
| 2-1) 일반회계 | 1,000 | 500 | 50.0 |
| 2-1-1) 기본경비 | 200 | 20 | 10.0 |
"""

REPORT_2028 = """\
2028년 주요 업무보고

2028. 2.

미래도시국

I. 일반 현황

□ 세출예산 집행현황

('28. 1. 31. 기준, 단위 : 천원, %)

구\t분\t예산현액\t집행액\t\t집행률 (%)\t
\t\t\t원인행위액\t지출액\t원인행위\t지출액
미래도시국\t\t3,000\t1,500\t300\t50.0%\t10.0%
스마트교통과\t\t2,000\t1,000\t200\t50.0%\t10.0%
일반기계\t\t2,000\t1,000\t200\t50.0%\t10.0%
기본경비\t\t100\t10\t10\t10.0%\t10.0%

구\t분\t예산현액\t집행액\t\t집행률 (%)\t
\t\t\t원인행위액\t지출액\t원인행위\t지출액
\t교통정보 운영\t1,900\t990\t190\t52.1%\t10.0%
\t미래전략과\t1,000\t500\t100\t50.0%\t10.0%
\t일반회계\t1,000\t500\t100\t50.0%\t10.0%
\t기본경비\t200\t20\t20\t10.0%\t10.0%

II. 주요 추진 업무

1. 스마트 교통

1-1. 교통 데이터 개방

1-1. 교통 데이터 개방

스마트교통과장 : 홍길동 ☎2133-0000 교통데이터팀장 : 김철수 ☎0001

□ 사업개요

- (소요예산) 500백만원
"""


def _line_of(text: str, start: str, nth: int = 1) -> int:
    """1-based number of the nth line of `text` that starts with `start`."""
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if line.startswith(start)]
    return hits[nth - 1]


def test_new_report_in_the_2026_layout() -> None:
    pd = parse_text("future-2027.txt", REPORT_2027)
    assert (pd.document.title, pd.document.year) == ("2027년 현안 업무보고", 2027)
    sec = next(s for s in pd.sections if s.title == "교통 데이터 개방")
    assert (sec.department, sec.line_start) == ("스마트교통과", _line_of(REPORT_2027, "2.1. 교통"))
    got = {(r.row_path, r.column): (r.value_raw, r.department, r.unit) for r in pd.records}
    assert got[(("스마트교통과", "일반회계", "기본경비"), "예산현액")] == ("100", "스마트교통과", "천원")
    assert got[(("미래전략과", "일반회계", "기본경비"), "원인행위 집행률")] == ("10.0", "미래전략과", "%")
    assert got[(("계",), "예산현액")] == ("3,000", None, "천원")
    assert got[(("미래전략과",), "현원")] == ("9명", "미래전략과", "명")
    assert pd.covered_cells == pd.numeric_cells == len(pd.records)
    assert all(r.value_raw in pd.lines[r.line - 1] for r in pd.records)


def test_new_report_in_the_2025_layout() -> None:
    pd = parse_text("future-2028.txt", REPORT_2028)
    sec = next(s for s in pd.sections if s.title == "교통 데이터 개방")
    assert sec.department == "스마트교통과"
    assert sec.line_start == _line_of(REPORT_2028, "1-1. 교통", 2)  # the first `1-1.` is a TOC repeat
    got = {(r.row_path, r.column): r for r in pd.records}
    r = got[(("스마트교통과", "일반회계", "교통정보 운영"), "예산현액")]  # continues after the repeated header
    assert (r.value_raw, r.department, r.as_of, r.line) == ("1,900", "스마트교통과", "'28. 1. 31.", _line_of(REPORT_2028, "\t교통정보"))
    assert got[(("미래전략과", "일반회계", "기본경비"), "지출액 집행률")].value_raw == "10.0%"
    assert got[(("스마트교통과", "일반회계", "기본경비"), "원인행위액")].value_raw == "10"
    assert pd.covered_cells == pd.numeric_cells
