"""What each plan blob of the history parses to, kept by the blob's sha in `.planctl_cache/`.

A git blob never changes, so its sha names its content for good: `planctl diff`
and the label look-ups of a diff read each blob once per planctl version, then
look it up. The store is an SQLite file (`blobs-v1.sqlite`, stdlib `sqlite3`):
a diff of a few hundred commits reads a thousand entries out of tens of
thousands, and an index reads those without loading the rest, which the
whole-file cache of `cache.py` (right for `check`, which needs every entry)
could not.

Safe as that cache is: the folder must be a real folder and the file a regular
file (never a link, a FIFO or a device: a clone can carry anything there); each
entry carries a SHA-256 of its payload and one that fails it is a miss; a file
SQLite cannot read (damaged, truncated, not a database) is removed and the run
goes on without a cache. The store is bounded (`MAX_BYTES` of payload, oldest
entries dropped first) and written without a journal (a cache needs no
durability: a write cut short leaves a file SQLite refuses, or entries whose
checksum fails, and either way the result is the same, only slower).
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_FILE = "blobs-v1.sqlite"
MAX_BYTES = 64 << 20
"""Payload kept at most (the oldest entries go first): a parsed initiative is about 550
bytes, so this holds every version of a 50,000-initiative plan twice over."""
MAX_ENTRY = 1 << 20
"""A larger payload is not kept: only a hostile blob parses to that much."""
_CHUNK = 500  # parameters per SELECT (SQLite's limit was 999 before 3.32)
_SIDE_FILES = ("-journal", "-wal", "-shm")


@functools.cache
def identity() -> str:
    """What an entry depends on besides the blob: planctl's version, the parser's code and
    ruamel's (its C extension or not). Read from the files, without importing the parser: a
    diff whose blobs are all cached never needs it."""
    from importlib.util import find_spec

    from planctl import __version__

    here = Path(__file__).resolve().parent.parent
    files = [str(here / "yamlread.py"), str(here / "textcodec.py")]
    for module in ("ruamel.yaml", "_ruamel_yaml"):
        try:
            spec = find_spec(module)
        except (ImportError, ValueError):
            spec = None
        files.append(spec.origin if spec is not None and spec.origin else "-")
    stamps = []
    for name in files:
        try:
            info = os.stat(name)
            stamps.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamps.append("")
    return f"{__version__}|{'|'.join(stamps)}"


def _kind(mode: int) -> str:
    from planctl import safefs

    return safefs.kind_of(mode)


def _digest(payload: bytes) -> bytes:
    return hashlib.sha256(payload).digest()[:16]


class BlobCache:
    """Look up many, put many, save once; any failure of the store only makes the run slower."""

    def __init__(self, root: Path) -> None:
        self.dir = root / ".planctl_cache"
        self.path = self.dir / CACHE_FILE
        self.pending: dict[str, bytes] = {}
        self._db: Any = None
        self._opened = False

    def _open(self) -> Any:
        """The connection, or None when there is no usable store (then nothing is cached)."""
        if self._opened:
            return self._db
        self._opened = True
        try:
            import sqlite3
        except ImportError:  # a Python built without SQLite: run uncached
            return None
        for path in (self.dir, self.path, *(Path(f"{self.path}{s}") for s in _SIDE_FILES)):
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                continue
            except OSError:
                return None
            if (path == self.dir and stat.S_ISDIR(info.st_mode)) or (path == self.path and stat.S_ISREG(info.st_mode)):
                continue
            if path not in (self.dir, self.path) and stat.S_ISREG(info.st_mode):
                try:  # a journal planctl never writes (it runs without one): SQLite must not replay it
                    path.unlink()
                    continue
                except OSError:
                    return None
            from planctl.i18n import _

            self._warn(_("{path}: {what}, not a file planctl writes there").format(
                path=f".planctl_cache{'/' + path.name if path != self.dir else ''}", what=_kind(info.st_mode)))
            return None
        for _attempt in range(2):  # a store SQLite cannot read is removed and made anew, once
            try:
                self._db = self._connect(sqlite3)
                return self._db
            except (sqlite3.Error, OSError):
                self._discard()
        return None

    def _connect(self, sqlite3: Any) -> Any:
        self.dir.mkdir(exist_ok=True)
        ignore = self.dir / ".gitignore"
        if not os.path.lexists(ignore):
            from planctl.fsutil import atomic_write

            atomic_write(ignore, "# Created by planctl: the cache is never committed.\n*\n")
        db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None, check_same_thread=False)
        self._db = db
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS blobs (sha TEXT PRIMARY KEY, size INTEGER NOT NULL, "
                   "digest BLOB NOT NULL, payload BLOB NOT NULL)")
        row = db.execute("SELECT value FROM meta WHERE key = 'identity'").fetchone()
        if row is None or row[0] != identity():  # another planctl or parser: start afresh
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM blobs")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('identity', ?)", (identity(),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('bytes', '0')")
            db.execute("COMMIT")
        return db

    @staticmethod
    def _warn(why: str) -> None:
        """Run without the cache, saying so once; the result is the same, only slower."""
        import warnings

        from planctl.errors import PlanctlWarning
        from planctl.i18n import _

        warnings.warn(_("{reason}; the blob cache is not used (remove it and planctl makes a new one)").format(
            reason=why), PlanctlWarning, stacklevel=3)


    def _discard(self) -> None:
        """A store SQLite cannot use is removed (only a regular file of ours), to be made anew next time."""
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail any way
                pass
        self._db = None
        try:
            if stat.S_ISREG(os.lstat(self.path).st_mode):
                self.path.unlink()
        except OSError:
            pass

    def get_many(self, shas: Iterable[str]) -> dict[str, Any]:
        """{sha: parsed data} for the blobs the store holds intact."""
        db = self._open()
        wanted = list(dict.fromkeys(shas))
        if db is None or not wanted:
            return {}
        import sqlite3

        found: dict[str, Any] = {}
        bad: list[str] = []
        try:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                rows = db.execute(f"SELECT sha, digest, payload FROM blobs WHERE sha IN ({','.join('?' * len(chunk))})",
                                  chunk).fetchall()
                for sha, digest, payload in rows:
                    if not isinstance(payload, bytes) or _digest(payload) != digest:
                        bad.append(sha)
                        continue
                    try:
                        found[sha] = marshal.loads(payload)
                    except (ValueError, EOFError, TypeError):
                        bad.append(sha)
        except sqlite3.Error:
            self._discard()
            return {}
        if bad:  # damaged entries: parse those blobs again, and replace them
            for sha in bad:
                found.pop(sha, None)
        return found

    def put(self, sha: str, data: Any) -> None:
        try:
            payload = marshal.dumps(data)
        except ValueError:  # not plain data: never the case for the fast reader's output
            return
        if len(payload) <= MAX_ENTRY:
            self.pending[sha] = payload

    def save(self) -> None:
        """Write what was put, then drop the oldest entries past `MAX_BYTES`; never fail the run."""
        if not self.pending:
            return
        db = self._open()
        if db is None:
            self.pending.clear()
            return
        import sqlite3

        rows = [(sha, len(p), _digest(p), p) for sha, p in self.pending.items()]
        self.pending.clear()
        try:
            db.execute("BEGIN IMMEDIATE")
            replaced = 0
            for start in range(0, len(rows), _CHUNK):
                chunk = [r[0] for r in rows[start:start + _CHUNK]]
                replaced += int(db.execute(f"SELECT total(size) FROM blobs WHERE sha IN ({','.join('?' * len(chunk))})",
                                           chunk).fetchone()[0])
            db.executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?, ?, ?)", rows)
            row = db.execute("SELECT value FROM meta WHERE key = 'bytes'").fetchone()
            before = int(row[0]) if row and str(row[0]).isdigit() else None
            if before is None:  # the counter is gone: count once
                total = int(db.execute("SELECT total(size) FROM blobs").fetchone()[0])
            else:
                total = before - replaced + sum(r[1] for r in rows)
            if total > MAX_BYTES:
                total = self._evict(db, total)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('bytes', ?)", (str(total),))
            db.execute("COMMIT")
        except sqlite3.OperationalError:  # busy (another planctl writes) or read-only: skip this save
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        except sqlite3.Error:
            self._discard()

    @staticmethod
    def _evict(db: Any, total: int) -> int:
        """Drop the oldest entries (lowest rowid: first written) until a quarter below the bound."""
        goal = MAX_BYTES * 3 // 4
        dropped = 0
        cursor = db.execute("SELECT rowid, size FROM blobs ORDER BY rowid")
        last = None
        for rowid, size in cursor:
            if total - dropped <= goal:
                break
            dropped += int(size)
            last = rowid
        cursor.close()
        if last is not None:
            db.execute("DELETE FROM blobs WHERE rowid <= ?", (last,))
        return total - dropped

    def close(self) -> None:
        self.save()
        if self._db is not None:
            self._db.close()
            self._db = None
