"""Long output goes through a pager on a terminal, as git does; in a pipe it never does.

Each test runs the installed planctl with its stdout on a real pseudo-terminal and a fake pager
(a script that records what it was given, and the LESS it saw), or none.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import PLANCTL, run_planctl, write_plan
from gitplan import env as git_env, plan_git_repo

FAKE_PAGER = """\
import os, signal, sys
record = os.environ["PAGER_RECORD"]
mode = sys.argv[1] if len(sys.argv) > 1 else "read"
if mode == "quit":  # the user reads the first screen and presses q
    sys.stdin.buffer.read(10)
    open(record, "wb").write(b"quit")
    sys.exit(0)
data = sys.stdin.buffer.read()
with open(record, "wb") as f:
    f.write(data)
with open(record + ".env", "w") as f:
    f.write(os.environ.get("LESS", "(unset)") + "\\n" + os.environ.get("LV", "(unset)") + "\\n")
if mode == "interrupt":  # Ctrl-C while the pager shows the text: the terminal signals the whole group
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as less does
    os.killpg(os.getpgrp(), signal.SIGINT)
"""


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager command (run without a shell: no metacharacters) and the file it records into."""
    script = tmp_path / "fake_pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    return f"{sys.executable} {script}", tmp_path / "paged.out"


