"""A project named by what it does, in everyday words the reports never use ('테니스장 예약 때 자동 클릭 프로그램
막는 사업, 예산 얼마?'): the words that describe it are one noun phrase modified by a clause ('… 막는 사업'), set
apart from what is asked by a comma or a topic particle. The project is the passage that keyword retrieval (BM25)
and the embedding model both rank first for the description alone; when they disagree, or the description names too
little, nothing is found. The question is then read with the project's title in place of the description, so every
check of a question that names the project by its title applies (the asked words must be printed, the year must be
covered), and the answer says how it was read.

Measured on every single-turn eval set (see docs/engine.md): of the questions whose reading refused and whose
description the two retrievals agree on, most are answered from the right passage; no unanswerable one was."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from app.engine.text import compact

MIN_DESCRIPTION_NOUNS = 3  # content nouns the description must hold: fewer say too little to find a project by
MIN_REST_CHARS = 3  # what is asked after the description ('언제?'): at least this long
_NOUNS = ("NNG", "NNP", "SL")
_BOUNDARY_PARTICLES = ("은", "는")  # a topic particle closes the description ('… 확인받는 기능은 언제부터 …')
_NUMBERING = re.compile(r"^\s*(?:[IVX]+\.|\d+(?:[.-]\d+)*\.?)\s*")


@dataclass(frozen=True)
class Described:
    description: str  # the words that describe the project, as asked
    rest: str  # what is asked about it
    title: str  # the project's title, as printed (numbering and quotes left out)
    doc: str
    passage: str  # the project passage's section path

    line: str = ""  # the passage's line (in the reports' words) nearest in meaning to the description
    weak: bool = False  # found by WEAK_VOTES opinions only: answered from a typed line (typed_lines) or not at all

    @property
    def question(self) -> str:
        return f"{self.title} {self.rest}"

    @property
    def line_question(self) -> str:
        """What is asked, of the passage's line the description means ('… 종이 증명서 대신 폰으로 확인받는 거' →
        '서울은 앱 기반 복지대상자 모바일 자격확인 서비스 도입 언제부터 …'); '' when no line stood out."""
        return f"{self.line} {self.rest}" if self.line else ""


def split(question: str) -> tuple[str, str] | None:
    """(description, what is asked) when the question opens with a noun phrase that a clause modifies, closed by a
    comma or a topic particle ('… 쓰는 거 도와주는 봉사 활동, 한 곳에 몇 명씩 …'), or else by its head word of the
    lexicon followed, after a space, by what is asked ('… 위치 매기는 사업 돈 얼마야?', '… 복사해두는 장비 늘리는 거
    언제 해?': the last such head), or with a clause of what was heard closed by a comma ('… 새로 만든다던데, …');
    None otherwise."""
    from index.tokenize import get_kiwi

    toks = get_kiwi().tokenize(question)
    modified = False
    nouns = 0
    last_head = None  # (description, rest) at the last head word followed by a new phrase
    heard = None  # (description, rest) at a heard clause's comma after such a head ('… 체계 강화한다던데, …')
    bare = None  # (description, rest) of a bare noun phrase closed by the first comma
    for i, t in enumerate(toks):
        if modified and nouns and i > 0 and _head_then_new_phrase(toks, i):
            found = _parts(question, toks, i, toks[i - 1].start + toks[i - 1].len, t.start)
            last_head = found or last_head
        if t.tag == "ETM":
            modified, nouns = True, 0  # the head noun phrase starts after the last modifying clause
            continue
        if t.tag in _NOUNS or t.tag == "NNB":
            nouns += 1
            continue
        if t.tag == "SP" and t.form == "," and modified and nouns and i >= 3 and \
                re.search(r"있잖(?:아요|아|습니까)$", question[:t.start].rstrip()):
            # '… 싹쓸이하는 문제 있잖아, 2024년에 …': the description closed by '있잖아' (you know the one; Kiwi reads it
            # 있 + 잖아, or 있 + 지 + 않 + 아)
            at = next((j for j in range(i - 1, -1, -1) if toks[j].form == "있"), None)
            if at is not None and at >= 1 and toks[at - 1].tag in (*_NOUNS, "NNB", "XSN"):
                found = _parts(question, toks, at, toks[at - 1].start + toks[at - 1].len, t.start + t.len)
                if found:
                    return found
        if t.tag == "SP" and t.form == "," and not modified and bare is None and i >= MIN_DESCRIPTION_NOUNS and all(
                x.tag in (*_NOUNS, "XSN") or x.tag == "SP" and x.form != "," for x in toks[:i]):
            # '길거리 공짜 무선인터넷 기계, 고장 나면 …': a bare noun phrase, no clause, closed by a comma; read only when
            # no clause-modified description follows ('유명 아이돌 공연 날 개방화장실, 응급진료소 … 띄워줬던 서비스, …')
            bare = _parts(question, toks, i, t.start, t.start + t.len)
        closes = (t.tag == "SP" and t.form == ",") or (t.tag == "JX" and t.form in _BOUNDARY_PARTICLES) or (
            t.tag == "JKS" and any(x.form in _ASKED_NEXT for x in toks[i + 1:i + 3]))  # ('… 맡고 있는 기계가 전부 몇 대')
        if closes and modified and nouns and i > 0 and toks[i - 1].tag in (*_NOUNS, "NNB", "XSN"):
            # ('… 접속 체계 강화한다던데, 재택은 …': '재택' is no head; the head found before, or the heard clause, is)
            found = _parts(question, toks, i, t.start, t.start + t.len) or heard or last_head
            if found or t.form != ",":
                return found
            modified = False  # ('땅속에 묻힌 수도관, 가스관 같은 걸 …': a comma of a list of things, not the end)
        if t.tag == "SP" and t.form == "," and heard is None and i > 0 and toks[i - 1].tag == "EC" and \
                toks[i - 1].form.endswith(_HEARSAY) and sum(x.tag in _NOUNS for x in toks[:i]) >= MIN_DESCRIPTION_NOUNS:
            rest = question[t.start + t.len:].strip(" ,")  # '… 책장을 들인다던데, 얼마나 더 보관할 수 있게 돼?'
            if last_head is None:
                return (question[:t.start].strip(), rest) if len(rest) >= MIN_REST_CHARS else None
            if len(rest) >= MIN_REST_CHARS:  # ('… 보안 접속 체계 강화한다던데, …': the heard clause, head and all)
                heard = (question[:t.start].strip(), rest)
    return heard or last_head or bare


_ASKED_NEXT = frozenset({"몇", "얼마", "얼마나", "언제", "어디", "누구", "무엇", "뭐", "어느"})  # a subject then what is asked
_HEARSAY = ("던데", "는데", "다던데", "다는데")  # a clause that tells what was heard of the project, then a comma


def _parts(question: str, toks: list[Any], i: int, end: int, rest_from: int) -> tuple[str, str] | None:
    """(description up to `end`, what is asked from `rest_from`) when the description names enough and its head is a
    word for a project or service; None otherwise."""
    description = question[:end].strip()
    rest = re.sub(r"^있잖아요?\s*,?\s*", "", question[rest_from:].strip(" ,"))  # ('… 서비스 있잖아요, 거기서 …')
    content = [x for x in toks[:i] if x.tag in _NOUNS]
    at = next((j for j in range(i - 1, -1, -1) if toks[j].tag != "XSN"), None)
    # the head with its suffixes ('공유' + '기': '공유기'), not the plural ('봉사자' + '들')
    head = "".join(x.form for x in toks[at:i] if x.tag in (*_NOUNS, "NNB", "XSN") and x.form != "들") \
        if at is not None else ""
    if len(content) >= MIN_DESCRIPTION_NOUNS and len(rest) >= MIN_REST_CHARS and _names_a_thing(head):
        return description, rest
    return None


def _head_then_new_phrase(toks: list[Any], i: int) -> bool:
    """Whether token i opens a new phrase right after a description's head word ('… 막는 거 | 언제 해?', '… 사업 |
    돈 얼마야?'): the token before is a head word of the lexicon, token i is a word of its own (a space between: '사업비'
    is one word) and not a particle, suffix or ending that goes on with the head's phrase."""
    from app.engine.lexicon import lexicon

    prev = toks[i - 1]
    if prev.tag not in (*_NOUNS, "NNB") or not _names_a_thing(prev.form):
        return False
    if any(compact(prev.form) in m.cues for m in lexicon().metrics.values()):
        return False  # '… 사업 돈 | 얼마야?': '돈' is what is asked, not the thing described
    return toks[i].tag in ("NNG", "NNP", "NNB", "NR", "SN", "MAG", "MM", "VV", "VA", "VX", "NP") and \
        toks[i].start > prev.start + prev.len


def _names_a_thing(head: str) -> bool:
    """Whether the description's head noun is a word for a project or service itself (lexicon `described.heads`:
    '사업', '서비스', '봉사', '거'), not for what is asked of one ('… 수행하는 업체는', '… 목표 인원은')."""
    from app.engine.lexicon import lexicon

    return any(compact(head).endswith(h) for h in lexicon().described_heads)


def semantic(idx: Any) -> bool:
    """Whether the index's dense leg is a model of meaning (not the `hash` embedder of tests and of builds without a
    model): only then is its ranking a second opinion on what a description means."""
    config = getattr(getattr(idx, "data", None), "config", None) or {}
    spec = str((config.get("search") or {}).get("embedder_spec") or "")
    return bool(spec) and not spec.startswith("hash")


def _top_passage(idx: Any, text: str, method: str) -> tuple[str, str] | None:
    """(doc, passage path) of the best project passage (a numbered section under a chapter) for the text."""
    from app.compose import _passage

    try:
        hits = idx.search(text, k=20, method=method)
    except Exception:  # noqa: BLE001 - no embedding model or dense leg: no second opinion, nothing found
        return None
    for h in hits:
        passage = _passage(" > ".join(h.chunk.section_path))
        if " > " in passage and h.chunk.kind == "text":
            return h.chunk.doc, passage
    return None


