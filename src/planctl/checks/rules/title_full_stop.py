"""T005: a title ending with a full stop."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Plan

ID = "T005"
NAME = "title-full-stop"
SEVERITY = Severity.INFO
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A title ends with a full stop.")
EXPLANATION = N_("""\
A title is a heading, not a sentence (the Swedish and English style guides
agree). An ellipsis is allowed.

Bad:

    title: Nationell infrastruktur för informationsutbyte.

Good:

    title: Nationell infrastruktur för informationsutbyte""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for entity in plan.entities:
        title = entity.doc.mapping.get("title")
        if isinstance(title, str):
            text = title.rstrip()
            if text.endswith(".") and not text.endswith(".."):
                yield ctx.diag(ID, SEVERITY, entity.doc, ("title",), lazy("the title ends with a full stop"))
