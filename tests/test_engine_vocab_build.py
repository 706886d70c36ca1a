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


def test_project_links_are_those_a_full_comparison_finds(monkeypatch) -> None:  # noqa: ANN001
    """The trigram prefilter only skips titles that cannot share MIN_PROJECT_OVERLAP letters in a row: the links
    are those found when every title is compared."""
    from app.engine import link as L

    vocab = vocabulary(corpus_data())
    questions = ("재해복구시스템확대사업예산", "스마트라이프워크언제해", "디지털동행플라자운영몇개", "차세대디지털아카이브사업비",
                 "없는사업이름")
    fast = [[lk.key for lk in L.find_projects(q, vocab)] for q in questions]
    titles, _ = L._project_grams(vocab)

    class Everything(dict):
        def get(self, key, default=None):  # noqa: ANN001, ANN201
            return set(range(len(titles)))

    monkeypatch.setattr(L, "_project_grams", lambda v: (titles, Everything()))
    slow = [[lk.key for lk in L.find_projects(q, vocab)] for q in questions]
    assert fast == slow
    assert any(fast)
