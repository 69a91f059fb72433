"""The questions of an interactive `add`, and each answer checked as it is given.

Everything is derived from the spec: one question per field a command line can give
(not `milestones`, which has a command of its own), in the order of the file; a field's
type, enum and reference say what an answer may be and which entities to offer (only
the sub-goals for `goals`, only the owners for `owner`). An id that says where the
entity sits (a goal's: FO1.3 is under FO1) is asked after the field that says so, with
the next free one as its default; a serial id (INI-003) is planctl's to give, never asked.

An answer is checked twice before it is kept: by what the field's type says (a date is
YYYY-MM-DD, a reference names an entity the field may hold, a list holds an item once),
then by the plan's own checks, run on the entity as it would be written with the answers
so far, keeping the errors located at that field (D002, an end before the start). So an
answer that is kept can only be refused later by a field answered after it.

Nothing here prints or reads a terminal (`planctl.cli._prompt` does): `Interview.check`
returns the value to write or raises `Invalid` with the reason to show before asking again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planctl import spec
from planctl.edit import newid
from planctl.errors import PlanctlError
from planctl.i18n import N_, _, a_kind, kinds, shown

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.diagnostics import Diagnostic
    from planctl.model import Entity, Plan


class Invalid(ValueError):
    """An answer that cannot be kept; the message says why, to be shown before asking again."""


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    """One field to ask for: what it is, whether it may be left empty, what to offer."""

    field: spec.Field
    required: bool
    choices: tuple[Choice, ...] = ()
    default: str | None = None

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def one_per_line(self) -> bool:
        """A list of free texts (tags, links, indicators): an item may hold a comma, so one per line."""
        return self.field.many and self.field.ref is None and self.field.enum is None


_NOT_AN_ID = {"goal": N_("{text} is not a goal id{hint} (it must match {pattern}, like {examples})"),
              "initiative": N_("{text} is not an initiative id{hint} (it must match {pattern}, like {examples})"),
              "owner": N_("{text} is not an owner id{hint} (it must match {pattern}, like {examples})"),
              "event": N_("{text} is not an event id{hint} (it must match {pattern}, like {examples})"),
              "need": N_("{text} is not a need id{hint} (it must match {pattern}, like {examples})")}


def article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def asked_fields(kind: str) -> list[spec.Field]:
    """The fields of `kind` an interactive `add` asks for, in the order it asks them."""
    k = spec.KIND[kind]
    fields = [f for f in k.fields if not f.structured]
    ident = k.field("id")
    if k.numbered:
        fields.remove(ident)
        tree = [f for f in fields if f.ref == k.name]  # a goal's parent: where the goal sits
        if tree:
            fields = [*tree, ident, *(f for f in fields if f not in tree)]
    return fields


def id_is_asked(kind: str) -> bool:
    return any(f.type == "id" for f in asked_fields(kind))


def tree_field(kind: str) -> spec.Field | None:
    """The field a numbered kind's id follows (a goal's parent), if it has one."""
    k = spec.KIND[kind]
    return next((f for f in k.fields if k.numbered and f.ref == k.name), None)


def field_of(d: Diagnostic) -> str | None:
    """The top-level field a diagnostic is located at ($.goals[0] -> goals), None for the whole file."""
    match = re.match(r"\$\.([A-Za-z_][A-Za-z0-9_]*)", d.json_path)
    return match.group(1) if match else None


def _pattern_text(pattern: str) -> str:
    return pattern.removeprefix("^").removesuffix("$").removesuffix("(?!\\n)")


@dataclass
class Interview:
    """What an interactive `add` knows while it asks: the plan, the kind, the fields so far."""

    config: Config
    plan: Plan
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    """Given on the command line or answered, as `add_entity` takes them (text, or lists of text)."""

    @property
    def of(self) -> spec.Kind:
        """The kind asked about, as the spec declares it."""
        return spec.KIND[self.kind]

    def to_ask(self, *, everything: bool) -> list[str]:
        """The fields still to ask: all of them (no field was given), or the required ones missing
        (an id with a default is not: `add goal --title X` takes the next number)."""
        return [f.name for f in asked_fields(self.kind) if f.name not in self.fields
                and (everything or (f.required and not (f.type == "id" and self.of.numbered)))]

    def question(self, name: str) -> Question:
        f = self.of.field(name)
        default = None
        if f.type == "id":
            tree = tree_field(self.kind)
            default = newid.next_free(self.plan, self.kind, self.fields.get(tree.name) if tree else None)
        required = f.required or f.min_items > 0
        return Question(f, required, tuple(self._choices(f)), default)

    def _choices(self, f: spec.Field) -> list[Choice]:
        if f.enum is not None:
            from planctl.i18n import language

            lang = language()  # the labels of the language the questions are asked in
            return [Choice(c.value, c.label(lang) if spec.fold(c.label(lang)) != c.value else "")
                    for c in f.enum.choices]
        if f.ref is None:
            return []
        from planctl.export.collate import sort_key

        unwanted = {*self._acting(f), self.fields.get("id")}
        found: dict[str, Entity] = {}
        for e in self.plan.iter_kind(f.ref):
            found.setdefault(e.id, e)  # the first of a duplicated id, as the plan's index takes it
        ordered = sorted(found.values(), key=lambda e: sort_key(e.id))
        return [Choice(e.id, e.label if e.label != e.id else "") for e in ordered
                if f.may_name(e.id) and e.id not in unwanted]

    def _acting(self, f: spec.Field) -> set[str]:
        """For a list of those taking part: who acts already (an initiative's owner is not listed twice)."""
        if f.role != "takes-part":
            return set()
        return {str(self.fields[g.name]) for g in self.of.fields if g.role == "acts" and g.name in self.fields}

    # -- checking an answer -----------------------------------------------------------

    def check(self, name: str, text: str) -> Any:
        """The value to keep for one line answered to `name` (None: left empty), or `Invalid`.
        A list of references is one line, comma-separated."""
        question = self.question(name)
        f = question.field
        text = text.strip()
        if not text and question.default is not None:
            text = question.default
        value: Any
        if f.many:
            value = [self._item(question, t.strip()) for t in text.split(",") if t.strip()]
            self._unique(f, value)
        else:
            value = self._item(question, text) if text else None
        return self._keep(question, value)

    def check_item(self, name: str, text: str, so_far: list[str]) -> str:
        """One item of a list asked one per line (`Question.one_per_line`)."""
        f = self.of.field(name)
        value = self._item(self.question(name), text.strip())
        if f.unique and value in so_far:
            raise Invalid(_("{value} is in the list already; {field} holds each once").format(value=value,
                                                                                               field=f.name))
        return value

    def check_items(self, name: str, items: list[str]) -> list[str] | None:
        """The whole list asked one per line, once it is ended (None: left empty)."""
        return self._keep(self.question(name), list(items))  # type: ignore[no-any-return]

    def _keep(self, question: Question, value: Any) -> Any:
        f = question.field
        if value in (None, []):
            if question.required:
                if f.min_items > 1:
                    raise Invalid(_("{field} is required (at least {n})").format(field=f.name, n=f.min_items))
                raise Invalid(_("{field} is required").format(field=f.name))
            return None
        if f.many and len(value) < f.min_items:
            raise Invalid(_("{field} needs at least {n}").format(field=f.name, n=f.min_items))
        self._against_the_checks(f.name, value)
        return value

    def _unique(self, f: spec.Field, values: list[str]) -> None:
        seen: set[str] = set()
        for v in values:
            if v in seen and f.unique:
                raise Invalid(_("{value} is given twice; {field} holds each once").format(value=v, field=f.name))
            seen.add(v)

    def _item(self, question: Question, text: str) -> str:
        f = question.field
        if f.type == "id":
            return self._id(text)
        if f.type == "date":
            from planctl.model import as_date

            if as_date(text) is None:
                raise Invalid(_("{text} is not a date: write it YYYY-MM-DD, e.g. 2026-08-31").format(text=repr(text)))
            return text
        if f.enum is not None or f.ref is not None:
            return self._choice(question, text)
        if "\t" in text and f.type == "text":
            raise Invalid(_("a tab cannot be part of a one-line text"))
        return text

    def _choice(self, question: Question, text: str) -> str:
        f, values = question.field, [c.value for c in question.choices]
        if text.isdigit() and 1 <= int(text) <= len(values):
            return values[int(text) - 1]
        if text in values:
            return text
        if f.enum is not None:
            meant = f.enum.parse(text)  # a label: "pågående", "Ongoing"
            if meant is not None:
                return meant
        else:
            self._refused_reference(f, text)
        folded = spec.fold(text)
        starting = [v for v in values if spec.fold(v).startswith(folded)]
        if len(starting) == 1:
            return starting[0]
        if starting:
            listed = ", ".join(starting[:5]) + (", …" if len(starting) > 5 else "")
            raise Invalid(_("{text} could be {candidates}: type more of it").format(text=repr(text),
                                                                                      candidates=listed))
        if f.enum is not None:
            close = f.enum.suggest(text)
            hint = _("; did you mean '{candidate}'?").format(candidate=close) if close else ""
            name = f.enum.name.replace("_", " ")
            template = _("{text} is not an {name}{hint} (one of: {values})") if name[:1] in "aeiou" else \
                _("{text} is not a {name}{hint} (one of: {values})")
            raise Invalid(template.format(text=repr(text), name=name, hint=hint, values=", ".join(values)))

        if f.ref is not None:
            from planctl.goaltree import PlanLookup

            named = [i for i in PlanLookup(self.plan).named(f.ref, text) if i in values]
            if len(named) == 1:
                return named[0]
        from planctl.suggest import id_hint

        found = id_hint(text, values)
        missing = _(spec.NO_SUCH_ID[f.ref]).format(id=text) if f.ref in spec.NO_SUCH_ID else text
        raise Invalid(f"{missing}; {shown(found)}" if found else missing)

    def _refused_reference(self, f: spec.Field, text: str) -> None:
        """An id the field may not hold although the plan has it: why, and what to give instead."""
        if text == self.fields.get("id"):
            raise Invalid(_("{id} cannot be its own {field}").format(id=text, field=f.name))
        entity = self.plan.get(text)
        if entity is None:
            return
        if entity.kind != f.ref:
            raise Invalid(_("{id} is {what}; {field} names {kinds}").format(
                id=text, what=shown(a_kind(entity.kind)), field=f.name, kinds=shown(kinds(f.ref or ""))))
        if text in self._acting(f):
            raise Invalid(_("{id} is the {role} already; {field} lists the others taking part").format(
                id=text, role=_acts(self.of), field=f.name))
        if not f.may_name(text):
            raise Invalid(self._wrong_goal(f, entity))

    def _wrong_goal(self, f: spec.Field, entity: Entity) -> str:
        """A focus area where a sub-goal is wanted, or a sub-goal where a focus area is, and what to give."""
        ident = entity.id
        if "." in ident:
            return _("{id} is a sub-goal; {field} names a focus area (did you mean {area}?)").format(
                id=ident, field=f.name, area=ident.split(".")[0])
        from planctl.export.collate import sort_key

        subs = sorted((g.id for g in self.plan.iter_kind(spec.GOAL.name) if getattr(g, "parent", None) == ident),
                      key=sort_key)
        if subs:
            return _("{id} is a focus area; {field} names sub-goals: name one of its sub-goals ({subs})").format(
                id=ident, field=f.name, subs=", ".join(subs))
        return _("{id} is a focus area; {field} names sub-goals; it has none yet").format(id=ident, field=f.name)

    def _id(self, text: str) -> str:
        from planctl.idsyntax import unsafe

        k = self.of
        reason = unsafe(text)
        if reason:
            raise Invalid(reason)
        if text in k.reserved_ids:
            raise Invalid(_("{text} is a word YAML reads as true, false or null: it cannot be an id").format(
                text=repr(text)))
        if not k.id_regex.match(text):
            from planctl.export.collate import sort_key

            like = sorted((e.id for e in self.plan.iter_kind(self.kind)), key=sort_key)[:2] \
                or [self.question("id").default or ""]
            slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            free = slug and k.id_regex.match(slug) and self.plan.get(slug) is None
            meant = _("; did you mean '{candidate}'?").format(candidate=slug) if free else ""
            raise Invalid(_(_NOT_AN_ID[self.kind]).format(text=repr(text), hint=meant,
                                                          pattern=_pattern_text(k.id_pattern),
                                                          examples=", ".join(i for i in like if i)))
        tree = tree_field(self.kind)
        parent = self.fields.get(tree.name) if tree is not None else None
        if tree is not None and parent is None and "." in text:
            raise Invalid(_("{id} is a sub-goal's id, but no focus area was given; as a new focus area it "
                            "would be {free}").format(id=text, free=newid.next_free(self.plan, self.kind, None)))
        from planctl.edit.ops import entity_path

        refused = newid.refusal(self.config.root, self.plan, self.kind, text, parent, entity_path(self.kind, text))
        if refused is not None:
            raise Invalid(str(refused))
        return text

    def _against_the_checks(self, name: str, value: Any) -> None:
        """The plan's errors at this field, with the entity as it would be written now."""
        for d in self.problems({**self.fields, name: value}):
            if field_of(d) == name:
                message = shown(d.message)
                raise Invalid(_("{message} ({hint})").format(message=message, hint=shown(d.hint)) if d.hint
                              else message)


    def problems(self, fields: dict[str, Any]) -> list[Diagnostic]:
        """The errors the checks find in the new entity's file with `fields` (missing fields aside)."""
        from planctl.diagnostics import Severity
        from planctl.edit.guard import diagnose, plan_after
        from planctl.edit.ops import add_entity

        try:
            edit = add_entity(self.config, self.plan, self.kind, fields)
        except PlanctlError as exc:
            raise Invalid(str(exc)) from None
        change = edit.changes[0]
        after = plan_after(self.plan, {change.path: (change.kind, change.text)})
        return [d for d in diagnose(after, self.config)
                if d.path == change.path and d.severity >= Severity.ERROR and d.code != "S003"]


def _acts(kind: spec.Kind) -> str:
    return next(f.name for f in kind.fields if f.role == "acts")
