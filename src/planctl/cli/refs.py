"""`planctl refs ID`: everything that refers to an id, with file:line (the impact of a change)."""

from __future__ import annotations

import typer

from planctl.cli import _complete, common
from planctl.cli.app import app


@app.command(rich_help_panel="Check", epilog=common.examples("planctl refs skr", "planctl refs FO1.1 -f json"))
def refs(
    ident: str = typer.Argument(..., metavar="ID", callback=common.id_argument, autocompletion=_complete.ids,
                                help="An id of a goal, initiative, owner, event or need (an unknown one too)."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text or json."),
) -> None:
    """List every reference to ID: which entity, which field, where."""
    from planctl.checks.views import load_view, references_to
    from planctl.render import printable

    plan, index = load_view(common.config(), fmt)
    rows = references_to(plan, ident, index)
    if fmt == "json":
        from planctl.render.jsonfmt import envelope

        common.emit(envelope("refs", id=ident, references=rows))
        return
    if not rows:
        common.note(f"Nothing refers to {ident}.")
        return
    width = max(len(r["location"]) for r in rows)
    common.emit("".join(printable(f"{r['location']:<{width}}  {r['id']:<12} {r['field']:<13} {r['title']}") + "\n"
                        for r in rows))
    common.note(f"{len(rows)} reference{'s' if len(rows) != 1 else ''} to {ident}.")
