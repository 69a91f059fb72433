"""Machine-readable output with a stable, documented shape (see README, "JSON output")."""

from __future__ import annotations

import json

from planctl.diagnostics import Diagnostic
from planctl.render import RenderContext, counts

SCHEMA_VERSION = 1


def as_dict(d: Diagnostic) -> dict[str, object]:
    return {
        "code": d.code,
        "severity": d.severity.label,
        "message": d.message,
        "path": d.path,
        "line": d.line or None,
        "column": (d.col or 1) if d.line else None,
        "end_line": d.end_line or None,
        "end_column": d.end_col or None,
        "entity": d.entity,
        "json_path": d.json_path,
        "hint": d.hint,
        "fixable": d.fixable,
    }


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "planctl", "version": ctx.tool_version},
        "summary": {"files": ctx.files_checked, **counts(diagnostics)},
        "diagnostics": [as_dict(d) for d in diagnostics],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
