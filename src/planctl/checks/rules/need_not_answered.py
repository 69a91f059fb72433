"""C004: a need of the school organisers that no initiative answers."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Plan
from planctl.spec import INITIATIVE

ID = "C004"
NAME = "need-not-answered"
SEVERITY = Severity.WARNING
TYPE = "plan"
INCREMENTAL = "targets"
CONF: dict[str, object] = {}
_FIELDS = frozenset(f.name for f in INITIATIVE.fields if f.ref == "need")
assert _FIELDS == {"needs"}, _FIELDS  # the summary names the field
SUMMARY = N_("No initiative names this need in its needs.")
EXPLANATION = N_("""\
The report to the government starts from the school organisers' needs; a
need that no initiative answers is a gap in the plan: an initiative is
missing, or the `needs` of the initiative that answers it forgot it. When the
gap is known (the sources do not say which initiative answers it), suppress
it with the reason in the need's file.

Bad: plan/needs/BEH-003.yaml exists and no initiative lists BEH-003.

Good (in the initiative that answers it):

    needs:
      - BEH-003

or, when the gap is a fact, in plan/needs/BEH-003.yaml:

    # planctl: ignore[C004] the sources do not say which initiative answers it""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for need in plan.needs.values():
        if not any(ref.field in _FIELDS and ref.source.kind == "initiative" for ref in ctx.refs.to(need.id)):
            yield ctx.diag(ID, SEVERITY, need.doc, ("id",), lazy("no initiative answers need {id}", id=need.id),
                           hint=lazy("add it to the needs of the initiatives that answer it"))
