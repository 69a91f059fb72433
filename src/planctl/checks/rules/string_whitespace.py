"""L002: whitespace at the start or end of a text (fixable)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, _, lazy
from planctl.model import JsonPath, Plan

ID = "L002"
NAME = "string-whitespace"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A text value (other than a title, see T004) starts or ends with spaces. Fixable.")
EXPLANATION = N_("""\
Leading or trailing spaces in a quoted value are invisible and make equal
values differ (a tag "skoldigistod " is not "skoldigistod"). The final line
break of a block scalar (`|` or `>`) is not counted. `planctl lint --fix`
strips them and keeps the value's quoting style.

Bad:

    tags:
      - " skoldigistod"

Good:

    tags:
      - "skoldigistod\"""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for doc in plan.documents:
        if doc.data is None or not could_be_padded(doc.text or ""):
            continue
        for path, value in ctx.strings(doc):
            if path != ("title",) and padded(value):
                yield ctx.diag(ID, SEVERITY, doc, path, lazy("the text starts or ends with whitespace"),
                               hint=lazy("run 'planctl lint --fix'"), fixable=True)


# Plain YAML scalars cannot start or end with whitespace: only quoted values, tabs,
# lines ending in whitespace and block scalars with an indentation indicator can.
def could_be_padded(text: str) -> bool:
    """A cheap text test that lets most files skip the walk over their values."""
    return ('"' in text or "'" in text or "\t" in text or " \n" in text or text.endswith(" ")
            or _indentation_indicator(text))


def _indentation_indicator(text: str) -> bool:
    """`|2`, `>-4`...: a block scalar whose value may start with spaces. (str.find beats a
    regex starting with a character class by 8x here; this runs once per file.)"""
    for mark in "|>":
        i = text.find(mark)
        while i >= 0:
            after = text[i + 1:i + 3]
            if (after[:1] in "123456789" and after[:1]) or (
                after[:1] in "+-" and after[1:2] in "123456789" and after[1:2]
            ):
                return True
            i = text.find(mark, i + 1)
    return False


def padded(value: str) -> bool:
    core = value.rstrip("\n") if value.endswith("\n") else value
    return core != core.strip()


def fix(data: Any, kind: str, paths: list[JsonPath]) -> list[str]:
    from planctl.checks.fixes import strip_string

    return [_("stripped whitespace in {field}").format(field=".".join(map(str, p))) for p in paths
            if strip_string(data, p)]
