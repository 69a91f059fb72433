"""A write of several plan files survives anything: the writer is stopped at every step of the
transaction (PLANCTL_TXN_CRASH_AT kills it with SIGKILL there), and the next planctl run leaves
every plan file wholly old or wholly new, says so in one line, and leaves no temporary file."""

from __future__ import annotations

import base64
import errno
import json
import os
import re
import shutil
import signal
from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from planctl import txn
from planctl.txn import JOURNAL_NAME, STEPS, JournalError, WriteError

MV = ("mv", "FO1.2", "FO1.9")  # renames a goal file and rewrites the initiative that serves it
STAGING = re.compile(r"^\..+\.[0-9a-f]{12}(\.undo)?\.tmp$")
FORWARD = {"commit", "rename", "renamed", "deleted"}  # after the commit mark the write goes forward


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below plan/ (the id mark included) by its path."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "plan").rglob("*")) if p.is_file()}


def stray(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if STAGING.match(p.name) or p.name == JOURNAL_NAME]


@pytest.fixture
def states(plan_repo: Path, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The plan before and after `planctl mv FO1.2 FO1.9`, run to the end in a copy."""
    done = tmp_path / "done"
    shutil.copytree(plan_repo, done)
    assert invoke(*MV, cwd=done).exit_code == 0
    old, new = snapshot(plan_repo), snapshot(done)
    assert old != new and "plan/goals/FO1.9.yaml" in new and "plan/goals/FO1.2.yaml" not in new
    return old, new


@pytest.mark.parametrize("step", STEPS)
def test_a_writer_killed_at_each_step_is_recovered_by_the_next_run(
        plan_repo: Path, states: tuple[dict[str, bytes], dict[str, bytes]], step: str) -> None:
    old, new = states
    killed = run_planctl(*MV, cwd=plan_repo, env={txn.CRASH_ENV: step})
    assert killed.exit_code == -signal.SIGKILL, killed.stderr
    assert (plan_repo / JOURNAL_NAME).exists()  # the crash left its journal
    result = run_planctl("check", cwd=plan_repo)
    notes = [line for line in result.stderr.splitlines() if line.startswith("planctl: ")]
    if step in FORWARD:
        assert snapshot(plan_repo) == new
        assert len(notes) == 1 and notes[0].startswith(
            "planctl: finished an interrupted edit (renamed FO1.2 to FO1.9; references rewritten in 1 file) "
            "that planctl (pid "), result.stderr
    else:
        assert snapshot(plan_repo) == old
        assert len(notes) == 1 and notes[0].startswith(
            "planctl: undid an interrupted edit (renamed FO1.2 to FO1.9; references rewritten in 1 file) of "
            "planctl (pid "), result.stderr
        assert "the plan is as it was" in notes[0]
    assert stray(plan_repo) == []
    assert not (plan_repo / ".planctl.lock").exists()
    assert result.exit_code in (0, 1), result.stderr  # the plan loads: a normal check, no error of ours
    again = run_planctl("check", cwd=plan_repo)
    assert "planctl: finished" not in again.stderr and "planctl: undid" not in again.stderr


@pytest.mark.parametrize("step", ["staged", "rename"])
def test_an_edit_command_recovers_before_it_edits(
        plan_repo: Path, states: tuple[dict[str, bytes], dict[str, bytes]], step: str) -> None:
    """The next run can be another edit: it recovers under the lock, then makes its own change."""
    old, new = states
    assert run_planctl(*MV, cwd=plan_repo, env={txn.CRASH_ENV: step}).exit_code == -signal.SIGKILL
    result = run_planctl("set", "INI-002", "horizon=long", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("planctl: ")
    after = snapshot(plan_repo)
    expected = new if step in FORWARD else old
    assert {p: b for p, b in after.items() if p != "plan/initiatives/INI-002.yaml"} == \
        {p: b for p, b in expected.items() if p != "plan/initiatives/INI-002.yaml"}
    assert b"horizon: long" in after["plan/initiatives/INI-002.yaml"]
    assert stray(plan_repo) == []


@pytest.mark.parametrize("step", ["stage", "rename"])
def test_add_with_its_id_mark_is_one_transaction(plan_repo: Path, step: str) -> None:
    add = ("add", "initiative", "--title", "Ny insats", "--goal", "FO1.1", "--owner", "skr", "--status", "proposed")
    old = snapshot(plan_repo)
    assert run_planctl(*add, cwd=plan_repo, env={txn.CRASH_ENV: step}).exit_code == -signal.SIGKILL
    run_planctl("list", cwd=plan_repo)
    after = snapshot(plan_repo)
    if step == "stage":
        assert after == old
    else:  # the initiative and the mark that keeps its id from being handed out again: both or neither
        assert set(after) - set(old) == {"plan/initiatives/INI-003.yaml", "plan/.planctl-ids"}
    assert stray(plan_repo) == []


def test_a_file_changed_by_hand_after_the_crash_is_left_and_named(
        plan_repo: Path, states: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    old, _new = states
    assert run_planctl(*MV, cwd=plan_repo, env={txn.CRASH_ENV: "staged"}).exit_code == -signal.SIGKILL
    hand = plan_repo / "plan/initiatives/INI-001.yaml"
    hand.write_bytes(hand.read_bytes() + b"# curator\n")
    result = run_planctl("list", cwd=plan_repo)
    assert "left 1 file changed by hand since as they are: plan/initiatives/INI-001.yaml" in result.stderr
    assert hand.read_bytes() == old["plan/initiatives/INI-001.yaml"] + b"# curator\n"
    assert snapshot(plan_repo)["plan/goals/FO1.2.yaml"] == old["plan/goals/FO1.2.yaml"]
    assert stray(plan_repo) == []


# -- in process: failures the writer sees itself -------------------------------------------

def _files(root: Path) -> list[tuple[Path, bytes | None]]:
    (root / "plan/x").mkdir(parents=True)
    for name in ("a", "c"):
        (root / f"plan/x/{name}.yaml").write_bytes(f"{name}0\n".encode())
    return [(root / "plan/x/a.yaml", b"a1\n"), (root / "plan/x/b.yaml", b"b1\n"), (root / "plan/x/c.yaml", None)]


def _state(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "plan/x").iterdir())}


def test_many_files_land_together(tmp_path: Path) -> None:
    txn.write_files(tmp_path, _files(tmp_path))
    assert _state(tmp_path) == {"a.yaml": b"a1\n", "b.yaml": b"b1\n"}
    assert not (tmp_path / JOURNAL_NAME).exists()


def test_a_failed_rename_puts_back_what_was_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    changes = _files(tmp_path)
    real_replace, calls = os.replace, []

    def flaky(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(txn.os, "replace", flaky)
    with pytest.raises(WriteError, match=r"^plan/x/b.yaml: cannot write: Input/output error; nothing was changed$"):
        txn.write_files(tmp_path, changes)
    monkeypatch.setattr(txn.os, "replace", real_replace)
    assert _state(tmp_path) == {"a.yaml": b"a0\n", "c.yaml": b"c0\n"}
    assert stray(tmp_path) == []


def test_a_full_disk_while_staging_names_the_file_and_writes_nothing(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    changes = _files(tmp_path)
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        if bytes(data).startswith(b"b1"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(txn.os, "write", full)
    with pytest.raises(WriteError, match=r"^plan/x/b.yaml: cannot write: No space left on device; nothing"):
        txn.write_files(tmp_path, changes)
    assert _state(tmp_path) == {"a.yaml": b"a0\n", "c.yaml": b"c0\n"}
    assert stray(tmp_path) == []


def test_a_full_disk_is_one_located_line_from_the_cli(plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    before = snapshot(plan_repo)
    monkeypatch.setattr(txn.os, "write", full)
    result = invoke(*MV, cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr == "planctl: error: .planctl-journal: cannot write: No space left on device; " \
                            "nothing was changed\n"
    assert snapshot(plan_repo) == before and stray(plan_repo) == []


def test_signals_are_held_during_the_renames_then_delivered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    changes = _files(tmp_path)
    real_replace = os.replace

    def interrupted(src: str, dst: str) -> None:
        real_replace(src, dst)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C after the first rename

    monkeypatch.setattr(txn.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        txn.write_files(tmp_path, changes)
    assert _state(tmp_path) == {"a.yaml": b"a1\n", "b.yaml": b"b1\n"}  # all of it, then the interrupt
    assert stray(tmp_path) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_write_outside_the_plan_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    (root / "plan").mkdir(parents=True)
    (root / "plan/owners").symlink_to(outside)
    with pytest.raises(WriteError, match="refusing to write outside the plan"):
        txn.write_files(root, [(root / "plan/owners/x.yaml", b"id: x\n")])
    assert list(outside.iterdir()) == []


# -- hostile journals: a cloned repository can carry anything under the journal's name --------

def _journal(root: Path, entries: list[dict[str, object]], old: dict[str, bytes] | None = None,
             commit: bool = True) -> None:
    head = {"planctl-journal": 1, "txn": "0123456789ab", "pid": 1, "label": "x", "entries": entries,
            "old-bytes": {k: base64.b64encode(v).decode() for k, v in (old or {}).items()}}
    lines = [json.dumps(head)] + ([json.dumps({"commit": "0123456789ab"})] if commit else [])
    (root / JOURNAL_NAME).write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/passwd", "plan/../../outside.txt", "schema/x.json",
                                  "plan\\..\\x"])
def test_a_journal_naming_a_path_outside_the_plan_is_refused(tmp_path: Path, path: str) -> None:
    root = tmp_path / "root"
    (root / "plan").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("keep\n")
    _journal(root, [{"path": path, "old": txn.sha256(b"evil\n"), "new": None}], {path: b"evil\n"})
    with pytest.raises(JournalError, match=r"^\.planctl-journal: cannot be read \("):
        txn.recover(root)
    assert (tmp_path / "outside.txt").read_text() == "keep\n"


def test_a_journal_whose_folder_leads_outside_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "plan").mkdir(parents=True)
    outside.mkdir()
    (root / "plan/owners").symlink_to(outside)
    _journal(root, [{"path": "plan/owners/x.yaml", "old": None, "new": txn.sha256(b"x")}])
    with pytest.raises(JournalError, match="whose folder leads outside the plan"):
        txn.recover(root)
    assert list(outside.iterdir()) == []


def test_saved_bytes_must_match_their_checksum(tmp_path: Path) -> None:
    (tmp_path / "plan").mkdir()
    _journal(tmp_path, [{"path": "plan/a.yaml", "old": txn.sha256(b"a"), "new": None}], {"plan/a.yaml": b"forged"})
    with pytest.raises(JournalError, match="do not match their checksum"):
        txn.recover(tmp_path)


@pytest.mark.parametrize("plant", ["fifo", "symlink"])
def test_a_planted_journal_is_refused_at_once_and_reading_goes_on(plan_repo: Path, plant: str) -> None:
    journal = plan_repo / JOURNAL_NAME
    if plant == "fifo":
        os.mkfifo(journal)
    else:
        journal.symlink_to("/dev/zero")
    result = run_planctl("validate", cwd=plan_repo, timeout=20)
    assert result.exit_code == 0
    what = "a FIFO (named pipe)" if plant == "fifo" else "a symbolic link"
    assert result.stderr == (f"planctl: warning: an interrupted write was not recovered: {journal}: is {what}, "
                             "not a journal planctl made; remove it and run again\n")
    edit = run_planctl("set", "INI-001", "status=completed", cwd=plan_repo, timeout=20)
    assert edit.exit_code == 2 and edit.stderr.count("\n") <= 2 and "is " + what in edit.stderr


def test_a_journal_torn_before_its_first_record_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "plan").mkdir()
    (tmp_path / JOURNAL_NAME).write_text('{"planctl-journal": 1, "txn": "01')  # a power cut mid-write
    result = txn.recover(tmp_path)
    assert result is not None and result.direction == "back" and result.changed == 0
    assert not (tmp_path / JOURNAL_NAME).exists()


def test_recovery_of_an_uncommitted_journal_only_removes_staging(tmp_path: Path) -> None:
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan/a.yaml").write_bytes(b"a0")
    (tmp_path / "plan/.a.yaml.0123456789ab.tmp").write_bytes(b"a1")
    _journal(tmp_path, [{"path": "plan/a.yaml", "old": txn.sha256(b"a0"), "new": txn.sha256(b"a1")}],
             {"plan/a.yaml": b"a0"}, commit=False)
    result = txn.recover(tmp_path)
    assert result is not None and (result.direction, result.changed, result.temps_removed) == ("back", 0, 1)
    assert (tmp_path / "plan/a.yaml").read_bytes() == b"a0"
    assert sorted(p.name for p in (tmp_path / "plan").iterdir()) == ["a.yaml"]


def test_a_file_saved_in_an_editor_during_the_edit_is_not_overwritten(plan_repo: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Between planctl's read and its write a curator saves the file: the edit refuses, the save stays."""
    from planctl.edit import session

    target = plan_repo / "plan/initiatives/INI-001.yaml"
    saved = target.read_bytes().replace(b"status: decided", b"status: ongoing")
    real = session.plan_after

    def meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        target.write_bytes(saved)
        return real(*args, **kwargs)

    monkeypatch.setattr(session, "plan_after", meanwhile)
    result = invoke("set", "INI-001", "horizon=long", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr == ("planctl: error: plan/initiatives/INI-001.yaml: changed on disk since planctl read it "
                             "(saved in an editor?); nothing was written: run the command again\n")
    assert target.read_bytes() == saved
    assert stray(plan_repo) == []


def test_a_ctrl_c_while_staging_leaves_no_staging_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interrupt lands after a staging file was created and before it was noted (seen on
    `mv` of 85 files, Ctrl-C at 0.5 s): no journal names it, so the write itself removes it."""
    changes = _files(tmp_path)
    real_write_new = txn._write_new

    def interrupted(path: Path, payload: bytes, mode: int) -> None:
        real_write_new(path, payload, mode)
        if path.name.endswith(".tmp") and payload.startswith(b"b1"):
            raise KeyboardInterrupt

    monkeypatch.setattr(txn, "_write_new", interrupted)
    with pytest.raises(KeyboardInterrupt):
        txn.write_files(tmp_path, changes)
    assert _state(tmp_path) == {"a.yaml": b"a0\n", "c.yaml": b"c0\n"}
    assert stray(tmp_path) == [] and not (tmp_path / JOURNAL_NAME).exists()


def test_a_ctrl_c_during_the_renames_says_the_change_was_made(plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Held off until the last rename, the interrupt cannot stop the edit: the user is told so."""
    real_replace = os.replace

    def interrupted(src: str, dst: str) -> None:
        real_replace(src, dst)
        if str(dst).endswith(".yaml"):  # a plan file's rename (os.replace also writes the cache)
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(txn.os, "replace", interrupted)
    result = invoke(*MV, cwd=plan_repo)
    assert result.exit_code == 130
    assert result.stderr == "planctl: interrupted after the files were written: the change is made\n"
    assert stray(plan_repo) == [] and not (plan_repo / JOURNAL_NAME).exists()


def test_a_ctrl_c_before_any_write_says_interrupted(plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(plan_repo)

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(txn, "_write_new", interrupted)
    result = invoke(*MV, cwd=plan_repo)
    assert (result.exit_code, result.stderr) == (130, "planctl: interrupted\n")
    assert snapshot(plan_repo) == before and stray(plan_repo) == []
