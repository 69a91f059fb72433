"""`planctl refs ID`: everything that refers to an id, with file:line (the impact of a change)."""

from __future__ import annotations

import typer

from planctl.cli import _complete, common
from planctl.cli.app import app
from planctl.i18n import N_, _, ngettext


@app.command(rich_help_panel=N_("Check"), epilog=common.examples("planctl refs skr", "planctl refs FO1.1 -f json"),
             help=N_("List every reference to ID: which entity, which field, where."))
def refs(
    ident: str = typer.Argument(..., metavar="ID", callback=common.id_argument, autocompletion=_complete.ids,
                                help=N_("An id of a goal, initiative, owner, event or need (an unknown one too).")),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help=N_("text or json.")),
) -> None:
    from planctl.checks.views import load_view, references_to
    from planctl.render import printable

    plan, index = load_view(common.config(), fmt)
    rows = references_to(plan, ident, index)
    if fmt == "json":
        from planctl.render.jsonfmt import envelope

        common.emit(envelope("refs", id=ident, references=rows))
        return
    if not rows:
        common.note(_("Nothing refers to {id}.").format(id=ident))
        return
    width = max(len(r["location"]) for r in rows)
    common.emit("".join(printable(f"{r['location']:<{width}}  {r['id']:<12} {r['field']:<13} {r['title']}") + "\n"
                        for r in rows))
    common.note(ngettext("{n} reference to {id}.", "{n} references to {id}.", len(rows)).format(n=len(rows), id=ident))
