"""The plan's semantic difference between two revisions (or a revision and the work tree).

It costs what changed, not the size of the plan: git says which plan files differ
(`git diff-tree`, or `git diff` against the work tree), only those blobs are read,
at both ends, and each blob is parsed once per planctl version (`blobcache`). That
gives exactly what comparing the whole trees gives, because `semdiff` compares
definitions and a file unchanged on both sides cancels out (see `semdiff`);
tests/test_history_fast.py compares the two on random histories.

Renames of *files* need nothing special: an entity is known by its id, not its
path, so a file moved without a change (git's exact rename) holds the same
definition under a new path, which pairs with the old one and shows no change;
moved and edited, it shows as changed. Rename detection in git is therefore off
(`--no-renames`): it would cost git a similarity estimate per pair of files and
change nothing here. Renames of *ids* come from the commits' `Plan-Renamed`
trailers between the two revisions, else from content (`semdiff.with_renames`).

References to an id live in the files that hold them, so an unchanged file never
changes meaning; only a title shown beside a reference (a label) is read from a
file that may not have changed: from the file named for the id (F002 makes that
the one file), newer version first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planctl.config import Config
from planctl.diffreport import Labeller
from planctl.git.repo import EMPTY_TREE, PlanRepo, open_repo
from planctl.git.snapshot import definitions_at, parse_blobs, tree_kind, worktree_definitions
from planctl.semdiff import Key, PlanDiff, Snapshot, compare_definitions, definition, kind_of_path, with_renames

if TYPE_CHECKING:
    from planctl.git.blobcache import BlobCache

WORKTREE = "the work tree"
EMPTY_REPOSITORY = "the empty repository"
"""These two names stay English in `diff --format json`; the text and Markdown translate them
(`diffreport.SIDE_NAMES`)."""


@dataclass
class RevisionDiff:
    diff: PlanDiff
    old_name: str
    new_name: str
    labels: Labeller
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(version, path) of changed plan files that could not be read: their entities compare as empty."""


@dataclass
class _Side:
    """One end of the comparison: a tree (by sha) or the work tree (tree None, worktree True)."""

    name: str
    tree: str | None
    commit: str | None
    worktree: bool = False


def _side(repo: PlanRepo, rev: str | None, *, default_worktree: bool) -> _Side:
    if rev is None and default_worktree:
        return _Side(WORKTREE, None, repo.head(), worktree=True)
    if rev is None:
        head = repo.head()
        return _Side("HEAD" if head else EMPTY_REPOSITORY, _tree_of(repo, head) if head else EMPTY_TREE, head)

    commit, tree = repo.resolve_tree(rev)
    return _Side(rev, tree, commit)


_HEX = re.compile(r"[0-9a-f]{40,64}")


def _sides(repo: PlanRepo, old: str | None, new: str | None) -> tuple[_Side, _Side]:
    """Both ends; two commits (the usual case) are resolved by one `git rev-parse`."""
    if old is not None and new is not None:
        status, out, _ = repo.git("rev-parse", "--end-of-options", f"{old}^{{commit}}", f"{old}^{{tree}}",
                                  f"{new}^{{commit}}", f"{new}^{{tree}}", check=False)
        lines = out.splitlines()
        if status == 0 and len(lines) == 4 and all(_HEX.fullmatch(line) for line in lines):
            return _Side(old, lines[1], lines[0]), _Side(new, lines[3], lines[2])
    return _side(repo, old, default_worktree=False), _side(repo, new, default_worktree=True)


def _tree_of(repo: PlanRepo, commit: str) -> str:
    return repo.git("rev-parse", f"{commit}^{{tree}}")[1]


_ZERO = re.compile(r"0+")


