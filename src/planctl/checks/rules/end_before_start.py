"""D002: an end before the start (an initiative's dates, an event's times)."""

from __future__ import annotations

from collections.abc import Iterator

from planctl import eventtime, spec
from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.model import Event, Initiative, Plan

ID = "D002"
NAME = "end-before-start"
SEVERITY = Severity.ERROR
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = "An initiative's or an event's `end` is earlier than its `start`."
EXPLANATION = """\
Usually two dates swapped, or a wrong year or hour.

An event's times are compared as instants: a date is the whole day, a time
without an offset is Swedish time, so `start: 2026-03-10T13:00` and
`end: 2026-03-10` (the same day) agree, and `end: 2026-03-10T12:00Z` (13:00
in Stockholm) ends as it starts, which is allowed.

Bad:

    start: 2021-01-01
    end: 2020-12-31

Good:

    start: 2020-01-01
    end: 2021-12-31"""


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for ini in plan.every(Initiative):
        if ini.start and ini.end and ini.end < ini.start:
            yield ctx.diag(ID, SEVERITY, ini.doc, ("end",),
                           f"end {ini.end.isoformat()} is before start {ini.start.isoformat()}")
    for event in plan.every(Event):
        if event.start and event.end and eventtime.ends(event.end) < eventtime.begins(event.start):
            yield ctx.diag(ID, SEVERITY, event.doc, ("end",),
                           f"end {spec.format_when(event.end)} is before start {spec.format_when(event.start)}",
                           hint="a date-time without an offset is Swedish time; a date is the whole day")
