"""Suggestions that make sense: never the value given, never an id the field cannot hold,
never a number merely close to the one given. Each place that says "did you mean" is here."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan
from gitplan import env
from planctl import suggest

SUB_GOALS = ["FO1.1", "FO1.2", "FO2.1"]
GOALS = ["FO1", "FO2", *SUB_GOALS]


@pytest.mark.parametrize(("text", "ids", "hint"), [
    ("FO1.9", SUB_GOALS, "FO1's sub-goals are FO1.1 and FO1.2"),
    ("FO2.7", SUB_GOALS, "FO2's sub-goals are FO2.1"),
    ("FO9.9", SUB_GOALS, None),  # no such focus area: nothing resembles it
    ("FO9", ["FO1", "FO2"], None),
    ("FO1.2", ["FO1", "FO2"], "did you mean 'FO1'?"),  # a sub-goal where a focus area is wanted
    ("INI-009", ["INI-001", "INI-002"], None),  # INI-009 is no typo of INI-001
    ("ini-001", ["INI-001", "INI-002"], "did you mean 'INI-001'?"),
    ("INI-01", ["INI-001", "INI-002"], "did you mean 'INI-001'?"),  # malformed: a typo
    ("F01.1", SUB_GOALS, "did you mean 'FO1.1'?"),
    ("FOO1", SUB_GOALS, None),  # as close to each sub-goal: a guess; and never the focus area FO1
    ("FO1.11", SUB_GOALS, "FO1's sub-goals are FO1.1 and FO1.2"),
    ("skolverk", ["skolverket", "skr", "regeringen"], "did you mean 'skolverket'?"),
    ("skolverket", ["skolverket"], None),  # never the value given
    ("zzz", ["skolverket", "skr"], None),
])
def test_id_hint(text: str, ids: list[str], hint: str | None) -> None:
    assert suggest.id_hint(text, ids) == hint


def test_a_long_list_of_sub_goals_is_capped() -> None:
    ids = [f"FO1.{n}" for n in range(1, 12)]
    assert suggest.id_hint("FO1.99", ids) == "FO1's sub-goals are FO1.1, FO1.2, FO1.3, FO1.4, FO1.5 and 6 more"


def test_close_keeps_the_spelling_of_the_option_and_never_returns_the_text() -> None:
    assert suggest.close("Skoldigistöd", ["skoldigistod", "Annat"]) == "skoldigistod"
    assert suggest.close("SKOLVERKET", ["skolverket"]) == "skolverket"
    assert suggest.close("x", ["x"]) is None


def check_hint(root: Path, code: str = "X001") -> list[str]:
    from planctl.checks import run_checks
    from planctl.config import load_config
    from planctl.loader import load_plan

    cfg = load_config(root)
    return [f"{d.path}: {d.hint}" for d in run_checks(load_plan(cfg), cfg) if d.code == code]


def with_files(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, **files})


def test_x001_on_a_parent_suggests_neither_the_goal_itself_nor_a_random_focus_area(tmp_path: Path) -> None:
    root = with_files(tmp_path, {
        "plan/goals/FO9.9.yaml": "id: FO9.9\ntitle: X\nparent: FO9\n",   # was: did you mean 'FO9.9'?
        "plan/goals/FO1.4.yaml": "id: FO1.4\ntitle: Y\nparent: FO3\n",   # was: a focus area picked by difflib
    })
    assert check_hint(root) == ["plan/goals/FO1.4.yaml: no goal has this id",
                                "plan/goals/FO9.9.yaml: no goal has this id"]


def test_x001_on_goals_suggests_sub_goals_only(tmp_path: Path) -> None:
    root = with_files(tmp_path, {"plan/initiatives/INI-003.yaml": (
        "id: INI-003\ntitle: X\ngoals:\n  - FO1.9\n  - FO9.9\n  - FOO1\nowner: skr\nstatus: proposed\n")})
    assert check_hint(root) == ["plan/initiatives/INI-003.yaml: FO1's sub-goals are FO1.1 and FO1.2",
                                "plan/initiatives/INI-003.yaml: no goal has this id",
                                "plan/initiatives/INI-003.yaml: no goal has this id"]


def test_x001_on_an_owner_suggests_an_owner_but_never_the_owner_itself(tmp_path: Path) -> None:
    root = with_files(tmp_path, {
        "plan/owners/skolverket.yaml": "id: skolverket\nname: Skolverket\nkind: agency\nparent: skolverke\n",
        "plan/initiatives/INI-003.yaml": ("id: INI-003\ntitle: X\ngoals:\n  - FO1.1\nowner: skolverk\n"
                                          "status: proposed\n"),
    })
    assert check_hint(root) == ["plan/initiatives/INI-003.yaml: did you mean 'skolverket'?",
                                "plan/owners/skolverket.yaml: no owner has this id"]


def test_add_goal_under_the_wrong_parent_says_so_and_names_the_next_free_id(plan_repo: Path) -> None:
    result = run_planctl("add", "goal", "--id", "FO1.2", "--parent", "FO2", "--title", "X", cwd=plan_repo, env=env())
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("planctl: error: FO1.2 cannot be a sub-goal of FO2: a sub-goal's id starts with its "
                             "focus area's (FO1); the next free id under FO2 is FO2.2\n")
    result = invoke("add", "goal", "--id", "FO3", "--parent", "FO2", "--title", "X", cwd=plan_repo)
    assert (result.exit_code, result.stderr) == (2, "planctl: error: FO3 is a focus area's id and a focus area has "
                                                    "no parent; the next free sub-goal of FO2 is FO2.2\n")
    assert sorted(p.name for p in (plan_repo / "plan/goals").iterdir()) == [
        "FO1.1.yaml", "FO1.2.yaml", "FO1.yaml", "FO2.1.yaml", "FO2.yaml"]


def test_add_an_id_that_exists_names_the_next_free_one(plan_repo: Path) -> None:
    result = invoke("add", "goal", "--id", "FO1.2", "--title", "X", cwd=plan_repo)
    assert (result.exit_code, result.stderr) == (1, "planctl: error: FO1.2 exists already (plan/goals/FO1.2.yaml); "
                                                    "the next free id under FO1 is FO1.3\n")
    result = invoke("add", "goal", "--id", "FO2", "--title", "X", cwd=plan_repo)
    assert (result.exit_code, result.stderr) == (1, "planctl: error: FO2 exists already (plan/goals/FO2.yaml); "
                                                    "the next free focus area is FO3\n")
    result = invoke("add", "owner", "--id", "skr", "--name", "X", "--kind", "agency", cwd=plan_repo)
    assert (result.exit_code, result.stderr) == (1, "planctl: error: skr exists already (plan/owners/skr.yaml)\n")


@pytest.mark.parametrize(("args", "message"), [
    (("show", "FO1.9"), "no goal has the id 'FO1.9'; FO1's sub-goals are FO1.1 and FO1.2"),
    (("show", "INI-009"), "no initiative has the id 'INI-009'"),
    (("refs", "skolverk"), "nothing in the plan has the id 'skolverk'; did you mean 'skolverket'?"),
    (("list", "initiatives", "--where", "goal=FO9.9"), "--where goals=FO9.9: no goal has the id 'FO9.9'"),
    (("list", "initiatives", "--where", "goal=FO1.9"),
     "--where goals=FO1.9: no goal has the id 'FO1.9'; FO1's sub-goals are FO1.1 and FO1.2"),
    (("list", "initiatives", "--where", "id=INI-009"), "--where id=INI-009: no initiative has the id 'INI-009'"),
    (("list", "initiatives", "--where", "owner=Skolverk"),
     "--where owner=Skolverk: no owner has the id or name 'Skolverk'; did you mean 'skolverket'?"),
])
def test_views_and_filters_suggest_only_what_could_be_meant(plan_repo: Path, args: tuple[str, ...],
                                                            message: str) -> None:
    result = invoke(*args, cwd=plan_repo)
    assert (result.exit_code, result.stderr) == (2, f"planctl: error: {message}\n")


def test_an_unknown_field_is_not_taken_for_one_the_file_has_already(tmp_path: Path) -> None:
    root = with_files(tmp_path, {"plan/goals/FO1.1.yaml": (
        "id: FO1.1\ntitle: Elevernas digitala kompetens\nparent: FO1\ntitel: X\ndescriptio: Y\n")})
    hints = check_hint(root, "S004")
    assert hints == ["plan/goals/FO1.1.yaml: allowed fields: id, title, description, parent, indicators",
                     "plan/goals/FO1.1.yaml: did you mean 'description'?"]


def test_an_unknown_config_key_is_not_taken_for_one_the_table_has_already(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN,
                      config='[plan]\nname = "x"\n\n[edit]\nlock-timeout = 3\nlock_timeout = 3\n')
    result = invoke("check", cwd=root)
    assert result.exit_code == 2
    assert result.stderr == ("planctl: error: planctl.toml:6:1: unknown key 'lock_timeout' in [edit] "
                             "(known keys: lock-timeout)\n")
