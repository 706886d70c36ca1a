"""`python -m app chat`: a conversation in the terminal. Each line is a question; a follow-up ('그럼 작년엔?')
is read against the earlier ones, and the answer says how it was understood. `/new` starts a new conversation,
`/quit` (or Ctrl-D) ends. A thin adapter over `app.answer.answer(..., history=...)`.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from app.cli import EXIT_USAGE, REBUILD_COMMAND, format_human
from app.inputs import QuestionError
from index.api import INDEX_ERRORS

HELP = "질문을 입력하세요. /new 새 대화, /quit 끝내기."


def run_chat(idx: Any, inp: TextIO, out: TextIO, *, filters: dict[str, Any] | None = None,
             mode: str | None = None, verbose: bool = False, prompt: bool = True) -> int:
    """Read questions line by line from `inp` and answer each in the conversation so far."""
    from app.answer import answer

    history: list[dict[str, Any]] = []
    if prompt:
        out.write(HELP + "\n")
    while True:
        if prompt:
            out.write("\n질문> ")
            out.flush()
        line = inp.readline()
        if not line:
            return 0
        q = line.strip()
        if not q:
            continue
        if q in ("/quit", "/exit", "/q"):
            return 0
        if q in ("/new", "/reset"):
            history.clear()
            out.write("새 대화를 시작합니다.\n")
            continue
        try:
            ans = answer(q, filters or None, mode=mode, index=idx, history=list(history))
        except QuestionError as e:
            out.write(f"오류: {e}\n")
            continue
        history.append({"question": q, "answer": ans})
        out.write(format_human(ans, verbose=verbose) + "\n")
        out.flush()


def main(argv: list[str] | None = None, inp: TextIO | None = None, out: TextIO | None = None) -> int:
    """Entry point of `python -m app chat`."""
    from app.guard import OneLineParser

    ap = OneLineParser(prog="python -m app chat", description="터미널에서 이어지는 대화로 질문합니다")
    ap.add_argument("--mode", choices=["grounded", "llm"], default=None)
    ap.add_argument("-v", "--verbose", action="store_true", help="답변 과정의 내부 메모(notes)도 출력")
    args = ap.parse_args(argv)
    inp = inp or sys.stdin
    out = out or sys.stdout
    try:
        from index.api import open_index

        idx = open_index()
    except INDEX_ERRORS as e:
        sys.stderr.write(f"오류: 인덱스를 열 수 없습니다: {e} (인덱스 생성·갱신: {REBUILD_COMMAND})\n")
        return EXIT_USAGE
    return run_chat(idx, inp, out, mode=args.mode, verbose=args.verbose, prompt=inp.isatty())
