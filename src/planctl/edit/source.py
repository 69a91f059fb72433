"""Where every key, value and list item of a plan file stands, to the character.

Edits splice new text into the file at these positions instead of loading and
dumping the whole file: a round trip through ruamel rewraps long lines and
folded texts it was never asked to touch, and it was most of `mv`'s time. The
positions come from the parser's events, which carry character offsets, each
scalar's style, anchors and aliases (an alias has a place of its own here, not
its anchor's). The plain values an edit reasons about still come from
`yamlread`, so what an edit reads is what `check` reads.

Only the files an edit touches are read this way; `check` never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)


@dataclass(slots=True, eq=False)
class Node:
    """One value as written: where it starts and ends (character offsets into the text).

    `start` is where the parser's event starts: at an anchor or a tag when the
    value has one. `end` is one past its last character; a block scalar's end
    includes the blank lines after it (`content_end` in `splice` trims them).
    """

    kind: str  # "scalar", "seq", "map" or "alias"
    start: int
    end: int
    style: str = ""  # a scalar's "", "'", '"', "|" or ">"
    flow: bool = False  # a list or mapping written in brackets
    anchor: str | None = None  # the anchor it defines, or (an alias) the one it names
    tagged: bool = False
    value: str = ""  # a scalar's text as parsed
    keys: list[Node] = field(default_factory=list)  # a mapping's keys
    items: list[Node] = field(default_factory=list)  # a mapping's values, a list's items

    def find(self, key: str | int) -> int | None:
        """The index of `key` (the first one, as the loader keeps the first of duplicates)."""
        if self.kind == "map" and isinstance(key, str):
            for index, key_node in enumerate(self.keys):
                if key_node.value == key:
                    return index
            return None
        if self.kind == "seq" and isinstance(key, int) and 0 <= key < len(self.items):
            return key
        return None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in (*self.keys, *self.items):
            yield from child.walk()


@dataclass(slots=True)
class Located:
    root: Node
    aliased: frozenset[str]  # the anchors some alias names


class NotLocatable(ValueError):
    """The text is not one YAML document the parser can read."""


def _events(text: str) -> Iterator[Any]:
    try:
        from ruamel.yaml.cyaml import CSafeLoader
    except ImportError:  # the pure-Python parser gives the same events and offsets
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    from planctl.yamlread import release

    loader = CSafeLoader(text)
    try:
        while True:
            event = loader.get_event()
            yield event
            if event is None or type(event).__name__ == "StreamEndEvent":
                return
    finally:
        release(loader)


def locate(text: str) -> Located:
    """The node tree of the one document in `text`, with every node's position."""
    stack: list[Node] = []
    roots: list[Node] = []
    aliased: set[str] = set()
    try:
        for event in _events(text):
            node: Node | None = None
            if isinstance(event, ScalarEvent):
                node = Node("scalar", event.start_mark.index, event.end_mark.index, style=event.style or "",
                            anchor=event.anchor, tagged=event.tag is not None, value=event.value)
            elif isinstance(event, AliasEvent):
                node = Node("alias", event.start_mark.index, event.end_mark.index, anchor=event.anchor)
                aliased.add(event.anchor)
            elif isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                kind = "seq" if isinstance(event, SequenceStartEvent) else "map"
                stack.append(Node(kind, event.start_mark.index, event.end_mark.index,
                                  flow=bool(event.flow_style), anchor=event.anchor,
                                  tagged=event.tag is not None))
                continue
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                node = stack.pop()
                node.end = event.end_mark.index
                if node.kind == "map":
                    node.keys, node.items = node.items[0::2], node.items[1::2]
            else:
                continue
            (stack[-1].items if stack else roots).append(node)
    except (YAMLError, RecursionError) as exc:
        raise NotLocatable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    if len(roots) != 1:
        from planctl.i18n import _

        raise NotLocatable(_("a plan file holds exactly one YAML document"))
    return Located(roots[0], frozenset(aliased))

