"""Tests of `app.answer` — and a small in-memory stand-in for `index.api.Index`, for the answering tests (owned by app/answer*).

`corpus_index()` parses the real corpus with the ingest's section and table parsers (no embeddings, no
files written) and searches with a deterministic term-overlap scorer. `tiny_index()` is fully hand-made.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.models import Chunk, Document, Section, TableRecord

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
DOC_2026 = "seoul-digital-city-bureau-2026-04-current-issues.txt"
DOC_2025 = "seoul-digital-city-bureau-2025-02-work-report.txt"


@dataclass
class FakeHit:
    chunk: Chunk
    score: float
    rank: int


@dataclass
class FakeData:
    documents: list[Document]
    sections: list[Section]
    chunks: list[Chunk]
    recs: list[TableRecord]
    doc_lines: dict[str, list[str]]
    dir: Path = REPO
    config: dict[str, Any] = field(default_factory=dict)

    def all_records(self) -> list[TableRecord]:
        return list(self.recs)

    def records_on_line(self, doc: str, line: int) -> list[TableRecord]:
        return [r for r in self.recs if r.doc == doc and r.line == line]

    def records(self, **kw: Any) -> list[TableRecord]:
        out = self.recs
        for k, v in kw.items():
            if v is not None:
                out = [r for r in out if getattr(r, k) == v]
        return list(out)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.section_id == section_id:
                return s
        raise KeyError(section_id)

    def document(self, doc: str) -> Document:
        return next(d for d in self.documents if d.doc == doc)

    def lines(self, doc: str) -> list[str]:
        return self.doc_lines[doc]

    def chunk(self, chunk_id: str) -> Chunk:
        return next(c for c in self.chunks if c.chunk_id == chunk_id)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


class FakeIndex:
    """`data` + `search()` with a term-overlap scorer over character bigrams (deterministic)."""

    def __init__(self, data: FakeData) -> None:
        self.data = data
        self._keys = [_key(c.search_text) for c in data.chunks]
        self._years = {d.doc: d.year for d in data.documents}
        self.calls: list[str] = []

    def search(self, query: str, k: int = 10, filters: Any = None, method: str = "hybrid") -> list[FakeHit]:
        self.calls.append(query)
        q = _key(query)
        grams = {q[i:i + 2] for i in range(len(q) - 1) if re.match(r"[가-힣A-Za-z0-9]{2}", q[i:i + 2])}
        scored = []
        for c, key in zip(self.data.chunks, self._keys):
            if isinstance(filters, dict) and filters.get("doc") and c.doc != filters["doc"]:
                continue
            if isinstance(filters, dict) and filters.get("year") and self._years.get(c.doc) != int(filters["year"]):
                continue
            s = sum(1 for g in grams if g in key) / (1 + len(key) / 2000)
            if s > 0:
                scored.append((s, c))
        scored.sort(key=lambda x: (-x[0], x[1].chunk_id))
        return [FakeHit(c, s, i + 1) for i, (s, c) in enumerate(scored[:k])]


def _read(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@lru_cache(maxsize=1)
def corpus_data() -> FakeData:
    """The real corpus parsed with index.sections / index.tables (no search files)."""
    from index.sections import build_sections, document_meta, line_owners
    from index.tables import parse_tables

    documents, sections, chunks, recs, doc_lines = [], [], [], [], {}
    for f in sorted(CORPUS.glob("*.txt")):
        raw = f.read_bytes()
        lines = _read(f)
        doc = document_meta(f.name, lines, hashlib.sha256(raw).hexdigest())
        key = str(doc.year)
        secs = build_sections(key, doc, lines)
        owners = line_owners(secs, len(lines))
        dt = parse_tables(key, doc, lines, secs, owners, set())
        documents.append(doc)
        sections.extend(secs)
        recs.extend(dt.records)
        doc_lines[f.name] = lines
        parents = {s.parent_id for s in secs}
        for s in secs:
            start = s.line_start
            end = s.line_end
            if s.section_id in parents:  # only the heading region before the first child
                kids = [c.line_start for c in secs if c.parent_id == s.section_id]
                end = min(kids) - 1 if kids else end
            for a in range(start, end + 1, 25):
                b = min(end, a + 24)
                body = "\n".join(lines[a - 1:b])
                if not body.strip():
                    continue
                chunks.append(Chunk(
                    chunk_id=f"{key}:{a}-{b}:text", doc=f.name, year=doc.year, section_id=s.section_id,
                    section_path=s.path, kind="text", line_start=a, line_end=b, text=body,
                    search_text=" > ".join(s.path) + "\n" + body, department=s.department,
                    lines=tuple(range(a, b + 1))))
    return FakeData(documents, sections, chunks, recs, doc_lines)


def corpus_index() -> FakeIndex:
    return FakeIndex(corpus_data())


def tiny_data() -> FakeData:
    """Three hand-made records and one section over the real 2026 file's lines."""
    lines = _read(CORPUS / DOC_2026)
    doc = Document(DOC_2026, "2026년 현안 업무보고", 2026, "2026. 3. 31.", "x", len(lines))
    sec = Section("2026:1", DOC_2026, ("1. 일반현황",), "1. 일반현황", 1, None, 9, 137)
    sec9 = Section("2026:3.9", DOC_2026, ("3. 주요 현안업무", "3.9. 디지털 재난 대비 재해복구시스템 확대"),
                   "3.9. 디지털 재난 대비 재해복구시스템 확대", 2, "데이터센터", 401, 427)

    def rec(i: int, row: tuple[str, ...], col: str, raw: str, unit: str, line: int, dept: str | None,
            table: str = "디지털도시국 인력", tid: str = "2026:t03") -> TableRecord:
        num = None if raw in ("순증", "순감", "-") else float(raw.replace(",", "").replace("명", "").replace("%", "").replace("△", "-"))
        return TableRecord(f"r{i}", DOC_2026, 2026, "2026:1", tid, table, row, col, raw, num, None, unit,
                           "2026. 3. 31.", line, dept)

    recs = [
        rec(1, ("데이터센터",), "정원", "67명", "명", 37, "데이터센터"),
        rec(2, ("데이터센터",), "현원", "65명", "명", 38, "데이터센터"),
        rec(3, ("정보통신과",), "2026 예산현액", "43,298,294", "천원", 115, "정보통신과", "세출총괄 부서별", "2026:t07"),
        rec(4, ("정보통신과",), "2025 최종예산", "52,926,546", "천원", 115, "정보통신과", "세출총괄 부서별", "2026:t07"),
        rec(5, ("정보통신과",), "증감액", "△9,628,252", "천원", 115, "정보통신과", "세출총괄 부서별", "2026:t07"),
    ]
    body = "\n".join(lines[400:427])
    chunk = Chunk("2026:401-427:text", DOC_2026, 2026, "2026:3.9", sec9.path, "text", 401, 427, body,
                  " > ".join(sec9.path) + "\n" + body, "데이터센터", None, tuple(range(401, 428)))
    return FakeData([doc], [sec, sec9], [chunk], recs, {DOC_2026: lines})


