"""`planctl log [ID]`: who changed what in the plan, and when."""

from __future__ import annotations

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.i18n import N_, _


@app.command(short_help=N_("The plan's history, from commit trailers or touched files."), rich_help_panel=N_("History"),
             pager=True, epilog=common.examples("planctl log", "planctl log INI-001 --since 2020-01-01",
                                                "planctl log --since '2 weeks ago' -f json"),
             help=N_("The plan's history from its commits: planctl's trailers, or the files a commit touched.\n"
                     "\n"
                     "`log ID` lists the commits about ID under that id, the rename that gave it the id\n"
                     "included, as `git log PATH` does; `--follow` goes on under its earlier ids."))
def log(
    ident: str | None = typer.Argument(None, metavar="ID", show_default=False,
                                       help=N_("Only commits about this entity.")),
    since: str | None = typer.Option(None, "--since", metavar="DATE",
                                        help=N_("Only commits after DATE (2020-05-01, '2 weeks ago'...).")),
    until: str | None = typer.Option(None, "--until", metavar="DATE|REV",
                                     help=N_("Only commits before DATE, or from REV back (v2019-03, HEAD~10...).")),
    max_count: int | None = typer.Option(None, "--max-count", "-n", metavar="N", min=0,
                                         help=N_("At most N commits, the newest.")),
    follow: bool = typer.Option(False, "--follow",
                                help=N_("With ID: go on through the ids it had before (Plan-Renamed trailers).")),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help=N_("text or json.")),
) -> None:
    from planctl.git.history import plan_log
    from planctl.render import printable

    if fmt not in ("text", "json"):
        raise common.fail(_("unknown format {format!r} (expected text or json)").format(format=fmt))
    if follow and ident is None:
        raise common.fail(_("--follow needs an ID to follow (planctl log --follow ID)"))
    cfg = common.config()
    entries = plan_log(cfg, ident, since, until=until, max_count=max_count, follow=follow)
    if fmt == "json":
        from planctl.render.jsonfmt import envelope

        common.emit(envelope("log", commits=[e.as_dict() for e in entries]))
        return
    lines = []
    for e in entries:
        lines.append(printable(f"{e.date[:10]}  {e.sha[:7]}  {e.author}  {e.subject}"))
        parts = [change.format(ids=", ".join(ids)) for change, ids in
                 ((_("added {ids}"), e.added), (_("changed {ids}"), e.changed), (_("removed {ids}"), e.removed))
                 if ids]
        parts += [_("renamed {old} -> {new}").format(old=r.old, new=r.new) for r in e.renamed]
        if parts:
            suffix = "  " + _("(from the files; no planctl trailers)") if e.source == "files" else ""
            lines.append(printable(f"    {'; '.join(parts)}{suffix}"))
    if not entries:
        lines.append(_nothing(ident, since))
    elif ident is not None and not follow and max_count is None:
        before = next((r.old for r in entries[-1].renamed if r.new == ident), None)
        if before is not None:  # where git's `log PATH` stops silently, say how to go on
            lines.append(printable(_("({id} was {before} before this; 'planctl log --follow {id}' goes on)").format(
                id=ident, before=before)))
    common.emit("\n".join(lines) + "\n")


def _nothing(ident: str | None, since: str | None) -> str:
    if ident and since:
        return _("No commits about {id} since {since}.").format(id=ident, since=since)
    if ident:
        return _("No commits about {id}.").format(id=ident)
    if since:
        return _("No commits touch the plan since {since}.").format(since=since)
    return _("No commits touch the plan yet.")
