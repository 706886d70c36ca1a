"""Personal data masking (app/pii.py over ko-pii and app/data/pii_rules.json): real-looking and tricky cases."""
from __future__ import annotations

import json
import logging

import pytest

from app import pii
from app.pii import detect, mask, mask_value

MASKED = [
    # 주민등록번호 / 외국인등록번호: with and without hyphen, without a valid checksum (issued since 2020)
    ("제 주민번호는 900101-1234567 입니다", "제 주민번호는 [주민등록번호] 입니다"),
    ("8503152876543", "[주민등록번호]"),
    ("주민등록번호 850315 2876543", "주민등록번호 [주민등록번호]"),
    ("주민번호 850315-3876543", "주민번호 [주민등록번호]"),
    ("020202-4123456 아이", "[주민등록번호] 아이"),
    ("외국인등록번호 900101-5234567", "외국인등록번호 [외국인등록번호]"),
    ("950101-7123456", "[외국인등록번호]"),
    # phone numbers: mobile, landline, with and without hyphens, international, full-width
    ("010-1234-5678", "[전화번호]"),
    ("010 1234 5678", "[전화번호]"),
    ("01012345678로 연락", "[전화번호]로 연락"),
    ("010.1234.5678", "[전화번호]"),
    ("+82-10-1234-5678", "[전화번호]"),
    ("02-2133-1234", "[전화번호]"),
    ("0221331234", "[전화번호]"),
    ("02)2133-1234", "[전화번호]"),
    ("031-123-4567", "[전화번호]"),
    ("070-1234-5678", "[전화번호]"),
    ("연락처:010-1234-5678로", "연락처:[전화번호]로"),
    ("０１０－１２３４－５６７８", "[전화번호]"),
    # e-mail
    ("hong.gildong@seoul.go.kr", "[이메일]"),
    ("메일 HONG@EXAMPLE.COM 으로", "메일 [이메일] 으로"),
    ("홍길동@서울시청.kr", "[이메일]"),
    # card and account numbers (with or without a valid Luhn digit)
    ("카드 1234-5678-9012-3456", "카드 [카드번호]"),
    ("카드번호 4111 1111 1111 1111", "카드번호 [카드번호]"),
    ("4111111111111111", "[카드번호]"),
    ("카드번호는 1234567890123456 입니다", "카드번호는 [카드번호] 입니다"),
    ("계좌 110-123-456789", "계좌 [계좌번호]"),
    ("국민은행 123456-01-123456", "국민은행 [계좌번호]"),
    ("신한 110123456789 로 입금", "신한 [계좌번호] 로 입금"),
    ("계좌번호는 1002-123-456789", "계좌번호는 [계좌번호]"),
    # addresses, and a person's name together with an address
    ("서울특별시 중구 세종대로 110", "[주소]"),
    ("강남구 역삼동 123-45 202호 김철수", "[주소] [이름]"),
    ("홍길동(서울특별시 강남구 테헤란로 123)의 민원", "[이름]([주소])의 민원"),
    ("서울시 중구 세종대로 110 홍길동 씨에게 보내 주세요", "[주소] [이름] 씨에게 보내 주세요"),
    ("서울시 중구 세종대로 110에 사는 김철수입니다. 데이터센터 정원은?", "[주소]에 사는 [이름]입니다. 데이터센터 정원은?"),
    ("제 이름은 박영희이고 주소는 서울시 마포구 월드컵북로 400입니다", "제 이름은 [이름]이고 주소는 [주소]입니다"),
    ("성명: 이순신, 주소: 서울특별시 종로구 세종대로 175", "성명: [이름], 주소: [주소]"),
    ("홍길동 / 서울시 강남구 테헤란로 123 / 010-1111-2222", "[이름] / [주소] / [전화번호]"),
]

KEPT = [
    # dates as the reports print them
    "2026. 3. 31.", "2026.4.13.", "2024.12.31.", "4.13.~7.31.", "(2025.1.~2026.2.)", "2026-04-13 10:30",
    # budget figures, phone-like figures and percentages
    "18,859,041", "1,940백만원", "20,113,412천원", "12,345,678,901원", "세입 6,029,233 세출 12,345,678", "△232,836",
    "1,234-5,678", "02-2133", "010-12", "100-200-300", "123456-7890123", "95.3%", "△2.2%",
    # line numbers, years, counts
    "37행", "37–39행", "2025년", "'25년", "2,081개", "정원 274명 현원 281명", "SDA 867 vs 868백만원",
    # a name without an address, place and department words
    "김철수님 질문입니다", "25개 자치구", "송파구에서 상가의 불꽃", "중구 세종대로", "정보보안과 예산은?",
    "2026년 데이터센터 정원은?", "디지털도시국 현원이 정원보다 몇 명 많은지 알려주세요 (2026년 3월 말 기준)",
]


