"""X002: a reference naming an entity of the wrong kind."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, a_kind, kinds, lazy
from planctl.model import Plan

ID = "X002"
NAME = "wrong-kind-reference"
SEVERITY = Severity.ERROR
TYPE = "plan"
INCREMENTAL = "references"
CONF: dict[str, object] = {}
SUMMARY = N_("A reference names an entity of the wrong kind (e.g. an owner field naming a goal).")
EXPLANATION = N_("""\
The id exists, but it belongs to another kind of entity than the field holds:
an `owner` must name an owner, `goals` must name goals.

Bad (FO1.2 is a goal, not an owner):

    owner: FO1.2

Good:

    owner: skr
    goals:
      - FO1.2""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for ref in ctx.refs.all:
        if ref.target in plan.of(ref.expects):
            continue
        target = plan.get(ref.target)
        if target is not None and target.kind != ref.expects:
            yield ctx.diag(ID, SEVERITY, ref.source.doc, ref.path,
                           lazy("{field}: '{id}' is {kind}, not {expected}", field=ref.field, id=ref.target,
                                kind=a_kind(target.kind), expected=a_kind(ref.expects)),
                           hint=lazy("{field} names {kinds}", field=ref.field, kinds=kinds(ref.expects)))
