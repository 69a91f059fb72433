"""A broken file is named: a command that looks an id up says that the file that
should hold it cannot be read, with its first diagnostic and where; `list` says
how many files it could not read; summaries count files right."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan
from gitplan import env, git, init_repo, isolate

BROKEN = 'id: INI-002\ntitle: "Stöd för digital kompetens\ngoals: [FO1.1]\n'  # an unclosed quote
FIRST = ("plan/initiatives/INI-002.yaml:4:1: 'INI-002' cannot be read from its file: "
         "Y001 invalid YAML: found unexpected end of stream (while scanning a quoted scalar)")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, "plan/initiatives/INI-002.yaml": BROKEN})


@pytest.mark.parametrize("args", [
    ("show", "INI-002"),
    ("show", "INI-002", "-f", "json"),
    ("refs", "INI-002"),
    ("set", "INI-002", "horizon=long"),
    ("rm", "INI-002"),
    ("mv", "INI-002", "INI-099"),
    ("milestone", "add", "INI-002", "Första steget"),
])
def test_commands_that_look_an_id_up_name_the_broken_file(broken: Path, args: tuple[str, ...]) -> None:
    before = (broken / "plan/initiatives/INI-002.yaml").read_bytes()
    result = invoke(*args, cwd=broken)
    assert result.exit_code == 1, result.stderr
    assert result.stderr == f"planctl: error: {FIRST}\n"
    assert "did you mean" not in result.stderr
    assert (broken / "plan/initiatives/INI-002.yaml").read_bytes() == before


def test_show_through_the_installed_executable(broken: Path) -> None:
    result = run_planctl("show", "INI-002", cwd=broken)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"planctl: error: {FIRST}\n")


def test_a_file_that_is_not_a_file_is_named_too(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    target = root / "plan/initiatives/INI-002.yaml"
    target.unlink()
    os.mkfifo(target)
    result = invoke("show", "INI-002", cwd=root)
    assert result.exit_code == 1
    assert result.stderr == ("planctl: error: plan/initiatives/INI-002.yaml: 'INI-002' cannot be read from its "
                             "file: F004 not a regular file (a pipe, socket or device is never read)\n")


def test_an_id_with_no_file_still_gets_did_you_mean(broken: Path) -> None:
    result = invoke("show", "ini-001", cwd=broken)
    assert result.exit_code == 2
    assert (
        result.stderr == "planctl: error: nothing in the plan has the id 'ini-001'; did you mean 'INI-001'?\n"
    )


def test_list_says_how_many_files_it_could_not_read(broken: Path) -> None:
    result = invoke("list", cwd=broken)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "1 initiative"
    assert result.stderr == ("planctl: error: 1 initiative file could not be read and is not listed: "
                             "plan/initiatives/INI-002.yaml (run 'planctl check')\n")
    as_json = invoke("list", "-f", "json", cwd=broken)
    assert as_json.exit_code == 1 and [row["id"] for row in json.loads(as_json.stdout)["items"]] == ["INI-001"]
    goals = invoke("list", "goals", cwd=broken)  # other kinds are whole
    assert goals.exit_code == 0 and goals.stderr == ""


def test_list_counts_several(broken: Path) -> None:
    (broken / "plan/initiatives/INI-003.yaml").write_text("- a list\n", encoding="utf-8")
    result = invoke("list", cwd=broken)
    assert result.stderr == ("planctl: error: 2 initiative files could not be read and are not listed: "
                             "plan/initiatives/INI-002.yaml and 1 more (run 'planctl check')\n")


def test_commit_refusal_counts_the_files_it_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    init_repo(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial plan")
    (root / "plan/initiatives/INI-002.yaml").write_text(BROKEN, encoding="utf-8")
    result = run_planctl("commit", cwd=root, env=env())
    assert result.exit_code == 1
    assert f"Found 1 error in 1 of {len(SMALL_PLAN)} files." in result.stdout
    assert result.stderr == "planctl: error: not committed: the plan has errors (fix them, or pass --no-verify)\n"
