"""app/records.py: the answering code's record maps agree with a scan of every record, and `find_rows` over a
`RecordSet` (candidates looked up in its label maps) finds exactly what it finds by matching every record."""
from __future__ import annotations

import pytest

from app.lookup import find_rows
from app.records import (RecordSet, column_keys, in_year, newest_year, of_doc, of_row, of_table, records_of,
                         tables_with_columns, with_column)
from app.vocab import compact, strip_numbering, vocab_for
from index.models import TableRecord
from tests.test_answer import DOC_2025, DOC_2026, corpus_data


@pytest.fixture(scope="module")
def everything() -> list[TableRecord]:
    return list(corpus_data().all_records())


def test_record_maps_agree_with_a_scan(everything: list[TableRecord]) -> None:
    rs = RecordSet(everything)
    assert column_keys(rs) == {compact(r.column) for r in everything}
    r = next(x for x in everything if x.department == "데이터센터" and x.column == "정원")
    assert of_table(rs, r.doc, r.table_id) == [x for x in everything if (x.doc, x.table_id) == (r.doc, r.table_id)]
    assert of_row(rs, r.doc, r.table_id, r.row_path) == [
        x for x in everything if (x.doc, x.table_id, x.row_path) == (r.doc, r.table_id, r.row_path)]
    assert in_year(rs, 2025) == [x for x in everything if x.year == 2025]
    assert in_year(rs, 1999) == []
    assert of_doc(rs, DOC_2026) == [x for x in everything if x.doc == DOC_2026]
    assert newest_year(rs) == max(x.year for x in everything) == 2026
    assert with_column(rs, ["정원", "현원"]) == [x for x in everything if compact(x.column) in ("정원", "현원")]
    for cols in (["완료", "추진중"], ["정원", "현원"], ["계", "완료"], ["없는열"]):
        assert tables_with_columns(rs, cols) == tables_with_columns(list(everything), cols), cols
    # the plain-list fallbacks give the same
    assert of_table(everything, r.doc, r.table_id) == of_table(rs, r.doc, r.table_id)
    assert newest_year([]) is None


def test_records_of_is_built_once_per_index_and_filters_like_the_adapter() -> None:
    data = corpus_data()
    assert records_of(data) is records_of(data) and records_of(data, {}) is records_of(data)
    assert list(records_of(data)) == data.all_records()
    assert records_of(data, {"year": 2025}) is records_of(data, {"year": "2025"})
    assert list(records_of(data, {"doc": DOC_2025})) == [r for r in data.all_records() if r.doc == DOC_2025]
    dept = "데이터센터"
    want = [r for r in data.all_records() if r.year == 2026
            and (compact(r.department or "") == dept or dept in compact(r.row_path_text))]
    assert list(records_of(data, {"year": 2026, "department": "데이터 센터"})) == want and want


def _terms(everything: list[TableRecord]) -> list[tuple[list[str], list[str], dict]]:
    """Entity / partial term sets of every kind `find_rows` matches: whole labels, stems, a label split over a row
    and its parent, a unit opening a label, the bureau, departments, partial words, titles, filters."""
    labels = sorted({compact(strip_numbering(p)) for r in everything for p in r.row_path})
    columns = sorted({compact(r.column) for r in everything})
    depts = sorted({r.department for r in everything if r.department})
    cases: list[tuple[list[str], list[str], dict]] = [([x], [], {}) for x in labels[::17] + columns[::9]]
    cases += [([d], [], {}) for d in depts]
    cases += [(["균형발전특별회계"], [], {}), (["연구"], [], {}), (["전산직"], [], {}), (["서울기록원"], [], {}),
              (["디지털도시국"], [], {"org_names": ["디지털도시국"]}), (["데이터센터", "정원"], [], {}),
              (["정보통신과"], [], {"want_total": True}), ([], [], {"want_total": True}),
              ([], ["보조금"], {}), ([], ["수입"], {}), ([], ["국비"], {}), ([], ["유지관리"], {}),
              (["공간정보과"], ["지적"], {}), ([], [], {"title_terms": ["세입"]}),
              (["정보통신과"], [], {"year": 2025}), (["정보통신과"], [], {"doc": DOC_2026}),
              (["", "정원"], [], {})]
    return cases


def test_find_rows_on_a_record_set_finds_what_a_scan_finds(everything: list[TableRecord]) -> None:
    data = corpus_data()
    vocab = vocab_for(data)
    rs = RecordSet(everything)
    common = {"section_departments": vocab.section_departments, "departments": vocab.departments}
    n_found = 0
    for ents, parts, kw in _terms(everything):
        kw = {**common, **kw}
        want = find_rows(list(everything), ents, parts, **kw)
        got = find_rows(rs, ents, parts, **kw)
        assert [(m.key, m.slack, m.item, m.on_column, m.records) for m in got] == \
            [(m.key, m.slack, m.item, m.on_column, m.records) for m in want], (ents, parts, kw)
        n_found += bool(want)
    assert n_found > 30  # the cases do find rows


def test_find_rows_matches_a_department_known_only_from_its_section() -> None:
    """A table without departments inside a department's own section: the section's department names its rows."""
    rec = TableRecord("r", "d", 2026, "s9", "t", "사업비", ("사업비",), "2026년", "1,200", 1200.0, None, "백만원",
                      None, 40, None)
    other = TableRecord("o", "d", 2026, "s8", "t2", "사업비", ("사업비",), "2026년", "900", 900.0, None, "백만원",
                        None, 50, None)
    kw = {"section_departments": {"s9": "정보통신과", "s8": "공간정보과"}}
    assert [m.key for m in find_rows(RecordSet([rec, other]), ["정보통신과"], **kw)] == \
        [m.key for m in find_rows([rec, other], ["정보통신과"], **kw)] == [("d", "t", ("사업비",))]
