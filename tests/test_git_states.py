"""Odd git states met by every command that touches git: `commit`, `diff`, `log`,
`check --against` and an edit with `--commit`. Each ends in a documented exit
code and, when it fails, in one located `planctl: error:` line; nothing is lost.

(`tests/test_commit.py` covers what `planctl commit` does in the usual odd
states; this module runs the other git commands through them, and the states
it does not reach: a real conflict, shallow clones, submodules, autocrlf,
assume-unchanged, hooks that rewrite.)
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from conftest import Result, run_planctl
from gitplan import env, git, isolate, plan_git_repo, status

COMMANDS = [("diff",), ("log",), ("check", "--against", "HEAD")]
EDIT = ("set", "INI-001", "horizon=long", "--commit")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return plan_git_repo(tmp_path)


def run(root: Path, *args: str) -> Result:
    result = run_planctl(*args, cwd=root, env=env(), timeout=60)
    assert "Traceback" not in result.stderr
    assert all(line.startswith("planctl: ") for line in result.stderr.splitlines()), result.stderr
    return result


def one_error(result: Result, code: int, *parts: str) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("planctl: error: "), result.stderr
    for part in parts:
        assert part in result.stderr


def _hook(root: Path, name: str, script: str) -> None:
    hook = root / ".git/hooks" / name
    hook.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)


def test_conflict_markers_in_a_plan_file(repo: Path) -> None:
    path = "plan/initiatives/INI-001.yaml"
    git(repo, "checkout", "-q", "-b", "other")
    (repo / path).write_text((repo / path).read_text().replace("status: decided", "status: ongoing"))
    git(repo, "commit", "-q", "-am", "other")
    git(repo, "checkout", "-q", "main")
    (repo / path).write_text((repo / path).read_text().replace("status: decided", "status: completed"))
    git(repo, "commit", "-q", "-am", "main")
    git(repo, "merge", "-q", "other", check=False)
    text = (repo / path).read_text()
    line = text.splitlines().index("<<<<<<< HEAD") + 1
    check = run(repo, "check", "-f", "concise")
    assert check.exit_code == 1
    assert (f"{path}:{line}:1: Y001 [error] a git conflict marker ('<<<<<<<'): the file is mid-merge"
            in check.stdout)
    one_error(run(repo, "show", "INI-001"), 1, f"{path}:{line}:1: 'INI-001' cannot be read from its file: Y001")
    one_error(run(repo, "commit"), 2, "a merge is in progress")
    diff = run(repo, "diff")
    assert diff.exit_code == 1
    assert diff.stderr == (f"planctl: warning: {path}: cannot be read in the work tree; its entity is compared "
                           "as empty (run 'planctl check')\n")
    assert run(repo, "log").exit_code == 0
    assert (repo / path).read_text() == text  # nothing rewrote the conflicted file


def test_a_revision_too_deep_to_parse_is_diffed_without_a_crash(repo: Path) -> None:
    """30,000 nested `- - -` in a committed file killed `diff` with SIGSEGV."""
    path = repo / "plan/initiatives/INI-002.yaml"
    path.write_text("- " * 30000 + "x\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "deep")
    for args in (("diff", "HEAD~1", "HEAD"), ("diff",), ("log",), ("check", "--against", "HEAD~1")):
        result = run(repo, *args)
        assert result.exit_code in (0, 1), (args, result.exit_code, result.stderr)
    assert "plan/initiatives/INI-002.yaml: cannot be read in HEAD" in run(repo, "diff", "HEAD~1", "HEAD").stderr


def test_shallow_clone(repo: Path, tmp_path: Path) -> None:
    git(repo, "commit", "-q", "--allow-empty", "-m", "second")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    git(clone, "config", "user.name", "Curator Test")
    git(clone, "config", "user.email", "curator@example.org")
    for args in COMMANDS:
        assert run(clone, *args).exit_code == 0, args
    one_error(run(clone, "diff", "HEAD~1"), 2, "unknown revision 'HEAD~1'", "shallow", "git fetch --unshallow")
    one_error(run(clone, "check", "--against", "HEAD~1"), 2, "shallow")
    assert run(clone, *EDIT).exit_code == 0
    assert git(clone, "log", "-1", "--format=%s") == "chore(initiatives): set INI-001 horizon to long\n"


def test_repository_without_commits(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path, commit=False)
    assert "added between the empty repository and the work tree" in run(root, "diff").stdout
    assert run(root, "log").stdout == "No commits touch the plan yet.\n"
    one_error(run(root, "check", "--against", "HEAD"), 2, "unknown revision 'HEAD'")


def test_detached_head_and_a_linked_worktree(repo: Path, tmp_path: Path) -> None:
    git(repo, "commit", "-q", "--allow-empty", "-m", "second")
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    for args in COMMANDS:
        assert run(repo, *args).exit_code == 0, args
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "work", str(linked))
    for args in COMMANDS:
        assert run(linked, *args).exit_code == 0, args
    assert run(linked, *EDIT).exit_code == 0
    assert git(linked, "log", "-1", "--format=%s", "work") == "chore(initiatives): set INI-001 horizon to long\n"


def test_stale_index_lock(repo: Path) -> None:
    (repo / ".git/index.lock").write_text("", encoding="utf-8")
    for args in COMMANDS:
        assert run(repo, *args).exit_code == 0, args  # reading history needs no index lock
    one_error(run(repo, "commit"), 2, "the git index is locked", "index.lock")
    one_error(run(repo, *EDIT), 2, "the git index is locked")
    assert (repo / ".git/index.lock").exists()  # never removed behind the user's back


def test_plan_in_a_submodule(repo: Path, tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q", "-b", "main")
    git(outer, "-c", "protocol.file.allow=always", "submodule", "-q", "add", str(repo), "handlingsplan")
    git(outer, "-c", "user.name=O", "-c", "user.email=o@example.org", "commit", "-q", "-m", "add the plan")
    inner = outer / "handlingsplan"
    git(inner, "config", "user.name", "Curator Test")
    git(inner, "config", "user.email", "curator@example.org")
    for args in COMMANDS:
        assert run(inner, *args).exit_code == 0, args
    assert run(inner, *EDIT).exit_code == 0
    assert git(inner, "log", "-1", "--format=%s") == "chore(initiatives): set INI-001 horizon to long\n"
    assert git(outer, "log", "--format=%s") == "add the plan\n"  # the outer repository is not committed to


def test_autocrlf_and_crlf_files(repo: Path) -> None:
    git(repo, "config", "core.autocrlf", "true")
    path = repo / "plan/initiatives/INI-002.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run(repo, "check").exit_code == 0
    assert run(repo, "diff").stdout == "No changes to the plan between HEAD and the work tree.\n"
    assert run(repo, "set", "INI-002", "horizon=long", "--commit").exit_code == 0
    blob = git(repo, "show", "HEAD:plan/initiatives/INI-002.yaml")
    assert "horizon: long" in blob and "\r" not in blob


def test_assume_unchanged_is_still_committed(repo: Path) -> None:
    path = "plan/initiatives/INI-001.yaml"
    git(repo, "update-index", "--assume-unchanged", path)
    (repo / path).write_text((repo / path).read_text().replace("status: decided", "status: ongoing"))
    assert "INI-001" in run(repo, "diff").stdout
    assert run(repo, "commit").exit_code == 0
    assert "status: ongoing" in git(repo, "show", f"HEAD:{path}")


def test_hooks_that_rewrite(repo: Path) -> None:
    _hook(repo, "commit-msg", 'echo "rewritten by a hook" > "$1"\n')
    _hook(repo, "pre-commit", "echo '# added by a hook' >> plan/initiatives/INI-002.yaml\n")
    result = run(repo, *EDIT)
    assert result.exit_code == 0, result.stderr
    assert "horizon: long" in git(repo, "show", "HEAD:plan/initiatives/INI-001.yaml")
    assert git(repo, "log", "-1", "--format=%s") == "rewritten by a hook\n"
    # what the pre-commit hook wrote to the work tree is kept there, not lost
    assert (repo / "plan/initiatives/INI-002.yaml").read_text().endswith("# added by a hook\n")
    assert status(repo) == " M plan/initiatives/INI-002.yaml\n"


def test_a_rejecting_hook_during_an_edit_with_commit(repo: Path) -> None:
    _hook(repo, "pre-commit", "echo 'policy says no' >&2\nexit 1\n")
    result = run_planctl(*EDIT, cwd=repo, env=env())
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("planctl: error: git refused the commit")
    assert "horizon: long" not in git(repo, "show", "HEAD:plan/initiatives/INI-001.yaml")


def test_no_identity_for_an_edit_with_commit(repo: Path) -> None:
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    before = (repo / "plan/initiatives/INI-001.yaml").read_bytes()
    one_error(run(repo, *EDIT), 2, "git does not know who you are")
    assert (repo / "plan/initiatives/INI-001.yaml").read_bytes() == before


def _pre_commit_would_run(root: Path, hook: dict[str, object]) -> bool:
    """pre-commit's own choice (pre_commit/git.py and classifier): staged files are those of
    `git diff --staged --name-only --diff-filter=ACMRTUXB` ("everything except for D") that
    still exist and match `files` and not `exclude`; a hook with none runs only if always_run."""
    import os
    import re

    staged = git(root, "diff", "--staged", "--name-only", "--diff-filter=ACMRTUXB").splitlines()
    include = re.compile(str(hook.get("files", "")))
    exclude = re.compile(str(hook.get("exclude", "^$")))
    matching = [f for f in staged if include.search(f) and not exclude.search(f) and os.path.lexists(root / f)]
    return bool(hook.get("always_run")) or bool(matching)


def test_pre_commit_hook_runs_on_a_commit_that_only_deletes(repo: Path) -> None:
    """Deleting an owner that initiatives still name stages no file pre-commit passes on:
    a hook chosen by `files:` alone was skipped and the dangling reference committed."""
    from conftest import REPO
    from planctl import rtyaml

    hooks = rtyaml.load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    check = next(h for h in hooks if h["id"] == "planctl-check")
    git(repo, "rm", "-q", "plan/owners/skr.yaml")
    assert not _pre_commit_would_run(repo, {"files": r"^(plan/.*\.ya?ml|planctl\.toml)$"})  # the old hook
    assert _pre_commit_would_run(repo, dict(check)) and check["pass_filenames"] is False
    entry = str(check["entry"]).split()
    assert entry[0] == "planctl"
    result = run_planctl(*entry[1:], cwd=repo, env=env())
    assert result.exit_code == 1  # the commit is stopped
    assert "X001" in result.stdout and "'skr'" in result.stdout


def test_a_revision_with_a_file_over_the_size_limit_is_not_read(repo: Path) -> None:
    path = repo / "plan/initiatives/INI-002.yaml"
    path.write_text("id: INI-002\ntitle: " + "x" * (3 * 1024 * 1024) + "\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "huge")
    result = run(repo, "diff", "HEAD~1", "HEAD")
    assert result.exit_code == 1
    assert result.stderr == ("planctl: warning: plan/initiatives/INI-002.yaml: cannot be read in HEAD; its entity "
                             "is compared as empty (run 'planctl check')\n")
