"""Which fields refer to which kind of entity, and who refers to an id.

`rm` refuses while anything refers to an entity; `mv` and `rm --reassign`
rewrite those references. They ask the one reference finder the checks use
(`planctl.checks.references`), which reads the reference fields from the spec.
"""

from __future__ import annotations

from dataclasses import dataclass

from planctl.checks.references import REFERENCE_FIELDS, ReferenceIndex
from planctl.model import Plan

__all__ = ["REFERENCE_FIELDS", "Referrer", "referrers"]


@dataclass(frozen=True, slots=True)
class Referrer:
    ident: str
    kind: str
    path: str
    field: str
    label: str

    def without_field(self) -> Referrer:
        """The same referrer with the field blanked: groups one entity's several fields."""
        return Referrer(self.ident, self.kind, self.path, "", self.label)


def referrers(plan: Plan, ident: str, target_kind: str) -> list[Referrer]:
    """Every (entity, field) that names `ident` as an entity of `target_kind`."""
    found: dict[tuple[int, str], Referrer] = {}
    for ref in ReferenceIndex.build(plan).to(ident):
        if ref.expects == target_kind:
            entity = ref.source
            found.setdefault((id(entity), ref.field),
                             Referrer(entity.id, entity.kind, entity.doc.path, ref.field, entity.label))
    return list(found.values())
