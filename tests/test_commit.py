"""`planctl commit` on real temporary git repositories: every state of the issue."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from gitplan import env, git, init_repo, isolate, plan_git_repo, status

ADD = ("add", "initiative", "--title", "Stöd vid upphandling av digitala lärresurser", "--goal", "FO2.1",
       "--owner", "skr", "--status", "proposed")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return plan_git_repo(tmp_path)


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def test_commits_only_plan_files_and_leaves_other_work_as_it_was(repo: Path) -> None:
    (repo / "notes.txt").write_text("staged\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    (repo / "README.md").write_text("untracked\n", encoding="utf-8")
    (repo / "tracked.txt").write_text("v1\n", encoding="utf-8")
    git(repo, "add", "tracked.txt")
    git(repo, "commit", "-q", "-m", "tracked", "--", "tracked.txt")
    (repo / "tracked.txt").write_text("v2\n", encoding="utf-8")
    assert invoke(*ADD, cwd=repo).exit_code == 0
    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    before = status(repo)
    assert before == ("A  notes.txt\n M plan/initiatives/INI-001.yaml\n M tracked.txt\n?? README.md\n"
                      "?? plan/.gitattributes\n?? plan/.planctl-ids\n?? plan/initiatives/INI-003.yaml\n")
    result = invoke("commit", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"[{head(repo)[:7]}] chore(initiatives): update 2 initiatives\n")
    assert git(repo, "show", "--name-status", "--format=", "HEAD") == (
        "A\tplan/.gitattributes\nA\tplan/.planctl-ids\nM\tplan/initiatives/INI-001.yaml\n"
        "A\tplan/initiatives/INI-003.yaml\n")
    assert status(repo) == "A  notes.txt\n M tracked.txt\n?? README.md\n"
    assert git(repo, "diff", "--cached", "--name-only") == "notes.txt\n"


def test_message_header_body_and_trailers(repo: Path) -> None:
    assert invoke(*ADD, cwd=repo).exit_code == 0
    assert invoke("commit", cwd=repo).exit_code == 0
    message = git(repo, "log", "-1", "--format=%B")
    from planctl import __version__

    assert message == (
        'feat(initiatives): add INI-003 "Stöd vid upphandling av digitala lärresurser"\n\n'
        "Added:\n"
        '- INI-003 "Stöd vid upphandling av digitala lärresurser"\n\n'
        "Plan-Added: INI-003\n"
        f"Planctl-Version: {__version__}\n\n")


def test_trailers_parse_with_git_interpret_trailers(repo: Path) -> None:
    assert invoke("set", "INI-001", "status=completed", "goals+=FO2.1", cwd=repo).exit_code == 0
    assert invoke("rm", "INI-002", cwd=repo).exit_code == 0
    assert invoke("commit", cwd=repo).exit_code == 0
    message = git(repo, "log", "-1", "--format=%B")
    import subprocess

    parsed = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, capture_output=True,
                            text=True, check=True, env={**os.environ, **env()}).stdout
    from planctl import __version__

    assert parsed == f"Plan-Changed: INI-001\nPlan-Removed: INI-002\nPlanctl-Version: {__version__}\n"
    assert "Changed:\n- INI-001 goals: +FO2.1\n- INI-001 status: decided → completed\n" in message


def test_user_message_replaces_the_header_only(repo: Path) -> None:
    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    assert invoke("commit", "-m", "chore: beslut från mötet 2020-05-12", cwd=repo).exit_code == 0
    message = git(repo, "log", "-1", "--format=%B")
    assert message.startswith(
        "chore: beslut från mötet 2020-05-12\n\nChanged:\n- INI-001 status: decided → completed\n"
    )
    assert "Plan-Changed: INI-001\n" in message


def test_dry_run_prints_the_message_and_commits_nothing(repo: Path) -> None:
    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    before = head(repo)
    result = invoke("commit", "--dry-run", cwd=repo)
    assert result.exit_code == 0
    assert result.stdout.startswith("chore(initiatives): set INI-001 status to completed\n\n")
    assert head(repo) == before
    assert status(repo) == " M plan/initiatives/INI-001.yaml\n"


def test_refuses_while_the_plan_has_errors_unless_no_verify(repo: Path) -> None:
    path = repo / "plan/initiatives/INI-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: decided", "status: klar"), encoding="utf-8")
    before = head(repo)
    result = invoke("commit", cwd=repo)
    assert result.exit_code == 1
    assert "S002" in result.stdout and "not committed: the plan has errors" in result.stderr
    assert head(repo) == before
    assert invoke("commit", "--no-verify", cwd=repo).exit_code == 0
    assert head(repo) != before


def test_nothing_to_commit(repo: Path) -> None:
    result = invoke("commit", cwd=repo)
    assert (result.exit_code, result.stderr) == (
        0,
        "planctl: nothing to commit: the plan is the same as in HEAD\n",
    )


def test_not_a_git_repository(plan_repo: Path) -> None:
    result = invoke("commit", cwd=plan_repo)
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr


def test_no_identity(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    git(root, "config", "--unset", "user.name")
    git(root, "config", "--unset", "user.email")
    assert invoke("set", "INI-001", "status=completed", cwd=root).exit_code == 0
    result = run_planctl("commit", cwd=root, env=env())
    assert result.exit_code == 2
    assert "git does not know who you are (user.name and user.email not set)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("marker, what", [("MERGE_HEAD", "a merge"), ("rebase-merge", "a rebase"),
                                          ("rebase-apply", "a rebase"), ("CHERRY_PICK_HEAD", "a cherry-pick")])
def test_merge_or_rebase_in_progress(repo: Path, marker: str, what: str) -> None:
    target = repo / ".git" / marker
    if marker.startswith("rebase"):
        target.mkdir()
    else:
        target.write_text(head(repo) + "\n", encoding="utf-8")
    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    result = invoke("commit", cwd=repo)
    assert result.exit_code == 2
    assert f"{what}" in result.stderr and "is in progress" in result.stderr


def test_index_locked(repo: Path) -> None:
    (repo / ".git/index.lock").write_text("", encoding="utf-8")
    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    result = invoke("commit", cwd=repo)
    assert result.exit_code == 2
    assert "the git index is locked" in result.stderr
    assert (repo / ".git/index.lock").exists()


def test_an_index_lock_held_for_a_moment_is_waited_for(repo: Path) -> None:
    """Another planctl's commit updates the index under index.lock for a moment (the cause of a
    rare failure of the twelve-commits test): a commit started then waits instead of refusing."""
    import threading

    lock = repo / ".git/index.lock"
    lock.write_text("", encoding="utf-8")
    threading.Timer(0.5, lock.unlink).start()
    result = invoke("set", "INI-001", "status=completed", "--commit", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert "Plan-Changed: INI-001" in git(repo, "log", "-1", "--format=%B")


def test_repository_without_commits(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path, commit=False)
    (root / "other.txt").write_text("x\n", encoding="utf-8")
    git(root, "add", "other.txt")
    result = invoke("commit", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert git(root, "log", "--format=%s") == "feat(plan): add 5 goals, 3 owners and 2 initiatives\n"
    assert "other.txt" not in git(root, "show", "--name-only", "--format=", "HEAD")
    assert status(root) == "A  other.txt\n"


def _hook(root: Path, name: str, script: str) -> None:
    hook = root / ".git/hooks" / name
    hook.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def test_a_rejecting_hook_leaves_index_and_work_tree_as_they_were(repo: Path) -> None:
    _hook(repo, "pre-commit", "echo 'pre-commit: not today' >&2\nexit 1\n")
    (repo / "notes.txt").write_text("staged\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    git(repo, "add", "plan/initiatives/INI-001.yaml")
    (repo / "plan/initiatives/INI-001.yaml").write_text(
        (repo / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8").replace("completed", "ongoing"),
        encoding="utf-8")
    before_status, before_head = status(repo), head(repo)
    before_index = (repo / ".git/index").read_bytes()
    result = run_planctl("commit", cwd=repo, env=env())
    assert result.exit_code == 2
    assert "pre-commit: not today" in result.stderr
    assert "the index and the work tree are as they were" in result.stderr
    assert (status(repo), head(repo)) == (before_status, before_head) == (
        "A  notes.txt\nMM plan/initiatives/INI-001.yaml\n", before_head)
    assert (repo / ".git/index").read_bytes() == before_index
    assert not [p for p in (repo / ".git").iterdir() if p.name.startswith("planctl-")]


def test_hooks_run_and_see_only_the_plan(repo: Path) -> None:
    _hook(repo, "pre-commit", "git diff --cached --name-only > \"$(git rev-parse --git-dir)/seen\"\n")
    (repo / "notes.txt").write_text("staged\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    assert run_planctl("commit", cwd=repo, env=env()).exit_code == 0
    assert (repo / ".git/seen").read_text(encoding="utf-8") == "plan/initiatives/INI-001.yaml\n"


def test_detached_head(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach")
    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    before = head(repo)
    assert invoke("commit", cwd=repo).exit_code == 0
    assert git(repo, "rev-parse", "HEAD~1").strip() == before
    assert git(repo, "rev-parse", "main").strip() == before


def test_worktree(repo: Path, tmp_path: Path) -> None:
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "work", str(linked))
    (repo / "main-side.txt").write_text("x\n", encoding="utf-8")
    git(repo, "add", "main-side.txt")
    assert invoke("set", "INI-001", "status=completed", cwd=linked).exit_code == 0
    result = invoke("commit", cwd=linked)
    assert result.exit_code == 0, result.stderr
    assert git(linked, "log", "-1", "--format=%s", "work") == "chore(initiatives): set INI-001 status to completed\n"
    assert status(linked) == ""
    assert status(repo) == "A  main-side.txt\n"


def test_worktree_merge_in_progress_is_seen(repo: Path, tmp_path: Path) -> None:
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "work", str(linked))
    gitdir = Path(git(linked, "rev-parse", "--git-dir").strip())
    (gitdir if gitdir.is_absolute() else linked / gitdir).joinpath("MERGE_HEAD").write_text(head(repo) + "\n")
    assert invoke("set", "INI-001", "status=completed", cwd=linked).exit_code == 0
    assert "a merge is in progress" in invoke("commit", cwd=linked).stderr


def test_bare_repository_is_refused(tmp_path: Path) -> None:
    from conftest import SMALL_PLAN, write_plan

    root = write_plan(tmp_path / "bare.git", SMALL_PLAN)
    git(root, "init", "-q", "--bare")
    result = invoke("commit", cwd=root)
    assert result.exit_code == 2
    assert "is a bare repository" in result.stderr


def test_plan_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    from conftest import SMALL_PLAN, write_plan

    top = tmp_path / "top"
    top.mkdir()
    init_repo(top)
    plan = write_plan(top / "planen", SMALL_PLAN)
    (top / "code.py").write_text("x = 1\n", encoding="utf-8")
    result = invoke("commit", cwd=plan)
    assert result.exit_code == 0, result.stderr
    files = git(top, "show", "--name-only", "--format=", "HEAD").split()
    assert "code.py" not in files and "planen/plan/initiatives/INI-001.yaml" in files
    assert invoke("set", "INI-001", "status=completed", "--commit", cwd=plan).exit_code == 0
    assert git(top, "log", "-1", "--format=%(trailers:key=Plan-Changed,valueonly)") == "INI-001\n\n"


def test_edit_with_commit_commits_exactly_that_edit(repo: Path) -> None:
    assert invoke("set", "INI-002", "horizon=long", cwd=repo).exit_code == 0  # not part of the next commit
    result = invoke(*ADD, "--commit", "-m", "feat: insats från regionmötet", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].endswith("feat: insats från regionmötet")
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == \
        "plan/.gitattributes\nplan/.planctl-ids\nplan/initiatives/INI-003.yaml\n"
    assert status(repo) == " M plan/initiatives/INI-002.yaml\n"


def test_message_without_commit_is_a_usage_error(repo: Path) -> None:
    result = invoke("set", "INI-001", "status=completed", "-m", "x", cwd=repo)
    assert result.exit_code == 2 and "-m/--message needs --commit" in result.stderr


def test_edit_with_commit_outside_git_writes_nothing(plan_repo: Path) -> None:
    before = (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes()
    result = invoke("set", "INI-001", "status=completed", "--commit", cwd=plan_repo)
    assert result.exit_code == 2 and "is not in a git repository" in result.stderr
    assert (plan_repo / "plan/initiatives/INI-001.yaml").read_bytes() == before


def _initiative(number: int) -> str:
    return (f"id: INI-{number:03d}\ntitle: Insats nummer {number} för digital kompetens\n"
            "goals:\n  - FO1.1\nowner: skr\nstatus: proposed\n")


def test_twelve_concurrent_edits_with_commit_all_land_each_with_its_own_change(tmp_path: Path) -> None:
    """Each `set --commit` builds its commit from the HEAD of its turn: none reverts another."""
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from conftest import SMALL_PLAN

    numbers = range(11, 23)
    files = {**SMALL_PLAN, **{f"plan/initiatives/INI-{n:03d}.yaml": _initiative(n) for n in numbers}}
    root = plan_git_repo(tmp_path, files)
    start = head(root)
    command = [str(Path(sys.executable).with_name("planctl")), "set"]
    with ThreadPoolExecutor(max_workers=12) as pool:
        runs = list(pool.map(lambda n: subprocess.run(
            [*command, f"INI-{n:03d}", "horizon=long", "--commit"], cwd=root, env={**os.environ, **env()},
            capture_output=True, text=True, timeout=120), numbers))
    assert [r.returncode for r in runs] == [0] * 12, [r.stderr for r in runs]
    shas = git(root, "rev-list", f"{start}..HEAD").split()
    assert len(shas) == 12 and git(root, "rev-list", "--count", "HEAD").strip() == str(1 + 12)
    printed = sorted(r.stdout.splitlines()[-1][1:8] for r in runs)
    assert printed == sorted(sha[:7] for sha in shas)
    seen = []
    for sha in shas:
        changed = git(root, "diff-tree", "--no-commit-id", "-r", "--name-only", sha).split()
        assert len(changed) == 1, (sha, changed)
        ident = Path(changed[0]).stem
        patch = git(root, "show", "--format=", "-U0", sha, "--", changed[0])
        assert [line for line in patch.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] \
            == ["+horizon: long"], patch
        assert git(root, "log", "-1", "--format=%(trailers:key=Plan-Changed,valueonly)", sha).strip() == ident
        seen.append(ident)
    assert sorted(seen) == [f"INI-{n:03d}" for n in numbers]
    for n in numbers:  # HEAD holds all twelve changes
        assert "horizon: long" in git(root, "show", f"HEAD:plan/initiatives/INI-{n:03d}.yaml")
    assert status(root) == ""


def test_a_commit_is_rebuilt_when_the_branch_moves_under_it(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another git commits between our read of HEAD and our update: the CAS fails, we rebuild on it."""
    from planctl.git import commit as commit_mod

    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    real = commit_mod._commit_tree
    moved: list[str] = []

    def meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(*args, **kwargs)
        if not moved:  # someone else's commit lands now, once
            (repo / "other.txt").write_text("x\n", encoding="utf-8")
            git(repo, "add", "other.txt")
            git(repo, "commit", "-q", "-m", "chore: other work")
            moved.append(head(repo))
        return result

    monkeypatch.setattr(commit_mod, "_commit_tree", meanwhile)
    result = invoke("commit", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert git(repo, "rev-parse", "HEAD~1").strip() == moved[0]
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["plan/initiatives/INI-001.yaml"]
    assert "other.txt" in git(repo, "ls-tree", "--name-only", "HEAD").split()


def test_a_commit_msg_hook_can_reject_or_rewrite(repo: Path) -> None:
    _hook(repo, "commit-msg", "printf 'Signed-off-by: Hook <h@example.org>\\n' >> \"$1\"\n")
    assert invoke("set", "INI-001", "status=completed", "--commit", cwd=repo).exit_code == 0
    assert git(repo, "log", "-1", "--format=%(trailers:key=Signed-off-by,valueonly)").strip() == "Hook <h@example.org>"
    _hook(repo, "commit-msg", "echo 'commit-msg: no' >&2\nexit 1\n")
    before = head(repo)
    result = run_planctl("set", "INI-002", "horizon=long", "--commit", cwd=repo, env=env())
    assert result.exit_code == 2 and "commit-msg: no" in result.stderr
    assert head(repo) == before


def test_hooks_run_without_git_hook_on_an_older_git(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git before 2.36 has no `git hook run`: the hook file is run as git would run it."""
    from planctl.git.repo import PlanRepo

    real = PlanRepo.git

    def old_git(self: PlanRepo, *args: str, **kwargs: object) -> tuple[int, str, str]:
        if args[:2] == ("hook", "run"):
            return 1, "", "git: 'hook' is not a git command. See 'git --help'."
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PlanRepo, "git", old_git)
    _hook(repo, "pre-commit", "echo 'pre-commit: nej' >&2\nexit 1\n")
    assert invoke("set", "INI-001", "status=completed", cwd=repo).exit_code == 0
    before = head(repo)
    result = invoke("commit", cwd=repo)
    assert result.exit_code == 2 and "pre-commit: nej" in result.stderr
    assert head(repo) == before
    (repo / ".git/hooks/pre-commit").unlink()
    assert invoke("commit", cwd=repo).exit_code == 0 and head(repo) != before


def test_the_header_printed_is_the_one_committed_after_a_hook_and_gits_cleanup(repo: Path) -> None:
    """A commit-msg hook that leaves blank lines first: git would tidy them; so does planctl, and it
    prints the header that was committed, not its own."""
    _hook(repo, "commit-msg", "printf '\\n\\n   \\nfix: omskriven av kroken  \\n\\n\\n\\nkropp\\n\\n' > \"$1\"\n")
    result = run_planctl("set", "INI-001", "status=completed", "--commit", cwd=repo, env=env())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"[{head(repo)[:7]}] fix: omskriven av kroken"
    assert git(repo, "log", "-1", "--format=%B") == "fix: omskriven av kroken\n\nkropp\n\n"


def test_a_hook_that_empties_the_message_commits_nothing(repo: Path) -> None:
    git(repo, "config", "commit.cleanup", "strip")  # comments are then no message, as for git commit
    _hook(repo, "commit-msg", "printf '# bara en kommentar\\n' > \"$1\"\n")
    before = head(repo)
    result = run_planctl("set", "INI-001", "horizon=long", "--commit", cwd=repo, env=env())
    assert result.exit_code == 2
    assert result.stderr == "planctl: error: a hook left the commit message empty; nothing was committed\n"
    assert head(repo) == before


@pytest.mark.parametrize("target", ["plan/.planctl-ids", "plan/initiatives/INI-009.yaml", "schema/x.json"])
def test_a_symbolic_link_out_of_the_repository_is_never_committed(repo: Path, tmp_path: Path, target: str) -> None:
    """git stores a link as it is: committed, it would reach every clone pointing out of it."""
    outside = tmp_path / "outside.txt"
    outside.write_text("x\n", encoding="utf-8")
    path = repo / target
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    os.symlink(outside, path)
    before = head(repo)
    for args in (("commit",), ("commit", "--no-verify"), ("commit", "--dry-run", "--no-verify")):
        result = run_planctl(*args, cwd=repo, env=env())
        if args == ("commit",) and target.endswith(".yaml"):
            assert result.exit_code == 1  # the plan itself refuses the link first (F004)
            continue
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert result.stderr == (f"planctl: error: {target}: a symbolic link to '{outside}', outside the "
                                 "repository; planctl does not commit it (remove it, or replace it by the file "
                                 "itself); nothing was committed\n")
    assert head(repo) == before and outside.read_text(encoding="utf-8") == "x\n"


def test_a_symbolic_link_inside_the_repository_is_committed_as_git_would(repo: Path) -> None:
    (repo / "extra.yaml").write_text("x: 1\n", encoding="utf-8")
    os.symlink("../../extra.yaml", repo / "plan/initiatives/notes.txt")
    result = run_planctl("commit", "--no-verify", cwd=repo, env=env())
    assert result.exit_code == 0, result.stderr
    assert git(repo, "ls-tree", "HEAD", "plan/initiatives/notes.txt").startswith("120000 ")


def test_the_index_lock_of_another_planctls_commit_is_waited_for(repo: Path) -> None:
    """While one planctl's commit updates the real index (under the commit lock), another's
    `set --commit` does not take that index.lock for a crashed git: it waits its turn."""
    import subprocess
    import sys
    import time

    from planctl.edit.lock import EditLock

    holder = EditLock(repo / ".git/planctl-commit.lock")
    assert holder.acquire(wait=False)
    (repo / ".git/index.lock").write_text("", encoding="utf-8")
    try:
        proc = subprocess.Popen([str(Path(sys.executable).with_name("planctl")), "set", "INI-001", "horizon=long",
                                 "--commit"], cwd=repo, env={**os.environ, **env()}, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while "horizon: long" not in (repo / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8"):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        (repo / ".git/index.lock").unlink()  # the other commit's index update is done
    finally:
        holder.release()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.splitlines()[-1] == f"[{head(repo)[:7]}] chore(initiatives): set INI-001 horizon to long"
