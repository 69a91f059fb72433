"""The semantic difference between two versions of a plan.

A text diff says line 12 changed; a curator wants "INI-007 status: ongoing →
completed". We compare entity by entity (matched by kind and id, wherever the
file is) and field by field. Commit messages, `planctl diff` and `planctl
log` all read this one comparison.

The comparison is over *definitions*: every file that holds an entity, duplicates
kept. A definition found unchanged (same file, same data) on both sides cancels
out before anything is paired, so the result depends only on the files that
differ between the versions: `planctl diff` can ask git which blobs changed and
read only those, and still give exactly what a comparison of the whole trees gives
(tests/test_history_fast.py holds the two to each other on random histories). In a
plan where every id is held by one file this is the plain id-by-id comparison; where
an id is held twice (an X004 error), each extra definition shows as its own change
instead of one of them being ignored.

Renames (`with_renames`) are found afterwards, from the commits' `Plan-Renamed`
trailers or from content, and fold the references `planctl mv` rewrote into the
rename instead of listing each referring entity as changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planctl.model import DIR_OF_KIND, FIELD_ORDER, KIND_DIRS

Key = tuple[str, str]  # (kind, id)
KIND_RANK = {kind: i for i, kind in enumerate(("goal", "owner", "initiative", "need", "event"))}
PLURAL = dict(DIR_OF_KIND)
"""A kind's plural is its folder's name (goals, initiatives, owners, events, needs)."""


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


@dataclass(frozen=True, slots=True)
class Rewrite:
    """An entity whose references to a renamed id were rewritten to the new id (`planctl mv`)."""

    kind: str
    ident: str
    path: str
    fields: tuple[str, ...]


@dataclass(slots=True)
class EntityChange:
    kind: str
    ident: str
    change: str  # "added", "removed", "changed" or "renamed"
    label: str
    path: str
    fields: list[FieldChange] = field(default_factory=list)
    old_ident: str = ""  # a rename's old id, and the file it was in
    old_path: str = ""
    source: str = ""  # a rename's evidence: "trailer" (Plan-Renamed) or "content"
    similarity: float | None = None  # for a rename found from content
    rewritten: list[Rewrite] = field(default_factory=list)  # a rename's rewritten references
    before: Snapshot | None = field(default=None, repr=False, compare=False)
    after: Snapshot | None = field(default=None, repr=False, compare=False)


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

    @property
    def renamed(self) -> list[EntityChange]:
        return self.of("renamed")

    def __bool__(self) -> bool:
        return bool(self.changes)


def kind_of_path(path: str) -> str | None:
    """`[prefix/]plan/initiatives/X.yaml` -> "initiative" (the loader's rule for a name: any
    case of `.yaml` or `.yml`, not hidden)."""
    parts = path.split("/")
    name = parts[-1]
    if len(parts) >= 3 and parts[-3] == "plan" and name.lower().endswith((".yaml", ".yml")) \
            and not name.startswith("."):
        return KIND_DIRS.get(parts[-2])
    return None


def stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def definition(path: str, kind: str, data: Any) -> Snapshot:
    """The entity a file holds: keyed by its `id`, or by the file's name when it has no usable id."""
    mapping = data if isinstance(data, dict) else {}
    ident = mapping.get("id")
    return Snapshot(kind, ident if isinstance(ident, str) else stem(path), path, mapping)


def definitions(items: Iterable[tuple[str, str | None, Any]]) -> list[Snapshot]:
    """Every (path, kind, data) triple as a definition; duplicates kept, files of no kind skipped."""
    return [definition(path, kind, data) for path, kind, data in items if kind is not None]


def snapshots(items: Iterable[tuple[str, str | None, Any]]) -> dict[Key, Snapshot]:
    """Index (path, kind, data) triples by (kind, id), the first of a duplicated id kept."""
    out: dict[Key, Snapshot] = {}
    for snap in definitions(items):
        out.setdefault((snap.kind, snap.ident), snap)
    return out