def tiny_index() -> FakeIndex:
    return FakeIndex(tiny_data())


# =====================================================================================================
# tests
# =====================================================================================================
import re as _re  # noqa: E402

import pytest  # noqa: E402

from app.answer import MAX_QUESTION_CHARS, QuestionError, answer, stream_answer  # noqa: E402
from app.types import ABSTAIN_TEXT  # noqa: E402

_NUM = _re.compile(r"△?\d[\d,]*(?:\.\d+)?")
_SKIP = [
    _re.compile(r"\[\d+\]"),  # markers
    _re.compile(r"\d{4}\s*\.\s*\d{1,2}\s*\.(?:\s*\d{1,2}\s*\.)?"),  # dates 2026. 3. 31.
    _re.compile(r"['’]\d{2}\s*\.\s*\d{1,2}\s*\.(?:\s*\d{1,2}\s*\.)?"),  # '25. 1.31.
    _re.compile(r"(?<![\d,.])(?:19|20)\d{2}(?![\d,])"),  # years, bare or with 년
    _re.compile(r"계산: [^\n]*"),  # checked separately
]


def ungrounded_numbers(text: str, quotes: list[str]) -> list[str]:
    """Numbers of an answer found in no cited quote (years, dates, markers and stated formulas aside)."""
    results = {r.lstrip("△") for r in _re.findall(r"= (△?[\d,]+(?:\.\d+)?)", text)}  # stated formula results
    for pat in _SKIP:
        text = pat.sub(" ", text)
    pool = " ".join(quotes)
    pool_nums = {n.lstrip("△") for n in _NUM.findall(pool)} | results
    return [n for n in _NUM.findall(text) if n.lstrip("△") not in pool_nums]


