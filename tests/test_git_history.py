"""`planctl diff`, `planctl log` and `check --against` on real temporary git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from gitplan import env, git, isolate, plan_git_repo


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = plan_git_repo(tmp_path)
    git(root, "tag", "v2019-03")
    return root


def test_diff_json_between_two_commits_lists_exactly_the_changed_fields(repo: Path) -> None:
    assert invoke("set", "INI-002", "status=completed", "participants+=regeringen", "--commit", cwd=repo).exit_code == 0
    assert invoke("set", "INI-001", "horizon=long", cwd=repo).exit_code == 0  # not committed: not in the diff
    result = invoke("diff", "v2019-03", "HEAD", "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["diff"] == {
        "old": "v2019-03", "new": "HEAD", "added": [], "removed": [], "renamed": [],
        "changed": [{"kind": "initiative", "id": "INI-002", "label": "Stöd för digital kompetens",
                     "path": "plan/initiatives/INI-002.yaml", "fields": [
                         {"field": "participants", "old": ["skolverket"], "new": ["skolverket", "regeringen"],
                          "added": ["regeringen"], "removed": [],
                          "labels": {"skolverket": "Skolverket", "regeringen": "Regeringen"}},
                         {"field": "status", "old": "ongoing", "new": "completed"}]}],
    }


def test_diff_defaults_to_head_against_the_work_tree(repo: Path) -> None:
    assert invoke("set", "INI-001", "owner=skr", cwd=repo).exit_code == 0
    result = run_planctl("diff", cwd=repo, env=env())
    assert result.exit_code == 0
    assert result.stdout == ('Changed:\n  initiative INI-001 "Skolverket samordnar statens arbete"\n'
                             '    owner: skolverket "Skolverket" → skr "Sveriges Kommuner och Regioner"\n\n'
                             "1 changed between HEAD and the work tree.\n")


def test_diff_markdown_and_no_changes(repo: Path) -> None:
    assert invoke("diff", cwd=repo).stdout == "No changes to the plan between HEAD and the work tree.\n"
    assert invoke("rm", "INI-001", cwd=repo).exit_code == 0
    assert invoke("diff", "-f", "markdown", cwd=repo).stdout == (
        "## Changes to the plan (HEAD → the work tree)\n\n### Removed\n\n"
        "- **INI-001** (initiative) — Skolverket samordnar statens arbete\n")


def test_diff_errors(repo: Path, tmp_path: Path) -> None:
    from conftest import SMALL_PLAN, write_plan

    plain = write_plan(tmp_path / "not-git", SMALL_PLAN)
    assert invoke("diff", "nosuchrev", cwd=repo).stderr == "planctl: error: unknown revision 'nosuchrev'\n"
    assert invoke("diff", "-f", "yaml", cwd=repo).exit_code == 2
    assert "is not in a git repository" in invoke("diff", cwd=plain).stderr


def test_log_reads_trailers_and_falls_back_to_files(repo: Path) -> None:
    assert invoke("set", "INI-001", "status=completed", "--commit", cwd=repo).exit_code == 0
    assert invoke("mv", "INI-002", "INI-010", "--commit", cwd=repo).exit_code == 0
    result = invoke("log", "--format", "json", cwd=repo)
    assert result.exit_code == 0
    entries = json.loads(result.stdout)["commits"]
    assert [(e["subject"], e["added"], e["changed"], e["removed"], e["source"]) for e in entries[:2]] == [
        ("refactor(initiatives): rename INI-002 to INI-010", ["INI-010"], [], ["INI-002"], "trailers"),
        ("chore(initiatives): set INI-001 status to completed", [], ["INI-001"], [], "trailers"),
    ]
    first = entries[2]
    assert (first["subject"], first["changed"], first["removed"], first["source"]) == ("initial plan", [], [], "files")
    assert sorted(first["added"]) == ["FO1", "FO1.1", "FO1.2", "FO2", "FO2.1", "INI-001", "INI-002",
                                      "regeringen", "skolverket", "skr"]


def test_log_for_one_entity_in_text(repo: Path) -> None:
    assert invoke("set", "INI-001", "status=completed", "--commit", cwd=repo).exit_code == 0
    assert invoke("set", "INI-002", "status=completed", "--commit", cwd=repo).exit_code == 0
    result = run_planctl("log", "INI-001", cwd=repo, env=env())
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].endswith("  Curator Test  chore(initiatives): set INI-001 status to completed")
    assert lines[1] == "    changed INI-001"
    assert lines[2].endswith("  Curator Test  initial plan")
    assert lines[3].startswith("    added ") and lines[3].endswith("  (from the files; no planctl trailers)")


def test_log_follow_of_an_id_goes_back_through_its_renames(repo: Path) -> None:
    assert invoke("set", "INI-002", "horizon=long", "--commit", cwd=repo).exit_code == 0
    assert invoke("set", "INI-001", "horizon=long", "--commit", cwd=repo).exit_code == 0
    assert invoke("mv", "INI-002", "INI-010", "--commit", cwd=repo).exit_code == 0
    assert git(repo, "log", "-1", "--format=%(trailers:key=Plan-Renamed,valueonly)") == "INI-002 -> INI-010\n\n"
    assert invoke("mv", "INI-010", "INI-011", "--commit", cwd=repo).exit_code == 0
    assert invoke("set", "INI-011", "status=completed", "--commit", cwd=repo).exit_code == 0
    entries = json.loads(invoke("log", "--follow", "INI-011", "-f", "json", cwd=repo).stdout)["commits"]
    assert [e["subject"] for e in entries] == [
        "chore(initiatives): set INI-011 status to completed", "refactor(initiatives): rename INI-010 to INI-011",
        "refactor(initiatives): rename INI-002 to INI-010", "chore(initiatives): set INI-002 horizon to long",
        "initial plan"]
    assert entries[1]["renamed"] == [{"old": "INI-010", "new": "INI-011"}]
    result = run_planctl("log", "INI-011", "--follow", cwd=repo, env=env())
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3] == "    added INI-011; removed INI-010; renamed INI-010 -> INI-011"
    # The old id's own log ends where it was renamed away; the other initiative's is untouched.
    assert [e["subject"] for e in json.loads(invoke("log", "INI-002", "-f", "json", cwd=repo).stdout)["commits"]] == [
        "refactor(initiatives): rename INI-002 to INI-010", "chore(initiatives): set INI-002 horizon to long",
        "initial plan"]
    assert len(json.loads(invoke("log", "INI-001", "-f", "json", cwd=repo).stdout)["commits"]) == 2


def test_log_since_and_empty_history(repo: Path, tmp_path: Path) -> None:
    path = repo / "plan/initiatives/INI-001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "horizon: long\n", encoding="utf-8")
    old = {"GIT_COMMITTER_DATE": "2019-11-20T12:00:00+01:00", "GIT_AUTHOR_DATE": "2019-11-20T12:00:00+01:00"}
    git(repo, "commit", "-q", "-am", "lägesbeskrivning", extra_env=old)
    assert invoke("set", "INI-002", "status=completed", "--commit", cwd=repo).exit_code == 0
    since = invoke("log", "--since", "2020-01-01", "-f", "json", cwd=repo)
    subjects = [e["subject"] for e in json.loads(since.stdout)["commits"]]
    assert "lägesbeskrivning" not in subjects and subjects[0] == "chore(initiatives): set INI-002 status to completed"
    assert "lägesbeskrivning" in invoke("log", cwd=repo).stdout
    assert invoke("log", "INI-999", cwd=repo).stdout == "No commits about INI-999.\n"
    fresh = plan_git_repo(tmp_path / "fresh", commit=False)
    assert invoke("log", cwd=fresh).stdout == "No commits touch the plan yet.\n"


def test_check_against_flags_ids_added_on_both_branches(repo: Path) -> None:
    add = ("add", "initiative", "--title", "{}", "--goal", "FO1.1", "--owner", "skr", "--status", "proposed",
           "--description", "En insats som beskrivs med tillräckligt många ord för lint.")
    git(repo, "checkout", "-q", "-b", "theirs")
    assert invoke(*[a.format("Deras insats") for a in add], "--commit", cwd=repo).exit_code == 0
    # A second curator's clone that has never fetched 'theirs' hands out the same id.
    git(repo, "checkout", "-q", "-b", "ours", "v2019-03")
    ours = repo.parent / "ours"
    git(repo.parent, "clone", "-q", "--single-branch", "--branch", "ours", str(repo), str(ours))
    git(ours, "config", "user.name", "Other Curator")
    git(ours, "config", "user.email", "other@example.org")
    assert invoke(*[a.format("Vår insats") for a in add], "--commit", cwd=ours).stdout.startswith("added INI-003 ")
    git(ours, "fetch", "-q", "origin", "theirs:theirs")
    result = invoke("check", "--against", "theirs", "--select", "G", cwd=ours)
    assert result.exit_code == 1
    assert "G001" in result.stdout
    assert "the initiative id 'INI-003' is new on this branch but theirs has it too (\"Deras insats\")" in result.stdout
    assert "planctl mv INI-003 NEW_ID" in result.stdout
    # Against the common base there is nothing to report; after `mv`, nothing either.
    assert invoke("check", "--against", "v2019-03", "--select", "G", cwd=ours).exit_code == 0
    assert invoke("mv", "INI-003", "INI-004", "--commit", cwd=ours).exit_code == 0
    assert invoke("check", "--against", "theirs", "--select", "G", cwd=ours).exit_code == 0


def test_check_against_ignores_the_same_entity_merged_both_ways(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "theirs")
    assert invoke("add", "owner", "--id", "inera", "--name", "Inera", "--kind", "company", "--commit",
                  cwd=repo).exit_code == 0
    git(repo, "checkout", "-q", "-b", "ours", "v2019-03")
    git(repo, "cherry-pick", "theirs")
    assert invoke("check", "--against", "theirs", "--select", "G", cwd=repo).exit_code == 0


def test_g001_is_listed_by_rules(repo: Path) -> None:
    assert "G001" in invoke("rules", cwd=repo).stdout
