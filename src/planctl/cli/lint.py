"""`planctl lint`: the same checks as `check`, for curators: with safe fixes (`--fix`, `--diff`)."""

from __future__ import annotations

from pathlib import Path

import typer

from planctl.cli import _editing, common
from planctl.cli.app import app


@app.command(short_help="Lint the plan; --fix repairs what is safely fixable.", rich_help_panel="Check")
def lint(
    paths: list[Path] | None = typer.Argument(None, help="Report and fix only these files or folders."),
    fix: bool = typer.Option(False, "--fix", help="Apply the safe fixes (marked fixable) and write the files."),
    diff: bool = typer.Option(False, "--diff", help="Show the fixes as a unified diff; write nothing."),
    fmt: common.OutputFormat | None = typer.Option(
        None, "--format", "-f", help="Output format for the remaining problems."
    ),
    select: list[str] | None = typer.Option(
        None, "--select", help="Only these codes, families or rule names (repeatable)."
    ),
    ignore: list[str] | None = typer.Option(None, "--ignore", help="Not these codes (repeatable)."),
    today: str | None = typer.Option(None, "--today", metavar="DATE", help="Judge dates against DATE (YYYY-MM-DD)."),
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    """Lint the plan; --fix repairs key order and stray whitespace, keeping comments and quotes.

    The same checks and fixes as `check --fix` / `--diff` (unused suppressions too). --fix is
    an edit like `set`: under the edit lock, checked as a whole (a fix that would add an error
    writes nothing), written all or nothing, with --dry-run, --commit and -m.
    """
    from planctl.cli import _checking

    _checking.run("lint", paths=paths, fmt=fmt, select=select, ignore=ignore, today=today, fix=fix, diff=diff,
                  commit=commit, message=message, dry_run=dry_run)
