"""The roll-up as people and programs read it: CSV and XLSX sheets (through the exports'
own writers, so they open right in Swedish Excel and never run a cell as a formula),
JSON (`schema/rollup.schema.json`), Markdown for the report, and a text summary.

Member names come from federation.toml and error messages quote member files: every
text is escaped for where it goes (Markdown's `md`, the terminal's `printable`, the
sheets' `neutralise`); JSON holds the text as it is, which JSON itself keeps inert.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planctl.federation.rollup import MemberResult, Rollup
from planctl.i18n import _, ngettext
from planctl.spec import SCHOOL_ORGANISER_KIND, STATUS, lang_index

SCHEMA_FILE = "rollup.schema.json"

_STATE_LABELS = {"clean": ("utan fel", "clean"), "problems": ("fel", "problems"),
                 "unreadable": ("kan inte läsas", "unreadable"), "unreachable": ("nås inte", "unreachable")}


def _l(sv: str, en: str, lang: str) -> str:
    return (sv, en)[lang_index(lang)]


def section_title(lang: str) -> str:
    """The roll-up's heading when the federation has no name (and its name in the site's navigation)."""
    return _l("Huvudmännens planer", "The school organisers' plans", lang)


def data(rollup: Rollup) -> dict[str, Any]:
    """What rollup.json holds under "rollup" (`schema/rollup.schema.json`): every other output,
    and the site's and the report's roll-up sections (`planctl.federation.sections`), are
    rendered from this, so they show the same thing."""
    if "data" not in rollup.tables:
        national = rollup.national
        rollup.tables["data"] = {
            "name": rollup.federation.name,
            "national": {"url": national.url, "commit": national.commit},
            "counts": {"members": len(rollup.members), "checked": rollup.checked,
                       "cached": sum(1 for m in rollup.members if m.cached),
                       **{state: sum(1 for m in rollup.members if m.state == state) for state in
                          ("clean", "problems", "unreadable", "unreachable")},
                       "outdated": sum(1 for m in rollup.members if m.outdated)},
            "sub_goals": rollup.per_goal(),
            "members": [_member_json(m) for m in rollup.members],
        }
    found: dict[str, Any] = rollup.tables["data"]
    return found


def as_json(rollup: Rollup) -> str:
    """The envelope of every JSON output (`render.jsonfmt.envelope`), written compact: with 300
    members' counts per sub-goal, json's indenting encoder (pure Python) took longer than the run."""
    import json

    from planctl import __version__
    from planctl.render.jsonfmt import SCHEMA_VERSION

    document = {"version": SCHEMA_VERSION, "tool": {"name": "planctl", "version": __version__}, "command": "rollup",
                "rollup": data(rollup)}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def _member_json(m: MemberResult) -> dict[str, Any]:
    return {"name": m.name, "kind": m.kind, "code": m.code or None, "url": m.url, "state": m.state,
            "commit": m.commit, "pinned": m.pinned, "behind": m.behind, "outdated": m.outdated,
            "initiatives": m.initiatives, "errors": m.error_count, "warnings": m.warning_count,
            "problems": m.errors, "reason": m.reason or None, "cached": m.cached,
            "serves": m.serves}  # sorted when the member was checked (`rollup.check_member`)


# -- sheets --------------------------------------------------------------------------------------

def _column(key: str, sv: str, en: str, kind: str = "text") -> Any:
    """A column of a roll-up sheet ("count": a number Excel can sum, not text)."""
    from planctl.export.table import Column

    def get(row: Any, ctx: Any) -> Any:  # the values are computed beforehand; no entity to read
        return row[key]

    return Column(key, sv, en, get, kind)


def _memo(rollup: Rollup, name: str, lang: str, build: Any) -> Any:
    """A table built once per roll-up and language: the CSV, the workbook, the Markdown and the
    HTML all show the same two tables."""
    key = f"{name}|{lang}"
    if key not in rollup.tables:
        rollup.tables[key] = build(rollup, lang)
    return rollup.tables[key]


def goal_table(rollup: Rollup, lang: str) -> Any:
    return _memo(rollup, "goals", lang, lambda r, lg: goal_table_of(data(r)["sub_goals"], lg))


def member_table(rollup: Rollup, lang: str) -> Any:
    return _memo(rollup, "members", lang, lambda r, lg: member_table_of(data(r)["members"], lg))


def goal_table_of(sub_goals: list[dict[str, Any]], lang: str) -> Any:
    """One row per national sub-goal: members serving it, initiatives in all and per status."""
    from planctl.export.table import Table

    columns = [_column("id", "Delmål", "Sub-goal"), _column("title", "Rubrik", "Title"),
               _column("focus_area", "Fokusområde", "Focus area"),
               _column("members", "Huvudmän", "Members", "count"),
               _column("initiatives", "Insatser", "Initiatives", "count")]
    columns += [_column(status, f"Insatser: {STATUS.label(status, 'sv')}", f"Initiatives: {STATUS.label(status, 'en')}",
                        "count") for status in STATUS.values]
    values = [[row["id"], row["title"], row["focus_area"], row["members"], row["initiatives"],
               *(row["by_status"].get(s, 0) for s in STATUS.values)] for row in sub_goals]
    return Table(_l("Delmål", "Sub-goals", lang), columns, [], values, lang)


def member_table_of(members: list[dict[str, Any]], lang: str) -> Any:
    """One row per member (as rollup.json has it): who, what state, pinned where, how many
    initiatives and errors, the first error."""
    from planctl.export.table import Table

    columns = [_column("name", "Huvudman", "Member"), _column("kind", "Slags huvudman", "Kind"),
               _column("code", "Kommunkod", "Municipality code"), _column("state", "Läge", "State"),
               _column("initiatives", "Insatser", "Initiatives", "count"),
               _column("errors", "Fel", "Errors", "count"), _column("warnings", "Varningar", "Warnings", "count"),
               _column("behind", "Versioner efter", "Revisions behind", "count"),
               _column("first", "Första felet", "First error"), _column("url", "Adress", "URL")]
    values = []
    for m in members:
        first = m["problems"][0] if m["problems"] else None
        problem = (f"{first['path']}:{first['line']}:{first['col']}: {first['code']} {first['message']}"
                   if first else m["reason"] or "")
        values.append([m["name"], SCHOOL_ORGANISER_KIND.label(m["kind"], lang), m["code"] or "",
                       _l(*_STATE_LABELS[m["state"]], lang), m["initiatives"], m["errors"], m["warnings"],
                       m["behind"], problem, m["url"]])
    return Table(_l("Huvudmän", "Members", lang), columns, [], values, lang)


def as_csv(rollup: Rollup, lang: str, dialect: str = "excel") -> str:
    from planctl.export.csvfile import render

    return render(goal_table(rollup, lang), dialect=dialect)


def members_csv(rollup: Rollup, lang: str, dialect: str = "excel") -> str:
    from planctl.export.csvfile import render

    return render(member_table(rollup, lang), dialect=dialect)


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write `data` (atomically) unless the file already holds exactly these bytes: a warm
    roll-up that changes nothing a file shows leaves it, and its time, alone. The bytes are
    compared, never a stamp, so a file edited or removed by hand is written again."""
    from planctl.fsutil import atomic_write

    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.is_file() and not path.is_symlink() and path.stat().st_size == len(payload) \
                and path.read_bytes() == payload:
            return False
    except OSError:
        pass
    atomic_write(path, payload, sync=False)  # generated: written again by the next run, as the site is
    return True


