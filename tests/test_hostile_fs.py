"""Odd files where planctl expects its own: FIFOs, devices, folders and links out of
the repository at the config, the cache, the id mark, the kind folders and plan
files; a full disk, a read-only file system, a file replaced mid-run.

Every case runs the installed `planctl` as a subprocess with a timeout (a FIFO
used to hang it for ever) and asserts what a user sees: the exit code, one
located `planctl: error:` (or `warning:`) line naming the file, and that nothing
outside the repository was read as plan data or written.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import PLANCTL, SMALL_PLAN, invoke, run_planctl, write_plan

ADD = ("add", "initiative", "--title", "Ny satsning", "--goal", "FO1.1", "--owner", "skr", "--status", "proposed",
       "--description", "En ny satsning, beskriven så att ingen regel varnar.")  # no warning on stderr
SET = ("set", "INI-001", "horizon=long")
TIMEOUT = 15  # seconds; a run takes well under one
IS_ROOT = os.geteuid() == 0


@dataclass(frozen=True)
class Target:
    path: str
    folder: bool  # what belongs there normally: a folder (else a file)
    check: int  # exit code of `planctl check`
    edit: int  # exit code of the edit (`add`, or `set` for a plan file)
    line: str  # "error" or "warning": the kind of the line on stderr that names the file


TARGETS = [
    Target("planctl.toml", False, 2, 2, "error"),
    Target(".planctl_cache", True, 0, 0, "warning"),
    Target(".planctl_cache/parse-v3.bin", False, 0, 0, "warning"),
    Target(".planctl_cache/parse-v3.delta", False, 0, 0, "warning"),
    Target("plan/.planctl-ids", False, 0, 2, "error"),
    Target("plan", True, 2, 2, "error"),
    Target("plan/goals", True, 2, 2, "error"),
    Target("plan/initiatives", True, 2, 2, "error"),
    Target("plan/owners", True, 2, 2, "error"),
    Target("plan/initiatives/INI-001.yaml", False, 1, 1, "error"),
]
ODDITIES = ["fifo", "dev-link", "device", "other-kind", "link-out"]


def _snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every entry under `folder` (links not followed) with its mode and content hash."""
    out: dict[str, tuple[int, str]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            info = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(info.st_mode) else ""
            out[str(path.relative_to(folder))] = (info.st_mode, digest)
    return out


def _make(root: Path, outside: Path, target: Target, oddity: str) -> None:
    """Put `oddity` where `target` belongs; what a link points to lies in `outside`."""
    path = root / target.path
    path.parent.mkdir(parents=True, exist_ok=True)
    original: bytes | None = None
    if path.is_dir() and not path.is_symlink():
        shutil.copytree(path, outside / path.name, dirs_exist_ok=True)  # a valid folder, out of reach
        shutil.rmtree(path)
    elif path.exists():
        original = path.read_bytes()
        path.unlink()
    if oddity == "fifo":
        os.mkfifo(path)
    elif oddity == "dev-link":
        os.symlink("/dev/zero", path)
    elif oddity == "device":
        os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 5))  # what /dev/zero is
    elif oddity == "other-kind":
        if target.folder:
            path.write_text("id: x\n", encoding="utf-8")
        else:
            path.mkdir()
    else:  # link-out: a perfectly good file or folder, but outside the repository
        there = outside / path.name
        if not target.folder:
            there.write_bytes(original if original is not None else b"initiative: INI-500\n")
        there.mkdir(exist_ok=True) if target.folder else None
        os.symlink(there, path)


def _run(root: Path, args: tuple[str, ...], timeout: float = TIMEOUT) -> tuple[int, str, str]:
    try:
        proc = subprocess.run([str(PLANCTL), *args], cwd=root, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, "", f"planctl {' '.join(args)} did not end within {timeout} s"
    return proc.returncode, proc.stdout, proc.stderr


def _case(tmp: Path, target: Target, oddity: str, timeout: float = TIMEOUT) -> list[str]:
    """The problems of one case, as text (empty: all is well)."""
    root = write_plan(tmp / "repo", SMALL_PLAN)
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not plan data\n", encoding="utf-8")
    if target.path.startswith(".planctl_cache/"):
        assert run_planctl("check", cwd=root).exit_code == 0  # a real cache, then the odd file in it
    _make(root, outside, target, oddity)
    before = _snapshot(outside)
    problems = []
    edit = SET if target.path.endswith("INI-001.yaml") else ADD
    for args, expected in ((("check",), target.check), (edit, target.edit)):
        code, out, err = _run(root, args, timeout)
        where = f"{target.path} as {oddity}: planctl {' '.join(args)}"
        lines = err.splitlines()
        if code != expected:
            problems.append(f"{where}: exit {code}, expected {expected}: {err.strip()[:300]}")
        if "Traceback" in err or any(not line.startswith("planctl: ") for line in lines):
            problems.append(f"{where}: stderr is not planctl's one-line messages: {err[:300]!r}")
        if args == ("check",) and expected == 1:  # a problem in the plan: a diagnostic on stdout
            if f"{target.path}" not in out:
                problems.append(f"{where}: no diagnostic names {target.path}: {out[-300:]}")
        elif expected or target.line == "warning":
            named = [line for line in lines if line.startswith(f"planctl: {target.line}: ")]
            name = target.path.split("/")[-1] if target.path.startswith(".planctl_cache/") else target.path
            if not named or not any(name in line for line in named):
                problems.append(f"{where}: no '{target.line}' line naming {name}: {err.strip()[:300]}")
    if _snapshot(outside) != before:
        problems.append(f"{target.path} as {oddity}: something outside the repository changed")
    return problems


@pytest.mark.parametrize("target", TARGETS, ids=[t.path for t in TARGETS])
def test_odd_files_named_like_planctls_own(tmp_path: Path, target: Target) -> None:
    oddities = [o for o in ODDITIES if o != "device" or IS_ROOT]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda o: _case(tmp_path / o, target, o), oddities))
    problems = [p for result in results for p in result]
    assert not problems, "\n".join(problems)


