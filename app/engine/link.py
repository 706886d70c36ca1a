"""Linking: the spans of a question that name something the index knows, with how sure each link is.

Three ways a span links, tried in this order on the question with its spaces removed (so `데이터 센터` and
`데이터센터정원` both find `데이터센터`):
- exact: the span is an entry's key (longest first, no overlaps);
- typo: a span one or two letters away from a key (`데이타센터`, `정보보안괴`), counted on jamo, when the span
  itself is not a word of the reports;
- partial: the end of a unit's name (`기록원` → `서울기록원`) when only one unit ends that way.
Projects (numbered section titles) link by the longest stretch of their title the question repeats.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from app.engine.text import compact, is_hangul, jamo_distance
from app.engine.vocab import Entry, Vocabulary, separators_as_one

KIND_RANK = {"department": 0, "org": 1, "team": 2, "project": 3, "row": 4, "glossary": 5, "alias": 6, "column": 7,
             "table": 8}
PARTICLES = ("은", "는", "이", "가", "을", "를", "의", "에", "에서", "도", "랑", "이랑", "과", "와", "로", "으로", "만",
             "까지", "부터", "에는", "에선", "이야", "야", "요", "은요", "는요", "엔", "께", "쪽", "거", "꺼", "들", "보다", "하고", "이나", "에도")
MIN_PROJECT_OVERLAP = 4  # syllables a question must repeat of a project title to name it


@dataclass(frozen=True)
class Link:
    start: int  # span in the compact question
    end: int
    key: str  # the entry key linked to
    entries: tuple[Entry, ...]
    score: float  # 1.0 exact, less for typos and partial names
    how: str  # "exact", "typo", "partial", "opening" (a row label without its last word, kept as written), "project",
    # "list" (an item of a list named with words it shares with the others), "shared" (those words: no entries)
    surface: str  # the span as written (compact)

    @property
    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}

    def first(self, kind: str) -> Entry | None:
        return next((e for e in self.entries if e.kind == kind), None)

    @property
    def text(self) -> str:
        return self.entries[0].text if self.entries else self.key


@dataclass
class Linked:
    """All links of one question."""

    key: str  # the compact question
    links: list[Link] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[Link]:
        return [lk for lk in self.links if lk.kinds & set(kinds)]

    def covered(self, i: int) -> bool:
        return any(lk.start <= i < lk.end for lk in self.links)


def _word_bounds(question: str) -> list[tuple[int, int]]:
    """(start, end) of each whitespace-separated word in compact coordinates."""
    out, pos = [], 0
    for w in question.split():
        k = compact(w)
        out.append((pos, pos + len(k)))
        pos += len(k)
    return out


_TRAILING = re.compile(r"[·,.?!)\]」』'\"]+$")


def _word_ends(qkey: str, bounds: list[tuple[int, int]]) -> list[int]:
    """Where a word of the question may end a name: its end, before a particle, before the punctuation that closes
    it ('대관료 수입,' in a list of three)."""
    ends: list[int] = []
    for a, b in bounds:
        word = qkey[a:b]
        bare = _TRAILING.sub("", word)
        for w, end in ((word, b), (bare, a + len(bare))):
            if not w:
                continue
            ends.append(end)
            ends += [end - len(p) for p in PARTICLES if p and w.endswith(p) and len(w) > len(p)]
    return ends


def _short_ok(key: str, start: int, end: int, qkey: str, bounds: list[tuple[int, int]]) -> bool:
    """A two-character key must open a word and be followed only by a particle (so '행정' in '행정사무감사' is not '행정')."""
    for a, b in bounds:
        if a <= start < b:
            if start != a:
                return False
            rest = re.sub(r"[^가-힣A-Za-z0-9]+$", "", qkey[end:b])
            if rest.startswith("직"):  # '전산직', '행정직은': a job series written with its suffix
                rest = rest[1:]
            return rest == "" or rest in PARTICLES or not any(is_hangul(c) for c in rest)
    return False


def _tail_of_printed_word(start: int, end: int, qkey: str, bounds: list[tuple[int, int]], vocab: Vocabulary) -> bool:
    """Whether a key is the tail of a longer word the reports print that the question writes (the column '정보보호'
    inside '개인정보보호'): that word is what was said, not the key ('데이터센터정원', written without a space, is no
    printed word, so 정원 there still links). Used for column headers only: a name's tail ('와이파이' in
    '공공와이파이') still names it."""
    for a, b in bounds:
        if a <= start < b:
            while a < start and any(not is_hangul(c) for c in qkey[a:start]):
                a += 1  # ('사이버보안·개인정보보호': the word after the '·')
            head = qkey[a:start]
            return start > a + 1 and not vocab.get(head) and vocab.in_corpus(qkey[a:end])
    return False


def link_exact(qkey: str, vocab: Vocabulary, bounds: list[tuple[int, int]]) -> list[Link]:
    cands: list[Link] = []
    n = len(qkey)
    for i in range(n):
        for L in range(min(vocab.max_key, n - i), 1, -1):
            sub = qkey[i:i + L]
            es = [e for e in vocab.get(sub) if e.kind != "heading"]  # a heading names a table, not a thing asked
            if not es:
                continue
            if L == 2 and not _short_ok(sub, i, i + L, qkey, bounds):
                continue
            if all(e.kind == "column" for e in es) and _tail_of_printed_word(i, i + L, qkey, bounds, vocab):
                continue
            cands.append(Link(i, i + L, sub, tuple(sorted(es, key=lambda e: KIND_RANK.get(e.kind, 9))), 1.0, "exact", sub))
    return _non_overlapping(cands)


def _non_overlapping(cands: list[Link]) -> list[Link]:
    cands.sort(key=lambda lk: (-(lk.end - lk.start), -lk.score, min(KIND_RANK.get(k, 9) for k in lk.kinds), lk.start))
    kept: list[Link] = []
    for c in cands:
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    kept.sort(key=lambda lk: lk.start)
    return kept


def _runs(qkey: str, taken: list[Link]) -> list[tuple[int, int]]:
    """Maximal stretches of Hangul/Latin not covered by a link."""
    out, i, n = [], 0, len(qkey)
    while i < n:
        if any(lk.start <= i < lk.end for lk in taken) or not (is_hangul(qkey[i]) or qkey[i].isalnum()):
            i += 1
            continue
        j = i
        while j < n and (is_hangul(qkey[j]) or qkey[j].isalnum()) and not any(lk.start <= j < lk.end for lk in taken):
            j += 1
        out.append((i, j))
        i = j
    return out


TYPO_KINDS = frozenset({"department", "team", "row", "project", "glossary", "org"})


def allowed_typos(key: str) -> int:
    return 1 if len(key) <= 6 else 2


def link_typos(qkey: str, vocab: Vocabulary, taken: list[Link]) -> list[Link]:
    """Spans a letter or two away from an entry key, where the span is not itself a word of the reports."""
    found: list[Link] = []
    for a, b in _runs(qkey, taken):
        for L in range(min(b - a, vocab.max_key + 1), 2, -1):
            for i in range(a, b - L + 1):
                span = qkey[i:i + L]
                if vocab.in_corpus(span):
                    continue
                need = max(1, (L - 1) - 2)
                digits = re.sub(r"\D", "", span)
                best: tuple[int, str] | None = None
                for key in vocab.keys_sharing_bigrams(span, need):
                    if abs(len(key) - L) > 1 or len(key) < 3 or re.sub(r"\D", "", key) != digits:
                        continue  # (a digit is never a slip: '…부과금2|024' is no '…·부과금')
                    # (an abbreviation, '정시과' for 정보시스템과, only as typed: '예정 시기' is not a slip of it)
                    es = [e for e in vocab.get(key) if e.kind in TYPO_KINDS and not e.is_initials]
                    if not es:
                        continue
                    d = jamo_distance(span, key, allowed_typos(key))
                    if d <= allowed_typos(key) and (best is None or d < best[0]):
                        best = (d, key)
                if best is not None:
                    es = tuple(sorted(vocab.get(best[1]), key=lambda e: KIND_RANK.get(e.kind, 9)))
                    found.append(Link(i, i + L, best[1], es, 0.9 - 0.1 * best[0], "typo", span))
    return _non_overlapping(found)


def link_partial(qkey: str, vocab: Vocabulary, taken: list[Link], bounds: list[tuple[int, int]]) -> list[Link]:
    """A word that is the unique ending of a unit's name ('기록원' → '서울기록원', '보안과' → '정보보안과')."""
    out: list[Link] = []
    units = list(vocab.departments)
    for a, b in bounds:
        word = qkey[a:b]
        for cut in range(len(word), 2, -1):
            stem = word[:cut]
            if any(lk.start < a + cut and lk.end > a for lk in taken):
                break
            ends = [u for u in units if u.endswith(stem) and u != stem]
            if len(ends) == 1 and (word[cut:] in PARTICLES or word[cut:] == ""):
                es = tuple(e for e in vocab.get(ends[0]) if e.kind == "department")
                if es:
                    out.append(Link(a, a + cut, ends[0], es, 0.8, "partial", stem))
                break
    return out


