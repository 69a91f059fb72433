"""The grouped view (`--format grouped`): one header per file, then `line:col` under it.

Compact to read, but no terminal can open a bare `4:9`; the default is the full format."""

from __future__ import annotations

from itertools import groupby

from planctl.diagnostics import Diagnostic
from planctl.i18n import shown
from planctl.render import RenderContext, printable
from planctl.render.text import COLORS, hint_label, label, paint, snippet, summary


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    lines: list[str] = []
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        lines.append(paint(ctx, "1", printable(ctx.display(path))))
        for d in group:
            where = f"{d.line}:{d.col or 1}" if d.line else "-"
            sev = paint(ctx, COLORS[d.severity], label(d.severity))
            lines.append(f"  {where:<7} {sev:<7} {paint(ctx, '1', d.code)}  {printable(shown(d.message))}")
            source_line = ctx.source_line(path, d.line) if d.line > 0 else None
            if source_line is not None:
                lines.extend(f"    {row}" for row in snippet(ctx, d, source_line))
            if d.hint:
                lines.append(f"          {paint(ctx, '2', hint_label())} {printable(shown(d.hint))}")
        lines.append("")
    if not ctx.quiet:
        lines.append(summary(diagnostics, ctx))
    elif lines:
        lines.pop()  # the blank line after the last problem
    return "\n".join(lines) + "\n" if lines else ""
