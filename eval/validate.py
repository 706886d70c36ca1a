"""Validator of the dev gold set (`eval/data/dev.jsonl`): format, citations and computed values.

Usage: `python -m eval.validate [FILE] [--corpus DIR]`; exits 1 and lists the problems when any are found.
The format is documented in `eval/README.md`; `validate_dataset(path, corpus_dir)` returns the problems
as a list of strings (empty when the set is valid).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from app.types import ABSTAIN_TEXT

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO_ROOT / "eval" / "data" / "dev.jsonl"
DEFAULT_CORPUS = REPO_ROOT / "corpus"

WINDOW = 3  # a must_contain string must occur within ±WINDOW lines of a cited line

TYPE_PREFIX = {
    "headcount": "hc",
    "org": "og",
    "budget_figure": "bf",
    "budget_compare": "bc",
    "execution_rate": "er",
    "schedule": "sc",
    "project_fact": "pf",
    "audit": "au",
    "glossary": "gl",
    "unanswerable": "un",
}
TYPES = frozenset(TYPE_PREFIX)
PHRASINGS = frozenset({"literal", "paraphrase"})
REQUIRED = ("id", "question", "type", "doc", "section", "line", "answer", "must_contain")
OPTIONAL = ("alt_forms", "computed", "phrasing", "style", "verdict", "history")
# how a question is asked (blind sets report their figures per style); free of the answering code's categories
STYLES = frozenset("""formal casual typo nospace unseen_words rank count list sum diff compare ratio verify two_step
council english definition near_miss year metric entity op_on_result owner pronoun topic_switch""".split())
VERDICTS = frozenset({"yes", "no"})
MAX_HISTORY = 5  # earlier turns of one conversation
BOTH = "both"
BOTH_SEP = " | "
ID_RE = re.compile(r"^([a-z]{2})-(\d{3,})$")
YEAR_RE = re.compile(r"^\s*((?:19|20)\d\d)")


@dataclass(frozen=True)
class CorpusFile:
    """One report of the corpus, keyed by the year printed on its first non-empty line."""

    year: str
    path: Path
    lines: list[str]


def read_lines(path: Path) -> list[str]:
    """The file's lines, numbered from 1 in the way editors and `sed -n Np` count them."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def load_corpus(corpus_dir: Path) -> tuple[dict[str, CorpusFile], list[str]]:
    """Map report years ("2025", "2026", ...) to corpus files; the second value lists problems."""
    problems: list[str] = []
    files: dict[str, CorpusFile] = {}
    paths = sorted(Path(corpus_dir).glob("*.txt"))
    if not paths:
        return {}, [f"corpus: no *.txt files in {corpus_dir}; pass --corpus DIR with the report files"]
    for path in paths:
        lines = read_lines(path)
        first = next((ln for ln in lines if ln.strip()), "")
        m = YEAR_RE.match(first)
        if not m:
            problems.append(
                f"corpus: {path.name}: first non-empty line {first[:40]!r} does not start with a 4-digit year "
                "(expected e.g. '2026년 현안 업무보고'); the validator cannot tell which report it is"
            )
            continue
        year = m.group(1)
        if year in files:
            problems.append(
                f"corpus: {path.name} and {files[year].path.name} both start with year {year}; "
                "`doc` cannot tell them apart — keep one report per year in the corpus directory"
            )
            continue
        files[year] = CorpusFile(year, path, lines)
    return files, problems


