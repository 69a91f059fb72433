"""Inline suppressions: `# planctl: ignore[CODE] reason` and `# planctl: ignore-file[CODE] reason`.

Found by a plain text scan of each document's text (no YAML parse): a file
without the marker costs one substring search. A suppression that suppresses
nothing is itself reported, so stale ones do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from planctl.checks.rule import Rule
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Document, Plan

MARKER = "planctl:"
MEMO = "suppressions"
_COMMENT = re.compile(r"#\s*planctl:\s*(ignore-file|ignore)\[([^\]]*)\][ \t]*(.*)$")
_CODE = re.compile(r"^[A-Z][0-9]{3}$")

META_CODES: dict[str, Rule] = {
    "N001": Rule("N001", "unused-suppression", Severity.WARNING,
                 N_("A suppression comment names a code that it does not suppress."),
                 N_("""\
A `# planctl: ignore[CODE]` comment only silences CODE on its own line and on
the line below it; `ignore-file[CODE]` silences CODE in the whole file. When no
such problem is there any more (the data was fixed, or the comment moved), the
comment is stale and would hide a future problem without anyone deciding so.

Bad (nothing on the id line is unreferenced any more):

    # planctl: ignore[C003] not referenced yet
    id: skolverket

Good: delete the comment once the problem is gone.""")),
    "N002": Rule("N002", "unknown-suppression-code", Severity.WARNING,
                 N_("A suppression comment names a code planctl does not know."),
                 N_("""\
The codes between the brackets must be codes that `planctl rules` lists, such
as C003. A misspelt code suppresses nothing.

Bad:

    # planctl: ignore[C03] owner named in the report

Good:

    # planctl: ignore[C003] owner named in the report""")),
    "N003": Rule("N003", "suppression-without-reason", Severity.INFO,
                 N_("A suppression comment gives no reason."),
                 N_("""\
A suppression is a decision that the data is right and the rule is wrong here;
the next curator needs to know why. Write the reason after the brackets.

Bad:

    # planctl: ignore[C001]

Good:

    # planctl: ignore[C001] no known initiative serves this sub-goal yet""")),
}


@dataclass(slots=True)
class Suppression:
    path: str
    line: int
    col: int
    end_col: int
    whole_file: bool
    codes: list[str]
    reason: str
    used: set[str] = field(default_factory=set)


def scan(doc: Document, plan: Plan | None = None) -> list[Suppression]:
    """The suppression comments of one file, found without parsing YAML (and remembered
    per file content, so a cached file's text need not even be read)."""
    rows = doc.memo.get(MEMO) if doc.memo else None
    if rows is None:
        rows = _scan_text(doc.text or "")
        if plan is not None:
            plan.remember(doc, MEMO, rows)
    return [Suppression(doc.path, line, col, end_col, whole_file, list(codes), reason)
            for line, col, end_col, whole_file, codes, reason in rows]


def _scan_text(text: str) -> tuple[tuple[int, int, int, bool, tuple[str, ...], str], ...]:
    if MARKER not in text:
        return ()
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if MARKER not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        codes = tuple(c.strip().upper() for c in match.group(2).split(",") if c.strip())
        found.append((number, match.start() + 1, len(line) + 1, match.group(1) == "ignore-file", codes,
                      match.group(3).strip()))
    return tuple(found)


def apply(diagnostics: Iterable[Diagnostic], plan: Plan, *, known: Callable[[str], bool],
          enabled: Callable[[str], bool], can_suppress: Callable[[str], bool]) -> list[Diagnostic]:
    """The diagnostics no comment suppresses, plus N-codes for the comments themselves."""
    by_file: dict[str, list[Suppression]] = {}
    for doc in plan.documents:
        found = scan(doc, plan)
        if found:
            by_file[doc.path] = found
    if not by_file:
        return list(diagnostics)
    kept: list[Diagnostic] = []
    for d in diagnostics:
        if not can_suppress(d.code) or not _suppressed(d, by_file.get(d.path, ())):
            kept.append(d)
    for items in by_file.values():
        for s in items:
            kept.extend(_meta(s, known, enabled, can_suppress))
    return kept


def _suppressed(d: Diagnostic, items: Iterable[Suppression]) -> bool:
    for s in items:
        if d.code in s.codes and (s.whole_file or (d.line and s.line in (d.line, d.line - 1))):
            s.used.add(d.code)
            return True
    return False


def _meta(s: Suppression, known: Callable[[str], bool], enabled: Callable[[str], bool],
          can_suppress: Callable[[str], bool]) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def diag(code: str, message: str, hint: str | None = None) -> None:
        out.append(Diagnostic(code, META_CODES[code].severity, message, s.path, s.line, s.col, s.line, s.end_col,
                              hint=hint))

    what = "ignore-file" if s.whole_file else "ignore"
    for code in s.codes:
        if not _CODE.match(code) or not known(code):
            diag("N002", lazy("'{what}[{code}]': {code} is not a planctl code", what=what, code=code),
                 lazy("run 'planctl rules' for the list"))
        elif not can_suppress(code):
            diag("N001", lazy("'{what}[{code}]' suppresses nothing: {family} codes cannot be suppressed", what=what,
                              code=code, family=code[0]), lazy("fix the file instead"))
        elif code not in s.used and enabled(code):
            message = lazy("'{what}[{code}]' suppresses nothing: there is no {code} in this file", what=what,
                           code=code) if s.whole_file else \
                lazy("'{what}[{code}]' suppresses nothing: there is no {code} on this line or the next", what=what,
                     code=code)
            diag("N001", message, lazy("remove the code from the comment"))
    if not s.reason:
        diag("N003", lazy("the '{what}' comment gives no reason", what=what), lazy("write why after the brackets"))
    return out
