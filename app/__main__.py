"""`python -m app` starts the chat UI; `python -m app ask …` answers from the shell; `python -m app chat` holds a
conversation in the terminal; `python -m app audit …`;
`python -m app settings` prints every setting; `python -m app passwd NAME` prints a login line for the UI.

Every command runs through `app.guard.run_command`: settings validated once, logs masked, one line per error."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from app.guard import run_command

    if argv and argv[0] == "ask":
        from app.cli import main as ask_main

        return run_command(lambda: ask_main(argv[1:]))
    if argv and argv[0] == "chat":
        from app.chat_cli import main as chat_main

        return run_command(lambda: chat_main(argv[1:]))
    if argv and argv[0] == "audit":
        from app.audit_cli import main as audit_main

        return run_command(lambda: audit_main(argv[1:]))
    if argv and argv[0] == "settings":
        from app.settings_doc import SETTING_MODULES, print_markdown

        return run_command(print_markdown, modules=SETTING_MODULES)
    if argv and argv[0] == "passwd":
        from app.auth import passwd_main

        return run_command(lambda: passwd_main(argv[1:]), modules=("app.auth",))
    from app.guard import CLI_SETTING_MODULES
    from app.ui import main as ui_main

    return run_command(lambda: ui_main(argv), modules=(*CLI_SETTING_MODULES, "app.ui"))


if __name__ == "__main__":
    sys.exit(main())
