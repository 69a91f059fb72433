"""`planctl validate`: YAML syntax and JSON Schema for every file, all problems in one run."""

from __future__ import annotations

from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.i18n import N_


@app.command(rich_help_panel=N_("Check"),
             epilog=common.examples("planctl validate", "planctl validate plan/goals --format json -o report.json"),
             help=N_("Check YAML syntax and the JSON Schema of every plan file."))
def validate(
    paths: list[Path] | None = typer.Argument(None, metavar="PATH", show_default=False,
                                             help=N_("Files or folders to validate (default: the whole plan).")),
    fmt: common.OutputFormat | None = common.REPORT_FORMAT_OPTION,
    output_file: Path | None = common.OUTPUT_FILE_OPTION,
    no_cache: bool = common.NO_CACHE_OPTION,
) -> None:
    from planctl.diagnostics import sort_diagnostics
    from planctl.model import Sources

    cfg = common.config()
    plan = common.load(cfg, paths or None, cache=not no_cache)
    diagnostics = sort_diagnostics(plan.diagnostics)
    plan.keep_quoted(diagnostics)
    plan.save_cache()
    common.report(diagnostics, common.default_format(fmt), root=cfg.root, files_checked=plan.files_checked,
                  sources=Sources(plan.documents), output_file=output_file, command="validate")
    raise typer.Exit(common.exit_code(diagnostics))
