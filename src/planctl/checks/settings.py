"""The `[lint]` table of planctl.toml, and which codes a run reports.

Selection works in layers like ruff's: each layer (the file, then the command
line) may reset the set with `select`, add with `extend-select` and remove
with `ignore`. A code, a family letter (`D`), a prefix (`T00`), a rule name or
`ALL` may be named. The command line is the last layer, so it wins.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planctl.checks.registry import UNIGNORABLE_FAMILIES, catalogue
from planctl.config import Config
from planctl.diagnostics import Severity
from planctl.errors import ConfigError, UsageError
from planctl.i18n import _

if TYPE_CHECKING:
    from planctl.tomlkeys import KeyPath


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


def expand(selector: str, *, config: Config | None = None, path: KeyPath = (), is_key: bool = False) -> set[str]:
    """The codes one selector names; an unknown selector is an error, never silently nothing.

    `config` and `path` say where in planctl.toml the selector is written (None: the
    command line; `is_key`: it is the key at `path`, not its value), so the error
    names the line and column."""
    cat = catalogue()
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return set(cat)
    matched = {code for code in cat if code.startswith(wanted.upper())}
    if not matched:
        matched = {code for code, rule in cat.items() if rule.name == wanted.lower()}
    if not matched:
        raise _error(_("unknown code or rule {selector!r} (run 'planctl rules' for the list)")
                     .format(selector=selector), config, path,
                     value=not is_key)
    return matched


def _error(message: str, config: Config | None, path: KeyPath, *, value: bool = True) -> ConfigError | UsageError:
    if config is None:
        return UsageError(message)
    from planctl.configschema import describe

    name = describe(tuple(part for part in path if isinstance(part, str)))
    return ConfigError(f"{name}: {message}", location=config.where(path, value=value))


def _codes(value: str | list[str], config: Config | None, path: KeyPath) -> set[str]:
    """The codes of a selector or a list of them (the schema has checked the types)."""
    if isinstance(value, str):
        return expand(value, config=config, path=path)
    out: set[str] = set()
    for index, item in enumerate(value):
        out |= expand(item, config=config, path=path + (index,))
    return out


def _layer(current: set[str], table: dict[str, Any], config: Config | None, path: KeyPath) -> set[str]:
    if table.get("select") is not None:
        current = _codes(table["select"], config, path + ("select",))
    if table.get("extend-select") is not None:
        current |= _codes(table["extend-select"], config, path + ("extend-select",))
    if table.get("ignore") is not None:
        current -= _codes(table["ignore"], config, path + ("ignore",))
    return current


def load_settings(config: Config, *, select: Sequence[str] | None = None,
                  ignore: Sequence[str] | None = None) -> LintSettings:
    """What [lint] and the command line select. planctl.toml's types were checked against
    its schema when it was read; what is left to judge here is what the codes name."""
    table = config.section("lint")
    enabled = _layer(set(catalogue()), table, config, ("lint",))
    enabled = _layer(enabled, {"select": list(select) if select else None,
                               "ignore": list(ignore) if ignore else None}, None, ())
    settings = LintSettings(enabled=frozenset(enabled))
    settings.severity = _severities(table.get("severity", {}), config)
    settings.per_file_ignores = _per_file(table.get("per-file-ignores", {}), config)
    settings.options = _options(table.get("options", {}), config)
    return settings


def _severities(table: dict[str, str], config: Config) -> dict[str, Severity]:
    out: dict[str, Severity] = {}
    for selector, level in table.items():
        path = ("lint", "severity", selector)
        try:
            severity = Severity.parse(level)
        except ValueError as exc:
            raise _error(str(exc), config, path) from None
        for code in expand(selector, config=config, path=path, is_key=True):
            out[code] = severity
    return out


def _per_file(table: dict[str, str | list[str]], config: Config) -> list[tuple[str, frozenset[str]]]:
    return [(pattern, frozenset(_codes(codes, config, ("lint", "per-file-ignores", pattern))))
            for pattern, codes in table.items()]


def _options(table: dict[str, dict[str, Any]], config: Config) -> dict[str, dict[str, Any]]:
    """Options per rule: the rule's CONF, with what planctl.toml sets (by code or rule name).

    The schema names each option and its type; a test holds it to every rule's CONF."""
    from planctl.checks.registry import lookup

    out: dict[str, dict[str, Any]] = {}
    for rule in catalogue().values():
        if rule.conf:
            out[rule.code] = dict(rule.conf)
    for selector, given in table.items():
        named = lookup(selector)
        if named is None or not named.conf:
            raise _error(_("{selector!r} is not a rule with options").format(selector=selector), config,
                         ("lint", "options", selector),
                         value=False)
        for name, setting in given.items():
            if type(setting) is not type(named.conf.get(name)):
                raise _error(_("{code} has no option {name!r} of type {type}").format(
                    code=named.code, name=name, type=type(setting).__name__), config,
                             ("lint", "options", selector, name))
            out[named.code][name] = setting
    return out
