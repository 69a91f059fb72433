"""A member plan's upstream: the national plan at the pinned revision, fetched once, read offline.

planctl.toml says where the upstream is and which commit the member serves:

    [upstream]
    url = "https://git.example.se/skolverket/handlingsplan.git"   # or a path
    rev = "3f1c…"        # the pinned commit (full sha)
    ref = "main"         # the branch `planctl upstream update` follows (default: the remote's HEAD)
    namespace = "nat"    # how the member's references name its goals: nat:FO1.2

The upstream is fetched into a bare repository under `.planctl_cache/upstream/` and read
from its object store (`treeread`), never checked out; once the pinned commit is there,
nothing needs the network. Renames since the pin come from the `Plan-Renamed` trailers of
the upstream commits between the pin and the followed ref, as far as the cache has them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planctl import safefs
from planctl.errors import ConfigError, PlanctlError
from planctl.federation import gitio, names
from planctl.i18n import _

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.model import Plan
    from planctl.semdiff import Key, Snapshot

TABLE = "upstream"
CACHE_FOLDER = "upstream"
REFSPECS = [f"+HEAD:{gitio.HEAD_REF}", "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]
PROVIDED = "federation.upstream"
"""The key of `Plan.derived` under which a caller (the roll-up) hands the rule an upstream it read itself."""


class UpstreamError(PlanctlError):
    """The upstream cannot be read at all (unreachable with no cache, no such commit): exit 2."""


@dataclass(frozen=True, slots=True)
class UpstreamSpec:
    url: str
    rev: str
    namespace: str
    ref: str = ""


@dataclass(slots=True)
class UpstreamPlan:
    """The upstream's entities at the pinned commit, and its renames since then."""

    spec: UpstreamSpec
    commit: str
    entities: dict[Key, Snapshot]
    renames: dict[str, str] = field(default_factory=dict)
    """old id -> new id, from the pin to the tip of the followed ref in the cache."""
    tip: str | None = None
    renamed_before: dict[str, str] = field(default_factory=dict)
    """old id -> new id of the renames in the pinned commit's own history (a member's id the
    upstream renamed before the pin: `lint --fix` rewrites it)."""

    def ids(self, kind: str) -> list[str]:
        return [ident for k, ident in self.entities if k == kind]

    def has(self, kind: str, ident: str) -> bool:
        return (kind, ident) in self.entities

    def label(self, kind: str, ident: str) -> str | None:
        snap = self.entities.get((kind, ident))
        return snap.label if snap is not None else None


