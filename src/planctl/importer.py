"""Taking back a sheet that was exported and edited in a meeting.

sheet → semantic changes → round-trip edits. A sheet holds one kind: initiatives, or
(from `export csv --kind events|needs`) events or needs, as its headers tell; a row
without an id is a new entity, which gets the next free id. Each cell is read as the value it
means (a status label in either language, an owner's name or id, a date) and
compared with the plan, so untouched cells never produce a change however the
spreadsheet reformatted them. The edits are made by `planctl.edit` (ruamel
round trip: comments and style survive) and judged as one: if any row would
add an error to the plan, nothing is written, and each problem is named by the
sheet row and column it came from.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planctl import spec
from planctl.config import Config
from planctl.diagnostics import Diagnostic
from planctl.errors import UsageError
from planctl.export.table import Column, Context, find_column
from planctl.i18n import _, kinds, shown
from planctl.model import Entity, Plan
from planctl.render import printable
from planctl.sheetread import FORMATS, Sheet, column_letter, read_sheet
from planctl.spec import CellError, cell_text

if TYPE_CHECKING:
    from planctl.edit.ops import Edit

__all__ = ["FORMATS", "Sheet", "build_edit", "column_letter", "describe", "locate", "plan_import", "read_sheet"]
KINDS: tuple[str, ...] = tuple(k.folder for k in spec.KIND.values() if k.serial)
"""The sheets import takes back (initiatives first): kinds whose new rows get the next free id."""
_FIELD_IN_MESSAGE = re.compile(r"field '([a-z_]+)'")


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    header: str

    @property
    def where(self) -> str:
        return _("row {row}, column {column} ({header})").format(row=self.row, column=column_letter(self.col),
                                                                  header=self.header)


@dataclass(slots=True)
class FieldChange:
    ident: str
    field: str
    old: Any
    new: Any
    cell: Cell
    lost: str = ""  # characters the sheet's encoding lost, applied with --accept-lost-characters


@dataclass(slots=True)
class NewEntity:
    row: int
    fields: dict[str, Any]
    cells: dict[str, Cell]
    ident: str = ""


@dataclass(slots=True)
class ImportPlan:
    """What the sheet asks for, before anything is applied."""

    changes: list[FieldChange] = field(default_factory=list)
    new: list[NewEntity] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    kind: str = "initiatives"
    """The sheet's kind, by its folder's name."""

    @property
    def empty(self) -> bool:
        return not self.changes and not self.new


# -- cells to values ----------------------------------------------------------------------

_text = cell_text


def cell_value(plan: Plan, col: Column, value: Any) -> Any:
    """What a cell means for the plan; raises CellError when it means nothing (the spec's
    codec of the column's field: the same that wrote it)."""
    if col.field is None:
        return _text(value) or None
    return col.field.from_cell(value, Context(plan))


def current_value(entity: Entity, col: Column) -> Any:
    value = getattr(entity, col.field.attribute if col.field is not None else col.key)
    return list(value) if isinstance(value, list) else value


# -- the sheet as semantic changes ----------------------------------------------------------

def sheet_kind(sheet: Sheet) -> str:
    """The kind (folder) whose columns every header names: initiatives when they do, else events
    or needs; a sheet no kind fits is read as initiatives (and its unknown header named)."""
    headers = [h for h in sheet.headers if h]
    for kind in KINDS:
        if all(find_column(kind, h) is not None for h in headers):
            return kind
    return KINDS[0]


def map_headers(sheet: Sheet, kind: str = KINDS[0]) -> list[Column | None]:
    """The column each header names; unknown or repeated headers are usage errors."""
    columns: list[Column | None] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(sheet.headers):
        if not header:
            columns.append(None)
            continue
        col = find_column(kind, header)
        where = _("{sheet}: column {column}").format(sheet=sheet.name, column=column_letter(index))
        if col is None:
            raise UsageError(_("{where}: unknown header {header} (the headers of 'planctl export csv' "
                               "are read, in Swedish or English)").format(where=where, header=repr(header)))
        if col.key in seen:
            raise UsageError(_("{where}: {header} repeats column {column}").format(
                where=where, header=repr(header), column=column_letter(seen[col.key])))
        seen[col.key] = index
        columns.append(col)
    if "id" not in seen:
        raise UsageError(_("{sheet}: no Id column; import matches rows to {kinds} by id").format(
            sheet=sheet.name, kinds=shown(kinds(spec.FOLDERS.get(kind, kind)))))
    return columns


REPLACEMENT = "\ufffd"


def lost_characters(old: Any, new: Any, codec: str | None) -> str:
    """The characters of `old` that may have been lost on the way to `new`: those `codec` (a
    legacy encoding) cannot hold, when `new` has a `?` that may stand for them (what Excel
    writes for each such character), or, in any sheet, every non-ASCII character of `old` when
    `new` has a U+FFFD REPLACEMENT CHARACTER that `old` has not (a program on the way could
    not read them). "" when nothing can have been lost."""
    old_text, new_text = _as_text(old), _as_text(new)
    if REPLACEMENT in new_text and REPLACEMENT not in old_text:
        return "".join(ch for ch in dict.fromkeys(old_text) if not ch.isascii()) or REPLACEMENT
    if codec is None or "?" not in new_text:
        return ""
    lost = ""
    for ch in dict.fromkeys(old_text):
        try:
            ch.encode(codec)
        except UnicodeEncodeError:
            lost += ch
    return lost


def _lost_problem(cell: Cell, lost: str, sheet: Sheet, value: Any) -> str:
    names = ", ".join(f"{ch!r} ({unicodedata.name(ch, f'U+{ord(ch):04X}')})" for ch in lost[:5])
    if REPLACEMENT in _as_text(value):
        why = _("a U+FFFD REPLACEMENT CHARACTER stands where the plan has {names}: a program on the "
                "sheet's way could not read them").format(names=names)
    else:
        why = _("a '?' may stand for {names}, which the plan has here and {encoding} cannot hold").format(
            names=names, encoding=sheet.encoding)
    return _("{where}: {problem}; not applied: save the sheet as 'CSV UTF-8' and import that, or pass "
             "--accept-lost-characters to write the cell as it is").format(where=cell.where, problem=why)


def _same_text(old: Any, value: Any) -> bool:
    """Equal but for how a spreadsheet reflows white space, or how the export had to write it."""
    from planctl.export.xlsx import cell_text as in_workbook

    left, right = " ".join(str(old).split()), " ".join(str(value or "").split())
    return left == right or " ".join(in_workbook(str(old)).split()) == right


def plan_import(plan: Plan, sheet: Sheet, *, accept_lost: bool = False) -> ImportPlan:
    """The sheet's changes; `accept_lost` applies cells whose '?' may stand for lost characters."""
    kind = sheet_kind(sheet)
    noun = spec.KIND[spec.FOLDERS[kind]].name
    entities = plan.of(noun)
    columns = map_headers(sheet, kind)
    id_index = next(i for i, c in enumerate(columns) if c is not None and c.key == "id")
    result = ImportPlan(kind=kind)
    result.problems.extend(sheet.problems)
    seen_ids: dict[str, int] = {}
    for number, cells in sheet.rows:
        cells = list(cells) + [None] * (len(columns) - len(cells))
        if all(_text(c) == "" for c in cells):
            continue
        ident = _text(cells[id_index])
        if ident:
            if ident not in entities:
                raise UsageError(_("{sheet}: row {row}, column {column}: {problem} (leave the id empty for a new "
                                   "one)").format(sheet=sheet.name, row=number, column=column_letter(id_index),
                                                  problem=_(spec.NO_SUCH_ID[noun]).format(id=ident)))
            if ident in seen_ids:
                raise UsageError(_("{sheet}: row {row}: {id} is also on row {other}").format(
                    sheet=sheet.name, row=number, id=ident, other=seen_ids[ident]))
            seen_ids[ident] = number
        new = NewEntity(number, {}, {}) if not ident else None
        for index, col in enumerate(columns):
            if col is None or not col.editable:
                continue
            cell = Cell(number, index, sheet.headers[index])
            try:
                value = cell_value(plan, col, cells[index])
            except CellError as exc:
                result.problems.append(f"{cell.where}: {exc.text(_)}")
                continue
            if new is not None:
                if value not in (None, []):
                    new.fields[col.key] = value
                    new.cells[col.key] = cell
                continue
            old = current_value(entities[ident], col)
            if col.key in ("title", "description", "comment") and old is not None and _same_text(old, value):
                continue
            if (old or None) != (value or None):
                lost = lost_characters(old, value, sheet.legacy)
                if lost and not accept_lost:
                    result.problems.append(_lost_problem(cell, lost, sheet, value))
                    continue
                result.changes.append(FieldChange(ident, col.key, old, value, cell, lost))
        if new is not None:
            twin = _same_title(entities.values(), new.fields.get("title"))
            if twin:
                # Importing the same sheet twice must not add its new rows twice.
                result.problems.append(_("{where}: {id} has this title already; write {id} in the Id column to "
                                         "change it, or change the title").format(where=new.cells["title"].where,
                                                                                  id=twin))
            result.new.append(new)
    return result


def _same_title(entities: Iterable[Entity], title: Any) -> str | None:
    if not title:
        return None
    wanted = " ".join(str(title).split()).casefold()
    for entity in entities:
        label = getattr(entity, "title", None)
        if isinstance(label, str) and " ".join(label.split()).casefold() == wanted:
            return entity.id
    return None


# -- applying -----------------------------------------------------------------------------

def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, _dt.datetime):
        return spec.format_when(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def build_edit(config: Config, plan: Plan, wanted: ImportPlan) -> Edit:
    """All the sheet's changes as one `planctl.edit` Edit; new rows get fresh ids in row order."""
    from planctl.edit.guard import plan_after
    from planctl.edit.ops import Assignment, Edit, add_entity, set_fields

    edit = Edit(summary="")
    by_ident: dict[str, list[FieldChange]] = {}
    for change in wanted.changes:
        by_ident.setdefault(change.ident, []).append(change)
    for ident, changes in by_ident.items():
        # Lists go as items, never joined: a link may hold a comma.
        step = set_fields(config, plan, ident, [Assignment(c.field, "=", tuple(c.new) if isinstance(c.new, list)
                                                           else _as_text(c.new)) for c in changes])
        edit.changes.extend(step.changes)
    current = plan
    for new in wanted.new:
        fields = {k: (v if isinstance(v, list) else _as_text(v)) for k, v in new.fields.items()}
        step = add_entity(config, current, spec.FOLDERS[wanted.kind], fields)
        new.ident = step.ident or ""
        edit.changes.extend(step.changes)
        current = plan_after(current, {c.path: (c.kind, c.text) for c in step.changes})
    n, m = len(by_ident), len(wanted.new)
    from planctl.diffreport import counted

    noun = spec.FOLDERS[wanted.kind]
    edit.summary = _("changed {entities}, added {n}").format(entities=counted(n, noun), n=m)
    return edit


def locate(problem: Diagnostic, wanted: ImportPlan) -> str:
    """The sheet cell a check problem comes from: by entity id, then by field."""
    field_name = problem.json_path[2:].split(".", 1)[0].split("[", 1)[0] if problem.json_path != "$" else ""
    named = _FIELD_IN_MESSAGE.search(problem.message)
    if not field_name and named:  # "missing required field 'title'" sits on the whole mapping
        field_name = named.group(1)
    for change in wanted.changes:
        if change.ident == problem.entity and change.field == field_name:
            return change.cell.where
    for change in wanted.changes:
        if change.ident == problem.entity:
            return _("row {row}").format(row=change.cell.row)
    for new in wanted.new:
        if new.ident and new.ident == problem.entity:
            cell = new.cells.get(field_name)
            return cell.where if cell else _("row {row}").format(row=new.row)
    return _("the plan")


def describe(wanted: ImportPlan, lang: str = "en") -> list[str]:
    """The semantic changes, one line each, for the preview."""
    def show(key: str, value: Any) -> str:
        if value in (None, []):
            return _("(empty)")
        if key in ("status", "horizon"):
            return f"{value}"
        return _as_text(value).replace(",", ", ") if isinstance(value, list) else _as_text(value)

    from planctl.i18n import kind_noun

    lines = []
    for c in wanted.changes:
        lost = "  " + _("(loses {characters}: --accept-lost-characters)").format(characters=repr(c.lost)) \
            if c.lost else ""
        lines.append(f"{c.ident}  {c.field}: {show(c.field, c.old)} -> {show(c.field, c.new)}  [{c.cell.where}]{lost}")
    for new in wanted.new:
        title = new.fields.get("title", "")
        lines.append(_("{id}  new {kind} {title}  [row {row}]").format(
            id=new.ident or _("new"), kind=kind_noun(spec.FOLDERS[wanted.kind]), title=repr(title), row=new.row))

        for key, value in new.fields.items():
            if key != "title":
                lines.append(f"    {key}: {show(key, value)}")
    # Plan text and sheet text reach a terminal: escape what could repaint it or forge a line.
    return [printable(line) for line in lines]
