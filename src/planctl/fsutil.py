"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