def load_items(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Parse the JSONL file; returns the items (with `_lineno`) and the format problems found."""
    problems: list[str] = []
    items: list[dict[str, Any]] = []
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return [], [f"{path}: not UTF-8 ({e}); save the file as UTF-8"]
    if text.startswith("\ufeff"):
        problems.append(f"{path}: starts with a byte-order mark; save as UTF-8 without BOM")
        text = text[1:]
    if text and not text.endswith("\n"):
        problems.append(f"{path}: the last line has no newline at the end; add one")
    for n, line in enumerate(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"), start=1):
        where = f"{Path(path).name}:{n}"
        if not line.strip():
            problems.append(f"{where}: empty line; the format is one JSON object per line, no blank lines")
            continue
        if line != line.rstrip():
            problems.append(f"{where}: trailing whitespace; remove it")
        if "\\u" in line and re.search(r"\\u[0-9a-fA-F]{4}", line):
            problems.append(f"{where}: \\u escapes found; write the file with ensure_ascii=False")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: not valid JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{where}: expected a JSON object, got {type(obj).__name__}")
            continue
        obj["_lineno"] = n
        items.append(obj)
    return items, problems


def _is_str_list(v: Any) -> bool:
    """True for a list of strings."""
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _number_value(token: str) -> Fraction:
    """Parse a number as printed ('1,940', '△9,628,252', '46.5') into an exact fraction."""
    t = token.replace(",", "").replace("△", "-")
    try:
        return Fraction(Decimal(t))
    except InvalidOperation as e:
        raise ValueError(f"{token!r} is not a number") from e


def _decimals(token: str) -> int:
    """Number of digits after the decimal point of a printed number."""
    return len(token.split(".", 1)[1]) if "." in token else 0


TOKEN_RE = re.compile(r"\s*(?:(△?\d[\d,]*(?:\.\d+)?)|([-+*/()]))")


def _tokenize(expr: str) -> list[str]:
    """Split an arithmetic expression into printed numbers and operators; ValueError on anything else."""
    tokens: list[str] = []
    pos = 0
    expr = expr.rstrip()
    while pos < len(expr):
        m = TOKEN_RE.match(expr, pos)
        if not m or m.end() == pos:
            raise ValueError(f"unexpected text {expr[pos:].strip()[:20]!r} in {expr!r}; only numbers and + - * / ( )")
        tokens.append(m.group(1) or m.group(2))
        pos = m.end()
    return tokens


class _Parser:
    """Recursive-descent evaluator for + - * / and parentheses over exact fractions."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.i = 0
        self.operands: list[str] = []

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise ValueError("expression ends too early")
        self.i += 1
        return tok

    def expr(self) -> Fraction:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = value + self.term() if self.take() == "+" else value - self.term()
        return value

    def term(self) -> Fraction:
        value = self.factor()
        while self.peek() in ("*", "/"):
            if self.take() == "*":
                value *= self.factor()
            else:
                d = self.factor()
                if d == 0:
                    raise ValueError("division by zero")
                value /= d
        return value

    def factor(self) -> Fraction:
        tok = self.take()
        if tok == "-":
            return -self.factor()
        if tok == "(":
            value = self.expr()
            if self.take() != ")":
                raise ValueError("missing ')'")
            return value
        if tok in "+*/)":
            raise ValueError(f"unexpected {tok!r}")
        self.operands.append(tok)
        return _number_value(tok)


COUNT_RE = re.compile(r"count\((.+)\)\s*=\s*(\d+)")


def evaluate_formula(formula: str) -> tuple[Fraction, Fraction, int, list[str]]:
    """Evaluate `LHS = RHS`; returns (lhs value, rhs value, rhs decimals, printed operands of the LHS).

    Operands are numbers as printed (commas allowed, `△` means minus); operators `+ - * / ( )`; the right
    side is one number, optionally followed by `%`. Raises ValueError naming what is wrong.
    """
    counted = COUNT_RE.fullmatch(formula.strip())
    if counted:  # 'count(데이터전략과 | 정보시스템과 | 데이터센터) = 3': items counted, each printed near a cited line
        items = [x.strip() for x in counted.group(1).split("|")]
        if any(not x for x in items):
            raise ValueError(f"count formula {formula!r} has an empty item; write count(A | B | C) = 3")
        return Fraction(len(items)), Fraction(int(counted.group(2))), 0, items
    if formula.count("=") != 1:
        raise ValueError(f"formula {formula!r} must have exactly one '=' (expected 'A - B = C')")
    lhs, rhs = (s.strip() for s in formula.split("="))
    rhs_num = rhs[:-1].rstrip() if rhs.endswith("%") else rhs
    if not re.fullmatch(r"[△-]?\d[\d,]*(?:\.\d+)?", rhs_num):
        raise ValueError(f"right-hand side {rhs!r} must be a single number as written, e.g. '6,314,380' or '46.5%'")
    parser = _Parser(_tokenize(lhs))
    value = parser.expr()
    if parser.peek() is not None:
        raise ValueError(f"unexpected {parser.peek()!r} in left-hand side {lhs!r}")
    if not parser.operands:
        raise ValueError(f"left-hand side {lhs!r} has no numbers")
    return value, _number_value(rhs_num), _decimals(rhs_num), parser.operands


def occurs(needle: str, line: str) -> bool:
    """True when `needle` occurs in `line` and a number is not cut out of a longer number."""
    start = line.find(needle)
    while start != -1:
        end = start + len(needle)
        before = line[start - 1] if start > 0 else ""
        after = line[end:end + 2]
        ok = True
        # a preceding ',' or '.' continues a number ('4.5' holds no '5'), unless the needle is itself
        # dotted like a date part ('9.30.' in "'25.9.30.")
        if needle[0].isdigit() and (before.isdigit() or before == "," or (before == "." and "." not in needle)):
            ok = False
        if needle[-1].isdigit() and after and (after[0].isdigit() or (after[0] in ",." and after[1:2].isdigit())):
            ok = False
        if ok:
            return True
        start = line.find(needle, start + 1)
    return False


# Figures of a gold answer: every number in `answer` must be printed near a cited line (or be the computed
# result). Years, dates and section numbers are not figures; they are masked out before numbers are read,
# in the answer and in the report lines alike (so the '5' of '2025년 5. 19.' is no evidence for '5개').
NOT_FIGURE_RES = (
    re.compile(r"(?:(?:19|20)\d\d|'\d\d)\s*\.\s*\d{1,2}\s*\.(?:\s*\d{1,2}\s*\.)?"),  # 2026. 3. 31. / '25.9.30.
    re.compile(r"(?:19|20)\d\d\s*년\s*\d{1,2}\s*\.\s*\d{1,2}\s*\."),                  # 2025년 5. 19.
    re.compile(r"~\s*\d{1,2}\s*\.(?!\d)"),                                           # '~ 12.' closing a period
    re.compile(r"(?<![\d,.])\d+(?:-\d+)+\)?"),                                       # section/row numbers 1-2, 1-1-8)
    # a year: 19xx/20xx standing alone, not a count or an amount ('2,000명', '2020명' stay figures)
    re.compile(r"(?<![\d,.])(?:19|20)\d\d(?![\d,.]\d)(?!\s*(?:명|개|건|대|곳|회|식|종|%|원|천원|백만원|억))"),
    re.compile(r"(?<![\d,.])\d{1,2}\s*(?:월|일|분기|차년도)"),                          # 3월, 31일, 2분기
)
FIGURE_RE = re.compile(r"(?<![\d,.])\d[\d,]*(?:\.\d+)?(?![\d])")
HEADING_NUMBER_RE = re.compile(r"^\s*(\d+(?:\.\d+)+\.)")  # '3.3.' of '3.3. 서울은 기반 ...'


def _mask_not_figures(text: str, headings: tuple[str, ...] = ()) -> str:
    """Blank out years, dates and section numbers (and the numbers of `headings`) so that figures remain."""
    for h in headings:
        m = HEADING_NUMBER_RE.match(h)
        if m:
            text = re.sub(r"(?<![\d.])" + re.escape(m.group(1)), " " * len(m.group(1)), text)
    for rx in NOT_FIGURE_RES:
        text = rx.sub(lambda m: " " * len(m.group(0)), text)
    return text


def figures(text: str, headings: tuple[str, ...] = ()) -> list[str]:
    """Numbers of `text` that are figures (not years, dates, section numbers), as printed without commas.

    A dotted number such as '3.3.' is a figure unless it is the number of one of `headings` (the item's
    `section`): '집행률 7.8.' must be printed, '3.3. 사업개요' names the cited section.
    """
    out = []
    for m in FIGURE_RE.finditer(_mask_not_figures(text, headings)):
        tok = m.group(0).rstrip(",.").replace(",", "")
        if tok:
            out.append(tok)
    return out


def _same_number(a: str, b: str) -> bool:
    """True when two printed numbers have the same value ('46.50' and '46.5'; '6245888' and '6,245,888')."""
    try:
        return _number_value(a) == _number_value(b)
    except ValueError:
        return False


def _declared_conversions(must_contain: list[str], alt: dict[str, Any]) -> set[str]:
    """Figures of alt_forms variants that are a printed must_contain figure in a larger unit ('101억' for 10,128,418).

    A variant's number counts when it is the must_contain number divided by a power of ten and rounded to
    the variant's printed decimals (천원 → 억원 is ÷ 100,000; 백만원 → 억 is ÷ 100).
    """
    out: set[str] = set()
    for s in must_contain:
        base = figures(s)
        variants = alt.get(s, []) if isinstance(alt, dict) else []
        if len(base) != 1 or not isinstance(variants, list):
            continue
        value = _number_value(base[0])
        for v in variants:
            for fig in figures(v) if isinstance(v, str) else []:
                target = _number_value(fig)
                tol = Fraction(1, 2 * 10 ** _decimals(fig))
                if any(abs(value / 10 ** k - target) <= tol for k in range(1, 13)):
                    out.add(fig)
    return out


def _near(needle: str, lines: list[str], cited: list[int]) -> bool:
    """True when `needle` occurs in a line within ±WINDOW of one of the cited lines."""
    for c in cited:
        for n in range(max(1, c - WINDOW), min(len(lines), c + WINDOW) + 1):
            if occurs(needle, lines[n - 1]):
                return True
    return False


def _check_section(section: str, corpus: CorpusFile, cited: list[int], where: str) -> list[str]:
    """A section heading must be printed at the start of a line at or before the cited line."""
    first = min(cited) if cited else len(corpus.lines)
    for n in range(first, 0, -1):
        if corpus.lines[n - 1].strip().startswith(section):
            return []
    anywhere = [i for i, ln in enumerate(corpus.lines, 1) if ln.strip().startswith(section)]
    if anywhere:
        return [f"{where}: section {section!r} is printed at line(s) {anywhere[:3]} of {corpus.path.name}, "
                f"all after the cited line {first}; cite lines inside the section"]
    return [f"{where}: section {section!r} is not the start of any line of {corpus.path.name}; "
            "copy the heading as printed (a trailing '(부서)' or '(기준일)' may be left off)"]


def _check_item(item: dict[str, Any], corpus: dict[str, CorpusFile]) -> list[str]:
    """All problems of one item."""
    iid = item.get("id")
    where = f"line {item['_lineno']} ({iid})" if isinstance(iid, str) else f"line {item['_lineno']}"
    problems: list[str] = []
    for key in REQUIRED:
        if key not in item:
            problems.append(f"{where}: missing required field {key!r}")
    extra = sorted(k for k in item if k not in REQUIRED and k not in OPTIONAL and k != "_lineno")
    if extra:
        problems.append(f"{where}: unknown field(s) {extra}; allowed: {list(REQUIRED + OPTIONAL)}")
    if problems:
        return problems

    for key in ("id", "question", "type", "doc", "section", "answer"):
        if not isinstance(item[key], str):
            problems.append(f"{where}: {key!r} must be a string, got {type(item[key]).__name__}")
    if not _is_str_list(item["must_contain"]):
        problems.append(f"{where}: 'must_contain' must be a list of strings")
    if problems:
        return problems
    for key in ("id", "question", "type", "doc", "section", "answer"):
        if item[key] != item[key].strip():
            problems.append(f"{where}: {key!r} has leading or trailing whitespace")
    strings = [item["question"], item["answer"], item["section"], *item["must_contain"]]
    if any(not unicodedata.is_normalized("NFC", s) for s in strings):
        problems.append(f"{where}: text is not NFC-normalised; normalise with unicodedata.normalize('NFC', ...)")

    typ, doc = item["type"], item["doc"]
    m = ID_RE.match(item["id"])
    if typ not in TYPES:
        problems.append(f"{where}: type {typ!r} is not one of {sorted(TYPES)}")
    if not m:
        problems.append(f"{where}: id {item['id']!r} must look like 'bf-012' (two letters, '-', three digits)")
    elif typ in TYPES and m.group(1) != TYPE_PREFIX[typ]:
        problems.append(f"{where}: id prefix {m.group(1)!r} does not match type {typ!r} (expected {TYPE_PREFIX[typ]!r})")
    if not item["question"]:
        problems.append(f"{where}: empty question")
    if "phrasing" in item and item["phrasing"] not in PHRASINGS:
        problems.append(f"{where}: phrasing {item['phrasing']!r} must be one of {sorted(PHRASINGS)}")
    if "style" in item and item["style"] not in STYLES:
        problems.append(f"{where}: style {item['style']!r} must be one of {sorted(STYLES)}")
    if "verdict" in item:
        if item["verdict"] not in VERDICTS:
            problems.append(f"{where}: verdict {item['verdict']!r} must be 'yes' or 'no'")
        elif typ == "unanswerable":
            problems.append(f"{where}: an unanswerable item has no verdict")
    if "history" in item:
        hist = item["history"]
        if not _is_str_list(hist) or not hist or any(not h.strip() for h in hist) or len(hist) > MAX_HISTORY:
            problems.append(f"{where}: history must be a list of 1-{MAX_HISTORY} non-empty earlier questions, oldest first")

    # doc and line shape
    cited: dict[str, list[int]] = {}
    line = item["line"]
    if doc == BOTH:
        if not isinstance(line, dict) or len(line) < 2:
            problems.append(f"{where}: doc 'both' needs line as an object with one list per report, "
                            'e.g. {"2025": [88], "2026": [109]}')
        else:
            for year, lines in line.items():
                if year not in corpus:
                    problems.append(f"{where}: line key {year!r} is not a report year of the corpus {sorted(corpus)}")
                elif not (isinstance(lines, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in lines)):
                    problems.append(f"{where}: line[{year!r}] must be a list of integers")
                else:
                    cited[year] = lines
    elif doc in corpus:
        if not (isinstance(line, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in line)):
            problems.append(f"{where}: line must be a list of 1-based line numbers for doc {doc!r}")
        else:
            cited[doc] = line
    else:
        problems.append(f"{where}: doc {doc!r} is not 'both' or a report year of the corpus {sorted(corpus)}")
    if problems:
        return problems
    for year, lines in cited.items():
        n_lines = len(corpus[year].lines)
        bad = [x for x in lines if not 1 <= x <= n_lines]
        if bad:
            problems.append(f"{where}: line(s) {bad} outside 1..{n_lines} of {corpus[year].path.name}")
        if len(set(lines)) != len(lines):
            problems.append(f"{where}: duplicate line numbers {lines} for {year}")
    if problems:
        return problems

    all_cited = [x for lines in cited.values() for x in lines]
    if typ == "unanswerable":
        if item["must_contain"]:
            problems.append(f"{where}: unanswerable item must have empty must_contain")
        if all_cited:
            problems.append(f"{where}: unanswerable item must cite no lines (line [] or {{year: []}})")
        if item["section"]:
            problems.append(f"{where}: unanswerable item must have section ''")
        if item["answer"] != ABSTAIN_TEXT:
            problems.append(f"{where}: unanswerable answer must be exactly {ABSTAIN_TEXT!r}")
        for key in ("alt_forms", "computed"):
            if key in item:
                problems.append(f"{where}: unanswerable item must not have {key!r}")
        return problems

    # answerable items
    if not item["must_contain"]:
        problems.append(f"{where}: must_contain is empty; list the strings a correct answer must contain")
    if any(not s.strip() for s in item["must_contain"]):
        problems.append(f"{where}: must_contain has an empty string")
    if len(set(item["must_contain"])) != len(item["must_contain"]):
        problems.append(f"{where}: must_contain has duplicates")
    if not item["answer"] or item["answer"] == ABSTAIN_TEXT:
        problems.append(f"{where}: answerable item needs a gold answer, not the abstain text")
    if not item["section"]:
        problems.append(f"{where}: answerable item needs the section heading")
    for year, lines in cited.items():
        if not lines:
            problems.append(f"{where}: no line cited for report {year}")
    if problems:
        return problems

    alt = item.get("alt_forms", {})
    if "alt_forms" in item:
        if not isinstance(alt, dict) or not all(isinstance(v, list) for v in alt.values()):
            problems.append(f"{where}: alt_forms must be an object mapping a must_contain string to a list of variants")
            alt = {}
        else:
            for key, variants in alt.items():
                if key not in item["must_contain"]:
                    problems.append(f"{where}: alt_forms key {key!r} is not one of must_contain")
                if not variants or not _is_str_list(variants) or any(not v.strip() for v in variants):
                    problems.append(f"{where}: alt_forms[{key!r}] must be a non-empty list of non-empty strings")

    # the gold answer must itself satisfy must_contain (catches typos in either)
    for s in item["must_contain"]:
        if s not in item["answer"] and not any(v in item["answer"] for v in alt.get(s, []) if isinstance(v, str)):
            problems.append(f"{where}: gold answer does not contain must_contain {s!r}")

    # computed formula
    computed_results: set[str] = set()
    operands: list[str] = []
    if "computed" in item:
        formula = item["computed"]
        if not isinstance(formula, str):
            problems.append(f"{where}: computed must be a string like '185,838,410 - 179,524,030 = 6,314,380'")
        else:
            try:
                lhs, rhs, dec, operands = evaluate_formula(formula)
            except ValueError as e:
                problems.append(f"{where}: computed: {e}")
            else:
                tol = Fraction(1, 2 * 10 ** dec)
                if abs(lhs - rhs) > tol:
                    shown = float(lhs) if lhs.denominator != 1 else lhs.numerator
                    problems.append(f"{where}: computed {formula!r} is wrong: the left side evaluates to {shown}")
                result = formula.split("=")[1].strip()
                computed_results = {result, result.rstrip("%").strip()}
                if not any(r in s for s in item["must_contain"] for r in computed_results):
                    problems.append(f"{where}: computed result {result!r} is not in must_contain")

    # proximity: every must_contain string (except a computed result) and every operand near a cited line
    def near_any(s: str) -> bool:
        return any(_near(s, corpus[y].lines, ls) for y, ls in cited.items())

    unprinted: list[str] = []  # must_contain strings already reported as not printed near a cited line
    for s in item["must_contain"]:
        if computed_results and (s in computed_results or any(r and r in s for r in computed_results)):
            continue
        if not near_any(s):
            unprinted.append(s)
            files = ", ".join(f"{corpus[y].path.name} {ls}" for y, ls in cited.items())
            problems.append(f"{where}: must_contain {s!r} does not occur within ±{WINDOW} lines of the cited "
                            f"line(s) ({files}); fix the line number or copy the string verbatim")
    for op in operands:
        if re.fullmatch(r"10*", op.replace(",", "")):
            continue  # a scale constant such as 100 (percent) or 1,000 (천원 → 원), not a figure of the report
        if not near_any(op):
            problems.append(f"{where}: computed operand {op!r} does not occur within ±{WINDOW} lines of a cited line")

    # every figure of the gold answer is printed within ±WINDOW lines of a cited line or is the computed result
    nearby: set[str] = set()
    for y, ls in cited.items():
        lines = corpus[y].lines
        for c in ls:
            for n in range(max(1, c - WINDOW), min(len(lines), c + WINDOW) + 1):
                nearby.update(figures(lines[n - 1]))
    allowed = nearby | {r.rstrip("%").strip().replace(",", "").lstrip("△") for r in computed_results}
    allowed |= {op.replace(",", "").lstrip("△") for op in operands}  # the formula spelled out, '× 100' included
    allowed |= _declared_conversions(item["must_contain"], alt)
    allowed |= {f for s in unprinted for f in figures(s)}  # reported once, as a must_contain problem
    for fig in dict.fromkeys(figures(item["answer"], tuple(item["section"].split(BOTH_SEP)))):
        if not any(_same_number(fig, a) for a in allowed):
            files = ", ".join(f"{corpus[y].path.name} {ls}" for y, ls in cited.items())
            problems.append(f"{where}: gold answer has the figure {fig!r}, which is not printed within ±{WINDOW} "
                            f"lines of the cited line(s) ({files}) and is not the computed result; cite the line "
                            "that prints it, or drop it from the answer")

    # section heading(s): for 'both', or when the cited lines fall in two sections, headings are joined
    # with ' | '; each heading must start a line of a cited report at or before that report's last cited line
    for sec in item["section"].split(BOTH_SEP):
        found = [_check_section(sec, corpus[y], [max(ls)], where) for y, ls in cited.items()]
        if all(found):
            problems.append(found[0][0])
    return problems


def validate_items(items: list[dict[str, Any]], corpus: dict[str, CorpusFile]) -> list[str]:
    """Problems of already-parsed items against a loaded corpus."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for item in items:
        iid = item.get("id")
        if isinstance(iid, str):
            if iid in seen:
                problems.append(f"line {item['_lineno']} ({iid}): duplicate id, first used on line {seen[iid]}")
            else:
                seen[iid] = item["_lineno"]
        problems.extend(_check_item(item, corpus))
    return problems


def validate_dataset(path: Path | str, corpus_dir: Path | str = DEFAULT_CORPUS) -> list[str]:
    """All problems of the dataset at `path` checked against the reports in `corpus_dir` (empty list: valid)."""
    path = Path(path)
    if not path.is_file():
        return [f"{path}: no such file; expected the JSONL gold set (default {DEFAULT_DATASET})"]
    corpus, problems = load_corpus(Path(corpus_dir))
    items, format_problems = load_items(path)
    problems.extend(format_problems)
    if corpus:
        problems.extend(validate_items(items, corpus))
    return problems


def summary(path: Path | str) -> dict[str, Any]:
    """Counts by type, doc and phrasing (for the README and the CLI)."""
    items, _ = load_items(Path(path))
    out: dict[str, Any] = {"total": len(items), "type": {}, "doc": {}, "phrasing": {}}
    for it in items:
        for key in ("type", "doc", "phrasing"):
            v = str(it.get(key, "-"))
            out[key][v] = out[key].get(v, 0) + 1
    return out


def main(argv: list[str] | None = None) -> int:
    """CLI entry point: print problems (exit 1) or a summary (exit 0)."""
    ap = argparse.ArgumentParser(prog="python -m eval.validate", description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT_DATASET), help="JSONL gold set (default: %(default)s)")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="directory of the report .txt files")
    args = ap.parse_args(argv)
    problems = validate_dataset(Path(args.file), Path(args.corpus))
    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s) in {args.file}", file=sys.stderr)
        return 1
    s = summary(Path(args.file))
    print(f"OK: {s['total']} items; type {s['type']}; doc {s['doc']}; phrasing {s['phrasing']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
