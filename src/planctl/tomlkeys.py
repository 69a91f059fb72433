"""Where each key of a TOML document is written: `tomllib` parses but keeps no positions.

A configuration error must name `planctl.toml:LINE:COL`, so this scans the
text once for table headers, keys (dotted, quoted, inside inline tables) and
array items, and maps each path to the line and column of its key and of its
value. It runs only on text `tomllib` has already accepted, so it can skip
over strings, numbers and dates without judging them, and it never raises: on
anything unexpected it stops, and a lookup falls back to the nearest parent
it did find. A few dozen lines of scanning beat a TOML library that keeps
positions (none is in the standard library).
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass

KeyPath = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = " \t"


@dataclass(frozen=True, slots=True)
class Place:
    """1-based positions of a key and of its value (a table header's are both its name's)."""

    line: int
    col: int
    value_line: int
    value_col: int


class KeyPositions:
    """The positions of the keys of one TOML text, by path (`("lint", "severity", "D003")`)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self._places: dict[KeyPath, Place] = {}
        self._arrays: dict[tuple[str, ...], int] = {}
        self._i = 0
        try:
            self._document()
        except (IndexError, ValueError, tomllib.TOMLDecodeError):
            pass  # not the TOML tomllib read: keep what was found

    def find(self, path: KeyPath) -> Place | None:
        """The place of `path`, or of its nearest ancestor that was found (None: not even that)."""
        for end in range(len(path), 0, -1):
            place = self._places.get(path[:end])
            if place is not None:
                return place
        return None

    # --- scanning -----------------------------------------------------------------

    def _pos(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1

    def _record(self, path: KeyPath, key_at: int, value_at: int, *, overwrite: bool = True) -> None:
        if not overwrite and path in self._places:
            return
        self._places[path] = Place(*self._pos(key_at), *self._pos(value_at))

    def _peek(self, ahead: int = 0) -> str:
        j = self._i + ahead
        return self._text[j] if j < len(self._text) else ""

    def _skip_space(self) -> None:
        while self._peek() and self._peek() in _SPACE:
            self._i += 1

    def _skip_blank(self) -> None:
        """Spaces, newlines and comments (between statements and inside arrays)."""
        while True:
            ch = self._peek()
            if ch and ch in " \t\r\n":
                self._i += 1
            elif ch == "#":
                end = self._text.find("\n", self._i)
                self._i = len(self._text) if end < 0 else end
            else:
                return

    def _document(self) -> None:
        table: KeyPath = ()
        while True:
            self._skip_blank()
            if not self._peek():
                return
            if self._peek() == "[":
                table = self._header()
            else:
                self._keyval(table)

    def _header(self) -> KeyPath:
        many = self._peek(1) == "["
        self._i += 2 if many else 1
        self._skip_space()
        keys = self._key()
        names = tuple(name for name, _ in keys)
        if many:
            self._arrays[names] = self._arrays.get(names, -1) + 1
        path: KeyPath = ()
        for depth, (name, at) in enumerate(keys, start=1):
            path += (name,)
            last = depth == len(keys)
            self._record(path, at, at, overwrite=last and not many)
            if names[:depth] in self._arrays:
                path += (self._arrays[names[:depth]],)
                self._record(path, at, at, overwrite=last)
        self._skip_space()
        self._i += 2 if many else 1
        return path

    def _keyval(self, table: KeyPath) -> None:
        keys = self._key()
        self._skip_space()
        if self._peek() != "=":
            raise ValueError("not a key/value pair")
        self._i += 1
        self._skip_space()
        path = table
        for depth, (name, at) in enumerate(keys, start=1):
            path += (name,)
            if depth < len(keys):
                self._record(path, at, at, overwrite=False)
        self._record(path, keys[-1][1], self._i)
        self._value(path)

    def _key(self) -> list[tuple[str, int]]:
        """A dotted key: each part with the index where it starts."""
        parts: list[tuple[str, int]] = []
        while True:
            at = self._i
            ch = self._peek()
            if ch == '"':
                end = self._basic_end(self._i + 1)
                name = tomllib.loads(f"k = {self._text[at:end]}")["k"]
                self._i = end
            elif ch == "'":
                end = self._text.index("'", self._i + 1) + 1
                name = self._text[at + 1:end - 1]
                self._i = end
            else:
                match = _BARE.match(self._text, self._i)
                if match is None:
                    raise ValueError("not a key")
                name = match.group()
                self._i = match.end()
            parts.append((name, at))
            self._skip_space()
            if self._peek() != ".":
                return parts
            self._i += 1
            self._skip_space()

    def _basic_end(self, j: int) -> int:
        """The index after the closing quote of a basic string whose text starts at `j`."""
        text = self._text
        while text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        return j + 1

    def _value(self, path: KeyPath) -> None:
        text, ch = self._text, self._peek()
        if text.startswith('"""', self._i):
            j = self._i + 3
            while not text.startswith('"""', j):
                j += 2 if text[j] == "\\" else 1
            j += 3
            while j < len(text) and text[j] == '"':
                j += 1  # up to two quotes may end the content
            self._i = j
        elif text.startswith("'''", self._i):
            j = text.index("'''", self._i + 3) + 3
            while j < len(text) and text[j] == "'":
                j += 1
            self._i = j
        elif ch == '"':
            self._i = self._basic_end(self._i + 1)
        elif ch == "'":
            self._i = text.index("'", self._i + 1) + 1
        elif ch == "[":
            self._i += 1
            index = 0
            while True:
                self._skip_blank()
                if self._peek() in ("]", ""):
                    self._i += 1
                    return
                item = path + (index,)
                self._record(item, self._i, self._i)
                self._value(item)
                index += 1
                self._skip_blank()
                if self._peek() == ",":
                    self._i += 1
        elif ch == "{":
            self._i += 1
            while True:
                self._skip_space()
                if self._peek() in ("}", ""):
                    self._i += 1
                    return
                self._keyval(path)
                self._skip_space()
                if self._peek() == ",":
                    self._i += 1
        else:
            while self._peek() and self._peek() not in ",]}#\r\n":
                self._i += 1
