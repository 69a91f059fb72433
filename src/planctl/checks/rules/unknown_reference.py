"""X001: a reference to an id that no entity has."""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.model import Plan
from planctl.spec import KIND, Field, listed, references

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
    "The hint suggests the closest existing id.", 78) + """

Bad (there is no owner 'skolverk'):

    owner: skolverk

Good:

    owner: skolverket"""


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    ids: dict[str, list[str]] = {}
    hints: dict[tuple[str, str], str] = {}  # a fuzzy match once per wrong id: a hostile file repeats one
    for ref in ctx.refs.all:
        if ref.target in plan.of(ref.expects) or plan.get(ref.target) is not None:
            continue
        hint = hints.get((ref.expects, ref.target))
        if hint is None:
            if ref.expects not in ids:
                ids[ref.expects] = list(plan.of(ref.expects))
            # Past MAX_SUGGESTIONS wrong ids the plan is broken wholesale (or hostile): no more fuzzy
            # matching, whose cost grows with the plan, only the plain hint.
            candidates = ids[ref.expects] if len(hints) < MAX_SUGGESTIONS else []
            close = difflib.get_close_matches(ref.target, candidates, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"no {ref.expects} has this id"
            hints[(ref.expects, ref.target)] = hint
        yield ctx.diag(ID, SEVERITY, ref.source.doc, ref.path,
                       f"{ref.field}: '{ref.target}' is not the id of any {ref.expects}", hint=hint)
