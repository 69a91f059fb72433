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
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            from planctl.i18n import _

            raise ValueError(_("unknown severity {text!r} (expected error, warning or info)")
                             .format(text=text)) from None


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


MAX_PER_FILE = 100
"""Problems listed per file. A hostile or badly broken file (100,000 unknown keys, an alias
on every line) would otherwise print millions of lines and take minutes to render."""
TOO_MANY = "F006"


def cap_per_file(diags: list[Diagnostic], limit: int = MAX_PER_FILE) -> list[Diagnostic]:
    """At most `limit` problems of each file (the first by position), then one F006 saying
    how many more there are, located at the first one left out. Unchanged if none is over."""
    per_file: dict[str, int] = {}
    for d in diags:
        per_file[d.path] = per_file.get(d.path, 0) + 1
    if not per_file or max(per_file.values()) <= limit:
        return diags
    kept: list[Diagnostic] = []
    omitted: dict[str, list[Diagnostic]] = {}
    earlier: dict[str, int] = {}  # what an earlier cap (the loader's) already left out
    shown: dict[str, int] = {}
    for d in sort_diagnostics(diags):
        left_out = d.extra.get("omitted") if d.code == TOO_MANY else None
        if isinstance(left_out, int):
            earlier[d.path] = earlier.get(d.path, 0) + left_out
            omitted.setdefault(d.path, [])
            continue
        if shown.get(d.path, 0) < limit:
            kept.append(d)
            shown[d.path] = shown.get(d.path, 0) + 1
        else:
            omitted.setdefault(d.path, []).append(d)
    for path, rest in omitted.items():
        count = len(rest) + earlier.get(path, 0)
        if not count:
            continue
        first = rest[0] if rest else next(d for d in diags if d.path == path and d.code == TOO_MANY)
        severity = max((d.severity for d in rest), default=first.severity)
        kept.append(too_many(path, count, severity, first.line, first.col))
    return sort_diagnostics(kept)


def too_many(path: str, count: int, severity: Severity, line: int, col: int) -> Diagnostic:
    from planctl.i18n import lazy, lazy_plural

    # The loader reads the count back from the start of the (English) text of a cached row.
    return Diagnostic(TOO_MANY, severity, lazy_plural("{n} more problem in this file not shown",
                                                      "{n} more problems in this file not shown", count),
                      path, line, col, hint=lazy("fix the first problems: they often cause the rest"),
                      extra={"omitted": count})
