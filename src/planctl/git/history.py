"""`planctl log`: the plan's history, read from commit trailers.

Commits made by planctl carry `Plan-Added/Changed/Removed` trailers; for
commits made without planctl (a curator's `git commit`, a merge from the web
UI) the entities are read from the names of the files the commit touched
instead. Either way it is one `git log` and no plan is built: its cost is
git's own listing of the commits and their paths.

The log of one id lists the commits about that id; with `follow` it goes on
back through `Plan-Renamed: OLD -> NEW` trailers, as `git log --follow` goes on
through a file's renames: an initiative's history does not end at the
`planctl mv` that gave it its id.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from planctl.config import Config
from planctl.git.message import RENAME_ARROW, RENAMED_KEY, TRAILER_KEYS
from planctl.git.repo import PlanRepo, open_repo
from planctl.i18n import _

_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class Rename:
    old: str
    new: str


@dataclass
class LogEntry:
    sha: str
    author: str
    date: str  # ISO 8601, the author date
    subject: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    source: str = "trailers"  # or "files" when the commit has no planctl trailers

    def mentions(self, ident: str) -> bool:
        return (ident in self.added or ident in self.changed or ident in self.removed
                or any(ident in (r.old, r.new) for r in self.renamed))

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _rename(value: str) -> Rename | None:
    old, arrow, new = value.strip().partition(RENAME_ARROW)
    return Rename(old.strip(), new.strip()) if arrow and old.strip() and new.strip() else None


def parse_renames(values: str) -> list[tuple[str, str]]:
    """The (old, new) ids of `Plan-Renamed` trailer values, one a line (`%(trailers:key=…,valueonly)`)."""
    return [(r.old, r.new) for r in map(_rename, values.splitlines()) if r is not None]


def _parse_trailers(text: str) -> tuple[dict[str, list[str]], list[Rename]]:
    found: dict[str, list[str]] = {change: [] for change in TRAILER_KEYS}
    renamed: list[Rename] = []
    by_key = {key.lower(): change for change, key in TRAILER_KEYS.items()}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip().lower()
        change = by_key.get(key)
        if change is not None:
            found[change].extend(v.strip() for v in value.split(",") if v.strip())
        elif key == RENAMED_KEY.lower():
            rename = _rename(value)
            if rename is not None:
                renamed.append(rename)
    return found, renamed


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", re.ASCII)


def git_timestamp(repo: PlanRepo, option: str, value: str) -> int:
    """The Unix time git reads `value` as (2020-05-01, '2 weeks ago', yesterday...).

    `git log --since` takes any text, and one it cannot read means "now": `--since bogus`
    would quietly list nothing. Git's careful date parser (the one behind gc.pruneExpire)
    refuses such text, so it is asked first; an ISO date it would stretch (2020-13-45)
    is checked here, strictly. A date that cannot be read is a UsageError naming it.
    """
    from planctl.errors import UsageError

    match = _ISO_DATE.match(value.strip())
    if match:
        try:
            datetime.date(*(int(part) for part in match.groups()))
        except ValueError as exc:
            raise UsageError(_("{option} {value}: not a date ({reason})").format(
                option=option, value=repr(value), reason=exc)) from None
    status, out, _err = repo.git("-c", f"planctl.date={value}", "config", "--type=expiry-date", "planctl.date",
                              check=False)
    if status != 0 or not out.strip().isdigit():
        raise UsageError(_("{option} {value}: not a date git can read (e.g. 2020-05-01 or '2 weeks ago')").format(
            option=option, value=repr(value)))
    return int(out.strip())


_DATE_LIKE = re.compile(r"[\d\s:./+-]+", re.ASCII)


def _until(repo: PlanRepo, value: str) -> tuple[str | None, int | None]:
    """(revision to start from, or Unix time to end at) for `--until`: a revision when git knows
    one by that name (a text of digits, dashes and colons only is always a date: `2020`
    could abbreviate a commit), else a date read as strictly as `--since`'s."""
    from planctl.errors import UsageError

    if _DATE_LIKE.fullmatch(value):
        return None, git_timestamp(repo, "--until", value)
    status, out, _err = repo.git("rev-parse", "--verify", "-q", "--end-of-options", f"{value}^{{commit}}", check=False)
    if status == 0 and out:
        return out, None
    try:
        return None, git_timestamp(repo, "--until", value)
    except UsageError:
        raise UsageError(_("--until {value}: neither a revision nor a date git can read "
                           "(e.g. v2019-03, HEAD~10, 2020-05-01 or '2 weeks ago')").format(value=repr(value))) from None



