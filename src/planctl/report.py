"""The report the plan owes the government, built from the data alone.

It has the shape of the report SKL handed over on 18 March 2019: a first page
with the date and the version of the plan it was made from, the state in
brief (the status groups of the May 2020 follow-up), then its three parts in
their order: (1) the needs the school organisers raised, (2) the mapping of
ongoing initiatives per focus area and sub-goal, (3) the proposed initiatives
with who decides and who acts; then the gaps (sub-goals nothing serves, needs
nothing answers, proposals with no one known to decide) and each owner's
responsibilities. With a base revision or date, a section says what changed
since: new, completed, cancelled and re-assigned initiatives, other status
changes, from the plan's history (`planctl.semdiff`).

The content is gathered once into `Report`; Markdown, HTML and PDF only lay it
out. Nothing here prints; the caller gives the date (`Front`), and the git
history is read only by `changes_since`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any

from planctl import spec
from planctl.export.chart import stacked_bars, text_bars
from planctl.export.collate import sort_key
from planctl.export.labels import enum_label, t
from planctl.export.markdown import md
from planctl.export.table import owner_name
from planctl.goaltree import focus_areas, goal_title, named_by_any, naming, serving, sub_goals
from planctl.model import STATUSES, Goal, Initiative, Plan

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.diffreport import Labeller
    from planctl.git.revision import Base, Revision
    from planctl.semdiff import EntityChange, PlanDiff

FORMATS = ("markdown", "html", "pdf")
# The follow-up's categories, each a set of our statuses.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("grp_decided", ("decided",)),
    ("grp_preparing", ("in-preparation", "ongoing")),
    ("grp_not_started", ("proposed",)),
    ("grp_done", ("completed",)),
    ("grp_cancelled", ("cancelled",)),
)
ONGOING = ("ongoing",)
"""Part 2 maps the work under way."""
PROPOSALS = ("proposed", "in-preparation", "decided")
"""Part 3: the proposals not yet under way, a decided one with its decision taken."""

_ROLES = spec.inverses(spec.OWNER.name)
"""An owner's responsibilities: the references to owners that have an inverse (acts on, decides on, ...)."""
_DECIDES = spec.role(spec.INITIATIVE.name, "decides")
_ACTS = [f for f in spec.INITIATIVE.fields if f.role in ("acts", "takes-part")]
_REASSIGN = [f for f in spec.INITIATIVE.fields if f.role in ("acts", "decides")]
"""A change of these is a re-assignment: someone else acts or decides."""
_NEED = spec.KIND.get("need")
"""The kind of the school organisers' needs, when the plan format has it."""
_ANSWERS = [f for f in spec.INITIATIVE.fields if f.ref == "need"]
"""An initiative's references to the needs it answers."""
_NEED_SHOWN_APART = ("id", "title", "description", "comment")

CHANGE_GROUPS = ("chg_new", "chg_completed", "chg_cancelled", "chg_reassigned", "chg_status", "chg_removed")


def _roles(lang: str) -> list[str]:
    return [f.inverse.label(lang) for _, f in _ROLES if f.inverse is not None]


@dataclass(slots=True)
class Front:
    """The first page: when, from which version of the plan, and of which selection."""

    date: datetime.date
    revision: Revision | None = None
    selection: list[str] = field(default_factory=list)
    tool_version: str = ""


@dataclass(slots=True)
class NeedItem:
    ident: str
    title: str
    description: str
    comment: str
    facts: list[tuple[str, str]]
    """(field label, value as the reader sees it) of the need's other fields: who raised it, its goals."""
    answered_by: list[Initiative]


@dataclass(slots=True)
class Change:
    """One line of "changes since": an initiative, and what became of it."""

    ident: str
    title: str
    what: str = ""
    """The field that changed, for a re-assignment (Ansvarig aktör, Beslutas av)."""
    old: str = ""
    new: str = ""
    when: str = ""
    """The day of the last commit since the base that touched it (empty: not committed yet)."""


@dataclass(slots=True)
class Changes:
    base: Base
    selected: bool
    groups: list[tuple[str, list[Change]]]
    other: list[tuple[str, str, str, str]]
    """Goals, owners and other kinds: (kind label, change word, id, label)."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(version, path) of files that could not be read: their entities compare as empty."""


