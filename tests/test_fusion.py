"""Fusion math on hand-computed cases."""
from __future__ import annotations

import pytest

from index.fusion import convex, fuse, rrf


def test_rrf_hand_computed() -> None:
    got = rrf([[("a", 9.0), ("b", 5.0)], [("b", 0.9), ("c", 0.8)]], k=60)
    assert [i for i, _ in got] == ["b", "a", "c"]
    assert got[0][1] == pytest.approx(1 / 62 + 1 / 61)
    assert got[1][1] == pytest.approx(1 / 61)
    assert got[2][1] == pytest.approx(1 / 62)


def test_rrf_weights_change_the_order() -> None:
    lists = [[("a", 1.0), ("b", 0.5)], [("b", 1.0), ("a", 0.5)]]
    assert rrf(lists, [2.0, 1.0], k=1)[0][0] == "a"
    assert rrf(lists, [1.0, 2.0], k=1)[0][0] == "b"


def test_rrf_counts_a_repeated_id_once_per_list() -> None:
    got = dict(rrf([[("a", 3.0), ("a", 2.0), ("b", 1.0)]], k=0))
    assert got == {"a": pytest.approx(1.0), "b": pytest.approx(1 / 3)}


def test_rrf_ties_keep_first_seen_order() -> None:
    assert [i for i, _ in rrf([[("x", 1.0)], [("y", 1.0)]])] == ["x", "y"]


def test_rrf_weight_count_must_match() -> None:
    with pytest.raises(ValueError, match="2 weights for 1 rankings"):
        rrf([[("a", 1.0)]], [1.0, 1.0])


def test_convex_min_max_normalised() -> None:
    got = dict(convex([[("a", 10.0), ("b", 5.0), ("c", 0.0)], [("c", 0.9), ("b", 0.5)]], [1.0, 1.0]))
    assert got["a"] == pytest.approx(0.5)  # 1.0 in the first list, absent from the second
    assert got["b"] == pytest.approx(0.5 * 0.5 + 0.5 * 0.0)
    assert got["c"] == pytest.approx(0.0 + 0.5 * 1.0)


def test_fuse_rejects_unknown_method() -> None:
    with pytest.raises(ValueError, match="expected 'rrf' or 'convex'"):
        fuse("max", [])


def test_empty_inputs() -> None:
    assert rrf([]) == []
    assert convex([[], []]) == []