def as_xlsx(rollup: Rollup, lang: str) -> bytes:
    """Both sheets, written without openpyxl (`workbook`): a warm roll-up runs often."""
    from planctl.federation.workbook import render

    return render([goal_table(rollup, lang), member_table(rollup, lang)])


# -- Markdown ------------------------------------------------------------------------------------

def as_markdown(rollup: Rollup, lang: str) -> str:
    """rollup.md: the section for the report."""
    return section_markdown(data(rollup), lang)


def section_markdown(document: dict[str, Any], lang: str, *, level: int = 2) -> str:
    """A section for the report (`document`: rollup.json's "rollup"): the national picture,
    then the members that need attention; `level` is its heading's."""
    from planctl.export.markdown import table
    from planctl.render.mdtext import md

    members = document["members"]
    title = document["name"] or section_title(lang)
    counts = {s: sum(1 for m in members if m["state"] == s) for s in _STATE_LABELS}
    lines = [f"{'#' * level} {md(title)}", "", md(_summary(document, counts, lang)), ""]
    goal = goal_table_of(document["sub_goals"], lang)
    lines += table(goal.headers(), [[md(cell) for cell in row] for row in goal.text_rows()]) + [""]
    attention = [m for m in members if m["state"] != "clean" or m["outdated"]]
    if attention:
        lines += [f"{'#' * (level + 1)} {_l('Att åtgärda', 'To act on', lang)}", ""]
        for m in attention:
            lines.append(f"- **{md(m['name'])}**: {md(_what(m, lang))}" + (f" ({md(m['reason'])})"
                                                                           if m["reason"] else ""))
            for e in m["problems"][:5]:
                lines.append(f"  - {md(e['path'])}:{e['line']}:{e['col']}: {md(e['code'])} {md(e['message'])}")
        lines.append("")
    return "\n".join(lines)


def _summary(document: dict[str, Any], counts: dict[str, int], lang: str) -> str:
    return _l("{n} huvudmän, jämförda med den nationella planen vid {rev}: {clean} utan fel, {problems} med fel, "
              "{unreadable} som inte kan läsas, {unreachable} som inte nås.",
              "{n} members, checked against the national plan at {rev}: {clean} clean, {problems} with problems, "
              "{unreadable} unreadable, {unreachable} unreachable.", lang).format(
        n=len(document["members"]), rev=document["national"]["commit"][:12], **counts)


def _what(m: dict[str, Any], lang: str) -> str:
    what = [_l(*_STATE_LABELS[m["state"]], lang)] if m["state"] != "clean" else []
    if m["outdated"]:
        what.append(_l("låst vid en äldre nationell version", "pinned to an older national revision", lang))
    return ", ".join(what)