def _agreed(idx: Any, text: str) -> tuple[str, str] | None:
    """The passage keyword and embedding retrieval both rank first for the text, or None when they disagree."""
    bm25 = _top_passage(idx, text, "bm25")
    dense = _top_passage(idx, text, "dense")
    return bm25 if bm25 is not None and bm25 == dense else None


_YEAR_ASKED = re.compile(r"(20\d{2})\s*년|(?<![\d.])['’]?(\d{2})\s*년")


def _discriminators(rest: str) -> list[str]:
    """What is asked that a passage must print to be the one asked about: the years named (as '2027' or ''27') and
    the nouns of what is asked ('매년' of '매년 얼마만큼씩 해?')."""
    from index.tokenize import get_kiwi

    out = [f"20{m.group(2)}" if m.group(2) else m.group(1) for m in _YEAR_ASKED.finditer(rest)]
    how_often = [t.form for t in get_kiwi().tokenize(rest) if t.tag == "MAG" and re.fullmatch(r"매[가-힣]", t.form)]
    return out + [compact(n) for n in asked_nouns(rest) + how_often if len(compact(n)) >= 2]


def _settled_by_what_is_asked(idx: Any, description: str, rest: str) -> tuple[str, str] | None:
    """When keyword and embedding retrieval each rank another passage first for a description, the one of the two
    whose text prints everything the rest of the question asks about ('… 2027년에는 돈 얼마', '매년 얼마만큼씩') while
    the other does not; None when nothing is asked that tells them apart, or both (or neither) print it."""
    a, b = _top_passage(idx, description, "bm25"), _top_passage(idx, description, "dense")
    asked = _discriminators(rest)
    if a is None or b is None or a == b or not asked:
        return None
    from app.compose import _passage_key
    from app.indexcache import sections_of

    def prints_all(found: tuple[str, str]) -> bool:
        doc, passage = found
        at = next((s.line_start for s in sections_of(idx.data, doc) if " > ".join(s.path) == passage), None)
        if at is None:
            return False
        text = _passage_key(idx.data, doc, at)
        return all(w in text or (w.isdigit() and f"'{w[2:]}" in text) for w in asked)

    fits = [x for x in (a, b) if prints_all(x)]
    return fits[0] if len(fits) == 1 else None


MIN_VOTES = 4  # of the six opinions, how many must name the passage
WEAK_VOTES = 3  # fewer: the passage is only read for a line with a value of the kind asked under it (typed_lines)
VOTE_LEAD = 2  # and by how many it must lead the next passage


LINE_TIE_LEAD = 2  # concepts by which the best line of one voted passage must lead the other's


def _by_best_line(idx: Any, description: str, votes: Counter[tuple[str, str]]) -> tuple[str, str] | None:
    """When the vote splits between two passages (neither leads by VOTE_LEAD), the one whose best line prints
    LINE_TIE_LEAD more of the description's words (or their glosses) than any line of the other
    ('… 다른 센터에 똑같이 복제해 두는 작업': '서울시 대표누리집 재해복구 구축' prints 대표, 누리집, 복구); None when
    neither line leads so or prints fewer than MIN_LINE_CONCEPTS + 1 of the words. Found so, the passage is only
    read for a line with a value of the kind asked (weak). `votes`: the six opinions (`_vote_counts`)."""
    ranked = [p for p, n in votes.most_common(2) if n >= 2]
    if len(ranked) != 2:
        return None
    best = []
    for doc, passage in ranked:
        try:
            lines = idx.data.lines(doc)
        except (KeyError, IndexError, AttributeError):  # (a passage of no document the data holds)
            return None
        best.append(max((_printed_distinct(description, lines[ln - 1]) for ln in _passage_lines(idx.data, doc, passage)
                         if not _common_field(idx.data, lines[ln - 1])), default=0))
    top = max(range(2), key=lambda i: best[i])
    if best[top] < MIN_LINE_CONCEPTS + 1 or best[top] - best[1 - top] < LINE_TIE_LEAD:
        return None
    return ranked[top]


def _outvoted_by_line(idx: Any, description: str, votes: Counter[tuple[str, str]],
                      winner: tuple[str, str]) -> tuple[str, str] | None:
    """The vote's runner-up when its best line prints LINE_TIE_LEAD more of the description's rare words
    (`_rare_forms`) than any line of the winner, and three or more of them (two when the winner's lines print none):
    the winner then shares only the field of the thing described ('… 대표 홈페이지가 멈춰도 되살리는 작업': the line
    '서울시 대표누리집 재해복구 구축' of one project, not another project's disaster drills); None when the winner's
    lines hold their own."""
    ranked = [p for p, n in votes.most_common(2) if n >= 2]
    if len(ranked) != 2 or winner not in ranked:
        return None
    runner = ranked[1] if ranked[0] == winner else ranked[0]
    rare_forms = _rare_forms(idx.data, description)
    if not rare_forms:
        return None
    try:
        rare = [_best_rare_line(idx.data, rare_forms, p) for p in (winner, runner)]
    except (KeyError, IndexError, AttributeError):  # (a passage of no document the data holds)
        return None
    if rare[1] - rare[0] >= LINE_TIE_LEAD and (rare[1] >= MIN_LINE_CONCEPTS + 1 or rare[0] == 0):
        return runner  # (two rare words on one line, where the winner's lines print none, will do)
    return None


RARE_LINE_SHARE = 0.015  # a word printed on more of the reports' lines than this says little of which thing is meant


def _rare_forms(data: Any, description: str) -> list[list[str]]:
    """The description's words (each with its glosses) that few lines of the reports print (RARE_LINE_SHARE:
    '대표', '누리집', '복구'; not '시민', '활용', 'AI')."""
    from app.indexcache import derived

    every = derived(data, "described_compact_lines",
                    lambda: [compact(ln).lower() for d in data.documents for ln in data.lines(d.doc)])
    limit = RARE_LINE_SHARE * len(every)
    return [f for f in _concept_forms(description) if f and sum(any(x in ln for x in f) for ln in every) <= limit]


def _best_rare_line(data: Any, rare: list[list[str]], found: tuple[str, str]) -> int:
    """How many of the rare words (`_rare_forms`) the passage's best line prints."""
    doc, passage = found
    lines = data.lines(doc)
    return max((sum(any(x in key for x in f) for f in rare) for ln in _passage_lines(data, doc, passage)
                if not _common_field(data, lines[ln - 1]) for key in [compact(lines[ln - 1]).lower()]), default=0)


def _head_noun(description: str) -> str | None:
    """The last noun of a description, the thing it describes ('… 배우러 가는 시 운영 공간' → '공간')."""
    from index.tokenize import get_kiwi

    nouns = [t.form for t in get_kiwi().tokenize(description) if t.tag in ("NNG", "NNP")]
    return compact(nouns[-1]) if nouns else None


_ANY_PROJECT = frozenset({"사업", "서비스", "거", "것", "일", "업무", "작업", "문제"})  # heads any project's title may print


def _by_head(description: str, votes: Counter[tuple[str, str]]) -> tuple[str, str] | None:
    """When the vote ties, the one passage of those named by most opinions (two or more) whose title prints the
    description's head noun or its gloss ('… 배우러 가는 시 운영 공간': '新개념 디지털 전용 공간 디지털동행플라자 운영
    및 조성', not '디지털동행 파트너 운영'); None when no title or more than one prints it, or the head is a word
    for any project (`_ANY_PROJECT`). Found so, the passage is only read for a line with
    a value of the kind asked (weak)."""
    from app.engine.lexicon import glosses

    head = _head_noun(description)
    if not head or len(head) < 2 or head in _ANY_PROJECT or not votes:
        return None
    top = max(votes.values())
    tied = [p for p, n in votes.items() if n == top >= 2]
    if len(tied) < 2:
        return None  # one passage leads: a head word is no reason to read another
    forms = [head, *(compact(g) for g in glosses().get(head, ()))]
    fits = [p for p in tied if any(f in compact(title_of(p[1])) for f in forms)]
    return fits[0] if len(fits) == 1 else None


def _printed_distinct(description: str, text: str) -> int:
    """`_printed`, a word inside another word of the description counted once ('센터' of '데이터센터')."""
    forms = _concept_forms(description)
    heads = [f[0] for f in forms if f]
    kept = [f for f in forms if f and not any(f[0] != h and f[0] in h for h in heads)]
    key = compact(text).lower()
    return sum(any(x in key for x in f) for f in kept)


def _glossed(description: str) -> str | None:
    """The description's content words with the reports' words for them (data/glosses.json: '해킹' → 사이버, 침해,
    보안), or None when no word has a gloss: the third text of the vote when the thesaurus has no phrase for it."""
    forms = _concept_forms(description)
    if not any(len(f) > 1 for f in forms):
        return None
    return " ".join(w for f in forms for w in f)


def _vote_counts(idx: Any, description: str, question: str) -> Counter[tuple[str, str]]:
    """The six opinions of `_voted`, counted by passage: each retrieval's first passage for the description, the
    whole question and the description in the reports' words (or with its glosses)."""
    texts = [description, question]
    plain = in_reports_words(description, idx, loose=True) or _glossed(description)
    if plain:
        texts.append(plain)
    return Counter(v for t in texts for m in ("bm25", "dense") if (v := _top_passage(idx, t, m)) is not None)


def _voted(idx: Any, description: str, question: str, min_votes: int = MIN_VOTES,
           votes: Counter[tuple[str, str]] | None = None) -> tuple[str, str] | None:
    """When keyword and embedding retrieval disagree on a description, six opinions: each retrieval over the
    description, over the whole question and over the description in the reports' words (the thesaurus, phrases
    found with words between; else its words with their glosses); the passage that at least MIN_VOTES of them rank first, VOTE_LEAD ahead of any
    other, or None. `votes`: the opinions already counted (`_vote_counts`), else counted here."""
    if votes is None:
        votes = _vote_counts(idx, description, question)
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < min_votes:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < VOTE_LEAD:
        return None
    return ranked[0][0]


