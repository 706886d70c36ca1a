"""One clear line for every failure at the command line (`python -m app ask|audit|settings|passwd`).

`run_command(main, prog)` is the wrapper every command goes through:
- personal data is masked in every log record (`app.pii.install_log_masking`);
- every declared setting is parsed once before the command starts (a bad `DCQA_*` value is one line naming the
  variable, the expected form and the value; exit 2);
- a closed output pipe (`… | head -1`) ends the command quietly (exit 141, as a shell tool killed by SIGPIPE);
  any other output error (disk full, unwritable terminal) is one line (exit 1);
- Ctrl-C is one line (exit 130); an unexpected error is one line with its type and how to see the traceback
  (`DCQA_DEBUG=1`), never a traceback.

`OneLineParser` is argparse with usage errors on one line and exit status 2.
"""
from __future__ import annotations

import argparse
import errno
import importlib
import os
import re
import sys
from typing import Callable, NoReturn

from index import settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_PIPE = 0, 1, 2, 130, 141
MAX_LINE = 500

settings.declare("debug", False, "Show the full traceback of an unexpected error on the command line (for a bug "
                 "report) instead of one line.")

# The modules that declare the settings a command-line command may read (the UI's own are checked by the UI).
CLI_SETTING_MODULES = ("index.settings", "index.chunker", "index.bm25", "index.embed", "index.search", "app.inputs",
                       "app.answer", "app.llm", "app.prompts", "app.logstore", "app.audit", "app.guard")


def one_line(text: object, limit: int = MAX_LINE) -> str:
    """Text for a one-line message: whitespace runs (newlines too) as one space, invalid characters escaped, cut."""
    s = re.sub(r"\s+", " ", str(text)).strip()
    s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def say(message: str) -> None:
    """Write one line to stderr (never raises)."""
    try:
        sys.stderr.write(one_line(message, 2000) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed too: nothing more can be said
        pass


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one Korean line and exit status 2."""

    def __init__(self, *args: object, usage_hint: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.usage_hint = usage_hint or f"{self.prog} --help"

    def error(self, message: str) -> NoReturn:  # type: ignore[override]
        say(f"오류: {message} (사용법: {self.usage_hint})")
        raise SystemExit(EXIT_USAGE)


# Settings declared without a parser that checks their form (app/answer.py's `mode`): checked here until their
# declaration does (settings.one_of).
STRICTER = {"mode": settings.one_of("grounded", "llm")}


def validate_settings(modules: tuple[str, ...] = CLI_SETTING_MODULES) -> None:
    """Import the modules that declare settings and parse every declared value once (SettingError on a bad one)."""
    for name in modules:
        importlib.import_module(name)
    settings.validate(STRICTER)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _debug() -> bool:
    try:
        return bool(settings.get("debug"))
    except settings.SettingError:
        return False


def run_command(main: Callable[[], int], *, modules: tuple[str, ...] = CLI_SETTING_MODULES) -> int:
    """Run one command-line command with masked logs and validated settings; every failure is one line."""
    from app.pii import install_log_masking

    install_log_masking()
    try:
        validate_settings(modules)
        return int(main() or 0)
    except settings.SettingError as e:
        say(f"설정 오류: {e}")
        return EXIT_USAGE
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        say("중단되었습니다.")
        return EXIT_INTERRUPTED
    except OSError as e:
        if e.errno == errno.EPIPE:
            _quiet_stdout()
            return EXIT_PIPE
        if _debug():
            raise
        say(f"오류: 파일이나 출력에 쓸 수 없습니다 ({type(e).__name__}: {e}). 경로, 권한, 디스크 공간을 확인하세요.")
        return EXIT_ERROR
    except Exception as e:  # the command-line boundary: one line, the traceback only on request
        if _debug():
            raise
        say(f"오류: 예기치 않은 내부 오류입니다 ({type(e).__name__}: {e}). "
            "DCQA_DEBUG=1로 다시 실행하면 전체 내용이 나옵니다. 관리자에게 알려 주세요.")
        return EXIT_ERROR