@dataclass(slots=True)
class Report:
    name: str
    lang: str
    front: Front
    groups: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    needs: list[NeedItem] = field(default_factory=list)
    ongoing: list[tuple[Goal, list[tuple[Goal, list[Initiative]]]]] = field(default_factory=list)
    proposed: list[Initiative] = field(default_factory=list)
    uncovered: list[Goal] = field(default_factory=list)
    unanswered: list[NeedItem] = field(default_factory=list)
    undecided: list[Initiative] = field(default_factory=list)
    owners: list[tuple[str, list[list[str]]]] = field(default_factory=list)
    """Each owner's name and, per role (`_ROLES`), the initiatives it has that role in."""
    changes: Changes | None = None
    sections: list[tuple[str, str]] = field(default_factory=list)
    """(Markdown, HTML) of parts another module adds after the mapping (the roll-up's), escaped by it."""


def _ids(entity: Any, f: spec.Field) -> list[str]:
    value = getattr(entity, f.attribute, None)
    if f.many:
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    return [value] if isinstance(value, str) else []


def _fact(plan: Plan, f: spec.Field, value: Any, lang: str) -> str:
    """A field's value as a reader sees it: owners by name, goals by id and title, enums by label."""
    values = value if isinstance(value, list) else [] if value is None else [value]

    def one(v: Any) -> str:
        if f.ref == "owner":
            return owner_name(plan, v) or ""
        if f.ref == "goal" and (v in plan.goals or ":" in v):  # a namespaced goal too: nat:FO1.2
            return f"{v} {goal_title(plan, v) or ''}".strip()
        if f.enum is not None:
            return f.enum.label(v, lang)
        return v.isoformat() if isinstance(v, datetime.date) else str(v)

    return ", ".join(text for v in values if (text := one(v)))


def _needs(plan: Plan, lang: str) -> list[NeedItem]:
    if _NEED is None:
        return []
    items = []
    for need in sorted((e for e in plan.entities if e.kind == _NEED.name), key=lambda e: sort_key(e.id)):
        facts = [(f.label(lang), text) for f in _NEED.fields if f.name not in _NEED_SHOWN_APART
                 and (text := _fact(plan, f, getattr(need, f.attribute, None), lang))]
        answered = named_by_any(plan, need.id, _ANSWERS)
        items.append(NeedItem(need.id, getattr(need, "title", None) or need.id,
                              getattr(need, "description", None) or "", getattr(need, "comment", None) or "",
                              facts, answered))
    return items


def build_report(plan: Plan, *, name: str = "", lang: str = "sv", front: Front | None = None,
                 changes: Changes | None = None, sections: Sequence[tuple[str, str]] = ()) -> Report:
    report = Report(name=name, lang=lang, front=front or Front(datetime.date.today()), changes=changes,
                    sections=list(sections))
    for key, statuses in GROUPS:
        counts = {s: sum(1 for i in plan.initiatives.values() if i.status == s) for s in statuses}
        report.groups.append((t(key, lang), counts))
    report.needs = _needs(plan, lang)
    for area in focus_areas(plan):
        per_goal = [(goal, [i for i in serving(plan, goal.id) if i.status in ONGOING])
                    for goal in sub_goals(plan, area)]
        report.ongoing.append((area, per_goal))
    report.proposed = sorted((i for i in plan.initiatives.values() if i.status in PROPOSALS),
                             key=lambda i: sort_key(i.id))
    report.uncovered = [g for area in focus_areas(plan) for g in sub_goals(plan, area) if not serving(plan, g.id)]
    report.unanswered = [n for n in report.needs if not n.answered_by]
    report.undecided = [i for i in report.proposed if i.status != "decided" and not _ids(i, _DECIDES)]
    for owner in sorted(plan.owners.values(), key=lambda o: sort_key(o.label)):
        roles = [naming(plan, owner.id, f) for _, f in _ROLES]
        if any(roles):
            report.owners.append((owner.label, roles))
    return report


# -- changes since a revision or a date -------------------------------------------------------

