"""The four edits - add, set, rm, mv - as pure computations of new file texts.

Nothing here writes: each operation returns the files it would change, so the
caller can check the result first (`guard`) and write it all or nothing
(`session`). A touched file is changed in place (`planctl.edit.splice`): only
the bytes of the values that change, and the lines a new key or list item
needs; the rest of the plan is known from the fast loader's read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl import spec
from planctl.config import Config
from planctl.edit import ids as idalloc
from planctl.edit.refs import Referrer, referrers
from planctl.edit.splice import SourceFile, new_document
from planctl.edit.values import LIST_FIELDS, Value, check_field, insert_position, scalar
from planctl.errors import PlanctlError, RefusedByPlan, UsageError
from planctl.i18n import N_, _, a_kind, ngettext, shown
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
    read: Any = field(default=None, compare=False, repr=False)
    """`text` as the parser read it back (a `yamlread.ParsedYaml`), so the guard does not parse it again."""


@dataclass
class Edit:
    summary: str
    ident: str | None = None
    path: str | None = None
    changes: list[Change] = field(default_factory=list)
    renamed: tuple[str, str] | None = None
    """(old, new) of an initiative `mv`: recorded beside the id mark, so that the entity, and only
    it, may take its old id back (`ids.used_before`)."""


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
_NO_FIELD = {"goal": N_("a goal has no field {field}"), "initiative": N_("an initiative has no field {field}"),
             "owner": N_("an owner has no field {field}"), "event": N_("an event has no field {field}"),
             "need": N_("a need has no field {field}")}


def parse_assignment(text: str) -> Assignment:
    match = _ASSIGN_RE.match(text)
    if not match:
        raise UsageError(_("{text} is not FIELD=VALUE, FIELD+=VALUE or FIELD-=VALUE").format(text=repr(text)))
    return Assignment(match.group(1), match.group(2), match.group(3))


def entity_path(kind: str, ident: str) -> str:
    return f"plan/{DIR_OF_KIND[kind]}/{ident}.yaml"


def entity_of(plan: Plan, ident: str) -> Entity:
    entity = plan.get(ident)
    if entity is None:
        from planctl.loader import check_holder

        check_holder(plan, ident)  # its file is broken: say so, not "no such id"
        raise RefusedByPlan(spec.no_such_id(ident, _))
    return entity


class EditedFiles:
    """The files an operation touches, each read once and edited in place (`source`)."""

    def __init__(self) -> None:
        self.loaded: dict[str, tuple[Document, SourceFile]] = {}

    def _readable(self, doc: Document) -> str:
        if doc.text is None or not isinstance(doc.data, dict):
            raise RefusedByPlan(_("{path} cannot be edited until it is valid YAML (run 'planctl validate')").format(
                path=doc.path))
        return doc.text

    def source(self, doc: Document) -> SourceFile:
        if doc.path not in self.loaded:
            self.loaded[doc.path] = (doc, SourceFile(doc.path, self._readable(doc), doc.data))
        return self.loaded[doc.path][1]

    def changes(self, moved: dict[str, str] | None = None) -> list[Change]:
        moved = moved or {}
        out = []
        for path, (doc, edited) in self.loaded.items():
            text = edited.result()
            target = moved.get(path, path)
            if target != path:
                out.append(Change(path, doc.kind, None, doc.text))
                out.append(Change(target, doc.kind, text, None, bom=doc.bom, read=edited.read_back))
            elif text != doc.text:
                out.append(Change(path, doc.kind, text, doc.text, bom=doc.bom, read=edited.read_back))
        return out


def _new_value(kind: str, name: str, value: str | list[str]) -> Value:
    if isinstance(value, list) or name in LIST_FIELDS[kind]:
        items = value if isinstance(value, list) else [value]
        return [scalar(name, item, kind=kind) for item in items]
    return scalar(name, value, kind=kind)


def add_entity(config: Config, plan: Plan, kind: str, fields: dict[str, str | list[str]]) -> Edit:
    """A new entity file in canonical key order, with the next free id for initiatives."""
    if kind not in KINDS:
        raise UsageError(_("unknown kind {kind} (expected {kinds})").format(kind=repr(kind), kinds=", ".join(KINDS)))
    fields = {k: v for k, v in fields.items() if v not in (None, "", [])}
    if spec.KIND[kind].serial:
        ident = idalloc.next_serial_id(plan, config.plan_dir, kind)
    elif kind == "goal":
        parent = fields.get("parent")
        ident = str(fields.get("id") or idalloc.next_goal_id(plan, parent if isinstance(parent, str) else None))
    else:
        ident = str(fields.get("id") or "")
        if not ident:
            raise UsageError(_("an owner needs an id: pass --id"))
    from planctl.edit.newid import refusal

    parent, rel = fields.get("parent"), entity_path(kind, ident)
    refused = refusal(config.root, plan, kind, ident, parent if isinstance(parent, str) else None, rel)
    if refused is not None:
        raise refused
    unknown = set(fields) - set(FIELD_ORDER[kind])
    if unknown:
        raise UsageError(_(_NO_FIELD[kind]).format(field=repr(sorted(unknown)[0])))
    entries: dict[str, Value] = {"id": scalar("id", ident)}
    for name in FIELD_ORDER[kind][1:]:
        if name in fields:
            entries[name] = _new_value(kind, name, fields[name])
    header = SCHEMA_COMMENT.format(kind=kind) if (config.root / "schema" / f"{kind}.schema.json").is_file() else ""
    return Edit(_("added {id}").format(id=ident), ident, rel, [Change(rel, kind, new_document(header, entries))])


def _items(value: str | tuple[str, ...]) -> list[str]:
    """A list's items from the command line: split at commas, or a tuple as it is."""
    return list(value) if isinstance(value, tuple) else [v.strip() for v in value.split(",") if v.strip()]


