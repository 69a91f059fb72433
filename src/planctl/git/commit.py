"""`planctl commit`: commit the plan's changes, and nothing else.

We build the commit in a temporary index that starts from HEAD and receives
only the plan's paths, then run `git commit` with it, so the repository's
hooks run as usual while the user's own staged work stays out of the commit.
The real index is touched only after the commit succeeded, and only for the
plan's paths; a rejecting hook leaves the index and work tree as they were.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from planctl.config import Config
from planctl.diagnostics import Diagnostic
from planctl.git.repo import EMPTY_TREE, GitError, PlanRepo, ensure_can_commit, open_repo
from planctl.git.snapshot import plan_at
from planctl.semdiff import PlanDiff, compare


class NothingToCommit(GitError):
    """The plan is the same as in HEAD."""


class HookRejected(GitError):
    """A git hook refused the commit; the hook's own output says why."""

    def __init__(self, message: str, output: str) -> None:
        super().__init__(message)
        self.output = output


@dataclass
class CommitResult:
    message: str
    diff: PlanDiff
    files: list[str] = field(default_factory=list)  # paths from the top of the repository
    sha: str | None = None  # None for a dry run
    problems: list[Diagnostic] = field(default_factory=list)  # plan errors that refused the commit
    hook_output: str = ""

    @property
    def refused(self) -> bool:
        return bool(self.problems)


def _existing_specs(repo: PlanRepo, specs: list[str], index_env: dict[str, str]) -> list[str]:
    """The pathspecs that name something (on disk, or in the index): git refuses the others."""
    _, tracked, _ = repo.git("ls-files", "-z", "--", *specs, env=index_env, strip=False)
    known = [p for p in tracked.split("\0") if p]
    keep = []
    for spec in specs:
        if (repo.top / spec).exists() or any(p == spec or p.startswith(spec.rstrip("/") + "/") for p in known):
            keep.append(spec)
    return keep


def commit_plan(config: Config, *, message: str | None = None, paths: Iterable[str] | None = None,
                verify: bool = True, dry_run: bool = False) -> CommitResult:
    """Commit the plan's paths (or just `paths`, relative to the plan root) with a semantic message."""
    repo = open_repo(config.root)
    if not dry_run:
        ensure_can_commit(repo)
    if verify:
        problems = plan_errors(config)
        if problems:
            return CommitResult("", PlanDiff(), problems=problems)
    head = repo.head()
    specs = [f"{repo.prefix}{p}" for p in paths] if paths is not None else repo.plan_pathspecs()
    fd, tmp_name = tempfile.mkstemp(prefix="planctl-index.", dir=repo.git_path("."))
    os.close(fd)
    tmp_index = Path(tmp_name)
    env = {"GIT_INDEX_FILE": str(tmp_index)}
    try:
        tmp_index.unlink()  # git wants to create the index itself
        if head:
            repo.git("read-tree", head, env=env)
        else:
            repo.git("read-tree", "--empty", env=env)
        specs = _existing_specs(repo, specs, env)
        if specs:
            repo.git("add", "-A", "--", *specs, env=env)
        _, tree, _ = repo.git("write-tree", env=env)
        head_tree = repo.git("rev-parse", f"{head}^{{tree}}")[1] if head else EMPTY_TREE
        if tree == head_tree:
            raise NothingToCommit("nothing to commit: the plan is the same as in "
                                  + ("HEAD" if head else "the empty repository"))
        _, names, _ = repo.git("diff-tree", "-r", "-z", "--no-renames", "--name-only", head_tree, tree, strip=False)
        files = [p for p in names.split("\0") if p]
        diff = compare(plan_at(repo, head_tree if head else None, files), plan_at(repo, tree, files))
        from planctl.git.message import build_message

        text = build_message(diff, user_message=message)
        if dry_run:
            return CommitResult(text, diff, files)
        status, out, err = _commit(repo, text, env)
        if status != 0:
            output = "\n".join(part for part in (out, err) if part.strip())
            raise HookRejected("git refused the commit (a hook said no, see above); the index and the "
                               "work tree are as they were", output)
        sha = repo.head()
        # The real index now follows the new commit for the paths we committed; nothing else changes.
        repo.git("reset", "-q", "HEAD", "--", *specs)
        return CommitResult(text, diff, files, sha, hook_output="\n".join(p for p in (out, err) if p.strip()))
    finally:
        tmp_index.unlink(missing_ok=True)
        Path(f"{tmp_index}.lock").unlink(missing_ok=True)


def _commit(repo: PlanRepo, message: str, env: dict[str, str]) -> tuple[int, str, str]:
    fd, msg_name = tempfile.mkstemp(prefix="planctl-msg.", dir=repo.git_path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(message)
        return repo.git("commit", "-q", "--cleanup=verbatim", "-F", msg_name, env=env, check=False)
    finally:
        os.unlink(msg_name)


def plan_errors(config: Config) -> list[Diagnostic]:
    """The plan's errors, as `planctl check` (or, before it exists, `validate`) reports them."""
    from planctl.diagnostics import Severity, sort_diagnostics
    from planctl.edit.guard import diagnose
    from planctl.loader import load_plan

    plan = load_plan(config, cache=True)
    return sort_diagnostics([d for d in diagnose(plan, config) if d.severity >= Severity.ERROR])
