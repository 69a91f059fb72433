"""GitLab Code Quality report (artifacts:reports:codequality): a JSON list of issues.

Fingerprints are stable across runs (see `render.stable`), so GitLab can tell
new problems in a merge request from old ones.
"""

from __future__ import annotations

import json

from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import with_hint
from planctl.render import RenderContext
from planctl.render.stable import fingerprints, repo_prefix

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    prefix = repo_prefix(ctx.root)
    issues = []
    for d, fingerprint in zip(diagnostics, fingerprints(diagnostics, prefix), strict=True):
        lines = {"begin": d.line or 1}
        if d.end_line and d.end_line >= (d.line or 1):
            lines["end"] = d.end_line
        issues.append({
            "type": "issue",
            "check_name": d.code,
            "description": f"{d.code}: {with_hint(d.message, d.hint)}",
            "categories": ["Style"] if d.code[0] in "LT" else ["Bug Risk"],
            "severity": SEVERITY[d.severity],
            "fingerprint": fingerprint,
            "location": {"path": prefix + d.path, "lines": lines},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
