"""`planctl diff` reads only what changed, and gives exactly what the whole-tree comparison gives.

Random edit histories (seeded, `PLANCTL_FUZZ_EXAMPLES` scales them) on a small plan in a real
git repository, with what a plan's history really holds besides plain edits: files renamed
and moved between `.yaml` and `.yml`, ids renamed with and without `Plan-Renamed` trailers,
duplicated ids, files whose id differs from their name, broken YAML, comment-only edits,
links, hidden and upper-case names, titles of referenced entities changed. For random pairs
of commits (and the work tree, with untracked and assume-unchanged files) the fast diff is
rendered and compared with the same comparison over every blob of both trees.

Then the blob cache: it is used, a damaged or foreign one changes nothing but the time, it is
bounded, and it never writes through a link.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import invoke, run_planctl
from gitplan import env, git, isolate, plan_git_repo
from planctl.config import load_config
from planctl.diffreport import render
from planctl.git import blobcache, snapshot
from planctl.git.plandiff import declared_renames, diff_revisions, label_from
from planctl.git.repo import EMPTY_TREE, open_repo
from planctl.git.snapshot import definitions_at
from planctl.semdiff import Snapshot, compare_definitions, definitions, with_renames

EXAMPLES = int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "40"))
STATUSES = ("proposed", "decided", "ongoing", "completed", "cancelled")
GOALS = ("FO1.1", "FO1.2", "FO2.1")
OWNERS = ("skolverket", "skr", "regeringen")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def _yaml(data: dict[str, Any]) -> str:
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {json.dumps(v, ensure_ascii=False)}" for v in value]
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


class History:
    """A plan repository that random edits are made to and committed, one commit at a time."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root, self.rng = root, random.Random(seed)
        self.next = 3
        self.commits = [git(root, "rev-parse", "HEAD").strip()]

    def files(self, folder: str = "initiatives") -> list[Path]:
        return sorted(p for p in (self.root / "plan" / folder).iterdir() if p.is_file() or p.is_symlink())

    def initiative(self, ident: str) -> dict[str, Any]:
        rng = self.rng
        words = "stöd för digital kompetens i skolan lärare elever huvudmän verktyg".split()
        return {"id": ident, "title": " ".join(rng.sample(words, 4)).capitalize(),
                "description": " ".join(rng.choice(words) for _ in range(12)) + ".",
                "goals": sorted(set(rng.sample(GOALS, rng.randint(1, 2)))), "owner": rng.choice(OWNERS),
                "status": rng.choice(STATUSES)}

    def edit(self) -> str:
        """One random edit; returns a trailer line for the commit message, or ''."""
        rng, folder = self.rng, self.root / "plan" / "initiatives"
        files = [p for p in self.files() if not p.is_symlink()]
        op = rng.choice(("set", "set", "set", "add", "add", "remove", "move", "yml", "rename", "rename-quiet",
                         "duplicate", "broken", "comment", "link", "retitle", "odd-name", "misfit"))
        if op == "add" or not files:
            ident = f"INI-{self.next:03d}"
            self.next += 1
            (folder / f"{ident}.yaml").write_text(_yaml(self.initiative(ident)), encoding="utf-8")
            return ""
        path = rng.choice(files)
        text = path.read_text(encoding="utf-8", errors="replace")
        if op == "set":
            lines = [f'status: "{rng.choice(STATUSES)}"' if line.startswith("status:") else line
                     for line in text.splitlines()]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif op == "remove":
            path.unlink()
        elif op == "move":  # the same content under another name: its id no longer matches (F002)
            path.rename(folder / f"moved-{self.next}.yaml")
            self.next += 1
        elif op == "yml":
            path.rename(path.with_suffix(".yml" if path.suffix == ".yaml" else ".yaml"))
        elif op in ("rename", "rename-quiet"):  # what `planctl mv` does to an initiative
            old = path.name.rsplit(".", 1)[0]
            new = f"INI-{self.next:03d}"
            self.next += 1
            path.unlink()
            (folder / f"{new}.yaml").write_text(text.replace(f'id: "{old}"', f'id: "{new}"'), encoding="utf-8")
            return f"Plan-Renamed: {old} -> {new}" if op == "rename" else ""
        elif op == "duplicate":  # the same id in a second file (X004)
            (folder / f"copy-{self.next}.yaml").write_text(text, encoding="utf-8")
            self.next += 1
        elif op == "broken":
            path.write_text('id: "unclosed\ntitle: [\n', encoding="utf-8")
        elif op == "comment":
            path.write_text(text + f"# anteckning {self.next}\n", encoding="utf-8")
            self.next += 1
        elif op == "link":
            link = folder / f"link-{self.next}.yaml"
            self.next += 1
            link.symlink_to(path.name)
        elif op == "retitle":  # a referenced owner or goal: its title is a label in other changes
            kind = rng.choice(("owners", "goals"))
            target = rng.choice(self.files(kind))
            lines = [f'{"name" if kind == "owners" else "title"}: "Nytt namn {self.next}"'
                     if line.startswith(("name:", "title:")) else line
                     for line in target.read_text(encoding="utf-8").splitlines()]
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
            self.next += 1
        elif op == "odd-name":  # read by the loader (any case of .yaml), never a hidden file
            name = f"INI-{self.next:03d}.YAML" if rng.random() < 0.5 else f".hidden-{self.next}.yaml"
            (folder / name).write_text(_yaml(self.initiative(f"INI-{self.next:03d}")), encoding="utf-8")
            self.next += 1
        elif op == "misfit":  # a file claiming another file's id
            other = rng.choice(files).name.rsplit(".", 1)[0]
            path.write_text(_yaml({**self.initiative(other), "id": other}), encoding="utf-8")
        return ""

    def commit(self) -> None:
        trailers = [t for t in (self.edit() for _ in range(self.rng.randint(1, 3))) if t]
        git(self.root, "add", "-A")
        message = f"ändring {len(self.commits)}" + ("\n\n" + "\n".join(trailers) if trailers else "")
        if git(self.root, "status", "--porcelain"):
            git(self.root, "commit", "-q", "-m", message)
            self.commits.append(git(self.root, "rev-parse", "HEAD").strip())


