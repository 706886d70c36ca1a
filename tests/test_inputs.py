"""Question normalisation and validation shared by every entry point (app/inputs.py)."""
from __future__ import annotations

import importlib

import pytest

from app.inputs import QuestionError, check_filter, check_question, normalize_text, remove_invisible

answer_module = importlib.import_module("app.answer")  # the module, not the `app.answer` function


def test_answer_module_reexports_the_same_question_check() -> None:
    assert answer_module.check_question is check_question
    assert answer_module.QuestionError is QuestionError


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad",
                                       "\u202e", "\u2066"])
def test_zero_width_inside_a_word_is_removed(invisible: str) -> None:
    assert check_question(f"데이터{invisible}센터 정원은?") == "데이터센터 정원은?"


def test_bom_at_the_start_is_removed() -> None:
    assert check_question("\ufeff2026년 데이터센터 정원은?") == "2026년 데이터센터 정원은?"


def test_decomposed_hangul_is_composed_nfc() -> None:
    decomposed = "\u1100\u1161\u11a8 정원은?"  # 각 as three jamo
    assert check_question(decomposed) == "각 정원은?"


def test_jamo_split_by_a_zero_width_joiner_still_composes() -> None:
    assert check_question("\u1100\u200d\u1161 예산") == "가 예산"


@pytest.mark.parametrize("bad, code", [("\ud800", "U+D800"), ("\udcff", "U+DCFF"), ("\x00", "U+0000"),
                                       ("\x1b", "U+001B"), ("\x7f", "U+007F"), ("\x85", "U+0085"),
                                       ("\ufffe", "U+FFFE"), ("\U0010ffff", "U+10FFFF"), ("\ufdd0", "U+FDD0")])
def test_invalid_code_points_are_refused_in_one_korean_line(bad: str, code: str) -> None:
    with pytest.raises(QuestionError) as e:
        check_question(f"데이터센터{bad} 정원은?")
    msg = str(e.value)
    assert code in msg and "6번째 글자" in msg and "\n" not in msg


def test_tab_and_newline_are_allowed() -> None:
    assert check_question("데이터센터\t정원은?\n예산은?") == "데이터센터\t정원은?\n예산은?"


@pytest.mark.parametrize("value", [None, 123, 1.5, ["질문"], {"q": "질문"}, b"\xea\xb0\x80"])
def test_a_question_that_is_not_a_string_names_its_type(value: object) -> None:
    with pytest.raises(QuestionError, match=f"받은 값의 형식: {type(value).__name__}"):
        check_question(value)


def test_empty_after_removing_invisible_characters() -> None:
    with pytest.raises(QuestionError, match="비어 있습니다"):
        check_question(" \u200b\ufeff ")


def test_length_counts_the_normalised_question(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_MAX_QUESTION_CHARS", "5")
    assert check_question("가\u200b나다라마") == "가나다라마"
    with pytest.raises(QuestionError, match="6자"):
        check_question("가나다라마바")


def test_a_huge_question_is_refused_without_scanning_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_MAX_QUESTION_CHARS", "10")
    with pytest.raises(QuestionError, match="너무 깁니다 \\(1,000,000자\\)"):
        check_question("\ud800" * 1_000_000)  # the length wins over the invalid character


def test_max_question_chars_must_be_positive(monkeypatch: pytest.MonkeyPatch) -> None:
    from index import settings

    monkeypatch.setenv("DCQA_MAX_QUESTION_CHARS", "0")
    with pytest.raises(settings.SettingError, match="DCQA_MAX_QUESTION_CHARS='0'"):
        check_question("정원은?")


def test_filter_values_are_checked_like_questions() -> None:
    assert check_filter("부서", None) is None
    assert check_filter("부서", " 데이터\u200b센터 ") == "데이터센터"
    assert check_filter("부서", "  ") is None
    with pytest.raises(QuestionError, match="부서 값에 쓸 수 없는"):
        check_filter("부서", "\udcff")
    with pytest.raises(QuestionError, match="문자열"):
        check_filter("부서", 3)


def test_helpers() -> None:
    assert remove_invisible("a\u200bb\u00adc") == "abc"
    assert normalize_text("e\u0301") == "\u00e9"


@pytest.mark.parametrize("q", ["?", "？", "? ?", "...!!"])
def test_punctuation_alone_is_not_a_question(q: str) -> None:
    with pytest.raises(QuestionError, match="글자나 숫자가 없습니다"):
        check_question(q)
