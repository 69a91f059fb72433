"""Builders of hostile sheets for `tests/data/hostile/io/sheets.toml`: each takes a sheet
exported by planctl (CSV text or XLSX bytes) and returns the bytes of the hostile file.

Kept in code rather than as committed binaries: a zip bomb or a 64 MiB member is made
in well under a second here, and the recipe says what the file is."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

SHEET = "xl/worksheets/sheet1.xml"


def _rezip(xlsx: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def _in_sheet(xlsx: bytes, old: bytes, new: bytes, member: str = SHEET) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        assert old in data, (member, old)
        return data.replace(old, new, 1)
    return _rezip(xlsx, change)


def zip_bomb(xlsx: bytes) -> bytes:
    """A real bomb: one member of 64 MiB of zeros, deflated about 1000 times."""
    return _rezip(xlsx, lambda n, d: d, {"xl/media/bomb.xml": b"\0" * (64 * 1024 * 1024)})


def declared_two_gib(xlsx: bytes) -> bytes:
    """A member whose headers say it inflates to 2 GiB (the issue's 2 MB sheet); refused by its declared size."""
    blob = bytearray(_rezip(xlsx, lambda n, d: d, {"xl/media/big.bin": b"x" * 4096}))
    size = 2 * 1024 ** 3 - 1
    name = b"xl/media/big.bin"
    # Patch the central directory entry (uncompressed size at offset 24) and the local header (offset 22).
    pos = 0
    while (pos := blob.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack_from("<H", blob, pos + 28)[0]
        if blob[pos + 46: pos + 46 + name_len] == name:
            struct.pack_into("<I", blob, pos + 24, size)
            local = struct.unpack_from("<I", blob, pos + 42)[0]
            struct.pack_into("<I", blob, local + 22, size)
        pos += 4
    return bytes(blob)


def many_members(xlsx: bytes) -> bytes:
    return _rezip(xlsx, lambda n, d: d, {f"xl/media/m{i}.bin": b"" for i in range(1_100)})


def external_entity(xlsx: bytes) -> bytes:
    """XXE: a DTD whose entity names a local file, used in a cell."""
    data = _in_sheet(xlsx, b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet')
    return _replace_cell(data, "B2", b'<c r="B2" t="inlineStr"><is><t>&xxe;</t></is></c>')


def billion_laughs(xlsx: bytes) -> bytes:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    return _in_sheet(xlsx, b"<worksheet", f"<!DOCTYPE worksheet [{lol}]><worksheet".encode())


def dtd_in_workbook(xlsx: bytes) -> bytes:
    """An external DTD in xl/workbook.xml, the first part openpyxl parses."""
    return _in_sheet(xlsx, b"<workbook", b'<!DOCTYPE workbook SYSTEM "http://evil.example/x.dtd"><workbook',
                     "xl/workbook.xml")


def dtd_after_white_space(xlsx: bytes) -> bytes:
    """No XML declaration, 200 spaces, then a DTD: legal XML, and not to be missed by a quick look."""
    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return b" " * 200 + b'<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + body
    return _rezip(xlsx, change)


def dtd_in_utf16_part(xlsx: bytes) -> bytes:
    """The sheet part in UTF-16 (which XML allows) with a DTD."""
    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE worksheet SYSTEM "http://evil.example/x.dtd">'
        return (text + body.decode("utf-8")).encode("utf-16")
    return _rezip(xlsx, change)


def far_cell(xlsx: bytes) -> bytes:
    """One cell at XFD1048576 (and a dimension that says so): openpyxl would pad 17 billion cells."""
    import re

    data = _in_sheet(xlsx, b"</sheetData>",
                     b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    return _rezip(data, lambda n, d: re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', d)
                  if n == SHEET else d)


def far_column(xlsx: bytes) -> bytes:
    return _in_sheet(xlsx, b"</row>", b'<c r="ZZ1" t="inlineStr"><is><t>x</t></is></c></row>')


def lying_dimension(xlsx: bytes) -> bytes:
    """Only the <dimension> claims A1:XFD1048576; the cells are the export's own. Read as usual."""
    import re

    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        return re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', data, count=1)
    return _rezip(xlsx, change)


def not_a_zip(xlsx: bytes) -> bytes:
    return b"Id;Rubrik\r\nINI-001;x\r\n"


def truncated_zip(xlsx: bytes) -> bytes:
    return xlsx[: len(xlsx) // 2]


def broken_xml(xlsx: bytes) -> bytes:
    return _in_sheet(xlsx, b"</sheetData>", b"<row><c></sheetData>")


def _with_openpyxl(xlsx: bytes, edit: Callable[[object], None]) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    edit(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def formula_hyperlink(xlsx: bytes) -> bytes:
    def edit(ws: object) -> None:
        ws["B2"] = '=HYPERLINK("http://evil.example","Klicka här")'  # type: ignore[index]
    return _with_openpyxl(xlsx, edit)


def formula_with_cached_value(xlsx: bytes) -> bytes:
    """A formula whose saved result is the plan's own title: still refused (the result may be stale)."""
    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        start = data.index(b'<c r="B2"')
        end = data.index(b"</c>", start) + 4
        return (
            data[:start]
            + b'<c r="B2" t="str"><f>A2&amp;""</f><v>Skolverket samordnar statens arbete</v></c>'
            + data[end:]
        )

    return _rezip(xlsx, change)


def error_value(xlsx: bytes) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        start = data.index(b'<c r="B2"')
        end = data.index(b"</c>", start) + 4
        return data[:start] + b'<c r="B2" t="e"><v>#N/A</v></c>' + data[end:]
    return _rezip(xlsx, change)


def megabyte_cell(xlsx: bytes) -> bytes:
    """A 1 MiB title (openpyxl would cut it to Excel's 32,767 when writing, so the XML is made here)."""
    import random

    text = "".join(random.Random(1).choices("abcdefghijklmnopqrstuvwxyzåäö ", k=1024 * 1024)).encode()
    return _replace_cell(xlsx, "B2", b'<c r="B2" t="inlineStr"><is><t>' + text + b"</t></is></c>")


def _replace_cell(xlsx: bytes, ref: str, cell: bytes) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        start = data.index(b'<c r="%s"' % ref.encode())
        end = data.index(b"</c>", start) + 4
        return data[:start] + cell + data[end:]
    return _rezip(xlsx, change)


def text_that_looks_like_a_formula(xlsx: bytes) -> bytes:
    """A string cell (not a formula) holding '=1+1': read as the text it is."""
    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        start = data.index(b'<c r="B2"')
        end = data.index(b"</c>", start) + 4
        return data[:start] + b'<c r="B2" t="inlineStr"><is><t>=1+1</t></is></c>' + data[end:]
    return _rezip(xlsx, change)


XLSX_BUILDERS: dict[str, Callable[[bytes], bytes]] = {
    f.__name__: f
    for f in (
        zip_bomb,
        declared_two_gib,
        many_members,
        external_entity,
        billion_laughs,
        dtd_in_workbook,
        dtd_after_white_space,
        dtd_in_utf16_part,
        far_cell,
        far_column,
        lying_dimension,
        not_a_zip,
        truncated_zip,
        broken_xml,
        formula_hyperlink,
        formula_with_cached_value,
        error_value,
        megabyte_cell,
        text_that_looks_like_a_formula,
    )
}
