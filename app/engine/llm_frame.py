"""The optional LLM parser: where an LLM backend is configured and `frame_llm` is on, the LLM may propose the
frame of a question (JSON) and write a follow-up out as a standalone question. Nothing it says is trusted:

- a proposed frame is checked against the schema, the lexicon (operations, measure ids, item classes) and the
  index's vocabulary: every name must be a vocabulary name that the question's own words link to, every year one
  the reports cover or the question writes; one violation rejects the whole proposal (`ProposalRejected`);
- a rewritten follow-up is parsed by the built-in parser like any question and accepted only when every word it
  adds was understood and every name and figure it holds comes from the conversation or the question.

The executor computes and cites as always; the built-in parser and the built-in follow-up resolution are the
fallback (app/engine/pipeline.understand decides, and notes which path was taken in `Frame.notes`).
"""
from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from app.engine.coverage import coverage
from app.engine.frame import Frame
from app.engine.lexicon import OPERATIONS, Lexicon, lexicon
from app.engine.link import find_projects
from app.engine.parse import parse
from app.engine.text import compact, is_hangul, nfc
from app.engine.vocab import Entry, Vocabulary
from app.llm import LLMBackend, LLMError, get_backend
from index import settings

settings.declare("frame_llm", False, "Let the LLM backend (setting llm) propose the frame of a question and rewrite a "
                 "follow-up as a standalone question; every proposal is checked against the lexicon and the index's "
                 "vocabulary and the built-in parser is the fallback. No effect while llm is off.")

FRAME_SYSTEM, FRAME_USER = "frame_system.txt", "frame_user.txt"
FOLLOWUP_SYSTEM, FOLLOWUP_USER = "followup_system.txt", "followup_user.txt"
LLM_OPS = ("lookup", *OPERATIONS)  # not two_step: its subject is read from passages, not named
FRAME_KEYS = ("op", "years", "report_year", "units", "rows", "projects", "metrics", "klass", "order", "k")
ORDERS = ("desc", "asc")
MAX_K = 20
MAX_CANDIDATES = 5  # names offered per kind
MAX_REPLY_CHARS = 2000  # a frame longer than this is not a frame
MAX_REWRITE_CHARS = 200
MAX_HISTORY = 4  # earlier turns shown to the rewriter
_CACHE_SIZE = 256
_QUOTES = " \t'\"`‘’“”「」『』<>"
_LABEL = re.compile(r"^(?:바꿔\s*쓴\s*질문|독립\s*질문|질문|standalone(?:\s*question)?|question|rewrite|q)\s*[:：]\s*",
                    re.IGNORECASE)
_NUMBER = re.compile(r"\d[\d,.]*")


class ProposalRejected(ValueError):
    """An LLM proposal failed a check; the message says which one (it goes into `Frame.notes`)."""


# --- when the LLM is asked ----------------------------------------------------------------------------


def frame_backend() -> LLMBackend | None:
    """The backend to ask, or None: `frame_llm` off or `llm` off (no call at all). Raises LLMError when both are on
    and the backend cannot be used (the caller falls back to the built-in parser)."""
    if not settings.get("frame_llm"):
        return None
    return get_backend()


_REPLIES: OrderedDict[tuple[str, ...], str] = OrderedDict()
_REPLIES_LOCK = threading.Lock()


def clear_replies() -> None:
    """Forget the cached replies (tests, or after changing the backend at run time)."""
    with _REPLIES_LOCK:
        _REPLIES.clear()


def ask(backend: LLMBackend, system: str, user: str, limit: int = MAX_REPLY_CHARS) -> str:
    """The backend's reply, cut at `limit` characters (the stream is closed there). Replies are cached per backend
    and prompt: a conversation's earlier turns are understood again with every new question."""
    key = (type(backend).__name__, backend.name, str(getattr(backend, "base_url", "")), system, user)
    with _REPLIES_LOCK:
        if key in _REPLIES:
            _REPLIES.move_to_end(key)
            return _REPLIES[key]
    pieces: Iterator[str] = backend.stream(system, user)
    text = ""
    try:
        for piece in pieces:
            text += piece
            if len(text) >= limit:
                break
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()
    text = text[:limit]
    with _REPLIES_LOCK:
        _REPLIES[key] = text
        while len(_REPLIES) > _CACHE_SIZE:
            _REPLIES.popitem(last=False)
    return text


# --- candidates: the names the question's words link to -----------------------------------------------


