"""The conversation of an interactive `add`: ask, check, ask again, preview, confirm.

All the terminal input and output of `add` is here; what a question is and whether an
answer holds is `planctl.edit.answers`' to say. Each answer is checked as it is given:
a wrong one is followed by the reason and the same question. The choices a field may
hold are numbered (a number, an id, the start of an id with Tab, or a name answers),
and the whole entity is shown, as the file that will be written, before anything is.

Ctrl-C at any question ends the run with nothing written (exit 130, `planctl:
interrupted`), Ctrl-D likewise with exit 2: both are raised as `typer.Abort`, which
`planctl.cli.main` turns into its one-line messages.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import typer

from planctl.cli import common
from planctl.i18n import SOURCE, _, a_kind, language, shown

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.edit.answers import Interview, Question
    from planctl.edit.session import Outcome

LISTED_CHOICES = 20
"""More choices than this are not listed unless asked for (`?`): Tab completes them."""
YES, NO = ("y", "yes", "j", "ja"), ("n", "no", "nej")


def _say(text: str = "") -> None:
    from planctl.render import printable

    typer.echo("\n".join(printable(line) for line in text.split("\n")))


def _reason(text: str) -> None:
    from planctl.render import printable

    line = f"  {printable(text)}"
    typer.echo(typer.style(line, fg="yellow") if common.use_color() else line)


def read(prompt: str) -> str:
    """One line from the terminal. Ctrl-C and Ctrl-D raise `typer.Abort` (the EOFError kept as
    its context, which is how `main` tells them apart)."""
    try:
        return input(prompt)
    except EOFError:
        raise typer.Abort() from None
    except KeyboardInterrupt:
        raise typer.Abort() from None


@contextlib.contextmanager
def _completion(words: list[str]) -> Iterator[None]:
    """Tab completes `words` (each item of a comma-separated list) while a question waits."""
    try:
        import readline
    except ImportError:  # not every Python has it; typing the whole id still works
        yield
        return

    def complete(text: str, state: int) -> str | None:
        found = [w for w in words if w.casefold().startswith(text.casefold())]
        return found[state] if state < len(found) else None

    old, delims = readline.get_completer(), readline.get_completer_delims()
    readline.set_completer(complete if words else None)
    readline.set_completer_delims(" ,\t\n")
    readline.parse_and_bind("tab: complete")
    try:
        yield
    finally:
        readline.set_completer(old)
        readline.set_completer_delims(delims)


def _help(q: Question) -> str:
    """The field's help from the spec, then how to answer: "…. Numbers or ids, comma-separated; optional."."""
    f = q.field
    notes = []
    if q.choices:
        notes.append(_("numbers or ids, comma-separated") if f.many else _("a number or an id"))
    if f.type == "date":
        notes.append(_("YYYY-MM-DD"))
    if f.type == "datetime":
        notes.append(_("YYYY-MM-DD, or YYYY-MM-DDTHH:MM in Swedish time"))
    if q.one_per_line:
        notes.append(_("one per line, an empty line ends the list"))
    if not q.required:
        notes.append(_("optional") if q.one_per_line else _("optional, Enter to skip"))
    how = "; ".join(notes)
    return f.help(language()).rstrip(".") + "." + (f" {how[:1].upper()}{how[1:]}." if how else "")


def _list(q: Question, *, everything: bool = False) -> None:
    choices = q.choices
    if len(choices) > LISTED_CHOICES and not everything:
        _say("  " + _("{n} to choose from: type the start of one and press Tab, or ? to list them all").format(
            n=len(choices)))
        return
    width = max((len(c.value) for c in choices), default=0)
    digits = len(str(len(choices)))
    for n, c in enumerate(choices, 1):
        _say(f"  {n:>{digits}}  {c.value:<{width}}  {c.label}".rstrip())


def ask(interview: Interview, name: str) -> Any:
    """Ask for one field until the answer holds; the value to keep (None: left empty)."""
    from planctl.edit.answers import Invalid

    q = interview.question(name)
    label = q.field.label(language())
    _say()
    _say(_help(q))
    if q.choices:
        _list(q)
    if q.one_per_line:
        return _ask_items(interview, q)
    prompt = f"{label} [{q.default}]: " if q.default else f"{label}: "
    with _completion([c.value for c in q.choices]):
        while True:
            text = read(prompt)
            if text.strip() == "?" and q.choices:
                _list(q, everything=True)
                continue
            try:
                return interview.check(name, text)
            except Invalid as exc:
                _reason(str(exc))


