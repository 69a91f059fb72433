"""`planctl init`: a new, valid, empty plan repository; never over an existing plan."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan


def test_init_creates_a_valid_empty_plan_with_git(tmp_path: Path) -> None:
    target = tmp_path / "ny-plan"
    result = run_planctl("init", str(target), "--name", "Min plan", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (target / ".git").is_dir()
    assert (target / "planctl.toml").read_text().count('name = "Min plan"') == 1
    for kind in ("goals", "initiatives", "owners"):
        assert (target / "plan" / kind).is_dir()
    assert ".planctl_cache/" in (target / ".gitignore").read_text()
    settings = json.loads((target / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["schema/initiative.schema.json"] == ["plan/initiatives/*.yaml"]
    assert (target / "schema/defs.schema.json").is_file()
    check = run_planctl("validate", cwd=target)
    assert check.exit_code == 0 and "All checks passed (0 files checked)." in check.stdout


def test_init_inside_an_existing_repository_does_not_nest_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert invoke("init", str(tmp_path / "sub"), cwd=tmp_path).exit_code == 0
    assert not (tmp_path / "sub" / ".git").exists()


def test_init_refuses_an_existing_plan(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    before = (root / "planctl.toml").read_bytes()
    result = invoke("init", str(root), cwd=tmp_path)
    assert result.exit_code == 2 and "refusing to overwrite" in result.stderr
    assert (root / "planctl.toml").read_bytes() == before
    (root / "planctl.toml").unlink()
    assert invoke("init", str(root), cwd=tmp_path).exit_code == 2  # plan files are there


def test_init_keeps_an_existing_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.log\n")
    assert invoke("init", str(tmp_path), "--no-git", cwd=tmp_path).exit_code == 0
    assert (tmp_path / ".gitignore").read_text().startswith("*.log\n")
    assert not (tmp_path / ".git").exists()


def test_init_rejects_an_unknown_language(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "x"), "--language", "fi", cwd=tmp_path)
    assert result.exit_code == 2 and "--language" in result.stderr


def test_init_writes_a_planctl_toml_its_schema_accepts(tmp_path: Path) -> None:
    import tomllib

    from planctl.configschema import problems

    target = tmp_path / "ny"
    name = 'Plan "citat" \\ med\x7f DEL och \u202e'
    assert invoke("init", str(target), "--name", name, "--language", "en", "--no-git", cwd=tmp_path).exit_code == 0
    text = (target / "planctl.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema ./schema/planctl-toml.schema.json\n")
    raw = tomllib.loads(text)
    assert raw["plan"] == {"name": name, "language": "en", "format": 1} and problems(raw) == []
    # The schema the #:schema line names is there, byte for byte the one planctl validates with.
    from conftest import REPO

    shipped = (REPO / "schema" / "planctl-toml.schema.json").read_bytes()
    assert (target / "schema" / "planctl-toml.schema.json").read_bytes() == shipped
    result = run_planctl("check", cwd=target)
    assert result.exit_code == 0, result.stderr


def test_init_refuses_inside_a_plan_anywhere_above(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    (root / "plan/initiatives/deep").mkdir()
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    expected = f"planctl: error: {root / 'planctl.toml'} exists: refusing to create a plan inside another plan\n"
    result = run_planctl("init", cwd=root / "plan")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
    result = invoke("init", "plan/initiatives/deep/ny", "--no-git", cwd=root)
    assert (result.exit_code, result.stderr) == (2, expected)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_init_says_which_files_to_add_to_git(tmp_path: Path) -> None:
    from gitplan import ISOLATED, git

    result = run_planctl("init", "ny plan", cwd=tmp_path, env=ISOLATED)
    assert result.exit_code == 0, result.stderr
    last = result.stdout.splitlines()[-1]
    git_c = "git -C 'ny plan'"
    step = (f"{git_c} add planctl.toml plan/ schema/ .vscode/ .github/ .gitlab-ci.yml .gitignore && "
            f"{git_c} commit -m 'chore(plan): start the plan'")
    assert last == f"New plan in {tmp_path / 'ny plan'}. Next: {step}"
    # The line adds every file init wrote: nothing is left untracked.
    git(tmp_path / "ny plan", "add", "planctl.toml", "plan/", "schema/", ".vscode/", ".github/", ".gitlab-ci.yml",
        ".gitignore")
    added = git(tmp_path / "ny plan", "status", "--porcelain", "--untracked-files=all").splitlines()
    assert len(added) == 17 and all(line.startswith("A  ") for line in added)
    # Without git (and outside a repository) the line starts with `git init`.
    (tmp_path / "other").mkdir()
    outside = invoke("init", "--no-git", cwd=tmp_path / "other")
    assert outside.exit_code == 0
    assert outside.stdout.splitlines()[-1].endswith(
        "Next: git init && git add planctl.toml plan/ schema/ .vscode/ .github/ .gitlab-ci.yml .gitignore && "
        "git commit -m 'chore(plan): start the plan'")


def test_init_writes_node24_majors_of_the_github_actions(tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path / "ny"), "--no-git", cwd=tmp_path).exit_code == 0
    workflow = (tmp_path / "ny/.github/workflows/planctl.yml").read_text(encoding="utf-8")
    uses = [line.split("uses:", 1)[1].strip() for line in workflow.splitlines() if "uses:" in line]
    assert uses == ["actions/checkout@v7", "actions/setup-python@v7", "github/codeql-action/upload-sarif@v4"]
