"""The question as the engine reads it: English phrases in the reports' Korean words, and names written with a
typo replaced by the index's spelling (`데이타센터` → `데이터센터`). Pure functions over the lexicon and the links.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Sequence

from app.engine.lexicon import Lexicon
from app.engine.link import Linked
from app.engine.text import compact, josa, nfc

_EN_WORD = re.compile(r"[A-Za-z][A-Za-z&\-']*")
_EN_YEAR = re.compile(r"(?<![\d,.])(20\d{2})(?![\d,])")
_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
           "september": 9, "october": 10, "november": 11, "december": 12}


def english_readings(question: str, lex: Lexicon) -> list[str]:
    """Every Korean reading of an English question, one per rendering of a phrase the lexicon gives several for
    ('launched' → '개시|출범'): the first is `translate_english`'s; the others are read when it finds nothing."""
    most = max((len(v.split("|")) for p, v in lex.english.items() if "|" in v and p in question.lower()), default=1)
    out: list[str] = []
    for choice in range(most):
        ko = translate_english(question, lex, choice)
        if ko not in out:
            out.append(ko)
    return out


_WHAT_IS = re.compile(r"(?i)^(.*?,\s*)?what\s+(?:is|are)\s+(?:an?\s+|the\s+)?(.{1,40}?)\s*[?.!]*\s*$")
_NOT_A_TERM = re.compile(r"(?i)\b(?:of|in|for|at|on|by|to|from|with|how|many|much|budget|number|total|rate|share|date|"
                         r"when|where|who|which|does|did|was|were)\b|\d")


def translate_english(question: str, lex: Lexicon, choice: int = 0) -> str:
    """An English question in the reports' words: known phrases become Korean, function words go, the rest stays
    ('How many staff does the Data Center have in 2026?' → '몇 현원 데이터센터 2026년')."""
    text = nfc(question)
    # 'What is LiDAR?': the thing first and the asking after it, as Korean asks a meaning ('라이다 뭐야?')
    what = _WHAT_IS.match(text)
    if what and not _NOT_A_TERM.search(what.group(2)):
        text = f"{what.group(1) or ''}{what.group(2)} what is?"
    when = re.match(r"(?i)^\s*when\s+(?:will|is|are|was|were|does|do|did)\s+(.+?)\s*[?.!]*\s*$", text)
    if when:  # 'When will X …?': Korean asks the time last ('… 언제?'), where the schedule reader looks for it
        text = f"{when.group(1)} when?"
    months = "|".join(_MONTHS)
    # a day of the month names no other figure than the month's report date: '31 January 2025' → '2025년 1월'
    text = re.sub(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + months + r"),?\s+(\d{4})\b",
                  lambda m: f"{m.group(3)}년 {_MONTHS[m.group(2).lower()]}월", text)
    text = re.sub(r"(?i)\b(" + months + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b",  # 'January 31, 2025'
                  lambda m: f"{m.group(3)}년 {_MONTHS[m.group(1).lower()]}월", text)
    text = re.sub(r"(?i)\b(" + months + r")\s+(\d{4})\b", lambda m: f"{m.group(2)}년 {_MONTHS[m.group(1).lower()]}월", text)
    text = re.sub(r"(?i)\bas of\b", " ", text)
    # 'how many cities and companies …': Korean counts after the things counted ('도시 기업 몇 개'), in 명 for people
    marks: list[str] = []

    def counted(m: re.Match[str]) -> str:  # ('… and how many old ones …': the counter of the things counted before)
        mark = marks[-1] if marks and re.search(r"(?i)\bones?\b", m.group(1)) else _counter_of(m.group(1))
        marks.append(mark)
        return f"{m.group(1)} {mark} "
    text = _HOW_MANY.sub(counted, text)
    out: list[str] = []
    low = text.lower()
    unhyphened = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", low)  # 'fiber-optic cable' read as 'fiber optic cable' too
    phrases = sorted(lex.english, key=len, reverse=True)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isascii() and ch.isalpha():
            hit = next((p for p in phrases if (low.startswith(p, i) or unhyphened.startswith(p, i))
                        and _tail(low, i + len(p), len(p)) >= 0), None)
            if hit is not None:
                if lex.english[hit]:
                    ways = lex.english[hit].split("|")  # renderings of the phrase; `choice` picks one
                    out.append(" " + ways[min(choice, len(ways) - 1)] + " ")
                i += len(hit) + _tail(low, i + len(hit), len(hit))
                continue
            m = _EN_WORD.match(text, i)
            assert m is not None
            word = m.group(0)
            if word.lower().strip("'") not in lex.english_stopwords:
                out.append(" " + word + " ")
            i = m.end()
            continue
        out.append(ch)
        i += 1
    ko = nfc("".join(out))
    for mark, counter in _COUNTERS.items():
        ko = ko.replace(mark, counter)
    ko = _EN_YEAR.sub(lambda m: m.group(1) + "년", ko)
    ko = re.sub(r"년\s*년", "년", ko)
    return ko


_HOW_MANY = re.compile(r"(?i)\bhow\s+many\s+((?:[a-z&-]+\s+){0,3}?[a-z&-]+)(?=\s+(?:do|does|did|are|is|were|was|will|would|"
                       r"have|has|had|took|take|takes|in|of|for|at|on|with|under|per|can|could|should|got|get|there|"
                       r"exist|remain|came|come|visited|visit|attended|attend|joined|join|used|use|participated|participate|"
                       r"registered|signed|applied|received|work|worked|belong|belonged|installed|replaced|added|"
                       r"planned|hired|recruited|served)\b|\s*[?.,!]|\s*$)")
_PEOPLE = re.compile(r"(?i)\b(?:staff|people|persons?|employees?|workers?|officials?|visitors?|participants?|members?|"
                     r"users?|volunteers?|personnel|headcount|positions?|seats?)\b")
_MACHINES = re.compile(r"(?i)\b(?:units?|devices?|machines?|cameras?|cctvs?|aps?|access\s+points?|vehicles?|computers?|"
                       r"pcs?|terminals?|kiosks?|servers?|poles?)\b")
