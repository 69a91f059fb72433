"""D004: a proposed initiative whose start date is in the past."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Initiative, Plan

ID = "D004"
NAME = "proposed-started"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A `proposed` initiative has a `start` date in the past (judged against --today).")
EXPLANATION = N_("""\
If work started, the initiative is past `proposed`; if it did not, the start
date is stale.

Bad (checked on 2024-05-01):

    status: proposed
    start: 2023-01-01

Good:

    status: ongoing
    start: 2023-01-01""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for ini in plan.every(Initiative):
        if ini.status == "proposed" and ini.start and ini.start < ctx.today:
            yield ctx.diag(ID, SEVERITY, ini.doc, ("start",),
                           lazy("status is 'proposed' but the start date {start} has passed",
                                start=ini.start.isoformat()),
                           hint=lazy("update the status or the start date"))
