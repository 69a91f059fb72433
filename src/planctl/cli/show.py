"""`planctl show ID`: one entity with its references resolved to titles and names."""

from __future__ import annotations

import typer

from planctl.cli import _complete, common
from planctl.cli.app import app
from planctl.i18n import N_, _, kind_noun


@app.command(short_help=N_("Show an entity with its references resolved."), rich_help_panel=N_("Check"), pager=True,
             epilog=common.examples("planctl show INI-001", "planctl show FO1.2 -f json"),
             help=N_("Show an entity: its fields, the goals and owners it names, and what refers to it."))
def show(
    ident: str = typer.Argument(..., metavar="ID", help=N_("An id of a goal, initiative, owner, event or need."),
                               callback=common.id_argument, autocompletion=_complete.ids),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help=N_("text or json.")),
) -> None:
    from planctl.checks.views import describe, find, load_view
    from planctl.render import printable

    plan, index = load_view(common.config(), fmt)
    view = describe(plan, find(plan, ident), index)
    if fmt == "json":
        from planctl.render.jsonfmt import envelope

        common.emit(envelope("show", entity=view))
        return
    lines = [f"{view['id']}  ({kind_noun(view['kind'])}, {view['file']})"]
    for key, value in view["fields"].items():
        if key == "id":
            continue
        if (
            isinstance(value, list)
            and value
            and isinstance(value[0], dict)
            and "title" in value[0]
            and "id" in value[0]
        ):
            lines.append(f"  {key}:")
            lines += [f"    {v['id']}  {v['title']}" for v in value]
        elif key == "milestones" and isinstance(value, list):
            lines.append(f"  {key}:")  # numbered as 'planctl milestone done|rm' names them
            lines += [f"    {n}. {_milestone(v)}" for n, v in enumerate(value, start=1)]
        elif isinstance(value, list):
            lines.append(f"  {key}:")
            lines += [f"    - {_plain(v)}" for v in value]
        else:
            lines.append(f"  {key}: {_plain(value)}")
    if view["referred_to_by"]:
        lines.append("  " + _("referred to by:"))
        lines += [f"    {r['id']} ({r['field']})  {r['title']}  {r['location']}" for r in view["referred_to_by"]]
    common.emit("".join(printable(line) + "\n" for line in lines))


def _plain(value: object) -> str:
    """One line: a folded or literal text is shown with its line breaks as spaces."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return " ".join(str(value).split())


def _milestone(value: object) -> str:
    if not isinstance(value, dict):
        return _plain(value)
    parts = [_plain(value.get("title", _("(no title)")))]
    if value.get("due") is not None:
        parts.append(_("due {date}").format(date=_plain(value["due"])))
    if value.get("done") is True:
        parts.append(_("done"))
    rest = {k: v for k, v in value.items() if k not in ("title", "due", "done")}
    return ", ".join(parts + ([_plain(rest)] if rest else []))
