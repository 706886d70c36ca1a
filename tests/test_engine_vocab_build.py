"""app/engine/vocab.py builds the vocabulary once per index without re-reading what it already holds: the unit
a line names is found from the names' first letters, an entry is added once per kind, target and department."""
from __future__ import annotations

from app.engine.vocab import Entry, Vocabulary, _DepartmentFinder, _team_department, vocabulary
from tests.test_answer import corpus_data


def test_department_finder_names_the_unit_team_department_names() -> None:
    data = corpus_data()
    departments = vocabulary(data).departments
    find = _DepartmentFinder(departments)
    lines = [x for d in data.documents for x in data.lines(d.doc) if "/" in x or "|" in x]
    assert lines
    for x in lines:
        assert find(x) == _team_department(x, departments), x
    units = {"정보과": "정보과", "보안과": "보안과", "정보보안과": "정보보안과", "데이터과": "데이터과"}
    for x in ("정보보안과 / 데이터과", "데이터과 / 보안과", "정보과 | 보안과", "총무팀", "", "과"):
        assert _DepartmentFinder(units)(x) == _team_department(x, units), x


def test_an_entry_is_added_once_per_kind_target_and_department() -> None:
    v = Vocabulary()
    v.add(Entry("서울톡", "서울톡", "row", refs=("t1",), department="A과"))
    v.add(Entry("서울톡", "서울 톡", "row", refs=("t2",), department="A과"))  # the same thing again: kept out
    v.add(Entry("서울톡", "서울톡", "row", refs=("t3",), department="B과"))
    v.add(Entry("서울톡", "서울톡", "project", refs=("s1",), department="A과"))
    assert [(e.kind, e.refs, e.department) for e in v.get("서울톡")] == [
        ("row", ("t1",), "A과"), ("row", ("t3",), "B과"), ("project", ("s1",), "A과")]
    v.entries["서울톡"].append(Entry("서울톡", "서울톡", "team", department=None))  # filled another way
    v.add(Entry("서울톡", "서울톡", "team", department=None))
    assert [e.kind for e in v.get("서울톡")] == ["row", "row", "project", "team"]
