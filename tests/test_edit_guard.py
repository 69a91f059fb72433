"""The one decision "would this edit break the plan?": only errors the edit introduces count."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SMALL_PLAN, invoke, write_plan
from planctl.config import load_config
from planctl.edit import guard, ops, values
from planctl.edit.session import run_edit
from planctl.loader import load_plan

BROKEN = {**SMALL_PLAN, "plan/initiatives/INI-002.yaml": SMALL_PLAN["plan/initiatives/INI-002.yaml"]
          .replace("status: ongoing", "status: started")}


def test_a_problem_elsewhere_does_not_block_an_unrelated_edit(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", BROKEN)
    result = invoke("set", "INI-001", "status=completed", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "status: completed" in (root / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8")


def test_a_dangling_reference_is_refused_with_the_checks(plan_repo: Path) -> None:
    before = (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes()
    result = invoke("set", "INI-001", "goals+=FO9.9", cwd=plan_repo)
    assert result.exit_code == 1
    assert "FO9.9" in result.stdout and "plan/initiatives/INI-001.yaml" in result.stdout
    assert (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes() == before


def test_without_the_checks_module_schema_diagnostics_decide(plan_repo: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "_run_checks", lambda: None)
    monkeypatch.setattr(values, "_ENUM_FIELDS", {})  # let a wrong status reach the schema
    cfg = load_config(plan_repo)
    bad = run_edit(cfg, lambda plan: ops.set_fields(cfg, plan, "INI-001", [ops.parse_assignment("status=x")]))
    assert [d.code for d in bad.problems] == ["S002"] and not bad.written
    # A dangling reference is a cross-reference check's business: without the checks it passes.
    ok = run_edit(cfg, lambda plan: ops.set_fields(cfg, plan, "INI-001", [ops.parse_assignment("goals+=FO9.9")]))
    assert ok.written and not ok.problems


def test_the_same_error_in_another_entity_is_new(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", BROKEN)
    cfg = load_config(root)
    before = load_plan(cfg)
    text = (
        (root / "plan/initiatives/INI-001.yaml")
        .read_text(encoding="utf-8")
        .replace("status: decided", "status: started")
    )
    after = guard.plan_after(before, {"plan/initiatives/INI-001.yaml": ("initiative", text)})
    new = guard.introduced(before, after, cfg).errors
    assert [(d.code, d.entity) for d in new] == [("S002", "INI-001")]


def test_dry_run_checks_and_writes_nothing(plan_repo: Path) -> None:
    result = invoke("set", "INI-001", "status=completed", "--dry-run", cwd=plan_repo)
    assert result.exit_code == 0
    assert result.stdout == ("would have changed INI-001; nothing written (--dry-run)\n"
                             "  write  plan/initiatives/INI-001.yaml\n")
    assert "status: decided" in (plan_repo / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8")
