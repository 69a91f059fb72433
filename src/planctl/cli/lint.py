"""`planctl lint`: the same checks as `check`, for curators: with safe fixes (`--fix`, `--diff`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from planctl.cli import _editing, common
from planctl.cli.app import app

if TYPE_CHECKING:
    from planctl.checks.fixes import FileFix
    from planctl.diagnostics import Diagnostic
    from planctl.edit.ops import Edit
    from planctl.edit.session import Outcome
    from planctl.model import Plan


@app.command(short_help="Lint the plan; --fix repairs what is safely fixable.", rich_help_panel="Check",
             epilog=common.examples("planctl lint", "planctl lint --fix --dry-run", "planctl lint --diff",
                                    "planctl lint --fix --commit -m 'style(plan): tidy'"))
def lint(
    paths: list[Path] | None = typer.Argument(None, metavar="PATH", show_default=False,
                                             help="Report and fix only these files or folders."),
    fix: bool = typer.Option(False, "--fix", help="Apply the safe fixes (marked fixable) and write the files."),
    diff: bool = typer.Option(False, "--diff", help="Show the fixes as a unified diff; write nothing."),
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
    """Lint the plan; --fix repairs key order and stray whitespace, keeping comments and quotes.

    --fix is an edit like `set`: under the edit lock, checked as a whole (a fix that would
    add an error writes nothing), written all or nothing, with --dry-run, --commit and -m.
    """
    from planctl.checks import run_checks
    from planctl.checks.fixes import plan_fixes
    from planctl.checks.runner import limit_to, parse_today, split_codes
    from planctl.model import Sources

    if fix and diff:
        raise common.fail("--fix and --diff exclude each other")
    if (commit or message or dry_run) and not fix:
        raise common.fail("--commit, -m and --dry-run go with --fix")
    cfg = common.config()
    when, chosen, skipped = parse_today(today), split_codes(select), split_codes(ignore)

    def findings(plan: Plan) -> list[Diagnostic]:
        return limit_to(run_checks(plan, cfg, today=when, select=chosen, ignore=skipped), cfg, paths)

    if fix:
        fixes: list[FileFix] = []

        def operation(plan: Plan) -> Edit:
            edit, found = plan_fixes(plan, findings(plan))
            fixes[:] = found
            return edit

        def announce(outcome: Outcome) -> None:
            # What --dry-run was asked to show is data; what was done is a summary (left out by -q).
            say = typer.echo if dry_run else common.note
            for f in fixes:
                for code, what in f.changes:
                    say(f"{'would fix' if dry_run else 'fixed'} {f.path}: {code} {what}")
            if dry_run and fixes:
                common.note("nothing written (--dry-run)")

        _editing.run(cfg, operation, commit=commit, message=message, dry_run=dry_run, announce=announce)
    plan = common.load(cfg, cache=not no_cache)
    diagnostics = findings(plan)
    if diff:
        _, fixes = plan_fixes(plan, diagnostics)
        common.emit("".join(f.diff() for f in fixes), output_file)
        raise typer.Exit(common.EXIT_PROBLEMS if fixes and not exit_zero else common.EXIT_OK)
    common.report(diagnostics, common.default_format(fmt), root=cfg.root, files_checked=plan.files_checked,
                  sources=Sources(plan.documents), output_file=output_file, command="lint", statistics=statistics)
    raise typer.Exit(0 if exit_zero else common.exit_code(diagnostics, strict=strict))
