"""A member's plan built from its files' bytes, as the loader builds one from a folder.

The roll-up reads members from git's object store; writing each into a folder only to
read it back cost more than checking it (file creation is the slow part of a small
file). The same `analyse` and `build_document` the loader uses turn the bytes into
documents and entities, so every check sees what it would see in a work tree.
"""

from __future__ import annotations

from pathlib import Path

from planctl.model import Plan


def plan_from_blobs(root: Path, files: dict[str, bytes]) -> Plan:
    """The plan of `files` ({plan-relative path: bytes}, vetted by `treeread`), rooted at `root`
    (which need not exist: nothing is read from it)."""
    from planctl.gcpause import paused_gc
    from planctl.loader import add_document, analyse, build_document
    from planctl.semdiff import kind_of_path

    plan = Plan(root=root)
    with paused_gc():  # not frozen: a roll-up builds hundreds of plans, each dropped after its check
        for rel in sorted(files):
            kind = kind_of_path(rel)
            if kind is None:
                continue
            raw = files[rel]
            entry, parsed = analyse(raw, rel, kind, schema=True)
            add_document(plan, kind, entry, *build_document(rel, kind, raw, entry, parsed, str(root / rel)))
    plan.files_checked = len(files)
    return plan
