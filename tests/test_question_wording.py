"""How a question is worded does not change what it is answered with: a formal request ('…을 제시하시오',
'…를 설명해 주십시오') gets the figure and citation the plain question gets. (Own questions, none from an eval set.)"""
from __future__ import annotations

import re

import pytest

from app.answer import answer
from tests.test_answer import cited_lines, corpus_index


@pytest.fixture(scope="module")
def idx():  # noqa: ANN201
    return corpus_index()


def figures(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*(?:\.\d+)?", text))


@pytest.mark.parametrize("plain,formal", [
    ("2026년 정보보안과 기본경비 예산현액은?", "2026년 정보보안과 기본경비 예산현액을 제시하시오."),
    ("2025년 서울기록원 현원은?", "2025년 서울기록원의 현원을 밝혀 주십시오."),
])
def test_a_formal_request_is_answered_like_the_plain_question(idx, plain: str, formal: str) -> None:  # noqa: ANN001
    a, b = answer(plain, index=idx), answer(formal, index=idx)
    assert not a.abstained and not b.abstained, b.text
    assert figures(a.text) <= figures(b.text)
    assert cited_lines(a) == cited_lines(b)
