"""The per-file cache in `.planctl_cache/`: what parsing, schema validation and the
file-local lint rules found for each file's exact bytes.

Entries are keyed by a hash of the file's content; the whole cache is keyed by
planctl's version, the schemas' hash, the YAML backend and the stamps of the
modules that fill it, so any of those changing starts it afresh. A second table maps each file's path to its size,
times and inode as last seen together with its content key: a file whose
`stat` has not changed is not read again (see `FileSignature` for when a
`stat` is trusted).

Each file is written atomically, with a checksum of its payload: a corrupt,
truncated or foreign cache file fails the check and is ignored (then rebuilt),
so the cache can make a run faster but never change its result.

A run that changed a few entries writes them to a small delta file beside the
base instead of rewriting the whole cache (a 10,000-file cache is a 0.1 s
write). The delta names the base it extends; when it grows past a tenth of the
base, or many entries have gone stale, the base is rewritten and the delta
dropped.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from planctl import safefs
from planctl.fsutil import atomic_write, remove_stale_temps

CACHE_DIR = ".planctl_cache"
CACHE_FILE = "parse-v3.bin"
DELTA_FILE = "parse-v3.delta"
MAGIC = b"planctl-cache\n"

Entry = tuple[Any, ...]
"""(data, diagnostic_rows, memo): plain data and tuples, see `loader.analyse`; `memo`
is a dict of facts derived from the same bytes: the entity's typed fields (by the
loader) and what the checks learnt (`Plan.remember`)."""

FileSignature = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a file as `os.stat` gives them.

A signature is recorded only when the file's last change (ctime, which no
program can set back) lies `RACY_NS` before the run began, so a write in the
same clock tick as our read cannot go unseen: the same rule as git's
"racily clean" index entries."""

FileRecord = tuple[int, int, int, int, str]
"""A file's `FileSignature` and the content key its bytes had then."""

RACY_NS = 2_000_000_000
"""Two seconds: the coarsest timestamp granularity of a common file system (FAT)."""


def content_key(raw: bytes, kind: str) -> str:
    return hashlib.blake2b(raw, digest_size=16, person=kind.encode()[:16]).hexdigest()


def _header(identity: Mapping[str, Any], **extra: str) -> bytes:
    return json.dumps({**identity, **extra, "layout": LAYOUT}).encode()


LAYOUT = 2
"""The payload's layout (in the header: a file of another layout reads as no cache). 2: the
file records, then the entries in chunks of `CHUNK`, each its own marshal, their lengths on a
line of their own. One marshal of a 100,000-file cache held the whole 77 MB output twice
over while it grew, and a table of every object it had written: 220 MB at the peak of a
cold check."""
CHUNK = 10_000


MAX_CACHE_SIZE = 1 << 30
"""No cache of a real plan comes near this (10,000 initiatives: about 6 MB): a bound on
reading a hostile one, such as a link to /dev/zero."""


class Unusable(Exception):
    """The cache folder or one of its files is not something planctl should read or replace."""


