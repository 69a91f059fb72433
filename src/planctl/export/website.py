"""A static website for following the plan openly, from package templates.

It must work from `file://` with no network: CSS and scripts are files next to
the pages, the chart is inline SVG, the search index is a script (file:// forbids
fetching a JSON file), and a Content-Security-Policy forbids anything else.
Every piece of plan data goes through `escape` on its way in.

What the site holds is declared in two lists, the extension points for a new
kind of entity:

- `ENTITY_PAGES`: a kind with a page per entity (its folder, its entities, the
  page), which the search index covers too;
- `SECTIONS`: the pages of the navigation (start page, calendar, needs, search,
  latest changes), each a function returning the files it writes. The calendar
  (with its `.ics` feed, `planctl.export.ical`) and the page of needs are shown
  only in a plan that has events or needs (`shown`).

The site is built in a hidden folder beside the target and swapped in whole
(`planctl.txn.swap_in_folder`): a reader sees the old site or the new, an
interrupted build leaves the old one, and pages of removed entities go with the
old folder. A marker file names a folder planctl made; any other non-empty
folder is refused unless forced, so an export never mixes a site into a folder
of someone's files by mistake.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import shutil
import signal
import string
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from planctl import eventtime, safefs, spec
from planctl.errors import ConfigError, UsageError
from planctl.export import csvfile
from planctl.export.changes import LIMIT, Change, Commit, History
from planctl.export.chart import stacked_bars
from planctl.export.collate import sort_key
from planctl.export.labels import enum_label, t
from planctl.export.table import Context, build_table, hide_contact, owner_name
from planctl.goaltree import focus_areas, goal_title, named_by, naming, serving, serving_any, sub_goals
from planctl.i18n import _
from planctl.model import STATUSES, Event, Goal, Initiative, Need, Owner, Plan
from planctl.semdiff import FieldChange

if TYPE_CHECKING:
    from planctl.config import Config

ASSETS = ("style.css", "filter.js", "search.js")
CSV_NAME = "plan.csv"
FEED_NAME = "changes.atom"
SEARCH_INDEX = "search-index.js"
MARKER = ".planctl-site"
"""Written last into every site: names the folder as one planctl made, and lists its files."""
SIGNAL_ENV = "PLANCTL_SITE_SIGNAL"
"""Test-only: INT, TERM or KILL; the export sends itself that signal after the first page is staged."""
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)  # matched whole: `$` lets "x\n" through
_WORDS = {
    "skip": ("Hoppa till innehållet", "Skip to the content"),
    "made_with": ("Skapad med planctl från planens YAML-filer.", "Made with planctl from the plan's YAML files."),
    "nav": ("Webbplatsen", "The site"),
    "start": ("Start", "Start"),
    "search": ("Sök", "Search"),
    "search_title": ("Sök i planen", "Search the plan"),
    "search_label": ("Sök bland insatser, mål och aktörer", "Search initiatives, goals and owners"),
    "search_button": ("Sök", "Search"),
    "search_one": ("1 träff för ”{q}”", "1 result for “{q}”"),
    "search_many": ("{n} träffar för ”{q}”", "{n} results for “{q}”"),
    "search_noscript": ("Sökningen behöver JavaScript. Alla insatser finns i tabellen på startsidan.",
                        "The search needs JavaScript. Every initiative is in the table on the start page."),
    "changes": ("Senaste ändringar", "Latest changes"),
    "changes_intro": ("Vad som har ändrats i planen, senaste först, ur planens versionshistorik (git).",
                      "What changed in the plan, newest first, from the plan's version history (git)."),
    "changes_limit": ("Sidan visar de {n} senaste ändringarna.", "The page shows the {n} latest changes."),
    "changes_none": ("Inga ändringar av planens innehåll är incheckade ännu.",
                     "No change to the plan's content has been committed yet."),
    "no_git": ("Planen ligger inte i ett git-arkiv, så det finns ingen historik att visa.",
               "The plan is not in a git repository, so there is no history to show."),
    "feed": ("Prenumerera på ändringarna (Atom-flöde)", "Subscribe to the changes (Atom feed)"),
    "latest": ("Senast ändrat", "Recently changed"),
    "all_changes": ("Alla senaste ändringar", "All latest changes"),
    "published_by": ("Utges av {who}.", "Published by {who}."),
    "contact": ("Kontakt: {how}.", "Contact: {how}."),
    "licence": ("Licens: {what}.", "Licence: {what}."),
    "updated": ("Senast uppdaterad {date}, version {rev}.", "Last updated {date}, revision {rev}."),
    "updated_dirty": ("Senast incheckad {date}, version {rev}, med ändringar som ännu inte är incheckade.",
                      "Last committed {date}, revision {rev}, with changes not yet committed."),
    "updated_unknown": ("Datum och version är inte kända: planen ligger inte i git.",
                        "Date and revision are not known: the plan is not in git."),
    "updated_uncommitted": ("Planen är inte incheckad i git ännu.", "The plan is not committed to git yet."),
    "added": ("Ny", "New"),
    "changed": ("Ändrad", "Changed"),
    "removed": ("Borttagen", "Removed"),
    "renamed": ("Nytt id", "New id"),
    "field_changed": ("ändrad", "changed"),
    "field_added": ("tillagd", "added"),
    "field_removed": ("borttagen", "removed"),
    "reordered": ("ny ordning", "reordered"),
    "revision": ("version", "revision"),
    "n_changes": ("{n} ändringar", "{n} changes"),
    "kind_initiative": ("Insats", "Initiative"),
    "kind_goal": ("Mål", "Goal"),
    "kind_sub_goal": ("Delmål", "Sub-goal"),
    "kind_focus_area": ("Fokusområde", "Focus area"),
    "kind_owner": ("Aktör", "Owner"),
    "kind_event": ("Evenemang", "Event"),
    "kind_need": ("Behov", "Need"),
    "calendar": ("Kalender", "Calendar"),
    "calendar_intro": ("Möten och evenemang i arbetet med planen. Tiderna är svensk tid.",
                       "Meetings and events of the work on the plan. The times are Swedish time."),
    "calendar_feed": ("Prenumerera på kalendern (iCalendar)", "Subscribe to the calendar (iCalendar)"),
    "coming": ("Kommande", "Coming"),
    "past": ("Tidigare", "Past"),
    "none_coming": ("Inga kommande evenemang just nu.", "No coming events at the moment."),
    "time": ("Tid", "When"),
    "needs": ("Behov", "Needs"),
    "needs_intro": ("Behov som huvudmännen har framfört, och de insatser som svarar mot dem.",
                    "Needs the school organisers have raised, and the initiatives that answer them."),
    "unanswered": ("Ingen insats svarar mot behovet ännu.", "No initiative answers this need yet."),
    "n_unanswered": ("{n} av {total} behov har ingen insats som svarar mot dem.",
                     "{n} of {total} needs have no initiative that answers them."),
    "answered_by": ("Insatser som svarar mot behovet", "Initiatives that answer the need"),
}
"""The site's own words; the labels of the data are the spec's."""
_LIST_FIELDS = ("id", "title", "status", "owner", "goals")
"""The columns of the site's tables of initiatives."""
_OPEN_CHANGES = 20
"""A commit that changed more entities than this shows them folded (`<details>`)."""
_SHORT_VALUE = 60
"""A field value longer than this (a description) is "changed" on the changes page, not shown twice."""


