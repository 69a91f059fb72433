"""Read-only views of the plan for curators: one entity resolved (`show`),
who refers to an id (`refs`), and tables of a kind (`list`)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planctl.checks.locate import locate
from planctl.checks.references import REFERENCE_FIELDS, Reference, ReferenceIndex
from planctl.errors import UsageError
from planctl.model import FIELD_ORDER, Entity, Plan

if TYPE_CHECKING:
    from planctl.config import Config

KIND_NAMES = {"goal": "goal", "goals": "goal", "initiative": "initiative", "initiatives": "initiative",
              "owner": "owner", "owners": "owner"}


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
        from planctl.loader import check_holder

        check_holder(plan, ident)  # its file is broken: say so, not "no such id"
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


def _matches(value: Any, wanted: str) -> bool:
    if isinstance(value, list):
        return any(_matches(v, wanted) for v in value)
    if isinstance(value, bool):
        return wanted.lower() == str(value).lower()
    return value is not None and str(value) == wanted


def parse_where(conditions: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in conditions:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--where {item!r}: expected FIELD=VALUE, e.g. status=ongoing")
        out.append((name.strip(), value.strip()))
    return out


def table(plan: Plan, kind: str, where: list[tuple[str, str]], refs: ReferenceIndex) -> Table:
    kind = KIND_NAMES.get(kind.lower(), "")
    if not kind:
        raise UsageError("KIND must be goals, initiatives or owners")
    for name, _ in where:
        if name not in FIELD_ORDER[kind]:
            raise UsageError(f"--where: {kind}s have no field '{name}' (fields: {', '.join(FIELD_ORDER[kind])})")
    chosen = [e for e in plan.iter_kind(kind) if all(_matches(e.doc.mapping.get(n), v) for n, v in where)]
    chosen.sort(key=lambda e: e.id)
    if kind == "initiative":
        return Table(["id", "status", "owner", "goals", "title"],
                     [[e.id, e.status or "", e.owner or "", ", ".join(e.goals), e.title or ""] for e in chosen])
    if kind == "goal":
        return Table(["id", "parent", "initiatives", "title"],
                     [[e.id, e.parent or "", str(sum(r.field == "goals" for r in refs.to(e.id))), e.title or ""]
                      for e in chosen])
    return Table(["id", "kind", "references", "name"],
                 [[e.id, e.kind_of or "", str(sum(r.source is not e for r in refs.to(e.id))), e.name or ""]
                  for e in chosen])
