"""A compiled yes/no validator for the plan's own schemas: the fast path.

jsonschema is the source of truth, and it phrases every error; but walking
`$ref`s through `referencing` costs about 2 ms per document, which is most of
a 10,000-file check. Nearly every file is valid, so we first ask a validator
compiled from the same schema files into plain closures ("is it valid?"), and
only hand the rare invalid document to jsonschema for its located errors.

It understands exactly the keywords our schemas use and refuses to compile any
other (so a schema change can never make it silently lenient); a property test
holds it to jsonschema's verdict on generated documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "examples", "$comment"})

_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this compiler does not implement."""


def _json_equal_key(value: Any) -> Any:
    """A hashable key under which two values are equal iff JSON Schema says they are."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if value is None:
        return ("z",)
    if isinstance(value, list):
        return ("l", tuple(_json_equal_key(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, _json_equal_key(v)) for k, v in value.items()))
    return ("?", id(value))


class Compiler:
    """Compiles schemas found in `documents` (file name -> schema), resolving `$ref`s among them."""

    def __init__(self, documents: dict[str, dict[str, Any]], formats: dict[str, Check]) -> None:
        self.documents = documents
        self.formats = formats
        self._refs: dict[str, Check] = {}

    def compile_document(self, name: str) -> Check:
        return self._compile(self.documents[name], name)

    def _resolve(self, ref: str, base: str) -> tuple[dict[str, Any], str]:
        target, _, pointer = ref.partition("#")
        doc_name = target or base
        node: Any = self.documents[doc_name]
        for part in filter(None, pointer.split("/")):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node, doc_name

    def _ref(self, ref: str, base: str) -> Check:
        key = f"{ref if '#' not in ref or ref.split('#')[0] else base + ref}"
        if key not in self._refs:
            holder: list[Check] = []
            self._refs[key] = lambda v: holder[0](v)  # breaks cycles while compiling
            node, doc_name = self._resolve(ref, base)
            holder.append(self._compile(node, doc_name))
            self._refs[key] = holder[0]
        return self._refs[key]

    def _compile(self, schema: Any, base: str) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in ANNOTATIONS:
                continue
            checks.append(self._keyword(keyword, value, schema, base))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    def _keyword(self, keyword: str, value: Any, schema: dict[str, Any], base: str) -> Check:
        if keyword == "$ref":
            return self._ref(value, base)
        if keyword == "type":
            names = [value] if isinstance(value, str) else list(value)
            tests = [_TYPES[n] for n in names]
            return tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests))
        if keyword == "enum":
            keys = frozenset(_json_equal_key(e) for e in value)
            return lambda v: _json_equal_key(v) in keys
        if keyword == "const":
            key = _json_equal_key(value)
            return lambda v: _json_equal_key(v) == key
        if keyword == "pattern":
            search = re.compile(value).search
            return lambda v: not isinstance(v, str) or search(v) is not None
        if keyword == "format":
            test = self.formats.get(value)
            if test is None:
                raise UnsupportedSchema(f"format {value!r} has no checker")
            return test
        if keyword == "minLength":
            return lambda v: not isinstance(v, str) or len(v) >= value
        if keyword == "maxLength":
            return lambda v: not isinstance(v, str) or len(v) <= value
        if keyword == "minItems":
            return lambda v: not isinstance(v, list) or len(v) >= value
        if keyword == "uniqueItems":
            if not value:
                return lambda v: True
            return lambda v: not isinstance(v, list) or len({_json_equal_key(i) for i in v}) == len(v)
        if keyword == "items":
            item = self._compile(value, base)
            return lambda v: not isinstance(v, list) or all(item(i) for i in v)
        if keyword == "required":
            required = tuple(value)
            return lambda v: not isinstance(v, dict) or all(n in v for n in required)
        if keyword == "properties":
            props = {name: self._compile(sub, base) for name, sub in value.items()}
            return lambda v: not isinstance(v, dict) or all(props[k](v[k]) for k in props.keys() & v.keys())
        if keyword == "additionalProperties":
            if value is not False or "patternProperties" in schema:
                raise UnsupportedSchema("only additionalProperties: false is supported")
            known = frozenset(schema.get("properties", {}))
            return lambda v: not isinstance(v, dict) or known.issuperset(v)
        if keyword == "not":
            inner = self._compile(value, base)
            return lambda v: not inner(v)
        if keyword == "if":
            test = self._compile(value, base)
            then = self._compile(schema.get("then", True), base)
            other = self._compile(schema.get("else", True), base)
            return lambda v: then(v) if test(v) else other(v)
        if keyword in ("then", "else"):
            return lambda v: True  # compiled together with "if"
        raise UnsupportedSchema(f"keyword {keyword!r} is not supported by the fast validator")
