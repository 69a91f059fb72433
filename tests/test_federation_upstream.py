"""A member plan serving the national plan: namespaced ids checked against the pinned upstream."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from fedplans import head, member_repo, national_repo
from gitplan import ISOLATED, git, isolate


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_namespaced_sub_goal_of_the_national_plan_passes(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    result = invoke("check", cwd=member)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "X001" not in result.stdout
    assert (member / ".planctl_cache/upstream").is_dir()


def test_a_dangling_national_id_is_x001_at_its_line_with_a_suggestion(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO9.9"])
    result = run_planctl("check", "--no-cache", cwd=member, env=ISOLATED)
    assert result.exit_code == 1, result.stdout + result.stderr
    path = member / "plan/initiatives/INI-001.yaml"
    line = _line_of(path, "nat:FO9.9")
    assert f"plan/initiatives/INI-001.yaml:{line}:5: X001 [error] goals: 'nat:FO9.9' is not the id of any goal " \
           "of the upstream plan" in result.stdout
    # the suggestion comes from the national plan's sub-goals, named as the member writes them
    assert "nat:FO1.1, nat:FO1.2, nat:FO2.1" in result.stdout


def test_a_misspelt_national_id_gets_the_sub_goals_of_its_focus_area(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.7"])
    result = invoke("check", "-f", "json", cwd=member)
    assert result.exit_code == 1
    assert "nat:FO1's sub-goals are nat:FO1.1 and nat:FO1.2" in result.stdout


def test_a_wrong_namespace_is_named(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["riks:FO1.2"])
    result = invoke("check", cwd=member)
    assert result.exit_code == 1
    assert "the upstream plan's namespace is 'nat', not 'riks'" in result.stdout
    assert "did you mean 'nat:FO1.2'?" in result.stdout


def test_offline_once_fetched(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    assert invoke("check", cwd=member).exit_code == 0
    shutil.rmtree(national)
    result = run_planctl("check", cwd=member, env=ISOLATED)
    assert result.exit_code == 0, result.stderr


def test_unreachable_upstream_without_a_cache_is_exit_2_in_one_line_naming_the_url(tmp_path: Path) -> None:
    url = str(tmp_path / "gone.git")
    member = member_repo(tmp_path, "member", url, "0" * 40, ["nat:FO1.2"])
    result = run_planctl("check", cwd=member, env=ISOLATED)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and url in lines[0] and lines[0].startswith("planctl: error: cannot fetch the upstream")


def test_a_plan_without_namespaced_ids_never_fetches(tmp_path: Path) -> None:
    member = member_repo(tmp_path, "member", str(tmp_path / "gone.git"), "0" * 40, [])
    assert invoke("check", cwd=member).exit_code == 0
    assert not (member / ".planctl_cache/upstream").exists()


def test_a_pinned_revision_the_upstream_lacks(tmp_path: Path) -> None:
    national, _ = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), "f" * 40, ["nat:FO1.2"])
    result = invoke("check", cwd=member)
    assert result.exit_code == 2
    assert f"the upstream plan {national} has no revision {'f' * 40}" in result.stderr


def test_the_pinned_revision_is_what_counts_not_the_newest(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    (national / "plan/goals/FO2.2.yaml").write_text("id: FO2.2\ntitle: Nytt delmål\nparent: FO2\n", encoding="utf-8")
    git(national, "add", "-A")
    git(national, "commit", "-q", "-m", "feat(goals): FO2.2")
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO2.2"])
    assert invoke("check", cwd=member).exit_code == 1
    member2 = member_repo(tmp_path, "member2", str(national), head(national), ["nat:FO2.2"])
    assert invoke("check", cwd=member2).exit_code == 0


def test_a_rename_upstream_after_the_pin_is_a_warning(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    git(national, "mv", "plan/goals/FO1.2.yaml", "plan/goals/FO1.3.yaml")
    path = national / "plan/goals/FO1.3.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: FO1.2", "id: FO1.3"), encoding="utf-8")
    init = national / "plan/initiatives/INI-001.yaml"
    init.write_text(init.read_text(encoding="utf-8").replace("FO1.2", "FO1.3"), encoding="utf-8")
    git(national, "commit", "-q", "-am", "refactor(goals): FO1.2 is FO1.3\n\nPlan-Renamed: FO1.2 -> FO1.3")
    from planctl.federation.upstream import UpstreamSpec, fetch

    fetch(member, UpstreamSpec(str(national), rev, "nat"))
    result = invoke("check", cwd=member)
    assert result.exit_code == 0, result.stdout
    assert "X007 [warning] goals: the upstream renamed 'nat:FO1.2' to 'nat:FO1.3' after the pinned revision" \
        in result.stdout


def test_init_upstream_pins_the_ref_and_the_member_checks(tmp_path: Path) -> None:
    _, rev = national_repo(tmp_path)
    result = run_planctl("init", "member", "--upstream", "national@main", "--no-git", cwd=tmp_path, env=ISOLATED)
    assert result.exit_code == 0, result.stderr
    assert f"pinned the upstream plan ../national at {rev[:12]}" in result.stdout
    text = (tmp_path / "member/planctl.toml").read_text(encoding="utf-8")
    assert f'[upstream]\nurl = "../national"\nrev = "{rev}"\nref = "main"\nnamespace = "nat"\n' in text
    from conftest import write_plan
    from fedplans import member_files

    write_plan(tmp_path / "member", member_files(["nat:FO2.1"]), config=None)
    assert invoke("check", cwd=tmp_path / "member").exit_code == 0


def test_init_upstream_with_a_namespace_and_a_commit(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    result = invoke("init", str(tmp_path / "m"), "--upstream", f"{national}@{rev[:10]}", "--namespace", "riks",
                    "--no-git", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "m/planctl.toml").read_text(encoding="utf-8")
    assert f'rev = "{rev}"' in text and 'namespace = "riks"' in text


def test_init_with_an_unreachable_upstream_writes_no_plan(tmp_path: Path) -> None:
    result = run_planctl("init", "m", "--upstream", "nowhere.git", "--no-git", cwd=tmp_path, env=ISOLATED)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "nowhere.git" in result.stderr
    assert not (tmp_path / "m/planctl.toml").exists()


def test_a_bad_namespace_in_planctl_toml_is_located(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    config = member / "planctl.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('namespace = "nat"', 'namespace = "Nat!"'),
                      encoding="utf-8")
    result = invoke("check", cwd=member)
    assert result.exit_code == 2
    line = _line_of(config, "namespace =")
    assert f"planctl.toml:{line}:13: [upstream] namespace 'Nat!' is not a short lowercase word" in result.stderr


def test_an_unknown_key_in_upstream_is_refused_by_the_schema(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, [])
    config = member / "planctl.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'branch = "main"\n', encoding="utf-8")
    result = invoke("check", cwd=member)
    assert result.exit_code == 2
    assert "unknown key 'branch' in [upstream]" in result.stderr


def test_edits_exports_and_the_site_take_namespaced_ids(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    added = invoke("add", "initiative", "--title", "Ny insats", "--goal", "nat:FO2.1", "--owner", "kommunen",
                   "--status", "proposed", "--description", "En lokal insats som tjänar ett nationellt delmål.",
                   cwd=member)
    assert added.exit_code == 0, added.stderr
    assert "  - nat:FO2.1\n" in (member / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8")
    refused = invoke("add", "initiative", "--title", "Fel insats", "--goal", "nat:FO9.1", "--owner", "kommunen",
                     "--status", "proposed", cwd=member)
    assert refused.exit_code == 1 and "X001" in refused.stdout + refused.stderr
    sheet = invoke("export", "csv", "-o", "-", cwd=member)
    assert sheet.exit_code == 0 and "nat:FO2.1" in sheet.stdout
    site = invoke("export", "html", "-o", str(tmp_path / "site"), cwd=member)
    assert site.exit_code == 0, site.stderr
    page = (tmp_path / "site/initiatives/INI-002.html").read_text(encoding="utf-8")
    assert "nat:FO2.1" in page and 'href="../goals/nat:' not in page
