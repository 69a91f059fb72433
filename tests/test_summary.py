"""`planctl summary`: counts per kind and per status (what `make run` prints)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, invoke, run_planctl


def test_summary_counts(plan_repo: Path) -> None:
    data = json.loads(invoke("summary", "--format", "json", cwd=plan_repo).stdout)["summary"]
    assert data["goals"] == {"total": 5, "focus_areas": 2, "sub_goals": 3}
    assert data["initiatives"]["total"] == 2
    assert data["initiatives"]["by_status"]["decided"] == 1 and data["initiatives"]["by_status"]["ongoing"] == 1
    assert data["owners"]["by_kind"] == {"agency": 1, "association": 1, "government": 1}


def test_bundled_plan_summary_has_the_strategy_shape() -> None:
    result = run_planctl("summary", "--format", "json", cwd=REPO)
    data = json.loads(result.stdout)["summary"]
    assert data["goals"] == {"total": 12, "focus_areas": 3, "sub_goals": 9}
    assert data["initiatives"]["total"] >= 4


def test_summary_text(plan_repo: Path) -> None:
    out = invoke("summary", cwd=plan_repo).stdout
    assert out.startswith("Testplan\n")
    assert "  initiatives      2" in out and "  ongoing            1" in out


def test_the_plan_name_from_planctl_toml_is_printed_escaped(plan_repo: Path) -> None:
    config = plan_repo / "planctl.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'name = "Testplan"', 'name = "Test\\u001b]8;;http://x\\u0007plan\\u202e"'), encoding="utf-8")
    result = run_planctl("summary", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Test\\x1b]8;;http://x\\x07plan\\u202e"
