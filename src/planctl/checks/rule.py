"""One diagnostic code's metadata, in a leaf module.

The registry discovers rules and the suppression module defines its meta-codes;
both need this type, and neither may need the other to have it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planctl.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from planctl.checks.context import CheckContext
    from planctl.model import Plan


@dataclass(frozen=True, slots=True)
class Rule:
    """One code's metadata; `check`/`fix` are set for rule modules only."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str = ""
    conf: dict[str, Any] = field(default_factory=dict)
    fixable: bool = False
    type: str = "plan"
    """"document": what it finds in a file depends on that file's bytes alone, so its
    findings are cached per file (`planctl.checks.incremental`); "plan": it reads
    across files (references, duplicates) and runs on the whole plan every time."""
    requires: str | None = None
    """A `CheckContext` field the rule cannot run without (G001: "against"); a run that
    lacks it skips the rule, and its suppressions are then not reported as unused."""
    check: Callable[[Plan, CheckContext], Iterator[Diagnostic]] | None = None
    fix: Callable[..., list[str]] | None = None
    incremental: str | None = None
    """How a plan rule can be re-run over only what an edit touches (`planctl.checks.focus`):
    "references", "targets" or "groups"; None: it cannot, and an edit's guard runs it whole."""
    group: Callable[[Any], Any] | None = None
    """For "groups": the key of an entity whose findings depend only on the entities with that key."""

    @property
    def family(self) -> str:
        return self.code[0]
