"""`planctl lint`: the same checks as `check`, for curators: with safe fixes (`--fix`, `--diff`)."""

from __future__ import annotations

from pathlib import Path

import typer

from planctl.cli import _editing, common
from planctl.cli.app import app
from planctl.i18n import N_


@app.command(short_help=N_("Lint the plan; --fix repairs what is safely fixable."), rich_help_panel=N_("Check"),
             epilog=common.examples("planctl lint", "planctl lint --fix --dry-run", "planctl lint --diff",
                                    "planctl lint --fix --commit -m 'style(plan): tidy'"),
             help=N_("Lint the plan; --fix repairs key order and stray whitespace, keeping comments and quotes.\n"
                     "\n"
                     "The same checks and fixes as `check --fix` / `--diff` (unused suppressions too). --fix is\n"
                     "an edit like `set`: under the edit lock, checked as a whole (a fix that would add an error\n"
                     "writes nothing), written all or nothing, with --dry-run, --commit and -m."))
def lint(
    paths: list[Path] | None = typer.Argument(None, metavar="PATH", show_default=False,
                                             help=N_("Report and fix only these files or folders.")),
    fix: bool = typer.Option(False, "--fix", help=N_("Apply the safe fixes (marked fixable) and write the files.")),
    diff: bool = typer.Option(False, "--diff", help=N_("Show the fixes as a unified diff; write nothing.")),
    fmt: common.OutputFormat | None = common.REPORT_FORMAT_OPTION,
    output_file: Path | None = common.OUTPUT_FILE_OPTION,
    statistics: bool = common.STATISTICS_OPTION,
    strict: bool = common.STRICT_OPTION,
    exit_zero: bool = common.EXIT_ZERO_OPTION,
    select: list[str] | None = common.SELECT_OPTION,
    ignore: list[str] | None = common.IGNORE_OPTION,
    today: str | None = common.TODAY_OPTION,
    no_cache: bool = common.NO_CACHE_OPTION,
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    from planctl.cli import _checking

    _checking.run("lint", paths=paths, fmt=fmt, output_file=output_file, statistics=statistics, strict=strict,
                  exit_zero=exit_zero, select=select, ignore=ignore, today=today, no_cache=no_cache, fix=fix,
                  diff=diff, commit=commit, message=message, dry_run=dry_run)
