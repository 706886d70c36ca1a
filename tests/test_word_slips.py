"""A one-letter slip in a long word the reports print is put right before reading; a date written as month.day
in parentheses ('교육(3.12, 4.23)') answers a question of when."""
from __future__ import annotations

from app.answer import answer
from app.engine.normalize import word_typos_fixed
from tests.test_answer import corpus_index

CORPUS = "메타데이터관리체계개선\n스마트서울맵활성화\n데이터센터정원\n데이터샌터"


def _in(corpus: str):
    return lambda term: term.replace(" ", "") in corpus


def test_a_slip_in_a_long_word_is_put_right_and_its_particle_kept() -> None:
    fixed, changed = word_typos_fixed("메타데이타를 개선하는 일정", CORPUS, _in(CORPUS))
    assert changed and fixed == "메타데이터를 개선하는 일정"


def test_a_word_the_reports_print_or_a_short_word_is_left_alone() -> None:
    assert word_typos_fixed("스마트서울맵 활성화", CORPUS, _in(CORPUS)) == ("스마트서울맵 활성화", False)
    assert word_typos_fixed("정윈 몇 명", CORPUS, _in(CORPUS)) == ("정윈 몇 명", False)


def test_two_readings_one_letter_away_leave_the_word_as_asked() -> None:
    # '데이터산터' is one letter from both '데이터센터' and '데이터샌터': no guess, unless the reports print only one
    # of them before the next word ('데이터센터정원')
    assert word_typos_fixed("데이터산터 현원", CORPUS, _in(CORPUS)) == ("데이터산터 현원", False)
    assert word_typos_fixed("데이터산터 정원", CORPUS, _in(CORPUS)) == ("데이터센터 정원", True)


def test_a_misspelt_passage_word_still_finds_its_line() -> None:
    a = answer("메타데이타 관리체계 개선 언제야?", index=corpus_index())
    assert not a.abstained, a.text
    assert "'25.6. ~ 12." in a.text, a.text


def test_a_month_day_date_in_parentheses_answers_when() -> None:
    a = answer("5급 승진자 특화교육 언제였어?", index=corpus_index())
    assert not a.abstained, a.text
    assert "2.27" in a.text and any(c.line_start == 389 for c in a.citations), a.text
