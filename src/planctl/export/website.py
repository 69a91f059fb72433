"""A static website for following the plan openly, from package templates.

It must work from `file://` with no network: CSS and script are files next to
the pages, the chart is inline SVG, and a Content-Security-Policy forbids
anything else. Every piece of plan data goes through `escape` on its way in.
"""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import string
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from planctl import spec
from planctl.errors import UsageError
from planctl.export import csvfile
from planctl.export.chart import stacked_bars
from planctl.export.collate import sort_key
from planctl.export.labels import enum_label, t
from planctl.export.table import Context, build_table, hide_contact, owner_name
from planctl.goaltree import focus_areas, naming, serves, serving, sub_goals
from planctl.model import STATUSES, Goal, Initiative, Owner, Plan
from planctl.txn import staging_folder, swap_in_folder

ASSETS = ("style.css", "filter.js")
CSV_NAME = "plan.csv"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)  # matched whole: `$` lets "x\n" through
_WORDS = {
    "skip": ("Hoppa till innehållet", "Skip to the content"),
    "footer": ("Skapad med planctl från planens YAML-filer.", "Made with planctl from the plan's YAML files."),
}
"""The site's own words; the labels of the data are the spec's."""
_LIST_FIELDS = ("id", "title", "status", "owner", "goals")
"""The columns of the site's tables of initiatives."""


def _w(key: str, lang: str) -> str:
    return _WORDS[key][0 if lang == "sv" else 1]


def _label(kind: spec.Kind, name: str, lang: str) -> str:
    return kind.field(name).label(lang)


def _template() -> string.Template:
    return string.Template(resources.files("planctl.export").joinpath("site/page.html").read_text("utf-8"))


def _file(ident: str) -> str:
    """A page name from an id; ids are validated by the schema, this is the belt to its braces."""
    if not _SAFE_NAME.fullmatch(ident):
        raise UsageError(f"cannot make a page name from id {ident!r}")
    return quote(ident) + ".html"


