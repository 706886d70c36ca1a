"""The optional LLM path: the LLM rewrites the grounded answer from its numbered evidence, then is verified.

Numbers never depend on the LLM: every figure and every [n] of its text must verify against the grounded
answer's citations (`app.verify`), otherwise the grounded answer is returned with a note and the reason logged.
"""
from __future__ import annotations

import dataclasses
import logging
import time
from typing import Callable, Iterator

from app.llm import LLMBackend, LLMError
from app.prompts import USER_PROMPT, load_prompt, render_messages, scaffold_lines
from app.types import ABSTAIN_TEXT, Answer
from app.verify import VerifyResult, verify_answer
from index import settings

log = logging.getLogger("dcqa.llm")

# A reply that starts a new chat turn or echoes the prompt is not an answer.
ROLE_LABELS = ("System:", "User:", "Assistant:", "<start_of_turn>", "<end_of_turn>")


class LLMTimeoutError(TimeoutError):
    """The LLM took longer than the `llm_timeout_s` setting."""


def check_format(text: str, scaffold: list[str]) -> list[str]:
    """Reasons why `text` is not an answer: a role label or a fixed line of the user prompt in it."""
    reasons = [f"프롬프트 형식이 답변에 섞임: {label}" for label in ROLE_LABELS if label in text]
    lines = {line.strip() for line in text.splitlines()}
    reasons += [f"프롬프트를 되풀이함: {s}" for s in scaffold if s in lines]
    return reasons


def timed_pieces(backend: LLMBackend, system: str, user: str, timeout_s: float) -> Iterator[str]:
    """The backend's reply piece by piece; raises LLMTimeoutError once `timeout_s` has passed."""
    started = time.perf_counter()
    stream = backend.stream(system, user)
    try:
        for piece in stream:
            if not isinstance(piece, str):
                raise TypeError(f"backend {backend.name!r} yielded {type(piece).__name__}; expected str pieces")
            if piece:
                yield piece
            if time.perf_counter() - started > timeout_s:
                raise LLMTimeoutError(f"LLM이 {timeout_s:g}초 안에 답하지 못했습니다 (설정 llm_timeout_s)")
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    if time.perf_counter() - started > timeout_s:  # a backend that stops itself at its deadline
        raise LLMTimeoutError(f"LLM이 {timeout_s:g}초 안에 답하지 못했습니다 (설정 llm_timeout_s)")


def _fallback(grounded: Answer, backend_name: str, reason: str) -> Answer:
    """The grounded answer with a note on why the LLM answer was not used."""
    note = f"LLM({backend_name}) 답변을 쓰지 않고 근거 기반 답변을 냈습니다: {reason}"
    log.warning("LLM answer rejected (%s): %s | question=%r", backend_name, reason, grounded.question)
    return dataclasses.replace(grounded, notes=[*grounded.notes, note])


def _judge(question: str, grounded: Answer, name: str, text: str, elapsed_ms: float) -> Answer:
    """The verified LLM answer, an LLM abstention, or the grounded answer with the reasons for rejecting the text."""
    problems = check_format(text, scaffold_lines(load_prompt(USER_PROMPT)))
    result: VerifyResult = verify_answer(text, grounded.citations, grounded.text)
    reasons = problems + result.reasons
    if reasons:
        return _fallback(grounded, name, "; ".join(reasons))
    log.info("LLM answer verified (%s): %d figures checked, cited %s", name, result.numbers_checked, result.cited)
    if result.abstained:
        if grounded.abstained:
            return dataclasses.replace(
                grounded, text=ABSTAIN_TEXT, citations=[], abstained=True, mode=f"llm:{name}",
                latency_ms=grounded.latency_ms + elapsed_ms,
                notes=[*grounded.notes, f"LLM({name})이 근거에서 답을 찾지 못해 답변을 보류했습니다."],
            )
        # the grounded evidence answers the question: a bare refusal from the model must not hide it
        log.info("LLM refused although the grounded answer did not (%s); grounded answer used", name)
        return dataclasses.replace(
            grounded, latency_ms=grounded.latency_ms + elapsed_ms,
            notes=[*grounded.notes, f"LLM({name})이 답변을 보류했지만 근거에서 찾은 답변을 냈습니다."],
        )
    cited = set(result.cited)
    return Answer(
        text=text,
        citations=[c for c in grounded.citations if c.n in cited],
        abstained=False,
        mode=f"llm:{name}",
        latency_ms=grounded.latency_ms + elapsed_ms,
        question=grounded.question or question,
        notes=[*grounded.notes, f"LLM 답변 검증 통과: 수치 {result.numbers_checked}개, 근거 {len(cited)}개"],
    )


def stream_with_llm(question: str, grounded: Answer, backend: LLMBackend) -> Iterator[tuple[str, object]]:
    """Yield ("token", piece) as the LLM writes, then exactly one ("answer", Answer).

    The Answer is the verified LLM answer, or `grounded` with a note when the text was rejected; a consumer that
    showed the pieces must replace them with `Answer.text` when `Answer.mode` does not start with "llm:"."""
    if grounded.abstained or not grounded.citations:
        yield ("answer", grounded)
        return
    started = time.perf_counter()
    name = getattr(backend, "name", type(backend).__name__)
    pieces: list[str] = []
    try:
        system, user = render_messages(question, grounded)
        for piece in timed_pieces(backend, system, user, float(settings.get("llm_timeout_s"))):
            pieces.append(piece)
            yield ("token", piece)
    except Exception as e:  # noqa: BLE001 - any backend failure means: use the grounded answer
        log.warning("LLM call failed (%s): %s", name, e, exc_info=not isinstance(e, (LLMTimeoutError, LLMError)))
        yield ("answer", _fallback(grounded, name, f"{type(e).__name__}: {e}"))
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    yield ("answer", _judge(question, grounded, name, "".join(pieces).strip(), elapsed_ms))


def answer_with_llm(question: str, grounded: Answer, backend: LLMBackend,
                    on_token: Callable[[str], None] | None = None) -> Answer:
    """The LLM's answer when every figure and [n] verifies against `grounded.citations`, else `grounded` with a note.

    `on_token` gets each piece as it is generated (before the verdict)."""
    result = grounded
    events = stream_with_llm(question, grounded, backend)
    try:
        for kind, value in events:
            if kind == "token":
                if on_token is not None:
                    on_token(str(value))
            else:
                assert isinstance(value, Answer)
                result = value
    finally:
        events.close()
    return result
