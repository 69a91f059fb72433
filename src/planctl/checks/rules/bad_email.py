"""T010: an email field that is not an email address."""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Owner, Plan

ID = "T010"
NAME = "bad-email"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("An owner's email is not an address of the form name@domain.tld.")
EXPLANATION = N_("""\
The check is deliberately simple: one @, no spaces, a dot in the domain.
A URL, a name or a "mailto:" prefix in the field is caught.

Bad:

    email: mailto:info@skr.se

Good:

    email: info@skr.se""")

_EMAIL = re.compile(r"^[^@\s:]+@[^@\s]+\.[^@\s.]+$")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for owner in plan.every(Owner):
        value = owner.doc.mapping.get("email")
        if isinstance(value, str) and not _EMAIL.match(value):
            yield ctx.diag(ID, SEVERITY, owner.doc, ("email",), lazy("'{value}' is not an email address", value=value))
