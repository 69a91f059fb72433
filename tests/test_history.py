"""Renames in `planctl diff`, `diff --exit-code` and `--stat`, and `log -n`, `--until`, `--follow`.

Real temporary git repositories (SMALL_PLAN committed once and tagged v2019-03), in-process and
through the installed `planctl`; every JSON diff is validated against schema/output-diff.schema.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import invoke, run_planctl
from gitplan import env, git, isolate, plan_git_repo
from planctl.schemas import schema_dir
from planctl.semdiff import RENAME_THRESHOLD, similarity


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = plan_git_repo(tmp_path)
    git(root, "tag", "v2019-03")
    return root


def _valid_diff(document: dict[str, Any]) -> dict[str, Any]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    def load(name: str) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
        return loaded

    registry = Registry().with_resources((f"{n}.schema.json", Resource.from_contents(load(n)))
                                         for n in ("output", "output-diff"))
    errors = [e.message for e in Draft202012Validator(load("output-diff"), registry=registry).iter_errors(document)]
    assert errors == []
    diff: dict[str, Any] = document["diff"]
    return diff


def diff_json(repo: Path, *args: str) -> dict[str, Any]:
    result = invoke("diff", *args, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result
    return _valid_diff(json.loads(result.stdout))


def test_mv_of_a_referenced_goal_is_one_rename_with_its_references_summarised(repo: Path) -> None:
    assert invoke("mv", "FO1.1", "FO1.9", "--commit", cwd=repo).exit_code == 0
    result = run_planctl("diff", "v2019-03", "HEAD", cwd=repo, env=env())
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        'Renamed:\n  goal       FO1.1 -> FO1.9 "Elevernas digitala kompetens"\n'
        "    references rewritten in 1 initiative: INI-002\n\n1 renamed between v2019-03 and HEAD.\n")
    document = diff_json(repo, "v2019-03", "HEAD")
    assert (document["added"], document["removed"], document["changed"]) == ([], [], [])
    assert document["renamed"] == [{
        "kind": "goal", "id": "FO1.9", "old_id": "FO1.1", "label": "Elevernas digitala kompetens",
        "path": "plan/goals/FO1.9.yaml", "old_path": "plan/goals/FO1.1.yaml", "source": "trailer",
        "similarity": None, "fields": [],
        "references": [{"kind": "initiative", "id": "INI-002", "path": "plan/initiatives/INI-002.yaml",
                        "fields": ["goals"]}]}]
    markdown = invoke("diff", "v2019-03", "HEAD", "-f", "markdown", cwd=repo).stdout
    assert "### Renamed\n\n- **FO1.1 → FO1.9** (goal) — Elevernas digitala kompetens\n" \
           "  - references rewritten in 1 initiative: INI-002\n" in markdown


def test_a_referrer_with_another_change_keeps_that_change_and_is_counted_in_the_rename(repo: Path) -> None:
    assert invoke("mv", "FO1.1", "FO1.9", "--commit", cwd=repo).exit_code == 0
    assert invoke("set", "INI-002", "status=completed", "--commit", cwd=repo).exit_code == 0
    document = diff_json(repo, "v2019-03", "HEAD")
    assert [(c["id"], [f["field"] for f in c["fields"]]) for c in document["changed"]] == [("INI-002", ["status"])]
    assert [r["id"] for r in document["renamed"][0]["references"]] == ["INI-002"]


def test_a_rename_by_hand_without_trailers_is_found_from_the_content(repo: Path) -> None:
    git(repo, "mv", "plan/initiatives/INI-002.yaml", "plan/initiatives/INI-007.yaml")
    path = repo / "plan/initiatives/INI-007.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: INI-002", "id: INI-007")
                    .replace("status: ongoing", "status: completed"), encoding="utf-8")
    # In the work tree first (no commit at all), then committed by plain git, without trailers.
    assert invoke("diff", cwd=repo).stdout.startswith(
        'Renamed:\n  initiative INI-002 -> INI-007 "Stöd för digital kompetens" (9')
    git(repo, "commit", "-q", "-am", "INI-002 heter nu INI-007")
    document = diff_json(repo, "v2019-03", "HEAD")
    (rename,) = document["renamed"]
    assert (rename["old_id"], rename["id"], rename["source"]) == ("INI-002", "INI-007", "content")
    assert RENAME_THRESHOLD <= rename["similarity"] < 1
    assert [(f["field"], f["old"], f["new"]) for f in rename["fields"]] == [("status", "ongoing", "completed")]
    text = invoke("diff", "v2019-03", "HEAD", cwd=repo).stdout
    assert re.search(r'^  initiative INI-002 -> INI-007 "Stöd för digital kompetens" \(9\d% alike\)\n'
                     r"    status: ongoing → completed\n", text, re.MULTILINE)
    # --no-renames: as before, a removal and an addition.
    plain = invoke("diff", "v2019-03", "HEAD", "--no-renames", "-f", "json", cwd=repo)
    assert [(c["id"]) for c in json.loads(plain.stdout)["diff"]["added"]] == ["INI-007"]


def test_an_unrelated_added_entity_is_not_paired_with_a_removed_one(repo: Path) -> None:
    """Same kind, same owner, status and goal: still two entities, not one renamed."""
    assert invoke("rm", "INI-002", cwd=repo).exit_code == 0
    assert invoke("add", "initiative", "--title", "Fortbildning i programmering för lärare", "--goal", "FO1.1",
                  "--owner", "skr", "--status", "ongoing", "--description",
                  "Lärare i grundskolan erbjuds kurser i programmering och datalogiskt tänkande.",
                  cwd=repo).exit_code == 0
    document = diff_json(repo)
    assert [c["id"] for c in document["removed"]] == ["INI-002"]
    assert [c["id"] for c in document["added"]] == ["INI-003"]
    assert document["renamed"] == []


def test_similarity_both_ways() -> None:
    ini = {"id": "INI-001", "title": "Stöd för digital kompetens", "status": "ongoing", "owner": "skr",
           "description": "Stöd till huvudmännen för att stärka elevernas digitala kompetens.", "goals": ["FO1.1"]}
    assert similarity(ini, {**ini, "id": "INI-009"}) == 1.0
    edited = {**ini, "id": "INI-009", "status": "completed", "end": "2022-12-31"}
    assert RENAME_THRESHOLD <= similarity(ini, edited) < 1.0
    other = {"id": "INI-002", "title": "Fortbildning i programmering", "status": "ongoing", "owner": "skr",
             "description": "Lärare erbjuds kurser i programmering och datalogiskt tänkande.", "goals": ["FO1.1"]}
    assert similarity(ini, other) < 0.5
    assert similarity({"id": "a"}, {"id": "b"}) == 1.0


def test_trailer_renames_chain_across_commits_and_read_backwards(repo: Path) -> None:
    assert invoke("mv", "INI-002", "INI-010", "--commit", cwd=repo).exit_code == 0
    assert invoke("set", "INI-010", "title=Ett helt annat namn", "description=Och en helt annan beskrivning "
                  "som inte liknar den förra alls, med andra ord.", "--commit", cwd=repo).exit_code == 0
    assert invoke("mv", "INI-010", "INI-011", "--commit", cwd=repo).exit_code == 0
    forward = diff_json(repo, "v2019-03", "HEAD")["renamed"]
    assert [(r["old_id"], r["id"], r["source"]) for r in forward] == [("INI-002", "INI-011", "trailer")]
    assert {f["field"] for f in forward[0]["fields"]} == {"title", "description"}
    backward = diff_json(repo, "HEAD", "v2019-03")["renamed"]
    assert [(r["old_id"], r["id"], r["source"]) for r in backward] == [("INI-011", "INI-002", "trailer")]
    # Without the trailers the content has changed too much to pair.
    unpaired = diff_json(repo, "v2019-03", "HEAD", "--no-renames")
    assert (unpaired["renamed"], [c["id"] for c in unpaired["added"]]) == ([], ["INI-011"])


def test_exit_code_and_stat(repo: Path) -> None:
    assert invoke("diff", "--exit-code", cwd=repo).exit_code == 0
    assert run_planctl("diff", "--exit-code", "v2019-03", "HEAD", cwd=repo, env=env()).exit_code == 0
    assert invoke("mv", "FO1.1", "FO1.9", "--commit", cwd=repo).exit_code == 0
    assert invoke("set", "INI-001", "status=ongoing", "horizon=long", cwd=repo).exit_code == 0
    assert invoke("add", "owner", "--id", "inera", "--name", "Inera", "--kind", "company", cwd=repo).exit_code == 0
    assert invoke("rm", "regeringen", "--reassign", "skr", cwd=repo).exit_code == 0
    result = run_planctl("diff", "v2019-03", "--exit-code", cwd=repo, env=env())
    assert result.exit_code == 1 and result.stdout.startswith("Added:\n")
    assert invoke("diff", "v2019-03", cwd=repo).exit_code == 0  # differences alone are no failure
    stat = run_planctl("diff", "v2019-03", "--stat", cwd=repo, env=env())
    assert stat.exit_code == 0
    assert stat.stdout == (
        " plan/goals/{FO1.1.yaml => FO1.9.yaml} | renamed, 1 reference rewritten\n"
        " plan/owners/inera.yaml                | added\n"
        " plan/owners/regeringen.yaml           | removed\n"
        " plan/initiatives/INI-001.yaml         | 3 fields\n"
        " 4 entities (1 goal, 2 owners and 1 initiative): 1 added, 1 removed, 1 renamed, 1 changed\n")
    assert invoke("diff", "--stat", "v2019-03", "v2019-03", cwd=repo).stdout == \
        "No changes to the plan between v2019-03 and v2019-03.\n"
    refused = invoke("diff", "--stat", "-f", "json", cwd=repo)
    assert refused.exit_code == 2 and refused.stderr.startswith("planctl: error: --stat is a text summary")


def test_the_empty_tree_is_a_revision_as_in_git(repo: Path) -> None:
    empty = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    document = diff_json(repo, empty, "HEAD")
    assert len(document["added"]) == 10 and document["removed"] == []
    assert invoke("diff", "--exit-code", empty, "HEAD", cwd=repo).exit_code == 1


def _subjects(repo: Path, *args: str) -> list[str]:
    result = invoke("log", *args, "-f", "json", cwd=repo)
    assert result.exit_code == 0, result
    return [c["subject"] for c in json.loads(result.stdout)["commits"]]


def _dated(year: int) -> dict[str, str]:
    stamp = f"{year}-06-01T12:00:00+02:00"
    return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """initial plan (2019), then four planctl commits (2020..2023), INI-002 renamed twice."""
    repo = plan_git_repo(tmp_path, commit=False)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial plan", extra_env=_dated(2019))
    steps = [("set", "INI-002", "horizon=long"), ("set", "INI-001", "horizon=long"), ("mv", "INI-002", "INI-010"),
             ("mv", "INI-010", "INI-011")]
    for year, step in zip(range(2020, 2024), steps, strict=True):
        result = run_planctl(*step, "--commit", cwd=repo, env={**env(), **_dated(year)})
        assert result.exit_code == 0, result
    return repo


def test_log_max_count(history: Path) -> None:
    everything = _subjects(history)
    assert len(everything) == 5
    assert _subjects(history, "-n", "2") == everything[:2]
    assert _subjects(history, "--max-count", "1") == everything[:1]
    assert _subjects(history, "-n", "0") == []
    assert _subjects(history, "INI-001", "-n", "1") == ["chore(initiatives): set INI-001 horizon to long"]
    assert invoke("log", "-n", "-1", cwd=history).exit_code == 2


def test_log_until_a_date_or_a_revision(history: Path) -> None:
    until_2021 = _subjects(history, "--until", "2021-12-31")
    assert until_2021 == ["chore(initiatives): set INI-001 horizon to long",
                          "chore(initiatives): set INI-002 horizon to long", "initial plan"]
    assert _subjects(history, "--until", "HEAD~2") == until_2021
    assert _subjects(history, "--since", "2021-01-01", "--until", "2022-12-31") == [
        "refactor(initiatives): rename INI-002 to INI-010", "chore(initiatives): set INI-001 horizon to long"]
    for bogus, said in (("2020-13-45", "not a date"), ("bogus", "neither a revision nor a date"),
                        ("2020-02-30", "not a date")):
        result = run_planctl("log", "--until", bogus, cwd=history, env=env())
        assert result.exit_code == 2, bogus
        assert result.stderr.startswith(f"planctl: error: --until '{bogus}': {said}"), result.stderr
        assert len(result.stderr.splitlines()) <= 2


def test_log_of_an_id_stops_at_its_rename_and_follow_goes_on(history: Path) -> None:
    assert _subjects(history, "INI-011") == ["refactor(initiatives): rename INI-010 to INI-011"]
    followed = ["refactor(initiatives): rename INI-010 to INI-011", "refactor(initiatives): rename INI-002 to INI-010",
                "chore(initiatives): set INI-002 horizon to long", "initial plan"]
    assert _subjects(history, "--follow", "INI-011") == followed
    assert _subjects(history, "INI-011", "--follow", "-n", "2") == followed[:2]
    text = run_planctl("log", "INI-011", cwd=history, env=env())
    assert text.stdout.splitlines()[-1] == "(INI-011 was INI-010 before this; 'planctl log --follow INI-011' goes on)"
    assert "--follow" not in run_planctl("log", "--follow", "INI-011", cwd=history, env=env()).stdout
    refused = invoke("log", "--follow", cwd=history)
    assert refused.exit_code == 2 and refused.stderr.startswith("planctl: error: --follow needs an ID")


@pytest.mark.parametrize("nested", [False, True], ids=["at the top", "in a subfolder"])
def test_log_and_diff_read_only_the_plan_wherever_it_sits(tmp_path: Path, nested: bool) -> None:
    """At the top of its repository log lists every commit's paths once and keeps the plan's; in a
    subfolder git limits the history to it. Either way a commit beside the plan is not listed."""
    from conftest import SMALL_PLAN, write_plan
    from gitplan import init_repo

    top = tmp_path / "repo"
    root = write_plan(top / "sub" if nested else top, SMALL_PLAN)
    init_repo(top)
    (top / "README.md").write_text("Planen\n", encoding="utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "initial plan")
    (top / "README.md").write_text("Planen, igen\n", encoding="utf-8")
    git(top, "commit", "-q", "-am", "docs: beside the plan")
    (root / "schema").mkdir()
    (root / "schema" / "x.json").write_text("{}\n", encoding="utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "the schema only")
    assert invoke("mv", "INI-002", "INI-010", "--commit", cwd=root).exit_code == 0
    assert _subjects(root) == ["refactor(initiatives): rename INI-002 to INI-010", "the schema only", "initial plan"]
    assert _subjects(root, "INI-010") == ["refactor(initiatives): rename INI-002 to INI-010"]
    assert _subjects(root, "-n", "2") == ["refactor(initiatives): rename INI-002 to INI-010", "the schema only"]
    initial = json.loads(invoke("log", "-f", "json", cwd=root).stdout)["commits"][-1]
    assert (initial["source"], sorted(initial["added"])[:2]) == ("files", ["FO1", "FO1.1"])
    (rename,) = diff_json(root, "HEAD~3", "HEAD")["renamed"]
    assert (rename["old_path"], rename["path"]) == ("plan/initiatives/INI-002.yaml", "plan/initiatives/INI-010.yaml")
