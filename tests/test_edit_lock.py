"""The edit lock is a kernel lock: it waits, times out with a clear line, dies with its
holder however it dies, and refuses a FIFO, device, folder or symlink planted under its name."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CONFIG, SMALL_PLAN, invoke, run_planctl, write_plan
from planctl.edit.lock import EditLock, LockRefused

ADD = ("add", "initiative", "--title", "Ny insats", "--goal", "FO1.1", "--owner", "skr", "--status", "proposed")
HOLD = """
import sys, time
from pathlib import Path
from planctl.edit.lock import EditLock
lock = EditLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
"""


def _hold(lock: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the lock for `seconds` (returns once it holds it)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(lock), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    return proc


def _plan(tmp_path: Path, timeout: float = 0.5) -> Path:
    return write_plan(tmp_path / "repo", SMALL_PLAN, config=CONFIG + f"[edit]\nlock-timeout = {timeout}\n")


def test_a_held_lock_times_out_with_a_clear_error(tmp_path: Path) -> None:
    root = _plan(tmp_path, 0.3)
    lock = root / ".planctl.lock"
    holder = _hold(lock, 30)
    try:
        started = time.monotonic()
        result = invoke(*ADD, cwd=root)
        assert result.exit_code == 2
        assert result.stderr == (f"planctl: error: another planctl is editing this plan (lock {lock} held for "
                                 "over 0.3 s); try again when it has finished\n")
        assert time.monotonic() - started < 5
        assert not (root / "plan/initiatives/INI-003.yaml").exists()
    finally:
        holder.kill()
        holder.wait()


def test_an_edit_waits_for_the_lock_and_then_runs(tmp_path: Path) -> None:
    root = _plan(tmp_path, 20)
    holder = _hold(root / ".planctl.lock", 1.0)
    started = time.monotonic()
    result = run_planctl(*ADD, cwd=root)
    holder.wait()
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started >= 0.5  # it waited for the holder
    assert (root / "plan/initiatives/INI-003.yaml").is_file()
    assert not (root / ".planctl.lock").exists()


def test_a_lock_dies_with_its_process_however_it_dies(tmp_path: Path) -> None:
    """SIGKILL leaves the lock file behind, but no lock: the next edit does not wait at all."""
    root = _plan(tmp_path, 20)
    holder = _hold(root / ".planctl.lock", 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (root / ".planctl.lock").exists()  # the file, but no lock: the kernel released it
    started = time.monotonic()
    result = run_planctl("set", "INI-001", "status=completed", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started < 10
    assert not (root / ".planctl.lock").exists()


@pytest.mark.parametrize("content", [json.dumps({"pid": 1, "host": "elsewhere", "time": 0}), "", "garbage"])
def test_a_leftover_lock_file_is_no_lock(plan_repo: Path, content: str) -> None:
    """What the old pid/host lock left behind (or any file) is not a held lock: no age to wait out."""
    (plan_repo / ".planctl.lock").write_text(content)
    result = invoke(*ADD, cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    assert not (plan_repo / ".planctl.lock").exists()


def test_lint_fix_waits_for_the_lock_like_set(tmp_path: Path) -> None:
    files = {**SMALL_PLAN, "plan/initiatives/INI-001.yaml": SMALL_PLAN["plan/initiatives/INI-001.yaml"].rstrip(" ")
             + "        tags:\n          - ' spår'\n"}
    root = write_plan(tmp_path / "repo", files, config=CONFIG + "[edit]\nlock-timeout = 0.3\n")
    before = (root / "plan/initiatives/INI-001.yaml").read_bytes()
    holder = _hold(root / ".planctl.lock", 30)
    try:
        result = invoke("lint", "--fix", cwd=root)
        assert result.exit_code == 2
        assert "another planctl is editing this plan" in result.stderr
        assert (root / "plan/initiatives/INI-001.yaml").read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    result = invoke("lint", "--fix", cwd=root)
    assert "fixed plan/initiatives/INI-001.yaml: L002" in result.stdout, result.stdout + result.stderr
    assert (root / "plan/initiatives/INI-001.yaml").read_bytes() != before


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "a FIFO (named pipe)"


def _folder(path: Path) -> str:
    path.mkdir()
    return "a folder"


def _symlink_out(path: Path) -> str:
    outside = path.parent.parent / "outside.txt"
    outside.write_text("not planctl's\n")
    path.symlink_to(outside)
    return "a symbolic link"


def _device_link(path: Path) -> str:
    path.symlink_to("/dev/zero")
    return "a symbolic link"


@pytest.mark.parametrize("plant", [_fifo, _folder, _symlink_out, _device_link])
@pytest.mark.parametrize("command", [("set", "INI-001", "status=completed"), ADD, ("lint", "--fix")])
def test_a_planted_lock_path_is_refused_at_once(plan_repo: Path, plant, command: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    lock = plan_repo / ".planctl.lock"
    what = plant(lock)
    before = (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes()
    started = time.monotonic()
    result = run_planctl(*command, cwd=plan_repo, timeout=20)
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    problem = f"{lock}: is {what}, not a lock file planctl made; remove it and run again"
    assert result.stderr.splitlines()[-1] == f"planctl: error: {problem}"
    assert set(result.stderr.splitlines()) <= {f"planctl: error: {problem}", f"planctl: warning: {problem}"}
    assert (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes() == before
    if plant is _symlink_out:
        assert (plan_repo.parent / "outside.txt").read_text() == "not planctl's\n"


@pytest.mark.parametrize("plant", [_fifo, _symlink_out])
def test_a_reader_names_a_planted_lock_and_reads_on(plan_repo: Path, plant) -> None:  # type: ignore[no-untyped-def]
    lock = plan_repo / ".planctl.lock"
    what = plant(lock)
    started = time.monotonic()
    result = run_planctl("validate", cwd=plan_repo, timeout=20)
    assert time.monotonic() - started < 10
    assert result.exit_code == 0
    assert (
        result.stderr == f"planctl: warning: {lock}: is {what}, not a lock file planctl made; remove it and run again\n"
    )


def test_a_device_node_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / ".planctl.lock"
    try:
        os.mknod(lock, 0o666 | 0o020000, os.makedev(1, 3))  # a character device, as /dev/null
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot make a device node here")
    with pytest.raises(LockRefused, match="is a character device"):
        EditLock(lock, timeout=0).acquire()


def test_in_process_lock_excludes_and_cleans_up(tmp_path: Path) -> None:
    path = tmp_path / ".planctl.lock"
    first, second = EditLock(path, timeout=0), EditLock(path, timeout=0)
    assert first.acquire(wait=False)
    assert not second.acquire(wait=False)
    first.release()
    assert not path.exists()
    assert second.acquire(wait=False)
    second.release()


def test_a_lock_file_removed_under_a_waiter_is_not_held_twice(tmp_path: Path) -> None:
    """The holder removes the file on release; a waiter that locked the removed file must retry."""
    path = tmp_path / ".planctl.lock"
    first = EditLock(path, timeout=0)
    first.acquire()
    stale_fd = os.open(path, os.O_RDWR)  # what a waiter opened before the holder released
    first.release()
    second = EditLock(path, timeout=0)
    assert second.acquire(wait=False)
    import fcntl

    fcntl.flock(stale_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the removed file is lockable...
    assert not EditLock(path, timeout=0).acquire(wait=False)  # ...but the lock at the path is second's
    os.close(stale_fd)
    second.release()


def test_a_bad_lock_timeout_is_a_config_error(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN, config=CONFIG + "[edit]\nlock-timeout = \"soon\"\n")
    result = invoke(*ADD, cwd=root)
    assert result.exit_code == 2
    assert "lock-timeout" in result.stderr


def test_any_run_removes_a_lock_file_a_killed_run_left(plan_repo: Path) -> None:
    holder = _hold(plan_repo / ".planctl.lock", 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert run_planctl("validate", cwd=plan_repo).exit_code == 0
    assert not (plan_repo / ".planctl.lock").exists()


def test_a_reader_leaves_a_held_lock_alone(plan_repo: Path) -> None:
    holder = _hold(plan_repo / ".planctl.lock", 30)
    try:
        started = time.monotonic()
        result = run_planctl("validate", cwd=plan_repo)
        assert result.exit_code == 0 and result.stderr == ""
        assert time.monotonic() - started < 10  # it did not wait for the editor
        assert (plan_repo / ".planctl.lock").exists()
    finally:
        holder.kill()
        holder.wait()
