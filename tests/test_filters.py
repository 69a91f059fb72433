"""The one `--where` language: `list`, `export csv` and `report` accept the same
expressions, give the same rows, and refuse a typo (exit 2) instead of answering nothing."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, invoke, run_planctl
from planctl import filters, spec
from planctl.config import load_config
from planctl.errors import UsageError
from planctl.loader import load_plan


def _where(*clauses: str) -> list[str]:
    return [a for clause in clauses for a in ("--where", clause)]


def list_ids(*clauses: str, kind: str = "initiatives") -> list[str]:
    result = invoke("list", kind, "-f", "json", *_where(*clauses), cwd=REPO)
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)["items"]]


def csv_ids(*clauses: str, kind: str = "initiatives") -> list[str]:
    result = invoke("export", "csv", "--kind", kind, "--columns", "id", *_where(*clauses), cwd=REPO)
    assert result.exit_code == 0, result.stderr
    return [row[0] for row in list(csv.reader(io.StringIO(result.stdout)))[1:]]


def report_counts(*clauses: str) -> Counter[str]:
    """The report's count per status (its 'Status | Count' table), in English."""
    result = invoke("report", "--lang", "en", *_where(*clauses), cwd=REPO)
    assert result.exit_code == 0, result.stderr
    table = result.stdout.split("| Status | Count |", 1)[1].split("\n\n", 1)[0]
    labels = {c.en: c.value for c in spec.STATUS.choices}
    return Counter({labels[name]: int(n) for name, n in re.findall(r"^\| ([^|]+) \| (\d+) \|$", table, re.M)
                    if int(n)})


def status_of() -> dict[str, str]:
    rows = json.loads(invoke("list", "-f", "json", cwd=REPO).stdout)["items"]
    return {row["id"]: row["status"] for row in rows}


EXPRESSIONS = [
    ("status=ongoing",),
    ("status=pågående",),
    ("status=Pågående",),
    ("Status=ONGOING",),
    ("goal=FO2",),
    ("goals=FO2.4",),
    ("Delmål=FO1.2",),
    ("owner=skr", "status=proposed"),
    ("Ansvarig aktör=Sveriges Kommuner och Regioner (SKR)",),
    ("decided-by=regeringen",),
    ("participant=inera",),
    ("tag=skoldigistod",),
    ("status=Föreslagen", "status=beslutad"),
    ("title=nationell infrastruktur för INFORMATIONSUTBYTE",),
    ("focus_area=FO3",),
]


@pytest.mark.parametrize("clauses", EXPRESSIONS, ids=" ".join)
def test_list_export_and_report_give_the_same_rows(clauses: tuple[str, ...]) -> None:
    ids = list_ids(*clauses)
    assert csv_ids(*clauses) == ids
    statuses = status_of()
    assert report_counts(*clauses) == Counter(statuses[i] for i in ids)


def test_status_in_any_spelling_matches_the_same_rows() -> None:
    ongoing = list_ids("status=ongoing")
    assert ongoing == ["INI-011", "INI-012", "INI-013"]
    for spelling in ("status=pågående", "status=Pågående", "Status=ONGOING", "STATUS=Ongoing", "status=PÅGÅENDE"):
        assert list_ids(spelling) == ongoing, spelling


def test_a_focus_area_matches_its_sub_goals_and_a_sub_goal_only_itself() -> None:
    assert list_ids("goal=FO2") == ["INI-011", "INI-012", "INI-013", "INI-023"]
    assert list_ids("goals=FO2.4") == ["INI-012", "INI-023"]
    assert csv_ids("goals=FO2.4") == ["INI-012", "INI-023"]
    assert list_ids("goal=FO2.2", "goal=FO2.4") == ["INI-011", "INI-012", "INI-013", "INI-023"]


def test_different_fields_must_all_hold_the_same_field_twice_means_either() -> None:
    assert list_ids("status=ongoing", "goal=FO2.4") == ["INI-012"]
    assert list_ids("status=ongoing", "status=decided") == ["INI-001", "INI-011", "INI-012", "INI-013"]


