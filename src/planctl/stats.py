"""Counts that describe a plan at a glance (the `make run` summary)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from planctl.model import STATUSES, Plan


def plan_summary(plan: Plan) -> dict[str, Any]:
    goals = list(plan.goals.values())
    focus = sum(1 for g in goals if g.is_focus_area)
    statuses = Counter(i.status for i in plan.initiatives.values())
    kinds = Counter(o.kind_of for o in plan.owners.values())
    return {
        "files": plan.files_checked,
        "goals": {"total": len(goals), "focus_areas": focus, "sub_goals": len(goals) - focus},
        "initiatives": {
            "total": len(plan.initiatives),
            "by_status": {s: statuses.get(s, 0) for s in STATUSES},
        },
        "owners": {"total": len(plan.owners), "by_kind": dict(sorted((k or "?", n) for k, n in kinds.items()))},
        "events": {"total": len(plan.events)},
        "needs": {"total": len(plan.needs),
                  "answered": len({n for i in plan.initiatives.values() for n in i.needs if n in plan.needs})},
    }


def format_summary(data: dict[str, Any]) -> str:
    from planctl.i18n import _
    from planctl.render import printable

    lines = [printable(str(data.get("name") or _("Plan"))), ""]  # planctl.toml's text, not ours
    g, i, o = data["goals"], data["initiatives"], data["owners"]
    areas = _("({areas} focus areas, {subs} sub-goals)").format(areas=g["focus_areas"], subs=g["sub_goals"])
    lines.append(f"  {_('goals'):<13}{g['total']:>5}  {areas}")
    lines.append(f"  {_('initiatives'):<13}{i['total']:>5}")
    lines.append(f"  {_('owners'):<13}{o['total']:>5}")
    lines.append(f"  {_('events'):<13}{data['events']['total']:>5}")
    answered = _("({n} answered by an initiative)").format(n=data["needs"]["answered"])
    lines.append(f"  {_('needs'):<13}{data['needs']['total']:>5}  {answered}")
    lines += ["", _("Initiatives by status")]
    lines += [f"  {status:<15}{n:>5}" for status, n in i["by_status"].items()]
    lines += ["", _("Owners by kind")]

    lines += [f"  {kind:<17}{n:>3}" for kind, n in o["by_kind"].items()]
    return "\n".join(lines) + "\n"
