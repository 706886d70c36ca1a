"""Domain synonyms and abbreviations: an alias found in a text adds its canonical form before tokenizing.

The map is applied to passages and queries alike, so either spelling finds the other:
a passage that says `DR` also indexes `재해복구`, and a question that says `DR` also searches `재해복구`.
Indexes add the abbreviations they find in their own text (`서울 스마트라이프워크(SLW)`), see `find_abbreviations`.
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping

# alias -> canonical form. Keep entries unambiguous inside this domain; document each addition.
SYNONYMS: dict[str, str] = {
    "행감": "행정사무감사",  # colloquial abbreviation of the council audit
    "DR": "재해복구",  # disaster recovery (재해복구시스템, DR센터)
    "국비": "국고보조금",  # national subsidy
    "SLW": "스마트라이프워크",  # Seoul Smart Life Week, spelled 스마트라이프워크 in the reports
    "스마트라이프위크": "스마트라이프워크",  # spelling variant
    "AI": "인공지능",  # defined as 인공지능(AI) in the reports
    "IoT": "사물인터넷",
    "WeGO": "세계스마트도시기구",  # World Smart Sustainable Cities Organization
    "추경": "추가경정예산",  # supplementary budget
    # budget-table vocabulary: questions paraphrase the column and row names of the tables
    "증가율": "증감률",  # the tables print one change-rate column, 증감률 (증감율 in the 2025 layout)
    "증가률": "증감률",
    "감소율": "증감률",
    "감소률": "증감률",
    "증감율": "증감률",
    "총액": "계",  # a table's total row is labelled 계 (세입총괄 > 계)
    "합계": "계",
    "출연금": "출연",  # rows name the grant as `<기관> 출연` (서울 디지털 재단 출연)
    "쓰는": "사용",  # colloquial 쓰다 for 사용 (사용인원, 사용량)
}

_HANGUL = "가-힣"
_ABBR = re.compile(rf"([{_HANGUL}A-Za-z0-9·]{{3,30}})\s*\(\s*([A-Z][A-Za-z0-9\-]{{1,9}})\s*\)")


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """A regex that finds `alias` as a word start (Hangul) or a whole word (Latin)."""
    esc = re.escape(alias)
    if re.fullmatch(r"[A-Za-z0-9\-]+", alias):
        return re.compile(rf"(?<![A-Za-z0-9]){esc}(?![A-Za-z0-9])", re.IGNORECASE)
    return re.compile(rf"(?<![{_HANGUL}]){esc}")


class SynonymMap:
    """Compiled alias -> canonical expansions."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.mapping = dict(mapping)
        self._patterns = [(_alias_pattern(a), c) for a, c in sorted(self.mapping.items()) if a and c and a != c]

    def expansions(self, text: str) -> list[str]:
        """Canonical forms of the aliases that occur in `text` (each once, in map order)."""
        out: list[str] = []
        for pat, canon in self._patterns:
            if canon not in out and pat.search(text):
                out.append(canon)
        return out

    def expand(self, text: str) -> str:
        """`text` followed by the canonical forms of the aliases it contains."""
        extra = self.expansions(text)
        return text if not extra else text + "\n" + " ".join(extra)


def find_abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviations defined in the text itself, `스마트라이프워크(SLW)` -> {"SLW": "스마트라이프워크"}."""
    seen: dict[str, dict[str, int]] = {}
    for t in texts:
        for m in _ABBR.finditer(t):
            full, abbr = m.group(1), m.group(2)
            if not re.search(f"[{_HANGUL}]", full) or sum(ch.isupper() for ch in abbr) < 2:
                continue
            seen.setdefault(abbr, {}).setdefault(full, 0)
            seen[abbr][full] += 1
    # keep the most frequent expansion of each abbreviation
    return {abbr: max(fulls.items(), key=lambda kv: (kv[1], len(kv[0])))[0] for abbr, fulls in seen.items()}


def synonym_map(extra: Mapping[str, str] | None = None) -> SynonymMap:
    """The built-in map plus an index's own abbreviations (the built-in entries win on conflict)."""
    merged = dict(extra or {})
    merged.update(SYNONYMS)
    return SynonymMap(merged)
