"""The dev-set validator (`eval.validate`): each check is shown to pass on a good item and fail on a bad one."""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from eval.validate import (
    ABSTAIN_TEXT,
    evaluate_formula,
    figures,
    load_corpus,
    main,
    occurs,
    validate_dataset,
)

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "eval" / "data" / "dev.jsonl"
CORPUS = REPO / "corpus"

# A tiny two-report corpus; file names say nothing about the year on purpose.
REPORT_A = "\n".join([
    "",
    "2025년 주요 업무보고",           # 2
    "",
    "□ 세출예산 집행현황",             # 4
    "디지털정책과\t26,666,583",        # 5
    "기본경비\t290,542",               # 6
    "",                                # 7
    "",                                # 8
    "",                                # 9
    "정보보안과\t10,361,254",          # 10
    "기본경비\t63,770",                # 11
    "데이터센터\t267",                 # 12
]) + "\n"
REPORT_B = "\n".join([
    "2026년 현안 업무보고",           # 1
    "○ 세출총괄",                      # 2
    "| 계 | 188,462,187 | 185,838,410 | 87,718,888 | 46.5 |",  # 3
    "3.9. 디지털 재난 대비 재해복구시스템 확대 (데이터센터)",  # 4
    "- 사업예산 : 1,940백만원(서초센터 2식, 상암센터 3식)",     # 5
])  # no newline at the end, like the real 2026 report


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "report-a.txt").write_text(REPORT_A, encoding="utf-8")
    (d / "report-b.txt").write_text(REPORT_B, encoding="utf-8")
    return d


def good_item(**over: object) -> dict:
    item = {
        "id": "bf-001",
        "question": "디지털정책과 기본경비 얼마였어?",
        "type": "budget_figure",
        "doc": "2025",
        "section": "□ 세출예산 집행현황",
        "line": [6],
        "answer": "290,542천원입니다.",
        "must_contain": ["290,542"],
        "alt_forms": {"290,542": ["290542"]},
        "phrasing": "paraphrase",
    }
    item.update(over)
    return item


def write(tmp_path: Path, items: list[dict], name: str = "set.jsonl") -> Path:
    p = tmp_path / name
    p.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return p


def problems_of(tmp_path: Path, corpus_dir: Path, *items: dict) -> list[str]:
    return validate_dataset(write(tmp_path, list(items)), corpus_dir)


def test_good_item_has_no_problems(tmp_path: Path, corpus_dir: Path) -> None:
    assert problems_of(tmp_path, corpus_dir, good_item()) == []


def test_reports_are_keyed_by_the_year_on_their_first_non_empty_line(corpus_dir: Path) -> None:
    files, problems = load_corpus(corpus_dir)
    assert problems == []
    assert {y: f.path.name for y, f in files.items()} == {"2025": "report-a.txt", "2026": "report-b.txt"}
    assert len(files["2026"].lines) == 5  # a last line without newline still counts


def test_corpus_file_without_year_is_reported(tmp_path: Path) -> None:
    d = tmp_path / "c"
    d.mkdir()
    (d / "x.txt").write_text("\n주요 업무보고\n", encoding="utf-8")
    _, problems = load_corpus(d)
    assert len(problems) == 1 and "4-digit year" in problems[0]


def test_planted_wrong_line_is_caught(tmp_path: Path, corpus_dir: Path) -> None:
    problems = problems_of(tmp_path, corpus_dir, good_item(line=[11]))  # the 정보보안과 기본경비 row
    assert problems == ["line 1 (bf-001): must_contain '290,542' does not occur within ±3 lines of the cited "
                        "line(s) (report-a.txt [11]); fix the line number or copy the string verbatim"]


def test_must_contain_four_lines_away_is_caught_three_lines_away_passes(tmp_path: Path, corpus_dir: Path) -> None:
    item = good_item(must_contain=["10,361,254"], answer="10,361,254천원", alt_forms={})
    del item["alt_forms"]
    assert problems_of(tmp_path, corpus_dir, dict(item, line=[7])) == []  # 10 - 7 = 3
    four = problems_of(tmp_path, corpus_dir, dict(item, line=[6]))  # 10 - 6 = 4
    assert len(four) == 1 and "'10,361,254' does not occur within ±3 lines" in four[0]


def test_number_inside_a_longer_number_does_not_count() -> None:
    assert occurs("67", "데이터센터\t67\t69")
    assert not occurs("67", "데이터센터\t267")
    assert not occurs("1,940", "11,940백만원")
    assert not occurs("5", "4.5%")
    assert occurs("9.30.", "‘25.9.30.(화)~10.2.(목)")


