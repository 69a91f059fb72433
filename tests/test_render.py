"""Renderers: text (full, grouped, caret, colour rules, cwd-relative paths), json (stable shape), github (escaping)."""

from __future__ import annotations

import json
from pathlib import Path

from planctl.diagnostics import Diagnostic, Severity
from planctl.render import RenderContext, from_cwd, printable, render
from planctl.render.github import annotation

SOURCE = "id: INI-003\nstatus: pågående\n"
D1 = Diagnostic("S002", Severity.ERROR, "status: 'pågående' is not one of: proposed", "plan/initiatives/INI-003.yaml",
                2, 9, 2, 17, entity="INI-003", json_path="$.status", hint="did you mean 'ongoing'?")
D2 = Diagnostic("L001", Severity.WARNING, "a warning", "plan/owners/a.yaml", 1, 1)


def ctx(**kw) -> RenderContext:
    kw.setdefault("root", Path("."))
    return RenderContext(files_checked=3, source={"plan/initiatives/INI-003.yaml": SOURCE}.get, **kw)


def test_text_is_ruffs_full_format_a_clickable_header_then_frame_and_hint() -> None:
    out = render("text", [D1, D2], ctx())
    assert out == (
        "plan/initiatives/INI-003.yaml:2:9: S002 [error] status: 'pågående' is not one of: proposed\n"
        "  |\n"
        "2 | status: pågående\n"
        "  |         ^^^^^^^^\n"
        "  |\n"
        "  = hint: did you mean 'ongoing'?\n"
        "\n"
        "plan/owners/a.yaml:1:1: L001 [warning] a warning\n"
        "\n"
        "Found 1 error, 1 warning in 2 of 3 files.\n"
    )
    assert render("full", [D1, D2], ctx()) == out


def test_grouped_groups_by_file_with_caret_under_the_column() -> None:
    out = render("grouped", [D1, D2], ctx())
    lines = out.splitlines()
    assert lines[0] == "plan/initiatives/INI-003.yaml"
    assert lines[1].split() == ["2:9", "error", "S002", "status:", "'pågående'", "is", "not", "one", "of:", "proposed"]
    assert lines[2] == "    2 | status: pågående"
    assert lines[3] == "      |         ^^^^^^^^"
    assert "hint: did you mean 'ongoing'?" in lines[4]
    assert "plan/owners/a.yaml" in lines
    assert lines[-1] == "Found 1 error, 1 warning in 2 of 3 files."
    assert "\x1b[" not in out


def test_human_formats_show_paths_from_the_cwd_machine_formats_from_the_root(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "plan" / "initiatives").mkdir(parents=True)
    inside = ctx(root=root, display=from_cwd(root, root / "plan" / "initiatives"))
    assert render("text", [D1], inside).startswith("INI-003.yaml:2:9: S002 [error] ")
    assert render("grouped", [D1], inside).startswith("INI-003.yaml\n")
    assert render("concise", [D1], inside).startswith("INI-003.yaml:2:9: S002 [error] ")
    assert json.loads(render("json", [D1], inside))["diagnostics"][0]["path"] == "plan/initiatives/INI-003.yaml"
    outside = ctx(root=root, display=from_cwd(root, root / "plan" / "owners"))  # not below: absolute
    assert render("concise", [D1], outside).startswith(f"{root / 'plan/initiatives/INI-003.yaml'}:2:9: ")
    above = ctx(root=root, display=from_cwd(root, tmp_path))
    assert render("text", [D1], above).startswith("repo/plan/initiatives/INI-003.yaml:2:9: ")


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


def test_paths_are_shown_from_the_cwd_as_pathlib_would(tmp_path: Path) -> None:
    """`from_cwd` works on strings (a report of 10,000 findings made 20,000 `Path`s); it must
    answer as `(root / path).relative_to(cwd)`, else the absolute path, for every cwd: the
    root, above it, inside it, beside it."""
    import itertools
    import os

    def oracle(root: Path, cwd: Path, path: str) -> str:
        if not path:
            return path
        full = root.resolve() / path
        try:
            return full.relative_to(cwd.resolve()).as_posix()
        except ValueError:
            return os.path.normpath(full)

    for folder in ("r/s/t", "r/plan", "o"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    paths = ["", ".", "plan/x.yaml", "s/a.yaml", "s", "s/", "./s//a", "s/../x", "../q", "/abs/p", "/", "plan",
             "r/s", "a//b/./c", "..", "s/t/u", "planctl.toml", "s/t"]
    for root, cwd in itertools.product(["r", "r/s", "."], ["r", "r/s", "r/s/t", "o", ".", "r/plan"]):
        display = from_cwd(tmp_path / root, tmp_path / cwd)
        assert [display(p) for p in paths] == [oracle(tmp_path / root, tmp_path / cwd, p) for p in paths], (root, cwd)
