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


HELP_PROBE = """
import sys
if {real!r}:
    import rich.markdown, rich.traceback  # the real modules, imported first: typer uses them as they are
from planctl.cli import main
try:
    main({args!r})
except SystemExit:
    pass
deferred = sorted(m for m in ("rich.markdown", "rich.traceback", "markdown_it") if m in sys.modules)
sys.stderr.write('DEFERRED=' + ','.join(deferred) + '\\n')
"""


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["export", "--help"], ["export", "xlsx", "-h"]])
@pytest.mark.parametrize("color", ["never", "always"])
def test_help_is_drawn_without_markdown_and_tracebacks_and_the_same(args: list[str], color: str) -> None:
    """typer's help formatter imports rich.markdown (markdown-it) and rich.traceback, which
    planctl's help never uses: a quarter of `--help`. They are deferred, and the help is what
    typer draws with the real modules, to the byte and the colour code."""
    runs = {}
    for real in (False, True):
        proc = subprocess.run([sys.executable, "-c", HELP_PROBE.format(real=real, args=["--color", color, *args])],
                              capture_output=True, text=True, env={"COLUMNS": "100", "PATH": "", "LC_ALL": "C"})
        runs[real] = proc
    assert runs[False].stdout == runs[True].stdout and "Usage" in runs[False].stdout
    assert "DEFERRED=\n" in runs[False].stderr, runs[False].stderr
    assert "DEFERRED=markdown_it,rich.markdown,rich.traceback\n" in runs[True].stderr


def test_a_deferred_class_is_the_real_one_when_used() -> None:
    probe = ("from planctl.cli._richhelp import rich_utils\nm = rich_utils()\nimport sys\n"
             "assert 'rich.markdown' not in sys.modules\n"
             "md = m.Markdown('*a*')\nfrom rich.markdown import Markdown\nassert type(md) is Markdown\n"
             "assert isinstance(md, m.Markdown)\n"
             "import rich.traceback\nassert m.Traceback.from_exception == rich.traceback.Traceback.from_exception\n"
             "print('ok')\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env={"PATH": ""})
    assert proc.stdout == "ok\n", proc.stderr


def test_the_emoji_table_is_read_only_when_a_code_is_looked_up() -> None:
    """`--help` never reads rich's emoji table (it has no `:name:` code); a text that has one
    gets its emoji all the same, from the real table."""
    probe = ("import sys\nfrom planctl.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "import rich._emoji_codes as codes\nsys.stderr.write(f'REAL={hasattr(codes, \"__file__\")}\\n')\n"
             "from rich.console import Console\nc = Console(file=open('/dev/null', 'w'))\n"
             "from rich.text import Text\nsys.stderr.write('EMOJI=' + c.render_str(':thumbs_up: ok').plain + '\\n')\n"
             "from rich._emoji_codes import EMOJI\nsys.stderr.write(f'SIZE={len(EMOJI) > 1000}\\n')\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={"COLUMNS": "100", "PATH": ""})
    assert "REAL=False\n" in proc.stderr, proc.stderr
    assert "EMOJI=\U0001f44d ok\n" in proc.stderr and "SIZE=True\n" in proc.stderr, proc.stderr
