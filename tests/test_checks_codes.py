"""One instance of every code in one plan: each reported once, with its code and file:line:col."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from checks_fixture import make_every_code_plan
from conftest import invoke, run_planctl
from planctl.checks import run_checks
from planctl.checks.registry import catalogue
from planctl.config import load_config
from planctl.loader import load_plan

TODAY = dt.date(2024, 5, 1)

# S005 appears twice on purpose: X002 and X005 cannot happen without an id of the wrong pattern.
EXPECTED = [
    ("D007", "plan/events/EV-001.yaml", 6, 24),
    ("D008", "plan/events/EV-002.yaml", 6, 24),
    ("C001", "plan/goals/FO2.2.yaml", 1, 5),
    ("C002", "plan/goals/FO3.yaml", 1, 5),
    ("S008", "plan/goals/FO3.yaml", 4, 1),
    ("S005", "plan/goals/skr.yaml", 1, 5),
    ("X004", "plan/initiatives/INI-002.yml", 1, 5),
    ("F002", "plan/initiatives/INI-009.yaml", 1, 5),
    ("D001", "plan/initiatives/INI-010.yaml", 6, 9),
    ("D002", "plan/initiatives/INI-011.yaml", 8, 6),
    ("D003", "plan/initiatives/INI-012.yaml", 7, 6),
    ("D004", "plan/initiatives/INI-013.yaml", 7, 8),
    ("D005", "plan/initiatives/INI-014.yaml", 9, 40),
    ("D006", "plan/initiatives/INI-015.yaml", 7, 39),
    ("T001", "plan/initiatives/INI-016.yaml", 1, 1),
    ("T002", "plan/initiatives/INI-017.yaml", 3, 14),
    ("T003", "plan/initiatives/INI-018.yaml", 2, 8),
    ("T004", "plan/initiatives/INI-019.yaml", 2, 8),
    ("T005", "plan/initiatives/INI-020.yaml", 2, 8),
    ("T006", "plan/initiatives/INI-021.yaml", 2, 8),
    ("T007", "plan/initiatives/INI-022.yaml", 2, 8),
    ("T008", "plan/initiatives/INI-023.yaml", 7, 10),
    ("T009", "plan/initiatives/INI-024.yaml", 8, 9),
    ("L001", "plan/initiatives/INI-025.yaml", 2, 1),
    ("L002", "plan/initiatives/INI-026.yaml", 7, 8),
    ("N001", "plan/initiatives/INI-027.yaml", 1, 1),
    ("N002", "plan/initiatives/INI-027.yaml", 2, 1),
    ("Y001", "plan/initiatives/INI-051.yaml", 3, 1),
    ("Y002", "plan/initiatives/INI-052.yaml", 7, 1),
    ("Y003", "plan/initiatives/INI-053.yaml", 3, 1),
    ("Y004", "plan/initiatives/INI-054.yaml", 1, 1),
    ("Y005", "plan/initiatives/INI-055.yaml", 1, 1),
    ("Y006", "plan/initiatives/INI-056.yaml", 2, 8),
    ("S001", "plan/initiatives/INI-057.yaml", 1, 1),
    ("Y007", "plan/initiatives/INI-057.yaml", 4, 8),
    ("Y008", "plan/initiatives/INI-058.yaml", 7, 1),
    ("Y009", "plan/initiatives/INI-059.yaml", 2, 1),
    ("Y010", "plan/initiatives/INI-060.yaml", 7, 3),
    ("F005", "plan/initiatives/INI-061.yaml", 0, 0),
    ("Y011", "plan/initiatives/INI-062.yaml", 7, 39),
    ("F004", "plan/initiatives/INI-063.yaml", 0, 0),
    ("S003", "plan/initiatives/INI-070.yaml", 1, 1),
    ("S005", "plan/initiatives/INI-070.yaml", 4, 8),
    ("X002", "plan/initiatives/INI-070.yaml", 4, 8),
    ("S002", "plan/initiatives/INI-070.yaml", 5, 9),
    ("S006", "plan/initiatives/INI-070.yaml", 6, 8),
    ("S007", "plan/initiatives/INI-070.yaml", 7, 7),
    ("S004", "plan/initiatives/INI-070.yaml", 8, 1),
    ("X001", "plan/initiatives/INI-071.yaml", 6, 16),
    ("X003", "plan/initiatives/INI-072.yaml", 4, 9),
    ("C004", "plan/needs/BEH-001.yaml", 1, 5),
    ("F003", "plan/notes.yaml", 0, 0),
    ("X006", "plan/owners/a-org.yaml", 4, 9),
    ("C003", "plan/owners/ensam.yaml", 1, 5),
    ("T010", "plan/owners/epost-fel.yaml", 4, 8),
    ("F001", "plan/owners/latin.yaml", 2, 8),
    ("P001", "plan/owners/person-a.yaml", 4, 8),
    ("X005", "plan/owners/skr.yaml", 1, 5),
    ("N003", "plan/owners/tyst.yaml", 1, 1),
]
NEEDS_GIT = {"G001"}  # only `check --against REV` reports it (tested with the git commands)
NEEDS_FLOOD = {"F006"}  # only a file with over 100 problems has it (tests/test_hostile.py)
NEEDS_UPSTREAM = {"X007"}  # only a member plan whose upstream renamed an id (tests/test_federation_update.py)


@pytest.fixture(scope="module")
def every_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_every_code_plan(tmp_path_factory.mktemp("every") / "repo")


def test_every_code_once_with_its_location(every_code: Path) -> None:
    cfg = load_config(every_code)
    found = [(d.code, d.path, d.line, d.col) for d in run_checks(load_plan(cfg), cfg, today=TODAY)]
    assert found == EXPECTED


def test_the_fixture_covers_every_catalogued_code() -> None:
    assert set(catalogue()) - NEEDS_GIT - NEEDS_FLOOD - NEEDS_UPSTREAM == {code for code, *_ in EXPECTED}
    counts = Counter(code for code, *_ in EXPECTED)
    assert {c for c, n in counts.items() if n > 1} == {"S005"}


def test_check_cli_reports_the_same(every_code: Path) -> None:
    result = invoke("check", "--today", "2024-05-01", "-f", "json", cwd=every_code)
    assert result.exit_code == 1
    got = [(d["code"], d["path"], d["line"] or 0, d["column"] or 0) for d in json.loads(result.stdout)["diagnostics"]]
    assert got == EXPECTED


def test_installed_executable_concise(every_code: Path) -> None:
    result = run_planctl("check", "--today", "2024-05-01", "-f", "concise", cwd=every_code)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "plan/initiatives/INI-071.yaml:6:16: X001 [error] participants: 'skolverk' is not the id of any owner" in lines
    )
    assert "plan/owners/a-org.yaml:4:9: X006 [error] parent cycle: a-org -> b-org -> a-org" in lines
    assert len(lines) == len(EXPECTED)


def test_hints(every_code: Path) -> None:
    cfg = load_config(every_code)
    by_code = {d.code: d for d in run_checks(load_plan(cfg), cfg, today=TODAY)}
    assert by_code["X001"].hint == "did you mean 'skolverket'?"
    assert by_code["X003"].hint == "name one of its sub-goals: FO2.1, FO2.2"
    assert by_code["T008"].hint == "did you mean 'Stöd för upphandling'?"
    assert by_code["X004"].hint == "first used in plan/initiatives/INI-002.yaml:1"