_LENGTHS = re.compile(r"(?i)\b(?:kilomet(?:er|re)s?|kms?)\b")
_CASES = re.compile(r"(?i)\b(?:cases?|items?|requests?|demands?|findings?|complaints?|issues?|reservations?)\b")
# counters written as marks the word loop keeps, then in Korean: the counter the reports print for such things
_COUNTERS = {"QXCOUNTPEOPLEQX": "몇 명", "QXCOUNTMACHINESQX": "몇 대", "QXCOUNTCASESQX": "몇 건",
             "QXCOUNTTHINGSQX": "몇 개", "QXCOUNTLENGTHQX": "몇 km"}


def _counter_of(nouns: str) -> str:
    """The mark of the counter for the things 'how many' counts."""
    if _PEOPLE.search(nouns):
        return "QXCOUNTPEOPLEQX"
    if _MACHINES.search(nouns):
        return "QXCOUNTMACHINESQX"
    if _LENGTHS.search(nouns):
        return "QXCOUNTLENGTHQX"
    return "QXCOUNTCASESQX" if _CASES.search(nouns) else "QXCOUNTTHINGSQX"


def _continues(low: str, end: int) -> bool:
    """Whether a phrase match stops inside a longer English word ('top' in 'topic')."""
    return end < len(low) and low[end].isalpha()


# the endings an English word takes without becoming another ('cumulatively', 'poles', 'installed')
_INFLECTIONS = ("ly", "s", "es", "ed", "d", "ing")


def _tail(low: str, end: int, size: int) -> int:
    """How many letters of inflection follow a phrase match of `size` letters to the end of its word (0 when the
    word ends there), or -1 when the match stops inside another word ('top' in 'topic')."""
    if not _continues(low, end):
        return 0
    rest = re.match(r"[a-z]+", low[end:])
    word = rest.group(0) if rest else ""
    return len(word) if word in _INFLECTIONS and size >= 4 else -1


_LATIN_TOKEN = re.compile(r"(?<![A-Za-z])[A-Za-z][A-Za-z0-9]*(?![A-Za-z])")


def corpus_cased(question: str, forms: dict[str, str], english: bool = False) -> str:
    """The question with each Latin word the reports print in another case written as they print it ('cctv' →
    'CCTV', 'Rfid' → 'RFID'). In an English question only words of three or more letters that the reports print in
    capitals (acronyms) are changed, so that 'it' or 'is' stay English words."""
    def fix(m: re.Match) -> str:
        w = m.group(0)
        form = forms.get(w.lower()) or (_latin_slip(w, forms) if not english else None)
        if not form or form == w:
            return w
        if english and not (len(w) >= 3 and form.isupper()):
            return w
        return form

    return _LATIN_TOKEN.sub(fix, question)


def _latin_slip(word: str, forms: dict[str, str]) -> str | None:
    """The one acronym of the reports (4+ letters, printed in capitals) that a word the reports never print is a
    slip of: two letters swapped or one letter wrong ('RFDI' → 'RFID'); None otherwise."""
    low = word.lower()
    if len(low) < 4:
        return None
    found = set()
    for cand, form in forms.items():
        if len(cand) != len(low) or not form.isupper():
            continue
        diff = [i for i, (a, b) in enumerate(zip(low, cand)) if a != b]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and low[diff[0]] == cand[diff[1]] and low[diff[1]] == cand[diff[0]]
        if len(diff) == 1 or swapped:
            found.add(form)
    return found.pop() if len(found) == 1 else None


_COUNT_SLIP = re.compile(r"(?<![가-힣])(?:멋|멧|몃|몆)\s*(개소|개|명|대|건|곳|종|팀|과|번|식|가지)(?![가-힣]{2})")


_HANGUL_THEN_LATIN = re.compile(r"(?<=[가-힣]{2})(?=[a-z]{2})")


def scripts_spaced(question: str) -> str:
    """A Hangul word glued to a Latin one typed in lower case ('지능형cctv') spaced as the reports print such words
    ('지능형 CCTV'), so each is a word of its own to the reader. A Latin word glued to its particle ('CCTV를') is left
    whole, and so is a name typed as printed ('서울AI재단')."""
    return _HANGUL_THEN_LATIN.sub(" ", question)


_BRACKETED_NAME = re.compile(r"([가-힣A-Za-z0-9]{2,})\s*\(\s*([가-힣A-Za-z0-9 ]{2,24}?)\s*\)")


def same_name_bracketed(question: str, same, printed=lambda text: False) -> str:
    """The question without a bracket that gives another name of the thing named just before it ('서울디지털재단
    (서울AI재단) 출연금': a body renamed, its two names) — `same(a, b)` says whether two compact names are one thing.
    The two names are one entity, not two things to compare; other brackets stay ('경비(인건비 제외)'), and so does a
    name the reports print with its bracket (`printed`: '정보기술아키텍처(EA) 운영')."""
    def one(m: re.Match[str]) -> str:
        if printed(m.group(0)) or not same(compact(m.group(1)), compact(m.group(2))):
            return m.group(0)
        return m.group(1)

    return _BRACKETED_NAME.sub(one, question)


_COUNTED_LIST = re.compile(r"((?:[가-힣A-Za-z·]+\s+){0,2})(?:사업|항목|과제|세부사업|것|거|부분)\s*(두|세|네|다섯|[2-5])\s*"
                           r"(?:개|가지|건)?\s*\(([^()]{2,120})\)")
_HOW_MANY_SAID = {"두": 2, "세": 3, "네": 4, "다섯": 5}


def counted_list_opened(question: str, keeps=lambda word: False) -> str:
    """'CCTV 사업 두 개(CCTV안전센터 운영, 지능형 CCTV 고도화)': the things named in the bracket, in place of the words
    that describe them and how many they are ('CCTV안전센터 운영, 지능형 CCTV 고도화'), when the bracket lists that
    many; of the (up to two) words before the group's noun, those `keeps` says name what the things belong to stay
    ('정보통신과 통신 사업 두 개(…)': 정보통신과). A bracket of another count stays as written."""
    def opened(m: re.Match[str]) -> str:
        n = _HOW_MANY_SAID.get(m.group(2)) or int(m.group(2))
        items = [x for x in re.split(r"\s*[,、/]\s*", m.group(3).strip()) if x]
        if len(items) != n:
            return m.group(0)
        kept = [w for w in m.group(1).split() if keeps(w)]
        return " ".join([*kept, ", ".join(items)])

    return _COUNTED_LIST.sub(opened, question)


