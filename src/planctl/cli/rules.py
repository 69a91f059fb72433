"""`planctl rules [CODE]`: every code planctl can report, or one explained."""

from __future__ import annotations

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.i18n import N_, _


@app.command(short_help=N_("List every code, or explain one with examples."), rich_help_panel=N_("Check"), pager=True,
             epilog=common.examples("planctl rules", "planctl rules T003", "planctl rules title-too-long -f json"),
             help=N_("List every code (built-in F/Y/S, rules, suppressions) or explain one with examples."))
def rules(
    code: str | None = typer.Argument(None, metavar="CODE", show_default=False,
                                      help=N_("A code (T003) or rule name (title-too-long) to explain.")),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT",
                            help=N_("text, json or markdown (as in docs/checks.md).")),
) -> None:
    import json

    from planctl.checks.registry import FAMILIES, catalogue, lookup
    from planctl.i18n import tr

    if fmt not in ("text", "json", "markdown"):
        raise common.fail(_("unknown format {format!r} (expected text, json or markdown)").format(format=fmt))
    chosen = list(catalogue().values())
    if code is not None:
        rule = lookup(code)
        if rule is None:
            raise common.fail(_("unknown code or rule {selector!r} (run 'planctl rules' for the list)")
                              .format(selector=code))
        chosen = [rule]
    if fmt == "markdown":
        from planctl.checks.ruledoc import reference_markdown, rule_markdown

        common.emit(reference_markdown(chosen) if code is None else rule_markdown(chosen[0]))
        return
    if fmt == "json":
        rows = [{"code": r.code, "name": r.name, "severity": r.severity.label, "family": tr(FAMILIES[r.family]),
                 "fixable": r.fixable, "summary": tr(r.summary), "options": r.conf,
                 "explanation": tr(r.explanation) if r.explanation else ""}
                for r in chosen]
        from planctl.render.jsonfmt import envelope

        common.emit(envelope("rules", rules=rows))
        return
    if code is None:
        lines = []
        for r in chosen:
            mark = "*" if r.fixable else " "
            lines.append(f"{r.code} {mark} {r.name:<30} {r.severity.label:<8} {tr(r.summary)}")
        if not common.state.quiet:
            lines += ["", _("* fixable with 'planctl lint --fix'. 'planctl rules CODE' explains one code.")]
        common.emit("\n".join(lines) + "\n")
        return
    r = chosen[0]
    out = [f"{r.code} {r.name}", "",
           _("Family:   {family} ({name})").format(family=r.family, name=tr(FAMILIES[r.family])),
           _("Severity: {severity} (default)").format(severity=r.severity.label),
           _("Fixable:  yes") if r.fixable else _("Fixable:  no")]
    if r.conf:
        out.append(_("Options:  {options}  (set in planctl.toml under [lint.options.{code}])").format(
            options=", ".join(f"{k} = {json.dumps(v)}" for k, v in r.conf.items()), code=r.code))
    out += ["", tr(r.summary)]
    if r.explanation:
        out += ["", tr(r.explanation)]
    common.emit("\n".join(out) + "\n")
