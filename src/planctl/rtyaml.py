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

__all__ = ["dump", "load", "new_yaml"]

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
