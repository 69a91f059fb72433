"""X001: a reference to an id that no entity has."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, did_you_mean, lazy
from planctl.model import Plan
from planctl.spec import GOAL, INITIATIVE, OWNER, Field, references

ID = "X001"
NAME = "unknown-reference"
SEVERITY = Severity.ERROR
TYPE = "plan"
CONF: dict[str, object] = {}
MAX_SUGGESTIONS = 1000
_FIELDS = {k.name: references(k.name) for k in (INITIATIVE, GOAL, OWNER)}
SUMMARY = lazy("A reference ({fields}) names an id that does not exist.",
               fields=", ".join(dict.fromkeys(f.name for fs in _FIELDS.values() for f in fs)))


def _listing(fields: dict[str, tuple[Field, ...]]) -> str:
    """One line per kind: its reference fields, each group with the kind it names
    (`initiative: goals -> goal; owner, ... -> owner`)."""
    lines = []
    for kind, own in fields.items():
        groups = [f"{', '.join(f.name for f in own if f.ref == ref)} -> {ref}"
                  for ref in dict.fromkeys(f.ref for f in own)]
        if groups:
            lines.append(f"    {kind}: {'; '.join(groups)}")
    return "\n".join(lines)


EXPLANATION = lazy("""\
Every reference field must name an entity of the plan. A reference to an id
nobody has is usually a typo or an entity that was renamed or removed. The
hint suggests the closest existing id. The reference fields of each kind,
and the kind each names:

{fields}

Bad (there is no owner 'skolverk'):

    owner: skolverk

Good:

    owner: skolverket""", fields=_listing(_FIELDS))


_NOT_AN_ID = {"goal": N_("{field}: '{id}' is not the id of any goal"),
              "owner": N_("{field}: '{id}' is not the id of any owner"),
              "initiative": N_("{field}: '{id}' is not the id of any initiative")}
_NO_SUCH = {"goal": N_("no goal has this id"), "owner": N_("no owner has this id"),
            "initiative": N_("no initiative has this id")}


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    index: dict[str, Mapping[str, object]] = {"goal": plan.goals, "owner": plan.owners}
    ids: dict[str, list[str]] = {}
    hints: dict[tuple[str, str], str] = {}  # a fuzzy match once per wrong id: a hostile file repeats one
    for ref in ctx.refs.all:
        if ref.target in index[ref.expects] or plan.get(ref.target) is not None:
            continue
        hint = hints.get((ref.expects, ref.target))
        if hint is None:
            if ref.expects not in ids:
                ids[ref.expects] = list(index[ref.expects])
            # Past MAX_SUGGESTIONS wrong ids the plan is broken wholesale (or hostile): no more fuzzy
            # matching, whose cost grows with the plan, only the plain hint.
            candidates = ids[ref.expects] if len(hints) < MAX_SUGGESTIONS else []
            close = difflib.get_close_matches(ref.target, candidates, n=1, cutoff=0.6)
            hint = did_you_mean(close[0]) if close else lazy(_NO_SUCH[ref.expects])
            hints[(ref.expects, ref.target)] = hint
        yield ctx.diag(ID, SEVERITY, ref.source.doc, ref.path,
                       lazy(_NOT_AN_ID[ref.expects], field=ref.field, id=ref.target), hint=hint)
