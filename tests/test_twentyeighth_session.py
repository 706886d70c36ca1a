"""The twenty-eighth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations


# ---- a job series named by what its people do ----

def test_a_job_series_described_by_its_work_is_read_as_its_breakdown_column(ask) -> None:  # noqa: ANN001
    text = ask("지번이랑 토지 경계 측량 맡는 직렬 공무원은 공간정보과에 몇 명 있어?")
    assert "11명" in text and "지적" in text, text
    text = ask("방송 장비나 무선 통신망 다루는 직렬은 정보보안과에 몇 명이야?")
    assert "14명" in text and "방송통신" in text, text


def test_a_description_with_one_word_of_a_series_names_no_series() -> None:
    from app.engine import understand
    from app.engine.series import described_series
    from tests.test_answer import corpus_index

    data = corpus_index().data
    q = "토지 관련 업무 보는 직원 몇 명이야?"  # one word of the cadastral series: too little to say which
    assert described_series(q, data, understand(q, data, [], None).frame) is None
    q = "지번 관리하고 땅 측량하는 직렬은 몇 명?"
    found = described_series(q, data, understand(q, data, [], None).frame)
    assert found is not None and found.column == "지적" and found.question.startswith("지적직"), found


def test_a_series_no_table_prints_is_never_read(monkeypatch) -> None:  # noqa: ANN001
    from app.engine import series
    from app.engine import understand
    from tests.test_answer import corpus_index

    data = corpus_index().data
    monkeypatch.setattr(series, "_printed_columns", lambda d: {"행정": "행정"})
    q = "지번 관리하고 땅 측량하는 직렬은 몇 명?"
    assert series.described_series(q, data, understand(q, data, [], None).frame) is None


def test_how_many_and_where_of_a_series_lists_its_units_with_the_sum(ask) -> None:  # noqa: ANN001
    text = ask("전문경력관은 국 전체에 몇 명이고 어느 과에 있어?")
    # 데이터전략과 2 + 공간정보과 4 + 서울기록원 1 = 7 (the 합계 row prints 7명)
    assert "데이터전략과 2명" in text and "공간정보과 4명" in text and "서울기록원 1명" in text, text
    assert "7명" in text and "2 + 4 + 1 = 7" in text, text


def test_the_cadastral_series_written_as_a_job_is_no_audit_question(ask) -> None:  # noqa: ANN001
    text = ask("지적직 인원은 몇 명이고 어디 과에 있어?")
    assert "행정사무감사" not in text, text


# ---- a described row under the label of the table that holds the measure asked ----

def test_a_described_row_takes_the_label_of_the_spending_table_for_a_rate(ask) -> None:  # noqa: ANN001
    # the row is printed as '장애인 정보통신보조기기 보급(데이터센터)' in a revenue table and as '정보취약계층 정보격차해소
    # (장애인 정보통신보조기기 보급)' in the spending table, which alone has an execution rate
    text = ask("시각 장애가 있는 분들께 정보통신 보조기기 나눠주는 사업, 올해 집행률 얼마야?")
    assert "0.0%" in text and "919,776" in text, text


def test_words_of_a_measure_written_apart_are_words_of_asking_not_of_the_row() -> None:
    from app.engine.described import _in_measure_cues

    words = "사무기기 보급하는 사업, 지금까지 계약 잡힌 비율은?".split()
    at = _in_measure_cues(words)
    assert {words.index("계약"), words.index("잡힌"), words.index("비율은?")} <= at, at
    assert words.index("사무기기") not in at


# ---- money coming in ----

def test_the_revenue_table_named_after_a_description_restricts_it_to_revenue_rows() -> None:
    from app.engine.described import money_in

    assert money_in("시 소유 건물 주차장 운영하는 거, 올해 세입 얼마야?")
    assert not money_in("시 소유 건물 주차장 운영하는 거, 올해 세입·세출 예산 얼마야?")
    assert not money_in("주차장 운영하는 사업 올해 예산 얼마야?")


def test_a_description_of_a_total_row_answers_the_total_not_a_row_under_it(ask) -> None:  # noqa: ANN001
    text = ask("시 건물 세 주고 받는 임대료 수입, 26년 얼마 들어와?")
    assert "7,970,130" in text, text


def test_unused_goods_sold_off_are_read_as_their_revenue_row(ask) -> None:  # noqa: ANN001
    text = ask("필요 없어진 물건 처분해서 생기는 돈, 2026년 세입 얼마야?")
    assert "2,000" in text and "불용품" in text, text


# ---- the bullet a described project's line stands under ----

def test_which_noun_of_one_letter_is_no_name_a_line_must_print() -> None:
    from app.engine.described import _which_noun

    assert _which_noun("어느 과에서 하는 거야?") == "과"  # (a unit of that kind must be named)
    assert _which_noun("어느 해에 끝나?") is None
    assert _which_noun("어느 시장에서 해?") == "시장"


def test_an_answer_accepted_by_its_parent_bullet_quotes_that_bullet_first() -> None:
    from app.compose import Composed
    from app.engine.cite import Cites
    from app.engine.described import Described, with_bullets_asked
    from tests.test_answer import corpus_index

    data = corpus_index().data
    doc = next(d.doc for d in data.documents if d.year == 2026)
    lines = data.lines(doc)
    child = next(i + 1 for i, x in enumerate(lines) if "편의·안전 정보" in x)
    cites = Cites(data)
    n = cites.text(doc, child)
    c = Composed(text=f"문서에 따르면 다음과 같습니다.\n- 편의·안전 정보 … [{n}]", citations=cites.build(), kind="extractive")
    found = Described("행사 지도", "어떤 행사 때 한 거야?", "스마트서울맵", doc, "x")
    out = with_bullets_asked(found, c, data)
    assert [x.line_start for x in out.citations] == [child - 1, child], out.citations
    assert out.text.index("[1]") < out.text.index("[2]") and "행사" in out.text.split("\n")[1], out.text


# ---- a glossary term named by what it does ----

def test_a_term_described_by_what_it_does_is_named_from_the_glossary(ask) -> None:  # noqa: ANN001
    text = ask("레이저 같은 빛 쏴서 반사돼 돌아오는 시간으로 위치 재는 기술, 용어설명엔 뭐라고 불러?")
    assert "라이다" in text, text
    text = ask("사이트 가입할 때 그림에 나온 숫자 쳐서 로봇 아닌 거 인증하는 방법, 보고서에서 뭐라고 불러?")
    assert "심플 캡차" in text, text


def test_a_term_defined_in_a_footnote_is_named_from_its_definition(ask) -> None:  # noqa: ANN001
    text = ask("사용자랑 기기 신원을 먼저 확인하고 허가된 시스템에만 접근시키는 보안 기술, 약자로 뭐라고 해?")
    assert "SDP" in text, text


def test_the_quoted_explanation_of_one_entry_is_named_when_its_name_is_asked(ask) -> None:  # noqa: ANN001
    text = ask("가상 저장 공간이나 가상화된 컴퓨터 시스템 자원을 제공하는 거 보고서에서 뭐라고 불러?")
    assert "클라우드" in text.split("\n")[0], text


def test_a_described_rows_reading_that_quotes_other_rows_is_no_answer() -> None:
    from app.answer import _prints_row
    from app.engine.described import DescribedRow

    found = DescribedRow("장애인 정보통신보조기기 보급", "q", 10.0, None, "", (),
                         ("정보취약계층 정보격차해소 (장애인 정보통신보조기기 보급)",))
    assert _prints_row("| 7-2-1) 정보취약계층 정보격차해소 (장애인 정보통신보조기기 보급) | 919,776 |", found)
    assert _prints_row("| 2-1-1-2) 장애인 정보통신보조기기 보급(데이터센터) | - | 459,888 |", found)
    assert not _prints_row("| 2-1-2) 지역균형발전특별회계보조금(균특) | 6,245,888 | 73.3% |", found)


# ---- a measure's cue with words between its parts ----

def test_a_commitment_rate_said_with_words_between_is_the_execution_rate() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.parse import find_metrics

    lex = lexicon()
    assert [m for _, m in find_metrics("정보통신과계약걸어둔비율얼마야", lex)] == ["exec_rate"]
    # a word of another measure between the parts: no commitment rate
    assert "exec_rate" not in [m for _, m in find_metrics("정보통신과계약대비지출비율얼마야", lex)]


def test_the_amount_committed_read_as_a_rate_is_the_rate_in_the_older_reader() -> None:
    from app.analyze import _COLUMN_PATTERNS

    cols = [name for name, p in _COLUMN_PATTERNS if p.search("급여관리시스템운영원인행위액비율")]
    assert "집행률" in cols and "원인행위액" not in cols, cols


# ---- a description closed by the subject of what is asked ----

def test_a_description_closed_by_a_subject_particle_before_the_question_word_is_split() -> None:
    from app.engine.described import split

    parts = split("동네 공짜 와이파이 고장 나면 고치러 다니는 팀이 챙기는 장비가 총 몇 대야?")
    assert parts is not None and parts[0].endswith("장비") and parts[1] == "총 몇 대야?", parts
    # a subject not followed by what is asked closes nothing
    assert split("동네 공짜 와이파이 고장 나면 고치러 다니는 팀이 챙기는 장비가 새로 바뀌었어?") is None


def test_a_count_of_bodies_described_must_be_quoted_from_a_line_that_names_them() -> None:
    from app.engine.described import Described, misses_the_head_counted
    from app.types import Citation

    found = Described("시 해킹 공격 대신 막아 주는 기관", "올해 몇 곳이야?", "t", "d", "p")
    other = Citation(n=1, doc="d", section="s", line_start=1, line_end=1, quote="- 현장점검 45개→50개")
    right = Citation(n=1, doc="d", section="s", line_start=2, line_end=2, quote="- 96개 기관 보안관제 확대")
    assert misses_the_head_counted(found, [other], "개")
    assert not misses_the_head_counted(found, [right], "개")
    assert not misses_the_head_counted(found, [other], "명")  # (people counted: the head says nothing of them)


# ---- later classes: rankings under a filter, audit shares, measures said in passing ----

def test_a_ranking_under_a_bound_on_another_measure_ranks_the_measure_named_last(ask) -> None:  # noqa: ANN001
    text = ask("정보통신과 세부사업 중 원인행위 집행률이 90% 넘는 사업 가운데 예산이 가장 작은 건?")
    assert "가운데" in text and "90%" in text and "예산현액이 가장 적은" in text, text


def test_the_share_of_all_audit_items_done_is_not_read_as_recommendations_only(ask) -> None:  # noqa: ANN001
    text = ask("행감 처리결과 총 건수 대비 추진완료된 건의 비중은 얼마야?")
    assert "41건" in text and "17건" in text and "41.5%" in text, text


def test_how_much_was_spent_asks_the_execution_not_the_budget() -> None:
    from app.engine.lexicon import lexicon
    from app.engine.parse import find_metrics

    assert [m for _, m in find_metrics("정보통신과올해얼마나썼어", lexicon())] == ["exec_rate"]


def test_a_measures_result_word_is_no_term_the_figure_must_print() -> None:
    from app.analyze import analyze
    from app.vocab import vocab_for
    from tests.test_answer import corpus_index

    a = analyze("정보통신과 지출 실적 얼마야?", vocab_for(corpus_index().data))
    assert "실적" not in a.key_terms, a.key_terms


def test_a_word_of_how_well_spent_is_no_unknown_word() -> None:
    from app.analyze import asking_words

    assert {"부진", "저조"} <= asking_words()


def test_units_with_people_of_a_series_counted_lists_them(ask) -> None:  # noqa: ANN001
    text = ask("직종별 현원에서 방송통신직 인원이 있는 과는 몇 곳이야?")
    assert "곳입니다" in text and "정보보안과 14명" in text, text


def test_a_unit_described_then_pointed_at_below_it_is_read(ask) -> None:  # noqa: ANN001
    from app.answer import _BACK_TO_IT

    assert _BACK_TO_IT.sub("", "거기 밑에 과가 뭐뭐야?") == "과가 뭐뭐야?"
    assert _BACK_TO_IT.sub("", "그 안에 팀은?") == "팀은?"


def test_two_acts_said_as_verbs_name_the_figures_printed_after_their_nouns() -> None:
    from app.engine.quoted import _question_words
    from app.engine.parse import parse
    from app.engine.vocab import vocabulary
    from tests.test_answer import corpus_index

    f = parse("작년에 와이파이 신설한 거랑 교체한 거 합치면 몇 대야?", vocabulary(corpus_index().data))
    words = _question_words(f)
    assert {"신설", "교체"} <= words, words


def test_a_reading_of_what_a_thing_holds_is_told_from_one_of_its_date_or_owner() -> None:
    from app.answer import _CONTENT_ASKED, _WHEN_OR_WHO

    assert _CONTENT_ASKED.search("거기에 어떤 정보 담았어?") and not _WHEN_OR_WHO.search("거기에 어떤 정보 담았어?")
    assert _WHEN_OR_WHO.search("날짜가 언제부터 언제까지예요?") and _WHEN_OR_WHO.search("어느 기관 담당이야?")


# ---- a described row asked under the kind of row it stands under ----

def test_a_word_naming_a_row_above_the_described_row_is_a_kind_not_a_lost_word() -> None:
    from app.engine.described import _names_row_above

    above = {"보조금", "국고보조금등", "지역균형발전특별회계보조금(균특)"}
    assert _names_row_above("국비로", above)  # (a gloss: 국고보조금)
    assert _names_row_above("보조금은", above)
    assert not _names_row_above("단가는", above)


def test_a_described_rows_subsidy_asked_by_its_kind_is_the_rows_figure(ask) -> None:  # noqa: ANN001
    text = ask("장애 있는 분들께 정보통신 보조기기 나눠주는 사업 있잖아, 거기로 들어오는 국비 보조금 26년에 얼마야?")
    # the row moved between two accounts: the figure (459,888) leads, the old row's '-' is the other reading
    assert "459,888" in text.split("\n")[0], text