def formula_ok(text: str, quotes: list[str]) -> bool:
    """Every 'a − b = c' in the text has cited operands and the right result."""
    pool = " ".join(quotes)
    for a, b, c in _re.findall(r"(△?[\d,]+(?:\.\d+)?) − (△?[\d,]+(?:\.\d+)?) = (△?[\d,.]+)", text):
        val = lambda s: float(s.replace(",", "").replace("△", "-"))  # noqa: E731
        if a.lstrip("△") not in pool or b.lstrip("△") not in pool:
            return False
        if abs(val(a) - val(b) - val(c)) > 0.5:
            return False
    return True


def cited_lines(ans) -> set[tuple[str, int]]:  # noqa: ANN001
    return {(c.doc, n) for c in ans.citations for n in range(c.line_start, c.line_end + 1)}


# --- the acceptance example, on hand-made records ----------------------------------------------------
def test_acceptance_2026_datacenter_headcount_is_67_cited_at_line_37() -> None:
    ans = answer("2026년 데이터센터 정원은?", index=tiny_index())
    assert not ans.abstained and ans.mode == "grounded"
    assert "67명" in ans.text
    c = next(c for c in ans.citations if c.line_start == 37)
    assert c.doc == DOC_2026 and c.section == "1. 일반현황" and "67명" in c.quote
    assert c.table == "디지털도시국 인력" and c.column == "정원" and c.value == "67명"
    assert ans.text == "2026년 데이터센터의 정원은 67명[1]입니다 (2026. 3. 31. 기준)."


def test_answer_carries_question_and_latency() -> None:
    ans = answer("2026년 데이터센터 정원은?", index=tiny_index())
    assert ans.question == "2026년 데이터센터 정원은?" and ans.latency_ms > 0
    assert set(ans.to_json()) == {"question", "answer", "abstained", "citations", "mode", "latency_ms"}


@pytest.mark.parametrize("bad", ["", "   ", "가" * (MAX_QUESTION_CHARS + 1)])
def test_empty_or_too_long_question_is_a_question_error(bad: str) -> None:
    with pytest.raises(QuestionError) as e:
        answer(bad, index=tiny_index())
    assert "질문" in str(e.value)


def test_question_error_is_a_value_error() -> None:
    assert issubclass(QuestionError, ValueError)


def test_stream_yields_tokens_then_exactly_one_answer() -> None:
    events = list(stream_answer("2026년 데이터센터 정원은?", index=tiny_index()))
    assert [k for k, _ in events[:-1]] == ["token"] * (len(events) - 1)
    kind, ans = events[-1]
    assert kind == "answer" and "".join(v for _, v in events[:-1]) == ans.text


def test_llm_mode_without_backend_falls_back_to_grounded_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.llm as llm

    monkeypatch.setattr(llm, "get_backend", lambda *a, **k: None)
    ans = answer("2026년 데이터센터 정원은?", index=tiny_index(), mode="llm")
    assert ans.mode == "grounded" and "67명" in ans.text and ans.notes


def test_unknown_mode_is_rejected() -> None:
    with pytest.raises(ValueError, match="grounded"):
        answer("2026년 데이터센터 정원은?", index=tiny_index(), mode="magic")


def test_entity_absent_from_the_reports_is_refused() -> None:
    ans = answer("2026년 양자컴퓨팅 예산은?", index=tiny_index())
    assert ans.abstained and ans.text.startswith(ABSTAIN_TEXT) and ans.citations == []


# --- the lead's examples, on the real corpus parsed by the ingest's parsers --------------------------
@pytest.fixture(scope="module")
def corpus() -> FakeIndex:
    return corpus_index()


