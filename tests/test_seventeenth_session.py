"""The seventeenth session's mechanisms. Every example is this file's own (none from an eval set)."""
from __future__ import annotations

from app.types import ABSTAIN_TEXT


def _ask(idx, question: str) -> str:  # noqa: ANN001
    from app.answer import answer

    return answer(question, index=idx).text


# ---- a table row named by what it is ----

def test_a_date_or_a_measures_stem_after_a_description_is_asked_not_described() -> None:
    from app.analyze import asking_words
    from app.engine.described import _ASKING_NOUNS, _asks
    from app.engine.text import compact

    asked = asking_words() | frozenset(compact(w) for w in _ASKING_NOUNS)
    assert _asks("집행", asked)  # the start of 집행액 / 집행률
    assert _asks("1월", asked) and _asks("말", asked, "1월")  # '1월 말 기준'
    assert not _asks("말", asked, "사업")
    assert not _asks("단가는", asked)  # a thing of its own: the row would not explain it


def test_a_label_that_names_another_in_brackets_is_one_reading() -> None:
    from app.engine.described import _same_row

    assert _same_row("정보취약계층정보격차해소(장애인정보통신보조기기보급)", "장애인정보통신보조기기보급(데이터센터)")
    assert _same_row("불용품매각대금", "불용품매각대금(데이터센터)")
    assert not _same_row("서울기록원시설(컨퍼런스룸)사용료수입", "서울기록원공유재산임대수입")
    assert not _same_row("에스플렉스센터운영수입(대관료)", "데이터센터운영수입")  # a unit in brackets names no row


def test_described_rows_with_a_measure_said_after_them(corpus_idx) -> None:  # noqa: ANN001
    # the subsidy row of the 2025 revenue table, described; '국비로 받는 돈' asks money coming in
    assert "459,888" in _ask(corpus_idx, "2025년에 장애가 있는 분들께 정보통신 보조기기 보급하는 데 국비로 받는 돈 얼마야?")
    # '1월 말 기준' and '원인행위' are what is asked of the survey's row, not words it must explain
    text = _ask(corpus_idx, "시민 생활상 묻는 큰 설문조사, 2025년 1월 말 기준 원인행위 얼마 했어?")
    assert "332,690" in text and "서울서베이" in text


def test_a_row_that_explains_more_of_the_description_than_each_close_row_leads() -> None:
    from app.engine.described import _concepts, _found_concepts, content_words

    concepts = _concepts(content_words("서울기록원 컨퍼런스룸 사용료 수입"), frozenset({"얼마"}))
    a = _found_concepts(concepts, ["서울기록원", "시설", "컨퍼런스룸", "사용료", "수입"])
    b = _found_concepts(concepts, ["서울기록원", "공유", "재산", "임대", "수입"])
    assert b < a  # every word B explains, A explains too, and more


# ---- this year of a plan an earlier report makes ----

def test_this_year_is_written_as_a_year() -> None:
    from app.engine.normalize import as_year

    assert as_year("플라자 올해 몇 곳 더 생겨?", 2025) == "플라자 2025년 몇 곳 더 생겨?"
    assert as_year("플라자 올해는 몇 곳?", 2025) == "플라자 2025년은 몇 곳?"
    assert as_year("플라자올해몇곳", 2025) == "플라자 2025년 몇곳"
    assert as_year("올해랑 2024년 비교해줘", 2025) is None  # a year in figures as well
    assert as_year("그 항목에 해당해?", 2025) is None  # '당해' inside '해당해' is no year
    assert as_year("예산 얼마야?", 2025) is None


def test_this_year_of_an_earlier_reports_plan_is_answered_and_says_the_year(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "AI 페스타 올해는 며칠에 열려?")
    assert "2025년" in text and "3. 8." in text
    # a year in figures that no report plans is still refused
    assert _ask(corpus_idx, "AI 페스타 2027년은 며칠에 열려?").startswith(ABSTAIN_TEXT)


# ---- a report named by its title ----

def test_a_report_named_by_its_title_without_a_year(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.vocab import vocabulary

    titles = vocabulary(corpus_idx.data).report_titles
    assert titles.get("주요업무보고") == 2025 and titles.get("현안업무보고") == 2026
    assert "28명" in _ask(corpus_idx, "주요 업무보고에서 정보통신과 현원 몇 명?")
    assert "29명" in _ask(corpus_idx, "현안 업무보고 기준 정보통신과 현원?")


# ---- the bureau's own row when no department is named ----

def test_a_label_printed_under_each_department_is_the_bureaus_when_none_is_named(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "2025년 특별회계 원인행위 집행률은?")
    assert "14.6%" in text and "디지털정책과" not in text.split("다른 항목")[0]
    assert "0.0%" in _ask(corpus_idx, "2025년 디지털정책과 특별회계 원인행위 집행률은?")


# ---- yes/no ----

def test_a_rate_checked_shows_the_amounts_it_is_of(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "2025년 엠보팅 서비스 운영 원인행위 집행률 97% 맞지?")
    assert text.startswith("네") and "158,000" in text and "162,906" in text


def test_which_time_an_event_is_held_is_checked_against_the_printed_ordinal(corpus_idx) -> None:  # noqa: ANN001
    assert _ask(corpus_idx, "서울 스마트도시 상 시상식이 이번에 4회째야?").startswith("아니요")
    assert _ask(corpus_idx, "서울 스마트도시 상 시상식 제3회 맞나요?").startswith("네")


# ---- a council aide's closing judgement ----

def test_a_closing_rhetorical_question_is_not_what_is_asked(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.pipeline import without_preamble

    assert without_preamble("데이터센터 현원은 몇 명입니까? 너무 많은 것 아닙니까?") == "데이터센터 현원은 몇 명입니까?"
    assert without_preamble("정원은 몇 명입니까? 67명 아닙니까?").endswith("67명 아닙니까?")  # a figure to check stays
    text = _ask(corpus_idx, "2026년 엠보팅 서비스 집행률은 얼마입니까? 집행 실적 저조 아닙니까?")
    assert not text.startswith(ABSTAIN_TEXT)


# ---- English ----

def test_an_english_measure_the_reports_never_print_is_refused(corpus_idx) -> None:  # noqa: ANN001
    from app.engine.lexicon import lexicon
    from app.engine.normalize import unread_measure

    lex = lexicon()
    assert unread_measure("What is the pension contribution of the Data Center?", lex, lambda w: False) == \
        "pension contribution"
    assert unread_measure("What is the budget of the Data Center?", lex, lambda w: False) is None
    assert unread_measure("How much is budgeted for the Data Center?", lex, lambda w: False) is None
    assert _ask(corpus_idx, "What is the pension contribution of the Data Center?").startswith(ABSTAIN_TEXT)


# ---- nouns of a question typed without spaces ----

def test_a_counter_typed_without_spaces_opens_no_noun() -> None:
    from app.analyze import content_nouns

    nouns = content_nouns("동행플라자몇개소추가해")
    assert not any(n.startswith("소") for n in nouns)


def test_an_english_count_of_teams_names_them(corpus_idx) -> None:  # noqa: ANN001
    text = _ask(corpus_idx, "What teams does the Information Security Division have?")
    assert "5" in text and "개인정보보호팀" in text
