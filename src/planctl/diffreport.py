"""A `PlanDiff` as text, Markdown or JSON (`planctl diff`), and its field lines
(shared with commit messages, so a commit body reads like `planctl diff`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planctl import spec
from planctl.edit.refs import REFERENCE_FIELDS
from planctl.i18n import N_, _, counted as i18n_counted, kind_noun, ngettext
from planctl.render import printable
from planctl.semdiff import EntityChange, FieldChange, PlanDiff

Labeller = Callable[[str, str], str | None]  # (kind, id) -> title or name
SHORT = 60
"""Longer texts are summarised as "changed" in one-line descriptions."""

FORMATS = ("text", "json", "markdown")
REWRITES_SHOWN = 8
"""A rename's rewritten references name this many referring entities, then count the rest."""


def counted(n: int, kind: str) -> str:
    """`1 initiative`, `3 initiatives` ("1 insats", "3 insatser"), with the plural forms of the language."""
    if kind in spec.KIND:
        return i18n_counted(kind, n)
    from planctl.semdiff import PLURAL

    return f"{n} {kind if n == 1 else PLURAL.get(kind, kind + 's')}"


def and_list(parts: list[str]) -> str:
    """`a`, `a and b`, `a, b and c` ("a, b och c")."""
    if len(parts) <= 1:
        return "".join(parts)
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


SIDE_NAMES = {"the work tree": N_("the work tree"), "the empty repository": N_("the empty repository")}
"""What `git/plandiff.py` names a side that is not a revision; JSON keeps them as they are."""


def _side(name: str) -> str:
    return _(SIDE_NAMES[name]) if name in SIDE_NAMES else name


def _show(value: Any) -> str:
    if value is None:
        return _("(none)")
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
            return _("{field}: changed").format(field=name)  # milestones, or a list where a scalar was
        parts = [f"+{_ref(kind, name, v, labels)}" for v in change.added_items] + \
                [f"-{_ref(kind, name, v, labels)}" for v in change.removed_items]
        return f"{name}: {', '.join(parts)}" if parts else _("{field}: reordered").format(field=name)
    old, new = _show(change.old), _show(change.new)
    if len(old) > SHORT or len(new) > SHORT or "\n" in old + new:
        if change.old is None:
            return _("{field}: added").format(field=name)
        if change.new is None:
            return _("{field}: removed").format(field=name)
        return _("{field}: changed").format(field=name)
    return f"{name}: {_ref(kind, name, change.old, labels)} → {_ref(kind, name, change.new, labels)}"


def _list_or_none(change: FieldChange) -> bool:
    return all(v is None or isinstance(v, list) for v in (change.old, change.new))


def _headline(c: EntityChange) -> str:
    ident = f"{c.old_ident} -> {c.ident}" if c.change == "renamed" else c.ident
    return f'{ident} "{c.label}"' if c.label != c.ident else ident


GROUP_TITLES = {"added": N_("Added"), "removed": N_("Removed"), "renamed": N_("Renamed"), "changed": N_("Changed")}
"""The headings of a diff's groups (and of a commit body's), translated when shown."""


def _groups(diff: PlanDiff) -> list[tuple[str, list[EntityChange]]]:
    """(change, entities) of each kind of change the diff has, in the order they are shown."""
    return [(change, group) for change, group in (("added", diff.added), ("removed", diff.removed),
                                                  ("renamed", diff.renamed), ("changed", diff.changed)) if group]


def change_word(change: str) -> str:
    """`added`, `removed`, `renamed` as a word on a line of `--stat`."""
    words = {"added": N_("added"), "removed": N_("removed"), "renamed": N_("renamed"), "changed": N_("changed")}
    return _(words[change]) if change in words else change


def _counted_change(change: str, n: int) -> str:
    forms = {"added": ngettext("{n} added", "{n} added", n), "removed": ngettext("{n} removed", "{n} removed", n),
             "renamed": ngettext("{n} renamed", "{n} renamed", n), "changed": ngettext("{n} changed", "{n} changed", n)}
    return forms[change].format(n=n)


def _per_kind(kinds: list[str]) -> str:
    """`3 initiatives and 1 goal`: how many of each kind, in the diff's kind order."""
    from planctl.semdiff import KIND_RANK

    counts: dict[str, int] = {}
    for kind in sorted(kinds, key=lambda k: KIND_RANK.get(k, 9)):
        counts[kind] = counts.get(kind, 0) + 1
    return and_list([counted(n, kind) for kind, n in counts.items()])


