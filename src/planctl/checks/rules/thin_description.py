"""T002: a description too short to say anything."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy, lazy_plural
from planctl.model import Plan

ID = "T002"
NAME = "thin-description"
SEVERITY = Severity.INFO
TYPE = "document"
CONF: dict[str, object] = {"min-words": 8}
SUMMARY = N_("A description has fewer words than `min-words` (default 8): a one-liner that repeats the title.")
EXPLANATION = N_("""\
A description of a few words rarely says more than the title. Say what the
initiative does and why. Option: `min-words` (default 8).

Bad:

    description: Stöd till huvudmännen.

Good:

    description: >-
      Huvudmännen får stöd i upphandling och i val av tekniska lösningar, så att
      investeringar i infrastruktur görs samordnat.""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    minimum = ctx.conf(ID).get("min-words", CONF["min-words"])
    for entity in plan.entities:
        value = entity.doc.mapping.get("description")
        if entity.kind == "owner" or not isinstance(value, str) or not value.strip():
            continue
        if len(value.split(maxsplit=minimum - 1)) >= minimum:
            continue  # at least `minimum` words, found without splitting the whole text
        words = len(value.split())
        if words < minimum:
            yield ctx.diag(ID, SEVERITY, entity.doc, ("description",),
                           lazy_plural("the description has {n} word (fewer than {minimum})",
                                       "the description has {n} words (fewer than {minimum})", words, minimum=minimum),
                           hint=lazy("say what the work does and why"))
