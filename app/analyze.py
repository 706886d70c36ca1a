"""Question analysis: intent, years, departments, line items and columns, using the index's own vocabulary.

`analyze(question, vocab)` is pure given a `Vocab` (see app/vocab.py); the Kiwi tokenizer is only used to
find the question's content nouns (for item matching and the abstention check).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from app.lookup import CONCEPTS, concept_matches
from app.vocab import Vocab, compact, nfc
from app.engine.lexicon import raw_lexicon
from app.engine.text import YEAR2, year2_of

# --- intent -----------------------------------------------------------------------------------------
FIGURE_INTENTS = ("figure", "change", "rate")
TEXT_INTENTS = ("schedule", "list", "definition", "audit", "narrative")

_INTENT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("audit", re.compile(r"행감|행정사무감사|감사|지적(?!직|렬|\s*(?:공무원|인원|현원|정원|몇\s*명|직원|사람|인력|쪽))|요구사항|건의|처리결과|조치결과|조치")),
    ("definition", re.compile(r"뭐야|뭔가요|뭔지|무엇인가|무슨뜻|뜻은|뜻이|뜻\??$|의미|정의|이란\??$|란\??$|설명해|개념|뭐라고|동작|뭐가달라|차이가뭐")),
    ("schedule", re.compile(r"일정|언제|기간|시기(?!구)|스케줄|마감|완료예정|오픈|개시|며칠부터|며칠까지|몇일부터|몇일까지")),
    # '원인행위는 얼마나 됐어': how far the commitment has gone, i.e. its amount against the budget (the rate)
    ("rate", re.compile(r"집행률|집행율|집행비율|지출|썼|쓴|(?:다|전부|많이|얼마나)씀|나갔|소진|집행(?!액)|원인행위[가-힣]{0,2}얼마나(?:됐|되었|돼|진행|이뤄|이루어)")),
    ("change", re.compile(r"증감|늘었|줄었|늘어|줄어|불어|감소|증가|차이|비교|대비|변화|변동|변했|변한|바뀌었|바뀐|달라졌|작년보다|전년보다|올해와|보다얼마|달라|다른가|같아|보다.{0,6}(?:많|적)")),
    ("figure", re.compile(r"예산|정원|현원|인원|사람수|직원수|몇명|금액|얼마|수입|세입|세출|원인행위|집행액|사업비|총액|합계")),
    ("list", re.compile(r"목록|종류|리스트|어떤것|어떤게|무엇무엇|뭐뭐|나열|어떤사업|어떤팀|몇개")),
]

# --- columns ----------------------------------------------------------------------------------------
# canonical column concepts the question can ask for; app/lookup.py decides which record columns match
_COLUMN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("정원", re.compile(r"정원")),
    ("현원", re.compile(r"현원|인원|사람수|직원수|몇명|근무자")),
    # '원인행위는 얼마나 됐어': the amount committed, unless it names the basis of a rate ('원인행위 기준 집행률')
    # ('원인행위액 비율': the everyday '계약 걸어 놓은 비율' read word for word, the commitment rate)
    ("원인행위액", re.compile(r"원인행위액(?!\s*(?:비율|퍼센트|몇\s*%))|원인행위(?![가-힣]{0,6}(?:집행률|집행율|률|율|기준|대비))"
                             r"|집행액|집행금액|집행된금액")),
    ("지출액", re.compile(r"지출")),
    ("집행률", re.compile(r"집행률|집행율|집행비율|얼마나썼|소진|집행(?!액)|원인행위액\s*(?:비율|퍼센트|몇\s*%)")),
    ("증감액", re.compile(r"증감|늘었|줄었|늘어|줄어|감소|증가|차이|변화|변동|변했|변한|바뀌었|바뀐|달라졌")),
    ("과부족", re.compile(r"과부족|모자라|모자랐|부족|초과")),
    ("예산현액", re.compile(r"예산|예산액|예산현액|최종예산|사업비|금액|수입|세입|세출")),
]

# the part of a budget not yet committed or spent ('원인행위 안 된 금액', '아직 안 쓴 예산', '미집행액')
_REMAINDER = re.compile(r"(원인행위|집행|지출|쓰|사용|계약)(?:가|이|를|을|는|도)?(?:아직)?(?:안된|안한|안쓴|안됐|안했|되지않은|하지않은|"
                        r"못한|안되|안하|안걸린|안걸렸|안맺은|안잡힌|안잡혔|안잡은|안나간)|미집행|미지출|안지출|집행잔액|아직안쓴|안(?:쓴|쓰인|나간)(?:돈|금액|예산)|"
                        r"남은(?:돈|금액|예산)")
_SPENT_WORDS = re.compile(r"지출|쓰|쓴|사용|나간|남은돈")
# a commitment said to be made already ('원인행위는 해놨는데', '계약은 다 걸었다던데'): what is left unpaid is of it
_COMMITTED_FIRST = re.compile(r"(?:원인행위|계약)(?:은|는|이|가|을|를|도)?(?:다|전부|모두)?"
                              r"(?:해놨|해놓|해뒀|해두|했|됐|되었|돼있|되어있|걸어놨|걸어놓|걸어뒀|걸었|걸렸|걸려|잡혀|맺었|맺어)")


def remainder_minuend(key: str) -> str:
    """What a remainder is taken from: '원인행위액' when the question says the commitment is made and asks what is
    not yet paid out ('원인행위는 해놨는데 아직 돈이 안 나간 금액': 원인행위액 − 지출액), else '예산현액'."""
    return "원인행위액" if remainder_basis(key) == "지출액" and _COMMITTED_FIRST.search(key) else "예산현액"


_SHARE = re.compile(r"비중|차지하|점유율|구성비")


def asks_column_word(term: str, columns: Sequence[str]) -> bool:
    """The term is the question's word for one of its asked column concepts ('부족' → 과부족)."""
    return any(name in columns and pat.fullmatch(term) for name, pat in _COLUMN_PATTERNS)


def remainder_spans(key: str) -> list[tuple[int, int]]:
    """Where a compact question asks for the budget left over ('아직계약안걸린돈', '미집행액')."""
    spans = [m.span() for m in _REMAINDER.finditer(key)]
    if spans and remainder_minuend(key) == "원인행위액":  # ('계약은 다 걸었는데': the commitment the remainder is of)
        spans += [m.span() for m in _COMMITTED_FIRST.finditer(key)]
    return spans


def remainder_verb(basis: str) -> str:
    """How an answer says a remainder is not yet used: '지출되지' (after 지출액), else '원인행위되지'."""
    return "지출되지" if basis == "지출액" else "원인행위되지"


def remainder_basis(key: str) -> str | None:
    """'원인행위액' or '지출액' when the question asks for the budget left over, else None."""
    m = _REMAINDER.search(key)
    if m is None:
        return None
    # '아직 안 나간 돈', '예산현액에서 지출액 빼서': money paid out, wherever the question says it; else committed
    return "지출액" if _SPENT_WORDS.search(m.group(0)) or re.search(r"지출", key) else "원인행위액"


