"""Command-line entry point: registers each command module, then runs the app.

Every command lives in a module of its own in this package (found by
`_register_commands`); each imports the core it needs inside the command body,
so start-up stays cheap.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.cli.app import app
from planctl.cli.common import EXIT_USAGE, state

if TYPE_CHECKING:
    from typer._click.exceptions import ClickException


def _register_commands(only: str | None = None) -> None:
    """Import the command modules of this package; each registers itself on `app`.

    Discovery (rather than a hand-kept list) means adding a command is adding
    one module. The modules import only typer and the standard library at top
    level. When the command line names one command for certain, only its module
    is imported: typer then builds one command instead of every one of them
    (about 25 ms of each run, and pre-commit runs planctl on every commit).
    """
    import importlib

    for name in [only] if only else _command_modules():
        importlib.import_module(f"{__name__}.{name}")


def _command_modules() -> list[str]:
    import pkgutil

    return sorted(info.name for info in pkgutil.iter_modules(__path__)
                  if info.name not in ("app", "common") and not info.name.startswith("_"))


_MODULE_OF = {"set": "set_", "list": "list_", "import": "import_"}


def command_module(args: list[str]) -> str | None:
    """The module of the command `args` run, when that is certain; None: register them all
    (for --help, completing a command's name, a mistyped command, anything unusual).

    Global options before the command are stepped over by their arity, read from the app
    callback (so `--root DIR`, `--color=never`, `-q` and any option added there later);
    after the command they are the command's to parse. Shell completion of a command's
    arguments reads the command from the words already typed.
    """
    if any(name.endswith("_COMPLETE") for name in os.environ):
        from planctl.cli._complete import completed_words

        words = completed_words()
        if words is None:
            return None
        args = words
    takes_value = _global_options()
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, _ = arg.partition("=")
        if arg in takes_value:
            i += 2 if takes_value[arg] else 1
        elif eq and name.startswith("--") and takes_value.get(name):
            i += 1
        elif arg.startswith("-"):
            return None
        else:
            module = _MODULE_OF.get(arg, arg)
            return module if module in _command_modules() else None
    return None


def _global_options() -> dict[str, bool]:
    """Each spelling of a global option -> whether it takes a value."""
    from typer.main import get_params_convertors_ctx_param_name_from_function

    callback = app.registered_callback.callback if app.registered_callback else None
    params, _, _ = get_params_convertors_ctx_param_name_from_function(callback)
    return {spelling: not (getattr(p, "is_flag", False) or getattr(p, "count", False))
            for p in params for spelling in (*p.opts, *p.secondary_opts)}


def main(argv: list[str] | None = None) -> None:
    """Run planctl; no Python traceback reaches a user unless they ask for one."""
    import warnings

    import typer
    from typer._click.exceptions import ClickException, NoArgsIsHelpError  # typer's own click

    from planctl import i18n
    from planctl.cli.common import error_line
    from planctl.errors import PlanctlError, PlanctlWarning, describe_os_error

    state.reset()
    args = sys.argv[1:] if argv is None else argv
    # The app's callback sets --lang; a usage error is found before it runs, so it is read here too.
    i18n.configure(_lang_given(args))
    _register_commands(command_module(args))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default", PlanctlWarning)
            warnings.showwarning = _show_warning
            # Not standalone: click's own handling would draw usage errors as boxes and turn
            # a Ctrl-C at a prompt into "Aborted!" and exit 1, the "problems found" code.
            code = app(args=argv, prog_name="planctl", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else "")
        sys.exit(EXIT_USAGE)
    except ClickException as exc:
        sys.stderr.write(_usage_error(exc))
        sys.exit(EXIT_USAGE)
    except typer.Abort as exc:  # at a prompt: Ctrl-C, or the input ended (Ctrl-D)
        if isinstance(exc.__context__, EOFError):
            sys.stderr.write("\n" + error_line(i18n._("the input ended before the question was answered")))
            sys.exit(EXIT_USAGE)
        sys.stderr.write("\n" + _interrupted())  # off the prompt's line
        sys.exit(130)
    except PlanctlError as exc:
        sys.stderr.write(error_line(str(exc)))
        sys.exit(exc.exit_code)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            _quiet_pipe()
        if state.debug or os.environ.get("PLANCTL_DEBUG", "") not in ("", "0"):
            raise
        # A full disk, a read-only folder, a FIFO where a file belongs: the file and
        # what could not be done with it, in one line (never a traceback).
        sys.stderr.write(error_line(_one_line(describe_os_error(exc, _root_for_messages(), i18n._))))
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        sys.stderr.write(_interrupted())
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 130:  # typer turns a Ctrl-C into exit 130, saying nothing
            sys.stderr.write(_interrupted())
        raise
    except Exception as exc:  # the last line of defence
        if state.debug or os.environ.get("PLANCTL_DEBUG", "") not in ("", "0"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        sys.stderr.write(error_line(i18n._("{kind}: {message} (run with --debug for the traceback)").format(
            kind=type(exc).__name__, message=first), i18n._("planctl: internal error: ")))
        sys.exit(EXIT_USAGE)


def _lang_given(args: list[str]) -> str | None:
    """The value of the last `--lang` on the command line (None: none): what a usage error is
    said in, when the parser stops before the app's callback could read it."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--lang", "--language") and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith(("--lang=", "--language=")):
            found = arg.partition("=")[2]
    return found.lower() if found else None


def _usage_error(exc: ClickException) -> str:
    """A usage error in one line, as every other error, plus git's hint of where help is:
    `planctl: error: no such option: --bogus` / `Try 'planctl check --help' for help.`"""
    from planctl.cli._usage import usage_line
    from planctl.cli.common import error_line
    from planctl.i18n import _

    message, command = usage_line(exc)
    line = error_line(_one_line(message))
    if command is not None:
        line += _("Try '{command} --help' for help.").format(command=command) + "\n"
    return line


def _interrupted() -> str:
    """The line for a Ctrl-C (SIGINT) or SIGTERM: whether it stopped the write or came after it."""
    from planctl.i18n import _

    txn = sys.modules.get("planctl.txn")
    if txn is not None and getattr(txn, "interrupted_after_write", False):
        return _("planctl: interrupted after the files were written: the change is made") + "\n"
    return _("planctl: interrupted") + "\n"


def _quiet_pipe() -> None:
    """The reader went away (e.g. `planctl ... | head`): not an error of ours."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: object = None, line: str | None = None) -> None:
    from planctl.cli.common import warning_line
    from planctl.errors import PlanctlWarning

    if issubclass(category, PlanctlWarning):
        sys.stderr.write(warning_line(_one_line(str(message))))
    else:
        import warnings

        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _one_line(text: str) -> str:
    """A message from the file system can hold a file name with a newline in it."""
    from planctl.render import printable

    return printable(" ".join(text.splitlines()))


def _root_for_messages() -> str | None:
    """The plan root, to show file names relative to it; None when there is none."""
    from planctl.config import find_root
    from planctl.errors import PlanctlError

    try:
        return str(state.root.resolve() if state.root else find_root(Path.cwd()))
    except (PlanctlError, OSError):
        return None
