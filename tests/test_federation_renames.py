"""X007 finds an upstream rename made after the pin without a `Plan-Renamed` trailer by the semantic diff, as the
issue asks ("follow Plan-Renamed trailers where the upstream history has them, else the semantic
diff"), and does not invent one where an id was only removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from fedplans import member_repo, national_repo
from gitplan import ISOLATED, git, isolate


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def _rename_by_hand(national: Path, old: str, new: str, message: str) -> None:
    """A rename a curator made with git and an editor: no planctl, no trailer."""
    git(national, "mv", f"plan/goals/{old}.yaml", f"plan/goals/{new}.yaml")
    path = national / f"plan/goals/{new}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"id: {old}", f"id: {new}"), encoding="utf-8")
    for init in (national / "plan/initiatives").glob("*.yaml"):
        init.write_text(init.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    git(national, "commit", "-q", "-am", message)


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_rename_by_hand_after_the_pin_is_found_by_content(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    _rename_by_hand(national, "FO1.2", "FO1.3", "chore: renumber the sub-goal")
    from planctl.federation.upstream import UpstreamSpec, fetch

    fetch(member, UpstreamSpec(str(national), rev, "nat"))
    result = run_planctl("check", cwd=member, env=ISOLATED)
    assert result.exit_code == 0, result.stdout + result.stderr
    line = _line_of(member / "plan/initiatives/INI-001.yaml", "nat:FO1.2")
    assert (f"plan/initiatives/INI-001.yaml:{line}:5: X007 [warning] goals: the upstream renamed 'nat:FO1.2' "
            "to 'nat:FO1.3' after the pinned revision") in result.stdout


def test_an_id_removed_upstream_is_not_called_a_rename(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    for init in (national / "plan/initiatives").glob("*.yaml"):
        init.write_text(init.read_text(encoding="utf-8").replace("FO1.2", "FO1.1"), encoding="utf-8")
    git(national, "rm", "-q", "plan/goals/FO1.2.yaml")
    git(national, "commit", "-q", "-am", "chore: drop a sub-goal")
    from planctl.federation.upstream import UpstreamSpec, fetch

    fetch(member, UpstreamSpec(str(national), rev, "nat"))
    result = invoke("check", cwd=member)
    assert result.exit_code == 0, result.stdout
    assert "X007" not in result.stdout

