"""A `PlanDiff` as text, Markdown or JSON (`planctl diff`), and its field lines
(shared with commit messages, so a commit body reads like `planctl diff`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planctl.edit.refs import REFERENCE_FIELDS
from planctl.render import printable
from planctl.semdiff import EntityChange, FieldChange, PlanDiff

Labeller = Callable[[str, str], str | None]  # (kind, id) -> title or name
SHORT = 60
"""Longer texts are summarised as "changed" in one-line descriptions."""

FORMATS = ("text", "json", "markdown")
REWRITES_SHOWN = 8
"""A rename's rewritten references name this many referring entities, then count the rest."""


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _ref(kind: str, field: str, value: Any, labels: Labeller | None) -> str:
    target = REFERENCE_FIELDS.get(kind, {}).get(field)
    text = _show(value)
    if labels is None or target is None or not isinstance(value, str):
        return text
    label = labels(target, value)
    return f'{text} "{label}"' if label and label != value else text


def describe_field(kind: str, change: FieldChange, labels: Labeller | None = None) -> str:
    """`status: ongoing → completed`, `goals: +FO2.1, -FO1.2`, `description: changed`."""
    name = change.field
    if isinstance(change.old, list) or isinstance(change.new, list):
        items = [*(change.old or []), *(change.new or [])] if _list_or_none(change) else [{}]
        if any(isinstance(v, (dict, list)) for v in items):
            return f"{name}: changed"  # milestones, or a list where a scalar was
        parts = [f"+{_ref(kind, name, v, labels)}" for v in change.added_items] + \
                [f"-{_ref(kind, name, v, labels)}" for v in change.removed_items]
        return f"{name}: {', '.join(parts) if parts else 'reordered'}"
    old, new = _show(change.old), _show(change.new)
    if len(old) > SHORT or len(new) > SHORT or "\n" in old + new:
        if change.old is None:
            return f"{name}: added"
        if change.new is None:
            return f"{name}: removed"
        return f"{name}: changed"
    return f"{name}: {_ref(kind, name, change.old, labels)} → {_ref(kind, name, change.new, labels)}"


def _list_or_none(change: FieldChange) -> bool:
    return all(v is None or isinstance(v, list) for v in (change.old, change.new))


def _headline(c: EntityChange) -> str:
    ident = f"{c.old_ident} -> {c.ident}" if c.change == "renamed" else c.ident
    return f'{ident} "{c.label}"' if c.label != c.ident else ident


def _groups(diff: PlanDiff) -> list[tuple[str, list[EntityChange]]]:
    return [(title, group) for title, group in (("Added", diff.added), ("Removed", diff.removed),
                                                ("Renamed", diff.renamed), ("Changed", diff.changed)) if group]


def _counted(n: int, kind: str) -> str:
    from planctl.semdiff import PLURAL

    return f"{n} {kind if n == 1 else PLURAL.get(kind, kind + 's')}"