def test_odd_lock_file(tmp_path: Path) -> None:
    target = Target(".planctl.lock", False, 0, 2, "error")
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda o: _case(tmp_path / o, target, o, timeout=5),
                                ["fifo", "dev-link", "link-out"]))
    problems = [p for result in results for p in result]
    assert not problems, "\n".join(problems)


def test_a_link_to_a_folder_inside_the_repository_is_followed(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    (root / "plan/owners").rename(root / "owners-real")
    os.symlink("../owners-real", root / "plan/owners")
    result = run_planctl("check", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "All checks passed (10 files checked)." in result.stdout


# A full disk, a read-only file system, a file replaced mid-run.

def _enospc(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_names_the_file_and_the_operation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    target = root / "plan/initiatives/INI-001.yaml"
    before = target.read_bytes()
    monkeypatch.setattr("planctl.fsutil.os.fsync", _enospc)  # the write of a plan file fails as a full disk would
    result = invoke(*SET, cwd=root)
    assert result.exit_code == 2
    # The edit's journal is the first thing an edit writes, so it is what the full disk stops.
    assert result.stderr == ("planctl: error: .planctl-journal: cannot write: "
                             "No space left on device; nothing was changed\n")
    assert target.read_bytes() == before
    assert not (root / ".planctl-journal").exists()
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.fixture
def small_fs(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 512 KiB tmpfs (root only): a real full disk and a real read-only file system."""
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_really_full_disk(small_fs: Path) -> None:
    root = write_plan(small_fs / "repo", SMALL_PLAN)
    assert run_planctl("check", cwd=root).exit_code == 0
    before = _snapshot(root)
    _fill(small_fs)
    check = run_planctl("check", "--no-cache", cwd=root)
    assert check.exit_code == 0 and check.stderr == ""  # reading needs no space
    export = run_planctl("export", "csv", "-o", "out.csv", cwd=root)
    assert export.exit_code == 2
    assert export.stderr == "planctl: error: out.csv: cannot write: No space left on device\n"
    edit = run_planctl(*SET, cwd=root)
    assert edit.exit_code == 2 and len(edit.stderr.splitlines()) == 1, edit.stderr
    assert edit.stderr.startswith("planctl: error: ") and ": cannot write: No space left on device" in edit.stderr
    after = {k: v for k, v in _snapshot(root).items() if k != ".planctl.lock"}  # the lock: edit/lock.py's part
    assert after == before  # the plan is as it was


def test_a_read_only_file_system(small_fs: Path) -> None:
    root = write_plan(small_fs / "repo", SMALL_PLAN)
    before = _snapshot(root)
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    check = run_planctl("check", cwd=root)  # no cache can be written: the result is the same
    assert check.exit_code == 0 and check.stderr == ""
    edit = run_planctl(*SET, cwd=root)
    assert edit.exit_code == 2 and len(edit.stderr.splitlines()) == 1, edit.stderr
    assert ": cannot write: Read-only file system" in edit.stderr
    assert _snapshot(root) == before


def test_a_plan_file_replaced_by_a_fifo_mid_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between the `stat` that accepted it and the read: refused, not waited on."""
    from planctl import loader

    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    real = loader.file_info

    def swap(config, path, rel, kind):  # type: ignore[no-untyped-def]
        info = real(config, path, rel, kind)
        if rel.endswith("INI-002.yaml"):
            os.unlink(path)
            os.mkfifo(path)
        return info

    monkeypatch.setattr(loader, "file_info", swap)
    result = invoke("check", "--no-cache", "-f", "concise", cwd=root)
    assert result.exit_code == 1
    assert "plan/initiatives/INI-002.yaml:" in result.stdout and "F004" in result.stdout


@pytest.mark.parametrize("oddity", ["fifo", "link-out"])
@pytest.mark.parametrize("args", [("rm", "INI-002"), ("mv", "INI-002", "INI-099")])
def test_an_odd_id_mark_stops_rm_and_mv_before_any_write(tmp_path: Path, oddity: str,
                                                          args: tuple[str, ...]) -> None:
    """rm and mv raise the mark after writing: its fault must be found before they write."""
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    outside = tmp_path / "outside"
    outside.mkdir()
    _make(root, outside, Target("plan/.planctl-ids", False, 0, 2, "error"), oddity)
    before, outside_before = _snapshot(root / "plan/initiatives"), _snapshot(outside)
    code, _, err = _run(root, args)
    assert code == 2
    assert err.startswith("planctl: error: plan/.planctl-ids: cannot read: ") and len(err.splitlines()) == 1
    assert _snapshot(root / "plan/initiatives") == before and _snapshot(outside) == outside_before
