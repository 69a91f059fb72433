"""The JSON Schemas of the plan format, and schema validation as diagnostics.

Schemas ship inside the package (so planctl works from a wheel anywhere) and
are the same files as the repository's `schema/`, which editors use through the
`# yaml-language-server: $schema=` comment. `$ref`s between them resolve
through a local `referencing` registry: never over the network.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planctl.diagnostics import MAX_PER_FILE, Diagnostic, Severity, json_path, too_many
from planctl.i18n import N_, did_you_mean, lazy, lazy_plural
from planctl.model import KINDS, Document
from planctl.spec import ENUMS, TIME_ZONE, WHEN_PATTERN
from planctl.suggest import did_you_mean as closest

SCHEMA_FILES: dict[str, str] = {kind: f"{kind}.schema.json" for kind in KINDS}
DEFS_FILE = "defs.schema.json"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def schema_dir() -> Path:
    """Inside an installed wheel the schemas sit in the package; in a checkout, at its top."""
    here = Path(__file__).resolve().parent
    packaged = here / "schema"
    if (packaged / DEFS_FILE).is_file():
        return packaged
    return here.parent.parent / "schema"


def schema_names() -> list[str]:
    return [DEFS_FILE, *SCHEMA_FILES.values()]


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return schema


@functools.cache
def schema_digest() -> str:
    """Changes whenever any schema changes; part of cache keys."""
    digest = hashlib.sha256()
    for name in schema_names():
        digest.update((schema_dir() / name).read_bytes())
    return digest.hexdigest()


def _is_date(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    if not _DATE_RE.match(instance):
        return False
    try:
        _dt.date.fromisoformat(instance)
    except ValueError:
        return False
    return True


@functools.cache
def format_checker() -> Any:
    """Only the formats our schemas use, each implemented here: a missing optional
    package can never make a `format` keyword pass silently."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(_is_date)
    return checker


ID_BASE = "https://planctl.example/schema/"
"""Every schema's `$id` is this and its file name. The host is a reserved example domain
(RFC 2606): an identifier, not a place to download from. Being hierarchical (unlike a URN),
it lets the relative `$ref`s between the files (`defs.schema.json#/$defs/text`) resolve by
`$id` (ajv, a `referencing` registry) to the same names they have as files next to each other
(an editor, planctl's compiled validator). A tool that takes the spec's word and resolves
against `$id` while reading files is given their folder instead: check-jsonschema's
`--base-uri` (README, "The format")."""


def registry(names: list[str] | None = None) -> Any:
    """A `referencing` registry of the shipped schemas (default: every one), each under its
    `$id`, as ajv finds them, and under its file name, for a schema read without its `$id`."""
    from referencing import Registry, Resource

    chosen = names if names is not None else sorted(p.name for p in schema_dir().glob("*.schema.json"))
    resources: list[tuple[str, Resource[Any]]] = []
    for name in chosen:
        resource: Resource[Any] = Resource.from_contents(load_schema(name))
        resources.append((name, resource))
        ident = resource.id()
        if ident:
            resources.append((ident, resource))
    return Registry().with_resources(resources)


@functools.cache
def validator(kind: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(SCHEMA_FILES[kind]), registry=registry(schema_names()),
                                format_checker=format_checker())


@functools.cache
def fast_check(kind: str) -> Any:
    """The compiled yes/no validator of `schemafast` for one kind."""
    from planctl.schemafast import Compiler

    documents = {name: load_schema(name) for name in schema_names()}
    return Compiler(documents, {"date": _is_date}).compile_document(SCHEMA_FILES[kind])


def validate_document(doc: Document) -> list[Diagnostic]:
    """Every schema problem in one document, each located and phrased for a curator."""
    if doc.kind is None or not isinstance(doc.data, dict):
        return []
    if fast_check(doc.kind)(doc.data):
        return []
    out: list[Diagnostic] = []
    skipped, first = 0, (0, 0)
    for error in validator(doc.kind).iter_errors(doc.data):
        if len(out) >= MAX_PER_FILE:  # a hostile file: count the rest, do not phrase them (difflib is slow)
            if not skipped:
                span = doc.span(tuple(error.absolute_path))
                first = (span.line, span.col)
            skipped += sum(1 for _ in _leaf_errors(error))
            continue
        out.extend(_describe(error, doc))
    if skipped:
        out.append(too_many(doc.path, skipped, Severity.ERROR, *first))
    return out


def _leaf_errors(error: Any) -> Iterator[Any]:
    """For if/then/else and combinators, the errors that say what is actually wrong."""
    if error.validator in ("then", "else", "allOf", "anyOf", "oneOf") and error.context:
        for sub in error.context:
            yield from _leaf_errors(sub)
    else:
        yield error


def _field(path: tuple[Any, ...]) -> str:
    return json_path(path)[2:] or lazy("(file)")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return lazy("null (empty)")
    if isinstance(value, (dict, list)):
        return lazy("a mapping") if isinstance(value, dict) else lazy("a list")
    return str(value)


_TYPE_NAMES = {str: N_("a string"), bool: N_("a boolean"), int: N_("an integer"), float: N_("a number"),
               list: N_("a list"), dict: N_("a mapping"), type(None): N_("empty (null)")}
_JSON_TYPES = {"string": N_("a string"), "array": N_("a list"), "object": N_("a mapping"),
               "boolean": N_("true or false"), "integer": N_("an integer"), "number": N_("a number"),
               "null": N_("empty")}


