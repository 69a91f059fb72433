"""T006: a title written in capitals only."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Plan

ID = "T006"
NAME = "title-all-caps"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A title of two words or more is written in capitals only.")
EXPLANATION = N_("""\
Capitals read as shouting and are harder to read; keep them for acronyms.
A one-word title such as LIKA is allowed.

Bad:

    title: SÄKER ÅTKOMST TILL DIGITALA RESURSER

Good:

    title: Säker åtkomst till digitala resurser""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for entity in plan.entities:
        title = entity.doc.mapping.get("title")
        if isinstance(title, str) and len(title.split()) >= 2 and title.isupper():
            yield ctx.diag(ID, SEVERITY, entity.doc, ("title",), lazy("the title is in capitals only"),
                           hint=lazy("write it in sentence case"))
