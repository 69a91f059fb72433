"""D007: an event whose registration closes after it has started."""

from __future__ import annotations

from collections.abc import Iterator

from planctl import eventtime, spec
from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Event, Plan

ID = "D007"
NAME = "registration-after-start"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("An event's `registration_deadline` falls after its `start`.")
EXPLANATION = N_("""\
Registration closes before a meeting begins; a deadline after the start is
usually a wrong month or year, or the start and the deadline swapped.

Times are compared as instants (a time without an offset is Swedish time).
A deadline given as a date counts from the beginning of that day, so a
deadline on the day of the event is fine: registration closing the same
day at a stated hour is written as a date-time. Once the event has begun
(before `--today`) while the deadline still lies ahead, D008 reports it
instead.

Bad:

    start: 2026-03-10T13:00
    registration_deadline: 2026-03-17

Good:

    start: 2026-03-10T13:00
    registration_deadline: 2026-03-03""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for event, start, deadline in eventtime.registrations(plan.every(Event)):
        if eventtime.begins(deadline) > eventtime.begins(start) and not eventtime.open_after_start(
                start, deadline, ctx.today):  # D008 says it louder: the event has begun, registration is open
            yield ctx.diag(ID, SEVERITY, event.doc, ("registration_deadline",),
                           lazy("registration closes {deadline}, after the event starts ({start})",
                                deadline=spec.format_when(deadline), start=spec.format_when(start)),
                           hint=lazy("set the deadline before the start, or correct the start"))
