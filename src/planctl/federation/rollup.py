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
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from planctl.federation import gitio, names
from planctl.federation.members import Federation, Member
from planctl.federation.national import National
from planctl.i18n import _

CACHE_FOLDER = "federation"
RESULT_FORMAT = 1
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

        rows = []
        for ident, title, area in self.national.sub_goals():
            by_status = dict.fromkeys(STATUS.values, 0)
            members = 0
            for m in self.members:
                counts = m.serves.get(ident)
                if counts:
                    members += 1
                    for status, n in counts.items():
                        by_status[status] = by_status.get(status, 0) + n
            rows.append({"id": ident, "title": title, "focus_area": area, "members": members,
                         "initiatives": sum(by_status.values()), "by_status": by_status})
        return rows


def cache_folder(federation: Federation) -> Path:
    from planctl.cache import CACHE_DIR

    return federation.folder / CACHE_DIR / CACHE_FOLDER


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


def _fetch(member: Member, cache: Path, timeout: float, base: Path) -> tuple[Path, str | None, str]:
    """(bare repository, commit or None, why not) of one member. A member on a local path whose
    branch names the commit fetched last time is not fetched again."""
    git_dir = cache / "members" / f"{_key(member.url)}.git"
    try:
        where = gitio.remote(member.url, base)
    except gitio.GitFailed as exc:
        return git_dir, None, exc.reason
    local = gitio.local_repository(where)
    if local is not None:
        now = gitio.read_ref(local, member.ref or "HEAD")
        if now is not None and now == gitio.read_ref(git_dir, MEMBER_REF):
            return git_dir, now, ""
    try:
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
    with ThreadPoolExecutor(max_workers=max(1, federation.jobs)) as pool:
        futures = [(m, pool.submit(_fetch, m, cache, federation.timeout, federation.folder))
                   for m in federation.members]
        for member, future in futures:
            git_dir, commit, why = future.result()
            base = MemberResult(member.name, member.kind, member.code, member.url, "unreachable", commit)
            if commit is None:
                base.reason = why
                results[member.index] = base
                continue
            stored = cache / "results" / f"{_key(f'{identity}|{commit}|{national.commit}')}.json"
            found = _read_result(stored, base)
            if found is None:
                found = check_member(base, git_dir, commit, national, cache / "work" / _key(member.url), limit=limit)
                checked += 1
                _write_result(stored, found)
            results[member.index] = found
    return Rollup(federation, national, [results[m.index] for m in federation.members], checked)


def _identity() -> str:
    from planctl import __version__
    from planctl.git.blobcache import identity

    return f"{RESULT_FORMAT}|{__version__}|{identity()}"


def _read_result(path: Path, base: MemberResult) -> MemberResult | None:
    from planctl import safefs

    try:
        data = json.loads(safefs.read_regular(path, 16 * 1024 * 1024))
        found = MemberResult(**{**data, "name": base.name, "kind": base.kind, "code": base.code, "url": base.url,
                                "cached": True})
    except (OSError, ValueError, TypeError):
        return None
    return found if found.state in STATES else None


def _write_result(path: Path, result: MemberResult) -> None:
    from planctl.fsutil import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(asdict(result), ensure_ascii=False, sort_keys=True), sync=False)


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
    result.serves = serves
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
