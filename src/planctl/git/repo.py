"""Opening the repository that holds the plan, and asking it about its state."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from planctl.errors import PlanctlError
from planctl.i18n import N_, _

PLAN_PATHS = ("plan", "schema", "planctl.toml")
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


class GitError(PlanctlError):
    """git cannot do what was asked (not a repository, no identity, a merge in progress...)."""


def _command(args: tuple[str, ...]) -> str:
    """The git command of an argument list (`log` in `-c core.quotePath=false log …`), for messages."""
    words = iter(args)
    for word in words:
        if word in ("-c", "-C"):
            next(words, None)
        elif not word.startswith("-"):
            return word
    return args[0] if args else "git"


def run_git(args: list[str] | tuple[str, ...], cwd: Path, *, env: dict[str, str] | None = None, check: bool = True,
            strip: bool = True, input: bytes | None = None) -> tuple[int, str, str]:
    """Run `git ARGS` in `cwd`: (status, stdout, stderr) as text, one trailing newline stripped.

    An argument list, never a shell. Messages in English whatever the user's locale
    (LC_ALL=C, LANGUAGE=C), so the few that planctl reads (`not a git command`) read the
    same everywhere; bytes that are not UTF-8 (a path in another encoding) come through
    as surrogate escapes, not as an error.
    """
    import subprocess

    full_env = {**os.environ, "LANGUAGE": "C", "LC_ALL": "C", **(env or {})}
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env=full_env, input=input, capture_output=True,
                              stdin=None if input is not None else subprocess.DEVNULL, check=False)
    except OSError as exc:
        raise GitError(_("git is not available: {reason}").format(reason=exc.strerror or exc)) from None
    out = done.stdout.decode("utf-8", "surrogateescape")
    err = done.stderr.decode("utf-8", "surrogateescape")
    if strip and out.endswith("\n"):
        out = out[:-1]
    if err.endswith("\n"):
        err = err[:-1]
    if check and done.returncode != 0:
        detail = " ".join(err.split("\n")).strip()
        detail = detail or _("exit status {status}").format(status=done.returncode)
        raise GitError(_("git {command} failed: {detail}").format(command=_command(tuple(args)), detail=detail))
    return done.returncode, out, err


@dataclass
class PlanRepo:
    """The git repository around a plan root, and where the plan sits inside it."""

    top: Path
    prefix: str  # the plan root relative to the top, "" or "sub/dir/"

    def git(self, *args: str, env: dict[str, str] | None = None, check: bool = True,
            strip: bool = True) -> tuple[int, str, str]:
        """Run `git ARGS` at the top of the work tree; (status, stdout, stderr)."""
        return run_git(args, self.top, env=env, check=check, strip=strip)

    def git_path(self, name: str) -> Path:
        """A path inside the git directory (per worktree where git keeps it so)."""
        _, out, _ = self.git("rev-parse", "--git-path", name)
        path = Path(out)
        return path if path.is_absolute() else self.top / path

    def head(self) -> str | None:
        """The commit HEAD names, or None in a repository with no commits yet."""
        status, out, _ = self.git("rev-parse", "--verify", "-q", "HEAD^{commit}", check=False)
        return out if status == 0 and out else None

    def resolve(self, rev: str) -> str:
        status, out, _err = self.git("rev-parse", "--verify", "-q", f"{rev}^{{commit}}", check=False)
        if status != 0 or not out:
            _code, shallow, _err = self.git("rev-parse", "--is-shallow-repository", check=False)
            if shallow == "true":  # the revision may well exist, just not in this clone
                raise GitError(_("unknown revision {rev}: this clone is shallow and may not hold it "
                                 "(run 'git fetch --unshallow')").format(rev=repr(rev)))
            raise GitError(_("unknown revision {rev}").format(rev=repr(rev)))
        return out

    def resolve_tree(self, rev: str) -> tuple[str | None, str]:
        """(commit or None, tree) that `rev` names: a commit, or a tree as `git diff` takes one
        (the empty tree 4b825dc6... among them, which git knows without storing it)."""
        status, out, _ = self.git("rev-parse", "--verify", "-q", f"{rev}^{{commit}}", check=False)
        if status == 0 and out:
            return out, self.git("rev-parse", f"{out}^{{tree}}")[1]
        status, out, _ = self.git("rev-parse", "--verify", "-q", f"{rev}^{{tree}}", check=False)
        if status == 0 and out:
            return None, out
        return None, self.resolve(rev)  # raises, saying why

    def plan_pathspecs(self) -> list[str]:
        return [f"{self.prefix}{p}" for p in PLAN_PATHS]

    def rel_to_plan(self, path: str) -> str:
        """A path from the top of the repository, relative to the plan root."""
        return path[len(self.prefix):] if self.prefix and path.startswith(self.prefix) else path


def open_repo(root: Path) -> PlanRepo:
    """The work tree around `root`; a bare repository or none at all is refused clearly.

    Asked of git itself (`rev-parse`), so GIT_DIR, GIT_WORK_TREE, worktrees and
    `safe.directory` count as they do for every git command the user runs.
    """
    if not root.is_dir():
        raise GitError(_("{path} is not in a git repository (run 'git init' first)").format(path=root))
    status, out, err = run_git(["rev-parse", "--is-bare-repository", "--absolute-git-dir", "--show-toplevel"], root,
                               check=False)
    lines = out.splitlines()
    if lines[:1] == ["true"]:
        where = lines[1] if len(lines) > 1 else str(root)
        raise GitError(_("{path} is a bare repository: it has no work tree to commit from").format(path=where))
    if status != 0 or len(lines) != 3 or not lines[2]:
        reason = " ".join(err.split("\n")).removeprefix("fatal: ").strip()
        if not reason or "not a git repository" in reason:
            raise GitError(_("{path} is not in a git repository (run 'git init' first)").format(path=root))
        raise GitError(_("{path}: git refuses the repository: {reason}").format(path=root, reason=reason))
    top = Path(lines[2]).resolve()
    try:
        rel = root.resolve().relative_to(top).as_posix()
    except ValueError:
        raise GitError(_("{path} is not inside the work tree {top}").format(path=root, top=top)) from None
    prefix = "" if rel in ("", ".") else rel + "/"
    return PlanRepo(top, prefix)


_IN_PROGRESS = {
    "MERGE_HEAD": N_("a merge is in progress; finish or abort it before 'planctl commit'"),
    "rebase-merge": N_("a rebase is in progress; finish or abort it before 'planctl commit'"),
    "rebase-apply": N_("a rebase or 'git am' is in progress; finish or abort it before 'planctl commit'"),
    "CHERRY_PICK_HEAD": N_("a cherry-pick is in progress; finish or abort it before 'planctl commit'"),
    "REVERT_HEAD": N_("a revert is in progress; finish or abort it before 'planctl commit'"),
    "BISECT_LOG": N_("a bisect is in progress; finish or abort it before 'planctl commit'"),
}


INDEX_LOCK_PATIENCE = 3.0
"""Seconds to wait for git's index.lock to go: a running git (another planctl's commit
updating the index for the paths it committed) holds it for a moment; one that stays is stale."""


def _still_locked(lock: Path, patience: float) -> bool:
    import time

    deadline = time.monotonic() + patience
    while lock.exists():
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.05)
    return False


def ensure_can_commit(repo: PlanRepo) -> None:
    """Refuse, with the reason, every state in which a commit of ours would surprise."""
    for name, what in _IN_PROGRESS.items():
        if repo.git_path(name).exists():
            raise GitError(_(what))
    ensure_index_unlocked(repo, others_committing=True)
    ensure_identity(repo)


def commit_lock_path(repo: PlanRepo) -> Path:
    """The kernel lock under which planctl's commits of one repository (all its worktrees) take turns."""
    _, common_dir, _ = repo.git("rev-parse", "--git-common-dir")
    base = Path(common_dir) if Path(common_dir).is_absolute() else repo.top / common_dir
    return base / "planctl-commit.lock"


