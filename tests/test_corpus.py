"""corpus/ holds byte-identical copies whose sha256 is recorded in corpus/README.md (citations depend on them)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_every_corpus_file_matches_the_checksum_in_the_readme() -> None:
    table = dict(re.findall(r"\| `([^`]+\.txt)` \| `([0-9a-f]{64})` \|", (CORPUS / "README.md").read_text("utf-8")))
    files = sorted(p.name for p in CORPUS.glob("*.txt"))
    assert sorted(table) == files, "corpus/README.md must list the sha256 of every corpus file"
    for name in files:
        assert hashlib.sha256((CORPUS / name).read_bytes()).hexdigest() == table[name], f"{name} changed"
