"""Changing a plan file's text in place: only the bytes of what the edit changes.

Each operation finds the exact characters of the value, key or list item it
changes (`planctl.edit.source`) and splices new text there; every other
byte - long lines, folded and literal texts, quotes, comments, blank lines,
key order, indentation, line endings, `---` and `...` - stays as written.
New keys and items follow the file's own layout (its list indentation, or
flow lists when the file writes its lists that way).

What the text must read back as is tracked alongside (`data`), and the result
is read back with the checker's parser before anyone may write it: a splice
that would not give exactly the data asked for is refused, never written.
A value that an alias (`*name`) shares with another place is refused too:
changing it in place would change both.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from planctl.edit.comments import (
    break_at,
    break_before,
    line_end,
    line_start,
    newline_of,
    own_comments_start,
)
from planctl.edit.source import Located, Node, NotLocatable, locate
from planctl.edit.values import Scalar, Value, plain, render
from planctl.errors import PlanctlError, UsageError
from planctl.i18n import N_, _
from planctl.model import JsonPath

if TYPE_CHECKING:
    from planctl.yamlread import ParsedYaml

DEFAULT_OFFSET = 2
"""A new block list's dashes stand this far right of its key (`goals:` / `  - FO1.1`)."""


class SpliceFailed(PlanctlError):
    """The spliced text would not read back as the data asked for: a bug, never written."""


