"""English words of the bureau's work ('authorized', 'current headcounts', 'newly installed', 'guide map', 'Expo')
are read as the reports' Korean words, so the figure or line is found and cited."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_authorized_and_current_headcounts_of_a_division() -> None:
    a = answer("What were the authorized and current headcounts of the Information Security Division in January 2025?",
               index=corpus_index())
    assert "정원 (2025): 27명" in a.text and "현원 (2025): 26명" in a.text, a.text


def test_newly_installed_units_are_quoted_from_their_line() -> None:
    a = answer("How many Wi-Fi units were newly installed in 2024?", index=corpus_index())
    assert "577대" in a.text and any(c.line_start == 627 for c in a.citations), a.text


def test_an_expo_service_date_is_found_by_its_english_words() -> None:
    a = answer("When is the guide map service for the Seoul Garden Expo?", index=corpus_index())
    assert "2026. 5." in a.text and any(c.line_start == 397 for c in a.citations), a.text
