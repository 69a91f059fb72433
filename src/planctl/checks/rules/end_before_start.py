"""D002: an end date before the start date."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Initiative, Plan

ID = "D002"
NAME = "end-before-start"
SEVERITY = Severity.ERROR
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("An initiative's `end` is earlier than its `start`.")
EXPLANATION = N_("""\
Usually two dates swapped, or a wrong year.

Bad:

    start: 2021-01-01
    end: 2020-12-31

Good:

    start: 2020-01-01
    end: 2021-12-31""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for ini in plan.every(Initiative):
        if ini.start and ini.end and ini.end < ini.start:
            yield ctx.diag(ID, SEVERITY, ini.doc, ("end",),
                           lazy("end {end} is before start {start}", end=ini.end.isoformat(),
                                start=ini.start.isoformat()))
