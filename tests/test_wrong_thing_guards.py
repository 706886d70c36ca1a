"""Guards against a figure for the wrong thing or the wrong date: a share of a row 'among' a named whole is of that
whole; an English day-month-year date names that report's month; '179억 원대' is a span, not a point; a table cell
whose row does not print the words the question names is not the answer."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_a_share_among_a_named_whole_is_of_that_whole() -> None:
    a = answer("25년 세외수입 중 기타사용료 비중은?", index=corpus_index())
    assert "8,675 ÷ 10,957,660" in a.text and "0.1%" in a.text, a.text


def test_an_english_day_month_year_date_names_its_report() -> None:
    a = answer("What was the Data Center's execution rate as of 31 January 2025?", index=corpus_index())
    assert "(2025)" in a.text and "2026" not in a.text, a.text


def test_a_claim_in_a_span_is_checked_against_the_span() -> None:
    yes = answer("데이터센터 현원 60명대 맞아?", index=corpus_index())
    no = answer("데이터센터 현원 70명대 맞아?", index=corpus_index())
    assert yes.text.startswith("네") and no.text.startswith("아니요"), (yes.text, no.text)


def test_a_cell_of_a_shorter_row_name_does_not_answer_a_longer_one() -> None:
    a = answer("2025년주소정보시설유지관리보조금발생이자예산현액얼마야", index=corpus_index())
    assert "4,137,861" not in a.text and "1,618" in a.text, a.text  # the line asked, not the whole 보조금
