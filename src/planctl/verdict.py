"""The plan's last verdict: its errors, kept with the files they were computed from.

`planctl commit` refuses a plan with errors, and finding them is a full check:
at 100,000 initiatives loading and checking the plan cost six seconds of a
commit whose git work takes half of one. Yet the curator who commits has
just run `planctl check`, or an edit that judged its change: the answer is
known. A full check (`check` with the default rules, the commit's own) and
every edit (which updates it by what it judged, `updated`) keep that answer
in `.planctl_cache/verdict-v1.bin`, with what it depends on:

- the identity of the code and settings: planctl's version and the modules
  that parse and check (by stat), the schemas, planctl.toml's text, the date
  the rules judged by;
- every plan file's path, kind, `stat` signature and content key, and the
  layout problems of the tree (misplaced files, folders named `.yaml`).

`errors` trusts it only when all of that is as recorded: a file whose
signature changed, or whose last change is too recent for its signature to
be trusted (`cache.RACY_NS`), is read and its content key compared; a file
added or removed, another date or another config is no verdict at all, and
the caller computes the full check. A plan with an upstream (federation) is
never answered from here: X007 reads the upstream's cache, which no
signature of a plan file covers.

One file, read whole: the question "is every file as recorded?" needs every
record, so a sequential read of one marshal (5 MB at 100,000 files) is the
cheapest store; a keyed store (sqlite) pays for reading a few records only.
A damaged, foreign or oversized file fails its checksum or shape test and
reads as no verdict.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import marshal
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planctl import safefs
from planctl.cache import CACHE_DIR, RACY_NS, ParseCache, content_key
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import freeze, thaw

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.model import Plan

VERDICT_FILE = "verdict-v1.bin"
MAGIC = b"planctl-verdict 1\n"
MAX_SIZE = 1 << 28

FileRecord = tuple[str, int, int, int, int, str]
"""(kind, size, mtime_ns, ctime_ns, inode, content key) of a plan file."""


@dataclass(slots=True)
class Verdict:
    identity: str
    started: int
    """When the load the records come from began (ns): a signature whose ctime is not
    `RACY_NS` before it is not trusted, the file is read."""
    files: dict[str, FileRecord]
    misplaced: list[str]
    """The YAML files outside a kind folder: their one problem (F003) depends on the path only."""
    layout: list[tuple[Any, ...]]
    errors: list[tuple[Any, ...]]
    digest: str = ""
    """Of every file's path, kind and content key, in the plan's order: what an edit compares
    the plan it loaded with, without reading `files`."""

    def diagnostics(self) -> list[Diagnostic]:
        return [_diagnostic(row) for row in self.errors]


def identity(config: Config, today: _dt.date) -> str | None:
    """What the verdict depends on besides the plan's files; None: it cannot be kept."""
    from planctl.loader import cache_identity

    if "upstream" in config.raw:  # X007 reads the upstream's cache: no file of the plan says when it moved
        return None
    here = os.path.dirname(__file__)
    stamps = []
    for folder in ("checks", "checks/rules"):
        try:
            names = sorted(os.listdir(os.path.join(here, folder)))
        except OSError:
            return None
        for name in names:
            if name.endswith(".py"):
                info = os.stat(os.path.join(here, folder, name))
                stamps.append((folder, name, info.st_size, info.st_mtime_ns))
    parts = (cache_identity(), stamps, config.text, today.isoformat())
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _path(config: Config) -> Path:
    return config.root / CACHE_DIR / VERDICT_FILE


