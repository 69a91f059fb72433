"""The site's calendar (`calendar.html` with its `calendar.ics` feed) and its page of needs.

Built by the installed `planctl` from a small plan on disk, as a visitor gets them: the event
added with `planctl add event` is on the calendar page in Swedish time and in the feed, which a
real iCalendar parser (`icalendar`) reads with its start in UTC.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import icalendar
import pytest

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan
from planctl.config import load_config
from planctl.export.website import Site, build
from planctl.loader import load_plan

ALERT = "<script>alert(1)</script>"
NOW = {"SOURCE_DATE_EPOCH": str(int(_dt.datetime(2026, 1, 15, tzinfo=_dt.UTC).timestamp()))}
"""Coming and past are judged at this moment (as the feed's DTSTAMP is)."""
PAST_EVENT = """\
    id: EV-001
    title: Rådslag om digitaliseringsstrategin
    kind: consultation
    start: 2019-02-05
    place: Stockholm
    organiser: skolverket
    goals:
      - FO1
    """
NEED = """\
    id: BEH-001
    title: Nationell samordning
    description: Huvudmännen efterfrågar en nationell samordning av digitaliseringen.
    raised_by:
      - skr
    goals:
      - FO1.2
    """
NEED_UNANSWERED = """\
    id: BEH-002
    title: Stöd för upphandling
    raised_by_kinds:
      - municipal
    """


def _repo(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, **(extra or {})})


def _add_event(root: Path, *args: str) -> None:
    result = run_planctl("add", "event", "--title", "Webbinarium om digital kompetens", "--kind", "webinar",
                         "--start", "2026-03-10T13:00", "--end", "2026-03-10T15:00",
                         "--organiser", "skr", "--initiative", "INI-002", *args, cwd=root)
    assert result.exit_code == 0, result.stderr


def _export(root: Path) -> Path:
    result = run_planctl("export", "html", "-o", "site", cwd=root, env=NOW)
    assert result.exit_code == 0, result.stderr
    return root / "site"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_an_added_event_is_on_the_calendar_page_and_in_the_feed_at_its_utc_start(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"plan/events/EV-001.yaml": PAST_EVENT})
    _add_event(root, "--registration-link", "https://example.org/anmalan",
               "--registration-deadline", "2026-03-01")
    site = _export(root)
    page = _text(site / "calendar.html")
    # Coming first, then past; the new event in Swedish time, 13:00–15:00, with its facts and links.
    coming, past = page.split('id="past-h"')
    assert "Webbinarium om digital kompetens" in coming and "Rådslag om digitaliseringsstrategin" in past
    assert ('<time datetime="2026-03-10T12:00:00+00:00">2026-03-10 13:00</time>–'
            '<time datetime="2026-03-10T14:00:00+00:00">15:00</time>') in coming
    assert "<dd>Webbinarium</dd>" in coming
    assert '<a href="owners/skr.html">Sveriges Kommuner och Regioner</a>' in coming
    assert '<a href="initiatives/INI-002.html">INI-002 Stöd för digital kompetens</a>' in coming
    assert '<a href="https://example.org/anmalan" rel="noopener noreferrer">' in coming
    assert '<time datetime="2026-03-01">2026-03-01</time>' in coming  # the registration deadline
    assert '<a href="index.html#FO1">FO1 Digital kompetens för alla</a>' in past
    assert '<a href="calendar.ics" type="text/calendar">' in page
    assert '<link rel="alternate" type="text/calendar" href="calendar.ics"' in _text(site / "index.html")
    assert '<a href="../calendar.html">Kalender</a>' in _text(site / "initiatives/INI-001.html")
    # The event's own page, in the search index too.
    new = next(p for p in (site / "events").iterdir() if p.name != "EV-001.html")
    assert "Webbinarium om digital kompetens" in _text(new) and new.stem in _text(site / "search-index.js")

    feed = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in feed.walk("VEVENT")}
    webinar = events["Webbinarium om digital kompetens"]
    assert webinar.decoded("DTSTART") == _dt.datetime(2026, 3, 10, 12, 0, tzinfo=_dt.UTC)
    assert webinar.decoded("DTEND") == _dt.datetime(2026, 3, 10, 14, 0, tzinfo=_dt.UTC)
    assert events["Rådslag om digitaliseringsstrategin"].decoded("DTSTART") == _dt.date(2019, 2, 5)


def test_coming_events_soonest_first_and_past_events_newest_first(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"plan/events/EV-001.yaml": PAST_EVENT,
                            "plan/events/EV-002.yaml": PAST_EVENT.replace("EV-001", "EV-002").replace(
                                "2019-02-05", "2019-06-01").replace("Rådslag om", "Andra rådslaget om")})
    _add_event(root)
    _add_event(root, "--title", "Tidig workshop", "--start", "2026-02-01T09:00", "--end", "2026-02-01T10:00")
    page = _text(_export(root) / "calendar.html")
    order = [page.index(t) for t in ("Tidig workshop", "Webbinarium om digital kompetens",
                                     "Andra rådslaget om", "Rådslag om digitaliseringsstrategin")]
    assert order == sorted(order)