def _read(path: Path, header: bytes) -> tuple[bytes, dict[str, Entry], dict[str, FileRecord]] | None:
    """(payload digest, entries, files) of one cache file, or None if it is not ours and intact.

    Raises `Unusable` for a FIFO, a device, a symbolic link or an oversized file
    in its place: reading would hang or never end, and replacing it later could
    write where the link points.
    """
    try:
        blob = safefs.read_regular(path, MAX_CACHE_SIZE)
    except FileNotFoundError:
        return None
    except safefs.UnsafeFile as exc:
        raise Unusable(f"{CACHE_DIR}/{path.name}: {exc.strerror}") from None
    except OSError:
        return None
    try:
        # Offsets, not `split`: a copy of a 100,000-file payload is 77 MB more at the peak.
        ends = [blob.index(b"\n")]
        for _ in range(3):
            ends.append(blob.index(b"\n", ends[-1] + 1))
        magic, head, digest = blob[:ends[0] + 1], blob[ends[0] + 1:ends[1]], blob[ends[1] + 1:ends[2]]
        if magic != MAGIC or head != header:
            return None
        payload = memoryview(blob)[ends[2] + 1:]
        if hashlib.sha256(payload).hexdigest().encode() != digest:
            return None
        lengths = [int(n) for n in bytes(payload[:ends[3] - ends[2] - 1]).split(b",")]
        start = ends[3] - ends[2]
        if not lengths or sum(lengths) != len(payload) - start:
            return None
        files = marshal.loads(payload[start:start + lengths[0]])
        entries: Any = {}
        start += lengths[0]
        for size in lengths[1:]:
            chunk = marshal.loads(payload[start:start + size])
            if not isinstance(chunk, dict):
                return None
            entries.update(chunk)
            start += size
        del payload, blob
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(entries, dict) or not isinstance(files, dict):
        return None
    # The checksum finds damage; this finds a well-formed file of another shape (a hand-made
    # or future one), so that nothing below has to distrust an entry. About 4 ms for 10,000.
    if not all(type(e) is tuple and len(e) == 3 and type(e[2]) is dict for e in entries.values()):
        return None
    if not all(type(f) is tuple and len(f) == 5 and type(f[4]) is str for f in files.values()):
        return None
    return digest, entries, files


