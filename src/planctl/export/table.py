"""The one table model behind CSV, XLSX, Markdown tables and the site's list.

A `Column` says where a value comes from, what kind of value it is and what a
reader calls it in Swedish and English; a `Table` is the selected, filtered and
sorted rows of one kind. Renderers only decide how a cell looks in their format.
Import reads the same columns back, which is why `editable` lives here too.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Callable

from planctl.errors import UsageError
from planctl.export.collate import sort_key
from planctl.export.labels import enum_label, enum_value, lang_index
from planctl.model import STATUSES, HORIZONS, OWNER_KINDS, Entity, Goal, Initiative, Owner, Plan

KINDS = ("initiatives", "goals", "owners")
LIST_SEPARATOR = "; "


@dataclass(slots=True)
class Context:
    """What a column needs besides the entity: the plan for references, the language, privacy."""

    plan: Plan
    lang: str = "sv"
    public: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    sv: str
    en: str
    get: Callable[[Any, Context], Any]
    # text, date, enum:<name>, list, links, url, email
    type: str = "text"
    editable: bool = False

    def label(self, lang: str) -> str:
        return (self.sv, self.en)[lang_index(lang)]

    def text(self, value: Any, lang: str) -> str:
        """The cell as a reader sees it in a text format."""
        if value is None:
            return ""
        if self.type.startswith("enum:"):
            return enum_label(self.type[5:], value, lang)
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return LIST_SEPARATOR.join(str(v) for v in value)
        return str(value)


# -- references, resolved for readers -------------------------------------------------------

def owner_name(plan: Plan, ident: str | None) -> str | None:
    if ident is None:
        return None
    owner = plan.owners.get(ident)
    return owner.label if owner else ident


def goal_line(plan: Plan, ident: str) -> str:
    goal = plan.goals.get(ident)
    return f"{ident} {goal.title}" if goal and goal.title else ident


def focus_area_of(goal_id: str) -> str:
    return goal_id.split(".", 1)[0]


def focus_areas(plan: Plan, initiative: Initiative) -> list[str]:
    seen: list[str] = []
    for goal_id in initiative.goals:
        area = focus_area_of(goal_id)
        if area not in seen:
            seen.append(area)
    return [goal_line(plan, a) for a in seen]


def next_milestone(initiative: Initiative) -> str | None:
    open_ones = [m for m in initiative.milestones if not m.done]
    if not open_ones:
        return None
    first = min(open_ones, key=lambda m: (m.due is None, m.due or _dt.date.max))
    title = first.title or ""
    return f"{title} ({first.due.isoformat()})" if first.due else title


def hide_contact(owner: Owner, ctx: Context) -> bool:
    """Contact data of a person is personal data: left out of public exports."""
    return ctx.public and owner.kind_of == "person"


def initiatives_of(plan: Plan, owner_id: str, role: str) -> list[str]:
    found = []
    for ini in plan.initiatives.values():
        if (role == "owner" and ini.owner == owner_id) or (role == "decided_by" and ini.decided_by == owner_id) \
                or (role == "participant" and owner_id in ini.participants):
            found.append(ini.id)
    return sorted(found, key=sort_key)


def initiatives_serving(plan: Plan, goal: Goal) -> list[str]:
    found = [i.id for i in plan.initiatives.values()
             if goal.id in i.goals or (goal.is_focus_area and any(focus_area_of(g) == goal.id for g in i.goals))]
    return sorted(found, key=sort_key)


# -- the columns ----------------------------------------------------------------------------

_C = Column
COLUMNS: dict[str, list[Column]] = {
    "initiatives": [
        _C("id", "Id", "Id", lambda e, c: e.id),
        _C("title", "Rubrik", "Title", lambda e, c: e.title, editable=True),
        _C("description", "Beskrivning", "Description", lambda e, c: e.description, editable=True),
        _C("status", "Status", "Status", lambda e, c: e.status, "enum:status", editable=True),
        _C("horizon", "Tidshorisont", "Horizon", lambda e, c: e.horizon, "enum:horizon", editable=True),
        _C("owner", "Ansvarig aktör", "Owner", lambda e, c: owner_name(c.plan, e.owner), editable=True),
        _C("decided_by", "Beslutas av", "Decided by", lambda e, c: owner_name(c.plan, e.decided_by), editable=True),
        _C("focus_area", "Fokusområde", "Focus area", lambda e, c: focus_areas(c.plan, e), "list"),
        _C("goals", "Delmål", "Goals", lambda e, c: [goal_line(c.plan, g) for g in e.goals], "list", editable=True),
        _C("participants", "Deltagare", "Participants",
           lambda e, c: [owner_name(c.plan, p) for p in e.participants], "list", editable=True),
        _C("start", "Start", "Start", lambda e, c: e.start, "date", editable=True),
        _C("end", "Slut", "End", lambda e, c: e.end, "date", editable=True),
        _C("next_milestone", "Nästa delleverans", "Next milestone", lambda e, c: next_milestone(e)),
        _C("tags", "Etiketter", "Tags", lambda e, c: list(e.tags), "list", editable=True),
        _C("links", "Länkar", "Links", lambda e, c: list(e.links), "links", editable=True),
        _C("comment", "Kommentar", "Comment", lambda e, c: e.comment, editable=True),
    ],
    "goals": [
        _C("id", "Id", "Id", lambda e, c: e.id),
        _C("title", "Rubrik", "Title", lambda e, c: e.title),
        _C("kind", "Typ", "Kind", lambda e, c: "focus-area" if e.is_focus_area else "sub-goal", "enum:goal_kind"),
        _C("parent", "Fokusområde", "Focus area",
           lambda e, c: goal_line(c.plan, e.parent) if e.parent else None),
        _C("description", "Beskrivning", "Description", lambda e, c: e.description),
        _C("indicators", "Indikatorer", "Indicators", lambda e, c: list(e.indicators), "list"),
        _C("initiatives", "Insatser", "Initiatives", lambda e, c: initiatives_serving(c.plan, e), "list"),
    ],
    "owners": [
        _C("id", "Id", "Id", lambda e, c: e.id),
        _C("name", "Namn", "Name", lambda e, c: e.name),
        _C("kind", "Typ", "Kind", lambda e, c: e.kind_of, "enum:owner_kind"),
        _C("parent", "Hör till", "Part of", lambda e, c: owner_name(c.plan, e.parent)),
        _C("url", "Webbplats", "Website", lambda e, c: e.url, "url"),
        _C("email", "E-post", "Email", lambda e, c: None if hide_contact(e, c) else e.email, "email"),
        _C("initiatives", "Genomför", "Acts on", lambda e, c: initiatives_of(c.plan, e.id, "owner"), "list"),
        _C("decides", "Beslutar om", "Decides on", lambda e, c: initiatives_of(c.plan, e.id, "decided_by"), "list"),
        _C("participates", "Deltar i", "Takes part in",
           lambda e, c: initiatives_of(c.plan, e.id, "participant"), "list"),
    ],
}

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "initiatives": ("id", "title", "status", "horizon", "owner", "decided_by", "focus_area", "goals",
                    "participants", "start", "end", "next_milestone"),
    "goals": ("id", "title", "kind", "parent", "initiatives"),
    "owners": ("id", "name", "kind", "parent", "url", "email", "initiatives", "decides", "participates"),
}

ENUM_ORDER = {"status": STATUSES, "horizon": HORIZONS, "owner_kind": OWNER_KINDS,
              "goal_kind": ("focus-area", "sub-goal")}


def column(kind: str, key: str) -> Column:
    for col in COLUMNS[kind]:
        if col.key == key:
            return col
    raise KeyError(key)


def find_column(kind: str, header: str) -> Column | None:
    """The column a header names: its key or its label in either language, any case."""
    wanted = " ".join(header.split()).casefold()
    for col in COLUMNS[kind]:
        if wanted in (col.key.casefold(), col.sv.casefold(), col.en.casefold()):
            return col
    return None


def choose_columns(kind: str, spec: str | None) -> list[Column]:
    if not spec:
        return [column(kind, key) for key in DEFAULT_COLUMNS[kind]]
    chosen = []
    for name in (part.strip() for part in spec.split(",")):
        if not name:
            continue
        col = find_column(kind, name)
        if col is None:
            known = ", ".join(c.key for c in COLUMNS[kind])
            raise UsageError(f"--columns: no column {name!r} for {kind} (columns: {known})")
        chosen.append(col)
    if not chosen:
        raise UsageError("--columns: name at least one column")
    return chosen


# -- filters --------------------------------------------------------------------------------

def _goal_match(ini: Initiative, wanted: str) -> bool:
    return any(g == wanted or ("." not in wanted and focus_area_of(g) == wanted) for g in ini.goals)


def _enum(enum: str, value: str) -> str:
    return enum_value(enum, value) or value


FILTERS: dict[str, dict[str, Callable[[Any, str], bool]]] = {
    "initiatives": {
        "status": lambda e, v: e.status == _enum("status", v),
        "horizon": lambda e, v: e.horizon == _enum("horizon", v),
        "owner": lambda e, v: e.owner == v,
        "decided_by": lambda e, v: e.decided_by == v,
        "participant": lambda e, v: v in e.participants,
        "goal": _goal_match,
        "tag": lambda e, v: v in e.tags,
        "id": lambda e, v: e.id == v,
    },
    "goals": {
        "id": lambda e, v: e.id == v or e.parent == v,
        "parent": lambda e, v: e.parent == v,
        "kind": lambda e, v: ("focus-area" if e.is_focus_area else "sub-goal") == _enum("goal_kind", v),
    },
    "owners": {
        "id": lambda e, v: e.id == v,
        "kind": lambda e, v: e.kind_of == _enum("owner_kind", v),
        "parent": lambda e, v: e.parent == v,
    },
}


def parse_where(kind: str, clauses: list[str]) -> dict[str, list[str]]:
    """`FIELD=VALUE` clauses; the same field twice means either value."""
    wanted: dict[str, list[str]] = {}
    for clause in clauses:
        name, sep, value = clause.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name or not value.strip():
            raise UsageError(f"--where {clause!r}: expected FIELD=VALUE, e.g. status=ongoing")
        if name not in FILTERS[kind]:
            raise UsageError(f"--where: no field {name!r} for {kind} (fields: {', '.join(FILTERS[kind])})")
        wanted.setdefault(name, []).append(value.strip())
    return wanted


# -- the table ------------------------------------------------------------------------------

@dataclass(slots=True)
class Table:
    kind: str
    columns: list[Column]
    entities: list[Entity]
    values: list[list[Any]] = field(default_factory=list)
    lang: str = "sv"

    def headers(self) -> list[str]:
        return [c.label(self.lang) for c in self.columns]

    def text_rows(self) -> list[list[str]]:
        return [[c.text(v, self.lang) for c, v in zip(self.columns, row)] for row in self.values]


def _entities(plan: Plan, kind: str) -> list[Entity]:
    return list({"initiatives": plan.initiatives, "goals": plan.goals, "owners": plan.owners}[kind].values())


def _value_key(col: Column, value: Any) -> tuple[Any, ...]:
    if value is None or value == [] or value == "":
        return (1,)
    if col.type.startswith("enum:"):
        order = ENUM_ORDER[col.type[5:]]
        return (0, order.index(value) if value in order else len(order), str(value))
    if isinstance(value, _dt.date):
        return (0, value.toordinal())
    if isinstance(value, list):
        return (0, tuple(sort_key(v) for v in value))
    return (0, sort_key(value))


def build_table(plan: Plan, kind: str = "initiatives", *, columns: list[Column] | None = None,
                where: dict[str, list[str]] | None = None, sort: str | None = None,
                lang: str = "sv", public: bool = False) -> Table:
    """Rows of one kind, filtered, then sorted by `sort` (Swedish order) with the id breaking ties."""
    if kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    ctx = Context(plan, lang, public)
    cols = columns or choose_columns(kind, None)
    rows = _entities(plan, kind)
    for name, values in (where or {}).items():
        test = FILTERS[kind][name]
        rows = [e for e in rows if any(test(e, v) for v in values)]
    rows.sort(key=lambda e: sort_key(e.id))
    if sort:
        sort_col = find_column(kind, sort)
        if sort_col is None:
            raise UsageError(f"--sort: no column {sort!r} for {kind} (columns: "
                             f"{', '.join(c.key for c in COLUMNS[kind])})")
        rows.sort(key=lambda e: _value_key(sort_col, sort_col.get(e, ctx)))
    table = Table(kind, cols, rows, lang=lang)
    table.values = [[c.get(e, ctx) for c in cols] for e in rows]
    return table
