"""A job series (직렬) named by what its people do, in everyday words ('땅 경계나 지번 측량하는 직렬 공무원은 몇 명?'):
the reports print the series as breakdown columns of their headcount tables ('직종별 현원': 행정, 전산, 지적 …), never
the words a user describes them by. The lexicon's `job_series` section lists such words for each column; a question
whose words before a head ('직렬', '직종', '공무원' …) hold two or more words of one column, and more than of any other,
is read again with that column ('지적직') in place of the description, like any question that names the series.

Only a column some table of the index prints is ever read, so a report without the series finds none."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.engine.text import compact

_SERIES_WORDS = ("직렬", "직종", "직군")  # heads that name the series itself, not its people
MIN_SERIES_WORDS = 2  # distinct words of one series the description must hold: one says too little ('토지 …')


@dataclass(frozen=True)
class DescribedSeries:
    column: str  # the breakdown column, as printed ('지적')
    question: str  # the question with the description replaced by the column ('지적직 공무원은 …')
    words: tuple[str, ...]  # the description's words that named it


def _printed_columns(data: Any) -> dict[str, str]:
    """The breakdown columns of the index's tables (compact → as printed)."""
    from app.engine.tables import tables_of

    return {compact(c.name): c.name for t in tables_of(data).tables for c in t.breakdown()}


def described_series(question: str, data: Any, frame: Any) -> DescribedSeries | None:
    """The job series the question describes, or None (a series named already, no head word, too few words of one
    series, or two series as close)."""
    from app.engine.described import content_words
    from app.engine.lexicon import raw_lexicon

    if frame.parts or frame.rows or frame.projects:
        return None  # ('지적직 몇 명': the series is named already)
    section = raw_lexicon().get("job_series", {})
    heads = [compact(h) for h in section.get("heads", [])]
    words = question.split()
    at = [i for i, w in enumerate(words) if any(compact(w).startswith(h) for h in heads)]
    if not at:
        return None
    printed = _printed_columns(data)
    before = [(i, set(content_words(w))) for i, w in enumerate(words[:at[-1]])]
    scores = []
    for column, said in section.get("words", {}).items():
        if compact(column) not in printed:
            continue
        forms = {compact(x) for x in said}
        hit = [(i, w) for i, ws in before for w in ws if compact(w) in forms]
        scores.append((len({w for _, w in hit}), column, hit))
    scores.sort(key=lambda s: -s[0])
    if not scores or scores[0][0] < MIN_SERIES_WORDS or (len(scores) > 1 and scores[1][0] >= scores[0][0]):
        return None
    n, column, hit = scores[0]
    first = min(i for i, _ in hit)
    if any(i < first for i in at):
        return None  # (a head before the description: '직원들이 쓰는 …' says no series)
    last = words[at[-1]]  # ('… 직렬 공무원은': the people asked of stay, the word for the series goes)
    rest = words[at[-1] + 1:] if any(compact(last).startswith(h) for h in _SERIES_WORDS) else words[at[-1]:]
    read = " ".join([*words[:first], f"{printed[compact(column)]}직", *rest])
    return DescribedSeries(printed[compact(column)], re.sub(r"\s+", " ", read).strip(), tuple(dict.fromkeys(w for _, w in hit)))
