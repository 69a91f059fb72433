"""`planctl upstream update`: move the pin, and say what changed upstream that this plan names.

The upstream's change between the two pins is the semantic diff every other command
shows (`semdiff`, renames from `Plan-Renamed` trailers first, then from content);
what a member needs to read is the part that touches the ids it refers to. A goal
renamed upstream is rewritten by `planctl lint --fix` (X007) once the pin has moved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planctl.errors import ConfigError
from planctl.federation import gitio, names, upstream
from planctl.i18n import _

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.model import Plan
    from planctl.semdiff import PlanDiff


@dataclass(slots=True)
class Update:
    old: str
    new: str
    commits: int
    touching: PlanDiff
    """The upstream's changes to the entities this plan refers to."""
    others: int
    """How many other entities changed upstream."""
    references: dict[str, int] = field(default_factory=dict)
    """upstream id -> how many references of this plan name it."""


def referenced(plan: Plan, namespace: str) -> dict[str, int]:
    """upstream id -> how many references of `plan` name it (namespace `namespace`)."""
    from planctl.checks.references import ReferenceIndex

    counts: dict[str, int] = {}
    for ref in ReferenceIndex.build(plan).all:
        found = names.split(ref.target)
        if found is not None and found[0] == namespace:
            counts[found[1]] = counts.get(found[1], 0) + 1
    return counts


def prepare(config: Config, plan: Plan, rev: str | None = None) -> Update:
    """Fetch the upstream and compare the pinned commit with `rev` (default: the followed ref's tip)."""
    from planctl.semdiff import PlanDiff, compare, with_renames

    spec = upstream.read_spec(config)
    if spec is None:
        raise ConfigError(_("planctl.toml has no [upstream] table; start a member plan with "
                            "'planctl init --upstream URL'"), location="planctl.toml")
    git_dir = upstream.fetch(config.root, spec)
    old = gitio.resolve(git_dir, spec.rev)
    if old is None:
        raise upstream.UpstreamError(_("the upstream plan {url} has no revision {rev}").format(url=spec.url,
                                                                                                rev=spec.rev))
    new = gitio.resolve(git_dir, rev) if rev else upstream.tip(git_dir, spec)
    if new is None:
        raise upstream.UpstreamError(_("the upstream plan {url} has no revision {rev}").format(
            url=spec.url, rev=rev or spec.ref or "HEAD"))
    limit = config.max_file_size
    diff = compare(upstream.read_plan(git_dir, old, limit=limit), upstream.read_plan(git_dir, new, limit=limit))
    if diff.removed and diff.added:
        diff = with_renames(diff, list(upstream.renames_between(git_dir, old, new).items()))
    used = referenced(plan, spec.namespace)
    touching = [c for c in diff.changes if c.ident in used or (c.old_ident and c.old_ident in used)]
    count = gitio.git(git_dir, "rev-list", "--count", f"{old}..{new}", "--").decode().strip()
    return Update(old, new, int(count or 0), PlanDiff(touching), len(diff.changes) - len(touching), used)


_STRING = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")


def pinned_text(config: Config, new: str) -> str:
    """planctl.toml's text with `[upstream] rev` set to `new`, every other byte kept."""
    found = config.position((upstream.TABLE, "rev"), value=True)
    text = config.text
    if found is None:
        raise ConfigError(_("[upstream] needs {key}").format(key="rev"), location="planctl.toml")
    line, col = found
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    offset = starts[line - 1] + col - 1
    match = _STRING.match(text, offset)
    if match is None:
        raise ConfigError(_("[upstream] rev {rev!r} is not a revision").format(rev=text[offset:offset + 20]),
                          location=config.where((upstream.TABLE, "rev"), value=True))
    return text[:match.start()] + f'"{new}"' + text[match.end():]


def write_pin(config: Config, new: str) -> None:
    """Write the new pin into planctl.toml, atomically."""
    from planctl.config import CONFIG_NAME
    from planctl.fsutil import atomic_write
    from planctl.safefs import check_replaceable

    path = config.root / CONFIG_NAME
    check_replaceable(config.root, path, links=True)
    atomic_write(path, pinned_text(config, new))