# chat residue typed with a question: letters alone ('ㅇㅇ', 'ㅋㅋㅋ', 'ㅠㅠ') and faces ('^^', ';;', '^_^')
_CHAT_MARKS = re.compile(r"(?<![가-힣A-Za-z0-9])[ㄱ-ㅎㅏ-ㅣ]{1,8}(?![가-힣A-Za-z0-9])|\^[_\-.]?\^|;{2,}|~{2,}")


def chat_marks_dropped(question: str) -> str:
    """The question without chat residue: letters typed alone ('… 몇 대야 ㅇㅇ', 'ㅋㅋ 그거 언제야') and faces ('^^',
    ';;'). They ask nothing, and left in they change how the words beside them are read ('몇 대야 ㅇㅇ': '대야', a
    basin, read as a noun). A jamo slip inside a word ('예산ㅇ') is left for the typo readers."""
    out = _CHAT_MARKS.sub(" ", question)
    return re.sub(r"\s{2,}", " ", out).strip() if out != question else question


_COUNT_EACH = re.compile(r"(?<![가-힣])몇(개소|개|명|대|건|곳|종|팀|과|번|식|가지)(?=씩)")


def count_slips_fixed(question: str) -> str:
    """'몇' typed one key off before a counter ('멋개 있어요?', '몃 명'): read as '몇'; '몇' glued to a counter and
    '씩' ('몇식씩'): spaced, so the count is asked and '식씩' is no word of the reports to look for."""
    return _COUNT_EACH.sub(lambda m: "몇 " + m.group(1), _COUNT_SLIP.sub(lambda m: "몇 " + m.group(1), question))


GLUED_WORD = 10  # letters of one unspaced word from which a question is read as typed without spaces


_HOW_MANY_GLUED = re.compile(r"(?<=[가-힣A-Za-z])몇(?=(?:명|개|곳|건|대|식|종|퍼센트|프로|%|년|번|회|군데|가지|분|시간|일|월|기관))")


def respaced(question: str, linked: Linked) -> str:
    """A question typed without spaces ('2026년데이터전략과소속팀전부알려줘') with a space around each name the
    linker found inside a long glued word, so every later stage reads words ('2026년 데이터전략과 소속팀전부알려줘');
    the question unchanged when no word is that long."""
    if not any(len(w) >= GLUED_WORD for w in question.split()):
        return question
    pos = [i for i, ch in enumerate(question) if not ch.isspace()]
    cuts: set[int] = set()
    for lk in linked.links:
        if lk.end - 1 >= len(pos):
            continue
        a, b = pos[lk.start], pos[lk.end - 1] + 1
        word = next((w for w in re.finditer(r"\S+", question) if w.start() <= a < w.end()), None)
        if word is None or len(word.group(0)) < GLUED_WORD:
            continue
        if a > word.start():
            cuts.add(a)
        if b < word.end():
            cuts.add(b)
    for m in _HOW_MANY_GLUED.finditer(question):  # '…전산직몇명': how many, asked after the word it counts
        word = next((w for w in re.finditer(r"\S+", question) if w.start() <= m.start() < w.end()), None)
        if word is not None and len(word.group(0)) >= GLUED_WORD and m.start() > word.start():
            cuts.add(m.start())
    if not cuts:
        return question
    out = "".join((" " + ch) if i in cuts else ch for i, ch in enumerate(question))
    return re.sub(r"\s+", " ", out).strip()


def corrected_text(question: str, linked: Linked) -> tuple[str, bool]:
    """The question with each typo or partial name replaced by the index's spelling; whether anything changed."""
    fixes = [lk for lk in linked.links if lk.how in ("typo", "partial")  # ('데센': the unit's own name)
             or any(e.is_initials for e in lk.entries)]
    if not fixes:
        return question, False
    # map compact positions to positions in the question as written
    pos = [i for i, ch in enumerate(question) if not ch.isspace()]
    out = question
    for lk in sorted(fixes, key=lambda x: -x.start):
        if lk.end - 1 >= len(pos):
            continue
        a, b = pos[lk.start], pos[lk.end - 1] + 1
        out = out[:a] + lk.text + out[b:]
    return out, True


OUR_BUREAU = re.compile(r"우리\s*국(?=으로|에서|의|은|는|이|가|에|도|\s|$|\?)|(?<![가-힣])국\s*전체")


def everyday_text(question: str, everyday: dict[str, str], in_corpus, org: str | None = None,
                  loose: bool = False) -> tuple[str, bool]:
    """The question with everyday words the reports never print replaced by the reports' word ('들어오는 돈' →
    '세입', '계약직' → '임기제'), and 'our bureau' by the bureau's name; whether anything changed. `loose`: a phrase
    of two or more words is also found with other words, particles or endings between its words, in its order
    ('구독료지원' in '구독료를 지원하는'; see `loose_spans`), where the stretch is not printed."""
    text = question
    if org:
        text = OUR_BUREAU.sub(org, text)
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    key = "".join(ch for ch in text if not ch.isspace())
    spans: list[tuple[int, int, str]] = []
    glue = glue_of(text) if loose else None
    for phrase in sorted(everyday, key=len, reverse=True):
        if phrase[:2] not in key or in_corpus(phrase):  # (a phrase found at all, loosely too, begins with its
            continue  # first two letters: the cheap test first, of thousands of phrases)
        found = loose_spans(key, phrase, in_corpus, glue) if loose else _exact_spans(key, phrase)
        for start, end in found:
            if key[start:end] != phrase:  # (found loosely)
                end = _word_end(text, pos, end)  # '측량 쪽 직|렬': the word the last one begins is replaced whole
            word = compact(everyday[phrase])  # ('서울AI|재단출연금' → '서울AI재단 출연': the words before the phrase
            start -= next((k for k in range(min(start, len(word)), 1, -1)  # that the new word opens with are its own)
                           if key[start - k:start] == word[:k]), 0)
            start -= _said_of_the_same(key, start, everyday, everyday[phrase], in_corpus)
            inside = start > 0 and not text[pos[start] - 1].isspace()  # (the phrase begins within a typed word)
            if all(end <= a or start >= b for a, b, _ in spans) and not (
                    inside and _cuts_a_printed_word(key, start, end, in_corpus)):
                tail, said = _verb_tail(text, pos, end)
                spans.append((start, end + len(tail), everyday[phrase] + said))
    for a, b, word in sorted(spans, key=lambda x: -x[0]):
        rest = text[pos[b - 1] + 1:]
        m = _PARTICLE.match(rest)
        if m:  # '수도관이랑' -> '상수도랑': the particle as the new word takes it
            pair = next(p for p in _PARTICLE_PAIRS if m.group(1) in p.split("/"))
            rest = josa(word, pair)[len(word):] + rest[m.end(1):]
        text = text[:pos[a]] + word + rest
    return text, text != question


