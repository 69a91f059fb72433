"""`planctl.toml` checked as a whole against `schema/planctl-toml.schema.json`.

The schema is the one description of the file: editors (Taplo, Even Better
TOML) read it, and so does this walk, which turns each way the file breaks it
into a sentence with a did-you-mean. jsonschema would give the same verdict
(a property test holds the two together) but costs ~70 ms of imports, which
every command would pay for its configuration, while a configuration file needs
only the handful of keywords walked here; any other keyword in the schema is
refused, so a schema change can never make the check silently lenient.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planctl.i18n import N_, _

if TYPE_CHECKING:
    from planctl.tomlkeys import KeyPath

SCHEMA_FILE = "planctl-toml.schema.json"
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"})
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_CODE = re.compile(r"^[A-Za-z][0-9]{3}$")
_JSON_TYPES = {"string": N_("a string"), "integer": N_("an integer"), "number": N_("a number"),
               "boolean": N_("true or false"), "array": N_("an array"), "object": N_("a table")}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this walk does not implement."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One way the file breaks the schema; `at_value` locates it at the value rather than the key."""

    path: KeyPath
    message: str
    at_value: bool = False


@functools.cache
def config_schema() -> dict[str, Any]:
    from planctl.schemas import schema_dir

    schema: dict[str, Any] = json.loads((schema_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    return schema


def problems(raw: dict[str, Any], schema: dict[str, Any] | None = None) -> list[Problem]:
    """Every problem of a parsed planctl.toml, in the order the walk meets them."""
    root = config_schema() if schema is None else schema
    return list(_walk(raw, root, (), root))


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """`schema` itself, then what its `$ref` (a pointer into the same document) names."""
    yield schema
    ref = schema.get("$ref")
    if ref is not None:
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise UnsupportedSchema(f"only local $refs are supported, not {ref!r}")
        node: Any = root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        yield from _resolve(node, root)


def _walk(value: Any, schema: dict[str, Any], path: KeyPath, root: dict[str, Any]) -> Iterator[Problem]:
    parts = list(_resolve(schema, root))
    merged: dict[str, Any] = {}
    for part in reversed(parts):  # the referring schema's keywords win
        merged.update(part)
    for keyword in merged:
        if keyword not in ANNOTATIONS and keyword not in _KEYWORDS:
            raise UnsupportedSchema(f"keyword {keyword!r} is not supported by the planctl.toml check")
    if "type" in merged and not _has_type(value, merged["type"]):
        yield Problem(path, _("{key} must be {expected}, not {value}").format(
            key=describe(path), expected=_expected(merged["type"]), value=_got(value)), True)
        return
    if "enum" in merged and value not in merged["enum"]:
        allowed = [str(option) for option in merged["enum"]]
        message = _("{key} must be one of {choices}, not {value}").format(
            key=describe(path), choices=", ".join(allowed), value=_got(value))
        close = _close(str(value), allowed) if isinstance(value, str) else None
        yield Problem(path, _mean(message, _quoted(close)) if close else message, True)
        return
    minimum = merged.get("minimum")
    if minimum is not None and isinstance(value, (int, float)) and not isinstance(value, bool) and value < minimum:
        yield Problem(path, _("{key} must be at least {minimum}, not {value}").format(
            key=describe(path), minimum=minimum, value=value), True)
    if isinstance(value, dict):
        yield from _table(value, merged, path, root)
    items = merged.get("items")
    if isinstance(value, list) and items is not None:
        for index, item in enumerate(value):
            yield from _walk(item, items, path + (index,), root)


def _table(value: dict[str, Any], schema: dict[str, Any], path: KeyPath, root: dict[str, Any]) -> Iterator[Problem]:
    known: dict[str, Any] = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in known:
            yield from _walk(item, known[key], path + (key,), root)
        elif extra is False:
            yield Problem(path + (key,), _unknown(key, item, path, known, set(value)))
        elif isinstance(extra, dict):
            yield from _walk(item, extra, path + (key,), root)


def _unknown(key: str, value: Any, path: KeyPath, known: dict[str, Any], present: set[str]) -> str:
    """Why a key is unknown; the key it may be a typo of, unless the table has that one already."""
    names = [name for name in known if not name.startswith("$")]
    close = _close(key, [name for name in names if name not in present])
    if isinstance(value, dict):
        what = _("unknown table {table}").format(table=_table_name(path + (key,)))
        if close:
            return _mean(what, _table_name(path + (close,)))
    else:
        if path:
            what = _("unknown key {key} in {table}").format(key=_quoted(key), table=_table_name(path))
        else:
            what = _("unknown key {key} outside any table").format(key=_quoted(key))
        if close:
            return _mean(what, _quoted(close))
        if not path:
            home = [name for name, sub in known.items() if key in sub.get("properties", {})]
            if home:
                return _("{problem} (did you mean to write it under [{table}]?)").format(problem=what, table=home[0])
    listed = ", ".join(names) or _("none")
    if not path or isinstance(value, dict):
        return _("{problem} (known tables: {names})").format(problem=what, names=listed)
    return _("{problem} (known keys: {names})").format(problem=what, names=listed)


def _mean(problem: str, candidate: str) -> str:
    return _("{problem} (did you mean {candidate}?)").format(problem=problem, candidate=candidate)


def _close(word: str, options: list[str]) -> str | None:
    """The option `word` is probably a typo of (case aside); never one code for another:
    T009 is not a misspelt T003."""
    import difflib  # only when there is an error to phrase

    lowered = {option.lower(): option for option in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    candidates = [o for o in lowered if not (_CODE.match(word) and _CODE.match(o))]
    found = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def _has_type(value: Any, wanted: str | list[str]) -> bool:
    names = [wanted] if isinstance(wanted, str) else wanted
    return any(_TYPES[name](value) for name in names)


_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
_KEYWORDS = frozenset({"$ref", "type", "enum", "minimum", "properties", "additionalProperties", "items"})


def _expected(wanted: str | list[str]) -> str:
    names = [wanted] if isinstance(wanted, str) else wanted
    return _(" or ").join(_(_JSON_TYPES[name]) for name in names)


def _got(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value, '"')
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=value)
    if isinstance(value, list):
        return _("an array")
    if isinstance(value, dict):
        return _("a table")
    return _("a {type}").format(type=type(value).__name__)  # dates and times


def _key(key: str | int) -> str:
    text = str(key)
    return text if _BARE_KEY.match(text) else _string(text, '"')


def _quoted(key: str) -> str:
    """A key as a message names it: 'language', 'plan/*.yaml'."""
    return _string(key, "'")


def _string(text: str, quote: str) -> str:
    """`text` quoted, with control and bidirectional characters escaped: a message shows
    what the file holds, and cannot reorder or hide the rest of the line."""
    escaped = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return quote + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + quote


def _table_name(path: KeyPath) -> str:
    return "[" + ".".join(_key(part) for part in path if isinstance(part, str)) + "]"


def describe(path: KeyPath) -> str:
    """How a message names a key: `[plan] language`, `item 2 of [lint] select`, `[plan]`."""
    items = 0
    while path and isinstance(path[-1], int):
        items, path = path[-1] + 1, path[:-1]
    if not path:
        return _("the file")
    name = _table_name(path) if len(path) == 1 else f"{_table_name(path[:-1])} {_key(path[-1])}"
    return _("item {n} of {key}").format(n=items, key=name) if items else name

