"""A usage error as one line in the language of the run: `planctl: error: missing argument 'ID'`.

typer's vendored click builds its messages as English f-strings (it marks none of them for
translation), so they are recognised here by their shape and said again from our catalogue. A
message this module does not know is shown as click wrote it: English, but never lost.
`tests/test_i18n_usage.py` provokes each shape through the real parser, so a typer upgrade that
rewords one fails a test instead of silently falling back to English.

Imported only when a usage error happens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from planctl.i18n import N_, _

# (click's English, as a pattern) -> our message. The named groups are the message's placeholders.
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern, re.S), message) for pattern, message in (
    (r"Missing argument (?P<name>.+?)\.?", N_("missing argument {name}")),
    (r"Missing option (?P<name>.+?)\.?", N_("missing option {name}")),
    (r"Missing parameter:? (?P<name>.+?)\.?", N_("missing parameter {name}")),
    (r"Missing command\.?", N_("missing command")),
    (r"No such command (?P<name>'.*?')\. Did you mean (?P<suggestions>.+)\?",
     N_("no such command {name}; did you mean {suggestions}?")),
    (r"No such command (?P<name>'.*?')\.?", N_("no such command {name}")),
    (r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)", N_("unexpected extra arguments: {args}")),
    (r"Option (?P<option>'.*?') requires an argument\.?", N_("option {option} requires an argument")),
    (r"Option (?P<option>'.*?') requires (?P<n>\d+) arguments\.?", N_("option {option} requires {n} arguments")),
    (r"Option (?P<option>'.*?') does not take a value\.?", N_("option {option} does not take a value")),
    (r"(?P<value>'.*') is not one of (?P<choices>.+?)\.?", N_("{value} is not one of {choices}")),
    (r"(?P<value>'.*') is not a valid (?:int|integer) range\.?", N_("{value} is not a whole number")),
    (r"(?P<value>'.*') is not a valid (?:int|integer)\.?", N_("{value} is not a whole number")),
    (r"(?P<value>'.*') is not a valid float(?: range)?\.?", N_("{value} is not a number")),
    (r"(?P<value>.+) is not in the range (?P<range>.+?)\.?", N_("{value} is not in the range {range}")),
    (r"(?P<value>'.*') does not match the formats (?P<formats>.+?)\.?",
     N_("{value} does not match the formats {formats}")),
    (r"Invalid value for (?P<param>.+?): (?P<message>.*)", N_("invalid value for {param}: {message}")),
    (r"Invalid value: (?P<message>.*)", N_("invalid value: {message}")),
))


def _said_again(message: str, inner: Callable[[str], str]) -> str | None:
    for pattern, ours in _SHAPES:
        match = pattern.fullmatch(message)
        if match:
            values = match.groupdict()
            if "message" in values:  # "Invalid value for X: <a message of its own>"
                values["message"] = inner(values["message"])
            return _(ours).format(**values)
    return None


def translate(message: str) -> str:
    """click's English `message` in the language of the run (as it is when its shape is unknown)."""
    found = _said_again(message.strip(), translate)
    return found if found is not None else message


def usage_line(exc: Any) -> tuple[str, str | None]:
    """The message of the click exception `exc` (first letter lower case, no full stop, as every
    planctl error) and the command path whose help to point at (None: none)."""
    from typer._click.exceptions import NoSuchOption

    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, NoSuchOption):
        message = _("no such option: {option}").format(option=exc.option_name)
        shown = _visible(exc.possibilities or [], ctx)
        if shown:
            message += " " + _("(did you mean {options}?)").format(options=", ".join(sorted(shown)))
    else:
        english = exc.format_message()
        message = translate(english)
        if message == english:
            message = message[:1].lower() + message[1:]
    return message.rstrip(".").strip(), ctx.command_path if ctx is not None else None


def _visible(possibilities: Sequence[str], ctx: Any) -> list[str]:
    """The suggestions a user should see: an old spelling kept as a hidden alias is not one."""
    from planctl.cli._command import ALIASES

    hidden = {old for olds in ALIASES.values() for old in olds}
    return [name for name in possibilities if name not in hidden]
