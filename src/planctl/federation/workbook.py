"""rollup.xlsx written directly as SpreadsheetML: two sheets of text and counts.

The roll-up is a scheduled job that runs again whenever one member pushes, and its
sheets hold only text and whole numbers (no date, no link, no formula), so they do
not need openpyxl: importing it and streaming 300 rows through it was a third of a
warm roll-up (the issue's goal is ≤ 2 x one member's check). What Excel shows is what
the exports' workbooks show (`planctl.export.xlsx`, whose helpers decide each cell):
a bold header row, frozen, with a filter; widths from the longest cell; counts as
numbers Excel can sum; text neutralised so no cell is ever a formula. The same
tables give the same bytes: every time in the file is `fixed_time()`.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from planctl.export.csvfile import neutralise
from planctl.export.xlsx import MAX_WIDTH, MIN_WIDTH, cell_text, fixed_time, sheet_title

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def escape(text: str) -> str:
    """Text as XML character data or a double-quoted attribute's value (xml.sax.saxutils cost
    more to import than the whole workbook to write)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def column_letter(index: int) -> str:
    """A, B, … Z, AA for the 1-based column `index`."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cells(table: Any) -> tuple[list[list[str | int | None]], list[int]]:
    """Each row's cells (a count as an int, anything else as neutralised text) and each
    column's width in characters, before the margin."""
    kinds = [c.type for c in table.columns]
    widths = [len(h) for h in table.headers()]
    rows: list[list[str | int | None]] = []
    for values in table.values:
        row: list[str | int | None] = []
        for c, value in enumerate(values):
            if value is None:
                row.append(None)
                continue
            if kinds[c] == "count" and isinstance(value, int) and not isinstance(value, bool):
                row.append(value)
                widths[c] = max(widths[c], len(str(value)))
                continue
            text = neutralise(cell_text(table.columns[c].text(value, table.lang)))
            row.append(text or None)
            widths[c] = max(widths[c], len(text))
        rows.append(row)
    return rows, widths


def _text_cell(ref: str, text: str, style: str = "") -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _sheet(table: Any) -> tuple[str, str]:
    """(the worksheet's XML, the extent of its filter)."""
    rows, widths = _cells(table)
    last = column_letter(max(1, len(table.columns)))
    extent = f"A1:{last}{max(1, len(rows) + 1)}"
    out = [_HEAD, f'<worksheet xmlns="{_MAIN}">', f'<dimension ref="{extent}"/>',
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
           'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
           '<sheetFormatPr defaultRowHeight="15"/>', "<cols>"]
    for c, width in enumerate(widths, start=1):
        out.append(f'<col min="{c}" max="{c}" width="{max(MIN_WIDTH, min(MAX_WIDTH, width + 2))}" customWidth="1"/>')
    out += ["</cols>", "<sheetData>", '<row r="1">']
    out += [_text_cell(f"{column_letter(c)}1", cell_text(h), ' s="1"') for c, h in enumerate(table.headers(), 1)]
    out.append("</row>")
    for r, row in enumerate(rows, start=2):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            ref = f"{column_letter(c)}{r}"
            out.append(f'<c r="{ref}"><v>{value}</v></c>' if isinstance(value, int) else _text_cell(ref, value))
        out.append("</row>")
    out += ["</sheetData>", f'<autoFilter ref="{extent}"/>', "</worksheet>"]
    return "".join(out), extent


_STYLES = (f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill>'
           '<fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
           "</styleSheet>")


def render(tables: list[Any]) -> bytes:
    """The workbook of `tables` (`planctl.export.table.Table`s of text and count columns)."""
    stamp = fixed_time()
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    names = [sheet_title(t.kind, t.lang) for t in tables]
    sheets = [_sheet(t) for t in tables]
    n = len(tables)
    files = {
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
                      for i in range(1, n + 1))
            + '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"),
        "docProps/core.xml": (
            f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>planctl</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'),
        "docProps/app.xml": (
            f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>planctl</Application></Properties>"),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
            "<sheets>" + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                                 for i, name in enumerate(names, 1)) + "</sheets>"
            "<definedNames>" + "".join(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                f"{escape(_absolute(name, extent))}</definedName>"
                for i, (name, (_, extent)) in enumerate(zip(names, sheets, strict=True)))
            + "</definedNames></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": _STYLES,
        **{f"xl/worksheets/sheet{i}.xml": xml for i, (xml, _) in enumerate(sheets, 1)},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 3
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def _absolute(sheet: str, extent: str) -> str:
    """'Sheet'!$A$1:$K$21: a defined name's reference to a sheet's range."""
    first, last = extent.split(":")

    def cell(ref: str) -> str:
        split = next(i for i, ch in enumerate(ref) if ch.isdigit())
        return f"${ref[:split]}${ref[split:]}"

    return "'{}'!{}:{}".format(sheet.replace("'", "''"), cell(first), cell(last))
