"""T004: a title with spaces at its start or end (fixable)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, _, lazy
from planctl.model import JsonPath, Plan

ID = "T004"
NAME = "title-whitespace"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A title has spaces at its start or end. Fixable.")
EXPLANATION = N_("""\
Spaces around a title are invisible in the file but break sorting, searching
and duplicate detection. `planctl lint --fix` removes them.

Bad:

    title: "Digitalt processtöd "

Good:

    title: "Digitalt processtöd\"""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for entity in plan.entities:
        title = entity.doc.mapping.get("title")
        if isinstance(title, str) and title != title.strip():
            yield ctx.diag(ID, SEVERITY, entity.doc, ("title",), lazy("the title has spaces at its start or end"),
                           hint=lazy("run 'planctl lint --fix'"), fixable=True)


def fix(data: Any, kind: str, paths: list[JsonPath]) -> list[str]:
    from planctl.checks.fixes import strip_string

    return [_("removed spaces around the title")] if strip_string(data, ("title",)) else []