CUT_WORD = 4  # letters of a printed word that a phrase found inside the question may not cut through


def _cuts_a_printed_word(key: str, start: int, end: int, in_corpus) -> bool:
    """Whether a phrase found at key[start:end] (within a typed word) begins inside a word the reports print
    ('서울|서베이담당': the phrase '서베이담당' cuts '서울서베이'): its letters belong to that word, so it is no
    everyday phrase there."""
    for s in range(max(0, start - CUT_WORD), start - 1):
        for e in range(min(end, s + 12), start + 1, -1):
            if e - s >= CUT_WORD and in_corpus(key[s:e]):
                return True
    return False


ABSORBED_WORD = (2, 4)  # letters of an everyday word before a phrase that another phrase for the same term opens with


def _said_of_the_same(key: str, start: int, everyday: dict[str, str], term: str, in_corpus) -> int:
    """How many letters before a phrase replaced by `term` are an everyday word that another phrase for the same
    term opens with ('길거리|공짜무선인터넷': '길거리와이파이' is 공공와이파이 too), a word the reports never print:
    it says the same thing, so it goes with the phrase instead of standing alone as a word no evidence prints."""
    lo, hi = ABSORBED_WORD
    for k in range(min(hi, start), lo - 1, -1):
        w = key[start - k:start]
        if not re.fullmatch(r"[가-힣]+", w) or in_corpus(w):
            continue
        if any(v == term and p != w and p.startswith(w) for p, v in everyday.items()):
            return k
    return 0


def glossed_words(question: str, glosses: dict[str, Sequence[str]], in_corpus, choice: int = 0) -> str | None:
    """The question with each noun the reports never print replaced by its first gloss they do print
    (data/glosses.json: '가입자' → '회원수', '월세' → '사용료'), its particle kept; None when nothing is replaced.
    A word-for-word reading, tried only after the question as asked is refused. `choice`: the gloss taken is the
    one at that place among those printed (the last, for a word with fewer): another reading of the same words
    ('복사' → '백업', then '복제')."""
    from index.tokenize import get_kiwi

    out, at, changed = [], 0, False
    for t in get_kiwi().tokenize(question):
        if t.tag not in ("NNG", "NNP") or len(t.form) < 2 or question[t.start:t.start + t.len] != t.form \
                or in_corpus(t.form):
            continue
        printed = [g for g in glosses.get(t.form, ()) if len(g) >= 2 and in_corpus(g)]
        if not printed:
            continue
        word = printed[min(choice, len(printed) - 1)]
        start = t.start
        end = t.start + t.len
        m = _PARTICLE.match(question, end)
        if m:  # '예비로' → '백업으로': the particle as the new word takes it
            pair = next(p for p in _PARTICLE_PAIRS if m.group(1) in p.split("/"))
            word, end = josa(word, pair), m.end(1)
        out.append(question[at:start] + word)
        at = end
        changed = True
    out.append(question[at:])
    return "".join(out) if changed else None


def _exact_spans(key: str, phrase: str) -> list[tuple[int, int]]:
    """Where a phrase stands in the compact question, as written."""
    out, start = [], key.find(phrase)
    while start >= 0:
        out.append((start, start + len(phrase)))
        start = key.find(phrase, start + len(phrase))
    return out


def _word_end(text: str, pos: list[int], end: int) -> int:
    """The end (in compact letters) of the written word that letter `end - 1` belongs to, unless what follows in that
    word is a particle or a verb ending (kept as written)."""
    rest = re.match(r"[가-힣A-Za-z0-9]*", text[pos[end - 1] + 1:]).group(0) if end else ""
    if not rest or _PARTICLE.fullmatch(rest) or _PAST_TAIL.fullmatch(rest) or _PRESENT_TAIL.fullmatch(rest) or \
            rest[0] in _ENDING_SYLLABLES:
        return end
    return end + len(rest)


LOOSE_GAP = 6  # letters that may stand between two words of a phrase found loosely (only glue: '구독료|를|지원')
LOOSE_GAP_SHORT = 2  # next to a one-letter word ('기동|대')


@lru_cache(maxsize=None)
def phrase_words(phrase: str) -> tuple[str, ...]:
    """The words of an everyday phrase as written (Kiwi's nouns, foreign words, numbers, roots and verb or adjective
    stems, each as the letters it spans: '구독료지원' → ('구독료', '지원'), '와이파이기동대' → ('와이파이', '기동', '대'))."""
    from index.tokenize import get_kiwi

    keep = ("NNG", "NNP", "SL", "SN", "XR", "VV", "VA", "XSN", "MAG")
    toks = [t for t in get_kiwi().tokenize(phrase) if str(t.tag).split("-")[0] in keep and t.len >= 1]
    if not toks or toks[0].start != 0 or any(b.start != a.start + a.len for a, b in zip(toks, toks[1:])) or \
            len(phrase) - (toks[-1].start + toks[-1].len) > 2:
        return ()  # letters other than a last ending dropped between its words ('관제기관|몇'): matched as written only
    return tuple(phrase[t.start:t.start + t.len] for t in toks)


