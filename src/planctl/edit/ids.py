"""Handing out new ids that were never used before.

An id is a public reference: minutes, e-mails and reports cite `INI-012`.
Once handed out it must never name something else, even after the entity is
deleted. We keep a high-water mark in `plan/.planctl-ids` (committed with the
plan, so every clone shares it) and, in a git repository, also look at every
initiative file ever added on any branch, so that ids deleted before the mark
existed, or added on another local branch, are skipped too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from planctl import safefs, spec
from planctl.errors import CANNOT_READ, annotate
from planctl.i18n import _
from planctl.model import Plan

HIGH_WATER_NAME = ".planctl-ids"
INITIATIVE_RE = re.compile(r"INI-([0-9]{3,})")  # fullmatch: `$` would let "INI-001\n" through
UNION_LINE = f"{HIGH_WATER_NAME} merge=union"
_HEADER = "# Highest initiative number planctl has handed out: ids are never reused, even after a delete.\n"


def high_water_path(plan_dir: Path) -> Path:
    return plan_dir / HIGH_WATER_NAME


MAX_MARK_SIZE = 1024 * 1024
"""The mark is a line (a few after merges by union) and one line per initiative rename; more is not a mark."""


def read_high_water(plan_dir: Path) -> int:
    """The mark's highest number; 0 when there is no mark. A mark that is a FIFO, a
    device, a link or over `MAX_MARK_SIZE` raises `safefs.UnsafeFile` (an OSError naming it)."""
    return _highest(_mark_text(plan_dir))


def _highest(text: str) -> int:
    best = 0
    for line in text.splitlines():
        match = INITIATIVE_RE.fullmatch(line.split(":", 1)[-1].strip())
        if match:
            best = max(best, int(match.group(1)))
    return best


RENAMED = "renamed:"
"""A line `renamed: INI-024 -> INI-030` of the mark: the entity now at INI-030 once had INI-024."""


def _mark_text(plan_dir: Path) -> str:
    try:
        return safefs.read_regular(high_water_path(plan_dir), MAX_MARK_SIZE).decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise annotate(exc, high_water_path(plan_dir), CANNOT_READ) from None


def renames(plan_dir: Path) -> dict[str, str]:
    """old id -> the id it was renamed to, the latest rename of each id winning."""
    found: dict[str, str] = {}
    for line in _mark_text(plan_dir).splitlines():
        if line.startswith(RENAMED):
            old, _, new = line.removeprefix(RENAMED).partition("->")
            if INITIATIVE_RE.fullmatch(old.strip()) and INITIATIVE_RE.fullmatch(new.strip()):
                found[old.strip()] = new.strip()
    return found


def high_water_changes(plan_dir: Path, number: int,
                       renamed: tuple[str, str] | None = None) -> list[tuple[Path, str]]:
    """The files (and texts) that raise the mark to `number` and record a rename; none if the
    mark is that high already and nothing was renamed.

    The edit session writes them in the same transaction as the edit itself."""
    text = _mark_text(plan_dir)  # read once: the mark may be large with many renames
    if renamed is None and number <= _highest(text):
        return []
    highest = max(number, _highest(text))
    kept = [line for line in text.splitlines() if line.startswith(RENAMED)]
    if renamed is not None:
        kept.append(f"{RENAMED} {renamed[0]} -> {renamed[1]}")
    lines = "".join(f"{line}\n" for line in kept)
    changes = [(high_water_path(plan_dir), f"{_HEADER}initiative: {format_initiative(highest)}\n{lines}")]
    attributes = _union_attributes(plan_dir)
    return changes + ([attributes] if attributes else [])


def _union_attributes(plan_dir: Path) -> tuple[Path, str] | None:
    """Two branches that both raise the mark must merge without a conflict: git keeps
    both lines (`merge=union`) and the reader takes the highest."""
    if not any((folder / ".git").exists() for folder in (plan_dir, *plan_dir.resolve().parents)):
        return None  # outside git there is nothing to merge
    attributes = plan_dir / ".gitattributes"
    try:
        text = safefs.read_regular(attributes, MAX_MARK_SIZE).decode("utf-8", errors="replace")
    except FileNotFoundError:
        text = ""
    except OSError as exc:
        raise annotate(exc, attributes, CANNOT_READ) from None
    if UNION_LINE in text.splitlines():
        return None
    return attributes, (text.rstrip("\n") + "\n" if text.strip() else "") + UNION_LINE + "\n"


def format_initiative(number: int) -> str:
    return f"INI-{number:03d}"


def numbers(idents: Iterable[str], pattern: re.Pattern[str] = INITIATIVE_RE) -> list[int]:
    return [int(m.group(1)) for m in map(pattern.fullmatch, idents) if m]


def ever_added_in_git(plan_dir: Path, folder: str = "initiatives") -> list[str]:
    """Stems of every file of plan/<folder> (initiatives) ever added on any ref; empty outside git."""
    from planctl.git.history import files_ever_added
    from planctl.git.repo import GitError

    try:
        paths = files_ever_added(plan_dir.parent, f"plan/{folder}")
    except GitError:
        return []
    return [p.rsplit("/", 1)[-1].rsplit(".", 1)[0] for p in paths if p.endswith((".yaml", ".yml"))]


def next_initiative_id(plan: Plan, plan_dir: Path) -> str:
    """One more than the highest initiative number in the plan, the mark or git history."""
    used = numbers(e.id for e in plan.entities if e.kind == "initiative")
    used += numbers(Path(d.path).stem for d in plan.documents if d.kind == "initiative")
    used.append(read_high_water(plan_dir))
    used += numbers(ever_added_in_git(plan_dir))
    return format_initiative(max(used, default=0) + 1)


def next_serial_id(plan: Plan, plan_dir: Path, kind: str) -> str:
    """The next id of a kind numbered with a prefix (INI-, EV-, BEH-): one more than any number
    its folder holds or git ever saw in it, so that an id cited once (an event's calendar UID, a
    need named in a report) never names something else. Initiatives also keep the mark."""
    if kind == "initiative":
        return next_initiative_id(plan, plan_dir)
    found = spec.KIND[kind]
    pattern = re.compile(re.escape(found.serial) + "([0-9]{3,})")
    used = numbers((e.id for e in plan.entities if e.kind == kind), pattern)
    used += numbers((Path(d.path).stem for d in plan.documents if d.kind == kind), pattern)
    used += numbers(ever_added_in_git(plan_dir, found.folder), pattern)
    return f"{found.serial}{max(used, default=0) + 1:03d}"


def used_before(plan_dir: Path, ident: str, current: str | None = None) -> str | None:
    """Why an initiative id the plan does not hold now may not be given out again (by `mv`),
    or None if it never was given out. The mark covers every number up to it, not only the
    ids git saw: one below it may have been cited before the plan was in git.

    The one exception: `current`, the entity being renamed, may take back an id it had itself
    (the mark's `renamed:` lines lead from `ident` to `current`), so `mv A B` then `mv B A`
    undoes a rename."""
    match = INITIATIVE_RE.fullmatch(ident)
    if match is None:
        return None  # not an initiative id: the schema's pattern says what is wrong with it
    if current is not None:
        moved, seen, at = renames(plan_dir), set(), ident
        while at in moved and at not in seen:
            seen.add(at)
            at = moved[at]
            if at == current:
                return None
    number = int(match.group(1))
    mark = read_high_water(plan_dir)
    if number <= mark:
        return _("plan/{file} records ids up to {id}").format(file=HIGH_WATER_NAME, id=format_initiative(mark))
    if number in numbers(ever_added_in_git(plan_dir)):
        return _("a file of that id is in the git history")

    return None


def next_goal_id(plan: Plan, parent: str | None) -> str:
    """The next focus area (FO4) or, under `parent`, the next sub-goal (FO1.4)."""
    if parent:
        taken = [int(g.id.split(".", 1)[1]) for g in plan.goals.values()
                 if g.id.startswith(parent + ".") and g.id.split(".", 1)[1].isdigit()]
        return f"{parent}.{max(taken, default=0) + 1}"
    taken = [int(g.id[2:]) for g in plan.goals.values() if g.id[2:].isdigit() and g.id.startswith("FO")]
    return f"FO{max(taken, default=0) + 1}"
