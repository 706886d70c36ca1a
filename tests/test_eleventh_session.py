"""The eleventh session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.answer import answer
from app.engine.vocab import vocabulary
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def test_two_measures_held_against_each_other_get_a_yes_or_no(idx) -> None:  # noqa: ANN001
    # no figure is claimed: the claim is only which of the two measures is larger
    a = answer("2026년 정보보안과 정원이 현원보다 많은 게 맞지?", index=idx)
    assert a.text.startswith("아니요") and "27명" in a.text and "같습니다" in a.text


def test_the_bureau_total_is_the_thing_when_nothing_else_is_named(idx) -> None:  # noqa: ANN001
    a = answer("2025년 국 전체 정원이 현원보다 많지?", index=idx)
    assert a.text.startswith("아니요") and "274명" in a.text


def test_two_job_columns_compared_with_boda_are_a_difference(idx) -> None:  # noqa: ANN001
    a = answer("2026년 정보보안과 전산직이 방송통신직보다 몇 명 많아?", index=idx)
    assert "9명 적습니다" in a.text and "5 − 14" in a.text


def test_a_slipped_ending_of_hada_is_no_unknown_name(idx) -> None:  # noqa: ANN001
    from app.analyze import slipped_hada
    from app.vocab import vocab_for

    a = answer("서울시 대표누리집 재해복구 구축 언제햐?", index=idx)
    assert "2026. 9. ~ 12." in a.text
    v = vocab_for(idx.data)
    assert slipped_hada("언제햐", v) and slipped_hada("운영하느지", v)
    assert not slipped_hada("메타버스센터", v)  # a name the reports never print stays unknown


def test_a_footnote_marker_brings_its_footnote() -> None:
    from app.compose import footnote_lines

    lines = ["- 도입 대상 장비(3종)* 확대", "", " ", "* 3종 장비 : 서버, 스토리지, 네트워크", "다음 제목"]
    assert footnote_lines(lines, 1) == [4]
    assert footnote_lines(["- **강조된 말** 입니다", "* 각주 아님"], 1) == []  # emphasis is no marker
    # a new paragraph between them: the footnote would have stood before it
    assert footnote_lines(["- 장비* 도입", "새 단락의 본문입니다", "* 장비 : 서버"], 1) == []


def test_an_answer_quoting_a_marked_line_shows_what_the_marker_stands_for(idx) -> None:  # noqa: ANN001
    a = answer("생활밀착형 정책으로 발굴한 통쾌한 한끼식당은 어떤 곳이야?", index=idx)
    assert "잡곡 25%" in a.text


def test_a_name_alone_replaces_its_parallel_in_the_last_question(idx) -> None:  # noqa: ANN001
    # two table rows that share '유지관리 위탁사업비 발생이자': the last question with the one part replaced
    a = answer("시도행정정보시스템 쪽은?", history=["우편모아시스템 유지관리 위탁사업비 발생이자 2026년 얼마야?"], index=idx)
    assert "1,397" in a.text


def test_a_parallel_name_needs_the_two_lines_to_print_it_in_the_same_place() -> None:
    from app.engine.conversation import _aligned

    assert _aligned("-가나다구축:2026.9.", ["가나다"], "-라마바확대구축:2026.10.", ["라마바", "확대"])
    assert not _aligned("|1-1)가나다보조금|", ["가나다"], "|1-2)라마바표준모델보조금|", ["라마바"])


def test_a_count_asked_after_a_table_figure_reads_the_subjects_passage(idx) -> None:  # noqa: ANN001
    a = answer("전환은 몇 대야?", history=["2026년 지능형 CCTV 사업 규모 얼마야?"], index=idx)
    assert "3,343대" in a.text


def test_a_sum_of_three_parts_said_in_words() -> None:
    from app.engine.parse import parse
    from app.engine.quoted import arithmetic

    cite = SimpleNamespace(n=1, quote="- 사업예산 : 600백만원(설계 100백만원/구축 300백만원/운영 190백만원)", value=None)
    f = parse("셋 더하면 얼마야?", vocabulary(corpus_index().data))
    said = arithmetic(f, [cite])
    assert said is not None and "590백만원" in said and "600백만원" in said  # the sum, and the whole printed beside it


def test_a_row_printed_above_the_described_one_is_no_rival_reading(idx) -> None:  # noqa: ANN001
    # '공유재산임대료' (the row it is printed under) also scores on '빌려주': the same reading, less precise
    a = answer("에스플렉스센터 행사장 빌려주고 받는 돈 2026년엔 얼마야?", index=idx)
    assert "341,748" in a.text


def test_seats_assigned_are_the_authorized_headcount(idx) -> None:  # noqa: ANN001
    a = answer("서울기록원 배정된 자리 수 몇 개야?", index=idx)
    assert "정원" in a.text and "24명" in a.text


def test_a_word_inside_a_project_title_asks_nothing(idx) -> None:  # noqa: ANN001
    # '변화' is a word of the title '기록환경 변화에 맞춘 …', not a question about a change
    a = answer("기록환경 변화에 맞춘 차세대 디지털 아카이브 운영 2028년 사업비 얼마야?", index=idx)
    assert "3,573" in a.text and "증가" not in a.text


def test_days_asked_are_a_schedule_but_a_word_holding_those_letters_is_not(idx) -> None:  # noqa: ANN001
    from app.analyze import analyze
    from app.vocab import vocab_for

    v = vocab_for(idx.data)
    assert analyze("서울 AI 페스타 며칠부터 며칠까지 했어?", v).intent == "schedule"
    assert analyze("모바일 자격확인 대상은 누구야?", v).intent != "schedule"  # '모바일자격' holds '일자'


def test_what_is_asked_tells_two_candidate_passages_apart() -> None:
    from app.engine.described import _discriminators

    assert _discriminators("2027년에는 돈 얼마 들어가?") == ["2027"]
    assert _discriminators("'27년엔 얼마야?") == ["2027"]
    assert "매년" in _discriminators("매년 얼마씩 해?")
    assert _discriminators("언제부터 해?") == []  # nothing that a passage must print


def test_a_section_number_with_hyphens_is_stripped_from_a_title() -> None:
    from app.engine.text import strip_numbering
    from app.vocab import strip_numbering as reader_strip

    for strip in (strip_numbering, reader_strip):
        assert strip("2-4. 정보보안 업무강화를 위한 조례 제정") == "정보보안 업무강화를 위한 조례 제정"
        assert strip("2-4.5억 원") == "2-4.5억 원"  # a figure is no outline number


def test_a_change_between_two_stated_numbers_is_computed_on_the_quoted_figures() -> None:
    from app.engine.quoted import stated_change

    cites = [SimpleNamespace(n=1, quote="- 예산조정 : (기존) 400백만원 → (변경) 250백만원", value=None)]
    said = stated_change("처음 400에서 나중 250이면 얼마 줄어든 거야?", cites)
    assert said is not None and "150백만원 감소" in said and "[1]" in said
    assert stated_change("처음 400에서 나중 300이면 얼마 줄어든 거야?", cites) is None  # 300 is printed nowhere
    assert stated_change("400이랑 250 중에 뭐가 맞아?", cites) is None  # no change asked


def test_bare_numbers_inside_a_figures_breakdown_take_its_unit() -> None:
    from app.engine.quoted import _figures

    figs = _figures([SimpleNamespace(n=1, quote="- 사업비 : 500백만원(설계 200, 구축 300)", value=None)])
    parts = [(q.raw, q.part_of) for q in figs if q.part_of]
    assert parts == [("200백만원", "500백만원"), ("300백만원", "500백만원")]


def test_a_share_names_the_part_written_before_the_share_word() -> None:
    from app.engine.parse import parse
    from app.engine.quoted import share

    f = parse("교육 예산 중 강사료 비중은?", vocabulary(corpus_index().data))
    cites = [SimpleNamespace(n=1, quote="- 사업예산 : 500백만원(교육 운영 380, 강사료 120)", value=None)]
    said = share(f, cites)  # '교육' is a word of the other part too; '강사료' stands before '비중'
    assert said is not None and "24.0%" in said


def test_a_rows_cell_in_a_column_named_as_the_measure(idx) -> None:  # noqa: ANN001
    a = answer("AI 업무방식 혁신 분야 개수는?", index=idx)
    assert "8개" in a.text and "2025" in a.text


def test_the_unit_that_does_it_is_the_unit_a_cited_row_is_printed_under(idx) -> None:  # noqa: ANN001
    history = ["열린데이터광장 운영 예산 2026년 얼마야?"]
    a = answer("그거 하는 과 현원은?", history=history, index=idx)
    assert "데이터전략과" in a.text and "31명" in a.text
    b = answer("그 과 전체 예산현액은?", history=history, index=idx)
    assert "11,777,671" in b.text  # the unit's whole, not the row asked before


def test_which_ones_of_a_counted_set_are_named_from_the_enumeration_near_the_quote(idx) -> None:  # noqa: ANN001
    a = answer("Which four bus terminals does the volunteer kiosk project run in?", index=idx)
    assert "동서울터미널" in a.text and "남부터미널" in a.text
    b = answer("키오스크 봉사하는 4대 버스터미널은 어디야?", index=idx)
    assert "센트럴시티터미널" in b.text
