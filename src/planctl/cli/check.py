"""`planctl check`: validate, cross-reference and lint in one pass over one load (the CI entry point)."""

from __future__ import annotations

from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app


@app.command(short_help="Validate, cross-reference and lint: the CI entry point.", rich_help_panel="Check",
             epilog=common.examples("planctl check", "planctl check plan/initiatives/INI-001.yaml --select X",
                                    "planctl check --format sarif -o planctl.sarif --exit-zero",
                                    "planctl check --statistics --strict"))
def check(
    paths: list[Path] | None = typer.Argument(
        None, metavar="PATH", show_default=False,
        help="Report only these files or folders (the whole plan is still checked)."
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
        None, "--against", metavar="REV", help="Also flag ids new on this branch that REV has too (G001)."
    ),
    no_cache: bool = common.NO_CACHE_OPTION,
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
    common.report(diagnostics, common.default_format(fmt), root=cfg.root, files_checked=plan.files_checked,
                  sources=sources, output_file=output_file, statistics=statistics)
    raise typer.Exit(0 if exit_zero else common.exit_code(diagnostics, strict=strict))

