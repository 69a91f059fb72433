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