def _lcs(a: str, b: str) -> tuple[int, int]:
    """Length and start (in a) of the longest common substring."""
    best, start = 0, 0
    prev = [0] * (len(b) + 1)
    for i, ca in enumerate(a, 1):
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best, start = cur[j], i - cur[j]
        prev = cur
    return best, start


_GENERIC_TITLE = re.compile(r"(추진|운영|구축|강화|확대|지원|조성|관리|고도화|활성화|및|의|을|를|통한|위한)")


def _cuts_a_word(qkey: str, end: int, title: str, piece: str) -> bool:
    """The matched piece stops inside a longer word of the question (the next letters are no particle, nor a
    measure's word: 'AI페스타예산' ends the name before '예산')."""
    rest = qkey[end:end + 3]
    if not rest or not is_hangul(rest[0]):
        return False
    if any(qkey.startswith(c, end) for c in _measure_words()) or re.match(r"중(?:에서?|에는)?(?:[^가-힣]|[가-힣]{2})", qkey[end:]):
        return False  # ('…페스타 중 소요예산': '중' opens what is asked of the things named)
    return not any(rest.startswith(p) for p in PARTICLES if p) or rest[:2] in ("재단", "센터", "시스", "사업")


_MEASURE_WORDS: list[str] = []


def _measure_words() -> list[str]:
    """The lexicon's words for a measure (예산, 정원, 집행률 …) of two letters or more, compact."""
    if not _MEASURE_WORDS:
        from app.engine.lexicon import lexicon

        _MEASURE_WORDS.extend(sorted({compact(c) for m in lexicon().metrics.values() for c in m.cues
                                      if len(compact(c)) >= 2 and is_hangul(compact(c)[0])}, key=len, reverse=True))
    return _MEASURE_WORDS


