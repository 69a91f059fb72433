"""`planctl list [KIND]`: a table of initiatives, goals or owners, filtered with --where."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import typer

from planctl.cli import common
from planctl.cli.app import app

if TYPE_CHECKING:
    from planctl.model import Plan


@app.command(name="list", short_help="A terminal table of initiatives, goals or owners.", rich_help_panel="Check")
def list_(
    kind: str = typer.Argument("initiatives", help="initiatives (default), goals or owners."),
    where: Optional[list[str]] = typer.Option(None, "--where", "-w", metavar="FIELD=VALUE",
                                              help="Only entities whose FIELD is (or contains) VALUE; repeatable, all must hold."),
    fmt: str = typer.Option("text", "--format", "-f", help="text (a table) or json."),
) -> None:
    """A terminal table of the plan, e.g. 'planctl list --where status=ongoing --where owner=skr'."""
    import json

    from planctl.checks.views import KIND_NAMES, load_view, parse_where, table
    from planctl.render import printable

    conditions = parse_where(where or [])
    plan, index = load_view(common.config(), fmt)
    result = table(plan, kind, conditions, index)
    if fmt == "json":
        common.emit(json.dumps([dict(zip(result.columns, row)) for row in result.rows], ensure_ascii=False,
                               indent=2) + "\n")
        _unreadable(plan, KIND_NAMES[kind.lower()])
        return
    from rich.console import Console
    from rich.table import Table

    grid = Table(box=None, header_style="bold", pad_edge=False)
    for column in result.columns:
        grid.add_column(column, overflow="fold", no_wrap=column != result.columns[-1])
    for row in result.rows:
        grid.add_row(*(printable(cell) for cell in row))
    import sys

    # On a terminal the table fits its width; piped, rows never wrap (one entity, one line).
    width = None if sys.stdout.isatty() else 10_000
    console = Console(highlight=False, markup=False, emoji=False, width=width, no_color=not common.use_color())
    with console.capture() as capture:
        console.print(grid)
    lines = [line.rstrip() for line in capture.get().splitlines()]
    noun = KIND_NAMES[kind.lower()] + ("" if len(result.rows) == 1 else "s")
    common.emit("\n".join(lines) + f"\n{len(result.rows)} {noun}\n")
    _unreadable(plan, KIND_NAMES[kind.lower()])


def _unreadable(plan: "Plan", kind: str) -> None:
    """A list that silently lacks a broken file's entity misleads: say how many files
    of the kind could not be read (and exit 1, a problem found), naming the first."""
    from planctl.loader import unreadable_documents
    from planctl.render import printable

    broken = unreadable_documents(plan, kind)
    if not broken:
        return
    count = f"{len(broken)} {kind} file{'s' if len(broken) != 1 else ''}"
    first = printable(broken[0].path) + (f" and {len(broken) - 1} more" if len(broken) > 1 else "")
    raise common.fail(f"{count} could not be read and {'are' if len(broken) != 1 else 'is'} not listed: "
                      f"{first} (run 'planctl check')", common.EXIT_PROBLEMS)
