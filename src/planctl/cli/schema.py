"""`planctl schema [KIND]`: print the JSON Schemas planctl validates with."""

from __future__ import annotations

import typer

from planctl.cli import common
from planctl.cli.app import app


@app.command(short_help="Print the plan format's JSON Schemas.", rich_help_panel="Plan")
def schema(
    kind: str | None = typer.Argument(
        None, help="goal, initiative, owner, event, need, defs or config (planctl.toml's); default: all, as one JSON "
                   "object."
    ),
    path: bool = typer.Option(False, "--path", help="Print the folder that holds the schema files instead."),
) -> None:
    """Print the plan format's JSON Schemas (draft 2020-12), for editors and other tools."""
    import json

    from planctl.configschema import SCHEMA_FILE as CONFIG_SCHEMA_FILE
    from planctl.schemas import DEFS_FILE, SCHEMA_FILES, load_schema, schema_dir

    if path:
        common.emit(f"{schema_dir()}\n")
        return
    names = {**SCHEMA_FILES, "defs": DEFS_FILE, "config": CONFIG_SCHEMA_FILE}
    if kind is None:
        document = {name: load_schema(name) for name in names.values()}
    elif kind in names:
        document = load_schema(names[kind])
    else:
        raise common.fail(f"unknown kind {kind!r} (expected one of: {', '.join(names)})")
    common.emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
