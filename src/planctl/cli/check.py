"""`planctl check`: validate, cross-reference and lint in one pass over one load (the CI entry point)."""

from __future__ import annotations

from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app


@app.command(short_help="Validate, cross-reference and lint: the CI entry point.", rich_help_panel="Check")
def check(
    paths: list[Path] | None = typer.Argument(
        None, help="Report only these files or folders (the whole plan is still checked)."
    ),
    fmt: common.OutputFormat | None = common.REPORT_FORMAT_OPTION,
    output_file: Path | None = common.REPORT_FILE_OPTION,
    statistics: bool = typer.Option(
        False, "--statistics", help="Print the number of problems per code instead of each problem."
    ),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail the run too (exit 1)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when problems are found."),
    select: list[str] | None = typer.Option(
        None, "--select", help="Report only these codes, families or rule names (repeatable; wins over planctl.toml)."
    ),
    ignore: list[str] | None = typer.Option(None, "--ignore", help="Do not report these codes (repeatable)."),
    today: str | None = typer.Option(
        None, "--today", metavar="DATE", help="Judge dates against DATE (YYYY-MM-DD) instead of today."
    ),
    against: str | None = typer.Option(
        None, "--against", metavar="REV", help="Also flag ids new on this branch that REV has too (G001)."
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Parse every file afresh; neither read nor write .planctl_cache/."
    ),
    fix: bool = typer.Option(False, "--fix", help="Apply the safe fixes, then report what remains."),
    diff: bool = typer.Option(False, "--diff", help="Show the fixes as a unified diff; write nothing."),
) -> None:
    """Validate, cross-reference and lint the plan: every problem in one run, with a stable code."""
    from planctl.cli import _checking

    _checking.run("check", paths=paths, fmt=fmt, output_file=output_file, statistics=statistics, strict=strict,
                  exit_zero=exit_zero, select=select, ignore=ignore, today=today, against=against,
                  no_cache=no_cache, fix=fix, diff=diff)
