"""`planctl summary`: what the plan holds, counted per kind and per status."""

from __future__ import annotations

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.i18n import N_, _


@app.command(rich_help_panel=N_("Plan"), epilog=common.examples("planctl summary", "planctl summary -f json"),
             help=N_("Count goals, initiatives and owners, and initiatives per status."))
def summary(
    fmt: str | None = typer.Option("text", "--format", "-f", metavar="FORMAT", help=N_("text or json.")),
) -> None:
    from planctl.stats import plan_summary

    cfg = common.config()
    plan = common.load(cfg, schema=False)
    plan.save_cache()
    data = plan_summary(plan)
    data["name"] = cfg.name
    if fmt == "json":
        from planctl.render.jsonfmt import envelope

        common.emit(envelope("summary", summary=data))
        return
    if fmt != "text":
        raise common.fail(_("unknown format {format!r} (expected text or json)").format(format=fmt))
    from planctl.stats import format_summary

    common.emit(format_summary(data))
