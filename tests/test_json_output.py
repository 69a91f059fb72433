"""Every `--format json` output is one versioned envelope that validates against its schema in schema/.

Run through the installed `planctl` as a subprocess, on the bundled plan and on a small git fixture
with history, a rename-free edit and a dangling reference, so each payload carries real content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, run_planctl
from gitplan import env, git, plan_git_repo
from planctl import __version__
from planctl.schemas import ID_BASE, registry, schema_dir

# Which schema file describes which command's output (check, validate and lint share one).
SCHEMA_OF = {"check": "diagnostics", "validate": "diagnostics", "lint": "diagnostics", "summary": "summary",
             "show": "show", "diff": "diff", "list": "list", "refs": "refs", "log": "log", "rules": "rules"}

# The bundled plan: commands that need no history.
BUNDLED = [
    ("check",), ("validate",), ("lint",), ("summary",), ("show", "INI-001"), ("show", "FO3"),
    ("show", "skolverket"), ("refs", "FO3.2"), ("list",), ("list", "goals"),
    ("list", "owners"), ("rules",), ("rules", "T003"),
]
# The fixture: the same commands with problems in the plan, and the history ones.
FIXTURE = [
    ("check",), ("validate",), ("lint",), ("summary",), ("show", "INI-001"), ("refs", "FO1.2"),
    ("refs", "FO9.9"), ("list",), ("log",), ("log", "INI-001"), ("diff",), ("diff", "HEAD~1", "HEAD"),
    ("rules", "X001"),
]


def _schema(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
    return document


def _validator(command: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(f"output-{SCHEMA_OF[command]}"), registry=registry())


def _errors(command: str, document: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(command).iter_errors(document)]


@pytest.fixture(scope="module")
def fixture_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SMALL_PLAN committed, then one commit that edits INI-001, then a work-tree edit with a dangling goal."""
    root = plan_git_repo(tmp_path_factory.mktemp("json"))
    ini = root / "plan/initiatives/INI-001.yaml"
    ini.write_text(ini.read_text(encoding="utf-8").replace("status: decided", "status: ongoing")
                   .replace("  - FO1.2\n", "  - FO1.2\n  - FO2.1\n"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "feat(plan): INI-001 is ongoing\n\nPlan-Changed: INI-001")
    ini2 = root / "plan/initiatives/INI-002.yaml"
    ini2.write_text(ini2.read_text(encoding="utf-8").replace("  - FO2.1\n", "  - FO9.9\n"), encoding="utf-8")
    return root


_OUTPUTS: dict[tuple[tuple[str, ...], Path], dict[str, Any]] = {}


def _run(args: tuple[str, ...], cwd: Path) -> dict[str, Any]:
    """Each command runs once per plan (the validation and the content tests read the same output)."""
    if (args, cwd) not in _OUTPUTS:
        result = run_planctl(*args, "--format", "json", cwd=cwd, env=env())
        assert result.exit_code in (0, 1), result.stderr
        _OUTPUTS[args, cwd] = json.loads(result.stdout)
    return _OUTPUTS[args, cwd]


def _check(args: tuple[str, ...], document: dict[str, Any]) -> None:
    command = args[0]
    assert _errors(command, document) == []
    assert list(document)[:3] == ["version", "tool", "command"]  # the envelope leads, then the payload
    assert document["version"] == 1
    assert document["tool"] == {"name": "planctl", "version": __version__}
    assert document["command"] == command


@pytest.mark.parametrize("args", BUNDLED, ids=" ".join)
def test_bundled_plan_output_validates(args: tuple[str, ...]) -> None:
    _check(args, _run(args, REPO))


@pytest.mark.parametrize("args", FIXTURE, ids=" ".join)
def test_fixture_output_validates(args: tuple[str, ...], fixture_repo: Path) -> None:
    _check(args, _run(args, fixture_repo))


def test_payloads_carry_what_the_fixture_holds(fixture_repo: Path) -> None:
    """Validation alone would pass empty lists: the payloads must hold the plan's content."""
    check = _run(("check",), fixture_repo)
    dangling = [d for d in check["diagnostics"] if d["code"] == "X001"]
    assert [(d["path"], d["entity"]) for d in dangling] == [("plan/initiatives/INI-002.yaml", "INI-002")]
    assert check["summary"]["error"] >= 1 and check["summary"]["files"] == 10
    log = _run(("log",), fixture_repo)["commits"]
    assert [c["subject"] for c in log] == ["feat(plan): INI-001 is ongoing", "initial plan"]
    assert log[0]["changed"] == ["INI-001"] and log[0]["source"] == "trailers"
    diff = _run(("diff", "HEAD~1", "HEAD"), fixture_repo)["diff"]
    assert [c["id"] for c in diff["changed"]] == ["INI-001"]
    assert {f["field"] for f in diff["changed"][0]["fields"]} == {"status", "goals"}
    listed = _run(("list",), fixture_repo)
    assert listed["kind"] == "initiative" and [r["id"] for r in listed["items"]] == ["INI-001", "INI-002"]
    refs = _run(("refs", "FO1.2"), fixture_repo)
    assert refs["id"] == "FO1.2" and [r["id"] for r in refs["references"]] == ["INI-001"]
    dangling_refs = _run(("refs", "FO9.9"), fixture_repo)["references"]
    assert [(r["id"], r["field"], r["location"]) for r in dangling_refs] == [
        ("INI-002", "goals", "plan/initiatives/INI-002.yaml:8")]
    assert _run(("show", "INI-001"), fixture_repo)["entity"]["fields"]["status"] == "ongoing"
    assert _run(("summary",), fixture_repo)["summary"]["initiatives"]["by_status"]["ongoing"] == 2
    assert [r["code"] for r in _run(("rules", "T003"), REPO)["rules"]] == ["T003"]


@pytest.mark.parametrize("command", sorted(SCHEMA_OF))
def test_the_old_bare_shapes_and_strays_are_refused(command: str) -> None:
    """The schemas are not vacuous: a bare list or object (the shapes before the envelope), a
    wrong command name and an unknown top-level key all fail."""
    assert _errors(command, [])
    assert _errors(command, {})
    other = "summary" if SCHEMA_OF[command] != "summary" else "list"
    envelope = {"version": 1, "tool": {"name": "planctl", "version": __version__}, "command": other}
    assert _errors(command, envelope)
    assert _errors(command, {**envelope, "command": command, "stray": 1})


def test_every_output_schema_is_a_described_draft_2020_12_schema() -> None:
    from jsonschema import Draft202012Validator

    names = sorted(p.name for p in schema_dir().glob("output*.schema.json"))
    assert names == sorted({"output.schema.json", *(f"output-{n}.schema.json" for n in SCHEMA_OF.values())})
    for name in names:
        document = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(document)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["$id"] == ID_BASE + name
        assert " — " in document["description"], name  # Swedish — English, like the plan's schemas
