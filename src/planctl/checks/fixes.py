"""Safe fixes applied to round-trip YAML, and writing them back.

Fixes edit ruamel's round-trip data (`planctl.rtyaml`), never the text, so
comments, quoting and blank lines elsewhere in the file survive byte for byte;
files are written with `fsutil.atomic_write` and only when something changed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl import safefs
from planctl.diagnostics import Diagnostic
from planctl.model import JsonPath


@dataclass(slots=True)
class FileFix:
    path: str
    before: str
    after: str
    changes: list[tuple[str, str]] = field(default_factory=list)  # (code, what)

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True),
                                            fromfile=f"a/{self.path}", tofile=f"b/{self.path}"))


def _parent(data: Any, path: JsonPath) -> tuple[Any, Any] | None:
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return (node, path[-1]) if path else None


def strip_string(data: Any, path: JsonPath) -> bool:
    """Strip one string value in place, keeping its scalar style (quotes, folding)."""
    found = _parent(data, path)
    if found is None:
        return False
    node, key = found
    try:
        value = node[key]
    except (KeyError, IndexError, TypeError):
        return False
    if not isinstance(value, str):
        return False
    ending = value[len(value.rstrip("\n")):] if value.endswith("\n") else ""
    core = value[: len(value) - len(ending)] if ending else value
    stripped = core.strip() + ending
    if stripped == value:
        return False
    cls = type(value)
    new = cls(stripped) if cls is not str else stripped
    folds = getattr(value, "fold_pos", None)
    if folds:
        shift = len(core) - len(core.lstrip())
        new.fold_pos = [p - shift for p in folds if 0 < p - shift < len(stripped)]
    node[key] = new
    return True


def reorder(mapping: Any, order: list[str]) -> None:
    """Reorder a CommentedMap's keys; each key's comments (ca.items) travel with it."""
    for key in order:
        mapping.move_to_end(key)


def plan_fixes(root: Path, diagnostics: list[Diagnostic], kinds: dict[str, str | None]) -> list[FileFix]:
    """Compute the fixed text of every file with fixable diagnostics (nothing is written)."""
    from planctl import rtyaml
    from planctl.checks.registry import rules

    registry = rules()
    by_file: dict[str, dict[str, list[JsonPath]]] = {}
    for d in diagnostics:
        rule = registry.get(d.code)
        if d.fixable and rule is not None and rule.fix is not None:
            by_file.setdefault(d.path, {}).setdefault(d.code, []).append(tuple(d.extra.get("path", ())))
    out: list[FileFix] = []
    for rel, codes in sorted(by_file.items()):
        kind = kinds.get(rel)
        if kind is None:
            continue
        raw = safefs.read_regular(root / rel, 1 << 30, follow=True).decode("utf-8")  # never a FIFO swapped in
        bom = "\ufeff" if raw.startswith("\ufeff") else ""
        crlf = "\r\n" in raw
        before = raw[len(bom):].replace("\r\n", "\n") if crlf else raw[len(bom):]
        data = rtyaml.load(before)
        fix = FileFix(rel, before, before)
        for code in sorted(codes):
            fixer = registry[code].fix
            assert fixer is not None
            fix.changes.extend((code, what) for what in fixer(data, kind, codes[code]))
        if fix.changes:
            after = rtyaml.dump(data)
            if after != before:
                # Line endings and a byte-order mark are the file's own: give them back.
                fix.before, fix.after = raw, bom + (after.replace("\n", "\r\n") if crlf else after)
                out.append(fix)
    return out


def write_fixes(root: Path, fixes: list[FileFix]) -> None:
    from planctl.fsutil import atomic_write

    for fix in fixes:
        atomic_write(root / fix.path, fix.after)
