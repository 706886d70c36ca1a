"""A follow-up that only asks an operation ('차이는?', '둘이 합치면?', '다 합치면?', '나머지는?') is computed on the
figures the earlier answers stated, each cited where its answer cited it. Own conversations, none from an eval set."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from app.engine import results
from tests.test_answer import DOC_2026, cited_lines, corpus_index
from tests.test_conversation import chat


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


@dataclass
class _Frame:
    units: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    years: list = field(default_factory=list)


@dataclass
class _Turn:
    question: str
    said: str
    cited: list
    frame: _Frame = field(default_factory=_Frame)
    items: list = field(default_factory=list)


def test_stated_figures_are_those_with_a_marker_outside_the_notes() -> None:
    said = ("'x'(으)로 이해했습니다. 가과의 2026 예산현액은 1,200천원[1]입니다 (현원 3명[2]). "
            "사업 개요에는 1,100천원으로 다르게 적혀 있습니다[2]. 다른 항목: 나과 900천원[3].")
    figs = results.stated(said)
    assert [(f.raw, f.marker, f.in_parens) for f in figs] == [("1,200천원", 1, False), ("3명", 2, True)]
    assert figs[0].label == "2026 예산현액" and figs[0].magnitude == Decimal(1200000)


def test_the_difference_of_the_last_two_answers_shows_both_operands_and_the_formula() -> None:
    prior = [_Turn("가 얼마?", "가의 예산은 1,200천원[1]입니다.", [("d", 10, "q1")]),
             _Turn("나는?", "나의 예산은 900천원[1]입니다.", [("d", 20, "q2")])]
    said, what, lines = results.compute("diff", "차이는?", prior)
    assert "300천원" in said and "1,200천원[1]" in said and "900천원[2]" in said
    assert "(계산: 1,200 − 900 = 300)" in said
    assert lines == [("d", 10), ("d", 20)] and "차이" in what


def test_figures_of_different_units_are_never_combined() -> None:
    prior = [_Turn("정원?", "가의 정원은 12명[1]입니다.", [("d", 1, "")]),
             _Turn("예산은?", "가의 예산은 900천원[1]입니다.", [("d", 2, "")])]
    assert results.compute("sum", "둘이 합치면?", prior) is None


def test_everything_the_last_answer_listed_is_summed_when_all_is_asked() -> None:
    said = "연도별 사업비는 2025년 100백만원[1], 2026년 250백만원[1], 2027년 50백만원[1]입니다."
    prior = [_Turn("연도별 사업비 보여줘", said, [("d", 5, "")])]
    got, _, lines = results.compute("sum", "다 합치면?", prior)
    assert "400백만원입니다" in got and lines == [("d", 5)]  # no citation objects kept: the cited line


def test_the_rest_is_the_whole_minus_the_part_and_never_negative() -> None:
    prior = [_Turn("과제 몇 건?", "과제는 40건[1]입니다.", [("d", 1, "")]),
             _Turn("그 중 핵심은?", "핵심 과제는 15건[1]입니다.", [("d", 2, "")])]
    said, _, _ = results.compute("rest", "나머지는?", prior)
    assert "나머지는 25건입니다" in said
    assert results.compute("rest", "나머지는?", list(reversed(prior))) is None


def test_a_question_naming_anything_of_its_own_is_not_an_operation_on_results(idx) -> None:  # noqa: ANN001
    from app.engine.conversation import own_words
    from app.engine.parse import parse
    from app.engine.vocab import vocabulary

    vocab = vocabulary(idx.data)
    for q, want in (("차이는?", "diff"), ("둘이 합하면 얼마야?", "sum"), ("나머지는?", "rest"),
                    ("공간정보과랑 합치면?", None), ("2025년이랑 차이는?", None)):
        f = parse(q, vocab)
        assert results.asks_on_results(f, own_words(f, vocab)) == want, q


def test_a_conversation_difference_of_two_years_of_a_revenue_line(idx) -> None:  # noqa: ANN001
    first, second, gap = chat(idx, "2026년 세입 과징금 예산 얼마야?", "2025 최종예산은?", "차이는?")
    assert "천원[" in first.text and "천원[" in second.text
    assert "차이는" in gap.text and "계산:" in gap.text and gap.resolved
    assert {ln for d, ln in cited_lines(gap)} <= {ln for d, ln in cited_lines(first) | cited_lines(second)}


def test_two_lines_of_one_unit_summed_after_two_answers(idx) -> None:  # noqa: ANN001
    *_, total = chat(idx, "2026년 공간정보과 일반회계 예산현액은?", "기본경비는?", "둘이 합치면?")
    assert "합치면" in total.text and "계산:" in total.text, total.text
    assert all(d == DOC_2026 for d, _ in cited_lines(total))


def test_each_operand_keeps_the_cell_its_answer_cited(idx) -> None:  # noqa: ANN001
    *_, total = chat(idx, "2026년 공간정보과 정원 몇 명?", "데이터전략과는?", "둘이 합치면 몇 명이야?")
    cells = [(c.row_path, c.column) for c in total.citations]
    assert len(cells) == 2 and cells[0] != cells[1], cells  # two departments' cells, even on one printed line
    assert all(c.value for c in total.citations) and "합치면" in total.text


def test_every_year_of_a_cost_by_year_row_then_their_sum(idx) -> None:  # noqa: ANN001
    rows, total = chat(idx, "차세대 디지털 아카이브 사업비 연도별로 알려줘", "전부 합치면?")
    years = [y for y in ("2025년", "2026년", "2027년", "2028년") if y in rows.text]
    assert len(years) == 4, rows.text
    assert "7,146백만원" in total.text and "계산:" in total.text, total.text


def test_a_percent_follow_up_divides_the_two_figures_just_stated() -> None:
    from app.answer import answer
    from tests.test_answer import corpus_index

    idx = corpus_index()
    a = answer("몇 퍼센트야?", index=idx, history=["서울기록원 정원이랑 현원 몇 명이야?"])
    assert "95.8%" in a.text and "23 ÷ 24 × 100" in a.text, a.text
    b = answer("현원이 정원보다 몇 퍼센트 많아?", index=idx, history=["디지털도시국 정원이랑 현원 알려줘"])
    assert "1.8%" in b.text and "(279 − 274) ÷ 274" in b.text, b.text
    c = answer("정원이 현원의 몇 퍼센트야?", index=idx, history=["디지털도시국 정원이랑 현원 알려줘"])
    assert "98.2%" in c.text, c.text