# -- the terminal --------------------------------------------------------------------------------

def as_text(rollup: Rollup) -> str:
    """What `planctl rollup` prints: members that need attention, one line each, then the count."""
    from planctl.render import printable

    out = []
    for m in rollup.members:
        name = printable(m.name)
        if m.state == "unreachable":
            out.append(_("{name}: unreachable: {reason}").format(name=name, reason=printable(m.reason)))
        elif m.state == "unreadable":
            out.append(_("{name}: unreadable: {reason}").format(name=name, reason=printable(m.reason)))
        elif m.state == "problems":
            out.append(ngettext("{name}: {n} error", "{name}: {n} errors", m.error_count).format(
                name=name, n=m.error_count))
            for e in m.errors[:3]:
                out.append(f"  {printable(e['path'])}:{e['line']}:{e['col']}: {e['code']} {printable(e['message'])}")
        if m.outdated:
            out.append(_("{name}: pinned to an older national revision ({rev})").format(
                name=name, rev=printable((m.pinned or "")[:12])) if m.behind is None else ngettext(
                "{name}: pinned {n} national revision behind", "{name}: pinned {n} national revisions behind",
                m.behind).format(name=name, n=m.behind))
    return "\n".join(out) + ("\n" if out else "")


def summary_line(rollup: Rollup) -> str:
    bad = sum(1 for m in rollup.members if m.state != "clean")
    return (ngettext("{n} member: {bad} with problems", "{n} members: {bad} with problems", len(rollup.members))
            .format(n=len(rollup.members), bad=bad) + "; "
            + ngettext("{checked} read and checked", "{checked} read and checked", rollup.checked).format(
                checked=rollup.checked)
            + ", " + _("{cached} unchanged").format(cached=len(rollup.members) - rollup.checked
                                                    - sum(1 for m in rollup.members if m.state == "unreachable")))


# -- HTML ----------------------------------------------------------------------------------------

SORT_SCRIPT = """\
document.querySelectorAll("table.sortable th").forEach(function (th, index) {
  th.tabIndex = 0;
  function sort() {
    var table = th.closest("table"), body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var up = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = a.cells[index].dataset.value || a.cells[index].textContent;
      var y = b.cells[index].dataset.value || b.cells[index].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "sv");
      return up ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  th.addEventListener("click", sort);
  th.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
  });
});
"""


def html_table(t: Any, *, sortable: bool) -> str:
    """A roll-up table in HTML, every cell escaped; a count right-aligned and sorted as a number."""
    from html import escape

    cls = ' class="sortable"' if sortable else ""
    out = [f"<table{cls}>", "<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in t.headers())
           + "</tr></thead>", "<tbody>"]
    for row, text in zip(t.values, t.text_rows(), strict=True):
        cells = []
        for value, cell in zip(row, text, strict=True):
            numeric = isinstance(value, int) and not isinstance(value, bool)
            cells.append(f'<td class="num">{escape(cell)}</td>' if numeric else f"<td>{escape(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join([*out, "</tbody>", "</table>"])


def section_html(document: dict[str, Any], lang: str, *, level: int = 1, sortable: bool = True,
                 wrap: str = "") -> str:
    """The roll-up as HTML (`document`: rollup.json's "rollup"): its title at `level`, the
    summary, the sub-goals' table and the members' (sortable by any column when `sortable`:
    the page loads `SORT_SCRIPT`). `wrap`: a class for a box around each table (the site's
    `scroll`, so a wide table scrolls inside it on a phone, never the page)."""
    from html import escape

    members = document["members"]
    title = document["name"] or section_title(lang)
    counts = {s: sum(1 for m in members if m["state"] == s) for s in _STATE_LABELS}

    def boxed(html: str) -> str:
        return f'<div class="{escape(wrap)}">{html}</div>' if wrap else html

    sub = f"h{min(level + 1, 6)}"
    parts = [f"<h{level}>{escape(title)}</h{level}>", f"<p>{escape(_summary(document, counts, lang))}</p>",
             f"<{sub}>{escape(_l('Nationella delmål', 'National sub-goals', lang))}</{sub}>",
             boxed(html_table(goal_table_of(document["sub_goals"], lang), sortable=False)),
             f"<{sub}>{escape(_l('Huvudmän', 'Members', lang))}</{sub}>",
             boxed(html_table(member_table_of(members, lang), sortable=sortable))]
    return "\n".join(parts)


def as_html(rollup: Rollup, lang: str) -> str:
    """A page of its own (beside the site, or without one): the sub-goals' table, and the
    members' as a table sortable by any column (a click, or Enter, on its header)."""
    from html import escape

    document = data(rollup)
    title = document["name"] or section_title(lang)
    lines = ["<!DOCTYPE html>", f'<html lang="{escape(lang)}">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape(title)}</title>",
             "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}"
             "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;"
             "text-align:left}td.num{text-align:right}th[aria-sort]{background:#eef}"
             "table.sortable th{cursor:pointer}.scroll{max-width:100%;overflow-x:auto}</style>", "</head>", "<body>",
             section_html(document, lang, wrap="scroll"), f"<script>{SORT_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"
