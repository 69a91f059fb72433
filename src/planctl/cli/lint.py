"""`planctl lint`: the same checks as `check`, for curators: with safe fixes (`--fix`, `--diff`)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from planctl.cli import common
from planctl.cli.app import app


@app.command(short_help="Lint the plan; --fix repairs what is safely fixable.", rich_help_panel="Check")
def lint(
    paths: Optional[list[Path]] = typer.Argument(None, help="Report and fix only these files or folders."),
    fix: bool = typer.Option(False, "--fix", help="Apply the safe fixes (marked fixable) and write the files."),
    diff: bool = typer.Option(False, "--diff", help="Show the fixes as a unified diff; write nothing."),
    fmt: Optional[common.OutputFormat] = typer.Option(None, "--format", "-f", help="Output format for the remaining problems."),
    select: Optional[list[str]] = typer.Option(None, "--select", help="Only these codes, families or rule names (repeatable)."),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="Not these codes (repeatable)."),
    today: Optional[str] = typer.Option(None, "--today", metavar="DATE", help="Judge dates against DATE (YYYY-MM-DD)."),
) -> None:
    """Lint the plan; --fix repairs key order and stray whitespace, keeping comments and quotes."""
    from planctl.checks import run_checks
    from planctl.checks.fixes import plan_fixes, write_fixes
    from planctl.checks.runner import limit_to, parse_today, split_codes
    from planctl.model import Sources

    if fix and diff:
        raise common.fail("--fix and --diff exclude each other")
    cfg = common.config()
    when, chosen, skipped = parse_today(today), split_codes(select), split_codes(ignore)
    plan = common.load(cfg)
    diagnostics = limit_to(run_checks(plan, cfg, today=when, select=chosen, ignore=skipped), cfg, paths)
    if fix or diff:
        fixes = plan_fixes(cfg.root, diagnostics, {d.path: d.kind for d in plan.documents})
        if diff:
            common.emit("".join(f.diff() for f in fixes))
            raise typer.Exit(common.EXIT_PROBLEMS if fixes else common.EXIT_OK)
        write_fixes(cfg.root, fixes)
        for f in fixes:
            for code, what in f.changes:
                typer.echo(f"fixed {f.path}: {code} {what}")
        if fixes:
            plan = common.load(cfg)
            diagnostics = limit_to(run_checks(plan, cfg, today=when, select=chosen, ignore=skipped), cfg, paths)
    common.report(diagnostics, common.default_format(fmt), root=cfg.root, files_checked=plan.files_checked,
                  sources=Sources(plan.documents))
    raise typer.Exit(common.exit_code(diagnostics))
