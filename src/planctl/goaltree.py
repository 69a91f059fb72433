"""Focus areas, their sub-goals, and which initiatives serve or involve what.

The handout, the site, the report, the JSON export, the sheet columns and the
`--where` language all ask these questions; they are answered once, here, in
Swedish order (`planctl.export.collate`).

Each answer is looked up in an index of the plan built on the first question and
kept with the plan (`Plan.derived`, dropped when an entity is added): asking
"which initiatives name this owner?" for each of 2,500 owners used to scan all
50,000 initiatives each time, and an export of 50,000 initiatives spent most of its
time doing so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from planctl.export.collate import sort_key
from planctl.model import Goal, Initiative, Plan
from planctl.spec import Field, fold


class PlanLookup:
    """The plan's entities by kind, as a sheet cell or a `--where` value names them
    (`planctl.spec.Lookup`)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._named: dict[str, dict[str, list[str]]] = {}

    def label(self, kind: str, ident: str) -> str | None:
        if kind == "goal":
            return goal_title(self.plan, ident)
        entity: Any = self.plan.of(kind).get(ident)
        return None if entity is None else entity.name if kind == "owner" else entity.title

    def ids(self, kind: str) -> Mapping[str, Any]:
        return self.plan.of(kind)

    def named(self, kind: str, name: str) -> list[str]:
        """The ids whose folded title or name is `name` folded, in the plan's order (an
        import asks this for each cell: one pass over the kind builds the answer to all)."""
        by_label = self._named.get(kind)
        if by_label is None:
            by_label = self._named[kind] = {}
            for ident in self.plan.of(kind):
                by_label.setdefault(fold(self.label(kind, ident) or ""), []).append(ident)
        return list(by_label.get(fold(name), ()))


FOREIGN_TITLES = "goaltree.foreign_titles"
"""The key of `Plan.derived` holding {namespaced goal id: title} (`foreign_titles`)."""


def goal_title(plan: Plan, ident: str) -> str | None:
    """The title of the goal `ident` names, as every export shows it: the plan's own goal's, or
    for a namespaced id (`nat:FO1.2`) the upstream plan's (None: no such goal, or no title)."""
    goal = plan.goals.get(ident)
    if goal is not None:
        return goal.title
    return foreign_titles(plan).get(ident) if ":" in ident else None


def foreign_titles(plan: Plan) -> Mapping[str, str]:
    """The titles of the goals of the plan a member plan serves, by namespaced id: what
    `planctl.federation.titles` reads from the cache (never the network), asked once per plan
    and only when an export meets a namespaced id, so a plan without one never loads it."""
    found = plan.derived.get(FOREIGN_TITLES)
    if found is None:
        from planctl.federation.titles import upstream_titles

        found = plan.derived[FOREIGN_TITLES] = upstream_titles(plan)
    return found


def focus_area_of(goal_id: str) -> str:
    """FO2 for FO2.4 (and for FO2): a sub-goal's id starts with its focus area's."""
    return goal_id.split(".", 1)[0]


def focus_areas(plan: Plan) -> list[Goal]:
    return list(_tree(plan)[0])


def sub_goals(plan: Plan, area: Goal) -> list[Goal]:
    return list(_tree(plan)[1].get(area.id, ()))


def areas_of(initiative: Initiative) -> list[str]:
    """The focus areas an initiative's goals belong to, in the order its goals name them."""
    return list(dict.fromkeys(focus_area_of(g) for g in initiative.goals))


def serves(initiative: Initiative, goal_id: str) -> bool:
    """Whether it serves the goal: names it, or (for a focus area) one of its sub-goals."""
    return any(g == goal_id or ("." not in goal_id and focus_area_of(g) == goal_id) for g in initiative.goals)


def serving(plan: Plan, goal_id: str) -> list[Initiative]:
    """The initiatives naming exactly this goal, in id order."""
    return list(_inverse(plan, "initiative", "goals", many=True).get(goal_id, ()))


def serving_any(plan: Plan, goal_id: str) -> list[Initiative]:
    """The initiatives that serve a goal (`serves`): a focus area through its sub-goals too."""
    return list(_serving_tree(plan).get(goal_id, ()))


