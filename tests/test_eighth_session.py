"""The eighth session's mechanisms: a described project closed by its head word with no particle ('… 매기는 사업 돈
얼마야?'), a project budget printed only by its parts (no total stated for the project), the unit a quoted row of
duties names as the place a follow-up points at, a ranking among the parts the last answer quoted, and a slip the
reports print asked as printed. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.answer import answer
from app.engine.described import split
from app.engine.frame import Frame
from app.engine.quoted import ranked_part
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_a_description_closed_by_its_head_word_is_split_from_what_is_asked() -> None:
    assert split("공원 화장실 위치 알려주는 앱 만드는 사업 예산 얼마야?") == (
        "공원 화장실 위치 알려주는 앱 만드는 사업", "예산 얼마야?")
    # the last head followed by what is asked ('… 장비 늘리는 거 | 언제 해?'), not the first
    assert split("지하철 역 안에서 와이파이 되게 하는 장비 바꾸는 거 언제 끝나?") == (
        "지하철 역 안에서 와이파이 되게 하는 장비 바꾸는 거", "언제 끝나?")


def test_a_measure_word_is_never_the_head_of_a_description() -> None:
    # '돈' is what is asked: the description ends at '사업', not at '돈'
    assert split("골목 가로등 밝게 바꾸는 사업 돈 얼마 들어?") == ("골목 가로등 밝게 바꾸는 사업", "돈 얼마 들어?")
    assert split("데이터센터 정원 몇 명?") is None


def test_a_budget_printed_only_by_its_parts_is_not_stated_as_the_projects(idx) -> None:  # noqa: ANN001
    # '사업예산 : 엠보팅(220,435천원), 서울은(기존사업 범위 내 추진)': 220,435천원 is one part's, not the project's
    for q in ("서울은 기반 시민참여·생활서비스 통합 고도화 사업예산은 얼마야?",
              "서울은 기반 시민참여·생활서비스 통합 고도화 예산 따로 편성돼 있어?"):
        a = answer(q, index=idx)
        assert "사업예산은 220,435천원" not in a.text and not a.text.startswith(("네", "아니요")), a.text
        assert "엠보팅(220,435천원)" in a.text or a.abstained, a.text  # quoted with its parts, or refused
    a = answer("2026년 사업예산이 1억 넘는 사업 몇 개야?", index=idx)
    assert "고도화 220,435" not in a.text, a.text  # not ranked or counted with a part's figure


def test_a_place_word_after_a_unit_named_by_its_duties_row_is_that_unit(idx) -> None:  # noqa: ANN001
    a = answer("거기 현원은?", index=idx, history=["에스플렉스센터 시설 운영 어느 부서 담당이야?"])
    assert "데이터센터" in a.text and "65명" in a.text, a.text


def test_the_largest_and_smallest_of_quoted_parts() -> None:
    cite = SimpleNamespace(quote="- 사업예산 : 900백만원(설계 120백만원/구축 700백만원/감리 80백만원)", n=2)
    big = ranked_part(Frame(question="그중 제일 큰 건?", key="", text="그중 제일 큰 건?", op="rank", order="desc"), [cite])
    assert big is not None and "구축 700백만원[2]" in big and "전체 900백만원" in big, big
    small = ranked_part(Frame(question="그중 제일 적은 건?", key="", text="그중 제일 적은 건?", op="rank", order="asc"), [cite])
    assert small is not None and "감리 80백만원[2]" in small, small
    tie = SimpleNamespace(quote="- 사업예산 : 200백만원(설계 100백만원/구축 100백만원)", n=1)
    assert ranked_part(Frame(question="그중 제일 큰 건?", key="", text="그중 제일 큰 건?", op="rank", order="desc"), [tie]) is None


def test_a_ranking_among_a_quoted_budgets_parts_after_it(idx) -> None:  # noqa: ANN001
    a = answer("그중 제일 적은 항목은?", index=idx, history=["차세대 디지털 아카이브 사업예산 구성 보여줘"])
    assert "감리 81백만원" in a.text and "가장 작은" in a.text, a.text


def test_a_slip_the_report_prints_is_read_mended_when_asked_as_printed(idx) -> None:  # noqa: ANN001
    a = answer("사량의PC 보급 지출액 집행률 몇 %야?", index=idx)  # printed '사량의PC' in the 2026 execution table
    assert "8.8%" in a.text, a.text


def test_two_figures_named_by_the_words_joined_before_are_summed_not_their_total() -> None:
    from app.engine.quoted import arithmetic

    cites = [SimpleNamespace(quote="- 정기 점검과 수시 점검을 합쳐 상반기 점검 40건 완료", n=1),
             SimpleNamespace(quote="- 분기별 정기 점검(25건) 실시", n=2),
             SimpleNamespace(quote="- 민원에 따른 수시 점검(15건) 실시", n=3)]
    f = Frame(question="둘이 합하면?", key="", text="둘이 합하면?", op="sum")
    said = arithmetic(f, cites, "정기 점검이랑 수시 점검 각각 몇 건이야?")
    # the 40건 line names both words: it is their total, not one of the two
    assert said is not None and "25건[2] + " in said and "15건[3]" in said and "= 40건" in said, said


def test_a_word_the_last_question_quoted_is_the_term_a_pronoun_asks_about(idx) -> None:  # noqa: ANN001
    a = answer("그게 무슨 뜻이야?", index=idx, history=["재택근무 얘기에 SDP라는 말이 있던데"])
    assert "SDP" in a.text.split("이해했습니다")[0] and "접근을 허용하는 네트워크 보안 기술" in a.text, a.text


def test_a_year_asked_after_a_quoted_line_that_lists_a_figure_per_year() -> None:
    from app.engine.quoted import year_in_quote

    cites = [SimpleNamespace(quote="○ 운영비는 아래와 같이 산정 - '22년 : 120,000천원 (기준 A) - '23년 : 95,500천원 "
                                   "(기준 A) - '24년 : 80,250천원 (기준 B)", n=1)]
    said = year_in_quote(2024, [2023], cites)
    assert said is not None and "80,250천원[1]" in said and "95,500" not in said, said
    assert year_in_quote(2025, [2023], cites) is None  # a year the line does not print
    assert year_in_quote(2024, [], cites) is None  # the last question asked no year of that line


def test_an_audit_items_measures_are_shown_whole_before_its_plan(idx) -> None:  # noqa: ANN001
    a = answer("법적검토 등 징수에 최선을 다하라는 에스플렉스센터 건 조치 결과 알려줘", index=idx)
    # every measure taken (not only the first and those naming a word asked): 강제집행 and 이행보증보험금 청구 too
    assert "강제집행" in a.text and "이행보증보험금 청구(1개소" in a.text and "부당이득반환청구" in a.text, a.text


def test_a_council_word_for_the_kind_of_answer_asked_is_not_a_subject_the_reports_lack(idx) -> None:  # noqa: ANN001
    # '결론', '조항', '경위' say what kind of answer is wanted; they are not things the reports must print
    a = answer("서울기록원 보존서고 만고 지적에 대한 결론은?", index=idx)
    assert not a.abstained and "서울기록원" in a.text and "추진상황" in a.text, a.text


def test_a_units_budget_lines_under_a_named_account_with_two_measures(idx) -> None:  # noqa: ANN001
    a = answer("정보보안과 세부사업 예산현액이랑 지출액 알려줘", index=idx)
    assert "서울시 사이버안전센터 운영(예산현액 4,923,769천원" in a.text and "지출액 558,481천원" in a.text, a.text
    b = answer("디지털정책과 균형발전특별회계 세부사업 뭐 있어?", index=idx)
    assert "2개" in b.text and "디지털배움터 운영" in b.text and "스마트빌리지" in b.text, b.text


def test_the_largest_of_a_units_listed_budget_lines_is_that_units(idx) -> None:  # noqa: ANN001
    a = answer("그중 제일 큰 건?", index=idx, history=["정보통신과 세부사업 뭐 있어?"])
    # not the largest line of the whole bureau (정보자원 통합 관리, 데이터센터): a wrong figure before
    assert "지능형 CCTV 고도화(11,388,383천원" in a.text and "정보자원 통합 관리" not in a.text, a.text


def test_a_follow_up_of_measure_words_only_asks_them_of_the_last_subject(idx) -> None:  # noqa: ANN001
    a = answer("사용자 만족도 점수는?", index=idx, history=["2026년 서울AI챗 사용인원은?"])
    # the reports print no satisfaction score of 서울AI챗: refused, not a glossary line about 만족도 in general
    assert a.abstained or "서울AI챗" in a.text.split("이해했습니다")[-1], a.text
    assert "스마트폴" not in a.text.split("가장 가까운")[0] and "도로시설물" not in a.text, a.text


def test_the_most_short_staffed_among_listed_units_is_ranked_by_the_gap(idx) -> None:  # noqa: ANN001
    a = answer("그중 제일 많이 부족한 곳은?", index=idx, history=["2025년 현원이 정원보다 적은 부서 알려줘"])
    # ranked by 과부족 (서울기록원 △3), not by 현원 (데이터전략과 29명): a wrong answer before
    assert "서울기록원(△3명" in a.text and "29명" not in a.text, a.text


def test_an_english_name_of_a_budget_line_is_read_as_the_reports_print_it(idx) -> None:  # noqa: ANN001
    a = answer("What is the 2026 current budget of the big data service platform operation?", index=idx)
    assert "2,922,443" in a.text and "빅데이터 서비스 플랫폼 운영" in a.text, a.text


def test_the_lexicons_own_english_phrases_win_over_the_english_terms_file() -> None:
    import json

    from app.engine.lexicon import DATA, ENGLISH_TERMS, lexicon

    own = json.loads(DATA.read_text(encoding="utf-8"))["english"]["phrases"]
    terms = json.loads(ENGLISH_TERMS.read_text(encoding="utf-8"))["phrases"]
    lex = lexicon()
    assert all(lex.english[k.lower()] == v for k, v in own.items() if not k.startswith("_"))
    assert len(lex.english) > len(own) and all(lex.english[k] for k in list(terms)[:50] if k not in own)
