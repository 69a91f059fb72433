"""The README's exit-code table is the contract: this walks it, example by example.

The examples are read from the table itself, so the README and planctl cannot drift
apart: a row's code is asserted for each `planctl ...` example in it, every command
must appear in some example, and the 130 row is run in a real pseudo-terminal with a
real SIGINT at the prompt.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PLANCTL, REPO, SMALL_PLAN, invoke, run_planctl
from gitplan import env, plan_git_repo

# A plan with problems, for the "1" row: a schema error and a dangling reference.
BROKEN = {**SMALL_PLAN, "plan/initiatives/INI-003.yaml": """\
    id: INI-003
    title: Trasig insats
    description: En insats med ett okänt mål och en status som inte finns.
    goals:
      - FO9.9
    owner: skr
    status: started
    """}


def table() -> dict[int, list[str]]:
    """code -> the example command lines of its row, from README's `### Exit codes` table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n### Exit codes\n", 1)[1].split("\n#", 1)[0]
    rows: dict[int, list[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].isdigit():
            rows[int(cells[0])] = [ex for ex in re.findall(r"`([^`]+)`", cells[2]) if ex.startswith("planctl ")]
    return rows


ROWS = table()
CASES = [(code, example) for code in (0, 1, 2) for example in ROWS.get(code, [])]


def test_the_table_has_every_code_and_every_command() -> None:
    from planctl.cli import _command_modules

    assert sorted(ROWS) == [0, 1, 2, 130] and all(ROWS.values())
    named = set()
    for example in ROWS[0] + ROWS[1] + ROWS[2] + ROWS[130]:
        words = shlex.split(example)[1:]
        while words and words[0].startswith("-"):  # global options: --root DIR, --debug
            words = words[2:] if words[0] == "--root" else words[1:]
        named.add(words[0])
    commands = {m.rstrip("_") for m in _command_modules()}
    assert commands - named == set(), "commands without an example in README's exit-code table"


@pytest.mark.parametrize("code, example", CASES, ids=[f"{c}:{e}" for c, e in CASES])
def test_every_example_exits_with_its_row_code(tmp_path: Path, code: int, example: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from gitplan import isolate

    isolate(monkeypatch)
    root = plan_git_repo(tmp_path, BROKEN if code == 1 else None)
    args = shlex.split(example)[1:]
    result = invoke(*args, cwd=root)
    assert result.exit_code == code, (example, result)
    assert "Traceback" not in result.stderr and "╭" not in result.stderr and "Aborted" not in result.stderr
    if code == 2:  # a usage error is one line, plus at most git's hint where help is
        lines = result.stderr.splitlines()
        assert lines[0].startswith("planctl: error: ") and len(lines) <= 2, result.stderr
        assert lines[1:] in ([], [f"Try 'planctl {args[0]} --help' for help."]), result.stderr


@pytest.mark.parametrize("example", ROWS[2])
def test_the_installed_planctl_keeps_usage_errors_to_one_line(tmp_path: Path, example: str) -> None:
    root = plan_git_repo(tmp_path)
    result = run_planctl(*shlex.split(example)[1:], cwd=root, env=env())
    assert result.exit_code == 2
    assert result.stderr.startswith("planctl: error: ") and len(result.stderr.splitlines()) <= 2


def test_an_unknown_option_is_the_line_git_and_ruff_users_expect(tmp_path: Path) -> None:
    result = run_planctl("check", "--bogus", cwd=plan_git_repo(tmp_path), env=env())
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "planctl: error: no such option: --bogus\nTry 'planctl check --help' for help.\n"


def test_ctrl_c_at_a_prompt_exits_130_saying_interrupted(tmp_path: Path) -> None:
    (example,) = ROWS[130]
    root = plan_git_repo(tmp_path)
    before = sorted(p.name for p in (root / "plan/goals").iterdir())
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(PLANCTL), *shlex.split(example)[1:]], cwd=root, stdin=slave, stdout=slave,
                            stderr=subprocess.PIPE, env={**os.environ, **env()}, close_fds=True)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 30
    try:
        while not seen.rstrip().endswith(b":") and time.monotonic() < deadline:  # the prompt: "Title: "
            if select.select([master], [], [], 0.5)[0]:
                seen += os.read(master, 4096)
        assert seen.rstrip().endswith(b"Title:"), seen
        time.sleep(0.3)  # let it wait for the answer
        proc.send_signal(signal.SIGINT)  # what the terminal sends for Ctrl-C
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        os.close(master)
    assert proc.returncode == 130
    # only the rest of the prompt (Python's input() writes it to stderr) before planctl's line
    assert err.decode().lstrip(" \n") == "planctl: interrupted\n" and "Aborted" not in err.decode()
    assert sorted(p.name for p in (root / "plan/goals").iterdir()) == before
