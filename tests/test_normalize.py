"""Normalisation for search: NFC, letter-spacing collapse, HTML stripping, conversion slips, number parsing."""
from __future__ import annotations

import unicodedata

import pytest

from index.normalize import (
    SLIPS,
    collapse_spacing,
    is_numeric_cell,
    join_split_label,
    normalize_text,
    parse_value,
    strip_html,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("보 조 금", "보조금"),
        ("2 0 2 5 년", "2025년"),
        ("예 산 현 액", "예산현액"),
        ("증 감 액", "증감액"),
        ("구 분", "구분"),
        ("세 외 수 입", "세외수입"),
        ("지 방 행 정 제 재 · 부 과 금", "지방행정제재·부과금"),
        ("정보격차해소사업 국고보조금 사 용 잔 액 반 환", "정보격차해소사업 국고보조금 사용잔액반환"),
        ("자 체 보 조 금 등 반 환 수 입", "자체보조금등반환수입"),  # a wholly letter-spaced cell joins even 등
    ],
)
def test_letter_spacing_collapses(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "서울패스 기능개선 및 시 및 25개 자치구 연계 확산",  # 및 시 및: real words
        "담당 : 마 숙 ☎2899",  # a two-syllable name inside a line
        "추진 중",
        "검토 중",
        "1국 6과 31팀 2사업소",
        "서울 AI 페스타 추진",
    ],
)
def test_real_words_are_not_merged(text: str) -> None:
    assert collapse_spacing(text) == text


def test_label_split_across_two_tab_cells() -> None:
    assert join_split_label("보", "조 금") == "보조금"
    assert join_split_label("보", "전 수입 등 및 내부 거래") == "보전 수입 등 및 내부 거래"
    assert join_split_label("지", "방 교 부 세") == "지방교부세"
    assert join_split_label("", "기 타 과 태 료") == "기타과태료"


def test_html_tags_are_stripped_keeping_text() -> None:
    cell = '<p><input type="checkbox"/> 추진상황 : 추진중</p> <ul style="list-style-type: none"> ○ 자료 제출</ul>'
    assert strip_html(cell) == "□ 추진상황 : 추진중 ○ 자료 제출"
    assert strip_html("<p>정책 목표</p>") == "정책 목표"
    assert strip_html("no tags") == "no tags"
    assert strip_html("<추진절차(순목타워예시)>") == "<추진절차(순목타워예시)>"  # angle brackets as text, not a tag


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("일반기계", "일반회계"),
        ("특별기계", "특별회계"),
        ("입시적세외수입", "임시적세외수입"),
        ("최 증 예 산", "최종예산"),
        ("2등급 시스템 대상 원격이증화", "2등급 시스템 대상 원격이중화"),
        ("증 감 륜", "증감률"),
        ("5-1-2) 사량의PC 보급", "5-1-2) 사랑의PC 보급"),
        ("공공외이파이, 초고속행정정보통신망", "공공와이파이, 초고속행정정보통신망"),
        ("서울은 기반 시민참여", "서울온 기반 시민참여"),
        ("(서울은) 복지서비스", "(서울온) 복지서비스"),
        ("서울은 앱 모바일 자격확인", "서울온 앱 모바일 자격확인"),
    ],
)
def test_conversion_slips(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_seoul_topic_marker_is_not_the_app() -> None:
    assert normalize_text("서울은 세계 도시 중 하나") == "서울은 세계 도시 중 하나"


def test_slip_table_is_documented() -> None:
    assert all(note for _, _, note in SLIPS)


def test_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "예산현액")
    assert normalize_text(decomposed) == "예산현액"


@pytest.mark.parametrize(
    ("cell", "value", "flag", "unit"),
    [
        ("51,701", 51701.0, None, None),
        ("△79,074", -79074.0, None, None),
        ("△16.8%", -16.8, None, "%"),
        ("7,415%", 7415.0, None, "%"),
        ("67명", 67.0, None, "명"),
        ("4,165식", 4165.0, None, "식"),
        ("58 (21.2%)", 58.0, None, None),
        ("+1", 1.0, None, None),
        ("△1", -1.0, None, None),
        ("0", 0.0, None, None),
        ("46.5", 46.5, None, None),
        ("순증", None, "순증", None),
        ("순감", None, "순감", None),
        ("회계 변경", None, "회계 변경", None),
        ("-", None, "-", None),
    ],
)
def test_parse_value(cell: str, value: float | None, flag: str | None, unit: str | None) -> None:
    pv = parse_value(cell)
    assert pv is not None
    assert (pv.value, pv.flag, pv.unit, pv.raw) == (value, flag, unit, cell)


@pytest.mark.parametrize("cell", ["2025년", "'24. 11월", "구분", "1:1,000 수치지형도 갱신", "- 디지털 성범죄", ""])
def test_non_numeric_cells(cell: str) -> None:
    assert parse_value(cell) is None


def test_dash_is_a_flag_not_a_numeric_cell() -> None:
    assert not is_numeric_cell("-")
    assert is_numeric_cell("순증")
