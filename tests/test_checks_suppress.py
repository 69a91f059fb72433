"""Inline suppressions: on the line, the line above, the whole file; stale ones are reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import SMALL_PLAN, invoke, write_plan
from planctl.checks import run_checks
from planctl.config import load_config
from planctl.loader import load_plan

OWNER = "plan/owners/ensam.yaml"


def _found(root: Path, **kw: object) -> list[tuple[str, int]]:
    cfg = load_config(root)
    return [(d.code, d.line) for d in run_checks(load_plan(cfg), cfg, today=dt.date(2024, 5, 1), **kw)]


def _repo(tmp_path: Path, text: str) -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, OWNER: text})


def test_unsuppressed(tmp_path: Path) -> None:
    assert _found(_repo(tmp_path, "id: ensam\nname: Ensam\nkind: agency\n")) == [("C003", 1)]


def test_on_the_line(tmp_path: Path) -> None:
    assert (
        _found(_repo(tmp_path, "id: ensam  # planctl: ignore[C003] nämns i underlaget\nname: Ensam\nkind: agency\n"))
        == []
    )


def test_on_the_line_above(tmp_path: Path) -> None:
    assert (
        _found(_repo(tmp_path, "# planctl: ignore[C003] nämns i underlaget\nid: ensam\nname: Ensam\nkind: agency\n"))
        == []
    )


def test_two_lines_above_does_not_count(tmp_path: Path) -> None:
    text = "# planctl: ignore[C003] nämns i underlaget\n\nid: ensam\nname: Ensam\nkind: agency\n"
    assert _found(_repo(tmp_path, text)) == [("N001", 1), ("C003", 3)]


def test_ignore_file(tmp_path: Path) -> None:
    text = "id: ensam\nname: Ensam\nkind: agency\n# planctl: ignore-file[C003,T010] hela filen\nemail: nej\n"
    assert _found(_repo(tmp_path, text)) == []


def test_one_code_of_two_unused(tmp_path: Path) -> None:
    text = "# planctl: ignore[C003, T005] nämns i underlaget\nid: ensam\nname: Ensam\nkind: agency\n"
    cfg_root = _repo(tmp_path, text)
    assert _found(cfg_root) == [("N001", 1)]
    out = invoke("check", "-f", "concise", cwd=cfg_root).stdout
    assert out == ("plan/owners/ensam.yaml:1:1: N001 [warning] 'ignore[T005]' suppresses nothing: "
                   "there is no T005 on this line or the next\n")


def test_disabled_rule_makes_no_unused_report(tmp_path: Path) -> None:
    text = "# planctl: ignore[C003] nämns i underlaget\nid: ensam\nname: Ensam\nkind: agency\n"
    assert _found(_repo(tmp_path, text), ignore=["C003"]) == []


def test_unknown_code_and_missing_reason(tmp_path: Path) -> None:
    text = "# planctl: ignore[C03]\nid: ensam\nname: Ensam\nkind: agency\n"
    assert _found(_repo(tmp_path, text)) == [("N002", 1), ("N003", 1), ("C003", 2)]


def test_yaml_errors_cannot_be_suppressed(tmp_path: Path) -> None:
    text = "# planctl: ignore-file[Y002] nej\nid: ensam\nid: ensam\nname: Ensam\nkind: agency\n"
    assert _found(_repo(tmp_path, text)) == [("N001", 1), ("C003", 2), ("Y002", 3)]


def test_the_marker_inside_a_text_value_is_only_text(tmp_path: Path) -> None:
    text = "id: ensam\nname: 'planctl: ignore saknas'\nkind: agency\n"
    assert _found(_repo(tmp_path, text)) == [("C003", 1)]