def load(config: Config, *, files: bool = True) -> Verdict | None:
    """The verdict on disk, if it is intact and of this shape (not yet compared with the plan);
    without `files`, its file records are left unread (an edit needs only their digest)."""
    path = _path(config)
    try:
        if not stat.S_ISDIR(os.lstat(path.parent).st_mode):  # a link a clone carries: not our cache
            return None
        blob = safefs.read_regular(path, MAX_SIZE)
    except (OSError, safefs.UnsafeFile):
        return None
    try:
        magic, head, tail, rest = blob.split(b"\n", 3)
        if magic + b"\n" != MAGIC:
            return None
        size = int(head.split(b" ")[0])
        digests = head.split(b" ")[1:]
        first, second = rest[:size], rest[size:]
        if hashlib.sha256(first).hexdigest().encode() != digests[0] or tail != b"":
            return None
        identity_, started, digest, misplaced, layout, errors = marshal.loads(first)
        records: Any = {}
        if files:
            if hashlib.sha256(second).hexdigest().encode() != digests[1]:
                return None
            records = marshal.loads(second)
    except (ValueError, EOFError, TypeError, IndexError):
        return None
    if not (isinstance(identity_, str) and isinstance(started, int) and isinstance(records, dict)
            and isinstance(misplaced, list) and isinstance(layout, list) and isinstance(errors, list)
            and isinstance(digest, str)):
        return None
    if not all(type(r) is tuple and len(r) == 6 for r in records.values()):
        return None
    if not all(type(r) is tuple and len(r) == 13 for r in errors):
        return None
    return Verdict(identity_, started, records, misplaced, layout, errors, digest)


def save(config: Config, verdict: Verdict) -> None:
    """Write it atomically; a run that cannot (read-only checkout, odd cache folder) keeps none."""
    from planctl.fsutil import atomic_write

    path = _path(config)
    try:
        first = marshal.dumps((verdict.identity, verdict.started, verdict.digest, verdict.misplaced,
                               verdict.layout, verdict.errors))
        second = marshal.dumps(verdict.files)
        if not os.path.isdir(path.parent) or os.path.islink(path.parent):
            return  # the parse cache makes (and vouches for) the folder
        safefs.check_replaceable(config.root, path)
        head = b" ".join([str(len(first)).encode(), hashlib.sha256(first).hexdigest().encode(),
                          hashlib.sha256(second).hexdigest().encode()])
        atomic_write(path, [MAGIC, head + b"\n\n", first, second], sync=False)
    except (OSError, ValueError, safefs.UnsafeFile):
        forget(config)


def forget(config: Config) -> None:
    """No verdict: the next commit checks the plan whole."""
    try:
        path = _path(config)
        # Only in the cache folder itself: through a `.planctl_cache` link a clone carries, the
        # file is someone else's (a link's target is never written or removed).
        if not stat.S_ISDIR(os.lstat(path.parent).st_mode) or not safefs.inside(path.parent, config.root):
            return
        if stat.S_ISREG(os.lstat(path).st_mode):
            path.unlink()
    except OSError:
        pass


def errors(config: Config, today: _dt.date) -> list[Diagnostic] | None:
    """The plan's errors as a full check finds them, from the verdict; None when it is not
    known to hold for the plan as it is now."""
    from planctl.loader import discover, file_info, read_bytes

    ident = identity(config, today)
    found = load(config) if ident is not None else None
    if found is None or found.identity != ident:
        return None
    listed, layout = discover(config)
    if [_row(d) for d in layout] != found.layout or len(listed) != len(found.files) + len(found.misplaced):
        return None
    misplaced = set(found.misplaced)
    prefix = os.fspath(config.root) + os.sep
    trusted_before = found.started - RACY_NS
    for file, kind in listed:
        path = os.fspath(file)
        rel = path.removeprefix(prefix).replace(os.sep, "/")
        if kind is None:
            if rel not in misplaced:
                return None
            continue
        record = found.files.get(rel)
        if record is None or record[0] != kind:
            return None
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size > config.max_file_size:  # a link, or a problem
            found_info = file_info(config, path, rel, kind)
            if isinstance(found_info, Diagnostic):
                return None
            info = found_info
        signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        if signature == record[1:5] and 0 < record[3] < trusted_before:
            continue
        raw = read_bytes(path, rel, info, config.max_file_size)
        if not isinstance(raw, bytes) or content_key(raw, kind) != record[5]:
            return None
    return found.diagnostics()