def _ask_items(interview: Interview, q: Question) -> list[str] | None:
    from planctl.edit.answers import Invalid

    lang = language()
    # English names the item ("Link 1"); Swedish has the field's label, a plural ("Länkar, nr 1").
    item = (q.field.alias or q.field.name).replace("_", " ").capitalize() if lang == SOURCE else q.field.label(lang)
    while True:
        items: list[str] = []
        while True:
            text = read(_("{item} {n}: ").format(item=item, n=len(items) + 1))
            if not text.strip():
                break
            try:
                items.append(interview.check_item(q.name, text, items))
            except Invalid as exc:
                _reason(str(exc))
        try:
            return interview.check_items(q.name, items)
        except Invalid as exc:
            _reason(str(exc))


def converse(cfg: Config, kind: str, given: dict[str, Any], *, everything: bool, dry_run: bool) -> dict[str, Any]:
    """Ask for the fields of a new entity, show it, and return its fields once confirmed.

    `everything`: no field was given, so every field is asked (the optional ones can be
    skipped); otherwise only the required ones missing. Declining writes nothing (exit 0).
    """
    from planctl.edit.answers import Interview, asked_fields
    from planctl.errors import PlanctlError
    from planctl.loader import load_plan

    interview = Interview(cfg, load_plan(cfg, cache=True), kind, dict(given))
    _say(_("Adding {a_kind}. Each answer is checked as you give it, and nothing is written before "
           "you confirm (Ctrl-C stops).").format(a_kind=shown(a_kind(kind))))
    for name in interview.to_ask(everything=everything):
        _ask_into(interview, name)
    askable = [f.name for f in asked_fields(kind)]
    while True:
        try:
            outcome = _preview(cfg, interview)
        except PlanctlError as exc:  # the id, taken meanwhile or at odds with a changed parent
            if "id" not in askable:
                raise
            _reason(str(exc))
            _ask_into(interview, "id")
            continue
        wrong = [name for name in dict.fromkeys(_fields_of(outcome)) if name in askable]
        if wrong:  # a given field the checks refuse, or one an answer after it made wrong
            for d in outcome.problems:
                _reason(shown(d.message) + (f" ({shown(d.hint)})" if d.hint else ""))
            for name in wrong:
                _ask_into(interview, name)
            continue
        if outcome.problems or dry_run:  # not one field's fault: the edit path says why and refuses
            return interview.fields
        change = _confirm(outcome, askable)
        if change is None:
            return interview.fields
        _ask_into(interview, change)


def _ask_into(interview: Interview, name: str) -> None:
    """Ask `name` and keep the answer. A goal's id follows its parent: asking the parent again
    asks the id again, after it (the old id may not fit the new parent)."""
    from planctl.edit.answers import id_is_asked, tree_field

    tree = tree_field(interview.kind)
    follows = tree is not None and name == tree.name and id_is_asked(interview.kind) \
        and interview.fields.pop("id", None) is not None
    _keep(interview, name, ask(interview, name))
    if follows:
        _keep(interview, "id", ask(interview, "id"))


def _keep(interview: Interview, name: str, value: Any) -> None:
    if value is None:
        interview.fields.pop(name, None)
    else:
        interview.fields[name] = value


def _fields_of(outcome: Outcome) -> list[str]:
    from planctl.edit.answers import field_of

    return [name for d in outcome.problems if (name := field_of(d)) is not None]


def _preview(cfg: Config, interview: Interview) -> Outcome:
    """The file as it would be written, and the warnings it would bring, through the edit path."""
    from planctl.edit.ops import add_entity
    from planctl.edit.session import run_edit
    from planctl.render import RenderContext, from_cwd, render

    outcome = run_edit(cfg, lambda plan: add_entity(cfg, plan, interview.kind, interview.fields), dry_run=True)
    change = outcome.edit.changes[0]
    _say()
    _say(_("{path} will hold:").format(path=change.path))
    for line in (change.text or "").splitlines():
        _say(f"    {line}")
    if outcome.warnings:
        _say(_("and the checks would say:"))
        ctx = RenderContext(root=cfg.root, display=from_cwd(cfg.root))
        _say(render("concise", outcome.warnings, ctx).rstrip("\n"))
    return outcome


def _confirm(outcome: Outcome, askable: list[str]) -> str | None:
    """None: write it; a field's name: ask it again. Declining ends the run, nothing written."""
    path = outcome.edit.changes[0].path
    while True:
        text = read(_("Write {path}? [Y/n, or a field to change]: ").format(path=path)).strip()
        if not text or text.casefold() in YES:
            return None
        if text.casefold() in NO:
            typer.echo(_("nothing written"))
            raise typer.Exit(common.EXIT_OK)
        if text.replace("-", "_") in askable:
            return text.replace("-", "_")
        _reason(_("answer y or n, or one of: {fields}").format(fields=", ".join(askable)))

