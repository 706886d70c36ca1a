"""`python -m app ask`: a thin adapter over `app.answer.answer` (stable output; other tools read it).

    python -m app ask "질문"                 the answer and numbered sources, human-readable
    python -m app ask --json "질문"          one JSON object (see Answer.to_json)
    python -m app ask --jsonl FILE           FILE has {"id", "question"} per line; one JSON object per line

Bad input prints one line on stderr and exits with code 2. In `--jsonl`, a line that is not valid UTF-8, not JSON,
too long or too deeply nested, or whose question is refused, is reported by its number and the other lines are
still answered.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from app.guard import OneLineParser, one_line
from app.inputs import QuestionError, check_filter, max_question_chars
from index.api import INDEX_ERRORS

EXIT_USAGE = 2
REBUILD_COMMAND = "python ingest.py --force"


def _parser() -> argparse.ArgumentParser:
    p = OneLineParser(prog="python -m app ask", description="문서 기반 질의응답 (근거 인용 포함)",
                      usage_hint='python -m app ask [--json] "질문" | --jsonl FILE')
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
    sys.stderr.write(one_line(message, 2000) + "\n")
    return EXIT_USAGE


def json_line(obj: Any) -> str:
    """One JSON line with Korean as is; a value holding a lone surrogate is written with \\u escapes instead."""
    text = json.dumps(obj, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(obj, ensure_ascii=True)
    return text + "\n"


def max_line_bytes() -> int:
    """Longest --jsonl line read: room for a question of max_question_chars in \\u escapes, plus the id."""
    return 6 * max_question_chars() + 4096


MAX_DEPTH = 32


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name}은(는) JSON 값이 아닙니다")


def _depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (iterative: no recursion limit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if d > MAX_DEPTH:
            break
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)
    return deepest


class BadLine(ValueError):
    """A --jsonl line that cannot be read as {"id", "question"}."""


def parse_jsonl_line(raw: bytes) -> dict[str, Any]:
    """The object of one --jsonl line, or BadLine saying what is wrong with it (in Korean)."""
    if len(raw) > max_line_bytes():
        raise BadLine(f"줄이 너무 깁니다 ({len(raw):,}바이트, 최대 {max_line_bytes():,}바이트)")
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadLine(f"UTF-8이 아닌 바이트가 있습니다 ({e.start + 1}번째 바이트 0x{raw[e.start]:02x})") from e
    try:
        item = json.loads(line, parse_constant=_no_constant)
    except RecursionError as e:
        raise BadLine("JSON이 너무 깊게 중첩되어 있습니다") from e
    except ValueError as e:  # json.JSONDecodeError, or a number too long to convert
        raise BadLine(f"JSON이 아닙니다 ({one_line(e, 120)})") from e
    if not isinstance(item, dict):
        raise BadLine(f"JSON 객체가 아닙니다 ({type(item).__name__})")
    if _depth(item) > MAX_DEPTH:
        raise BadLine(f"JSON이 너무 깊게 중첩되어 있습니다 ({MAX_DEPTH}단계 초과)")
    if "question" not in item:
        raise BadLine('"question" 항목이 없습니다')
    if not isinstance(item["question"], str):
        raise BadLine(f'"question"이 문자열이 아닙니다 ({type(item["question"]).__name__})')
    return item


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
    from app.answer import answer

    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below; bytes, so that one bad line does not stop the others
    except OSError as e:
        return _fail(f"오류: 질문 파일 {path!r}을(를) 읽을 수 없습니다 ({type(e).__name__}: {e}). "
                     "UTF-8 JSONL 파일 경로를 확인하세요.")
    bad = failed = 0
    limit = max_line_bytes()
    conversations: dict[str, list[dict[str, Any]]] = {}  # "conversation" id → its earlier turns (file order)
    with f:
        for no, raw in enumerate(iter(lambda: f.readline(limit + 1), b""), start=1):
            if len(raw) > limit:  # skip the rest of an over-long line without holding it in memory
                size = len(raw)
                while raw and not raw.endswith(b"\n"):
                    raw = f.readline(1 << 20)
                    size += len(raw)
                bad += 1
                sys.stderr.write(f"오류: {one_line(path)} {no}번째 줄을 읽을 수 없습니다 (줄이 너무 깁니다, "
                                 f"{size:,}바이트 이상, 최대 {limit:,}바이트). 나머지 줄은 계속 답변합니다.\n")
                continue
            if not raw.strip():
                continue
            try:
                item = parse_jsonl_line(raw.rstrip(b"\r\n"))
            except BadLine as e:
                bad += 1
                sys.stderr.write(f"오류: {one_line(path)} {no}번째 줄을 읽을 수 없습니다 ({e}); "
                                 '{"id": ..., "question": "..."} 형식이어야 합니다. 나머지 줄은 계속 답변합니다.\n')
                continue
            conv = item.get("conversation")
            if conv is not None and not isinstance(conv, (str, int)):
                bad += 1
                sys.stderr.write(f"오류: {one_line(path)} {no}번째 줄: \"conversation\"은 문자열이나 숫자여야 합니다. "
                                 "나머지 줄은 계속 답변합니다.\n")
                continue
            history = conversations.setdefault(str(conv), []) if conv is not None else None
            try:
                ans = answer(item["question"], filters or None, mode=mode, index=idx, history=list(history or []))
                obj = {"id": item.get("id"), **({"conversation": conv} if conv is not None else {}), **ans.to_json()}
                if history is not None:
                    history.append({"question": item["question"], "answer": ans})
            except QuestionError as e:
                bad += 1
                sys.stderr.write(f"오류: {one_line(path)} {no}번째 줄: {e}\n")
                obj = {"id": item.get("id"), "question": item["question"], "error": str(e)}
            except INDEX_ERRORS:
                raise
            except Exception as e:  # adapter boundary: one failing question must not stop the batch
                failed += 1
                sys.stderr.write(f"오류: {one_line(path)} {no}번째 줄: 답변 중 내부 오류가 발생했습니다 "
                                 f"({type(e).__name__}: {one_line(e, 200)}). 나머지 줄은 계속 답변합니다.\n")
                obj = {"id": item.get("id"), "question": item["question"], "error": "internal error"}
            out.write(json_line(obj))
            out.flush()
    return 1 if failed else EXIT_USAGE if bad else 0


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of `python -m app ask`; returns the exit code."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    from app.answer import answer, check_question

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
    try:
        doc, department = check_filter("--doc", args.doc), check_filter("--department", args.department)
    except QuestionError as e:
        return _fail(f"오류: {e}")
    if args.year is not None and not 1900 <= args.year <= 2200:
        return _fail(f"오류: --year {args.year}은(는) 보고서 연도가 아닙니다. 예: --year 2026")
    filters = {k: v for k, v in (("doc", doc), ("year", args.year), ("department", department)) if v}
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
        out.write(json_line(ans.to_json()))
    else:
        out.write(format_human(ans, verbose=args.verbose) + "\n")
    return 0
