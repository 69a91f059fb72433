"""`planctl milestone add|done|rm`: an initiative's milestones, from the terminal."""

from __future__ import annotations

import typer

from planctl.cli import _complete, _editing, common
from planctl.cli._command import PlanctlTyper
from planctl.cli.app import app
from planctl.i18n import N_

milestone_app = PlanctlTyper(
    help=N_("Add a milestone to an initiative, mark one done, or remove one. A milestone is named by its "
            "number (as 'planctl show ID' lists them, from 1) or by its exact title."),
    epilog=common.examples("planctl milestone add INI-011 Slutrapport --due 2026-06-30",
                           "planctl milestone done INI-011 1 --commit", "planctl milestone rm INI-011 Slutrapport"),
    no_args_is_help=True,
)
app.add_typer(milestone_app, name="milestone", rich_help_panel=N_("Edit"),
              short_help=N_("Add, mark done or remove an initiative's milestones."))

IDENT = typer.Argument(..., metavar="ID", help=N_("The initiative."), callback=common.id_argument,
                       autocompletion=_complete.initiatives)
WHICH = typer.Argument(..., metavar="MILESTONE", help=N_("Its number (1 is the first) or its exact title."),
                       autocompletion=_complete.milestones)


@milestone_app.command("add", epilog=common.examples("planctl milestone add INI-011 Slutrapport --due 2026-06-30"),
                       help=N_("Add a milestone at the end of the initiative's list."))
def add(
    ident: str = IDENT,
    title: str = typer.Argument(..., metavar="TITLE", help=N_("What is delivered.")),
    due: str | None = typer.Option(None, "--due", metavar="DATE", help=N_("When it is due, YYYY-MM-DD.")),
    done: bool = typer.Option(False, "--done", help=N_("It is done already.")),
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    from planctl.edit.milestones import add_milestone

    cfg = common.config()
    _editing.run(cfg, lambda plan: add_milestone(cfg, plan, ident, title, due, done), commit=commit,
                 message=message, dry_run=dry_run)


@milestone_app.command("done", epilog=common.examples("planctl milestone done INI-011 1",
                                                                "planctl milestone done INI-011 Slutrapport --undo"),
                       help=N_("Mark a milestone done (or, with --undo, not done)."))
def done(
    ident: str = IDENT,
    which: str = WHICH,
    undo: bool = typer.Option(False, "--undo", help=N_("Mark it not done.")),
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    from planctl.edit.milestones import mark_milestone

    cfg = common.config()
    _editing.run(cfg, lambda plan: mark_milestone(cfg, plan, ident, which, not undo), commit=commit,
                 message=message, dry_run=dry_run)


@milestone_app.command("rm", epilog=common.examples("planctl milestone rm INI-011 2 --dry-run"),
                       help=N_("Remove a milestone."))
def rm(
    ident: str = IDENT,
    which: str = WHICH,
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    from planctl.edit.milestones import remove_milestone

    cfg = common.config()
    _editing.run(cfg, lambda plan: remove_milestone(cfg, plan, ident, which), commit=commit,
                 message=message, dry_run=dry_run)