class Site:
    def __init__(self, plan: Plan, *, name: str, lang: str, public: bool) -> None:
        self.plan, self.name, self.lang, self.public = plan, name, lang, public
        self.template = _template()

    # -- links and small pieces ---------------------------------------------------------------

    def badge(self, status: str | None) -> str:
        if not status:
            return ""
        return f'<span class="badge status-{escape(status)}">{escape(enum_label("status", status, self.lang))}</span>'

    def link(self, folder: str, ident: str | None, label: str | None, root: str) -> str:
        if ident is None:
            return escape(t("none", self.lang))
        index: dict[str, dict[str, Any]] = {"initiatives": self.plan.initiatives, "goals": self.plan.goals,
                                            "owners": self.plan.owners}
        exists = index[folder]
        text = escape(label or ident)
        if ident not in exists:
            return text
        return f'<a href="{root}{folder}/{escape(_file(ident))}">{text}</a>'

    def owner_link(self, ident: str | None, root: str) -> str:
        return self.link("owners", ident, owner_name(self.plan, ident), root)

    def goal_link(self, ident: str, root: str) -> str:
        goal = self.plan.goals.get(ident)
        label = f"{ident} {goal.title}" if goal and goal.title else ident
        if goal is not None and goal.is_focus_area:
            return f'<a href="{root}index.html#{escape(quote(ident))}">{escape(label)}</a>'
        return self.link("goals", ident, label, root)

    def page(self, title: str, body: str, root: str) -> str:
        return self.template.substitute(
            lang=escape(self.lang), title=escape(f"{title} – {self.name}" if self.name else title),
            root=root, site=escape(self.name or "planctl"), body=body,
            skip=escape(_w("skip", self.lang)), footer=escape(_w("footer", self.lang)),
        )

    def initiative_table(self, items: list[Initiative], root: str, *, table_id: str = "", caption: str = "") -> str:
        rows = []
        for ini in items:
            rows.append(
                f'<tr data-status="{escape(ini.status or "")}" data-owner="{escape(ini.owner or "")}">'
                f'<td>{self.link("initiatives", ini.id, ini.id, root)}</td>'
                f"<td>{escape(ini.title or '')}</td><td>{self.badge(ini.status)}</td>"
                f"<td>{self.owner_link(ini.owner, root)}</td>"
                f"<td>{', '.join(self.goal_link(g, root) for g in ini.goals)}</td></tr>")
        ident = f' id="{table_id}"' if table_id else ""
        cap = f"<caption>{escape(caption)}</caption>" if caption else ""
        head = "".join(f'<th scope="col">{escape(_label(spec.INITIATIVE, name, self.lang))}</th>'
                       for name in _LIST_FIELDS)
        return (f"<table{ident}>{cap}<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows)
                + "\n</tbody></table>")

    # -- pages --------------------------------------------------------------------------------

    def chart(self) -> str:
        rows = []
        for area in focus_areas(self.plan):
            counts = dict.fromkeys(STATUSES, 0)
            for ini in self.plan.initiatives.values():
                if serves(ini, area.id) and ini.status in counts:
                    counts[ini.status] += 1
            rows.append((f"{area.id} {area.title or ''}".strip(), counts))
        return stacked_bars(rows, title=t("statuses_per_focus_area", self.lang), lang=self.lang)

    def index(self) -> str:
        lang, parts = self.lang, [f"<h1>{escape(self.name or t('initiatives', self.lang))}</h1>"]
        parts.append(f'<p><a href="{CSV_NAME}" download>{escape(t("download_csv", lang))}</a></p>')
        parts.append(f'<section aria-labelledby="chart-h"><h2 id="chart-h">{escape(t("statuses_per_focus_area", lang))}'
                     f"</h2>{self.chart()}</section>")
        parts.append(f'<section aria-labelledby="areas-h"><h2 id="areas-h">{escape(t("focus_areas", lang))}</h2>')
        for area in focus_areas(self.plan):
            parts.append(f'<section id="{escape(area.id)}" aria-labelledby="h-{escape(area.id)}">'
                         f'<h3 id="h-{escape(area.id)}">{escape(area.id)} {escape(area.title or "")}</h3>')
            if area.description:
                parts.append(f"<p>{escape(area.description)}</p>")
            items = []
            for goal in sub_goals(self.plan, area):
                n = len(serving(self.plan, goal.id))
                count = t("n_initiatives_one" if n == 1 else "n_initiatives_many", lang).format(n=n)
                items.append(f"<li>{self.goal_link(goal.id, '')} <span class=\"muted\">({escape(count)})</span></li>")
            parts.append(f"<ul>{''.join(items)}</ul></section>")
        parts.append("</section>")
        everything = sorted(self.plan.initiatives.values(), key=lambda i: sort_key(i.id))
        owners = sorted({i.owner for i in everything if i.owner}, key=lambda o: sort_key(owner_name(self.plan, o)))
        status_opts = "".join(f'<option value="{escape(s)}">{escape(enum_label("status", s, lang))}</option>'
                              for s in STATUSES if any(i.status == s for i in everything))
        owner_opts = "".join(f'<option value="{escape(o)}">{escape(owner_name(self.plan, o) or o)}</option>'
                             for o in owners)
        parts.append(
            f'<section aria-labelledby="ini-h"><h2 id="ini-h">{escape(t("initiatives", lang))}</h2>'
            f'<form id="filter" class="filter" hidden aria-label="{escape(t("filter", lang))}">'
            f'<label for="filter-status">{escape(_label(spec.INITIATIVE, "status", lang))}<select id="filter-status">'
            f'<option value="">{escape(t("all", lang))}</option>{status_opts}</select></label>'
            f'<label for="filter-owner">{escape(_label(spec.INITIATIVE, "owner", lang))}<select id="filter-owner">'
            f'<option value="">{escape(t("all", lang))}</option>{owner_opts}</select></label></form>'
            f'<p id="filter-count" role="status" aria-live="polite" '
            f'data-template="{escape(t("shown", lang, n="{n}", total="{total}"))}"></p>'
            + self.initiative_table(everything, "", table_id="initiatives") + "</section>")
        return self.page(t("initiatives", lang), "\n".join(parts), "")

    def goal_page(self, goal: Goal) -> str:
        lang, root = self.lang, "../"
        parts = [f"<h1>{escape(goal.id)} {escape(goal.title or '')}</h1>", '<dl class="facts">']
        if goal.parent:
            parts.append(f"<dt>{escape(t('part_of', lang))}</dt><dd>{self.goal_link(goal.parent, root)}</dd>")
        parts.append("</dl>")
        if goal.description:
            parts.append(f"<p>{escape(goal.description)}</p>")
        if goal.indicators:
            parts.append(f"<h2>{escape(t('indicators', lang))}</h2><ul>"
                         + "".join(f"<li>{escape(i)}</li>" for i in goal.indicators) + "</ul>")
        items = serving(self.plan, goal.id)
        parts.append(f"<h2>{escape(t('initiatives', lang))}</h2>")
        parts.append(self.initiative_table(items, root) if items else f"<p>{escape(t('no_initiatives', lang))}</p>")
        return self.page(f"{goal.id} {goal.title or ''}", "\n".join(parts), root)

    def fact(self, f: spec.Field, value: Any, root: str) -> str:
        """One field on an entity's page, as HTML: enums by label, references as links."""
        lang = self.lang
        if f.enum is spec.STATUS:
            return self.badge(value)
        if f.enum is not None:
            return escape(enum_label(f.enum.name, value, lang) or t("none", lang))
        items = list(value) if isinstance(value, list) else [] if value is None else [value]
        if f.ref == "owner":
            shown = [self.owner_link(v, root) for v in items]
        elif f.ref == "goal":
            shown = [self.goal_link(v, root) for v in items]
        else:
            shown = [escape(v.isoformat() if isinstance(v, _dt.date) else str(v)) for v in items]
        if not shown:
            return "" if f.many and f.required else escape(t(f.empty, lang))
        return ", ".join(shown)

    def initiative_page(self, ini: Initiative) -> str:
        lang, root = self.lang, "../"
        facts = [("Id", escape(ini.id))]
        for name in spec.INITIATIVE.page:
            f = spec.INITIATIVE.field(name)
            value = getattr(ini, f.attribute)
            if f.many and f.ref is None and not value:
                continue  # free lists (tags) are left out when empty
            facts.append((f.label(lang), self.fact(f, value, root)))
        parts = [f"<h1>{escape(ini.title or ini.id)}</h1>", '<dl class="facts">']
        parts += [f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in facts]
        parts.append("</dl>")
        if ini.description:
            parts.append(f"<h2>{escape(_label(spec.INITIATIVE, 'description', lang))}</h2>"
                         f"<p>{escape(ini.description)}</p>")
        if ini.milestones:
            items = []
            for m in ini.milestones:
                due = f" ({m.due.isoformat()})" if m.due else ""
                done = f" – {t('done', lang)}" if m.done else ""
                items.append(f"<li>{escape((m.title or '') + due + done)}</li>")
            parts.append(f"<h2>{escape(t('milestones', lang))}</h2><ul>{''.join(items)}</ul>")
        if ini.links:
            parts.append(f"<h2>{escape(t('links', lang))}</h2><ul>" + "".join(
                f"<li>{self.external(url)}</li>" for url in ini.links) + "</ul>")
        if ini.comment:
            parts.append(f"<h2>{escape(_label(spec.INITIATIVE, 'comment', lang))}</h2><p>{escape(ini.comment)}</p>")
        return self.page(ini.title or ini.id, "\n".join(parts), root)

    def external(self, url: str) -> str:
        """Only http(s) becomes a link: a `javascript:` URL in the data stays text."""
        if url.startswith(("http://", "https://")):
            return f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(url)}</a>'
        return escape(url)

    def owner_page(self, owner: Owner) -> str:
        lang, root = self.lang, "../"
        facts = [("Id", escape(owner.id)),
                 (_label(spec.OWNER, "kind", lang),
                  escape(enum_label("owner_kind", owner.kind_of, lang) or t("none", lang)))]
        if owner.parent:
            facts.append((t("part_of", lang), self.owner_link(owner.parent, root)))
        if owner.url:
            facts.append((t("website", lang), self.external(owner.url)))
        if owner.email and not hide_contact(owner, Context(self.plan, lang, self.public)):
            facts.append((_label(spec.OWNER, "email", lang), escape(owner.email)))
        parts = [f"<h1>{escape(owner.label)}</h1>", '<dl class="facts">']
        parts += [f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in facts]
        parts.append("</dl>")
        for _, f in spec.inverses(spec.OWNER.name):  # acts on, decides on, takes part in
            assert f.inverse is not None
            items = [self.plan.initiatives[i] for i in naming(self.plan, owner.id, f)]
            if items:
                parts.append(f"<h2>{escape(f.inverse.label(lang))}</h2>" + self.initiative_table(items, root))
        return self.page(owner.label, "\n".join(parts), root)


