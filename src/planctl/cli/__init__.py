"""Command-line entry point: registers each command module, then runs the app.

Every command lives in a module of its own in this package; each imports the
core it needs inside the command body, so start-up stays cheap.
"""

from __future__ import annotations

import os
import sys

from planctl.cli.app import app
from planctl.cli.common import EXIT_USAGE, state
from planctl.cli import validate, summary, schema, init  # noqa: F401,E402  (register commands)


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
