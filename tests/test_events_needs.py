"""Events and needs, the two kinds of issue 15: their checks at file:line:col, their edits byte
for byte, their sheets out and back, the JSON export, and the bundled plan's share of them."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan
from planctl import eventtime, spec
from planctl.config import load_config
from planctl.loader import load_plan
from planctl.model import Event

EVENT = """\
    id: EV-001
    title: Rådslag om digitala verktyg
    kind: consultation
    description: Ett rådslag om hur huvudmännen väljer och använder digitala verktyg i undervisningen.
    start: 2026-03-10T13:00
    end: 2026-03-10T16:00
    organiser: skr
    """
NEED = """\
    # En kommentar som ska stå kvar
    id: BEH-001
    title: Nationell samordning
    description: Huvudmännen efterfrågar en nationell samordning av arbetet med digitaliseringen.
    raised_by:
      - skr
    """


def _plan(tmp_path: Path, **extra: str) -> Path:
    files = {**SMALL_PLAN, "plan/events/EV-001.yaml": EVENT, "plan/needs/BEH-001.yaml": NEED}
    files.update({f"plan/{k.replace('__', '/')}.yaml": v for k, v in extra.items()})
    return write_plan(tmp_path / "repo", files)


def _concise(root: Path, *args: str) -> list[str]:
    result = run_planctl("check", "-f", "concise", "--no-cache", *args, cwd=root)
    return [line for line in result.stdout.splitlines() if line.startswith("plan/")]


# -- checks -------------------------------------------------------------------------------------

def test_a_clean_event_and_need_and_a_need_no_initiative_answers(tmp_path: Path) -> None:
    root = _plan(tmp_path)
    assert _concise(root, "--today", "2026-01-01") == [
        "plan/needs/BEH-001.yaml:2:5: C004 [warning] no initiative answers need BEH-001"]
    ini = root / "plan/initiatives/INI-002.yaml"
    ini.write_text(ini.read_text(encoding="utf-8").replace("owner: skr\n", "needs:\n  - BEH-001\nowner: skr\n"),
                   encoding="utf-8")
    result = run_planctl("check", "--today", "2026-01-01", cwd=root)
    assert result.exit_code == 0, result.stdout


def test_an_unknown_organiser_and_an_unknown_need_are_dangling_references(tmp_path: Path) -> None:
    root = _plan(tmp_path)
    event = root / "plan/events/EV-001.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("organiser: skr", "organiser: skolverk"),
                     encoding="utf-8")
    ini = root / "plan/initiatives/INI-002.yaml"
    ini.write_text(ini.read_text(encoding="utf-8").replace("owner: skr\n", "needs: [BEH-001, BEH-009]\nowner: skr\n"),
                   encoding="utf-8")
    found = _concise(root, "--today", "2026-01-01")
    assert found == [
        "plan/events/EV-001.yaml:7:12: X001 [error] organiser: 'skolverk' is not the id of any owner",
        "plan/initiatives/INI-002.yaml:9:18: X001 [error] needs: 'BEH-009' is not the id of any need",
    ]


def test_event_times_are_judged_as_instants(tmp_path: Path) -> None:
    swapped = EVENT.replace("end: 2026-03-10T16:00", "end: 2026-03-10T12:30Z")  # 13:30 in Stockholm: fine
    root = _plan(tmp_path, events__EV_ok=swapped.replace("EV-001", "EV-002"),
                 events__EV_bad=EVENT.replace("EV-001", "EV-003").replace("end: 2026-03-10T16:00",
                                                                           "end: 2026-03-10T11:30Z"),
                 events__EV_day=EVENT.replace("EV-001", "EV-004").replace("end: 2026-03-10T16:00", "end: 2026-03-09"))
    for name, ident in (("EV_ok", "EV-002"), ("EV_bad", "EV-003"), ("EV_day", "EV-004")):
        (root / f"plan/events/{name}.yaml").rename(root / f"plan/events/{ident}.yaml")
    found = [line for line in _concise(root, "--today", "2026-01-01") if "C004" not in line]
    assert found == [
        "plan/events/EV-003.yaml:6:6: D002 [error] end 2026-03-10T11:30Z is before start 2026-03-10T13:00",
        "plan/events/EV-004.yaml:6:6: D002 [error] end 2026-03-09 is before start 2026-03-10T13:00",
    ]


@pytest.mark.parametrize("today, deadline, codes", [
    ("2026-03-01", "2026-03-05", []),  # before the event, registration closes before it: fine
    ("2026-03-01", "2026-03-10", []),  # a date deadline on the day of the event: fine
    ("2026-03-01", "2026-03-10T14:00", ["D007"]),  # closes an hour after the start
    ("2026-03-01", "2026-03-12", ["D007"]),
    ("2026-03-11", "2026-03-12", ["D008"]),  # the event has begun and registration is still open
    ("2026-03-13", "2026-03-12", ["D007"]),  # history now, but still a deadline after the start
    ("2026-03-11", "2026-03-05", []),
])
def test_registration_deadlines(tmp_path: Path, today: str, deadline: str, codes: list[str]) -> None:
    event = EVENT.replace("    organiser: skr\n", f"    registration_deadline: {deadline}\n    organiser: skr\n")
    root = _plan(tmp_path, events__EV_001=event)
    (root / "plan/events/EV_001.yaml").replace(root / "plan/events/EV-001.yaml")
    found = [line for line in _concise(root, "--today", today) if "C004" not in line]
    assert [line.split(": ")[1].split()[0] for line in found] == codes
    for line in found:
        assert line.startswith("plan/events/EV-001.yaml:7:24: ")


def test_goals_of_events_and_needs_neither_serve_a_sub_goal_nor_must_be_one(tmp_path: Path) -> None:
    """C001 (a sub-goal no initiative serves) counts initiatives only; X003 (an initiative naming a
    focus area) does not apply to an event or a need, which may concern a whole focus area."""
    files = {**SMALL_PLAN, "plan/goals/FO2.2.yaml": "id: FO2.2\ntitle: Infrastruktur\ndescription: Det finns "
             "ändamålsenlig infrastruktur och support för skolorna.\nparent: FO2\n",
             "plan/events/EV-001.yaml": EVENT.rstrip(" ") + "    goals: [FO2.2, FO1]\n",
             "plan/needs/BEH-001.yaml": NEED.rstrip(" ") + "    goals: [FO2]\n"}
    root = write_plan(tmp_path / "repo", files)
    found = _concise(root, "--today", "2026-01-01")
    assert found == ["plan/goals/FO2.2.yaml:1:5: C001 [warning] no initiative serves sub-goal FO2.2",
                     "plan/needs/BEH-001.yaml:2:5: C004 [warning] no initiative answers need BEH-001"]


# -- edits ----------------------------------------------------------------------------------------

def test_add_set_mv_rm_of_a_need_through_the_one_edit_path(tmp_path: Path) -> None:
    root = _plan(tmp_path)
    added = run_planctl("add", "need", "--title", "Finansiering", "--description",
                        "Huvudmännen behöver finansiering för arbetet med att digitalisera skolväsendet.",
                        "--raised-by", "skr", "--raised-by-kind", "municipal", "--raised-by-kind", "independent",
                        "--goal", "FO2", cwd=root)
    assert added.exit_code == 0, added.stderr
    assert added.stdout == "added BEH-002 (plan/needs/BEH-002.yaml)\n"
    assert (root / "plan/needs/BEH-002.yaml").read_text(encoding="utf-8") == (
        "id: BEH-002\ntitle: Finansiering\n"
        "description: Huvudmännen behöver finansiering för arbetet med att digitalisera skolväsendet.\n"
        "raised_by:\n  - skr\nraised_by_kinds:\n  - municipal\n  - independent\ngoals:\n  - FO2\n")
    assert run_planctl("add", "need", "--id", "BEH-009", "--title", "X", cwd=root).stderr == (
        "planctl: error: a need gets the next free id; --id is for goals and owners\n")
    wrong = run_planctl("set", "BEH-002", "raised_by_kinds+=kommunen", cwd=root)
    assert wrong.exit_code == 2 and "is not one of municipal, independent, regional, state" in wrong.stderr

    assert run_planctl("set", "INI-002", "needs+=BEH-001", "needs+=BEH-002", cwd=root).exit_code == 0
    ini = (root / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8")
    assert "  - FO2.1\nneeds:\n  - BEH-001\n  - BEH-002\nowner: skr\n" in ini

    refused = run_planctl("rm", "BEH-001", cwd=root)
    assert refused.exit_code == 1
    assert "BEH-001 is referred to by 1 entity" in refused.stderr and "INI-002 needs" in refused.stderr

    moved = run_planctl("mv", "BEH-001", "BEH-010", cwd=root)
    assert moved.exit_code == 0, moved.stderr
    assert not (root / "plan/needs/BEH-001.yaml").exists()
    assert (root / "plan/needs/BEH-010.yaml").read_text(encoding="utf-8") == (
        "# En kommentar som ska stå kvar\nid: BEH-010\ntitle: Nationell samordning\n"
        "description: Huvudmännen efterfrågar en nationell samordning av arbetet med digitaliseringen.\n"
        "raised_by:\n  - skr\n")
    assert "needs:\n  - BEH-010\n  - BEH-002\n" in (root / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8")

    assert run_planctl("rm", "BEH-010", "--reassign", "BEH-002", cwd=root).exit_code == 0
    assert "needs:\n  - BEH-002\nowner" in (root / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8")
    assert run_planctl("check", "--today", "2026-01-01", cwd=root).exit_code == 0


def test_set_an_event_time_and_kind(tmp_path: Path) -> None:
    root = _plan(tmp_path)
    path = root / "plan/events/EV-001.yaml"
    before = path.read_text(encoding="utf-8")
    assert run_planctl("set", "EV-001", "start=2026-03-10T13:15+01:00", "kind=round-table", cwd=root).exit_code == 0
    assert path.read_text(encoding="utf-8") == before.replace("    ", "").replace(
        "start: 2026-03-10T13:00", "start: 2026-03-10T13:15+01:00").replace("kind: consultation", "kind: round-table")
    # An owner's kind is not an event's kind: the word is judged by the kind of the entity.
    wrong = run_planctl("set", "EV-001", "kind=agency", cwd=root)
    assert wrong.exit_code == 2
    assert "kind: 'agency' is not one of consultation, round-table, webinar" in wrong.stderr
    assert run_planctl("set", "skr", "kind=agency", cwd=root).exit_code == 0
    bad = run_planctl("set", "EV-001", "end=2026-03-32", cwd=root)
    assert bad.exit_code == 2 and "end: '2026-03-32' is not a date" in bad.stderr
    # An end before the start is refused by the checks, and nothing is written.
    after = path.read_bytes()
    refused = run_planctl("set", "EV-001", "end=2026-03-09", cwd=root)
    assert refused.exit_code == 1 and "D002" in refused.stdout + refused.stderr
    assert path.read_bytes() == after


def test_add_event_needs_its_kind_and_start_without_a_terminal(tmp_path: Path) -> None:
    root = _plan(tmp_path)
    result = run_planctl("add", "event", "--title", "Workshop", cwd=root)
    assert result.exit_code == 2
    assert result.stderr == ("planctl: error: missing --kind, --start (required for an event; there is no "
                             "terminal to ask on)\n")
    assert run_planctl("add", "event", "--title", "W", "--kind", "workshop", "--start", "2026-05-05",
                       "--raised-by", "skr", cwd=root).stderr == (
        "planctl: error: --raised-by does not apply to an event\n")


# -- sheets and JSON ------------------------------------------------------------------------------

def test_an_events_sheet_goes_out_and_comes_back(tmp_path: Path) -> None:
    root = _plan(tmp_path)
    out = run_planctl("export", "csv", "--kind", "events", "--columns", "id,title,kind,start,end,place,organiser",
                      "--dialect", "rfc4180", "-o", "events.csv", cwd=root)
    assert out.exit_code == 0, out.stderr
    text = (root / "events.csv").read_text(encoding="utf-8")
    assert text.splitlines() == [
        "Id,Rubrik,Typ,Start,Slut,Plats,Arrangör",
        "EV-001,Rådslag om digitala verktyg,Rådslag,2026-03-10 13:00,2026-03-10 16:00,,Sveriges Kommuner och Regioner",
    ]
    unchanged = run_planctl("import", "csv", "events.csv", cwd=root)
    assert unchanged.exit_code == 0 and "no changes" in unchanged.stdout
    text = text.replace("2026-03-10 16:00,,", "2026-03-10 16:30,Göteborg,") + (
        ",Webbinarium om lärresurser,webbinarium,2026-06-16T13:00,,,skr\n")
    (root / "events.csv").write_text(text, encoding="utf-8")
    result = run_planctl("import", "csv", "events.csv", cwd=root)
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "EV-001  end: 2026-03-10T16:00 -> 2026-03-10T16:30" in result.stdout
    assert "EV-002  new event 'Webbinarium om lärresurser'" in result.stdout
    event = (root / "plan/events/EV-001.yaml").read_text(encoding="utf-8")
    assert "end: 2026-03-10T16:30\nplace: Göteborg\norganiser: skr\n" in event
    assert (root / "plan/events/EV-002.yaml").read_text(encoding="utf-8") == (
        "id: EV-002\ntitle: Webbinarium om lärresurser\nkind: webinar\nstart: 2026-06-16T13:00\norganiser: skr\n")


def test_json_export_gives_event_times_with_their_offset(tmp_path: Path) -> None:
    root = _plan(tmp_path)
    document = json.loads(invoke("export", "json", cwd=root).stdout)
    event = document["events"][0]
    assert event["start"] == "2026-03-10T13:00:00+01:00" and event["kind"] == "consultation"
    assert event["organiser"] == {"id": "skr", "name": "Sveriges Kommuner och Regioner"}
    assert document["needs"][0]["raised_by"] == [{"id": "skr", "name": "Sveriges Kommuner och Regioner"}]
    assert document["needs"][0]["answered_by"] == []
    assert document["counts"]["events"] == 1 and document["counts"]["needs"] == 1


# -- times ----------------------------------------------------------------------------------------

@given(st.dates(min_value=_dt.date(1, 1, 1)), st.one_of(st.none(), st.times()),
       st.sampled_from(["", "Z", "+01:00", "-05:30", "+24:00"]))
def test_the_pattern_of_a_time_is_the_calendar(day: _dt.date, clock: _dt.time | None, zone: str) -> None:
    """WHEN_PATTERN (which the schema holds, for every validator) accepts exactly the real dates
    and times; `parse_when` gives back what was written."""
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    if clock is not None:
        text += f"T{clock.hour:02d}:{clock.minute:02d}" + (f":{clock.second:02d}" if clock.second else "") + zone
    assert (spec.parse_when(text) is not None) == (clock is None or zone != "+24:00")
    if spec.parse_when(text) is not None:
        assert spec.format_when(spec.parse_when(text)) == text.replace("+00:00", "Z")  # type: ignore[arg-type]


def test_impossible_days_are_refused() -> None:
    for text in ("2023-02-29", "2100-02-29", "2026-04-31", "0000-01-01", "2026-03-10T24:00", "2026-03-10 13:00",
                 "2026-03-10T13:00\n", "2026-3-10"):
        assert spec.parse_when(text) is None, text
    for text in ("2024-02-29", "2000-02-29T00:00", "2026-12-31T23:59:59-05:00"):
        assert spec.parse_when(text) is not None, text


def test_swedish_time_across_the_change_to_summer_time() -> None:
    winter, summer = spec.parse_when("2026-03-28T12:00"), spec.parse_when("2026-03-29T12:00")
    assert winter is not None and summer is not None
    assert eventtime.utc(eventtime.begins(winter)).hour == 11
    assert eventtime.utc(eventtime.begins(summer)).hour == 10
    day = spec.parse_when("2026-03-29")
    assert day is not None
    # The day of the change has 23 hours: its end is midnight of the 30th, Swedish time.
    assert eventtime.ends(day) - eventtime.begins(day) == _dt.timedelta(hours=23)
    autumn = spec.parse_when("2026-10-25")
    assert autumn is not None and eventtime.ends(autumn) - eventtime.begins(autumn) == _dt.timedelta(hours=25)


# -- the bundled plan ----------------------------------------------------------------------------

def test_the_bundled_events_and_needs_hold_what_the_sources_state() -> None:
    plan = load_plan(load_config(REPO))
    assert sorted(plan.events) == ["EV-001", "EV-002", "EV-003"]
    handover = plan.events["EV-001"]
    assert isinstance(handover, Event) and handover.start == _dt.datetime(2019, 3, 18, 10, 30)
    assert handover.kind_of == "webcast" and handover.end is None  # the sources give no end
    assert plan.events["EV-002"].start == _dt.date(2019, 10, 11) and plan.events["EV-002"].kind_of == "round-table"
    assert [n.title for n in sorted(plan.needs.values(), key=lambda n: n.id)] == [
        "Nationell samordning", "Stöd och vägledning för kompetensutveckling", "Mer forskning, också flervetenskaplig",
        "Gemensamma standarder", "Finansiering"]
    for need in plan.needs.values():
        assert need.comment is not None and "exempel" in need.comment and "nio" in need.comment, need.id
        assert "inte en av dem" in " ".join(need.comment.split()), need.id
    assert not any(i.needs for i in plan.initiatives.values()), "the sources link no initiative to a need"
    result = run_planctl("check", cwd=REPO)
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(("name", "text", "reason"), [
    ("start", "2026-02-30T10:00", "start: '2026-02-30T10:00' is not a date (YYYY-MM-DD) or a date and time "
                                  "(YYYY-MM-DDTHH:MM, Europe/Stockholm time unless an offset such as +01:00 or Z "
                                  "follows)"),
    ("kind", "agency", "'agency' is not an event kind (one of: consultation, round-table, webinar, workshop, "
                       "conference, webcast, other)"),
])
def test_an_interactive_add_refuses_an_events_wrong_answer(tmp_path: Path, name: str, text: str,
                                                           reason: str) -> None:
    """On a terminal `add event` checks each answer as the edit would (planctl.edit.answers)."""
    from planctl.edit.answers import Interview, Invalid

    root = _plan(tmp_path)
    cfg = load_config(root)
    with pytest.raises(Invalid) as exc:
        Interview(cfg, load_plan(cfg), "event", {"title": "Rådslag"}).check(name, text)
    assert str(exc.value) == reason


def test_an_interactive_add_of_an_event_ending_before_it_starts_is_asked_again(tmp_path: Path) -> None:
    from planctl.edit.answers import Interview, Invalid

    cfg = load_config(_plan(tmp_path))
    interview = Interview(cfg, load_plan(cfg), "event", {"title": "Rådslag", "kind": "workshop",
                                                         "start": "2026-03-10T13:00"})
    assert interview.check("end", "2026-03-10T15:00") == "2026-03-10T15:00"
    with pytest.raises(Invalid) as exc:
        interview.check("end", "2026-03-10T11:00Z")
    assert str(exc.value).startswith("end 2026-03-10T11:00Z is before start 2026-03-10T13:00")
