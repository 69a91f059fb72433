"""What a rule sees besides the plan: the date it judges against, its options,
the git revision to compare with (`check --against`), and indexes shared
between rules (built lazily, once per run)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from planctl.checks.locate import locate
from planctl.checks.references import ReferenceIndex
from planctl.diagnostics import Diagnostic, Severity, json_path
from planctl.model import Document, JsonPath, Plan


@dataclass(slots=True)
class CheckContext:
    plan: Plan
    today: _dt.date
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    against: str | None = None
    """The revision G001 compares with; None when the run has none (the rule is then not run)."""
    _refs: ReferenceIndex | None = None
    _strings: dict[str, list[tuple[JsonPath, str]]] = field(default_factory=dict)

    @property
    def refs(self) -> ReferenceIndex:
        if self._refs is None:
            self._refs = ReferenceIndex.build(self.plan)
        return self._refs

    def provides(self, requirement: str | None) -> bool:
        """Whether a rule that `REQUIRES` this context field can run (None: it always can)."""
        return requirement is None or getattr(self, requirement) is not None

    def conf(self, code: str) -> dict[str, Any]:
        return self.options.get(code, {})

    def strings(self, doc: Document) -> list[tuple[JsonPath, str]]:
        """Every string value of a document with its path (cached: several rules read them)."""
        found = self._strings.get(doc.path)
        if found is None:
            found = self._strings[doc.path] = list(_walk_strings(doc.data, ()))
        return found

    def diag(self, code: str, severity: Severity, doc: Document, path: JsonPath, message: str, *,
             hint: str | None = None, key: bool = False, fixable: bool = False) -> Diagnostic:
        """A diagnostic located at a value (or its key) of `doc`."""
        span = locate(doc, path, key=key)
        ident = doc.mapping.get("id")
        return Diagnostic(code, severity, message, doc.path, span.line, span.col, span.end_line, span.end_col,
                          entity=ident if isinstance(ident, str) else None, json_path=json_path(path),
                          hint=hint, fixable=fixable, extra={"path": tuple(path)})


def _walk_strings(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_strings(item, path + (i,))
