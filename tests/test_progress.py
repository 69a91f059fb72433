"""A long parse shows a progress bar on a terminal, and nothing in pipes or CI logs."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from conftest import PLANCTL, write_plan


def big_plan(root: Path, n: int = 1100) -> Path:
    return write_plan(root, {f"plan/owners/a{i}.yaml": f"id: a{i}\nname: A {i}\nkind: agency\n" for i in range(n)})


def run_with_terminal_stderr(root: Path, env: dict[str, str]) -> tuple[int, str, str]:
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(PLANCTL), "validate", "--no-cache"], cwd=root, stdout=subprocess.PIPE,
                            stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read().decode() if proc.stdout else ""
    code = proc.wait()
    os.close(master)
    return code, out, b"".join(chunks).decode(errors="replace")


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    root = big_plan(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    code, out, err = run_with_terminal_stderr(root, env)
    assert code == 0 and "All checks passed (1100 files checked)." in out
    assert "parsing" in err and "1100/1100" in err
    assert "parsing" not in out  # the report itself stays clean


def test_no_progress_in_ci_or_pipes(tmp_path: Path) -> None:
    root = big_plan(tmp_path)
    env = {**{k: v for k, v in os.environ.items() if k != "CI"}, "CI": "true"}
    assert "parsing" not in run_with_terminal_stderr(root, env)[2]
    proc = subprocess.run([str(PLANCTL), "validate", "--no-cache"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""
