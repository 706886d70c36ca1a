"""Prompts are files in `prompts/` with named `{variables}`; rendering fails loudly on a missing or unused one."""
from __future__ import annotations

import string
from pathlib import Path
from typing import Sequence

from app.types import ABSTAIN_TEXT, Answer, Citation
from app.verify import SCALES, cell_figures, extract_figures
from index import settings
from index.settings import REPO_ROOT

settings.declare("llm_prompt_dir", str(REPO_ROOT / "prompts"), "Directory of the LLM prompt files (system.txt, user.txt).")

SYSTEM_PROMPT = "system.txt"
USER_PROMPT = "user.txt"
MAX_QUOTE_CHARS = 400  # a quote longer than this is cut in the prompt (the verifier still sees all of it)


class PromptError(ValueError):
    """A prompt file is missing, malformed, or does not match the variables passed to it."""


def prompt_dir() -> Path:
    return Path(settings.get("llm_prompt_dir"))


def load_prompt(name: str, directory: Path | None = None) -> str:
    """The text of prompt file `name` from the prompt directory."""
    path = (directory or prompt_dir()) / name
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise PromptError(
            f"prompt file {path} does not exist; expected {name} in the prompt directory "
            f"(setting llm_prompt_dir / DCQA_LLM_PROMPT_DIR). Restore it from git or point the setting elsewhere."
        ) from e


def variables(template: str, name: str = "<template>") -> set[str]:
    """The `{variable}` names used by a template; only plain names are allowed."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as e:
        raise PromptError(f"prompt {name} is not a valid template: {e}. Write literal braces as {{{{ and }}}}.") from e
    names: set[str] = set()
    for _, field_name, spec, conversion in fields:
        if field_name is None:
            continue
        if not field_name.isidentifier() or spec or conversion:
            raise PromptError(
                f"prompt {name} has the field {{{field_name}}}; expected a plain name such as {{question}} "
                f"(no positions, attributes, conversions or format specs). Fix the prompt file."
            )
        names.add(field_name)
    return names


def render(template: str, name: str = "<template>", **values: str) -> str:
    """Fill a template; a variable without a value, or a value the template does not use, is an error."""
    used = variables(template, name)
    missing = sorted(used - values.keys())
    unused = sorted(values.keys() - used)
    if missing:
        raise PromptError(
            f"prompt {name} uses {{{', '.join(missing)}}} but no value was given (given: {sorted(values)}). "
            f"Pass the value or remove the variable from the prompt file."
        )
    if unused:
        raise PromptError(
            f"prompt {name} does not use {{{', '.join(unused)}}} (uses: {sorted(used)}); the value would be "
            f"silently dropped. Add the variable to the prompt file or stop passing it."
        )
    return template.format(**values)


def scaffold_lines(template: str) -> list[str]:
    """The fixed, non-empty lines of a template (no variables): text an answer must never echo."""
    return [line.strip() for line in template.splitlines() if line.strip() and "{" not in line]


def _value_with_unit(c: Citation, grounded_text: str) -> str:
    """The cell value(s) with units written out where the table printed them elsewhere (51,701 → 51,701천원)."""
    assert c.value is not None
    printed = {(f.start, f.end): f.unit for f in extract_figures(c.value)}
    words = {v: k for k, v in SCALES.items()}
    text = c.value
    for f in sorted(cell_figures(c, grounded_text), key=lambda f: f.start, reverse=True):
        if f.unit is not None and printed.get((f.start, f.end), "?") is None:
            suffix = (words.get(f.scale, "") if f.scale != 1 else "") + f.unit
            text = text[: f.end] + suffix + text[f.end :]
    return text


def _one_line(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """Collapse a quote onto one line and cut it at `limit` characters."""
    flat = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def evidence_block(citations: Sequence[Citation], grounded_text: str = "") -> str:
    """Numbered evidence lines `[n] …` built from the grounded answer's citations."""
    lines: list[str] = []
    for c in citations:
        where = f"{c.line_start}행" if c.line_start == c.line_end else f"{c.line_start}–{c.line_end}행"
        parts: list[str] = []
        if c.value is not None:
            parts.append(f"값: {_value_with_unit(c, grounded_text)}")
            for label, text in (("표", c.table), ("행", c.row_path), ("열", c.column)):
                if text:
                    parts.append(f"{label}: {text}")
        parts.append(f"출처: {c.doc} {where}" + (f" ({c.section})" if c.section else ""))
        parts.append(f"원문: {_one_line(c.quote)}")
        lines.append(f"[{c.n}] " + " | ".join(parts))
    return "\n".join(lines)


def render_messages(question: str, grounded: Answer, directory: Path | None = None) -> tuple[str, str]:
    """(system, user) prompts for a question and the grounded answer's numbered evidence."""
    system = render(load_prompt(SYSTEM_PROMPT, directory), SYSTEM_PROMPT, abstain_text=ABSTAIN_TEXT)
    user = render(
        load_prompt(USER_PROMPT, directory),
        USER_PROMPT,
        evidence=evidence_block(grounded.citations, grounded.text),
        question=question.strip(),
    )
    return system, user
