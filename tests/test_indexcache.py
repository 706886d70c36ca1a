"""app/indexcache.py: values derived from one loaded index are built once per index object."""
from __future__ import annotations

from app.compose import _heading_lines, _states_itself
from app.indexcache import derived, sections_of
from tests.test_answer import DOC_2025, corpus_data, tiny_data


def test_derived_values_are_built_once_per_index_object() -> None:
    data, other = corpus_data(), tiny_data()
    calls: list[int] = []
    assert derived(data, "n", lambda: calls.append(1) or 1) == 1
    assert derived(data, "n", lambda: calls.append(2) or 2) == 1 and calls == [1]
    assert derived(other, "n", lambda: calls.append(3) or 3) == 3  # another index has its own


def test_sections_of_and_heading_lines_agree_with_a_scan() -> None:
    data = corpus_data()
    assert sections_of(data, DOC_2025) == [s for s in data.sections if s.doc == DOC_2025]
    assert sections_of(data, "no-such-report.txt") == []
    assert _heading_lines(data) == {(s.doc, s.line_start) for s in data.sections
                                    if not _states_itself(data.lines(s.doc)[s.line_start - 1])}


def test_usable_labels_are_worked_out_once_per_vocabulary() -> None:
    from app.analyze import _label_usable, _usable_labels
    from app.vocab import vocab_for

    vocab = vocab_for(corpus_data())
    usable = _usable_labels(vocab)
    assert usable is _usable_labels(vocab)
    assert usable == {k: v for k, v in vocab.labels.items() if _label_usable(k)} and usable
