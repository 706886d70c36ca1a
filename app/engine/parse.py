"""Parse: a question becomes a typed `Frame`. Cues (operations, measures, order, classes, comparators, years)
come from the lexicon data file; names come from linking against the index's vocabulary.

The parser decides *what is asked*; it never looks at figures. Unknown or unclear parts stay empty, and the
planner either answers what is certain or hands the question to the passage reader.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from app.engine.frame import ONE_YEAR_TWO_REPORTS, Condition, Frame, Quantity
from app.engine.lexicon import Lexicon, lexicon, raw_lexicon
from app.engine.link import Link, Linked, find_projects, link
from index.normalize import fix_slips
from app.engine.normalize import (chat_marks_dropped, counted_list_opened, same_name_bracketed, scripts_spaced, corpus_cased, table_words_split, corrected_text, count_slips_fixed, respaced, cue_typos_fixed, event_days_split, percent_slang, plain_request, short_typos_fixed,
                                  translate_english, word_typos_fixed)
from app.engine.text import KOREAN_NUMBERS, YEAR2, compact, is_hangul, is_latin_question, nfc, year2_of
from app.engine.vocab import Vocabulary

# numbers the question states: '67명', '40%', '10억', '2,179백만원', '610억원', '0%'
_YEAR4 = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_REPORT = re.compile(r"(?:(20\d{2})|['’](\d{2})|(?<!\d)(\d{2}))\s*년?\s*(?:\d{1,2}\s*월\s*)?(?:주요\s*|현안\s*)?(?:업무\s*)?보고")
_LAST_REPORT = re.compile(r"(?:작년|지난해|전년|지난\s*번|지난|이전|그\s*전|그\s*이전|예전|직전|(?<![가-힣])전)\s*(?:도\s*)?"
                          r"(?:주요\s*|현안\s*)?(?:업무\s*)?보고")
_NEWEST_REPORT = re.compile(r"(?:최신|최근|이번|요번|새|가장\s*최근)\s*(?:주요\s*|현안\s*)?(?:업무\s*)?보고")
_K = re.compile(r"(?:상위|하위|top|탑|TOP|Top)?\s*(\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:개|곳|군데|개\s*부서|개\s*과|부서|과|위|가지|항목|개\s*사업|개\s*항목|개만)")
_K_TOP = re.compile(r"(?:상위|하위|top|탑)\s*(\d+)", re.IGNORECASE)
_KOREAN_NUM = KOREAN_NUMBERS
_WHICH_MORE = re.compile(r"더(?:많이|크게|빨리)?(?:크|큰|커|높|많|작|적|낮|깎|줄|늘|감소|증가|감액|증액|삭감)")
# 'A랑 B 중 소요예산 적은 쪽은?': which of the things named, without '더'
_CHOICE_OF_TWO = re.compile(r"중(?:에서?)?.{0,10}?(?:크|큰|많|적|작|높|낮)(?:은|는)?(?:쪽|곳|건|것|거|데)")
_WHICH_ONE = re.compile(r"쪽|어디|어느|누가|뭐가|무엇이|어떤게|어떤것|곳은|곳이|데는|데가|거는|것은|부서는|과는|건\??$|건가|건지")
_WH = re.compile(r"얼마|몇|언제|어디|무엇|뭐|누구|어느|어떤|어떻게|무슨|왜")
_ZERO = re.compile(r"(?:전혀|하나도|한\s*푼도|아예)\s*(?:없|안)|\(\s*0\s*%\s*\)|(?<![\d.,])0\s*%\s*인|(?<![\d.,])0원인|(?<![\d.,])0\s*인\s*(?:세부사업|사업|항목|부서|곳|것|거)")
_DECREASED = re.compile(r"((?<!증)감액|줄어든|줄어들|줄었|줄어|감소한|감소된|감소했|깎인|깎였|삭감된)")
_INCREASED = re.compile(r"(증액|늘어난|늘었|늘어|증가한|증가된|증가했|오른|올랐)")
_SAME = re.compile(r"같(?:아|은가|나|습니까|은지|니|지)|동일(?:한가|해|합니까|하니|한지)|일치")
_MORE = re.compile(r"보다.{0,8}?(?:많|크|높|넘|앞서)")
_LESS = re.compile(r"보다.{0,8}?(?:적|작|낮|모자|못하)")
SUBCLAUSE_WHO = re.compile(r"(?:담당|맡은|맡는|맡던|맡고\s*있는|소관|주관|추진하는|추진한|하는|만드는|운영하는|관리하는|진행하는|담당하는"
                           r"|가진|갖고\s*있는|가지고\s*있는)"
                            r"\s*(?:하는|한|인)?\s*(?:그|저|해당)?\s*(?:부서|과|곳|기관|사업소)\s*(?:의|에서|는|은)?,?"
                            r"(?:\s*있잖아(?:요)?\s*,?\s*(?:거기|그곳|그\s*(?:부서|과|사업소))?\s*(?:의|에서|는)?,?)?")
# ('… 구축하는 사업소 있잖아, 거기 기본경비': the unit said, then pointed back at)


def _occurrences(key: str, cues: Iterable[str]) -> list[tuple[int, int, str]]:
    """Where each cue occurs in a compact key: (start, end, cue). A cue written with '…' between its parts
    ('계약…비율') matches with up to GAP_CHARS letters between them ('계약걸어놓은비율'), none of them the start of
    another measure's word (_GAP_STOPS: '계약 대비 지출 비율' is not a commitment rate)."""
    out = []
    for c in cues:
        if not c:
            continue
        if "…" in c:
            gap = rf"(?:(?!{_GAP_STOPS}).){{0,{GAP_CHARS}}}?"
            pattern = gap.join(re.escape(p) for p in c.split("…"))
        else:
            pattern = re.escape(c)
        for m in re.finditer(pattern, key):
            out.append((m.start(), m.end(), c))
    return out


GAP_CHARS = 8  # letters a gapped cue's parts may stand apart ('계약…비율': '계약 걸어 놓은 비율')
_GAP_STOPS = "대비|지출|나간|쓴|집행|예산"  # (words of another measure between the parts: no such cue)


