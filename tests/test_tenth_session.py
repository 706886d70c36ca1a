"""The tenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.normalize import short_typos_fixed
from app.engine.vocab import vocabulary
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_slip_in_a_short_word_no_one_writes_is_put_right(idx) -> None:  # noqa: ANN001
    vocab = vocabulary(idx.data)

    def fixed(text: str) -> str:
        return short_typos_fixed(text, vocab.corpus_key, vocab.in_corpus, ["몇명", "언제", "얼마"])[0]

    assert fixed("정보보안과 현원 몃명?") == "정보보안과 현원 몇명?"  # a slip in the question word
    assert fixed("보존서고 만고 예샹 시기") == "보존서고 만고 예상 시기"  # a slip in a word the reports print
    assert fixed("정보보안과 현원 몇명?") == "정보보안과 현원 몇명?"  # nothing to mend
    assert fixed("데이터센터 월급 얼마") == "데이터센터 월급 얼마"  # a word Kiwi knows is never changed


def test_a_headcount_asked_with_a_slipped_question_word_is_answered(idx) -> None:  # noqa: ANN001
    a = answer("2026년 정보보안과 현원 몃명이에요?", index=idx)
    assert "27명" in a.text


def test_a_budget_line_named_by_what_it_does_is_read_by_its_label(idx) -> None:  # noqa: ANN001
    a = answer("시민이 동네 불편한 거 폰으로 신고하는 서비스 운영 예산 2026년 얼마야?", index=idx)
    assert "170,811" in a.text and "스마트 불편" in a.text  # the row's figure, and the reading names the row


def test_a_described_row_is_no_answer_to_a_measure_the_row_does_not_hold(idx) -> None:  # noqa: ANN001
    # the same description asked for a count of people: the row holds money only, so no figure of it is given
    a = answer("시민이 동네 불편한 거 폰으로 신고하는 서비스 가입자는 몇 명이야?", index=idx)
    assert "170,811" not in a.text


def test_names_without_a_describing_clause_are_not_read_as_a_description(idx) -> None:  # noqa: ANN001
    from app.engine.described import described_row
    from app.engine.parse import parse

    vocab = vocabulary(idx.data)
    q = "스마트 불편 신고 앱 가입자 단가 얼마야?"  # names only: no clause says what the thing does
    assert described_row(q, idx, parse(q, vocab)) is None


def test_a_malformed_gloss_file_fails_with_a_clear_message(tmp_path) -> None:  # noqa: ANN001
    from app.engine.lexicon import LexiconError, glosses

    bad = tmp_path / "glosses.json"
    bad.write_text('{"words": {"팔": "매각"}}', encoding="utf-8")  # a word, not a list of words
    with pytest.raises(LexiconError, match="glosses.json"):
        glosses.__wrapped__(bad)
    assert "매각" in glosses()["팔"]  # the shipped file reads


def test_who_runs_a_thing_found_only_by_the_line_scan_is_the_project_department(idx, monkeypatch) -> None:  # noqa: ANN001
    # retrieval finds nothing (as when it misses a passage): the line that names the thing is found by the line
    # scan, and 'which department' is answered with the department of that line's project
    monkeypatch.setattr(idx, "search", lambda *a, **k: [])
    a = answer("시민 AI에이전트 담당 부서는?", index=idx)
    assert "디지털정책과" in a.text and not a.abstained


def test_two_questions_in_one_message_the_second_pointing_at_the_first(idx) -> None:  # noqa: ANN001
    a = answer("사랑의 PC 보급은 어느 과 사업이야? 그 과 정원은?", index=idx)
    assert "정보통신과" in a.text and "27명" in a.text  # the unit, then that unit's headcount
    assert len({c.n for c in a.citations}) == len(a.citations)  # markers renumbered, none repeated


def test_a_report_total_asked_after_another_topic_stands_alone(idx) -> None:  # noqa: ANN001
    a = answer("2025년 세출 합계 얼마야?", index=idx, history=["디지털 아카이브 사업 언제 끝나?"])
    assert "179,524,030" in a.text


def test_a_share_asked_after_a_unit_is_the_share_of_that_unit(idx) -> None:  # noqa: ANN001
    a = answer("전산 비중은?", index=idx, history=["2026년 데이터센터 직종별 현원 알려줘"])
    assert "38.5%" in a.text  # 25 of the unit's 65, not the bureau's 83 of 279


def test_a_schedule_asked_of_a_budget_line_is_not_answered_with_its_budget(idx) -> None:  # noqa: ANN001
    a = answer("그거 보급 일정 언제야?", index=idx, history=["사랑의PC 예산 얼마야?"])
    assert "419,558" not in a.text  # the last turn's measure is not carried into a question of when


def test_a_row_pointed_at_is_written_as_the_asker_named_it() -> None:
    from types import SimpleNamespace

    from app.engine.conversation import _as_said

    def said(row: str, text: str) -> str:
        return _as_said(row, SimpleNamespace(text=text))

    assert said("급여관리시스템 운영", "급여관리시스템 얼마 들어?") == "급여관리시스템"
    assert said("1:1,000 수치지형도 갱신", "1:1,000 수치지형도 갱신 예산") == "1:1,000 수치지형도 갱신"  # said whole
    assert said("서울서베이", "서울서베이 예산") == "서울서베이"  # a name ending like a particle is kept whole


def test_which_of_two_years_is_larger_is_answered_with_the_change(idx) -> None:  # noqa: ANN001
    a = answer("정보통신과 예산 2025년이 더 커 2026년이 더 커?", index=idx)
    assert "43,298,294" in a.text and "감소" in a.text  # both years and the direction, not two bare lookups


def test_the_rows_of_a_header_table_asked_with_their_number(idx) -> None:  # noqa: ANN001
    a = answer("AI 행정서비스는 분야 4가지가 각각 뭐야?", index=idx)
    assert "AI 안전망 조성" in a.text and "AI 업무방식 혁신" in a.text


def test_a_sum_of_two_projects_each_read_in_its_own_passage(idx) -> None:  # noqa: ANN001
    a = answer("전통시장 입체주소 구축이랑 지하시설물 안전관리 소요예산 합치면 얼마야?", index=idx)
    assert "1,189백만원" in a.text and len(a.citations) == 2  # 900 + 289, each operand cited at its line


def test_which_was_selected_is_refused_when_the_reports_only_schedule_the_selection(idx) -> None:  # noqa: ANN001
    # the reports print '3월(대상자치구 선정)' for the smart-pole pilots and never name the districts chosen
    a = answer("스마트폴 구축 대상 자치구는 어디로 정해졌어?", index=idx)
    assert a.abstained
    b = answer("공공와이파이 확충 대상지 선정은 언제 해?", index=idx)  # when it is scheduled is printed
    assert not b.abstained and "'25. 2. ~ 4." in b.text