def changed_paths(repo: PlanRepo, old_tree: str, new: _Side) -> list[tuple[str, str | None, str | None]]:
    """(path from the top, old blob sha or None, new blob sha or None; None also when the new
    side is the work tree) of every plan file that differs between the two sides."""
    spec = f"{repo.prefix}plan"
    raw = ("--raw", "-z", "--no-abbrev", "--no-renames")
    if new.tree is not None:
        _, out, _ = repo.git("-c", "core.quotePath=false", "diff-tree", "-r", *raw, old_tree, new.tree, "--", spec,
                             strip=False)
    else:
        _, out, _ = repo.git("-c", "core.quotePath=false", "diff", *raw, "--no-ext-diff", old_tree, "--", spec,
                             strip=False)
    fields = out.split("\0")
    found: dict[str, tuple[str | None, str | None]] = {}
    look_up: list[str] = []  # paths whose blob in the old tree git did not give
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        if not meta.startswith(":"):
            continue
        old_mode, new_mode, old_sha, new_sha, status = meta[1:].split(" ", 4)
        a = None if _ZERO.fullmatch(old_sha) or old_mode == "160000" else old_sha
        b = None if _ZERO.fullmatch(new_sha) or new_mode == "160000" or new.worktree else new_sha
        found[path] = (a, b)
        if status.startswith("U"):  # unmerged: git names no blob; the old tree still has one
            look_up.append(path)
    if new.worktree:
        # What `git diff` does not see but the loader reads: untracked files (ignored ones too:
        # the loader reads every file under plan/), files marked assume-unchanged or
        # skip-worktree, and links, whose meaning on disk (the loader follows a link inside
        # the plan) can change while git sees the same link.
        _, others, _ = repo.git("-c", "core.quotePath=false", "ls-files", "-z", "--others", "--", spec, strip=False)
        for path in filter(None, others.split("\0")):
            found.setdefault(path, (None, None))
        _, staged, _ = repo.git("-c", "core.quotePath=false", "ls-files", "-z", "-s", "-v", "--", spec, strip=False)
        for match in _FLAGGED.finditer(staged):
            path = match.group(3)
            if path not in found and (match.group(2) == "120000" or match.group(1) != "H"):
                look_up.append(path)
    if look_up:
        from planctl.git.snapshot import plan_files

        blobs = plan_files(repo, old_tree, look_up if len(look_up) <= 1000 else None)  # argv stays short
        for path in look_up:
            found[path] = (blobs.get(path), None)
    return [(path, a, b) for path, (a, b) in sorted(found.items()) if tree_kind(repo, path)]


_FLAGGED = re.compile(r"(?:^|\0)(\S) (\d{6}) [0-9a-f]+ \d\t([^\0]*)")
"""An entry of `git ls-files -s -v`: its tag (H for an ordinary tracked file), mode and path."""


def _plan_folders_odd(config: Config) -> bool:
    """The plan folder or a kind folder is a link or not a folder: the loader's rules for those
    (followed within the repository, refused out of it) apply, so the loader reads the work tree."""
    import stat

    from planctl.model import KIND_DIRS

    for folder in (config.plan_dir, *(config.plan_dir / name for name in KIND_DIRS)):
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            continue
        except OSError:
            return True
        if not stat.S_ISDIR(mode):
            return True
    return False


def diff_revisions(config: Config, old: str | None = None, new: str | None = None, *,
                   renames: bool = True) -> RevisionDiff:
    """`old` defaults to HEAD (the empty plan before the first commit); `new` to the work tree.

    Either may name a commit or a tree (`git diff`'s tree-ish; the empty tree
    4b825dc642cb6eb9a060e54bf8d69288fbee4904 is the plan before anything was added).
    """
    from planctl.git.blobcache import BlobCache

    repo = open_repo(config.root)
    before, after = _sides(repo, old, new)
    cache = BlobCache(config.root)
    try:
        return _diff(config, repo, before, after, cache, renames)
    finally:
        cache.close()


def _diff(config: Config, repo: PlanRepo, before: _Side, after: _Side, cache: BlobCache,
          renames: bool) -> RevisionDiff:
    assert before.tree is not None
    limit = config.max_file_size
    broken_old: list[str] = []
    broken_new: list[str] = []
    if after.worktree and _plan_folders_odd(config):
        # A folder linked elsewhere: git sees one link, the loader every file behind it (or
        # refuses it). Compare everything, as the loader reads it.
        from planctl.git.snapshot import plan_in_worktree

        old_defs = definitions_at(repo, before.tree, limit=limit, unreadable=broken_old, cache=cache)
        now = plan_in_worktree(config, unreadable=broken_new)
        new_defs = list(now.values())
    else:
        changes = changed_paths(repo, before.tree, after)
        olds = {path: a for path, a, _ in changes if a is not None}
        data = parse_blobs(repo, [*olds.values(), *(b for _, _, b in changes if b is not None)], limit=limit,
                          cache=cache)
        old_defs = _from_blobs(repo, olds, data, broken_old)
        if after.worktree:
            new_defs = worktree_definitions(config, [repo.rel_to_plan(p) for p, _, _ in changes], broken_new)
        else:
            new_defs = _from_blobs(repo, {p: b for p, _, b in changes if b is not None}, data, broken_new)
    diff = compare_definitions(old_defs, new_defs)
    if renames and diff.removed and diff.added:
        diff = with_renames(diff, declared_renames(repo, before.commit, after.commit if not after.worktree
                                                   else repo.head()))
    labels = _labels(config, repo, diff, before, after, old_defs, new_defs, cache)
    unreadable = [(before.name, p) for p in broken_old] + [(after.name, p) for p in broken_new]
    return RevisionDiff(diff, before.name, after.name, labels, unreadable)


