"""The thirteenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import numpy as np
import pytest

from tests.test_answer import corpus_data

DOC_2026 = "seoul-digital-city-bureau-2026-04-current-issues.txt"
PARTNER = "3. 주요 현안업무 > 3.2. '디지털동행 파트너' 운영"


class BigramEmbedder:
    """A deterministic stand-in for the embedding model: character bigrams hashed into a unit vector."""

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(512)
        t = "".join(text.split())
        for i in range(len(t) - 1):
            v[hash(t[i:i + 2]) % 512] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts])


class LineIdx:
    def __init__(self) -> None:
        self.data = corpus_data()
        self.retriever = type("R", (), {"embedder": BigramEmbedder()})()


@pytest.fixture(scope="module")
def line_idx() -> LineIdx:
    return LineIdx()


def _found(description: str, rest: str, passage: str = PARTNER, doc: str = DOC_2026):  # noqa: ANN202
    from app.engine.described import Described, title_of

    return Described(description, rest, title_of(passage), doc, passage)


def test_a_described_line_answers_with_the_value_of_the_kind_asked_under_it(line_idx: LineIdx) -> None:
    from app.engine.described import typed_lines

    found = _found("키오스크 안내하러 나오는 자원봉사자 모집", "한 달에 몇 명이야?")
    picked = typed_lines(line_idx, found, "명")
    lines = line_idx.data.lines(DOC_2026)
    assert picked, "the bullet on recruiting volunteers prints '월 160명'"
    assert any("160명" in lines[ln - 1] for _, ln in picked)
    assert not any("160명" in lines[ln - 1] for _, ln in typed_lines(line_idx, found, "money"))  # no amount there


def test_nothing_is_read_from_a_described_line_when_no_kind_of_value_is_asked(line_idx: LineIdx) -> None:
    from app.engine.described import typed_lines

    assert typed_lines(line_idx, _found("키오스크 안내하러 나오는 자원봉사자 모집", "어떤 식으로 해?"), None) == []


def test_a_clause_of_what_was_heard_closed_by_a_comma_is_a_description() -> None:
    from app.engine.described import split

    parts = split("구청 민원실 앞에 번호표 뽑는 기계를 여러 대 새로 들여놓는다던데, 몇 대나 돼?")
    assert parts is not None
    description, rest = parts
    assert description.endswith("들여놓는다던데") and rest == "몇 대나 돼?"
    assert split("구청이 새로 한다던데, 뭐야?") is None  # names too little to find a project by


def test_an_act_said_of_the_project_is_no_noun_the_answer_must_print() -> None:
    from app.engine.described import asked_nouns

    assert asked_nouns("올해 몇 곳 운영해?") == []
    assert asked_nouns("어느 구에서 운영해?") == ["구"] or asked_nouns("어느 구청에서 운영해?") == ["구청"]


def test_how_much_more_it_can_hold_asks_a_count_not_money(line_idx: LineIdx) -> None:
    from app.analyze import analyze
    from app.vocab import vocab_for

    vocab = vocab_for(line_idx.data)
    assert analyze("창고 넓히면 얼마나 더 보관할 수 있어?", vocab).wants == "count"
    assert analyze("창고 넓히는 데 예산이 얼마나 더 들 수 있어?", vocab).wants == "money"


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    from tests.test_answer import corpus_index

    return corpus_index()


def test_a_ranking_among_the_figures_of_the_last_three_answers(idx) -> None:  # noqa: ANN001
    from app.answer import answer

    a = answer("세 곳 중에 제일 적은 데는?", history=["데이터센터 정원 몇 명이야", "서울기록원은?", "정보보안과는?"],
               index=idx)
    head = a.text.split("(비교")[0]
    assert "서울기록원" in head and "24명" in head  # the smallest of 67, 24 and 27
    assert "데이터센터" in a.text and "정보보안과" in a.text  # the three compared, each named
    assert "정보시스템과" not in a.text  # not a ranking of every unit


def test_money_not_yet_spent_is_the_budget_less_what_was_spent(idx) -> None:  # noqa: ANN001
    from app.answer import answer

    a = answer("아직 안 풀린 돈은?", history=["정보통신과 26년 예산현액 얼마?", "지출액은?"], index=idx)
    assert "24,654,165" in a.text  # 43,298,294 - 18,644,129


def test_the_number_of_a_group_is_not_the_headcount_of_its_unit(idx) -> None:  # noqa: ANN001
    from app.answer import answer
    from app.types import ABSTAIN_TEXT

    a = answer("거기 현원 몇 명이야?", history=["공공와이파이 장애처리 기동대는 뭘 하는 데야?"], index=idx)
    assert ABSTAIN_TEXT in a.text and "29명" not in a.text  # 정보통신과's 현원 is not the 기동대's


def test_a_count_asked_is_never_answered_with_an_amount_of_money() -> None:
    from app.engine.execute import Item, Result
    from app.engine.frame import Frame
    from app.engine.pipeline import _money_for_a_count

    rec = type("R", (), {"unit": "천원"})()
    res = Result("two_step", [Item("정보보안과", rec, None)], "change", 2026, None)
    rows = Result("count", [Item("스마트서울뷰", rec, None)], "executed", 2026, None)
    assert _money_for_a_count(Frame(question="x", text="관제하는 기관 몇 개로 늘어?", key="x"), res)
    assert not _money_for_a_count(Frame(question="x", text="예산 얼마나 늘어?", key="x"), res)
    assert not _money_for_a_count(Frame(question="x", text="집행액이 0인 사업 몇 개야?", key="x"), rows)  # rows counted


def test_a_row_named_with_the_money_it_is_leaves_no_word_unexplained(idx) -> None:  # noqa: ANN001
    from app.answer import answer

    a = answer("서울AI재단 출연금, 예산현액하고 원인행위액 차이 얼마야?", index=idx)
    assert "9,538,143" in a.text  # 13,119,777 - 3,581,634, computed


def test_how_a_figure_has_changed_asks_its_change(idx) -> None:  # noqa: ANN001
    from app.answer import answer

    a = answer("공유재산임대료 2026 예산현액, 2025 최종예산이랑 견줘 보면 어떻게 변했어?", index=idx)
    assert "991,498" in a.text and "증가" in a.text


def test_how_many_times_is_read_from_a_change_one_quoted_line_prints() -> None:
    from app.engine.quoted import quoted_times
    from app.types import Citation

    line = Citation(n=1, doc="d", line_start=3, line_end=3, section="s",
                    quote=" - (무인민원발급기) 본청(40대) → (2027년) 전 자치구(100대)로 확대")
    said = quoted_times("무인민원발급기 지금보다 몇 배로 늘려?", [line])
    assert said is not None and "2.5배" in said and "[1]" in said
    assert quoted_times("무인민원발급기 몇 대로 늘려?", [line]) is None  # no times asked
    two = Citation(n=2, doc="d", line_start=4, line_end=4, section="s", quote=" - 서버 10식 → 12식")
    assert quoted_times("몇 배야?", [line, two]) is None  # two changes quoted: which one is not said


def test_what_a_unit_does_is_found_by_its_nouns_whatever_their_particles(idx) -> None:  # noqa: ANN001
    from app.answer import answer

    a = answer("항공사진으로 땅 모양 판독하는 업무 맡은 과 정원은?", index=idx)
    assert "공간정보과" in a.text and "26명" in a.text


def test_a_name_asked_of_a_described_line_is_the_bullet_it_stands_under(line_idx: LineIdx) -> None:
    from app.engine.described import typed_lines

    found = _found("어르신한테 키오스크 현장 안내하면서 천천히 해도 된다고 알리는 캠페인", "그 캠페인 이름이 뭐야?")
    picked = [ln for _, ln in typed_lines(line_idx, found, None)]
    lines = line_idx.data.lines(DOC_2026)
    assert picked and "캠페인" in lines[picked[-1] - 1]
    assert "버스터미널에서 키오스크 안내 자원봉사" in lines[picked[0] - 1]  # the bullet it stands under, first


def test_which_one_is_a_name_printed_before_the_kind_asked() -> None:
    from app.engine.described import _which_noun, which_printed

    assert _which_noun("어느 공원에서 해?") == "공원"
    assert _which_noun("어느 부서 담당이야?") is None  # an owner is asked, read elsewhere
    assert which_printed("공원", "- 시범적으로 보라매·여의도 공원의 이용 현황 조사")
    assert not which_printed("공원", "- 도심공원 이용 현황 조사")  # only inside a longer word
    assert _which_noun("어느 공원부터 시범으로 해?") == "공원"


def test_a_bound_is_judged_on_the_figure_printed_after_the_measure_named(idx) -> None:  # noqa: ANN001
    from app.engine.claims import judge_quantity
    from app.engine.parse import parse
    from app.engine.vocab import vocabulary

    f = parse("무인민원발급기 관리대상 장비가 2만 대가 넘는다는 게 진짜야?", vocabulary(idx.data))
    quotes = ["무인민원발급기 신설(120대)·교체(300대)로 편의 제고", "장애 시 신속 복구 ※ 관리대상: 24,500대"]
    v = judge_quantity(f, quotes)
    assert v is not None and v.verdict == "yes" and "24,500" in v.evidence