def _reference(repo: Any, old_tree: str, new_tree: str | None, old_commit: str | None, new_commit: str | None,
               worktree: list[Snapshot] | None = None) -> tuple[Any, Any]:
    """The whole-tree comparison: every blob of both trees (or the loader's view of the work tree)."""
    old = definitions_at(repo, old_tree)
    new = worktree if worktree is not None else definitions_at(repo, new_tree)
    diff = compare_definitions(old, new)
    if diff.removed and diff.added:
        diff = with_renames(diff, declared_renames(repo, old_commit, new_commit))
    versions = [{s.path: s for s in new}, {s.path: s for s in old}]

    def labels(kind: str, ident: str) -> str | None:
        return next((label for v in versions if (label := label_from(v, kind, ident)) is not None), None)

    return diff, labels


def _id_by_id(old: list[Snapshot], new: list[Snapshot]) -> list[tuple[str, str, str, list[str]]]:
    """The comparison before definitions, kept here as the reference for plans without duplicates."""
    before = {(s.kind, s.ident): s for s in old}
    after = {(s.kind, s.ident): s for s in new}
    out = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: ({"goal": 0, "owner": 1}.get(k[0], 2), k[1])):
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            out.append((key[1], "added" if a is None else "removed", "", []))
        elif a.data != b.data:
            out.append((key[1], "changed", "", sorted(k for k in a.data.keys() | b.data.keys()
                                                      if a.data.get(k) != b.data.get(k))))
    return out


def _shown(result: Any, *, old: str, new: str) -> str:
    return render("json", result[0], result[1], old=old, new=new)