def _w(key: str, lang: str) -> str:
    return _WORDS[key][0 if lang == "sv" else 1]


def _label(kind: spec.Kind, name: str, lang: str) -> str:
    return kind.field(name).label(lang)


def _template() -> string.Template:
    return string.Template(resources.files("planctl.export").joinpath("site/page.html").read_text("utf-8"))


def _file(ident: str) -> str:
    """A page name from an id; ids are validated by the schema, this is the belt to its braces."""
    found = _FILES.get(ident)
    if found is None:
        if not _SAFE_NAME.fullmatch(ident):
            raise UsageError(_("cannot make a page name from id {id}").format(id=repr(ident)))
        found = _FILES[ident] = quote(ident) + ".html"
    return found


_FILES: dict[str, str] = {}
"""Page names by id: a site names each page from a dozen others (tables, links, the index)."""


def _paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs: a blank line starts a new one."""
    return "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in re.split(r"\n\s*\n", text.strip()) if p.strip())


# -- settings --------------------------------------------------------------------------------

@dataclass(frozen=True)
class SiteSettings:
    """The `[site]` table of planctl.toml: who publishes the site, how to reach them, what it is."""

    publisher: str = ""
    contact: str = ""
    introduction: str = ""
    licence: str = ""
    licence_url: str = ""
    url: str = ""

    @classmethod
    def from_config(cls, config: Config) -> SiteSettings:
        """Read and check `[site]` (the schema has checked the types already)."""
        table = config.section("site")
        for key in ("licence-url", "url"):
            value = table.get(key, "")
            if value and not re.fullmatch(r"https?://[^\s/]+[^\s]*", value):
                raise ConfigError(_("[site] {key} must be a web address starting with https:// or http://, "
                                    "not {value}").format(key=key, value=repr(value)),
                                  location=config.where(("site", key), value=True))
        url = table.get("url", "")
        return cls(publisher=table.get("publisher", ""), contact=table.get("contact", ""),
                   introduction=table.get("introduction", ""), licence=table.get("licence", ""),
                   licence_url=table.get("licence-url", ""), url=url + ("" if not url or url.endswith("/") else "/"))


# -- the extension points --------------------------------------------------------------------

@dataclass(frozen=True)
class EntityPages:
    """A kind with one page per entity, in `folder/<id>.html`; its entities are searchable."""

    folder: str
    kind: str
    entities: Callable[[Plan], list[Any]]
    page: Callable[[Site, Any], str]
    description: Callable[[Any], str] = lambda e: getattr(e, "description", None) or ""


@dataclass(frozen=True)
class Section:
    """A page of the navigation: `build` returns the files it writes (path from the site's root)."""

    file: str
    word: str
    """The key in `_WORDS` of its name in the navigation."""
    build: Callable[[Site], dict[str, str | bytes]]
    shown: Callable[[Site], bool] = lambda site: True
    label: Callable[[str], str] | None = None
    """Its name in the navigation by language, for a page another module adds (`Site.extra`)."""


# -- the site --------------------------------------------------------------------------------

class Site:
    def __init__(self, plan: Plan, *, name: str, lang: str, public: bool, settings: SiteSettings | None = None,
                 history: History | None = None, now: _dt.datetime | None = None,
                 extra: Sequence[Section] = ()) -> None:
        from planctl.export.ical import _now

        self.plan, self.name, self.lang, self.public = plan, name, lang, public
        self.extra = list(extra)
        """Pages another module adds to the navigation, after the site's own (the roll-up's)."""
        self.now = now or _now()
        """What is coming and what is past on the calendar (SOURCE_DATE_EPOCH fixes it, as in the feed)."""
        self.settings = settings or SiteSettings()
        self.history = history or History(reason="no history was read")
        self.template = _template()
        self._pages: dict[str, str] | None = None
        self._index: dict[str, dict[str, Any]] = {"initiatives": plan.initiatives, "goals": plan.goals,
                                                  "owners": plan.owners, "events": plan.events, "needs": plan.needs}
        # A plan's links, table rows and page frames repeat on hundreds of pages: each is made once
        # per site (the plan does not change while its site is built). Keyed by what they depend on.
        self._links: dict[tuple[str, str, str | None, str], str] = {}
        self._goal_links: dict[tuple[str, str], str] = {}
        self._owner_links: dict[tuple[str | None, str], str] = {}
        self._rows: dict[tuple[str, str], str] = {}
        self._frames: dict[tuple[str, str, bool], tuple[str, str, str, str]] = {}

    # -- links and small pieces ---------------------------------------------------------------

    def badge(self, status: str | None) -> str:
        if not status:
            return ""
        return f'<span class="badge status-{escape(status)}">{escape(enum_label("status", status, self.lang))}</span>'

    def href(self, ident: str, root: str) -> str | None:
        """Where the page of an entity of the current plan is, or None (gone, or no page)."""
        if self._pages is None:
            self._pages = {area.id: f"index.html#{escape(quote(area.id))}" for area in focus_areas(self.plan)}
            for pages in ENTITY_PAGES:
                for entity in pages.entities(self.plan):
                    self._pages.setdefault(entity.id, f"{pages.folder}/{escape(_file(entity.id))}")
        found = self._pages.get(ident)
        return root + found if found is not None else None

    def link(self, folder: str, ident: str | None, label: str | None, root: str) -> str:
        if ident is None:
            return escape(t("none", self.lang))
        key = (folder, ident, label, root)
        found = self._links.get(key)
        if found is None:
            text = escape(label or ident)
            found = text if ident not in self._index[folder] else \
                f'<a href="{root}{folder}/{escape(_file(ident))}">{text}</a>'
            self._links[key] = found
        return found

    def owner_link(self, ident: str | None, root: str) -> str:
        found = self._owner_links.get((ident, root))
        if found is None:
            found = self._owner_links[ident, root] = self.link("owners", ident, owner_name(self.plan, ident), root)
        return found

    def goal_link(self, ident: str, root: str) -> str:
        found = self._goal_links.get((ident, root))
        if found is not None:
            return found
        goal = self.plan.goals.get(ident)
        title = goal_title(self.plan, ident)  # also an upstream goal's (nat:FO1.2), shown as text
        label = f"{ident} {title}" if title else ident
        if goal is not None and goal.is_focus_area:
            found = f'<a href="{root}index.html#{escape(quote(ident))}">{escape(label)}</a>'
        else:
            found = self.link("goals", ident, label, root)
        self._goal_links[ident, root] = found
        return found

    def external(self, url: str) -> str:
        """Only http(s) becomes a link: a `javascript:` URL in the data stays text."""
        if url.startswith(("http://", "https://")):
            return f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(url)}</a>'
        return escape(url)

    def contact(self, text: str) -> str:
        """A web address or an e-mail address as a link; any other text as it is."""
        if re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+", text):
            return f'<a href="mailto:{escape(quote(text, safe="@.+-_"))}">{escape(text)}</a>'
        return self.external(text)

    def page(self, title: str, body: str, root: str, *, current: str = "", scripts: tuple[str, ...] = (),
             search: bool = True) -> str:
        lang = self.lang
        nav, head, form, footer = self._frame(root, current, search)
        return self.template.substitute(
            lang=escape(lang), title=escape(f"{title} – {self.name}" if self.name else title),
            root=root, site=escape(self.name or "planctl"), body=body, head=head, search=form,
            nav=nav, nav_label=escape(_w("nav", lang)),
            skip=escape(_w("skip", lang)), footer=footer,
            scripts="".join(f'<script src="{root}{name}"></script>\n' for name in (*scripts, "search.js")),
        )

    def _frame(self, root: str, current: str, search: bool) -> tuple[str, str, str, str]:
        """What a page at `root` shows around its body: navigation, head links, search form, footer."""
        found = self._frames.get((root, current, search))
        if found is not None:
            return found
        lang = self.lang
        nav = []
        for section in [*SECTIONS, *self.extra]:
            if not section.shown(self):
                continue
            mark = ' aria-current="page"' if section.file == current else ""
            word = section.label(lang) if section.label is not None else _w(section.word, lang)
            nav.append(f'<li><a href="{root}{section.file}"{mark}>{escape(word)}</a></li>')
        head = ""
        if self.history.revision:
            head = (f'<link rel="alternate" type="application/atom+xml" href="{root}{FEED_NAME}" '
                    f'title="{escape(_w("changes", lang))}">\n')
        if self.plan.events:
            head += (f'<link rel="alternate" type="text/calendar" href="{root}{ical_name()}" '
                     f'title="{escape(_w("calendar", lang))}">\n')
        form = self.search_form(root, header=True) if search else ""
        found = self._frames[root, current, search] = ("".join(nav), head, form, self.footer(root))
        return found

    def search_form(self, root: str, *, header: bool) -> str:
        lang, ident = self.lang, "site-search" if header else "search-q"
        form_id = "" if header else ' id="search-page"'
        klass = "search" if header else "search search-page"
        return (f'<form class="{klass}"{form_id} role="search" data-target="{root}search.html" hidden>'
                f'<label for="{ident}">{escape(_w("search", lang) if header else _w("search_label", lang))}</label>'
                f'<input type="search" id="{ident}" name="q" autocomplete="off">'
                + (f'<button type="submit">{escape(_w("search_button", lang))}</button>' if header else "")
                + "</form>\n")

    def footer(self, root: str) -> str:
        lang, s, lines = self.lang, self.settings, []
        who = []
        if s.publisher:
            who.append(escape(_w("published_by", lang).format(who=s.publisher)))
        if s.contact:
            who.append(_w("contact", lang).format(how=self.contact(s.contact)))
        if who:
            lines.append(" ".join(who))
        if s.licence:
            name = escape(s.licence)
            shown = f'<a href="{escape(s.licence_url)}" rel="license">{name}</a>' if s.licence_url else name
            lines.append(_w("licence", lang).format(what=shown))
        lines.append(self.updated())
        lines.append(escape(_w("made_with", lang)))
        return "".join(f"<p>{line}</p>\n" for line in lines)

    def updated(self) -> str:
        """"Last updated": the date and revision of the newest commit of the plan (on every page)."""
        h, lang = self.history, self.lang
        if not h.in_git:
            return escape(_w("updated_unknown", lang))
        if not h.revision or h.date is None:
            return escape(_w("updated_uncommitted", lang))
        date = f'<time datetime="{escape(h.date.isoformat())}">{escape(h.date.date().isoformat())}</time>'
        rev = f'<code class="rev" title="{escape(h.revision)}">{escape(h.short)}</code>'
        return _w("updated_dirty" if h.dirty else "updated", lang).format(date=date, rev=rev)

    def initiative_table(self, items: list[Initiative], root: str, *, table_id: str = "", caption: str = "") -> str:
        lang = self.lang
        labels = [escape(_label(spec.INITIATIVE, name, lang)) for name in _LIST_FIELDS]
        rows = []
        made = self._rows
        for ini in items:
            row = made.get((ini.id, root))
            if row is None:  # an initiative's row is the same in every table at that depth
                cells = (self.link("initiatives", ini.id, ini.id, root), escape(ini.title or ""),
                         self.badge(ini.status), self.owner_link(ini.owner, root),
                         ", ".join(self.goal_link(g, root) for g in ini.goals))
                row = made[ini.id, root] = (
                    f'<tr data-status="{escape(ini.status or "")}" data-owner="{escape(ini.owner or "")}">'
                    + "".join(f'<td data-label="{label}">{cell}</td>' for label, cell in zip(labels, cells,
                                                                                             strict=True))
                    + "</tr>")
            rows.append(row)
        ident = f' id="{table_id}"' if table_id else ""
        cap = f"<caption>{escape(caption)}</caption>" if caption else ""
        head = "".join(f'<th scope="col">{label}</th>' for label in labels)
        return (f'<table class="stack"{ident}>{cap}<thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(rows)
                + "\n</tbody></table>")

    # -- the start page -----------------------------------------------------------------------

    def chart(self) -> str:
        rows = []
        for area in focus_areas(self.plan):
            counts = dict.fromkeys(STATUSES, 0)
            for ini in serving_any(self.plan, area.id):
                if ini.status in counts:
                    counts[ini.status] += 1
            rows.append((f"{area.id} {area.title or ''}".strip(), counts))
        return stacked_bars(rows, title=t("statuses_per_focus_area", self.lang), lang=self.lang)

    def index(self) -> str:
        lang, parts = self.lang, [f"<h1>{escape(self.name or t('initiatives', self.lang))}</h1>"]
        if self.settings.introduction:
            parts.append(f'<div class="intro">{_paragraphs(self.settings.introduction)}</div>')
        parts.append(f'<p><a href="{CSV_NAME}" download>{escape(t("download_csv", lang))}</a></p>')
        if self.history.commits:
            latest = "".join(f'<li>{self.when(c)} <a href="changes.html#c-{escape(c.short)}">{escape(c.subject)}</a>'
                             "</li>" for c in self.history.commits[:3])
            parts.append(f'<section aria-labelledby="latest-h"><h2 id="latest-h">{escape(_w("latest", lang))}</h2>'
                         f'<ul>{latest}</ul><p><a href="changes.html">{escape(_w("all_changes", lang))}</a></p>'
                         "</section>")
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
        return self.page(self.name or t("initiatives", lang), "\n".join(parts), "", current="index.html",
                         scripts=("filter.js",))

    # -- entity pages -------------------------------------------------------------------------

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
        items = list(value) if isinstance(value, list) else [] if value is None else [value]
        if f.enum is not None:
            shown = [escape(enum_label(f.enum.name, v, lang)) for v in items]
            return ", ".join(shown) if shown else escape(t("none", lang))
        if f.ref == "owner":
            shown = [self.owner_link(v, root) for v in items]
        elif f.ref == "goal":
            shown = [self.goal_link(v, root) for v in items]
        elif f.ref in ("initiative", "need"):
            shown = [self.entity_link(f.ref, v, root) for v in items]
        elif f.type == "url":
            shown = [self.external(v) for v in items]
        elif f.type == "datetime":
            shown = [self.when_html(v) for v in items]
        else:
            shown = [escape(v.isoformat() if isinstance(v, _dt.date) else str(v)) for v in items]
        if not shown:
            return "" if f.many and f.required else escape(t(f.empty, lang))
        return ", ".join(shown)

    def entity_link(self, kind: str, ident: str, root: str) -> str:
        """An initiative or a need by id and title, linked to its page."""
        entity = self.plan.of(kind).get(ident)
        title = getattr(entity, "title", None) if entity is not None else None
        return self.link(spec.KIND[kind].folder, ident, f"{ident} {title}" if title else ident, root)

    def when_html(self, value: spec.When, *, time_only: bool = False) -> str:
        """A time as a reader in Sweden reads it (`2026-03-10 13:00`), the instant in `datetime`."""
        if not isinstance(value, _dt.datetime):
            return f'<time datetime="{escape(value.isoformat())}">{escape(value.isoformat())}</time>'
        local = eventtime.aware(value).astimezone(eventtime.zone())
        shown = local.strftime("%H:%M" if time_only else "%Y-%m-%d %H:%M")
        return f'<time datetime="{escape(eventtime.begins(value).isoformat())}">{escape(shown)}</time>'

    def event_time(self, event: Event) -> str:
        """`2026-03-10 13:00–16:00`, `2026-03-10 – 2026-03-12`, or the start alone."""
        start, end = event.start, event.end
        assert start is not None
        if end is None:
            return self.when_html(start)
        if isinstance(start, _dt.datetime) and isinstance(end, _dt.datetime) \
                and eventtime.day_of(start) == eventtime.day_of(end):
            return f"{self.when_html(start)}–{self.when_html(end, time_only=True)}"
        return f"{self.when_html(start)} – {self.when_html(end)}"

    def facts(self, kind: spec.Kind, entity: Event | Need, root: str) -> list[tuple[str, str]]:
        """The page fields of an event or a need that have a value; an event's start and end as one time."""
        facts = []
        for name in kind.page:
            f = kind.field(name)
            if name == "end":
                continue
            if name == "start" and isinstance(entity, Event):
                facts.append((_w("time", self.lang), self.event_time(entity)))
                continue
            value = getattr(entity, f.attribute)
            if value is None or value == []:
                continue
            facts.append((f.label(self.lang), self.fact(f, value, root)))
        return facts

    def answering(self, need: Need) -> list[str]:
        """The ids of the initiatives whose `needs` name `need`."""
        return naming(self.plan, need.id, spec.INITIATIVE.field("needs"))

    def initiative_page(self, ini: Initiative) -> str:
        lang, root = self.lang, "../"
        facts = [("Id", escape(ini.id))]
        for name in spec.INITIATIVE.page:
            f = spec.INITIATIVE.field(name)
            value = getattr(ini, f.attribute)
            if f.many and f.ref is None and not value:
                continue  # free lists (tags) are left out when empty
            facts.append((f.label(lang), self.fact(f, value, root)))
        if ini.needs:  # the needs it answers, linked to the page of needs
            facts.append((_label(spec.INITIATIVE, "needs", lang), self.fact(spec.INITIATIVE.field("needs"), ini.needs,
                                                                            root)))
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
        for _kind, f in spec.inverses(spec.OWNER.name):  # acts on, decides on, takes part in
            assert f.inverse is not None
            items = named_by(self.plan, owner.id, f)
            if items:
                parts.append(f"<h2>{escape(f.inverse.label(lang))}</h2>" + self.initiative_table(items, root))
        return self.page(owner.label, "\n".join(parts), root)

    # -- events and needs ---------------------------------------------------------------------

    def is_past(self, event: Event) -> bool:
        """Over: its end (or a start with no end) is before now; a date lasts the whole day."""
        last = event.end or event.start
        assert last is not None
        return eventtime.ends(last) <= self.now

    def event_item(self, event: Event) -> str:
        """An event on the calendar page: its title linked to its page, then its facts."""
        ident = escape(event.id)
        parts = [f'<li class="event" id="{ident}"><h3><a href="events/{escape(_file(event.id))}">'
                 f"{escape(event.title or event.id)}</a></h3>", '<dl class="facts">']
        parts += [f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in self.facts(spec.EVENT, event, "")]
        parts.append("</dl>")
        if event.description:
            parts.append(_paragraphs(event.description))
        return "".join(parts) + "</li>"

    def calendar_page(self) -> str:
        lang, events = self.lang, ical_events(self.plan)
        coming = [e for e in events if not self.is_past(e)]
        past = [e for e in reversed(events) if self.is_past(e)]  # the newest first
        parts = [f"<h1>{escape(_w('calendar', lang))}</h1>", f"<p>{escape(_w('calendar_intro', lang))}</p>",
                 f'<p><a href="{ical_name()}" type="text/calendar">{escape(_w("calendar_feed", lang))}</a></p>',
                 f'<section aria-labelledby="coming-h"><h2 id="coming-h">{escape(_w("coming", lang))}</h2>']
        if coming:
            parts.append(f'<ol class="events">{"".join(self.event_item(e) for e in coming)}</ol>')
        else:
            parts.append(f"<p>{escape(_w('none_coming', lang))}</p>")
        parts.append("</section>")
        if past:
            parts.append(f'<section aria-labelledby="past-h"><h2 id="past-h">{escape(_w("past", lang))}</h2>'
                         f'<ol class="events">{"".join(self.event_item(e) for e in past)}</ol></section>')
        return self.page(_w("calendar", lang), "\n".join(parts), "", current="calendar.html")

    def event_page(self, event: Event) -> str:
        lang, root = self.lang, "../"
        parts = [f"<h1>{escape(event.title or event.id)}</h1>", '<dl class="facts">',
                 f"<dt>Id</dt><dd>{escape(event.id)}</dd>"]
        parts += [f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in self.facts(spec.EVENT, event, root)]
        parts.append("</dl>")
        if event.description:
            parts.append(f"<h2>{escape(_label(spec.EVENT, 'description', lang))}</h2>{_paragraphs(event.description)}")
        if event.comment:
            parts.append(f"<h2>{escape(_label(spec.EVENT, 'comment', lang))}</h2>{_paragraphs(event.comment)}")
        back = f"{root}calendar.html#{escape(quote(event.id))}"
        parts.append(f'<p><a href="{back}">{escape(_w("calendar", lang))}</a></p>')
        return self.page(event.title or event.id, "\n".join(parts), root)

    def need_facts(self, need: Need, root: str) -> str:
        """Who raised it, the goals, and the initiatives that answer it (or that none does)."""
        lang = self.lang
        facts = self.facts(spec.NEED, need, root)
        answers = self.answering(need)
        if answers:
            facts.append((_w("answered_by", lang), ", ".join(self.entity_link("initiative", i, root) for i in answers)))
        else:
            facts.append((_w("answered_by", lang), f'<strong class="unanswered">{escape(_w("unanswered", lang))}'
                                                   "</strong>"))
        return '<dl class="facts">' + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"

    def needs_page(self) -> str:
        lang = self.lang
        needs = sorted(self.plan.needs.values(), key=lambda n: sort_key(n.id))
        open_needs = sum(1 for n in needs if not self.answering(n))
        parts = [f"<h1>{escape(_w('needs', lang))}</h1>", f"<p>{escape(_w('needs_intro', lang))}</p>"]
        if open_needs:
            parts.append(f'<p>{escape(_w("n_unanswered", lang).format(n=open_needs, total=len(needs)))}</p>')
        items = []
        for need in needs:
            klass = "need" if self.answering(need) else "need unanswered"
            items.append(f'<li class="{klass}" id="{escape(need.id)}"><h2><a href="needs/{escape(_file(need.id))}">'
                         f"{escape(need.id)} {escape(need.title or '')}</a></h2>"
                         + (_paragraphs(need.description) if need.description else "")
                         + self.need_facts(need, "") + "</li>")
        parts.append(f'<ol class="needs">{"".join(items)}</ol>')
        return self.page(_w("needs", lang), "\n".join(parts), "", current="needs.html")

    def need_page(self, need: Need) -> str:
        lang, root = self.lang, "../"
        parts = [f"<h1>{escape(need.id)} {escape(need.title or '')}</h1>"]
        if need.description:
            parts.append(_paragraphs(need.description))
        parts.append(self.need_facts(need, root))
        if need.comment:
            parts.append(f"<h2>{escape(_label(spec.NEED, 'comment', lang))}</h2>{_paragraphs(need.comment)}")
        parts.append(f'<p><a href="{root}needs.html#{escape(quote(need.id))}">{escape(_w("needs", lang))}</a></p>')
        return self.page(need.title or need.id, "\n".join(parts), root)

    # -- search -------------------------------------------------------------------------------

    def kind_word(self, kind: str | None, ident: str) -> str:
        if kind == "goal":
            goal = self.plan.goals.get(ident)
            if goal is not None:
                return _w("kind_focus_area" if goal.is_focus_area else "kind_sub_goal", self.lang)
            return _w("kind_goal", self.lang)
        key = f"kind_{kind}"
        return _w(key, self.lang) if key in _WORDS else ""

    def search_index(self) -> str:
        """The index as a script assigning one array: loaded with <script src>, as file:// allows."""
        items = []
        for area in focus_areas(self.plan):
            items.append({"i": area.id, "t": area.title or area.id, "d": area.description or "",
                          "k": self.kind_word("goal", area.id), "u": f"index.html#{quote(area.id)}"})
        for pages in ENTITY_PAGES:
            for entity in sorted(pages.entities(self.plan), key=lambda e: sort_key(e.id)):
                title = getattr(entity, "title", None) or getattr(entity, "label", None) or entity.id
                items.append({"i": entity.id, "t": title, "d": pages.description(entity),
                              "k": self.kind_word(pages.kind, entity.id), "u": f"{pages.folder}/{_file(entity.id)}"})
        data = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
        # Inert in a .js file already; escaped anyway so the index stays safe wherever it is pasted.
        for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                           ("\u2029", "\\u2029")):
            data = data.replace(char, code)
        return f"/* planctl search index: titles and descriptions of the plan */\nwindow.planctlSearchIndex = {data};\n"

    def search_page(self) -> str:
        lang = self.lang
        body = (f"<h1>{escape(_w('search_title', lang))}</h1>\n" + self.search_form("", header=False)
                + f'<p id="search-noscript">{escape(_w("search_noscript", lang))}</p>'
                f'<p id="search-count" role="status" aria-live="polite" data-one="{escape(_w("search_one", lang))}" '
                f'data-many="{escape(_w("search_many", lang))}"></p><ol id="search-results" class="results"></ol>')
        return self.page(_w("search_title", lang), body, "", current="search.html", scripts=(SEARCH_INDEX,),
                         search=False)

    # -- latest changes -----------------------------------------------------------------------

    def when(self, commit: Commit) -> str:
        return (f'<time datetime="{escape(commit.date.isoformat())}">'
                f"{escape(commit.date.date().isoformat())}</time>")

    def value_text(self, kind: str | None, name: str, value: Any) -> str:
        """A field's value in words: an enum by its label, a reference by its name, a date as a date."""
        f = _spec_field(kind, name)
        if value is None or value == []:
            return t("none", self.lang)
        if isinstance(value, list):
            return ", ".join(self.value_text(kind, name, v) for v in value)
        if f is not None and f.enum is not None and isinstance(value, str):
            return enum_label(f.enum.name, value, self.lang)
        if f is not None and f.ref is not None and isinstance(value, str):
            entity = self.plan.get(value)
            label = getattr(entity, "label", None) or getattr(entity, "title", None) if entity else None
            return f"{value} {label}" if label and label != value else value
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value.isoformat()
        return str(value)

    def field_change(self, kind: str | None, change: FieldChange) -> str:
        """`Status: Pågående → Genomförd`, `Delmål: +FO2.1, -FO1.2`, `Beskrivning: ändrad`."""
        lang, f = self.lang, _spec_field(kind, change.field)
        name = escape(f.label(lang) if f is not None else change.field)
        old, new = change.old, change.new
        if isinstance(old, list) or isinstance(new, list):
            if any(isinstance(v, (dict, list)) for v in [*(old or []), *(new or [])]) or \
                    not all(v is None or isinstance(v, list) for v in (old, new)):
                return f"{name}: {escape(_w('field_changed', lang))}"  # milestones
            parts = [f"+{escape(self.value_text(kind, change.field, v))}" for v in change.added_items]
            parts += [f"-{escape(self.value_text(kind, change.field, v))}" for v in change.removed_items]
            return f"{name}: {', '.join(parts) if parts else escape(_w('reordered', lang))}"
        before, after = self.value_text(kind, change.field, old), self.value_text(kind, change.field, new)
        if len(before) > _SHORT_VALUE or len(after) > _SHORT_VALUE or "\n" in before + after:
            word = "field_added" if old is None else "field_removed" if new is None else "field_changed"
            return f"{name}: {escape(_w(word, lang))}"
        return f"{name}: {escape(before)} → {escape(after)}"

    def change_item(self, change: Change) -> str:
        lang, what = self.lang, self.kind_word(change.kind, change.ident)
        href = self.href(change.ident, "") if change.change != "removed" else None
        ident = f'<a href="{href}">{escape(change.ident)}</a>' if href else escape(change.ident)
        if change.change == "renamed":
            ident = f"{escape(change.old_ident)} → {ident}"
        label = f" {escape(change.label)}" if change.label and change.label != change.ident else ""
        head = (f'<span class="change-kind">{escape(_w(change.change, lang))}:</span> '
                f"{escape(what)} {ident}{label}".replace("  ", " "))
        fields = "".join(f"<li>{self.field_change(change.kind, f)}</li>" for f in change.fields)
        return f"<li>{head}" + (f"<ul>{fields}</ul>" if fields else "") + "</li>"

    def commit_html(self, commit: Commit) -> str:
        items = f'<ul class="what">{"".join(self.change_item(c) for c in commit.changes)}</ul>'
        if len(commit.changes) > _OPEN_CHANGES:  # a first import of the whole plan: folded, one click away
            n = len(commit.changes)
            items = f"<details><summary>{escape(_w('n_changes', self.lang).format(n=n))}</summary>{items}</details>"
        rev = f'<code class="rev" title="{escape(commit.sha)}">{escape(commit.short)}</code>'
        return (f"<h2>{self.when(commit)} {escape(commit.subject)}</h2>"
                f'<p class="muted">{escape(_w("revision", self.lang))} {rev}</p>{items}')

    def changes_page(self) -> str:
        lang, h, parts = self.lang, self.history, [f"<h1>{escape(_w('changes', self.lang))}</h1>"]
        if not h.in_git:
            parts.append(f"<p>{escape(_w('no_git', lang))}</p>")
        else:
            parts.append(f"<p>{escape(_w('changes_intro', lang))}</p>")
            if h.revision:
                parts.append(f'<p><a href="{FEED_NAME}" type="application/atom+xml">{escape(_w("feed", lang))}</a></p>')
            if not h.commits:
                parts.append(f"<p>{escape(_w('changes_none', lang))}</p>")
            else:
                items = "".join(f'<li id="c-{escape(c.short)}">{self.commit_html(c)}</li>' for c in h.commits)
                parts.append(f'<ol class="changes">{items}</ol>')
                if len(h.commits) >= LIMIT:
                    parts.append(f'<p class="muted">{escape(_w("changes_limit", lang).format(n=LIMIT))}</p>')
        return self.page(_w("changes", lang), "\n".join(parts), "", current="changes.html")

    def feed(self) -> str:
        """The latest changes as an Atom feed (RFC 4287): ids stable across exports and clones."""
        from planctl import __version__

        h, lang, s = self.history, self.lang, self.settings
        assert h.date is not None
        title = f"{_w('changes', lang)} – {self.name}" if self.name else _w("changes", lang)
        author = s.publisher or self.name or "planctl"
        updated = max([c.date for c in h.commits] + [h.date])
        lines = ['<?xml version="1.0" encoding="utf-8"?>',
                 f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(lang)}">',
                 f"<id>{escape(self.feed_id())}</id>", f"<title>{escape(title)}</title>",
                 f"<updated>{_rfc3339(updated)}</updated>"]
        contact = s.contact if s.contact.startswith(("http://", "https://")) else ""
        lines.append(f"<author><name>{escape(author)}</name>"
                     + (f"<uri>{escape(contact)}</uri>" if contact else "") + "</author>")
        if s.url:
            lines.append(f'<link rel="self" type="application/atom+xml" href="{escape(s.url + FEED_NAME)}"/>')
        lines.append(f'<link rel="alternate" type="text/html" href="{escape(s.url)}changes.html"/>')
        lines.append(f'<generator version="{escape(__version__)}">planctl</generator>')
        if s.licence:
            lines.append(f"<rights>{escape(s.licence)}</rights>")
        for c in h.commits:
            content = f'<ul>{"".join(self.change_item(change) for change in c.changes)}</ul>'
            href = f"{s.url}changes.html#c-{c.short}"
            lines += ["<entry>", f"<id>{_commit_id(c.sha)}</id>", f"<title>{escape(c.subject)}</title>",
                      f"<updated>{_rfc3339(c.date)}</updated>",
                      f'<link rel="alternate" type="text/html" href="{escape(href)}"/>',
                      f'<content type="html">{escape(content)}</content>', "</entry>"]
        lines.append("</feed>")
        return "\n".join(lines) + "\n"

    def feed_id(self) -> str:
        """The site's address when `[site] url` gives it, else a UUID from the plan's first commit,
        which every clone shares and no later commit changes."""
        if self.settings.url:
            return self.settings.url + FEED_NAME
        first = self.history.first or self.history.revision
        return _uuid_urn(f"planctl-site-feed:{first}:{self.history.prefix}")


