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
    return f'{c.ident} "{c.label}"' if c.label != c.ident else c.ident


def as_text(diff: PlanDiff, labels: Labeller | None = None, *, old: str = "", new: str = "") -> str:
    if not diff:
        return f"No changes to the plan between {old} and {new}.\n" if old else "No changes to the plan.\n"
    lines: list[str] = []
    for title, group in (("Added", diff.added), ("Removed", diff.removed), ("Changed", diff.changed)):
        if not group:
            continue
        lines.append(f"{title}:")
        for c in group:
            lines.append(f"  {c.kind:<10} {_headline(c)}")
            lines.extend(f"    {describe_field(c.kind, f, labels)}" for f in c.fields)
        lines.append("")
    counts = ", ".join(f"{len(g)} {name}" for name, g in
                       (("added", diff.added), ("removed", diff.removed), ("changed", diff.changed)) if g)
    span = f" between {old} and {new}" if old else ""
    lines.append(f"{counts}{span}.")
    return "\n".join(printable(line) for line in lines) + "\n"


def as_markdown(diff: PlanDiff, labels: Labeller | None = None, *, old: str = "", new: str = "") -> str:
    span = f" ({old} → {new})" if old else ""
    lines = [f"## Changes to the plan{span}", ""]
    if not diff:
        return "\n".join(lines + ["No changes.", ""])
    for title, group in (("Added", diff.added), ("Removed", diff.removed), ("Changed", diff.changed)):
        if not group:
            continue
        lines += [f"### {title}", ""]
        for c in group:
            label = f" — {_md(c.label)}" if c.label != c.ident else ""
            lines.append(f"- **{c.ident}** ({c.kind}){label}")
            lines.extend(f"  - {_md(describe_field(c.kind, f, labels))}" for f in c.fields)
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

    from planctl.render.jsonfmt import envelope

    return envelope("diff", diff={
        "old": old or None,
        "new": new or None,
        "added": [entity(c) for c in diff.added],
        "removed": [entity(c) for c in diff.removed],
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
