"""L001: keys not in the canonical order (fixable)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, _, lazy
from planctl.model import FIELD_ORDER, JsonPath, Plan
from planctl.spec import INITIATIVE

ID = "L001"
NAME = "key-order"
SEVERITY = Severity.INFO
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("The fields of a file are not in the canonical order. Fixable.")
EXPLANATION = lazy("""\
Every file of a kind lists its fields in one order, so a reader finds each
field in the same place and diffs stay small. `planctl lint --fix` reorders
the fields and keeps their comments with them. The order for initiatives:

{order}

Bad:

    id: INI-011
    status: ongoing
    title: Säker och effektiv åtkomst till digitala resurser

Good:

    id: INI-011
    title: Säker och effektiv åtkomst till digitala resurser
    status: ongoing""", order=textwrap.fill(", ".join(INITIATIVE.order), 78, initial_indent="    ",
                                         subsequent_indent="    "))


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    ranks = {kind: {k: i for i, k in enumerate(order)} for kind, order in FIELD_ORDER.items()}
    for doc in plan.documents:
        if doc.kind is None or not isinstance(doc.data, dict):
            continue
        rank, last, ordered = ranks[doc.kind], -1, True
        for k in doc.data:  # in order when ranks never decrease (unknown keys rank last)
            r = rank.get(k, 1000)
            if r < last:
                ordered = False
                break
            last = r
        if ordered:
            continue
        keys = list(doc.data)
        wanted = canonical(keys, doc.kind)
        if keys != wanted:
            first = next(k for k, w in zip(keys, wanted, strict=True) if k != w)
            yield ctx.diag(ID, SEVERITY, doc, (first,),
                           lazy("'{field}' is out of place; the canonical order is {order}", field=first,
                                order=", ".join(wanted)),
                           key=True, hint=lazy("run 'planctl lint --fix'"), fixable=True)


def canonical(keys: list[str], kind: str) -> list[str]:
    """Known fields in FIELD_ORDER, then unknown ones in their present order."""
    order = FIELD_ORDER[kind]
    return [k for k in order if k in keys] + [k for k in keys if k not in order]


def fix(data: Any, kind: str, paths: list[JsonPath]) -> list[str]:
    keys = list(data)
    wanted = canonical(keys, kind)
    if keys == wanted:
        return []
    from planctl.checks.fixes import reorder

    reorder(data, wanted)
    return [_("put the fields in canonical order")]
