"""D001: a completed initiative without an end date."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Initiative, Plan

ID = "D001"
NAME = "completed-without-end"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("An initiative has status `completed` but no `end` date.")
EXPLANATION = N_("""\
When an initiative is completed, the date it ended is the one fact every
follow-up asks for. Record it.

Bad:

    status: completed

Good:

    status: completed
    end: 2022-12-31""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for ini in plan.every(Initiative):
        if ini.status == "completed" and "end" not in ini.doc.mapping:
            yield ctx.diag(ID, SEVERITY, ini.doc, ("status",), lazy("status is 'completed' but there is no end date"),
                           hint=lazy("add 'end: YYYY-MM-DD'"))
