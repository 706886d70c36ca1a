"""`python -m app ask`: a thin adapter over `app.answer.answer` (stable output; other tools read it).

    python -m app ask "질문"                 the answer and numbered sources, human-readable
    python -m app ask --json "질문"          one JSON object (see Answer.to_json)
    python -m app ask --jsonl FILE           FILE has {"id", "question"} per line; one JSON object per line

Bad input prints one line on stderr and exits with code 2.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from index.api import INDEX_ERRORS

EXIT_USAGE = 2
REBUILD_COMMAND = "python ingest.py --force"


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"오류: {message} (사용법: python -m app ask [--json] \"질문\" | --jsonl FILE)\n")
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m app ask", description="문서 기반 질의응답 (근거 인용 포함)")
    p.add_argument("question", nargs="?", help="질문 (설정 max_question_chars 이내, 기본 2,000자)")
    p.add_argument("--json", action="store_true", help="JSON 한 개로 출력")
    p.add_argument("--jsonl", metavar="FILE", help='{"id", "question"} 줄 단위 파일을 한 번에 답변')
    p.add_argument("--mode", choices=["grounded", "llm"], default=None, help="답변 방식 (기본: 설정 DCQA_MODE)")
    p.add_argument("--doc", default=None, help="문서 파일명으로 제한")
    p.add_argument("--year", type=int, default=None, help="보고서 연도로 제한")
    p.add_argument("--department", default=None, help="부서로 제한")
    p.add_argument("-v", "--verbose", action="store_true", help="답변 과정의 내부 메모(notes)도 출력")
    return p


def _fail(message: str) -> int:
    sys.stderr.write(message.rstrip().replace("\n", " ") + "\n")
    return EXIT_USAGE


def _open_index() -> Any:
    """The index, or a one-line error that names the command which builds it."""
    from index.api import open_index

    return open_index()


def format_human(ans: Any, verbose: bool = False) -> str:
    """The answer text, then numbered sources with file, lines and section (and, verbose, the answer notes)."""
    out = [ans.text]
    if ans.citations:
        out.append("")
        out.append("출처:")
        for c in ans.citations:
            lines = f"{c.line_start}" if c.line_start == c.line_end else f"{c.line_start}-{c.line_end}"
            where = f" ({c.section})" if c.section else ""
            out.append(f"[{c.n}] {c.doc}:{lines}{where}")
    if verbose:
        for note in ans.notes:
            out.append(f"참고: {note}")
    return "\n".join(out)


def _run_jsonl(path: str, filters: dict[str, Any], mode: str | None, idx: Any, out: TextIO) -> int:
    from app.answer import QuestionError, answer

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return _fail(f"오류: 질문 파일 {path!r}을(를) 읽을 수 없습니다 ({type(e).__name__}: {e}). "
                     "UTF-8 JSONL 파일 경로를 확인하세요.")
    bad = 0
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise ValueError('expected an object with a string "question"')
        except ValueError as e:
            bad += 1
            sys.stderr.write(f"오류: {path} {no}번째 줄을 읽을 수 없습니다 ({e}); "
                             '{"id": ..., "question": "..."} 형식이어야 합니다. 나머지 줄은 계속 답변합니다.\n')
            continue
        try:
            ans = answer(item["question"], filters or None, mode=mode, index=idx)
            obj = {"id": item.get("id"), **ans.to_json()}
        except QuestionError as e:
            bad += 1
            sys.stderr.write(f"오류: {path} {no}번째 줄: {e}\n")
            obj = {"id": item.get("id"), "question": item["question"], "error": str(e)}
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        out.flush()
    return EXIT_USAGE if bad else 0


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of `python -m app ask`; returns the exit code."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    from app.answer import QuestionError, answer, check_question

    if args.jsonl and args.question:
        return _fail("오류: 질문과 --jsonl FILE은 함께 쓸 수 없습니다. 하나만 지정하세요.")
    if not args.jsonl:
        if args.question is None:
            return _fail('오류: 질문이 없습니다. 사용법: python -m app ask [--json] "질문"')
        try:
            check_question(args.question)
        except QuestionError as e:
            return _fail(f"오류: {e}")
    if args.jsonl and not Path(args.jsonl).is_file():
        return _fail(f"오류: 질문 파일 {args.jsonl!r}이(가) 없습니다. 경로를 확인하세요.")
    filters = {k: v for k, v in (("doc", args.doc), ("year", args.year), ("department", args.department)) if v}
    try:
        idx = _open_index()
        if args.jsonl:
            return _run_jsonl(args.jsonl, filters, args.mode, idx, out)
        ans = answer(args.question, filters or None, mode=args.mode, index=idx)
    except INDEX_ERRORS as e:  # also when a search file turns out unreadable at the first query
        return _fail(f"오류: 인덱스를 열 수 없습니다: {e} (인덱스 생성·갱신: {REBUILD_COMMAND})")
    except QuestionError as e:  # pragma: no cover - checked above
        return _fail(f"오류: {e}")
    if args.json:
        out.write(json.dumps(ans.to_json(), ensure_ascii=False) + "\n")
    else:
        out.write(format_human(ans, verbose=args.verbose) + "\n")
    return 0
