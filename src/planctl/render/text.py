"""The default, human format: grouped by file, with the source line and a caret."""

from __future__ import annotations

from itertools import groupby

from planctl.diagnostics import Diagnostic, Severity
from planctl.render import RenderContext, counts, printable

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _c(ctx: RenderContext, code: str, text: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if ctx.color else text


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    lines: list[str] = []
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        lines.append(_c(ctx, "1", printable(path)))
        source = ctx.source(path)
        source_lines = source.splitlines() if source else []
        for d in group:
            where = f"{d.line}:{d.col or 1}" if d.line else "-"
            sev = _c(ctx, _COLORS[d.severity], d.severity.label)
            lines.append(f"  {where:<7} {sev:<7} {_c(ctx, '1', d.code)}  {printable(d.message)}")
            if d.line and 0 < d.line <= len(source_lines):
                lines.extend(_snippet(ctx, d, source_lines[d.line - 1]))
            if d.hint:
                lines.append(f"          {_c(ctx, '2', 'hint:')} {printable(d.hint)}")
        lines.append("")
    lines.append(_summary(diagnostics, ctx))
    return "\n".join(lines) + "\n"


SNIPPET_WIDTH = 120
"""Characters of a source line shown around the column: a 1 MB line must not be printed
once per problem (a hostile one-line file made 66 MB of output from 650 KB)."""


def _snippet(ctx: RenderContext, d: Diagnostic, source_line: str) -> list[str]:
    number = str(d.line)
    line = source_line.rstrip("\r\n")
    col = max(d.col, 1)
    start, end = 0, len(line)
    if len(line) > SNIPPET_WIDTH:  # a window around the column, cut ends marked
        start = max(0, min(col - 1 - SNIPPET_WIDTH // 3, len(line) - SNIPPET_WIDTH))
        end = start + SNIPPET_WIDTH
    lead = "…" if start > 0 else ""
    shown = lead + printable(line[start:end]) + ("…" if end < len(line) else "")
    # The caret's offset counts escaped characters the way they are displayed.
    offset = len(lead) + len(printable(line[start : col - 1]))
    width = 1
    if d.end_line == d.line and d.end_col > col:
        width = len(printable(line[col - 1 : min(d.end_col - 1, end)])) or 1
    elif not d.end_line:
        width = 1
    else:
        width = max(1, len(shown) - offset)
    gutter = " " * len(number)
    return [
        f"    {number} | {shown}",
        f"    {gutter} | {' ' * offset}{_c(ctx, _COLORS[d.severity], '^' * width)}",
    ]


def _summary(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    files = ctx.files_checked
    noun = "file" if files == 1 else "files"
    if not diagnostics:
        return _c(ctx, "32", f"All checks passed ({files} {noun} checked).")
    c = counts(diagnostics)
    parts = [f"{n} {label}{'s' if n != 1 else ''}" for label, n in
             (("error", c["error"]), ("warning", c["warning"]), ("info", c["info"])) if n]
    affected = len({d.path for d in diagnostics})
    return f"Found {', '.join(parts)} in {affected} of {files} {noun}."
