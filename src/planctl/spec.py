"""The plan format, declared once: kinds, their fields, enums, labels and sheet cells.

Everything that knows a field by name derives from here: the model's constants
and cache rows, the reference finder of checks and edits, list fields, the order
of keys in a file, export columns and their import (one codec per column), enum
labels, and the `--where` language (`planctl.filters`). `tests/test_spec.py`
holds this module and `schema/*.json` to each other, so a new field is a line
here plus its schema, and the test names whatever is missing.

A leaf module on purpose: it imports only the standard library, so the loader,
the model and every command can use it without paying for anything. Its records
are named tuples rather than dataclasses because they are only ever read, and a
named tuple class costs a third of a frozen dataclass to create at start-up; and
without `from __future__ import annotations`, since a named tuple compiles every
annotation given as a string.
"""

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Collection
from typing import Any, NamedTuple, Protocol

LANGS: tuple[str, ...] = ("sv", "en")
LIST_SEPARATOR = "; "
"""How a list is joined in a sheet cell (import also splits on line breaks)."""

_LIST_SPLIT = re.compile(r"\s*[;\n]\s*")


def lang_index(lang: str) -> int:
    return LANGS.index(lang) if lang in LANGS else 0


def fold(text: str) -> str:
    """Text as compared by a reader: spaces collapsed, case ignored."""
    return " ".join(text.split()).casefold()


# -- enums ------------------------------------------------------------------------------------

class Choice(NamedTuple):
    value: str
    sv: str
    en: str

    def label(self, lang: str) -> str:
        return (self.sv, self.en)[lang_index(lang)]

    def names(self) -> tuple[str, ...]:
        """Every way a reader may write it: the value, each label, each label before its
        parenthesis ("Kort" for "Kort (inom ett år)"), folded."""
        labels = (self.sv, self.en)
        return tuple(dict.fromkeys([self.value, *(fold(x) for x in labels),
                                    *(fold(x.split(" (")[0]) for x in labels)]))