def in_reports_words(text: str, idx: Any, loose: bool = False) -> str | None:
    """The text with its everyday words replaced by the reports' terms (the thesaurus,
    app/engine/data/thesaurus.json: '방범카메라' -> 'CCTV'), or None when it has none; a word the reports print is
    never replaced. `loose`: a phrase of the thesaurus is also found with other words between its words
    ('구독료를 지원' for '구독료지원'; normalize.loose_spans)."""
    from app.engine.lexicon import thesaurus
    from app.engine.normalize import everyday_text
    from app.engine.vocab import vocabulary

    out, changed = everyday_text(text, thesaurus(), vocabulary(idx.data).in_corpus, loose=loose)
    return out if changed else None


def title_of(passage: str) -> str:
    """A passage's project title as printed, without its numbering and quotes ('3.2. '디지털동행 파트너' 운영' →
    '디지털동행 파트너 운영')."""
    title = _NUMBERING.sub("", passage.split(" > ")[-1])
    return re.sub(r"\s+", " ", re.sub(r"['\"‘’“”]", "", title)).strip()


def described(question: str, idx: Any, frame: Any) -> Described | None:
    """The project the question describes, when keyword and embedding retrieval agree on it; None otherwise (no
    description; a question that names a project or a table row of the index, or a term outside the description,
    which its reading had; two retrievals that disagree)."""
    if frame.projects or frame.rows or not semantic(idx):
        return None
    parts = split(question)
    if parts is None:
        return None
    description, rest = parts
    if _names_revenue(description) or money_in(question):
        return None  # '… 입주사들한테 받는 사용료·관리비 수입', '… 빌려주고 받는 돈': a revenue row, never a project
    if any(compact(t) not in compact(description) for t in frame.terms):
        return None  # a term named in what is asked: its reading had it ('3D' within the description is a word of it)
    bm25 = _agreed(idx, description)
    if bm25 is None:
        plain = in_reports_words(description, idx)  # '재래시장 …': keyword retrieval finds '전통시장 …'
        bm25 = _agreed(idx, plain) if plain else None
        whole = _agreed(idx, question) if bm25 is not None else None
        if whole is not None and whole != bm25:
            bm25 = None  # both retrievals of the whole question agree on another passage: a split, for the vote
    if bm25 is None:
        bm25 = _settled_by_what_is_asked(idx, description, rest)
    votes = None if bm25 is not None else _vote_counts(idx, description, question)  # (the six opinions, once)
    weak = False
    if bm25 is None:
        bm25 = _voted(idx, description, question, votes=votes)
        # the vote's winner (or, when no passage leads, the first of two) yields to the other of the two whose line
        # prints the description's rare words
        voted = bm25 is not None
        for first in ([bm25] if voted else [p for p, n in votes.most_common(2) if n >= 2]):
            line = _outvoted_by_line(idx, description, votes, first)
            if line is not None:
                bm25, weak = line, not voted  # (no passage led the vote: read only for its typed line)
                break
    if bm25 is None:
        bm25, weak = _voted(idx, description, question, WEAK_VOTES, votes), True
    if bm25 is None:
        bm25, weak = _by_head(description, votes), True
    if bm25 is None:
        bm25, weak = _by_best_line(idx, description, votes), True
    if bm25 is None:
        return None
    title = title_of(bm25[1])
    if not title or compact(title) in compact(question):
        return None  # the question names the project already: the reading's refusal stands
    from app.compose import _doc_years

    asked_report = getattr(frame, "report_year", None)
    if asked_report and _doc_years(idx.data).get(bm25[0]) not in (None, asked_report):
        return None  # '… 사이트 운영비, 25년 업무보고에 얼마로 나와?': a project of another report is not the one asked
    if _misses_the_terms_meant(idx, description, bm25):
        return None  # '인공위성 사진으로 … 꺼지는지 살펴보는 시스템': the thesaurus reads 위성영상, 지반침하; a passage
        # printing neither (the CCTV safety-net project) is not the one described
    return Described(description, rest, title, bm25[0], bm25[1], _nearest_line(idx, bm25[0], bm25[1], description),
                     weak)


def _misses_the_terms_meant(idx: Any, description: str, found: tuple[str, str]) -> bool:
    """Whether the description's words stand, by the thesaurus, for two or more terms the reports print ('인공위성
    사진' → 위성영상, '땅이 꺼지' → 지반침하) and the passage found prints none of them."""
    plain = in_reports_words(description, idx)
    if not plain:
        return False
    meant = {compact(w) for w in plain.split() if len(compact(w)) >= 3} - {compact(w) for w in description.split()}
    if len(meant) < 2:
        return False  # (one general term, '기록관리', may be said otherwise by the right passage: two must all miss)
    text = compact(" ".join(_passage_text(idx.data, found[0], found[1])))
    # (a word of the reading may carry a particle or an ending: '위성영상으로' is 위성영상 printed)
    return not any(m[:k] in text for m in meant for k in range(len(m), 2, -1))


def _passage_text(data: Any, doc: str, passage: str) -> list[str]:
    """The lines of a project passage (its section path), for a check of what it prints."""
    lines = data.lines(doc)
    return [lines[ln - 1] for ln in _passage_lines(data, doc, passage) if 1 <= ln <= len(lines)]


def _names_revenue(description: str) -> bool:
    """Whether a description's head word is one of money coming in (lexicon classes.revenue: '수입', '세입')."""
    from app.engine.lexicon import lexicon

    cls = lexicon().classes.get("revenue")
    head = re.sub(r"[^가-힣A-Za-z]+$", "", description).split()[-1] if description.split() else ""
    return bool(cls) and any(compact(head).endswith(c) for c in cls.cues)


_MONEY_NOUNS = ("돈", "금액", "이자", "수익")  # what a clause of money coming in modifies


def money_in(text: str) -> bool:
    """Whether a question speaks of money coming in to the city: a verb whose glosses are words of the revenue class
    (data/glosses.json: '들어오', '벌', '받' → '수입') said of money ('… 회의실 빌려주고 받는 돈', '주차장에서
    벌어들일 돈') or of an amount asked ('26년에 얼마 들어오는 걸로 잡혔어?', '2024년에 얼마 받았었어?'), or a
    description headed by a revenue word ('… 들어오는 수입')."""
    from app.engine.lexicon import glosses, lexicon
    from index.tokenize import get_kiwi

    cls = lexicon().classes.get("revenue")
    if cls is None:
        return False
    gl = glosses()
    toks = get_kiwi().tokenize(text)
    asked_at = text.find("얼마")
    for i, t in enumerate(toks):
        if not t.tag.startswith("VV"):
            continue
        lemma, end = t.form, i + 1
        if i + 2 < len(toks) and toks[i + 1].form in ("어", "아") and toks[i + 2].tag.split("-")[0] in ("VV", "VX"):
            lemma, end = t.form + toks[i + 1].form + toks[i + 2].form, i + 3  # ('들어오는' is read 들 + 어 + 오)
        if not any(compact(g) in cls.cues for w in (t.form, lemma) for g in gl.get(w, ())):
            continue
        if 0 <= asked_at < t.start:
            return True  # ('얼마 들어오는', '얼마 받았')
        nxt = toks[end:end + 2]
        if len(nxt) == 2 and nxt[0].tag == "ETM" and (nxt[1].form in _MONEY_NOUNS or
                                                       any(compact(nxt[1].form).endswith(c) for c in cls.cues)):
            return True  # ('받는 돈', '벌어들일 돈')
    if any(t.tag == "NNG" and t.form in _REVENUE_TABLE_WORDS and not _SPENDING_TOO.match(text[t.start + t.len:])
           for t in toks):
        return True  # ('… 걷는 돈이 올해 세입 세부내역엔 얼마': the revenue table named; not '세입·세출 예산')
    parts = split(text)
    return bool(parts) and _names_revenue(parts[0])


_REVENUE_TABLE_WORDS = ("세입", "세외수입")  # words that name the revenue side of the budget, never a spending row
_SPENDING_TOO = re.compile(r"\s*[·ㆍ,/및과와]?\s*세출")


_FIELD_LINE = re.compile(r"^[\s\-*·○□●◦▪※]*(?:\(\s*[가-힣\s]{2,8}\)|[가-힣\s]{2,8}\s*[:：])")
LINE_LEAD = 0.01  # how far (cosine) the nearest line must lead the next different line of the passage
_LINE_NOISE = re.compile(r"^[\s\-*·○□●◦▪※]+|\*\*|\([^()]*\)|[^\s]*\d[^\s]*")  # (field lines are never read)


def _nearest_line(idx: Any, doc: str, passage: str, description: str) -> str:
    """The words of the passage's line nearest in meaning to the description (the embedding model), without
    bullets, labels, parentheses and figures; '' when none leads the others or there is no embedding model."""
    from app.compose import _passage
    from app.indexcache import sections_of

    try:
        embedder = idx.retriever.embedder
    except Exception:  # noqa: BLE001 - no embedding model: no line
        return ""
    lines = idx.data.lines(doc)
    spans = [(s.line_start, s.line_end) for s in sections_of(idx.data, doc) if _passage(" > ".join(s.path)) == passage]
    seen: dict[str, None] = {}
    for a, b in spans:
        for i in range(a, min(b, len(lines)) + 1):
            text = lines[i - 1].strip()
            if len(compact(text)) >= 8 and "|" not in text and "☎" not in text:
                seen.setdefault(text)
    cands = list(seen)
    if len(cands) < 2:
        return ""
    sims = embedder.embed_passages(cands) @ embedder.embed_queries([description])[0]
    order = sorted(range(len(cands)), key=lambda i: -float(sims[i]))
    if float(sims[order[0]]) - float(sims[order[1]]) < LINE_LEAD:
        return _rare_line(idx.data, doc, passage, description)
    if _FIELD_LINE.match(cands[order[0]]):
        return ""  # '사업예산 : …', '(사업내용) …': a field every passage prints, not the thing described
    words = _line_words(cands[order[0]])
    return words if len(compact(words)) >= 6 else ""


MIN_RARE_ON_LINE = 2  # rare words of the description a line must print to be the one meant without the embedding's lead


