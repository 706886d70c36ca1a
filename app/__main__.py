"""`python -m app` starts the chat UI; `python -m app ask …` answers from the shell; `python -m app audit …`;
`python -m app settings` prints every setting."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "ask":
        from app.cli import main as ask_main

        return ask_main(argv[1:])
    if argv and argv[0] == "audit":
        from app.audit_cli import main as audit_main

        return audit_main(argv[1:])
    if argv and argv[0] == "settings":
        from app.settings_doc import render_markdown

        sys.stdout.write(render_markdown())
        return 0
    from app.ui import main as ui_main

    return ui_main(argv)


if __name__ == "__main__":
    sys.exit(main())
