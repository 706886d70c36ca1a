"""Every declared setting in one table: `python -m app settings` prints it; docs/SETTINGS.md holds a copy."""
from __future__ import annotations

import importlib
import sys

from index import settings

# Modules that declare settings; importing them registers their declarations.
SETTING_MODULES = (
    "index.settings",
    "index.chunker",
    "index.bm25",
    "index.embed",
    "index.search",
    "index.build",
    "index.api",
    "index.intake",
    "app.inputs",
    "app.answer",
    "app.llm",
    "app.engine.llm_frame",
    "app.prompts",
    "app.logstore",
    "app.guard",
    "app.auth",
    "app.limits",
    "app.ui",
    "app.audit",
)


def load_all() -> dict[str, settings.Setting]:
    """Import every module that declares settings and return the registry."""
    for name in SETTING_MODULES:
        importlib.import_module(name)
    return settings.all_settings()


def render_markdown() -> str:
    """The settings table as Markdown (the body of docs/SETTINGS.md)."""
    rows = [
        "# Settings",
        "",
        "Every setting is read from the environment variable shown (`DCQA_<NAME>`); unset means the default.",
        "Values are validated at start-up; a bad value stops the program with a message naming the variable.",
        "Regenerate this file with `python -m app settings > docs/SETTINGS.md`.",
        "",
        "| variable | default | meaning |",
        "| --- | --- | --- |",
    ]
    for s in sorted(load_all().values(), key=lambda s: s.env):
        default = str(s.default)
        if default.startswith(str(settings.REPO_ROOT)):
            default = "<repo>" + default[len(str(settings.REPO_ROOT)):]
        default = default.replace("|", "\\|") or "(empty)"
        help_text = s.help.replace("|", "\\|")
        rows.append(f"| `{s.env}` | `{default}` | {help_text} |")
    return "\n".join(rows) + "\n"


def print_markdown() -> int:
    """`python -m app settings`: the table on stdout."""
    sys.stdout.write(render_markdown())
    return 0
