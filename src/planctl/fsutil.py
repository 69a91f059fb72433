"""Atomic writes of one file: a reader (or a crash) sees the old file or the new one, never half.

Several plan files changed as one edit go through `planctl.txn` instead, whose
journal makes the whole set old or new after any crash.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from planctl import safefs
from planctl.errors import CANNOT_WRITE, PlanctlError, annotate
from planctl.i18n import _


def _stage(path: Path, payload: bytes | list[bytes], sync: bool) -> str:
    """A temporary file beside `path` holding `payload`, flushed (and fsynced) to disk."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # name the file we meant, not a temporary one (errors.describe_os_error)
        exc.filename = os.fspath(path)
        raise annotate(exc, path, CANNOT_WRITE) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in payload if isinstance(payload, list) else [payload]:
                handle.write(chunk)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException as exc:
        _discard(tmp)
        if isinstance(exc, OSError):  # a full disk names no file: name the one being written
            exc.filename = os.fspath(path)
            annotate(exc, path, CANNOT_WRITE)
        raise
    return tmp


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass

JOURNAL_NAME = ".planctl-journal"
"""The journal of a write of several plan files (`planctl.txn`), at the plan root."""


def journal_pending(root: Path) -> bool:
    """Did a write of several files stop before its end? One lstat, so every run can ask
    without importing `planctl.txn`."""
    return os.path.lexists(root / JOURNAL_NAME)


def atomic_write(path: Path, data: bytes | str | list[bytes], *, encoding: str = "utf-8", sync: bool = True) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`.

    `data` may be a list of byte strings, written one after the other (a large payload
    with a header needs no joined copy).

    `sync=False` skips the fsync: the rename is still atomic for readers, only
    survival of a power cut is given up. Generated output (a website of
    thousands of pages that can be written again) uses it; plan files never do.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    path = Path(os.path.realpath(path))  # write through a symlink, keep the link
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise IsADirectoryError(_("{path} is a folder").format(path=path))
        # A device or a pipe (`-o /dev/null`, `-o /dev/stdout`): a stream, never replaced.
        with open(path, "wb") as stream:
            for chunk in payload if isinstance(payload, list) else [payload]:
                stream.write(chunk)
        return
    tmp = _stage(path, payload, sync)
    try:
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise
    remove_stale_temps(path.parent, f".{path.name}.")


STALE_TEMP = 60.0
"""Seconds after which a temporary file of ours is a killed run's, not another run's live write."""


def remove_stale_temps(folder: Path, prefix: str = ".") -> None:
    """Remove planctl's own temporary files (`PREFIX*.tmp`, regular files) that a SIGKILL left
    in `folder`; one younger than STALE_TEMP may be another run's write in progress."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP:
                os.unlink(entry.path)
        except OSError:
            pass


class UnsafePath(PlanctlError):
    """A file planctl makes (its lock, its journal) is something else: a FIFO, device, folder or symlink."""


def open_regular(path: Path, flags: int, *, what: str, mode: int = 0o644) -> int:
    """`safefs.open_regular` for the files planctl makes at the plan root (the lock, the write
    journal), whose refusal is a planctl error naming what the file should have been: a
    cloned repository can carry anything under their names. `what` is marked with `N_`."""
    try:
        return safefs.open_regular(path, flags=flags, mode=mode)[0]
    except safefs.UnsafeFile:
        try:
            kind = safefs.kind_of(os.lstat(path).st_mode)
        except OSError:
            kind = _("not a regular file")
        raise UnsafePath(_("is {kind}, not {what} planctl made; remove it and run again").format(
                             kind=kind, what=_(what)),
                         location=str(path)) from None
