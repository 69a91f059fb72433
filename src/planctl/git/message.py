"""Commit messages people can read and programs can parse.

Header in Conventional Commits form, a body naming every entity added,
removed or changed (with the fields), and a last paragraph of git trailers
only (`Plan-Added:`, `Plan-Changed:`, `Plan-Removed:`, `Plan-Renamed: OLD -> NEW`,
`Planctl-Version:`), one id (or one rename) per trailer so `git log --format=%(trailers:key=Plan-Changed)` and
`git interpret-trailers --parse` list them without further parsing.

Plan text in a message is one line, with control and bidi characters escaped:
a title holding a newline could otherwise start a paragraph of its own
(`Signed-off-by: ...`, `Plan-Removed: INI-001`) and forge trailers, and an ESC
would repaint the terminal of whoever runs `git log`.
"""

from __future__ import annotations

import re

from planctl.diffreport import GROUP_TITLES, and_list, counted, describe_field
from planctl.i18n import N_, _
from planctl.render import printable
from planctl.semdiff import PLURAL, EntityChange, PlanDiff

HEADER_MAX = 100
"""commitlint's default limit; the issue's own example header is 77 characters."""
TRAILER_KEYS = {"added": "Plan-Added", "changed": "Plan-Changed", "removed": "Plan-Removed"}
RENAMED_KEY = "Plan-Renamed"
RENAME_ARROW = " -> "
"""Between two trailer values, which never hold a space (`trailer_value`): unambiguous."""

RENAMED = {"goal": N_("Renamed goal {old} to {new}."), "initiative": N_("Renamed initiative {old} to {new}."),
           "owner": N_("Renamed owner {old} to {new}."), "event": N_("Renamed event {old} to {new}."),
           "need": N_("Renamed need {old} to {new}.")}
"""The first line of a rename's body, one sentence per kind (Swedish nouns have genders)."""


_TRAILER_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]*", re.ASCII)


def one_line(text: str) -> str:
    """Plan text made safe for a commit message: one line (every line break and run of white
    space becomes one space) and no control or bidi character (shown escaped)."""
    return printable(" ".join(str(text).split()))


def trailer_value(value: str) -> str:
    """A trailer value is an id or a version: one token, so it can neither end the trailer
    block nor add a trailer. Anything else (an id the schema would refuse, committed with
    --no-verify) is escaped to one token rather than written as it is."""
    if _TRAILER_VALUE.fullmatch(value):
        return value
    return printable(value).replace(" ", "\\x20") or '""'


def _quoted(title: str, room: int) -> str:
    title = one_line(title).replace('"', "'")
    if len(title) + 2 > room:
        title = title[: max(room - 3, 8)].rstrip() + "…"
    return f'"{title}"'


def renames(diff: PlanDiff) -> list[tuple[EntityChange, EntityChange]]:
    """(removed, added) pairs of the same kind and label: what `planctl mv` produces."""
    pairs = []
    added = list(diff.added)
    for old in diff.removed:
        for new in added:
            if new.kind == old.kind and new.label == old.label:
                pairs.append((old, new))
                added.remove(new)
                break
    return pairs


