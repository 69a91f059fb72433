"""The whole plan as one JSON document, references resolved, keys in a fixed order.

The shape is described by `schema/export.schema.json` (shipped in the package),
so a website or another tool can rely on it. Keys are written in insertion
order and lists sorted by id, so the same plan always gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from planctl import spec
from planctl.export.collate import sort_key
from planctl.goaltree import areas_of, goal_title, initiatives_serving, naming, sub_goals
from planctl.model import STATUSES, Entity, Goal, Initiative, Plan

EXPORT_SCHEMA = "export.schema.json"
FORMAT = "planctl-export"
VERSION = 1


def _ref(plan: Plan, kind: str, ident: str | None) -> dict[str, Any] | None:
    """A reference resolved: the id and the title or name of what it names (null if nothing)."""
    if ident is None:
        return None
    label = spec.KIND[kind].fields[1].name  # title, or an owner's name
    if kind == "goal":  # also a namespaced goal of the upstream plan (nat:FO1.2)
        return {"id": ident, label: goal_title(plan, ident)}
    entity = plan.of(kind).get(ident)
    return {"id": ident, label: getattr(entity, label) if entity else None}


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _when(value: Any) -> str | None:
    """A date as a date; a date-time in RFC 3339, with the offset it has in Sweden when the
    file gives none, so a reader of the JSON needs to know nothing of the plan's time zone."""
    if value is None or not isinstance(value, _dt.datetime):
        return _date(value)
    from planctl.eventtime import aware

    return aware(value).isoformat()


def _sorted(items: Any) -> list[Any]:
    return sorted(items, key=lambda e: sort_key(e.id))


def _fields(plan: Plan, kind: spec.Kind, entity: Entity, lang: str) -> dict[str, Any]:
    """The entity's fields in file order, references resolved, dates as ISO text; a status
    also gives its label, a list of goals the focus areas they belong to."""
    out: dict[str, Any] = {}
    for f in kind.fields:
        value = getattr(entity, f.attribute)
        if f.ref is not None:
            out[f.name] = [_ref(plan, f.ref, v) for v in value] if f.many else _ref(plan, f.ref, value)
        elif f.structured:
            out[f.name] = [{"title": m.title, "due": _date(m.due), "done": m.done} for m in value]
        elif f.type == "date":
            out[f.name] = _date(value)
        elif f.type == "datetime":
            out[f.name] = _when(value)
        else:
            out[f.name] = list(value) if f.many else value
        if f.enum is spec.STATUS:
            out[f"{f.name}_label"] = f.enum.label(value, lang) or None
        if f.ref == "goal" and f.many and isinstance(entity, Initiative):
            out["focus_areas"] = [_ref(plan, "goal", a) for a in areas_of(entity)]
    return out


def _inverses(plan: Plan, kind: spec.Kind, entity: Entity) -> dict[str, list[str]]:
    """Who refers to the entity, by role: what an owner acts on, decides on, takes part in."""
    out = {}
    for source, f in spec.inverses(kind.name):
        assert f.inverse is not None
        out[f.inverse.json] = (initiatives_serving(plan, entity) if isinstance(entity, Goal)
                               else naming(plan, entity.id, f, source.name))
    return out


def build(plan: Plan, *, name: str = "", lang: str = "sv", public: bool = False) -> dict[str, Any]:
    every_goal = _sorted(plan.goals.values())
    goals = []
    for goal in every_goal:
        goals.append({"id": goal.id, "kind": "focus-area" if goal.is_focus_area else "sub-goal",
                      **_fields(plan, spec.GOAL, goal, lang),
                      "sub_goals": [g.id for g in sub_goals(plan, goal)],
                      **_inverses(plan, spec.GOAL, goal)})
    initiatives = [_fields(plan, spec.INITIATIVE, ini, lang) for ini in _sorted(plan.initiatives.values())]
    owners = []
    for owner in _sorted(plan.owners.values()):
        entry = {**_fields(plan, spec.OWNER, owner, lang), **_inverses(plan, spec.OWNER, owner)}
        if public and owner.kind_of == "person":
            for f in spec.OWNER.fields:
                if f.personal:
                    del entry[f.name]
        owners.append(entry)
    events = [_fields(plan, spec.EVENT, event, lang) for event in _sorted(plan.events.values())]
    needs = [{**_fields(plan, spec.NEED, need, lang), **_inverses(plan, spec.NEED, need)}
             for need in _sorted(plan.needs.values())]
    counts = {s: sum(1 for i in plan.initiatives.values() if i.status == s) for s in STATUSES}
    return {
        "$schema": EXPORT_SCHEMA,
        "format": FORMAT,
        "version": VERSION,
        "plan": {"name": name, "language": lang, "public": public},
        "counts": {"goals": len(goals), "initiatives": len(initiatives), "owners": len(owners),
                   "events": len(events), "needs": len(needs), "initiatives_by_status": counts},
        "goals": goals,
        "initiatives": initiatives,
        "owners": owners,
        "events": events,
        "needs": needs,
    }


def render(document: dict[str, Any]) -> str:
    """The text of `json.dumps(document, ensure_ascii=False, indent=2)` and a newline, made in
    about 0.6 of its time: with `indent` set, the standard library drops its C encoder for a
    generator per value, which was most of a 10,000-initiative export. Strings still go
    through the C escaper; `tests/test_export_json.py` holds the two to the same text."""
    return _text(document, "") + "\n"


def _text(value: Any, pad: str) -> str:
    kind = type(value)
    if kind is str:
        return _escape(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + "  "
        return ("{\n" + inner + (",\n" + inner).join([_key(k) + ": " + _text(v, inner) for k, v in value.items()])
                + "\n" + pad + "}")
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[\n" + inner + (",\n" + inner).join([_text(v, inner) for v in value]) + "\n" + pad + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):  # a subclass (an enum's value)
        return _escape(value)
    if isinstance(value, dict):
        return _text(dict(value), pad)
    if isinstance(value, (list, tuple)):
        return _text(list(value), pad)
    return json.dumps(value)  # a number


def _key(key: Any) -> str:
    return _escape(key) if type(key) is str else json.dumps({key: 0}, ensure_ascii=False)[1:-4]


_escape = json.encoder.encode_basestring  # the C escaper where there is one, as json.dumps uses


def load_export_schema() -> dict[str, Any]:
    from planctl.schemas import load_schema

    return load_schema(EXPORT_SCHEMA)