# words of the question itself, never entities that must be found in the corpus
GENERIC = frozenset(
    """작년 올해 금년 내년 전년 전년도 재작년 행사 개최 시기 기구 주체 포함 여부 절차 총계 실제 그중 이중 정리 추이 흐름 분기 1분기 감소액 증가액 증액 감액 감소폭 증가폭 지난해 이번 얼마 얼마나 인원 사람 직원 수 행감 일정 현황 내용 건 것 뭐 무엇 어디 언제
    관련 부분 금액 수치 숫자 총액 합계 전체 비교 차이 변화 대비 정도 결과 상태 상황 진행 요약 설명 의미 뜻 정의 목록 종류 리스트
    질문 답 답변 몇 명 원 년 월 일 개 해 때 중 간 측 쪽 등 및 기준 각각 각 최근 현재 지금 당시 가장 어떤 무슨 어느 누구 경우 이유
    예산 예산액 예산현액 정원 현원 지출 지출액 집행 집행액 집행률 집행율 원인행위 원인행위액 증감 증감액 증감률 감소 증가 비율 률 율
    천원 백만원 억 억원 만원 퍼센트 보고 보고서 문서 자료 알려 알려줘 주세요 어떻게 왜 좀 혹시 그 이 저 국 과 팀 부서 기관 사업
    최종 당초 현액 규모 금년도 년도 연도 올 작 전 후 이후 이전 처리 처리결과 조치 조치결과 지적사항 감사 행정사무감사 업무 보고서상
    보고랑 최신 대부분 증가율 감소율 증감율 개념 어느정도 얼마큼 처음 나중 날짜 시작 초과 추이 하루 우리말 공무원 랑 이랑 들 비 현안 업무보고 주요업무보고 현안보고 보고때
    편성 단위 세부 구성 계획 측면 단순 대수 기간 예정 문제 대책 요구 반영 장비 건수 금 어디서 장소 이름 근무 담당 맡 새로 직접 계산 전부 다 모두 이름 소속 어디 밑 개수 각 과별 팀별 부서별 숫자 퍼센트 비중 비율 얼마큼 만큼 어때 이후 이전 상반기 하반기 초 말 연초 연말 월말 대상 비용 예정일 소관 점수 사유 물량 수량 주기 빈도 횟수""".split()
)

# short question words mapped to the wording the reports use
ALIASES = {
    "행감": "행정사무감사",
    "인원": "현원",
    "TO": "정원",
    "티오": "정원",
    "집행액": "원인행위액",
}

AUDIT_WORDS = frozenset({"지적", "지적된", "지적사항", "감사", "행정사무감사", "요구사항", "건의", "건의사항"})
# endings that turn a corpus word into a question word: 출연금, 운영비, 지적직, 이용자수, 교체율 ...
# people by their post: a question asking who holds one wants a name printed beside the post ('과장 : 김숙희')
PERSON_TITLE = r"(?:서울시장|부시장|구청장|국장|과장|팀장|원장|소장|실장|본부장|센터장|이사장|단장|대표|담당자|책임자|위원장|담당관|주무관)"
_SUFFIXES = ("금", "비", "직", "액", "률", "율", "수", "건", "들", "님", "분", "쪽", "용", "과", "와", "랑", "이랑", "께", "원")
_DEPT_LIKE = re.compile(r"([가-힣A-Za-z]{2,}(?:과|국|팀|센터|재단|본부|사업소))(?=[은는이가의에도랑과와을를로]|\s|$|\?)")
_WANTS = [
    ("person", re.compile(PERSON_TITLE + r"(?:님)?(?:의|은|는|이|가)?(?:이름|성함|성명|누구)")),  # '국장 이름이 뭐야'
    # a time of day ('몇 시부터', '활동 시간은', '운영 시간대'): a clock time printed ('10:00~13:00', '오전')
    ("clock", re.compile(r"몇시|시간대|(?:운영|활동|이용|근무|개방|봉사|상담|교육)시간(?!이얼마|은얼마|몇)")),
    ("date", re.compile(r"언제|일정|날짜|며칠|몇월|개최일")),
    ("percent", re.compile(r"집행률|집행율|비율|비중|퍼센트|%|증감률|증감율|몇프로")),
    # how often ('얼마나 자주', '몇 번', '주기랑 횟수'): a count per period ('연1회', '월 2회', '연중') or a cycle ('1일')
    ("frequency", re.compile(r"얼마나자주|자주(?:해|하|있|열|실시)|몇번(?:씩|이나|정도)?(?:해|하|실시|열|있|돌)|몇회|횟수|빈도"
                             r"|(?:하루|일주일|한주|한달|1년|일년|매일|매주|매월)(?:에|마다)?몇번"
                             r"|(?:실시|훈련|교육|점검|회의)[가-힣]{0,2}주기")),
    ("period", re.compile(r"(?:주기|간격|소요시간)[가-힣]{0,3}(?:얼마|몇)|얼마나걸|몇개월|몇주")),  # a length of time
    ("점", re.compile(r"몇점|(?:점수|평점)(?:이|은|는|가|도)?(?:몇|얼마)")),  # a score ('평점 몇 점이야'), not money
    ("명", re.compile(r"몇명|인원|사람(?:들)?(?:이|은|는|수|도)?(?:몇|얼마|수)|정원|현원|직원수|참여자|이용자수|회원수|가입자수|사용자수|방문자수|방문객|관람객|인력"
                     r"|(?:가입자|이용자|사용자|방문자|회원)(?:가|는|은|이|도|들)?(?:얼마|몇)")),  # '가입자 얼마나 돼
    ("건", re.compile(r"몇건|건수")),
    ("대", re.compile(r"몇대|대수")),
    ("팀", re.compile(r"팀(?:개|갯)?수(?=는|가|를|도|\?|$)")),  # '팀 수는': a number of teams, not a listing
    ("과", re.compile(r"(?:과|부서)(?:개|갯)?수(?=는|가|를|도|\?|$)")),  # '과 수는': a number of 과
    ("개", re.compile(r"몇개|몇곳|몇군데|몇종|개수|몇과|몇팀")),
    ("count", re.compile(r"몇(?:식|권|회|가구|개소|척|동)")),  # '정보자원 총 몇 식': a count, never an amount
    ("units", re.compile(r"(?:과|팀)들(?:로|이|은|을)|(?:어떤|무슨)(?:과|팀)들?(?:로|으로|이|가)?(?:구성|이루어|이뤄|있|두고)"
                         r"|(?:산하|하부)[가-힣]{0,6}(?:과|팀)(?:들|\()"  # '산하에 있는 과들', '하부 조직(과)'
                         r"|(?:밑|아래|소속|산하)에?(?:있는|속한|둔)?(?:어떤|무슨)?(?:과|팀)(?:들|은|는|이|가|을|를|알려|좀|뭐|어디|$)"  # '밑에 있는 과'
                         r"|(?:과|팀)(?:은|는|이|가|로|으로)?(?:어떻게|어떤식으로|몇개로)?(?:나뉘|나누|나눠|나뉜|구성되|구성돼|이루어|이뤄)")),

    ("date", re.compile(r"언제|일정|기간|시기(?!구)|날짜|며칠|몇월|개최일|오픈|개시")),
    ("length", re.compile(r"(?:길이|연장)(?:가|이|는|은|도)?(?:총|모두|다)?(?:얼마|몇)")),  # '광케이블 길이가 얼마나': km, not money
    # a physical measure ('평균 속도가 얼마', '저장 용량은 얼마나'): a number with its unit ('100~200Mbps', '3PB'), not money
    ("measure", re.compile(r"(?:속도|용량|면적|넓이|무게|중량|온도|대역폭|전송량|저장량)(?:가|이|는|은|도)?(?:평균)?(?:각각|모두|다|총)?"
                           r"(?:얼마|몇)")),
    ("count", re.compile(r"[가-힣]수(?:가|는|이|도)?(?:각각|모두|다)?얼마")),  # '회원수가 얼마': a count, not money
    ("count", re.compile(r"[가-힣]량(?:이|은|는|을|도)?(?:각각|모두|다)?얼마")),  # '인수량은 얼마로': a quantity
    # how much more it can hold or take ('얼마나 더 보관할 수 있게 돼?', '얼마나 더 넣을 수', '보관 양을 얼마나'): a count
    # ('10만권'), unless money is named
    # ('원' as money only where a figure or nothing stands before it: '서울기록원' names no money)
    ("count", re.compile(r"^(?!.*(?:예산|금액|비용|사업비|수입|세입|세출|출연|지출|집행|결산|돈|(?:^|[\d천만억몇])원))"
                         r".*(?:얼마나(?:더|많이)+[가-힣]{1,5}?수(?:있|가능)|(?<!다)양(?:을|이|은|는|도)?얼마나)")),
    # how far a thing goes ('재택 얼마나 허용돼?', '주기 얼마나 짧아져?', '잡곡을 얼마나 넣어야'): a figure of any kind, never
    # money unless money is named
    ("extent", re.compile(r"^(?!.*(?:예산|금액|비용|사업비|수입|세입|세출|출연|지출|집행|결산|돈|[\d천만억몇]원))"
                          r".*얼마(?:나|만큼)(?:씩|더)?(?:허용|넣|짧아|짧게|길어|빨라|늦춰|늦추|늦출|늦어|당겨|당기|앞당|단축"
                          r"|연장|줄여|줄이|늘려|늘리|늘린|확대)")),
    ("money", re.compile(r"예산|얼마|금액|비용|사업비|수입|세입|세출|출연금|원인행위액|지출액|집행액|결산|돈(?:은|이|을|는|$)")),
]