def plan_log(config: Config, ident: str | None = None, since: str | None = None, *, until: str | None = None,
             max_count: int | None = None, follow: bool = False) -> list[LogEntry]:
    """Newest first: every commit that touched the plan, or only those about `ident`.

    `follow`: `ident` under each name it had, too (a commit renaming OLD to `ident` makes
    the older commits about OLD its). `until`: a date, or a revision to start from instead
    of HEAD. `max_count`: at most that many commits (of those about `ident`, if given).
    """
    repo = open_repo(config.root)
    max_age = git_timestamp(repo, "--since", since) if since else None
    start, min_age = _until(repo, until) if until else (None, None)
    if repo.head() is None or max_count == 0:
        return []
    # git limits history to paths by diffing every commit twice (to simplify the history, then
    # for the output): for a plan at the top of its repository it is half the work to list
    # every commit's paths once and keep those that touch the plan. `-n` without an ID
    # lets git stop early, so git limits it then.
    limit_in_git = bool(repo.prefix) or (max_count is not None and ident is None)
    args = ["-c", "core.quotePath=false", "log", "--no-renames", "--name-status",
            f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%aI{_FIELD}%s{_FIELD}%(trailers:only,unfold){_FIELD}"]
    if max_age is not None:
        args.append(f"--max-age={max_age}")
    if min_age is not None:
        args.append(f"--min-age={min_age}")
    if max_count is not None and ident is None:
        args.append(f"--max-count={max_count}")
    if start is not None:
        args.append(start)
    if limit_in_git:
        args += ["--", *repo.plan_pathspecs()]
    _, out, _ = repo.git(*args)
    patterns = _Patterns(repo.prefix)
    entries: list[LogEntry] = []
    names = {ident} if ident is not None else set()
    for record in out.split(_RECORD):
        if not record.strip():
            continue
        files = record.rsplit(_FIELD, 1)[-1]
        if not limit_in_git and not patterns.plan.search(files):
            continue  # a commit that does not touch the plan
        entry = _entry(record, patterns)
        if ident is None or any(entry.mentions(name) for name in names):
            entries.append(entry)
            if max_count is not None and len(entries) >= max_count:
                break
        if follow:
            for rename in entry.renamed:  # going back in time: before this commit NEW was OLD
                if rename.new in names:
                    names.discard(rename.new)
                    names.add(rename.old)
    return entries


class _Patterns:
    """What a commit's `--name-status` lines say of the plan, read by one expression each."""

    def __init__(self, prefix: str) -> None:
        from planctl.model import KIND_DIRS

        top = re.escape(prefix)
        folders = "|".join(re.escape(folder) for folder in KIND_DIRS)
        self.plan = re.compile(rf"^[A-Z][^\t\n]*\t{top}(?:plan/|schema/|planctl\.toml$)", re.MULTILINE)
        # `plan/KIND_FOLDER/NAME.yaml` directly (the loader's rule: not hidden, any case of the suffix)
        self.entity = re.compile(rf"^([AMDT])[^\t\n]*\t{top}plan/(?:{folders})/((?!\.)[^/\n]*)\.(?i:yaml|yml)$",
                                 re.MULTILINE)


def _entry(record: str, patterns: _Patterns) -> LogEntry:
    sha, author, date, subject, trailer_text, files = record.split(_FIELD, 5)
    entry = LogEntry(sha, author, date, subject)
    trailers, entry.renamed = _parse_trailers(trailer_text)
    if any(trailers.values()) or entry.renamed or "planctl-version:" in trailer_text.lower():
        entry.added, entry.changed, entry.removed = trailers["added"], trailers["changed"], trailers["removed"]
        return entry
    entry.source = "files"
    lists = {"A": entry.added, "M": entry.changed, "T": entry.changed, "D": entry.removed}
    for match in patterns.entity.finditer(files):
        lists[match.group(1)].append(match.group(2))
    return entry


def files_ever_added(root: Path, folder: str) -> list[str]:
    """Every file ever added under `folder` (relative to the plan root `root`) on any ref, fetched ones too."""
    repo = open_repo(root)
    if repo.head() is None and not repo.git("for-each-ref", "--count=1")[1]:
        return []
    _, out, _ = repo.git("log", "--all", "--diff-filter=A", "--name-only", "--format=", "--",
                         f"{repo.prefix}{folder}")
    return [line for line in out.splitlines() if line]
