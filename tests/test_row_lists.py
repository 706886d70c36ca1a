"""Rows named in a list: separators written differently ('·', 'ㆍ', ',') name the same row, and a second row may leave
out the opening it shares with the row named just before it ('A 사용료 수입과 대관료 수입')."""
from __future__ import annotations

from app.answer import answer
from app.engine.link import link
from app.engine.pipeline import vocabulary
from tests.test_answer import corpus_index


def test_a_row_printed_with_a_comma_is_named_with_a_middle_dot() -> None:
    vocab = vocabulary(corpus_index().data)
    for q in ("에스플렉스센터 사용료·관리비 수입은?", "에스플렉스센터 사용료ㆍ관리비 수입은?"):
        rows = [lk.text for lk in link(q, vocab).links if "row" in lk.kinds]
        assert rows == ["에스플렉스센터 사용료, 관리비 수입"], rows


def test_the_second_row_of_a_list_shares_the_first_ones_opening() -> None:
    a = answer("2026년 에스플렉스센터 대관료 수입이랑 부설주차장 운영 수입 더하면?", index=corpus_index())
    assert "734,490" in a.text and "341,748" in a.text and "392,742" in a.text, a.text


def test_an_ending_without_a_row_named_before_it_is_not_guessed() -> None:
    vocab = vocabulary(corpus_index().data)
    rows = [lk.text for lk in link("대관료 수입 얼마야?", vocab).links if "row" in lk.kinds]
    assert rows == [], rows  # five characters of a row's end, nothing named before: too short to name a row


def test_how_many_in_english_counts_after_the_things_counted() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.normalize import translate_english

    assert "도시 기업 몇 개" in translate_english("How many cities and companies joined the event?", lexicon())
    assert "관람객 몇 명" in translate_english("How many visitors came to the event?", lexicon())
    a = answer("How many visitors came to Seoul Smart Life Week in 2024?", index=corpus_index())
    assert "3만 명" in a.text and not a.abstained, a.text


def test_people_a_passage_counts_in_a_year_are_no_units_headcount() -> None:
    idx = corpus_index()
    a = answer("2024년 스마트라이프워크 관람객 몇 명 왔어?", index=idx)
    assert "3만 명" in a.text and not a.abstained, a.text
    assert answer("2024년 데이터센터 현원 몇 명이야?", index=idx).abstained  # no report counts staff in 2024


def test_two_measures_compared_across_two_reports_are_both_answered() -> None:
    a = answer("데이터센터 정원이랑 현원, 2025년 보고서랑 2026년 보고서 비교하면 어때?", index=corpus_index())
    assert "67명" in a.text and "69명" in a.text and "65명" in a.text and "4명 감소" in a.text, a.text
    assert a.text.count("정원") >= 1 and a.text.count("현원") >= 1


def test_request_words_of_a_formal_question_name_nothing() -> None:
    idx = corpus_index()
    a = answer("2025년 주요 업무보고에 나온 세출 예산현액 총액은 얼마입니까?", index=idx)
    assert "179,524,030" in a.text, a.text
    b = answer("정보통신과 2026년 세출 예산현액을 제시 바람", index=idx)
    assert "43,298,294" in b.text, b.text


def test_a_count_of_a_part_is_not_answered_with_the_count_of_the_whole() -> None:
    idx = corpus_index()
    part = answer("서울시민카드로 쓸 수 있는 공공시설 중 체육시설은 몇 개야?", index=idx)
    assert part.abstained and "833" not in part.text, part.text  # '833개 공공시설' counts every facility
    whole = answer("서울시민카드로 쓸 수 있는 공공시설은 몇 개야?", index=idx)
    assert "833" in whole.text, whole.text
