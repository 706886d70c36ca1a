"""Rules of the quoted-lines (extractive) path: audit items, places, definitions, from/to values, two reports.

Each test pins one general rule on the real corpus ingested by the session fixture `built_index` (hash
embedder, BM25 retrieval as in production); the golden strings are copied from the cited report lines.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.answer import answer
from app.compose import _repeats, is_audit_row
from tests.test_answer import DOC_2025, DOC_2026, cited_lines


@pytest.fixture
def corpus(built_index: Path) -> Any:
    """The real index (hash embedder; the autouse fixture of conftest.py selects it per test)."""
    from index.api import open_index

    return open_index(built_index)


def test_audit_row_is_requirement_tab_status() -> None:
    assert is_audit_row("<p>○ 요구 (디지털정책과)</p>\t<p>추진상황 : 추진중</p>")
    assert not is_audit_row("- 추진상황 : 추진중")  # a bullet, not an audit-table item
    assert _repeats("WeGO회비징수율WeGO회비회비", ["WeGO", "회비"]) == 3.0
    assert _repeats("회비회비회비회비회비회비", ["회비"]) == 3.0  # at most three repeats per term


def test_audit_item_that_keeps_naming_the_asked_terms_beats_a_data_request(corpus: Any) -> None:
    ans = answer("행감 때 지적된 WeGO 회비 문제 지금 어디까지 됐어?", index=corpus)
    assert not ans.abstained
    assert "추진상황: 추진중" in ans.text and "회비관리 전담 인턴을 채용('25년)" in ans.text
    assert (DOC_2025, 1061) in cited_lines(ans) and (DOC_2025, 1146) not in cited_lines(ans)


def test_two_audit_items_that_match_equally_are_both_quoted(corpus: Any) -> None:
    ans = answer("에스플렉스센터 임대료 체납 건은 어떻게 처리하고 있어?", index=corpus)
    assert not ans.abstained
    assert {(DOC_2025, 1069), (DOC_2025, 1088)} <= cited_lines(ans)
    assert "사용허가 취소" in ans.text


@pytest.mark.parametrize("question,asks", [
    ("스마트라이프워크 언제 어디서 해?", True),
    ("서울 AI 페스타 날짜랑 장소", True),
    ("CCTV안전센터팀은 어디 과에 있어?", False),
    ("WeGO 회비 문제 지금 어디까지 됐어?", False),
])
def test_place_question_is_told_by_where_words(question: str, asks: bool) -> None:
    from app.compose import ASKS_PLACE
    from app.vocab import compact

    assert bool(ASKS_PLACE.search(compact(question))) is asks


def test_place_question_quotes_period_place_bullet(corpus: Any) -> None:
    ans = answer("스마트라이프위크 2025는 언제 어디서 해?", index=corpus)
    assert ans.text == ("'서울 스마트라이프워크(SLW) 추진'의 기간·장소입니다.\n"
                        "- (기간/장소) ‘25.9.30.(화)~10.2.(목) / 코엑스(C홀, E홀, 더플라츠 등) [1]")
    assert cited_lines(ans) == {(DOC_2025, 252)}
    festa = answer("서울 AI 페스타 날짜랑 장소", index=corpus)
    assert "광화문광장" in festa.text and (DOC_2025, 323) in cited_lines(festa)


def test_definition_question_prefers_the_term_colon_definition_line(corpus: Any) -> None:
    ans = answer("부정예약 방지에서 말하는 오탐이 뭐야?", index=corpus)
    assert ans.text == ("문서에 따르면 다음과 같습니다.\n"
                        "- 오탐(False Positive) : 사람에 의한 정상적인 예약 시도를 매크로로 잘못 판단하는 경우 [1]")
    assert cited_lines(ans) == {(DOC_2025, 819)}


def test_daesang_is_a_question_word_not_a_required_term() -> None:
    from app.analyze import GENERIC

    assert "대상" in GENERIC  # '보안관제 대상 기관': '대상' qualifies the noun it precedes, it names nothing


def test_from_to_count_question_quotes_the_arrow_sub_bullet(corpus: Any) -> None:
    ans = answer("사이버안전센터 보안관제 대상 기관이 몇 개에서 몇 개로 늘어?", index=corpus)
    assert "- (2025년) 86개 기관 → (2026년) 96개 기관, * 市 산하 10개 기관 추가 연동 [2]" in ans.text
    assert {(DOC_2026, 329), (DOC_2026, 330)} <= cited_lines(ans)
    assert "45개→50개" not in ans.text  # the privacy-inspection line names '대상' but not the asked centre


def test_member_suffix_won_reads_the_activity() -> None:
    from app.analyze import term_variants

    assert "조사" in term_variants("조사원")  # '조사원 몇 명' — '6,500명 채용 현장방문 조사'
    assert term_variants("정원") == ["정원"]  # two-syllable words keep their '원'


def test_surveyor_count_question_quotes_the_hiring_line(corpus: Any) -> None:
    ans = answer("인구주택총조사 조사원 몇 명 뽑아?", index=corpus)
    assert "- 서울시내 100만 가구(인총 85만, 농총 15만) 대상으로 6,500명 채용 현장방문 조사 [1]" in ans.text
    assert (DOC_2025, 850) in cited_lines(ans)


@pytest.mark.parametrize("term,text,found", [
    ("원격이중화", "중요정보시스템17종원격이증화(DR)구축완료", True),  # 중/증: same initial, a vowel slip
    ("원격이중화", "원격이충화", False),  # 중/충: another initial consonant
    ("이중화", "이증화", False),  # too short to trust a slip
    ("원격이중화", "원격이중화", False),  # exact text is not a slip (covered() finds it first)
])
def test_one_syllable_slip_of_a_long_term(term: str, text: str, found: bool) -> None:
    from app.compose import slipped_in

    assert slipped_in(term, text) is found


def test_audit_item_with_a_source_typo_is_found(corpus: Any) -> None:
    ans = answer("원격이중화(DR) 구축 시스템을 몇 종까지 늘릴 계획이야?", index=corpus)
    assert not ans.abstained and "17종" in ans.text and "24종" in ans.text
    assert (DOC_2025, 1084) in cited_lines(ans)


@pytest.mark.parametrize("line,is_budget", [
    ("- 사업예산 : 808백만원(핵심사업 컨설팅 688, 펠로우십 120)", True),
    ("- (소요예산) 335백만원", True),
    ("- 사업내용 : 시정 핵심사업·현안 대상 데이터 분석 컨설팅 제공", False),
])
def test_budget_bullet_pattern(line: str, is_budget: bool) -> None:
    from app.compose import BUDGET_LINE

    assert bool(BUDGET_LINE.match(line)) is is_budget


def test_project_budget_question_quotes_the_newest_reports_budget_bullet(corpus: Any) -> None:
    ans = answer("데이터 분석 종합컨설팅 예산이 어떻게 나뉘어 있어?", index=corpus)
    assert "- 사업예산 : 808백만원(핵심사업 컨설팅 688, 펠로우십 120)" in ans.text
    assert (DOC_2026, 257) in cited_lines(ans) and "335백만원" not in ans.text


def test_budget_bullet_and_differing_table_cell_are_both_stated(corpus: Any) -> None:
    ans = answer("차세대 디지털 아카이브 올해 사업예산 얼마야?", index=corpus)
    assert ans.text == ("문서에 따르면 다음과 같습니다.\n"
                        "- 사업예산 : 867백만원(시스템개발 552백만원/상용SW 232백만원/감리 81백만원) [1]\n"
                        "같은 사업의 표에는 2026년 사업비가 868백만원[2]으로 적혀 있어 본문과 다릅니다.")
    assert cited_lines(ans) == {(DOC_2026, 434), (DOC_2026, 449)}
    cell = next(c for c in ans.citations if c.line_start == 449)
    assert cell.column == "2026년" and cell.value == "868"


@pytest.mark.parametrize("question,asks", [
    ("정보보안과가 실시간 보안관제하는 기관 수, 작년 보고랑 올해 보고에 각각 몇 개로 나와?", True),
    ("두 보고서에 적힌 데이터센터 정원은?", True),
    ("정보통신 인프라 사업들 완료보고랑 정산은 언제야?", False),
])
def test_each_report_question_is_told_by_two_named_reports(question: str, asks: bool) -> None:
    from app.analyze import Analysis
    from app.compose import asks_each_report
    from app.vocab import compact

    a = Analysis(question=question, norm=question, key=compact(question), intent="narrative")
    assert asks_each_report(a) is asks


def test_merge_by_report_labels_blocks_and_renumbers_markers() -> None:
    from app.compose import Composed, merge_by_report
    from app.types import Citation

    def part(doc: str, line: int, text: str) -> Composed:
        cit = Citation(n=1, doc=doc, section="s", line_start=line, line_end=line, quote=text)
        return Composed(text=f"문서에 따르면 다음과 같습니다.\n- {text} [1]", citations=[cit], kind="extractive")

    out = merge_by_report([(2025, part(DOC_2025, 41, "75개 기관")), (2026, part(DOC_2026, 61, "76개 기관"))])
    assert out.text == ("보고서별로 적힌 내용은 다음과 같습니다.\n2025년 보고서:\n- 75개 기관 [1]\n"
                        "2026년 보고서:\n- 76개 기관 [2]")
    assert [(c.n, c.doc, c.line_start) for c in out.citations] == [(1, DOC_2025, 41), (2, DOC_2026, 61)]


def test_same_fact_in_two_reports_quotes_a_line_of_each(corpus: Any) -> None:
    ans = answer("정보보안과가 실시간 보안관제하는 기관 수, 작년 보고랑 올해 보고에 각각 몇 개로 나와?", index=corpus)
    assert ans.text.startswith("보고서별로 적힌 내용은 다음과 같습니다.\n2025년 보고서:\n")
    assert "75개 기관 실시간 보안관제" in ans.text and "76개 기관 실시간 보안관제" in ans.text
    assert {(DOC_2025, 41), (DOC_2026, 61)} <= cited_lines(ans)


def test_predecessor_question_is_answered_by_the_founding_line(corpus: Any) -> None:
    from app.analyze import term_variants

    assert term_variants("전신") == ["전신", "설립", "출범"]
    ans = answer("AI재단 전신이 뭐였고 처음 설립은 언제야?", index=corpus)
    assert ans.text == ("문서에 따르면 다음과 같습니다.\n"
                        "- ※ 서울AI재단 : 2016년 서울디지털재단 설립 후 2025년 5. 19. 출범 / 2본부 10팀(정원 52명) [1]")
    assert cited_lines(ans) == {(DOC_2026, 31)}


def test_long_audit_measures_keep_those_naming_the_question_terms() -> None:
    from app.compose import _audit_summary, clean_line
    from tests.test_answer import corpus_data

    row = clean_line(corpus_data().lines(DOC_2025)[1084 - 1])
    out = _audit_summary(row, ["원격이중화", "DR"], None)
    assert out.startswith("우선순위에서 밀리고 있는 정보시스템 노후장비 교체 및 2등급 시스템 대상 원격이증화에 대하여 "
                          "전향적으로 개선하기 바람 (데이터센터) → 추진상황: 추진중. ○ 매년 정보자원 통합구축 사업을")
    assert "○ 중요 정보시스템 17종 원격이증화(DR) 구축완료" in out and "(현행 17종 → 24종)" in out
    assert "148억원" not in out  # the replacement-budget measure names no asked term
    plain = _audit_summary(row)  # without terms: what was done, whole (it fits), and none of the plan
    assert "제설현장관리" in plain and "향후계획" not in plain and "24종" not in plain, plain


def test_slip_is_never_the_last_syllable() -> None:
    from app.compose import slipped_in

    assert not slipped_in("디지털도시국장", "디지털도시국조직:1국6과31팀2사업소")  # 장/조: another word, not a slip


@pytest.mark.parametrize("question,wants", [
    ("디지털도시국장 이름이 뭐야?", "person"),
    ("서울AI재단 이사장 누구야?", "person"),
    ("서울시장 이름이 뭐야?", "person"),  # the city's post; a bare '시장' may be a market ('전통시장')
    ("데이터센터 밑에 과가 몇 개 있고 이름이 뭐야?", "개"),  # names of units, not of a person
    ("서울지갑 앱 구글 평점 몇 점이야?", "점"),
    ("만족도 점수가 얼마야?", "점"),
])
def test_kind_of_value_person_and_score(question: str, wants: str) -> None:
    from app.analyze import _WANTS
    from app.vocab import compact

    assert next(name for name, pat in _WANTS if pat.search(compact(question))) == wants


def test_person_name_question_is_refused_without_a_name_beside_the_post(corpus: Any) -> None:
    ans = answer("디지털도시국장 이름이 뭐야?", index=corpus)
    assert ans.abstained  # '□ 디지털도시국 조직 : 1국 6과 …' and '디지털도시국장 간담회' print no name
    named = answer("디지털정책과장 이름이 뭐야?", index=corpus)
    assert "디지털정책과장 : 김숙희" in named.text and (DOC_2025, 244) in cited_lines(named)


def test_score_question_is_refused_without_a_score_on_the_line(corpus: Any) -> None:
    assert answer("서울지갑 앱 구글 평점 몇 점이야?", index=corpus).abstained  # the audit item says only '평점이 낮음'
    ans = answer("디지털동행플라자 만족도 몇 점이야?", index=corpus)
    assert "만족도 95.3점" in ans.text and (DOC_2025, 579) in cited_lines(ans)


def test_cost_and_due_date_are_question_words() -> None:
    from app.analyze import GENERIC, term_variants

    assert {"비용", "예정일"} <= GENERIC  # '상용SW 비용은?' (money), '공포 예정일이 언제야?' (a date)
    assert term_variants("포화") == ["포화", "만고"]  # '보존서고 포화' — '만고(滿庫)가 예정'


def test_part_of_a_project_budget_is_quoted_from_its_budget_bullet(corpus: Any) -> None:
    ans = answer("차세대 디지털 아카이브 사업예산 중 상용SW 비용은?", index=corpus)
    assert "- 사업예산 : 867백만원(시스템개발 552백만원/상용SW 232백만원/감리 81백만원) [1]" in ans.text
    assert (DOC_2026, 434) in cited_lines(ans)


def test_due_date_question_quotes_the_schedule_line(corpus: Any) -> None:
    ans = answer("사이버보안 조례 공포 예정일이 언제야?", index=corpus)
    assert ans.text == ("'정보보안 업무강화를 위한 사이버보안 조례 제정'의 추진일정입니다.\n"
                        "- 조례 공포 : '25. 9. 29. [1]")
    assert cited_lines(ans) == {(DOC_2025, 555)}


def test_quantity_asked_with_eolma_is_a_count_not_money(corpus: Any) -> None:
    from app.analyze import analyze
    from app.vocab import vocab_for

    a = analyze("서울기록원 보존서고 포화 건의에 대해 연간 인수량은 얼마로 제한했어?", vocab_for(corpus.data))
    assert a.wants == "count" and not a.unknown
    ans = answer("서울기록원 보존서고 포화 건의에 대해 연간 인수량은 얼마로 제한했어?", index=corpus)
    assert "연간 인수량을 15만권으로 제한" in ans.text and "수용능력 10만권 확대" in ans.text
    assert cited_lines(ans) == {(DOC_2025, 1103)}


@pytest.mark.parametrize("question,asks", [
    ("위성으로 지반변화 감지하는 사업은 어느 부서 담당이에요?", True),
    ("통계조사팀은 어느 과 소속이야?", True),
    ("CCTV안전센터팀은 어디 과에 있어?", True),
    ("차세대 디지털 아카이브는 담당 부서가 어디야?", True),
    ("서울 AI 페스타 언제 어디서 해?", False),
    ("어느 과정까지 진행됐어?", False),
])
def test_which_department_question_is_told_by_its_words(question: str, asks: bool) -> None:
    from app.analyze import asks_department
    from app.vocab import compact

    assert asks_department(compact(question)) is asks


def test_which_department_question_quotes_the_duties_line_not_a_budget_cell(corpus: Any) -> None:
    ans = answer("위성으로 지반변화 감지하는 사업은 어느 부서 담당이에요?", index=corpus)
    assert ans.text.startswith("문서에 따르면 다음과 같습니다.\n- 공간정보과 | ")
    assert "위성활용 서울전역 지반변화 감지체계 구축사업 추진" in ans.text and "1,480,245" not in ans.text
    assert cited_lines(ans) == {(DOC_2026, 63)}


def test_which_department_answer_adds_the_projects_department_cited_at_its_head(corpus: Any) -> None:
    ans = answer("지능형 CCTV 사업은 어디 소관이야?", index=corpus)
    assert ans.text.endswith("'AI 기반 지능형 CCTV로 도시통합 안전망 구축'의 담당 부서는 정보통신과[1]입니다."), ans.text
    assert (DOC_2025, 429) in cited_lines(ans)  # '정보통신과장 : 주덕현 …', the project's contact line


def test_units_question_quotes_the_line_listing_the_units(corpus: Any) -> None:
    ans = answer("서울기록원은 어떤 과들로 구성되어 있나요?", index=corpus)
    assert ans.text == "문서에 따르면 다음과 같습니다.\n- 서울기록원 | 기록정책과 / 보존서비스과 / 운영지원과 [1]"
    assert cited_lines(ans) == {(DOC_2026, 29)}
    assert answer("서울AI재단은 어떤 팀들로 구성돼?", index=corpus).abstained  # '2본부 10팀' names no team


def test_year_of_a_section_title_names_the_report_holding_it(corpus: Any) -> None:
    from app.analyze import analyze
    from app.answer import years_of_titles
    from app.vocab import vocab_for

    vocab = vocab_for(corpus.data)
    a = years_of_titles(analyze("2024 행감 처리결과 중 건의사항 몇 건이야?", vocab), corpus.data, vocab)
    assert a.years == [2025]  # 'V. 2024 행정사무감사 처리결과' is in the 2025 report
    b = years_of_titles(analyze("2024년 세입 예산 얼마야?", vocab), corpus.data, vocab)
    assert b.years == [2024]  # no title prints '2024 세입': the year stays as asked


def test_row_asked_its_own_count_and_columns_reads_the_whole_row(corpus: Any) -> None:
    ans = answer("2024 행감 처리결과 중 건의사항 몇 건이고 완료랑 추진 중은 각각?", index=corpus)
    for figure in ("19건[1]", "추진완료 3건[1]", "추진중 14건[1]", "검토중 2건[1]"):
        assert figure in ans.text, ans.text
    assert cited_lines(ans) == {(DOC_2025, 1054)}


@pytest.mark.parametrize("question,kinds", [
    ("지능형 CCTV 사업 규모 총 얼마고 신설 몇 대야?", ["money", "대"]),
    ("예산은 얼마이며 인원은 몇 명이야?", ["money", "명"]),
    ("회원수가 얼마야?", ["명"]),  # one clause: '얼마' is the number of members (people), not money
    ("인원 얼마야?", ["명"]),
])
def test_each_clause_of_a_question_asks_its_own_kind_of_value(question: str, kinds: list[str]) -> None:
    from app.analyze import asked_kinds

    assert asked_kinds(question) == kinds


def test_line_holding_both_asked_kinds_beats_one_holding_one(corpus: Any) -> None:
    ans = answer("지능형 CCTV 사업 규모 총 얼마고 신설 몇 대야?", index=corpus)
    assert "- CCTV 사업 규모 : 총 114억원, 신설 1,880대(470개소), 교체 3,313대, 전환 3,343대 [2]" in ans.text
    assert (DOC_2026, 350) in cited_lines(ans) and (DOC_2025, 440) not in cited_lines(ans)  # '신설 3,096대': no amount


def test_score_word_is_a_question_word(corpus: Any) -> None:
    from app.analyze import GENERIC

    assert "점수" in GENERIC  # '만족도 점수는 몇 점': the kind of value asked, not a word the line must print
    ans = answer("디지털동행플라자 만족도 점수는 몇 점이야?", index=corpus)
    assert "만족도 95.3점" in ans.text and (DOC_2025, 579) in cited_lines(ans)


def test_noun_split_by_a_verb_reading_is_widened_to_the_reports_word(corpus: Any) -> None:
    from app.analyze import analyze, glued_terms
    from app.vocab import vocab_for

    vocab = vocab_for(corpus.data)
    a = analyze("스마트서울맵 담당 부서가 어디야?", vocab)  # Kiwi: 스마트서울 + 맵(VA, '맵다')
    assert glued_terms(a.norm, a.key_terms, vocab) == ["스마트서울맵"]
    # the 스마트서울뷰 audit item (데이터전략과) is not an answer about 스마트서울맵
    assert "데이터전략과" not in answer("스마트서울맵 담당 부서가 어디야?", index=corpus).text


@pytest.mark.parametrize("question", ["어느 부분이 바뀌었어?", "데이터센터에는 어떤 과가 있어?", "집행 과정은 어디까지 왔어?"])
def test_not_a_which_department_question(question: str) -> None:
    from app.analyze import asks_department
    from app.vocab import compact

    assert not asks_department(compact(question))


def test_count_question_takes_no_table_amount(corpus: Any) -> None:
    ans = answer("서울AI재단은 몇 팀이야?", index=corpus)
    assert "13,119,777" not in ans.text  # the 서울AI재단 출연 budget cell holds no count of teams
    assert "2본부 10팀(정원 52명)" in ans.text and (DOC_2026, 31) in cited_lines(ans)


def test_audit_count_of_a_status_column_is_not_answered_by_one_audit_item(corpus: Any) -> None:
    ans = answer("행감 완료된 거 몇 건이야?", index=corpus)
    # the number of items done (the summary's 완료 cell), not one requirement's 추진내용 ('발송실적 : 3,933건')
    assert "17건[" in ans.text and "3,933" not in ans.text, ans.text
    mails = answer("과도한 부분공개 개선하려고 기안자한테 메일 몇 건 보냈어?", index=corpus)
    assert "3,933건" in mails.text  # a count named by the item's own words is still quoted


@pytest.mark.parametrize("question, line, names", [
    ("서울기록원의 하부 조직(과)을 알려주십시오.", 29, "기록정책과 / 보존서비스과 / 운영지원과"),
    ("데이터센터 산하에 있는 과들 좀 알려줘", 28, "인터넷통신과 / 상암정보운영과 / 에스플렉스센터운영과"),
])
def test_units_under_a_body_quote_its_unit_list_line(corpus: Any, question: str, line: int, names: str) -> None:
    ans = answer(question, index=corpus)
    assert not ans.abstained
    assert names in ans.text
    assert cited_lines(ans) == {(DOC_2026, line)}


def test_how_a_date_or_method_is_asked_is_a_question_word(corpus: Any) -> None:
    ans = answer("서울 AI 페스타 행사 며칠에 열려?", index=corpus)
    assert "'서울 AI 페스타 행사' 운영 : '25. 3. 8. ~ 3. 9. [1]" in ans.text
    assert cited_lines(ans) == {(DOC_2025, 344)}
    ans = answer("동적 예약버튼은 어떤 방식이에요?", index=corpus)
    assert "‘예약하기’ 버튼을 시스템에서 무작위로 배열하여 자동 클릭 방지" in ans.text
    assert (DOC_2025, 1326) in cited_lines(ans)


def test_question_naming_a_report_quotes_that_report_not_the_newer_one(corpus: Any) -> None:
    ans = answer("2025년 2월 업무보고 당시 디지털도시국 조직 규모는?", index=corpus)
    assert not ans.abstained
    assert "- 조직 ..... 1국 6과 31팀 2사업소 [1]" in ans.text
    assert cited_lines(ans) == {(DOC_2025, 14)}


def test_names_report_needs_a_year_before_the_word_report() -> None:
    from app.answer import NAMES_REPORT

    for q in ("2025년 2월 업무보고 당시", "2025 보고서에서", "'25년 현안보고 때", "2026년 현안 업무보고"):
        assert NAMES_REPORT.search(q), q
    for q in ("2024 행정사무감사 처리결과", "2025년 예산 보고해줘", "보고서 2025"):  # the year must name the report
        assert not NAMES_REPORT.search(q), q


def test_long_audit_detail_keeps_the_measures_naming_most_asked_terms(corpus: Any) -> None:
    ans = answer("2등급 시스템 원격이중화 지적 관련해서 DR 구축 시스템을 몇 종까지 늘린대?", index=corpus)
    assert "(현행 17종 → 24종)" in ans.text  # the plan, after the 향후계획 label, is no longer cut off
    assert "'25년 148억원의 재원을 투입하여" not in ans.text  # a measure naming no asked term gives way
    assert cited_lines(ans) == {(DOC_2025, 1084)}


def test_listing_sub_bullet_reads_with_its_parent_bullet(corpus: Any) -> None:
    ans = answer("재해복구시스템 구축 끝난 2등급 시스템이 뭐뭐야?", index=corpus)
    assert ("문서에 따르면 다음과 같습니다.\n- 서초-상암센터간 주요 대시민서비스 재해복구시스템 구축 완료 [1]\n"
            "- 2등급(5종): 수방시스템, 세무종합시스템, 제설현장관리시스템, 온라인민원, 시도행정시스템(지역정보개발원 구축) [2]"
            in ans.text), ans.text  # (a list asked: the listed items lead, then the quoted lines)
    assert (DOC_2026, 407) not in cited_lines(ans)  # '대표누리집(2등급) … 구축' is the plan, not what was completed


def test_counter_read_with_its_copula_is_not_a_key_term() -> None:
    from app.analyze import counter_copula_terms

    q = "서초-상암센터간 재해복구시스템 구축이 완료된 2등급 시스템은 몇 종이며 무엇입니까?"
    assert counter_copula_terms(q, ["재해복구시스템", "등급", "종이"]) == ["재해복구시스템", "등급"]
    assert counter_copula_terms("종이 문서는 몇 건이야?", ["종이", "문서"]) == ["종이", "문서"]  # paper, really asked


def test_count_and_listing_question_with_counter_copula_is_answered(corpus: Any) -> None:
    ans = answer("서초-상암센터간 재해복구시스템 구축이 완료된 2등급 시스템은 몇 종이며 무엇입니까?", index=corpus)
    assert "- 2등급(5종): 수방시스템, 세무종합시스템, 제설현장관리시스템, 온라인민원, 시도행정시스템(지역정보개발원 구축) [2]" in ans.text
    assert (DOC_2026, 416) in cited_lines(ans)


def test_schedule_line_of_a_project_whose_passage_names_every_term(corpus: Any) -> None:
    ans = answer("버스터미널 키오스크 자원봉사 활동 기간이 어떻게 돼?", index=corpus)
    assert "- 4대 터미널 자원봉사 활동 2026. 4.13.(월) ~ 7.31.(금) [1]" in ans.text
    assert (DOC_2026, 216) in cited_lines(ans)


def test_length_question_wants_a_length_not_money(corpus: Any) -> None:
    ans = answer("초고속망 안전 점검 대상 광케이블 길이가 얼마나 돼?", index=corpus)
    assert "- 광케이블 421km(지하철 구간 351km), 통신장비 177대 등 안전 점검 추진 [2]" in ans.text
    assert (DOC_2025, 482) in cited_lines(ans)


def test_year_of_a_value_written_on_its_parent_bullet(corpus: Any) -> None:
    ans = answer("재작년 CCTV 신설이랑 교체 실적 몇 대야?", index=corpus)
    assert "- CCTV 신설 3,096대, 교체 4,039대, 지능형 전환 5,478대, 고속검색 6개 區(총 12개구 완료) [2]" in ans.text
    assert {(DOC_2025, 439), (DOC_2025, 440)} <= cited_lines(ans)
    other = answer("올해 CCTV 신설이랑 교체 실적 몇 대야?", index=corpus)  # 2026: the 2024 results do not answer
    assert "3,096대" not in other.text


def test_breakdown_word_is_a_question_word(corpus: Any) -> None:
    ans = answer("데이터 분석 종합컨설팅 예산이랑 세부 내역 알려줘", index=corpus)
    assert "- 사업예산 : 808백만원(핵심사업 컨설팅 688, 펠로우십 120) [2]" in ans.text
    assert (DOC_2026, 257) in cited_lines(ans)


def test_team_asked_its_department_quotes_the_organisation_line(corpus: Any) -> None:
    ans = answer("공공와이파이 업무 하는 팀 어느 과 소속이야?", index=corpus)
    assert "- 정보통신과(5팀) | 정보통신기획팀 / 공공와이파이팀 / 통신인프라팀 / 스마트CCTV팀 / CCTV안전센터팀 [1]" in ans.text
    assert cited_lines(ans) == {(DOC_2026, 21)}
