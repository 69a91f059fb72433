"""Help in the language of the run: what `planctl ... --help` draws, translated while it is drawn.

Commands, options and panels are declared once, in English, at import (typer reads them then,
and the language is not known until the app callback has read `--lang`). Their texts are marked
with `N_` where they are declared, so the catalogue holds them; this module swaps each one for
its translation for as long as the help is drawn, and puts the English back afterwards, so a
second run in the same process (the tests) starts from the source texts again.

The strings typer and click draw themselves (panel titles, `[default: …]`, the help option's
text, the usage line's prefix) are marked here as well: typer's vendored click marks none of
them, and `gettext.gettext`, which typer's own modules use, would read the process locale rather
than `--lang`.

Imported only when help is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from planctl.i18n import N_, SOURCE, _, language

TYPER_TEXTS: dict[str, str] = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}
"""typer.rich_utils' constants and the English each holds."""

FOREIGN_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Usage: "),
)
"""Help texts of options and usage pieces that click and typer add to every command."""


def _translated_epilog(text: str) -> str:
    """An epilog's prose lines translated; its example lines (indented commands) as they are."""
    return "\n".join(line if not line.strip() or line[:1].isspace() else _(line) for line in text.split("\n"))


def _commands_of(command: Any) -> list[Any]:
    return list(getattr(command, "commands", {}).values())


@contextmanager
def translated(command: Any, params: list[Any], rich_utils: Any,
               reflow: Callable[[str | None], str | None]) -> Iterator[None]:
    """While help is drawn: `command`, the commands it lists, `params` and typer's own words in the
    language of the run (a command's help `reflow`ed as when it was declared). Nothing changes in
    English (the source language)."""
    if language() == SOURCE:
        yield
        return
    saved: list[tuple[Any, str, Any]] = []

    def swap(obj: Any, attr: str, translate: Any) -> None:
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            saved.append((obj, attr, value))
            setattr(obj, attr, translate(value))

    for target in [command, *_commands_of(command)]:
        source = getattr(target, "help_source", None)
        if source:
            saved.append((target, "help", target.help))
            target.help = reflow(_(source))
        else:
            swap(target, "help", _)
        swap(target, "short_help", _)
        swap(target, "epilog", _translated_epilog)
        swap(target, "rich_help_panel", _)
        swap(target, "options_metavar", _)
        swap(target, "subcommand_metavar", _)
    for param in params:
        swap(param, "help", _)
        swap(param, "rich_help_panel", _)
    for name, english in TYPER_TEXTS.items():
        saved.append((rich_utils, name, getattr(rich_utils, name)))
        setattr(rich_utils, name, _(english))
    try:
        yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)