def of_load(config: Config, plan: Plan, found: Iterable[Diagnostic], today: _dt.date) -> Verdict | None:
    """The verdict of a full check of `plan` (`found`: its result), if the load recorded every file."""
    ident = identity(config, today)
    store = plan.session
    if ident is None or not isinstance(store, ParseCache) or not store.complete:
        return None
    files: dict[str, FileRecord] = {}
    misplaced: list[str] = []
    for doc in plan.documents:
        if doc.kind is None:
            misplaced.append(doc.path)
            continue
        seen = store.stats.get(doc.path)
        if seen is None:
            return None  # unreadable, or not a regular file: its problem depends on more than its bytes
        files[doc.path] = (doc.kind, *seen)
    return Verdict(ident, store.started, files, misplaced, [_row(d) for d in store.layout],
                   [_row(d) for d in found if d.severity >= Severity.ERROR], _digest(files))


def _digest(files: dict[str, FileRecord]) -> str:
    """In the records' order, which is the load's: by path (`loader.discover`), as `updated` keeps
    it. Another order gives another digest: the verdict is dropped, never wrongly kept."""
    return hashlib.blake2b("\0".join([f"{rel}\1{r[0]}\1{r[5]}" for rel, r in files.items()]).encode(),
                           digest_size=16).hexdigest()


def record(config: Config, plan: Plan, found: Iterable[Diagnostic], today: _dt.date | None = None) -> None:
    """Keep the result of a full check of `plan` (with the default rules) as the plan's verdict."""
    verdict = of_load(config, plan, found, today or _dt.date.today())
    if verdict is None:
        forget(config)
    else:
        save(config, verdict)


def holds_for(config: Config, plan: Plan, today: _dt.date) -> Verdict | None:
    """The verdict on disk if it was computed for exactly the files `plan` was loaded from."""
    found = load(config, files=False)
    current = of_load(config, plan, (), today) if found is not None else None
    if found is None or current is None or found.identity != current.identity:
        return None
    if found.misplaced != current.misplaced or found.layout != current.layout or found.digest != current.digest:
        return None  # the same bytes in every file (a content key each): the verdict holds
    return Verdict(found.identity, current.started, current.files, current.misplaced, current.layout, found.errors,
                   current.digest)


def updated(config: Config, old: Verdict, judged: set[str], after: Iterable[Diagnostic],
            written: dict[str, tuple[str | None, bytes | None]]) -> Verdict | None:
    """`old` after an edit that wrote `written` ({path: (kind, bytes or None: deleted)}) and
    whose guard judged the files `judged`, finding `after` in them (all problems, as a full
    check finds them there): a file outside `judged` has the problems it had.

    None when that cannot be said exactly: X001's did-you-mean hint looks at every id of the
    plan, so an unknown reference outside the judged files may read differently now."""
    kept = [row for row in old.errors if row[3] not in judged]
    if any(row[0] == "X001" for row in kept):
        return None
    files = dict(old.files)
    added = False
    for rel, (kind, raw) in written.items():
        if raw is None or kind is None:
            files.pop(rel, None)
            continue
        added = added or rel not in files
        try:
            info = os.stat(config.root / rel)
        except OSError:
            return None
        files[rel] = (kind, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, content_key(raw, kind))
    if added:  # a new file takes its place by path, as the next load lists it
        files = dict(sorted(files.items()))
    new = kept + [_row(d) for d in after if d.severity >= Severity.ERROR and d.path in judged]
    return Verdict(old.identity, old.started, files, old.misplaced, old.layout, new, _digest(files))


def _row(d: Diagnostic) -> tuple[Any, ...]:
    return (d.code, int(d.severity), freeze(d.message), d.path, d.line, d.col, d.end_line, d.end_col, d.entity,
            d.json_path, freeze(d.hint), d.fixable, dict(d.extra))


def _diagnostic(row: tuple[Any, ...]) -> Diagnostic:
    code, severity, message, path, line, col, end_line, end_col, entity, json_path, hint, fixable, extra = row
    return Diagnostic(code, Severity(severity), thaw(message), path, line, col, end_line, end_col, entity=entity,
                      json_path=json_path, hint=thaw(hint), fixable=fixable, extra=dict(extra))
