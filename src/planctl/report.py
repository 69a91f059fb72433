"""The report the plan owes the government, built from the data alone.

It follows the shape of the May 2020 follow-up: status counts (decided, being
prepared or under way, not started), the ongoing work per focus area and
sub-goal, the proposed initiatives with who decides and who acts, the sub-goals
nothing serves yet, and responsibilities per owner. The content is gathered
once into `Report`; Markdown and HTML only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from importlib import resources

from planctl import spec
from planctl.export.chart import stacked_bars, text_bars
from planctl.export.collate import sort_key
from planctl.export.labels import enum_label, t
from planctl.export.markdown import md
from planctl.export.table import owner_name
from planctl.goaltree import focus_areas, naming, serving, sub_goals
from planctl.model import STATUSES, Goal, Initiative, Plan

FORMATS = ("markdown", "html")
# The follow-up's categories, each a set of our statuses.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("grp_decided", ("decided",)),
    ("grp_preparing", ("in-preparation", "ongoing")),
    ("grp_not_started", ("proposed",)),
    ("grp_done", ("completed",)),
    ("grp_cancelled", ("cancelled",)),
)


_ROLES = spec.inverses(spec.OWNER.name)
"""An owner's responsibilities: the references to owners that have an inverse (acts on, decides on, ...)."""
_DECIDES = spec.role(spec.INITIATIVE.name, "decides")
_ACTS = [f for f in spec.INITIATIVE.fields if f.role in ("acts", "takes-part")]


def _roles(lang: str) -> list[str]:
    return [f.inverse.label(lang) for _, f in _ROLES if f.inverse is not None]


@dataclass(slots=True)
class Report:
    name: str
    lang: str
    groups: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    ongoing: list[tuple[Goal, list[tuple[Goal, list[Initiative]]]]] = field(default_factory=list)
    proposed: list[Initiative] = field(default_factory=list)
    uncovered: list[Goal] = field(default_factory=list)
    owners: list[tuple[str, list[list[str]]]] = field(default_factory=list)
    """Each owner's name and, per role (`_ROLES`), the initiatives it has that role in."""


def build_report(plan: Plan, *, name: str = "", lang: str = "sv") -> Report:
    report = Report(name=name, lang=lang)
    for key, statuses in GROUPS:
        counts = {s: sum(1 for i in plan.initiatives.values() if i.status == s) for s in statuses}
        report.groups.append((t(key, lang), counts))
    for area in focus_areas(plan):
        per_goal = [(goal, [i for i in serving(plan, goal.id) if i.status == "ongoing"])
                    for goal in sub_goals(plan, area)]
        report.ongoing.append((area, per_goal))
    report.proposed = sorted((i for i in plan.initiatives.values() if i.status == "proposed"),
                             key=lambda i: sort_key(i.id))
    report.uncovered = [g for area in focus_areas(plan) for g in sub_goals(plan, area) if not serving(plan, g.id)]
    for owner in sorted(plan.owners.values(), key=lambda o: sort_key(o.label)):
        roles = [naming(plan, owner.id, f) for _, f in _ROLES]
        if any(roles):
            report.owners.append((owner.label, roles))
    return report


def _ids(ini: Initiative, f: spec.Field) -> list[str]:
    value = getattr(ini, f.attribute)
    return list(value) if f.many else [] if value is None else [value]


def _acts(plan: Plan, ini: Initiative) -> list[str]:
    return [name for f in _ACTS for ident in _ids(ini, f) if (name := owner_name(plan, ident))]


def _decides(plan: Plan, ini: Initiative) -> str | None:
    return ", ".join(n for i in _ids(ini, _DECIDES) if (n := owner_name(plan, i))) or None


