"""Coverage: which content words of a question no stage accounted for.

A table operation answers only when every noun of the question is a linked name, a cue of the frame (measure,
operation, class, order, comparator, year) or a filler word. A noun the reports never print means the reports
cannot answer ('인건비 비중' has no 인건비); a noun they print but the frame did not use means the table
operation would answer something else, so the passage reader takes the question instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from app.engine.frame import Frame
from app.engine.lexicon import Lexicon, lexicon
from app.engine.parse import SUBCLAUSE_WHO
from app.engine.text import compact, is_hangul
from app.engine.vocab import Vocabulary

NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "XR")


@dataclass
class Coverage:
    absent: list[str] = field(default_factory=list)  # nouns the reports never print
    unused: list[str] = field(default_factory=list)  # nouns the reports print that the frame did not use

    @property
    def complete(self) -> bool:
        return not self.absent and not self.unused


def _cue_spans(key: str, cues: Iterable[str]) -> list[tuple[int, int]]:
    out = []
    for c in cues:
        if not c:
            continue
        start = key.find(c)
        while start >= 0:
            out.append((start, start + len(c)))
            start = key.find(c, start + 1)
    return out


GLOSSARY_BLIND_OPS = frozenset({"rank", "list", "count", "sum", "diff", "ratio"})


def explained_spans(f: Frame, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans of the compact question that a stage used (names, cues, years, numbers)."""
    key = f.key
    links = list(f.linked.links if f.linked else [])
    if f.op in GLOSSARY_BLIND_OPS:  # 'AI 관련 사업 중 제일 큰 것': a ranking cannot filter by a glossary term
        links = [lk for lk in links if not (lk.kinds and lk.kinds <= {"glossary", "alias"})]
    spans: list[tuple[int, int]] = []
    for lk in links:  # ('지적직': a job series named with its '직')
        series = bool(lk.kinds & {"part", "column"}) and key[lk.end:lk.end + 1] == "직"
        # ('서울AI재단 출연금': the row '서울AI재단 출연' named with the '금' its figures are)
        money = "row" in lk.kinds and key[lk.end:lk.end + 1] == "금" and not key[lk.end + 1:lk.end + 2] == "액"
        spans.append((lk.start, lk.end + (1 if series or money else 0)))
    if f.subject:  # a two-step question's subject is read from passages (execute.unit_of_subject)
        at = max(0, key.find(compact(f.subject)))  # (after where the asker reads: '2025년 보고서 기준 …')
        n = at + len(compact(f.subject))
        spans.append((at, n))
        m = SUBCLAUSE_WHO.search(key, n)
        if m:  # '… 관리하는 부서': the clause that says the unit does it
            spans.append((m.start(), m.end()))
    if f.member:  # '지도서비스팀 있는 과': the words that ask for the unit the team belongs to
        from app.engine.parse import _CONTAINER

        at = key.find(compact(f.member))
        m = _CONTAINER.match(key, at + len(compact(f.member))) if at >= 0 else None
        if m:
            spans.append((m.start(), m.end()))
    for m in lex.metrics.values():
        spans += _cue_spans(key, m.cues)
    for cues in lex.operations.values():
        spans += _cue_spans(key, cues)
    for c in lex.classes.values():
        spans += _cue_spans(key, c.cues)
    for cues in lex.order.values():
        spans += _cue_spans(key, cues)
    from app.engine.parse import _HOW_WELL_SPENT

    spans += [(m.start(), m.end()) for m in _HOW_WELL_SPENT.finditer(key)]  # '집행이 가장 부진한': a rate ranked
    for cues in lex.comparators.values():
        spans += _cue_spans(key, cues)
    spans += _cue_spans(key, lex.relative_years)
    from app.engine.execute import TABLE_HINTS

    spans += _cue_spans(key, TABLE_HINTS)  # '세입', '세출': which kind of table, read by the lookups
    from app.engine.parse import _REPORT_MENTION

    spans += [(m.start(), m.end()) for m in _REPORT_MENTION.finditer(key)]  # '2025년 주요 업무보고'
    spans += _cue_spans(key, ("업무보고", "주요업무보고", "현안업무보고", "현안보고", "보고서"))
    spans += _cue_spans(key, lex.everyday)
    from app.engine.lexicon import raw_lexicon

    signs = raw_lexicon().get("signs", {})
    spans += _cue_spans(key, [compact(w) for k in ("pos", "neg") for w in signs.get(k, [])])  # '과부족 플러스인
    # '계약 말고 진짜 나간 돈': a word set aside as not what is asked needs no evidence (an exclusion from a count
    # or sum, '기본경비 빼고', is still a name the operation must find)
    spans += [(m.start(1), m.end(1)) for m in re.finditer(r"([가-힣A-Za-z]{1,10}?)(?:은|는|이|가)?(?:말고|아니고)", key)]
    spans += [(m.start(1), m.end(1)) for m in re.finditer(r"[가-힣A-Za-z)](?:은|는|을|를|이|가)?(제외)(?:한|하고|하면|시킨)", key)]
    if any(c.comparator == "flag" for c in f.conditions):  # '순증으로 표시된', '순증인': the mark a condition asks
        from app.engine.parse import FLAG_ASKED

        spans += [(m.start(), m.end()) for m in FLAG_ASKED.finditer(key)]
    # '몇 %p 차이': percentage points, the unit of a difference of two rates
    spans += [(m.start(), m.end()) for m in re.finditer(r"(?:%|퍼센트|프로)(?:p|P|포인트)", key)]
    return spans


