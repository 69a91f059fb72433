"""G001: an id added on this branch that the revision given to `check --against` has too."""

from __future__ import annotations

from typing import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.model import Plan

ID = "G001"
NAME = "id-collision"
SEVERITY = Severity.ERROR
TYPE = "plan"
CONF: dict[str, object] = {}
SUMMARY = "An id new on this branch also exists at the revision given to `check --against`."
EXPLANATION = """\
Two curators on two branches can both add INI-019; after the merge the plan
holds the id twice (X004). `planctl check --against origin/main` compares the
ids added on this branch (not in the merge base of HEAD and the revision) with
the ids at that revision, so CI on a merge request catches the collision
before the merge. An entity that is identical on both sides is not reported.
Runs only with --against (it needs git history); a plain `check` never
reports it.

Bad (this branch added plan/initiatives/INI-019.yaml; origin/main has
meanwhile merged another INI-019):

    $ planctl check --against origin/main --select G -f concise
    plan/initiatives/INI-019.yaml:1:5: G001 [error] the initiative id 'INI-019' is new on this branch but origin/main has it too ("Stöd för lärare")

Good: give yours the next free id, which also rewrites every reference:

    planctl mv INI-019 INI-024"""


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Nothing without a revision to compare with: see `planctl.git.collisions`."""
    return iter(())
