"""Turning command-line text into YAML values, and values into YAML text, in the plan's style.

The checker reads files with a YAML 1.1 parser, so a plain `yes` or `1:1` would
come back as a boolean or the number 61. Every string we write is checked
against the fast reader and quoted when it would not read back as itself.
Dates are written as dates (unquoted, as curators write them), and a value
that replaces another keeps the old one's style (folded, literal, quoted).

`render` writes a value's text for `planctl.edit.splice`, which puts it in
place of the old one: long lines are never wrapped (only a folded text is
folded, at `FOLD_WIDTH`), and a style that cannot hold a text (a control
character in single quotes) gives way to double quotes, which hold anything.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from planctl import spec
from planctl.errors import UsageError
from planctl.i18n import N_, _
from planctl.model import FIELD_ORDER, as_date
from planctl.yamlread import parse_yaml

DATE_FIELDS = frozenset({"due"} | {f.name for kind in spec.KIND.values() for f in kind.fields if f.type == "date"})
"""Fields written as dates when the kind is not said (due: of a milestone)."""
LIST_FIELDS: dict[str, frozenset[str]] = {
    name: frozenset(f.name for f in kind.fields if f.many and not f.structured) for name, kind in spec.KIND.items()}
LONG_TEXT_FIELDS = frozenset({"description", "comment"})
FOLD_AFTER = 90
"""Long new descriptions and comments are written folded (`>-`), like the bundled plan."""
FOLD_WIDTH = 100
"""A folded text breaks at the first single space past this column (as ruamel folds)."""

# Fields `set` cannot write from one command-line value.
STRUCTURED_FIELDS = frozenset({"milestones"})


@dataclass(frozen=True, slots=True)
class Scalar:
    """A value to write: what the fast reader must read back, and the style to write it in."""

    value: str | bool
    style: str = ""  # "" plain, "'" single-quoted, '"' double-quoted, ">" folded, "|" literal


@functools.lru_cache(maxsize=4096)
def reads_back(text: str) -> bool:
    """Would `key: text` (plain) read back as the same string with the checker's parser?

    Cached: `mv` asks it once for each of thousands of references to one new id."""
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


_TYPES: dict[tuple[str, str], spec.Field] = {(kind.name, f.name): f for kind in spec.KIND.values() for f in kind.fields}
_ENUM_FIELDS: dict[tuple[str, str], spec.Enum] = {key: f.enum for key, f in _TYPES.items() if f.enum is not None}
"""(kind, field) -> its enum: an owner's and an event's `kind` are different words."""


def scalar(field: str, text: str, old_style: str | None = None, *, kind: str = "") -> Scalar:
    """The value to write for `field` of a `kind` given command-line `text`; `old_style` is the
    style of the value it replaces (None: a new value). Without a kind, a field is judged by
    its name (a milestone's `due`, an id)."""
    known = _TYPES.get((kind, field))
    if known is not None and known.type == "datetime":
        when = spec.parse_when(text)
        if when is None:
            raise UsageError(_("{field}: {text!r} is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM, "
                               "{zone} time unless an offset such as +01:00 or Z follows)")
                             .format(field=field, text=text, zone=spec.TIME_ZONE))
        return Scalar(text)  # as written: the checker reads a YAML timestamp as its text
    if (known is not None and known.type == "date") or (known is None and field in DATE_FIELDS):
        date = as_date(text)
        if date is None:
            raise UsageError(_("{field}: {text!r} is not a date (YYYY-MM-DD)").format(field=field, text=text))
        return Scalar(date.isoformat())
    choices = _ENUM_FIELDS.get((kind, field))
    if choices is not None and text not in choices.values:
        # A curator types the word they read: the value or its Swedish or English label, in any
        # case ("status=Genomförd", "horizon=kort"); the file gets the value (`completed`).
        value = choices.parse(text)
        if value is not None:
            return Scalar(value)
        # Like a malformed date, a word no plan can hold: a usage error (exit 2), not an edit
        # the checks refuse.
        meant = choices.suggest(text)
        if meant:
            raise UsageError(_("{field}: {text!r} is not one of {values} (did you mean {meant!r}?)").format(
                field=field, text=text, values=", ".join(choices.values), meant=meant))
        raise UsageError(_("{field}: {text!r} is not one of {values}").format(
            field=field, text=text, values=", ".join(choices.values)))
    if any(c in text for c in _OTHER_BREAKS):
        return Scalar(text, '"')  # the only style that escapes them (as \N, \L, \P)
    if old_style == ">" or (old_style is None and field in LONG_TEXT_FIELDS and len(text) > FOLD_AFTER):
        if "\n" not in text.rstrip("\n") and text == text.strip(" "):
            return Scalar(text, ">")
    if old_style in ("|", "'", '"'):
        return Scalar(text, old_style)
    if reads_back(text):
        return Scalar(text)
    return Scalar(text, "'" if "\n" not in text else '"')


# -- writing ------------------------------------------------------------------------------

_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f", "\r": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P"}
_FLOW_UNSAFE = re.compile(r"[,\[\]{}:#]")
_SPACES = re.compile(r"( +)")


