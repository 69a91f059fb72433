"""A plan's files as a commit holds them, read from the object store of a bare repository.

Nothing is checked out: a member's tree is a list of blobs, so a symbolic link is a
blob of mode 120000 that is skipped, never followed, and a name with `..` or a
folder where a file belongs never reaches the file system. Only what the loader
would read is taken: `plan/<kind folder>/<name>.yaml` (or `.yml`), regular blobs,
each at most `limit` bytes, at most `max_files` of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from planctl.federation.gitio import git
from planctl.i18n import _
from planctl.model import KIND_DIRS

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.ya?ml")
REGULAR = ("100644", "100755")
MAX_FILES = 20_000
NOT_PLAN = "not a plan file"
"""Why a file the loader would not read either was left out (not reported)."""


@dataclass(slots=True)
class Tree:
    """The plan files of one commit: {plan-relative path: bytes}, and what was left out, with why."""

    files: dict[str, bytes] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def plan_blobs(git_dir: Path, commit: str, *, limit: int, max_files: int = MAX_FILES,
               extra: tuple[str, ...] = (), max_total: int | None = None) -> Tree:
    """The plan's YAML files in `commit` (plus the top-level files named in `extra`, such as
    planctl.toml), as bytes. Two git processes, whatever the number of files."""
    out = git(git_dir, "ls-tree", "-r", "-z", "--full-tree", "-l", commit, "--", "plan", *extra)
    tree = Tree()
    wanted: list[tuple[str, str]] = []
    for entry in out.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, sha, size = meta.split()
        if not _plan_path(path) and path not in extra:
            tree.skipped.append((path, NOT_PLAN))
            continue
        if kind != "blob" or mode not in REGULAR:
            tree.skipped.append((path, _("a symbolic link") if mode == "120000" else _("not a regular file")))
            continue
        if not size.isdigit() or int(size) > limit:
            tree.skipped.append((path, _("larger than {n} bytes").format(n=limit)))
            continue
        if len(wanted) >= max_files:
            tree.skipped.append((path, _("more than {n} files").format(n=max_files)))
            continue
        if max_total is not None:
            if int(size) > max_total:
                tree.skipped.append((path, _("more than {n} bytes in all").format(n=max_total)))
                continue
            max_total -= int(size)
        wanted.append((path, sha))
    if not wanted:
        return tree
    data = git(git_dir, "cat-file", "--batch", input="".join(f"{sha}\n" for _, sha in wanted).encode())
    pos = 0
    for path, _sha in wanted:
        end = data.index(b"\n", pos)
        length = int(data[pos:end].split()[2])
        tree.files[path] = data[end + 1:end + 1 + length]
        pos = end + 1 + length + 1
    return tree


def _plan_path(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "plan" and parts[1] in KIND_DIRS and bool(_NAME.fullmatch(parts[2]))
