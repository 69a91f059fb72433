"""The Typer application and its global options.

Imports here are kept to typer and the standard library: `planctl --version`,
`--help` and shell completion must not pay for YAML, JSON Schema or git.
"""

from __future__ import annotations

import enum
import os
from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.common import state

app = typer.Typer(
    name="planctl",
    help="Validate, lint, cross-reference, export and edit a living action plan kept as YAML files in git.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(enum.StrEnum):
    sv = "sv"
    en = "en"


def _version(value: bool) -> None:
    if value:
        from planctl import __version__

        typer.echo(f"planctl {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    root: Path | None = typer.Option(
        None, "--root", metavar="DIR", help="The plan repository (default: nearest folder with planctl.toml)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback for internal errors.",
                               envvar="PLANCTL_DEBUG"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    lang: Lang | None = typer.Option(
        None, "--lang", envvar="PLANCTL_LANG", case_sensitive=False,
        help="The language planctl speaks, sv or en (default: PLANCTL_LANG, the locale, \\[plan] language)."),
) -> None:
    """Exit codes: 0 clean, 1 problems found, 2 usage, configuration or internal error, 130 interrupted."""
    from planctl import i18n

    i18n.configure(lang.value if lang else None, common.plan_language)
    state.root = root
    state.debug = debug or os.environ.get("PLANCTL_DEBUG", "") not in ("", "0")
