"""`planctl report`: the report to the government, built from the plan's data."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.cli.export import LANG_HELP, WHERE_INITIATIVES_HELP, Lang


class ReportFormat(enum.StrEnum):
    markdown = "markdown"
    html = "html"


@app.command(short_help="The report to the government, built from the plan.", rich_help_panel="Export")
def report(
    fmt: ReportFormat = typer.Option(ReportFormat.markdown, "--format", "-f", help="markdown or html (one page)."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE", callback=common.dash_is_stdout,
                                        help="Write to FILE ('-': stdout, the default)."),
    lang: Lang | None = typer.Option(None, "--lang", help=LANG_HELP),
    where: list[str] | None = typer.Option(None, "--where", "-w", metavar="FIELD=VALUE", help=WHERE_INITIATIVES_HELP),
) -> None:
    """Status counts, ongoing and proposed initiatives, uncovered sub-goals, responsibilities."""
    from planctl.cli.export import _lang, load_selected
    from planctl.report import render

    cfg, plan = load_selected(where)
    common.emit(render(plan, fmt.value, name=cfg.name, lang=_lang(cfg, lang)), output)
