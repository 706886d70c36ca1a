"""'A랑 B 중 어디가 더 …?': the named things ranked by the measure (a decrease asked is the most negative change);
'X에서 Y 빼면 얼마 남아?': two measures of one thing, differenced and shown."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_which_of_two_units_has_the_higher_rate() -> None:
    a = answer("데이터전략과랑 공간정보과 중 집행률 더 높은 곳은?", index=corpus_index())
    head = a.text.split("다음은")[0]
    assert "더 높은 쪽은 데이터전략과" in head and "49.5%" in head, a.text


def test_which_of_a_units_two_accounts_grew_more() -> None:
    a = answer("디지털정책과 일반회계랑 특별회계 중 전년 대비 더 많이 늘어난 쪽은?", index=corpus_index())
    head = a.text.split("다음은")[0]
    assert "특별회계" in head and "2,995,313" in head, a.text


def test_which_account_was_cut_more_is_the_most_negative_change() -> None:
    a = answer("정보통신과 일반회계랑 특별회계 중 전년보다 더 많이 줄어든 쪽은?", index=corpus_index())
    head = a.text.split("다음은")[0]
    assert "일반회계" in head and "8,223,999" in head, a.text


def test_one_measure_taken_from_another_of_the_same_unit() -> None:
    a = answer("정보보안과 예산현액에서 원인행위액 빼면?", index=corpus_index())
    assert "5,196,841" in a.text and "10,128,418 − 4,931,577" in a.text, a.text


def test_which_is_larger_and_by_how_much() -> None:
    a = answer("2026년 예산 기준 정보보안과와 공간정보과 중 어디가 더 많고 차이는 얼마야?", index=corpus_index())
    assert "더 많은 쪽은 공간정보과" in a.text and "10,709,252 − 10,128,418 = 580,834" in a.text, a.text
