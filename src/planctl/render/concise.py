"""One line per diagnostic, `file:line:col: CODE [severity] message`: for grep and editors."""

from __future__ import annotations

from planctl.diagnostics import Diagnostic
from planctl.render import RenderContext, printable


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    return "".join(
        f"{printable(d.location)}: {d.code} [{d.severity.label}] {printable(d.message)}\n" for d in diagnostics
    )
