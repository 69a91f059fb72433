"""`planctl validate` end to end: exit codes, formats, and the installed executable."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, invoke, run_planctl, write_plan

BAD = "id: INI-003\ntitle: 42\ngoals:\n  - FO1.1\nstatus: pågående\nfärg: röd\n"
REL = "plan/initiatives/INI-003.yaml"


def test_clean_plan_exits_0(plan_repo: Path) -> None:
    result = invoke("validate", cwd=plan_repo)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "All checks passed (10 files checked)."


def test_four_problems_in_one_run(plan_repo: Path) -> None:
    write_plan(plan_repo, {REL: BAD})
    result = invoke("validate", "--format", "json", cwd=plan_repo)
    assert result.exit_code == 1
    found = {(d["code"], d["path"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert found == {("S001", REL, 2, 8), ("S002", REL, 5, 9), ("S003", REL, 1, 1), ("S004", REL, 6, 1)}


def test_text_output_names_file_line_col(plan_repo: Path) -> None:
    write_plan(plan_repo, {REL: BAD})
    out = invoke("validate", cwd=plan_repo).stdout
    assert "status: 'pågående' is not one of: proposed, in-preparation" in out
    assert out.splitlines()[-1] == "Found 4 errors in 1 of 11 files."


def test_concise_format(plan_repo: Path) -> None:
    write_plan(plan_repo, {REL: BAD})
    lines = invoke("validate", "-f", "concise", cwd=plan_repo).stdout.splitlines()
    assert (
        f"{REL}:5:9: S002 [error] status: 'pågående' is not one of: "
        "proposed, in-preparation, decided, ongoing, completed, cancelled"
        in lines
    )


def test_github_is_default_in_actions(plan_repo: Path) -> None:
    write_plan(plan_repo, {REL: BAD})
    out = invoke("validate", cwd=plan_repo, env={"GITHUB_ACTIONS": "true"}).stdout
    assert out.startswith(f"::error file={REL},line=1,endLine=7,title=planctl S003::missing required field")
    assert f"{REL}:5:9: S002 [error] status: 'pågående'" in out  # the full list stays in the log too


def test_paths_limit_the_run(plan_repo: Path) -> None:
    write_plan(plan_repo, {REL: BAD})
    assert invoke("validate", "plan/owners", cwd=plan_repo).exit_code == 0
    assert invoke("validate", REL, cwd=plan_repo).exit_code == 1


def test_usage_errors_exit_2(plan_repo: Path, tmp_path: Path) -> None:
    assert invoke("validate", "nope.yaml", cwd=plan_repo).exit_code == 2
    assert invoke("validate", "--format", "xml", cwd=plan_repo).exit_code == 2
    outside = invoke("validate", str(tmp_path), cwd=plan_repo)
    assert outside.exit_code == 2 and "outside the plan" in outside.stderr


def test_no_config_exits_2_with_one_line(tmp_path: Path) -> None:
    result = invoke("validate", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "planctl.toml" in result.stderr


def test_bad_config_is_located(plan_repo: Path) -> None:
    (plan_repo / "planctl.toml").write_text("[plan\n")
    result = invoke("validate", cwd=plan_repo)
    assert result.exit_code == 2 and result.stderr.startswith("planctl: error: planctl.toml:1:6: invalid TOML")
    (plan_repo / "planctl.toml").write_text('[plan]\nlanguage = "fi"\n')
    assert "language must be one of sv, en" in invoke("validate", cwd=plan_repo).stderr


def test_root_option_and_subfolder_discovery(plan_repo: Path, tmp_path: Path) -> None:
    assert invoke("--root", str(plan_repo), "validate", cwd=tmp_path).exit_code == 0
    assert invoke("validate", cwd=plan_repo / "plan" / "goals").exit_code == 0


def test_output_file(plan_repo: Path) -> None:
    write_plan(plan_repo, {REL: BAD})
    result = invoke("validate", "-f", "json", "-o", "report.json", cwd=plan_repo)
    assert result.exit_code == 1 and result.stdout == ""
    assert len(json.loads((plan_repo / "report.json").read_text())["diagnostics"]) == 4


def test_installed_executable_end_to_end(plan_repo: Path) -> None:
    write_plan(plan_repo, {REL: BAD, "plan/goals/FO9.yaml": "id: FO9\n\ttitle: x\n"})
    result = run_planctl("validate", "--format", "json", cwd=plan_repo)
    assert result.exit_code == 1, result.stderr
    codes = sorted(d["code"] for d in json.loads(result.stdout)["diagnostics"])
    assert codes == ["S001", "S002", "S003", "S004", "Y003"]
    assert "Traceback" not in result.stderr


def test_installed_executable_colour_rules(plan_repo: Path) -> None:
    write_plan(plan_repo, {REL: BAD})
    assert "\x1b[" not in run_planctl("validate", cwd=plan_repo).stdout  # a pipe is not a terminal
    assert "\x1b[" in run_planctl("validate", cwd=plan_repo, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run_planctl("validate", cwd=plan_repo, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout


def test_python_dash_m(plan_repo: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "planctl", "validate"], cwd=plan_repo, capture_output=True, text=True)
    assert proc.returncode == 0 and "All checks passed" in proc.stdout


def test_bundled_plan_validates() -> None:
    result = run_planctl("validate", cwd=REPO)
    assert result.exit_code == 0, result.stdout


def test_help_lists_every_command_with_one_line() -> None:
    result = run_planctl("--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    commands = ["add", "check", "commit", "diff", "export", "import", "init", "lint", "list", "log", "milestone", "mv",
                "refs", "report", "rm", "rollup", "rules", "schema", "set", "show", "summary", "upstream", "validate"]
    panel, listed = "", []
    for line in result.stdout.splitlines():
        if line.startswith("╭─"):
            panel = line.strip("╭─╮ ")
        elif line.startswith("│") and panel != "Options":
            name = line.strip("│ ").split()[0]
            assert name in commands, f"{line!r}: a command's summary wraps onto a second line"
            listed.append(name)
    assert sorted(listed) == sorted(commands)


def test_internal_error_is_one_line_and_debug_shows_traceback(plan_repo: Path, monkeypatch) -> None:
    import planctl.loader

    def boom(*_a, **_k):
        raise RuntimeError("kaboom\nsecond line")

    monkeypatch.setattr(planctl.loader, "load_plan", boom)
    result = invoke("validate", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr == "planctl: internal error: RuntimeError: kaboom (run with --debug for the traceback)\n"
    try:
        invoke("--debug", "validate", cwd=plan_repo)
    except RuntimeError as exc:
        assert "kaboom" in str(exc)
    else:
        raise AssertionError("--debug should let the traceback through")
