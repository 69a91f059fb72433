"""`planctl validate`: YAML syntax and JSON Schema for every file, all problems in one run."""

from __future__ import annotations

from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app


@app.command(rich_help_panel="Check")
def validate(
    paths: list[Path] | None = typer.Argument(None, help="Files or folders to validate (default: the whole plan)."),
    fmt: common.OutputFormat | None = common.REPORT_FORMAT_OPTION,
    output_file: Path | None = common.REPORT_FILE_OPTION,
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Parse every file afresh; neither read nor write .planctl_cache/."
    ),
) -> None:
    """Check YAML syntax and the JSON Schema of every plan file."""
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
