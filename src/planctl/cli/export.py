"""`planctl export csv|xlsx|json|markdown|html`: the plan for meetings and the public."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from planctl.cli import common
from planctl.cli.app import app

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.model import Plan

export_app = typer.Typer(
    name="export",
    help="Write the plan as CSV, XLSX, JSON, Markdown or a static website.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export", rich_help_panel="Export")


class Kind(enum.StrEnum):
    initiatives = "initiatives"
    goals = "goals"
    owners = "owners"


class Lang(enum.StrEnum):
    sv = "sv"
    en = "en"


class Dialect(enum.StrEnum):
    excel = "excel"
    rfc4180 = "rfc4180"


PUBLIC_HELP = "Leave out personal contact data (email of owners of kind person)."
WHERE_OPTION = typer.Option(
    None, "--where", "-w", metavar="FIELD=VALUE",
    help="Keep what matches, e.g. status=ongoing, status=Pågående, owner=skr, goal=FO2 (its sub-goals too). "
         "Fields by key or label, values by value or label, any case; repeatable: different fields must all "
         "hold, the same field twice means either. A typo is an error, never an empty answer.")
WHERE_INITIATIVES_HELP = (
    "Only the initiatives that match, in the --where language of 'planctl list' (e.g. status=ongoing)."
)
OUTPUT_OPTION = typer.Option(None, "--output", "-o", metavar="FILE", callback=common.dash_is_stdout,
                             help="Write to FILE ('-': stdout, the default).")
LANG_HELP = "Language of headers and labels (default: \\[plan] language in planctl.toml)."


def load_selected(where: list[str] | None = None) -> tuple[Config, Plan]:
    """The plan, clean; with `where`, only the initiatives it selects (goals and owners all kept)."""
    from planctl.export import require_clean
    from planctl.filters import parse, restrict

    query = parse("initiative", where or [])  # a misspelt field or status fails before the plan is loaded
    cfg = common.config()
    plan = common.load(cfg)  # through the parse cache, as `check` loads
    plan.save_cache()
    require_clean(plan)
    return cfg, restrict(plan, query)


def _lang(cfg: Config, lang: Lang | None) -> str:
    return lang.value if lang else cfg.language


def _write_bytes(data: bytes, output: Path | None) -> None:
    """Write `data` to the file, or as bytes to stdout (a text stream without a buffer, as in a
    test, gets the text)."""
    import sys

    if output is None:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
        else:
            sys.stdout.write(data.decode("utf-8", "surrogateescape"))
        sys.stdout.flush()
        return
    common.write_output(output, data)


def _folder_not_stdout(value: Path) -> Path:
    """`-o -` means stdout everywhere else; a website is many files, so here it is refused."""
    if str(value) == "-":
        from planctl.errors import UsageError

        raise UsageError("-o -: a website is a folder of files and cannot go to stdout; give a DIR")
    return value


@export_app.command("csv")
def export_csv(
    kind: Kind = typer.Option(Kind.initiatives, "--kind", "-k", help="One row per initiative, goal or owner."),
    columns: str | None = typer.Option(
        None,
        "--columns",
        "-c",
        metavar="COL,COL",
        help="Columns and their order, by key or label (e.g. id,title,status).",
    ),
    where: list[str] | None = WHERE_OPTION,
    sort: str | None = typer.Option(None, "--sort", "-s", metavar="FIELD", help="Sort by this column (default: id)."),
    output: Path | None = OUTPUT_OPTION,
    lang: Lang | None = typer.Option(None, "--lang", help=LANG_HELP),
    dialect: Dialect = typer.Option(
        Dialect.excel, "--dialect",
        help="excel: UTF-8 BOM, ';', CRLF, for Swedish Excel (the default, to a file or stdout); rfc4180: ',', CRLF."
    ),
    raw: bool = typer.Option(
        False, "--raw", help="Do not neutralise cells that start with = + - @ (formula injection)."
    ),
    public: bool = typer.Option(False, "--public", help=PUBLIC_HELP),
) -> None:
    """One row per initiative (or goal, or owner), ready for Swedish Excel."""
    from planctl.export import csvfile
    from planctl.export.table import build_table, choose_columns
    from planctl.filters import parse

    query = parse(kind.value, where or [])
    cfg, plan = load_selected()
    table = build_table(plan, kind.value, columns=choose_columns(kind.value, columns), where=query, sort=sort,
                        lang=_lang(cfg, lang), public=public)
    _write_bytes(csvfile.render(table, dialect=dialect.value, raw=raw).encode("utf-8"), output)


@export_app.command("xlsx")
def export_xlsx(
    output: Path | None = typer.Option(..., "--output", "-o", metavar="FILE", callback=common.dash_is_stdout,
                                       help="The .xlsx file to write ('-': stdout, when it is not a terminal)."),
    lang: Lang | None = typer.Option(None, "--lang", help=LANG_HELP),
    raw: bool = typer.Option(False, "--raw", help="Do not neutralise cells that start with + - @."),
    public: bool = typer.Option(False, "--public", help=PUBLIC_HELP),
    where: list[str] | None = typer.Option(None, "--where", "-w", metavar="FIELD=VALUE", help=WHERE_INITIATIVES_HELP),
) -> None:
    """A workbook with one sheet per kind: initiatives, goals, owners."""
    import sys

    from planctl.export import xlsx
    from planctl.export.table import KINDS, build_table

    if output is None and sys.stdout.isatty():  # a zip archive would garble the terminal
        raise common.fail("-o -: an XLSX workbook is not written to a terminal; redirect stdout or give a FILE")
    cfg, plan = load_selected(where)
    chosen = _lang(cfg, lang)
    tables = [build_table(plan, kind, lang=chosen, public=public) for kind in KINDS]
    _write_bytes(xlsx.render(tables, raw=raw), output)


@export_app.command("json")
def export_json(
    output: Path | None = OUTPUT_OPTION,
    lang: Lang | None = typer.Option(None, "--lang", help="Language of status labels."),
    public: bool = typer.Option(False, "--public", help=PUBLIC_HELP),
    schema: bool = typer.Option(False, "--schema", help="Print the JSON Schema of this output instead."),
    where: list[str] | None = typer.Option(None, "--where", "-w", metavar="FIELD=VALUE", help=WHERE_INITIATIVES_HELP),
) -> None:
    """The whole plan as JSON, references resolved, in a stable order."""
    from planctl.export import jsondoc

    if schema:
        import json

        common.emit(json.dumps(jsondoc.load_export_schema(), ensure_ascii=False, indent=2) + "\n", output)
        return
    cfg, plan = load_selected(where)
    common.emit(jsondoc.render(jsondoc.build(plan, name=cfg.name, lang=_lang(cfg, lang), public=public)), output)


@export_app.command("markdown")
def export_markdown(
    output: Path | None = OUTPUT_OPTION,
    lang: Lang | None = typer.Option(None, "--lang", help=LANG_HELP),
    public: bool = typer.Option(False, "--public", help=PUBLIC_HELP),
    where: list[str] | None = typer.Option(None, "--where", "-w", metavar="FIELD=VALUE", help=WHERE_INITIATIVES_HELP),
) -> None:
    """A meeting handout: focus area, sub-goal, initiatives; then a table per owner."""
    from planctl.export import markdown

    cfg, plan = load_selected(where)
    common.emit(markdown.render(plan, name=cfg.name, lang=_lang(cfg, lang), public=public), output)


@export_app.command("html")
def export_html(
    output: Path = typer.Option(..., "--output", "-o", metavar="DIR", callback=_folder_not_stdout,
                                help="The folder to write the site into."),
    lang: Lang | None = typer.Option(None, "--lang", help=LANG_HELP),
    public: bool = typer.Option(True, "--public/--private",
                                help="Leave out personal contact data (default); --private keeps it."),
    where: list[str] | None = typer.Option(None, "--where", "-w", metavar="FIELD=VALUE", help=WHERE_INITIATIVES_HELP),
    force: bool = typer.Option(False, "--force",
                               help="Write into a non-empty folder that holds no planctl site (its files are kept)."),
) -> None:
    """A static website that works offline: index, search, latest changes, one page per sub-goal,
    initiative and owner."""
    from planctl.export import website
    from planctl.export.changes import read_history

    cfg, plan = load_selected(where)
    settings = website.SiteSettings.from_config(cfg)
    website.check_target(output, root=cfg.root, force=force)  # before the history is read: a refusal is quick
    written = website.write_site(plan, output, name=cfg.name, lang=_lang(cfg, lang), public=public,
                                 settings=settings, history=read_history(cfg), root=cfg.root, force=force)
    import sys

    sys.stderr.write(f"wrote {len(written)} files to {output}/ (open {output / 'index.html'})\n")
