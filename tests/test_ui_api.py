"""The chat UI adapter (app/ui.py): rendering, error messages, the query log, and the named `/ask` endpoint
end to end through `gradio_client` against the app launched on 127.0.0.1.

The first part uses a thin fake index and answer stream (so the adapter is tested on its own); the
`live_app` tests run the real answer layer over the `built_index` fixture (hash embedder).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from app import ui
from app.answer import QuestionError
from app.llm import LLMConfigError, LLMUnavailableError
from app.logstore import DB_NAME, LogStore
from app.types import Answer, Citation
from index.models import Document, Section, TableRecord
from tests.conftest import CORPUS, DOC_2025, DOC_2026
from tests.net import free_port

Q = "2026년 데이터센터 정원은?"
LINE_37 = "| 정원 | 274명 | 34명 | 30명 | 39명 | 27명 | 27명 | 26명 | 67명 | 24명 |"


# --- a thin fake of Index.data and stream_answer() -------------------------------------------------


def _rec(i: int, row: str, raw: str, dept: str | None, column: str = "정원", line: int = 37) -> TableRecord:
    """A headcount cell as the parser gives it: one row path per department, column 정원."""
    return TableRecord(f"r{i}", DOC_2026, 2026, "2026:1", "2026:t01", "디지털도시국 인력", (row,), column, raw,
                       float(raw.rstrip("명")), None, "명", "2026. 3. 31.", line, dept)


class FakeData:
    def __init__(self) -> None:
        self._lines = {p.name: p.read_text(encoding="utf-8").splitlines() for p in CORPUS.glob("*.txt")}
        self.documents = [
            Document(DOC_2026, "2026년 현안 업무보고", 2026, "2026. 3. 31.", "-", len(self._lines[DOC_2026])),
            Document(DOC_2025, "2025년 주요업무 보고", 2025, "2025. 1. 31.", "-", len(self._lines[DOC_2025])),
        ]
        self.sections = [
            Section("2026:1", DOC_2026, ("1. 일반현황",), "1. 일반현황", 1, None, 7, 60),
            Section("2026:3.1", DOC_2026, ("3. 주요 현안업무", "3.1. 데이터센터 운영"), "3.1. 데이터센터 운영", 2,
                    "데이터센터", 100, 120),
        ]
        self._records = [_rec(0, "계", "274명", None), _rec(1, "데이터센터", "67명", "데이터센터"),
                         _rec(2, "서울기록원", "24명", "서울기록원")]

    def lines(self, doc: str) -> list[str]:
        return self._lines[doc]

    def document(self, doc: str) -> Document:
        for d in self.documents:
            if d.doc == doc:
                return d
        raise KeyError(doc)

    def records(self, *, doc: str | None = None, **_: Any) -> list[TableRecord]:
        return [r for r in self._records if doc in (None, r.doc)]

    def all_records(self) -> list[TableRecord]:
        return list(self._records)


class FakeIndex:
    def __init__(self) -> None:
        self.data = FakeData()


CIT = Citation(1, DOC_2026, "1. 일반현황", 37, 37, LINE_37, "디지털도시국 인력", "데이터센터", "정원", "67명")
TEXT = "2026년 데이터센터 정원은 67명입니다 [1]."


def fake_stream(question: str, filters: dict[str, Any], *, mode: str | None = None,
                index: Any = None) -> Iterator[tuple[str, object]]:
    for piece in ("2026년 ", "데이터센터 ", "정원은 ", "67명입니다 [1]."):
        yield ("token", piece)
    yield ("answer", Answer(TEXT, [CIT], False, mode or "grounded", 12.5, question))


@pytest.fixture()
def data() -> FakeData:
    return FakeData()


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[LogStore]:
    s = LogStore(tmp_path / DB_NAME)
    yield s
    s.close()


# --- pure rendering --------------------------------------------------------------------------------


def test_citation_label_golden(data: FakeData) -> None:
    assert ui.citation_label(data, CIT.to_json()) == "[1] 2026년 현안 업무보고 · 37행 · 1. 일반현황 — 데이터센터 / 정원 = 67명"


def test_citation_label_line_range_and_text_source(data: FakeData) -> None:
    c = Citation(2, DOC_2025, "I. 일반현황 > 1. 조직", 10, 12, "x").to_json()
    assert ui.citation_label(data, c) == "[2] 2025년 주요업무 보고 · 10–12행 · 1. 조직"


def test_source_panel_highlights_the_cited_line_with_context(data: FakeData) -> None:
    h = ui.render_source(data, CIT.to_json(), context=2)
    assert h.count('class="src-line cited-line"') == 1
    assert '<div class="src-line cited-line" data-line="37"><span class="ln">37</span>' in h
    assert [int(x) for x in re.findall(r'data-line="(\d+)"', h)] == [35, 36, 37, 38, 39]
    assert "1. 일반현황" in h and DOC_2026 in h and "37행" in h


def test_source_panel_marks_the_cited_cell_of_the_printed_row(data: FakeData) -> None:
    h = ui.render_source(data, CIT.to_json())
    assert ('<table class="src-row"><tr><th>항목</th><th>계</th><th>데이터센터</th><th>서울기록원</th></tr>'
            '<tr><td>정원</td><td>274명</td><td class="cited-cell">67명</td><td>24명</td></tr></table>') in h
    assert "표: 디지털도시국 인력 · 단위: 명" in h


def test_row_cells_of_a_row_with_several_columns() -> None:
    recs = [_rec(0, "기본경비", "100명", None, "예산현액"), _rec(1, "기본경비", "46명", None, "집행액")]
    cit = {"row_path": "기본경비", "column": "집행액"}
    assert ui._row_cells(recs, cit) == ("구분", "기본경비", [("예산현액", "100명", False), ("집행액", "46명", True)])


def test_a_wide_row_is_cut_around_the_cited_cell() -> None:
    cells = [(f"c{i}", str(i), i == 7) for i in range(10)]
    assert ui._window(cells) == [("c0", "0", False), ("…", "…", False), ("c5", "5", False), ("c6", "6", False),
                                 ("c7", "7", True), ("c8", "8", False), ("c9", "9", False)]
    assert [h for h, _, _ in ui._window([(f"c{i}", "", i == 3) for i in range(10)])] == [
        "c0", "c1", "c2", "c3", "c4", "c5", "…"]
    assert ui._window(cells[:7]) == cells[:7]


def test_row_cells_of_mixed_rows_and_columns() -> None:
    recs = [_rec(0, "가", "1명", None, "x"), _rec(1, "나", "2명", None, "y")]
    assert ui._row_cells(recs, {"row_path": "나", "column": "y"}) == (
        "구분", "", [("가 · x", "1명", False), ("나 · y", "2명", True)])


def test_source_panel_escapes_html(data: FakeData) -> None:
    c = Citation(1, DOC_2026, "<b>섹션</b>", 37, 37, "q").to_json()
    assert "&lt;b&gt;섹션&lt;/b&gt;" in ui.render_source(data, c)


def test_empty_source_panel_says_how_to_open_a_source(data: FakeData) -> None:
    assert ui.MSG_NO_SOURCE in ui.render_source(data, None)


def test_filters_from_dropdowns() -> None:
    assert ui.parse_filters("all", "all") == {"doc": None, "year": None, "department": None}
    assert ui.parse_filters(f"doc:{DOC_2026}", "데이터센터") == {"doc": DOC_2026, "year": None, "department": "데이터센터"}
    assert ui.parse_filters("year:2025", None) == {"doc": None, "year": 2025, "department": None}


def test_filter_choices_come_from_the_index(data: FakeData) -> None:
    docs, depts = ui.filter_choices(data)
    assert docs == [("전체 문서", "all"), ("2026년 · 2026년 현안 업무보고", f"doc:{DOC_2026}"),
                    ("2025년 · 2025년 주요업무 보고", f"doc:{DOC_2025}")]
    assert depts == [("전체 부서", "all"), ("데이터센터", "데이터센터"), ("서울기록원", "서울기록원")]


def test_example_questions_are_filled_from_the_index(data: FakeData) -> None:
    assert ui.example_questions(data) == ["2026년 데이터센터 정원은?", "2026년 서울기록원 예산은 얼마인가요?",
                                          "데이터센터 주요 업무는?"]


def test_bad_example_template_names_the_setting(data: FakeData) -> None:
    with pytest.raises(ui.settings.SettingError, match="DCQA_UI_EXAMPLES.*{team}"):
        ui.example_questions(data, "{team} 인원은?")


def test_answer_message_shows_sources_mode_and_latency(data: FakeData) -> None:
    turn = ui._turn(Q, {}, Answer(TEXT, [CIT], False, "llm:gemma3-270m", 1234.0, Q), ["검증 통과"], None, 1)
    assert ui.answer_markdown(data, turn) == (
        "2026년 데이터센터 정원은 67명입니다 [1].\n\n"
        "**출처** (번호를 누르면 원문이 열립니다)\n\n"
        "[1] 2026년 현안 업무보고 · 37행 · 1. 일반현황 — 데이터센터 / 정원 = 67명\n\n"
        "ℹ️ 검증 통과\n\n"
        "<sub>답변 방식: LLM · gemma3-270m · 응답 시간 1.23초</sub>"
    )


def test_conversation_markdown_export_golden(data: FakeData) -> None:
    turns = [ui._turn(Q, {}, Answer(TEXT, [CIT], False, "grounded", 12.5, Q), [], None, 1),
             ui._turn("", {}, None, [], ui.MSG_EMPTY, None)]
    md = ui.conversation_markdown(data, turns, now=datetime(2026, 4, 1, 9, 30, tzinfo=timezone.utc))
    assert md == (
        "# 디지털도시국 업무보고 Q&A — 대화 기록\n\n"
        "내보낸 시각: 2026-04-01 09:30 UTC\n\n"
        "## 질문 1\n\n2026년 데이터센터 정원은?\n\n### 답변\n\n"
        "2026년 데이터센터 정원은 67명입니다 [1].\n\n"
        "### 출처\n\n"
        "- [1] 2026년 현안 업무보고 · 37행 · 1. 일반현황 — 데이터센터 / 정원 = 67명  \n"
        f"  `{DOC_2026}` 37행 · 1. 일반현황\n"
        f"  > {LINE_37}\n\n"
        "_답변 방식: 문서 근거 기반(grounded) · 응답 시간 0.01초_\n\n"
        "## 질문 2\n\n(빈 질문)\n\n### 답변\n\n⚠️ 질문을 입력해 주세요.\n"
    )


# --- errors become short Korean messages ----------------------------------------------------------


def test_empty_and_too_long_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ui.check_question("  \n") == "질문을 입력해 주세요."
    assert ui.check_question("정원은?") is None
    monkeypatch.setenv("DCQA_MAX_QUESTION_CHARS", "5")
    assert ui.check_question("가" * 6) == "질문이 너무 깁니다(6자). 5자 이내로 줄여 주세요."


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (QuestionError("질문이 비어 있습니다."), "질문이 비어 있습니다."),
        (type("IndexMissingError", (FileNotFoundError,), {})("no index at var/index"), ui.MSG_INDEX_MISSING),
        (type("IndexStaleError", (ValueError,), {})("corpus changed"), ui.MSG_INDEX_STALE),
        (KeyError("Traceback (most recent call last)"), ui.MSG_INTERNAL),
    ],
)
def test_errors_map_to_korean_messages(exc: Exception, message: str, store: LogStore) -> None:
    def failing(*a: Any, **k: Any) -> Iterator[tuple[str, object]]:
        raise exc
        yield  # pragma: no cover

    out = ui.Asker(FakeIndex(), store, failing).ask_json(Q)
    assert out == {"question": Q, "error": message}
    [row] = store.queries()
    assert (row.mode, row.answer, row.channel) == ("error", message, "api")


@pytest.mark.parametrize(
    ("exc", "note"),
    [
        (LLMUnavailableError("connection refused: http://127.0.0.1:8080/v1"),
         "LLM 서버에 연결할 수 없어 문서 근거 기반 답변으로 표시합니다."),
        (ConnectionRefusedError(111, "Connection refused"), "LLM 서버에 연결할 수 없어 문서 근거 기반 답변으로 표시합니다."),
        (LLMConfigError("DCQA_LLM_BASE_URL is empty"),
         "LLM 설정이 올바르지 않아 문서 근거 기반 답변으로 표시합니다. 관리자에게 알려 주세요."),
    ],
)
def test_llm_failure_falls_back_to_grounded_with_a_note(exc: Exception, note: str, store: LogStore) -> None:
    modes: list[str | None] = []

    def flaky(question: str, filters: dict[str, Any], *, mode: str | None = None,
              index: Any = None) -> Iterator[tuple[str, object]]:
        modes.append(mode)
        if mode != "grounded":
            yield ("token", "부분 ")
            raise exc
        yield from fake_stream(question, filters, mode=mode, index=index)

    tokens: list[str] = []
    ans, notes = ui.Asker(FakeIndex(), store, flaky).run(Q, {}, tokens.append, lambda: tokens.append("<reset>"))
    assert modes == [None, "grounded"]
    assert ans.mode == "grounded" and ans.text == TEXT
    assert notes == [note]
    assert tokens == ["부분 ", "<reset>", "2026년 ", "데이터센터 ", "정원은 ", "67명입니다 [1]."]


def test_answer_layer_notes_go_to_the_log_not_to_the_chat() -> None:
    grounded = Answer(TEXT, [CIT], False, "grounded", 1.0, Q, notes=["tables disagree"])
    assert ui.visible_notes(grounded, [], "grounded") == []
    assert ui.visible_notes(grounded, [], "llm") == [ui.MSG_LLM_FALLBACK]
    assert ui.visible_notes(grounded, [ui.MSG_LLM_DOWN], "llm") == [ui.MSG_LLM_DOWN]
    abstained = Answer("문서에서 해당 정보를 찾을 수 없습니다.", [], True, "grounded", 1.0, Q)
    assert ui.visible_notes(abstained, [], "llm") == []
    llm = Answer(TEXT, [CIT], False, "llm:gemma", 1.0, Q, notes=["tables disagree", "LLM 답변 검증 통과: 수치 1개, 근거 1개"])
    assert ui.visible_notes(llm, [], "llm") == ["LLM 답변 검증 통과: 수치 1개, 근거 1개"]


def test_llm_fallback_inside_the_answer_layer_gets_a_korean_note(store: LogStore,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCQA_MODE", "llm")

    def fell_back(question: str, filters: dict[str, Any], *, mode: str | None = None,
                  index: Any = None) -> Iterator[tuple[str, object]]:
        yield ("answer", Answer(TEXT, [CIT], False, "grounded", 3.0, question,
                                notes=["LLM path failed (LLMUnavailableError: refused); grounded answer shown."]))

    asker = ui.Asker(FakeIndex(), store, fell_back)
    ans, notes = asker.run(Q, {})
    assert notes == ["LLM 답변을 사용할 수 없어(서버 연결 실패 또는 수치 검증 실패) 문서 근거 기반 답변으로 표시합니다."]
    asker.log(Q, {}, ans, None, "ui", ans.latency_ms, notes)
    assert store.queries()[0].notes == [notes[0], "LLM path failed (LLMUnavailableError: refused); grounded answer shown."]


def test_ask_json_is_the_cli_contract_and_is_logged(store: LogStore) -> None:
    out = ui.Asker(FakeIndex(), store, fake_stream).ask_json(f"  {Q} ")
    assert out == Answer(TEXT, [CIT], False, "grounded", 12.5, Q).to_json()
    [row] = store.queries()
    assert (row.question, row.answer, row.mode, row.channel) == (Q, TEXT, "grounded", "api")
    assert row.citations == [CIT.to_json()]


def test_ask_json_empty_question_is_not_logged(store: LogStore) -> None:
    assert ui.Asker(FakeIndex(), store, fake_stream).ask_json("") == {"question": "", "error": "질문을 입력해 주세요."}
    assert store.queries() == []


# --- end to end through gradio_client ---------------------------------------------------------------


def test_ask_json_conversation_by_history_or_by_id(store: LogStore) -> None:
    """/ask follow-ups: earlier questions as `history`, or one `conversation` id the server remembers; both reach
    the answer layer as the conversation, and the log keeps the id."""
    seen: list[Any] = []

    def recording(question: str, filters: dict[str, Any], *, mode: str | None = None, index: Any = None,
                  history: Any = None) -> Iterator[tuple[str, object]]:
        seen.append([h if isinstance(h, str) else h["question"] for h in (history or [])])
        yield ("answer", Answer(TEXT, [CIT], False, "grounded", 1.0, question, resolved="2025년 데이터센터 정원은?"
                                if history else None))

    asker = ui.Asker(FakeIndex(), store, recording)
    out = asker.ask_json("그럼 작년엔?", history=["2026년 데이터센터 정원은?"])
    assert seen[-1] == ["2026년 데이터센터 정원은?"] and out["resolved"] == "2025년 데이터센터 정원은?"
    asker.ask_json("2026년 데이터센터 정원은?", conversation="c-1")
    out = asker.ask_json("그럼 작년엔?", conversation="c-1")
    assert seen[-1] == ["2026년 데이터센터 정원은?"] and out["conversation"] == "c-1"
    asker.ask_json("그럼 작년엔?", conversation="c-2")
    assert seen[-1] == []  # another conversation starts afresh
    assert [r.conversation for r in sorted(store.queries(), key=lambda r: r.id)] == [None, "c-1", "c-1", "c-2"]
    bad = asker.ask_json("그럼 작년엔?", history="2026년 데이터센터 정원은?")
    assert bad["error"] == "history는 이전 질문(문자열)들의 목록이어야 합니다."
    assert asker.ask_json("질문", conversation=["x"])["error"].startswith("conversation은")


def _serve(index: Any, store: LogStore, stream: Any = None) -> tuple[Any, str]:
    """Launch the app in this process on 127.0.0.1; returns (demo, url)."""
    demo = ui.build_app(index, store, stream=stream)
    _, url, _ = ui.launch(demo, "127.0.0.1", free_port(), prevent_thread_lock=True, quiet=True)
    return demo, url


def test_ask_endpoint_with_fake_answer_layer(store: LogStore) -> None:
    from gradio_client import Client

    demo, url = _serve(FakeIndex(), store, fake_stream)
    try:
        client = Client(url, verbose=False)
        assert client.predict(Q, api_name="/ask") == Answer(TEXT, [CIT], False, "grounded", 12.5, Q).to_json()
        assert client.predict("   ", api_name="/ask") == {"question": "   ", "error": "질문을 입력해 주세요."}
        assert [r.channel for r in store.queries()] == ["api"]
        conv = client.predict({"question": Q, "conversation": "c-9"}, api_name="/ask")  # a conversation turn
        assert conv["conversation"] == "c-9" and conv["answer"] == TEXT
        assert "question, history, conversation" in client.predict({"q": Q}, api_name="/ask")["error"]
    finally:
        demo.close()


@pytest.fixture(scope="module")
def live_app(built_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, LogStore]]:
    """The real app (real answer layer, hash-embedder index) on a free port, closed after the module."""
    from index.api import open_index

    with pytest.MonkeyPatch.context() as mp:  # module scope: the autouse isolated_env is not active yet
        mp.setenv("DCQA_EMBEDDER", "hash")
        mp.setenv("DCQA_LLM", "")
        store = LogStore(tmp_path_factory.mktemp("ui-data") / DB_NAME)
        demo, url = _serve(open_index(built_index), store)
        yield url, store
        demo.close()
        store.close()


def test_live_ask_headcount_with_citation_to_the_2026_report(live_app: tuple[str, LogStore]) -> None:
    from gradio_client import Client

    url, store = live_app
    out = Client(url, verbose=False).predict(Q, api_name="/ask")
    assert set(out) >= {"question", "answer", "abstained", "citations", "mode", "latency_ms"}
    assert "67" in out["answer"] and not out["abstained"]
    assert out["mode"] == "grounded"
    assert any(c["doc"] == DOC_2026 and "67" in c["quote"] for c in out["citations"])
    assert store.queries(limit=1)[0].question == Q


def test_live_empty_question_gets_the_korean_error(live_app: tuple[str, LogStore]) -> None:
    from gradio_client import Client

    url, _ = live_app
    assert Client(url, verbose=False).predict("", api_name="/ask") == {"question": "", "error": "질문을 입력해 주세요."}


# --- start-up -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("error", ["IndexMissingError", "IndexStaleError", "IndexMismatchError"])
def test_unusable_index_is_rebuilt_with_progress_then_opened(error: str, monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import index.api
    import index.build
    import index.search
    import index.store

    unusable = getattr(index.store, error, None) or getattr(index.search, error)

    monkeypatch.setenv("DCQA_INDEX_DIR", str(tmp_path / "idx"))
    opened: list[Path] = []
    built: list[tuple[Path, Path, bool, str]] = []

    def fake_open(index_dir: Path) -> str:
        opened.append(index_dir)
        if not built:
            raise unusable(f"no index at {index_dir}")
        return "the index"

    def fake_build(corpus_dir: Path, index_dir: Path, *, force: bool = False, progress: Any = None,
                   dense: str = "wait") -> Any:
        built.append((corpus_dir, index_dir, force, dense))
        for i in range(3):
            progress("embed", i, 2)
        return type("S", (), {"documents": 2, "sections": 164, "chunks": 209, "records": 2081, "seconds": 17.04})()

    monkeypatch.setattr(index.api, "open_index", fake_open)
    monkeypatch.setattr(index.build, "build_index", fake_build)
    assert ui.prepare_index() == "the index"
    assert opened == [tmp_path / "idx", tmp_path / "idx"]
    assert built == [(CORPUS, tmp_path / "idx", True, "background")]  # answers at once, embeddings follow
    out = capsys.readouterr().out
    assert "[색인 준비] 색인을 새로 만듭니다: no index at" in out
    assert "[색인 준비] embed: 2/2 (100%)" in out
    assert "[색인 준비] 완료: 문서 2개, 섹션 164개, 청크 209개, 표 수치 2,081개 (17.0초)" in out


def test_bad_setting_stops_start_up_with_a_message(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DCQA_UI_PORT", "칠천")
    assert ui.main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("설정 오류: DCQA_UI_PORT='칠천' is not valid for setting 'ui_port'")


def test_ui_settings_are_declared_and_documented() -> None:
    names = sorted(n for n in ui.settings.all_settings() if n.startswith("ui_")) + ["data_dir", "max_question_chars"]
    assert names == ["ui_concurrency", "ui_context_lines", "ui_download_ttl_s", "ui_examples", "ui_host",
                     "ui_max_request_kb", "ui_max_upload_mb", "ui_port", "ui_upload_types", "data_dir",
                     "max_question_chars"]
    doc = (CORPUS.parent / "docs" / "ui.md").read_text(encoding="utf-8")
    for n in names:
        assert f"`{n}` (`DCQA_{n.upper()}`)" in doc, f"setting {n} is not documented in docs/ui.md"
