"""The pre-commit hook as pre-commit itself runs it: a commit that only deletes plan files.

pre-commit hands a hook only the staged files that still exist, so a hook chosen by
`files:` alone is skipped when a commit only deletes an owner that initiatives still name,
and the dangling reference is committed. The check hook in `.pre-commit-hooks.yaml` has
`always_run: true`. Here the real pre-commit runs the hook's own selection fields (id,
entry, files, always_run, pass_filenames) from that manifest as a `repo: local` hook with
`language: system`, so it needs no hook environment and no network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from gitplan import ISOLATED, git, plan_git_repo

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
SELECTION = ("id", "name", "entry", "files", "exclude", "always_run", "pass_filenames", "require_serial")


def _manifest_hook(hook_id: str) -> dict[str, object]:
    from planctl import rtyaml

    hooks = rtyaml.load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return dict(next(h for h in hooks if h["id"] == hook_id))


def _pre_commit(root: Path, hook: dict[str, object]) -> subprocess.CompletedProcess[str]:
    local = {k: hook[k] for k in SELECTION if k in hook}
    config = {"repos": [{"repo": "local", "hooks": [{**local, "language": "system"}]}]}
    (root / ".pre-commit-config.yaml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    git(root, "add", ".pre-commit-config.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(ISOLATED)
    env.update({"PRE_COMMIT_HOME": str(root.parent / "pre-commit-home"), "PATH": f"{PRE_COMMIT.parent}{os.pathsep}"
                f"{env.get('PATH', '')}", "NO_COLOR": "1"})
    return subprocess.run([str(PRE_COMMIT), "run", "--color", "never"], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_commit_that_only_deletes_a_referred_owner_is_stopped(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    git(root, "rm", "-q", "plan/owners/skr.yaml")  # INI-002 still names skr
    check = _manifest_hook("planctl-check")
    assert check["always_run"] is True and check["pass_filenames"] is False
    result = _pre_commit(root, check)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "planctl check" in result.stdout and "Failed" in result.stdout
    assert "X001" in result.stdout and "'skr'" in result.stdout

    # The control: the same hook chosen by `files:` alone is what pre-commit skips.
    by_files = {**check, "files": r"^(plan/.*\.ya?ml|planctl\.toml)$"}
    del by_files["always_run"]
    skipped = _pre_commit(root, by_files)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "(no files to check)Skipped" in skipped.stdout.replace(".", "")
