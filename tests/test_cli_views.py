"""`planctl show`, `planctl refs` and `planctl list`: the plan seen from both ends of a reference."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, invoke, run_planctl, write_plan


def test_show_resolves_references(plan_repo: Path) -> None:
    result = invoke("show", "INI-002", cwd=plan_repo)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:8] == [
        "INI-002  (initiative, plan/initiatives/INI-002.yaml:1)",
        "  title: Stöd för digital kompetens",
        "  description: Stöd till huvudmännen för att stärka elevernas digitala kompetens. "
        "Stödet tas fram tillsammans med Skolverket.",
        "  goals:",
        "    FO1.1  Elevernas digitala kompetens",
        "    FO2.1  Tillgång till digitala verktyg",
        "  owner:",
        "    skr  Sveriges Kommuner och Regioner",
    ]


def test_show_an_owner_lists_who_refers_to_it(plan_repo: Path) -> None:
    view = json.loads(invoke("show", "skolverket", "-f", "json", cwd=plan_repo).stdout)["entity"]
    assert [(r["id"], r["field"], r["location"]) for r in view["referred_to_by"]] == [
        ("INI-001", "owner", "plan/initiatives/INI-001.yaml:9"),
        ("INI-002", "participants", "plan/initiatives/INI-002.yaml:11"),
    ]


def test_show_unknown_id_suggests(plan_repo: Path) -> None:
    result = run_planctl("show", "INI-02", cwd=plan_repo)
    assert result.exit_code == 2
    assert (
        result.stderr == "planctl: error: nothing in the plan has the id 'INI-02'; did you mean 'INI-002'?\n"
    )


def test_refs_with_file_and_line(plan_repo: Path) -> None:
    result = invoke("refs", "FO1", cwd=plan_repo)
    assert result.stdout == (
        "plan/goals/FO1.1.yaml:4  FO1.1        parent        Elevernas digitala kompetens\n"
        "plan/goals/FO1.2.yaml:4  FO1.2        parent        Strategisk ledning av digitaliseringen\n"
        "2 references to FO1.\n"
    )


def test_refs_to_a_missing_id_still_lists_broken_references(plan_repo: Path) -> None:
    write_plan(plan_repo, {"plan/owners/skr.yaml": "id: skr2\nname: SKR\nkind: association\n"})
    result = invoke("refs", "skr", "-f", "json", cwd=plan_repo)
    assert result.exit_code == 0
    assert [r["location"] for r in json.loads(result.stdout)["references"]] == ["plan/initiatives/INI-002.yaml:9"]
    assert invoke("refs", "nobody", cwd=plan_repo).exit_code == 2
    assert invoke("refs", "regeringen", cwd=plan_repo).stdout == "1 reference to regeringen.\n".replace(
        "1 reference to",
        "plan/initiatives/INI-001.yaml:10  INI-001      decided_by    Skolverket samordnar statens arbete\n"
        "1 reference to",
    )


def test_list_initiatives_where(plan_repo: Path) -> None:
    result = run_planctl("list", "--where", "status=ongoing", cwd=plan_repo)
    assert result.exit_code == 0
    assert result.stdout == ("id       status   owner  goals         title\n"
                             "INI-002  ongoing  skr    FO1.1, FO2.1  Stöd för digital kompetens\n"
                             "1 initiative\n")


def test_list_where_matches_list_fields_and_combines(plan_repo: Path) -> None:
    rows = json.loads(invoke("list", "-w", "goals=FO1.2", "-f", "json", cwd=plan_repo).stdout)["items"]
    assert [r["id"] for r in rows] == ["INI-001"]
    both = invoke("list", "-w", "goals=FO1.2", "-w", "owner=skr", "-f", "json", cwd=plan_repo)
    assert json.loads(both.stdout)["items"] == []


def test_list_owners_and_goals_count_references() -> None:
    rows = json.loads(invoke("list", "owners", "-f", "json", cwd=REPO).stdout)["items"]
    assert {r["id"]: r["references"] for r in rows}["skr"] == "6"  # five initiatives and event EV-001
    goals = json.loads(invoke("list", "goals", "-w", "parent=FO2", "-f", "json", cwd=REPO).stdout)["items"]
    assert [g["id"] for g in goals] == ["FO2.1", "FO2.2", "FO2.3", "FO2.4"]


def test_list_usage_errors(plan_repo: Path) -> None:
    assert "KIND must be" in invoke("list", "things", cwd=plan_repo).stderr
    assert "expected FIELD=VALUE" in invoke("list", "-w", "status", cwd=plan_repo).stderr
    assert "have no field 'colour'" in invoke("list", "-w", "colour=red", cwd=plan_repo).stderr


def test_control_characters_are_escaped(plan_repo: Path) -> None:
    write_plan(plan_repo, {"plan/owners/skr.yaml": 'id: skr\nname: "SKR\\x1b[31m"\nkind: association\n'})
    out = invoke("list", "owners", cwd=plan_repo).stdout
    assert "\x1b" not in out and "SKR\\x1b[31m" in out


def test_views_refuse_unknown_formats(plan_repo: Path) -> None:
    for args in (("show", "skr"), ("refs", "skr"), ("list",)):
        result = invoke(*args, "-f", "xml", cwd=plan_repo)
        assert result.exit_code == 2 and "unknown format 'xml'" in result.stderr


def test_views_work_on_a_plan_with_schema_errors(plan_repo: Path) -> None:
    write_plan(plan_repo, {"plan/owners/skr.yaml": "id: skr\nname: SKR\nkind: förening\nfärg: röd\n"})
    assert invoke("check", cwd=plan_repo).exit_code == 1
    assert "skr  SKR" in invoke("show", "INI-002", cwd=plan_repo).stdout
