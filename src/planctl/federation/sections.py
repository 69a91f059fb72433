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
from typing import Any

from planctl.errors import UsageError
from planctl.i18n import _

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
    """(Markdown, HTML) of the report's roll-up section: a heading of the report's third level."""
    from planctl.federation import outputs

    return (outputs.section_markdown(document, lang, level=2),
            '<section id="rollup">' + outputs.section_html(document, lang, level=2, sortable=False) + "</section>")
