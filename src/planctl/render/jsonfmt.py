"""Machine-readable output with a stable, documented shape (see README, "Output formats").

Every `--format json` of planctl prints one envelope, so a script reads `version` and
`command` before it trusts the rest; each command's payload sits under a named key and
is described by `schema/output-COMMAND.schema.json`."""

from __future__ import annotations

import json

from planctl.diagnostics import Diagnostic
from planctl.i18n import shown
from planctl.render import RenderContext, counts

SCHEMA_VERSION = 1


def as_dict(d: Diagnostic) -> dict[str, object]:
    return {
        "code": d.code,
        "severity": d.severity.label,
        "message": shown(d.message),
        "path": d.path,
        "line": d.line or None,
        "column": (d.col or 1) if d.line else None,
        "end_line": d.end_line or None,
        "end_column": d.end_col or None,
        "entity": d.entity,
        "json_path": d.json_path,
        "hint": shown(d.hint),
        "fixable": d.fixable,
    }


def envelope(command: str, /, *, tool_version: str = "", **payload: object) -> str:
    """The one JSON document shape of every command: version, tool, command, then its payload
    (tool_version is the installed planctl's unless a caller names it)."""
    if not tool_version:
        from planctl import __version__ as tool_version

    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "planctl", "version": tool_version},
        "command": command,
        **payload,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    return envelope(
        ctx.command,
        tool_version=ctx.tool_version,
        summary={"files": ctx.files_checked, **counts(diagnostics)},
        diagnostics=[as_dict(d) for d in diagnostics],
    )
