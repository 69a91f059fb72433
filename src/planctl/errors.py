"""Errors that end a command with exit code 2 (usage, configuration, environment).

Problems *in the plan* are never exceptions: they are diagnostics. These are for
when planctl cannot do what it was asked at all.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable


class PlanctlError(Exception):
    """A one-line, user-facing failure; the CLI prints it and exits 2."""

    exit_code = 2

    def __init__(self, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.location = location

    def __str__(self) -> str:
        message = super().__str__()
        return f"{self.location}: {message}" if self.location else message


class ConfigError(PlanctlError):
    """`planctl.toml` is missing, unreadable or wrong."""


class UsageError(PlanctlError):
    """An argument that cannot be acted on."""


class RefusedByPlan(PlanctlError):
    """What was asked for does not fit the plan as it is: the id exists already, no such id
    or milestone. The request was well formed, so this is the plan's answer, exit 1 (as for
    an edit the checks refuse), not a usage error."""

    exit_code = 1


class UnreadableEntity(PlanctlError):
    """An id asked for is missing because the file that should hold it cannot be read:
    a problem in the plan, so exit 1 as for any problem found."""

    exit_code = 1


class PlanctlWarning(UserWarning):
    """Something the user should know that does not stop the command (an unusable cache).

    Core modules never print: they `warnings.warn(..., PlanctlWarning)`, and the
    CLI shows each as one `planctl: warning:` line on stderr.
    """


def N_(message: str) -> str:
    return message


CANNOT_READ, CANNOT_WRITE, CANNOT_ACCESS = N_("cannot read"), N_("cannot write"), N_("cannot access")
"""The operations `annotate` records, shown translated by `describe_os_error`."""

_WRITE_ERRNOS = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EROFS")
                          if hasattr(errno, name))


def annotate(exc: OSError, path: str | os.PathLike[str], operation: str) -> OSError:
    """Give an OSError the file and the operation it lacks (a write that filled the disk
    names no file), so that the one line reporting it can say both. Returns `exc`."""
    if exc.filename is None:
        exc.filename = os.fspath(path)
    if not getattr(exc, "planctl_operation", None):
        exc.planctl_operation = operation  # type: ignore[attr-defined]  # our own attribute on a stdlib class
    return exc


def describe_os_error(exc: OSError, root: str | os.PathLike[str] | None = None,
                      translate: Callable[[str], str] = N_) -> str:
    """`plan/initiatives/INI-020.yaml: cannot write: No space left on device`.

    The file is shown relative to `root` when it lies inside it; the operation is
    the one `annotate` recorded, else what the error number implies, in the words
    of `translate` (the CLI passes `planctl.i18n._`; this module imports nothing of
    planctl's, so that every module can raise its errors). The reason is the
    system's own.
    """
    operation = getattr(exc, "planctl_operation", None)
    if not operation:
        operation = CANNOT_WRITE if exc.errno in _WRITE_ERRNOS else CANNOT_ACCESS
    operation = translate(operation)
    reason = exc.strerror or str(exc)
    name = exc.filename
    if name is None:
        return f"{operation}: {reason}"
    shown = os.fsdecode(name)
    if root is not None:
        top = os.path.realpath(root)
        full = os.path.abspath(shown)
        for candidate in (full, os.path.realpath(full)):
            if candidate == top or candidate.startswith(top.rstrip(os.sep) + os.sep):
                shown = os.path.relpath(candidate, top)
                break
    return f"{shown}: {operation}: {reason}"
