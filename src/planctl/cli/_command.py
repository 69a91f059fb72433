"""The click classes under every planctl command: the habits typer leaves to us.

- **Global options after the command.** `planctl check --root DIR` and `planctl show ID --debug`
  mean what `planctl --root DIR check` means. Every command and sub-group carries a copy of each
  option of the app callback (`app.main_options`), shown in its help under "Global options"; a copy
  given on the command line updates the root context's value and runs the callback again, so the
  state it sets is the same whichever side of the command the option stood. Nothing here names an
  option: a global option added to the callback works after the command at once. The parser that
  reads the copies is click's own, so arity is never guessed (`commit -m --debug` is a message,
  `set ID title=--root` an assignment). A command's own option of the same name wins.
- **Old spellings.** `ALIASES` maps an option's name to the spellings it replaced; they stay
  accepted (by the same parser entry, so `--output=FILE` works too) but are not shown in help.
- **Help at 80 columns.** Arguments appear in the usage line and the help table as their
  placeholder (`ID`, `FIELD=VALUE...`), not typer's `{ident}` and `<str>`.
- **A pager** for the commands declared with `pager=True` (`planctl.cli._pager`).

This module is imported on every run; it imports only typer and the standard library.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from typer._click.core import Context, Parameter, ParameterSource
from typer._click.parser import _OptionParser
from typer.core import TyperCommand, TyperGroup

from planctl.i18n import N_

ROOT_ONLY = frozenset({"version"})
"""Options of the app callback that act before any command is read (`--version` prints and
exits): not copied onto the commands."""

GLOBAL_PANEL = N_("Global options")
_PREFIX = "_global_"  # a copy's parameter name: never one of a command's own

ALIASES: dict[str, tuple[str, ...]] = {
    "--output-file": ("--output",),  # export and report said --output; check said --output-file (ruff's)
    "--output-dir": ("--output",),  # export html: a folder, not a file
    "--lang": ("--language",),  # init said --language; export and report said --lang
}
"""Canonical long option -> old spellings that still work (hidden), on every command that has it."""


class _GlobalOptions:
    """What commands and sub-groups share: copies of the global options, applying them, and
    help text reflowed."""

    params: list[Parameter]
    help: str | None
    _global_copies: list[Parameter] | None = None

    help_source: str | None = None
    """The help as declared (a marked message): what help in another language translates."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_source = self.help
        self.help = reflow(self.help)

    def format_usage(self, ctx: Context, formatter: Any) -> None:
        """click's usage line, with its `Usage: ` in the language of the run."""
        from planctl.i18n import _

        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage: "))

    def global_copies(self, ctx: Context) -> list[Parameter]:
        root = ctx.find_root()
        if root is ctx:
            return []
        if self._global_copies is None:
            taken = {name for p in self.params for name in (*p.opts, *p.secondary_opts)}
            taken.update(ctx.help_option_names)
            copies: list[Parameter] = []
            for param in root.command.params:
                names = {*param.opts, *param.secondary_opts}
                if (param.param_type_name != "option" or not param.expose_value or param.name in ROOT_ONLY
                        or names & taken):
                    continue
                twin = copy.copy(param)
                twin.name = _PREFIX + (param.name or "")
                twin.rich_help_panel = GLOBAL_PANEL  # type: ignore[attr-defined]  # typer reads it
                if param.callback is not None:
                    twin.callback = _only_when_given(param.callback)
                copies.append(twin)
            self._global_copies = copies
        return self._global_copies

    def apply_global_options(self, ctx: Context) -> None:
        """Take the copies' values out of the command's parameters; those given on the command
        line become the root's, and the app callback runs again with them."""
        given: dict[str, Any] = {}
        for twin in self.global_copies(ctx):
            name = twin.name or ""
            value = ctx.params.pop(name, None)
            if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE:
                given[name.removeprefix(_PREFIX)] = value
        if not given:
            return
        root = ctx.find_root()
        root.params.update(given)
        if root.command.callback is not None:
            root.invoke(root.command.callback, **root.params)


def _only_when_given(callback: Callable[[Context, Parameter, Any], Any]) -> Callable[[Context, Parameter, Any], Any]:
    """A copy's option callback runs for a value given after the command, never for its
    default (which would undo what the option said before the command)."""

    def run(ctx: Context, param: Parameter, value: Any) -> Any:
        if ctx.get_parameter_source(param.name or "") is ParameterSource.COMMANDLINE:
            return callback(ctx, param, value)
        return value

    return run


