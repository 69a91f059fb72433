"""A meeting handout in Markdown: focus area → sub-goal → initiatives, a table per owner, then the
needs and the initiatives that answer them, and the events by date."""

from __future__ import annotations

from planctl import spec
from planctl.export.collate import sort_key
from planctl.export.labels import enum_label, t
from planctl.export.table import build_table, column, owner_name
from planctl.goaltree import focus_areas, named_by, serving, sub_goals
from planctl.model import Initiative, Plan
from planctl.render.mdtext import md

__all__ = ["focus_areas", "md", "render", "serving", "sub_goals", "table"]


_OWNER = spec.INITIATIVE.field("owner")


def _line(plan: Plan, ini: Initiative, lang: str) -> str:
    # A label is the spec's word, or the value itself when it is none of them: md() either way.
    facts = [md(enum_label("status", ini.status, lang))]
    facts.append(md(owner_name(plan, ini.owner)))
    if ini.horizon:
        facts.append(md(enum_label("horizon", ini.horizon, lang)))
    return f"- **{md(ini.id)}** {md(ini.title)} — {', '.join(f for f in facts if f)}"


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(md(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell for cell in row) + " |" for row in rows]
    return out


def render(plan: Plan, *, name: str = "", lang: str = "sv", public: bool = False) -> str:
    # Public or not, the handout shows no contact data; `public` is accepted for symmetry.
    lines = [f"# {md(name) or t('handout', lang)}", "", f"*{t('handout', lang)}*", ""]
    for area in focus_areas(plan):
        lines += [f"## {md(area.id)} {md(area.title)}", ""]
        for goal in sub_goals(plan, area):
            lines += [f"### {md(goal.id)} {md(goal.title)}", ""]
            found = serving(plan, goal.id)
            lines += [_line(plan, ini, lang) for ini in found] or [f"*{t('no_initiatives', lang)}*"]
            lines.append("")
    lines += [f"## {t('per_owner', lang)}", ""]
    headers = [column("initiatives", key).label(lang) for key in ("id", "title", "status", "horizon")]
    owners = sorted(plan.owners.values(), key=lambda o: sort_key(o.label))
    for owner in owners:
        mine = named_by(plan, owner.id, _OWNER)
        if not mine:
            continue
        lines += [f"### {md(owner.label)}", ""]
        lines += table(headers, [[md(i.id), md(i.title), md(enum_label("status", i.status, lang)),
                                  md(enum_label("horizon", i.horizon, lang))] for i in mine])
        lines.append("")
    for folder, keys, sort in _SHEETS:
        if not plan.of(spec.FOLDERS[folder]):
            continue
        sheet = build_table(plan, folder, columns=[column(folder, key) for key in keys], sort=sort, lang=lang)
        lines += [f"## {md(spec.KIND[spec.FOLDERS[folder]].label(lang))}", ""]
        lines += table(sheet.headers(), [[md(cell) for cell in row] for row in sheet.text_rows()])
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_SHEETS = (("needs", ("id", "title", "answered_by"), None),
           ("events", ("start", "end", "title", "kind", "place"), "start"))
"""The kinds a handout lists as one table each, their columns and order."""
