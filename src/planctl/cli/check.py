"""`planctl check`: validate, cross-reference and lint in one pass over one load (the CI entry point)."""

from __future__ import annotations

from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.i18n import N_


@app.command(short_help=N_("Validate, cross-reference and lint: the CI entry point."), rich_help_panel=N_("Check"),
             epilog=common.examples("planctl check", "planctl check plan/initiatives/INI-001.yaml --select X",
                                    "planctl check --format sarif -o planctl.sarif --exit-zero",
                                    "planctl check --statistics --strict"),
             help=N_("Validate, cross-reference and lint the plan: every problem in one run, with a stable code."))
def check(
    paths: list[Path] | None = typer.Argument(
        None, metavar="PATH", show_default=False,
        help=N_("Report only these files or folders (the whole plan is still checked).")
    ),
    fmt: common.OutputFormat | None = common.REPORT_FORMAT_OPTION,
    output_file: Path | None = common.OUTPUT_FILE_OPTION,
    statistics: bool = common.STATISTICS_OPTION,
    strict: bool = common.STRICT_OPTION,
    exit_zero: bool = common.EXIT_ZERO_OPTION,
    select: list[str] | None = common.SELECT_OPTION,
    ignore: list[str] | None = common.IGNORE_OPTION,
    today: str | None = common.TODAY_OPTION,
    against: str | None = typer.Option(
        None, "--against", metavar="REV", help=N_("Also flag ids new on this branch that REV has too (G001).")
    ),
    no_cache: bool = common.NO_CACHE_OPTION,
    fix: bool = typer.Option(False, "--fix", help=N_("Apply the safe fixes, then report what remains.")),
    diff: bool = typer.Option(False, "--diff", help=N_("Show the fixes as a unified diff; write nothing.")),
) -> None:
    from planctl.cli import _checking

    _checking.run("check", paths=paths, fmt=fmt, output_file=output_file, statistics=statistics, strict=strict,
                  exit_zero=exit_zero, select=select, ignore=ignore, today=today, against=against,
                  no_cache=no_cache, fix=fix, diff=diff)
