"""Renderers: text (grouped, caret, colour rules), json (stable shape), github (escaping)."""

from __future__ import annotations

import json
from pathlib import Path

from planctl.diagnostics import Diagnostic, Severity
from planctl.render import RenderContext, printable, render
from planctl.render.github import annotation

SOURCE = "id: INI-003\nstatus: pågående\n"
D1 = Diagnostic("S002", Severity.ERROR, "status: 'pågående' is not one of: proposed", "plan/initiatives/INI-003.yaml",
                2, 9, 2, 17, entity="INI-003", json_path="$.status", hint="did you mean 'ongoing'?")
D2 = Diagnostic("L001", Severity.WARNING, "a warning", "plan/owners/a.yaml", 1, 1)


def ctx(**kw) -> RenderContext:
    return RenderContext(root=Path("."), files_checked=3, source={"plan/initiatives/INI-003.yaml": SOURCE}.get, **kw)


def test_text_groups_by_file_with_caret_under_the_column() -> None:
    out = render("text", [D1, D2], ctx())
    lines = out.splitlines()
    assert lines[0] == "plan/initiatives/INI-003.yaml"
    assert lines[1].split() == ["2:9", "error", "S002", "status:", "'pågående'", "is", "not", "one", "of:", "proposed"]
    assert lines[2] == "    2 | status: pågående"
    assert lines[3] == "      |         ^^^^^^^^"
    assert "hint: did you mean 'ongoing'?" in lines[4]
    assert "plan/owners/a.yaml" in lines
    assert lines[-1] == "Found 1 error, 1 warning in 2 of 3 files."
    assert "\x1b[" not in out


def test_text_colour_only_when_asked() -> None:
    assert "\x1b[31m" in render("text", [D1], ctx(color=True))


def test_text_prints_data_literally() -> None:
    hostile = Diagnostic("S002", Severity.ERROR, "title: '[red]x[/red]\x1b]0;pwned\x07'", "p.yaml", 1, 1)
    out = render("text", [hostile], ctx())
    assert "[red]x[/red]" in out and "\x1b" not in out and "\\x1b]0;pwned\\x07" in out


def test_clean_summary() -> None:
    assert render("text", [], ctx()).strip() == "All checks passed (3 files checked)."


def test_json_shape_is_stable() -> None:
    data = json.loads(render("json", [D1, D2], ctx(tool_version="9.9", command="lint")))
    assert list(data) == ["version", "tool", "command", "summary", "diagnostics"]
    assert data["version"] == 1 and data["tool"] == {"name": "planctl", "version": "9.9"}
    assert data["command"] == "lint"
    assert data["summary"] == {"files": 3, "error": 1, "warning": 1, "info": 0}
    assert data["diagnostics"][0] == {
        "code": "S002", "severity": "error", "message": "status: 'pågående' is not one of: proposed",
        "path": "plan/initiatives/INI-003.yaml", "line": 2, "column": 9, "end_line": 2, "end_column": 17,
        "entity": "INI-003", "json_path": "$.status", "hint": "did you mean 'ongoing'?", "fixable": False,
    }


def test_github_annotation_and_escaping() -> None:
    assert annotation(D1) == (
        "::error file=plan/initiatives/INI-003.yaml,line=2,col=9,endColumn=17,title=planctl S002::"
        "status: 'pågående' is not one of: proposed (hint: did you mean 'ongoing'?)"
    )
    nasty = Diagnostic("X", Severity.WARNING, "50% done\nsecond line\r", "dir,with:odd.yaml", 3, 2, 5, 1)
    line = annotation(nasty)
    assert line.startswith("::warning file=dir%2Cwith%3Aodd.yaml,line=3,endLine=5,title=planctl X::")
    assert line.endswith("50%25 done%0Asecond line%0D") and "\n" not in line
    assert annotation(Diagnostic("I", Severity.INFO, "m", "p", 0, 0)) == "::notice file=p,title=planctl I::m"


def test_printable_escapes_bidi_and_controls() -> None:
    assert printable("a\u202eb\tc\x00") == "a\\u202eb\\tc\\x00"
