"""Does question normalisation or personal-data masking change any eval answer? (issue 15)

    python bench/masking_eval.py [--index DIR] [DATASET ...]
        Every question of each set (default: dev and the four held-out sets, follow-ups with their history) is
        answered twice by the same engine through the eval harness: as typed, only stripped (the check before
        app/inputs.py), and as the engine sees it once personal data is masked in the answer path
        (`app.pii.mask(app.inputs.check_question(q))`). Prints, per set, how many question texts normalisation
        and masking changed and how many answers changed (text, refusal, cited file lines), and the figures of
        both runs. Exit 1 when any answer changed.

    python bench/masking_eval.py --compare BEFORE/report.json AFTER/report.json
        The same comparison between two `python -m eval --out DIR` reports (e.g. main before this branch, and
        this branch).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_SETS = ["eval/data/dev.jsonl", "eval/data/heldout.jsonl", "eval/data/heldout2.jsonl",
                "eval/data/heldout3.jsonl", "eval/data/heldout4.jsonl"]


def _old_check(question: Any) -> str:
    """The question check before app/inputs.py: a string, stripped (length and emptiness as before)."""
    from app.inputs import QuestionError, max_question_chars

    if not isinstance(question, str):
        raise QuestionError("not a string")
    q = question.strip()
    if not q:
        raise QuestionError("empty")
    if len(q) > max_question_chars():
        raise QuestionError("too long")
    return q


def _key(got: str, abstained: bool, citations: list[dict[str, Any]]) -> tuple:
    """What a user sees of an answer: its text, whether it refused, and the cited file lines."""
    return (got, bool(abstained), tuple((c.get("doc"), c.get("line_start"), c.get("line_end")) for c in citations))


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """Ids of questions whose answers differ between two lists of eval results."""
    a = {r["id"]: _key(r["got"], r["abstained"], r["citations"]) for r in after}
    return [r["id"] for r in before if a.get(r["id"]) != _key(r["got"], r["abstained"], r["citations"])]


def answer_fns(index_dir: Path | None) -> tuple[Callable[..., Any], Callable[..., Any], list[int]]:
    """(as typed, as masked) answer functions over one opened index; the list counts changed question texts."""
    import importlib

    from app.inputs import check_question
    from app.pii import mask
    from index.api import open_index

    answer_module = importlib.import_module("app.answer")
    index = open_index(index_dir)
    changed = [0]

    def as_typed(question: str, history: Any = ()) -> Any:
        real = answer_module.check_question
        answer_module.check_question = _old_check
        try:
            if history:
                return answer_module.answer(question, None, index=index, history=list(history))
            return answer_module.answer(question, None, index=index)
        finally:
            answer_module.check_question = real

    def masked(question: str, history: Any = ()) -> Any:
        q = mask(check_question(question))
        h = [mask(check_question(x)) if isinstance(x, str) else x for x in history]
        changed[0] += (q != question.strip()) + sum(x != y for x, y in zip(h, history))
        if h:
            return answer_module.answer(q, None, index=index, history=h)
        return answer_module.answer(q, None, index=index)

    return as_typed, masked, changed


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Answers before and after question normalisation and masking.")
    p.add_argument("datasets", nargs="*", default=DEFAULT_SETS)
    p.add_argument("--index", type=Path, default=None, help="index directory (default: setting index_dir)")
    p.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"), help="two eval report.json files")
    args = p.parse_args(argv)
    if args.compare:
        before, after = (json.loads(x.read_text(encoding="utf-8"))["results"] for x in args.compare)
        diff = compare(before, after)
        print(json.dumps({"questions": len(before), "answers_changed": len(diff), "changed_ids": diff},
                         ensure_ascii=False))
        return 1 if diff else 0
    from eval.runner import run

    total = 0
    for ds in args.datasets:
        as_typed, masked, changed = answer_fns(args.index)
        typed = run(ds, as_typed)
        after = run(ds, masked)
        diff = compare([_result(r) for r in typed.results], [_result(r) for r in after.results])
        total += len(diff)
        print(json.dumps({
            "dataset": ds, "questions": len(typed.results), "question_texts_changed": changed[0],
            "answers_changed": len(diff), "changed_ids": diff,
            "answer_correct": [typed.overall.get("answer_correct"), after.overall.get("answer_correct")],
        }, ensure_ascii=False))
    return 1 if total else 0


def _result(r: Any) -> dict[str, Any]:
    return {"id": r.id, "got": r.got, "abstained": r.abstained, "citations": r.citations}


if __name__ == "__main__":
    sys.exit(main())
