"""Follow-ups: a question read against the conversation's earlier turns.

Each earlier turn keeps its frame, the standalone question it was read as, and what its answer was about (the
unit a '어느 과' answer named, the items a ranking or list returned, the project of the cited section). A new
question that stands on its own (it names what it asks about and what it asks, without 그거/거기/그 중/그럼)
starts afresh. Otherwise the slots it leaves empty are taken from the previous turn, pronouns are resolved to
the previous turn's focus, and the result is written out as one standalone Korean question in the reports'
words, which the answer shows ('… (으)로 이해했습니다') and which every later stage reads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from app.engine.frame import Frame
from app.engine.lexicon import lexicon, raw_lexicon
from app.engine.normalize import OUR_BUREAU
from app.engine.parse import PARTNER
from app.engine.text import compact, has_batchim, josa
from app.engine.vocab import Entry, Vocabulary, unlisted_unit

CONNECTOR = re.compile(r"^\s*(?:그럼|그러면|그리고|그래서|그러니까|또|근데|그런데|그럼요|그 다음|그다음|혹시 그럼)\b")
ADDING = re.compile(r"^\s*(?:그리고|근데|그런데)\b")  # connectors that add a question rather than vary the last
PLACE = re.compile(r"거기|그곳|그 ?과(?![가-힣])|그\s*(?:소관|담당|주관)\s*(?:과|부서)(?![가-힣])|그 ?부서|그 ?기관|걔네|그 ?사업소|그 ?팀|그 ?곳")
THING = re.compile(r"그거|그것|그게|그건|그걸|이거|이것|그 ?사업|그 ?항목|해당|그 ?건(?![가-힣])|위 ?사업|그 ?시스템|그 ?프로젝트")
ANY_PRONOUN = re.compile(r"(?<![가-힣])걔(?!네)")
UNIT_POINTER = re.compile(r"그\s*(?:소관|담당|주관)?\s*(?:과|부서)(?![가-힣])")  # '그 소관 과': the unit, not the project
# '그거 하는 과', '그 사업 맡은 부서' after a table row: the unit the row is printed under
DOER_POINTER = re.compile(r"(?:그거|그것|그\s*사업|그\s*일)\s*(?:하는|맡은|맡고\s*있는|담당하는|추진하는)\s*(?:과|부서)(?![가-힣])")
PLURAL = re.compile(r"걔네|얘네|쟤네|(?<![가-힣])(?:이|그)들|(?:그|이|저)\s*[가-힣]{1,4}들(?![가-힣])")  # '그 과들'
AMONG = re.compile(r"그\s*중|그\s*가운데|이\s*중|여기서|거기서|그\s*안에서")
BOTH = re.compile(r"둘이|둘을|둘의|둘은|둘 ?다|두 ?개|두 ?곳|두 ?부서|두 ?항목|두 ?사업|양쪽|둘(?=\s|$|\?)")
OTHER_YEAR = re.compile(r"(?:작년|올해|재작년|내년|전년|20\d{2}|'\d{2}|\d{2}\s*년)")


@dataclass
class Turn:
    """One earlier exchange, as the engine understood and answered it."""

    question: str
    frame: Frame
    text: str  # the standalone question it was read as
    focus_units: list[str] = field(default_factory=list)  # units the answer is about (asked or answered)
    focus_things: list[str] = field(default_factory=list)  # rows, parts, projects the answer is about
    items: list[str] = field(default_factory=list)  # items an answer listed (ranking, list, several lookups)
    project: Entry | None = None  # the project in focus (named, or owning the cited section)
    cited: list[tuple[str, int, str]] = field(default_factory=list)  # (doc, line, quote) the answer cited
    listed_cue: str | None = None  # the printed item list the question asked about ('행정사무감사'), if any
    said: str = ""  # the answer's text, citation markers included
    citations: list[Any] = field(default_factory=list)  # the answer's citations (app.types.Citation), in marker order
    quoted: bool = False  # the answer quoted lines (no table cell): its question's words carry what it was about
    passage: str = ""  # compact text of the project passage the answer's first citation lies in, if any
    owner_unit: str | None = None  # the unit a cited table row is printed under ('공간정보과 > … > 3D기반 …')
    refused: bool = False  # the reports did not answer it: only its words say what the conversation is about


def topic_switched(question: str) -> str | None:
    """The rest of a question that opens by saying the topic changes ('그건 그렇고, 작년 행감 처리결과는 몇 건?',
    'btw, …'; markers in data/lexicon.json 'topic_switch'): read as a question of its own. None otherwise."""
    from app.engine.lexicon import raw_lexicon

    markers = raw_lexicon().get("topic_switch", {}).get("markers", [])
    bare = question.strip()
    head = re.sub(r"^[\s.,!~…·]*(?:음+|어+|아+|그래|네|응|ㅇㅋ|오케이|ok|okay)?[\s.,!~…]*", "", bare, flags=re.I)
    for text in (bare, head):
        low = text.lower()
        for m in sorted(markers, key=len, reverse=True):
            nxt = text[len(m):len(m) + 1]
            if low.startswith(m.lower()) and not nxt.isalnum():  # a whole word: '됐고,' not '됐고요'
                rest = re.sub(r"^[\s.,!~…:;-]+", "", text[len(m):])
                return rest if len(compact(rest)) >= 3 else None
    return None


def is_follow_up(f: Frame, vocab: Vocabulary | None = None) -> bool:
    """Whether a question leans on the earlier turns (a connector, a pronoun, or nothing it is about)."""
    t = f.text
    if f.op in ("sum", "diff") and PARTNER.search(f.key) and len(f.units) + len(f.rows) + len(f.parts) + len(f.projects) <= 1:
        return True  # '공간정보과랑 합치면?': the other operand is the one the last turn was about
    # ('근데 26년 국 전체 지출액 집행률 몇프로야?': the bureau as a whole is named)
    named = bool(f.units or f.rows or f.parts or f.projects or f.terms or _glossary_named(f) or OUR_BUREAU.search(t)
                 or _WHOLE_ACCOUNT.search(f.key))  # ('2026년 세입 총계 얼마야?': the bureau's own total row)
    asks = bool(f.metrics) or f.op != "lookup" or bool(f.conditions) or bool(_COUNTED.search(t))
    defines = bool(f.terms and _ASK_WORD.search(t))  # '근데 용어설명에 RFID는 뭐라고 돼 있어?'
    if ADDING.search(t) and (named and (asks or defines) or not named and _own_topic(f, vocab)) and not (
            PLACE.search(t) or THING.search(t) or AMONG.search(t) or BOTH.search(t)):
        # ('근데 공공와이파이 장애처리 관리대상은 몇 대야?': two subject words of its own, a new topic too)
        return False  # '근데 용어설명에 RFID는 뭐라고 돼 있어?': 'and'/'but' before a whole question of its own
    if CONNECTOR.search(t) or PLACE.search(t) or THING.search(t) or AMONG.search(t) or BOTH.search(t):
        return True
    if _listed_cue(f) and (f.written_years() or not named):
        # '2024 행감 처리요구사항은 몇 건?', '처리요구사항 몇 건?': names a printed item list (and its year), a question
        # of its own (a connector or a pointing word above keeps it on the last turn)
        return False
    if not named:
        return bool(vocab and bare_name(f, vocab)) or not _own_topic(f, vocab)
    # a name alone with a topic particle ('사물인터넷 도시조성 쪽 발생이자는'): elliptical, whatever its length
    return not asks and (len(t.split()) <= 3 or bool(_BARE_NAME.match(t)))


_WHOLE_ACCOUNT = re.compile(r"(?:세입|세출)(?:예산)?(?:총계|합계|총액|전체)")  # a report's whole revenue or spending

# a count of things asked with its own counter ('총 몇 식?', '몇 개소'): a measure of its own ('몇 명' is not: it is
# the headcount the last turn may have asked)
_COUNTED = re.compile(r"몇\s*(?:식|개소|개|곳|건|대|종|권|회|팀|과|가구|척|동)(?=$|[^가-힣]|이|야|인|은|는|씩|나|정도)")


_EARLIER = re.compile(r"앞에|앞의|아까|첫\s*번째|두\s*번째|세\s*번째|처음에|맨\s*처음")
PASSAGE_WORDS = 3  # at most this many words of its own for a question to be read on the last quoted passage


def _on_last_passage(f: Frame, prev: Turn, vocab: Vocabulary) -> str | None:
    """'신설은 몇 대 계획이야?' after '2025 지능형 CCTV 사업 소요예산 얼마야?' was answered by a quoted line: a
    question that names nothing and whose own words all stand in the passage the last answer quoted is about that
    passage's subject: the last question's subject words (and year, unless one is asked), then the question whole."""
    if prev.refused or not (prev.passage or prev.cited) or f.units or f.rows or f.parts or f.projects or f.terms \
            or f.metrics:
        return None
    from app.analyze import GENERIC
    from app.compose import AUDIT_ITEM

    if _EARLIER.search(f.text) or any(AUDIT_ITEM.search(c.quote or "") for c in prev.citations[:1]):
        return None  # ('앞에 그 서고 건', '첫번째 거': an earlier turn; '… 건은?' after an audit item: another record)

    own = [w for w in own_words(f, vocab) if w not in GENERIC]  # ('계획': a word of asking, not a subject)
    if not 1 <= len(own) <= PASSAGE_WORDS:
        return None
    toks = _tokens(prev.text, vocab)
    subject = [w for w in toks.subject_words() if not any(compact(o) in compact(w) for o in own)]
    if not subject:
        return None
    years = [] if f.year_explicit else toks.year_words()
    if prev.passage:
        if not all(compact(w) in prev.passage for w in own):
            return None
    elif f.op != "lookup" or not re.search(r"몇|얼마", f.text) or not _printed_near(
            vocab, [compact(w) for w in own], [compact(w) for w in subject if len(compact(w)) >= 2]):
        # '교체는 몇 대고?' after a table figure of '지능형 CCTV …': the words asked stand on a line beside the
        # last question's subject ('CCTV 사업 규모 : … 교체 3,313대'), read as that subject's passage
        return None
    elif not years and not f.year_explicit and vocab.report_years:
        years = [f"{vocab.report_years[0]}년"]  # the figure was the newest report's, as every unnamed year is
    return re.sub(r"\s+", " ", " ".join(years + subject + [_CONNECTORS.sub("", f.text)])).strip()


NEAR_LINES = 2  # lines above a line that may say what its words are of (its bullet's head)


def _printed_near(vocab: Vocabulary, words: list[str], subject: list[str]) -> bool:
    """Whether a line of the reports prints every one of `words` with a subject word on it or just above it."""
    lines = vocab.derived("corpus_lines", lambda: vocab.corpus_key.split("\n"))
    for i, line in enumerate(lines):
        if words and all(w in line for w in words):
            near = "".join(lines[max(0, i - NEAR_LINES):i + 1])
            if any(s in near for s in subject):
                return True
    return False


def _glossary_named(f: Frame) -> bool:
    return bool(f.linked and any(lk.kinds & {"glossary", "alias", "team", "org"} for lk in f.linked.links))


def own_words(f: Frame, vocab: Vocabulary) -> list[str]:
    """Content words of the question that are neither a linked name nor a cue ('서울AI재단', '모빌랙')."""
    from app.engine.coverage import coverage

    cov = coverage(f, vocab)
    pron = set("그거 그것 그게 그건 거기 그곳 걔 걔네 이거 이것 해당 둘 그중".split())
    return [w for w in cov.unused + cov.absent if w not in pron]


def _own_topic(f: Frame, vocab: Vocabulary | None = None) -> bool:
    """A question with two or more subject words of its own ('공공와이파이 장애처리 관리대상은 몇 대야?')."""
    if vocab is None:
        return False
    from app.engine.lexicon import raw_lexicon

    measures = set(raw_lexicon().get("thing_measures", {}).get("words", []))
    words = own_words(f, vocab)
    # ('이용자 만족도는?': measures only, of the last turn's subject; '스마트서울맵 이용자수는?': a subject of its own)
    return len(words) >= 2 and any(compact(w) not in measures for w in words)


def _body_named(question: str, vocab: Vocabulary) -> str | None:
    """The group of people (lexicon `bodies`: '기동대', '봉사단') a question names, when it is no unit of the index
    ('공공와이파이 장애처리 기동대가 뭐야?' → '기동대'); None otherwise."""
    heads = raw_lexicon().get("bodies", {}).get("heads", [])
    for word in re.findall(r"[가-힣A-Za-z]+", question):
        w = re.sub(r"(?:이|가|은|는|을|를|의|에서|에|도)$", "", word)
        if any(w.endswith(h) for h in heads) and compact(w) not in vocab.departments:
            return w
    return None


def _points_at_answered_unit(text: str, prev: Turn) -> bool:
    """Whether a place word ('거기', '그 과') points at the unit the last answer named as who does it."""
    return prev.frame.op == "who" and bool(prev.focus_units) and not prev.refused and bool(PLACE.search(text))


def merge(f: Frame, prev: Turn, before: Turn | None, vocab: Vocabulary) -> Frame:
    """The follow-up's frame with its empty slots taken from the previous turn and its pronouns resolved."""
    from app.engine.execute import asks_budget_lines

    p = prev.frame
    t = f.text
    out = replace(f)
    named = bool(f.units or f.rows or f.parts or f.projects or f.terms)
    # the year: the one asked, else the previous turn's; a change asked against a year compares it with the last one
    if not f.year_explicit:
        out.years, out.year_explicit, out.report_year = list(p.years), p.year_explicit, p.report_year
    elif f.report_year is None and p.report_year is not None and not OTHER_YEAR.search(t):
        out.report_year = p.report_year
    step = _YEAR_STEP.search(t)
    base = p.years[0] if len(set(p.years)) == 1 else (vocab.newest_year if not p.years and p.report_year is None
                                                       else None)
    if step and base and not f.written_years() and not _AGAINST_LAST_YEAR.search(t) and \
            not set(f.metrics) & {"change", "change_rate"}:
        # '그 전년도는?' after '주차요금수입 2025 최종예산': the year before the one just asked (2024), not the year
        # before the newest report
        out.years = [base + (1 if step.group("next") else -1)]
        out.year_explicit, out.report_year = True, None
    if f.year_explicit and set(f.metrics) <= {"change", "change_rate"} and f.metrics and _AGAINST_LAST_YEAR.search(t) \
            and (p.years or p.report_year) and f.report_year is None and not f.written_years():
        # '전년보다 몇 % 줄었어?' after '25년 보고서 주차요금수입': the change printed in that year's row (against the
        # year before it), not a second year asked
        out.years, out.year_explicit, out.report_year = list(p.years), p.year_explicit, p.report_year
    if f.op in ("diff", "sum") and not named:
        prev_years = p.years or ([p.report_year] if p.report_year else ([vocab.newest_year] if vocab.newest_year else []))
        if f.year_explicit and prev_years and set(f.years) - set(prev_years) and len(set(f.years)) < 2:
            # ('2025년부터 2028년까지 다 합치면?': the years it names, none added)
            out.years = sorted(set(f.years) | set(prev_years[:1]))
            out.report_year = None
    # what it is about
    if f.op in ("sum", "diff") and named and PARTNER.search(f.key):
        # '공간정보과랑 합치면?' after '정보보안과 정원은?': the last turn's thing and the one named, the same measure
        out.units = _joined(p.units, f.units)
        out.rows = _joined(p.rows, f.rows) if f.rows else list(p.rows)
        out.parts = _joined(p.parts, f.parts) if f.parts else list(p.parts)
        if f.projects and not p.projects and prev.project is not None:
            out.projects = _joined([prev.project], f.projects)  # the project the last answer quoted
        else:
            out.projects = _joined(p.projects, f.projects) if f.projects else list(p.projects)
        titles = [compact(x.text) for x in out.projects]
        out.terms = [w for w in _joined(p.terms, f.terms) if not any(compact(w) in t for t in titles)]
        if f.metrics and p.metrics and (set(f.metrics) <= COUNT_METRICS and not STAFF_WORD.search(f.key)
                                        or set(f.metrics) == {"budget"}):
            out.metrics = list(p.metrics)  # '몇 명', '얼마' ask the same measure
    elif f.op == "sum" and not named and len(prev.items) >= 2 and (
            PLURAL.search(t) or PLACE.search(t) or ANY_PRONOUN.search(t) or AMONG.search(t)):
        # '걔네 초과 인원 다 합치면?' after a list of units: the sum over the items the last answer listed
        out.units, out.rows = _listed_names(prev, vocab)
        out.parts = []
        if not f.metrics:
            out.metrics = list(p.metrics)
    elif BOTH.search(t) and not named:
        units, rows, parts, years = _two(prev, before)
        out.units, out.rows, out.parts = units, rows, parts
        if years:
            out.years, out.report_year = years, None
    elif _points_at_answered_unit(t, prev) and not (f.units or f.terms):
        # '거기 정원은?' after 'AI 페스타 어느 과 사업이야?': 거기 is the unit the last answer named, not its project
        out.units, out.rows, out.parts, out.projects, out.terms = prev.focus_units[:1], list(f.rows), list(f.parts), [], []
    elif PLACE.search(t) and not (f.units or f.terms) and set(f.metrics) & COUNT_METRICS and not UNIT_POINTER.search(t) \
            and (body := _body_named(prev.question, vocab)):
        # '거기 인원은?' after '… 장애처리 기동대가 뭐야?': the group's own number, not its unit's headcount
        out.units, out.rows, out.parts, out.terms = [], [], [], [body]
        out.projects = list(p.projects[:1])
    elif PLACE.search(t) and not (f.units or f.terms) and not p.units and (p.projects or prev.project) \
            and not (set(f.metrics) & COUNT_METRICS and not own_words(f, vocab)) and not UNIT_POINTER.search(t):
        # ('거기 정원은?': a unit's measure, so 거기 is the unit; '거기서 활동하는 자원봉사자 몇 명': the project's)
        # '거기서 감리는 얼마?' after 'SDA 사업예산 얼마야?': 거기 is the project asked about, not its department
        out.units, out.rows, out.parts = [], list(f.rows), list(f.parts)
        out.projects = list(p.projects[:1]) or [prev.project]
        out.terms = own_words(f, vocab)[:2]
    elif (PLACE.search(t) or (DOER_POINTER.search(t) and prev.owner_unit and not (p.projects or prev.project))) \
            and not (f.units or f.terms):
        out.units = prev.focus_units[:1] or list(p.units[:1]) or (
            [prev.owner_unit] if (UNIT_POINTER.search(t) or DOER_POINTER.search(t)) and prev.owner_unit
            and not (p.projects or prev.project)
            else [])  # '그 과' after a table row: the unit it is printed under (a project's unit is found as two steps)
        out.rows = [] if not f.rows else f.rows
        out.parts = list(f.parts)
        if not out.units and not f.rows and (p.rows or p.parts):
            # '걔네 집행률은?' after '서울AI재단 출연금 얼마야?': no unit was named; 걔네 is what was (the row)
            out.rows, out.parts, out.terms = list(p.rows), list(p.parts), list(p.terms)
        elif not out.units and not f.rows and prev.focus_things and f.metrics:
            # '걔네 출연금 지출액은?' after '26년 재단 출연 예산현액은?' (named in words the index does not link):
            # the row the last answer read (a measure asked: a figure of that row)
            out.rows, out.terms = prev.focus_things[:1], []
    elif ANY_PRONOUN.search(t) and not named:  # '걔 지출액 집행률은?': the most specific thing of the last turn
        out.units, out.rows, out.parts = list(p.units), list(p.rows), list(p.parts)
        if prev.focus_things and not p.rows:
            out.units, out.rows = [], prev.focus_things[:1]
    elif AMONG.search(t) and not named:
        out.units, out.rows, out.parts = list(p.units), list(p.rows), list(p.parts)
        if prev.items and f.op == "lookup" and not f.metrics:
            out.op = "rank"
        if prev.items and len(prev.items) >= 2 and (f.op == "rank" or out.op == "rank") and asks_budget_lines(p):
            # '그중 제일 큰 건?' after '정보통신과 세부사업 뭐 있어?': that unit's lines, ranked (not every line named)
            out.units, out.rows, out.klass = list(p.units), list(p.rows), "project"
        elif prev.items and len(prev.items) >= 2 and (f.op == "rank" or out.op == "rank") and p.klass == "children":
            # '그중 제일 큰 건?' after '자치단체간부담금 세부항목 뭐뭐 있어?': the rows under that row, ranked
            out.units, out.rows, out.klass = [], list(p.rows), "children"
            out.metrics = out.metrics or list(p.metrics)
        elif prev.items and len(prev.items) >= 2 and (f.op == "rank" or out.op == "rank"):
            # '그중 집행률 제일 낮은 곳은?': ranked among the items the last answer listed, not among all
            out.units, out.rows = _listed_names(prev, vocab)
    elif THING.search(t) and not named:
        if prev.focus_things and prev.focus_things[0] not in p.rows + p.parts:  # the item an answer named
            out.units, out.rows, out.parts, out.projects = [], prev.focus_things[:1], [], []
        else:
            out.units, out.rows, out.parts = list(p.units), list(p.rows), list(p.parts)
            out.projects = [prev.project] if prev.project else list(p.projects)
            out.terms = list(p.terms)
    elif not named and own_words(f, vocab) and not (AMONG.search(t) or BOTH.search(t)):
        out.units, out.rows, out.parts, out.projects = [], [], [], []  # '서울AI재단은?': a new subject, unlinked
        spans = [(lk.start, lk.end) for lk in f.linked.links] if f.linked else []
        unlisted = unlisted_unit(f.text, vocab, spans)
        # ('그럼 디지털혁신과는?': a unit the reports never print is asked whole, not read as its words 디지털, 혁신)
        out.terms = [unlisted] if unlisted else own_words(f, vocab)[:2]
    elif not named:
        out.units, out.rows, out.parts, out.projects = list(p.units), list(p.rows), list(p.parts), list(p.projects)
        out.terms = list(p.terms)
        if not (p.units or p.rows or p.parts or p.projects) and prev.focus_things:
            out.rows = prev.focus_things[:1]  # the row the last answer quoted
        elif not (p.units or p.rows or p.parts or p.projects) and prev.project is not None:
            out.projects = [prev.project]  # '소요예산은?' after '… 페스타 언제 열려?': the project the answer quoted
    # '서울기록원 현안사업이 뭐야?' answered with a project: what follows is about that project, not the unit
    if not named and p.klass == "project" and not p.projects and prev.project is not None and not p.conditions \
            and p.op not in ("rank", "list", "count") and not AMONG.search(t) and not _points_at_answered_unit(t, prev):
        out.units, out.rows, out.parts, out.projects = [], [], [], [prev.project]
    elif f.terms and not (f.units or f.rows or f.parts or f.projects):
        out.units, out.rows, out.parts, out.projects = [], [], [], []  # another glossary term, team or sub-unit
        if any(e.kind in ("unit", "team") for e in _entries(f.terms[0], vocab)):
            out.units = []
    elif f.parts and not f.units and p.units:  # '전산직은?' after a unit's headcount: that unit's breakdown
        out.units = list(p.units)
    elif f.rows and not f.units and p.units and _row_under(f.rows[0], p.units[0], vocab):
        out.units = list(p.units)  # '기본경비는?' after '데이터전략과 …': the same unit's row
    elif f.units and not (f.rows or f.parts) and (p.rows or p.parts) and f.op in ("lookup", "verify"):
        out.rows, out.parts = list(p.rows), list(p.parts)  # '정보보안과는?' after '데이터전략과 기본경비': its 기본경비
    # what is asked
    if (not f.metrics and f.op not in ("when", "where", "define", "status")) or (
            f.op == "diff" and set(f.metrics) <= {"change", "change_rate"} and p.metrics
            and not set(p.metrics) <= {"change", "change_rate"}):
        # '얼마나 늘었어?': the change of what the last turn asked ('그거 보급 일정 언제야?' after a budget asks no figure)
        out.metrics = list(p.metrics)
        if f.op == "diff" and f.metrics and _AGAINST_LAST_YEAR.search(t) and len(set(out.years)) == 1 \
                and not f.written_years():
            # '작년 대비 얼마나 늘었어?' after '공간정보과 2026 예산': that figure against the year before, as the
            # single question '… 2026 예산 작년보다 얼마나 늘었어?' reads it (the figure and its change)
            out.op, out.metrics = "lookup", list(p.metrics) + [m for m in f.metrics if m not in p.metrics]
    if f.op == "lookup" and f.metrics:
        out.op = "lookup"  # '그 사업 예산은?', '거기 정원은?': a figure is asked, whatever the last turn asked
    elif f.op == "lookup":
        out.op = p.op if p.op in ("lookup", "rank", "list", "count", "when", "define", "status", "who") else "lookup"
        if out.op in ("rank", "list", "count"):
            out.klass, out.order, out.k, out.conditions = p.klass, p.order, p.k, list(p.conditions)
        if out.op != "lookup" and (f.units or f.rows) and not AMONG.search(t) and out.op not in ("when", "define", "status"):
            out.op = "lookup"
        if out.op == "who" and named:
            out.op = "lookup"
    elif f.op in ("rank", "count", "list"):
        if not f.klass or (f.klass == "department" and p.klass and not _UNIT_CLASS_SAID.search(f.key)):
            out.klass = p.klass or f.klass  # ('그 중 제일 큰 곳': the last turn's kind of thing; '부서' says its own)
        out.conditions = list(f.conditions) + [c for c in p.conditions if c not in f.conditions]
        if f.op == "rank" and not f.metrics and p.metrics:
            out.metrics = list(p.metrics)
    if f.op in ("who", "when", "where", "define", "status") and not named and not out.rows:
        out.projects = [prev.project] if prev.project else list(p.projects)
        if f.op == "who" and not out.projects:
            out.rows = out.rows or prev.focus_things[:1]
            out.cited = prev.cited[:1]
    if f.op == "verify":
        out.metrics = f.metrics or list(p.metrics)
    changes = [m for m in f.metrics if m in ("change", "change_rate")]
    if [m for m in f.metrics if m not in changes] == ["staff"] and not STAFF_WORD.search(f.key) and p.metrics \
            and set(p.metrics) <= COUNT_METRICS:
        # '몇 명 차이야?' after '정원 몇 명?': '몇 명' asks a count, the 정원 still ('작년보다 몇 명 늘었어?': its change)
        out.metrics = list(p.metrics) + changes
    if not f.projects and prev.listed_cue and not _listed_cue(f) and f.op != "who" and (
            AMONG.search(t) or f.op in ("count", "list") or f.claim_status):
        out.units, out.rows, out.parts, out.projects = list(f.units), list(f.rows), list(f.parts), []
        # '그 중 추진 중인 건 몇 건?' after the audit results: the same list (and the words that single out an item)
        out.terms = _joined([prev.listed_cue], [*f.terms, *own_words(f, vocab)])
    if not named and not (out.units or out.rows or out.parts or out.projects or out.terms):
        org = _org_named(p) or _our_bureau(prev, vocab)
        if org:
            out.terms = [org]  # '2025년이랑 비교하면?' after '우리 국 정원은?': still the bureau's figure
        else:  # '증감률은?' after '26년 세입예산 전체 얼마야': the same table's total
            from app.engine.execute import table_hints

            hints = table_hints(p.key)
            whole = next((w for w in ("전체", "총계", "합계", "총액") if w in p.key), None)
            out.scope = hints + ([whole] if whole and hints else [])
    gap = _gap_asked(f) if f.op == "rank" and not f.metrics else None
    if gap and (set(p.metrics) & COUNT_METRICS or any(c.metric in COUNT_METRICS for c in p.conditions)):
        # '그중에 제일 많이 모자란 데는?' after units whose 현원 is under 정원: ranked by 과부족 (not by 정원)
        out.metrics, out.order = ["gap"], ("asc" if gap == "short" else "desc")
    if out.op == "rank" and not out.metrics and asks_budget_lines(p) and AMONG.search(t):
        out.metrics = ["budget"]  # '그중 제일 큰 건?' after a unit's lines listed with their 예산현액
    if f.op == "who" and UNIT_POINTER.search(t) and f.metrics and len(out.units) == 1:
        # '그 담당 과 2025년 정원은?': the unit the last subject belongs to, then its measure (a lookup, not who)
        out.op, out.projects, out.terms = "lookup", [], []
    return out


