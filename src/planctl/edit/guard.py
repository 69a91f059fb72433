"""The one decision "would this edit break the plan?".

We diagnose the plan before and after the edit (in memory: nothing is
written yet) and refuse only on errors the edit introduces. Problems that
were already there elsewhere do not block an unrelated edit: a curator fixing
one initiative should not have to fix the whole plan first. The full checks
(`planctl.checks.run_checks`) are used when that module provides them;
otherwise the loader's YAML and schema diagnostics are what we judge by.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import Any

from planctl.config import Config
from planctl.diagnostics import Diagnostic, Severity
from planctl.model import Document, Plan, build_entity
from planctl.yamlread import find_positions, parse_yaml


def _run_checks() -> Callable[..., Any] | None:
    try:
        from planctl.checks import run_checks
    except ImportError:
        return None
    return run_checks


def diagnose(plan: Plan, config: Config) -> list[Diagnostic]:
    """Everything wrong with `plan`: the checks when available, else load and schema diagnostics."""
    run_checks = _run_checks()
    if run_checks is None:
        return list(plan.diagnostics)
    result = run_checks(plan, config)
    return list(getattr(result, "diagnostics", result))


def document_from_text(path: str, kind: str | None, text: str) -> tuple[Document, list[Diagnostic]]:
    """A document as the loader would read it from `text`, with its YAML and schema diagnostics."""
    from planctl.schemas import validate_document

    doc = Document(path=path, kind=kind, text=text, locate=find_positions)
    parsed = parse_yaml(text, path)
    diags = list(parsed.diagnostics)
    if isinstance(parsed.data, dict):
        doc.data, doc.spans, doc.key_spans = parsed.data, parsed.spans, parsed.key_spans
        ident = parsed.data.get("id")
        if isinstance(ident, str):  # as the loader names them, so an old problem is known again
            diags = [d if d.entity else dataclasses.replace(d, entity=ident) for d in diags]
        diags.extend(validate_document(doc))
    return doc, diags


def plan_after(before: Plan, new_texts: dict[str, tuple[str | None, str | None]]) -> Plan:
    """`before` with some files replaced, added ({path: (kind, text)}) or removed (text None)."""
    after = Plan(root=before.root, session=before.session)  # what the checks learn of kept files is kept
    replaced = set(new_texts)
    docs = [d for d in before.documents if d.path not in replaced]
    after.diagnostics = [d for d in before.diagnostics if d.path not in replaced]
    for path, (kind, text) in sorted(new_texts.items()):
        if text is None:
            continue
        doc, diags = document_from_text(path, kind, text)
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


def _key(d: Diagnostic) -> tuple[str, str, str, str]:
    """Positions move when a file is edited; what a problem *is* does not."""
    return (d.code, d.entity or d.path, d.json_path, d.message)


def introduced_errors(before: Plan, after: Plan, config: Config) -> list[Diagnostic]:
    """Errors in `after` that `before` did not have (counted, so a second duplicate is new)."""
    errors = [d for d in diagnose(after, config) if d.severity >= Severity.ERROR]
    if not errors:  # the usual case: no need to diagnose the plan as it was
        return []
    baseline = Counter(_key(d) for d in diagnose(before, config) if d.severity >= Severity.ERROR)
    new: list[Diagnostic] = []
    for d in errors:
        key = _key(d)
        if baseline[key] > 0:
            baseline[key] -= 1
        else:
            new.append(d)
    return new