GOLDEN = [
    # question, figures that must appear, (doc, line) that must be cited
    ("2026년 데이터센터 정원은?", ["67명"], (DOC_2026, 37)),
    ("2026년 데이터센터 정원이랑 현원은?", ["67명", "65명"], (DOC_2026, 38)),
    ("2025년 데이터센터 정원과 현원은?", ["67", "69"], (DOC_2025, 32)),
    ("2025년 데이터전략과 기본경비", ["51,901"], (DOC_2025, 970)),
    ("정보통신과 예산이 작년보다 얼마나 줄었어?", ["43,298,294", "52,926,546", "△9,628,252"], (DOC_2026, 115)),
    ("엠보팅 예산 지출은 얼마나 됐어?", ["383,741", "439", "0.1%"], (DOC_2026, 546)),
    ("재해복구시스템 구축 일정은?", ["2026. 9. ~ 12."], (DOC_2026, 425)),
    ("2026 주차요금수입은?", ["404,751", "392,742"], (DOC_2026, 79)),
]


@pytest.mark.parametrize("question,figures,line", GOLDEN)
def test_golden_answers(corpus: FakeIndex, question: str, figures: list[str], line: tuple[str, int]) -> None:
    ans = answer(question, index=corpus)
    assert not ans.abstained, ans.text
    for f in figures:
        assert f in ans.text, (f, ans.text)
    assert line in cited_lines(ans), (line, ans.citations)


def test_change_shows_its_formula_with_cited_operands(corpus: FakeIndex) -> None:
    ans = answer("정보통신과 예산이 작년보다 얼마나 줄었어?", index=corpus)
    assert "43,298,294 − 52,926,546 = △9,628,252" in ans.text


def test_parking_revenue_disagreement_cites_both_tables(corpus: FakeIndex) -> None:
    ans = answer("2026 주차요금수입은?", index=corpus)
    assert "다르게" in ans.text
    assert {(DOC_2026, 79), (DOC_2026, 472)} <= cited_lines(ans)


def test_ambiguous_basic_expenses_answers_one_reading_and_lists_others(corpus: FakeIndex) -> None:
    ans = answer("기본경비 예산은?", index=corpus)
    assert not ans.abstained
    assert ans.text.startswith("2026년 디지털정책과 일반회계 기본경비의 예산현액은 249,876천원")
    assert "다른 항목:" in ans.text and "데이터전략과 일반회계 기본경비 51,701천원" in ans.text


def test_audit_status_of_the_double_booking_item(corpus: FakeIndex) -> None:
    ans = answer("행감에서 지적된 부정예약 건은 어떻게 됐어?", index=corpus)
    assert not ans.abstained and "추진완료" in ans.text
    assert (DOC_2025, 1073) in cited_lines(ans)


@pytest.mark.parametrize("question", [
    "2023년 디지털도시국 세출 최종예산은 얼마였어?",
    "디지털혁신과 정원은 몇 명이야?",
    "서울AI재단 이사장이 누구야?",
    "정보보안과 직원 평균 연봉이 얼마나 돼?",
    "강남구에 배정된 CCTV 보조금은 얼마야?",
])
def test_unanswerable_questions_are_refused_naming_close_sections(corpus: FakeIndex, question: str) -> None:
    ans = answer(question, index=corpus)
    assert ans.abstained and ans.text.startswith(ABSTAIN_TEXT), ans.text
    assert "가장 가까운 섹션:" in ans.text


SELF_CHECK = [q for q, _, _ in GOLDEN] + [
    "기본경비 예산은?", "2025년 1월 말 데이터센터 원인행위 집행률", "디지털정책과 현원이 정원보다 몇 명 많아?",
    "서울AI재단은 언제 출범했고 정원이 몇 명이야?", "노후 공공와이파이 몇 대 교체해?",
]


@pytest.mark.parametrize("question", SELF_CHECK)
def test_every_number_in_an_answer_is_in_a_cited_line_or_a_stated_formula(corpus: FakeIndex, question: str) -> None:
    ans = answer(question, index=corpus)
    quotes = [c.quote + " " + c.section for c in ans.citations]  # a cited section title is a source too
    assert ungrounded_numbers(ans.text, quotes) == [], ans.text
    assert formula_ok(ans.text, quotes), ans.text
    markers = {int(m) for m in _re.findall(r"\[(\d+)\]", ans.text)}
    assert markers <= {c.n for c in ans.citations}


