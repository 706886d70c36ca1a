"""`python -m eval retrieval --dev`: line- and section-level hit@k on a tiny hand-made index."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from eval.retrieval import _dev_table, deepest_section, dev_found, gold_sections, hit_rates, score_dev
from index.models import Chunk, Document, Section
from index.search import Hit

DOC = "r-2026.txt"
SECTIONS = [
    Section("2026:3", DOC, ("3. 현안",), "3. 현안", 1, None, 10, 40),
    Section("2026:3.1", DOC, ("3. 현안", "3.1. 재해복구"), "3.1. 재해복구", 2, "데이터센터", 12, 25, "2026:3"),
    Section("2026:3.2", DOC, ("3. 현안", "3.2. 와이파이"), "3.2. 와이파이", 2, None, 26, 40, "2026:3"),
]


def chunk(section: str, start: int, end: int, lines: tuple[int, ...] = ()) -> Chunk:
    """A text chunk of the 2026 report."""
    return Chunk(f"{section}:{start}-{end}", DOC, 2026, section, (), "text", start, end, "본문", "본문", lines=lines)


C_31A = chunk("2026:3.1", 12, 18)
C_31B = chunk("2026:3.1", 19, 25)
C_32 = chunk("2026:3.2", 26, 40)
C_3 = chunk("2026:3", 10, 11)
C_TABLE = chunk("2026:3.2", 30, 35, lines=(26, 30, 31))  # repeated header line 26


@dataclass
class Q:
    id: str
    question: str
    lines: dict[str, tuple[int, ...]]
    phrasing: str | None = None
    answerable: bool = True


@dataclass
class FakeIndex:
    """Returns a fixed ranking per question, whatever the method."""

    rankings: dict[str, list[Chunk]]
    data: SimpleNamespace = field(default_factory=lambda: SimpleNamespace(
        sections=SECTIONS, documents=[Document(DOC, "2026년 현안", 2026, "2026. 3. 31.", "x", 40)]))

    def search(self, query: str, k: int = 10, method: str = "hybrid") -> list[Hit]:
        return [Hit(c, 1.0 / r, r) for r, c in enumerate(self.rankings.get(query, [])[:k], start=1)]


def test_deepest_section_is_the_narrowest_level() -> None:
    assert deepest_section(SECTIONS, DOC, 20).section_id == "2026:3.1"
    assert deepest_section(SECTIONS, DOC, 11).section_id == "2026:3"  # parent's own lines before 3.1
    assert deepest_section(SECTIONS, DOC, 5) is None
    assert deepest_section(SECTIONS, "other.txt", 20) is None


def test_gold_sections_by_year() -> None:
    assert gold_sections(SECTIONS, {2026: DOC}, {"2026": (20, 30)}) == {"2026:3.1", "2026:3.2"}
    assert gold_sections(SECTIONS, {2026: DOC}, {"2025": (20,)}) == set()  # no document of that year


def test_section_hit_is_strict_same_section_or_line() -> None:
    gold = {"2026": (14,)}
    secs = gold_sections(SECTIONS, {2026: DOC}, gold)
    # same section, other lines: section hit, not a line hit
    assert dev_found([C_31B], gold, secs, 2) == ([False, False], [True, False])
    # the parent section's chunk is not a hit (strict), nor a sibling
    assert dev_found([C_3, C_32], gold, secs, 2) == ([False, False], [False, False])
    # a chunk that contains the line is a hit at both levels
    assert dev_found([C_32, C_31A], gold, secs, 3) == ([False, True, False], [False, True, False])


def test_section_hit_when_chunk_contains_line_of_parent_section() -> None:
    gold = {"2026": (11,)}  # deepest section is 2026:3
    secs = gold_sections(SECTIONS, {2026: DOC}, gold)
    assert secs == {"2026:3"}
    assert dev_found([C_3], gold, secs, 1) == ([True], [True])
    assert dev_found([C_31A], gold, secs, 1) == ([False], [False])  # a descendant is not counted


def test_table_chunk_lines_include_header() -> None:
    gold = {"2026": (26,)}
    assert dev_found([C_TABLE], gold, set(), 1)[0] == [True]
    assert dev_found([C_TABLE], {"2026": (28,)}, set(), 1)[0] == [False]  # 28 is not among its lines


def test_hit_rates() -> None:
    found = [[False, True], [True, False], [False, False], [False, False]]
    assert hit_rates(found, (1, 2)) == {"hit@1": 0.25, "hit@2": 0.5}
    assert hit_rates([], (1,)) == {"hit@1": 0.0}


def test_score_dev_splits_phrasing_and_levels() -> None:
    questions = [
        Q("a", "재해복구 예산", {"2026": (14,)}, "literal"),     # line hit at rank 1
        Q("b", "DR 얼마", {"2026": (14,)}, "paraphrase"),          # section hit at rank 2 only
        Q("c", "와이파이", {"2026": (30,)}, "paraphrase"),         # miss at both levels
    ]
    index = FakeIndex({
        "재해복구 예산": [C_31A, C_32],
        "DR 얼마": [C_32, C_31B],
        "와이파이": [C_31A, C_3],
    })
    out = score_dev(index, questions, ["bm25", "hybrid"], ks=(1, 5))
    assert out["n_questions"] == 3
    m = out["methods"]["bm25"]
    assert m["all"] == {"hit@1": 0.3333, "hit@5": 0.3333, "section_hit@1": 0.3333, "section_hit@5": 0.6667, "n": 3}
    assert m["literal"] == {"hit@1": 1.0, "hit@5": 1.0, "section_hit@1": 1.0, "section_hit@5": 1.0, "n": 1}
    assert m["paraphrase"] == {"hit@1": 0.0, "hit@5": 0.0, "section_hit@1": 0.0, "section_hit@5": 0.5, "n": 2}
    assert out["misses"]["hybrid"] == ["b", "c"] and out["section_misses"]["hybrid"] == ["c"]
    table = _dev_table(out)
    assert table.splitlines()[0].split() == ["method", "group", "n", "hit@1", "hit@5", "section_hit@1",
                                             "section_hit@5"]
    assert "bm25     section misses@5: c" in table


def test_dev_command_on_built_index(built_index, capsys) -> None:  # noqa: ANN001 - pytest fixtures
    import json
    from pathlib import Path

    from eval.retrieval import main

    dev = Path(__file__).resolve().parent.parent / "eval" / "data" / "dev.jsonl"
    assert main(["--dev", str(dev), "--index-dir", str(built_index), "--methods", "bm25", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    s = out["methods"]["bm25"]["all"]
    assert set(s) == {"hit@1", "hit@5", "section_hit@1", "section_hit@5", "n"}
    assert s["section_hit@5"] >= s["hit@5"] > 0.5  # a line hit is always a section hit
