"""The optional LLM parser (app/engine/llm_frame.py) against a fake OpenAI-compatible server on 127.0.0.1
(tools/openai_server.py in front of a scripted backend): a checked proposal is used, anything else falls back to
the built-in parser, and with the default settings no request is made. Own questions, none from an eval set."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from app import llm
from app.answer import answer
from app.engine import llm_frame, understand
from app.engine.llm_frame import ProposalRejected, check_frame, clean_rewrite, first_json_object
from app.engine.parse import parse
from app.engine.vocab import vocabulary
from app.llm import LLMBackend
from tests.net import free_port
from tests.test_answer import DOC_2026, FakeIndex, cited_lines, corpus_index
from tests.test_conversation import chat
from tools.openai_server import OpenAIServer
from tools.openai_server import start as start_server

PARAPHRASE = "데이터센터 식구는 몇이야?"  # the built-in parser finds no measure in '식구'
STAFF_FRAME = {"op": "lookup", "years": [], "report_year": None, "units": ["데이터센터"], "rows": [], "projects": [],
               "metrics": ["staff"], "klass": None, "order": None, "k": 1}
FIRST, FOLLOW = "2026년 정보통신과 현원은?", "거기 식구 말고 처음 짜 놓은 머릿수는?"  # (the built-in reader cannot read it)


class ScriptedBackend(LLMBackend):
    """Replies looked up by the question in the prompt (a conversation's earlier turns are understood again with
    every new question, so order cannot pick the reply); an unknown frame question gets '{}' (nothing proposed)
    and an unknown follow-up is echoed (it stands alone)."""

    name = "fake-frame"

    def __init__(self) -> None:
        self.frames: dict[str, str] = {}
        self.rewrites: dict[str, str] = {}
        self.prompts: list[tuple[str, str]] = []
        self.fail: Exception | None = None

    def stream(self, system: str, user: str) -> Iterator[str]:
        self.prompts.append((system, user))
        if self.fail is not None:
            raise self.fail
        m = re.search(r"\[마지막 질문\]\n(.*)\n", user)
        if m:
            reply = self.rewrites.get(m.group(1), m.group(1))
        else:
            q = re.search(r"\[질문\]\n(.*)\n", user)
            reply = self.frames.get(q.group(1) if q else "", "{}")
        for i in range(0, len(reply), 7):
            yield reply[i:i + 7]


@pytest.fixture(scope="module")
def idx() -> FakeIndex:
    return corpus_index()


def _use(monkeypatch: pytest.MonkeyPatch, base_url: str) -> None:
    """The OpenAI-compatible backend at `base_url`, and the LLM parser on."""
    monkeypatch.setenv("DCQA_LLM", "openai")
    monkeypatch.setenv("DCQA_LLM_BASE_URL", base_url)
    monkeypatch.setenv("DCQA_LLM_TIMEOUT_S", "10")
    monkeypatch.setenv("DCQA_FRAME_LLM", "1")
    llm.clear_cache()
    llm_frame.clear_replies()


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[OpenAIServer, ScriptedBackend]]:
    backend = ScriptedBackend()
    server, thread = start_server(backend, model="fake-frame")
    _use(monkeypatch, server.base_url)
    yield server, backend
    llm.clear_cache()
    llm_frame.clear_replies()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def builtin_answer(idx: FakeIndex, question: str, monkeypatch: pytest.MonkeyPatch, **kw: Any) -> Any:
    """The answer with the LLM parser off (the default)."""
    with monkeypatch.context() as m:
        m.setenv("DCQA_FRAME_LLM", "0")
        return answer(question, index=idx, **kw)


def parser_notes(question: str, idx: FakeIndex, prior: Any = None) -> list[str]:
    return [n for n in understand(question, idx.data, prior).frame.notes if n.startswith("parser:")]


# --- (a) a checked proposal is used --------------------------------------------------------------------------


def test_a_checked_llm_frame_answers_a_paraphrase_the_builtin_parser_misreads(
        fake, idx, monkeypatch) -> None:  # noqa: ANN001
    server, backend = fake
    before = builtin_answer(idx, PARAPHRASE, monkeypatch)
    assert "65명" not in before.text and before.resolved is None
    backend.frames[PARAPHRASE] = "```json\n" + json.dumps(STAFF_FRAME, ensure_ascii=False) + "\n```"
    a = answer(PARAPHRASE, index=idx)
    assert a.resolved == "데이터센터 현원은?"
    assert a.text == ("'데이터센터 현원은?'(으)로 이해했습니다. "
                      "2026년 데이터센터의 현원은 65명[1][2]입니다 (2026.3.31. 기준)."), a.text
    assert (DOC_2026, 38) in cited_lines(a)  # the 현원 row of the 2026 staffing table
    assert parser_notes(PARAPHRASE, idx) == ["parser: llm (데이터센터 현원은?)"]
    body = server.requests[0]
    assert body["model"] == "fake-frame"
    system, user = backend.prompts[0]
    assert '"metrics": []' in system and "staff(" in system and "lookup" in system
    assert "데이터센터" in user.split("[후보]")[1].split("[질문]")[0]  # the names the question's words link to
    assert "2026, 2025" in user


def test_a_proposal_through_the_built_index(fake, built_index: Path) -> None:  # noqa: ANN001
    from index.api import open_index

    _, backend = fake
    backend.frames[PARAPHRASE] = json.dumps(STAFF_FRAME, ensure_ascii=False)
    a = answer(PARAPHRASE, index=open_index(built_index))
    assert a.resolved == "데이터센터 현원은?" and "65명" in a.text and (DOC_2026, 38) in cited_lines(a), a.text


def test_a_proposal_that_agrees_with_the_builtin_frame_changes_nothing(fake, idx, monkeypatch) -> None:  # noqa: ANN001
    _, backend = fake
    q = "2026년 데이터센터 정원은?"
    backend.frames[q] = json.dumps(dict(STAFF_FRAME, years=[2026], metrics=["authorized"]), ensure_ascii=False)
    a = answer(q, index=idx)
    assert a.text == builtin_answer(idx, q, monkeypatch).text and a.resolved is None
    assert parser_notes(q, idx) == ["parser: builtin (the llm frame agrees)"]


def test_a_name_written_with_other_spacing_is_read_as_the_vocabulary_name(idx) -> None:  # noqa: ANN001
    vocab = vocabulary(idx.data)
    builtin = parse(PARAPHRASE, vocab)
    f = check_frame(dict(STAFF_FRAME, units=["데이터 센터"]), PARAPHRASE, vocab, builtin)
    assert f.units == ["데이터센터"] and f.metrics == ["staff"] and f.op == "lookup"
    kept = check_frame({"metrics": ["staff"]}, PARAPHRASE, vocab, builtin)  # fields left out keep the builtin's
    assert kept.units == builtin.units == ["데이터센터"] and kept.metrics == ["staff"]


# --- (b) a proposal that fails a check is rejected and the built-in answer given ------------------------------

REJECTED = [
    ({"units": ["디지털혁신과"]}, "unit '디지털혁신과' is not a department of the index"),
    ({"units": ["서울기록원"]}, "unit '서울기록원' is not named by the question's words"),
    ({"metrics": ["headcount"]}, "metric id(s) ['headcount'] unknown"),
    ({"op": "forecast"}, "op 'forecast' is not one of"),
    ({"years": [2019]}, "year(s) [2019] neither covered by the reports"),
    ({"projects": ["서울 메타버스 플랫폼 구축"]}, "project '서울 메타버스 플랫폼 구축' is not a project title of the index"),
    ({"answer": "65명"}, "unknown key(s) ['answer']"),
    ({"k": 0}, "k must be a whole number from 1 to 20"),
]


@pytest.mark.parametrize("change,reason", REJECTED)
def test_b_a_proposal_failing_a_check_is_rejected_and_the_builtin_answer_given(
        fake, idx, monkeypatch, change: dict[str, Any], reason: str) -> None:  # noqa: ANN001
    _, backend = fake
    backend.frames[PARAPHRASE] = json.dumps(dict(STAFF_FRAME, **change), ensure_ascii=False)
    a = answer(PARAPHRASE, index=idx)
    assert a.text == builtin_answer(idx, PARAPHRASE, monkeypatch).text and a.resolved is None
    notes = parser_notes(PARAPHRASE, idx)
    assert len(notes) == 1 and notes[0].startswith("parser: builtin (llm frame rejected: ") and reason in notes[0], notes


# --- (c) garbage, errors and a dead server fall back without an exception --------------------------------------


def test_c_garbage_reply_falls_back_to_the_builtin_parser(fake, idx, monkeypatch) -> None:  # noqa: ANN001
    _, backend = fake
    backend.frames[PARAPHRASE] = "죄송합니다. 질문을 이해하지 못했습니다. {op: lookup"
    a = answer(PARAPHRASE, index=idx)
    assert a.text == builtin_answer(idx, PARAPHRASE, monkeypatch).text
    assert parser_notes(PARAPHRASE, idx) == [
        "parser: builtin (llm frame failed: an error, a timeout or no JSON object in the reply)"]


def test_c_a_backend_failing_mid_request_falls_back(fake, idx, monkeypatch) -> None:  # noqa: ANN001
    _, backend = fake
    backend.fail = RuntimeError("모델이 응답하지 않습니다")
    a = answer(PARAPHRASE, index=idx)
    assert a.text == builtin_answer(idx, PARAPHRASE, monkeypatch).text


def test_c_server_down_falls_back_to_the_builtin_parser(idx, monkeypatch) -> None:  # noqa: ANN001
    _use(monkeypatch, f"http://127.0.0.1:{free_port()}/v1")  # nothing listens there
    a = answer(PARAPHRASE, index=idx)
    assert a.text == builtin_answer(idx, PARAPHRASE, monkeypatch).text
    notes = parser_notes(PARAPHRASE, idx)
    assert len(notes) == 1 and notes[0].startswith("parser: builtin (llm unavailable: LLM 서버에 연결할 수 없습니다")
    llm.clear_cache()


def test_c_the_first_json_object_of_a_reply() -> None:
    assert first_json_object('프레임입니다: {"op": "rank", "k": 3} 그리고 {"op": "list"}') == {"op": "rank", "k": 3}
    assert first_json_object("{op: rank}") is None and first_json_object("[1, 2]") is None


# --- (d) a follow-up rewritten by the LLM ------------------------------------------------------------------------


def test_d_a_rewritten_follow_up_is_used(fake, idx, monkeypatch) -> None:  # noqa: ANN001
    _, backend = fake
    _, before = chat(idx, FIRST, FOLLOW, ask=lambda q, **kw: builtin_answer(idx, q, monkeypatch, history=kw["history"]))
    assert "27명" not in before.text
    backend.rewrites[FOLLOW] = "2026년 정보통신과 정원은?"
    first, follow = chat(idx, FIRST, FOLLOW)
    assert "29명" in first.text
    assert follow.resolved == "2026년 정보통신과 정원은?"
    assert follow.text.startswith("'2026년 정보통신과 정원은?'(으)로 이해했습니다. ") and "27명" in follow.text, follow.text
    assert (DOC_2026, 37) in cited_lines(follow)  # the 정원 row
    history = next(u for s, u in backend.prompts if FOLLOW in u).split("[앞의 대화]")[1]
    assert FIRST in history and "정보통신과" in history


@pytest.mark.parametrize("rewrite,reason", [
    ("2026년 서울기록원 정원은?", "the rewrite names '서울기록원', which neither the question nor the conversation does"),
    ("정보통신과 정원이 30명 맞나요?", "the rewrite states '30', which neither the question nor the conversation does"),
])
def test_d_a_rewrite_bringing_in_what_nobody_said_is_rejected(fake, idx, monkeypatch, rewrite: str,
                                                               reason: str) -> None:  # noqa: ANN001
    _, backend = fake
    _, before = chat(idx, FIRST, FOLLOW, ask=lambda q, **kw: builtin_answer(idx, q, monkeypatch, history=kw["history"]))
    backend.rewrites[FOLLOW] = rewrite
    _, follow = chat(idx, FIRST, FOLLOW)
    assert follow.text == before.text and follow.resolved == before.resolved
    from app.answer import _prior_turns

    prior = _prior_turns([FIRST], idx, None)
    assert parser_notes(FOLLOW, idx, prior) == [f"parser: builtin (llm rewrite rejected: {reason})"]


def test_d_a_follow_up_the_llm_leaves_as_it_is_gets_the_builtin_resolution(
        fake, idx, monkeypatch) -> None:  # noqa: ANN001
    def off(q: str, **kw: Any) -> Any:
        return builtin_answer(idx, q, monkeypatch, history=kw["history"])

    _, before = chat(idx, FIRST, "공간정보과는?", ask=off)
    _, follow = chat(idx, FIRST, "공간정보과는?")  # the fake echoes it: it stands alone
    assert follow.resolved == before.resolved == "2026년 공간정보과 현원은?" and follow.text == before.text


def test_d_clean_rewrite_takes_the_question_out_of_the_reply() -> None:
    assert clean_rewrite("바꿔 쓴 질문: “2025년 공간정보과 정원은?”\n설명: …") == "2025년 공간정보과 정원은?"
    assert clean_rewrite("\n\n") is None and clean_rewrite("OK") is None and clean_rewrite("가" * 300) is None


# --- (e) with the setting off, no request ------------------------------------------------------------------------


def test_e_setting_off_sends_no_request(fake, idx, monkeypatch) -> None:  # noqa: ANN001
    server, backend = fake
    monkeypatch.delenv("DCQA_FRAME_LLM")
    backend.frames[PARAPHRASE] = json.dumps(STAFF_FRAME, ensure_ascii=False)
    a = answer(PARAPHRASE, index=idx)
    chat(idx, FIRST, FOLLOW)
    assert "65명" not in a.text and server.requests == [] and backend.prompts == []
    assert parser_notes(PARAPHRASE, idx) == []


def test_e_setting_on_without_an_llm_backend_sends_no_request(fake, idx, monkeypatch) -> None:  # noqa: ANN001
    server, _ = fake
    monkeypatch.setenv("DCQA_LLM", "")
    answer(PARAPHRASE, index=idx)
    assert server.requests == [] and parser_notes(PARAPHRASE, idx) == []


def test_check_frame_rejects_verify_without_a_claim(idx) -> None:  # noqa: ANN001
    vocab = vocabulary(idx.data)
    with pytest.raises(ProposalRejected, match="verify"):
        check_frame({"op": "verify"}, PARAPHRASE, vocab, parse(PARAPHRASE, vocab))


def test_check_frame_rejects_any_proposal_for_a_two_step_question(idx) -> None:  # noqa: ANN001
    vocab = vocabulary(idx.data)
    q = "집행률 제일 낮은 과의 정원은?"
    builtin = parse(q, vocab)
    assert builtin.op == "two_step"
    with pytest.raises(ProposalRejected, match="two steps"):
        check_frame({"op": "rank", "metrics": ["exec_rate"], "order": "asc"}, q, vocab, builtin)


def test_an_echoed_prompt_is_no_proposal(fake, idx, monkeypatch) -> None:  # noqa: ANN001
    """A small base model repeats its prompt: the schema's example is not a frame, a prompt line not a question."""
    _, backend = fake
    system, _ = llm_frame.frame_messages(PARAPHRASE, vocabulary(idx.data), llm_frame.Candidates())
    backend.frames[PARAPHRASE] = system
    assert parser_notes(PARAPHRASE, idx) == [
        "parser: builtin (llm frame failed: an error, a timeout or no JSON object in the reply)"]
    backend.rewrites[FOLLOW] = "[앞의 대화]\n1. 질문: 2026년 정보통신과 현원은?"
    assert llm_frame.rewrite_followup(FOLLOW, ["질문: 2026년 정보통신과 현원은?"], backend) is None


def test_check_frame_rejects_a_proposal_that_names_and_asks_nothing(idx) -> None:  # noqa: ANN001
    vocab = vocabulary(idx.data)
    with pytest.raises(ProposalRejected, match="names nothing"):
        check_frame(dict(STAFF_FRAME, units=[], rows=[], metrics=[]), PARAPHRASE, vocab, parse(PARAPHRASE, vocab))
