"""Namespaced ids (`nat:FO1.2`): an upstream plan's id with the namespace the member gave it.

Kept free of imports beyond the spec, so the reference rules can ask it cheaply.
"""

from __future__ import annotations

import re

from planctl.spec import NAMESPACE_PATTERN

SEPARATOR = ":"
_NAMESPACE = re.compile(rf"{NAMESPACE_PATTERN}(?!\n)\Z")


def split(ident: str) -> tuple[str, str] | None:
    """(namespace, upstream id) of a namespaced id; None for a local one."""
    namespace, sep, local = ident.partition(SEPARATOR)
    if not sep or not local or not _NAMESPACE.match(namespace):
        return None
    return namespace, local


def join(namespace: str, ident: str) -> str:
    return f"{namespace}{SEPARATOR}{ident}"


def valid_namespace(text: str) -> bool:
    return bool(_NAMESPACE.match(text))
