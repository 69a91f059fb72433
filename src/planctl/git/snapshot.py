"""The plan as stored in a commit, a tree or the work tree, ready for `semdiff`."""

from __future__ import annotations

from collections.abc import Iterable

from planctl.config import DEFAULT_MAX_FILE_SIZE, Config
from planctl.git.repo import PlanRepo
from planctl.semdiff import Key, Snapshot, kind_of_path, snapshots
from planctl.yamlread import parse_yaml


def _parse(path: str, raw: bytes) -> object:
    from planctl.textcodec import decode

    text = decode(raw)
    if not isinstance(text, str):
        return None
    return parse_yaml(text, path).data


def plan_files(repo: PlanRepo, treeish: str, paths: Iterable[str] | None = None) -> dict[str, str]:
    """{path from the top: blob sha} of the plan's YAML files in `treeish` (optionally only `paths`)."""
    specs = list(paths) if paths is not None else [f"{repo.prefix}plan"]
    if not specs:
        return {}
    _, out, _ = repo.git("ls-tree", "-r", "-z", "--full-tree", treeish, "--", *specs, strip=False)
    files: dict[str, str] = {}
    for entry in out.split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        _mode, kind, sha = meta.split()
        if kind == "blob" and kind_of_path(path):
            files[path] = sha
    return files


def plan_at(repo: PlanRepo, treeish: str | None, paths: Iterable[str] | None = None, *,
            limit: int = DEFAULT_MAX_FILE_SIZE, unreadable: list[str] | None = None) -> dict[Key, Snapshot]:
    """Every entity in `treeish` (None: the empty plan of a repository without commits).

    A blob over `limit` bytes is not read (a revision can hold anything: a
    hostile history is diffed as safely as a hostile work tree), nor parsed:
    it counts as a file without an entity, as the loader counts it. The paths
    of such files, and of those that do not parse, are added to `unreadable`.
    """
    if treeish is None:
        return {}
    return read_blobs(repo, plan_files(repo, treeish, paths), limit=limit, unreadable=unreadable)


def read_blobs(repo: PlanRepo, files: dict[str, str], *, limit: int = DEFAULT_MAX_FILE_SIZE,
               unreadable: list[str] | None = None) -> dict[Key, Snapshot]:
    """The entities of {path from the top: blob sha}, read as `plan_at` reads a revision's (for a
    caller that knows the blobs already, as `git log --raw` names them)."""
    odb = repo.repo.odb
    items = []
    for path, sha in sorted(files.items()):
        binsha = bytes.fromhex(sha)
        rel = repo.rel_to_plan(path)
        data = None if odb.info(binsha).size > limit else _parse(rel, odb.stream(binsha).read())
        if not isinstance(data, dict) and unreadable is not None:
            unreadable.append(rel)
        items.append((rel, kind_of_path(path), data))
    return snapshots(items)


def plan_in_worktree(config: Config, unreadable: list[str] | None = None) -> dict[Key, Snapshot]:
    from planctl.loader import load_plan

    plan = load_plan(config, schema=False)
    if unreadable is not None:
        unreadable.extend(d.path for d in plan.documents if d.kind is not None and not isinstance(d.data, dict))
    return snapshots((d.path, d.kind, d.data) for d in plan.documents)
