"""Gradio chat UI for staff: streamed answers, numbered sources that open the cited line, feedback, log.

A thin adapter: it validates input, calls `app.answer.stream_answer()`, renders the `Answer` and its
citations, and writes the query log (`app.logstore`). No retrieval or answering logic lives here.

`python -m app [--host H] [--port P]` → `main()`: validate settings, build the index if missing or
stale (progress on the console), load it once, then serve the UI with a request queue.
"""
from __future__ import annotations

import html
import logging
import os
import re
import sys
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no network calls from the UI process

import gradio as gr  # noqa: E402

from app import audit, auth, inputs, limits, private, ui_upload
from app.answer import QuestionError, stream_answer, warm_caches
from app.guard import OneLineParser
from app.llm import LLMConfigError, LLMUnavailableError
from app.logstore import LogStore
from app.pii import install_log_masking, mask
from app.types import Answer
from index import settings

log = logging.getLogger(__name__)

settings.declare("ui_host", "127.0.0.1", "Host/interface the chat UI listens on (`python -m app --host`).")
settings.declare("ui_port", 7860, "Port of the chat UI (`python -m app --port`).", settings.int_in(1, 65535))
if "max_question_chars" not in settings.all_settings():  # the answer layer may declare it first
    settings.declare("max_question_chars", 2000, "Longest question (characters) the UI and /ask accept.")
settings.declare("ui_concurrency", 2, "Questions answered at the same time; further requests wait in the queue.",
                 settings.int_in(1, 64))
settings.declare("ui_context_lines", 4, "Original lines shown above and below the cited line(s) in the source panel.",
                 settings.int_in(0, 100))
settings.declare(
    "ui_examples",
    "{year}년 {department} 정원은?|{year}년 {department2} 예산은 얼마인가요?|{department} 주요 업무는?",
    "Example questions for first-time users, '|'-separated; {year}, {department}, {department2} are filled "
    "from the index (latest report year, first departments found).",
)

ASSETS = Path(__file__).resolve().parent / "ui_assets"
TITLE = "디지털도시국 업무보고 Q&A"
ALL = "all"  # filter value meaning "no filter"

# Short Korean messages shown in the chat instead of a traceback.
MSG_EMPTY = "질문을 입력해 주세요."
MSG_TOO_LONG = "질문이 너무 깁니다({n:,}자). {limit:,}자 이내로 줄여 주세요."
MSG_INDEX_MISSING = "문서 색인을 찾을 수 없습니다. 관리자에게 `python ingest.py` 실행을 요청해 주세요."
MSG_INDEX_STALE = "문서 색인이 최신 문서와 맞지 않습니다. 관리자에게 `python ingest.py` 실행을 요청해 주세요."
MSG_LLM_DOWN = "LLM 서버에 연결할 수 없어 문서 근거 기반 답변으로 표시합니다."
MSG_LLM_CONFIG = "LLM 설정이 올바르지 않아 문서 근거 기반 답변으로 표시합니다. 관리자에게 알려 주세요."
MSG_LLM_FALLBACK = "LLM 답변을 사용할 수 없어(서버 연결 실패 또는 수치 검증 실패) 문서 근거 기반 답변으로 표시합니다."
MSG_INTERNAL = "답변 중 오류가 발생했습니다. 잠시 후 다시 시도해 주세요. 계속되면 관리자에게 알려 주세요."
MSG_NO_SOURCE = "답변 아래의 출처 번호를 누르면 원문(섹션 경로와 인용된 행)이 여기에 표시됩니다."
MSG_NO_FEEDBACK_TARGET = "피드백을 남길 답변이 없습니다. 먼저 질문해 주세요."

StreamFn = Callable[..., Iterator[tuple[str, object]]]


# --- errors ------------------------------------------------------------------------------------------


class UserError(Exception):
    """A request the UI answers with a short Korean message instead of an answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_question(question: Any) -> str | None:
    """The Korean error for a question that cannot be asked (not text, empty, too long, invalid characters), or
    None when it may be asked (app.inputs normalises it)."""
    limit = inputs.max_question_chars()
    if isinstance(question, str) and len(question) > 4 * limit + 1000:
        return MSG_TOO_LONG.format(n=len(question), limit=limit)
    if question is None or isinstance(question, str):
        q = inputs.remove_invisible(question or "").strip()
        if not q:
            return MSG_EMPTY
        if len(q) > limit:
            return MSG_TOO_LONG.format(n=len(q), limit=limit)
    try:
        inputs.check_question(question)
    except QuestionError as e:
        return str(e)
    return None


def _class_names(exc: BaseException) -> set[str]:
    """Names of the exception's classes, so domain errors are recognised without importing their modules."""
    return {c.__name__ for c in type(exc).__mro__}


def llm_fallback_note(exc: BaseException) -> str | None:
    """The note for a grounded fallback when the LLM backend failed, or None for any other error."""
    if isinstance(exc, LLMConfigError):
        return MSG_LLM_CONFIG
    if isinstance(exc, (LLMUnavailableError, ConnectionError, TimeoutError)):
        return MSG_LLM_DOWN
    if _class_names(exc) & {"APIConnectionError", "APITimeoutError", "ConnectError", "ConnectTimeout"}:
        return MSG_LLM_DOWN  # raised by HTTP client libraries under an OpenAI-compatible backend
    return None


def user_message(exc: BaseException) -> str:
    """The short Korean chat message for an exception raised while answering."""
    names = _class_names(exc)
    if isinstance(exc, QuestionError):  # its message is Korean, written for users
        return str(exc).strip() or MSG_EMPTY
    if "IndexMissingError" in names:
        return MSG_INDEX_MISSING
    if names & {"IndexStaleError", "IndexMismatchError"}:
        return MSG_INDEX_STALE
    return MSG_INTERNAL


# --- filters and labels ------------------------------------------------------------------------------


