"""`python -m eval` scores `app.answer` on a dataset and gates on eval/thresholds.json;
`python -m eval retrieval …` runs the retrieval benchmark (eval/retrieval.py).

Exit status: 0 all bars met, 1 a metric fell below its bar, 2 bad input (dataset, corpus, thresholds, index).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eval.runner import DEFAULT_DATASET, DEFAULT_THRESHOLDS, REPO_ROOT

EXIT_OK, EXIT_GATE, EXIT_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The command-line options of the answer evaluation."""
    p = argparse.ArgumentParser(prog="python -m eval", description=(
        "Answer every question of a dataset with app.answer, score it (number-exact, no LLM judge), write "
        "report.json/.md/.html and fail when a metric misses its bar in eval/thresholds.json. "
        "`python -m eval retrieval --bench DIR` runs the retrieval benchmark instead."))
    p.add_argument("--dataset", type=Path, default=DEFAULT_DATASET, help="JSONL dataset (default: %(default)s)")
    p.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "eval", help="report directory (default: %(default)s)")
    p.add_argument("--mode", choices=("grounded", "llm"), default=None,
                   help="answer mode (default: the DCQA_MODE setting, normally grounded)")
    p.add_argument("--corpus", type=Path, default=None, help="corpus directory (default: the corpus_dir setting)")
    p.add_argument("--index", type=Path, default=None, help="index directory (default: the index_dir setting)")
    p.add_argument("--thresholds", type=Path, default=DEFAULT_THRESHOLDS, help="gate bars (default: %(default)s)")
    p.add_argument("--no-gate", action="store_true", help="write the reports but always exit 0 on metrics")
    p.add_argument("--limit", type=int, default=None, help="only the first N questions")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-question progress on stderr")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the answer evaluation (or dispatch `retrieval`) and return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "retrieval":
        from eval.retrieval import main as retrieval_main

        return retrieval_main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.limit is not None and args.limit < 1:
        print(f"eval: --limit must be at least 1, got {args.limit}", file=sys.stderr)
        return EXIT_INPUT

    from eval.report import fmt, write_reports
    from eval.runner import DatasetError, GateConfigError, check_gate, load_thresholds, run

    try:
        thresholds = None if args.no_gate else load_thresholds(args.thresholds)
    except GateConfigError as e:
        print(f"eval: {e}", file=sys.stderr)
        return EXIT_INPUT

    def progress(i: int, n: int, r: object) -> None:
        if not args.quiet:
            ok = "ok " if getattr(r, "correct", False) else "XX "
            print(f"[{i}/{n}] {ok}{getattr(r, 'id', '')} {getattr(r, 'latency_ms', 0):.0f} ms", file=sys.stderr)

    try:
        result = run(args.dataset, mode=args.mode, corpus_dir=args.corpus, index_dir=args.index, limit=args.limit,
                     progress=progress)
    except DatasetError as e:
        print(f"eval: {e}", file=sys.stderr)
        return EXIT_INPUT
    except (FileNotFoundError, ValueError, ImportError) as e:  # index missing/stale, answering layer absent
        print(f"eval: cannot answer questions: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_INPUT
    if thresholds is not None:
        result.gate = check_gate(result.overall, thresholds)
    try:
        paths = write_reports(result, args.out)
    except OSError as e:
        print(f"eval: cannot write the reports to {args.out} ({e}); pass a writable --out DIR", file=sys.stderr)
        return EXIT_INPUT
    o = result.overall
    print(f"eval: {o['n']} questions; answer_correct {fmt(o['answer_correct'])}, citation_hit "
          f"{fmt(o['citation_hit'])}, numeric_grounding {fmt(o['numeric_grounding'])}, abstention_accuracy "
          f"{fmt(o['abstention_accuracy'])}, false_refusal_rate {fmt(o['false_refusal_rate'])}; "
          f"reports in {paths['md'].parent}")
    if thresholds is None:
        return EXIT_OK
    misses = [c for c in result.gate["checks"] if not c["ok"]]
    for c in misses:
        op = "≤" if c["key"].endswith("_max") else "≥"
        print(f"eval: FAIL {c['metric']} = {fmt(c['value'], c['metric'])}, bar {op} {c['bar']} "
              f"(see {paths['md']})", file=sys.stderr)
    return EXIT_GATE if misses else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
