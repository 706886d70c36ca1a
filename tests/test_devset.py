"""The dev gold set (`eval/data/dev.jsonl`): valid against the corpus, big enough, and its key items pinned."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval.validate import ABSTAIN_TEXT, OPTIONAL, REQUIRED, TYPE_PREFIX, load_corpus, validate_dataset

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "eval" / "data" / "dev.jsonl"
README = REPO / "eval" / "README.md"
CORPUS = REPO / "corpus"

MINIMUM = {
    "headcount": 15, "org": 10, "budget_figure": 25, "budget_compare": 15, "execution_rate": 15,
    "schedule": 15, "project_fact": 20, "audit": 10, "glossary": 8, "unanswerable": 20,
}


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def by_id(items: list[dict]) -> dict[str, dict]:
    return {i["id"]: i for i in items}


def test_dev_set_validates_with_zero_problems() -> None:
    assert validate_dataset(DEV, CORPUS) == []


def test_size_and_distribution(items: list[dict]) -> None:
    assert len(items) >= 150
    counts = Counter(i["type"] for i in items)
    short = {t: (counts[t], n) for t, n in MINIMUM.items() if counts[t] < n}
    assert short == {}, f"types below their minimum (have, need): {short}"
    docs = Counter(i["doc"] for i in items)
    assert docs["2025"] >= 50 and docs["2026"] >= 50 and docs["both"] >= 10


def test_headcount_covers_both_years_and_job_series(items: list[dict]) -> None:
    hc = [i for i in items if i["type"] == "headcount"]
    assert {i["doc"] for i in hc} >= {"2025", "2026", "both"}
    assert sum("직" in i["question"] for i in hc) >= 5  # by job series (전산직, 방송통신직, ...)


def test_basic_expenses_of_several_departments_in_both_years(items: list[dict]) -> None:
    gk = [i for i in items if "기본경비" in i["question"] and i["type"] in {"budget_figure", "budget_compare"}]
    depts = {d for i in gk for d in ("디지털정책과", "데이터전략과", "정보보안과", "정보통신과", "공간정보과",
                                     "데이터센터", "서울기록원") if d in i["question"]}
    assert len(depts) >= 5
    assert {i["doc"] for i in gk} >= {"2025", "2026", "both"}


def test_phrasing_mix_is_about_one_third_literal(items: list[dict]) -> None:
    ph = Counter(i.get("phrasing") for i in items)
    assert set(ph) <= {"literal", "paraphrase"}
    assert 0.25 <= ph["literal"] / len(items) <= 0.45


def test_unanswerable_items_are_empty_and_spread_over_reports(items: list[dict]) -> None:
    un = [i for i in items if i["type"] == "unanswerable"]
    assert all(i["answer"] == ABSTAIN_TEXT and i["must_contain"] == [] and i["section"] == "" for i in un)
    assert {i["doc"] for i in un} == {"2025", "2026", "both"}


def test_parking_revenue_disagreement_is_pinned(by_id: dict[str, dict]) -> None:
    """The 2026 report prints 주차요금수입 as 404,751 (세입총괄, line 79) and 392,742 (세부내역, line 472)."""
    it = by_id["bc-003"]
    assert it["line"] == [79, 472]
    assert it["must_contain"] == ["404,751", "392,742", "12,009"]
    assert it["computed"] == "404,751 - 392,742 = 12,009"
    lines = load_corpus(CORPUS)[0]["2026"].lines
    assert "| 1-1-2) 주차요금수입 | 404,751 |" in lines[78]
    assert "| 1-1-2) 주차요금수입 | 392,742 |" in lines[471]


def test_2025_budget_in_the_two_reports_is_pinned(by_id: dict[str, dict]) -> None:
    it = by_id["bc-002"]
    assert it["doc"] == "both" and it["line"] == {"2025": [85], "2026": [108]}
    assert it["computed"] == "185,838,410 - 179,524,030 = 6,314,380"
    assert it["section"] == "● 세출 총괄 | ○ 세출총괄"


@pytest.mark.parametrize(
    ("iid", "doc", "line", "must"),
    [
        ("hc-002", "2026", [38], ["65명"]),
        ("hc-003", "2025", [32], ["67"]),
        ("bf-003", "2026", [549], ["249,876"]),
        ("bf-005", "2025", [970], ["51,901"]),
        ("bf-004", "2026", [563], ["51,701"]),
        ("bf-011", "2025", [996], ["42,261,509"]),
        ("bf-014", "2025", [59], ["471,816"]),
        ("bf-019", "2026", [411], ["1,940백만원"]),
        ("bf-020", "2026", [434, 449], ["867백만원", "868"]),
        ("bc-001", "2026", [115], ["△9,628,252", "△18.2%"]),
        ("sc-001", "2026", [425], ["2026. 9. ~ 12."]),
        ("au-001", "2025", [1048], ["41건"]),
        ("gl-001", "2025", [1314], ["단순 반복적 작업"]),
    ],
)
def test_golden_items(by_id: dict[str, dict], iid: str, doc: str, line: list[int], must: list[str]) -> None:
    it = by_id[iid]
    assert (it["doc"], it["line"], it["must_contain"]) == (doc, line, must)


def test_letter_spaced_and_misconverted_rows_are_covered(by_id: dict[str, dict]) -> None:
    lines25 = load_corpus(CORPUS)[0]["2025"].lines
    assert lines25[by_id["bf-014"]["line"][0] - 1].startswith("주 차 요 금 수 입\t")
    assert "\t일반기계\t" in lines25[by_id["bf-011"]["line"][0] - 1]
    lines26 = load_corpus(CORPUS)[0]["2026"].lines
    assert "사량의PC" in lines26[by_id["bf-044"]["line"][0] - 1]
    assert by_id["sc-022"]["section"].startswith("3.3. 서울은 ")


def test_readme_documents_every_field_and_type() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [f for f in (*REQUIRED, *OPTIONAL) if f"`{f}`" not in text]
    missing += [t for t in TYPE_PREFIX if f"`{t}`" not in text]
    missing += [p for p in TYPE_PREFIX.values() if f"`{p}-" not in text]
    assert missing == [], f"eval/README.md does not document: {missing}"


def test_issue_gold_answer_figures_not_on_cited_lines(by_id: dict[str, dict]) -> None:
    """Pins the fixes of gold answers whose figures were not printed on their cited lines."""
    assert "5개" not in by_id["og-003"]["answer"]  # the count was made by counting a list
    assert by_id["pf-014"]["line"] == [288, 289]  # 신규 8개, 계속 37개 are on line 289
    assert by_id["bf-042"]["line"] == [525, 526, 527, 528]  # the three sub-items are cited
    assert "3.6" not in by_id["og-017"]["answer"] and "96" not in by_id["og-017"]["answer"]
    bf046 = by_id["bf-046"]
    assert bf046["must_contain"] == ["10,128,418"]  # the printed figure, not the 억 conversion
    assert "101억" in bf046["alt_forms"]["10,128,418"] and "computed" not in bf046
