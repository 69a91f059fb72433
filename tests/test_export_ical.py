"""The iCalendar feed (`planctl export ics`), read back by a real parser (`icalendar`).

What a subscriber's calendar sees: an event added with `planctl add event` is in the feed at
the right instant (Swedish time without an offset, in winter and in summer), a date is an
all-day event whose end is the next day, text is escaped, lines are CRLF and folded at 75
octets, and the UID of an event stays the same from one export to the next.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import icalendar
import pytest

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan
from planctl.config import load_config
from planctl.export import ical
from planctl.loader import load_plan

UTC = _dt.UTC


def _events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def _add(root: Path, *args: str) -> None:
    result = run_planctl("add", "event", *args, cwd=root)
    assert result.exit_code == 0, result.stderr


def test_an_added_event_is_in_the_feed_at_the_right_time_in_utc(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    _add(root, "--title", "Rådslag om ledning, del 1; Stockholm", "--kind", "consultation",
         "--start", "2026-03-10T13:00", "--end", "2026-03-10T16:30", "--organiser", "skr",
         "--place", "Stockholm")
    _add(root, "--title", "Sommarwebbinarium", "--kind", "webinar", "--start", "2026-06-16T13:00",
         "--online-link", "https://example.org/webbinarium")
    _add(root, "--title", "Med tidszon", "--kind", "workshop", "--start", "2026-03-10T13:00+02:00")
    _add(root, "--title", "Konferensdagar", "--kind", "conference", "--start", "2026-09-01", "--end", "2026-09-02")
    written = (root / "plan/events/EV-001.yaml").read_text(encoding="utf-8")
    assert "kind: consultation\nstart: 2026-03-10T13:00\nend: 2026-03-10T16:30\nplace: Stockholm\n" in written

    result = run_planctl("export", "ics", "-o", "plan.ics", cwd=root)
    assert result.exit_code == 0, result.stderr
    events = _events((root / "plan.ics").read_bytes())

    winter = events["Rådslag om ledning, del 1; Stockholm"]
    assert winter.decoded("DTSTART") == _dt.datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # CET, +01:00
    assert winter.decoded("DTEND") == _dt.datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
    assert str(winter["LOCATION"]) == "Stockholm"
    assert "Arrangör: Sveriges Kommuner och Regioner" in str(winter["DESCRIPTION"])
    assert str(winter["UID"]).startswith("EV-001@")
    assert str(winter["CATEGORIES"].cats[0]) == "Rådslag"
    summer = events["Sommarwebbinarium"]
    assert summer.decoded("DTSTART") == _dt.datetime(2026, 6, 16, 11, 0, tzinfo=UTC)  # CEST, +02:00
    assert "DTEND" not in summer  # an end the plan does not know is not made up
    assert str(summer["URL"]) == "https://example.org/webbinarium"
    assert events["Med tidszon"].decoded("DTSTART") == _dt.datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
    days = events["Konferensdagar"]
    assert days.decoded("DTSTART") == _dt.date(2026, 9, 1)
    assert days.decoded("DTEND") == _dt.date(2026, 9, 3), "the end of an all-day event is exclusive"


def test_the_feed_is_crlf_folded_escaped_and_its_uids_are_stable(tmp_path: Path) -> None:
    long_title = "Workshop om gemensamma standarder för lärresurser, inloggning och informationsutbyte i skolväsendet"
    files = {**SMALL_PLAN, "plan/events/EV-007.yaml": f"""\
        id: EV-007
        title: "{long_title}"
        kind: workshop
        description: "Rad ett; med semikolon, komma och \\\\ snedstreck.\\nRad två."
        start: 2026-11-05T09:15
        end: 2026-11-05
        registration_link: https://example.org/anmalan
        registration_deadline: 2026-10-20
        """}
    root = write_plan(tmp_path / "repo", files)
    out = root / "feed.ics"
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z
    assert run_planctl("export", "ics", "--output-file", str(out), cwd=root, env=env).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//planctl//planctl ")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "every line ends in CRLF"
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "the long title is folded"
    for line in lines:
        line.decode("utf-8")  # no line splits a UTF-8 character
    assert b"DTSTAMP:20260101T000000Z\r\n" in data
    assert b"\\; med semikolon\\, komma och \\\\ snedstreck.\\nRad" in data.replace(b"\r\n ", b"")

    event = _events(data)[long_title]
    assert str(event["DESCRIPTION"]).startswith("Rad ett; med semikolon, komma och \\ snedstreck.\nRad två.")
    assert "Sista anmälningsdag: 2026-10-20" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == _dt.datetime(2026, 11, 5, 8, 15, tzinfo=UTC)
    # A date as the end of a timed event: the end of that day, Swedish time (CET).
    assert event.decoded("DTEND") == _dt.datetime(2026, 11, 5, 23, 0, tzinfo=UTC)
    assert str(event["URL"]) == "https://example.org/anmalan"

    again = run_planctl("export", "ics", "-o", "-", cwd=root, env=env)
    assert again.exit_code == 0
    assert again.stdout.replace("\n", "\r\n").encode("utf-8") == data, "-o - writes the same feed to stdout"
    assert run_planctl("set", "EV-007", "title=Workshop om standarder", cwd=root).exit_code == 0
    assert run_planctl("export", "ics", "-o", str(out), cwd=root, env=env).exit_code == 0
    renamed = _events(out.read_bytes())
    assert list(renamed) == ["Workshop om standarder"]
    assert str(renamed["Workshop om standarder"]["UID"]) == str(event["UID"]), "an edited event keeps its UID"


def test_a_person_organiser_keeps_their_email_out_of_a_public_feed(tmp_path: Path) -> None:
    files = {**SMALL_PLAN,
             "plan/owners/anna.yaml": "id: anna\nname: Anna Andersson\nkind: person\nemail: anna@example.org\n",
             "plan/events/EV-001.yaml": "id: EV-001\ntitle: Möte\nkind: other\nstart: 2026-05-05\norganiser: anna\n"}
    root = write_plan(tmp_path / "repo", files)
    public = invoke("export", "ics", cwd=root)
    assert public.exit_code == 0, public.stderr
    assert "anna@example.org" not in public.stdout
    private = invoke("export", "ics", "--private", cwd=root)
    assert 'ORGANIZER;CN="Anna Andersson":mailto:anna@example.org' in private.stdout


def test_fold_never_splits_a_character_and_escape_drops_control_characters() -> None:
    line = "SUMMARY:" + "å" * 100
    folded = ical.fold(line).encode("utf-8")
    parts = folded.split(b"\r\n")[:-1]
    assert all(len(p) <= 75 for p in parts) and all(p.startswith(b" ") for p in parts[1:])
    assert b"".join(p[1:] if i else p for i, p in enumerate(parts)).decode("utf-8") == line
    assert ical.escape("a\x1b[31mb\r\nc,d;e\\") == "a[31mb\\nc\\,d\\;e\\\\"


def test_the_bundled_plan_gives_a_feed_a_parser_reads() -> None:
    plan = load_plan(load_config(REPO))
    data = ical.calendar(plan, name="Handlingsplanen", stamp=_dt.datetime(2026, 1, 1, tzinfo=UTC))
    events = {str(e["UID"]).split("@")[0]: e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert set(events) == set(plan.events)
    # 18 March 2019, 10:30 in Stockholm (CET) is 09:30 UTC.
    assert events["EV-001"].decoded("DTSTART") == _dt.datetime(2019, 3, 18, 9, 30, tzinfo=UTC)
    assert events["EV-002"].decoded("DTSTART") == _dt.date(2019, 10, 11)


@pytest.mark.parametrize("text", ["2026-02-30T10:00", "2026-03-10 13:00", "2026-03-10T25:00", "10/3/2026"])
def test_add_event_refuses_a_time_that_is_not_one(tmp_path: Path, text: str) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    result = run_planctl("add", "event", "--title", "Möte", "--kind", "other", "--start", text, cwd=root)
    assert result.exit_code == 2
    assert result.stderr.startswith("planctl: error: start: ") and "is not a date" in result.stderr
    assert not (root / "plan/events").exists() or not list((root / "plan/events").iterdir())


def test_plan_text_cannot_add_a_line_to_the_feed(tmp_path: Path) -> None:
    payload = "Möte\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:Falskt\r\nATTENDEE:mailto:x@evil.example"
    files = {**SMALL_PLAN,
             "plan/owners/anna.yaml": 'id: anna\nname: "Anna\\r\\nX-EVIL:1\\" Andersson"\nkind: agency\n'
                                      "email: anna@example.org\n",
             "plan/events/EV-001.yaml": f"id: EV-001\ntitle: Möte\nkind: other\ndescription: {json.dumps(payload)}\n"
                                        f"place: {json.dumps(payload)}\nstart: 2026-05-05\norganiser: anna\n"}
    root = write_plan(tmp_path / "repo", files)
    result = invoke("export", "ics", "--private", cwd=root)
    assert result.exit_code == 0, result.stderr
    data = result.stdout.encode("utf-8")
    unfolded = data.replace(b"\r\n ", b"")
    starts = [line.split(b":")[0].split(b";")[0] for line in unfolded.split(b"\r\n") if line]
    assert starts.count(b"BEGIN") == 2 and starts.count(b"UID") == 1 and b"ATTENDEE" not in starts
    assert b"X-EVIL" not in starts
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["DESCRIPTION"]).startswith("Möte\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil")
    assert events[0]["ORGANIZER"].params["CN"] == "Anna\nX-EVIL:1' Andersson".replace("\n", " ")
