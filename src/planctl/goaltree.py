"""Focus areas, their sub-goals, and which initiatives serve or involve what.

The handout, the site, the report, the JSON export, the sheet columns and the
`--where` language all ask these questions; they are answered once, here, in
Swedish order (`planctl.export.collate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planctl.export.collate import sort_key
from planctl.model import Goal, Initiative, Plan
from planctl.spec import Field, fold


class PlanLookup:
    """The plan's entities by kind, as a sheet cell or a `--where` value names them
    (`planctl.spec.Lookup`)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def label(self, kind: str, ident: str) -> str | None:
        entity: Any = self.plan.of(kind).get(ident)
        return None if entity is None else entity.name if kind == "owner" else entity.title

    def ids(self, kind: str) -> Mapping[str, Any]:
        return self.plan.of(kind)

    def named(self, kind: str, name: str) -> list[str]:
        wanted = fold(name)
        return [ident for ident in self.plan.of(kind) if fold(self.label(kind, ident) or "") == wanted]


def focus_area_of(goal_id: str) -> str:
    """FO2 for FO2.4 (and for FO2): a sub-goal's id starts with its focus area's."""
    return goal_id.split(".", 1)[0]


def focus_areas(plan: Plan) -> list[Goal]:
    return sorted((g for g in plan.goals.values() if g.is_focus_area), key=lambda g: sort_key(g.id))


def sub_goals(plan: Plan, area: Goal) -> list[Goal]:
    return sorted((g for g in plan.goals.values() if g.parent == area.id), key=lambda g: sort_key(g.id))


def areas_of(initiative: Initiative) -> list[str]:
    """The focus areas an initiative's goals belong to, in the order its goals name them."""
    return list(dict.fromkeys(focus_area_of(g) for g in initiative.goals))


def serves(initiative: Initiative, goal_id: str) -> bool:
    """Whether it serves the goal: names it, or (for a focus area) one of its sub-goals."""
    return any(g == goal_id or ("." not in goal_id and focus_area_of(g) == goal_id) for g in initiative.goals)


def serving(plan: Plan, goal_id: str) -> list[Initiative]:
    """The initiatives naming exactly this goal."""
    return sorted((i for i in plan.initiatives.values() if goal_id in i.goals), key=lambda i: sort_key(i.id))


def initiatives_serving(plan: Plan, goal: Goal) -> list[str]:
    """The ids of the initiatives serving a goal, a focus area through its sub-goals."""
    return sorted((i.id for i in plan.initiatives.values() if serves(i, goal.id)), key=sort_key)


def naming(plan: Plan, ident: str, field: Field, kind: str = "initiative") -> list[str]:
    """The ids of the entities of `kind` whose reference `field` names `ident` (an owner's roles,
    the initiatives answering a need, the events an owner organises)."""
    found = []
    for entity in plan.of(kind).values():
        value = getattr(entity, field.attribute)
        if (ident in value) if field.many else (value == ident):
            found.append(entity.id)
    return sorted(found, key=sort_key)
