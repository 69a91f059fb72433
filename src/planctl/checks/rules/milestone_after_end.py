"""D005: a milestone due after its initiative ends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Initiative, Plan, as_date

ID = "D005"
NAME = "milestone-after-end"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A milestone's `due` date is after the initiative's `end`.")
EXPLANATION = N_("""\
A milestone belongs to its initiative's time span.

Bad:

    end: 2022-12-31
    milestones:
      - title: Slutrapport
        due: 2023-03-01

Good:

    end: 2023-03-31
    milestones:
      - title: Slutrapport
        due: 2023-03-01""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for ini in plan.every(Initiative):
        if ini.end is None:
            continue
        for i, item in enumerate(_items(ini.doc.mapping.get("milestones"))):
            due = as_date(item.get("due"))
            if due and due > ini.end:
                yield ctx.diag(ID, SEVERITY, ini.doc, ("milestones", i, "due"),
                               lazy("milestone due {due} after the initiative's end {end}", due=due.isoformat(),
                                    end=ini.end.isoformat()))


def _items(value: object) -> list[dict[str, Any]]:
    return [v if isinstance(v, dict) else {} for v in value] if isinstance(value, list) else []