def reflow(text: str | None) -> str | None:
    """A docstring's paragraphs as paragraphs: typer's Rich help keeps the line breaks of every
    paragraph after the first, which at 80 columns breaks lines mid-sentence. A paragraph with
    an indented line (an example, a list) keeps its lines."""
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") or any(line[:1].isspace() for line in p.splitlines())
                       else " ".join(p.splitlines()) for p in paragraphs)


def _placeholder(param: Parameter) -> str:
    """An argument as the usage line shows it: `ID`, `[ID]`, `FIELD=VALUE...`, `[PATH]...`."""
    name = (param.metavar or (param.name or "").upper()).removesuffix("...")
    if name.startswith("["):
        return name
    if param.nargs != 1:
        return f"{name}..." if param.required else f"[{name}]..."
    return name if param.required else f"[{name}]"


def _no_metavar(param: Parameter, ctx: Context) -> str:
    return ""


@contextmanager
def _help_layout(command: Any, params: list[Parameter]) -> Iterator[None]:
    """While help is drawn: an argument's placeholder says what it takes, so typer's type column
    (`<str>`, `<initiative|goal|owner>`) stays empty; `--color` is obeyed; and every text is in
    the language of the run (`planctl.cli._helptext`)."""
    from planctl.cli._helptext import translated
    from planctl.cli._richhelp import rich_utils as _rich_utils
    from planctl.cli.common import state

    rich_utils: Any = _rich_utils()

    saved = [(p, p.type) for p in params if p.param_type_name == "argument"]
    for param, kind in saved:
        shown = copy.copy(kind)
        shown.get_metavar = _no_metavar  # type: ignore[method-assign]
        param.type = shown
    colors = rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL
    if state.color == "never":
        rich_utils.COLOR_SYSTEM = None
    elif state.color == "always":
        rich_utils.FORCE_TERMINAL = True
    try:
        with translated(command, params, rich_utils, reflow):
            yield
    finally:
        rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL = colors
        for param, kind in saved:
            param.type = kind


class PlanctlCommand(_GlobalOptions, TyperCommand):
    """A command: global options after it, old spellings, placeholders in help."""

    pager = False

    def get_params(self, ctx: Context) -> list[Parameter]:
        return [*super().get_params(ctx), *self.global_copies(ctx)]

    def make_parser(self, ctx: Context) -> _OptionParser:
        parser = super().make_parser(ctx)
        for canonical, old in ALIASES.items():
            option = parser._long_opt.get(canonical)
            if option is not None and option.obj in self.params:  # an option of the command's own
                for name in old:
                    parser._long_opt.setdefault(name, option)
        return parser

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [_placeholder(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]

    def format_help(self, ctx: Context, formatter: Any) -> None:
        with _help_layout(self, self.get_params(ctx)):
            super().format_help(ctx, formatter)

    def invoke(self, ctx: Context) -> Any:
        self.apply_global_options(ctx)
        if not self.pager:
            return super().invoke(ctx)
        from planctl.cli._pager import paging

        with paging():
            return super().invoke(ctx)


class PagedCommand(PlanctlCommand):
    """A command whose output can be long (list, log, show, diff, rules): paged on a terminal."""

    pager = True


class PlanctlGroup(_GlobalOptions, TyperGroup):
    """The app and its sub-groups (export, milestone): global options between their words too."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return [*super().get_params(ctx), *self.global_copies(ctx)]

    def format_help(self, ctx: Context, formatter: Any) -> None:
        with _help_layout(self, self.get_params(ctx)):
            super().format_help(ctx, formatter)

    def invoke(self, ctx: Context) -> Any:
        self.apply_global_options(ctx)
        return super().invoke(ctx)


F = TypeVar("F", bound=Callable[..., Any])


class PlanctlTyper(typer.Typer):
    """typer.Typer whose commands and groups are the classes above; `command(pager=True)`
    declares a command whose output is paged on a terminal."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", PlanctlGroup)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, pager: bool = False, **kwargs: Any) -> Callable[[F], F]:
        kwargs.setdefault("cls", PagedCommand if pager else PlanctlCommand)
        decorator: Callable[[F], F] = super().command(name, **kwargs)
        return decorator
