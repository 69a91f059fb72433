"""`planctl add initiative|goal|owner`: a new entity, one flag per field.

On a terminal, a missing required field is asked for (with the existing ids
and titles to choose from, each answer checked as it is given); without one
(CI, scripts) it is an error naming the flag.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from planctl import spec
from planctl.cli import _editing, common
from planctl.cli.app import app

if TYPE_CHECKING:
    from planctl.model import Plan


class Kind(enum.StrEnum):
    initiative = "initiative"
    goal = "goal"
    owner = "owner"


def _flag(f: spec.Field) -> str:
    """A field's flag: a list's flag names one item and is repeated (--goal FO1.1 --goal FO2.2)."""
    return "--" + (f.alias or f.name).replace("_", "-")


# field -> flag, per kind (what a user types, and what an error names), from the spec.
FLAGS: dict[str, dict[str, str]] = {
    name: {f.name: _flag(f) for f in kind.fields if not f.structured} for name, kind in spec.KIND.items()}
REQUIRED: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in kind.fields if f.required and not (f.type == "id" and kind.numbered))
    for name, kind in spec.KIND.items()}
"""What `add` asks for: the schema's required fields, but the id of a kind that numbers its own."""


def interactive() -> bool:
    """Ask only when a person can answer: stdin and stdout are both terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _choices(plan: Plan, field: str, kind: str) -> list[tuple[str, str]]:
    f = spec.KIND[kind].field(field)
    if f.ref is not None:
        index: dict[str, dict[str, Any]] = {"goal": plan.goals, "owner": plan.owners}
        from planctl.export.collate import sort_key

        entities = sorted(index[f.ref].values(), key=lambda e: sort_key(e.id))  # Swedish order, FO1.2 before FO1.10
        if f.pattern:  # a goal's parent is a focus area
            entities = [e for e in entities if spec.compiled(f.pattern).match(e.id)]
        return [(e.id, e.label) for e in entities]
    return [(v, "") for v in (f.enum.values if f.enum else ())]


def _ask(plan: Plan, kind: str, field: str) -> Any:
    """Prompt until the answer is valid; lists are comma-separated."""
    from planctl.edit.values import LIST_FIELDS

    choices = _choices(plan, field, kind)
    many = field in LIST_FIELDS[kind]
    if choices:
        typer.echo(f"{field}: choose {'one or more (comma-separated)' if many else 'one'} of")
        from planctl.render import printable

        for ident, label in choices:
            typer.echo(printable(f"  {ident:<18} {label}" if label else f"  {ident}"))
    allowed = {ident for ident, _ in choices}

    def check(text: str) -> Any:
        values = [v.strip() for v in text.split(",") if v.strip()] if many else [text.strip()]
        if not values or not all(values):
            raise typer.BadParameter("an answer is required")
        wrong = [v for v in values if allowed and v not in allowed]
        if wrong:
            raise typer.BadParameter(f"{', '.join(wrong)} is not one of the choices above")
        return values if many else values[0]

    return typer.prompt(field.replace("_", " ").capitalize(), value_proc=check)


def collect(kind: str, given: dict[str, Any], plan_loader: Callable[[], Plan],
            ask: Callable[[], bool] | None = None) -> dict[str, Any]:
    """The fields to write: what was given, plus answers for the required ones missing."""
    from planctl.errors import UsageError

    ask = ask or interactive
    article = "an" if kind[0] in "aeiou" else "a"
    fields = {k: v for k, v in given.items() if v not in (None, "", [], ())}
    wrong = [FLAGS_ALL[k] for k in fields if k not in FLAGS[kind]]
    if wrong:
        raise UsageError(f"{', '.join(sorted(set(wrong)))} does not apply to {article} {kind}")
    required = list(REQUIRED[kind])
    if kind == "goal" and "." in str(fields.get("id", "")) and "parent" not in fields:
        fields["parent"] = str(fields["id"]).split(".", 1)[0]
    missing = [f for f in required if f not in fields]
    if missing and not ask():
        flags = ", ".join(FLAGS[kind][f] for f in missing)
        raise UsageError(f"missing {flags} (required for {article} {kind}; there is no terminal to ask on)")
    if missing:
        plan = plan_loader()
        for field_name in missing:
            fields[field_name] = _ask(plan, kind, field_name)
    return fields


FLAGS_ALL: dict[str, str] = {f: flag for flags in FLAGS.values() for f, flag in flags.items()}


@app.command(short_help="Add an initiative, goal or owner, checked before it is written.", rich_help_panel="Edit")
def add(
    kind: Kind = typer.Argument(..., help="What to add: initiative, goal or owner."),
    ident: str | None = typer.Option(
        None,
        "--id",
        callback=common.id_argument,
        help="Goal or owner id (initiatives get the next free id; a goal without --id gets the next number).",
    ),
    title: str | None = typer.Option(None, "--title", help="Title (goal, initiative)."),
    name: str | None = typer.Option(None, "--name", help="Name (owner)."),
    description: str | None = typer.Option(None, "--description", help="Description (goal, initiative)."),
    goal: list[str] | None = typer.Option(
        None, "--goal", callback=common.id_argument, help="A goal the initiative serves (repeatable)."
    ),
    owner: str | None = typer.Option(
        None, "--owner", callback=common.id_argument, help="The owner who acts (initiative)."
    ),
    decider: str | None = typer.Option(
        None, "--decided-by", callback=common.id_argument, help="The owner who decides (initiative)."
    ),
    participant: list[str] | None = typer.Option(
        None, "--participant", callback=common.id_argument, help="Another owner taking part (repeatable)."
    ),
    status: str | None = typer.Option(
        None, "--status", help="proposed, in-preparation, decided, ongoing, completed or cancelled."
    ),
    horizon: str | None = typer.Option(None, "--horizon", help="short, medium or long."),
    start: str | None = typer.Option(None, "--start", help="Start date, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--end", help="End date, YYYY-MM-DD."),
    link: list[str] | None = typer.Option(None, "--link", help="A link (repeatable)."),
    tag: list[str] | None = typer.Option(None, "--tag", help="A tag (repeatable)."),
    comment: str | None = typer.Option(None, "--comment", help="A comment, e.g. what is uncertain."),
    parent: str | None = typer.Option(
        None, "--parent", callback=common.id_argument, help="Focus area of a sub-goal; organisation of an owner."
    ),
    indicator: list[str] | None = typer.Option(None, "--indicator", help="An indicator of a goal (repeatable)."),
    owner_kind: str | None = typer.Option(None, "--kind", help="Kind of owner: agency, government, association..."),
    url: str | None = typer.Option(None, "--url", help="Website (owner)."),
    email: str | None = typer.Option(None, "--email", help="E-mail address (owner)."),
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    """Add an initiative, goal or owner, checked against the plan before it is written."""
    from planctl.edit.ops import add_entity
    from planctl.loader import load_plan

    cfg = common.config()
    by_flag = {"--id": ident, "--title": title, "--name": name, "--description": description, "--goal": goal,
               "--owner": owner, "--decided-by": decider, "--participant": participant, "--status": status,
               "--horizon": horizon, "--start": start, "--end": end, "--link": link, "--tag": tag,
               "--comment": comment, "--parent": parent, "--indicator": indicator, "--kind": owner_kind,
               "--url": url, "--email": email}
    given = {name: by_flag[flag] for name, flag in FLAGS_ALL.items()}
    if kind.value == "initiative" and ident:
        raise common.fail("an initiative gets the next free id; --id is for goals and owners")
    fields = collect(kind.value, given, lambda: load_plan(cfg, schema=False))
    _editing.run(cfg, lambda plan: add_entity(cfg, plan, kind.value, fields), commit=commit, message=message,
                 dry_run=dry_run)
