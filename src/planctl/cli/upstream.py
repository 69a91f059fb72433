"""`planctl upstream update`: a member plan follows its upstream (national) plan."""

from __future__ import annotations

import typer

from planctl.cli import _editing, common
from planctl.cli._command import PlanctlTyper
from planctl.cli.app import app
from planctl.i18n import N_, _, ngettext

upstream_app = PlanctlTyper(
    help=N_("A member plan's upstream: the national plan whose goals it serves by namespaced id (nat:FO1.2)."),
    epilog=common.examples("planctl upstream update", "planctl upstream update --rev v2027.1 --dry-run"),
    no_args_is_help=True,
)
app.add_typer(upstream_app, name="upstream", rich_help_panel=N_("Plan"),
              short_help=N_("Follow the upstream plan: move the pin, see what changed."))


@upstream_app.command("update", epilog=common.examples("planctl upstream update",
                                                       "planctl upstream update --rev v2027.1 --dry-run"),
                      help=N_("Fetch the upstream plan, move the pin in planctl.toml, and show what changed "
                              "upstream that this plan refers to."))
def update(
    rev: str | None = typer.Option(None, "--rev", metavar="REV",
                                   help=N_("Pin this branch, tag or commit (default: the tip of [upstream] ref).")),
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    from planctl.diffreport import as_text
    from planctl.federation.update import prepare, write_pin

    cfg = common.config()
    plan = common.load(cfg, schema=False)
    found = prepare(cfg, plan, rev)
    if found.old == found.new:
        common.note(_("the upstream pin is {rev}, the newest: nothing to update").format(rev=found.new[:12]))
        return
    if found.touching:
        common.emit(_("Changed upstream, referred to by this plan:") + "\n"
                    + as_text(found.touching, old=found.old[:12], new=found.new[:12]))
    else:
        common.emit(_("Nothing this plan refers to changed upstream.") + "\n")
    if found.others:
        common.note(ngettext("{n} other entity changed upstream.", "{n} other entities changed upstream.",
                             found.others).format(n=found.others))
    if any(c.change in ("renamed", "removed") for c in found.touching.changes):
        common.note(_("Next: planctl check; 'planctl lint --fix' rewrites the renamed ids."))
    if dry_run:
        common.note(_("would move the upstream pin from {old} to {new}; nothing written (--dry-run)").format(
            old=found.old[:12], new=found.new[:12]))
        return
    write_pin(cfg, found.new)
    common.note(ngettext("moved the upstream pin from {old} to {new} ({n} commit)",
                         "moved the upstream pin from {old} to {new} ({n} commits)", found.commits).format(
        old=found.old[:12], new=found.new[:12], n=found.commits))
