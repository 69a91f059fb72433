"""`planctl commit`: commit the plan's changes (only them) with a semantic message."""

from __future__ import annotations

import sys

import typer

from planctl.cli import _editing, common
from planctl.cli.app import app
from planctl.i18n import N_


@app.command(short_help=N_("Commit the plan's changes only, with a structured message."), rich_help_panel=N_("History"),
             epilog=common.examples("planctl commit --dry-run", "planctl commit",
                                    "planctl commit -m 'feat(plan): the spring decisions'"),
             help=N_("Stage and commit plan/, schema/ and planctl.toml only; other changes stay as they are."))
def commit(
    message: str | None = typer.Option(None, "--message", "-m", metavar="MESSAGE",
                                          help=N_("The commit's header instead of the generated one "
                                                  "(the list of changes and the trailers are still added).")),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help=N_("Print the message; commit nothing.")),
    no_verify: bool = typer.Option(False, "--no-verify",
                                   help=N_("Commit even if the plan has errors (git hooks still run).")),
) -> None:
    from planctl.git.commit import NothingToCommit

    cfg = common.config()
    try:
        _editing.commit_paths(cfg, None, message, verify=not no_verify, dry_run=dry_run)
    except NothingToCommit as exc:  # nothing to do is not a failure (exit 0), but it is said
        sys.stderr.write(common.error_line(str(exc), "planctl: "))
