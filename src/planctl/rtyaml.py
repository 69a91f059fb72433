"""Round-trip YAML for the files being edited, in the plan's house style.

Only edits (and `lint --fix`) pay for ruamel's round-trip loader; checks use
the fast reader in `yamlread`. Settings here are chosen so that loading and
dumping an untouched plan file gives back the same bytes (a test holds us to
that for every bundled file): comments, quotes, folded scalars, key order
and blank lines are all kept.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

__all__ = ["CommentedMap", "CommentedSeq", "dump", "load", "new_yaml"]


def new_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
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
