"""Round-trip YAML for the one job that changes a file's structure: `lint --fix`.

Edits (`set`, `mv`, `rm`, `milestone`) never load and dump a file: they splice
new text in place (`planctl.edit.splice`). `lint --fix` reorders keys, so it
needs ruamel's round trip; the settings here keep everything it was not asked
to change: comments, quotes, folded scalars, key order and blank lines, and no
line is ever rewrapped (a long line stays one line, whatever its length).
"""

from __future__ import annotations

import io
import sys
from typing import Any

from ruamel.yaml import YAML

__all__ = ["dump", "dump_file", "load", "load_file", "new_yaml"]

NEVER_WRAP = sys.maxsize
"""ruamel wraps plain and quoted scalars past its width (100 was enough to split a
170-character description over two lines): it never may here."""


def new_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = NEVER_WRAP
    yaml.allow_unicode = True
    yaml.explicit_start = False
    return yaml


def load(text: str) -> Any:
    """Round-trip load; raises ruamel's YAMLError on bad input (callers validate first)."""
    return new_yaml().load(text)


def dump(data: Any) -> str:
    stream = io.StringIO()
    new_yaml().dump(data, stream)
    return stream.getvalue()


def load_file(text: str) -> Any:
    """A plan file's text (any line endings) as round-trip data."""
    return load(text.replace("\r\n", "\n"))


def dump_file(data: Any, original: str) -> str:
    """`data` as the text of the file that was `original`: its line endings, and each
    top-level end-of-line comment at its old gap from the value."""
    text = dump(data)
    if isinstance(data, dict):
        text = restore_comment_gaps(data, original.replace("\r\n", "\n"), text)
    return text.replace("\n", "\r\n") if "\r\n" in original else text


def restore_comment_gaps(data: Any, old_text: str, new_text: str) -> str:
    """Keep the spaces between a top-level value and its end-of-line comment.

    ruamel keeps such a comment at its old *column*, so a longer value pushes it
    right and a shorter one leaves a wider gap: `set status=completed` followed by
    `set status=decided` would not give the file back byte for byte. Curators
    align by gap, not by column, so the gap is what we keep.
    """
    old_lines = old_text.split("\n")
    new_lines = new_text.split("\n")
    for key in data:
        entry = data.ca.items.get(key)
        token = entry[2] if entry and len(entry) > 2 else None
        if token is None or not token.value.startswith("#") or not isinstance(key, str):
            continue
        comment = token.value.split("\n", 1)[0]
        try:
            line_no = data.lc.key(key)[0]
            old_line = old_lines[line_no]
        except (KeyError, IndexError, TypeError):
            continue
        at = old_line.rfind(comment)
        if at <= 0 or not old_line.startswith(f"{key}:"):
            continue
        gap = at - len(old_line[:at].rstrip())
        for i, line in enumerate(new_lines):
            if line.startswith(f"{key}:") and line.endswith(comment):
                head = line[: len(line) - len(comment)].rstrip()
                new_lines[i] = head + " " * max(gap, 1) + comment
                break
    return "\n".join(new_lines)