def render_markdown(report: Report, plan: Plan) -> str:
    lang = report.lang
    title = f"{t('report', lang)}: {md(report.name)}" if report.name else t("report", lang)
    out = [f"# {title}", "", f"*{t('report_intro', lang)}*", "", f"## {t('status_counts', lang)}", "",
           f"| {t('status_group', lang)} | {t('count', lang)} |", "|---|---:|"]
    out += [f"| {label} | {sum(c.values())} |" for label, c in report.groups]
    out += [f"| **{t('total', lang)}** | **{len(plan.initiatives)}** |", "", "```text",
            text_bars([(label, sum(c.values())) for label, c in report.groups]), "```", "",
            f"| Status | {t('count', lang)} |", "|---|---:|"]
    out += [f"| {enum_label('status', s, lang)} | {sum(1 for i in plan.initiatives.values() if i.status == s)} |"
            for s in STATUSES]
    out += ["", f"## {t('ongoing_per_goal', lang)}", ""]
    for area, goals in report.ongoing:
        out += [f"### {md(area.id)} {md(area.title)}", ""]
        for goal, items in goals:
            out += [f"#### {md(goal.id)} {md(goal.title)}", ""]
            out += [f"- **{md(i.id)}** {md(i.title)} — {md(owner_name(plan, i.owner))}" for i in items] \
                or [f"*{t('no_ongoing', lang)}*"]
            out.append("")
    out += [f"## {t('proposed', lang)}", ""]
    if report.proposed:
        out += [f"| Id | {t('initiative_col', lang)} | {t('who_decides', lang)} | {t('who_acts', lang)} |",
                "|---|---|---|---|"]
        out += [f"| {md(i.id)} | {md(i.title)} | {md(_decides(plan, i)) or t('unknown', lang)} | "
                f"{md(', '.join(_acts(plan, i)))} |" for i in report.proposed]
    else:
        out.append(f"*{t('no_initiatives', lang)}*")
    out += ["", f"## {t('uncovered', lang)}", ""]
    out += [f"- **{md(g.id)}** {md(g.title)}" for g in report.uncovered] or [f"*{t('all_covered', lang)}*"]
    out += ["", f"## {t('responsibilities', lang)}", "",
            "| " + " | ".join([t("owner_col", lang), *_roles(lang)]) + " |",
            "|---|---|---|---|"]
    out += [
        "| " + " | ".join([md(name), *(md(", ".join(ids)) for ids in roles)]) + " |" for name, roles in report.owners
    ]
    return "\n".join(out) + "\n"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: Report, plan: Plan) -> str:
    """One self-contained page: the site's stylesheet inlined, the chart as inline SVG."""
    lang = report.lang
    title = f"{t('report', lang)}: {report.name}" if report.name else t("report", lang)
    css = resources.files("planctl.export").joinpath("site/style.css").read_text("utf-8")
    parts = [f"<h1>{escape(title)}</h1>", f"<p>{escape(t('report_intro', lang))}</p>",
             f"<h2>{escape(t('status_counts', lang))}</h2>",
             _table([t("status_group", lang), t("count", lang)],
                    [[escape(label), str(sum(c.values()))] for label, c in report.groups]
                    + [[f"<strong>{escape(t('total', lang))}</strong>", f"<strong>{len(plan.initiatives)}</strong>"]]),
             stacked_bars(report.groups, title=t("status_counts", lang), lang=lang),
             f"<h2>{escape(t('ongoing_per_goal', lang))}</h2>"]
    for area, goals in report.ongoing:
        parts.append(f"<h3>{escape(area.id)} {escape(area.title or '')}</h3>")
        for goal, items in goals:
            parts.append(f"<h4>{escape(goal.id)} {escape(goal.title or '')}</h4>")
            if items:
                parts.append(
                    "<ul>"
                    + "".join(
                        f"<li><strong>{escape(i.id)}</strong> {escape(i.title or '')} — "
                        f"{escape(owner_name(plan, i.owner) or '')}</li>"
                        for i in items
                    )
                    + "</ul>"
                )
            else:
                parts.append(f"<p><em>{escape(t('no_ongoing', lang))}</em></p>")
    parts.append(f"<h2>{escape(t('proposed', lang))}</h2>")
    parts.append(_table(["Id", t("initiative_col", lang), t("who_decides", lang), t("who_acts", lang)],
                        [[escape(i.id), escape(i.title or ""),
                          escape(_decides(plan, i) or t("unknown", lang)),
                          escape(", ".join(_acts(plan, i)))] for i in report.proposed]))
    parts.append(f"<h2>{escape(t('uncovered', lang))}</h2>")
    parts.append("<ul>" + "".join(f"<li><strong>{escape(g.id)}</strong> {escape(g.title or '')}</li>"
                                  for g in report.uncovered) + "</ul>" if report.uncovered
                 else f"<p>{escape(t('all_covered', lang))}</p>")
    parts.append(f"<h2>{escape(t('responsibilities', lang))}</h2>")
    parts.append(_table([t("owner_col", lang), *_roles(lang)],
                        [[escape(n), *(escape(", ".join(ids)) for ids in roles)] for n, roles in report.owners]))
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            f"<title>{escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n<main id=\"main\">\n"
            + "\n".join(parts) + "\n</main>\n</body>\n</html>\n")


def render(plan: Plan, fmt: str = "markdown", *, name: str = "", lang: str = "sv") -> str:
    report = build_report(plan, name=name, lang=lang)
    return render_html(report, plan) if fmt == "html" else render_markdown(report, plan)