@dataclass
class Candidates:
    """Vocabulary names (display form) a question may mean, per kind; the LLM may pick only these."""

    units: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)

    def keys(self, kind: str) -> set[str]:
        return {compact(x) for x in getattr(self, kind)}

    def block(self) -> str:
        """The candidates as prompt lines."""
        def line(label: str, names: list[str]) -> str:
            return f"- {label}: " + (", ".join(names) if names else "(없음)")

        return "\n".join([line("부서(units)", self.units), line("행(rows)", self.rows),
                          line("사업(projects)", self.projects)])


def _kind_of(e: Entry) -> str | None:
    if e.kind == "department":
        return "units"
    if e.kind in ("row", "team"):
        return "rows"
    if e.kind == "project":
        return "projects"
    return None


def _bigrams(key: str) -> set[str]:
    return {key[i:i + 2] for i in range(len(key) - 1)}


def _words(text: str) -> list[str]:
    """The question's words, compact, without trailing particles and punctuation (two letters or more)."""
    from app.engine.link import PARTICLES

    out = []
    for w in re.findall(r"[가-힣A-Za-z0-9·]+", text):
        k = compact(w)
        for p in sorted(PARTICLES, key=len, reverse=True):
            if k.endswith(p) and len(k) - len(p) >= 2:
                k = k[: -len(p)]
                break
        if len(k) >= 2:
            out.append(k)
    return out


def candidates(question: str, vocab: Vocabulary, builtin: Frame | None = None) -> Candidates:
    """The names the question's words link to: the built-in parser's links first, then project titles that share
    a stretch with the question, then names sharing most letter pairs with one of its words; `MAX_CANDIDATES` per
    kind. Pure given the vocabulary."""
    f = builtin if builtin is not None else parse(question, vocab)
    found: dict[str, list[tuple[float, str]]] = {"units": [], "rows": [], "projects": []}

    def add(kind: str | None, text: str, score: float) -> None:
        if kind is None:
            return
        have = [i for i, (_, t) in enumerate(found[kind]) if compact(t) == compact(text)]
        if have:
            i = have[0]
            found[kind][i] = (max(found[kind][i][0], score), found[kind][i][1])
        else:
            found[kind].append((score, text))

    for lk in (f.linked.links if f.linked else []):
        for e in lk.entries:
            add(_kind_of(e), e.text, 2.0 + lk.score)
    for u in f.units:
        add("units", u, 3.0)
    for r in f.rows:
        add("rows", r, 3.0)
    for p in f.projects:
        add("projects", p.text, 3.0)
    for lk in find_projects(compact(f.text), vocab)[:MAX_CANDIDATES]:
        if lk.score >= 0.3:
            add("projects", lk.entries[0].text, 1.0 + lk.score)
    for word in dict.fromkeys(_words(f.text) + _words(question)):
        grams = _bigrams(word)
        if not grams:
            continue
        for key in vocab.keys_sharing_bigrams(word, min(2, len(grams))):
            shared = len(grams & _bigrams(key))
            dice = 2 * shared / (len(grams) + len(_bigrams(key)))
            if dice < 0.5 or shared < 0.6 * len(_bigrams(key)):
                continue  # the word must write most of the name ('정보보안' → 정보보안과, not '시스템' → 정보시스템과)
            for e in vocab.get(key):
                add(_kind_of(e), e.text, dice)
    out = Candidates()
    for kind, scored in found.items():
        scored.sort(key=lambda x: (-x[0], x[1]))
        setattr(out, kind, [t for _, t in scored[:MAX_CANDIDATES]])
    return out


# --- the frame proposal ---------------------------------------------------------------------------------


def frame_messages(question: str, vocab: Vocabulary, cands: Candidates, lex: Lexicon | None = None) -> tuple[str, str]:
    """(system, user) prompts asking for the frame of `question` as JSON (prompts/frame_*.txt)."""
    from app.prompts import load_prompt, render

    lex = lex or lexicon()
    system = render(
        load_prompt(FRAME_SYSTEM), FRAME_SYSTEM,
        operations=", ".join(LLM_OPS),
        metrics=", ".join(f"{m.id}({m.name})" for m in lex.metrics.values()),
        classes=", ".join(f"{c.id}({c.name})" for c in lex.classes.values()),
    )
    user = render(
        load_prompt(FRAME_USER), FRAME_USER,
        report_years=", ".join(str(y) for y in vocab.report_years) or "(없음)",
        candidates=cands.block(),
        question=nfc(question),
    )
    return system, user


