"""X004: two entities of one kind with the same id."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.checks.locate import locate
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Document, Entity, Plan

ID = "X004"
NAME = "duplicate-id"
SEVERITY = Severity.ERROR
TYPE = "plan"
INCREMENTAL = "groups"
CONF: dict[str, object] = {}
SUMMARY = N_("Two entities of the same kind have the same id.")
EXPLANATION = N_("""\
An id names exactly one entity; references to a duplicated id are ambiguous.
It happens when a file is copied as a template and its id is not changed, or
when both INI-004.yaml and INI-004.yml exist.

Bad (plan/initiatives/INI-005.yaml, copied from INI-004):

    id: INI-004

Good:

    id: INI-005""")


_USED_TWICE = {"goal": N_("the goal id '{id}' is used twice"),
               "initiative": N_("the initiative id '{id}' is used twice"),
               "owner": N_("the owner id '{id}' is used twice"),
               "event": N_("the event id '{id}' is used twice"),
               "need": N_("the need id '{id}' is used twice")}


def _place(doc: Document, key: str) -> str:
    return f"{doc.path}:{locate(doc, (key,)).line}"


def group(entity: Entity) -> tuple[str, str]:
    """What a finding depends on (`INCREMENTAL`): the entities of one kind and id."""
    return (entity.kind, entity.id)


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    first: dict[tuple[str, str], Entity] = {}
    for entity in plan.entities:
        key = group(entity)
        if key not in first:
            first[key] = entity
            continue
        other = first[key]
        yield ctx.diag(ID, SEVERITY, entity.doc, ("id",), lazy(_USED_TWICE.get(entity.kind, _USED_TWICE["goal"]),
                                                                 id=entity.id),
                       hint=lazy("first used in {place}", place=_place(other.doc, "id")))
