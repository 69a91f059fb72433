"""`planctl init [DIR]`: a new, valid, empty plan repository."""

from __future__ import annotations

from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.i18n import N_, _


@app.command(short_help=N_("Create a new, valid, empty plan repository."), rich_help_panel=N_("Plan"),
             epilog=common.examples("planctl init ny-plan --name 'Min plan'", "planctl init . --lang en --no-git"),
             help=N_("Create planctl.toml, the plan folders, schemas for editors and a .gitignore."))
def init(
    directory: Path = typer.Argument(Path("."), metavar="DIR", show_default=False,
                                     help=N_("Where to create the plan (default: here).")),
    name: str = typer.Option("", "--name", metavar="NAME", show_default=False,
                             help=N_("The plan's name (default: the folder's name).")),
    language: str = typer.Option("sv", "--lang", metavar="LANG", help=N_("The plan's language: sv or en.")),
    no_git: bool = typer.Option(False, "--no-git", help=N_("Do not run git init.")),
) -> None:
    from planctl.scaffold import create_plan

    created = create_plan(directory, name=name, language=language, git=not no_git)
    for path in created.files:
        common.note(_("created {path}").format(path=path))
    if created.git_initialised:
        common.note(_("initialised a git repository"))
    common.note(_("New plan in {folder}. Next: {command}").format(
        folder=created.root, command=next_step(directory, created.to_add(), created.in_git)))


def next_step(directory: Path, files: list[str], in_git: bool) -> str:
    """The shell line that puts the new plan's files under git, to copy as it is."""
    import shlex

    git = "git" if directory == Path(".") else f"git -C {shlex.quote(str(directory))}"
    start = "" if in_git else f"{git} init && "
    added = " ".join(shlex.quote(rel) for rel in files)
    return f"{start}{git} add {added} && {git} commit -m 'chore(plan): start the plan'"