def set_fields(config: Config, plan: Plan, ident: str, assignments: list[Assignment]) -> Edit:
    """Change fields of one entity; everything else in its file stays byte for byte."""
    entity = entity_of(plan, ident)
    files = EditedFiles()
    source = files.source(entity.doc)
    for a in assignments:
        check_field(entity.kind, a.field)
        is_list = a.field in LIST_FIELDS[entity.kind]
        if a.op != "=" and not is_list:
            raise UsageError(_("{field} is not a list: use {field}=VALUE").format(field=a.field))
        key = (a.field,)
        old = source.get(key)
        present = a.field in source.data
        if a.op == "=" and (a.value in ("", ()) or (is_list and not _items(a.value))):
            if present:
                source.remove(key)
            continue
        if a.op == "=" and is_list:
            items = _items(a.value)
            if isinstance(old, list) and [str(v) for v in old] == items:
                continue
            if not present:
                _insert_field(source, entity.kind, a.field, [scalar(a.field, v, kind=entity.kind) for v in items])
            else:
                source.set_list(key, items, functools.partial(scalar, a.field, kind=entity.kind))
        elif a.op == "=":
            assert isinstance(a.value, str)
            if old is not None and str(old) == a.value:
                continue
            if present:
                source.replace(key, scalar(a.field, a.value, source.style(key), kind=entity.kind))
            else:
                _insert_field(source, entity.kind, a.field, scalar(a.field, a.value, kind=entity.kind))
        elif a.op == "+=":
            assert isinstance(a.value, str)
            if not present:
                _insert_field(source, entity.kind, a.field, [scalar(a.field, a.value, kind=entity.kind)])
            elif old is None:  # `goals:` with nothing after it
                source.replace(key, [scalar(a.field, a.value, kind=entity.kind)])
            elif not isinstance(old, list):
                raise RefusedByPlan(_("{path}: {field} is not a list in the file; fix it first").format(
                    path=entity.doc.path, field=a.field))
            elif a.value not in [str(v) for v in old]:
                source.append(key, scalar(a.field, a.value, kind=entity.kind))
        else:
            if not isinstance(old, list) or a.value not in [str(v) for v in old]:
                raise RefusedByPlan(_("{id} has no {value} in {field}").format(id=ident, value=repr(a.value),
                                                                                field=a.field))
            if len(old) == 1:
                source.remove(key)
            else:
                source.remove((a.field, [str(v) for v in old].index(a.value)))
    changes = files.changes()
    summary = _("changed {id}").format(id=ident) if changes else \
        _("{id} already has those values: nothing to change").format(id=ident)
    return Edit(summary, ident, entity.doc.path, changes)


def _insert_field(source: SourceFile, kind: str, name: str, value: Value) -> None:
    source.insert_key((), name, value, insert_position(kind, list(source.data), name))


def _rewrite_references(files: EditedFiles, refs: list[Referrer], plan: Plan, old: str, new: str) -> None:
    """Point every reference to `old` at `new`, each keeping its style.

    Reassigning (unlike renaming) can make a list hold `new` twice, or name the
    actor that does the work (an initiative's owner) among those taking part: the
    first occurrence is kept, and the one who acts is not listed again as taking
    part. Only a duplicate the edit made goes; one that was in the file stays.
    """
    docs = {e.doc.path: e.doc for e in plan.entities}
    by_path: dict[str, list[str]] = {}
    for ref in refs:
        by_path.setdefault(ref.path, []).append(ref.field)
    for path, fields in by_path.items():
        doc = docs[path]
        source = files.source(doc)
        doubled_before = {(name, source.get((name,))[i]) for name, i in _acting_and_taking_part(source, doc.kind)}
        for name in fields:
            value = source.get((name,))
            if isinstance(value, list):
                had_new = new in value
                for index, item in enumerate(value):
                    if item == old:
                        source.replace((name, index), scalar(name, new, source.style((name, index))))
                if had_new:  # keep the first `new`, drop the ones the edit made
                    items = source.get((name,))
                    for index in reversed([i for i, item in enumerate(items) if item == new][1:]):
                        source.remove((name, index))
            elif value == old:
                source.replace((name,), scalar(name, new, source.style((name,))))
        for name, index in reversed(_acting_and_taking_part(source, doc.kind)):
            if (name, source.get((name,))[index]) not in doubled_before:
                source.remove((name,) if len(source.get((name,))) == 1 else (name, index))


