"""The one model every check produces and every renderer consumes.

Checks yield `Diagnostic`s; renderers only format them. Keeping this model
small and flat is what lets new output formats (SARIF, JUnit, GitLab) be added
without touching a single check.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that `max()` over a run gives its worst problem."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, located in a file. Lines and columns are 1-based; 0 means unknown."""

    code: str
    severity: Severity
    message: str
    path: str  # POSIX path relative to the plan root
    line: int = 0
    col: int = 0
    end_line: int = 0
    end_col: int = 0
    entity: str | None = None
    json_path: str = "$"
    hint: str | None = None
    fixable: bool = False
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.col, self.code, self.message)


def sort_diagnostics(diags: list[Diagnostic]) -> list[Diagnostic]:
    """Stable, deterministic order: by file, position, then code."""
    return sorted(diags, key=Diagnostic.sort_key)


def json_path(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """`('milestones', 0, 'due')` -> `$.milestones[0].due`."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}"
    return out
