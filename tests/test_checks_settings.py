"""[lint] in planctl.toml and --select/--ignore: selection, severities, per-file ignores, options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CONFIG, SMALL_PLAN, invoke, run_planctl, write_plan

# Two problems in one file: a full stop (T005, info) and an all-caps title (T006, warning) would
# clash, so the file has a long title ending in a full stop and a mojibake comment.
FILE = "plan/initiatives/INI-003.yaml"
TEXT = ("id: INI-003\ntitle: Stöd för upphandling av digitala lärresurser och tjänster i skolväsendet.\n"
        "description: Stöd till huvudmännen vid upphandling av digitala lärresurser.\n"
        "goals: [FO1.1]\nowner: skr\nstatus: ongoing\ncomment: fÃ¶r\n")


def _repo(tmp_path: Path, lint: str = "") -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, FILE: TEXT}, config=CONFIG + lint)


def _codes(root: Path, *args: str) -> list[tuple[str, str]]:
    result = invoke("check", "-f", "json", *args, cwd=root)
    assert result.exit_code in (0, 1), result.stderr
    return [(d["code"], d["severity"]) for d in json.loads(result.stdout)["diagnostics"]]


def test_defaults(tmp_path: Path) -> None:
    assert _codes(_repo(tmp_path)) == [("T005", "info"), ("T008", "error")]


def test_select_ignore_extend_select_in_the_file(tmp_path: Path) -> None:
    assert _codes(_repo(tmp_path, '[lint]\nselect = ["T008"]\n')) == [("T008", "error")]
    assert _codes(_repo(tmp_path, '[lint]\nignore = ["T"]\n')) == []
    assert _codes(_repo(tmp_path, '[lint]\nselect = ["X"]\nextend-select = ["mojibake"]\n')) == [("T008", "error")]


def test_option_changes_a_rule(tmp_path: Path) -> None:
    root = _repo(tmp_path, '[lint.options.T003]\nmax-length = 40\n')
    assert ("T003", "warning") in _codes(root)
    root = _repo(tmp_path, '[lint.options.title-too-long]\nmax-length = 100\n')
    assert ("T003", "warning") not in _codes(root)


def test_severity_per_rule(tmp_path: Path) -> None:
    root = _repo(tmp_path, '[lint.severity]\nT008 = "warning"\nT005 = "error"\n')
    assert _codes(root) == [("T005", "error"), ("T008", "warning")]


def test_per_file_ignores_by_glob(tmp_path: Path) -> None:
    root = _repo(tmp_path, '[lint.per-file-ignores]\n"plan/initiatives/*.yaml" = ["T005"]\n"plan/goals/*" = ["T008"]\n')
    assert _codes(root) == [("T008", "error")]


def test_command_line_wins(tmp_path: Path) -> None:
    root = _repo(tmp_path, '[lint]\nignore = ["T008"]\n')
    assert _codes(root, "--select", "T008") == [("T008", "error")]
    assert _codes(root, "--select", "T,X", "--ignore", "T005") == [("T008", "error")]
    assert _codes(root, "--ignore", "T005") == []


def test_file_and_yaml_errors_cannot_be_selected_away(tmp_path: Path) -> None:
    root = _repo(tmp_path, '[lint]\nselect = ["X"]\n')
    (root / "plan/owners/trasig.yaml").write_text("id: [\n", encoding="utf-8")
    assert [c for c, _ in _codes(root)] == ["Y001"]


# CONFIG is four lines, then a blank one: [lint...] is on line 6.
@pytest.mark.parametrize("lint, message", [
    ('[lint]\nselect = ["Q999"]\n',
     "planctl.toml:7:11: [lint] select: unknown code or rule 'Q999' (run 'planctl rules' for the list)"),
    ('[lint]\nfoo = 1\n', "planctl.toml:7:1: unknown key 'foo' in [lint] (known keys: select, extend-select, "
                          "ignore, severity, per-file-ignores, options)"),
    ('[lint.options.T003]\nmax-length = "80"\n',
     'planctl.toml:7:14: [lint.options.T003] max-length must be an integer, not "80"'),
    ('[lint.options.T003]\nwidth = 80\n',
     "planctl.toml:7:1: unknown key 'width' in [lint.options.T003] (known keys: max-length)"),
    ('[lint.severity]\nT003 = "loud"\n',
     'planctl.toml:7:8: [lint.severity] T003 must be one of error, warning, info, not "loud"'),
    ('[lint.severity]\nT3 = "info"\n',
     "planctl.toml:7:1: [lint.severity] T3: unknown code or rule 'T3' (run 'planctl rules' for the list)"),
])
def test_bad_config_exits_2_with_one_located_line(tmp_path: Path, lint: str, message: str) -> None:
    result = run_planctl("check", cwd=_repo(tmp_path, "\n" + lint))
    assert result.exit_code == 2
    assert result.stderr == f"planctl: error: {message}\n"


def test_unknown_code_on_command_line_exits_2(tmp_path: Path) -> None:
    result = invoke("check", "--select", "nonsense", cwd=_repo(tmp_path))
    assert result.exit_code == 2 and "unknown code or rule 'nonsense'" in result.stderr
