"""`planctl schema [NAME]`: list and print the JSON Schemas planctl validates with and writes to.

They are the files of the package's `schema/` folder (the repository's `schema/`): the plan's
(one per kind, and the definitions they share), planctl.toml's, and the shapes of planctl's
own output: every `--format json` (`output-*.schema.json`, in the envelope of `output`) and
`export json` (`export`). A schema is named by its file name without `.schema.json`.
"""

from __future__ import annotations

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.i18n import N_, _

SUFFIX = ".schema.json"
ALIASES = {"config": "planctl-toml"}
"""Names kept from before every schema could be named by its file: `config` is planctl.toml's."""


@app.command(short_help=N_("List or print the JSON Schemas: plan, planctl.toml, output."),
             rich_help_panel=N_("Plan"),
             epilog=common.examples("planctl schema --list", "planctl schema initiative",
                                    "planctl schema output-list", "planctl schema --path"),
             help=N_("Print the JSON Schemas (draft 2020-12) of the plan files, planctl.toml and planctl's output."))
def schema(
    name: str | None = typer.Argument(
        None, metavar="NAME", show_default=False,
        help=N_("A schema, as --list names them (initiative, config, output-log...); default: all, as one object.")
    ),
    listing: bool = typer.Option(False, "--list", "-l",
                                 help=N_("List the schemas: name, file and what each describes.")),
    path: bool = typer.Option(False, "--path", help=N_("Print the folder that holds the schema files instead.")),
) -> None:
    import json

    from planctl.schemas import load_schema, schema_dir

    if path:
        common.emit(f"{schema_dir()}\n")
        return
    files = sorted(p.name for p in schema_dir().glob(f"*{SUFFIX}"))
    names = {file.removesuffix(SUFFIX): file for file in files}
    names.update({alias: names[target] for alias, target in ALIASES.items() if target in names})
    if listing:
        if name is not None:
            raise common.fail(_("--list takes no NAME"))
        also = {target: alias for alias, target in ALIASES.items()}
        width, file_width = max(map(len, names)), max(map(len, files))
        rows = [f"{n:<{width}}  {file:<{file_width}}  {load_schema(file).get('title', '')}"
                + (" " + _("(also: {alias})").format(alias=also[n]) if n in also else "")
                for n, file in names.items() if n not in ALIASES]
        common.emit("".join(row.rstrip() + "\n" for row in rows))
        return
    if name is None:
        document = {file: load_schema(file) for file in files}
    elif name.removesuffix(SUFFIX) in names:
        document = load_schema(names[name.removesuffix(SUFFIX)])
    else:
        raise common.fail(_("unknown schema {name!r} (run 'planctl schema --list' for the names)").format(name=name))
    common.emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
