"""`planctl report`: the report to the government, built from the plan's data."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.cli.export import LANG_OPTION, ROLLUP_OPTION, WHERE_INITIATIVES_OPTION, Lang
from planctl.i18n import N_, _


class ReportFormat(enum.StrEnum):
    markdown = "markdown"
    html = "html"
    pdf = "pdf"


@app.command(short_help=N_("The report to the government, built from the plan."), rich_help_panel=N_("Export"),
             epilog=common.examples("planctl report -o rapport.md", "planctl report -f html -o rapport.html --lang en"),
             help=N_("Dated: needs raised, ongoing initiatives per sub-goal, proposals with who decides and acts, "
                     "gaps."))
def report(
    fmt: ReportFormat = typer.Option(ReportFormat.markdown, "--format", "-f", metavar="FORMAT", show_default=False,
                                     help=N_("markdown (default), html (one page) or pdf (A4; needs planctl\\[pdf]).")),
    output: Path | None = common.OUTPUT_FILE_OPTION,
    lang: Lang | None = LANG_OPTION,
    where: list[str] | None = WHERE_INITIATIVES_OPTION,
    since: str | None = typer.Option(None, "--since", metavar="REV|DATE",
                                     help=N_("Add what changed since a revision or date (HEAD~1, 2020-05-01).")),
    date: str | None = typer.Option(None, "--date", metavar="DATE",
                                    help=N_("The report's date, YYYY-MM-DD (default: today).")),
    rollup: Path | None = ROLLUP_OPTION,
) -> None:
    import datetime
    import sys

    from planctl import __version__
    from planctl.cli.export import _lang, _write_bytes, load_selected, rollup_document
    from planctl.git.revision import plan_revision
    from planctl.render import printable
    from planctl.report import Front, PdfUnavailable, changes_since, render

    try:
        day = datetime.date.fromisoformat(date) if date is not None else datetime.date.today()
    except ValueError:
        raise common.fail(_("--date {date!r}: not a date (YYYY-MM-DD)").format(date=date)) from None
    if fmt is ReportFormat.pdf and output is None and sys.stdout.isatty():  # binary would garble the terminal
        raise common.fail(_("-o -: a PDF is not written to a terminal; redirect stdout or give a FILE"))
    cfg, plan = load_selected(where)
    chosen = _lang(cfg, lang)
    changes = changes_since(cfg, plan, since, lang=chosen, selected=bool(where)) if since is not None else None
    front = Front(day, plan_revision(cfg.root), list(where or []), __version__)
    sections = []
    if any(":" in goal for initiative in plan.initiatives.values() for goal in initiative.goals):
        from planctl.federation.sections import member_report_section  # a member plan: nat:FO1.2

        served = member_report_section(plan, chosen)
        sections += [served] if served is not None else []
    found = rollup_document(cfg.root, rollup)
    if found is not None:
        from planctl.federation.sections import report_section

        sections.append(report_section(found, chosen))
    try:
        document = render(plan, fmt.value, name=cfg.name, lang=chosen, front=front, changes=changes,
                          sections=sections)
    except PdfUnavailable as exc:
        raise common.fail(str(exc)) from None
    for version, path in changes.unreadable if changes is not None else ():
        line = _(common.UNREADABLE).format(path=printable(path), version=printable(version))
        sys.stderr.write(common.warning_line(line))
    if isinstance(document, bytes):
        _write_bytes(document, output)
    else:
        common.emit(document, output)