def _rare_line(data: Any, doc: str, passage: str, description: str) -> str:
    """When the embedding model sets no line apart, the passage's line that prints most of the description's rare
    words (`_rare_forms`: '… 열어준 공개용 AI 채팅 서비스' → '서울AI챗(공개용): … 최신 생성형 AI 모델'), at least
    MIN_RARE_ON_LINE and more than any other line; '' otherwise."""
    rare = _rare_forms(data, description)
    if len(rare) < MIN_RARE_ON_LINE:
        return ""
    lines = data.lines(doc)
    scored = sorted(((sum(any(x in compact(lines[ln - 1]).lower() for x in f) for f in rare), ln)
                     for ln in _passage_lines(data, doc, passage) if not _common_field(data, lines[ln - 1])
                     and not _FIELD_LINE.match(lines[ln - 1])), reverse=True)
    if not scored or scored[0][0] < MIN_RARE_ON_LINE or (len(scored) > 1 and scored[1][0] >= scored[0][0]):
        return ""
    words = _line_words(lines[scored[0][1] - 1])
    return words if len(compact(words)) >= 6 else ""


def _line_words(line: str) -> str:
    """A line's words without bullets, labels in parentheses and figures ('서울시 대표누리집 재해복구 구축 : 2026. 9.
    ~ 12.' → '서울시 대표누리집 재해복구 구축')."""
    return re.sub(r"\s+", " ", _LINE_NOISE.sub(" ", line)).strip(" -:：~")


def heading_only(citations: list[Any], data: Any) -> bool:
    """Whether every cited line only prints a section's title (its heading, or a contents line naming it): quoting
    a project's title is no answer."""
    if not citations:
        return True
    titles = {compact(s.path[-1]) for s in data.sections if s.path}
    return all(compact(re.sub(r"^[-*·○□\s]+", "", c.quote or "")) in titles for c in citations)


# nouns of what is asked that say nothing the answer must print: counters, place and time fillers, the asking
_ASKING_NOUNS = frozenset({"곳", "군데", "개", "명", "건", "대", "때", "것", "거", "수", "번", "분", "시", "걸", "돈", "얼마", "언제",
                           "어디", "무엇", "뭐", "정도", "기준", "현재", "지금", "올해", "작년", "내년", "예정", "계획",
                           "이름", "명칭", "일주일", "하루", "한달", "달", "주", "매주", "매달"})  # ('일주일에 몇 번')


def asked_nouns(rest: str) -> list[str]:
    """The nouns of what is asked about the described project, less words of asking, acts ('진행해') and the
    lexicon's measure, operation and filler words: each must be printed where the answer quotes ('한 곳에 몇 명씩
    짝지어': '짝' is not in '월 160명 규모 자원봉사자 모집', so that line is no answer)."""
    from index.tokenize import get_kiwi

    from app.engine.lexicon import lexicon

    lex = lexicon()
    cues = lex.metric_cues | {c for cs in lex.operations.values() for c in cs}
    out = []
    toks = get_kiwi().tokenize(rest)
    for i, t in enumerate(toks):
        if i + 1 < len(toks) and toks[i + 1].tag in ("XSV", "XSA"):
            continue  # an act said of the project ('진행해', '설치해'), not a thing the answer must name
        if t.tag in ("NNG", "NNP") and t.form not in _ASKING_NOUNS and \
                compact(t.form) not in cues and compact(t.form) not in lex.fillers and \
                compact(t.form) not in lex.relative_years:
            out.append(t.form)
    return out


def answers_what_is_asked(found: Described, citations: list[Any], data: Any) -> bool:
    """Whether the quoted lines (with their section paths) print every noun of what is asked."""
    from app.compose import covered
    from app.engine.cite import section_of

    text = "".join(compact(c.quote or "") + compact(section_of(data, c.doc, c.line_start)) for c in citations)
    for c in citations:  # (and the bullets a quoted line stands under: '방문인원 : …' under '(추진실적) …')
        lines = data.lines(c.doc)
        if 0 < c.line_start <= len(lines):
            text += "".join(compact(lines[n - 1]) for n in _ancestors(lines, c.line_start, 2))
    figures = any(getattr(c, "value", None) for c in citations)  # a table cell: read in the year asked already
    own = {d.year for d in data.documents if any(c.doc == d.doc for c in citations)}  # a report's own year is
    years = [] if figures else [w for w in _discriminators(found.rest)  # its lines' ('2027년에는 …' must be printed)
                                if w.isdigit() and int(w) not in own]
    often = [w for w in _discriminators(found.rest) if re.fullmatch(r"매[가-힣]", w)]  # ('매년 얼마씩': said yearly)
    which = _which_noun(found.rest)  # '어느 시장': a line that names one ('경동·청량리 시장'), not '전통시장'
    if which and not any(which_printed(which, c.quote or "") or any(
            which_printed(which, data.lines(c.doc)[n - 1]) for n in _ancestors(data.lines(c.doc), c.line_start, 2))
            for c in citations if 0 < c.line_start <= len(data.lines(c.doc))):
        return False  # (or a bullet the line stands under: '… ‘BTS 컴백 행사’ 안내 지도 서비스' over its details)
    from app.engine.lexicon import glosses

    gl = glosses()  # ('통합 앱': a line of '모바일' services prints the reports' word for '앱')
    return all(any(covered(w, text, strict=True) for w in (n, *gl.get(n, ()))) for n in asked_nouns(found.rest)) and all(
        w in text or any(f"{q}{w[2:]}" in text for q in "'‘’") for w in years) and all(w in text for w in often)


def with_bullets_asked(found: Described, c: Any, data: Any) -> Any:
    """An extractive answer that `answers_what_is_asked` accepted because a bullet its quoted lines stand under
    prints a noun asked ('어떤 행사 때 한 거야?': the quoted '편의·안전 정보 : …' stands under '… ‘BTS 컴백 행사’ 안내
    지도 서비스') quotes that bullet too, first: the answer must show what it is."""
    from app.compose import clean_line, covered
    from app.engine.cite import section_of
    from app.engine.lexicon import glosses

    if c.kind != "extractive" or not c.citations:
        return c
    gl = glosses()
    said = "".join(compact(x.quote or "") + compact(section_of(data, x.doc, x.line_start)) for x in c.citations)
    which = _which_noun(found.rest)
    missing = [n for n in asked_nouns(found.rest) if not any(covered(w, said, strict=True) for w in (n, *gl.get(n, ())))]
    if which and not any(which_printed(which, x.quote or "") for x in c.citations):
        missing.append(which)  # ('어떤 행사': the bullet that names the event)
    have = {(x.doc, x.line_start) for x in c.citations}
    added: list[tuple[str, int]] = []
    for x in c.citations:
        lines = data.lines(x.doc)
        for a in _ancestors(lines, x.line_start, 2) if 0 < x.line_start <= len(lines) else []:
            if (x.doc, a) not in have and (x.doc, a) not in added and any(
                    covered(w, compact(lines[a - 1]), strict=True) for n in missing for w in (n, *gl.get(n, ()))):
                added.append((x.doc, a))
    if not added:
        return c
    from dataclasses import replace

    from app.engine.cite import Cites

    k = len(added)  # (the bullets come first, numbered first; the answer's own markers move on by as many)
    bullets = Cites(data)
    for doc, ln in added:
        bullets.text(doc, ln)
    cites = bullets.build() + [replace(x, n=x.n + k) for x in c.citations]
    body = [f"- {_bullet_text(clean_line(data.lines(doc)[ln - 1]))} [{i + 1}]" for i, (doc, ln) in enumerate(added)]
    n_old = len(c.citations)
    text = re.sub(r"\[(\d{1,3})\]", lambda m: f"[{int(m.group(1)) + k}]" if int(m.group(1)) <= n_old else m.group(0),
                  c.text)
    head, _, tail = text.partition("\n")
    text = "\n".join([head, *body, tail]) if tail else "\n".join([text, *body])
    return replace(c, text=text, citations=cites)


def _bullet_text(line: str) -> str:
    """A quoted line without its bullet marks and bold marks."""
    return re.sub(r"^[-*·▶\s]+", "", line).replace("**", "")


def misses_the_head_counted(found: Described, citations: list[Any], wants: str | None) -> bool:
    """Whether places or bodies are counted ('몇 곳', '몇 개') of a description headed by the word for them ('… 지켜봐
    주는 기관, 올해 몇 곳까지 늘려요?': lexicon `described.counted_heads`) and no quoted line prints that word: a
    count of other things the project has ('현장점검 45개→50개') is no count of those."""
    from app.engine.lexicon import raw_lexicon

    if wants != "개":
        return False
    head = _head_noun(found.description)
    if head not in raw_lexicon().get("described", {}).get("counted_heads", []):
        return False
    return not any(head in compact(c.quote or "") for c in citations)


def misses_the_thing_counted(found: Described, citations: list[Any]) -> bool:
    """Whether a count asked right after the description ('… 보안 장비는 몇 식이야?': the things it names are what
    is counted) is quoted from lines that print neither the word its head noun is qualified by ('보안') nor a gloss
    of it: the count quoted is of other things the project has ('노후·신규 장비 총 129식')."""
    from app.engine.lexicon import glosses
    from index.tokenize import get_kiwi

    if not re.match(r"\s*(?:총\s*|모두\s*|전부\s*)?몇", found.rest):
        return False
    nouns = [t for t in get_kiwi().tokenize(found.description) if t.tag in ("NNG", "NNP", "SL")]
    if len(nouns) < 2:
        return False
    head, mod = nouns[-1], nouns[-2]
    if found.description[mod.start + mod.len:head.start].strip() or len(mod.form) < 2:
        return False  # ('… 쓰는 공유기': no noun qualifies the head)
    text = "".join(compact(c.quote or "") for c in citations).lower()
    return not any(compact(f).lower() in text for f in (mod.form, *glosses().get(mod.form, ())))


_NOUN_COUNTED = re.compile(r"(?<![가-힣A-Za-z])([가-힣A-Za-z]{2,}?)(?:이|가|은|는|을|를|도)\s*(?:총\s*|모두\s*|전부\s*|다\s*)?몇\s*"
                           r"(개|건|대|명|곳|종|가지|군데|개소)")
