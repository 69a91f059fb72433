"""The plan's last verdict (`planctl.verdict`) answers `commit`'s check only when it holds:
compared with a full, uncached check after random checks, edits and changes made behind
planctl's back (files rewritten, added, removed) on random small plans."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan
from gitplan import git, isolate, plan_git_repo
from planctl import verdict
from planctl.checks import run_checks
from planctl.config import load_config
from planctl.diagnostics import Diagnostic, Severity
from planctl.edit.ops import Change, Edit
from planctl.edit.session import run_edit
from planctl.git.commit import plan_errors
from planctl.loader import load_plan
from test_checks_focus import FUZZ, _shown, edits, plans


def _full(root: Path) -> list[tuple[Any, ...]]:
    """The plan's errors as an uncached full check finds them."""
    cfg = load_config(root)
    found = run_checks(load_plan(cfg), cfg)
    return _shown(sorted((d for d in found if d.severity >= Severity.ERROR), key=Diagnostic.sort_key))


def _apply(root: Path, change: dict[str, tuple[str | None, str | None]], *, planctl: bool) -> None:
    """`change` through an edit (the guard may refuse it), or written behind planctl's back."""
    if not planctl:
        for rel, (_kind, text) in change.items():
            path = root / rel
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
        return
    changes = []
    for rel, (kind, text) in change.items():
        path = root / rel
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if text is None and old is None:
            continue
        changes.append(Change(rel, kind, text, old_text=old))
    run_edit(load_config(root), lambda _plan: Edit("random edit", changes=changes))


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)).replace(os.sep, "/"): p.read_text(encoding="utf-8")
            for p in (root / "plan").rglob("*.yaml")}


