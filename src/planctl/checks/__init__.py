"""The check pipeline: load diagnostics + cross-references + lint, in one pass over one load.

`run_checks` is the one entry point: `planctl check`, `planctl lint` and any
command that must refuse to write a broken plan call it, so they all agree on
what a problem is (same selection, severities and suppressions).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from planctl.diagnostics import Diagnostic, cap_per_file, sort_diagnostics
from planctl.gcpause import paused_gc

if TYPE_CHECKING:
    from planctl.checks.context import CheckContext
    from planctl.checks.rule import Rule
    from planctl.checks.settings import LintSettings
    from planctl.config import Config
    from planctl.model import Plan

__all__ = ["apply_settings", "prepare", "run_checks"]


def run_checks(plan: Plan, config: Config, *, today: _dt.date | None = None,
               select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
               against: str | None = None) -> list[Diagnostic]:
    """Every problem of `plan`, as configured in planctl.toml's [lint], sorted by file and position.

    `select`/`ignore` are the command line's and win over the file's. `today`
    is the date status rules judge against (default: the system date);
    `against` the git revision G001 compares ids with (default: none, G001 not run).
    """
    from planctl.checks.incremental import document_findings

    settings, ctx, not_run, enabled = prepare(plan, config, today=today, select=select, ignore=ignore,
                                              against=against)
    found = list(plan.diagnostics)
    # Rules allocate many small objects and no cycles: see planctl.gcpause.
    with paused_gc():
        found.extend(document_findings(plan, ctx, [rule for rule in enabled if rule.type == "document"]))
        for rule in enabled:
            if rule.type == "plan" and rule.check is not None:
                found.extend(rule.check(plan, ctx))
        result = cap_per_file(apply_settings(found, plan, settings, not_run=not_run))
    plan.keep_quoted(result)
    plan.save_cache()
    return result


def prepare(plan: Plan, config: Config, *, today: _dt.date | None = None, select: Sequence[str] | None = None,
            ignore: Sequence[str] | None = None, against: str | None = None
            ) -> tuple[LintSettings, CheckContext, frozenset[str], list[Rule]]:
    """(settings, context, the codes this run cannot run, the rules it runs): what every
    way of checking a plan starts from (`run_checks`, an edit's `checks.focus`)."""
    from planctl.checks.context import CheckContext
    from planctl.checks.registry import rules
    from planctl.checks.settings import load_settings

    settings = load_settings(config, select=select, ignore=ignore)
    ctx = CheckContext(plan, today or _dt.date.today(), settings.options, against=against)
    not_run = frozenset(rule.code for rule in rules().values() if not ctx.provides(rule.requires))
    enabled = [rule for rule in rules().values()
               if settings.is_enabled(rule.code) and rule.check is not None and rule.code not in not_run]
    return settings, ctx, not_run, enabled


def apply_settings(found: list[Diagnostic], plan: Plan, settings: LintSettings,
                   not_run: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Selection, per-file ignores, inline suppressions and severity overrides, in that order.

    A suppression of a code in `not_run` (a rule this run could not run) is not
    reported unused: the run cannot know whether it still suppresses something."""
    from planctl.checks import suppress
    from planctl.checks.registry import UNIGNORABLE_FAMILIES, catalogue

    def can_drop(code: str) -> bool:
        return code[:1] not in UNIGNORABLE_FAMILIES

    kept = []
    ignore_cache: dict[str, frozenset[str]] = {}
    for d in found:
        if not settings.is_enabled(d.code):
            continue
        ignored = ignore_cache.get(d.path)
        if ignored is None:
            ignored = ignore_cache[d.path] = settings.ignored_in(d.path)
        if d.code in ignored and can_drop(d.code):
            continue
        kept.append(d)
    cat = catalogue()
    kept = suppress.apply(kept, plan, known=cat.__contains__,
                          enabled=lambda code: settings.is_enabled(code) and code not in not_run,
                          can_suppress=lambda code: can_drop(code) and not code.startswith("N"))
    kept = [d for d in kept if settings.is_enabled(d.code)]
    if settings.severity:
        kept = [dataclasses.replace(d, severity=settings.severity[d.code]) if d.code in settings.severity else d
                for d in kept]
    return sort_diagnostics(kept)