def loose_spans(key: str, phrase: str, in_corpus, glue=None) -> list[tuple[int, int]]:
    """Where a phrase of two or more words stands in the compact question with other letters between its words, in
    its order: each word within LOOSE_GAP letters of the one before (LOOSE_GAP_SHORT beside a one-letter word), the
    first word of two letters or more, the stretch not printed by the reports and holding no number, and each gap
    only particles, endings and bound nouns (`glue`, from `glue_of`). The first such place only."""
    glue = glue or (lambda a, b: True)
    words = phrase_words(phrase)
    if len(words) < 2 or len(words[0]) < 2:
        return _exact_spans(key, phrase)
    m = _loose_pattern(words).search(key)
    if m is None or m.group(0) == phrase:
        return _exact_spans(key, phrase)
    if in_corpus(m.group(0)) or re.search(r"\d", m.group(0)) or not all(
            glue(m.start(g), m.end(g)) for g in range(1, len(words)) if m.end(g) > m.start(g)):
        return []
    return [(m.start(), m.end())]


@lru_cache(maxsize=None)
def _loose_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The phrase's words in order, each gap a group of at most LOOSE_GAP letters (LOOSE_GAP_SHORT by a one-letter
    word)."""
    pat = re.escape(words[0])
    for prev, w in zip(words, words[1:]):
        gap = LOOSE_GAP_SHORT if min(len(prev), len(w)) == 1 else LOOSE_GAP
        pat += r"([^\W\d_]{0,%d}?)" % gap + re.escape(w)  # (letters: a class that compiles fast, no Hangul range)
    return re.compile(pat)


_GLUE_TAGS = ("J", "E", "XS", "VCP", "VX", "NNB", "SP", "SF", "SS")


def glue_of(text: str):
    """A test of whether a stretch of the compact text (start, end) holds only particles, endings, suffixes and bound
    nouns ('구독료|를|지원'): what may stand between the words of a phrase found loosely. A content
    word between them ('공공와이파이|신설목표|대수', '만족도|조사|점수') says more than the phrase, so the phrase is not
    found there."""
    from index.tokenize import get_kiwi

    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    at = {p: i for i, p in enumerate(pos)}
    glue = [False] * len(pos)
    for t in get_kiwi().tokenize(text):
        ok = str(t.tag).startswith(_GLUE_TAGS)
        for p in range(t.start, t.start + t.len):
            if p in at:
                glue[at[p]] = ok
    return lambda a, b: all(glue[a:b])


_PARTICLE_PAIRS = ("이랑/랑", "은/는", "이/가", "을/를", "과/와", "으로/로")
_PARTICLE = re.compile(r"(이랑|랑|으로|로|은|는|이|가|을|를|과|와)(?![가-힣])")


_PAST_TAIL = re.compile(r"(?:았|었|였)(대|어|다|나|냐|지|음|니|네|어요|대요|습니까|는지|던|는데)?")
_PRESENT_TAIL = re.compile(r"(?:아|어|여)(요)?")


def _verb_tail(text: str, pos: list[int], end: int) -> tuple[str, str]:
    """The ending left on a verb an everyday phrase replaced ('새로 깔|았대' → '신설|했대'): the ending as written and
    as it reads after the reports' noun; ('', '') when the word goes on otherwise (a particle, another word)."""
    if end >= len(pos) or end == 0 or pos[end] != pos[end - 1] + 1:
        return "", ""
    word = re.match(r"[가-힣]*", text[pos[end]:]).group(0)
    if (m := _PAST_TAIL.fullmatch(word)) is not None:
        return word, "했" + (m.group(1) or "")
    if (m := _PRESENT_TAIL.fullmatch(word)) is not None:
        return word, "해" + (m.group(1) or "")
    if _LINKING_TAIL.fullmatch(word):
        return word, ""  # '… 물건 팔|아서 들어오는 돈' → '불용품매각대금 들어오는 돈': the linking ending goes with the verb
    return "", ""


_LINKING_TAIL = re.compile(r"아서|어서|고|며|면서|해서|하고|하며")


_ENDING_SYLLABLES = set("을를은는이가의에도로과와하한된난인린든었였했던할될")


def _same_but_final(a: str, b: str) -> bool:
    """Two Hangul syllables that differ only in their final consonant ('지' and '집')."""
    if not ("가" <= a <= "힣" and "가" <= b <= "힣"):
        return False
    return (ord(a) - 0xAC00) // 28 == (ord(b) - 0xAC00) // 28


def cue_typos_fixed(question: str, cues: "list[str]", in_corpus) -> tuple[str, bool]:
    """The question with a one-letter slip in a word of the lexicon's vocabulary of asking (measures, question
    words: '소요애산' → '소요예산', '언재' → '언제') put right. Only a stretch the reports never print is changed, to a
    cue word of two or more syllables one letter (jamo) away after the same first syllable, in a word that holds no
    cue as written; names are the linker's work (typo links)."""
    from app.engine.text import jamo_distance

    out = []
    changed = False
    for word in question.split(" "):
        fixed = word
        core = re.sub(r"[^가-힣]", "", word)
        if len(core) >= 2 and not in_corpus(core) and not any(c in core for c in cues):
            found: list[tuple[int, bool, str, int]] = []
            for cue in cues:
                n = len(cue)
                for i in range(0, len(fixed) - n + 1):
                    piece = fixed[i:i + n]
                    if piece == cue or (piece[0] != cue[0] and not (n >= 3 and _same_but_final(piece[0], cue[0]))) \
                            or not re.fullmatch(r"[가-힣]+", piece) or in_corpus(piece) \
                            or piece[-1] in _ENDING_SYLLABLES or cue[-1] in _ENDING_SYLLABLES:
                        continue  # (a slip in the first syllable, or a particle or verb ending, is another word)
                    if jamo_distance(piece, cue, 1) <= 1:
                        found.append((-n, not in_corpus(cue), cue, i))
                        break
            if found:  # the longest cue, the reports' own spelling first ('집행률' before '집행율')
                _, _, cue, i = min(found)
                fixed = fixed[:i] + cue + fixed[i + len(cue):]
                changed = True
        out.append(fixed)
    return " ".join(out), changed


