"""The `[lint]` table of planctl.toml, and which codes a run reports.

Selection works in layers like ruff's: each layer (the file, then the command
line) may reset the set with `select`, add with `extend-select` and remove
with `ignore`. A code, a family letter (`D`), a prefix (`T00`), a rule name or
`ALL` may be named. The command line is the last layer, so it wins.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any, Sequence

from planctl.checks.registry import UNIGNORABLE_FAMILIES, Rule, catalogue
from planctl.config import CONFIG_NAME, Config
from planctl.diagnostics import Severity
from planctl.errors import ConfigError, UsageError

_KEYS = {"select", "ignore", "extend-select", "severity", "per-file-ignores", "options"}


@dataclass(slots=True)
class LintSettings:
    enabled: frozenset[str]
    severity: dict[str, Severity] = field(default_factory=dict)
    per_file_ignores: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def is_enabled(self, code: str) -> bool:
        return code in self.enabled or code[:1] in UNIGNORABLE_FAMILIES

    def ignored_in(self, path: str) -> frozenset[str]:
        found: set[str] = set()
        for pattern, codes in self.per_file_ignores:
            if fnmatch.fnmatchcase(path, pattern):
                found |= codes
        return frozenset(found)


def expand(selector: str, *, where: str) -> set[str]:
    """The codes one selector names; an unknown selector is an error, never silently nothing."""
    cat = catalogue()
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return set(cat)
    matched = {code for code in cat if code.startswith(wanted.upper())}
    if not matched:
        matched = {code for code, rule in cat.items() if rule.name == wanted.lower()}
    if not matched:
        raise _error(where, f"unknown code or rule {selector!r} (run 'planctl rules' for the list)")
    return matched


def _error(where: str, message: str) -> ConfigError | UsageError:
    if where == "command line":
        return UsageError(message)
    return ConfigError(f"[lint] {message}", location=CONFIG_NAME)


def _codes(value: Any, key: str, where: str) -> set[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(where, f"'{key}' must be a list of codes")
    out: set[str] = set()
    for item in value:
        out |= expand(item, where=where)
    return out


def _layer(current: set[str], select: Any, extend: Any, ignore: Any, where: str) -> set[str]:
    if select is not None:
        current = _codes(select, "select", where)
    if extend is not None:
        current |= _codes(extend, "extend-select", where)
    if ignore is not None:
        current -= _codes(ignore, "ignore", where)
    return current


def load_settings(config: Config, *, select: Sequence[str] | None = None,
                  ignore: Sequence[str] | None = None) -> LintSettings:
    table = config.section("lint")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise _error("config", f"unknown key '{unknown[0]}' (known: {', '.join(sorted(_KEYS))})")
    enabled = set(catalogue())
    enabled = _layer(enabled, table.get("select"), table.get("extend-select"), table.get("ignore"), "config")
    enabled = _layer(enabled, list(select) if select else None, None, list(ignore) if ignore else None,
                     "command line")
    settings = LintSettings(enabled=frozenset(enabled))
    settings.severity = _severities(table.get("severity", {}))
    settings.per_file_ignores = _per_file(table.get("per-file-ignores", {}))
    settings.options = _options(table.get("options", {}))
    return settings


def _table(value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _error("config", f"'{key}' must be a table")
    return value


def _severities(value: Any) -> dict[str, Severity]:
    out: dict[str, Severity] = {}
    for selector, level in _table(value, "severity").items():
        if not isinstance(level, str):
            raise _error("config", f"severity of {selector} must be error, warning or info")
        try:
            severity = Severity.parse(level)
        except ValueError as exc:
            raise _error("config", f"severity of {selector}: {exc}") from None
        for code in expand(selector, where="config"):
            out[code] = severity
    return out


def _per_file(value: Any) -> list[tuple[str, frozenset[str]]]:
    return [(pattern, frozenset(_codes(codes, f"per-file-ignores.\"{pattern}\"", "config")))
            for pattern, codes in _table(value, "per-file-ignores").items()]


def _options(value: Any) -> dict[str, dict[str, Any]]:
    """Options per rule, checked against the rule's CONF: known names, same types."""
    out: dict[str, dict[str, Any]] = {}
    for rule in catalogue().values():
        if rule.conf:
            out[rule.code] = dict(rule.conf)
    for selector, given in _table(value, "options").items():
        rule = _one_rule(selector)
        for name, setting in _table(given, f"options.{selector}").items():
            if name not in rule.conf:
                known = ", ".join(rule.conf) or "none"
                raise _error("config", f"{rule.code} has no option '{name}' (options: {known})")
            default = rule.conf[name]
            if type(setting) is not type(default):
                raise _error("config", f"{rule.code} option '{name}' must be a {type(default).__name__}")
            out[rule.code][name] = setting
    return out


def _one_rule(selector: str) -> Rule:
    from planctl.checks.registry import lookup

    rule = lookup(selector)
    if rule is None or rule.check is None:
        raise _error("config", f"options: {selector!r} is not a lint rule")
    return rule
