"""Run one edit end to end: lock, load, compute, check, write.

The lock is held from reading the plan to the last write, so two edits started
together see each other's result (and `add` hands out different ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from planctl.config import Config
from planctl.diagnostics import Diagnostic, sort_diagnostics
from planctl.edit import ids as idalloc
from planctl.edit.guard import introduced_errors, plan_after
from planctl.edit.lock import plan_lock
from planctl.edit.ops import Edit
from planctl.fsutil import atomic_write_many
from planctl.model import Plan, Sources


@dataclass
class Outcome:
    edit: Edit
    written: bool
    problems: list[Diagnostic] = field(default_factory=list)
    sources: Mapping[str, str | None] = field(default_factory=dict)
    files_checked: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.problems) and not self.written


def run_edit(config: Config, operation: Callable[[Plan], Edit], *, dry_run: bool = False) -> Outcome:
    """Apply `operation` to the plan unless the result would have errors it did not have before."""
    from planctl.loader import load_plan

    with plan_lock(config.root, config.section("edit")):
        before = load_plan(config, cache=True)
        edit = operation(before)
        if not edit.changes:
            return Outcome(edit, written=False)
        after = plan_after(before, {c.path: (c.kind, c.text) for c in edit.changes})
        problems = sort_diagnostics(introduced_errors(before, after, config))
        sources = Sources(after.documents)
        if problems or dry_run:
            return Outcome(edit, False, problems, sources, after.files_checked)
        ids_before = {e.id for e in before.entities if e.kind == "initiative"}
        ids_after = {e.id for e in after.entities if e.kind == "initiative"}
        if ids_before != ids_after:
            idalloc.check_mark(config.plan_dir)  # a FIFO or a link there: refuse before any write
        write_changes(config, edit)
        if ids_before != ids_after:  # an add, rm or mv: remember the highest id ever seen
            used = idalloc.numbers(ids_before | ids_after)
            if used:
                idalloc.write_high_water(config.plan_dir, max(used))
        return Outcome(edit, True, [], sources, after.files_checked)


def write_changes(config: Config, edit: Edit) -> None:
    """All of the edit's files or none (see `atomic_write_many`); deletes come last, so an
    interrupted `mv` leaves a duplicate, never a loss."""
    atomic_write_many([(config.root / change.path,
                        "\ufeff" + change.text if change.bom and change.text is not None else change.text)
                       for change in edit.changes])
