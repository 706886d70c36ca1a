"""What a question must be before anything answers or stores it: `check_question(q) -> str`.

Every entry point (the CLI, `--jsonl`, the chat UI, the `/ask` API, the eval harness through `app.answer`)
calls `check_question`, so a question is normalised the same way everywhere:

- it must be a `str` (a number, a list or None from a JSON client gets a clear message, not a traceback);
- lone surrogates (from invalid UTF-8 decoded with `surrogateescape`, or a JSON `"\\ud800"` escape), control
  characters other than tab and newline, and Unicode noncharacters are refused with one Korean line that names
  the code point and its position;
- invisible characters (zero-width space/joiners, direction marks, word joiner, BOM, soft hyphen) are removed, so
  `데이터\\u200b센터` asks the same as `데이터센터`;
- the text is NFC-composed and stripped, then held to the setting `max_question_chars`.

Filter values typed by a user (`--doc`, `--department`) go through `check_filter`.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from index import settings

MAX_QUESTION_CHARS = 2000  # default of the setting max_question_chars
MAX_FILTER_CHARS = 200


def _positive_int(raw: str) -> int:
    """A whole number of characters between 1 and 1,000,000."""
    value = int(raw)
    if not 1 <= value <= 1_000_000:
        raise ValueError(f"must be between 1 and 1000000, got {value}")
    return value


if "max_question_chars" not in settings.all_settings():
    settings.declare("max_question_chars", MAX_QUESTION_CHARS, "Longest question (characters, 1-1000000) the UI, "
                     "/ask and `python -m app ask` accept; longer ones are refused, and the query log keeps only "
                     "this many characters of any question.", _positive_int)

# Characters that are invisible in a browser or terminal and only split or disguise words: removed.
INVISIBLE = (
    "\u00ad"            # soft hyphen
    "\u034f"            # combining grapheme joiner
    "\u180e"            # Mongolian vowel separator
    "\u200b-\u200f"     # zero-width space, non-joiner, joiner, left-to-right and right-to-left marks
    "\u202a-\u202e"     # bidirectional embeddings and overrides
    "\u2060-\u2064"     # word joiner, invisible operators
    "\u2066-\u2069"     # bidirectional isolates
    "\ufeff"            # zero-width no-break space (byte order mark)
)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")

# Code points no text should carry: C0/C1 controls except tab, newline and carriage return; DEL; lone
# surrogates; the noncharacters U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF of every plane.
_NONCHAR_PAIRS = "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
_INVALID_RE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_NONCHAR_PAIRS}]")


class QuestionError(ValueError):
    """The question cannot be answered as given (wrong type, empty, too long, invalid characters); the message is
    one Korean line, for users."""


def _describe(cp: int) -> str:
    if 0xD800 <= cp <= 0xDFFF:
        return "깨진 문자(짝이 없는 서로게이트, 잘못된 UTF-8)"
    if cp < 0x20 or 0x7F <= cp <= 0x9F:
        return "제어 문자"
    return "유니코드 비문자"


def invalid_char(text: str) -> tuple[int, int] | None:
    """(0-based position, code point) of the first character no question may hold, or None."""
    m = _INVALID_RE.search(text)
    return (m.start(), ord(m.group())) if m else None


def remove_invisible(text: str) -> str:
    """The text without zero-width and other invisible format characters."""
    return _INVISIBLE_RE.sub("", text)


def normalize_text(text: str, what: str = "질문") -> str:
    """Invisible characters removed and NFC-composed; QuestionError for an invalid code point."""
    bad = invalid_char(text)
    if bad is not None:
        pos, cp = bad
        raise QuestionError(f"{what}에 쓸 수 없는 {_describe(cp)}(U+{cp:04X}, {pos + 1:,}번째 글자)가 있습니다. "
                            "그 문자를 지우거나 다시 입력해 주세요.")
    return unicodedata.normalize("NFC", remove_invisible(text))


def max_question_chars() -> int:
    """The setting max_question_chars."""
    return int(settings.get("max_question_chars"))


def check_question(question: Any) -> str:
    """The question normalised and stripped, or QuestionError naming what is wrong and what to do."""
    if not isinstance(question, str):
        raise QuestionError(f"질문은 문자열이어야 합니다 (받은 값의 형식: {type(question).__name__}). "
                            '"2026년 데이터센터 정원은?"처럼 글자로 보내 주세요.')
    limit = max_question_chars()
    if len(question) > 4 * limit + 1000:  # refuse a huge input before scanning all of it
        raise QuestionError(f"질문이 너무 깁니다 ({len(question):,}자). {limit:,}자 이내로 줄여 주세요.")
    q = normalize_text(question).strip()
    if not q:
        raise QuestionError("질문이 비어 있습니다. 궁금한 내용을 한 문장으로 입력해 주세요.")
    if not any(ch.isalnum() for ch in q):
        raise QuestionError("질문에 글자나 숫자가 없습니다. 궁금한 내용을 한 문장으로 입력해 주세요 (예: 2026년 데이터센터 정원은?).")
    if len(q) > limit:
        raise QuestionError(f"질문이 너무 깁니다 ({len(q):,}자). {limit:,}자 이내로 줄여 주세요.")
    return q


def check_filter(name: str, value: Any) -> str | None:
    """A filter value typed by a user (document, department), normalised; None for no filter."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise QuestionError(f"{name} 값은 문자열이어야 합니다 (받은 값의 형식: {type(value).__name__}).")
    if len(value) > MAX_FILTER_CHARS:
        raise QuestionError(f"{name} 값이 너무 깁니다 ({len(value):,}자). {MAX_FILTER_CHARS}자 이내로 지정해 주세요.")
    v = normalize_text(value, f"{name} 값").strip()
    return v or None
