"""`planctl report`: the report to the government, built from the plan's data."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.cli.export import LANG_OPTION, WHERE_INITIATIVES_OPTION, Lang


class ReportFormat(enum.StrEnum):
    markdown = "markdown"
    html = "html"


@app.command(short_help="The report to the government, built from the plan.", rich_help_panel="Export",
             epilog=common.examples("planctl report -o rapport.md", "planctl report -f html -o rapport.html --lang en"))
def report(
    fmt: ReportFormat = typer.Option(ReportFormat.markdown, "--format", "-f", metavar="FORMAT", show_default=False,
                                     help="markdown (default) or html (one page)."),
    output: Path | None = common.OUTPUT_FILE_OPTION,
    lang: Lang | None = LANG_OPTION,
    where: list[str] | None = WHERE_INITIATIVES_OPTION,
) -> None:
    """Status counts, ongoing and proposed initiatives, uncovered sub-goals, responsibilities."""
    from planctl.cli.export import load_selected
    from planctl.report import render

    cfg, plan = load_selected(where)
    common.emit(render(plan, fmt.value, name=cfg.name, lang=lang.value if lang else cfg.language), output)
