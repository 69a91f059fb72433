"""D008: an event that has begun (judged against --today) and is still open for registration."""

from __future__ import annotations

from collections.abc import Iterator

from planctl import eventtime, spec
from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Event, Plan

ID = "D008"
NAME = "registration-open-after-start"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("An event that started before --today still has a registration deadline of --today or later.")
EXPLANATION = N_("""\
The calendar and the site invite people to register until the deadline.
An event that has already begun (its start falls on a day before
`--today DATE`, default the system date, in Swedish time) but whose
`registration_deadline` falls on `--today` or later still reads as open
for registration: the deadline is wrong, or the event was moved and its
start was not updated. A past event with a deadline that has passed is
history and is not reported here (D007 still names a deadline after the
start: D008 takes over from it while the deadline lies ahead).

Bad (checked on 2026-04-01, three weeks after the event):

    start: 2026-03-10T13:00
    registration_deadline: 2026-04-15

Good (registration closed a week before):

    start: 2026-03-10T13:00
    registration_deadline: 2026-03-03""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for event, start, deadline in eventtime.registrations(plan.every(Event)):
        if eventtime.open_after_start(start, deadline, ctx.today):
            yield ctx.diag(ID, SEVERITY, event.doc, ("registration_deadline",),
                           lazy("the event started {start} but registration is open until {deadline}",
                                start=spec.format_when(start), deadline=spec.format_when(deadline)),
                           hint=lazy("move the deadline before the start, or the start if the event was moved"))
