"""The roll-up in the national plan's site and report, from the rollup.json a roll-up wrote.

`planctl export html` and `planctl report` of the national plan show the roll-up when one
is at hand: the file `--rollup PATH` names, else `out/rollup/rollup.json` (where `planctl
rollup` writes by default) when the plan's folder holds a `federation.toml`. The site gets
a page of its own (`rollup.html`, in the navigation: the sub-goals' table, and the members'
as a table sortable by any column); the report a section after the mapping of initiatives.

rollup.json is read as data someone else may have written (a CI artifact, a copied file):
each value is taken only with the type the schema gives it, as text or a number, and every
text reaches the page escaped (`outputs.section_html`, `outputs.section_markdown`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planctl.errors import UsageError
from planctl.i18n import _

if TYPE_CHECKING:
    from planctl.model import Plan

DEFAULT_PLACE = Path("out/rollup/rollup.json")
FEDERATION_FILE = "federation.toml"
MAX_SIZE = 256 * 1024 * 1024
PAGE = "rollup.html"
SCRIPT = "rollup.js"
_STATES = ("clean", "problems", "unreadable", "unreachable")


def find(root: Path, given: Path | None) -> Path | None:
    """The rollup.json to show: `given` (which must exist), else the default place beside a
    federation.toml in the plan's folder; None: no roll-up."""
    if given is not None:
        return given
    if (root / FEDERATION_FILE).is_file() and (root / DEFAULT_PLACE).is_file():
        return root / DEFAULT_PLACE
    return None


def load(path: Path) -> dict[str, Any]:
    """rollup.json's "rollup", each value of the type the schema gives it; UsageError (exit 2,
    one line naming the file) when it is not a roll-up."""
    from planctl import safefs

    try:
        document = json.loads(safefs.read_regular(path, MAX_SIZE))
    except FileNotFoundError:
        raise UsageError(_("no roll-up at {path}: run 'planctl rollup' first").format(path=path)) from None
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {why}").format(path=path, why=exc.strerror or exc)) from None
    except ValueError:
        raise UsageError(_("{path} is not JSON; write it with 'planctl rollup'").format(path=path)) from None
    data = document.get("rollup") if isinstance(document, dict) and document.get("command") == "rollup" else None
    if not isinstance(data, dict) or not isinstance(data.get("members"), list) \
            or not isinstance(data.get("sub_goals"), list):
        raise UsageError(_("{path} is not the JSON of a roll-up; write it with 'planctl rollup'").format(path=path))
    national = _dict(data.get("national"))
    return {"name": _text(data.get("name")),
            "national": {"url": _text(national.get("url")), "commit": _text(national.get("commit"))},
            "sub_goals": [_goal(g) for g in data["sub_goals"] if isinstance(g, dict)],
            "members": [_member(m) for m in data["members"] if isinstance(m, dict)]}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _goal(g: dict[str, Any]) -> dict[str, Any]:
    by_status = _dict(g.get("by_status"))
    return {"id": _text(g.get("id")), "title": _text(g.get("title")), "focus_area": _text(g.get("focus_area")),
            "members": _count(g.get("members")), "initiatives": _count(g.get("initiatives")),
            "by_status": {_text(k): _count(v) for k, v in by_status.items()}}


def _member(m: dict[str, Any]) -> dict[str, Any]:
    problems = m.get("problems")
    problems = problems if isinstance(problems, list) else []
    behind = m.get("behind")
    return {"name": _text(m.get("name")), "kind": _text(m.get("kind")), "code": _text(m.get("code")),
            "url": _text(m.get("url")), "state": m.get("state") if m.get("state") in _STATES else "unreadable",
            "outdated": m.get("outdated") is True, "initiatives": _count(m.get("initiatives")),
            "errors": _count(m.get("errors")), "warnings": _count(m.get("warnings")),
            "behind": _count(behind) if behind is not None else None, "reason": _text(m.get("reason")),
            "problems": [{"path": _text(p.get("path")), "line": _count(p.get("line")), "col": _count(p.get("col")),
                          "code": _text(p.get("code")), "message": _text(p.get("message"))}
                         for p in problems[:20] if isinstance(p, dict)]}


def site_section(document: dict[str, Any]) -> Any:
    """The site's roll-up page as a section of its navigation (`planctl.export.website.Section`)."""
    from planctl.export.website import Section
    from planctl.federation import outputs

    def build(site: Any) -> dict[str, str | bytes]:
        body = outputs.section_html(document, site.lang, wrap="scroll")
        title = document["name"] or outputs.section_title(site.lang)
        return {PAGE: site.page(title, body, "", current=PAGE, scripts=(SCRIPT,)), SCRIPT: outputs.SORT_SCRIPT}

    return Section(PAGE, "", build, label=lambda lang: outputs.section_title(lang))


def report_section(document: dict[str, Any], lang: str) -> tuple[str, str]:
    """(Markdown, HTML) of the report's roll-up section: part of *2. Mapping of ongoing
    initiatives* (the country's, where the plan's own come first), so a heading of its third level."""
    from planctl.federation import outputs

    return (outputs.section_markdown(document, lang, level=3),
            '<section id="rollup">' + outputs.section_html(document, lang, level=3, sortable=False) + "</section>")


def member_report_section(plan: Plan, lang: str) -> tuple[str, str] | None:
    """(Markdown, HTML) of a member plan's ongoing initiatives per national sub-goal it serves
    (`nat:FO1.2 Strategisk ledning …`, the title from the cache: `goaltree.goal_title`), for its
    report's mapping; None when no initiative names a national goal."""
    from html import escape

    from planctl.export.collate import sort_key
    from planctl.federation import names
    from planctl.goaltree import goal_title
    from planctl.render.mdtext import md
    from planctl.report import ONGOING

    served: dict[str, list[Any]] = {}
    for initiative in sorted(plan.initiatives.values(), key=lambda i: sort_key(i.id)):
        for goal in dict.fromkeys(initiative.goals):
            if names.split(goal) is not None:
                served.setdefault(goal, [])
                if initiative.status in ONGOING:
                    served[goal].append(initiative)
    if not served:
        return None
    heading = ("Nationella delmål som planens insatser tjänar", "National sub-goals the plan's initiatives serve")
    none = ("Inga pågående insatser.", "No ongoing initiatives.")
    index = 0 if lang == "sv" else 1
    lines, parts = [f"### {heading[index]}", ""], [f'<section id="national"><h3>{escape(heading[index])}</h3>']
    for goal in sorted(served, key=sort_key):
        title = goal_title(plan, goal)  # None: not in the cache, the id alone
        lines += [f"#### {md(goal)}" + (f" {md(title)}" if title else ""), ""]
        items = served[goal]
        lines += [f"- **{md(i.id)}** {md(i.title)}" for i in items] or [f"*{none[index]}*"]
        lines.append("")
        parts.append(f"<h4>{escape(goal)}" + (f" {escape(title)}" if title else "") + "</h4>")
        parts.append("<ul>" + "".join(f"<li><strong>{escape(i.id)}</strong> {escape(i.title or '')}</li>"
                                      for i in items) + "</ul>" if items else f"<p><em>{escape(none[index])}</em></p>")
    parts.append("</section>")
    return "\n".join(lines).rstrip("\n"), "\n".join(parts)