MIN_NAME_PIECE = 5  # letters of a title's own name ('스마트서울맵') that name its project wherever the title is long


def _whole_words_of(title_text: str, piece: str) -> bool:
    """Whether the piece is a run of whole words of the printed title ('스마트서울맵' of '똑똑한 서울생활의 나침반,
    스마트서울맵 활성화'; 'AI페스타' of '서울 AI 페스타 추진'), not letters cut out of one."""
    words = [compact(w) for w in re.split(r"[\s,·'‘’\"“”『』()]+", title_text) if compact(w)]
    for i in range(len(words)):
        run = ""
        for w in words[i:]:
            run += w
            if run == piece:
                return True
            if not piece.startswith(run):
                break
    return False


def _project_grams(vocab: Vocabulary) -> tuple[list[str], dict[str, set[int]]]:
    """The project titles as matched (parentheses and quotes left out) and an index trigram → titles holding it,
    built once per vocabulary."""
    def build() -> tuple[list[str], dict[str, set[int]]]:
        titles = [re.sub(r"\([^()]*\)|['‘’\"“”『』]", "", e.key) for e in vocab.projects]
        grams: dict[str, set[int]] = {}
        for i, t in enumerate(titles):
            for j in range(len(t) - 2):
                grams.setdefault(t[j:j + 3], set()).add(i)
        return titles, grams

    return vocab.derived(f"project_grams:{len(vocab.projects)}", build)


