"""Ids added on this branch that another revision added too (`check --against REV`).

Two curators on two branches can both add `INI-019`; after the merge the plan
holds a duplicate. CI on a merge request runs `planctl check --against
origin/main`: an id is *new here* when the merge base of HEAD and REV does not
have it, and it *collides* when REV has it with different content (the same
entity merged both ways, e.g. by a cherry-pick, is not a collision).
"""

from __future__ import annotations

from planctl.config import Config
from planctl.diagnostics import Diagnostic, Severity
from planctl.git.repo import open_repo
from planctl.git.snapshot import plan_at, plan_files
from planctl.model import Plan
from planctl.semdiff import kind_of_path

CODE = "G001"


def _ids(files: dict[str, str]) -> dict[tuple[str, str], str]:
    """{(kind, id from the file name): path} for the plan files of one tree."""
    out: dict[tuple[str, str], str] = {}
    for path in files:
        kind = kind_of_path(path)
        if kind:
            out.setdefault((kind, path.rsplit("/", 1)[-1].rsplit(".", 1)[0]), path)
    return out


def collisions(config: Config, plan: Plan, rev: str) -> list[Diagnostic]:
    """One G001 error per entity whose id is new here and also exists, differently, at `rev`."""
    repo = open_repo(config.root)
    target = repo.resolve(rev)
    head = repo.head()
    base = None
    if head:
        status, out, _ = repo.git("merge-base", head, target, check=False)
        base = out if status == 0 and out else None
    at_base = _ids(plan_files(repo, base)) if base else {}
    at_rev_files = plan_files(repo, target)
    at_rev = _ids(at_rev_files)
    candidates = [e for e in plan.entities
                  if (e.kind, e.id) not in at_base and (e.kind, e.id) in at_rev]
    if not candidates:
        return []
    there = plan_at(repo, target, [at_rev[(e.kind, e.id)] for e in candidates])
    found = []
    for entity in candidates:
        other = there.get((entity.kind, entity.id))
        if other is not None and other.data == entity.doc.mapping:
            continue  # the same entity, merged both ways
        span = entity.doc.span(("id",))
        where = other.path if other is not None else at_rev[(entity.kind, entity.id)]
        label = f' ("{other.label}")' if other is not None and other.label != entity.id else ""
        found.append(Diagnostic(
            CODE, Severity.ERROR,
            f"the {entity.kind} id '{entity.id}' is new on this branch but {rev} has it too{label}",
            entity.doc.path, span.line, span.col, span.end_line, span.end_col, entity=entity.id, json_path="$.id",
            hint=f"rename yours with 'planctl mv {entity.id} NEW_ID' before merging ({rev} has {where})",
        ))
    return found
