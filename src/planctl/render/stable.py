"""What CI formats need to recognise a problem from run to run: a path
relative to the repository (not the plan, not the machine) and a fingerprint
that does not change when unrelated lines move."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from planctl.diagnostics import Diagnostic


def repo_prefix(root: Path) -> str:
    """The plan root relative to its git repository ('' when they are the same or there is no git)."""
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            rel = root.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def fingerprints(diagnostics: list[Diagnostic], prefix: str = "") -> list[str]:
    """One stable hash per diagnostic: code, file, field and message, never the line number;
    identical problems in one file are told apart by their order."""
    seen: Counter[str] = Counter()
    out = []
    for d in diagnostics:
        base = "\0".join((d.code, prefix + d.path, d.entity or "", d.json_path, d.message))
        seen[base] += 1
        out.append(hashlib.sha256(f"{base}\0{seen[base]}".encode()).hexdigest())
    return out
