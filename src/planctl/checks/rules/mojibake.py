"""T008: text that was UTF-8 read as Latin-1 (mojibake)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, did_you_mean, lazy
from planctl.model import Plan

ID = "T008"
NAME = "mojibake"
SEVERITY = Severity.ERROR
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A text holds mojibake such as 'Ã¥', 'Ã¤' or 'Ã¶': UTF-8 once decoded as Latin-1.")
EXPLANATION = N_("""\
When UTF-8 text is read as Latin-1 or Windows-1252 and saved again, every
å, ä and ö becomes two characters: å -> Ã¥, ä -> Ã¤, ö -> Ã¶, é -> Ã©, and
typographic dashes and quotes become â€“, â€œ. Retype the text or convert it
back (in Python: text.encode('cp1252').decode('utf-8')).

Bad:

    title: StÃ¶d fÃ¶r upphandling

Good:

    title: Stöd för upphandling""")

# Ã or Â followed by a Latin-1 continuation character, or the â€ of 3-byte punctuation.
_PATTERN = re.compile("[\u00c3\u00c2][\u0080-\u00bf]|\u00e2\u20ac")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for doc in plan.documents:
        text = doc.text or ""
        if doc.data is None or ("\u00c3" not in text and "\u00c2" not in text and "\u00e2" not in text):
            continue
        if not _PATTERN.search(text):
            continue
        for path, value in ctx.strings(doc):
            match = _PATTERN.search(value)
            if match:
                yield ctx.diag(ID, SEVERITY, doc, path, lazy("'{text}' looks like mojibake", text=match.group()),
                               hint=_guess(value))


def _guess(value: str) -> str:
    try:
        return did_you_mean(value.encode("cp1252").decode("utf-8")[:60])
    except (UnicodeEncodeError, UnicodeDecodeError):
        return lazy("UTF-8 text was decoded as Latin-1; retype the accented letters")
