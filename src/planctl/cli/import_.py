"""`planctl import csv|xlsx FILE`: take back a sheet edited in a meeting."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from planctl.cli import _editing, common
from planctl.cli.app import app
from planctl.i18n import N_, _, ngettext, shown

if TYPE_CHECKING:
    from planctl.edit.ops import Edit
    from planctl.edit.session import Outcome
    from planctl.model import Plan


class SheetFormat(enum.StrEnum):
    csv = "csv"
    xlsx = "xlsx"


class _Unreadable(Exception):
    """Cells that mean nothing: reported by the sheet's own row and column, and nothing written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} cell(s) cannot be read")
        self.problems = problems


@app.command("import", short_help=N_("Take an edited CSV or XLSX sheet back into the plan."),
             rich_help_panel=N_("Edit"),
             epilog=common.examples("planctl import csv möte.csv --dry-run", "planctl import xlsx möte.xlsx --commit"),
             help=N_("Apply a sheet's changed cells and new rows to the YAML files (all or nothing; comments kept).\n"
                     "\n"
                     "An import is an edit like `set`: one run under the edit lock, the whole plan checked\n"
                     "after it, written as one transaction, with --dry-run, --commit and -m."))
def import_sheet(
    fmt: SheetFormat = typer.Argument(..., metavar="csv|xlsx", help=N_("The sheet's format.")),
    file: Path = typer.Argument(..., metavar="FILE", help=N_("A sheet made by 'planctl export csv|xlsx', edited.")),
    dry_run: bool = _editing.DRY_RUN_OPTION,
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    accept_lost: bool = typer.Option(False, "--accept-lost-characters",
                                     help=N_("Apply cells of a Windows-1252 or ASCII sheet whose '?' may be a "
                                             "lost character.")),
) -> None:
    from planctl.edit.ops import Edit
    from planctl.importer import ImportPlan, build_edit, describe, locate, plan_import, read_sheet

    cfg = common.config()
    sheet = read_sheet(fmt.value, file)
    wanted = ImportPlan()

    def operation(plan: Plan) -> Edit:
        nonlocal wanted
        wanted = plan_import(plan, sheet, accept_lost=accept_lost)
        if wanted.problems:
            raise _Unreadable(wanted.problems)
        if wanted.empty:
            return Edit(_("nothing to change"))
        return build_edit(cfg, plan, wanted)

    def preview() -> None:
        typer.echo(_("Changes from {sheet}:").format(sheet=sheet.name))
        for line in describe(wanted):
            typer.echo(f"  {line}")

    def explain(outcome: Outcome) -> None:
        preview()
        for d in outcome.problems:
            sys.stderr.write(f"{sheet.name}: {locate(d, wanted)}: {d.entity or d.path}: {d.code} {shown(d.message)}\n")
        n = len(outcome.problems)
        raise common.fail(ngettext("nothing written: the sheet would add {n} error to the plan",
                                   "nothing written: the sheet would add {n} errors to the plan", n).format(n=n),
                          common.EXIT_PROBLEMS)

    def announce(outcome: Outcome) -> None:
        if not outcome.edit.changes:
            common.note(_("{sheet}: no changes").format(sheet=sheet.name))
            return
        if dry_run:  # what --dry-run was asked to show
            preview()
            common.note(_("Nothing written (--dry-run)."))
            return
        if common.state.quiet:
            return
        preview()
        paths = [c.path for c in outcome.edit.changes]
        typer.echo(ngettext("Wrote {n} file: {files}", "Wrote {n} files: {files}", len(paths)).format(
            n=len(paths), files=", ".join(paths)))

    try:
        _editing.run(cfg, operation, commit=commit, message=message, dry_run=dry_run, explain=explain,
                     announce=announce)
    except _Unreadable as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{sheet.name}: {problem}\n")
        raise common.fail(_("nothing written: {reason}").format(reason=exc), common.EXIT_PROBLEMS) from None
