"""Read-only views of the plan for curators: one entity resolved (`show`),
who refers to an id (`refs`), and tables of a kind (`list`)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planctl import spec
from planctl.checks.locate import locate
from planctl.checks.references import REFERENCE_FIELDS, Reference, ReferenceIndex
from planctl.errors import UsageError
from planctl.export.collate import sort_key
from planctl.model import FIELD_ORDER, Entity, Goal, Initiative, Owner, Plan

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.filters import Query

KIND_NAMES = {**{k.name: k.name for k in spec.KIND.values()}, **spec.FOLDERS}


def load_view(config: "Config", fmt: str) -> tuple[Plan, ReferenceIndex]:
    """The plan and its references for a view. Views skip schema validation: they must
    work on a plan with errors, which is when a curator needs them most."""
    from planctl.loader import load_plan

    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r} (expected text or json)")
    plan = load_plan(config, schema=False)
    return plan, ReferenceIndex.build(plan)


def find(plan: Plan, ident: str) -> Entity:
    entity = plan.get(ident)
    if entity is None:
        close = difflib.get_close_matches(ident, [e.id for e in plan.entities], n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(f"no goal, initiative or owner has the id '{ident}'{hint}")
    return entity


def label(plan: Plan, ident: str) -> str:
    entity = plan.get(ident)
    return entity.label if entity is not None else "(unknown id)"


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


@dataclass(slots=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


def kind_of(text: str) -> str:
    kind = KIND_NAMES.get(text.lower(), "")
    if not kind:
        raise UsageError("KIND must be goals, initiatives or owners")
    return kind


def table(plan: Plan, kind: str, where: Query, refs: ReferenceIndex) -> Table:
    """The rows of `list`: every entity of the kind (duplicates too: a view shows what is there)
    that `where` selects, in the order of the exports."""
    kind = kind_of(kind)
    chosen = where.select(plan, plan.iter_kind(kind))
    chosen.sort(key=lambda e: sort_key(e.id))
    if kind == "initiative":
        return Table(["id", "status", "owner", "goals", "title"],
                     [[e.id, e.status or "", e.owner or "", ", ".join(e.goals), e.title or ""]
                      for e in chosen if isinstance(e, Initiative)])
    if kind == "goal":
        serving = {f.name for f in spec.INITIATIVE.fields if f.ref == "goal"}
        return Table(["id", "parent", "initiatives", "title"],
                     [[e.id, e.parent or "", str(sum(r.field in serving for r in refs.to(e.id))), e.title or ""]
                      for e in chosen if isinstance(e, Goal)])
    return Table(["id", "kind", "references", "name"],
                 [[e.id, e.kind_of or "", str(sum(r.source is not e for r in refs.to(e.id))), e.name or ""]
                  for e in chosen if isinstance(e, Owner)])
