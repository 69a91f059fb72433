"""Reading a sheet someone sends back, whatever it holds: CSV in any encoding Excel
writes, or an XLSX workbook that may be hostile.

A sheet comes from outside the plan (a meeting, an e-mail), so it is read with
bounds, the way browsers and Apache POI read untrusted zips: the file's size,
the inflated size and ratio of every zip member, the rows and columns any cell
can lie at, and the length of one cell are all checked before openpyxl sees the
file; every XML part is scanned first and refused if it declares a DTD or an
entity (what defusedxml refuses: external entities can read files, internal
ones can expand without end). openpyxl parses with defusedxml or lxml when one
is installed and with the standard library's ElementTree otherwise, which
fails on an entity with an unlocated internal ParseError; the scan makes the
choice of parser irrelevant, and adds no dependency. Formulas are never evaluated and their cached
results never trusted: a formula cell is a problem to fix in the sheet.

Cell problems (a formula, an error value, a cell too long, a row whose cells do
not line up with the header) are collected in `Sheet.problems`, each with its
row and column, so an import names all of them and writes nothing; a sheet that
cannot be read at all raises `UsageError` naming the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl.errors import UsageError
from planctl.i18n import _
from planctl.render import printable

FORMATS = ("csv", "xlsx")
MAX_SHEET_BYTES = 64 * 1024 * 1024
"""Far above a 10,000-initiative export (about 5 MB as CSV, 2 MB as XLSX)."""
MAX_CELL = 32_767
"""Excel's own limit on one cell: no sheet Excel wrote holds a longer one."""
MAX_ROWS = 100_000
MAX_COLUMNS = 256
MAX_INFLATED = 256 * 1024 * 1024
"""All members of an XLSX together, inflated."""
MAX_RATIO = 100
RATIO_GRACE = 1024 * 1024
"""Apache POI's rule: a member over 1 MiB that inflates more than 100 times is a zip bomb."""
MAX_MEMBERS = 1_000

ENCODINGS = {"cp1252": "Windows-1252", "ascii": "ASCII"}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 1, AA → 27, XFD → 16384."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


@dataclass(slots=True)
class Sheet:
    name: str  # shown in every message: the file name (escaped), with the encoding or the sheet's title
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, cells)
    encoding: str = "UTF-8"
    legacy: str | None = None
    """The Python codec of a legacy encoding (cp1252, or ascii for a sheet that is plain ASCII):
    a '?' in such a sheet may stand for a character the encoding could not hold."""
    problems: list[str] = field(default_factory=list)


def where(row: int, col: int, headers: list[str]) -> str:
    header = headers[col] if col < len(headers) else ""
    if header:
        return _("row {row}, column {column} ({header})").format(row=row, column=column_letter(col), header=header)
    return _("row {row}, column {column}").format(row=row, column=column_letter(col))


