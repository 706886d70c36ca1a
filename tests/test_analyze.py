"""Question analysis against a hand-made vocabulary (years, intents, columns, entities, unknown terms)."""
from __future__ import annotations

import pytest

from app.analyze import analyze, find_years, noun_groups, term_variants
from app.vocab import Vocab, column_year, compact, strip_numbering

CORPUS_TEXT = """디지털도시국 인력 정원 274명 현원 279명 데이터센터 정보통신과 데이터전략과 기본경비 엠보팅 서비스 운영
재해복구시스템 구축 추진일정 행정사무감사 부정예약 서울AI재단 출연 주차요금수입 전산 지적"""


def vocab() -> Vocab:
    v = Vocab(
        departments={"데이터센터": "데이터센터", "정보통신과": "정보통신과", "데이터전략과": "데이터전략과"},
        row_labels={"기본경비": "기본경비", "엠보팅서비스운영": "엠보팅 서비스 운영", "주차요금수입": "주차요금수입",
                    "일반회계": "일반회계", "데이터센터": "데이터센터"},
        columns={"정원": "정원", "현원": "현원", "2026예산현액": "2026 예산현액", "전산": "전산", "지적": "지적"},
        report_years=[2026, 2025],
        figure_years={2024, 2025, 2026},
        corpus_compact=compact(CORPUS_TEXT),
        org_names={"디지털도시국"},
    )
    v.labels = {**v.columns, **v.row_labels, **v.departments}
    return v


def split_groups(text: str) -> list[list[tuple[str, str]]]:
    """A Kiwi-free stand-in: each whitespace word minus a trailing particle is one noun."""
    out = []
    for w in text.replace("?", " ").split():
        for p in ("이랑", "은", "는", "이", "가", "의", "을", "를", "에서", "보다"):
            if w.endswith(p) and len(w) > len(p) + 1:
                w = w[: -len(p)]
                break
        out.append([(w, "NNG")])
    return out


@pytest.mark.parametrize("text,years", [
    ("2025년 예산", [2025]),
    ("'26 예산", [2026]),
    ("25년 예산", [2025]),
    ("작년 예산", [2025]),
    ("올해 예산", [2026]),
    ("재작년 예산", [2024]),
    ("예산은?", []),
])
def test_find_years(text: str, years: list[int]) -> None:
    assert find_years(text, 2026)[0] == years


@pytest.mark.parametrize("question,intent", [
    ("2026년 데이터센터 정원이랑 현원은?", "figure"),
    ("정보통신과 예산이 작년보다 얼마나 줄었어?", "change"),
    ("엠보팅 예산 지출은 얼마나 됐어?", "rate"),
    ("재해복구시스템 구축 일정은?", "schedule"),
    ("행감에서 지적된 부정예약 건은 어떻게 됐어?", "audit"),
    ("재해복구시스템이 뭐야?", "definition"),
    ("공간정보과에 지적직 몇 명 근무해?", "figure"),
])
def test_intent(question: str, intent: str) -> None:
    assert analyze(question, vocab(), split_groups).intent == intent


def test_acceptance_question_is_analysed_into_department_and_columns() -> None:
    a = analyze("2026년 데이터센터 정원이랑 현원은?", vocab(), split_groups)
    assert a.years == [2026] and a.departments == ["데이터센터"]
    assert a.columns == ["정원", "현원"] and a.entities == ["데이터센터"] and not a.unknown


def test_last_year_comparison_spans_the_newest_report_and_the_year_before() -> None:
    a = analyze("정보통신과 예산이 작년보다 얼마나 줄었어?", vocab(), split_groups)
    assert a.years == [2026, 2025] and "증감액" in a.columns


def test_headcount_word_means_current_staff_unless_authorised_is_asked() -> None:
    assert analyze("데이터센터 인원은?", vocab(), split_groups).columns == ["현원"]
    assert analyze("데이터센터 정원 인원은?", vocab(), split_groups).columns == ["정원"]