def first_json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in a reply (code fences and prose around it ignored), or None."""
    decoder = json.JSONDecoder()
    for m in re.finditer(r"\{", text):
        try:
            obj, _ = decoder.raw_decode(text, m.start())
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            return obj
    return None


def propose_frame(question: str, vocab: Vocabulary, backend: LLMBackend,
                  builtin: Frame | None = None) -> dict[str, Any] | None:
    """The LLM's frame of the question as a decoded JSON object (unchecked), or None on any failure: a backend
    error or timeout, a missing prompt file, a reply holding no JSON object."""
    from app.prompts import PromptError

    try:
        system, user = frame_messages(question, vocab, candidates(question, vocab, builtin))
        reply = ask(backend, system, user)
    except (LLMError, PromptError):
        return None
    except Exception:  # noqa: BLE001 - a backend may fail in any way; the built-in parser answers then
        return None
    proposal = first_json_object(reply)
    if proposal is not None and proposal == first_json_object(system):
        return None  # the prompt's own example echoed back, not a reading of the question
    return proposal


def _names(value: Any, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]  # one name written without its list
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ProposalRejected(f"{key} must be a list of names, got {value!r}"[:200])
    return [x.strip(_QUOTES) for x in value if x.strip(_QUOTES)]


def _year(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not re.fullmatch(r"\d{4}", str(value).strip()):
        raise ProposalRejected(f"{key} must hold 4-digit years, got {value!r}"[:200])
    return int(str(value).strip())


def allowed_years(vocab: Vocabulary, builtin: Frame) -> set[int]:
    """Years a frame may ask: the reports' years and the year before each (a report prints last year's budget),
    and every year the question writes or means ('작년')."""
    return set(vocab.report_years) | {y - 1 for y in vocab.report_years} | set(builtin.years)


def check_frame(proposal: Any, question: str, vocab: Vocabulary, builtin: Frame, lex: Lexicon | None = None) -> Frame:
    """The proposal as a frame, or ProposalRejected naming the first violation. A field the proposal leaves out
    keeps the built-in frame's value; a name must be a vocabulary name the question's words link to
    (`candidates`), written as printed or differing only in spacing."""
    lex = lex or lexicon()
    if not isinstance(proposal, dict):
        raise ProposalRejected("the reply is not a JSON object")
    unknown = sorted(str(k) for k in proposal if k not in FRAME_KEYS)
    if unknown:
        raise ProposalRejected(f"unknown key(s) {unknown}; expected only {list(FRAME_KEYS)}")
    if builtin.op == "two_step":
        raise ProposalRejected("the question asks two steps (a unit found first, then its figure), which the frame "
                               "schema cannot carry")
    p = proposal
    out = builtin.with_(units=list(builtin.units), rows=list(builtin.rows), projects=list(builtin.projects),
                        years=list(builtin.years), metrics=list(builtin.metrics), notes=list(builtin.notes),
                        conditions=list(builtin.conditions))
    if "op" in p:
        if p["op"] not in LLM_OPS:
            raise ProposalRejected(f"op {p['op']!r} is not one of {list(LLM_OPS)}"[:200])
        if p["op"] == "verify" and builtin.op != "verify":
            raise ProposalRejected("op 'verify' but the question states no claim the built-in parser found")
        out.op = p["op"]
    if "years" in p:
        years = p["years"] if isinstance(p["years"], list) else [p["years"]] if p["years"] is not None else []
        out.years = list(dict.fromkeys(_year(y, "years") for y in years))
        bad = [y for y in out.years if y not in allowed_years(vocab, builtin)]
        if bad:
            raise ProposalRejected(f"year(s) {bad} neither covered by the reports {vocab.report_years} "
                                   f"nor in the question")
        out.year_explicit = bool(out.years)  # the reading writes them out
    if "report_year" in p:
        ry = None if p["report_year"] is None else _year(p["report_year"], "report_year")
        if ry is not None and ry not in vocab.report_years:
            raise ProposalRejected(f"report_year {ry} is not a report of the index {vocab.report_years}")
        out.report_year = ry
    cands = candidates(question, vocab, builtin)
    if "units" in p:
        out.units = []
        for name in _names(p["units"], "units"):
            key = compact(name)
            if key not in vocab.departments:
                raise ProposalRejected(f"unit {name!r} is not a department of the index")
            if key not in cands.keys("units"):
                raise ProposalRejected(f"unit {name!r} is not named by the question's words")
            if vocab.departments[key] not in out.units:
                out.units.append(vocab.departments[key])
    if "rows" in p:
        out.rows = []
        for name in _names(p["rows"], "rows"):
            key = compact(name)
            entry = next((e for e in vocab.get(key) if e.kind in ("row", "team")), None)
            if entry is None:
                raise ProposalRejected(f"row {name!r} is not a row label of the index")
            if key not in cands.keys("rows"):
                raise ProposalRejected(f"row {name!r} is not named by the question's words")
            if entry.text not in out.rows:
                out.rows.append(entry.text)
    if "projects" in p:
        out.projects = []
        for name in _names(p["projects"], "projects"):
            key = compact(name)
            entry = next((e for e in vocab.projects if e.key == key), None)
            if entry is None:
                raise ProposalRejected(f"project {name!r} is not a project title of the index")
            if key not in cands.keys("projects"):
                raise ProposalRejected(f"project {name!r} is not named by the question's words")
            if entry not in out.projects:
                out.projects.append(entry)
        if out.projects and [e.key for e in out.projects] != [e.key for e in builtin.projects]:
            out.project_score = 1.0  # named by its full title (the standalone reading writes it out)
    if "metrics" in p:
        metrics = _names(p["metrics"], "metrics")
        unknown_ids = [m for m in metrics if m not in lex.metrics]
        if unknown_ids:
            raise ProposalRejected(f"metric id(s) {unknown_ids} unknown; known are {list(lex.metrics)}")
        out.metrics = list(dict.fromkeys(metrics))
    if "klass" in p:
        if p["klass"] is not None and (not isinstance(p["klass"], str) or p["klass"] not in lex.classes):
            raise ProposalRejected(f"klass {p['klass']!r} is not one of {list(lex.classes)}"[:200])
        out.klass = p["klass"]
    if "order" in p:
        if p["order"] is not None and p["order"] not in ORDERS:
            raise ProposalRejected(f"order {p['order']!r} is not one of {list(ORDERS)}"[:200])
        out.order = p["order"]
    if "k" in p:
        k = p["k"]
        if k is None:
            k = builtin.k
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise ProposalRejected(f"k must be a whole number from 1 to {MAX_K}, got {k!r}"[:200])
        out.k = k
    if not (out.units or out.rows or out.parts or out.projects or out.terms or out.metrics or out.klass
            or out.op != "lookup"):
        raise ProposalRejected("the proposal names nothing and asks for no measure")
    if out.op in ("rank", "list", "count") and out.klass is None:
        out.klass = "department"  # as the built-in parser reads a ranking that names no class
    if out.op == "rank" and out.order is None:
        out.order = "desc"
    return out


def checked_frame(proposal: Any, question: str, vocab: Vocabulary, builtin: Frame) -> Frame | None:
    """`check_frame`, with None for a rejected proposal."""
    try:
        return check_frame(proposal, question, vocab, builtin)
    except ProposalRejected:
        return None


def reading_of(f: Frame) -> tuple[Any, ...]:
    """What a frame asks, for telling two readings apart (order and k only where they matter)."""
    core: tuple[Any, ...] = (f.op, tuple(f.years), f.report_year, tuple(f.units), tuple(f.rows),
                             tuple(e.key for e in f.projects), tuple(f.metrics))
    if f.op in ("rank", "list", "count"):
        core += (f.klass,)
    if f.op == "rank":
        core += (f.order, f.k)
    return core


# --- the follow-up rewrite ---------------------------------------------------------------------------------


def _turn_names(turn: Any) -> list[str]:
    """What an earlier turn (conversation.Turn) named or answered about."""
    f = turn.frame
    names = [*f.entities(), *f.terms, *turn.focus_units, *turn.focus_things, *turn.items[:12]]
    if turn.project is not None:
        names.append(turn.project.text)
    return list(dict.fromkeys(n for n in names if n))


def history_lines(prior: Sequence[Any]) -> list[str]:
    """The last earlier turns as prompt lines: the question, how it was read, and what its answer was about."""
    lines = []
    for turn in list(prior)[-MAX_HISTORY:]:
        line = f"질문: {turn.question}"
        if compact(turn.text) != compact(turn.question):
            line += f" (이해한 질문: {turn.text})"
        names = _turn_names(turn)
        if names:
            line += f" / 답변이 다룬 것: {', '.join(names[:8])}"
        lines.append(line)
    return lines


def followup_messages(question: str, history_texts: Sequence[str]) -> tuple[str, str]:
    """(system, user) prompts asking for the follow-up as one standalone question (prompts/followup_*.txt)."""
    from app.prompts import load_prompt, render

    system = render(load_prompt(FOLLOWUP_SYSTEM), FOLLOWUP_SYSTEM)
    history = "\n".join(f"{i}. {t}" for i, t in enumerate(history_texts, 1)) or "(없음)"
    user = render(load_prompt(FOLLOWUP_USER), FOLLOWUP_USER, history=history, question=nfc(question))
    return system, user


def clean_rewrite(reply: str, prompt_lines: Iterable[str] = ()) -> str | None:
    """The question in a reply: its first non-empty line without a label or quotes; None when there is none, it is
    too long to be one question, or it repeats one of `prompt_lines` (the prompt echoed back)."""
    echoed = {nfc(x) for x in prompt_lines if x.strip()}
    for line in reply.splitlines():
        if nfc(line) in echoed:
            return None
        line = _LABEL.sub("", line.strip()).strip(_QUOTES)
        if line:
            text = nfc(line)
            if len(text) > MAX_REWRITE_CHARS or not any(is_hangul(c) for c in text):
                return None
            return text
    return None


def rewrite_followup(question: str, history_texts: Sequence[str], backend: LLMBackend) -> str | None:
    """The LLM's standalone version of a follow-up (unchecked), or None on any failure."""
    from app.prompts import PromptError

    try:
        system, user = followup_messages(question, history_texts)
        reply = ask(backend, system, user, limit=MAX_REWRITE_CHARS * 2)
    except (LLMError, PromptError):
        return None
    except Exception:  # noqa: BLE001 - a backend may fail in any way; the built-in resolution answers then
        return None
    echo = [x for x in (system + "\n" + user).splitlines() if nfc(x) != nfc(question)]
    return clean_rewrite(reply, echo)


