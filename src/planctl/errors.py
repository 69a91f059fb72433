"""Errors that end a command with exit code 2 (usage, configuration, environment).

Problems *in the plan* are never exceptions: they are diagnostics. These are for
when planctl cannot do what it was asked at all.
"""

from __future__ import annotations


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
