"""Build hook: compiles the message catalogues (`.po` -> `.mo`) into the package.

Hatchling runs it for every build: the wheel, and the editable install that
`make` does, so a fresh clone speaks Swedish after its ordinary install step and
no compiled catalogue is ever committed. The compiler is the algorithm of
CPython's `Tools/i18n/msgfmt.py` (about 80 lines, standard library only), not
Babel: a build requirement would be downloaded into every isolated build, and
this reads the only `.po` shape we write (Babel's and GNU gettext's output).

`tests/test_i18n_catalog.py` imports `read_po` and `compile_mo` from here.
"""

from __future__ import annotations

import array
import ast
import struct
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LOCALE = HERE / "src" / "planctl" / "locale"

Entry = dict[str, Any]
"""One message: `context`, `id`, `plural`, `str` (list of forms), `flags`, `line`."""


def read_po(text: str) -> list[Entry]:
    """The entries of a `.po` file, the header (msgid "") included; obsolete (`#~`) ones left out."""
    entries: list[Entry] = []
    entry: Entry = {}
    section: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry
        if "id" in entry:
            entry.setdefault("str", [""])
            entries.append(entry)
        entry = {}

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#,"):
            if "id" in entry:
                finish()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if not line or line.startswith("#"):
            if line.startswith("#~"):
                continue
            if not line and "id" in entry:
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if section is None:
                raise ValueError(f"line {number}: a string outside any msgid or msgstr")
            keyword, rest = "", line
        elif keyword == "msgctxt" or (keyword == "msgid" and "id" in entry):
            finish()
        if keyword:
            index = 0
            if keyword.startswith("msgstr[") and keyword.endswith("]"):
                index = int(keyword[7:-1])
                keyword = "msgstr"
            names = {"msgctxt": "context", "msgid": "id", "msgid_plural": "plural", "msgstr": "str"}
            if keyword not in names:
                raise ValueError(f"line {number}: unknown keyword {keyword!r}")
            section = (names[keyword], index)
            entry.setdefault("line", number)
            if section[0] == "str":
                forms = entry.setdefault("str", [])
                forms.extend([""] * (index + 1 - len(forms)))
            else:
                entry[section[0]] = ""
        value = ast.literal_eval(rest.strip())
        if not isinstance(value, str):
            raise ValueError(f"line {number}: not a string")
        assert section is not None
        if section[0] == "str":
            entry["str"][section[1]] += value
        else:
            entry[section[0]] += value
    finish()
    return entries


def compile_mo(entries: list[Entry]) -> bytes:
    """The GNU `.mo` file of `entries`; fuzzy and untranslated messages are left out, as msgfmt does."""
    messages: dict[bytes, bytes] = {}
    for e in entries:
        forms = e.get("str", [""])
        if "fuzzy" in e.get("flags", ()) and e["id"]:
            continue
        if e["id"] and not all(forms):
            continue
        key = e["id"] if "plural" not in e else e["id"] + "\0" + e["plural"]
        if "context" in e:
            key = e["context"] + "\x04" + key
        messages[key.encode()] = "\0".join(forms).encode()
    keys = sorted(messages)
    ids = strs = b""
    offsets: list[int] = []
    for key in keys:
        offsets += [len(ids), len(key), len(strs), len(messages[key])]
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    count = len(keys)
    key_start = 7 * 4 + count * 16
    value_start = key_start + len(ids)
    table: list[int] = []
    for i in range(0, len(offsets), 4):
        table += [offsets[i + 1], offsets[i] + key_start]
    for i in range(0, len(offsets), 4):
        table += [offsets[i + 3], offsets[i + 2] + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return header + array.array("i", table).tobytes() + ids + strs


def build_catalogs(locale: Path = LOCALE) -> list[Path]:
    """Compile every `<lang>/LC_MESSAGES/*.po` below `locale` beside itself; the `.mo` files written."""
    written = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        data = compile_mo(read_po(po.read_text(encoding="utf-8")))
        if not mo.is_file() or mo.read_bytes() != data:
            tmp = mo.with_name(f".{mo.name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(mo)
        written.append(mo)
    return written


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # imported by the tests, outside a build
    pass
else:

    class CatalogHook(BuildHookInterface):  # type: ignore[misc]  # hatchling ships no types here
        """Compiles the catalogues for the wheel and for the editable install."""

        PLUGIN_NAME = "custom"

        def initialize(self, version: str, build_data: dict[str, Any]) -> None:
            if self.target_name != "wheel":
                return
            locale = Path(self.root) / "src" / "planctl" / "locale"
            for mo in build_catalogs(locale):
                # The .mo is ignored by git, and so by hatch's file selection: name it explicitly.
                # An editable install reads it where it was written, in the source tree.
                if version != "editable":
                    build_data["force_include"][str(mo)] = mo.relative_to(Path(self.root) / "src").as_posix()
