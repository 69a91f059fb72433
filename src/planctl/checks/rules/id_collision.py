"""G001: an id added on this branch that the revision given to `check --against` has too.

A plan rule like the others, so `[lint.severity]`, `--select`/`--ignore`,
per-file ignores and `# planctl: ignore-file[G001]` apply to it. It needs a
revision to compare with (`ctx.against`): without one the runner skips it and
counts it as not run, so a suppression of G001 is not reported unused.
"""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Plan

ID = "G001"
NAME = "id-collision"
SEVERITY = Severity.ERROR
TYPE = "plan"
REQUIRES = "against"
CONF: dict[str, object] = {}
SUMMARY = N_("An id new on this branch also exists at the revision given to `check --against`.")
EXPLANATION = N_("""\
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

    planctl mv INI-019 INI-024""")  # noqa: E501 - the example output line is one line


_NEW = {"goal": N_("the goal id '{id}' is new on this branch but {rev} has it too"),
        "initiative": N_("the initiative id '{id}' is new on this branch but {rev} has it too"),
        "owner": N_("the owner id '{id}' is new on this branch but {rev} has it too"),
        "event": N_("the event id '{id}' is new on this branch but {rev} has it too"),
        "need": N_("the need id '{id}' is new on this branch but {rev} has it too")}
_NEW_LABELLED = {
    "goal": N_("the goal id '{id}' is new on this branch but {rev} has it too (\"{label}\")"),
    "initiative": N_("the initiative id '{id}' is new on this branch but {rev} has it too (\"{label}\")"),
    "owner": N_("the owner id '{id}' is new on this branch but {rev} has it too (\"{label}\")"),
    "event": N_("the event id '{id}' is new on this branch but {rev} has it too (\"{label}\")"),
    "need": N_("the need id '{id}' is new on this branch but {rev} has it too (\"{label}\")")}


def _ids(files: dict[str, str]) -> dict[tuple[str, str], str]:
    """{(kind, id from the file name): path} for the plan files of one tree."""
    from planctl.semdiff import kind_of_path

    out: dict[tuple[str, str], str] = {}
    for path in files:
        kind = kind_of_path(path)
        if kind:
            out.setdefault((kind, path.rsplit("/", 1)[-1].rsplit(".", 1)[0]), path)
    return out


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    """An id is new here when the merge base of HEAD and the revision lacks it; it collides
    when the revision has it with other content (the same entity merged both ways is fine)."""
    rev = ctx.against
    if rev is None:
        return
    from planctl.git.repo import open_repo
    from planctl.git.snapshot import plan_at, plan_files

    repo = open_repo(plan.root)
    target = repo.resolve(rev)
    head = repo.head()
    base = None
    if head:
        status, out, _ = repo.git("merge-base", head, target, check=False)
        base = out if status == 0 and out else None
    at_base = _ids(plan_files(repo, base)) if base else {}
    at_rev = _ids(plan_files(repo, target))
    candidates = [e for e in plan.entities if (e.kind, e.id) not in at_base and (e.kind, e.id) in at_rev]
    if not candidates:
        return
    there = plan_at(repo, target, [at_rev[(e.kind, e.id)] for e in candidates])
    for entity in candidates:
        other = there.get((entity.kind, entity.id))
        if other is not None and other.data == entity.doc.mapping:
            continue  # the same entity, merged both ways
        where = other.path if other is not None else at_rev[(entity.kind, entity.id)]
        kind = entity.kind if entity.kind in _NEW else "goal"
        message = lazy(_NEW_LABELLED[kind], id=entity.id, rev=rev, label=other.label) \
            if other is not None and other.label != entity.id else lazy(_NEW[kind], id=entity.id, rev=rev)
        yield ctx.diag(ID, SEVERITY, entity.doc, ("id",), message,
                       hint=lazy("rename yours with 'planctl mv {id} NEW_ID' before merging ({rev} has {path})",
                                 id=entity.id, rev=rev, path=where))