def _spec_field(kind: str | None, name: str) -> spec.Field | None:
    found = spec.KIND.get(kind or "")
    if found is None:
        return None
    try:
        return found.field(name)
    except KeyError:
        return None


def _rfc3339(moment: _dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _uuid_urn(name: str) -> str:
    import uuid

    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _commit_id(sha: str) -> str:
    """An entry's id: a commit is the same change in every export, under every site address."""
    return _uuid_urn(f"planctl-plan-commit:{sha}")


ENTITY_PAGES: list[EntityPages] = [
    EntityPages("initiatives", "initiative", lambda p: list(p.initiatives.values()), Site.initiative_page),
    EntityPages("goals", "goal", lambda p: [g for g in p.goals.values() if not g.is_focus_area], Site.goal_page),
    EntityPages("owners", "owner", lambda p: list(p.owners.values()), Site.owner_page, lambda o: ""),
    EntityPages("events", "event", lambda p: ical_events(p), Site.event_page),
    EntityPages("needs", "need", lambda p: list(p.needs.values()), Site.need_page),
]
"""Kinds with a page per entity."""


def ical_name() -> str:
    from planctl.export.ical import FILE_NAME

    return FILE_NAME


def ical_events(plan: Plan) -> list[Event]:
    """The events that have a start, soonest first (what the feed holds, in its order)."""
    from planctl.export.ical import events_in_order

    return events_in_order(plan)


def _start(site: Site) -> dict[str, str | bytes]:
    return {"index.html": site.index()}


def _search(site: Site) -> dict[str, str | bytes]:
    return {"search.html": site.search_page(), SEARCH_INDEX: site.search_index()}


def _changes(site: Site) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"changes.html": site.changes_page()}
    if site.history.revision:
        files[FEED_NAME] = site.feed()
    return files


