"""The catalogue of every diagnostic code: built-in, rule and suppression codes.

Rules are discovered from the modules of `planctl.checks.rules` (one module
per rule, like yamllint's), so adding a rule is adding one file. The catalogue
also holds the codes emitted before any rule runs (`planctl.codes`) so that
`planctl rules` can explain any code a user sees.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from types import ModuleType

from planctl.checks.rule import Rule
from planctl.diagnostics import Severity
from planctl.i18n import N_, Msg

__all__ = ["FAMILIES", "RULE_TYPES", "UNIGNORABLE_FAMILIES", "Rule", "catalogue", "lookup", "rules"]

FAMILIES: dict[str, str] = {  # marked: shown through `planctl.i18n.tr`
    "F": N_("files and bytes"),
    "Y": N_("YAML structure"),
    "S": N_("JSON Schema"),
    "X": N_("cross-references"),
    "C": N_("coverage"),
    "D": N_("status and dates"),
    "T": N_("content"),
    "P": N_("privacy"),
    "L": N_("layout and style (fixable)"),
    "N": N_("suppression comments"),
    "G": N_("git history (check --against)"),
}

# Load failures cannot be selected away: a file planctl cannot read hides every other check.
UNIGNORABLE_FAMILIES = ("F", "Y")


RULE_TYPES = ("document", "plan")
INCREMENTAL_SHAPES = ("references", "targets", "groups")
"""How a plan rule may declare that it can be re-run over what an edit touches (`planctl.checks.focus`)."""
_CONTEXT_FIELDS = ("against",)
"""The optional fields of `CheckContext` a rule may require (a document rule may not:
its cached findings would not say which revision they were found against)."""


def _from_module(module: ModuleType) -> Rule:
    severity = module.SEVERITY
    if module.TYPE not in RULE_TYPES:
        raise RuntimeError(f"{module.__name__}: TYPE must be one of {RULE_TYPES}, not {module.TYPE!r}")
    requires = getattr(module, "REQUIRES", None)
    if requires is not None and (module.TYPE != "plan" or requires not in _CONTEXT_FIELDS):
        raise RuntimeError(f"{module.__name__}: REQUIRES names a CheckContext field, for a plan rule only")
    incremental = getattr(module, "INCREMENTAL", None)
    if incremental is not None and (module.TYPE != "plan" or incremental not in INCREMENTAL_SHAPES
                                    or (incremental == "groups") != hasattr(module, "group")):
        raise RuntimeError(f"{module.__name__}: INCREMENTAL is one of {INCREMENTAL_SHAPES}, for a plan rule only "
                           "(\"groups\" with a group() function)")
    return Rule(
        code=module.ID,
        name=module.NAME,
        severity=severity if isinstance(severity, Severity) else Severity.parse(severity),
        summary=module.SUMMARY,
        explanation=module.EXPLANATION if isinstance(module.EXPLANATION, Msg) else module.EXPLANATION.strip("\n"),
        conf=dict(getattr(module, "CONF", {})),
        fixable=hasattr(module, "fix"),
        type=module.TYPE,
        requires=requires,
        check=module.check,
        fix=getattr(module, "fix", None),
        incremental=incremental,
        group=getattr(module, "group", None),
    )


@functools.cache
def rules() -> dict[str, Rule]:
    """Every lint and cross-reference rule, by code, in code order."""
    from planctl.checks import rules as package

    found: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        rule = _from_module(importlib.import_module(f"{package.__name__}.{info.name}"))
        if rule.code in found:
            raise RuntimeError(f"two rule modules claim {rule.code}")
        found[rule.code] = rule
    return dict(sorted(found.items()))


@functools.cache
def catalogue() -> dict[str, Rule]:
    """Every code planctl can emit, by code: built-in, rules, suppression meta-codes."""
    from planctl.checks.suppress import META_CODES
    from planctl.codes import BUILTIN

    everything = {c.code: Rule(c.code, c.name, c.severity, c.summary) for c in BUILTIN.values()}
    everything.update(rules())
    everything.update(META_CODES)
    order = list(FAMILIES)
    return dict(sorted(everything.items(), key=lambda item: (order.index(item[0][0]), item[0])))


def lookup(code_or_name: str) -> Rule | None:
    """A code (case-insensitive) or a rule name."""
    wanted = code_or_name.strip()
    cat = catalogue()
    if wanted.upper() in cat:
        return cat[wanted.upper()]
    return next((r for r in cat.values() if r.name == wanted.lower()), None)
