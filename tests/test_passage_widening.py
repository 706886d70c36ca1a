"""A project named by its heading is read whole: a line that names nothing itself ('(소요예산) 150백만원') is found
even when retrieval ranked the chunk holding it below the project's other chunks."""
from __future__ import annotations

from app.answer import answer
from app.compose import widen_to_passages
from tests.test_answer import corpus_index


def test_a_budget_bullet_outside_the_retrieved_chunks_is_read() -> None:
    a = answer("AI 페스타에 들어가는 예산은 얼마나 돼?", index=corpus_index())
    assert not a.abstained and "150백만원" in a.text, a.text
    assert any("1-3. 서울 AI 페스타" in c.section for c in a.citations), a.citations


def test_widening_adds_only_chunks_of_a_passage_whose_headings_name_every_term() -> None:
    idx = corpus_index()
    found = list(idx.search("AI 페스타 예산 얼마야", k=8, method="bm25"))
    budget = [h for h in found if any("(소요예산)" in ln for ln in h.chunk.text.splitlines())]
    assert budget, "the project's 사업개요 chunk is retrieved for the full question"
    hits = [h for h in found if h not in budget]  # as when retrieval ranks it below the project's other chunks
    widened = widen_to_passages(idx.data, hits, ["AI", "페스타"])
    added = [h for h in widened if h.chunk.chunk_id not in {x.chunk.chunk_id for x in hits}]
    assert budget[0].chunk.chunk_id in {h.chunk.chunk_id for h in added}
    assert all("AI 페스타" in " ".join(h.chunk.section_path) for h in added)
    assert [h.rank for h in widened] == list(range(1, len(widened) + 1))
    # most terms named by no heading: nothing is added
    assert len(widen_to_passages(idx.data, hits, ["AI", "관람객", "만족도"])) == len(hits)
