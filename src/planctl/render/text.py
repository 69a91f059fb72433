"""The default, human format, after ruff's "full" one: a `path:line:col: CODE [severity] message`
header per diagnostic, which terminals and editors can open, then the source line with a caret
and the hint. Paths are shown from where the user stands (`RenderContext.display`)."""

from __future__ import annotations

from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, _, ngettext, shown
from planctl.render import RenderContext, counts, printable

COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
LABELS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"), Severity.INFO: N_("info")}
"""The severity as a person reads it; `concise`, for grep and editors, keeps the English word."""


def label(severity: Severity) -> str:
    return _(LABELS[severity])


def hint_label() -> str:
    return _("hint:")


def paint(ctx: RenderContext, code: str, text: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if ctx.color else text


def where(ctx: RenderContext, d: Diagnostic) -> str:
    """`path:line:col`, the path as the user would type it."""
    path = ctx.display(d.path)
    return f"{path}:{d.line}:{d.col or 1}" if d.line else path


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    lines: list[str] = []
    for d in diagnostics:
        sev = paint(ctx, COLORS[d.severity], label(d.severity))
        lines.append(f"{paint(ctx, '1', printable(where(ctx, d)))}: {paint(ctx, '1', d.code)} [{sev}] "
                     f"{printable(shown(d.message))}")
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
                lines.append(f"{gutter} = {paint(ctx, '2', hint_label())} {printable(shown(d.hint))}")
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
    """"Found 2 errors, 1 warning in 2 of 34 files." / "Hittade 2 fel och 1 varning i 2 av 34 filer." """
    files = ctx.files_checked
    if not diagnostics:
        return paint(ctx, "32", ngettext("All checks passed ({n} file checked).",
                                         "All checks passed ({n} files checked).", files).format(n=files))
    c = counts(diagnostics)
    forms = ((ngettext("{n} error", "{n} errors", c["error"]), c["error"]),
             (ngettext("{n} warning", "{n} warnings", c["warning"]), c["warning"]),
             (ngettext("{n} info", "{n} infos", c["info"]), c["info"]))
    affected = len({d.path for d in diagnostics})
    return ngettext("Found {counts} in {affected} of {files} file.", "Found {counts} in {affected} of {files} files.",
                    files).format(counts=enumeration([text.format(n=n) for text, n in forms if n]),
                                  affected=affected, files=files)


def enumeration(items: list[str]) -> str:
    """"a, b, c" in English, "a, b och c" in Swedish: the translation of the last join decides."""
    if len(items) < 2:
        return "".join(items)
    return _("{items}, {last}").format(items=", ".join(items[:-1]), last=items[-1])