# Everyday question words and the report's own word for the same thing (question side only; no names).
# report-side paraphrases of question words ('오픈' → 개시, 개통; '가입자' → 회원): data/lexicon.json 'paraphrases'
PARAPHRASES: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in raw_lexicon().get("paraphrases", {}).get("words", {}).items()}


_VERSION = re.compile(r"[가-힣A-Za-z]\s*(\d{1,2}\.\d)(?![\d.,%])(?!\s*(?:억|만|천|백|배|명|건|개|원|%|년|월|일|퍼센트|프로))")


_TRAILING_PARTICLE = re.compile(r"(?:에서|에는|으로|로|이란|란|은|는|이|가|을|를|의|도|에)$")
TITLED_WORD_MIN = 3  # letters of a question word that must open a section heading to be read whole


def _titled_words(norm: str, vocab: Vocab) -> list[str]:
    """Words of the question (without a trailing particle) that open a section heading as a whole word ('라이다' of
    '라이다(LiDAR)'): Kiwi may cut such a word into pieces ('라이' + '다가'), and a piece is no term the evidence must
    print ('라이' is in '컴플라이언스')."""
    from app.engine.text import without_subject

    out = []
    for w in norm.split():
        w = re.sub(r"[?？.!,]+$", "", w)
        stem = without_subject(w) if without_subject(w) != w else _TRAILING_PARTICLE.sub("", w)
        if len(stem) < TITLED_WORD_MIN or not re.fullmatch(r"[가-힣]+", stem) or _is_generic(stem):
            continue  # ('용어설명에서': where to look, not a thing asked)
        if any(t.startswith(stem) and (len(t) == len(stem) or not re.match(r"[가-힣A-Za-z0-9]", t[len(stem)]))
               and t not in vocab.repeated_titles for t in vocab.section_titles):  # ('추진일정': every project's)
            out.append(stem)
    return out


def term_variants(t: str) -> list[str]:
    """A term, its forms without a question-side suffix ('출연금' → ['출연금', '출연']) and report-side paraphrases."""
    from index.synonyms import SYNONYMS

    out = [t, *PARAPHRASES.get(t, ())]
    alias = compact(SYNONYMS.get(t, ""))
    if len(alias) >= 2:  # '국비' is printed '국고보조금' (one-syllable targets such as '계' match too much)
        out.append(alias)
    for suf in _SUFFIXES:
        if t.endswith(suf) and len(t) - len(suf) >= 2:
            out.append(t[: -len(suf)])
    if t.endswith("자") and len(t) >= 4:  # '자원봉사자' asked, '자원봉사 활동' printed: the agent of the activity
        out.append(t[:-1])
    return list(dict.fromkeys(out))


_YEAR4 = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_RELATIVE = [
    (re.compile(r"재작년"), -2),
    (re.compile(r"작년|지난해|지난\s*해"), -1),
    (re.compile(r"전년"), -1),  # '전년(도) 대비': the year before the year named, else before the newest report
    # ('현재 추진상황': the status as the report prints it, not this year's)
    (re.compile(r"올해|금년|이번\s*해|올\s*해|당해|금년도|현재(?!\s*(?:(?:추진|진행|처리|조치)\s*)?(?:상황|현황|상태|결과))"), 0),
    (re.compile(r"내년|다음\s*해|명년"), 1),
]


@dataclass
class Analysis:
    """What a question asks for, in the index's terms."""

    question: str
    norm: str  # NFC, whitespace collapsed
    key: str  # compact form (no whitespace) for substring matching
    intent: str
    years: list[int] = field(default_factory=list)  # asked years, in the order they should be answered
    year_explicit: bool = False  # a year or a relative year word was in the question
    relative_year: bool = False  # 올해/작년 style
    departments: list[str] = field(default_factory=list)  # display names from the vocabulary
    items: list[str] = field(default_factory=list)  # row labels (display form), best first
    entities: list[str] = field(default_factory=list)  # compact table labels named whole in the question
    partials: list[str] = field(default_factory=list)  # compact question nouns found inside some label
    wants_total: bool = False  # the organisation as a whole ('국 전체', '디지털도시국')
    columns: list[str] = field(default_factory=list)  # column concepts, e.g. ["정원", "현원"]
    rate_basis: str = "원인행위"  # or "지출액"
    terms: list[str] = field(default_factory=list)  # content nouns (compact), aliases applied
    unknown: list[str] = field(default_factory=list)  # content nouns absent from the corpus
    uncovered_years: list[int] = field(default_factory=list)  # asked years no report figure is about
    key_terms: list[str] = field(default_factory=list)  # content terms the evidence must mention (compact)
    title_terms: list[str] = field(default_factory=list)  # terms naming a table ('세입', '세출'), not a row
    weak_terms: list[str] = field(default_factory=list)  # key terms printed in many labels ('수입', '운영')
    remainder: str | None = None  # '원인행위 안 된 금액': the budget minus this column ("원인행위액" or "지출액")
    share: bool = False  # '국 예산 중 데이터센터 비중': the row's figure as a percentage of its table's total
    wants: str | None = None  # kind of value asked: "명", "건", "대", "개", "count" (any counter), "money", "date",
    # "percent" or None


# --- tokenizer ---------------------------------------------------------------------------------------
_KIWI = None
_KIWI_LOCK = threading.Lock()


