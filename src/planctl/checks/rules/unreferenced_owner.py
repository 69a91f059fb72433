"""C003: an owner nothing refers to."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import lazy
from planctl.model import Plan
from planctl.spec import INITIATIVE, role

ID = "C003"
NAME = "unreferenced-owner"
SEVERITY = Severity.WARNING
TYPE = "plan"
INCREMENTAL = "targets"
CONF: dict[str, object] = {}
SUMMARY = lazy("No initiative ({fields}) and no other owner (parent) names this owner.",
               fields=", ".join(f.name for f in INITIATIVE.fields if f.ref == "owner"))
EXPLANATION = lazy("""\
An owner that nothing refers to is often left over after an initiative was
re-assigned. When the plan names the actor on purpose (it takes part in the
work, but no initiative says so yet), suppress it with the reason.

Bad: plan/owners/ifous.yaml exists and nothing names 'ifous'.

Good (in an initiative):

    {field}:
      - ifous

or, in plan/owners/ifous.yaml:

    # planctl: ignore[C003] pilots LIKA; no initiative of the plan names it yet""",
                   field=role("initiative", "takes-part").name)


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for owner in plan.owners.values():
        if not any(ref.source is not owner and ref.expects == "owner" for ref in ctx.refs.to(owner.id)):
            yield ctx.diag(ID, SEVERITY, owner.doc, ("id",), lazy("nothing refers to owner '{id}'", id=owner.id),
                           hint=lazy("name it in an initiative, or remove it"))
