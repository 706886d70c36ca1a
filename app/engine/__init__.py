"""The question engine: parse → link → plan/execute → render, one module per stage.

- `text`: Korean text helpers (normal forms, jamo, particles); `lexicon` (+ data/lexicon.json): cue words;
- `vocab`: the index's names as typed entries; `link`: spans of a question → entries (exact, typo, partial);
- `normalize`: English in the reports' words, typos corrected; `parse`: question → `Frame` (frame.py);
- `tables`: records as tables and item sets; `execute`: operations over them; `render`: cited sentences;
- `cite`: citation collection; `conversation`: follow-ups resolved from the previous turns' frames;
- `pipeline`: the order in which these run, and the hand-over to the passage reader (app/answer.py).
"""
from app.engine.pipeline import Understood, answer_from_tables, understand

__all__ = ["Understood", "understand", "answer_from_tables"]
