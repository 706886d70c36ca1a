"""Ingest the corpus into an index directory.

    python ingest.py [--corpus DIR] [--index DIR] [--force] [--dense wait|background|off]
    python ingest.py FILE… [--yes] [--check]     # add reports (.hwpx, .hwp, .pdf, .txt): summary, confirm, rebuild

Progress goes to stderr, the closing summary to stdout. Exit code 2 with a one-line error for bad input
(missing corpus directory, no .txt files, an empty, unreadable, non-UTF-8 or over-long file, an index directory
that holds something else, another ingest writing the same directory).

--dense background publishes the index as soon as BM25 and the table records are written (seconds) and leaves the
embeddings to a background process (`python -m index.densify`); `make run` uses it.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from index import settings


def _progress():  # type: ignore[no-untyped-def]
    """A progress callback printing `stage n/total` lines to stderr (each stage start, every 10%, the end)."""
    state: dict[str, float] = {}
    t0 = time.perf_counter()

    def report(stage: str, n: int, total: int) -> None:
        key = f"{stage}:{(10 * n // total) if total else 0}"
        if key in state and n != total:
            return
        state[key] = 1
        dt = time.perf_counter() - t0
        rate = ""
        if stage == "embed" and n and n == total and dt > 0:
            rate = f"  ({n / max(dt - state.get('embed:start', 0.0), 1e-9):.1f} chunks/s)"
        if stage == "embed" and n == 0:
            state["embed:start"] = dt
        print(f"[{dt:6.1f}s] {stage:<10} {n}/{total}{rate}", file=sys.stderr, flush=True)

    return report


def format_summary(summary) -> str:  # type: ignore[no-untyped-def]
    """The closing summary printed by the CLI."""
    head = "index up to date (reused; use --force to rebuild)" if summary.reused else "index built"
    dense = {"complete": "complete",
             "background": f"{summary.dense_covered}/{summary.chunks} chunks now, the rest embedded in the background "
                           "(python -m index.densify; progress in dense.log)",
             "partial": f"{summary.dense_covered}/{summary.chunks} chunks (run python ingest.py to complete)"}
    when = (f"  published after {summary.usable_seconds:.1f} s; dense leg: complete" if summary.dense == "complete"
            else f"  answering from BM25 and table records after {summary.usable_seconds:.1f} s; dense leg: "
                 f"{dense.get(summary.dense, summary.dense)}")
    lines = [
        f"{head}: {summary.index_dir}",
        when,
        f"  documents {summary.documents}  sections {summary.sections}  chunks {summary.chunks}  "
        f"records {summary.records}",
        f"  numeric table cells {summary.numeric_cells}, became records {summary.covered_cells} "
        f"({summary.coverage:.1%})",
    ]
    for d in summary.per_doc:
        lines.append(f"  - {d.doc} ({d.year}): sections {d.sections}, tables {d.tables}, chunks {d.chunks}, "
                     f"records {d.records}, cell coverage {d.coverage:.1%}")
    for w in summary.warnings:
        lines.append(f"  warning: {w}")
    lines.append(f"  {summary.seconds:.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="ingest.py", description="Build the search index from the report files.")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus directory (default: setting corpus_dir)")
    parser.add_argument("--index", type=Path, default=None, help="index directory (default: setting index_dir)")
    parser.add_argument("--force", action="store_true", help="rebuild even when the index is up to date")
    parser.add_argument("--embedder", default=None, help="override the embedder setting (e.g. hash)")
    parser.add_argument("files", nargs="*", type=Path, help="report files to add to the corpus (index/intake.py)")
    parser.add_argument("--yes", action="store_true", help="with FILE: add without asking")
    parser.add_argument("--check", action="store_true", help="with FILE: print the parse summary only")
    parser.add_argument("--dense", choices=["wait", "background", "off"], default="wait",
                        help="wait: embed every chunk before publishing (default); background: publish after BM25 "
                             "and records, embed in a background process; off: only the vectors already cached")
    args = parser.parse_args(argv)
    from index.build import CorpusError, build_index
    from index.embed import use_build_threads
    from index.layout import IndexBusyError, IndexDirError

    if args.files:  # adding reports: index/intake.py checks, summarises, adds and rebuilds (old index kept on failure)
        from index.intake import cli_add

        corpus = args.corpus or Path(settings.get("corpus_dir"))
        index_dir = args.index or Path(settings.get("index_dir"))
        return cli_add(args.files, corpus, index_dir, yes=args.yes, check_only=args.check, embedder=args.embedder,
                       progress=_progress(), format_summary=format_summary)
    try:
        if argv is None:  # the command itself (not a test calling main): it embeds in bulk, on every core
            use_build_threads()
        corpus = args.corpus or Path(settings.get("corpus_dir"))
        index_dir = args.index or Path(settings.get("index_dir"))
        summary = build_index(corpus, index_dir, force=args.force, embedder=args.embedder, progress=_progress(),
                              dense=args.dense)
    except (CorpusError, IndexDirError, IndexBusyError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except settings.SettingError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except RuntimeError as e:  # e.g. index.embed.EmbedderError: an unknown embedder spec or a missing model
        if type(e).__name__ != "EmbedderError":
            raise
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
