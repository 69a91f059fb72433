"""Which version of the plan a document was made from, and a revision or date named by a user.

A report handed to the government, or a page the public reads, says which
version of the plan it shows: the commit (short sha, as `git log --oneline`),
the day it was made, and whether the work tree held changes not yet committed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from planctl.config import Config
from planctl.errors import UsageError
from planctl.git.repo import GitError, PlanRepo, open_repo
from planctl.i18n import _


@dataclass(frozen=True, slots=True)
class Revision:
    sha: str
    date: datetime.date
    """The commit's (author) date, as `planctl log` and the site's "last updated" show it."""
    dirty: bool
    """The work tree's plan differs from the commit (changed, added or deleted files)."""

    @property
    def short(self) -> str:
        return self.sha[:7]


def plan_revision(root: Path) -> Revision | None:
    """The newest commit on HEAD that touched the plan at `root` (the revision the site's
    "last updated" names too); None outside git or before the plan's first commit."""
    try:
        repo = open_repo(root)
        if repo.head() is None:
            return None
    except GitError:
        return None
    _, found, _ = repo.git("log", "-1", "--format=%H %as", "HEAD", "--", *repo.plan_pathspecs())
    if not found.strip():
        return None
    sha, day = found.split()
    _, status, _ = repo.git("status", "--porcelain", "--untracked-files=all", "--", *repo.plan_pathspecs())
    return Revision(sha, datetime.date.fromisoformat(day), bool(status.strip()))


_DATE_LIKE = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?(\s*(Z|[+-]\d{2}:?\d{2}))?"
    r"|\d+\s+(second|minute|hour|day|week|month|year)s?(\s+ago)?|yesterday|today|now)$", re.IGNORECASE | re.ASCII)
"""What `--since` reads as a date: an ISO date (and time), `N units ago`, yesterday, today, now."""


@dataclass(frozen=True, slots=True)
class Base:
    """The version a comparison starts from: a commit, or the empty plan before the first one."""

    text: str
    """As the user wrote it (HEAD~1, v2019-03, 2020-05-01)."""
    sha: str | None
    date: datetime.date | None
    shas: tuple[str, ...] = ()
    """The commits since then that touched the plan, up to HEAD, newest first."""

    @property
    def commits(self) -> int:
        return len(self.shas)


def base_of(config: Config, text: str, option: str = "--since") -> Base:
    """The commit a revision names, or for a date the last commit on HEAD made before it.

    A revision is tried first (a tag v2019-03 is a revision, not a date). A date before
    the first commit is the empty plan: everything in the plan is new since then. Text
    that is neither is a UsageError naming it. Only text that looks like a date is read
    as one: git's date parser finds a date in almost anything (`HEAD~9`, `abc123`), and
    a mistyped tag must not quietly become some day.
    """
    from planctl.git.history import git_timestamp

    repo = open_repo(config.root)
    sha = _commit(repo, text)
    if sha is None:
        if not _DATE_LIKE.match(text.strip()):
            _code, shallow, _err = repo.git("rev-parse", "--is-shallow-repository", check=False)
            if shallow.strip() == "true":
                raise UsageError(_("{option} {text}: no such revision (this clone is shallow: 'git fetch "
                                   "--unshallow'), nor a date (e.g. HEAD~1, a tag, 2020-05-01, '2 weeks ago')").format(
                                     option=option, text=repr(text)))
            raise UsageError(_("{option} {text}: no such revision, nor a date (e.g. HEAD~1, a tag, 2020-05-01, "
                               "'2 weeks ago')").format(option=option, text=repr(text)))

        when = git_timestamp(repo, option, text)
        if repo.head() is None:
            return Base(text, None, None)
        _code, found, _err = repo.git("rev-list", "-1", f"--before={when}", "HEAD")
        sha = found.strip() or None
    date = None
    if sha is not None:
        _code, stamp, _err = repo.git("show", "-s", "--format=%as", sha)
        date = datetime.date.fromisoformat(stamp.strip())
    span = f"{sha}..HEAD" if sha else "HEAD"
    _code, listed, _err = repo.git("rev-list", span, "--", *repo.plan_pathspecs())
    return Base(text, sha, date, tuple(listed.split()))


def _commit(repo: PlanRepo, text: str) -> str | None:
    if text.startswith("-"):  # never an option to git
        return None
    status, out, _ = repo.git("rev-parse", "--verify", "-q", "--end-of-options", f"{text}^{{commit}}", check=False)
    return out.strip() if status == 0 and out.strip() else None