def _from_blobs(repo: PlanRepo, files: dict[str, str], data: dict[str, object], broken: list[str]) -> list[Snapshot]:
    out = []
    for path, sha in sorted(files.items()):
        kind = tree_kind(repo, path)
        assert kind is not None
        rel = repo.rel_to_plan(path)
        if not isinstance(data.get(sha), dict):
            broken.append(rel)
        out.append(definition(rel, kind, data.get(sha)))
    return out


def referenced(diff: PlanDiff) -> set[Key]:
    """The (kind, id) of every reference a rendered diff shows beside its title."""
    from planctl.checks.references import REFERENCE_FIELDS

    wanted: set[Key] = set()
    for c in diff.changes:
        for f in c.fields:
            target = REFERENCE_FIELDS.get(c.kind, {}).get(f.field)
            if target is None:
                continue
            for value in (f.old, f.new):
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str):
                        wanted.add((target, v))
    return wanted


def named_file(kind: str, ident: str) -> list[str]:
    """The plan-relative paths of the file named for an id (F002: the one that holds it)."""
    from planctl.model import DIR_OF_KIND

    return [f"plan/{DIR_OF_KIND[kind]}/{ident}{suffix}" for suffix in (".yaml", ".yml")]


def label_from(defs: dict[str, Snapshot], kind: str, ident: str) -> str | None:
    """The title (or name) of an id in one version, from the file named for it, if it holds it."""
    for rel in named_file(kind, ident):
        snap = defs.get(rel)
        if snap is not None:
            return snap.label if (snap.kind, snap.ident) == (kind, ident) else None
    return None


def _labels(config: Config, repo: PlanRepo, diff: PlanDiff, before: _Side, after: _Side,
            old_defs: list[Snapshot], new_defs: list[Snapshot], cache: BlobCache) -> Labeller:
    """Titles for the references the diff shows: newer version first, else older."""
    wanted = referenced(diff)
    versions: list[dict[str, Snapshot]] = []
    for side, known in ((after, new_defs), (before, old_defs)):
        by_path = {s.path: s for s in known}
        # A path of the changed files that is not among them is gone on this side: asking again finds nothing.
        paths = [rel for kind, ident in wanted for rel in named_file(kind, ident) if rel not in by_path]
        if paths and side.worktree:
            by_path.update((s.path, s) for s in worktree_definitions(config, paths))
        elif paths and side.tree is not None:
            from planctl.git.snapshot import plan_files

            files = plan_files(repo, side.tree, [f"{repo.prefix}{p}" for p in paths])
            data = parse_blobs(repo, files.values(), limit=config.max_file_size, cache=cache)
            for path, sha in files.items():
                kind = kind_of_path(path)
                assert kind is not None
                rel = repo.rel_to_plan(path)
                by_path[rel] = definition(rel, kind, data[sha])
        versions.append(by_path)
    found: dict[Key, str | None] = {}
    for kind, ident in wanted:
        found[kind, ident] = next((label for version in versions
                                   if (label := label_from(version, kind, ident)) is not None), None)
    return lambda kind, ident: found.get((kind, ident))


def declared_renames(repo: PlanRepo, old: str | None, new: str | None) -> list[tuple[str, str]]:
    """(old id, new id) of the `Plan-Renamed` trailers between two commits, chained: INI-002 → INI-010
    then INI-010 → INI-011 is INI-002 → INI-011. Commits in `new` but not `old` count forward; those
    in `old` but not `new` (a diff towards an older revision) count backward. One `git log` of the
    symmetric difference, each commit marked with its side."""
    if new is None:
        return []
    from planctl.git.history import parse_renames

    rng = [f"{old}...{new}"] if old is not None else [new]
    _, out, _ = repo.git("log", "--topo-order", "--left-right",
                         "--format=%x1e%m%(trailers:key=Plan-Renamed,valueonly,unfold)", *rng, "--")
    backward: list[list[tuple[str, str]]] = []  # in `old` only, newest first
    forward: list[list[tuple[str, str]]] = []  # in `new` only, newest first
    for record in out.split("\x1e"):
        if record[:1] in ("<", ">") and record[1:].strip():
            (backward if record[0] == "<" else forward).append(parse_renames(record[1:]))
    origin: dict[str, str] = {}
    for commit in backward:  # from `old` back to where the two meet: undone, b becomes a again
        for a, b in commit:
            origin[a] = origin.pop(b, b)
    for commit in reversed(forward):  # then on to `new`, oldest first
        for a, b in commit:
            origin[b] = origin.pop(a, a)
    return [(first, last) for last, first in origin.items() if first != last]