def _kiwi():  # noqa: ANN202
    """The shared Kiwi instance: the index's tokenizer if it exposes one, else our own."""
    global _KIWI
    with _KIWI_LOCK:
        if _KIWI is None:
            try:
                from index import tokenize as _tok  # the retrieval engineer's module

                getter = getattr(_tok, "get_kiwi", None) or getattr(_tok, "kiwi", None)
                _KIWI = getter() if callable(getter) else None
            except ImportError:
                _KIWI = None
            if _KIWI is None:
                from kiwipiepy import Kiwi

                _KIWI = Kiwi()
        return _KIWI


_NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "XR")


def noun_groups(text: str) -> list[list[tuple[str, str]]]:
    """Runs of adjacent noun tokens as (compact form, tag), e.g. '재해복구시스템 구축' → [[재해, 복구, 시스템], [구축]]."""
    tokens = _kiwi().tokenize(text)
    groups: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    end = -1
    prev = None
    for t in tokens:
        tag = str(t.tag).split(".")[-1]
        attach = tag.startswith(_NOUN_TAGS) or (tag in {"SN", "XSN"} and cur)
        if attach and t.len == 1 and prev is not None and str(prev.tag).endswith("NNB") and prev.start + prev.len == t.start:
            attach = False  # ('몇개소추가' → 개(NNB) + 소(NNG): the syllable ends the counter, it opens no noun)
        prev = t
        if attach:
            if cur and t.start != end:
                groups.append(cur)
                cur = []
            cur.append((compact(t.form), tag))
            end = t.start + t.len
        else:
            if cur:
                groups.append(cur)
            cur = []
            end = -1
    if cur:
        groups.append(cur)
    return groups


# nouns after a clause that make its verb the question's own ('오픈할 예정', '완료할 계획', '개최한 것')
_ASPECT_HEADS = frozenset("예정 계획 것 거 수 때 적 방침 목표 전망 뿐 줄".split())


def predicate_nouns(text: str) -> set[str]:
    """Nouns the question uses as the verb of a clause that describes a noun ('보안관제를 수행하는 기관', '참여한
    자원봉사자'): a noun, the verb suffix 하/되 and an adnominal ending. They say how the thing asked relates to
    another, and the reports say the same with other verbs (수행/실시/운영), so the evidence need not repeat them.
    The question's own verb ('언제 오픈해?') is what is asked and stays."""
    tokens = _kiwi().tokenize(text)
    tags = [str(t.tag).split(".")[-1] for t in tokens]
    out: set[str] = set()
    for i in range(len(tokens) - 2):
        t, nxt = tokens[i], tokens[i + 1]
        j = i + 2 if tags[i + 2] == "ETM" else i + 3 if tags[i + 2] == "EP" and i + 3 < len(tags) and tags[i + 3] == "ETM" else 0
        head = tokens[j + 1].form if j and j + 1 < len(tokens) else ""
        if j and tags[i] == "NNG" and tags[i + 1] in ("XSV", "XSA") and nxt.start == t.start + t.len \
                and head not in _ASPECT_HEADS:
            out.add(compact(t.form))
    return out


def content_nouns(text: str) -> list[str]:
    """Nouns of the text, adjacent noun tokens merged into one compound (compact form)."""
    return ["".join(f for f, _ in g) for g in noun_groups(text)]


_ASKING_SYLLABLES = frozenset({"뜻"})  # one-syllable words of asking glued after a term ('오탐뜻이뭐야' → 오탐)


COUNTED = frozenset({"명", "건", "대", "개", "count"})  # kinds asked with a counter ('몇 대', '몇 곳')
_WANTS_BY_NAME = {name: pat for name, pat in reversed(_WANTS)}  # (a name's first pattern)
# money asked after a count was named ('… 몇 군데 더 만드는 데 돈이 얼마나 들어'): what the question ends on
_FOR_WHICH = re.compile(r"(?:는|ㄴ|은)데|려면|려고|하기위해|하는비용")  # '… 만드는 데 (돈이 얼마)': what the money is for
_MONEY_ASKED_AFTER = re.compile(r"(?:돈|예산|비용|사업비|금액)(?:이|은|는|가|을|를|도)?(?:총|전부|모두|다)?(?:얼마|몇억|몇백)")
_WANTS_MONEY_WORD = re.compile(r"예산|금액|비용|사업비|수입|세입|세출|출연금|원인행위액|지출액|집행액|결산|돈|원")


def without_conjunction(word: str) -> str:
    """A word without the conjunction particle Kiwi left glued to it ('고도화랑' → '고도화'), else ''."""
    m = re.fullmatch(r"(.{2,}?)(?:이랑|랑|하고)", word)
    return m.group(1) if m else ""


def _split_generic(noun: str) -> list[str]:
    """A compound minus generic question words at its ends ('엠보팅예산' → ['엠보팅'])."""
    words = sorted(GENERIC, key=len, reverse=True)
    changed = True
    n = noun
    while changed and n:
        changed = False
        for w in words:
            if (len(w) >= 2 or w in _ASKING_SYLLABLES) and n.endswith(w) and len(n) >= len(w) + 2:
                n = n[: -len(w)]
                changed = True
                break
            if len(w) >= 2 and n.startswith(w) and len(n) >= len(w) + 2:
                n = n[len(w):]
                changed = True
                break
    return [n] if n and n not in GENERIC else []


# --- years -------------------------------------------------------------------------------------------
def find_years(norm: str, newest: int | None) -> tuple[list[int], bool]:
    """Years named in the question (explicit first, then relative to the newest report)."""
    years: list[int] = []
    relative = False
    for m in _YEAR4.finditer(norm):
        years.append(int(m.group(1)))
    for m in YEAR2.finditer(norm):
        years.append(year2_of(m))
    if newest is not None:
        explicit = years[0] if years else None
        for pat, delta in _RELATIVE:
            if pat.search(norm):
                if delta == -1 and "재작년" in norm and not re.search(r"(?<!재)작년", norm):
                    continue
                anchor = explicit if pat.pattern == "전년" and explicit is not None else newest
                years.append(anchor + delta)
                relative = True
    seen: list[int] = []
    for y in years:
        if y not in seen:
            seen.append(y)
    return seen, relative


# --- entity matching ---------------------------------------------------------------------------------
def _longest_non_overlapping(key: str, candidates: dict[str, str]) -> list[str]:
    """Vocabulary keys found in `key`, longest first, dropping those inside a longer match."""
    found = [k for k in candidates if len(k) >= 2 and k in key]
    found.sort(key=len, reverse=True)
    kept: list[str] = []
    for k in found:
        if not any(k in longer for longer in kept):
            kept.append(k)
    # keep question order
    kept.sort(key=lambda k: key.find(k))
    return kept


_TOTAL = re.compile(r"국전체|전체|총계|합계|모두|통틀어|국\s*총|총액|총규모|규모")
_BUREAU = re.compile(r"(?:^|\s)국(?=\s|의\s|에서\s)")  # '국 정원', '국의 예산': the bureau as a whole
MAX_PARTIAL_LABELS = 6  # a question noun inside more labels than this is too common to pick a row


def _label_usable(k: str) -> bool:
    """A vocabulary label that can name an entity (not a column concept, a generic word or a year)."""
    if len(k) < 2 or k in GENERIC or re.search(r"\d{2,4}년?", k):
        return False
    return not any(concept_matches(c, k) for c in CONCEPTS)


MAX_LABEL_GAP = 2  # characters a label may have between two question nouns ('시도비보조금[등]반환금수입')
MIN_GAPPED_SHARE = 0.8  # share of such a label's characters the question's nouns must spell