def _acting_and_taking_part(source: SourceFile, kind: str | None) -> list[tuple[str, int]]:
    """The (field, index) of each entry of a taking-part list that names the entity's acting owner."""
    fields = spec.KIND[kind].fields if kind in spec.KIND else ()
    acting = {source.get((f.name,)) for f in fields if f.role == "acts" and not f.many}
    found = []
    for f in fields:
        items = source.get((f.name,)) if f.role == "takes-part" and f.many else None
        if isinstance(items, list):
            found += [(f.name, i) for i, item in enumerate(items) if isinstance(item, str) and item in acting]
    return found


def remove_entity(config: Config, plan: Plan, ident: str, reassign: str | None = None) -> Edit:
    """Delete an entity's file; refused while anything refers to it, unless reassigned."""
    entity = entity_of(plan, ident)
    refs = [r for r in referrers(plan, ident, entity.kind) if r.path != entity.doc.path]
    files = EditedFiles()
    if reassign is not None:
        target = entity_of(plan, reassign)
        if target.kind != entity.kind:
            raise RefusedByPlan(_("{id} is {what}; a reference to {kind} must name {kind}").format(
                id=reassign, what=shown(a_kind(target.kind)), kind=shown(a_kind(entity.kind))))
        if reassign == ident:
            raise UsageError(_("--reassign names the entity being removed"))
        _rewrite_references(files, refs, plan, ident, reassign)
    elif refs:
        fields: dict[Referrer, list[str]] = {}
        for r in refs:
            fields.setdefault(r.without_field(), []).append(r.field)
        details = [f"{r.ident} {', '.join(names)} ({r.path}): {r.label}" for r, names in fields.items()]
        n = len(details)
        raise EditRefused(ngettext("{id} is referred to by {n} entity; pass --reassign NEW_ID to move the "
                                   "references, or change them first",
                                   "{id} is referred to by {n} entities; pass --reassign NEW_ID to move the "
                                   "references, or change them first", n).format(id=ident, n=n), details)
    changes = files.changes() + [Change(entity.doc.path, entity.kind, None, entity.doc.text)]
    if reassign and refs:
        summary = _("removed {id} (references moved to {new})").format(id=ident, new=reassign)
    else:
        summary = _("removed {id}").format(id=ident)
    return Edit(summary, ident, entity.doc.path, changes)


def rename_entity(config: Config, plan: Plan, old: str, new: str) -> Edit:
    """Give an entity a new id and file name, and rewrite every reference to it."""
    entity = entity_of(plan, old)
    if old == new:
        raise UsageError(_("the old and the new id are the same"))
    existing = plan.get(new)
    if existing is not None:
        raise RefusedByPlan(_("{id} exists already ({path}); pick another id").format(id=new, path=existing.doc.path))
    target = entity_path(entity.kind, new)
    if (config.root / target).exists():
        raise RefusedByPlan(_("{path} exists already").format(path=target))
    reused = idalloc.used_before(config.plan_dir, new, old) if entity.kind == "initiative" else None
    if reused:
        raise RefusedByPlan(_("{id} was handed out before ({reason}) and ids are never reused; use {free}").format(
            id=new, reason=reused, free=idalloc.next_initiative_id(plan, config.plan_dir)))
    files = EditedFiles()
    refs = referrers(plan, old, entity.kind)
    source = files.source(entity.doc)
    source.replace(("id",), scalar("id", new, source.style(("id",))))
    _rewrite_references(files, refs, plan, old, new)
    old_path = entity.doc.path
    suffix = Path(old_path).suffix
    new_path = str(Path(target).with_suffix(suffix).as_posix())
    changes = files.changes({old_path: new_path})
    others = len({r.path for r in refs if r.path != old_path})
    if others:
        summary = ngettext("renamed {old} to {new}; references rewritten in {n} file",
                           "renamed {old} to {new}; references rewritten in {n} files", others).format(
                               old=old, new=new, n=others)
    else:
        summary = _("renamed {old} to {new}").format(old=old, new=new)
    return Edit(summary, new, new_path, changes,

                renamed=(old, new) if entity.kind == "initiative" else None)