def rewrites_line(c: EntityChange) -> str:
    """`references rewritten in 3 initiatives: INI-001, INI-004, INI-007` (the first few named)."""
    names = [w.ident for w in c.rewritten[:REWRITES_SHOWN]]
    more = len(c.rewritten) - len(names)
    listed = ", ".join(names)
    if more:
        listed = ngettext("{names} and {n} more", "{names} and {n} more", more).format(names=listed, n=more)
    return _("references rewritten in {entities}: {ids}").format(entities=_per_kind([w.kind for w in c.rewritten]),
                                                                 ids=listed)


def _rename_note(c: EntityChange) -> str:
    if c.source != "content" or c.similarity is None:
        return ""
    return " " + _("({percent}% alike)").format(percent=round(c.similarity * 100))


def _details(c: EntityChange, labels: Labeller | None) -> list[str]:
    lines = [describe_field(c.kind, f, labels) for f in c.fields]
    if c.rewritten:
        lines.append(rewrites_line(c))
    return lines


def _counts(diff: PlanDiff) -> str:
    return ", ".join(_counted_change(change, len(group)) for change, group in _groups(diff))


def _no_changes(old: str, new: str) -> str:
    old, new = _side(old), _side(new)
    if old:
        return _("No changes to the plan between {old} and {new}.").format(old=old, new=new) + "\n"
    return _("No changes to the plan.") + "\n"


def as_text(diff: PlanDiff, labels: Labeller | None = None, *, old: str = "", new: str = "") -> str:
    if not diff:
        return _no_changes(old, new)
    lines: list[str] = []
    for change, group in _groups(diff):
        lines.append(f"{_(GROUP_TITLES[change])}:")
        for c in group:
            lines.append(f"  {kind_noun(c.kind):<10} {_headline(c)}{_rename_note(c)}")
            lines.extend(f"    {line}" for line in _details(c, labels))
        lines.append("")
    if old:
        lines.append(_("{counts} between {old} and {new}.").format(counts=_counts(diff), old=_side(old),
                                                                  new=_side(new)))
    else:
        lines.append(f"{_counts(diff)}.")
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
    parts = [change_word(c.change)] if c.change != "changed" else []
    if c.fields:
        parts.append(ngettext("{n} field", "{n} fields", len(c.fields)).format(n=len(c.fields)))
    if c.rewritten:
        n = len(c.rewritten)
        parts.append(ngettext("{n} reference rewritten", "{n} references rewritten", n).format(n=n))
    return ", ".join(parts)


def as_stat(diff: PlanDiff, *, old: str = "", new: str = "") -> str:
    """One line per changed entity's file, as `git diff --stat` has one per file, then the
    totals per change and per kind. A rename's rewritten references are counted on its line."""
    if not diff:
        return _no_changes(old, new)
    rows = [(_stat_path(c), _stat_what(c)) for c in diff.changes]
    width = max(len(path) for path, _ in rows)
    lines = [f" {path:<{width}} | {what}" for path, what in rows]
    n = len(diff.changes)
    total = ngettext("{n} entity ({kinds}): {counts}", "{n} entities ({kinds}): {counts}", n)
    lines.append(" " + total.format(n=n, kinds=_per_kind([c.kind for c in diff.changes]), counts=_counts(diff)))
    return "\n".join(printable(line) for line in lines) + "\n"


def as_markdown(diff: PlanDiff, labels: Labeller | None = None, *, old: str = "", new: str = "") -> str:
    span = f" ({_side(old)} → {_side(new)})" if old else ""

    lines = ["## " + _("Changes to the plan") + span, ""]
    if not diff:
        return "\n".join([*lines, _("No changes."), ""])
    for change, group in _groups(diff):
        lines += [f"### {_(GROUP_TITLES[change])}", ""]
        for c in group:
            label = f" — {_md(c.label)}" if c.label != c.ident else ""
            ident = f"{_md(c.old_ident)} → {_md(c.ident)}" if c.change == "renamed" else _md(c.ident)
            lines.append(f"- **{ident}** ({kind_noun(c.kind)}){label}{_md(_rename_note(c))}")
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