def build_changes(diff: PlanDiff, labels: Labeller, base: Base, plan: Plan, *, lang: str = "sv",
                  selected: bool = False, when: tuple[dict[str, str], dict[str, str]] | None = None) -> Changes:
    """What became of the initiatives between `base` and `plan` (the newer side of `diff`).

    With `selected` (a `--where`), only the initiatives the selection kept are told, and
    removed ones, which no selection of the present plan can judge, are left out. `when`
    gives the day each id was last changed in a commit, and the day each was added (a new
    initiative is dated by the commit that added it).
    """
    days, added_on = when or ({}, {})
    grouped: dict[str, list[Change]] = {key: [] for key in CHANGE_GROUPS}
    other: list[tuple[str, str, str, str]] = []
    fields = {f.name: f for f in spec.INITIATIVE.fields}

    def owner(value: Any) -> str:
        return (labels("owner", value) or value) if isinstance(value, str) else t("none", lang)

    for c in diff.changes:
        if c.kind != spec.INITIATIVE.name:
            kind = spec.KIND.get(c.kind)
            word = _change_word(c, lang)
            other.append((kind.label(lang) if kind else c.kind, word, c.ident, c.label))
            continue
        current = plan.initiatives.get(c.ident)
        if selected and current is None:
            continue
        title = current.label if current is not None else c.label
        if c.change == "added":
            status = current.status if current is not None else None
            grouped["chg_new"].append(Change(c.ident, title, new=enum_label("status", status, lang)))
            continue
        if c.change == "removed":
            grouped["chg_removed"].append(Change(c.ident, title))
            continue
        if c.change == "renamed":
            other.append((spec.INITIATIVE.label(lang), _change_word(c, lang), c.ident, title))
        for fc in c.fields:
            if fc.field == "status":
                key = {"completed": "chg_completed", "cancelled": "chg_cancelled"}.get(str(fc.new), "chg_status")
                grouped[key].append(Change(c.ident, title, old=enum_label("status", _text(fc.old), lang),
                                           new=enum_label("status", _text(fc.new), lang)))
            elif fc.field in fields and fields[fc.field] in _REASSIGN:
                grouped["chg_reassigned"].append(Change(c.ident, title, what=fields[fc.field].label(lang),
                                                        old=owner(fc.old), new=owner(fc.new)))
    for key, items in grouped.items():
        for change in items:
            change.when = (added_on if key == "chg_new" else days).get(change.ident, "")
    groups = [(key, sorted(items, key=lambda ch: sort_key(ch.ident))) for key, items in grouped.items()]
    return Changes(base, selected, groups, other)


def _change_word(c: EntityChange, lang: str) -> str:
    if c.change == "renamed" and c.old_ident:
        return t("renamed", lang, old=c.old_ident)
    return t(c.change, lang) if c.change in ("added", "removed", "changed") else c.change


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def changes_since(config: Config, plan: Plan, since: str, *, lang: str = "sv", selected: bool = False) -> Changes:
    """`build_changes` from the commit `since` names (or the last one before a date) to the work tree."""
    from planctl.git.plandiff import diff_revisions
    from planctl.git.repo import EMPTY_TREE
    from planctl.git.revision import base_of

    base = base_of(config, since)
    start = base.sha or EMPTY_TREE  # before the first commit: everything is new
    result = diff_revisions(config, start, None)
    changes = build_changes(result.diff, result.labels, base, plan, lang=lang, selected=selected,
                            when=_last_changed(config, base))
    changes.unreadable = [(since if version == start else version, path) for version, path in result.unreadable]
    return changes


def _last_changed(config: Config, base: Base) -> tuple[dict[str, str], dict[str, str]]:
    """(id -> the day of the newest commit since `base` about it, id -> the day it was added),
    from the trailers (or touched files) that `planctl log` reads."""
    if not base.shas:
        return {}, {}
    from planctl.git.history import plan_log
    from planctl.git.repo import open_repo
    from planctl.semdiff import kind_of_path, stem

    since = set(base.shas)
    days: dict[str, str] = {}
    added: dict[str, str] = {}
    for entry in plan_log(config):  # newest first
        if entry.sha in since:
            for ident in (*entry.added, *entry.changed, *entry.removed, *(r.new for r in entry.renamed)):
                days.setdefault(ident, entry.date[:10])
            for ident in entry.added:
                added.setdefault(ident, entry.date[:10])
    # A file changed in the work tree since: its entity's last change is not committed, so no day.
    repo = open_repo(config.root)
    _, status, _ = repo.git("status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--",
                            f"{repo.prefix}plan", strip=False)
    for record in status.split("\0"):
        path = record[3:]
        if kind_of_path(path):
            days.pop(stem(path), None)
            added.pop(stem(path), None)
    return days, added