COUNT_REACH = 12  # characters between a count and the noun it counts ('AI 사업 45개', '45개 사업')


def counts_another_noun(rest: str, citations: list[Any]) -> bool:
    """Whether what is asked names the things it counts ('AI 사업이 몇 개 들어가 있어?') and every count of the kind
    quoted names other things right after its counter ('(7개 區)' counts districts, not projects). A count printed
    with no noun after it ('72,737명', '회원수 약 12만명') is taken to be of what is asked: only a count that says it
    is of something else is no answer."""
    m = _NOUN_COUNTED.search(rest)
    if m is None or m.group(1) in _ASKING_NOUNS or m.group(1) in ("그거", "이거", "저거", "그게", "이게", "거기"):
        return False
    noun = compact(m.group(1))
    counter = {"가지": "(?:가지|종|개)", "군데": "(?:군데|곳|개소)", "곳": "(?:곳|개소|군데)", "개": "(?:개|종|곳)"}.get(
        m.group(2), m.group(2))  # (a count of the kind asked: '몇 명' is answered by '…명', not by '833개')
    figure = re.compile(r"\d[\d,]*\s*(?:천|만|억)?\s*" + counter + r"\s?([가-힣\u4e00-\u9fff]+)?")
    counts = [f for c in citations for f in figure.finditer(c.quote or "")]
    if not counts:
        return False
    for f in counts:
        after = f.group(1) or ""
        if not after or after.startswith(_NOT_A_THING) or noun in after or after in noun:
            return False
    return True


_NOT_A_THING = ("규모", "이상", "이하", "내외", "정도", "수준", "씩", "당", "중", "가량", "및", "으로", "로", "에", "의", "을",
                "를", "이", "가", "은", "는", "과", "와", "도", "까지", "부터", "추가", "확대", "증가", "감소", "운영", "신설")


def counts_another_thing(found: Described, citations: list[Any], data: Any, wants: str | None) -> bool:
    """Whether a count quoted for a described project is of another thing the project does: no quoted line prints
    a word of the description (or its gloss), while another line of the passage prints two or more of them with a
    count of the kind asked ('해킹 시도 지켜봐 주는 거, 몇 군데까지': the line of 현장점검 45개→50개, when the line of
    96개 기관 보안관제 is there). Amounts are not checked: a project prints its budget on a line of its own."""
    from app.compose import _WANT_PATTERNS

    counted = _WANT_PATTERNS.get(wants or "") if wants in ("개", "건", "대", "명", "count", "팀", "과") else None
    if counted is None:
        return False
    from app.compose import counts_another_action

    with_counts = [c.quote or "" for c in citations if counted.search(c.quote or "")]
    if with_counts and all(counts_another_action(found.rest, q) for q in with_counts):
        return True  # '… 몇 군데 운영 중이야?': '운영 및 추가 조성(3개소)' counts the places to be built
    if any(_printed_distinct(found.description, c.quote or "") for c in citations):
        return False
    lines = data.lines(found.doc)  # (a figure with its counter: a listing of words counts nothing here)
    return any(_printed_distinct(found.description, lines[ln - 1]) >= 2 and counted.search(lines[ln - 1])
               for ln in _passage_lines(data, found.doc, found.passage))


# ---- a table row named by what it is ('안 쓰는 물품 팔아서 들어오는 돈' for 불용품매각대금) ----

def _sums_it(vocab: Any, key: str, other: tuple[float, int, str], score: float) -> bool:
    """Whether a competing row is printed under the described row, which sums it, and scores well below it
    (TOTAL_LEAD): the description's words are the total's more than the part's ('건물 세놓고 받는 돈': 공유재산임대료,
    not one unit's 공유재산 임대수입 under it). Close, the part may be meant by words its label holds otherwise
    ('기록 보관하는 기관': 서울기록원)."""
    return (key, other[2]) in vocab.ancestors and score >= TOTAL_LEAD * other[0]


TOTAL_LEAD = 1.25
MIN_REVENUE_ROW_SCORE = 8.0  # the bar when only revenue rows compete and the words of money coming in are not counted
MIN_ROW_CONCEPTS = 2  # words of the description that must find the row: one word names too little
MIN_ROW_SCORE = 9.0  # the row's score (BM25 over its words): fitted on the eval sets, see docs/engine.md
ROW_MARGIN = 1.5  # how far the row must lead any other row: two close readings are no reading
_UNIT_KINDS = frozenset({"과", "부서", "팀", "국", "사업소", "소관", "담당", "부처", "곳", "데"})  # asked of an owner ('어느 과')
WORDS_LEAD = 2  # or by how many of the description's words it explains more than any other row (and a higher score)
MIN_DESCRIPTION_SHARE = 0.3  # of the description's words, the share the row's words (or glosses) must hold
GLOSS_WEIGHT = 0.7  # a word of the reports found through a gloss counts less than the asker's own word
_CONTENT_TAGS = ("NNG", "NNP", "SL", "XR", "VV", "VA")
_YEAR_WORD = re.compile(r"\d{2,4}\s*년")
_QUESTION_WORDS = ("얼마", "몇", "언제", "어디", "누구", "무엇", "뭐", "어느", "어떻")


@dataclass(frozen=True)
class DescribedRow:
    label: str  # the row's label, as printed
    question: str  # the question with its description replaced by the label
    score: float
    runner_up: str | None  # the next row, for the notes
    rest: str = ""  # the words after the description: what is asked of the row
    others: tuple[str, ...] = ()  # the question read with the other labels of the same row ('장애인 정보통신보조기기
    # 보급' in a revenue table, '정보취약계층 정보격차해소 (장애인 정보통신보조기기 보급)' in the spending table)
    labels: tuple[str, ...] = ()  # those other labels, as printed


def content_words(text: str) -> list[str]:
    """The lemmas of a text's content words: nouns, roots and the stems of verbs and adjectives ('팔아서' → '팔'),
    Latin words in lower case."""
    from index.tokenize import get_kiwi

    out = []
    toks = get_kiwi().tokenize(text)
    for i, t in enumerate(toks):
        if i > 0 and _split_noun(toks[i - 1], t):
            out.append(toks[i - 1].form + t.form)
        elif t.tag.split("-")[0] in _CONTENT_TAGS and t.form not in _ASKING_NOUNS:
            out.append(t.form.lower())
    return out


def _split_noun(prev: Any, tok: Any) -> bool:
    """Whether two Kiwi tokens are one noun it split into a determiner and a bound noun, written together
    ('이자,' before a number → 이(MM) + 자(NNB))."""
    return tok.tag == "NNB" and prev.tag == "MM" and prev.start + prev.len == tok.start


def _row_documents(vocab: Any) -> dict[str, tuple[str, list[str]]]:
    """Each row label of the index (compact key → (label as printed, its words)): the label's own words and those of
    the thesaurus phrases that stand for it (app/engine/data/thesaurus.json: '중고로판돈' → 불용품매각대금)."""
    from app.engine.lexicon import thesaurus

    docs: dict[str, tuple[str, list[str]]] = {}
    for es in vocab.entries.values():
        for e in es:
            if e.kind == "row" and re.search(r"[가-힣A-Za-z]{2}", e.text):
                key = compact(e.text)
                if key not in docs:
                    docs[key] = (e.text, content_words(e.text))
    for phrase, term in thesaurus().items():
        t = compact(term)
        for key, (_, words) in docs.items():
            if t == key or (len(t) >= 3 and t in key and 2 * len(t) >= len(key)):
                words.extend(content_words(phrase))
    return docs


def _unit_modifies(question: str, unit: str) -> bool:
    """Whether a unit named in the question modifies the noun after it ('서울기록원 회의실'), not the subject of a
    clause ('데이터센터가 관리하는 …': the owner of what is described, which the row need not print)."""
    from index.tokenize import get_kiwi

    m = re.search(r"\s*".join(map(re.escape, compact(unit))), question)
    if m is None:
        return False
    nxt = next((t for t in get_kiwi().tokenize(question) if t.start >= m.end()), None)
    return nxt is not None and (nxt.tag in ("NNG", "NNP", "SL") or nxt.form == "의")


def _names_money(word: str) -> bool:
    """Whether a word names a sum of money of a table row (lexicon `described.money_heads`: '교부금', '이자', '사용료')."""
    from app.engine.lexicon import raw_lexicon

    heads = raw_lexicon().get("described", {}).get("money_heads", [])
    w = re.sub(r"[^가-힣A-Za-z]+$", "", word)
    return any(compact(w).endswith(h) or compact(w)[:-1].endswith(h) for h in heads)


def _row_keys(rec: Any) -> set[str]:
    """The keys a record's row labels have in `_row_documents` (as printed, without and with opened brackets)."""
    from app.engine.vocab import _label, row_label_keys

    return {k for part in rec.row_path for k in row_label_keys(_label(part))}


def row_keys_by_year(data: Any) -> dict[int, frozenset[str]]:
    """For each year some report prints figures of (its own and the one before), the row keys of those reports."""
    from app.compose import _doc_years

    years = _doc_years(data)
    out: dict[int, set[str]] = {}
    for rec in data.all_records():
        y = years.get(rec.doc)
        if y is None:
            continue
        keys = _row_keys(rec)
        for year in (y, y - 1):
            out.setdefault(year, set()).update(keys)
    return {y: frozenset(k) for y, k in out.items()}


def revenue_row_keys(data: Any) -> frozenset[str]:
    """The compact labels (with and without their brackets) of the rows printed in a revenue table (its title holds
    '세입'), as `_row_documents` keys them."""
    return frozenset(k for rec in data.all_records() if "세입" in compact(rec.table_title or "") for k in _row_keys(rec))


def _concepts(words: list[str], asked: frozenset[str]) -> list[list[tuple[str, float]]]:
    """Each content word of the description with the reports' words for it (data/glosses.json), weighted."""
    from app.engine.lexicon import glosses

    gl = glosses()
    out = []
    for w in dict.fromkeys(words):
        if compact(w) in asked or re.fullmatch(r"\d+", w):
            continue
        if gl.get(w) and all(compact(g) in asked for g in gl[w]):
            continue  # ('들어오' → 수입, 세입: of money coming in, every revenue row is; it tells none apart)
        out.append([(w, 1.0)] + [(g.lower(), GLOSS_WEIGHT) for g in gl.get(w, ()) if g.lower() != w])
    return out


