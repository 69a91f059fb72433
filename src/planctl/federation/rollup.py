"""`planctl rollup`: every member plan fetched, checked against the national plan, and counted.

Fetching is I/O, so members are fetched in parallel (`Federation.jobs` at a time, each
within `Federation.timeout`); checking is Python, so members are checked one at a
time in this thread as their fetches complete. A member's result is kept in the cache
by the commit it was read at and the national commit it was checked against: a member
that has not pushed costs one fetch that brings nothing, and no read or check.

A member is only ever read from git's object store (`treeread`): its files are written
into a fresh folder of the cache as plain files (no link, no path outside
`plan/<kind>/`, none over the size limit) with a planctl.toml of planctl's own, so
what a member's planctl.toml says (other than its upstream pin) cannot point anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from planctl.federation import gitio, names
from planctl.federation.members import Federation, Member
from planctl.federation.national import National
from planctl.i18n import _

CACHE_FOLDER = "federation"
RESULT_FORMAT = 2
MAX_ERRORS = 20
"""Errors listed per member; the count says how many there were."""
MEMBER_REF = "refs/planctl/member"
MAX_TOTAL = 64 * 1024 * 1024
"""Bytes of plan files read from one member at most (a plan of 50 initiatives is some 50 kB)."""
STATES = ("clean", "problems", "unreadable", "unreachable")


@dataclass(slots=True)
class MemberResult:
    name: str
    kind: str
    code: str
    url: str
    state: str
    commit: str | None = None
    pinned: str | None = None
    namespace: str = "nat"
    behind: int | None = None
    """National commits the member's pin is behind (None: not pinned to a national commit)."""
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    initiatives: int = 0
    serves: dict[str, dict[str, int]] = field(default_factory=dict)
    """national sub-goal -> status -> initiatives of this member that serve it."""
    reason: str = ""
    cached: bool = False

    @property
    def outdated(self) -> bool:
        return self.pinned is not None and self.behind != 0


@dataclass(slots=True)
class Rollup:
    federation: Federation
    national: National
    members: list[MemberResult]
    checked: int = 0
    """Members read and checked in this run (the others came from the cache)."""
    _per_goal: list[dict[str, Any]] | None = None
    tables: dict[str, Any] = field(default_factory=dict)
    """The outputs' tables, built once (`outputs.goal_table`)."""

    @property
    def exit_code(self) -> int:
        return 0 if all(m.state == "clean" for m in self.members) else 1

    def per_goal(self) -> list[dict[str, Any]]:
        """Per national sub-goal: members serving it, initiatives in all and by status (counted once)."""
        if self._per_goal is None:
            self._per_goal = self._count()
        return self._per_goal

    def _count(self) -> list[dict[str, Any]]:
        from planctl.spec import STATUS

        goals = self.national.sub_goals()
        by_goal = {ident: dict.fromkeys(STATUS.values, 0) for ident, _title, _area in goals}
        members = dict.fromkeys(by_goal, 0)
        for m in self.members:  # one pass over what each member serves, not one per sub-goal
            for ident, counts in m.serves.items():
                by_status = by_goal.get(ident)
                if by_status is None or not counts:
                    continue
                members[ident] += 1
                for status, n in counts.items():
                    by_status[status] = by_status.get(status, 0) + n
        return [{"id": ident, "title": title, "focus_area": area, "members": members[ident],
                 "initiatives": sum(by_goal[ident].values()), "by_status": by_goal[ident]}
                for ident, title, area in goals]


def cache_folder(federation: Federation) -> Path:
    return cache_folder_of(federation.folder)


def cache_folder_of(folder: Path) -> Path:
    """The roll-up's cache beside a federation file in `folder`."""
    from planctl.cache import CACHE_DIR

    return folder / CACHE_DIR / CACHE_FOLDER


VALID_FILE = "valid-federations"
"""Digests of the federation.toml texts the schema accepted: the schema check (and jsonschema's
import) is paid once per version of the file, not on every scheduled run."""


def read_valid(folder: Path) -> set[str]:
    from planctl import safefs
    from planctl.cache import CACHE_DIR

    try:
        text = safefs.read_regular(folder / CACHE_DIR / CACHE_FOLDER / VALID_FILE, 1024 * 1024).decode("ascii")
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in text.split() if len(line) == 64}


def write_valid(folder: Path, digests: set[str]) -> None:
    from planctl.cache import CACHE_DIR
    from planctl.fsutil import atomic_write

    target = folder / CACHE_DIR / CACHE_FOLDER / VALID_FILE
    if digests == read_valid(folder):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, "\n".join(sorted(digests)[-100:]) + "\n", sync=False)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _git_dir(member: Member, cache: Path) -> Path:
    return Path(os.path.join(cache, "members", f"{_key(member.url)}.git"))


