"""From a fresh clone to the first answer: time `make run` until the UI answers `2026년 데이터센터 정원은?`.

    python bench/first_answer.py [--repo .] [--dest /tmp/dcqa-fresh] [--port 7911] [--timeout 900]

Clones the repository's current branch into `--dest` (removed first), runs `make run` there with the UI on
`--port`, and polls the UI's /ask endpoint (gradio_client, from this checkout's environment) until the answer holds
`67명`. Reports the seconds from the start to: the virtual environment installed, the index published (answering
from BM25 and the table records), the UI answering, and the dense leg complete (from dense-status of the clone's
index). pip's download cache makes the install quicker than on a machine that never installed the packages.
Stops `make run` (its process group) at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUESTION = "2026년 데이터센터 정원은?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, default=REPO)
    ap.add_argument("--dest", type=Path, default=Path("/tmp/dcqa-fresh"))
    ap.add_argument("--port", type=int, default=7911)
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args(argv)
    if args.dest.exists():
        shutil.rmtree(args.dest)
    branch = subprocess.run(["git", "-C", str(args.repo), "rev-parse", "--abbrev-ref", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--branch", branch, str(args.repo), str(args.dest)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DCQA_") and k != "VIRTUAL_ENV"}
    env["DCQA_UI_PORT"] = str(args.port)
    log = open(args.dest / "make-run.log", "w")  # noqa: SIM115 - closed below
    t0 = time.perf_counter()
    proc = subprocess.Popen(["make", "run"], cwd=args.dest, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    marks: dict[str, float] = {}
    answer = None
    from gradio_client import Client

    try:
        while time.perf_counter() - t0 < args.timeout and proc.poll() is None:
            now = round(time.perf_counter() - t0, 1)
            if "installed" not in marks and (args.dest / ".venv" / ".installed").exists():
                marks["installed"] = now
            if "index_published" not in marks and (args.dest / "var" / "index" / "current").exists():
                marks["index_published"] = now
            if "index_published" in marks and "ui_answered" not in marks:
                try:
                    client = Client(f"http://127.0.0.1:{args.port}/", verbose=False)
                    answer = client.predict(QUESTION, api_name="/ask")
                    if "67명" in json.dumps(answer, ensure_ascii=False):
                        marks["ui_answered"] = round(time.perf_counter() - t0, 1)
                except Exception:  # noqa: BLE001 - the UI is not up yet
                    pass
            if "ui_answered" in marks:
                st = json.loads((args.dest / "var" / "index" / "dense-status.json").read_text()) \
                    if (args.dest / "var" / "index" / "dense-status.json").exists() else {}
                if st.get("state") == "done":
                    marks["dense_complete"] = now
                    break
            time.sleep(1)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        log.close()
        status = args.dest / "var" / "index" / "dense-status.json"
        if status.exists() and "dense_complete" not in marks:  # stop the clone's background dense build too
            pid = json.loads(status.read_text()).get("pid")
            if isinstance(pid, int):
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
    result = {"branch": branch, "seconds_from_make_run": marks, "answer": answer,
              "load_avg": [round(x, 2) for x in os.getloadavg()]}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if "ui_answered" in marks else 1


if __name__ == "__main__":
    sys.exit(main())
