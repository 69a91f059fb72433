"""One line per diagnostic, `file:line:col: CODE [severity] message`: for grep and editors.

The severity stays the English word (`[error]`), a token a problem matcher can rely on
in any language; the message follows the language of the run.

Paths are shown from the current directory, like the full format's headers."""

from __future__ import annotations

from planctl.diagnostics import Diagnostic
from planctl.i18n import shown
from planctl.render import RenderContext, printable
from planctl.render.text import where


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    return "".join(
        f"{printable(where(ctx, d))}: {d.code} [{d.severity.label}] {printable(shown(d.message))}\n"
        for d in diagnostics
    )