def gapped_labels(nouns: Sequence[str], labels: Iterable[str]) -> list[str]:
    """Labels spelt by two or more consecutive question nouns, in order, with short gaps between them."""
    found: list[str] = []
    for k in labels:
        if len(k) < 6:
            continue
        for i in range(len(nouns) - 1):
            pos, spelt, n_used = 0, 0, 0
            for n in nouns[i:]:
                if len(n) < 2:
                    break
                p = k.find(n, pos)
                if p < 0 or p - pos > MAX_LABEL_GAP:
                    break
                pos, spelt, n_used = p + len(n), spelt + len(n), n_used + 1
            if n_used >= 2 and len(k) - pos <= MAX_LABEL_GAP and spelt >= MIN_GAPPED_SHARE * len(k):
                found.append(k)
                break
    return found


def _inside_question_word(label: str, key: str) -> bool:
    """Every occurrence of the label lies inside a longer question word ('행정' in '행정사무감사')."""
    spans = [(m.start(), m.start() + len(w)) for w in GENERIC if len(w) > len(label) and label in w
             for m in re.finditer(re.escape(w), key)]
    starts = [m.start() for m in re.finditer(re.escape(label), key)]
    return bool(starts) and all(any(a <= st and st + len(label) <= b for a, b in spans) for st in starts)


def _usable_labels(vocab: Vocab) -> dict[str, str]:
    """The vocabulary's labels that can name an entity (`_label_usable`), worked out once per vocabulary."""
    hit = vocab.__dict__.get("_usable_labels")
    if hit is None or hit[0] != (id(vocab.labels), len(vocab.labels)):
        hit = vocab.__dict__["_usable_labels"] = ((id(vocab.labels), len(vocab.labels)),
                                                  {k: v for k, v in vocab.labels.items() if _label_usable(k)})
    return hit[1]


def match_entities(key: str, nouns: list[str], vocab: Vocab) -> tuple[list[str], list[str]]:
    """Labels named whole in the question, and question nouns that occur inside some label."""
    usable = _usable_labels(vocab)
    whole = [w for w in _longest_non_overlapping(key, usable) if not _inside_question_word(w, key)]
    gapped = [k for k in gapped_labels([compact(n) for n in nouns], usable) if k not in whole]
    if gapped:  # '시도비보조금 반환금 수입' names '시도비보조금등반환금수입'; the labels inside it ('보조금') are not asked
        whole = [w for w in whole if not any(w in g for g in gapped)] + gapped
        whole.sort(key=lambda k: min((key.find(n) for n in nouns if n and n in k and key.find(n) >= 0), default=0))
    partial: list[str] = []
    for n in nouns:
        for part in _split_generic(n):
            if len(part) < 2 or part in GENERIC or any(part in w or w in part for w in whole):
                continue
            if part in vocab.org_names:
                continue
            if any(part in k for k in usable) and part not in partial and vocab.label_count(part) <= MAX_PARTIAL_LABELS:
                partial.append(part)
    return whole, partial