def _alternatives(names: list[str]) -> str:
    """"a string or a list", each part and the "or" translated when shown."""
    parts: list[str] = [lazy(n) for n in names]
    shown = parts[0] if parts else ""
    for part in parts[1:]:
        shown = lazy("{first} or {second}", first=shown, second=part)
    return shown


def _describe(error: Any, doc: Document) -> Iterator[Diagnostic]:
    for leaf in _leaf_errors(error):
        path = tuple(leaf.absolute_path)
        code, message, hint, span = "S007", "", None, doc.span(path)
        name = _field(path)
        kind = leaf.validator
        if kind == "type":
            expected = leaf.validator_value
            wanted = _alternatives([_JSON_TYPES.get(t, t)
                                    for t in ([expected] if isinstance(expected, str) else expected)])
            got_name = _TYPE_NAMES.get(type(leaf.instance))
            got: str = lazy(got_name) if got_name else type(leaf.instance).__name__
            code = "S001"
            if not isinstance(leaf.instance, (dict, list)) and leaf.instance is not None:
                message = lazy("{field}: expected {wanted}, got {got} ({value})", field=name, wanted=wanted, got=got,
                               value=_show(leaf.instance))
            else:
                message = lazy("{field}: expected {wanted}, got {got}", field=name, wanted=wanted, got=got)
            if isinstance(leaf.instance, (int, float, bool)) and expected == "string":
                hint = lazy("quote the value to make it a string")
        elif kind == "enum":
            allowed = leaf.validator_value
            code = "S002"
            message = lazy("{field}: {value} is not one of: {allowed}", field=name, value=_show(leaf.instance),
                           allowed=", ".join(map(str, allowed)))
            if isinstance(leaf.instance, str):
                # A label in either language ("Pågående") names the value the file must hold.
                labelled = next((e.parse(leaf.instance) for e in ENUMS.values() if set(e.values) == set(allowed)), None)
                hint = did_you_mean(labelled) if labelled else closest(leaf.instance, [str(a) for a in allowed])
        elif kind == "required":
            missing = [f for f in leaf.validator_value if isinstance(leaf.instance, dict) and f not in leaf.instance]
            for field_name in missing or leaf.validator_value[:1]:
                yield _diag(doc, "S003", lazy("missing required field '{field}'", field=field_name), path,
                            doc.span(path), None)
            continue
        elif kind == "additionalProperties":
            known = list(leaf.schema.get("properties", {}))
            missing = [k for k in known if k not in leaf.instance]  # a field the file has already is no typo
            for extra in [k for k in leaf.instance if k not in known]:
                close = closest(str(extra), missing)
                yield _diag(doc, "S004", lazy("unknown field '{field}'", field=extra), path + (extra,),
                            doc.key_span(path + (extra,)), close or lazy("allowed fields: {fields}",
                                                                         fields=", ".join(known)))
            continue
        elif kind == "pattern" and leaf.validator_value == WHEN_PATTERN:  # no pattern is worth quoting here
            code = "S006"
            message = lazy("{field}: {value} is not a real date or date-time (YYYY-MM-DD, or YYYY-MM-DDTHH:MM "
                           "with :SS, Z or an offset such as +01:00 if wished)", field=name, value=_show(leaf.instance))
            hint = lazy("without an offset the time is {zone} time; e.g. 2026-03-10T13:00", zone=TIME_ZONE)
        elif kind == "pattern":
            code = "S005"
            message = lazy("{field}: {value} does not match the pattern {pattern}", field=name,
                           value=_show(leaf.instance), pattern=str(leaf.validator_value))
            examples = leaf.schema.get("examples")
            if examples:
                hint = lazy("for example: {examples}", examples=", ".join(map(str, examples)))
        elif kind == "format":
            code = "S006"
            message = lazy("{field}: {value} is not a valid {format} (YYYY-MM-DD)", field=name,
                           value=_show(leaf.instance), format=str(leaf.validator_value))
        elif kind == "not" and isinstance(leaf.instance, dict) and "parent" in leaf.instance:
            code, message = "S008", lazy("a focus area has no parent; only sub-goals (FO1.2) name one")
            span = doc.key_span(path + ("parent",))
            path = path + ("parent",)
        elif kind == "not":
            code, message = (
                "S005",
                lazy("{field}: {value} is a reserved word that YAML may read as true/false/null", field=name,
                     value=_show(leaf.instance)),
            )
        elif kind == "minLength":
            message = lazy("{field}: must not be empty", field=name)
        elif kind == "minItems":
            message = lazy_plural("{field}: needs at least {n} item", "{field}: needs at least {n} items",
                                  int(leaf.validator_value), field=name)
        elif kind == "uniqueItems":
            message = lazy("{field}: the list holds the same item twice", field=name)
        else:  # a keyword our schemas do not use today: jsonschema's own (English) words
            message = lazy("{field}: {message}", field=name, message=str(leaf.message))
        yield _diag(doc, code, message, path, span, hint)


def _diag(doc: Document, code: str, message: str, path: tuple[Any, ...], span: Any, hint: str | None) -> Diagnostic:
    entity = doc.mapping.get("id") if isinstance(doc.mapping.get("id"), str) else None
    return Diagnostic(code, Severity.ERROR, message, doc.path, span.line, span.col, span.end_line, span.end_col,
                      entity=entity, json_path=json_path(path), hint=hint)
