"""T003: a title longer than the configured maximum."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.model import Plan

ID = "T003"
NAME = "title-too-long"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {"max-length": 80}
SUMMARY = "A title is longer than `max-length` characters (default 80)."
EXPLANATION = """\
Titles appear in tables, lists and annotations; a long one is cut off. Move
the detail to the description. Option: `max-length` (default 80).

Bad:

    title: Stöd för upphandling, val av tekniska lösningar och infrastruktur samt pedagogisk och teknisk support

Good:

    title: Stöd för upphandling, teknik, infrastruktur och support"""


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    limit = ctx.conf(ID).get("max-length", CONF["max-length"])
    for entity in plan.entities:
        title = entity.doc.mapping.get("title")
        if isinstance(title, str) and len(title) > limit:
            yield ctx.diag(ID, SEVERITY, entity.doc, ("title",),
                           f"the title is {len(title)} characters long (at most {limit})",
                           hint="shorten it; put the detail in the description")
