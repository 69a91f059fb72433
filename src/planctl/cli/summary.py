"""`planctl summary`: what the plan holds, counted per kind and per status."""

from __future__ import annotations

import typer

from planctl.cli import common
from planctl.cli.app import app


@app.command(rich_help_panel="Plan", epilog=common.examples("planctl summary", "planctl summary -f json"))
def summary(
    fmt: str | None = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text or json."),
) -> None:
    """Count goals, initiatives and owners, and initiatives per status."""
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
        raise common.fail(f"unknown format {fmt!r} (expected text or json)")
    from planctl.stats import format_summary

    common.emit(format_summary(data))
