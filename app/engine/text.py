"""Korean text helpers every stage of the engine shares: normal forms, jamo, edit distance, particles.

Pure functions, no I/O. `compact` is the matching key across letter-spaced and unspaced text
(`데이터 센터` = `데이터센터`); `jamo_distance` measures typos at the level of letters (`데이타` is one
vowel away from `데이터`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_NUMBERING = re.compile(r"^\s*(?:\d+(?:-\d+)*\)|\d+(?:\.\d+)*\.|\d+(?:-\d+)+\.(?!\d)|[IVX]+\.|[①-⑳]|[-○□■●▶※*·])\s*")

_S_BASE, _L_COUNT, _V_COUNT, _T_COUNT = 0xAC00, 19, 21, 28
_N_COUNT = _V_COUNT * _T_COUNT
_LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_TAILS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


# native Korean numbers written as words ('두 사업소', '세 곳')
KOREAN_NUMBERS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}


def nfc(text: str) -> str:
    """NFC text without invisible characters, whitespace runs collapsed to one space."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text))).strip()


def compact(text: str) -> str:
    """NFC text without any whitespace: the key for matching across spacing differences."""
    return _SPACE.sub("", _INVISIBLE.sub("", unicodedata.normalize("NFC", text)))


def strip_numbering(label: str) -> str:
    """A label without its outline number or bullet ('1-1-5) 기본경비' → '기본경비')."""
    prev, out = None, label
    while prev != out:
        prev, out = out, _NUMBERING.sub("", out, count=1)
    return out.strip()


def is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


@lru_cache(maxsize=20000)
def jamo(text: str) -> str:
    """Hangul syllables split into their letters ('데이터' → 'ㄷㅔㅇㅣㅌㅓ'); other characters kept."""
    out = []
    for ch in text:
        if is_hangul(ch):
            i = ord(ch) - _S_BASE
            out.append(_LEADS[i // _N_COUNT])
            out.append(_VOWELS[(i % _N_COUNT) // _T_COUNT])
            t = i % _T_COUNT
            if t:
                out.append(_TAILS[t])
        else:
            out.append(ch.lower())
    return "".join(out)


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance; stops early (returns limit + 1) once every path exceeds `limit`."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def jamo_distance(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance between two words counted in letters (a vowel slip is 1, not a whole syllable)."""
    return edit_distance(jamo(a), jamo(b), limit)


def has_batchim(word: str) -> bool:
    """Whether a word ends in a consonant sound (digits and Latin letters read the Korean way)."""
    w = word.rstrip(" )]'\"")
    if not w:
        return False
    if w.endswith("%"):
        return False  # 퍼센트
    ch = w[-1]
    if is_hangul(ch):
        return (ord(ch) - _S_BASE) % _T_COUNT != 0
    if ch.isdigit():
        return ch in "0136789"
    return ch.lower() in "lmnr"


def josa(word: str, pair: str) -> str:
    """The word with the right particle of a pair: '은/는', '이/가', '을/를', '과/와', '으로/로', '이에요/예요'."""
    a, b = pair.split("/")
    if pair == "으로/로":
        ch = word.rstrip()[-1:] if word.strip() else ""
        rieul = is_hangul(ch) and (ord(ch) - _S_BASE) % _T_COUNT == 8
        return word + (b if (not has_batchim(word) or rieul) else a)
    return word + (a if has_batchim(word) else b)


def is_latin_question(text: str) -> bool:
    """Whether a question is written in English (most of its letters are Latin)."""
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    hangul = sum(1 for ch in text if is_hangul(ch))
    return latin >= 6 and latin > 2 * hangul


# what follows 'N년' when it is a length of time, not a year ('10년 넘게', '10년 이상', '10년간', '10년째')
DURATION_AFTER = r"넘게|넘는|넘은|넘도록|이상|이내|미만|동안|간(?![담부])|째|만에|가까이|차(?![가-힣])|여(?:간|동안)?|남짓|씩"


# a year written with two digits: "'25", '25년', or bare before a budget column that names a year ('25 최종예산',
# as the tables head their columns '2025 최종예산'); the year is the first group that matched
YEAR2 = re.compile(r"(?:['’‘`](\d{2})(?!\d))|(?:(?<![\d.])(?<!\d,)(\d{2})\s*년(?!\s*(?:" + DURATION_AFTER + r")))"
                   r"|(?:(?<![\d.,])(\d{2})(?=\s*(?:최종\s*예산|예산\s*현액|당초\s*예산)))")


def year2_of(m: re.Match[str]) -> int:
    """The year a YEAR2 match names (20xx)."""
    return 2000 + int(m.group(1) or m.group(2) or m.group(3))


# the subject or topic particle a word may end with, by whether the syllable before it ends in a consonant
_SUBJECT = {"이": True, "은": True, "가": False, "는": False}


def without_subject(word: str) -> str:
    """A word without the subject or topic particle it ends with, when the particle fits the syllable before it
    ('정원은' → '정원', '회원수가' → '회원수'; '서울서베이' stays: its '이' follows a vowel)."""
    if len(word) >= 2 and word[-1] in _SUBJECT and is_hangul(word[-2]) and has_batchim(word[:-1]) == _SUBJECT[word[-1]]:
        return word[:-1]
    return word


def held_against(text: str) -> tuple[str, str, str] | None:
    """'A가 B보다 …' as (A, B, what follows '보다'): A ends at the last word whose last letter is a subject particle
    that fits the syllable before it ('회원수가'; not the '이' of '공공와이파이', which follows a vowel), else at the first
    such topic particle ('정원은'); B is the words after it up to '보다'. None when the text holds no such two things."""
    at = text.find("보다")
    if at <= 0 or text[at - 1].isspace():
        return None
    words = text[:at].split()
    marked = [i for i, w in enumerate(words[:-1]) if without_subject(w) != w]
    subjects = [i for i in marked if words[i][-1] in "이가"]
    if not marked:
        return None
    # the last subject ('2024년 CCTV는 새로 단 대수가 | 교체한 대수보다': '대수가'), else the first topic ('정원은')
    i = subjects[-1] if subjects else marked[0]
    a = " ".join([*words[:i], words[i][:-1]]).strip()
    b = " ".join(words[i + 1:]).strip()
    return (a, b, text[at + 2:]) if a and b else None

