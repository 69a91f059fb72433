"""The one table model behind CSV, XLSX, Markdown tables and the site's list.

A `Column` says where a value comes from, what kind of value it is and what a
reader calls it in Swedish and English; a `Table` is the selected, filtered and
sorted rows of one kind. Renderers only decide how a cell looks in their format.
The columns come from the spec (`planctl.spec`): which fields a sheet shows, in
what order, under which labels, and how each cell is written and read back
(import reads the same columns). Rows are chosen with the `--where` language of
`planctl.filters`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planctl import spec
from planctl.errors import UsageError
from planctl.export.collate import sort_key
from planctl.export.labels import enum_label
from planctl.goaltree import PlanLookup, areas_of, goal_title, initiatives_serving, naming
from planctl.i18n import _
from planctl.model import Entity, Initiative, Owner, Plan
from planctl.spec import LIST_SEPARATOR, lang_index

if TYPE_CHECKING:
    from planctl.filters import Query

KINDS: tuple[str, ...] = tuple(k.folder for k in (spec.INITIATIVE, spec.GOAL, spec.OWNER, spec.EVENT, spec.NEED))
"""The sheets, in the order of a workbook: a table's kind is its folder's name."""


class Context(PlanLookup):
    """What a column needs besides the entity: the plan for references, the language, privacy."""

    def __init__(self, plan: Plan, lang: str = "sv", public: bool = False) -> None:
        super().__init__(plan)
        self.lang, self.public = lang, public


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    sv: str
    en: str
    get: Callable[[Any, Context], Any]
    # text, date, datetime, enum:<name>, list, links, url, email
    type: str = "text"
    editable: bool = False
    field: spec.Field | None = None
    """The spec's field the column shows (None: computed from the plan); import reads it back."""

    def label(self, lang: str) -> str:
        return (self.sv, self.en)[lang_index(lang)]

    def text(self, value: Any, lang: str) -> str:
        """The cell as a reader sees it in a text format."""
        if value is None:
            return ""
        if self.type.startswith("enum:"):
            return enum_label(self.type[5:], value, lang)
        if self.type == "datetime":  # 2026-03-10 13:00, as a spreadsheet reads a time (import takes T too)
            return spec.format_when(value).replace("T", " ", 1)
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            enum = self.field.enum if self.field is not None else None
            if enum is not None:  # a list of kinds, each by its label (import reads either back)
                return LIST_SEPARATOR.join(enum.label(v, lang) for v in value)
            return LIST_SEPARATOR.join(str(v) for v in value)
        return str(value)


# -- references, resolved for readers -------------------------------------------------------

def owner_name(plan: Plan, ident: str | None) -> str | None:
    if ident is None:
        return None
    owner = plan.owners.get(ident)
    return owner.label if owner else ident


def goal_line(plan: Plan, ident: str) -> str:
    title = goal_title(plan, ident)
    return f"{ident} {title}" if title else ident


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


# -- the columns, from the spec -------------------------------------------------------------

def _field_column(f: spec.Field) -> Column:
    attr = f.attribute
    if f.personal:
        def get(e: Any, c: Context) -> Any:
            return None if hide_contact(e, c) else getattr(e, attr)
    elif f.ref is None and not f.many:
        def get(e: Any, c: Context) -> Any:
            return getattr(e, attr)
    else:
        def get(e: Any, c: Context) -> Any:
            return f.to_cell(getattr(e, attr), c)
    return Column(f.name, f.sv, f.en, get, f.column_type, editable=f.editable, field=f)


def _inverse_column(kind: spec.Kind, source: spec.Field) -> Column:
    """Who refers to the row's entity through `source`, a field of `kind`."""
    inverse = source.inverse
    assert inverse is not None
    if source.ref == "goal":
        def get(e: Any, c: Context) -> Any:
            return initiatives_serving(c.plan, e)
    else:
        def get(e: Any, c: Context) -> Any:
            return naming(c.plan, e.id, source, kind.name)
    return Column(inverse.key, inverse.sv, inverse.en, get, "list")


_DERIVED: dict[tuple[str, str], Callable[[Any, Context], Any]] = {
    ("initiative", "focus_area"): lambda e, c: [goal_line(c.plan, a) for a in areas_of(e)],
    ("initiative", "next_milestone"): lambda e, c: next_milestone(e),
    ("goal", "kind"): lambda e, c: "focus-area" if e.is_focus_area else "sub-goal",
}
"""How each computed column of the spec is computed."""


