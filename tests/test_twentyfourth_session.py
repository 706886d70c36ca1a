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
