"""The in-memory plan: documents with source positions, and typed entities.

A `Document` is what the loader read from one file (plain data plus where each
value stood). Typed entities are built leniently from a document even when it
fails its schema, so that cross-reference and lint checks still see every
field that *is* usable, and one wrong field never hides other problems.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar

from planctl import spec as _spec
from planctl.diagnostics import Diagnostic
from planctl.positions import JsonPath, Span
from planctl.textcodec import decode

__all__ = ["JsonPath", "Span"]  # re-exported: the model's documents are read with them

Locator = Callable[[str, str], tuple[dict[JsonPath, Span], dict[JsonPath, Span]]]
"""Finds (value spans, key spans) in a file's text; the loader gives the parser's."""

# The format's vocabulary, as the spec declares it (kept here: most of the code imports it from the model).
KINDS: tuple[str, ...] = _spec.KINDS
KIND_DIRS: dict[str, str] = dict(_spec.FOLDERS)
DIR_OF_KIND: dict[str, str] = {kind: folder for folder, kind in KIND_DIRS.items()}
STATUSES: tuple[str, ...] = _spec.STATUS.values
HORIZONS: tuple[str, ...] = _spec.HORIZON.values
OWNER_KINDS: tuple[str, ...] = _spec.OWNER_KIND.values

# Canonical key order per kind: used by the writer and the key-order lint rule.
FIELD_ORDER: dict[str, tuple[str, ...]] = {name: kind.order for name, kind in _spec.KIND.items()}

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Document:
    """One plan file as read: its data and where each key and value stands.

    Positions come straight from the parser when this process parsed the file.
    When the data came from the cache or a worker process, they are found again
    (by re-reading `text`) only if something asks for a position: a clean
    10,000-file check never needs most of them, and not shipping them keeps the
    cache small and fast to load.

    The text itself is lazy too. A file the cache recognised by its size and
    times was never read at all; its bytes are read from `source` the first
    time anything asks (a diagnostic's position, a source line in a report).

    `memo` holds facts derived from the file's bytes alone (lint findings,
    suppression comments). It is shared with the cache entry of those bytes,
    so what one run learns about a file the next run does not compute again.
    """

    __slots__ = (
        "_bom",
        "_key_spans",
        "_locate",
        "_raw",
        "_source",
        "_spans",
        "_text",
        "data",
        "key",
        "kind",
        "memo",
        "path",
    )

    def __init__(self, path: str, kind: str | None, text: str | None = None, data: Any = None,
                 spans: dict[JsonPath, Span] | None = None, key_spans: dict[JsonPath, Span] | None = None,
                 *, raw: bytes | None = None, source: str | None = None, locate: Locator | None = None) -> None:
        self.path = path  # POSIX, relative to the plan root
        self.kind = kind
        self.data = data
        self.memo: dict[str, Any] | None = None
        self.key = ""  # the cache's content key, when the file went through the cache
        self._text: str | _Unread | None = text if text is not None or (raw is None and source is None) else _UNREAD
        self._raw = raw if self._text is _UNREAD else None
        self._source = source  # the file to read when the text is first asked for
        self._bom: bool | None = None if raw is None and source is not None else _has_bom(raw)
        self._spans = spans
        self._key_spans = key_spans
        self._locate = locate  # without one, positions not given here are unknown (1:1)

    def __repr__(self) -> str:
        return f"Document({self.path!r}, {self.kind!r})"

    def _reread(self) -> bytes | None:
        """The file's bytes from `source`, when they are still those the data was read from
        (`key`, their content key, says): a file changed since reads as unknown text, not as
        text whose positions belong to other data."""
        raw = _read(self._source)
        if raw is not None and self.key and self.kind is not None:
            from planctl.cache import content_key

            if content_key(raw, self.kind) != self.key:
                return None
        return raw

    @property
    def text(self) -> str | None:
        """The file's text without a byte-order mark (None: not decodable, or gone)."""
        if self._text is _UNREAD:
            raw = self._raw if self._raw is not None else self._reread()
            self._raw = None  # decoded once, kept once
            if self._bom is None and raw is not None:
                self._bom = _has_bom(raw)
            self._text = _decode(raw)
        return self._text

    @text.setter
    def text(self, value: str | None) -> None:
        self._text = value

    @property
    def is_read(self) -> bool:
        """Whether the text is at hand (parsed this run, or asked for): asking for it costs nothing."""
        return self._text is not _UNREAD

    @property
    def bom(self) -> bool:
        """Whether the file starts with a UTF-8 byte-order mark (kept when it is rewritten)."""
        if self._bom is None:
            self.text  # reads the bytes  # noqa: B018
        return bool(self._bom)

    @bom.setter
    def bom(self, value: bool) -> None:
        self._bom = value

    def _find_positions(self) -> None:
        spans: dict[JsonPath, Span] = {}
        key_spans: dict[JsonPath, Span] = {}
        if self.text is not None and self._locate is not None:
            spans, key_spans = self._locate(self.text, self.path)
        self._spans, self._key_spans = spans, key_spans

    @property
    def spans(self) -> dict[JsonPath, Span]:
        if self._spans is None:
            self._find_positions()
        assert self._spans is not None
        return self._spans

    @spans.setter
    def spans(self, value: dict[JsonPath, Span]) -> None:
        self._spans = value

    @property
    def key_spans(self) -> dict[JsonPath, Span]:
        if self._key_spans is None:
            self._find_positions()
        assert self._key_spans is not None
        return self._key_spans

    @key_spans.setter
    def key_spans(self, value: dict[JsonPath, Span]) -> None:
        self._key_spans = value

    def span(self, path: JsonPath = ()) -> Span:
        """The value's span, or its nearest enclosing one when the path is absent."""
        spans = self.spans
        path = tuple(path)
        while path:
            if path in spans:
                return spans[path]
            path = path[:-1]
        return spans.get((), Span(1, 1))

    def key_span(self, path: JsonPath) -> Span:
        """Where the key of `path` stands; falls back to the value's span."""
        return self.key_spans.get(tuple(path)) or self.span(path)

    @property
    def mapping(self) -> dict[str, Any]:
        return self.data if isinstance(self.data, dict) else {}


