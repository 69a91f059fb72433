"""The kernel lock that serialises edits of one plan (and planctl's commits).

Two `planctl add initiative` started at the same moment must not hand out the
same id: allocation, checking and writing happen while this lock is held. The
lock is `flock(2)` on POSIX and `msvcrt.locking` on Windows, so the kernel
releases it when its process ends, however it ends (SIGKILL, a crash, a power
cut): there is no pid, host or age to judge, and no stale lock to break.

The lock file is removed by the holder on release, and an acquirer checks that
the file it locked is still the one at the path (git's and SQLite's rule for
lock files), so a file removed under a waiter is never "held" twice. The path
is opened with O_NOFOLLOW|O_NONBLOCK: a symlink, FIFO, device or folder planted
under the lock's name is refused at once instead of being followed or hung on.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from planctl.errors import ConfigError, PlanctlError
from planctl.fsutil import UnsafePath, open_regular
from planctl.i18n import N_, _

LOCK_NAME = ".planctl.lock"
DEFAULT_TIMEOUT = 30.0


class LockTimeout(PlanctlError):
    """Another planctl held the lock for longer than we were willing to wait."""


LockRefused = UnsafePath
"""The lock's path is not a regular file planctl can lock (a FIFO, device, folder or symlink)."""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    _REMOVE_ON_RELEASE = False  # Windows cannot remove an open file; the next holder reuses it
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    _REMOVE_ON_RELEASE = True


@dataclass
class EditLock:
    path: Path
    timeout: float = DEFAULT_TIMEOUT
    poll: float = 0.05
    fd: int | None = None

    @property
    def held(self) -> bool:
        return self.fd is not None

    def acquire(self, *, wait: bool = True) -> bool:
        """Take the lock, waiting up to `timeout` seconds (or not at all); False if not taken
        without waiting, LockTimeout after waiting in vain."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fd = open_regular(self.path, os.O_RDWR | os.O_CREAT, what=N_("a lock file"))
            except LockRefused:
                raise
            except OSError as exc:  # a read-only folder, a full disk: say where, not a traceback
                # Named as every other file is, relative to the plan root, where the lock lives.
                raise LockRefused(_("cannot write: {reason} (the edit lock)").format(reason=exc.strerror or exc),
                                  location=self.path.name) from None
            if _try_lock(fd):
                if self._still_at_path(fd):
                    self.fd = fd
                    return True
                os.close(fd)  # the holder before us removed this file: lock the one at the path now
                continue
            os.close(fd)
            if not wait:
                return False
            if time.monotonic() >= deadline:
                raise LockTimeout(
                    _("another planctl is editing this plan (lock {path} held for over {seconds} s); try again when "
                      "it has finished").format(path=self.path, seconds=f"{self.timeout:g}")
                )
            time.sleep(self.poll)

    def _still_at_path(self, fd: int) -> bool:
        if not _REMOVE_ON_RELEASE:
            return True
        try:
            now = os.lstat(self.path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (now.st_ino, now.st_dev) == (mine.st_ino, mine.st_dev)

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            if _REMOVE_ON_RELEASE:
                try:
                    os.unlink(self.path)  # while still holding it: see _still_at_path
                except FileNotFoundError:
                    pass
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> EditLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def lock_timeout(settings: dict[str, object] | None) -> float:
    """`[edit] lock-timeout` from planctl.toml, in seconds."""
    timeout = (settings or {}).get("lock-timeout", DEFAULT_TIMEOUT)
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout < 0:
        raise ConfigError(_("[edit] lock-timeout must be a number of seconds"), location="planctl.toml")
    return float(timeout)


def plan_lock(root: Path, settings: dict[str, object] | None = None) -> EditLock:
    """The lock of the plan at `root`, with `[edit] lock-timeout` from planctl.toml."""
    return EditLock(root / LOCK_NAME, timeout=lock_timeout(settings))
