"""Finding the plan root and reading `planctl.toml`.

The root is the nearest folder, walking up from the working directory, that
holds `planctl.toml` (like ruff's `pyproject.toml` discovery), or `--root DIR`.
Unknown sections are kept raw so each feature reads its own table.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl import safefs
from planctl.errors import ConfigError

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

    @property
    def plan_dir(self) -> Path:
        return self.root / "plan"

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"[{name}] must be a table", location=CONFIG_NAME)
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
    raise ConfigError(
        f"no {CONFIG_NAME} found in {start} or any parent folder; "
        "run 'planctl init' to create a plan, or pass --root DIR"
    )


def load_config(root: Path) -> Config:
    path = root / CONFIG_NAME
    try:
        follow = os.path.islink(path) and safefs.inside(path, root)  # a link within the repository is fine
        raw = tomllib.loads(safefs.read_regular(path, MAX_CONFIG_SIZE, follow=follow).decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{root} has no {CONFIG_NAME}", location=str(root)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", location=CONFIG_NAME) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read: {exc}", location=CONFIG_NAME) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", location=CONFIG_NAME) from None
    plan = raw.get("plan", {})
    if not isinstance(plan, dict):
        raise ConfigError("[plan] must be a table", location=CONFIG_NAME)
    config = Config(root=root, raw=raw)
    config.name = _get(plan, "name", str, "")
    config.language = _get(plan, "language", str, "sv")
    if config.language not in LANGUAGES:
        raise ConfigError(f"[plan] language must be one of {', '.join(LANGUAGES)}, not {config.language!r}",
                          location=CONFIG_NAME)
    config.format = _get(plan, "format", int, FORMAT_VERSION)
    if config.format != FORMAT_VERSION:
        raise ConfigError(f"[plan] format {config.format} is not supported by this planctl "
                          f"(it reads format {FORMAT_VERSION})", location=CONFIG_NAME)
    limits = raw.get("limits", {})
    if isinstance(limits, dict):
        config.max_file_size = _get(limits, "max-file-size", int, DEFAULT_MAX_FILE_SIZE)
    return config


def _get(table: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    value = table.get(key, default)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"'{key}' must be a {kind.__name__}, not {type(value).__name__}", location=CONFIG_NAME)
    return value