def header(diff: PlanDiff) -> str:
    """`type(scope): description`: the type and scope are the same in every language (tools
    read them), the description is in the language of the run (people read it)."""
    changes = diff.changes
    if not changes:
        return "chore(plan): " + _("update schema and configuration")
    kinds = {c.kind for c in changes}
    scope = PLURAL[next(iter(kinds))] if len(kinds) == 1 else "plan"
    pairs = renames(diff)
    if len(pairs) == 1 and len(diff.added) == 1 and len(diff.removed) == 1:
        old, new = pairs[0]
        return f"refactor({PLURAL[new.kind]}): " + _("rename {old} to {new}").format(
            old=one_line(old.ident), new=one_line(new.ident))
    if len(changes) == 1:
        c = changes[0]
        if c.change == "added":
            start = f"feat({scope}): " + _("add {id}").format(id=one_line(c.ident)) + " "
            return start + _quoted(c.label, HEADER_MAX - len(start))
        if c.change == "removed":
            start = f"chore({scope}): " + _("remove {id}").format(id=one_line(c.ident)) + " "
            return start + _quoted(c.label, HEADER_MAX - len(start))
        if len(c.fields) == 1:
            f = c.fields[0]
            if isinstance(f.new, str) and one_line(f.new) == f.new:
                text = f"chore({scope}): " + _("set {id} {field} to {value}").format(
                    id=one_line(c.ident), field=f.field, value=f.new)
                if len(text) <= HEADER_MAX:
                    return text
        fields = ", ".join(f.field for f in c.fields)
        text = f"chore({scope}): " + _("update {id} ({fields})").format(id=one_line(c.ident), fields=fields)
        return text if len(text) <= HEADER_MAX else f"chore({scope}): " + _("update {id}").format(id=one_line(c.ident))
    if len({c.change for c in changes}) == 1 and changes[0].change == "added":
        return f"feat({scope}): " + _("add {id}").format(id=_summary(changes))
    if len({c.change for c in changes}) == 1 and changes[0].change == "removed":
        return f"chore({scope}): " + _("remove {id}").format(id=_summary(changes))
    return f"chore({scope}): " + _("update {id}").format(id=_summary(changes))


def _summary(changes: list[EntityChange]) -> str:
    per_kind: dict[str, int] = {}
    for c in changes:
        per_kind[c.kind] = per_kind.get(c.kind, 0) + 1
    return and_list([counted(n, kind) for kind, n in per_kind.items()])


def body(diff: PlanDiff) -> str:
    """What changed, for people: in the language of the run, as `planctl diff` says it."""
    lines: list[str] = []
    for old, new in renames(diff):
        lines.append(_(RENAMED[old.kind]).format(old=one_line(old.ident), new=one_line(new.ident)))
    for change, group in (("added", diff.added), ("removed", diff.removed), ("changed", diff.changed)):
        if not group:
            continue
        if lines:
            lines.append("")
        lines.append(f"{_(GROUP_TITLES[change])}:")
        for c in group:
            ident = one_line(c.ident)
            if c.change == "changed":
                lines.extend(f"- {ident} {one_line(describe_field(c.kind, f))}" for f in c.fields)
            else:
                lines.append(f'- {ident} "{one_line(c.label)}"' if c.label != c.ident else f"- {ident}")
    return "\n".join(lines)


def trailers(diff: PlanDiff, version: str) -> list[tuple[str, str]]:
    """One trailer per id, then `Plan-Renamed: OLD -> NEW` per rename (the renamed ids keep
    their Added/Removed trailers, so a reader that knows no renames still finds them)."""
    out = [(TRAILER_KEYS[c.change], trailer_value(c.ident)) for change in ("added", "changed", "removed")
           for c in diff.of(change)]
    out += [(RENAMED_KEY, f"{trailer_value(old.ident)}{RENAME_ARROW}{trailer_value(new.ident)}")
            for old, new in renames(diff)]
    out.append(("Planctl-Version", trailer_value(version)))
    return out


def build_message(diff: PlanDiff, *, user_message: str | None = None, version: str | None = None) -> str:
    """The full message; `user_message` (from -m) replaces the generated header (its own
    paragraphs kept, control characters escaped: they come before the trailer block, which
    git reads from the last paragraph only)."""
    if version is None:
        from planctl import __version__

        version = __version__
    if user_message and user_message.strip():
        head = "\n".join(printable(line.rstrip()) for line in user_message.strip().splitlines())
    else:
        head = header(diff)
    paragraphs = [head]
    text = body(diff)
    if text:
        paragraphs.append(text)
    paragraphs.append("\n".join(f"{key}: {value}" for key, value in trailers(diff, version)))
    return "\n\n".join(paragraphs) + "\n"