def test_planted_wrong_formula_is_caught(tmp_path: Path, corpus_dir: Path) -> None:
    ok = good_item(id="bc-001", type="budget_compare", doc="both", section="□ 세출예산 집행현황 | ○ 세출총괄",
                   line={"2025": [5], "2026": [3]}, must_contain=["6,314,380"], answer="6,314,380천원 차이",
                   computed="185,838,410 - 179,524,030 = 6,314,380")
    del ok["alt_forms"]
    # 179,524,030 is not in the tiny corpus: the operand check must say so
    problems = problems_of(tmp_path, corpus_dir, ok)
    assert problems == ["line 1 (bc-001): computed operand '179,524,030' does not occur within ±3 lines of a cited line"]
    fixed = dict(ok, computed="185,838,410 - 87,718,888 = 98,119,522", must_contain=["98,119,522"],
                 answer="98,119,522천원")
    assert problems_of(tmp_path, corpus_dir, fixed) == []
    wrong = dict(fixed, computed="185,838,410 - 87,718,888 = 98,119,523", must_contain=["98,119,523"],
                 answer="98,119,523천원")
    problems = problems_of(tmp_path, corpus_dir, wrong)
    assert len(problems) == 1 and "is wrong: the left side evaluates to 98119522" in problems[0]


def test_computed_result_must_be_in_must_contain(tmp_path: Path, corpus_dir: Path) -> None:
    item = good_item(computed="290,542 - 63,770 = 226,772", line=[6, 11])
    problems = problems_of(tmp_path, corpus_dir, item)
    assert problems == ["line 1 (bf-001): computed result '226,772' is not in must_contain"]


def test_evaluate_formula_reads_numbers_as_printed() -> None:
    assert evaluate_formula("185,838,410 - 179,524,030 = 6,314,380")[:2] == (6314380, 6314380)
    lhs, rhs, dec, ops = evaluate_formula("△9,628,252 + 52,926,546 = 43,298,294")
    assert lhs == rhs == 43298294 and dec == 0 and ops == ["△9,628,252", "52,926,546"]
    lhs, rhs, dec, _ = evaluate_formula("87,718,888 / 188,462,187 * 100 = 46.5%")
    assert dec == 1 and rhs == Fraction(93, 2) and abs(lhs - rhs) < Fraction(1, 20)
    assert evaluate_formula("(1 + 2) * -3 = -9")[0] == -9
    for bad in ("1 + 2", "1 + 2 = 3 = 3", "1 + x = 1", "1 + 2 = three", "1 / 0 = 1", "(1 + 2 = 3"):
        with pytest.raises(ValueError):
            evaluate_formula(bad)


def test_rounded_rate_within_half_a_unit_passes(tmp_path: Path, corpus_dir: Path) -> None:
    item = good_item(id="er-001", type="execution_rate", doc="2026", section="○ 세출총괄", line=[3],
                     must_contain=["46.5"], answer="46.5%", computed="87,718,888 / 188,462,187 * 100 = 46.5")
    del item["alt_forms"]
    assert problems_of(tmp_path, corpus_dir, item) == []
    off = dict(item, computed="87,718,888 / 188,462,187 * 100 = 46.6", must_contain=["46.6"], answer="46.6%")
    assert any("is wrong" in p for p in problems_of(tmp_path, corpus_dir, off))


def test_unanswerable_rules(tmp_path: Path, corpus_dir: Path) -> None:
    un = {"id": "un-001", "question": "2027년 예산은?", "type": "unanswerable", "doc": "2026", "section": "",
          "line": [], "answer": ABSTAIN_TEXT, "must_contain": []}
    assert problems_of(tmp_path, corpus_dir, un) == []
    assert problems_of(tmp_path, corpus_dir, dict(un, doc="both", line={"2025": [], "2026": []})) == []
    bad = problems_of(tmp_path, corpus_dir, dict(un, must_contain=["1,940"]))
    assert bad == ["line 1 (un-001): unanswerable item must have empty must_contain"]
    bad = problems_of(tmp_path, corpus_dir, dict(un, answer="모릅니다"))
    assert len(bad) == 1 and "must be exactly" in bad[0]


