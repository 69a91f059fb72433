"""L002: whitespace at the start or end of a text (fixable)."""

from __future__ import annotations

from typing import Any, Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.model import JsonPath, Plan

ID = "L002"
NAME = "string-whitespace"
SEVERITY = Severity.WARNING
CONF: dict[str, object] = {}
SUMMARY = "A text value (other than a title, see T004) starts or ends with spaces. Fixable."
EXPLANATION = """\
Leading or trailing spaces in a quoted value are invisible and make equal
values differ (a tag "skoldigistod " is not "skoldigistod"). The final line
break of a block scalar (`|` or `>`) is not counted. `planctl lint --fix`
strips them and keeps the value's quoting style.

Bad:

    tags:
      - " skoldigistod"

Good:

    tags:
      - "skoldigistod\""""


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for doc in plan.documents:
        if doc.data is None:
            continue
        for path, value in ctx.strings(doc):
            if path != ("title",) and padded(value):
                yield ctx.diag(ID, SEVERITY, doc, path, "the text starts or ends with whitespace",
                               hint="run 'planctl lint --fix'", fixable=True)


def padded(value: str) -> bool:
    core = value.rstrip("\n") if value.endswith("\n") else value
    return core != core.strip()


def fix(data: Any, kind: str, paths: list[JsonPath]) -> list[str]:
    from planctl.checks.fixes import strip_string

    return [f"stripped whitespace in {'.'.join(map(str, p))}" for p in paths if strip_string(data, p)]