def _printable(ch: str) -> bool:
    """YAML's printable characters, less the byte-order mark (as ruamel's emitter judges them)."""
    return ("\x20" <= ch <= "\x7e" or "\xa0" <= ch <= "\ud7ff" or ("\ue000" <= ch <= "\ufffd" and ch != "\ufeff")
            or ch >= "\U00010000")


def double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append("\\" + _ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def _folded(text: str, indent: int) -> tuple[str, list[str]] | None:
    """`text` folded at single spaces past `FOLD_WIDTH` (header, lines); None when a folded
    block cannot hold it (a line break inside, spaces at either end, a control character)."""
    core = text.rstrip("\n")
    if not core or core != core.strip(" ") or not all(map(_printable, core)):
        return None
    lines, line, column = [], [" " * indent], indent
    for token in _SPACES.split(core):
        if token == " " and column > FOLD_WIDTH:
            lines.append("".join(line))
            line, column = [" " * indent], indent
        elif token:
            line.append(token)
            column += len(token)
    lines.append("".join(line))
    trailing = len(text) - len(core)  # `>-` strips the last line break, `>` keeps one, `>+` all
    return ">" + ("-" if not trailing else "" if trailing == 1 else "+"), lines + [""] * max(trailing - 1, 0)


def _literal(text: str, indent: int) -> tuple[str, list[str]] | None:
    """`text` as a literal block (header, lines); None when a literal block cannot hold it."""
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n")
    first = next((line for line in lines if line), "")
    if (not first or first[0] == " " or any(line.endswith(" ") for line in lines)
            or not all(ch == "\n" or _printable(ch) for ch in text)):
        return None
    chomp = "-" if not text.endswith("\n") else "+" if text.endswith("\n\n") or text == "\n" else ""
    return "|" + chomp, [" " * indent + line if line else "" for line in lines]


def render(value: Scalar, indent: int, flow: bool = False) -> tuple[str, list[str]]:
    """The text of `value` on its key's line, and the lines after it (a block's, indented by `indent`).

    In a flow list (`[a, b]`) only one-line styles fit, and a plain text may not hold `,[]{}:#`.
    """
    text, style = value.value, value.style
    if isinstance(text, bool):
        return ("true" if text else "false"), []
    if style == ">" and not flow:
        folded = _folded(text, indent)
        if folded is not None:
            return folded
    if style == "|" and not flow:
        literal = _literal(text, indent)
        if literal is not None:
            return literal
    if style == "" and not (flow and _FLOW_UNSAFE.search(text)):
        return text, []
    if style != '"' and "\n" not in text and all(map(_printable, text)):
        return "'" + text.replace("'", "''") + "'", []
    return double_quoted(text), []


Value = Any
"""What an edit writes: a `Scalar`, a list of values, or a mapping of field names to values."""


def plain(value: Value) -> Any:
    """What the fast reader reads back for `value`."""
    if isinstance(value, Scalar):
        return value.value
    if isinstance(value, dict):
        return {key: plain(v) for key, v in value.items()}
    return [plain(v) for v in value]


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
        raise UsageError(_(_NO_FIELD[kind]).format(field=field, fields=", ".join(FIELD_ORDER[kind])))
    if field == "id":
        raise UsageError(_("the id is changed with 'planctl mv OLD NEW', which also rewrites every reference"))
    if field in STRUCTURED_FIELDS:
        raise UsageError(_("{field} holds structured items: use 'planctl milestone add|done|rm'").format(field=field))


_NO_FIELD = {"goal": N_("a goal has no field {field!r} (fields: {fields})"),
             "initiative": N_("an initiative has no field {field!r} (fields: {fields})"),
             "owner": N_("an owner has no field {field!r} (fields: {fields})"),
             "event": N_("an event has no field {field!r} (fields: {fields})"),
             "need": N_("a need has no field {field!r} (fields: {fields})")}
