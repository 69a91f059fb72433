"""Which lines of a plan file belong to an entry, so that deleting one takes its own lines only.

An entry (a key with its value, or a list item) owns its lines, its
end-of-line comment, and the comment lines directly above it at its own
indentation, with no blank line between: that is where a curator writes a
note about a field. Comment lines after an entry, above it across a blank
line, or at another indentation stay where they are: they are about what
follows, or head a section. The comments above a file's first key are the
file's header (the schema line, suppressions) and never go with a field.

Line breaks are `\\n`, `\\r\\n` or a lone `\\r`, as the parser counts them; the
helpers here never change which one a file uses.
"""

from __future__ import annotations


def line_start(text: str, at: int) -> int:
    """Where the line holding position `at` starts."""
    return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def line_end(text: str, at: int) -> int:
    """Where the line holding position `at` ends: at its line break, or at the end of the text."""
    ends = [i for i in (text.find("\n", at), text.find("\r", at)) if i >= 0]
    return min(ends) if ends else len(text)


def break_at(text: str, at: int) -> int:
    """The length of the line break at `at` (0 at the end of the text)."""
    if text.startswith("\r\n", at):
        return 2
    return 1 if at < len(text) and text[at] in "\r\n" else 0


def break_before(text: str, at: int) -> int:
    """The length of the line break that ends just before `at` (0 at the start of the text)."""
    if at >= 2 and text[at - 2:at] == "\r\n":
        return 2
    return 1 if at >= 1 and text[at - 1] in "\r\n" else 0


def newline_of(text: str) -> str:
    """The line break a file uses (its first one), for the lines an edit adds."""
    at = line_end(text, 0)
    return "\r\n" if text.startswith("\r\n", at) else text[at] if at < len(text) else "\n"


def own_comments_start(text: str, start: int, indent: int, floor: int) -> int:
    """The first of the comment lines directly above the line starting at `start`, at
    column `indent`, that belong to that line's entry (never above `floor`)."""
    while start > floor:
        end = start - break_before(text, start)
        above = line_start(text, end)
        if above < floor:
            break
        line = text[above:end]
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) != indent:
            break
        start = above
    return start