class _Unread(enum.Enum):
    """The type of `_UNREAD`: an enum of one member, so that `is _UNREAD` narrows a type."""

    UNREAD = 0


_UNREAD: Final = _Unread.UNREAD
_BOM = b"\xef\xbb\xbf"


def _has_bom(raw: bytes | None) -> bool:
    return raw is not None and raw.startswith(_BOM)


def _read(source: str | None) -> bytes | None:
    if source is None:
        return None
    from planctl import safefs

    try:  # never blocks on a FIFO swapped in since the file was vouched for
        return safefs.read_regular(source, 1 << 30, follow=True)
    except OSError:
        return None


def _decode(raw: bytes | None) -> str | None:
    """As the loader decodes (it did so for these bytes before, so None is for a file since broken)."""
    if raw is None:
        return None
    text = decode(raw)
    return text if isinstance(text, str) else None


def as_date(value: Any) -> _dt.date | None:
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _strs(data: dict[str, Any], key: str) -> list[str]:
    """The strings of a list (the list itself when it holds nothing else: callers copy it)."""
    value = data.get(key)
    if not isinstance(value, list):
        return []
    strings = [v for v in value if isinstance(v, str)]
    return value if len(strings) == len(value) else strings


@dataclass(slots=True)
class Milestone:
    title: str | None
    due: _dt.date | None
    done: bool


