"""CSV that opens correctly in Swedish Excel, and never runs a cell as a formula.

`excel`: UTF-8 with a byte-order mark (without it Excel guesses Windows-1252 and
å becomes Ã¥), `;` as separator (Excel under a Swedish locale splits on `;`,
because `,` is the decimal comma) and CRLF line ends. `rfc4180`: plain UTF-8,
`,` and CRLF, as RFC 4180 says, for other programs.
"""

from __future__ import annotations

import csv
import io

from planctl.export.table import Table

BOM = "\ufeff"
# OWASP CSV injection: a cell starting with one of these may be run as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a would-be formula with `'`, which spreadsheets show as text and hide."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def unneutralise(cell: str) -> str:
    """Undo `neutralise` on a cell read back from a sheet."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell


def render(table: Table, *, dialect: str = "excel", raw: bool = False, header: bool = True) -> str:
    """The table as CSV text; with dialect `excel` the text starts with the BOM."""
    out = io.StringIO()
    delimiter = ";" if dialect == "excel" else ","
    writer = csv.writer(out, delimiter=delimiter, quotechar='"', quoting=csv.QUOTE_MINIMAL,
                        lineterminator="\r\n", doublequote=True)
    rows = ([table.headers()] if header else []) + table.text_rows()
    for row in rows:
        writer.writerow(row if raw else [neutralise(cell) for cell in row])
    return (BOM if dialect == "excel" else "") + out.getvalue()