@pytest.mark.parametrize("text, expected", MASKED)
def test_personal_data_is_masked(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_dates_figures_and_line_numbers_are_not_masked(text: str) -> None:
    assert mask(text) == text


def test_question_with_rrn_phone_and_email_keeps_none_of_them() -> None:
    q = "제 주민번호 900101-1234567, 전화 010-1234-5678, 메일 hong@example.com 인데 2026년 데이터센터 정원은?"
    out = mask(q)
    for secret in ("900101-1234567", "1234567", "010-1234-5678", "hong@example.com", "example.com"):
        assert secret not in out
    assert out.endswith("인데 2026년 데이터센터 정원은?")


def test_no_eval_question_is_changed_by_normalisation_or_masking() -> None:
    """The engine answers mask(check_question(q)); for every question of the eval sets (and the earlier questions of
    a conversation) that is the question as typed, so no eval answer can change (bench/masking_eval.py answers
    them both ways: 0 of 649 changed)."""
    from pathlib import Path

    from app.inputs import check_question

    changed = []
    for path in sorted(Path("eval/data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                for q in [item["question"], *[h for h in item.get("history") or [] if isinstance(h, str)]]:
                    if mask(check_question(q)) != q.strip():
                        changed.append((path.name, q, mask(check_question(q))))
    assert changed == []


def test_findings_carry_labels_spans_and_sources() -> None:
    text = "전화 010-1234-5678 카드 1234-5678-9012-3456"
    found = detect(text)
    assert [(f.label, f.text(text)) for f in found] == [("phone", "010-1234-5678"), ("card", "1234-5678-9012-3456")]
    assert found[1].source == "rule:card_grouped"


def test_mask_value_masks_strings_inside_json() -> None:
    assert mask_value({"a": ["010-1234-5678", 3], "b": None}) == {"a": ["[전화번호]", 3], "b": None}


def test_every_rule_label_has_a_placeholder() -> None:
    rules = json.loads(pii.RULES_PATH.read_text(encoding="utf-8"))
    bad = dict(rules, rules=[*rules["rules"], {"name": "x", "label": "nope", "pattern": "x"}])
    with pytest.raises(ValueError, match="'nope' has no placeholder"):
        pii.Masker(bad)


def test_a_failing_library_still_masks_with_our_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    import ko_pii

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr(ko_pii, "detect_all", boom)
    assert mask("전화 010-1234-5678") == "전화 [전화번호]"


@pytest.mark.parametrize("text", ["1" * 2000, "010-" * 500, "a@" * 1000, "서울시 중구 " * 300, "계좌 " * 500,
                                  "\ud800" * 100, "x" * 5000 + "@example.com"])
def test_adversarial_text_is_handled(text: str) -> None:
    assert isinstance(mask(text), str)


def test_log_records_are_masked_whatever_the_handler(caplog: pytest.LogCaptureFixture) -> None:
    pii.install_log_masking()
    logger = logging.getLogger("dcqa.test.pii")
    with caplog.at_level(logging.INFO, logger="dcqa.test.pii"):
        logger.info("answering %r failed", "전화 010-1234-5678")
        logger.info("notes: %s", ["hong@example.com"])
        logger.info("plain 900101-1234567 and %d rows", 3)
        try:
            raise ValueError("bad question 010-9876-5432")
        except ValueError:
            logger.exception("failed")
    text = caplog.text
    for secret in ("010-1234-5678", "hong@example.com", "900101-1234567", "010-9876-5432"):
        assert secret not in text
    assert "[전화번호]" in text and "3 rows" in text and "ValueError" in text


def test_a_bare_city_name_is_not_an_address() -> None:
    """'부산 AI 행사는 언제?': a city named alone is a place, not someone's address; a street address still is."""
    assert mask("부산 AI 행사는 '25년 5월에 열리는 게 맞나요?") == "부산 AI 행사는 '25년 5월에 열리는 게 맞나요?"
    assert "[주소]" in mask("서울시 강남구 테헤란로 123으로 보내 주세요")