def coverage(f: Frame, vocab: Vocabulary, lex: Lexicon | None = None, headings: bool = False) -> Coverage:
    """The question's nouns that no stage explained, split by whether the reports print them. With `headings`, the
    headings tables sit under ('행정사무감사 처리결과') count as explained: the table reader reads them as names of
    the tables."""
    from app.analyze import without_conjunction
    from index.tokenize import get_kiwi

    lex = lex or lexicon()
    spans = explained_spans(f, lex)
    if f.among is not None:  # '사업소를 제외한 본청 6개 과': the words that keep the units to one kind
        from app.engine.parse import group_spans

        spans += group_spans(f.key, vocab.unit_groups, lex)
    # a table's title named ('집행현황에서', '세출총괄 기준') says which table to read: the lookups read it
    spans += _cue_spans(f.key, vocab.derived("table_title_pieces", lambda: _table_title_pieces(vocab)))
    if headings:
        spans += _cue_spans(f.key, vocab.derived("heading_pieces", lambda: _table_title_pieces(vocab, "heading")))
    from app.engine.lexicon import raw_lexicon

    spans += _cue_spans(f.key, raw_lexicon().get("staff_shortfall", {}).get("cues", []))  # '결원이 발생한'
    if f.op == "diff":  # '아직 계약 안 걸린 돈': the budget left over, a difference of the row's two measures
        from app.analyze import remainder_spans

        spans += remainder_spans(f.key)
    if (f.klass or "").startswith("rows:"):  # '분야': the rows a ranking ranges over, named by their table's header
        spans += _cue_spans(f.key, [f.klass[5:]])
    text = f.text
    compact_pos = []
    n = 0
    for ch in text:
        compact_pos.append(n)
        if not ch.isspace():
            n += 1
    out = Coverage()
    from app.analyze import unprinted_person_qualifiers

    for cue in unprinted_person_qualifiers(f.text, vocab.in_corpus):  # '남직원 수': a breakdown never printed
        if not any(cue in w for w in out.absent):
            out.absent.append(cue)
    for tok in get_kiwi().tokenize(text):
        tag = str(tok.tag).split(".")[-1]
        if not tag.startswith(NOUN_TAGS):
            continue
        word = compact(tok.form)
        if len(word) < 2 and not word.isascii():
            continue
        if word in lex.fillers or word in lex.question_words or word.isdigit():
            continue
        if tok.start >= len(compact_pos):
            continue
        a = compact_pos[tok.start]
        b = a + len(compact(text[tok.start:tok.start + tok.len]))
        if any(s <= a and b <= e for s, e in spans) or _inside_project(f, a, b):
            continue
        bare = without_conjunction(word)  # '고도화랑': a name with the conjunction Kiwi left on it
        if bare and any(s <= a and a + len(bare) <= e for s, e in spans):
            continue
        if _covered_piecewise(a, b, spans):
            continue
        if word.isascii() and f.lang == "en" and word.lower() not in vocab.corpus_key.lower():
            continue  # an English word with no Korean counterpart in the lexicon: the linked names carry the question
        if f.op in ("rank", "list", "count") and len(word) >= 2 and f.key[b:b + 2] == "항목" and any(
                word in compact(r) for r in f.rows):
            continue  # ('기타이자수입 가운데 … 가장 큰 이자 항목': the items named by a word of the row they sit under)
        if vocab.in_corpus(word) or (word.isascii() and word.lower() in vocab.corpus_key.lower()):
            out.unused.append(word)
        elif any(is_hangul(c) for c in word) or word.isascii():
            out.absent.append(word)
    return out


def _covered_piecewise(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    """Every character of [a, b) lies in some explained span."""
    return all(any(s <= i < e for s, e in spans) for i in range(a, b))


def _table_title_pieces(vocab: Vocabulary, kind: str = "table") -> list[str]:
    """Table titles and their openings and endings of four letters or more ('집행현황' of '세출예산 집행현황') or a
    dimension of three ('회계별'), longest first."""
    titles = [k for k, es in vocab.entries.items() if len(k) >= 3 and any(e.kind == kind for e in es)]
    pieces = {t[:n] for t in titles for n in range(4, len(t) + 1)} | {t[-n:] for t in titles for n in range(4, len(t) + 1)}
    # the dimension a title ends on, three letters will do ('회계별' of '세출총괄 회계별', '부서별')
    pieces |= {t[-3:] for t in titles if t.endswith("별") and len(t) >= 5}
    return sorted(pieces | set(titles), key=len, reverse=True)


def _inside_project(f: Frame, a: int, b: int) -> bool:
    """A word of the project's title the question names, as printed or with a one-letter slip ('빅데이타' in
    '『빅데이터 서비스 플랫폼』 통합 운영')."""
    from app.engine.text import jamo_distance

    word = f.key[a:b]
    if len(f.projects) >= 2:  # ('페스타랑': the particle that joins the two)
        word = re.sub(r"(?:이랑|랑|하고|와|과)$", "", word) or word
    n = len(word)
    for p in f.projects:  # (two projects named together: a word of either)
        title = compact(p.text)
        if word in title or (n >= 3 and any(jamo_distance(word, title[i:i + n], 1) <= 1
                                            for i in range(len(title) - n + 1))):
            return True
    return False
