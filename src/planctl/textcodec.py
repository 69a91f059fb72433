"""Plan file bytes to text, or a located F001 saying why they are not UTF-8 text.

A leaf module: the loader decodes what it reads, a lazily read `Document`
decodes the same way later, and `git` snapshots decode blobs; none of them
should need the others to do it.
"""

from __future__ import annotations

from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import lazy


def decode(raw: bytes) -> str | Diagnostic:
    """UTF-8 text (a byte-order mark is fine), or a located F001 saying why not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Diagnostic("F001", Severity.ERROR, lazy("the file is UTF-16; plan files are UTF-8"), "", 1, 1,
                          hint=lazy("save the file as UTF-8"))
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw, nul)
        return Diagnostic("F001", Severity.ERROR, lazy("the file holds a NUL byte: it is binary, not text"), "",
                          line, col)
    # The BOM by hand: the "utf-8-sig" codec is pure Python, "utf-8" is C.
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        return raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + bom
        line, col = _position(raw[bom:], exc.start)
        byte = f"0x{raw[offset]:02x}"
        return Diagnostic("F001", Severity.ERROR, lazy("byte {byte} is not valid UTF-8", byte=byte), "", line, col,
                          hint=lazy("save the file as UTF-8 (it may be Latin-1 or Windows-1252)"))


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", errors="replace")) + 1