def in_terminal(args: list[str], cwd: Path, environ: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run planctl with stdout and stderr on a pseudo-terminal 200 columns wide; its exit code and
    what the terminal showed (newlines as written, not CRLF)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    full = {k: v for k, v in os.environ.items() if k not in ("PAGER", "PLANCTL_PAGER", "LESS", "LV")}
    full.update(environ)
    proc = subprocess.Popen([str(PLANCTL), *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                            env=full, close_fds=True, start_new_session=True)
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every writer has closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=10)
    finally:
        proc.kill()
        os.close(master)
    return code, shown.decode("utf-8", "replace").replace("\r\n", "\n")


def plain(text: str) -> str:
    """Without colour (a terminal gets it)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def piped(args: list[str], cwd: Path) -> str:
    result = run_planctl("--no-pager", *args, cwd=cwd)
    assert result.exit_code == 0, result
    return result.stdout


@pytest.mark.parametrize("args", [["list"], ["show", "INI-001"], ["rules"], ["rules", "T003"]])
def test_long_output_on_a_terminal_goes_to_planctl_pager(plan_repo: Path, pager: tuple[str, Path],
                                                         args: list[str]) -> None:
    command, record = pager
    code, shown = in_terminal(args, plan_repo, {"PLANCTL_PAGER": command, "PAGER_RECORD": str(record),
                                                "PAGER": "false"})
    assert code == 0, shown
    paged = record.read_bytes().decode("utf-8")
    assert paged.strip() and shown == ""  # everything went to the pager, nothing past it
    assert plain(paged).splitlines()[0].split() == piped(args, plan_repo).splitlines()[0].split()
    assert record.with_suffix(".out.env").read_text() == "FRX\n-c\n"  # git's LESS and LV


def test_log_and_diff_are_paged(tmp_path: Path, pager: tuple[str, Path]) -> None:
    command, record = pager
    root = plan_git_repo(tmp_path)
    (root / "plan/initiatives/INI-002.yaml").write_text(
        (root / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8").replace("horizon: medium",
                                                                                     "horizon: long"),
        encoding="utf-8")
    for args, expected in ((["log"], "initial plan"), (["diff"], "INI-002")):
        code, shown = in_terminal(args, root, {"PAGER": command, "PAGER_RECORD": str(record), **git_env()})
        assert code == 0 and shown == "", shown
        assert expected in record.read_text(encoding="utf-8")
        record.unlink()


def test_the_pager_gets_colour_and_the_terminal_s_width(plan_repo: Path, pager: tuple[str, Path]) -> None:
    """planctl writes as for the terminal the pager shows: a table sized to it, colour on (less -R)."""
    command, record = pager
    write_plan(plan_repo, {"plan/initiatives/INI-003.yaml": "id: INI-003\ntitle: " + "Lång rubrik " * 30 + "\n"
                           "goals: [FO1.1]\nowner: skr\nstatus: proposed\n"})
    code, _ = in_terminal(["list"], plan_repo, {"PLANCTL_PAGER": command, "PAGER_RECORD": str(record)})
    assert code == 0
    paged = record.read_text(encoding="utf-8")
    assert "\x1b[1m" in paged  # bold headers
    assert max(len(line) for line in paged.replace("\x1b[1m", "").replace("\x1b[0m", "").splitlines()) <= 200


def test_less_settings_of_the_user_are_kept(plan_repo: Path, pager: tuple[str, Path]) -> None:
    command, record = pager
    in_terminal(["rules"], plan_repo, {"PLANCTL_PAGER": command, "PAGER_RECORD": str(record), "LESS": "-i"})
    assert record.with_suffix(".out.env").read_text() == "-i\n-c\n"


@pytest.mark.parametrize("how", [["--no-pager", "list"], ["list", "--no-pager"]])
def test_no_pager_prints_to_the_terminal(plan_repo: Path, pager: tuple[str, Path], how: list[str]) -> None:
    command, record = pager
    code, shown = in_terminal(how, plan_repo, {"PLANCTL_PAGER": command, "PAGER_RECORD": str(record)})
    assert code == 0 and not record.exists()
    assert plain(shown).splitlines()[0].split() == ["id", "status", "owner", "goals", "title"]
    assert shown.endswith("2 initiatives\n")


@pytest.mark.parametrize("environ", [{"PAGER": "cat"}, {"PAGER": ""}, {"PLANCTL_PAGER": "", "PAGER": "PAGER_IS"},
                                     {"PLANCTL_PAGER": "cat", "PAGER": "PAGER_IS"}])
def test_cat_or_an_empty_pager_means_none(plan_repo: Path, pager: tuple[str, Path], environ: dict[str, str]) -> None:
    command, record = pager
    environ = {k: (command if v == "PAGER_IS" else v) for k, v in environ.items()}
    code, shown = in_terminal(["list"], plan_repo, {**environ, "PAGER_RECORD": str(record)})
    assert code == 0 and not record.exists()
    assert shown.endswith("2 initiatives\n")


@pytest.mark.parametrize("missing", ["/nonexistent/pager", "no-such-pager-program -R",
                                     "no-such-pager-program 'quoted'"])
def test_a_missing_pager_falls_back_to_plain_output(plan_repo: Path, missing: str) -> None:
    """Exec'd directly (no metacharacters) or by the shell (a quote): either way, the text is shown."""
    code, shown = in_terminal(["list"], plan_repo, {"PAGER": missing})
    assert code == 0
    assert shown.endswith("2 initiatives\n") and "INI-001" in shown
    assert "Traceback" not in shown


def test_ctrl_c_in_the_pager_is_the_pager_s(plan_repo: Path, pager: tuple[str, Path]) -> None:
    command, record = pager
    code, shown = in_terminal(["rules"], plan_repo, {"PLANCTL_PAGER": f"{command} interrupt",
                                                     "PAGER_RECORD": str(record)})
    assert "F001" in record.read_text(encoding="utf-8")
    assert (code, shown) == (0, "")  # no traceback, no "interrupted": planctl waited for the pager


def test_quitting_the_pager_early_is_not_an_error(plan_repo: Path, pager: tuple[str, Path]) -> None:
    """More than a pipe holds (64 KiB): planctl is still writing when the pager goes away."""
    command, record = pager
    write_plan(plan_repo, {"plan/initiatives/INI-003.yaml": "id: INI-003\ntitle: Lång\ndescription: "
                           + "ord " * 60_000 + "\ngoals: [FO1.1]\nowner: skr\nstatus: proposed\n"})
    code, shown = in_terminal(["show", "INI-003"], plan_repo, {"PLANCTL_PAGER": f"{command} quit",
                                                               "PAGER_RECORD": str(record)})
    assert record.read_bytes() == b"quit"
    assert (code, shown) == (0, "")


def test_never_paged_into_a_pipe(plan_repo: Path, pager: tuple[str, Path]) -> None:
    command, record = pager
    result = run_planctl("list", cwd=plan_repo, env={"PLANCTL_PAGER": command, "PAGER_RECORD": str(record)})
    assert result.exit_code == 0 and result.stdout.endswith("2 initiatives\n")
    assert not record.exists()


def test_a_command_that_is_not_paged_writes_to_the_terminal(plan_repo: Path, pager: tuple[str, Path]) -> None:
    command, record = pager
    code, shown = in_terminal(["summary"], plan_repo, {"PLANCTL_PAGER": command, "PAGER_RECORD": str(record)})
    assert code == 0 and "Testplan" in shown and not record.exists()


def test_the_exit_code_of_a_paged_command_is_kept(plan_repo: Path, pager: tuple[str, Path]) -> None:
    """`list` exits 1 when a file of the kind cannot be read: paged or not."""
    command, record = pager
    (plan_repo / "plan/initiatives/INI-009.yaml").write_text("id: [\n", encoding="utf-8")
    code, shown = in_terminal(["list"], plan_repo, {"PLANCTL_PAGER": command, "PAGER_RECORD": str(record)})
    assert code == 1
    assert "INI-001" in record.read_text(encoding="utf-8")
    assert shown.startswith("planctl: error: 1 initiative file could not be read")


def test_pager_precedence() -> None:
    from planctl.cli._pager import DEFAULT, pager_command

    assert pager_command({}) == DEFAULT == "less -FRX"
    assert pager_command({"PAGER": "most"}) == "most"
    assert pager_command({"PAGER": "most", "PLANCTL_PAGER": "less -S"}) == "less -S"
    assert pager_command({"PAGER": "most", "PLANCTL_PAGER": ""}) is None  # set but empty: off, as GIT_PAGER
    assert pager_command({"PAGER": " cat "}) is None