# -- Markdown -----------------------------------------------------------------------------------

def _decides(plan: Plan, ini: Initiative) -> str | None:
    return ", ".join(n for i in _ids(ini, _DECIDES) if (n := owner_name(plan, i))) or None


def _acts(plan: Plan, ini: Initiative) -> list[str]:
    return [name for f in _ACTS for ident in _ids(ini, f) if (name := owner_name(plan, ident))]


def _title(report: Report) -> str:
    return f"{t('report', report.lang)}: {report.name}" if report.name else t("report", report.lang)


def _revision_text(front: Front, lang: str) -> str:
    rev = front.revision
    if rev is None:
        return t("not_in_git", lang)
    return f"{rev.short} ({rev.date.isoformat()})" + (f", {t('uncommitted', lang)}" if rev.dirty else "")


def _commits(n: int, lang: str) -> str:
    return t("n_commits_one" if n == 1 else "n_commits_many", lang, n=n)


def _base_text(changes: Changes, lang: str, esc: Callable[[str], str]) -> str:
    """The base of the comparison in words; `esc` makes the user's text (HEAD~1) inert in the format."""
    base = changes.base
    if base.sha is None or base.date is None:
        return t("compared_with_empty", lang, base=esc(base.text))
    return t("compared_with", lang, base=esc(base.text), sha=base.sha[:7], date=base.date.isoformat(),
             commits=_commits(base.commits, lang))


def _change_md(c: Change) -> str:
    line = f"- **{md(c.ident)}** {md(c.title)}"
    if c.what:
        line = f"{line}: {md(c.what)} {md(c.old)} → {md(c.new)}"
    elif c.old:
        line = f"{line}: {md(c.old)} → {md(c.new)}"
    elif c.new:
        line = f"{line} ({md(c.new)})"
    return f"{line}, {c.when}" if c.when else line


def _changes_markdown(changes: Changes, lang: str) -> list[str]:
    out = [f"## {t('changes_since', lang)}", "", f"*{_base_text(changes, lang, md)}*", ""]
    if changes.selected:
        out += [f"*{t('changes_selection', lang)}*", ""]
    told = False
    for key, items in changes.groups:
        if items:
            told = True
            out += [f"### {t(key, lang)}", "", *(_change_md(c) for c in items), ""]
    if not told:
        out += [f"*{t('no_changes', lang)}*", ""]
    if changes.other:
        out += [f"### {t('chg_other', lang)}", ""]
        out += [f"- **{md(ident)}** {md(label)} ({md(kind)}, {md(word)})" for kind, word, ident, label in changes.other]
        out.append("")
    return out


def _needs_markdown(report: Report, plan: Plan) -> list[str]:
    lang = report.lang
    out = [f"## {t('part_needs', lang)}", ""]
    if not report.needs:
        return [*out, f"*{t('no_needs', lang)}*", ""]
    for need in report.needs:
        out += [f"### {md(need.ident)} {md(need.title)}", ""]
        if need.description:
            out += [md(need.description), ""]
        out += [f"- {md(label)}: {md(value)}" for label, value in need.facts]
        answers = ", ".join(f"**{md(i.id)}** {md(i.title)}" for i in need.answered_by)
        out += [f"- {t('answered_by', lang)}: {answers}" if answers else f"- *{t('no_answer', lang)}*"]
        if need.comment:
            out += ["", f"*{md(need.comment)}*"]
        out.append("")
    return out


