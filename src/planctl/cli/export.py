"""`planctl export csv|xlsx|json|markdown|html|ics`: the plan for meetings and the public."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from planctl.cli import _complete, common
from planctl.cli._command import PlanctlTyper
from planctl.cli.app import app
from planctl.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.model import Plan

export_app = PlanctlTyper(
    name="export",
    help=N_("Write the plan as CSV, XLSX, JSON, Markdown, HTML or iCalendar."),
    epilog=common.examples("planctl export csv -o möte.csv", "planctl export xlsx -o plan.xlsx",
                           "planctl export ics -o kalender.ics", "planctl export html -o site --public"),
    no_args_is_help=True,
)
app.add_typer(export_app, name="export", rich_help_panel=N_("Export"))


class Lang(enum.StrEnum):
    sv = "sv"
    en = "en"


class Dialect(enum.StrEnum):
    excel = "excel"
    rfc4180 = "rfc4180"


PUBLIC_HELP = N_("Leave out personal contact data (email of owners of kind person).")
WHERE_OPTION = typer.Option(
    None, "--where", "-w", metavar="FIELD=VALUE",
    help=N_("Keep what matches, e.g. status=ongoing or owner=skr (repeatable; see docs/exports.md)."))
WHERE_INITIATIVES_OPTION = typer.Option(
    None, "--where", "-w", metavar="FIELD=VALUE",
    help=N_("Only the initiatives that match, e.g. status=ongoing (as for list)."))
LANG_OPTION = typer.Option(None, "--lang", metavar="LANG", show_default=False,
                           help=N_("sv or en: headers and labels (default: planctl --lang, else \\[plan] language)."))


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
    """The document's language: this command's --lang, else the one chosen for planctl (the global
    --lang or PLANCTL_LANG), else the plan's. The locale does not change a document: it is written
    for the plan's readers, not for whoever runs the export."""
    from planctl import i18n

    return lang.value if lang else i18n.chosen() or cfg.language


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

        raise UsageError(_("-o -: a website is a folder of files and cannot go to stdout; give a DIR"))
    return value


@export_app.command("csv", epilog=common.examples("planctl export csv -o möte.csv",
                                                  "planctl export csv -k goals -c id,title -o -",
                                                  "planctl export csv -w status=ongoing --dialect rfc4180 -o -"),
                    help=N_("One row per initiative (or goal, owner, event, need), ready for Swedish Excel."))
def export_csv(
    kind: str = typer.Option("initiatives", "--kind", "-k", metavar="KIND", show_default=False,
                             callback=common.kind_argument(plural=True), autocompletion=_complete.folders,
                             help=N_("initiatives (default), goals, owners, events or needs: one row each.")),
    columns: str | None = typer.Option(
        None,
        "--columns",
        "-c",
        metavar="COL,COL",
        help=N_("Columns and their order, by key or label (e.g. id,title,status)."),
    ),
    where: list[str] | None = WHERE_OPTION,
    sort: str | None = typer.Option(None, "--sort", "-s", metavar="FIELD",
                                    help=N_("Sort by this column (default: id).")),
    output: Path | None = common.OUTPUT_FILE_OPTION,
    lang: Lang | None = LANG_OPTION,
    dialect: Dialect = typer.Option(
        Dialect.excel, "--dialect", metavar="DIALECT", show_default=False,
        help=N_("excel (default: BOM, ';', CRLF, for Swedish Excel) or rfc4180 (',', CRLF).")
    ),
    raw: bool = typer.Option(
        False, "--raw", help=N_("Keep cells that start with = + - @ as they are (formula injection).")
    ),
    public: bool = typer.Option(False, "--public", help=PUBLIC_HELP),
) -> None:
    from planctl.export import csvfile
    from planctl.export.table import build_table, choose_columns
    from planctl.filters import parse

    query = parse(kind, where or [])
    cfg, plan = load_selected()
    table = build_table(plan, kind, columns=choose_columns(kind, columns), where=query, sort=sort,
                        lang=_lang(cfg, lang), public=public)
    _write_bytes(csvfile.render(table, dialect=dialect.value, raw=raw).encode("utf-8"), output)


@export_app.command("xlsx", epilog=common.examples("planctl export xlsx -o plan.xlsx",
                                                   "planctl export xlsx -o - --lang en > plan-en.xlsx"),
                    help=N_("A workbook with one sheet per kind: initiatives, goals, owners, events, needs."))
def export_xlsx(
    output: Path | None = typer.Option(..., "--output-file", "-o", metavar="FILE", callback=common.dash_is_stdout,
                                       help=N_("The .xlsx file to write ('-': stdout, not a terminal).")),
    lang: Lang | None = LANG_OPTION,
    raw: bool = typer.Option(False, "--raw", help=N_("Keep cells that start with + - @ as they are.")),
    public: bool = typer.Option(False, "--public", help=PUBLIC_HELP),
    where: list[str] | None = WHERE_INITIATIVES_OPTION,
) -> None:
    import sys

    from planctl.export import xlsx
    from planctl.export.table import KINDS, build_table

    if output is None and sys.stdout.isatty():  # a zip archive would garble the terminal
        raise common.fail(_("-o -: an XLSX workbook is not written to a terminal; redirect stdout or give a FILE"))
    cfg, plan = load_selected(where)
    chosen = _lang(cfg, lang)
    tables = [build_table(plan, kind, lang=chosen, public=public) for kind in KINDS]
    _write_bytes(xlsx.render(tables, raw=raw), output)