# a year counted from the one the last turn asked: '그 전년도는?', '그 전 해는?', '한 해 전엔?', '그 다음 해는?', '이듬해는?'
_YEAR_STEP = re.compile(r"(?:그\s*)?(?:전\s*(?:년도|년|해|연도)|한\s*해\s*전|이전\s*(?:해|년도|연도))"
                        r"|(?P<next>(?:그\s*)?다음\s*(?:해|년도|연도)|이듬\s*해|한\s*해\s*뒤)")
_AGAINST_LAST_YEAR = re.compile(r"(?:전년|작년|지난\s*해|전년도)\s*(?:대비|보다|比|에\s*비해)")


_UNIT_CLASS_SAID = re.compile(r"부서|어느과|몇과|무슨과|어떤과|과는|과가|과별|과이름|과야|과임")


def _listed_names(prev: Turn, vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """The items the last answer listed, as (units, rows): units when every one is a department."""
    units = [x for x in prev.items if compact(x) in vocab.departments]
    if len(units) == len(prev.items):
        return units, []
    return [], list(prev.items)


def _joined(before: Sequence[Any], named: Sequence[Any]) -> list[Any]:
    return list(before) + [x for x in named if x not in before]


STAFF_WORD = re.compile(r"현원|인원|직원|사람|인력|근무")
COUNT_METRICS = frozenset({"staff", "authorized", "gap"})


def _our_bureau(prev: Turn, vocab: Vocabulary) -> str | None:
    """The bureau, when the last question called it 'our bureau' ('우리 국')."""
    return sorted(vocab.orgs)[0] if vocab.orgs and OUR_BUREAU.search(prev.question) else None


def _org_named(f: Frame) -> str | None:
    for lk in (f.linked.links if f.linked else []):
        if "org" in lk.kinds:
            return next((e.text for e in lk.entries if e.kind == "org"), None)
    return None


def _entries(text: str, vocab: Vocabulary) -> list[Entry]:
    return vocab.get(compact(text))


def _row_under(row: str, unit: str, vocab: Vocabulary) -> bool:
    return (compact(unit), compact(row)) in vocab.ancestors


def _two(prev: Turn, before: Turn | None) -> tuple[list[str], list[str], list[str], list[int]]:
    """The two things '둘/두 개' points at: two named in the last turn, else the last two turns' one each
    (two units, two rows, two breakdown parts, or one thing in two years)."""
    p = prev.frame
    if max(len(p.units), len(p.rows), len(p.parts)) >= 2 or (not p.units and len(p.rows) + len(p.parts) >= 2):
        return list(p.units), list(p.rows), list(p.parts), []  # (a unit with its row or part is one thing)
    if len(prev.items) >= 2 and len(set(prev.items)) >= 2:
        return [], prev.items[:2], [], []
    if before is not None:
        b = before.frame
        for attr in ("units", "rows", "parts"):
            x, y = getattr(b, attr), getattr(p, attr)
            if x and y and x[0] != y[0]:
                units = [x[0], y[0]] if attr == "units" else list(p.units)
                rows = [x[0], y[0]] if attr == "rows" else list(p.rows)
                parts = [x[0], y[0]] if attr == "parts" else []
                return units, rows, parts, []
        by, py = (b.years or ([b.report_year] if b.report_year else [])), (p.years or ([p.report_year] if p.report_year else []))
        if by and py and by[0] != py[0]:
            return list(p.units), list(p.rows), list(p.parts), sorted({by[0], py[0]})
    return list(p.units), list(p.rows), list(p.parts), []


def standalone_text(f: Frame) -> str:
    """A frame written as one plain Korean question in the reports' words."""
    lex = lexicon()
    names = {m.id: m.name for m in lex.metrics.values()}
    bits: list[str] = []
    if f.report_year and not f.years:
        bits.append(f"{f.report_year}년 보고서 기준")
    for y in f.years[:2]:
        bits.append(f"{y}년")
    bits += f.scope
    ents = [*f.units, *f.rows, *f.parts, *f.terms]
    proj = [p.text for p in f.projects]
    metric = " ".join(dict.fromkeys(names.get(m, m) for m in f.metrics))
    if f.op in ("sum", "diff") and len(set(f.years)) >= 2 and len(f.units) + len(f.rows) + len(f.parts) == 1:
        years = sorted(set(f.years))
        y1, y2 = years[0], years[1]
        from app.compose import YEAR_SPAN

        if f.op == "sum" and YEAR_SPAN.search(f.text):  # '2025년부터 2028년까지 다 합치면?': every year of the span
            return f"{' '.join(ents)} {metric} {y1}년부터 {years[-1]}년까지 합치면?".replace("  ", " ").strip()
        return f"{' '.join(ents)} {metric} {y1}년과 {y2}년 {'합치면?' if f.op == 'sum' else '차이는?'}".replace("  ", " ").strip()
    if f.op in ("sum", "diff") and len(f.parts) >= 2 and len(f.units) <= 1:
        joined = " ".join(f.units + [f"{josa(f.parts[0], '과/와')} {f.parts[1]}"])
        return " ".join(bits + [joined, metric, "합치면?" if f.op == "sum" else "차이는?"]).replace("  ", " ").strip()
    if f.op in ("sum", "diff") and len(f.units) + len(f.rows) >= 2:
        things = [*f.units, *f.rows] if not (f.units and f.rows) else [f"{u} {r}" for u in f.units for r in f.rows][:2]
        if f.units and f.rows and len(f.units) == 1:
            things = [f"{f.units[0]} {r}" for r in f.rows]
        joined = f"{josa(things[0], '과/와')} {' '.join(things[1:])}"
        return " ".join(bits + [joined, metric, "합치면?" if f.op == "sum" else "차이는?"]).replace("  ", " ").strip()
    if f.op in ("sum", "diff") and len(proj) >= 2 and not ents:
        joined = f"{josa(proj[0], '과/와')} {' '.join(proj[1:])}"
        return " ".join(bits + [joined, metric, "합치면?" if f.op == "sum" else "차이는?"]).replace("  ", " ").strip()
    subject = " ".join(proj + ents)
    if f.op == "who":
        return f"{subject} {'담당 팀은?' if f.asks_team else '담당 부서는?'}".strip()
    if f.op == "when":
        return f"{subject} 추진일정은?".strip()
    if f.op == "define":
        return f"{josa(subject, '이란/란')} 무엇인가?".strip() if subject else f.text
    if f.op == "rank" and (f.klass or "").startswith("rows:"):  # '분야 중 개수가 가장 많은 분야는?'
        rows, by = f.klass[5:], " ".join(f.parts) or metric
        word = "가장 적은" if f.order == "asc" else "가장 많은"
        head = f"{by}{'이' if by and has_batchim(by) else '가'} " if by else ""
        return " ".join(bits + [f"{rows} 중 {head}{word} {josa(rows, '은/는')}?"]).strip()
    if f.op in ("list", "count") and f.klass == "children":  # '자치단체간부담금 세부항목은 몇 개?'
        return " ".join(bits + [f"{subject} 세부항목은 {'몇 개?' if f.op == 'count' else '뭐뭐 있어?'}"]).strip()
    if f.op in ("rank", "list", "count"):
        klass = {"department": "부서", "project": "사업", "revenue": "세입 항목", "job": "직종", "item": "항목",
                 "children": "세부항목"}.get(f.klass or "", "부서")
        conds = " ".join(c.describe(names) for c in f.conditions)
        scope = f"{subject} 중 " if subject else ""
        if f.op == "rank":
            asc = f.order == "asc"
            rate = f.metric in ("exec_rate", "spend_rate", "change_rate")
            word = ("가장 낮은" if asc else "가장 높은") if rate else ("가장 적은" if asc else "가장 많은")
            cond = f"{conds} {klass} 중 " if conds else ""
            return " ".join(bits + [f"{scope}{cond}{josa(metric, '이/가')} {word} {josa(klass, '은/는')}?"]).strip()
        tail = "몇 곳?" if f.op == "count" else "어디?"
        return " ".join(bits + [f"{scope}{conds} {josa(klass, '은/는')} {tail}"]).replace("  ", " ").strip()
    if f.op == "verify":
        return f.text
    if f.op == "ratio":  # a share: of the whole when the follow-up says so, else of what holds the thing
        own = re.search(r"(과|부서|사업소|센터|팀)(?:의)?전체", f.key)  # '과 전체 예산에서': the unit's own whole
        whole = f"{own.group(1)} 전체 대비 " if own else ("전체 대비 " if re.search(r"전체|합계|총계", f.key) else "")
        return re.sub(r"\s+", " ", " ".join(bits + [subject, metric, f"{whole}비중은?"])).strip()
    if not metric and subject:  # '2025년 정보통신공사업 위반 과징금은?': the thing alone, asked
        return re.sub(r"\s+", " ", " ".join(bits + [josa(subject, "은/는") + "?"])).strip()
    q = " ".join(bits + [subject, josa(metric, "은/는") + "?" if metric else "?"])
    return re.sub(r"\s+", " ", q).strip()


def turn_of(question: str, frame: Frame, text: str, answer: Any, data: Any, vocab: Vocabulary) -> Turn:
    """What one answered turn was about, for the next follow-up."""
    t = Turn(question, frame, text)
    t.said = str(getattr(answer, "text", "") or "")
    t.listed_cue = _listed_cue(frame)
    t.focus_units = list(frame.units)
    t.focus_things = [*frame.rows, *frame.parts]
    t.project = frame.projects[0] if frame.projects else None
    notes = list(getattr(answer, "notes", []) or [])
    focus = next((n.split(":", 1)[1].strip() for n in notes if n.startswith("focus:")), "")
    thing = next((n.split(":", 1)[1].strip() for n in notes if n.startswith("thing:")), "")
    if thing:
        t.focus_things = [thing] + [x for x in t.focus_things if x != thing]
        t.project = None
    items = next((n.split(":", 1)[1] for n in notes if n.startswith("items:")), "")
    if focus:
        t.focus_units = [focus] + [u for u in t.focus_units if u != focus]
    if items:
        t.items = [x for x in items.split("|") if x]
        if len(t.items) == 1 and not focus and compact(t.items[0]) in vocab.departments:
            t.focus_units = [t.items[0]]  # '지적직 있는 과 어디야?' answered with one unit: 거기 is that unit
    cites = list(getattr(answer, "citations", []) or [])
    t.cited = [(c.doc, c.line_start, c.quote) for c in cites[:3]]
    path = [x.strip() for x in (getattr(cites[0], "row_path", None) or "").split(">")] if cites else []
    t.owner_unit = next((vocab.departments[compact(x)] for x in path if compact(x) in vocab.departments), None)
    t.citations = cites
    t.quoted = bool(cites) and not any(getattr(c, "value", None) for c in cites)
    if t.quoted:
        from app.compose import _passage_key

        t.passage = _passage_key(data, cites[0].doc, cites[0].line_start)
    t.refused = bool(getattr(answer, "abstained", False)) or getattr(answer, "kind", "") == "abstain"
    if cites and not t.focus_things and not t.focus_units and len({(c.doc, c.line_start) for c in cites}) == 1:
        row = _row_on_line(data, vocab, cites[0].doc, cites[0].line_start)
        if row:  # the reader quoted one table row: that row is what the next '얼마나 줄었어?' is about
            t.focus_things = [row]
    if cites and frame.op == "who" and not focus and not t.refused:
        unit = _unit_row_quoted(cites[0].quote or "", vocab)
        if unit:  # '… 입주 관리는 어느 부서 소관?' answered with the unit's row of duties: 거기 is that unit
            t.focus_units = [unit] + [u for u in t.focus_units if u != unit]
    if cites and (t.project is None or not t.focus_units):
        sec = _project_of_line(data, vocab, cites[0].doc, cites[0].line_start)
        if sec is not None:
            t.project = t.project or sec
            if not t.focus_units and sec.department:
                t.focus_units = [sec.department]
    return t


def _unit_row_quoted(quote: str, vocab: Vocabulary) -> str | None:
    """The unit a quoted table row is about, when its first cell names a unit ('데이터센터 | · 정보자원 통합 …')."""
    cells = [c.strip() for c in re.split(r"\s*\|\s*|\t", quote) if c.strip()]
    if len(cells) < 2:
        return None
    first = re.sub(r"^[-*·○□\s]+", "", cells[0])
    return first if compact(first) in vocab.departments else None


def _gap_asked(f: Frame) -> str | None:
    """'short' or 'over' when the question asks how far 현원 falls short of or goes over 정원 ('제일 많이 모자란',
    '제일 많이 남는'; lexicon.json headcount_gap), None otherwise."""
    from app.engine.lexicon import raw_lexicon

    words = raw_lexicon().get("headcount_gap", {})
    for side in ("short", "over"):
        if any(w in f.key for w in words.get(side, [])):
            return side
    return None


def _listed_cue(f: Frame) -> str | None:
    """The cue of a printed item list the question names ('행감', '처리결과'): a follow-up ('그 중 추진 중인 건?')
    asks about the same list."""
    from app.engine.lexicon import raw_lexicon

    cues = raw_lexicon().get("listed_items", {}).get("cues", [])
    return next((c for c in sorted(cues, key=len, reverse=True) if compact(c) in f.key), None)


def _row_on_line(data: Any, vocab: Vocabulary, doc: str, line: int) -> str | None:
    """The label of the table row printed on a line, when the vocabulary knows it as a row."""
    from app.engine.text import strip_numbering

    on_line = getattr(data, "records_on_line", None)
    recs = on_line(doc, line) if on_line else [r for r in data.records(doc=doc) if r.line == line]
    labels = {strip_numbering(r.row_path[-1]) for r in recs if r.row_path}
    if len(labels) != 1:
        return None
    label = labels.pop()
    return label if any(e.kind == "row" for e in vocab.get(compact(label))) else None


def _project_of_line(data: Any, vocab: Vocabulary, doc: str, line: int) -> Entry | None:
    """The project (a unit's top section) whose lines hold `line`."""
    best = None
    for e in vocab.projects:
        try:
            sec = data.section(e.refs[0])
        except (KeyError, LookupError, IndexError):
            continue
        if sec.doc == doc and sec.line_start <= line <= sec.line_end:
            best = e
    return best


def resolve(f: Frame, prior: Sequence[Turn], vocab: Vocabulary) -> tuple[Frame, str | None]:
    """The frame a question stands for in its conversation, and the standalone question (None when it stood alone)."""
    if not prior:
        return f, None
    p = prior[-1].frame
    scoped = bool(f.rows and not f.units and not f.projects and len(p.units) == 1 and f.op in ("lookup", "ratio")
                  and not re.search(r"빼|제외|말고|몇\s*개", f.text)
                  and all(_row_under(r, p.units[0], vocab) for r in f.rows))
    # ('방송통신 비중은?' after '정보보안과 직종별 현원': a column of that unit's row, its share of the unit's whole)
    scoped = scoped or bool(f.parts and not (f.rows or f.units or f.projects) and len(p.units) == 1
                            and f.op == "ratio" and not p.rows and not OUR_BUREAU.search(f.text))
    if not (is_follow_up(f, vocab) or scoped):
        # ('일반회계 예산현액 얼마?', '특별회계 비중은?' after '정보통신과 예산 …': that unit's row)
        sibling = _sibling_swapped(f, prior[-1], vocab)
        if sibling:  # '백업장비 확대 구축은?' after '대표누리집 재해복구 구축 언제 해?': a name alone, parallel to the last
            from app.engine.parse import parse

            again = parse(sibling, vocab)
            again.question, again.resolved_from = f.question, sibling
            return again, sibling
        on_passage = _on_last_passage(f, prior[-1], vocab)
        if on_passage:  # '신설은 몇 대 계획이야?' after a quoted '(소요예산) …' of a project: its subject, then this
            from app.engine.parse import parse

            again = parse(on_passage, vocab)
            again.question, again.resolved_from = f.question, on_passage
            return again, on_passage
        return f, None
    prev = prior[-1]
    share = _share_of_it_in(f, prev)
    if share:  # '그것이 디지털정책과 전체 예산현액에서 차지하는 비율은?' after a row's figure: that row, of the unit's
        from app.engine.parse import parse

        again = parse(share, vocab)
        again.question, again.resolved_from = f.question, share
        return again, share
    before = prior[-2] if len(prior) > 1 else None
    swapped = _sibling_swapped(f, prev, vocab) or _swapped(f, prev, vocab)
    if swapped:  # the previous question with the new name: it carries every slot, so it is read afresh
        from app.engine.parse import parse

        again = parse(swapped, vocab)
        again.question, again.resolved_from = f.question, swapped
        return again, swapped
    pf = prev.frame
    if prev.refused and not swapped and not (pf.units or pf.rows or pf.parts or pf.projects or pf.terms or pf.conditions):
        # '처리요구사항 등 총 몇 건이야?' after a refused '24년 행감 처리결과 있지?': the refused question's words
        # (without its own question) and the follow-up, read as one question
        words = [w for w in prev.text.split() if not _ASK_WORD.match(compact(w))]
        ask = _ask_tail(prev.text)
        body = prev.text[: len(prev.text) - len(ask)].strip() if ask else " ".join(words)
        if f.year_explicit:
            body = " ".join(w for w in body.split() if not _YEAR_TOKEN.match(w))
        joined = re.sub(r"\s+", " ", f"{body} {_CONNECTORS.sub('', f.text)}").strip()
        from app.engine.parse import parse

        again = parse(joined, vocab)
        again.question, again.resolved_from = f.question, joined
        return again, joined
    term = _term_pointed_at(f, prev, vocab)
    if term:  # '그게 뭔 뜻이야?' after '… DR 모의훈련 한다던데': the term the last question named, defined
        from app.engine.parse import parse

        again = parse(term, vocab)
        again.question, again.resolved_from = f.question, term
        return again, term
    part = _part_of_quoted(f, prev, vocab)
    if part:  # '그중 감리비는?' after a quoted '사업예산 : 867백만원(…/감리 81백만원)': the part, asked of that subject
        from app.engine.parse import parse

        again = parse(part, vocab)
        again.question, again.resolved_from = f.question, part
        return again, part
    answered_project = prev.frame.klass == "project" and not prev.frame.projects and prev.project is not None
    # '거기 정원은?' after '… 어느 과 사업이야?': 거기 is the unit the answer named, whatever line it quoted
    answered_unit = _points_at_answered_unit(f.text, prev)
    on_text = _on_quoted_text(f, prev, vocab) if prev.quoted and not (answered_project or answered_unit) else None
    pointing = (_PRONOUNS.search(f.text) or _DEMONSTRATIVE.search(f.text)) and not answered_unit
    if on_text is None and pointing and f.op not in ("who", "define") and not (f.units or f.rows or f.parts or f.projects) \
            and not (UNIT_POINTER.search(f.text) and prev.focus_units) and not (
                (UNIT_POINTER.search(f.text) or DOER_POINTER.search(f.text)) and prev.owner_unit
                and not (prev.frame.projects or prev.project)):  # ('그 과 전체 …' after a row: its unit)
        on_text = _pronoun_on_text(f, prior, vocab)
    if on_text is None and not prev.quoted and not pointing and not answered_unit and f.op == "lookup" \
            and re.search(r"몇|얼마", f.text):
        on_text = _on_last_passage(f, prev, vocab)  # '교체는 몇 대고?' after a table figure of '지능형 CCTV …'
    if on_text:  # the last answer quoted a line: its question's words say what it was about
        from app.engine.parse import parse

        again = parse(on_text, vocab)
        again.question, again.resolved_from = f.question, on_text
        return again, on_text
    merged = merge(f, prev, before, vocab)
    rewritten = _rewritten(f, prev, merged, vocab)
    if rewritten and _UNITS_ASKED.search(f.text) and not f.metrics:
        # '거기 과는 어떻게 나뉘어 있어?': the last subject's units, asked afresh (no measure of the last turn carried)
        from app.engine.parse import parse

        again = parse(rewritten, vocab)
        again.question, again.resolved_from = f.question, rewritten
        return again, rewritten
    text = rewritten or standalone_text(merged)
    text = _with_unexplained(f, text, vocab)
    column = _BUDGET_COLUMN.search(f.text)
    if column and compact(column.group(0)) not in compact(text) and "예산" in text:
        # '25년 최종예산은?': the column asked (최종예산, not the report's own 예산현액) stays in the question
        text = re.sub(r"예산(?!현액)", column.group(0), text, count=1)
    merged.resolved_from = text
    return merged, text


def _term_pointed_at(f: Frame, prev: Turn, vocab: Vocabulary) -> str | None:
    """'그게 뭐야?', '그게 뭔 뜻이야?' (a definition asked of a pronoun, nothing named) after a question that named one
    term of the glossary: that term's definition asked ('DR이란 무엇인가?'); None otherwise."""
    glossed = [t for t in f.terms if any(e.kind in ("glossary", "alias") for e in vocab.get(compact(t)))]
    if f.op == "define" and len(glossed) == 1 and len(f.terms) == 1 and not (f.units or f.rows) \
            and not re.search(r"몇", f.text):
        return f"{josa(glossed[0], '이란/란')} 무엇인가?"  # '그거 DR이 정확히 뭐임?': the term it names, defined
    if f.op != "define" or f.units or f.rows or f.parts or f.projects or f.terms or not _PRONOUNS.search(f.text) \
            or own_words(f, vocab) or len(f.text.split()) > 4 or re.search(r"몇", f.text):
        return None  # ('그 사업 대상 시설물은 몇 종이고 뭐뭐야?': words of its own, not the term's meaning)
    named = []
    for w in re.findall(r"[가-힣A-Za-z0-9]+", prev.text):
        for cut in range(len(w), 1, -1):  # 'DR이라고' -> 'DR'
            entries = [e for e in vocab.get(compact(w[:cut])) if e.kind in ("glossary", "alias")]
            if entries:
                named.append(entries[0].text if entries[0].kind == "glossary" else w[:cut])
                break
    titles = [compact(p.text) for p in prev.frame.projects]
    named = [n for n in dict.fromkeys(named) if not any(compact(n) in t for t in titles)]  # (a project's own words)
    if not named:  # '… SDP라는 게 나오던데' / '그게 뭐야?': the word the last question quoted, printed in the reports
        named = [w for w in dict.fromkeys(_QUOTED_WORD.findall(prev.text)) if vocab.in_corpus(compact(w))]
    if len(named) != 1:
        return None
    return f"{josa(named[0], '이란/란')} 무엇인가?"


_QUOTED_WORD = re.compile(r"([A-Za-z0-9가-힣·]{2,}?)(?:이)?라(?:는|고|던)(?![가-힣])")


def _with_unexplained(f: Frame, text: str, vocab: Vocabulary) -> str:
    """The standalone question with the follow-up's own words that nothing explained and that it does not already
    hold ('사물인터넷 도시조성 쪽 발생이자는': '발생이자'), so the question read is checked with them: a row of
    another table is not taken for what was asked."""
    from app.engine.coverage import coverage

    missing = [w for w in coverage(f, vocab).unused if compact(w) not in compact(text)]
    if not missing:
        return text
    words = []  # the follow-up's words that hold them, as written, without their particle
    for w in f.text.split():
        bare = re.sub(r"(?:은요|는요|은|는|이|가|을|를|의|도|만)?[?？.!]*$", "", w)
        if any(compact(m) in compact(bare) for m in missing) and compact(bare) not in compact(text) and bare not in words:
            words.append(bare)
    if not words:
        return text
    said = " ".join(words)
    topic = re.match(r"^(.*?)(?:은|는)\s*\?$", text)
    if topic:
        return f"{topic.group(1)} {said}{josa(said, '은/는')[len(said):]}?"
    ask = _ask_tail(text)
    body = text[: len(text) - len(ask)].rstrip() if ask else text.rstrip(" ?")
    return f"{body} {said}{' ' + ask if ask else '?'}"


_YEAR_WORDS = re.compile(r"(?:(?:20\d{2}|['’]\d{2}|\d{2})\s*년도?(?:엔|에는|에|은|는)?|올해|작년|재작년|금년|내년)\s*(?:\d{1,2}\s*월\s*(?:말)?\s*)?"
                         r"(?:(?:주요\s*|현안\s*)?(?:업무\s*)?보고서?\s*(?:기준으로|기준|에서는?|에선|때|상)?\s*)?")
_PRONOUNS = re.compile(r"(?:그거|그것|그게|그건|그걸|거기|그곳|걔네|걔|이거|이것|해당|그\s*사업|그\s*과|그\s*부서)(?:는|은|의|에서|서|에|이|가|를|을)?\s*")
_CONNECTORS = re.compile(r"^\s*(?:그럼|그러면|그리고|그래서|근데|그런데|또)\s*")


_BARE_NAME = re.compile(r"^\s*(?:그럼|그러면|그럼요)?\s*(.+?)(?:은|는|은요|는요)\s*[?？]?\s*$")


def bare_name(f: Frame, vocab: Vocabulary) -> str | None:
    """The name a follow-up only says ('빅데이터 캠퍼스는?'), when the reports print it but the index holds it only
    as part of a longer label ('빅데이터 캠퍼스 운영'): no measure, year, operation or question word of its own."""
    m = _BARE_NAME.match(f.text)
    if not m or f.metrics or f.years or f.op != "lookup" or f.conditions or len(f.text.split()) > 3:
        return None
    name = m.group(1).strip()
    if _ASK_WORD.search(compact(name)) or len(compact(name)) < 3 or not vocab.in_corpus(name):
        return None
    own = own_words(f, vocab)  # ('서울AI재단' is read as 서울 + AI + 재단: one name the reports print whole)
    return name if 1 <= len(own) <= 2 or (len(own) <= 3 and compact("".join(own)) == compact(name)) else None


def _swapped(f: Frame, prev: Turn, vocab: Vocabulary) -> str | None:
    """'서울기록원은?' after '데이터센터 밑에 과 뭐뭐 있어?': the previous question with the one name of the same kind
    replaced, so every word of it that the frame has no slot for ('밑에 과 뭐뭐') is kept. Only for a follow-up that
    is a bare name (no measure, operation or other words of its own) and a previous question that wrote one name
    of that kind."""
    p = prev.frame
    name = bare_name(f, vocab) if not (f.units or f.rows or f.terms or f.parts or f.projects) and p.metrics else None
    named_before = [x for x in (*p.units, *p.rows, *p.terms) if x in prev.text]
    if name and len(named_before) == 1 and compact(name) not in compact(prev.text):
        # '빅데이터 캠퍼스는?' after '열린데이터광장 운영 원인행위 집행률?': the last question, of the name said (which the
        # index holds only inside a longer label)
        return prev.text.replace(named_before[0], name, 1)
    if f.metrics or f.years or f.op not in ("lookup", "define") or own_words(f, vocab) or len(f.text.split()) > 3:
        return None
    org = _org_named(f) or (sorted(vocab.orgs)[0] if vocab.orgs and OUR_BUREAU.search(f.text) else None)
    if org and not (f.units or f.rows or f.parts or f.projects) and len(p.units) == 1 and p.units[0] in prev.text \
            and f.op == "lookup" and p.metrics:
        return prev.text.replace(p.units[0], org, 1)  # '국 전체는?' after '정보통신과 집행률?': the bureau's figure
    if f.op == "define" and prev.frame.op != "define":
        return None  # '근데 메타데이터가 뭐야?' after a figure: a definition of its own, not the last question again
    for now, before in ((f.units, p.units), (f.rows, p.rows), (f.terms, p.terms), (f.parts, p.parts)):
        if len(now) != 1 or len(before) != 1 or compact(now[0]) == compact(before[0]):
            continue
        if sum(map(len, (f.units, f.rows, f.terms, f.parts))) + len(f.projects) != 1:
            return None
        if before[0] in prev.text:
            return prev.text.replace(before[0], now[0], 1)
        span = _said_span(prev.text, before[0])  # '서울기록원 컨퍼런스룸 사용료 수입' for '서울기록원 시설(컨퍼런스룸) …'
        return prev.text.replace(span, now[0], 1) if span else None
    said = _BARE_NAME.match(f.text)
    if said and not (f.parts or p.parts) and sum(map(len, (f.units, f.rows, f.terms))) + len(f.projects) == 1 \
            and len(named_before) == 1 and not (AMONG.search(f.text) or PLACE.search(f.text) or THING.search(f.text)) \
            and not any(_row_under(r, u, vocab) for r in f.rows for u in p.units):  # ('일반회계는?': that unit's row)
        # '서울AI재단은?' (an organisation's row) after '서울기록원 연구직 몇 명?' (a unit): names of two kinds, the
        # last question asked of the name as said; when the unit was said as part of the row the last answer cited
        # ('서울기록원 컨퍼런스룸 사용료 수입'), the whole row as said is replaced
        for c in prev.citations[:1]:
            span = _said_span(prev.text, (c.row_path or "").split(">")[-1].strip()) if c.row_path else None
            if span and named_before[0] in span:
                return prev.text.replace(span, said.group(1).strip(), 1)
        return prev.text.replace(named_before[0], said.group(1).strip(), 1)
    return None


SIBLING_REACH = 8  # lines apart two parallel lines may stand (schedule items, table rows, listed fields)
_SIDE = re.compile(r"\s*(?:쪽|경우|거|것)$")


def _word_key(w: str) -> str:
    return compact(re.sub(r"(?:은|는|이|가|을|를|의|도|에|에서|엔|에는|으로|로|이랑|랑|하고|와|과)$", "", w.strip("?,.!")))


ALIGNED_CHARS = 2  # letters two parallel lines must share right before or right after the two names


def _span(line: str, words: Sequence[str]) -> tuple[int, int] | None:
    """Where a line prints words in order (from the first's start to the last's end), else None."""
    start = line.find(words[0])
    if start < 0:
        return None
    end = start + len(words[0])
    for w in words[1:]:
        k = line.find(w, end)
        if k < 0:
            return None
        end = k + len(w)
    return start, end


def _aligned(line_a: str, words_a: Sequence[str], line_b: str, words_b: Sequence[str]) -> bool:
    """Whether two lines print two names in the same frame: the same letters right after them ('구축:' in
    '…대표누리집재해복구구축:' and '…백업장비확대구축:') or right before them ('AI' in 'AI안전망조성', 'AI약자와의동행')."""
    sa, sb = _span(line_a, words_a), _span(line_b, words_b)
    if sa is None or sb is None:
        return False
    after_a, after_b = line_a[sa[1]:], line_b[sb[1]:]
    before_a, before_b = line_a[:sa[0]], line_b[:sb[0]]
    return after_a[:ALIGNED_CHARS] == after_b[:ALIGNED_CHARS] and len(after_a) >= ALIGNED_CHARS or (
        len(before_a) >= ALIGNED_CHARS and before_a[-ALIGNED_CHARS:] == before_b[-ALIGNED_CHARS:])


def _sibling_swapped(f: Frame, prev: Turn, vocab: Vocabulary) -> str | None:
    """'백업장비 확대 구축은?' after '대표누리집 재해복구 구축 언제 해?': the name asked stands on a line printed near one
    that holds part of the last question ('원격지 온라인 백업장비 확대 구축 : 2026. 10. ~ 12.' under '서울시 대표누리집
    재해복구 구축 : 2026. 9. ~ 12.'), the two sharing the rest ('구축'): the last question with that part replaced by
    the new name, so its other words ('구축 언제 해') are kept. For table rows as well ('CCTV 설치사업 보조금 발생이자'
    → '사물인터넷 도시조성 보조금 발생이자'). None unless one run of the last question's words differs."""
    m = _BARE_NAME.match(f.text)
    if not m or f.metrics or f.years or f.op != "lookup" or f.conditions or len(f.text.split()) > 4 \
            or _PRONOUNS.search(f.text) or AMONG.search(f.text):
        return None
    name = _SIDE.sub("", m.group(1).strip())
    prev_words = prev.text.split()
    prev_keys = [_word_key(w) for w in prev_words]
    asked = {k for k in prev_keys if k}
    core = [k for k in (_word_key(w) for w in name.split()) if k and k not in asked]
    if not core or _ASK_WORD.search(compact(name)) or any(len(k) < 2 for k in core):
        return None
    lines = vocab.derived("corpus_lines", lambda: vocab.corpus_key.split("\n"))
    usable = [bool(k) and len(k) >= 2 and not _ASK_WORD.match(k) and not _YEAR_TOKEN.match(k) for k in prev_keys]
    best: tuple[int, int, int, int] | None = None  # (-run length, distance, run start, run end)
    for i, line in enumerate(lines):
        if not all(k in line for k in core):
            continue
        for j in range(max(0, i - SIBLING_REACH), min(len(lines), i + SIBLING_REACH + 1)):
            other = lines[j]
            if j == i or any(k in other for k in core):
                continue
            only = [u and k in other and k not in line for k, u in zip(prev_keys, usable)]
            shared = any(u and k in other and k in line for k, u in zip(prev_keys, usable))
            if not shared or sum(only) == 0:
                continue  # the two lines must share the rest of the question (else it is a name of its own)
            runs, start = [], None
            for n, ok in enumerate([*only, False]):
                if ok and start is None:
                    start = n
                elif not ok and start is not None:
                    runs.append((start, n))
                    start = None
            if len(runs) != 1:
                continue
            a, b = runs[0]
            if not _aligned(other, prev_keys[a:b], line, core):
                continue  # the two lines must print the two names in the same place ('… 구축 :', '| … 보조금 발생이자 |')
            cand = (-(b - a), abs(j - i), a, b)
            if best is None or cand < best:
                best = cand
    if best is None:
        return None
    _, _, a, b = best
    tail = re.match(r"^[가-힣A-Za-z0-9·()]+?((?:은|는|이|가|을|를|의|도|에|에서)?[?,.!]*)$", prev_words[b - 1])
    ending = tail.group(1) if tail and _word_key(prev_words[b - 1]) != compact(prev_words[b - 1].strip("?,.!")) else ""
    words = [*prev_words[:a], " ".join(w for w in name.split() if _word_key(w) in core) + ending, *prev_words[b:]]
    return " ".join(words)


def _as_said(row: str, prev: Turn) -> str:
    """A row label as the previous question wrote it, when it wrote only part of it ('엠보팅' for '엠보팅 서비스 운영',
    the row its answer named): the previous question's words that the label prints, in order; the label otherwise."""
    key = compact(re.sub(r"[()]", "", row))
    said = []
    for w in prev.text.split():
        whole = compact(w.strip("?,.!"))
        k = whole if whole in key else compact(re.sub(r"(?:은|는|이|가|을|를|의|도|에|에서)$", "", w.strip("?,.!")))
        if len(k) >= 2 and k in key and not _ASK_WORD.search(k):
            said.append(k)
    text = " ".join(said)
    return text if said and compact(text) != key else row


def _said_span(text: str, label: str) -> str | None:
    """The run of the question's words that names a label in words of its own ('서울기록원 컨퍼런스룸 사용료 수입' for
    '서울기록원 시설(컨퍼런스룸) 사용료 수입'): consecutive words, each printed in the label (particles aside), two or
    more of them; None when the words naming it are not one run."""
    key = compact(re.sub(r"[()]", "", label))
    words = text.split()
    inside = [bool(w2) and w2 in key for w2 in (compact(re.sub(r"(?:은|는|이|가|을|를|의|도)$", "", w)) for w in words)]
    runs, start = [], None
    for i, ok in enumerate([*inside, False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append((start, i))
            start = None
    runs = [r for r in runs if r[1] - r[0] >= 2]
    if len(runs) != 1:
        return None
    a, b = runs[0]
    return " ".join(words[a:b])


_BUDGET_COLUMN = re.compile(r"최종\s*예산|당초\s*예산|예산\s*현액")
_NAME_KINDS = {"department", "row", "team", "project", "org", "glossary", "alias", "part", "unit"}
_ASK_WORD = re.compile(r"몇|얼마|언제|어디|누구|누가|뭐|무엇|무슨|어떻게|어때|어떤|있어|있나|있지|있죠|있잖|맞")
_YEAR_TOKEN = re.compile(r"^(?:20\d{2}|['’]?\d{2})\s*년|^20\d{2}$|^올해|^작년|^재작년|^금년|^지난해|^\d{1,2}월")
_REQUEST = re.compile(r"알려|보여|말해|줘|주세요|주십시오|설명")


@dataclass
class _Tokens:
    """A question's words, each marked as naming what it is about (its subject) or as a year."""

    words: list[str]
    subject: list[bool]
    year: list[bool]

    def subject_words(self) -> list[str]:
        return [w for w, s in zip(self.words, self.subject) if s]

    def year_words(self) -> list[str]:
        return [w for w, y in zip(self.words, self.year) if y]


def _tokens(text: str, vocab: Vocabulary) -> _Tokens:
    """The question's words; a word is subject when it holds a linked name or a content word no cue explains."""
    from app.engine.parse import parse

    f = parse(text, vocab)
    spans = [(lk.start, lk.end) for lk in (f.linked.links if f.linked else []) if lk.kinds & _NAME_KINDS]
    own = [compact(w) for w in own_words(f, vocab)]
    from app.engine.lexicon import raw_lexicon

    cues = [compact(c) for c in raw_lexicon().get("listed_items", {}).get("cues", [])]
    titles = [compact(e.text) for e in f.projects]  # a project named by its words, not by a link
    words = f.text.split()
    out = _Tokens(words, [], [])
    pos = 0
    for w in words:
        c = compact(w)
        a, b = pos, pos + len(c)
        pos = b
        is_year = bool(_YEAR_TOKEN.match(w))
        core = re.sub(r"(?:은|는|이|가|을|를|의|에|에서|에는|엔|도|랑|이랑|하고)$", "", c)
        named = any(x < b and a < y for x, y in spans) or (len(core) >= 2 and any(core in t for t in titles))
        mine = any(o and o in c for o in own)
        out.year.append(is_year)
        listed = any(q and q in c for q in cues)  # '행감', '지적사항': which list, not what in it
        out.subject.append((named or mine) and not is_year and not listed and not _ASK_WORD.match(c))
    return out


def _ask_tail(text: str) -> str:
    """The words from the first question word on ('몇 대로 잡혀 있었어?'), or ''."""
    m = _ASK_WORD.search(text)
    if not m:
        return ""
    start = text.rfind(" ", 0, m.start()) + 1
    return text[start:].strip()


_COUNTER = re.compile(r"몇\s*(?:개\s*)?(기관|곳|개소|대|명|건|종|개|회|팀|가구)")


def _counter_of(text: str) -> str | None:
    """The counter a question asks its count in ('몇 개 기관' → '기관'), or None."""
    m = _COUNTER.search(text)
    return m.group(1) if m else None


def _report_named_at(words: Sequence[str]) -> int | None:
    """The index of a year word right before a report word ('2025 보고서에', '25년 업무보고'), or None."""
    for i, w in enumerate(words[:-1]):
        if _YEAR_TOKEN.match(w) and re.match(r"(?:주요|현안)?\s*(?:업무)?보고", words[i + 1]):
            return i
    return None


_SHARE_OF_IT = re.compile(r"^\s*(?:그것|그게|그거|이것|이게|이거)(?:이|가|은|는)?\s")
_OF_WHOLE = re.compile(r"(?:에서|중에서|중|대비)\s*(?:차지|비율|비중|몇\s*(?:퍼센트|%|프로))")


def _share_of_it(f: Frame) -> bool:
    return f.op == "ratio" and bool(_SHARE_OF_IT.search(f.text)) and bool(_OF_WHOLE.search(f.text))


def _share_of_it_in(f: Frame, prev: Turn) -> str | None:
    """'그것이 디지털정책과 전체 예산현액에서 차지하는 비율은?' after a table row's figure ('서울AI재단 출연 예산현액'):
    the standalone share of that row in the one unit the follow-up names; None otherwise."""
    p = prev.frame
    if not _share_of_it(f) or len(f.units) != 1 or f.rows or f.projects or not p.rows:
        return None
    metric = next((m for m in (f.metrics or p.metrics) if m not in ("ratio",)), None)
    word = {"budget": "예산현액", "staff": "현원", "authorized": "정원"}.get(metric or "budget", "예산현액")
    lead = _lead(p)
    return re.sub(r"\s+", " ", f"{lead} {' '.join(p.rows)} {josa(word, '이/가')} {f.units[0]} {word}에서 "
                              f"차지하는 비율은?").strip()


def _lead(f: Frame) -> str:
    if f.report_year and (not f.years or f.years == [f.report_year]):
        return f"{f.report_year}년 보고서 기준"
    return " ".join(f"{y}년" for y in f.years)


def _part_of_quoted(f: Frame, prev: Turn, vocab: Vocabulary) -> str | None:
    """'그중 감리비는?' after an answer that quoted lines: the last question's subject, '중', and the part asked; None
    unless the follow-up names only words of its own (no unit, row or project of the index) beside 'among'."""
    led_by_quote = prev.quoted or bool(prev.citations and not getattr(prev.citations[0], "value", None))
    # ('그중 펠로우십 비중은?' after a project's budget bullet '808백만원(핵심사업 컨설팅 688, 펠로우십 120)': a share
    # of that bullet's whole, asked of the same subject)
    share_of_bullet = f.op == "ratio" and prev.project is not None
    if not ((led_by_quote or share_of_bullet) and AMONG.search(f.text)) or f.units or f.rows or f.parts or f.projects \
            or f.op not in ("lookup", "ratio"):
        return None
    if not own_words(f, vocab):
        return None
    ask = _ask_tail(prev.text)
    body = prev.text[: len(prev.text) - len(ask)].strip() if ask else prev.text.strip()
    body = re.sub(r"(?:\s+(?:총|전체|모두|다|전부))+$", "", body)  # 'SDA 사업예산 총 얼마야?': not the total asked now
    rest = _CONNECTORS.sub("", AMONG.sub(" ", f.text)).strip()
    rest = re.sub(r"^(?:에서|에)\s+", "", rest)  # '그 중에 …': the particle went with '그 중'
    return re.sub(r"\s+", " ", f"{body} 중 {rest}").strip() if body and rest else None


def _on_quoted_text(f: Frame, prev: Turn, vocab: Vocabulary) -> str | None:
    """A follow-up of a question the reports answered by a quoted line (no table cell), written out on that question's
    own words, since no slot holds what it was about:
    - another year or report ('25년 업무보고엔 신설 몇 대로 잡혀 있었어?'): the last question in that year, with
      the follow-up's own new words and its question;
    - a bare name ('행정지원 AI 에이전트는?'): the last question with its subject words replaced by the name (only
      the word of the same ending, '2등급' → '3·4등급', when one word shares it);
    - a new measure of the same subject ('만족도는 몇 점 나왔어?'): the last question's subject, its year, and the
      follow-up."""
    same_count = f.op == "count" and _counter_of(f.text) is not None and _counter_of(f.text) == _counter_of(prev.question)
    if _PRONOUNS.search(f.text) or AMONG.search(f.text) or BOTH.search(f.text) or (
            f.op not in ("lookup", "when", "where") and not same_count):
        # ('근데 메타데이터가 뭐야?': a definition names its own term; '25년엔 몇 개 기관이라고 돼 있어?' after '… 몇 개
        # 기관까지 늘린대?': the quoted count asked again, not a count of table rows)
        return None
    toks = _tokens(prev.text, vocab)
    subject = toks.subject_words()
    if not subject:
        return None
    named_now = bool(f.units or f.rows or f.parts or f.projects or f.terms)
    own = own_words(f, vocab)
    words = f.text.split()
    if f.year_explicit and not named_now and not prev.listed_cue:  # ('2024 행감': the year names the list)
        new = [w for w in own if compact(w) not in compact(prev.text)]
        base = [w for w, y in zip(toks.words, toks.year) if not y]
        lead = _lead(f)
        at = _report_named_at(toks.words)
        if at is not None and not any(y in vocab.report_years for y in f.years) and f.report_year is None:
            # '2024년 실적은?' after '2025 보고서에 … 올해 신설 계획 …': no report of 2024, so the year is a record
            # the report asked before prints ('24년 실적'): that report kept, the year asked after it
            base = [w for i, (w, y) in enumerate(zip(toks.words, toks.year)) if not y or i == at]
            base.insert(base.index(toks.words[at]) + 2, lead)
            lead = ""
        tail = _ask_tail(f.text)
        body = " ".join(base)
        ask = _ask_tail(body)
        if tail and ask:
            body = body[: len(body) - len(ask)].strip()
        return re.sub(r"\s+", " ", f"{lead} {body} {' '.join(new)} {tail or ''}").strip()
    asks = bool(_ASK_WORD.search(compact(f.text)))
    quoted = compact(" ".join(q for _, _, q in prev.cited))
    beside = bool(own) and not named_now and all(compact(w) in quoted for w in own)
    if (f.metrics or beside) and not f.year_explicit and not named_now and len(own) <= 1 and len(words) <= 4:
        # '만족도는?' after a quoted '방문인원 : 72,737명 … 만족도 95.3점': a measure printed beside the last subject
        # '방문인원은?' after '… 디지털동행플라자 몇 개소 운영 중': another measure of what the last question was about
        return re.sub(r"\s+", " ", " ".join(toks.year_words() + subject + [f.text])).strip()
    if f.year_explicit or f.metrics:
        return None
    if not asks and f.op == "lookup" and not named_now and not own and len(words) <= 2:
        # '3·4등급은?' after '… 2등급 시스템 뭐뭐야?': the one earlier word of the same ending, replaced
        core = re.sub(r"(?:은|는|이|가|요|은요|는요)?\s*[?？.]*$", "", f.text.strip())
        tail = compact(core)[-2:]
        same = [i for i, w in enumerate(toks.words) if len(tail) == 2 and compact(w) != compact(core)
                and re.sub(r"(?:은|는|이|가|을|를|의|에|에서|으로|로|도|만)$", "", compact(w)).endswith(tail)]
        if len(same) == 1 and re.search(r"\d", core):
            out = list(toks.words)
            out[same[0]] = core
            return " ".join(out)
    if not asks and f.op == "lookup" and not _REQUEST.search(f.text) and len(words) <= 5 and (named_now or own):
        phrase = re.sub(r"(?:은|는|이|가|요|은요|는요)?\s*[?？.]*$", "", f.text.strip())
        head = compact(words[-1])[-2:] if words else ""
        same = [i for i, (w, s) in enumerate(zip(toks.words, toks.subject)) if s and len(head) == 2
                and re.sub(r"(?:은|는|이|가|을|를|의|에|에서)$", "", compact(w)).endswith(
                    re.sub(r"(?:은|는|이|가)$", "", compact(phrase))[-2:])]
        if len(same) == 1:
            i = same[0]
            out = toks.words[:i] + [phrase] + toks.words[i + 1:]
        else:
            first = toks.subject.index(True)
            out = toks.words[:first] + [phrase] + [w for w, s in zip(toks.words[first:], toks.subject[first:]) if not s]
        return re.sub(r"\s+", " ", " ".join(out)).strip()
    if asks and 1 <= len(own) <= 2 and not named_now:
        return re.sub(r"\s+", " ", " ".join(toks.year_words() + subject + [f.text])).strip()
    return None


_DEMONSTRATIVE = re.compile(r"(?:(?:아까|앞에|앞의|위의?)\s*)?(?<![가-힣])(?:그|저)\s+([가-힣A-Za-z]{2,}?)"
                            r"(?:은|는|이|가|을|를|의|에서|엔|에)?(?=\s|$|[?？])")
_BARE_PRONOUN = re.compile(r"(?<![가-힣])(?:그거|그것|그게|그건|그걸|거기|그곳|걔네|걔|이거|이것)(?:는|은|의|에서|서|에|이|가|를|을)?\s*")


def _pronoun_on_text(f: Frame, prior: Sequence[Turn], vocab: Vocabulary) -> str | None:
    """A pronoun read on the words of the question it points at, when that question named no unit, row or project
    of the index (its subject is in its own words: '인구주택총조사', '복지대상자 모바일 자격확인'):
    - '그 시스템', '아까 그 사업': the latest earlier question that has that noun;
    - '거기', '그거', '걔네': the last question.
    The pronoun is replaced by that question's subject words; None when the slots carry the reference instead."""
    m = _DEMONSTRATIVE.search(f.text)
    if m and not re.fullmatch(r"중|가운데|다음|외|밖|동안|때|후|전|결과|정도", m.group(1)):
        noun = compact(m.group(1))
        target = next((t for t in reversed(prior) if noun in compact(t.question) or noun in compact(t.text)), None)
        span = m
    else:
        target, span = prior[-1], _BARE_PRONOUN.search(f.text)
    if target is None or span is None:
        return None
    if target is prior[-1] and (not (target.quoted or target.refused) or target.items):
        return None  # a figure or a list answered the last question: the slots (and its focus) carry the reference
    p = target.frame
    if (p.units or p.rows or p.projects or (p.parts and not target.quoted)) and target is prior[-1]:
        return None  # the slots say what it was about (a column's name in a quoted answer's question did not:
        # '행감 … 지적 있었지?' names no column of the headcount table)
    subject = _tokens(target.text, vocab).subject_words()
    if not subject:
        return None
    words = " ".join(subject)
    text = f.text[:span.start()] + words + " " + f.text[span.end():]
    return re.sub(r"\s+", " ", _CONNECTORS.sub("", text)).strip()


# the units a unit is made of, asked of the one the last turn named ('거기 과는 어떻게 나뉘어 있어?')
_UNITS_ASKED = re.compile(r"(?:과|팀)(?:은|는|이|가|들|로|으로)?\s*(?:어떻게|어떤|몇\s*개로)")


def _statuses() -> dict[str, list[str]]:
    """The printed item list's statuses and the words that name each (lexicon `listed_items.status`)."""
    from app.engine.lexicon import raw_lexicon

    return raw_lexicon().get("listed_items", {}).get("status", {})


def _status_named(f: Frame) -> str | None:
    """The status of the printed item list a follow-up names ('추진중은?' → '추진중'), or None."""
    return next((k for k, ws in _statuses().items() if any(compact(w) in f.key for w in ws)), None)


def _status_swapped(f: Frame, prev: Turn) -> str | None:
    """The last question with its status word replaced by the one the follow-up names alone ('추진중은?'), when the
    follow-up says nothing else of its own; None otherwise."""
    asked = _status_named(f)
    if asked is None or len(f.text.split()) > 2:
        return None
    for ws in _statuses().values():
        for w in sorted(ws, key=len, reverse=True):
            m = re.search(re.escape(w) + r"(?:된|인|한|하는)?\s*(?:거|것|건|항목)?(?=\s|$|은|는|이|가)", prev.text)
            if m:
                return re.sub(r"\s+", " ", prev.text[:m.start()] + asked + " " + prev.text[m.end():]).strip()
    return None


def _rewritten(f: Frame, prev: Turn, merged: Frame, vocab: Vocabulary) -> str | None:
    """The follow-up written out by substitution, when the slots cannot carry the question:
    - only the year or report changes and the previous question named no index entry ('2026년 세입 예산현액 총계' →
      '2025년 보고서에서는요?'): the previous question with the new year;
    - a pronoun stands for the previous subject and the follow-up has words of its own ('거기 모빌랙 설치 일정은?'):
      the follow-up with the pronoun replaced by that subject."""
    p = prev.frame
    if prev.listed_cue and not _listed_cue(f) and not f.projects and f.op != "who" and (
            AMONG.search(f.text) or f.op in ("count", "list") or f.claim_status or _status_named(f)):
        # '그중 완료된 거 빼면 나머지 몇 건?' after the audit results: the same list, the follow-up's own words kept
        swapped = _status_swapped(f, prev)
        if swapped:  # '추진중은?' after '… 시정·처리요구사항 중 완료된 거 몇 건?': the same question, the new status
            return swapped
        years = " ".join(str(y) for y in (f.written_years() or p.written_years()))
        body = _CONNECTORS.sub("", AMONG.sub(" ", f.text))
        return re.sub(r"\s+", " ", f"{years} {prev.listed_cue} {body}").strip()
    named_prev = bool(p.units or p.rows or p.parts or p.projects or p.terms)
    named_now = bool(f.units or f.rows or f.parts or f.projects or f.terms)
    year_only = f.year_explicit and not named_now and not f.metrics and f.op in ("lookup",) and not own_words(f, vocab)
    if year_only and not named_prev:
        base = _YEAR_WORDS.sub(" ", prev.text)
        years = " ".join(f"{y}년" for y in f.years)
        lead = f"{f.report_year}년 보고서 기준" if f.report_year else years
        return re.sub(r"\s+", " ", f"{lead} {base}").strip()
    own = own_words(f, vocab)
    short = len(f.text.split()) <= 4 and 1 <= len(own) <= 2 and not named_now and not (p.units or p.rows or p.parts)
    if short and not _PRONOUNS.search(f.text) and prev.cited:
        # '교체는?' after '… 신설 몇 대야?' whose answer quoted '신설 1,880대, 교체 3,313대': the sibling the quoted line
        # prints beside the word asked before, in the previous question's place
        quote = " ".join(q for _, _, q in prev.cited[:2])
        counted = re.compile(r"\s*[:：(]?\s*\d")
        if all(w in quote and counted.match(quote[quote.find(w) + len(w):]) for w in own):
            for w in re.findall(r"[가-힣A-Za-z]{2,}", prev.text):
                k = re.sub(r"(?:은|는|이|가|을|를|의|에|엔|에는|도)$", "", w)
                if k not in own and len(k) >= 2 and k in quote and counted.match(quote[quote.find(k) + len(k):]):
                    text = prev.text.replace(k, " ".join(own), 1)
                    if f.year_explicit:
                        text = " ".join(f"{y}년" for y in f.years) + " " + _YEAR_WORDS.sub(" ", text)
                    return re.sub(r"\s+", " ", text).strip()
    if short and f.year_explicit and not _PRONOUNS.search(f.text) and re.search(r"몇|얼마", f.text) \
            and re.search(r"(?:몇|얼마)[^?]*\??\s*$", prev.text):
        # '2025년 계획은 몇 대였지?' after 'CCTV 신설 2026년엔 몇 대 해?': the same question, in that year, with its words
        base = _YEAR_WORDS.sub(" ", prev.text)
        base = re.sub(r"\s*(?:몇|얼마)[^?]*\??\s*$", "", base)
        ask = re.search(r"(?:몇|얼마)[^?]*\??\s*$", f.text)
        years = " ".join(f"{y}년" for y in f.years)
        return re.sub(r"\s+", " ", f"{years} {base} {' '.join(own)} {ask.group(0) if ask else ''}").strip()
    if not own and _PRONOUNS.search(f.text) and (re.search(r"몇|얼마|언제|어디|누구|뭐|무엇", f.text) or _UNITS_ASKED.search(f.text)) \
            and not (f.units or f.rows or f.parts or f.projects or f.terms or f.metrics):
        # '그거 몇 대로 늘려?' after '… EDR 시스템 확대 설치 얘기 있던데': the pronoun stands for the words the last
        # question was about (its own words when the index names none of them), the rest of the question kept
        passage = f.op in ("when", "where", "status") or (f.op == "lookup" and not merged.metrics)
        rows = [_as_said(r, prev) for r in merged.rows] if passage else merged.rows
        named = " ".join([*merged.units, *rows, *(e.text for e in merged.projects)])
        prev_named = bool(p.units or p.rows or p.parts or p.projects or p.terms)
        subject = (named if prev_named else " ".join(own_words(p, vocab)[:4])) or named
        if subject:
            body = _PRONOUNS.sub(subject + " ", _CONNECTORS.sub("", f.text), count=1)
            return re.sub(r"\s+", " ", body).strip()
    if own and _PRONOUNS.search(f.text):
        rows = list(merged.rows)
        if f.op in ("when", "where", "status") or (f.op == "lookup" and not merged.metrics):
            # '그거 누리집 오픈 언제야?' after '엠보팅 예산 얼마야?': a passage is asked; the row as the asker named it
            # ('엠보팅'), not its table label ('엠보팅 서비스 운영'), whose other words the passage need not print
            rows = [_as_said(r, prev) for r in rows]
        subject = " ".join([*merged.units, *rows, *(e.text for e in merged.projects)]) or " ".join(p.terms)
        if not subject:
            subject = prev.text.split()[0] if prev.text.split() else ""
        body = _CONNECTORS.sub("", f.text)
        body = _PRONOUNS.sub(subject + " ", body, count=1)
        return re.sub(r"\s+", " ", body).strip()
    return None
