"""The plan's semantic difference between two revisions (or a revision and the work tree)."""

from __future__ import annotations

from dataclasses import dataclass

from planctl.config import Config
from planctl.diffreport import Labeller
from planctl.git.repo import open_repo
from planctl.git.snapshot import plan_at, plan_in_worktree
from planctl.semdiff import Key, PlanDiff, Snapshot, compare

WORKTREE = "the work tree"


@dataclass
class RevisionDiff:
    diff: PlanDiff
    old_name: str
    new_name: str
    labels: Labeller


def labeller(*versions: dict[Key, Snapshot]) -> Labeller:
    """References shown with titles: from the newer version first, else the older."""
    def label(kind: str, ident: str) -> str | None:
        for version in versions:
            snap = version.get((kind, ident))
            if snap is not None:
                return snap.label
        return None

    return label


def diff_revisions(config: Config, old: str | None = None, new: str | None = None) -> RevisionDiff:
    """`old` defaults to HEAD (the empty plan before the first commit); `new` to the work tree."""
    repo = open_repo(config.root)
    if old is None:
        head = repo.head()
        before = plan_at(repo, head, limit=config.max_file_size)
        old_name = "HEAD" if head else "the empty repository"
    else:
        before = plan_at(repo, repo.resolve(old), limit=config.max_file_size)
        old_name = old
    if new is None:
        after = plan_in_worktree(config)
        new_name = WORKTREE
    else:
        after = plan_at(repo, repo.resolve(new), limit=config.max_file_size)
        new_name = new
    return RevisionDiff(compare(before, after), old_name, new_name, labeller(after, before))