def read_sheet(fmt: str, path: Path) -> Sheet:
    if fmt not in FORMATS:
        raise UsageError(_("unknown sheet format {format} (expected {formats})").format(
            format=repr(fmt), formats=_(" or ").join(FORMATS)))
    shown = printable(str(path))
    if not path.is_file():
        raise UsageError(_("no such file: {path}").format(path=shown))
    size = path.stat().st_size
    if size > MAX_SHEET_BYTES:
        raise UsageError(_("{path}: {size} bytes; a sheet is read up to {limit} MiB").format(
            path=shown, size=f"{size:,}", limit=MAX_SHEET_BYTES // 2**20))
    _refuse_other_format(fmt, path, shown)
    return _read_xlsx(path, shown) if fmt == "xlsx" else _read_csv(path, shown)


_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Compound File Binary: an old .xls, or an .xlsx encrypted with a password."""


def sniff(head: bytes) -> str:
    """What a sheet's first bytes say it is: "xlsx" (a zip archive), "xls" (an OLE compound
    file), "csv" (text: no NUL byte, unless UTF-16 with its BOM), "empty" or "binary".

    Read before parsing so that `import csv book.xlsx` names the right command instead of
    failing to decode a zip as text, and the converse."""
    if not head:
        return "empty"
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        return "xls"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in head:
        return "csv"
    return "binary"


def _refuse_other_format(fmt: str, path: Path, shown: str) -> None:
    with open(path, "rb") as stream:
        found = sniff(stream.read(4096))
    if found == "xls":
        raise UsageError(_("{path}: this is an old Excel (.xls) or password-protected workbook; "
                           "save it as .xlsx without a password, or as 'CSV UTF-8'").format(path=shown))
    if fmt == "csv" and found == "xlsx":
        raise UsageError(_("{path}: this is an XLSX file; use `planctl import xlsx`").format(path=shown))
    if fmt == "xlsx" and found == "csv":
        raise UsageError(_("{path}: this is a CSV file; use `planctl import csv`").format(path=shown))


# -- CSV ------------------------------------------------------------------------------------

def decode(raw: bytes, shown: str) -> tuple[str, str, str | None]:
    """The text, the encoding's name for people, and the legacy codec (see `Sheet.legacy`)."""
    boms = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
            (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
    for bom, codec, name in boms:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), name, None
            except UnicodeDecodeError as exc:
                raise UsageError(_("{path}: starts as {encoding} but byte {offset} is not {encoding}; "
                                   "save the sheet again as 'CSV UTF-8'").format(path=shown, encoding=name,
                                                                                 offset=exc.start)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:
        return (text, "ASCII", "ascii") if text.isascii() else (text, "UTF-8", None)
    try:
        # Excel's plain "CSV (semikolonavgränsad)" saves Windows-1252; its five unused bytes fail here.
        return raw.decode("cp1252"), "Windows-1252", "cp1252"
    except UnicodeDecodeError as exc:
        raise UsageError(_("{path}: neither UTF-8 (byte {first}: {first_byte}) nor Windows-1252 "
                           "(byte {second}: {second_byte}); save the sheet as 'CSV UTF-8'").format(
                               path=shown, first=first, first_byte=f"{raw[first]:#04x}", second=exc.start,
                               second_byte=f"{raw[exc.start]:#04x}")) from None


def _read_csv(path: Path, shown: str) -> Sheet:
    text, encoding, legacy = decode(path.read_bytes(), shown)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    # The csv module's own limit (128 KiB, process-wide) would end the read with an unlocated
    # error; the sheet's size is bounded already, and a long cell is named by MAX_CELL below.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_SHEET_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet = Sheet(f"{printable(path.name)} ({encoding})", [], [], encoding, legacy)
    rows: list[list[str]] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise UsageError(_("{sheet}: row {row}: {reason}").format(sheet=sheet.name, row=len(rows) + 1,
                                                                       reason=exc)) from None
        if len(rows) >= MAX_ROWS:
            raise UsageError(_("{sheet}: more than {limit} rows; a sheet is read up to that").format(
                sheet=sheet.name, limit=f"{MAX_ROWS:,}"))
        if len(cells) > MAX_COLUMNS:
            raise UsageError(_("{sheet}: row {row} has {n} cells; a sheet is read up to {limit} columns").format(
                sheet=sheet.name, row=len(rows) + 1, n=f"{len(cells):,}", limit=MAX_COLUMNS))
        rows.append(cells)
    if not rows:
        raise UsageError(_("{sheet}: the sheet is empty").format(sheet=sheet.name))
    from planctl.export.csvfile import unneutralise

    sheet.headers = [h.strip() for h in rows[0]]
    width = len(sheet.headers)
    for number, cells in enumerate(rows[1:], start=2):
        if any(c.strip() for c in cells) and len(cells) < width:
            sheet.problems.append(_("row {row} has {n} cells but the header {width}: a missing cell would clear "
                                    "its field (add the missing separators, or fill the row)").format(
                                        row=number, n=len(cells), width=width))
            continue
        sheet.rows.append((number, [unneutralise(c) for c in cells]))
    _check_cells(sheet)
    return sheet


def _check_cells(sheet: Sheet) -> None:
    """Cells longer than a cell can be, and values in a column with no header (they would be dropped)."""
    for number, cells in sheet.rows:
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > MAX_CELL:
                sheet.problems.append(_("{where}: {n} characters; a cell holds at most {limit}").format(
                    where=where(number, index, sheet.headers), n=f"{len(cell):,}", limit=f"{MAX_CELL:,}"))
                cells[index] = None
            elif (index >= len(sheet.headers) or not sheet.headers[index]) and cell not in (None, "") \
                    and str(cell).strip():
                sheet.problems.append(_("{where}: a value in a column with no header would be lost; give the "
                                        "column a header or empty it").format(where=where(number, index,
                                                                                          sheet.headers)))


# -- XLSX -----------------------------------------------------------------------------------

_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})", re.ASCII)


