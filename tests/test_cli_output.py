"""Where output goes and what a user's mistake looks like: `-o -` is stdout on every command,
one CSV dialect whatever the destination, and a wrong file type, a bad date or an unwritable
`-o` path is a one-line usage error (exit 2) naming what the user gave."""

from __future__ import annotations

import os
import pty
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PLANCTL, Result, invoke, run_planctl
from gitplan import env, isolate, plan_git_repo

BOM = b"\xef\xbb\xbf"
Runner = Callable[..., Result]

STDOUT_COMMANDS = [
    ["export", "csv"], ["export", "json"], ["export", "markdown"], ["check"], ["validate"], ["report"],
]


def _one_error_line(stderr: str) -> str:
    assert stderr.startswith("planctl: error: ") and stderr.count("\n") == 1, stderr
    return stderr.removeprefix("planctl: error: ").rstrip("\n")


@pytest.mark.parametrize("command", STDOUT_COMMANDS, ids=" ".join)
def test_dash_is_stdout_and_the_same_text_as_a_file(plan_repo: Path, command: list[str]) -> None:
    to_file = invoke(*command, "-o", "out.txt", cwd=plan_repo)
    assert to_file.exit_code == 0, to_file.stderr
    dashed = invoke(*command, "-o", "-", cwd=plan_repo)
    assert dashed.exit_code == 0, dashed.stderr
    assert not (plan_repo / "-").exists()
    assert dashed.stdout.encode("utf-8") == (plan_repo / "out.txt").read_bytes() != b""
    assert invoke(*command, cwd=plan_repo).stdout == dashed.stdout


def test_a_file_named_dash_is_still_reachable_by_its_full_path(plan_repo: Path) -> None:
    result = invoke("export", "json", "-o", str(plan_repo / "-"), cwd=plan_repo)
    assert result.exit_code == 0 and result.stdout == ""
    assert (plan_repo / "-").read_text(encoding="utf-8").startswith("{")


def test_installed_csv_to_stdout_starts_with_the_bom(plan_repo: Path) -> None:
    piped = subprocess.run(f"'{PLANCTL}' export csv -o - | head -c 3", shell=True, cwd=plan_repo,
                           capture_output=True, check=True)
    assert piped.stdout == BOM
    assert not (plan_repo / "-").exists()


def test_installed_csv_is_the_excel_dialect_to_a_file_a_dash_and_a_redirect(plan_repo: Path) -> None:
    assert run_planctl("export", "csv", "-o", "plan.csv", cwd=plan_repo).exit_code == 0
    as_file = (plan_repo / "plan.csv").read_bytes()
    assert as_file.startswith(BOM + b"Id;Rubrik;Status;") and as_file.endswith(b"\r\n")
    for args in (["-o", "-"], []):
        proc = subprocess.run([str(PLANCTL), "export", "csv", *args], cwd=plan_repo, capture_output=True)
        assert proc.returncode == 0 and proc.stdout == as_file, args
    other = subprocess.run([str(PLANCTL), "export", "csv", "--dialect", "rfc4180"], cwd=plan_repo,
                           capture_output=True)
    assert other.stdout.startswith(b"Id,Rubrik,Status,")


