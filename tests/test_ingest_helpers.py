"""Shared helpers for the ingest tests: parse the real corpus once per session, without building an index."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from index.build import ParsedDoc, doc_keys, parse_document, read_corpus
from index.sections import document_meta
from index.store import split_lines

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@lru_cache(maxsize=None)
def parsed_corpus() -> dict[int, ParsedDoc]:
    """{year: ParsedDoc} for the real corpus."""
    files = read_corpus(CORPUS)
    metas = [document_meta(p.name, split_lines(text), "") for p, text in files]
    keys = doc_keys(metas)
    out = {}
    for (p, text), meta in zip(files, metas):
        out[meta.year] = parse_document(keys[meta.doc], meta, split_lines(text))
    return out


def parse_text(name: str, text: str) -> ParsedDoc:
    """Parse one synthetic report."""
    lines = split_lines(text)
    meta = document_meta(name, lines, "")
    return parse_document(str(meta.year), meta, lines)