def _ordered_fields(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    order = list(FIELD_ORDER.get(kind, ()))
    extra = sorted((set(old) | set(new)) - set(order))
    return [f for f in order + extra if f in old or f in new]


def field_changes(kind: str, old: dict[str, Any], new: dict[str, Any], *,
                  skip: tuple[str, ...] = ()) -> list[FieldChange]:
    return [FieldChange(name, old.get(name), new.get(name)) for name in _ordered_fields(kind, old, new)
            if name not in skip and old.get(name) != new.get(name)]


def compare(old: dict[Key, Snapshot], new: dict[Key, Snapshot]) -> PlanDiff:
    """Entities added, removed and changed (with each changed field), in kind then id order."""
    return compare_definitions(old.values(), new.values())


def compare_definitions(old: Iterable[Snapshot], new: Iterable[Snapshot]) -> PlanDiff:
    """The difference between two lists of definitions (see the module's docstring).

    Per (kind, id): a definition with the same path and data on both sides cancels; the
    rest pair up, same path first, then in path order; a pair whose data differ is
    "changed", a definition left over is "added" or "removed".
    """
    before: dict[Key, list[Snapshot]] = {}
    after: dict[Key, list[Snapshot]] = {}
    for snap in old:
        before.setdefault((snap.kind, snap.ident), []).append(snap)
    for snap in new:
        after.setdefault((snap.kind, snap.ident), []).append(snap)
    diff = PlanDiff()
    for key in sorted(before.keys() | after.keys(), key=lambda k: (KIND_RANK.get(k[0], 9), k[1])):
        olds = sorted(before.get(key, ()), key=lambda s: s.path)
        news = {s.path: s for s in sorted(after.get(key, ()), key=lambda s: s.path)}
        left: list[Snapshot] = []
        pairs: list[tuple[Snapshot, Snapshot]] = []
        for snap in olds:
            same = news.get(snap.path)
            if same is None:
                left.append(snap)
                continue
            del news[snap.path]
            if same.data != snap.data:
                pairs.append((snap, same))
        rest = list(news.values())
        pairs += zip(left, rest, strict=False)
        for a, b in pairs:
            fields = field_changes(key[0], a.data, b.data)
            if fields:
                diff.changes.append(EntityChange(key[0], key[1], "changed", b.label, b.path, fields,
                                                 before=a, after=b))
        for a in left[len(rest):]:
            diff.changes.append(EntityChange(key[0], key[1], "removed", a.label, a.path, before=a))
        for b in rest[len(left):]:
            diff.changes.append(EntityChange(key[0], key[1], "added", b.label, b.path, after=b))
    return diff


RENAME_THRESHOLD = 0.8
"""How alike two entities must be, apart from their ids, to count as one renamed (see
`similarity`). git pairs files at 50%; a plan's entities share owners, statuses and the
words of one vocabulary: pairs of unrelated generated initiatives (benchmarks/generate.py,
25 words in all) score 0.37 at the median and 0.65 at most over 160,000 pairs, while a
renamed one that was also edited keeps well above 0.8 as long as its title and
description stand (tests/test_history.py holds both)."""
RENAME_PAIR_LIMIT = 1_000_000
"""Above this many (removed x added) pairs of one kind, only identical content is paired
(like git's diff.renameLimit): scoring every pair would cost more than the diff."""


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class _Profile:
    """What `similarity` compares of one entity, computed once however many pairs it is in."""

    __slots__ = ("fields",)

    def __init__(self, data: dict[str, Any]) -> None:
        # field -> (value, weight, words of a text / items of a list / None)
        self.fields: dict[str, tuple[Any, int, Any]] = {}
        for name, value in data.items():
            if name == "id":
                continue
            extra: Any = None
            if isinstance(value, str):
                extra = frozenset(value.casefold().split())
            elif isinstance(value, list):
                extra = {_canonical(v) for v in value}
            self.fields[name] = (value, max(len(_canonical(value)), 1), extra)


def similarity(a: dict[str, Any] | _Profile, b: dict[str, Any] | _Profile) -> float:
    """How alike two entities' data are, apart from `id`, from 0 to 1.

    Each field weighs the length of its value (as JSON), so titles and descriptions
    count most and a shared status or owner little. A field equal on both sides scores
    its whole weight; a text the share of words the two have in common (the Dice
    coefficient of their sets of words, case aside); a list the share of items both
    have (Jaccard); anything else, or a field on one side only, nothing.
    """
    pa = a if isinstance(a, _Profile) else _Profile(a)
    pb = b if isinstance(b, _Profile) else _Profile(b)
    total = 0
    score = 0.0
    for name in pa.fields.keys() | pb.fields.keys():
        x, y = pa.fields.get(name), pb.fields.get(name)
        if x is None or y is None:
            total += (x or y)[1]  # type: ignore[index]
            continue
        weight = max(x[1], y[1])
        total += weight
        if x[0] == y[0]:
            score += weight
        elif isinstance(x[2], frozenset) and isinstance(y[2], frozenset):
            size = len(x[2]) + len(y[2])
            score += weight * (2 * len(x[2] & y[2]) / size if size else 1.0)
        elif isinstance(x[2], set) and isinstance(y[2], set):
            union = x[2] | y[2]
            score += weight * (len(x[2] & y[2]) / len(union) if union else 1.0)
    return score / total if total else 1.0


def with_renames(diff: PlanDiff, declared: Sequence[tuple[str, str]] = (), *, detect: bool = True,
                 threshold: float = RENAME_THRESHOLD) -> PlanDiff:
    """`diff` with each removed + added pair that is one entity renamed shown as one rename.

    `declared`: (old id, new id) pairs the commits said (`Plan-Renamed` trailers, already
    chained across commits); they pair whatever the content. Then, with `detect`, the
    removed and added entities left are paired by `similarity` of the same kind, best
    first, at `threshold` or above. Each rename lists the field changes of the entity
    apart from its id; a reference field whose only change is the rename's (`goals: -FO2.2,
    +FO3.3` after `mv FO2.2 FO3.3`) is folded into the rename's `rewritten` list, and an
    entity with no other change leaves the list of changed entities.
    """
    removed = [c for c in diff.removed if c.before is not None]
    added = [c for c in diff.added if c.after is not None]
    pairs: list[tuple[EntityChange, EntityChange, str, float | None]] = []
    taken: set[int] = set()
    for old_id, new_id in declared:
        a = next((c for c in removed if c.ident == old_id and id(c) not in taken), None)
        b = next((c for c in added if a is not None and c.ident == new_id and c.kind == a.kind
                  and id(c) not in taken), None)
        if a is not None and b is not None:
            pairs.append((a, b, "trailer", None))
            taken.update((id(a), id(b)))
    if detect:
        pairs += _by_content([c for c in removed if id(c) not in taken], [c for c in added if id(c) not in taken],
                             threshold)
    if not pairs:
        return diff
    renamed: dict[int, EntityChange] = {}
    for a, b, source, score in pairs:
        assert a.before is not None and b.after is not None
        fields = field_changes(b.kind, a.before.data, b.after.data, skip=("id",))
        renamed[id(a)] = EntityChange(
            b.kind, b.ident, "renamed", b.label, b.path, fields, old_ident=a.ident, old_path=a.path,
            source=source, similarity=score, before=a.before, after=b.after)
        renamed[id(b)] = renamed[id(a)]
    out = PlanDiff()
    seen: set[int] = set()
    for c in diff.changes:
        r = renamed.get(id(c))
        if r is None:
            out.changes.append(c)
        elif id(r) not in seen:
            seen.add(id(r))
            out.changes.append(r)
    _fold_rewrites(out)
    out.changes.sort(key=lambda c: (KIND_RANK.get(c.kind, 9), c.ident, c.path))
    return out


def _by_content(removed: list[EntityChange], added: list[EntityChange],
                threshold: float) -> list[tuple[EntityChange, EntityChange, str, float | None]]:
    found: list[tuple[EntityChange, EntityChange, str, float | None]] = []
    for kind in sorted({c.kind for c in removed} & {c.kind for c in added}):
        olds = [c for c in removed if c.kind == kind]
        news = [c for c in added if c.kind == kind]
        scored: list[tuple[float, str, str, str, str, int, int]] = []
        if len(olds) * len(news) > RENAME_PAIR_LIMIT:
            by_content: dict[str, list[int]] = {}
            for j, b in enumerate(news):
                assert b.after is not None
                by_content.setdefault(_canonical({**b.after.data, "id": None}), []).append(j)
            for i, a in enumerate(olds):
                assert a.before is not None
                for j in by_content.get(_canonical({**a.before.data, "id": None}), ()):
                    scored.append((-1.0, a.ident, news[j].ident, a.path, news[j].path, i, j))
        else:
            old_profiles = [_Profile(c.before.data if c.before is not None else {}) for c in olds]
            new_profiles = [_Profile(c.after.data if c.after is not None else {}) for c in news]
            for i, a in enumerate(olds):
                for j, b in enumerate(news):
                    score = similarity(old_profiles[i], new_profiles[j])
                    if score >= threshold:
                        scored.append((-score, a.ident, b.ident, a.path, b.path, i, j))
        scored.sort()
        used_old: set[int] = set()
        used_new: set[int] = set()
        for neg, _, _, _, _, i, j in scored:
            if i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
            found.append((olds[i], news[j], "content", round(-neg, 3)))
    return found


def _fold_rewrites(diff: PlanDiff) -> None:
    """Move each field that only follows a rename (old id → new id) into that rename's list."""
    from planctl.checks.references import REFERENCE_FIELDS

    renamed = diff.renamed
    renames: dict[str, dict[str, EntityChange]] = {}
    for r in renamed:
        renames.setdefault(r.kind, {})[r.old_ident] = r
    if not renames:
        return
    keep: list[EntityChange] = []
    for c in diff.changes:
        if c.change not in ("changed", "renamed"):
            keep.append(c)
            continue
        folded: dict[int, list[str]] = {}
        rest: list[FieldChange] = []
        for f in c.fields:
            target = renames.get(REFERENCE_FIELDS.get(c.kind, {}).get(f.field, ""), {})
            hit = _rewritten_by(f, target)
            if hit:
                for r in hit:
                    folded.setdefault(id(r), []).append(f.field)
            else:
                rest.append(f)
        for r in renamed:
            if id(r) in folded:
                r.rewritten.append(Rewrite(c.kind, c.ident, c.path, tuple(folded[id(r)])))
        c.fields = rest
        if c.change == "renamed" or rest:
            keep.append(c)
    diff.changes = keep
    for r in renamed:
        r.rewritten.sort(key=lambda w: (KIND_RANK.get(w.kind, 9), w.ident, w.path))


def _rewritten_by(f: FieldChange, renames: dict[str, EntityChange]) -> list[EntityChange]:
    """The renames that alone explain this field's change (none when anything else changed too)."""
    if not renames:
        return []
    if isinstance(f.old, str) and isinstance(f.new, str):
        r = renames.get(f.old)
        return [r] if r is not None and r.ident == f.new else []
    if isinstance(f.old, list) and isinstance(f.new, list):
        mapped = [renames[v].ident if isinstance(v, str) and v in renames else v for v in f.old]
        if mapped != f.new:
            return []
        return list({id(renames[v]): renames[v] for v in f.old if isinstance(v, str) and v in renames}.values())
    return []
