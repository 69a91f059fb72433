"""GitHub Actions workflow commands: each diagnostic becomes an annotation on the PR.

Escaping follows the runner's rules (actions/toolkit `command.ts`): `%`, CR
and LF in the message; additionally `:` and `,` in property values. Other
control characters are escaped too, so plan data cannot paint the log.
"""

from __future__ import annotations

from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import with_hint
from planctl.render import RenderContext, printable

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The runner's escaping, then terminal-safe: the Actions log renders ANSI escapes."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    props = [f"file={escape_property(d.path)}"]
    if d.line:
        props.append(f"line={d.line}")
        single_line = not d.end_line or d.end_line == d.line
        if single_line:
            props.append(f"col={d.col or 1}")
        if d.end_line and d.end_line != d.line:
            props.append(f"endLine={d.end_line}")
        elif single_line and d.end_col > d.col:
            props.append(f"endColumn={d.end_col}")
    props.append(f"title={escape_property(f'planctl {d.code}')}")
    message = with_hint(d.message, d.hint)
    return f"::{_LEVEL[d.severity]} {','.join(props)}::{escape_data(message)}"


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    return "".join(annotation(d) + "\n" for d in diagnostics)