def test_goals_and_owners_use_the_same_language() -> None:
    assert list_ids("parent=FO2", kind="goals") == ["FO2.1", "FO2.2", "FO2.3", "FO2.4"]
    assert csv_ids("kind=Fokusområde", kind="goals") == ["FO1", "FO2", "FO3"]
    assert list_ids("kind=Fokusområde", kind="goals") == ["FO1", "FO2", "FO3"]
    assert list_ids("Typ=myndighet", kind="owners") == csv_ids("kind=agency", kind="owners") == [
        "skolforskningsinstitutet", "skolverket"]


@pytest.mark.parametrize(("command", "clause", "message"), [
    (("list",), "status=ongoin", "--where status=ongoin: 'ongoin' is not a status; did you mean 'ongoing'?"),
    (("export", "csv"), "status=ongoin", "did you mean 'ongoing'?"),
    (("report",), "status=ongoin", "did you mean 'ongoing'?"),
    (("export", "html", "-o", "site"), "status=ongoin", "did you mean 'ongoing'?"),
    (("list",), "statsu=ongoing", "initiatives have no field 'statsu'; did you mean 'status'?"),
    (("export", "csv"), "owner=skolverk", "no owner has the id or name 'skolverk'; did you mean 'skolverket'?"),
    (("report",), "goal=FO9", "no goal has the id 'FO9'"),
    (("list",), "tag=skoldigistöd", "no initiative has the tag 'skoldigistöd'; did you mean 'skoldigistod'?"),
    (("list",), "id=INI-01", "no initiative has the id 'INI-01'"),
    (("list",), "start=2020-13-01", "not a date (YYYY-MM-DD)"),
    (("list",), "status", "expected FIELD=VALUE"),
    (("list",), "milestones=x", "have no field 'milestones'"),
    (("list",), "focus_area=FO2.4", "FO2.4 is a sub-goal; its focus area is FO2 (or use goal=FO2.4)"),
])
def test_a_typo_is_a_usage_error_never_an_empty_answer(command: tuple[str, ...], clause: str, message: str,
                                                       tmp_path: Path) -> None:
    result = invoke(*command, "--where", clause, cwd=REPO)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert result.stderr.startswith("planctl: error: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_the_installed_planctl_refuses_a_misspelt_status() -> None:
    for command in (("list",), ("export", "csv"), ("report",)):
        result = run_planctl(*command, "--where", "status=ongoin", cwd=REPO)
        assert result.exit_code == 2
        assert "did you mean 'ongoing'?" in result.stderr and "Traceback" not in result.stderr
    result = run_planctl("list", "--where", "status=Pågående", cwd=REPO)
    assert result.exit_code == 0 and result.stdout.endswith("\n3 initiatives\n")


def test_a_misspelt_status_fails_before_the_plan_is_loaded(tmp_path: Path) -> None:
    """No plan here at all: the enum is checked first, so the error is about the typo."""
    result = invoke("list", "--where", "status=ongoin", cwd=tmp_path)
    assert result.exit_code == 2 and "did you mean 'ongoing'?" in result.stderr


def test_the_site_and_the_handout_show_only_what_where_selects(tmp_path: Path) -> None:
    assert invoke("export", "html", "-o", str(tmp_path / "site"), "--where", "status=Pågående", cwd=REPO).exit_code == 0
    pages = sorted(p.stem for p in (tmp_path / "site" / "initiatives").glob("*.html"))
    assert pages == ["INI-011", "INI-012", "INI-013"]
    handout = invoke("export", "markdown", "--where", "owner=skolverket", cwd=REPO).stdout
    assert "INI-001" in handout and "INI-011" not in handout
    document = json.loads(invoke("export", "json", "-w", "goal=FO3", cwd=REPO).stdout)
    assert [i["id"] for i in document["initiatives"]] == list_ids("goal=FO3")


def test_the_query_in_process() -> None:
    plan = load_plan(load_config(REPO))
    query = filters.parse("initiatives", ["Tidshorisont=medel (1–3 år)", "owner=SKR"])
    assert query.kind == "initiative"
    with pytest.raises(UsageError, match="no owner has the id or name 'SKR'"):
        query.select(plan)
    query = filters.parse("initiative", ["horizon=Medel (1–3 år)", "owner=skr"])
    assert {e.id for e in query.select(plan)} == {
        i.id for i in plan.initiatives.values() if i.horizon == "medium" and i.owner == "skr"}
    with pytest.raises(UsageError, match="unknown kind"):
        filters.parse("milestones", [])
