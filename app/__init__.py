"""Answering layer: `app.answer(question, filters=None) -> Answer`."""
from __future__ import annotations

from typing import Any


def answer(question: str, filters: dict[str, Any] | None = None, **kwargs: Any):  # noqa: ANN201
    """Answer one question; see `app.answer.answer`."""
    from app.answer import answer as _answer

    return _answer(question, filters, **kwargs)
