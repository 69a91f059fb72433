"""Positions for diagnostics without re-parsing, where a line scan is exact.

A document read from the parse cache or a worker process has no positions;
asking the model for one re-parses the whole file (about 1 ms). A plan with
thousands of warnings would spend seconds on that. Most diagnostics point at
a top-level `key: value` written on one line, which a scan of `Document.text`
locates exactly as the parser would; anything else (nested values, block
scalars, multi-line values) falls back to the model's own positions.
"""

from __future__ import annotations

import re

from planctl.model import Document, JsonPath, Span

_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"')
_SINGLE = re.compile(r"'(?:[^']|'')*'")
_PLAIN_END = re.compile(r"\s+#|\s*$")
_NOT_SIMPLE = set("[{>|&*!%@`\"'")


def has_positions(doc: Document) -> bool:
    return getattr(doc, "_spans", True) is not None


def locate(doc: Document, path: JsonPath, *, key: bool = False) -> Span:
    """The span of a value (or its key), like `doc.span`/`doc.key_span`, cheaply when possible."""
    if len(path) == 1 and isinstance(path[0], str) and not has_positions(doc) and doc.text is not None:
        found = _top_level(doc.text, path[0], key)
        if found is not None:
            return found
    return doc.key_span(path) if key else doc.span(path)


def _top_level(text: str, name: str, key: bool) -> Span | None:
    prefix = name + ":"
    if text.startswith(prefix):
        offset = 0
    else:
        offset = text.find("\n" + prefix)
        if offset < 0:
            return None
        offset += 1
    line_no = text.count("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[offset:] if end < 0 else text[offset:end]
    if key:
        return Span(line_no, 1, line_no, len(name) + 1)
    rest = line[len(prefix):]
    if not rest[:1].isspace():
        return None  # `key:value` or an empty value: leave it to the parser
    value_col = len(prefix) + (len(rest) - len(rest.lstrip(" "))) + 1
    value = line[value_col - 1:]
    if not value or value.startswith("#"):
        return None
    if value[0] in "\"'":
        match = (_DOUBLE if value[0] == '"' else _SINGLE).match(value)
        if match is None:
            return None  # a quoted value continuing on the next line
        return Span(line_no, value_col, line_no, value_col + match.end())
    if value[0] in _NOT_SIMPLE or value.startswith(("- ", "? ")):
        return None
    following = text[end + 1:end + 2] if end >= 0 else ""
    if following in (" ", "\t"):
        return None  # a plain scalar may continue on more-indented lines
    end_of_value = _PLAIN_END.search(value)  # `\s*$` matches every text
    length = end_of_value.start() if end_of_value else len(value)
    return Span(line_no, value_col, line_no, value_col + length)
