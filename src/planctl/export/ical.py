"""The plan's events as an iCalendar feed (RFC 5545) that a calendar subscribes to.

One VEVENT per event, in the order of their start. What a calendar relies on:

- `UID` is the event's id at a domain of the plan's own, so an event edited in
  the plan replaces itself in a subscriber's calendar instead of appearing
  twice (ids are never handed out again: `planctl.edit.ids`);
- a time of day is written in UTC (`DTSTART:20260310T120000Z`): no VTIMEZONE is
  needed and no client can misread it; a time written without an offset is
  Swedish time (`planctl.eventtime`), so 13:00 in March is 12:00Z and 13:00
  in June 11:00Z;
- a date is an all-day event (`VALUE=DATE`), whose `DTEND` is the day *after*
  the last day (the end is exclusive in iCalendar, inclusive in the plan);
- text is escaped (`\\`, `;`, `,`, line breaks) and control characters, which
  the format does not allow, are dropped; every line ends in CRLF and is
  folded at 75 octets without splitting a UTF-8 character.

`calendar()` returns the feed's text; the CLI (`planctl export ics`) and the
site both call it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterable

from planctl import __version__, eventtime, spec
from planctl.export.collate import sort_key
from planctl.model import Event, Owner, Plan

MEDIA_TYPE = "text/calendar"
FILE_NAME = "calendar.ics"
"""The feed's name where it is published beside other files (the site)."""
LINE_OCTETS = 75
"""RFC 5545 3.1: lines are folded so that none is longer than 75 octets, line break excluded."""

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, a line break as
    `\\n`; other control characters (not allowed in a TEXT) dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return _CONTROL.sub("", text)


def _param(text: str) -> str:
    """A parameter value (CN=…): quoted, as it may hold `:;,`; a double quote cannot be in one."""
    return '"' + _CONTROL.sub("", text.replace("\n", " ")).replace('"', "'") + '"'


def fold(line: str) -> str:
    """One content line, folded at `LINE_OCTETS` octets (each continuation line starts with a
    space, which counts), never inside a UTF-8 sequence; with its CRLF."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > LINE_OCTETS:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


def _utc(value: _dt.datetime) -> str:
    return eventtime.utc(value).strftime("%Y%m%dT%H%M%SZ")


def _day(value: _dt.date) -> str:
    return value.strftime("%Y%m%d")


def _times(event: Event) -> list[str]:
    """DTSTART and DTEND of the same value type (RFC 5545 3.8.2.2): dates when both are dates
    (or there is no end), else instants in UTC."""
    start, end = event.start, event.end
    assert start is not None
    if eventtime.is_day(start) and (end is None or eventtime.is_day(end)):
        lines = [f"DTSTART;VALUE=DATE:{_day(start)}"]
        if end is not None:
            lines.append(f"DTEND;VALUE=DATE:{_day(end + _dt.timedelta(days=1))}")
        return lines  # without DTEND an all-day event lasts its one day
    lines = [f"DTSTART:{_utc(eventtime.begins(start))}"]
    if end is not None:
        lines.append(f"DTEND:{_utc(eventtime.ends(end))}")
    return lines  # without DTEND a meeting of unknown length is shown at its start


def _description(plan: Plan, event: Event, lang: str) -> str:
    """The description, then what a calendar has no property for: how to take part online and
    register, who organises, and the comment (what is uncertain)."""
    parts = [event.description.strip()] if event.description and event.description.strip() else []
    facts = []
    for name in ("online_link", "registration_link", "registration_deadline", "organiser"):
        value = getattr(event, name)
        if value is None:
            continue
        if name == "registration_deadline":
            value = spec.format_when(value).replace("T", " ")
        elif name == "organiser":
            owner = plan.owners.get(value)
            value = owner.label if owner is not None else value
        facts.append(f"{spec.EVENT.field(name).label(lang)}: {value}")
    if facts:
        parts.append("\n".join(facts))
    if event.comment and event.comment.strip():
        parts.append(f"{spec.EVENT.field('comment').label(lang)}: {event.comment.strip()}")
    return "\n\n".join(parts)


def _organizer(owner: Owner | None, public: bool) -> list[str]:
    """ORGANIZER is a calendar address: only for an owner with an e-mail (a person's, only
    when the feed is not public)."""
    if owner is None or not owner.email or (public and owner.kind_of == "person"):
        return []
    return [f"ORGANIZER;CN={_param(owner.label)}:mailto:{owner.email}"]


def _vevent(plan: Plan, event: Event, lang: str, public: bool, stamp: str, domain: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.id}@{domain}", f"DTSTAMP:{stamp}", *_times(event),
             f"SUMMARY:{escape(event.title or event.id)}"]
    description = _description(plan, event, lang)
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if event.place:
        lines.append(f"LOCATION:{escape(event.place)}")
    url = event.online_link or event.registration_link
    if url and not _CONTROL.search(url):
        lines.append(f"URL:{url}")
    if event.kind_of:
        lines.append(f"CATEGORIES:{escape(spec.EVENT_KIND.label(event.kind_of, lang))}")
    lines += _organizer(plan.owners.get(event.organiser or ""), public)
    lines.append("END:VEVENT")
    return lines


def uid_domain(name: str) -> str:
    """The right-hand side of every UID: the same for one plan (its name), different for two
    plans that both have an EV-001. `.invalid` (RFC 2606) says it is no host to look up."""
    return f"plan-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:12]}.planctl.invalid"


def events_in_order(plan: Plan) -> list[Event]:
    """Every event with a start, by start and then id (a date begins at midnight, Swedish time)."""
    timed = [e for e in plan.events.values() if e.start is not None]
    return sorted(timed, key=lambda e: (eventtime.begins(e.start).timestamp() if e.start else 0, sort_key(e.id)))


def calendar(plan: Plan, *, name: str = "", lang: str = "sv", public: bool = True,
             stamp: _dt.datetime | None = None, domain: str | None = None,
             events: Iterable[Event] | None = None) -> str:
    """The feed's text (CRLF line ends). `stamp` is every DTSTAMP (default: now, or
    SOURCE_DATE_EPOCH when set, for a reproducible build); `domain` the right side of each UID
    (default: `uid_domain(name)`); `events` a selection (default: all, `events_in_order`)."""
    when = stamp or _now()
    stamp_text = when.astimezone(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    domain = domain or uid_domain(name)
    title = name or spec.EVENT.label(lang)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//planctl//planctl {__version__}//{lang.upper()}",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"NAME:{escape(title)}", f"X-WR-CALNAME:{escape(title)}",
             "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H"]
    for event in events if events is not None else events_in_order(plan):
        if event.start is not None:
            lines += _vevent(plan, event, lang, public, stamp_text, domain)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def _now() -> _dt.datetime:
    import os

    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if value.isdigit():
        return _dt.datetime.fromtimestamp(int(value), _dt.UTC)
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0)
