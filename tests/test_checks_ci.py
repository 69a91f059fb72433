"""The CI files `planctl init` writes, and the pre-commit hooks this repository offers."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_planctl
from planctl import rtyaml


def test_init_writes_github_and_gitlab_ci(tmp_path: Path) -> None:
    target = tmp_path / "ny"
    result = run_planctl("init", str(target), "--no-git", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "created .github/workflows/planctl.yml" in result.stdout and "created .gitlab-ci.yml" in result.stdout
    workflow = rtyaml.load((target / ".github/workflows/planctl.yml").read_text(encoding="utf-8"))
    assert set(workflow["on"]) == {"push", "pull_request"}
    steps = workflow["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "planctl check" in runs
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert workflow["jobs"]["check"]["permissions"]["security-events"] == "write"
    gitlab = rtyaml.load((target / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = gitlab["planctl"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert any("--format gitlab" in line for line in job["script"])
    assert any("merge_request_event" in rule["if"] for rule in job["rules"])
    assert run_planctl("check", cwd=target).exit_code == 0


def test_init_keeps_an_existing_workflow(tmp_path: Path) -> None:
    target = tmp_path / "ny"
    (target / ".github/workflows").mkdir(parents=True)
    (target / ".github/workflows/planctl.yml").write_text("# min egen\n", encoding="utf-8")
    assert run_planctl("init", str(target), "--no-git", cwd=tmp_path).exit_code == 0
    assert (target / ".github/workflows/planctl.yml").read_text(encoding="utf-8") == "# min egen\n"


def test_pre_commit_hook_runs_check() -> None:
    hooks = rtyaml.load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    check = next(h for h in hooks if h["id"] == "planctl-check")
    assert check["entry"].startswith("planctl check") and check["pass_filenames"] is False
