"""What changed in the plan, commit by commit, for the site's "Senaste ändringar" page and feed.

The commits come from `planctl.git.history.plan_log` (the one reader of the
`Plan-Added/Changed/Removed/Renamed` trailers that `planctl commit` writes).
Each commit's field changes come from `planctl.semdiff.compare` of the files
it touched, before and after (`planctl.git.snapshot.plan_at`): the trailers
say *which* entities a planctl commit changed, the comparison says *how*, and
for a commit made without planctl it says both. Only touched files are read,
so a history of a plan of thousands of files costs what its commits touched.

A plan outside git has no history: `read_history` says so in `History.reason`
instead of failing, and the site says it on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from planctl.config import Config
from planctl.semdiff import EntityChange, FieldChange, Key, Snapshot

if TYPE_CHECKING:
    from planctl.git.history import LogEntry
    from planctl.git.repo import PlanRepo

LIMIT = 50
"""Commits shown on the page and in the feed, newest first; `planctl log` has the rest."""
SHORT_SHA = 7


@dataclass(frozen=True)
class Change:
    """One entity in one commit: added, changed (with its fields), removed or renamed."""

    change: str  # "added", "changed", "removed" or "renamed"
    kind: str | None  # None: a trailer names an id that no touched file holds
    ident: str
    label: str
    fields: tuple[FieldChange, ...] = ()
    old_ident: str = ""
    """For "renamed": the id it had before."""


@dataclass(frozen=True)
class Commit:
    sha: str
    date: datetime
    subject: str
    changes: tuple[Change, ...]
    source: str  # "trailers" (a planctl commit) or "diff" (read from the files alone)

    @property
    def short(self) -> str:
        return self.sha[:SHORT_SHA]


@dataclass
class History:
    """The plan's revision and its latest changes, or why there are none."""

    commits: list[Commit] = field(default_factory=list)
    revision: str = ""
    """The newest commit that touched the plan (full sha); empty outside git or before a commit."""
    date: datetime | None = None
    dirty: bool = False
    """The work tree's plan differs from that commit: the site shows changes not yet committed."""
    in_git: bool = False
    reason: str = ""
    """Why there is no history (not in git, git missing, no commit yet); empty when there is one."""
    first: str = ""
    """The oldest commit that touched the plan: the same in every clone, an id for the plan's feed."""
    prefix: str = ""
    """The plan's folder inside the repository ("" at its top)."""

    @property
    def short(self) -> str:
        return self.revision[:SHORT_SHA]


def read_history(config: Config, *, limit: int = LIMIT) -> History:
    """The plan's history as the site shows it; never raises for a plan outside git."""
    from planctl.git.history import plan_log
    from planctl.git.repo import GitError, open_repo

    try:
        repo = open_repo(config.root)
        entries = plan_log(config)
    except GitError as exc:
        return History(reason=str(exc))
    history = History(in_git=True, prefix=repo.prefix)
    if not entries:
        history.reason = "no commit holds the plan yet"
        history.dirty = True
        return history
    history.revision, history.date = entries[0].sha, datetime.fromisoformat(entries[0].date)
    history.first = entries[-1].sha
    _, status, _ = repo.git("status", "--porcelain=v1", "--", *repo.plan_pathspecs())
    history.dirty = bool(status.strip())
    for start in range(0, len(entries), limit):  # a commit of schema or settings alone is left out
        chunk = entries[start:start + limit]
        blobs = _touched(repo, [e.sha for e in chunk])
        for entry in chunk:
            commit = _commit(config, repo, entry, blobs.get(entry.sha))
            if commit.changes:
                history.commits.append(commit)
                if len(history.commits) >= limit:
                    return history
    return history


_ZERO = "0" * 40


def _touched(repo: PlanRepo, shas: list[str]) -> dict[str, tuple[dict[str, str], dict[str, str]] | None]:
    """For each commit, the plan files it touched as ({path: blob before}, {path: blob after}),
    from one `git log --raw`; None for a merge (its changes are those of the commits it merges)."""
    if not shas:
        return {}
    _, out, _ = repo.git("-c", "log.showRoot=true", "log", "--no-walk=unsorted", "--raw", "--no-abbrev",
                         "--no-renames", "-z", "--format=%x1e%H %P", *shas, "--", f"{repo.prefix}plan", strip=False)
    found: dict[str, tuple[dict[str, str], dict[str, str]] | None] = {}
    for record in out.split("\x1e"):
        head, _, raw = record.partition("\n")  # "SHA PARENT...\0" then ":MODE MODE OLD NEW M\0PATH\0"...
        ids = head.replace("\0", " ").split()
        if not ids:
            continue
        if len(ids) > 2:
            found[ids[0]] = None
            continue
        before: dict[str, str] = {}
        after: dict[str, str] = {}
        fields = raw.strip("\n").split("\0")
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            parts = meta.lstrip(":").split()
            if len(parts) < 4:
                continue
            old, new = parts[2], parts[3]
            if old != _ZERO:
                before[path] = old
            if new != _ZERO:
                after[path] = new
        found[ids[0]] = (before, after)
    return found


def _commit(config: Config, repo: PlanRepo, entry: LogEntry,
            blobs: tuple[dict[str, str], dict[str, str]] | None) -> Commit:
    from planctl.git.message import renames
    from planctl.git.snapshot import read_blobs
    from planctl.semdiff import compare, kind_of_path

    date = datetime.fromisoformat(entry.date)
    if blobs is None:  # a merge, or a commit that touched no plan file
        return Commit(entry.sha, date, entry.subject, (), entry.source)
    before_files, after_files = ({p: b for p, b in files.items() if kind_of_path(p)} for files in blobs)
    before = read_blobs(repo, before_files, limit=config.max_file_size)
    after = read_blobs(repo, after_files, limit=config.max_file_size)
    diff = compare(before, after)
    if entry.source != "trailers":  # no trailers: the comparison is all there is
        pairs = renames(diff)
        moved = {id(c) for pair in pairs for c in pair}
        changes = [Change("renamed", new.kind, new.ident, new.label, old_ident=old.ident) for old, new in pairs]
        changes += [_change(c) for c in diff.changes if id(c) not in moved]
        return Commit(entry.sha, date, entry.subject, tuple(changes), "diff")
    by_id = {c.ident: c for c in diff.changes}
    renamed = {(r.old, r.new) for r in entry.renamed}
    gone = {old for old, _ in renamed} | {new for _, new in renamed}
    changes = [Change("renamed", *_what(new, by_id, before, after), old_ident=old) for old, new in sorted(renamed)]
    for change, idents in (("added", entry.added), ("changed", entry.changed), ("removed", entry.removed)):
        for ident in idents:
            if ident in gone:
                continue
            found = by_id.get(ident)
            if found is not None:
                changes.append(_change(found))
            else:
                changes.append(Change(change, *_what(ident, by_id, before, after)))
    return Commit(entry.sha, date, entry.subject, tuple(changes), "trailers")


def _change(c: EntityChange) -> Change:
    return Change(c.change, c.kind, c.ident, c.label, tuple(c.fields))


def _what(ident: str, by_id: dict[str, EntityChange], *versions: dict[Key, Snapshot]) -> tuple[str | None, str, str]:
    """(kind, id, label) of an id a trailer names, from the files the commit touched."""
    found = by_id.get(ident)
    if found is not None:
        return found.kind, ident, found.label
    for version in reversed(versions):  # the newer version's title first
        for (kind, other), snap in version.items():
            if other == ident:
                return kind, ident, snap.label
    return None, ident, ident