@pytest.mark.parametrize("seed", range(max(2, EXAMPLES // 10)))
def test_the_fast_diff_is_the_whole_tree_diff_on_random_histories(tmp_path: Path, seed: int) -> None:
    root = plan_git_repo(tmp_path)
    history = History(root, seed)
    for _ in range(14):
        history.commit()
    config = load_config(root)
    repo = open_repo(root)
    rng = random.Random(seed)
    commits = [*history.commits, EMPTY_TREE]
    pairs = [(rng.choice(commits), rng.choice(commits)) for _ in range(12)] + [(commits[0], commits[-2])]
    for a, b in pairs:
        fast = diff_revisions(config, a, b)
        tree = {c: (git(root, "rev-parse", f"{c}^{{tree}}").strip(), None if c == EMPTY_TREE else c) for c in (a, b)}
        full = _reference(repo, tree[a][0], tree[b][0], tree[a][1], tree[b][1])
        assert _shown((fast.diff, fast.labels), old=a, new=b) == _shown(full, old=a, new=b), (seed, a, b)
        old, new = definitions_at(repo, tree[a][0]), definitions_at(repo, tree[b][0])
        if all(len({(s.kind, s.ident) for s in side}) == len(side) for side in (old, new)):
            plain = compare_definitions(old, new)
            assert [(c.ident, c.change, "", sorted(f.field for f in c.fields)) for c in plain.changes] == \
                _id_by_id(old, new)
    # The work tree: edits not committed, a new file not added, one marked assume-unchanged.
    for _ in range(3):
        history.edit()
    tracked = [p for p in history.files() if not p.is_symlink() and git(root, "ls-files", str(p)).strip()]
    if tracked:
        git(root, "update-index", "--assume-unchanged", str(tracked[0]))
        tracked[0].write_text(tracked[0].read_text(encoding="utf-8", errors="replace") + "horizon: long\n",
                              encoding="utf-8")
    from planctl.loader import load_plan

    loaded = load_plan(config, schema=False)
    worktree = definitions((d.path, d.kind, d.data) for d in loaded.documents)
    for a in (history.commits[0], history.commits[-1]):
        fast = diff_revisions(config, a)
        tree = git(root, "rev-parse", f"{a}^{{tree}}").strip()
        full = _reference(repo, tree, None, a, history.commits[-1], worktree)
        assert _shown((fast.diff, fast.labels), old=a, new="wt") == _shown(full, old=a, new="wt"), (seed, a)


def _big_repo(tmp_path: Path, n: int = 120) -> Path:
    root = plan_git_repo(tmp_path)
    history = History(root, 99)
    for i in range(3, n):
        (root / "plan/initiatives" / f"INI-{i:03d}.yaml").write_text(_yaml(history.initiative(f"INI-{i:03d}")),
                                                                     encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "many")
    git(root, "tag", "base")
    for ident in ("INI-010", "INI-050"):
        path = root / "plan/initiatives" / f"{ident}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("status:", "horizon: \"long\"\nstatus:"),
                        encoding="utf-8")
    git(root, "commit", "-q", "-am", "two")
    return root


def test_only_the_changed_blobs_are_read_and_then_only_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _big_repo(tmp_path)
    parsed: list[str] = []
    real = snapshot._parse
    monkeypatch.setattr(snapshot, "_parse", lambda path, raw: parsed.append(path) or real(path, raw))
    cold = invoke("diff", "base", "HEAD", "-f", "json", cwd=root)
    assert cold.exit_code == 0
    assert len(parsed) == 4  # two files, at both ends, of the 125 in each tree
    assert [c["id"] for c in json.loads(cold.stdout)["diff"]["changed"]] == ["INI-010", "INI-050"]
    assert (root / ".planctl_cache" / blobcache.CACHE_FILE).is_file()
    parsed.clear()
    assert invoke("diff", "base", "HEAD", "-f", "json", cwd=root).stdout == cold.stdout
    assert parsed == []  # warm: every blob from the cache


def test_a_damaged_or_foreign_cache_changes_nothing_but_the_time(tmp_path: Path) -> None:
    root = _big_repo(tmp_path)
    expected = run_planctl("diff", "base", "HEAD", cwd=root, env=env())
    assert expected.exit_code == 0 and "INI-010" in expected.stdout
    store = root / ".planctl_cache" / blobcache.CACHE_FILE
    # An entry whose payload no longer matches its checksum is parsed again, and replaced.
    with sqlite3.connect(store) as db:
        db.execute("UPDATE blobs SET payload = X'E9000000'")
    assert run_planctl("diff", "base", "HEAD", cwd=root, env=env()).stdout == expected.stdout
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM blobs WHERE payload = X'E9000000'").fetchone()[0] == 0
    # Garbage where the database was: removed, and made anew.
    store.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))
    again = run_planctl("diff", "base", "HEAD", cwd=root, env=env())
    assert (again.exit_code, again.stdout, again.stderr) == (0, expected.stdout, "")
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 4
    # Another planctl version's store: emptied, not trusted.
    with sqlite3.connect(store) as db:
        db.execute("UPDATE meta SET value = 'another' WHERE key = 'identity'")
        db.execute("UPDATE blobs SET payload = X'E9000000', digest = ?", (blobcache._digest(b"\xe9\x00\x00\x00"),))
    assert run_planctl("diff", "base", "HEAD", cwd=root, env=env()).stdout == expected.stdout


@pytest.mark.parametrize("where", ["folder", "file", "journal"])
def test_the_cache_never_writes_through_a_link(tmp_path: Path, where: str) -> None:
    root = _big_repo(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "target").write_text("keep\n", encoding="utf-8")
    cache = root / ".planctl_cache"
    if where == "folder":
        cache.symlink_to(outside)
    else:
        cache.mkdir()
        name = blobcache.CACHE_FILE + ("-journal" if where == "journal" else "")
        (cache / name).symlink_to(outside / "target")
    result = run_planctl("diff", "base", "HEAD", cwd=root, env=env())
    assert result.exit_code == 0 and "INI-010" in result.stdout
    assert "the blob cache is not used" in result.stderr and "symbolic link" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["target"]
    assert (outside / "target").read_text(encoding="utf-8") == "keep\n"


def test_the_cache_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blobcache, "MAX_BYTES", 4000)
    cache = blobcache.BlobCache(tmp_path)
    for i in range(40):
        cache.put(f"{i:040x}", {"id": f"INI-{i:03d}", "title": "x" * 200})
        if i % 10 == 9:
            cache.save()
    cache.close()
    with sqlite3.connect(tmp_path / ".planctl_cache" / blobcache.CACHE_FILE) as db:
        total, rows = db.execute("SELECT total(size), count(*) FROM blobs").fetchone()
        newest = db.execute("SELECT max(sha) FROM blobs").fetchone()[0]
        counted = db.execute("SELECT value FROM meta WHERE key = 'bytes'").fetchone()[0]
    assert 0 < total <= 4000 and rows < 40 and int(counted) == total
    assert newest == f"{39:040x}"  # the oldest go first
    reread = blobcache.BlobCache(tmp_path)
    assert reread.get_many([f"{39:040x}"]) == {f"{39:040x}": {"id": "INI-039", "title": "x" * 200}}
    assert reread.get_many([f"{0:040x}"]) == {}