def _steps(data: st.DataObject, files: dict[str, str]) -> list[tuple[str, bool]]:
    """Checked once, then changed: by edits (the guard may refuse them) and behind planctl's
    back, each followed by a commit's check, and a check now and then."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_plan(Path(tmp) / "repo", files)
        cfg = load_config(root)
        invoke("check", "-q", cwd=root)
        assert verdict.errors(cfg, dt.date.today()) is not None  # a check keeps its verdict
        kept = []
        for _ in range(data.draw(st.integers(1, 4))):
            step = data.draw(st.sampled_from(["check", "edit", "edit", "behind", "restore"]))
            if step == "check":
                invoke("check", "-q", cwd=root)
            elif step == "restore":  # an edit that puts a file back as it was: it fixes what broke it
                current = _files(root)
                kinds = {"goals": "goal", "owners": "owner", "initiatives": "initiative"}
                changed = sorted(rel for rel in {*files, *current} if current.get(rel) != files.get(rel))
                if changed:
                    rel = data.draw(st.sampled_from(changed))
                    _apply(root, {rel: (kinds[rel.split("/")[1]], files.get(rel))}, planctl=True)
            else:
                current = _files(root)
                if not current:
                    break
                _apply(root, data.draw(edits(current)), planctl=step == "edit")
            kept.append((step, verdict.errors(cfg, dt.date.today()) is not None))
            assert _shown(plan_errors(cfg)) == _full(root)
        return kept


@FUZZ
@given(st.data())
def test_the_verdict_is_the_full_check(data: st.DataObject) -> None:
    _steps(data, data.draw(plans()))


@FUZZ
@given(st.data())
def test_the_verdict_of_a_valid_plan_follows_its_edits(data: st.DataObject) -> None:
    """From a valid plan, where most edits are written and the verdict is updated by them
    (rather than dropped for an unknown reference's did-you-mean hint)."""
    _steps(data, {rel: textwrap.dedent(text) for rel, text in SMALL_PLAN.items()})


@pytest.mark.skip(reason="edits drop the verdict (edit/session.keep_verdict): the update was not exact")
def test_an_edit_updates_the_verdict_rather_than_dropping_it(tmp_path: Path) -> None:
    """The error an edit fixes leaves the verdict; the one made behind planctl's back is in it."""
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    cfg = load_config(root)
    path = root / "plan/initiatives/INI-001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("owner: skolverket", "owner: nobody"), encoding="utf-8")
    assert invoke("check", "-q", cwd=root).exit_code == 1
    assert [d.code for d in verdict.errors(cfg, dt.date.today()) or []] == ["X001"]
    assert invoke("set", "INI-001", "owner=skolverket", cwd=root).exit_code == 0
    assert verdict.errors(cfg, dt.date.today()) == []
    assert invoke("set", "INI-002", "title=Ännu ett namn", cwd=root).exit_code == 0  # and the next edit too
    assert verdict.errors(cfg, dt.date.today()) == []
    added = invoke("add", "initiative", "--title", "Stöd vid upphandling", "--goal", "FO2.1", "--owner", "skr",
                   "--status", "proposed", cwd=root)
    assert added.exit_code == 0, added.stdout + added.stderr
    assert verdict.errors(cfg, dt.date.today()) == []  # a new file: the verdict names it where a load would
    assert invoke("set", "INI-001", "title=Tredje namnet", cwd=root).exit_code == 0
    assert verdict.errors(cfg, dt.date.today()) == []
    assert _full(root) == []


def test_commit_after_check_and_after_an_edit_uses_the_verdict(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """No load of the plan when the verdict holds: an edit drops it, the next check records it."""
    import planctl.loader

    isolate(monkeypatch)
    root = plan_git_repo(tmp_path)
    assert invoke("check", "-q", cwd=root).exit_code == 0
    assert invoke("set", "INI-001", "title=Ett nytt namn", cwd=root).exit_code == 0
    assert verdict.errors(load_config(root), dt.date.today()) is None  # the edit dropped it
    assert invoke("check", "-q", cwd=root).exit_code == 0
    loads: list[object] = []
    real = planctl.loader.load_plan
    monkeypatch.setattr(planctl.loader, "load_plan", lambda *a, **k: loads.append(a) or real(*a, **k))
    result = invoke("commit", "-m", "docs: nytt namn", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert loads == []
    assert git(root, "show", "HEAD:plan/initiatives/INI-001.yaml").count("title: Ett nytt namn\n") == 1


def test_a_file_changed_behind_planctls_back_is_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken reference written with an editor after the check: the commit is refused, with
    the problem a full check reports, though a verdict was kept before the change."""
    isolate(monkeypatch)
    root = plan_git_repo(tmp_path)
    assert invoke("check", "-q", cwd=root).exit_code == 0
    path = root / "plan/initiatives/INI-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: skolverket", "owner: nobody"), encoding="utf-8")
    result = invoke("commit", "-m", "fix: ägare", cwd=root)
    assert result.exit_code == 1
    assert "plan/initiatives/INI-001.yaml" in result.stdout + result.stderr
    assert _shown(plan_errors(load_config(root))) == _full(root)


def test_a_trusted_signature_is_not_read_and_a_changed_one_is(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the racy window a file's stat vouches for it; a file whose stat changed is read."""
    import planctl.loader

    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    assert invoke("check", "-q", cwd=root).exit_code == 0
    cfg = load_config(root)
    monkeypatch.setattr(verdict, "RACY_NS", -(10 ** 12))  # as if the check ran 1000 s later
    read: list[str] = []
    real = planctl.loader.read_bytes
    monkeypatch.setattr(planctl.loader, "read_bytes", lambda path, rel, *a: read.append(rel) or real(path, rel, *a))
    assert verdict.errors(cfg, dt.date.today()) == []
    assert read == []
    path = root / "plan/initiatives/INI-002.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# en rad\n", encoding="utf-8")
    assert verdict.errors(cfg, dt.date.today()) is None  # the bytes changed: no verdict
    assert read == ["plan/initiatives/INI-002.yaml"]


@pytest.mark.parametrize("damage", ["another date", "config", "truncated", "added", "removed", "upstream",
                                    "linked cache"])
def test_no_verdict_when_what_it_depends_on_changed(tmp_path: Path, damage: str) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    assert invoke("check", "-q", cwd=root).exit_code == 0
    cfg = load_config(root)
    today = dt.date.today()
    assert verdict.errors(cfg, today) == []
    if damage == "another date":
        today += dt.timedelta(days=1)
    elif damage == "config":
        (root / "planctl.toml").write_text(cfg.text + "\n[lint]\nignore = [\"T\"]\n", encoding="utf-8")
    elif damage == "truncated":
        blob = root / ".planctl_cache" / verdict.VERDICT_FILE
        blob.write_bytes(blob.read_bytes()[:-3])
    elif damage == "added":
        (root / "plan/owners/ny.yaml").write_text("id: ny\nname: Ny\nkind: agency\n", encoding="utf-8")
    elif damage == "removed":
        (root / "plan/initiatives/INI-002.yaml").unlink()
    elif damage == "linked cache":  # a clone's .planctl_cache, a link to a verdict made elsewhere
        (root / ".planctl_cache").rename(tmp_path / "elsewhere")
        (root / ".planctl_cache").symlink_to(tmp_path / "elsewhere")
    else:
        (root / "planctl.toml").write_text(cfg.text + "\n[upstream]\nurl = \"../nat\"\n", encoding="utf-8")
    assert verdict.errors(load_config(root), today) is None


def test_the_installed_planctl_commits_after_set_as_a_full_check_would(tmp_path: Path) -> None:
    """Through the installed executable: check, set, an edit behind its back, commit."""
    root = plan_git_repo(tmp_path)
    env = {"GIT_AUTHOR_NAME": "C", "GIT_AUTHOR_EMAIL": "c@example.org", "GIT_COMMITTER_NAME": "C",
           "GIT_COMMITTER_EMAIL": "c@example.org"}
    assert run_planctl("check", "-q", cwd=root).exit_code == 0
    done = run_planctl("set", "INI-001", "title=Nytt namn på insatsen", cwd=root)
    assert done.exit_code == 0, done.stderr
    text = (root / "plan/initiatives/INI-001.yaml").read_bytes()
    assert b"title: Nytt namn p\xc3\xa5 insatsen\n" in text
    done = run_planctl("commit", "-m", "docs: namn", cwd=root, env=env)
    assert done.exit_code == 0, done.stderr
    assert git(root, "show", "HEAD:plan/initiatives/INI-001.yaml").encode() == text
    path = root / "plan/initiatives/INI-002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- FO2.1", "- FO9.9"), encoding="utf-8")
    refused = run_planctl("commit", "-m", "fix: mål", cwd=root, env=env)
    assert refused.exit_code == 1
    assert "plan/initiatives/INI-002.yaml" in refused.stdout + refused.stderr
    assert "X001" in refused.stdout + refused.stderr
