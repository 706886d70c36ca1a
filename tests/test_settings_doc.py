"""Every declared setting is documented in docs/SETTINGS.md, and bad values fail with a named message."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.settings_doc import load_all, render_markdown
from index import settings

DOC = Path(__file__).resolve().parent.parent / "docs" / "SETTINGS.md"


def test_settings_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/SETTINGS.md is out of date: run `python -m app settings > docs/SETTINGS.md`"
    )


def test_every_setting_has_help_and_env_name() -> None:
    for s in load_all().values():
        assert s.help.strip(), f"setting {s.name} has no help text"
        assert s.env == "DCQA_" + s.name.upper()


def test_bad_value_names_variable_and_expected_type(monkeypatch: pytest.MonkeyPatch) -> None:
    load_all()
    monkeypatch.setenv("DCQA_FUSION_K", "sixty")
    with pytest.raises(settings.SettingError) as e:
        settings.validate()
    msg = str(e.value)
    assert "DCQA_FUSION_K" in msg and "'sixty'" in msg and "int" in msg