class _Refused(Exception):
    pass


def _guard_zip(path: Path, shown: str) -> dict[str, int]:
    """Refuse a zip bomb or hostile XML before openpyxl opens the file; the columns used per part."""
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UsageError(_("{path}: not an XLSX workbook (not a zip archive: an old .xls, an encrypted "
                           "workbook or a CSV file?)").format(path=shown)) from None
    widths: dict[str, int] = {}
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UsageError(_("{path}: {n} parts in the zip; a workbook is read up to {limit}").format(
                path=shown, n=f"{len(members):,}", limit=f"{MAX_MEMBERS:,}"))
        total = 0
        for info in members:
            total += info.file_size
            if info.file_size > RATIO_GRACE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise UsageError(_("{path}: {part} inflates {ratio} times ({size} bytes): refused as a zip "
                                   "bomb").format(path=shown, part=printable(info.filename), ratio=f"{ratio:,}",
                                                  size=f"{info.file_size:,}"))

        if total > MAX_INFLATED:
            raise UsageError(_("{path}: inflates to {size} bytes; a workbook is read up to {limit} MiB: refused as a "
                               "zip bomb").format(path=shown, size=f"{total:,}", limit=MAX_INFLATED // 2**20))
        for info in members:
            if info.is_dir():
                continue
            try:
                with archive.open(info) as stream:
                    # Whatever its name, a part that may be XML is scanned (the workbook's
                    # relationships may point openpyxl at any member); only a part that starts
                    # with something else than white space, '<' or a BOM (an image) is not.
                    head = stream.read(64).lstrip(b" \t\r\n")
                if head and not head.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
                    continue
                with archive.open(info) as stream:
                    widths[info.filename] = _scan_xml(stream)
            except _Refused as exc:
                raise UsageError(f"{shown}: {printable(info.filename)}: {exc}") from None
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
                raise UsageError(_("{path}: {part}: cannot be inflated ({reason})").format(
                    path=shown, part=printable(info.filename),
                    reason=f"{type(exc).__name__}: {printable(str(exc))}")) from None
    return widths


def _scan_xml(stream: Any) -> int:
    """Parse one XML part with expat, refusing any DTD or entity declaration, and every cell
    beyond MAX_ROWS or MAX_COLUMNS (a lone cell at XFD1048576 would have openpyxl fill in
    17 billion empty ones). Returns the widest column used."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    state = {"row": 0, "col": 0, "width": 0}

    def doctype(name: str, *_rest: Any) -> None:
        raise _Refused(_("line {line}: a DTD (<!DOCTYPE {name}>) is not allowed in a workbook "
                         "(its entities could read files or expand without end)").format(
                             line=parser.CurrentLineNumber, name=name))

    def entity(name: str, *_rest: Any) -> None:
        raise _Refused(_("line {line}: the entity declaration {name} is not allowed in a workbook").format(
            line=parser.CurrentLineNumber, name=repr(name)))

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "row":
            r = attrs.get("r", "")
            state["row"] = int(r) if r.isdigit() else state["row"] + 1
            state["col"] = 0
        elif local == "c":
            ref = _CELL_REF.fullmatch(attrs.get("r", ""))
            if ref:
                state["col"] = column_index(ref.group(1))
                state["row"] = max(state["row"], int(ref.group(2)))
            else:
                state["col"] += 1
            if state["row"] > MAX_ROWS or state["col"] > MAX_COLUMNS:
                raise _Refused(_("line {line}: a cell at {cell}; a sheet is read up to row {rows} and column "
                                 "{column}").format(line=parser.CurrentLineNumber,
                                                    cell=f"{column_letter(state['col'] - 1)}{state['row']}",
                                                    rows=f"{MAX_ROWS:,}", column=column_letter(MAX_COLUMNS - 1)))
            state["width"] = max(state["width"], state["col"])

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    def external(context: str, base: str | None, system_id: str | None, public_id: str | None) -> int:
        raise _Refused(_("line {line}: an external entity ({name}) is not allowed").format(
            line=parser.CurrentLineNumber, name=repr(system_id)))

    parser.ExternalEntityRefHandler = external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    try:
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _Refused(_("line {line}: not well-formed XML ({reason})").format(
            line=exc.lineno, reason=expat.ErrorString(exc.code))) from None
    return state["width"]


def _read_xlsx(path: Path, shown: str) -> Sheet:
    widths = _guard_zip(path, shown)
    from openpyxl import load_workbook

    from planctl.export.labels import t

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise UsageError(_("{path}: not an XLSX workbook ({reason})").format(path=shown,
                                                                              reason=type(exc).__name__)) from None
    try:
        if not book.worksheets:
            raise UsageError(_("{path}: the workbook has no sheet").format(path=shown))
        names = {t("initiatives", lang) for lang in ("sv", "en")}
        ws = next((book[n] for n in book.sheetnames if n in names), book.worksheets[0])
        sheet = Sheet(f"{printable(path.name)} [{printable(ws.title)}]", [], [], "XLSX")
        ws.reset_dimensions()  # the file's <dimension> may lie; the scan above measured the real one
        # The sheet's own width; if openpyxl names its part otherwise, the widest part's (never
        # fewer columns than the sheet has: a column cut off would read as empty cells).
        width = widths.get(getattr(ws, "_worksheet_path", ""), 0) or max(widths.values(), default=1)
        rows = _xlsx_rows(sheet, ws.iter_rows(max_col=min(width, MAX_COLUMNS)))
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - a part openpyxl cannot make sense of
        raise UsageError(_("{path}: cannot be read as a workbook ({reason})").format(
            path=shown, reason=f"{type(exc).__name__}: {printable(str(exc).splitlines()[0] if str(exc) else '')}")) \
            from None
    finally:
        book.close()
    if not rows:
        raise UsageError(_("{sheet}: the sheet is empty").format(sheet=sheet.name))

    from planctl.export.csvfile import unneutralise

    sheet.headers = [str(h or "").strip() for h in rows[0][1]]
    sheet.rows = [(n, [unneutralise(c) if isinstance(c, str) else c for c in cells]) for n, cells in rows[1:]]
    _check_cells(sheet)
    return sheet


def _xlsx_rows(sheet: Sheet, rows: Iterable[Any]) -> list[tuple[int, list[Any]]]:
    out: list[tuple[int, list[Any]]] = []
    headers: list[str] = []
    for number, row in enumerate(rows, start=1):
        values: list[Any] = []
        for index, cell in enumerate(row):
            kind = getattr(cell, "data_type", None)
            value = cell.value
            if kind == "f":
                formula = str(value)
                sheet.problems.append(_("{where}: a formula ({formula}); planctl neither runs formulas nor trusts "
                                        "their saved results: replace it by its value (Paste Special, Values)").format(
                                            where=where(number, index, headers),
                                            formula=printable(formula[:60]) + ("…" if len(formula) > 60 else "")))
                value = None
            elif kind == "e":
                sheet.problems.append(_("{where}: the error value {value}").format(where=where(number, index, headers),
                                                                                  value=printable(str(value))))

                value = None
            values.append(value)
        if number == 1:
            headers = [str(h or "").strip() for h in values]
        out.append((number, values))
    return out
