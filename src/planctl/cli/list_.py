"""`planctl list [KIND]`: a table of initiatives, goals, owners, events or needs, filtered with --where."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from planctl.cli import _complete, common
from planctl.cli.app import app
from planctl.cli.export import WHERE_OPTION
from planctl.i18n import N_, _, counted, ngettext

if TYPE_CHECKING:
    from planctl.model import Plan


@app.command(name="list", short_help=N_("A terminal table of initiatives, goals, owners, events or needs."),
             rich_help_panel=N_("Check"), pager=True,
             epilog=common.examples("planctl list", "planctl list --where status=ongoing --where owner=skr",
                                    "planctl list goals -f json"),
             help=N_("A table of the plan's initiatives, goals or owners, filtered with --where."))
def list_(
    kind: str = typer.Argument("initiatives", metavar="KIND", show_default=False,
                               help=N_("initiatives (default), goals, owners, events or needs."),
                               autocompletion=_complete.folders),
    where: list[str] | None = WHERE_OPTION,
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help=N_("text (a table) or json.")),
) -> None:
    from planctl.checks.views import kind_of, load_view, table
    from planctl.filters import parse
    from planctl.render import printable

    kind = kind_of(kind)
    conditions = parse(kind, where or [])
    plan, index = load_view(common.config(), fmt)
    result = table(plan, kind, conditions, index)
    if fmt == "json":
        from planctl.render.jsonfmt import envelope

        rows = [dict(zip(result.headers(), row, strict=True)) for row in result.text_rows()]
        common.emit(envelope("list", kind=kind, items=rows))
        _unreadable(plan, kind)
        return
    from rich.console import Console
    from rich.table import Table

    grid = Table(box=None, header_style="bold", pad_edge=False)
    headers = result.headers()
    for column in headers:
        grid.add_column(column, overflow="fold", no_wrap=column != headers[-1])
    for row in result.text_rows():
        grid.add_row(*(printable(cell) for cell in row))
    import sys

    # On a terminal the table fits its width; piped, rows never wrap (one entity, one line).
    width = None if sys.stdout.isatty() else 10_000
    color = common.use_color()
    console = Console(highlight=False, markup=False, emoji=False, width=width,
                      color_system="auto" if color else None, force_terminal=True if color else None)
    with console.capture() as capture:
        console.print(grid)
    lines = [line.rstrip() for line in capture.get().splitlines()]
    common.emit("\n".join(lines) + "\n")
    common.note(counted(kind, len(result.values)))
    _unreadable(plan, kind)


def _unreadable(plan: Plan, kind: str) -> None:
    """A list that silently lacks a broken file's entity misleads: say how many files
    of the kind could not be read (and exit 1, a problem found), naming the first."""
    from planctl.loader import unreadable_documents
    from planctl.render import printable

    broken = unreadable_documents(plan, kind)
    if not broken:
        return
    first = printable(broken[0].path)
    if len(broken) > 1:
        first = _("{first} and {n} more").format(first=first, n=len(broken) - 1)
    raise common.fail(_unreadable_text(kind, len(broken)).format(n=len(broken), first=first), common.EXIT_PROBLEMS)


def _unreadable_text(kind: str, n: int) -> str:
    """One sentence per kind: Swedish nouns have genders and plurals of their own."""
    if kind == "goal":
        return ngettext("{n} goal file could not be read and is not listed: {first} (run 'planctl check')",
                        "{n} goal files could not be read and are not listed: {first} (run 'planctl check')", n)
    if kind == "owner":
        return ngettext("{n} owner file could not be read and is not listed: {first} (run 'planctl check')",
                        "{n} owner files could not be read and are not listed: {first} (run 'planctl check')", n)
    if kind == "event":
        return ngettext("{n} event file could not be read and is not listed: {first} (run 'planctl check')",
                        "{n} event files could not be read and are not listed: {first} (run 'planctl check')", n)
    if kind == "need":
        return ngettext("{n} need file could not be read and is not listed: {first} (run 'planctl check')",
                        "{n} need files could not be read and are not listed: {first} (run 'planctl check')", n)
    return ngettext("{n} initiative file could not be read and is not listed: {first} (run 'planctl check')",
                    "{n} initiative files could not be read and are not listed: {first} (run 'planctl check')", n)
