"""Id allocation (never reuse an id), and concurrent adds under the edit lock get different ids."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from gitplan import env, git, isolate, plan_git_repo

ADD = ("add", "initiative", "--title", "Ny insats", "--goal", "FO1.1", "--owner", "skr", "--status", "proposed")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def test_a_deleted_id_is_never_handed_out_again(plan_repo: Path) -> None:
    assert invoke(*ADD, cwd=plan_repo).stdout.startswith("added INI-003 ")
    assert invoke("rm", "INI-003", cwd=plan_repo).exit_code == 0
    assert invoke(*ADD, cwd=plan_repo).stdout.startswith("added INI-004 ")
    assert (plan_repo / "plan/.planctl-ids").read_text(encoding="utf-8").endswith("initiative: INI-004\n")


def test_the_mark_counts_ids_given_by_mv_and_removed_since(plan_repo: Path) -> None:
    assert invoke("mv", "INI-002", "INI-040", cwd=plan_repo).exit_code == 0
    assert invoke("rm", "INI-040", cwd=plan_repo).exit_code == 0
    assert invoke(*ADD, cwd=plan_repo).stdout.startswith("added INI-041 ")


def test_ids_deleted_in_git_history_before_the_mark_existed_are_skipped(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    extra = (root / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8").replace("INI-002", "INI-007")
    (root / "plan/initiatives/INI-007.yaml").write_text(extra, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "add 7 by hand")
    git(root, "rm", "-q", "plan/initiatives/INI-007.yaml")
    git(root, "commit", "-q", "-m", "remove 7 by hand")
    assert invoke(*ADD, cwd=root).stdout.startswith("added INI-008 ")


def test_ids_on_other_local_branches_are_skipped(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    git(root, "checkout", "-q", "-b", "other")
    assert invoke(*ADD, "--commit", cwd=root).exit_code == 0  # INI-003 on 'other'
    git(root, "checkout", "-q", "main")
    assert invoke(*ADD, cwd=root).stdout.startswith("added INI-004 ")


def test_goal_ids_count_up_within_their_focus_area(plan_repo: Path) -> None:
    assert invoke("add", "goal", "--title", "Forskning", cwd=plan_repo).stdout.startswith("added FO3 ")
    assert invoke("add", "goal", "--parent", "FO2", "--title", "Infrastruktur", cwd=plan_repo).stdout \
        .startswith("added FO2.2 ")


def test_concurrent_adds_all_land_with_different_ids(plan_repo: Path) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: run_planctl(*ADD, cwd=plan_repo, env=env()), range(4)))
    assert [r.exit_code for r in results] == [0, 0, 0, 0], [r.stderr for r in results]
    ids = sorted(r.stdout.split()[1] for r in results)
    assert ids == ["INI-003", "INI-004", "INI-005", "INI-006"]
    assert sorted(p.name for p in (plan_repo / "plan/initiatives").iterdir()) == \
        ["INI-001.yaml", "INI-002.yaml", "INI-003.yaml", "INI-004.yaml", "INI-005.yaml", "INI-006.yaml"]
    assert not (plan_repo / ".planctl.lock").exists()


# The lock itself (kernel lock, timeouts, planted FIFOs and symlinks): tests/test_edit_lock.py.


def test_marks_raised_on_two_branches_merge_without_a_conflict(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    assert invoke(*ADD, "--commit", cwd=root).exit_code == 0  # INI-003: the mark exists on main
    git(root, "checkout", "-q", "-b", "a")
    git(root, "branch", "b")
    assert invoke("mv", "INI-003", "INI-010", "--commit", cwd=root).exit_code == 0
    git(root, "checkout", "-q", "b")
    assert invoke("mv", "INI-003", "INI-020", "--commit", cwd=root).exit_code == 0
    git(root, "merge", "-q", "--no-edit", "a", check=False)
    assert "plan/.planctl-ids" not in git(root, "diff", "--name-only", "--diff-filter=U")
    assert (root / "plan/.gitattributes").read_text(encoding="utf-8") == ".planctl-ids merge=union\n"
    from planctl.edit.ids import read_high_water

    assert read_high_water(root / "plan") == 20


def test_mv_refuses_an_id_that_was_moved_away_before(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    assert invoke("mv", "INI-002", "INI-019", "--commit", cwd=root).exit_code == 0
    assert invoke("mv", "INI-019", "INI-025", "--commit", cwd=root).exit_code == 0
    head = git(root, "rev-parse", "HEAD")
    result = run_planctl("mv", "INI-001", "INI-019", cwd=root, env=env())  # another initiative
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("planctl: error: INI-019 was handed out before (plan/.planctl-ids records ids up to "
                             "INI-025) and ids are never reused; use INI-026\n")
    assert git(root, "status", "--porcelain") == "" and git(root, "rev-parse", "HEAD") == head
    assert invoke("mv", "INI-001", "INI-026", cwd=root).exit_code == 0  # the suggestion is taken


def test_a_rename_can_be_undone_and_only_by_its_entity(tmp_path: Path) -> None:
    """`mv A B` then `mv B A` gives every file back: the entity takes back an id it had itself,
    recorded in the mark, and no other entity can take it."""
    root = plan_git_repo(tmp_path)
    before = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "plan").rglob("*.yaml")}
    assert invoke("mv", "INI-002", "INI-030", cwd=root).exit_code == 0
    assert "renamed: INI-002 -> INI-030" in (root / "plan/.planctl-ids").read_text(encoding="utf-8")
    refused = invoke("mv", "INI-001", "INI-002", cwd=root)
    assert refused.exit_code == 1 and "INI-002 was handed out before" in refused.stderr
    undo = run_planctl("mv", "INI-030", "INI-002", cwd=root, env=env())
    assert undo.exit_code == 0, undo.stderr
    after = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "plan").rglob("*.yaml")}
    assert after == before
    # Chains lead back too: 002 -> 031 -> 032, then 032 -> 002.
    assert invoke("mv", "INI-002", "INI-031", cwd=root).exit_code == 0
    assert invoke("mv", "INI-031", "INI-032", cwd=root).exit_code == 0
    assert invoke("mv", "INI-032", "INI-002", cwd=root).exit_code == 0
    assert invoke("mv", "INI-002", "INI-031", cwd=root).exit_code == 0  # and forward again


def test_mv_refuses_an_id_only_git_history_knows(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)  # no mark: the ids below were given by hand
    text = (root / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8").replace("INI-002", "INI-007")
    (root / "plan/initiatives/INI-007.yaml").write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "add 7 by hand")
    git(root, "rm", "-q", "plan/initiatives/INI-007.yaml")
    git(root, "commit", "-q", "-m", "remove 7 by hand")
    result = invoke("mv", "INI-002", "INI-007", cwd=root)
    assert result.exit_code == 1
    assert result.stderr == ("planctl: error: INI-007 was handed out before (a file of that id is in the git "
                             "history) and ids are never reused; use INI-008\n")
    assert not (root / "plan/initiatives/INI-007.yaml").exists()
    assert invoke("mv", "INI-002", "INI-005", cwd=root).exit_code == 0  # never used: a gap is fine
    assert invoke("mv", "skr", "sveriges-kommuner", cwd=root).exit_code == 0  # owners have no mark
