"""`planctl diff [REV1 [REV2]]`: what changed in the plan, entity by entity, field by field."""

from __future__ import annotations

import sys

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.i18n import N_, _


@app.command(short_help=N_("What changed in the plan between two revisions, field by field."),
             rich_help_panel=N_("History"),
             pager=True, epilog=common.examples("planctl diff", "planctl diff HEAD~3",
                                                "planctl diff v2019-03 HEAD -f markdown"),
             help=N_("Entities added, removed, renamed and changed between two revisions, with references shown by "
                     "title."))
def diff(
    rev1: str | None = typer.Argument(None, metavar="REV1", show_default=False,
                                      help=N_("The older revision (default: HEAD).")),
    rev2: str | None = typer.Argument(None, metavar="REV2", show_default=False,
                                      help=N_("The newer revision (default: the work tree).")),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help=N_("text, json or markdown.")),
    stat: bool = typer.Option(False, "--stat", help=N_("One line per changed entity's file and the totals per kind.")),
    exit_code: bool = typer.Option(False, "--exit-code",
                                   help=N_("Exit 1 when the plan differs, 0 when it does not (as git diff).")),
    no_renames: bool = typer.Option(False, "--no-renames", help=N_("Show a renamed id as removed and added.")),
) -> None:
    from planctl.diffreport import FORMATS, as_stat, render
    from planctl.git.plandiff import diff_revisions

    if fmt not in FORMATS:
        raise common.fail(_("unknown format {format!r} (expected {formats})").format(format=fmt,
                                                                                  formats=", ".join(FORMATS)))
    if stat and fmt != "text":
        raise common.fail(_("--stat is a text summary; --format {format} lists every change already").format(
            format=fmt))
    cfg = common.config()
    result = diff_revisions(cfg, rev1, rev2, renames=not no_renames)
    if stat:
        common.emit(as_stat(result.diff, old=result.old_name, new=result.new_name))
    else:
        common.emit(render(fmt, result.diff, result.labels, old=result.old_name, new=result.new_name))
    if result.unreadable:  # a broken file's entity compares as empty: never let that pass unsaid
        from planctl.render import printable

        for version, path in result.unreadable:
            line = _(common.UNREADABLE).format(path=printable(path), version=printable(version))
            sys.stderr.write(common.warning_line(line))
        raise typer.Exit(common.EXIT_PROBLEMS)
    if exit_code and result.diff:
        raise typer.Exit(common.EXIT_PROBLEMS)