def _unchanged(member: Member, cache: Path, base: Path) -> str | None:
    """The commit fetched last time, when the member is on a local path and its branch still
    names it (read from the files: no process, no thread); None: it must be fetched."""
    if member.url.startswith("-") or gitio.is_url(member.url):
        return None
    # abspath, not the realpath a fetch is given: only asking whether the files name a commit.
    local = gitio.local_repository(gitio.Remote(member.url, os.path.abspath(os.path.join(base, member.url))))
    if local is None:
        return None
    now = gitio.read_ref(local, member.ref or "HEAD")
    return now if now is not None and now == gitio.read_ref(_git_dir(member, cache), MEMBER_REF) else None


def _fetch(member: Member, cache: Path, timeout: float, base: Path) -> tuple[Path, str | None, str]:
    """(bare repository, commit or None, why not) of one member, fetched."""
    git_dir = _git_dir(member, cache)
    try:
        where = gitio.remote(member.url, base)
        gitio.fetch(git_dir, where, [f"+{member.ref or 'HEAD'}:{MEMBER_REF}"], timeout=timeout)
    except gitio.GitFailed as exc:
        return git_dir, None, exc.reason
    commit = gitio.read_ref(git_dir, MEMBER_REF) or gitio.resolve(git_dir, MEMBER_REF)
    return git_dir, commit, "" if commit else _("the ref names no commit")


def run_rollup(federation: Federation, national: National, *, limit: int) -> Rollup:
    """Fetch, check and count every member; a member that cannot be fetched or read is reported, not fatal."""
    cache = cache_folder(federation)
    results: dict[int, MemberResult] = {}
    checked = 0
    identity = _identity()
    store = cache / RESULTS_FILE
    known = _read_results(store, identity)
    kept: dict[str, dict[str, Any]] = {}
    with ThreadPoolExecutor(max_workers=max(1, federation.jobs)) as pool:
        futures: list[tuple[Member, Future[tuple[Path, str | None, str]] | tuple[Path, str | None, str]]] = []
        for m in federation.members:
            same = _unchanged(m, cache, federation.folder)
            futures.append((m, (_git_dir(m, cache), same, "") if same is not None else
                            pool.submit(_fetch, m, cache, federation.timeout, federation.folder)))
        for member, pending in futures:
            git_dir, commit, why = pending if isinstance(pending, tuple) else pending.result()
            base = MemberResult(member.name, member.kind, member.code, member.url, "unreachable", commit)
            if commit is None:
                base.reason = why
                results[member.index] = base
                continue
            key = _key(f"{commit}|{national.commit}")
            stored = known.get(key)
            found = _result_from(stored, base)
            if found is None or stored is None:
                found = check_member(base, git_dir, commit, national, cache / "work" / _key(member.url), limit=limit)
                checked += 1
                stored = _as_stored(found)
            kept[key] = stored  # as it was read: turning 300 results back into JSON's data took longer than a check
            results[member.index] = found
    if kept != known:
        _write_results(store, identity, kept)
    return Rollup(federation, national, [results[m.index] for m in federation.members], checked)


RESULTS_FILE = "results.json"
"""Every member's result, in one file: {identity, results: {key of (member commit, national
commit): result}}. One file, not one per member: a warm roll-up of 300 members read 299
files to learn that nothing had changed. Only the results of this run's members are kept."""


def _identity() -> str:
    """What a member's result depends on besides the two commits: planctl's version, its
    parser (`blobcache.identity`), its schemas, and the code of its checks (size and mtime of
    every module under planctl/checks/, so that a rule changed in a development install
    without a new version number is not judged by results the old rule gave)."""
    from planctl import __version__
    from planctl.git.blobcache import identity
    from planctl.schemas import schema_digest

    checks = Path(__file__).resolve().parent.parent / "checks"
    stamps = []
    for module in sorted(checks.rglob("*.py")):
        try:
            info = module.stat()
        except OSError:
            continue
        stamps.append(f"{module.relative_to(checks)}:{info.st_size}:{info.st_mtime_ns}")
    code = hashlib.sha256(";".join(stamps).encode()).hexdigest()[:16]
    return f"{RESULT_FORMAT}|{__version__}|{identity()}|{schema_digest()}|{code}"