def render_markdown(report: Report, plan: Plan) -> str:
    lang = report.lang
    front = report.front
    out = [f"# {md(_title(report))}", "",
           f"- **{t('report_date', lang)}:** {front.date.isoformat()}",
           f"- **{t('plan_revision', lang)}:** {md(_revision_text(front, lang))}"]
    if front.selection:
        out.append(f"- **{t('selection', lang)}:** " + ", ".join(f"`{md(w)}`" for w in front.selection))
    out += ["", f"*{t('report_intro', lang)}*", "", f"## {t('overview', lang)}", "",
            f"| {t('status_group', lang)} | {t('count', lang)} |", "|---|---:|"]
    out += [f"| {label} | {sum(c.values())} |" for label, c in report.groups]
    out += [f"| **{t('total', lang)}** | **{len(plan.initiatives)}** |", "", "```text",
            text_bars([(label, sum(c.values())) for label, c in report.groups]), "```", "",
            f"| Status | {t('count', lang)} |", "|---|---:|"]
    out += [f"| {enum_label('status', s, lang)} | {sum(1 for i in plan.initiatives.values() if i.status == s)} |"
            for s in STATUSES]
    out.append("")
    if report.changes is not None:
        out += _changes_markdown(report.changes, lang)
    out += _needs_markdown(report, plan)
    out += [f"## {t('part_mapping', lang)}", ""]
    for area, goals in report.ongoing:
        out += [f"### {md(area.id)} {md(area.title)}", ""]
        for goal, items in goals:
            out += [f"#### {md(goal.id)} {md(goal.title)}", ""]
            out += [f"- **{md(i.id)}** {md(i.title)} — {md(owner_name(plan, i.owner))}" for i in items] \
                or [f"*{t('no_ongoing', lang)}*"]
            out.append("")
    for markdown, _html in report.sections:
        out += [markdown, ""]
    out += [f"## {t('part_proposed', lang)}", ""]
    if report.proposed:
        out += [f"| Id | {t('initiative_col', lang)} | Status | {t('who_decides', lang)} | {t('who_acts', lang)} |",
                "|---|---|---|---|---|"]
        out += [f"| {md(i.id)} | {md(i.title)} | {md(enum_label('status', i.status, lang))} | "
                f"{md(_decides(plan, i)) or t('unknown', lang)} | {md(', '.join(_acts(plan, i)))} |"
                for i in report.proposed]
    else:
        out.append(f"*{t('no_proposed', lang)}*")
    out += ["", f"## {t('part_gaps', lang)}", "", f"### {t('uncovered', lang)}", ""]
    out += [f"- **{md(g.id)}** {md(g.title)}" for g in report.uncovered] or [f"*{t('all_covered', lang)}*"]
    if _NEED is not None:
        out += ["", f"### {t('needs_unanswered', lang)}", ""]
        out += [f"- **{md(n.ident)}** {md(n.title)}" for n in report.unanswered] or [f"*{t('no_gaps', lang)}*"]
    out += ["", f"### {t('decider_unknown', lang)}", ""]
    out += [f"- **{md(i.id)}** {md(i.title)}" for i in report.undecided] or [f"*{t('no_gaps', lang)}*"]
    headers = [t("owner_col", lang), *_roles(lang)]
    out += ["", f"## {t('part_roles', lang)}", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += [
        "| " + " | ".join([md(name), *(md(", ".join(ids)) for ids in roles)]) + " |" for name, roles in report.owners
    ]
    return "\n".join(out) + "\n"


# -- HTML ---------------------------------------------------------------------------------------

_PAGE_CSS = """
main { overflow-wrap: break-word; }
@page { size: A4; margin: 2cm 2cm 2.2cm; @bottom-center { content: counter(page) " / " counter(pages); } }
"""
"""What the report adds to the site's stylesheet (which has the phone and print rules): A4 pages, numbered."""


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    # A wide table scrolls inside its own box on a phone; the page itself never scrolls sideways.
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _items(lines: list[str], empty: str) -> str:
    return ("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>") if lines \
        else f"<p><em>{escape(empty)}</em></p>"


def _named(ident: str, title: str | None) -> str:
    return f"<strong>{escape(ident)}</strong> {escape(title or '')}"


def _change_html(c: Change) -> str:
    line = _named(c.ident, c.title)
    if c.what:
        line = f"{line}: {escape(c.what)} {escape(c.old)} → {escape(c.new)}"
    elif c.old:
        line = f"{line}: {escape(c.old)} → {escape(c.new)}"
    elif c.new:
        line = f"{line} ({escape(c.new)})"
    return f'{line}, <time datetime="{c.when}">{c.when}</time>' if c.when else line


def _changes_html(changes: Changes, lang: str) -> list[str]:
    parts = [f'<section id="changes"><h2>{escape(t("changes_since", lang))}</h2>',
             f"<p>{_base_text(changes, lang, escape)}</p>"]
    if changes.selected:
        parts.append(f"<p><em>{escape(t('changes_selection', lang))}</em></p>")
    told = [(key, items) for key, items in changes.groups if items]
    for key, items in told:
        parts.append(f"<h3>{escape(t(key, lang))}</h3>" + _items([_change_html(c) for c in items], ""))
    if not told:
        parts.append(f"<p><em>{escape(t('no_changes', lang))}</em></p>")
    if changes.other:
        parts.append(f"<h3>{escape(t('chg_other', lang))}</h3>" + _items(
            [f"{_named(ident, label)} ({escape(kind)}, {escape(word)})" for kind, word, ident, label in changes.other],
            ""))
    parts.append("</section>")
    return parts


def _needs_html(report: Report) -> list[str]:
    lang = report.lang
    parts = [f'<section id="needs"><h2>{escape(t("part_needs", lang))}</h2>']
    if not report.needs:
        parts.append(f"<p><em>{escape(t('no_needs', lang))}</em></p>")
    for need in report.needs:
        parts.append(f"<h3>{escape(need.ident)} {escape(need.title)}</h3>")
        if need.description:
            parts.append(f"<p>{escape(need.description)}</p>")
        facts = [f"{escape(label)}: {escape(value)}" for label, value in need.facts]
        answers = ", ".join(_named(i.id, i.title) for i in need.answered_by)
        facts.append(f"{escape(t('answered_by', lang))}: {answers}" if answers
                     else f"<em>{escape(t('no_answer', lang))}</em>")
        parts.append(_items(facts, ""))
        if need.comment:
            parts.append(f'<p class="comment"><em>{escape(need.comment)}</em></p>')
    parts.append("</section>")
    return parts


def render_html(report: Report, plan: Plan) -> str:
    """One self-contained page: the site's stylesheet inlined, the chart as inline SVG."""
    lang = report.lang
    front = report.front
    title = _title(report)
    css = resources.files("planctl.export").joinpath("site/style.css").read_text("utf-8")
    facts = [(t("report_date", lang), f'<time datetime="{front.date.isoformat()}">{front.date.isoformat()}</time>'),
             (t("plan_revision", lang), escape(_revision_text(front, lang)))]
    if front.selection:
        facts.append((t("selection", lang), ", ".join(f"<code>{escape(w)}</code>" for w in front.selection)))
    parts = ['<header class="front">', f"<h1>{escape(title)}</h1>",
             '<dl class="facts">' + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>",
             f"<p>{escape(t('report_intro', lang))}</p>", "</header>",
             f'<section id="overview"><h2>{escape(t("overview", lang))}</h2>',
             _table([t("status_group", lang), t("count", lang)],
                    [[escape(label), str(sum(c.values()))] for label, c in report.groups]
                    + [[f"<strong>{escape(t('total', lang))}</strong>", f"<strong>{len(plan.initiatives)}</strong>"]]),
             stacked_bars(report.groups, title=t("status_counts", lang), lang=lang), "</section>"]
    if report.changes is not None:
        parts += _changes_html(report.changes, lang)
    parts += _needs_html(report)
    parts.append(f'<section id="mapping"><h2>{escape(t("part_mapping", lang))}</h2>')
    for area, goals in report.ongoing:
        parts.append(f"<h3>{escape(area.id)} {escape(area.title or '')}</h3>")
        for goal, items in goals:
            parts.append(f"<h4>{escape(goal.id)} {escape(goal.title or '')}</h4>")
            parts.append(_items([f"{_named(i.id, i.title)} — {escape(owner_name(plan, i.owner) or '')}"
                                 for i in items], t("no_ongoing", lang)))
    parts.append("</section>")
    parts += [html for _markdown, html in report.sections]
    parts.append(f'<section id="proposed"><h2>{escape(t("part_proposed", lang))}</h2>')
    parts.append(_table(["Id", t("initiative_col", lang), "Status", t("who_decides", lang), t("who_acts", lang)],
                        [[escape(i.id), escape(i.title or ""), escape(enum_label("status", i.status, lang)),
                          escape(_decides(plan, i) or t("unknown", lang)),
                          escape(", ".join(_acts(plan, i)))] for i in report.proposed])
                 if report.proposed else f"<p><em>{escape(t('no_proposed', lang))}</em></p>")
    parts.append("</section>")
    parts.append(f'<section id="gaps"><h2>{escape(t("part_gaps", lang))}</h2>')
    parts.append(f"<h3>{escape(t('uncovered', lang))}</h3>"
                 + _items([_named(g.id, g.title) for g in report.uncovered], t("all_covered", lang)))
    if _NEED is not None:
        parts.append(f"<h3>{escape(t('needs_unanswered', lang))}</h3>"
                     + _items([_named(n.ident, n.title) for n in report.unanswered], t("no_gaps", lang)))
    parts.append(f"<h3>{escape(t('decider_unknown', lang))}</h3>"
                 + _items([_named(i.id, i.title) for i in report.undecided], t("no_gaps", lang)))
    parts.append("</section>")
    parts.append(f'<section id="roles"><h2>{escape(t("part_roles", lang))}</h2>')
    parts.append(_table([t("owner_col", lang), *_roles(lang)],
                        [[escape(n), *(escape(", ".join(ids)) for ids in roles)] for n, roles in report.owners]))
    parts.append("</section>")
    meta = f'<meta name="dcterms.created" content="{front.date.isoformat()}">\n'
    if front.tool_version:
        meta += f'<meta name="generator" content="planctl {escape(front.tool_version)}">\n'
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            f"{meta}<title>{escape(title)}</title>\n<style>\n{css}{_PAGE_CSS}</style>\n</head>\n<body>\n"
            f'<main id="main">\n' + "\n".join(parts) + "\n</main>\n</body>\n</html>\n")


