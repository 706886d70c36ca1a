"""Table records as the answering code reads them: a list in index order that also knows, per label, column, table,
year, department and section, which of its records carry it (maps built on first use).

`records_of(data, filters)` gives the whole index's records as one `RecordSet` built once per loaded index (and one
per filter combination, kept while the index is loaded), so a question looks its candidate rows up in these maps
instead of matching every record as the corpus grows. The helpers below (`column_keys`, `of_table`, `of_row`,
`in_year`) take any sequence of records and use the maps when it is a `RecordSet`.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from index.models import TableRecord

from app.vocab import compact, strip_numbering


@lru_cache(maxsize=1 << 16)
def label_of(part: str) -> str:
    """A row-path label as `find_rows` compares it: numbering stripped, compact."""
    return compact(strip_numbering(part))


@lru_cache(maxsize=1 << 16)
def key_of(text: str) -> str:
    """`compact(text)`, remembered (column names, titles and departments repeat across records)."""
    return compact(text)


_KEYS: dict[str, Any] = {
    # every position find_rows reads: the row-path labels and the column
    "label": lambda r: tuple(dict.fromkeys([*(label_of(p) for p in r.row_path), key_of(r.column)])),
    "column": lambda r: (key_of(r.column),),
    "department": lambda r: (key_of(r.department),) if r.department else (),
    "title": lambda r: (key_of(r.table_title),),
    "section": lambda r: (r.section_id,),
    "doc": lambda r: (r.doc,),
    "year": lambda r: (r.year,),
    "table": lambda r: ((r.doc, r.table_id),),
    "row": lambda r: ((r.doc, r.table_id, tuple(r.row_path)),),
}


MAX_MEMO = 4096
_MISSING = object()


class RecordSet(list):
    """Records in index order (a read-only list) with maps from a key to the positions of the records that have it.

    The maps are built on first use; do not change the list after that."""

    def __init__(self, records: Iterable[TableRecord] = ()) -> None:
        super().__init__(records)
        self._maps: dict[str, dict[Any, list[int]]] = {}
        self._memo: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def positions(self, name: str) -> dict[Any, list[int]]:
        """The map `name` (one of `_KEYS`): key → ascending positions of the records carrying it."""
        m = self._maps.get(name)
        if m is None:
            with self._lock:
                m = self._maps.get(name)
                if m is None:
                    m = {}
                    key = _KEYS[name]
                    for i, r in enumerate(self):
                        for k in key(r):
                            m.setdefault(k, []).append(i)
                    self._maps[name] = m
        return m

    def at(self, positions: Iterable[int]) -> list[TableRecord]:
        """The records at these positions, in index order."""
        return [self[i] for i in sorted(positions)]

    def where(self, name: str, key: Any) -> list[TableRecord]:
        """The records whose `name` key is `key`, in index order."""
        return [self[i] for i in self.positions(name).get(key, ())]

    def memo(self, key: Any, build: Any) -> Any:
        """A value derived from these records alone (e.g. the labels holding a term), computed once (at most
        MAX_MEMO kept)."""
        value = self._memo.get(key, _MISSING)
        if value is _MISSING:
            value = build()
            if len(self._memo) >= MAX_MEMO:
                self._memo.clear()
            self._memo[key] = value
        return value


def column_keys(records: Sequence[TableRecord]) -> set[str]:
    """The compact column names of the records."""
    if isinstance(records, RecordSet):
        return set(records.positions("column"))
    return {compact(r.column) for r in records}


def of_table(records: Sequence[TableRecord], doc: str, table_id: str) -> list[TableRecord]:
    """The records of one table, in order."""
    if isinstance(records, RecordSet):
        return records.where("table", (doc, table_id))
    return [r for r in records if r.doc == doc and r.table_id == table_id]


def of_row(records: Sequence[TableRecord], doc: str, table_id: str, row_path: tuple[str, ...]) -> list[TableRecord]:
    """The records of one table row (same document, table and row path), in order."""
    if isinstance(records, RecordSet):
        return records.where("row", (doc, table_id, tuple(row_path)))
    return [r for r in records if r.doc == doc and r.table_id == table_id and tuple(r.row_path) == tuple(row_path)]


def of_doc(records: Sequence[TableRecord], doc: str) -> Sequence[TableRecord]:
    """The records of one document, in order."""
    if isinstance(records, RecordSet):
        return records.where("doc", doc)
    return [r for r in records if r.doc == doc]


def tables_with_columns(records: Sequence[TableRecord], columns: Sequence[str]) -> list[list[TableRecord]]:
    """The records of each table that has every one of these (compact) columns, tables in order of their first
    record."""
    if isinstance(records, RecordSet) and columns:
        by_column, by_table = records.positions("column"), records.positions("table")
        keys = None
        for c in columns:
            have = {(records[i].doc, records[i].table_id) for i in by_column.get(c, ())}
            keys = have if keys is None else keys & have
        return [records.where("table", k) for k in sorted(keys or (), key=lambda k: by_table[k][0])]
    tables: dict[tuple[str, str], list[TableRecord]] = {}
    for r in records:
        tables.setdefault((r.doc, r.table_id), []).append(r)
    return [rs for rs in tables.values() if all(any(compact(r.column) == c for r in rs) for c in columns)]


def in_year(records: Sequence[TableRecord], year: int | None) -> Sequence[TableRecord]:
    """The records of the reports of one year, in order."""
    if isinstance(records, RecordSet):
        return records.where("year", year)
    return [r for r in records if r.year == year]


def newest_year(records: Sequence[TableRecord]) -> int | None:
    """The latest report year among the records, or None when there are none."""
    if isinstance(records, RecordSet):
        return max(records.positions("year"), default=None)
    return max((r.year for r in records), default=None)


def with_column(records: Sequence[TableRecord], keys: Iterable[str]) -> list[TableRecord]:
    """The records whose compact column is one of `keys`, in order."""
    want = set(keys)
    if isinstance(records, RecordSet):
        cols = records.positions("column")
        return records.at(i for k in want for i in cols.get(k, ()))
    return [r for r in records if compact(r.column) in want]


# --- one RecordSet per loaded index (and per filter combination) ---------------------------------------------

MAX_FILTERED = 32  # filter combinations kept per loaded index
_LOCK = threading.Lock()


def records_of(data: Any, filters: Mapping[str, Any] | None = None) -> RecordSet:
    """Every record of a loaded index narrowed by an adapter's filters ({"doc", "year", "department"}): a record of
    another document or year is left out, and so is one whose department is neither the one asked nor printed in
    its row path. Built once per index and filter combination."""
    from app.indexcache import derived

    doc = (filters or {}).get("doc") or None
    year = (filters or {}).get("year") or None
    dept = (filters or {}).get("department") or None
    key = (doc, int(year) if year else None, compact(dept) if dept else None)
    sets: dict[Any, RecordSet] = derived(data, "record_sets", dict)
    with _LOCK:
        if None not in sets:
            sets[None] = RecordSet(data.all_records())
        if key == (None, None, None):
            return sets[None]
        if key not in sets:
            if len(sets) > MAX_FILTERED:
                for k in [k for k in sets if k is not None]:
                    del sets[k]
            sets[key] = RecordSet(_filtered(sets[None], *key))
        return sets[key]


def _filtered(everything: RecordSet, doc: str | None, year: int | None, dept: str | None) -> list[TableRecord]:
    """The records of `everything` that pass the filters, in order."""
    pools = []
    if doc:
        pools.append(set(everything.positions("doc").get(doc, ())))
    if year:
        pools.append(set(everything.positions("year").get(year, ())))
    pos: Iterable[int] = set.intersection(*pools) if pools else range(len(everything))
    out = []
    for r in everything.at(pos):
        if dept and key_of(r.department or "") != dept and dept not in compact(r.row_path_text):
            continue
        out.append(r)
    return out


def section_ids_of_department(records: RecordSet, section_departments: Mapping[str, str], term: str) -> list[str]:
    """The section ids whose department (in `section_departments`, e.g. `Vocab.section_departments`) is `term` when
    made compact. The inverted mapping is kept with the mapping itself, so its id is not reused meanwhile."""
    _, inverse = records.memo(("section-departments", id(section_departments)),
                              lambda: (section_departments, _invert(section_departments)))
    return inverse.get(term, [])


def _invert(section_departments: Mapping[str, str]) -> dict[str, list[str]]:
    """compact department → its section ids."""
    out: dict[str, list[str]] = {}
    for sid, d in section_departments.items():
        out.setdefault(key_of(d or ""), []).append(sid)
    return out
