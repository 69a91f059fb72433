"""Commit messages people can read and programs can parse.

Header in Conventional Commits form, a body naming every entity added,
removed or changed (with the fields), and a last paragraph of git trailers
only (`Plan-Added:`, `Plan-Changed:`, `Plan-Removed:`, `Planctl-Version:`),
one id per trailer so `git log --format=%(trailers:key=Plan-Changed)` and
`git interpret-trailers --parse` list them without further parsing.
"""

from __future__ import annotations

from planctl.diffreport import describe_field
from planctl.semdiff import EntityChange, PlanDiff

HEADER_MAX = 100
"""commitlint's default limit; the issue's own example header is 77 characters."""
TRAILER_KEYS = {"added": "Plan-Added", "changed": "Plan-Changed", "removed": "Plan-Removed"}
PLURAL = {"goal": "goals", "initiative": "initiatives", "owner": "owners"}


def _count(n: int, kind: str) -> str:
    return f"{n} {kind if n == 1 else PLURAL[kind]}"


def _quoted(title: str, room: int) -> str:
    title = " ".join(title.split()).replace('"', "'")
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
    changes = diff.changes
    if not changes:
        return "chore(plan): update schema and configuration"
    kinds = {c.kind for c in changes}
    scope = PLURAL[next(iter(kinds))] if len(kinds) == 1 else "plan"
    pairs = renames(diff)
    if len(pairs) == 1 and len(diff.added) == 1 and len(diff.removed) == 1:
        old, new = pairs[0]
        return f"refactor({PLURAL[new.kind]}): rename {old.ident} to {new.ident}"
    if len(changes) == 1:
        c = changes[0]
        if c.change == "added":
            start = f"feat({scope}): add {c.ident} "
            return start + _quoted(c.label, HEADER_MAX - len(start))
        if c.change == "removed":
            start = f"chore({scope}): remove {c.ident} "
            return start + _quoted(c.label, HEADER_MAX - len(start))
        if len(c.fields) == 1:
            f = c.fields[0]
            if isinstance(f.new, str) and "\n" not in f.new:
                text = f"chore({scope}): set {c.ident} {f.field} to {f.new}"
                if len(text) <= HEADER_MAX:
                    return text
        fields = ", ".join(f.field for f in c.fields)
        text = f"chore({scope}): update {c.ident} ({fields})"
        return text if len(text) <= HEADER_MAX else f"chore({scope}): update {c.ident}"
    if len({c.change for c in changes}) == 1 and changes[0].change == "added":
        return f"feat({scope}): add " + _summary(changes)
    if len({c.change for c in changes}) == 1 and changes[0].change == "removed":
        return f"chore({scope}): remove " + _summary(changes)
    return f"chore({scope}): update " + _summary(changes)


def _summary(changes: list[EntityChange]) -> str:
    per_kind: dict[str, int] = {}
    for c in changes:
        per_kind[c.kind] = per_kind.get(c.kind, 0) + 1
    parts = [_count(n, kind) for kind, n in per_kind.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def body(diff: PlanDiff) -> str:
    lines: list[str] = []
    for old, new in renames(diff):
        lines.append(f"Renamed {old.kind} {old.ident} to {new.ident}.")
    for title, group in (("Added", diff.added), ("Removed", diff.removed), ("Changed", diff.changed)):
        if not group:
            continue
        if lines:
            lines.append("")
        lines.append(f"{title}:")
        for c in group:
            if c.change == "changed":
                lines.extend(f"- {c.ident} {describe_field(c.kind, f)}" for f in c.fields)
            else:
                lines.append(f'- {c.ident} "{c.label}"' if c.label != c.ident else f"- {c.ident}")
    return "\n".join(lines)


def trailers(diff: PlanDiff, version: str) -> list[tuple[str, str]]:
    out = [(TRAILER_KEYS[c.change], c.ident) for change in ("added", "changed", "removed")
           for c in diff.of(change)]
    out.append(("Planctl-Version", version))
    return out


def build_message(diff: PlanDiff, *, user_message: str | None = None, version: str | None = None) -> str:
    """The full message; `user_message` (from -m) replaces the generated header."""
    if version is None:
        from planctl import __version__ as version
    head = user_message.strip() if user_message and user_message.strip() else header(diff)
    paragraphs = [head]
    text = body(diff)
    if text:
        paragraphs.append(text)
    paragraphs.append("\n".join(f"{key}: {value}" for key, value in trailers(diff, version)))
    return "\n\n".join(paragraphs) + "\n"