def test_spending_question_uses_the_spending_rate() -> None:
    a = analyze("엠보팅 예산 지출은 얼마나 됐어?", vocab(), split_groups)
    assert a.rate_basis == "지출액" and a.partials == ["엠보팅"]


def test_unknown_name_and_uncovered_year_are_flagged() -> None:
    a = analyze("2023년 양자컴퓨팅 예산은?", vocab(), split_groups)
    assert a.unknown == ["양자컴퓨팅"] and a.uncovered_years == [2023]


def test_department_like_name_absent_from_the_reports_is_unknown() -> None:
    assert "디지털혁신과" in analyze("디지털혁신과 정원은 몇 명이야?", vocab(), split_groups).unknown


def test_abbreviation_of_the_audit_is_understood() -> None:
    a = analyze("행감에서 지적된 부정예약 건은 어떻게 됐어?", vocab())  # real Kiwi
    assert a.intent == "audit" and a.key_terms == ["부정예약"] and not a.unknown


def test_question_suffixes_are_stripped_for_matching() -> None:
    assert term_variants("출연금") == ["출연금", "출연"]
    assert term_variants("지적직") == ["지적직", "지적"]


def test_column_year_and_numbering() -> None:
    assert column_year("2025 최종예산") == 2025 and column_year("'25년 예산") == 2025 and column_year("예산현액") is None
    assert strip_numbering("1-1-5) 엠보팅 서비스 운영") == "엠보팅 서비스 운영"
    assert strip_numbering("3.9. 디지털 재난 대비") == "디지털 재난 대비"


def test_kiwi_noun_groups_merge_adjacent_nouns() -> None:
    groups = noun_groups("재해복구시스템 구축 일정은?")
    assert ["".join(f for f, _ in g) for g in groups] == ["재해복구시스템", "구축", "일정"]


def test_spelling_slip_is_corrected_against_section_titles() -> None:
    from app.analyze import correct_spelling

    v = vocab()
    v.section_titles = {"서울스마트라이프워크(SLW)추진": "서울 스마트라이프워크(SLW) 추진"}
    assert correct_spelling("스마트라이프위크 2025는 언제 해?", v) == "스마트라이프워크 2025는 언제 해?"
    assert correct_spelling("데이터센터 정원", v) == "데이터센터 정원"


def test_issue_a_number_of_members_asked_with_eolma_is_a_count_not_money() -> None:
    """Pins a bug: '회원수가 각각 얼마야?' asked for an amount of money, so '12만명' lines never qualified."""
    assert analyze("데이터센터 회원수가 각각 얼마야?", vocab(), split_groups).wants in ("count", "명")  # people counted
    assert analyze("데이터센터 예산이 얼마야?", vocab(), split_groups).wants == "money"


def test_question_word_matches_the_reports_own_word() -> None:
    """'오픈' in a question is '개시' in the reports; the paraphrase list is question-side only."""
    assert "개시" in term_variants("오픈") and "사용자" in term_variants("이용자")
    assert term_variants("예산") == ["예산"]


def test_issue_alias_next_to_its_full_name_is_not_a_second_term() -> None:
    """Pins a bug: '국고보조금(국비)' required a row labelled both 국고보조금 and 국비, so it was refused."""
    from app.analyze import Analysis, _drop_redundant_aliases

    a = Analysis(question="q", norm="q", key="q", intent="figure", entities=["국고보조금"], partials=["국비"],
                 key_terms=["국고보조금", "국비", "세입"])
    _drop_redundant_aliases(a)
    assert (a.entities, a.partials, a.key_terms) == (["국고보조금"], [], ["국고보조금", "세입"])
    b = Analysis(question="q", norm="q", key="q", intent="figure", partials=["국비"], key_terms=["국비"])
    _drop_redundant_aliases(b)
    assert b.partials == ["국비"]  # the alias alone still counts


def test_version_number_in_a_name_is_a_key_term() -> None:
    """'챗봇 2.0' names a system: its version must be in the evidence; amounts and rates are not versions."""
    assert "2.0" in analyze("데이터센터 2.0 오픈 언제야?", vocab(), split_groups).key_terms
    assert not any("." in t for t in analyze("집행률 46.5%가 맞아?", vocab(), split_groups).key_terms)
    assert not any("." in t for t in analyze("예산 1.5억 사업은?", vocab(), split_groups).key_terms)