def find_projects(qkey: str, vocab: Vocabulary) -> list[Link]:
    """Projects whose title the question repeats a long enough piece of (best first); an abbreviation the reports
    define ('SLW' for 스마트라이프워크) stands for its words."""
    asked = qkey
    for key, entries in list(vocab.entries.items()):
        if key.isascii() and len(key) >= 2 and key in qkey:
            target = next((e.target for e in entries if e.kind == "alias" and e.target), "")
            if target and len(target) >= 3:  # a whole Latin word only ('DR', not the DR of 'EDR')
                qkey = re.sub(rf"(?<![A-Za-z]){re.escape(key)}(?![A-Za-z])", target, qkey)
    if qkey != asked:  # a title that prints the abbreviation itself ('서울AI페스타') is found as asked too
        best: dict[str, Link] = {}
        for lk in _scored_projects(asked, vocab) + _scored_projects(qkey, vocab):
            if lk.key not in best or lk.score > best[lk.key].score:
                best[lk.key] = lk
        return sorted(best.values(), key=lambda lk: -lk.score)
    return _scored_projects(qkey, vocab)


def _scored_projects(qkey: str, vocab: Vocabulary) -> list[Link]:
    """Projects whose title shares a long enough piece with the question key, best first."""
    scored: list[tuple[float, Link]] = []
    titles, grams = _project_grams(vocab)
    # a title sharing MIN_PROJECT_OVERLAP letters in a row shares a trigram: only those are measured (exact, and
    # at hundreds of reports the difference between reading every title and reading a few)
    candidates = sorted({i for g in {qkey[i:i + 3] for i in range(len(qkey) - 2)} for i in grams.get(g, ())})
    for i in candidates:
        e, title = vocab.projects[i], titles[i]
        n, start = _lcs(qkey, title)
        piece = qkey[start:start + n]
        content = len(_GENERIC_TITLE.sub("", piece))
        if n < 6 and _cuts_a_word(qkey, start + n, title, piece):
            continue  # '서울AI재단' is not '서울 AI 페스타': the question's word goes on where the title does not
        if n >= MIN_PROJECT_OVERLAP and content >= 3:
            score = n / max(len(title), 1) + 0.02 * n
            if n >= MIN_NAME_PIECE and content >= 4 and _whole_words_of(e.text, piece) and sum(
                    piece in t for t in titles) == 1:
                score = max(score, 0.45 + 0.01 * n)  # a name only this title prints, said whole: its project however
                # long the title (the longer of two such names leads)
            scored.append((score, Link(start, start + n, e.key, (e,), min(1.0, score), "project", piece)))
    scored.sort(key=lambda x: -x[0])
    return [lk for _, lk in scored]


MIN_ROW_SUFFIX = 6  # characters a question must repeat of a row label's end to name the row without its opening
MAX_ROW_PREFIX = 4  # the opening a question may leave out ('서울시' of '서울시 CCTV안전센터 운영')


def link_row_suffix(qkey: str, vocab: Vocabulary, taken: list[Link], bounds: list[tuple[int, int]]) -> list[Link]:
    """Words that are a row label without its short opening ('CCTV안전센터 운영' → '서울시 CCTV안전센터 운영'), when
    exactly one label ends that way; the words must start a word and end one (a particle may follow)."""
    rows = [k for k, es in vocab.entries.items() if any(e.kind == "row" for e in es)]
    out: list[Link] = []
    starts = [a for a, _ in bounds]
    ends = _word_ends(qkey, bounds)
    # rows named just before: a second item listed after one may leave out the opening they share
    # ('에스플렉스센터 사용료·관리비 수입과 대관료 수입' → '에스플렉스센터 대관료 수입')
    openings = [lk.key for lk in taken if "row" in lk.kinds]
    for a in starts:
        if any(lk.start <= a < lk.end for lk in taken + out):
            continue
        for e in sorted(set(ends), reverse=True):
            if any(lk.start < e and lk.end > a for lk in taken + out):
                continue
            span = qkey[a:e]
            shared = {k for k in rows if len(span) >= 3 and k.endswith(span) and len(k) > len(span) and any(
                o.startswith(k[:len(k) - len(span)]) and o != k for o in openings)} if openings else set()
            if e - a < MIN_ROW_SUFFIX and not shared:
                continue
            found = shared or {k for k in rows if k.endswith(span) and 0 < len(k) - len(span) <= MAX_ROW_PREFIX}
            if len(found) == 1:
                key = next(iter(found))
                corpus = vocab.corpus_key
                if corpus and corpus.count(span) > corpus.count(key):
                    continue  # the words stand on their own elsewhere ('처리요구사항' ≠ '시정·처리요구사항')
                es = tuple(x for x in vocab.get(key) if x.kind == "row")
                out.append(Link(a, e, key, es, 0.85, "partial", span))
                break
    return out