def _calendar(site: Site) -> dict[str, str | bytes]:
    from planctl.export.ical import calendar

    return {"calendar.html": site.calendar_page(),
            ical_name(): calendar(site.plan, name=site.name, lang=site.lang, public=site.public, stamp=site.now)}


def _needs(site: Site) -> dict[str, str | bytes]:
    return {"needs.html": site.needs_page()}


SECTIONS: list[Section] = [
    Section("index.html", "start", _start),
    Section("calendar.html", "calendar", _calendar, lambda site: bool(site.plan.events)),
    Section("needs.html", "needs", _needs, lambda site: bool(site.plan.needs)),
    Section("search.html", "search", _search),
    Section("changes.html", "changes", _changes),
]
"""The navigation, in order. The calendar (`calendar.html` and its `calendar.ics` feed) and the
page of needs are shown only in a plan that has events or needs."""


# -- writing ---------------------------------------------------------------------------------

def build(site: Site) -> dict[str, str | bytes]:
    """Every file of the site, by its path from the site's root (the marker aside)."""
    return dict(each_file(site))


def each_file(site: Site) -> Iterator[tuple[str, str | bytes]]:
    """The site's files one by one, as `build` holds them: written as they are made, a site of
    50,000 initiatives never holds all its pages (a gigabyte) at once. A later file of the
    same path replaces an earlier one, as in `build`."""
    for section in [*SECTIONS, *site.extra]:
        if section.shown(site):
            yield from section.build(site).items()
    for pages in ENTITY_PAGES:
        for entity in pages.entities(site.plan):
            yield f"{pages.folder}/{_file(entity.id)}", pages.page(site, entity)
    table = build_table(site.plan, "initiatives", lang=site.lang, public=True)
    yield CSV_NAME, csvfile.render(table, dialect="excel")
    for asset in ASSETS:
        yield asset, resources.files("planctl.export").joinpath(f"site/{asset}").read_bytes()