def filter_choices(data: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Dropdown choices (label, value) for document/year and for department, derived from the index."""
    docs = sorted(data.documents, key=lambda d: (-d.year, d.doc))
    doc_choices: list[tuple[str, str]] = [("전체 문서", ALL)]
    years = sorted({d.year for d in docs}, reverse=True)
    for year in years:
        in_year = [d for d in docs if d.year == year]
        if len(in_year) > 1:
            doc_choices.append((f"{year}년 전체", f"year:{year}"))
        for d in in_year:
            doc_choices.append((f"{year}년 · {d.title}", f"doc:{d.doc}"))
    depts: dict[str, None] = {}
    for s in data.sections:
        if s.department:
            depts.setdefault(s.department, None)
    for r in data.all_records():
        if r.department:
            depts.setdefault(r.department, None)
    dept_choices = [("전체 부서", ALL)] + [(d, d) for d in depts]
    return doc_choices, dept_choices


def parse_filters(doc_choice: str | None, dept_choice: str | None) -> dict[str, Any]:
    """The answer layer's filters dict from the two dropdown values."""
    filters: dict[str, Any] = {"doc": None, "year": None, "department": None}
    if doc_choice and doc_choice != ALL:
        kind, _, value = doc_choice.partition(":")
        if kind == "doc" and value:
            filters["doc"] = value
        elif kind == "year" and value.isdigit():
            filters["year"] = int(value)
    if dept_choice and dept_choice != ALL:
        filters["department"] = dept_choice
    return filters


def example_questions(data: Any, templates: str | None = None) -> list[str]:
    """Example questions for a first-time user: the `ui_examples` templates filled from the index."""
    templates = settings.get("ui_examples") if templates is None else templates
    year = max((d.year for d in data.documents), default=datetime.now().year)
    latest = {d.doc for d in data.documents if d.year == year}
    depts: dict[str, None] = {}
    for r in data.all_records():
        if r.department and r.doc in latest:
            depts.setdefault(r.department, None)
    for s in data.sections:
        if s.department and s.doc in latest:
            depts.setdefault(s.department, None)
    names = list(depts) or [""]
    values = {"year": year, "department": names[0], "department2": names[1] if len(names) > 1 else names[0]}
    out = []
    for t in templates.split("|"):
        t = t.strip()
        if not t:
            continue
        try:
            out.append(t.format(**values))
        except (KeyError, IndexError, ValueError) as e:
            raise settings.SettingError(
                f"DCQA_UI_EXAMPLES template {t!r} uses an unknown placeholder ({e}); "
                "expected only {year}, {department}, {department2}. Fix or unset the variable."
            ) from e
    return [q for q in out if q and "  " not in q]


def mode_label(mode: str) -> str:
    """'grounded' → '문서 근거 기반'; 'llm:<name>' → 'LLM <name>'."""
    if mode == "grounded":
        return "문서 근거 기반(grounded)"
    if mode.startswith("llm:"):
        return f"LLM · {mode[4:]}"
    return mode


def latency_label(ms: float) -> str:
    """Latency in seconds for staff, e.g. '0.42초'."""
    return f"{ms / 1000:.2f}초"


def _doc_title(data: Any, doc: str) -> str:
    """The document's title with its year, or the file name when the index does not know it."""
    try:
        d = data.document(doc)
    except (KeyError, LookupError, ValueError):
        return doc
    return f"{d.year}년 {d.title}" if str(d.year) not in d.title else d.title


def _lines_label(c: dict[str, Any]) -> str:
    """'37행' or '37–39행'."""
    a, b = c["line_start"], c["line_end"]
    return f"{a}행" if a == b else f"{a}–{b}행"


def citation_label(data: Any, c: dict[str, Any]) -> str:
    """One line per source: '[1] 2026년 현안 업무보고 · 37행 · 섹션 — 정원 / 데이터센터 = 67명'."""
    last = c["section"].split(" > ")[-1] if c.get("section") else ""
    label = f"[{c['n']}] {_doc_title(data, c['doc'])} · {_lines_label(c)}"
    if last:
        label += f" · {last}"
    if c.get("value"):
        cell = " / ".join(x for x in (c.get("row_path"), c.get("column")) if x)
        label += f" — {cell} = {c['value']}" if cell else f" — {c['value']}"
    return label


# --- rendering ---------------------------------------------------------------------------------------


def answer_markdown(data: Any, turn: dict[str, Any]) -> str:
    """The assistant chat message of one turn: answer, numbered sources, notes, mode and latency."""
    if turn.get("error"):
        return f"⚠️ {turn['error']}"
    a = turn["answer"]
    parts = [a["answer"]]
    if a["citations"]:
        parts.append("**출처** (번호를 누르면 원문이 열립니다)")
        parts.append("\n".join(citation_label(data, c) for c in a["citations"]))
    for note in turn.get("notes") or []:
        parts.append(f"ℹ️ {note}")
    parts.append(f"<sub>답변 방식: {mode_label(a['mode'])} · 응답 시간 {latency_label(a['latency_ms'])}</sub>")
    return "\n\n".join(parts)


def history_from_turns(data: Any, turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Chatbot messages rebuilt from the turns: one user and one assistant message per turn."""
    msgs: list[dict[str, str]] = []
    for t in turns:
        msgs.append({"role": "user", "content": t["question"] or "(빈 질문)"})
        msgs.append({"role": "assistant", "content": answer_markdown(data, t)})
    return msgs


def source_choices(data: Any, turns: list[dict[str, Any]], t: int | None) -> list[tuple[str, str]]:
    """Radio choices (label, 'turn:n') for the sources of turn t."""
    if t is None or not (0 <= t < len(turns)) or turns[t].get("error"):
        return []
    return [(citation_label(data, c), f"{t}:{c['n']}") for c in turns[t]["answer"]["citations"]]


def find_citation(turns: list[dict[str, Any]], value: str | None) -> dict[str, Any] | None:
    """The citation a 'turn:n' radio value points at, or None."""
    if not value or ":" not in value:
        return None
    t_s, _, n_s = value.partition(":")
    if not (t_s.isdigit() and n_s.isdigit()) or int(t_s) >= len(turns) or turns[int(t_s)].get("error"):
        return None
    for c in turns[int(t_s)]["answer"]["citations"]:
        if c["n"] == int(n_s):
            return c
    return None


def _line_html(no: int, text: str, cited: bool) -> str:
    """One original line with its number; tabs shown as a visible arrow and a gap."""
    shown = html.escape(text).replace("\t", '<span class="tab">⇥</span>\t')
    cls = "src-line cited-line" if cited else "src-line"
    return f'<div class="{cls}" data-line="{no}"><span class="ln">{no}</span><span class="tx">{shown or " "}</span></div>'


def _row_cells(recs: list[Any], c: dict[str, Any]) -> tuple[str, str, list[tuple[str, str, bool]]]:
    """(corner label, row label, [(header, value as printed, cited?)]) for the records of one printed row.

    A printed row holds either one row path with several columns, or (in a transposed table such as
    headcount by department) several row paths under one column; the header names what differs."""
    rows = list(dict.fromkeys(r.row_path_text for r in recs))
    cols = list(dict.fromkeys(r.column for r in recs))
    if len(rows) == 1:
        corner, label, head = "구분", rows[0], [r.column for r in recs]
    elif len(cols) == 1:
        corner, label, head = "항목", cols[0], [r.row_path_text for r in recs]
    else:
        corner, label, head = "구분", "", [f"{r.row_path_text} · {r.column}" for r in recs]
    cells = [(h, r.value_raw, r.column == c.get("column") and r.row_path_text == (c.get("row_path") or r.row_path_text))
             for h, r in zip(head, recs)]
    return corner, label, cells


def _window(cells: list[tuple[str, str, bool]], width: int = 2) -> list[tuple[str, str, bool]]:
    """A wide row cut to its first cell and the cells around the cited one, gaps shown as '…'."""
    hit = next((i for i, (_, _, h) in enumerate(cells) if h), None)
    if hit is None or len(cells) <= 2 * width + 3:
        return cells
    keep = sorted({0} | set(range(max(0, hit - width), min(len(cells), hit + width + 1))))
    out: list[tuple[str, str, bool]] = []
    for k, i in enumerate(keep):
        if k and i != keep[k - 1] + 1:
            out.append(("…", "…", False))
        out.append(cells[i])
    if keep[-1] != len(cells) - 1:
        out.append(("…", "…", False))
    return out


def _row_html(data: Any, c: dict[str, Any]) -> str:
    """The printed table row of a cited figure, from the index's records on that line, cited cell marked."""
    try:
        recs = [r for r in data.records(doc=c["doc"]) if r.line == c["line_start"]]
    except (KeyError, LookupError, ValueError, TypeError) as e:
        log.warning("no table records for citation %s: %s", c, e)
        recs = []
    if c.get("table"):
        recs = [r for r in recs if r.table_title == c["table"]] or recs
    if recs:
        corner, label, cells = _row_cells(recs, c)
        cells = _window(cells)
        unit = next((r.unit for r in recs if r.column == c.get("column") and r.unit), None)
    else:  # the index has no records for the line: show the cited cell alone
        corner, label, unit = "구분", c.get("row_path") or "", None
        cells = [(c.get("column") or "값", c.get("value") or "", True)]
    head = "".join(f"<th>{html.escape(h)}</th>" for h, _, _ in cells)
    body = "".join(
        f'<td class="cited-cell">{html.escape(v)}</td>' if hit else f"<td>{html.escape(v)}</td>" for _, v, hit in cells
    )
    meta = [f"표: {html.escape(c['table'])}"] if c.get("table") else []
    if unit:
        meta.append(f"단위: {html.escape(unit)}")
    meta_html = f'<div class="src-table-meta">{" · ".join(meta)}</div>' if meta else ""
    return (
        f'<div class="src-caption">인용된 표의 행</div>{meta_html}'
        f'<div class="src-row-wrap"><table class="src-row"><tr><th>{corner}</th>{head}</tr>'
        f"<tr><td>{html.escape(label)}</td>{body}</tr></table></div>"
    )


def render_source(data: Any, c: dict[str, Any] | None, context: int | None = None) -> str:
    """HTML of one source: document, section path, the original lines with the cited line(s) highlighted,
    and for a figure the table row with the cited column marked."""
    if c is None:
        return f'<div class="src-panel"><div class="src-empty">{html.escape(MSG_NO_SOURCE)}</div></div>'
    context = int(settings.get("ui_context_lines")) if context is None else context
    try:
        lines = data.lines(c["doc"])
    except (KeyError, LookupError, FileNotFoundError, ValueError) as e:
        log.warning("cannot read lines of %s: %s", c["doc"], e)
        lines = []
    a, b = int(c["line_start"]), int(c["line_end"])
    lo, hi = max(1, a - context), min(len(lines), b + context)
    body = "".join(_line_html(i, lines[i - 1], a <= i <= b) for i in range(lo, hi + 1))
    if not body:  # the index has no copy of the file: show the quote itself
        body = "".join(_line_html(a + k, t, True) for k, t in enumerate(str(c.get("quote", "")).split("\n")))
    parts = [
        '<div class="src-panel">',
        f'<div class="src-head"><span class="src-n">[{c["n"]}]</span>{html.escape(_doc_title(data, c["doc"]))}</div>',
        f'<div class="src-path">{html.escape(c.get("section") or "")}</div>',
        f'<div class="src-loc">{html.escape(c["doc"])} · {_lines_label(c)}</div>',
    ]
    if c.get("value") or c.get("column"):
        parts.append(_row_html(data, c))
    parts.append('<div class="src-caption">원문</div>')
    parts.append(f'<div class="src-lines">{body}</div>')
    parts.append("</div>")
    return "".join(parts)


def conversation_markdown(data: Any, turns: list[dict[str, Any]], now: datetime | None = None) -> str:
    """The conversation as a Markdown document, sources with file and line, for export."""
    now = now or datetime.now(timezone.utc)
    out = [f"# {TITLE} — 대화 기록", "", f"내보낸 시각: {now.strftime('%Y-%m-%d %H:%M')} UTC", ""]
    for i, t in enumerate(turns, 1):
        out += [f"## 질문 {i}", "", t["question"] or "(빈 질문)", "", "### 답변", ""]
        if t.get("error"):
            out += [f"⚠️ {t['error']}", ""]
            continue
        a = t["answer"]
        out += [a["answer"], ""]
        if a["citations"]:
            out += ["### 출처", ""]
            for c in a["citations"]:
                out.append(f"- {citation_label(data, c)}  ")
                out.append(f"  `{c['doc']}` {_lines_label(c)} · {c['section']}")
                for q in str(c.get("quote") or "").split("\n"):
                    if q.strip():
                        out.append(f"  > {q}")
            out.append("")
        for note in t.get("notes") or []:
            out += [f"ℹ️ {note}", ""]
        out += [f"_답변 방식: {mode_label(a['mode'])} · 응답 시간 {latency_label(a['latency_ms'])}_", ""]
    return "\n".join(out).rstrip() + "\n"


def write_export(data: Any, turns: list[dict[str, Any]], downloads: Path) -> Path:
    """The conversation as a Markdown file for download: personal data masked, mode 0600, in a private directory
    under `downloads` that is removed after ui_download_ttl_s (older ones are removed now)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    private.sweep(downloads, float(settings.get("ui_download_ttl_s")))
    path = private.download_dir(downloads) / f"대화기록-{stamp}.md"
    return private.write_private(path, mask(conversation_markdown(data, turns)))


def _served(update: Any, path: Path) -> Any:
    """The file update; our copy is removed at once when gradio has already copied the file into its own cache
    (it serves that copy), else the sweep after ui_download_ttl_s removes it."""
    value = getattr(update, "value", None)
    served = value.get("path") if isinstance(value, dict) else value
    if served and Path(str(served)).resolve() != path.resolve():
        private.discard(path.parent)
    return update


# --- the answering adapter ---------------------------------------------------------------------------


def visible_notes(ans: Answer, extra: list[str], requested_mode: str | None) -> list[str]:
    """Notes for staff under an answer. The answer layer's own notes are for the log; only the LLM's
    Korean verification notes are shown, and a short Korean note when an LLM answer was asked for but the
    grounded answer is shown."""
    out = list(extra)
    if ans.mode.startswith("llm:"):
        out += [n for n in ans.notes if re.search(r"[가-힣]", n)]
    elif (requested_mode or "").strip().lower() == "llm" and not ans.abstained and not out:
        out.append(MSG_LLM_FALLBACK)
    return out


class Asker:
    """Runs one question through the answer layer, maps errors to Korean messages and logs the query."""

    def __init__(self, index: Any, store: LogStore, stream: StreamFn | None = None) -> None:
        self.index = index
        self.store = store
        self.stream = stream or stream_answer
        self.conversations: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()  # /ask conversations by id
        self._conv_lock = threading.Lock()

    def run(self, question: str, filters: dict[str, Any], on_token: Callable[[str], None] | None = None,
            on_reset: Callable[[], None] | None = None,
            history: list[Any] | None = None) -> tuple[Answer, list[str]]:
        """The Answer and the notes to show under it; raises UserError with a Korean message instead of any
        other error.

        `on_token` gets the streamed pieces; `on_reset` is called when the pieces so far are void (the LLM
        failed mid-answer and the grounded answer is streamed instead)."""
        requested = settings.get("mode") if "mode" in settings.all_settings() else None
        ans, extra = self._run(question, filters, on_token, on_reset, history)
        return ans, visible_notes(ans, extra, requested)

    def _run(self, question: str, filters: dict[str, Any], on_token: Callable[[str], None] | None,
             on_reset: Callable[[], None] | None, history: list[Any] | None = None) -> tuple[Answer, list[str]]:
        """The Answer and the UI's own fallback notes."""
        err = check_question(question)
        if err:
            raise UserError(err)
        q = inputs.check_question(question)
        self._history = history
        try:
            return self._consume(q, filters, None, on_token), []
        except Exception as e:  # adapter boundary: nothing below may reach the user as a traceback
            note = llm_fallback_note(e)
            if note is not None:
                log.warning("LLM backend failed (%s), answering grounded: %s", type(e).__name__, e)
                try:
                    if on_reset is not None:
                        on_reset()
                    return self._consume(q, filters, "grounded", on_token), [note]
                except Exception as e2:  # adapter boundary
                    log.exception("grounded fallback failed for %r", q)
                    raise UserError(user_message(e2)) from e2
            if not (isinstance(e, QuestionError) or _class_names(e) & {"IndexMissingError", "IndexStaleError", "IndexMismatchError"}):
                log.exception("answering %r failed", q)
            raise UserError(user_message(e)) from e

    def _consume(self, q: str, filters: dict[str, Any], mode: str | None,
                 on_token: Callable[[str], None] | None) -> Answer:
        """Drain stream_answer(): pass tokens on, return the final Answer."""
        final: Answer | None = None
        extra = {"history": self._history} if getattr(self, "_history", None) else {}
        for kind, payload in self.stream(q, filters, mode=mode, index=self.index, **extra):
            if kind == "token" and on_token is not None:
                on_token(str(payload))
            elif kind == "answer":
                final = payload  # type: ignore[assignment]
        if final is None:
            raise RuntimeError("stream_answer() ended without an ('answer', Answer) item")
        return final

    def log(self, question: str, filters: dict[str, Any], ans: Answer | None, error: str | None,
            channel: str, latency_ms: float, notes: list[str] | None = None,
            conversation: str | None = None) -> int | None:
        """Write the query log row (with the conversation id and, for a follow-up, the standalone question the
        engine answered); a failing log never hides the answer (it is logged instead)."""
        try:
            if ans is None:
                return self.store.log_query(question, error or "", [], "error", latency_ms, filters, channel,
                                            conversation=conversation)
            all_notes = list(dict.fromkeys([*(notes or []), *ans.notes]))
            return self.store.log_query(question, ans.text, [c.to_json() for c in ans.citations], ans.mode,
                                        ans.latency_ms, filters, channel, all_notes, conversation=conversation,
                                        resolved=getattr(ans, "resolved", None))
        except Exception:  # adapter boundary: the log is required, but the answer must still be shown
            log.exception("could not write the query log")
            return None

    def ask_json(self, question: Any, history: Any = None, conversation: Any = None) -> dict[str, Any]:
        """The /ask endpoint: `Answer.to_json()`, or {"question", "error": <Korean message>} for a bad request
        (any JSON value may arrive: a number, a list or null gets a message, never a traceback).

        A conversation: `history` (earlier questions, oldest first) or a `conversation` id whose earlier turns the
        server keeps (the last MAX_API_CONVERSATIONS ids); the answer then carries "conversation" and, for a
        follow-up, "resolved"."""
        t0 = time.perf_counter()
        filters: dict[str, Any] = {}
        try:
            conv = _conversation_id(conversation)
            turns = _history_list(history)
            if turns is None and conv is not None:
                with self._conv_lock:
                    turns = list(self.conversations.get(conv, []))
            ans, notes = self.run(question, filters, history=turns)
        except UserError as e:
            text = question if isinstance(question, str) else "" if question is None else repr(question)
            if text.strip():  # logged masked and capped (app.logstore)
                self.log(text, filters, None, e.message, "api", (time.perf_counter() - t0) * 1000)
            shown = question[: inputs.max_question_chars()] if isinstance(question, str) else ""
            return {"question": shown, "error": e.message}
        self.log(ans.question or str(question), filters, ans, None, "api", ans.latency_ms, notes, conversation=conv)
        if conv is not None:
            with self._conv_lock:
                kept = self.conversations.setdefault(conv, [])
                kept.append({"question": ans.question or question, "answer": ans})
                del kept[:-MAX_TURNS_KEPT]
                self.conversations.move_to_end(conv)
                while len(self.conversations) > MAX_API_CONVERSATIONS:
                    self.conversations.popitem(last=False)
        out = ans.to_json()
        if conv is not None:
            out["conversation"] = conv
        return out


MAX_API_CONVERSATIONS = 1000  # /ask conversation ids remembered (least recently used dropped)
MAX_TURNS_KEPT = 8  # earlier turns a follow-up is read against


def _conversation_id(value: Any) -> str | None:
    """A /ask conversation id (a short string or number), None when absent; UserError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise UserError("conversation은 대화를 구분하는 문자열(또는 숫자)이어야 합니다.")
    text = str(value).strip()
    if not text or len(text) > 100 or any(ord(c) < 32 for c in text):
        raise UserError("conversation은 100자 이내의 대화 구분 문자열이어야 합니다.")
    return text


def _history_list(value: Any) -> list[Any] | None:
    """/ask history: earlier questions (strings), oldest first; None when absent; UserError otherwise."""
    if value is None or value == "" or value == []:
        return None
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise UserError("history는 이전 질문(문자열)들의 목록이어야 합니다.")
    try:
        return [inputs.check_question(x) for x in value[-MAX_TURNS_KEPT:]]
    except QuestionError as e:
        raise UserError(f"history: {e}") from e


def turns_history(turns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation so far (this browser session) as `answer(..., history=...)` takes it: each earlier
    question with its answer, so nothing is answered twice."""
    out = []
    for t in turns[-MAX_TURNS_KEPT:]:
        if t.get("answer") and t.get("question"):
            out.append({"question": t["question"], "answer": Answer.from_json(t["answer"], t.get("engine_notes"))})
    return out


# --- the gradio app ----------------------------------------------------------------------------------


def _turn(question: str, filters: dict[str, Any], ans: Answer | None, notes: list[str], error: str | None,
          query_id: int | None, conversation: str | None = None) -> dict[str, Any]:
    """One conversation turn as kept in the browser session state (JSON-able)."""
    return {
        "question": question,
        "filters": filters,
        "answer": ans.to_json() if ans is not None else None,
        "notes": list(notes),  # shown under the answer (see visible_notes)
        "engine_notes": list(ans.notes) if ans is not None else [],  # what a follow-up reads (app.engine.conversation)
        "error": error,
        "query_id": query_id,
        "conversation": conversation,
    }


def build_app(index: Any, store: LogStore, *, stream: StreamFn | None = None) -> gr.Blocks:
    """The gr.Blocks app over a loaded index; `stream` replaces `stream_answer` (tests)."""
    asker = Asker(index, store, stream)
    downloads = store.path.parent / "downloads"  # private, swept after ui_download_ttl_s
    data = ui_upload.LiveData(asker)  # the index the chat answers from; the 보고서 추가 tab swaps it after a rebuild
    doc_choices, dept_choices = filter_choices(data)
    examples = example_questions(data)

    def respond(question: str, turns: list[dict[str, Any]], doc_choice: str, dept_choice: str):  # noqa: ANN202
        """Stream one answer into the chat, then show its numbered sources."""
        turns = list(turns or [])
        filters = parse_filters(doc_choice, dept_choice)
        err = check_question(question)
        q = (question if isinstance(question, str) else "")[: inputs.max_question_chars()].strip()
        if err:
            turns.append(_turn(q, filters, None, [], err, None))
            yield ("", history_from_turns(data, turns), turns, gr.Radio(choices=[], value=None),
                   render_source(data, None), len(turns) - 1, "")
            return
        base = history_from_turns(data, turns)
        shown = {"text": ""}

        def on_token(tok: str) -> None:
            shown["text"] += tok

        def on_reset() -> None:
            shown["text"] = ""

        pending = base + [{"role": "user", "content": q}, {"role": "assistant", "content": "⏳ 답변을 찾는 중입니다…"}]
        yield "", pending, turns, gr.Radio(choices=[], value=None), render_source(data, None), None, ""

        # run the answer in a worker thread so tokens can be streamed to the browser as they come
        result: dict[str, Any] = {}
        t0 = time.perf_counter()

        conv = next((t.get("conversation") for t in turns if t.get("conversation")), None) or uuid.uuid4().hex[:12]
        history = turns_history(turns)

        def work() -> None:
            try:
                result["answer"], result["notes"] = asker.run(q, filters, on_token, on_reset, history=history)
            except UserError as e:
                result["error"] = e.message

        th = threading.Thread(target=work, daemon=True)
        th.start()
        last = None
        while th.is_alive():
            th.join(timeout=0.08)
            if shown["text"] and shown["text"] != last:
                last = shown["text"]
                pending[-1] = {"role": "assistant", "content": last + " ▌"}
                yield "", pending, turns, gr.skip(), gr.skip(), None, ""
        latency = (time.perf_counter() - t0) * 1000
        ans, notes, error = result.get("answer"), result.get("notes", []), result.get("error")
        qid = asker.log(q, filters, ans, error, "ui", ans.latency_ms if ans is not None else latency, notes,
                        conversation=conv)
        turns.append(_turn(q, filters, ans, notes, error, qid, conv))
        t = len(turns) - 1
        yield ("", history_from_turns(data, turns), turns,
               gr.Radio(choices=source_choices(data, turns, t), value=None, label=_sources_title(t)),
               render_source(data, None), t, "")

    def show_source(value: str | None, turns: list[dict[str, Any]]) -> str:
        return render_source(data, find_citation(turns or [], value))

    def select_message(turns: list[dict[str, Any]], evt: gr.SelectData):  # noqa: ANN202
        """Clicking an answer in the chat lists its sources (and makes it the feedback target)."""
        idx = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        t = int(idx) // 2
        if not (0 <= t < len(turns or [])):
            return gr.skip(), gr.skip(), gr.skip()
        return (gr.Radio(choices=source_choices(data, turns, t), value=None, label=_sources_title(t)),
                render_source(data, None), t)

    def feedback(turns: list[dict[str, Any]], t: int | None, rating: int, comment: str) -> tuple[str, str]:
        turns = turns or []
        if t is None:
            t = len(turns) - 1
        if not (0 <= t < len(turns)) or turns[t].get("query_id") is None or turns[t].get("error"):
            return MSG_NO_FEEDBACK_TARGET, comment
        try:
            store.add_feedback(int(turns[t]["query_id"]), rating, comment or "")
        except Exception:  # adapter boundary
            log.exception("could not store feedback")
            return "피드백을 저장하지 못했습니다. 잠시 후 다시 시도해 주세요.", comment
        mark = "👍" if rating > 0 else "👎"
        return f"{mark} 질문 {t + 1}의 답변에 대한 피드백을 저장했습니다. 감사합니다.", ""

    def like(turns: list[dict[str, Any]], comment: str, evt: gr.LikeData) -> tuple[str, str]:
        idx = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        liked = evt.liked
        if isinstance(liked, str):
            liked = {"like": True, "dislike": False}.get(liked.lower(), None)
        if not isinstance(liked, bool):
            return gr.skip(), gr.skip()
        return feedback(turns, int(idx) // 2, 1 if liked else -1, comment)

    def export(turns: list[dict[str, Any]]):  # noqa: ANN202
        if not turns:
            return gr.File(value=None, visible=False), "내보낼 대화가 없습니다."
        path = write_export(data, turns, downloads)
        return _served(gr.File(value=str(path), visible=True), path), "대화를 Markdown 파일로 내보냈습니다."

    def new_conversation():  # noqa: ANN202
        return ([], [], gr.Radio(choices=[], value=None, label="출처"), render_source(data, None), None, "",
                gr.File(value=None, visible=False), "")

    ttl = int(settings.get("ui_download_ttl_s"))
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(ttl, ttl)) as demo:
        turns_state = gr.State([])
        selected = gr.State(None)
        gr.Markdown(
            f"## {TITLE}\n디지털도시국 업무보고 문서에 근거해 답하고, 모든 수치에 출처(파일과 행)를 붙입니다. "
            "문서에 없는 내용은 “문서에서 해당 정보를 찾을 수 없습니다.”라고 답합니다.",
            elem_classes=["dcqa-title"],
        )
        dense = getattr(index, "dense_status", None)  # the embedding leg built in the background (index/densify.py)
        if dense is not None:
            banner, timer = gr.Markdown(dense().message, elem_id="dense-status"), gr.Timer(3, active=not dense().ready)
            timer.tick(lambda: (dense().message, gr.Timer(active=not dense().ready)), None, [banner, timer],
                       api_visibility="private")
        with gr.Tabs():
            with gr.Tab("질문하기", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        with gr.Row():
                            doc_dd = gr.Dropdown(doc_choices, value=ALL, label="문서·연도", elem_id="filter-doc")
                            dept_dd = gr.Dropdown(dept_choices, value=ALL, label="부서", elem_id="filter-dept")
                        chatbot = gr.Chatbot(
                            label="대화", elem_id="chat", height=460, buttons=["copy"],
                            placeholder="업무보고에 대해 질문해 보세요. 예: 부서별 정원, 예산, 사업 추진 현황",
                        )
                        with gr.Row():
                            box = gr.Textbox(
                                placeholder="질문을 입력하고 Enter를 누르세요", show_label=False, scale=6,
                                lines=1, max_lines=6, elem_id="question",
                            )
                            send = gr.Button("보내기", variant="primary", scale=1, elem_id="send")
                        if examples:
                            gr.Examples(examples=[[q] for q in examples], inputs=[box], label="예시 질문")
                        with gr.Row():
                            new_btn = gr.Button("🆕 새 대화", elem_id="new-chat")
                            export_btn = gr.Button("📄 Markdown으로 내보내기", elem_id="export")
                        export_file = gr.File(label="내보낸 대화", visible=False, elem_id="export-file")
                    with gr.Column(scale=2):
                        sources = gr.Radio(choices=[], value=None, label="출처", elem_id="sources")
                        source_panel = gr.HTML(render_source(data, None), elem_id="source-panel")
                        with gr.Accordion("이 답변 평가하기", open=True):
                            comment = gr.Textbox(label="의견 (선택)", lines=2, placeholder="틀린 숫자, 빠진 내용 등",
                                                 elem_id="fb-comment")
                            with gr.Row():
                                up = gr.Button("👍 도움이 됨", elem_id="fb-up")
                                down = gr.Button("👎 부족함", elem_id="fb-down")
                            fb_status = gr.Markdown("", elem_id="fb-status")
            _audit_tab(index, doc_choices, dept_choices, downloads)
            ui_upload.upload_tab(asker)

        outs = [box, chatbot, turns_state, sources, source_panel, selected, fb_status]
        box.submit(respond, [box, turns_state, doc_dd, dept_dd], outs, api_visibility="private")
        send.click(respond, [box, turns_state, doc_dd, dept_dd], outs, api_visibility="private")
        sources.input(show_source, [sources, turns_state], [source_panel], api_visibility="private")
        chatbot.select(select_message, [turns_state], [sources, source_panel, selected], api_visibility="private")
        chatbot.like(like, [turns_state, comment], [fb_status, comment], api_visibility="private")
        def feedback_up(tu: Any, t: Any, c: Any) -> Any:
            return feedback(tu, t, 1, c)

        def feedback_down(tu: Any, t: Any, c: Any) -> Any:
            return feedback(tu, t, -1, c)

        up.click(feedback_up, [turns_state, selected, comment], [fb_status, comment],
                 api_visibility="private")
        down.click(feedback_down, [turns_state, selected, comment], [fb_status, comment],
                   api_visibility="private")
        export_btn.click(export, [turns_state], [export_file, fb_status], api_visibility="private")
        new_btn.click(new_conversation, None,
                      [chatbot, turns_state, sources, source_panel, selected, fb_status, export_file, box],
                      api_visibility="private")

        def ask(question: str | dict) -> dict:
            """Answer one question; returns the same JSON as `python -m app ask --json`. A follow-up: send
            {"question": ..., "conversation": <id>} (the server keeps that conversation's turns) or
            {"question": ..., "history": [earlier questions]} instead of the plain question."""
            if isinstance(question, dict):
                extra = set(question) - {"question", "history", "conversation"}
                if extra:
                    return {"question": "", "error": f"알 수 없는 항목 {sorted(extra)}: question, history, conversation만 "
                                                     "쓸 수 있습니다."}
                return asker.ask_json(question.get("question"), question.get("history"), question.get("conversation"))
            return asker.ask_json(question)

        gr.api(ask, api_name="ask")
    return demo


def _sources_title(t: int) -> str:
    """Label of the sources list for turn t."""
    return f"출처 — 질문 {t + 1}의 답변 (번호를 누르면 원문이 열립니다)"


def _audit_tab(index: Any, doc_choices: list[tuple[str, str]], dept_choices: list[tuple[str, str]],
               downloads: Path) -> None:
    """The "감사 준비" tab over `app.audit`: findings as Markdown, and as an Excel file to download."""
    with gr.Tab("감사 준비", id="audit"):
        gr.Markdown("업무보고의 수치를 점검해 행정사무감사 전에 확인할 항목과 질문 초안을 보여 줍니다. "
                    "각 항목에는 근거 행이 붙습니다.")
        with gr.Row():
            a_doc = gr.Dropdown([c for c in doc_choices if not c[1].startswith("year:")], value=ALL, label="문서",
                                elem_id="audit-doc")
            a_dept = gr.Dropdown(dept_choices, value=ALL, label="부서", elem_id="audit-dept")
            run = gr.Button("점검 실행", variant="primary", elem_id="audit-run")
        xlsx = gr.File(label="Excel로 받기", visible=False, elem_id="audit-xlsx")
        result = gr.Markdown(elem_id="audit-result")

        def do_audit(doc_choice: str, dept_choice: str):  # noqa: ANN202
            f = parse_filters(doc_choice, dept_choice)
            try:
                findings = audit.find_findings(index, doc=f["doc"], department=f["department"])
            except audit.AuditError as e:
                log.info("audit filter rejected: %s", e)
                return f"점검할 수 없습니다: {e}", gr.File(visible=False)
            except Exception:  # adapter boundary
                log.exception("audit failed")
                return MSG_INTERNAL, gr.File(visible=False)
            if not findings:
                return audit.to_markdown(findings), gr.File(visible=False)
            private.sweep(downloads, float(settings.get("ui_download_ttl_s")))
            path = private.download_dir(downloads) / "감사준비.xlsx"
            try:
                audit.to_xlsx(findings, path)
            except Exception:  # adapter boundary: the Markdown is still useful without the file
                log.exception("audit xlsx export failed")
                return audit.to_markdown(findings), gr.File(visible=False)
            return audit.to_markdown(findings), _served(gr.File(value=str(path), visible=True), path)

        run.click(do_audit, [a_doc, a_dept], [result, xlsx], api_visibility="private")


# --- start-up ----------------------------------------------------------------------------------------


def _progress_printer() -> Callable[[str, int, int], None]:
    """A build_index progress callback that prints one console line per stage step (at most ~10 per stage)."""
    last: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        step = max(1, total // 10) if total else 1
        if done in (0, total) or done - last.get(stage, -step) >= step:
            last[stage] = done
            pct = f" ({done * 100 // total}%)" if total else ""
            print(f"[색인 준비] {stage}: {done}/{total}{pct}", flush=True)

    return progress


def _summary_text(summary: Any) -> str:
    """'문서 2개, 섹션 164개, 청크 209개, 표 수치 2,081개 (17.0초)' from a BuildSummary."""
    parts = [f"{label} {getattr(summary, name):,}개" for name, label in
             (("documents", "문서"), ("sections", "섹션"), ("chunks", "청크"), ("records", "표 수치"))
             if isinstance(getattr(summary, name, None), int)]
    seconds = getattr(summary, "seconds", None)
    text = ", ".join(parts) or str(summary)
    return text + (f" ({seconds:.1f}초)" if isinstance(seconds, (int, float)) else "")


def prepare_index(progress: Callable[[str, int, int], None] | None = None) -> Any:
    """Load the index once; build it first (printing progress) when it is missing or stale."""
    from index.api import open_index
    from index.build import build_index
    from index.densify import start_background
    from index.search import IndexMismatchError
    from index.store import IndexMissingError, IndexStaleError

    index_dir = Path(settings.get("index_dir"))
    corpus_dir = Path(settings.get("corpus_dir"))
    try:
        index = open_index(index_dir)
        start_background(index_dir)  # completes a dense leg left unfinished (index/densify.py)
        return index
    except (IndexMissingError, IndexStaleError, IndexMismatchError) as e:
        print(f"[색인 준비] 색인을 새로 만듭니다: {e}", flush=True)
    # open_index() found it unusable (missing, other corpus, other code or embedder): rebuild it; it answers from
    # BM25 and the table records at once, the embeddings follow in a background process
    summary = build_index(corpus_dir, index_dir, force=True, progress=progress or _progress_printer(),
                          dense="background")
    print(f"[색인 준비] 완료: {_summary_text(summary)}", flush=True)
    return open_index(index_dir)


def warm_up(index: Any) -> None:
    """Answer the example questions (figure and text paths) so models load before the first user asks."""
    questions = example_questions(index.data)
    if not questions:
        return
    t0 = time.perf_counter()
    try:
        for q in questions:
            for _ in stream_answer(q, None, mode="grounded", index=index):
                pass
        warm_caches(index)  # (what the first refused question would build)
    except Exception:  # adapter boundary: a failed warm-up must not stop the UI
        log.exception("warm-up question failed")
        return
    print(f"[준비] 모델과 색인을 불러왔습니다 ({time.perf_counter() - t0:.1f}초).", flush=True)


def launch(demo: Any, host: str, port: int, *, prevent_thread_lock: bool = False, quiet: bool = False,
           access: auth.Access | None = None) -> Any:
    """Queue and serve the app behind the request limits (app.limits) and the configured sign-in (app.auth); the
    CSS and a font stack without web fonts (no network needed)."""
    access = access or auth.configure()
    demo.queue(default_concurrency_limit=int(settings.get("ui_concurrency")))
    theme = gr.themes.Default(
        font=["Noto Sans KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo", "sans-serif"],
        font_mono=["D2Coding", "NanumGothicCoding", "ui-monospace", "monospace"],
    )
    return demo.launch(
        server_name=host,
        server_port=port,
        prevent_thread_lock=prevent_thread_lock,
        quiet=quiet,
        show_error=False,
        ssr_mode=False,
        theme=theme,
        css=(ASSETS / "ui.css").read_text(encoding="utf-8"),
        footer_links=["api"],
        **limits.launch_kwargs(),
        **access.launch_kwargs,
    )


def main(argv: list[str] | None = None) -> int:
    """`python -m app [--host H] [--port P]`: prepare the index, then serve the chat UI until stopped."""
    parser = OneLineParser(prog="python -m app", description=f"{TITLE}: 채팅 UI를 시작합니다.",
                           usage_hint="python -m app [--host H] [--port P] | ask | audit | settings | passwd NAME")
    parser.add_argument("--host", default=None, help="listen address (setting ui_host, default 127.0.0.1)")
    parser.add_argument("--port", type=settings.int_in(1, 65535), default=None,
                        help="port (setting ui_port, default 7860)")
    args = parser.parse_args(argv)
    install_log_masking()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "faiss", "faiss.loader", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        settings.validate()
        host = args.host or settings.get("ui_host")
        port = args.port if args.port is not None else int(settings.get("ui_port"))
        access = auth.configure()
        index = prepare_index()
        store = LogStore.open_default()
        warm_up(index)
    except (settings.SettingError, auth.AuthConfigError) as e:
        print(f"설정 오류: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # adapter boundary: a short message, the details in the log
        log.exception("start-up failed")
        print(f"시작할 수 없습니다: {e}\n색인을 다시 만들려면 `python ingest.py --force`를 실행하세요.", file=sys.stderr)
        return 1
    print(f"[{TITLE}] http://{host}:{port} 에서 실행 중 (질의 기록: {store.path}, 접근: {access.detail})", flush=True)
    warning = auth.exposure_warning(host, access)
    if warning:
        print(warning, file=sys.stderr, flush=True)
        log.warning("%s", warning)
    os.umask(0o077)  # everything the service writes from now on (exports, gradio's file cache) is private to its user
    launch(build_app(index, store), host, port, access=access)
    return 0
