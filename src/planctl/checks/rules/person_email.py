"""P001: a person's email address (personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Owner, Plan

ID = "P001"
NAME = "person-email"
SEVERITY = Severity.INFO
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("An owner of kind `person` has an email address: personal data (GDPR).")
EXPLANATION = N_("""\
A plan may name people, but a person's contact details are personal data:
keep them only when needed, and leave them out of public exports. This is
informational: it reminds the curator that the file holds personal data.

Bad (in a plan published as is):

    kind: person
    email: anna.andersson@example.se

Good: name the organisation's functional address instead, or leave it out.

    kind: person
    parent: skr""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for owner in plan.every(Owner):
        if owner.kind_of == "person" and owner.email:
            yield ctx.diag(ID, SEVERITY, owner.doc, ("email",),
                           lazy("the person '{id}' has an email address: personal data", id=owner.id),
                           hint=lazy("leave it out of public exports"))