def test_format_checks(tmp_path: Path, corpus_dir: Path) -> None:
    cases = {
        "missing required field 'must_contain'": {k: v for k, v in good_item().items() if k != "must_contain"},
        "type 'budget'": good_item(type="budget"),
        "outside 1..12": good_item(line=[13]),
        "must_contain has an empty string": good_item(must_contain=["290,542", " "]),
        "alt_forms['290,542'] must be a non-empty list": good_item(alt_forms={"290,542": [""]}),
        "alt_forms key '290542'": good_item(alt_forms={"290542": ["290,542"]}),
        "id prefix 'hc'": good_item(id="hc-001"),
        "unknown field(s) ['lines']": dict(good_item(), lines=[6]),
        "doc '2024' is not 'both'": good_item(doc="2024"),
        "phrasing 'casual'": good_item(phrasing="casual"),
        "gold answer does not contain": good_item(answer="29만원입니다."),
        "section '□ 세입예산 세부내역'": good_item(section="□ 세입예산 세부내역"),
        "must_contain is empty": good_item(must_contain=[], alt_forms={}),
        "line must be a list": good_item(line=6),
    }
    for expected, item in cases.items():
        problems = problems_of(tmp_path, corpus_dir, item)
        assert any(expected in p for p in problems), (expected, problems)


def test_duplicate_ids_and_broken_lines(tmp_path: Path, corpus_dir: Path) -> None:
    p = write(tmp_path, [good_item(), good_item()])
    with p.open("a", encoding="utf-8") as f:
        f.write("{not json}\n\n")
    problems = validate_dataset(p, corpus_dir)
    assert any("duplicate id" in x for x in problems)
    assert any("not valid JSON" in x for x in problems)
    assert any("empty line" in x for x in problems)


def test_ascii_escapes_and_trailing_spaces_are_caught(tmp_path: Path, corpus_dir: Path) -> None:
    p = tmp_path / "esc.jsonl"
    p.write_text(json.dumps(good_item()) + " \n", encoding="utf-8")  # ensure_ascii=True and a trailing space
    problems = validate_dataset(p, corpus_dir)
    assert any("ensure_ascii=False" in x for x in problems)
    assert any("trailing whitespace" in x for x in problems)


def test_cli_exit_codes(tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, [good_item()], "good.jsonl")
    assert main([str(good), "--corpus", str(corpus_dir)]) == 0
    assert "OK: 1 items" in capsys.readouterr().out
    bad = write(tmp_path, [good_item(line=[12])], "bad.jsonl")
    assert main([str(bad), "--corpus", str(corpus_dir)]) == 1
    assert "'290,542' does not occur" in capsys.readouterr().out


def test_planted_errors_in_the_real_dev_set_are_caught(tmp_path: Path) -> None:
    items = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    target = next(i for i in items if i["id"] == "bf-019")  # 1,940백만원 at line 411 of the 2026 report
    assert validate_dataset(write(tmp_path, [target]), CORPUS) == []
    assert len(validate_dataset(write(tmp_path, [dict(target, line=[415])]), CORPUS)) == 1  # 4 lines away
    assert validate_dataset(write(tmp_path, [dict(target, line=[414])]), CORPUS) == []  # 3 lines away
    comp = next(i for i in items if i["id"] == "bc-002")
    wrong = dict(comp, computed=comp["computed"].replace("6,314,380", "6,314,390"),
                 must_contain=["185,838,410", "179,524,030", "6,314,390"],
                 answer=comp["answer"].replace("6,314,380", "6,314,390"))
    problems = validate_dataset(write(tmp_path, [wrong]), CORPUS)
    assert len(problems) == 1 and "is wrong" in problems[0]


# --- every figure of the gold answer is printed near a cited line --------------------------------------

def test_planted_bad_gold_answer_figure_is_caught(tmp_path: Path, corpus_dir: Path) -> None:
    # must_contain is fine, but the answer adds a count that no cited line prints (og-003 had '5개 과')
    bad = good_item(answer="290,542천원이며 과는 5개입니다.")
    assert problems_of(tmp_path, corpus_dir, bad) == [
        "line 1 (bf-001): gold answer has the figure '5', which is not printed within ±3 lines of the cited "
        "line(s) (report-a.txt [6]) and is not the computed result; cite the line that prints it, or drop it "
        "from the answer"]
    # citing the line that prints it (here 10,361,254 of 정보보안과, line 10) makes it valid
    other = good_item(answer="290,542천원이고 정보보안과는 10,361,254천원입니다.")
    assert len(problems_of(tmp_path, corpus_dir, other)) == 1
    assert problems_of(tmp_path, corpus_dir, dict(other, line=[6, 10])) == []


def test_years_dates_and_section_numbers_in_the_answer_are_not_figures(tmp_path: Path, corpus_dir: Path) -> None:
    item = good_item(doc="2026", section="3.9. 디지털 재난 대비 재해복구시스템 확대", line=[5],
                     must_contain=["1,940백만원"], alt_forms={"1,940백만원": ["1940백만원"]},
                     answer="2025년 보고 이후 2026. 3. 31. 기준 3.9. 사업개요('25.9.30., 9월 30일, 2분기, "
                            "1-1-8) 항목)의 사업예산은 1,940백만원입니다.")
    assert problems_of(tmp_path, corpus_dir, item) == []
    # a dotted number that is not the item's own section heading is a figure and must be printed
    other = dict(item, answer="3.6. 사업예산은 1,940백만원입니다.")
    problems = problems_of(tmp_path, corpus_dir, other)
    assert len(problems) == 1 and "gold answer has the figure '3.6'" in problems[0]


