"""`planctl check`: validate, cross-reference and lint in one pass over one load (the CI entry point)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from planctl.cli import common
from planctl.cli.app import app

if TYPE_CHECKING:
    from planctl.diagnostics import Diagnostic


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
) -> None:
    """Validate, cross-reference and lint the plan: every problem in one run, with a stable code."""
    from planctl.checks import run_checks
    from planctl.checks.runner import limit_to, parse_today, split_codes
    from planctl.model import Sources

    cfg = common.config()
    plan = common.load(cfg, cache=not no_cache)
    diagnostics = run_checks(plan, cfg, today=parse_today(today), select=split_codes(select),
                             ignore=split_codes(ignore), against=against)
    diagnostics = limit_to(diagnostics, cfg, paths)
    sources = Sources(plan.documents)
    _output(diagnostics, common.default_format(fmt), cfg.root, sources, plan.files_checked, output_file, statistics)
    raise typer.Exit(0 if exit_zero else common.exit_code(diagnostics, strict=strict))


def _output(diagnostics: list[Diagnostic], fmt: str, root: Path, sources: Mapping[str, str | None], files: int,
            output_file: Path | None, statistics: bool) -> None:
    if statistics and output_file is None:
        from planctl.checks.runner import statistics as stats

        common.emit(stats(diagnostics))
        return
    common.report(diagnostics, fmt, root=root, files_checked=files, sources=sources, output_file=output_file)
    if statistics:
        from planctl.checks.runner import statistics as stats

        common.emit(stats(diagnostics))