def read_spec(config: Config) -> UpstreamSpec | None:
    """The `[upstream]` table, each key checked (a located ConfigError); None without one."""
    table = config.raw.get(TABLE)
    if table is None:
        return None
    for key in ("url", "rev", "namespace"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise ConfigError(_("[upstream] needs {key}").format(key=key), location=config.where((TABLE,)))
    namespace = table["namespace"]
    if not names.valid_namespace(namespace):
        raise ConfigError(_("[upstream] namespace {name!r} is not a short lowercase word (such as nat)").format(
            name=namespace), location=config.where((TABLE, "namespace"), value=True))
    rev = table["rev"]
    if rev.startswith("-") or not rev.isascii() or any(c.isspace() for c in rev):
        raise ConfigError(_("[upstream] rev {rev!r} is not a revision").format(rev=rev),
                          location=config.where((TABLE, "rev"), value=True))
    return UpstreamSpec(table["url"], rev, namespace, str(table.get("ref", "")))


def cache_dir(root: Path, url: str) -> Path:
    """The bare repository of one upstream URL, inside the repository's cache folder."""
    from planctl.cache import CACHE_DIR

    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return root / CACHE_DIR / CACHE_FOLDER / f"{digest}.git"


def _safe_cache(root: Path, git_dir: Path) -> None:
    """The cache folders must be real folders of this repository (a clone may carry a link)."""
    folder = root
    for part in git_dir.relative_to(root).parts:
        folder = folder / part
        try:
            if not safefs.check_folder(root, folder):
                return
        except OSError as exc:
            raise UpstreamError(_("{path}: {why}").format(path=folder.relative_to(root).as_posix(),
                                                           why=getattr(exc, "strerror", None) or exc)) from None


def fetch(root: Path, spec: UpstreamSpec, *, timeout: float = gitio.DEFAULT_TIMEOUT) -> Path:
    """Fetch the upstream into the cache; UpstreamError (one line naming the URL) when it cannot be."""
    git_dir = cache_dir(root, spec.url)
    _safe_cache(root, git_dir)
    try:
        gitio.fetch(git_dir, gitio.remote(spec.url, root), REFSPECS, timeout=timeout)
    except gitio.GitFailed as exc:
        raise UpstreamError(_("cannot fetch the upstream plan {url}: {reason}").format(
            url=spec.url, reason=exc.reason)) from None
    return git_dir


def ensure(root: Path, spec: UpstreamSpec, rev: str | None = None) -> tuple[Path, str]:
    """(bare repository, commit) of `rev` (default: the pin), fetching only when the cache lacks it."""
    wanted = rev or spec.rev
    git_dir = cache_dir(root, spec.url)
    _safe_cache(root, git_dir)
    commit = gitio.resolve(git_dir, wanted) if (git_dir / "HEAD").is_file() else None
    if commit is None:
        fetch(root, spec)
        commit = gitio.resolve(git_dir, wanted)
    if commit is None:
        raise UpstreamError(_("the upstream plan {url} has no revision {rev}").format(url=spec.url, rev=wanted))
    return git_dir, commit


def tip(git_dir: Path, spec: UpstreamSpec) -> str | None:
    """The newest commit of the followed ref that the cache holds."""
    candidates = [f"refs/heads/{spec.ref}", f"refs/tags/{spec.ref}"] if spec.ref else []
    for ref in [*candidates, gitio.HEAD_REF]:
        found = gitio.resolve(git_dir, ref)
        if found is not None:
            return found
    return None


def read_plan(git_dir: Path, commit: str, *, limit: int) -> dict[Key, Snapshot]:
    """Every entity of the plan in `commit`, by (kind, id)."""
    from planctl.federation.treeread import plan_blobs
    from planctl.semdiff import kind_of_path, snapshots

    tree = plan_blobs(git_dir, commit, limit=limit)
    return snapshots((path, kind_of_path(path), parse(path, raw)) for path, raw in tree.files.items())


def parse(path: str, raw: bytes) -> Any:
    """Plain data of one file's bytes (None when not UTF-8 text)."""
    from planctl.textcodec import decode
    from planctl.yamlread import parse_yaml

    text = decode(raw)
    return parse_yaml(text, path, positions=False).data if isinstance(text, str) else None


def renames_between(git_dir: Path, old: str | None, new: str | None) -> dict[str, str]:
    """old id -> new id of the `Plan-Renamed` trailers from `old` (None: the first commit) to `new`, chained."""
    if new is None or new == old:
        return {}
    from planctl.git.history import parse_renames

    try:
        out = gitio.git(git_dir, "log", "--topo-order", "--reverse",
                        "--format=%x1e%(trailers:key=Plan-Renamed,valueonly,unfold)",
                        f"{old}..{new}" if old else new, "--")
    except gitio.GitFailed:
        return {}
    origin: dict[str, str] = {}
    for record in out.decode("utf-8", "replace").split("\x1e"):
        for a, b in parse_renames(record):
            origin[b] = origin.pop(a, a)
    return {first: last for last, first in origin.items() if first != last}


_LOADED: dict[tuple[str, str, str, str], UpstreamPlan] = {}


def load(config: Config, spec: UpstreamSpec | None = None) -> UpstreamPlan:
    """The upstream of the plan at `config.root`, at its pin (read once per process)."""
    spec = spec or read_spec(config)
    if spec is None:
        raise ConfigError(_("planctl.toml has no [upstream] table"), location="planctl.toml")
    key = (str(config.root), spec.url, spec.rev, spec.ref)
    if key not in _LOADED:
        git_dir, commit = ensure(config.root, spec)
        newest = tip(git_dir, spec)
        entities = read_plan(git_dir, commit, limit=config.max_file_size)
        _LOADED[key] = UpstreamPlan(spec, commit, entities,
                                    renames_since(git_dir, commit, newest, entities, limit=config.max_file_size),
                                    newest, renames_between(git_dir, None, commit))
    return _LOADED[key]


def renames_since(git_dir: Path, pinned: str, newest: str | None, entities: dict[Key, Snapshot], *,
                  limit: int) -> dict[str, str]:
    """old id -> new id of what the upstream renamed from the pin to `newest`: the `Plan-Renamed`
    trailers first, then, for ids gone without a trailer (a rename by hand, a rebased history),
    the semantic diff's pairing by content, as `planctl diff` and `upstream update` show it.

    The second reading costs one more snapshot of the upstream, and only when it has moved
    past the pin and lost an id the trailers do not explain."""
    declared = renames_between(git_dir, pinned, newest)
    if newest is None or newest == pinned:
        return declared
    later = read_plan(git_dir, newest, limit=limit)
    gone = [key for key in entities if key not in later and key[1] not in declared]
    if not gone:
        return declared
    from planctl.semdiff import compare, with_renames

    diff = with_renames(compare(entities, later), list(declared.items()))
    found = {c.old_ident: c.ident for c in diff.changes if c.change == "renamed" and c.old_ident}
    return {**found, **declared}


def for_plan(plan: Plan) -> UpstreamPlan | None:
    """The upstream a check of `plan` judges namespaced ids by: one handed over by the caller
    (`PROVIDED`), else the one planctl.toml names (None: there is none)."""
    provided = plan.derived.get(PROVIDED)
    if provided is not None:
        return provided if isinstance(provided, UpstreamPlan) else None
    from planctl.config import load_config

    config = load_config(plan.root)
    spec = read_spec(config)
    return load(config, spec) if spec is not None else None


def split_ref(text: str) -> tuple[str, str]:
    """`URL_OR_PATH[@REF]` -> (url, ref). The `@` of `git@host:path` or `ssh://git@host/x`
    is part of the URL: a ref after `@` holds neither ':' nor '/'."""
    url, at, ref = text.rpartition("@")
    if at and url and ref and ":" not in ref and "/" not in ref:
        return url, ref
    return text, ""


def pin(root: Path, text: str, namespace: str, *, base: Path | None = None) -> UpstreamSpec:
    """Fetch the upstream `text` names (`URL_OR_PATH[@REF]`) into `root`'s cache and pin the
    commit REF (default: the remote's HEAD) names. A path is taken from `base` (the working
    directory) and kept relative to `root`, so the member repository can move."""
    import os

    url, ref = split_ref(text)
    if not names.valid_namespace(namespace):
        raise UpstreamError(_("--namespace {name!r} is not a short lowercase word (such as nat)").format(
            name=namespace))
    where = gitio.remote(url, base or Path.cwd())
    if where.target != url:  # a path
        url = os.path.relpath(where.target, root.resolve())
    spec = UpstreamSpec(url, ref or "HEAD", namespace, ref)
    git_dir = fetch(root, spec)
    commit = tip(git_dir, spec) if ref else gitio.resolve(git_dir, gitio.HEAD_REF)
    if commit is None and ref:
        commit = gitio.resolve(git_dir, ref)
    if commit is None:
        raise UpstreamError(_("the upstream plan {url} has no revision {rev}").format(url=url, rev=ref or "HEAD"))
    return UpstreamSpec(url, commit, namespace, ref)


def table_text(spec: UpstreamSpec) -> str:
    """The `[upstream]` table of planctl.toml for `spec`."""
    import json

    lines = ["", "# The national plan this plan serves (docs/federation.md); 'planctl upstream update' moves rev.",
             "[upstream]", f"url = {json.dumps(spec.url, ensure_ascii=False)}", f"rev = {json.dumps(spec.rev)}"]
    if spec.ref:
        lines.append(f"ref = {json.dumps(spec.ref, ensure_ascii=False)}")
    lines.append(f"namespace = {json.dumps(spec.namespace)}")
    return "\n".join(lines) + "\n"