_BRACKETED = re.compile(r"\(([^()]+)\)(.+)$")


def _bracketed_names(vocab: Vocabulary) -> dict[str, frozenset[str]]:
    """Each row label with a bracketed word and words after the bracket, named by those two ('서울기록원 시설
    (컨퍼런스룸) 사용료 수입' by '컨퍼런스룸사용료수입'): that name → the labels' keys (with their brackets)."""
    out: dict[str, set[str]] = {}
    for k, es in vocab.entries.items():
        for e in es:
            m = _BRACKETED.search(e.text) if e.kind == "row" and "(" in k else None
            if m is None:
                continue
            name = compact(m.group(1)) + compact(m.group(2))
            if len(name) >= MIN_ROW_SUFFIX and re.search(r"[가-힣A-Za-z]{2}", m.group(2)):
                out.setdefault(name, set()).add(k)
    return {n: frozenset(ks) for n, ks in out.items()}


def link_row_bracketed(qkey: str, vocab: Vocabulary, taken: list[Link], bounds: list[tuple[int, int]]) -> list[Link]:
    """Words that are a row label's bracketed word and the words after its bracket, the words before it left out
    ('컨퍼런스룸 사용료 수입' → '서울기록원 시설(컨퍼런스룸) 사용료 수입'), when exactly one label reads so; the words
    must start a word and end one (a particle may follow)."""
    names = vocab.derived("bracketed_row_names", lambda: _bracketed_names(vocab))
    out: list[Link] = []
    ends = sorted(set(_word_ends(qkey, bounds)), reverse=True)
    for a, _ in bounds:
        if any(lk.start <= a < lk.end for lk in taken + out):
            continue
        for e in ends:
            if e - a < MIN_ROW_SUFFIX or any(lk.start < e and lk.end > a for lk in taken + out):
                continue
            found = names.get(qkey[a:e])
            if found and len(found) == 1:
                key = next(iter(found))
                es = tuple(x for x in vocab.get(key) if x.kind == "row")
                out.append(Link(a, e, key, es, 0.85, "partial", qkey[a:e]))
                break
    return out


MIN_ROW_OPENING = 4  # characters a question must repeat of a row label's opening to name it without its last word
_GENERIC_END = re.compile(rf"^(?:{_GENERIC_TITLE.pattern[1:-1]}|사업|수입|경비|비)+$")


def link_row_opening(qkey: str, vocab: Vocabulary, taken: list[Link], bounds: list[tuple[int, int]]) -> list[Link]:
    """Words that are a row label without its generic last word ('빅데이터 캠퍼스' → '빅데이터 캠퍼스 운영'), when
    exactly one label opens that way and goes on only with such words (운영, 구축, 지원, 사업 …); the words must
    start a word and end one (a particle may follow)."""
    rows = vocab.derived("row_keys", lambda: sorted(
        k for k, es in vocab.entries.items() if any(e.kind == "row" for e in es)))
    out: list[Link] = []
    ends = _word_ends(qkey, bounds)
    for a, _ in bounds:
        if any(lk.start <= a < lk.end for lk in taken + out):
            continue
        for e in sorted(set(x for x in ends if x - a >= MIN_ROW_OPENING), reverse=True):
            if any(lk.start < e and lk.end > a for lk in taken + out):
                continue
            span = qkey[a:e]
            if vocab.get(span):
                continue
            before = next((qkey[x:y] for x, y in bounds if y == a), "")
            after = next((qkey[x:y] for x, y in bounds if x == e), "")
            if before and vocab.in_corpus(before + span) or after and vocab.in_corpus(span + after):
                break  # '차세대 디지털 아카이브': the words name a longer thing the reports print, not the row
            found = {k for k in rows if k.startswith(span) and _GENERIC_END.match(k[len(span):])}
            if len(found) == 1:
                key = next(iter(found))
                es = tuple(x for x in vocab.get(key) if x.kind == "row")
                out.append(Link(a, e, key, es, 0.8, "opening", span))
                break
    return out


