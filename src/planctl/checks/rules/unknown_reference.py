"""X001: a reference to an id that no entity has."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.model import Plan
from planctl.spec import KIND, Field, listed, references
from planctl.suggest import id_hint

ID = "X001"
NAME = "unknown-reference"
SEVERITY = Severity.ERROR
TYPE = "plan"
CONF: dict[str, object] = {}
MAX_SUGGESTIONS = 1000
_FIELDS = {k.name: references(k.name) for k in sorted(KIND.values(), key=lambda k: k.name != "initiative")}
SUMMARY = ("A reference (to a " + listed(sorted({f.ref or "" for fs in _FIELDS.values() for f in fs}), "or")
           + ") names an id that does not exist.")


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _naming(fields: tuple[Field, ...]) -> str:
    """One phrase per kind referred to, e.g. "`goals` names goals"."""
    phrases = []
    for ref in dict.fromkeys(f.ref for f in fields):
        names = [f"`{f.name}`" for f in fields if f.ref == ref]
        phrases.append(f"{_and(names)} name{'s' if len(names) == 1 else ''} {ref}s")
    return "; ".join(phrases)


EXPLANATION = textwrap.fill("Every reference field must name an entity of the plan: " + "; ".join(
    f"{'an' if k[0] in 'aeiou' else 'a'} {k}'s {_naming(fs)}" for k, fs in _FIELDS.items() if fs)
    + ". A reference to an id nobody has is usually a typo or an entity that was renamed or removed. "
    "The hint suggests an id the field can hold: the closest one to a misspelt id, the sub-goals of the "
    "focus area a sub-goal's id names; never a number merely close to the one given (FO9.9 is no typo of "
    "FO2.9).", 78) + """

Bad (there is no owner 'skolverk'):

    owner: skolverk

Good:

    owner: skolverket"""


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    ids: dict[tuple[str, str], list[str]] = {}
    hints: dict[tuple[str, str, str], str | None] = {}  # once per wrong id: a hostile file repeats one
    for ref in ctx.refs.all:
        if ref.target in plan.of(ref.expects) or plan.get(ref.target) is not None:
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
                       f"{ref.field}: '{ref.target}' is not the id of any {ref.expects}",
                       hint=hint or f"no {ref.expects} has this id")


def _holdable(cache: dict[tuple[str, str], list[str]], plan: Plan, kind: str, name: str) -> list[str]:
    """The ids the field may name (a sub-goal for `goals`, a focus area for a goal's `parent`):
    a suggestion the checks would refuse again is no help."""
    if (kind, name) not in cache:
        f = KIND[kind].field(name)
        cache[(kind, name)] = [i for i in plan.of(f.ref or "") if f.may_name(i)]
    return cache[(kind, name)]
