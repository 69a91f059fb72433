"""An XLSX workbook: one sheet per kind, with the same columns and labels as the CSV.

Cells hold typed values (dates are dates, links are hyperlinks), so filtering
and sorting work in Excel without anyone reformatting a column.

The same plan gives the same bytes: the workbook's created/modified
properties and the zip entries' times are fixed (to SOURCE_DATE_EPOCH when
set, as reproducible builds expect, else 1980-01-01, the zip format's
epoch), so an export kept in git changes only when the plan does.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
from typing import Any

from planctl import spec
from planctl.export.csvfile import neutralise
from planctl.export.table import Table

MIN_WIDTH, MAX_WIDTH = 8, 60
CELL_MAX = 32_767
"""Excel's limit on the characters in one cell; a longer text is cut (and marked) rather than
written into a workbook Excel then calls damaged."""
# XML 1.0 cannot hold these at all (openpyxl refuses them with IllegalCharacterError).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def cell_text(text: str) -> str:
    """Text as a workbook can hold it: a character XML cannot carry is written as its escape
    (`\\x1b`, as the terminal output shows it), and a text past Excel's cell limit is cut with `…`.
    The importer compares a cell with `cell_text` of the plan's value, so such a cell comes
    back as no change."""
    text = _NOT_XML.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                        else f"\\u{ord(m.group(0)):04x}", text)
    return text if len(text) <= CELL_MAX else text[: CELL_MAX - 1] + "…"


def _cell_value(table: Table, index: int, value: Any, raw: bool) -> Any:
    col = table.columns[index]
    if col.type == "date" or value is None:
        return value
    text = cell_text(col.text(value, table.lang))
    # openpyxl writes a string starting with "=" as a formula; never let data do that.
    return text if raw and not text.startswith("=") else neutralise(text)


def sheet_title(kind: str, lang: str) -> str:
    """The sheet of a kind (its folder's name) is headed by the kind's label: Insatser, Evenemang."""
    return spec.KIND[spec.FOLDERS[kind]].label(lang)


def render(tables: list[Table], *, raw: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook has
    stamp = fixed_time()
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = "planctl"
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.kind, table.lang))
        sheet.append(table.headers())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(h) for h in table.headers()]
        for r, values in enumerate(table.values, start=2):
            for c, value in enumerate(values):
                cell = sheet.cell(row=r, column=c + 1, value=_cell_value(table, c, value, raw))
                col = table.columns[c]
                if col.type == "date" and value is not None:
                    cell.number_format = "yyyy-mm-dd"
                    widths[c] = max(widths[c], 10)
                    continue
                if col.type in ("url", "links") and value:
                    target = value[0] if isinstance(value, list) else value
                    if str(target).startswith(("http://", "https://")) and cell_text(str(target)) == target:
                        cell.hyperlink = str(target)
                        cell.style = "Hyperlink"
                if col.type == "email" and value and cell_text(str(value)) == value:
                    cell.hyperlink = f"mailto:{value}"
                    cell.style = "Hyperlink"
                widths[c] = max(widths[c], len(str(cell.value or "")))
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(1, len(table.columns)))
        sheet.auto_filter.ref = f"A1:{last}{max(1, len(table.values) + 1)}"
    out = io.BytesIO()
    # Not `workbook.save`: openpyxl's save_workbook stamps `modified` with the clock, which made
    # two exports of one plan differ whenever they straddled a second.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return _with_fixed_times(out.getvalue(), stamp)


ZIP_EPOCH = _dt.datetime(1980, 1, 1)


def fixed_time() -> _dt.datetime:
    """SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), else the zip epoch."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if value.isdigit():
        stamp = _dt.datetime.fromtimestamp(int(value), _dt.UTC).replace(tzinfo=None, microsecond=0)
        if stamp >= ZIP_EPOCH:
            return stamp
    return ZIP_EPOCH


def _with_fixed_times(blob: bytes, stamp: _dt.datetime) -> bytes:
    """The same zip with every entry dated `stamp` (openpyxl dates them with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
