"""The console script's entry point, kept free of imports.

`planctl --version` is answered before typer (or anything else) is imported:
editors, pre-commit and shell prompts ask for it often, and it should cost no
more than starting Python. Everything else goes to the full CLI.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from planctl import __version__

        sys.stdout.write(f"planctl {__version__}\n")
        return
    from planctl.cli import main as cli_main

    cli_main(args)
