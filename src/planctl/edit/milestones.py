"""Editing an initiative's milestones: add one, mark one done (or not), remove one.

Milestones are the one structured field (a list of mappings), so `set`'s
FIELD=VALUE cannot express them. A milestone is named by its number as
`planctl show` lists it (1 is the first) or by its exact title. Like every
edit, only the lines of the milestone change; comments stay where they were.
"""

from __future__ import annotations

from typing import Any

from planctl.config import Config
from planctl.edit.ops import Edit, EditedFiles, entity_of
from planctl.edit.splice import SourceFile
from planctl.edit.values import Scalar, Value, insert_position, scalar
from planctl.errors import RefusedByPlan, UsageError
from planctl.i18n import _, a_kind, ngettext, shown
from planctl.model import Plan
from planctl.positions import JsonPath

FIELD = "milestones"


def _milestones(files: EditedFiles, plan: Plan, ident: str) -> tuple[SourceFile, list[Any] | None, str]:
    """The initiative's file, its milestone list (None if absent) and its path."""
    entity = entity_of(plan, ident)
    if entity.kind != "initiative":
        raise RefusedByPlan(_("{id} is {what}; only initiatives have milestones").format(
            id=ident, what=shown(a_kind(entity.kind))))
    source = files.source(entity.doc)
    items = source.get((FIELD,))
    if FIELD in source.data and not isinstance(items, list):
        raise RefusedByPlan(_("{path}: {field} is not a list in the file; fix it first").format(
            path=entity.doc.path, field=FIELD))
    return source, items, entity.doc.path


def find(items: list[Any], which: str, ident: str) -> int:
    """The index of the milestone numbered or titled `which`."""
    if which.isdigit():
        number = int(which)
        if 1 <= number <= len(items):
            return number - 1
        raise RefusedByPlan(ngettext("{id} has {n} milestone; there is no number {number}",
                                     "{id} has {n} milestones; there is no number {number}", len(items)).format(
                                         id=ident, n=len(items), number=number))
    titles = [item.get("title") if isinstance(item, dict) else None for item in items]
    matches = [i for i, title in enumerate(titles) if title == which]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise RefusedByPlan(_("{id} has {n} milestones titled {title}; name it by its number").format(
            id=ident, n=len(matches), title=repr(which)))
    known = ", ".join(f"{i + 1}: {t}" for i, t in enumerate(titles)) or _("none")
    raise RefusedByPlan(_("{id} has no milestone titled {title} (its milestones: {known})").format(
        id=ident, title=repr(which), known=known))


def add_milestone(config: Config, plan: Plan, ident: str, title: str, due: str | None = None,
                  done: bool = False) -> Edit:
    """Append a milestone (title, due date, done) to an initiative."""
    if not title.strip():
        raise UsageError(_("a milestone needs a title"))
    files = EditedFiles()
    source, items, path = _milestones(files, plan, ident)
    item: dict[str, Value] = {"title": scalar("title", title)}
    if due:
        item["due"] = scalar("due", due)
    if done:
        item["done"] = Scalar(True)
    if items is None:
        source.insert_key((), FIELD, [item], insert_position("initiative", list(source.data), FIELD))
    else:
        source.append((FIELD,), item)
    return Edit(_("added a milestone to {id}").format(id=ident), ident, path, files.changes())


def mark_milestone(config: Config, plan: Plan, ident: str, which: str, done: bool = True) -> Edit:
    """Mark a milestone done (`done: true`), or not done (the key goes: false is the default)."""
    files = EditedFiles()
    source, found, path = _milestones(files, plan, ident)
    items = found or []
    index = find(items, which, ident)
    item = items[index]
    if not isinstance(item, dict):
        raise RefusedByPlan(_("{path}: milestone {which} is not a mapping in the file; fix it first").format(
            path=path, which=which))
    where = (FIELD, index)
    if done and "done" not in item:
        source.insert_key(where, "done", Scalar(True), len(item))
    elif done and item["done"] is not True:
        source.replace(where + ("done",), Scalar(True))
    elif not done and "done" in item:
        source.remove(where + ("done",))
    changes = files.changes()
    if done:
        summary = _("marked a milestone of {id} done") if changes else _("that milestone of {id} is done already")
    else:
        summary = _("marked a milestone of {id} not done") if changes else \
            _("that milestone of {id} is not done already")
    return Edit(summary.format(id=ident), ident, path, changes)


def remove_milestone(config: Config, plan: Plan, ident: str, which: str) -> Edit:
    """Remove a milestone with its own comment lines; the field goes with the last one."""
    files = EditedFiles()
    source, found, path = _milestones(files, plan, ident)
    items = found or []
    index = find(items, which, ident)
    where: JsonPath = (FIELD,) if len(items) == 1 else (FIELD, index)
    source.remove(where)
    return Edit(_("removed a milestone from {id}").format(id=ident), ident, path, files.changes())