@dataclass(slots=True)
class Goal:
    id: str
    title: str | None
    description: str | None
    parent: str | None
    indicators: list[str]
    doc: Document = field(repr=False, compare=False)
    kind: str = "goal"

    @property
    def is_focus_area(self) -> bool:
        return "." not in self.id

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass(slots=True)
class Initiative:
    id: str
    title: str | None
    description: str | None
    goals: list[str]
    needs: list[str]
    owner: str | None
    decided_by: str | None
    participants: list[str]
    status: str | None
    horizon: str | None
    start: _dt.date | None
    end: _dt.date | None
    milestones: list[Milestone]
    links: list[str]
    tags: list[str]
    comment: str | None
    doc: Document = field(repr=False, compare=False)
    kind: str = "initiative"

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass(slots=True)
class Owner:
    id: str
    name: str | None
    kind_of: str | None
    parent: str | None
    url: str | None
    email: str | None
    doc: Document = field(repr=False, compare=False)
    kind: str = "owner"

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(slots=True)
class Event:
    """A meeting of the plan's work. `start`, `end` and `registration_deadline` are dates
    (whole days) or date-times; a date-time without tzinfo is wall-clock time in
    `spec.TIME_ZONE` (`planctl.eventtime` turns either into an instant)."""

    id: str
    title: str | None
    kind_of: str | None
    description: str | None
    start: _spec.When | None
    end: _spec.When | None
    place: str | None
    online_link: str | None
    registration_link: str | None
    registration_deadline: _spec.When | None
    organiser: str | None
    goals: list[str]
    initiatives: list[str]
    comment: str | None
    doc: Document = field(repr=False, compare=False)
    kind: str = "event"

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass(slots=True)
class Need:
    """A need of the school organisers, which initiatives answer (their `needs`)."""

    id: str
    title: str | None
    description: str | None
    raised_by: list[str]
    raised_by_kinds: list[str]
    goals: list[str]
    comment: str | None
    doc: Document = field(repr=False, compare=False)
    kind: str = "need"

    @property
    def label(self) -> str:
        return self.title or self.id


Entity = Goal | Initiative | Owner | Event | Need
E = TypeVar("E", Goal, Initiative, Owner, Event, Need)


def build_entity(doc: Document) -> Entity | None:
    """A typed entity from a document, taking each field only when its type is right."""
    if doc.kind is None:
        return None
    return entity_from_row(doc.kind, entity_row(doc.kind, doc.mapping), doc)


EntityRow = tuple[Any, ...]
"""An entity's fields as plain values (dates as ISO text), ready for the cache: `marshal`
stores it, and building the entity from it skips every type test of `entity_row`."""


def entity_row(kind: str, data: dict[str, Any]) -> EntityRow | None:
    """The fields `build_entity` takes from `data`, each only when its type is right (None: no id)."""
    return _ROW[kind](data)


def entity_from_row(kind: str, row: EntityRow | None, doc: Document) -> Entity | None:
    """The entity of `row` (lists copied: the row may be shared with the cache)."""
    if row is None:
        return None
    return _FROM_ROW[kind](row, doc)


def _milestones(data: dict[str, Any], key: str) -> list[tuple[str | None, str | None, bool]]:
    raw = data.get(key)
    return [(_str(item, "title"), _iso(item.get("due")), item.get("done") is True)
            for item in (raw if isinstance(raw, list) else []) if isinstance(item, dict)]


