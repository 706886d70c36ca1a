"""The "보고서 추가" tab: upload a report (HWPX, HWP, PDF, TXT), read its parse summary, confirm, rebuild.

A thin adapter over `index.intake`: `inspect()` checks the file by content and size and parses it; `add()`
writes it into the corpus and rebuilds the index in a background thread while the current index keeps
answering; when the new index is ready the chat switches to it (`Asker.index`, read through `LiveData`).
A refused, failed or partial file leaves corpus and index as they were.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Callable

import gradio as gr

from index import settings
from index.intake import Intake, IntakeError, add, inspect_file

log = logging.getLogger(__name__)

MSG_PICK = "올릴 보고서 파일(.hwpx, .hwp, .pdf, .txt)을 고르세요."
MSG_BUSY = "색인을 다시 만드는 중입니다. 끝난 뒤에 다시 시도하세요. 그동안에도 지금 색인으로 질문에 답합니다."


class LiveData:
    """The current index's data: follows `holder.index`, which this tab replaces after a rebuild."""

    def __init__(self, holder: Any) -> None:
        self._holder = holder

    def __getattr__(self, name: str) -> Any:
        return getattr(self._holder.index.data, name)


def summary_markdown(it: Intake) -> str:
    """The parse summary as Markdown (the first line bold, problems as a list)."""
    lines = it.summary_lines()
    head = f"**{lines[0]}**"
    rest = [ln if ln.startswith("  - ") else f"- {ln}" for ln in lines[1:]]
    rest = [ln.replace("  - ", "    - ", 1) if ln.startswith("  - ") else ln for ln in rest]
    tail = ("\n\n확인하면 코퍼스에 추가하고 색인을 다시 만듭니다 (그동안에도 지금 색인으로 답합니다)."
            if not it.partial else "\n\n일부만 읽힌 보고서는 추가하지 않습니다. 파일을 다시 내보내 올려 주세요.")
    return "\n".join([head, *rest]) + tail


class Uploader:
    """State shared by the tab's handlers: one rebuild at a time, the chat's index swapped when it is done."""

    def __init__(self, holder: Any, corpus_dir: Path | None = None, index_dir: Path | None = None,
                 opener: Callable[[Path], Any] | None = None) -> None:
        self.holder = holder
        self.corpus_dir = Path(corpus_dir or settings.get("corpus_dir"))
        self.index_dir = Path(index_dir or getattr(holder.index, "dir", None) or settings.get("index_dir"))
        self.opener = opener
        self.busy = threading.Lock()
        self.status = ""

    def check(self, path: str | None) -> tuple[str, Intake | None]:
        """(Markdown, intake or None) for an uploaded temp file."""
        if not path:
            return MSG_PICK, None
        try:
            it = inspect_file(Path(path))
        except IntakeError as e:
            return f"❌ {e}", None
        except Exception:  # adapter boundary: a reader bug must not reach the user as a traceback
            log.exception("inspecting an upload failed")
            return "❌ 파일을 읽는 중 오류가 났습니다. 파일을 다시 내보내 올려 주세요.", None
        return summary_markdown(it), it

    def start(self, it: Intake) -> threading.Thread | None:
        """Add and rebuild in a background thread; None when a rebuild is already running."""
        if not self.busy.acquire(blocking=False):
            return None
        self.status = "색인을 다시 만드는 중입니다…"

        def work() -> None:
            try:
                summary = add([it], self.corpus_dir, self.index_dir, progress=self._progress)
                new = self._open()
                self.holder.index = new  # from here on the chat answers from the new index
                self.status = (f"✅ {it.name}을(를) 추가했습니다: 문서 {summary.documents}개, 표 수치 "
                               f"{summary.records:,}개 ({summary.seconds:.1f}초). 이제 새 색인으로 답합니다.")
            except IntakeError as e:
                self.status = f"❌ {e} (지금 색인은 그대로입니다)"
            except Exception:  # adapter boundary: the old index keeps serving
                log.exception("adding %s failed", it.name)
                self.status = "❌ 색인을 만들지 못해 추가하지 않았습니다. 지금 색인은 그대로입니다."
            finally:
                self.busy.release()

        th = threading.Thread(target=work, name="dcqa-upload", daemon=True)
        th.start()
        return th

    def _open(self) -> Any:
        if self.opener is not None:
            return self.opener(self.index_dir)
        from index.api import open_index

        return open_index(self.index_dir)

    def _progress(self, stage: str, done: int, total: int) -> None:
        pct = f" {done * 100 // total}%" if total else ""
        self.status = f"색인을 다시 만드는 중입니다… ({stage}{pct})"


def upload_tab(holder: Any, uploader: Uploader | None = None) -> Uploader:
    """Add the "보고서 추가" tab to the current gr.Tabs; `holder.index` is the index the chat answers from."""
    up = uploader or Uploader(holder)
    with gr.Tab("보고서 추가", id="upload"):
        gr.Markdown("HWPX·HWP·PDF(또는 .txt) 보고서를 올리면 읽은 결과(섹션, 표, 수치, 읽지 못한 부분)를 보여 줍니다. "
                    f"확인하면 코퍼스에 추가하고 색인을 다시 만듭니다. 파일은 {settings.get('upload_max_mb')} MiB까지, "
                    "형식은 확장자가 아니라 내용으로 확인합니다.")
        file = gr.File(label="보고서 파일", file_count="single", type="filepath", elem_id="upload-file")
        check_btn = gr.Button("읽어 보기", elem_id="upload-check")
        summary = gr.Markdown(MSG_PICK, elem_id="upload-summary")
        confirm = gr.Button("추가하고 색인 다시 만들기", variant="primary", interactive=False, elem_id="upload-confirm")
        status = gr.Markdown("", elem_id="upload-status")
        pending = gr.State(None)

        def on_check(path: str | None):  # noqa: ANN202
            md, it = up.check(path)
            return md, it, gr.Button(interactive=it is not None and not it.partial), ""

        def on_confirm(it: Intake | None):  # noqa: ANN202
            if it is None or it.partial:
                yield "먼저 파일을 읽어 보세요.", gr.Button(interactive=False)
                return
            th = up.start(it)
            if th is None:
                yield MSG_BUSY, gr.Button(interactive=True)
                return
            yield up.status, gr.Button(interactive=False)
            while th.is_alive():
                th.join(timeout=0.5)
                yield up.status, gr.skip()
            yield up.status, gr.Button(interactive=False)

        file.change(lambda p: (MSG_PICK if not p else "‘읽어 보기’를 누르세요.", None, gr.Button(interactive=False), ""),
                    [file], [summary, pending, confirm, status], api_visibility="private")
        check_btn.click(on_check, [file], [summary, pending, confirm, status], api_visibility="private")
        confirm.click(on_confirm, [pending], [status, confirm], api_visibility="private")
    return up


def wait_idle(up: Uploader, timeout: float = 600.0) -> None:
    """Block until no rebuild is running (tests, shutdown)."""
    t0 = time.perf_counter()
    while up.busy.locked() and time.perf_counter() - t0 < timeout:
        time.sleep(0.05)
