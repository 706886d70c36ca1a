"""The twenty-fourth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations


# ---- a description may be a bare noun phrase closed by a comma ----

def test_a_bare_noun_phrase_closed_by_a_comma_is_a_description() -> None:
    from app.engine.described import split

    assert split("동네 공원 무료 무선 공유기, 올해 몇 대 새로 달아?") == ("동네 공원 무료 무선 공유기", "올해 몇 대 새로 달아?")


def test_a_comma_of_a_list_does_not_end_the_description() -> None:
    from app.engine.described import split

    found = split("큰 축제 날 화장실, 진료소, 통제 구역 알려주던 지도 서비스, 누가 만들었어?")
    assert found == ("큰 축제 날 화장실, 진료소, 통제 구역 알려주던 지도 서비스", "누가 만들었어?"), found


def test_a_bare_noun_phrase_that_names_no_thing_is_no_description() -> None:
    from app.engine.described import split

    assert split("정보통신과 기본경비 내역, 작년이랑 비교하면?") is None  # a row asked of, not a thing described


# ---- how far a thing goes is asked of any figure, not of money ----

def test_how_far_a_thing_goes_asks_a_figure_not_money() -> None:
    from app.analyze import analyze
    from app.answer import vocab_for
    from tests.test_answer import corpus_index

    vocab = vocab_for(corpus_index().data)
    assert analyze("원격 근무 요즘 얼마나 허용돼?", vocab).wants == "extent"
    assert analyze("백업 간격 얼마나 짧아진대?", vocab).wants in ("extent", "period")
    assert analyze("보안관제 예산 얼마나 늘려?", vocab).wants == "money"  # money named: an amount
    assert analyze("보안관제 얼마 들어?", vocab).wants == "money"


def test_a_figure_asked_is_answered_by_a_printed_figure(ask) -> None:  # noqa: ANN001
    text = ask("재택근무 얼마나 허용돼?")
    assert "주 1회" in text and "20%" in text, text


# ---- a security agent named by what it does (thesaurus: 탐지·대응 → EDR) ----

def test_detection_and_response_software_is_the_edr(ask) -> None:  # noqa: ANN001
    text = ask("탐지·대응 프로그램 설치 대수 몇 대까지 늘어나?")
    assert "13,610" in text, text


# ---- a project only some opinions name is read by its title, but last ----

def test_a_weakly_found_project_is_read_by_its_title_only_when_allowed(corpus_idx) -> None:  # noqa: ANN001
    from app.answer import _as_described
    from app.engine import understand
    from app.engine.described import Described

    title = "新개념 디지털 전용 공간 디지털동행플라자 운영 및 조성"
    passage = f"III. 주요 추진 업무 > 3. 누구나 누리는 디지털 일상 도시 구현 > 3-1. {title}"
    found = Described("노인분들 휴대폰 익히는 복합 공간", "지금 어디 어디 있어?", title,
                      "seoul-digital-city-bureau-2025-02-work-report.txt", passage, weak=True)
    q = "노인분들 휴대폰 익히는 복합 공간, 지금 어디 어디 있어?"
    frame = understand(q, corpus_idx.data, [], None).frame
    assert _as_described(q, frame, corpus_idx, None, found) is None  # the first readers do not take it
    u, c = _as_described(q, frame, corpus_idx, None, found, weak_ok=True)
    assert "영등포" in c.text and "은평" in c.text, c.text
    assert u.resolved  # the answer says how the question was read


# ---- a yes/no claim that holds an earlier year against a later one ----

def test_a_claim_of_an_earlier_year_against_a_later_one_is_read_backwards(ask) -> None:  # noqa: ANN001
    assert ask("디지털 아카이브 2027년 사업비가 2028년 사업비보다 많지?").startswith("아니요")
    assert ask("디지털 아카이브 2028년 사업비가 2027년 사업비보다 많지?").startswith("네")
    assert ask("정보보안과 기본경비 25년 것이 26년 것보다 많지?").startswith("네")  # 63,770 against 63,108


# ---- a measure's word in a table's title is no measure asked ----

def test_a_ranking_by_rate_in_the_expenditure_table_is_by_rate(ask) -> None:  # noqa: ANN001
    text = ask("2026 세출예산 집행현황에서 공간정보과 사업 중 원인행위 집행률 제일 높은 사업은?")
    assert "집행률이 가장 높은" in text and "%" in text.split("\n")[0], text


# ---- a share named by how a Hanja part is read ----

def test_the_citys_share_is_the_part_printed_in_hanja(ask) -> None:  # noqa: ANN001
    text = ask("스마트라이프위크 소요예산 중 시비가 차지하는 비율은?")
    assert "12.1%" in text and "87.9%" not in text, text


# ---- a grade asked is printed, or nothing is answered ----

def test_a_grade_no_table_prints_is_refused(ask) -> None:  # noqa: ANN001
    assert ask("정보통신과 6급 인원 몇 명?").startswith("문서에서 해당 정보를 찾을 수 없습니다")
    assert "명" in ask("정보통신과 근무 현원 알려줘")  # no grade asked: the unit's headcount


# ---- an English question naming a place the reports never print ----

def test_an_english_place_name_not_printed_is_refused(ask) -> None:  # noqa: ANN001
    assert ask("How many public Wi-Fi devices were installed in Mapo-gu?").startswith("문서에서 해당 정보를 찾을 수 없습니다")


# ---- quoted lines that print none of the terms the asker's words stand for ----

def test_quotes_of_another_thing_than_the_everyday_words_mean_are_no_answer(ask) -> None:  # noqa: ANN001
    text = ask("집에서 일하는 직원 얼마나 늘려?")
    assert "재택근무" in text and "20%" in text, text


# ---- a purpose phrase closed by '차원에서' ----

def test_a_purpose_phrase_ending_in_chawon_is_not_asked(ask) -> None:  # noqa: ANN001
    text = ask("예산 집행 점검 차원에서 공간정보과 기본경비 원인행위액 알려주세요.")
    assert "원인행위액" in text and "천원" in text, text


# ---- the rows of a table named by its header, counted ----

def test_the_rows_a_header_names_are_counted(ask) -> None:  # noqa: ANN001
    text = ask("AI 페스타 공간은 몇 개로 나뉘어 있어?")
    assert "6개" in text and "AI 아트워크존" in text, text


def test_no_everyday_phrase_of_the_thesaurus_holds_a_word_of_asking() -> None:
    from app.engine.lexicon import thesaurus

    asking = ("몇", "얼마", "언제", "어디", "누구")  # what is asked stays in the question ('와이파이 몇 대' is no term)
    held = [k for k in thesaurus() if any(w in k for w in asking)]
    assert held == [], held


# ---- two things held against each other, their figures quoted on two lines ----

def test_one_thing_held_against_another_is_their_difference(ask) -> None:  # noqa: ANN001
    text = ask("서울지갑 회원이 서울 시민카드 회원보다 몇 명 적어?")
    assert "22만명" in text and "적습니다" in text, text


def test_the_two_compared_are_joined_for_their_sides() -> None:
    from app.engine.quoted import _as_joined

    assert _as_joined("A앱 회원수가 B앱 회원수보다 얼마나 많아?") == "A앱 회원수랑 B앱 회원수 얼마나 많아?"
    assert _as_joined("2026년이 2025년보다 얼마나 많아?") == "2026년이 2025년보다 얼마나 많아?"  # years: another reader