def test_installed_xlsx_to_stdout_is_the_same_workbook_as_to_a_file(plan_repo: Path) -> None:
    assert run_planctl("export", "xlsx", "-o", "plan.xlsx", cwd=plan_repo).exit_code == 0
    proc = subprocess.run([str(PLANCTL), "export", "xlsx", "-o", "-"], cwd=plan_repo, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout[:4] == b"PK\x03\x04" and proc.stdout == (plan_repo / "plan.xlsx").read_bytes()
    assert not (plan_repo / "-").exists()


def test_installed_xlsx_is_not_written_to_a_terminal(plan_repo: Path) -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([str(PLANCTL), "export", "xlsx", "-o", "-"], cwd=plan_repo, stdout=follower,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert "not written to a terminal" in _one_error_line(proc.stderr)


@pytest.mark.parametrize("run", [invoke, run_planctl], ids=["in-process", "installed"])
def test_html_to_stdout_is_a_usage_error(plan_repo: Path, run: Runner) -> None:
    result = run("export", "html", "-o", "-", cwd=plan_repo)
    assert result.exit_code == 2
    assert _one_error_line(result.stderr).startswith("-o -: a website is a folder")
    assert not (plan_repo / "-").exists()


@pytest.mark.parametrize("run", [invoke, run_planctl], ids=["in-process", "installed"])
@pytest.mark.parametrize("command", [["check"], ["validate"], ["report"], ["export", "csv"], ["export", "xlsx"]],
                         ids=" ".join)
def test_an_unwritable_output_names_the_users_path(plan_repo: Path, run: Runner, command: list[str]) -> None:
    before = (plan_repo / "planctl.toml").read_bytes()
    for target, reason in ((str(plan_repo / "planctl.toml" / "x.txt"), "a part of the path is a file, not a folder"),
                           ("planctl.toml/x.txt", "a part of the path is a file, not a folder"),
                           ("plan", "it is a folder")):
        result = run(*command, "-o", target, cwd=plan_repo)
        assert result.exit_code == 2, target
        assert _one_error_line(result.stderr) == f"{target}: cannot write: {reason}"
    assert (plan_repo / "planctl.toml").read_bytes() == before
    assert not list(plan_repo.rglob("*.tmp"))


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_check_to_proc_is_a_user_error_not_an_internal_one(plan_repo: Path) -> None:
    result = run_planctl("check", "-o", "/proc/x.txt", cwd=plan_repo)
    assert result.exit_code == 2
    line = _one_error_line(result.stderr)
    assert line.startswith("/proc/x.txt: cannot write: ") and ".tmp" not in line and "internal" not in line


@pytest.mark.parametrize("run", [invoke, run_planctl], ids=["in-process", "installed"])
def test_import_names_the_command_for_the_other_sheet_type(plan_repo: Path, run: Runner) -> None:
    assert invoke("export", "xlsx", "-o", "plan.xlsx", cwd=plan_repo).exit_code == 0
    assert invoke("export", "csv", "-o", "plan.csv", cwd=plan_repo).exit_code == 0
    before = {p: p.read_bytes() for p in (plan_repo / "plan").rglob("*.yaml")}
    as_csv = run("import", "csv", "plan.xlsx", cwd=plan_repo)
    assert as_csv.exit_code == 2
    assert _one_error_line(as_csv.stderr) == "plan.xlsx: this is an XLSX file; use `planctl import xlsx`"
    as_xlsx = run("import", "xlsx", "plan.csv", cwd=plan_repo)
    assert as_xlsx.exit_code == 2
    assert _one_error_line(as_xlsx.stderr) == "plan.csv: this is a CSV file; use `planctl import csv`"
    assert {p: p.read_bytes() for p in (plan_repo / "plan").rglob("*.yaml")} == before
    for fmt, name in (("csv", "plan.csv"), ("xlsx", "plan.xlsx")):  # the right command still reads them
        assert invoke("import", fmt, name, "--dry-run", cwd=plan_repo).exit_code == 0


def test_import_of_an_old_xls_says_what_to_save_it_as(plan_repo: Path) -> None:
    (plan_repo / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    for fmt in ("csv", "xlsx"):
        result = invoke("import", fmt, "old.xls", cwd=plan_repo)
        assert result.exit_code == 2
        assert _one_error_line(result.stderr).startswith("old.xls: this is an old Excel (.xls)")


@pytest.fixture
def git_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate(monkeypatch)
    return plan_git_repo(tmp_path)


@pytest.mark.parametrize(("since", "reason"), [
    ("bogus", "not a date git can read"),
    ("2020-13-45", "not a date (month must be in 1..12)"),
    ("2021-02-30", "not a date (day is out of range for month)"),
])
def test_log_since_a_bad_date_is_a_usage_error(git_plan: Path, since: str, reason: str) -> None:
    for result in (invoke("log", "--since", since, cwd=git_plan),
                   run_planctl("log", "--since", since, cwd=git_plan, env=env())):
        assert result.exit_code == 2 and result.stdout == ""
        assert _one_error_line(result.stderr).startswith(f"--since {since!r}: {reason}")


def test_log_since_reads_what_git_reads(git_plan: Path) -> None:
    for since in ("2000-01-01", "10 years ago", "never"):
        result = invoke("log", "--since", since, cwd=git_plan)
        assert result.exit_code == 0, (since, result.stderr)
        assert "No commits" not in result.stdout, since
    future = invoke("log", "--since", "2099-01-01", cwd=git_plan)
    assert future.exit_code == 0 and future.stdout == "No commits touch the plan since 2099-01-01.\n"
