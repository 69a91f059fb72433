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
import shutil
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
    if col.type in ("date", "count") or value is None:  # a count: a number to sum (planctl rollup)
        return value
    text = cell_text(col.text(value, table.lang))
    # openpyxl writes a string starting with "=" as a formula; never let data do that.
    return text if raw and not text.startswith("=") else neutralise(text)


def sheet_title(kind: str, lang: str) -> str:
    """The sheet of a kind (its folder's name) is headed by the kind's label: Insatser, Evenemang;
    any other table (planctl rollup's) by its own name."""
    return spec.KIND[spec.FOLDERS[kind]].label(lang) if kind in spec.FOLDERS else kind[:31]


def _link(col_type: str, value: Any) -> str | None:
    """The hyperlink a cell of this column and value gets (None: plain text)."""
    if not value:
        return None
    if col_type in ("url", "links"):
        target = str(value[0] if isinstance(value, list) else value)
        if target.startswith(("http://", "https://")) and cell_text(target) == target:
            return target
    elif col_type == "email" and cell_text(str(value)) == value:
        return f"mailto:{value}"
    return None


def _rows(table: Table, raw: bool) -> tuple[list[list[Any]], list[int], dict[tuple[int, int], str]]:
    """Each row's cell values, each column's width in characters (before the margin), and the
    hyperlinks by (row, column) index. The widths must be known before the first row is
    written: a streamed sheet puts them ahead of its rows."""
    widths = [len(h) for h in table.headers()]
    links: dict[tuple[int, int], str] = {}
    rows: list[list[Any]] = []
    kinds = [c.type for c in table.columns]
    for r, values in enumerate(table.values):
        row = []
        for c, value in enumerate(values):
            cell = _cell_value(table, c, value, raw)
            row.append(cell)
            if kinds[c] in ("date", "count"):
                if value is not None:
                    widths[c] = max(widths[c], 10 if kinds[c] == "date" else len(str(value)))
                    continue
            elif kinds[c] in _LINKED:
                target = _link(kinds[c], value)
                if target is not None:
                    links[r, c] = target
            if cell is not None and len(cell) > widths[c]:
                widths[c] = len(cell)
        rows.append(row)
    return rows, widths, links


_LINKED = ("url", "links", "email")


def render(tables: list[Table], *, raw: bool = False) -> bytes:
    """The workbook's bytes, written with openpyxl's streaming (write-only) sheets: a cell
    object is made only for a cell with a style (the header, a date, a link), where the
    ordinary workbook made and kept one for each of the 10,000 x 12 cells, which took most
    of an export. What Excel shows is the same: bold frozen header, filter, widths, dates,
    links (`tests/test_export_xlsx.py`)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    stamp = fixed_time()
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = "planctl"
    bold = Font(bold=True)
    for table in tables:
        sheet: Any = workbook.create_sheet(sheet_title(table.kind, table.lang))
        rows, widths, links = _rows(table, raw)
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(1, len(table.columns)))
        extent = f"A1:{last}{max(1, len(table.values) + 1)}"
        sheet.auto_filter.ref = extent
        # The <dimension> an ordinary sheet writes ahead of its rows (a streamed one does not know
        # it then; this one does): readers that size a sheet from it keep doing so.
        sheet.calculate_dimension = lambda extent=extent: extent
        header = []
        for text in table.headers():
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        dates = [c for c, col in enumerate(table.columns) if col.type == "date"]
        for r, row in enumerate(rows):
            for c in dates:
                if row[c] is not None:
                    cell = WriteOnlyCell(sheet, value=row[c])
                    cell.number_format = "yyyy-mm-dd"
                    row[c] = cell
            for c in range(len(row)):
                target = links.get((r, c))
                if target is not None:
                    cell = WriteOnlyCell(sheet, value=row[c])
                    cell.hyperlink = target
                    cell.style = "Hyperlink"
                    row[c] = cell
            sheet.append(row)
    out = io.BytesIO()
    # Not `workbook.save`: openpyxl's save_workbook stamps `modified` with the clock, which made
    # two exports of one plan differ whenever they straddled a second; and every entry of the
    # archive is dated `stamp` as it is written (`_FixedTimes`), not with the clock.
    with _FixedTimes(out, stamp) as archive:
        ExcelWriter(workbook, archive).save()
    return out.getvalue()


ZIP_EPOCH = _dt.datetime(1980, 1, 1)


def fixed_time() -> _dt.datetime:
    """SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), else the zip epoch."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if value.isdigit():
        stamp = _dt.datetime.fromtimestamp(int(value), _dt.UTC).replace(tzinfo=None, microsecond=0)
        if stamp >= ZIP_EPOCH:
            return stamp
    return ZIP_EPOCH


class _FixedTimes(zipfile.ZipFile):
    """A zip archive every entry of which is dated `stamp`, whatever the clock or a temporary
    file's time says (openpyxl adds each sheet from a temporary file)."""

    def __init__(self, file: io.BytesIO, stamp: _dt.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._stamp = stamp.timetuple()[:6]

    def _info(self, name: str, mode: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = mode << 16
        info.create_system = 3
        return info

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._info(name, 0o600), data)  # the mode `writestr` gives a name

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        info = self._info(str(arcname or filename), 0o100600)  # a temporary file's, as `write` records it
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)
