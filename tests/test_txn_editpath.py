"""One edit path: `import` and `lint --fix` go through the same session as `set` (lock, guard,
one transaction, --dry-run, --commit, -m), and refuse as `set` does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan
from gitplan import env, git, isolate, plan_git_repo

FILE = "plan/initiatives/INI-001.yaml"
FIXABLE = {**SMALL_PLAN, FILE: SMALL_PLAN[FILE].rstrip(" ") + "        tags:\n          - ' spår'\n"}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "plan").rglob("*")) if p.is_file()}


def _sheet(root: Path) -> Path:
    assert invoke("export", "csv", "-o", "s.csv", cwd=root).exit_code == 0
    sheet = root / "s.csv"
    text = sheet.read_text(encoding="utf-8-sig")
    old = "INI-002;Stöd för digital kompetens;Pågående"
    assert old in text
    sheet.write_text(text.replace(old, "INI-002;Stöd för digital kompetens;Genomförd"), encoding="utf-8-sig",
                     newline="")
    return sheet


def test_import_commit_outside_git_refuses_before_writing(plan_repo: Path) -> None:
    _sheet(plan_repo)
    before = _snapshot(plan_repo)
    result = run_planctl("import", "csv", "s.csv", "--commit", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr.endswith("is not in a git repository (run 'git init' first)\n")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert _snapshot(plan_repo) == before


def test_import_takes_a_message_for_its_commit(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    _sheet(root)
    result = run_planctl("import", "csv", "s.csv", "--commit", "-m", "chore: från regionmötet", cwd=root, env=env())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith("] chore: från regionmötet")
    assert git(root, "log", "-1", "--format=%s") == "chore: från regionmötet\n"
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["plan/initiatives/INI-002.yaml"]


def test_import_message_needs_commit(plan_repo: Path) -> None:
    _sheet(plan_repo)
    result = invoke("import", "csv", "s.csv", "-m", "x", cwd=plan_repo)
    assert result.exit_code == 2 and "-m/--message needs --commit" in result.stderr


def test_lint_fix_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", FIXABLE)
    before = _snapshot(root)
    result = invoke("lint", "--fix", "--dry-run", cwd=root)
    assert result.stdout.splitlines()[:2] == [f"would fix {FILE}: L002 stripped whitespace in tags.0",
                                              "nothing written (--dry-run)"]
    assert _snapshot(root) == before


def test_lint_fix_commits_the_files_it_fixed(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path, FIXABLE)
    (root / "notes.txt").write_text("x\n", encoding="utf-8")
    result = run_planctl("lint", "--fix", "--commit", "-m", "style: städa etiketter", cwd=root, env=env())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"fixed {FILE}: L002 stripped whitespace in tags.0"
    assert result.stdout.splitlines()[1].endswith("] style: städa etiketter")
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [FILE]
    assert "  - 'spår'\n" in git(root, "show", f"HEAD:{FILE}")


def test_lint_commit_without_fix_is_a_usage_error(plan_repo: Path) -> None:
    result = invoke("lint", "--commit", cwd=plan_repo)
    assert result.exit_code == 2 and "--commit, -m and --dry-run go with --fix" in result.stderr


def test_a_fix_that_would_break_the_plan_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard judges a fix like any edit: one that would add an error is refused whole."""
    from planctl.checks import registry

    root = write_plan(tmp_path / "repo", FIXABLE)
    before = _snapshot(root)
    rules = registry.rules()
    real = rules["L002"].fix
    assert real is not None

    def breaking(data: Any, kind: str, paths: list[Any]) -> list[str]:
        done = real(data, kind, paths)
        data["status"] = "halvklar"  # not a status: the schema refuses it
        return done

    import dataclasses

    monkeypatch.setitem(rules, "L002", dataclasses.replace(rules["L002"], fix=breaking))
    result = invoke("lint", "--fix", cwd=root)
    assert result.exit_code == 1
    assert "nothing written: the edit would add 1 error to the plan" in result.stderr
    assert "halvklar" in result.stdout + result.stderr
    assert _snapshot(root) == before
