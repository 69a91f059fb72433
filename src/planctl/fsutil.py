"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from planctl.errors import annotate


def _stage(path: Path, payload: bytes, sync: bool) -> str:
    """A temporary file beside `path` holding `payload`, flushed (and fsynced) to disk."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # name the file we meant, not a temporary one (errors.describe_os_error)
        exc.filename = os.fspath(path)
        raise annotate(exc, path, "cannot write")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException as exc:
        _discard(tmp)
        if isinstance(exc, OSError):  # a full disk names no file: name the one being written
            exc.filename = os.fspath(path)
            annotate(exc, path, "cannot write")
        raise
    return tmp


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def atomic_write_many(changes: list[tuple[Path, bytes | str | None]], *, encoding: str = "utf-8") -> None:
    """Several plan files as one change (an edit that rewrites references, an import).

    Every new file is staged first; only when all are on disk are they renamed
    into place, and deletions (None) come last. A failure while staging writes
    nothing; a failure while renaming puts back the files already replaced, so
    the plan is left as it was.
    """
    staged: list[tuple[Path, str]] = []
    originals: dict[Path, bytes | None] = {}
    try:
        for path, data in changes:
            if data is None:
                continue
            target = Path(os.path.realpath(path))
            payload = data.encode(encoding) if isinstance(data, str) else data
            originals[target] = target.read_bytes() if target.is_file() else None
            staged.append((target, _stage(target, payload, sync=True)))
    except BaseException:
        for _, tmp in staged:
            _discard(tmp)
        raise
    done: list[Path] = []
    try:
        for target, tmp in staged:
            os.replace(tmp, target)
            done.append(target)
    except BaseException:
        for _, tmp in staged[len(done):]:
            _discard(tmp)
        for target in done:
            old = originals[target]
            if old is None:
                os.unlink(target)
            else:
                atomic_write(target, old)
        raise
    for path, data in changes:
        if data is None:
            try:
                os.unlink(path)
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
