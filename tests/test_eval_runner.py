"""The eval runner on the three-question smoke set with injected fake answer functions, the gate and the CLI."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.types import ABSTAIN_TEXT, Answer, Citation
from eval import runner
from eval.__main__ import main
from eval.report import write_reports
from eval.runner import (
    DatasetError,
    GateConfigError,
    check_gate,
    corpus_years,
    load_dataset,
    load_thresholds,
    run,
)
from tests.conftest import CORPUS, DOC_2025, DOC_2026, REPO

SMOKE = REPO / "eval" / "data" / "smoke.jsonl"
Q_FIGURE = "2026년 디지털도시국 세출 예산현액 합계는 얼마인가요?"
Q_COMPARE = "디지털도시국 세출 예산현액은 2025년 업무보고와 2026년 현안 업무보고 사이에 얼마나 늘었나요?"
Q_UNANSWERABLE = "디지털도시국의 2030년 세출 예산은 얼마인가요?"
LINE_2026_TOTAL = "| 계 | 188,462,187 | 185,838,410 | 2,623,777 | 1.4% | 87,718,888 | 46.5 |"
LINE_2025_TOTAL = "계\t\t179,524,030\t167,297,642\t12,226,388\t7.3%\t37,741,665\t21.0%"


def _cite(n: int, doc: str, line: int, quote: str) -> Citation:
    return Citation(n=n, doc=doc, section="세출총괄", line_start=line, line_end=line, quote=quote)


def _abstain(q: str) -> Answer:
    return Answer(ABSTAIN_TEXT, [], True, "grounded", 1.0, question=q)


GOOD = {
    Q_FIGURE: Answer("2026년 세출 예산현액 합계는 188,462,187천원입니다 [1].",
                     [_cite(1, DOC_2026, 108, LINE_2026_TOTAL)], False, "grounded", 5.0),
    Q_COMPARE: Answer("2025년 179,524,030천원 [1]에서 2026년 188,462,187천원 [2]으로 8,938,157천원 늘었습니다.",
                      [_cite(1, DOC_2025, 85, LINE_2025_TOTAL), _cite(2, DOC_2026, 108, LINE_2026_TOTAL)],
                      False, "grounded", 7.0),
}


def good_answer(q: str) -> Answer:
    return GOOD.get(q) or _abstain(q)


def test_smoke_set_all_right() -> None:
    r = run(SMOKE, answer_fn=good_answer, corpus_dir=CORPUS)
    o = r.overall
    assert (o["n"], o["n_answerable"], o["n_unanswerable"]) == (3, 2, 1)
    assert o["answer_correct"] == 1.0
    assert o["citation_hit"] == 1.0 and o["cite_hit@1"] == 1.0 and o["cite_mrr"] == 1.0
    assert o["citation_precision"] == 1.0 and o["citation_recall"] == 1.0
    assert o["numeric_grounding"] == 1.0 and o["n_numbers"] == 4  # 8,938,157 is a difference of two cited
    assert o["abstention_accuracy"] == 1.0 and o["false_refusal_rate"] == 0.0
    assert o["search_hit@1"] is None  # no search function given: not measured, not zero
    assert list(r.by_type) == ["budget_figure", "budget_compare", "unanswerable"]
    assert r.by_type["unanswerable"]["citation_hit"] is None
    assert r.by_type["unanswerable"]["abstention_accuracy"] == 1.0
    assert r.failures() == []
    assert r.mode == "grounded"


def test_wrong_figure_wrong_line_and_refusal_are_counted() -> None:
    def bad(q: str) -> Answer:
        if q == Q_FIGURE:  # digits swapped and cited one table row too far
            return Answer("합계는 188,462,178천원입니다 [1].", [_cite(1, DOC_2026, 110, "| 1-1) 일반회계 |")],
                          False, "grounded", 5.0)
        if q == Q_COMPARE:
            return _abstain(q)
        return Answer("2030년 예산은 188,462,187천원입니다.", [], False, "grounded", 1.0)

    r = run(SMOKE, answer_fn=bad, corpus_dir=CORPUS)
    o = r.overall
    assert o["answer_correct"] == 0.0
    assert o["citation_hit"] == 0.0 and o["cite_mrr"] == 0.0
    assert o["abstention_accuracy"] == 0.0 and o["false_refusal_rate"] == 0.5
    # 188,462,178 is not in its quote; 188,462,187 has no citation at all
    assert o["n_numbers"] == 2 and o["numeric_grounding"] == 0.0
    by_id = {x.id: x for x in r.results}
    assert by_id["bf-901"].missing == ["188,462,187"]
    assert by_id["bf-901"].ungrounded == ["188,462,178천원"]
    assert by_id["un-901"].missing == ["(should abstain)"]
    assert [x.id for x in r.failures()] == ["bf-901", "bc-901", "un-901"]


def test_search_ranks_and_errors() -> None:
    def search(q: str) -> list[tuple[str, int, int]]:
        return [(DOC_2026, 1, 30), (DOC_2026, 100, 122), (DOC_2025, 80, 100)]

    def flaky(q: str) -> Answer:
        if q == Q_COMPARE:
            raise RuntimeError("index exploded")
        return good_answer(q)

    r = run(SMOKE, answer_fn=flaky, corpus_dir=CORPUS, search_fn=search)
    o = r.overall
    assert o["search_hit@1"] == 0.0 and o["search_hit@3"] == 1.0 and o["search_mrr"] == 0.5
    assert o["error_rate"] == pytest.approx(1 / 3)
    assert o["answer_correct"] == pytest.approx(2 / 3)
    err = next(x for x in r.results if x.id == "bc-901")
    assert err.error == "RuntimeError: index exploded" and not err.correct


def test_limit_and_in_memory_dataset() -> None:
    qs = load_dataset(SMOKE)
    r = run(qs, answer_fn=good_answer, corpus_dir=CORPUS, limit=1)
    assert [x.id for x in r.results] == ["bf-901"]


def test_docs_mapped_by_year_on_first_line_not_by_file_name(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report-a.txt").write_text("\n\n2031년 주요 업무보고\n정원 10명\n", encoding="utf-8")
    (corpus / "report-b.txt").write_text("2032년 현안 업무보고\n정원 12명\n", encoding="utf-8")
    assert corpus_years(corpus) == {"2031": "report-a.txt", "2032": "report-b.txt"}
    ds = tmp_path / "other.jsonl"
    ds.write_text(json.dumps({"id": "hc-001", "question": "2032년 정원은?", "type": "headcount", "doc": "2032",
                              "section": "", "line": [2], "answer": "12명", "must_contain": ["12명"]},
                             ensure_ascii=False) + "\n", encoding="utf-8")

    def fake(q: str) -> Answer:
        return Answer("정원은 12명입니다 [1].", [_cite(1, "report-b.txt", 2, "정원 12명")], False, "grounded", 1.0)

    r = run(ds, answer_fn=fake, corpus_dir=corpus)
    assert r.overall["answer_correct"] == 1.0 and r.overall["citation_hit"] == 1.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "x"\n', "bad.jsonl:1: not valid JSON"),
        ('{"id": "bf-1", "question": "q", "type": "budget_figure", "doc": "2026", "line": [1]}\n',
         "bad.jsonl:1: missing field(s) must_contain"),
        ('\n{"id": "bf-1", "question": "q", "type": "money", "doc": "2026", "line": [1], "must_contain": ["1"]}\n',
         "bad.jsonl:2: type 'money' is not one of"),
        ('{"id": "bf-1", "question": "q", "type": "budget_figure", "doc": "2026", "line": [0], "must_contain": ["1"]}\n',
         "bad.jsonl:1: line must be a list of 1-based line numbers"),
        ('{"id": "bf-1", "question": "q", "type": "budget_figure", "doc": "both", "line": [3], "must_contain": ["1"]}\n',
         "bad.jsonl:1: doc 'both' needs line as an object"),
        ('{"id": "bf-1", "question": "q", "type": "budget_figure", "doc": "2026", "line": [1], "must_contain": []}\n',
         "bad.jsonl:1: must_contain is empty"),
        ('{"id": "bf-1", "question": "q", "type": "budget_figure", "doc": "2026", "line": [1], "must_contain": ["1"], '
         '"computed": "1 + 1"}\n', "bad.jsonl:1: computed must be a formula"),
        ("", "has no questions"),
    ],
)
def test_malformed_dataset_lines_are_named(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_dataset(p)


def test_unknown_doc_year_fails_before_answering(tmp_path: Path) -> None:
    p = tmp_path / "y.jsonl"
    p.write_text('{"id": "bf-1", "question": "q", "type": "budget_figure", "doc": "2019", "line": [1], '
                 '"must_contain": ["1"]}\n', encoding="utf-8")
    calls: list[str] = []
    with pytest.raises(DatasetError, match=r"doc '2019' is not a report year of the corpus \['2025', '2026'\]"):
        run(p, answer_fn=lambda q: calls.append(q) or good_answer(q), corpus_dir=CORPUS)
    assert calls == []


# --- gate ------------------------------------------------------------------------------------------


def test_gate_min_and_max_bars() -> None:
    overall = {"answer_correct": 0.94, "false_refusal_rate": 0.05, "abstention_accuracy": None}
    g = check_gate(overall, {"answer_correct": 0.95, "false_refusal_rate_max": 0.05, "abstention_accuracy": 0.9})
    assert not g["passed"]
    assert [(c["key"], c["ok"]) for c in g["checks"]] == [
        ("answer_correct", False), ("false_refusal_rate_max", True), ("abstention_accuracy", True)]
    assert g["checks"][2]["note"] == "not measured on this dataset"
    assert check_gate(overall, {"answer_correct": 0.94})["passed"]


def test_thresholds_file_errors(tmp_path: Path) -> None:
    p = tmp_path / "t.json"
    p.write_text('{"answer_correct": 0.9, "recall_at_7": 0.5}', encoding="utf-8")
    with pytest.raises(GateConfigError, match="unknown metric 'recall_at_7'"):
        load_thresholds(p)
    p.write_text('{"answer_correct": "high"}', encoding="utf-8")
    with pytest.raises(GateConfigError, match="must be a number"):
        load_thresholds(p)
    with pytest.raises(GateConfigError, match="does not exist"):
        load_thresholds(tmp_path / "none.json")


GATE_FILES = ["eval/thresholds.json", "eval/thresholds-heldout.json"]  # the dev gate and the held-out set's gate


@pytest.mark.parametrize("name", GATE_FILES)
def test_committed_thresholds_are_valid_and_cover_the_issue_bars(name: str) -> None:
    t = load_thresholds(REPO / name)
    assert {"answer_correct", "citation_hit", "numeric_grounding", "abstention_accuracy",
            "false_refusal_rate_max", "direction_reversed_max"} <= set(t)


@pytest.mark.parametrize("name", GATE_FILES)
def test_thresholds_only_rise_against_head(name: str) -> None:
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("git is not available to read the committed thresholds")
    proc = subprocess.run([git, "show", f"HEAD:{name}"], cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"{name} is not committed yet")
    old = json.loads(proc.stdout)
    new = load_thresholds(REPO / name)
    for key, bar in old.items():
        if key.startswith("_"):
            continue
        assert key in new, f"threshold {key!r} was removed; bars may only rise"
        if key.endswith("_max"):
            assert new[key] <= bar, f"{key} loosened from {bar} to {new[key]}; bars may only tighten"
        else:
            assert new[key] >= bar, f"{key} lowered from {bar} to {new[key]}; bars may only rise"


# --- the command -----------------------------------------------------------------------------------


@pytest.fixture()
def fake_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m eval` without the real answering layer."""
    monkeypatch.setattr(runner, "default_answer_fn", lambda mode=None, index_dir=None, corpus_dir=None: (good_answer, None))