def _per_kind(kinds: list[str]) -> str:
    """`3 initiatives and 1 goal`: how many of each kind, in the diff's kind order."""
    from planctl.semdiff import KIND_RANK

    counts: dict[str, int] = {}
    for kind in sorted(kinds, key=lambda k: KIND_RANK.get(k, 9)):
        counts[kind] = counts.get(kind, 0) + 1
    parts = [_counted(n, kind) for kind, n in counts.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def rewrites_line(c: EntityChange) -> str:
    """`references rewritten in 3 initiatives: INI-001, INI-004, INI-007` (the first few named)."""
    names = [w.ident for w in c.rewritten[:REWRITES_SHOWN]]
    more = len(c.rewritten) - len(names)
    listed = ", ".join(names) + (f" and {more} more" if more else "")
    return f"references rewritten in {_per_kind([w.kind for w in c.rewritten])}: {listed}"


def _rename_note(c: EntityChange) -> str:
    return f" ({round(c.similarity * 100)}% alike)" if c.source == "content" and c.similarity is not None else ""


def _details(c: EntityChange, labels: Labeller | None) -> list[str]:
    lines = [describe_field(c.kind, f, labels) for f in c.fields]
    if c.rewritten:
        lines.append(rewrites_line(c))
    return lines


def _counts(diff: PlanDiff) -> str:
    return ", ".join(f"{len(group)} {title.lower()}" for title, group in _groups(diff))


def as_text(diff: PlanDiff, labels: Labeller | None = None, *, old: str = "", new: str = "") -> str:
    if not diff:
        return f"No changes to the plan between {old} and {new}.\n" if old else "No changes to the plan.\n"
    lines: list[str] = []
    for title, group in _groups(diff):
        lines.append(f"{title}:")
        for c in group:
            lines.append(f"  {c.kind:<10} {_headline(c)}{_rename_note(c)}")
            lines.extend(f"    {line}" for line in _details(c, labels))
        lines.append("")
    span = f" between {old} and {new}" if old else ""
    lines.append(f"{_counts(diff)}{span}.")
    return "\n".join(printable(line) for line in lines) + "\n"


def _stat_path(c: EntityChange) -> str:
    """The file, and for a rename git's `dir/{old => new}` form."""
    if c.change != "renamed" or c.old_path == c.path:
        return c.path
    old_dir, _, old_name = c.old_path.rpartition("/")
    new_dir, _, new_name = c.path.rpartition("/")
    if old_dir == new_dir:
        return f"{new_dir}/{{{old_name} => {new_name}}}" if new_dir else f"{{{old_name} => {new_name}}}"
    return f"{c.old_path} => {c.path}"


def _stat_what(c: EntityChange) -> str:
    parts = [c.change] if c.change != "changed" else []
    if c.fields:
        parts.append(f"{len(c.fields)} field{'s' if len(c.fields) != 1 else ''}")
    if c.rewritten:
        parts.append(f"{len(c.rewritten)} reference{'s' if len(c.rewritten) != 1 else ''} rewritten")
    return ", ".join(parts)


def as_stat(diff: PlanDiff, *, old: str = "", new: str = "") -> str:
    """One line per changed entity's file, as `git diff --stat` has one per file, then the
    totals per change and per kind. A rename's rewritten references are counted on its line."""
    if not diff:
        return f"No changes to the plan between {old} and {new}.\n" if old else "No changes to the plan.\n"
    rows = [(_stat_path(c), _stat_what(c)) for c in diff.changes]
    width = max(len(path) for path, _ in rows)
    lines = [f" {path:<{width}} | {what}" for path, what in rows]
    n = len(diff.changes)
    lines.append(f" {n} entit{'y' if n == 1 else 'ies'} ({_per_kind([c.kind for c in diff.changes])}): {_counts(diff)}")
    return "\n".join(printable(line) for line in lines) + "\n"


def as_markdown(diff: PlanDiff, labels: Labeller | None = None, *, old: str = "", new: str = "") -> str:
    span = f" ({old} → {new})" if old else ""
    lines = [f"## Changes to the plan{span}", ""]
    if not diff:
        return "\n".join(lines + ["No changes.", ""])
    for title, group in _groups(diff):
        lines += [f"### {title}", ""]
        for c in group:
            label = f" — {_md(c.label)}" if c.label != c.ident else ""
            ident = f"{_md(c.old_ident)} → {_md(c.ident)}" if c.change == "renamed" else _md(c.ident)
            lines.append(f"- **{ident}** ({c.kind}){label}{_md(_rename_note(c))}")
            lines.extend(f"  - {_md(line)}" for line in _details(c, labels))
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    from planctl.render.mdtext import md

    return md(text)


def as_json(diff: PlanDiff, labels: Labeller | None = None, *, old: str = "", new: str = "") -> str:
    def entity(c: EntityChange) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": c.kind, "id": c.ident, "label": c.label, "path": c.path}
        if c.change == "changed":
            out["fields"] = [_field_json(c.kind, f, labels) for f in c.fields]
        return out

    def rename(c: EntityChange) -> dict[str, Any]:
        return {"kind": c.kind, "id": c.ident, "old_id": c.old_ident, "label": c.label, "path": c.path,
                "old_path": c.old_path, "source": c.source, "similarity": c.similarity,
                "fields": [_field_json(c.kind, f, labels) for f in c.fields],
                "references": [{"kind": w.kind, "id": w.ident, "path": w.path, "fields": list(w.fields)}
                               for w in c.rewritten]}

    from planctl.render.jsonfmt import envelope

    return envelope("diff", diff={
        "old": old or None,
        "new": new or None,
        "added": [entity(c) for c in diff.added],
        "removed": [entity(c) for c in diff.removed],
        "renamed": [rename(c) for c in diff.renamed],
        "changed": [entity(c) for c in diff.changed],
    })


def _field_json(kind: str, f: FieldChange, labels: Labeller | None) -> dict[str, Any]:
    out: dict[str, Any] = {"field": f.field, "old": f.old, "new": f.new}
    if isinstance(f.old, list) or isinstance(f.new, list):
        out["added"], out["removed"] = f.added_items, f.removed_items
    target = REFERENCE_FIELDS.get(kind, {}).get(f.field)
    if target and labels is not None:
        values = [v for v in [*(f.old if isinstance(f.old, list) else [f.old]),
                              *(f.new if isinstance(f.new, list) else [f.new])] if isinstance(v, str)]
        out["labels"] = {v: labels(target, v) for v in dict.fromkeys(values)}
    return out


def render(fmt: str, diff: PlanDiff, labels: Labeller | None = None, *, old: str = "", new: str = "") -> str:
    renderers = {"text": as_text, "json": as_json, "markdown": as_markdown}
    if fmt not in renderers:
        raise ValueError(f"unknown diff format {fmt!r}")
    return renderers[fmt](diff, labels, old=old, new=new)
