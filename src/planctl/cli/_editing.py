"""What the edit commands (add, set, rm, mv, milestone, import, lint --fix) share: running
an edit, printing its outcome, and the optional commit that follows (`--commit`, `-m`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from planctl.cli import common
from planctl.i18n import N_, _, ngettext, shown

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.edit.ops import Edit
    from planctl.edit.session import Outcome
    from planctl.model import Plan

COMMIT_HELP = N_("Commit the files the edit changed, with a generated message.")
MESSAGE_HELP = N_("With --commit: the commit's header instead of the generated one.")
DRY_RUN_HELP = N_("Check the edit and show what would change; write nothing.")

# The options every edit command takes (typer reads these as metadata, so one instance serves all).
# -n is --dry-run on every command that has one, as for git (`commit` says it in its own words).
COMMIT_OPTION = typer.Option(False, "--commit", help=COMMIT_HELP)
MESSAGE_OPTION = typer.Option(None, "--message", "-m", metavar="MESSAGE", help=MESSAGE_HELP)
DRY_RUN_OPTION = typer.Option(False, "--dry-run", "-n", help=DRY_RUN_HELP)


def _notice(line: str) -> None:
    sys.stderr.write(f"planctl: {shown(line)}\n")


def preflight(cfg: Config, *, commit: bool, message: str | None, dry_run: bool) -> None:
    """What refuses an edit whatever it is: before writing, never an edit that then cannot be
    committed (and, for an interactive `add`, before the questions, not after them)."""
    if message and not commit:
        raise common.fail(_("-m/--message needs --commit"))
    if commit and not dry_run:
        from planctl.git.repo import ensure_can_commit, open_repo

        ensure_can_commit(open_repo(cfg.root))


def run(cfg: Config, operation: Callable[[Plan], Edit], *, commit: bool, message: str | None,
        dry_run: bool = False, explain: Callable[[Outcome], None] | None = None,
        announce: Callable[[Outcome], None] | None = None, show_warnings: bool = True) -> Outcome:
    """Run one edit, report it, commit it if asked, and exit with the right code.

    Every edit command comes here (add, set, rm, mv, milestone, import, lint --fix).
    `explain` reports the errors that refused the edit in the command's own terms (import
    names sheet cells); `announce` prints what was (or with --dry-run would be) written.
    The warnings the edit introduces follow on stderr (`print_warnings`), unless the caller
    showed them already (`show_warnings=False`: the preview of an interactive `add`).
    """
    from planctl.edit.ops import EditRefused
    from planctl.edit.session import run_edit

    preflight(cfg, commit=commit, message=message, dry_run=dry_run)
    try:
        outcome = run_edit(cfg, operation, dry_run=dry_run, notify=_notice)
    except EditRefused as exc:
        sys.stderr.write(common.error_line(str(exc)))
        for line in exc.details:
            sys.stderr.write(common.error_line(line, "  "))
        raise typer.Exit(common.EXIT_PROBLEMS) from None
    edit = outcome.edit
    if outcome.problems:
        if explain is not None:
            explain(outcome)
        else:
            common.report(outcome.problems, "text", root=cfg.root, files_checked=outcome.files_checked,
                          sources=outcome.sources)
        n = len(outcome.problems)
        raise common.fail(ngettext("nothing written: the edit would add {n} error to the plan",
                                   "nothing written: the edit would add {n} errors to the plan", n).format(n=n),
                          common.EXIT_PROBLEMS)
    # What --dry-run was asked to show is data; the line saying what was done is a summary (not with -q).
    if announce is not None:
        announce(outcome)
    elif not edit.changes:
        common.note(shown(edit.summary))
    elif dry_run:
        typer.echo(_("would have {summary}; nothing written (--dry-run)").format(summary=shown(edit.summary)))
        verbs = _("delete"), _("write")
        width = max(map(len, verbs))
        for change in edit.changes:
            typer.echo(f"  {verbs[change.text is not None]:<{width}} {change.path}")
    else:
        where = f" ({edit.path})" if edit.path and any(c.path == edit.path and c.text is not None
                                                       for c in edit.changes) else ""
        common.note(f"{shown(edit.summary)}{where}")
    if show_warnings:
        print_warnings(cfg, outcome)
    if commit and outcome.written:
        # The edit was judged by the guard (no new errors); pre-existing ones elsewhere do not block it.
        commit_paths(cfg, [c.path for c in edit.changes], message, verify=False)
    return outcome


def print_warnings(cfg: Config, outcome: Outcome) -> None:
    """What the edit caused that does not refuse it, one located line each on stderr, as
    `planctl check --format concise` prints them (paths from the current directory).

    `--quiet` silences them, as it does every line that is not the data asked for."""
    if not outcome.warnings or common.state.quiet:
        return
    from planctl.render import RenderContext, from_cwd, render

    ctx = RenderContext(root=cfg.root, display=from_cwd(cfg.root))
    sys.stderr.write(render("concise", outcome.warnings, ctx))


def _bookkeeping_rels() -> list[str]:
    """Files an edit may update besides the entities: committed with it."""
    from planctl.edit.ids import HIGH_WATER_NAME

    return [f"plan/{HIGH_WATER_NAME}", "plan/.gitattributes"]


def commit_paths(cfg: Config, paths: list[str] | None, message: str | None, *, verify: bool = True,
                 dry_run: bool = False) -> Any:
    """Commit and print the result; plan errors refuse the commit (exit 1), git states exit 2.

    `paths` (relative to the plan root; None: the whole plan) get the id bookkeeping files added.
    """
    from planctl.git.commit import HookRejected, commit_plan

    if paths is not None:
        paths = list(dict.fromkeys([*paths, *_bookkeeping_rels()]))

    try:
        result = commit_plan(cfg, message=message, paths=paths, verify=verify, dry_run=dry_run)
    except HookRejected as exc:
        if exc.output:
            sys.stderr.write(exc.output.rstrip("\n") + "\n")
        raise
    if result.refused:
        from planctl.loader import discover

        common.report(result.problems, "text", root=cfg.root, files_checked=len(discover(cfg)[0]), sources={})
        raise common.fail(_("not committed: the plan has errors (fix them, or pass --no-verify)"),
                          common.EXIT_PROBLEMS)
    if result.hook_output:
        sys.stderr.write(result.hook_output.rstrip("\n") + "\n")
    if dry_run:
        typer.echo(result.message, nl=False)
        return result
    assert result.sha is not None, "a commit that was not a dry run has a sha"
    if not common.state.quiet:  # as git commit -q
        typer.echo(common.error_line(result.message.splitlines()[0], f"[{result.sha[:7]}] "), nl=False)
    return result
