"""`python -m app audit [--doc …] [--department …] [--format md|csv|xlsx] [--out FILE]`: a thin adapter over app.audit."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from app import audit
from app.guard import OneLineParser, one_line
from app.inputs import QuestionError, check_filter
from index.api import INDEX_ERRORS

EXIT_OK, EXIT_INDEX, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = OneLineParser(prog="python -m app audit", usage_hint="python -m app audit --help",
                description="행정사무감사 준비: 업무보고 표의 수치에서 지적사항과 질문 초안을 만듭니다 (근거는 파일의 줄과 셀).")
    p.add_argument("--doc", help="이 문서(파일 이름 또는 보고서 연도, 예: 2026)에 근거한 지적사항만")
    p.add_argument("--department", help="이 부서의 지적사항만 (예: 데이터센터)")
    p.add_argument("--format", choices=("md", "csv", "xlsx"), default="md", help="출력 형식 (기본 md)")
    p.add_argument("--out", help="출력 파일 (xlsx에는 필수; 없으면 표준 출력)")
    p.add_argument("--index", help="색인 디렉터리 (기본: 설정 index_dir)")
    return p


def _open(index_dir: str | None) -> Any:
    """The opened index (separate so that tests can substitute a fake)."""
    from index.api import open_index

    return open_index(index_dir)


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Run the audit and write the report; 0 ok, 1 index missing or stale, 2 bad input."""
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    if args.format == "xlsx" and not args.out:
        sys.stderr.write("오류: --format xlsx에는 --out 파일이 필요합니다. 예: --format xlsx --out var/audit.xlsx\n")
        return EXIT_USAGE
    try:
        doc, department = check_filter("--doc", args.doc), check_filter("--department", args.department)
    except QuestionError as e:
        sys.stderr.write(f"오류: {e}\n")
        return EXIT_USAGE
    if args.out is not None and (not args.out.strip() or "\x00" in args.out):
        sys.stderr.write(f"오류: --out {one_line(repr(args.out))}은(는) 파일 경로가 아닙니다. 예: --out var/audit.md\n")
        return EXIT_USAGE
    try:
        index = _open(args.index)
    except (*INDEX_ERRORS, OSError, ValueError) as e:  # also a path that is a file, unreadable or not a path
        sys.stderr.write(f"오류: 색인을 열 수 없습니다: {one_line(e)} (색인 생성·갱신: python ingest.py --force)\n")
        return EXIT_INDEX
    try:
        findings = audit.find_findings(index, doc=doc, department=department)
    except audit.AuditError as e:
        sys.stderr.write(f"오류: {one_line(e)}\n")
        return EXIT_USAGE
    try:
        _write(findings, args.format, args.out, out)
    except OSError as e:
        if args.out is None:
            raise  # stdout itself failed: the command wrapper handles a closed pipe
        sys.stderr.write(f"오류: --out {one_line(args.out)}에 쓸 수 없습니다 ({type(e).__name__}: {one_line(e.strerror or e)}). "
                         "쓸 수 있는 경로를 지정하세요.\n")
        return EXIT_USAGE
    if args.out:
        sys.stderr.write(f"지적사항 {len(findings)}건 → {one_line(args.out)}\n")
    return EXIT_OK


def _write(findings: list[Any], fmt: str, out_path: str | None, out: TextIO) -> None:
    """The report to --out (parent directories created) or to `out`."""
    if fmt == "xlsx":
        path = Path(str(out_path))
        path.parent.mkdir(parents=True, exist_ok=True)
        audit.to_xlsx(findings, path)
        return
    text = audit.to_markdown(findings) if fmt == "md" else audit.to_csv(findings)
    if out_path:
        path = Path(out_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # utf-8-sig for CSV so that Excel opens Korean text correctly
        path.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        out.write(text if text.endswith("\n") else text + "\n")
