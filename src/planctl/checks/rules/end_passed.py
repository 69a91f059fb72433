"""D003: an ongoing or decided initiative whose end date has passed."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Initiative, Plan

ID = "D003"
NAME = "end-passed"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("An `ongoing` or `decided` initiative's `end` date has passed (judged against --today).")
EXPLANATION = N_("""\
The plan is a living document: once the end date has passed, the status is
probably out of date (completed? cancelled? extended?). Dates are judged
against `--today DATE` (default: the system date), so CI runs are repeatable.

Bad (checked on 2024-05-01):

    status: ongoing
    end: 2023-12-31

Good:

    status: completed
    end: 2023-12-31""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for ini in plan.every(Initiative):
        if ini.status in ("ongoing", "decided") and ini.end and ini.end < ctx.today:
            yield ctx.diag(ID, SEVERITY, ini.doc, ("end",),
                           lazy("status is '{status}' but the end date {end} has passed", status=ini.status,
                                end=ini.end.isoformat()),
                           hint=lazy("update the status (completed? cancelled?) or the end date"))
