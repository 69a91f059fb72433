"""T003: a title longer than the configured maximum."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Plan

ID = "T003"
NAME = "title-too-long"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {"max-length": 80}
SUMMARY = N_("A title is longer than `max-length` characters (default 80).")
EXPLANATION = N_("""\
Titles appear in tables, lists and annotations; a long one is cut off. Move
the detail to the description. Option: `max-length` (default 80).

Bad:

    title: Stöd för upphandling, val av tekniska lösningar och infrastruktur samt pedagogisk och teknisk support

Good:

    title: Stöd för upphandling, teknik, infrastruktur och support""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    limit = ctx.conf(ID).get("max-length", CONF["max-length"])
    for entity in plan.entities:
        title = entity.doc.mapping.get("title")
        if isinstance(title, str) and len(title) > limit:
            yield ctx.diag(ID, SEVERITY, entity.doc, ("title",),
                           lazy("the title is {length} characters long (at most {limit})", length=len(title),
                                limit=limit),
                           hint=lazy("shorten it; put the detail in the description"))
