"""`planctl import csv|xlsx FILE`: take back a sheet edited in a meeting."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app


class SheetFormat(str, enum.Enum):
    csv = "csv"
    xlsx = "xlsx"


@app.command("import", short_help="Take an edited CSV or XLSX sheet back into the plan.", rich_help_panel="Edit")
def import_sheet(
    fmt: SheetFormat = typer.Argument(..., metavar="csv|xlsx", help="The sheet's format."),
    file: Path = typer.Argument(..., metavar="FILE", help="A sheet made by 'planctl export csv|xlsx', edited."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show the changes and check them; write nothing."),
    commit: bool = typer.Option(False, "--commit", help="Commit the changed files at once, with a generated message."),
    accept_lost: bool = typer.Option(False, "--accept-lost-characters",
                                     help="Apply cells of a Windows-1252 or ASCII sheet whose '?' may stand for a "
                                          "character that encoding lost (refused by default)."),
) -> None:
    """Apply a sheet's changed cells and new rows to the YAML files (all or nothing; comments kept)."""
    from planctl.edit.ops import Edit
    from planctl.edit.session import run_edit
    from planctl.importer import build_edit, describe, locate, plan_import, read_sheet

    cfg = common.config()
    sheet = read_sheet(fmt.value, file)
    seen: dict[str, object] = {}

    def operation(plan):  # type: ignore[no-untyped-def]
        wanted = plan_import(plan, sheet, accept_lost=accept_lost)
        seen["wanted"] = wanted
        if wanted.problems or wanted.empty:
            return Edit("nothing to change")
        return build_edit(cfg, plan, wanted)

    preview = run_edit(cfg, operation, dry_run=True)
    wanted = seen["wanted"]
    lines = describe(wanted)  # type: ignore[arg-type]
    if wanted.problems:  # type: ignore[attr-defined]
        for problem in wanted.problems:  # type: ignore[attr-defined]
            sys.stderr.write(f"{sheet.name}: {problem}\n")
        raise common.fail(f"nothing written: {len(wanted.problems)} cell(s) cannot be read",  # type: ignore[attr-defined]
                          common.EXIT_PROBLEMS)
    if not lines:
        typer.echo(f"{sheet.name}: no changes")
        return
    typer.echo(f"Changes from {sheet.name}:")
    for line in lines:
        typer.echo(f"  {line}")
    if preview.problems:
        for d in preview.problems:
            sys.stderr.write(f"{sheet.name}: {locate(d, wanted)}: {d.entity or d.path}: "  # type: ignore[arg-type]
                             f"{d.code} {d.message}\n")
        n = len(preview.problems)
        raise common.fail(f"nothing written: the sheet would add {n} error{'s' if n != 1 else ''} to the plan",
                          common.EXIT_PROBLEMS)
    if dry_run:
        typer.echo("Nothing written (--dry-run).")
        return
    outcome = run_edit(cfg, operation, dry_run=False)
    if outcome.problems or describe(seen["wanted"]) != lines:  # type: ignore[arg-type]
        raise common.fail("nothing written: the plan changed while importing; run the import again",
                          common.EXIT_PROBLEMS)
    paths = [c.path for c in outcome.edit.changes]
    typer.echo(f"Wrote {len(paths)} file{'s' if len(paths) != 1 else ''}: {', '.join(paths)}")
    if commit:
        from planctl.cli._editing import commit_paths

        commit_paths(cfg, paths, None, verify=False)  # adds the id bookkeeping files itself
