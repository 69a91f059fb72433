"""Atomic writes: a crash at any point leaves the old file or the new one, never half."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from planctl import fsutil
from planctl.fsutil import atomic_write


def test_writes_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    target.chmod(0o600)
    atomic_write(target, "ny\n")
    assert target.read_text() == "ny\n" and (target.stat().st_mode & 0o777) == 0o600
    atomic_write(tmp_path / "sub" / "b.yaml", b"bytes\n")
    assert (tmp_path / "sub" / "b.yaml").read_bytes() == b"bytes\n"


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_a_crash_before_the_rename_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       error: BaseException) -> None:
    target = tmp_path / "INI-001.yaml"
    target.write_text("# kommentar\nid: INI-001\n")

    def crash(*_args: object) -> None:
        raise error

    monkeypatch.setattr(fsutil.os, "replace", crash)
    with pytest.raises(type(error)):
        atomic_write(target, "id: INI-001\nstatus: completed\n")
    assert target.read_text() == "# kommentar\nid: INI-001\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["INI-001.yaml"]  # no temporary file left


def test_a_killed_process_leaves_the_old_file(tmp_path: Path) -> None:
    """A real SIGKILL after the temporary file is written but before the rename."""
    target = tmp_path / "INI-001.yaml"
    target.write_text("original\n")
    script = f"""
import os, signal
from planctl import fsutil
def die(*a):
    os.kill(os.getpid(), signal.SIGKILL)
fsutil.os.replace = die
fsutil.atomic_write(__import__('pathlib').Path({str(target)!r}), 'half-new\\n' * 1000)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text() == "original\n"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "INI-001.yaml"]
    assert all(name.startswith(".INI-001.yaml.") and name.endswith(".tmp") for name in leftovers)


def test_a_symlink_is_written_through_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    atomic_write(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_a_pipe_or_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    """`planctl check -o /dev/null` must never replace /dev/null with a file."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, "report\n")
    reader.join(timeout=10)
    assert received == [b"report\n"]
    assert not fifo.is_file() and fifo.exists()  # still a pipe
    with pytest.raises(IsADirectoryError):
        atomic_write(tmp_path, "x")


# Several files as one write (the journal, crashes at every step): tests/test_txn.py.


def _site(folder: Path, pages: dict[str, str]) -> None:
    for rel, text in pages.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)


def test_a_folder_is_swapped_in_keeping_what_it_does_not_make(tmp_path: Path) -> None:
    from planctl.txn import staging_folder, swap_in_folder

    site = tmp_path / "site"
    _site(site, {"index.html": "old", "initiatives/INI-009.html": "removed since", "CNAME": "plan.example.se",
                 ".git/HEAD": "ref: refs/heads/pages\n"})
    site.chmod(0o755)
    staging = staging_folder(site)
    assert staging.parent == tmp_path and staging.name.startswith(".site.") and staging.name.endswith(".tmp")
    _site(staging, {"index.html": "new", "initiatives/INI-001.html": "one"})
    swap_in_folder(staging, site, {"index.html", "initiatives"})
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert found == [".git/HEAD", "CNAME", "index.html", "initiatives/INI-001.html"]
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging or old folder left
    assert site.stat().st_mode & 0o777 == 0o755


def test_a_site_export_killed_midway_leaves_the_old_site_whole(tmp_path: Path) -> None:
    """SIGKILL after a few pages: the old site (index.html and all) is as it was."""
    from conftest import SMALL_PLAN, write_plan

    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    out = tmp_path / "site"
    assert subprocess.run([str(Path(sys.executable).with_name("planctl")), "export", "html", "-o", str(out)],
                          cwd=root, capture_output=True).returncode == 0
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (root / "plan/initiatives/INI-001.yaml").write_text(
        (root / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8").replace("samordnar", "leder"),
        encoding="utf-8")
    script = f"""
import os, signal, pathlib, sys
calls = []
real = pathlib.Path.write_bytes
def dying(self, data):
    calls.append(self)
    if len(calls) == 4:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, data)
pathlib.Path.write_bytes = dying
from planctl.cli import main
sys.argv = ["planctl", "--root", {str(root)!r}, "export", "html", "-o", {str(out)!r}]
main()
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_a_stale_temporary_file_of_an_earlier_killed_write_is_removed_by_the_next(tmp_path: Path) -> None:
    """`export csv -o plan.csv` killed mid-write leaves `.plan.csv.*.tmp`; the next write of that
    file removes it, not a fresh one (another run writing now), nor anyone else's file."""
    import os

    from planctl.fsutil import atomic_write

    stale, fresh, other = (tmp_path / ".plan.csv.k1ll3d.tmp", tmp_path / ".plan.csv.l1ve.tmp",
                           tmp_path / ".notes.txt.x.tmp")
    for path in (stale, fresh, other):
        path.write_text("half\n", encoding="utf-8")
    os.utime(stale, (1_600_000_000, 1_600_000_000))
    os.utime(other, (1_600_000_000, 1_600_000_000))
    atomic_write(tmp_path / "plan.csv", "id\n")
    assert (tmp_path / "plan.csv").read_text(encoding="utf-8") == "id\n"
    assert not stale.exists() and fresh.exists() and other.exists()