class ParseCache:
    """Load once, look up per file, save once (after the checks) if anything changed."""

    def __init__(self, root: Path, identity: Mapping[str, Any]) -> None:
        """`identity`: what every entry depends on besides the file's bytes (planctl's version,
        the schemas, the parser); the loader, which knows them, says. Another identity reads
        as an empty cache."""
        self.identity = dict(identity)
        self.dir = root / CACHE_DIR
        self.path = self.dir / CACHE_FILE
        self.delta_path = self.dir / DELTA_FILE
        self.entries: dict[str, Entry] = {}
        self.files: dict[str, FileRecord] = {}  # by plan-relative path
        self.used: set[str] = set()
        self.seen: set[str] = set()  # rel paths this run looked up
        self.changed: set[str] = set()
        self.changed_files: set[str] = set()
        self.complete = True  # this run saw the whole plan: entries it did not use are stale
        self.header = _header(self.identity)
        self._base: bytes | None = None  # the base file's payload digest, which a delta names
        self._delta_entries: set[str] = set()
        self._delta_files: set[str] = set()
        self.usable = True
        self.started = 0
        """When the load began (ns), for `stats`."""
        self.stats: dict[str, FileRecord] = {}
        """This run's loaded files by path: the signature each had and the content key its bytes
        had (the plan's verdict, `planctl.verdict`, is kept with them)."""
        self.layout: list[Any] = []
        """The tree's layout problems this load found (`loader.discover`)."""
        self._load()

    def _load(self) -> None:
        try:
            self._check_folder()
            base = _read(self.path, self.header)
            if base is None:
                _read(self.delta_path, b"")  # not used, but a FIFO there must not be replaced later
                return
            self._base, self.entries, self.files = base
            delta = _read(self.delta_path, _header(self.identity, base=self._base.decode()))
        except Unusable as exc:
            self._disable(str(exc))
            return
        if delta is not None:
            _, entries, files = delta
            self.entries.update(entries)
            self.files.update(files)
            self._delta_entries, self._delta_files = set(entries), set(files)

    def _check_folder(self) -> None:
        """The cache folder must be a real folder of this repository: a clone can carry
        `.planctl_cache` as a link to anywhere, and the cache writes and deletes files."""
        try:
            info = os.lstat(self.dir)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise Unusable(f"{CACHE_DIR}: {exc.strerror or exc}") from None
        if not stat.S_ISDIR(info.st_mode):
            from planctl.i18n import _

            raise Unusable(_("{what}, not a folder").format(what=f"{CACHE_DIR}: {safefs.kind_of(info.st_mode)}"))


    def _disable(self, why: str) -> None:
        """Run without a cache, saying so once; the result is the same, only slower."""
        self.usable = False
        self.entries, self.files = {}, {}
        import warnings

        from planctl.errors import PlanctlWarning
        from planctl.i18n import _

        warnings.warn(_("{reason}; the cache is not used (remove it and planctl makes a new one)").format(reason=why),
                      PlanctlWarning, stacklevel=2)

    def get(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.used.add(key)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        self.entries[key] = entry
        self.used.add(key)
        self.changed.add(key)

    def touch(self, key: str) -> None:
        """The entry's memo changed: write it out at the next save."""
        if key in self.entries:
            self.changed.add(key)

    def known_key(self, rel: str, signature: FileSignature) -> str | None:
        """The content key of `rel` if it still has the signature it had when recorded."""
        self.seen.add(rel)
        seen = self.files.get(rel)
        if seen is not None and seen[:4] == signature:
            return seen[4]
        return None

    def record(self, rel: str, signature: FileSignature, key: str, started_ns: int) -> None:
        """Remember `rel`'s signature, unless its last change is too recent to trust (see `RACY_NS`)."""
        if not 0 < signature[2] < started_ns - RACY_NS:
            return  # too recent, or a file system that gives no ctime: read it every time
        value = (*signature, key)
        if self.files.get(rel) != value:
            self.files[rel] = value
            self.changed_files.add(rel)

    def save(self) -> None:
        """Write a delta, or the whole cache when the delta would be large; never fail the run."""
        if not self.usable:
            return
        stale = self.complete and len(self.entries) - len(self.used) > max(64, len(self.entries) // 4)
        if not self.changed and not self.changed_files and not stale:
            return
        delta_entries = self._delta_entries | self.changed
        delta_files = self._delta_files | self.changed_files
        try:
            self.dir.mkdir(exist_ok=True)
            self._check_folder()  # again: it may have been replaced since the run began
            remove_stale_temps(self.dir)  # what a killed cache write left
            ignore = self.dir / ".gitignore"
            if not os.path.lexists(ignore):
                atomic_write(ignore, "# Created by planctl: the cache is never committed.\n*\n")
            if self._base is not None and not stale and \
                    len(delta_entries) + len(delta_files) <= max(256, len(self.entries) // 10):
                self._write(self.delta_path, _header(self.identity, base=self._base.decode()),
                            {k: self.entries[k] for k in delta_entries if k in self.entries},
                            {k: self.files[k] for k in delta_files if k in self.files})
                self._delta_entries, self._delta_files = delta_entries, delta_files
            else:
                entries, files = self.entries, self.files
                if self.complete:  # drop what belongs to files that are gone
                    entries = {k: v for k, v in entries.items() if k in self.used}
                    files = {k: v for k, v in files.items() if k in self.seen}
                self._base = self._write(self.path, self.header, entries, files)
                self._delta_entries, self._delta_files = set(), set()
                self._remove_others()
        except Unusable as exc:
            self._disable(str(exc))
            return
        except (OSError, ValueError):
            return  # a read-only checkout still gets its result, just not a cache
        self.changed, self.changed_files = set(), set()

    def _remove_others(self) -> None:
        """Drop the delta of the old base, and the files of earlier cache formats."""
        for path in self.dir.glob("parse-v*"):
            if path != self.path:
                try:
                    path.unlink()
                except OSError:
                    pass

    @staticmethod
    def _write(path: Path, header: bytes, entries: dict[str, Entry], files: dict[str, FileRecord]) -> bytes:
        items = list(entries.items())
        parts = [marshal.dumps(files)]
        parts += [marshal.dumps(dict(items[i:i + CHUNK])) for i in range(0, len(items), CHUNK)]
        lengths = b",".join(str(len(part)).encode() for part in parts) + b"\n"
        checksum = hashlib.sha256(lengths)
        for part in parts:
            checksum.update(part)
        digest = checksum.hexdigest().encode()
        try:
            safefs.check_replaceable(path.parent.parent, path)  # never through a link, never over a FIFO
        except safefs.UnsafeFile as exc:
            raise Unusable(f"{CACHE_DIR}/{path.name}: {exc.strerror}") from None
        atomic_write(path, [MAGIC + header + b"\n" + digest + b"\n" + lengths, *parts], sync=False)
        return digest
