"""Swedish alphabetical order without the system locale.

The locale on a CI runner or a curator's laptop is anyone's guess, and
`locale.strxfrm` with a C locale puts å, ä and ö among the bytes. Swedish order
is a–z, then å, ä, ö; accented Latin letters sort with their base letter
(é as e, ü as y, æ as ä, ø as ö). Runs of digits compare as numbers, so
INI-9 comes before INI-10 and FO1.2 before FO1.10.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Letters after z, in Swedish order, and letters that Swedish files under them.
_AFTER_Z = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"}
_AS = {"ü": "y", "ß": "ss", "þ": "th", "ð": "d", "ł": "l"}
_PARTS = re.compile(r"(\d+)")


def _primary(char: str) -> str:
    if char in _AFTER_Z:
        return _AFTER_Z[char]
    if char in _AS:
        return _AS[char]
    base = unicodedata.normalize("NFD", char)[0]
    return base


def sort_key(text: Any) -> tuple[Any, ...]:
    """A key for `sorted()` giving Swedish order; None and "" sort last."""
    if text is None or text == "":
        return (1,)
    folded = unicodedata.normalize("NFC", str(text)).casefold()
    parts: list[tuple[int, Any]] = []
    for piece in _PARTS.split(folded):
        if not piece:
            continue
        if piece.isdigit():
            parts.append((0, int(piece)))
        else:
            parts.append((1, "".join(_primary(c) for c in piece)))
    # Ties (case, accents) fall back to the exact text, so the order is total.
    return (0, tuple(parts), str(text))
