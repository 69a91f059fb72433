"""G001 (`check --against REV`) is a rule like the others: severity, selection and suppressions apply.

Each behaviour is run both in-process and through the installed `planctl`,
on a real repository where two branches added INI-003 with different content.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CONFIG, Result, invoke, run_planctl
from gitplan import env, git, isolate, plan_git_repo

Run = Callable[..., Result]

OURS = """\
    id: INI-003
    title: Vår insats för lärarnas kompetens
    description: >-
      Insatsen ger lärare stöd i att använda digitala verktyg i undervisningen,
      med kurser som tas fram tillsammans med huvudmännen.
    goals:
      - FO1.1
    owner: skr
    status: proposed
    """
THEIRS = OURS.replace("Vår insats", "Deras insats")
WHERE = "plan/initiatives/INI-003.yaml"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    """On branch 'ours' (checked out), INI-003 is new; branch 'theirs' added another INI-003."""
    root = plan_git_repo(tmp_path)
    git(root, "tag", "base")
    git(root, "checkout", "-q", "-b", "theirs")
    (root / WHERE).write_text(textwrap.dedent(THEIRS), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feat: deras insats")
    git(root, "checkout", "-q", "-b", "ours", "base")
    (root / WHERE).write_text(textwrap.dedent(OURS), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feat: vår insats")
    return root


def _subprocess(*args: str, cwd: Path) -> Result:
    return run_planctl(*args, cwd=cwd, env=env())


def _in_process(*args: str, cwd: Path) -> Result:
    return invoke(*args, cwd=cwd)


RUNNERS = pytest.mark.parametrize("run", [_in_process, _subprocess], ids=["in-process", "installed"])


def _findings(result: Result) -> list[tuple[str, str, str, int, int]]:
    rows = json.loads(result.stdout)["diagnostics"]
    return [(d["code"], d["severity"], d["path"], d["line"], d["column"]) for d in rows]


def _config(root: Path, extra: str) -> None:
    (root / "planctl.toml").write_text(CONFIG + extra, encoding="utf-8")


@RUNNERS
def test_g001_is_reported_at_the_id(run: Run, ours: Path) -> None:
    result = run("check", "--against", "theirs", "-f", "json", cwd=ours)
    assert result.exit_code == 1, result.stderr
    assert _findings(result) == [("G001", "error", WHERE, 1, 5)]
    diag = json.loads(result.stdout)["diagnostics"][0]
    assert diag["message"] == ("the initiative id 'INI-003' is new on this branch but theirs has it too "
                               "(\"Deras insats för lärarnas kompetens\")")
    assert diag["hint"] == f"rename yours with 'planctl mv INI-003 NEW_ID' before merging (theirs has {WHERE})"
    # Without --against (or against the common base) there is nothing to compare.
    assert run("check", cwd=ours).exit_code == 0
    assert run("check", "--against", "base", cwd=ours).exit_code == 0


@RUNNERS
def test_severity_from_planctl_toml_applies(run: Run, ours: Path) -> None:
    _config(ours, '\n[lint.severity]\nG001 = "warning"\n')
    result = run("check", "--against", "theirs", "-f", "json", cwd=ours)
    assert result.exit_code == 0, result.stderr
    assert _findings(result) == [("G001", "warning", WHERE, 1, 5)]
    assert run("check", "--against", "theirs", "--strict", cwd=ours).exit_code == 1
    _config(ours, '\n[lint.severity]\nG = "info"\n')  # a family works too
    assert _findings(run("check", "--against", "theirs", "-f", "json", cwd=ours)) == [("G001", "info", WHERE, 1, 5)]


@RUNNERS
def test_select_and_ignore_apply(run: Run, ours: Path) -> None:
    ignored = run("check", "--against", "theirs", "--ignore", "G001", "-f", "json", cwd=ours)
    assert ignored.exit_code == 0 and _findings(ignored) == []
    assert _findings(run("check", "--against", "theirs", "--ignore", "id-collision", "-f", "json", cwd=ours)) == []
    assert _findings(run("check", "--against", "theirs", "--select", "X", "-f", "json", cwd=ours)) == []
    assert run("check", "--against", "theirs", "--select", "G001", cwd=ours).exit_code == 1
    _config(ours, '\n[lint]\nignore = ["G"]\n')
    assert run("check", "--against", "theirs", cwd=ours).exit_code == 0
    # The command line wins over the file, as for every other code.
    assert run("check", "--against", "theirs", "--select", "G", cwd=ours).exit_code == 1
    _config(ours, '\n[lint.per-file-ignores]\n"plan/initiatives/*.yaml" = ["G001"]\n')
    assert run("check", "--against", "theirs", cwd=ours).exit_code == 0


@RUNNERS
def test_ignore_file_suppresses_it_without_a_false_n001(run: Run, ours: Path) -> None:
    path = ours / WHERE
    path.write_text("# planctl: ignore-file[G001] theirs is renamed in their merge request\n"
                    + textwrap.dedent(OURS), encoding="utf-8")
    suppressed = run("check", "--against", "theirs", "-f", "json", cwd=ours)
    assert suppressed.exit_code == 0, suppressed.stdout
    assert _findings(suppressed) == []
    # Without a revision G001 does not run: the comment cannot be judged unused.
    plain = run("check", "-f", "json", cwd=ours)
    assert plain.exit_code == 0 and _findings(plain) == []
    # Against a revision where nothing collides, the comment is stale, and said so.
    stale = run("check", "--against", "base", "-f", "json", cwd=ours)
    assert _findings(stale) == [("N001", "warning", WHERE, 1, 1)]
    assert "'ignore-file[G001]' suppresses nothing: there is no G001 in this file" in stale.stdout
    # A line suppression works too (on the id line's line above).
    path.write_text(textwrap.dedent(OURS).replace("id: INI-003", "# planctl: ignore[G001] renamed later\nid: INI-003"),
                    encoding="utf-8")
    assert _findings(run("check", "--against", "theirs", "-f", "json", cwd=ours)) == []


@RUNNERS
def test_a_bad_revision_or_no_git_is_a_one_line_error(run: Run, ours: Path, tmp_path: Path) -> None:
    result = run("check", "--against", "no-such-branch", cwd=ours)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "unknown revision 'no-such-branch'" in result.stderr and "Traceback" not in result.stderr
    # An ignored G001 needs no git at all.
    assert run("check", "--against", "no-such-branch", "--ignore", "G001", cwd=ours).exit_code == 0
    outside = tmp_path / "outside"
    shutil.copytree(ours / "plan", outside / "plan")
    shutil.copy(ours / "planctl.toml", outside / "planctl.toml")
    result = run("check", "--against", "main", cwd=outside)
    assert result.exit_code == 2 and "is not in a git repository" in result.stderr


def test_rules_lists_and_explains_g001() -> None:
    result = run_planctl("rules", "G001")
    assert result.exit_code == 0
    assert result.stdout.startswith("G001 id-collision\n")
    assert "Runs only with --against" in result.stdout
