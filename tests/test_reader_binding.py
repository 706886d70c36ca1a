"""Classes read from the fifth session's regression sets, each with its own examples (none from an eval set): a
count is read from the clause that names what is counted; a bullet dated to the asked year is quoted over the same
report's plan; a filler word the reports never print ('요즘') is no reason to refuse; an everyday verb keeps its
ending when it is put in the reports' word; a ranking is never answered with one cell."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.answer import answer
from app.compose import _count_bound, clauses
from app.engine.lexicon import lexicon
from app.engine.normalize import everyday_text
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def _line(idx, year: int, needle: str) -> tuple[str, int]:  # noqa: ANN001
    doc = next(d.doc for d in idx.data.documents if d.year == year)
    return doc, next(n for n, ln in enumerate(idx.data.lines(doc), start=1) if needle in ln)


def test_a_line_is_cut_at_its_clauses_not_inside_parentheses_or_numbers() -> None:
    assert clauses("- 시범운영 3개소(4월 ~ 7월), 하반기 도서관 등 확대") == ["- 시범운영 3개소(4월 ~ 7월)", " 하반기 도서관 등 확대"]
    assert clauses("- 참여 12,345명(서남, 서북) ※ 만족도 90점") == ["- 참여 12,345명(서남, 서북) ", " 만족도 90점"]
    assert clauses("A / B / C") == ["A", "B", "C"]


def test_a_count_belongs_to_the_clause_that_names_what_is_counted(idx) -> None:  # noqa: ANN001
    doc, ln = _line(idx, 2026, "8월 이후 KTX역")
    count = SimpleNamespace(wants="개")
    assert _count_bound(count, idx.data, [(doc, ln)], ["버스터미널"])
    assert not _count_bound(count, idx.data, [(doc, ln)], ["KTX역"])  # the line counts the terminals, not the stations


def test_a_label_before_the_colon_heads_every_clause_of_its_line(idx) -> None:  # noqa: ANN001
    doc, ln = _line(idx, 2026, "2본부 10팀(정원 52명)")
    assert _count_bound(SimpleNamespace(wants="명"), idx.data, [(doc, ln)], ["서울AI재단", "정원"])


def test_a_bullet_dated_to_the_asked_year_is_quoted_over_the_reports_plan(idx) -> None:  # noqa: ANN001
    a = answer("2024년 한 해 동안 노후 와이파이 몇 대 교체했어?", index=idx)
    assert not a.abstained and "933대" in a.text, a.text
    assert "450대" not in a.text  # the 2025 plan of the same passage is not the 2024 result


def test_a_filler_word_the_reports_never_print_is_no_reason_to_refuse(idx) -> None:  # noqa: ANN001
    a = answer("요즘 서울AI챗에서 쓸 수 있는 생성형 모델 몇 종이야?", index=idx)
    assert not a.abstained and "49종" in a.text, a.text


@pytest.mark.parametrize("asked,read", [
    ("와이파이 새로 깔았어?", "와이파이 신설했어?"),
    ("공유기 새로 깔아요?", "공유기 신설해요?"),
    ("새로 깔 장비", "신설 장비"),  # no ending left on the verb: the word alone
])
def test_an_everyday_verb_keeps_its_ending_in_the_reports_word(asked: str, read: str) -> None:
    assert everyday_text(asked, lexicon().everyday, lambda w: False)[0] == read


def test_a_ranking_is_not_answered_with_the_one_cell_the_reader_matched(idx) -> None:  # noqa: ANN001
    a = answer("2025년 세입예산 세부내역의 세부 항목 중 전년보다 감소액 가장 큰 세목은?", index=idx)
    if not a.abstained:  # a ranking run by the engine names an item, not the table's total alone
        assert "engine: rank" in a.notes, a.text


def test_a_slip_in_a_three_syllable_word_of_a_name_is_put_right() -> None:
    from app.engine.normalize import word_typos_fixed

    key = "가나AI행사마당추진일정다라시스템구축"
    names = ["가나ai행사마당추진", "다라시스템구축"]
    assert word_typos_fixed("가나 AI 행사먀당 일정", key, lambda w: w in key, names)[0] == "가나 AI 행사마당 일정"
    assert word_typos_fixed("다라 시스탬 언제", key, lambda w: w in key, names)[0] == "다라 시스템 언제"
    # a three-syllable word one letter from a stretch no name holds is left as asked
    assert word_typos_fixed("진일졍 언제", key, lambda w: w in key, [])[0] == "진일졍 언제"


def test_a_slip_that_looks_like_a_particle_is_put_right_when_the_stem_is_never_printed_alone() -> None:
    from app.engine.normalize import word_typos_fixed

    key = "행정사무감사처리결과총괄처리결과요약"
    assert word_typos_fixed("처리결가 몇 건", key, lambda w: w in key)[0] == "처리결과 몇 건"
    # a real particle after a printed word stays
    assert word_typos_fixed("처리결과가 몇 건", key, lambda w: w in key)[0] == "처리결과가 몇 건"


def test_a_polite_request_word_is_no_reason_to_refuse(idx) -> None:  # noqa: ANN001
    a = answer("2026년 정보보안과 현원 확인 부탁드립니다.", index=idx)
    assert not a.abstained and "27명" in a.text, a.text
