"""T007: two entities of one kind with the same title."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.checks.locate import locate
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Document, Entity, Plan

ID = "T007"
NAME = "duplicate-title"
SEVERITY = Severity.WARNING
TYPE = "plan"
INCREMENTAL = "groups"
CONF: dict[str, object] = {}
SUMMARY = N_("Two goals, two initiatives or two needs have the same title, ignoring case and spacing.")
EXPLANATION = N_("""\
Two initiatives with the same title are either one initiative entered twice
or two that a reader cannot tell apart. Titles are compared after folding case
and collapsing spaces.

Bad (INI-030 and INI-031):

    title: Stöd för upphandling
    title: stöd  för upphandling

Good: merge them, or say what differs.

    title: Stöd för upphandling av lärresurser
    title: Stöd för upphandling av infrastruktur""")


_SAME_TITLE = {"goal": N_("the same title as goal {id}"), "initiative": N_("the same title as initiative {id}"),
               "event": N_("the same title as event {id}"), "need": N_("the same title as need {id}")}


def _place(doc: Document, key: str) -> str:
    return f"{doc.path}:{locate(doc, (key,)).line}"


def group(entity: Entity) -> tuple[str, str] | None:
    """The kind and folded title a finding depends on (`INCREMENTAL`); None: not compared."""
    title = entity.doc.mapping.get("title")
    # Owners have names; events recur under one title (a series of regional consultations).
    if entity.kind in ("owner", "event") or not isinstance(title, str) or not title.strip():
        return None
    return (entity.kind, " ".join(title.casefold().split()))


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, str], Entity] = {}
    for entity in plan.entities:
        key = group(entity)
        if key is None:
            continue
        other = seen.setdefault(key, entity)
        if other is not entity:
            yield ctx.diag(ID, SEVERITY, entity.doc, ("title",),
                           lazy(_SAME_TITLE[entity.kind], id=other.id),
                           hint=lazy("see {place}", place=_place(other.doc, "title")))
