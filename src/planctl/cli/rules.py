"""`planctl rules [CODE]`: every code planctl can report, or one explained."""

from __future__ import annotations

import typer

from planctl.cli import common
from planctl.cli.app import app


@app.command(short_help="List every code, or explain one with examples.", rich_help_panel="Check", pager=True,
             epilog=common.examples("planctl rules", "planctl rules T003", "planctl rules title-too-long -f json"))
def rules(
    code: str | None = typer.Argument(None, metavar="CODE", show_default=False,
                                      help="A code (T003) or rule name (title-too-long) to explain."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT",
                            help="text, json or markdown (as in docs/checks.md)."),
) -> None:
    """List every code (built-in F/Y/S, rules, suppressions) or explain one with examples."""
    import json

    from planctl.checks.registry import FAMILIES, catalogue, lookup

    if fmt not in ("text", "json", "markdown"):
        raise common.fail(f"unknown format {fmt!r} (expected text, json or markdown)")
    chosen = list(catalogue().values())
    if code is not None:
        rule = lookup(code)
        if rule is None:
            raise common.fail(f"unknown code or rule {code!r} (run 'planctl rules' for the list)")
        chosen = [rule]
    if fmt == "markdown":
        from planctl.checks.ruledoc import reference_markdown, rule_markdown

        common.emit(reference_markdown(chosen) if code is None else rule_markdown(chosen[0]))
        return
    if fmt == "json":
        rows = [{"code": r.code, "name": r.name, "severity": r.severity.label, "family": FAMILIES[r.family],
                 "fixable": r.fixable, "summary": r.summary, "options": r.conf, "explanation": r.explanation}
                for r in chosen]
        from planctl.render.jsonfmt import envelope

        common.emit(envelope("rules", rules=rows))
        return
    if code is None:
        lines = []
        for r in chosen:
            mark = "*" if r.fixable else " "
            lines.append(f"{r.code} {mark} {r.name:<30} {r.severity.label:<8} {r.summary}")
        if not common.state.quiet:
            lines += ["", "* fixable with 'planctl lint --fix'. 'planctl rules CODE' explains one code."]
        common.emit("\n".join(lines) + "\n")
        return
    r = chosen[0]
    out = [f"{r.code} {r.name}", "", f"Family:   {r.family} ({FAMILIES[r.family]})",
           f"Severity: {r.severity.label} (default)", f"Fixable:  {'yes' if r.fixable else 'no'}"]
    if r.conf:
        out.append("Options:  " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in r.conf.items())
                   + f"  (set in planctl.toml under [lint.options.{r.code}])")
    out += ["", r.summary]
    if r.explanation:
        out += ["", r.explanation]
    common.emit("\n".join(out) + "\n")
