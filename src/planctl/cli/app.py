"""The Typer application and its global options.

Imports here are kept to typer and the standard library: `planctl --version`,
`--help` and shell completion must not pay for YAML, JSON Schema or git.

Global options are the parameters of the app callback, `main_options`; each works before the
command and after it (`planctl --root DIR check`, `planctl check --root DIR`: see
`planctl.cli._command`). The callback may therefore run twice, the second time with the
values given after the command: it only sets `state`.
"""

from __future__ import annotations

import enum
import os
from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli._command import PlanctlTyper
from planctl.cli.common import ColorChoice, examples, state
from planctl.i18n import N_

app = PlanctlTyper(
    name="planctl",
    help=N_("Validate, lint, cross-reference, export and edit a living action plan kept as YAML files in git."),
    epilog=N_("Global options work before or after the command: 'planctl check -q' is 'planctl -q check'. "
              "'planctl COMMAND --help' shows a command's options and examples.") + "\n"
           + examples("planctl check", "planctl show INI-001", "planctl --root ../plan list --where status=ongoing"),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)


class Lang(enum.StrEnum):
    sv = "sv"
    en = "en"


def _version(value: bool) -> None:
    if value:
        from planctl import __version__

        typer.echo(f"planctl {__version__}")
        raise typer.Exit()


def _color(value: ColorChoice | None) -> ColorChoice | None:
    """Eager, so that `--color never --help` draws help without colour too."""
    if value is not None:
        state.color = value.value
    return value


@app.callback()
def main_options(
    root: Path | None = typer.Option(
        None, "--root", metavar="DIR", help=N_("The plan repository (default: the nearest folder with planctl.toml).")
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help=N_("Only problems and data: no summary, count or 'Next:' lines.")),
    color: ColorChoice = typer.Option(
        ColorChoice.auto, "--color", metavar="WHEN", case_sensitive=False, is_eager=True, callback=_color,
        help=N_("auto, always or never (wins over NO_COLOR, FORCE_COLOR)."), show_default=False),
    no_pager: bool = typer.Option(False, "--no-pager", help=N_("Never page long output through less or $PAGER.")),
    debug: bool = typer.Option(False, "--debug", help=N_("Show a traceback for internal errors."),
                               envvar="PLANCTL_DEBUG"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help=N_("Print the version and exit.")),
    lang: Lang | None = typer.Option(
        None, "--lang", envvar="PLANCTL_LANG", case_sensitive=False, metavar="LANG", show_envvar=False,
        help=N_("sv or en (default: PLANCTL_LANG, the locale, then \\[plan] language).")),
) -> None:
    """Exit codes: 0 clean, 1 problems found, 2 usage, configuration or internal error, 130 interrupted."""
    from planctl import i18n

    i18n.configure(lang.value if lang else None, common.plan_language)
    state.root = root
    state.debug = debug or os.environ.get("PLANCTL_DEBUG", "") not in ("", "0")
    state.quiet = quiet
    state.color = color.value
    state.pager = not no_pager
