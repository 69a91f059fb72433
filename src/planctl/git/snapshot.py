"""The plan as stored in a commit, a tree or the work tree, ready for `semdiff`.

Blobs are read in one `git cat-file --batch` per call (one process, not one round
trip per file) and parsed once per planctl version: `blobcache` keeps what each
blob parsed to by its sha.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from planctl.config import DEFAULT_MAX_FILE_SIZE, Config
from planctl.git.repo import GitError, PlanRepo
from planctl.i18n import _
from planctl.semdiff import Key, Snapshot, definition, kind_of_path, snapshots

if TYPE_CHECKING:
    from planctl.git.blobcache import BlobCache


def _parse(path: str, raw: bytes) -> Any:
    """Plain data of one file's bytes (None when they are not text or not a mapping)."""
    from planctl.textcodec import decode
    from planctl.yamlread import parse_yaml

    text = decode(raw)
    if not isinstance(text, str):
        return None
    return parse_yaml(text, path, positions=False).data


def _cat_file(repo: PlanRepo, mode: str, shas: list[str]) -> bytes:
    """The output of one `git cat-file --batch[-check]` fed every sha at once."""
    try:
        done = subprocess.run(["git", "cat-file", mode], cwd=repo.top, input="".join(f"{s}\n" for s in shas).encode(),
                              capture_output=True, check=False)
    except OSError as exc:
        raise GitError(_("git {command} failed: {detail}").format(command="cat-file", detail=exc.strerror or exc)) \
            from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().replace("\n", " ")
        detail = detail or _("exit status {status}").format(status=done.returncode)
        raise GitError(_("git {command} failed: {detail}").format(command="cat-file", detail=detail))

    return done.stdout


def parse_blobs(repo: PlanRepo, shas: Iterable[str], *, limit: int = DEFAULT_MAX_FILE_SIZE,
                cache: BlobCache | None = None) -> dict[str, Any]:
    """{sha: what the blob parses to}: a mapping, or None for a blob over `limit` bytes, not
    text, not YAML or not a mapping. A blob over the limit is never read (a history can hold
    anything: a hostile one is diffed as safely as a hostile work tree)."""
    wanted = list(dict.fromkeys(shas))
    found = cache.get_many(wanted) if cache is not None else {}
    missing = [s for s in wanted if s not in found]
    if not missing:
        return found
    sizes: dict[str, int] = {}
    for line in _cat_file(repo, "--batch-check", missing).decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
            sizes[parts[0]] = int(parts[2])
    small = [s for s in missing if s in sizes and sizes[s] <= limit]
    for sha in missing:
        found[sha] = None  # missing, not a blob, or over the limit
    if small:
        out = _cat_file(repo, "--batch", small)
        pos = 0
        for sha in small:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            size = int(header[2])
            raw = out[end + 1:end + 1 + size]
            pos = end + 1 + size + 1
            data = _parse(sha, raw)
            found[sha] = data
            if cache is not None:
                cache.put(sha, data)
    return found


def tree_kind(repo: PlanRepo, path: str) -> str | None:
    """The kind of a plan file at `path` (from the top of the repository), as the loader
    would see it in the work tree: `plan/KIND_FOLDER/NAME.yaml` directly, nothing deeper."""
    if not path.startswith(repo.prefix) or path.count("/") != repo.prefix.count("/") + 2:
        return None
    return kind_of_path(path)


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
        if kind == "blob" and tree_kind(repo, path):
            files[path] = sha
    return files


def definitions_at(repo: PlanRepo, treeish: str | None, paths: Iterable[str] | None = None, *,
                   limit: int = DEFAULT_MAX_FILE_SIZE, unreadable: list[str] | None = None,
                   cache: BlobCache | None = None) -> list[Snapshot]:
    """Every entity definition in `treeish` (None: the empty plan of a repository without
    commits), in path order, duplicates kept. The plan-relative paths of files that hold
    no entity (over `limit`, not YAML, not a mapping) are added to `unreadable`."""
    if treeish is None:
        return []
    files = plan_files(repo, treeish, paths)
    return _definitions(repo, files, limit=limit, unreadable=unreadable, cache=cache)


def _definitions(repo: PlanRepo, files: dict[str, str], *, limit: int, unreadable: list[str] | None,
                 cache: BlobCache | None) -> list[Snapshot]:
    data = parse_blobs(repo, files.values(), limit=limit, cache=cache)
    out = []
    for path, sha in sorted(files.items()):
        rel = repo.rel_to_plan(path)
        kind = tree_kind(repo, path)
        assert kind is not None
        if not isinstance(data[sha], dict) and unreadable is not None:
            unreadable.append(rel)
        out.append(definition(rel, kind, data[sha]))
    return out


def read_blobs(repo: PlanRepo, files: dict[str, str], *, limit: int = DEFAULT_MAX_FILE_SIZE,
               unreadable: list[str] | None = None, cache: BlobCache | None = None) -> dict[Key, Snapshot]:
    """The entities of {path from the top: blob sha}, read as `plan_at` reads a revision's (for a
    caller that knows the blobs already, as `git log --raw` names them); paths that are not plan
    files are left out."""
    files = {path: sha for path, sha in files.items() if tree_kind(repo, path)}
    defs = _definitions(repo, files, limit=limit, unreadable=unreadable, cache=cache)
    return snapshots((s.path, s.kind, s.data) for s in defs)


def plan_at(repo: PlanRepo, treeish: str | None, paths: Iterable[str] | None = None, *,
            limit: int = DEFAULT_MAX_FILE_SIZE, unreadable: list[str] | None = None,
            cache: BlobCache | None = None) -> dict[Key, Snapshot]:
    """Every entity in `treeish` by (kind, id), the first of a duplicated id kept (see `definitions_at`)."""
    defs = definitions_at(repo, treeish, paths, limit=limit, unreadable=unreadable, cache=cache)
    return snapshots((s.path, s.kind, s.data) for s in defs)


def plan_in_worktree(config: Config, unreadable: list[str] | None = None) -> dict[Key, Snapshot]:
    from planctl.loader import load_plan

    plan = load_plan(config, schema=False)
    if unreadable is not None:
        unreadable.extend(d.path for d in plan.documents if d.kind is not None and not isinstance(d.data, dict))
    return snapshots((d.path, d.kind, d.data) for d in plan.documents)


def worktree_definitions(config: Config, rels: Iterable[str], unreadable: list[str] | None = None) -> list[Snapshot]:
    """The definitions the loader would read from these plan-relative paths of the work tree,
    by the loader's own rules (a link out of the plan, a FIFO or a file over the limit holds
    no entity); a path that is not a plan file there (gone, hidden, a folder) holds none."""
    from planctl.diagnostics import Diagnostic
    from planctl.loader import analyse, file_info, read_bytes

    out = []
    for rel in sorted(set(rels)):
        kind = kind_of_path(rel) if rel.count("/") == 2 else None
        path = os.path.join(config.root, *rel.split("/"))
        if kind is None or not os.path.lexists(path) or os.path.isdir(path):
            continue
        data = None
        info = file_info(config, path, rel, kind)
        if not isinstance(info, Diagnostic):
            raw = read_bytes(path, rel, info, config.max_file_size)
            if isinstance(raw, bytes):
                data = analyse(raw, rel, kind, schema=False)[0][0]
        if not isinstance(data, dict) and unreadable is not None:
            unreadable.append(rel)
        out.append(definition(rel, kind, data))
    return out
