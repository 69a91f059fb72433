"""X003: an initiative serving a focus area directly instead of a sub-goal."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.export.collate import sort_key
from planctl.i18n import N_, lazy
from planctl.model import Plan

ID = "X003"
NAME = "focus-area-reference"
SEVERITY = Severity.ERROR
TYPE = "plan"
INCREMENTAL = "references"
CONF: dict[str, object] = {}
SUMMARY = N_("An initiative's goals name a focus area where a sub-goal is expected.")
EXPLANATION = N_("""\
Initiatives serve sub-goals (FO2.2); the focus area (FO2) follows from the
sub-goal's parent. Naming the focus area makes coverage impossible to judge.

Bad:

    goals:
      - FO2

Good:

    goals:
      - FO2.2""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    children: dict[str, list[str]] = {}
    for goal in plan.goals.values():
        if goal.parent:
            children.setdefault(goal.parent, []).append(goal.id)
    for ref in ctx.refs.all:
        if ref.field != "goals" or ref.source.kind != "initiative":  # an event or need may concern a whole area
            continue
        area = plan.goals.get(ref.target)
        if area is not None and area.is_focus_area:
            subs = sorted(children.get(area.id, []), key=sort_key)  # FO2.2 before FO2.10
            hint = lazy("name one of its sub-goals: {ids}", ids=", ".join(subs)) if subs else lazy("name a sub-goal")
            yield ctx.diag(ID, SEVERITY, ref.source.doc, ref.path,
                           lazy("goals: '{id}' is a focus area; initiatives serve sub-goals", id=area.id), hint=hint)