def _generic_pairs_joined(tagged: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """Two one-noun groups written apart that together are a question word ('부담 주체' → '부담주체', how to answer:
    who pays) joined, so neither is read as a word the evidence must print."""
    out: list[list[tuple[str, str]]] = []
    for g in tagged:
        if out and len(out[-1]) == 1 and len(g) == 1 and out[-1][0][0] + g[0][0] in GENERIC:
            out[-1] = out[-1] + g
        else:
            out.append(g)
    return out


_ABBREVIATION_ASKED = re.compile(r"(?:뭐|무엇|무슨|어떤\s*말)(?:의)?\s*약자|약자(?:가|는|로)?\s*(?:뭐|무엇|무슨)")


def _is_generic(t: str) -> bool:
    """Question words, numbers and years that are not entities to look for."""
    return t in GENERIC or len(t) < 2 or bool(re.fullmatch(r"[\d.,]+(?:년|월|일|명|개|건|%)?", t))


SLIPS_TWO = 6  # a name this long (syllables) may carry two vowel slips ('재헤복구시스탬' for '재해복구시스템')


def correct_spelling(norm: str, vocab: Vocab) -> str:
    """The question with words the reports spell differently replaced ('스마트라이프위크' → '스마트라이프워크')."""
    by_len = vocab.__dict__.get("_spelling_candidates")
    if by_len is None:  # the words of titles and labels, by length (built once per vocabulary)
        by_len = {}
        for w in sorted({w for t in list(vocab.section_titles.values()) + list(vocab.labels.values())
                         for w in re.findall(r"[가-힣A-Za-z0-9]{4,}", t)}):
            by_len.setdefault(len(w), []).append(w)
        vocab.__dict__["_spelling_candidates"] = by_len
    out = norm
    for run in re.findall(r"[가-힣A-Za-z0-9]{4,}", norm):
        for cand in (w for n in sorted(by_len, reverse=True) if n <= len(run) for w in by_len[n]):  # longest first
            head = run[: len(cand)]
            if len(head) != len(cand) or head == cand:
                continue
            diff = [(x, y) for x, y in zip(head, cand) if x != y]
            if 0 < len(diff) <= (2 if len(cand) >= SLIPS_TWO else 1) and all(_same_initial(x, y) for x, y in diff) \
                    and not vocab.in_corpus(head):  # a word the reports print is no slip of another
                out = out.replace(head, cand, 1)
                break
    return out


def _same_initial(a: str, b: str) -> bool:
    """Two Hangul syllables with the same initial consonant (a vowel or final-consonant slip: 위/워)."""
    if not ("가" <= a <= "힣" and "가" <= b <= "힣"):
        return False
    return (ord(a) - 0xAC00) // 588 == (ord(b) - 0xAC00) // 588


_PAREN_QUALIFIER = re.compile(r"([가-힣A-Za-z]{2,})\s*\(\s*([가-힣A-Za-z]{2,})\s*\)")


def join_parenthesised_qualifiers(norm: str, vocab: Vocab) -> str:
    """'특별회계(도시개발)' → '도시개발특별회계' when only the compound is a label of the index."""
    def repl(m: re.Match[str]) -> str:
        head, qual = m.group(1), m.group(2)
        joined = compact(qual + head)
        if joined in vocab.labels and compact(m.group(0)) not in vocab.labels:
            return vocab.labels[joined]
        return m.group(0)
    return _PAREN_QUALIFIER.sub(repl, norm)


def analyze(question: str, vocab: Vocab,
            groups_of: Callable[[str], list[list[tuple[str, str]]]] | None = None) -> Analysis:
    """Analyse one question against the index vocabulary (a misspelt name is corrected once)."""
    joined = join_parenthesised_qualifiers(nfc(question), vocab)
    if joined != nfc(question):
        a = _analyze(joined, vocab, groups_of)
        a.question = question
        return a
    a = _analyze(question, vocab, groups_of)
    fixed = correct_spelling(a.norm, vocab)  # also when the slip reads as known pieces ('개인정부보호체게')
    if fixed != a.norm:
        b = _analyze(fixed, vocab, groups_of)
        if not b.unknown:
            b.question = question
            return b
    return a


def _asks_definition(key: str) -> bool:
    """A definition asked in the engine lexicon's words ('뭐임', '뭔데', '뭐냐'), the one list both readers share;
    only at the end of the question, so '뭐지' in '뭐지 … 예산' is not a definition."""
    from app.engine.lexicon import lexicon

    ops = lexicon().operations
    bare = re.sub(r"[?？!.~]+$", "", key)
    tail, wide = bare[-6:], bare[-DEFINE_WIDE_TAIL:]
    return any(tail.endswith(compact(c)) or (compact(c) in tail and len(c) >= 3) or
               (len(compact(c)) >= 5 and compact(c) in wide) for c in ops.get("define", []))


DEFINE_WIDE_TAIL = 12  # a long cue ('무엇을의미하는') may stand this far from the end ('… 의미하는 거예요?')


TITLE_MASK_CHARS = 8  # a section title this long, written whole in a question, is a name, not words of asking


def _titles_masked(key: str, vocab: Vocab) -> str:
    """The compact question with every long section title it writes whole blanked out."""
    for t in vocab.section_titles:
        if len(t) >= TITLE_MASK_CHARS and t in key:
            key = key.replace(t, "·" * len(t))
    return key


_UNIT_HEAD = re.compile(r"([가-힣A-Za-z]{2,}(과|팀|국|센터))\s+(과장|팀장|국장|센터장)님?(?=[은는이가의을를도]|\s|$|[?？])")


def _unit_head_joined(text: str) -> str:
    """'정보보안과 과장님' → '정보보안과장', '통계조사팀 팀장' → '통계조사팀장': the head of a unit as the reports print
    the post ('정보보안과장 : 김완집'), when the title is the unit's own kind."""
    return _UNIT_HEAD.sub(lambda m: m.group(1) + "장" if m.group(3)[:-1] == m.group(2) else m.group(0), text)


def _analyze(question: str, vocab: Vocab,
             groups_of: Callable[[str], list[list[tuple[str, str]]]] | None = None) -> Analysis:
    """Analyse one question against the index vocabulary."""
    from app.engine.normalize import percent_slang

    norm = percent_slang(_unit_head_joined(nfc(question)))  # ('절반도 안 된다던데': 50%, as the engine reads it)
    key = compact(norm)
    intent = "narrative"
    asked = _titles_masked(key, vocab)  # ('기록환경 변화에 맞춘 …' names a project; its '변화' asks no change)
    for name, pat in _INTENT_PATTERNS:
        if pat.search(asked) or (name == "definition" and _asks_definition(key)):
            intent = name
            break
    a = Analysis(question=question, norm=norm, key=key, intent=intent)

    a.years, a.relative_year = find_years(norm, vocab.newest_year)
    if intent == "audit" and a.relative_year and not re.search(r"올해|금년|이번\s*해|올\s*해|당해", norm):
        # ('현재 정류소에 설치된 와이파이 …' of an audit item: the state its report prints, not this year's figures)
        a.years = [y for y in a.years if y != vocab.newest_year or re.search(rf"{y}|'?{y % 100}년", norm)]
        a.relative_year = bool(a.years) and a.relative_year
    a.year_explicit = bool(a.years)
    base = re.search(r"(?<!\d)(20\d{2})\s*년?\s*(?:도\s*)?(?:최종\s*예산\s*|예산\s*)?(?:대비|보다|에\s*비해|과\s*비교|와\s*비교)", norm)
    if intent == "change" and base and vocab.newest_year is not None and len(a.years) == 1 \
            and int(base.group(1)) < vocab.newest_year:
        a.years = [vocab.newest_year, int(base.group(1))]  # '2025년 대비': the newest report against that year
    elif intent == "change" and len(a.years) == 1 and vocab.newest_year is not None and a.relative_year:
        # '작년보다' compares last year with the newest report's year
        if a.years[0] != vocab.newest_year:
            a.years = [vocab.newest_year, a.years[0]]
    if intent == "change" and len(a.years) >= 2:
        a.years.sort(reverse=True)  # '작년이랑 올해 차이': the later year is the one that changed

    for name, pat in _COLUMN_PATTERNS:
        if pat.search(key):
            a.columns.append(name)
    a.remainder = remainder_basis(key)
    if a.remainder and "집행률" in a.columns and not re.search(r"집행률|집행율|비율|퍼센트|%|몇퍼", key):
        a.columns.remove("집행률")  # '아직 집행 안 된 금액': the budget left over is asked, not a rate
        if a.intent == "rate":
            a.intent = "figure"
    a.share = bool(_SHARE.search(key)) and not any(c in a.columns for c in ("집행률", "증감액", "과부족"))
    if a.intent == "narrative" and any(c in a.columns for c in ("정원", "현원", "과부족")):
        a.intent = "figure"  # '서울기록원 인력 과부족이 어떻게 돼?': a headcount column asks for table figures
    if "정원" in a.columns and "현원" in a.columns and "현원" not in key:
        a.columns.remove("현원")  # '인원' alongside '정원' means the authorised headcount only
    if "지출액" in a.columns:
        a.rate_basis = "지출액"
    if intent == "change" and "증감액" not in a.columns:
        a.columns.append("증감액")

    dept_keys = _longest_non_overlapping(key, vocab.departments)
    a.departments = [vocab.departments[k] for k in dept_keys]

    tagged = _generic_pairs_joined((groups_of or noun_groups)(norm))
    groups = [[f for f, _ in g] for g in tagged]
    nouns = ["".join(g) for g in groups]
    for n in nouns:
        n = ALIASES.get(n, n)
        if n and n not in a.terms:
            a.terms.append(n)
    a.entities, a.partials = match_entities(key, nouns, vocab)
    a.items = [vocab.labels[k] for k in a.entities if k not in vocab.departments] + a.partials
    a.wants_total = bool(_TOTAL.search(key) or _BUREAU.search(norm)) or any(o in key for o in vocab.org_names)

    drop = AUDIT_WORDS if intent == "audit" else frozenset()
    from app.engine.claims import claimed_place

    claimed = claimed_place(norm)
    verbs = predicate_nouns(norm)
    for g, tg in zip(groups, tagged):
        while g and g[-1] in verbs and "".join(g) not in vocab.labels:
            g, tg = g[:-1], tg[:-1]  # '보안관제 수행하는 기관': the verb of a clause, not a name
        if not g:
            continue
        whole = ALIASES.get("".join(g), "".join(g))
        parts = [p for p in _split_generic(whole)] if not _is_generic(whole) else []
        if not parts:
            continue
        whole = parts[0]
        if whole in drop or whole == "약자" and _ABBREVIATION_ASKED.search(norm):
            continue  # ('RFID가 뭐의 약자야?': what a short name stands for is asked, not the word '약자')
        if any(vocab.in_corpus(v) for v in term_variants(whole)):
            if not vocab.in_corpus(whole) and (bare := without_conjunction(whole)) and vocab.in_corpus(bare):
                whole = bare  # '고도화랑': the conjunction glued to the word is no part of what the evidence prints
            if whole not in a.key_terms:
                a.key_terms.append(whole)
            continue
        for t, tag in tg:
            t = ALIASES.get(t, t)
            if _is_generic(t) or t in drop:
                continue
            if any(vocab.in_corpus(v) for v in term_variants(t)):
                if t not in a.key_terms:
                    a.key_terms.append(t)
            elif t not in a.unknown and t not in asking_words() and not printed_in_two_pieces(t, vocab) \
                    and not reads_as_adverb(t) and not slipped_hada(t, vocab) and not slipped_request(t) \
                    and t != claimed:
                # a word the reports never use: no evidence can cover it (a place claimed for an event is checked,
                # not looked for: claims.judge_place)
                a.unknown.append(t)
    for cue in unprinted_person_qualifiers(norm, vocab.in_corpus):  # '여직원 몇 명': a breakdown the reports never print
        if not any(cue in u for u in a.unknown):
            a.unknown.append(cue)
    for whole in _titled_words(norm, vocab):  # '라이다가 뭐야' (Kiwi: 라이 + 다가): the heading's word, whole
        a.key_terms = [t for t in a.key_terms if not (t != whole and whole.startswith(t))]
        if whole not in a.key_terms:
            a.key_terms.append(whole)
    for m in _DEPT_LIKE.finditer(norm):
        name = compact(m.group(1))
        stem = re.sub(r"(과|국|팀|센터|재단|본부|사업소)$", "", name)
        if name in vocab.departments or vocab.in_corpus(name) or name in vocab.org_names:
            continue
        if name.endswith("과") and re.search(PERSON_TITLE + "$", name[:-1]) and vocab.in_corpus(name[:-1]):
            continue  # '데이터전략과장과 통계조사팀장': a post the reports print, and a conjunction
        if stem in GENERIC or stem in vocab.labels or name.endswith("과") and vocab.in_corpus(stem) and len(stem) <= 3:
            continue  # '정원과 현원', '기본경비과' read as a conjunction
        if name.endswith("과") and vocab.in_corpus(stem) and any(len(g) >= 2 and stem.endswith(g) for g in GENERIC):
            continue  # '추진상황과 향후계획': a question word ('상황', '계획', '결과') and a conjunction, not a unit
        if name not in a.unknown:
            a.unknown.append(name)
    if _MEASURE_RESULT.search(norm):  # ('원인행위 실적이 얼마나': the amount of that measure, no word to be printed)
        a.key_terms = [t for t in a.key_terms if t != "실적"]
    if claimed:  # a place claimed for an event is what the answer checks, not a word its evidence must print
        a.key_terms = [t for t in a.key_terms if compact(t) != claimed]
    for m in _VERSION.finditer(norm):  # '챗봇 2.0': the version is part of the name the evidence must carry
        if m.group(1) not in a.key_terms:
            a.key_terms.append(m.group(1))
    for name, pat in _WANTS:  # ('사업비 중에 상용SW 예산은': read '사업비 가운데', no '비중' asked, normalize.percent_slang)
        if pat.search(key):
            a.wants = name
            break
    if a.wants in COUNTED and (m := _WANTS_BY_NAME[a.wants].search(key)) and \
            (money := _MONEY_ASKED_AFTER.search(key, m.end())) and _FOR_WHICH.search(key[m.end():money.start()]):
        a.wants = "money"  # '… 몇 군데 더 만드는 데 돈이 얼마나 들어?': the count is of the clause; money is asked
    if a.wants == "money" and re.search(r"얼마에서얼마", key) and not _WANTS_MONEY_WORD.search(key):
        a.wants = None  # '백업 주기 얼마에서 얼마로 줄여?': a figure and what it becomes, of any kind
    for t in a.key_terms:
        variants = term_variants(t)
        covered_by_label = any(any(v in k for v in variants) for k in vocab.labels)
        if t in vocab.org_names:
            continue  # the organisation itself: its totals (계) stand for it
        if not covered_by_label and any(t in k for k in vocab.table_titles):
            a.title_terms.append(t)
        elif vocab.label_count(t) > MAX_PARTIAL_LABELS and t not in a.entities:
            a.weak_terms.append(t)
    if vocab.figure_years:
        a.uncovered_years = [y for y in a.years if y not in vocab.figure_years]
    _drop_redundant_aliases(a)
    if len(a.key_terms) > 1 and any(t in vocab.org_names for t in a.key_terms) and intent != "figure":
        # '디지털도시국 정책목표가 뭐야': the reporting bureau is what every line is about, not a word a line must print
        a.key_terms = [t for t in a.key_terms if t not in vocab.org_names]
    return a


@lru_cache(maxsize=4096)
def reads_as_adverb(word: str) -> bool:
    """Whether a word read on its own is an adverb ('결국', '과연', '도대체'): Kiwi may tag it a noun inside a
    sentence ('…한 건, 결국 예산을'), but it says how the asker feels about what is asked, never a thing the
    evidence must print, so a question is not refused for it."""
    best = _kiwi().analyze(word, top_n=1)
    toks = best[0][0] if best else []
    return len(toks) == 1 and str(toks[0].tag).split(".")[-1] in {"MAG", "MAJ"}


# the vowels a slipped ending of 하다 takes ('해', '햐', '하느지'): ㅏ ㅐ ㅑ ㅓ ㅔ ㅕ
_HADA_VOWELS = (0, 1, 2, 4, 5, 6)


_REQUESTS = ("알려주세요", "알려주십시오", "알려주시오", "알려줘요", "알려줘", "말해주세요", "말해줘", "보여주세요", "보여줘",
             "정리해주세요", "정리해줘", "확인해주세요", "찾아주세요", "찾아줘")  # the asker's request, as typed whole


def slipped_request(word: str) -> bool:
    """Whether a word is a request with one vowel slipped ('알려즈세요' for '알려주세요'): the asker's verb, never a
    name the evidence must print."""
    return any(len(r) == len(word) and sum(x != y for x, y in zip(r, word)) == 1 and all(
        x == y or _same_initial(x, y) for x, y in zip(r, word)) for r in _REQUESTS)


def slipped_hada(word: str, vocab: Vocab) -> bool:
    """Whether a word Kiwi took for a noun is a known word (a question word or one the reports print) with a
    mistyped form of 하다 after it ('언제햐' for '언제해', '운영하느지' for '운영하는지'): the asker's verb, not a
    name the evidence must print."""
    for cut in range(2, len(word)):
        head, rest = word[:cut], word[cut:]
        if len(rest) > 3 or not ("가" <= rest[0] <= "힣"):
            continue
        code = ord(rest[0]) - 0xAC00
        initial, vowel = code // 588, (code % 588) // 28
        if initial == 18 and vowel in _HADA_VOWELS and (head in asking_words() or vocab.in_corpus(head)):
            return True  # (initial 18 is ㅎ)
    return False


PIECES_APART = 3  # letters that may stand between the two pieces of a word the reports print apart


@lru_cache(maxsize=1)
def _person_qualifiers() -> tuple[str, ...]:
    """The lexicon's words that narrow people by sex or age ('여직원', '연령대'), longest first."""
    from app.engine.lexicon import raw_lexicon

    cues = raw_lexicon().get("person_qualifiers", {}).get("cues", [])
    return tuple(sorted({compact(c) for c in cues}, key=len, reverse=True))


def person_qualifiers_in(text: str) -> list[str]:
    """The lexicon's words narrowing people by sex or age that open a word of the text ('여직원', not the '여자' of
    '참여자')."""
    return [c for c in _person_qualifiers() if re.search(rf"(?<![가-힣]){c}", text)]


def unprinted_person_qualifiers(text: str, in_corpus: Callable[[str], bool]) -> list[str]:
    """Those of `person_qualifiers_in` the reports never print: a breakdown by sex or age no table gives."""
    return [c for c in person_qualifiers_in(text) if not in_corpus(c)]


_MEASURE_RESULT = re.compile(r"(?:원인행위|집행|지출|계약)\s*실적")  # a measure's 실적: its amount


def printed_in_two_pieces(word: str, vocab: Vocab) -> bool:
    """Whether a word the reports never print whole is two words they print side by side on one line, in either
    order ('통합앱': '앱 통합 개발'): the asker glued them, so the word is no unknown one."""
    if len(word) < 3 or not all("가" <= ch <= "힣" or ch.isascii() for ch in word):
        return False
    text = vocab.corpus_compact
    for cut in range(1, len(word)):
        a, b = re.escape(word[:cut]), re.escape(word[cut:])
        if max(cut, len(word) - cut) >= 2 and re.search(
                rf"{a}[^\n]{{0,{PIECES_APART}}}{b}|{b}[^\n]{{0,{PIECES_APART}}}{a}", text):
            return True
    return False


@lru_cache(maxsize=1)
def asking_words() -> frozenset[str]:
    """Words the engine's lexicon reads as a way of asking (a measure's or an operation's cue: '변동', '증감') or as
    words around what is asked (its fillers: '요즘', '지금껏'), never as a thing the evidence must print."""
    from app.engine.lexicon import lexicon

    lex = lexicon()
    cues = set(lex.metric_cues)
    cues |= {c for op in lex.operations.values() for c in (op if isinstance(op, (list, tuple, set)) else [])}
    cues |= set(lex.fillers)
    from app.engine.lexicon import raw_lexicon

    order = raw_lexicon().get("order", {})  # ('집행 부진', '실적 저조': how well, a word of ranking or judging)
    cues |= {c for k in ("asc", "desc") for c in order.get(k, []) if len(compact(c)) >= 2 and re.fullmatch(r"[가-힣]+", c)}
    return frozenset(compact(c) for c in cues if len(compact(c)) >= 2)


def _drop_redundant_aliases(a: Analysis) -> None:
    """An alias written next to its full name ('국고보조금(국비)') is not a second term the evidence must carry."""
    from index.synonyms import SYNONYMS

    named = {compact(x) for x in a.entities + a.partials + a.key_terms}
    redundant = {t for t in named if compact(SYNONYMS.get(t, "")) in named and compact(SYNONYMS.get(t, "")) != t}
    if not redundant:
        return
    a.entities = [x for x in a.entities if compact(x) not in redundant]
    a.partials = [x for x in a.partials if compact(x) not in redundant]
    a.key_terms = [x for x in a.key_terms if compact(x) not in redundant]


# 'which department' ('어느 부서 담당', '어디 소관', '담당 부서', '무슨 과에서'): the answer is a department, not a figure
_ASKS_DEPARTMENT = re.compile(r"어느(?:부서|과(?!정)|팀(?!장))|어디(?:부서|과(?!정)|소속|소관|담당|에서담당|서담당|서맡|에서맡)"
                              r"|(?:하는|맡은|맡는|맡고있는)(?:부서|과|팀|사업소)(?:는|가|은|이)?(?:[?？.]*$|어디|어느|누구)"
                              r"|(?:담당|소관|주관|관할)부서|(?:무슨|어떤)(?:부서|과(?!정))(?:에서|가|이|의)?"
                              r"(?:담당|맡|소관|주관|관할|소속|업무|하|해)|(?:부서|과)(?:는|가|이)?어디")


def asks_department(key: str) -> bool:
    """Whether a compact question asks which department does or owns something."""
    return bool(_ASKS_DEPARTMENT.search(key))


# clause ends of a question asking two things ('총 얼마고 신설 몇 대야', '예산은 얼마이며 인원은 몇 명')
_CLAUSE_END = re.compile(r"(?<=[가-힣])(?:이고|고|이며|며)(?=\s)|,")


def asked_kinds(norm: str) -> list[str]:
    """The kind of value each clause of the question asks (first pattern of `_WANTS` per clause), distinct, in order."""
    kinds: list[str] = []
    for clause in _CLAUSE_END.split(norm):
        key = compact(clause)
        kind = next((name for name, pat in _WANTS if pat.search(key)), None)
        if kind is not None and kind not in kinds:
            kinds.append(kind)
    return kinds


_STEM_TAGS = ("VA", "VV")  # a syllable glued to a noun that Kiwi read as a verb or adjective stem ('스마트서울' + '맵')


def glued_terms(norm: str, key_terms: Sequence[str], vocab: Vocab) -> list[str]:
    """Key terms widened to the word they are written in when Kiwi split a verb-like syllable off its end
    ('스마트서울맵은' → '스마트서울' + 맵(VA); '서울톡' → '서울' + 톡(MAG), an adverb or a one-syllable noun) and the
    whole word occurs in the reports ('스마트서울맵', '서울톡')."""
    tokens = _kiwi().tokenize(norm)
    out = list(key_terms)
    for i, t in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        term = compact(t.form)
        tag = str(nxt.tag).split(".")[-1]
        glued = tag.startswith(_STEM_TAGS) or (tag in ("MAG", "NNG", "NNP") and nxt.len == 1)  # '서울' + '톡'
        if term not in out or nxt.start != t.start + t.len or not glued:
            continue
        word = compact(norm[t.start:nxt.start + nxt.len])
        if vocab.in_corpus(word) and word not in out:
            out[out.index(term)] = word
    return out


def set_aside_terms(norm: str, key_terms: Sequence[str]) -> list[str]:
    """Key terms without one the question sets aside as not what it asks ('교체 말고 신설', '예산 아니고 집행액'):
    such a word needs no evidence, and a line that prints it is no better for it. At least one term stays."""
    aside = {compact(m.group(1)) for m in re.finditer(r"([가-힣A-Za-z0-9]{1,12}?)(?:은|는|이|가)?\s*(?:말고|아니고)", norm)}
    kept = [t for t in key_terms if t not in aside]
    return kept if kept else list(key_terms)


# question words found by the quoted-lines pass: how a unit, a date or a method is asked, never a name the reports
# must print ('하부 조직', '산하에 있는 과', '며칠에 열려', '어떤 방식', '얼마 배정됐어')
GENERIC = GENERIC | frozenset(raw_lexicon().get("requests", {}).get("verbs", [])) | frozenset(
    raw_lexicon().get("council", {}).get("asks", []) + raw_lexicon().get("council", {}).get("addressing", [])) | frozenset(
    raw_lexicon().get("claims", {}).get("truth_words", [])) | frozenset("하부 산하 아래 며칠 방식 배정 길이 내역 가운데 연간 월간 연도별 년도별 연차별 해마다 수준 짜리 얘기 이야기 나오는 정도야 자리 구분 분류 날자 일자 몇일 기존 종전 원래 경로 방법 경위 루트 채널 부담분 계획분 몫 차이나 명칭 명단 성명 성함 현행 약어 줄임말 풀네임 용어설명 용어집".split())


_COUNTER_COPULA = re.compile(r"(?:몇|\d)\s*(종|개|곳|건|명|대|팀|과|식|회)\s*"
                             r"(?=이(?:며|고|야|에요|예요|지|나|ㄴ가|었|였|니|\s|$|[?？]))")  # ('6종이 뭐뭐예요')


def counter_copula_terms(norm: str, key_terms: Sequence[str]) -> list[str]:
    """Key terms without a counter read with its copula as a noun ('몇 종이며' → 종이 'paper' is not asked)."""
    glued = {m.group(1) + "이" for m in _COUNTER_COPULA.finditer(norm)}
    return [t for t in key_terms if t not in glued]