def write_site(plan: Plan, out_dir: Path, *, name: str = "", lang: str = "sv", public: bool = True) -> list[Path]:
    """Write the whole site into `out_dir` (created if missing); returns the files written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} exists and is not a folder")
    site = Site(plan, name=name, lang=lang, public=public)
    pages: dict[str, str | bytes] = {"index.html": site.index()}
    for goal in plan.goals.values():
        if not goal.is_focus_area:
            pages[f"goals/{_file(goal.id)}"] = site.goal_page(goal)
    for ini in plan.initiatives.values():
        pages[f"initiatives/{_file(ini.id)}"] = site.initiative_page(ini)
    for owner in plan.owners.values():
        pages[f"owners/{_file(owner.id)}"] = site.owner_page(owner)
    table = build_table(plan, "initiatives", lang=lang, public=True)
    pages[CSV_NAME] = csvfile.render(table, dialect="excel")
    for asset in ASSETS:
        pages[asset] = resources.files("planctl.export").joinpath(f"site/{asset}").read_bytes()
    # Built beside the target and swapped in: an interrupt never leaves a partial site with its index.html.
    staging = staging_folder(out_dir)
    try:
        for rel, content in sorted(pages.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        swap_in_folder(staging, out_dir, {rel.split("/", 1)[0] for rel in pages})
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / rel for rel in sorted(pages)]