def _thresholds(tmp_path: Path, bars: dict[str, float]) -> Path:
    p = tmp_path / "thresholds.json"
    p.write_text(json.dumps(bars), encoding="utf-8")
    return p


def test_cli_passes_and_writes_reports(tmp_path: Path, fake_app: None, capsys: pytest.CaptureFixture[str]) -> None:
    t = _thresholds(tmp_path, {"answer_correct": 1.0, "numeric_grounding": 1.0, "false_refusal_rate_max": 0.0})
    out = tmp_path / "out"
    rc = main(["--dataset", str(SMOKE), "--out", str(out), "--thresholds", str(t), "--corpus", str(CORPUS), "-q"])
    assert rc == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["gate"]["passed"] is True and data["overall"]["answer_correct"] == 1.0
    assert "answer_correct 1.000" in capsys.readouterr().out


def test_cli_fails_on_regression(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    def worse(q: str) -> Answer:
        return _abstain(q)

    monkeypatch.setattr(runner, "default_answer_fn", lambda mode=None, index_dir=None, corpus_dir=None: (worse, None))
    t = _thresholds(tmp_path, {"answer_correct": 0.9, "false_refusal_rate_max": 0.05})
    rc = main(["--dataset", str(SMOKE), "--out", str(tmp_path / "o"), "--thresholds", str(t), "-q"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "FAIL answer_correct = 0.333, bar ≥ 0.9" in err
    assert "FAIL false_refusal_rate = 1.000, bar ≤ 0.05" in err
    rc = main(["--dataset", str(SMOKE), "--out", str(tmp_path / "o"), "--thresholds", str(t), "--no-gate", "-q"])
    assert rc == 0


def test_cli_bad_input_exits_2(tmp_path: Path, fake_app: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--dataset", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o")]) == 2
    assert "missing.jsonl does not exist" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text(SMOKE.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    assert main(["--dataset", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("eval: bad.jsonl:4: not valid JSON") and err.count("\n") == 1
    t = _thresholds(tmp_path, {"answer_correctness": 1.0})
    assert main(["--dataset", str(SMOKE), "--thresholds", str(t)]) == 2
    assert main(["--dataset", str(SMOKE), "--limit", "0"]) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["--dataset", str(SMOKE), "--out", str(blocker / "out"), "--no-gate", "-q"]) == 2
    assert "cannot write the reports to" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_cli_dispatches_retrieval(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    seen: list[list[str]] = []
    fake = types.ModuleType("eval.retrieval")
    fake.main = lambda argv: seen.append(argv) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "eval.retrieval", fake)
    assert main(["retrieval", "--bench", "somewhere"]) == 0
    assert seen == [["--bench", "somewhere"]]


# --- the real answering layer ----------------------------------------------------------------------


@pytest.mark.slow
def test_smoke_set_against_built_index(built_index: Path, tmp_path: Path) -> None:
    """The runner drives the real app.answer and Index.search; answer quality is the dev-set gate's job."""
    pytest.importorskip("app.answer", reason="app/answer.py has not landed yet")
    r = run(SMOKE, corpus_dir=CORPUS, index_dir=built_index, mode="grounded")
    assert r.overall["n"] == 3 and r.overall["error_rate"] == 0.0, [x.error for x in r.results]
    assert r.answer_modes() == {"grounded": 3}
    assert all(x.latency_ms > 0 and x.searched for x in r.results if x.answerable)
    assert r.overall["search_mrr"] is not None  # retrieval measured from Index.search
    by_id = {x.id: x for x in r.results}
    assert by_id["un-901"].abstained and by_id["un-901"].correct  # no 2030 report in the corpus
    for x in r.results:  # every answer is scored consistently with what it says
        assert x.correct == (x.abstained if not x.answerable else (not x.abstained and not x.missing))
    paths = write_reports(r, tmp_path)
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["overall"]["n"] == 3


def test_follow_up_is_asked_with_its_history_and_verdict_and_style_are_scored(tmp_path: Path) -> None:
    item = {"id": "bf-001", "question": "그럼 2025년엔?", "type": "budget_figure", "doc": "2026",
            "section": "○ 세출총괄", "line": [108], "answer": "네, 188,462,187천원입니다.",
            "must_contain": ["188,462,187"], "style": "year", "verdict": "yes",
            "history": ["2026년 세출 예산현액 합계는?"]}
    path = tmp_path / "conv.jsonl"
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    seen: list[tuple[str, tuple[str, ...]]] = []

    def fn(q: str, history: tuple[str, ...] = ()) -> Answer:
        seen.append((q, tuple(history)))
        return Answer("188,462,187천원입니다 [1].", [_cite(1, DOC_2026, 108, LINE_2026_TOTAL)], False, "grounded", 1.0)

    r = run(path, answer_fn=fn, corpus_dir=CORPUS)
    assert seen == [("그럼 2025년엔?", ("2026년 세출 예산현액 합계는?",))]
    res = r.results[0]
    assert not res.correct and "(verdict yes)" in res.missing  # the figure is there, the 네 is not
    assert r.by_style["year"]["n"] == 1
