"""`planctl milestone add|done|rm`: only the milestone's lines change, comments stay."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan

WITH_MILESTONES = """\
# Upphandlingsstödet
id: INI-001
title: Skolverket samordnar statens arbete
description: Skolverket får huvudansvaret för att samordna statens arbete med digitalisering.
goals:
  - FO1.2
owner: skolverket
status: ongoing
start: 2019-03-18
milestones:
  # enligt regleringsbrevet
  - title: Förstudie klar
    due: 2020-03-01  # datum från beslutet
  - title: Slutrapport
    due: 2022-06-30
tags:
  - upphandling
"""

PATH = "plan/initiatives/INI-001.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, PATH: WITH_MILESTONES})


def text(repo: Path) -> str:
    return (repo / PATH).read_text(encoding="utf-8")


def test_done_adds_one_line_and_undo_takes_it_away(repo: Path) -> None:
    result = invoke("milestone", "done", "INI-001", "Förstudie klar", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"marked a milestone of INI-001 done ({PATH})\n"
    assert text(repo) == WITH_MILESTONES.replace("    due: 2020-03-01  # datum från beslutet\n",
                                                 "    due: 2020-03-01  # datum från beslutet\n    done: true\n")
    assert invoke("milestone", "done", "INI-001", "1", cwd=repo).stdout == \
        "that milestone of INI-001 is done already\n"
    assert invoke("milestone", "done", "INI-001", "1", "--undo", cwd=repo).exit_code == 0
    assert text(repo) == WITH_MILESTONES


def test_add_then_rm_gives_back_the_same_bytes(repo: Path) -> None:
    assert invoke("milestone", "add", "INI-001", "Utvärdering", "--due", "2023-01-31", cwd=repo).exit_code == 0
    assert "  - title: Slutrapport\n    due: 2022-06-30\n  - title: Utvärdering\n    due: 2023-01-31\ntags:" \
        in text(repo)
    assert invoke("milestone", "rm", "INI-001", "3", cwd=repo).exit_code == 0
    assert text(repo) == WITH_MILESTONES


def test_the_first_milestone_creates_the_field_in_its_place(plan_repo: Path) -> None:
    path = plan_repo / PATH
    before = path.read_bytes()
    assert invoke("milestone", "add", "INI-001", "Förstudie klar", "--done", cwd=plan_repo).exit_code == 0
    assert path.read_text(encoding="utf-8").endswith(
        "start: 2019-03-18\nmilestones:\n  - title: Förstudie klar\n    done: true\n")
    assert invoke("milestone", "rm", "INI-001", "Förstudie klar", cwd=plan_repo).exit_code == 0
    assert path.read_bytes() == before  # the field went with its last milestone


@pytest.mark.parametrize("args, code, message", [
    (("done", "INI-001", "7"), 1, "INI-001 has 2 milestones; there is no number 7"),
    (("done", "INI-001", "Slutrapporten"), 1, "INI-001 has no milestone titled 'Slutrapporten' "
                                              "(its milestones: 1: Förstudie klar, 2: Slutrapport)"),
    (("rm", "INI-404", "1"), 1, "no initiative has the id 'INI-404'"),
    (("add", "skolverket", "X"), 1, "skolverket is an owner; only initiatives have milestones"),
    (("add", "INI-001", "X", "--due", "30/6"), 2, "due: '30/6' is not a date (YYYY-MM-DD)"),
    (("add", "INI-001", " "), 2, "a milestone needs a title"),
])
def test_a_wrong_argument_is_one_line_and_writes_nothing(repo: Path, args: tuple[str, ...], code: int,
                                                         message: str) -> None:
    """Exit 1 when the plan does not hold what was named, 2 when the argument itself is wrong."""
    result = invoke("milestone", *args, cwd=repo)
    assert result.exit_code == code
    assert result.stderr == f"planctl: error: {message}\n"
    assert text(repo) == WITH_MILESTONES


def test_two_milestones_with_one_title_are_named_by_number(repo: Path) -> None:
    assert invoke("milestone", "add", "INI-001", "Slutrapport", cwd=repo).exit_code == 0
    result = invoke("milestone", "done", "INI-001", "Slutrapport", cwd=repo)
    assert result.exit_code == 1
    assert "has 2 milestones titled 'Slutrapport'; name it by its number" in result.stderr
    assert invoke("milestone", "done", "INI-001", "3", cwd=repo).exit_code == 0


def test_set_points_to_the_milestone_command(repo: Path) -> None:
    result = invoke("set", "INI-001", "milestones=x", cwd=repo)
    assert result.exit_code == 2
    assert "planctl milestone add|done|rm" in result.stderr


def test_show_numbers_milestones_as_the_command_names_them(repo: Path) -> None:
    out = invoke("show", "INI-001", cwd=repo).stdout
    assert "  milestones:\n    1. Förstudie klar, due 2020-03-01\n    2. Slutrapport, due 2022-06-30\n" in out


def test_installed_milestone_done_commits_with_trailers(repo: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("-c", "user.name=A", "-c", "user.email=a@example.org", "add", "-A")
    git("-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-qm", "init")
    git("config", "user.name", "Curator")
    git("config", "user.email", "curator@example.org")
    result = run_planctl("milestone", "done", "INI-001", "2", "--commit", cwd=repo)
    assert result.exit_code == 0, result.stderr
    message = git("log", "-1", "--format=%B")
    assert message.startswith("chore(initiatives): update INI-001 (milestones)\n")
    assert "Plan-Changed: INI-001\n" in message
    assert git("status", "--porcelain") == ""
