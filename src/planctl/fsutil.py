"""Atomic writes of one file: a reader (or a crash) sees the old file or the new one, never half.

Several plan files changed as one edit go through `planctl.txn` instead, whose
journal makes the whole set old or new after any crash.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def _stage(path: Path, payload: bytes, sync: bool) -> str:
    """A temporary file beside `path` holding `payload`, flushed (and fsynced) to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def atomic_write(path: Path, data: bytes | str, *, encoding: str = "utf-8", sync: bool = True) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`.

    `sync=False` skips the fsync: the rename is still atomic for readers, only
    survival of a power cut is given up. Generated output (a website of
    thousands of pages that can be written again) uses it; plan files never do.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    path = Path(os.path.realpath(path))  # write through a symlink, keep the link
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a folder")
        # A device or a pipe (`-o /dev/null`, `-o /dev/stdout`): a stream, never replaced.
        with open(path, "wb") as stream:
            stream.write(payload)
        return
    tmp = _stage(path, payload, sync)
    try:
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise


def staging_folder(target: Path) -> Path:
    """An empty hidden folder beside `target`, on the same file system, to build a replacement in."""
    target = Path(os.path.realpath(target))  # a symlinked output folder: build beside what it points to
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o777 & ~mask
    os.chmod(staging, mode)  # mkdtemp's 0700 would hide a published site from the web server
    return staging


def swap_in_folder(staging: Path, target: Path, made: set[str]) -> None:
    """Put the folder built in `staging` at `target`, so a reader sees the old folder or the new.

    Entries of the old folder that `staging` does not make (names not in `made`, such as
    a CNAME file or a .git folder of a published site) are moved into the new one; the
    rest of the old folder is removed. Signals are held from the first rename to the
    last, so only a SIGKILL can stop it between them, and then the old folder is kept
    beside the target as `.NAME.*.old`.
    """
    from planctl.txn import SignalsHeld

    target = Path(os.path.realpath(target))
    if not target.exists():
        os.rename(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(old)
    with SignalsHeld():
        os.rename(target, old)
        os.rename(staging, target)
        for entry in os.listdir(old):
            if entry not in made:
                os.rename(old / entry, target / entry)
    shutil.rmtree(old, ignore_errors=True)
