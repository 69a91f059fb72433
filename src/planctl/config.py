"""Finding the plan root and reading `planctl.toml`.

The root is the nearest folder, walking up from the working directory, that
holds `planctl.toml` (like ruff's `pyproject.toml` discovery), or `--root DIR`.
The whole file is checked against `schema/planctl-toml.schema.json` when it is
read, so an unknown table or key, or a wrong type, stops every command with a
located error; each feature then reads its own table from `raw`.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planctl import safefs
from planctl.errors import ConfigError
from planctl.i18n import _

if TYPE_CHECKING:
    from planctl.tomlkeys import KeyPositions

CONFIG_NAME = "planctl.toml"
FORMAT_VERSION = 1
LANGUAGES = ("sv", "en")
DEFAULT_MAX_FILE_SIZE = 1024 * 1024
MAX_CONFIG_SIZE = 1024 * 1024
"""A configuration is a few hundred bytes; a larger one is hostile or a mistake."""


@dataclass(slots=True)
class Config:
    root: Path
    name: str = ""
    language: str = "sv"
    format: int = FORMAT_VERSION
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    raw: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    """The file's text, kept to locate a key in an error message (see `where`)."""
    _keys: KeyPositions | None = field(default=None, repr=False, compare=False)

    def where(self, path: tuple[str | int, ...] = (), *, value: bool = False) -> str:
        """`planctl.toml:LINE:COL` of a key (or of its value), for a ConfigError's location."""
        found = self.position(path, value=value)
        return f"{CONFIG_NAME}:{found[0]}:{found[1]}" if found else CONFIG_NAME

    def position(self, path: tuple[str | int, ...], *, value: bool = False) -> tuple[int, int] | None:
        """(line, column) of a key or its value; a key the scan cannot find is placed at its
        nearest parent (None: not even that). The text is scanned only when an error asks."""
        if self._keys is None:
            from planctl.tomlkeys import KeyPositions

            self._keys = KeyPositions(self.text)
        place = self._keys.find(path)
        if place is None:
            return None
        return (place.value_line, place.value_col) if value else (place.line, place.col)

    @property
    def plan_dir(self) -> Path:
        return self.root / "plan"

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(_("[{table}] must be a table").format(table=name),
                              location=self.where((name,), value=True))
        return value


def find_root(start: Path) -> Path:
    """The nearest ancestor of `start` (itself included) holding planctl.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        # Anything but a folder counts as found: a FIFO or a device there is refused
        # by `load_config` with its name, not passed over for a parent's config.
        if os.path.lexists(candidate) and not candidate.is_dir():
            return folder
    raise ConfigError(_("no {file} found in {path} or any parent folder; run 'planctl init' to create a plan, "
                        "or pass --root DIR").format(file=CONFIG_NAME, path=start))


def load_config(root: Path) -> Config:
    path = root / CONFIG_NAME
    try:
        follow = os.path.islink(path) and safefs.inside(path, root)  # a link within the repository is fine
        text = safefs.read_regular(path, MAX_CONFIG_SIZE, follow=follow).decode("utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(_("{path} has no {file}").format(path=root, file=CONFIG_NAME), location=str(root)) from None
    except OSError as exc:
        raise ConfigError(_("cannot read: {reason}").format(reason=exc.strerror or exc), location=CONFIG_NAME) \
            from None
    except UnicodeDecodeError as exc:
        raise ConfigError(_("cannot read: {reason}").format(reason=exc), location=CONFIG_NAME) from None
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc) from None
    return parse_config(root, raw, text)


def parse_config(root: Path, raw: dict[str, Any], text: str = "") -> Config:
    """A Config from a parsed planctl.toml, after the schema has accepted all of it."""
    from planctl.configschema import problems

    config = Config(root=root, raw=raw, text=text)
    found = problems(raw)
    if found:
        first = min(found, key=lambda p: _order(config, p.path, p.at_value))
        raise ConfigError(first.message, location=config.where(first.path, value=first.at_value))
    plan = raw.get("plan", {})
    config.name = plan.get("name", "")
    config.language = plan.get("language", "sv")
    config.format = plan.get("format", FORMAT_VERSION)
    if config.format != FORMAT_VERSION:
        raise ConfigError(_("[plan] format {format} is not supported by this planctl (it reads format {supported})")
                          .format(format=config.format, supported=FORMAT_VERSION),
                          location=config.where(("plan", "format"), value=True))
    config.max_file_size = raw.get("limits", {}).get("max-file-size", DEFAULT_MAX_FILE_SIZE)
    return config


def _order(config: Config, path: tuple[str | int, ...], value: bool) -> tuple[int, int]:
    """Problems are reported in the order of the file (the first one only: fix, run again)."""
    return config.position(path, value=value) or (1 << 30, 0)


_TOML_AT = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")


def _syntax_error(exc: tomllib.TOMLDecodeError) -> ConfigError:
    """tomllib says where in its message; put it in front, where editors look for it."""
    message = str(exc)
    match = _TOML_AT.match(message)
    if match is None:
        return ConfigError(_("invalid TOML: {reason}").format(reason=message), location=CONFIG_NAME)
    return ConfigError(_("invalid TOML: {reason}").format(reason=match.group(1)),
                       location=f"{CONFIG_NAME}:{match.group(2)}:{match.group(3)}")

