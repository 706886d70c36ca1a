"""Questions about the audit-results list (행정사무감사 처리결과): counts, filtered lists and one item's status, over
the real 2025 report's parsed items. Own questions, none from an eval set."""
from __future__ import annotations

import re

import pytest

from app.answer import answer
from tests.test_answer import DOC_2025, cited_lines, corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def _items_listed(text: str) -> int:
    return len(re.findall(r"^\d+\) ", text, re.M))


def test_count_of_a_kind_is_read_from_the_printed_summary_with_its_breakdown(idx) -> None:  # noqa: ANN001
    a = answer("작년 감사에서 나온 건의사항 몇 개고 그중 검토중인 건?", index=idx)
    assert "19건" in a.text and "2건" in a.text and "14건" in a.text, a.text
    assert (DOC_2025, 1054) in cited_lines(a)  # the 건의사항 row of the summary table


def test_list_filtered_by_owner_and_open_status_names_every_item(idx) -> None:  # noqa: ANN001
    a = answer("행감 요구사항 중 정보통신과 것 중에 아직 안 끝난 거 전부", index=idx)
    assert _items_listed(a.text) == 7, a.text
    assert "추진완료" not in a.text.split(":", 1)[1], a.text  # only the open ones
    assert all("정보통신과" in ln for ln in a.text.splitlines()[1:]), a.text
    assert len(cited_lines(a)) == 7


def test_topic_filter_keeps_only_items_that_print_the_word(idx) -> None:  # noqa: ANN001
    a = answer("와이파이 관련해서 행감 지적 받은 거 뭐 있어", index=idx)
    body = a.text.splitlines()[1:]
    assert body and all("와이파이" in ln for ln in body), a.text


def test_status_of_one_item_found_by_its_words_across_letter_spacing(idx) -> None:  # noqa: ANN001
    """'관리실태' is printed '관리실 태': the item is still found, and its status quoted from its own line."""
    a = answer("국정원 관리실태 점수 낮다는 행감 지적, 처리상황 어때?", index=idx)
    assert "'추진중'" in a.text and "정보보안과" in a.text, a.text
    assert (DOC_2025, 1068) in cited_lines(a)


def test_yes_no_on_an_items_status(idx) -> None:  # noqa: ANN001
    a = answer("매크로 부정예약 관련 행감 요구 조치 완료됐나?", index=idx)
    assert a.text.startswith("네."), a.text


def test_a_claimed_total_is_checked(idx) -> None:  # noqa: ANN001
    a = answer("행감 처리요구사항 등 전부 합쳐 50건이지?", index=idx)
    assert a.text.startswith("아니요.") and "41건" in a.text, a.text


def test_an_audit_year_the_reports_do_not_have_is_not_answered_with_another(idx) -> None:  # noqa: ANN001
    a = answer("2023년 행정사무감사 지적사항 몇 건이야?", index=idx)
    assert "41건" not in a.text, a.text


def test_a_statuss_share_of_the_audit_items_is_computed_not_matched_as_a_topic() -> None:
    from app.answer import answer
    from tests.test_answer import corpus_index

    a = answer("2024 행감 처리결과 중 검토 중인 건 비율은?", index=corpus_index())
    assert "2 ÷ 41 × 100 = 4.9%" in a.text and "41건" in a.text


def test_parts_of_a_row_asked_are_shown_with_the_rows_total() -> None:
    from app.answer import answer
    from tests.test_answer import corpus_index

    a = answer("2024년 행정사무감사 건의사항의 조치 현황(완료·추진 중 건수)을 제시하시오.", index=corpus_index())
    # the kind's total and each status asked, cited at the summary row; not added up (no sum was asked)
    assert "총 19건[1]" in a.text and "추진완료 3건[1]" in a.text and "추진중 14건[1]" in a.text, a.text
    assert "합치면" not in a.text, a.text