class Enum(NamedTuple):
    name: str
    choices: tuple[Choice, ...]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def label(self, value: str | None, lang: str) -> str:
        """The reader's word for a value; an unknown value is shown as it is."""
        if value is None:
            return ""
        for choice in self.choices:
            if choice.value == value:
                return choice.label(lang)
        return value

    def parse(self, text: str) -> str | None:
        """The value a reader's text names (value or label, either language, any case)."""
        wanted = fold(text)
        for choice in self.choices:
            if wanted in choice.names():
                return choice.value
        return None

    def suggest(self, text: str) -> str | None:
        """The value closest to a misspelt text, for a did-you-mean."""
        names = {name: c.value for c in self.choices for name in c.names()}
        close = difflib.get_close_matches(fold(text), list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None


def _enum(name: str, *choices: tuple[str, str, str]) -> Enum:
    return Enum(name, tuple(Choice(*c) for c in choices))


STATUS = _enum(
    "status",
    ("proposed", "Föreslagen", "Proposed"),
    ("in-preparation", "Under beredning", "In preparation"),
    ("decided", "Beslutad", "Decided"),
    ("ongoing", "Pågående", "Ongoing"),
    ("completed", "Genomförd", "Completed"),
    ("cancelled", "Avbruten", "Cancelled"),
)
HORIZON = _enum(
    "horizon",
    ("short", "Kort (inom ett år)", "Short (within a year)"),
    ("medium", "Medel (1–3 år)", "Medium (1–3 years)"),
    ("long", "Lång (3–5 år)", "Long (3–5 years)"),
)
OWNER_KIND = _enum(
    "owner_kind",
    ("government", "Regering", "Government"),
    ("agency", "Myndighet", "Agency"),
    ("municipality", "Kommun", "Municipality"),
    ("school-organiser", "Huvudman", "School organiser"),
    ("association", "Förening eller organisation", "Association"),
    ("research", "Forskning", "Research"),
    ("company", "Företag", "Company"),
    ("non-profit", "Ideell organisation", "Non-profit"),
    ("person", "Person", "Person"),
    ("group", "Grupp", "Group"),
)
EVENT_KIND = _enum(
    "event_kind",
    ("consultation", "Rådslag", "Consultation"),
    ("round-table", "Rundabordssamtal", "Round-table talk"),
    ("webinar", "Webbinarium", "Webinar"),
    ("workshop", "Workshop", "Workshop"),
    ("conference", "Konferens", "Conference"),
    ("webcast", "Webbsändning", "Webcast"),
    ("other", "Annat", "Other"),
)
SCHOOL_ORGANISER_KIND = _enum(
    "school_organiser_kind",
    ("municipal", "Kommunal huvudman", "Municipal school organiser"),
    ("independent", "Enskild huvudman", "Independent school organiser"),
    ("regional", "Region som huvudman", "Regional school organiser"),
    ("state", "Statlig huvudman", "State school organiser"),
)
"""The kinds of huvudman the Education Act knows: who raised a need, when no one owner did."""
GOAL_KIND = _enum(
    "goal_kind",
    ("focus-area", "Fokusområde", "Focus area"),
    ("sub-goal", "Delmål", "Sub-goal"),
)
"""Not a field: whether a goal is a focus area or a sub-goal follows from its id."""

ENUMS: dict[str, Enum] = {e.name: e for e in (STATUS, HORIZON, OWNER_KIND, EVENT_KIND, SCHOOL_ORGANISER_KIND,
                                               GOAL_KIND)}

TIME_ZONE = "Europe/Stockholm"
"""What a date-time written without an offset means (`datetime` fields: an event's times)."""


# -- sheet cells ------------------------------------------------------------------------------

def N_(message: str) -> str:
    """Marks a message for the catalogue, as `planctl.i18n.N_` does: the spec imports nothing of
    planctl's, so whoever shows one of its messages translates it (`CellError.text`, `no_such_id`)."""
    return message


class CellError(ValueError):
    """A sheet cell that means nothing for the plan (the message says why).

    `template` is the English message, marked with `N_`, and `values` fill it: `str(exc)` is the
    English text, `exc.text(_)` the text in the language of the run."""

    def __init__(self, template: str, **values: Any) -> None:
        super().__init__(template.format(**values))
        self.template, self.values = template, values

    def text(self, translate: Callable[[str], str]) -> str:
        return translate(self.template).format(**self.values)


class Lookup(Protocol):
    """What a cell codec needs to know of the plan: the entities of a kind by id."""

    def label(self, kind: str, ident: str) -> str | None:
        """The entity's title or name (None: no such entity, or it has none)."""

    def ids(self, kind: str) -> Collection[str]: ...

    def named(self, kind: str, name: str) -> list[str]:
        """The ids of the entities whose title or name is `name` (folded)."""


def cell_text(value: Any) -> str:
    """A cell as text, whatever the spreadsheet made of it."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


# -- fields and kinds -------------------------------------------------------------------------

class Inverse(NamedTuple):
    """A reference seen from the entity it names: a column of that kind's sheet and a key
    of its JSON export ("acts on", "decides on")."""

    key: str
    json: str
    sv: str
    en: str

    def label(self, lang: str) -> str:
        return (self.sv, self.en)[lang_index(lang)]


class Field(NamedTuple):
    """One key of a file.

    `type` is one of: id, text (a non-empty line), string (any text, e.g. a
    description), enum, ref (an id of the kind `ref`), date, datetime (a date,
    or a date-time: `parse_when`), url, email, milestones. `many`: a list of
    such values.
    """

    name: str
    type: str
    sv: str
    en: str
    help_sv: str
    help_en: str
    many: bool = False
    ref: str | None = None
    enum: Enum | None = None
    required: bool = False
    unique: bool = False
    min_items: int = 0
    pattern: str | None = None
    """For a ref: a narrower id pattern than the referenced kind's own (a goal's parent is a focus area)."""
    admits: str | None = None
    """For a ref: the ids it may name, when narrower still and held by a check rather than the
    schema (an initiative serves sub-goals; naming a focus area is X003, not a bad pattern)."""
    attr: str = ""
    """The model's attribute, when it differs from the key (an owner's `kind` is `kind_of`)."""
    alias: str = ""
    """One item of a list field ("goal" of goals): the flag of `add` and a `--where` synonym."""
    role: str = ""
    """For a reference to an owner: acts, decides or takes-part (the report's columns)."""
    inverse: Inverse | None = None
    empty: str = "none"
    """The word a page shows when the field is empty (`unknown`: the fact is not known)."""
    personal: bool = False
    """Contact data: left out of public exports when the entity is a person."""
    min_length: int = 0
    """Of a string (a `text` is never empty)."""

    @property
    def shortest(self) -> int:
        return self.min_length or (1 if self.type == "text" else 0)

    @property
    def attribute(self) -> str:
        return self.attr or self.name

    def label(self, lang: str) -> str:
        return (self.sv, self.en)[lang_index(lang)]

    def may_name(self, ident: str) -> bool:
        """Whether a reference field may hold `ident` (its kind aside): the patterns it admits."""
        return all(compiled(p).match(ident) for p in (self.pattern, self.admits) if p)

    def help(self, lang: str) -> str:
        return (self.help_sv, self.help_en)[lang_index(lang)]

    @property
    def column_type(self) -> str:
        """How an export shows the column: text, date, datetime, enum:<name>, list, links, url, email."""
        if self.many:
            return "links" if self.type == "url" else "list"
        if self.type == "enum" and self.enum is not None:
            return f"enum:{self.enum.name}"
        return self.type if self.type in ("date", "datetime", "url", "email") else "text"

    @property
    def structured(self) -> bool:
        """Items are mappings: not one value of a command line or of a sheet cell."""
        return self.type == "milestones"

    @property
    def editable(self) -> bool:
        """Whether `import` may change it from a sheet (the id is changed with `mv`)."""
        return self.type != "id" and not self.structured

    # -- the sheet cell: written by export, read back by import, defined once ------------

    def to_cell(self, value: Any, lookup: Lookup) -> Any:
        """The model's value as a reader sees it: references by name (goals by id and title)."""
        if self.ref is None:
            return list(value) if self.many else value
        if self.many:
            return [_ref_cell(KIND[self.ref], v, lookup) for v in value]
        return None if value is None else _ref_cell(KIND[self.ref], value, lookup)

    def from_cell(self, cell: Any, lookup: Lookup) -> Any:
        """What a cell means for the plan; raises CellError when it means nothing."""
        if self.type == "date":
            return _date_cell(cell)
        if self.type == "datetime":
            return _when_cell(cell)
        text = cell_text(cell)
        if self.many:
            return [self.read(part, lookup) for part in _LIST_SPLIT.split(text) if part]
        return self.read(text, lookup) if text else None

    def read(self, text: str, lookup: Lookup) -> Any:
        """One value (one item of a list) as a reader writes it: in a cell, or in `--where`."""
        if self.type == "date":
            return _date_cell(text)
        if self.type == "datetime":
            return _when_cell(text)
        if self.enum is not None:
            value = self.enum.parse(text)
            if value is None:
                allowed = ", ".join(c.sv for c in self.enum.choices)
                raise CellError(N_("{text} is not a {name} (one of: {values})"), text=repr(text),
                                name=self.enum.name, values=allowed)
            return value
        if self.ref is not None:
            return _ref_from_cell(KIND[self.ref], text, lookup)
        return text


class Derived(NamedTuple):
    """A column computed from the plan, not kept in a file (read-only in a sheet)."""

    key: str
    sv: str
    en: str
    type: str = "text"

    def label(self, lang: str) -> str:
        return (self.sv, self.en)[lang_index(lang)]


class Kind(NamedTuple):
    """One kind of entity: a folder of files (plan/<folder>/<id>.yaml) with one schema."""

    name: str
    folder: str
    id_pattern: str
    sv: str
    en: str
    fields: tuple[Field, ...]
    columns: tuple[str, ...]
    """The columns of its sheet in order: field names, derived columns, inverse references."""
    default_columns: tuple[str, ...]
    derived: tuple[Derived, ...] = ()
    reserved_ids: tuple[str, ...] = ()
    """Ids the pattern allows but YAML reads as something else than a string."""
    cell_ref: str = "label"
    """How a reference to this kind is written in a sheet: its label, or id and label."""
    page: tuple[str, ...] = ()
    """The facts of its page on the site, in order."""
    numbered: bool = False
    """planctl gives a new entity the next free id (an owner's id is a name chosen by people)."""
    serial: str = ""
    """For ids that are a prefix and a number (INI-012): the prefix. `add` hands out the next
    number never used (`planctl.edit.ids`) and takes no --id."""
    words: tuple[str, ...] = ()
    """Swedish words for the kind that a curator may type for KIND (`planctl list insatser`,
    `add insats`), singular and plural; its name and folder are always understood."""

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def label(self, lang: str) -> str:
        return (self.sv, self.en)[lang_index(lang)]

    @property
    def id_regex(self) -> re.Pattern[str]:
        return compiled(self.id_pattern)


_PATTERNS: dict[str, re.Pattern[str]] = {}
# The id patterns end in (?!\n)$, as the schemas' do: Python's `$` (and jsonschema, which
# searches with `re`) also matches before a final newline, and "INI-001\n" is not an id.


def compiled(pattern: str) -> re.Pattern[str]:
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re.compile(pattern)
    return _PATTERNS[pattern]


def _ref_cell(target: Kind, ident: str, lookup: Lookup) -> str:
    label = lookup.label(target.name, ident)
    if target.cell_ref == "id-label":
        return f"{ident} {label}" if label else ident
    return label or ident


def _ref_from_cell(target: Kind, text: str, lookup: Lookup) -> str:
    if target.cell_ref == "id-label":
        # "FO1.2 Ledningen leder …": the id is what counts, the title is for the reader.
        match = compiled(r"\s*(" + target.id_pattern.strip("^$") + r")(?!\w)").match(text)
        ident = match.group(1) if match else ""
        if not ident:
            raise CellError(NOT_AN_ID_CELL[target.name], text=repr(text))
        if ident not in lookup.ids(target.name):
            raise CellError(NO_SUCH_ID[target.name], id=ident)
        return ident
    if text in lookup.ids(target.name):
        return text
    found = lookup.named(target.name, text)
    if len(found) == 1:
        return found[0]
    if not found:
        raise CellError(NO_SUCH_ID_OR_NAME[target.name], text=repr(text))
    raise CellError(SAME_NAME[target.name], n=len(found), text=repr(text))


def _date_cell(value: Any) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = cell_text(value)
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise CellError(N_("{text} is not a date (YYYY-MM-DD)"), text=repr(text)) from None


# -- times: a date, or a date-time -----------------------------------------------------------

_DAY = (r"(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
        r"|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
        r"-02-29)")
_CLOCK = r"T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
WHEN_PATTERN = rf"^{_DAY}(?:{_CLOCK})?(?!\n)$"
"""A date (2026-03-10) or a date-time (2026-03-10T13:00, with seconds, Z or an offset if wished).

The schema's `dateTime` holds this very pattern: it knows the length of each month and the
leap years, so that any JSON Schema validator (ajv, check-jsonschema, an editor) refuses
2026-02-30T10:00 as planctl does, with no `format` of planctl's own."""

When = _dt.date | _dt.datetime
"""A `datetime` field's value: a date (a whole day), or a date-time. A date-time without
tzinfo is wall-clock time in `TIME_ZONE` (it is resolved where an instant is needed,
`planctl.eventtime`, so reading a plan never needs the time zone database)."""


def parse_when(text: str) -> When | None:
    """The value `text` writes, or None when it is not a date or a date-time of the format."""
    if not compiled(WHEN_PATTERN).match(text):
        return None
    if "T" not in text:
        return _dt.date.fromisoformat(text)
    return _dt.datetime.fromisoformat(text)


def format_when(value: When) -> str:
    """How the plan writes a time: 2026-03-10, 2026-03-10T13:00 (seconds only when there are
    some), an offset only when the value has one (UTC as Z)."""
    if not isinstance(value, _dt.datetime):
        return value.isoformat()
    text = f"{value.date().isoformat()}T{value.hour:02d}:{value.minute:02d}" + (
        f":{value.second:02d}" if value.second else "")
    offset = value.utcoffset()
    if offset is None:
        return text
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _when_cell(value: Any) -> When | None:
    if value is None or value == "":
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value  # a spreadsheet's own date or date-time (without tzinfo: wall-clock time)
    text = cell_text(value)
    when = parse_when(text.replace(" ", "T", 1) if len(text) > 10 and text[10] == " " else text)
    if when is None:
        raise CellError(N_("{text} is not a date or a date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
                           "optionally with Z or an offset such as +01:00; without one: {zone} time)"),
                        text=repr(text), zone=TIME_ZONE)
    return when


NAMESPACE_PATTERN = r"[a-z][a-z0-9]{0,15}"
"""The namespace of an upstream plan in a member plan's references (`nat` in `nat:FO1.2`):
a short lowercase word, declared in planctl.toml's [upstream] (see planctl.federation)."""
GOAL_REF_PATTERN = rf"^(?:{NAMESPACE_PATTERN}:)?FO[1-9][0-9]*(\.[1-9][0-9]*)?(?!\n)$"
"""A reference to a goal: a local id, or a namespaced id of the upstream plan (`nat:FO1.2`)."""


_F = Field
GOAL = Kind(
    "goal", "goals", r"^FO[1-9][0-9]*(\.[1-9][0-9]*)?(?!\n)$", "Mål", "Goals",
    words=("mål", "målen", "delmål"),
    fields=(
        _F("id", "id", "Id", "Id", "Målets id, samma som filnamnet.", "The goal's id, the same as its file name.",
           required=True),
        _F("title", "text", "Rubrik", "Title", "Målets rubrik.", "The goal's title.", required=True),
        _F("description", "string", "Beskrivning", "Description", "Vad målet innebär.", "What the goal means."),
        _F("parent", "ref", "Fokusområde", "Focus area", "För ett delmål: dess fokusområde. Ett fokusområde har ingen.",
           "For a sub-goal: its focus area. A focus area has none.", ref="goal", pattern=r"^FO[1-9][0-9]*(?!\n)$",
           inverse=Inverse("sub_goals", "sub_goals", "Delmål", "Sub-goals")),
        _F("indicators", "text", "Indikatorer", "Indicators", "Indikatorer som följer upp målet.",
           "Indicators that follow up the goal.", many=True, alias="indicator"),
    ),
    columns=("id", "title", "kind", "parent", "description", "indicators", "initiatives"),
    default_columns=("id", "title", "kind", "parent", "initiatives"),
    derived=(Derived("kind", "Typ", "Kind", "enum:goal_kind"),),
    cell_ref="id-label",
    numbered=True,
)
INITIATIVE = Kind(
    "initiative", "initiatives", r"^INI-[0-9]{3,}(?!\n)$", "Insatser", "Initiatives",
    words=("insats", "insatser", "insatserna"),
    fields=(
        _F("id", "id", "Id", "Id", "Insatsens id, samma som filnamnet.",
           "The initiative's id, the same as its file name.", required=True),
        _F("title", "text", "Rubrik", "Title", "Insatsens rubrik.", "The initiative's title.", required=True),
        _F("description", "string", "Beskrivning", "Description", "Insatsens syfte.", "The initiative's purpose."),
        _F("goals", "ref", "Delmål", "Goals", "De delmål insatsen bidrar till (minst ett).",
           "The sub-goals the initiative serves (at least one).", many=True, ref="goal", required=True,
           unique=True, min_items=1, alias="goal", pattern=GOAL_REF_PATTERN,
           admits=rf"^(?:{NAMESPACE_PATTERN}:)?FO[1-9][0-9]*\.[1-9][0-9]*(?!\n)$",
           inverse=Inverse("initiatives", "initiatives", "Insatser", "Initiatives")),
        _F("needs", "ref", "Behov", "Needs", "Huvudmännens behov som insatsen svarar mot.",
           "The school organisers' needs the initiative answers.", many=True, ref="need", unique=True,
           alias="need", inverse=Inverse("answered_by", "answered_by", "Insatser", "Initiatives")),
        _F("owner", "ref", "Ansvarig aktör", "Owner", "Aktören som genomför insatsen.", "The actor that does the work.",
           ref="owner", required=True, role="acts", inverse=Inverse("initiatives", "acts_on", "Genomför", "Acts on")),
        _F("decided_by", "ref", "Beslutas av", "Decided by", "Den som beslutar om insatsen.",
           "Who decides on the initiative.", ref="owner", role="decides", empty="unknown",
           inverse=Inverse("decides", "decides_on", "Beslutar om", "Decides on")),
        _F("participants", "ref", "Deltagare", "Participants", "Andra aktörer som deltar.", "Other actors taking part.",
           many=True, ref="owner", unique=True, alias="participant", role="takes-part",
           inverse=Inverse("participates", "takes_part_in", "Deltar i", "Takes part in")),
        _F("status", "enum", "Status", "Status", "Insatsens status.", "The initiative's status.", enum=STATUS,
           required=True),
        _F("horizon", "enum", "Tidshorisont", "Horizon", "Tidshorisont.", "Time horizon.", enum=HORIZON),
        _F("start", "date", "Start", "Start", "När insatsen börjar.", "When the initiative starts."),
        _F("end", "date", "Slut", "End", "När insatsen slutar.", "When the initiative ends."),
        _F("milestones", "milestones", "Delleveranser", "Milestones", "Delleveranser.", "Milestones.", many=True,
           alias="milestone"),
        _F("links", "url", "Länkar", "Links", "Länkar (http/https) till mer information.",
           "Links (http/https) to more information.", many=True, alias="link", min_length=1),
        _F("tags", "text", "Etiketter", "Tags", "Fria etiketter.", "Free-form tags.", many=True, unique=True,
           alias="tag"),
        _F("comment", "string", "Kommentar", "Comment", "Kommentar, t.ex. vad som är osäkert.",
           "A comment, e.g. what is uncertain."),
    ),
    columns=("id", "title", "description", "status", "horizon", "owner", "decided_by", "focus_area", "goals",
             "needs", "participants", "start", "end", "next_milestone", "tags", "links", "comment"),
    default_columns=("id", "title", "status", "horizon", "owner", "decided_by", "focus_area", "goals",
                     "participants", "start", "end", "next_milestone"),
    derived=(Derived("focus_area", "Fokusområde", "Focus area", "list"),
             Derived("next_milestone", "Nästa delleverans", "Next milestone")),
    page=("status", "horizon", "owner", "decided_by", "participants", "goals", "start", "end", "tags"),
    cell_ref="id-label",
    numbered=True,
    serial="INI-",
)
OWNER = Kind(
    "owner", "owners", r"^[a-z][a-z0-9]*(-[a-z0-9]+)*(?!\n)$", "Aktörer", "Owners",
    words=("aktör", "aktörer", "aktörerna", "ägare"),
    fields=(
        _F("id", "id", "Id", "Id", "Aktörens id, samma som filnamnet.", "The owner's id, the same as its file name.",
           required=True),
        _F("name", "text", "Namn", "Name", "Aktörens namn.", "The owner's name.", required=True),
        _F("kind", "enum", "Typ", "Kind", "Slags aktör.", "Kind of owner.", enum=OWNER_KIND, required=True,
           attr="kind_of"),
        _F("parent", "ref", "Hör till", "Part of", "Organisationen aktören hör till, t.ex. en persons arbetsgivare.",
           "The organisation the owner belongs to, e.g. a person's employer.", ref="owner"),
        _F("url", "url", "Webbplats", "Website", "Webbplats (http/https).", "Website (http/https)."),
        _F("email", "email", "E-post", "Email", "E-postadress. För en person är det en personuppgift.",
           "Email address. For a person it is personal data.", personal=True),
    ),
    columns=("id", "name", "kind", "parent", "url", "email", "initiatives", "decides", "participates"),
    default_columns=("id", "name", "kind", "parent", "url", "email", "initiatives", "decides", "participates"),
    reserved_ids=("y", "n", "yes", "no", "on", "off", "true", "false", "null"),
)
EVENT = Kind(
    "event", "events", r"^EV-[0-9]{3,}(?!\n)$", "Evenemang", "Events",
    words=("evenemang", "evenemanget", "evenemangen", "händelse", "händelser"),
    fields=(
        _F("id", "id", "Id", "Id", "Evenemangets id, samma som filnamnet.",
           "The event's id, the same as its file name.", required=True),
        _F("title", "text", "Rubrik", "Title", "Evenemangets rubrik.", "The event's title.", required=True),
        _F("kind", "enum", "Typ", "Kind", "Slags möte: rådslag, rundabordssamtal, webbinarium, workshop …",
           "Kind of meeting: consultation, round-table talk, webinar, workshop …", enum=EVENT_KIND, required=True,
           attr="kind_of"),
        _F("description", "string", "Beskrivning", "Description", "Vad evenemanget handlar om.",
           "What the event is about."),
        _F("start", "datetime", "Start", "Start",
           "När det börjar: ett datum (2026-03-10) eller datum och tid (2026-03-10T13:00; svensk tid om ingen "
           "tidszon anges).", "When it starts: a date (2026-03-10) or a date and time (2026-03-10T13:00; Swedish "
           "time unless a time zone is given).", required=True),
        _F("end", "datetime", "Slut", "End", "När det slutar: datum eller datum och tid, som start.",
           "When it ends: a date or a date and time, as start."),
        _F("place", "text", "Plats", "Place", "Var det äger rum, t.ex. lokal och ort.",
           "Where it takes place, e.g. venue and town."),
        _F("online_link", "url", "Länk till mötet", "Online link",
           "Länk (http/https) för att delta digitalt eller se sändningen.",
           "Link (http/https) to take part online or to watch the broadcast."),
        _F("registration_link", "url", "Anmälan", "Registration", "Länk (http/https) för anmälan.",
           "Link (http/https) to register."),
        _F("registration_deadline", "datetime", "Sista anmälningsdag", "Registration deadline",
           "Sista dag (eller tid) för anmälan; ett datum gäller hela dagen.",
           "The last day (or time) to register; a date means the whole day."),
        _F("organiser", "ref", "Arrangör", "Organiser", "Aktören som arrangerar evenemanget.",
           "The owner that organises the event.", ref="owner"),
        _F("goals", "ref", "Mål", "Goals", "Fokusområden och delmål som evenemanget gäller.",
           "The focus areas and sub-goals the event concerns.", many=True, ref="goal", unique=True, alias="goal",
           pattern=GOAL_REF_PATTERN),
        _F("initiatives", "ref", "Insatser", "Initiatives", "Insatser som evenemanget gäller.",
           "The initiatives the event concerns.", many=True, ref="initiative", unique=True, alias="initiative"),
        _F("comment", "string", "Kommentar", "Comment", "Kommentar, t.ex. vad som är osäkert.",
           "A comment, e.g. what is uncertain."),
    ),
    columns=("id", "title", "kind", "start", "end", "place", "online_link", "registration_link",
             "registration_deadline", "organiser", "goals", "initiatives", "description", "comment"),
    default_columns=("id", "title", "kind", "start", "end", "place", "online_link", "registration_deadline",
                     "organiser"),
    page=("kind", "start", "end", "place", "online_link", "registration_link", "registration_deadline",
          "organiser", "goals", "initiatives"),
    cell_ref="id-label",
    numbered=True,
    serial="EV-",
)
NEED = Kind(
    "need", "needs", r"^BEH-[0-9]{3,}(?!\n)$", "Behov", "Needs",
    words=("behov", "behovet", "behoven"),
    fields=(
        _F("id", "id", "Id", "Id", "Behovets id, samma som filnamnet.", "The need's id, the same as its file name.",
           required=True),
        _F("title", "text", "Rubrik", "Title", "Behovets rubrik.", "The need's title.", required=True),
        _F("description", "string", "Beskrivning", "Description", "Vad huvudmännen behöver.",
           "What the school organisers need."),
        _F("raised_by", "ref", "Framfört av", "Raised by", "Aktörer som har framfört behovet.",
           "The owners that raised the need.", many=True, ref="owner", unique=True),
        _F("raised_by_kinds", "enum", "Slags huvudman", "Kinds of school organiser",
           "Slags huvudmän som har behovet, när ingen enskild aktör anges: kommunal, enskild, region, statlig.",
           "The kinds of school organiser with the need, when no single owner is named: municipal, independent, "
           "regional, state.", many=True, enum=SCHOOL_ORGANISER_KIND, unique=True, alias="raised_by_kind"),
        _F("goals", "ref", "Mål", "Goals", "Fokusområden och delmål som behovet gäller.",
           "The focus areas and sub-goals the need concerns.", many=True, ref="goal", unique=True, alias="goal",
           pattern=GOAL_REF_PATTERN),
        _F("comment", "string", "Kommentar", "Comment", "Kommentar, t.ex. vad som är osäkert.",
           "A comment, e.g. what is uncertain."),
    ),
    columns=("id", "title", "description", "raised_by", "raised_by_kinds", "goals", "answered_by", "comment"),
    default_columns=("id", "title", "raised_by", "raised_by_kinds", "goals", "answered_by"),
    page=("raised_by", "raised_by_kinds", "goals"),
    cell_ref="id-label",
    numbered=True,
    serial="BEH-",
)
del _F

MILESTONE: tuple[Field, ...] = (
    Field("title", "text", "Rubrik", "Title", "Delleveransens rubrik.", "The milestone's title.", required=True),
    Field("due", "date", "Klar senast", "Due", "När delleveransen ska vara klar.", "When the milestone is due."),
    Field("done", "bool", "Klar", "Done", "Sant när delleveransen är klar.", "True once the milestone is done."),
)
"""The keys of one item of `milestones`."""

KIND: dict[str, Kind] = {k.name: k for k in (GOAL, INITIATIVE, OWNER, EVENT, NEED)}
KINDS: tuple[str, ...] = tuple(KIND)
FOLDERS: dict[str, str] = {k.folder: k.name for k in KIND.values()}
"""plan/<folder>/ -> kind."""


def _folded(text: str) -> str:
    """A typed word as compared: NFC, lower case, and å ä ö as a o o (a terminal without them)."""
    import unicodedata

    word = unicodedata.normalize("NFC", text.strip()).lower()
    return word.translate(str.maketrans("åäö", "aao"))


KIND_WORDS: dict[str, str] = {_folded(w): k.name for k in KIND.values() for w in (k.name, k.folder, *k.words)}
"""Every word a KIND argument takes (`initiative`, `initiatives`, `insats`, `insatser`…) -> kind."""


def listed(words: Collection[str], last: str = "and") -> str:
    """"a, b and c": for messages that name every kind or folder, so a new kind is named too."""
    items = list(words)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


PLAN_FOLDERS = listed([f"plan/{k.folder}" for k in KIND.values()])
"""plan/goals, plan/initiatives, … and plan/needs."""


def kind_of_id(ident: str) -> Kind | None:
    """The kind whose id pattern `ident` has (the patterns do not overlap), if any."""
    return next((k for k in KIND.values() if k.id_regex.match(ident)), None)


def no_such_id(ident: str, translate: Callable[[str], str] = N_) -> str:
    """"no initiative has the id 'INI-404'": the kind a numbered id's pattern names; else the whole
    plan (any lowercase word has an owner's pattern: `ini-001` is more likely a miswritten INI-001).
    In the words of `translate` (`planctl.i18n._`; English without it)."""
    kind = kind_of_id(ident)
    if kind is not None and kind.numbered:
        return translate(NO_SUCH_ID[kind.name]).format(id=ident)
    return translate(N_("nothing in the plan has the id '{id}'")).format(id=ident)


NO_SUCH_ID = {"goal": N_("no goal has the id '{id}'"), "initiative": N_("no initiative has the id '{id}'"),
              "owner": N_("no owner has the id '{id}'"), "event": N_("no event has the id '{id}'"),
              "need": N_("no need has the id '{id}'")}
"""One sentence per kind (the Swedish nouns have genders); shown with `_()`."""
NO_SUCH_ID_OR_NAME = {
    "goal": N_("no goal has the id or name {text}"), "initiative": N_("no initiative has the id or name {text}"),
    "owner": N_("no owner has the id or name {text}"), "event": N_("no event has the id or name {text}"),
    "need": N_("no need has the id or name {text}")}
SAME_NAME = {"goal": N_("{n} goals are named {text}; write the id instead"),
             "initiative": N_("{n} initiatives are named {text}; write the id instead"),
             "owner": N_("{n} owners are named {text}; write the id instead"),
             "event": N_("{n} events are named {text}; write the id instead"),
             "need": N_("{n} needs are named {text}; write the id instead")}
NOT_AN_ID_CELL = {"goal": N_("{text} does not start with a goal id such as FO1.2"),
                  "initiative": N_("{text} does not start with an initiative id such as INI-001"),
                  "owner": N_("{text} does not start with an owner id"),
                  "event": N_("{text} does not start with an event id such as EV-001"),
                  "need": N_("{text} does not start with a need id such as BEH-001")}



def kind_named(text: str) -> Kind | None:
    """The kind a curator named, in English or Swedish, singular or plural (`initiatives`,
    `insats`, `Aktörer`), any case; None when no kind is."""
    name = KIND_WORDS.get(_folded(text))
    return KIND[name] if name is not None else None


def references(kind: str) -> tuple[Field, ...]:
    """The fields of a kind that name other entities."""
    return _REFERENCES[kind]


_REFERENCES: dict[str, tuple[Field, ...]] = {
    name: tuple(f for f in k.fields if f.ref is not None) for name, k in KIND.items()}


def role(kind: str, name: str) -> Field:
    """The reference field with a role (acts, decides, takes-part)."""
    for f in KIND[kind].fields:
        if f.role == name:
            return f
    raise KeyError(name)


def inverses(target: str) -> list[tuple[Kind, Field]]:
    """The references to `target`'s entities that its sheet shows as columns, by kind and field."""
    return [(k, f) for k in KIND.values() for f in k.fields if f.ref == target and f.inverse is not None
            and f.inverse.key in KIND[target].columns]