MAX_ROW_GAP = 4  # letters of the one word a row may be named without, in its middle ('사업비')
_POINTING_WORDS = ("쪽", "부분")  # words between a name and its last word that only point ('… 쪽 발생이자')


def link_row_gap(qkey: str, vocab: Vocabulary, taken: list[Link], bounds: list[tuple[int, int]]) -> list[Link]:
    """A row linked by its opening words and a later word of the question that ends exactly one longer row label
    with at most one short word between ('사물인터넷 도시조성 쪽 발생이자' → '사물인터넷 도시조성 사업비 발생이자'):
    that longer row, in place of the shorter one (a row of another table)."""
    rows = vocab.derived("row_keys", lambda: sorted(
        k for k, es in vocab.entries.items() if any(e.kind == "row" for e in es)))
    out: list[Link] = []
    for lk in taken:
        if "row" not in lk.kinds:
            continue
        later = [(a, b) for a, b in bounds if a >= lk.end]
        while later and qkey[later[0][0]:later[0][1]] in _POINTING_WORDS:
            later = later[1:]
        if not later:
            continue
        a, b = later[0]
        word = qkey[a:b]
        tails = [word] + [word[:-len(p)] for p in PARTICLES if p and word.endswith(p) and len(word) - len(p) >= 2]
        for tail in tails:
            found = {k for k in rows if k.startswith(lk.key) and k.endswith(tail)
                     and 0 < len(k) - len(lk.key) - len(tail) <= MAX_ROW_GAP}
            if len(found) == 1:
                key = next(iter(found))
                es = tuple(x for x in vocab.get(key) if x.kind == "row")
                out.append(Link(lk.start, a + len(tail), key, es, 0.8, "gap", qkey[lk.start:a + len(tail)]))
                break
    return out


_ITEM_BREAK = re.compile(r"[·()\[\]「」]")
MIN_SHARED = 3  # letters of the words a list's items share, said once ('에스플렉스센터 운영수입 중 …', '자치구 부담금')


