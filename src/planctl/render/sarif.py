"""SARIF 2.1.0 for GitHub code scanning (upload with github/codeql-action/upload-sarif).

Paths are relative to the repository root (uriBaseId %SRCROOT%) and written as
RFC 3986 relative references: each path segment percent-encoded as UTF-8, so a
file named `möte 2019.yaml` is `m%C3%B6te%202019.yaml` (the SARIF multitool and
GitHub reject a raw space, `%` or non-ASCII letter, SARIF1002). Regions are
1-based, and every code planctl knows is described as a rule with help text,
so the output is identical from run to run and machine to machine.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from planctl.diagnostics import Diagnostic, Severity
from planctl.render import RenderContext
from planctl.render.stable import fingerprints, repo_prefix

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(rule: Any) -> dict[str, Any]:
    text = rule.explanation or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": text, "markdown": f"**{rule.code} {rule.name}**: {rule.summary}\n\n{text}"},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["planctl", rule.code[0]]},
    }


def artifact_uri(path: str) -> str:
    """A repository-relative POSIX path as a relative URI reference (RFC 3986 section 4.2).

    Every character outside the unreserved set and `/` is percent-encoded, the
    text as UTF-8 (RFC 3986 section 2.5). A `:` is encoded too: in a first
    segment it would read as a scheme (`c:plan/x.yaml`).
    """
    return quote(path, safe="/")


def _region(d: Diagnostic) -> dict[str, int] | None:
    if not d.line:
        return None
    region = {"startLine": d.line, "startColumn": d.col or 1}
    if d.end_line and d.end_line >= d.line:
        region["endLine"] = d.end_line
        if d.end_col and (d.end_line > d.line or d.end_col > region["startColumn"]):
            region["endColumn"] = d.end_col
    return region


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    from planctl.checks.registry import catalogue

    cat = catalogue()
    rules = list(cat.values())
    index = {rule.code: i for i, rule in enumerate(rules)}
    prefix = repo_prefix(ctx.root)
    results = []
    for d, fingerprint in zip(diagnostics, fingerprints(diagnostics, prefix), strict=True):
        artifact = {"uri": artifact_uri(prefix + d.path), "uriBaseId": "%SRCROOT%"}
        location: dict[str, Any] = {"artifactLocation": artifact}
        region = _region(d)
        if region:
            location["region"] = region
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": LEVEL[d.severity],
            "message": {"text": message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"planctl/v1": fingerprint},
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        results.append(result)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "planctl", "version": ctx.tool_version or "0",
                                "rules": [_rule(r) for r in rules]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
