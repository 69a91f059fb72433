"""An edit shows what it causes: the warnings it introduces, on stderr, located, exit 0.

Only the warnings the edit brings count: those the plan had before (whatever line they
moved to, whatever id `mv` gave their entity) stay silent, as do those in entities the
edit has nothing to do with. Errors still refuse the edit (`test_edit_guard`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan
from gitplan import env

D001 = "D001 [warning] status is 'completed' but there is no end date"


def test_set_status_completed_without_an_end_says_d001_and_exits_0(plan_repo: Path) -> None:
    result = run_planctl("set", "INI-001", "status=completed", cwd=plan_repo, env=env())
    assert (result.exit_code, result.stdout) == (0, "changed INI-001 (plan/initiatives/INI-001.yaml)\n")
    assert result.stderr == f"plan/initiatives/INI-001.yaml:11:9: {D001}\n"
    assert "status: completed" in (plan_repo / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8")


def test_the_path_is_the_one_to_open_from_where_the_user_stands(plan_repo: Path) -> None:
    result = run_planctl("set", "INI-001", "status=completed", cwd=plan_repo / "plan/initiatives", env=env())
    assert (result.exit_code, result.stderr) == (0, f"INI-001.yaml:11:9: {D001}\n")


def test_a_warning_that_was_there_before_is_not_repeated(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", {**SMALL_PLAN, "plan/initiatives/INI-001.yaml": SMALL_PLAN[
        "plan/initiatives/INI-001.yaml"].replace("status: decided", "status: completed")})
    result = invoke("set", "INI-001", "horizon=long", "title=Skolverket samordnar statens arbete med digitalisering",
                    cwd=root)
    assert (result.exit_code, result.stderr) == (0, "")
    # a rename moves the file and the id, not the problem
    renamed = invoke("mv", "INI-001", "INI-009", cwd=root)
    assert (renamed.exit_code, renamed.stderr) == (0, "")
    # fixing it says nothing either
    fixed = invoke("set", "INI-009", "end=2022-12-31", cwd=root)
    assert (fixed.exit_code, fixed.stderr) == (0, "")


def test_rm_says_what_it_leaves_unserved_and_unreferenced(plan_repo: Path) -> None:
    result = invoke("rm", "INI-001", cwd=plan_repo)
    assert (result.exit_code, result.stdout) == (0, "removed INI-001\n")
    assert result.stderr == ("plan/goals/FO1.2.yaml:1:5: C001 [warning] no initiative serves sub-goal FO1.2\n"
                             "plan/owners/regeringen.yaml:1:5: C003 [warning] nothing refers to owner 'regeringen'\n")


def test_set_says_what_it_leaves_behind_in_the_owner_it_replaced(plan_repo: Path) -> None:
    result = invoke("set", "INI-002", "owner=skolverket", "participants=", cwd=plan_repo)
    assert result.exit_code == 0
    assert result.stderr == "plan/owners/skr.yaml:1:5: C003 [warning] nothing refers to owner 'skr'\n"


def test_add_says_what_the_new_entity_lacks(plan_repo: Path) -> None:
    result = invoke("add", "goal", "--parent", "FO2", "--title", "Digital infrastruktur", cwd=plan_repo)
    assert (result.exit_code, result.stdout) == (0, "added FO2.2 (plan/goals/FO2.2.yaml)\n")
    assert result.stderr == ("plan/goals/FO2.2.yaml:1:1: T001 [warning] the goal FO2.2 has no description\n"
                             "plan/goals/FO2.2.yaml:1:5: C001 [warning] no initiative serves sub-goal FO2.2\n")


def test_a_dry_run_says_what_the_edit_would_cause(plan_repo: Path) -> None:
    before = (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes()
    result = invoke("set", "INI-001", "status=completed", "--dry-run", cwd=plan_repo)
    assert result.exit_code == 0
    assert result.stderr == f"plan/initiatives/INI-001.yaml:11:9: {D001}\n"
    assert (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes() == before


def test_milestone_says_what_it_causes(plan_repo: Path) -> None:
    assert invoke("set", "INI-002", "start=2020-01-01", "end=2021-12-31", cwd=plan_repo).exit_code == 0
    result = invoke("milestone", "add", "INI-002", "Slutrapport", "--due", "2022-06-30", cwd=plan_repo)
    assert (result.exit_code, result.stdout) == (0, "added a milestone to INI-002 (plan/initiatives/INI-002.yaml)\n")
    assert result.stderr.startswith("plan/initiatives/INI-002.yaml:")
    assert ": D005 [warning] " in result.stderr and len(result.stderr.splitlines()) == 1


def test_import_says_what_the_sheet_causes(plan_repo: Path) -> None:
    exported = invoke("export", "csv", "-o", "plan.csv", cwd=plan_repo)
    assert exported.exit_code == 0, exported.stderr
    sheet = plan_repo / "plan.csv"
    text = sheet.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    status = rows[0].index("Status")
    row = next(r for r in rows if r[0] == "INI-001")
    row[status] = "Genomförd"
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    sheet.write_text(out.getvalue(), encoding="utf-8-sig")
    result = invoke("import", "csv", "plan.csv", cwd=plan_repo)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stderr == f"plan/initiatives/INI-001.yaml:11:9: {D001}\n"


def test_an_error_is_still_refused(plan_repo: Path) -> None:
    before = (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes()
    result = invoke("set", "INI-001", "status=completed", "goals+=FO9.9", cwd=plan_repo)
    assert result.exit_code == 1
    assert "X001" in result.stdout and D001 not in result.stderr
    assert result.stderr == "planctl: error: nothing written: the edit would add 1 error to the plan\n"
    assert (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes() == before


def test_quiet_silences_them(plan_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) \
        -> None:
    """The hook `--quiet` sets (the global state's `quiet`): read where the warnings are printed."""
    from planctl.cli import _editing, common
    from planctl.config import load_config
    from planctl.edit import ops
    from planctl.edit.session import run_edit

    cfg = load_config(plan_repo)
    outcome = run_edit(cfg, lambda plan: ops.set_fields(cfg, plan, "INI-001", [ops.parse_assignment(
        "status=completed")]), dry_run=True)
    assert [d.code for d in outcome.warnings] == ["D001"]
    monkeypatch.chdir(plan_repo)
    _editing.print_warnings(cfg, outcome)
    assert capsys.readouterr().err == f"plan/initiatives/INI-001.yaml:11:9: {D001}\n"
    monkeypatch.setattr(common.state, "quiet", True, raising=False)
    _editing.print_warnings(cfg, outcome)
    assert capsys.readouterr().err == ""
