"""Sums and differences of figures the reader quoted from running text: only printed figures, each with its
marker, the formula shown, and nothing computed when the figures asked are not clear. Own questions."""
from __future__ import annotations

from app.engine.frame import Frame
from app.engine.quoted import arithmetic
from app.types import Citation


def _cite(n: int, quote: str) -> Citation:
    return Citation(n, "doc.txt", "s", n, n, quote)


def _frame(text: str, op: str, metrics: list[str] | None = None) -> Frame:
    f = Frame(question=text, text=text, key=text.replace(" ", ""))
    f.op = op
    f.metrics = metrics or []
    return f


def test_sum_of_two_labelled_counts_on_two_lines() -> None:
    out = arithmetic(_frame("A등급이랑 B등급 합치면 몇 곳이야?", "sum"),
                     [_cite(1, "- A등급(7곳): 가, 나"), _cite(2, "- B등급(5곳): 다, 라")])
    assert out is not None and "A등급 7곳[1] + B등급 5곳[2] = 12곳" in out, out


def test_only_the_figures_named_by_the_question_are_summed() -> None:
    cites = [_cite(1, "장비 신설 1,200대, 교체 800대, 전환 3,000대")]
    out = arithmetic(_frame("신설이랑 교체 합치면 몇 대?", "sum"), cites)
    assert out is not None and "2,000대" in out and "3,000대[" not in out, out
    assert arithmetic(_frame("그거 합치면 몇 대?", "sum"), cites) is None  # three figures, none named: no guess


def test_a_rise_asked_as_how_many_more_is_the_difference_in_printed_order() -> None:
    out = arithmetic(_frame("몇 대 늘어나?", "lookup", ["change"]), [_cite(1, "본청(6,400대) → 전체(13,610대)로 확대")])
    assert out is not None and "7,210대 증가" in out and "13,610대 − 6,400대" in out, out


def test_figures_of_different_units_are_not_added() -> None:
    out = arithmetic(_frame("둘이 합치면?", "sum"), [_cite(1, "예산 20억원, 인원 12명")])
    assert out is None


def test_the_two_joined_words_pick_the_figures_not_the_words_naming_the_line() -> None:
    # '지능형' names the line's third figure too; the operands are the two words joined before '합치면'
    cites = [_cite(1, "지능형 장비 신설 1,200대, 교체 800대, 지능형 전환 3,000대")]
    out = arithmetic(_frame("지능형 장비 사업 신설이랑 교체 합치면 몇 대?", "sum"), cites)
    assert out is not None and "= 2,000대" in out and "3,000대[" not in out, out


def test_a_sum_takes_the_figures_printed_after_the_measure_asked() -> None:
    cites = [_cite(1, "가 앱\t· 다자녀 카드 등 120개 서비스\t회원수 약 5만명"),
             _cite(2, "나 카드\t· 시립 833개 시설 이용\t회원수 약 21만명")]
    out = arithmetic(_frame("가 앱이랑 나 카드 회원수 합치면?", "sum"), cites)
    assert out is not None and "= 26만명" in out and "833" not in out, out


def test_two_joined_things_asked_with_an_operation_are_read_each_first() -> None:
    from app.answer import _each_operand

    assert _each_operand("가 앱이랑 나 카드 회원수 합치면 몇 명이야?") == "가 앱이랑 나 카드 회원수 각각 몇 명이야?"
    assert _each_operand("가 앱 회원수 합치면?") is None  # no two things joined
    assert _each_operand("가 앱이랑 나 카드 회원수 알려줘") is None  # no operation


def test_a_share_of_a_part_printed_in_brackets_after_its_whole() -> None:
    from app.engine.quoted import share

    cites = [_cite(1, "- 소요예산 : 500백만원(시설비 400, 교육비 100)")]
    out = share(_frame("소요예산 중 교육비가 차지하는 비중은?", "ratio"), cites)
    assert out is not None and "교육비 100백만원[1]" in out and "20.0%" in out and "100 ÷ 500" in out, out
    assert share(_frame("소요예산 중 인건비 비중은?", "ratio"), cites) is None  # no such part: nothing computed


def test_a_share_question_is_read_as_its_operands_amounts() -> None:
    from app.answer import _as_amount

    assert _as_amount("가 사업예산 중 나가 차지하는 비중은?") == "가 사업예산 중 나 얼마?"
    assert _as_amount("가 예산에서 나 비율 몇 %야?") == "가 예산에서 나 얼마야?"
