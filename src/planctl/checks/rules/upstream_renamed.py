"""X007: a namespaced id (nat:FO1.2) that the upstream plan renamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.federation.names import join, split
from planctl.i18n import N_, lazy
from planctl.model import JsonPath, Plan

ID = "X007"
NAME = "upstream-renamed"
SEVERITY = Severity.WARNING
TYPE = "plan"
CONF: dict[str, object] = {}
INCREMENTAL = "references"  # a finding is one namespaced reference at its place; an edit never moves the upstream
SUMMARY = N_("A reference to the upstream plan (nat:FO1.2) names an id the upstream renamed. Fixable.")
EXPLANATION = N_("""\
A member plan serves the upstream (national) plan's goals by namespaced id
(nat:FO1.2, see docs/federation.md). When the national curators rename a goal
(`planctl mv`, recorded in a Plan-Renamed trailer), the member's references
follow:

- renamed after the pinned revision (the cache knows newer upstream commits):
  a warning; `planctl upstream update` moves the pin, then `planctl lint --fix`
  rewrites the references;
- renamed before the pinned revision (the old id no longer exists there): an
  error, which `planctl lint --fix` fixes by writing the new id.

Bad (the upstream renamed FO1.2 to FO1.4):

    goals:
      - nat:FO1.2

Good:

    goals:
      - nat:FO1.4""")

_FIXES: dict[str, str] = {}
"""old -> new namespaced id, found by the last check of this process (what `fix` rewrites)."""


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    judge = None
    for ref in ctx.refs.all:
        found = split(ref.target)
        if found is None or ref.target in plan.of(ref.expects):
            continue
        if judge is None:
            from planctl.federation.refcheck import Judge

            judge = Judge(plan)
            if judge.upstream is None:
                return
        namespace, ident = found
        if judge.upstream is None or namespace != judge.upstream.spec.namespace:
            continue
        before = judge.renamed_before(ref, ident)
        if before is not None:
            new = join(namespace, before)
            _FIXES[ref.target] = new
            yield ctx.diag(ID, Severity.ERROR, ref.source.doc, ref.path,
                           lazy("{field}: the upstream renamed '{id}' to '{new}'", field=ref.field,
                                id=ref.target, new=new),
                           hint=lazy("run 'planctl lint --fix'"), fixable=True)
            continue
        since = judge.renamed_since(ident)
        if since is not None and judge.upstream.has(ref.expects, ident):
            yield ctx.diag(ID, SEVERITY, ref.source.doc, ref.path,
                           lazy("{field}: the upstream renamed '{id}' to '{new}' after the pinned revision",
                                field=ref.field, id=ref.target, new=join(namespace, since)),
                           hint=lazy("run 'planctl upstream update', then 'planctl lint --fix'"))


def fix(data: Any, kind: str, paths: list[JsonPath]) -> list[str]:
    done = []
    for path in paths:
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        old = node[path[-1]]
        new = _FIXES.get(str(old))
        if new is not None:
            node[path[-1]] = type(old)(new) if type(old) is not str else new
            done.append(f"renamed {old} to {new} in {'.'.join(map(str, path))}")
    return done
