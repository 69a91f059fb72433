"""Inline suppressions: `# planctl: ignore[CODE] reason` and `# planctl: ignore-file[CODE] reason`.

Found by a plain text scan of each document's text (no YAML parse): a file
without the marker costs one substring search. A suppression that suppresses
nothing is itself reported (N001), so stale ones do not pile up, and `--fix`
removes the stale code from the comment (`remove_codes`), as ruff's RUF100 does.
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
                 N_("A suppression comment names a code that it does not suppress. Fixable."),
                 N_("""\
A `# planctl: ignore[CODE]` comment only silences CODE on its own line and on
the line below it; `ignore-file[CODE]` silences CODE in the whole file. When no
such problem is there any more (the data was fixed, or the comment moved), the
comment is stale and would hide a future problem without anyone deciding so.

Bad (nothing on the id line is unreferenced any more):

    # planctl: ignore[C003] not referenced yet
    id: skolverket

Good: delete the comment once the problem is gone. `planctl check --fix`
does: it removes the stale code from the brackets, or the whole comment when
no code is left, and leaves every other byte of the file as it was."""), fixable=True),
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
        rows = scan_text(doc.text or "")
        if plan is not None:
            plan.remember(doc, MEMO, rows)
    return [Suppression(doc.path, line, col, end_col, whole_file, list(codes), reason)
            for line, col, end_col, whole_file, codes, reason in rows]


def scan_text(text: str) -> tuple[tuple[int, int, int, bool, tuple[str, ...], str], ...]:
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

    def diag(code: str, message: str, hint: str | None = None, unused: str | None = None) -> None:
        # An unused code is fixable: `extra["remove"]` names the code `remove_codes` takes out.
        out.append(Diagnostic(code, META_CODES[code].severity, message, s.path, s.line, s.col, s.line, s.end_col,
                              hint=hint, fixable=unused is not None,
                              extra={"remove": unused} if unused is not None else {}))

    what = "ignore-file" if s.whole_file else "ignore"
    for code in s.codes:
        if not _CODE.match(code) or not known(code):
            diag("N002", lazy("'{what}[{code}]': {code} is not a planctl code", what=what, code=code),
                 lazy("run 'planctl rules' for the list"))
        elif not can_suppress(code):
            diag("N001", lazy("'{what}[{code}]' suppresses nothing: {family} codes cannot be suppressed", what=what,
                              code=code, family=code[0]), lazy("fix the file instead"), unused=code)
        elif code not in s.used and enabled(code):
            message = lazy("'{what}[{code}]' suppresses nothing: there is no {code} in this file", what=what,
                           code=code) if s.whole_file else \
                lazy("'{what}[{code}]' suppresses nothing: there is no {code} on this line or the next", what=what,
                     code=code)
            diag("N001", message, lazy("remove the code from the comment"), unused=code)
    if not s.reason:
        diag("N003", lazy("the '{what}' comment gives no reason", what=what), lazy("write why after the brackets"))
    return out


def remove_codes(text: str, removals: Iterable[tuple[int, str]]) -> tuple[str, list[tuple[int, str, str]]]:
    """`text` without the given codes in the suppression comments of the given lines (1-based,
    numbered as `scan` numbers them), and (line, "ignore" or "ignore-file", code) for each removed.

    Only the bytes of the code go, with its comma: `ignore[C003, T005] why` loses `C003, `. A
    comment left with no code goes whole: the line when the comment is alone on it (with its line
    break, whatever it is), else the comment and the blanks before it (`id: x  # planctl: ...`
    becomes `id: x`). Every other byte stays: line endings, the reason of a comment that keeps a
    code, comments elsewhere. The text is edited as text, never parsed and dumped, so the caller
    checks that it still reads as the same data (a marker inside a quoted text is no comment).
    """
    wanted: dict[int, list[str]] = {}
    for line, code in removals:
        wanted.setdefault(line, []).append(code.upper())
    if not wanted:
        return text, []
    lines = text.splitlines(keepends=True)
    done: list[tuple[int, str, str]] = []
    for number in sorted(wanted):
        if not 0 < number <= len(lines):
            continue
        full = lines[number - 1]
        body = full.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        match = _COMMENT.search(body)
        if match is None:
            continue
        kind = match.group(1)
        items = match.group(2).split(",")
        removed = _drop(items, wanted[number])
        if not removed:
            continue
        done.extend((number, kind, items[i].strip().upper()) for i in removed)
        kept = [item for i, item in enumerate(items) if i not in removed]
        if any(item.strip() for item in kept):
            inside = ",".join(kept).strip()
            lead = items[0][:len(items[0]) - len(items[0].lstrip())]
            trail = items[-1][len(items[-1].rstrip()):]
            start, end = match.span(2)
            lines[number - 1] = body[:start] + lead + inside + trail + body[end:] + full[len(body):]
        elif not body[:match.start()].strip():
            lines[number - 1] = ""  # the comment was the line
        else:
            lines[number - 1] = body[:match.start()].rstrip(" \t") + full[len(body):]
    return "".join(lines), done


def _drop(items: list[str], codes: list[str]) -> set[int]:
    """The indexes of `items` to remove: one per code asked for (a code written twice and
    reported twice goes twice), the first occurrences first."""
    removed: set[int] = set()
    for code in codes:
        for i, item in enumerate(items):
            if i not in removed and item.strip().upper() == code:
                removed.add(i)
                break
    return removed
