"""Run one edit end to end: lock, recover, load, compute, check, write.

Every command that changes plan files (add, set, rm, mv, milestone, import,
lint --fix) comes through `run_edit`, so each gets the same promises: the lock
is held from reading the plan to the last write (two edits started together
see each other's result, and `add` hands out different ids); a write a dead
planctl left half done is finished or undone first; the whole plan is checked
after the edit and nothing is written if the edit adds an error; and the
files, with the id mark, are written as one transaction (`planctl.txn`).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from planctl import txn
from planctl.config import Config
from planctl.diagnostics import Diagnostic, sort_diagnostics
from planctl.edit import ids as idalloc
from planctl.edit.guard import Introduced, introduced, plan_after
from planctl.edit.lock import LOCK_NAME, plan_lock
from planctl.edit.ops import Change, Edit
from planctl.fsutil import journal_pending
from planctl.model import Plan, Sources

BOM = "\ufeff"


@dataclass
class Outcome:
    edit: Edit
    written: bool
    problems: list[Diagnostic] = field(default_factory=list)
    sources: Mapping[str, str | None] = field(default_factory=dict)
    files_checked: int = 0
    warnings: list[Diagnostic] = field(default_factory=list)
    """Warnings (and infos) the edit introduces: shown after it, never refusing it."""

    @property
    def refused(self) -> bool:
        return bool(self.problems) and not self.written


def run_edit(config: Config, operation: Callable[[Plan], Edit], *, dry_run: bool = False,
             notify: Callable[[str], None] | None = None) -> Outcome:
    """Apply `operation` to the plan unless the result would have errors it did not have before.

    `notify` receives the one line saying what recovery of an interrupted write did.
    """
    from planctl.loader import load_plan

    with plan_lock(config.root, config.section("edit")):
        recovered = txn.recover(config.root)
        if recovered is not None and notify is not None:
            notify(recovered.describe())
        before = load_plan(config, cache=True)
        edit = operation(before)
        if not edit.changes:
            return Outcome(edit, written=False)
        after = plan_after(before, {c.path: (c.kind, c.text) for c in edit.changes},
                           read={c.path: c.read for c in edit.changes if c.read is not None})
        today = _dt.date.today()
        found = introduced(before, after, config)
        problems, warnings = sort_diagnostics(found.errors), sort_diagnostics(found.warnings)
        sources = Sources(after.documents)
        if problems or dry_run:
            return Outcome(edit, False, problems, sources, after.files_checked, warnings)
        bookkeeping: list[tuple[Path, str]] = []
        ids_before = {e.id for e in before.entities if e.kind == "initiative"}
        ids_after = {e.id for e in after.entities if e.kind == "initiative"}
        if ids_before != ids_after:  # an add, rm or mv: remember the highest id ever seen
            used = idalloc.numbers(ids_before | ids_after)
            if used:
                bookkeeping = idalloc.high_water_changes(config.plan_dir, max(used), edit.renamed)
        write_changes(config, edit, bookkeeping)
        keep_verdict(config, before, edit, found, today)
        return Outcome(edit, True, [], sources, after.files_checked, warnings)


def encode(change: Change) -> bytes | None:
    """A change's bytes on disk: UTF-8, with the byte-order mark the file had."""
    if change.text is None:
        return None
    return ((BOM if change.bom and not change.text.startswith(BOM) else "") + change.text).encode("utf-8")


def write_changes(config: Config, edit: Edit, bookkeeping: list[tuple[Path, str]] | None = None) -> None:
    """All of the edit's files (and the id mark) or none, whatever happens to the process."""
    files: list[tuple[Path, bytes | None]] = [(config.root / c.path, encode(c)) for c in edit.changes]
    files += [(path, text.encode("utf-8")) for path, text in bookkeeping or []]
    # What the edit was computed from: a file saved in an editor since is not overwritten.
    read = {config.root / c.path: c.old_text.removeprefix(BOM).encode("utf-8")
            for c in edit.changes if c.old_text is not None}
    txn.write_files(config.root, files, label=edit.summary, expected=read)


def keep_verdict(config: Config, before: Plan, edit: Edit, found: Introduced, today: _dt.date) -> None:
    """After a written edit the plan's verdict (`planctl.verdict`) is dropped: the next `check`
    records it again, and `commit` checks the plan whole until then.

    Updating it from the files the edit's guard judged (`verdict.updated`) was tried and is
    not exact: tests/test_verdict.py's property found an edit after which the updated verdict
    differed from a full check (an id used twice across two goal files, and a missing field of
    a file the edit never touched), so it is not used until that is understood."""
    del before, edit, found, today
    from planctl import verdict

    verdict.forget(config)


def recover_interrupted(config: Config, *, wait: bool) -> str | None:
    """Finish or undo a write a dead planctl left, under the edit lock; the line to print, or None.

    Without `wait`, a lock held by a live planctl means the journal is that run's own
    write in progress: it is left alone. A lock file a killed run left (the kernel
    released its lock) is removed on the way, as every holder removes it.
    """
    journal = journal_pending(config.root)
    if not journal and not os.path.lexists(config.root / LOCK_NAME):
        return None
    lock = plan_lock(config.root, config.section("edit"))
    if not lock.acquire(wait=wait):
        return None
    try:
        recovered = txn.recover(config.root) if journal else None
    finally:
        lock.release()
    return recovered.describe() if recovered is not None else None