def test_the_needs_page_names_the_initiatives_that_answer_a_need_and_marks_the_others(tmp_path: Path) -> None:
    ini = SMALL_PLAN["plan/initiatives/INI-002.yaml"].replace(
        "        owner: skr\n", "        needs:\n          - BEH-001\n        owner: skr\n")
    root = _repo(tmp_path, {"plan/needs/BEH-001.yaml": NEED, "plan/needs/BEH-002.yaml": NEED_UNANSWERED,
                            "plan/initiatives/INI-002.yaml": ini})
    site = _export(root)
    page = _text(site / "needs.html")
    first, second = page.split('id="BEH-002"')
    assert '<a href="initiatives/INI-002.html">INI-002 Stöd för digital kompetens</a>' in first
    assert '<a href="owners/skr.html">Sveriges Kommuner och Regioner</a>' in first
    assert '<a href="goals/FO1.2.html">FO1.2 Strategisk ledning av digitaliseringen</a>' in first
    assert "Huvudmännen efterfrågar en nationell samordning" in first
    assert "Ingen insats svarar mot behovet ännu." not in first
    assert "Ingen insats svarar mot behovet ännu." in second and "Kommunal huvudman" in second
    assert "1 av 2 behov har ingen insats som svarar mot dem." in page
    assert '<a href="needs.html">Behov</a>' in _text(site / "index.html")
    answering = _text(site / "initiatives/INI-002.html")
    assert '<a href="../needs/BEH-001.html">BEH-001 Nationell samordning</a>' in answering
    assert "INI-002" in _text(site / "needs/BEH-001.html")


def test_a_hostile_event_title_is_escaped_on_every_page(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _add_event(root, "--title", ALERT, "--place", 'Sal "A" & <b>B</b>')
    site = _export(root)
    for path in [site / "calendar.html", *(site / "events").iterdir()]:
        text = _text(path)
        assert ALERT not in text and "<b>B</b>" not in text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "Sal &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;" in text
    assert ALERT not in _text(site / "search-index.js")


def test_without_events_or_needs_there_is_no_calendar_and_no_needs_page(tmp_path: Path) -> None:
    site = _export(_repo(tmp_path))
    index = _text(site / "index.html")
    assert "calendar" not in index and "needs.html" not in index and "text/calendar" not in index
    assert not (site / "calendar.html").exists() and not (site / "calendar.ics").exists()
    assert not (site / "needs.html").exists() and not (site / "events").exists()


def test_the_calendar_in_english(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"plan/events/EV-001.yaml": PAST_EVENT})
    result = invoke("export", "html", "-o", "site", "--lang", "en", cwd=root, env=NOW)
    assert result.exit_code == 0, result.stderr
    page = _text(root / "site/calendar.html")
    assert re.search(r"<h1>Calendar</h1>", page) and ">Past</h2>" in page and "No coming events" in page
    assert "<dd>Consultation</dd>" in page


@pytest.mark.parametrize(("start", "end", "shown"), [
    ("2026-05-05", "2026-05-06", '<time datetime="2026-05-05">2026-05-05</time> – '
                                 '<time datetime="2026-05-06">2026-05-06</time>'),
    ("2026-06-10T09:00", None, '<time datetime="2026-06-10T07:00:00+00:00">2026-06-10 09:00</time>'),
    ("2026-06-10T23:00", "2026-06-11T01:00", "2026-06-10 23:00</time> – <time"),
])
def test_times_are_shown_in_swedish_time(tmp_path: Path, start: str, end: str | None, shown: str) -> None:
    event = PAST_EVENT.replace("start: 2019-02-05", f"start: {start}" + (f"\n    end: {end}" if end else ""))
    root = _repo(tmp_path, {"plan/events/EV-001.yaml": event})
    plan = load_plan(load_config(root))
    files = build(Site(plan, name="", lang="sv", public=True, now=_dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)))
    page = files["calendar.html"]
    assert isinstance(page, str) and shown in page


def test_the_calendar_and_needs_pages_fit_a_phone_screen(tmp_path: Path) -> None:
    """At 390 by 844 in headless Chromium no new page scrolls sideways or logs an error (CSP)."""
    import shutil

    if not (shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")) \
            or not shutil.which("chromedriver"):
        pytest.skip("Chromium and chromedriver are not installed")
    from test_site_browser import PHONE, _session

    ini = SMALL_PLAN["plan/initiatives/INI-002.yaml"].replace(
        "        owner: skr\n", "        needs:\n          - BEH-001\n        owner: skr\n")
    root = _repo(tmp_path, {"plan/events/EV-001.yaml": PAST_EVENT, "plan/needs/BEH-001.yaml": NEED,
                            "plan/needs/BEH-002.yaml": NEED_UNANSWERED, "plan/initiatives/INI-002.yaml": ini})
    _add_event(root, "--registration-link", "https://example.org/" + "anmalan-till-webbinariet/" * 6,
               "--registration-deadline", "2026-03-01T12:00", "--place",
               "Stadsbibliotekets hörsal, Sveavägen 73, Stockholm")
    site = _export(root)
    pages = ["calendar.html", "needs.html", *(f"events/{p.name}" for p in (site / "events").iterdir()),
             *(f"needs/{p.name}" for p in (site / "needs").iterdir())]
    metrics = {"width": PHONE[0], "height": PHONE[1], "pixelRatio": 3.0, "touch": True}
    wide, errors = {}, {}
    with _session(mobileEmulation={"deviceMetrics": metrics}) as phone:
        for name in pages:
            phone.logs()
            phone.get((site / name).as_uri())
            width = phone.js("return document.documentElement.scrollWidth")
            if width > PHONE[0]:
                wide[name] = width
            logged = [e for e in phone.logs() if e.get("level") in ("SEVERE", "WARNING")]
            if logged:
                errors[name] = logged
    assert (wide, errors) == ({}, {})
