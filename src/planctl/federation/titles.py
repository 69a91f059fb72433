"""The titles of an upstream plan's goals, for a member plan's exports (`nat:FO1.2 Strategisk ledning`).

An export reads them from the national plan at the pinned revision as the cache already holds
it (`.planctl_cache/upstream/`, fetched by `check` or `init --upstream`): never a network call,
never an error. With no `[upstream]`, no cache, or a pin the cache lacks, an export shows the
namespaced id alone, as before. A commit's titles are kept beside its bare repository as JSON,
so an export after the first costs no git process when the pin is a full commit id.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.federation import gitio, names

if TYPE_CHECKING:
    from planctl.federation.upstream import UpstreamPlan
    from planctl.model import Plan
    from planctl.semdiff import Snapshot

_FULL_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
MAX_TITLES_FILE = 16 * 1024 * 1024


def upstream_titles(plan: Plan) -> dict[str, str]:
    """{namespaced goal id: title} of the upstream `plan` serves; {} when it has none at hand."""
    from planctl.federation.upstream import PROVIDED, UpstreamPlan

    provided = plan.derived.get(PROVIDED)
    if isinstance(provided, UpstreamPlan):  # the roll-up hands a member's check the national plan it read
        return _namespaced(provided)
    from planctl.errors import PlanctlError

    try:
        return _from_cache(plan.root)
    except (PlanctlError, OSError, ValueError):
        return {}  # an export shows the ids alone; `check` is where a broken [upstream] is reported


def _namespaced(upstream: UpstreamPlan) -> dict[str, str]:
    namespace = upstream.spec.namespace
    return {names.join(namespace, ident): title for (kind, ident), snap in upstream.entities.items()
            if kind == "goal" and (title := _title(snap))}


def _title(snap: Snapshot) -> str:
    title = snap.data.get("title") if isinstance(snap.data, dict) else None
    return title if isinstance(title, str) else ""


def _from_cache(root: Path) -> dict[str, str]:
    from planctl import safefs
    from planctl.config import load_config
    from planctl.federation import upstream
    from planctl.fsutil import atomic_write

    config = load_config(root)
    spec = upstream.read_spec(config)
    if spec is None:
        return {}
    loaded = upstream._LOADED.get((str(config.root), spec.url, spec.rev, spec.ref))
    if loaded is not None:  # a check in this process read it already
        return _namespaced(loaded)
    git_dir = upstream.cache_dir(root, spec.url)
    if not (git_dir / "HEAD").is_file() or not safefs.inside(git_dir, root):
        return {}
    commit = spec.rev if _FULL_SHA.fullmatch(spec.rev) else gitio.resolve(git_dir, spec.rev)
    if commit is None:
        return {}
    stored = git_dir.parent / f"titles-{commit}.json"
    titles: dict[str, str] | None = None
    try:
        data = json.loads(safefs.read_regular(stored, MAX_TITLES_FILE))
        if isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            titles = data
    except (OSError, ValueError):
        pass
    if titles is None:
        if not gitio.has_commit(git_dir, commit):
            return {}
        try:
            entities = upstream.read_plan(git_dir, commit, limit=config.max_file_size)
        except gitio.GitFailed:
            return {}
        titles = {ident: title for (kind, ident), snap in entities.items()
                  if kind == "goal" and (title := _title(snap))}
        try:
            atomic_write(stored, json.dumps(titles, ensure_ascii=False), sync=False)
        except OSError:
            pass  # a cache that cannot be written costs the read next time
    return {names.join(spec.namespace, ident): title for ident, title in titles.items()}
