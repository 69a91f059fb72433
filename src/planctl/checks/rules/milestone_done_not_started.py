"""D006: a milestone marked done in an initiative that has not started."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Initiative, Plan

ID = "D006"
NAME = "milestone-done-not-started"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A milestone is `done: true` while the initiative is proposed, in preparation or starts later.")
EXPLANATION = N_("""\
Work that is done has started. Either the initiative's status or start date
is out of date, or the milestone is not done.

Bad:

    status: proposed
    milestones:
      - title: Förstudie
        done: true

Good:

    status: ongoing
    milestones:
      - title: Förstudie
        done: true""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for ini in plan.every(Initiative):
        not_started = ini.status in ("proposed", "in-preparation") or (ini.start is not None and ini.start > ctx.today)
        if not not_started:
            continue
        raw = ini.doc.mapping.get("milestones")
        for i, item in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(item, dict) and item.get("done") is True:
                message = lazy("milestone is done but the initiative has not started (status is '{status}')",
                               status=ini.status) if ini.status in ("proposed", "in-preparation") else \
                    lazy("milestone is done but the initiative has not started (the initiative starts {start})",
                         start=ini.start.isoformat() if ini.start else "?")
                yield ctx.diag(ID, SEVERITY, ini.doc, ("milestones", i, "done"), message)
