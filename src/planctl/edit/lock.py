"""A lock file that serialises edits of one plan.

Two `planctl add initiative` started at the same moment must not hand out the
same id: allocation, checking and writing happen while this lock is held. A
lock left behind by a crashed run is recovered: if its process is gone (same
host) or it is older than `stale_after` seconds, it is taken over.
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from planctl.errors import PlanctlError

LOCK_NAME = ".planctl.lock"
DEFAULT_TIMEOUT = 30.0
DEFAULT_STALE_AFTER = 600.0


class LockTimeout(PlanctlError):
    """Another planctl held the lock for longer than we were willing to wait."""


@dataclass
class EditLock:
    path: Path
    timeout: float = DEFAULT_TIMEOUT
    stale_after: float = DEFAULT_STALE_AFTER
    poll: float = 0.05
    held: bool = False

    def acquire(self) -> None:
        deadline = time.monotonic() + self.timeout
        payload = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "time": time.time()})
        while True:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                stale = self._stale_content()
                if stale is not None:
                    self._break(stale)
                    continue
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another planctl is editing this plan (lock {self.path.name} held for over "
                        f"{self.timeout:g} s); if no planctl is running, delete {self.path}"
                    ) from None
                time.sleep(self.poll)
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            self.held = True
            return

    def release(self) -> None:
        if self.held:
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
            self.held = False

    def _stale_content(self) -> str | None:
        """The lock's content if it is stale (its holder is gone or it is very old), else None."""
        try:
            text = self.path.read_text(encoding="utf-8")
            age = time.time() - self.path.stat().st_mtime
        except OSError:
            return None  # gone already (or unreadable for a moment): just retry
        if age > self.stale_after:
            return text
        try:
            info = json.loads(text)
        except ValueError:
            # A holder may be between creating and writing the file; give it a moment.
            return text if age > 5.0 else None
        if info.get("host") == socket.gethostname() and isinstance(info.get("pid"), int):
            return None if _alive(info["pid"]) else text
        return None

    def _break(self, judged: str) -> None:
        """Remove the stale lock we judged; if another run replaced it meanwhile, put theirs back."""
        grave = self.path.with_name(f"{self.path.name}.stale.{os.getpid()}")
        try:
            os.rename(self.path, grave)
        except FileNotFoundError:
            return
        try:
            if grave.read_text(encoding="utf-8") != judged:
                try:
                    os.link(grave, self.path)
                except FileExistsError:
                    pass
        finally:
            grave.unlink(missing_ok=True)

    def __enter__(self) -> "EditLock":
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def plan_lock(root: Path, settings: dict[str, object] | None = None) -> EditLock:
    """The lock of the plan at `root`, with `[edit] lock-timeout` from planctl.toml."""
    settings = settings or {}
    timeout = settings.get("lock-timeout", DEFAULT_TIMEOUT)
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout < 0:
        from planctl.errors import ConfigError

        raise ConfigError("[edit] lock-timeout must be a number of seconds", location="planctl.toml")
    return EditLock(root / LOCK_NAME, timeout=float(timeout))
