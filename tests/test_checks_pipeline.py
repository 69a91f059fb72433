"""`run_checks`: the one entry point others call before writing; the bundled plan passes it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import REPO, run_planctl, write_plan
from planctl.checks import run_checks
from planctl.config import load_config
from planctl.loader import load_plan

TODAY = dt.date(2024, 5, 1)


def _check(root: Path, **kw: object) -> list:
    cfg = load_config(root)
    return run_checks(load_plan(cfg), cfg, today=TODAY, **kw)


def test_bundled_plan_is_clean() -> None:
    assert _check(REPO) == []


def test_bundled_plan_check_exits_0_installed() -> None:
    result = run_planctl("check", "--strict", cwd=REPO)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith("All checks passed")


def test_run_checks_includes_schema_and_lint(plan_repo: Path) -> None:
    write_plan(plan_repo, {"plan/initiatives/INI-003.yaml": "id: INI-003\ntitle: X\ngoals: [FO9.9]\nowner: skr\n"})
    codes = {(d.code, d.line) for d in _check(plan_repo)}
    assert ("S003", 1) in codes  # status missing
    assert ("X001", 3) in codes  # FO9.9 unknown
    assert ("T001", 1) in codes  # no description


def test_results_are_sorted_by_file_and_position(plan_repo: Path) -> None:
    write_plan(plan_repo, {"plan/initiatives/INI-003.yaml": "id: INI-003\ntitle: X\ngoals: [FO9.9]\nowner: skr\n"})
    found = _check(plan_repo)
    assert found == sorted(found, key=lambda d: d.sort_key())


def test_small_plan_is_clean(plan_repo: Path) -> None:
    assert _check(plan_repo) == []
