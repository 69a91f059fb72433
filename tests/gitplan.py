"""Helpers for tests on real temporary git repositories (not a test module).

Every git command here runs with the developer's global and system git
configuration switched off, so a test sees only what it sets per repository.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import SMALL_PLAN, write_plan


def _empty_config() -> str:
    """An empty file for GIT_CONFIG_GLOBAL (not /dev/null: a test elsewhere once replaced it by a file)."""
    fd, path = tempfile.mkstemp(prefix="planctl-test-gitconfig.")
    os.close(fd)
    atexit.register(lambda: os.path.exists(path) and os.unlink(path))
    return path


ISOLATED = {"GIT_CONFIG_GLOBAL": _empty_config(), "GIT_CONFIG_NOSYSTEM": "1"}
IDENTITY_VARS = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL")


def isolate(monkeypatch: pytest.MonkeyPatch) -> None:
    """For in-process runs (GitPython inherits os.environ): no global config, no identity from the env."""
    for name, value in ISOLATED.items():
        monkeypatch.setenv(name, value)
    for name in IDENTITY_VARS:
        monkeypatch.delenv(name, raising=False)


def git(root: Path, *args: str, check: bool = True, extra_env: dict[str, str] | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in IDENTITY_VARS}
    env.update(ISOLATED)
    env.update(extra_env or {})
    proc = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def init_repo(root: Path, *, identity: bool = True) -> Path:
    git(root, "init", "-q", "-b", "main")
    if identity:
        git(root, "config", "user.name", "Curator Test")
        git(root, "config", "user.email", "curator@example.org")
    git(root, "config", "commit.gpgsign", "false")
    return root


def plan_git_repo(tmp_path: Path, files: dict[str, str] | None = None, *, commit: bool = True) -> Path:
    """SMALL_PLAN (or `files`) in a new git repository, committed once unless `commit=False`."""
    root = write_plan(tmp_path / "repo", SMALL_PLAN if files is None else files)
    init_repo(root)
    if commit:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "initial plan")
    return root


def status(root: Path) -> str:
    """`git status --porcelain` (untracked files included): what a user sees of their work."""
    return git(root, "status", "--porcelain=v1", "--untracked-files=all")


def env() -> dict[str, str]:
    """Environment for run_planctl: isolated config, identity only from the repository."""
    return dict(ISOLATED)
