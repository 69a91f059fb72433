"""Which fields refer to which kind of entity, and who refers to an id.

`rm` refuses while anything refers to an entity; `mv` and `rm --reassign`
rewrite those references. Both need the same map of reference fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from planctl.model import Plan

# kind -> field -> kind of entity the field's id(s) name.
REFERENCE_FIELDS: dict[str, dict[str, str]] = {
    "initiative": {"goals": "goal", "owner": "owner", "decided_by": "owner", "participants": "owner"},
    "goal": {"parent": "goal"},
    "owner": {"parent": "owner"},
}


@dataclass(frozen=True, slots=True)
class Referrer:
    ident: str
    kind: str
    path: str
    field: str
    label: str

    def without_field(self) -> "Referrer":
        """The same referrer with the field blanked: groups one entity's several fields."""
        return Referrer(self.ident, self.kind, self.path, "", self.label)


def referrers(plan: Plan, ident: str, target_kind: str) -> list[Referrer]:
    """Every (entity, field) that names `ident` as an entity of `target_kind`."""
    found: list[Referrer] = []
    for entity in plan.entities:
        data = entity.doc.mapping
        for field_name, kind in REFERENCE_FIELDS[entity.kind].items():
            if kind != target_kind:
                continue
            value = data.get(field_name)
            values = value if isinstance(value, list) else [value]
            if ident in values:
                found.append(Referrer(entity.id, entity.kind, entity.doc.path, field_name, entity.label))
    return found
