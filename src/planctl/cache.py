"""The per-file parse cache in `.planctl_cache/`: what parsing and schema validation
found for each file's exact bytes.

Entries are keyed by a hash of the file's content; the whole cache is keyed by
planctl's version, the schemas' hash and the YAML backend, so any of those
changing starts it afresh. The file is written atomically, with a checksum
of its payload: a corrupt, truncated or foreign cache file fails the check and
is ignored (then rebuilt), so the cache can make a run faster but never
change its result. Cross-reference and lint checks are never cached: they
depend on the whole plan.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from pathlib import Path
from typing import Any

from planctl.fsutil import atomic_write

CACHE_DIR = ".planctl_cache"
CACHE_FILE = "parse-v2.bin"
MAGIC = b"planctl-cache\n"

Entry = tuple[Any, ...]
"""(data, diagnostic_rows): plain data and tuples, see `loader.analyse`."""


def content_key(raw: bytes, kind: str) -> str:
    return hashlib.blake2b(raw, digest_size=16, person=kind.encode()[:16]).hexdigest()


def _header() -> bytes:
    from planctl import __version__
    from planctl.schemas import schema_digest
    from planctl.yamlread import HAVE_C

    return json.dumps({"planctl": __version__, "schema": schema_digest(), "libyaml": HAVE_C}).encode()


class ParseCache:
    """Load once, look up per file, save once if anything changed."""

    def __init__(self, root: Path) -> None:
        self.dir = root / CACHE_DIR
        self.path = self.dir / CACHE_FILE
        self.entries: dict[str, Entry] = {}
        self.used: set[str] = set()
        self.dirty = False
        self.header = _header()
        self._load()

    def _load(self) -> None:
        try:
            blob = self.path.read_bytes()
        except OSError:
            return
        try:
            magic, header, digest, payload = blob.split(b"\n", 3)
            if magic + b"\n" != MAGIC or header != self.header:
                return
            if hashlib.sha256(payload).hexdigest().encode() != digest:
                return
            entries = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return
        if isinstance(entries, dict):
            self.entries = entries

    def get(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.used.add(key)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        self.entries[key] = entry
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Write the entries this run used (so deleted files drop out); never fail the run."""
        if not self.dirty and len(self.used) == len(self.entries):
            return
        kept = {k: v for k, v in self.entries.items() if k in self.used}
        try:
            payload = marshal.dumps(kept)
            self.dir.mkdir(exist_ok=True)
            ignore = self.dir / ".gitignore"
            if not ignore.exists():
                atomic_write(ignore, "# Created by planctl: the cache is never committed.\n*\n")
            digest = hashlib.sha256(payload).hexdigest().encode()
            atomic_write(self.path, MAGIC + self.header + b"\n" + digest + b"\n" + payload, sync=False)
        except (OSError, ValueError):
            pass  # a read-only checkout still gets its result, just not a cache
