"""The national plan a roll-up checks members against, read once from a bare clone in the cache."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.federation import gitio, upstream
from planctl.federation.members import Federation, FederationError
from planctl.i18n import _

if TYPE_CHECKING:
    from planctl.semdiff import Key, Snapshot


@dataclass(slots=True)
class National:
    url: str
    commit: str
    git_dir: Path
    entities: dict[Key, Snapshot]
    renamed_before: dict[str, str] = field(default_factory=dict)
    _views: dict[str, upstream.UpstreamPlan] = field(default_factory=dict)
    _behind: dict[str, int | None] = field(default_factory=dict)

    def sub_goals(self) -> list[tuple[str, str, str]]:
        """(id, title, focus area) of every sub-goal, in the plan's order (FO1.2 before FO1.10)."""
        from planctl.export.collate import sort_key

        found = []
        for (kind, ident), snap in self.entities.items():
            parent = snap.data.get("parent")
            if kind == "goal" and isinstance(parent, str) and parent:
                found.append((ident, snap.label, parent))
        return sorted(found, key=lambda item: sort_key(item[0]))

    def title(self, ident: str) -> str:
        snap = self.entities.get(("goal", ident))
        return snap.label if snap is not None else ""

    def as_upstream(self, namespace: str) -> upstream.UpstreamPlan:
        """The national plan as a member's check sees its upstream, under the member's namespace."""
        if namespace not in self._views:
            spec = upstream.UpstreamSpec(self.url, self.commit, namespace)
            self._views[namespace] = upstream.UpstreamPlan(spec, self.commit, self.entities, {}, None,
                                                           dict(self.renamed_before))
        return replace(self._views[namespace])

    def behind(self, commit: str) -> int | None:
        """How many national commits `commit` (a member's pin) is behind; None: not a national commit.
        Asked once per pin: most members share a few."""
        if commit not in self._behind:
            self._behind[commit] = self._count(commit)
        return self._behind[commit]

    def _count(self, commit: str) -> int | None:
        if commit.startswith("-"):
            return None
        try:
            out = gitio.git(self.git_dir, "rev-list", "--count", "--end-of-options", f"{commit}..{self.commit}",
                            "--", timeout=30)
        except gitio.GitFailed:
            return None
        return int(out.decode().strip() or 0)


def load_national(federation: Federation, cache: Path, *, limit: int) -> National:
    """Fetch and read the national plan; FederationError (exit 2) when it cannot be read or holds no goal.

    A national plan on a local path whose ref names the commit fetched last time is not fetched
    again, and what a commit holds is read once (`_read_cached`)."""
    where = gitio.remote(federation.national, federation.folder)
    git_dir = cache / "national.git"
    ref = federation.ref
    ours = f"refs/heads/{ref}" if ref else gitio.HEAD_REF
    local = gitio.local_repository(where)
    now = gitio.read_ref(local, ref or "HEAD") if local is not None else None
    if now is None or now != gitio.read_ref(git_dir, ours):
        try:
            gitio.fetch(git_dir, where, upstream.REFSPECS, timeout=federation.timeout)
        except gitio.GitFailed as exc:
            raise FederationError(_("cannot fetch the national plan {url}: {reason}").format(
                url=federation.national, reason=exc.reason)) from None
    commit = None
    for candidate in ([f"refs/heads/{ref}", f"refs/tags/{ref}", ref] if ref else [gitio.HEAD_REF]):
        commit = gitio.resolve(git_dir, candidate)
        if commit is not None:
            break
    if commit is None:
        raise FederationError(_("the national plan {url} has no revision {rev}").format(
            url=federation.national, rev=ref or "HEAD"))
    entities, renamed = _read_cached(cache, git_dir, commit, limit)
    national = National(federation.national, commit, git_dir, entities, renamed)
    if not national.sub_goals():
        raise FederationError(_("the national plan {url} has no sub-goals at {rev}").format(
            url=federation.national, rev=commit[:12]))
    return national


def _read_cached(cache: Path, git_dir: Path, commit: str, limit: int) -> tuple[dict[Key, Snapshot], dict[str, str]]:
    """The entities a roll-up needs of the national plan at `commit` (id, kind, title or name, a
    goal's parent), and its renames, kept in the cache as JSON by the commit."""
    import json

    from planctl import safefs
    from planctl.fsutil import atomic_write
    from planctl.semdiff import Snapshot

    stored = cache / f"national-{commit}.json"
    try:
        data = json.loads(safefs.read_regular(stored, 64 * 1024 * 1024))
        entities = {(k, i): Snapshot(k, i, p, d) for k, i, p, d in data["entities"]}
        renamed = {str(a): str(b) for a, b in data["renamed"].items()}
        if all(isinstance(s.data, dict) for s in entities.values()):
            return entities, renamed
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    full = upstream.read_plan(git_dir, commit, limit=limit)
    entities = {key: Snapshot(s.kind, s.ident, s.path, _kept(s.data)) for key, s in full.items()}
    renamed = upstream.renames_between(git_dir, None, commit)
    rows = [[s.kind, s.ident, s.path, s.data] for s in entities.values()]
    atomic_write(stored, json.dumps({"entities": rows, "renamed": renamed}, ensure_ascii=False), sync=False)
    return entities, renamed


def _kept(data: dict[str, object]) -> dict[str, object]:
    """What a member's check and the counts read of a national entity."""
    return {k: v for k, v in data.items() if k in ("id", "title", "name", "parent") and isinstance(v, str)}
