"""The catalogue of diagnostic codes that loading and schema validation emit.

Lint and cross-reference rules register their own codes next to their code;
these are the ones raised before any rule runs. Codes are stable: a code once
published keeps its meaning, so that suppressions and CI baselines keep working.
"""

from __future__ import annotations

from dataclasses import dataclass

from planctl.diagnostics import Severity
from planctl.i18n import N_


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


_E, _W = Severity.ERROR, Severity.WARNING

BUILTIN: dict[str, Code] = {
    c.code: c
    for c in [
        # F: files and bytes
        Code("F001", "not-utf8", _E, N_("The file is not UTF-8 text.")),
        Code("F002", "id-mismatch", _E, N_("The file name differs from the entity's id.")),
        Code("F003", "stray-file", _E, N_("A YAML file outside the plan's folders.")),
        Code("F004", "unreadable", _E, N_("The file cannot be read.")),
        Code("F005", "too-large", _E, N_("The file is larger than the configured size limit.")),
        Code("F006", "too-many-problems", _E, N_("A file has more problems than are listed; the count of the rest.")),
        # Y: YAML structure
        Code("Y001", "yaml-syntax", _E, N_("The file is not valid YAML.")),
        Code("Y002", "duplicate-key", _E, N_("The same key appears twice in one mapping.")),
        Code("Y003", "tab-indentation", _E, N_("A tab character is used for indentation.")),
        Code("Y004", "empty-file", _E, N_("The file holds no data.")),
        Code("Y005", "not-a-mapping", _E, N_("The document is a list or a scalar where a mapping belongs.")),
        Code("Y006", "unsupported-tag", _E,
             N_("An explicit YAML tag planctl does not read (only plain data is allowed).")),
        Code("Y007", "alias", _E, N_("Anchors and aliases (&a / *a) re-use data; the plan does not allow them.")),
        Code("Y008", "merge-key", _E, N_("A YAML merge key (<<) hides where a value comes from.")),
        Code("Y009", "multiple-documents", _E, N_("More than one YAML document in one file.")),
        Code("Y010", "complex-key", _E, N_("A mapping key that is not a plain string.")),
        Code("Y011", "too-deep", _E, N_("Nesting deeper than any plan file needs.")),
        # S: JSON Schema
        Code("S001", "wrong-type", _E, N_("A value has the wrong type.")),
        Code("S002", "not-in-enum", _E, N_("A value is not one of the allowed values.")),
        Code("S003", "missing-field", _E, N_("A required field is missing.")),
        Code("S004", "unknown-field", _E, N_("A field the format does not define.")),
        Code("S005", "bad-pattern", _E, N_("A value (usually an id) does not match its pattern.")),
        Code("S006", "bad-date", _E, N_("A date (or an event's date-time) that is not a real one.")),
        Code("S007", "constraint", _E, N_("A value breaks a constraint (empty, too few items, duplicates...).")),
        Code("S008", "misplaced-field", _E, N_("A field not allowed for this entity (e.g. parent on a focus area).")),
    ]
}
