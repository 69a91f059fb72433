"""`planctl mv OLD NEW`: rename an id (and its file) and rewrite every reference to it."""

from __future__ import annotations

import typer

from planctl.cli import _complete, _editing, common
from planctl.cli.app import app
from planctl.i18n import N_


@app.command(short_help=N_("Rename an id and rewrite every reference to it."), rich_help_panel=N_("Edit"),
             epilog=common.examples("planctl mv FO2.2 FO3.3 --dry-run", "planctl mv INI-019 INI-024 --commit"),
             help=N_("Rename an entity's id and file, rewriting every reference (the fix for ids that collide)."))
def mv(
    old: str = typer.Argument(..., metavar="OLD", help=N_("The id to rename."), callback=common.id_argument,
                              autocompletion=_complete.ids),
    new: str = typer.Argument(..., metavar="NEW", help=N_("The new id."), callback=common.id_argument),
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    from planctl.edit.ops import rename_entity

    cfg = common.config()
    _editing.run(cfg, lambda plan: rename_entity(cfg, plan, old, new), commit=commit, message=message,
                 dry_run=dry_run)
