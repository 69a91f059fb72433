"""The plan's semantic difference between two revisions (or a revision and the work tree)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(version, path) of plan files that could not be read: their entities compare as empty."""


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
    broken_old: list[str] = []
    broken_new: list[str] = []
    if old is None:
        head = repo.head()
        before = plan_at(repo, head, limit=config.max_file_size, unreadable=broken_old)
        old_name = "HEAD" if head else "the empty repository"
    else:
        before = plan_at(repo, repo.resolve(old), limit=config.max_file_size, unreadable=broken_old)
        old_name = old
    if new is None:
        after = plan_in_worktree(config, unreadable=broken_new)
        new_name = WORKTREE
    else:
        after = plan_at(repo, repo.resolve(new), limit=config.max_file_size, unreadable=broken_new)
        new_name = new
    unreadable = [(old_name, p) for p in broken_old] + [(new_name, p) for p in broken_new]
    return RevisionDiff(compare(before, after), old_name, new_name, labeller(after, before), unreadable)