def initiatives_serving(plan: Plan, goal: Goal) -> list[str]:
    """The ids of the initiatives serving a goal, a focus area through its sub-goals."""
    return [i.id for i in _serving_tree(plan).get(goal.id, ())]


def named_by(plan: Plan, ident: str, field: Field, kind: str = "initiative") -> list[Any]:
    """The entities of `kind` whose reference `field` names `ident` (an owner's roles), in id order."""
    return list(_inverse(plan, kind, field.attribute, many=field.many).get(ident, ()))


def named_by_any(plan: Plan, ident: str, fields: Iterable[Field], kind: str = "initiative") -> list[Any]:
    """The entities of `kind` naming `ident` in any of `fields` (each once), in id order."""
    found = {id(e): e for f in fields for e in _inverse(plan, kind, f.attribute, many=f.many).get(ident, ())}
    if not found:
        return []
    place = _places(plan, kind)
    return sorted(found.values(), key=lambda e: place[id(e)])


def naming(plan: Plan, ident: str, field: Field, kind: str = "initiative") -> list[str]:
    """The ids of the entities of `kind` whose reference `field` names `ident` (an owner's roles,
    the initiatives answering a need, the events an owner organises), in id order."""
    return [e.id for e in _inverse(plan, kind, field.attribute, many=field.many).get(ident, ())]


# -- the index, built once per plan ------------------------------------------------------------

def _in_order(plan: Plan, kind: str) -> list[Any]:
    """The entities of `kind` (one per id) in Swedish id order, sorted once for every index.
    `sorted` is stable, so a subset taken in this order is that subset sorted."""
    key = f"order:{kind}"
    found = plan.derived.get(key)
    if found is None:
        found = plan.derived[key] = sorted(plan.of(kind).values(), key=lambda e: sort_key(e.id))
    return found


def _places(plan: Plan, kind: str) -> dict[int, int]:
    """Each entity of `kind` (by identity) -> its place in `_in_order`."""
    key = f"place:{kind}"
    found: dict[int, int] | None = plan.derived.get(key)
    if found is None:
        found = plan.derived[key] = {id(e): i for i, e in enumerate(_in_order(plan, kind))}
    return found


def _inverse(plan: Plan, kind: str, attribute: str, *, many: bool) -> dict[str, list[Any]]:
    """For one reference field of `kind`: each id it names -> the entities naming it, in id order."""
    key = f"inverse:{kind}.{attribute}"
    found: dict[str, list[Any]] | None = plan.derived.get(key)
    if found is None:
        found = plan.derived[key] = {}
        for entity in _in_order(plan, kind):
            value = getattr(entity, attribute)
            for ident in _distinct(value) if many else (value,):
                if ident is not None:
                    found.setdefault(ident, []).append(entity)
    return found


def _distinct(values: Iterable[str]) -> Iterable[str]:
    """Each value once (a list that names a goal twice still serves it once)."""
    return dict.fromkeys(values)


def _serving_tree(plan: Plan) -> dict[str, list[Initiative]]:
    """Goal id -> the initiatives that `serves` it: a sub-goal's own, a focus area's own and
    its sub-goals'."""
    found: dict[str, list[Initiative]] | None = plan.derived.get("serving")
    if found is None:
        found = plan.derived["serving"] = {}
        for ini in _in_order(plan, "initiative"):
            keys = {g: None for g in ini.goals if "." in g}
            keys.update((focus_area_of(g), None) for g in ini.goals)
            for goal_id in keys:
                found.setdefault(goal_id, []).append(ini)
    return found


def _tree(plan: Plan) -> tuple[list[Goal], dict[str, list[Goal]]]:
    """(the focus areas, each goal's children), in id order."""
    found: tuple[list[Goal], dict[str, list[Goal]]] | None = plan.derived.get("tree")
    if found is None:
        goals: list[Goal] = _in_order(plan, "goal")
        children: dict[str, list[Goal]] = {}
        for goal in goals:
            if goal.parent is not None:
                children.setdefault(goal.parent, []).append(goal)
        found = plan.derived["tree"] = ([g for g in goals if g.is_focus_area], children)
    return found

