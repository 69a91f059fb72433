"""X005: one id used by entities of different kinds."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, a_kind, lazy
from planctl.model import Entity, Plan

ID = "X005"
NAME = "id-across-kinds"
SEVERITY = Severity.ERROR
TYPE = "plan"
INCREMENTAL = "groups"
CONF: dict[str, object] = {}
SUMMARY = N_("The same id is used by entities of two kinds (a goal and an owner, say) at once.")
EXPLANATION = N_("""\
Ids are unique across the whole plan, so that `planctl show ID` and every
reference are unambiguous. The id patterns of the kinds differ (FO1.2, INI-001,
skolverket), so this only happens together with a schema problem: a file in
the wrong folder, or an id of the wrong pattern.

Bad (plan/goals/skolverket.yaml, while plan/owners/skolverket.yaml exists):

    id: skolverket

Good: move the file to the folder of its kind, or give it its own id.""")


_ALSO = {"goal": N_("the id '{id}' of this goal is also the id of {other} {path}"),
         "initiative": N_("the id '{id}' of this initiative is also the id of {other} {path}"),
         "owner": N_("the id '{id}' of this owner is also the id of {other} {path}"),
         "event": N_("the id '{id}' of this event is also the id of {other} {path}"),
         "need": N_("the id '{id}' of this need is also the id of {other} {path}")}


def group(entity: Entity) -> str:
    """What a finding depends on (`INCREMENTAL`): the entities of one id."""
    return entity.id


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    first: dict[str, Entity] = {}
    for entity in plan.entities:
        other = first.setdefault(group(entity), entity)
        if other is not entity and other.kind != entity.kind:
            yield ctx.diag(ID, SEVERITY, entity.doc, ("id",),
                           lazy(_ALSO[entity.kind], id=entity.id, other=a_kind(other.kind), path=other.doc.path),
                           hint=lazy("ids must be unique across every kind"))