def _compile_rows() -> tuple[dict[str, Any], dict[str, Any]]:
    """`entity_row` and `entity_from_row` of each kind, written out from the spec.

    Both run once per file of a 10,000-file plan (the first on a cold check, the
    second on every warm one), so each kind gets a flat function, as fast as one
    written by hand, instead of a loop over its fields. The row holds the spec's
    fields in file order; the cache's key stamps this module and the spec, so a
    changed spec never meets rows of the old shape."""
    take = {"milestones": "_milestones(data, {k!r})", "date": "_iso(data.get({k!r}))",
            "datetime": "_when(data.get({k!r}))"}
    make = {"milestones": "[Milestone(t, date(d) if d else None, x) for t, d, x in {v}]",
            "date": "date({v}) if {v} else None", "datetime": "when({v}) if {v} else None"}
    env: dict[str, Any] = {"_str": _str, "_strs": _strs, "_iso": _iso, "_when": _when, "_milestones": _milestones,
                           "Milestone": Milestone, "date": _dt.date.fromisoformat, "when": _spec.parse_when}
    classes = {"goal": Goal, "initiative": Initiative, "owner": Owner, "event": Event, "need": Need}
    rows: dict[str, Any] = {}
    builds: dict[str, Any] = {}
    for name, kind in _spec.KIND.items():
        attrs = [f.name for f in dataclasses.fields(classes[name])][:len(kind.fields)]
        if attrs != [f.attribute for f in kind.fields]:  # a field added to the spec but not here
            raise TypeError(f"planctl.model.{classes[name].__name__} has the fields {attrs}; the spec's "
                            f"{name} has {[f.attribute for f in kind.fields]}, in this order")
        env[f"_{name}_class"] = classes[name]
        getters, names, values = [], [], []
        for i, f in enumerate(kind.fields):
            var = f"v{i}"
            names.append(var)
            if f.type == "id":
                continue
            reader = take.get(f.type) or ("_strs(data, {k!r})" if f.many else "_str(data, {k!r})")
            getters.append(reader.format(k=f.name))
            values.append(make[f.type].format(v=var) if f.type in make else f"list({var})" if f.many else var)
        source = (f"def _row_{name}(data):\n"
                  f"    ident = data.get('id')\n"
                  f"    if not isinstance(ident, str):\n        return None\n"
                  f"    return (ident, {', '.join(getters)})\n"
                  f"def _build_{name}(row, doc):\n"
                  f"    {', '.join(names)}, = row\n"
                  f"    return _{name}_class(v0, {', '.join(values)}, doc)\n")
        exec(compile(source, f"<planctl.model rows of {name}>", "exec"), env)  # our own generated source
        rows[name], builds[name] = env[f"_row_{name}"], env[f"_build_{name}"]
    return rows, builds


def _iso(value: Any) -> str | None:
    """A date as its ISO text when `as_date` accepts it."""
    return value if as_date(value) is not None else None


def _when(value: Any) -> str | None:
    """A date or date-time as written, when it is one (`spec.parse_when`)."""
    return value if isinstance(value, str) and _spec.parse_when(value) is not None else None


_ROW: dict[str, Callable[[dict[str, Any]], EntityRow | None]]
_FROM_ROW: dict[str, Callable[[EntityRow, Document], Entity]]
_ROW, _FROM_ROW = _compile_rows()


class LoadSession(Protocol):
    """What a plan keeps of the load that produced it: where facts learnt about its files
    (lint findings, suppressions) are remembered for the next run. The loader's cache is
    one; the model needs to know no more of it than this."""

    def touch(self, key: str) -> None: ...

    def save(self) -> None: ...