def test_figures_masks_years_dates_and_section_numbers() -> None:
    assert figures("2026. 3. 31. 기준 1-1-8) 기본경비 249,876천원, 46.5%") == ["249876", "46.5"]
    assert figures("서울AI재단 : 2016년 서울디지털재단 설립 후 2025년 5. 19. 출범") == []  # no '5' for '5개'
    assert figures("2026. 9. ~ 12. 시범운영, 45개 사업 617억") == ["45", "617"]
    assert figures("집행률 7.8.") == ["7.8"]  # a decimal at the end of a sentence stays a figure
    assert figures("3.3. 사업개요", ("3.3. 서울은 기반 시민참여",)) == []  # the item's own section number
    assert figures("3.3 사업개요", ("3.3. 서울은 기반 시민참여",)) == ["3.3"]
    assert figures("2026년 현원 2,000명, 2020명 증원") == ["2000", "2020"]  # a 4-digit count is not a year


def test_computed_result_and_operands_in_the_answer_are_allowed(tmp_path: Path, corpus_dir: Path) -> None:
    item = good_item(doc="2026", section="○ 세출총괄", line=[3], alt_forms={"46.5": ["46.5%"]},
                     must_contain=["46.5"], computed="87,718,888 / 188,462,187 * 100 = 46.5",
                     answer="87,718,888 ÷ 188,462,187 × 100 = 46.5%입니다.")
    assert problems_of(tmp_path, corpus_dir, item) == []
    diff = good_item(doc="2026", section="○ 세출총괄", line=[3], must_contain=["2,623,777"],
                     computed="188,462,187 - 185,838,410 = 2,623,777", answer="2,623,777천원 늘었습니다.")
    del diff["alt_forms"]
    assert problems_of(tmp_path, corpus_dir, diff) == []


def test_declared_unit_conversion_passes_a_wrong_one_is_caught(tmp_path: Path, corpus_dir: Path) -> None:
    # bf-046: the printed figure is the must_contain; '101억' style conversions live in alt_forms
    item = good_item(doc="2026", section="3.9. 디지털 재난 대비 재해복구시스템 확대", line=[5],
                     must_contain=["1,940백만원"], alt_forms={"1,940백만원": ["1940백만원", "19.4억"]},
                     answer="1,940백만원(약 19.4억원)입니다.")
    assert problems_of(tmp_path, corpus_dir, item) == []
    wrong = dict(item, alt_forms={"1,940백만원": ["19.5억"]}, answer="1,940백만원(약 19.5억원)입니다.")
    problems = problems_of(tmp_path, corpus_dir, wrong)
    assert len(problems) == 1 and "gold answer has the figure '19.5'" in problems[0]


def test_style_verdict_and_history_are_checked(tmp_path: Path, corpus_dir: Path) -> None:
    ok = good_item(style="verify", verdict="no", history=["디지털정책과 예산은?"])
    assert problems_of(tmp_path, corpus_dir, ok) == []
    bad = problems_of(tmp_path, corpus_dir, good_item(style="chatty", verdict="maybe", history=[]))
    assert any("style 'chatty'" in p for p in bad)
    assert any("verdict 'maybe'" in p for p in bad)
    assert any("history must be a list" in p for p in bad)


def test_count_formula_counts_items_printed_near_the_cited_lines(tmp_path: Path, corpus_dir: Path) -> None:
    assert evaluate_formula("count(디지털정책과 | 정보보안과) = 2")[:2] == (Fraction(2), Fraction(2))
    item = good_item(question="기본경비가 있는 과는 몇 곳?", line=[5, 6, 10, 11], answer="2곳입니다.",
                     must_contain=["2"], computed="count(디지털정책과 | 정보보안과) = 2")
    item.pop("alt_forms")
    assert problems_of(tmp_path, corpus_dir, item) == []
    wrong = dict(item, computed="count(디지털정책과 | 정보보안과) = 3", answer="3곳입니다.", must_contain=["3"])
    assert any("is wrong" in p for p in problems_of(tmp_path, corpus_dir, wrong))
    far = dict(item, computed="count(디지털정책과 | 데이터전략과) = 2")
    assert any("'데이터전략과' does not occur" in p for p in problems_of(tmp_path, corpus_dir, far))