def _unknown(token_id: int) -> bool:
    """Whether Kiwi gave a token the placeholder of a word it does not know (a morpheme with no form of its own)."""
    from index.tokenize import get_kiwi

    try:
        return get_kiwi().morpheme(token_id).form == ""
    except Exception:  # noqa: BLE001 - an id Kiwi cannot look up is no known word either
        return True


def short_typos_fixed(question: str, corpus_key: str, in_corpus, cues: "Sequence[str]") -> tuple[str, bool]:
    """The question with a one-letter slip in a short word (two or three syllables) put right: '몃명' → '몇명',
    '예샹' → '예상'. Only a noun that Kiwi does not know (no word of Korean) and the reports never print is changed,
    and only to the one word one letter (jamo) away, of the same length, that is a word of asking of the lexicon
    (`cues`) or a stretch of the reports Kiwi knows as a word; with two such words it is left as asked."""
    from index.tokenize import get_kiwi

    kiwi = get_kiwi()
    out, at, changed = [], 0, False
    for t in kiwi.tokenize(question):
        form = t.form
        if not _unknown(t.id) or t.tag not in ("NNG", "NNP") or not re.fullmatch(r"[가-힣]{2,3}", form) \
                or in_corpus(form) or question[t.start:t.start + t.len] != form:
            continue
        near = _cues_near(form, cues)
        if len(near) != 1:  # one word of asking a letter away wins over stretches of the reports ('졍원' → '정원')
            # (a stretch a word of asking ends with counts too: '현엑' → '현액' of '예산현액')
            near |= {x for x in _one_slip_away(form, corpus_key)
                     if _known_word(x) or any(len(c) > len(x) and c.endswith(x) for c in cues)}
        if len(near) > 1:  # '기쥰': 기준, 기전, 기존 — the vowel typed for its neighbour ('ㅠ' for 'ㅜ') is the slip
            near = {x for x in near if _twin_vowel_slip(form, x)} or near
        if len(near) == 1:
            out.append(question[at:t.start] + near.pop())
            at = t.start + t.len
            changed = True
    out.append(question[at:])
    fixed = "".join(out)
    # a slip Kiwi splits into pieces ('졍원이랑' → 졍 + 원 + 이랑): the word without its particle, to a word of asking
    words = []
    for w in fixed.split(" "):
        bare = w
        for tail in _JOSA_TAILS:
            if w.endswith(tail) and len(w) - len(tail) >= 2:
                bare = w[:-len(tail)]
                break
        if re.fullmatch(r"[가-힣]{2,3}", bare) and not in_corpus(bare) and not _known_word(bare):
            near = _cues_near(bare, cues)
            plain = _untensed(bare)
            if len(near) == 1:
                w, changed = near.pop() + w[len(bare):], True
            elif plain != bare and in_corpus(plain) and _known_word(plain) and not _one_known_token(bare):
                # '신썰' → '신설' (a tensed slip); not '진짜', a word of its own ('진자')
                w, changed = plain + w[len(bare):], True
        words.append(w)
    return " ".join(words), changed


_TENSED = {1: 0, 4: 3, 8: 7, 10: 9, 13: 12}  # initial ㄲㄸㅃㅆㅉ → ㄱㄷㅂㅅㅈ (indices of the 19 initials)