def _read_results(path: Path, identity: str) -> dict[str, dict[str, Any]]:
    """The stored results, if they were made by this planctl (else none: a stale cache is never trusted)."""
    from planctl import safefs

    try:
        data = json.loads(safefs.read_regular(path, 256 * 1024 * 1024))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("identity") != identity or not isinstance(data.get("results"), dict):
        return {}
    return {k: v for k, v in data["results"].items() if isinstance(v, dict)}


def _result_from(data: dict[str, Any] | None, base: MemberResult) -> MemberResult | None:
    """A stored result as this member's (its name, kind, code and URL are federation.toml's of now)."""
    if data is None:
        return None
    try:
        found = MemberResult(**{**data, "name": base.name, "kind": base.kind, "code": base.code, "url": base.url,
                                "cached": True})
    except TypeError:
        return None
    return found if found.state in STATES else None


def _as_stored(result: MemberResult) -> dict[str, Any]:
    data = asdict(result)
    data["cached"] = False
    return data


def _write_results(path: Path, identity: str, results: dict[str, dict[str, Any]]) -> None:
    from planctl.fsutil import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({"identity": identity, "results": results}, ensure_ascii=False),
                 sync=False)


def check_member(result: MemberResult, git_dir: Path, commit: str, national: National, work: Path, *,
                 limit: int) -> MemberResult:
    """Read the member at `commit` from the object store, check it against the national plan, count it."""
    from planctl.federation.treeread import NOT_PLAN, plan_blobs

    try:
        tree = plan_blobs(git_dir, commit, limit=limit, extra=("planctl.toml",), max_total=MAX_TOTAL)
    except gitio.GitFailed as exc:
        result.state, result.reason = "unreadable", exc.reason
        return result
    config_bytes = tree.files.pop("planctl.toml", None)
    if config_bytes is None:
        result.state, result.reason = "unreadable", _("not a planctl plan: it has no planctl.toml")
        return result
    _read_pin(result, config_bytes)
    if result.pinned is not None:
        result.behind = national.behind(result.pinned)
    from planctl.checks import run_checks
    from planctl.config import Config
    from planctl.diagnostics import Severity
    from planctl.federation.memberplan import plan_from_blobs
    from planctl.federation.upstream import PROVIDED
    from planctl.i18n import shown
    from planctl.render import printable

    config = Config(root=work, max_file_size=limit)  # planctl's settings, never the member's
    plan = plan_from_blobs(work, tree.files)
    plan.derived[PROVIDED] = national.as_upstream(result.namespace)
    found = run_checks(plan, config)
    errors = [d for d in found if d.severity == Severity.ERROR]
    result.error_count = len(errors)
    result.warning_count = sum(1 for d in found if d.severity == Severity.WARNING)
    result.errors = [{"path": d.path, "line": d.line, "col": d.col, "code": d.code,
                      "message": printable(" ".join(shown(d.message).split()))} for d in errors[:MAX_ERRORS]]
    for path, why in tree.skipped:
        if path.startswith("plan/"):
            result.warning_count += 1
            if len(result.errors) < MAX_ERRORS and why != NOT_PLAN:
                result.errors.append({"path": printable(path), "line": 0, "col": 0, "code": "F004",
                                      "message": _("not read: {why}").format(why=why)})
                result.error_count += 1
    result.state = "problems" if result.error_count else "clean"
    result.initiatives = len(plan.initiatives)
    serves: dict[str, dict[str, int]] = {}
    for initiative in plan.initiatives.values():
        for goal in dict.fromkeys(initiative.goals):
            split = names.split(goal)
            if split is None or split[0] != result.namespace or ("goal", split[1]) not in national.entities:
                continue
            status = initiative.status if isinstance(initiative.status, str) else "unknown"
            counts = serves.setdefault(split[1], {})
            counts[status] = counts.get(status, 0) + 1
    # Sorted once here, as rollup.json lists them, and kept so in the cache: not sorted again for
    # each of 300 members on every run.
    result.serves = {goal: dict(sorted(counts.items())) for goal, counts in sorted(serves.items())}
    return result


def _read_pin(result: MemberResult, raw: bytes) -> None:
    """The member's [upstream] rev and namespace: the only things read from its planctl.toml."""
    try:
        table = tomllib.loads(raw.decode("utf-8")).get("upstream")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return
    if not isinstance(table, dict):
        return
    namespace, rev = table.get("namespace"), table.get("rev")
    if isinstance(namespace, str) and names.valid_namespace(namespace):
        result.namespace = namespace
    if isinstance(rev, str) and rev and not rev.startswith("-") and rev.isascii() and len(rev) <= 100:
        result.pinned = rev