def _same_row(a: str, b: str) -> bool:
    """Two labels of one row ('불용품매각대금' and '불용품매각대금(데이터센터)'), or of one thing that one label
    names in brackets after its programme ('정보취약계층정보격차해소(장애인정보통신보조기기보급)' and
    '장애인정보통신보조기기보급(데이터센터)')."""
    inner_a, inner_b = re.findall(r"\((.*?)\)", a), re.findall(r"\((.*?)\)", b)
    a, b = re.sub(r"\(.*?\)", "", a), re.sub(r"\(.*?\)", "", b)
    if any(len(x) >= MIN_BRACKETED and x in (a, b) for x in inner_a + inner_b):
        return True
    return a == b or (min(len(a), len(b)) >= 3 and (a in b or b in a))


MIN_BRACKETED = 5  # letters a bracketed name must have to name the row on its own ('(데이터센터)' names its owner)


def _found_concepts(concepts: list[list[tuple[str, float]]], row_words: list[str]) -> frozenset[int]:
    """Which of a text's concepts (`_concepts`, by position) a row's words hold, itself or through a gloss."""
    words = set(row_words)
    return frozenset(i for i, c in enumerate(concepts) if any(w in words for w, _ in c))


def row_ranking(text: str, vocab: Any, asked: frozenset[str],
                only: frozenset[str] | None = None) -> list[tuple[float, int, str]]:
    """Rows by how well their words cover the text's content words (BM25, each word with its glosses counted once):
    (score, words found, row key), best first. `only`: the row keys that compete (the revenue rows when the text
    speaks of money coming in, `money_in`), else every row."""
    import math

    docs = vocab.derived("row_documents", lambda: _row_documents(vocab))
    stats = vocab.derived("row_document_stats", lambda: (
        Counter(w for _, ws in docs.values() for w in set(ws)), sum(len(ws) for _, ws in docs.values()) / max(len(docs), 1)))
    df, avg = stats
    n = len(docs)
    concepts = _concepts(content_words(text), asked)
    ranked = []
    for key, (_, words) in docs.items():
        if only is not None and key not in only:
            continue
        tf = Counter(words)
        score, found = 0.0, 0
        for concept in concepts:
            best = 0.0
            for w, weight in concept:
                if tf[w]:
                    idf = math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
                    best = max(best, weight * idf * tf[w] * 2.2 / (tf[w] + 1.2 * (0.25 + 0.75 * len(words) / avg)))
            score += best
            found += best > 0
        if score > 0:
            ranked.append((score, found, key))
    ranked.sort(reverse=True)
    return ranked


def described_row(question: str, idx: Any, frame: Any) -> DescribedRow | None:
    """The table row the question names by what it is, when one row's words cover the description's words well
    and clearly better than any other row's; None otherwise (the question names a row, a project or a department
    already; too few words found; two rows close). The question is returned with its describing words replaced by
    the row's label and its words of asking kept ('… 팔아서 들어오는 돈, 26년 예산 얼마야?' → '불용품매각대금 돈, 26년
    예산 얼마야?'), to be read again like any question that names the row."""
    from app.analyze import asking_words
    from app.engine.lexicon import lexicon
    from app.engine.vocab import vocabulary

    vocab = vocabulary(idx.data)
    groups = frozenset(compact(r) for r in frame.rows)
    if groups and not all(any(a == g for a, _ in vocab.ancestors) for g in groups):
        return None  # a row named that stands under none: the question names its row already
    if frame.projects or not (frame.metrics or "얼마" in frame.key or frame.op == "who"):
        return None  # (a row is described to ask one of its measures, '… 돈, 예산 얼마야?', or its owner)
    covered = set(vocab.report_years) | {y - 1 for y in vocab.report_years}
    if any(y not in covered for y in frame.years):
        return None  # a year no report prints figures for: refused as asked
    asked = asking_words() | frozenset(compact(w) for w in _ASKING_NOUNS)
    by_year = vocab.derived("row_keys_by_year", lambda: row_keys_by_year(idx.data))
    only = None
    kind: frozenset[str] = frozenset()
    if money_in(question):
        only = vocab.derived("revenue_row_keys", lambda: revenue_row_keys(idx.data))
        # the words of money coming in say the kind of row, which every row that competes is: they tell none apart
        kind = frozenset(compact(c) for c in lexicon().classes["revenue"].cues)
        asked = asked | kind
    kind_dropped = only is not None
    if frame.years:  # ('26년에 얼마': a row of a report that prints 2026's figures)
        of_years = frozenset.intersection(*(by_year.get(y, frozenset()) for y in frame.years))
        only = of_years if only is None else only & of_years
    if groups:  # ('… 나눠주는 사업, 거기 들어오는 국비 보조금': a row that rows stand under names their kind only)
        under = frozenset(d for a, d in vocab.ancestors if a in groups)
        only = under if only is None else only & under
    units = [compact(u) for u in frame.units if _unit_modifies(question, u)]
    if units:  # ('서울기록원 회의실 빌려주고 받는 돈': a row that names the unit)
        named = frozenset(k for k in vocab.derived("row_documents", lambda: _row_documents(vocab))
                          if all(u in k for u in units))
        if named:  # (no row names it: the unit is the owner of what is described, '데이터센터가 관리하는 …')
            only = named if only is None else only & named
    ranked = row_ranking(question, vocab, asked, only)
    if not ranked:
        return None
    score, found, key = ranked[0]
    # (a row it is printed under, '공유재산임대료' above '에스플렉스센터 대관료 수입', is the same reading, less precise)
    # (nor is a row printed under it, which it sums: '공유재산임대료' over '서울기록원 공유재산 임대수입', when the
    # description's words are the total's more than the part's)
    other = next((r for r in ranked[1:] if not _same_row(r[2], key) and (r[2], key) not in vocab.ancestors
                  and not _sums_it(vocab, key, r, score)), None)
    leads = other is None or score >= ROW_MARGIN * other[0] or (score > other[0] and found >= other[1] + WORDS_LEAD)
    docs = vocab.derived("row_documents", lambda: _row_documents(vocab))
    if not leads and score > other[0] and found > other[1]:
        # (the row explains every word the next row does, and more: '서울기록원 회의실 빌려 쓰는 … 돈' is the
        # conference room's fee, not the archive's other rent, though both are the archive's money for its rooms)
        concepts = _concepts(content_words(question), asked)
        mine = _found_concepts(concepts, docs[key][1])
        close = [r for r in ranked[1:] if r[0] * ROW_MARGIN > score and not _same_row(r[2], key)
                 and (r[2], key) not in vocab.ancestors and not _sums_it(vocab, key, r, score)]  # (every row near it, not the next one only)
        leads = all(_found_concepts(concepts, docs[r[2]][1]) < mine for r in close)
    if found < MIN_ROW_CONCEPTS or score < (MIN_REVENUE_ROW_SCORE if kind_dropped else MIN_ROW_SCORE) or not leads:
        return None
    label, row_words = docs[key][0], set(docs[key][1])
    words = question.split()
    describing = [i for i, w in enumerate(words) if _describes(w, row_words, asked)]
    head = _head_of_last_clause(question, words, asked)
    above = {a for a, d in vocab.ancestors if d == key or _same_row(d, key)}  # (under any label of the row)
    if head is not None and _names_row_above(words[head], above):
        # ('… 나눠주는 사업 있잖아, 거기 들어오는 국비 보조금': the kind the row stands under, not the thing described;
        # the head is the word for the thing before it)
        head = max((i for i in range(head) if _names_a_thing(words[i].strip(","))), default=head)
    if head is None or not (_names_a_thing(words[head].strip(",")) or head in describing or
                            not _things(words[head]) or _names_money(words[head]) or
                            any(_names_a_thing(t) for t in _things(words[head]))):
        return None  # names, not a description ('… 체납업체의 체납액'), or one of another thing ('… 참여하는 대학원생')
    last = max([head, *describing])
    # (the words of money coming in count as explained by a revenue row, which every competing row is)
    said = _concepts(content_words(" ".join(words[:last + 1])), asked - kind if kind_dropped else asked)
    explained = row_words | kind if kind_dropped else row_words
    found_share = sum(any(x in explained for x, _ in c) for c in said) / max(len(said), 1)
    if found_share < MIN_DESCRIPTION_SHARE:
        return None  # the row explains too little of the description ('… 요금 깎을 때 … 자격 확인하는 거')
    asking = _asking_at(words, asked)
    after = [w for i, w in enumerate(words) if i > last and i not in asking and not _names_row_above(w, above)]
    if any(t not in _UNIT_KINDS or frame.op != "who" for w in after for t in _things(w)):
        return None  # a word of what is asked that the row does not explain ('… 단가는'): it would be lost
    kept = [w for i, w in enumerate(words) if (i > last and (i in asking or (frame.op == "who" and any(
        t in _UNIT_KINDS for t in _things(w))))) or _YEAR_WORD.search(compact(w))]
    if not kept:
        return None
    # a measure the words after the description say by a verb ('… 실제로 지출된 건 얼마야?': 지출액) is named, by the
    # lexicon's name, before the last word kept; the other words of asking are kept as said
    from app.engine.lexicon import lexicon
    from app.engine.parse import find_metrics

    rest = " ".join(words[last + 1:])
    lex = lexicon()
    said = {m for _, m in find_metrics(compact(" ".join(kept)), lex, [])}
    named = [lex.metrics[m].name for _, m in find_metrics(compact(rest), lex, []) if m not in said and m in lex.metrics]
    question = " ".join([label, *kept[:-1], *named, kept[-1]])
    same = dict.fromkeys(docs[r[2]][0] for r in ranked[1:] if _same_row(r[2], key) and docs[r[2]][0] != label)
    labels = tuple(list(same)[:MAX_OTHER_LABELS])
    others = tuple(" ".join([x, *kept[:-1], *named, kept[-1]]) for x in labels)
    return DescribedRow(label, question, score, docs[other[2]][0] if other else None, rest, others, labels)