def _outermost(occ: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Occurrences not inside a longer one, in question order."""
    occ.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, str, str]] = []
    for o in occ:
        if all(o[1] <= k[0] or o[0] >= k[1] for k in kept):
            kept.append(o)
    kept.sort(key=lambda x: x[0])
    return kept


def find_metrics(key: str, lex: Lexicon, names_taken: Iterable[tuple[int, int]] = (),
                 every: bool = False) -> list[tuple[int, str]]:
    """Measures asked, as (position, metric id), longest cue first, question order. `every`: each place a measure
    is named, in question order (a measure named twice is there twice)."""
    occ: list[tuple[int, int, str, str]] = []
    for m in lex.metrics.values():
        for s, e, c in _occurrences(key, m.cues):
            occ.append((s, e, c, m.id))
    taken = list(names_taken)
    kept = [o for o in _outermost(occ) if not any(a <= o[0] and o[1] <= b for a, b in taken)]
    # '예산 말고 진짜 나간 돈': a measure set aside is not asked
    kept = [o for o in kept if not re.match(r"(?:은|는|이|가)?(?:말고|아니고)", key[o[1]:])] or kept
    # '인력표에서 과부족 …': a measure's word naming a table ('…표') is no measure asked when another one is
    kept = [o for o in kept if not key[o[1]:].startswith("표")] or kept
    if every:
        return sorted((s, mid) for s, _, _, mid in kept)
    out: list[tuple[int, str]] = []
    for s, _, _, mid in kept:
        if mid not in [x[1] for x in out]:
            out.append((s, mid))
    generic = ("몇명", "인원", "사람", "인력", "직원")
    specific = {mid for s, e, c, mid in kept if c not in generic}
    if "staff" in specific:  # '인력 현황에서 … 현원이 몇 명': the staff asked where 현원 is written
        out = []
        for s, _, c, mid in kept:
            if mid == "staff" and c in generic:
                continue
            if mid not in [x[1] for x in out]:
                out.append((s, mid))
    ids = [m for _, m in out]
    generic_staff = all(c in ("몇명", "인원", "사람", "인력", "직원") for s, e, c, mid in kept if mid == "staff")
    if "authorized" in ids and "staff" in ids and generic_staff and "현원" not in key and not re.search(r"보다|대비|에비해|비해", key):
        out = [x for x in out if x[1] != "staff"]  # '정원 몇 명': the authorised headcount only
    if "change" in ids and "change_rate" in ids:
        out = [x for x in out if x[1] != "change" or any(c in key for c in ("증감액", "감소액", "증가액"))]
    spending_verb = any(re.search(r"쓴|썼", c) for s, e, c, mid in kept if mid in ("exec_rate", "spend_rate", "spent"))
    if "budget" in ids and set(ids) & {"spent", "executed", "exec_rate", "spend_rate"} and (spending_verb or all(
            c in ("돈", "금액") for s, e, c, mid in kept if mid == "budget")):
        out = [x for x in out if x[1] != "budget"]  # '실제로 나간 돈': the money named is the amount spent
    return out


def find_years(key: str, newest: int | None, lex: Lexicon) -> tuple[list[int], bool]:
    """Years named (4-digit, 2-digit, relative to the newest report), in question order."""
    found: list[tuple[int, int]] = []
    for m in _YEAR4.finditer(key):
        found.append((m.start(), int(m.group(1))))
    for m in YEAR2.finditer(key):
        y = year2_of(m)
        if 2000 <= y <= 2060:
            found.append((m.start(), y))
    if newest is not None:
        explicit = sorted(found)[0][1] if found else None
        for word, delta in lex.relative_years.items():
            for m in re.finditer(re.escape(word), key):
                if word == "작년" and key[max(0, m.start() - 1):m.start()] == "재":
                    continue
                anchor = explicit if word in ("전년", "전년도") and explicit is not None else newest
                found.append((m.start(), anchor + delta))
    found.sort()
    years: list[int] = []
    for _, y in found:
        if y not in years:
            years.append(y)
    return years, bool(found)


# a number with no unit right before a comparison ('과부족이 0보다 큰'): the measure named before it gives its unit
_BARE_BOUND = re.compile(r"(?:보다|이상|이하|초과|미만)")
_AFTER_RATE = re.compile(r"[률율](?:이|은|는|가)?$")


def _quantities(key: str, years: list[int]) -> list[Quantity]:
    """Numbers with a unit the question states (the product's text-number parser, app/verify.py)."""
    from app.verify import extract_figures

    out = []
    for fig in extract_figures(key):
        bare = fig.unit is None and fig.kind == "number" and (
            _BARE_BOUND.match(key, fig.start + len(compact(fig.raw)))
            or _AFTER_RATE.search(key[max(0, fig.start - 4):fig.start]))
        if (fig.unit is None and not bare) or fig.kind != "number" or fig.unit in ("년", "월", "일", "위", "등", "번째"):
            continue
        if not any(ch.isdigit() for ch in fig.raw):
            continue  # '두 개', '세 곳': how many things are meant, not a figure stated
        if fig.scale == 1 and re.fullmatch(r"(?:19|20)\d{2}", re.sub(r"\D", "", fig.raw)) and \
                int(re.sub(r"\D", "", fig.raw)) in years:
            continue  # '2026 원인행위 집행률' read without spaces: the year asked, not 2,026원
        if re.search(r"(?:상위|하위|top|탑)\s*$", key[max(0, fig.start - 4):fig.start], re.IGNORECASE):
            continue  # '상위 3곳': how many to list, not a figure
        value = float(fig.value * fig.scale)
        decimals = len(str(fig.value).split(".")[1]) if "." in str(fig.value) else 0
        if fig.unit in (None, "인") and _AFTER_RATE.search(key[max(0, fig.start - 4):fig.start]) and 0 <= value <= 100:
            # '집행률이 100.0인 사업': a bare number after a rate is that rate's percent ('인' is the copula, not 명)
            raw = fig.raw[:-1] if fig.unit == "인" else fig.raw
            out.append(Quantity(value, "%", raw, "eq", fig.start, float(10 ** -decimals)))
            continue
        step = float(fig.scale) * (10 ** -decimals)
        after = key[fig.start + len(compact(fig.raw)):fig.start + len(compact(fig.raw)) + 2]
        if (after.startswith("대") or (after.startswith("원대") and fig.unit == "원")) and fig.value == int(fig.value):
            # '179억 원대', '60명대': from 179억 up to (not including) 180억, from 60 up to 70 — the middle of that
            # span, compared with half the span either side
            n, place = int(fig.value), 1
            while n and n % 10 == 0:
                n, place = n // 10, place * 10
            step = float(fig.scale) * place
            out.append(Quantity(value + step / 2, fig.unit, fig.raw + "대", "eq", fig.start, step))
            continue
        out.append(Quantity(value, fig.unit, fig.raw, "eq", fig.start, step))
    return out


_SET_ASIDE = re.compile(r"^(?:인\s*(?:거|것|건|곳|데)?|짜리)?(?:은|는|을|를|이|가)?(?:말고|빼고|제외하고|제외한|뺀|빼면|아닌)")


def _titled_report(text: str, vocab: Vocabulary) -> tuple[int, str] | None:
    """(year, the name as keyed) of the report the question names by its title without a year ('주요 업무보고',
    '현안보고'; the names only one report's title gives it: `Vocabulary.report_titles`), or None."""
    key = compact(text)
    for name in sorted(vocab.report_titles, key=len, reverse=True):
        if name in key:
            return vocab.report_titles[name], name
    return None


def _rounded_claim(q: Quantity) -> bool:
    """A figure claimed in a coarse unit with three digits or more ('114억원' of a printed 11,388,383천원): as precise as
    its last digit, so it is compared rounded to it (two digits, '2억', say too little to settle a printed 2.4억)."""
    digits = re.sub(r"\D", "", q.raw.split(".")[0])
    return q.step >= 10_000 and len(digits.lstrip("0")) >= 3


# a month of record without a year ('1월말 기준', '3월 말 현재'): a report dated that month is meant
_MONTH_OF_RECORD = re.compile(r"(?<![\d.'’년])(\d{1,2})\s*월\s*(?:말|말일|\d{1,2}\s*일)?\s*(?:기준|현재|때)")


def _report_written_out(f: Frame, words: re.Pattern[str], vocab: Vocabulary, asks_year: bool = True) -> Linked:
    """The words naming a report by where it stands ('지난 보고서', '최신 보고서') or by its title ('주요 업무보고')
    written as its year (`f.report_year`), which the frame then asks (unless `asks_year` is False: a year is asked
    already); the question's names linked again on the text as rewritten."""
    f.text = words.sub(f"{f.report_year}년 보고", f.text, count=1)
    f.key = compact(f.text)
    if asks_year:
        f.years, f.year_explicit = [f.report_year], True
    f.linked = link(f.text, vocab)
    return f.linked


def _comparator_after(key: str, end: int, lex: Lexicon) -> str | None:
    window = re.split(r"\d", key[end:end + 10])[0]  # ('6개 과 중에 팀이 5개인': '인' is the next number's)
    if _SET_ASIDE.match(window):
        return "aside"  # '0% 말고 제일 낮은 곳': the figure is set aside (the order word after it is the ranking's)
    best: tuple[int, str] | None = None
    best: tuple[int, str] | None = None
    for comp in ("gt", "ge", "lt", "le", "eq"):
        for cue in lex.comparators.get(comp, ()):
            p = window.find(cue)
            if p >= 0 and (best is None or p < best[0]):
                best = (p, comp)
    return best[1] if best else None


def _metric_for_quantity(q: Quantity, metrics: list[tuple[int, str]], lex: Lexicon) -> str | None:
    """The measure a stated number bounds: the one named just before it, else the one its unit fits."""
    before = [m for p, m in metrics if p < q.start]
    kinds = {"%": "percent", "명": "count"}
    want = kinds.get(q.unit or "", "money" if (q.unit or "").endswith("원") else None)
    for mid in reversed(before):
        if want is None or lex.metrics[mid].kind == want:
            return mid
    for _, mid in metrics:
        if want is None or lex.metrics[mid].kind == want:
            return mid
    if want == "percent":
        return "exec_rate"
    if want == "money":
        return "budget"
    if want == "count":
        return "staff"
    return None


def find_k(text: str) -> int:
    m = _K_TOP.search(text)
    if m:
        return max(1, min(int(m.group(1)), 20))
    m = _K.search(text)
    if m:
        n = m.group(1)
        return max(1, min(int(n) if n.isdigit() else _KOREAN_NUM.get(n, 1), 20))
    return 1


def _has(key: str, cues: Iterable[str]) -> bool:
    return any(c and c in key for c in cues)


def _first(key: str, cues: Iterable[str]) -> int:
    pos = [key.find(c) for c in cues if c and c in key]
    return min(pos) if pos else -1


def detect_class(key: str, lex: Lexicon, names: Iterable[tuple[int, int]] = ()) -> str | None:
    """What a ranking, count or list ranges over (부서, 사업, 세입 항목, 직종, 팀), from the words outside names."""
    chars = list(key)
    for a, b in names:
        for i in range(a, min(b, len(chars))):
            chars[i] = " "
    bare = "".join(chars).replace("사업소", "   ")
    best: tuple[tuple[int, int], str] | None = None
    top = re.search(r"가장|제일|젤|최고|최저|최대|최소|1위|1등|꼴찌|꼴등", bare) or \
        re.search(r"(?:많|적|높|낮|크|작)은(?=.{0,12}?(?:상위|하위|top|탑|\d+\s*(?:곳|개|위)))", bare, re.IGNORECASE)
    for cid, c in lex.classes.items():
        p = _first(bare, c.cues)
        if p < 0:
            continue
        later = _first(bare[top.end():], c.cues) if top else -1
        # '직종별 현원 중 … 가장 많은 부서', '… 많은 부서 상위 3곳': the class the superlative heads comes before
        # the table's ('직종별')
        rank = (0, later) if later >= 0 else (1, p)
        if best is None or rank < best[0]:
            best = (rank, cid)
    if best and best[1] != "project" and re.search(r"(?:세부|단위|현안)?사업(?:중|들|은|이|을|가|별|으로|목록)", bare):
        return "project"
    return best[1] if best else None


# a comparative and a number of things after it: the top k asked ('높은 과 5개'), not a condition ('5억보다 많은')
_TOP_K_SAID = re.compile(r"(?<!보다)(?<!이상)(?<!넘는)(?:(?:많|적|높|낮|작)은|큰)(?P<noun>[가-힣]{1,6})(?:\d+|한|두|세|네|다섯)"
                         r"(?:개|곳|군데)(?:만|만요|만\?)?(?:알려|보여|뽑아|뭐|어디|[?]|$)")
_SUPERLATIVE = re.compile(r"가장|제일|젤|최고|최저|최대|최소|1위|1등|꼴찌|꼴등|많은|적은|큰|작은")


def rows_named_by_header(key: str, vocab: Vocabulary, klass: str | None) -> str | None:
    """'rows:<header>' when the question ranges over the rows of a table whose header line names them ('분야'):
    the header word is said after the superlative or with '별' ('분야별'), or no other kind of thing is said."""
    headers = _row_headers(vocab)
    named_tables = {ref for k, es in vocab.entries.items() if len(k) >= 4 and k in key
                    for e in es if e.kind == "table" for ref in e.refs}
    for h in headers:
        at = key.rfind(h)
        if at < 0:
            continue
        mine = {ref for e in vocab.get(h) if e.kind == "rowheader" for ref in e.refs}
        if named_tables and not named_tables & mine:
            continue  # '정보자원 보유현황 분야별로': another table named, whose rows these are not
        top = _SUPERLATIVE.search(key)
        if klass is None or (top and top.start() < at) or key.startswith("별", at + len(h)):
            return "rows:" + h  # ('분야별 사업 개수 다 더하면': the rows are the 분야, whatever else is said)
    return None


def _row_headers(vocab: Vocabulary) -> list[str]:
    """The words a table's header line names its rows by ('분야'), longest first."""
    return vocab.derived("row_headers", lambda: sorted(
        (k for k, es in vocab.entries.items() if any(e.kind == "rowheader" for e in es)), key=len, reverse=True))


def _header_rows_asked(key: str, vocab: Vocabulary, f: Frame) -> tuple[str, str] | None:
    """('count' | 'list', 'rows:<header>') when the question counts or lists the rows a table's header line names:
    the header word is the noun counted ('분야는 몇 개야?', '사업 수가 10개 이상인 분야는 몇 개?'), asked for each
    ('분야별 개수'), or asked which ('어떤 분야들로 나뉘어?', '분야는 뭐뭐야?', '분야 4개가 뭐야?'); None otherwise (a ranking, a named row)."""
    if f.op in ("rank", "sum", "diff", "ratio", "verify", "who") or f.units or f.rows:
        return None
    headers = _row_headers(vocab)
    for h in headers:
        if len(h) < 2:
            continue
        if _inside_a_word(h, f.text):
            continue  # '디지털재난분야': the fields of another thing, not the rows a table's header names
        hh = re.escape(h)
        if re.search(hh + r"(?:들)?(?:은|는|이|가)?(?:총|모두|전부|다)?몇(?:개|가지)", key):
            return "count", "rows:" + h
        if re.search(hh + r"별", key) or re.search(r"(?:어떤|무슨|어느)" + hh, key) or re.search(
                hh + r"(?:들)?(?:\d+(?:개|가지))?(?:은|는|이|가)?(?:각각|모두|전부)?(?:뭐뭐|뭐|무엇|어떻게)", key) or re.search(hh + r"들?로나뉘", key):
            return "list", "rows:" + h
    return None


_SHORT = r"(?<!과)부족|모자"  # words of a shortfall ('부족한', '모자란'); '과부족' (the column) is none


# a count of things (not of people or teams) asked at the end of the question: '… 기계가 전부 몇 대예요?'
_COUNT_OF_THINGS_ENDS = re.compile(r"몇\s*(?:대|식|종|건|개소|기)(?:[가-힣]{0,5})?[?？.!]*$")


# where a question's second clause starts: '… 항목은 뭐고, 그 세부내역 중 …', '… 부서는 어디이고 …'
_NEXT_CLAUSE = re.compile(r"(?:뭐|무엇|어디|누구|어느것|어느곳)?(?:이고|고|이며|며|인데|이면|면)[,·]|[,·]그")
_TOP_WORDS = "가장|제일|젤|최고|최저|최대|최소|1위|1등|꼴찌|꼴등"  # the words of a superlative ('가장 큰', '1위')
_RANKED_NEXT = re.compile(_TOP_WORDS)


# the second clause names the first one's answer ('그 부서', '거기', '해당 항목'), then asks of it
_BACK_REFERENCE = re.compile(r"(?:그|거기|해당|그곳|걔)(?:부서|과|곳|데|항목|사업|세부사업|기관)?(?:의|는|은|에서|에)?")


_CHANGED_BETWEEN = re.compile(r"사이(?:에|에서)?\S{0,8}(?:변했|변화|변동|달라|바뀌|바뀐|차이)|(?:어떻게|얼마나)(?:변했|달라졌|바뀌었)")


def _ranked_clauses(key: str) -> tuple[int, int, bool] | None:
    """A ranking in two clauses, the second asking of the first one's winner: where the first clause ends, where
    the second starts, and whether the second ranks the items under the winner ('세입총괄에서 증감률이 가장 높은
    항목은 뭐고, 그 세부내역 중 금액이 가장 큰 건?') rather than asking one figure of it ('… 가장 많이 줄어든
    부서는 어디고, 그 부서 기본경비는?')."""
    m = _NEXT_CLAUSE.search(key)
    if not m or not _RANKED_NEXT.search(key[:m.start()]):
        return None
    start = m.end() - (1 if key[m.end() - 1:m.end()] == "그" else 0)
    rest = key[start:]
    if _RANKED_NEXT.search(rest) and re.search(r"세부|하위|그중|그안|그밑|그아래|밑에|아래", rest):
        return m.start(), start, True
    if _BACK_REFERENCE.match(rest) and not _RANKED_NEXT.search(rest) and re.search(r"얼마|몇|금액|규모", rest):
        return m.start(), start, False
    return None


def _items_ranked_next(f: Frame, key: str, vocab: Vocabulary, lex: Lexicon) -> None:
    """The two clauses of such a ranking: the first read as a question of its own (a table it names is not the
    second's), the second's measure (the budget unless it names one) and, when it ranks, its order."""
    at = _ranked_clauses(key)
    if at is None:
        return
    first = parse(text_before(f.text, at[0]), vocab, lex)
    if first.op != "rank":
        return
    rest = key[at[1]:]
    then = [m for _, m in find_metrics(rest, lex)] or ["budget"]
    f.sub, f.first_key = first, key[:at[0]]
    f.metrics = [*(first.metrics or ["budget"]), *then]
    f.then_order = detect_order(rest, lex, then[0]) if at[2] else None


def _inside_a_word(word: str, text: str) -> bool:
    """Whether every time the text writes the word, it ends a longer word of two or more letters before it."""
    spots = [m.start() for m in re.finditer(re.escape(word), text)]
    return bool(spots) and all(i >= 2 and re.fullmatch(r"[가-힣A-Za-z]{2}", text[i - 2:i]) for i in spots)


def _children_asked(f: Frame, key: str) -> bool:
    """Whether a word asking for the rows under a row (data/lexicon.json 'children': '세부항목', '뭐뭐') follows the
    row named ('자치단체간부담금 세부항목'; not '세부항목에서 X의 예산': a table named before the row)."""
    ends = [lk.end for lk in f.linked.links if lk.kinds & {"row"}] if f.linked else []
    after = key[max(ends):] if ends else ""
    if re.match(r"(?:의)?(?:중|가운데|안에서|밑에서|아래에서)", after) and "항목" in after:
        return True  # '세외수입 중 줄어든 항목': the items among the row's own
    return bool(after) and _has(after, raw_lexicon().get("children", {}).get("cues", []))


# '하위' as the prefix 'sub-' ('하위항목', '하위 사업'), not 'the bottom' of a ranking ('하위 3개', '하위권')
_SUB_PREFIX = re.compile(r"하위(?=항목|사업|부서|조직|세목|단위|목록|분류)")


def detect_order(key: str, lex: Lexicon, metric: str | None) -> str:
    if metric in ("change", "change_rate"):
        dec = _first(key, ("줄어", "줄었", "감소", "감액", "깎", "삭감", "떨어", "하락", "내려"))
        inc = _first(key, ("늘어", "늘었", "증가", "증액", "오른", "올랐", "상승"))
        if dec >= 0 and (inc < 0 or dec < inc):
            return "asc"
        if inc >= 0:
            return "desc"
    asc = _first(key, lex.order.get("asc", ()))
    desc = _first(key, lex.order.get("desc", ()))
    rank_pos = _first(key, ("제일", "가장", "젤", "최", "상위", "하위", "꼴", "1위", "1등", "순"))
    if asc >= 0 and (desc < 0 or abs(asc - rank_pos) < abs(desc - rank_pos) or asc < desc and rank_pos < 0):
        return "asc"
    return "desc"


def _cue_words(lex: Lexicon) -> list[str]:
    """Words of asking a slip may be corrected to, longest first: measure cues of three or more syllables ('집행률',
    '소요예산') and the short words of asking listed in lexicon.json 'slips' ('언제'); other short cues are too close
    to particles and ordinary words."""
    words = {c for c in lex.metric_cues if len(c) >= 3} | \
        {compact(w) for w in raw_lexicon().get("slips", {}).get("words", [])}
    return sorted((w for w in words if re.fullmatch(r"[가-힣]+", w)), key=len, reverse=True)


def parse(question: str, vocab: Vocabulary, lex: Lexicon | None = None) -> Frame:
    """The frame of one question (pure given the vocabulary and lexicon)."""
    lex = lex or lexicon()
    # ('^^' dropped; '서울디지털재단(서울AI재단)': one name; '지능형cctv': two words, before 'cctv' is cased as printed)
    asked = scripts_spaced(same_name_bracketed(chat_marks_dropped(nfc(question)), vocab.same_thing, vocab.in_corpus))
    lang = "en" if is_latin_question(asked) else "ko"
    asked = corpus_cased(asked, vocab.latin_forms, english=lang == "en")  # 'cctv' as the reports print it: 'CCTV'
    # a slip the reports print and the index reads mended ('사량의PC', '일반기계'), asked as printed: read mended too
    text = translate_english(asked, lex) if lang == "en" else \
        percent_slang(plain_request(count_slips_fixed(counted_list_opened(fix_slips(asked), vocab.names_a_body))))
    text = table_words_split(text, vocab.in_corpus)  # '인력표에' → '인력 표에'
    linked = link(text, vocab)
    spaced = respaced(text, linked)
    if spaced != text:  # '2026년데이터전략과소속팀전부알려줘': the names found, set apart as words
        text, linked = spaced, link(spaced, vocab)
    fixed, corrected = corrected_text(text, linked)
    if corrected:
        text = fixed
        linked = link(text, vocab)
    slips, slipped = cue_typos_fixed(text, _cue_words(lex), vocab.in_corpus)
    if slipped:  # '소요애산', '언재': a slip in a word of asking, not in a name
        text, corrected = slips, True
        linked = link(text, vocab)
    shorts, slipped = short_typos_fixed(text, vocab.corpus_key, vocab.in_corpus, _cue_words(lex))
    if slipped:  # '몃명', '예샹': a slip that leaves a short word no one writes
        text, corrected = shorts, True
        linked = link(text, vocab)
    names = vocab.derived("name_keys", lambda: list(vocab.entries))
    from app.analyze import asking_words

    words, slipped = word_typos_fixed(text, vocab.corpus_key, vocab.in_corpus, names, asking_words())
    if slipped:  # '스마트서울멥', '아카이부': a slip in a long word the reports print
        text, corrected = words, True
        linked = link(text, vocab)
    days, split = event_days_split(text, vocab.in_corpus)
    if split:  # '공포일 언제': the day of '공포', a question of when
        text = days
        linked = link(text, vocab)
    key = _SUB_PREFIX.sub("세부", compact(text))  # ('하위항목': rows under a row, not the bottom of a ranking)
    f = Frame(question=question, text=text, key=key, lang=lang, linked=linked, corrected=corrected)

    f.years, f.year_explicit = find_years(key, vocab.newest_year, lex)
    rep = _REPORT.search(text)
    if rep:
        y = rep.group(1) or rep.group(2) or rep.group(3)
        y = int(y) + (2000 if len(y) == 2 else 0)
        if y in vocab.report_years:
            f.report_year = y
    elif _LAST_REPORT.search(text) and len(vocab.report_years) > 1:
        f.report_year = vocab.report_years[1]
        if not f.years:  # '지난 보고서 기준', '그 전 보고서에선': that report's year, written out for every reader
            linked = _report_written_out(f, _LAST_REPORT, vocab)
            text, key = f.text, f.key
    elif (titled := _titled_report(text, vocab)) is not None:
        f.report_year, named = titled  # '주요 업무보고의 세입 합계': the report that title names, written out by its year
        linked = _report_written_out(f, re.compile(r"\s*".join(map(re.escape, named))), vocab, asks_year=not f.years)
        text, key = f.text, f.key
    elif _NEWEST_REPORT.search(text) and vocab.report_years and not f.years:
        f.report_year = vocab.report_years[0]  # '최신 보고서로': the newest report
        linked = _report_written_out(f, _NEWEST_REPORT, vocab)
        text, key = f.text, f.key
    elif not f.years and (m := _MONTH_OF_RECORD.search(text)) and int(m.group(1)) in vocab.report_months:
        # '1월말 기준 집행이 거의 없는데': the one report dated that month, whose figures hold then
        f.report_year = vocab.report_months[int(m.group(1))]
        f.years, f.year_explicit = [f.report_year], True
        f.text = text[:m.start()] + f"{f.report_year}년 " + text[m.start():]
        f.key = compact(f.text)
        f.linked = linked = link(f.text, vocab)
        text, key = f.text, f.key
    _years_of_headings(f, vocab)

    _names(f, linked, vocab)
    _member_container(f, linked, vocab)
    name_spans = [(lk.start, lk.end) for lk in linked.links if lk.kinds & {"department", "row", "team", "project", "org"}]
    # '세출예산 집행현황 기준 … 집행률이 제일 높은': a measure's word in a table's title is no measure asked when
    # another one is asked
    titles = [(lk.start, lk.end) for lk in linked.links
              if "table" in lk.kinds and key[lk.start:lk.end] not in lex.metric_cues]
    metrics = (find_metrics(key, lex, name_spans + titles) if titles else []) or find_metrics(key, lex, name_spans)
    f.metrics = [m for _, m in metrics]
    if "executed" in f.metrics and "exec_rate" not in f.metrics and _HOW_WELL_SPENT.search(key):
        f.metrics = ["exec_rate" if m == "executed" else m for m in f.metrics]  # '집행이 가장 부진한': a rate
    f.klass = detect_class(key, lex, name_spans)
    header = rows_named_by_header(key, vocab, f.klass)
    if header:  # '분야 중 개수가 가장 많은 분야': the rows of the table whose header names them
        f.klass = header
    f.k = find_k(text)

    quantities = _quantities(key, f.years)
    for q in quantities:
        end = q.start + len(compact(q.raw))
        comp = _comparator_after(key, end, lex)
        if comp == "aside":  # a zero set aside leaves what is above it; another figure set aside bounds nothing
            comp = "gt" if q.value == 0 else None
        premise = _PREMISE.match(key, end) if comp and (f.units or f.rows or f.parts) else None
        if premise:  # '… 사업은 예산이 11억 넘게 잡혀 있는데 원인행위는?': said of the thing named, not a filter;
            comp = None  # the measure it states is not asked either when another one is asked after it
            said = _metric_for_quantity(q, metrics, lex)
            if said and any(p_ >= premise.end() and m != said for p_, m in metrics):
                metrics = [(p_, m) for p_, m in metrics if m != said or p_ >= premise.end()]
                f.metrics = [m for _, m in metrics]
        if comp:
            q2 = Quantity(q.value, q.unit, q.raw, comp, q.start, q.step)
            metric = _metric_for_quantity(q2, metrics, lex)
            change = re.match(r"(?:도|이상|이하|넘게|넘는|미만|초과|가까이|정도|씩|만큼|\s)*(감액|감소|줄|삭감|깎|증액|증가|늘|오른)",
                              key[end:end + 12])
            if q.unit == "%" and change:  # '5% 이상 감액된': a rate of change of at least −5 %
                metric = "change_rate"
                if change.group(1) in ("감액", "감소", "줄", "삭감", "깎"):
                    mirror = {"gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
                    q2 = Quantity(-q.value, q.unit, q.raw, mirror[comp], q.start, q.step)
                    comp = q2.comparator
            f.conditions.append(Condition(metric, comp, q2))
    asked = {m for _, m in metrics}  # (each place a measure is named: only where two measures may be compared)
    pair = _metric_pair(key, [x for x in find_metrics(key, lex, name_spans, every=True) if x[1] in asked]) \
        if len(asked) >= 2 else None
    if pair is not None:
        f.conditions.append(pair)
    signed = _signed_measure(key, metrics, lex) if not f.conditions else None
    if signed is not None:
        f.conditions.append(signed)
    if _ZERO.search(text) and not any(c.bound is not None and c.bound.value == 0 for c in f.conditions):
        mid = next((m for m in f.metrics if m in ("executed", "exec_rate", "spent", "spend_rate")), "executed")
        f.conditions.append(Condition(mid, "eq", Quantity(0.0, None, "0")))
    short = raw_lexicon().get("staff_shortfall", {})
    if not f.conditions and not (f.units or f.rows or f.parts) and _has(key, short.get("cues", [])):
        # '결원이 발생한 부서': the units whose 현원 is below their 정원 (data/lexicon.json 'staff_shortfall')
        f.conditions.append(Condition("staff", "lt", None, "authorized"))
        f.klass = f.klass or "department"
        f.metrics = [m for m in f.metrics if m != "gap"] or ["staff"]
    if not f.conditions and f.klass and not (f.units or f.rows or f.parts) and _asks_which(key):
        sign = _sign_condition(key, f)  # '감액된 부서는?': items whose change is negative
        if sign is not None:
            f.conditions.append(sign)
    part_conditions(f, key)
    if f.metrics and not (f.units or f.rows or f.parts):
        among = unit_group(f.text, vocab, lex)
        if among is not None:
            f.among, f.among_said = among
            f.klass = f.klass or "department"
    former = _report_of_former_name(f, vocab)
    if former is not None:  # '서울 디지털 재단 출연의 원인행위액': the report that prints the body's former name
        f.report_year = former
        f.notes.append(FORMER_NAME_NOTE)
    counted = _table_counted_in(f, quantities, vocab)
    if counted is not None:  # '데이터센터 장비 다 합치면 몇 식이야?': the one table whose cells count in '식'
        f.counted_in = counted  # (read in that table when the question's own words find no figure of it)
    f.op = _operation(f, key, lex, quantities, metrics)
    if _COUNT_OF_THINGS_ENDS.search(key) and (f.op == "who" or "teams" in f.metrics):
        # '… 출동하는 팀이 맡고 있는 기계가 전부 몇 대예요?': the machines are counted; the team only says which
        f.metrics = [m for m in f.metrics if m != "teams"]
        if f.op == "who":
            f.op = "lookup"
    left = _remainder(key) if f.op == "lookup" and (f.units or f.rows or f.projects) else None
    if left is not None:  # '… 예산 중 아직 원인행위 안 된 금액': 예산현액 less 원인행위액, one row's two figures
        from app.analyze import remainder_minuend

        # ('원인행위는 해놨는데 아직 안 나간 돈': 원인행위액 less 지출액)
        f.op, f.metrics = "diff", ["executed" if remainder_minuend(key) == "원인행위액" else "budget", left]
    if f.among is not None and f.op in ("lookup", "sum", "diff", "ratio", "verify") and len(f.among) <= MAX_GROUP_NAMED:
        # '사업소 두 곳 정원', '사업소 예산 합계': the kind's units are the things named (read again: '사업소 중 더
        # 많은 곳' is then a choice among them)
        f.units = [vocab.departments[k] for k in f.among]
        f.op = _operation(f, key, lex, quantities, metrics)
    if any((c.metric or "").startswith("part:") for c in f.conditions) and f.op in ("lookup", "who"):
        f.op = "list"  # '지적직 있는 과 어디야?': the units whose breakdown column passes
    if f.op == "rank" and f.conditions and len(f.metrics) >= 2:
        # '집행률 0%인 사업 가운데 예산이 가장 큰 건', '정원보다 현원이 많은 부서 중 현원이 가장 많은 곳': the measure
        # ranked is the one named last that no bound filters on
        bounded = {c.metric for c in f.conditions if c.bound is not None}
        named = [m for _, m in find_metrics(key, lex, [], every=True) if m in f.metrics and m not in bounded]
        if named:
            f.metrics = [named[-1]] + [m for m in f.metrics if m != named[-1]]
    if f.op == "lookup" and len(f.units) == 1 and not (f.rows or f.parts or f.projects) and f.metrics:
        _next_after(f, key, lex)
    if f.op == "two_step" and f.subject is None and not f.projects and not f.member and len(f.metrics) >= 2:
        _shortfall_first(f, key)
    if f.op == "rank" and ({"authorized", "staff"} <= set(f.metrics) and re.search(r"초과|넘|" + _SHORT, key) or (
            set(f.metrics) & {"authorized", "staff"} and re.search(r"부족하|부족한|모자라|모자란|모자르", key))):
        # ('인력이 가장 많이 모자란 부서': a shortfall of people, which the tables print as 과부족, not the most people)
        # '정원 대비 현원 제일 많이 초과한 과': ranked by the difference, which the tables print as 과부족
        f.metrics = ["gap"] + [m for m in f.metrics if m not in ("authorized", "staff")]
        f.order = "asc" if re.search(_SHORT, key) else "desc"
        f.conditions = [c for c in f.conditions if c.other is None]
        end = _FIRST_CLAUSE_END.search(key)
        later = [m for _, m in find_metrics(key[end.end():], lex, [])] if end is not None else []
        if end is not None and _GAP_ASKED.search(key[end.end():]):
            later = []  # '… 부서는 어디고 몇 명 초과야?': the second ask is the gap the ranking shows
        if later:  # '… 가장 많이 부족했던 부서가 어디고, 그 부서 2026년 정원은?': then that unit's own measure
            f.op, f.metrics, f.k = "two_step", ["gap", later[-1]], 1
            f.notes.append("shortfall ranked")
    count_like = [m for _, m in metrics if m in AMOUNTS]
    if f.op == "rank" and len(set(count_like)) >= 2 and re.search(r"비율|비중|퍼센트|충원율|%", key):
        # '정원 대비 현원 비율 제일 높은 부서': ranked by one measure over another, computed per row
        against = re.search(r"대비|에비해|분의", key)
        before = [m for p_, m in metrics if against and p_ < against.start() and m in count_like]
        den = before[-1] if before else count_like[1]
        num = next(m for m in count_like if m != den)
        f.metrics = [f"ratio:{num}/{den}"]
        f.conditions = [c for c in f.conditions if c.other is None]
    pair = next((c for c in f.conditions if c.other is not None), None)
    if f.op == "lookup" and pair is not None and re.search(r"얼마|몇", key) and (f.units or f.rows):
        # '정원보다 얼마나 부족했어?': one thing's two measures compared (the measure, then the one it is held against)
        f.op, f.metrics, f.conditions = "diff", [pair.metric, pair.other], [c for c in f.conditions if c is not pair]
    if f.op in ("rank", "two_step") and any(m in ("change", "change_rate") for m in f.metrics):
        by = "change_rate" if "change_rate" in f.metrics else "change"  # '예산 가장 많이 줄어든': ranked by the change
        top = re.search(r"가장|제일|젤|최고|최대|최소|최저", key)
        # a budget asked after the ranking ('증가액 제일 큰 부서, 25년 예산현액은?') is the second step's measure
        later = [m for p_, m in metrics if f.op == "two_step" and top and p_ > top.end() and m == "budget"]
        f.metrics = [by] + [m for m in f.metrics if m not in (by, "budget")] + later
        f.conditions = [c for c in f.conditions if c.other is None]  # '25년 최종예산보다 깎인': the change's baseline
    if (f.op == "when" and f.metrics or f.op == "rank" and (f.units or f.rows)) and len(set(f.years)) >= 2 and re.search(
            r"언제가더|어느(?:때|해|년도|연도|시점|쪽|보고서)(?:가|이|에)?더|어느게더", key):
        # '2025년 1월과 2026년 3월 중 언제가 더 많아?': not a question of when, the two years' figures compared
        f.op = "diff"
    heads = [m for m in f.metrics if m in ("authorized", "staff")]
    if f.op == "lookup" and heads and "change" in f.metrics and len(set(f.years)) >= 2 and \
            not set(f.metrics) - {"authorized", "staff", "change"}:
        # '정원이 2025년 1월과 2026년 3월 사이에 몇 명 늘었어/변했어': a headcount printed in each report, no change
        # column prints it (a budget's 증감액 is no headcount): the two reports' figures compared
        f.op, f.metrics = "diff", heads
    if f.member and f.op in ("lookup", "who") and (f.metrics or f.rows):
        f.op = "two_step"  # '지도서비스팀 있는 과 현원': the unit the team belongs to, then its figure
    elif f.member and not (f.metrics or f.rows or f.units):
        f.op = "who"  # '보존서비스과 있는 사업소는?', '정보보안점검팀은 어느 과 소속이야?'
    if f.op in ("list", "count") and not f.conditions:
        sign = _sign_condition(key, f)
        if sign is not None:
            f.conditions.append(sign)
    if len(f.rows) == 1 and not (f.units or f.parts or f.projects) and _children_asked(f, key) and (
            f.op in ("lookup", "list", "count")
            or f.op == "rank" and not re.search(r"가장|제일|젤|최고|최저|최대|최소|상위|top|하위\d|하위(?:한|두|세|네|다섯)", key)):
        # '자치단체간부담금 세부항목 뭐뭐 있어?': the rows printed under the row named (data/lexicon.json 'children')
        f.op, f.klass = ("count" if re.search(r"몇\s*(?:개|가지|종)", key) else "list"), "children"
        sign = _sign_condition(key, f) if not f.conditions else None
        if sign is not None:  # '… 세부항목 중 줄어든 항목': those whose change is negative
            f.conditions.append(sign)
    header_op = _header_rows_asked(key, vocab, f)
    if header_op:  # '분야는 몇 개야?', '분야별 개수 알려줘', '어떤 분야들로 나뉘어?': the rows a table's header names
        f.op, f.klass = header_op
    if f.op in ("count", "list") and not (f.units or f.rows or f.parts) and _GROWS_TO.search(key) and \
            all(c.metric in ("change", "change_rate") for c in f.conditions):
        # '보안관제 대상 기관이 몇 곳까지 늘어나?': the size a count grows to, no count of units whose budget grew
        f.op, f.klass, f.conditions = "lookup", None, []
        f.metrics = [m for m in f.metrics if m not in ("change", "change_rate")]
    if f.op in ("rank", "count", "list") and f.klass is None:
        f.klass = "department"
    if f.op == "verify" and len(set(f.years)) == 1 and re.search(r"(?:보고서?|보고때)(?:랑|와|과|하고)", key) and \
            vocab.newest_year and f.years[0] != vocab.newest_year:
        f.years = [f.years[0], vocab.newest_year]  # '작년 보고서랑 똑같지?': that report against the newest
    if (f.op in ("rank", "two_step") or f.conditions) and not (f.metric == "gap" and re.search(_SHORT, key)) \
            and "among named" not in f.notes and "shortfall ranked" not in f.notes and f.after is None:
        # (a choice among named things, or a shortfall ranked, set its order from its own words)
        f.order = detect_order(key, lex, f.metric)  # (a shortfall ranked: the most negative 과부족 first, set above)
        if f.metric == "gap" and re.search(r"결원|(?<!과)부족", key):  # '결원 제일 많은': the most negative 과부족
            f.order = "asc" if f.order == "desc" else "desc"
        elif f.metric in ("gap", "change", "change_rate") and re.search(r"마이너스|음수|적자폭", key):
            f.order = "asc" if f.order == "desc" else "desc"  # '과부족 마이너스 제일 큰': the most negative
    if f.op == "two_step" and not (f.subject or f.projects or f.member):
        _items_ranked_next(f, key, vocab, lex)
    if f.op == "lookup" and len(set(f.years)) == 2 and len(f.units) + len(f.rows) >= 1 and not f.parts and \
            (not f.metrics or "change" in f.metrics) and _CHANGED_BETWEEN.search(key) and not re.search(r"보다|대비", key):
        # '… 2025년과 2026년 사이에 어떻게 변했나요?': one thing's figure in each year, the later less the earlier
        f.op = "diff"
        f.metrics = [m for m in f.metrics if m not in ("change", "change_rate")] or ["budget"]
    if (f.metric in ("change", "change_rate") or (f.op == "verify" and f.claim_direction and "change" in f.metrics)) \
            and f.years and re.search(r"(?:보다|대비|에비해|와비교|과비교)", key):
        # '작년보다 줄어든': the year named is the baseline; the change is printed with the later year
        base = min(f.years)
        later = [y for y in vocab.report_years if y > base]
        if len(f.years) == 1 and later:
            f.years = [min(later), base]
    return f


def _remainder(key: str) -> str | None:
    """The measure a question asks the budget's remainder after ('원인행위 안 된 금액' → executed, '아직 안 쓴 돈' →
    spent; app.analyze.remainder_basis), or None."""
    from app.analyze import remainder_basis

    return {"원인행위액": "executed", "지출액": "spent"}.get(remainder_basis(key) or "")


# '공간정보과랑 합치면?', '데이터전략과까지 더하면?': one operand named, the other is the one already in view
_JOINED_GAP = re.compile(r"(?:사업|추진)?(?:이랑|랑|하고|와|과|및|,|·|그리고)")  # between two things named together
PARTNER = re.compile(r"(?:랑|이랑|하고|까지|와|과|에)(?:둘이|둘을|같이|함께)?(?:합치|합하|더하|합산|합쳐|더해)")


_WHICH = re.compile(r"어디|어느|무엇|뭐|어떤|무슨|들[은이을]?|목록|있어|있나|있습니까|있는지|알려|뽑아|정리|보여|나열|추려|[은는]\??$|몇(?:개|곳|군데)")


def _claims_of_measure(q: Quantity, metrics: Sequence[str], lex: Lexicon) -> bool:
    """Whether a figure the question states can be a claim about the measure asked: an amount of money for a
    budget, a percent for a rate; a count ('서울기록원 사업 4개 … 예산 다 더하면?') only says how many things are
    added, unless a count is asked."""
    kinds = {lex.metrics[m].kind for m in metrics if m in lex.metrics}
    if not kinds:
        return True
    from app.engine.tables import MONEY_SCALE

    unit = q.unit or ""
    own = "money" if unit in MONEY_SCALE else ("percent" if unit in ("%", "퍼센트", "프로") else "count")
    return own in kinds


_NEXT_AFTER = re.compile(r"다음으로|다음가는|다음인|다음이|바로다음|뒤를잇는|다음순위")


def _next_after(f: Frame, key: str, lex: Lexicon) -> None:
    """'정원 기준으로 데이터센터 다음으로 큰 부서는?': a ranking of the units by the measure, answered with the one
    right after the unit named (its order from the word after '다음으로')."""
    m = _NEXT_AFTER.search(key)
    unit = compact(f.units[0])
    if m is None or key.find(unit) < 0 or key.find(unit) > m.start():
        return
    if not re.search(r"(?:부서|과|곳|기관|사업소|데)", key[m.end():]):
        return  # ('데이터센터 다음으로 정원은?': no unit asked for)
    f.op, f.klass, f.k = "rank", "department", 1
    f.after = f.units[0]
    f.units = []
    f.order = detect_order(key[m.end():], lex, f.metric)


_FIRST_CLAUSE_END = re.compile(r"(?:어디|어느\S{0,3}|뭐|무엇|누구)(?:이?고|이며|인지|이고요)|(?:이고|이며|인데),?그")


def _shortfall_first(f: Frame, key: str) -> None:
    """A two-step question whose first step ranks units by how far their 현원 falls short of (or exceeds) their 정원
    ('정원 대비 인력이 제일 많이 모자랐던 부서가 어디고, 그 부서 …', '과부족이 가장 크게 모자란 부서가 어디고 …'): that
    step ranks by 과부족 (gap), the most negative first for a shortfall; the last measure stays the second step's."""
    m = _FIRST_CLAUSE_END.search(key)
    first = key[:m.start()] if m else ""
    if not first or not re.search(_SHORT + "|결원|초과", first):
        return
    if not ("gap" in f.metrics[:-1] or re.search(r"정원|과부족|인력|인원|직원", first)):
        return
    f.metrics = ["gap", f.metrics[-1]]
    f.order = "asc" if re.search(_SHORT + "|결원", first) else "desc"
    f.conditions = [c for c in f.conditions if c.other is None]  # ('정원 대비 … 많이': the ranking, not a filter)
    f.notes.append("shortfall ranked")
    if m is not None and _GAP_ASKED.search(key[m.end():]):
        f.op, f.metrics, f.k = "rank", ["gap"], 1  # '… 부서는 어디고 몇 명 초과야?': the second ask is the gap itself


_GAP_ASKED = re.compile(r"부족|모자|결원|초과|차이")  # asked after '어디고': the gap a ranking by 과부족 shows
_GROWS_TO = re.compile(r"몇\s*[가-힣]{1,2}(?:까지|으로|로)(?:늘|확대|증가|확충|많아|커)")


# '2025년 보고서 기준', '25년 업무보고 보면', '작년 보고서에서는': where the asker reads, said before what is asked (the
# frame keeps the report asked; the words are no part of a description)
_SOURCE_SAID = re.compile(r"^\s*(?:(?:20)?\d{2}\s*년(?:도)?|올해|작년|지난해|이번|지난)\s*(?:[가-힣]{1,4}\s*)?"
                          r"(?:업무\s*보고|현안\s*보고|보고서|보고)\s*"
                          r"(?:보면|봤더니|보니까?|에\s*따르면|기준(?:으로)?|에서는?|에는|상(?:으로)?|에)\s*,?\s*")


def text_before(text: str, compact_pos: int) -> str:
    """The question's own words before a position of its compact form."""
    n = 0
    for i, ch in enumerate(text):
        if n == compact_pos:
            return text[:i].strip()
        if not ch.isspace():
            n += 1
    return text.strip()


def _asks_which(key: str) -> bool:
    """The question asks which items (not how much): '감액된 부서는?', '줄어든 곳 어디야'."""
    return "얼마" not in key and bool(_WHICH.search(key))


_BEYOND = re.compile(r"보다(?:이|가|은|는|도)?(?:더)?(많|크|높|넘|초과|앞서|적|작|낮|모자|부족|못미|미달)")


_SAME_KIND = ({"authorized", "staff"}, {"budget", "executed", "spent"})
AMOUNTS = frozenset().union(*_SAME_KIND)  # measures that are amounts of one kind (a ratio or difference of two means something)


_OVER = re.compile(r"비율|비중|퍼센트|%|프로|몇배|배(?:야|나|인|입니|이에)")
_AGAINST = re.compile(r"대비|에비해|분의|중에서|중에|가운데|중(?=[가-힣A-Za-z])")  # the whole is the measure before it
# a printed rate is that rate, not a computed one ('예산현액 대비 지출액 비율' is the 지출액 집행률 column)
_PRINTED_RATES = ({"budget", "executed"}, {"budget", "spent"})
RATE_OF_TWO = "a printed rate asked as one measure over another"  # (a note: the tables' rate cell answers)


def _measure_over_measure(f: Frame, key: str, metrics: list[tuple[int, str]]) -> bool:
    """Whether the question asks one measure of a thing over another of the same kind ('정원 대비 현원 비율은', '현원이
    정원의 몇 퍼센트야?'); when it does, `f.metrics` becomes [numerator, denominator]: the measure before 대비 (or
    after '의 몇 %') is the one held against."""
    pair = [m for _, m in metrics if m in AMOUNTS]
    kinds = list(dict.fromkeys(pair))
    if len(kinds) != 2 or not any(set(kinds) <= k for k in _SAME_KIND):
        return False
    if not _OVER.search(key) or re.search(r"늘|줄|증가|감소|증감|변|차이|격차", key):
        return False
    if set(kinds) in _PRINTED_RATES:
        # ('예산현액 대비 집행액 비율': the rate the tables print, 집행률, not a comparison of two reports)
        rate = "exec_rate" if "executed" in kinds else "spend_rate"
        f.metrics = [rate] + [m for m in f.metrics if m not in kinds]
        f.notes.append(RATE_OF_TWO)
        return False
    against = _AGAINST.search(key)
    before = [m for p_, m in metrics if against and p_ < against.start() and m in kinds]
    den = before[-1] if before else kinds[1]
    num = next(m for m in kinds if m != den)
    f.metrics = [num, den] + [m for m in f.metrics if m not in kinds]
    f.conditions = [c for c in f.conditions if c.other is None]
    return True


MAX_GROUP_NAMED = 8  # a kind of unit read as its units named one by one only up to this many
_LEFT_OUT = r"(?:은|는|을|를|이|가)?\s*(?:제외|빼고|빼면|뺀|말고|외에|외의|외)"
_WITH_ANOTHER = r"(?:나|이나|·|,|와|과|랑|이랑|및|/|하고)"


def group_spans(key: str, kinds: Iterable[str], lex: Lexicon) -> list[tuple[int, int]]:
    """Spans of the words that keep a class of units to one kind ('사업소를 제외한', '본청'), for coverage; `kinds`:
    the kinds of unit the reports group their organisation by (`Vocabulary.unit_groups`)."""
    words = [*kinds, *lex.unit_group_words]
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    out = [(m.start(), m.end()) for m in re.finditer(rf"(?:{alt}){_LEFT_OUT}(?:한|하고|하면)?", key)]
    out += [(m.start(), m.end()) for m in re.finditer("|".join(re.escape(w) for w in lex.unit_group_words), key)] \
        if lex.unit_group_words else []
    return out


def _word_at_start(word: str) -> str:
    """A pattern for a word that starts a word of the spaced text and does not run on into a longer one ('사업소'
    in '사업소 빼고', '2026년사업소별', not in '사업 소요예산' written '사업소요예산')."""
    return rf"(?:(?<=^)|(?<=[\s(,·/\d년]))" + re.escape(word) + r"(?!요|장)"


def unit_group(text: str, vocab: Vocabulary, lex: Lexicon) -> tuple[tuple[str, ...], str] | None:
    """(the units asked among, how it was said) when the question (its spaced text) keeps a class of units to one
    kind the reports group their organisation by (`Vocabulary.unit_groups`): '사업소 빼고' (every other unit), '사업소
    중', '두 사업소', '본청 6개 과' (the kind a count of its size names, or a word of lexicon `unit_groups`); None when
    it names two kinds together ('과·사업소별', '과나 사업소', '사업소 포함') or none."""
    groups = vocab.unit_groups
    if len(groups) < 2 or "포함" in text:
        return None
    everyone = tuple(u for units in groups.values() for u in units)
    aliases = {w: g for w, g in lex.unit_group_words.items() if g in groups}
    for kind, units in groups.items():
        if len(kind) >= 2 and re.search(_word_at_start(kind) + r"\s*" + _LEFT_OUT, text):
            return tuple(u for u in everyone if u not in units), f"{kind} 제외"
    for alias, kind in aliases.items():
        if re.search(_word_at_start(alias), text):
            return groups[kind], alias
    for kind, units in groups.items():
        n = len(units)
        words = "|".join([str(n), *(k for k, v in _KOREAN_NUM.items() if v == n)])
        if re.search(rf"(?<![\d가-힣])(?:{words})\s*(?:개\s*)?{re.escape(kind)}(?![가-힣])", text):
            return units, kind  # '본청 6개 과', '두 사업소': as many as the kind has
        if len(kind) >= 2 and re.search(_word_at_start(kind), text):
            others = [k for k in groups if k != kind] + list(aliases)
            if any(re.search(re.escape(o) + r"\s*" + _WITH_ANOTHER + r"\s*" + re.escape(kind), text) or
                   re.search(re.escape(kind) + r"\s*" + _WITH_ANOTHER + r"\s*" + re.escape(o), text) for o in others):
                return None
            return units, kind
    return None


# a year said just before '보다' / '대비' ('전년보다', '2025년 대비', '작년에 비해'): the baseline of a change
_YEAR_BASELINE = re.compile(r"(?:전년|작년|지난해|전년도|예년|지난|이전|\d{2,4}\s*년(?:도)?|\d{2,4})(?:에|의)?$")


# how well a budget is being spent ('집행이 가장 부진한', '집행 실적이 저조한'): a rate, not an amount spent
_HOW_WELL_SPENT = re.compile(r"집행(?!액|금액|된돈|한돈)(?:실적|률|율|상황|상태)?(?:이|가|은|는|도)?(?:가장|제일|젤|특히)?"
                             r"(?:부진|저조|미흡|양호|우수|활발|더딘|느린|빠른)")


def _metric_pair(key: str, metrics: list[tuple[int, str]]) -> Condition | None:
    """'현원이 정원보다 많은', '정원보다 사람이 모자란': one measure of a row compared with another of the same row."""
    if len(metrics) < 2:
        return None
    for m in re.finditer(r"보다|대비|에비해|(?<=[을를])(?=초과|넘|웃돌|웃도|밑돌|밑도|상회|하회)", key):
        before = [(p, mid) for p, mid in metrics if p < m.start()]
        if not before or _YEAR_BASELINE.search(key[:m.start()]):
            continue  # '예산이 전년보다 20% 넘게': a year is the baseline, not another measure
        base = before[-1][1]
        # the measure compared: the nearest named before the baseline ('정원·현원을 보면 현원이 정원보다'), else after it
        others = [mid for _, mid in reversed(before[:-1]) if mid != base] + \
            [mid for p, mid in metrics if p > m.start() and mid != base]
        word = _BEYOND.search(key, m.start())
        if not others or word is None or word.start() != m.start():
            tail = key[m.end():m.end() + 12]
            w = re.search(r"(많|크|높|넘|초과|적|작|낮|모자|부족|못미|미달)", tail) or re.search(r"(더)", tail)
            if not others or w is None:
                continue
            verb = w.group(1)
        else:
            verb = word.group(1)
        comp = "gt" if verb in ("많", "크", "높", "넘", "초과", "앞서", "더") else "lt"
        if m.group(0) != "보다" and not any({base, others[0]} <= g for g in _SAME_KIND):
            continue  # '최종예산 대비 증가율': the baseline of a printed rate, not two measures compared
        return Condition(others[0], comp, None, other=base)
    return None


_QUESTION_END = re.compile(r"(?:\?|？)\s*$")


def _claims_figure(text: str) -> bool:
    """'… 사업이 50개를 넘는다는데 맞아?', '… 100억원을 넘는다는 게 사실이야?': a figure is stated and its truth asked."""
    from app.engine.claims import asks_truth

    key = compact(text)  # ('… 사업 있는 거 맞지?' asks whether such items exist: the items)
    return asks_truth(text) and bool(re.search(r"\d", key)) and not re.search(r"있|없", key)


def _asks_items(key: str, klass: str, lex: Lexicon) -> bool:
    """The question ends by asking for items of its class ('… 사업은?', '… 부서와 감액 규모는?', '… 곳은?')."""
    own = [klass[5:]] if klass.startswith("rows:") else (list(lex.classes[klass].cues) if klass in lex.classes else [])
    cues = own + ["곳", "것", "거", "항목", "부서"]  # ('rows:분야': the header word names the items)
    tail = key[max(0, len(key) - 24):]
    return any(re.search(re.escape(c) + r"(?:은|는|이|가|들|와|과|을|를|만|좀|뭐|어디|\?|$)", tail) for c in cues)


FORMER_NAME_NOTE = "report: the one that prints the former name asked"


def _report_of_former_name(f: Frame, vocab: Vocabulary) -> int | None:
    """The one report whose rows print a body's former name the question names ('서울디지털재단 출연', printed in the
    2025 report; the 2026 report prints '서울AI재단 출연'), when no year or report is asked; None otherwise."""
    if f.years or f.report_year is not None or not vocab.renames:
        return None
    years = set()
    for r in f.rows:
        k = compact(r)
        if not any(old in k for old in vocab.renames):
            continue
        years |= {int(ref.split(":")[0]) for e in vocab.entries.get(k, []) if e.kind == "row"
                  for ref in e.refs if re.match(r"\d{4}:", ref)}
    return next(iter(years)) if len(years) == 1 else None


GENERAL_COUNTERS = frozenset({"개", "곳", "명", "건", "번", "회", "가지"})  # counters of anything: they link no table
_HOW_MANY_OF = re.compile(r"몇\s*([가-힣]{1,2})")


def counter_asked(text: str) -> str | None:
    """The counter a question asks how many in ('몇 식' → '식', '몇 대야' → '대야': the word after '몇', one or two
    letters), or None."""
    m = _HOW_MANY_OF.search(text)
    return m.group(1) if m else None
_PARTICLE_END = re.compile(r"(?:은|는|이|가|을|를|의|도|만|랑|이랑|하고|과|와)$")


def _table_counted_in(f: Frame, quantities: list[Quantity], vocab: Vocabulary) -> str | None:
    """The title of the one table whose cells count in the counter the question asks or claims ('몇 식', '4,000식'),
    when nothing else is linked and a word of the question is in its title or one of its columns ('장비' of
    '전산장비'); None otherwise (no such counter, two tables count in it, or no word is shared)."""
    if f.rows or f.parts or f.projects or f.klass:
        return None
    asked = counter_asked(f.text)
    counters = [asked, asked[:1]] if asked else [q.unit for q in quantities if q.unit]
    counters = [c for c in counters if c and c not in GENERAL_COUNTERS]
    tables = next((vocab.counters[c] for c in counters if c in vocab.counters), None)
    if not tables or len(tables) != 1:
        return None
    title, columns = next(iter(tables.items()))
    words = [_PARTICLE_END.sub("", compact(w)) for w in f.text.split()]
    shared = [w for w in words if len(w) >= 2 and re.fullmatch(r"[가-힣]+", w)
              and (w in compact(title) or any(w in c for c in columns))]
    return title if shared else None


def _yes_no_question(text: str, lex: Lexicon) -> bool:
    """A question that can be answered 네/아니요: it ends with '?' or a yes/no ending ('맞나요', '넘어', '인가요')."""
    t = text.strip()
    words = re.sub(r"[?？.!。\s]+$", "", t).split()
    last = words[-1] if words else ""
    if re.search(r"(?:은|는|이|가)(?:요)?$", last) and not re.search(r"(?:인가|는가|은가|나|니|까|이)요?$", last[-3:]):
        return False  # '검토 결과는?', '정보보안과는요?': a topic asked, not a yes/no
    if re.search(r"(?:주세요|주십시오|줘|줘요|주라|줄래|바랍니다|해봐|봐줘)[?？.!。\s]*$", t):
        return False  # '… 뽑아 주세요', '정리해 줘': a request, not a yes/no
    if _QUESTION_END.search(t):
        return True
    endings = raw_lexicon().get("claims", {}).get("endings", [])
    word = re.sub(r"[.!。\s]+$", "", t)
    return any(word.endswith(e) for e in endings) or any(c in compact(t) for c in lex.operations["verify"])


_HAS = re.compile(r"(?:이|가)?\s*(?:있는|있어|있나|있습니까|있음|둔|배치된|근무하는|소속된)")
# '지적직 공무원은 어느 부서에 몇 명 있나?': where the people of one job series are, each unit with its count
# ('… 사람이 국 전체에 몇 명이고 어느 과에 있어?': how many, and where; the list of units answers both)
_WHERE_PLACED = re.compile(r"(?:공무원|직원|인원|인력|직렬|사람)?(?:들)?(?:은|는|이|가)?,?(?:지금|현재|올해)?"
                           r"(?:(?:우리)?(?:국|디지털도시국)?전체(?:에|로|에서)?)?"
                           r"(?:총|모두|다)?(?:몇명(?:이고|이며|인지|이랑|하고|에)?)?"
                           r"(?:어느|어떤|무슨|어디)(?:부서|과|곳)?(?:에|에서)?(?:몇명(?:씩)?)?(?:있|근무|배치|소속)")


# a bound the asker states as a premise about what is named before asking something else ('11억 넘게 잡혀 있는데',
# '90%가 넘는다던데'): the clause ends in a connective within a few words
_PREMISE = re.compile(r"[가-힣]{0,10}?(?:있는데|인데|는데|던데|지만|으면서|면서)(?![가-힣]*(?:사업|부서|과|팀|곳|것|거)(?:은|는|이|가|들))")


def part_conditions(f: Frame, key: str) -> None:
    """A bound on one breakdown column of the units ('연구직이 2명 넘는 과', '지적직 있는 과'): the headcount named is
    the column's, not the units' whole 현원, so the condition is moved onto that column ('part:연구'); a column said
    to be there ('있는') is bounded above 0."""
    if len(f.parts) != 1 or f.klass not in (None, "department", "job"):
        return
    part = compact(f.parts[0])
    stem = part.removesuffix("직")
    moved = [Condition("part:" + stem, c.comparator, c.bound) if c.metric in (None, "staff") and c.bound is not None
             and c.other is None else c for c in f.conditions]
    if moved != f.conditions:
        f.conditions = moved
    elif not f.conditions and re.search(re.escape(part) + rf"(?:직)?(?:(?:인원|현원|직원|공무원|사람)(?=이|가))?"
                                        rf"(?:{_HAS.pattern}|{_WHERE_PLACED.pattern})", key):
        f.conditions = [Condition("part:" + stem, "pos")]
    else:
        return
    f.klass = "department"


SIGN_REACH = 6  # characters after a measure's cue within which a sign word ('과부족 플러스인') bounds it


def _signed_measure(key: str, metrics: list[tuple[int, str]], lex: Lexicon) -> Condition | None:
    """'과부족 플러스인 부서', '증감액이 마이너스인 항목': a measure bounded by its sign (data/lexicon.json 'signs')."""
    signs = raw_lexicon().get("signs", {})
    for pos, mid in metrics:
        cue_end = pos + max((len(c) for c in lex.metrics[mid].cues if key.startswith(c, pos)), default=0)
        window = key[cue_end:cue_end + SIGN_REACH]
        for sign in ("pos", "neg"):
            if any(w and w in window for w in signs.get(sign, [])):
                return Condition(mid, sign)
    return None


# a mark a change column prints instead of a number, asked as what the items show ('증감이 순증으로 표시된 항목')
FLAG_ASKED = re.compile(r"['‘’\"]?(순증|순감|회계변경)['‘’\"]?(?:으로|로|이라고|라고|인|이|가|된|으로된|으로표시|으로찍|표시|찍|항목|세부|사업|건)")


def _sign_condition(key: str, f: Frame) -> Condition | None:
    flag = FLAG_ASKED.search(key)
    if flag:
        return Condition("change", "flag", flag="회계 변경" if flag.group(1) == "회계변경" else flag.group(1))
    dec, inc = _DECREASED.search(key), _INCREASED.search(key)
    if dec or inc:
        return Condition("change", "neg" if dec and (not inc or dec.start() < inc.start()) else "pos")
    return None


_REPORT_MENTION = re.compile(r"(?:(?:20\d{2}|['’]?\d{2}|작년|올해|지난해|금년|재작년)\s*년?\s*(?:도\s*)?(?:\d{1,2}\s*월\s*)?"
                             r"|(?<![\d.])\d{1,2}\s*월\s*)(?:주요\s*|현안\s*)?(?:업무\s*)?보고")  # '2월 업무보고' too


def _same_year_in_two_reports(key: str) -> bool:
    """'2025년 예산이 작년 보고 때랑 올해 보고에서 다른데': one year's figure as two reports print it."""
    reports = _REPORT_MENTION.findall(key)
    value_years = [m for m in re.finditer(r"(?:20\d{2}|['’]\d{2}|(?<!\d)\d{2}년)", key)
                   if not _REPORT_MENTION.match(key, m.start())]
    # ('25년 보고서의 2025 예산현액이랑 26년 보고서의 2026 예산현액': two years, each from its report, not one)
    return len(reports) >= 2 and len({re.sub(r"\D", "", m.group(0))[-2:] for m in value_years}) == 1


def _two_things(f: Frame) -> bool:
    """Two or more named things that are not one inside the other ('보조금' over '스마트빌리지 조성 지원')."""
    return len(f.units) + len(f.rows) + len(f.parts) >= 2


def _compared_thing(f: Frame, key: str) -> bool:
    """'A가 B보다 …': a named thing (not a year) stands right before 보다."""
    for lk in (f.linked.links if f.linked else []):
        tail = key[lk.end:lk.end + 4]
        tail = key[lk.end:lk.end + 5]  # ('전산직보다': a job column named with its 직)
        if re.match(r"직?(?:이|가|은|는|의|에)?보다", tail) and lk.kinds & {"department", "row", "column", "team"}:
            return True
    return False


def _drop_nested(f: Frame, vocab: Vocabulary) -> None:
    """Of two named rows where one is printed above the other on a row path, keep the deeper one."""
    names = f.units + f.rows
    keep_rows = []
    for r in f.rows:
        rk = compact(r)
        deeper = [o for o in names if o != r and (rk, compact(o)) in vocab.nested and _is_ancestor(rk, compact(o), vocab)]
        if not deeper:
            keep_rows.append(r)
        else:
            f.notes.append(f"within:{r}")  # '경상적세외수입 중 주차요금수입 비율': the whole a share is of
    f.rows = keep_rows


def _is_ancestor(a: str, b: str, vocab: Vocabulary) -> bool:
    return (a, b) in vocab.ancestors


_PARTICLES = ("은", "는", "이", "가", "을", "를", "의", "에", "에서", "로", "으로", "와", "과", "도", "만", "랑", "이랑",
              "하고", "은요", "는요", "야", "이야", "요")


def _inside_longer_word(text: str, start: int, end: int, vocab: Vocabulary) -> bool:
    """Whether the span (compact positions) lies inside a longer Hangul word of the question that the reports print
    as a word of its own: more letters before it, or after it that are not a particle."""
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    if end - 1 >= len(pos):
        return False
    a, b = pos[start], pos[end - 1] + 1
    left, right = a, b
    while left > 0 and is_hangul(text[left - 1]):
        left -= 1
    while right < len(text) and is_hangul(text[right]):
        right += 1
    if (left, right) == (a, b):
        return False
    for lo in range(left, a + 1):
        for hi in range(right, b - 1, -1):
            if (lo, hi) == (a, b) or (lo == a and text[b:hi] in _PARTICLES):
                continue
            if vocab.in_corpus(text[lo:hi]):
                return True
    return False


def _names(f: Frame, linked: Linked, vocab: Vocabulary) -> None:
    for lk in linked.links:
        kinds = lk.kinds
        if "department" in kinds:
            if lk.text not in f.units:
                f.units.append(lk.text)
        elif kinds & {"row", "team", "unit"}:  # a team or a 사업소's 과 ('인터넷통신과'): a row the tables may not split
            if lk.text not in f.rows:
                f.rows.append(lk.text)
        elif "column" in kinds and not _is_metric_word(lk.key):
            if _inside_longer_word(f.text, lk.start, lk.end, vocab):
                continue  # '초고속정보통신망': a longer word the reports print, not the column '정보통신'
            if lk.text not in f.parts:
                f.parts.append(lk.text)
        elif kinds & {"glossary", "alias", "org"}:
            if lk.text not in f.terms:
                f.terms.append(lk.text)
    _drop_nested(f, vocab)
    _rows_of_asked_report(f, vocab)
    projects = find_projects(linked.key, vocab)
    if projects and projects[0].score >= 0.45:
        f.projects = [projects[0].entries[0]]
        f.project_score = projects[0].score
        first = projects[0]
        other = next((p for p in projects[1:] if p.score >= 0.45 and p.key != first.key
                      and (p.end <= first.start or p.start >= first.end)), None)
        if other is not None and _JOINED_GAP.fullmatch(linked.key[min(first.end, other.end):max(first.start, other.start)]):
            # 'AI 페스타랑 전통시장 입체주소 사업 중 …': a second project named apart, joined to the first
            f.projects = [p.entries[0] for p in sorted([first, other], key=lambda p: p.start)]
        # a column word inside the stretch that names the project ('… 지능형 행정 전환': 행정 is no 직종 asked)
        spans = [(p.start, p.start + len(compact(p.entries[0].text)) + TITLE_SLACK) for p in projects
                 if p.entries[0] in f.projects]
        inside = {lk.text for lk in linked.links if "column" in lk.kinds and any(a <= lk.start and lk.end <= b for a, b in spans)
                  and any(compact(lk.text) in compact(p.text) for p in f.projects)}
        f.parts = [p for p in f.parts if p not in inside]


TITLE_SLACK = 4  # letters past a project title's length within which its words may still be written


def _row_years(entries: list[Any]) -> set[int]:
    """The report years of the tables a row label is printed in (refs are '2025:t12' table ids)."""
    return {int(ref[:4]) for e in entries for ref in e.refs if ref[:4].isdigit()}


ASKED_REPORT_ROW = "row of the asked report"


def _rows_of_asked_report(f: Frame, vocab: Vocabulary) -> None:
    """A row label printed with its unit in front in another report only ('서울기록원 디지털 아카이브 구축', the 2025
    table's) read as the asked report's own row under that unit ('8-1-2) 디지털 아카이브 구축' in 2026): without it
    the other report's figure would answer a question about the asked (by default the newest) year."""
    asked = set(f.years) or ({vocab.newest_year} if vocab.newest_year else set())
    if not asked:
        return
    units = vocab.derived("department_keys", lambda: sorted(
        {k for k, es in vocab.entries.items() if any(e.kind == "department" for e in es)}, key=len, reverse=True))
    for i, r in enumerate(f.rows):
        k = compact(r)
        rows = [e for e in vocab.get(k) if e.kind == "row"]
        if not rows or _row_years(rows) & asked:
            continue
        found = None
        for u in units:
            if not k.startswith(u) or len(k) - len(u) < 3:
                continue
            own = [e for e in vocab.get(k[len(u):]) if e.kind == "row"]
            if own and _row_years(own) & asked:
                found = own[0]
                break
        if found is None and len(k) >= 6:
            # the same row spelled one letter apart in the asked report ('세계스마트시티지구 운영', a conversion slip of
            # '…기구 운영' printed in the other report): the asked report's spelling, when exactly one row is that close
            from app.engine.text import jamo_distance

            close = {key for key in vocab.keys_sharing_bigrams(k, len(k) - 3) if len(key) == len(k) and key != k
                     and jamo_distance(key, k, 1) <= 1}
            rows_close = [e for key in close for e in vocab.get(key) if e.kind == "row" and _row_years([e]) & asked]
            if len({e.key for e in rows_close}) == 1:
                found = rows_close[0]
        if found is not None:
            f.notes.append(f"{ASKED_REPORT_ROW}: {r} → {found.text}")
            f.rows[i] = found.text


# what follows a team's name when the unit it belongs to is asked: '… 있는 과', '… 소속 부서', '…이 속한 곳'
_CONTAINER = re.compile(r"(?:이|가|은|는|의)?(?:있는|속한|속해있는|소속된|소속인|소속|들어있는|들어간|포함된|이속한)\s*"
                        r"(?:과|부서|곳|사업소|기관|데)|(?:은|는|이|가)?(?:어느|무슨|어떤)(?:과|부서|곳|사업소|기관)(?:소속|에속|에있)"
                        r"|(?:은|는|이|가)?(?:어디|어느곳)?소속")


def _member_container(f: Frame, linked: Linked, vocab: Vocabulary) -> None:
    """A team (or a section of a 사업소) named as a way to name the unit it belongs to ('지도서비스팀 있는 과 현원',
    '공공와이파이팀 소속 과 기본경비'): the team is read as its unit, kept in `member` so the answer says so."""
    for lk in linked.links:
        if not lk.kinds & {"team", "unit"} or "department" in lk.kinds:
            continue
        entry = next((e for e in vocab.get(lk.key) if e.kind in ("team", "unit") and e.department), None)
        if entry is None or not _CONTAINER.match(f.key[lk.end:lk.end + 12]):
            continue
        f.member = lk.text
        f.projects = []  # the team's name, not a project title it shares words with ('공공와이파이팀')
        f.rows = [r for r in f.rows if compact(r) != lk.key]
        f.terms = [t for t in f.terms if compact(t) != lk.key]
        return


def _is_metric_word(key: str) -> bool:
    lex = lexicon()
    return any(m.matches_column(key) for m in lex.metrics.values()) or key in ("계", "합계", "총계")


def _condition_claimed(f: Frame, lex: Lexicon) -> bool:
    """Whether a yes/no question states its condition of the one thing it names ('… 집행 실적이 하나도 없는 게
    맞나요?' → 집행률 = 0): the condition becomes the claim checked (f.claim), and no list of other things is made."""
    from app.engine.claims import asks_truth

    c = f.conditions[0]
    if not asks_truth(f.text) or c.bound is None or c.other is not None or c.comparator not in (
            "gt", "ge", "lt", "le", "eq") or not c.metric or c.metric not in lex.metrics:
        return False
    unit = "%" if lex.metrics[c.metric].kind == "percent" else c.bound.unit
    f.claim = Quantity(c.bound.value, unit, c.bound.raw, c.comparator, c.bound.start, c.bound.step)
    f.conditions = []
    return True


def _operation(f: Frame, key: str, lex: Lexicon, quantities: list[Quantity], metrics: list[tuple[int, str]]) -> str:
    ops = lex.operations
    wh = bool(_WH.search(key))
    names = len(f.units) + len(f.rows) + len(f.parts) + (len(f.projects) if len(f.projects) >= 2 else 0)
    if names <= 1 and (f.units or f.rows) and f.metrics and _same_year_in_two_reports(key) and \
            re.search(r"각각", key) and not re.search(r"맞|같|동일|일치|차이|다르|달라|다른|비교|변", key):
        # (a difference asked of the two printings is the passage reader's, which says which report prints which)
        f.notes.append(ONE_YEAR_TWO_REPORTS)  # '2025년 예산, 작년 업무보고랑 올해 업무보고에 나온 숫자 각각 얼마야?'
        return "diff"
    # a list asked as 'is there any …' ('집행률이 10%도 안 되는 사업이 있나요?'): the items, not a yes/no
    if f.conditions and f.klass and re.search(r"(?:이|가)?있(?:나|어|습니까|는지|을까|지)", key) and not wh:
        return "list"
    sub = SUBCLAUSE_WHO.search(key)
    after = [r for r in f.rows if key.find(compact(r)) >= (sub.end() if sub else 0)]
    if sub and (f.metrics or after) and not f.units and len(key[:sub.start()]) >= 2 and not re.fullmatch(r"(?:뭐|무엇|어디|누가|무슨일)", key[:sub.start()]) and (any(
            p >= sub.end() for p, _ in metrics) or after) and not _has(key[:sub.start()], ops["rank"]):
        f.subject = text_before(f.text, sub.start())  # 'EDR 확대 설치하는 과 현원': the unit found from what it does
        f.subject = _SOURCE_SAID.sub("", f.subject, count=1).strip() or f.subject  # ('2025년 보고서 기준 …')
        f.subject_rest = f.text[len(text_before(f.text, sub.end())):].strip()  # what is asked of that unit
        f.rows = after
        f.projects = []  # the subject is read from passages, not from a title it only shares words with
        if not f.metrics:
            f.metrics = ["budget"]  # '… 만드는 과 기본경비 얼마': a budget line's amount
        return "two_step"
    if _has(key, ops["rank"]) and _ranked_clauses(key) is not None:
        return "two_step"  # '… 가장 높은 항목은 뭐고, 그 세부내역 중 가장 큰 건?': the items under the first's winner
    if SUBCLAUSE_WHO.search(key) and (f.projects or _has(key, ops["rank"])) and f.metrics and not (
            re.search(r"(?:부서|과)(?:는|가|은|이)?(?:어디|무엇|뭐|어느)", key) and not re.search(r"(?:부서|과)의", key)):
        return "two_step"
    top = re.search(rf"(?:{_TOP_WORDS}).{{0,12}}?(부서|과|곳|세부사업|사업|항목)(의)?", key)
    if _has(key, ops["rank"]) and top and f.metrics and (top.group(2) or any(p >= top.end() for p, _ in metrics)):
        if top.group(1) in ("부서", "과", "곳"):
            f.klass = "department"  # '직종별 현원에서 연구직 제일 많은 부서': departments are ranked, by a job column
        elif top.group(1) in ("세부사업", "사업"):
            f.klass = "project"
        return "two_step"  # '예산 제일 많이 줄어든 부서(의) 현원은?': the unit that tops one measure, then another
    if len(set(f.years)) >= 2 and len(f.units) <= 1 and len(f.rows) <= 1 and not f.parts and not f.projects \
            and (f.units or f.rows) and _WHICH_MORE.search(key) and re.search(
                r"(?:보고서?|년도?)(?:이랑|랑|하고|와|과)\S{0,12}(?:보고서?|년도?)(?:중|가운데)", key):
        return "diff"  # '디지털정책과 기본경비, 25년 보고서랑 26년 보고서 중 어디가 더 커?': one row in two reports
    top_k = _TOP_K_SAID.search(key)
    if _has(key, ops["rank"]) or top_k and (detect_class(key, lex) or detect_class(top_k.group("noun") + "중", lex)):
        return "rank"  # ('집행률 높은 과 5개', '정원 많은 부서 3곳': how many of the top to list, said after them)
    if names >= 2 and (_WHICH_MORE.search(key) or _CHOICE_OF_TWO.search(key)) and (
            _WHICH.search(key) or _WHICH_ONE.search(key)) and not f.conditions and "보다" not in re.sub(
            r"(?:전년도?|작년|지난해)보다", "", key):  # ('정원보다 현원이 더 많은': a condition, not a choice)
        # '정보통신과 일반회계랑 특별회계 중 더 많이 깎인 쪽은?', '어디가 더 커?': the one of the named things that
        # tops the measure (a decrease asked is the most negative change)
        changes = [m for m in f.metrics if m in ("change", "change_rate")]
        if changes:
            rate = re.search(r"율|률|%|퍼센트", key)
            f.metrics = ["change_rate" if rate and "change_rate" in changes else changes[0]]
        f.order = "asc" if re.search(r"더(?:많이|크게)?(?:작|적|낮|깎|줄|감소|감액|삭감)", key) or (
            not _WHICH_MORE.search(key) and re.search(r"(?:작|적|낮)(?:은|는|았|었)", key)) or (
            changes and re.search(r"깎|줄|감소|감액|삭감", key)) else "desc"
        f.k = 1
        f.notes.append("among named")
        return "rank"
    if len(f.conditions) == 1 and names == 1 and (not f.klass or (f.rows and not f.units)) and f.claim is None \
            and _condition_claimed(f, lex):
        return "verify"  # '스마트빌리지 … 집행 실적이 하나도 없는 게 맞나요?': the one thing named, checked
    if f.conditions and f.klass and _asks_items(key, f.klass, lex) and not (not wh and _claims_figure(f.text)):
        # '… 90% 이상인 사업은?': the items themselves ('… 사업이 50개를 넘는다는데 맞아?' states a figure: a claim)
        return "count" if _has(key, ops["count"]) else "list"
    # yes/no: a stated value, a direction, a comparison or a status, asked without a question word
    # ('… 기본경비랑 … 기본경비 예산현액 합하면?': an operation asked with a question mark is no yes/no)
    if not wh and _yes_no_question(f.text, lex) and not (
            _has(key, ops["sum"]) and not any(q.unit is not None and _claims_of_measure(q, f.metrics, lex)
                                              for q in quantities)):
        stated = [q for q in quantities if q.unit is not None]
        if stated:
            q = stated[-1]  # '808백만원 중 펠로우십이 220백만원이 맞나요?': the figure the claim ends on
            comp = next((c.comparator for c in f.conditions if c.bound and c.bound.start == q.start), None)
            if comp is None:  # '집행률이 50%도 안 된다던데', '50% 미만이라던데': a bound claimed, not the figure itself
                after_q = _comparator_after(key, q.start + len(compact(q.raw)), lex)
                comp = after_q if after_q in ("gt", "ge", "lt", "le") else None
            f.claim = Quantity(q.value, q.unit, q.raw, comp or "eq", q.start,
                               *([q.step] if q.raw.endswith("대") or _rounded_claim(q) else []))
            f.conditions = [c for c in f.conditions if not (c.bound and c.bound.start == q.start)]
            after = key[q.start + len(compact(q.raw)):q.start + len(compact(q.raw)) + 14]
            moved = re.match(r"(?:[가-힣]{0,3}?)(?:정도|이나|나|가량|씩|쯤|넘게|이상|이하)?(?:늘|증가|증액|올랐|오른|상승|"
                             r"줄|감소|감액|깎|삭감|떨어|하락)", after)
            if q.unit == "%" and moved:  # '전년보다 49.2% 늘었다던데': the printed rate of change is checked
                down = bool(re.search(r"줄|감소|감액|깎|삭감|떨어|하락", after[:moved.end()]))
                f.claim = Quantity(-q.value if down else q.value, q.unit, q.raw, comp or "eq", q.start, q.step)
                f.metrics = ["change_rate"]
            return "verify"
        if bool(_DECREASED.search(key)) != bool(_INCREASED.search(key)):  # '줄었어 늘었어?' asks which, not yes/no
            f.claim_direction = "neg" if _DECREASED.search(key) else "pos"
            return "verify"
        if _SAME.search(key) or _MORE.search(key) or _LESS.search(key):
            return "verify"
        if re.search(r"\d{1,2}\s*월\s*\d{1,2}\s*일", f.text):  # a date stated: checked against the printed one
            return "verify"
        claims = raw_lexicon().get("claims", {})
        if any(w in key for w in claims.get("done", [])):
            f.claim_status = "done"
            return "verify"
        if any(w in key for w in claims.get("ongoing", [])):
            f.claim_status = "ongoing"
            return "verify"
        if re.search(r"비예산|예산(?:이|은)?없|(?:예산|돈)(?:을|은|이)?(?:하나도|한푼도|전혀)?안(?:들|쓰|쓴|잡)", key) \
                and "budget" in f.metrics:  # ('따로 예산 안 들이고 하는 거 맞지?')
            f.claim_status = "unfunded"  # '비예산 사업 맞지?', '예산 없는 사업이야?': no budget, claimed
            return "verify"
        if (re.search(r"(?:편성|배정|있|잡혀)(?:되어|돼)?(?:있)?(?:나|어|습니까|는지|니)", key) and f.metrics) or (
                "budget" in f.metrics and any(w in key for w in claims.get("funded", []))):
            f.claim_status = "exists"
            return "verify"
    if f.conditions and (f.klass or _has(key, ops["list"]) or _has(key, ops["count"]) or "어디" in key or "무엇" in key or "뭐" in key):
        return "count" if _has(key, ops["count"]) else "list"
    if _has(key, ops["count"]) and f.klass in ("department", "project", "revenue", "job") and not names:
        return "count"
    joined = re.search(r"(?:이랑|랑|하고)(?!.{0,2}(?:비교|차이))", key)  # '지정이랑 공모로 … 합치면': two things joined
    # ('A랑 B 합계': the total asked at the end of two things named, not a 합계 row or column)
    summed = _has(key, ops["sum"]) or names >= 2 and re.search(r"(?:합계|총합|총계)[?？.]*$", key)
    if summed and (names >= 2 or len(f.metrics) >= 2 or "다" in key or names == 0 or PARTNER.search(key)
                                  or joined or re.search(r"전부|모두|모든|부서별|각부서|\d+개(?:부서|과)", key)):
        return "sum"
    if names <= 1 and len(set(f.years)) < 2 and _measure_over_measure(f, key, metrics):
        return "ratio"  # '정원 대비 현원 비율', '현원이 정원의 몇 퍼센트': one measure of a row over another of it
    if RATE_OF_TWO in f.notes:
        return "lookup"  # ('예산현액 대비 집행액 비율', 'what share of it has been executed': the printed 집행률)
    if _has(key, ops["ratio"]) or (re.search(r"(?:에서|중에?서?|가운데)[^?]{0,20}?(?:몇\s*(?:%|퍼센트|프로)|비율)", key)
                                   and not re.search(r"늘|줄|증가|감소|증감|변", key)):
        return "ratio"  # '정보자원 중에서 전산장비가 몇 %': a share, not a rate of change
    base = [m for m in f.metrics if m not in ("change", "change_rate")]
    mentions = len(_REPORT_MENTION.findall(key))
    if names <= 1 and len(set(f.years)) >= 2 and base and len(base) < len(f.metrics) \
            and (mentions >= 2 or mentions == 1 and re.search(r"(?:보고서?|보고때|보고서때)(?:에서)?보다", key)) \
            and not _same_year_in_two_reports(key):
        # ('… 예산현액이 작년 보고서 때보다 올해 얼마나 늘었어?': the figure each report prints, compared)
        f.metrics = base  # '… 예산현액, 25년 보고서랑 26년 보고서 비교하면 늘었어 줄었어?': each report's own figure,
        return "diff"  # the change between them (not a change column printed in one of them)
    if names <= 1 and len(set(f.years)) >= 2 and f.metrics and not _same_year_in_two_reports(key) and not (
            set(f.metrics) & {"change", "change_rate"}) and re.search(
            r"차이|격차|변했|변화|변동|비교|달라|늘었|줄었|늘어|줄어|증가|감소|사이|더(?:많|적|크|커|작|높|낮)", key) \
            and not _has(key, ops["rank"]):
        return "diff"  # one thing in two years ('2025년과 2026년 사이에 어떻게 변했나요', '… 중 어디가 더 많아?')
    if _two_things(f) and (re.search(r"차이|격차", key) or _compared_thing(f, key)) and (
            "얼마" in key or "몇" in key or "차이" in key or "격차" in key):
        return "diff"
    count_like = [m for m in f.metrics if m in AMOUNTS]
    if names <= 1 and len(set(count_like)) == 2 and len(set(f.years)) < 2 and re.search(r"차이|격차|보다(?:몇|얼마)|에서.{0,12}빼(?:면|고)|빼면|남아|남은|남는", key):
        than = key.find("보다")
        base = [m for p_, m in metrics if m in count_like and 0 <= p_ < than]
        if than >= 0 and base:  # '정원보다 몇 명 모자라': the measure before 보다 is the one compared against
            f.metrics = [m for m in f.metrics if m != base[-1]] + [base[-1]]
        return "diff"  # '정보통신과 원인행위액이랑 지출액 차이': two measures of one thing
    rates = [m for m in f.metrics if lex.is_rate(m) and m != "change_rate"]
    if names <= 1 and len(set(rates)) == 2 and len(set(f.years)) < 2 and re.search(r"차이|격차|%p|퍼센트포인트|포인트", key):
        return "diff"  # '디지털정책과 원인행위 집행률이랑 지출액 집행률 차이 몇 %p': two rates of one thing
    if names == 0 and not f.projects and re.search(r"차이|격차|얼마나(?:더)?(?:늘|줄|증가|감소|달라)|몇명(?:더)?(?:늘|줄)|비교하면", key):
        return "diff"  # '차이는?', '얼마나 늘었어?': what the conversation named (filled in by the conversation)
    softeners = [compact(w) for w in raw_lexicon().get("softeners", {}).get("words", [])]
    plain = re.sub("|".join(map(re.escape, softeners)), "", key) if softeners else key  # '뜻 좀 알려줘' → '뜻알려줘'
    named = key
    for lk in (f.linked.links if f.linked else []):
        unit_row = "row" in lk.kinds and any(e.department and compact(e.department) in lk.key for e in lk.entries)
        if (lk.kinds & {"department", "team", "org", "unit", "alias", "glossary"} or unit_row) and lk.end <= len(key):
            # (a row that names a unit too: '폐지 정보공개담당관' of the spending table asks no 담당)
            named = named[:lk.start] + "·" * (lk.end - lk.start) + named[lk.end:]  # '정보공개담당관' asks no 담당
    if named != key:
        key, plain = named, re.sub("|".join(map(re.escape, softeners)), "", named) if softeners else named
    bounds = word_bounds(f.text) if len(key) == len(compact(f.text)) else None
    for op in ("define", "when", "where", "who", "status"):
        if op == "define" and f.units and f.metrics and not f.terms:
            continue  # '공간정보과 팀 이름 뭐야?': a unit's measure (its teams), not a term to define
        cues = [c for c in ops[op] if bounds is None or not _only_across_words(key, c, bounds)]
        if _has(key, cues) or _has(plain, cues):
            if op == "where" and _longest_cue(key, ops["who"]) > _longest_cue(key, ops["where"]) + 2:
                return "who"  # '어디서 하는 사업이야?': whose project (a longer cue of who), not a place
            return op
    return "lookup"


def word_bounds(text: str) -> set[int]:
    """Positions in the compact text where a word of the spaced text begins (after a space)."""
    out, n, space = set(), 0, False
    for ch in text:
        if ch.isspace():
            space = True
            continue
        if space:
            out.add(n)
        space = False
        n += 1
    return out


def _only_across_words(key: str, cue: str, bounds: set[int]) -> bool:
    """Whether every occurrence of a cue in the compact question runs across a space from inside one word into the
    middle of the next ('모바일 자격': '일자' is no cue of a date), so the asker never wrote it."""
    found = [m.start() for m in re.finditer(re.escape(cue), key)] if cue else []
    if not found:
        return False

    def across(s: int) -> bool:
        e = s + len(cue)
        inside = any(s < b < e for b in bounds)
        return inside and s not in bounds and s != 0 and e not in bounds and e != len(key)

    return all(across(s) for s in found)


def _longest_cue(key: str, cues: Iterable[str]) -> int:
    return max((len(c) for c in cues if c and c in key), default=0)


HEADING_MATCH = 3  # letters after the year that the question and a heading must share ('2024 행정사무감사 처리결과')


def _years_of_headings(f: Frame, vocab: Vocabulary) -> None:
    """'24년 행감 처리결과': a year written just before the words a heading writes after that year names the report
    holding the heading (the report asked)."""
    if f.report_year is not None or not vocab.heading_years or all(y in vocab.report_years for y in f.years):
        return
    key = f.key
    for short, full in raw_lexicon().get("everyday", {}).get("words", {}).items():
        if isinstance(full, str) and len(compact(short)) >= 2:
            key = key.replace(compact(short), compact(full))
    for y in f.years:
        if y in vocab.report_years:
            continue
        written = rf"(?:{y}|['’]{y % 100:02d}|(?<!\d){y % 100:02d}년)(?:년도?)?"
        for hy, after, ry in vocab.heading_years:
            if hy == y and re.search(written + re.escape(after[:HEADING_MATCH]), key):
                f.report_year = ry  # the year stays as written: '2024 행정사무감사' is that section's own name
                break


def parse_question(question: str, data: object) -> Frame:
    """`parse` over a loaded index's vocabulary."""
    from app.engine.vocab import vocabulary

    return parse(question, vocabulary(data))


__all__ = ["parse", "parse_question", "find_years", "find_metrics", "find_k", "Link"]
