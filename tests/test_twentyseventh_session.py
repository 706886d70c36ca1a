"""The twenty-seventh session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations


# ---- a row's share of a printed table that has no total row ----

def test_a_rows_share_of_a_table_with_no_total_is_taken_against_the_sum_of_its_rows(ask) -> None:  # noqa: ANN001
    text = ask("AI 행정서비스 분야들 가운데 AI 약자와의 동행은 몇 퍼센트 차지해?")
    # 10 of 10 + 11 + 16 + 8 = 45; the sum is computed, said so, and every operand is cited
    assert "22.2%" in text and "45" in text and "합계가 없어" in text, text
    assert all(f"[{n}]" in text for n in (1, 2, 3, 4)), text


def test_a_share_in_a_table_with_a_printed_total_still_uses_the_total(ask) -> None:  # noqa: ANN001
    text = ask("2026년 세출총괄에서 정보통신과 예산현액이 차지하는 비중은?")
    assert "합계가 없어" not in text and "%" in text, text


# ---- a row named by its bracketed word and the words after the bracket ----

def test_a_row_named_by_its_bracketed_word_and_tail_links_to_the_row() -> None:
    from app.engine.link import link
    from app.engine.vocab import vocabulary
    from tests.test_answer import corpus_index

    vocab = vocabulary(corpus_index().data)
    linked = link("컨퍼런스룸 사용료 수입 26년 얼마야", vocab)
    rows = [e.text for lk in linked.links for e in lk.entries if e.kind == "row"]
    assert any("(컨퍼런스룸)" in r for r in rows), rows
    # the bracketed word alone is not the row: no words after it, nothing linked
    assert not [lk for lk in link("컨퍼런스룸 있어?", vocab).links if "row" in lk.kinds]


def test_two_revenue_rows_that_both_carry_the_units_name_are_summed(ask) -> None:  # noqa: ANN001
    text = ask("26년 서울기록원 세입 중에 컨퍼런스룸 사용료 수입이랑 공유재산 임대수입 더하면 얼마?")
    assert "89,058천원" in text and "7,211" in text and "81,847" in text, text


def test_a_word_followed_by_hago_is_not_mended_into_another_printed_word() -> None:
    from app.analyze import asking_words
    from app.engine.normalize import word_typos_fixed
    from app.engine.vocab import vocabulary
    from tests.test_answer import corpus_index

    vocab = vocabulary(corpus_index().data)
    # '수입하고' is 수입 + 하고 ('and'), not a slip of a printed word such as '투입하고'
    q = "2026년 주차 수입하고 대관료 수입 합치면?"
    fixed, changed = word_typos_fixed(q, vocab.corpus_key, vocab.in_corpus, list(vocab.entries), asking_words())
    assert not changed and fixed == q, fixed


# ---- a claimed change against the year before is a change, not two measures compared ----

def test_a_percent_rise_claimed_against_last_year_is_checked_against_the_printed_rate(ask) -> None:  # noqa: ANN001
    text = ask("데이터센터 26년 예산이 작년보다 15% 넘게 늘었다는데 맞아?")
    assert text.startswith("네") and "16.6%" in text, text
    text = ask("데이터센터 26년 예산이 작년보다 20% 넘게 늘었다는데 맞아?")
    assert text.startswith("아니요") and "16.6%" in text, text


# ---- chat abbreviations of a kind of row that stands under many units ----

def test_an_abbreviated_account_is_the_account_of_the_unit_named(ask) -> None:  # noqa: ANN001
    text = ask("정보통신과 특회 예산현액 얼마야")
    assert "7,680,484" in text and "43,298,294" not in text, text


def test_a_word_of_its_own_gets_no_abbreviation() -> None:
    from app.engine.vocab import vocabulary
    from tests.test_answer import corpus_index

    vocab = vocabulary(corpus_index().data)
    assert any(e.text == "특별회계" and e.is_initials for e in vocab.get("특회"))
    assert not any(e.is_initials for e in vocab.get("일회"))  # '일회' is 'one time', not 일반회계


# ---- an audit status the items never carry is counted as none, not read as a topic ----

def test_a_status_no_item_has_is_counted_zero_and_a_claim_of_it_is_denied(ask) -> None:  # noqa: ANN001
    text = ask("행감 처리결과에서 미반영으로 분류된 건 3건이라던데 맞나?")
    assert text.startswith("아니요") and "0건" in text and "41건" in text, text


# ---- the 지적 job series is no audit finding ----

def test_the_cadastral_job_series_is_counted_as_people_not_as_audit_items(ask) -> None:  # noqa: ANN001
    text = ask("공간정보과 지적직 인원은?")
    assert "11명" in text and "처리요구" not in text and "행정사무감사" not in text, text


# ---- a described project's answer must answer the measure asked ----

def test_a_budget_quoted_does_not_answer_what_was_spent() -> None:
    from app.answer import _spending_unanswered
    from app.compose import Composed

    budget = Composed(text="문서에 따르면 다음과 같습니다. - 사업예산 : 100백만원 [1]", citations=[], kind="extractive")
    assert _spending_unanswered("올해 얼마나 집행됐어?", budget)
    assert not _spending_unanswered("올해 예산 얼마야?", budget)
    spent = Composed(text="집행률은 50.0%입니다", citations=[], kind="extractive")
    assert not _spending_unanswered("올해 얼마나 집행됐어?", spent)


def test_a_count_of_other_things_does_not_answer_the_things_named() -> None:
    from types import SimpleNamespace

    from app.engine.described import counts_another_noun

    districts = [SimpleNamespace(quote="- 고속검색시스템 구축(5개 區) 및 성능보강")]
    assert counts_another_noun("AI 사업이 몇 개 들어가 있어?", districts)
    projects = [SimpleNamespace(quote="- AI행정 서비스 시정 적용 확대: 45개 사업 추진 중")]
    assert not counts_another_noun("AI 사업이 몇 개 들어가 있어?", projects)
    assert not counts_another_noun("그거 몇 개야?", districts)  # no noun counted is named


def test_a_cost_word_then_jung_is_no_share_asked() -> None:
    from app.analyze import analyze
    from app.vocab import vocab_for
    from tests.test_answer import corpus_index

    vocab = vocab_for(corpus_index().data)
    assert analyze("그 사업 사업비 중에 감리 예산은 얼마야?", vocab).wants == "money"
    assert analyze("감리 예산 비중은?", vocab).wants == "percent"


# ---- how well a budget is spent, ranked, is a rate ----

def test_the_unit_whose_spending_lags_most_is_ranked_by_its_rate(ask) -> None:  # noqa: ANN001
    text = ask("데이터센터 세부사업 가운데 원인행위 집행이 제일 저조한 건 뭐야?")
    assert "집행률" in text and "%" in text and text.count("가장 낮은") + text.count("제일 낮은") >= 1, text


# ---- English: a rate with the amounts it is of; a question of two reports read in each ----

def test_an_english_rate_shows_the_two_amounts_it_is_of(ask) -> None:  # noqa: ANN001
    text = ask("What is the execution rate of 디지털정책과 기본경비 as of March 31, 2026?")
    assert "25.7%" in text and "64,203" in text and "249,876" in text, text


def test_two_reports_named_one_after_the_other_ask_for_each_report() -> None:
    from app.compose import ASKS_EACH_REPORT

    # an English question's reading ('in the 2025 report and in the 2026 report') names the two without a conjunction
    assert ASKS_EACH_REPORT.search("공간정보과주요업무—2025년업무보고2026년업무보고?")
    assert ASKS_EACH_REPORT.search("공간정보과주요업무2025년보고서랑2026년보고서")
    assert not ASKS_EACH_REPORT.search("2025년업무보고기준공간정보과정원")


# ---- a share of a whole the question states, the part quoted ----

def test_a_share_of_a_whole_stated_in_the_question_is_computed_from_the_quoted_part(ask) -> None:  # noqa: ANN001
    text = ask("상반기 분석과제 55건 가운데 수요조사로 확정된 과제는 몇 퍼센트?")
    assert "50.9%" in text or text.startswith("문서에서"), text  # 28 of 55, or an honest refusal
    assert "49.1%" not in text, text


# ---- a rate the reports never print by name, spelt as its two measures ----

def test_a_staffing_rate_is_read_as_staff_over_authorized(ask) -> None:  # noqa: ANN001
    text = ask("데이터센터 충원율 몇 퍼센트야?")
    assert "%" in text and "현원" in text and "정원" in text and not text.startswith("문서에서"), text


def test_how_the_glossary_explains_a_term_is_a_definition_asked(ask) -> None:  # noqa: ANN001
    text = ask("용어 설명에서 '클라우드'는 어떻게 정의하고 있나요?")
    assert "용어 설명" in text and "[1]" in text and not text.startswith("문서에서"), text


# ---- a revenue row described ('… 팔아서 생기는 세입') ----

def test_a_revenue_row_described_as_worn_out_goods_sold_is_the_disposal_row(ask) -> None:  # noqa: ANN001
    text = ask("낡아서 안 쓰는 비품 팔아서 생기는 세입, 26년 예산 얼마야?")
    assert "불용품매각대금" in text and "2,000천원" in text, text


def test_people_mentioned_is_not_a_headcount_asked() -> None:
    from app.analyze import analyze
    from app.vocab import vocab_for
    from tests.test_answer import corpus_index

    vocab = vocab_for(corpus_index().data)
    assert analyze("사람인지 로봇인지 구별하는 방식을 뭐라고 해?", vocab).wants != "명"
    assert analyze("거기 다녀간 사람이 몇이야?", vocab).wants == "명"


def test_a_description_closed_by_you_know_is_split_there() -> None:
    from app.engine.described import split

    # Kiwi reads '있잖아' as 있 + 지 + 않 + 아: the description still ends before it
    got = split("시민들이 휴대폰으로 주차 자리 찾아보는 지도 서비스 있잖아, 작년에 몇 명이 썼어?")
    assert got is not None and got[0].endswith("지도 서비스") and got[1].startswith("작년에"), got


def test_a_terms_name_asked_is_not_answered_by_lines_of_several_entries(ask) -> None:  # noqa: ANN001
    text = ask("예약할 때 자동 프로그램인지 사람인지 가려내는 장치, 용어설명에선 뭐라고 불러?")
    assert text.startswith("문서에서") or text.count("■") <= 1, text


def test_a_change_rate_checked_shows_the_change_it_is_of(ask) -> None:  # noqa: ANN001
    text = ask("정보시스템과 26년 예산 작년보다 10% 넘게 늘었다던데 진짜야?")
    assert text.startswith(("네", "아니요")) and "증감액" in text and "증감률" in text, text


def test_a_cost_then_among_is_no_share_asked() -> None:
    from app.engine.parse import parse_question
    from tests.test_answer import corpus_index

    data = corpus_index().data
    assert parse_question("디지털 아카이브 사업비 중에 감리 예산은 얼마야?", data).op != "ratio"
    assert parse_question("디지털 아카이브 사업예산 중 감리 비중은?", data).op == "ratio"


def test_a_quoted_line_answers_what_its_bullet_says() -> None:
    from types import SimpleNamespace

    from app.engine.described import Described, answers_what_is_asked
    from tests.test_answer import corpus_index

    data = corpus_index().data
    doc = "seoul-digital-city-bureau-2025-02-work-report.txt"
    lines = data.lines(doc)
    n = next(i for i, x in enumerate(lines, 1) if x.strip().startswith("- 방문인원"))
    cite = SimpleNamespace(doc=doc, line_start=n, quote=lines[n - 1])
    found = Described(description="y", rest="추진실적에 방문객 몇 명이야?", title="x", doc=doc, passage="p")
    assert answers_what_is_asked(found, [cite], data)  # '(추진실적) …' is the bullet the line stands under
    other = Described(description="y", rest="목표 관람객 몇 명이야?", title="x", doc=doc, passage="p")
    assert not answers_what_is_asked(other, [cite], data)


def test_a_unit_described_by_its_work_then_asked_of_is_never_another_unit(ask) -> None:  # noqa: ANN001
    # (the unit is found from the passages' votes: refused when they do not settle, never another unit's teams)
    text = ask("시 기록물 수집해서 영구 보존하고 시민한테 전시도 하는 사업소, 그 안에 과는 뭐뭐 있어?")
    assert text.startswith("문서에서") or ("서울기록원" in text and "보존서비스과" in text), text


def test_the_unit_described_and_what_is_asked_of_it_are_split_at_its_kind() -> None:
    from app.answer import _BACK_TO_IT, _UNIT_HEAD

    q = "시 기록물 영구 보존하고 전시도 하는 사업소, 그 안에 과는 뭐뭐 있어?"
    m = _UNIT_HEAD.search(q)
    assert m is not None and q[:m.start()].endswith("하는 ")
    assert _BACK_TO_IT.sub("", q[m.end():]) == "과는 뭐뭐 있어?"
    assert _UNIT_HEAD.search("정보통신과 정원 몇 명?") is None  # a unit named, no description closed by a comma
