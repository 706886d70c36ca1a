"""How a request is worded ('…알려주시기 바랍니다', '제출하시기 바랍니다', '알려쥬세요', '… 파악을 위해', '사유', '물량') never decides what is
asked: the question is read for what it asks."""
from __future__ import annotations

from app.answer import answer
from tests.test_answer import corpus_index


def test_a_formal_request_for_the_unit_in_charge() -> None:
    a = answer("항공사진 촬영 및 관리는 어느 부서가 담당하는지 알려주시기 바랍니다.", index=corpus_index())
    assert "공간정보과" in a.text and not a.abstained, a.text


def test_a_request_ending_typed_with_a_slip_is_read_as_the_request() -> None:
    idx = corpus_index()
    right = answer("디지털 트윈이 뭔지 용어설명 기준으로 알려주세요", index=idx)
    assert not right.abstained, right.text
    for slipped in ("디지털 트윈이 뭔지 용어설명 기준으로 알려쥬세요", "디지털 트윈이 뭔지 용어설명 기준으로 알랴줘"):
        a = answer(slipped, index=idx)
        assert not a.abstained and a.text == right.text, a.text


def test_the_request_endings_as_printed_are_left_as_written() -> None:
    from app.engine.normalize import plain_request

    for q in ("예산 알려줘", "예산 알려줘요", "예산 알려주세요", "예산 알려주시겠어요"):
        assert plain_request(q) == q


def test_a_formal_request_to_submit_is_not_a_question_of_when() -> None:
    # '제출하시기 바랍니다' holds '시기' (when) too: it is read as '제출해 주세요'
    idx = corpus_index()
    a = answer("2026년 데이터센터 정원을 제출하시기 바랍니다.", index=idx)
    assert "67명" in a.text and not a.abstained, a.text


def test_a_purpose_clause_says_why_it_is_asked_not_what() -> None:
    from app.engine.pipeline import vocabulary, without_preamble

    idx = corpus_index()
    vocab = vocabulary(idx.data)
    asked = "데이터센터 2026년 정원을 알려주세요"
    # the clause's own words go when one is a word the reports never print ('부진')
    assert without_preamble("정보통신과의 집행 부진 원인 파악을 위해 데이터센터 2026년 정원을 알려주세요", vocab) \
        == "정보통신과의 데이터센터 2026년 정원을 알려주세요"
    # without a subject word before it, only '검토를 위해' goes; a purpose of the work itself stays
    assert without_preamble("예산 검토를 위해 " + asked, vocab) == "예산 " + asked
    assert without_preamble("디지털 격차 해소를 위해 추진하는 사업은?", vocab) == "디지털 격차 해소를 위해 추진하는 사업은?"
    a = answer("자료 작성을 위해 " + asked, index=idx)
    assert "67명" in a.text and not a.abstained, a.text


def test_asking_the_reason_by_either_word_is_the_same_question() -> None:
    idx = corpus_index()
    a = answer("정보통신과 CCTV 현황을 수기로 관리하는 이유는?", index=idx)
    b = answer("정보통신과 CCTV 현황을 수기로 관리하는 사유는?", index=idx)
    assert a.text == b.text and not b.abstained, b.text


def test_a_quantity_word_asks_the_count_not_a_thing_to_find() -> None:
    a = answer("2025년 공공와이파이 기기 신설 물량은 몇 대야?", index=corpus_index())
    assert "280대" in a.text and not a.abstained, a.text
