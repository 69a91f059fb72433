"""`planctl upstream update` moves the pin and says what changed; `lint --fix` follows renames."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from fedplans import head, member_repo, national_repo
from gitplan import ISOLATED, git, isolate


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def _rename_upstream(national: Path, old: str, new: str) -> None:
    git(national, "mv", f"plan/goals/{old}.yaml", f"plan/goals/{new}.yaml")
    for path in (national / "plan").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(f"id: {old}\n", f"id: {new}\n").replace(f"- {old}\n", f"- {new}\n"),
                            encoding="utf-8")
    git(national, "commit", "-q", "-am", f"refactor(goals): {old} is {new}\n\nPlan-Renamed: {old} -> {new}")


def test_update_moves_the_pin_shows_the_rename_and_lint_fix_rewrites_it(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    config_before = (member / "planctl.toml").read_text(encoding="utf-8")
    _rename_upstream(national, "FO1.2", "FO1.3")
    new = head(national)

    result = run_planctl("upstream", "update", cwd=member, env=ISOLATED)
    assert result.exit_code == 0, result.stderr
    assert "Changed upstream, referred to by this plan:" in result.stdout
    assert "FO1.2" in result.stdout and "FO1.3" in result.stdout and "Renamed" in result.stdout
    assert f"moved the upstream pin from {rev[:12]} to {new[:12]} (1 commit)" in result.stdout
    assert (member / "planctl.toml").read_text(encoding="utf-8") == config_before.replace(rev, new)

    check = invoke("check", cwd=member)
    assert check.exit_code == 1
    assert "X007 [error] goals: the upstream renamed 'nat:FO1.2' to 'nat:FO1.3'" in check.stdout
    assert "X001" not in check.stdout

    fixed = invoke("lint", "--fix", cwd=member)
    assert fixed.exit_code == 0, fixed.stdout + fixed.stderr
    text = (member / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8")
    assert "  - nat:FO1.3\n" in text and "nat:FO1.2" not in text
    assert invoke("check", cwd=member).exit_code == 0


def test_update_dry_run_writes_nothing(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO2.1"])
    _rename_upstream(national, "FO1.2", "FO1.3")
    before = (member / "planctl.toml").read_bytes()
    result = invoke("upstream", "update", "--dry-run", cwd=member)
    assert result.exit_code == 0, result.stderr
    assert "Nothing this plan refers to changed upstream." in result.stdout
    assert "would move the upstream pin" in result.stdout
    assert (member / "planctl.toml").read_bytes() == before


def test_update_when_the_pin_is_the_newest(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO2.1"])
    result = invoke("upstream", "update", cwd=member)
    assert result.exit_code == 0
    assert "nothing to update" in result.stdout


def test_update_without_upstream_is_a_config_error(tmp_path: Path) -> None:
    from conftest import SMALL_PLAN, write_plan

    root = write_plan(tmp_path / "plain", SMALL_PLAN)
    result = invoke("upstream", "update", cwd=root)
    assert result.exit_code == 2
    assert "planctl.toml has no [upstream] table" in result.stderr


def test_update_to_an_explicit_revision(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    _rename_upstream(national, "FO1.2", "FO1.3")
    git(national, "tag", "v2")
    _rename_upstream(national, "FO1.3", "FO1.4")
    result = invoke("upstream", "update", "--rev", "v2", cwd=member)
    assert result.exit_code == 0, result.stderr
    assert git(national, "rev-parse", "v2").strip() in (member / "planctl.toml").read_text(encoding="utf-8")