class SourceFile:
    """One plan file's text, edited in place, and the data it must read back as."""

    def __init__(self, path: str, text: str, data: dict[str, Any]) -> None:
        self.path = path
        self.original = text
        self.text = text
        self.data: dict[str, Any] = _copy(data)
        self._read_as = data  # what the loader read `text` as
        self.newline = newline_of(text)
        self._located: Located | None = None
        self.read_back: ParsedYaml | None = None
        """The edited text as the parser read it in `result`: the guard reads the same text, once."""

    # -- reading ---------------------------------------------------------------------------

    def get(self, path: JsonPath) -> Any:
        """The value at `path` as the edited text reads (None when absent)."""
        value: Any = self.data
        for step in path:
            if isinstance(value, dict) and isinstance(step, str):
                value = value.get(step)
            elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
                value = value[step]
            else:
                return None
        return value

    def style(self, path: JsonPath) -> str | None:
        """The style of the scalar at `path` ("" plain, quotes, ">" or "|"); None when absent."""
        found = self._find(path)
        if found is None:
            return None
        container, index = found[-1]
        node = container.items[index]
        return node.style if node.kind == "scalar" else None

    @property
    def located(self) -> Located:
        if self._located is None:
            try:
                self._located = locate(self.text)
            except NotLocatable as exc:
                raise UsageError(_("{path} cannot be edited until it is valid YAML ({reason})").format(
                    path=self.path, reason=exc)) from exc
        return self._located

    def _find(self, path: JsonPath) -> list[tuple[Node, int]] | None:
        """The (container, index) of each step from the root to `path`; None when absent."""
        chain: list[tuple[Node, int]] = []
        node = self.located.root
        for step in path:
            index = node.find(step)
            if index is None:
                return None
            chain.append((node, index))
            node = node.items[index]
        return chain

    def _chain(self, path: JsonPath) -> list[tuple[Node, int]]:
        chain = self._find(path)
        if chain is None:
            raise KeyError(path)
        return chain

    def _collection(self, path: JsonPath, kind: str) -> Node:
        """The mapping or list at `path` that an entry is added to."""
        chain = self._chain(path) if path else []
        node = chain[-1][0].items[chain[-1][1]] if chain else self.located.root
        self._refuse_aliases(path, [c for c, _ in chain] + [node], None)
        if node.kind != kind:
            label = _label(path) or _("the file")
            if kind == "map":
                raise UsageError(_("{path}: {label} is not a mapping in the file; fix it first").format(
                    path=self.path, label=label))
            raise UsageError(_("{path}: {label} is not a list in the file; fix it first").format(
                path=self.path, label=label))
        return node

    # -- changing --------------------------------------------------------------------------

    def replace(self, path: JsonPath, value: Value) -> None:
        """Put `value` in place of the value at `path`."""
        chain = self._chain(path)
        container, index = chain[-1]
        node = container.items[index]
        self._refuse_aliases(path, [c for c, _ in chain], node)
        if node.kind == "scalar" and isinstance(value, Scalar):
            self._replace_scalar(container, index, node, value)
        else:
            self._replace_whole(container, index, node, value)
        parent = self._expected(path[:-1])
        parent[path[-1]] = plain(value)

    def insert_key(self, path: JsonPath, key: str, value: Value, position: int) -> None:
        """Add `key: value` to the mapping at `path`, before its entry number `position`."""
        mapping = self._collection(path, "map")
        position = min(position, len(mapping.keys))
        if mapping.flow or not mapping.keys:
            self._insert_flow(mapping, mapping.keys, mapping.items, position, f"{key}: {self._flow_text(value)}")
        else:
            first = mapping.keys[0]
            if position == 0 and self.text[line_start(self.text, first.start):first.start].strip(" "):
                raise UsageError(_("{path}: planctl cannot put {key} before the first field of a list item").format(
                    path=self.path, key=key))
            column = first.start - line_start(self.text, first.start)
            self._insert_block(mapping, position, self._entry_lines(key, value, column), path)
        expected = self._expected(path)
        entries = list(expected.items())
        entries.insert(position, (key, plain(value)))
        expected.clear()
        expected.update(entries)

    def insert_item(self, path: JsonPath, index: int, value: Value) -> None:
        """Add `value` to the list at `path`, before its item number `index` (its length: at the end)."""
        seq = self._collection(path, "seq")
        index = min(index, len(seq.items))
        if seq.flow or not seq.items:
            self._insert_flow(seq, seq.items, seq.items, index, self._flow_text(value))
        else:
            self._insert_block(seq, index, self._item_lines(value, self._dash_column(seq.items[0])), path)
        self._expected(path).insert(index, plain(value))

    def append(self, path: JsonPath, value: Value) -> None:
        self.insert_item(path, len(self.get(path) or ()), value)

    def remove(self, path: JsonPath) -> None:
        """Delete the key or list item at `path`, with its own comment lines (see `comments`)."""
        chain = self._chain(path)
        container, index = chain[-1]
        node = container.items[index]
        self._refuse_aliases(path, [c for c, _ in chain], node)
        text = self.text
        if container.flow:
            starts = container.keys if container.kind == "map" else container.items
            if len(starts) == 1:
                cut = (starts[0].start, container.items[0].end)
            elif index > 0:
                cut = (container.items[index - 1].end, container.items[index].end)
            else:
                cut = (starts[0].start, starts[1].start)
        else:
            start = container.keys[index].start if container.kind == "map" else node.start
            if container.kind == "map" and text[line_start(text, start):start].strip(" "):
                # The first key of a list item (`- title: ...`): the next key moves up to the dash.
                if len(container.keys) < 2:
                    raise UsageError(_("{path}: {label} is the only field of its list item; remove the item "
                                       "instead").format(path=self.path, label=_label(path)))
                cut = (start, container.keys[1].start)
            else:
                first = self._entry_start(container, index, path[:-1])
                last = line_end(text, self._content_end(node))
                after = break_at(text, last)
                cut = (first, last + after) if after else (first - break_before(text, first), last)
        self._splice(*cut, "")
        parent = self._expected(path[:-1])
        del parent[path[-1]]

    def set_list(self, path: JsonPath, texts: list[str], make: Callable[[str, str | None], Scalar]) -> None:
        """Make the list at `path` hold `texts`, changing only the items that differ.

        `make(text, old_style)` gives the value to write for a text (a replaced item keeps its
        style), so that setting a list and setting it back gives the same bytes.
        """
        old = self.get(path)
        if not isinstance(old, list) or self._find(path) is None:
            self.replace(path, [make(t, None) for t in texts])
            return
        matcher = SequenceMatcher(a=[str(v) for v in old], b=texts, autojunk=False)
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal":
                continue
            common = min(i2 - i1, j2 - j1)
            for k in range(common):
                self.replace(path + (i1 + k,), make(texts[j1 + k], self.style(path + (i1 + k,))))
            for k in range(i2 - 1, i1 + common - 1, -1):
                self.remove(path + (k,))
            for j in range(j2 - 1, j1 + common - 1, -1):
                self.insert_item(path, i1 + common, make(texts[j], None))

    def result(self) -> str:
        """The edited text, once it is read back as exactly the data asked for."""
        if self.text != self.original:
            from planctl.yamlread import parse_yaml

            parsed = parse_yaml(self.text, self.path)
            self.read_back = parsed
            if not _same(parsed.data, self.data):
                if not _same(parse_yaml(self.original, self.path).data, self._read_as):
                    raise SpliceFailed(_("{path} changed while the edit was computed; nothing written "
                                         "(run the command again)").format(path=self.path))
                raise SpliceFailed(_("{path}: planctl could not write this edit so that the file reads back "
                                     "as intended; nothing written (please report this as a bug, with the "
                                     "file)").format(path=self.path))
        return self.text

    # -- the text of one change ------------------------------------------------------------

    def _splice(self, start: int, end: int, new: str) -> None:
        self.text = self.text[:start] + new + self.text[end:]
        self._located = None

    def _replace_scalar(self, container: Node, index: int, node: Node, value: Scalar) -> None:
        text = self.text
        start = self._value_start(node)
        if node.style in ("|", ">"):
            header_end = start
            while header_end < len(text) and text[header_end] in "|>+-0123456789":
                header_end += 1
            header_line_end = line_end(text, start)
            content_end = self._content_end(node)
            indent = self._block_indent(header_line_end, content_end)
        else:
            header_end = node.end
            header_line_end = content_end = line_end(text, node.end)
            indent = self._child_column(container, index) + 2
        inline, following = render(value, indent, container.flow)
        if start == node.end and inline and text[start - 1:start] not in (" ", "\t"):
            inline = " " + inline  # an empty value (`key:`) gets its space
        self._splice_value(start, header_end, header_line_end, content_end, inline, following)

    def _replace_whole(self, container: Node, index: int, node: Node, value: Value) -> None:
        """A list or mapping replaced, or a scalar replaced by one: the key's line and the block below it."""
        text = self.text
        if container.flow:
            self._splice(self._value_start(node), node.end, self._flow_text(value))
            return
        if container.kind != "map":
            raise UsageError(_("{path}: planctl cannot replace a whole list item in place").format(path=self.path))
        column = self._child_column(container, index)
        if isinstance(value, Scalar):
            inline, following = render(value, column + 2)
        elif node.flow or self._layout()[1]:
            inline, following = self._flow_text(value), []
        else:
            inline, following = self._block_lines(value, column)
        if node.kind in ("seq", "map") and not node.flow:
            start = header_end = self._colon_end(container.keys[index])
            if inline:
                inline = " " + inline
            header_line_end = line_end(text, start)
            content_end = self._content_end(node)
        else:
            start, header_end = self._value_start(node), node.end
            if not inline:  # `goals: x` becomes `goals:` and its items below
                while text[start - 1] in " \t":
                    start -= 1
            elif start == node.end and text[start - 1:start] not in (" ", "\t"):
                inline = " " + inline
            header_line_end = content_end = line_end(text, node.end)
        self._splice_value(start, header_end, header_line_end, content_end, inline, following)

    def _splice_value(self, start: int, header_end: int, header_line_end: int, content_end: int,
                      inline: str, following: list[str]) -> None:
        """[start, header_end) on the key's line becomes `inline`; the rest of that line (a comment)
        stays; the lines after it up to `content_end` become `following`."""
        text = self.text
        below = "".join(self.newline + line for line in following)
        self.text = text[:start] + inline + text[header_end:header_line_end] + below + text[content_end:]
        self._located = None

    def _insert_block(self, container: Node, index: int, lines: list[str], path: JsonPath) -> None:
        """New lines for entry `index` of a block collection: after the entry before it (and its
        end-of-line comment), or above the first entry's own comment lines."""
        if index > 0:
            at = line_end(self.text, self._content_end(container.items[index - 1]))
            self._splice(at, at, "".join(self.newline + line for line in lines))
        else:
            at = self._entry_start(container, 0, path)
            self._splice(at, at, "".join(line + self.newline for line in lines))

    def _insert_flow(self, container: Node, starts: list[Node], ends: list[Node], index: int, entry: str) -> None:
        if not starts:
            if not container.flow:
                raise UsageError(_("{path}: planctl cannot add to an empty block collection").format(path=self.path))
            at = self.text.index("[" if container.kind == "seq" else "{", container.start) + 1
            self._splice(at, at, entry)
        elif index > 0:
            at = ends[index - 1].end
            self._splice(at, at, ", " + entry)
        else:
            at = starts[0].start
            self._splice(at, at, entry + ", ")

    # -- positions -------------------------------------------------------------------------

    def _value_start(self, node: Node) -> int:
        """Where a value's own text starts, after its anchor (`&name`) or tag (`!tag`)."""
        text, at = self.text, node.start
        while (node.anchor or node.tagged) and at < node.end and text[at] in "&!":
            while at < node.end and text[at] not in " \t\r\n":
                at += 1
            while at < node.end and text[at] in " \t\r\n":
                at += 1
        return at

    def _content_end(self, node: Node) -> int:
        """One past the last character of a value, without the blank lines after a block text."""
        text = self.text
        if node.kind == "scalar" and node.style in ("|", ">"):
            start = self._value_start(node)
            header = text[start:line_end(text, start)].split("#", 1)[0]
            end = node.end
            if "+" in header:  # kept trailing line breaks belong to the value: only the last goes
                return end - break_before(text, end) if end > start else end
            while end > start and text[end - 1] in " \t\r\n":
                end -= 1
            return end
        if node.kind in ("seq", "map") and not node.flow and node.items:
            return self._content_end(node.items[-1])
        return node.end

    def _entry_start(self, container: Node, index: int, path: JsonPath) -> int:
        """The first line of entry `index` of a block collection: its own comment lines first."""
        text = self.text
        start = container.keys[index].start if container.kind == "map" else container.items[index].start
        begin = line_start(text, start)
        prefix = text[begin:start]
        if container.kind == "seq":
            if prefix.strip(" ") != "-":
                raise UsageError(_("{path}: {label} is not one item on its own lines; planctl cannot edit it in "
                                   "place").format(path=self.path, label=_label(path + (index,))))
            column = len(prefix) - len(prefix.lstrip(" "))
        elif prefix.strip(" "):
            return start  # a key on a list item's dash line
        else:
            column = len(prefix)
        if index == 0 and not path:
            return begin  # the comments above the file's first key are the file's header
        floor = line_end(text, self._content_end(container.items[index - 1])) if index > 0 else 0
        return own_comments_start(text, begin, column, floor)

    def _block_indent(self, header_line_end: int, content_end: int) -> int:
        """The indentation of a block text's first content line."""
        text = self.text
        for line in text[header_line_end:content_end].splitlines():
            if line.strip(" "):
                return len(line) - len(line.lstrip(" "))
        return 2

    def _child_column(self, container: Node, index: int) -> int:
        """The column of a mapping's key, or of a list item's dash."""
        if container.kind == "map":
            key = container.keys[index]
            return key.start - line_start(self.text, key.start)
        item = container.items[index]
        if container.flow:
            return item.start - line_start(self.text, item.start)
        return self._dash_column(item)

    def _dash_column(self, item: Node) -> int:
        text = self.text
        begin = line_start(text, item.start)
        prefix = text[begin:item.start]
        return len(prefix) - len(prefix.lstrip(" "))

    def _colon_end(self, key: Node) -> int:
        at = key.end
        while self.text[at] in " \t":
            at += 1
        return at + 1 if self.text[at] == ":" else key.end

    def _layout(self) -> tuple[int, bool]:
        """How this file writes lists: the dashes' offset from their key, and whether it uses flow lists only."""
        flows = 0
        if not self.text.strip():
            return DEFAULT_OFFSET, False
        for node in self.located.root.walk():
            if node.kind != "map" or node.flow:
                continue
            for key, value in zip(node.keys, node.items, strict=True):
                if value.kind != "seq":
                    continue
                if value.flow:
                    flows += 1
                elif value.items:
                    key_column = key.start - line_start(self.text, key.start)
                    return max(self._dash_column(value.items[0]) - key_column, 0), False
        return DEFAULT_OFFSET, flows > 0

    def _refuse_aliases(self, path: JsonPath, along: list[Node], target: Node | None) -> None:
        """Refuse to change a value an alias shares: inside an alias, inside an anchored value
        that an alias repeats, or the removal or replacement of such an anchor."""
        aliased = self.located.aliased
        if not aliased:
            return
        for node in along:
            if node.kind == "alias":
                self._alias_refusal(path, node, N_("{label} is an alias (*{anchor}) of a value defined elsewhere "
                                                   "in the file"))
            if node.anchor in aliased:
                self._alias_refusal(path, node, N_("{label} is inside the value &{anchor}, which an alias "
                                                   "(*{anchor}) repeats"))
        for node in target.walk() if target is not None else ():
            if node.kind != "alias" and node.anchor in aliased:
                self._alias_refusal(path, node, N_("{label} holds the value &{anchor}, which an alias "
                                                   "(*{anchor}) repeats"))

    def _alias_refusal(self, path: JsonPath, node: Node, why: str) -> None:
        """`why` is marked with `N_`: a sentence with {label} and {anchor}."""
        line = self.text.count("\n", 0, node.start) + 1
        problem = _(why).format(label=_label(path) or _("the file"), anchor=node.anchor)
        raise UsageError(_("{path}:{line}: {problem}; changing it would change both: write the value out in full, "
                           "without the anchor and the alias, then edit it").format(
                               path=self.path, line=line, problem=problem))


    def _expected(self, path: JsonPath) -> Any:
        value: Any = self.data
        for step in path:
            value = value[step]
        return value

    # -- new text --------------------------------------------------------------------------

    def _flow_text(self, value: Value) -> str:
        if isinstance(value, Scalar):
            return render(value, 0, flow=True)[0]
        if isinstance(value, dict):
            return "{" + ", ".join(f"{key}: {self._flow_text(v)}" for key, v in value.items()) + "}"
        return "[" + ", ".join(self._flow_text(v) for v in value) + "]"

    def _entry_lines(self, key: str, value: Value, column: int) -> list[str]:
        """`key: value` at `column`, with the lines of a block value below it."""
        if isinstance(value, Scalar):
            inline, following = render(value, column + 2)
        elif self._layout()[1]:
            inline, following = self._flow_text(value), []
        else:
            inline, following = self._block_lines(value, column)
        return [" " * column + key + ":" + (" " + inline if inline else ""), *following]

    def _block_lines(self, value: Value, column: int) -> tuple[str, list[str]]:
        """A list or mapping below a key at `column`: ("", its lines)."""
        if isinstance(value, dict):
            return "", [line for key, v in value.items() for line in self._entry_lines(key, v, column + 2)]
        if not value:
            return "[]", []
        dash = column + self._layout()[0]
        return "", [line for item in value for line in self._item_lines(item, dash)]

    def _item_lines(self, value: Value, dash: int) -> list[str]:
        """One list item, its dash at column `dash`."""
        if isinstance(value, Scalar):
            inline, following = render(value, dash + 2)
            return [" " * dash + "- " + inline, *following]
        if isinstance(value, dict) and value:
            lines = [line for key, v in value.items() for line in self._entry_lines(key, v, dash + 2)]
            lines[0] = " " * dash + "- " + lines[0][dash + 2:]
            return lines
        return [" " * dash + "- " + self._flow_text(value)]


def new_document(header: str, entries: dict[str, Value]) -> str:
    """The text of a new plan file: `header` (comment lines), then the entries in the order given."""
    source = SourceFile("-", "", {})  # an empty file: the house layout
    lines = [line for key, value in entries.items() for line in source._entry_lines(key, value, 0)]
    return header + "".join(line + "\n" for line in lines)


def _label(path: JsonPath) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _same(a: Any, b: Any) -> bool:
    """Equal as data: key order aside, NaN equal to NaN, and True never equal to 1."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b
