"""`planctl commit`: commit the plan's changes, and nothing else.

We build the commit in a temporary index that starts from HEAD and receives
only the plan's paths, run the repository's hooks on it as `git commit` does,
write the commit with `git commit-tree` and move the branch with a
compare-and-swap, so the user's own staged work stays out of the commit and a
concurrent commit is never reverted. The real index is touched only after the
commit landed, and only for the plan's paths; a rejecting hook leaves the
index and work tree as they were.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from planctl.config import Config
from planctl.diagnostics import Diagnostic
from planctl.git.repo import (
    EMPTY_TREE,
    GitError,
    PlanRepo,
    commit_lock_path,
    ensure_can_commit,
    ensure_index_unlocked,
    open_repo,
)
from planctl.git.snapshot import plan_at
from planctl.i18n import _
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


MAX_ATTEMPTS = 8
"""How often a commit is rebuilt when the branch moved under it (another git wrote to it)."""


@dataclass
class _Built:
    head: str | None
    tree: str
    files: list[str]
    diff: PlanDiff
    message: str


class _TempIndex:
    """A temporary index file in the git directory, removed (with its lock) however we leave."""

    def __init__(self, repo: PlanRepo) -> None:
        fd, name = tempfile.mkstemp(prefix="planctl-index.", dir=repo.git_path("."))
        os.close(fd)
        self.path = Path(name)
        self.path.unlink()  # git wants to create the index itself
        self.env = {"GIT_INDEX_FILE": str(self.path)}

    def __enter__(self) -> _TempIndex:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.path.unlink(missing_ok=True)
        Path(f"{self.path}.lock").unlink(missing_ok=True)


def _stage(repo: PlanRepo, head: str | None, specs: list[str], env: dict[str, str]) -> list[str]:
    """The temporary index: HEAD's tree with the plan's paths as they are on disk.

    It starts as a copy of the real index read over with HEAD's tree (`read-tree -m`: the
    entries become HEAD's, and an entry whose content HEAD has keeps its stat data), so that
    `add -A` hashes only the files changed since git last saw them, as `git add` does; from
    an empty index it would hash every file of the plan (two seconds at 100,000 files)."""
    if head:
        if not _seeded(repo, head, env):
            repo.git("read-tree", head, env=env)
    else:
        repo.git("read-tree", "--empty", env=env)
    specs = _existing_specs(repo, specs, env)
    if specs:
        repo.git("add", "-A", "--", *specs, env=env)
    return specs


def _seeded(repo: PlanRepo, head: str, env: dict[str, str]) -> bool:
    """The temporary index as HEAD's tree with the real index's stat data; False if it cannot be."""
    import shutil

    index = Path(env["GIT_INDEX_FILE"])
    try:
        shutil.copyfile(repo.git_path("index"), index)
    except OSError:
        return False
    status, _out, _err = repo.git("read-tree", "-m", head, env=env, check=False)
    if status == 0:
        # An entry the real index marks assume-unchanged or skip-worktree would keep that flag
        # here, and `git add -A` would then leave its change out of the commit: planctl commits
        # what the plan's files hold, so such an index is not used as the seed.
        status, listed, _err = repo.git("-c", "core.quotePath=false", "ls-files", "-v", "-z", env=env,
                                        check=False, strip=False)
        if status == 0 and _FLAGGED_ENTRY.search(listed) is None:
            return True
    index.unlink(missing_ok=True)  # unmerged entries, an index of another version, flags: the tree alone
    return False


_FLAGGED_ENTRY = re.compile(r"(?:^|\0)[a-zS] ")
"""An entry of `git ls-files -v` marked assume-unchanged (a lower-case tag) or skip-worktree (S)."""


def _describe(repo: PlanRepo, head: str | None, env: dict[str, str], message: str | None) -> _Built:
    """The tree of the temporary index, what changed against HEAD, and the semantic message."""
    _code, tree, _err = repo.git("write-tree", env=env)
    head_tree = repo.git("rev-parse", f"{head}^{{tree}}")[1] if head else EMPTY_TREE
    if tree == head_tree:
        raise NothingToCommit(_("nothing to commit: the plan is the same as in HEAD") if head else
                              _("nothing to commit: the plan is the same as in the empty repository"))
    _code, names, _err = repo.git("diff-tree", "-r", "-z", "--no-renames", "--name-only", head_tree, tree, strip=False)
    files = [p for p in names.split("\0") if p]
    _refuse_links_out(repo, tree, files)
    diff = compare(plan_at(repo, head_tree if head else None, files), plan_at(repo, tree, files))
    from planctl.git.message import build_message

    return _Built(head, tree, files, diff, build_message(diff, user_message=message))


def _refuse_links_out(repo: PlanRepo, tree: str, files: list[str]) -> None:
    """A symbolic link among the changes that points out of the repository is never committed.

    git stores a link as it is, so a link planted at `plan/.planctl-ids` or a plan file
    (a clone can carry one, a script can make one) would reach every clone and point
    their planctl outside their repository; a link that stays inside is the user's own
    layout and is committed as git would.
    """
    if not files:
        return
    _code, listing, _err = repo.git("ls-tree", "-z", tree, "--", *files, strip=False)
    top = os.path.realpath(repo.top)
    for entry in filter(None, listing.split("\0")):
        meta, _sep, path = entry.partition("\t")
        if not meta.startswith("120000 "):
            continue
        _code, target, _err = repo.git("cat-file", "blob", meta.split()[2], strip=False)
        resolved = os.path.normpath(os.path.join(top, os.path.dirname(path), target))
        if os.path.isabs(target) or not (resolved == top or resolved.startswith(top + os.sep)):
            shown = path[len(repo.prefix):] if path.startswith(repo.prefix) else path
            raise GitError(_("a symbolic link to {target}, outside the repository; planctl does not commit "
                             "it (remove it, or replace it by the file itself); nothing was committed").format(
                               target=repr(target)),
                           location=shown)


def commit_plan(config: Config, *, message: str | None = None, paths: Iterable[str] | None = None,
                verify: bool = True, dry_run: bool = False) -> CommitResult:
    """Commit the plan's paths (or just `paths`, relative to the plan root) with a semantic message.

    Concurrent commits lose nothing: planctl's commits of one repository take turns under a
    kernel lock in the git directory, each builds its tree from the HEAD of that moment,
    and the branch is moved with a compare-and-swap (`git update-ref HEAD NEW OLD`), so a
    commit that any other git made meanwhile is never reverted: the commit is rebuilt on it.
    The hooks run as `git commit` runs them (pre-commit on the temporary index,
    prepare-commit-msg, commit-msg, post-commit).
    """
    repo = open_repo(config.root)
    if not dry_run:
        ensure_can_commit(repo)
    if verify:
        problems = plan_errors(config)
        if problems:
            return CommitResult("", PlanDiff(), problems=problems)
    specs = [f"{repo.prefix}{p}" for p in paths] if paths is not None else repo.plan_pathspecs()
    if dry_run:
        with _TempIndex(repo) as index:
            head = repo.head()
            _stage(repo, head, specs, index.env)
            built = _describe(repo, head, index.env, message)
        return CommitResult(built.message, built.diff, built.files)
    from planctl.edit.lock import EditLock, lock_timeout

    with EditLock(commit_lock_path(repo), timeout=lock_timeout(config.section("edit"))):
        ensure_index_unlocked(repo, others_committing=False)
        outputs: list[str] = []
        for _attempt in range(MAX_ATTEMPTS):
            with _TempIndex(repo) as index:
                head = repo.head()
                staged = _stage(repo, head, specs, index.env)
                _hook(repo, "pre-commit", [], index.env, outputs)
                built = _describe(repo, head, index.env, message)
                sha, text = _commit_tree(repo, built, index.env, outputs)
            old = head or ""
            status, _out, _err = repo.git("update-ref", "-m", f"commit: {text.splitlines()[0] if text else ''}",
                                          "HEAD", sha, old, check=False)
            if status == 0:
                break
        else:
            raise GitError(_("the branch moved under each of {n} tries to commit (another git is "
                             "committing at the same time); nothing was committed, try again").format(
                               n=MAX_ATTEMPTS))
        _hook(repo, "post-commit", [], {}, outputs, check=False)
        # The real index now follows the new commit for the paths we committed; nothing else changes.
        if staged:
            repo.git("reset", "-q", "HEAD", "--", *staged)
    return CommitResult(text, built.diff, built.files, sha, hook_output="\n".join(outputs))


def _hook(repo: PlanRepo, name: str, args: list[str], env: dict[str, str], outputs: list[str], *,
          check: bool = True) -> None:
    """Run one of the repository's hooks as `git commit` would (`git hook run`, core.hooksPath kept)."""
    status, out, err = repo.git("hook", "run", "--ignore-missing", name, "--", *args, env=env, check=False)
    if status != 0 and "hook" in err and "not a git command" in err:  # git before 2.36: run it ourselves
        status, out, err = _run_hook_file(repo, name, args, env)
    output = "\n".join(part for part in (out, err) if part.strip())
    if check and status != 0:
        raise HookRejected(_("git refused the commit (a hook said no, see above); the index and the "
                             "work tree are as they were"), output)
    if output:
        outputs.append(output)