def _conversation_bits(prior: Sequence[Any]) -> list[str]:
    """Everything the conversation showed: questions, their readings, what the answers named and quoted."""
    bits: list[str] = []
    for turn in prior:
        bits += [turn.question, turn.text, *_turn_names(turn), *(q for _, _, q in turn.cited)]
    return bits


def _numbers(text: str) -> set[str]:
    """The numbers written in a text, without thousands separators ('1,880' → '1880')."""
    return {m.group(0).rstrip(".,").replace(",", "") for m in _NUMBER.finditer(text)}


def check_rewrite(rewrite: str, question: str, prior: Sequence[Any], vocab: Vocabulary, builtin: Frame) -> Frame:
    """The rewrite parsed by the built-in parser, or ProposalRejected: it names a thing, or states a figure, that
    neither the question nor the conversation holds, or it has words that no stage understood and that the
    question and the conversation do not hold either."""
    f = parse(rewrite, vocab)
    bits = _conversation_bits(prior)
    said = compact(question) + "\n" + compact(" ".join(bits))
    known = {compact(n) for turn in prior for n in _turn_names(turn)}
    known |= {compact(n) for n in [*builtin.entities(), *builtin.terms]}
    known |= {e.key for turn in prior for e in turn.frame.projects}
    known |= {e.key for e in builtin.projects}
    for name in [*f.units, *f.rows, *f.parts, *f.terms]:
        if compact(name) not in known and compact(name) not in said:
            raise ProposalRejected(f"the rewrite names {name!r}, which neither the question nor the conversation does")
    for e in f.projects:
        if e.key not in known and e.key not in said:
            raise ProposalRejected(f"the rewrite names the project {e.text!r}, which neither the question nor the "
                                   f"conversation does")
    years = allowed_years(vocab, builtin) | {y for turn in prior for y in turn.frame.years}
    written = _numbers(question) | {n for b in bits for n in _numbers(b)}
    for raw in sorted(_numbers(rewrite)):
        if raw in written or (raw.isdigit() and (int(raw) in years or 2000 + int(raw) in years)):
            continue
        raise ProposalRejected(f"the rewrite states {raw!r}, which neither the question nor the conversation does")
    cov = coverage(f, vocab)
    strange = [w for w in cov.absent + cov.unused if w not in said]
    if strange:
        raise ProposalRejected(f"the rewrite has words no stage understood: {strange}")
    return f
