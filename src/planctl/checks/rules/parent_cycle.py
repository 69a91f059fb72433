"""X006: a cycle in the parent chains of goals or of owners."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import Goal, Owner, Plan

ID = "X006"
NAME = "parent-cycle"
SEVERITY = Severity.ERROR
TYPE = "plan"
CONF: dict[str, object] = {}
SUMMARY = N_("Following `parent` from a goal or an owner comes back to where it started.")
EXPLANATION = N_("""\
`parent` builds a tree: a sub-goal's focus area, an owner's organisation. A
chain that loops (a is in b, b is in a) has no top, so nothing can be rolled
up. Reported once per cycle, at the member whose id sorts first.

Bad (plan/owners/a.yaml and plan/owners/b.yaml):

    id: a
    parent: b
    ---
    id: b
    parent: a

Good: the top of the chain has no parent.

    id: b""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from _cycles(plan.goals, ctx)
    yield from _cycles(plan.owners, ctx)


def _cycles(index: Mapping[str, Goal | Owner], ctx: CheckContext) -> Iterator[Diagnostic]:
    """Colour each node once (0 new, 1 on the current path, 2 done): O(n) over the index."""
    state: dict[str, int] = {}
    for start in index:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in index and state.get(node, 0) == 0:
            state[node] = 1
            path.append(node)
            node = index[node].parent
        if node is not None and state.get(node) == 1:
            loop = path[path.index(node):]
            head = min(loop)
            ordered = loop[loop.index(head):] + loop[:loop.index(head)] + [head]
            entity = index[head]
            yield ctx.diag(ID, SEVERITY, entity.doc, ("parent",),
                           lazy("parent cycle: {chain}", chain=" -> ".join(ordered)),
                           hint=lazy("remove the parent of the chain's top"))
        for member in path:
            state[member] = 2
