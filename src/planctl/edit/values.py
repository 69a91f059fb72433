"""Turning command-line text into YAML values in the plan's style.

The checker reads files with a YAML 1.1 parser while ruamel writes YAML 1.2,
so a plain `yes` or `1:1` written by ruamel would come back as a boolean or
the number 61. Every string we write is checked against the fast reader and
quoted when it would not read back as itself. Dates are written as dates
(unquoted, as curators write them), and a value that replaces another keeps
the old one's style (folded, quoted).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from planctl.errors import UsageError
from planctl import spec
from planctl.model import FIELD_ORDER, as_date
from planctl.yamlread import parse_yaml

DATE_FIELDS = frozenset({"start", "end", "due"})  # due: of a milestone
LIST_FIELDS: dict[str, frozenset[str]] = {
    name: frozenset(f.name for f in kind.fields if f.many and not f.structured) for name, kind in spec.KIND.items()}
LONG_TEXT_FIELDS = frozenset({"description", "comment"})
FOLD_AFTER = 90
"""Long descriptions and comments are written folded (`>-`), like the bundled plan."""

# Fields `set` cannot write from one command-line value.
STRUCTURED_FIELDS = frozenset({"milestones"})


def reads_back(text: str) -> bool:
    """Would `key: text` (plain) read back as the same string with the checker's parser?"""
    if not text or text != text.strip() or "\n" in text:
        return False
    if any(_resolves_to(text, version) != _STR for version in ((1, 1), (1, 2))):
        return False
    parsed = parse_yaml(f"v: {text}\n", "-")
    return not parsed.diagnostics and isinstance(parsed.data, dict) and parsed.data.get("v") == text


_STR = "tag:yaml.org,2002:str"
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
"""Characters a YAML 1.1 parser (libyaml) reads as line breaks, folding them away in any
style but double quotes."""


def _resolves_to(text: str, version: tuple[int, int]) -> str:
    """The tag a plain scalar gets under YAML `version` (1.1 reads `yes` and `1:1` as non-strings)."""
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    return str(VersionedResolver(version=version).resolve(ScalarNode, text, (True, False)))


def scalar(field: str, text: str, old: Any = None) -> Any:
    """The YAML value to store for `field` given command-line `text`."""
    if field in DATE_FIELDS:
        date = as_date(text)
        if date is None:
            raise UsageError(f"{field}: {text!r} is not a date (YYYY-MM-DD)")
        return date
    if any(c in text for c in _OTHER_BREAKS):
        return DoubleQuotedScalarString(text)  # the only style that escapes them (as \N, \L, \P)
    if isinstance(old, FoldedScalarString) or (old is None and field in LONG_TEXT_FIELDS and len(text) > FOLD_AFTER):
        if "\n" not in text and text == text.strip():
            return FoldedScalarString(text)
    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(text)
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(text)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(text)
    if reads_back(text):
        return text
    return SingleQuotedScalarString(text) if "\n" not in text else DoubleQuotedScalarString(text)


def plain(value: Any) -> Any:
    """A ruamel value as plain data (dates as YYYY-MM-DD strings, like the fast reader)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def insert_position(kind: str, mapping: Any, field: str) -> int:
    """Where a new `field` belongs among the keys already there, in canonical order."""
    order = FIELD_ORDER[kind]
    if field not in order:
        return len(mapping)
    rank = order.index(field)
    for index, key in enumerate(mapping):
        if key in order and order.index(key) > rank:
            return index
    return len(mapping)


def check_field(kind: str, field: str) -> None:
    if field not in FIELD_ORDER[kind]:
        raise UsageError(f"a {kind} has no field {field!r} (fields: {', '.join(FIELD_ORDER[kind])})")
    if field == "id":
        raise UsageError("the id is changed with 'planctl mv OLD NEW', which also rewrites every reference")
    if field in STRUCTURED_FIELDS:
        raise UsageError(f"{field} holds structured items: use 'planctl milestone add|done|rm'")
