"""`planctl add initiative|goal|owner|event|need`: a new entity, one flag per field.

On a terminal, `add KIND` with no field asks for every field, and with some
fields the required ones missing (`planctl.cli._prompt`: only the ids a field may
hold are offered, each answer is checked as it is given, and the entity is shown
before it is written); without one (CI, scripts) a missing field is an error
naming the flag.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from planctl import spec
from planctl.cli import _complete, _editing, common
from planctl.cli.app import app
from planctl.i18n import N_, _, a_kind, shown

if TYPE_CHECKING:
    from planctl.config import Config


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


def collect(kind: str, given: dict[str, Any], cfg: Config, *, dry_run: bool = False,
            ask: Callable[[], bool] | None = None,
            before_asking: Callable[[], None] | None = None) -> tuple[dict[str, Any], bool]:
    """The fields to write, and whether a person was shown the entity (and its warnings) first.

    What was given, plus, on a terminal, the answers to what is missing: every field when
    none was given, else the required ones (`planctl.cli._prompt`). Without a terminal a
    missing required field is an error naming its flag.
    """
    from planctl.errors import UsageError

    ask = ask or interactive
    fields = {k: v for k, v in given.items() if v not in (None, "", [], ())}
    wrong = [FLAGS_ALL[k] for k in fields if k not in FLAGS[kind]]
    if wrong:
        raise UsageError(_("{flags} does not apply to {a_kind}").format(flags=", ".join(sorted(set(wrong))),
                                                                         a_kind=shown(a_kind(kind))))
    if kind == "goal" and "." in str(fields.get("id", "")) and "parent" not in fields:
        fields["parent"] = str(fields["id"]).split(".", 1)[0]
    missing = [f for f in REQUIRED[kind] if f not in fields]
    if missing and not ask():
        flags = ", ".join(FLAGS[kind][f] for f in missing)
        raise UsageError(_("missing {flags} (required for {a_kind}; there is no terminal to ask on)").format(
            flags=flags, a_kind=shown(a_kind(kind))))
    if not missing:
        return fields, False
    from planctl.cli import _prompt

    if before_asking is not None:
        before_asking()
    return _prompt.converse(cfg, kind, fields, everything=not fields, dry_run=dry_run), True


FLAGS_ALL: dict[str, str] = {f: flag for flags in FLAGS.values() for f, flag in flags.items()}


@app.command(short_help=N_("Add an initiative, goal, owner, event or need; checked first."), rich_help_panel=N_("Edit"),
             epilog=common.examples(
                 "planctl add initiative --title Stöd --goal FO2.1 --owner skr",
                 "planctl add goal --parent FO1 --title 'Digitala lärresurser'",
                 "planctl add event --title Rådslag --start 2026-03-10T13:00",
                 "planctl add owner --id inera --name Inera --kind company --dry-run"),
             help=N_("Add an initiative, goal, owner, event or need, checked against the plan before it is written."))
def add(
    kind: str = typer.Argument(..., metavar="KIND", callback=common.kind_argument(plural=False),
                               autocompletion=_complete.kind_names,
                               help=N_("initiative, goal, owner, event or need.")),
    ident: str | None = typer.Option(
        None, "--id", metavar="ID", callback=common.id_argument,
        help=N_("Goal or owner id (the other kinds get the next free id)."),
    ),
    title: str | None = typer.Option(None, "--title", metavar="TITLE", help=N_("Title (all but owners).")),
    name: str | None = typer.Option(None, "--name", metavar="NAME", help=N_("Name (owner).")),
    description: str | None = typer.Option(None, "--description", metavar="DESCRIPTION", help=N_("Description.")),
    goal: list[str] | None = typer.Option(
        None, "--goal", metavar="ID", callback=common.id_argument,
        help=N_("A goal the initiative serves, or the event or need concerns (repeatable).")
    ),
    need: list[str] | None = typer.Option(
        None, "--need", metavar="ID", callback=common.id_argument,
        help=N_("A need the initiative answers (repeatable).")
    ),
    owner: str | None = typer.Option(
        None, "--owner", metavar="ID", callback=common.id_argument, help=N_("The owner who acts (initiative).")
    ),
    decider: str | None = typer.Option(
        None, "--decided-by", metavar="ID", callback=common.id_argument, help=N_("The owner who decides (initiative).")
    ),
    participant: list[str] | None = typer.Option(
        None, "--participant", metavar="ID", callback=common.id_argument,
        help=N_("Another owner taking part (repeatable).")
    ),
    status: str | None = typer.Option(
        None, "--status", metavar="STATUS",
        help=N_("proposed, in-preparation, decided, ongoing, completed or cancelled.")
    ),
    horizon: str | None = typer.Option(None, "--horizon", metavar="HORIZON", help=N_("short, medium or long.")),
    start: str | None = typer.Option(
        None, "--start", metavar="DATE", help=N_("Start date, YYYY-MM-DD (an event: also THH:MM, Swedish time).")),
    end: str | None = typer.Option(None, "--end", metavar="DATE",
                                   help=N_("End date (of an event: or date and time, as --start).")),
    link: list[str] | None = typer.Option(None, "--link", metavar="URL", help=N_("A link (repeatable).")),
    tag: list[str] | None = typer.Option(None, "--tag", metavar="TAG", help=N_("A tag (repeatable).")),
    comment: str | None = typer.Option(None, "--comment", metavar="COMMENT",
                                       help=N_("A comment, e.g. what is uncertain.")),
    parent: str | None = typer.Option(
        None, "--parent", metavar="ID", callback=common.id_argument,
        help=N_("Focus area of a sub-goal; organisation of an owner.")
    ),
    indicator: list[str] | None = typer.Option(None, "--indicator", metavar="INDICATOR",
                                               help=N_("An indicator of a goal (repeatable).")),
    owner_kind: str | None = typer.Option(
        None, "--kind", metavar="KIND", help=N_("Kind of owner (agency...) or of event (consultation, webinar...).")),
    url: str | None = typer.Option(None, "--url", metavar="URL", help=N_("Website (owner).")),
    email: str | None = typer.Option(None, "--email", metavar="EMAIL", help=N_("E-mail address (owner).")),
    place: str | None = typer.Option(None, "--place", metavar="PLACE", help=N_("Where the event takes place.")),
    online_link: str | None = typer.Option(None, "--online-link", metavar="URL",
                                           help=N_("Link to take part online (event).")),
    registration_link: str | None = typer.Option(None, "--registration-link", metavar="URL",
                                                 help=N_("Link to register (event).")),
    registration_deadline: str | None = typer.Option(
        None, "--registration-deadline", metavar="DATE", help=N_("Last day (or date and time) to register (event).")),
    organiser: str | None = typer.Option(
        None, "--organiser", metavar="ID", callback=common.id_argument, help=N_("The owner who organises the event.")),
    initiative: list[str] | None = typer.Option(
        None, "--initiative", metavar="ID", callback=common.id_argument,
        help=N_("An initiative the event concerns (repeatable).")),
    raised_by: list[str] | None = typer.Option(
        None, "--raised-by", metavar="ID", callback=common.id_argument,
        help=N_("An owner who raised the need (repeatable).")),
    raised_by_kind: list[str] | None = typer.Option(
        None, "--raised-by-kind", metavar="KIND",
        help=N_("A kind of organiser with the need: municipal, independent... (repeatable).")),
    commit: bool = _editing.COMMIT_OPTION,
    message: str | None = _editing.MESSAGE_OPTION,
    dry_run: bool = _editing.DRY_RUN_OPTION,
) -> None:
    from planctl.edit.ops import add_entity

    cfg = common.config()
    by_flag = {"--id": ident, "--title": title, "--name": name, "--description": description, "--goal": goal,
               "--owner": owner, "--decided-by": decider, "--participant": participant, "--status": status,
               "--horizon": horizon, "--start": start, "--end": end, "--link": link, "--tag": tag,
               "--comment": comment, "--parent": parent, "--indicator": indicator, "--kind": owner_kind,
               "--url": url, "--email": email, "--need": need, "--place": place, "--online-link": online_link,
               "--registration-link": registration_link, "--registration-deadline": registration_deadline,
               "--organiser": organiser, "--initiative": initiative, "--raised-by": raised_by,
               "--raised-by-kind": raised_by_kind}
    given = {name: by_flag[flag] for name, flag in FLAGS_ALL.items()}
    if spec.KIND[kind].serial and ident:
        raise common.fail(_("{a_kind} gets the next free id; --id is for goals and owners").format(
            a_kind=shown(a_kind(kind))))
    fields, previewed = collect(kind, given, cfg, dry_run=dry_run, before_asking=lambda: _editing.preflight(
        cfg, commit=commit, message=message, dry_run=dry_run))  # a refusal comes before the questions, not after
    _editing.run(cfg, lambda plan: add_entity(cfg, plan, kind, fields), commit=commit, message=message,
                 dry_run=dry_run, show_warnings=not previewed)
