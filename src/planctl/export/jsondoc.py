"""The whole plan as one JSON document, references resolved, keys in a fixed order.

The shape is described by `schema/export.schema.json` (shipped in the package),
so a website or another tool can rely on it. Keys are written in insertion
order and lists sorted by id, so the same plan always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from planctl.export.collate import sort_key
from planctl.export.labels import enum_label
from planctl.export.table import focus_area_of, initiatives_of, initiatives_serving
from planctl.model import STATUSES, Plan

EXPORT_SCHEMA = "export.schema.json"
FORMAT = "planctl-export"
VERSION = 1


def _ref_owner(plan: Plan, ident: str | None) -> dict[str, Any] | None:
    if ident is None:
        return None
    owner = plan.owners.get(ident)
    return {"id": ident, "name": owner.name if owner else None}


def _ref_goal(plan: Plan, ident: str | None) -> dict[str, Any] | None:
    if ident is None:
        return None
    goal = plan.goals.get(ident)
    return {"id": ident, "title": goal.title if goal else None}


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _sorted(items: Any) -> list[Any]:
    return sorted(items, key=lambda e: sort_key(e.id))


def build(plan: Plan, *, name: str = "", lang: str = "sv", public: bool = False) -> dict[str, Any]:
    goals = []
    for goal in _sorted(plan.goals.values()):
        goals.append({
            "id": goal.id,
            "kind": "focus-area" if goal.is_focus_area else "sub-goal",
            "title": goal.title,
            "description": goal.description,
            "parent": _ref_goal(plan, goal.parent),
            "sub_goals": [g.id for g in _sorted(plan.goals.values()) if g.parent == goal.id],
            "indicators": list(goal.indicators),
            "initiatives": initiatives_serving(plan, goal),
        })
    initiatives = []
    for ini in _sorted(plan.initiatives.values()):
        areas = []
        for goal_id in ini.goals:
            if focus_area_of(goal_id) not in areas:
                areas.append(focus_area_of(goal_id))
        initiatives.append({
            "id": ini.id,
            "title": ini.title,
            "description": ini.description,
            "status": ini.status,
            "status_label": enum_label("status", ini.status, lang) or None,
            "horizon": ini.horizon,
            "goals": [_ref_goal(plan, g) for g in ini.goals],
            "focus_areas": [_ref_goal(plan, a) for a in areas],
            "owner": _ref_owner(plan, ini.owner),
            "decided_by": _ref_owner(plan, ini.decided_by),
            "participants": [_ref_owner(plan, p) for p in ini.participants],
            "start": _date(ini.start),
            "end": _date(ini.end),
            "milestones": [{"title": m.title, "due": _date(m.due), "done": m.done} for m in ini.milestones],
            "links": list(ini.links),
            "tags": list(ini.tags),
            "comment": ini.comment,
        })
    owners = []
    for owner in _sorted(plan.owners.values()):
        entry: dict[str, Any] = {
            "id": owner.id,
            "name": owner.name,
            "kind": owner.kind_of,
            "parent": _ref_owner(plan, owner.parent),
            "url": owner.url,
            "email": owner.email,
            "acts_on": initiatives_of(plan, owner.id, "owner"),
            "decides_on": initiatives_of(plan, owner.id, "decided_by"),
            "takes_part_in": initiatives_of(plan, owner.id, "participant"),
        }
        if public and owner.kind_of == "person":
            del entry["email"]
        owners.append(entry)
    counts = {s: sum(1 for i in plan.initiatives.values() if i.status == s) for s in STATUSES}
    return {
        "$schema": EXPORT_SCHEMA,
        "format": FORMAT,
        "version": VERSION,
        "plan": {"name": name, "language": lang, "public": public},
        "counts": {"goals": len(goals), "initiatives": len(initiatives), "owners": len(owners),
                   "initiatives_by_status": counts},
        "goals": goals,
        "initiatives": initiatives,
        "owners": owners,
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def load_export_schema() -> dict[str, Any]:
    from planctl.schemas import load_schema

    return load_schema(EXPORT_SCHEMA)
