"""The one `--where` language of `list`, `export`, `report` and the site.

`FIELD=VALUE`, repeatable: clauses on different fields must all hold, the same
field twice means either value. A field is named by its key (`horizon`, with
`-` for `_` if you like), the name of one of its items (`goal` for goals) or its
label in either language (`Tidshorisont`, `Ansvarig aktör`), in any case. A value is read the way a sheet
cell is read back (`planctl.spec.Field.read`): an enum by value or label in any
case (`status=Pågående`), an owner by id or name, a goal by id — where a focus
area also matches its sub-goals (`goal=FO2`).

A typo never silently matches nothing: an unknown field, an enum value that is
not one, an id no entity has, or a tag or title nothing carries is a usage
error (exit 2) with the closest match offered.
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from planctl import spec
from planctl.errors import UsageError
from planctl.goaltree import PlanLookup, areas_of, focus_area_of
from planctl.i18n import N_, _, shown
from planctl.model import Entity, Initiative, Plan
from planctl.spec import Field, fold

_NO_ID = {"goal": N_("{clause}: no goal has the id {text!r}"),
          "initiative": N_("{clause}: no initiative has the id {text!r}"),
          "owner": N_("{clause}: no owner has the id {text!r}"),
          "event": N_("{clause}: no event has the id {text!r}"),
          "need": N_("{clause}: no need has the id {text!r}")}
_NO_VALUE = {"goal": N_("{clause}: no goal has the {field} {text!r}"),
             "initiative": N_("{clause}: no initiative has the {field} {text!r}"),
             "owner": N_("{clause}: no owner has the {field} {text!r}"),
             "event": N_("{clause}: no event has the {field} {text!r}"),
             "need": N_("{clause}: no need has the {field} {text!r}")}
_NO_FIELD = {"goal": N_("--where: goals have no field '{name}'{hint} (fields: {fields})"),
             "initiative": N_("--where: initiatives have no field '{name}'{hint} (fields: {fields})"),
             "owner": N_("--where: owners have no field '{name}'{hint} (fields: {fields})"),
             "event": N_("--where: events have no field '{name}'{hint} (fields: {fields})"),
             "need": N_("--where: needs have no field '{name}'{hint} (fields: {fields})")}


@dataclass(frozen=True, slots=True)
class Subject:
    """What a clause tests: a field of the spec, or a column computed from one."""

    key: str
    field: Field
    get: Callable[[Any], Any]
    goal_tree: bool = False
    """Goal ids match through the tree: a focus area stands for its sub-goals too."""


def _subjects(kind: spec.Kind) -> dict[str, Subject]:
    subjects: dict[str, Subject] = {}
    for f in kind.fields:
        if f.structured:
            continue
        attr = f.attribute
        subjects[f.name] = Subject(f.name, f, operator.attrgetter(attr), goal_tree=f.ref == "goal" and f.many)
    derived = {d.key: d for d in kind.derived}
    if "focus_area" in derived:  # an initiative's goals, seen a level up
        d = derived["focus_area"]
        goals = next(f for f in kind.fields if f.ref == "goal")
        subjects[d.key] = Subject(d.key, goals._replace(name=d.key, sv=d.sv, en=d.en, alias="", required=False),
                                  areas_of)
    if "kind" in derived and kind is spec.GOAL:  # focus area or sub-goal, from the id
        d = derived["kind"]
        subjects[d.key] = Subject(d.key, Field(d.key, "enum", d.sv, d.en, "", "", enum=spec.GOAL_KIND),
                                  lambda e: "focus-area" if e.is_focus_area else "sub-goal")
    if kind is spec.GOAL:  # a focus area's id stands for its sub-goals too
        subjects["id"] = Subject("id", kind.field("id"), lambda e: [e.id, e.parent] if e.parent else [e.id])
    return subjects


_SUBJECTS: dict[str, dict[str, Subject]] = {}


def subjects(kind: str) -> dict[str, Subject]:
    if kind not in _SUBJECTS:
        _SUBJECTS[kind] = _subjects(spec.KIND[kind])
    return _SUBJECTS[kind]


def _names(subject: Subject) -> list[str]:
    f = subject.field
    return [subject.key, f.alias, fold(f.sv), fold(f.en)]


def find_subject(kind: str, name: str) -> Subject | None:
    wanted = fold(name).replace("-", "_")
    for subject in subjects(kind).values():
        if wanted in _names(subject) or fold(name) in _names(subject):
            return subject
    return None


def _did_you_mean(text: str, options: Iterable[str], *, ids: bool = False) -> str:
    """`; did you mean 'X'?` (`planctl.suggest`), or nothing; `ids`: the options are ids,
    so a well-formed numbered one is not matched by its digits."""
    from planctl.suggest import did_you_mean, id_hint

    found = id_hint(text, list(options)) if ids else did_you_mean(text, options)
    return "; " + shown(found) if found else ""


@dataclass(slots=True)
class Query:
    """Parsed `--where` clauses of one kind: fields and enum values checked, ids not yet
    (they need the plan: `select`)."""

    kind: str
    clauses: dict[str, tuple[Subject, list[str]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def select(self, plan: Plan, entities: Iterable[Entity] | None = None) -> list[Entity]:
        """The entities (default: one of each id of the kind) every clause holds for."""
        if entities is None:
            entities = plan.of(self.kind).values()
        chosen = list(entities)
        lookup = PlanLookup(plan)
        for subject, texts in self.clauses.values():
            tests = [_test(subject, self._value(subject, text, plan, lookup, chosen)) for text in texts]
            chosen = [e for e in chosen if any(test(e) for test in tests)]
        return chosen

    def _value(self, subject: Subject, text: str, plan: Plan, lookup: PlanLookup, pool: list[Entity]) -> Any:
        f, clause = subject.field, f"--where {subject.key}={text}"
        if f.type == "id":
            if text in lookup.ids(self.kind):
                return text
            raise UsageError(_(_NO_ID[self.kind]).format(clause=clause, text=text)
                             + _did_you_mean(text, lookup.ids(self.kind), ids=True))
        if f.ref is not None:
            try:
                value = f.read(text, lookup)
            except spec.CellError as exc:
                hint = _did_you_mean(text, lookup.ids(f.ref), ids=True) or _did_you_mean(
                    text, [label for i in lookup.ids(f.ref) if (label := lookup.label(f.ref, i))])
                raise UsageError(f"{clause}: {exc.text(_)}{hint}") from None
            if subject.key == "focus_area" and value != focus_area_of(value):
                raise UsageError(_("{clause}: {value} is a sub-goal; its focus area is {area} (or use goal={value})")
                                 .format(clause=clause, value=value, area=focus_area_of(value)))
            return value
        if f.enum is not None or f.type in ("date", "datetime"):
            return _parse_fixed(subject, text)
        # Free text: a value no entity of the kind carries is a typo, not an empty answer.
        every = {fold(v): v for e in plan.iter_kind(self.kind) for v in _items(subject.get(e)) if isinstance(v, str)}
        if fold(text) not in every:
            raise UsageError(_(_NO_VALUE[self.kind]).format(clause=clause, field=f.alias or f.name, text=text)
                             + _did_you_mean(text, every.values()))
        return fold(text)


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _parse_fixed(subject: Subject, text: str) -> Any:
    """An enum value or a date: checked without the plan."""
    f, clause = subject.field, f"--where {subject.key}={text}"
    if f.type == "date":
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            raise UsageError(_("{clause}: not a date (YYYY-MM-DD)").format(clause=clause)) from None
    if f.type == "datetime":  # an event's start=2026-03-10: the day, whatever the time of day
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            raise UsageError(_("{clause}: not a date (YYYY-MM-DD); an event matches the day it falls on")
                             .format(clause=clause)) from None
    assert f.enum is not None
    value = f.enum.parse(text)
    if value is None:
        close = f.enum.suggest(text)
        hint = _("; did you mean '{candidate}'?").format(candidate=close) if close else ""
        raise UsageError(_("{clause}: {text!r} is not a {name}{hint} (one of: {values})").format(
            clause=clause, text=text, name=f.enum.name, hint=hint, values=", ".join(f.enum.values)))
    return value


def _test(subject: Subject, wanted: Any) -> Callable[[Any], bool]:
    get, f = subject.get, subject.field
    if f.type == "datetime":
        from planctl.eventtime import day_of

        return lambda e: get(e) is not None and day_of(get(e)) == wanted
    if subject.goal_tree and "." not in wanted:
        return lambda e: any(focus_area_of(g) == wanted for g in get(e))
    if f.type in ("text", "string", "url", "email") and f.ref is None:
        return lambda e: any(isinstance(v, str) and fold(v) == wanted for v in _items(get(e)))
    if f.many or subject.key == "id":
        return lambda e: wanted in get(e) if isinstance(get(e), list) else get(e) == wanted
    return lambda e: get(e) == wanted


def parse(kind: str, clauses: Iterable[str]) -> Query:
    """`FIELD=VALUE` clauses of `kind` (goal, initiative, owner, event, need or their plurals)."""
    found = spec.kind_named(kind)
    if found is None:
        raise UsageError(_("unknown kind {kind!r} (expected goals, initiatives, owners, events or needs)")
                         .format(kind=kind))
    query = Query(found.name)
    for clause in clauses:
        name, sep, value = clause.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise UsageError(_("--where {clause!r}: expected FIELD=VALUE, e.g. status=ongoing").format(clause=clause))
        subject = find_subject(found.name, name)
        if subject is None:
            keys = list(subjects(found.name))
            hint = _did_you_mean(name, keys + [s.field.sv for s in subjects(found.name).values()])
            raise UsageError(_(_NO_FIELD[found.name]).format(name=name, hint=hint, fields=", ".join(keys)))
        if subject.field.enum is not None or subject.field.type in ("date", "datetime"):
            _parse_fixed(subject, value)  # a misspelt status fails before the plan is even loaded
        query.clauses.setdefault(subject.key, (subject, []))[1].append(value)
    return query


def restrict(plan: Plan, query: Query) -> Plan:
    """The plan with only the initiatives `query` selects (goals and owners kept): what the
    report and the site show for `--where`."""
    if not query:
        return plan
    if query.kind != "initiative":
        raise UsageError(_("--where here selects initiatives: name fields of an initiative"))
    from dataclasses import replace

    chosen = [e for e in query.select(plan) if isinstance(e, Initiative)]
    keep = {id(e) for e in chosen}
    return replace(plan, initiatives={e.id: e for e in chosen},
                   entities=[e for e in plan.entities if e.kind != "initiative" or id(e) in keep])
