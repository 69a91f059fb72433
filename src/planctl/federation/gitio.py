"""git for federation: fetching a remote plan into a bare repository of the cache, and asking it.

Every remote is a URL someone else wrote (a member's in federation.toml, the national
plan's in planctl.toml), so git runs with an argument list, never a shell; the URL
comes after `--`, so it can never be an option; only the usual transports are allowed
(`ext::` would run a command); git never prompts (a CI job has nobody to answer); and
each call has a time limit, so one unresponsive host cannot hold the run.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from planctl.i18n import _

ALLOWED_PROTOCOLS = "file:git:http:https:ssh"
DEFAULT_TIMEOUT = 60.0
HEAD_REF = "refs/planctl/head"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SCP = re.compile(r"^[A-Za-z0-9._~-]+@[^/:]+:")


class GitFailed(Exception):
    """git could not do it: `reason` is one line from git (or the time limit)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Remote:
    """Where a plan is fetched from: `text` as written, `target` as git is given it."""

    text: str
    target: str


def is_url(text: str) -> bool:
    """A URL (`https://…`, `ssh://…`) or scp-like `user@host:path`, not a path."""
    return bool(_URL.match(text) or _SCP.match(text))


def remote(text: str, base: Path) -> Remote:
    """A URL as it is, or a path (relative to `base`) made absolute; never an option."""
    if text.startswith("-"):
        raise GitFailed(_("{text!r} is neither a URL nor a path").format(text=text))
    if is_url(text):
        return Remote(text, text)
    return Remote(text, os.path.realpath(os.path.join(base, text)))  # os.path: asked once per member per run


_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                         "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
                         "GIT_CEILING_DIRECTORIES")
"""Set by a hook that runs planctl (pre-commit): they name the member's repository, not the cache's."""


def _env() -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    return {**base, "LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0",
            "GIT_ALLOW_PROTOCOL": ALLOWED_PROTOCOLS, "GIT_ASKPASS": "", "SSH_ASKPASS": "",
            "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")}


def git(git_dir: Path, *args: str, timeout: float | None = DEFAULT_TIMEOUT, input: bytes | None = None) -> bytes:
    """stdout of `git ARGS` in the bare repository `git_dir`; GitFailed on failure or time-out."""
    try:
        done = subprocess.run(["git", f"--git-dir={git_dir}", *args], env=_env(), input=input, capture_output=True,
                              stdin=None if input is not None else subprocess.DEVNULL, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise GitFailed(_("no answer within {seconds} s").format(seconds=f"{timeout:g}")) from None
    except OSError as exc:
        raise GitFailed(_("git is not available: {why}").format(why=exc.strerror or exc)) from None
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
        raise GitFailed((fatal or lines or [_("exit status {n}").format(n=done.returncode)])[0])
    return done.stdout


def init_bare(git_dir: Path) -> None:
    """An empty bare repository at `git_dir` (nothing when there is one)."""
    if (git_dir / "HEAD").is_file():
        return
    git_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        # No template: a cache repository needs no sample hooks, and copying them was most of
        # what `git init` cost (17 ms of CPU against 5), once per member of a cold roll-up.
        done = subprocess.run(["git", "init", "--bare", "--quiet", "--template=", str(git_dir)], env=_env(),
                              capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=DEFAULT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitFailed(_("git init failed: {why}").format(why=exc)) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(lines[-1] if lines else _("git init failed: {why}").format(why=done.returncode))


def fetch(git_dir: Path, where: Remote, refspecs: list[str], *, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Fetch `refspecs` from `where` into the bare `git_dir` (created when missing)."""
    init_bare(git_dir)
    git(git_dir, "-c", "gc.auto=0", "fetch", "--quiet", "--no-tags", "--update-head-ok", "--no-write-fetch-head",
        "--", where.target, *refspecs, timeout=timeout)


def resolve(git_dir: Path, rev: str) -> str | None:
    """The commit `rev` names in `git_dir`, or None."""
    if rev.startswith("-"):
        return None
    try:
        out = git(git_dir, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", timeout=30)
    except GitFailed:
        return None
    sha = out.decode("ascii", "replace").strip()
    return sha or None


def has_commit(git_dir: Path, sha: str) -> bool:
    if not (git_dir / "HEAD").is_file():
        return False
    return resolve(git_dir, sha) is not None


_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def read_ref(git_dir: Path, ref: str) -> str | None:
    """The commit a branch (or HEAD) names in a local repository, read from its files: a loose
    ref, else `packed-refs`. None whenever that is not certain (a tag, which may name a tag
    object; reftable; anything odd): the caller then asks git. Reading costs no process, so an
    unchanged local member is known unchanged without a fetch."""
    # Strings and os.path, not pathlib: asked twice per member of every roll-up (600 times for 300
    # members), where pathlib's joins cost more than the reads.
    root = os.fspath(git_dir)
    if ref == "HEAD":
        try:
            with open(os.path.join(root, "HEAD"), encoding="ascii", errors="replace") as stream:
                head = stream.read().strip()
        except OSError:
            return None
        if _SHA.fullmatch(head):
            return head
        if not head.startswith("ref: refs/heads/"):
            return None
        ref = head[5:]
    elif not ref.startswith("refs/"):
        ref = f"refs/heads/{ref}"
    if not ref.startswith(("refs/heads/", "refs/planctl/")) or ".." in ref or os.path.exists(
            os.path.join(root, "reftable")):
        return None
    try:
        with open(os.path.join(root, ref), encoding="ascii", errors="replace") as stream:
            loose = stream.read().strip()
        return loose if _SHA.fullmatch(loose) else None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        with open(os.path.join(root, "packed-refs"), encoding="ascii", errors="replace") as packed:
            for line in packed:
                sha, _, name = line.rstrip("\n").partition(" ")
                if name == ref and _SHA.fullmatch(sha):
                    return sha
    except OSError:
        return None
    return None


def local_repository(where: Remote) -> Path | None:
    """The git directory of a remote that is a local path (a bare repository, or a work tree's
    `.git` folder); None for a URL or anything else."""
    if where.target == where.text and not os.path.isabs(where.text):
        return None  # a URL, as written
    join, isfile, isdir = os.path.join, os.path.isfile, os.path.isdir
    if isfile(join(where.target, "HEAD")) and isdir(join(where.target, "objects")):
        return Path(where.target)
    dotgit = join(where.target, ".git")
    return Path(dotgit) if isfile(join(dotgit, "HEAD")) and isdir(join(dotgit, "objects")) else None
