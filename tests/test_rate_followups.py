"""Rates in follow-ups: shown with the two amounts they are computed from; a change asked in percent (몇퍼) between two
consecutive years is the later year's printed change."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_a_follow_up_rate_shows_its_amounts() -> None:
    a = answer("집행률은?", index=corpus_index(), history=["빅데이터 캠퍼스 운영 25년 예산 얼마"])
    assert "1.5%" in a.text and "8,149" in a.text and "553,003" in a.text, a.text


def test_percent_slang_asks_the_change_rate_between_the_two_years_just_named() -> None:
    """'몇퍼 줄었어?' after a unit's 26년 예산 and 25년 최종예산: the 2026 row's 증감률 (against 2025), not each
    report's own change."""
    a = answer("몇퍼 줄었어?", index=corpus_index(), history=["정보보안과 26년 세출예산이랑 25년 최종예산"])
    assert "2.2% 감소" in a.text and "49.2%" not in a.text, a.text


def test_a_change_against_last_year_stays_in_the_year_just_asked() -> None:
    """'전년보다 몇 % 늘었어?' after a figure of the 2025 report: that report's printed change (2025 against 2024), not
    a second year."""
    a = answer("전년보다 몇 % 늘었어?", index=corpus_index(), history=["25년 보고서 데이터센터 예산 얼마야?"])
    assert "7.9% 감소" in a.text and "2026" not in a.text.split("이해했습니다")[-1], a.text
