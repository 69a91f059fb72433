"""The times of events as instants on the time line.

A `datetime` field (`planctl.spec.parse_when`) holds a date, meaning the whole
day in Swedish time, or a date-time, whose lack of an offset means Swedish
wall-clock time (`spec.TIME_ZONE`). The loader keeps them as written, so a check
never needs the time zone database; the rules that compare times, and the
calendar feed, ask here for instants. One module, so that "a date is the whole
day" is decided once: a deadline of 2026-03-10 lasts until midnight, an event
of 2026-03-10 to 2026-03-11 ends when the 12th begins.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from planctl import spec
from planctl.errors import PlanctlError

if TYPE_CHECKING:
    from planctl.model import Event

_DAY = _dt.timedelta(days=1)


@functools.cache
def zone() -> _dt.tzinfo:
    """Europe/Stockholm from the system's zone database, or from the tzdata package where the
    system has none (Windows: pyproject.toml installs tzdata there)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(spec.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        from planctl.i18n import _

        raise PlanctlError(_("the time zone {zone} is in no time zone database on this machine: "
                             "install the tzdata package (pip install tzdata)").format(zone=spec.TIME_ZONE)) from None


def aware(value: _dt.datetime) -> _dt.datetime:
    """A date-time with its offset: one written without is wall-clock time in Sweden."""
    return value if value.tzinfo is not None else value.replace(tzinfo=zone())


def is_day(value: spec.When) -> bool:
    """A whole day (a date written without a time)."""
    return not isinstance(value, _dt.datetime)


def begins(value: spec.When) -> _dt.datetime:
    """The first instant of a time (in UTC): a date's midnight in Sweden.

    In UTC because Python compares and subtracts two date-times of one time zone by their
    wall-clock times, which is wrong across a change to or from summer time."""
    if isinstance(value, _dt.datetime):
        return aware(value).astimezone(_dt.UTC)
    return _dt.datetime.combine(value, _dt.time(), tzinfo=zone()).astimezone(_dt.UTC)


def ends(value: spec.When) -> _dt.datetime:
    """The last instant of a time (exclusive, in UTC): a date lasts until the next day begins."""
    if isinstance(value, _dt.datetime):
        return aware(value).astimezone(_dt.UTC)
    return _dt.datetime.combine(value + _DAY, _dt.time(), tzinfo=zone()).astimezone(_dt.UTC)


def day_of(value: spec.When) -> _dt.date:
    """The day a time falls on in Sweden (what `--today` is compared with)."""
    if isinstance(value, _dt.datetime):
        return aware(value).astimezone(zone()).date()
    return value


def registrations(events: Iterable[Event]) -> Iterator[tuple[Event, spec.When, spec.When]]:
    """(event, start, registration deadline) of each event that has both (rules D007, D008)."""
    for event in events:
        if event.start is not None and event.registration_deadline is not None:
            yield event, event.start, event.registration_deadline


def open_after_start(start: spec.When, deadline: spec.When, today: _dt.date) -> bool:
    """Whether an event that began before `today` still takes registrations on `today` or later
    (rule D008; D007 leaves such an event to it)."""
    return day_of(start) < today <= day_of(deadline)


def utc(value: _dt.datetime) -> _dt.datetime:
    return aware(value).astimezone(_dt.UTC)
