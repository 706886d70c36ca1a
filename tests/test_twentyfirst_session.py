"""The twenty-first session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations


# ---- a count is the count of the action printed next to it ----

def test_a_count_is_bound_to_the_action_just_before_it() -> None:
    from app.compose import bound_actions

    assert bound_actions("- 거점센터 운영 및 추가 조성(4개소)") == ["조성"]
    assert bound_actions("- 키오스크 12대 신설, 30대 교체") == ["신설", "교체"]


def test_a_count_is_bound_to_the_action_after_it_past_a_bracket_of_names() -> None:
    from app.compose import bound_actions

    assert bound_actions("- 체험관 3개소(동부, 서부, 남부) 운영 중") == ["운영"]
    assert bound_actions("- 역사 5개소 시범운영(6월 ~ 9월)") == ["운영"]
    assert bound_actions("- 누적 방문 1,200명 달성") == [None]


def test_a_count_asked_of_running_places_is_not_read_from_places_to_be_built() -> None:
    from app.compose import counts_another_action

    asked = "체험관 지금 몇 곳 운영 중이야?"
    assert counts_another_action(asked, "- 체험관 운영 및 추가 조성(4개소)")
    assert not counts_another_action(asked, "- 체험관 3개소(동부, 서부, 남부) 운영 중")
    # a count said of no action decides nothing, and a question that names no action checks nothing
    assert not counts_another_action(asked, "- 체험관 총 3개소")
    assert not counts_another_action("체험관 몇 곳이야?", "- 체험관 운영 및 추가 조성(4개소)")


def test_the_action_asked_is_the_one_said_next_to_the_count() -> None:
    from app.compose import asked_count_actions

    assert asked_count_actions("스마트쉼터 몇 곳 운영해?") == {"운영"}
    assert asked_count_actions("스마트쉼터 신설 대수는 몇 대?") == {"신설"}
    # an action word far from the count asked is part of a name, not what is counted
    assert asked_count_actions("공공와이파이 확충 및 시민 이용편의 제고 사업 예산으로 몇 명을 뽑아?") == set()


def test_places_running_are_answered_with_the_line_that_counts_them(corpus_idx) -> None:  # noqa: ANN001
    from app.answer import answer

    a = answer("2025 보고서 기준 동행플라자 현재 몇 개소 운영해?", index=corpus_idx)
    assert not a.abstained, a.text
    assert "2개소" in a.text, a.text
    assert "3개소" not in a.text, a.text  # the places to be built are another count


def test_places_to_be_built_stay_the_answer_when_they_are_asked(corpus_idx) -> None:  # noqa: ANN001
    from app.answer import answer

    a = answer("2025 보고서 기준 동행플라자 추가 조성 몇 개소야?", index=corpus_idx)
    assert "3개소" in a.text, a.text


# ---- chat residue typed with a question ----

def test_chat_letters_and_faces_are_dropped() -> None:
    from app.engine.normalize import chat_marks_dropped

    assert chat_marks_dropped("스마트폴 몇 대야 ㅇㅇ") == "스마트폴 몇 대야"
    assert chat_marks_dropped("ㅋㅋ 그거 언제 해?") == "그거 언제 해?"
    assert chat_marks_dropped("정원 몇 명이에요^^") == "정원 몇 명이에요"
    # a jamo slip inside a word is no chat residue
    assert chat_marks_dropped("예산ㅇ 얼마") == "예산ㅇ 얼마"


def test_a_count_with_chat_letters_after_it_is_answered(ask) -> None:  # noqa: ANN001
    text = ask("공공와이파이 장애처리 관리대상 몇 대야 ㅇㅇ")  # ('대야 ㅇㅇ' was read as a basin, a noun)
    assert "34,363대" in text, text


# ---- the words of a project's budget ----

def test_a_budget_said_to_be_set_is_the_budget_asked(ask) -> None:  # noqa: ANN001
    # '책정' (set, allocated) asks the budget like '편성' and '배정'
    text = ask("재해복구시스템 확대에 예산 얼마 책정됐나요?")
    assert "1,940백만원" in text, text


# ---- a yes/no check of a count of listed items holds the claim's comparator ----

def test_a_count_claimed_as_a_bound_is_judged_by_the_bound(ask) -> None:  # noqa: ANN001
    text = ask("행정사무감사 처리요구사항 중 추진중인 게 15건 넘어?")
    assert text.startswith("네"), text  # 22 items are 추진중: more than 15
    text = ask("행정사무감사 처리요구사항 중 검토중인 건 5건 이상이야?")
    assert text.startswith("아니요"), text  # 2 items


def test_a_share_of_listed_items_claimed_is_judged_with_its_operands(ask) -> None:  # noqa: ANN001
    text = ask("행정사무감사 처리요구사항 중 추진중인 게 절반 넘어?")
    assert text.startswith("네"), text  # 22 of 41 = 53.7%
    assert "22 ÷ 41" in text, text


# ---- everyday words of the lexicon and the thesaurus ----

def test_an_audit_item_asked_with_so_far_is_answered(ask) -> None:  # noqa: ANN001
    text = ask("동부권 동남권에 디지털동행플라자 조성 필요하다는 행감 지적, 그동안 어떻게 조치됐어?")
    assert "추진중" in text, text


def test_a_head_count_asked_in_everyday_words(ask) -> None:  # noqa: ANN001
    assert "72,737명" in ask("디지털동행플라자 찾아온 머릿수 몇이야?")


def test_money_gone_from_the_account_is_the_spent_amount(ask) -> None:  # noqa: ANN001
    assert "1,382,083천원" in ask("데이터전략과 3월 말까지 통장에서 나간 돈 얼마?")


def test_an_everyday_word_said_of_the_same_term_goes_with_the_phrase() -> None:
    from app.engine.normalize import everyday_text

    phrases = {"길가와이파이": "공공와이파이", "무료와이파이": "공공와이파이", "길가쓰레기": "가로청소"}
    printed = {"공공와이파이", "가로청소"}
    text, changed = everyday_text("길가 무료와이파이 몇 대야?", phrases, printed.__contains__)
    assert changed and text == "공공와이파이 몇 대야?", text
    # a word another phrase opens with for another term stays
    text, _ = everyday_text("길가 무료와이파이 몇 대야?", {"무료와이파이": "공공와이파이", "길가쓰레기": "가로청소"},
                            printed.__contains__)
    assert text.startswith("길가 "), text


# ---- a split vote on a described project settled by the thing described ----

def test_a_split_vote_goes_to_the_one_title_printing_the_head_noun() -> None:
    from collections import Counter

    from app.engine.described import _by_head

    votes = Counter({("r.txt", "3. 과제 > 3.1. 청년 창업 멘토 운영"): 2,
                     ("r.txt", "3. 과제 > 3.2. 청년 창업 지원 공간 조성"): 2,
                     ("r.txt", "3. 과제 > 3.3. 창업 포털 고도화"): 1})
    assert _by_head("청년들이 창업 상담 받으러 가는 시 운영 공간", votes) == ("r.txt", "3. 과제 > 3.2. 청년 창업 지원 공간 조성")
    # a passage named by one opinion only is no candidate; a head any project's title may print decides nothing
    assert _by_head("창업 정보 모아 보여주는 포털", votes) is None
    assert _by_head("청년 창업 도와주는 사업", votes) is None
    # a passage that leads the vote is not passed over for a title that prints the head
    votes[("r.txt", "3. 과제 > 3.1. 청년 창업 멘토 운영")] = 3
    assert _by_head("청년들이 창업 상담 받으러 가는 시 운영 공간", votes) is None


def test_an_asked_verb_glossed_as_an_action_binds_the_count() -> None:
    from app.compose import asked_count_actions, counts_another_action

    assert "조성" in asked_count_actions("체험관 올해 몇 군데 더 짓는대?")
    assert counts_another_action("체험관 올해 몇 군데 더 짓는대?", "- 체험관 3개소(동부, 서부, 남부) 운영 중")


# ---- a renamed body named with its other name in brackets ----

def test_a_bracket_with_another_name_of_the_same_thing_is_dropped() -> None:
    from app.engine.normalize import same_name_bracketed

    def same(a: str, b: str) -> bool:
        return {a, b} == {"한빛재단", "새빛재단"}

    assert same_name_bracketed("한빛재단(새빛재단) 출연금 얼마?", same) == "한빛재단 출연금 얼마?"
    assert same_name_bracketed("경비(인건비 제외) 얼마?", same) == "경비(인건비 제외) 얼마?"


def test_the_vocabulary_knows_a_renamed_bodys_two_names(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.vocab import vocabulary

    v = vocabulary(corpus_idx.data)
    assert v.same_thing("서울디지털재단", "서울AI재단") and v.same_thing("서울AI재단", "서울디지털재단")
    assert not v.same_thing("서울디지털재단", "데이터센터")


def test_a_renamed_bodys_row_compared_across_reports_with_both_names(ask) -> None:  # noqa: ANN001
    text = ask("서울AI재단(서울디지털재단) 출연 예산 두 보고서 비교해줘")
    assert "13,119,777" in text and "10,857,229" in text, text


# ---- the year before's final budget is the one its own table prints ----

def test_the_final_budget_of_the_year_before_is_read_from_the_same_table(ask) -> None:  # noqa: ANN001
    text = ask("2025년 주차요금수입 예산현액하고 전년도 최종예산 대비 증감률 알려줘")
    assert "509,603" in text and "7.4%" in text, text  # the 2024 최종예산 of the 2025 table, not a later report's


# ---- a funder's share of a budget broken down into named parts ----

def test_share_words_are_printed_by_a_breakdown_of_the_amount() -> None:
    from app.compose import covered

    line = "(소요예산)12,000백만원(市3,000백만원,국비9,000백만원)"
    assert covered("부담", line) and covered("몫", line)
    assert not covered("부담", "(소요예산)12,000백만원")  # no parts, no shares


def test_a_share_asked_of_a_budget_breakdown_is_answered(ask) -> None:  # noqa: ANN001
    text = ask("서울 스마트라이프워크 소요예산에서 재단 부담분은 얼마야?")
    assert "3,884백만원" in text, text


def test_the_city_said_in_one_letter_picks_its_part(ask) -> None:  # noqa: ANN001
    text = ask("스마트라이프워크 예산에서 시 부담하고 재단 부담 차이 얼마?")
    assert "3,349백만원" in text, text
    text = ask("스마트라이프워크 예산 가운데 시 부담 비율은 몇 %?")
    assert "12.1%" in text, text


# ---- 'X 사업 두 개(A, B)': the things named in the bracket ----

def test_a_bracket_listing_as_many_things_as_said_names_them() -> None:
    from app.engine.normalize import counted_list_opened

    assert counted_list_opened("망 사업 두 개(통신망 운영, 네트워크 구축) 합계") == "통신망 운영, 네트워크 구축 합계"
    assert counted_list_opened("사업 세 개(가, 나, 다) 합계") == "가, 나, 다 합계"
    # a word before the group that names what the things belong to stays
    assert counted_list_opened("정보과 통신 사업 두 개(가 운영, 나 구축) 합계", lambda w: w == "정보과") == \
        "정보과 가 운영, 나 구축 합계"
    # a bracket of another count, or of no list, stays
    assert counted_list_opened("사업 두 개(가, 나, 다) 합계") == "사업 두 개(가, 나, 다) 합계"
    assert counted_list_opened("경비(인건비 제외) 합계") == "경비(인건비 제외) 합계"


def test_a_sum_of_two_rows_named_in_a_counted_bracket(ask) -> None:  # noqa: ANN001
    text = ask("2026년 정보통신과 통신 사업 두 개(행정정보통신망 운영, 사물인터넷 도시조성) 예산현액 합계?")
    assert "합치면" in text and "+" in text, text


# ---- '몇 개 더': how many more, the difference of the figures before and after ----

def test_how_many_more_is_the_difference_of_the_quoted_figures(ask) -> None:  # noqa: ANN001
    text = ask("서울데이터허브 주제분석 시각화 몇 개 더 늘려?")
    assert "5개" in text and "15개 − 10개" in text, text


# ---- yes/no checks: a place claimed for an event, a budget said not to be spent ----

def test_a_place_claimed_for_an_event_is_checked_against_its_place_line(ask) -> None:  # noqa: ANN001
    text = ask("AI 페스타 잠실에서 열리는 거 맞아?")
    assert text.startswith("아니요") and "광화문광장" in text, text
    text = ask("AI 페스타 DDP에서 하는 거 맞지?")
    assert text.startswith("네"), text


def test_a_project_said_to_spend_no_budget_is_checked(ask) -> None:  # noqa: ANN001
    assert ask("디지털동행 파트너 운영에 돈 하나도 안 쓰는 거 맞아?").startswith("네")
    assert ask("재해복구시스템 확대 예산 안 들어가는 거 맞지?").startswith("아니요")


def test_a_condition_claimed_of_one_named_row_is_checked_not_listed(ask) -> None:  # noqa: ANN001
    text = ask("2025년 1월 말 기준 사업체조사 사업은 집행 실적이 전혀 없는 게 맞아?")
    assert text.startswith("네"), text
    assert "0.0%" in text and "외" not in text, text  # the row checked, not a list of every such row


def test_a_request_to_prepare_a_table_asks_nothing_of_the_reports(ask) -> None:  # noqa: ANN001
    text = ask("행감 처리요구사항 중 시정 및 처리요구 몇 건이고 완료는 몇 건인지 표로 준비해 주세요")
    assert "건" in text and "찾을 수 없습니다" not in text, text


def test_an_english_question_of_what_a_centre_monitors(ask) -> None:  # noqa: ANN001
    text = ask("How many agencies does the cybersecurity center monitor?")
    assert "96개 기관" in text, text


# ---- a report's outline: the numbered parts under a heading ----

def test_the_parts_of_a_heading_are_counted_and_each_cited(corpus_idx) -> None:  # noqa: ANN001
    from app.answer import answer

    a = answer("26년 보고서 주요 현안업무는 총 몇 개야?", index=corpus_idx)
    assert "10개" in a.text, a.text
    assert len(a.citations) == 10 and all(c.quote.lstrip().startswith("3.") for c in a.citations), a.citations


def test_some_of_a_headings_parts_are_not_counted_as_all() -> None:
    from types import SimpleNamespace

    from app.engine.outline import parts_counted

    sec = [SimpleNamespace(doc="r", path=("3. 주요 현안업무",), line_start=1),
           SimpleNamespace(doc="r", path=("3. 주요 현안업무", "3.1. 가 사업"), line_start=2),
           SimpleNamespace(doc="r", path=("3. 주요 현안업무", "3.2. 나 사업"), line_start=3)]
    data = SimpleNamespace(sections=sec, documents=[SimpleNamespace(doc="r", year=2026)])
    assert len(parts_counted("주요 현안업무 몇 개야?", data).parts) == 2
    assert parts_counted("주요 현안업무 중 AI 관련 몇 개야?", data) is None
    assert parts_counted("주요 현안업무 예산 얼마야?", data) is None


# ---- one row across two reports when one report's print slipped a letter ----

def test_a_slipped_first_consonant_of_a_long_label_is_the_same_row() -> None:
    from app.engine.execute import initial_slip

    assert initial_slip("세계스마트시티기구운영", "세계스마트시티지구운영")
    assert not initial_slip("정보격차해소사업국비잔액", "정보격차해소사업시비잔액")  # another vowel: another row
    assert not initial_slip("데이터기구", "데이터지구")  # too short to call a slip


def test_a_row_compared_across_reports_under_its_slipped_print(ask) -> None:  # noqa: ANN001
    text = ask("세계스마트시티기구 운영 예산현액 25년이랑 26년 비교해 봐")
    assert "1,935,719" in text and "1,922,517" in text, text


def test_where_a_plan_is_finalised_is_no_question_of_a_selection(ask) -> None:  # noqa: ANN001
    text = ask("디지털재난 기본계획은 어디서 확정해?")
    assert "스마트도시위원회" in text, text


def test_a_launch_asked_of_a_schedule_quotes_the_line_that_schedules_it(ask) -> None:  # noqa: ANN001
    text = ask("서울지갑 시민카드 통합 앱은 언제쯤 나와?")
    assert "'26.1 오픈예정" in text, text


# ---- two steps: the office that does a thing, said and pointed back at ----

def test_the_office_that_does_a_thing_then_its_figure(ask) -> None:  # noqa: ANN001
    text = ask("기록물 보존처리 복원하는 사업소 있잖아, 거기 정원 몇 명?")
    assert "서울기록원" in text and "24명" in text, text


# ---- a cue the asker never wrote: letters across a space ----

def test_a_cue_read_across_two_words_is_not_said() -> None:
    from app.engine.parse import _only_across_words, word_bounds

    text = "모바일 자격확인 대상"
    key = "모바일자격확인대상"
    assert _only_across_words(key, "일자", word_bounds(text))  # '모바일 자격': no '일자' (date) was written
    assert not _only_across_words("공포일자언제", "일자", word_bounds("공포 일자 언제"))
    assert not _only_across_words("몇월에", "몇월", word_bounds("몇 월에"))  # two whole words: said


def test_the_items_after_a_bracketed_label_are_counted(corpus_idx) -> None:  # noqa: ANN001
    from types import SimpleNamespace

    from app.engine.parse import parse
    from app.engine.quoted import count_listed
    from app.engine.vocab import vocabulary

    f = parse("체험 프로그램 대상 몇 가지야?", vocabulary(corpus_idx.data))
    cites = [SimpleNamespace(quote=" - (대상) 청소년, 65세이상 어르신, 장애인", n=1)]
    assert count_listed(f, cites) == "3가지입니다[1]: 청소년, 65세이상 어르신, 장애인."
    # items that state figures are no names to count
    assert count_listed(f, [SimpleNamespace(quote=" - (대상) 청소년 30명, 어르신 20명", n=1)]) is None


def test_a_verified_change_says_the_rate_its_row_prints(ask) -> None:  # noqa: ANN001
    text = ask("정보보안과 예산 작년보다 줄었지?")
    assert text.startswith("네") and "232,836천원(2.2%)" in text, text