@dataclass(slots=True)
class Plan:
    """Everything one load produced: documents, entities and load/schema diagnostics."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    goals: dict[str, Goal] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    owners: dict[str, Owner] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    needs: dict[str, Need] = field(default_factory=dict)
    session: LoadSession | None = None
    """The load that produced the plan (its cache), if it kept one: saved by `save_cache`."""
    derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Indexes computed from the entities on first use (`planctl.goaltree`: who names what), so
    that a question asked once per goal or owner costs a lookup, not a pass over the plan.
    Dropped when an entity is added; entities are not changed in place once loaded, and
    `dataclasses.replace` (a plan restricted by `--where`) starts the copy without them."""

    def add(self, entity: Entity) -> None:
        """Keep every entity (duplicates are a check's business); index the first of each id."""
        if self.derived:
            self.derived.clear()
        self.entities.append(entity)
        if isinstance(entity, Initiative):
            self.initiatives.setdefault(entity.id, entity)
        elif isinstance(entity, Goal):
            self.goals.setdefault(entity.id, entity)
        elif isinstance(entity, Owner):
            self.owners.setdefault(entity.id, entity)
        elif isinstance(entity, Event):
            self.events.setdefault(entity.id, entity)
        else:
            self.needs.setdefault(entity.id, entity)

    def of(self, kind: str) -> Mapping[str, Entity]:
        """The entities of one kind by id (the first of each id), for code that takes the kind
        from the spec (a reference's target, a sheet)."""
        if kind == "goal":
            return self.goals
        if kind == "initiative":
            return self.initiatives
        if kind == "owner":
            return self.owners
        if kind == "event":
            return self.events
        if kind == "need":
            return self.needs
        raise KeyError(kind)

    def remember(self, doc: Document, name: str, value: Any) -> None:
        """Keep a fact derived from `doc`'s bytes alone, for this run and (through the cache) the next."""
        if doc.memo is None:
            return
        doc.memo[name] = value
        if self.session is not None and doc.key:
            self.session.touch(doc.key)

    def save_cache(self) -> None:
        """Write what this run learnt to the cache (once every check has added its facts)."""
        if self.session is not None:
            self.session.save()

    def keep_quoted(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Remember, with each file's cache entry, the lines these diagnostics point at: the next
        run's report quotes them from there (`Sources.line`) and reads no file whose bytes it
        knows. A warm check of 3,000 findings read 3,000 files again just for their code frames."""
        if self.session is None:
            return
        wanted: dict[str, set[int]] = {}
        for d in diagnostics:
            if d.line > 0:
                wanted.setdefault(d.path, set()).add(d.line)
        if not wanted:
            return
        for doc in self.documents:
            numbers = wanted.get(doc.path)
            if numbers is None or doc.memo is None or not doc.key:
                continue
            kept: dict[int, str | None] = doc.memo.get(QUOTED) or {}
            missing = [n for n in numbers if n not in kept]
            if missing:
                lines = _lines(doc.text)
                self.remember(doc, QUOTED, {**kept, **{n: lines[n - 1] if n <= len(lines) else None
                                                       for n in missing}})

    def get(self, ident: str) -> Entity | None:
        return (self.goals.get(ident) or self.initiatives.get(ident) or self.owners.get(ident)
                or self.events.get(ident) or self.needs.get(ident))

    def iter_kind(self, kind: str) -> Iterator[Entity]:
        return (e for e in self.entities if e.kind == kind)

    def every(self, cls: type[E]) -> Iterator[E]:
        """Every entity of one type, duplicates included (unlike the id indexes)."""
        return (e for e in self.entities if type(e) is cls)


QUOTED = "quoted"
"""The memo key of the lines of a file that diagnostics pointed at (`Plan.keep_quoted`)."""


def _lines(text: str | None) -> list[str]:
    """The lines as a code frame counts them (`str.splitlines`, as the renderers always did)."""
    return text.splitlines() if text else []


class Sources(Mapping[str, "str | None"]):
    """Each document's text by path, read only when asked: a report quotes a few lines
    of a few files, and reading all 10,000 to offer them would cost more than the check."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self._docs = {doc.path: doc for doc in documents}
        self._lines: dict[str, list[str]] = {}

    def __getitem__(self, path: str) -> str | None:
        return self._docs[path].text

    def line(self, path: str, number: int) -> str | None:
        """Line `number` (1-based) of the file, or None: from the cache's memo when the file
        was not read this run and the last run kept that line, else from the file's text."""
        doc = self._docs.get(path)
        if doc is None or number < 1:
            return None
        if not doc.is_read and doc.memo:
            kept = doc.memo.get(QUOTED)
            if kept is not None and number in kept:
                return kept[number]  # type: ignore[no-any-return]
        lines = self._lines.get(path)
        if lines is None:
            lines = self._lines[path] = _lines(doc.text)
        return lines[number - 1] if number <= len(lines) else None

    def __iter__(self) -> Iterator[str]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)
