"""X001: a reference to an id that no entity has."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.federation.names import split as namespaced
from planctl.i18n import N_, lazy
from planctl.model import Plan
from planctl.spec import KIND, Field, references
from planctl.suggest import id_hint

ID = "X001"
NAME = "unknown-reference"
SEVERITY = Severity.ERROR
TYPE = "plan"
INCREMENTAL = "references"
CONF: dict[str, object] = {}
MAX_SUGGESTIONS = 1000
_FIELDS = {k.name: references(k.name) for k in sorted(KIND.values(), key=lambda k: k.name != "initiative")}
SUMMARY = N_("A reference field names an id that no goal, initiative, owner, event or need has.")


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
hint suggests an id the field can hold: the closest one to a misspelt id,
the sub-goals of the focus area a sub-goal's id names; never a number merely
close to the one given (FO9.9 is no typo of FO2.9). The reference fields of
each kind, and the kind each names:

{fields}

Bad (there is no owner 'skolverk'):

    owner: skolverk

Good:

    owner: skolverket""", fields=_listing(_FIELDS))


_NOT_AN_ID = {"goal": N_("{field}: '{id}' is not the id of any goal"),
              "owner": N_("{field}: '{id}' is not the id of any owner"),
              "initiative": N_("{field}: '{id}' is not the id of any initiative"),
              "event": N_("{field}: '{id}' is not the id of any event"),
              "need": N_("{field}: '{id}' is not the id of any need")}
_NO_SUCH = {"goal": N_("no goal has this id"), "owner": N_("no owner has this id"),
            "initiative": N_("no initiative has this id"), "event": N_("no event has this id"),
            "need": N_("no need has this id")}


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    ids: dict[tuple[str, str], list[str]] = {}
    hints: dict[tuple[str, str, str], str | None] = {}  # once per wrong id: a hostile file repeats one
    judge = None
    for ref in ctx.refs.all:
        if ref.target in plan.of(ref.expects) or plan.get(ref.target) is not None:
            continue
        upstream_id = namespaced(ref.target)
        if upstream_id is not None:  # nat:FO1.2: the upstream plan's to say (planctl.federation)
            if judge is None:
                from planctl.federation.refcheck import Judge

                judge = Judge(plan)
            found = judge.unknown(ref, *upstream_id)
            if found is not None:
                yield ctx.diag(ID, SEVERITY, ref.source.doc, ref.path, found[0], hint=found[1])
            continue
        key = (ref.source.kind, ref.field, ref.target)
        if key not in hints:
            # Past MAX_SUGGESTIONS wrong ids the plan is broken wholesale (or hostile): no more
            # matching, whose cost grows with the plan, only the plain hint.
            hints[key] = id_hint(ref.target, _holdable(ids, plan, *key[:2])) if len(hints) < MAX_SUGGESTIONS \
                else None
        hint = hints[key]
        if hint is not None and f"'{ref.source.id}'" in hint:  # never the entity itself (its own parent)
            hint = id_hint(ref.target, [i for i in _holdable(ids, plan, *key[:2]) if i != ref.source.id])
        yield ctx.diag(ID, SEVERITY, ref.source.doc, ref.path,
                       lazy(_NOT_AN_ID[ref.expects], field=ref.field, id=ref.target),
                       hint=hint or lazy(_NO_SUCH[ref.expects]))


def _holdable(cache: dict[tuple[str, str], list[str]], plan: Plan, kind: str, name: str) -> list[str]:
    """The ids the field may name (a sub-goal for `goals`, a focus area for a goal's `parent`):
    a suggestion the checks would refuse again is no help."""
    if (kind, name) not in cache:
        f = KIND[kind].field(name)
        cache[(kind, name)] = [i for i in plan.of(f.ref or "") if f.may_name(i)]
    return cache[(kind, name)]
