"""Taking back a sheet that was exported and edited in a meeting.

sheet → semantic changes → round-trip edits. Each cell is read as the value it
means (a status label in either language, an owner's name or id, a date) and
compared with the plan, so untouched cells never produce a change however the
spreadsheet reformatted them. The edits are made by `planctl.edit` (ruamel
round trip: comments and style survive) and judged as one: if any row would
add an error to the plan, nothing is written, and each problem is named by the
sheet row and column it came from.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl.config import Config
from planctl.diagnostics import Diagnostic
from planctl.errors import UsageError
from planctl.export.csvfile import unneutralise
from planctl.export.table import Column, Context, find_column
from planctl.model import Initiative, Plan
from planctl.spec import CellError, cell_text

FORMATS = ("csv", "xlsx")
KIND = "initiatives"
_FIELD_IN_MESSAGE = re.compile(r"field '([a-z_]+)'")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(slots=True)
class Sheet:
    name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, cells)


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    header: str

    @property
    def where(self) -> str:
        return f"row {self.row}, column {column_letter(self.col)} ({self.header})"


@dataclass(slots=True)
class FieldChange:
    ident: str
    field: str
    old: Any
    new: Any
    cell: Cell


@dataclass(slots=True)
class NewInitiative:
    row: int
    fields: dict[str, Any]
    cells: dict[str, Cell]
    ident: str = ""


@dataclass(slots=True)
class ImportPlan:
    """What the sheet asks for, before anything is applied."""

    changes: list[FieldChange] = field(default_factory=list)
    new: list[NewInitiative] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.new


# -- reading sheets -----------------------------------------------------------------------

def read_sheet(fmt: str, path: Path) -> Sheet:
    if fmt not in FORMATS:
        raise UsageError(f"unknown sheet format {fmt!r} (expected {' or '.join(FORMATS)})")
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    return _read_xlsx(path) if fmt == "xlsx" else _read_csv(path)


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" without the UTF-8 option saves Windows-1252.
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise UsageError(f"{path}: the sheet is empty")
    body = [(n, [unneutralise(c) for c in cells]) for n, cells in enumerate(rows[1:], start=2)]
    return Sheet(path.name, [h.strip() for h in rows[0]], body)


def _read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook

    from planctl.export.labels import t

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise UsageError(f"{path}: not an XLSX workbook ({type(exc).__name__})") from None
    names = {t("initiatives", lang) for lang in ("sv", "en")}
    sheet = next((book[n] for n in book.sheetnames if n in names), book.worksheets[0])
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    if not rows:
        raise UsageError(f"{path}: the sheet is empty")
    body = [(n, [unneutralise(c) if isinstance(c, str) else c for c in cells])
            for n, cells in enumerate(rows[1:], start=2)]
    return Sheet(f"{path.name} [{sheet.title}]", [str(h or "").strip() for h in rows[0]], body)


# -- cells to values ----------------------------------------------------------------------

_text = cell_text


def cell_value(plan: Plan, col: Column, value: Any) -> Any:
    """What a cell means for the plan; raises CellError when it means nothing (the spec's
    codec of the column's field: the same that wrote it)."""
    if col.field is None:
        return _text(value) or None
    return col.field.from_cell(value, Context(plan))


def current_value(ini: Initiative, key: str) -> Any:
    value = getattr(ini, key)
    return list(value) if isinstance(value, list) else value


# -- the sheet as semantic changes ----------------------------------------------------------

def map_headers(sheet: Sheet) -> list[Column | None]:
    """The column each header names; unknown or repeated headers are usage errors."""
    columns: list[Column | None] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(sheet.headers):
        if not header:
            columns.append(None)
            continue
        col = find_column(KIND, header)
        where = f"{sheet.name}: column {column_letter(index)}"
        if col is None:
            raise UsageError(f"{where}: unknown header {header!r} (the headers of 'planctl export csv' "
                             "are read, in Swedish or English)")
        if col.key in seen:
            raise UsageError(f"{where}: {header!r} repeats column {column_letter(seen[col.key])}")
        seen[col.key] = index
        columns.append(col)
    if "id" not in seen:
        raise UsageError(f"{sheet.name}: no Id column; import matches rows to initiatives by id")
    return columns


def plan_import(plan: Plan, sheet: Sheet) -> ImportPlan:
    columns = map_headers(sheet)
    id_index = next(i for i, c in enumerate(columns) if c is not None and c.key == "id")
    result = ImportPlan()
    seen_ids: dict[str, int] = {}
    for number, cells in sheet.rows:
        cells = list(cells) + [None] * (len(columns) - len(cells))
        if all(_text(c) == "" for c in cells):
            continue
        ident = _text(cells[id_index])
        if ident:
            if ident not in plan.initiatives:
                raise UsageError(f"{sheet.name}: row {number}, column {column_letter(id_index)}: "
                                 f"no initiative has the id {ident!r} (leave the id empty for a new one)")
            if ident in seen_ids:
                raise UsageError(f"{sheet.name}: row {number}: {ident} is also on row {seen_ids[ident]}")
            seen_ids[ident] = number
        new = NewInitiative(number, {}, {}) if not ident else None
        for index, col in enumerate(columns):
            if col is None or not col.editable:
                continue
            cell = Cell(number, index, sheet.headers[index])
            try:
                value = cell_value(plan, col, cells[index])
            except CellError as exc:
                result.problems.append(f"{cell.where}: {exc}")
                continue
            if new is not None:
                if value not in (None, []):
                    new.fields[col.key] = value
                    new.cells[col.key] = cell
                continue
            old = current_value(plan.initiatives[ident], col.key)
            if col.key in ("title", "description", "comment") and old is not None:
                if " ".join(str(old).split()) == " ".join(str(value or "").split()):
                    continue
            if (old or None) != (value or None):
                result.changes.append(FieldChange(ident, col.key, old, value, cell))
        if new is not None:
            twin = _same_title(plan, new.fields.get("title"))
            if twin:
                # Importing the same sheet twice must not add its new rows twice.
                result.problems.append(f"{new.cells['title'].where}: {twin} has this title already; "
                                       f"write {twin} in the Id column to change it, or change the title")
            result.new.append(new)
    return result


def _same_title(plan: Plan, title: Any) -> str | None:
    if not title:
        return None
    wanted = " ".join(str(title).split()).casefold()
    for ini in plan.initiatives.values():
        if ini.title and " ".join(ini.title.split()).casefold() == wanted:
            return ini.id
    return None


# -- applying -----------------------------------------------------------------------------

def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def build_edit(config: Config, plan: Plan, wanted: ImportPlan) -> Any:
    """All the sheet's changes as one `planctl.edit` Edit; new initiatives get fresh ids in row order."""
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
        step = add_entity(config, current, "initiative", fields)
        new.ident = step.ident or ""
        edit.changes.extend(step.changes)
        current = plan_after(current, {c.path: (c.kind, c.text) for c in step.changes})
    n, m = len(by_ident), len(wanted.new)
    edit.summary = f"changed {n} initiative{'s' if n != 1 else ''}, added {m}"
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
            return f"row {change.cell.row}"
    for new in wanted.new:
        if new.ident and new.ident == problem.entity:
            cell = new.cells.get(field_name)
            return cell.where if cell else f"row {new.row}"
    return "the plan"


def describe(wanted: ImportPlan, lang: str = "en") -> list[str]:
    """The semantic changes, one line each, for the preview."""
    def show(key: str, value: Any) -> str:
        if value in (None, []):
            return "(empty)"
        if key in ("status", "horizon"):
            return f"{value}"
        return _as_text(value).replace(",", ", ") if isinstance(value, list) else _as_text(value)

    lines = []
    for c in wanted.changes:
        lines.append(f"{c.ident}  {c.field}: {show(c.field, c.old)} -> {show(c.field, c.new)}  [{c.cell.where}]")
    for new in wanted.new:
        title = new.fields.get("title", "")
        lines.append(f"{new.ident or 'new'}  new initiative {title!r}  [row {new.row}]")
        for key, value in new.fields.items():
            if key != "title":
                lines.append(f"    {key}: {show(key, value)}")
    return lines
