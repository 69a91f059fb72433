"""`planctl rm ID`: delete an entity that nothing refers to (or move the references first)."""

from __future__ import annotations

import typer

from planctl.cli import _complete, _editing, common
from planctl.cli.app import app
from planctl.i18n import N_


@app.command(short_help=N_("Delete an entity; refused while anything refers to it."), rich_help_panel=N_("Edit"),
             epilog=common.examples("planctl rm INI-014 --dry-run", "planctl rm inera --reassign skr --commit"),
             help=N_("Delete an entity; refused (exit 1, listing the referrers) while anything refers to it."))
def rm(
    ident: str = typer.Argument(..., metavar="ID", help=N_("The goal, initiative, owner, event or need to delete."),
                               callback=common.id_argument, autocompletion=_complete.ids),
    reassign: str | None = typer.Option(None, "--reassign", metavar="NEW_ID",
                                           help=N_("Point every reference to ID at NEW_ID first."),
                                           callback=common.id_argument),
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    from planctl.edit.ops import remove_entity

    cfg = common.config()
    _editing.run(cfg, lambda plan: remove_entity(cfg, plan, ident, reassign), commit=commit, message=message,
                 dry_run=dry_run)