def write_site(plan: Plan, out_dir: Path, *, name: str = "", lang: str = "sv", public: bool = True,
               settings: SiteSettings | None = None, history: History | None = None, root: Path | None = None,
               force: bool = False, extra: Sequence[Section] = ()) -> list[Path]:
    """Write the whole site into `out_dir` (created if missing); returns the files written.

    `root` is the plan's root: a target that a symbolic link leads out of it is refused.
    A folder that is not empty and holds no planctl site is refused unless `force`.
    """
    from planctl.txn import staging_folder, staging_path, swap_in_folder

    out_dir = Path(out_dir)
    made_before = check_target(out_dir, root=root, force=force)
    site = Site(plan, name=name, lang=lang, public=public, settings=settings, history=history, extra=extra)
    from planctl import __version__

    written: set[str] = set()
    with _signals_interrupt():
        staging = staging_path(out_dir)  # built beside the target and swapped in: never a partial site
        try:
            staging_folder(out_dir)  # in the try: a Ctrl-C right after the folder is made removes it
            folders: set[Path] = set()
            for rel, content in each_file(site):  # each page written as it is made
                path = staging / rel
                if path.parent not in folders:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(path.parent)
                path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
                if not written:
                    _test_signal()
                written.add(rel)
            marker = json.dumps({"generator": "planctl", "version": __version__, "files": sorted(written)},
                                ensure_ascii=False, indent=1) + "\n"
            (staging / MARKER).write_bytes(marker.encode("utf-8"))  # the marker last
            written.add(MARKER)
            swap_in_folder(staging, out_dir, {rel.split("/", 1)[0] for rel in written} | made_before)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return [out_dir / rel for rel in sorted(written)]


