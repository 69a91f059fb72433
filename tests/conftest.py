"""Shared fixtures: small plan repositories on disk, and two ways to run planctl.

`invoke` runs the CLI in-process (fast, for most tests); `run_planctl` runs the
installed `planctl` executable as a subprocess, exactly as a user or CI would.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

PLANCTL = Path(sys.executable).parent / "planctl"
REPO = Path(__file__).resolve().parent.parent

CONFIG = '[plan]\nname = "Testplan"\nlanguage = "sv"\nformat = 1\n'

# A small, valid plan: two focus areas, three sub-goals, two initiatives, three owners.
SMALL_PLAN: dict[str, str] = {
    "plan/goals/FO1.yaml": """\
        id: FO1
        title: Digital kompetens för alla
        description: Alla i skolväsendet ska kunna utveckla sin digitala kompetens.
        """,
    "plan/goals/FO1.1.yaml": """\
        id: FO1.1
        title: Elevernas digitala kompetens
        description: Barn och elever får förutsättningar att utveckla adekvat digital kompetens.
        parent: FO1
        """,
    "plan/goals/FO1.2.yaml": """\
        id: FO1.2
        title: Strategisk ledning av digitaliseringen
        description: Rektorer och huvudmän kan leda det digitala utvecklingsarbetet strategiskt.
        parent: FO1
        """,
    "plan/goals/FO2.yaml": """\
        id: FO2
        title: Likvärdig tillgång och användning
        description: Alla har likvärdig tillgång till digitala verktyg och använder dem väl.
        """,
    "plan/goals/FO2.1.yaml": """\
        id: FO2.1
        title: Tillgång till digitala verktyg
        description: Barn, elever och personal har tillgång till digitala verktyg efter behov.
        parent: FO2
        """,
    "plan/owners/skolverket.yaml": """\
        id: skolverket
        name: Skolverket
        kind: agency
        url: https://www.skolverket.se
        """,
    "plan/owners/skr.yaml": """\
        id: skr
        name: Sveriges Kommuner och Regioner
        kind: association
        """,
    "plan/owners/regeringen.yaml": """\
        id: regeringen
        name: Regeringen
        kind: government
        """,
    "plan/initiatives/INI-001.yaml": """\
        # Samordningsansvaret
        id: INI-001
        title: Skolverket samordnar statens arbete
        description: >-
          Skolverket får huvudansvaret för att samordna statens arbete med digitalisering.
          Det ger huvudmännen en tydlig väg in.
        goals:
          - FO1.2
        owner: skolverket
        decided_by: regeringen
        status: decided
        start: 2019-03-18
        """,
    "plan/initiatives/INI-002.yaml": """\
        id: INI-002
        title: Stöd för digital kompetens
        description: >-
          Stöd till huvudmännen för att stärka elevernas digitala kompetens.
          Stödet tas fram tillsammans med Skolverket.
        goals:
          - FO1.1
          - FO2.1
        owner: skr
        participants:
          - skolverket
        status: ongoing
        horizon: medium
        """,
}


def write_plan(root: Path, files: dict[str, str], *, config: str | None = CONFIG) -> Path:
    """Write a plan repository: planctl.toml plus `files` (dedented), returning its root."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "planctl.toml").write_text(config, encoding="utf-8")
    for kind in ("goals", "initiatives", "owners"):
        (root / "plan" / kind).mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def plan_repo(tmp_path: Path) -> Path:
    """A small valid plan repository (not a git repository)."""
    return write_plan(tmp_path / "repo", SMALL_PLAN)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def invoke(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process, as `planctl ARGS` from `cwd`."""
    from planctl.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    old_env = dict(os.environ)
    if env:
        os.environ.update(env)
    try:
        with contextlib.chdir(cwd or Path.cwd()), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.environ.clear()
        os.environ.update(old_env)
    return Result(code, out.getvalue(), err.getvalue())


def run_planctl(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
                input: str | None = None, timeout: float = 60) -> Result:
    """Run the installed `planctl` executable as a subprocess."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    full_env.update(env or {})
    proc = subprocess.run([str(PLANCTL), *args], cwd=cwd, env=full_env, input=input, capture_output=True,
                          text=True, timeout=timeout)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see neither CI's GitHub variables nor a developer's colour settings, and planctl
    speaks English (the C locale) unless a test asks for Swedish: the fixtures' plans say
    `language = "sv"`, which a machine without a locale would otherwise follow."""
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR", "PLANCTL_DEBUG", "PLANCTL_LANG", "LANGUAGE", "LC_ALL",
                 "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    from planctl import i18n

    i18n.configure()  # no --lang left over from an earlier in-process run
