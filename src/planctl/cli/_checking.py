"""What `check` and `lint` share: the checks, the fixes (`--fix`, `--diff`) and the report.

Both commands are this one function with their own options, so they cannot drift
apart: the same findings, the same fixes through the one edit path (`_editing.run`,
under the lock, judged by the guard, written as one transaction), the same exit
codes. The fixes follow ruff's `check --fix`/`--diff`:

- `--fix` writes the fixes, then reports the problems that remain and
  `Fixed N problems (M remaining).`; the exit code is that of the remaining
  problems (0 when none fails the run, 1 when one does; `--strict` and
  `--exit-zero` as without `--fix`).
- `--diff` (with or without `--fix`) prints the fixes as a unified diff and writes
  nothing; it exits 1 when there is something to fix, else 0 (`--exit-zero`: 0).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from planctl.cli import _editing, common
from planctl.i18n import _, ngettext, shown

if TYPE_CHECKING:
    from planctl.checks.fixes import FileFix
    from planctl.config import Config
    from planctl.diagnostics import Diagnostic
    from planctl.edit.ops import Edit
    from planctl.edit.session import Outcome
    from planctl.model import Plan

HUMAN_FORMATS = ("text", "full", "grouped", "concise")
"""Formats a person reads: what was fixed is said beside them. Beside a machine format
(JSON, SARIF...) on standard output it goes to standard error, so the output stays parseable."""


def run(command: str, *, paths: list[Path] | None, fmt: common.OutputFormat | None,
        select: list[str] | None, ignore: list[str] | None, today: str | None,
        output_file: Path | None = None, statistics: bool = False, strict: bool = False,
        exit_zero: bool = False, against: str | None = None, no_cache: bool = False,
        fix: bool = False, diff: bool = False, commit: bool = False, message: str | None = None,
        dry_run: bool = False) -> NoReturn:
    """Check the plan, fix what is fixable if asked, report, and exit with the right code."""
    from planctl.checks import run_checks
    from planctl.checks.runner import limit_to, parse_today, split_codes
    from planctl.render import from_cwd

    if diff and (commit or message):
        raise common.fail(_("--diff writes nothing, so there is nothing to commit (--commit, -m go with --fix)"))
    if (commit or message or dry_run) and not (fix or diff):
        raise common.fail(_("--commit, -m and --dry-run go with --fix"))
    cfg = common.config()
    when, chosen, skipped = parse_today(today), split_codes(select), split_codes(ignore)
    chosen_format = common.default_format(fmt)
    to_stderr = output_file is None and chosen_format not in HUMAN_FORMATS
    display = from_cwd(cfg.root)

    def findings(plan: Plan) -> list[Diagnostic]:
        found = run_checks(plan, cfg, today=when, select=chosen, ignore=skipped, against=against)
        if not (chosen or skipped or against or no_cache):  # the commit's own check: keep its verdict
            from planctl import verdict

            verdict.record(cfg, plan, found, when)
        return limit_to(found, cfg, paths)

    if diff:
        from planctl.checks.fixes import plan_fixes

        plan = common.load(cfg, cache=not no_cache)
        fixes = plan_fixes(plan, findings(plan))[1]
        common.emit("".join(f.diff() for f in fixes), output_file)
        count = _count(fixes)
        if count:
            common.note(ngettext("Would fix {n} problem.", "Would fix {n} problems.", count).format(n=count), err=True)
        raise typer.Exit(common.EXIT_PROBLEMS if count and not exit_zero else common.EXIT_OK)
    fixed = _fix(cfg, findings, commit=commit, message=message, dry_run=dry_run, to_stderr=to_stderr,
                 display=display) if fix else 0
    plan = common.load(cfg, cache=not no_cache)
    diagnostics = findings(plan)
    from planctl.model import Sources

    common.report(diagnostics, chosen_format, root=cfg.root, files_checked=plan.files_checked,
                  sources=Sources(plan.documents), output_file=output_file, command=command, statistics=statistics)
    if fixed and not dry_run:
        common.note(ngettext("Fixed {n} problem ({left} remaining).", "Fixed {n} problems ({left} remaining).",
                              fixed).format(n=fixed, left=len(diagnostics)), err=to_stderr)
    raise typer.Exit(common.EXIT_OK if exit_zero else common.exit_code(diagnostics, strict=strict))


def _fix(cfg: Config, findings: Callable[[Plan], list[Diagnostic]], *, commit: bool, message: str | None,
         dry_run: bool, to_stderr: bool, display: Callable[[str], str]) -> int:
    """Apply the fixes as one edit (or, with --dry-run, say what they would be); the problems fixed.

    The fixes are computed inside the edit, under its lock, from the plan as it is then:
    a file saved in an editor meanwhile is fixed as saved, never overwritten. What was fixed
    is a summary (--quiet leaves it out); what --dry-run was asked to show is data."""
    from planctl.checks.fixes import plan_fixes
    from planctl.render import printable

    fixes: list[FileFix] = []

    def operation(plan: Plan) -> Edit:
        edit, found = plan_fixes(plan, findings(plan))
        fixes[:] = found
        return edit

    def announce(outcome: Outcome) -> None:
        say = typer.echo if dry_run else common.note
        for f in fixes:
            for code, what in f.changes:
                line = _("would fix {path}: {code} {what}") if dry_run else _("fixed {path}: {code} {what}")
                say(line.format(path=printable(display(f.path)), code=code, what=shown(what)), err=to_stderr)
        if dry_run and fixes:
            common.note(_("nothing written (--dry-run)"), err=to_stderr)

    outcome = _editing.run(cfg, operation, commit=commit, message=message, dry_run=dry_run, announce=announce)
    return _count(fixes) if outcome.written else 0


def _count(fixes: list[FileFix]) -> int:
    """Problems fixed: each note says what one fix did to one problem."""
    return sum(len(f.changes) for f in fixes)


def _problems(n: int) -> str:
    return f"{n} problem{'s' if n != 1 else ''}"