def check_target(out_dir: Path, *, root: Path | None, force: bool) -> set[str]:
    """Refuse a target planctl must not replace; return the names an earlier site there made.

    Refused: a path that a symbolic link leads out of the plan's repository, the plan's own
    folders, something that is not a folder, and (without `force`) a non-empty folder that
    no planctl made.
    """
    lexical = Path(os.path.abspath(out_dir))
    real = Path(os.path.realpath(out_dir))
    if root is not None:
        top = Path(os.path.realpath(root))
        if _under(lexical, top) and not _under(real, top):
            raise UsageError(_("{path}: a symbolic link leads out of the repository, to {target}; "
                               "planctl writes no site there").format(path=out_dir, target=real))
        if _under(top, real) or any(_under(real, top / name) for name in ("plan", "schema", ".git")):
            raise UsageError(_("{path}: this folder holds the plan itself; write the site to a folder of its "
                               "own").format(path=out_dir))
    if not os.path.lexists(out_dir):
        return set()
    if not real.is_dir():
        raise UsageError(_("{path} exists and is not a folder").format(path=out_dir))
    entries = os.listdir(real)
    if not entries:
        return set()
    earlier = _marked_files(real)
    if earlier is None:
        if not force:
            raise UsageError(_("{path} is not empty and holds no site planctl made (no {marker} in it); "
                               "choose a new or empty folder, or pass --force to write the site into it").format(
                                   path=out_dir, marker=MARKER))

        return set()
    # What an earlier site made goes with it, unless it is hidden (a .git folder is never a page).
    return {rel.split("/", 1)[0] for rel in earlier if not rel.startswith(".") and _SAFE_NAME.fullmatch(
        rel.split("/", 1)[0])}


