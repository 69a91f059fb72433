"""The semantic difference between two versions of a plan.

A text diff says line 12 changed; a curator wants "INI-007 status: ongoing →
completed". We compare entity by entity (matched by kind and id, wherever the
file is) and field by field. Commit messages, `planctl diff` and `planctl
log` all read this one comparison.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from planctl.model import FIELD_ORDER, KIND_DIRS

Key = tuple[str, str]  # (kind, id)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One entity as stored in one version: plain data, as the fast reader gives it."""

    kind: str
    ident: str
    path: str
    data: dict[str, Any]

    @property
    def label(self) -> str:
        name = self.data.get("title") if self.kind != "owner" else self.data.get("name")
        return name if isinstance(name, str) and name else self.ident


@dataclass(slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    @property
    def added_items(self) -> list[Any]:
        """List items in `new` but not in `old` (a missing list counts as empty)."""
        old = self.old if isinstance(self.old, list) else []
        return [v for v in self.new if v not in old] if isinstance(self.new, list) else []

    @property
    def removed_items(self) -> list[Any]:
        new = self.new if isinstance(self.new, list) else []
        return [v for v in self.old if v not in new] if isinstance(self.old, list) else []


@dataclass(slots=True)
class EntityChange:
    kind: str
    ident: str
    change: str  # "added", "removed" or "changed"
    label: str
    path: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(slots=True)
class PlanDiff:
    changes: list[EntityChange] = field(default_factory=list)

    def of(self, change: str) -> list[EntityChange]:
        return [c for c in self.changes if c.change == change]

    @property
    def added(self) -> list[EntityChange]:
        return self.of("added")

    @property
    def removed(self) -> list[EntityChange]:
        return self.of("removed")

    @property
    def changed(self) -> list[EntityChange]:
        return self.of("changed")

    def __bool__(self) -> bool:
        return bool(self.changes)


def kind_of_path(path: str) -> str | None:
    """`[prefix/]plan/initiatives/X.yaml` -> "initiative"."""
    parts = path.split("/")
    if len(parts) >= 3 and parts[-3] == "plan" and parts[-1].endswith((".yaml", ".yml")):
        return KIND_DIRS.get(parts[-2])
    return None


def snapshots(items: Iterable[tuple[str, str | None, Any]]) -> dict[Key, Snapshot]:
    """Index (path, kind, data) triples by (kind, id); a file without a usable id keys by its name."""
    out: dict[Key, Snapshot] = {}
    for path, kind, data in items:
        if kind is None:
            continue
        mapping = data if isinstance(data, dict) else {}
        ident = mapping.get("id")
        if not isinstance(ident, str):
            ident = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        out.setdefault((kind, ident), Snapshot(kind, ident, path, mapping))
    return out


def _ordered_fields(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    order = list(FIELD_ORDER.get(kind, ()))
    extra = sorted((set(old) | set(new)) - set(order))
    return [f for f in order + extra if f in old or f in new]


def compare(old: dict[Key, Snapshot], new: dict[Key, Snapshot]) -> PlanDiff:
    """Entities added, removed and changed (with each changed field), in kind then id order."""
    diff = PlanDiff()
    kind_rank = {kind: i for i, kind in enumerate(("goal", "owner", "initiative", "need", "event"))}
    for key in sorted(set(old) | set(new), key=lambda k: (kind_rank.get(k[0], 9), k[1])):
        before, after = old.get(key), new.get(key)
        if before is None and after is not None:
            diff.changes.append(EntityChange(key[0], key[1], "added", after.label, after.path))
        elif after is None and before is not None:
            diff.changes.append(EntityChange(key[0], key[1], "removed", before.label, before.path))
        elif before is not None and after is not None:
            fields = [FieldChange(name, before.data.get(name), after.data.get(name))
                      for name in _ordered_fields(key[0], before.data, after.data)
                      if before.data.get(name) != after.data.get(name)]
            if fields:
                diff.changes.append(EntityChange(key[0], key[1], "changed", after.label, after.path, fields))
    return diff