def link_row_list(qkey: str, vocab: Vocabulary, taken: list[Link], bounds: list[tuple[int, int]]) -> tuple[
        list[Link], list[Link]]:
    """Items of a list that name rows with the words they share said once, before the list or after it: '에스플렉스센터
    운영수입 중 사용료·관리비, 대관료, 주차수입' (each row is '에스플렉스센터 운영수입 (…)'), '자치구 부담금 세
    항목(기록관리시스템 운영, 차세대 업무관리시스템, …)' (each row is '… 자치구 부담금'). Two items at least must
    name a row each with the same shared words, each item exactly (the shared words and the item make the whole
    label). Returns (the items' links, the links they replace: the shared words linked alone, links inside items)."""
    rows = vocab.derived("row_keys", lambda: sorted(
        k for k, es in vocab.entries.items() if any(e.kind == "row" for e in es)))
    # where an item may start and end: word edges, list separators, particles and punctuation at a word's end
    starts = sorted({a for a, _ in bounds} | {m.end() for m in _ITEM_BREAK.finditer(qkey)})
    ends = sorted(set(_word_ends(qkey, bounds)) | {m.start() for m in _ITEM_BREAK.finditer(qkey)})
    spans: dict[str, list[tuple[int, int]]] = {}
    for a in starts:
        for e in ends:
            piece = qkey[a:e]  # (one '·' may be inside an item's name: '사용료·관리비')
            if 2 <= len(piece) <= 24 and (not _ITEM_BREAK.search(piece.strip("·"))
                                          or piece.count("·") == 1 and not re.search(r"[()]", piece)):
                spans.setdefault(piece, []).append((a, e))
    by_shared: dict[tuple[str, str], dict[tuple[int, int], str]] = {}  # (how, shared words) → item span → row key
    for k in rows:
        key = separators_as_one(k)
        for i in range(MIN_SHARED, len(key) - 1):
            head, item = key[:i].rstrip("("), key[i:].strip("()")
            if item in spans and head in qkey:
                at = qkey.find(head)
                for a, e in spans[item]:
                    if at + len(head) <= a:
                        by_shared.setdefault(("head", head), {}).setdefault((a, e), k)
            item, tail = key[:len(key) - i], key[len(key) - i:]
            if item in spans and tail in qkey:
                at = qkey.find(tail)
                for a, e in spans[item]:
                    if e <= at or a >= at + len(tail):
                        by_shared.setdefault(("tail", tail), {}).setdefault((a, e), k)
    best: tuple[int, int, str, str, dict[tuple[int, int], str]] | None = None
    for (how, shared), found in by_shared.items():
        items = set(found)
        if len(items) < 2 or len(set(found.values())) != len(items) or _overlapping(items):
            continue
        if any("row" in lk.kinds and lk.start < e and a < lk.end and not (a <= lk.start and lk.end <= e)
               for lk in taken for a, e in items):
            continue  # a row named whole across an item's edge is what was said ('… 운영 수입이 대관료 수입보다')
        if any(any(x.kind == "row" for x in vocab.get(separators_as_one(qkey[a:e]))) for a, e in items):
            continue  # each item a row of its own ('특별회계 중에 균형발전이랑 도시개발': the rows under 특별회계)
        rank = (len(items), len(shared))
        if best is None or rank > best[:2]:
            best = (*rank, how, shared, found)
    if best is None:
        return [], []
    _, _, how, shared, found = best
    out = [Link(a, e, k, tuple(x for x in vocab.get(k) if x.kind == "row"), 0.85, "list", qkey[a:e])
           for (a, e), k in found.items()]
    at = qkey.find(shared)
    # the shared words are part of each item's name, not a thing of their own: a link without entries covers them
    # (so no word of the question is left unexplained) and names no row ('에스플렉스센터 운영수입' is not summed too)
    out.append(Link(at, at + len(shared), shared, (), 0.85, "shared", shared))
    replaced = [lk for lk in taken if any(o.start < lk.end and lk.start < o.end for o in out)]
    return out, replaced


def _overlapping(spans: set[tuple[int, int]]) -> bool:
    s = sorted(spans)
    return any(b[0] < a[1] for a, b in zip(s, s[1:]))


def link(question: str, vocab: Vocabulary) -> Linked:
    """Every span of the question that names an entry of the vocabulary."""
    qkey = separators_as_one(compact(question))  # ('사용료·관리비' names '사용료, 관리비'; one character for one)
    bounds = _word_bounds(question)
    links = link_exact(qkey, vocab, bounds)
    links += link_typos(qkey, vocab, links)
    links += link_partial(qkey, vocab, links, bounds)
    links += link_row_suffix(qkey, vocab, links, bounds)
    bracketed = link_row_bracketed(qkey, vocab, links, bounds)
    for i, b in enumerate(bracketed):  # '서울기록원 컨퍼런스룸 사용료 수입': the unit named just before is the label's
        unit = next((lk for lk in links if lk.end == b.start and "department" in lk.kinds and lk.key in b.key), None)
        if unit is not None:  # own first word
            links.remove(unit)
            bracketed[i] = replace(b, start=unit.start, surface=qkey[unit.start:b.end])
    links += bracketed
    columns = [lk for lk in links if lk.kinds == {"column"}]  # a column inside a row's words ('정보통신' in
    opening = link_row_opening(qkey, vocab, [lk for lk in links if lk not in columns], bounds)  # '행정정보통신망')
    links = [lk for lk in links if not any(o.start <= lk.start and lk.end <= o.end for o in opening)] + opening
    gaps = link_row_gap(qkey, vocab, links, bounds)
    links = [lk for lk in links if not any(g.start <= lk.start and lk.end <= g.end for g in gaps)] + gaps
    listed, replaced = link_row_list(qkey, vocab, links, bounds)
    if listed:
        links = [lk for lk in links if lk not in replaced] + listed
    links.sort(key=lambda lk: lk.start)
    return Linked(qkey, links)