@export_app.command("json", epilog=common.examples("planctl export json -o plan.json", "planctl export json --schema"),
                    help=N_("The whole plan as JSON, references resolved, in a stable order."))
def export_json(
    output: Path | None = common.OUTPUT_FILE_OPTION,
    lang: Lang | None = LANG_OPTION,
    public: bool = typer.Option(False, "--public", help=PUBLIC_HELP),
    schema: bool = typer.Option(False, "--schema", help=N_("Print the JSON Schema of this output instead.")),
    where: list[str] | None = WHERE_INITIATIVES_OPTION,
) -> None:
    from planctl.export import jsondoc

    if schema:
        import json

        common.emit(json.dumps(jsondoc.load_export_schema(), ensure_ascii=False, indent=2) + "\n", output)
        return
    cfg, plan = load_selected(where)
    common.emit(jsondoc.render(jsondoc.build(plan, name=cfg.name, lang=_lang(cfg, lang), public=public)), output)


@export_app.command("markdown", epilog=common.examples("planctl export markdown -o handout.md --lang en"),
                    help=N_("A meeting handout: focus area, sub-goal, initiatives; then a table per owner."))
def export_markdown(
    output: Path | None = common.OUTPUT_FILE_OPTION,
    lang: Lang | None = LANG_OPTION,
    public: bool = typer.Option(False, "--public", help=PUBLIC_HELP),
    where: list[str] | None = WHERE_INITIATIVES_OPTION,
) -> None:
    from planctl.export import markdown

    cfg, plan = load_selected(where)
    common.emit(markdown.render(plan, name=cfg.name, lang=_lang(cfg, lang), public=public), output)


@export_app.command("ics", epilog=common.examples("planctl export ics -o kalender.ics"),
                    help=N_("The events as an iCalendar feed (RFC 5545) to subscribe to: times in UTC, dates as "
                            "all-day."))
def export_ics(
    output: Path | None = common.OUTPUT_FILE_OPTION,
    lang: Lang | None = LANG_OPTION,
    public: bool = typer.Option(True, "--public/--private",
                                help=N_("Leave out an organiser's personal e-mail (default).")),
) -> None:
    from planctl.export import ical

    cfg, plan = load_selected()
    text = ical.calendar(plan, name=cfg.name, lang=_lang(cfg, lang), public=public)
    _write_bytes(text.encode("utf-8"), output)


ROLLUP_OPTION = typer.Option(None, "--rollup", metavar="FILE", show_default=False, dir_okay=False,
                             help=N_("The roll-up to show (default: out/rollup/rollup.json)."))


def rollup_document(root: Path, given: Path | None) -> dict[str, Any] | None:
    """The roll-up to show in the site or the report (docs/federation.md), None: none at hand."""
    if given is None and not (root / "federation.toml").is_file():
        return None  # a plan of no federation loads nothing of it
    from planctl.federation import sections

    path = sections.find(root, given)
    return sections.load(path) if path is not None else None


def rollup_pages(root: Path, given: Path | None) -> list[Any]:
    from planctl.federation import sections

    document = rollup_document(root, given)
    return [sections.site_section(document)] if document is not None else []


@export_app.command("html", epilog=common.examples("planctl export html -o site",
                                                   "planctl export html -o site --private"),
                    help=N_("A static website that works offline: index, search, latest changes, one page per "
                            "sub-goal, initiative and owner."))
def export_html(
    output: Path = typer.Option(..., "--output-dir", "-o", metavar="DIR", callback=_folder_not_stdout,
                                help=N_("The folder to write the site into.")),
    lang: Lang | None = LANG_OPTION,
    public: bool = typer.Option(True, "--public/--private", show_default=False,
                                help=N_("Leave out personal contact data (default), or keep it.")),
    where: list[str] | None = WHERE_INITIATIVES_OPTION,
    force: bool = typer.Option(False, "--force",
                               help=N_("Write into a non-empty folder that holds no planctl site (its files are "
                                       "kept).")),
    rollup: Path | None = ROLLUP_OPTION,
) -> None:
    from planctl.export import website
    from planctl.export.changes import read_history

    cfg = common.config()
    # Before the plan is loaded: a refused folder is answered at once, and nothing (not even
    # the parse cache) is written.
    website.check_target(output, root=cfg.root, force=force)
    cfg, plan = load_selected(where)
    settings = website.SiteSettings.from_config(cfg)
    written = website.write_site(plan, output, name=cfg.name, lang=_lang(cfg, lang), public=public,
                                 settings=settings, history=read_history(cfg), root=cfg.root, force=force,
                                 extra=rollup_pages(cfg.root, rollup))
    common.note(ngettext("wrote {n} file to {folder}/ (open {index})", "wrote {n} files to {folder}/ (open {index})",
                         len(written)).format(n=len(written), folder=output, index=output / "index.html"), err=True)
