"""Judging a member plan's namespaced references (`nat:FO1.2`) against its upstream.

X001 (`checks/rules/unknown_reference.py`) asks here about every reference whose id
carries a namespace; X007 (`checks/rules/upstream_renamed.py`) about the ones the
upstream renamed. The upstream is read once per check, and only when some reference
is namespaced: a member plan that names no national goal never touches git.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planctl.federation import names
from planctl.i18n import lazy

if TYPE_CHECKING:
    from planctl.checks.references import Reference
    from planctl.federation.upstream import UpstreamPlan
    from planctl.model import Plan

_UNSET = object()


@dataclass(slots=True)
class Judge:
    """One check run's view of the upstream, read on first use."""

    plan: Plan
    _upstream: object = field(default=_UNSET)
    _holdable: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    @property
    def upstream(self) -> UpstreamPlan | None:
        if self._upstream is _UNSET:
            from planctl.federation.upstream import for_plan

            self._upstream = for_plan(self.plan)
        return self._upstream  # type: ignore[return-value]

    def unknown(self, ref: Reference, namespace: str, ident: str) -> tuple[str, str] | None:
        """(message, hint) when the namespaced reference names nothing; None when it resolves."""
        up = self.upstream
        if up is None:
            return (lazy("{field}: '{id}' names the upstream namespace '{namespace}', but planctl.toml has no "
                         "[upstream]", field=ref.field, id=ref.target, namespace=namespace),
                    lazy("declare the upstream plan with 'planctl init --upstream URL' or an [upstream] table"))
        if namespace != up.spec.namespace:
            return (lazy("{field}: '{id}': the upstream plan's namespace is '{expected}', not '{namespace}'",
                         field=ref.field, id=ref.target, expected=up.spec.namespace, namespace=namespace),
                    lazy("did you mean '{candidate}'?", candidate=names.join(up.spec.namespace, ident)))
        if up.has(ref.expects, ident) and self._may_name(ref, ident):
            return None
        prefix = names.join(up.spec.namespace, "")
        if self.renamed_before(ref, ident) is not None:
            return None  # X007's: renamed upstream before the pin, and fixable
        from planctl.suggest import LISTED, id_hint

        holdable = self.holdable(ref)
        hint = id_hint(ident, holdable, prefix)
        if hint is None and holdable:
            from planctl.export.collate import sort_key

            shown = sorted(holdable, key=sort_key)
            listed = ", ".join(prefix + i for i in shown[:LISTED]) + (", …" if len(shown) > LISTED else "")
            hint = lazy("the upstream plan's ids here are {ids}", ids=listed)
        return (lazy("{field}: '{id}' is not the id of any goal of the upstream plan", field=ref.field,
                     id=ref.target),
                hint or lazy("the upstream plan has no goal to name here"))

    def holdable(self, ref: Reference) -> list[str]:
        """The upstream ids this field may name (sub-goals for an initiative's goals)."""
        key = (ref.source.kind, ref.field)
        if key not in self._holdable:
            up = self.upstream
            self._holdable[key] = [i for i in (up.ids(ref.expects) if up else []) if self._may_name(ref, i)]
        return self._holdable[key]

    def _may_name(self, ref: Reference, ident: str) -> bool:
        from planctl.spec import KIND

        return KIND[ref.source.kind].field(ref.field).may_name(ident)

    def renamed_before(self, ref: Reference, ident: str) -> str | None:
        """The id at the pin that the upstream renamed `ident` to before it (None: it did not)."""
        up = self.upstream
        if up is None or up.has(ref.expects, ident):
            return None
        renamed = up.renamed_before.get(ident)
        return renamed if renamed is not None and up.has(ref.expects, renamed) else None

    def renamed_since(self, ident: str) -> str | None:
        """The id the upstream renamed `ident` to after the pinned revision, if it did."""
        up = self.upstream
        return up.renames.get(ident) if up is not None else None


def namespaced(ident: str) -> tuple[str, str] | None:
    return names.split(ident)