def _untensed(word: str) -> str:
    """The word with every tensed initial consonant made plain ('신썰' → '신설', '쎈터' → '센터'): a casual
    writer's emphasis or a slip, read as the plain word when the reports print that one."""
    out = []
    for ch in word:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172 and code // 588 in _TENSED:
            code = _TENSED[code // 588] * 588 + code % 588
        out.append(chr(0xAC00 + code) if 0 <= code < 11172 else ch)
    return "".join(out)


def _cues_near(word: str, cues: "Sequence[str]") -> set[str]:
    """The words of asking of the same length one letter (jamo) away from the word."""
    from app.engine.text import jamo_distance

    return {c for c in cues if len(c) == len(word) and c != word and jamo_distance(c, word, 1) <= 1}


# vowels one stroke apart, typed for each other ('ㅠ' for 'ㅜ', 'ㅔ' for 'ㅐ')
_TWIN_VOWELS = ({"ㅐ", "ㅔ"}, {"ㅒ", "ㅖ"}, {"ㅜ", "ㅠ"}, {"ㅗ", "ㅛ"}, {"ㅓ", "ㅕ"}, {"ㅏ", "ㅑ"}, {"ㅙ", "ㅚ", "ㅞ"})


def _twin_vowel_slip(typed: str, word: str) -> bool:
    """Whether the two words of one length differ in one syllable only, by its vowel typed for its twin."""
    from app.engine.text import jamo

    diff = [(a, b) for a, b in zip(typed, word) if a != b]
    if len(typed) != len(word) or len(diff) != 1:
        return False
    ja, jb = jamo(diff[0][0]), jamo(diff[0][1])
    if len(ja) != len(jb):
        return False
    changed = [(x, y) for x, y in zip(ja, jb) if x != y]
    return len(changed) == 1 and any({changed[0][0], changed[0][1]} <= pair for pair in _TWIN_VOWELS)


def _one_known_token(word: str) -> bool:
    """Whether Kiwi reads the word as one word it knows, of any part of speech ('진짜', an adverb)."""
    from index.tokenize import get_kiwi

    toks = get_kiwi().tokenize(word)
    return len(toks) == 1 and not _unknown(toks[0].id)


def _known_word(word: str) -> bool:
    """Whether Kiwi reads the word as one noun it knows ('예상'), not as a guess or as pieces."""
    from index.tokenize import get_kiwi

    toks = get_kiwi().tokenize(word)
    return len(toks) == 1 and not _unknown(toks[0].id) and toks[0].tag in ("NNG", "NNP")


_TAIL_SYLLABLES = _ENDING_SYLLABLES | set("직팀과비액율률수별간상중적용들께님")
_JOSA_TAILS = ("에서", "으로", "까지", "부터", "이랑", "하고", "이나", "보다", "한테", "은", "는", "이", "가", "을", "를", "의", "에", "도", "로", "랑")


def _one_slip_away(word: str, corpus_key: str) -> set[str]:
    """The stretches of the reports that differ from a word by one letter (jamo) in one syllable, or by two syllables
    side by side typed in each other's place ('스마트빌지리' → '스마트빌리지')."""
    from app.engine.text import jamo_distance

    seen: set[str] = set()
    for i in range(len(word)):
        pat = re.escape(word[:i]) + "[가-힣]" + re.escape(word[i + 1:])
        seen.update(x for x in re.findall(pat, corpus_key) if x != word and jamo_distance(x, word, 1) <= 1)
    for i in range(len(word) - 1):
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if swapped != word and swapped in corpus_key:
            seen.add(swapped)
    return seen


def _printed_before(candidates: set[str], next_word: str, corpus_key: str) -> set[str]:
    """Of two or more readings of a slipped word, the one the reports print right before the question's next word
    (its first two syllables), when only one is; else the empty set."""
    m = re.match(r"^[^가-힣]*([가-힣]{2})", next_word)
    if m is None:
        return set()
    kept = {c for c in candidates if c + m.group(1) in corpus_key}
    return kept if len(kept) == 1 else set()


def word_typos_fixed(question: str, corpus_key: str, in_corpus, names: Sequence[str] = (),
                     known: frozenset[str] = frozenset()) -> tuple[str, bool]:
    """The question with a one-letter slip in a long word the reports print put right ('스마트서울멥' → '스마트서울맵',
    '아카이부' → '아카이브'). Only a word of four or more syllables that no report line holds is changed, and only to
    the one stretch of the reports that differs from it by one letter (jamo) in one syllable; a particle after the
    word is kept. Names in the index are the linker's work; this serves the words of passages."""
    if not corpus_key:
        return question, False
    out, changed = [], False
    words = question.split(" ")
    for at, word in enumerate(words):
        m = re.match(r"^([^가-힣]*)([가-힣]+)(.*)$", word)
        fixed = word
        if m and len(m.group(2)) == 3 and not in_corpus(m.group(2)) and names and not any(
                m.group(2).endswith(t) and in_corpus(m.group(2)[: -len(t)]) for t in _JOSA_TAILS) \
                and not any(k in m.group(2) for k in known):  # ('세입에': 세입 + 에; '증가액': a word of asking)
            # a three-syllable word: only to the one name-word of the index one letter away ('패스타' → '페스타')
            near = _one_slip_away(m.group(2), corpus_key)
            if len(near) == 1 and any(next(iter(near)) in n for n in names):
                out.append(m.group(1) + near.pop() + m.group(3))
                changed = True
                continue
        if m and len(m.group(2)) >= 4 and not in_corpus(m.group(2)):
            core = m.group(2)
            whole = _one_slip_away(core, corpus_key)
            if len(whole) > 1:  # ('디지털재란 대응체계': 재난, not 재단, is printed before '대응체계')
                whole = _printed_before(whole, words[at + 1] if at + 1 < len(words) else "", corpus_key) or whole
            if len(whole) == 1:  # '처리결가': not '처리결' with a particle, when '처리결' is printed only as '처리결과'
                right = next(iter(whole))
                longer = any(len(t) >= 2 and core.endswith(t) for t in _JOSA_TAILS)  # ('등급이랑': 등급 + 이랑)
                stems = [] if longer else [core[:-1] for t in _JOSA_TAILS
                                           if len(t) == 1 and core.endswith(t) and in_corpus(core[:-1])]
                if stems and all(corpus_key.count(b) == corpus_key.count(right) for b in stems if right.startswith(b)) \
                        and all(right.startswith(b) for b in stems):
                    out.append(m.group(1) + right + m.group(3))
                    changed = True
                    continue
            bare = [core] + [core[: -len(t)] for t in _JOSA_TAILS if core.endswith(t)]
            if any(in_corpus(b) or len(b) >= 3 and b[-1] in _TAIL_SYLLABLES and in_corpus(b[:-1]) for b in bare):
                out.append(word)  # a printed word with a particle or a suffix ('입체주소가', '방송통신직이')
                continue
            stems = [b for b in bare if len(b) >= 4]
            for stem in stems:  # (none is printed: the check above)
                seen = whole if stem == core else _one_slip_away(stem, corpus_key)
                if len(seen) == 1:
                    right = seen.pop()
                    fixed = m.group(1) + right + core[len(stem):] + m.group(3)
                    changed = True
                    break
                if seen:
                    break  # two readings: left as asked
        out.append(fixed)
    return " ".join(out), changed


_PERCENT_SLANG = re.compile(r"몇\s*(?:퍼(?!센)|프로(?![그젝]))")


# '절반 넘는', '절반도 안 되는': half, compared with a share
_HALF = re.compile(r"(?<![가-힣])절반(?=\s*(?:이|을|도|은)?\s*(?:넘|이상|이하|미만|초과|안\s*[되된돼]|못\s*미치|밑|아래|보다))")


def percent_slang(question: str) -> str:
    """'몇퍼', '몇 프로' written out as '몇 퍼센트' (the way of asking a percentage every stage reads); '절반' compared
    with a share ('집행률이 절반 넘는', '절반 이상') written as '50%'; a rate the reports never print by name spelt as
    the measures it is of (`rates_spelt`)."""
    question = _COST_AMONG.sub(" 가운데", question)  # '사업비 중에 상용SW 예산은': no '비중' (a share) when compacted
    return rates_spelt(_HALF.sub("50%", _PERCENT_SLANG.sub("몇 퍼센트", question)))


_COST_AMONG = re.compile(r"(?<=[가-힣]비)\s+중(?=에|\s|$)")


def rates_spelt(question: str) -> str:
    """'서울기록원 충원율은?' as '서울기록원 정원 대비 현원 비율은?' (lexicon `rates_spelt`); a rate named beside its
    measures ('정원 대비 현원 비율(충원율)') is dropped, the measures already say it."""
    from app.engine.lexicon import raw_lexicon

    words = raw_lexicon().get("rates_spelt", {}).get("words", {})
    for word, spelt in words.items():
        if word not in question:
            continue
        measures = [w for w in spelt.split() if w not in ("대비", "비율")]
        if all(m in question for m in measures):
            question = re.sub(r"\(?\s*" + re.escape(word) + r"\s*\)?", " ", question).replace("  ", " ")
        else:
            question = question.replace(word, spelt)
    return question


_POLITE_TAIL = re.compile(r"주시기를?\s*바랍니다|주시길\s*바랍니다|주시기\s*바람")
_POLITE_DO = re.compile(r"(?<=[가-힣])하시기를?\s*바랍니다|(?<=[가-힣])하시길\s*바랍니다|(?<=[가-힣])하시기\s*바람")  # '제출하시기 바랍니다'


# a request ending typed with a slip or in chat spelling ('알려쥬세요', '알려주세여', '알랴줘', '알려조'): one vowel off
_SLIPPED_REQUEST = re.compile(r"(?<![가-힣])알[려랴료]\s*(?:[쥬죠주조]\s*세\s*[요여용]|[쥬죠조줘]\s*[요여]?|주\s*세\s*[여용])(?![가-힣])")


def plain_request(question: str) -> str:
    """'알려주시기 바랍니다' written as '알려주세요' ('제출하시기 바랍니다' as '제출해 주세요'): the polite request ending
    holds '시기' (a word of asking when);
    a request ending with a slip ('알려쥬세요', '알랴줘') written as printed in the lexicon of asking."""
    def fixed(m: re.Match[str]) -> str:
        return m.group(0) if re.sub(r"\s", "", m.group(0)) in ("알려줘", "알려줘요", "알려주세요") else "알려주세요"
    question = _CHAT_SET_ASIDE.sub("고", question)  # '교체 말구 신설': '말고', as every stage reads it
    return _SLIPPED_REQUEST.sub(fixed, _POLITE_DO.sub("해 주세요", _POLITE_TAIL.sub("주세요", question)))


_CHAT_SET_ASIDE = re.compile(r"(?<=말|니)구(?![가-힣])")  # chat spelling of '말고', '아니고'


_EVENT_DAY_WORD = re.compile(r"(?<![가-힣])([가-힣]{2,})일(?=(?:은|는|이|가|을|를|도|이야|이에요|이죠|좀)?(?:[\s?.!,]|$))")


def event_days_split(question: str, in_corpus) -> tuple[str, bool]:
    """'공포일', '개통일', '착수일': the day of an event the reports print without '일' ('조례 공포 : \'25. 9. 29.'),
    written as the event and '날짜' (a question of when). Only when the reports print the event word and not the
    word with '일'."""
    changed = False

    def split(m: re.Match[str]) -> str:
        nonlocal changed
        stem = m.group(1)
        if in_corpus(stem + "일") or not in_corpus(stem) or len(stem) < 2:
            return m.group(0)
        changed = True
        return f"{stem} 날짜"

    out = _EVENT_DAY_WORD.sub(split, question)
    return out, changed


_TABLE_WORD = re.compile(r"([가-힣]{2,})표(?=$|[^가-힣]|에서|에는|에|의|상|를|은|는|도)")


def table_words_split(text: str, in_corpus: Any) -> str:
    """'인력표', '세입총괄표': a word of the reports with '표' (table) glued on, which the reports never print, written
    as the word and '표' apart ('인력 표'), so the word names the table and '표' is no unknown word."""
    def split(m: re.Match[str]) -> str:
        stem = m.group(1)
        return f"{stem} 표" if in_corpus(stem) and not in_corpus(stem + "표") else m.group(0)
    return _TABLE_WORD.sub(split, text)


_THIS_YEAR = re.compile(r"(올해|금년도?|이번\s*해|(?<![가-힣])당해)(는|에는|엔|에|에도|도|)")
_FIGURE_YEAR = re.compile(r"(?<!\d)(?:20\d{2}|['’]\d{2}|\d{2}\s*년)")


_LAST_YEAR = re.compile(r"(작년|지난\s*해|지난\s*년도)(는|에는|엔|에|에도|도|)")


def as_year(question: str, year: int) -> str | None:
    """The question with its word for this year ('올해', '금년') written as a year ('2025년'), or its word for last
    year ('작년', '지난해') as the year before ('2024년'); None when it has no such word, more than one, or names a
    year in figures as well ('올해랑 2024년'): how a plan an earlier report makes for its own year, or what it says
    of the year before it, is asked again when the newest report says nothing of it."""
    found = [(m, 0) for m in _THIS_YEAR.finditer(question)] + [(m, 1) for m in _LAST_YEAR.finditer(question)]
    if len(found) != 1 or _FIGURE_YEAR.search(question):
        return None
    m, back = found[0]
    particle = {"는": "은"}.get(m.group(2), m.group(2))
    return f"{question[:m.start()].rstrip()} {year - back}년{particle} {question[m.end():].lstrip()}".strip()


_EN_MEASURE = re.compile(r"(?i)^\s*(?:what|how\s+much)\s+(?:is|are|was|were|will\s+be)\s+(?:the\s+|a\s+|an\s+)?"
                         r"(?P<m>[a-z][a-z\s'\-]*?)\s+(?:of|for|in|at|paid\s+to)\s+\S")


def unread_measure(question: str, lex: Lexicon, in_corpus: Any) -> str | None:
    """The measure an English question asks ('What is the annual salary of …' → 'annual salary') when none of its
    words is one the lexicon translates or the reports print: a figure of another measure would be a figure of the
    wrong thing. None when the question names its measure in words the engine reads, or asks no 'what is the X of'."""
    m = _EN_MEASURE.match(nfc(question))
    if m is None:
        return None
    phrase = m.group("m").strip()
    low = phrase.lower()
    known = [p for p in lex.english if lex.english[p]] + [c for metric in lex.metrics.values() for c in metric.english]
    known += [c for cues in lex.operations_en.values() for c in cues]
    if any(re.search(rf"(?<![a-z]){re.escape(p.lower())}(?![a-z])", low) for p in known):
        return None
    words = [w for w in re.findall(r"[a-z][a-z'\-]*", low) if w not in lex.english_stopwords]
    if not words or any(in_corpus(w) for w in words):
        return None
    return phrase
