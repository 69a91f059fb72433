"""The four edits - add, set, rm, mv - as pure computations of new file texts.

Nothing here writes: each operation returns the files it would change, so the
caller can check the result first (`guard`) and write it all or nothing
(`session`). Only the files touched are round-tripped through ruamel; the rest
of the plan is known from the fast loader's read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl import rtyaml
from planctl.config import Config
from planctl.edit import ids as idalloc
from planctl.edit.comments import (
    append_item, insert_key, remove_item, remove_key, replace_value, restore_comment_gaps,
)
from planctl.edit.refs import Referrer, referrers
from planctl.edit.values import LIST_FIELDS, check_field, insert_position, scalar
from planctl.errors import PlanctlError, UsageError
from planctl.model import DIR_OF_KIND, FIELD_ORDER, KINDS, Document, Entity, Plan

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/{kind}.schema.json\n"


@dataclass(frozen=True, slots=True)
class Change:
    """One file's new content; `text=None` deletes it."""

    path: str  # POSIX, relative to the plan root
    kind: str | None
    text: str | None
    old_text: str | None = None
    bom: bool = False  # write a UTF-8 byte-order mark first, as the file had one


@dataclass
class Edit:
    summary: str
    ident: str | None = None
    path: str | None = None
    changes: list[Change] = field(default_factory=list)


class EditRefused(PlanctlError):
    """The edit cannot be made as asked (e.g. the entity is still referred to): exit 1."""

    exit_code = 1

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True, slots=True)
class Assignment:
    field: str
    op: str  # "=", "+=" or "-="
    value: str | tuple[str, ...]  # a tuple: a list's items as they are (not split at commas)


_ASSIGN_RE = re.compile(r"^([a-z_]+)(\+=|-=|=)(.*)$", re.DOTALL)


def parse_assignment(text: str) -> Assignment:
    match = _ASSIGN_RE.match(text)
    if not match:
        raise UsageError(f"{text!r} is not FIELD=VALUE, FIELD+=VALUE or FIELD-=VALUE")
    return Assignment(match.group(1), match.group(2), match.group(3))


def entity_path(kind: str, ident: str) -> str:
    return f"plan/{DIR_OF_KIND[kind]}/{ident}.yaml"


def entity_of(plan: Plan, ident: str) -> Entity:
    entity = plan.get(ident)
    if entity is None:
        from planctl.loader import check_holder

        check_holder(plan, ident)  # its file is broken: say so, not "no such id"
        raise UsageError(f"no goal, initiative or owner has the id {ident!r}")
    return entity


class EditedFiles:
    """Round-trip copies of the documents an operation touches, loaded once each."""

    def __init__(self) -> None:
        self.loaded: dict[str, tuple[Document, Any]] = {}

    def data(self, doc: Document) -> Any:
        if doc.path not in self.loaded:
            if doc.text is None or not isinstance(doc.data, dict):
                raise UsageError(f"{doc.path} cannot be edited until it is valid YAML (run 'planctl validate')")
            self.loaded[doc.path] = (doc, rtyaml.load(doc.text.replace("\r\n", "\n")))
        return self.loaded[doc.path][1]

    def changes(self, moved: dict[str, str] | None = None) -> list[Change]:
        moved = moved or {}
        out = []
        for path, (doc, data) in self.loaded.items():
            text = rtyaml.dump(data)
            if doc.text and isinstance(data, dict):
                text = restore_comment_gaps(data, doc.text.replace("\r\n", "\n"), text)
            if doc.text and "\r\n" in doc.text:  # keep a Windows editor's line endings
                text = text.replace("\n", "\r\n")
            target = moved.get(path, path)
            if target != path:
                out.append(Change(path, doc.kind, None, doc.text))
                out.append(Change(target, doc.kind, text, None, bom=doc.bom))
            elif text != doc.text:
                out.append(Change(path, doc.kind, text, doc.text, bom=doc.bom))
        return out


