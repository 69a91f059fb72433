"""T001: a goal or initiative without a description."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Plan

ID = "T001"
NAME = "missing-description"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A goal or an initiative has no description (or an empty one).")
EXPLANATION = N_("""\
The title says what; the description says why and for whom. The public site
and every export show it.

Bad:

    id: INI-024
    title: Stöd för upphandling

Good:

    id: INI-024
    title: Stöd för upphandling
    description: >-
      Huvudmännen får stöd i att upphandla digitala lärresurser och tjänster.""")


_NO_DESCRIPTION = {"goal": N_("the goal {id} has no description"),
                   "initiative": N_("the initiative {id} has no description"),
                   "event": N_("the event {id} has no description"),
                   "need": N_("the need {id} has no description")}


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for entity in plan.entities:
        if entity.kind == "owner":
            continue
        value = entity.doc.mapping.get("description")
        if value is None or (isinstance(value, str) and not value.strip()):
            yield ctx.diag(ID, SEVERITY, entity.doc, ("description",) if "description" in entity.doc.mapping else (),
                           lazy(_NO_DESCRIPTION[entity.kind], id=entity.id))
