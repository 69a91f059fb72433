"""typer's help formatter (`typer.rich_utils`), imported without what planctl's help never draws.

`typer.rich_utils` imports `rich.markdown` (and with it markdown-it, about 35 ms) for the
"markdown" markup mode, and `rich.traceback` (about 20 ms) for pretty exceptions. planctl
uses neither: its help is in rich's markup mode and its app turns pretty exceptions off. Both
cost every `planctl --help` and `planctl COMMAND --help` a quarter of its time. While
`typer.rich_utils` is imported, the two modules are stand-ins whose `Markdown` and
`Traceback` are classes that import the real ones the moment anything uses them; then the
stand-ins are removed, so a later `import rich.markdown` gets the real module.

rich also imports its table of emoji names (`rich._emoji_codes`, 4,000 entries, about 30 ms)
the first time it draws any text with markup, to replace `:name:` codes, which planctl's help
has none of. A stand-in stays in its place whose `EMOJI` loads the real table at the first
lookup, so a code in a text is replaced as before.
`tests/test_startup.py` holds the help text to what the real modules give.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator, Mapping
from typing import Any

_DEFERRED = (("rich.markdown", "Markdown"), ("rich.traceback", "Traceback"))


class _Deferred(type):
    """The class of a stand-in: calling it, its attributes and `isinstance` go to the real class."""

    _module: str
    _name: str

    def real(cls) -> Any:
        return getattr(importlib.import_module(cls._module), cls._name)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        return getattr(cls.real(), name)

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, cls.real())


_EMOJI_MODULE = "rich._emoji_codes"


class _LazyEmoji(Mapping[str, str]):
    """rich's emoji table, read from its module at the first lookup."""

    def _real(self) -> Mapping[str, str]:
        if sys.modules.get(_EMOJI_MODULE) is _EMOJI_STAND_IN:
            del sys.modules[_EMOJI_MODULE]
        table: Mapping[str, str] = importlib.import_module(_EMOJI_MODULE).EMOJI
        return table

    def __getitem__(self, name: str) -> str:
        return self._real()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._real())

    def __len__(self) -> int:
        return len(self._real())


_EMOJI_STAND_IN = types.ModuleType(_EMOJI_MODULE, "planctl's stand-in: the table is read at the first lookup")
_EMOJI_STAND_IN.EMOJI = _LazyEmoji()  # type: ignore[attr-defined]


def rich_utils() -> types.ModuleType:
    """`typer.rich_utils`, its Markdown and Traceback deferred (see the module's docstring)."""
    loaded = sys.modules.get("typer.rich_utils")
    if loaded is not None:
        return loaded
    planted: dict[str, types.ModuleType] = {}
    for module, name in _DEFERRED:
        if module not in sys.modules:
            stand_in = types.ModuleType(module, "planctl's stand-in while typer.rich_utils is imported")
            setattr(stand_in, name, _Deferred(name, (), {"_module": module, "_name": name}))
            sys.modules[module] = planted[module] = stand_in
    if _EMOJI_MODULE not in sys.modules:
        sys.modules[_EMOJI_MODULE] = _EMOJI_STAND_IN  # stays: rich imports it when it first draws
    try:
        from typer import rich_utils as module_
    finally:
        for module, stand_in in planted.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]
    return module_