def ensure_index_unlocked(repo: PlanRepo, *, others_committing: bool) -> None:
    """Refuse while git's `index.lock` is held, unless another planctl's commit holds it.

    A planctl commit updates the real index at its end, under the commit lock; a second
    planctl that looks meanwhile (twelve `set --commit` at once) would see that lock and
    refuse. With `others_committing`, a held commit lock means the index lock is theirs
    and gone by our turn; the commit checks again, holding the commit lock itself.
    """
    lock = repo.git_path("index.lock")
    if not lock.exists():
        return
    if others_committing:
        from planctl.edit.lock import EditLock

        probe = EditLock(commit_lock_path(repo))
        if not probe.acquire(wait=False):
            return
        probe.release()
        if not lock.exists():  # that commit ended between our two looks
            return
    if not _still_locked(lock, INDEX_LOCK_PATIENCE):  # another git (an editor's) held it a moment
        return
    raise GitError(_("the git index is locked ({lock} exists): another git command is running, "
                     "or one crashed; remove the file if no git process is running").format(lock=lock))


def ensure_identity(repo: PlanRepo) -> None:
    """git needs a name and an e-mail address for the commit; say how to set them."""
    def value(key: str, *env_names: str) -> str:
        for name in env_names:
            if os.environ.get(name):
                return os.environ[name]
        status, out, _err = repo.git("config", "--get", key, check=False)
        return out.strip() if status == 0 else ""

    missing = [key for key, envs in (("user.name", ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME")),
                                      ("user.email", ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL", "EMAIL")))
               if not value(key, *envs)]
    if missing:
        from planctl.diffreport import and_list

        hints = and_list([f"git config {key} \"...\"" for key in missing])
        raise GitError(_("git does not know who you are ({keys} not set); run: {commands}").format(
            keys=and_list(missing), commands=hints))