def test_issue_parenthesised_qualifier_finds_the_compound_row_label() -> None:
    """Pins a bug: '특별회계(도시개발)' did not find the row '도시개발특별회계'; labels not in the index stay as written."""
    from app.analyze import join_parenthesised_qualifiers

    v = vocab()
    v.labels["도시개발특별회계"] = "도시개발특별회계"
    assert join_parenthesised_qualifiers("정보통신과 특별회계(도시개발) 예산은?", v) == "정보통신과 도시개발특별회계 예산은?"
    assert join_parenthesised_qualifiers("특별회계 (도시개발) 예산", v) == "도시개발특별회계 예산"
    assert join_parenthesised_qualifiers("국고보조금(국비) 얼마?", v) == "국고보조금(국비) 얼마?"
    a = analyze("정보통신과 특별회계(도시개발) 예산은?", v, split_groups)
    assert a.question == "정보통신과 특별회계(도시개발) 예산은?"
    assert "도시개발특별회계" in a.entities


def test_issue_how_much_shorter_a_cycle_is_a_length_of_time_not_money() -> None:
    """Pins a bug: '백업 주기를 얼마나 줄여' was read as a money question by the '얼마' rule."""
    assert analyze("데이터센터 백업 주기를 얼마나 줄여?", vocab(), split_groups).wants == "period"
    assert analyze("데이터센터 구축 몇 개월 걸려?", vocab(), split_groups).wants == "period"
    assert analyze("데이터센터 백업 예산이 얼마야?", vocab(), split_groups).wants == "money"
    assert analyze("데이터센터 구축 기간은 언제야?", vocab(), split_groups).wants == "date"


def _vocab_with(words: str) -> Vocab:
    v = vocab()
    v.corpus_compact = compact(CORPUS_TEXT + " " + words)
    return v


@pytest.mark.parametrize("question,dropped,kept", [
    ("데이터센터 보안관제를 수행하는 기관 수는?", "수행", "보안관제"),  # the verb of a clause describing '기관'
    ("엠보팅 서비스에 참여한 시민은 몇 명이야?", "참여", "시민"),
])
def test_verb_of_a_describing_clause_is_not_a_term_the_evidence_must_print(question: str, dropped: str,
                                                                          kept: str) -> None:
    a = analyze(question, _vocab_with("보안관제 수행 참여 시민 오픈"))
    assert dropped not in a.key_terms and kept in a.key_terms


@pytest.mark.parametrize("question", ["엠보팅 누리집 언제 오픈해?", "엠보팅 누리집은 언제 오픈할 예정입니까?"])
def test_the_questions_own_verb_stays_a_term(question: str) -> None:
    assert "오픈" in analyze(question, _vocab_with("누리집 오픈")).key_terms


def test_request_verb_of_a_formal_question_is_not_a_term() -> None:
    formal = analyze("데이터센터 기본경비를 제시하시오.", _vocab_with("제시 기본경비"))
    assert "제시" not in formal.key_terms and "기본경비" in formal.entities


def test_a_question_word_before_the_conjunction_gwa_is_not_an_unknown_department() -> None:
    a = analyze("엠보팅 서비스 운영 추진상황과 향후계획은?", _vocab_with("추진상황 향후계획"))
    assert "추진상황과" not in a.unknown
    assert "디지털혁신과" in analyze("디지털혁신과 정원은?", _vocab_with("디지털 혁신")).unknown


def test_a_count_asked_with_any_counter_is_never_answered_by_an_amount() -> None:
    assert analyze("데이터센터 정보자원 총 몇 식이야?", _vocab_with("정보자원")).wants == "count"


def test_the_budget_left_is_counted_against_spending_when_the_question_says_so() -> None:
    a = analyze("데이터센터 아직 안 나간 남은 돈 얼마야? 예산현액에서 지출액 빼서", _vocab_with("지출액"))
    assert a.remainder == "지출액"