MAX_OTHER_LABELS = 3  # other labels of the described row a reading is tried with when its first label finds nothing


def _names_row_above(word: str, above: set[str]) -> bool:
    """Whether a word after the description names a row the described row stands under, itself or by a gloss ('국비로'
    → 국고보조금, '보조금'): a kind the row is of, which the row's own figure answers."""
    from app.engine.lexicon import glosses

    w = re.sub(r"(?:으로|로|에서|에|은|는|이|가|을|를|의|도)$", "", compact(word))
    if len(w) < 2:
        return False
    forms = [w, *(compact(g) for g in glosses().get(w, ()))]
    return any(f in a for f in forms for a in above)


def _things(text: str) -> list[str]:
    """The nouns of a text that name a thing, not an act said of it ('대학원생은', '단가는'; not '예상해', '선발해')."""
    from index.tokenize import get_kiwi

    toks = get_kiwi().tokenize(text)
    return [t.form for i, t in enumerate(toks) if t.tag in ("NNG", "NNP", "SL") and t.form not in _ASKING_NOUNS
            and not (i + 1 < len(toks) and toks[i + 1].tag in ("XSV", "XSA"))]


def _describes(word: str, row_words: set[str], asked: frozenset[str]) -> bool:
    """Whether a word of the question, or a gloss of it, is a word of the row."""
    return any(x in row_words for c in _concepts(content_words(word), asked) for x, _ in c)


def _head_of_last_clause(question: str, words: list[str], asked: frozenset[str]) -> int | None:
    """The index (in `words`, the question split at spaces) of the noun the question's last modifying clause
    modifies ('… 팔아서 들어오는 돈, …' → the word '돈,'), or None when no clause modifies a noun."""
    from index.tokenize import get_kiwi

    starts, at = [], 0
    for w in words:
        at = question.index(w, at)
        starts.append(at)
        at += len(w)
    toks = get_kiwi().tokenize(question)
    head = None
    for i, t in enumerate(toks):
        if t.tag == "ETM" and i > 0 and toks[i - 1].tag.split("-")[0] in ("VV", "VA", "VX", "XSV", "XSA", "EP"):
            noun = next((x for x in toks[i + 1:] if x.tag in ("NNG", "NNP", "NNB", "SL")), None)
            if noun is not None and i + 2 < len(toks) and toks[i + 2] is noun and _split_noun(toks[i + 1], noun):
                noun = toks[i + 1]  # ('붙는 이자' → 이 + 자: the noun starts at the determiner)
            if noun is not None and (noun.tag == "NNB" or compact(noun.form) in asked and not _names_a_thing(noun.form)):
                k = toks.index(noun) + 1  # ('보는 시 통합 관제소 운영비,': '시' opens the noun phrase; its head is its
                while k < len(toks) and toks[k].tag in ("NNG", "NNP", "SL", "XSN"):  # last noun not asked, '소')
                    if compact(toks[k].form) not in asked or _names_a_thing(toks[k].form):
                        noun = toks[k]
                    k += 1
            if noun is not None and noun.tag != "NNB" and (compact(noun.form) not in asked or _names_a_thing(noun.form)):
                head = max(j for j, s in enumerate(starts) if s <= noun.start)
    return head  # (a clause on what is asked, '… 잡힌 예산', or on a bound noun, '돌리는 데', is not the description's)


def _asking_at(words: list[str], asked: frozenset[str]) -> set[int]:
    """The positions of the words that say what is asked (`_asks`), with the two words of a cue written apart ('계약
    기준': 계약기준) and the words of a kind of row ('세입으로': a revenue row's figure is asked)."""
    from app.engine.lexicon import lexicon

    kinds = frozenset(compact(c) for name in ("revenue", "project") for c in getattr(lexicon().classes.get(name), "cues", ()))
    out = {i for i, w in enumerate(words) if _asks(w, asked | kinds, words[i - 1] if i else "")}
    out |= _in_measure_cues(words)
    for i in range(len(words) - 1):
        a, b = compact(words[i]), compact(words[i + 1])
        if any(len(c) >= 3 and c in a + b and c not in a and c not in b for c in asked):
            out |= {i, i + 1}
    return out


def _in_measure_cues(words: list[str]) -> set[int]:
    """The positions of the words that a measure's cue of the lexicon spans, written apart or together ('계약 잡힌
    비율이': the commitment rate asked, lexicon metrics.exec_rate)."""
    from app.engine.lexicon import lexicon
    from app.engine.parse import _occurrences

    key, owner = "", []
    for i, w in enumerate(words):
        c = compact(w)
        key += c
        owner += [i] * len(c)
    out: set[int] = set()
    for m in lexicon().metrics.values():
        for s, e, cue in _occurrences(key, m.cues):
            if len(cue) >= 3 and owner[s] != owner[e - 1]:  # (a cue of several words; one word is `_asks`'s)
                out |= set(owner[s:e])
    return out


def _asks(word: str, asked: frozenset[str], before: str = "") -> bool:
    """Whether a word of the question says what is asked of the row (a year, a month or a part of one: '1월 말 기준';
    a measure, or the start of a measure's name: '집행 얼마나 됐어'; an operation, a question word), not what the row
    is. `before`: the word before it."""
    w = compact(word)
    if _YEAR_WORD.search(w) or _MONTH_WORD.match(w) or (_MONTH_WORD.match(compact(before)) and _PART_OF_MONTH.match(w)):
        return True
    if any(q in w for q in _QUESTION_WORDS) or any(a in w for a in asked if len(a) >= 2):
        return True
    stem = re.sub(r"[^가-힣A-Za-z]+$", "", w)
    return len(stem) >= 2 and any(m.startswith(stem) for m in _measure_names())


_MONTH_WORD = re.compile(r"^\d{1,2}월")
_PART_OF_MONTH = re.compile(r"^(?:말|초|중순|초순|하순|말일)")


def _measure_names() -> frozenset[str]:
    """The names of the lexicon's measures ('집행액', '예산현액'), compact."""
    from app.engine.lexicon import lexicon

    return frozenset(compact(m.name) for m in lexicon().metrics.values())


# ---- the line of the described project that answers what is asked ('… 서비스, 지금 몇 명이 쓰고 있어?') ----

LINE_RRF_K = 3  # reciprocal-rank fusion of the keyword and the embedding ranking of the passage's lines
TOP_DESCRIBED_LINES = 3  # how far down the fused ranking a line (with the value asked under it) may stand
_INDENT_NOTE = re.compile(r"^\s*(?:※|\*)")


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _passage_lines(data: Any, doc: str, passage: str) -> list[int]:
    """The 1-based lines of a passage that carry words (no headings' blank neighbours, no table rows, no phone
    numbers)."""
    from app.compose import _passage
    from app.indexcache import sections_of

    lines = data.lines(doc)
    out: dict[int, None] = {}
    for s in sections_of(data, doc):
        if _passage(" > ".join(s.path)) != passage:
            continue
        for i in range(s.line_start, min(s.line_end, len(lines)) + 1):
            text = lines[i - 1].strip()
            if len(compact(text)) >= 6 and "|" not in text and "☎" not in text:
                out.setdefault(i)
    return sorted(out)


def _ancestors(lines: list[str], ln: int, depth: int) -> list[int]:
    """The bullets a line stands under, the outermost first, up to `depth` levels."""
    from app.compose import parent_bullet

    out, at = [], ln
    for _ in range(depth):
        up = parent_bullet(lines, at)
        if up is None:
            break
        out.insert(0, up)
        at = up
    return out


def _context(lines: list[str], ln: int) -> str:
    """A line with the bullets it stands under ('서울AI챗(공개용): …' under '보안 중심 내부 AI 및 …')."""
    return " ".join(lines[x - 1].strip() for x in [*_ancestors(lines, ln, 3), ln])


def _block(lines: list[str], ln: int, allowed: set[int]) -> list[int]:
    """A line and the lines under it: its sub-bullets (indented deeper) and the notes ('※ …') that follow."""
    out = [ln]
    base = _indent(lines[ln - 1])
    for i in range(ln + 1, min(len(lines), ln + 12) + 1):
        raw = lines[i - 1]
        if not raw.strip():
            break
        if _indent(raw) > base or _INDENT_NOTE.match(raw):
            if i in allowed:
                out.append(i)
            continue
        break
    return out


def _keyword_scores(description: str, texts: list[str]) -> list[float]:
    """How much of the description each text prints: its content words (and their glosses, data/glosses.json)
    found in the text, each weighted by how few of the texts print it."""
    import math

    from app.engine.lexicon import glosses

    concepts = [forms for forms in _concept_forms(description, short_latin=True) if forms]
    keys = [compact(t).lower() for t in texts]
    n = len(keys)
    out = [0.0] * n
    for forms in concepts:
        hit = [any(f in k for f in forms) for k in keys]
        df = sum(hit)
        if not df:
            continue
        idf = math.log(1 + n / df)
        for i, h in enumerate(hit):
            if h:
                out[i] += idf
    return out


