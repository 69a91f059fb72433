"""The document rules' findings, reused per file through the cache.

A document rule (TYPE "document") finds in a file only what that file's bytes
say. So once a run has checked some bytes under some settings, a later run
with the same settings takes the findings from the file's memo instead of
checking again: with one file of 10,000 changed, one file is checked. The
files left to check are handed to the rules as a small plan of their own; the
plan rules, which read across files, always run on the whole plan.

The memo holds plain rows, keyed by a digest of everything besides the bytes
that a finding depends on: which rules run, their options, the date they
judge by, and the rule modules themselves (so editing a rule in a development
checkout is never answered from stale findings).
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import freeze, thaw
from planctl.model import Document, Plan

if TYPE_CHECKING:
    from planctl.checks.context import CheckContext
    from planctl.checks.registry import Rule

MEMO = "rules"


def document_findings(plan: Plan, ctx: CheckContext, rules: list[Rule]) -> list[Diagnostic]:
    """What `rules` find in every document of `plan`, each file checked only if its memo is stale."""
    if not rules:
        return []
    digest = settings_digest(rules, ctx)
    found: list[Diagnostic] = []
    stale: list[Document] = []
    for doc in plan.documents:
        if doc.data is None:
            continue  # unreadable, or not a mapping: nothing for a rule to look at
        memo = doc.memo
        hit = memo.get(MEMO) if memo else None
        if hit is not None and hit[0] == digest:
            if hit[1]:
                found.extend(_diagnostic(doc, row) for row in hit[1])
        else:
            stale.append(doc)
    if stale:
        part = plan if len(stale) == len(plan.documents) else subplan(plan, stale)
        produced = [d for rule in rules if rule.check is not None for d in rule.check(part, ctx)]
        found.extend(produced)
        rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for d in produced:
            rows[d.path].append(_row(d))
        for doc in stale:
            plan.remember(doc, MEMO, (digest, tuple(rows.get(doc.path, ()))))
    return found


def subplan(plan: Plan, documents: Iterable[Document]) -> Plan:
    """A plan of just these documents and their entities (for the document rules only)."""
    part = Plan(root=plan.root)
    part.documents = list(documents)
    wanted = {id(doc) for doc in part.documents}
    for entity in plan.entities:
        if id(entity.doc) in wanted:
            part.add(entity)
    part.files_checked = len(part.documents)
    return part


def settings_digest(rules: list[Rule], ctx: CheckContext) -> str:
    parts: list[Any] = [ctx.today.isoformat()]
    for rule in rules:
        code = getattr(rule.check, "__code__", None)
        source = code.co_filename if code is not None else ""
        try:
            info = os.stat(source)
            stamp: tuple[int, int] = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = (0, 0)
        parts.append((rule.code, sorted(ctx.conf(rule.code).items()), source, stamp))
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def _row(d: Diagnostic) -> tuple[Any, ...]:
    return (d.code, int(d.severity), freeze(d.message), d.line, d.col, d.end_line, d.end_col, d.json_path,
            freeze(d.hint), d.fixable, dict(d.extra))


def _diagnostic(doc: Document, row: tuple[Any, ...]) -> Diagnostic:
    code, severity, message, line, col, end_line, end_col, json_path, hint, fixable, extra = row
    ident = doc.data.get("id") if isinstance(doc.data, dict) else None
    return Diagnostic(code, Severity(severity), thaw(message), doc.path, line, col, end_line, end_col,
                      entity=ident if isinstance(ident, str) else None, json_path=json_path, hint=thaw(hint),
                      fixable=fixable, extra=dict(extra))
