"""`planctl set ID FIELD=VALUE...`: change fields, keeping the rest of the file as written."""

from __future__ import annotations

import typer

from planctl.cli import _complete, _editing, common
from planctl.cli.app import app
from planctl.i18n import N_


@app.command("set", short_help=N_("Set fields of one entity, e.g. status=ongoing or goals+=FO2.1."),
             rich_help_panel=N_("Edit"),
             epilog=common.examples("planctl set INI-011 status=completed end=2022-12-31",
                                    "planctl set INI-011 goals+=FO2.1 tags-=pilot --commit",
                                    "planctl set skr url= -n"),
             help=N_("Set fields of one entity: scalars, and list edits such as goals+=FO2.1 or tags-=skoldigistöd."))
def set_(
    ident: str = typer.Argument(..., metavar="ID", help=N_("The goal, initiative, owner, event or need to change."),
                               callback=common.id_argument, autocompletion=_complete.ids),
    assignments: list[str] = typer.Argument(..., metavar="FIELD=VALUE...",
                                            help=N_("FIELD=VALUE (empty VALUE removes the field), "
                                                    "LIST=A,B, LIST+=ITEM, LIST-=ITEM."),
                                            autocompletion=_complete.assignment),
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    from planctl.edit.ops import parse_assignment, set_fields

    cfg = common.config()
    parsed = [parse_assignment(a) for a in assignments]
    _editing.run(cfg, lambda plan: set_fields(cfg, plan, ident, parsed), commit=commit, message=message,
                 dry_run=dry_run)
