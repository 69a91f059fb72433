"""Deleting from round-trip YAML without losing the comments that follow.

ruamel attaches the comment lines (and blank lines) *between* two entries to
the entry before them. Deleting that entry - a key, or the last item of a
list - would silently take the next entry's comment with it. These helpers
move such lines to the entry that now comes before them; only the deleted
entry's own end-of-line comment goes with it.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq


def _slot(container: Any) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _tail(container: Any, key: Any) -> tuple[Any, Any]:
    """The (container, key) whose comment slot holds what follows `container[key]` (deepest last entry)."""
    value = container[key]
    if isinstance(value, CommentedSeq) and len(value):
        return _tail(value, len(value) - 1)
    if isinstance(value, CommentedMap) and len(value):
        return _tail(value, list(value)[-1])
    return container, key


def _take_following_lines(container: Any, key: Any, *, keep_eol: bool = False) -> str:
    """Detach the comment lines after `container[key]`'s own line and return them.

    The entry's own end-of-line comment is dropped with it, or kept in place
    with `keep_eol` (when something is inserted after the entry).
    """
    owner, where = _tail(container, key)
    entry = owner.ca.items.get(where)
    if not entry or entry[_slot(owner)] is None:
        return ""
    token = entry[_slot(owner)]
    value = token.value
    if value.startswith("#"):
        eol, _, following = value.partition("\n")
        if keep_eol:
            token.value = eol + "\n"
        else:
            entry[_slot(owner)] = None
        return following
    entry[_slot(owner)] = None
    return value[1:] if value.startswith("\n") else value


def _append_lines(container: Any, key: Any, lines: str) -> None:
    if not lines:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    owner, where = _tail(container, key)
    entry = owner.ca.items.setdefault(where, [None, None, None, None])
    slot = _slot(owner)
    if entry[slot] is None:
        entry[slot] = CommentToken("\n" + lines, CommentMark(0), None)
    else:
        current = entry[slot].value
        entry[slot].value = current + lines if current.endswith("\n") else current + "\n" + lines


def remove_key(mapping: CommentedMap, key: str) -> None:
    keys = list(mapping)
    lines = _take_following_lines(mapping, key)
    index = keys.index(key)
    del mapping[key]
    if index > 0:
        _append_lines(mapping, keys[index - 1], lines)


def remove_item(seq: CommentedSeq, index: int) -> None:
    """Delete `seq[index]`, keeping the comment lines after it (ruamel renumbers the rest)."""
    lines = _take_following_lines(seq, index) if index == len(seq) - 1 else ""
    del seq[index]
    if index > 0:
        _append_lines(seq, index - 1, lines)


def replace_value(mapping: CommentedMap, key: str, value: Any) -> None:
    """Put `value` in place of a list or mapping, keeping the comment lines that followed the old one."""
    old = mapping[key]
    lines = _take_following_lines(mapping, key) if isinstance(old, (CommentedSeq, CommentedMap)) else ""
    mapping[key] = value
    _append_lines(mapping, key, lines)


def insert_key(mapping: CommentedMap, position: int, key: str, value: Any) -> None:
    """Insert before the entry now at `position`; comment lines above that entry stay above it."""
    keys = list(mapping)
    lines = _take_following_lines(mapping, keys[position - 1], keep_eol=True) if position > 0 else ""
    mapping.insert(position, key, value)
    _append_lines(mapping, key, lines)


def append_item(seq: CommentedSeq, value: Any) -> None:
    """Append to a list; comment lines after the old last item now follow the new one."""
    lines = _take_following_lines(seq, len(seq) - 1, keep_eol=True) if len(seq) else ""
    seq.append(value)
    _append_lines(seq, len(seq) - 1, lines)


def restore_comment_gaps(data: CommentedMap, old_text: str, new_text: str) -> str:
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
