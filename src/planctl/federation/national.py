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
    """Fetch and read the national plan; FederationError (exit 2) when it cannot be read or holds no goal."""
    where = gitio.remote(federation.national, federation.folder)
    git_dir = cache / "national.git"
    try:
        gitio.fetch(git_dir, where, upstream.REFSPECS, timeout=federation.timeout)
    except gitio.GitFailed as exc:
        raise FederationError(_("cannot fetch the national plan {url}: {reason}").format(
            url=federation.national, reason=exc.reason)) from None
    ref = federation.ref
    commit = None
    for candidate in ([f"refs/heads/{ref}", f"refs/tags/{ref}", ref] if ref else [gitio.HEAD_REF]):
        commit = gitio.resolve(git_dir, candidate)
        if commit is not None:
            break
    if commit is None:
        raise FederationError(_("the national plan {url} has no revision {rev}").format(
            url=federation.national, rev=ref or "HEAD"))
    entities = upstream.read_plan(git_dir, commit, limit=limit)
    national = National(federation.national, commit, git_dir, entities,
                        upstream.renames_between(git_dir, None, commit))
    if not national.sub_goals():
        raise FederationError(_("the national plan {url} has no sub-goals at {rev}").format(
            url=federation.national, rev=commit[:12]))
    return national