# -- PDF ----------------------------------------------------------------------------------------

class PdfUnavailable(Exception):
    """WeasyPrint, or the Pango library under it, is not installed (the message says which)."""


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """The page is self-contained: nothing is fetched, not a file and not the network."""
    raise ValueError(f"the report fetches nothing ({url!r})")


def render_pdf(report: Report, plan: Plan) -> bytes:
    """The HTML page laid out as an A4 PDF by WeasyPrint (no browser), fetching nothing."""
    import importlib
    import logging

    try:  # an optional extra without types: loaded by name, so its absence is no error to mypy
        weasyprint = importlib.import_module("weasyprint")
    except ImportError:
        from planctl.i18n import _

        raise PdfUnavailable(_("the PDF report needs WeasyPrint: pip install 'planctl[pdf]'")) from None
    except OSError as exc:  # Pango, a system library, is missing
        from planctl.i18n import _

        raise PdfUnavailable(_("WeasyPrint cannot load a system library ({reason}); install Pango (Debian: "
                               "libpango-1.0-0)").format(reason=str(exc).splitlines()[0])) from None

    logger = logging.getLogger("weasyprint")
    saved = logger.propagate, logger.level
    logger.propagate, logger.level = False, logging.CRITICAL  # CSS it skips is for screens: no word on stderr
    try:
        pdf = weasyprint.HTML(string=render_html(report, plan), url_fetcher=_no_fetch).write_pdf()
    finally:
        logger.propagate, logger.level = saved
    assert isinstance(pdf, bytes)
    return pdf


def render(plan: Plan, fmt: str = "markdown", *, name: str = "", lang: str = "sv", front: Front | None = None,
           changes: Changes | None = None, sections: Sequence[tuple[str, str]] = ()) -> str | bytes:
    report = build_report(plan, name=name, lang=lang, front=front, changes=changes, sections=sections)
    if fmt == "pdf":
        return render_pdf(report, plan)
    return render_html(report, plan) if fmt == "html" else render_markdown(report, plan)
