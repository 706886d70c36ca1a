"""Round-trip fidelity of the format readers: records from HWPX, HWP and PDF renditions vs the `.txt` reports.

    python bench/formats_roundtrip.py [--formats hwpx,hwp,pdf] [--corpus corpus] [--out var/bench/formats]
                                      [--compare FILE …] [--libreoffice DIR]

For each report of the corpus and each format, the report is written as that format (tools/renditions), read
back (index/readers) and parsed by the project's parsers; the figure is the share of the `.txt` report's
numeric table cells (records with a number) whose record comes back with the same row path, column and printed
value (multiset match). `--compare FILE` also scores renditions made elsewhere, each against the `.txt` report of
the same year; `--libreoffice DIR` makes such PDFs itself (python-docx → `soffice --convert-to pdf`, Debian
`libreoffice-writer-nogui`). Bars (issue 14): HWPX ≥ 99.5%, PDF ≥ 98%.
Prints a Markdown table; writes `formats.json` (and the renditions) under --out. Exit 1 when a bar is missed.
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BARS = {"hwpx": 0.995, "pdf": 0.98}


def _parse(name: str, lines: list[str]):  # noqa: ANN202
    from index.build import parse_document
    from index.sections import document_meta

    meta = document_meta(name, lines, "")
    return parse_document(str(meta.year), meta, lines)


def _keys(pd, spaces: bool = True) -> collections.Counter:  # noqa: ANN001
    """(row path, column, printed value) of every numeric record; spaces=False drops spaces inside the labels."""
    def s(x: str) -> str:
        return x if spaces else x.replace(" ", "")

    return collections.Counter((tuple(s(p) for p in r.row_path), s(r.column), r.value_raw)
                               for r in pd.records if r.value is not None)


def score(txt: Path, rendition: Path) -> dict:
    """Numeric records of `txt`, how many `rendition` gives back equal, and the reader's time and problems."""
    from index import readers
    from index.store import split_lines

    base = _parse(txt.name, split_lines(txt.read_text(encoding="utf-8")))
    want = _keys(base)
    readers.clear_cache()
    t0 = time.perf_counter()
    r = readers.read_file(rendition)
    read_s = time.perf_counter() - t0
    pd = _parse(rendition.name, r.lines)
    got = _keys(pd)
    equal = sum((want & got).values())
    loose = sum((_keys(base, False) & _keys(pd, False)).values())
    total = sum(want.values())
    missing = list((want - got).elements())[:5]
    return {"report": txt.name, "rendition": rendition.name, "format": r.fmt, "numeric_cells": total,
            "equal": equal, "share": equal / total if total else 1.0,
            "share_ignoring_label_spaces": loose / total if total else 1.0, "read_s": round(read_s, 2),
            "pages": r.pages, "problems": [str(p) for p in r.problems],
            "cell_coverage": (pd.covered_cells / pd.numeric_cells) if pd.numeric_cells else 1.0,
            "first_missing": [" > ".join(k[0]) + f" | {k[1]} | {k[2]}" for k in missing]}


def write(fmt: str, txt: Path, out: Path) -> Path:
    """Write the rendition of one `.txt` report in one format."""
    from tools.renditions import report_blocks

    blocks = report_blocks(txt.read_text(encoding="utf-8"))
    path = out / f"{txt.stem}.{fmt}"
    if fmt == "hwpx":
        from tools.renditions.hwpx import write_hwpx

        return write_hwpx(blocks, path)
    if fmt == "hwp":
        from tools.renditions.hwp import write_hwp

        return write_hwp(blocks, path)
    if fmt == "pdf":
        from tools.renditions.pdf import write_pdf

        return write_pdf(blocks, path)
    raise SystemExit(f"unknown format {fmt!r}; expected hwpx, hwp or pdf")


def _year(path: Path) -> str | None:
    from index import readers

    text = path.read_text(encoding="utf-8") if path.suffix == ".txt" else readers.read_text(path)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    m = re.match(r"\s*((?:19|20)\d\d)", first)
    return m.group(1) if m else None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/formats_roundtrip.py", description=__doc__.split("\n")[0])
    p.add_argument("--formats", default="hwpx,hwp,pdf")
    p.add_argument("--corpus", type=Path, default=REPO / "corpus")
    p.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "formats")
    p.add_argument("--compare", type=Path, nargs="*", default=[], help="renditions made elsewhere to score")
    p.add_argument("--libreoffice", type=Path, default=None, metavar="DIR",
                   help="also write each report as DOCX, export it to PDF in DIR with LibreOffice (soffice) and score it")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    txts = sorted(args.corpus.glob("*.txt"))
    if args.libreoffice:
        from tools.renditions import report_blocks
        from tools.renditions.docx import to_pdf, write_docx

        args.libreoffice.mkdir(parents=True, exist_ok=True)
        for txt in txts:
            docx = write_docx(report_blocks(txt.read_text(encoding="utf-8")), args.out / f"{txt.stem}.docx")
            args.compare.append(to_pdf(docx, args.libreoffice))
    rows = []
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        for txt in txts:
            rows.append(score(txt, write(fmt, txt, args.out)) | {"source": "tools/renditions"})
    by_year = {_year(t): t for t in txts}
    for f in args.compare:
        txt = by_year.get(_year(f))
        if txt is None:
            raise SystemExit(f"{f}: no .txt report of the same year in {args.corpus}")
        rows.append(score(txt, f) | {"source": "--compare"})
    print("| format | report | source | numeric cells | equal | share | share, label spaces ignored | read s |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['format']} | {r['report'][:40]} | {r['source']} | {r['numeric_cells']} | {r['equal']} | "
              f"{r['share']:.2%} | {r['share_ignoring_label_spaces']:.2%} | {r['read_s']} |")
    failed = [r for r in rows if r["source"] == "tools/renditions" and r["share"] < BARS.get(r["format"], 0)]
    (args.out / "formats.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    for r in failed:
        print(f"below the bar: {r['format']} {r['report']} {r['share']:.2%} < {BARS[r['format']]:.1%}",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
