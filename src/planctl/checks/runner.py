"""What `planctl check` and `planctl lint` share besides `run_checks`: the
date to judge by, limiting a report to some files, and per-code statistics."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from planctl.config import Config
from planctl.diagnostics import Diagnostic
from planctl.errors import UsageError
from planctl.i18n import _


def parse_today(text: str | None) -> _dt.date | None:
    if text is None:
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(_("--today {text!r} is not a date (YYYY-MM-DD)").format(text=text)) from None


def split_codes(values: list[str] | None) -> list[str] | None:
    """`--select C,D --select T001` -> [C, D, T001]; None when nothing was given."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def limit_to(diagnostics: list[Diagnostic], config: Config, paths: Iterable[Path] | None) -> list[Diagnostic]:
    """Only the problems in `paths` (files or folders). The whole plan is still checked,
    because a reference in one file is judged against all the others."""
    if not paths:
        return diagnostics
    from planctl.loader import select

    wanted = {p.resolve().relative_to(config.root.resolve()).as_posix() for p, _kind in select(config, paths)}
    return [d for d in diagnostics if d.path in wanted]


def statistics(diagnostics: list[Diagnostic]) -> str:
    """Counts per code, most frequent first, as `ruff --statistics` prints them."""
    from planctl.checks.registry import catalogue

    cat = catalogue()
    counted = Counter(d.code for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fixable)
    lines = []
    for code, n in sorted(counted.items(), key=lambda item: (-item[1], item[0])):
        rule = cat.get(code)
        mark = "[*]" if fixable[code] else "   "
        lines.append(f"{n:>5}  {code}  {mark} {rule.name if rule else ''}")
    if any(fixable.values()):
        lines.append(_("[*] fixable with 'planctl lint --fix'"))
    return "\n".join(lines) + ("\n" if lines else "")