def _run_hook_file(repo: PlanRepo, name: str, args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """A hook run as git runs it (from the top of the work tree), for a git without `git hook`."""
    import subprocess

    hook = repo.git_path(f"hooks/{name}")  # --git-path honours core.hooksPath
    if not (hook.is_file() and os.access(hook, os.X_OK)):
        return 0, "", ""
    done = subprocess.run([str(hook), *args], cwd=repo.top, env={**os.environ, **env}, capture_output=True,
                          text=True, check=False)
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def _commit_tree(repo: PlanRepo, built: _Built, env: dict[str, str], outputs: list[str]) -> tuple[str, str]:
    """The commit object (not yet on any branch) and its final message, after the message hooks."""
    fd, msg_name = tempfile.mkstemp(prefix="planctl-msg.", dir=repo.git_path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(built.message)
        _hook(repo, "prepare-commit-msg", [msg_name, "message"], env, outputs)
        _hook(repo, "commit-msg", [msg_name], env, outputs)
        text = _cleanup(repo, Path(msg_name).read_text(encoding="utf-8"))
        if not text.strip():
            raise HookRejected(_("a hook left the commit message empty; nothing was committed"), "\n".join(outputs))

        Path(msg_name).write_text(text, encoding="utf-8")
        parents = ["-p", built.head] if built.head else []
        _code, sha, _err = repo.git("commit-tree", built.tree, *parents, "-F", msg_name, env=env)
        return sha, text
    finally:
        os.unlink(msg_name)


def _cleanup(repo: PlanRepo, text: str) -> str:
    """The message as `git commit -F` would store it after its hooks: `commit.cleanup`'s mode
    (by default blank lines and trailing spaces tidied, comments kept, as without an editor)."""
    _, mode, _ = repo.git("config", "--get", "commit.cleanup", check=False)
    if mode.strip() == "verbatim":
        return text
    args = ["--strip-comments"] if mode.strip() == "strip" else []
    import subprocess

    done = subprocess.run(["git", "stripspace", *args], cwd=repo.top, input=text, capture_output=True,
                          text=True, encoding="utf-8", check=False)
    return done.stdout if done.returncode == 0 else text


def plan_errors(config: Config) -> list[Diagnostic]:
    """The plan's errors, as `planctl check` (or, before it exists, `validate`) reports them.

    From the plan's last verdict when every file is as it was computed for (`planctl.verdict`:
    a `check` or an edit just before the commit knows the answer); else a full check, whose
    result is the next verdict."""
    import datetime as dt

    from planctl import verdict
    from planctl.diagnostics import Severity, sort_diagnostics
    from planctl.edit.guard import diagnose
    from planctl.loader import load_plan

    today = dt.date.today()
    known = verdict.errors(config, today)
    if known is not None:
        return sort_diagnostics(known)
    plan = load_plan(config, cache=True)
    found = diagnose(plan, config, today)
    verdict.record(config, plan, found, today)
    return sort_diagnostics([d for d in found if d.severity >= Severity.ERROR])
