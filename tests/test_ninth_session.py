"""The ninth session's mechanisms: an adverb the reports never print is no reason to refuse, a length of time is no
year, a physical measure asked with '얼마' is not money, a bound said of the thing named is a premise (not a
filter), a bare '원인행위' asks the amount committed, '그 전년도' counts from the year just asked, the rows printed
under a named row are listed, counted and ranked, and a thesaurus phrase is found with particles between its words.
Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.normalize import everyday_text, glue_of, loose_spans
from app.engine.parse import parse
from app.engine.text import YEAR2, year2_of
from app.engine.vocab import vocabulary
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_an_adverb_kiwi_reads_as_a_noun_is_not_a_word_the_reports_must_print(idx) -> None:  # noqa: ANN001
    # in this sentence Kiwi tags '결국' a noun; on its own it is an adverb, so the question is answered
    a = answer("그래서 데이터센터는, 결국 정원이 몇 명인 거야?", index=idx)
    assert "67명" in a.text


def test_a_length_of_time_is_not_a_year() -> None:
    def years(text: str) -> list[int]:
        return [year2_of(m) for m in YEAR2.finditer(text)]

    assert years("10년 넘게 운영한 사업") == []
    assert years("12년간 이어진 사업") == []
    assert years("15년째 하는 사업") == []
    assert years("25년 예산이랑 26년 예산") == [2025, 2026]
    assert years("25년 차이는") == [2025]  # '차이' is no '차' (a count of years)


def test_a_speed_asked_with_eolma_is_answered_with_its_unit_not_refused_for_want_of_money(idx) -> None:  # noqa: ANN001
    a = answer("지하철 역 승강장에서 와이파이 속도는 평균 얼마나 나와?", index=idx)
    assert "Mbps" in a.text


def test_a_bound_said_of_the_thing_named_is_a_premise_not_a_filter(idx) -> None:  # noqa: ANN001
    vocab = vocabulary(idx.data)
    f = parse("데이터센터는 정원이 60명 넘는데 현원은 몇 명이야?", vocab)
    assert f.conditions == [] and f.metrics == ["staff"]
    # a bound with nothing named is still a filter
    g = parse("정원이 60명 넘는 부서는?", vocab)
    assert g.conditions and g.conditions[0].comparator == "gt"


def test_a_bare_woninhaengwi_asks_the_amount_committed_against_the_budget(idx) -> None:  # noqa: ANN001
    a = answer("데이터센터 기본경비는 원인행위가 얼마나 됐는지 궁금해", index=idx)
    assert "51,327" in a.text and "16.4%" in a.text  # the amount committed and its rate, both printed in the row


def test_the_year_before_counts_from_the_year_just_asked(idx) -> None:  # noqa: ANN001
    a = answer("그 전년도는?", index=idx, history=["데이터센터 2025년 예산 얼마야?"])
    assert "57,209,052" in a.text  # 2024 최종예산, printed by the 2025 report
    b = answer("그 다음 해는?", index=idx, history=["데이터센터 2025년 예산 얼마야?"])
    assert "61,426,877" in b.text  # 2026 예산현액


def test_the_rows_under_a_named_row_are_listed_counted_and_ranked(idx) -> None:  # noqa: ANN001
    a = answer("경상적세외수입 밑에 세부항목은 뭐뭐 있어?", index=idx)
    assert "4개" in a.text and "공유재산임대료" in a.text and "기타사용료" in a.text
    top = answer("그중 제일 큰 건?", index=idx, history=["경상적세외수입 밑에 세부항목은 뭐뭐 있어?"])
    assert "공유재산임대료" in top.text and "7,970,130" in top.text
    # '하위항목' is 'the rows under', never 'the bottom of a ranking'
    big = answer("경상적세외수입 하위항목 중에 제일 큰 거 뭐야?", index=idx)
    assert "공유재산임대료" in big.text and "가장 적은" not in big.text


def test_a_thesaurus_phrase_is_found_with_particles_between_its_words_but_not_across_a_content_word() -> None:
    never = lambda w: False  # noqa: E731 - nothing printed
    q = "구독료를 지원"
    assert loose_spans("구독료를지원", "구독료지원", never, glue_of(q)) == [(0, 6)]
    q2 = "구독료 일부 지원"  # a content word between: the phrase says less than the question
    assert loose_spans("구독료일부지원", "구독료지원", never, glue_of(q2)) == []
    out, changed = everyday_text("구독료를 지원하는 거 몇 명이야?", {"구독료지원": "신기술 이용료 지원"}, never, loose=True)
    assert changed and out.startswith("신기술 이용료 지원") and "몇 명" in out
    # as written only, unless asked loosely
    assert everyday_text("구독료를 지원하는 거 몇 명이야?", {"구독료지원": "신기술 이용료 지원"}, never)[1] is False


def test_a_units_budget_lines_are_listed_with_the_amount_committed_when_asked(idx) -> None:  # noqa: ANN001
    a = answer("정보보안과 세부사업들 원인행위액 알려줘", index=idx)
    # each line with its own 원인행위액 (정보시스템 보안관리 고도화: 1,308,207천원; its 지출액 is 74,330천원)
    assert "6개" in a.text and "1,308,207" in a.text and "74,330" not in a.text
