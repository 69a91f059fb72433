"""C001: a sub-goal that no initiative serves."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Plan

ID = "C001"
NAME = "sub-goal-not-served"
SEVERITY = Severity.WARNING
TYPE = "plan"
INCREMENTAL = "targets"
CONF: dict[str, object] = {}
SUMMARY = N_("No initiative names this sub-goal in its goals.")
EXPLANATION = N_("""\
A sub-goal of the strategy that no initiative serves is a gap in the plan:
either an initiative is missing, or an initiative's `goals` forgot it. When
the gap is real and known, suppress it with the reason in the goal's file.

Bad: plan/goals/FO3.1.yaml exists and no initiative lists FO3.1.

Good (in some initiative):

    goals:
      - FO3.1

or, when the gap is a fact, in plan/goals/FO3.1.yaml:

    # planctl: ignore[C001] no known initiative serves this sub-goal""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for goal in plan.goals.values():
        if goal.is_focus_area:
            continue
        if not any(ref.field == "goals" and ref.source.kind == "initiative" for ref in ctx.refs.to(goal.id)):
            yield ctx.diag(ID, SEVERITY, goal.doc, ("id",), lazy("no initiative serves sub-goal {id}", id=goal.id),
                           hint=lazy("add it to the goals of the initiatives that serve it"))
