"""Read-only views of the plan for curators: one entity resolved (`show`),
who refers to an id (`refs`), and tables of a kind (`list`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from planctl import spec
from planctl.checks.locate import locate
from planctl.checks.references import REFERENCE_FIELDS, Reference, ReferenceIndex
from planctl.errors import UsageError
from planctl.export.collate import sort_key
from planctl.export.table import Column, Context, Table
from planctl.i18n import N_, _, shown
from planctl.model import FIELD_ORDER, Entity, Plan

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.filters import Query



_NO_SUCH_ID = {"goal": N_("no goal has the id '{id}'"), "initiative": N_("no initiative has the id '{id}'"),
               "owner": N_("no owner has the id '{id}'"), "event": N_("no event has the id '{id}'"),
               "need": N_("no need has the id '{id}'")}

def load_view(config: Config, fmt: str) -> tuple[Plan, ReferenceIndex]:
    """The plan and its references for a view. Views skip schema validation: they must
    work on a plan with errors, which is when a curator needs them most."""
    from planctl.loader import load_plan

    if fmt not in ("text", "json"):
        raise UsageError(_("unknown format {format!r} (expected text or json)").format(format=fmt))
    plan = load_plan(config, schema=False, cache=True)  # the schema's findings left out, the cache used
    plan.save_cache()
    return plan, ReferenceIndex.build(plan)


def find(plan: Plan, ident: str) -> Entity:
    entity = plan.get(ident)
    if entity is None:
        from planctl.loader import check_holder

        check_holder(plan, ident)  # its file is broken: say so, not "no such id"
        from planctl.suggest import id_hint

        found = id_hint(ident, [e.id for e in plan.entities])
        kind = spec.kind_of_id(ident)  # named only for a numbered id: any lowercase word has an owner's pattern
        message = _(_NO_SUCH_ID[kind.name] if kind is not None and kind.numbered
                    else N_("nothing in the plan has the id '{id}'")).format(id=ident)
        raise UsageError("; ".join([message, shown(found)]) if found else message)
    return entity


def label(plan: Plan, ident: str) -> str:
    entity = plan.get(ident)
    return entity.label if entity is not None else _("(unknown id)")


def describe(plan: Plan, entity: Entity, refs: ReferenceIndex) -> dict[str, Any]:
    """The entity's fields in canonical order, each reference paired with the name it points to."""
    data = entity.doc.mapping
    fields: dict[str, Any] = {}
    linked = REFERENCE_FIELDS[entity.kind]
    for key in [*FIELD_ORDER[entity.kind], *(k for k in data if k not in FIELD_ORDER[entity.kind])]:
        if key not in data:
            continue
        value = data[key]
        if key in linked:
            items = value if isinstance(value, list) else [value]
            fields[key] = [{"id": v, "title": label(plan, v) if isinstance(v, str) else None} for v in items]
        else:
            fields[key] = value
    span = locate(entity.doc, ("id",))
    return {
        "id": entity.id, "kind": entity.kind, "file": f"{entity.doc.path}:{span.line}",
        "fields": fields,
        "referred_to_by": [_ref_row(r) for r in refs.to(entity.id) if r.source is not entity],
    }


def _ref_row(ref: Reference) -> dict[str, Any]:
    return {"id": ref.source.id, "kind": ref.source.kind, "field": ref.field, "location": ref.location,
            "title": ref.source.label}


def references_to(plan: Plan, ident: str, refs: ReferenceIndex) -> list[dict[str, Any]]:
    found = [_ref_row(r) for r in refs.to(ident)]
    if not found and plan.get(ident) is None:
        find(plan, ident)  # raises with a did-you-mean
    return found


def kind_of(text: str) -> str:
    """The kind a KIND argument names, in English or Swedish (`spec.kind_named`)."""
    found = spec.kind_named(text)
    if found is None:
        raise UsageError(_("KIND must be goals, initiatives, owners, events or needs"))
    return found.name


def _plain(key: str, get: Callable[[Any], Any]) -> Column:
    """A `list` column: headed by its key, values as written in the files (ids, not names)."""
    return Column(key, key, key, lambda e, c: get(e))


def _columns(kind: str, refs: ReferenceIndex) -> list[Column]:
    """The few columns of a terminal table, ids as written and the longest text last."""
    if kind == "initiative":
        return [_plain("id", lambda e: e.id), _plain("status", lambda e: e.status or ""),
                _plain("owner", lambda e: e.owner or ""), _plain("goals", lambda e: ", ".join(e.goals)),
                _plain("title", lambda e: e.title or "")]
    if kind in ("goal", "need"):  # how many initiatives serve the goal, answer the need
        naming = {f.name for f in spec.INITIATIVE.fields if f.ref == kind}
        first = [_plain("parent", lambda e: e.parent or "")] if kind == "goal" else []
        return [_plain("id", lambda e: e.id), *first,
                _plain("initiatives", lambda e: str(sum(r.field in naming and r.source.kind == "initiative"
                                                        for r in refs.to(e.id)))),
                _plain("title", lambda e: e.title or "")]
    if kind == "event":
        return [_plain("id", lambda e: e.id), _plain("start", lambda e: spec.format_when(e.start) if e.start else ""),
                _plain("kind", lambda e: e.kind_of or ""), _plain("organiser", lambda e: e.organiser or ""),
                _plain("title", lambda e: e.title or "")]
    return [_plain("id", lambda e: e.id), _plain("kind", lambda e: e.kind_of or ""),
            _plain("references", lambda e: str(sum(r.source is not e for r in refs.to(e.id)))),
            _plain("name", lambda e: e.name or "")]


def table(plan: Plan, kind: str, where: Query, refs: ReferenceIndex) -> Table:
    """The rows of `list`: every entity of the kind (duplicates too: a view shows what is there)
    that `where` selects, in the order of the exports. The same `Table` as the exports', with
    the columns of a terminal."""
    kind = kind_of(kind)
    chosen = where.select(plan, plan.iter_kind(kind))
    chosen.sort(key=lambda e: sort_key(e.id))
    columns = _columns(kind, refs)
    ctx = Context(plan)
    return Table(spec.KIND[kind].folder, columns, chosen, [[c.get(e, ctx) for c in columns] for e in chosen])