def _under(path: Path, top: Path) -> bool:
    return path == top or top in path.parents


def _marked_files(folder: Path) -> list[str] | None:
    """The files the marker of an earlier planctl site lists, [] for a site made before markers
    (its index.html names planctl as its generator), None for a folder planctl did not make."""
    try:
        data = json.loads(safefs.read_regular(folder / MARKER, 4 * 1024 * 1024))
        files = data.get("files") if isinstance(data, dict) and data.get("generator") == "planctl" else None
        if isinstance(files, list):
            return [f for f in files if isinstance(f, str)]
    except (OSError, ValueError):
        pass
    try:
        fd, _ = safefs.open_regular(folder / "index.html")
    except OSError:
        return None
    try:
        head = os.read(fd, 4096)
    finally:
        os.close(fd)
    return [] if b'<meta name="generator" content="planctl">' in head else None


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While the site is built, SIGTERM and SIGHUP stop it as Ctrl-C does: by an exception, so the
    staging folder is removed and the old site stays whole (by default they end Python at once)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    saved = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            saved[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _test_signal() -> None:
    """Test-only: stop mid-build, as a Ctrl-C, a `kill` or a SIGKILL would (see SIGNAL_ENV)."""
    name = os.environ.get(SIGNAL_ENV)
    if name:
        signal.raise_signal(getattr(signal, f"SIG{name}"))
