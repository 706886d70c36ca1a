"""Follow-ups: a question read against the conversation's earlier turns, at every interface (the library call,
`ask --jsonl` conversations, `python -m app chat`, the UI's /ask). Own conversations, none from an eval set."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.answer import answer
from tests.test_answer import DOC_2025, DOC_2026, cited_lines, corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def chat(idx, *questions: str, ask=answer):  # noqa: ANN001, ANN201
    """Answer the questions in one conversation (with `ask`, app.answer.answer by default); returns the answers."""
    history: list[dict] = []
    out = []
    for q in questions:
        a = ask(q, index=idx, history=list(history))
        history.append({"question": q, "answer": a})
        out.append(a)
    return out


def test_a_follow_up_changing_the_year_keeps_the_unit_and_measure(idx) -> None:  # noqa: ANN001
    first, follow = chat(idx, "2026년 공간정보과 현원 몇 명?", "그럼 작년엔?")
    assert "27명" in first.text
    assert follow.resolved == "2025년 공간정보과 현원은?"
    assert follow.text.startswith("'2025년 공간정보과 현원은?'(으)로 이해했습니다.") and "27명" in follow.text
    assert (DOC_2025, 31) in cited_lines(follow)  # the 2025 report's own row, not the 2026 one


def test_a_follow_up_changing_the_measure_or_the_unit(idx) -> None:  # noqa: ANN001
    _, metric, unit = chat(idx, "2026년 정보보안과 정원은?", "현원은?", "데이터전략과는?")
    assert metric.resolved == "2026년 정보보안과 현원은?" and "27명" in metric.text
    assert unit.resolved == "2026년 데이터전략과 현원은?" and "31명" in unit.text


def test_a_unit_switch_keeps_the_budget_line_asked(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "2026년 정보통신과 기본경비 예산현액은?", "공간정보과는?")
    assert "공간정보과 기본경비" in follow.resolved, follow.resolved


def test_among_the_items_of_the_last_answer(idx) -> None:  # noqa: ANN001
    listed, top = chat(idx, "2026년 집행률 40% 안 되는 부서 알려줘", "그 중에 제일 낮은 곳은?")
    assert "공간정보과" in listed.text
    assert "가장 낮은" in top.text and "공간정보과(21.2%" in top.text, top.text


def test_who_then_a_figure_of_that_unit(idx) -> None:  # noqa: ANN001
    _, who, fig = chat(idx, "부정예약 방지 솔루션 예산 얼마야?", "그 사업 어느 과 거야?", "거기 2025년 정원은?")
    assert "정보시스템과" in who.text, who.text
    assert fig.resolved == "2025년 정보시스템과 정원은?" and "38" in fig.text, fig.text


def test_two_things_of_the_last_turns_summed(idx) -> None:  # noqa: ANN001
    *_, total = chat(idx, "2026년 데이터센터 정원?", "서울기록원은?", "둘이 합치면?")
    assert "67 + 24 = 91" in total.text, total.text


def test_a_change_asked_after_one_year_compares_with_the_year_asked(idx) -> None:  # noqa: ANN001
    _, change = chat(idx, "2026년 서울기록원 현원은?", "2025년 보고서 때보다 몇 명 늘었어?")
    assert "21명" in change.text and "23명" in change.text and "2명 증가했습니다" in change.text, change.text
    assert "계산: 23 − 21 = 2" in change.text


def test_a_standalone_question_after_a_topic_switch_does_not_inherit(idx) -> None:  # noqa: ANN001
    *_, switched = chat(idx, "2026년 데이터센터 정원은?", "작년엔?", "정보통신과 2026년 예산현액 알려줘")
    assert switched.resolved is None and "43,298,294" in switched.text and "데이터센터" not in switched.text


def test_a_new_subject_the_index_does_not_name_is_not_read_as_the_old_one(idx) -> None:  # noqa: ANN001
    _, other = chat(idx, "2026년 데이터센터 정원은?", "그럼 인터넷통신과는?")
    assert "67명" not in other.text  # 인터넷통신과 is a section of 데이터센터: its own 정원 is not printed


def test_history_entries_may_be_plain_questions(idx) -> None:  # noqa: ANN001
    a = answer("현원은?", index=idx, history=["2026년 서울기록원 정원은?"])
    assert a.resolved == "2026년 서울기록원 현원은?" and "23명" in a.text


def test_ask_jsonl_lines_of_one_conversation(idx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from app import cli

    monkeypatch.setattr(cli, "_open_index", lambda: idx)
    p = tmp_path / "q.jsonl"
    lines = [{"id": 1, "conversation": "a", "question": "2026년 정보통신과 정원은?"},
             {"id": 2, "conversation": "b", "question": "2026년 서울기록원 현원은?"},
             {"id": 3, "conversation": "a", "question": "그럼 작년엔?"},
             {"id": 4, "question": "그럼 작년엔?"}]
    p.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    out = io.StringIO()
    assert cli.main(["--jsonl", str(p)], out=out) == 0
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert rows[2]["conversation"] == "a" and rows[2]["resolved"] == "2025년 정보통신과 정원은?"
    assert "27명" in rows[2]["answer"] or "27" in rows[2]["answer"]
    assert "resolved" not in rows[3]  # no conversation: the question stands alone


def test_chat_command_holds_a_conversation_and_starts_afresh(idx) -> None:  # noqa: ANN001
    from app.chat_cli import run_chat

    out = io.StringIO()
    run_chat(idx, io.StringIO("2026년 데이터센터 현원은?\n그럼 작년엔?\n/new\n그럼 작년엔?\n"), out, prompt=False)
    text = out.getvalue()
    assert "'2025년 데이터센터 현원은?'(으)로 이해했습니다." in text and "69명" in text
    assert "새 대화를 시작합니다." in text
    assert text.rstrip().splitlines()[-1].startswith("문서에서 해당 정보를 찾을 수 없습니다")  # no context after /new


def test_a_change_asked_after_the_bureaus_total_compares_its_two_reports(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "우리 국 정원 2026년에 몇 명?", "2025년 보고서랑 비교하면 몇 명 차이야?")
    # '몇 명' asks a count: still the 정원 (274 in both reports), the bureau's total row in each report
    assert "정원은 2025년 보고서" in follow.text and "변동이 없습니다" in follow.text, follow.text
    assert {(DOC_2025, 25), (DOC_2026, 37)} <= cited_lines(follow)


def test_two_job_series_named_in_the_last_turn_are_summed(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "2026년 공간정보과 행정직이랑 전산직 현원 각각?", "합계는?")
    assert "행정 4명[1]" in follow.text and "전산 5명[1]" in follow.text and "9명" in follow.text, follow.text


def test_a_change_asked_after_a_quoted_row_is_that_rows_change(idx) -> None:  # noqa: ANN001
    """The reader quoted one table row; '얼마나 줄었어?' is about that row, read from its own cells."""
    _, _, follow = chat(idx, "2026년 세입 에스플렉스센터 사용료, 관리비 수입 얼마야?", "대관료 수입은?",
                        "전년 대비 얼마나 감소했어?")
    assert "98,086천원 감소" in follow.text, follow.text


def test_among_ranks_within_the_items_the_last_answer_showed(idx) -> None:  # noqa: ANN001
    """'그중' after a top-3 ranks among those three, not among every department."""
    _, follow = chat(idx, "2026년 예산 많은 부서 상위 3개", "그중에 집행률 가장 낮은 곳?")
    assert "디지털정책과(34.8%" in follow.text and "공간정보과" not in follow.text, follow.text


def test_compare_with_last_year_after_a_figure_of_the_newest_report(idx) -> None:  # noqa: ANN001
    _, follow = chat(idx, "데이터전략과 예산 얼마?", "전년이랑 비교하면?")
    assert "13,896,440천원" in follow.text and "11,777,671천원" in follow.text and "감소" in follow.text, follow.text


def test_one_more_thing_named_is_added_to_the_last_one(idx) -> None:  # noqa: ANN001
    _, a = chat(idx, "2025년 데이터센터 정원 몇 명?", "서울기록원이랑 합치면?")
    assert "67명" in a.text and "24명" in a.text and "91명" in a.text, a.text
    _, b = chat(idx, "2026년 정보통신과 예산현액은?", "데이터센터까지 더하면 얼마야?")
    assert "43,298,294천원" in b.text and "61,426,877천원" in b.text and "104,725,171천원" in b.text, b.text


def test_a_measure_asked_after_a_project_question_is_that_projects(idx) -> None:  # noqa: ANN001
    _, a = chat(idx, "서울 AI 페스타 2025년에 언제 해?", "소요예산 얼마야?")
    assert "150백만원" in a.text, a.text


def test_two_projects_budgets_summed_across_turns(idx) -> None:  # noqa: ANN001
    _, _, a = chat(idx, "서울 AI 페스타 2025년에 언제 해?", "소요예산 얼마야?", "스마트라이프워크 소요예산이랑 합하면?")
    assert "150백만원" in a.text and "4,419백만원" in a.text and "4,569백만원" in a.text, a.text


def test_after_a_units_project_is_named_the_follow_ups_are_about_that_project(idx) -> None:  # noqa: ANN001
    _, budget, when = chat(idx, "데이터센터가 2026년에 하는 현안사업 뭐야?", "그 사업 예산은?", "일정은?")
    assert "데이터센터의 2026 예산현액" not in budget.text and "사업예산은" in budget.text, budget.text
    assert "추진일정" in when.text and "2026" in when.text, when.text


def test_how_many_after_a_quoted_enumeration_counts_its_items(idx) -> None:  # noqa: ANN001
    _, a = chat(idx, "디지털재난 분야 나눈 거 알려줘", "몇 가지야?")
    assert a.text.startswith("5가지") and "개인정보 사고" in a.text, a.text


def test_a_follow_up_on_the_audit_results_stays_on_that_list(idx) -> None:  # noqa: ANN001
    _, a = chat(idx, "2024년 행감 처리결과 전체 현황 보여줘", "그중 검토 중인 건 몇 건?")
    assert "2건" in a.text and "검토중" in a.text, a.text


def test_which_unit_owns_the_audit_item_the_last_answer_quoted(idx) -> None:  # noqa: ANN001
    _, a = chat(idx, "행감에서 WeGO 회비 징수율 지적 건 추진상황 알려줘", "그건 어느 부서 소관이야?")
    assert "디지털정책과 소관" in a.text, a.text


def test_a_bare_word_printed_beside_the_last_answer_takes_the_asked_words_place(idx) -> None:  # noqa: ANN001
    first, a = chat(idx, "차세대 디지털 아카이브 사업예산에서 시스템개발 얼마야?", "상용SW는?")
    assert "552" in first.text, first.text
    assert "232" in a.text, (a.resolved, a.text)
    _, b = chat(idx, "SDA 사업예산 얼마야?", "거기서 감리는 얼마?")
    assert "81백만원" in b.text, (b.resolved, b.text)


def test_a_bare_name_follow_up_keeps_every_word_of_the_last_question(idx) -> None:  # noqa: ANN001
    *_, last = chat(idx, "정보통신과 주요업무 뭐야?", "데이터전략과는?")
    assert last.resolved == "데이터전략과 주요업무 뭐야?"
    assert any(c.quote.startswith("| 데이터전략과 |") for c in last.citations)


def test_a_year_a_heading_writes_names_the_report_holding_it(idx) -> None:  # noqa: ANN001
    # 'V. 2024 행정사무감사 처리결과' is in the 2025 report: a row and column of its table are read from that report
    from app.engine.execute import run_lookup
    from app.engine.parse import parse_question
    from app.engine.tables import tables_of

    f = parse_question("24년 행감 시정·처리요구사항 중 추진 중 몇 건이야?", idx.data)
    assert f.report_year == 2025 and f.years == [2024]
    res = run_lookup(f, tables_of(idx.data))
    assert res is not None and [(i.record.doc, i.record.line, i.record.value) for i in res.items] == [(DOC_2025, 1053, 8)]


def test_leaving_out_a_part_of_the_last_answers_total_gives_the_rest(idx) -> None:  # noqa: ANN001
    *_, last = chat(idx, "24년 행감 시정·처리요구사항은 몇 건이야?", "완료 빼면 몇 건 남아?")
    assert "17건[1]에서 완료 9건[1]을 빼면 8건입니다" in last.text and last.citations


def test_a_pronoun_asking_what_it_means_reads_the_glossary_entry(idx) -> None:  # noqa: ANN001
    *_, last = chat(idx, "25년 보고서에 메타데이터라는 말 나오던데 용어 설명 있어?", "그게 정확히 뭔데?")
    assert last.text.split("이해했습니다. ")[-1].startswith("문서의 용어 설명입니다")


def test_a_pronoun_with_only_a_question_keeps_the_question_and_the_last_topic(idx) -> None:  # noqa: ANN001
    *_, last = chat(idx, "26년 보고서 사이버안전센터 보안관제 얘기 있던데", "그거 몇 개 기관으로 늘려?")
    assert last.resolved is not None and last.resolved.endswith("몇 개 기관으로 늘려?")
    assert "사이버안전센터" in last.resolved and "96개" in last.text


def test_a_question_naming_the_audit_list_and_its_year_starts_a_new_topic(idx) -> None:  # noqa: ANN001
    *_, last = chat(idx, "2026 주차요금수입 예산 얼마야?", "2024 행감 건의사항은 몇 건이었어?")
    assert last.resolved is None and "19건" in last.text and "주차" not in last.text


def test_a_row_the_last_unit_holds_is_that_units_row_and_two_of_them_sum(idx) -> None:  # noqa: ANN001
    *_, second, third, last = chat(idx, "26년 데이터센터 예산 회계별로 보여줄 수 있어?", "일반회계 예산현액 얼마?",
                                   "특별회계는?", "두 개 합치면?")
    assert "데이터센터 일반회계" in second.text and "데이터센터 특별회계" in third.text
    assert "합치면" in last.text and last.text.count("데이터센터") >= 2