def _new_value(kind: str, name: str, value: str | list[str]) -> Any:
    if isinstance(value, list) or name in LIST_FIELDS[kind]:
        items = value if isinstance(value, list) else [value]
        seq = rtyaml.CommentedSeq([scalar(name, item) for item in items])
        return seq
    return scalar(name, value)


def add_entity(config: Config, plan: Plan, kind: str, fields: dict[str, str | list[str]]) -> Edit:
    """A new entity file in canonical key order, with the next free id for initiatives."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r} (expected {', '.join(KINDS)})")
    fields = {k: v for k, v in fields.items() if v not in (None, "", [])}
    if kind == "initiative":
        ident = idalloc.next_initiative_id(plan, config.plan_dir)
    elif kind == "goal":
        parent = fields.get("parent")
        ident = str(fields.get("id") or idalloc.next_goal_id(plan, parent if isinstance(parent, str) else None))
    else:
        ident = str(fields.get("id") or "")
        if not ident:
            raise UsageError("an owner needs an id: pass --id")
    if plan.get(ident) is not None:
        raise UsageError(f"{ident} exists already ({plan.get(ident).doc.path})")  # type: ignore[union-attr]
    rel = entity_path(kind, ident)
    if (config.root / rel).exists():
        raise UsageError(f"{rel} exists already")
    data = rtyaml.CommentedMap()
    data["id"] = scalar("id", ident)
    for name in FIELD_ORDER[kind][1:]:
        if name in fields:
            data[name] = _new_value(kind, name, fields[name])
    unknown = set(fields) - set(FIELD_ORDER[kind])
    if unknown:
        raise UsageError(f"a {kind} has no field {sorted(unknown)[0]!r}")
    header = SCHEMA_COMMENT.format(kind=kind) if (config.root / "schema" / f"{kind}.schema.json").is_file() else ""
    text = header + rtyaml.dump(data)
    return Edit(f"added {ident}", ident, rel, [Change(rel, kind, text)])


def set_fields(config: Config, plan: Plan, ident: str, assignments: list[Assignment]) -> Edit:
    """Change fields of one entity; everything else in its file stays byte for byte."""
    entity = entity_of(plan, ident)
    files = EditedFiles()
    data = files.data(entity.doc)
    for a in assignments:
        check_field(entity.kind, a.field)
        is_list = a.field in LIST_FIELDS[entity.kind]
        if a.op != "=" and not is_list:
            raise UsageError(f"{a.field} is not a list: use {a.field}=VALUE")
        if a.op == "=":
            if a.value in ("", ()):
                if a.field in data:
                    remove_key(data, a.field)
                continue
            if is_list:
                items = list(a.value) if isinstance(a.value, tuple) else \
                    [v.strip() for v in a.value.split(",") if v.strip()]
                new = rtyaml.CommentedSeq([scalar(a.field, v) for v in items])
                old = data.get(a.field)
                if isinstance(old, list) and list(map(str, old)) == items:
                    continue
            else:
                old = data.get(a.field)
                if old is not None and str(old) == a.value:
                    continue
                new = scalar(a.field, a.value, old)
            if a.field in data:
                replace_value(data, a.field, new)
            else:
                insert_key(data, insert_position(entity.kind, data, a.field), a.field, new)
            continue
        seq = data.get(a.field)
        if a.op == "+=":
            if seq is None:
                insert_key(data, insert_position(entity.kind, data, a.field), a.field,
                           rtyaml.CommentedSeq([scalar(a.field, a.value)]))
            elif not isinstance(seq, list):
                raise UsageError(f"{entity.doc.path}: {a.field} is not a list in the file; fix it first")
            elif a.value not in [str(v) for v in seq]:
                append_item(seq, scalar(a.field, a.value))
        else:
            if not isinstance(seq, list) or a.value not in [str(v) for v in seq]:
                raise UsageError(f"{ident} has no {a.value!r} in {a.field}")
            if len(seq) == 1:
                remove_key(data, a.field)
            else:
                remove_item(seq, [str(v) for v in seq].index(a.value))
    changes = files.changes()
    summary = f"changed {ident}" if changes else f"{ident} already has those values: nothing to change"
    return Edit(summary, ident, entity.doc.path, changes)


def _rewrite_references(files: EditedFiles, refs: list[Referrer], plan: Plan, old: str, new: str) -> None:
    docs = {e.doc.path: e.doc for e in plan.entities}
    for ref in refs:
        data = files.data(docs[ref.path])
        value = data.get(ref.field)
        if isinstance(value, list):
            items = [str(v) for v in value]
            for index, item in enumerate(items):
                if item == old:
                    value[index] = scalar(ref.field, new, value[index])
            # Reassigning can make an item appear twice: keep its first occurrence.
            firsts: set[str] = set()
            duplicates = []
            for index, item in enumerate(str(v) for v in value):
                if item in firsts:
                    duplicates.append(index)
                firsts.add(item)
            for index in reversed(duplicates):
                remove_item(value, index)
        elif str(value) == old:
            data[ref.field] = scalar(ref.field, new, value)


def remove_entity(config: Config, plan: Plan, ident: str, reassign: str | None = None) -> Edit:
    """Delete an entity's file; refused while anything refers to it, unless reassigned."""
    entity = entity_of(plan, ident)
    refs = [r for r in referrers(plan, ident, entity.kind) if r.path != entity.doc.path]
    files = EditedFiles()
    if reassign is not None:
        target = entity_of(plan, reassign)
        if target.kind != entity.kind:
            raise UsageError(f"{reassign} is a {target.kind}; references to a {entity.kind} need a {entity.kind}")
        if reassign == ident:
            raise UsageError("--reassign names the entity being removed")
        _rewrite_references(files, refs, plan, ident, reassign)
    elif refs:
        fields: dict[Referrer, list[str]] = {}
        for r in refs:
            fields.setdefault(r.without_field(), []).append(r.field)
        details = [f"{r.ident} {', '.join(names)} ({r.path}): {r.label}" for r, names in fields.items()]
        n = len(details)
        raise EditRefused(f"{ident} is referred to by {n} entit{'y' if n == 1 else 'ies'}; "
                          f"pass --reassign NEW_ID to move the references, or change them first", details)
    changes = files.changes() + [Change(entity.doc.path, entity.kind, None, entity.doc.text)]
    moved = f" (references moved to {reassign})" if reassign and refs else ""
    return Edit(f"removed {ident}{moved}", ident, entity.doc.path, changes)


def rename_entity(config: Config, plan: Plan, old: str, new: str) -> Edit:
    """Give an entity a new id and file name, and rewrite every reference to it."""
    entity = entity_of(plan, old)
    if old == new:
        raise UsageError("the old and the new id are the same")
    if plan.get(new) is not None:
        raise UsageError(f"{new} exists already ({plan.get(new).doc.path}); pick another id")  # type: ignore[union-attr]
    target = entity_path(entity.kind, new)
    if (config.root / target).exists():
        raise UsageError(f"{target} exists already")
    files = EditedFiles()
    refs = referrers(plan, old, entity.kind)
    data = files.data(entity.doc)
    data["id"] = scalar("id", new, data.get("id"))
    _rewrite_references(files, refs, plan, old, new)
    old_path = entity.doc.path
    suffix = Path(old_path).suffix
    new_path = str(Path(target).with_suffix(suffix).as_posix())
    changes = files.changes({old_path: new_path})
    others = len({r.path for r in refs if r.path != old_path})
    rewritten = f"; references rewritten in {others} file{'s' if others != 1 else ''}" if others else ""
    return Edit(f"renamed {old} to {new}{rewritten}", new, new_path, changes)
