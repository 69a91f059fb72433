"""The one decision "would this edit break the plan?", and what else it would cause.

We diagnose the plan before and after the edit (in memory: nothing is
written yet) and refuse only on errors the edit introduces. Problems that
were already there elsewhere do not block an unrelated edit: a curator fixing
one initiative should not have to fix the whole plan first. The warnings an
edit introduces do not block it either; they are shown after it, as ruff
shows what it finds, so that `set INI-011 status=completed` without an end
date says D001 at once rather than at the next `planctl check`. The full checks
(`planctl.checks.run_checks`) are used when that module provides them;
otherwise the loader's YAML and schema diagnostics are what we judge by.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planctl.config import Config
from planctl.diagnostics import Diagnostic, Severity
from planctl.model import Document, Plan, build_entity
from planctl.yamlread import ParsedYaml, find_positions, parse_yaml


def _run_checks() -> Callable[..., Any] | None:
    try:
        from planctl.checks import run_checks
    except ImportError:
        return None
    return run_checks


def _focused(before: Plan, after: Plan, config: Config, judged: set[str]
             ) -> tuple[list[Diagnostic], list[Diagnostic]] | None:
    """Both plans' problems in the files the edit can have changed (their paths into `judged`);
    None without the checks."""
    if _run_checks() is None:
        return None
    from planctl.checks.focus import focused_checks

    return focused_checks(before, after, config, judged)


def diagnose(plan: Plan, config: Config, today: _dt.date | None = None) -> list[Diagnostic]:
    """Everything wrong with `plan`: the checks when available, else load and schema diagnostics."""
    run_checks = _run_checks()
    if run_checks is None:
        return list(plan.diagnostics)
    result = run_checks(plan, config, today=today)
    return list(getattr(result, "diagnostics", result))


def document_from_text(path: str, kind: str | None, text: str,
                       parsed: ParsedYaml | None = None) -> tuple[Document, list[Diagnostic]]:
    """A document as the loader would read it from `text`, with its YAML and schema diagnostics;
    `parsed` is `text` as `parse_yaml(text, path)` read it already (an edit's read-back)."""
    from planctl.schemas import validate_document

    doc = Document(path=path, kind=kind, text=text, locate=find_positions)
    if parsed is None or parsed.text != text or parsed.diagnostics:  # a diagnostic names the path it was read as
        parsed = parse_yaml(text, path)
    diags = list(parsed.diagnostics)
    if isinstance(parsed.data, dict):
        doc.data, doc.spans, doc.key_spans = parsed.data, parsed.spans, parsed.key_spans
        ident = parsed.data.get("id")
        if isinstance(ident, str):  # as the loader names them, so an old problem is known again
            diags = [d if d.entity else dataclasses.replace(d, entity=ident) for d in diags]
        diags.extend(validate_document(doc))
    return doc, diags


def plan_after(before: Plan, new_texts: dict[str, tuple[str | None, str | None]],
               read: dict[str, ParsedYaml] | None = None) -> Plan:
    """`before` with some files replaced, added ({path: (kind, text)}) or removed (text None);
    `read` has the texts the edit read back already, by path (`SourceFile.result`)."""
    read = read or {}
    after = Plan(root=before.root, session=before.session)  # what the checks learn of kept files is kept
    replaced = set(new_texts)
    docs = [d for d in before.documents if d.path not in replaced]
    after.diagnostics = [d for d in before.diagnostics if d.path not in replaced]
    for path, (kind, text) in sorted(new_texts.items()):
        if text is None:
            continue
        doc, diags = document_from_text(path, kind, text, read.get(path))
        docs.append(doc)
        after.diagnostics.extend(diags)
    docs.sort(key=lambda d: d.path)
    kept = {id(entity.doc): entity for entity in before.entities}
    for doc in docs:
        after.documents.append(doc)
        entity = kept.get(id(doc)) or (build_entity(doc) if doc.data is not None else None)
        if entity is not None:
            after.add(entity)
    after.files_checked = len(docs)
    return after


def _key(d: Diagnostic, renamed: dict[str, str] | None = None) -> tuple[str, str, str, str]:
    """Positions move when a file is edited; what a problem *is* does not. `renamed` maps
    an id an edit renamed (and its file) to the new one, so a problem it had before is known
    again under the new name."""
    subject, message = d.entity or d.path, d.message
    if renamed:
        subject = renamed.get(subject, subject)
        for old, new in renamed.items():
            message = re.sub(rf"(?<![\w.-]){re.escape(old)}(?![\w-]|\.\w)", new, message)
    return (d.code, subject, d.json_path, message)


@dataclass(frozen=True, slots=True)
class Introduced:
    """What an edit adds to the plan's problems: the errors refuse it, the rest is shown after it."""

    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    """Warnings and infos new after the edit, in the entities it changed and those they name
    (before or after): `set INI-002 owner=skr` may leave the former owner unreferenced (C003),
    `rm` a sub-goal unserved (C001). Not the whole plan, so that a big plan's warnings are
    not diagnosed twice for an edit that cannot have caused them."""
    judged: frozenset[str] | None = None
    """The files whose problems were computed after the edit (None: the whole plan's were)."""
    after: tuple[Diagnostic, ...] = ()
    """All the problems of `after` in the `judged` files, as a full check finds them there."""


def introduced(before: Plan, after: Plan, config: Config, *, focused: bool = True) -> Introduced:
    """The problems in `after` that `before` did not have (counted, so a second duplicate is new).

    `focused`: judge only the files whose problems the edit can have changed
    (`planctl.checks.focus`): the same answer as diagnosing both plans whole, at the
    cost of the edit rather than of the plan."""
    paths: set[str] = set()
    judged = _focused(before, after, config, paths) if focused else None
    found = judged[1] if judged is not None else diagnose(after, config)
    seen = (frozenset(paths), tuple(found)) if judged is not None else (None, ())
    scope = _scope(before, after)
    errors = [d for d in found if d.severity >= Severity.ERROR]
    warnings = [d for d in found if d.severity < Severity.ERROR and _within(d, scope)]
    if not errors and not warnings:  # the usual case: no need to diagnose the plan as it was
        return Introduced([], [], *seen)
    renamed = _renames(before, after)
    baseline = Counter(_key(d, renamed) for d in (judged[0] if judged is not None else diagnose(before, config))
                       if d.severity >= Severity.ERROR or _within(d, scope))
    new: list[Diagnostic] = []
    for d in errors + warnings:
        key = _key(d)
        if baseline[key] > 0:
            baseline[key] -= 1
        else:
            new.append(d)
    return Introduced([d for d in new if d.severity >= Severity.ERROR],
                      [d for d in new if d.severity < Severity.ERROR], *seen)


@dataclass(frozen=True, slots=True)
class _Scope:
    paths: frozenset[str]
    ids: frozenset[str]


def _changed(before: Plan, after: Plan) -> tuple[list[Document], set[str]]:
    """The documents of the files the edit replaced, added or removed, as before and after."""
    kept = {id(d) for d in before.documents} & {id(d) for d in after.documents}
    docs = [d for d in (*before.documents, *after.documents) if id(d) not in kept]
    return docs, {d.path for d in docs}


def _scope(before: Plan, after: Plan) -> _Scope:
    from planctl.checks.references import REFERENCE_FIELDS

    docs, paths = _changed(before, after)
    ids: set[str] = set()
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        if isinstance(data.get("id"), str):
            ids.add(data["id"])
        for name in REFERENCE_FIELDS.get(doc.kind or "", {}):
            value = data.get(name)
            ids.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    return _Scope(frozenset(paths), frozenset(ids))


def _within(d: Diagnostic, scope: _Scope) -> bool:
    return d.path in scope.paths or (d.entity is not None and d.entity in scope.ids)


def _renames(before: Plan, after: Plan) -> dict[str, str]:
    """{old: new} for the ids and files an edit renamed (`mv`): one entity of a kind gone,
    one of the same kind come, in the files it changed. Nothing when that is not so clear."""
    paths = _changed(before, after)[1]
    gone = [e for e in before.entities if e.doc.path in paths and after.get(e.id) is None]
    come = [e for e in after.entities if e.doc.path in paths and before.get(e.id) is None]
    if len(gone) != 1 or len(come) != 1 or gone[0].kind != come[0].kind:
        return {}
    return {gone[0].id: come[0].id, gone[0].doc.path: come[0].doc.path}
