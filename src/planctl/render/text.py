"""The default, human format, after ruff's "full" one: a `path:line:col: CODE [severity] message`
header per diagnostic, which terminals and editors can open, then the source line with a caret
and the hint. Paths are shown from where the user stands (`RenderContext.display`)."""

from __future__ import annotations

from planctl.diagnostics import Diagnostic, Severity
from planctl.render import RenderContext, counts, printable

COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def paint(ctx: RenderContext, code: str, text: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if ctx.color else text


def where(ctx: RenderContext, d: Diagnostic) -> str:
    """`path:line:col`, the path as the user would type it."""
    path = ctx.display(d.path)
    return f"{path}:{d.line}:{d.col or 1}" if d.line else path


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    lines: list[str] = []
    for d in diagnostics:
        sev = paint(ctx, COLORS[d.severity], d.severity.label)
        lines.append(f"{paint(ctx, '1', printable(where(ctx, d)))}: {paint(ctx, '1', d.code)} [{sev}] "
                     f"{printable(d.message)}")
        # Only the quoted line is asked for: with the cache, a finding of an unchanged file is
        # quoted from what the last run kept (`model.Sources.line`), and the file is not read.
        source_line = ctx.source_line(d.path, d.line) if d.line > 0 else None
        frame = snippet(ctx, d, source_line) if source_line is not None else []
        if frame or d.hint:
            gutter = " " * len(str(d.line)) if frame else ""
            lines.append(f"{gutter} |" if frame else "")
            lines.extend(frame)
            if frame:
                lines.append(f"{gutter} |")
            if d.hint:
                lines.append(f"{gutter} = {paint(ctx, '2', 'hint:')} {printable(d.hint)}")
        lines.append("")
    if not ctx.quiet:
        lines.append(summary(diagnostics, ctx))
    elif lines:
        lines.pop()  # the blank line after the last problem
    return "\n".join(lines) + "\n" if lines else ""


SNIPPET_WIDTH = 120
"""Characters of a source line shown around the column: a 1 MB line must not be printed
once per problem (a hostile one-line file made 66 MB of output from 650 KB)."""


def snippet(ctx: RenderContext, d: Diagnostic, source_line: str) -> list[str]:
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
        f"{number} | {shown}",
        f"{gutter} | {' ' * offset}{paint(ctx, COLORS[d.severity], '^' * width)}",
    ]


def summary(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    files = ctx.files_checked
    noun = "file" if files == 1 else "files"
    if not diagnostics:
        return paint(ctx, "32", f"All checks passed ({files} {noun} checked).")
    c = counts(diagnostics)
    parts = [f"{n} {label}{'s' if n != 1 else ''}" for label, n in
             (("error", c["error"]), ("warning", c["warning"]), ("info", c["info"])) if n]
    affected = len({d.path for d in diagnostics})
    return f"Found {', '.join(parts)} in {affected} of {files} {noun}."
