"""The edit and history commands as a curator runs them: the installed executable, no terminal,
and a terminal that answers the questions `add` asks."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import PLANCTL, invoke, run_planctl
from gitplan import env, git, isolate, status


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def planctl(*args: str, cwd: Path):
    """The installed executable, stdin a pipe (no terminal), like CI or a script."""
    return run_planctl(*args, cwd=cwd, env=env(), input="")


def test_scripted_curating_in_a_new_plan_ends_in_a_clean_commit(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    assert planctl("init", str(root), cwd=tmp_path).exit_code == 0
    git(root, "config", "user.name", "Curator Test")
    git(root, "config", "user.email", "curator@example.org")
    (root / "notes.md").write_text("utkast\n", encoding="utf-8")
    git(root, "add", "notes.md", ".gitignore")
    git(root, "commit", "-q", "-m", "notes", "--", "notes.md", ".gitignore")
    (root / "notes.md").write_text("utkast, ändrat\n", encoding="utf-8")
    (root / "staged.txt").write_text("staged\n", encoding="utf-8")
    git(root, "add", "staged.txt")

    steps = [
        ("add", "owner", "--id", "skr", "--name", "Sveriges Kommuner och Regioner", "--kind", "association"),
        ("add", "goal", "--title", "Likvärdig tillgång och användning"),
        ("add", "goal", "--parent", "FO1", "--title", "Ändamålsenlig infrastruktur och support"),
        ("add", "initiative", "--title", "Stöd vid upphandling av digitala lärresurser", "--goal", "FO1.1",
         "--owner", "skr", "--status", "proposed", "--horizon", "medium"),
    ]
    outputs = [planctl(*step, cwd=root) for step in steps]
    assert [r.exit_code for r in outputs] == [0, 0, 0, 0], [r.stderr for r in outputs]
    assert [r.stdout for r in outputs] == [
        "added skr (plan/owners/skr.yaml)\n", "added FO1 (plan/goals/FO1.yaml)\n",
        "added FO1.1 (plan/goals/FO1.1.yaml)\n", "added INI-001 (plan/initiatives/INI-001.yaml)\n"]

    result = planctl("commit", cwd=root)
    assert result.exit_code == 0, result.stderr
    message = git(root, "log", "-1", "--format=%B")
    header = message.splitlines()[0]
    assert re.fullmatch(r"(feat|fix|chore|refactor)(\([a-z]+\))?!?: .+", header), header
    assert header == "feat(plan): add 2 goals, 1 owner and 1 initiative"
    trailers = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, text=True,
                              capture_output=True, check=True).stdout
    from planctl import __version__

    assert trailers == ("Plan-Added: FO1\nPlan-Added: FO1.1\nPlan-Added: skr\nPlan-Added: INI-001\n"
                        f"Planctl-Version: {__version__}\n")
    committed = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert all(p.startswith(("plan/", "schema/")) or p == "planctl.toml" for p in committed), committed
    assert "plan/initiatives/INI-001.yaml" in committed
    lines = status(root).splitlines()
    assert " M notes.md" in lines and "A  staged.txt" in lines
    assert not [line for line in lines if line[3:].startswith(("plan/", "schema/", "planctl.toml"))], lines
    assert planctl("check", cwd=root).exit_code in (0, 1)  # lint may have advice; nothing may crash
    assert planctl("validate", cwd=root).exit_code == 0


@pytest.mark.parametrize("args, flag", [
    (("add", "initiative", "--title", "X", "--goal", "FO1.1", "--owner", "skr"), "--status"),
    (("add", "initiative", "--status", "proposed"), "--title, --goal, --owner"),
    (("add", "owner", "--id", "inera", "--name", "Inera"), "--kind"),
    (("add", "goal",), "--title"),
])
def test_add_without_a_required_flag_and_without_a_terminal_exits_2_naming_it(plan_repo: Path, args, flag) -> None:
    result = planctl(*args, cwd=plan_repo)
    assert result.exit_code == 2
    assert f"missing {flag} (required for" in result.stderr
    assert "there is no terminal to ask on" in result.stderr
    assert not (plan_repo / "plan/initiatives/INI-003.yaml").exists()


def test_flags_that_do_not_apply_to_the_kind(plan_repo: Path) -> None:
    result = invoke("add", "owner", "--id", "x", "--name", "X", "--kind", "company", "--status", "proposed",
                    cwd=plan_repo)
    assert (result.exit_code, result.stderr) == (2, "planctl: error: --status does not apply to an owner\n")
    assert "--id is for goals and owners" in invoke("add", "initiative", "--id", "INI-050", cwd=plan_repo).stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_real_terminal_is_asked(plan_repo: Path) -> None:
    """The installed executable on a pseudo-terminal asks for the one missing field."""
    import pty
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen([str(PLANCTL), "add", "owner", "--id", "inera", "--name", "Inera"], cwd=plan_repo,
                            stdin=slave, stdout=slave, stderr=slave, env={**os.environ, **env()}, close_fds=True)
    os.close(slave)
    seen = b""
    answered = confirmed = False
    while proc.poll() is None or select.select([master], [], [], 0)[0]:
        ready, _, _ = select.select([master], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if not answered and b"Kind:" in seen:
            os.write(master, b"company\n")
            answered = True
        if not confirmed and b"Write plan/owners/inera.yaml?" in seen:
            os.write(master, b"y\n")
            confirmed = True
    proc.wait(timeout=30)
    os.close(master)
    assert proc.returncode == 0, seen.decode(errors="replace")
    assert b"Kind of owner. A number or an id." in seen and b" 2  agency" in seen  # "Agency" is its value
    assert (plan_repo / "plan/owners/inera.yaml").read_text(encoding="utf-8") == \
        "id: inera\nname: Inera\nkind: company\n"


def test_commands_are_grouped_in_help() -> None:
    result = invoke("--help")
    for panel in ("Edit", "History"):
        assert panel in result.stdout
    for command in ("add", "set", "rm", "mv", "commit", "diff", "log"):
        assert re.search(rf"│ {command} ", result.stdout), command


def test_rm_referenced_owner_through_the_executable(plan_repo: Path) -> None:
    result = planctl("rm", "skr", cwd=plan_repo)
    assert result.exit_code == 1
    assert result.stderr == ("planctl: error: skr is referred to by 1 entity; pass --reassign NEW_ID to move the "
                             "references, or change them first\n"
                             "  INI-002 owner (plan/initiatives/INI-002.yaml): Stöd för digital kompetens\n")