def _columns(kind: spec.Kind) -> list[Column]:
    names = {f.name: f for f in kind.fields}
    derived = {d.key: d for d in kind.derived}
    inverse = {f.inverse.key: (k, f) for k, f in spec.inverses(kind.name) if f.inverse is not None}
    out = []
    for key in kind.columns:
        if key in names:
            out.append(_field_column(names[key]))
        elif key in derived:
            d = derived[key]
            out.append(Column(d.key, d.sv, d.en, _DERIVED[kind.name, d.key], d.type))
        else:
            out.append(_inverse_column(*inverse[key]))
    return out


COLUMNS: dict[str, list[Column]] = {k.folder: _columns(k) for k in spec.KIND.values()}
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {k.folder: k.default_columns for k in spec.KIND.values()}
ENUM_ORDER: dict[str, tuple[str, ...]] = {name: e.values for name, e in spec.ENUMS.items()}


def column(kind: str, key: str) -> Column:
    for col in COLUMNS[kind]:
        if col.key == key:
            return col
    raise KeyError(key)


def find_column(kind: str, header: str) -> Column | None:
    """The column a header names: its key or its label in either language, any case."""
    wanted = spec.fold(header)
    for col in COLUMNS[kind]:
        if wanted in (col.key.casefold(), col.sv.casefold(), col.en.casefold()):
            return col
    return None


def choose_columns(kind: str, names: str | None) -> list[Column]:
    if not names:
        return [column(kind, key) for key in DEFAULT_COLUMNS[kind]]
    chosen = []
    for name in (part.strip() for part in names.split(",")):
        if not name:
            continue
        col = find_column(kind, name)
        if col is None:
            known = ", ".join(c.key for c in COLUMNS[kind])
            raise UsageError(_("--columns: no column {name} for {kind} (columns: {known})").format(
                name=repr(name), kind=kind, known=known))
        chosen.append(col)
    if not chosen:
        raise UsageError(_("--columns: name at least one column"))
    return chosen


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
        return [[c.text(v, self.lang) for c, v in zip(self.columns, row, strict=True)] for row in self.values]


def _entities(plan: Plan, kind: str) -> list[Entity]:
    return list(plan.of(spec.FOLDERS[kind]).values())


def _value_key(col: Column, value: Any) -> tuple[Any, ...]:
    if value is None or value == [] or value == "":
        return (1,)
    if col.type.startswith("enum:"):
        order = ENUM_ORDER[col.type[5:]]
        return (0, order.index(value) if value in order else len(order), str(value))
    if col.type == "datetime":  # a day begins at midnight: it sorts before the day's meetings
        from planctl.eventtime import begins

        return (0, begins(value).timestamp())
    if isinstance(value, _dt.date):
        return (0, value.toordinal())
    if isinstance(value, list):
        return (0, tuple(sort_key(v) for v in value))
    return (0, sort_key(value))


def build_table(plan: Plan, kind: str = "initiatives", *, columns: list[Column] | None = None,
                where: Query | None = None, sort: str | None = None,
                lang: str = "sv", public: bool = False) -> Table:
    """Rows of one kind, filtered, then sorted by `sort` (Swedish order) with the id breaking ties."""
    if kind not in KINDS:
        raise UsageError(_("--kind must be one of {kinds}, not {kind}").format(kinds=", ".join(KINDS), kind=repr(kind)))
    ctx = Context(plan, lang, public)
    cols = columns or choose_columns(kind, None)
    if where and spec.KIND[where.kind].folder != kind:
        raise UsageError(_("--where names fields of {kinds}, not of {kind}").format(kinds=spec.KIND[where.kind].folder,
                                                                                    kind=kind))
    rows = where.select(plan) if where else _entities(plan, kind)
    rows.sort(key=lambda e: sort_key(e.id))
    if sort:
        sort_col = find_column(kind, sort)
        if sort_col is None:
            raise UsageError(_("--sort: no column {name} for {kind} (columns: {known})").format(
                name=repr(sort), kind=kind, known=", ".join(c.key for c in COLUMNS[kind])))

        rows.sort(key=lambda e: _value_key(sort_col, sort_col.get(e, ctx)))
    table = Table(kind, cols, rows, lang=lang)
    table.values = [[c.get(e, ctx) for c in cols] for e in rows]
    return table