# --- the same answers through the real ingest and retrieval (hash embedder, temp index) --------------
def test_acceptance_on_the_built_index(built_index: Path) -> None:
    from index.api import open_index

    idx = open_index(built_index)
    ans = answer("2026년 데이터센터 정원은?", index=idx)
    assert "67명" in ans.text and (DOC_2026, 37) in cited_lines(ans)
    c = next(c for c in ans.citations if c.line_start == 37)
    assert "67명" in c.quote and c.section
    change = answer("정보통신과 예산이 작년보다 얼마나 줄었어?", index=idx)
    assert "43,298,294 − 52,926,546 = △9,628,252" in change.text and (DOC_2026, 115) in cited_lines(change)
    sched = answer("재해복구시스템 구축 일정은?", index=idx)
    assert not sched.abstained and (DOC_2026, 425) in cited_lines(sched)
    refused = answer("2023년 디지털도시국 세출 최종예산은 얼마였어?", index=idx)
    assert refused.abstained and refused.text.startswith(ABSTAIN_TEXT)


def test_issue_schedule_of_another_year_is_refused(corpus: FakeIndex) -> None:
    """Pins a bug: a 2026 date question was answered with the 2025 report's schedule."""
    ans = answer("스마트라이프위크 2026은 언제 열려?", index=corpus)
    assert ans.abstained


def test_issue_misspelt_programme_name_is_answered(corpus: FakeIndex) -> None:
    """Pins a bug: '스마트라이프위크' (for 워크) was refused as an unknown word."""
    ans = answer("스마트라이프위크 2025는 언제 어디서 해?", index=corpus)
    assert not ans.abstained and "스마트라이프워크" in ans.text


def test_lowest_execution_rate_department(corpus: FakeIndex) -> None:
    ans = answer("2026년 3월 말 기준으로 집행률 제일 낮은 과가 어디야?", index=corpus)
    assert ans.text.startswith("2026년 세출총괄 부서별 기준 집행률이 가장 낮은 부서는 공간정보과(21.2%[1][2])")
    assert (DOC_2026, 118) in cited_lines(ans)


def test_issue_rate_reference_amount_is_carried_by_its_citation(corpus: FakeIndex) -> None:
    """Pins a bug: '참고로 지출액 3,162,564천원' was written but the citation's value/column lists left 지출액 out."""
    from app.verify import verify_answer

    ans = answer("정보시스템과 원인행위 집행률은?", index=corpus)
    assert "참고로 지출액 3,162,564천원" in ans.text, ans.text
    cell = next(c for c in ans.citations if c.value and "3,162,564" in c.value)
    assert "지출액" in (cell.column or "").split(", ")
    assert verify_answer(ans.text, ans.citations, ans.text).reasons == []


