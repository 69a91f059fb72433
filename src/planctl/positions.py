"""Where a value stands in its file: the one vocabulary of positions.

A leaf module, so that the parser (which finds positions), the model (which
keeps them) and the checks (which report them) can share it without any of them
importing another.
"""

from __future__ import annotations

from dataclasses import dataclass

JsonPath = tuple[str | int, ...]
"""Keys and list indexes from a document's root to one value."""


@dataclass(frozen=True, slots=True)
class Span:
    """1-based start and end of a node in its file."""

    line: int
    col: int
    end_line: int = 0
    end_col: int = 0
