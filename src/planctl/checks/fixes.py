"""Safe fixes applied to round-trip YAML, and writing them back.

Fixes edit ruamel's round-trip data (`planctl.rtyaml`), never the text, so
comments, quoting and blank lines elsewhere in the file survive byte for byte.
Nothing here writes: `lint --fix` hands the result to the edit session, as
every other edit does.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planctl.diagnostics import Diagnostic
from planctl.model import JsonPath, Plan

if TYPE_CHECKING:
    from planctl.edit.ops import Edit


@dataclass(slots=True)
class FileFix:
    path: str
    before: str
    after: str
    changes: list[tuple[str, str]] = field(default_factory=list)  # (code, what)

    def diff(self) -> str:
        """The fix as a unified diff for a terminal: a control or bidi character in the file's
        text is shown escaped (as every other output shows plan data), line ends as they are."""
        from planctl.render import printable

        lines = difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                     fromfile=f"a/{self.path}", tofile=f"b/{self.path}")
        out = []
        for line in lines:
            body = line.rstrip("\r\n")
            out.append(printable(body) + line[len(body):])
        return "".join(out)


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
        # ruamel's FoldedScalarString declares `fold_pos` in __slots__ only, so no type knows it.
        setattr(new, "fold_pos", [p - shift for p in folds if 0 < p - shift < len(stripped)])  # noqa: B010
    node[key] = new
    return True


def reorder(mapping: Any, order: list[str]) -> None:
    """Reorder a CommentedMap's keys; each key's comments (ca.items) travel with it."""
    for key in order:
        mapping.move_to_end(key)


def plan_fixes(plan: Plan, diagnostics: list[Diagnostic]) -> tuple[Edit, list[FileFix]]:
    """The fixed text of every file with fixable diagnostics, as an edit (nothing is written).

    The files are round-tripped by the edit commands' own `EditedFiles`, so a fix keeps a
    file's byte-order mark, line endings and blank lines exactly as `set` does; the edit
    session writes them (lock, guard, one transaction).
    """
    from planctl.checks.registry import rules
    from planctl.edit.ops import Edit, EditedFiles

    registry = rules()
    by_file: dict[str, dict[str, list[JsonPath]]] = {}
    for d in diagnostics:
        rule = registry.get(d.code)
        if d.fixable and rule is not None and rule.fix is not None:
            where = d.extra.get("path", ())
            assert isinstance(where, (tuple, list)), "a fixable diagnostic carries its JSON path"
            by_file.setdefault(d.path, {}).setdefault(d.code, []).append(tuple(where))
    docs = {doc.path: doc for doc in plan.documents}
    files = EditedFiles()
    notes: dict[str, list[tuple[str, str]]] = {}
    for rel, codes in sorted(by_file.items()):
        doc = docs.get(rel)
        if doc is None or doc.kind is None:
            continue
        data = files.data(doc)
        for code in sorted(codes):
            fixer = registry[code].fix
            assert fixer is not None
            notes.setdefault(rel, []).extend((code, what) for what in fixer(data, doc.kind, codes[code]))
    changes = [c for c in files.changes() if notes.get(c.path) and c.text is not None]
    fixes = [FileFix(c.path, c.old_text or "", c.text or "", notes[c.path]) for c in changes]
    n = len(changes)
    return Edit(f"fixed {n} file{'s' if n != 1 else ''}", changes=changes), fixes
