"""Renderers turn diagnostics into text; they never decide what is a problem.

Each format lives in its own module exposing `render(diagnostics, ctx) -> str`
and is imported only when chosen, so a run pays only for the format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planctl.diagnostics import Diagnostic, Severity

FORMATS: dict[str, str] = {
    "text": "planctl.render.text",  # the default; "full" is ruff's name for it
    "full": "planctl.render.text",
    "grouped": "planctl.render.grouped",
    "concise": "planctl.render.concise",
    "json": "planctl.render.jsonfmt",
    "github": "planctl.render.github",
    "sarif": "planctl.render.sarif",
    "junit": "planctl.render.junit",
    "gitlab": "planctl.render.gitlab",
}


@dataclass(slots=True)
class RenderContext:
    """What a renderer may need besides the diagnostics themselves."""

    root: Path
    files_checked: int = 0
    color: bool = False
    source: Callable[[str], str | None] = field(default=lambda _path: None)
    tool_version: str = ""
    paths: tuple[str, ...] = ()  # every file checked, plan-relative (JUnit lists clean files too)
    command: str = ""  # check, validate or lint: named in the JSON envelope
    display: Callable[[str], str] = field(default=lambda path: path)
    """A plan-relative path as a human format shows it (from the cwd); machine formats keep
    plan-relative paths, which CI tools resolve against the checkout."""
    line: Callable[[str, int], str | None] | None = None
    """Line N (1-based, as `str.splitlines` counts) of a file, or None: what a code frame
    quotes. Given by the caller when it can answer without reading the file (`model.Sources`);
    otherwise taken from `source`."""

    def source_line(self, path: str, number: int) -> str | None:
        """Line `number` of `path` for a code frame (None: no such line, or no source)."""
        if self.line is not None:
            return self.line(path, number)
        source = self.source(path)
        lines = source.splitlines() if source else []
        return lines[number - 1] if 0 < number <= len(lines) else None
    quiet: bool = False
    """--quiet: the human formats leave out their closing summary line."""


def from_cwd(root: Path, cwd: Path | None = None) -> Callable[[str], str]:
    """Plan-relative path -> the path a user standing in `cwd` can open: relative when the file
    lies below the cwd, absolute otherwise (as ruff does).

    The answer is `(root / path).relative_to(cwd)`, else the normalised absolute path, found
    on the strings: where the cwd stands towards the root is worked out once, and a report
    of 10,000 findings does not build 20,000 `Path` objects (a tenth of a second)."""
    import os

    base = root.resolve()
    try:
        here: Path | None = (cwd or Path.cwd()).resolve()
    except OSError:  # the cwd was removed under us: absolute paths still open
        here = None
    top = str(base)
    lead: str | None = None  # the root as seen from the cwd, when the cwd is the root or above it
    below: str | None = None  # the cwd as seen from the root, when the cwd is inside it
    if here is not None:
        if here == base or here in base.parents:
            lead = base.relative_to(here).as_posix()
        elif base in here.parents:
            below = here.relative_to(base).as_posix() + "/"

    def by_path(path: str) -> str:
        full = base / path
        try:
            if here is not None:
                return full.relative_to(here).as_posix()
        except ValueError:
            pass
        return os.path.normpath(full)

    def display(path: str) -> str:
        if not path:
            return path
        parts = [p for p in path.split("/") if p and p != "."]  # as pathlib reads a path
        if not parts or path.startswith("/") or os.sep != "/":
            return by_path(path)  # absolute, the root itself, or Windows
        rel = "/".join(parts)
        if lead is not None:
            return rel if lead == "." else f"{lead}/{rel}"
        if below is not None and (rel + "/").startswith(below):
            return rel[len(below):] or "."
        return os.path.normpath(os.path.join(top, rel))

    return display


def render(fmt: str, diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    try:
        module = importlib.import_module(FORMATS[fmt])
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}") from None
    renderer: Callable[[list[Diagnostic], RenderContext], str] = module.render
    return renderer(diagnostics, ctx)


def counts(diagnostics: list[Diagnostic]) -> dict[str, int]:
    result = {s.label: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    for d in diagnostics:
        result[d.severity.label] += 1
    return result


_CONTROL = {i: f"\\x{i:02x}" for i in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if i not in (0x09,)}
_CONTROL[0x09] = "\\t"
# Bidirectional overrides can reorder what a reader sees (CVE-2021-42574).
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def printable(text: str) -> str:
    """Data from the plan, made safe for a terminal: control and bidi characters escaped."""
    return text.translate(_CONTROL)
