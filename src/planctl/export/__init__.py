"""Exports of the plan for meetings and the public: CSV, XLSX, JSON, Markdown, a static site.

Every tabular format (CSV, XLSX, Markdown tables, the site's filter table) is
built from the one table model in `table.py`, so a column's definition and its
Swedish and English labels live in exactly one place.
"""

from __future__ import annotations

from planctl.errors import UsageError
from planctl.model import Plan


def require_clean(plan: Plan) -> None:
    """An export of a plan that does not load cleanly would publish broken data."""
    from planctl.diagnostics import Severity, sort_diagnostics

    errors = [d for d in sort_diagnostics(plan.diagnostics) if d.severity >= Severity.ERROR]
    if errors:
        first = errors[0]
        from planctl.i18n import _, ngettext, shown

        more = len(errors) - 1
        problem = f"{first.location}: {first.code} {shown(first.message)}"
        if more:
            raise PlanHasErrors(ngettext("the plan has errors; fix them first (planctl validate): {problem} (and {n} "
                                         "more)", "the plan has errors; fix them first (planctl validate): {problem} "
                                         "(and {n} more)", more).format(problem=problem, n=more))
        raise PlanHasErrors(_("the plan has errors; fix them first (planctl validate): {problem}").format(
            problem=problem))



class PlanHasErrors(UsageError):
    """Raised instead of exporting a plan whose files fail to load or validate."""

    exit_code = 1
