"""An edit's problems, judged in the files the edit can have changed: not a full check.

`planctl.edit.guard` compares the plan's problems before and after an edit.
Comparing all of them costs two full checks of the plan (three seconds at
100,000 initiatives) for an edit of one file. Every problem of a file whose
inputs the edit did not change is the same before and after, so it cancels
out of that comparison; only the files where a problem can come or go need
judging. Those are the files the edit changed, and for each plan rule the
files where its findings may have moved, which the rule declares by its
shape (`Rule.incremental`, the module's `INCREMENTAL`):

"references"
    each finding is about one reference, at its place in the referring file,
    and depends on that reference and on the entities that have its target
    id: it may move in the files that refer to an id the edit touched.
"targets"
    each finding is at an entity the plan's id indexes give (`plan.goals`,
    the first of each id) and depends on it and on the references to its id:
    it may move at the entities whose id the changed files have or name.
"groups"
    each finding is at an entity and depends only on the entities sharing its
    `group(entity)` key, in plan order (duplicate ids, duplicate titles): it
    may move in the groups of the changed entities' keys.

A rule that declares none runs whole, before and after, and the files of
its findings are judged. Inside the judged files every problem is computed
as `run_checks` computes it, every rule's, then suppressions and the per-file
cap (both per file), so the comparison sees what a full check would have
shown there (`tests/test_checks_focus.py` compares the two on random edits
of random plans).

One full-check behaviour is not reproduced: past `MAX_SUGGESTIONS` distinct
unknown ids (a plan broken wholesale) X001 stops computing did-you-mean hints,
and which ids come first depends on what is checked. A hint never decides
whether an edit is refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planctl.checks.references import REFERENCE_FIELDS, Reference, ReferenceIndex
from planctl.diagnostics import Diagnostic, cap_per_file
from planctl.model import Document, Entity, Plan

if TYPE_CHECKING:
    from planctl.checks.context import CheckContext
    from planctl.checks.rule import Rule
    from planctl.config import Config

__all__ = ["focused_checks"]


@dataclass(slots=True)
class _Side:
    """One of the two plans, with the documents only it has (the edit's files, as they read on that side)."""

    index: int  # 0 before, 1 after
    plan: Plan
    own: list[Document]
    ctx: CheckContext
    changed: list[Entity]
    position: dict[int, int] | None = None

    def order(self, entities: Iterable[Entity]) -> list[Entity]:
        """`entities` in this plan's order (the rules see entities in it: the first of an id is first)."""
        if self.position is None:
            self.position = {id(e): i for i, e in enumerate(self.plan.entities)}
        where = self.position
        return sorted(entities, key=lambda e: where[id(e)])


def focused_checks(before: Plan, after: Plan, config: Config, judged_out: set[str] | None = None
                   ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The problems of `before` and of `after` (as `run_checks` gives them) in every file whose
    problems may differ between the two; the files outside have the same problems in both.
    `judged_out` receives the paths of those files (the plan's verdict is updated by them)."""
    from planctl.checks import apply_settings, prepare
    from planctl.checks.context import CheckContext
    from planctl.gcpause import paused_gc

    settings, base, not_run, enabled = prepare(before, config)
    common = {id(d) for d in before.documents} & {id(d) for d in after.documents}
    sides = []
    for index, plan in enumerate((before, after)):
        own = [d for d in plan.documents if id(d) not in common]
        mine = {id(d) for d in own}
        ctx = CheckContext(plan, base.today, base.options, against=base.against)
        sides.append(_Side(index, plan, own, ctx, [e for e in plan.entities if id(e.doc) in mine]))
    kept = [e for e in before.entities if id(e.doc) in common]  # the same objects on both sides
    plan_rules = [r for r in enabled if r.type == "plan" and r.check is not None]
    document_rules = [r for r in enabled if r.type == "document"]
    with paused_gc():
        shared = _Shared(kept, plan_rules)
        judged, whole = _judged_paths(sides, shared, plan_rules)
        if judged_out is not None:
            judged_out.update(judged)
        parts = [_part(side.plan, [d for d in side.plan.documents if d.path in judged]) for side in sides]
        wants_refs = any(r.incremental == "targets" for r in plan_rules)
        shared.look_for({e.id for part in parts for e in part.entities} if wants_refs else set(),
                        {code: {k for part in parts for e in part.entities if (k := _key(rule, e)) is not None}
                         for code, rule in shared.grouping.items()})
        results = []
        for side, part in zip(sides, parts, strict=True):
            found = [d for d in side.plan.diagnostics if d.path in judged]
            found.extend(_document_findings(part, side.ctx, document_rules))
            found.extend(_plan_findings(side, shared, part, plan_rules, whole, judged))
            results.append(cap_per_file(apply_settings(found, part, settings, not_run=not_run)))
    before.save_cache()  # what the document rules learnt of files the cache had no findings for
    return results[0], results[1]


def _judged_paths(sides: list[_Side], shared: _Shared, plan_rules: list[Rule]
                  ) -> tuple[set[str], dict[str, list[list[Diagnostic]]]]:
    """The files to judge, and the findings of the rules that run whole (per rule, per side)."""
    paths = {d.path for side in sides for d in side.own}
    ids = {e.id for side in sides for e in side.changed}
    # The ids whose references the edit changed: a reference the edit left as it was (same
    # source, field and target) changes nothing at its target.
    named = set(ids)
    made = [Counter((r.source.kind, r.source.id, r.field, r.expects, r.target) for r in _references(side.changed))
            for side in sides]
    named.update(target for *_, target in (made[0] - made[1]) + (made[1] - made[0]))
    groups = {r.code: {k for side in sides for e in side.changed if (k := _key(r, e)) is not None}
              for r in plan_rules if r.incremental == "groups"}
    shared.look_for(ids if any(r.incremental == "references" for r in plan_rules) else set(), groups)
    incoming, members = shared.incoming, shared.members
    judged = set(paths)
    whole: dict[str, list[list[Diagnostic]]] = {}
    for rule in plan_rules:
        if rule.incremental is None:
            assert rule.check is not None
            whole[rule.code] = [list(rule.check(side.plan, side.ctx)) for side in sides]
            judged.update(d.path for found in whole[rule.code] for d in found)
    for side in sides:
        own = _references(side.changed)
        if any(r.incremental == "references" for r in plan_rules):
            judged.update(ref.source.doc.path for ident in ids for ref in incoming.get(ident, ()))
            judged.update(ref.source.doc.path for ref in own if ref.target in ids)
        if any(r.incremental == "targets" for r in plan_rules):
            for ident in named:
                for kind in REFERENCE_FIELDS:
                    entity = side.plan.of(kind).get(ident)
                    if entity is not None:
                        judged.add(entity.doc.path)
        for code, keys in groups.items():
            rule = next(r for r in plan_rules if r.code == code)
            judged.update(e.doc.path for e in side.changed if _key(rule, e) in keys)
            judged.update(e.doc.path for key in keys for e in members[code].get(key, ()))
    return judged, whole


def _plan_findings(side: _Side, shared: _Shared, part: Plan, plan_rules: list[Rule],
                   whole: dict[str, list[list[Diagnostic]]], judged: set[str]) -> list[Diagnostic]:
    """Every plan rule's findings in the judged files of one side, each computed against the whole plan."""
    from planctl.checks.context import CheckContext

    found: list[Diagnostic] = []
    entities = part.entities  # the judged files' entities, in this side's order
    targets = {e.id for e in entities}
    groups = {code: {k for e in entities if (k := _key(rule, e)) is not None} for code, rule in shared.grouping.items()}
    incoming = {ident: list(shared.incoming.get(ident, ())) for ident in targets}
    members = shared.members
    for ref in _references(side.changed):
        if ref.target in targets:
            incoming[ref.target].append(ref)
    index = side.plan.of
    for rule in plan_rules:
        assert rule.check is not None
        ctx = CheckContext(side.plan, side.ctx.today, side.ctx.options, against=side.ctx.against)
        if rule.incremental is None:
            found.extend(d for d in whole[rule.code][side.index] if d.path in judged)
            continue
        if rule.incremental == "references":
            ctx._refs = ReferenceIndex.build(part)
            found.extend(rule.check(side.plan, ctx))
        elif rule.incremental == "targets":
            view = Plan(root=side.plan.root)
            for entity in entities:
                if index(entity.kind).get(entity.id) is entity:
                    view.add(entity)
            ctx.plan = view
            refs = ReferenceIndex()
            for ident, items in incoming.items():
                refs.incoming[ident] = items
                refs.all.extend(items)
            ctx._refs = refs
            found.extend(d for d in rule.check(view, ctx) if d.path in judged)
        else:
            keys = groups[rule.code]
            chosen = [e for key in keys for e in members[rule.code].get(key, ())]
            chosen += [e for e in side.changed if _key(rule, e) in keys]
            view = Plan(root=side.plan.root)
            for entity in side.order(chosen):
                view.add(entity)
            ctx.plan = view
            found.extend(d for d in rule.check(view, ctx) if d.path in judged)
    return found


class _Shared:
    """What the entities both sides share (all but the edit's) say about some ids and keys:
    the references to the ids, and the members of each "groups" rule's keys. Each id and
    key is looked for once, in one pass over the shared entities for all that is new."""

    def __init__(self, kept: list[Entity], plan_rules: list[Rule]) -> None:
        self.kept = kept
        self.grouping = {r.code: r for r in plan_rules if r.incremental == "groups"}
        self.incoming: dict[str, list[Reference]] = {}
        self.members: dict[str, dict[Hashable, list[Entity]]] = {code: {} for code in self.grouping}
        self._targets: set[str] = set()
        self._keys: dict[str, set[Hashable]] = {code: set() for code in self.grouping}

    def look_for(self, targets: Collection[str], groups: dict[str, set[Hashable]]) -> None:
        new = set(targets) - self._targets
        keyed = []
        for code, keys in groups.items():
            fresh = keys - self._keys[code]
            if fresh:
                self._keys[code] |= fresh
                group = self.grouping[code].group
                assert group is not None
                keyed.append((self.members[code], group, fresh))
        if not new and not keyed:
            return
        self._targets |= new
        incoming, fields = self.incoming, REFERENCE_FIELDS
        for entity in self.kept:
            data = entity.doc.data
            if new and isinstance(data, dict):
                for name, expects in fields[entity.kind].items():
                    value = data.get(name)
                    if isinstance(value, str):
                        if value in new:
                            incoming.setdefault(value, []).append(Reference(entity, name, (name,), value, expects))
                    elif isinstance(value, list):
                        for i, item in enumerate(value):
                            if isinstance(item, str) and item in new:
                                incoming.setdefault(item, []).append(
                                    Reference(entity, name, (name, i), item, expects))
            for members, group, keys in keyed:
                key = group(entity)
                if key is not None and key in keys:
                    members.setdefault(key, []).append(entity)


def _references(entities: list[Entity]) -> list[Reference]:
    part = Plan(root=None)  # type: ignore[arg-type]
    for entity in entities:
        part.entities.append(entity)
    return ReferenceIndex.build(part).all


def _key(rule: Rule, entity: Entity) -> Hashable | None:
    assert rule.group is not None
    key: Hashable | None = rule.group(entity)
    return key


def _part(plan: Plan, documents: list[Document]) -> Plan:
    from planctl.checks.incremental import subplan

    part = subplan(plan, documents)
    part.session = plan.session  # what the document rules learn is kept for the next run
    return part


def _document_findings(part: Plan, ctx: CheckContext, rules: list[Rule]) -> list[Diagnostic]:
    from planctl.checks.incremental import document_findings

    return document_findings(part, ctx, rules)
