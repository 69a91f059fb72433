"""Whether a new entity may have an id, and which one to offer instead.

`add` (its flags and its questions alike) asks here, so both refuse an id for the same
reason and name the same free id: "FO1.2 exists already …; the next free id under FO1
is FO1.3", never a did-you-mean that points back at the id given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planctl import spec
from planctl.errors import PlanctlError, RefusedByPlan, UsageError
from planctl.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from planctl.model import Plan


def next_free(plan: Plan, kind: str, parent: str | None) -> str | None:
    """The id a new entity would get: the next goal under `parent` (or focus area), None for an owner."""
    from planctl.edit import ids

    if kind == spec.GOAL.name:
        return ids.next_goal_id(plan, parent)
    return None


def placement(plan: Plan, ident: str, parent: str | None) -> str | None:
    """Why a goal id cannot sit under `parent` (None: the id and the parent agree).

    A sub-goal's id starts with its focus area's (FO2.3 is under FO2), which is how every
    export groups it; a focus area has no parent."""
    if parent is None:
        return None
    if "." not in ident:
        return _("{id} is a focus area's id and a focus area has no parent; the next free sub-goal "
                 "of {parent} is {free}").format(id=ident, parent=parent, free=next_free(plan, "goal", parent))
    area = ident.split(".", 1)[0]
    if area != parent:
        return _("{id} cannot be a sub-goal of {parent}: a sub-goal's id starts with its focus area's "
                 "({area}); the next free id under {parent} is {free}").format(
                     id=ident, parent=parent, area=area, free=next_free(plan, "goal", parent))
    return None


def refusal(root: Path, plan: Plan, kind: str, ident: str, parent: str | None, rel: str) -> PlanctlError | None:
    """Why a new entity cannot have `ident` (its file `rel` under `root`), with the id it could
    have; None when it can.

    A goal id that contradicts its parent is a usage error (exit 2: the two arguments cannot
    both hold, whatever the plan); an id in use is the plan's answer (exit 1)."""
    if kind == spec.GOAL.name:
        wrong = placement(plan, ident, parent)
        if wrong:
            return UsageError(wrong)
    existing = plan.get(ident)
    if existing is None and not (root / rel).exists():
        return None
    path = existing.doc.path if existing is not None else rel
    if kind == spec.GOAL.name:
        area = ident.split(".", 1)[0] if "." in ident else None
        free = next_free(plan, kind, area)
        if area:
            return RefusedByPlan(_("{id} exists already ({path}); the next free id under {area} is {free}").format(
                id=ident, path=path, area=area, free=free))
        return RefusedByPlan(_("{id} exists already ({path}); the next free focus area is {free}").format(
            id=ident, path=path, free=free))
    return RefusedByPlan(_("{id} exists already ({path})").format(id=ident, path=path))

