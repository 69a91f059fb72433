"""Command-line entry point: registers each command module, then runs the app.

Every command lives in a module of its own in this package (found by
`_register_commands`); each imports the core it needs inside the command body,
so start-up stays cheap.
"""

from __future__ import annotations

import os
import sys

from planctl.cli.app import app
from planctl.cli.common import EXIT_USAGE, state


def _register_commands() -> None:
    """Import every command module of this package; each registers itself on `app`.

    Discovery (rather than a hand-kept list) means adding a command is adding
    one module. The modules import only typer and the standard library at top
    level, so this stays cheap.
    """
    import importlib
    import pkgutil

    skip = {"app", "common"}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name not in skip and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_register_commands()


def main(argv: list[str] | None = None) -> None:
    """Run planctl; no Python traceback reaches a user unless they ask for one."""
    from planctl.errors import PlanctlError

    try:
        app(args=argv, prog_name="planctl")
    except PlanctlError as exc:
        sys.stderr.write(f"planctl: error: {exc}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("planctl: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (e.g. `planctl ... | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if state.debug or os.environ.get("PLANCTL_DEBUG", "") not in ("", "0"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        sys.stderr.write(
            f"planctl: internal error: {type(exc).__name__}: {first} (run with --debug for the traceback)\n"
        )
        sys.exit(EXIT_USAGE)