def test_max_question_chars_setting_bounds_the_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit is the setting max_question_chars (declared by app.answer or app.ui), not a constant."""
    from index import settings

    assert settings.all_settings()["max_question_chars"].default == MAX_QUESTION_CHARS
    monkeypatch.setenv("DCQA_MAX_QUESTION_CHARS", "5")
    with pytest.raises(QuestionError, match="5자 이내"):
        answer("가나다라마바", index=tiny_index())
    assert not answer("데이터센터", index=tiny_index()).text.startswith("질문")


class _BlindIndex:
    """The corpus index whose retrieval finds nothing (the passage was missed)."""

    def __init__(self, inner: FakeIndex) -> None:
        self.data = inner.data

    def search(self, query: str, k: int = 10, filters: Any = None, method: str = "hybrid") -> list[FakeHit]:
        return []


def test_issue_line_scan_answers_when_retrieval_misses_the_passage(corpus: FakeIndex) -> None:
    """Pins a bug: a line naming every key term (and its value on the sub-line) was refused because search missed it."""
    ans = answer("서울AI챗 쓰는 직원 몇 명이야?", index=_BlindIndex(corpus))
    assert not ans.abstained and "6,739명" in ans.text, ans.text
    assert (DOC_2026, 172) in cited_lines(ans)


def test_line_scan_keeps_the_year_rule(corpus: FakeIndex) -> None:
    """A line found by scanning whose value is dated by another year ('24년 … 32만명) does not answer 2025."""
    assert answer("2025년 서울톡 이용자 수는 몇 명이야?", index=_BlindIndex(corpus)).abstained
    assert answer("양자컴퓨팅 연구원 몇 명이야?", index=_BlindIndex(corpus)).abstained


def test_issue_summary_row_is_read_out_whole(corpus: FakeIndex) -> None:
    """Pins a bug: an audit summary row named without a column ('건의사항 처리 현황') was refused."""
    ans = answer("행감 건의사항 처리 현황 알려줘", index=corpus)
    head = ans.text.splitlines()[0]
    for figure in ("19건[1]", "추진중 14건[1]", "추진완료 3건[1]", "검토중 2건[1]"):
        assert figure in head, ans.text
    assert (DOC_2025, 1054) in cited_lines(ans)  # the 건의사항 row of the printed summary


def test_issue_heading_that_states_a_figure_is_evidence(corpus: FakeIndex) -> None:
    """Pins a bug: '□ 디지털도시국 조직 : 1국 6과 31팀 2사업소' is a section heading, so it was never quoted."""
    ans = answer("디지털도시국 조직 규모가 어떻게 돼?", index=corpus)
    assert not ans.abstained and "1국 6과 31팀 2사업소" in ans.text, ans.text
    assert (DOC_2026, 11) in cited_lines(ans)


def test_issue_page_question_keeps_the_glossary_page_line(corpus: FakeIndex) -> None:
    """Pins a bug: the glossary's '업무보고 p.33' line was always dropped, so '몇 페이지' could not be answered."""
    ans = answer("매크로 용어 설명은 업무보고 몇 페이지 거야?", index=corpus)
    assert "업무보고 p.33" in ans.text, ans.text
    assert "p.33" not in answer("매크로가 뭐야?", index=corpus).text


def test_issue_glossary_line_answers_a_question_about_one_property(corpus: FakeIndex) -> None:
    """Pins a bug: the glossary line '접속범위 : …' under '■ 와이파이' lost to a project line that named only 와이파이."""
    ans = answer("와이파이 접속범위가 어느 정도야?", index=corpus)
    assert not ans.abstained and "20~30미터" in ans.text, ans.text
    assert (DOC_2025, 1250) in cited_lines(ans)


def test_issue_each_of_two_items_gets_its_own_line_and_value(corpus: FakeIndex) -> None:
    """Pins a bug: 'A랑 B … 각각' quoted one line naming both items but holding neither's member count."""
    ans = answer("서울지갑과 서울시민카드 회원수는 각각 몇 명이야?", index=corpus)
    assert not ans.abstained and "12만명" in ans.text and "34만명" in ans.text, ans.text
    assert cited_lines(ans) == {(DOC_2025, 737), (DOC_2025, 738)}


def test_issue_count_question_prefers_the_line_that_prints_the_count_over_a_listing(corpus: FakeIndex) -> None:
    """Pins a bug: '몇 곳/몇 개' quoted a listing line ('· A · B') and lost the line '관할기관(61개)'."""
    ans = answer("서울기록원 관할기관은 몇 개야?", index=corpus)
    assert not ans.abstained and "관할기관(61개)" in ans.text, ans.text
    assert (DOC_2025, 702) in cited_lines(ans)


def test_issue_two_columns_of_one_row_are_both_answered_and_cited(corpus: FakeIndex) -> None:
    """Pins a bug: '완료랑 추진 중이 각각 몇 건' needs two cells of one row; the lookup matched one cell per row."""
    ans = answer("행감 조치 현황에서 완료와 추진 중은 각각 몇 건이야?", index=corpus)
    assert "추진완료 17건[1]" in ans.text and "추진중 22건[1]" in ans.text, ans.text
    # the 계 row, and the sentence above the table that states its total (총 41건) where the answer states it
    assert (DOC_2025, 1052) in cited_lines(ans) and cited_lines(ans) <= {(DOC_2025, 1052), (DOC_2025, 1048)}
    named = answer("건의사항 완료랑 추진 중이 각각 몇 건이야?", index=corpus)
    assert "추진완료 3건[1]" in named.text and "추진중 14건[1]" in named.text, named.text
    assert cited_lines(named) == {(DOC_2025, 1054)}


def test_columns_of_a_row_in_another_unit_do_not_answer_a_count_of_cases(corpus: FakeIndex) -> None:
    """'몇 건' is not answered by the headcount cells '행정 58명', '지적 11명' of a staff table."""
    ans = answer("2025년 행정사무감사 지적사항은 몇 건이었어?", index=corpus)
    assert ans.abstained, ans.text
