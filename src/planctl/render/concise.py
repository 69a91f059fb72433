"""One line per diagnostic, `file:line:col: CODE [severity] message`: for grep and editors.

Paths are shown from the current directory, like the full format's headers."""

from __future__ import annotations

from planctl.diagnostics import Diagnostic
from planctl.render import RenderContext, printable
from planctl.render.text import where


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    return "".join(
        f"{printable(where(ctx, d))}: {d.code} [{d.severity.label}] {printable(d.message)}\n" for d in diagnostics
    )
