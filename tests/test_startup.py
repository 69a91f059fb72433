"""Start-up stays lazy: --version, --help and completion pay for no heavy import."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("jsonschema", "git", "ruamel", "referencing", "openpyxl")

PROBE = """
import sys
from planctl.cli import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))
sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["validate", "--help"]])
def test_no_heavy_imports(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                          capture_output=True, text=True, env={"COLUMNS": "100", "PATH": ""})
    assert "HEAVY=\n" in proc.stderr, proc.stderr


def test_completion_does_not_import_heavy_modules() -> None:
    env = {"_PLANCTL_COMPLETE": "complete_bash", "COMP_WORDS": "planctl val", "COMP_CWORD": "1", "PATH": ""}
    code = PROBE.format(args=[], heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "HEAVY=\n" in proc.stderr, proc.stderr
    assert "validate" in proc.stdout  # completion really ran


@pytest.mark.parametrize("args, module", [
    (["check", "--today", "2024-05-01"], "check"),
    (["--root", "plan-dir", "set", "INI-001", "status=ongoing"], "set_"),
    (["--root=plan-dir", "--debug", "import", "csv", "x.csv"], "import_"),
    (["milestone", "done", "INI-001", "1"], "milestone"),
    (["--help"], None),
    (["check-all"], None),  # not a command: every one is registered, so typer can suggest one
    ([], None),
])
def test_only_the_named_command_is_registered(args: list[str], module: str | None,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.cli import command_module

    assert command_module(args) == module
    monkeypatch.setenv("_PLANCTL_COMPLETE", "complete_bash")  # completion needs every command
    assert command_module(args) is None


def test_a_command_run_alone_registers_nothing_else() -> None:
    probe = ("import sys\nfrom planctl.cli import main\nfrom planctl.cli.app import app\n"
             "try:\n    main(['rules', 'T003'])\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write('COMMANDS=' + ','.join(sorted(c.name or c.callback.__name__ "
             "for c in app.registered_commands)) + '\\n')\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env={"PATH": ""})
    assert "COMMANDS=rules\n" in proc.stderr, proc.stderr
    assert "title-too-long" in proc.stdout