def typed_lines(idx: Any, found: Described, wants: str | None) -> list[tuple[str, int]]:
    """The lines that answer what is asked of a described project: of the passage's lines ranked by the
    description (keyword and embedding rankings fused), the first among the top TOP_DESCRIBED_LINES whose block
    (its sub-bullets and notes) prints a value of the kind asked ('몇 명' → '6,739명'): that line and the lines of
    its block that print the value. [] when nothing is asked that has a kind, or no such line."""
    from app.compose import parent_bullet, states_value

    which = _which_noun(found.rest)
    naming = wants is None and which is None and bool(_NAME_ASKED.search(found.rest))
    if wants is None and which is None and not naming:
        return []

    def states(text: str) -> bool:  # (a heading's number, '3.9.', is no date)
        return which_printed(which, text) if which else states_value(wants, _NUMBERING.sub("", text))

    # ('재래시장 …, 어느 시장에서 해?': the kind the description names is a word the named line shares with it)
    bonus = 1 if which and which in compact(found.description) else 0

    data = idx.data
    doc = found.doc
    lines = data.lines(doc)
    cands = _passage_lines(data, doc, found.passage)
    if len(cands) < 2:
        return []
    contexts = [_context(lines, ln) for ln in cands]
    kw = _keyword_scores(found.description, contexts)
    try:
        embedder = idx.retriever.embedder
        sims = embedder.embed_passages(contexts) @ embedder.embed_queries([found.description])[0]
    except Exception:  # noqa: BLE001 - no embedding model: no second opinion, no line
        return []
    by_kw = sorted(range(len(cands)), key=lambda i: -kw[i])
    by_dense = sorted(range(len(cands)), key=lambda i: -float(sims[i]))
    fused = [0.0] * len(cands)
    for order in (by_kw, by_dense):
        for r, i in enumerate(order):
            fused[i] += 1.0 / (LINE_RRF_K + r + 1)
    ranked = sorted(range(len(cands)), key=lambda i: -fused[i])
    allowed = set(cands)
    if naming:  # '… 로그인되는 거, 그 서비스 이름이 뭐였지?': the bullet the described line stands under names it
        ln = cands[ranked[0]]
        if _common_field(data, lines[ln - 1]) or _printed(found.description, lines[ln - 1]) < MIN_LINE_CONCEPTS:
            return []
        return [(doc, x) for x in dict.fromkeys([_root(lines, ln), ln])]
    for i in ranked[:TOP_DESCRIBED_LINES]:
        ln = cands[i]
        if _common_field(data, lines[ln - 1]):
            continue  # '사업예산 : …', '(사업내용) …': a field every passage prints, not the thing described
        typed = [b for b in _block(lines, ln, allowed) if states(lines[b - 1])]
        if typed and bonus + max(_printed(found.description, _context(lines, x)) for x in (ln, typed[0])) < \
                MIN_LINE_CONCEPTS:
            continue  # one word of the description in common ('상암') says too little that this is the thing
        if typed:
            # a value's line is shown under the bullet it is of ('서울AI챗(공개용): …' above '※ 사용인원: 6,739명')
            up = parent_bullet(lines, typed[0])
            heads = [ln] if up is None or up == ln else ([up] if ln == typed[0] else [ln, up])
            return [(doc, x) for x in dict.fromkeys([*heads, *typed[:2]])]
    # no value under the described lines: the passage's line printing the value that shares most words with the
    # described bullet ('서울은 앱 기반 복지대상자 모바일 자격확인 서비스 도입' → '… 자격확인 기능 개발(2026.4~6월),
    # 서비스 개시(2026.7월~)' in the schedule)
    top = next((cands[i] for i in ranked if not _common_field(data, lines[cands[i] - 1])), cands[ranked[0]])
    root = _root(lines, top)
    block = _block(lines, root, allowed)
    if _common_field(data, lines[root - 1]) or \
            _printed(found.description, " ".join(lines[b - 1] for b in block)) < MIN_LINE_CONCEPTS:
        return []
    typed = [ln for ln in cands if ln not in block and states(lines[ln - 1]) and
             (bonus + _printed(found.description, _context(lines, ln)) >= MIN_LINE_CONCEPTS
              or _names_the_bullet(lines[root - 1], lines[ln - 1]))]
    if not typed:
        return []
    shared = _keyword_scores(" ".join(lines[b - 1] for b in block), [_context(lines, ln) for ln in typed])
    order = sorted(range(len(typed)), key=lambda i: -shared[i])
    best = shared[order[0]]
    if best <= 0 or (len(order) > 1 and best < TYPED_LEAD * shared[order[1]]):
        return []
    return [(doc, root), (doc, typed[order[0]])]


def _names_the_bullet(bullet: str, line: str) -> bool:
    """Whether a line names the described bullet by a long word of it ('보안필터링 시스템 구축 … : 2026. 1. ~ 8.' for
    '안전한 생성형AI 활용을 위한 보안필터링시스템 구축'): its first four letters printed."""
    key = compact(line)
    return any(w[:4] in key for w in re.findall(r"[가-힣A-Za-z]{4,}", bullet) if w not in _FIELD_WORDS)


_FIELD_WORDS = frozenset({"추진현황", "추진일정", "추진내용", "사업개요", "사업내용", "사업예산"})  # every project's


COMMON_FIELD_PASSAGES = 3  # a label printed in this many passages is a field of every project ('사업예산 :')


def _field_label(line: str) -> str:
    m = _FIELD_LINE.match(line)
    return compact(re.sub(r"[()（）:：\-*·○□●◦▪※]", "", m.group(0))) if m else ""


def _common_field(data: Any, line: str) -> bool:
    """Whether a line is a field that many project passages print ('사업예산 : …', '(추진배경) …'), not a thing
    one of them describes ('※ 사용인원: 6,739명' is printed once)."""
    from app.compose import _passage
    from app.engine.cite import section_of
    from app.indexcache import derived

    def build() -> dict[str, int]:
        seen: dict[str, set[str]] = {}
        for d in [x.doc for x in data.documents]:
            for i, raw in enumerate(data.lines(d), 1):
                label = _field_label(raw)
                if label:
                    seen.setdefault(label, set()).add(_passage(section_of(data, d, i)))
        return {k: len(v) for k, v in seen.items()}

    label = _field_label(line)
    return bool(label) and derived(data, "described_field_labels", build).get(label, 0) >= COMMON_FIELD_PASSAGES


MIN_LINE_CONCEPTS = 2  # words of the description (or their glosses) the described line must print


def _printed(description: str, text: str) -> int:
    """How many content words of the description (or their glosses, data/glosses.json) a text prints."""
    key = compact(text).lower()
    return sum(any(f in key for f in forms) for forms in _concept_forms(description))


def _concept_forms(description: str, short_latin: bool = False) -> list[list[str]]:
    """Each content word of a description with its glosses (data/glosses.json), compact, of two letters or more
    (`short_latin`: a one-letter Latin or digit form too)."""
    from app.engine.lexicon import glosses

    gl = glosses()
    out = []
    for w in dict.fromkeys(content_words(description)):
        forms = [compact(f) for f in (w, *(g.lower() for g in gl.get(w, ())))]
        out.append([f for f in forms if len(f) >= 2 or (short_latin and re.fullmatch(r"[a-z0-9]+", f))])
    return out


_WHICH_ASKED = re.compile(r"(?:어느|어떤|무슨)\s*([가-힣]{1,4}?)(?:에서부터|에서|부터|까지|에|이|가|을|를|은|는|으로|로|이야|야|인지|만|도)?"
                          r"(?:\s|\?|$)")
_NAME_ASKED = re.compile(r"이름|명칭|뭐라고\s*(?:불|하)|서비스\s*명")
_NOT_WHICH = frozenset({"부서", "기관", "정도", "사업", "서비스", "내용", "정보", "방식", "식으로"})  # (owners, kinds)


def names_asked(rest: str) -> bool:
    """Whether what is asked of a described thing is its name ('그 서비스 이름이 뭐였지?')."""
    return bool(_NAME_ASKED.search(rest))


def _which_noun(rest: str) -> str | None:
    """The noun '어느 X' asks a name of ('어느 시장에서 해?' → '시장'), or None."""
    m = _WHICH_ASKED.search(rest)
    if m and m.group(1) in _UNIT_LETTERS:
        return m.group(1)  # ('어느 과에서 만든 거예요?': a unit of that kind must be named, `which_printed`)
    # (another noun of one letter, '어느 해', is a time, not a name a line prints)
    return m.group(1) if m and len(m.group(1)) >= 2 and m.group(1) not in _NOT_WHICH else None


_UNIT_LETTERS = frozenset({"과", "팀", "국"})  # one-letter kinds of unit a unit's name ends in ('공간정보과')


def which_printed(noun: str, text: str) -> bool:
    """Whether a line prints the noun '어느 X' asks about as a word of its own after a name ('경동·청량리 시장의' for
    '어느 시장'), not only inside a longer word ('전통시장')."""
    if noun in _UNIT_LETTERS:  # ('어느 과': a unit's name that ends in it, '공간정보과')
        return bool(re.search(r"[가-힣]{2,}" + noun + r"(?![가-힣])", text))
    return bool(re.search(r"[가-힣A-Za-z0-9)]\s+" + re.escape(noun) + r"(?![가-힣]{2})", text))


TYPED_LEAD = 1.5  # how far the value's line must lead the next one in words shared with the described bullet


def _root(lines: list[str], ln: int) -> int:
    """The top bullet a line stands under (itself when it stands under none)."""
    return (_ancestors(lines, ln, 4) or [ln])[0]


def typed_answer(idx: Any, found: Described, wants: str | None) -> Any:
    """A Composed answer quoting the lines of `typed_lines` (each cited), or None when there are none or they do
    not print every noun of what is asked."""
    from app.compose import Composed, clean_line, counts_another_action
    from app.engine.cite import Cites

    picked = [(d, n) for d, n in typed_lines(idx, found, wants)
              if not counts_another_action(found.rest, idx.data.lines(d)[n - 1])]
    if not picked:
        return None
    cites = Cites(idx.data)
    body = []
    for doc, ln in picked:
        body.append(f"- {_bullet_text(clean_line(idx.data.lines(doc)[ln - 1]))} [{cites.text(doc, ln)}]")
    c = Composed(text="문서에 따르면 다음과 같습니다.\n" + "\n".join(body), citations=cites.build(), kind="extractive")
    from app.compose import from_to_answered

    if not from_to_answered(found.rest, "\n".join(idx.data.lines(d)[n - 1] for d, n in picked)):
        return None  # '몇 개에서 몇 개로': a line with one count is no answer
    return c if answers_what_is_asked(found, c.citations, idx.data) else None


def reading_of(data: Any, doc: str, ln: int, rest: str) -> str:
    """How a question was read when answered from a described line: the line's words (no bullets, labels or
    figures) and what is asked ('서울AI챗 용량제 방식으로 최신 생성형 AI 모델 활용 지원 지금 몇 명이 쓰고 있어?')."""
    return f"{_line_words(data.lines(doc)[ln - 1])} {rest}".strip()
