"""C002: a focus area with no sub-goals."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Plan
from planctl.spec import GOAL, compiled

ID = "C002"
NAME = "focus-area-without-sub-goals"
SEVERITY = Severity.WARNING
TYPE = "plan"
INCREMENTAL = "targets"
CONF: dict[str, object] = {}
_FOCUS_AREA = compiled(GOAL.field("parent").pattern or "")  # a malformed id is the schema's business (S005)
SUMMARY = N_("No sub-goal names this focus area as its parent.")
EXPLANATION = N_("""\
Initiatives serve sub-goals, so a focus area without sub-goals can never be
served. Add its sub-goals (FO4.1 with `parent: FO4`), or remove the focus area.

Bad: plan/goals/FO4.yaml exists, no goal has `parent: FO4`.

Good (plan/goals/FO4.1.yaml):

    id: FO4.1
    title: ...
    parent: FO4""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for goal in plan.goals.values():
        if goal.is_focus_area and _FOCUS_AREA.match(goal.id) and not any(
            ref.field == "parent" and ref.source.kind == "goal" for ref in ctx.refs.to(goal.id)
        ):
            yield ctx.diag(ID, SEVERITY, goal.doc, ("id",), lazy("focus area {id} has no sub-goals", id=goal.id),
                           hint=lazy("add sub-goals with 'parent: {id}'", id=goal.id))
